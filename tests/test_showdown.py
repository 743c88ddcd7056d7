"""helpers.showdown: fast JS evaluator, curves over θ, instance noise, the GAN value."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import (
    LOG2,
    blur,
    discretize_normal,
    gan_value,
    gaussian_js,
    gaussian_js_slope,
    gaussian_kl,
    gaussian_w1,
    js_divergence,
    kl_divergence,
    optimal_discriminator,
    parallel_lines_closed_form,
    wasserstein_1d,
)
from helpers.showdown import (
    SQRT_2_OVER_PI,
    effective_sigma,
    frozen_discriminator_gradient,
    gan_grid,
    gaussian_js_fast,
    gaussian_js_slope_fast,
    noise_cost,
    optimal_gan_value,
    shifted_densities,
    showdown_curves,
    showdown_values,
    theta_grid,
)

SEPARATIONS = np.concatenate(([0.0, 1e-4, 1e-2], np.linspace(0.05, 14.0, 45), [20, 40, 80, 400]))


# --- the fast JS evaluator ---------------------------------------------------------------------


def test_fast_js_matches_quadrature():
    fast = gaussian_js_fast(SEPARATIONS)
    slow = gaussian_js(SEPARATIONS)
    assert np.max(np.abs(fast - slow)) < 1e-9


def test_fast_js_slope_matches_quadrature():
    fast = gaussian_js_slope_fast(SEPARATIONS)
    slow = gaussian_js_slope(SEPARATIONS)
    assert np.max(np.abs(fast - slow)) < 1e-9


@pytest.mark.parametrize("sigma", [0.25, 1.0, 2.0])
def test_fast_js_scales_with_sigma(sigma):
    thetas = np.array([-3.0, -0.4, 0.7, 2.5])
    assert np.allclose(gaussian_js_fast(thetas, sigma), gaussian_js(thetas, sigma), atol=1e-9)
    assert np.allclose(
        gaussian_js_slope_fast(thetas, sigma), gaussian_js_slope(thetas, sigma), atol=1e-9
    )


def test_fast_slope_is_the_derivative_of_fast_js():
    thetas = np.linspace(-5, 5, 41)
    h = 1e-5
    numeric = (gaussian_js_fast(thetas + h, 1.3) - gaussian_js_fast(thetas - h, 1.3)) / (2 * h)
    assert np.allclose(gaussian_js_slope_fast(thetas, 1.3), numeric, atol=1e-8)


def test_fast_js_keeps_shape_and_symmetry():
    thetas = np.array([[0.5, -0.5], [2.0, -2.0]])
    js = gaussian_js_fast(thetas)
    slope = gaussian_js_slope_fast(thetas)
    assert js.shape == slope.shape == (2, 2)
    assert np.array_equal(js[:, 0], js[:, 1])
    assert np.array_equal(slope[:, 0], -slope[:, 1])
    assert isinstance(gaussian_js_fast(1.0), float)
    assert gaussian_js_fast(0.0) == 0.0 and gaussian_js_slope_fast(0.0) == 0.0


def test_fast_js_rejects_bad_input():
    with pytest.raises(ValueError, match="sigma"):
        gaussian_js_fast(1.0, 0.0)
    with pytest.raises(ValueError, match="theta"):
        gaussian_js_fast([1.0, math.nan])


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 30.0), st.floats(0.0, 30.0))
def test_js_between_zero_and_log2_and_monotone(a, b):
    lo, hi = sorted((a, b))
    js_lo, js_hi = gaussian_js_fast([lo, hi])
    assert 0.0 <= js_lo <= js_hi <= LOG2
    # Convexity of KL in its second argument: JS <= (KL(P||Q) + KL(Q||P)) / 4 = d^2 / 4.
    assert js_hi <= hi * hi / 4 + 1e-15


# --- the values and curves of the showdown -----------------------------------------------------


@pytest.mark.parametrize("theta", [-2.0, -0.05, 0.0, 0.3, 1.0, 3.7])
def test_lines_values_are_the_closed_form(theta):
    values = showdown_values(theta)
    closed = parallel_lines_closed_form(theta)
    for key in ("kl", "js", "w1"):
        assert values[key] == closed[key]
    if theta == 0:
        assert math.isnan(values["js_slope"]) and math.isnan(values["w1_slope"])
    else:
        assert values["js_slope"] == 0.0
        assert values["w1_slope"] == math.copysign(1.0, theta)
    assert math.isnan(values["kl_slope"])


@pytest.mark.parametrize("sigma", [0.25, 0.8, 2.0])
def test_gaussian_values_are_the_closed_forms(sigma):
    thetas = np.linspace(-4, 4, 17)
    values = showdown_values(thetas, sigma)
    assert np.allclose(values["kl"], gaussian_kl(thetas, sigma), rtol=1e-14, atol=0)
    assert np.array_equal(values["w1"], gaussian_w1(thetas))
    assert np.allclose(values["js"], gaussian_js(thetas, sigma), atol=1e-9)
    assert np.allclose(values["kl_slope"], thetas / sigma**2, rtol=1e-14, atol=0)
    assert np.allclose(values["js_slope"], gaussian_js_slope(thetas, sigma), atol=1e-9)
    nonzero = thetas != 0
    assert np.array_equal(values["w1_slope"][nonzero], np.sign(thetas[nonzero]))


def test_gaussian_values_agree_with_grid_divergences():
    """The closed forms against divergences of the discretised pair (helpers' own functions)."""
    x = np.linspace(-10, 13, 4601)
    p = discretize_normal(x, 0.0, 1.0)
    q = discretize_normal(x, 2.5, 1.0)
    values = showdown_values(2.5, 1.0)
    assert kl_divergence(p, q) == pytest.approx(values["kl"], rel=1e-4)
    assert js_divergence(p, q) == pytest.approx(values["js"], abs=1e-5)
    assert wasserstein_1d(x, x, p, q) == pytest.approx(values["w1"], abs=1e-6)


@pytest.mark.parametrize("sigma,noise", [(0.0, 0.5), (0.0, 1.5), (0.5, 1.0), (1.2, 0.3)])
def test_noise_acts_through_the_effective_sigma(sigma, noise):
    thetas = np.linspace(-3, 3, 13)
    blurred = showdown_values(thetas, sigma, noise)
    direct = showdown_values(thetas, effective_sigma(sigma, noise))
    for key in blurred:
        assert np.array_equal(blurred[key], direct[key], equal_nan=True)


def test_blurring_grid_distributions_gives_the_effective_sigma():
    """helpers.blur of the discretised data = the discretised wider Gaussian (instance noise)."""
    x = np.linspace(-9, 11, 1601)
    p_blur = blur(discretize_normal(x, 0.0, 0.6), x, 0.8)
    q_blur = blur(discretize_normal(x, 2.0, 0.6), x, 0.8)
    assert np.max(np.abs(p_blur - discretize_normal(x, 0.0, 1.0))) < 1e-4
    assert js_divergence(p_blur, q_blur) == pytest.approx(gaussian_js_fast(2.0, 1.0), abs=1e-4)


def test_effective_sigma_and_validation():
    assert effective_sigma(0.6, 0.8) == pytest.approx(1.0)
    assert effective_sigma(0.0, 0.0) == 0.0
    for bad in (-0.1, math.inf, math.nan):
        with pytest.raises(ValueError):
            effective_sigma(bad, 0.1)
        with pytest.raises(ValueError):
            effective_sigma(0.1, bad)


@pytest.mark.parametrize("noise", [0.1, 0.5, 1.3])
def test_noise_cost_of_the_lines_is_mean_displacement(noise):
    """W1(point mass at 0, N(0, s^2)) = E|sZ| = s sqrt(2/pi), with W1 from the grid."""
    x = np.linspace(-12 * noise, 12 * noise, 6001)
    measured = wasserstein_1d([0.0], x, None, discretize_normal(x, 0.0, noise))
    assert noise_cost(0.0, noise) == pytest.approx(noise * SQRT_2_OVER_PI, rel=1e-14)
    assert measured == pytest.approx(noise_cost(0.0, noise), rel=1e-4)


@pytest.mark.parametrize("sigma,noise", [(0.5, 0.5), (1.0, 2.0), (1.5, 0.2)])
def test_noise_cost_of_a_gaussian(sigma, noise):
    wide = effective_sigma(sigma, noise)
    x = np.linspace(-12 * wide, 12 * wide, 6001)
    measured = wasserstein_1d(
        x, x, discretize_normal(x, 0.0, sigma), discretize_normal(x, 0.0, wide)
    )
    assert measured == pytest.approx(noise_cost(sigma, noise), rel=1e-4)


def test_theta_grid_and_cache():
    grid = theta_grid(4.0, 401)
    assert grid.size == 401 and grid[200] == 0.0 and grid[0] == -4.0 and grid[-1] == 4.0
    assert np.allclose(np.diff(grid), 0.02)
    with pytest.raises(ValueError, match="odd"):
        theta_grid(4.0, 400)
    first = showdown_curves(0.7, 0.2)
    again = showdown_curves(0.7, 0.2)
    assert first[0] is again[0] and first[1] is again[1]
    assert not first[0].flags.writeable and not first[1]["js"].flags.writeable
    thetas, values = first
    assert np.allclose(values["js"], gaussian_js_fast(thetas, effective_sigma(0.7, 0.2)))


def test_shifted_densities():
    x = np.linspace(-8, 10, 3601)
    p, q = shifted_densities(x, 2.0, 1.5)
    h = x[1] - x[0]
    assert p.sum() * h == pytest.approx(1.0, abs=1e-6)
    assert (q * x).sum() * h == pytest.approx(2.0, abs=1e-5)
    with pytest.raises(ValueError):
        shifted_densities(x, 1.0, 0.0)


# --- the GAN link ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "theta,sigma", [(0.0, 1.0), (0.4, 1.0), (1.5, 0.5), (3.0, 1.0), (4.0, 1.0)]
)
def test_optimal_gan_value_is_2js_minus_2log2(theta, sigma):
    x = gan_grid(theta, sigma)
    p = discretize_normal(x, 0.0, sigma)
    q = discretize_normal(x, theta, sigma)
    value = optimal_gan_value(theta, sigma)
    assert value == gan_value(p, q, optimal_discriminator(p, q))
    assert value == pytest.approx(2 * js_divergence(p, q) - 2 * LOG2, abs=1e-12)
    assert value == pytest.approx(2 * gaussian_js(theta, sigma) - 2 * LOG2, abs=2e-5)


