r"""Softmax and the softmax cross-entropy loss of a classifier, with its gradient.

A classifier turns a vector of **logits** :math:`z = (z_1, \dots, z_K)` (real numbers, any sign)
into probabilities with the softmax and is trained on a **target vector**
:math:`y = (y_1, \dots, y_K)` of non-negative weights:

* a one-hot target (one class, weight 1), a soft target (a distribution: label smoothing,
  distillation), or a multi-label target whose weights do **not** sum to 1 (e.g. two correct
  classes, each with weight 1). No helper here renormalises ``y``.

Formulas (natural logarithm, so losses are in **nats**):

.. math::

    p_i = \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}, \qquad
    L(z, y) = -\sum_i y_i \log p_i
            = \Big(\sum_i y_i\Big) \operatorname{logsumexp}(z) - \sum_i y_i z_i, \qquad
    \frac{\partial L}{\partial z_j} = p_j \sum_i y_i - y_j .

The gradient is :math:`p - y` only when the target sums to 1. Everything is computed from
:math:`z - \max z`, so logits of :math:`\pm 1000` give no overflow, no warning and no NaN.

Two classes (:func:`logistic`, :func:`binary_cross_entropy`): one logit :math:`\ell` per example
(or per class, for multi-label targets), the model's probability of the positive class
:math:`q = \operatorname{logistic}(\ell) = 1 / (1 + e^{-\ell})` (the "sigmoid"; the course
writes it out because :math:`\sigma` is a standard deviation) and the binary cross-entropy
:math:`-y \log q - (1 - y) \log(1 - q)`, whose derivative in :math:`\ell` is :math:`q - y`.

Shapes: ``z`` may have any number of dimensions; the classes run along ``axis`` (default the
last), so a batch of examples is a 2-D array with one row per example. ``y`` has the shape of
``z``. Losses are returned per example (a float for a single 1-D example).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from .validation import check_finite, check_nonnegative, real_array


def _as_real_array(values, name: str) -> np.ndarray:
    """A float array of at least one dimension, finite, non-empty; errors name ``name``."""
    arr = real_array(values, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must be a vector of logits (one per class), got a scalar")
    if arr.size == 0:
        raise ValueError(f"{name} is empty: there must be at least one class")
    check_finite(arr, name)
    with np.errstate(over="ignore"):
        spread = float(np.max(arr) - np.min(arr))
    if not np.isfinite(spread):
        raise ValueError(
            f"{name} spans more than the largest float (max - min overflows); "
            "no logits are that far apart in practice"
        )
    return arr


def _check_axis(arr: np.ndarray, axis: int, name: str) -> int:
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with shape {arr.shape}")
    return int(axis) % arr.ndim


def _logits_and_target(z, y, axis: int) -> tuple[np.ndarray, np.ndarray, int]:
    logits = _as_real_array(z, "z")
    target = _as_real_array(y, "y")
    if target.shape != logits.shape:
        raise ValueError(
            f"z and y must have the same shape (one target weight per logit): "
            f"z has shape {logits.shape}, y has shape {target.shape}"
        )
    check_nonnegative(target, "y")
    return logits, target, _check_axis(logits, axis, "z")


def _log_softmax(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``(log p, logsumexp(z) - z)``: both from ``z - max z``, so nothing overflows."""
    top = np.expand_dims(np.argmax(z, axis=axis), axis)
    shifted = z - np.take_along_axis(z, top, axis=axis)  # <= 0, the largest entry exactly 0
    others = np.exp(shifted)
    np.put_along_axis(others, top, 0.0, axis=axis)  # leave out the largest term, exp(0) = 1
    # log sum exp(shifted) = log1p(sum of the others): exact even when they are all tiny
    log_total = np.log1p(others.sum(axis=axis, keepdims=True))  # in [0, log K]
    surprisal = log_total - shifted  # -log p_i >= 0: no term can go negative
    return -surprisal, surprisal


