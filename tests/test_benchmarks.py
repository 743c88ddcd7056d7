"""Smoke test of benchmarks/bench_numerics.py: every case runs at a tiny size and agrees with
its reference. No time is measured or asserted here (speed lives in benchmarks/README.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_numerics.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_numerics", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


bench = _load()


@pytest.mark.parametrize("case", bench.CASES, ids=lambda c: c.name)
def test_case_runs_and_agrees_with_its_reference(case):
    helper_call, reference_call = case.make(12, np.random.default_rng(0))
    helper_value, reference_value = helper_call(), reference_call()
    assert bench._difference(case, helper_call, reference_call) < 1e-9, (
        helper_value,
        reference_value,
    )


def test_timing_machinery_and_report_render():
    case = bench.CASES[0]
    result = bench.run_case(case, n=8, rounds=2, sample_seconds=1e-4)
    assert result.helper_us > 0 and result.reference_us > 0 and result.ratio > 0
    assert result.verdict in {"PASS", "FAIL"}
    sweep = bench.theta_sweep(n_theta=3, n_grid=50, repeats=1)
    assert sweep["n_theta"] == 3 and sweep["total"] > 0
    body = bench.render_section([result], sweep, bench.machine_info(), rounds=2)
    assert body.startswith("## Numerics") and "| entropy |" in body


def test_replace_section_touches_only_the_numerics_section():
    text = (
        "# Benchmarks\n\nintro\n\n<!-- BEGIN numerics -->\nold\n<!-- END numerics -->\n\n"
        "<!-- BEGIN sliders -->\nkeep me\n<!-- END sliders -->\n"
    )
    new = bench.replace_section(text, "## Numerics\n\nnew table\n")
    assert "old" not in new and "new table" in new
    assert new.startswith("# Benchmarks\n\nintro\n\n<!-- BEGIN numerics -->\n## Numerics")
    assert new.endswith("<!-- BEGIN sliders -->\nkeep me\n<!-- END sliders -->\n")
    assert bench.replace_section(new, "## Numerics\n\nnew table\n") == new  # idempotent
    with pytest.raises(ValueError, match="numerics"):
        bench.replace_section("no markers here", "x")


def test_the_real_readme_has_the_markers():
    text = bench.README.read_text(encoding="utf-8")
    assert text.count(bench.BEGIN) == 1 and text.count(bench.END) == 1


def _load_sliders():
    path = BENCH.parent / "bench_sliders.py"
    spec = importlib.util.spec_from_file_location("bench_sliders", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _run(first: float, later: list[float], label: str) -> dict:
    meta = {"date": "2026-12-06 21:00", "label": label, "presses": 1 + len(later),
            "competitor": "transport.plan_figure:position", "cpu": "CPU", "cores": 2,
            "load_before": "0.1", "load_after": "0.2", "versions": "versions"}
    slider = {"label": "θ", "figure": 0, "kind": "img", "times": [first, *later], "misses": 0,
              "first": first, "later": later}
    kernel = {"refresh": [30.0, 10.0, 12.0], "redraw": [5.0], "png": [2.0], "marks": [[0, 1]]}
    result = {"notebook": "04-x", "live": [slider], "naive": [], "kernel": kernel,
              "sweep": {"presses": 100, "seconds": 10.0}, "errors": []}
    return {"meta": meta, "results": [result], "competing": [dict(result)]}


def test_slider_report_splits_first_presses_and_shows_before_and_after():
    sliders = _load_sliders()
    text = sliders.report(_run(40.0, [20.0] * 9, "after"), _run(90.0, [50.0] * 9, "before"))
    assert text.startswith("## Slider latency") and "### With a competing kernel" in text
    row = next(line for line in text.splitlines() if line.startswith("| 04-x | 1 |"))
    # first: before 90, after 40; later: before 50, after 20; goals met after
    assert "| 90 / 90 | 40 / 40 | 50 / 50 | 20 / 20 |" in row and row.endswith("| yes | – / – |")
    kernel = text.split("### In the kernel")[1]
    assert "| 04-x | 30 / 30 | 11 / 11 | 5 / 5 | 2 / 2 |" in kernel  # first press apart
    assert "| 10 / 10 |" in text  # the competing kernel's sweep, frames per second
    slow = sliders.report(_run(200.0, [60.0] * 9, "after"))
    assert "**no**: median, p95, later median" in slow


def test_competing_kernel_sweeps_and_stops():
    sliders = _load_sliders()
    competitor = sliders.Competitor("transport.plan_figure:position", max_seconds=120)
    competitor.start()
    try:
        import time

        time.sleep(1.0)
    finally:
        sweep = competitor.stop()
    assert sweep["presses"] > 0 and sweep["errors"] == 0
    assert not competitor.km.is_alive()


def test_first_press_benchmark_times_every_press_of_a_builder(inline_backend):
    spec = importlib.util.spec_from_file_location("bench_first_press",
                                                  BENCH.parent / "bench_first_press.py")
    first_press = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(first_press)
    rows = first_press.measure("transport.plan_figure", presses=3)
    assert [(r["slider"], r["press"]) for r in rows] == [("position", k) for k in range(3)]
    assert rows[0]["figure_first"] and not rows[1]["figure_first"]
    assert all(r["wall"] > 0 and r["redraw"] > 0 and r["errors"] == 0 for r in rows)
    summary = first_press.summary(rows)
    assert set(summary) == set(first_press.PARTS)
    assert summary["wall"]["figure_first"] == rows[0]["wall"]
