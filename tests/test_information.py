"""Information content and entropy: hand values, conventions, properties, scipy cross-checks."""

from __future__ import annotations

import math
import sys

import hypothesis.strategies as st
import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings

from helpers import entropy, information, normalize

from .strategies import is_positive_zero

LN2 = math.log(2)



# Probability vectors: normalise non-negative floats, exact zeros included.
weights = st.lists(
    st.one_of(st.just(0.0), st.floats(0.0, 1e6, allow_subnormal=False)), min_size=1, max_size=12
).filter(lambda w: math.fsum(w) > 0)
prob_vectors = weights.map(normalize)
bases = st.floats(0.01, 100.0).filter(lambda b: abs(b - 1.0) > 1e-3)
probabilities = st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0))


# --- information -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        (0.5, 2, 1.0),
        (0.25, 2, 2.0),
        (0.125, 2, 3.0),
        (1 / 1024, 2, 10.0),
        (0.5, None, LN2),
        (math.exp(-3), None, 3.0),
        (0.1, 10, 1.0),
        (0.01, 10, 2.0),
        (1 / 6, None, math.log(6)),  # one face of a fair die
    ],
)
def test_information_hand_values(p, base, expected):
    assert information(p, base=base) == pytest.approx(expected, rel=1e-14)
    assert isinstance(information(p, base=base), float)


def test_information_certain_and_impossible_events():
    value = information(1.0)
    assert is_positive_zero(value)  # not -0.0, although -log(1) is -0.0 in IEEE arithmetic
    assert is_positive_zero(information(1, base=2))
    assert is_positive_zero(information(True, base=0.5))
    assert information(0.0) == math.inf
    assert information(0, base=2) == math.inf


def test_information_elementwise():
    out = information([1.0, 0.5, 0.25, 0.0], base=2)
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(out, [0.0, 1.0, 2.0, math.inf])
    assert is_positive_zero(out[0])
    grid = information(np.array([[0.5, 1.0], [0.25, 0.125]]), base=2)
    assert grid.shape == (2, 2)
    np.testing.assert_allclose(grid, [[1.0, 0.0], [2.0, 3.0]], rtol=1e-14)


def test_information_rarer_is_more_surprising():
    ps = np.linspace(0.0, 1.0, 101)
    values = information(ps)
    assert np.all(np.diff(values) < 0)


@pytest.mark.parametrize(
    ("p", "match"),
    [
        (1.5, r"p = 1\.5 is not a probability: it must lie in \[0, 1\]"),
        (-0.1, r"p = -0\.1 is not a probability"),
        ([0.5, 1.0, -0.25], r"p\[2\] = -0\.25 is not a probability"),
        ([0.5, 2], r"p\[1\] = 2\.0 is not a probability"),
        (math.nan, r"p\[0\] is NaN"),
        ([0.5, math.inf], r"p\[1\] is inf"),
        ([], r"p is empty"),
    ],
)
def test_information_rejects_bad_probabilities(p, match):
    with pytest.raises(ValueError, match=match):
        information(p)


@pytest.mark.parametrize(
    "bad", ["0.5", b"0.5", None, ["0.5"], 0.5 + 0j, [0.5j], [[0.5], [0.5, 0.5]], {"p": 0.5}]
)
def test_information_rejects_non_numbers(bad):
    with pytest.raises((TypeError, ValueError)):
        information(bad)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(probabilities, probabilities)
def test_information_is_additive_over_independent_events(p, q):
    # P(A and B) = P(A) P(B) for independent events, so I(pq) = I(p) + I(q)
    joint = information(p * q)
    total = information(p) + information(q)
    if math.isinf(total):
        assert joint == math.inf
    elif p * q < sys.float_info.min:
        # the product itself underflowed (to 0 or a subnormal with few significant bits): the
        # inexact input, not information(), is what breaks additivity; it only stays large
        assert joint >= 700.0
    else:
        assert joint == pytest.approx(total, rel=1e-12, abs=1e-12)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(probabilities, bases)
