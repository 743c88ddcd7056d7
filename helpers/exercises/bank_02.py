"""Keyed exercises of notebook 02, entropy (see :mod:`helpers.exercises.core`)."""

from __future__ import annotations

import math

import numpy as np

from ..information import (
    average_code_length,
    conditional_entropy,
    entropy,
    huffman_code,
    joint_entropy,
    kraft_sum,
    mutual_information,
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


#: Exercise 02.2: a die that shows a six half of the time.
LOADED_DIE = (0.5, 0.1, 0.1, 0.1, 0.1, 0.1)

exercise(
    "02.1", "predict", 1,
    ["At p = 1/2 a coin carries 1 bit; at p = 0 none. Is the curve a straight line between?",
     "Compute H_b(0.25) = −0.25 log₂ 0.25 − 0.75 log₂ 0.75: is it above or below half a bit? "
     "What does that say about where half a bit is reached?"],
    expected=lambda: "b", choices="abc",
    diagnoses=[("a", "That would hold if the curve were a straight line from p = 0 to 1/2. "
                     "Compute H_b(0.25) and compare it with half a bit.")],
)

exercise(
    "02.2", "compute", 1,
    ["H = Σ p_i · I(p_i): five faces contribute the same amount.",
     "Six terms p · log₂(1/p): one with p = 0.5, five with p = 0.1. Add them."],
    expected=lambda: entropy(LOADED_DIE, base=2), sig_figs=3,
    diagnoses=[
        (lambda: entropy(LOADED_DIE), "That is in nats; the question asks for bits (log₂)."),
        (lambda: math.log2(6), "That is a fair die's entropy; this die is loaded."),
    ],
)

exercise(
    "02.3", "implement", 2,
    ["Sum −p log₂ p over the outcomes, but skip the outcomes with p = 0 (0 log 0 = 0).",
     "Select the positive entries with a boolean mask before taking np.log2: log₂ 0 = −inf, and "
     "0 · (−inf) is NaN (with a warning)."],
    reference=lambda p: entropy(p, base=2),
    cases=_entropy_cases, rtol=1e-9, atol=1e-12,
    off_limits=["helpers.information.entropy", "helpers.information.binary_entropy",
                "helpers.divergences.cross_entropy", "scipy.stats.entropy",
                "scipy.special.entr"],
    no_warnings=True,
)

exercise(
    "02.4", "explain", 1,
    ["The differential entropy of a normal is in the section 'Differential entropy, briefly'; "
     "only σ matters, not the mean.",
     "Put σ into the formula for h with the natural logarithm (nats), and check that the "
     "argument of the logarithm is below 1 for this σ."],
    expected=lambda: normal_differential_entropy(0.05), sig_figs=3,
    diagnoses=[
        (lambda: normal_differential_entropy(0.05, base=2), "That is in bits; the question "
         "asks for nats (natural logarithm)."),
        (lambda: -normal_differential_entropy(0.05), "Mind the sign: for σ = 0.05 the "
         "differential entropy is negative."),
        (lambda: 2 * normal_differential_entropy(0.05), "You dropped the factor ½ in "
         "h = ½ log(2πeσ²)."),
        (lambda: 0.5 * math.log(2 * math.pi * math.e * 0.05), "The formula has σ², the "
         "variance, not σ."),
    ],
)

#: Exercise 02.5: five symbols (the figure has four sliders, so it cannot read the answer off).
HUFFMAN_P = (0.3, 0.25, 0.2, 0.15, 0.1)

exercise(
    "02.5", "compute", 2,
    ["Merge the two least likely groups again and again; every merge adds one bit to each word "
     "in both groups.",
     "Count, for each symbol, how many merges it takes part in: that is its word length. Then "
     "L = Σ p_i ℓ_i, in bits per symbol."],
    expected=lambda: average_code_length(HUFFMAN_P, huffman_code(HUFFMAN_P)), sig_figs=3,
    diagnoses=[
        (lambda: entropy(HUFFMAN_P, base=2), "That is the entropy H, the lower bound: a code "
         "has whole-bit words, so its average length is a little more."),
        (3.0, "Three bits per symbol is a fixed-length code; Huffman gives the likelier symbols "
         "shorter words."),
    ],
)

exercise(
    "02.6", "explain", 2,
    ["A density in 1/cm is the density in 1/m divided by 100. What does that do to −log f?",
     "−log(f/a) = −log f + log a at every point, and h is the average of −log f. Natural "
     "logarithm: nats."],
    expected=lambda: math.log(100.0), sig_figs=3,
    diagnoses=[
        (lambda: math.log2(100.0), "That is in bits; the question asks for nats (natural "
         "logarithm)."),
        (2.0, "That is in base 10; the question asks for nats (natural logarithm)."),
        (lambda: -math.log(100.0), "Mind the sign: in centimetres the numbers are larger and "
         "the density smaller, so h grows."),
        (100.0, "100 is the ratio of the units; the entropies differ by a logarithm of it."),
    ],
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
    sig_figs=3,
    diagnoses=[
        (38.0, "You added 2^ℓ; Kraft's sum adds 2^(−ℓ), the share of the binary tree a word of "
               "ℓ bits claims."),
        (0.9375, "Two of the five words have 3 bits: count 1/8 twice."),
    ],
)

#: Exercise 02.8: a forecast X (rows: no rain, rain) and the weather Y (columns: dry, rain).
FORECAST_RAIN = np.array([[0.45, 0.05],
                          [0.20, 0.30]])

exercise(
    "02.8", "compute", 2,
    ["MI(X; Y) = H(X) + H(Y) − H(X, Y). Start with the marginals: the row sums give X, the column "
     "sums give Y. Bits: log₂.",
     "H(X) and H(Y) are the entropies of the row sums and of the column sums; H(X, Y) treats the "
     "four cells as one distribution. Add the first two, subtract the third."],
    expected=lambda: mutual_information(FORECAST_RAIN, base=2), sig_figs=3,
    diagnoses=[
        (lambda: mutual_information(FORECAST_RAIN), "That is in nats; the question asks for bits "
         "(log₂)."),
        (lambda: -mutual_information(FORECAST_RAIN, base=2), "Mind the sign: mutual information "
         "is never negative. It is H(X) + H(Y) − H(X, Y), not H(X, Y) − H(X) − H(Y)."),
        (lambda: conditional_entropy(FORECAST_RAIN, base=2), "That is H(Y | X), what the rain "
         "still hides once you know the forecast. MI is what the forecast removes: "
         "H(Y) − H(Y | X)."),
        (lambda: conditional_entropy(FORECAST_RAIN.T, base=2), "That is H(X | Y), what the "
         "forecast still hides once you know the weather. MI is H(X) − H(X | Y)."),
        (lambda: joint_entropy(FORECAST_RAIN, base=2), "That is the joint entropy H(X, Y); "
         "subtract it from H(X) + H(Y)."),
    ],
)
