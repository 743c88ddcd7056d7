"""Instant self-checks for the exercises: a call that says right or wrong, with a hint."""

from __future__ import annotations

import numpy as np


def check(answer, expected, hint: str = "", *, rtol: float = 1e-3, atol: float = 1e-6) -> bool:
    """Compare a learner's ``answer`` with ``expected``, print a verdict and return it.

    Numbers (and arrays) are compared with ``numpy.isclose(rtol, atol)``; infinities must match
    exactly; anything else with ``==``. A wrong answer prints the ``hint``.

    Examples
    --------
    >>> check(0.69315, 0.6931472)
    Correct.
    True
    >>> check(1.0, 0.6931472, hint="JS in nats is at most log 2.")
    Not yet. Hint: JS in nats is at most log 2.
    False
    """
    ok = _same(answer, expected, rtol, atol)
    if ok:
        print("Correct.")
    elif answer is None or answer is Ellipsis:
        extra = f" Hint: {hint}" if hint else ""
        print("No answer yet: replace the ... with your answer." + extra)
    else:
        print("Not yet." + (f" Hint: {hint}" if hint else ""))
    return ok


def _same(answer, expected, rtol, atol) -> bool:
    if answer is None or answer is Ellipsis:
        return False
    if isinstance(expected, (bool, str)) or isinstance(answer, (bool, str)):
        return answer == expected
    try:
        a = np.asarray(answer, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return answer == expected
    if a.shape != e.shape or np.isnan(a).any():
        return False
    inf_a, inf_e = np.isinf(a), np.isinf(e)
    if not np.array_equal(inf_a, inf_e) or not np.array_equal(a[inf_a], e[inf_e]):
        return False
    return bool(np.allclose(a[~inf_a], e[~inf_e], rtol=rtol, atol=atol))


__all__ = ["check"]
