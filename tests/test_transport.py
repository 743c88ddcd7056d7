"""Optimal transport: W1 on the line, the monotone plan, the EMD linear program, plan pricing,
and the Kantorovich-Rubinstein dual. Cross-checked against scipy and POT (test-only dependency).
"""

from __future__ import annotations

import math

import hypothesis.strategies as st
import numpy as np
import ot
import pytest
import scipy.stats
from hypothesis import given, settings

from helpers import (
    emd,
    lipschitz_dual,
    normalize,
    transport_cost,
    transport_plan_1d,
    wasserstein_1d,
)

from .strategies import is_positive_zero, vectors


def weights_of(n: int):
    """Normalised non-negative weights of length n, exact zeros included, not all zero."""
    return vectors(n, largest=1e3)


locations = st.floats(-100.0, 100.0, allow_subnormal=False)


def measures(max_size: int = 8):
    """(values, weights) of a discrete distribution on the line."""
    return st.integers(1, max_size).flatmap(
        lambda n: st.tuples(
            st.lists(locations, min_size=n, max_size=n).map(np.array), weights_of(n)
        )
    )


# --- wasserstein_1d: hand values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("u", "v", "uw", "vw", "expected"),
    [
        ([0.0, 1.0], [2.0, 3.0], None, None, 2.0),  # shift both points by 2
        ([0.0], [5.0], None, None, 5.0),
        ([5.0], [0.0], None, None, 5.0),
        ([0.0, 2.0], [1.0], None, None, 1.0),  # half the mass moves +1, half -1
        ([0.0, 1.0], [0.0, 1.0], [1, 3], [3, 1], 0.5),  # CDFs 1/4 and 3/4 on [0, 1)
        ([0.0, 1.0], [0.0, 1.0], [0.25, 0.75], [0.75, 0.25], 0.5),  # same, normalised
        ([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], [1, 0, 0], [0, 0, 1], 2.0),  # zero weights
        ([3.0, 0.0, 1.0], [1.0, 3.0, 0.0], None, None, 0.0),  # same points, other order
        ([0.0, 0.0, 4.0], [1.0, 1.0, 1.0], None, None, 5 / 3),  # ties: 2/3*1 + 1/3*3
    ],
)
def test_wasserstein_1d_hand_values(u, v, uw, vw, expected):
    value = wasserstein_1d(u, v, uw, vw)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-14, abs=1e-15)


def test_wasserstein_of_identical_distributions_is_positive_zero():
    for u, w in (([0.0], None), ([1.0, -2.0, 3.5], [0.2, 0.0, 0.8]), ([2.0, 2.0], [1, 3])):
        value = wasserstein_1d(u, u, w, w)
        assert not math.isnan(value)
        assert is_positive_zero(value)


def test_wasserstein_weights_need_not_sum_to_one():
    # counts are masses: only their proportions matter
    assert wasserstein_1d([0, 1], [0, 1], [2, 6], [6, 2]) == pytest.approx(0.5, rel=1e-15)


def test_wasserstein_takes_locations_not_densities():
    # A classic mistake passes a density's VALUES as if they were locations. The right call
    # passes the grid as locations and the probabilities as weights: here the shift, 2.
    x = np.arange(10.0)
    p = normalize(np.exp(-0.5 * (x - 3.0) ** 2))
    q = normalize(np.exp(-0.5 * (x - 5.0) ** 2))
    right = wasserstein_1d(x, x, p, q)
    wrong = wasserstein_1d(p, q)
    assert right == pytest.approx(2.0, abs=1e-2)
    assert wrong < 0.1


# --- wasserstein_1d: properties --------------------------------------------------------------


