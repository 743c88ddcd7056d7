"""Checks for the claims of mathnotes/03-cross-entropy-and-kl.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy.stats import binom, norm

import helpers as h
from helpers.classification import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    logistic,
    smoothed_logit_gap,
    smoothed_target,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
)
from helpers.data import WORM_TEETH_COUNTS, worm_teeth_distribution
from helpers.examples import discretize_normal
from helpers.model_fit import (
    FIT_GRID,
    binomial_kl,
    binomial_mle,
    binomial_model,
    centred_reverse_fit,
    fit_gaussian,
    mixture_fits,
    normal_kl,
    two_bump_mixture,
)

from .strategies import vectors

LN2 = math.log(2)
SETTINGS = settings(max_examples=80, deadline=None)

P_SKEW, Q_FAIR, R_SKEW = [0.9, 0.1], [0.5, 0.5], [0.1, 0.9]


def pairs():
    return st.integers(2, 6).flatmap(lambda n: st.tuples(vectors(n), vectors(n)))


def _numeric_gradient(f, z, step=1e-6):
    z = np.asarray(z, dtype=float)
    grad = np.empty_like(z)
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = step
        grad[j] = (f(z + e) - f(z - e)) / (2 * step)
    return grad


# --- 1, 2: the identity and code lengths -------------------------------------------------------


@pytest.mark.claim("ce-decomposition")
@SETTINGS
@given(pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    ce = h.cross_entropy(p, q)
    if math.isinf(ce):
        return
    assert ce == pytest.approx(h.entropy(p) + h.kl_divergence(p, q), rel=1e-9, abs=1e-9)


@pytest.mark.claim("ce-infinite-together")
@SETTINGS
@given(pairs())
@example((np.array([0.5, 0.5]), np.array([1.0, 0.0])))  # q = 0 < p: both infinite
@example((np.array([1.0, 0.0]), np.array([0.5, 0.5])))  # p = 0 where q > 0: both finite
@example((np.array([0.0, 1.0]), np.array([1.0, 0.0])))  # disjoint supports
def test_cross_entropy_and_kl_are_infinite_together(pq):
    p, q = pq
    rules_out = bool(np.any((q == 0) & (p > 0)))
    assert math.isinf(h.cross_entropy(p, q)) == rules_out
    assert math.isinf(h.kl_divergence(p, q)) == rules_out


@pytest.mark.claim("ce-code-length-total-and-excess")
def test_code_lengths_total_and_excess():
    p = np.array([0.5, 0.25, 0.125, 0.125])
    r = p[::-1]
    lengths = -np.log2(r)
    assert lengths.tolist() == [3.0, 3.0, 2.0, 1.0]
    assert np.sum(2.0 ** -lengths) == 1.0  # Kraft's equality: a prefix code exists
    # one such prefix code, checked to be prefix-free, with these lengths
    code = {0: "110", 1: "111", 2: "10", 3: "0"}
    words = list(code.values())
    assert not any(a != b and b.startswith(a) for a in words for b in words)
    assert [len(code[i]) for i in range(4)] == lengths.tolist()
    average = float(np.sum(p * lengths))
    assert average == 2.625 == pytest.approx(h.cross_entropy(p, r, base=2), abs=1e-12)
    assert h.entropy(p, base=2) == pytest.approx(1.75, abs=1e-12)
    assert average - 1.75 == pytest.approx(h.kl_divergence(p, r, base=2), abs=1e-12)
    assert h.kl_divergence(p, r, base=2) == pytest.approx(0.875, abs=1e-12)
    assert h.kl_divergence(p, p) == 0.0
    assert h.cross_entropy(p, p, base=2) == pytest.approx(1.75, abs=1e-12)


# --- 3, 4: Gibbs, asymmetry, triangle ----------------------------------------------------------


@pytest.mark.claim("ce-log-concave")
@SETTINGS
@given(st.lists(st.floats(1e-3, 1e3), min_size=2, max_size=8),
       st.lists(st.floats(0.01, 1.0), min_size=8, max_size=8))
def test_log_is_concave_jensen(xs, weights):
    x = np.array(xs)
    w = h.normalize(weights[: x.size])
    assert float(np.sum(w * np.log(x))) <= math.log(float(np.sum(w * x))) + 1e-12
    # the second derivative -1/x^2, by finite differences, is negative
    for point in (0.1, 1.0, 10.0):
        step = 1e-3 * point
        second = (math.log(point + step) - 2 * math.log(point) + math.log(point - step)) / step**2
        assert second == pytest.approx(-1 / point**2, rel=1e-4)


@pytest.mark.claim("ce-gibbs")
@SETTINGS
@given(pairs())
def test_gibbs_inequality(pq):
    p, q = pq
    kl = h.kl_divergence(p, q)
    assert kl >= 0.0
    assert h.cross_entropy(p, q) >= h.entropy(p) - 1e-12
    if kl == 0.0:
        assert np.allclose(p, q, atol=1e-6)
    if np.max(np.abs(p - q)) > 1e-3:  # equality only when Q = P: a visible difference costs
        assert kl > 0.0
    assert h.kl_divergence(p, p) == 0.0


@pytest.mark.claim("ce-gibbs")
def test_gibbs_equality_case_and_a_zero_of_q_on_the_support():
    p = np.array([0.5, 0.5, 0.0])
    # Q agrees with P on the support up to a constant c < 1, the rest of its mass off it
    q = np.array([0.4, 0.4, 0.2])
    assert h.kl_divergence(p, q) == pytest.approx(-math.log(0.8), rel=1e-12)
    assert h.kl_divergence(p, [0.5, 0.5, 0.0]) == 0.0
    assert math.isinf(h.kl_divergence(p, [1.0, 0.0, 0.0]))


@pytest.mark.claim("ce-asymmetric")
def test_kl_is_not_symmetric():
    assert h.kl_divergence(P_SKEW, Q_FAIR) == pytest.approx(0.368, abs=5e-4)
    assert h.kl_divergence(Q_FAIR, P_SKEW) == pytest.approx(0.511, abs=5e-4)


@pytest.mark.claim("ce-triangle-fails")
def test_kl_breaks_the_triangle_inequality():
    direct = h.kl_divergence(P_SKEW, R_SKEW)
    detour = h.kl_divergence(P_SKEW, Q_FAIR) + h.kl_divergence(Q_FAIR, R_SKEW)
    assert direct == pytest.approx(0.8 * math.log(9), abs=1e-12)
    assert direct == pytest.approx(1.758, abs=5e-4)
    assert detour == pytest.approx(0.879, abs=5e-4)
    assert detour == pytest.approx(0.4 * math.log(9), rel=1e-12)  # exactly half of the direct
    assert detour < direct  # the triangle inequality fails


# --- 5, 6: Gaussians ---------------------------------------------------------------------------


@pytest.mark.claim("ce-normal-kl-closed-form")
@pytest.mark.parametrize(
    "mp, sp, mq, sq", [(0, 1, 1, 1), (0, 1, 0, 2), (1.5, 0.7, -0.5, 1.8), (-2, 2, 1, 1.2)]
)
def test_normal_kl_against_the_grid(mp, sp, mq, sq):
    x = np.linspace(-15, 15, 6001)
    p, q = discretize_normal(x, mp, sp), discretize_normal(x, mq, sq)
    grid = h.kl_divergence(p, q)
    assert grid == pytest.approx(normal_kl(mp, sp, mq, sq), abs=1e-4)
    # the two steps of the derivation: -E_P[log q] and -E_P[log p] (densities: + log of the spacing)
    dx = x[1] - x[0]
    cross = math.log(sq * math.sqrt(2 * math.pi)) + (sp**2 + (mp - mq) ** 2) / (2 * sq**2)
    own = math.log(sp * math.sqrt(2 * math.pi)) + 0.5
    assert h.cross_entropy(p, q) + math.log(dx) == pytest.approx(cross, abs=1e-4)
    assert h.entropy(p) + math.log(dx) == pytest.approx(own, abs=1e-4)
    assert cross - own == pytest.approx(normal_kl(mp, sp, mq, sq), abs=1e-12)


@pytest.mark.claim("ce-normal-kl-equal-sd")
@SETTINGS
@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(0.1, 5))
def test_normal_kl_with_equal_sd_is_gaussian_kl(mp, mq, sd):
    expected = (mp - mq) ** 2 / (2 * sd**2)
    assert normal_kl(mp, sd, mq, sd) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert h.gaussian_kl(mq - mp, sd) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.claim("ce-forward-moment-matching")
@pytest.mark.parametrize("d", [0.0, 1.0, 3.0, 5.0, 8.0])
def test_forward_fit_matches_the_moments(d):
    mean, sd, kl = mixture_fits(d)["forward"]
    assert mean == pytest.approx(0.0, abs=1e-3)
    assert sd == pytest.approx(math.sqrt(1 + d * d / 4), rel=1e-3)
    p = two_bump_mixture(d)
    assert kl == pytest.approx(h.kl_divergence(p, discretize_normal(FIT_GRID, mean, sd)), abs=1e-9)


def _brute_force_reverse(p):
    """Best KL(Q‖P) over a coarse (mean, sd) grid: a check on the optimiser's global choice."""
    best = (math.inf, None, None)
    for mean in np.arange(-6, 6.01, 0.25):
        for sd in np.arange(0.5, 5.01, 0.1):
            q = discretize_normal(FIT_GRID, mean, sd)
            value = float(np.sum(q * np.log(np.maximum(q, 1e-300) / p)))
            if value < best[0]:
                best = (value, mean, sd)
    return best


