"""Cross-entropy, Kullback-Leibler and Jensen-Shannon divergences of discrete distributions.

Both arguments are probability vectors over the same outcomes (same length, each summing to 1).

Conventions (documented in ``mathnotes/00-conventions.md`` and tested):

* ``0 * log(0 / q) = 0``: outcomes that ``p`` never produces contribute nothing;
* ``p_i * log(p_i / 0) = +inf`` for ``p_i > 0``: cross-entropy and KL are ``+inf`` as soon as
  ``q`` rules out something ``p`` can produce;
* JS is always finite, ``0 <= JS <= log 2`` (1 bit), and equals ``log 2`` exactly when the
  supports are disjoint.

No ``RuntimeWarning``, NaN or ``-0.0`` comes out of these functions.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import rel_entr

from .validation import as_pair, log_base_factor

LOG2 = math.log(2.0)
_TINY = float(np.nextafter(0.0, 1.0))  # smallest positive (subnormal) float


def cross_entropy(p, q, base=None) -> float:
    r"""Cross-entropy :math:`H(p, q) = -\sum_i p_i \log q_i`.

    The average code length (in nats or bits) when outcomes come from ``p`` but the code was
    built for ``q``. Equals ``entropy(p) + kl_divergence(p, q)``.

    Returns ``inf`` when some ``q_i = 0 < p_i``.

    Examples
    --------
    >>> cross_entropy([0.5, 0.5], [0.25, 0.75], base=2)
    1.207518749639422
    >>> cross_entropy([1.0, 0.0], [0.0, 1.0])
    inf
    """
    a, b = as_pair(p, q)
    factor = log_base_factor(base)
    support = a > 0
    if np.any(b[support] == 0):
        return math.inf * factor
    # np.add.reduce, not np.dot: BLAS threads stall on a busy machine
    value = -float(np.add.reduce(a[support] * np.log(b[support])))
    return max(value, 0.0) * factor + 0.0


def kl_divergence(p, q, base=None) -> float:
    r"""Kullback-Leibler divergence :math:`KL(p \| q) = \sum_i p_i \log (p_i / q_i)`.

    Non-negative, zero exactly when ``p == q``, not symmetric. ``inf`` when some
    ``q_i = 0 < p_i``; terms with ``p_i = 0`` count as 0.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> round(kl_divergence([0.5, 0.5], [0.25, 0.75], base=2), 6)
    0.207519
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    a, b = as_pair(p, q)
    factor = log_base_factor(base)
    if np.array_equal(a, b):
        return 0.0
    if b.min() == 0.0 and a[b == 0].max() > 0:  # some q_i = 0 < p_i
        return math.inf * factor
    value = _xlog_ratio_sum(a, b)
    if math.isinf(value):  # some p_i / q_i overflowed (q_i subnormal): redo term by term
        value = float(rel_entr(a, b).sum())
    return max(value, 0.0) * factor + 0.0


def js_divergence(p, q, base=None) -> float:
    r"""Jensen-Shannon divergence :math:`JS(p, q) = \tfrac12 KL(p \| m) + \tfrac12 KL(q \| m)`.

    with the mixture :math:`m = (p + q)/2`. Symmetric, finite, between 0 and ``log 2`` nats
    (= 1 bit); ``log 2`` exactly when ``p`` and ``q`` have disjoint supports. Its square root is a
    metric; JS itself is not (it breaks the triangle inequality).

    Computed as :math:`\log 2 - \tfrac12 \sum_i [p_i \log\frac{p_i + q_i}{p_i} +
    q_i \log\frac{p_i + q_i}{q_i}]`, which is algebraically the same and gives exactly
    ``log 2`` on disjoint supports.

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0], base=2)
    1.0
    >>> js_divergence([0.3, 0.7], [0.3, 0.7])
    0.0
    """
    a, b = as_pair(p, q)
    factor = log_base_factor(base)
    if np.array_equal(a, b):
        return 0.0
    s = a + b
    overlap = _xlog_ratio_sum(a, s) + _xlog_ratio_sum(b, s)  # <= 0, 0 if disjoint
    value = min(max(LOG2 + 0.5 * overlap, 0.0), LOG2)
    return value * factor + 0.0


def _xlog_ratio_sum(x: np.ndarray, y: np.ndarray) -> float:
    """``sum(x_i * log(x_i / y_i))`` over ``x_i > 0`` (0 log 0 = 0), for ``y_i > 0`` there.

    Vectorised, without masks: where ``x_i = 0`` the ratio is 0 (or NaN if ``y_i = 0`` too);
    raising every ratio to at least the smallest positive float makes its log finite, so the
    term is exactly ``0 * finite = 0``. Where ``x_i > 0`` the ratio is at least ``x_i / 2``
    (``y_i <= 2`` here), a positive float, so it is unchanged. A ratio that overflows
    (subnormal ``y_i``) gives ``inf``, silently; the caller redoes that case.
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        terms = x / y
        np.fmax(terms, _TINY, out=terms)  # fmax also replaces the NaN of 0 / 0
        np.log(terms, out=terms)
        terms *= x
    return float(np.add.reduce(terms))
