"""Exercises of notebook 08, from GAN to WGAN: keyed answers, tolerances and hints."""

from __future__ import annotations

import math

from ..training import (
    clipped_lipschitz_bound,
    linear_critic_penalty_gradient,
    penalised_linear_slope,
)
from .core import exercise

exercise(
    "08.1", "predict", 1,
    ["Look at D where the generated samples sit: is the curve still rising there?",
     "A sigmoid that is already at 0 is flat; a line is not."],
    expected=lambda: "b",
    choices=("a", "b", "c"),
)

exercise(
    "08.2", "predict", 2,
    ["The minimax generator stalls (picture 1). For the others, compare the sizes of the "
     "gradients: a WGAN critic's slope is held near 1; what holds a discriminator's?",
     "Far away D ≈ 0, so the non-saturating gradient −E(1 − D)·l′ is about −E l′. How steep "
     "may a discriminator's logit be, compared with a WGAN critic?"],
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
)

exercise(
    "08.3", "compute", 2,
    ["Each layer can multiply the slope by at most (number of inputs to a unit) × c.",
     "Three layers with 1, 16 and 16 inputs per unit: (1·c)(16·c)(16·c)."],
    expected=lambda: clipped_lipschitz_bound([1, 16, 16, 1], 0.01),
    rtol=1e-6,
    atol=0.0,
)

exercise(
    "08.4", "implement", 3,
    ["A linear critic has the same gradient w at every point: the penalty is λ(‖w‖ − 1)².",
     "d‖w‖/dw = w/‖w‖; use the chain rule on λ(‖w‖ − 1)²."],
    reference=linear_critic_penalty_gradient,
    cases=lambda rng: [
        (rng.normal(0, 1.5, size=int(rng.integers(1, 5))), float(rng.uniform(0.5, 20)))
        for _ in range(8)
    ],
    rtol=1e-6,
    atol=1e-9,
)

exercise(
    "08.5", "explain", 2,
    ["Write the critic's objective for the line f(x) = −s·x: the gain s·W1 minus the penalty.",
     "Maximise s·W1 − λ(s − 1)² over s: set the derivative W1 − 2λ(s − 1) to 0."],
    expected=lambda: penalised_linear_slope(8.0, 10.0),
    rtol=1e-6,
)

exercise(
    "08.6", "explain", 2,
    ["Measure distances in units of σ: a sample's distance to its centre is then the length of a "
     "standard 2-D normal vector, and its square is a sum of two squared standard normals.",
     "That square is exponential with mean 2, so P(R ≤ r) = 1 − exp(−r²/2); put r = 3."],
    expected=lambda: 1.0 - math.exp(-(3.0**2) / 2),
    rtol=0.0,
    atol=0.003,  # a large enough simulation passes too
)
