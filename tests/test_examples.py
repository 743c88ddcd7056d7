"""Example families: discretised distributions on grids, and their closed forms.

Tolerances are justified where they are used: they come from the grid spacing ``h`` (a cell
aggregates a continuous distribution, which changes moments by Sheppard's ``h^2/12`` and can only
lower KL and JS), from truncation at the grid ends, or from quadrature accuracy.
"""

from __future__ import annotations

import math

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings
from scipy.special import ndtr

from helpers import (
    DEFAULT_GRID,
    LOG2,
    blur,
    box_js,
    box_pair,
    discretize_normal,
    gaussian_js,
    gaussian_js_slope,
    gaussian_kl,
    gaussian_pair,
    gaussian_w1,
    js_divergence,
    kl_divergence,
    normalize,
    parallel_lines,
    parallel_lines_closed_form,
    parallel_lines_numeric,
    uniform_on_grid,
    wasserstein_1d,
)
from helpers.examples import coin_js, coin_kl

from .strategies import is_positive_zero

H_DEFAULT = 24.0 / 2000  # spacing of DEFAULT_GRID



# --- discretize_normal -----------------------------------------------------------------------


def test_default_grid():
    assert DEFAULT_GRID.shape == (2001,)
    assert DEFAULT_GRID[0] == -12.0 and DEFAULT_GRID[-1] == 12.0
    np.testing.assert_allclose(np.diff(DEFAULT_GRID), H_DEFAULT, rtol=1e-12)


def test_discretize_normal_hand_values():
    p = discretize_normal(np.linspace(-5, 5, 11))
    # the centre cell [-1/2, 1/2) carries P(|Z| < 1/2) = 2 Phi(1/2) - 1
    assert p[5] == pytest.approx(2 * ndtr(0.5) - 1, rel=1e-14)
    assert p[6] == pytest.approx(ndtr(1.5) - ndtr(0.5), rel=1e-14)
    # the end cells reach to infinity
    assert p[-1] == pytest.approx(ndtr(-4.5), rel=1e-12)
    assert p[0] == pytest.approx(ndtr(-4.5), rel=1e-12)
    np.testing.assert_allclose(p, p[::-1], rtol=1e-14)  # symmetric about 0
    # a two-point grid splits at the midpoint
    np.testing.assert_allclose(discretize_normal([0.0, 1.0], 0.5, 1.0), [0.5, 0.5], rtol=1e-15)


@pytest.mark.parametrize(("mean", "sigma"), [(0.0, 1.0), (0.37, 1.0), (-2.2, 0.5), (1.3, 2.0)])
def test_discretize_normal_sums_to_one_and_is_positive(mean, sigma):
    p = discretize_normal(DEFAULT_GRID, mean, sigma)
    assert math.fsum(p) == pytest.approx(1.0, abs=1e-14)
    # every cell of the default grid keeps positive mass (the upper-tail formula keeps ~1e-33
    # at 12 sigma instead of rounding 1 - Phi to 0), so KL between two such vectors is finite
    assert np.all(p > 0)


@pytest.mark.parametrize(
    ("h", "mean", "sigma"),
    [(0.012, 0.0, 1.0), (0.25, 0.37, 1.0), (0.5, -1.1, 1.5), (1.0, 0.0, 1.0), (1.0, 0.37, 1.0)],
)
def test_discretize_normal_moments(h, mean, sigma):
    # Cell aggregation keeps the mean and adds h^2/12 to the variance (Sheppard's correction).
    # For a normal the remaining error is of order exp(-2 pi^2 sigma^2 / h^2): 3e-9 at
    # h = sigma, far below 1e-12 for h <= sigma/2. Grid ends at 12 sigma or more from the mean,
    # so the lumped tails move the moments by < 1e-12 too.
    x = np.arange(-16.0, 16.0 + h / 2, h)
    p = discretize_normal(x, mean, sigma)
    m = float(p @ x)
    v = float(p @ (x - m) ** 2)
    tol = 5e-8 if h >= sigma else 1e-11
    assert m == pytest.approx(mean, abs=tol)
    assert v == pytest.approx(sigma**2 + h**2 / 12, abs=tol)


