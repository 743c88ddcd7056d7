"""Figures for notebook 05, the earth mover's distance.

Four builders, each returning a :class:`helpers.LiveFigure` whose sliders move one pile of earth:

* :func:`plan_figure` — piles and holes on a line, the optimal plan as arrows and as a heat map,
  its cost beside the LP optimum and the difference of means;
* :func:`cdf_figure` — W1 as the shaded area between two CDFs, with the quantile coupling above;
* :func:`cloud_figure` — two equal-mass point clouds in the plane matched by :func:`helpers.emd`;
* :func:`duality_figure` — the primal plan beside the best 1-Lipschitz critic of the dual LP.

Every number drawn comes from :mod:`helpers.transport`. Each figure is built once; an update only
moves existing artists (``set_segments``, ``set_verts``, ``set_data``, ``set_offsets``,
``set_text``). The artists a test needs are in ``live.parts``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import LinearSegmentedColormap

from ..plotting import COLORS, TEXT_COLORS
from ..transport import (
    cdf_1d,
    emd,
    lipschitz_dual,
    transport_cost,
    transport_plan_1d,
    wasserstein_1d,
)
from ..widgets import LiveFigure, new_figure, slider

#: The four-point example (corrected from a blog post): piles of earth at x = 2 and 3, holes at
#: x = 0 and 1.
FOUR_POINT = {
    "piles": (2.0, 3.0),
    "pile_mass": (0.2, 0.8),
    "holes": (0.0, 1.0),
    "hole_mass": (0.3, 0.7),
}

#: Plan entries below this are not drawn.
DRAW_TOLERANCE = 1e-12

_PLAN_CMAP = LinearSegmentedColormap.from_list("plan", ["#FFFFFF", COLORS["plan"], "#1F5F8B"])


def cost_matrix_1d(sources, targets) -> np.ndarray:
    """``|x_i - y_j|`` for every source ``x_i`` and target ``y_j`` (1-D locations)."""
    x = np.asarray(sources, dtype=float)
    y = np.asarray(targets, dtype=float)
    return np.abs(x[:, None] - y[None, :])


def plan_segments(source_xy, target_xy, plan, tolerance: float = DRAW_TOLERANCE):
    """One segment per plan entry above ``tolerance``, from source ``i`` to target ``j``.

    Returns ``(segments, masses)``: ``segments`` has shape (k, 2, 2), ``masses`` shape (k,).
    """
    src = np.asarray(source_xy, dtype=float)
    dst = np.asarray(target_xy, dtype=float)
    p = np.asarray(plan, dtype=float)
    rows, cols = np.nonzero(p > tolerance)
    segments = np.stack((src[rows], dst[cols]), axis=1) if rows.size else np.zeros((0, 2, 2))
    return segments, p[rows, cols]


def _widths(masses, scale: float = 16.0, base: float = 1.5) -> np.ndarray:
    return base + scale * np.asarray(masses, dtype=float)


def cdf_gap_rectangles(p_values, p_weights, q_values, q_weights):
    """The region between two step CDFs as rectangles, one per interval between atoms.

    On ``[t_k, t_{k+1})`` (consecutive distinct atoms of either distribution) both CDFs are
    constant, so the region between them is the rectangle ``[t_k, t_{k+1}] x [min, max]``.
    Returns ``(rectangles, area)``: a list of 4x2 vertex arrays and their total area, which is
    W1 = ∫|F_P - F_Q| dx.
    """
    ticks = np.unique(np.concatenate((np.asarray(p_values, float), np.asarray(q_values, float))))
    left, right = ticks[:-1], ticks[1:]
    fp = cdf_1d(p_values, left, p_weights)
    fq = cdf_1d(q_values, left, q_weights)
    low, high = np.minimum(fp, fq), np.maximum(fp, fq)
    rectangles = [
        np.array([[a, lo], [b, lo], [b, hi], [a, hi]])
        for a, b, lo, hi in zip(left, right, low, high, strict=True)
    ]
    area = float(np.sum((high - low) * (right - left)))
    return rectangles, area


def step_cdf_xy(values, weights, lo: float, hi: float):
    """Points for drawing the CDF as a ``steps-post`` line from ``lo`` to ``hi``."""
    xs = np.concatenate(([lo], np.sort(np.asarray(values, dtype=float)), [hi]))
    return xs, cdf_1d(values, xs, weights)


def _stem_segments(values, weights, base: float, sign: float, scale: float = 1.0):
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    return np.stack(
        (
            np.column_stack((v, np.full(v.size, base))),
            np.column_stack((v, base + sign * scale * w)),
        ),
        axis=1,
    )



def _show_rows_plan(q_stems, coupling, pv, qv, qw, plan, tolerance: float = DRAW_TOLERANCE):
    """Redraw Q's stems on the lower row and the plan as segments from P's row to Q's row."""
    q_stems.set_segments(_stem_segments(qv, qw, -ROW_Y, -1.0))
    segments, masses = plan_segments(
        np.column_stack((pv, np.full(pv.size, ROW_Y))),
        np.column_stack((qv, np.full(qv.size, -ROW_Y))),
        plan,
        tolerance=tolerance,
    )
    coupling.set_segments(segments)
    coupling.set_linewidths(_widths(masses, scale=10.0))


