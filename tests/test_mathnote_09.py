"""Checks for the claims of mathnotes/09-divergences-from-samples.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import gamma

from helpers import LOG2, gaussian_js, js_divergence, kl_divergence, wasserstein_1d
from helpers.estimators import (
    base_samples,
    critic_w1,
    discriminator_estimates,
    js_lower_bound,
    kl_knn,
    kl_lower_bound,
    mean_abs_cos,
    plugin_histograms,
    plugin_js,
    plugin_kl,
    showdown_sweep,
    sliced_wasserstein,
    w1_rate,
    wasserstein_empirical,
)

from .test_estimators import naive_kl_knn


@pytest.mark.claim("samples-plugin-infinite")
def test_plugin_infinite_exactly_when_data_without_model():
    rng = np.random.default_rng(0)
    for _ in range(300):
        d = int(rng.integers(1, 3))
        x = rng.normal(0, 1, (int(rng.integers(3, 40)), d))
        y = rng.normal(rng.uniform(-2, 2), 1, (int(rng.integers(3, 40)), d))
        bins = int(rng.integers(1, 12))
        p, q, _ = plugin_histograms(x, y, bins)
        assert math.isinf(plugin_kl(x, y, bins)) == bool(np.any((p > 0) & (q == 0)))
        assert (plugin_js(x, y, bins) == LOG2) == bool(not np.any((p > 0) & (q > 0)))
    # the parallel lines from samples: bins narrower than θ separate them
    for theta in (0.3, 1.0, 4.0):
        x, y0 = base_samples("lines", 256, 1)
        y = y0 + [theta, 0.0]
        assert plugin_kl(x, y, 10) == math.inf and plugin_js(x, y, 10) == LOG2


@pytest.mark.claim("samples-plugin-bias")
@pytest.mark.parametrize("bins, n", [(10, 2000), (40, 4000)])
def test_plugin_bias_when_p_equals_q(bins, n):
    rng = np.random.default_rng(bins)
    pi = np.full(bins, 1 / bins)
    kl, js = [], []
    for _ in range(600):
        a, b = rng.multinomial(n, pi) / n, rng.multinomial(n, pi) / n
        kl.append(kl_divergence(a, b))
        js.append(js_divergence(a, b))
    assert all(math.isfinite(v) for v in kl)
    assert np.mean(kl) == pytest.approx((bins - 1) / 2 * (2 / n), rel=0.15)
    assert np.mean(js) == pytest.approx((bins - 1) / 8 * (2 / n), rel=0.15)


@pytest.mark.claim("samples-epsilon-smoothing")
@pytest.mark.parametrize("eps", [1e-2, 1e-4, 1e-6])
def test_epsilon_smoothing_of_the_lines(eps):
    for theta in (0.5, 2.0, 5.0):  # the lines' x-coordinates: all data in one bin, model in another
        x, y0 = base_samples("lines", 256, 2)
        value = plugin_kl(x[:, 0], y0[:, 0] + theta, 10, epsilon=eps)
        assert value == pytest.approx(math.log((1 + eps) / eps) / (1 + 10 * eps), rel=1e-12)


@pytest.mark.claim("samples-knn-formula")
@pytest.mark.parametrize("k", [1, 2, 4])
def test_knn_equals_the_formula(k):
    rng = np.random.default_rng(k)
    x, y = rng.normal(size=(80, 2)), rng.normal(1, 1, size=(70, 2))
    assert kl_knn(x, y, k) == pytest.approx(naive_kl_knn(x, y, k), rel=1e-12)


@pytest.mark.claim("samples-knn-gaussian")
@pytest.mark.parametrize("seed", range(4))
def test_knn_converges_on_gaussians(seed):
    rng = np.random.default_rng(seed)
    mu = np.array([0.6, 0.8])
    x, y = rng.normal(size=(8000, 2)), rng.normal(size=(8000, 2)) + mu
    assert kl_knn(x, y) == pytest.approx(0.5, abs=0.08)


@pytest.mark.claim("samples-knn-lines-grow")
@pytest.mark.parametrize("seed", range(3))
def test_knn_on_lines_grows_by_d_per_e_fold(seed):
    sizes = np.array([200, 2000, 20000])
    values = []
    for n in sizes:
        x, y0 = base_samples("lines", int(n), seed)
        values.append(kl_knn(x, y0 + [1.0, 0.0]))
    slope = np.polyfit(np.log(sizes), values, 1)[0]
    assert slope == pytest.approx(2.0, abs=0.25)
    assert values[-1] == pytest.approx(2 * math.log(2 * 20000 * 1.0), abs=1.5)


@pytest.mark.claim("samples-w1-sorting")
def test_sorting_equals_the_assignment():
    rng = np.random.default_rng(5)
    for n in (1, 7, 60):
        u, v = rng.normal(size=n), rng.standard_cauchy(size=n)
        sorted_w1 = np.mean(np.abs(np.sort(u) - np.sort(v)))
        assert sorted_w1 == pytest.approx(wasserstein_empirical(u, v), rel=1e-12)
        assert sorted_w1 == pytest.approx(wasserstein_1d(u, v), rel=1e-12)


@pytest.mark.claim("samples-w1-rate")
@pytest.mark.parametrize("d, low, high", [(1, -0.6, -0.4), (2, -0.6, -0.35), (5, -0.32, -0.15)])
@pytest.mark.parametrize("seed", [0, 1])
def test_w1_rates(d, low, high, seed):
    sizes, means = w1_rate(d, sizes=(32, 64, 128, 256), repeats=6, seed=seed)
    slope = np.polyfit(np.log(sizes), np.log(means), 1)[0]
    assert low < slope < high
    assert 2.0**5 == 32  # the factor of data that halves an n^(-1/5) error


@pytest.mark.claim("samples-sliced-below-w1")
@pytest.mark.parametrize("seed", range(4))
def test_sliced_never_exceeds_w1(seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(60, 2)), rng.standard_t(3, size=(60, 2)) * 1.5
    assert sliced_wasserstein(x, y, 300, seed) <= wasserstein_empirical(x, y)


@pytest.mark.claim("samples-sliced-shift")
@pytest.mark.parametrize("seed", range(5))
def test_sliced_shift_constant(seed):
    phi = np.linspace(0, 2 * math.pi, 2_000_001)
    assert np.trapezoid(np.abs(np.cos(phi)), phi) / (2 * math.pi) == pytest.approx(2 / math.pi,
                                                                                   rel=1e-9)
    assert mean_abs_cos(2) == pytest.approx(2 / math.pi, rel=1e-14)
    assert mean_abs_cos(3) == pytest.approx(0.5, rel=1e-14)
    for d in (2, 3, 4, 7):
        assert mean_abs_cos(d) == pytest.approx(gamma(d / 2) / (math.sqrt(math.pi)
                                                                * gamma((d + 1) / 2)))
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(3000, 2)), rng.normal(size=(3000, 2)) + [2.0, 0.0]
    assert sliced_wasserstein(x, y, 400, seed) == pytest.approx(4 / math.pi, abs=0.07)


def _grid(theta):
    z = np.linspace(-10, 10 + theta, 100_001)
    w = z[1] - z[0]
    p = np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi) * w
    q = np.exp(-0.5 * (z - theta) ** 2) / math.sqrt(2 * math.pi) * w
    return z, p, q


@pytest.mark.claim("samples-kl-bound")
@pytest.mark.parametrize("theta", [0.5, 2.0])
def test_kl_bound(theta):
    z, p, q = _grid(theta)
    kl = theta**2 / 2
    t_star = 1 + np.log(p / q)
    assert np.sum(p * t_star) - np.sum(q * np.exp(t_star - 1)) == pytest.approx(kl, abs=1e-8)
    rng = np.random.default_rng(1)
    for _ in range(100):
        t = rng.normal() * z + rng.normal() + rng.normal() * np.tanh(z)
        assert np.sum(p * t) - np.sum(q * np.exp(t - 1)) <= kl + 1e-12
    x, y = rng.normal(0, 1, 300_000), rng.normal(theta, 1, 300_000)
    assert kl_lower_bound(1 - theta * x + theta**2 / 2, 1 - theta * y + theta**2 / 2) == (
        pytest.approx(kl, abs=0.05))


@pytest.mark.claim("samples-js-bound")
@pytest.mark.parametrize("theta", [0.5, 2.0])
def test_js_bound(theta):
    z, p, q = _grid(theta)
    js = gaussian_js(theta, 1.0)
    log_m = np.log(p + q)
    best = 0.5 * np.sum(p * (np.log(p) - log_m)) + 0.5 * np.sum(q * (np.log(q) - log_m)) + LOG2
    assert best == pytest.approx(js, abs=1e-8)
    rng = np.random.default_rng(2)
    for _ in range(100):
        logit = rng.normal(0, 3) * z + rng.normal(0, 2)
        bound = -0.5 * np.sum(p * np.logaddexp(0, -logit)) - 0.5 * np.sum(
            q * np.logaddexp(0, logit)) + LOG2
        assert bound <= js + 1e-12
    x, y = rng.normal(0, 1, 300_000), rng.normal(theta, 1, 300_000)

    def d_star(u):
        return 1 / (1 + np.exp(theta * u - theta**2 / 2))

    assert js_lower_bound(d_star(x), d_star(y)) == pytest.approx(js, abs=0.01)


@pytest.mark.claim("samples-critic-bound")
@pytest.mark.parametrize("theta", [-1.0, 1.5])
def test_critic_bound(theta):
    rng = np.random.default_rng(3)
    x, y = rng.normal(0, 1, 300_000), rng.normal(theta, 1, 300_000)
    assert critic_w1(-np.sign(theta) * x, -np.sign(theta) * y) == pytest.approx(abs(theta),
                                                                               abs=0.01)
    for f in (np.tanh, np.sin, lambda u: np.abs(u - 1), lambda u: -np.clip(u, -0.5, 2)):
        assert critic_w1(f(x), f(y)) <= abs(theta) + 0.01


@pytest.mark.claim("samples-discriminator-overfits")
@pytest.mark.parametrize("seed", range(6))
def test_discriminator_estimates_over_seeds(seed):
    est = discriminator_estimates(1.5, (16, 256), seed=seed)
    small, large = est["runs"][16], est["runs"][256]
    assert est["exact_js"] == pytest.approx(0.221, abs=5e-4)
    assert small["js_train"] - small["js_fresh"] > 0.05
    assert large["js_fresh"] == pytest.approx(est["exact_js"], abs=0.03)
    assert 1.5 <= large["w1_fresh"] < 1.65


@pytest.mark.claim("samples-showdown")
def test_showdown_from_samples():
    thetas = np.arange(-4, 4.01, 0.25)
    lines = showdown_sweep("lines", thetas, repeats=10)
    apart = thetas != 0
    assert np.all(np.isinf(lines["plugin_kl"][apart]))
    assert np.all(lines["plugin_js"][apart] == LOG2)
    sliced = lines["sliced"]
    exact = 2 * np.abs(thetas) / math.pi
    assert np.all((sliced.min(axis=1) <= exact + 0.02) & (exact - 0.02 <= sliced.max(axis=1)))
    median = np.median(sliced, axis=1)
    assert np.all(np.diff(median[thetas >= 0]) > 0) and np.all(np.diff(median[thetas <= 0]) < 0)
    knn = np.median(lines["kl_knn"], axis=1)
    assert np.all(np.isfinite(knn))
    positive = thetas > 0
    assert np.all(np.diff(knn[positive]) > 0)
    # grows like 2 log|θ|: from θ = 0.5 to θ = 4 by about 2 log 8
    i, j = list(thetas).index(0.5), list(thetas).index(4.0)
    assert knn[j] - knn[i] == pytest.approx(2 * math.log(8), abs=1.0)
    gauss = showdown_sweep("gaussians", [2.0], repeats=10)
    assert np.median(gauss["kl_knn"]) < 0.75 * 8.0  # far below KL = 8 at 256 points
    assert np.all(np.isinf(gauss["plugin_kl"]))  # a tail bin without model points, every time


@pytest.mark.claim("samples-w1-rate")
@pytest.mark.parametrize("d, low, high", [(1, -0.6, -0.4), (2, -0.65, -0.4), (5, -0.3, -0.17)])
def test_w1_rates_as_printed_in_the_notebook(d, low, high):
    sizes, means = w1_rate(d, sizes=np.geomspace(16, 256, 5).astype(int), repeats=4)
    slope = np.polyfit(np.log(sizes), np.log(means), 1)[0]
    assert low < slope < high