@settings(max_examples=60, deadline=None, derandomize=True)
@given(measures(), measures(), measures(), st.floats(-10.0, 10.0, allow_subnormal=False))
def test_wasserstein_is_a_metric(mu, nu, rho, k):
    (u, uw), (v, vw), (w, ww) = mu, nu, rho
    d_uv = wasserstein_1d(u, v, uw, vw)
    d_vu = wasserstein_1d(v, u, vw, uw)
    d_uw = wasserstein_1d(u, w, uw, ww)
    d_vw = wasserstein_1d(v, w, vw, ww)
    scale = 1e-12 * 100  # values are within +-100: allow rounding relative to that
    assert not math.isnan(d_uv)
    assert d_uv >= 0.0
    assert is_positive_zero(wasserstein_1d(u, u, uw, uw))
    assert d_uv == pytest.approx(d_vu, rel=1e-12, abs=scale)
    assert d_uw <= d_uv + d_vw + scale
    # and it scales with the line: W1(k u, k v) = |k| W1(u, v)
    assert wasserstein_1d(k * u, k * v, uw, vw) == pytest.approx(abs(k) * d_uv, rel=1e-9,
                                                                 abs=1e-10)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(measures(), st.floats(-50.0, 50.0, allow_subnormal=False))
def test_wasserstein_of_a_shift_is_the_shift(mu, shift):
    u, w = mu
    # u + shift is rounded to within an ulp of 150: absolute slack 1e-12
    assert wasserstein_1d(u, u + shift, w, w) == pytest.approx(abs(shift), abs=1e-12)


def test_wasserstein_matches_scipy():
    rng = np.random.default_rng(11)
    for trial in range(200):
        n, m = rng.integers(1, 15, size=2)
        u = rng.normal(size=n) * 3
        v = rng.normal(size=m) * 3 + rng.normal()
        if trial % 3 == 0:  # ties and duplicates
            u = np.round(u)
            v = np.round(v)
        uw = rng.exponential(size=n)
        vw = rng.exponential(size=m)
        if trial % 2 == 0:  # zero weights (keep at least one positive)
            uw[rng.random(n) < 0.3] = 0.0
            vw[rng.random(m) < 0.3] = 0.0
            uw[0] += 1.0
            vw[-1] += 1.0
        expected = scipy.stats.wasserstein_distance(u, v, uw, vw)
        assert wasserstein_1d(u, v, uw, vw) == pytest.approx(expected, rel=1e-10, abs=1e-12)
        assert wasserstein_1d(u, v) == pytest.approx(
            scipy.stats.wasserstein_distance(u, v), rel=1e-10, abs=1e-12
        )


# --- transport_plan_1d -----------------------------------------------------------------------


def _check_plan(plan, u, v, uw, vw):
    n, m = len(u), len(v)
    a = np.full(n, 1.0 / n) if uw is None else normalize(uw)
    b = np.full(m, 1.0 / m) if vw is None else normalize(vw)
    assert plan.shape == (n, m)
    assert np.all(plan >= 0)
    np.testing.assert_allclose(plan.sum(axis=1), a, rtol=0, atol=1e-12)
    np.testing.assert_allclose(plan.sum(axis=0), b, rtol=0, atol=1e-12)
    distance = np.abs(np.subtract.outer(np.asarray(u, float), np.asarray(v, float)))
    cost = float(np.sum(plan * distance))
    scale = 1e-12 * max(1.0, float(distance.max()))
    assert cost == pytest.approx(wasserstein_1d(u, v, uw, vw), rel=1e-10, abs=scale)
    return cost


@pytest.mark.parametrize(
    ("u", "v", "uw", "vw", "expected"),
    [
        ([0.0, 1.0], [5.0, 3.0], None, None, [[0.0, 0.5], [0.5, 0.0]]),  # unsorted
        ([0.0, 1.0], [0.0, 1.0], [0.25, 0.75], [0.75, 0.25], [[0.25, 0.0], [0.5, 0.25]]),
        ([0.0], [1.0, 2.0], None, [1, 3], [[0.25, 0.75]]),  # unequal lengths
        ([2.0, 0.0, 1.0], [10.0], None, None, [[1 / 3], [1 / 3], [1 / 3]]),
        ([0.0, 1.0, 2.0], [0.0, 1.0], [1, 0, 1], [1, 1], [[0.5, 0.0], [0.0, 0.0], [0.0, 0.5]]),
    ],
)
def test_transport_plan_1d_hand_values(u, v, uw, vw, expected):
    plan = transport_plan_1d(u, v, uw, vw)
    np.testing.assert_allclose(plan, expected, rtol=0, atol=1e-15)
    _check_plan(plan, u, v, uw, vw)


