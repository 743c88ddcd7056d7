"""Keyed exercises of notebook 02, entropy (see :mod:`helpers.exercises.core`)."""

from __future__ import annotations

import math

import numpy as np

from ..information import (
    average_code_length,
    entropy,
    huffman_code,
    kraft_sum,
    normal_differential_entropy,
)
from .core import exercise


def _entropy_cases(rng):
    """Hidden cases for 02.3: certain outcomes, zeros, uniform and random distributions."""
    cases = [(np.array([1.0]),), (np.array([0.0, 1.0, 0.0]),), (np.full(8, 0.125),)]
    for n in (2, 3, 5, 7):
        p = rng.dirichlet(np.ones(n))
        p[rng.random(n) < 0.3] = 0.0
        if p.sum() == 0:
            p[0] = 1.0
        cases.append((p / p.sum(),))
    return cases


exercise(
    "02.1", "predict", 1,
    ["At p = 1/2 a coin carries 1 bit; at p = 0 none. Is the curve a straight line between?",
     "Compute H_b(0.25) = −0.25 log₂ 0.25 − 0.75 log₂ 0.75: is it above or below half a bit? "
     "What does that say about where half a bit is reached?"],
    expected=lambda: "b", choices="abc",
)

exercise(
    "02.2", "compute", 1,
    ["H = Σ p_i · I(p_i): five faces contribute the same amount.",
     "Six terms p · log₂(1/p): one with p = 0.5, five with p = 0.1. Or give the six "
     "probabilities to entropy, minding the unit (bits)."],
    expected=lambda: entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base=2),
)

exercise(
    "02.3", "implement", 3,
    ["Sum −p log₂ p over the outcomes, but skip the outcomes with p = 0 (0 log 0 = 0).",
     "Select the positive entries with a boolean mask before taking np.log2: log₂ 0 = −inf, and "
     "0 · (−inf) is NaN (with a warning)."],
    reference=lambda p: entropy(p, base=2),
    cases=_entropy_cases, rtol=1e-9, atol=1e-12,
)

exercise(
    "02.4", "explain", 2,
    ["The differential entropy of a normal is in the section 'Differential entropy, briefly'; "
     "only σ matters, not the mean.",
     "h = ½ log(2πeσ²) with the natural logarithm (nats); it is below 0 because 2πeσ² < 1 "
     "for this σ."],
    expected=lambda: normal_differential_entropy(0.05),
)

#: Exercise 02.5: five symbols (the figure has four sliders, so it cannot read the answer off).
HUFFMAN_P = (0.3, 0.25, 0.2, 0.15, 0.1)

exercise(
    "02.5", "compute", 2,
    ["Merge the two least likely groups again and again; every merge adds one bit to each word "
     "in both groups. Or build the code with huffman_code.",
     "Count, for each symbol, how many merges it takes part in: that is its word length. Then "
     "L = Σ p_i ℓ_i, in bits per symbol."],
    expected=lambda: average_code_length(HUFFMAN_P, huffman_code(HUFFMAN_P)),
)

exercise(
    "02.6", "explain", 2,
    ["A density in 1/cm is the density in 1/m divided by 100. What does that do to −log f?",
     "−log(f/a) = −log f + log a at every point, and h is the average of −log f. Natural "
     "logarithm: nats."],
    expected=lambda: math.log(100.0),
)

#: Exercise 02.7: the word lengths a friend claims for a uniquely decodable code.
CLAIMED_LENGTHS = (1, 2, 3, 3, 4)

exercise(
    "02.7", "explain", 2,
    ["Kraft's sum adds 2^(−ℓ) for every word: ½ for a one-bit word, ¼ for a two-bit word, and "
     "so on. Did you add 2^ℓ instead?",
     "Five terms: 1/2 + 1/4 + 1/8 + 1/8 + 1/16. McMillan's inequality holds for every uniquely "
     "decodable code, prefix or not: compare the sum with 1."],
    expected=lambda: kraft_sum(CLAIMED_LENGTHS),
)