@pytest.mark.parametrize(
    "theta,sigma", [(0.5, 1.0), (2.0, 1.0), (1.0, 0.5), (-3.0, 2.0), (7.0, 1.0)]
)
def test_frozen_discriminator_gradient_is_twice_the_js_slope(theta, sigma):
    assert frozen_discriminator_gradient(theta, sigma) == pytest.approx(
        2 * gaussian_js_slope(theta, sigma), abs=2e-5
    )


def test_optimal_gan_value_stays_finite_far_apart():
    from helpers import LOG2, gaussian_js
    from helpers.showdown import optimal_gan_value

    for theta in (4.5, 6.0, 10.0):
        value = optimal_gan_value(theta)
        assert math.isfinite(value)
        assert value == pytest.approx(2 * gaussian_js(theta) - 2 * LOG2, rel=1e-3, abs=1e-6)


# --- the scoreboard (notebook 06, section 8): every entry backed by a number -------------------


def test_empirical_pair_has_disjoint_supports_and_rejects_bad_input():
    from helpers.showdown import empirical_pair

    points, p, q = empirical_pair([0.0, 2.0], [1.0, 3.0, 5.0])
    assert points.tolist() == [0.0, 1.0, 2.0, 3.0, 5.0]
    assert p.tolist() == [0.5, 0.0, 0.5, 0.0, 0.0]
    assert p.sum() == pytest.approx(1.0) and q.sum() == pytest.approx(1.0)
    assert not np.any((p > 0) & (q > 0))
    # a value drawn twice, or by both samples, is one point carrying both weights
    points, p, q = empirical_pair([1.0, 1.0, 4.0, 2.0], [2.0, 3.0])
    assert points.tolist() == [1.0, 2.0, 3.0, 4.0]
    assert p.tolist() == [0.5, 0.25, 0.0, 0.25] and q.tolist() == [0.0, 0.5, 0.5, 0.0]
    same = empirical_pair([0.3, -1.0, 2.0], [2.0, 0.3, -1.0])
    assert kl_divergence(same[1], same[2]) == 0.0 and js_divergence(same[1], same[2]) == 0.0
    with pytest.raises(ValueError, match="non-empty"):
        empirical_pair([], [1.0])
    with pytest.raises(ValueError, match="finite"):
        empirical_pair([np.nan], [1.0])


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_scoreboard_evidence(seed):
    from helpers.showdown import scoreboard_evidence

    ev = scoreboard_evidence(n=500, theta=0.5, seed=seed)
    # from samples: KL infinite, JS stuck at log 2, W1 near |θ| and closer with more samples
    assert ev["samples"]["kl"] == math.inf
    assert ev["samples"]["js"] == pytest.approx(LOG2, abs=1e-12)
    assert abs(ev["samples"]["w1"] - 0.5) < 0.15
    assert abs(ev["samples"]["w1_big"] - 0.5) < 0.04
    # symmetric or not: KL(N(0,1) || N(1,4)) = log 2 - 1/4, the other way 2 - log 2
    a = ev["asymmetry"]
    assert a["kl_pq"] == pytest.approx(LOG2 - 0.25, abs=1e-5)
    assert a["kl_qp"] == pytest.approx(2 - LOG2, abs=1e-5)
    assert a["js_pq"] == pytest.approx(a["js_qp"], rel=1e-12)
    assert a["w1_pq"] == pytest.approx(a["w1_qp"], rel=1e-12)
    # metric: the triangle inequality fails for KL and JS, holds for sqrt(JS) and W1
    t = ev["triangle"]
    assert t["kl"][0] > t["kl"][1] and t["js"][0] > t["js"][1]
    assert t["sqrt_js"][0] <= t["sqrt_js"][1] and t["w1"][0] <= t["w1"][1]
    # slopes far away (θ = 8σ): KL steep, JS almost flat, W1 exactly 1
    assert ev["far"]["kl"] == 8.0 and ev["far"]["w1"] == 1.0
    assert 1e-4 < ev["far"]["js"] < 3e-4


def test_exercise_06_5_noise_threshold_and_its_numbers():
    """The keyed answer of exercise 06.5 and the numbers its solution and hints state."""
    from helpers.exercises import load_bank

    s = load_bank()["06.5"].expected_value()
    assert showdown_values(3.0, 0.0, s)["js_slope"] == pytest.approx(0.05, abs=1e-9)
    assert round(s, 2) == 0.63 and round(3.0 / s, 1) == 4.8
    assert noise_cost(0.0, s) == pytest.approx(0.50, abs=0.005)
    grid = np.linspace(0.05, s, 200)
    slopes = np.array([showdown_values(3.0, 0.0, x)["js_slope"] for x in grid])
    assert np.all(np.diff(slopes) >= 0) and slopes[0] < 1e-12  # the smallest such s
    peak = max(np.linspace(0.5, 2.5, 401), key=lambda x: showdown_values(3.0, 0.0, x)["js_slope"])
    assert peak == pytest.approx(1.22, abs=0.01)