def test_transport_plan_1d_ties_and_duplicates():
    u = [1.0, 1.0, 0.0, 1.0]
    v = [0.5, 0.5, 0.5]
    plan = transport_plan_1d(u, v)
    _check_plan(plan, u, v, None, None)
    # every unit of mass travels |x - 0.5| = 0.5
    assert wasserstein_1d(u, v) == pytest.approx(0.5, rel=1e-15)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(measures(), measures())
def test_transport_plan_1d_is_a_coupling_priced_at_w1_like_pot(mu, nu):
    (u, uw), (v, vw) = mu, nu
    plan = transport_plan_1d(u, v, uw, vw)
    cost = _check_plan(plan, u, v, uw, vw)
    pot_plan = ot.emd_1d(u, v, uw, vw, metric="euclidean")
    expected = float(np.sum(pot_plan * np.abs(np.subtract.outer(u, v))))
    assert cost == pytest.approx(expected, rel=1e-9, abs=1e-10)


def test_transport_plan_1d_passes_transport_cost():
    u, v = [0.0, 3.0, 1.0], [2.0, -1.0]
    uw, vw = [0.2, 0.5, 0.3], [0.6, 0.4]
    plan = transport_plan_1d(u, v, uw, vw)
    cost = np.abs(np.subtract.outer(u, v))
    assert transport_cost(plan, cost, uw, vw) == pytest.approx(
        wasserstein_1d(u, v, uw, vw), rel=1e-14
    )


# --- emd -------------------------------------------------------------------------------------


def test_emd_hand_values():
    value, plan = emd([1.0, 0.0], [0.0, 1.0], [[0.0, 3.0], [3.0, 0.0]])
    assert value == pytest.approx(3.0, rel=1e-12)
    np.testing.assert_allclose(plan, [[0.0, 1.0], [0.0, 0.0]], atol=1e-12)
    # non-square: one source split over two destinations
    value, plan = emd([1.0], [0.5, 0.5], [[1.0, 2.0]])
    assert value == pytest.approx(1.5, rel=1e-12)
    np.testing.assert_allclose(plan, [[0.5, 0.5]], atol=1e-12)
    # masses that do not sum to 1: move one unit from 0 to 1 at price 1
    value, plan = emd([2.0, 2.0], [1.0, 3.0], [[0.0, 1.0], [1.0, 0.0]])
    assert value == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(plan, [[1.0, 1.0], [0.0, 2.0]], atol=1e-9)
    # three piles on a line, cost |i - j|: the cheapest plan moves 1/3 by two steps
    x = np.arange(3.0)
    value, _ = emd([2 / 3, 1 / 3, 0.0], [0.0, 1 / 3, 2 / 3], np.abs(np.subtract.outer(x, x)))
    assert value == pytest.approx(4 / 3, rel=1e-12)


def test_emd_of_identical_histograms_is_positive_zero():
    cost = np.abs(np.subtract.outer(np.arange(4.0), np.arange(4.0)))
    value, plan = emd([0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4], cost)
    assert is_positive_zero(value)
    np.testing.assert_allclose(plan, np.diag([0.1, 0.2, 0.3, 0.4]), atol=1e-12)


def _random_problem(rng, trial):
    n, m = (int(k) for k in rng.integers(1, 9, size=2))
    a = rng.exponential(size=n)
    b = rng.exponential(size=m)
    if trial % 2 == 0:  # zero-mass entries
        a[rng.random(n) < 0.3] = 0.0
        b[rng.random(m) < 0.3] = 0.0
        a[0] += 0.5
        b[-1] += 0.5
    total = 1.0 if trial % 3 else 5.0  # also masses that are not probabilities
    a = a / a.sum() * total
    b = b / b.sum() * total
    cost = rng.random((n, m)) * 10
    return a, b, cost


