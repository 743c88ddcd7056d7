"""Keyed exercises of notebook 04, the Jensen-Shannon divergence.

Every expected value is computed from the tested helpers; none of them is printed in the notebook
above its exercise (``tests/test_exercise_audit.py`` checks that).
"""

from __future__ import annotations

import numpy as np

from ..divergences import js_divergence, kl_divergence
from .core import exercise

#: Exercise 04.3: what one draw from the mixture tells about the coin (P and Q).
MI_P = (0.7, 0.3, 0.0)
MI_Q = (0.0, 0.6, 0.4)

#: Exercise 04.5: two nearby coins, P(heads) and Q(heads).
NEAR_P, NEAR_Q = 0.5, 0.4


def _random_pair(rng, n: int, zeros: float = 0.3):
    """Two probability vectors of length ``n``, each with some exact zeros."""
    pair = []
    for _ in range(2):
        v = rng.random(n) * (rng.random(n) >= zeros)
        if v.sum() == 0:
            v[rng.integers(n)] = 1.0
        pair.append(v / v.sum())
    return tuple(pair)


def _js_cases(rng):
    """Hidden cases for 04.4: random pairs with zeros, a disjoint pair, an equal pair."""
    cases = [_random_pair(rng, int(rng.integers(2, 7))) for _ in range(6)]
    cases.append((np.array([0.2, 0.8, 0.0, 0.0]), np.array([0.0, 0.0, 0.35, 0.65])))
    same = _random_pair(rng, 5)[0]
    cases.append((same, same.copy()))
    # zeros next to tiny masses, JS ≈ 3.5e-14: an epsilon of 1e-12 or more added to p, q or m
    # (or a clip at epsilon) is wrong here by more than the tolerance (1e-15 + 1e-9 · JS)
    cases.append((np.array([1e-13, 0.4, 0.6 - 1e-13]), np.array([0.0, 0.4, 0.6])))
    cases.append((np.array([0.0, 0.5, 0.5]), np.array([1e-13, 0.5, 0.5 - 1e-13])))
    return cases


exercise(
    "04.1", "predict", 1,
    ["Where the boxes do not overlap, every outcome is produced by one box only. Section "
     "'How large can JS get?' says what JS is then, and whether the gap matters.",
     "Only the overlap pulls JS below log 2, and the overlap grows in proportion to how far the "
     "boxes have slid into each other."],
    expected=lambda: "b", choices="abc",
    diagnoses=[("c", "Infinite is KL's habit when one distribution rules out what the other "
                     "produces. Can JS ever be infinite? The mixture M rules nothing out.")],
)

exercise(
    "04.2", "predict", 1,
    ["Can JS ever be infinite? The mixture M never rules out what P or Q can produce.",
     "JS reaches log 2 only when P and Q never produce the same outcome. With q = 0 the coin Q "
     "still lands tails, and so does P half of the time."],
    expected=lambda: "c", choices="abc",
    diagnoses=[("a", "JS is never infinite: the mixture M gives positive probability to "
                     "everything P or Q can produce.")],
)

exercise(
    "04.3", "compute", 2,
    ["The information one draw X gives about the coin Z is JS(P, Q). Mind the unit: bits.",
     "Build M = (P + Q)/2, average KL(P‖M) and KL(Q‖M), and express the result in bits."],
    expected=lambda: js_divergence(MI_P, MI_Q, base=2), sig_figs=2,
    diagnoses=[
        (lambda: js_divergence(MI_P, MI_Q), "That is in nats; the question asks for bits: "
         "divide by log 2."),
        (lambda: 2 * js_divergence(MI_P, MI_Q, base=2), "JS is the average of the two KLs to "
         "the mixture, not their sum: you are missing a factor ½."),
        (lambda: (kl_divergence(MI_P, MI_Q) if np.isfinite(kl_divergence(MI_P, MI_Q))
                  else np.inf), "KL(P‖Q) is not the information about the coin; use the "
         "mixture M."),
    ],
)

exercise(
    "04.4", "implement", 2,
    ["Build m = (p + q) / 2, then average sum p_i log(p_i / m_i) and sum q_i log(q_i / m_i).",
     "Outcomes with p_i = 0 contribute 0 (0 log 0 = 0): sum only over the mask p > 0, and "
     "likewise for q. Never add a small epsilon."],
    reference=js_divergence, cases=_js_cases, rtol=1e-9, atol=1e-15,
    off_limits=["helpers.divergences.js_divergence", "helpers.divergences.kl_divergence",
                "helpers.divergences.cross_entropy", "helpers.information.entropy",
                "helpers.examples.coin_js", "scipy.spatial.distance.jensenshannon",
                "scipy.special.rel_entr", "scipy.special.kl_div", "scipy.stats.entropy"],
    no_warnings=True,
)

exercise(
    "04.5", "explain", 2,
    ["Compute JS and KL(P‖Q) for the two coins with the helpers and divide.",
     "Write both coins as (heads, tails) vectors and divide js_divergence by kl_divergence "
     "(both in nats, so the unit cancels)."],
    expected=lambda: js_divergence([NEAR_P, 1 - NEAR_P], [NEAR_Q, 1 - NEAR_Q])
    / kl_divergence([NEAR_P, 1 - NEAR_P], [NEAR_Q, 1 - NEAR_Q]),
    sig_figs=3,
    diagnoses=[
        (0.25, "A quarter is the limit as q → p; at q = 0.4 compute the ratio itself."),
        (lambda: js_divergence([NEAR_P, 1 - NEAR_P], [NEAR_Q, 1 - NEAR_Q])
         / kl_divergence([NEAR_Q, 1 - NEAR_Q], [NEAR_P, 1 - NEAR_P]),
         "The KL's arguments are reversed: the question asks for KL(P‖Q), P = (0.5, 0.5)."),
        (lambda: kl_divergence([NEAR_P, 1 - NEAR_P], [NEAR_Q, 1 - NEAR_Q])
         / js_divergence([NEAR_P, 1 - NEAR_P], [NEAR_Q, 1 - NEAR_Q]),
         "That is KL / JS; the question asks for JS / KL."),
    ],
)
