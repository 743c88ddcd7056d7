r"""Numbers behind the KL / JS / Wasserstein showdown (notebook 06), fast enough for sliders.

Everything here concerns one *shift family*: the data :math:`P` and the model :math:`Q_\theta`
differ only by a horizontal shift :math:`\theta`, and their x-coordinates are

* two points (the WGAN parallel lines, :math:`\sigma = 0`): :math:`P_0` uniform on
  :math:`\{0\}\times[0,1]`, :math:`P_\theta` on :math:`\{\theta\}\times[0,1]`;
* or two Gaussians :math:`N(0, \sigma^2)` and :math:`N(\theta, \sigma^2)` (:math:`\sigma > 0`).

*Instance noise* of standard deviation ``noise`` adds :math:`N(0, s^2)` to the x-coordinate of
both, which turns them into Gaussians of standard deviation
:math:`\sigma_{\text{eff}} = \sqrt{\sigma^2 + s^2}` (the y-coordinate of the lines is the same
uniform for both and drops out of every divergence). Then, in nats,

* :math:`KL = \theta^2 / 2\sigma_{\text{eff}}^2` (``inf`` for the bare lines, :math:`\theta \ne 0`),
* :math:`JS = \log 2 - E[\log(1 + e^{dZ - d^2/2})]`, :math:`d = |\theta|/\sigma_{\text{eff}}`
  (``log 2`` for the bare lines, :math:`\theta \ne 0`),
* :math:`W_1 = |\theta|` (in units of x), whatever the noise.

:func:`gaussian_js_fast` evaluates the JS integral on a fixed trapezoid grid in ``z`` for many
``theta`` at once (agreeing with the quadrature in :func:`helpers.gaussian_js` to ~1e-12);
:func:`showdown_curves` caches whole curves over ``theta`` so that a slider for ``theta`` only
moves markers. Derivations: ``mathnotes/06-kl-js-wasserstein-showdown.md``.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .divergences import LOG2, js_divergence, kl_divergence
from .examples import discretize_normal, gaussian_js, gaussian_kl, gaussian_w1
from .gan import gan_value, optimal_discriminator
from .transport import wasserstein_1d

#: Trapezoid nodes for E[f(Z)], Z ~ N(0, 1): step 0.025 on [-10, 10]. The integrands used here
#: are smooth (analytic near the real axis) and negligible beyond |z| = 10, where the trapezoid
#: rule converges geometrically; tests/test_showdown.py checks it against adaptive quadrature
#: (helpers.gaussian_js) to 1e-9 for 0 <= d <= 400.
_Z = np.linspace(-10.0, 10.0, 801)
_W = np.full(_Z.size, _Z[1] - _Z[0]) * np.exp(-0.5 * _Z**2) / math.sqrt(2.0 * math.pi)
_W[[0, -1]] *= 0.5

#: sqrt(2 / pi) = E|Z| for Z ~ N(0, 1).
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _as_theta(theta) -> np.ndarray:
    arr = np.asarray(theta, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError("theta must be finite")
    return arr


def _check_nonnegative(value, name: str) -> float:
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def _check_positive(value, name: str) -> float:
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def _scalar_or_array(out: np.ndarray):
    return float(out) + 0.0 if np.ndim(out) == 0 else out + 0.0


def _separation_terms(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """E[softplus(U)] and E[expit(U)^2] with U = dZ - d^2/2, for each d >= 0 (vectorised)."""
    u = d[:, None] * _Z[None, :] - 0.5 * (d * d)[:, None]
    small = np.exp(-np.abs(u))  # in (0, 1]: no overflow whatever the sign of u
    softplus = np.maximum(u, 0.0) + np.log1p(small)
    logistic = np.where(u >= 0, 1.0, small) / (1.0 + small)
    return softplus @ _W, (logistic * logistic) @ _W


def _unique_abs(d: np.ndarray):
    flat = np.abs(d).ravel()
    uniq, inverse = np.unique(flat, return_inverse=True)
    return uniq, inverse.reshape(d.shape)


def gaussian_js_fast(theta, sigma=1.0):
    r"""JS between :math:`N(0,\sigma^2)` and :math:`N(\theta,\sigma^2)` in nats, vectorised.

    .. math:: JS = \log 2 - E\left[\log\left(1 + e^{dZ - d^2/2}\right)\right],
              \quad d = |\theta| / \sigma,\ Z \sim N(0, 1),

    by the trapezoid rule on a fixed grid in ``z`` (one matrix product for all ``theta``).
    Agrees with :func:`helpers.gaussian_js` (adaptive quadrature) to about 1e-12.

    Examples
    --------
    >>> from helpers import gaussian_js
    >>> abs(gaussian_js_fast(1.3, 0.7) - gaussian_js(1.3, 0.7)) < 1e-10
    True
    >>> gaussian_js_fast([0.0, 50.0]).round(12).tolist() == [0.0, round(LOG2, 12)]
    True
    """
    sigma = _check_positive(sigma, "sigma")
    t = _as_theta(theta)
    uniq, inverse = _unique_abs(t / sigma)
    expect, _ = _separation_terms(uniq)
    js = np.clip(LOG2 - expect, 0.0, LOG2)
    js[uniq == 0] = 0.0
    return _scalar_or_array(js[inverse])


def gaussian_js_slope_fast(theta, sigma=1.0):
    r""":math:`\partial JS/\partial\theta` for the Gaussian pair, in nats per unit of θ, vectorised.

    Differentiating under the expectation and using Stein's identity
    :math:`E[Z g(Z)] = E[g'(Z)]` gives

    .. math:: \frac{\partial JS}{\partial\theta} = \operatorname{sign}(\theta)\,\frac{d}{\sigma}\,
              E\left[\operatorname{sigmoid}(dZ - d^2/2)^2\right],

    with the sigmoid (logistic) function: positive for θ > 0, 0 at θ = 0, and dying out like
    :math:`e^{-d^2/8}` once the Gaussians separate.

    Examples
    --------
    >>> from helpers import gaussian_js_slope
    >>> abs(gaussian_js_slope_fast(-1.1, 0.8) - gaussian_js_slope(-1.1, 0.8)) < 1e-10
    True
    """
    sigma = _check_positive(sigma, "sigma")
    t = _as_theta(theta)
    uniq, inverse = _unique_abs(t / sigma)
    _, sq = _separation_terms(uniq)
    slope = uniq * sq / sigma
    return _scalar_or_array(np.sign(t) * slope[inverse])


def effective_sigma(sigma, noise) -> float:
    r""":math:`\sigma_{\text{eff}} = \sqrt{\sigma^2 + s^2}`: adding independent :math:`N(0, s^2)`
    noise to :math:`N(\mu, \sigma^2)` gives :math:`N(\mu, \sigma^2 + s^2)`.

    ``sigma = 0`` stands for a point mass (the x-coordinate of a parallel line).

    >>> effective_sigma(0.3, 0.4)
    0.5
    """
    sigma = _check_nonnegative(sigma, "sigma")
    noise = _check_nonnegative(noise, "noise")
    return math.hypot(sigma, noise)


def noise_cost(sigma, noise) -> float:
    r"""W1 between data and blurred data: :math:`(\sigma_{\text{eff}} - \sigma)\sqrt{2/\pi}`.

    The price of instance noise: the blurred data is not the data. For the parallel lines
    (``sigma = 0``) this is :math:`s\sqrt{2/\pi}` (mean horizontal displacement
    :math:`E|sZ|`); for :math:`N(0,\sigma^2)` the quantile coupling
    :math:`x \mapsto (\sigma_{\text{eff}}/\sigma)\,x` is optimal and costs
    :math:`(\sigma_{\text{eff}} - \sigma) E|Z|`. In units of x.

    >>> round(noise_cost(0.0, 1.0), 6)
    0.797885
    >>> noise_cost(1.0, 0.0)
    0.0
    """
    return (effective_sigma(sigma, noise) - float(sigma)) * SQRT_2_OVER_PI + 0.0


def showdown_values(theta, sigma=0.0, noise=0.0) -> dict:
    r"""KL, JS (nats), W1 (units of x) between data and model, and their slopes in θ.

    Parameters
    ----------
    theta : float or array
        The shift of the model.
    sigma : float
        Width of the x-coordinate: 0 for the WGAN parallel lines, σ > 0 for two Gaussians.
    noise : float
        Instance-noise standard deviation ``s`` added to both (x-coordinate only).

    Returns
    -------
    dict
        ``kl``, ``js``, ``w1`` and ``kl_slope``, ``js_slope``, ``w1_slope`` (∂/∂θ of each), all
        shaped like ``theta``. Where a curve has no derivative the slope is NaN: KL of the bare
        lines (infinite), JS of the bare lines at θ = 0 (a jump), W1 at θ = 0 (a corner).

    Examples
    --------
    >>> v = showdown_values(0.5)                      # the parallel lines
    >>> v["kl"], round(v["js"], 6), v["w1"], v["js_slope"], v["w1_slope"]
    (inf, 0.693147, 0.5, 0.0, 1.0)
    >>> v = showdown_values(2.0, sigma=1.0)           # N(0, 1) and N(2, 1)
    >>> v["kl"], v["kl_slope"], v["w1"]
    (2.0, 2.0, 2.0)
    """
    s_eff = effective_sigma(sigma, noise)
    t = _as_theta(theta)
    zero = t == 0
    w1 = np.abs(t)
    w1_slope = np.where(zero, np.nan, np.sign(t))
    if s_eff == 0:
        kl = np.where(zero, 0.0, np.inf)
        kl_slope = np.full(t.shape, np.nan)
        js = np.where(zero, 0.0, LOG2)
        js_slope = np.where(zero, np.nan, 0.0)
    else:
        kl = t * t / (2.0 * s_eff**2)
        kl_slope = t / s_eff**2
        js = np.asarray(gaussian_js_fast(t, s_eff))
        js_slope = np.asarray(gaussian_js_slope_fast(t, s_eff))
    out = {
        "kl": kl,
        "js": js,
        "w1": w1,
        "kl_slope": kl_slope,
        "js_slope": js_slope,
        "w1_slope": w1_slope,
    }
    return {k: _scalar_or_array(np.asarray(v, dtype=float)) for k, v in out.items()}


def theta_grid(theta_max=4.0, n=401) -> np.ndarray:
    """An odd number ``n`` of evenly spaced θ on ``[-theta_max, theta_max]``, with 0 exactly.

    >>> theta_grid(1.0, 5).tolist()
    [-1.0, -0.5, 0.0, 0.5, 1.0]
    """
    theta_max = _check_positive(theta_max, "theta_max")
    n = int(n)
    if n < 3 or n % 2 == 0:
        raise ValueError(f"n must be odd and >= 3 (so that 0 is on the grid), got {n}")
    half = np.linspace(0.0, theta_max, n // 2 + 1)
    return np.concatenate((-half[:0:-1], half)) + 0.0


@functools.lru_cache(maxsize=64)
def _cached_curves(sigma: float, noise: float, theta_max: float, n: int):
    thetas = theta_grid(theta_max, n)
    values = showdown_values(thetas, sigma, noise)
    for arr in values.values():
        arr.setflags(write=False)
    thetas.setflags(write=False)
    return thetas, values


def showdown_curves(sigma=0.0, noise=0.0, theta_max=4.0, n=401):
    """``(thetas, values)``: :func:`showdown_values` on :func:`theta_grid`, cached.

    The result is computed once per ``(sigma, noise, theta_max, n)`` and returned read-only,
    so a figure can ask for it on every slider move at no cost.

    >>> thetas, v = showdown_curves(1.0)
    >>> thetas.shape, sorted(v)
    ((401,), ['js', 'js_slope', 'kl', 'kl_slope', 'w1', 'w1_slope'])
    """
    return _cached_curves(
        _check_nonnegative(sigma, "sigma"),
        _check_nonnegative(noise, "noise"),
        _check_positive(theta_max, "theta_max"),
        int(n),
    )


def shifted_densities(x, theta, sigma):
    r"""Densities of :math:`N(0,\sigma^2)` and :math:`N(\theta,\sigma^2)` at the points ``x``.

    For drawing. ``sigma`` must be positive (a point mass has no density).

    >>> p, q = shifted_densities([0.0, 1.0], 1.0, 1.0)
    >>> bool(p[0] == q[1])
    True
    """
    sigma = _check_positive(sigma, "sigma")
    x = np.asarray(x, dtype=float)
    norm = 1.0 / (sigma * math.sqrt(2.0 * math.pi))
    p = norm * np.exp(-0.5 * (x / sigma) ** 2)
    q = norm * np.exp(-0.5 * ((x - float(theta)) / sigma) ** 2)
    return p, q


# --- the GAN link ----------------------------------------------------------------------------


def gan_grid(theta, sigma=1.0, n=1201) -> np.ndarray:
    r"""An evenly spaced grid covering both :math:`N(0,\sigma^2)` and :math:`N(\theta,\sigma^2)`
    to 6σ beyond their means (the end cells of the discretisation take the rest).

    Narrower than the default grid, so that the discretised V(D*, G) stays within about 1e-5 of
    the continuous value without wasting points on the far tails.

    >>> x = gan_grid(2.0)
    >>> float(x[0]), float(x[-1]), x.size
    (-6.0, 8.0, 1201)
    """
    sigma = _check_positive(sigma, "sigma")
    theta = float(theta)
    return np.linspace(min(0.0, theta) - 6.0 * sigma, max(0.0, theta) + 6.0 * sigma, int(n))


def optimal_gan_value(theta, sigma=1.0, x=None) -> float:
    r""":math:`V(D^*, G)` on a grid, for data N(0, σ²) and model N(θ, σ²).

    Both are discretised on ``x`` (:func:`gan_grid` unless given), :math:`D^* = p_r/(p_r+p_g)`
    comes from :func:`helpers.optimal_discriminator` and the value from
    :func:`helpers.gan_value`. It equals :math:`2\,JS - 2\log 2` of the two grid vectors
    exactly, and of the continuous pair up to the discretisation error (about 1e-5 for
    :math:`|\theta|/\sigma \le 4`). It stays finite however far apart the two are:
    :func:`helpers.optimal_discriminator` keeps :math:`D^*` below 1 wherever the model has mass.

    >>> round(optimal_gan_value(0.0), 12) == round(-2 * LOG2, 12)
    True
    """
    grid = gan_grid(theta, sigma) if x is None else x
    p = discretize_normal(grid, 0.0, sigma)
    q = discretize_normal(grid, float(theta), sigma)
    return gan_value(p, q, optimal_discriminator(p, q))


def frozen_discriminator_gradient(theta, sigma=1.0, x=None, step=1e-5) -> float:
    r"""What the generator feels: :math:`\partial_\theta\, E_{P_\theta}[\log(1 - D^*(x))]` with
    :math:`D^*` computed at θ and then held fixed (central difference, in nats per unit θ).

    Training freezes the discriminator while the generator steps. Because :math:`D^*` maximises
    :math:`V(\cdot, G_\theta)`, this partial derivative equals the total derivative of
    :math:`V(D^*_\theta, G_\theta) = 2JS - 2\log 2` (the envelope theorem), i.e.
    :math:`2\,\partial JS/\partial\theta`. The term :math:`E_{P_r}[\log D]` has no θ in it once D
    is fixed.
    :math:`\log(1 - D^*)` is evaluated as :math:`\log q - \log(p + q)`, which stays accurate
    where :math:`D^*` is within rounding of 1.

    >>> g = frozen_discriminator_gradient(1.0)
    >>> abs(g - 2 * gaussian_js_slope_fast(1.0)) < 1e-4
    True
    """
    grid = gan_grid(theta, sigma) if x is None else x
    theta = float(theta)
    step = _check_positive(step, "step")
    p = discretize_normal(grid, 0.0, sigma)
    q = discretize_normal(grid, theta, sigma)
    change = discretize_normal(grid, theta + step, sigma) - discretize_normal(
        grid, theta - step, sigma
    )
    # Cells where q underflowed to 0 carry a term q' log q -> 0; leave them out.
    moving = (change != 0) & (q > 0)
    log_fake = np.log(q[moving]) - np.log(p[moving] + q[moving])
    return float(np.dot(change[moving], log_fake)) / (2.0 * step) + 0.0


# --- the scoreboard ----------------------------------------------------------------------------


def empirical_pair(x_p, x_q):
    r"""Two samples as probability vectors on their pooled points.

    Sample ``x_p`` gives weight :math:`1/n_p` to each of its points, ``x_q`` weight
    :math:`1/n_q` to each of its own; ``points`` holds every distinct value of either sample,
    sorted, and a value drawn several times (in one sample or in both) carries the sum of its
    weights. With continuous data no value is shared (with probability 1), so the two empirical
    distributions have disjoint supports.

    Returns ``(points, p, q)``.

    >>> points, p, q = empirical_pair([0.0, 1.0], [0.5])
    >>> points.tolist(), p.tolist(), q.tolist()
    ([0.0, 0.5, 1.0], [0.5, 0.0, 0.5], [0.0, 1.0, 0.0])
    >>> empirical_pair([1.0, 2.0], [2.0, 1.0])[1:]  # the same sample twice: P = Q
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """
    x_p = np.asarray(x_p, dtype=float).ravel()
    x_q = np.asarray(x_q, dtype=float).ravel()
    if x_p.size == 0 or x_q.size == 0 or not (np.all(np.isfinite(x_p))
                                              and np.all(np.isfinite(x_q))):
        raise ValueError("empirical_pair needs two non-empty samples of finite numbers")
    points, where = np.unique(np.concatenate((x_p, x_q)), return_inverse=True)
    p = np.bincount(where[: x_p.size], minlength=points.size) / x_p.size
    q = np.bincount(where[x_p.size:], minlength=points.size) / x_q.size
    return points, p, q


def scoreboard_evidence(n=500, theta=0.5, seed=0) -> dict:
    r"""The numbers behind notebook 06's closing scoreboard of KL, JS and W1.

    * ``samples``: KL, JS (nats) and W1 between two samples of size ``n`` from :math:`N(0, 1)`
      and :math:`N(\theta, 1)`, each taken as an empirical distribution (what a GAN has).
      No point is shared, so :math:`KL = \infty`, :math:`JS = \log 2`, whatever θ; W1 comes
      out near the true :math:`|\theta|`. ``samples["w1_big"]`` repeats the W1 estimate with
      ``20 n`` points (closer still).
    * ``asymmetry``: KL between :math:`N(0, 1)` and :math:`N(1, 2^2)` both ways, on a grid
      (closed forms :math:`\log 2 - 1/4` and :math:`2 - \log 2`), and JS and W1 both ways.
    * ``triangle``: for shifts of 0.5 and 0.5 (σ = 1), each measure between the ends against
      the sum of the two steps: KL and JS break the triangle inequality, :math:`\sqrt{JS}`
      and W1 do not.
    * ``far``: the slopes ∂/∂θ of KL, JS, W1 at θ = 8σ (σ = 1).

    >>> ev = scoreboard_evidence(n=200)
    >>> ev["samples"]["kl"], round(ev["samples"]["js"] / LOG2, 12)
    (inf, 1.0)
    """
    rng = np.random.default_rng(seed)
    x_p = rng.normal(0.0, 1.0, int(n))
    x_q = rng.normal(float(theta), 1.0, int(n))
    _, p, q = empirical_pair(x_p, x_q)
    big_p = rng.normal(0.0, 1.0, 20 * int(n))
    big_q = rng.normal(float(theta), 1.0, 20 * int(n))
    samples = {"kl": kl_divergence(p, q), "js": js_divergence(p, q),
               "w1": wasserstein_1d(x_p, x_q), "w1_big": wasserstein_1d(big_p, big_q)}

    grid = np.linspace(-16.0, 16.0, 6401)
    a = discretize_normal(grid, 0.0, 1.0)
    b = discretize_normal(grid, 1.0, 2.0)
    asymmetry = {
        "kl_pq": kl_divergence(a, b), "kl_qp": kl_divergence(b, a),
        "js_pq": js_divergence(a, b), "js_qp": js_divergence(b, a),
        "w1_pq": wasserstein_1d(grid, grid, a, b), "w1_qp": wasserstein_1d(grid, grid, b, a),
    }

    step, both = 0.5, 1.0
    triangle = {
        "kl": (float(gaussian_kl(both)), 2 * float(gaussian_kl(step))),
        "js": (float(gaussian_js(both)), 2 * float(gaussian_js(step))),
        "sqrt_js": (math.sqrt(gaussian_js(both)), 2 * math.sqrt(gaussian_js(step))),
        "w1": (float(gaussian_w1(both)), 2 * float(gaussian_w1(step))),
    }
    values = showdown_values(8.0, sigma=1.0)
    far = {"kl": values["kl_slope"], "js": values["js_slope"], "w1": values["w1_slope"]}
    return {"samples": samples, "asymmetry": asymmetry, "triangle": triangle, "far": far}


__all__ = [
    "SQRT_2_OVER_PI",
    "effective_sigma",
    "empirical_pair",
    "frozen_discriminator_gradient",
    "gan_grid",
    "gaussian_js_fast",
    "gaussian_js_slope_fast",
    "noise_cost",
    "optimal_gan_value",
    "scoreboard_evidence",
    "shifted_densities",
    "showdown_curves",
    "showdown_values",
    "theta_grid",
]
