"""Notebook 08's Train toggle in a real JupyterLab: pressing it trains, and the progress bar and
the figure advance *during* the run, not only at the end (the generic browser test moves
sliders only; a button is not a slider).

Run with the browser suite: ``CI=true pytest tests/test_browser_training.py``.
"""

from __future__ import annotations

import time

import pytest

from .browser_support import full_page_screenshot, run_all_and_settle
from .test_browser import ARTIFACTS, TEST_ROOT, lab  # noqa: F401  (the session's JupyterLab)

pytestmark = pytest.mark.browser

NOTEBOOK = TEST_ROOT / "notebooks" / "08-from-gan-to-wgan.ipynb"

#: The LiveFigure holding the Train toggle: its index, its progress bar's width, its picture.
PROBE_JS = """() => {
  const lt = window.__lt;
  const lives = [...lt.root().querySelectorAll('.live-figure')];
  const i = lives.findIndex((l) => [...l.querySelectorAll('button')]
    .some((b) => b.textContent.trim() === 'Train'));
  if (i < 0) return null;
  const bar = lives[i].querySelector('.progress-bar');
  const button = [...lives[i].querySelectorAll('button')]
    .find((b) => b.textContent.trim() === 'Train');
  return {
    index: i,
    width: bar ? bar.style.width : null,
    hash: lt.figures()[i].hash,
    pressed: button.classList.contains('mod-active'),
    kernel: lt.kernelStatus(),
  };
}"""


@pytest.mark.skipif(not NOTEBOOK.exists(), reason="notebook 08 is not in this checkout")
def test_train_toggle_trains_live_in_jupyterlab(lab):  # noqa: F811
    page = lab.open(NOTEBOOK.relative_to(TEST_ROOT).as_posix(), "Notebook")
    try:
        state = run_all_and_settle(page, timeout_s=150)
        assert state["settled"], f"did not settle in {state['seconds']} s"
        before = page.evaluate(PROBE_JS)
        assert before is not None, "no LiveFigure with a Train button"
        button = page.locator(".live-figure button", has_text="Train").first
        button.scroll_into_view_if_needed()
        button.click()
        seen, deadline = [], time.monotonic() + 120
        while time.monotonic() < deadline:
            now = page.evaluate(PROBE_JS)
            seen.append(now)
            if now["width"] == "100%" and now["kernel"] == "idle" and not now["pressed"]:
                break
            page.wait_for_timeout(100)
        last, stable_since, settle_by = None, time.monotonic(), time.monotonic() + 30
        while time.monotonic() < settle_by:  # the last frames may still be on their way
            now = page.evaluate(PROBE_JS)
            if now != last:
                last, stable_since = now, time.monotonic()
            elif time.monotonic() - stable_since > 3.0:
                break
            page.wait_for_timeout(100)
        seen.append(last)
        full_page_screenshot(page, ARTIFACTS / "08-from-gan-to-wgan-3-trained.png")
        during = seen[:-2]  # the kernel may report "idle" while it runs a widget's callback
        widths = {s["width"] for s in during} - {"0%", "100%", None}
        pictures = {s["hash"] for s in during} - {before["hash"]}
        errors = page.evaluate("() => window.__lt.liveErrors()")
        assert len(widths) >= 3, f"the progress bar did not advance during training: {widths}"
        assert len(pictures) >= 3, "the figure was not redrawn during training"
        assert seen[-1]["width"] == "100%" and not seen[-1]["pressed"], seen[-1]
        assert seen[-1]["hash"] != before["hash"] or len(pictures) >= 3
        assert not errors, errors
    finally:
        page.close()
        lab.server.shutdown_kernels()
