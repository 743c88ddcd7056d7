"""Exercises of notebook 09, divergences from samples: keyed answers, tolerances and hints."""

from __future__ import annotations

import math

from ..estimators import mean_abs_cos, plugin_kl, sliced_w1_at_angles
from .core import exercise

exercise(
    "09.1", "predict", 1,
    ["Follow one bin in the far left tail of the data as the bins get narrower: does the model "
     "sample, 256 points around 1, put a point into it?",
     "KL is ∞ as soon as ONE bin has data points and no model points; narrow bins in the "
     "tails make that almost certain."],
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
)

exercise(
    "09.2", "predict", 1,
    ["For the lines, how far is a data point from its nearest data neighbour (about 1/n along "
     "the line) and from its nearest model point (about θ, whatever n)?",
     "Each term is d · log(ν/ρ) with ν ≈ θ and ρ ≈ 1/n: it grows like d · log n."],
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
)

exercise(
    "09.3", "compute", 2,
    ["Every projection of a shifted cloud is the projected cloud shifted by θ·μ, so its W1 is "
     "|θ·μ|. Sliced W1 is the average of |θ·μ| over directions θ on the sphere.",
     "Average of |θ·μ| = |μ| · E|θ₁|, and in 3-D θ₁ is uniform on [−1, 1] (Archimedes)."],
    expected=lambda: math.sqrt(3**2 + 4**2 + 12**2) * mean_abs_cos(3),
    sig_figs=3,
    diagnoses=[
        (13.0, "That is |μ|, the W1 of the shift itself. Sliced W1 averages |θ·μ| over "
               "directions θ, and most directions see less of the shift."),
        (lambda: 13.0 * 2.0 / math.pi, "2|μ|/π is the constant for directions in the plane; "
         "in 3-D the average of |θ₁| over the sphere is another number."),
        (lambda: 13.0 / math.sqrt(3.0), "That is the root mean square of θ·μ, not the mean of "
         "its absolute value."),
    ],
)

exercise(
    "09.4", "implement", 3,
    ["For each angle φ, project both clouds on (cos φ, sin φ): a 1-D sample each.",
     "Two 1-D samples of the same size: W1 is the mean of |sorted(a) − sorted(b)| (the quantile "
     "coupling); average that over the angles."],
    reference=sliced_w1_at_angles,
    cases=lambda rng: [
        (rng.normal(0, 1, size=(n, 2)), rng.normal(rng.uniform(-2, 2), 1.5, size=(n, 2)),
         rng.uniform(0, 2 * math.pi, size=int(rng.integers(1, 9))))
        for n in rng.integers(1, 40, size=8)
    ],
    rtol=1e-9,
    atol=1e-12,
)

exercise(
    "09.5", "explain", 2,
    ["Smoothing adds ε to every bin of both histograms, then divides by 1 + Bε. Only the two "
     "bins that hold points contribute.",
     "The data bin gives p log(p/q) with p = (1 + ε)/(1 + 10ε), q = ε/(1 + 10ε); the model bin "
     "gives q log(q/p) with the roles swapped."],
    expected=lambda: plugin_kl([0.0] * 256, [1.0] * 256, 10, epsilon=1e-6),
    sig_figs=3,
    diagnoses=[
        (lambda: plugin_kl([0.0] * 256, [1.0] * 256, 10, epsilon=1e-6) / math.log(2),
         "That is in bits; the question asks for nats."),
        (lambda: plugin_kl([0.0] * 256, [1.0] * 256, 10, epsilon=1e-6) / math.log(10),
         "That uses the base-10 logarithm; the question asks for nats."),
    ],
)

exercise(
    "09.6", "compute", 1,
    ["The error falls like n^(−1/d). What must n be multiplied by for n^(−1/5) to halve?",
     "Solve (c·n)^(−1/5) = ½ · n^(−1/5) for c."],
    expected=lambda: 2.0**5,
    sig_figs=2,
    diagnoses=[
        (5.0, "That is the exponent: n^(−1/5) halves when n is multiplied by 2 to that power."),
        (4.0, "That is the factor in one dimension, where the error falls like n^(−1/2); here "
              "d = 5."),
        (lambda: 2.0 ** 0.2, "The exponent is upside down: (c·n)^(−1/5) = ½ · n^(−1/5) needs "
         "c^(1/5) = 2."),
    ],
)