@pytest.mark.claim("ce-reverse-mode-seeking")
def test_reverse_fit_seeks_a_mode():
    for d in (6.0, 7.0, 8.0):
        mean, sd, kl = mixture_fits(d)["reverse"]
        assert mean == pytest.approx(d / 2, abs=0.2)
        assert sd == pytest.approx(1.0, abs=0.05)
        assert kl < LN2
    kls = [mixture_fits(d)["reverse"][2] for d in (6.0, 7.0, 8.0)]
    assert kls == sorted(kls) and LN2 - kls[-1] < 1e-3  # rising towards log 2
    # a Q spread over both bumps pays more and more for the gap
    for d in (6.0, 8.0):
        p = two_bump_mixture(d)
        spread = discretize_normal(FIT_GRID, 0.0, math.sqrt(1 + d * d / 4))
        assert h.kl_divergence(spread, p) > mixture_fits(d)["reverse"][2]
    # the optimiser's choice is the global one (a brute-force scan agrees)
    for d in (3.0, 7.0):
        value, _, _ = _brute_force_reverse(two_bump_mixture(d))
        assert mixture_fits(d)["reverse"][2] <= value + 1e-9


@pytest.mark.claim("ce-reverse-switch")
def test_reverse_fit_is_centred_and_narrower_then_switches():
    for d in np.arange(0.25, 5.51, 0.25):
        forward, reverse = mixture_fits(float(d))["forward"], mixture_fits(float(d))["reverse"]
        assert abs(reverse[0]) < 1e-3
        assert reverse[1] <= forward[1] + 1e-6
        if d >= 1.5:
            assert reverse[1] < forward[1] - 0.005
    for d in np.arange(5.75, 8.01, 0.25):
        assert mixture_fits(float(d))["reverse"][0] > d / 2 - 0.2
    # the fit is a real optimum: nudging it costs
    mean, sd, kl = fit_gaussian(two_bump_mixture(4.0), direction="reverse")
    p = two_bump_mixture(4.0)
    for dm, ds in ((0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)):
        nudged = h.kl_divergence(discretize_normal(FIT_GRID, mean + dm, sd + ds), p)
        assert nudged > kl


