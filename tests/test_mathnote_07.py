"""Numerical checks of every claim in mathnotes/07-the-gan-derivation.md."""

from __future__ import annotations

import math

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings
from scipy import integrate, stats
from scipy.special import expit, xlog1py, xlogy

from helpers import (
    LOG2,
    discretize_normal,
    gan_value,
    gaussian_js,
    gaussian_js_slope,
    js_divergence,
    kl_divergence,
    normalize,
    optimal_discriminator,
)
from helpers.exercises.bank_07 import three_modes
from helpers.gan import (
    frozen_generator_gradients,
    gaussian_frozen_gradients,
    logistic_discriminator,
    near_perfect_discriminator,
    noisy_discriminator_gradients,
    sharpness_for_error,
)
from helpers.showdown import gan_grid

from .strategies import vectors

THETAS = [-3.0, -1.2, 0.4, 1.0, 2.5, 4.0]


def _gaussians(theta, sigma=1.0):
    x = gan_grid(theta, sigma)
    return x, discretize_normal(x, 0.0, sigma), discretize_normal(x, theta, sigma)


# --- 2. the optimal discriminator --------------------------------------------------------------


@pytest.mark.claim("gan-pointwise-max")
@pytest.mark.parametrize(("a", "b"), [(0.3, 0.7), (2.0, 0.5), (1.0, 1.0), (0.0, 0.4), (0.6, 0.0)])
def test_pointwise_maximum(a, b):
    y = np.linspace(0.0, 1.0, 200001)
    f = xlogy(a, y) + xlog1py(b, -y)
    star = a / (a + b)
    best = float(xlogy(a, star) + xlog1py(b, -star))
    assert f.max() <= best + 1e-12
    assert y[np.argmax(f)] == pytest.approx(star, abs=1e-5)
    closed = float(xlogy(a, a / (a + b)) + xlogy(b, b / (a + b)))
    assert best == pytest.approx(closed, abs=1e-14)
    if 0 < star < 1:  # strictly concave: f'' < 0 by finite differences
        h = 1e-4
        second = (a * math.log(star + h) + b * math.log(1 - star - h) - 2 * best
                  + a * math.log(star - h) + b * math.log(1 - star + h)) / h**2
        assert second == pytest.approx(-a / star**2 - b / (1 - star) ** 2, rel=1e-4)


@pytest.mark.claim("gan-dstar-is-best")
@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(vectors(n), vectors(n), st.lists(
    st.floats(0.0, 1.0), min_size=n, max_size=n))))
def test_no_discriminator_beats_dstar(case):
    p_real, p_gen, d = case
    d_star = optimal_discriminator(p_real, p_gen)
    seen = (p_real + p_gen) > 0
    np.testing.assert_allclose(d_star[seen], p_real[seen] / (p_real + p_gen)[seen], atol=1e-15)
    assert np.all(d_star[~seen] == 0.5)
    assert gan_value(p_real, p_gen, np.array(d)) <= gan_value(p_real, p_gen, d_star) + 1e-12


@pytest.mark.claim("gan-dstar-gaussian")
@pytest.mark.parametrize("theta", THETAS)
@pytest.mark.parametrize("sigma", [0.5, 1.0, 2.0])
def test_dstar_of_two_gaussians_is_logistic(theta, sigma):
    x = np.linspace(-6, 6, 241)
    pr = stats.norm.pdf(x, 0, sigma)
    pg = stats.norm.pdf(x, theta, sigma)
    logistic = expit((theta**2 / 2 - theta * x) / sigma**2)
    np.testing.assert_allclose(pr / (pr + pg), logistic, rtol=1e-10, atol=1e-300)
    assert float(expit((theta**2 / 2 - theta * theta / 2) / sigma**2)) == 0.5  # the midpoint
    # steeper as theta grows: |slope| at the midpoint is |theta| / (4 sigma^2)
    h = 1e-6
    mid = theta / 2
    slope = (expit((theta**2 / 2 - theta * (mid + h)) / sigma**2)
             - expit((theta**2 / 2 - theta * (mid - h)) / sigma**2)) / (2 * h)
    assert abs(slope) == pytest.approx(abs(theta) / (4 * sigma**2), rel=1e-6)


