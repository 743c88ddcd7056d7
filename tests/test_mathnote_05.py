"""Checks for the claims of mathnotes/05-earth-movers-distance.md."""

from __future__ import annotations

import numpy as np
import ot
import pytest
import scipy.stats
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import helpers as h
from helpers.transport import cdf_1d

SETTINGS = settings(max_examples=120, deadline=None)
SLOW_SETTINGS = settings(max_examples=50, deadline=None)

# The four-point example of a widely copied blog post: piles at 2 and 3, holes at 0 and 1.
PILES, PILE_MASS = np.array([2.0, 3.0]), np.array([0.2, 0.8])
HOLES, HOLE_MASS = np.array([0.0, 1.0]), np.array([0.3, 0.7])
BLOG_COST = np.abs(PILES[:, None] - HOLES[None, :])
PLAN_A = np.array([[0.2, 0.0], [0.1, 0.7]])
PLAN_B_PRINTED = np.array([[0.1, 0.1], [0.2 + 0.6, 0.0]])
PLAN_B_CORRECTED = np.array([[0.1, 0.1], [0.2, 0.6]])


# --- strategies ------------------------------------------------------------------------------


@st.composite
def discrete_1d(draw, low=-10.0, high=10.0, max_size=6):
    """(positions, weights) of a discrete distribution on the line; weights sum to 1."""
    n = draw(st.integers(1, max_size))
    x = draw(st.lists(st.floats(low, high), min_size=n, max_size=n))
    w = draw(st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n))
    w = np.array(w)
    return np.array(x), w / w.sum()


@st.composite
def cloud_2d(draw, max_size=5):
    """Points in the plane with positive weights summing to 1."""
    n = draw(st.integers(1, max_size))
    coords = draw(st.lists(st.floats(-5.0, 5.0), min_size=2 * n, max_size=2 * n))
    w = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
    return np.array(coords).reshape(n, 2), w / w.sum()


def cost_1d(x, y):
    return np.abs(np.asarray(x)[:, None] - np.asarray(y)[None, :])


def cost_2d(x, y):
    return np.sqrt(((np.asarray(x)[:, None, :] - np.asarray(y)[None, :, :]) ** 2).sum(-1))


def northwest_corner(a, b):
    """A feasible plan built greedily (row by row, column by column) in the given order."""
    a, b = np.array(a, float), np.array(b, float)
    plan = np.zeros((a.size, b.size))
    i = j = 0
    while i < a.size and j < b.size:
        moved = min(a[i], b[j])
        plan[i, j] += moved
        a[i] -= moved
        b[j] -= moved
        if a[i] <= 1e-15 and i < a.size - 1:
            i += 1
        elif b[j] <= 1e-15 and j < b.size - 1:
            j += 1
        else:
            break
    return plan


def random_feasible_plan(a, b, rng):
    """A random vertex of the transport polytope (north-west corner in a random order) mixed with
    the independent plan."""
    rows, cols = rng.permutation(a.size), rng.permutation(b.size)
    vertex = np.zeros((a.size, b.size))
    vertex[np.ix_(rows, cols)] = northwest_corner(a[rows], b[cols])
    t = rng.uniform()
    return t * vertex + (1 - t) * np.outer(a, b)


def union_masses(p, q):
    """Put P and Q on the sorted union of their atoms: (points, a, b)."""
    (px, pw), (qx, qw) = p, q
    z = np.unique(np.concatenate((px, qx)))
    a = np.zeros(z.size)
    b = np.zeros(z.size)
    np.add.at(a, np.searchsorted(z, px), pw)
    np.add.at(b, np.searchsorted(z, qx), qw)
    return z, a, b


# --- §1 the LP -------------------------------------------------------------------------------


@pytest.mark.claim("emd-lp-matches-pot")
@SLOW_SETTINGS
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.integers(1, 6).flatmap(
            lambda m: st.tuples(
                st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n),
                st.lists(st.floats(0.01, 1.0), min_size=m, max_size=m),
                st.lists(st.floats(0.0, 10.0), min_size=n * m, max_size=n * m),
            )
        )
    )
)
def test_emd_matches_pot(data):
    a, b, c = (np.array(v) for v in data)
    a, b = a / a.sum(), b / b.sum()
    cost = c.reshape(a.size, b.size)
    value, plan = h.emd(a, b, cost)
    assert value == pytest.approx(ot.emd2(a, b, cost), abs=1e-8)
    np.testing.assert_allclose(plan.sum(axis=1), a, atol=1e-8)
    np.testing.assert_allclose(plan.sum(axis=0), b, atol=1e-8)
    assert plan.min() >= 0
    assert h.transport_cost(plan, cost, a, b) == pytest.approx(value, abs=1e-12)


