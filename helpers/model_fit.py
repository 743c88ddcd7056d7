r"""Fitting a model distribution Q to data P by minimising a KL divergence (notebook 03).

* Discrete: a binomial model :math:`\mathrm{Bin}(n, \theta)` for counts ``0..n``;
  :func:`binomial_kl` gives :math:`KL(P \Vert \mathrm{Bin}(n, \theta))` for many
  :math:`\theta` at once, and its minimiser is the maximum-likelihood :math:`\theta`,
  the mean count divided by :math:`n` (:func:`binomial_mle`).
* Continuous, on a grid: one Gaussian fitted to a mixture of two Gaussian bumps
  (:func:`two_bump_mixture`) by minimising either :math:`KL(P \Vert Q)` (``"forward"``:
  mode covering, it matches the mean and variance of P) or :math:`KL(Q \Vert P)`
  (``"reverse"``: mode seeking, for well-separated bumps it sits on one of them). Both fits
  are numerical (:func:`scipy.optimize.minimize` on the grid); :func:`normal_kl` is the closed
  form between two Gaussians, used to check the grid.

Units: nats unless ``base=2`` (bits) is asked for. Distributions on a grid follow
:mod:`helpers.examples` ("Discretised on a grid"): probability vectors, no factor ``h``.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import optimize
from scipy.special import gammaln, rel_entr, xlogy

from .examples import _check_grid, _check_scale, discretize_normal
from .validation import as_distribution, log_base_factor

#: The grid of the Gaussian fits: 961 points on [-12, 12], spacing 0.025.
FIT_GRID = np.linspace(-12.0, 12.0, 961)
FIT_GRID.setflags(write=False)

#: The two directions of :func:`fit_gaussian`.
DIRECTIONS = ("forward", "reverse")


# --- binomial models of counts ---------------------------------------------------------------


def _check_theta(theta) -> np.ndarray:
    arr = np.asarray(theta, dtype=float)
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"theta must be probabilities in [0, 1], got {theta!r}")
    return arr


def _check_n(n) -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    return int(n)


def binomial_model(theta, n: int = 10) -> np.ndarray:
    r"""The binomial distribution :math:`\binom{n}{k}\theta^k(1-\theta)^{n-k}`, ``k = 0..n``.

    Parameters
    ----------
    theta : float
        The success probability, in ``[0, 1]``.
    n : int
        The number of trials (the largest count).

    Returns
    -------
    numpy.ndarray
        ``n + 1`` probabilities summing to 1 (index = count).

    Examples
    --------
    >>> binomial_model(0.5, 2)
    array([0.25, 0.5 , 0.25])
    >>> binomial_model(1.0, 3)
    array([0., 0., 0., 1.])
    """
    t = float(_check_theta(theta).reshape(-1)[0]) if np.ndim(theta) == 0 else None
    if t is None:
        raise ValueError(f"theta must be a single probability, got {theta!r}")
    n = _check_n(n)
    k = np.arange(n + 1)
    log_choose = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    with np.errstate(divide="ignore"):  # log 0 = -inf at theta = 0 or 1 (exp gives exact 0)
        log_pmf = log_choose + xlogy(k, t) + xlogy(n - k, 1.0 - t)
    pmf = np.exp(log_pmf)
    return pmf / pmf.sum()


def binomial_mle(observed) -> float:
    r"""The maximum-likelihood :math:`\theta` of :math:`\mathrm{Bin}(n, \theta)` for an observed
    distribution of counts ``0..n``: the mean count divided by :math:`n`.

    ``observed`` is a probability vector of length ``n + 1`` (index = count); it also minimises
    :func:`binomial_kl` (mathnote 03, section 10).

    Examples
    --------
    >>> binomial_mle([0.25, 0.25, 0.5])  # mean count 1.25 out of n = 2
    0.625
    """
    p = as_distribution(observed, "observed")
    if p.size < 2:
        raise ValueError("observed needs at least two counts (0 and 1)")
    n = p.size - 1
    return float(np.add.reduce(np.arange(n + 1) * p) / n)


def binomial_kl(observed, theta, base=None):
    r""":math:`KL(P \Vert \mathrm{Bin}(n, \theta))` for the observed distribution ``P``
    of counts ``0..n``, for one or many ``theta`` at once.

    .. math::

        KL = -H(P) - \sum_k p_k \log\binom{n}{k}
                 - \bar k \log\theta - (n - \bar k)\log(1-\theta),

    with the mean count :math:`\bar k = \sum_k k\,p_k`. It is ``inf`` at ``theta = 0`` (or 1)
    unless ``P`` puts all its mass on count 0 (or n).

    Parameters
    ----------
    observed : array_like
        Probability vector of length ``n + 1``.
    theta : float or array_like
        Probabilities in ``[0, 1]``, handled elementwise.
    base : float, optional
        ``None`` for nats, ``2`` for bits.

    Examples
    --------
    >>> p = [0.25, 0.5, 0.25]
    >>> binomial_kl(p, 0.5)
    0.0
    >>> binomial_kl(p, [0.0, 0.5], base=2)
    array([inf,  0.])
    """
    p = as_distribution(observed, "observed")
    if p.size < 2:
        raise ValueError("observed needs at least two counts (0 and 1)")
    factor = log_base_factor(base)
    t = _check_theta(theta)
    n = p.size - 1
    k = np.arange(n + 1)
    log_choose = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    mean = float(np.add.reduce(k * p))
    constant = float(np.add.reduce(xlogy(p, p)) - np.add.reduce(p * log_choose))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = constant - xlogy(mean, t) - xlogy(n - mean, 1.0 - t)
    value = np.where(np.isnan(value), np.inf, value)
    out = np.clip(value, 0.0, None) * factor + 0.0
    return float(out) if np.ndim(theta) == 0 else out


# --- one Gaussian fitted to two bumps --------------------------------------------------------


def normal_kl(mean_p, sd_p, mean_q, sd_q):
    r"""Closed form :math:`KL(N(\mu_p, \sigma_p^2) \Vert N(\mu_q, \sigma_q^2))` in nats.

    .. math::

        \log\frac{\sigma_q}{\sigma_p} + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2}
        - \frac12 .

    With equal standard deviations it is :math:`(\mu_p - \mu_q)^2 / 2\sigma^2`, the
    :func:`helpers.gaussian_kl` of the shifted pair. Elementwise on arrays.

    Examples
    --------
    >>> normal_kl(0.0, 1.0, 2.0, 1.0)
    2.0
    >>> round(normal_kl(0.0, 1.0, 0.0, 2.0), 6)  # log 2 + 1/8 - 1/2
    0.318147
    """
    mp, mq = np.asarray(mean_p, dtype=float), np.asarray(mean_q, dtype=float)
    sp, sq = np.asarray(sd_p, dtype=float), np.asarray(sd_q, dtype=float)
    if not (np.all(np.isfinite(mp)) and np.all(np.isfinite(mq))):
        raise ValueError("the means must be finite")
    if not (np.all(np.isfinite(sp)) and np.all(np.isfinite(sq))) or np.any(sp <= 0) or np.any(
        sq <= 0
    ):
        raise ValueError("the standard deviations must be positive and finite")
    # in ratios, so that tiny or huge scales neither underflow to 0/0 nor warn
    with np.errstate(over="ignore", under="ignore"):
        ratio = sp / sq
        shift = (mp - mq) / sq
        out = -np.log(ratio) + 0.5 * (np.square(ratio) + np.square(shift)) - 0.5
    out = np.clip(out, 0.0, None) + 0.0
    return float(out) if np.ndim(out) == 0 else out


def two_bump_mixture(separation, x=None, sd: float = 1.0) -> np.ndarray:
    r"""The mixture :math:`\tfrac12 N(-d/2, \sigma^2) + \tfrac12 N(d/2, \sigma^2)` on the grid.

    Parameters
    ----------
    separation : float
        The distance :math:`d \ge 0` between the two bumps' centres.
    x : array_like, optional
        An evenly spaced grid; :data:`FIT_GRID` by default.
    sd : float
        Each bump's standard deviation :math:`\sigma`.

    Returns
    -------
    numpy.ndarray
        A probability vector on ``x``. Its mean is 0 and its variance
        :math:`\sigma^2 + d^2/4` (up to the grid's resolution).

    Examples
    --------
    >>> p = two_bump_mixture(4.0)
    >>> round(float(p.sum()), 12), round(float((FIT_GRID**2 * p).sum()), 3)
    (1.0, 5.0)
    """
    grid = FIT_GRID if x is None else x
    separation = float(separation)
    if not math.isfinite(separation) or separation < 0:
        raise ValueError(f"separation must be a finite number >= 0, got {separation!r}")
    sd = _check_scale(sd, "sd")
    half = 0.5 * separation
    return 0.5 * (discretize_normal(grid, -half, sd) + discretize_normal(grid, half, sd))


def _kl_on_grid(a: np.ndarray, b: np.ndarray) -> float:
    return float(rel_entr(a, b).sum())


def fit_gaussian(p, x=None, direction: str = "forward") -> tuple[float, float, float]:
    r"""The Gaussian :math:`Q = N(\mu, s^2)` on the grid closest to ``p`` in one KL direction.

    Parameters
    ----------
    p : array_like
        A probability vector on the grid ``x``.
    x : array_like, optional
        An evenly spaced grid; :data:`FIT_GRID` by default.
    direction : {"forward", "reverse"}
        ``"forward"`` minimises :math:`KL(P \Vert Q)`: Q must cover everything P produces
        (mode covering); the minimiser matches P's mean and variance.
        ``"reverse"`` minimises :math:`KL(Q \Vert P)`: Q is penalised wherever it puts mass
        that P lacks (mode seeking); for two well-separated bumps it sits on one of them (the
        one on the right, by convention, when both are equally good).

    Returns
    -------
    mean, sd, kl : float
        The fitted Gaussian and the minimal divergence in nats (measured on the grid).

    Notes
    -----
    Minimised numerically with Nelder-Mead over :math:`(\mu, \log s)` with :math:`s` kept in
    ``[2h, (x_max - x_min)/2]``. The reverse fit is started twice, from P's moments and from a
    Gaussian on P's largest-mass point to the right of the mean, and keeps the better end.

    Examples
    --------
    >>> p = two_bump_mixture(8.0)
    >>> [round(v, 2) for v in fit_gaussian(p, direction="forward")[:2]]  # sqrt(1 + 16)
    [0.0, 4.12]
    >>> [round(v, 1) for v in fit_gaussian(p, direction="reverse")[:2]]  # on the right bump
    [4.0, 1.0]
    """
    grid, h = _check_grid(FIT_GRID if x is None else x)
    target = as_distribution(p, "p")
    if target.size != grid.size:
        raise ValueError(f"p has {target.size} entries but the grid x has {grid.size}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    smallest, largest = math.log(2 * h), math.log(0.5 * (grid[-1] - grid[0]))

    def model(params) -> np.ndarray:
        mean, log_sd = params
        return discretize_normal(grid, mean, math.exp(min(max(log_sd, smallest), largest)))

    if direction == "forward":
        def objective(params) -> float:
            return _kl_on_grid(target, model(params))
    else:
        def objective(params) -> float:
            return _kl_on_grid(model(params), target)

    mean = float(np.add.reduce(grid * target))
    sd = math.sqrt(max(float(np.add.reduce((grid - mean) ** 2 * target)), 4 * h * h))
    starts = [(mean, math.log(sd))]
    if direction == "reverse":
        right = grid >= mean
        peak = float(grid[right][np.argmax(target[right])])
        starts.append((peak, math.log(max(0.5 * sd, 2 * h))))
    best = None
    for start in starts:
        result = optimize.minimize(
            objective, np.array(start), method="Nelder-Mead",
            options={"xatol": 1e-7, "fatol": 1e-13, "maxiter": 4000},
        )
        if best is None or result.fun < best.fun - 1e-12:
            best = result
    mean, log_sd = best.x
    sd = math.exp(min(max(log_sd, smallest), largest))
    return float(mean) + 0.0, sd, max(float(best.fun), 0.0) + 0.0


def centred_reverse_fit(p, x=None) -> tuple[float, float, float]:
    r"""The reverse-KL fit that training started at the centre finds: :math:`Q = N(0, s^2)`.

    For a ``p`` symmetric about 0 (such as :func:`two_bump_mixture`), the derivative of
    :math:`KL(Q \Vert P)` with respect to the mean :math:`\mu` is 0 at :math:`\mu = 0` for
    every :math:`s`: a fit started there never leaves the centre. This returns the best
    :math:`s` along that line. For two unit bumps it is a *local* minimum in :math:`(\mu, s)`
    for every separation (the tests check the curvature), and the global one up to
    :math:`d = 5.5`; from :math:`d = 5.75` on a fit sitting on one bump is better, but a fit
    started at the centre stays there.

    Parameters
    ----------
    p : array_like
        A probability vector on the grid ``x``.
    x : array_like, optional
        An evenly spaced grid; :data:`FIT_GRID` by default.

    Returns
    -------
    mean, sd, kl : float
        ``mean`` is 0.0; ``kl`` in nats, on the grid.

    Examples
    --------
    >>> [round(v, 3) for v in centred_reverse_fit(two_bump_mixture(3.0))]
    [0.0, 1.714, 0.074]
    >>> [round(v, 3) for v in centred_reverse_fit(two_bump_mixture(7.0))]  # not on a bump
    [0.0, 3.107, 1.304]
    """
    grid, h = _check_grid(FIT_GRID if x is None else x)
    target = as_distribution(p, "p")
    if target.size != grid.size:
        raise ValueError(f"p has {target.size} entries but the grid x has {grid.size}")
    smallest, largest = math.log(2 * h), math.log(0.5 * (grid[-1] - grid[0]))

    def objective(log_sd: float) -> float:
        return _kl_on_grid(discretize_normal(grid, 0.0, math.exp(log_sd)), target)

    result = optimize.minimize_scalar(objective, bounds=(smallest, largest), method="bounded",
                                      options={"xatol": 1e-9})
    return 0.0, math.exp(float(result.x)), max(float(result.fun), 0.0) + 0.0


@functools.lru_cache(maxsize=256)
def mixture_fits(separation: float, sd: float = 1.0) -> dict:
    """Both fits of one Gaussian to :func:`two_bump_mixture` on :data:`FIT_GRID`, cached.

    The figure calls this on every slider step; a step already visited costs nothing.

    Returns
    -------
    dict
        ``"p"`` (the mixture), and for ``"forward"`` and ``"reverse"`` a tuple
        ``(mean, sd, kl_nats)`` from :func:`fit_gaussian` (global minimisers); for
        ``"centred"`` the reverse-KL fit held at the centre, :func:`centred_reverse_fit` (a
        local minimiser).

    Examples
    --------
    >>> fits = mixture_fits(0.0)
    >>> [round(v, 3) for v in fits["forward"][:2]], [round(v, 3) for v in fits["reverse"][:2]]
    ([0.0, 1.0], [0.0, 1.0])
    """
    p = two_bump_mixture(separation, FIT_GRID, sd)
    p.setflags(write=False)
    return {
        "p": p,
        "forward": fit_gaussian(p, FIT_GRID, "forward"),
        "reverse": fit_gaussian(p, FIT_GRID, "reverse"),
        "centred": centred_reverse_fit(p, FIT_GRID),
    }


__all__ = [
    "DIRECTIONS",
    "FIT_GRID",
    "binomial_kl",
    "binomial_mle",
    "binomial_model",
    "centred_reverse_fit",
    "fit_gaussian",
    "mixture_fits",
    "normal_kl",
    "two_bump_mixture",
]
