"""The exercise bank as data, for checking answers without a kernel (the static site).

:func:`export_bank` describes every keyed exercise in plain JSON types: its kind, stars, choices,
stated precision, the likely mistakes with their messages, the generic hints, the one-line form
messages and, for every exercise but the implement ones, the expected value with the absolute
tolerance ``check`` accepts around it. ``tools/site/static/exercises.js`` reads it and gives the
same verdicts, messages and escalating hints as :func:`helpers.exercises.check`
(``tests/test_exercises.py`` runs the script under Node on a set of answers and compares).

The answers are then in the page, as they are in the package: fine for self-study.
"""

from __future__ import annotations

import math

import numpy as np

from .core import CORRECT, NO_ANSWER, Exercise, form_message, load_bank

#: The message for a NaN number (as in :func:`helpers.exercises.core.check`).
NAN_MESSAGE = ("Your answer is NaN (not a number): a 0 · log 0 or 0/0 went wrong somewhere "
               "(this did not count as an attempt).")


def _window(ex: Exercise, value: float) -> dict:
    """``{"value", "tol", "rtol"}``: accept x when |x − value| ≤ tol + rtol·|value|."""
    if not math.isfinite(value):
        return {"value": "inf" if value > 0 else "-inf", "tol": 0.0, "rtol": 0.0}
    if ex._legacy():
        rtol = 1e-3 if ex.rtol is None else ex.rtol
        atol = 1e-6 if ex.atol is None else ex.atol
        return {"value": value, "tol": atol, "rtol": rtol}
    return {"value": value, "tol": ex.tolerance(np.asarray(value)), "rtol": 0.0}


def describe(ex: Exercise) -> dict:
    """One exercise as JSON-able data (see the module docstring)."""
    entry = {
        "key": ex.key, "kind": ex.kind, "stars": ex.stars, "hints": list(ex.hints),
        "precision": ex.precision_sentence, "correct": CORRECT, "no_answer": NO_ANSWER,
        "form": form_message(ex), "nan": NAN_MESSAGE,
    }
    if ex.kind == "implement":
        return entry
    expected = ex.expected_value()
    if ex.choices:
        entry["choices"] = [str(c).lower() for c in ex.choices]
        entry["expected"] = str(expected).lower()
        entry["diagnoses"] = [
            {"letter": (v() if callable(v) else v).lower(), "message": m}
            for v, m in ex.diagnoses
        ]
        return entry
    if np.ndim(expected) != 0:
        raise ValueError(f"exercise {ex.key}: only scalar answers are exported")
    entry["expected"] = _window(ex, float(expected))
    entry["diagnoses"] = []
    for value, message in ex.diagnoses:
        value = float(value() if callable(value) else value)
        entry["diagnoses"].append({**_window(ex, value), "message": message})
    return entry


def export_bank(prefix: str = "") -> dict:
    """Every keyed exercise whose key starts with ``prefix`` (``"04."``): key -> description."""
    return {key: describe(ex) for key, ex in sorted(load_bank().items())
            if key.startswith(prefix)}


__all__ = ["describe", "export_bank"]
