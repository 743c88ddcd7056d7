"""Keyed exercises: the answer, its tolerance and its hints live here, never in the notebook.

A notebook's exercise cell holds only the learner's answer and one call::

    answer = ...
    check("04.2", answer)

``check`` looks the key up in the exercise bank (one module per notebook,
``helpers/exercises/bank_NN.py``), compares, and prints a verdict. A wrong answer prints the first
hint; a second wrong answer the second, stronger hint; the solution is never printed. The worked
solution sits in a collapsed cell below and calls ``check`` with its own computed value, so the
tests execute every solution against the same keyed answer.

The four kinds of exercise (``Exercise.kind``):

``"predict"``
    Made before the figure answers it: a letter (multiple choice) or a number.
``"compute"``
    A number (or a short array) the learner computes.
``"implement"``
    The learner writes a small function; ``check`` calls it on hidden random cases (made by
    ``Exercise.cases``) and compares each result with ``Exercise.reference`` from the tested
    helpers, reporting the first case that fails.
``"explain"``
    An explanation backed by a number: the number is checked, the explanation is in the solution.
"""

from __future__ import annotations

import contextlib
import io
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

KINDS = ("predict", "compute", "implement", "explain")

#: Printed for a right answer (the tests look for it in the solution cells' output).
CORRECT = "Correct."

#: key -> Exercise; filled by the ``bank_NN`` modules through :func:`exercise`.
REGISTRY: dict = {}

#: key -> number of wrong answers so far in this kernel (drives the hint escalation).
_WRONG: dict = {}


@dataclass(frozen=True)
class Exercise:
    """One keyed exercise.

    Parameters
    ----------
    key : str
        ``"NN.k"``: notebook number and exercise number, e.g. ``"04.2"``.
    kind : {"predict", "compute", "implement", "explain"}
    stars : int
        Difficulty, 1 to 3, calibrated across the collection.
    hints : sequence of str
        Shown one at a time, after the first, second, ... wrong answer (the last one repeats).
        At least one. A hint points the way; it never states the answer.
    expected : callable, optional
        No arguments; returns the expected value (a number, array, or for multiple choice a
        letter). Computed on demand from the tested helpers. Not for ``"implement"``.
    rtol, atol : float
        Tolerances for numeric answers (``numpy.isclose``); infinities must match exactly.
    choices : sequence of str, optional
        For multiple choice: the allowed letters, e.g. ``("a", "b", "c")``. Answers are compared
        case-insensitively after stripping blanks.
    reference : callable, optional
        For ``"implement"``: the tested function the learner's function must agree with.
    cases : callable, optional
        For ``"implement"``: ``cases(rng)`` returns a list of argument tuples, the hidden cases.
    """

    key: str
    kind: str
    stars: int
    hints: Sequence[str]
    expected: Callable | None = None
    rtol: float = 1e-3
    atol: float = 1e-6
    choices: Sequence[str] = ()
    reference: Callable | None = None
    cases: Callable | None = None
    seed: int = field(default=20241129)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"exercise {self.key}: kind must be one of {KINDS}, got {self.kind!r}")
        if not (isinstance(self.stars, int) and 1 <= self.stars <= 3):
            raise ValueError(f"exercise {self.key}: stars must be 1, 2 or 3, got {self.stars!r}")
        if not self.hints or any(not isinstance(h, str) or not h.strip() for h in self.hints):
            raise ValueError(f"exercise {self.key}: give at least one non-empty hint")
        if self.kind == "implement":
            if self.reference is None or self.cases is None:
                raise ValueError(f"exercise {self.key}: 'implement' needs reference and cases")
        elif self.expected is None:
            raise ValueError(f"exercise {self.key}: kind {self.kind!r} needs expected")

    def expected_value(self):
        """The keyed answer (not for ``"implement"`` exercises)."""
        if self.expected is None:
            raise ValueError(f"exercise {self.key} is checked by running a function")
        return self.expected()


def exercise(key: str, kind: str, stars: int, hints, **options) -> Exercise:
    """Register an exercise in :data:`REGISTRY` (used by the ``bank_NN`` modules).

    >>> ex = exercise("99.1", "compute", 1, ["Add them."], expected=lambda: 3.0)
    >>> REGISTRY["99.1"] is ex
    True
    >>> del REGISTRY["99.1"]
    """
    if key in REGISTRY:
        raise ValueError(f"exercise {key} is registered twice")
    ex = Exercise(key, kind, stars, tuple(hints), **options)
    REGISTRY[key] = ex
    return ex