# --- 7: classifiers, maximum likelihood, sampling ---------------------------------------------


@pytest.mark.claim("ce-same-gradient")
@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5).flatmap(
    lambda k: st.tuples(
        st.lists(st.floats(-5, 5), min_size=k, max_size=k),
        vectors(k),
    )
))
def test_ce_and_kl_have_the_same_gradient(case):
    z, y = np.array(case[0]), case[1]

    def kl(zz):
        return h.kl_divergence(y, softmax(zz))

    def ce(zz):
        return h.cross_entropy(y, softmax(zz))

    assert ce(z) - kl(z) == pytest.approx(h.entropy(y), abs=1e-9)
    grad_ce, grad_kl = _numeric_gradient(ce, z), _numeric_gradient(kl, z)
    assert np.allclose(grad_ce, grad_kl, atol=1e-6)
    assert np.allclose(grad_ce, softmax_cross_entropy_gradient(z, y), atol=1e-6)


@pytest.mark.claim("ce-ml-equivalence")
def test_cross_entropy_of_the_sample_is_mean_negative_log_likelihood():
    rng = np.random.default_rng(3)
    q = h.normalize([1, 2, 3, 4, 5])
    sample = rng.integers(0, 5, size=500)
    empirical = np.bincount(sample, minlength=5) / sample.size
    mean_nll = -float(np.mean(np.log(q[sample])))
    assert h.cross_entropy(empirical, q) == pytest.approx(mean_nll, rel=1e-12)
    # and for the worms: the binomial's per-worm negative log-likelihood is the cross-entropy
    teeth = np.repeat(np.arange(11), WORM_TEETH_COUNTS)
    theta = 0.6
    nll = -float(np.mean(binom.logpmf(teeth, 10, theta)))
    assert h.cross_entropy(worm_teeth_distribution(), binomial_model(theta)) == pytest.approx(
        nll, rel=1e-10
    )


