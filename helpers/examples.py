r"""Families of distribution pairs parameterised by a shift :math:`\theta`, with closed forms.

Discretised on a grid
---------------------
A continuous distribution is turned into a probability vector on an evenly spaced grid of points
``x`` (spacing ``h``): point ``x_k`` receives the probability of the cell
``[x_k - h/2, x_k + h/2)``, and the two end cells stretch to :math:`-\infty` and
:math:`+\infty`, so that the vector sums to 1 exactly. These are probabilities, not densities:
no factor ``h`` is needed when summing them, and divergences of the vectors approach the
continuous divergences as ``h -> 0`` (from below, for KL and JS).

Families
--------
* two Gaussians :math:`N(0, \sigma^2)` and :math:`N(\theta, \sigma^2)`:
  :math:`KL = \theta^2 / 2\sigma^2`, :math:`W_1 = |\theta|`, JS by one-dimensional quadrature,
  saturating at :math:`\log 2`;
* two boxes (uniform on intervals of equal width ``w``) shifted by ``s``:
  :math:`JS = \log 2 \cdot \min(|s|, w) / w`, :math:`W_1 = |s|`, KL infinite once ``s != 0``;
* the WGAN parallel lines :math:`P_0` uniform on :math:`\{0\}\times[0, 1]` and
  :math:`P_\theta` on :math:`\{\theta\}\times[0, 1]`: KL infinite, JS = log 2, W1 = |θ| for
  θ != 0, all three 0 at θ = 0.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate
from scipy.special import expit, ndtr, rel_entr, xlogy

from .divergences import LOG2, js_divergence, kl_divergence
from .transport import emd
from .validation import as_distribution, as_float_array

#: The default grid for the Gaussian family: 2001 points on [-12, 12], spacing 0.012.
DEFAULT_GRID = np.linspace(-12.0, 12.0, 2001)


def _check_grid(x) -> tuple[np.ndarray, float]:
    arr = as_float_array(x, "x")
    if arr.size < 2:
        raise ValueError("x needs at least two grid points")
    steps = np.diff(arr)
    h = float(steps.mean())
    if h <= 0 or np.max(np.abs(steps - h)) > 1e-6 * h:
        raise ValueError("x must be an increasing, evenly spaced grid")
    return arr, h


def _check_scale(value, name: str) -> float:
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def _cell_edges(x: np.ndarray, h: float) -> np.ndarray:
    edges = np.concatenate(([-np.inf], x[:-1] + 0.5 * h, [np.inf]))
    return edges


def discretize_normal(x, mean=0.0, sigma=1.0) -> np.ndarray:
    r"""Probability vector of :math:`N(\text{mean}, \sigma^2)` on the evenly spaced grid ``x``.

    Each point gets the probability of its cell (end cells reach to infinity), computed with the
    normal CDF in whichever tail keeps full precision, so far-out cells stay positive.

    Examples
    --------
    >>> p = discretize_normal(np.linspace(-5, 5, 11))
    >>> round(float(p.sum()), 12), round(float(p[5]), 4)
    (1.0, 0.3829)
    """
    arr, h = _check_grid(x)
    sigma = _check_scale(sigma, "sigma")
    with np.errstate(over="ignore"):  # a tiny sigma sends far edges to ±inf: fine for ndtr
        z = (_cell_edges(arr, h) - float(mean)) / sigma
    lo, hi = z[:-1], z[1:]
    # Left of the mean use Phi(hi) - Phi(lo); right of it use Phi(-lo) - Phi(-hi).
    right = lo > 0
    masses = np.where(right, ndtr(-lo) - ndtr(-hi), ndtr(hi) - ndtr(lo))
    masses = np.clip(masses, 0.0, None)
    return masses / masses.sum()


def uniform_on_grid(x, lo, hi) -> np.ndarray:
    """Probability vector of the uniform distribution on ``[lo, hi)`` on the grid ``x``.

    Each point gets the fraction of ``[lo, hi)`` that falls in its cell.

    Examples
    --------
    >>> uniform_on_grid(np.arange(6.0), 1.5, 3.5)
    array([0. , 0. , 0.5, 0.5, 0. , 0. ])
    """
    arr, h = _check_grid(x)
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ValueError(f"need finite lo < hi, got lo={lo!r}, hi={hi!r}")
    edges = _cell_edges(arr, h)
    covered = np.clip(np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo), 0.0, None)
    return covered / covered.sum()


def blur(p, x, noise_sd) -> np.ndarray:
    """Add Gaussian noise of standard deviation ``noise_sd`` to a distribution on the grid ``x``.

    Every point's mass is spread over the grid as a discretised normal centred on it (instance
    noise). ``noise_sd = 0`` returns ``p`` unchanged.

    Examples
    --------
    >>> x = np.linspace(-3, 3, 7)
    >>> q = blur(np.eye(7)[3], x, 1.0)
    >>> bool(np.allclose(q, discretize_normal(x, 0.0, 1.0)))
    True
    """
    arr, h = _check_grid(x)
    pp = as_distribution(p, "p")
    if pp.size != arr.size:
        raise ValueError(f"p has {pp.size} entries but the grid x has {arr.size}")
    noise_sd = float(noise_sd)
    if not math.isfinite(noise_sd) or noise_sd < 0:
        raise ValueError(f"noise_sd must be >= 0, got {noise_sd!r}")
    if noise_sd == 0:
        return pp.copy()
    edges = _cell_edges(arr, h)
    # kernel[i, k] = P(point i's mass lands in cell k)
    with np.errstate(over="ignore"):  # a tiny noise_sd sends z to +-inf: ndtr is exact there
        z = (edges[None, :] - arr[:, None]) / noise_sd
    lo, hi = z[:, :-1], z[:, 1:]
    # as in discretize_normal: take each cell's probability in the tail that keeps precision,
    # so far-out cells stay positive (and divergences of blurred vectors stay finite)
    kernel = np.where(lo > 0, ndtr(-lo) - ndtr(-hi), ndtr(hi) - ndtr(lo))
    np.clip(kernel, 0.0, None, out=kernel)
    out = pp @ kernel
    return out / out.sum()


# --- two Gaussians ---------------------------------------------------------------------------


def gaussian_pair(theta, sigma=1.0, x=None):
    r"""Discretised :math:`N(0, \sigma^2)` and :math:`N(\theta, \sigma^2)` on the grid ``x``.

    Returns
    -------
    x, p, q : numpy.ndarray
        The grid (``DEFAULT_GRID`` unless given) and the two probability vectors.

    Examples
    --------
    >>> x, p, q = gaussian_pair(1.0)
    >>> round(kl_divergence(p, q), 4), gaussian_kl(1.0)
    (0.5, 0.5)
    """
    grid = DEFAULT_GRID if x is None else x
    return np.asarray(grid, dtype=float), discretize_normal(grid, 0.0, sigma), discretize_normal(
        grid, theta, sigma
    )


def gaussian_kl(theta, sigma=1.0):
    r"""Closed form :math:`KL(N(0,\sigma^2) \| N(\theta,\sigma^2)) = \theta^2 / 2\sigma^2` (nats).

    Works elementwise on arrays of ``theta``.

    >>> gaussian_kl(2.0, 1.0)
    2.0
    """
    sigma = _check_scale(sigma, "sigma")
    with np.errstate(over="ignore"):  # theta / sigma may overflow to inf for a tiny sigma
        out = 0.5 * np.square(np.asarray(theta, dtype=float) / sigma)
    return float(out) if np.ndim(out) == 0 else out


def gaussian_w1(theta):
    r"""Closed form :math:`W_1(N(0,\sigma^2), N(\theta,\sigma^2)) = |\theta|`, whatever σ.

    >>> gaussian_w1(-1.5)
    1.5
    """
    out = np.abs(np.asarray(theta, dtype=float))
    return float(out) if np.ndim(out) == 0 else out


def _gauss_expectation(func) -> float:
    """E[func(Z)] for Z ~ N(0, 1), by adaptive quadrature."""
    value, _ = integrate.quad(
        lambda z: func(z) * math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi),
        -np.inf,
        np.inf,
        epsabs=1e-13,
        epsrel=1e-11,
        limit=200,
    )
    return value


def _elementwise(one, theta):
    """Apply the scalar function ``one`` to ``theta``: a float for a scalar, else an array."""
    thetas = np.asarray(theta, dtype=float)
    if thetas.ndim == 0:
        return one(thetas)
    return np.array([one(t) for t in thetas.ravel()]).reshape(thetas.shape)


def gaussian_js(theta, sigma=1.0):
    r"""JS divergence between :math:`N(0,\sigma^2)` and :math:`N(\theta,\sigma^2)` in nats.

    No elementary closed form: with :math:`d = \theta/\sigma` and :math:`Z \sim N(0,1)`,

    .. math:: JS = \log 2 - E\left[\log\left(1 + e^{dZ - d^2/2}\right)\right],

    a one-dimensional integral done by quadrature. Rises from 0 and saturates at
    :math:`\log 2`. Works elementwise on arrays of ``theta``.

    >>> round(gaussian_js(0.0), 12)
    0.0
    >>> round(gaussian_js(40.0), 6) == round(math.log(2), 6)
    True
    """
    sigma = _check_scale(sigma, "sigma")

    def one(t: float) -> float:
        d = abs(float(t)) / sigma
        if d == 0:
            return 0.0
        value = LOG2 - _gauss_expectation(lambda z: np.logaddexp(0.0, d * z - 0.5 * d * d))
        return min(max(value, 0.0), LOG2) + 0.0

    return _elementwise(one, theta)


def gaussian_js_slope(theta, sigma=1.0):
    r"""Derivative :math:`\partial JS/\partial\theta` for the Gaussian pair (nats per unit of θ).

    Differentiating under the expectation:
    :math:`\frac{\partial JS}{\partial d} = E[\,\operatorname{sigmoid}(dZ - d^2/2)\,(d - Z)\,]`, and
    :math:`\partial d/\partial\theta = \operatorname{sign}(\theta)/\sigma`. It vanishes at θ = 0
    and dies out again once the two Gaussians separate: that is the vanishing gradient.

    >>> gaussian_js_slope(0.0)
    0.0
    >>> abs(gaussian_js_slope(30.0)) < 1e-20
    True
    """
    sigma = _check_scale(sigma, "sigma")

    def one(t: float) -> float:
        d = abs(float(t)) / sigma
        if d == 0:
            return 0.0
        dd = _gauss_expectation(lambda z: expit(d * z - 0.5 * d * d) * (d - z))
        return math.copysign(dd / sigma, float(t)) + 0.0

    return _elementwise(one, theta)


# --- two boxes -------------------------------------------------------------------------------


def box_pair(shift, width=1.0, x=None):
    """Uniform on ``[0, width)`` and on ``[shift, shift + width)``, on the grid ``x``.

    The default grid has cells of width ``width / 20`` covering both boxes, so that shifts that
    are multiples of ``width / 20`` put the box edges on cell edges (and the grid divergences equal
    the continuous ones exactly).

    Returns ``x, p, q``.

    >>> x, p, q = box_pair(0.5)
    >>> round(js_divergence(p, q), 12) == round(box_js(0.5), 12)
    True
    """
    width = _check_scale(width, "width")
    shift = float(shift)
    if x is None:
        h = width / 20
        lo = min(0.0, shift) - width
        hi = max(0.0, shift) + 2 * width
        x = np.arange(math.floor(lo / h) + 0.5, math.ceil(hi / h), 1.0) * h
    return (
        np.asarray(x, dtype=float),
        uniform_on_grid(x, 0.0, width),
        uniform_on_grid(x, shift, shift + width),
    )


def box_js(shift, width=1.0):
    r"""Closed-form JS between boxes of width ``w`` shifted by ``s``.

    :math:`JS = \log 2\,\min(|s|, w)/w`.

    Where the boxes overlap both densities are equal and contribute nothing; each non-overlapping
    part contributes its mass times log 2.

    >>> box_js(2.0, 1.0) == math.log(2)
    True
    """
    width = _check_scale(width, "width")
    frac = np.minimum(np.abs(np.asarray(shift, dtype=float)), width) / width
    out = LOG2 * frac + 0.0
    return float(out) if np.ndim(out) == 0 else out


# --- the WGAN parallel lines -----------------------------------------------------------------


def parallel_lines(theta, n=50):
    r"""Samples of :math:`P_0` (uniform on :math:`\{0\}\times[0,1]`) and :math:`P_\theta`.

    Each line is represented by ``n`` equally weighted points at heights ``(k + 1/2)/n``.

    Returns
    -------
    points_p, points_q : numpy.ndarray, shape (n, 2)

    Examples
    --------
    >>> points_p, points_q = parallel_lines(0.5, n=2)
    >>> points_q
    array([[0.5 , 0.25],
           [0.5 , 0.75]])
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    theta = float(theta)
    if not math.isfinite(theta):
        raise ValueError(f"theta must be finite, got {theta!r}")
    y = (np.arange(n) + 0.5) / n
    return np.column_stack((np.zeros(n), y)), np.column_stack((np.full(n, theta), y))


