"""Keyed exercises of notebook 01, information content (see :mod:`helpers.exercises.core`)."""

from __future__ import annotations

import math

from ..information import information
from .core import exercise


def _information_cases(rng):
    """Hidden cases for 01.3: probabilities from tiny to certain, in three units."""
    cases = [(1.0, 2.0), (0.5, 2.0), (1 / 6, 10.0)]
    for p in rng.uniform(1e-6, 1.0, size=4):
        cases.append((float(p), float(rng.choice([2.0, math.e, 10.0]))))
    cases.append((float(rng.uniform(1e-12, 1e-9)), 2.0))
    return cases


#: Exercise 01.2: the number of lottery tickets, 6 out of 49.
TICKETS = math.comb(49, 6)

exercise(
    "01.1", "predict", 1,
    ["Write 1/4 and 1/8 as powers of 1/2: how many halvings is each?",
     "Compute −log₂(1/4) and −log₂(1/8). Would the step be the same from 1/2 to 1/4?"],
    expected=lambda: "b", choices="abcd",
    diagnoses=[("a", "Halving the probability does not double the information: compare "
                     "−log₂(1/4) with −log₂(1/8), then −log₂(1/2) with −log₂(1/4).")],
)

exercise(
    "01.2", "compute", 1,
    ["Count the possible tickets: math.comb(49, 6). Every ticket is equally likely.",
     "The probability of one particular ticket is 1 / (number of tickets); take −log of it "
     "with the logarithm whose base gives bits."],
    expected=lambda: information(1 / TICKETS, base=2), sig_figs=3,
    diagnoses=[
        (lambda: information(1 / TICKETS), "That is the information in nats (natural "
         "logarithm); the question asks for bits: use base 2."),
        (lambda: information(1 / TICKETS, base=10), "That is in base 10 (hartleys); the "
         "question asks for bits: use base 2."),
        (lambda: -information(1 / TICKETS, base=2), "Mind the sign: information is −log p, "
         "positive for p < 1."),
        (lambda: 1 / TICKETS, "That is the probability of your ticket; the information is "
         "−log₂ of it."),
    ],
)

exercise(
    "01.3", "implement", 1,
    ["The information in base b is −log_b p. math.log gives the natural logarithm ln: how do "
     "you get log_b from ln?",
     "Change of base: divide one natural logarithm by another. Mind the sign: the result is "
     "≥ 0 for p ≤ 1."],
    reference=lambda p, base: information(p, base=base),
    cases=_information_cases, rtol=1e-9, atol=1e-12,
    off_limits=["helpers.information.information", "helpers.information.entropy"],
)

exercise(
    "01.4", "explain", 1,
    ["The eight letters are independent: information adds up.",
     "First the information of one letter, one of 26 equally likely (in bits); then use "
     "additivity over the independent letters."],
    expected=lambda: 8 * information(1 / 26, base=2), sig_figs=3,
    diagnoses=[
        (lambda: information(1 / 26, base=2), "That is one letter; the password has eight "
         "independent letters."),
        (lambda: 8 * information(1 / 26), "That is in nats; the question asks for bits."),
        (lambda: information(1 / 26, base=2) ** 8, "Information adds over independent "
         "letters; it is the probabilities that multiply."),
    ],
)

exercise(
    "01.5", "compute", 1,
    ["The probability is 10⁻⁶. The unit is set by the base of the logarithm.",
     "Nats use the natural logarithm; or convert the bits, knowing how many nats one bit is."],
    expected=lambda: information(1e-6), sig_figs=3,
    diagnoses=[
        (lambda: information(1e-6, base=2), "That is the value in bits; the question asks for "
         "nats (natural logarithm)."),
        (6.0, "That is in base 10 (hartleys); nats use the natural logarithm."),
        (lambda: information(1e-6, base=2) / math.log(2), "One bit is ln 2 ≈ 0.693 nats: "
         "multiply the bits by ln 2, do not divide."),
    ],
)
