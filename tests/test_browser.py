"""Every notebook as a student meets it: JupyterLab in a real browser (Debian's headless Chromium).

One JupyterLab server and one browser for the session (see ``browser_support``). For each
notebook: open it, restart the kernel and run all cells through JupyterLab, wait until the kernel
is idle and every figure has drawn; fail on error output, on a cell left unexecuted, on "Error
displaying widget" or a stuck "Loading widget...", on an exception in a widget callback (the
kernel's error/stderr messages, LiveFigure's red error box) and on math MathJax could not
render; then press an arrow key on every slider and fail if its figure (an ``<img>``) does not
show a new picture with different pixels.
Screenshots of every page go to ``test-artifacts/browser/``.

For each ``mathnotes/*.md``: open it in JupyterLab's Markdown viewer and fail on MathJax errors.

Without Chromium these tests skip, saying how to install it, unless ``CI`` is set: then they fail.
Set ``BROWSER_TEST_ROOT`` to run them against another checkout (e.g. a scratch copy).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from .browser_support import (
    ROOT,
    browser_session,
    full_page_screenshot,
    kernel_exec,
    kernel_stderr_problems,
    move_every_slider,
    run_all_and_settle,
    run_problems,
    wait_math,
)

pytestmark = pytest.mark.browser

TEST_ROOT = Path(os.environ.get("BROWSER_TEST_ROOT", ROOT)).resolve()
NOTEBOOKS = sorted((TEST_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
MATHNOTES = sorted((TEST_ROOT / "mathnotes").glob("*.md"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
#: What tools/jupyter_server_config.py's connection class logs when a kernel websocket opens.
NODELAY_LOGGED = "Kernel websocket: TCP_NODELAY set"

@pytest.fixture(scope="session")
def lab():
    with browser_session(TEST_ROOT, ARTIFACTS) as browser:
        yield browser


def _snapshot_files(paths):
    return {p: p.stat().st_mtime_ns for p in paths}


#: In the page: each live figure's words (its visually hidden live region after the picture) and
#: whether it has a slider.
FIGURE_WORDS_JS = """() => [...document.querySelectorAll('.live-figure')].map(f => {
  const img = f.querySelector('.live-figure-view');
  const live = f.querySelector('.live-figure-alt [aria-live]');
  return {title: img && live ? live.textContent : '',
          live: live ? live.textContent : null,
          sliders: f.querySelectorAll('.widget-slider').length};
})"""


def _figure_words_problems(before: list, after: list) -> list[str]:
    """Every live figure states itself in words; moving its sliders changed the words."""
    problems = []
    for i, (old, new) in enumerate(zip(before, after, strict=False)):
        if not new["title"]:
            problems.append(f"live figure {i}: its picture has no text alternative")
        elif new["live"] != new["title"]:
            problems.append(f"live figure {i}: the live region says {new['live']!r}")
        elif new["sliders"] and new["title"] == old["title"]:
            problems.append(f"live figure {i}: its words did not follow its sliders")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_in_jupyterlab(lab, path):
    before = _snapshot_files([path])
    relative = path.relative_to(TEST_ROOT).as_posix()
    page = lab.open(relative, "Notebook")
    problems = []
    try:
        state = run_all_and_settle(page, timeout_s=150)
        full_page_screenshot(page, ARTIFACTS / f"{path.stem}-1-run.png")
        problems += run_problems(page, state)
        words_before = page.evaluate(FIGURE_WORDS_JS)
        problems += move_every_slider(page)
        problems += _figure_words_problems(words_before, page.evaluate(FIGURE_WORDS_JS))
        problems += [f"error under a figure: {t[:400]}" for t in page.evaluate(
            "() => window.__lt.liveErrors()")]
        problems += kernel_stderr_problems(page.evaluate("() => window.__lt.iopub"))
        full_page_screenshot(page, ARTIFACTS / f"{path.stem}-2-sliders-moved.png")
        if NODELAY_LOGGED not in lab.server.log_path.read_text(encoding="utf-8", errors="replace"):
            problems.append(
                "the server did not load tools/jupyter_server_config.py (each slider press "
                "would wait ~40 ms for Nagle's algorithm): `make test` installs it in .venv"
            )
    finally:
        page.close()
        lab.server.shutdown_kernels()
    assert _snapshot_files([path]) == before, f"{relative} was modified by the browser run"
    assert not problems, f"{relative}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", MATHNOTES, ids=lambda p: p.stem)
def test_mathnote_math_renders(lab, path):
    relative = path.relative_to(TEST_ROOT).as_posix()
    text = path.read_text(encoding="utf-8")
    has_math = bool(re.search(r"\$[^$\s][^$]*\$|\$\$|\\\(|\\\[", text))
    page = lab.open(relative, "Markdown Preview")
    try:
        last = wait_math(page, has_math)
        errors = page.evaluate("() => window.__lt.mathErrors()")
        full_page_screenshot(page, ARTIFACTS / f"mathnote-{path.stem}.png")
    finally:
        page.close()
    assert not errors, f"{relative}: MathJax could not render: {errors}"
    if has_math:
        assert last > 0, f"{relative}: has math but MathJax rendered none"


TRAIN_NOTEBOOK = TEST_ROOT / "notebooks" / "08-from-gan-to-wgan.ipynb"
#: Kernel code: send the figure with the Train toggle again as one whole frame.
REDRAW_TRAINED = """
from helpers.widgets import live_figures as _lfs
_trained = [_lf for _lf in _lfs() if "train" in _lf.controls][-1]
_trained.fig.canvas._force_full = True
_trained.refresh()
"""

#: The LiveFigure holding the Train toggle: its index, its progress bar's width, its picture.
TRAIN_PROBE_JS = """() => {
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


@pytest.mark.skipif(not TRAIN_NOTEBOOK.exists(), reason="notebook 08 is not in this checkout")
def test_train_toggle_trains_live_in_jupyterlab(lab):
    """Notebook 08's Train toggle (a button, which the slider loop above does not press): the
    progress bar and the figure advance *during* the run, and the final frame arrives."""
    page = lab.open(TRAIN_NOTEBOOK.relative_to(TEST_ROOT).as_posix(), "Notebook")
    try:
        state = run_all_and_settle(page, timeout_s=150)
        assert state["settled"], f"did not settle in {state['seconds']} s"
        before = page.evaluate(TRAIN_PROBE_JS)
        assert before is not None, "no LiveFigure with a Train button"
        button = page.locator(".live-figure button", has_text="Train").first
        button.scroll_into_view_if_needed()
        button.click()
        seen, deadline = [], time.monotonic() + 120
        while time.monotonic() < deadline:
            now = page.evaluate(TRAIN_PROBE_JS)
            seen.append(now)
            if now["width"] == "100%" and now["kernel"] == "idle" and not now["pressed"]:
                break
            page.wait_for_timeout(100)
        last, stable_since, settle_by = None, time.monotonic(), time.monotonic() + 30
        while time.monotonic() < settle_by:  # the last frames may still be on their way
            now = page.evaluate(TRAIN_PROBE_JS)
            if now != last:
                last, stable_since = now, time.monotonic()
            elif time.monotonic() - stable_since > 3.0:
                break
            page.wait_for_timeout(100)
        seen.append(last)
        full_page_screenshot(page, ARTIFACTS / "08-from-gan-to-wgan-3-trained.png")
        # the picture shown must be the finished run: drawing it again, whole, changes nothing
        kernel_exec(page, REDRAW_TRAINED)
        page.wait_for_timeout(2000)
        redrawn = page.evaluate(TRAIN_PROBE_JS)["hash"]
        during = seen[:-2]  # the kernel may report "idle" while it runs a widget's callback
        widths = {s["width"] for s in during} - {"0%", "100%", None}
        pictures = {s["hash"] for s in during} - {before["hash"]}
        errors = page.evaluate("() => window.__lt.liveErrors()")
        assert len(widths) >= 3, f"the progress bar did not advance during training: {widths}"
        assert len(pictures) >= 3, "the figure was not redrawn during training"
        assert seen[-1]["width"] == "100%" and not seen[-1]["pressed"], seen[-1]
        assert seen[-1]["hash"] != before["hash"] or len(pictures) >= 3
        assert redrawn == last["hash"], "the finished run's picture never reached the browser"
        assert not errors, errors
    finally:
        page.close()
        lab.server.shutdown_kernels()
