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
    diagnoses=[("a", "Where the generated samples sit, the trained discriminator is already at "
                     "0. What is the slope of a sigmoid that has saturated?")],
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
     "A unit with n inputs, each weight at most c and each input's slope at most s, has slope "
     "at most n · c · s. Apply that layer by layer, starting from slope 1 at the input."],
    expected=lambda: clipped_lipschitz_bound([1, 16, 16, 1], 0.01),
    sig_figs=3,
    diagnoses=[
        (lambda: 0.01**3, "Each weight is at most c, but a unit adds up all its inputs: count "
         "how many inputs each unit has."),
        (lambda: 16 * 0.01**2, "That bounds a unit of the second hidden layer; the output "
         "layer adds 16 more inputs, each times c."),
        (lambda: 16 * 16 * 0.01, "The bound multiplies c once per layer: three layers."),
    ],
)

exercise(
    "08.4", "implement", 2,
    ["A linear critic has the same gradient w at every point: the penalty is λ(‖w‖ − 1)².",
     "d‖w‖/dw = w/‖w‖; use the chain rule on λ(‖w‖ − 1)²."],
    reference=linear_critic_penalty_gradient,
    off_limits=["helpers.training.linear_critic_penalty_gradient",
                "helpers.training.gradient_penalty"],
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
     "Maximise s·W1 − λ(s − 1)² over s: differentiate with respect to s and set the "
     "derivative to 0."],
    expected=lambda: penalised_linear_slope(8.0, 10.0),
    sig_figs=3,
    diagnoses=[
        (lambda: 8.0 * penalised_linear_slope(8.0, 10.0), "That is the critic's estimate s·W1; "
         "the question asks for the slope s."),
        (lambda: 1 + 8.0 / 10.0, "You lost the factor 2 from differentiating (s − 1)²."),
        (1.0, "Slope 1 is what the penalty asks for, but the gain s·W1 pulls s higher: "
              "maximise the whole objective."),
    ],
)

exercise(
    "08.6", "explain", 2,
    ["Measure distances in units of σ: a sample's distance to its centre is then the length of a "
     "standard 2-D normal vector, and its square is a sum of two squared standard normals.",
     "R² is a sum of two squared standard normals, an exponential distribution: find its "
     "mean, write its CDF, and evaluate it at the radius asked for."],
    expected=lambda: 1.0 - math.exp(-(3.0**2) / 2),
    decimals=2,  # a simulation of 10⁴ ring samples or more passes too
    diagnoses=[
        (lambda: math.erf(3.0 / math.sqrt(2.0)), "That is the one-dimensional three-sigma "
         "share. In 2-D the distance is the length of a vector of two normals."),
        (lambda: 1.0 - math.exp(-3.0 / 2), "Put the radius in squared: P(R ≤ r) involves r², "
         "R² being the sum of two squares."),
    ],
)

exercise(
    "08.7", "predict", 1,
    ["Assumption 1 is about the generator and its noise only: no critic appears in it. Which "
     "of the choices is about how g_θ(z) changes with θ, averaged over the noise?",
     "For g_θ(z) = θz the local Lipschitz constant in θ at a given z is |z|. Assumption 1 asks "
     "for its mean over the noise to be finite: is the mean of |z| finite for Cauchy noise?"],
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
    diagnoses=[
        ("a", "θ ↦ θz is continuous, even linear, for every fixed z: that part holds. Look at "
              "how its Lipschitz constant depends on z."),
        ("c", "θz is a network of one linear layer; and Assumption 1 asks for no network at all, "
              "only for local Lipschitz constants with a finite mean over the noise."),
        ("d", "An optimal critic is a hypothesis of Thm 3 (the gradient formula); Thm 1 is about "
              "W1 itself and needs no critic."),
    ],
)
