"""The kernel's side of a slider press, first press apart: every figure builder, no browser.

For every figure builder of ``helpers/figures`` (a public ``*_figure`` taking ``display_now``),
build the LiveFigure as a notebook does, then press each of its sliders ``--presses`` times,
one step at a time, as the arrow keys do: each ``control.value = ...`` runs LiveFigure's whole
work for the change (``update``, in-place redraw, PNG, handing it to the image widget)
synchronously. Timed per press: wall clock and this process's CPU time, and the parts (the
in-place redraw, a new background among it, the PNG). The first press of each slider is
reported apart from the rest; on a busy machine the CPU times and the ratios (first / later)
are the numbers to read, as wall clock then includes waiting for a core.

Usage::

    .venv/bin/python benchmarks/bench_first_press.py                 # this checkout's helpers
    .venv/bin/python benchmarks/bench_first_press.py --helpers /tmp/old   # another helpers dir
    .venv/bin/python benchmarks/bench_first_press.py -k showdown --presses 12

Run it from a directory without a ``helpers`` package (e.g. ``/tmp``) when using
``--helpers``, so that the one given is imported.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import statistics
import sys
import time
from pathlib import Path

PARTS = ("wall", "cpu", "redraw", "background", "png")


def _builders(pattern: str):
    import helpers.figures

    for info in pkgutil.iter_modules(helpers.figures.__path__):
        module = importlib.import_module(f"helpers.figures.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            label = f"{info.name}.{name}"
            if (func.__module__ == module.__name__ and name.endswith("_figure")
                    and not name.startswith("_") and pattern in label
                    and "display_now" in inspect.signature(func).parameters):  # fmt: skip
                yield label, func


def _timers() -> dict:
    """Wrap the redraw, its new backgrounds and the PNG step; return the running totals (ms)."""
    import helpers.redraw as hr
    import helpers.widgets as hw

    totals = dict.fromkeys(PARTS, 0.0)

    def wrap(owner, name, key):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[key] += (time.perf_counter() - start) * 1000

        setattr(owner, name, timed)

    wrap(hr.InPlaceRedraw, "draw", "redraw")
    wrap(hr.InPlaceRedraw, "_new_background", "background")
    wrap(hw.LiveFigure, "_show", "png")
    return totals


def measure(pattern: str = "", presses: int = 8) -> list[dict]:
    """One record per press: figure, slider, press number and the times of :data:`PARTS`."""
    import ipywidgets as widgets

    import helpers.widgets as hw

    hw.setup_notebook()
    totals = _timers()
    rows = []
    for label, build in _builders(pattern):
        start = time.perf_counter()
        live = build(display_now=False)
        built_ms = (time.perf_counter() - start) * 1000
        figure_first = True
        for name, control in live.controls.items():
            if not isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
                continue
            direction = 1
            for press in range(presses):
                if control.value + control.step > control.max + 1e-9:
                    direction = -1
                elif control.value - control.step < control.min - 1e-9:
                    direction = 1
                for key in totals:
                    totals[key] = 0.0
                wall, cpu = time.perf_counter(), time.process_time()
                control.value = control.value + direction * control.step
                totals["wall"] = (time.perf_counter() - wall) * 1000
                totals["cpu"] = (time.process_time() - cpu) * 1000
                rows.append({"figure": label, "slider": name, "press": press,
                             "figure_first": figure_first and press == 0, "built_ms": built_ms,
                             "errors": len(live.errors), **totals})  # fmt: skip
            figure_first = False
    return rows


def _median(values) -> float:
    return statistics.median(values) if values else float("nan")


def summary(rows: list[dict]) -> dict:
    """Medians over the first press of each slider, the first of each figure, and the later
    presses (the third on: the second may still fill caches), per part, and their ratios."""
    out = {}
    for part in PARTS:
        first = _median([r[part] for r in rows if r["press"] == 0])
        figure_first = _median([r[part] for r in rows if r["figure_first"]])
        later = _median([r[part] for r in rows if r["press"] >= 2])
        out[part] = {"first": first, "figure_first": figure_first, "later": later}
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="only builders whose module.name contains this")
    parser.add_argument("--presses", type=int, default=8, help="presses per slider")
    parser.add_argument("--helpers", type=Path, help="import helpers from this directory")
    parser.add_argument("--json", type=Path, help="save every press's times here")
    args = parser.parse_args(argv)
    if args.helpers:
        sys.path.insert(0, str(args.helpers.resolve()))
    import helpers

    print(f"helpers from {Path(helpers.__file__).parent}")
    rows = measure(args.k, args.presses)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    print("| figure | slider | first press: wall / cpu (ms) | later: wall / cpu (ms) |")
    print("| --- | --- | --- | --- |")
    for figure, slider in dict.fromkeys((r["figure"], r["slider"]) for r in rows):
        mine = [r for r in rows if (r["figure"], r["slider"]) == (figure, slider)]
        later = [r for r in mine if r["press"] >= 2]
        print(f"| {figure} | {slider} | {mine[0]['wall']:.1f} / {mine[0]['cpu']:.1f} | "
              f"{_median([r['wall'] for r in later]):.1f} / "
              f"{_median([r['cpu'] for r in later]):.1f} |")  # fmt: skip
    print()
    print("| part (median ms) | first press of a slider | of a figure | later presses "
          "| figure's first / later |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: |")
    for part, m in summary(rows).items():
        ratio = f"{m['figure_first'] / m['later']:.2f}" if m["later"] > 0 else "–"
        print(f"| {part} | {m['first']:.1f} | {m['figure_first']:.1f} | {m['later']:.1f} | "
              f"{ratio} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