def test_emd_matches_pot_and_has_correct_marginals():
    rng = np.random.default_rng(12)
    for trial in range(40):
        a, b, cost = _random_problem(rng, trial)
        value, plan = emd(a, b, cost)
        # HiGHS solves to a primal feasibility tolerance of about 1e-7 at worst; in practice
        # the basic solution is exact to rounding. Allow 1e-8 relative.
        assert value == pytest.approx(ot.emd2(a, b, cost), rel=1e-8, abs=1e-10), trial
        assert plan.shape == cost.shape
        assert np.all(plan >= 0)
        np.testing.assert_allclose(plan.sum(axis=1), a, atol=1e-9)
        np.testing.assert_allclose(plan.sum(axis=0), b, atol=1e-9)
        assert float(np.sum(plan * cost)) == pytest.approx(value, rel=1e-12, abs=1e-12)


def test_emd_with_line_cost_equals_wasserstein_1d():
    rng = np.random.default_rng(13)
    for _ in range(15):
        n, m = rng.integers(1, 10, size=2)
        u, v = rng.normal(size=n), rng.normal(size=m)
        uw, vw = normalize(rng.random(n)), normalize(rng.random(m))
        value, _ = emd(uw, vw, np.abs(np.subtract.outer(u, v)))
        assert value == pytest.approx(wasserstein_1d(u, v, uw, vw), rel=1e-8, abs=1e-10)


# --- transport_cost --------------------------------------------------------------------------


def test_transport_cost_hand_values():
    cost = [[0.0, 1.0], [1.0, 0.0]]
    assert transport_cost([[0.5, 0.0], [0.0, 0.5]], cost, [0.5, 0.5], [0.5, 0.5]) == 0.0
    assert transport_cost([[0.0, 0.5], [0.5, 0.0]], cost, [0.5, 0.5], [0.5, 0.5]) == 1.0
    assert transport_cost([[0.2, 0.3], [0.3, 0.2]], [[1, 2], [3, 4]], [0.5, 0.5], [0.5, 0.5]) \
        == pytest.approx(0.2 + 0.6 + 0.9 + 0.8, rel=1e-15)


def test_transport_cost_of_the_emd_plan_is_the_emd():
    rng = np.random.default_rng(14)
    for trial in range(10):
        a, b, cost = _random_problem(rng, trial)
        value, plan = emd(a, b, cost)
        # the LP plan's marginals are exact to well within transport_cost's 1e-9 tolerance
        assert transport_cost(plan, cost, a, b) == pytest.approx(value, rel=1e-12, abs=1e-12)


def test_transport_cost_rejects_a_plan_with_wrong_marginals():
    # A plan that ignores its marginals can look cheaper than the optimum: it must be refused.
    cost = [[0.0, 3.0, 4.0], [3.0, 0.0, 1.0], [4.0, 1.0, 0.0]]
    a, b = [0.5, 0.5, 0.0], [0.0, 0.3, 0.7]
    bad = [[0.0, 0.3, 0.3], [0.0, 0.0, 0.4], [0.0, 0.0, 0.0]]
    with pytest.raises(ValueError) as info:
        transport_cost(bad, cost, a, b)
    message = str(info.value)
    assert "row 0 sums to 0.6 (a[0] = 0.5)" in message
    assert "row 1 sums to 0.4 (a[1] = 0.5)" in message
    assert "row 2" not in message  # correct rows are not listed
    assert "column" not in message  # all column sums are right (0, 0.3, 0.7)
    with pytest.raises(ValueError, match=r"column 1 sums to 0\.5 \(b\[1\] = 0\.3\)"):
        transport_cost([[0.0, 0.5, 0.0], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]], cost, a, b)


def test_transport_cost_reports_rows_and_columns_together():
    with pytest.raises(ValueError, match=r"row sums are not a: .*; the plan's column sums"):
        transport_cost([[1.0, 0.0], [0.0, 0.0]], [[0, 1], [1, 0]], [0.5, 0.5], [0.5, 0.5])


