"""The GAN objective on discrete distributions, and its optimal discriminator.

``p_real`` (P_r) and ``p_gen`` (P_g) are probability vectors over the same outcomes; a
discriminator ``d`` gives, for each outcome, the probability that it came from the data.
Conventions: ``0 * log 0 = 0``, so an outcome neither distribution produces costs nothing.
"""

from __future__ import annotations

import numpy as np
from scipy.special import xlog1py, xlogy

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
