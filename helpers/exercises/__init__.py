"""Exercises with instant feedback: ``check("NN.k", answer)`` against a keyed answer.

The keyed answers, precisions, likely mistakes and hints live in one module per notebook,
``bank_NN.py``; the machinery in :mod:`helpers.exercises.core`. See README, "Writing exercises".
"""

from .core import (
    CORRECT,
    KINDS,
    REGISTRY,
    Exercise,
    OffLimitsError,
    check,
    exercise,
    judge,
    load_bank,
    same_answer,
)

__all__ = ["CORRECT", "KINDS", "REGISTRY", "Exercise", "OffLimitsError", "check", "exercise",
           "judge", "load_bank", "same_answer"]
