"""Keyed exercises: the answer, its precision and its hints live here, never in the notebook.

A notebook's exercise cell holds only the learner's answer and one call::

    answer = ...
    check("04.2", answer)

``check`` looks the key up in the exercise bank (one module per notebook,
``helpers/exercises/bank_NN.py``), reads the answer in the form the exercise asks for, compares,
and prints a verdict:

1. An answer of the wrong *form* (text where a number is expected, a letter outside the choices,
   an array of the wrong shape, ``...``) gets a one-line message saying the expected form. It is
   not a wrong attempt and uses up no hint.
2. A right answer, to the exercise's stated precision (``sig_figs`` or ``decimals``), prints
   "Correct.". Any rounding of the expected value to that precision passes.
3. A wrong answer that matches a listed likely mistake (``diagnoses``: the value in the other
   unit, KL's arguments reversed, a missing factor 2, ...) gets that mistake's targeted message.
4. Any other wrong answer gets the next generic hint; the last one names a step, never the
   result. The solution is never printed.

The worked solution sits in a collapsed cell below and calls ``check`` with its own computed
value, so the tests execute every solution against the same keyed answer.

The four kinds of exercise (``Exercise.kind``):

``"predict"``
    Made before the figure answers it: a letter (multiple choice) or a number.
``"compute"``
    A number (or a short array) the learner computes.
``"implement"``
    The learner writes a small function; ``check`` calls it on hidden random cases (made by
    ``Exercise.cases``) and compares each result with ``Exercise.reference`` from the tested
    helpers, reporting the first case that fails. While it runs, the helpers the exercise asks
    the learner to write (``off_limits``, and the reference itself) raise
    :class:`OffLimitsError`, wherever the learner's function finds them: so wrapping the
    reference does not pass.
``"explain"``
    An explanation backed by a number: the number is checked, the explanation is in the solution.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import math
import re
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

KINDS = ("predict", "compute", "implement", "explain")

#: Printed for a right answer (the tests look for it in the solution cells' output).
CORRECT = "Correct."

#: Printed for ``...`` or ``None``.
NO_ANSWER = "No answer yet: replace the ... with your answer."

#: key -> Exercise; filled by the ``bank_NN`` modules through :func:`exercise`.
REGISTRY: dict = {}

#: key -> number of undiagnosed wrong answers so far in this kernel (drives the hint escalation).
_WRONG: dict = {}

#: Significant figures asked for when a numeric exercise states no precision and no tolerance.
DEFAULT_SIG_FIGS = 3

_LETTER = re.compile(r"^\(?\s*([A-Za-z])\s*\)?\s*\.?$")


class OffLimitsError(RuntimeError):
    """Raised by a helper that an implement exercise asks the learner to write themselves."""


@dataclass(frozen=True)
class Exercise:
    """One keyed exercise.

    Parameters
    ----------
    key : str
        ``"NN.k"``: notebook number and exercise number, e.g. ``"04.2"``.
    kind : {"predict", "compute", "implement", "explain"}
    stars : int
        Difficulty, 1 to 3, by the work the exercise really takes.
    hints : sequence of str
        Generic hints, shown one at a time after the first, second, ... undiagnosed wrong answer
        (the last one repeats). At least one. A hint points the way; the last one names a step,
        never the result.
    expected : callable, optional
        No arguments; returns the expected value (a number, array, or for multiple choice a
        letter). Computed on demand from the tested helpers. Not for ``"implement"``.
    sig_figs, decimals : int, optional
        The precision the exercise states (give at most one): an answer passes when it agrees
        with the expected value to that many significant figures (relative to the largest
        entry for an array) or decimals, so every rounding to that precision passes. Without
        either (and without ``rtol``/``atol``), a numeric answer is read to
        :data:`DEFAULT_SIG_FIGS` significant figures.
    ulps : float
        How many units of the last stated place an answer may be off: 0.5 (the default) accepts
        exactly the roundings; 1 also accepts a scan on that grid that stops at the first grid
        point past the value.
    rtol, atol : float, optional
        Explicit tolerances (``numpy.isclose``), for entries that state no ``sig_figs`` or
        ``decimals`` (defaults 1e-3 and 1e-6 as before); infinities must match exactly.
    choices : sequence of str, optional
        For multiple choice: the allowed letters, e.g. ``("a", "b", "c")``. ``"b"``, ``"B"``,
        ``"(b)"`` and ``"b)"`` are the same answer.
    diagnoses : sequence of (value, message), optional
        Likely wrong answers with a targeted message: ``value`` is a number (or a callable
        returning one, or a letter for multiple choice), matched to the same precision as the
        expected value. A diagnosed answer is wrong but uses up no generic hint.
    reference : callable, optional
        For ``"implement"``: the tested function the learner's function must agree with.
    cases : callable, optional
        For ``"implement"``: ``cases(rng)`` returns a list of argument tuples, the hidden cases.
    off_limits : sequence of str, optional
        For ``"implement"``: dotted names (``"helpers.information.entropy"``) of the functions
        the learner must not call, because they compute what the exercise asks for. The
        reference is always off limits.
    no_warnings : bool
        For ``"implement"``: the exercise says the function must not warn; it runs with
        warnings as errors and a warning is reported.
    """

    key: str
    kind: str
    stars: int
    hints: Sequence[str]
    expected: Callable | None = None
    rtol: float | None = None
    atol: float | None = None
    choices: Sequence[str] = ()
    reference: Callable | None = None
    cases: Callable | None = None
    seed: int = field(default=20241129)
    sig_figs: int | None = None
    decimals: int | None = None
    ulps: float = 0.5
    diagnoses: Sequence = ()
    off_limits: Sequence[str] = ()
    no_warnings: bool = False

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
        if self.sig_figs is not None and self.decimals is not None:
            raise ValueError(f"exercise {self.key}: give sig_figs or decimals, not both")
        for name in ("sig_figs", "decimals"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, int) and 0 <= value <= 15):
                raise ValueError(f"exercise {self.key}: {name} must be an int 0..15, got {value!r}")
        if self.sig_figs == 0:
            raise ValueError(f"exercise {self.key}: sig_figs must be at least 1")
        if not (isinstance(self.ulps, (int, float)) and 0 < self.ulps <= 1):
            raise ValueError(f"exercise {self.key}: ulps must be in (0, 1], got {self.ulps!r}")
        for item in self.diagnoses:
            if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str)
                    and item[1].strip()):
                raise ValueError(f"exercise {self.key}: a diagnosis is a (value, message) pair")
        if self.off_limits and self.kind != "implement":
            raise ValueError(f"exercise {self.key}: off_limits is for 'implement' exercises")

    def expected_value(self):
        """The keyed answer (not for ``"implement"`` exercises)."""
        if self.expected is None:
            raise ValueError(f"exercise {self.key} is checked by running a function")
        return self.expected()

    # ---- precision ------------------------------------------------------------------------
    @property
    def precision_sentence(self) -> str:
        """The sentence the exercise's text states its precision with ('' when none is set)."""
        if self.sig_figs is not None:
            unit = "figure" if self.sig_figs == 1 else "figures"
            return f"Give {self.sig_figs} significant {unit}."
        if self.decimals is not None:
            unit = "decimal" if self.decimals == 1 else "decimals"
            return f"Give {self.decimals} {unit}."
        return ""

    def _legacy(self) -> bool:
        return self.sig_figs is None and self.decimals is None and (
            self.rtol is not None or self.atol is not None or self.kind == "implement")

    def tolerance(self, expected) -> float:
        """The largest accepted absolute difference from ``expected`` (a finite array or number),
        for entries that state ``sig_figs`` or ``decimals`` (or default to 3 figures)."""
        e = np.abs(np.asarray(expected, dtype=float))
        e = e[np.isfinite(e)]
        if self.decimals is not None:
            place = -self.decimals
        else:
            figures = self.sig_figs if self.sig_figs is not None else DEFAULT_SIG_FIGS
            largest = float(e.max()) if e.size else 0.0
            if largest == 0.0:
                return 10.0 ** (-figures)  # expected 0: agree with 0 to that many decimals
            place = math.floor(math.log10(largest)) - figures + 1
        unit = 10.0 ** place
        return self.ulps * unit * (1 + 1e-9) + 1e-300

    def accepts(self, answer, expected) -> bool:
        """Whether the numeric ``answer`` (already read: a float array of ``expected``'s shape)
        agrees with ``expected`` to this exercise's precision. Never raises or warns."""
        if self._legacy():
            rtol = 1e-3 if self.rtol is None else self.rtol
            atol = 1e-6 if self.atol is None else self.atol
            return same_answer(answer, expected, rtol=rtol, atol=atol)
        pair = _float_arrays(answer, expected)
        if pair is None:
            return False
        a, e = pair
        if a.shape != e.shape or np.isnan(a).any() or np.isnan(e).any():
            return False
        inf_a, inf_e = np.isinf(a), np.isinf(e)
        if not np.array_equal(inf_a, inf_e) or not np.array_equal(a[inf_a], e[inf_e]):
            return False
        finite = e[~inf_e]
        if finite.size == 0:
            return True
        with np.errstate(all="ignore"):
            return bool(np.all(np.abs(a[~inf_a] - finite) <= self.tolerance(finite)))

    def diagnosis_for(self, answer, expected) -> str | None:
        """The targeted message of the first listed likely mistake that ``answer`` matches."""
        for value, message in self.diagnoses:
            value = value() if callable(value) else value
            if self.choices:
                if isinstance(value, str) and answer == value.lower():
                    return message
                continue
            try:
                value = np.broadcast_to(np.asarray(value, dtype=float), np.shape(expected))
            except (TypeError, ValueError):
                continue
            if self.accepts(answer, value):
                return message
        return None


