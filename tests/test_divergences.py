"""Cross-entropy, KL and JS: hand values, edge conventions, properties, scipy cross-checks."""

from __future__ import annotations

import math

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import assume, given, settings
from scipy.spatial.distance import jensenshannon
from scipy.special import rel_entr

from helpers import LOG2, cross_entropy, entropy, js_divergence, kl_divergence, normalize

from .strategies import is_positive_zero, vectors

LN2 = math.log(2)



sizes = st.integers(1, 10)
pairs = sizes.flatmap(lambda n: st.tuples(vectors(n), vectors(n)))
triples = sizes.flatmap(lambda n: st.tuples(vectors(n), vectors(n), vectors(n)))
bases = st.floats(0.01, 100.0).filter(lambda b: abs(b - 1.0) > 1e-3)

# --- hand-computed values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "q", "base", "expected"),
    [
        # -1/2 log2(1/4) - 1/2 log2(3/4) = 1 + 1/2 log2(4/3)
        ([0.5, 0.5], [0.25, 0.75], 2, 1 + 0.5 * math.log2(4 / 3)),
        ([0.5, 0.5], [0.5, 0.5], 2, 1.0),  # H(p, p) = H(p)
        ([1.0, 0.0], [0.5, 0.5], 2, 1.0),
        ([0.0, 1.0], [0.9, 0.1], None, math.log(10)),
        ([0.25] * 4, [0.5, 0.25, 0.125, 0.125], 2, 0.25 * (1 + 2 + 3 + 3)),
        ([0.0, 1.0], [1.0, 0.0], None, math.inf),  # q rules out what p produces
        ([0.5, 0.5], [1.0, 0.0], 2, math.inf),
        ([1.0, 0.0], [1.0, 0.0], None, 0.0),  # 0 log 0 = 0 where p is 0
    ],
)
def test_cross_entropy_hand_values(p, q, base, expected):
    value = cross_entropy(p, q, base=base)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize(
    ("p", "q", "base", "expected"),
    [
        ([0.5, 0.5], [0.25, 0.75], None, 0.5 * math.log(4 / 3)),
        ([0.5, 0.5], [0.25, 0.75], 2, 0.5 * math.log2(4 / 3)),
        ([1.0, 0.0], [0.5, 0.5], 2, 1.0),
        ([0.9, 0.1], [0.5, 0.5], None, 0.9 * math.log(1.8) + 0.1 * math.log(0.2)),
        ([0.5, 0.5], [0.9, 0.1], None, 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(5.0)),
        ([0.5, 0.5, 0.0], [0.25, 0.25, 0.5], 2, 1.0),  # p_3 = 0 contributes nothing
        ([0.5, 0.5], [1.0, 0.0], None, math.inf),  # q_2 = 0 < p_2
        ([0.2, 0.8, 0.0], [0.0, 1.0, 0.0], 2, math.inf),
    ],
)
def test_kl_hand_values(p, q, base, expected):
    value = kl_divergence(p, q, base=base)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-14)


def test_kl_is_not_symmetric():
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert kl_divergence(p, q) == pytest.approx(0.3680642071684971, rel=1e-14)
    assert kl_divergence(q, p) == pytest.approx(0.5108256237659907, rel=1e-14)
    # and one direction can be infinite while the other is finite
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(LN2, rel=1e-15)
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf


@pytest.mark.parametrize(
    ("p", "q", "base", "expected"),
    [
        # m = (3/4, 1/4): JS = 1/2 ln(4/3) + 1/2 * 1/2 ln(4/3) = 3/4 ln(4/3)
        ([1.0, 0.0], [0.5, 0.5], None, 0.75 * math.log(4 / 3)),
        # m = (1/4, 1/2, 1/4): each KL to m is 1/2 ln 2
        ([0.5, 0.5, 0.0], [0.0, 0.5, 0.5], None, 0.5 * LN2),
        ([0.5, 0.5, 0.0], [0.0, 0.5, 0.5], 2, 0.5),
        ([0.3, 0.7], [0.3, 0.7], None, 0.0),
    ],
)
def test_js_hand_values(p, q, base, expected):
    value = js_divergence(p, q, base=base)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize(
    ("p", "q"),
    [
        ([1.0, 0.0], [0.0, 1.0]),
        ([0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.3, 0.7]),
        ([0.0, 0.1, 0.0, 0.9, 0.0], [0.2, 0.0, 0.8, 0.0, 0.0]),
        (normalize(np.arange(1, 11) * (np.arange(10) % 2)),
         normalize(np.arange(1, 11) * (1 - np.arange(10) % 2))),
    ],
)
def test_js_is_exactly_log2_on_disjoint_supports(p, q):
    assert js_divergence(p, q) == math.log(2)
    assert js_divergence(q, p) == math.log(2)
    assert js_divergence(p, q, base=2) == 1.0
    assert kl_divergence(p, q) == math.inf


