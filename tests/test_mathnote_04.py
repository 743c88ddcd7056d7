"""Checks for the claims of mathnotes/04-jensen-shannon.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon
from scipy.special import rel_entr, xlogy

import helpers as h
from helpers.examples import coin_js, coin_kl
from helpers.figures.jensen_shannon import box_grid

LN2 = math.log(2)
SETTINGS = settings(max_examples=80, deadline=None)

# The three coins of the triangle counterexample (and the pair of the finite-JS example).
P_HEADS, Q_FAIR, R_TAILS = [1.0, 0.0], [0.5, 0.5], [0.0, 1.0]
THREE_QUARTERS_LOG_FOUR_THIRDS = 0.75 * math.log(4 / 3)


# --- strategies ------------------------------------------------------------------------------

_entry = st.one_of(st.just(0.0), st.floats(1e-6, 1.0))


def _vector(n: int):
    return st.lists(_entry, min_size=n, max_size=n).filter(lambda v: sum(v) > 0).map(h.normalize)


def distributions(count: int):
    """``count`` probability vectors of one common length (2 to 6), with some exact zeros."""
    return st.integers(2, 6).flatmap(lambda n: st.tuples(*[_vector(n)] * count))


@st.composite
def disjoint_pairs(draw):
    """Two distributions whose supports do not meet."""
    n = draw(st.integers(2, 7))
    split = draw(st.integers(1, n - 1))
    weights = draw(st.lists(st.floats(1e-6, 1.0), min_size=n, max_size=n))
    order = draw(st.permutations(range(n)))
    p = np.zeros(n)
    q = np.zeros(n)
    for rank, i in enumerate(order):
        (p if rank < split else q)[i] = weights[i]
    return h.normalize(p), h.normalize(q)


def mixture(p, q):
    return 0.5 * (np.asarray(p) + np.asarray(q))


# --- 1. definition ---------------------------------------------------------------------------


@pytest.mark.claim("js-definition-mixture")
@SETTINGS
@given(distributions(2))
def test_js_is_the_average_kl_to_the_mixture(pair):
    p, q = pair
    m = mixture(p, q)
    by_definition = 0.5 * h.kl_divergence(p, m) + 0.5 * h.kl_divergence(q, m)
    assert h.js_divergence(p, q) == pytest.approx(by_definition, abs=1e-12)
    assert h.js_divergence(p, q, base=2) == pytest.approx(by_definition / LN2, abs=1e-12)
    # independent implementation: SciPy returns the square root (the JS distance)
    assert h.js_divergence(p, q) == pytest.approx(jensenshannon(p, q) ** 2, abs=1e-12)


@pytest.mark.claim("js-definition-mixture")
def test_js_hand_value():
    # P = (1/2, 1/2), Q = (1/4, 3/4): M = (3/8, 5/8)
    p, q, m = [0.5, 0.5], [0.25, 0.75], [0.375, 0.625]
    hand = 0.5 * (0.5 * math.log(0.5 / 0.375) + 0.5 * math.log(0.5 / 0.625)) + 0.5 * (
        0.25 * math.log(0.25 / 0.375) + 0.75 * math.log(0.75 / 0.625)
    )
    assert h.js_divergence(p, q) == pytest.approx(hand, rel=1e-13)
    assert sum(m) == 1.0


@pytest.mark.claim("js-entropy-form")
@SETTINGS
@given(distributions(2))
def test_js_is_entropy_of_mixture_minus_mean_entropy(pair):
    p, q = pair
    m = mixture(p, q)
    form = h.entropy(m) - 0.5 * (h.entropy(p) + h.entropy(q))
    assert h.js_divergence(p, q) == pytest.approx(form, abs=1e-12)


@pytest.mark.claim("js-coin-closed-form")
def test_coin_closed_form():
    grid = np.linspace(0.0, 1.0, 41)
    pp, qq = np.meshgrid(grid, grid)

    def binary_entropy(x):
        return -(xlogy(x, x) + xlogy(1 - x, 1 - x))

    formula = binary_entropy((pp + qq) / 2) - 0.5 * (binary_entropy(pp) + binary_entropy(qq))
    vectorised = coin_js(pp, qq)
    for p, q, closed, value in zip(
        pp.ravel(), qq.ravel(), formula.ravel(), vectorised.ravel(), strict=True
    ):
        reference = h.js_divergence([p, 1 - p], [q, 1 - q])
        assert value == pytest.approx(reference, abs=1e-13)
        assert closed == pytest.approx(reference, abs=1e-13)
        kl = h.kl_divergence([p, 1 - p], [q, 1 - q])
        assert coin_kl(p, q) == kl if math.isinf(kl) else coin_kl(p, q) == pytest.approx(kl)
    assert coin_js(1.0, 0.0) == LN2


# --- 2-4. symmetry, bounds -------------------------------------------------------------------


@pytest.mark.claim("js-symmetric")
@SETTINGS
@given(distributions(2))
def test_symmetric(pair):
    p, q = pair
    assert h.js_divergence(p, q) == pytest.approx(h.js_divergence(q, p), abs=1e-15)
    # while KL usually is not: the hand example
    assert h.kl_divergence([0.5, 0.5], [0.25, 0.75]) != pytest.approx(
        h.kl_divergence([0.25, 0.75], [0.5, 0.5])
    )


@pytest.mark.claim("js-nonnegative")
@SETTINGS
@given(distributions(2))
def test_nonnegative_and_zero_only_for_equal(pair):
    p, q = pair
    assert h.js_divergence(p, q) >= 0.0
    assert h.js_divergence(p, p) == 0.0
    if np.max(np.abs(p - q)) > 1e-3:
        assert h.js_divergence(p, q) > 0.0


@pytest.mark.claim("js-kl-to-mixture-at-most-log2")
@SETTINGS
@given(distributions(2))
def test_each_half_at_most_log2(pair):
    p, q = pair
    m = mixture(p, q)
    assert np.all(m[p > 0] >= p[p > 0] / 2)  # step 1
    assert h.kl_divergence(p, m) <= LN2 + 1e-12
    assert h.kl_divergence(q, m) <= LN2 + 1e-12


@pytest.mark.claim("js-upper-bound")
@SETTINGS
@given(distributions(2))
def test_js_at_most_log2(pair):
    p, q = pair
    assert 0.0 <= h.js_divergence(p, q) <= LN2
    assert LN2 == pytest.approx(0.693147, abs=1e-6)


@pytest.mark.claim("js-log2-iff-disjoint")
@SETTINGS
@given(disjoint_pairs())
def test_log2_for_disjoint_supports(pair):
    p, q = pair
    assert h.js_divergence(p, q) == pytest.approx(LN2, abs=1e-15)
    m = mixture(p, q)
    assert h.kl_divergence(p, m) == pytest.approx(LN2, abs=1e-12)


@pytest.mark.claim("js-log2-iff-disjoint")
@SETTINGS
@given(distributions(2))
def test_below_log2_when_supports_meet(pair):
    p, q = pair
    if np.any((p > 0) & (q > 0)):
        assert h.js_divergence(p, q) < LN2
    else:
        assert h.js_divergence(p, q) == pytest.approx(LN2, abs=1e-15)


@pytest.mark.claim("js-overlap-form")
@SETTINGS
@given(distributions(2))
def test_overlap_form(pair):
    p, q = pair
    both = (p > 0) & (q > 0)
    a, b = p[both], q[both]
    brackets = a * np.log((a + b) / a) + b * np.log((a + b) / b)
    assert np.all(brackets > 0)
    assert h.js_divergence(p, q) == pytest.approx(LN2 - 0.5 * brackets.sum(), abs=1e-12)


@pytest.mark.claim("js-bits-range")
@SETTINGS
@given(distributions(2))
def test_bits_between_zero_and_one(pair):
    p, q = pair
    bits = h.js_divergence(p, q, base=2)
    assert 0.0 <= bits <= 1.0
    assert bits == pytest.approx(h.js_divergence(p, q) / LN2, abs=1e-12)


@pytest.mark.claim("js-bits-range")
def test_the_maximum_is_one_bit_but_not_one_nat():
    assert h.js_divergence(P_HEADS, R_TAILS, base=2) == 1.0
    assert h.js_divergence(P_HEADS, R_TAILS) == LN2
    assert h.js_divergence(P_HEADS, R_TAILS) < 0.7  # "between 0 and 1" is not the nats range


# --- 5. finite where KL is infinite ----------------------------------------------------------


@pytest.mark.claim("js-finite-where-kl-infinite")
def test_finite_example():
    p, q = [0.5, 0.5], [1.0, 0.0]
    assert h.kl_divergence(p, q) == math.inf
    assert h.kl_divergence(q, [0.75, 0.25]) == pytest.approx(math.log(4 / 3), rel=1e-13)
    assert h.kl_divergence(p, [0.75, 0.25]) == pytest.approx(0.5 * math.log(4 / 3), rel=1e-13)
    assert h.js_divergence(p, q) == pytest.approx(THREE_QUARTERS_LOG_FOUR_THIRDS, rel=1e-13)
    assert round(h.js_divergence(p, q), 4) == 0.2158
    assert round(h.js_divergence(p, q, base=2), 4) == 0.3113


@pytest.mark.claim("js-finite-where-kl-infinite")
@SETTINGS
@given(distributions(2))
def test_js_finite_even_when_kl_is_not(pair):
    p, q = pair
    js = h.js_divergence(p, q)
    assert math.isfinite(js) and js <= LN2
    m = mixture(p, q)
    assert math.isfinite(h.kl_divergence(p, m)) and math.isfinite(h.kl_divergence(q, m))


# --- 6. metric -------------------------------------------------------------------------------


@pytest.mark.claim("js-triangle-counterexample")
def test_triangle_counterexample():
    pq = h.js_divergence(P_HEADS, Q_FAIR)
    qr = h.js_divergence(Q_FAIR, R_TAILS)
    pr = h.js_divergence(P_HEADS, R_TAILS)
    assert pq == pytest.approx(THREE_QUARTERS_LOG_FOUR_THIRDS, rel=1e-13)
    assert qr == pytest.approx(THREE_QUARTERS_LOG_FOUR_THIRDS, rel=1e-13)
    assert pr == LN2
    assert round(pq + qr, 4) == 0.4315
    assert pr > pq + qr  # the triangle inequality fails for JS
    assert pr - (pq + qr) > 0.26  # and not by a rounding error
    assert (4 / 3) ** 3 == pytest.approx(64 / 27) and 64 / 27 < 4  # the exact argument


@pytest.mark.claim("js-sqrt-metric")
@settings(max_examples=200, deadline=None)
@given(distributions(3))
def test_sqrt_js_obeys_the_triangle_inequality(triple):
    p, q, r = triple
    d = {
        pair: math.sqrt(h.js_divergence(*pair_values))
        for pair, pair_values in (("pq", (p, q)), ("qr", (q, r)), ("pr", (p, r)))
    }
    assert d["pr"] <= d["pq"] + d["qr"] + 1e-12
    assert d["pq"] <= d["pr"] + d["qr"] + 1e-12
    assert d["qr"] <= d["pq"] + d["pr"] + 1e-12


@pytest.mark.claim("js-sqrt-metric")
def test_sqrt_js_on_the_counterexample_and_many_random_triples():
    pq = math.sqrt(h.js_divergence(P_HEADS, Q_FAIR))
    qr = math.sqrt(h.js_divergence(Q_FAIR, R_TAILS))
    pr = math.sqrt(h.js_divergence(P_HEADS, R_TAILS))
    assert pr <= pq + qr
    assert round(pr, 3) == 0.833 and round(pq + qr, 3) == 0.929
    rng = np.random.default_rng(4)
    worst = -np.inf
    for _ in range(2000):
        p, q, r = (h.normalize(rng.dirichlet(np.full(3, 0.3))) for _ in range(3))
        gap = math.sqrt(h.js_divergence(p, r)) - (
            math.sqrt(h.js_divergence(p, q)) + math.sqrt(h.js_divergence(q, r))
        )
        worst = max(worst, gap)
    assert worst <= 1e-12


# --- 7. boxes --------------------------------------------------------------------------------

BOX_WIDTHS = (0.5, 1.0, 2.0)


def _box_shifts(width):
    return np.arange(-50, 51) * (width / 20)


@pytest.mark.claim("js-box-closed-form")
@pytest.mark.parametrize("width", BOX_WIDTHS)
def test_box_closed_form(width):
    for s in _box_shifts(width):
        closed = LN2 * min(abs(s), width) / width
        assert h.box_js(s, width) == pytest.approx(closed, abs=1e-15)
        _, p, q = h.box_pair(s, width)
        assert h.js_divergence(p, q) == pytest.approx(closed, abs=1e-12)
        m = mixture(p, q)
        assert h.kl_divergence(p, m) == pytest.approx(closed, abs=1e-12)  # (s/w) log 2 each
        assert h.kl_divergence(q, m) == pytest.approx(closed, abs=1e-12)


@pytest.mark.claim("js-box-closed-form")
def test_box_closed_form_on_the_figure_grid():
    x = box_grid(1.0, 2.5)
    for s in np.arange(-50, 51) * 0.05:
        _, p, q = h.box_pair(s, 1.0, x=x)
        assert h.js_divergence(p, q) == pytest.approx(h.box_js(s), abs=1e-12)
    assert h.box_js(0.5) == pytest.approx(LN2 / 2)
    assert h.box_js(-7.0, 2.0) == LN2


@pytest.mark.claim("js-box-slope")
@pytest.mark.parametrize("width", BOX_WIDTHS)
def test_box_slope(width):
    eps = 1e-6 * width
    inside = np.linspace(0.05, 0.95, 19) * width
    slopes = (h.box_js(inside + eps, width) - h.box_js(inside - eps, width)) / (2 * eps)
    assert np.allclose(slopes, LN2 / width, rtol=1e-6)
    outside = np.array([1.05, 1.5, 3.0, 10.0]) * width
    for sign in (1, -1):
        flat = h.box_js(sign * outside + eps, width) - h.box_js(sign * outside - eps, width)
        assert np.all(flat == 0.0)
    # on the grid: each step of w/20 adds log 2 / 20 while they overlap, nothing afterwards
    grid_js = [h.js_divergence(*h.box_pair(s, width)[1:]) for s in _box_shifts(width)]
    steps = np.diff(grid_js)
    shifts = _box_shifts(width)[1:]
    rising = (shifts > 0) & (shifts <= width + 1e-9)
    assert np.allclose(steps[rising], LN2 / 20, atol=1e-12)
    assert np.allclose(steps[shifts > width + 1e-9], 0.0, atol=1e-12)


@pytest.mark.claim("js-box-kl-infinite")
@pytest.mark.parametrize("width", BOX_WIDTHS)
def test_box_kl_infinite(width):
    for s in _box_shifts(width):
        _, p, q = h.box_pair(s, width)
        expected = 0.0 if s == 0 else math.inf
        assert h.kl_divergence(p, q) == expected
        assert h.kl_divergence(q, p) == expected


# --- 8. GAN ----------------------------------------------------------------------------------


@pytest.mark.claim("js-optimal-discriminator")
@SETTINGS
@given(distributions(2), st.floats(0.0, 1.0))
def test_optimal_discriminator(pair, blend):
    p, q = pair
    d_star = h.optimal_discriminator(p, q)
    seen = (p + q) > 0
    assert np.allclose(d_star[seen], p[seen] / (p[seen] + q[seen]))
    best = h.gan_value(p, q, d_star)
    # any other discriminator does no better: blend towards a constant guess of 0.3
    other = (1 - blend) * d_star + blend * 0.3
    assert h.gan_value(p, q, other) <= best + 1e-12


@pytest.mark.claim("js-optimal-discriminator")
def test_pointwise_maximiser():
    y = np.linspace(1e-6, 1 - 1e-6, 200001)
    for a, b in ((0.2, 0.5), (0.7, 0.1), (0.3, 0.3)):
        f = a * np.log(y) + b * np.log1p(-y)
        assert y[np.argmax(f)] == pytest.approx(a / (a + b), abs=1e-5)


@pytest.mark.claim("js-gan-value-at-optimum")
@SETTINGS
@given(distributions(2))
def test_gan_value_at_optimum(pair):
    p, q = pair
    value = h.gan_value(p, q, h.optimal_discriminator(p, q))
    assert value == pytest.approx(2 * h.js_divergence(p, q) - 2 * LN2, abs=1e-12)
    # the middle line of the derivation
    m = mixture(p, q)
    middle = h.kl_divergence(p, m) - LN2 + h.kl_divergence(q, m) - LN2
    assert value == pytest.approx(middle, abs=1e-12)
    # written out with rel_entr, independent of the helpers' GAN code
    s = p + q
    assert value == pytest.approx(rel_entr(p, s).sum() + rel_entr(q, s).sum(), abs=1e-12)


@pytest.mark.claim("js-gan-value-range")
@SETTINGS
@given(distributions(2))
def test_gan_value_range(pair):
    p, q = pair
    value = h.gan_value(p, q, h.optimal_discriminator(p, q))
    assert -2 * LN2 - 1e-12 <= value <= 1e-12
    assert h.gan_value(p, p, h.optimal_discriminator(p, p)) == pytest.approx(-2 * LN2)


@pytest.mark.claim("js-gan-value-range")
@SETTINGS
@given(disjoint_pairs())
def test_gan_value_zero_for_disjoint_supports(pair):
    p, q = pair
    assert h.gan_value(p, q, h.optimal_discriminator(p, q)) == pytest.approx(0.0, abs=1e-15)


# --- 9. JS as a mutual information -------------------------------------------------------------


def joint_coin_and_draw(p, q):
    """Rows: the coin Z (P, Q); columns: the draw X. Pr(Z = P, X = x) = p(x) / 2, and so on."""
    return 0.5 * np.vstack([p, q])


def mutual_information(joint):
    """I = sum joint log(joint / (row marginal x column marginal)), with 0 log 0 = 0 (scipy)."""
    product = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    return float(rel_entr(joint, np.where(joint > 0, product, 1.0)).sum())


@pytest.mark.claim("js-mutual-information")
@SETTINGS
@given(distributions(2))
def test_js_is_the_mutual_information_of_draw_and_coin(pair):
    p, q = pair
    joint = joint_coin_and_draw(p, q)
    assert joint.sum(axis=1) == pytest.approx([0.5, 0.5])  # a fair coin
    assert joint.sum(axis=0) == pytest.approx(mixture(p, q))  # X follows the mixture
    information = mutual_information(joint)
    assert information == pytest.approx(h.js_divergence(p, q), abs=1e-12)
    # as H(Z) - H(Z | X), with H(Z | X) = H(Z, X) - H(X)
    conditional = h.entropy(joint.ravel()) - h.entropy(joint.sum(axis=0))
    assert information == pytest.approx(LN2 - conditional, abs=1e-12)
    assert conditional >= -1e-12 and information <= LN2 + 1e-12  # at most one bit


@pytest.mark.claim("js-mutual-information")
@SETTINGS
@given(disjoint_pairs())
def test_a_draw_gives_the_coin_away_exactly_for_disjoint_supports(pair):
    p, q = pair
    assert mutual_information(joint_coin_and_draw(p, q)) == pytest.approx(LN2, abs=1e-12)
    assert mutual_information(joint_coin_and_draw(p, p)) == pytest.approx(0.0, abs=1e-12)


def _binary_entropy(d):
    d = np.asarray(d, dtype=float)
    return -(xlogy(d, d) + xlogy(1 - d, 1 - d))


@pytest.mark.claim("js-posterior-is-optimal-discriminator")
@SETTINGS
@given(distributions(2))
def test_the_posterior_of_the_coin_is_the_optimal_discriminator(pair):
    p, q = pair
    joint = joint_coin_and_draw(p, q)
    m = joint.sum(axis=0)
    seen = m > 0
    posterior = joint[0, seen] / m[seen]  # Bayes: Pr(Z = P | X = x)
    d_star = h.optimal_discriminator(p, q)[seen]
    assert posterior == pytest.approx(d_star, abs=1e-12)
    js = LN2 - np.dot(m[seen], _binary_entropy(posterior))
    assert js == pytest.approx(h.js_divergence(p, q), abs=1e-12)


@pytest.mark.claim("js-gan-value-is-conditional-entropy")
@SETTINGS
@given(distributions(2))
def test_gan_value_is_minus_twice_the_conditional_entropy(pair):
    p, q = pair
    joint = joint_coin_and_draw(p, q)
    conditional = h.entropy(joint.ravel()) - h.entropy(joint.sum(axis=0))  # H(Z | X)
    value = h.gan_value(p, q, h.optimal_discriminator(p, q))
    assert value == pytest.approx(-2 * conditional, abs=1e-12)
