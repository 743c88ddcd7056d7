"""Keyed exercises of notebook 03, cross-entropy and the KL divergence."""

from __future__ import annotations

import numpy as np

from ..classification import smoothed_logit_gap, softmax_cross_entropy_gradient
from ..data import worm_teeth_distribution
from ..divergences import cross_entropy, kl_divergence
from .core import exercise

#: The soft target of exercise 03.4 (a teacher's probabilities).
SOFT_TARGET = np.array([0.7, 0.2, 0.1])

exercise(
    "03.1", "predict", 1,
    [
        "KL(Q‖P) averages log(q/p) over Q. What does Q pay for putting mass where P has "
        "almost none, say in the gap between the bumps?",
        "A Q that spans both bumps puts mass in the gap, where p ≈ 0 and log(q/p) is huge — "
        "but only the direction that averages over Q sees it.",
    ],
    expected=lambda: "b",
    choices="abc",
)

exercise(
    "03.2", "compute", 1,
    [
        "Cross-entropy in bits: −Σ p(k) log₂ q(k), with q(k) = 1/11 for every count k = 0..10.",
        "Every term has the same factor log₂(1/11), and the p(k) sum to 1.",
    ],
    expected=lambda: cross_entropy(
        worm_teeth_distribution(), np.full(11, 1.0 / 11.0), base=2
    ),
)


def _gradient_cases(rng) -> list:
    """Hidden cases: one-hot, soft, multi-label (two 1s) and arbitrary non-negative weights."""
    cases = []
    for k in (3, 4, 5, 6):
        z = rng.normal(0.0, 3.0, size=k)
        one_hot = np.eye(k)[rng.integers(k)]
        soft = rng.dirichlet(np.ones(k))
        multi = np.zeros(k)
        multi[rng.choice(k, size=2, replace=False)] = 1.0
        weights = rng.uniform(0.0, 2.0, size=k)
        cases.extend([(z, one_hot), (z, soft), (z, multi), (z, weights)])
    return cases


exercise(
    "03.3", "implement", 3,
    [
        "Write L(z) = (Σᵢ yᵢ) · log Σⱼ exp(zⱼ) − Σᵢ yᵢ zᵢ and differentiate with respect to zⱼ.",
        "The derivative of log Σⱼ exp(zⱼ) is softmax(z)ⱼ. The targets need not sum to 1: keep "
        "the factor Σᵢ yᵢ.",
    ],
    reference=softmax_cross_entropy_gradient,
    cases=_gradient_cases,
    rtol=1e-6,
    atol=1e-9,
)

exercise(
    "03.4", "explain", 2,
    [
        "CE(y, p) − KL(y‖p) does not depend on p at all. Which quantity of y alone is it?",
        "H(y, p) = H(y) + KL(y‖p): compute the entropy of the soft target, in nats.",
    ],
    expected=lambda: cross_entropy(SOFT_TARGET, [0.5, 0.25, 0.25])
    - kl_divergence(SOFT_TARGET, [0.5, 0.25, 0.25]),
)

exercise(
    "03.5", "compute", 2,
    [
        "At the optimum the predicted probabilities equal the smoothed target; the gap is the "
        "log of the ratio of two target probabilities.",
        "The true class gets 1 − ε, each of the K − 1 others ε / (K − 1): gap = "
        "log((1 − ε)(K − 1) / ε), in nats.",
    ],
    expected=lambda: smoothed_logit_gap(10, 0.1),
)