@pytest.mark.parametrize(
    ("plan", "cost", "match"),
    [
        ([[0.5, 0.0]], [[0, 1], [1, 0]], r"plan has shape \(1, 2\).*must be \(2, 2\)"),
        ([[0.5, 0.0], [0.0, 0.5]], [[0, 1]], r"cost has shape \(1, 2\).*\(2, 2\)"),
        ([[0.6, -0.1], [-0.1, 0.6]], [[0, 1], [1, 0]], r"plan\[0, 1\] = -0\.1 is negative"),
        ([[0.5, math.nan], [0.0, 0.5]], [[0, 1], [1, 0]], r"plan\[0, 1\] is NaN"),
        ([[0.5, 0.0], [0.0, 0.5]], [[0, math.inf], [1, 0]], r"cost\[0, 1\] is inf"),
    ],
)
def test_transport_cost_bad_plan_or_cost(plan, cost, match):
    with pytest.raises(ValueError, match=match):
        transport_cost(plan, cost, [0.5, 0.5], [0.5, 0.5])


# --- lipschitz_dual --------------------------------------------------------------------------


def test_lipschitz_dual_hand_values():
    value, f = lipschitz_dual([0.0, 1.0, 3.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0])
    assert value == pytest.approx(3.0, rel=1e-12)
    np.testing.assert_allclose(f, [0.0, -1.0, -3.0], atol=1e-12)
    value, f = lipschitz_dual([0.0, 1.0], [0.5, 0.5], [0.0, 1.0])
    assert value == pytest.approx(0.5, rel=1e-12)
    # in the plane: two points at distance 5
    value, _ = lipschitz_dual([[0.0, 0.0], [3.0, 4.0]], [1.0, 0.0], [0.0, 1.0])
    assert value == pytest.approx(5.0, rel=1e-12)


def test_lipschitz_dual_of_equal_masses_is_positive_zero():
    value, f = lipschitz_dual([0.0, 1.0, 2.0], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5])
    assert is_positive_zero(value)
    assert not np.any(np.isnan(f))


def test_strong_duality_and_the_critic_is_1_lipschitz():
    rng = np.random.default_rng(15)
    for trial in range(12):
        n = int(rng.integers(2, 8))
        dim = 1 + trial % 2
        x = rng.normal(size=(n, dim))
        a, b = normalize(rng.exponential(size=n)), normalize(rng.exponential(size=n))
        if trial % 3 == 0:
            a[0], b[-1] = 0.0, 0.0
            a, b = normalize(a), normalize(b)
        dist = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1))
        value, f = lipschitz_dual(x if dim == 2 else x[:, 0], a, b)
        primal, _ = emd(a, b, dist)
        assert value == pytest.approx(primal, rel=1e-8, abs=1e-10)
        assert value == pytest.approx(ot.emd2(a, b, dist), rel=1e-8, abs=1e-10)
        assert f[0] == 0.0
        assert float(np.dot(a - b, f)) == pytest.approx(value, rel=1e-9, abs=1e-10)
        assert np.all(np.abs(f[:, None] - f[None, :]) <= dist + 1e-9)


# --- bad input -------------------------------------------------------------------------------

GOOD_MASS = [0.5, 0.5]
LINE_COST = [[0.0, 1.0], [1.0, 0.0]]
GOOD_PLAN = [[0.5, 0.0], [0.0, 0.5]]

#: (label, call with the bad value, the name the message must use)
MASS_SLOTS = [
    ("emd(a)", lambda bad: emd(bad, GOOD_MASS, LINE_COST), "a"),
    ("emd(b)", lambda bad: emd(GOOD_MASS, bad, LINE_COST), "b"),
    ("transport_cost(a)", lambda bad: transport_cost(GOOD_PLAN, LINE_COST, bad, GOOD_MASS), "a"),
    ("transport_cost(b)", lambda bad: transport_cost(GOOD_PLAN, LINE_COST, GOOD_MASS, bad), "b"),
    ("lipschitz_dual(a)", lambda bad: lipschitz_dual([0.0, 1.0], bad, GOOD_MASS), "a"),
    ("lipschitz_dual(b)", lambda bad: lipschitz_dual([0.0, 1.0], GOOD_MASS, bad), "b"),
    ("wasserstein_1d(u_weights)", lambda bad: wasserstein_1d([0, 1], [0, 1], bad, None),
     "u_weights"),
    ("wasserstein_1d(v_weights)", lambda bad: wasserstein_1d([0, 1], [0, 1], None, bad),
     "v_weights"),
    ("transport_plan_1d(u_weights)", lambda bad: transport_plan_1d([0, 1], [0, 1], bad, None),
     "u_weights"),
    ("transport_plan_1d(v_weights)", lambda bad: transport_plan_1d([0, 1], [0, 1], None, bad),
     "v_weights"),
]
MASS_IDS = [label for label, _, _ in MASS_SLOTS]