# --- 3. the value --------------------------------------------------------------------------------


@pytest.mark.claim("gan-value-js")
@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(vectors(n), vectors(n))))
def test_value_is_2js_minus_2log2(case):
    p_real, p_gen = case
    value = gan_value(p_real, p_gen, optimal_discriminator(p_real, p_gen))
    assert value == pytest.approx(2 * js_divergence(p_real, p_gen) - 2 * LOG2, abs=1e-12)
    m = 0.5 * (p_real + p_gen)
    kl_sum = kl_divergence(p_real, m) + kl_divergence(p_gen, m)
    assert value == pytest.approx(kl_sum - 2 * LOG2, abs=1e-12)


@pytest.mark.claim("gan-global-minimum")
def test_global_minimum_exactly_at_equality():
    thetas = np.linspace(-5, 5, 101)
    values = []
    for theta in thetas:
        _, p, q = _gaussians(theta)
        v = gan_value(p, q, optimal_discriminator(p, q))
        assert v == pytest.approx(2 * gaussian_js(theta) - 2 * LOG2, abs=2e-5)
        assert -2 * LOG2 - 1e-12 <= v <= 0.0
        values.append(v)
    values = np.array(values)
    at_zero = values[np.argmin(np.abs(thetas))]
    assert at_zero == pytest.approx(-math.log(4), abs=1e-12)
    assert np.all(values[np.abs(thetas) > 1e-9] > -math.log(4) + 1e-6)
    assert -math.log(4) == pytest.approx(-1.386, abs=5e-4)
    _, p, q = _gaussians(40.0)
    assert gan_value(p, q, optimal_discriminator(p, q)) == pytest.approx(0.0, abs=1e-12)
    # D* = 1/2 everywhere at equality
    assert np.all(optimal_discriminator(p, p) == 0.5)


# --- 4. what depends on G ------------------------------------------------------------------------


@pytest.mark.claim("gan-real-term-moves")
@pytest.mark.parametrize("theta", [0.0, 0.5, 1.5, 3.0, 8.0])
def test_real_term_depends_on_theta_through_dstar(theta):
    _, p, q = _gaussians(theta)
    real_term = float(xlogy(p, optimal_discriminator(p, q)).sum())
    assert real_term == pytest.approx(gaussian_js(theta) - LOG2, abs=2e-5)
    value = gan_value(p, q, optimal_discriminator(p, q))
    assert real_term == pytest.approx(value / 2, abs=1e-9)
    if theta == 0.0:
        assert real_term == pytest.approx(-LOG2, abs=1e-12)
    if theta == 8.0:
        assert real_term == pytest.approx(0.0, abs=1e-3)


@pytest.mark.claim("gan-real-term-moves")
@pytest.mark.parametrize("theta", [0.5, 1.5, 3.0])
def test_real_term_moves_only_through_dstar(theta):
    # With D = D*_theta recomputed, the real term has slope ∂JS/∂θ (not 0): it depends on G.
    x = gan_grid(theta)
    p = discretize_normal(x, 0.0, 1.0)
    h = 1e-4

    def real_term(t, d=None):
        q = discretize_normal(x, t, 1.0)
        return float(xlogy(p, optimal_discriminator(p, q) if d is None else d).sum())

    moving = (real_term(theta + h) - real_term(theta - h)) / (2 * h)
    assert moving == pytest.approx(gaussian_js_slope(theta), rel=1e-3)
    assert moving > 0.05
    # With D held fixed (frozen at D*_theta), V changes with θ only through its fake term.
    q0 = discretize_normal(x, theta, 1.0)
    d = optimal_discriminator(p, q0)

    def v(t):
        return gan_value(p, discretize_normal(x, t, 1.0), d)

    def fake(t):
        return float(xlog1py(discretize_normal(x, t, 1.0), -d).sum())

    dv = (v(theta + h) - v(theta - h)) / (2 * h)
    dfake = (fake(theta + h) - fake(theta - h)) / (2 * h)
    assert dv == pytest.approx(dfake, rel=1e-9, abs=1e-12)
    assert (real_term(theta + h, d) - real_term(theta - h, d)) == 0.0