@pytest.mark.claim("ce-empirical-converges")
def test_the_empirical_distribution_converges_but_does_not_equal():
    rng = np.random.default_rng(8)
    p = np.array([0.4, 0.3, 0.2, 0.1])
    means = {}
    for n in (100, 1000, 10000):
        counts = rng.multinomial(n, p, size=400)
        kls = np.array([h.kl_divergence(c / n, p) for c in counts])
        assert np.mean(kls > 0) > 0.97  # the sample almost never equals p
        means[n] = float(kls.mean())
        # E[2N KL] ≈ n_outcomes - 1 = 3 (chi-squared with 3 degrees of freedom)
        assert 2 * n * means[n] == pytest.approx(3.0, rel=0.2)
    assert means[100] > means[1000] > means[10000]


# --- 8: the softmax cross-entropy gradient ---------------------------------------------------


@pytest.mark.claim("ce-softmax-gradient")
@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6).flatmap(
    lambda k: st.tuples(
        st.lists(st.floats(-8, 8), min_size=k, max_size=k),
        st.lists(st.floats(0, 3), min_size=k, max_size=k),
    )
))
def test_softmax_gradient_formula_against_finite_differences(case):
    z, y = np.array(case[0]), np.array(case[1])
    numeric = _numeric_gradient(lambda zz: softmax_cross_entropy(zz, y), z)
    formula = softmax(z) * y.sum() - y
    assert np.allclose(numeric, formula, atol=1e-5)
    assert np.allclose(softmax_cross_entropy_gradient(z, y), formula, atol=1e-12)


@pytest.mark.claim("ce-gradient-not-p-minus-y")
def test_multi_label_gradient_is_not_p_minus_y():
    z = np.zeros(4)
    y = np.array([1.0, 1.0, 0.0, 0.0])
    grad = softmax_cross_entropy_gradient(z, y)
    assert grad.tolist() == [-0.5, -0.5, 0.5, 0.5]
    assert (softmax(z) - y).tolist() == [-0.75, -0.75, 0.25, 0.25]
    numeric = _numeric_gradient(lambda zz: softmax_cross_entropy(zz, y), z)
    assert np.allclose(numeric, grad, atol=1e-8)
    assert not np.allclose(numeric, softmax(z) - y, atol=0.1)


