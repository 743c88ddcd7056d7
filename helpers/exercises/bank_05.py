"""Keyed exercises of notebook 05, the earth mover's distance.

Every expected value is computed from the tested helpers; none of them is printed in the notebook
above its exercise (``tests/test_exercise_audit.py`` checks that).
"""

from __future__ import annotations

import numpy as np

from ..transport import lipschitz_dual, wasserstein_1d
from .core import exercise

#: Exercise 05.2: the area between two step CDFs, by hand.
AREA_P = {"values": (0.0, 1.0, 2.0, 3.0), "weights": (0.25, 0.25, 0.25, 0.25)}
AREA_Q = {"values": (1.0, 2.5), "weights": (0.6, 0.4)}

#: Exercise 05.4: equal means, positive distance. P has two atoms, Q one atom at P's mean.
EQUAL_MEANS_P = {"values": (0.0, 2.5), "weights": (0.4, 0.6)}
EQUAL_MEANS_Q = 1.5


def _w1_xayb(x, a, y, b) -> float:
    """:func:`wasserstein_1d` with the exercise's argument order (atoms and masses of P, then Q)."""
    return wasserstein_1d(x, y, a, b)


def _w1_cases(rng):
    """Hidden cases for 05.3: unsorted atoms, shared atoms, zero weights, one-atom sides."""
    cases = []
    for _ in range(6):
        n, m = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        x = np.round(rng.uniform(-3, 3, n), 1)
        y = np.round(rng.uniform(-3, 3, m), 1)
        if n > 1 and m > 0:
            x[0] = y[0]  # a shared atom
        a = rng.random(n) + 0.05
        b = rng.random(m) + 0.05
        if n > 2:
            a[-1] = 0.0  # an atom without mass
        cases.append((x, a / a.sum(), y, b / b.sum()))
    cases.append((np.array([3.0, -1.0, 0.5]), np.array([0.2, 0.5, 0.3]),
                  np.array([0.5, 2.0]), np.array([0.5, 0.5])))
    return cases


exercise(
    "05.1", "predict", 1,
    ["Once Q is entirely to the right of P, every unit of mass travels the same way. What does "
     "section 1 say such a plan costs?",
     "Moving all of Q one more unit to the right lengthens every path by exactly that much."],
    expected=lambda: "b", choices="abc",
    diagnoses=[("a", "That is JS's behaviour. W₁ measures how far mass travels: what happens "
                     "to every path when Q moves one more unit away?")],
)

exercise(
    "05.2", "compute", 2,
    ["List the atoms of both distributions in order: 0, 1, 2, 2.5, 3. Between two neighbours "
     "both CDFs are constant.",
     "On each interval take |F_P − F_Q| times its width: on [0, 1) F_P = 1/4 and F_Q = 0, on "
     "[1, 2) F_P = 1/2 and F_Q = 0.6, and so on. Add the rectangles."],
    expected=lambda: wasserstein_1d(AREA_P["values"], AREA_Q["values"], AREA_P["weights"],
                                    AREA_Q["weights"]),
    sig_figs=3,
    diagnoses=[
        (lambda: abs(np.dot(AREA_Q["values"], AREA_Q["weights"])
                     - np.dot(AREA_P["values"], AREA_P["weights"])),
         "That is the gap between the means, only a lower bound: the CDFs cross, so mass "
         "moves both ways. Add the area of every rectangle."),
    ],
)

exercise(
    "05.3", "implement", 3,
    ["Put all atoms of both distributions in one sorted array t (np.unique). Between t[k] and "
     "t[k + 1] both CDFs are constant.",
     "F_P(t_k) is the total mass of P at or left of t_k. Compute it for every k at once by "
     "comparing each atom with each t_k (a 2-D table of booleans), the same for Q, then weight "
     "each |F_P − F_Q| by the width of its interval."],
    reference=_w1_xayb, cases=_w1_cases, rtol=1e-9, atol=1e-12,
    off_limits=["helpers.transport.wasserstein_1d", "helpers.transport.cdf_1d",
                "helpers.transport.emd", "helpers.transport.transport_plan_1d",
                "helpers.transport.transport_cost", "helpers.transport.lipschitz_dual",
                "scipy.stats.wasserstein_distance"],
)

exercise(
    "05.4", "explain", 2,
    ["Q's only atom sits at P's mean, so the gap between the means is 0. Where must each of "
     "P's atoms go?",
     "Every plan sends all of P's mass to Q's one atom: W1 = sum a_i |x_i − y|. A critic that "
     "matches it: f(x) = |x − y|."],
    expected=lambda: lipschitz_dual(
        [*EQUAL_MEANS_P["values"], EQUAL_MEANS_Q],
        [*EQUAL_MEANS_P["weights"], 0.0],
        [0.0] * len(EQUAL_MEANS_P["values"]) + [1.0],
    )[0],
    sig_figs=3,
    diagnoses=[
        (0.0, "0 is the gap between the means. A plan pays for every unit of mass it moves, "
              "left or right: the moves do not cancel in the cost."),
        (lambda: sum(abs(x - EQUAL_MEANS_Q) for x in EQUAL_MEANS_P["values"]),
         "Each atom's distance counts with its mass: weight |x − 1.5| by 0.4 and 0.6."),
    ],
)