LOCATION_SLOTS = [
    ("wasserstein_1d(u_values)", lambda bad: wasserstein_1d(bad, [0.0, 1.0]), "u_values"),
    ("wasserstein_1d(v_values)", lambda bad: wasserstein_1d([0.0, 1.0], bad), "v_values"),
    ("transport_plan_1d(u_values)", lambda bad: transport_plan_1d(bad, [0.0, 1.0]), "u_values"),
    ("transport_plan_1d(v_values)", lambda bad: transport_plan_1d([0.0, 1.0], bad), "v_values"),
]
LOCATION_IDS = [label for label, _, _ in LOCATION_SLOTS]

NON_NUMERIC = [
    pytest.param("0.5", id="string"),
    pytest.param(None, id="None"),
    pytest.param(["0.5", "0.5"], id="list-of-strings"),
    pytest.param([[0.5], [0.25, 0.25]], id="ragged"),
    pytest.param([0.5 + 0j, 0.5], id="complex"),
    pytest.param([0.5, None], id="list-with-None"),
]


@pytest.mark.parametrize(("label", "call", "name"), MASS_SLOTS, ids=MASS_IDS)
def test_negative_mass_is_named(label, call, name):
    with pytest.raises(ValueError, match=rf"{name}\[1\] = -0\.5 is negative"):
        call([1.0, -0.5])


@pytest.mark.parametrize(("label", "call", "name"), MASS_SLOTS + LOCATION_SLOTS,
                         ids=MASS_IDS + LOCATION_IDS)
@pytest.mark.parametrize(("value", "shown"), [(math.nan, "NaN"), (math.inf, "inf"),
                                               (-math.inf, "-inf")])
def test_non_finite_entry_is_named(label, call, name, value, shown):
    with pytest.raises(ValueError, match=rf"{name}\[1\] is {shown}"):
        call([0.5, value])


@pytest.mark.parametrize(("label", "call", "name"), MASS_SLOTS + LOCATION_SLOTS,
                         ids=MASS_IDS + LOCATION_IDS)
def test_empty_and_two_dimensional(label, call, name):
    with pytest.raises(ValueError, match=rf"{name} is empty"):
        call([])
    with pytest.raises(ValueError, match=rf"{name} must be one-dimensional"):
        call([[0.5, 0.5]])


@pytest.mark.parametrize(("label", "call", "name"), MASS_SLOTS + LOCATION_SLOTS,
                         ids=MASS_IDS + LOCATION_IDS)
@pytest.mark.parametrize("bad", NON_NUMERIC)
def test_non_numeric_masses_and_locations(label, call, name, bad):
    if bad is None and name.endswith("weights"):
        assert np.all(np.isfinite(call(bad)))  # weights=None is the default: equal weights
        return
    with pytest.raises((TypeError, ValueError)):
        call(bad)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda bad: emd(GOOD_MASS, GOOD_MASS, bad), id="emd(cost)"),
        pytest.param(lambda bad: transport_cost(GOOD_PLAN, bad, GOOD_MASS, GOOD_MASS),
                     id="transport_cost(cost)"),
        pytest.param(lambda bad: transport_cost(bad, LINE_COST, GOOD_MASS, GOOD_MASS),
                     id="transport_cost(plan)"),
        pytest.param(lambda bad: lipschitz_dual(bad, GOOD_MASS, GOOD_MASS),
                     id="lipschitz_dual(points)"),
    ],
)
@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("0 1", id="string"),
        pytest.param(None, id="None"),
        pytest.param([["0", "1"], ["1", "0"]], id="numeric-strings"),
        pytest.param([[0, 1], [1]], id="ragged"),
        pytest.param([[0, 1j], [1, 0]], id="complex"),
        pytest.param([[0, None], [1, 0]], id="None-entry"),
    ],
)
def test_non_numeric_matrices(call, bad):
    with pytest.raises((TypeError, ValueError)):
        call(bad)


