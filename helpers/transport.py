"""Optimal transport: the earth mover's (Wasserstein-1) distance.

* :func:`wasserstein_1d` and :func:`transport_plan_1d` for distributions on the real line, where the
  optimal plan is the monotone (quantile) coupling and W1 is the area between the two CDFs;
* :func:`emd` for any cost matrix, as a linear program solved by HiGHS;
* :func:`transport_cost` to price a proposed plan after checking its marginals;
* :func:`lipschitz_dual` for the Kantorovich-Rubinstein dual: the best 1-Lipschitz critic.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from .validation import as_float_array, check_finite, check_nonnegative

#: Relative tolerance for "equal total mass" and for the marginals of a plan.
MASS_TOLERANCE = 1e-9


def _weights(values: np.ndarray, weights, name: str) -> np.ndarray:
    if weights is None:
        return np.full(values.size, 1.0 / values.size)
    w = as_float_array(weights, name)
    if w.size != values.size:
        raise ValueError(
            f"{name} has {w.size} entries but there are {values.size} values; "
            "give one weight per value"
        )
    check_nonnegative(w, name)
    total = w.sum()
    if total <= 0:
        raise ValueError(f"{name} are all zero: a distribution needs positive total mass")
    return w / total


def _one_d(u_values, v_values, u_weights, v_weights):
    u = as_float_array(u_values, "u_values")
    v = as_float_array(v_values, "v_values")
    return u, v, _weights(u, u_weights, "u_weights"), _weights(v, v_weights, "v_weights")


def wasserstein_1d(u_values, v_values, u_weights=None, v_weights=None) -> float:
    r"""Wasserstein-1 (earth mover's) distance between two distributions on the real line.

    Same meaning as :func:`scipy.stats.wasserstein_distance`: ``u_values`` and ``v_values`` are
    locations, the optional weights are masses (normalised here; they need not sum to 1).
    Computed as the area between the two CDFs, :math:`W_1 = \int |F_u(x) - F_v(x)|\,dx`.

    Examples
    --------
    >>> wasserstein_1d([0.0, 1.0], [2.0, 3.0])
    2.0
    >>> wasserstein_1d([0.0, 1.0], [0.0, 1.0], [1, 3], [3, 1])
    0.5
    """
    u, v, uw, vw = _one_d(u_values, v_values, u_weights, v_weights)
    # F_u and F_v evaluated separately on each interval [xs[k], xs[k+1]): identical inputs give
    # bit-identical CDFs, so W1(u, u) is exactly 0 even with repeated locations (a running sum of
    # +w_u and -w_v across a tie can leave a rounding residue).
    uo, vo = np.argsort(u), np.argsort(v)
    cum_u = np.concatenate(([0.0], np.cumsum(uw[uo])))
    cum_v = np.concatenate(([0.0], np.cumsum(vw[vo])))
    # Merge the two sorted lists (a stable sort finds the two runs: linear time, no third
    # full sort). On every interval of positive width, all points <= xs[k] come at or before
    # position k, so counting the u's and v's seen so far gives each CDF's index there
    # (intervals between tied points have width 0 and add nothing).
    merged = np.concatenate((u[uo], v[vo]))
    order = np.argsort(merged, kind="stable")
    xs = merged[order]
    seen_u = np.cumsum(order[:-1] < u.size)
    seen_v = np.arange(1, xs.size) - seen_u
    gaps = np.abs(cum_u[seen_u] - cum_v[seen_v])
    with np.errstate(over="ignore"):  # locations near ±1.8e308: the distance is honestly inf
        gaps *= np.diff(xs)
        return float(np.add.reduce(gaps)) + 0.0  # not np.dot: BLAS threads stall on a busy machine


def transport_plan_1d(u_values, v_values, u_weights=None, v_weights=None) -> np.ndarray:
    """The optimal 1-D transport plan: the monotone (quantile) coupling.

    Mass leaves the points of ``u`` in increasing order of location and fills the points of
    ``v`` in increasing order: the k-th quantile of ``u`` goes to the k-th quantile of ``v``.
    For the cost ``|x - y|`` (indeed for any convex function of ``x - y``) no plan is cheaper.

    Returns
    -------
    numpy.ndarray, shape (len(u_values), len(v_values))
        ``plan[i, j]`` is the mass moved from ``u_values[i]`` to ``v_values[j]``. Rows sum to the
        normalised ``u_weights``, columns to the normalised ``v_weights``, and
        ``sum(plan * |u_i - v_j|)`` equals :func:`wasserstein_1d`.

    Examples
    --------
    >>> transport_plan_1d([0.0, 1.0], [5.0, 3.0])
    array([[0. , 0.5],
           [0.5, 0. ]])
    """
    u, v, uw, vw = _one_d(u_values, v_values, u_weights, v_weights)
    uo = np.argsort(u, kind="stable")
    vo = np.argsort(v, kind="stable")
    cu = np.cumsum(uw[uo])
    cv = np.cumsum(vw[vo])
    cu[-1] = cv[-1] = 1.0  # both are distributions: close the last quantile exactly
    # Merge the two sorted lists of quantile levels (a stable sort finds the two runs);
    # repeated levels give zero-length segments, dropped below.
    breaks = np.sort(np.concatenate((cu, cv)), kind="stable")
    lengths = np.diff(breaks, prepend=0.0)
    keep = lengths > 0
    lengths = lengths[keep]
    ends = breaks[keep]
    mids = ends - 0.5 * lengths
    rows = np.minimum(np.searchsorted(cu, mids), u.size - 1)
    cols = np.minimum(np.searchsorted(cv, mids), v.size - 1)
    # Scatter-add each segment's mass into its cell (bincount builds the zeroed matrix too).
    cells = uo[rows] * v.size + vo[cols]
    return np.bincount(cells, weights=lengths, minlength=u.size * v.size).reshape(u.size, v.size)


def _histogram(x, name: str) -> np.ndarray:
    arr = as_float_array(x, name)
    check_nonnegative(arr, name)
    return arr


def _real_array(x, name: str) -> np.ndarray:
    """``x`` as a float array; TypeError for strings (even "1.5"), None, objects or complex."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a matrix of numbers, got a string")
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged lists
        raise ValueError(f"{name} could not be read as an array of numbers: {exc}") from exc
    if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
            or np.issubdtype(arr.dtype, np.bool_)):
        raise TypeError(f"{name} must be real numbers, got an array of dtype {arr.dtype}")
    return arr.astype(float)


