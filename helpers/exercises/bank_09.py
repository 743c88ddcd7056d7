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
    expected=lambda: math.sqrt(2**2 + 6**2 + 9**2) * mean_abs_cos(3),
    rtol=1e-3,
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
    rtol=4e-3,  # 13.8 (three significant figures) is accepted
)

exercise(
    "09.6", "compute", 1,
    ["The error falls like n^(−1/d). What must n be multiplied by for n^(−1/5) to halve?",
     "Solve (c·n)^(−1/5) = ½ · n^(−1/5) for c."],
    expected=lambda: 2.0**5,
    rtol=1e-6,
)
