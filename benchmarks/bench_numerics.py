"""Speed of the numeric helpers, as ratios against scipy / POT measured side by side.

Every case times a helper and its reference on the SAME inputs in ONE process, interleaved:
round after round, each is timed over a batch of calls, and the order alternates between rounds
so that drift in machine load falls on both alike. Reported per case: the median per-call time
of each, the median of the per-round ratios (helper / reference) and the ratio of the best
times (which transient load cannot inflate); a case passes only if both meet its target.

Also times the slider workload: a sweep of 200 shifts theta of the two-Gaussian family on a
2,000-point grid, computing KL, JS and W1 at each, to show that no slider waits on numerics.

Run:  python benchmarks/bench_numerics.py                 (prints the tables)
      python benchmarks/bench_numerics.py --write-readme  (also rewrites the numerics section of
                                                           benchmarks/README.md)
Nothing here is a test: tests/test_benchmarks.py only checks that every case runs and agrees
with its reference at a tiny size, and never looks at a time.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import statistics
import sys
import timeit
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import scipy
import scipy.stats
from scipy.spatial.distance import cdist, jensenshannon

import helpers
import helpers.estimators

try:
    import ot
except ImportError:  # POT is a test extra; the scipy cases still run without it
    ot = None

README = Path(__file__).resolve().with_name("README.md")
BEGIN, END = "<!-- BEGIN numerics -->", "<!-- END numerics -->"

Pair = tuple[Callable[[], object], Callable[[], object]]


@dataclass(frozen=True)
class Case:
    """One helper against its reference: ``make(n, rng)`` returns the two zero-argument calls."""

    name: str
    helper: str
    reference: str
    n: int
    size_label: str
    make: Callable[[int, np.random.Generator], Pair]
    target: float | None  # max allowed helper/reference time ratio; None = report only
    needs_pot: bool = False


@dataclass
class Result:
    case: Case
    helper_us: float  # median per-call time, microseconds
    reference_us: float
    ratio: float  # median over rounds of (helper time / reference time)
    best_ratio: float  # min helper time / min reference time
    difference: float  # |helper value - reference value|

    @property
    def verdict(self) -> str:
        if self.case.target is None:
            return "report"
        # Conservative: both the paired median and the best-times ratio must meet the target.
        return "PASS" if max(self.ratio, self.best_ratio) <= self.case.target else "FAIL"


# --- inputs ----------------------------------------------------------------------------------


def _probability(n: int, rng: np.random.Generator, zero_fraction: float = 0.0) -> np.ndarray:
    w = rng.random(n) + 1e-3
    if zero_fraction:
        w[rng.random(n) < zero_fraction] = 0.0
        w[0] = 1.0  # never all zero
    return w / w.sum()


def _pq(n, rng, zero_fraction=0.0):
    return _probability(n, rng, zero_fraction), _probability(n, rng, zero_fraction)


def _entropy(n, rng, zero_fraction=0.0):
    p = _probability(n, rng, zero_fraction)
    return (lambda: helpers.entropy(p)), (lambda: scipy.stats.entropy(p))


def _kl(n, rng, zero_fraction=0.0):
    p, q = _pq(n, rng, zero_fraction)
    if zero_fraction:  # keep KL finite: q covers p's support
        q = 0.5 * q + 0.5 * p
    return (lambda: helpers.kl_divergence(p, q)), (lambda: scipy.stats.entropy(p, q))


def _js(n, rng, zero_fraction=0.0):
    p, q = _pq(n, rng, zero_fraction)
    return (lambda: helpers.js_divergence(p, q)), (lambda: jensenshannon(p, q) ** 2)


def _w1_samples(n, rng):
    u = rng.normal(0.0, 1.0, n)
    v = rng.normal(1.0, 2.0, n)
    return (
        lambda: helpers.wasserstein_1d(u, v),
        lambda: scipy.stats.wasserstein_distance(u, v),
    )


def _w1_grid(n, rng):
    x = np.linspace(-12.0, 12.0, n)
    p = helpers.discretize_normal(x, 0.0, 1.0)
    q = helpers.discretize_normal(x, 1.5, 1.0)
    return (
        lambda: helpers.wasserstein_1d(x, x, p, q),
        lambda: scipy.stats.wasserstein_distance(x, x, p, q),
    )


def _plan(n, rng):
    u = rng.normal(0.0, 1.0, n)
    v = rng.normal(1.0, 2.0, n)
    a, b = _pq(n, rng)
    return (
        lambda: helpers.transport_plan_1d(u, v, a, b),
        lambda: ot.emd_1d(u, v, a, b, metric="euclidean"),
    )


def _emd(n, rng):
    a, b = _pq(n, rng)
    x = np.sort(rng.normal(0.0, 1.0, n))
    y = np.sort(rng.normal(1.0, 2.0, n))
    cost = np.abs(x[:, None] - y[None, :])
    return (lambda: helpers.emd(a, b, cost)[0]), (lambda: ot.emd2(a, b, cost))


def kl_knn_all_pairs(x: np.ndarray, y: np.ndarray, k: int = 1, block: int = 1000) -> float:
    """The Wang-Kulkarni-Verdú estimate from all pairwise distances (scipy's ``cdist``).

    The naive reference for :func:`helpers.estimators.kl_knn`: every distance from each
    ``x[i]`` to every point of ``x`` and of ``y``, ``block`` rows at a time (so 10⁴ × 10⁴ needs
    80 MB, not 800 MB), then the k-th smallest of each row by ``np.partition``.
    """
    n, m, d = len(x), len(y), x.shape[1]
    log_ratio = 0.0
    for start in range(0, n, block):
        rows = x[start : start + block]
        rho = np.partition(cdist(rows, x), k, axis=1)[:, k]  # column 0: the point itself
        nu = np.partition(cdist(rows, y), k - 1, axis=1)[:, k - 1]
        log_ratio += float(np.sum(np.log(nu) - np.log(rho)))
    return d * log_ratio / n + float(np.log(m / (n - 1)))


def _kl_knn(n, rng):
    x = rng.normal(0.0, 1.0, (n, 2))
    y = rng.normal(0.0, 1.0, (n, 2)) + [1.0, 0.0]
    return (lambda: helpers.estimators.kl_knn(x, y)), (lambda: kl_knn_all_pairs(x, y))


def _with_zeros(make):
    return lambda n, rng: make(n, rng, zero_fraction=0.5)


CASES: list[Case] = [
    Case("entropy", "helpers.entropy(p)", "scipy.stats.entropy(p)", 10_000, "n = 10⁴",
         _entropy, 1.0),
    Case("kl_divergence", "helpers.kl_divergence(p, q)", "scipy.stats.entropy(p, q)", 10_000,
         "n = 10⁴", _kl, 1.0),
    Case("js_divergence", "helpers.js_divergence(p, q)", "jensenshannon(p, q)**2", 10_000,
         "n = 10⁴", _js, 1.0),
    Case("entropy, half zeros", "helpers.entropy(p)", "scipy.stats.entropy(p)", 10_000,
         "n = 10⁴", _with_zeros(_entropy), 1.0),
    Case("kl_divergence, half zeros", "helpers.kl_divergence(p, q)",
         "scipy.stats.entropy(p, q)", 10_000, "n = 10⁴", _with_zeros(_kl), 1.0),
    Case("js_divergence, half zeros", "helpers.js_divergence(p, q)", "jensenshannon(p, q)**2",
         10_000, "n = 10⁴", _with_zeros(_js), 1.0),
    Case("wasserstein_1d", "helpers.wasserstein_1d(u, v)",
         "scipy.stats.wasserstein_distance(u, v)", 10_000, "n = 10⁴", _w1_samples, 1.5),
    Case("wasserstein_1d, weighted grid", "helpers.wasserstein_1d(x, x, p, q)",
         "scipy.stats.wasserstein_distance(x, x, p, q)", 10_000, "n = 10⁴", _w1_grid, 1.5),
    Case("transport_plan_1d", "helpers.transport_plan_1d(u, v, a, b)",
         "ot.emd_1d(u, v, a, b) (dense plan)", 1_000, "n = 10³", _plan, 2.0, needs_pot=True),
    Case("emd", "helpers.emd(a, b, C) (HiGHS LP)", "ot.emd2(a, b, C) (network simplex)", 100,
         "100×100", _emd, None, needs_pot=True),
    Case("kl_knn, 2-D", "helpers.estimators.kl_knn(x, y) (cKDTree)",
         "all-pairs cdist + np.partition, 1000-row blocks", 10_000, "10⁴ × 10⁴ points", _kl_knn,
         0.1),
]


# --- timing ----------------------------------------------------------------------------------


def _batch_size(func: Callable[[], object], sample_seconds: float) -> int:
    """Calls per timed batch so that one batch lasts about ``sample_seconds``."""
    number, elapsed = 1, 0.0
    while True:
        elapsed = timeit.timeit(func, number=number)
        if elapsed >= 0.2 * sample_seconds or number >= 1_000_000:
            break
        number *= 10
    return max(1, int(number * sample_seconds / max(elapsed, 1e-9)))


def compare(helper_call, reference_call, rounds: int = 41, sample_seconds: float = 0.002):
    """Interleaved timing; returns (helper times, reference times) per call, in seconds."""
    helper_call(), reference_call()  # warm caches and lazy imports
    n_h = _batch_size(helper_call, sample_seconds)
    n_r = _batch_size(reference_call, sample_seconds)
    th, tr = [], []
    for r in range(rounds):
        pairs = [(helper_call, n_h, th), (reference_call, n_r, tr)]
        if r % 2:
            pairs.reverse()
        for func, number, out in pairs:
            out.append(timeit.timeit(func, number=number) / number)
    return th, tr


def _as_float(value) -> float:
    return float(value[0] if isinstance(value, tuple) else value)


def _difference(case: Case, helper_call, reference_call) -> float:
    h, r = helper_call(), reference_call()
    if isinstance(h, np.ndarray):  # transport plans: compare the matrices
        return float(np.max(np.abs(h - np.asarray(r))))
    return abs(_as_float(h) - _as_float(r))


def run_case(case: Case, n: int | None = None, rounds: int = 41, sample_seconds: float = 0.002,
             seed: int = 20240601) -> Result:
    """Time one case at size ``n`` (the case's own size by default)."""
    helper_call, reference_call = case.make(case.n if n is None else n, np.random.default_rng(seed))
    difference = _difference(case, helper_call, reference_call)
    th, tr = compare(helper_call, reference_call, rounds, sample_seconds)
    ratios = [h / r for h, r in zip(th, tr, strict=True)]
    return Result(
        case,
        helper_us=statistics.median(th) * 1e6,
        reference_us=statistics.median(tr) * 1e6,
        ratio=statistics.median(ratios),
        best_ratio=min(th) / min(tr),
        difference=difference,
    )


def theta_sweep(n_theta: int = 200, n_grid: int = 2_000, repeats: int = 5) -> dict:
    """Time KL, JS and W1 of N(0, 1) vs N(theta, 1) on a grid, for ``n_theta`` values of theta.

    Returns seconds: the whole sweep including building the two discretised Gaussians
    (best of ``repeats``), the numerics alone (KL + JS + W1 on prepared vectors), and the
    median and slowest single theta of the whole-sweep run.
    """
    grid = np.linspace(-12.0, 12.0, n_grid)
    thetas = np.linspace(-6.0, 6.0, n_theta)
    pairs = [helpers.gaussian_pair(t, 1.0, grid) for t in thetas]

    def numerics(x, p, q):
        return (helpers.kl_divergence(p, q), helpers.js_divergence(p, q),
                helpers.wasserstein_1d(x, x, p, q))

    totals, numerics_only, per_theta = [], [], []
    for _ in range(repeats):
        times = []
        start = timeit.default_timer()
        for t in thetas:
            t0 = timeit.default_timer()
            numerics(*helpers.gaussian_pair(t, 1.0, grid))
            times.append(timeit.default_timer() - t0)
        totals.append(timeit.default_timer() - start)
        per_theta.append(times)
        start = timeit.default_timer()
        for pair in pairs:
            numerics(*pair)
        numerics_only.append(timeit.default_timer() - start)
    best = int(np.argmin(totals))
    return {
        "n_theta": n_theta,
        "n_grid": n_grid,
        "total": totals[best],
        "numerics_only": min(numerics_only),
        "median_theta": statistics.median(per_theta[best]),
        "max_theta": max(per_theta[best]),
    }


# --- machine and report ----------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _blas() -> str:
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        simd = config.get("SIMD Extensions", {}).get("found", [])
        return f"{blas.get('name')} {blas.get('version')}; numpy SIMD: {', '.join(simd)}"
    except Exception:  # older numpy without mode="dicts"
        return "unknown"


def machine_info() -> dict:
    pot = getattr(ot, "__version__", "not installed") if ot is not None else "not installed"
    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    return {
        "date": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pot": pot,
        "blas": _blas(),
        "openblas_env": env,
    }


def _fmt_time(us: float) -> str:
    return f"{us / 1000:.2f} ms" if us >= 1000 else f"{us:.1f} µs"


def results_table(results: list[Result]) -> str:
    lines = [
        "| case | size | helper | reference | helper time | reference time | ratio (median) "
        "| ratio (best) | target | verdict | abs. difference |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results:
        c = r.case
        target = f"≤ {c.target:g}×" if c.target is not None else "report"
        lines.append(
            f"| {c.name} | {c.size_label} | `{c.helper}` | `{c.reference}` | "
            f"{_fmt_time(r.helper_us)} | {_fmt_time(r.reference_us)} | {r.ratio:.2f}× | "
            f"{r.best_ratio:.2f}× | {target} | {r.verdict} | {r.difference:.1e} |"
        )
    return "\n".join(lines)


def sweep_text(s: dict) -> str:
    return (
        f"Sweep of {s['n_theta']} θ values, N(0, 1) vs N(θ, 1) on a {s['n_grid']:,}-point grid, "
        f"KL + JS + W1 at each θ: **{s['total'] * 1000:.0f} ms in all** "
        f"({s['total'] / s['n_theta'] * 1000:.2f} ms per θ, median {s['median_theta'] * 1000:.2f} "
        f"ms, slowest {s['max_theta'] * 1000:.2f} ms), including building the two discretised "
        f"Gaussians; the three measures alone on prepared vectors take "
        f"{s['numerics_only'] * 1000:.0f} ms ({s['numerics_only'] / s['n_theta'] * 1000:.2f} ms "
        f"per θ)."
    )


def render_section(results: list[Result], sweep: dict, info: dict, rounds: int) -> str:
    load = info["load"]
    load_text = (
        f"load average {load[0]:.2f} at the start of the run" if load else "load not recorded"
    )
    if info["openblas_env"]:
        env_note = (
            "Measured with " + ", ".join(f"`{k}={v}`" for k, v in info["openblas_env"].items())
            + " set, as this machine sets it for older OpenBLAS builds; it slows a current "
            "numpy's BLAS calls (for both sides of a ratio alike where both use BLAS). To "
            "measure without it, unset both OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for that one "
            "command only (`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE make bench`) and check "
            "which kernel then runs with threadpoolctl; never change them in tests or CI."
        )
    else:
        env_note = (
            "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE were not set in this run (some machines of "
            "this project set them for older OpenBLAS builds; they slow a current numpy: unset "
            "both for the benchmark command only, never in tests or CI)."
        )
    failures = [r for r in results if r.verdict == "FAIL"]
    verdict = (
        "Every case meets its target."
        if not failures
        else "Missed: " + ", ".join(f"{r.case.name} ({max(r.ratio, r.best_ratio):.2f}× > "
                                    f"{r.case.target:g}×)"
                                    for r in failures) + "."
    )
    return "\n".join([
        "## Numerics",
        "",
        f"Measured {info['date']} with `python benchmarks/bench_numerics.py --write-readme` "
        "(`make bench` prints the same tables without writing).",
        "",
        f"- Machine: {info['cpu']}, {info['cores']} cores, shared with about five other "
        f"engineers' test runs while measuring ({load_text}).",
        f"- Python {info['python']}, numpy {info['numpy']}, scipy {info['scipy']}, "
        f"POT {info['pot']}; BLAS: {info['blas']}.",
        f"- {env_note}",
        "",
        "Method: helper and reference run in one process on the same inputs, interleaved: "
        f"{rounds} rounds, each timing a batch of calls of about 2 ms for each side, the order "
        "alternating between rounds. *ratio (median)* is the median of the per-round ratios "
        "helper / reference; *ratio (best)* divides the best batch times. A case passes only "
        "if both ratios meet its target. Because the machine was loaded, the absolute times "
        "are inflated and vary from run to run; the ratios, measured side by side, are what is "
        "robust to load. "
        "*abs. difference* is |helper − reference| on the same inputs (the largest entry for "
        "plans).",
        "",
        results_table(results),
        "",
        verdict,
        "",
        "Notes: the half-zeros rows give p and q zeros in about half of their entries (so they "
        "exercise the 0 log 0 = 0 convention). `emd` solves the general linear program with "
        "HiGHS through scipy, far slower than POT's network simplex; it is used on the small "
        "examples of the notebooks only, so it is reported, not targeted. On this busy 2-core "
        "machine a BLAS dot product of ~2·10⁴ entries (OpenBLAS wakes its threads above about "
        "10⁴) often stalls for milliseconds: scipy's `wasserstein_distance` ends in one "
        "(`np.vecdot`), which is why its median time is far above its best one (in a separate "
        "check, 16 ms median against 4.7 ms with `OPENBLAS_NUM_THREADS=1`) and why the W1 rows'"
        " median ratio flatters the helper; their best ratio is the fairer one, though it too "
        "flatters when every reference batch stalled. The helpers sum "
        "with `np.add.reduce` instead.",
        "",
        "Slider workload: s" + sweep_text(sweep)[1:] + " The slowest single θ includes any pause "
        "while another process held the CPU; a slider's browser budget is 50 ms per move.",
    ])


def replace_section(text: str, body: str) -> str:
    """Replace what lies between the numerics markers in ``text`` with ``body``."""
    start, stop = text.find(BEGIN), text.find(END)
    if start < 0 or stop < start:
        raise ValueError(f"README has no {BEGIN} ... {END} section")
    return text[: start + len(BEGIN)] + "\n" + body.strip() + "\n" + text[stop:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-readme", action="store_true",
                        help="rewrite the numerics section of benchmarks/README.md")
    parser.add_argument("--rounds", type=int, default=41, help="interleaved rounds per case")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    args = parser.parse_args(argv)

    info = machine_info()
    print(f"{info['cpu']}, {info['cores']} cores, load {info['load']}; Python {info['python']}, "
          f"numpy {info['numpy']}, scipy {info['scipy']}, POT {info['pot']}")
    if info["openblas_env"]:
        print(f"note: {info['openblas_env']} set (slows a current numpy's BLAS)")
    results = []
    for case in CASES:
        if args.only not in case.name:
            continue
        if case.needs_pot and ot is None:
            print(f"skip {case.name}: POT is not installed")
            continue
        results.append(run_case(case, rounds=args.rounds))
        r = results[-1]
        print(f"{case.name:32s} {_fmt_time(r.helper_us):>10s} {_fmt_time(r.reference_us):>10s} "
              f"ratio {r.ratio:5.2f}× (best {r.best_ratio:5.2f}×) {r.verdict}", flush=True)
    sweep = theta_sweep()
    print()
    print(results_table(results))
    print()
    print(sweep_text(sweep))
    if args.write_readme:
        if args.only:
            parser.error("--write-readme needs the full set of cases (drop --only)")
        body = render_section(results, sweep, info, args.rounds)
        README.write_text(replace_section(README.read_text(encoding="utf-8"), body),
                          encoding="utf-8")
        print(f"\nwrote the numerics section of {README}")
    return 1 if any(r.verdict == "FAIL" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