def test_weights_must_match_values():
    with pytest.raises(ValueError, match=r"u_weights has 3 entries but there are 2 values"):
        wasserstein_1d([0, 1], [0, 1], [1, 1, 1])
    with pytest.raises(ValueError, match=r"v_weights has 1 entries but there are 2 values"):
        transport_plan_1d([0, 1], [0, 1], None, [1])
    with pytest.raises(ValueError, match=r"u_weights are all zero"):
        wasserstein_1d([0, 1], [0, 1], [0, 0])
    with pytest.raises(ValueError, match=r"v_weights are all zero"):
        transport_plan_1d([0, 1], [0, 1], None, [0.0, 0.0])


def test_emd_rejects_unequal_mass_and_wrong_cost_shape():
    with pytest.raises(ValueError, match=r"same total mass: a sums to 1\.0, b to 2\.0"):
        emd([0.5, 0.5], [1.0, 1.0], LINE_COST)
    with pytest.raises(ValueError, match=r"same total mass"):
        emd([0.5, 0.5], [0.5, 0.5 + 1e-6], LINE_COST)
    with pytest.raises(ValueError, match=r"a has zero total mass"):
        emd([0.0, 0.0], [0.0, 0.0], LINE_COST)
    with pytest.raises(
        ValueError, match=r"cost has shape \(2, 2\), but a has 2 entries and b has 3.*\(2, 3\)"
    ):
        emd([0.5, 0.5], [0.2, 0.3, 0.5], LINE_COST)
    with pytest.raises(ValueError, match=r"cost has shape \(2,\)"):
        emd([0.5, 0.5], [0.5, 0.5], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"cost\[1, 0\] is NaN"):
        emd([0.5, 0.5], [0.5, 0.5], [[0.0, 1.0], [math.nan, 0.0]])


def test_lipschitz_dual_rejects_bad_points():
    with pytest.raises(ValueError, match=r"a has 2 entries but there are 3 points"):
        lipschitz_dual([0.0, 1.0, 2.0], [0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"points must have shape"):
        lipschitz_dual([], [], [])
    with pytest.raises(ValueError, match=r"points\[1, 0\] is NaN"):
        lipschitz_dual([0.0, math.nan], GOOD_MASS, GOOD_MASS)
    with pytest.raises(ValueError, match=r"same total mass"):
        lipschitz_dual([0.0, 1.0], [0.5, 0.5], [1.0, 1.0])


# --- cdf_1d (transport.py, used by the CDF-area figure) --------------------------------------


def test_cdf_1d_hand_values_and_w1_as_area_between_cdfs():
    from helpers.transport import cdf_1d

    np.testing.assert_array_equal(cdf_1d([0.0, 1.0], [-1.0, 0.0, 0.5, 1.0, 2.0], [1, 3]),
                                  [0.0, 0.25, 0.25, 1.0, 1.0])
    rng = np.random.default_rng(16)
    for _ in range(20):
        n, m = rng.integers(1, 10, size=2)
        u, v = np.round(rng.normal(size=n), 1), np.round(rng.normal(size=m), 1)  # with ties
        uw, vw = rng.random(n) + 0.01, rng.random(m) + 0.01
        xs = np.sort(np.concatenate((u, v)))
        gap = np.abs(cdf_1d(u, xs[:-1], uw) - cdf_1d(v, xs[:-1], vw))
        area = float(np.dot(gap, np.diff(xs)))
        assert area == pytest.approx(wasserstein_1d(u, v, uw, vw), rel=1e-12, abs=1e-14)
