"""Keyed exercises of notebook 07, the GAN derivation (answers, tolerances, hints)."""

from __future__ import annotations

import numpy as np

from ..divergences import js_divergence, kl_divergence
from ..examples import discretize_normal, gaussian_js_slope
from ..gan import (
    gan_value,
    near_perfect_discriminator,
    optimal_discriminator,
    sharpness_for_error,
)
from ..validation import normalize
from .core import exercise

#: Exercise 07.3: two distributions over three outcomes.
P_REAL_3 = [0.6, 0.3, 0.1]
P_GEN_3 = [0.1, 0.3, 0.6]

#: Exercise 07.6: three modes N(-10, 1), N(0, 1), N(10, 1); the generator sits on the last.
MODES_6 = (-10.0, 0.0, 10.0)
GRID_6 = np.linspace(-20.0, 20.0, 4001)


def optimal_value(p_real, p_gen) -> float:
    """V(D*, G) from the tested helpers (the reference for exercise 07.4)."""
    return gan_value(p_real, p_gen, optimal_discriminator(p_real, p_gen))


def three_modes():
    """The data (three equal modes) and the generator (the mode at +10) on ``GRID_6``."""
    data = sum(discretize_normal(GRID_6, m, 1.0) for m in MODES_6) / 3
    return normalize(data), discretize_normal(GRID_6, MODES_6[-1], 1.0)


def _cases_07_4(rng):
    cases = []
    for n in (2, 3, 5, 8):
        cases.append((rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))))
    cases.append((np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.0, 0.0, 0.5, 0.5])))
    cases.append((np.array([0.2, 0.3, 0.5]), np.array([0.2, 0.3, 0.5])))
    cases.append((np.array([0.7, 0.3, 0.0]), np.array([0.1, 0.4, 0.5])))
    return cases


exercise("07.1", "predict", 1,
         ["Far apart, the discriminator is almost never fooled. What does D* say on real "
          "samples, and on fakes? Put those values into the two terms of V.",
          "V(D*, G) = 2 JS − 2 log 2: what is JS for two distributions that barely overlap?"],
         expected=lambda: "b", choices="abcd",
         diagnoses=[("a", "−log 4 is V(D*, G) at θ = 0, where D* = ½ everywhere. Far apart, D* "
                          "is about 1 on real samples and 0 on fakes: what are the two terms?")])

exercise("07.2", "predict", 1,
         ["Through the logit ℓ (D = sigmoid(ℓ)), the saturating loss sends back D and the "
          "non-saturating one 1 − D.",
          "Divide the non-saturating gradient by the saturating one, both at D = 0.001."],
         expected=lambda: (1 - 0.001) / 0.001, sig_figs=3,
         diagnoses=[(1000.0, "That is 1/D: the non-saturating gradient through the logit is "
                             "1 − D, and 1 − D is not quite 1."),
                    (1.0 / 999.0, "That ratio is upside down: divide the non-saturating "
                                  "gradient by the saturating one.")])

exercise("07.3", "compute", 2,
         ["First D* = p_r / (p_r + p_g), outcome by outcome.",
          "V = Σ p_r log D* + Σ p_g log(1 − D*): six terms (or 2 JS − 2 log 2)."],
         expected=lambda: optimal_value(P_REAL_3, P_GEN_3), sig_figs=3,
         diagnoses=[
             (lambda: js_divergence(P_REAL_3, P_GEN_3), "That is JS(P_r, P_g); V(D*, G) is "
              "2 JS − 2 log 2."),
             (lambda: -optimal_value(P_REAL_3, P_GEN_3), "Mind the sign: both terms of V are "
              "logarithms of probabilities, so V ≤ 0."),
             (lambda: optimal_value(P_REAL_3, P_GEN_3) / np.log(2), "That is in bits; the "
              "question asks for nats."),
             (lambda: optimal_value(P_REAL_3, P_GEN_3) / 2, "You are missing a factor 2: V has "
              "two terms, one over the data and one over the fakes."),
         ])

exercise("07.4", "implement", 2,
         ["Compute D* = p_r / (p_r + p_g) first; the value is Σ p_r log D* + Σ p_g log(1 − D*).",
          "Outcomes with zero probability contribute 0 (0 · log 0 = 0): skip them, or use "
          "scipy.special.xlogy. Where p_r = p_g = 0, D* can be anything."],
         reference=optimal_value, cases=_cases_07_4, rtol=1e-9, atol=1e-12,
         off_limits=["helpers.gan.gan_value", "helpers.gan.optimal_discriminator",
                     "helpers.showdown.optimal_gan_value", "helpers.divergences.js_divergence",
                     "helpers.exercises.bank_07.optimal_value"])

exercise("07.5", "explain", 2,
         ["With D(x) = sigmoid(k(c − x)), −log D(x) = softplus(k(x − c)), whose slope in x is "
          "k · (1 − D(x)).",
          "On the fakes D ≈ 0, so the slope is about k, and the average over z is too: find k "
          "with sharpness_for_error."],
         expected=lambda: near_perfect_discriminator(sharpness_for_error(1e-4))[
             "nonsaturating_gradient"], sig_figs=2,
         diagnoses=[
             (lambda: near_perfect_discriminator(sharpness_for_error(1e-4))["gradient"],
              "That is the minimax gradient, the tiny one; the question asks for the "
              "non-saturating loss's."),
             (lambda: sharpness_for_error(1e-4) * 1e-4, "That is k times the error, the "
              "minimax loss's way. The non-saturating slope is k · (1 − D), and on the fakes "
              "D ≈ 0."),
         ])

exercise("07.6", "explain", 2,
         ["KL(P_g ‖ P_r) averages log(p_g / p_r) over the generator's samples only.",
          "Where the generator puts its mass, the data's density is one third of the "
          "generator's."],
         expected=lambda: kl_divergence(*three_modes()[::-1]), sig_figs=3,
         diagnoses=[
             (lambda: kl_divergence(*three_modes()), "The arguments are reversed: that is "
              "KL(P_r ‖ P_g), the forward KL. The question asks for KL(P_g ‖ P_r)."),
             (lambda: kl_divergence(*three_modes()[::-1], base=2), "That is in bits; the "
              "question asks for nats."),
             (lambda: -kl_divergence(*three_modes()[::-1]), "Mind the sign: a KL divergence is "
              "never negative."),
         ])

exercise("07.7", "compute", 2,
         ["Thm 2.5: the gradient is ∂/∂θ [KL(P_g ‖ P_r) − 2 JS(P_r, P_g)].",
          "Differentiate KL(N(θ, σ²) ‖ N(0, σ²)) = θ²/2σ² by hand, get ∂JS/∂θ from "
          "gaussian_js_slope(θ, σ), and put the two together as the theorem says."],
         expected=lambda: 1.5 / 0.25 - 2 * gaussian_js_slope(1.5, 0.5), sig_figs=3,
         diagnoses=[
             (6.0, "That is the KL slope θ/σ² alone; Theorem 2.5 subtracts 2 ∂JS/∂θ."),
             (lambda: 1.5 / 0.25 - gaussian_js_slope(1.5, 0.5), "You are missing the factor 2 "
              "in front of ∂JS/∂θ."),
             (lambda: 1.5 / 0.25 + 2 * gaussian_js_slope(1.5, 0.5), "Mind the sign: Theorem "
              "2.5 has KL − 2 JS."),
             (lambda: 1.5 / 0.5 - 2 * gaussian_js_slope(1.5, 0.5), "The KL slope is θ/σ², "
              "with the variance σ² = 0.25, not σ."),
         ])