def test_discretize_normal_coarse_grid_moments_differ_visibly():
    # with h = 2 sigma Sheppard's correction is no longer exact (not a bug: the test above
    # needs h <= sigma); this shows the claimed accuracy is not vacuous
    x = np.arange(-16.0, 17.0, 2.0)
    p = discretize_normal(x, 0.5, 1.0)
    v = float(p @ (x - p @ x) ** 2)
    assert abs(v - (1 + 4 / 12)) > 1e-6


# --- uniform_on_grid -------------------------------------------------------------------------


def test_uniform_on_grid_hand_values():
    np.testing.assert_array_equal(uniform_on_grid(np.arange(6.0), 1.5, 3.5),
                                  [0, 0, 0.5, 0.5, 0, 0])
    # cells [-inf, 0.5), [0.5, 1.5), [1.5, inf): [0.25, 1.25) covers 1/4 and 3/4
    np.testing.assert_allclose(uniform_on_grid(np.arange(3.0), 0.25, 1.25), [0.25, 0.75, 0.0],
                               rtol=1e-15)
    # beyond the grid the end cells catch the mass
    np.testing.assert_allclose(uniform_on_grid(np.arange(3.0), 5.0, 6.0), [0.0, 0.0, 1.0])


@pytest.mark.parametrize(("lo", "hi"), [(1.0, 1.0), (2.0, 1.0), (math.nan, 1.0), (0.0, math.inf)])
def test_uniform_on_grid_rejects_bad_interval(lo, hi):
    with pytest.raises(ValueError, match=r"need finite lo < hi"):
        uniform_on_grid(np.arange(5.0), lo, hi)


# --- grids and scales ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "match"),
    [
        ([0.0], r"at least two grid points"),
        ([0.0, 1.0, 3.0], r"increasing, evenly spaced grid"),
        ([2.0, 1.0, 0.0], r"increasing, evenly spaced grid"),
        ([0.0, 0.0], r"increasing, evenly spaced grid"),
        ([0.0, math.nan], r"x\[1\] is NaN"),
        ([[0.0, 1.0]], r"x must be one-dimensional"),
    ],
)
def test_bad_grids(x, match):
    for call in (lambda: discretize_normal(x), lambda: uniform_on_grid(x, 0.0, 1.0)):
        with pytest.raises(ValueError, match=match):
            call()


@pytest.mark.parametrize("sigma", [0.0, -1.0, math.nan, math.inf])
def test_bad_sigma(sigma):
    for call in (
        lambda: discretize_normal(DEFAULT_GRID, 0.0, sigma),
        lambda: gaussian_kl(1.0, sigma),
        lambda: gaussian_js(1.0, sigma),
        lambda: gaussian_js_slope(1.0, sigma),
    ):
        with pytest.raises(ValueError, match=r"sigma must be a positive finite number"):
            call()
    with pytest.raises(ValueError, match=r"width must be a positive finite number"):
        box_js(0.5, sigma)


# --- the Gaussian pair -----------------------------------------------------------------------


def test_gaussian_closed_forms_hand_values():
    assert gaussian_kl(2.0, 1.0) == 2.0
    assert gaussian_kl(1.0, 2.0) == 0.125
    assert gaussian_kl(-3.0) == 4.5
    assert is_positive_zero(gaussian_kl(0.0))
    np.testing.assert_array_equal(gaussian_kl(np.array([0.0, 1.0, -2.0])), [0.0, 0.5, 2.0])
    assert gaussian_w1(-1.5) == 1.5
    assert is_positive_zero(gaussian_w1(-0.0))
    np.testing.assert_array_equal(gaussian_w1([-1.0, 0.0, 2.0]), [1.0, 0.0, 2.0])


def test_gaussian_pair_shapes():
    x, p, q = gaussian_pair(1.0)
    np.testing.assert_array_equal(x, DEFAULT_GRID)
    np.testing.assert_array_equal(p, discretize_normal(DEFAULT_GRID, 0.0, 1.0))
    np.testing.assert_array_equal(q, discretize_normal(DEFAULT_GRID, 1.0, 1.0))
    grid = np.linspace(-5, 5, 101)
    x, p, q = gaussian_pair(0.5, 2.0, x=grid)
    np.testing.assert_array_equal(x, grid)
    np.testing.assert_array_equal(q, discretize_normal(grid, 0.5, 2.0))


