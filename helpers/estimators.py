r"""Divergences estimated from samples: what a discriminator or a critic actually has to work with.

Every earlier notebook computes KL, JS and :math:`W_1` from known distributions. A GAN only has
samples. This module holds the estimators of notebook 09:

* :func:`plugin_kl`, :func:`plugin_js` — put both samples in the same histogram bins and apply
  the discrete KL and JS of :mod:`helpers.divergences` to the two bin frequencies. Same
  conventions: :math:`0 \log 0 = 0`, and **KL is ∞ exactly when some bin holds data points
  (from ``x``) and no model points (from ``y``)**. An optional ``epsilon`` smooths both
  histograms, which makes KL finite and decided by ``epsilon``.
* :func:`kl_knn` — the k-nearest-neighbour estimator of Wang, Kulkarni & Verdú (2009), built on
  the Kozachenko–Leonenko entropy estimator; uses scipy's ``cKDTree``, never an all-pairs matrix.
* :func:`sliced_wasserstein` — sliced :math:`W_1`: project both clouds on random directions,
  compute the exact 1-D :math:`W_1` of each projection by sorting, average.
* :func:`wasserstein_empirical` — the exact :math:`W_1` between two equal-size point clouds
  (an assignment problem), for the rates of notebook 09.
* :func:`js_lower_bound`, :func:`kl_lower_bound`, :func:`critic_w1` — the variational (dual)
  lower bounds that a trained discriminator or critic evaluates.

Samples: a 1-D array is ``n`` points on the line; a 2-D array has one point per row. Units: KL
and JS in nats, :math:`W_1` in the units of the points.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree
from scipy.special import gammaln

from .divergences import LOG2, js_divergence, kl_divergence
from .transport import wasserstein_1d
from .validation import check_finite, real_array

__all__ = [
    "EXAMPLES",
    "SHOWDOWN_ESTIMATORS",
    "base_samples",
    "critic_w1",
    "discriminator_estimates",
    "exact_measures",
    "js_bound_from_logits",
    "knn_sweep",
    "showdown_sweep",
    "js_lower_bound",
    "kl_knn",
    "kl_lower_bound",
    "mean_abs_cos",
    "plugin_histograms",
    "plugin_js",
    "plugin_kl",
    "projected_w1",
    "random_directions",
    "sliced_w1_at_angles",
    "sliced_wasserstein",
    "w1_rate",
    "wasserstein_empirical",
]


# --------------------------------------------------------------------------------------------
# input checks


def as_points(values, name: str, *, min_points: int = 1) -> np.ndarray:
    """``values`` as an ``(n, d)`` float array of points; a 1-D array is a column (d = 1).

    Raises TypeError for non-numbers, ValueError (naming ``name`` and the entry) for more than
    two dimensions, fewer than ``min_points`` points, no coordinates, NaN or ±inf.

    >>> as_points([1.0, 2.0, 3.0], "x").shape
    (3, 1)
    >>> as_points([[0, 1], [2, 3]], "y").shape
    (2, 2)
    """
    arr = real_array(values, name)
    if arr.ndim in (1, 2):
        check_finite(arr, name)  # before reshaping, so a 1-D entry is named x[i], not x[i, 0]
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 1-D array (points on a line) or a 2-D array (one "
                         f"point per row), got shape {arr.shape}")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has points with no coordinates (shape {arr.shape})")
    if arr.shape[0] < min_points:
        raise ValueError(f"{name} has {arr.shape[0]} point(s); at least {min_points} needed")
    return arr


def _pair(x, y, min_x: int = 1, min_y: int = 1) -> tuple[np.ndarray, np.ndarray]:
    a = as_points(x, "x", min_points=min_x)
    b = as_points(y, "y", min_points=min_y)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"x and y must have the same dimension: x has points in "
                         f"{a.shape[1]}-D, y in {b.shape[1]}-D")
    return a, b


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


# --------------------------------------------------------------------------------------------
# plug-in (histogram) estimates


def plugin_histograms(x, y, bins, epsilon: float = 0.0):
    r"""The bin frequencies of two samples in shared bins: ``(p, q, edges)``.

    Parameters
    ----------
    x, y : array_like
        Samples from P (the data) and Q (the model): 1-D arrays, or ``(n, d)`` arrays of points.
    bins : int or array_like
        An integer: that many equal-width bins per coordinate, spanning the range of both
        samples together. For 1-D samples also an increasing sequence of bin edges; every point
        must then lie inside ``[edges[0], edges[-1]]`` (a point outside is an error, never
        silently dropped).
    epsilon : float
        Smoothing (default 0): every bin's frequency becomes
        :math:`(f_i + \varepsilon) / (1 + B\varepsilon)` for both samples, ``B`` the number of
        bins, so that no bin is empty.

    Returns
    -------
    p, q : numpy.ndarray
        Frequencies (each sums to 1), flattened over all bins.
    edges : list of numpy.ndarray
        The bin edges of each coordinate.

    >>> p, q, edges = plugin_histograms([0.1, 0.2, 0.9], [0.8, 0.9, 0.95], 2)
    >>> p.round(3).tolist(), q.round(3).tolist()
    ([0.667, 0.333], [0.0, 1.0])
    """
    a, b = _pair(x, y)
    epsilon = float(epsilon)
    if not (math.isfinite(epsilon) and epsilon >= 0):
        raise ValueError(f"epsilon must be a finite number >= 0, got {epsilon!r}")
    d = a.shape[1]
    if isinstance(bins, numbers.Integral) and not isinstance(bins, bool):
        count = _positive_int(bins, "bins")
        both = np.concatenate([a, b])
        low, high = both.min(axis=0), both.max(axis=0)
        same = high == low
        low, high = np.where(same, low - 0.5, low), np.where(same, high + 0.5, high)
        edges = [np.linspace(low[j], high[j], count + 1) for j in range(d)]
    else:
        if d != 1:
            raise ValueError(f"bins as edges works for 1-D samples only; these are {d}-D: give "
                             "an integer number of bins per coordinate")
        if isinstance(bins, bool):
            raise ValueError(f"bins must be a positive integer or bin edges, got {bins!r}")
        edge = real_array(bins, "bins")
        if edge.ndim != 1 or edge.size < 2:
            raise ValueError(f"bins as edges needs a 1-D sequence of at least 2 edges, got "
                             f"shape {edge.shape}")
        check_finite(edge, "bins")
        steps = np.diff(edge)
        if np.any(steps <= 0):
            i = int(np.argmax(steps <= 0))
            raise ValueError(f"bin edges must increase: bins[{i + 1}] = {edge[i + 1]} is not "
                             f"above bins[{i}] = {edge[i]}")
        for name, sample in (("x", a), ("y", b)):
            outside = (sample[:, 0] < edge[0]) | (sample[:, 0] > edge[-1])
            if outside.any():
                i = int(np.argmax(outside))
                raise ValueError(f"{name}[{i}] = {sample[i, 0]} lies outside the bin edges "
                                 f"[{edge[0]}, {edge[-1]}]; widen the edges")
        edges = [edge]
    p = np.histogramdd(a, bins=edges)[0].ravel() / a.shape[0]
    q = np.histogramdd(b, bins=edges)[0].ravel() / b.shape[0]
    if epsilon > 0:
        p = (p + epsilon) / (1 + p.size * epsilon)
        q = (q + epsilon) / (1 + q.size * epsilon)
    # frequencies of counts sum to 1 up to rounding: renormalise exactly for the checks
    return p / p.sum(), q / q.sum(), edges


def plugin_kl(x, y, bins, epsilon: float = 0.0) -> float:
    r"""Plug-in estimate of :math:`KL(P \Vert Q)` from samples ``x ~ P`` and ``y ~ Q``, in nats.

    Both samples go into the same bins (see :func:`plugin_histograms`); the result is the
    discrete KL of the two frequency vectors, :math:`\sum_i \hat p_i \log(\hat p_i/\hat q_i)`,
    with :math:`0 \log 0 = 0`. It is ``inf`` exactly when some bin holds points of ``x`` and
    none of ``y`` (and ``epsilon = 0``): the definition's :math:`\hat p_i > 0 = \hat q_i`.
    With ``epsilon > 0`` it is always finite, and then its size in such cases is set by
    ``epsilon``, not by the data.

    Examples
    --------
    >>> plugin_kl([0.0, 0.1, 0.2, 0.3], [0.0, 0.1, 0.2, 0.3], 2)
    0.0
    >>> plugin_kl([0.0, 0.1], [5.0, 5.1], 4)  # disjoint samples: a bin with data, no model
    inf
    """
    p, q, _ = plugin_histograms(x, y, bins, epsilon)
    return kl_divergence(p, q)


def plugin_js(x, y, bins, epsilon: float = 0.0) -> float:
    r"""Plug-in estimate of :math:`JS(P, Q)` from samples, in nats; always in :math:`[0, \log 2]`.

    ``log 2`` exactly when no bin holds points of both samples.

    >>> round(plugin_js([0.0, 0.1], [5.0, 5.1], 4) / LOG2, 12)
    1.0
    """
    p, q, _ = plugin_histograms(x, y, bins, epsilon)
    return js_divergence(p, q)


# --------------------------------------------------------------------------------------------
# nearest neighbours


def kl_knn(x, y, k: int = 1) -> float:
    r"""The k-nearest-neighbour estimate of :math:`KL(P \Vert Q)` (Wang, Kulkarni & Verdú 2009).

    With ``n`` points :math:`x_i \sim P` and ``m`` points :math:`y_j \sim Q` in
    :math:`\mathbb R^d`, :math:`\rho_k(i)` the distance from :math:`x_i` to its k-th nearest
    neighbour among the *other* points of ``x`` and :math:`\nu_k(i)` the distance to its k-th
    nearest neighbour in ``y`` (Euclidean),

    .. math:: \hat D_k = \frac{d}{n} \sum_{i=1}^n \log\frac{\nu_k(i)}{\rho_k(i)}
              + \log\frac{m}{n - 1}  \quad\text{(nats)}.

    Consistent (it converges to the true KL as ``n, m`` grow, ``k`` fixed) for densities that
    satisfy mild regularity conditions (Wang, Kulkarni & Verdú 2009, Theorems 1 and 2); it
    can be negative on finite samples. For distributions without densities (e.g. samples on a
    line in the plane) there is nothing to converge to: the estimate keeps growing with ``n``.

    Parameters
    ----------
    x, y : array_like
        Samples from P and from Q: 1-D arrays (points on a line) or ``(n, d)`` arrays.
    k : int
        Which neighbour (default 1); needs ``k <= n - 1`` and ``k <= m``.

    Duplicate points
        The estimator assumes densities, under which two points coincide with probability 0.
        A distance :math:`\rho_k(i) = 0` (``x[i]`` has ``k`` copies in ``x``) or
        :math:`\nu_k(i) = 0` (``x[i]`` has ``k`` copies in ``y``) would make a term infinite,
        so it is an error naming the point: add a tiny independent jitter to such data
        yourself, knowing the estimate then depends on it, or use :func:`plugin_kl`.

    The neighbour searches use a k-d tree (:class:`scipy.spatial.cKDTree`): about
    :math:`O((n + m) \log m)` work, never an ``n × m`` distance matrix.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, y = rng.normal(0, 1, 4000), rng.normal(1, 1, 4000)
    >>> abs(kl_knn(x, y) - 0.5) < 0.1  # KL(N(0,1) || N(1,1)) = 1/2
    True
    """
    k = _positive_int(k, "k")
    a, b = _pair(x, y)
    n, m, d = a.shape[0], b.shape[0], a.shape[1]
    if k > n - 1:
        raise ValueError(f"k = {k} needs at least k + 1 = {k + 1} points in x (each point's "
                         f"k-th neighbour among the others); x has {n}")
    if k > m:
        raise ValueError(f"k = {k} needs at least {k} points in y; y has {m}")
    rho, _ = cKDTree(a).query(a, k=[k + 1])  # the point itself is at distance 0: skip it
    nu, near = cKDTree(b).query(a, k=[k])
    rho, nu, near = rho[:, 0], nu[:, 0], near[:, 0]
    if np.any(rho == 0):
        i = int(np.argmax(rho == 0))
        raise ValueError(f"duplicate points: x[{i}] = {a[i].tolist()} coincides with its "
                         f"{_ordinal(k)} nearest neighbour in x, so log(nu/rho) is infinite; "
                         "the k-NN estimator assumes continuous data (no ties)")
    if np.any(nu == 0):
        i = int(np.argmax(nu == 0))
        raise ValueError(f"duplicate points: x[{i}] = {a[i].tolist()} coincides with "
                         f"y[{int(near[i])}] (its {_ordinal(k)} nearest neighbour in y), so "
                         "log(nu/rho) is -inf; the k-NN estimator assumes continuous data "
                         "(no ties)")
    value = d * float(np.mean(np.log(nu) - np.log(rho))) + math.log(m / (n - 1))
    return value + 0.0


def _ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


# --------------------------------------------------------------------------------------------
# Wasserstein-1 from samples


def sliced_wasserstein(x, y, n_projections: int = 100, seed: int = 0) -> float:
    r"""Sliced :math:`W_1` of two point clouds (sizes may differ), Monte Carlo over directions.

    .. math:: SW_1(P, Q) = \int_{S^{d-1}} W_1(\theta_\# P, \theta_\# Q)\,d\sigma(\theta)
              \approx \frac1L \sum_{l=1}^{L} W_1(\theta_l \cdot x, \theta_l \cdot y)

    with ``L = n_projections`` directions :math:`\theta_l` drawn uniformly on the unit sphere
    (normalised Gaussian vectors from ``numpy.random.default_rng(seed)``): the same ``seed``
    gives the same directions and the same value. Each 1-D :math:`W_1` is exact (sorting, the
    quantile coupling of notebook 05). The projections are plain sums of products, not a
    BLAS matrix product, so the value does not depend on the machine's BLAS.

    :math:`SW_1 \le W_1`; for 1-D samples it equals the exact :math:`W_1`. For a shift
    :math:`\mu` of any distribution in the plane, :math:`SW_1 = |\mu|\,E|\cos\varphi| = 2|\mu|/\pi`.

    >>> x = np.random.default_rng(1).normal(size=(500, 2))
    >>> value = sliced_wasserstein(x, x + [3.0, 0.0], n_projections=2000)
    >>> abs(value - 6 / math.pi) < 0.1  # 2|μ|/π, up to the Monte Carlo error over directions
    True
    """
    n_projections = _positive_int(n_projections, "n_projections")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    a, b = _pair(x, y)
    d = a.shape[1]
    if d == 1:
        return wasserstein_1d(a[:, 0], b[:, 0])
    directions = random_directions(n_projections, d, seed)
    per_direction = projected_w1(a, b, directions)
    return float(np.add.reduce(per_direction) / n_projections) + 0.0


def random_directions(count: int, d: int, seed: int = 0) -> np.ndarray:
    """``count`` directions uniform on the unit sphere of R^d, shape ``(count, d)``.

    Normalised Gaussian vectors from ``numpy.random.default_rng(seed)``: the directions of
    :func:`sliced_wasserstein` with the same seed.

    >>> np.allclose(np.linalg.norm(random_directions(5, 3), axis=1), 1.0)
    True
    """
    count, d = _positive_int(count, "count"), _positive_int(d, "d")
    directions = np.random.default_rng(seed).standard_normal((count, d))
    return directions / np.sqrt(np.sum(directions**2, axis=1, keepdims=True))


def projected_w1(x, y, directions) -> np.ndarray:
    r"""The exact 1-D :math:`W_1` of the projections of ``x`` and ``y`` on each direction.

    ``directions`` is a ``(L, d)`` array of unit vectors; returns ``L`` values. Their mean is
    sliced :math:`W_1`.

    >>> projected_w1([[0.0, 0.0]], [[3.0, 4.0]], [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]).tolist()
    [3.0, 4.0, 5.0]
    """
    a, b = _pair(x, y)
    dirs = real_array(directions, "directions")
    if dirs.ndim != 2 or dirs.shape[1] != a.shape[1] or dirs.shape[0] == 0:
        raise ValueError(f"directions must be an (L, d) array with d = {a.shape[1]}, got shape "
                         f"{dirs.shape}")
    check_finite(dirs, "directions")
    pa, pb = _project(a, dirs), _project(b, dirs)  # (n, L), (m, L)
    if a.shape[0] == b.shape[0]:
        gaps = np.abs(np.sort(pa, axis=0) - np.sort(pb, axis=0))
        return np.add.reduce(gaps, axis=0) / a.shape[0]
    return np.array([wasserstein_1d(pa[:, j], pb[:, j]) for j in range(dirs.shape[0])])


def _project(points: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """``points @ directions.T`` as explicit sums over coordinates (no BLAS)."""
    out = points[:, :1] * directions[None, :, 0]
    for j in range(1, points.shape[1]):
        out += points[:, j : j + 1] * directions[None, :, j]
    return out


def mean_abs_cos(d: int) -> float:
    r""":math:`E|\theta_1|` for :math:`\theta` uniform on the unit sphere of :math:`\mathbb R^d`.

    :math:`\Gamma(d/2) / (\sqrt\pi\,\Gamma((d+1)/2))`: the factor by which sliced :math:`W_1`
    shrinks a shift, :math:`SW_1 = |\mu|\,E|\theta_1|`; :math:`2/\pi` in the plane.

    >>> round(mean_abs_cos(2) * math.pi / 2, 12), mean_abs_cos(1)
    (1.0, 1.0)
    """
    d = _positive_int(d, "d")
    return math.exp(gammaln(d / 2) - gammaln((d + 1) / 2)) / math.sqrt(math.pi)


def wasserstein_empirical(x, y) -> float:
    r"""Exact :math:`W_1` between two point clouds of the same size ``n`` (Euclidean cost).

    Between two uniform distributions on ``n`` points each, an optimal plan is a matching
    (Birkhoff–von Neumann), so this solves the assignment problem with
    :func:`scipy.optimize.linear_sum_assignment`: about :math:`O(n^3)` work, fine for a few
    hundred points. In 1-D it agrees with :func:`helpers.wasserstein_1d`.

    >>> wasserstein_empirical([[0, 0], [1, 0]], [[0, 1], [1, 1]])
    1.0
    """
    a, b = _pair(x, y)
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"x and y need the same number of points for a matching, got "
                         f"{a.shape[0]} and {b.shape[0]}")
    diff = a[:, None, :] - b[None, :, :]
    cost = np.sqrt(np.add.reduce(diff * diff, axis=2))
    rows, cols = linear_sum_assignment(cost)
    return float(np.add.reduce(cost[rows, cols]) / a.shape[0]) + 0.0


def w1_rate(d: int, sizes=(16, 32, 64, 128, 256), repeats: int = 5, seed: int = 0):
    r"""Mean exact :math:`W_1` between two independent samples of size n of :math:`U[0,1]^d`.

    Both samples come from the same distribution, so the true :math:`W_1` is 0 and the mean is
    the estimator's error. It shrinks like :math:`n^{-1/2}` in 1-D, :math:`\sqrt{\log n / n}`
    in 2-D and :math:`n^{-1/d}` for :math:`d \ge 3` (Dudley 1969; Fournier & Guillin 2015,
    Thm 1). Returns ``(sizes, means)`` as arrays.

    >>> sizes, means = w1_rate(1, sizes=(16, 64), repeats=3)
    >>> sizes.tolist(), bool(means[1] < means[0])
    ([16, 64], True)
    """
    d = _positive_int(d, "d")
    repeats = _positive_int(repeats, "repeats")
    sizes = np.array([_positive_int(n, "sizes[]") for n in sizes])
    rng = np.random.default_rng(seed)
    means = np.array([
        np.mean([wasserstein_empirical(rng.random((n, d)), rng.random((n, d)))
                 for _ in range(repeats)])
        for n in sizes
    ])
    return sizes, means


# --------------------------------------------------------------------------------------------
# variational lower bounds: what a discriminator or critic evaluates


def _values(values, name: str) -> np.ndarray:
    arr = real_array(values, name).ravel()
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    check_finite(arr, name)
    return arr


def js_lower_bound(d_real, d_fake) -> float:
    r"""The GAN's bound on JS from a discriminator's outputs, in nats.

    For *any* function :math:`D` with values in :math:`(0, 1)`,

    .. math:: JS(P, Q) \ge \tfrac12 E_P \log D(x) + \tfrac12 E_Q \log(1 - D(y)) + \log 2,

    with equality at :math:`D^* = p/(p + q)` (Goodfellow et al. 2014, Prop. 1 and Thm 1).
    ``d_real`` are :math:`D(x_i)` on samples of P, ``d_fake`` are :math:`D(y_j)` on samples of
    Q: the averages replace the expectations. Values must lie strictly between 0 and 1.

    >>> js_lower_bound([0.5, 0.5], [0.5])  # a discriminator that always says 1/2
    0.0
    """
    real, fake = _values(d_real, "d_real"), _values(d_fake, "d_fake")
    for name, arr in (("d_real", real), ("d_fake", fake)):
        bad = (arr <= 0) | (arr >= 1)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"{name}[{i}] = {arr[i]}: a discriminator's output must lie "
                             "strictly between 0 and 1")
    value = 0.5 * np.mean(np.log(real)) + 0.5 * np.mean(np.log1p(-fake)) + LOG2
    return float(value) + 0.0


def kl_lower_bound(t_real, t_fake) -> float:
    r"""The variational (Fenchel) bound on KL from a function's values, in nats.

    For *any* real function :math:`T`,
    :math:`KL(P \Vert Q) \ge E_P T(x) - E_Q e^{T(y) - 1}`, with equality at
    :math:`T^* = 1 + \log(p/q)` (Nguyen, Wainwright & Jordan 2010; f-GAN's bound for
    :math:`f(u) = u \log u`, Nowozin, Cseke & Tomioka 2016).

    >>> kl_lower_bound([1.0, 1.0], [1.0, 1.0])  # T = 1: the bound is 1 - 1 = 0
    0.0
    """
    real, fake = _values(t_real, "t_real"), _values(t_fake, "t_fake")
    return float(np.mean(real) - np.mean(np.exp(fake - 1.0))) + 0.0


def critic_w1(f_real, f_fake) -> float:
    r"""A critic's estimate of :math:`W_1`, :math:`E_P f(x) - E_Q f(y)`.

    A lower bound on :math:`W_1(P, Q)` (in expectation over the samples) when ``f`` is
    1-Lipschitz, equal to it for the best such ``f`` (Kantorovich–Rubinstein; Villani 2009,
    Thm 5.10). A critic that is steeper than 1 somewhere can report more.

    >>> critic_w1([1.0, 2.0], [0.0])
    1.5
    """
    real, fake = _values(f_real, "f_real"), _values(f_fake, "f_fake")
    return float(np.mean(real) - np.mean(fake)) + 0.0


def js_bound_from_logits(logit_real, logit_fake) -> float:
    r""":func:`js_lower_bound` for a discriminator given by its logits ℓ,
    :math:`D = \operatorname{sigmoid}(\ell)`.

    Uses :math:`\log D = -\operatorname{softplus}(-\ell)` and
    :math:`\log(1 - D) = -\operatorname{softplus}(\ell)`, so a saturated discriminator (logits
    far beyond ±37, where :math:`\operatorname{sigmoid}(\ell)` rounds to 0 or 1) still gives a
    finite, exact value.

    >>> js_bound_from_logits([0.0], [0.0])
    0.0
    """
    real, fake = _values(logit_real, "logit_real"), _values(logit_fake, "logit_fake")
    value = -0.5 * np.mean(np.logaddexp(0.0, -real)) - 0.5 * np.mean(np.logaddexp(0.0, fake))
    return float(value + LOG2) + 0.0


# --------------------------------------------------------------------------------------------
# the experiments of notebook 09 (the figures draw these numbers)

#: The two examples of notebook 06, in the plane: "gaussians" are N(0, σ²I) and N((θ, 0), σ²I),
#: "lines" are {0} × U[0, 1] and {θ} × U[0, 1] (the WGAN paper's parallel lines).
EXAMPLES = ("gaussians", "lines")


def _check_example(example: str) -> None:
    if example not in EXAMPLES:
        raise ValueError(f"example must be one of {EXAMPLES}, got {example!r}")


def base_samples(example: str, n: int, seed: int = 0, sigma: float = 0.5):
    """Samples ``x ~ P`` and ``y ~ Q_0`` (the model at θ = 0), each ``(n, 2)``.

    The model at θ is ``y + [θ, 0]``: the same noise for every θ (as a generator's fixed
    noise), so curves over θ are smooth.

    >>> x, y = base_samples("lines", 3)
    >>> x[:, 0].tolist(), y.shape
    ([0.0, 0.0, 0.0], (3, 2))
    """
    _check_example(example)
    n = _positive_int(n, "n")
    rng = np.random.default_rng(seed)
    if example == "gaussians":
        return rng.normal(0.0, sigma, (n, 2)), rng.normal(0.0, sigma, (n, 2))
    return (np.column_stack([np.zeros(n), rng.random(n)]),
            np.column_stack([np.zeros(n), rng.random(n)]))


def exact_measures(example: str, theta: float, sigma: float = 0.5) -> dict:
    r"""The true KL(P‖Q_θ), JS, :math:`W_1` and sliced :math:`W_1` of an example (nats; units of x).

    Gaussians: :math:`\theta^2/2\sigma^2`, the JS of notebook 06, :math:`|\theta|`,
    :math:`2|\theta|/\pi`. Lines: ∞ and :math:`\log 2` for θ ≠ 0 (0 at θ = 0), :math:`|\theta|`,
    :math:`2|\theta|/\pi`.

    >>> exact_measures("lines", 1.0)["kl"], round(exact_measures("lines", 1.0)["sliced"], 4)
    (inf, 0.6366)
    """
    from .examples import gaussian_js

    _check_example(example)
    theta = float(theta)
    sliced = 2 * abs(theta) / math.pi
    if example == "gaussians":
        return {"kl": theta**2 / (2 * sigma**2), "js": float(gaussian_js(theta, sigma)),
                "w1": abs(theta), "sliced": sliced}
    apart = theta != 0
    return {"kl": math.inf if apart else 0.0, "js": LOG2 if apart else 0.0, "w1": abs(theta),
            "sliced": sliced}


#: The estimators of the showdown from samples, in the order of the figure's panels.
SHOWDOWN_ESTIMATORS = ("kl_knn", "plugin_kl", "plugin_js", "sliced")


def showdown_sweep(example: str, thetas, n: int = 256, repeats: int = 10, *, bins: int = 10,
                   n_projections: int = 50, sigma: float = 0.5, seed: int = 0) -> dict:
    """Every estimator of :data:`SHOWDOWN_ESTIMATORS` at every θ, on ``repeats`` resamplings.

    Resampling ``r`` uses :func:`base_samples` with seed ``seed + r`` (the same noise at every
    θ). Returns ``{name: array (len(thetas), repeats)}`` plus ``"thetas"``; plug-in KL may hold
    ``inf``.

    >>> out = showdown_sweep("lines", [0.0, 1.0], n=32, repeats=2)
    >>> out["plugin_kl"][1].tolist(), out["plugin_js"][1].round(4).tolist()
    ([inf, inf], [0.6931, 0.6931])
    """
    thetas = np.asarray(thetas, dtype=float)
    out = {name: np.empty((thetas.size, repeats)) for name in SHOWDOWN_ESTIMATORS}
    for r in range(repeats):
        x, y0 = base_samples(example, n, seed + r, sigma)
        for i, theta in enumerate(thetas):
            y = y0 + [theta, 0.0]
            out["kl_knn"][i, r] = kl_knn(x, y)
            out["plugin_kl"][i, r] = plugin_kl(x, y, bins)
            out["plugin_js"][i, r] = plugin_js(x, y, bins)
            out["sliced"][i, r] = sliced_wasserstein(x, y, n_projections, seed=r)
    out["thetas"] = thetas
    return out


def knn_sweep(example: str, theta: float, k: int = 1, sizes=(16, 32, 64, 128, 256, 512, 1024,
              2048), repeats: int = 5, sigma: float = 1.0, seed: int = 0) -> np.ndarray:
    """:func:`kl_knn` for the example at ``theta``, shape ``(len(sizes), repeats)``.

    >>> knn_sweep("gaussians", 1.0, sizes=(64, 128), repeats=2).shape
    (2, 2)
    """
    out = np.empty((len(sizes), repeats))
    for r in range(repeats):
        x, y0 = base_samples(example, max(sizes), seed + r, sigma)
        y = y0 + [theta, 0.0]
        for i, n in enumerate(sizes):
            out[i, r] = kl_knn(x[:n], y[:n], k)
    return out


def discriminator_estimates(theta: float = 1.5, sizes=(16, 64, 256), *, steps: int = 400,
                            critic_steps: int = 150, fresh: int = 4000, seed: int = 0) -> dict:
    r"""Train a discriminator and a WGAN-GP critic on n samples of N(0, 1) and N(θ, 1).

    For each n: :func:`helpers.training.fit_critic_1d` (the network of notebook 08) on the n
    samples (``steps`` full-batch Adam steps for the discriminator, ``critic_steps`` for the
    critic: the gradient penalty's random points make longer critic runs amplify the last-bit
    differences between BLAS kernels into visible ones, so the critic stops at 150), then the
    JS bound (:func:`js_bound_from_logits`) and the critic's :math:`W_1` estimate
    (:func:`critic_w1`) on the *training* samples and on ``fresh`` new samples, and both
    networks on a grid for the figure. Returns
    ``{"theta", "sizes", "exact_js", "exact_w1", "grid", "runs": {n: {...}}}``.

    >>> est = discriminator_estimates(1.5, (8,), steps=5, critic_steps=5, fresh=50)
    >>> est["sizes"], round(est["exact_js"], 3), sorted(est["runs"][8])[:3]
    ((8,), 0.221, ['critic', 'js_fresh', 'js_train'])
    """
    from .examples import gaussian_js
    from .training import fit_critic_1d, mlp_forward

    theta = float(theta)
    rng = np.random.default_rng(seed)
    fresh_real = rng.standard_normal((fresh, 1))
    fresh_fake = rng.standard_normal((fresh, 1)) + theta
    grid = np.linspace(-4.0, theta + 4.0, 301)[:, None]
    runs = {}
    for n in sizes:
        x = rng.standard_normal((n, 1))
        y = rng.standard_normal((n, 1)) + theta
        disc = fit_critic_1d("discriminator", x, y, steps, seed=seed)
        critic = fit_critic_1d("wgan-gp", x, y, critic_steps, seed=seed)

        def out(params, points):
            return mlp_forward(params, points)[0].ravel()

        runs[int(n)] = {
            "js_train": js_bound_from_logits(out(disc, x), out(disc, y)),
            "js_fresh": js_bound_from_logits(out(disc, fresh_real), out(disc, fresh_fake)),
            "w1_train": critic_w1(out(critic, x), out(critic, y)),
            "w1_fresh": critic_w1(out(critic, fresh_real), out(critic, fresh_fake)),
            "logit": out(disc, grid),
            "critic": out(critic, grid),
            "x": x.ravel(),
            "y": y.ravel(),
        }
    return {"theta": theta, "sizes": tuple(int(n) for n in sizes),
            "exact_js": float(gaussian_js(theta, 1.0)), "exact_w1": abs(theta),
            "grid": grid.ravel(), "runs": runs}


def sliced_w1_at_angles(x, y, angles) -> float:
    r"""Sliced :math:`W_1` of two equal-size clouds in the plane over the given directions.

    Direction :math:`\varphi` is the unit vector :math:`(\cos\varphi, \sin\varphi)`; the result
    is the mean over ``angles`` of the exact 1-D :math:`W_1` of the projections (the reference
    of exercise 09.4).

    >>> sliced_w1_at_angles([[0.0, 0.0]], [[3.0, 4.0]], [0.0, math.pi / 2])
    3.5
    """
    phi = _values(angles, "angles")
    a, b = _pair(x, y)
    if a.shape[1] != 2:
        raise ValueError(f"x and y must be points in the plane (2 columns), got {a.shape[1]}")
    directions = np.column_stack([np.cos(phi), np.sin(phi)])
    return float(np.mean(projected_w1(a, b, directions))) + 0.0
