"""Honest times: every notebook says how long it takes, in the split form, and its core fits a
60-minute sitting; what does not fit is marked optional.

The first cell's sentence reads "**Time:** about N minutes [for the core] (R of reading and
sliders, E of exercises); ... A–B minutes in all", where A–B is what working through the whole
notebook as a student took. The index, the contents list and the course map read these numbers.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .conftest import NOTEBOOKS, ROOT

LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00-")]
SPLIT = re.compile(r"about (\d+) minutes(?: for the core)? "
                   r"\((\d+) of reading and sliders, (\d+) of exercises\)")
TOTAL = re.compile(r"(\d+)–(\d+) minutes in all")


def _first_cell(path) -> str:
    return " ".join(nbformat.read(path, as_version=4).cells[0].source.split())


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_time_is_stated_in_the_split_form_and_the_core_fits_an_hour(path):
    first = _first_cell(path)
    split, total = SPLIT.search(first), TOTAL.search(first)
    assert split, f"{path.name}: no 'about N minutes (R of reading and sliders, E of exercises)'"
    assert total, f"{path.name}: no measured 'A–B minutes in all'"
    core, reading, exercises = map(int, split.groups())
    low, high = map(int, total.groups())
    assert reading + exercises == core, f"{path.name}: {reading} + {exercises} != {core}"
    assert core <= 60, f"{path.name}: the core takes {core} minutes, more than one sitting"
    assert low <= high
    if high > core:  # something is outside the core: it must be marked, and said to be
        nb = nbformat.read(path, as_version=4)
        marked = [c.source.splitlines()[0] for c in nb.cells
                  if c.cell_type == "markdown" and c.source.startswith("## ")
                  and c.source.splitlines()[0].endswith("*(optional)*")]
        assert marked, f"{path.name}: {high} minutes in all but no section marked *(optional)*"
        assert "optional" in first


def test_the_index_adds_up_the_measured_times():
    """The index's "about 10 to 11 hours" is the sum of the measured totals, and "7½ hours" the
    sum of the cores (each rounded to the half hour)."""
    lows, highs, cores = [], [], []
    for path in LESSONS:
        first = _first_cell(path)
        cores.append(int(SPLIT.search(first)[1]))
        low, high = map(int, TOTAL.search(first).groups())
        lows.append(low)
        highs.append(high)
    index = _first_cell(ROOT / "notebooks" / "00-index.ipynb")
    found = re.search(r"about (\d+) to (\d+) hours", index)
    assert found, "the index does not state the whole course's time"
    assert int(found[1]) <= round(sum(lows) / 60) and round(sum(highs) / 60) <= int(found[2])
    cores_said = re.search(r"cores alone add up to about (\d+)(½?) hours", index)
    assert cores_said
    said = int(cores_said[1]) + (0.5 if cores_said[2] else 0.0)
    assert abs(said - sum(cores) / 60) <= 0.25