def parallel_lines_closed_form(theta) -> dict:
    r"""KL, JS and W1 between :math:`P_0` and :math:`P_\theta` (nats), as in the WGAN paper.

    >>> parallel_lines_closed_form(0.5)
    {'kl': inf, 'js': 0.6931471805599453, 'w1': 0.5}
    >>> parallel_lines_closed_form(0.0)
    {'kl': 0.0, 'js': 0.0, 'w1': 0.0}
    """
    theta = float(theta)
    if theta == 0:
        return {"kl": 0.0, "js": 0.0, "w1": 0.0}
    return {"kl": math.inf, "js": LOG2, "w1": abs(theta)}


def parallel_lines_numeric(theta, n=20) -> dict:
    """KL, JS and W1 computed from the discretised lines (see :func:`parallel_lines`).

    The two point sets are put on their common support; KL and JS come from
    :mod:`helpers.divergences`, W1 from the exact LP :func:`helpers.emd` with Euclidean cost.

    >>> parallel_lines_numeric(0.5) == parallel_lines_closed_form(0.5)
    True
    """
    pts_p, pts_q = parallel_lines(theta, n)
    support = np.unique(np.vstack((pts_p, pts_q)), axis=0)
    index = {tuple(row): k for k, row in enumerate(support)}
    a = np.zeros(len(support))
    b = np.zeros(len(support))
    for row in pts_p:
        a[index[tuple(row)]] += 1.0 / n
    for row in pts_q:
        b[index[tuple(row)]] += 1.0 / n
    a /= a.sum()
    b /= b.sum()
    cost = np.sqrt(((pts_p[:, None, :] - pts_q[None, :, :]) ** 2).sum(axis=-1))
    w1, _ = emd(np.full(n, 1.0 / n), np.full(n, 1.0 / n), cost)
    return {"kl": kl_divergence(a, b), "js": js_divergence(a, b), "w1": round(w1, 12) + 0.0}


