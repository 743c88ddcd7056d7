"""helpers.estimators: divergences from samples, against closed forms and naive references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from helpers import LOG2, gaussian_js, js_divergence, kl_divergence, wasserstein_1d
from helpers.estimators import (
    as_points,
    critic_w1,
    js_lower_bound,
    kl_knn,
    kl_lower_bound,
    mean_abs_cos,
    plugin_histograms,
    plugin_js,
    plugin_kl,
    sliced_wasserstein,
    wasserstein_empirical,
)

SEEDS = range(5)


def naive_kl_knn(x, y, k=1):
    """The same formula from full distance matrices (the reference of the benchmark too)."""
    x, y = as_points(x, "x"), as_points(y, "y")
    n, m, d = len(x), len(y), x.shape[1]
    rho = np.sort(cdist(x, x), axis=1)[:, k]  # column 0 is the point itself
    nu = np.sort(cdist(x, y), axis=1)[:, k - 1]
    return d * np.mean(np.log(nu / rho)) + math.log(m / (n - 1))


# --- kl_knn ----------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 3])
@pytest.mark.parametrize("d", [1, 2, 3])
def test_kl_knn_equals_the_formula_with_all_pairs(k, d):
    rng = np.random.default_rng(d * 10 + k)
    x, y = rng.normal(size=(60, d)), rng.normal(0.5, 1.5, size=(45, d))
    assert kl_knn(x, y, k) == pytest.approx(naive_kl_knn(x, y, k), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("d, shift", [(1, 1.0), (2, 1.5), (2, 0.0)])
def test_kl_knn_recovers_the_gaussian_kl(seed, d, shift):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(4000, d))
    y = rng.normal(size=(4000, d))
    y[:, 0] += shift
    exact = shift**2 / 2  # KL(N(0, I) || N(μ, I)) = |μ|²/2
    assert kl_knn(x, y) == pytest.approx(exact, abs=0.12)
    assert kl_knn(x, y, k=5) == pytest.approx(exact, abs=0.2)  # larger k: less spread, more bias


def test_kl_knn_with_unequal_scales_and_sizes():
    rng = np.random.default_rng(7)
    x, y = rng.normal(0, 1, 5000), rng.normal(0, 2, 3000)
    exact = math.log(2) + 1 / 8 - 0.5  # KL(N(0,1) || N(0,4))
    assert kl_knn(x, y, k=4) == pytest.approx(exact, abs=0.05)


def test_kl_knn_on_parallel_lines_grows_like_log_n():
    rng = np.random.default_rng(3)
    values = []
    for n in (100, 1000, 10000):
        x = np.column_stack([np.zeros(n), rng.random(n)])
        y = np.column_stack([np.ones(n), rng.random(n)])
        values.append(kl_knn(x, y))
    growth = np.diff(values) / math.log(10)
    assert np.all(growth > 1.5)  # about d = 2 per unit of log n: no limit, KL = ∞


def test_kl_knn_rejects_bad_input_with_located_messages():
    x = np.arange(6.0)
    with pytest.raises(ValueError, match=r"k = 6 needs at least k \+ 1 = 7 points in x"):
        kl_knn(x, x + 0.5, k=6)
    with pytest.raises(ValueError, match="k = 3 needs at least 3 points in y; y has 2"):
        kl_knn(x, [0.5, 1.5], k=3)
    with pytest.raises(ValueError, match="same dimension: x has points in 2-D, y in 3-D"):
        kl_knn(np.ones((4, 2)), np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"x\[2, 1\] is NaN"):
        kl_knn([[0, 0], [1, 1], [2, np.nan]], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"y\[1\] is inf"):
        kl_knn(x, [0.5, np.inf])
    with pytest.raises(ValueError, match="k must be a positive integer"):
        kl_knn(x, x + 0.5, k=0)
    with pytest.raises(ValueError, match="k must be a positive integer"):
        kl_knn(x, x + 0.5, k=1.5)
    with pytest.raises(ValueError, match="shape"):
        kl_knn(np.ones((2, 2, 2)), np.ones((2, 2)))
    with pytest.raises(TypeError):
        kl_knn("abc", x)


def test_kl_knn_duplicate_rule():
    with pytest.raises(ValueError, match=r"duplicate points: x\[1\] = \[1.0\] coincides with its "
                                         r"1st nearest neighbour in x"):
        kl_knn([0.0, 1.0, 1.0, 3.0], [0.5, 1.5, 2.5])
    with pytest.raises(ValueError, match=r"x\[0\] = \[0.0\] coincides with y\[0\]"):
        kl_knn([0.0, 1.0, 3.0], [0.0, 1.5, 2.5])
    # one duplicate pair is fine for k = 2 (the 2nd neighbour is elsewhere)
    assert math.isfinite(kl_knn([0.0, 1.0, 1.0, 3.0], [0.5, 1.5, 2.5], k=2))


# --- plug-in estimates -----------------------------------------------------------------------


def test_plugin_kl_is_infinite_exactly_where_the_definition_says():
    rng = np.random.default_rng(11)
    for _ in range(200):
        x = rng.normal(0, 1, int(rng.integers(5, 60)))
        y = rng.normal(rng.uniform(-2, 2), 1, int(rng.integers(5, 60)))
        bins = int(rng.integers(1, 40))
        p, q, _ = plugin_histograms(x, y, bins)
        data_no_model = bool(np.any((p > 0) & (q == 0)))
        value = plugin_kl(x, y, bins)
        assert math.isinf(value) == data_no_model
        if not data_no_model:
            mask = p > 0
            assert value == pytest.approx(np.sum(p[mask] * np.log(p[mask] / q[mask])), abs=1e-12)
        assert 0.0 <= plugin_js(x, y, bins) <= LOG2
        assert plugin_js(x, y, bins) == js_divergence(p, q)


def test_plugin_counts_and_edges():
    p, q, edges = plugin_histograms([0.0, 0.5, 1.0, 1.5], [1.9, 2.0], [0.0, 1.0, 2.0])
    assert p.tolist() == [0.5, 0.5] and q.tolist() == [0.0, 1.0]
    assert plugin_kl([0.0, 0.5, 1.0, 1.5], [1.9, 2.0], [0.0, 1.0, 2.0]) == math.inf
    assert plugin_kl([1.9, 2.0], [0.0, 0.5, 1.0, 1.5], [0.0, 1.0, 2.0]) == pytest.approx(LOG2)
    assert len(edges) == 1 and edges[0].tolist() == [0.0, 1.0, 2.0]
    # 2-D: bins per coordinate over the pooled range
    p, q, edges = plugin_histograms([[0, 0], [1, 1]], [[0, 1], [1, 0]], 2)
    assert p.tolist() == [0.5, 0.0, 0.0, 0.5] and q.tolist() == [0.0, 0.5, 0.5, 0.0]
    assert plugin_js([[0, 0], [1, 1]], [[0, 1], [1, 0]], 2) == LOG2
    # all points equal: one bin of width 1 around them
    assert plugin_kl([2.0, 2.0], [2.0], 3) == 0.0


def test_parallel_lines_from_samples():
    rng = np.random.default_rng(5)
    for theta in (0.05, 0.5, 3.0):
        x = np.column_stack([np.zeros(256), rng.random(256)])
        y = np.column_stack([np.full(256, theta), rng.random(256)])
        assert plugin_kl(x, y, 10) == math.inf
        assert plugin_js(x, y, 10) == LOG2
        assert wasserstein_empirical(x[:64] * [1, 0], y[:64] * [1, 0]) == pytest.approx(theta)


def test_epsilon_smoothing_makes_kl_finite_and_decided_by_epsilon():
    x, y = np.zeros(100), np.full(100, 5.0)
    values = [plugin_kl(x, y, 10, epsilon=e) for e in (1e-4, 1e-6, 1e-8, 1e-10)]
    assert all(math.isfinite(v) for v in values)
    # every extra factor 100 in 1/ε adds about log 100 nats: the value reports ε, not the data
    assert np.diff(values) == pytest.approx([math.log(100)] * 3, abs=0.05)
    p, q, _ = plugin_histograms(x, y, 10, epsilon=1e-3)
    assert p.sum() == pytest.approx(1.0) and q.min() > 0


def test_plugin_kl_converges_for_smooth_densities_on_a_shared_support():
    # P = Beta(2, 2), Q = U[0, 1]: KL = -h(Beta(2, 2)) = log 6 - 5/3
    exact = math.log(6) - 5 / 3
    edges = np.linspace(0, 1, 21)
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        x, y = rng.beta(2, 2, 200_000), rng.random(200_000)
        assert plugin_kl(x, y, edges) == pytest.approx(exact, abs=0.01)


def test_plugin_rejects_bad_input():
    with pytest.raises(ValueError, match=r"x\[1\] = 5.0 lies outside the bin edges \[0.0, 2.0\]"):
        plugin_kl([0.5, 5.0], [1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match=r"bins\[2\] = 1.0 is not above bins\[1\] = 1.0"):
        plugin_kl([0.5], [0.5], [0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="bins must be a positive integer"):
        plugin_kl([0.5], [0.5], 0)
    with pytest.raises(ValueError, match="1-D samples only"):
        plugin_kl(np.ones((3, 2)), np.ones((3, 2)), [0.0, 1.0])
    with pytest.raises(ValueError, match="epsilon must be a finite number >= 0"):
        plugin_js([0.5], [0.5], 3, epsilon=-1e-3)
    with pytest.raises(ValueError, match=r"x has 0 point\(s\)"):
        plugin_js([], [0.5], 3)


# --- W1 from samples -------------------------------------------------------------------------


def test_mean_abs_cos_is_two_over_pi_in_the_plane():
    assert mean_abs_cos(2) == pytest.approx(2 / math.pi, rel=1e-14)
    phi = np.linspace(0, 2 * math.pi, 1_000_001)[:-1]
    assert np.mean(np.abs(np.cos(phi))) == pytest.approx(2 / math.pi, rel=1e-9)
    assert mean_abs_cos(3) == pytest.approx(0.5, rel=1e-14)  # E|z| on the sphere in 3-D
    rng = np.random.default_rng(0)
    v = rng.normal(size=(400_000, 5))
    assert np.mean(np.abs(v[:, 0]) / np.linalg.norm(v, axis=1)) == pytest.approx(
        mean_abs_cos(5), abs=3e-3)


@pytest.mark.parametrize("seed", SEEDS)
def test_sliced_w1_of_a_shifted_gaussian_is_two_mu_over_pi(seed):
    rng = np.random.default_rng(seed)
    mu = np.array([1.2, -0.9])  # |μ| = 1.5
    x, y = rng.normal(size=(4000, 2)), rng.normal(size=(4000, 2)) + mu
    exact = 2 * 1.5 / math.pi
    assert sliced_wasserstein(x, y, n_projections=500, seed=seed) == pytest.approx(exact,
                                                                                  abs=0.06)


def test_sliced_w1_of_identical_shapes_is_exact_per_direction():
    x = np.random.default_rng(4).normal(size=(300, 2))
    for seed in SEEDS:
        dirs = np.random.default_rng(seed).standard_normal((50, 2))
        dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
        expected = np.mean(np.abs(dirs @ np.array([2.0, 0.0])))
        assert sliced_wasserstein(x, x + [2.0, 0.0], 50, seed) == pytest.approx(expected,
                                                                               rel=1e-12)


def test_sliced_w1_basic_properties():
    rng = np.random.default_rng(9)
    x, y = rng.normal(size=(200, 2)), rng.normal(1.0, 1.0, size=(150, 2))
    assert sliced_wasserstein(x, y, 30, 3) == sliced_wasserstein(x, y, 30, 3)  # per seed
    assert sliced_wasserstein(x, y, 30, 3) != sliced_wasserstein(x, y, 30, 4)
    assert sliced_wasserstein(x, x, 30) == 0.0
    u, v = rng.normal(size=100), rng.normal(2, 1, size=70)
    assert sliced_wasserstein(u, v, 5) == wasserstein_1d(u, v)  # 1-D: exact W1
    # unequal sizes agree with the equal-size path when the samples are duplicated
    a, b = x[:100], y[:50]
    assert sliced_wasserstein(a, np.concatenate([b, b]), 20, 1) == pytest.approx(
        sliced_wasserstein(a, b, 20, 1), rel=1e-12)
    # sliced W1 never exceeds W1 (each projection is 1-Lipschitz)
    assert sliced_wasserstein(x[:100], y[:100], 200) <= wasserstein_empirical(x[:100], y[:100])
    with pytest.raises(ValueError, match="n_projections must be a positive integer"):
        sliced_wasserstein(x, y, 0)
    with pytest.raises(ValueError, match="seed must be an integer >= 0"):
        sliced_wasserstein(x, y, 5, seed=-1)
    with pytest.raises(ValueError, match="same dimension"):
        sliced_wasserstein(x, np.ones((3, 3)))


def test_wasserstein_empirical():
    rng = np.random.default_rng(8)
    u, v = rng.normal(size=80), rng.normal(1, 2, size=80)
    assert wasserstein_empirical(u, v) == pytest.approx(wasserstein_1d(u, v), rel=1e-12)
    x = rng.normal(size=(50, 2))
    assert wasserstein_empirical(x, x + [0.3, 0.4]) == pytest.approx(0.5, rel=1e-12)
    with pytest.raises(ValueError, match="same number of points"):
        wasserstein_empirical(x, x[:10])


@pytest.mark.parametrize("d, low, high", [(1, -0.6, -0.4), (2, -0.6, -0.35), (5, -0.33, -0.15)])
def test_rate_of_the_empirical_w1(d, low, high):
    """Two samples of U[0,1]^d: E W1 ~ n^(-1/2) in 1-D, n^(-1/d) in d >= 3 (with a log in 2-D)."""
    from helpers.estimators import w1_rate

    sizes, means = w1_rate(d, sizes=(32, 64, 128, 256), repeats=6, seed=0)
    slope = np.polyfit(np.log(sizes), np.log(means), 1)[0]
    assert low < slope < high


# --- variational bounds ----------------------------------------------------------------------


def _normal(x, mu):
    return np.exp(-0.5 * (x - mu) ** 2) / math.sqrt(2 * math.pi)


@pytest.mark.parametrize("theta", [0.5, 1.0, 3.0])
def test_the_bounds_hold_for_any_function_and_are_tight_at_the_optimum(theta):
    z = np.linspace(-14, 14 + theta, 200_001)
    w = np.full_like(z, z[1] - z[0])
    p, q = _normal(z, 0.0) * w, _normal(z, theta) * w  # quadrature weights: E_P g = Σ g p
    js, kl = gaussian_js(theta, 1.0), theta**2 / 2
    log_m = np.log(p + q)  # log D* = log p - log(p + q), log(1 - D*) = log q - log(p + q)
    js_star = 0.5 * np.sum(p * (np.log(p) - log_m)) + 0.5 * np.sum(q * (np.log(q) - log_m)) + LOG2
    assert js_star == pytest.approx(js, abs=1e-9)
    t_star = 1 + np.log(p / q)
    assert np.sum(p * t_star) - np.sum(q * np.exp(t_star - 1)) == pytest.approx(kl, abs=1e-9)
    rng = np.random.default_rng(int(theta * 10))
    for _ in range(50):
        a, b = rng.normal(0, 2), rng.normal(0, 2)
        d = 1 / (1 + np.exp(-(a * z + b)))
        d = np.clip(d, 1e-300, 1 - 1e-16)
        bound = 0.5 * np.sum(p * np.log(d)) + 0.5 * np.sum(q * np.log1p(-d)) + LOG2
        assert bound <= js + 1e-12
        t = rng.normal(0, 1) * z + rng.normal(0, 1)
        assert np.sum(p * t) - np.sum(q * np.exp(t - 1)) <= kl + 1e-12
    # the sample versions of the helpers agree with these expectations on large samples
    x, y = rng.normal(0, 1, 400_000), rng.normal(theta, 1, 400_000)

    def dstar(u):
        return 1 / (1 + np.exp(theta * u - theta**2 / 2))

    assert js_lower_bound(dstar(x), dstar(y)) == pytest.approx(js, abs=0.01)
    assert kl_lower_bound(1 - theta * x + theta**2 / 2, 1 - theta * y + theta**2 / 2) == (
        pytest.approx(kl, abs=0.05 * max(1, kl)))
    assert critic_w1(-x, -y) == pytest.approx(theta, abs=0.01)


def test_bound_helpers_validate():
    assert js_lower_bound([0.5], [0.5]) == 0.0
    with pytest.raises(ValueError, match=r"d_fake\[1\] = 1.0: a discriminator's output must lie"):
        js_lower_bound([0.5], [0.2, 1.0])
    with pytest.raises(ValueError, match="t_real is empty"):
        kl_lower_bound([], [0.0])
    with pytest.raises(ValueError, match=r"f_fake\[0\] is NaN"):
        critic_w1([0.0], [np.nan])
    assert kl_divergence([1.0], [1.0]) == 0.0


def test_the_discriminator_experiment_does_not_depend_on_the_blas_kernel():
    """The notebook prints these numbers: the same with OpenBLAS's Haswell and SkylakeX kernels."""
    import json
    import os
    import subprocess
    import sys

    code = ("import json; from helpers.estimators import discriminator_estimates as d; "
            "r = d(1.5, (16, 64, 256))['runs']; "
            "print(json.dumps({n: [v[k] for k in ('js_train', 'js_fresh', 'w1_train', "
            "'w1_fresh')] for n, v in r.items()}))")
    results = []
    for kernel in ("Haswell", "SkylakeX"):
        env = {**os.environ, "OPENBLAS_CORETYPE": kernel}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True).stdout
        results.append(json.loads(out))
    for n in results[0]:
        assert results[0][n] == pytest.approx(results[1][n], abs=1e-6), n


def test_every_public_function_has_an_example():
    import inspect

    import helpers.estimators as module

    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            assert ">>>" in (inspect.getdoc(obj) or ""), f"{name} has no '>>>' example"