@pytest.mark.claim("emd-independent-plan-feasible")
@SETTINGS
@given(discrete_1d(), discrete_1d())
def test_independent_plan_is_feasible_and_bounds_w1(p, q):
    (x, a), (y, b) = p, q
    independent = np.outer(a, b)
    price = h.transport_cost(independent, cost_1d(x, y), a, b)  # raises if not feasible
    assert h.wasserstein_1d(x, y, a, b) <= price + 1e-9


# --- §2 metric -------------------------------------------------------------------------------


@pytest.mark.claim("emd-metric")
@SETTINGS
@given(discrete_1d(), discrete_1d(), discrete_1d())
def test_w1_is_a_metric_on_the_line(p, q, r):
    w = h.wasserstein_1d
    pq, qp = w(*p[:1], *q[:1], p[1], q[1]), w(q[0], p[0], q[1], p[1])
    assert pq >= 0
    assert pq == pytest.approx(qp, abs=1e-12)
    pr, qr = w(p[0], r[0], p[1], r[1]), w(q[0], r[0], q[1], r[1])
    assert pr <= pq + qr + 1e-9
    assert w(p[0], p[0], p[1], p[1]) == 0.0
    _, a, b = union_masses(p, q)
    if np.max(np.abs(a - b)) > 1e-6:
        assert pq > 0


#: The transport LP is solved by HiGHS to its default optimality tolerance (reduced costs within
#: 1e-7): with costs that small (two points 1e-9 apart) any plan is "optimal", so an LP value is
#: exact only to about 1e-7 per unit of mass, not to 1e-12.
LP_TOLERANCE = 1e-7


@pytest.mark.claim("emd-metric")
@SLOW_SETTINGS
@given(cloud_2d(), cloud_2d(), cloud_2d())
@example(p=(np.array([[0.0, 0.0], [0.0, 1e-9]]), np.array([0.5, 0.5])),
         q=(np.array([[0.0, 0.0]]), np.array([1.0])), r=(np.array([[0.0, 0.0]]), np.array([1.0])))
def test_w1_is_a_metric_in_the_plane(p, q, r):
    def w(u, v):
        return h.emd(u[1], v[1], cost_2d(u[0], v[0]))[0]

    assert w(p, q) >= 0
    assert w(p, q) == pytest.approx(w(q, p), abs=LP_TOLERANCE)
    assert w(p, r) <= w(p, q) + w(q, r) + LP_TOLERANCE
    assert w(p, p) == pytest.approx(0.0, abs=LP_TOLERANCE)  # HiGHS gave 1e-9 on the example


# --- §3 one dimension ------------------------------------------------------------------------


@pytest.mark.claim("emd-cdf-formula")
@SETTINGS
@given(discrete_1d(), discrete_1d())
def test_w1_is_the_area_between_the_cdfs(p, q):
    (x, a), (y, b) = p, q
    t = np.unique(np.concatenate((x, y)))
    area = float(np.sum(np.abs(cdf_1d(x, t[:-1], a) - cdf_1d(y, t[:-1], b)) * np.diff(t)))
    w1 = h.wasserstein_1d(x, y, a, b)
    assert w1 == pytest.approx(area, abs=1e-9)
    assert w1 == pytest.approx(scipy.stats.wasserstein_distance(x, y, a, b), abs=1e-9)
    assert w1 == pytest.approx(h.emd(a, b, cost_1d(x, y))[0], abs=1e-8)


@pytest.mark.claim("emd-cdf-formula")
def test_cdf_formula_by_hand():
    # P uniform on {0, 1, 2, 3}, Q half at 0 and half at 3: gaps 1/4, 0, 1/4 on unit intervals.
    assert h.wasserstein_1d([0, 1, 2, 3], [0, 3], None, [0.5, 0.5]) == pytest.approx(0.5)
    np.testing.assert_allclose(cdf_1d([0, 1, 2, 3], [-1, 0, 0.5, 3, 9]), [0, 0.25, 0.25, 1, 1])


