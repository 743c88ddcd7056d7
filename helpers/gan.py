"""The GAN objective on discrete distributions, its optimal discriminator, and the generator's
gradients (notebook 07, ``mathnotes/07-the-gan-derivation.md``).

``p_real`` (P_r) and ``p_gen`` (P_g) are probability vectors over the same outcomes; a
discriminator ``d`` gives, for each outcome, the probability that it came from the data.
Conventions: ``0 * log 0 = 0``, so an outcome neither distribution produces costs nothing.

Beyond the value itself:

* :func:`frozen_generator_gradients`: what the generator feels when it moves its distribution in
  a direction ``p_gen_slope`` while :math:`D^*` stays frozen, for both generator losses
  (Arjovsky & Bottou 2017, Thm 2.5 for the non-saturating one);
* :func:`near_perfect_discriminator`: a concrete family for Arjovsky & Bottou's Thm 2.4, two
  boxes a gap apart and a logistic discriminator whose error :math:`\varepsilon` shrinks;
* :func:`noisy_discriminator_gradients`: the setting of their Thm 2.6, a discriminator equal to
  :math:`D^*` plus independent Gaussian noise.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit, log_expit, xlog1py, xlogy

from .examples import discretize_normal
from .validation import as_distribution, as_float_array, as_pair


def _discriminator(d, size: int) -> np.ndarray:
    arr = as_float_array(d, "d")
    if arr.size != size:
        raise ValueError(f"d has {arr.size} entries but the distributions have {size}")
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise ValueError(f"d[{i}] = {float(arr[i])!r} is not a probability: it must lie in [0, 1]")
    return arr


def optimal_discriminator(p_real, p_gen) -> np.ndarray:
    r"""The discriminator that maximises the GAN value: :math:`D^* = p_r / (p_r + p_g)`.

    Where both probabilities are 0 the outcome never occurs, every value of ``D`` there is
    optimal, and we return 1/2 ("cannot tell").

    Examples
    --------
    >>> optimal_discriminator([0.5, 0.5, 0.0], [0.0, 0.5, 0.5])
    array([1. , 0.5, 0. ])
    >>> optimal_discriminator([1.0, 0.0], [1.0, 0.0])
    array([0.5, 0.5])
    """
    r, g = as_pair(p_real, p_gen, ("p_real", "p_gen"))
    total = r + g
    out = np.full(r.size, 0.5)
    seen = total > 0
    out[seen] = r[seen] / total[seen]
    # Where p_gen > 0, D* < 1 mathematically, but p_r / (p_r + p_g) rounds to 1.0 once
    # p_g < 1e-16 p_r, and log(1 - D*) would turn V(D*, G) into -inf. Keep it below 1.
    below_one = np.nextafter(1.0, 0.0)
    out[g > 0] = np.minimum(out[g > 0], below_one)
    return out


def gan_value(p_real, p_gen, d) -> float:
    r""":math:`V(D, G) = \sum_x p_r(x) \log D(x) + \sum_x p_g(x) \log(1 - D(x))` in nats.

    With ``0 log 0 = 0``; ``-inf`` when ``D`` is 0 somewhere ``p_r`` is not (or 1 where ``p_g``
    is not). At the optimal discriminator it equals ``2 JS(p_r, p_g) - 2 log 2``.

    Examples
    --------
    >>> gan_value([0.5, 0.5], [0.5, 0.5], [0.5, 0.5])  # = -2 log 2
    -1.3862943611198906
    """
    r, g = as_pair(p_real, p_gen, ("p_real", "p_gen"))
    dd = _discriminator(d, r.size)
    return float(xlogy(r, dd).sum() + xlog1py(g, -dd).sum()) + 0.0


def saturating_generator_loss(p_gen, d) -> float:
    r"""The generator's original (minimax) loss :math:`\sum_x p_g(x) \log(1 - D(x))`.

    Examples
    --------
    >>> saturating_generator_loss([1.0, 0.0], [0.0, 1.0])
    0.0
    """
    g = as_distribution(p_gen, "p_gen")
    dd = _discriminator(d, g.size)
    return float(xlog1py(g, -dd).sum()) + 0.0


def nonsaturating_generator_loss(p_gen, d) -> float:
    r"""The "-log D" generator loss :math:`\sum_x p_g(x)\,(-\log D(x))`.

    ``+inf`` when ``D`` is 0 somewhere the generator puts mass.

    Examples
    --------
    >>> nonsaturating_generator_loss([0.5, 0.5], [0.5, 0.5])
    0.6931471805599453
    """
    g = as_distribution(p_gen, "p_gen")
    dd = _discriminator(d, g.size)
    return -float(xlogy(g, dd).sum()) + 0.0


def frozen_generator_gradients(p_real, p_gen, p_gen_slope) -> dict:
    r"""The generator's gradients with the optimal discriminator of ``p_gen`` held fixed.

    The generator moves its distribution along ``p_gen_slope`` (the derivative
    :math:`\partial_\theta p_g`, a vector summing to 0) while :math:`D^* = p_r/(p_r + p_g)` is
    frozen at the current ``p_gen``. Since the losses are linear in :math:`p_g` for a fixed
    :math:`D`, their derivatives are

    .. math::
        \text{minimax: } \sum_x \partial_\theta p_g(x)\,\log(1 - D^*(x)), \qquad
        \text{non-saturating: } \sum_x \partial_\theta p_g(x)\,(-\log D^*(x)),

    in nats per unit of θ. The logarithms are taken as :math:`\log p_g - \log(p_r + p_g)` and
    :math:`\log(p_r + p_g) - \log p_r`, accurate where :math:`D^*` is within rounding of 0 or 1.
    The non-saturating one equals the derivative of :math:`KL(P_g \Vert P_r) - 2\,JS(P_r, P_g)`
    along ``p_gen_slope`` (Arjovsky & Bottou 2017, Thm 2.5); it is ``±inf`` if mass moves into
    an outcome the data never produces (:math:`D^* = 0` there).

    Returns
    -------
    dict with ``"minimax"`` and ``"nonsaturating"`` (floats).

    Examples
    --------
    >>> g = frozen_generator_gradients([0.5, 0.5], [0.25, 0.75], [0.1, -0.1])
    >>> round(g["nonsaturating"], 4), round(g["minimax"], 4)
    (-0.0511, -0.0588)
    """
    r, g = as_pair(p_real, p_gen, ("p_real", "p_gen"))
    slope = as_float_array(p_gen_slope, "p_gen_slope")
    if slope.size != r.size:
        raise ValueError(
            f"p_gen_slope has {slope.size} entries but the distributions have {r.size}"
        )
    if abs(math.fsum(slope)) > 1e-9 * max(1.0, float(np.abs(slope).sum())):
        raise ValueError(f"p_gen_slope sums to {math.fsum(slope)!r}, not 0: it must keep the total "
                         "probability at 1")
    stuck = (slope != 0) & (g == 0)
    if stuck.any():
        i = int(np.flatnonzero(stuck)[0])
        raise ValueError(f"p_gen_slope[{i}] = {float(slope[i])!r} but p_gen[{i}] = 0: a "
                         "probability at 0 cannot have a nonzero derivative")
    moving = slope != 0
    s, rr, gg = slope[moving], r[moving], g[moving]
    with np.errstate(divide="ignore"):
        log_total = np.log(rr + gg)
        log_fake = np.log(gg) - log_total  # log(1 - D*), finite since gg > 0
        minus_log_real = log_total - np.log(rr)  # -log D*, +inf where rr = 0
    minimax = float(np.dot(s, log_fake))
    outside = np.isinf(minus_log_real)
    if outside.any():
        direction = float(s[outside].sum())
        nonsat = math.copysign(math.inf, direction) if direction != 0 else math.inf
    else:
        nonsat = float(np.dot(s, minus_log_real))
    return {"minimax": minimax + 0.0, "nonsaturating": nonsat + 0.0}


def gaussian_frozen_gradients(theta, sigma=1.0, x=None, step=1e-5) -> dict:
    r""":func:`frozen_generator_gradients` for data N(0, σ²) and generator N(θ, σ²) on a grid.

    Both are discretised on ``x`` (default: 1201 points from 6σ left of the leftmost mean to 6σ
    right of the rightmost), and :math:`\partial_\theta p_g` is a central difference of the
    discretised generator with step ``step``. With :math:`D^*` frozen at θ the minimax gradient
    is :math:`2\,\partial JS/\partial\theta` (the envelope argument) and the non-saturating one is
    :math:`\theta/\sigma^2 - 2\,\partial JS/\partial\theta` (Thm 2.5 with
    :math:`KL(N(\theta,\sigma^2) \Vert N(0,\sigma^2)) = \theta^2/2\sigma^2`).

    >>> g = gaussian_frozen_gradients(2.0)
    >>> round(g["nonsaturating"] + g["minimax"], 4)  # = θ / σ²
    2.0
    """
    sigma = _check_positive(sigma, "sigma")
    theta = float(theta)
    step = _check_positive(step, "step")
    if x is None:
        x = np.linspace(min(0.0, theta) - 6.0 * sigma, max(0.0, theta) + 6.0 * sigma, 1201)
    p = discretize_normal(x, 0.0, sigma)
    q = discretize_normal(x, theta, sigma)
    slope = (discretize_normal(x, theta + step, sigma) - discretize_normal(x, theta - step, sigma))
    slope = slope / (2.0 * step)
    slope[q == 0] = 0.0  # far cells where q underflowed: their q' log q terms vanish
    return frozen_generator_gradients(p, q, slope)


def _check_positive(value, name: str) -> float:
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def _softplus(u: float) -> float:
    return float(np.logaddexp(0.0, u))


def near_perfect_discriminator(sharpness, gap=3.0) -> dict:
    r"""Arjovsky & Bottou's Thm 2.4 on a concrete family: the minimax gradient and its bound.

    Data :math:`P_r` uniform on :math:`[-1, 0]`; generator :math:`x = z + \theta`,
    :math:`z \sim U[0, 1]`, at :math:`\theta =` ``gap``, so :math:`P_g = U[g, g + 1]` and the
    supports are disjoint. A perfect discriminator :math:`D^*` is 1 on the data and 0 on the
    fakes, with zero slope there. A trained one is the logistic
    :math:`D(x) = \operatorname{sigmoid}(k\,(g/2 - x))` of ``sharpness`` :math:`k > 0`, centred in
    the gap.

    Its error on the two supports, :math:`\varepsilon = \sup |D - D^*| + |D' - D^{*\prime}|`, is
    reached at the edges next to the gap: with :math:`r = \operatorname{sigmoid}(-kg/2)`,
    :math:`\varepsilon = r + k\,r(1 - r)`. The generator's minimax gradient with :math:`D`
    frozen, :math:`\partial_\theta E_z[\log(1 - D(z + \theta))]`, is
    :math:`k\,E_z[D(z + \theta)] = \operatorname{softplus}(-kg/2) -
    \operatorname{softplus}(-k(g/2 + 1))` (nats per unit θ), below the theorem's bound
    :math:`C\varepsilon/(1 - \varepsilon)` with :math:`C = 1` (the Jacobian of
    :math:`z + \theta` in θ). The non-saturating gradient with the same frozen D,
    :math:`\partial_\theta E_z[-\log D(z + \theta)] = k\,E_z[1 - D(z + \theta)] =
    \operatorname{softplus}(k(g/2 + 1)) - \operatorname{softplus}(kg/2)`, is instead close to
    :math:`k`: it grows as the discriminator sharpens.

    Returns
    -------
    dict with ``"error"`` (ε), ``"gradient"`` (minimax), ``"bound"``,
    ``"nonsaturating_gradient"`` and ``"centre"`` (g/2).

    Examples
    --------
    >>> out = near_perfect_discriminator(4.0)
    >>> out["gradient"] < out["bound"] < 0.02
    True
    """
    k = _check_positive(sharpness, "sharpness")
    gap = _check_positive(gap, "gap")
    s = float(expit(-k * gap / 2))
    error = s + k * s * (1.0 - s)
    gradient = _softplus(-k * gap / 2) - _softplus(-k * (gap / 2 + 1.0))
    bound = error / (1.0 - error) if error < 1 else math.inf
    nonsat = _softplus(k * (gap / 2 + 1.0)) - _softplus(k * gap / 2)
    return {"error": error, "gradient": gradient, "bound": bound,
            "nonsaturating_gradient": nonsat, "centre": gap / 2}


def logistic_discriminator(x, sharpness, centre) -> np.ndarray:
    r"""The logistic discriminator :math:`D(x) = \operatorname{sigmoid}(k\,(c - x))`: near 1 left of
    ``centre``.

    >>> logistic_discriminator([0.0, 1.5, 3.0], 4.0, 1.5).round(4)
    array([0.9975, 0.5   , 0.0025])
    """
    k = _check_positive(sharpness, "sharpness")
    arr = as_float_array(x, "x")
    return expit(k * (float(centre) - arr))


def log_one_minus_logistic(x, sharpness, centre) -> np.ndarray:
    r""":math:`\log(1 - D(x)) = \log \operatorname{sigmoid}(k\,(x - c))`, accurate where D is near
    1.

    >>> float(log_one_minus_logistic([0.0], 40.0, 1.5)[0])
    -60.0
    """
    k = _check_positive(sharpness, "sharpness")
    arr = as_float_array(x, "x")
    return log_expit(k * (arr - float(centre)))


def sharpness_for_error(error, gap=3.0) -> float:
    r"""The sharpness :math:`k` at which :func:`near_perfect_discriminator` has error ``error``.

    ε falls from 1/2 (at :math:`k \to 0`) towards 0 as :math:`k` grows, monotonically for
    ``gap`` :math:`\ge 2` (its slope at :math:`k = 0` is :math:`1/4 - g/8`; for a smaller gap it
    first rises a little above 1/2, and the root below 1/2 is still unique); solved by
    bracketing on :math:`\log\varepsilon`.

    >>> k = sharpness_for_error(1e-3)
    >>> round(near_perfect_discriminator(k)["error"], 12)
    0.001
    """
    error = _check_positive(error, "error")
    gap = _check_positive(gap, "gap")
    if error >= 0.5:
        raise ValueError(f"error must be below 1/2 (the error of a flat D), got {error!r}")
    if error < 1e-250:
        raise ValueError(f"error {error!r} is too small to represent the discriminator")

    def excess(k):
        return math.log(near_perfect_discriminator(k, gap)["error"]) - math.log(error)

    hi = 1.0
    while excess(hi) > 0:
        hi *= 2.0
    return float(brentq(excess, 1e-9, hi, xtol=1e-14, rtol=1e-15))


def noisy_discriminator_gradients(noise_sd, size=20000, seed=0) -> dict:
    r"""Per-sample generator gradients from a noisy near-perfect discriminator (Thm 2.6 setting).

    On the generator's support the perfect discriminator has :math:`D^* = 0` and
    :math:`\nabla D^* = 0`. Arjovsky & Bottou (2017, Thm 2.6) let the trained one differ by
    independent centred Gaussian noise: :math:`D^* - D = \varepsilon`,
    :math:`\nabla D^* - \nabla D = r`, both :math:`N(0, \text{noise\_sd}^2)` and independent (an
    idealisation: it lets D leave [0, 1]). With a generator Jacobian of 1, one sample gives

    * minimax: :math:`\nabla_\theta \log(1 - D) = -\nabla D/(1 - D) = r/(1 + \varepsilon)`,
      about :math:`r`, which shrinks with the noise;
    * non-saturating: :math:`-\nabla_\theta \log D = -\nabla D/D = -r/\varepsilon`, a ratio of
      independent centred Gaussians: standard **Cauchy** whatever ``noise_sd`` (no mean, no
      variance).

    The draws are the same standard normals for every ``noise_sd`` (fixed ``seed``).

    Returns
    -------
    dict with ``"minimax"`` and ``"nonsaturating"`` arrays of length ``size``.

    Examples
    --------
    >>> g = noisy_discriminator_gradients(0.01, size=5)
    >>> same = noisy_discriminator_gradients(0.5, size=5)["nonsaturating"]
    >>> bool(np.allclose(g["nonsaturating"], same))
    True
    """
    noise_sd = _check_positive(noise_sd, "noise_sd")
    size = int(size)
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    rng = np.random.default_rng(seed)
    eps_std, r_std = rng.standard_normal((2, size))
    eps, r = noise_sd * eps_std, noise_sd * r_std
    return {"minimax": r / (1.0 + eps), "nonsaturating": -r_std / eps_std}


__all__ = [
    "frozen_generator_gradients",
    "gan_value",
    "gaussian_frozen_gradients",
    "log_one_minus_logistic",
    "logistic_discriminator",
    "near_perfect_discriminator",
    "noisy_discriminator_gradients",
    "nonsaturating_generator_loss",
    "optimal_discriminator",
    "saturating_generator_loss",
    "sharpness_for_error",
]