def load_bank() -> dict:
    """Import every ``bank_NN`` module once; return the registry (key -> Exercise)."""
    import importlib
    import pkgutil

    from .. import exercises as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("bank_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    return REGISTRY


def check(key, answer, *legacy, **legacy_options) -> bool:
    """Check the learner's ``answer`` to exercise ``key``; print a verdict and return it.

    A wrong answer prints a hint (a stronger one after each further wrong answer, never the
    solution). ``...`` or ``None`` means "no answer yet" and does not count as wrong. For an
    ``"implement"`` exercise, ``answer`` is the learner's function.

    Examples
    --------
    >>> _ = exercise("99.2", "compute", 1, ["Think of a coin.", "log2(2) bits."],
    ...              expected=lambda: 1.0)
    >>> check("99.2", ...)
    No answer yet: replace the ... with your answer.
    False
    >>> check("99.2", 2.0)
    Not yet. Hint: Think of a coin.
    False
    >>> check("99.2", 0.5)
    Not yet. Hint (2): log2(2) bits.
    False
    >>> check("99.2", 1.0)
    Correct.
    True
    >>> del REGISTRY["99.2"]
    """
    if legacy or legacy_options or not isinstance(key, str):
        raise TypeError(
            "check(key, answer) takes an exercise key such as '04.2' and your answer; the "
            "expected value lives in helpers.exercises, not in the notebook"
        )
    load_bank()
    if key not in REGISTRY:
        raise KeyError(f"no exercise with key {key!r}; known keys: {sorted(REGISTRY)}")
    ex = REGISTRY[key]
    if answer is None or answer is Ellipsis:
        print("No answer yet: replace the ... with your answer.")
        return False
    if ex.kind == "implement":
        ok, why = _run_cases(ex, answer)
        if why is None:  # the committed stub (body ``...``) or a function that returns nothing
            print("No answer yet: your function returns None. Write its body, ending in return.")
            return False
    else:
        ok, why = _compare(ex, answer), ""
    if ok:
        _WRONG[key] = 0
        print(CORRECT)
        return True
    wrong = _WRONG.get(key, 0)
    _WRONG[key] = wrong + 1
    hint = ex.hints[min(wrong, len(ex.hints) - 1)]
    label = "Hint" if wrong == 0 else f"Hint ({min(wrong, len(ex.hints) - 1) + 1})"
    print(f"Not yet.{' ' + why if why else ''} {label}: {hint}")
    return False


def _compare(ex: Exercise, answer) -> bool:
    expected = ex.expected_value()
    if ex.choices:
        return isinstance(answer, str) and answer.strip().lower() == str(expected).lower()
    return same_answer(answer, expected, rtol=ex.rtol, atol=ex.atol)


def _run_cases(ex: Exercise, function) -> tuple[bool, str | None]:
    """Run ``function`` on the hidden cases: ``(passed, why not)``, ``why`` None for no answer."""
    if not callable(function):
        return False, "Pass your function itself (its name, without brackets)."
    rng = np.random.default_rng(ex.seed)
    for number, args in enumerate(ex.cases(rng), start=1):
        shown = ", ".join(_short(a) for a in args)
        expected = ex.reference(*args)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                got = function(*args)
        except Exception as error:  # the learner's code: report, never raise
            last = traceback.format_exception_only(type(error), error)[-1].strip()
            return False, f"Case {number}, arguments ({shown}): your function raised {last}."
        if got is None:
            return False, None
        if not same_answer(got, expected, rtol=ex.rtol, atol=ex.atol):
            return False, (
                f"Case {number}, arguments ({shown}): your function returned {_short(got)}."
            )
    return True, ""


def _short(value) -> str:
    if value is None:
        return "None"
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return repr(value)[:80]
    if array.ndim == 0:
        return f"{float(array):.6g}"
    with np.printoptions(precision=4, threshold=8, edgeitems=3):
        return np.array2string(array, separator=", ")


def same_answer(answer, expected, *, rtol: float = 1e-3, atol: float = 1e-6) -> bool:
    """Whether ``answer`` matches ``expected``: numbers and arrays within tolerance, infinities
    exactly, NaN never, strings and booleans by equality. Never raises or warns.

    >>> same_answer(0.69315, np.log(2)), same_answer(1.0, np.log(2))
    (True, False)
    >>> same_answer([0.0, np.inf], [0.0, np.inf]), same_answer(np.nan, np.nan)
    (True, False)
    """
    if answer is None or answer is Ellipsis:
        return False
    if isinstance(expected, (bool, str)) or isinstance(answer, (bool, str)):
        return answer == expected
    try:
        with np.errstate(all="ignore"):
            a = np.asarray(answer, dtype=float)
            e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return False
    if a.shape != e.shape or np.isnan(a).any():
        return False
    inf_a, inf_e = np.isinf(a), np.isinf(e)
    if not np.array_equal(inf_a, inf_e) or not np.array_equal(a[inf_a], e[inf_e]):
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(a[~inf_a], e[~inf_e], rtol=rtol, atol=atol))


def reset_attempts() -> None:
    """Forget the wrong-answer counts (the hint escalation starts again)."""
    _WRONG.clear()


__all__ = ["CORRECT", "KINDS", "REGISTRY", "Exercise", "check", "exercise", "load_bank",
           "reset_attempts", "same_answer"]