@pytest.mark.parametrize(("theta", "sigma"), [(0.1, 1.0), (0.5, 1.0), (1.0, 1.0), (-2.0, 1.0),
                                              (3.0, 1.0), (5.0, 1.0), (2.0, 2.0), (1.0, 0.5)])
def test_gaussian_pair_kl_and_w1_on_the_default_grid(theta, sigma):
    x, p, q = gaussian_pair(theta, sigma)
    kl = kl_divergence(p, q)
    exact = gaussian_kl(theta, sigma)
    # Coarse-graining can only lower KL, and for shifted normals it lowers it by a relative
    # ~h^2 / (12 sigma^2) (1.2e-5 at h = 0.012, sigma = 1; 4.8e-5 at sigma = 0.5): allow 1.5x.
    assert kl <= exact
    assert kl == pytest.approx(exact, rel=1.5 * H_DEFAULT**2 / (12 * sigma**2))
    # W1 of two vectors on the same grid: a shift of the cell contents is exact up to rounding
    # of the CDF sums (~1e-13) and the tails beyond +-12 that the end cells lump together; the
    # error is a few sigma times that tail mass (< 1e-20 for sigma <= 1, 3e-7 for (2, 2)).
    tail = ndtr(-(12.0 - abs(theta)) / sigma)
    assert wasserstein_1d(x, x, p, q) == pytest.approx(gaussian_w1(theta),
                                                       abs=1e-11 + 10 * sigma * tail)


def test_gaussian_pair_at_zero_shift_is_identical():
    x, p, q = gaussian_pair(0.0)
    np.testing.assert_array_equal(p, q)
    assert is_positive_zero(kl_divergence(p, q))
    assert is_positive_zero(js_divergence(p, q))
    assert is_positive_zero(wasserstein_1d(x, x, p, q))


@pytest.mark.parametrize("theta", [0.3, 1.0, 2.5, 5.0, -1.7])
def test_gaussian_js_agrees_with_a_fine_grid(theta):
    # On a grid with h = 0.005 the discretised JS is below the continuous one (coarse-graining
    # lowers JS) by at most ~5e-7 for these shifts; 1e-6 is the tolerance, not the error.
    grid = np.linspace(-20.0, 20.0, 8001)
    _, p, q = gaussian_pair(theta, x=grid)
    exact = gaussian_js(theta)
    on_grid = js_divergence(p, q)
    assert on_grid <= exact + 1e-12
    assert on_grid == pytest.approx(exact, abs=1e-6)


def test_gaussian_js_hand_values_and_symmetry():
    assert is_positive_zero(gaussian_js(0.0))
    assert is_positive_zero(gaussian_js(-0.0))
    assert gaussian_js(-1.3) == gaussian_js(1.3)
    # only theta / sigma matters
    assert gaussian_js(1.0, 2.0) == pytest.approx(gaussian_js(0.5), rel=1e-10)
    # for small shifts JS ~ theta^2 / (8 sigma^2) (a quarter of the symmetrised KL / 2)
    assert gaussian_js(0.01) == pytest.approx(0.01**2 / 8, rel=1e-3)
    values = gaussian_js(np.array([[0.0, 1.0], [2.0, 40.0]]))
    assert values.shape == (2, 2)
    assert values[0, 1] == gaussian_js(1.0)


def test_gaussian_js_is_monotone_and_saturates():
    thetas = np.linspace(0.0, 10.0, 41)
    values = gaussian_js(thetas)
    assert np.all(np.diff(values) > 0)
    assert np.all(values <= LOG2)
    # the deficit log 2 - JS falls like exp(-theta^2 / 8): below 1e-6 at 10, 1e-8 at 12
    assert LOG2 - gaussian_js(10.0) < 1e-6
    assert LOG2 - gaussian_js(12.0) < 1e-8
    assert gaussian_js(40.0) == pytest.approx(LOG2, abs=1e-15)