def exercise(key: str, kind: str, stars: int, hints, **options) -> Exercise:
    """Register an exercise in :data:`REGISTRY` (used by the ``bank_NN`` modules).

    >>> ex = exercise("99.1", "compute", 1, ["Add them."], expected=lambda: 3.0)
    >>> REGISTRY["99.1"] is ex
    True
    >>> del REGISTRY["99.1"]
    """
    if key in REGISTRY:
        raise ValueError(f"exercise {key} is registered twice")
    if "diagnoses" in options:
        options["diagnoses"] = tuple(tuple(item) for item in options["diagnoses"])
    if "off_limits" in options:
        options["off_limits"] = tuple(options["off_limits"])
    ex = Exercise(key, kind, stars, tuple(hints), **options)
    REGISTRY[key] = ex
    return ex


def load_bank() -> dict:
    """Import every ``bank_NN`` module once; return the registry (key -> Exercise)."""
    import pkgutil

    from .. import exercises as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("bank_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    return REGISTRY


def check(key, answer, *legacy, **legacy_options) -> bool:
    """Check the learner's ``answer`` to exercise ``key``; print a verdict and return it.

    An answer of the wrong form prints the form expected and costs nothing. A wrong answer prints
    a targeted message if it is a listed likely mistake, else a hint (a stronger one after each
    further wrong answer, never the solution). ``...`` or ``None`` means "no answer yet". For an
    ``"implement"`` exercise, ``answer`` is the learner's function.

    Examples
    --------
    >>> _ = exercise("99.2", "compute", 1, ["Think of a coin.", "log2(2) bits."],
    ...              expected=lambda: 1.0, sig_figs=2,
    ...              diagnoses=[(math.log(2), "That is in nats; the question asks for bits.")])
    >>> check("99.2", ...)
    No answer yet: replace the ... with your answer.
    False
    >>> check("99.2", "one")
    Answer with a number, e.g. answer = 2.5 (this did not count as an attempt).
    False
    >>> check("99.2", 2.0)
    Not yet. Hint: Think of a coin.
    False
    >>> check("99.2", 0.69)
    Not yet. That is in nats; the question asks for bits.
    False
    >>> check("99.2", 0.5)
    Not yet. Hint (2): log2(2) bits.
    False
    >>> check("99.2", "1.0")
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
        print(NO_ANSWER)
        return False
    if ex.kind == "implement":
        verdict = _run_cases(ex, answer)
    else:
        verdict = _judge(ex, answer)
    return _report(ex, verdict)


@dataclass(frozen=True)
class Verdict:
    """What :func:`check` decided before printing: ``outcome`` is one of "correct", "form"
    (wrong form, free), "none" (no answer yet), "diagnosed" (a listed mistake) or "wrong"."""

    outcome: str
    message: str = ""


def _report(ex: Exercise, verdict: Verdict) -> bool:
    key = ex.key
    if verdict.outcome == "correct":
        _WRONG[key] = 0
        print(CORRECT)
        return True
    if verdict.outcome in ("form", "none"):
        print(verdict.message)
        return False
    if verdict.outcome == "diagnosed":
        print(f"Not yet. {verdict.message}")
        return False
    wrong = _WRONG.get(key, 0)
    _WRONG[key] = wrong + 1
    step = min(wrong, len(ex.hints) - 1)
    label = "Hint" if wrong == 0 else f"Hint ({step + 1})"
    why = f" {verdict.message}" if verdict.message else ""
    print(f"Not yet.{why} {label}: {ex.hints[step]}")
    return False


def judge(key: str, answer) -> Verdict:
    """:func:`check`'s decision on ``answer`` without printing or counting attempts (for tests
    and for the export of the bank)."""
    ex = load_bank()[key]
    if answer is None or answer is Ellipsis:
        return Verdict("none", NO_ANSWER)
    return _run_cases(ex, answer) if ex.kind == "implement" else _judge(ex, answer)


# ---- reading answers ----------------------------------------------------------------------------
def form_message(ex: Exercise, expected=None) -> str:
    """The one-line message for an answer of the wrong form."""
    free = " (this did not count as an attempt)."
    if ex.kind == "implement":
        return "Pass your function itself, its name without brackets" + free
    if ex.choices:
        letters = ", ".join(str(c).lower() for c in ex.choices)
        return f'Answer with one of the letters {letters} as a string, e.g. answer = "b"' + free
    shape = np.shape(expected)
    if shape == ():
        return "Answer with a number, e.g. answer = 2.5" + free
    return f"Answer with an array of shape {shape}, e.g. a list of {int(np.prod(shape))} numbers" \
        + free


def read_letter(answer, choices) -> str | None:
    """The letter in ``answer`` ("b", "B", "(b)", "b)") if it is one of ``choices``, else None."""
    if not isinstance(answer, str):
        return None
    found = _LETTER.match(answer.strip())
    if not found:
        return None
    letter = found[1].lower()
    return letter if letter in [str(c).lower() for c in choices] else None


def read_number(answer, shape=()):
    """``answer`` as a float array of ``shape``, or None if it is not of that form.

    A numeric string and a 1-element list are read as the number.

    >>> read_number("13.82"), read_number([23.74]), read_number("−1.58")
    (array(13.82), array(23.74), array(-1.58))
    >>> read_number("nats"), read_number(True), read_number([1, 2])
    (None, None, None)
    """
    if isinstance(answer, (bool, np.bool_, dict, set, bytes)) or callable(answer):
        return None
    if isinstance(answer, str):
        text = answer.strip().replace("\u2212", "-").replace("_", "")
        try:
            answer = float(text)
        except ValueError:
            return None
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = np.asarray(answer)
            if raw.dtype.kind not in "biuf" or raw.dtype.kind == "b":
                if raw.dtype.kind == "O" and raw.size == 1:
                    return read_number(raw.reshape(-1)[0], shape)
                return None
            array = raw.astype(float)
    except (TypeError, ValueError, OverflowError):
        return None
    if tuple(shape) == ():
        if array.size != 1:
            return None
        array = array.reshape(())
    elif array.shape != tuple(shape):
        return None
    if np.isnan(array).any():
        return None
    return array


def _judge(ex: Exercise, answer) -> Verdict:
    expected = ex.expected_value()
    if ex.choices:
        letter = read_letter(answer, ex.choices)
        if letter is None:
            return Verdict("form", form_message(ex))
        if letter == str(expected).lower():
            return Verdict("correct")
        diagnosis = ex.diagnosis_for(letter, expected)
        return Verdict("diagnosed", diagnosis) if diagnosis else Verdict("wrong")
    value = read_number(answer, np.shape(expected))
    if value is None:
        message = form_message(ex, expected)
        if isinstance(answer, float) and math.isnan(answer):
            message = ("Your answer is NaN (not a number): a 0 · log 0 or 0/0 went wrong "
                       "somewhere (this did not count as an attempt).")
        return Verdict("form", message)
    if ex.accepts(value, expected):
        return Verdict("correct")
    diagnosis = ex.diagnosis_for(value, expected)
    return Verdict("diagnosed", diagnosis) if diagnosis else Verdict("wrong")


# ---- implement exercises ------------------------------------------------------------------------
def _resolve(dotted: str):
    """The object named ``"package.module.attribute"``."""
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def _guard(name: str, key: str) -> Callable:
    def off_limits(*args, **kwargs):
        raise OffLimitsError(
            f"{name} is off limits in exercise {key}: it computes what the exercise asks you to "
            "write. Write the computation yourself."
        )

    off_limits.__name__ = name
    return off_limits


def _unwrap(function):
    while True:
        if isinstance(function, functools.partial):
            function = function.func
        elif hasattr(function, "__wrapped__"):
            function = function.__wrapped__
        else:
            return function


@contextlib.contextmanager
def _hide(ex: Exercise, function):
    """Within the block, every off-limits function raises :class:`OffLimitsError` wherever
    ``function`` can reach it: module attributes (helpers, scipy, the notebook's ``__main__``),
    ``function``'s globals, closure cells and default arguments, and the bank's reference."""
    targets = {}
    for dotted in ex.off_limits:
        targets[id(_resolve(dotted))] = dotted.rpartition(".")[2]
    targets[id(ex.reference)] = "the exercise's reference"
    guards = {i: _guard(name, ex.key) for i, name in targets.items()}
    undo = []

    def swap_in(namespace: dict):
        for name, value in list(namespace.items()):
            if id(value) in guards and not isinstance(value, type):
                undo.append((namespace, name, value))
                namespace[name] = guards[id(value)]

    roots = {"helpers", "__main__"} | {d.split(".")[0] for d in ex.off_limits}
    for module_name, module in list(sys.modules.items()):
        if module is not None and module_name.split(".")[0] in roots:
            with contextlib.suppress(TypeError, AttributeError):
                swap_in(vars(module))
    seen = set()
    stack = [_unwrap(function)]
    while stack:  # the learner's function and the functions and closures it holds
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if hasattr(current, "__globals__"):
            swap_in(current.__globals__)
        for cell in getattr(current, "__closure__", None) or ():
            with contextlib.suppress(ValueError):
                value = cell.cell_contents
                if id(value) in guards:
                    undo.append((cell, None, value))
                    cell.cell_contents = guards[id(value)]
                elif callable(value):
                    stack.append(value)
        defaults = getattr(current, "__defaults__", None)
        if defaults and any(id(v) in guards for v in defaults):
            undo.append((current, "__defaults__", defaults))
            current.__defaults__ = tuple(guards.get(id(v), v) for v in defaults)
        keyword_defaults = getattr(current, "__kwdefaults__", None)
        if keyword_defaults and any(id(v) in guards for v in keyword_defaults.values()):
            undo.append((current, "__kwdefaults__", keyword_defaults))
            current.__kwdefaults__ = {k: guards.get(id(v), v) for k, v in keyword_defaults.items()}
    original_reference = ex.reference
    object.__setattr__(ex, "reference", guards[id(original_reference)])
    try:
        yield guards
    finally:
        object.__setattr__(ex, "reference", original_reference)
        for holder, name, value in reversed(undo):
            if name is None:
                holder.cell_contents = value
            elif isinstance(holder, dict):
                holder[name] = value
            else:
                setattr(holder, name, value)


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _run_cases(ex: Exercise, function) -> Verdict:
    """Run ``function`` on the hidden cases and decide."""
    if not callable(function):
        return Verdict("form", form_message(ex))
    names = {id(_resolve(d)): d.rpartition(".")[2] for d in ex.off_limits}
    names[id(ex.reference)] = "the exercise's reference"
    if id(_unwrap(function)) in names:
        return Verdict("diagnosed", f"{names[id(_unwrap(function))]} is off limits in exercise "
                                    f"{ex.key}: write the computation yourself.")
    rng = np.random.default_rng(ex.seed)
    cases = ex.cases(rng)
    expected = [ex.reference(*(_copy(a) for a in args)) for args in cases]
    with _hide(ex, function):
        for number, (args, want) in enumerate(zip(cases, expected, strict=True), start=1):
            shown = ", ".join(_short(a) for a in args)
            try:
                with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                    if ex.no_warnings:
                        warnings.simplefilter("error")
                    got = function(*(_copy(a) for a in args))
            except OffLimitsError as error:
                return Verdict("diagnosed", f"Case {number}: {error}")
            except Warning as warning:
                return Verdict("wrong", (
                    f"Case {number}, arguments ({shown}): your function warned "
                    f"({type(warning).__name__}: {warning}); the exercise says it must not "
                    "warn."))
            except Exception as error:  # the learner's code: report, never raise
                last = traceback.format_exception_only(type(error), error)[-1].strip()
                return Verdict("wrong",
                               f"Case {number}, arguments ({shown}): your function raised {last}.")
            if got is None:
                return Verdict("none", "No answer yet: your function returns None. Write its "
                                       "body, ending in return.")
            value = read_number(got, np.shape(want))
            if value is None or not ex.accepts(value, want):
                return Verdict("wrong", (
                    f"Case {number}, arguments ({shown}): your function returned {_short(got)}."))
    return Verdict("correct")


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


def _float_arrays(answer, expected):
    """``answer`` and ``expected`` as float arrays, or None when either is not numeric."""
    try:
        with np.errstate(all="ignore"):
            return np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None


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
    pair = _float_arrays(answer, expected)
    if pair is None:
        return False
    a, e = pair
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


__all__ = ["CORRECT", "DEFAULT_SIG_FIGS", "KINDS", "NO_ANSWER", "REGISTRY", "Exercise",
           "OffLimitsError", "Verdict", "check", "exercise", "form_message", "judge",
           "load_bank", "read_letter", "read_number", "reset_attempts", "same_answer"]
