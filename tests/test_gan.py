"""The GAN value on discrete distributions, its optimal discriminator and the generator losses."""

from __future__ import annotations

import math

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings
from scipy import integrate, stats

from helpers import (
    LOG2,
    gan_value,
    js_divergence,
    kl_divergence,
    nonsaturating_generator_loss,
    normalize,
    optimal_discriminator,
    saturating_generator_loss,
)
from helpers.gan import (
    frozen_generator_gradients,
    log_one_minus_logistic,
    logistic_discriminator,
    near_perfect_discriminator,
    noisy_discriminator_gradients,
    sharpness_for_error,
)

from .strategies import is_positive_zero, vectors


def discriminators(n: int):
    """Discriminator outputs in [0, 1], exact 0 and 1 included."""
    return st.lists(
        st.one_of(st.just(0.0), st.just(1.0), st.just(0.5), st.floats(0.0, 1.0)),
        min_size=n,
        max_size=n,
    ).map(np.array)


games = st.integers(1, 8).flatmap(lambda n: st.tuples(vectors(n), vectors(n), discriminators(n)))

# --- optimal discriminator -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p_real", "p_gen", "expected"),
    [
        ([0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [1.0, 0.5, 0.0]),
        ([0.75, 0.25], [0.25, 0.75], [0.75, 0.25]),
        ([0.6, 0.4], [0.2, 0.8], [0.75, 1 / 3]),
        # where neither distribution puts mass, every D is optimal: documented as 1/2
        ([1.0, 0.0], [1.0, 0.0], [0.5, 0.5]),
        ([0.5, 0.0, 0.5], [0.5, 0.0, 0.5], [0.5, 0.5, 0.5]),
        ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.5]),
    ],
)
def test_optimal_discriminator_hand_values(p_real, p_gen, expected):
    d = optimal_discriminator(p_real, p_gen)
    np.testing.assert_allclose(d, expected, rtol=1e-15, atol=0)
    assert not np.any(np.isnan(d))


def test_optimal_discriminator_stays_below_one_where_the_generator_has_mass():
    # p_r / (p_r + p_g) rounds to 1.0 for p_g < 1e-16 p_r; D* must stay < 1 there, or
    # log(1 - D*) makes V(D*, G) = -inf instead of 2 JS - 2 log 2 (found by hypothesis)
    p_real, p_gen = [1.0, 0.0], normalize([1e-30, 1.0])
    d_star = optimal_discriminator(p_real, p_gen)
    assert d_star[0] < 1.0
    assert d_star[1] == 0.0
    value = gan_value(p_real, p_gen, d_star)
    assert value == pytest.approx(2 * js_divergence(p_real, p_gen) - 2 * LOG2, abs=1e-12)
    assert optimal_discriminator([1.0, 0.0], [0.0, 1.0])[0] == 1.0  # no generator mass: exactly 1


# --- gan_value and the generator losses: hand values -----------------------------------------


