"""Keyed exercises of notebook 07, the GAN derivation (answers, tolerances, hints)."""

from __future__ import annotations

import numpy as np

from ..divergences import kl_divergence
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
         expected=lambda: "b", choices="abcd")

exercise("07.2", "predict", 1,
         ["Through the logit ℓ (D = sigmoid(ℓ)), the saturating loss sends back D and the "
          "non-saturating one 1 − D.",
          "Divide the non-saturating gradient by the saturating one; mind that 1 − D is not "
          "quite 1."],
         expected=lambda: (1 - 0.001) / 0.001, rtol=2e-3)

exercise("07.3", "compute", 2,
         ["First D* = p_r / (p_r + p_g), outcome by outcome.",
          "V = Σ p_r log D* + Σ p_g log(1 − D*): six terms (or 2 JS − 2 log 2)."],
         expected=lambda: optimal_value(P_REAL_3, P_GEN_3), rtol=1e-3)

exercise("07.4", "implement", 3,
         ["Compute D* = p_r / (p_r + p_g) first; the value is Σ p_r log D* + Σ p_g log(1 − D*).",
          "Outcomes with zero probability contribute 0 (0 · log 0 = 0): skip them, or use "
          "scipy.special.xlogy. Where p_r = p_g = 0, D* can be anything."],
         reference=optimal_value, cases=_cases_07_4, rtol=1e-9, atol=1e-12)

exercise("07.5", "explain", 2,
         ["With D(x) = sigmoid(k(c − x)), −log D(x) = softplus(k(x − c)), whose slope in x is "
          "k · (1 − D(x)).",
          "On the fakes D ≈ 0, so the slope is about k, and the average over z is too: find k "
          "with sharpness_for_error."],
         expected=lambda: near_perfect_discriminator(sharpness_for_error(1e-4))[
             "nonsaturating_gradient"], rtol=1e-3)

exercise("07.6", "explain", 2,
         ["KL(P_g ‖ P_r) averages log(p_g / p_r) over the generator's samples only.",
          "Where the generator puts its mass, the data's density is one third of the "
          "generator's."],
         expected=lambda: kl_divergence(*three_modes()[::-1]), rtol=1e-3)

exercise("07.7", "compute", 2,
         ["Thm 2.5: the gradient is ∂/∂θ [KL(P_g ‖ P_r) − 2 JS(P_r, P_g)].",
          "KL(N(θ, σ²) ‖ N(0, σ²)) = θ²/2σ², so its slope is θ/σ²; ∂JS/∂θ from "
          "gaussian_js_slope(θ, σ)."],
         expected=lambda: 1.5 / 0.25 - 2 * gaussian_js_slope(1.5, 0.5), rtol=1e-3)