def _mean(values, weights) -> float:
    w = np.asarray(weights, dtype=float)
    return float(np.dot(np.asarray(values, dtype=float), w / w.sum()))


#: Height of the P row (and minus that of the Q row) in the 1-D "atoms and coupling" panels.
ROW_Y = 0.3


def _two_rows(ax) -> None:
    ax.set_ylim(-0.9, 0.9)
    ax.set_yticks([])
    ax.grid(False)
    ax.axhline(ROW_Y, color="0.5", lw=1)
    ax.axhline(-ROW_Y, color="0.5", lw=1)
    side = ax.get_yaxis_transform()
    # fixed labels below the moving artists in z-order: a slider change never redraws them
    ax.text(0.01, ROW_Y + 0.04, "P", transform=side, color=TEXT_COLORS["p"], fontsize=17,
            va="bottom", zorder=0.8)
    ax.text(0.01, -ROW_Y - 0.04, "Q", transform=side, color=TEXT_COLORS["q"], fontsize=17, va="top",
            zorder=0.8)


# --------------------------------------------------------------------------------------------
# 1. Piles, holes and a plan
# --------------------------------------------------------------------------------------------

PILE_Y, HOLE_Y, BAR_WIDTH = 0.45, -0.45, 0.32


def plan_figure(
    piles=FOUR_POINT["piles"],
    pile_mass=FOUR_POINT["pile_mass"],
    holes=FOUR_POINT["holes"],
    hole_mass=FOUR_POINT["hole_mass"],
    *,
    moving: int = 1,
    display_now: bool = True,
) -> LiveFigure:
    """Piles (P, blue) above the ground, holes (Q, vermillion) below, the optimal plan between.

    The slider moves pile number ``moving``. Left: the plan as arrows whose width is the mass
    moved. Right: the same plan as a heat map with its entries written in. The title gives the
    plan's cost (checked by :func:`helpers.transport_cost`), the LP optimum from
    :func:`helpers.emd` and the difference of the means.
    """
    x0 = np.array(piles, dtype=float)
    a = np.array(pile_mass, dtype=float)
    y = np.array(holes, dtype=float)
    b = np.array(hole_mass, dtype=float)
    n, m = a.size, b.size
    names = [chr(ord("A") + i) for i in range(n)]

    fig, (ax, hm) = new_figure(
        "emd-plan", 1, 2, figsize=(11, 5.4), gridspec_kw={"width_ratios": [1.75, 1]}
    )
    ax.set_xlim(-2.5, 4.6)
    ax.set_ylim(HOLE_Y - 1.05 * b.max() - 0.3, PILE_Y + 1.05 * a.max() + 0.3)
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("position x")
    ax.axhline(PILE_Y, color="0.4", lw=1.2)
    ax.axhline(HOLE_Y, color="0.4", lw=1.2)
    # fixed labels below the moving artists in z-order: a slider change never redraws them
    ax.text(0.01, 0.5 + 0.08, "piles P", transform=ax.transAxes, color=TEXT_COLORS["p"],
            va="bottom", zorder=0.8)
    ax.text(0.01, 0.5 - 0.08, "holes Q", transform=ax.transAxes, color=TEXT_COLORS["q"], va="top",
            zorder=0.8)
    pile_bars = ax.bar(x0, a, BAR_WIDTH, bottom=PILE_Y, color=COLORS["p"])
    ax.bar(y, -b, BAR_WIDTH, bottom=HOLE_Y, color=COLORS["q"])
    pile_labels = [
        ax.text(x0[i], PILE_Y + a[i] + 0.04, f"{names[i]}: {a[i]:g}", ha="center", va="bottom",
                zorder=3 if i == moving else 0.8)
        for i in range(n)
    ]
    for j in range(m):
        ax.text(y[j], HOLE_Y - b[j] - 0.04, f"{j + 1}: {b[j]:g}", ha="center", va="top",
                zorder=0.8)
    arrows = LineCollection([], color=COLORS["plan"], capstyle="butt", zorder=1)
    ax.add_collection(arrows)
    (tips,) = ax.plot([], [], "v", color=COLORS["plan"], ms=13, zorder=2, ls="none")
    title = ax.set_title(" \n ", loc="left")

    # the image above the axis (ticks of length 0, labels outside), so it alone is redrawn;
    # plain nearest-cell scaling draws the few cells in half the time of resampling them
    image = hm.imshow(
        np.zeros((n, m)), cmap=_PLAN_CMAP, vmin=0.0, vmax=float(min(a.max(), b.max())), zorder=1,
        interpolation="nearest", resample=False,
    )
    hm.grid(False)
    hm.set_xticks(range(m), [f"hole {j + 1}\n({b[j]:g})" for j in range(m)])
    hm.set_yticks(range(n), [f"pile {names[i]}\n({a[i]:g})" for i in range(n)])
    hm.tick_params(length=0)
    hm.set_title("plan γ[i, j]\nrows add up to piles,\ncolumns to holes", fontsize=14,
                 zorder=0.8)
    cells = [
        [hm.text(j, i, "", ha="center", va="center", fontsize=17) for j in range(m)]
        for i in range(n)
    ]

    def update(position):
        x = x0.copy()
        x[moving] = position
        cost = cost_matrix_1d(x, y)
        plan = transport_plan_1d(x, y, a, b)
        value = transport_cost(plan, cost, a, b)
        lp_value, _ = emd(a, b, cost)
        pile_bars[moving].set_x(position - BAR_WIDTH / 2)
        pile_labels[moving].set_x(position)
        segments, masses = plan_segments(
            np.column_stack((x, np.full(n, PILE_Y))), np.column_stack((y, np.full(m, HOLE_Y))), plan
        )
        arrows.set_segments(segments)
        arrows.set_linewidths(_widths(masses))
        tips.set_data(segments[:, 1, 0], segments[:, 1, 1] + 0.06)
        title.set_text(
            f"cost of the optimal plan = {value:.2f}   (LP optimum: {lp_value:.2f})\n"
            f"mean(P) − mean(Q) = {_mean(x, a) - _mean(y, b):.2f}   (piles minus holes)"
        )
        image.set_data(plan)
        for i in range(n):
            for j in range(m):
                cells[i][j].set_text(f"{plan[i, j]:.2f}")
                cells[i][j].set_color("white" if plan[i, j] > 0.55 * image.norm.vmax else "black")

    control = slider(f"position of pile {names[moving]}", -1.0, 4.0, 0.05, float(x0[moving]))
    live = LiveFigure(fig, update, {"position": control}, display_now=display_now)
    live.parts = {
        "title": title,
        "arrows": arrows,
        "tips": tips,
        "image": image,
        "cells": cells,
        "bar": pile_bars[moving],
        "data": {"piles": x0, "pile_mass": a, "holes": y, "hole_mass": b, "moving": moving},
    }
    return live