def test_gan_value_hand_values():
    # D = 1/2 everywhere ("cannot tell"): V = log 1/2 + log 1/2
    assert gan_value([0.5, 0.5], [0.5, 0.5], [0.5, 0.5]) == pytest.approx(-2 * LOG2, rel=1e-15)
    assert gan_value([1.0, 0.0], [0.0, 1.0], [0.5, 0.5]) == pytest.approx(-2 * LOG2, rel=1e-15)
    # a perfect discriminator on disjoint supports: V = 1 log 1 + 1 log 1 = 0
    value = gan_value([1.0, 0.0], [0.0, 1.0], [1.0, 0.0])
    assert is_positive_zero(value)
    # by hand: 0.75 log 0.75 + 0.25 log 0.25, twice
    expected = 2 * (0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    assert gan_value([0.75, 0.25], [0.25, 0.75], [0.75, 0.25]) == pytest.approx(expected, rel=1e-14)
    # D = 0 on a real sample, or D = 1 on a generated one, costs -inf
    assert gan_value([0.5, 0.5], [0.5, 0.5], [0.0, 0.5]) == -math.inf
    assert gan_value([0.5, 0.5], [0.5, 0.5], [0.5, 1.0]) == -math.inf
    assert gan_value([0.5, 0.5], [0.5, 0.5], [0.0, 1.0]) == -math.inf
    # ... but not where that distribution puts no mass (0 log 0 = 0)
    assert gan_value([1.0, 0.0], [1.0, 0.0], [0.5, 0.0]) == pytest.approx(-2 * LOG2, rel=1e-15)


def test_generator_losses_hand_values():
    assert saturating_generator_loss([0.5, 0.5], [0.5, 0.5]) == pytest.approx(-LOG2, rel=1e-15)
    assert nonsaturating_generator_loss([0.5, 0.5], [0.5, 0.5]) == pytest.approx(LOG2, rel=1e-15)
    # the discriminator is sure every generated sample is fake (D = 0 there)
    assert is_positive_zero(saturating_generator_loss([1.0, 0.0], [0.0, 1.0]))
    assert nonsaturating_generator_loss([1.0, 0.0], [0.0, 1.0]) == math.inf
    # the discriminator is fooled (D = 1 where the generator puts mass)
    assert saturating_generator_loss([0.0, 1.0], [0.3, 1.0]) == -math.inf
    assert is_positive_zero(nonsaturating_generator_loss([0.0, 1.0], [0.3, 1.0]))
    assert nonsaturating_generator_loss([0.25, 0.75], [0.5, 0.25]) == pytest.approx(
        -(0.25 * math.log(0.5) + 0.75 * math.log(0.25)), rel=1e-15
    )


def test_gan_values_are_floats_never_nan_or_negative_zero():
    cases = [
        ([1.0, 0.0], [1.0, 0.0], [1.0, 1.0]),  # p_gen's zero meets D = 1: 0 log 0 = 0
        ([0.0, 1.0], [0.0, 1.0], [1.0, 1.0]),
        ([1.0], [1.0], [1.0]),
        ([1.0], [1.0], [0.0]),
    ]
    for p_real, p_gen, d in cases:
        for value in (
            gan_value(p_real, p_gen, d),
            saturating_generator_loss(p_gen, d),
            nonsaturating_generator_loss(p_gen, d),
        ):
            assert isinstance(value, float)
            assert not math.isnan(value)
            if value == 0:
                assert is_positive_zero(value)


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, derandomize=True)
@given(games)
def test_no_discriminator_beats_the_optimal_one(game):
    p_real, p_gen, d = game
    best = gan_value(p_real, p_gen, optimal_discriminator(p_real, p_gen))
    value = gan_value(p_real, p_gen, d)
    assert not math.isnan(value)
    assert math.isfinite(best)
    assert value <= best + 1e-12


@settings(max_examples=80, deadline=None, derandomize=True)
@given(games)
def test_value_at_the_optimum_is_2js_minus_2log2(game):
    p_real, p_gen, _ = game
    d_star = optimal_discriminator(p_real, p_gen)
    value = gan_value(p_real, p_gen, d_star)
    expected = 2 * js_divergence(p_real, p_gen) - 2 * LOG2
    assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert -2 * LOG2 - 1e-12 <= value <= 0.0
    if value == 0:
        assert is_positive_zero(value)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(games)
def test_nonsaturating_loss_at_the_optimum(game):
    """E_pg[-log D*] = KL(Pg || Pr) - E_pg[log(1 - D*)], exactly in the discrete case.

    With D* = pr / (pr + pg):  -log D* = log(pg / pr) - log(pg / (pr + pg)), averaged over pg.
    Using V(D*, G) = 2 JS - 2 log 2 this is also KL(Pg || Pr) - 2 JS + 2 log 2 + E_pr[log D*].
    """
    p_real, p_gen, _ = game
    d_star = optimal_discriminator(p_real, p_gen)
    loss = nonsaturating_generator_loss(p_gen, d_star)
    kl = kl_divergence(p_gen, p_real)
    minimax = saturating_generator_loss(p_gen, d_star)  # E_pg log(1 - D*), always finite here
    assert math.isfinite(minimax)
    if math.isinf(kl):
        assert loss == math.inf  # the generator puts mass where the data has none: D* = 0 there
        return
    assert loss == pytest.approx(kl - minimax, rel=1e-10, abs=1e-12)
    real_term = gan_value(p_real, p_gen, d_star) - minimax  # E_pr log D*
    js = js_divergence(p_real, p_gen)
    assert loss == pytest.approx(kl - 2 * js + 2 * LOG2 + real_term, rel=1e-10, abs=1e-11)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.integers(2, 8).flatmap(lambda n: st.tuples(vectors(n), st.lists(
    st.booleans(), min_size=n, max_size=n))))
