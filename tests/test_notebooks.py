"""Every notebook runs top to bottom in a fresh kernel, clean, and every slider does something.

For each notebook (figures are drawn the same way in every front end, so one run covers
JupyterLab, Notebook 7, VS Code, Binder and Colab): execute all cells, fail on any error or
warning text in any output, then, in the same kernel, move every control of every LiveFigure
and require that the figure changed, its image widget received a new PNG, and no callback
raised.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import NOTEBOOKS
from .exercise_audit import audit, namespace_leaks

pytestmark = pytest.mark.notebooks

PROBE = """
import json as _json
from helpers.widgets import live_figures as _live_figures, move_every_control as _move

def _probe(index, live):
    before = live.redraws
    controls = _move(live)
    return {"index": index, "errors": [repr(e) for e in live.errors], "controls": controls,
            "frames": live.redraws - before, "png": bytes(live.view.value[:8]).hex()}

print("@@NAMESPACE@@" + _json.dumps({
    _name: float(_value) for _name, _value in list(globals().items())
    if not _name.startswith("_") and not isinstance(_value, bool)
    and isinstance(_value, (int, float, __import__("numpy").number))
    and __import__("numpy").isfinite(float(_value))
}))
print("@@PROBE@@" + _json.dumps([_probe(_i, _lf) for _i, _lf in enumerate(_live_figures())]))
"""

WARNING_WORDS = ("Warning", "warning:", "Traceback", "Error displaying widget")


def _text_of(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    return str(output.get("data", {}).get("text/plain", ""))


def run_notebook(path):
    """Execute ``path`` plus the probe cell; return (executed notebook, probe report).

    The kernel's numeric globals after Run All (for :func:`namespace_leaks`) are left in the
    executed notebook's ``metadata["kernel_namespace"]``.
    """
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    probe_text = "".join(_text_of(o) for o in nb.cells[-1].outputs)
    marker = probe_text.index("@@PROBE@@")
    report = json.loads(probe_text[marker + len("@@PROBE@@") :].strip())
    start = probe_text.index("@@NAMESPACE@@") + len("@@NAMESPACE@@")
    nb.metadata["kernel_namespace"] = json.loads(probe_text[start:marker].strip())
    return nb, report


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean_and_sliders_work(path):
    nb, report = run_notebook(path)
    problems = []
    for index, cell in enumerate(nb.cells[:-1]):
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is None:
            problems.append(f"cell {index} did not run")
        for output in cell.get("outputs", []):
            text = _text_of(output)
            if output.get("output_type") == "error":
                name, value = output.get("ename"), output.get("evalue")
                problems.append(f"cell {index} raised: {name}: {value}")
            elif output.get("name") == "stderr":
                problems.append(f"cell {index} wrote to stderr: {text[:300]!r}")
            elif any(word in text for word in WARNING_WORDS):
                problems.append(f"cell {index} printed warning text: {text[:300]!r}")
    for live in report:
        if live["png"] != b"\x89PNG\r\n\x1a\n".hex():
            problems.append(f"LiveFigure {live['index']} shows no PNG (starts {live['png']})")
        if live["frames"] < len(live["controls"]):  # a new frame for every control moved
            problems.append(f"LiveFigure {live['index']} drew only {live['frames']} frames")
        if live["errors"]:
            problems.append(f"LiveFigure {live['index']} callback raised: {live['errors']}")
        for control in live["controls"]:
            if not control["changed"]:
                problems.append(
                    f"LiveFigure {live['index']}: moving {control['name']!r} changed nothing"
                )
            if control["errors"]:
                problems.append(
                    f"LiveFigure {live['index']}: moving {control['name']!r} raised "
                    f"{control['errors']}"
                )
    # the exercises once more, executed: every collapsed solution printed "Correct." and no
    # expected value can be read in any output above its exercise
    problems.extend(
        audit(nb, path.name[:2], executed=True, lesson=not path.name.startswith("00-"))
    )
    # ... and after Run All no variable but answer/solution holds an expected value
    problems.extend(namespace_leaks(nb.metadata["kernel_namespace"], path.name[:2]))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(path):
    """No outputs, execution counts or widget state in the committed file."""
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts"
    assert "widgets" not in nb.metadata, f"{path.name} carries widget state"
    extra = set(nb.metadata) - {"kernelspec", "language_info"}
    assert not extra, f"{path.name} carries notebook metadata beyond the kernelspec: {extra}"