# --------------------------------------------------------------------------------------------
# 2. W1 in 1-D: the area between the CDFs, and the quantile coupling
# --------------------------------------------------------------------------------------------

CDF_P = {"values": (-1.0, 0.0, 0.5, 2.0), "weights": (0.2, 0.3, 0.3, 0.2)}
CDF_Q = {"values": (-0.5, 1.0, 1.5), "weights": (0.4, 0.35, 0.25)}


def cdf_figure(p=CDF_P, q=CDF_Q, *, display_now: bool = True) -> LiveFigure:
    """W1 as the shaded area between the CDFs of P and of Q shifted by ``shift``.

    Top: the atoms (P up, Q down) joined by the quantile coupling of
    :func:`helpers.transport_plan_1d`. Bottom: the two step CDFs and the area between them (one
    PolyCollection whose rectangles are replaced with ``set_verts``). The title gives W1 and
    mean(P) − mean(Q), with the sign used by :func:`plan_figure`.

    The notebook asks for a prediction of how W1 grows before the slider moves, so the shaded
    area and the title start hidden (``LiveFigure(hidden=...)``) until the slider moves or the
    "Show the answer" toggle is pressed.
    """
    pv, pw = np.asarray(p["values"], float), np.asarray(p["weights"], float)
    qv0, qw = np.asarray(q["values"], float), np.asarray(q["weights"], float)
    lo, hi = -4.0, 6.5
    fig, (top, bottom) = new_figure(
        "emd-cdf", 2, 1, figsize=(11, 6.4), sharex=True, gridspec_kw={"height_ratios": [1, 1.5]}
    )
    _two_rows(top)
    top.set_title("the optimal plan matches quantiles: no two lines cross", fontsize=15,
                  zorder=0.8)
    top.add_collection(
        LineCollection(_stem_segments(pv, pw, ROW_Y, 1.0), color=COLORS["p"], lw=9, capstyle="butt")
    )
    q_stems = LineCollection([], color=COLORS["q"], lw=9, capstyle="butt")
    top.add_collection(q_stems)
    coupling = LineCollection([], color=COLORS["plan"], capstyle="butt", zorder=1)
    top.add_collection(coupling)

    gap = PolyCollection([], facecolor="0.55", edgecolor="none", alpha=0.45, label="$|F_P - F_Q|$")
    bottom.add_collection(gap)
    xs, fs = step_cdf_xy(pv, pw, lo, hi)
    bottom.plot(xs, fs, drawstyle="steps-post", color=COLORS["p"], label="$F_P$")
    (q_line,) = bottom.plot([], [], drawstyle="steps-post", color=COLORS["q"], label="$F_Q$")
    bottom.set_xlim(lo, hi)
    bottom.set_ylim(-0.04, 1.08)
    bottom.set_ylabel("CDF")
    bottom.set_xlabel("position x")
    bottom.legend(loc="upper left").set_zorder(0.8)  # below the moving area: never redrawn
    title = bottom.set_title("", fontsize=15)

    def update(shift):
        qv = qv0 + shift
        _show_rows_plan(q_stems, coupling, pv, qv, qw, transport_plan_1d(pv, qv, pw, qw))
        q_line.set_data(*step_cdf_xy(qv, qw, lo, hi))
        rectangles, _ = cdf_gap_rectangles(pv, pw, qv, qw)
        gap.set_verts(rectangles)
        w1 = wasserstein_1d(pv, qv, pw, qw)
        gap_of_means = _mean(pv, pw) - _mean(qv, qw)  # the plan figure's sign: P minus Q
        title.set_text(f"W₁ = shaded area = {w1:.3f}      mean(P) − mean(Q) = {gap_of_means:.3f}")

    control = slider("shift Q by", -3.0, 4.0, 0.05, 0.0)
    # the notebook asks how W1 grows before the slider moves: the area and its value wait
    live = LiveFigure(fig, update, {"shift": control}, display_now=display_now, hidden=[gap, title])
    live.parts = {
        "title": title,
        "gap": gap,
        "q_line": q_line,
        "q_stems": q_stems,
        "coupling": coupling,
        "data": {"p": (pv, pw), "q": (qv0, qw)},
    }
    return live


