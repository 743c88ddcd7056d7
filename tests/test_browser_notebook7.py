"""Notebook 7 (`jupyter notebook`), not only JupyterLab: one notebook per kind of interaction.

Students on a university hub often get Notebook 7 rather than JupyterLab. In headless Chromium
(see ``browser_support``), for the notebooks below: restart and run all, fail on errors, unexecuted
cells and widgets that do not render; move every slider with the mouse (Notebook 7 does not pass
arrow keys to a focused slider) and click every button of
every figure (the "Show the answer" toggle, a Train button), each must change its figure; then
answer an exercise wrongly twice and rightly-shaped once, and require the hints to escalate.
"""

from __future__ import annotations

import pytest

from .browser_support import (
    ROOT,
    browser_session,
    drag_every_slider,
    full_page_screenshot,
    kernel_stderr_problems,
    run_all_and_settle,
    run_problems,
)

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "notebook7"
#: sliders + a reveal toggle + exercises; a Train button (when the notebook exists).
CASES = [p for p in ["04-jensen-shannon", "08-from-gan-to-wgan"]
         if (ROOT / "notebooks" / f"{p}.ipynb").exists()]

CLICK_JS = """
async (index) => {
  const buttons = [...window.__lt.root().querySelectorAll('.live-figure button')];
  const button = buttons[index];
  // the chosen option of a two-way switch (ToggleButtons): pressing it again changes nothing
  if (button.closest('.widget-toggle-buttons') && button.classList.contains('mod-active')) {
    return true;
  }
  const fig = button.closest('.live-figure').querySelector('.live-figure-view');
  const before = window.__lt.hash(fig);
  button.click();
  const t0 = performance.now();
  while (performance.now() - t0 < 60000) {
    await new Promise((r) => setTimeout(r, 100));
    if (window.__lt.hash(fig) !== before && window.__lt.kernelStatus() === 'idle') return true;
  }
  return false;
}
"""


@pytest.fixture(scope="module")
def notebook7():
    with browser_session(ROOT, ARTIFACTS, app="notebook") as browser:
        yield browser


@pytest.mark.parametrize("stem", CASES)
def test_notebook_in_notebook7(notebook7, stem):
    page = notebook7.open(f"notebooks/{stem}.ipynb", "Notebook")
    problems = []
    try:
        state = run_all_and_settle(page, timeout_s=180)
        problems += run_problems(page, state)
        assert state["figures"], "no figure rendered at all"
        problems += drag_every_slider(page)
        count = page.evaluate("() => window.__lt.root().querySelectorAll('.live-figure button')"
                              ".length")
        for index in range(count):
            if not page.evaluate(CLICK_JS, index):
                problems.append(f"button {index} of a figure changed nothing")
        problems += [f"error under a figure: {t[:400]}" for t in page.evaluate(
            "() => window.__lt.liveErrors()")]
        problems += kernel_stderr_problems(page.evaluate("() => window.__lt.iopub"))
        full_page_screenshot(page, ARTIFACTS / f"{stem}.png")
    finally:
        page.close()
        notebook7.server.shutdown_kernels()
    assert not problems, f"{stem} in Notebook 7:\n" + "\n".join(problems)


def test_exercise_feedback_in_notebook7(notebook7):
    """A wrong answer (a letter among the choices, not the keyed one, with no diagnosis) gets a
    hint, a second wrong answer the stronger hint; never the solution."""
    page = notebook7.open("notebooks/04-jensen-shannon.ipynb", "Notebook")
    try:
        page.evaluate("() => window.__lt.appendAndRun('from helpers import check')")
        outputs = []
        for _ in range(2):
            page.evaluate("() => window.__lt.appendAndRun('check(\"04.1\", \"a\")')")
            page.wait_for_function("() => window.__lt.kernelStatus() === 'idle'")
            page.wait_for_timeout(300)
            cells = page.evaluate("() => window.__lt.cells()")
            outputs.append("".join(o.get("text") or "" for o in cells[-1]["outputs"]))
        full_page_screenshot(page, ARTIFACTS / "exercise-feedback.png")
    finally:
        page.close()
        notebook7.server.shutdown_kernels()
    assert outputs[0].startswith("Not yet.") and "Hint:" in outputs[0], outputs
    assert "Hint (2):" in outputs[1], outputs