# --- two coins (two-outcome distributions) ---------------------------------------------------


def _coin_probability(value, name: str) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
    return arr


def _binary_entropy(p: np.ndarray) -> np.ndarray:
    """Entropy in nats of the coin [p, 1 - p], with 0 log 0 = 0."""
    return -(xlogy(p, p) + xlogy(1.0 - p, 1.0 - p))


def coin_js(p, q):
    r"""JS divergence in nats between the coins :math:`[p, 1-p]` and :math:`[q, 1-q]`.

    Uses the entropy form :math:`JS = H(m) - \tfrac12 [H(p) + H(q)]` with :math:`m = (p+q)/2`
    and the binary entropy :math:`H`; clipped to :math:`[0, \log 2]` against rounding. Works
    elementwise on arrays (with broadcasting). Divide by ``log 2`` for bits.

    >>> round(coin_js(1.0, 0.0), 12) == round(LOG2, 12)
    True
    >>> round(coin_js(1.0, 0.5), 6) == round(0.75 * math.log(4 / 3), 6)
    True
    """
    a = _coin_probability(p, "p")
    b = _coin_probability(q, "q")
    value = _binary_entropy(0.5 * (a + b)) - 0.5 * (_binary_entropy(a) + _binary_entropy(b))
    out = np.clip(np.where(a == b, 0.0, value), 0.0, LOG2) + 0.0
    return float(out) if np.ndim(out) == 0 else out