# --------------------------------------------------------------------------------------------
# 3. Two point clouds in the plane
# --------------------------------------------------------------------------------------------


def cloud_points(n: int = 8, seed: int = 5):
    """Two fixed clouds of ``n`` points: P round near the origin, Q a noisy ring near (2.5, 0)."""
    rng = np.random.default_rng(seed)
    p = rng.normal(0.0, 0.7, size=(n, 2))
    angle = np.sort(rng.uniform(0, 2 * np.pi, n))
    q = np.column_stack((2.5 + np.cos(angle), 0.9 * np.sin(angle))) + rng.normal(0, 0.12, (n, 2))
    return p, q


def euclidean_cost(p_points, q_points) -> np.ndarray:
    """``||p_i - q_j||`` for every pair of points."""
    p = np.asarray(p_points, dtype=float)
    q = np.asarray(q_points, dtype=float)
    return np.sqrt(((p[:, None, :] - q[None, :, :]) ** 2).sum(axis=-1))


def cloud_figure(n: int = 8, seed: int = 5, *, display_now: bool = True) -> LiveFigure:
    """Equal-mass clouds P and Q (mass 1/n per point) and the optimal matching from :func:`emd`.

    Two sliders move the whole cloud Q. With equal masses the LP's optimum is a matching: each
    segment carries 1/n, and W1 is the mean length of the segments.
    """
    p, q0 = cloud_points(n, seed)
    a = np.full(n, 1.0 / n)
    fig, ax = new_figure("emd-cloud", figsize=(10.5, 5.6))
    ax.set_xlim(-3.0, 8.0)
    ax.set_ylim(-3.3, 3.3)
    ax.set_aspect("equal")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    matching = LineCollection([], color=COLORS["plan"], lw=3, zorder=1)
    ax.add_collection(matching)
    ax.scatter(p[:, 0], p[:, 1], s=130, color=COLORS["p"], label="P", zorder=3)
    q_dots = ax.scatter(
        q0[:, 0], q0[:, 1], s=130, color=COLORS["q"], marker="s", label="Q", zorder=3
    )
    # outside the axes, where the moving cloud never goes: it is never redrawn
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    title = ax.set_title("", fontsize=15)

    def update(dx, dy):
        q = q0 + np.array([dx, dy])
        cost = euclidean_cost(p, q)
        value, plan = emd(a, a, cost)
        segments, _ = plan_segments(p, q, plan, tolerance=1e-9)
        matching.set_segments(segments)
        q_dots.set_offsets(q)
        title.set_text(f"W₁ = mean length of the matching segments = {value:.3f}")

    controls = {
        "dx": slider("move Q right by", -4.0, 4.0, 0.1, 0.0),
        "dy": slider("move Q up by", -2.0, 2.0, 0.1, 0.0),
    }
    live = LiveFigure(fig, update, controls, display_now=display_now)
    live.parts = {"title": title, "matching": matching, "q_dots": q_dots, "data": {"p": p, "q": q0}}
    return live