def quantile_integral(x, a, y, b):
    """∫_0^1 |F_P^{-1}(u) - F_Q^{-1}(u)| du, exactly, on the merged quantile breakpoints."""
    xo, yo = np.argsort(x), np.argsort(y)
    cu, cv = np.cumsum(a[xo]), np.cumsum(b[yo])
    cu[-1] = cv[-1] = 1.0
    u = np.union1d(np.concatenate(([0.0], cu)), cv)
    mid = 0.5 * (u[1:] + u[:-1])
    fx = x[xo][np.minimum(np.searchsorted(cu, mid), x.size - 1)]
    fy = y[yo][np.minimum(np.searchsorted(cv, mid), y.size - 1)]
    return float(np.sum(np.abs(fx - fy) * np.diff(u)))


@pytest.mark.claim("emd-quantile-coupling-optimal")
@SETTINGS
@given(discrete_1d(), discrete_1d())
def test_quantile_coupling_is_feasible_and_optimal(p, q):
    (x, a), (y, b) = p, q
    plan = h.transport_plan_1d(x, y, a, b)
    cost = h.transport_cost(plan, cost_1d(x, y), a, b)  # checks the marginals
    assert cost == pytest.approx(h.emd(a, b, cost_1d(x, y))[0], abs=1e-8)
    assert cost == pytest.approx(quantile_integral(x, a, y, b), abs=1e-9)
    # monotone: no two used paths cross
    rows, cols = np.nonzero(plan > 1e-15)
    order = np.lexsort((y[cols], x[rows]))
    assert np.all(np.diff(y[cols][order]) >= 0)


# --- §4 one direction ------------------------------------------------------------------------


@pytest.mark.claim("emd-one-direction-equal-cost")
@SETTINGS
@given(discrete_1d(0.0, 5.0), discrete_1d(-5.0, 0.0), st.integers(0, 2**32 - 1))
def test_every_plan_costs_the_mean_gap_when_piles_are_right_of_holes(p, q, seed):
    (x, a), (y, b) = p, q
    rng = np.random.default_rng(seed)
    gap = float(np.dot(a, x) - np.dot(b, y))
    cost = cost_1d(x, y)
    for _ in range(5):
        plan = random_feasible_plan(a, b, rng)
        assert h.transport_cost(plan, cost, a, b) == pytest.approx(gap, abs=1e-9)
    assert h.emd(a, b, cost)[0] == pytest.approx(gap, abs=1e-9)


@pytest.mark.claim("emd-one-direction-equal-cost")
@SETTINGS
@given(discrete_1d(), st.lists(st.floats(0.0, 3.0), min_size=6, max_size=6))
def test_a_plan_moving_mass_one_way_costs_the_mean_gap_even_when_supports_interleave(q, moves):
    y, b = q
    step = np.array(moves[: y.size])
    x = y + step  # each atom of Q moved right by its own amount: P's atoms interleave with Q's
    plan = np.diag(b)  # atom i of P goes back to atom i of Q: mass only moves left
    gap = float(np.dot(b, x) - np.dot(b, y))
    assert h.transport_cost(plan, cost_1d(x, y), b, b) == pytest.approx(gap, abs=1e-9)
    assert h.wasserstein_1d(x, y, b, b) == pytest.approx(gap, abs=1e-9)


@pytest.mark.claim("emd-mean-gap-lower-bound")
@SETTINGS
@given(discrete_1d(), discrete_1d())
def test_w1_is_at_least_the_gap_between_the_means(p, q):
    (x, a), (y, b) = p, q
    w1 = h.wasserstein_1d(x, y, a, b)
    gap = abs(np.dot(a, x) - np.dot(b, y))
    assert w1 >= gap - 1e-9
    z = np.unique(np.concatenate((x, y)))
    diff = (cdf_1d(x, z[:-1], a) - cdf_1d(y, z[:-1], b)) * np.diff(z)
    ahead, behind = diff[diff > 0].sum(), -diff[diff < 0].sum()
    # W1 = ahead + behind and |mean gap| = |ahead - behind|: they differ by twice the smaller
    # part, which is zero exactly when the CDFs do not cross.
    assert w1 - gap == pytest.approx(2 * min(ahead, behind), abs=1e-9)
    if min(ahead, behind) == 0:
        assert w1 == pytest.approx(gap, abs=1e-9)