@pytest.mark.claim("gan-envelope")
@pytest.mark.parametrize("theta", THETAS)
def test_envelope_frozen_gradient_equals_total_derivative(theta):
    x = gan_grid(theta)
    h = 1e-4

    def value(t):
        p, q = discretize_normal(x, 0, 1), discretize_normal(x, t, 1)
        return gan_value(p, q, optimal_discriminator(p, q))

    total = (value(theta + h) - value(theta - h)) / (2 * h)
    frozen = gaussian_frozen_gradients(theta, x=x)["minimax"]
    assert frozen == pytest.approx(total, rel=1e-5, abs=1e-8)
    assert frozen == pytest.approx(2 * gaussian_js_slope(theta), rel=1e-3, abs=1e-5)


# --- 5. the two losses ---------------------------------------------------------------------------


@pytest.mark.claim("gan-logit-gradients")
@pytest.mark.parametrize("d", [1e-4, 1e-3, 0.01, 0.2, 0.5, 0.9])
def test_gradients_through_the_logit(d):
    a = math.log(d / (1 - d))
    h = 1e-6 * max(1.0, abs(a))

    def sat(u):
        return math.log(expit(-u))  # log(1 - l(u))

    def non(u):
        return -math.log(expit(u))

    g_sat = (sat(a + h) - sat(a - h)) / (2 * h)
    g_non = (non(a + h) - non(a - h)) / (2 * h)
    assert g_sat == pytest.approx(-d, rel=1e-6)
    assert g_non == pytest.approx(-(1 - d), rel=1e-6)
    assert g_non / g_sat == pytest.approx((1 - d) / d, rel=1e-5)
    # slopes in D itself
    hd = 1e-7 * d
    assert (math.log1p(-(d + hd)) - math.log1p(-(d - hd))) / (2 * hd) == pytest.approx(
        -1 / (1 - d), rel=1e-5)
    assert (-math.log(d + hd) + math.log(d - hd)) / (2 * hd) == pytest.approx(-1 / d, rel=1e-5)


# --- 6. Thm 2.4 on the boxes ---------------------------------------------------------------------


@pytest.mark.claim("gan-box-gradient")
@pytest.mark.parametrize("k", [0.5, 2.0, 5.0, 12.0])
def test_box_gradient_closed_form(k):
    gap = 3.0
    out = near_perfect_discriminator(k, gap)

    def loss(theta):
        value, _ = integrate.quad(
            lambda x: math.log1p(-float(logistic_discriminator([x], k, gap / 2)[0])),
            theta, theta + 1, epsabs=1e-15, epsrel=1e-12)
        return value

    h = 1e-4
    assert out["gradient"] == pytest.approx((loss(gap + h) - loss(gap - h)) / (2 * h),
                                            rel=1e-5, abs=1e-14)
    mean_d, _ = integrate.quad(lambda x: float(logistic_discriminator([x], k, gap / 2)[0]),
                               gap, gap + 1, epsabs=1e-16, epsrel=1e-12)
    assert out["gradient"] == pytest.approx(k * mean_d, rel=1e-8, abs=1e-15)
    s = float(expit(-k * gap / 2))
    assert out["error"] == pytest.approx(s + k * s * (1 - s), rel=1e-14)