@settings(max_examples=100, deadline=None, derandomize=True)
@given(sizes.flatmap(lambda n: st.tuples(vectors(n), st.lists(st.booleans(), min_size=n,
                                                               max_size=n))))
def test_js_disjoint_supports_property(case):
    # split one vector's support in two: the parts have disjoint supports
    w, mask = case
    mask = np.array(mask)
    assume(w[mask].sum() > 0 and w[~mask].sum() > 0)
    p = normalize(np.where(mask, w, 0.0))
    q = normalize(np.where(mask, 0.0, w))
    assert js_divergence(p, q) == math.log(2)


# --- conventions: 0 log 0, infinities, no NaN, no -0.0 ---------------------------------------


@pytest.mark.parametrize("base", [None, 2, 0.5])
@pytest.mark.parametrize("p", [[1.0], [1.0, 0.0], [0.2, 0.3, 0.5], [0.0, 0.0, 1.0, 0.0]])
def test_zero_results_are_positive_zero(p, base):
    for value in (kl_divergence(p, p, base=base), js_divergence(p, p, base=base)):
        assert not math.isnan(value)
        assert is_positive_zero(value)
    if entropy(p) == 0:
        assert is_positive_zero(cross_entropy(p, p, base=base))


def test_certain_outcome_cross_entropy_is_positive_zero():
    assert is_positive_zero(cross_entropy([0.0, 1.0], [0.0, 1.0]))
    assert is_positive_zero(cross_entropy([0.0, 1.0], [0.0, 1.0], base=0.5))


def test_kl_and_cross_entropy_infinite_exactly_when_q_rules_out_p():
    p = [0.2, 0.3, 0.5]
    q = [0.5, 0.5, 0.0]
    assert kl_divergence(p, q) == math.inf
    assert cross_entropy(p, q) == math.inf
    # a base below 1 has a negative log, so every value changes sign, the infinite one too
    assert kl_divergence(p, q, base=0.5) == -math.inf
    assert cross_entropy(p, q, base=0.5) == -math.inf
    assert kl_divergence(q, p, base=0.5) == pytest.approx(-kl_divergence(q, p, base=2))
    # the other way round, p's zero at q's mass is harmless
    assert math.isfinite(kl_divergence(q, p))
    assert math.isfinite(cross_entropy(q, p))


def test_js_stays_finite_where_kl_is_infinite():
    p, q = [0.2, 0.3, 0.5], [0.5, 0.5, 0.0]
    assert kl_divergence(p, q) == math.inf
    assert 0 < js_divergence(p, q) < LN2


def test_log2_constant():
    assert math.log(2) == LOG2


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pairs)
def test_gibbs_inequality(pq):
    p, q = pq
    kl = kl_divergence(p, q)
    assert not math.isnan(kl)
    assert kl >= 0.0
    if np.array_equal(p, q):
        assert is_positive_zero(kl)
    elif kl == 0.0:
        # rounding can hide a tiny divergence, but only between nearly equal vectors
        np.testing.assert_allclose(p, q, rtol=1e-6, atol=1e-12)
    else:
        assert kl > 0.0


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pairs)
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    ce, h, kl = cross_entropy(p, q), entropy(p), kl_divergence(p, q)
    if math.isinf(kl):
        assert ce == math.inf
    else:
        # both sides are sums of at most 10 terms of size <= ce: relative rounding ~1e-15
        assert ce == pytest.approx(h + kl, rel=1e-11, abs=1e-12)
        assert ce >= h - 1e-12


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pairs)
def test_js_symmetric_and_bounded(pq):
    p, q = pq
    js = js_divergence(p, q)
    assert not math.isnan(js)
    assert 0.0 <= js <= math.log(2)
    assert js_divergence(q, p) == pytest.approx(js, rel=1e-12, abs=1e-15)
    assert js_divergence(p, q, base=2) <= 1.0


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pairs)
def test_js_is_the_average_kl_to_the_mixture(pq):
    p, q = pq
    m = 0.5 * (p + q)
    expected = 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)
    # js_divergence uses log 2 - (...) to be exact at disjoint supports; both forms round to
    # within a few ulps of log 2
    assert js_divergence(p, q) == pytest.approx(expected, rel=1e-10, abs=1e-14)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(triples)
