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