@pytest.mark.claim("gan-box-bound")
def test_box_gradient_below_the_bound_and_vanishing():
    ks = np.linspace(0.05, 25, 500)
    outs = [near_perfect_discriminator(k) for k in ks]
    errors = np.array([o["error"] for o in outs])
    assert errors[0] == pytest.approx(0.5, abs=0.01) and np.all(np.diff(errors) < 0)
    for o in outs:
        assert 0 < o["gradient"] < o["error"] / (1 - o["error"])
    for eps in (1e-2, 1e-8):
        assert near_perfect_discriminator(sharpness_for_error(eps))["gradient"] < eps


@pytest.mark.claim("gan-box-nonsaturating")
@pytest.mark.parametrize("eps", [0.3, 1e-2, 1e-4, 1e-8])
def test_box_nonsaturating_gradient_grows(eps):
    k = sharpness_for_error(eps)
    out = near_perfect_discriminator(k)
    assert out["nonsaturating_gradient"] == pytest.approx(k - out["gradient"], rel=1e-12)
    assert k - eps / (1 - eps) <= out["nonsaturating_gradient"] <= k

    def loss(theta):
        value, _ = integrate.quad(
            lambda x: -math.log(float(logistic_discriminator([x], k, 1.5)[0])),
            theta, theta + 1, epsabs=1e-14, epsrel=1e-12)
        return value

    h = 1e-4
    assert out["nonsaturating_gradient"] == pytest.approx(
        (loss(3 + h) - loss(3 - h)) / (2 * h), rel=1e-6)


# --- 7. Thm 2.5 ----------------------------------------------------------------------------------


def _kl_minus_2js(p_real, p_gen):
    return kl_divergence(p_gen, p_real) - 2 * js_divergence(p_real, p_gen)


@pytest.mark.claim("gan-thm25")
@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(2, 7).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
    st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
    st.lists(st.floats(-1.0, 1.0), min_size=n, max_size=n))))
def test_thm25_on_discrete_distributions(case):
    r, g, s = (np.array(v) for v in case)
    p_real, p_gen = normalize(r), normalize(g)
    slope = s - s.mean()
    t = 1e-6
    numeric = (_kl_minus_2js(p_real, p_gen + t * slope)
               - _kl_minus_2js(p_real, p_gen - t * slope)) / (2 * t)
    frozen = frozen_generator_gradients(p_real, p_gen, slope)["nonsaturating"]
    assert frozen == pytest.approx(numeric, rel=1e-5, abs=1e-7)


@pytest.mark.claim("gan-thm25-gaussian")
@pytest.mark.parametrize("theta", THETAS)
@pytest.mark.parametrize("sigma", [0.5, 1.0])
def test_thm25_on_the_gaussians(theta, sigma):
    x = gan_grid(theta, sigma)
    p = discretize_normal(x, 0.0, sigma)
    h = 1e-4

    def objective(t):
        return _kl_minus_2js(p, discretize_normal(x, t, sigma))

    by_differences = (objective(theta + h) - objective(theta - h)) / (2 * h)
    frozen = gaussian_frozen_gradients(theta, sigma, x=x)["nonsaturating"]
    assert frozen == pytest.approx(by_differences, rel=1e-5, abs=1e-7)
    closed = theta / sigma**2 - 2 * gaussian_js_slope(theta, sigma)
    assert frozen == pytest.approx(closed, rel=1e-3, abs=1e-4)