def test_information_change_of_base(p, base):
    nats = information(p)
    assert information(p, base=base) == pytest.approx(nats / math.log(base), rel=1e-12)


# --- entropy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        ([0.5, 0.5], 2, 1.0),
        ([0.25] * 4, 2, 2.0),
        ([0.5, 0.25, 0.25], 2, 1.5),
        ([0.5, 0.25, 0.125, 0.125], 2, 1.75),
        ([1 / 6] * 6, None, math.log(6)),
        ([0.5, 0.5], None, LN2),
        ([0.1] * 10, 10, 1.0),
        # a biased coin, by hand: -0.9 ln 0.9 - 0.1 ln 0.1
        ([0.9, 0.1], None, -0.9 * math.log(0.9) - 0.1 * math.log(0.1)),
        ([0.5, 0.0, 0.5], 2, 1.0),  # an impossible outcome adds nothing
    ],
)
def test_entropy_hand_values(p, base, expected):
    value = entropy(p, base=base)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("p", [[1.0], [1.0, 0.0], [0.0, 0.0, 1.0], [0, 1], [True, False]])
@pytest.mark.parametrize("base", [None, 2, 10, 0.5])
def test_entropy_of_a_certain_outcome_is_positive_zero(p, base):
    # 0 log 0 = 0 and 1 log 1 = 0: no NaN, no -0.0 (not even with base < 1, where 1/ln b < 0)
    value = entropy(p, base=base)
    assert not math.isnan(value)
    assert is_positive_zero(value)


def test_entropy_is_the_average_information():
    p = np.array([0.5, 0.25, 0.125, 0.125, 0.0])
    support = p > 0
    expected = float(np.sum(p[support] * information(p[support], base=2)))
    assert entropy(p, base=2) == pytest.approx(expected, rel=1e-14)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(prob_vectors)
def test_entropy_bounds(p):
    n = p.size
    h = entropy(p)
    assert not math.isnan(h)
    assert 0.0 <= h <= math.log(n) * (1 + 1e-12)
    # it never beats the uniform distribution on the same outcomes
    assert h <= entropy(np.full(n, 1.0 / n)) + 1e-12


@pytest.mark.parametrize("n", [1, 2, 3, 7, 64, 1000])
def test_entropy_of_uniform_is_log_n(n):
    uniform = np.full(n, 1.0 / n)
    assert entropy(uniform) == pytest.approx(math.log(n), rel=1e-13, abs=1e-15)
    assert entropy(uniform, base=2) == pytest.approx(math.log2(n), rel=1e-13, abs=1e-15)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(prob_vectors)
def test_entropy_equals_log_n_only_at_uniform(p):
    n = p.size
    if n > 1 and not np.allclose(p, 1.0 / n, rtol=1e-6, atol=0):
        assert entropy(p) < math.log(n)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(prob_vectors, bases)
def test_entropy_change_of_base(p, base):
    assert entropy(p, base=base) == pytest.approx(
        entropy(p) / math.log(base), rel=1e-12, abs=1e-300
    )


@settings(max_examples=100, deadline=None, derandomize=True)
@given(prob_vectors, st.randoms(use_true_random=False))
def test_entropy_ignores_the_order_of_outcomes(p, rnd):
    shuffled = list(p)
    rnd.shuffle(shuffled)
    assert entropy(shuffled) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)


def test_entropy_matches_scipy_on_random_vectors():
    rng = np.random.default_rng(20240601)
    for trial in range(200):
        n = int(rng.integers(1, 40))
        w = rng.exponential(size=n)
        w[rng.random(n) < 0.3] = 0.0  # exact zeros
        if w.sum() == 0:
            w[0] = 1.0
        p = normalize(w)
        for base in (None, 2, 10):
            expected = scipy.stats.entropy(p, base=base)
            assert entropy(p, base=base) == pytest.approx(expected, rel=1e-12, abs=1e-15), trial
