"""Keyed exercises of notebook 06, the KL / JS / Wasserstein showdown.

Answers are computed from the tested helpers; the notebook never shows them.
"""

from __future__ import annotations

import math

from ..examples import gaussian_js_slope
from .core import exercise


def _generator_gradient(theta, sigma):
    """The reference: the gradient a frozen optimal discriminator gives, 2 ∂JS/∂θ (nats/θ)."""
    return 2.0 * float(gaussian_js_slope(float(theta), float(sigma)))


def _gradient_cases(rng):
    """Hidden cases (θ, σ): near, at the peak, far away, negative shifts, and θ = 0."""
    cases = [(0.0, 1.0), (float(rng.uniform(-6.0, -0.5)), float(rng.uniform(0.5, 2.0)))]
    for _ in range(4):
        cases.append((float(rng.uniform(0.1, 5.0)), float(rng.uniform(0.4, 2.0))))
    cases.append((float(rng.uniform(6.0, 9.0)), 1.0))
    return cases


exercise(
    "06.1", "predict", 1,
    [
        "Section 3 says JS starts like d²/8. What is the slope of d²/8 at d = 0?",
        "A curve that starts flat and ends flat is steepest somewhere in between.",
    ],
    expected=lambda: "b",
    choices="abcd",
)

exercise(
    "06.2", "compute", 2,
    [
        "KL(P‖Q) = θ²/(2σ²) nats. How many nats is one bit?",
        "Solve θ²/(2σ²) = log 2 for θ > 0, with σ = 0.5.",
    ],
    expected=lambda: 0.5 * math.sqrt(2.0 * math.log(2.0)),
)

exercise(
    "06.3", "implement", 3,
    [
        "With d = |θ|/σ and U = dZ − d²/2, the generator gets "
        "2 · sign(θ) · (d/σ) · E[sigmoid(U)²]; sigmoid(u) = 1/(1 + exp(−u)).",
        "E[f(Z)] for Z ~ N(0, 1): z = np.linspace(-12, 12, 4001), "
        "w = exp(−z²/2)/sqrt(2π), np.trapezoid(f(z) * w, z). "
        "Write sigmoid(u) as exp(min(u, 0)) / (1 + exp(−|u|)) to avoid overflow, and return 0 "
        "at θ = 0.",
    ],
    reference=_generator_gradient,
    cases=_gradient_cases,
    rtol=1e-4,
    atol=1e-9,
)

exercise(
    "06.4", "explain", 2,
    [
        "The WGAN critic gives the generator a gradient of 1. What does the optimal "
        "discriminator give at θ = 8σ?",
        "The ratio is 1 / (2 · ∂JS/∂θ) at θ = 8, σ = 1; the GAN figure prints 2 · ∂JS/∂θ.",
    ],
    expected=lambda: 1.0 / _generator_gradient(8.0, 1.0),
    rtol=1e-2,
)



def _noise_for_slope(theta=3.0, target=0.05):
    """The smallest instance noise s at which JS's slope at θ (bare lines) reaches ``target``."""
    from scipy.optimize import brentq

    from ..showdown import showdown_values

    def excess(s):
        return showdown_values(theta, sigma=0.0, noise=s)["js_slope"] - target

    # the slope is ~0 for tiny s, peaks near s = 1.22 (for θ = 3), then falls slowly and is
    # still about 0.13 at s = θ/1.64: one crossing of 0.05 in the bracket, on the rise
    return float(brentq(excess, 0.2, theta / 1.64, xtol=1e-12))


exercise(
    "06.5", "compute", 2,
    [
        "Blurred by s, the lines are N(0, s²) and N(θ, s²) in x: "
        "showdown_values(3.0, sigma=0.0, noise=s)['js_slope'] is JS's slope. Try a few s.",
        "The slope is about 0 for small s and grows with s up to s ≈ 1.2: find where it "
        "crosses 0.05 between 0.5 and 0.8, by bisection or a fine scan.",
    ],
    expected=_noise_for_slope,
    rtol=1e-2,
)

__all__: list = []