# --- §5 shift and scale ----------------------------------------------------------------------


@pytest.mark.claim("emd-shift")
@SETTINGS
@given(discrete_1d(), st.floats(-20.0, 20.0))
def test_shifting_by_c_costs_abs_c(p, c):
    x, a = p
    assert h.wasserstein_1d(x, x + c, a, a) == pytest.approx(abs(c), abs=1e-9)
    assert scipy.stats.wasserstein_distance(x, x + c, a, a) == pytest.approx(abs(c), abs=1e-9)


@pytest.mark.claim("emd-scale")
@SETTINGS
@given(discrete_1d(), discrete_1d(), st.floats(-3.0, 3.0))
def test_scaling_positions_scales_w1(p, q, s):
    (x, a), (y, b) = p, q
    assert h.wasserstein_1d(s * x, s * y, a, b) == pytest.approx(
        abs(s) * h.wasserstein_1d(x, y, a, b), abs=1e-9
    )


# --- §6 duality ------------------------------------------------------------------------------


@pytest.mark.claim("emd-weak-duality")
@SETTINGS
@given(
    discrete_1d(),
    discrete_1d(),
    st.lists(st.floats(-10.0, 10.0), min_size=3, max_size=3),
    st.lists(st.floats(-1.0, 1.0), min_size=3, max_size=3),
)
def test_no_lipschitz_critic_beats_any_plan(p, q, centres, slopes):
    (x, a), (y, b) = p, q
    c = np.array(slopes) / max(1.0, np.sum(np.abs(slopes)))  # sum |c_k| <= 1: 1-Lipschitz

    def f(t):
        return np.abs(np.asarray(t)[:, None] - np.array(centres)[None, :]) @ c

    score = np.dot(a, f(x)) - np.dot(b, f(y))
    assert score <= h.wasserstein_1d(x, y, a, b) + 1e-9
    assert score <= h.transport_cost(np.outer(a, b), cost_1d(x, y), a, b) + 1e-9


@pytest.mark.claim("emd-kr-duality")
@SLOW_SETTINGS
@given(discrete_1d(), discrete_1d())
def test_dual_lp_equals_primal_on_the_line(p, q):
    z, a, b = union_masses(p, q)
    value, f = h.lipschitz_dual(z, a, b)
    assert value == pytest.approx(h.wasserstein_1d(p[0], q[0], p[1], q[1]), abs=1e-8)
    assert np.dot(a - b, f) == pytest.approx(value, abs=1e-8)
    assert np.all(np.abs(f[:, None] - f[None, :]) <= cost_1d(z, z) + 1e-7)


@pytest.mark.claim("emd-kr-duality")
@SLOW_SETTINGS
@given(cloud_2d(), cloud_2d())
def test_dual_lp_equals_primal_in_the_plane(p, q):
    (x, a), (y, b) = p, q
    points = np.vstack((x, y))
    pa = np.concatenate((a, np.zeros(len(y))))
    qb = np.concatenate((np.zeros(len(x)), b))
    value, f = h.lipschitz_dual(points, pa, qb)
    primal = h.emd(a, b, cost_2d(x, y))[0]
    assert value == pytest.approx(primal, abs=1e-7)
    # exact distances for POT too: ot.dist expands |x|^2 + |y|^2 - 2 x.y, whose rounding turns the
    # distance between two equal points into ~1e-7
    assert primal == pytest.approx(ot.emd2(a, b, cost_2d(x, y)), abs=1e-8)
    assert np.all(f[:, None] - f[None, :] <= cost_2d(points, points) + 1e-7)


@pytest.mark.claim("emd-1d-critic")
@SETTINGS
@given(discrete_1d(), discrete_1d())
def test_explicit_1d_critic_attains_w1(p, q):
    z, a, b = union_masses(p, q)
    slope = np.sign(cdf_1d(q[0], z[:-1], q[1]) - cdf_1d(p[0], z[:-1], p[1]))
    f = np.concatenate(([0.0], np.cumsum(slope * np.diff(z))))
    assert np.all(np.abs(np.diff(f)) <= np.diff(z) + 1e-12)
    assert np.dot(a - b, f) == pytest.approx(h.wasserstein_1d(p[0], q[0], p[1], q[1]), abs=1e-9)