@pytest.mark.parametrize(("theta", "sigma"), [(0.3, 1.0), (1.0, 1.0), (2.5, 1.0), (5.0, 1.0),
                                              (-1.2, 1.0), (1.0, 2.0)])
def test_gaussian_js_slope_matches_central_difference(theta, sigma):
    # Central difference with step e: truncation e^2 |JS'''| / 6 < 1e-9 for e = 1e-4, plus the
    # quadrature error (~1e-13) divided by 2e: < 1e-9. Allow 1e-7.
    e = 1e-4
    fd = (gaussian_js(theta + e, sigma) - gaussian_js(theta - e, sigma)) / (2 * e)
    assert gaussian_js_slope(theta, sigma) == pytest.approx(fd, abs=1e-7)


def test_gaussian_js_slope_vanishes_at_both_ends():
    assert is_positive_zero(gaussian_js_slope(0.0))
    assert abs(gaussian_js_slope(30.0)) < 1e-20
    assert gaussian_js_slope(-2.0) == pytest.approx(-gaussian_js_slope(2.0), rel=1e-12)
    slopes = gaussian_js_slope(np.array([0.5, 1.0, 2.0]))
    assert slopes.shape == (3,)
    assert np.all(slopes > 0)


# --- the box pair ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shift", "width", "expected"),
    [
        (0.0, 1.0, 0.0),
        (0.5, 1.0, 0.5 * math.log(2)),
        (-0.25, 1.0, 0.25 * math.log(2)),
        (1.0, 1.0, math.log(2)),
        (3.0, 1.0, math.log(2)),
        (0.25, 0.5, 0.5 * math.log(2)),
    ],
)
def test_box_js_hand_values(shift, width, expected):
    value = box_js(shift, width)
    assert value == pytest.approx(expected, rel=1e-15)
    if expected == math.log(2):
        assert value == math.log(2)
    if expected == 0:
        assert is_positive_zero(value)


@pytest.mark.parametrize(
    ("shift", "width"),
    [(0.0, 1.0), (0.05, 1.0), (0.3, 1.0), (0.55, 1.0), (-0.45, 1.0), (1.0, 1.0), (1.5, 1.0),
     (2.5, 1.0), (0.6, 2.0)],
)
def test_box_js_agrees_with_box_pair(shift, width):
    # shifts that are multiples of width / 20 put the box edges on cell edges of the default
    # grid, and the grid divergences equal the continuous ones up to rounding
    x, p, q = box_pair(shift, width)
    assert js_divergence(p, q) == pytest.approx(box_js(shift, width), rel=1e-12, abs=1e-15)
    assert wasserstein_1d(x, x, p, q) == pytest.approx(abs(shift), rel=1e-12, abs=1e-15)
    assert kl_divergence(p, q) == (0.0 if shift == 0 else math.inf)


@pytest.mark.parametrize("shift", [0.123, 0.51, -0.777, 1.01])
def test_box_pair_off_grid_shift_only_lowers_js(shift):
    # off the cell edges the grid blurs the box edges: coarse-graining lowers JS
    _, p, q = box_pair(shift)
    assert js_divergence(p, q) <= box_js(shift) + 1e-12
    assert js_divergence(p, q) == pytest.approx(box_js(shift), abs=0.05)


# --- blur ------------------------------------------------------------------------------------


def test_blurring_a_point_gives_discretize_normal():
    x = np.linspace(-3.0, 3.0, 61)
    for k in (0, 17, 30, 60):
        point = np.zeros(61)
        point[k] = 1.0
        np.testing.assert_allclose(blur(point, x, 0.4), discretize_normal(x, x[k], 0.4),
                                   rtol=0, atol=1e-15)


def test_blur_with_zero_noise_is_the_identity():
    x = np.linspace(0.0, 1.0, 5)
    p = normalize([1.0, 0.0, 2.0, 0.0, 1.0])
    out = blur(p, x, 0.0)
    np.testing.assert_array_equal(out, p)
    assert out is not p


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.lists(st.one_of(st.just(0.0), st.floats(0.0, 1e3, allow_subnormal=False)),
             min_size=2, max_size=40).filter(lambda w: math.fsum(w) > 0).map(normalize),
    st.floats(0.0, 5.0),
)
def test_blur_preserves_mass(p, sd):
    x = np.linspace(-2.0, 2.0, p.size)
    out = blur(p, x, sd)
    assert np.all(out >= 0)
    assert math.fsum(out) == pytest.approx(1.0, abs=1e-12)


