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
    diagnoses=[
        ("c", "At θ = 0 the two coincide and JS starts like d²/8, a parabola: what is its slope "
              "at the bottom?"),
        ("a", "KL = θ²/2 here: does a parabola flatten out?"),
    ],
)

exercise(
    "06.2", "compute", 2,
    [
        "KL(P‖Q) = θ²/(2σ²) nats. How many nats is one bit?",
        "Set θ²/(2σ²) equal to one bit written in nats, and solve for θ > 0 with σ = 0.5.",
    ],
    expected=lambda: 0.5 * math.sqrt(2.0 * math.log(2.0)),
    sig_figs=3,
    diagnoses=[
        (lambda: 0.5 * math.sqrt(2.0), "That θ makes KL one *nat*; one bit is log 2 ≈ 0.693 "
         "nats."),
        (lambda: 0.5 * math.sqrt(math.log(2.0)), "You lost the factor 2 in θ²/(2σ²)."),
        (lambda: math.sqrt(2.0 * math.log(2.0)), "That is for σ = 1; here σ = 0.5."),
        (lambda: math.sqrt(math.log(2.0)), "The formula has σ², the variance: σ² = 0.25, "
         "not 0.5."),
    ],
)

exercise(
    "06.3", "implement", 2,
    [
        "With d = |θ|/σ and U = dZ − d²/2, the generator gets "
        "2 · sign(θ) · (d/σ) · E[sigmoid(U)²]; sigmoid(u) = 1/(1 + exp(−u)).",
        "E[f(Z)] for Z ~ N(0, 1) is the integral of f(z) times the standard normal density: "
        "integrate on a fine grid reaching |z| = 12 (np.trapezoid). Write sigmoid so that no "
        "exp can overflow, and check what your formula gives at θ = 0.",
    ],
    reference=_generator_gradient,
    cases=_gradient_cases,
    sig_figs=3,
    off_limits=["helpers.examples.gaussian_js_slope", "helpers.examples.gaussian_js",
                "helpers.showdown.gaussian_js_slope_fast", "helpers.showdown.gaussian_js_fast",
                "helpers.showdown.showdown_values", "helpers.showdown.showdown_curves",
                "helpers.showdown.frozen_discriminator_gradient",
                "helpers.gan.gaussian_frozen_gradients", "helpers.gan.frozen_generator_gradients"],
)

exercise(
    "06.4", "explain", 2,
    [
        "The WGAN critic gives the generator a gradient of 1. What does the optimal "
        "discriminator give at θ = 8σ?",
        "Read the GAN generator's gradient 2 · ∂JS/∂θ at θ = 8, σ = 1 (the GAN figure prints "
        "it), and compare the WGAN's gradient with it.",
    ],
    expected=lambda: 1.0 / _generator_gradient(8.0, 1.0),
    sig_figs=2,
    diagnoses=[
        (lambda: _generator_gradient(8.0, 1.0), "That is the GAN generator's gradient itself; "
         "the question asks how many times larger the WGAN's gradient of 1 is."),
        (lambda: 0.5 / _generator_gradient(8.0, 1.0), "The generator's gradient from the "
         "optimal discriminator is 2 · ∂JS/∂θ, not ∂JS/∂θ: you are off by a factor 2."),
        (lambda: 2.0 / _generator_gradient(8.0, 1.0), "You counted the factor 2 twice: the GAN "
         "figure already prints 2 · ∂JS/∂θ."),
    ],
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
        "crosses 0.05 between 0.5 and 0.8, by bisection or a scan in steps of 0.01.",
    ],
    expected=_noise_for_slope,
    decimals=2,
    ulps=1,  # a 0.01-step scan stops at the first grid point past the crossing: it passes
    diagnoses=[
        (lambda: 3.0 / _noise_for_slope(), "That is d = θ/s, the separation in widths; the "
         "question asks for the noise s."),
    ],
)

__all__: list = []