def test_sqrt_js_triangle_inequality(pqr):
    p, q, r = pqr
    d_pq = math.sqrt(js_divergence(p, q))
    d_qr = math.sqrt(js_divergence(q, r))
    d_pr = math.sqrt(js_divergence(p, r))
    # JS carries an absolute rounding error of ~1e-16 (it is log 2 minus a sum), and a square
    # root turns 1e-16 into 1e-8: allow 1e-7 in the distance
    assert d_pr <= d_pq + d_qr + 1e-7


def test_js_itself_breaks_the_triangle_inequality():
    p, q, r = [1.0, 0.0], [0.5, 0.5], [0.0, 1.0]
    assert js_divergence(p, r) > js_divergence(p, q) + js_divergence(q, r)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pairs, bases)
def test_change_of_base_rescales_every_measure(pq, base):
    p, q = pq
    factor = 1.0 / math.log(base)
    for measure in (cross_entropy, kl_divergence, js_divergence):
        nats = measure(p, q)
        value = measure(p, q, base=base)
        if math.isinf(nats):
            # infinite in every base, with the sign of 1/ln(base) like every other value
            assert value == math.copysign(math.inf, factor)
        else:
            assert value == pytest.approx(nats * factor, rel=1e-12, abs=1e-300)


# --- cross-checks against scipy --------------------------------------------------------------


def _random_pair(rng, zeros: bool):
    n = int(rng.integers(1, 30))
    w = rng.exponential(size=(2, n))
    if zeros:
        w[rng.random((2, n)) < 0.3] = 0.0
    w[:, 0] += w.sum(axis=1) == 0  # keep both non-zero
    return normalize(w[0]), normalize(w[1])


def test_kl_and_cross_entropy_match_scipy_rel_entr():
    rng = np.random.default_rng(7)
    for trial in range(300):
        p, q = _random_pair(rng, zeros=trial % 2 == 0)
        expected = float(np.sum(rel_entr(p, q)))
        for base in (None, 2):
            factor = 1 / math.log(base) if base else 1.0
            kl = kl_divergence(p, q, base=base)
            ce = cross_entropy(p, q, base=base)
            if math.isinf(expected):
                assert kl == math.inf and ce == math.inf
            else:
                assert kl == pytest.approx(max(expected, 0.0) * factor, rel=1e-10, abs=1e-14)
                ce_expected = -np.sum(p[p > 0] * np.log(q[p > 0])) * factor
                assert ce == pytest.approx(ce_expected, rel=1e-12, abs=1e-14)


def test_kl_matches_scipy_stats_entropy():
    from scipy.stats import entropy as scipy_entropy

    rng = np.random.default_rng(8)
    for _ in range(100):
        p, q = _random_pair(rng, zeros=False)
        assert kl_divergence(p, q, base=2) == pytest.approx(
            scipy_entropy(p, q, base=2), rel=1e-10, abs=1e-14
        )


def test_js_matches_scipy_jensenshannon():
    # scipy's jensenshannon is the Jensen-Shannon DISTANCE, the square root of the divergence
    rng = np.random.default_rng(9)
    for trial in range(300):
        p, q = _random_pair(rng, zeros=trial % 2 == 0)
        for base in (None, 2):
            distance = float(jensenshannon(p, q, base=base))
            assert js_divergence(p, q, base=base) == pytest.approx(
                distance**2, rel=1e-10, abs=1e-14
            )
