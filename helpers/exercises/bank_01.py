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


exercise(
    "01.1", "predict", 1,
    ["Write 1/4 and 1/8 as powers of 1/2: how many halvings is each?",
     "Compute −log₂(1/4) and −log₂(1/8). Would the step be the same from 1/2 to 1/4?"],
    expected=lambda: "b", choices="abcd",
)

exercise(
    "01.2", "compute", 1,
    ["Count the possible tickets: math.comb(49, 6). Every ticket is equally likely.",
     "The probability of one particular ticket is 1 / (number of tickets); information is "
     "−log of a probability, and the unit asked for is bits (base=2)."],
    expected=lambda: information(1 / math.comb(49, 6), base=2),
)

exercise(
    "01.3", "implement", 3,
    ["The information in base b is −log_b p. math.log gives the natural logarithm ln: how do "
     "you get log_b from ln?",
     "Change of base: log_b x = ln x / ln b. Mind the sign: the result is ≥ 0 for p ≤ 1."],
    reference=lambda p, base: information(p, base=base),
    cases=_information_cases, rtol=1e-9, atol=1e-12,
)

exercise(
    "01.4", "explain", 2,
    ["The eight letters are independent: information adds up.",
     "First the information of one letter, one of 26 equally likely (in bits); then use "
     "additivity over the independent letters."],
    expected=lambda: 8 * information(1 / 26, base=2),
)

exercise(
    "01.5", "compute", 2,
    ["The probability is 10⁻⁶. The unit is set by the base of the logarithm.",
     "Nats use the natural logarithm (information with base=None); or convert: "
     "1 bit = ln 2 nats."],
    expected=lambda: information(1e-6),
)