def test_disjoint_supports_saturate(case):
    # On disjoint supports D* is 0 on every generated sample: the minimax loss is exactly 0,
    # flat in every direction (the vanishing gradient), and V(D*, G) = 2 log 2 - 2 log 2 = 0.
    w, mask = case
    mask = np.array(mask)
    if w[mask].sum() == 0 or w[~mask].sum() == 0:
        return
    p_real, p_gen = normalize(np.where(mask, w, 0.0)), normalize(np.where(mask, 0.0, w))
    d_star = optimal_discriminator(p_real, p_gen)
    assert is_positive_zero(saturating_generator_loss(p_gen, d_star))
    assert is_positive_zero(gan_value(p_real, p_gen, d_star))
    assert nonsaturating_generator_loss(p_gen, d_star) == math.inf


# --- bad discriminators ----------------------------------------------------------------------

D_CALLS = [
    pytest.param(lambda d: gan_value([0.5, 0.5], [0.5, 0.5], d), id="gan_value"),
    pytest.param(lambda d: saturating_generator_loss([0.5, 0.5], d), id="saturating"),
    pytest.param(lambda d: nonsaturating_generator_loss([0.5, 0.5], d), id="nonsaturating"),
]


@pytest.mark.parametrize("call", D_CALLS)
@pytest.mark.parametrize(
    ("d", "match"),
    [
        ([0.5, 1.5], r"d\[1\] = 1\.5 is not a probability: it must lie in \[0, 1\]"),
        ([-0.25, 0.5], r"d\[0\] = -0\.25 is not a probability"),
        ([0.5, math.nan], r"d\[1\] is NaN"),
        ([math.inf, 0.5], r"d\[0\] is inf"),
        ([0.5, 0.5, 0.5], r"d has 3 entries but the distributions have 2"),
        ([], r"d is empty"),
        ([[0.5, 0.5]], r"d must be one-dimensional"),
    ],
)
def test_bad_discriminator(call, d, match):
    with pytest.raises(ValueError, match=match):
        call(d)


@pytest.mark.parametrize("call", D_CALLS)
@pytest.mark.parametrize("d", ["0.5", None, ["0.5", "0.5"], [0.5j, 0.5], [[0.5], [0.5, 0.5]]])
def test_non_numeric_discriminator(call, d):
    with pytest.raises((TypeError, ValueError)):
        call(d)


# --- the generator's gradients with D* frozen (notebook 07) ---------------------------------

def _directions(n: int):
    """A probability vector with full support and a direction that keeps the sum at 1."""
    return st.tuples(
        st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
        st.lists(st.floats(-1.0, 1.0), min_size=n, max_size=n),
    )


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(2, 7).flatmap(_directions))
def test_frozen_gradients_are_derivatives_of_the_losses_with_d_fixed(case):
    r, g, s = (np.array(v) for v in case)
    p_real, p_gen = r / r.sum(), g / g.sum()
    slope = s - s.mean()
    d_star = optimal_discriminator(p_real, p_gen)  # frozen
    t = 1e-6
    up, down = p_gen + t * slope, p_gen - t * slope
    up, down = up / up.sum(), down / down.sum()
    out = frozen_generator_gradients(p_real, p_gen, slope)
    minimax = (saturating_generator_loss(up, d_star)
               - saturating_generator_loss(down, d_star)) / (2 * t)
    nonsat = (nonsaturating_generator_loss(up, d_star)
              - nonsaturating_generator_loss(down, d_star)) / (2 * t)
    assert out["minimax"] == pytest.approx(minimax, rel=1e-5, abs=1e-7)
    assert out["nonsaturating"] == pytest.approx(nonsat, rel=1e-5, abs=1e-7)


def test_frozen_gradients_edges_and_errors():
    # mass moving into an outcome the data never produces: D* = 0 there, -log D* = inf
    out = frozen_generator_gradients([1.0, 0.0], [0.5, 0.5], [-0.1, 0.1])
    assert out["nonsaturating"] == math.inf
    assert math.isfinite(out["minimax"])
    out = frozen_generator_gradients([1.0, 0.0], [0.5, 0.5], [0.1, -0.1])
    assert out["nonsaturating"] == -math.inf
    assert is_positive_zero(frozen_generator_gradients([0.5, 0.5], [0.5, 0.5], [0, 0])["minimax"])
    with pytest.raises(ValueError, match=r"p_gen_slope sums to 0\.2, not 0"):
        frozen_generator_gradients([0.5, 0.5], [0.5, 0.5], [0.1, 0.1])
    with pytest.raises(ValueError, match=r"p_gen_slope has 3 entries"):
        frozen_generator_gradients([0.5, 0.5], [0.5, 0.5], [0.1, -0.1, 0.0])
    with pytest.raises(ValueError, match=r"p_gen_slope\[1\] = -0\.1 but p_gen\[1\] = 0"):
        frozen_generator_gradients([0.5, 0.5], [1.0, 0.0], [0.1, -0.1])
    with pytest.raises(ValueError, match=r"p_gen_slope\[0\] is NaN"):
        frozen_generator_gradients([0.5, 0.5], [0.5, 0.5], [math.nan, 0.0])