@pytest.mark.claim("ce-softmax-shift-stable")
@SETTINGS
@given(st.lists(st.floats(-50, 50), min_size=2, max_size=6), st.floats(-900, 900))
def test_softmax_shift_invariance_and_stability(zs, shift):
    z = np.array(zs)
    y = np.ones_like(z) / z.size
    assert np.allclose(softmax(z + shift), softmax(z), atol=1e-12)
    assert softmax_cross_entropy(z + shift, y) == pytest.approx(
        softmax_cross_entropy(z, y), rel=1e-9, abs=1e-9
    )
    assert abs(softmax_cross_entropy_gradient(z, np.ones_like(z)).sum()) < 1e-12
    extreme = np.array([1000.0, -1000.0, 0.0])
    assert softmax(extreme).tolist() == [1.0, 0.0, 0.0]
    assert softmax_cross_entropy(extreme, [0.0, 1.0, 0.0]) == 2000.0


# --- 9: label smoothing --------------------------------------------------------------------------


@pytest.mark.claim("ce-one-hot-no-minimiser")
def test_one_hot_loss_keeps_falling_as_the_gap_grows():
    gaps = np.array([0.0, 1.0, 5.0, 10.0, 20.0, 40.0])
    losses = [softmax_cross_entropy([g, 0.0, 0.0], [1.0, 0.0, 0.0]) for g in gaps]
    assert all(a > b for a, b in zip(losses, losses[1:], strict=False))
    assert all(loss > 0 for loss in losses)
    assert losses[-1] == pytest.approx(2 * math.exp(-40), rel=1e-12)


def _optimal_gap(target):
    result = optimize.minimize(
        lambda z: softmax_cross_entropy(z, target),
        np.zeros(target.size),
        jac=lambda z: softmax_cross_entropy_gradient(z, target),
        method="BFGS",
        options={"gtol": 1e-12},
    )
    z = result.x
    return z[0] - z[1:]


@pytest.mark.claim("ce-label-smoothing-gap")
@pytest.mark.parametrize("k, eps", [(3, 0.2), (5, 0.1), (10, 0.1), (2, 0.05)])
def test_label_smoothing_gap(k, eps):
    target = smoothed_target(0, k, eps)
    expected = math.log((1 - eps) * (k - 1) / eps)
    assert smoothed_logit_gap(k, eps) == pytest.approx(expected, rel=1e-12)
    assert np.allclose(_optimal_gap(target), expected, atol=1e-5)
    assert np.allclose(softmax(np.array([expected] + [0.0] * (k - 1))), target, atol=1e-12)


@pytest.mark.claim("ce-label-smoothing-uniform-form")
@pytest.mark.parametrize("k, eps", [(3, 0.2), (10, 0.1)])
def test_label_smoothing_uniform_form(k, eps):
    target = (1 - eps) * np.eye(k)[0] + eps / k
    expected = math.log(1 + k * (1 - eps) / eps)
    assert np.allclose(_optimal_gap(target), expected, atol=1e-5)
    assert expected != pytest.approx(smoothed_logit_gap(k, eps))


# --- 10: worm teeth -------------------------------------------------------------------------------


@pytest.mark.claim("ce-uniform-model")
@SETTINGS
@given(vectors(11))
def test_uniform_model_cross_entropy_is_log_k(p):
    u = np.full(11, 1 / 11)
    assert h.cross_entropy(p, u) == pytest.approx(math.log(11), rel=1e-9)
    assert h.kl_divergence(p, u) == pytest.approx(math.log(11) - h.entropy(p), abs=1e-9)


@pytest.mark.claim("ce-binomial-mle")
def test_the_kl_minimiser_is_the_maximum_likelihood_theta():
    observed = worm_teeth_distribution()
    mean = float(np.sum(np.arange(11) * observed))
    assert mean == pytest.approx(6.105, abs=1e-12)
    assert binomial_mle(observed) == pytest.approx(0.6105, abs=1e-12)
    best = optimize.minimize_scalar(
        lambda t: binomial_kl(observed, t), bounds=(0.01, 0.99), method="bounded",
        options={"xatol": 1e-10},
    )
    assert best.x == pytest.approx(0.6105, abs=1e-6)
    # the same theta maximises the likelihood of the 200 worms
    teeth = np.repeat(np.arange(11), WORM_TEETH_COUNTS)
    mle = optimize.minimize_scalar(
        lambda t: -binom.logpmf(teeth, 10, t).sum(), bounds=(0.01, 0.99), method="bounded",
        options={"xatol": 1e-10},
    )
    assert mle.x == pytest.approx(0.6105, abs=1e-6)
    # and binomial_kl agrees with kl_divergence of the pmf
    for t in (0.2, 0.6105, 0.9):
        assert binomial_kl(observed, t) == pytest.approx(
            h.kl_divergence(observed, binomial_model(t)), abs=1e-12
        )