def _cost_matrix(cost, n: int, m: int) -> np.ndarray:
    c = _real_array(cost, "cost")
    if c.shape != (n, m):
        raise ValueError(
            f"cost has shape {c.shape}, but a has {n} entries and b has {m}: "
            f"it must have shape ({n}, {m})"
        )
    check_finite(c, "cost")
    return c


def _check_equal_mass(a: np.ndarray, b: np.ndarray) -> None:
    sa, sb = math.fsum(a), math.fsum(b)
    if sa <= 0:
        raise ValueError("a has zero total mass: there is nothing to move")
    if abs(sa - sb) > MASS_TOLERANCE * max(sa, sb):
        raise ValueError(
            f"a and b must carry the same total mass: a sums to {sa!r}, b to {sb!r}"
        )


def emd(a, b, cost):
    r"""Exact earth mover's distance between histograms ``a`` and ``b`` for a cost matrix.

    Solves the linear program

    .. math:: \min_{P \ge 0} \sum_{ij} P_{ij} C_{ij} \quad\text{s.t.}\quad
              \sum_j P_{ij} = a_i,\ \sum_i P_{ij} = b_j

    with :func:`scipy.optimize.linprog` (HiGHS) and a sparse constraint matrix.

    Parameters
    ----------
    a, b : array_like, 1-D
        Non-negative masses with equal totals (they need not sum to 1).
    cost : array_like, shape (len(a), len(b))
        ``cost[i, j]`` is the price of moving one unit of mass from ``i`` to ``j``.

    Returns
    -------
    value : float
        The minimal total cost.
    plan : numpy.ndarray, shape (len(a), len(b))
        An optimal plan.

    Examples
    --------
    >>> value, plan = emd([0.5, 0.5], [0.5, 0.5], [[0.0, 1.0], [1.0, 0.0]])
    >>> value
    0.0
    >>> plan
    array([[0.5, 0. ],
           [0. , 0.5]])
    """
    a = _histogram(a, "a")
    b = _histogram(b, "b")
    n, m = a.size, b.size
    c = _cost_matrix(cost, n, m)
    _check_equal_mass(a, b)
    # Row-major variables P[i, j] -> i * m + j.
    rows_eq = sparse.kron(sparse.eye(n), np.ones((1, m)))
    cols_eq = sparse.kron(np.ones((1, n)), sparse.eye(m))
    a_eq = sparse.vstack([rows_eq, cols_eq]).tocsr()
    # One constraint is redundant (both totals are equal); scale b to a's total exactly.
    b_eq = np.concatenate((a, b * (a.sum() / b.sum())))
    result = linprog(c.ravel(), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if not result.success:  # pragma: no cover - a feasible, bounded LP always solves
        raise RuntimeError(f"the transport LP failed: {result.message}")
    plan = np.clip(result.x.reshape(n, m), 0.0, None)
    return float(np.sum(plan * c)) + 0.0, plan


def transport_cost(plan, cost, a, b) -> float:
    r"""Total cost :math:`\sum_{ij} P_{ij} C_{ij}` of a proposed plan, after checking it.

    The plan must be non-negative, of shape ``(len(a), len(b))`` like ``cost``, with row sums
    ``a`` and column sums ``b`` (within a relative ``1e-9``). Otherwise ``ValueError`` names the
    rows or columns whose sums are wrong, with those sums.

    Examples
    --------
    >>> transport_cost([[0.5, 0.0], [0.0, 0.5]], [[0, 1], [1, 0]], [0.5, 0.5], [0.5, 0.5])
    0.0
    >>> transport_cost([[0.5, 0.5], [0.0, 0.0]], [[0, 1], [1, 0]], [0.5, 0.5], [0.5, 0.5])
    Traceback (most recent call last):
    ...
    ValueError: the plan's row sums are not a: row 0 sums to 1 (a[0] = 0.5), row 1 ...
    """
    a = _histogram(a, "a")
    b = _histogram(b, "b")
    n, m = a.size, b.size
    p = _real_array(plan, "plan")
    if p.shape != (n, m):
        raise ValueError(
            f"plan has shape {p.shape}; with {n} sources and {m} destinations it must be ({n}, {m})"
        )
    c = _cost_matrix(cost, n, m)
    check_finite(p, "plan")
    check_nonnegative(p, "plan")
    scale = max(math.fsum(a), math.fsum(b), 1e-300)
    tol = MASS_TOLERANCE * scale
    problems = []
    checks = (("row", p.sum(axis=1), a, "a"), ("column", p.sum(axis=0), b, "b"))
    for label, sums, target, key in checks:
        bad = np.flatnonzero(np.abs(sums - target) > tol)
        if bad.size:
            listed = ", ".join(
                f"{label} {i} sums to {sums[i]:.6g} ({key}[{i}] = {target[i]:.6g})" for i in bad[:6]
            )
            more = f" and {bad.size - 6} more" if bad.size > 6 else ""
            problems.append(f"the plan's {label} sums are not {key}: {listed}{more}")
    if problems:
        raise ValueError("; ".join(problems))
    return float(np.sum(p * c)) + 0.0


def lipschitz_dual(points, a, b):
    r"""Kantorovich-Rubinstein dual of W1: the best 1-Lipschitz critic on a finite set of points.

    Solves :math:`\max_f \sum_i (a_i - b_i) f(x_i)` subject to
    :math:`f(x_i) - f(x_j) \le \|x_i - x_j\|` for every pair, with :math:`f(x_0) = 0` (adding a
    constant to ``f`` changes nothing). Its value equals the primal :func:`emd` with the
    Euclidean cost: :math:`W_1 = \max_{\|f\|_L \le 1} E_a f - E_b f`.

    Parameters
    ----------
    points : array_like, shape (n,) or (n, d)
        The locations that carry mass (the union of both supports).
    a, b : array_like, shape (n,)
        Masses of the two distributions on ``points``, with equal totals.

    Returns
    -------
    value : float
    f : numpy.ndarray, shape (n,)
        The optimal critic's values at ``points``.

    Examples
    --------
    >>> value, f = lipschitz_dual([0.0, 1.0, 3.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0])
    >>> value
    3.0
    >>> f
    array([ 0., -1., -3.])
    """
    x = _real_array(points, "points")
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError(f"points must have shape (n,) or (n, d) with n >= 1, got {x.shape}")
    check_finite(x, "points")
    n = x.shape[0]
    a = _histogram(a, "a")
    b = _histogram(b, "b")
    for name, arr in (("a", a), ("b", b)):
        if arr.size != n:
            raise ValueError(f"{name} has {arr.size} entries but there are {n} points")
    _check_equal_mass(a, b)
    dist = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1))
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    k = i.size
    data = np.concatenate((np.ones(k), -np.ones(k)))
    rows = np.concatenate((np.arange(k), np.arange(k)))
    a_ub = sparse.csr_matrix((data, (rows, np.concatenate((i, j)))), shape=(k, n))
    bounds = [(0.0, 0.0)] + [(None, None)] * (n - 1)
    result = linprog(-(a - b), A_ub=a_ub, b_ub=dist[i, j], bounds=bounds, method="highs")
    if not result.success:  # pragma: no cover
        raise RuntimeError(f"the dual LP failed: {result.message}")
    f = result.x + 0.0
    return float(-result.fun) + 0.0, f


def cdf_1d(values, x, weights=None) -> np.ndarray:
    r"""Cumulative distribution function :math:`F(x) = P(X \le x)` of a discrete distribution.

    ``values`` are locations and ``weights`` their masses (normalised here, as in
    :func:`wasserstein_1d`); ``x`` is where to evaluate. ``F`` is right-continuous: at an atom it
    already includes that atom's mass.

    Examples
    --------
    >>> cdf_1d([0.0, 1.0], [-1.0, 0.0, 0.5, 1.0], [1, 3])
    array([0.  , 0.25, 0.25, 1.  ])
    """
    v = as_float_array(values, "values")
    w = _weights(v, weights, "weights")
    points = np.asarray(x, dtype=float)
    check_finite(points.reshape(-1), "x")
    order = np.argsort(v, kind="stable")
    cumulative = np.concatenate(([0.0], np.cumsum(w[order])))
    cumulative[-1] = 1.0
    return cumulative[np.searchsorted(v[order], points, side="right")]
