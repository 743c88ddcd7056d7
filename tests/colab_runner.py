"""Run inside the Colab-like environment (ipywidgets 7, no ipympl, no JupyterLab): execute each
notebook given on the command line with nbclient, move every control of every LiveFigure, and
print one JSON report per notebook. Used by tests/test_colab_like.py; stdlib + nbclient only."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

PROBE = """
import json as _json, ipywidgets as _w
from helpers.widgets import live_figures as _live_figures, move_every_control as _move
print("@@PROBE@@" + _json.dumps({"ipywidgets": _w.__version__, "figures": [
    {"errors": [repr(e) for e in _lf.errors], "controls": _move(_lf)}
    for _lf in _live_figures()]}))
"""


def text_of(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    return str(output.get("data", {}).get("text/plain", ""))


def run(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    problems = []
    for index, cell in enumerate(nb.cells[:-1]):
        for output in cell.get("outputs", []):
            text = text_of(output)
            if output.get("output_type") == "error":
                error = f"{output.get('ename')}: {output.get('evalue')}"
                problems.append(f"cell {index} raised {error}")
            elif output.get("name") == "stderr":
                problems.append(f"cell {index} wrote to stderr: {text[:300]!r}")
            elif any(w in text for w in ("Warning", "warning:", "Traceback")):
                problems.append(f"cell {index} printed warning text: {text[:300]!r}")
        if "solution" in cell.get("metadata", {}).get("tags", []):
            if "Correct." not in "".join(text_of(o) for o in cell.get("outputs", [])):
                problems.append(f"solution cell {index} did not print 'Correct.'")
    probe = "".join(text_of(o) for o in nb.cells[-1].outputs)
    if "@@PROBE@@" not in probe:
        return {"notebook": path.name, "ipywidgets": "?", "figures": 0,
                "problems": [*problems, f"the probe failed: {probe[-500:]}"]}
    report = json.loads(probe[probe.index("@@PROBE@@") + 9 :])
    for number, live in enumerate(report["figures"]):
        if live["errors"]:
            problems.append(f"figure {number} raised {live['errors']}")
        for control in live["controls"]:
            if not control["changed"] or control["errors"]:
                problems.append(f"figure {number}: moving {control['name']!r} -> {control}")
    return {"notebook": path.name, "ipywidgets": report["ipywidgets"],
            "figures": len(report["figures"]), "problems": problems}


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print("@@REPORT@@" + json.dumps(run(Path(name))), flush=True)