def softmax(z, axis: int = -1) -> np.ndarray:
    r"""Softmax :math:`p_i = e^{z_i} / \sum_j e^{z_j}` along ``axis``: logits to probabilities.

    Parameters
    ----------
    z : array_like
        Finite logits (any real numbers, unitless), at least one dimension. The classes run
        along ``axis``; every other axis indexes separate examples.
    axis : int, default -1
        The axis of the classes. For a batch ``z`` of shape ``(n_examples, K)`` the default
        normalises each row.

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``; non-negative, summing to 1 along ``axis``. Adding a constant to every
        logit of an example does not change its probabilities.

    Notes
    -----
    Computed as ``exp(z - max z) / sum(exp(z - max z))``: the largest term is ``exp(0) = 1``,
    so the sum lies in ``[1, K]`` and logits of ``±1000`` neither overflow nor warn. A logit far
    below the largest gives a probability that underflows to exactly 0.

    Examples
    --------
    >>> softmax([0.0, 0.0])
    array([0.5, 0.5])
    >>> softmax([1000.0, -1000.0])
    array([1., 0.])
    >>> softmax([[0.0, np.log(3.0)], [5.0, 5.0]])
    array([[0.25, 0.75],
           [0.5 , 0.5 ]])
    >>> softmax([[0.0, 1.0], [0.0, 1.0]], axis=0)
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    logits = _as_real_array(z, "z")
    axis = _check_axis(logits, axis, "z")
    shifted = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def softmax_cross_entropy(z, y, axis: int = -1):
    r"""Cross-entropy :math:`L = -\sum_i y_i \log \mathrm{softmax}(z)_i` of logits ``z`` (nats).

    Parameters
    ----------
    z : array_like
        Finite logits, classes along ``axis``.
    y : array_like
        Target weights, the shape of ``z``: finite and non-negative. One-hot, a distribution
        (soft target), or any non-negative weights (multi-label); **not** renormalised. With a
        target that sums to 1 this is the cross-entropy :math:`H(y, p)`; in general it is
        :math:`(\sum_i y_i)\, H(y / \sum y, p)`.
    axis : int, default -1
        The axis of the classes.

    Returns
    -------
    float or numpy.ndarray
        The loss in nats, ``>= 0``: a float for a single example (1-D ``z``), else one loss per
        example (the shape of ``z`` without ``axis``). Divide by ``log 2`` for bits. An all-zero
        target gives 0.

    Notes
    -----
    Computed as :math:`\sum_i y_i\,(\operatorname{logsumexp}(z) - z_i)`, every term
    non-negative: no overflow at logits of ``±1000`` and no cancellation. The log-sum-exp is
    taken as ``max z + log1p(sum of the other exp(z_j - max z))``, so a confident, correct
    prediction gets its tiny positive loss (``2e-18`` nats for a gap of 40 to two other
    classes), not a rounded 0.

    Examples
    --------
    >>> softmax_cross_entropy([0.0, 0.0], [1.0, 0.0])  # log 2 nats = 1 bit
    0.6931471805599453
    >>> softmax_cross_entropy([1000.0, -1000.0], [0.0, 1.0])
    2000.0
    >>> softmax_cross_entropy([[2.0, 2.0, 2.0], [0.0, 0.0, 0.0]], [[1, 0, 0], [0, 0, 0]])
    array([1.09861229, 0.        ])
    """
    logits, target, axis = _logits_and_target(z, y, axis)
    _, surprisal = _log_softmax(logits, axis)
    loss = (target * surprisal).sum(axis=axis) + 0.0
    return float(loss) if loss.ndim == 0 else loss


def softmax_cross_entropy_gradient(z, y, axis: int = -1) -> np.ndarray:
    r"""Gradient :math:`\partial L / \partial z_j = p_j \sum_i y_i - y_j` of
    :func:`softmax_cross_entropy` with respect to the logits (nats per unit of logit).

    Parameters
    ----------
    z, y, axis
        As for :func:`softmax_cross_entropy`.

    Returns
    -------
    numpy.ndarray
        The shape of ``z``. It is :math:`p - y` only when the target sums to 1 along ``axis``;
        for a multi-label target (weights summing to :math:`s \ne 1`) it is :math:`s\,p - y`.
        Its entries always sum to 0 along ``axis``, up to rounding (shifting all logits by the
        same amount does not change the loss).

    Examples
    --------
    >>> softmax_cross_entropy_gradient([0.0, 0.0], [1.0, 0.0])
    array([-0.5,  0.5])
    >>> softmax_cross_entropy_gradient([0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0])
    array([-0.5, -0.5,  0.5,  0.5])
    >>> softmax_cross_entropy_gradient([1000.0, -1000.0], [1.0, 0.0])
    array([0., 0.])
    """
    logits, target, axis = _logits_and_target(z, y, axis)
    p = softmax(logits, axis=axis)
    return p * target.sum(axis=axis, keepdims=True) - target + 0.0


def smoothed_target(label: int, num_classes: int, epsilon: float) -> np.ndarray:
    r"""Label smoothing: ``1 - epsilon`` on the true class, ``epsilon / (K - 1)`` on each other.

    This is the "ε spread over the other K − 1 classes" form. (Szegedy et al. 2016 mix with the
    uniform distribution instead: ``(1 - ε)`` one-hot ``+ ε / K`` everywhere.)

    Parameters
    ----------
    label : int
        The true class, ``0 <= label < num_classes``.
    num_classes : int
        ``K >= 2``.
    epsilon : float
        In ``[0, 1)``: the probability moved off the true class.

    Returns
    -------
    numpy.ndarray
        A probability vector of length ``K``.

    Examples
    --------
    >>> smoothed_target(0, 3, 0.2)
    array([0.8, 0.1, 0.1])
    """
    if isinstance(label, (bool, np.bool_)) or not isinstance(label, (int, np.integer)):
        raise TypeError(f"label must be an integer class index, got {label!r}")
    if isinstance(num_classes, (bool, np.bool_)) or not isinstance(
        num_classes, (int, np.integer)
    ):
        raise TypeError(f"num_classes must be an integer, got {num_classes!r}")
    if num_classes < 2:
        raise ValueError(f"num_classes must be at least 2, got {num_classes}")
    if not 0 <= label < num_classes:
        raise ValueError(f"label must lie in [0, {num_classes - 1}], got {label}")
    epsilon = float(epsilon)
    if not 0.0 <= epsilon < 1.0:
        raise ValueError(f"epsilon must lie in [0, 1), got {epsilon!r}")
    target = np.full(num_classes, epsilon / (num_classes - 1))
    target[label] = 1.0 - epsilon
    return target


def smoothed_logit_gap(num_classes: int, epsilon: float) -> float:
    r"""The optimal logit gap :math:`\log\frac{(1-\varepsilon)(K-1)}{\varepsilon}` under
    :func:`smoothed_target` (nats, i.e. units of logit).

    The loss :math:`L(z, y)` with a smoothed target :math:`y` is smallest where
    :math:`\mathrm{softmax}(z) = y`; there the true class's logit exceeds every other by this
    finite gap. Without smoothing (``epsilon = 0``) there is no minimiser: the gap is ``inf``.

    Examples
    --------
    >>> smoothed_logit_gap(3, 0.2)  # log 8
    2.0794415416798357
    >>> smoothed_logit_gap(10, 0.0)
    inf
    """
    smoothed_target(0, num_classes, epsilon)  # the same checks
    if epsilon == 0:
        return float("inf")
    return float(np.log((1.0 - epsilon) * (num_classes - 1) / epsilon))


# --- two classes -------------------------------------------------------------------------------


def _binary_logits(logit, name: str = "logit") -> tuple[np.ndarray, bool]:
    scalar = np.ndim(logit) == 0
    arr = real_array(logit, name)
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    check_finite(arr.reshape(-1), name)
    return arr, scalar


def logistic(logit):
    r"""The sigmoid :math:`\operatorname{sigmoid}(\ell) = 1 / (1 + e^{-\ell})`.

    Turns a logit :math:`\ell` (any real number, the log-odds :math:`\log \frac{q}{1 - q}`) into
    the probability :math:`q` of the positive class. It is the two-class softmax,
    :math:`\operatorname{sigmoid}(\ell) = \mathrm{softmax}((\ell, 0))_1`. It is also called
    the *logistic function*, hence this name; :func:`sigmoid` is the same function under the
    name the course writes (notation.md). Many texts write it with the letter sigma; this course
    keeps :math:`\sigma` for standard deviations.

    Parameters
    ----------
    logit : float or array_like
        Finite real numbers; an array is handled elementwise.

    Returns
    -------
    float or numpy.ndarray
        In :math:`[0, 1]` (exactly 0 or 1 only when :math:`|\ell|` exceeds about 745 or 37,
        where the float rounds). ``logistic(-l) = 1 - logistic(l)``.

    Examples
    --------
    >>> logistic(0.0)
    0.5
    >>> logistic([-1000.0, 1000.0])  # no overflow, no warning
    array([0., 1.])
    >>> round(logistic(np.log(3.0)), 12)  # odds 3 : 1
    0.75
    """
    arr, scalar = _binary_logits(logit)
    out = expit(arr) + 0.0
    return float(out) if scalar else out


#: The same function as :func:`logistic`, under the name the notebooks and mathnotes write:
#: :math:`\operatorname{sigmoid}(\ell)` (``sigmoid(0.0) == 0.5``).
sigmoid = logistic


def binary_cross_entropy(logit, y):
    r"""Binary cross-entropy of a logit :math:`\ell` against a target :math:`y \in [0, 1]`, in nats.

    .. math::

        L(\ell, y) = -y \log q - (1 - y) \log (1 - q), \quad q = \operatorname{logistic}(\ell),
        \qquad \frac{\partial L}{\partial \ell} = q - y .

    It is the cross-entropy :math:`H((y, 1 - y), (q, 1 - q))` of two outcomes, and the softmax
    cross-entropy of the logits :math:`(\ell, 0)` with the target :math:`(y, 1 - y)`. For a
    multi-label problem, apply it to every class separately (one logit and one 0/1 target per
    class) and add up.

    Parameters
    ----------
    logit : float or array_like
        Finite logits.
    y : float or array_like
        Targets in :math:`[0, 1]` (1 = positive class), the shape of ``logit``.

    Returns
    -------
    float or numpy.ndarray
        Elementwise losses, ``>= 0``; a float for scalar input.

    Notes
    -----
    Computed from the logit as :math:`\operatorname{softplus}(\ell) - y \ell` with
    :math:`\operatorname{softplus}(\ell) = \log(1 + e^{\ell}) = \max(\ell, 0) +
    \log(1 + e^{-|\ell|})`: never :math:`\log 0`, no overflow, and a confident right answer
    keeps its tiny positive loss.

    Examples
    --------
    >>> binary_cross_entropy(0.0, 1.0)  # q = 1/2: log 2 nats = 1 bit
    0.6931471805599453
    >>> binary_cross_entropy([1000.0, -1000.0], [0.0, 0.0])
    array([1000.,    0.])
    """
    arr, scalar = _binary_logits(logit)
    target = real_array(y, "y")
    if target.shape != arr.shape:
        raise ValueError(
            f"logit and y must have the same shape (one target per logit): logit has shape "
            f"{arr.shape}, y has shape {target.shape}"
        )
    check_finite(target.reshape(-1), "y")
    outside = (target < 0) | (target > 1)
    if outside.any():
        index = int(np.flatnonzero(outside.reshape(-1))[0])
        where = "" if scalar else f"[{index}]"
        raise ValueError(
            f"y{where} = {float(target.reshape(-1)[index])!r} is not a target probability: it "
            "must lie in [0, 1]"
        )
    # softplus(l) - y l, written as a sum of two non-negative parts:
    # y * softplus(-l) + (1 - y) * softplus(l), each softplus >= 0
    tail = np.log1p(np.exp(-np.abs(arr)))  # no cancellation: each softplus on its own
    soft_pos = np.maximum(arr, 0.0) + tail  # softplus(l) = -log(1 - q)
    soft_neg = np.maximum(-arr, 0.0) + tail  # softplus(-l) = -log q
    out = target * soft_neg + (1.0 - target) * soft_pos + 0.0
    return float(out) if scalar else out


def binary_cross_entropy_gradient(logit, y):
    r"""Derivative :math:`\partial L / \partial \ell = \operatorname{logistic}(\ell) - y` of
    :func:`binary_cross_entropy` (nats per unit of logit), elementwise.

    Examples
    --------
    >>> binary_cross_entropy_gradient(0.0, 1.0)
    -0.5
    """
    binary_cross_entropy(logit, y)  # the same checks
    q = logistic(logit)
    out = np.asarray(q) - np.asarray(y, dtype=float) + 0.0
    return float(out) if np.ndim(out) == 0 else out


__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_gradient",
    "logistic",
    "sigmoid",
    "smoothed_logit_gap",
    "smoothed_target",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_gradient",
]
