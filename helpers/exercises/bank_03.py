"""Keyed exercises of notebook 03, cross-entropy and the KL divergence."""

from __future__ import annotations

import numpy as np

from ..classification import binary_cross_entropy, sigmoid, softmax_cross_entropy_gradient
from ..data import worm_teeth_distribution
from ..divergences import cross_entropy, kl_divergence
from ..information import entropy
from .core import exercise

#: The soft target of exercise 03.4 (a teacher's probabilities).
SOFT_TARGET = np.array([0.7, 0.2, 0.1])

#: Exercise 03.5: label smoothing in Szegedy et al.'s uniform-mixture form, K = 10, ε = 0.1:
#: (1 − ε) one-hot + ε/K on every class, so 0.91 on the true class and 0.01 on each other.
UNIFORM_FORM_TARGET = 0.9 * np.eye(10)[0] + 0.1 / 10

#: Exercise 03.6: a spam filter's logit for an e-mail that is spam (target 1).
SPAM_LOGIT, SPAM_TARGET = -1.2, 1.0

exercise(
    "03.1", "predict", 1,
    [
        "KL(Q‖P) averages log(q/p) over Q. What does Q pay for putting mass where P has "
        "almost none, say in the gap between the bumps?",
        "Write out which distribution does the averaging in each direction. For a Q spread "
        "over both bumps, where is q large while p is tiny, and which direction pays for that?",
    ],
    expected=lambda: "b",
    choices="abc",
    diagnoses=[("a", "KL(P‖Q) averages log(p/q) over P, the data: what does it cost a Q that "
                     "ignores the bump where half of the data live?")],
)

exercise(
    "03.2", "compute", 1,
    [
        "Cross-entropy in bits: −Σ p(k) log₂ q(k), with q(k) = 1/11 for every count k = 0..10.",
        "Every term has the same factor −log₂(1/11): take it out of the sum. What is left inside?",
    ],
    expected=lambda: cross_entropy(
        worm_teeth_distribution(), np.full(11, 1.0 / 11.0), base=2
    ),
    sig_figs=3,
    diagnoses=[
        (lambda: cross_entropy(worm_teeth_distribution(), np.full(11, 1.0 / 11.0)),
         "That is in nats; the question asks for bits (log₂)."),
        (lambda: cross_entropy(np.full(11, 1.0 / 11.0), worm_teeth_distribution(), base=2),
         "The arguments are reversed: H(observed, uniform) averages over the observed counts "
         "the code lengths of the uniform code."),
        (lambda: entropy(worm_teeth_distribution(), base=2),
         "That is the entropy of the observed counts, the cost of their own best code; the "
         "question asks what the uniform model's code costs."),
        (lambda: kl_divergence(worm_teeth_distribution(), np.full(11, 1.0 / 11.0), base=2),
         "That is the KL divergence, only the extra cost over the best code; cross-entropy "
         "is the whole cost."),
    ],
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
        "Differentiate the two terms separately: the first needs d/dzⱼ of log Σₖ exp(zₖ), which "
        "a function you may use computes; the second is linear in z. Do not assume Σᵢ yᵢ = 1.",
    ],
    reference=softmax_cross_entropy_gradient,
    cases=_gradient_cases,
    rtol=1e-6,
    atol=1e-9,
    off_limits=["helpers.classification.softmax_cross_entropy_gradient"],
)

exercise(
    "03.4", "explain", 2,
    [
        "CE(y, q) − KL(y‖q) does not depend on q at all. Which quantity of y alone is it?",
        "H(y, q) = H(y) + KL(y‖q): compute the entropy of the soft target, in nats.",
    ],
    expected=lambda: cross_entropy(SOFT_TARGET, [0.5, 0.25, 0.25])
    - kl_divergence(SOFT_TARGET, [0.5, 0.25, 0.25]),
    sig_figs=3,
    diagnoses=[
        (lambda: entropy(SOFT_TARGET, base=2), "That is in bits; the question asks for nats."),
        (lambda: cross_entropy(SOFT_TARGET, [0.5, 0.25, 0.25]), "That is H(y, q) alone; "
         "subtract KL(y‖q)."),
        (lambda: kl_divergence(SOFT_TARGET, [0.5, 0.25, 0.25]), "That is KL(y‖q) alone; "
         "the question asks for H(y, q) − KL(y‖q)."),
    ],
)

exercise(
    "03.5", "compute", 2,
    [
        "In this form the true class does not get 1 − ε: ε/K goes to every class, the true one "
        "included. At the optimum the predicted probabilities equal the target.",
        "The gap is log(y_true / y_other). Write down y_true and y_other for K = 10 and ε = 0.1 "
        "first; the formula of the other form, log((1 − ε)(K − 1)/ε), does not apply here.",
    ],
    expected=lambda: float(np.log(UNIFORM_FORM_TARGET[0] / UNIFORM_FORM_TARGET[1])),
    sig_figs=3,
    diagnoses=[
        (lambda: float(np.log(0.9 * 9 / 0.1)), "That is the other form, with ε spread over the "
         "nine other classes only. In this form ε/K goes to every class, the true one too."),
        (lambda: float(UNIFORM_FORM_TARGET[0] / UNIFORM_FORM_TARGET[1]), "That is the ratio "
         "of the target probabilities; the logits differ by its logarithm."),
        (lambda: float(np.log2(UNIFORM_FORM_TARGET[0] / UNIFORM_FORM_TARGET[1])), "Logits "
         "are in nats: use the natural logarithm."),
    ],
)

exercise(
    "03.6", "compute", 1,
    [
        "q = sigmoid(ℓ) = 1/(1 + e^(−ℓ)) is the filter's probability of spam. With y = 1 only the "
        "first term of −y log q − (1 − y) log(1 − q) is left.",
        "Mind the two minus signs: e^(−ℓ) with ℓ = −1.2 is e^(+1.2). Compute q from it, then "
        "−log q with the natural logarithm (nats).",
    ],
    expected=lambda: binary_cross_entropy(SPAM_LOGIT, SPAM_TARGET),
    sig_figs=3,
    diagnoses=[
        (lambda: binary_cross_entropy(SPAM_LOGIT, SPAM_TARGET) / np.log(2),
         "That is in bits; the question asks for nats (natural logarithm)."),
        (lambda: binary_cross_entropy(-SPAM_LOGIT, SPAM_TARGET),
         "That is the loss of a filter that leans the right way (logit +1.2), or of the target 0. "
         "Mind the sign: with ℓ = −1.2 the filter gives spam a probability below ½, so the loss "
         "is large."),
        (lambda: sigmoid(SPAM_LOGIT),
         "That is q = sigmoid(ℓ), the predicted probability; the loss is −log q."),
        (lambda: 1.0 - sigmoid(SPAM_LOGIT),
         "That is 1 − q, the probability of 'not spam'; the loss is −log q for y = 1."),
        (lambda: binary_cross_entropy(SPAM_LOGIT, SPAM_TARGET) / np.log(10),
         "That is in base 10; the question asks for nats (natural logarithm)."),
    ],
)
