"""Numerical checks of every claim in mathnotes/06-kl-js-wasserstein-showdown.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import log_ndtr, ndtr, xlogy
from scipy.stats import norm, wasserstein_distance

from helpers import (
    LOG2,
    blur,
    discretize_normal,
    emd,
    gan_value,
    gaussian_js,
    gaussian_js_slope,
    js_divergence,
    kl_divergence,
    lipschitz_dual,
    optimal_discriminator,
    parallel_lines,
    parallel_lines_numeric,
    wasserstein_1d,
)
from helpers.showdown import (
    effective_sigma,
    frozen_discriminator_gradient,
    gan_grid,
    gaussian_js_fast,
    gaussian_js_slope_fast,
    noise_cost,
    optimal_gan_value,
    showdown_values,
)

THETAS = [-2.5, -0.3, 0.1, 1.0, 3.0]


def _phi(z):
    return np.exp(-0.5 * np.square(z)) / math.sqrt(2 * math.pi)


# --- 1. parallel lines -------------------------------------------------------------------------


@pytest.mark.claim("show-lines-kl")
@pytest.mark.parametrize("theta", THETAS)
def test_lines_kl_is_infinite(theta):
    assert parallel_lines_numeric(theta)["kl"] == math.inf
    assert parallel_lines_numeric(0.0)["kl"] == 0.0


@pytest.mark.claim("show-lines-js")
@pytest.mark.parametrize("theta", THETAS)
def test_lines_js_is_log2(theta):
    assert parallel_lines_numeric(theta)["js"] == pytest.approx(LOG2, abs=1e-15)
    assert parallel_lines_numeric(theta)["js"] / LOG2 == pytest.approx(1.0)  # 1 bit
    assert parallel_lines_numeric(0.0)["js"] == 0.0


@pytest.mark.claim("show-lines-w1")
@pytest.mark.parametrize("theta", THETAS + [0.0])
def test_lines_w1_is_abs_theta(theta):
    assert parallel_lines_numeric(theta, n=15)["w1"] == pytest.approx(abs(theta), abs=1e-12)


@pytest.mark.claim("show-lines-w1")
@settings(max_examples=60, deadline=None)
@given(st.floats(-3, 3), st.integers(0, 2**32 - 1))
def test_lines_every_coupling_costs_at_least_abs_theta(theta, seed):
    """Lower bound: a random coupling of the discretised lines never beats the horizontal one."""
    n = 8
    pts_p, pts_q = parallel_lines(theta, n)
    cost = np.linalg.norm(pts_p[:, None, :] - pts_q[None, :, :], axis=-1)
    rng = np.random.default_rng(seed)
    plan = rng.random((n, n))
    for _ in range(200):  # Sinkhorn scaling to uniform marginals
        plan /= plan.sum(axis=1, keepdims=True) * n
        plan /= plan.sum(axis=0, keepdims=True) * n
    assert float((plan * cost).sum()) >= abs(theta) - 1e-9
    horizontal = np.eye(n) / n
    assert float((horizontal * cost).sum()) == pytest.approx(abs(theta), abs=1e-12)


@pytest.mark.claim("show-lines-slopes")
@pytest.mark.parametrize("theta", THETAS)
def test_lines_slopes(theta):
    h = 1e-3
    plus, minus = parallel_lines_numeric(theta + h), parallel_lines_numeric(theta - h)
    assert (plus["js"] - minus["js"]) / (2 * h) == 0.0
    assert (plus["w1"] - minus["w1"]) / (2 * h) == pytest.approx(math.copysign(1, theta))
    assert plus["kl"] == minus["kl"] == math.inf
    # The jump at 0.
    assert parallel_lines_numeric(h)["js"] - parallel_lines_numeric(0.0)["js"] == LOG2


# --- 2. Gaussians ------------------------------------------------------------------------------


@pytest.mark.claim("show-gauss-kl")
@pytest.mark.parametrize("theta,sigma", [(0.5, 1.0), (2.0, 0.7), (-3.0, 1.5)])
def test_gaussian_kl(theta, sigma):
    x = np.linspace(-12 * sigma - 3, 12 * sigma + 3, 6001)
    p, q = discretize_normal(x, 0, sigma), discretize_normal(x, theta, sigma)
    assert kl_divergence(p, q) == pytest.approx(theta**2 / (2 * sigma**2), rel=1e-4)
    h = 1e-4
    slope = (
        kl_divergence(p, discretize_normal(x, theta + h, sigma))
        - kl_divergence(p, discretize_normal(x, theta - h, sigma))
    ) / (2 * h)
    assert slope == pytest.approx(theta / sigma**2, rel=1e-3)


@pytest.mark.claim("show-gauss-w1")
@pytest.mark.parametrize("theta,sigma", [(0.5, 1.0), (2.0, 0.3), (-3.0, 2.0)])
def test_gaussian_w1(theta, sigma):
    x = np.linspace(-14 * sigma - 3, 14 * sigma + 3, 8001)
    p, q = discretize_normal(x, 0, sigma), discretize_normal(x, theta, sigma)
    assert wasserstein_1d(x, x, p, q) == pytest.approx(abs(theta), abs=1e-6)
    assert wasserstein_distance(x, x, p, q) == pytest.approx(abs(theta), abs=1e-6)
    # Quantile coupling: every quantile moves by exactly theta.
    u = np.linspace(0.01, 0.99, 99)
    assert np.allclose(norm.ppf(u, theta, sigma) - norm.ppf(u, 0, sigma), theta)


@pytest.mark.claim("show-scipy-misuse")
@pytest.mark.parametrize("theta", [2.0, 5.0, 10.0])
def test_passing_densities_as_locations_gives_nonsense(theta):
    x = np.arange(-40, 40, 0.01)
    p_density, q_density = norm.pdf(x, 0, 2), norm.pdf(x, theta, 2)
    wrong = wasserstein_distance(p_density, q_density)
    right = wasserstein_distance(x, x, p_density, q_density)
    assert wrong < 1e-10
    assert right == pytest.approx(theta, abs=1e-6)


@pytest.mark.claim("show-gauss-js-formula")
@pytest.mark.parametrize("theta,sigma", [(0.5, 1.0), (2.0, 0.8), (-3.0, 1.5), (1.0, 0.25)])
def test_gaussian_js_formula(theta, sigma):
    x = np.linspace(-14 * sigma - 4, 14 * sigma + 4, 8001)
    p, q = discretize_normal(x, 0, sigma), discretize_normal(x, theta, sigma)
    from_grid = js_divergence(p, q)
    assert gaussian_js_fast(theta, sigma) == pytest.approx(from_grid, abs=2e-5)
    assert gaussian_js(theta, sigma) == pytest.approx(from_grid, abs=2e-5)
    # Depends only on d = |theta| / sigma.
    assert gaussian_js_fast(theta, sigma) == pytest.approx(gaussian_js_fast(abs(theta) / sigma))
    # JS = KL(P || M) by the reflection symmetry.
    m = 0.5 * (p + q)
    assert kl_divergence(p, m) == pytest.approx(kl_divergence(q, m), abs=1e-9)


@pytest.mark.claim("show-gauss-js-small")
def test_gaussian_js_small_separation():
    d = np.array([0.4, 0.2, 0.1, 0.05, 0.02])
    ratio = gaussian_js_fast(d) / (d**2 / 8)
    assert np.all(np.abs(ratio - 1) <= 0.2 * d**2)  # relative error O(d^2)
    assert gaussian_js_fast(0.0) == 0.0


@pytest.mark.claim("show-gauss-js-tail")
def test_gaussian_js_tail_bound():
    d = np.linspace(0.05, 40, 800)
    gap = LOG2 - gaussian_js_fast(d)
    bound = (1 + LOG2 - d**2 / 2) * ndtr(-d / 2) + d * _phi(d / 2)
    simple = (d + 2 * (1 + LOG2) / d) * np.exp(-(d**2) / 8) / math.sqrt(2 * math.pi)
    assert np.all(gap >= 0)
    assert np.all(gap <= bound + 1e-15)
    assert np.all(bound <= simple + 1e-15)
    # Mills' lower bound, then the simple bound that does prove the statement at d = 8
    a = np.linspace(0.01, 20, 2000)
    assert np.all(ndtr(-a) >= a / (1 + a**2) * _phi(a))
    far = d[d >= math.sqrt(2 * (1 + LOG2))]
    mills = 2 * (3 + LOG2) * far / (4 + far**2) * _phi(far / 2)
    assert np.all(LOG2 - gaussian_js_fast(far) <= mills + 1e-15)
    assert np.all(bound[d >= math.sqrt(2 * (1 + LOG2))] <= mills + 1e-15)
    at8 = 2 * (3 + LOG2) * 8 / 68 * float(_phi(4.0))
    assert 1.1e-4 < at8 < 1.2e-4 + 5e-6 and at8 < 2e-4
    assert LOG2 - gaussian_js(8.0) == pytest.approx(0.94e-4, rel=0.01)
    # the crude bound does not prove it at d = 8; it does from d = 8.06 on
    def crude(x):
        return (x + 2 * (1 + LOG2) / x) * math.exp(-(x**2) / 8) / math.sqrt(2 * math.pi)

    assert crude(8.0) == pytest.approx(1.1e-3, rel=0.03) and crude(8.0) > 1e-3
    assert crude(8.05) > 1e-3 > crude(8.1)


@pytest.mark.claim("show-js-kl-bound")
@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 20.0), st.floats(0.0, 20.0))
def test_js_below_min_log2_and_quarter_symmetric_kl(a, b):
    lo, hi = sorted((a, b))
    js_lo, js_hi = gaussian_js_fast([lo, hi])
    assert js_hi <= min(LOG2, hi**2 / 4) + 1e-15
    assert js_lo <= js_hi


@pytest.mark.claim("show-gauss-js-slope")
@pytest.mark.parametrize("theta,sigma", [(0.3, 1.0), (1.0, 1.0), (2.5, 0.7), (-1.5, 2.0)])
def test_gaussian_js_slope_formula(theta, sigma):
    d = abs(theta) / sigma
    z = np.linspace(-12, 12, 24001)
    u = d * z - d * d / 2
    logistic = 1 / (1 + np.exp(-u))
    stein = d * float(np.trapezoid(logistic**2 * _phi(z), z)) / sigma * math.copysign(1, theta)
    assert stein == pytest.approx(gaussian_js_slope(theta, sigma), abs=1e-10)
    assert gaussian_js_slope_fast(theta, sigma) == pytest.approx(stein, abs=1e-10)
    h = 1e-5
    numeric = (gaussian_js(theta + h, sigma) - gaussian_js(theta - h, sigma)) / (2 * h)
    assert numeric == pytest.approx(stein, abs=1e-7)
    assert gaussian_js_slope_fast(0.0, sigma) == 0.0


@pytest.mark.claim("show-gauss-js-slope-peak")
def test_gaussian_js_slope_peaks_near_d_1_64():
    d = np.linspace(0.01, 8, 800)
    slope = gaussian_js_slope_fast(d)  # sigma = 1: slope in d
    peak = int(np.argmax(slope))
    assert d[peak] == pytest.approx(1.64, abs=0.02)
    assert slope[peak] == pytest.approx(0.234, abs=1e-3)
    assert gaussian_js_slope(1.64) == pytest.approx(0.234, abs=1e-3)
    # rising before the peak, falling after it
    assert np.all(np.diff(slope[: peak + 1]) > 0) and np.all(np.diff(slope[peak:]) < 0)


@pytest.mark.claim("show-gauss-js-slope-tail")
def test_gaussian_js_slope_tail_bound():
    d = np.linspace(0.05, 30, 600)
    slope = gaussian_js_slope_fast(d)  # sigma = 1: slope in d
    bound = d * (np.exp(d**2 + log_ndtr(-1.5 * d)) + ndtr(-d / 2))
    assert np.all(slope >= 0) and np.all(slope <= bound)
    assert gaussian_js_slope(10.0) < 1e-4


# --- 3. instance noise -------------------------------------------------------------------------


@pytest.mark.claim("show-noise-effective-sigma")
@pytest.mark.parametrize("sigma,noise,theta", [(0.0, 0.5, 1.0), (0.0, 1.0, -2.0), (0.6, 0.8, 1.5)])
def test_noise_gives_gaussians_of_effective_sigma(sigma, noise, theta):
    s_eff = effective_sigma(sigma, noise)
    assert s_eff == pytest.approx(math.sqrt(sigma**2 + noise**2))
    x = np.linspace(-12, 12, 2401)
    if sigma == 0:  # the x-coordinates of the lines: point masses on the grid
        p = np.zeros(x.size)
        q = np.zeros(x.size)
        p[np.argmin(np.abs(x))] = 1.0
        q[np.argmin(np.abs(x - theta))] = 1.0
    else:
        p, q = discretize_normal(x, 0.0, sigma), discretize_normal(x, theta, sigma)
    p_blur, q_blur = blur(p, x, noise), blur(q, x, noise)
    assert np.max(np.abs(p_blur - discretize_normal(x, 0.0, s_eff))) < 1e-4
    values = showdown_values(theta, sigma, noise)
    assert js_divergence(p_blur, q_blur) == pytest.approx(values["js"], abs=1e-4)
    # (KL is read off the discretised effective Gaussians: blur's far tails round to 0.)
    wide_p, wide_q = discretize_normal(x, 0.0, s_eff), discretize_normal(x, theta, s_eff)
    assert kl_divergence(wide_p, wide_q) == pytest.approx(values["kl"], rel=1e-3)
    assert values["kl"] == pytest.approx(theta**2 / (2 * s_eff**2))
    assert values["w1"] == abs(theta)
    # A shared y-factor changes neither KL nor JS: the blurred lines as 2-D products.
    y = np.full(5, 0.2)
    p2, q2 = np.outer(p_blur, y).ravel(), np.outer(q_blur, y).ravel()
    assert js_divergence(p2, q2) == pytest.approx(js_divergence(p_blur, q_blur), abs=1e-12)
    assert kl_divergence(p2, q2) == pytest.approx(kl_divergence(p_blur, q_blur), rel=1e-12)


@pytest.mark.claim("show-noise-slope")
def test_noise_gives_a_slope_but_a_tiny_one_far_away():
    thetas = np.linspace(0.05, 4, 80)
    assert np.all(showdown_values(thetas, 0.0, 0.5)["js_slope"] > 0)
    assert np.all(showdown_values(thetas, 0.0, 0.0)["js_slope"] == 0)
    assert 0 < showdown_values(3.0, 0.0, 0.3)["js_slope"] < 1e-5
    # With s of the order of theta the slope is useful again.
    assert showdown_values(3.0, 0.0, 2.0)["js_slope"] > 0.05


@pytest.mark.claim("show-noise-dpi")
@pytest.mark.parametrize("sigma,noise,theta", [(0.5, 0.5, 1.0), (1.0, 2.0, 2.5), (0.3, 0.1, 0.4)])
def test_blurring_never_increases_kl_or_js(sigma, noise, theta):
    x = np.linspace(-10, 12, 1101)
    p, q = discretize_normal(x, 0.0, sigma), discretize_normal(x, theta, sigma)
    p_blur, q_blur = blur(p, x, noise), blur(q, x, noise)
    assert js_divergence(p_blur, q_blur) <= js_divergence(p, q)
    assert kl_divergence(p_blur, q_blur) <= kl_divergence(p, q)
    s_eff = effective_sigma(sigma, noise)
    assert gaussian_js_fast(theta, s_eff) <= gaussian_js_fast(theta, sigma)
    small = 0.01
    assert gaussian_js_fast(small, s_eff) == pytest.approx(small**2 / (8 * s_eff**2), rel=1e-3)


@pytest.mark.claim("show-noise-cost-lines")
@pytest.mark.parametrize("noise", [0.2, 0.7])
def test_noise_cost_of_the_lines(noise):
    """2-D check with the exact LP: a line of points against its horizontally blurred copy."""
    rng = np.random.default_rng(0)
    n = 120
    heights = (np.arange(n) + 0.5) / n
    line = np.column_stack((np.zeros(n), heights))
    eps = noise * norm.ppf((np.arange(n) + 0.5) / n)  # evenly spread quantiles of N(0, s^2)
    blurred = np.column_stack((rng.permutation(eps), heights))
    cost = np.linalg.norm(line[:, None, :] - blurred[None, :, :], axis=-1)
    value, _ = emd(np.full(n, 1 / n), np.full(n, 1 / n), cost)
    assert value == pytest.approx(np.mean(np.abs(eps)), abs=1e-9)  # horizontal moves are optimal
    assert np.mean(np.abs(eps)) == pytest.approx(noise_cost(0.0, noise), rel=2e-2)
    assert noise_cost(0.0, noise) == pytest.approx(noise * math.sqrt(2 / math.pi))


@pytest.mark.claim("show-noise-cost-gauss")
@pytest.mark.parametrize("sigma,noise", [(0.5, 0.5), (1.0, 1.5), (2.0, 0.3)])
def test_noise_cost_of_a_gaussian(sigma, noise):
    wide = effective_sigma(sigma, noise)
    x = np.linspace(-12 * wide, 12 * wide, 8001)
    measured = wasserstein_1d(x, x, discretize_normal(x, 0, sigma), discretize_normal(x, 0, wide))
    assert measured == pytest.approx((wide - sigma) * math.sqrt(2 / math.pi), rel=1e-4)
    assert noise_cost(sigma, noise) == pytest.approx((wide - sigma) * math.sqrt(2 / math.pi))


# --- 4. the GAN link ---------------------------------------------------------------------------


def _pair(theta, sigma=1.0):
    x = gan_grid(theta, sigma)
    return x, discretize_normal(x, 0.0, sigma), discretize_normal(x, theta, sigma)


@pytest.mark.claim("show-gan-dstar")
@pytest.mark.parametrize("theta", [0.0, 0.7, 2.0])
def test_optimal_discriminator_maximises_v(theta):
    x, p, q = _pair(theta)
    d_star = optimal_discriminator(p, q)
    best = gan_value(p, q, d_star)
    rng = np.random.default_rng(1)
    for _ in range(20):
        other = np.clip(d_star + 0.05 * rng.standard_normal(d_star.size), 1e-6, 1 - 1e-6)
        assert gan_value(p, q, other) <= best
    logistic = 1 / (1 + np.exp((theta * x - theta**2 / 2)))  # sigma = 1
    middle = (p > 1e-8) | (q > 1e-8)
    assert np.allclose(d_star[middle], logistic[middle], atol=2e-2)


@pytest.mark.claim("show-gan-value")
@pytest.mark.parametrize(
    "theta,sigma", [(0.0, 1.0), (0.5, 1.0), (2.0, 1.0), (1.0, 0.4), (4.0, 1.0)]
)
def test_gan_value_is_2js_minus_2log2(theta, sigma):
    _, p, q = _pair(theta, sigma)
    value = gan_value(p, q, optimal_discriminator(p, q))
    assert value == pytest.approx(2 * js_divergence(p, q) - 2 * LOG2, abs=1e-12)
    assert optimal_gan_value(theta, sigma) == pytest.approx(
        2 * gaussian_js(theta, sigma) - 2 * LOG2, abs=2e-5
    )
    assert -2 * LOG2 - 1e-12 <= value <= 0.0


@pytest.mark.claim("show-gan-real-term")
def test_real_term_depends_on_the_generator_through_d_star():
    def real_term(theta):
        _, p, q = _pair(theta)
        return float(xlogy(p, optimal_discriminator(p, q)).sum())

    assert real_term(0.0) == pytest.approx(-LOG2, abs=1e-12)
    assert real_term(1.0) > real_term(0.0) + 0.1
    for theta in (0.5, 2.0, 4.0):  # by the reflection symmetry it is half of V: JS - log 2
        assert real_term(theta) == pytest.approx(gaussian_js(theta) - LOG2, abs=2e-5)
    assert real_term(4.0) > -0.07 and real_term(8.0) > -1e-3  # tends to 0
    # With D held fixed, V(D, G_theta) - E_{P_theta}[log(1 - D)] is the same for every theta.
    x = gan_grid(1.0)
    p, q = discretize_normal(x, 0.0, 1.0), discretize_normal(x, 1.0, 1.0)
    frozen = optimal_discriminator(p, q)
    for theta in (0.7, 1.0, 1.3):
        q_theta = discretize_normal(x, theta, 1.0)
        rest = gan_value(p, q_theta, frozen) - float(np.dot(q_theta, np.log1p(-frozen)))
        assert rest == pytest.approx(float(xlogy(p, frozen).sum()), abs=1e-12)


@pytest.mark.claim("show-gan-envelope")
@pytest.mark.parametrize(
    "theta,sigma", [(0.4, 1.0), (1.0, 1.0), (2.5, 1.0), (1.0, 0.5), (6.0, 1.0)]
)
def test_frozen_optimal_discriminator_gives_twice_the_js_slope(theta, sigma):
    frozen = frozen_discriminator_gradient(theta, sigma)
    assert frozen == pytest.approx(2 * gaussian_js_slope(theta, sigma), abs=2e-5)
    if theta <= 4 * sigma:  # where the grid value of V(D*, G) is finite
        h = 1e-4
        total = (optimal_gan_value(theta + h, sigma) - optimal_gan_value(theta - h, sigma)) / (
            2 * h
        )
        assert total == pytest.approx(frozen, abs=2e-4)


@pytest.mark.claim("show-wgan-critic")
@pytest.mark.parametrize("theta", [-2.0, 0.5, 3.0])
def test_wgan_critic_is_the_x_coordinate(theta):
    pts_p, pts_q = parallel_lines(theta, 6)
    points = np.vstack((pts_p, pts_q))
    a = np.concatenate((np.full(6, 1 / 6), np.zeros(6)))
    b = np.concatenate((np.zeros(6), np.full(6, 1 / 6)))
    value, f = lipschitz_dual(points, a, b)
    assert value == pytest.approx(abs(theta), abs=1e-9)
    critic = -math.copysign(1, theta) * points[:, 0]
    assert float(np.dot(a - b, critic)) == pytest.approx(abs(theta))
    # Critic frozen, model moved: the generator's loss -E_{P_t}[f] = sign(theta) t.
    h = 1e-3

    def generator_loss(t):
        moved = parallel_lines(t, 6)[1]
        return -float(np.mean(-math.copysign(1, theta) * moved[:, 0]))

    slope = (generator_loss(theta + h) - generator_loss(theta - h)) / (2 * h)
    assert slope == pytest.approx(math.copysign(1, theta))


@pytest.mark.claim("show-gan-gradient-collapse")
def test_gan_gradient_collapse_numbers():
    def grad(t):
        return 2 * gaussian_js_slope(t, 1.0)

    assert grad(1.64) == pytest.approx(0.47, abs=0.005)
    assert grad(1.0) == pytest.approx(0.40, abs=0.005)  # the notebook's "about 0.4" at θ = 1
    assert grad(4.0) == pytest.approx(0.14, abs=0.005)
    assert grad(8.0) == pytest.approx(3.9e-4, rel=0.02)
    assert grad(9.0) == pytest.approx(4.8e-5, rel=0.02)
    assert grad(10.0) == pytest.approx(4.5e-6, rel=0.02)
    assert grad(8.65) > 1e-4 > grad(8.67)
    assert grad(4.0) / grad(1.64) == pytest.approx(1 / 3, abs=0.05)
    assert frozen_discriminator_gradient(8.0) == pytest.approx(grad(8.0), rel=1e-3)


@pytest.mark.claim("show-score-samples")
@pytest.mark.parametrize("seed", [0, 3])
def test_samples_give_kl_inf_js_log2_and_a_w1_estimate(seed):
    from helpers.showdown import empirical_pair, scoreboard_evidence

    rng = np.random.default_rng(seed)
    x, y = rng.normal(0, 1, 300), rng.normal(3, 2, 200)  # any two continuous distributions
    _, p, q = empirical_pair(x, y)
    assert kl_divergence(p, q) == math.inf and kl_divergence(q, p) == math.inf
    assert js_divergence(p, q) == pytest.approx(LOG2, abs=1e-12)
    assert wasserstein_1d(x, y) == pytest.approx(wasserstein_distance(x, y), abs=1e-12)
    ev = scoreboard_evidence(n=500, theta=0.5, seed=0)["samples"]
    assert round(ev["w1"], 2) == 0.46 and round(ev["w1_big"], 2) == 0.50
    # more samples, closer: the mean error over seeds falls with n
    errors = []
    for n in (100, 10000):
        errs = [abs(wasserstein_1d(rng.normal(0, 1, n), rng.normal(0.5, 1, n)) - 0.5)
                for _ in range(20)]
        errors.append(np.mean(errs))
    assert errors[1] < errors[0] / 4


@pytest.mark.claim("show-score-symmetry")
def test_kl_asymmetry_and_js_w1_symmetry():
    from helpers.showdown import scoreboard_evidence

    a = scoreboard_evidence()["asymmetry"]
    assert a["kl_pq"] == pytest.approx(LOG2 - 0.25, abs=1e-5)
    assert a["kl_qp"] == pytest.approx(2 - LOG2, abs=1e-5)
    assert round(a["kl_pq"], 3) == 0.443 and round(a["kl_qp"], 3) == 1.307
    assert a["js_pq"] == pytest.approx(a["js_qp"], rel=1e-12)
    assert a["w1_pq"] == pytest.approx(a["w1_qp"], rel=1e-12)


@pytest.mark.claim("show-score-metric")
def test_triangle_inequality_in_the_shift_family():
    from helpers.showdown import scoreboard_evidence

    t = scoreboard_evidence()["triangle"]
    assert t["kl"] == (0.5, 0.25)
    assert round(t["js"][0], 3) == 0.111 and round(t["js"][1], 3) == 0.061
    assert round(t["sqrt_js"][0], 3) == 0.334 and round(t["sqrt_js"][1], 3) == 0.348
    assert t["w1"] == (1.0, 1.0)
    # sqrt(JS) obeys the triangle inequality on random Gaussian shifts too
    rng = np.random.default_rng(1)
    for a, b in rng.uniform(0, 5, size=(20, 2)):
        lhs = math.sqrt(gaussian_js(a + b))
        assert lhs <= math.sqrt(gaussian_js(a)) + math.sqrt(gaussian_js(b)) + 1e-12