@pytest.mark.claim("gan-thm25-opposing")
def test_the_two_terms_pull_in_opposite_directions():
    for theta in np.linspace(-6, 6, 121):
        if abs(theta) < 1e-9:
            continue
        kl_slope, js_term = theta, -2 * gaussian_js_slope(theta)
        assert np.sign(kl_slope) == np.sign(theta)
        assert np.sign(js_term) == -np.sign(theta)  # away from the data
        assert abs(kl_slope) > abs(js_term)  # the KL term wins: net gradient points home
    # near 0 the -2JS slope cancels half the KL slope (JS ≈ θ²/8σ²), for every σ
    for sigma in (0.5, 1.0, 2.0):
        theta = 1e-3 * sigma
        ratio = 2 * gaussian_js_slope(theta, sigma) / (theta / sigma**2)
        assert ratio == pytest.approx(0.5, rel=1e-3)
        assert gaussian_js(theta, sigma) == pytest.approx(theta**2 / (8 * sigma**2), rel=1e-3)
    # the largest cancellation, ≈ 0.47/σ, at |θ| ≈ 1.65σ
    for sigma in (0.5, 1.0):
        grid = np.linspace(0.01, 6, 1200) * sigma
        cancel = 2 * np.array([gaussian_js_slope(t, sigma) for t in grid])
        assert grid[np.argmax(cancel)] / sigma == pytest.approx(1.65, abs=0.02)
        assert cancel.max() * sigma == pytest.approx(0.47, abs=0.005)


@pytest.mark.claim("gan-mode-dropping")
def test_reverse_kl_barely_punishes_dropped_modes():
    data, gen = three_modes()
    reverse = kl_divergence(gen, data)
    forward = kl_divergence(data, gen)
    assert reverse == pytest.approx(math.log(3), abs=1e-5)
    assert round(reverse, 2) == 1.10
    assert forward == pytest.approx(82, abs=0.5)
    # closed form of the forward KL: (1/3) sum over the modes of E log(p_r / p_g)
    # (the grid value agrees with a quadrature of the continuous densities)
    def integrand(x):
        pr = (stats.norm.pdf(x, -10) + stats.norm.pdf(x) + stats.norm.pdf(x, 10)) / 3
        return pr * (math.log(pr) - stats.norm.logpdf(x, 10)) if pr > 0 else 0.0

    value = sum(integrate.quad(integrand, a, b, limit=200)[0]
                for a, b in [(-20, -5), (-5, 5), (5, 20)])
    assert forward == pytest.approx(value, rel=1e-3)


@pytest.mark.claim("gan-frozen-matters")
@pytest.mark.parametrize("theta", [0.5, 1.0, 2.0, 3.0])
def test_recomputing_dstar_changes_the_nonsaturating_gradient(theta):
    x = gan_grid(theta)
    p = discretize_normal(x, 0.0, 1.0)
    h = 1e-5

    def loss(t):
        q = discretize_normal(x, t, 1.0)
        return float(np.sum(q * (np.log(p + q) - np.log(p))))  # E_q[-log D*_t]

    total = (loss(theta + h) - loss(theta - h)) / (2 * h)
    frozen = gaussian_frozen_gradients(theta, x=x)["nonsaturating"]
    slope = gaussian_js_slope(theta)
    assert total == pytest.approx(theta - slope, rel=1e-3, abs=1e-4)
    assert frozen == pytest.approx(theta - 2 * slope, rel=1e-3, abs=1e-4)
    assert abs(total - frozen) > 0.1
    q = discretize_normal(x, theta, 1.0)
    fake_term = float(xlog1py(q, -optimal_discriminator(p, q)).sum())
    assert fake_term == pytest.approx(gaussian_js(theta) - LOG2, abs=2e-5)


@pytest.mark.claim("gan-frozen-matters")
def test_minimax_loss_frozen_and_recomputed_differ_only_v_coincides():
    """Issue 17: the minimax loss (second term of V only) with D* frozen has gradient
    2 dJS/dθ = 0.398 at θ = 1; recomputing D*_θ gives dJS/dθ = 0.199. The full value V has
    the frozen gradient as its total derivative (the envelope argument)."""
    theta, h = 1.0, 1e-5
    x = gan_grid(theta)
    p = discretize_normal(x, 0.0, 1.0)

    def fake_term(t):  # E_{P_t}[log(1 - D*_t)], D* recomputed at t
        q = discretize_normal(x, t, 1.0)
        return float(xlog1py(q, -optimal_discriminator(p, q)).sum())

    def value(t):  # V(D*_t, G_t)
        q = discretize_normal(x, t, 1.0)
        return gan_value(p, q, optimal_discriminator(p, q))

    frozen = gaussian_frozen_gradients(theta, x=x)["minimax"]
    recomputed = (fake_term(theta + h) - fake_term(theta - h)) / (2 * h)
    total_v = (value(theta + h) - value(theta - h)) / (2 * h)
    assert round(frozen, 3) == 0.398 and round(recomputed, 3) == 0.199
    assert frozen == pytest.approx(2 * gaussian_js_slope(theta), rel=1e-4)
    assert recomputed == pytest.approx(gaussian_js_slope(theta), rel=1e-4)
    assert total_v == pytest.approx(frozen, rel=1e-4)


