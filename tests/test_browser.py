"""Every notebook as a student meets it: JupyterLab in a real browser (Debian's headless Chromium).

One JupyterLab server and one browser for the session (see ``browser_support``). For each
notebook: open it, restart the kernel and run all cells through JupyterLab, wait until the kernel
is idle and every figure has drawn; fail on error output, on a cell left unexecuted, on "Error
displaying widget" or a stuck "Loading widget...", on an exception in a widget callback (the
kernel's error/stderr messages, LiveFigure's red error box) and on math MathJax could not
render; then press an arrow key on every slider and fail if its figure does not change.
Screenshots of every page go to ``test-artifacts/browser/``.

For each ``mathnotes/*.md``: open it in JupyterLab's Markdown viewer and fail on MathJax errors.

Without Chromium these tests skip, saying how to install it, unless ``CI`` is set: then they fail.
Set ``BROWSER_TEST_ROOT`` to run them against another checkout (e.g. a scratch copy).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .browser_support import (
    INSTALL_HINT,
    ROOT,
    Browser,
    LabServer,
    chromium_available,
    full_page_screenshot,
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

@pytest.fixture(scope="session")
def lab():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT + " CI is set, so the browser tests must run.")
        pytest.skip(INSTALL_HINT)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = LabServer(TEST_ROOT).start()
    browser = None
    try:
        browser = Browser(server).start()
        yield browser
    finally:
        if browser is not None:
            browser.stop()
        (ARTIFACTS / "server.log").write_text(server.log(), encoding="utf-8")
        server.stop()


def _snapshot_files(paths):
    return {p: p.stat().st_mtime_ns for p in paths}


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
        problems += move_every_slider(page)
        problems += [f"error under a figure: {t[:400]}" for t in page.evaluate(
            "() => window.__lt.liveErrors()")]
        problems += kernel_stderr_problems(page.evaluate("() => window.__lt.iopub"))
        full_page_screenshot(page, ARTIFACTS / f"{path.stem}-2-sliders-moved.png")
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
