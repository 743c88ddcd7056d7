"""Input checks shared by every helper, and ``normalize``.

Every public helper goes through these checks, so a bad input is reported the same way
everywhere: a ``ValueError`` (or ``TypeError`` for non-numeric input) whose message names the
argument, what is wrong and, where it applies, the index of the offending entry.
"""

from __future__ import annotations

import math

import numpy as np

#: Probabilities must sum to 1 within this absolute tolerance.
SUM_TOLERANCE = 1e-9

_EPS = float(np.finfo(float).eps)


def as_float_array(values, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Convert ``values`` to a 1-D float array, or raise an error that names ``name``.

    Rejects non-numeric input (TypeError), more than one dimension, empty input, NaN and ±inf
    (ValueError).
    """
    arr = real_array(values, name)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty: a distribution needs at least one entry")
    check_finite(arr, name)
    return arr


def real_array(values, name: str) -> np.ndarray:
    """``values`` as a float array of any shape; TypeError naming ``name`` unless real numbers.

    >>> real_array([[1, 2]], "z").shape
    (1, 2)
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be numbers, got a string {values!r}")
    try:
        arr = np.asarray(values)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} could not be read as an array of numbers: {exc}") from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be numbers, got an array of dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real numbers, got complex values")
    return arr.astype(float)


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ValueError naming the first NaN or infinite entry of ``arr``."""
    # Fast path: a finite sum proves every entry finite (a NaN or an inf makes the sum NaN or
    # inf). A sum that overflows from large finite entries falls through to the full check.
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.add.reduce(arr, axis=None)
    if math.isfinite(total):
        return
    bad = ~np.isfinite(arr)
    if bad.any():
        index = _first_index(bad)
        kind = "NaN" if np.isnan(arr[index]) else f"{arr[index]}"
        raise ValueError(f"{name}[{_fmt_index(index)}] is {kind}; every entry must be finite")


def check_nonnegative(arr: np.ndarray, name: str) -> None:
    """Raise ValueError naming the first negative entry of ``arr``."""
    if arr.size == 0 or np.minimum.reduce(arr, axis=None) >= 0:  # fast path, no mask
        return
    neg = arr < 0
    if neg.any():
        index = _first_index(neg)
        raise ValueError(
            f"{name}[{_fmt_index(index)}] = {float(arr[index])!r} is negative; "
            "probabilities and masses must be >= 0"
        )


def as_distribution(p, name: str = "p") -> np.ndarray:
    """Check that ``p`` is a probability vector and return it as a float array.

    A probability vector is one-dimensional, non-empty, finite, non-negative and sums to 1
    within ``SUM_TOLERANCE``. Nothing is renormalised: use :func:`normalize` for counts.
    """
    arr = as_float_array(p, name)
    check_nonnegative(arr, name)
    # Fast path: numpy's sum of n non-negative entries is within n * eps * total of the exact
    # sum, so when it is that far inside the tolerance the exact sum is inside too. Anything
    # closer to the edge is decided by the correctly rounded math.fsum, as before.
    if abs(float(np.add.reduce(arr)) - 1.0) <= SUM_TOLERANCE - 2.0 * arr.size * _EPS:
        return arr
    total = math.fsum(arr)
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ValueError(
            f"{name} sums to {total!r}, not 1; pass probabilities, or turn counts or "
            f"weights into probabilities with helpers.normalize({name})"
        )
    return arr


def as_pair(p, q, names: tuple[str, str] = ("p", "q")) -> tuple[np.ndarray, np.ndarray]:
    """Check two probability vectors over the same outcomes."""
    a = as_distribution(p, names[0])
    b = as_distribution(q, names[1])
    if a.shape != b.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must describe the same outcomes: "
            f"{names[0]} has {a.size} entries, {names[1]} has {b.size}"
        )
    return a, b


def log_base_factor(base) -> float:
    """Return 1/ln(base) for ``base`` (``None`` means e, i.e. nats), checking the base."""
    if base is None:
        return 1.0
    if isinstance(base, (bool, np.bool_)) or not isinstance(base, (int, float, np.number)):
        raise TypeError(f"base must be a number or None, got {base!r}")
    base = float(base)
    if not math.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be finite, > 0 and != 1, got {base!r}")
    return 1.0 / math.log(base)


def normalize(weights) -> np.ndarray:
    """Turn counts or non-negative weights into probabilities that sum to 1.

    This is the only helper that normalises; the information measures never do it silently.

    Parameters
    ----------
    weights : array_like, 1-D
        Non-negative, finite, not all zero.

    Returns
    -------
    numpy.ndarray
        ``weights / sum(weights)``.

    Examples
    --------
    >>> normalize([1, 1, 2])
    array([0.25, 0.25, 0.5 ])
    """
    arr = as_float_array(weights, "weights")
    check_nonnegative(arr, "weights")
    largest = float(arr.max())
    if largest <= 0:
        raise ValueError("weights are all zero: there is nothing to normalise")
    scaled = arr / largest  # scale first, so that huge weights cannot overflow the sum
    return scaled / math.fsum(scaled)


def _first_index(mask: np.ndarray):
    flat = int(np.flatnonzero(mask.ravel())[0])
    return np.unravel_index(flat, mask.shape) if mask.ndim > 1 else flat


def _fmt_index(index) -> str:
    if isinstance(index, tuple):
        return ", ".join(str(int(i)) for i in index)
    return str(int(index))