@pytest.mark.claim("ce-worm-uniform-wins")
def test_the_uniform_model_beats_the_best_binomial():
    observed = worm_teeth_distribution()
    best = binomial_kl(observed, binomial_mle(observed), base=2)
    uniform = h.kl_divergence(observed, np.full(11, 1 / 11), base=2)
    assert best == pytest.approx(0.945, abs=5e-4)
    assert uniform == pytest.approx(0.193, abs=5e-4)
    assert uniform < best
    variance = float(np.sum((np.arange(11) - 6.105) ** 2 * observed))
    assert variance > 10 / 4  # more spread than any Bin(10, θ) allows


# --- 6, continued: how much narrower, two minima, mass between the bumps ----------------------


def _reverse_kl(p, mean, sd):
    return h.kl_divergence(discretize_normal(FIT_GRID, mean, sd), p)


@pytest.mark.claim("ce-reverse-narrower")
def test_reverse_fit_narrower_by_these_percentages():
    def narrower(d):
        fits = mixture_fits(d)
        return 100 * (1 - fits["reverse"][1] / fits["forward"][1])

    assert round(narrower(1.5), 1) == 0.4
    assert round(narrower(2.0), 1) == 1.4
    assert narrower(3.0) == pytest.approx(5.0, abs=0.2)
    assert round(narrower(5.5)) == 12
    # and the forward fit's s is sqrt(1 + d^2/4) on the grid
    assert mixture_fits(3.0)["forward"][1] == pytest.approx(math.sqrt(1 + 9 / 4), abs=1e-3)


@pytest.mark.claim("ce-forward-mass-between")
def test_forward_fit_mass_between_the_bumps():
    d = 7.0
    _, sd, _ = mixture_fits(d)["forward"]
    inner = np.abs(FIT_GRID) < d / 2 - 1
    q = discretize_normal(FIT_GRID, 0.0, sd)
    p = two_bump_mixture(d)
    assert round(100 * float(q[inner].sum())) == 51
    assert round(100 * float(p[inner].sum())) == 16
    # the same from the normal CDF
    a = d / 2 - 1
    assert 2 * norm.cdf(a / math.sqrt(1 + d * d / 4)) - 1 == pytest.approx(0.508, abs=1e-3)


@pytest.mark.claim("ce-reverse-two-minima")
def test_centred_reverse_fit_is_a_local_minimum_for_every_d():
    for d in np.arange(0.0, 12.01, 0.5):
        p = two_bump_mixture(float(d))
        mean, sd, kl = centred_reverse_fit(p)
        assert mean == 0.0 and kl == pytest.approx(_reverse_kl(p, 0.0, sd), abs=1e-12)
        e = 1e-3
        # stationary in the mean by symmetry, and curved upwards in both directions
        slope = (_reverse_kl(p, e, sd) - _reverse_kl(p, -e, sd)) / (2 * e)
        assert abs(slope) < 1e-9
        assert _reverse_kl(p, e, sd) - kl > 0.3 * 0.03 * e * e
        for ds in (e, -e):
            assert _reverse_kl(p, 0.0, sd + ds) > kl
        if d <= 5.5:  # the global minimiser too
            assert kl == pytest.approx(mixture_fits(float(d))["reverse"][2], abs=1e-6)
        elif d <= 8:
            assert kl > mixture_fits(float(d))["reverse"][2] + 0.05