# --------------------------------------------------------------------------------------------
# 4. Kantorovich-Rubinstein duality
# --------------------------------------------------------------------------------------------

DUAL_P = {"values": (0.0, 1.0, 3.0), "weights": (0.5, 0.3, 0.2)}
DUAL_Q = {"values": (0.5, 2.0, 2.5), "weights": (0.2, 0.5, 0.3)}


def dual_problem(p_values, p_weights, q_values, q_weights):
    """Primal and dual W1 of two 1-D discrete distributions.

    Returns ``(primal, plan, dual, points, f)``: the LP optimum :func:`emd` with cost
    ``|x - y|`` and its plan, the optimum of :func:`lipschitz_dual` on the union of the atoms
    (P's atoms first) and the critic's values there, shifted so that ``max f = -min f``.
    """
    pv, pw = np.asarray(p_values, float), np.asarray(p_weights, float)
    qv, qw = np.asarray(q_values, float), np.asarray(q_weights, float)
    pw, qw = pw / pw.sum(), qw / qw.sum()
    primal, plan = emd(pw, qw, cost_matrix_1d(pv, qv))
    points = np.concatenate((pv, qv))
    a = np.concatenate((pw, np.zeros(qv.size)))
    b = np.concatenate((np.zeros(pv.size), qw))
    dual, f = lipschitz_dual(points, a, b)
    f = f - 0.5 * (f.max() + f.min())
    return primal, plan, dual, points, f


