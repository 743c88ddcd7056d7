"""Keyed exercises of notebook 02, entropy (see :mod:`helpers.exercises.core`)."""

from __future__ import annotations

import math

import numpy as np

from ..information import average_code_length, entropy, huffman_code, normal_differential_entropy
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
     "Near p = 0 the curve rises steeply (its slope is infinite at 0): half of the height is "
     "reached much closer to 0 than to 1/2."],
    expected=lambda: "b", choices="abc",
)

exercise(
    "02.2", "compute", 1,
    ["H = Σ p_i · I(p_i): five faces contribute the same amount.",
     "entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base=2): in bits."],
    expected=lambda: entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base=2),
)

exercise(
    "02.3", "implement", 2,
    ["Sum −p log₂ p over the outcomes, but skip the outcomes with p = 0 (0 log 0 = 0).",
     "With numpy: q = p[p > 0]; return float(-(q * np.log2(q)).sum()) + 0.0."],
    reference=lambda p: entropy(p, base=2),
    cases=_entropy_cases, rtol=1e-9, atol=1e-12,
)

exercise(
    "02.4", "explain", 2,
    ["h = ½ log(2πeσ²) with σ = 0.05, natural logarithm.",
     "normal_differential_entropy(0.05): the density is about 8 high near the mean, so −log f "
     "is negative there."],
    expected=lambda: normal_differential_entropy(0.05),
)

exercise(
    "02.5", "compute", 2,
    ["Build the code with huffman_code and weight each word's length by its probability.",
     "average_code_length(p, huffman_code(p)) for p = [0.45, 0.25, 0.2, 0.1]."],
    expected=lambda: average_code_length([0.45, 0.25, 0.2, 0.1],
                                         huffman_code([0.45, 0.25, 0.2, 0.1])),
)

exercise(
    "02.6", "explain", 2,
    ["A density in 1/cm is the density in 1/m divided by 100. What does that do to −log f?",
     "h(cm) − h(m) = log 100 nats: the same spread, but each unit interval is 100 times finer."],
    expected=lambda: math.log(100.0),
)