def test_blur_lowers_js_between_disjoint_boxes():
    # Instance noise: two disjoint boxes have JS = log 2 exactly; after blurring both they
    # overlap and JS drops below log 2 (a Markov kernel can only lower a divergence).
    x, p, q = box_pair(2.0)
    assert js_divergence(p, q) == math.log(2)
    blurred = js_divergence(blur(p, x, 0.5), blur(q, x, 0.5))
    assert 0 < blurred < math.log(2) - 1e-3


def test_blur_with_tiny_noise_is_the_identity_without_warnings():
    # found by hypothesis: noise_sd = 2e-311 overflowed (edge - x) / noise_sd with a warning
    x = np.linspace(-2.0, 2.0, 5)
    p = normalize([0.0, 1.0, 0.0, 3.0, 0.0])
    np.testing.assert_array_equal(blur(p, x, 2.2e-311), p)


def test_blur_rejects_bad_input():
    x = np.linspace(0.0, 1.0, 5)
    with pytest.raises(ValueError, match=r"noise_sd must be >= 0"):
        blur(np.full(5, 0.2), x, -0.1)
    with pytest.raises(ValueError, match=r"noise_sd must be >= 0"):
        blur(np.full(5, 0.2), x, math.nan)
    with pytest.raises(ValueError, match=r"p has 3 entries but the grid x has 5"):
        blur([0.2, 0.3, 0.5], x, 0.1)


# --- the parallel lines ----------------------------------------------------------------------


def test_parallel_lines_points():
    p, q = parallel_lines(0.5, n=4)
    assert p.shape == q.shape == (4, 2)
    np.testing.assert_array_equal(p[:, 0], 0.0)
    np.testing.assert_array_equal(q[:, 0], 0.5)
    np.testing.assert_array_equal(p[:, 1], [0.125, 0.375, 0.625, 0.875])
    np.testing.assert_array_equal(q[:, 1], p[:, 1])
    with pytest.raises(ValueError, match=r"n must be >= 1"):
        parallel_lines(0.5, n=0)
    with pytest.raises(ValueError, match=r"theta must be finite"):
        parallel_lines(math.inf)


@pytest.mark.parametrize("theta", [0.0, 0.5, -1.5, 1e-3, 2.0, 7.0, 1e-9])
def test_parallel_lines_numeric_equals_closed_form(theta):
    numeric = parallel_lines_numeric(theta)
    closed = parallel_lines_closed_form(theta)
    assert numeric == closed
    for value in numeric.values():
        assert not math.isnan(value)
        if value == 0:
            assert is_positive_zero(value)


def test_parallel_lines_closed_form_values():
    assert parallel_lines_closed_form(0.0) == {"kl": 0.0, "js": 0.0, "w1": 0.0}
    assert parallel_lines_closed_form(-0.25) == {"kl": math.inf, "js": math.log(2), "w1": 0.25}


@pytest.mark.parametrize("theta", [1 / 3, math.pi, -math.e / 10])
def test_parallel_lines_numeric_w1_for_any_theta(theta):
    # parallel_lines_numeric rounds W1 to 12 decimals, so for shifts with more digits it equals
    # the closed form only to 1e-12
    numeric = parallel_lines_numeric(theta, n=7)
    assert numeric["kl"] == math.inf
    assert numeric["js"] == math.log(2)
    assert numeric["w1"] == pytest.approx(abs(theta), abs=1e-12)


# --- the two coins ---------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)),
       st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)))
def test_coins_agree_with_the_general_divergences(a, b):
    p, q = [a, 1.0 - a], [b, 1.0 - b]
    assert coin_js(a, b) == pytest.approx(js_divergence(p, q), rel=1e-9, abs=1e-12)
    kl = kl_divergence(p, q)
    if math.isinf(kl):
        assert coin_kl(a, b) == math.inf
    else:
        assert coin_kl(a, b) == pytest.approx(kl, rel=1e-9, abs=1e-12)