@pytest.mark.parametrize("k", [0.3, 1.0, 2.5, 6.0, 15.0])
@pytest.mark.parametrize("gap", [2.5, 3.0, 5.0])
def test_near_perfect_discriminator_against_quadrature(k, gap):
    out = near_perfect_discriminator(k, gap)
    c = out["centre"]
    assert c == gap / 2

    def loss(theta):  # E_z log(1 - D(z + theta)), z ~ U[0, 1], D frozen
        value, _ = integrate.quad(lambda x: float(log_one_minus_logistic([x], k, c)[0]),
                                  theta, theta + 1, epsabs=1e-14, epsrel=1e-12)
        return value

    h = 1e-4
    numeric = (loss(gap + h) - loss(gap - h)) / (2 * h)
    assert out["gradient"] == pytest.approx(numeric, rel=1e-5, abs=1e-13)

    def nonsat_loss(theta):  # E_z -log D(z + theta), D frozen
        value, _ = integrate.quad(lambda x: -math.log(logistic_discriminator([x], k, c)[0]),
                                  theta, theta + 1, epsabs=1e-14, epsrel=1e-12)
        return value

    numeric = (nonsat_loss(gap + h) - nonsat_loss(gap - h)) / (2 * h)
    assert out["nonsaturating_gradient"] == pytest.approx(numeric, rel=1e-6)
    assert out["nonsaturating_gradient"] <= k
    # the error: sup over both supports of |D - D*| + |D'|, found on a fine grid
    x_fake = np.linspace(gap, gap + 1, 2001)
    x_real = np.linspace(-1, 0, 2001)
    d_fake = logistic_discriminator(x_fake, k, c)
    d_real = logistic_discriminator(x_real, k, c)
    error = max(np.max(d_fake + k * d_fake * (1 - d_fake)),
                np.max(1 - d_real + k * d_real * (1 - d_real)))
    assert out["error"] == pytest.approx(error, rel=1e-9)
    assert 0 < out["gradient"] <= out["bound"]


def test_sharpness_for_error_inverts_the_error():
    for error in [0.4, 0.1, 1e-3, 1e-9, 1e-14]:
        k = sharpness_for_error(error)
        assert near_perfect_discriminator(k)["error"] == pytest.approx(error, rel=1e-10)
    ks = np.linspace(0.01, 40, 2000)
    errors = [near_perfect_discriminator(k)["error"] for k in ks]
    assert np.all(np.diff(errors) < 0), "the error falls as the discriminator sharpens"
    # the docstring's threshold: monotone from gap = 2, not below (slope 1/4 - g/8 at k = 0)
    fine = np.linspace(1e-4, 30, 30000)
    for gap, monotone in [(2.0, True), (2.5, True), (1.9, False)]:
        errs = np.array([near_perfect_discriminator(k, gap)["error"] for k in fine])
        assert bool(np.all(np.diff(errs) <= 0)) is monotone, gap
    k = sharpness_for_error(0.1, gap=1.5)
    assert near_perfect_discriminator(k, 1.5)["error"] == pytest.approx(0.1, rel=1e-10)
    for bad in [0.5, 0.7, 0.0, -1.0, math.nan]:
        with pytest.raises(ValueError):
            sharpness_for_error(bad)
    for bad in [0.0, -2.0, math.inf]:
        with pytest.raises(ValueError, match="sharpness must be a positive finite number"):
            near_perfect_discriminator(bad)


def test_noisy_gradients_cauchy_and_scale():
    small = noisy_discriminator_gradients(1e-3, size=20000, seed=1)
    large = noisy_discriminator_gradients(0.3, size=20000, seed=1)
    np.testing.assert_array_equal(small["nonsaturating"], large["nonsaturating"])
    assert stats.kstest(small["nonsaturating"], "cauchy").pvalue > 0.01
    assert np.std(small["minimax"]) == pytest.approx(1e-3, rel=0.05)
    assert np.std(large["minimax"]) < 1.0
    with pytest.raises(ValueError, match="noise_sd"):
        noisy_discriminator_gradients(0.0)
    with pytest.raises(ValueError, match="size"):
        noisy_discriminator_gradients(0.1, size=0)
