"""Checks for the claims of mathnotes/01-information-content.md."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import information
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


@pytest.mark.claim("info-cauchy-rationals")
@SETTINGS
@given(st.integers(0, 50), st.integers(1, 50))
def test_an_additive_function_is_linear_on_the_rationals(m, n):
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
    questions = np.array([1, 2, 3, 3])  # ask about the likeliest remaining answer first
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