@pytest.mark.claim("ce-reverse-two-minima")
@pytest.mark.parametrize("d", [6.0, 7.0, 8.0])
def test_where_training_starts_decides(d):
    p = two_bump_mixture(d)
    centred, bump = centred_reverse_fit(p), mixture_fits(d)["reverse"]

    def objective(v):
        return _reverse_kl(p, v[0], math.exp(v[1]))

    moments = math.log(math.sqrt(1 + d * d / 4))
    for start in ([0.0, moments], [0.3, moments], [1.0, moments]):
        end = optimize.minimize(objective, start, method="L-BFGS-B")
        assert abs(end.x[0]) < 1e-3 and math.exp(end.x[1]) == pytest.approx(centred[1], abs=1e-3)
    end = optimize.minimize(objective, [d / 2, 0.0], method="L-BFGS-B")  # started on a bump
    assert end.x[0] == pytest.approx(bump[0], abs=1e-3) and end.fun == pytest.approx(bump[2])
    if d == 7.0:
        assert f"{centred[2]:.3f} {centred[1]:.3f} {bump[2]:.3f}" == "1.304 3.107 0.692"


# --- 11: KL = infinity -------------------------------------------------------------------------


@pytest.mark.claim("ce-kl-infinite-example")
def test_kl_infinite_one_way_log2_the_other():
    p, q = [0.5, 0.5], [1.0, 0.0]
    assert h.kl_divergence(p, q) == math.inf
    assert h.cross_entropy(p, q) == math.inf
    assert h.kl_divergence(q, p) == pytest.approx(LN2)
    # zero-avoiding: any q with q_2 = 0 is infinitely bad under KL(P||Q) ...
    for q1 in (1.0,):
        assert h.kl_divergence(p, [q1, 1 - q1]) == math.inf
    # ... zero-forcing: KL(Q||P) is infinite as soon as q puts mass where p = 0
    p_zero = [0.5, 0.5, 0.0]
    assert h.kl_divergence([0.4, 0.4, 0.2], p_zero) == math.inf
    assert math.isfinite(h.kl_divergence(p_zero, [0.4, 0.4, 0.2]))


# --- 12: two classes -----------------------------------------------------------------------------


@pytest.mark.claim("ce-logistic-two-class-softmax")
@SETTINGS
@given(st.floats(-30, 30))
def test_logistic_is_the_two_class_softmax_and_log_odds(ell):
    q = logistic(ell)
    assert q == pytest.approx(softmax([ell, 0.0])[0], abs=1e-15)
    assert q == pytest.approx(math.exp(ell) / (math.exp(ell) + 1), rel=1e-12)
    if abs(ell) < 10:
        assert math.log(q / (1 - q)) == pytest.approx(ell, abs=1e-9)


@pytest.mark.claim("ce-binary-cross-entropy")
@SETTINGS
@given(st.floats(-30, 30), st.floats(0, 1))
def test_binary_cross_entropy_forms(ell, y):
    q = logistic(ell)
    softplus = math.log1p(math.exp(ell))
    assert binary_cross_entropy(ell, y) == pytest.approx(softplus - y * ell, abs=1e-9)
    assert binary_cross_entropy(ell, y) == pytest.approx(
        softmax_cross_entropy([ell, 0.0], [y, 1 - y]), abs=1e-12)
    if abs(ell) < 15:
        assert binary_cross_entropy(ell, y) == pytest.approx(
            h.cross_entropy([y, 1 - y], [q, 1 - q]), abs=1e-8)
    step = 1e-6
    numeric = (binary_cross_entropy(ell + step, y) - binary_cross_entropy(ell - step, y)) / (
        2 * step)
    assert numeric == pytest.approx(q - y, abs=1e-6)
    assert binary_cross_entropy_gradient(ell, y) == pytest.approx(q - y, abs=1e-15)


@pytest.mark.claim("ce-bce-is-gan-value")
@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(
    vectors(n), vectors(n), st.lists(st.floats(-8, 8), min_size=n, max_size=n))))
def test_binary_cross_entropy_on_a_half_real_batch_is_minus_half_the_gan_value(case):
    p_real, p_gen, logits = case
    logits = np.array(logits)
    d = logistic(logits)
    mean_bce = 0.5 * float(np.sum(p_real * binary_cross_entropy(logits, np.ones_like(logits))))
    mean_bce += 0.5 * float(np.sum(p_gen * binary_cross_entropy(logits, np.zeros_like(logits))))
    assert mean_bce == pytest.approx(-0.5 * h.gan_value(p_real, p_gen, d), abs=1e-9)