def coin_kl(p, q):
    r"""KL divergence in nats of the coin :math:`[p, 1-p]` from the coin :math:`[q, 1-q]`.

    :math:`KL = p \log\frac{p}{q} + (1-p) \log\frac{1-p}{1-q}`, ``inf`` when ``q`` rules out
    an outcome that ``p`` can produce (``q = 0 < p`` or ``q = 1 > p``). Elementwise on arrays.

    >>> coin_kl(0.5, 0.0)
    inf
    >>> round(coin_kl(0.0, 0.5), 12) == round(LOG2, 12)
    True
    """
    a = _coin_probability(p, "p")
    b = _coin_probability(q, "q")
    out = np.clip(rel_entr(a, b) + rel_entr(1.0 - a, 1.0 - b), 0.0, None) + 0.0
    return float(out) if np.ndim(out) == 0 else out


__all__ = [
    "DEFAULT_GRID",
    "blur",
    "box_js",
    "box_pair",
    "coin_js",
    "coin_kl",
    "discretize_normal",
    "gaussian_js",
    "gaussian_js_slope",
    "gaussian_kl",
    "gaussian_pair",
    "gaussian_w1",
    "parallel_lines",
    "parallel_lines_closed_form",
    "parallel_lines_numeric",
    "uniform_on_grid",
]