# --- §7 the blog example -----------------------------------------------------------------------


@pytest.mark.claim("emd-blog-plan-b-infeasible")
def test_blog_plan_b_violates_its_column_marginals():
    np.testing.assert_allclose(PLAN_B_PRINTED.sum(axis=1), PILE_MASS)  # rows are right
    np.testing.assert_allclose(PLAN_B_PRINTED.sum(axis=0), [0.9, 0.1])  # columns are not
    assert float(np.sum(PLAN_B_PRINTED * BLOG_COST)) == pytest.approx(2.7)  # the post's price
    with pytest.raises(ValueError, match=r"column 0 sums to 0\.9.*column 1 sums to 0\.1"):
        h.transport_cost(PLAN_B_PRINTED, BLOG_COST, PILE_MASS, HOLE_MASS)


@pytest.mark.claim("emd-blog-example")
def test_blog_example_every_feasible_plan_costs_2_point_1():
    for plan in (PLAN_A, PLAN_B_CORRECTED):
        assert h.transport_cost(plan, BLOG_COST, PILE_MASS, HOLE_MASS) == pytest.approx(2.1)
    value, _ = h.emd(PILE_MASS, HOLE_MASS, BLOG_COST)
    assert value == pytest.approx(2.1)
    assert np.dot(PILE_MASS, PILES) - np.dot(HOLE_MASS, HOLES) == pytest.approx(2.8 - 0.7)
    assert h.wasserstein_1d(PILES, HOLES, PILE_MASS, HOLE_MASS) == pytest.approx(2.1)
    # all vertices of this 2x2 transport polytope, and mixtures of them, cost the same
    rng = np.random.default_rng(0)
    for _ in range(20):
        plan = random_feasible_plan(PILE_MASS, HOLE_MASS, rng)
        assert h.transport_cost(plan, BLOG_COST, PILE_MASS, HOLE_MASS) == pytest.approx(2.1)


@pytest.mark.claim("emd-scipy-takes-positions")
@pytest.mark.parametrize("mean_gap", [2.0, 5.0, 10.0])
def test_scipy_wasserstein_distance_takes_positions_not_densities(mean_gap):
    x = np.arange(-40.0, 40.0, 0.01)
    p = scipy.stats.norm.pdf(x, 0.0, 2.0)
    q = scipy.stats.norm.pdf(x, mean_gap, 2.0)
    wrong = scipy.stats.wasserstein_distance(p, q)  # the post's call: densities as positions
    assert wrong < 1e-10
    right = scipy.stats.wasserstein_distance(x, x, p, q)
    assert right == pytest.approx(mean_gap, rel=1e-6)
    assert h.wasserstein_1d(x, x, p, q) == pytest.approx(right, rel=1e-9)


@pytest.mark.claim("emd-scipy-takes-positions")
def test_the_misused_call_returns_1e_15_to_1e_13_depending_on_the_grid():
    """The post's setting: spread 2, mean gaps 2 to 19, its grid (step 0.001) and a coarser one."""
    residues = {}
    for step in (0.01, 0.001):
        x = np.arange(-40.0, 40.0, step)
        p = scipy.stats.norm.pdf(x, 0.0, 2.0)
        residues[step] = [
            scipy.stats.wasserstein_distance(p, scipy.stats.norm.pdf(x, gap, 2.0))
            for gap in range(2, 20)
        ]
    every = residues[0.01] + residues[0.001]
    assert all(1e-15 < r < 3e-13 for r in every)  # "about 1e-15 to 1e-13"
    assert 1e-15 < min(residues[0.01]) < 3e-15 and max(residues[0.01]) < 3e-14
    assert 1.5e-14 < min(residues[0.001]) < 3e-14 and 1e-13 < max(residues[0.001]) < 2.5e-13


def test_strategies_cover_interleaved_supports():
    """Guard for the tests above: the 1-D strategy does produce crossing CDFs."""

    @settings(max_examples=60, deadline=None)
    @given(discrete_1d(), discrete_1d())
    def probe(p, q):
        assume(p[0].size > 1 and q[0].size > 1)
        seen.append(
            h.wasserstein_1d(p[0], q[0], p[1], q[1])
            > abs(np.dot(p[0], p[1]) - np.dot(q[0], q[1])) + 1e-6
        )

    seen: list[bool] = []
    probe()
    assert any(seen)