# --- 13: multi-label targets ---------------------------------------------------------------------


@pytest.mark.claim("ce-multilabel-softmax-optimum")
@pytest.mark.parametrize("y", [[1.0, 0.0, 1.0, 0.0], [1.0, 1.0, 1.0, 0.0, 0.0], [0.0, 1.0]])
def test_softmax_with_a_multi_hot_target_is_minimised_by_y_over_its_sum(y):
    y = np.array(y)
    m = y.sum()
    best = y / m
    # L = m H(y/m, q): at least m log m, reached in the limit q -> y/m
    assert softmax_cross_entropy(np.log(np.where(best > 0, best, 1e-300)), y) == pytest.approx(
        m * math.log(m), abs=1e-9)
    rng = np.random.default_rng(0)
    for _ in range(200):
        z = rng.normal(scale=3.0, size=y.size)
        assert softmax_cross_entropy(z, y) >= m * math.log(m) - 1e-12
    # gradient descent from 0 heads for y/m: the classes present share one unit of probability
    z = np.zeros(y.size)
    for _ in range(5000):
        z -= 1.0 * softmax_cross_entropy_gradient(z, y)
    assert np.allclose(softmax(z), best, atol=2e-3)
    # a sigmoid and a binary cross-entropy per class: every present class can approach 1
    ell = np.zeros(y.size)
    for _ in range(5000):
        ell -= 1.0 * binary_cross_entropy_gradient(ell, y)
    assert np.all(logistic(ell)[y == 1] > 0.99) and np.all(logistic(ell)[y == 0] < 0.01)
    assert float(binary_cross_entropy(ell, y).sum()) < 0.01 * y.size


@pytest.mark.claim("ce-bce-minimum-and-slope")
@pytest.mark.parametrize("y", [0.05, 0.3, 0.5, 0.8, 0.99])
def test_binary_cross_entropy_minimum_is_the_targets_entropy(y):
    found = optimize.minimize_scalar(lambda ell: binary_cross_entropy(ell, y),
                                     bounds=(-20, 20), method="bounded",
                                     options={"xatol": 1e-10})
    assert found.x == pytest.approx(math.log(y / (1 - y)), abs=1e-5)
    assert logistic(found.x) == pytest.approx(y, abs=1e-6)
    assert found.fun == pytest.approx(h.binary_entropy(y), abs=1e-10)
    # binary cross-entropy = H_b(y) + KL between the coins (y, 1 - y) and (q, 1 - q)
    for ell in (-3.0, 0.0, 2.5):
        q = logistic(ell)
        assert binary_cross_entropy(ell, y) == pytest.approx(
            h.binary_entropy(y) + h.kl_divergence([y, 1 - y], [q, 1 - q]), abs=1e-12)


@pytest.mark.claim("ce-bce-minimum-and-slope")
def test_binary_cross_entropy_hand_values_and_slope_bounds():
    assert math.log(0.8 / 0.2) == pytest.approx(1.386, abs=5e-4)
    assert h.binary_entropy(0.8) == pytest.approx(0.500, abs=5e-4)
    assert h.binary_entropy(0.8, base=2) == pytest.approx(0.722, abs=5e-4)  # the same, in bits
    assert h.binary_entropy(0.8) / math.log(2) == pytest.approx(h.binary_entropy(0.8, base=2))
    assert round(binary_cross_entropy_gradient(-6.0, 1.0), 3) == -0.998
    ells = np.linspace(-30, 30, 601)
    for y in (0.0, 1.0):
        losses = binary_cross_entropy(ells, np.full_like(ells, y))
        # strictly monotone towards the side of the label: no finite minimiser
        assert np.all(np.diff(losses) < 0) if y == 1.0 else np.all(np.diff(losses) > 0)
        assert losses.min() > 0
    slopes = binary_cross_entropy_gradient(ells, np.ones_like(ells))
    assert np.all((slopes > -1) & (slopes < 1))
    assert np.all(np.diff(np.abs(slopes)) <= 0)  # the more wrong, the steeper
