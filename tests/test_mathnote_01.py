"""Checks for the claims of mathnotes/01-information-content.md."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import average_code_length, huffman_code, information
from helpers.figures.information import halving_steps

LN2 = math.log(2)
SETTINGS = settings(max_examples=100, deadline=None, derandomize=True)
positive_probabilities = st.floats(1e-300, 1.0)


@pytest.mark.claim("info-definition")
def test_information_is_minus_log():
    for p in (1e-9, 0.1, 0.5, 0.99):
        assert information(p) == pytest.approx(-math.log(p), rel=1e-14)
        assert information(p, base=2) == pytest.approx(-math.log2(p), rel=1e-14)
        assert information(p, base=10) == pytest.approx(-math.log10(p), rel=1e-14)
    assert information(1.0) == 0.0 and information(0.0) == math.inf
    np.testing.assert_allclose(information([0.5, 0.25], base=2), [1.0, 2.0], rtol=1e-14)


@pytest.mark.claim("info-log-satisfies-axioms")
@SETTINGS
@given(positive_probabilities, positive_probabilities, st.floats(0.01, 100.0))
def test_minus_k_log_is_additive_decreasing_and_continuous(p, q, k):
    def info(x):
        return -k * math.log(x)

    if p * q > 1e-300:
        assert info(p * q) == pytest.approx(info(p) + info(q), rel=1e-9, abs=1e-9)
    if p < q:
        assert info(p) > info(q)
    # continuity: a tiny change of p changes the value a little (|d/dp| = k/p)
    assert abs(info(p * (1 + 1e-9)) - info(p)) < 2e-9 * k


@pytest.mark.claim("info-log-satisfies-axioms")
@pytest.mark.parametrize("base", [None, 2, 10])
def test_the_helper_has_the_three_properties_in_every_unit(base):
    ps = np.geomspace(1e-12, 1.0, 2001)
    values = information(ps, base=base)
    assert np.all(np.diff(values) < 0)  # strictly decreasing
    assert values[-1] == 0.0
    # additive on every pair of a coarser grid
    coarse, coarse_values = ps[::40], values[::40]
    np.testing.assert_allclose(
        information(np.multiply.outer(coarse, coarse), base=base),
        np.add.outer(coarse_values, coarse_values),
        rtol=1e-12, atol=1e-12,
    )
    # continuous: probabilities 1e-6 apart (relatively) give values about k·1e-6 apart
    k = 1.0 if base is None else 1 / math.log(base)
    assert np.max(np.abs(information(ps * (1 - 1e-6), base=base) - values)) < 2e-6 * k


class _QuadraticField:
    """Numbers a + b·√2 with rational a, b, kept exact."""

    def __init__(self, a, b=0):
        self.a, self.b = Fraction(a), Fraction(b)

    def __add__(self, other):
        return _QuadraticField(self.a + other.a, self.b + other.b)

    def __rmul__(self, n):
        return _QuadraticField(n * self.a, n * self.b)


def _additive(c1, c2):
    """f(a + b√2) = a·c1 + b·c2: additive for any c1, c2; linear only if c2 = √2·c1."""
    return lambda x: x.a * Fraction(c1) + x.b * Fraction(c2)


@pytest.mark.claim("info-cauchy-rationals")
@SETTINGS
@given(st.integers(0, 50), st.integers(1, 50), st.integers(-20, 20), st.integers(-20, 20),
       st.integers(-5, 5), st.integers(-5, 5))
def test_additivity_gives_linearity_on_the_rationals_and_no_more(m, n, a, b, c1, c2):
    f = _additive(c1, c2)
    x, y = _QuadraticField(a, b), _QuadraticField(b, a)
    assert f(x + y) == f(x) + f(y)  # additive, exactly
    assert f(n * x) == n * f(x)  # the induction step
    r = Fraction(m, n)
    assert f(_QuadraticField(r)) == r * f(_QuadraticField(1))  # the rational step, any c1, c2
    if (c1, c2) == (0, 0):
        return
    # not linear on the reals (c2 = √2·c1 is impossible for whole numbers), and not monotone:
    # rationals q1 < √2 < q2 close to √2 have values near √2·c1, both on one side of f(√2) = c2
    q1 = Fraction(math.isqrt(2 * 10**24), 10**12)
    q2 = q1 + Fraction(1, 10**12)
    assert q1 * q1 < 2 < q2 * q2
    low, high = sorted([f(_QuadraticField(q1)), f(_QuadraticField(q2))])
    assert not low <= f(_QuadraticField(0, 1)) <= high


@pytest.mark.claim("info-cauchy-rationals")
@SETTINGS
@given(st.integers(0, 50), st.integers(1, 50))
def test_the_logarithm_is_linear_on_the_rationals(m, n):
    # f(x) = I(e^{-x}) with I = -log: f is additive, and f(m/n) = (m/n) f(1)
    def f(x):
        return information(math.exp(-x))

    r = Fraction(m, n)
    assert f(float(r)) == pytest.approx(float(r) * f(1.0), rel=1e-12, abs=1e-12)
    assert n * f(m / n) == pytest.approx(f(float(m)), rel=1e-12, abs=1e-12)
    assert f(0.0) == 0.0


@pytest.mark.claim("info-unit-conversion")
@SETTINGS
@given(positive_probabilities)
def test_units_convert_by_a_constant_factor(p):
    nats = information(p)
    assert information(p, base=2) == pytest.approx(nats / LN2, rel=1e-12, abs=1e-300)
    assert information(p, base=10) == pytest.approx(nats / math.log(10), rel=1e-12, abs=1e-300)


@pytest.mark.claim("info-unit-conversion")
def test_unit_conversion_numbers():
    assert 1 / LN2 == pytest.approx(1.4427, abs=5e-5)
    assert math.log2(10) == pytest.approx(3.3219, abs=5e-5)
    assert math.log(10) == pytest.approx(2.3026, abs=5e-5)
    # one hartley is the information of one of ten equally likely outcomes, in each unit
    assert information(0.1, base=10) == pytest.approx(1.0)
    assert information(0.1, base=2) == pytest.approx(math.log2(10))


@pytest.mark.claim("info-halving-adds-a-bit")
@SETTINGS
@given(st.floats(1e-300, 1.0), st.floats(1e-6, 1.0))
def test_halving_adds_one_bit(p, r):
    assert information(p / 2, base=2) == pytest.approx(information(p, base=2) + 1, rel=1e-12)
    if p * r > 1e-300:
        assert information(p * r, base=2) == pytest.approx(
            information(p, base=2) - math.log2(r), rel=1e-9, abs=1e-9
        )


@pytest.mark.claim("info-everyday-values")
def test_everyday_values():
    assert information(0.5, base=2) == 1.0
    assert information(1 / 6, base=2) == pytest.approx(2.585, abs=5e-4)
    assert information(1e-6, base=2) == pytest.approx(19.93, abs=5e-3)
    assert information(1e-6, base=2) == pytest.approx(6 * math.log2(10), rel=1e-14)
    assert information(1e-6, base=2) < 20 and 2**20 == 1_048_576
    assert information(1e-6, base=10) == pytest.approx(6.0, rel=1e-14)
    assert information(1.0, base=2) == 0.0


@pytest.mark.claim("info-halving-ceil-log2")
@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 8, 16, 20, 33, 64, 100, 1000])
def test_halving_takes_ceil_log2_questions_and_finds_the_number(n):
    lengths = []
    for secret in range(1, n + 1):
        steps = halving_steps(n, secret)
        lo, hi = 1, n
        for q_lo, q_hi, middle, answer in steps:
            assert (q_lo, q_hi) == (lo, hi)
            # the split is as even as it can be
            assert (middle - lo + 1) - (hi - middle) in (0, 1)
            lo, hi = (lo, middle) if answer else (middle + 1, hi)
        assert lo == hi == secret
        lengths.append(len(steps))
    worst = math.ceil(math.log2(n)) if n > 1 else 0
    assert max(lengths) == worst
    # the counting bound: k answers tell apart at most 2^k numbers
    assert 2**worst >= n and (worst == 0 or 2 ** (worst - 1) < n)
    if n & (n - 1) == 0:  # a power of 2: every game has the same length
        assert set(lengths) == {worst}


@pytest.mark.claim("info-halving-ceil-log2")
@pytest.mark.parametrize(("n", "secret"), [(0, 1), (5, 0), (5, 6), (2.5, 1), (True, 1)])
def test_halving_steps_rejects_bad_games(n, secret):
    with pytest.raises(ValueError):
        halving_steps(n, secret)


@pytest.mark.claim("info-unequal-questions")
def test_likely_answers_cost_fewer_questions():
    p = np.array([1 / 2, 1 / 4, 1 / 8, 1 / 8])
    # the strategy, played: "is it the likeliest remaining answer?"; the last one needs no question
    questions = np.array([min(rank + 1, p.size - 1) for rank in range(p.size)])
    assert questions.tolist() == [1, 2, 3, 3]
    # the same lengths as an optimal (Huffman) code for these probabilities
    assert [len(w) for w in huffman_code(p)] == questions.tolist()
    np.testing.assert_allclose(information(p, base=2), questions, rtol=1e-14)
    average = float(p @ questions)
    assert average == 1.75 < 2 == math.log2(4)
    entropy_bits = float(np.sum(p * information(p, base=2)))
    assert average == pytest.approx(entropy_bits, rel=1e-14)


@pytest.mark.claim("info-additivity-needs-independence")
def test_additivity_fails_for_dependent_events():
    faces = np.arange(1, 7)
    even = faces % 2 == 0
    high = faces >= 4
    p_a, p_b, p_ab = even.mean(), high.mean(), (even & high).mean()
    assert p_ab == pytest.approx(1 / 3) and p_a * p_b == pytest.approx(1 / 4)
    assert information(p_ab, base=2) == pytest.approx(math.log2(3))
    assert information(p_a, base=2) + information(p_b, base=2) == pytest.approx(2.0)
    # independent events: a die and a coin
    assert information(0.5 / 6, base=2) == pytest.approx(1 + math.log2(6), rel=1e-14)


@pytest.mark.claim("info-halving-not-a-power-of-two")
@pytest.mark.parametrize("n", [2, 3, 5, 6, 7, 12, 20, 33, 100, 1000])
def test_games_differ_by_one_question_at_most_and_average_between_log_and_log_plus_one(n):
    lengths = np.array([len(halving_steps(n, secret)) for secret in range(1, n + 1)])
    low, high = math.floor(math.log2(n)), math.ceil(math.log2(n))
    assert set(lengths.tolist()) == ({low} if low == high else {low, high})
    average = float(lengths.mean())
    assert math.log2(n) - 1e-12 <= average < math.log2(n) + 1
    # it is the average of an optimal code for N equally likely numbers
    uniform = np.full(n, 1 / n)
    assert average == pytest.approx(average_code_length(uniform, huffman_code(uniform)), rel=1e-12)
    # the induction identities behind it
    for c in range(2, n + 1):
        assert 1 + math.ceil(math.log2(math.ceil(c / 2))) == math.ceil(math.log2(c))
        assert 1 + math.floor(math.log2(c // 2)) == math.floor(math.log2(c))


@pytest.mark.claim("info-halving-not-a-power-of-two")
def test_three_numbers():
    assert [len(halving_steps(3, s)) for s in (1, 2, 3)] == [2, 2, 1]
    assert 5 / 3 == pytest.approx(1.667, abs=5e-4)
    assert math.log2(3) == pytest.approx(1.585, abs=5e-4)
