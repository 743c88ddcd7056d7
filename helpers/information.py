"""Information content and entropy of discrete distributions.

Units: ``base=None`` means the natural logarithm (nats); ``base=2`` gives bits. Changing the base
multiplies every quantity by ``1/ln(base)``.

Conventions: ``0 * log 0 = 0`` (an impossible outcome contributes nothing to an entropy) and the
information content of an impossible event is ``+inf``.
"""

from __future__ import annotations

import numpy as np

from .validation import as_distribution, check_finite, log_base_factor

_TINY = float(np.nextafter(0.0, 1.0))  # smallest positive (subnormal) float


def information(p, base=None):
    r"""Information content (surprisal) :math:`I(p) = -\log p` of an event of probability ``p``.

    Parameters
    ----------
    p : float or array_like
        Probability in ``[0, 1]``; an array is handled elementwise.
    base : float, optional
        Logarithm base; ``None`` (default) gives nats, ``2`` gives bits.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``p``, an array of the same shape for an array. ``information(0)``
        is ``inf``; ``information(1)`` is ``0.0``.

    Examples
    --------
    >>> information(0.5, base=2)
    1.0
    >>> information([1.0, 0.25, 0.0], base=2)
    array([ 0.,  2., inf])
    """
    factor = log_base_factor(base)
    scalar = np.ndim(p) == 0
    if isinstance(p, (str, bytes)):
        raise TypeError(f"p must be a probability, got a string {p!r}")
    arr = np.asarray(p)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.floating)
        or np.issubdtype(arr.dtype, np.integer)
        or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"p must be real numbers, got dtype {arr.dtype}")
    arr = arr.astype(float)
    if arr.size == 0:
        raise ValueError("p is empty")
    check_finite(arr.reshape(-1), "p")
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        idx = int(np.flatnonzero(outside.reshape(-1))[0])
        where = "" if scalar else f"[{idx}]"
        value = float(arr.reshape(-1)[idx])
        raise ValueError(f"p{where} = {value!r} is not a probability: it must lie in [0, 1]")
    with np.errstate(divide="ignore"):
        out = -np.log(arr) * factor + 0.0  # + 0.0 turns -0.0 (at p = 1) into 0.0
    return float(out) if scalar else out


def entropy(p, base=None) -> float:
    r"""Shannon entropy :math:`H(p) = -\sum_i p_i \log p_i`, with :math:`0 \log 0 = 0`.

    Parameters
    ----------
    p : array_like, 1-D
        Probabilities summing to 1 (use :func:`helpers.normalize` for counts).
    base : float, optional
        ``None`` for nats (default), ``2`` for bits.

    Returns
    -------
    float
        Between 0 and ``log(len(p))``; 0 for a certain outcome, ``log n`` for the uniform
        distribution.

    Examples
    --------
    >>> entropy([0.5, 0.5], base=2)
    1.0
    >>> entropy([1.0, 0.0])
    0.0
    """
    arr = as_distribution(p, "p")
    # 0 log 0 = 0: raising 0 to the smallest positive float makes its log finite (about -744),
    # so an impossible outcome adds exactly 0 * -744 = 0; positive entries are unchanged.
    logs = np.log(np.fmax(arr, _TINY))
    logs *= arr
    value = -float(np.add.reduce(logs))
    return max(value, 0.0) * log_base_factor(base) + 0.0