@pytest.mark.claim("gan-two-regimes")
def test_disjoint_supports_make_the_reverse_kl_infinite_overlap_does_not():
    """Mathnote 07 §9: under the hypotheses of Thms 2.1/2.2 (here disjoint supports) the
    generator has mass where the data have none, so KL(P_g || P_r) = inf and Thm 2.5's
    KL - 2 JS is undefined; for overlapping densities (the Gaussians) it is finite."""
    x = np.linspace(-2.0, 6.0, 801)
    data = normalize(((x >= -1) & (x <= 0)).astype(float))
    fake = normalize(((x >= 3) & (x <= 4)).astype(float))
    assert kl_divergence(fake, data) == math.inf
    assert js_divergence(fake, data) == pytest.approx(LOG2)
    grid = gan_grid(1.0)
    p, q = discretize_normal(grid, 0.0, 1.0), discretize_normal(grid, 1.0, 1.0)
    assert kl_divergence(q, p) == pytest.approx(0.5, rel=1e-3)  # θ²/2σ²


# --- 8. Thm 2.6 ----------------------------------------------------------------------------------


@pytest.mark.claim("gan-thm26-cauchy")
@pytest.mark.parametrize("noise", [1e-4, 1e-2, 0.3])
def test_noisy_discriminator_gives_cauchy_gradients(noise):
    g = noisy_discriminator_gradients(noise, size=40000, seed=3)
    assert stats.kstest(g["nonsaturating"], "cauchy").pvalue > 0.01
    # the minimax one is about r: its spread (interquartile range / 1.349 for a Gaussian) is
    # the noise's, and for small noise so is its standard deviation
    q75, q25 = np.percentile(g["minimax"], [75, 25])
    assert (q75 - q25) / 1.349 == pytest.approx(noise, rel=0.1)
    if noise <= 0.01:
        assert np.std(g["minimax"]) == pytest.approx(noise, rel=0.05)
    # 1 + eps reaches 0 (the minimax gradient's infinite variance) with probability Φ(-1/s),
    # of order e^{-1/2s^2}: below 10^-2000 at s = 0.01
    log10_p = stats.norm.logcdf(-1 / 0.01) / math.log(10)
    assert log10_p < -2000
    assert log10_p == pytest.approx(-1 / (2 * 0.01**2) / math.log(10), abs=5)
    # by hand: -r / eps with D = -eps, grad D = -r
    rng = np.random.default_rng(3)
    eps, r = noise * rng.standard_normal((2, 40000))
    d, grad_d = -eps, -r
    np.testing.assert_allclose(g["nonsaturating"], -grad_d / d, rtol=1e-9)
    np.testing.assert_allclose(g["minimax"], -grad_d / (1 - d), rtol=1e-9)


@pytest.mark.claim("gan-cauchy-mean")
@pytest.mark.parametrize("n", [1, 10, 100])
def test_mean_of_cauchy_samples_is_cauchy(n):
    rng = np.random.default_rng(n)
    means = stats.cauchy.rvs(size=(5000, n), random_state=rng).mean(axis=1)
    assert stats.kstest(means, "cauchy").pvalue > 0.01
    t = 0.7
    assert np.exp(-abs(t / n)) ** n == pytest.approx(np.exp(-abs(t)), rel=1e-12)