def duality_figure(p=DUAL_P, q=DUAL_Q, *, display_now: bool = True) -> LiveFigure:
    """Top: the primal optimal plan (from :func:`emd`). Bottom: the dual's best critic f.

    The slider shifts Q. The two titles show the two optimal values, which agree.
    """
    pv, pw = np.asarray(p["values"], float), np.asarray(p["weights"], float)
    qv0, qw = np.asarray(q["values"], float), np.asarray(q["weights"], float)
    fig, (top, bottom) = new_figure(
        "emd-dual", 2, 1, figsize=(11, 6.6), sharex=True, gridspec_kw={"height_ratios": [1, 1.3]}
    )
    top.set_xlim(-3.5, 6.5)
    _two_rows(top)
    top.add_collection(
        LineCollection(_stem_segments(pv, pw, ROW_Y, 1.0), color=COLORS["p"], lw=9, capstyle="butt")
    )
    q_stems = LineCollection([], color=COLORS["q"], lw=9, capstyle="butt")
    top.add_collection(q_stems)
    coupling = LineCollection([], color=COLORS["plan"], capstyle="butt", zorder=1)
    top.add_collection(coupling)
    primal_title = top.set_title("", fontsize=15)

    (f_line,) = bottom.plot([], [], color=COLORS["w1"], lw=2, zorder=1)
    (f_p,) = bottom.plot([], [], "o", color=COLORS["p"], ms=11, ls="none")
    (f_q,) = bottom.plot([], [], "s", color=COLORS["q"], ms=10, ls="none")
    bottom.set_ylim(-3.4, 3.4)
    bottom.set_ylabel("critic f(x)")
    bottom.set_xlabel("position x  (dots: P's atoms, squares: Q's atoms)")
    dual_title = bottom.set_title("", fontsize=15)

    def update(shift):
        qv = qv0 + shift
        primal, plan, dual, points, f = dual_problem(pv, pw, qv, qw)
        _show_rows_plan(q_stems, coupling, pv, qv, qw, plan, tolerance=1e-9)
        order = np.argsort(points, kind="stable")
        f_line.set_data(points[order], f[order])
        f_p.set_data(pv, f[: pv.size])
        f_q.set_data(qv, f[pv.size :])
        primal_title.set_text(f"primal: cheapest plan (LP), W₁ = {primal:.3f}")
        dual_title.set_text(f"dual: best 1-Lipschitz f,   $E_P f - E_Q f$ = {dual:.3f}")

    control = slider("shift Q by", -3.0, 3.0, 0.05, 0.0)
    live = LiveFigure(fig, update, {"shift": control}, display_now=display_now)
    live.parts = {
        "primal_title": primal_title,
        "dual_title": dual_title,
        "f_line": f_line,
        "coupling": coupling,
        "data": {"p": (pv, pw), "q": (qv0, qw)},
    }
    return live
