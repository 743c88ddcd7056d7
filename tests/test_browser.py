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
from pathlib import Path

import pytest

from .browser_support import (
    INSTALL_HINT,
    ROOT,
    Browser,
    LabServer,
    chromium_available,
    focus_slider,
    full_page_screenshot,
    run_all_and_settle,
    slider_info,
    timed_press,
    wait_math,
    wait_quiet,
)

pytestmark = pytest.mark.browser

TEST_ROOT = Path(os.environ.get("BROWSER_TEST_ROOT", ROOT)).resolve()
NOTEBOOKS = sorted((TEST_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
MATHNOTES = sorted((TEST_ROOT / "mathnotes").glob("*.md"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"

#: Kernel stderr lines that are not the notebook's doing (debugger start-up, widget comms that
#: the front-end probes for before ipywidgets is imported, comms of the kernel before the restart).
BENIGN_STDERR = re.compile(
    r"Debugger warning|frozen modules|PYDEVD|Debugging will proceed|-Xfrozen_modules"
    r"|No such comm|No such comm target registered|^\s*$"
)


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


def _kernel_stderr_problems(messages):
    problems = []
    for text in messages:
        if text.startswith("stderr: "):
            lines = [ln for ln in text[8:].splitlines() if not BENIGN_STDERR.search(ln)]
            if lines:
                problems.append("kernel wrote to stderr: " + " | ".join(lines)[:400])
        else:
            problems.append(f"kernel raised {text[:400]}")
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
        if not state["settled"]:
            problems.append(f"did not settle in {state['seconds']} s (kernel {state['kernel']})")
        for cell in state["cells"]:
            if cell["type"] != "code":
                continue
            if cell["executionCount"] is None:
                problems.append(f"cell {cell['index']} was not executed")
            for out in cell["outputs"]:
                if out["output_type"] == "error":
                    problems.append(f"cell {cell['index']} raised {out['ename']}: {out['evalue']}")
                elif out["output_type"] == "stream" and out["name"] == "stderr":
                    problems.append(f"cell {cell['index']} wrote to stderr: {out['text']!r}")
        problems += [f"stuck: {t!r}" for t in state["loading"]]
        problems += [f"widget failed: {t!r}" for t in page.evaluate(
            "() => window.__lt.textHits('Error displaying widget')")]
        problems += [f"figure {i} never drew" for i, f in enumerate(state["figures"])
                     if not f["drawn"]]  # fmt: skip
        wait_math(page, has_math=False, timeout_s=10)
        math_errors = page.evaluate("() => window.__lt.mathErrors()")
        problems += [f"MathJax error: {t!r}" for t in math_errors]

        sliders = slider_info(page)
        for info in sliders:
            focus_slider(page, info["index"])
            key = "ArrowLeft" if info["now"] >= info["max"] else "ArrowRight"
            if info["kind"] != "img":  # no figure: only its callbacks are checked
                page.keyboard.press(key)
                changed = None
            else:  # the decoded pixels must differ, not only the image's URL
                changed = timed_press(page, info["index"], key, timeout_ms=4000, pixels=True)
            if changed is None and info["kind"] == "img":  # a step may be invisible
                for _ in range(4):
                    page.keyboard.press(key)
                changed = timed_press(page, info["index"], key, timeout_ms=4000, pixels=True)
            wait_quiet(page, info["index"], quiet_ms=150, timeout_ms=5000)
            after = slider_info(page)[info["index"]]
            if after["now"] == info["now"]:
                problems.append(f"slider {info['label']!r} did not move with the {key} key")
            elif changed is None and info["kind"] == "img":
                problems.append(
                    f"slider {info['label']!r} moved {info['value']} -> {after['value']} "
                    "but its figure did not change"
                )
        problems += [f"error under a figure: {t[:400]}" for t in page.evaluate(
            "() => window.__lt.liveErrors()")]
        problems += _kernel_stderr_problems(page.evaluate("() => window.__lt.iopub"))
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
