"""Figures for notebook 02, entropy.

* :func:`binary_entropy_figure`: a coin with P(heads) = p. Left, entropy as expected
  information: one rectangle per outcome, as wide as its probability and as high as its
  information, so their total area is H. Right, the binary entropy curve with the current point.
* :func:`simplex_figure`: every distribution on three outcomes is a point of a triangle; H in
  bits as a heat map with contours, the current point set by two sliders (the third probability
  is what is left).
* :func:`huffman_figure`: a Huffman code for four symbols whose weights the learner sets: the
  code words over the probability bars, ideal lengths −log₂ p beside the word lengths, and
  H ≤ L < H + 1.
* :func:`blocks_figure`: coding blocks of n coin flips at once: L_n / n approaches H.
* :func:`differential_entropy_figure`: a normal density and its version on a grid of spacing
  Δx: H of the grid version ≈ h − log Δx, and h = ½ log(2πeσ²), negative for small σ.
* :func:`two_variables_figure`: two coins X and Y, Y a copy of X that a noisy line flips with
  probability r: the joint table, and bars for H(X), H(Y), H(X, Y), H(Y|X), H(X|Y) and the
  mutual information MI(X; Y) (chain rule: H(X, Y) = H(X) + H(Y|X)).

Each builder returns the :class:`helpers.LiveFigure`; its ``parts`` attribute names the artists
the controls move (the tests use it). Every number comes from the tested helpers.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

from ..examples import discretize_normal
from ..information import (
    average_code_length,
    binary_entropy,
    block_distribution,
    conditional_entropy,
    entropy,
    huffman_code,
    information,
    joint_entropy,
    mutual_information,
    normal_differential_entropy,
)
from ..plotting import COLORS, OKABE_ITO
from ..widgets import LiveFigure, new_figure, slider
from .information import format_information

LN2 = math.log(2)
SQRT3 = math.sqrt(3.0)


def half_bit_probability() -> float:
    """The p below 1/2 at which a coin's entropy is half a bit (about 0.110).

    >>> round(half_bit_probability(), 4)
    0.11
    """
    return brentq(lambda p: binary_entropy(p, base=2) - 0.5, 1e-9, 0.5, xtol=1e-15)


# --- the coin --------------------------------------------------------------------------------


def binary_entropy_figure(p: float = 0.5, *, display_now: bool = True) -> LiveFigure:
    """Entropy of a coin with P(heads) = p: as an area, and as the binary entropy curve.

    The curve, the marker on it and the half-bit guides are hidden until the slider moves or
    "Show the answer" is pressed (a prediction comes first).
    """
    ps = np.linspace(0.0, 1.0, 501)
    half = half_bit_probability()
    fig, (ax_area, ax_curve) = new_figure("entropy-coin", 1, 2, figsize=(11, 5.4),
                                          width_ratios=[1.0, 1.15])
    # left: rectangles of width p_i and height I(p_i) = -log2 p_i
    rect_h = ax_area.bar([0.0], [0.0], [0.0], align="edge", color=COLORS["p"],
                         edgecolor="black", label="heads")[0]
    rect_t = ax_area.bar([0.0], [0.0], [0.0], align="edge", color=COLORS["q"],
                         edgecolor="black", label="tails")[0]
    (mean_line,) = ax_area.plot([0, 1], [0, 0], color="black", lw=2.5, ls="--",
                                label="H = average height")
    label_h = ax_area.text(0, 0, "", ha="center", va="bottom", fontsize=13)
    label_t = ax_area.text(0, 0, "", ha="center", va="bottom", fontsize=13)
    ax_area.set_xlim(0, 1)
    ax_area.set_ylim(0, 7.5)
    ax_area.set_xlabel("probability (width)")
    ax_area.set_ylabel("information −log₂ p (bits)")
    ax_area.legend(loc="upper right", frameon=False).set_zorder(0.8)
    area_title = ax_area.set_title("", fontsize=15)

    (curve,) = ax_curve.plot(ps, binary_entropy(ps, base=2), color=COLORS["p"], lw=3.2)
    (half_guides,) = ax_curve.plot([half, half, np.nan, 1 - half, 1 - half],
                                   [0, 0.5, np.nan, 0, 0.5], ls=":", color="0.3", lw=1.8)
    half_text = ax_curve.text(0.5, 0.5, f"½ bit at p = {half:.3f} and {1 - half:.3f}",
                              ha="center", va="center", fontsize=13, color="0.3")
    (marker,) = ax_curve.plot([p], [0.0], "o", ms=14, color=COLORS["q"], mec="black", mew=1.5,
                              zorder=4, clip_on=False)
    ax_curve.axhline(1.0, color="0.5", lw=1.2, ls=":")
    ax_curve.set_xlim(0, 1)
    ax_curve.set_ylim(0, 1.2)
    ax_curve.set_xlabel("p = P(heads)")
    ax_curve.set_ylabel("H(p) (bits)")
    readout = ax_curve.set_title("", fontsize=15)

    def update(p: float) -> None:
        q = 1.0 - p
        ih = information(p, base=2) if p > 0 else 0.0
        it = information(q, base=2) if q > 0 else 0.0
        h = binary_entropy(p, base=2)
        rect_h.set_x(0.0)
        rect_h.set_width(p)
        rect_h.set_height(min(ih, 7.5))
        rect_t.set_x(p)
        rect_t.set_width(q)
        rect_t.set_height(min(it, 7.5))
        mean_line.set_ydata([h, h])
        # above its rectangle, and above the dashed mean line when that is higher (no overlap)
        label_h.set_position((p / 2, max(min(ih, 6.9), h + 0.15) + 0.05))
        label_h.set_text(format_information(ih, digits=2) if p >= 0.2 else "")
        label_t.set_position((p + q / 2, max(min(it, 6.9), h + 0.15) + 0.05))
        label_t.set_text(format_information(it, digits=2) if q >= 0.2 else "")
        area_title.set_text(f"H = {p:.2f}·{ih:.2f} + {q:.2f}·{it:.2f} = {format_information(h)}")
        marker.set_data([p], [h])
        readout.set_text(f"p = {p:.2f}:  H = {format_information(h)} = "
                         f"{format_information(h * LN2, 'nats')}")

    live = LiveFigure(
        fig,
        update,
        {"p": slider("p = P(heads)", 0.0, 1.0, 0.01, p)},
        hidden=[curve, marker, half_guides, half_text],
        display_now=display_now,
    )
    live.parts = {"heads": rect_h, "tails": rect_t, "mean": mean_line, "curve": curve,
                  "marker": marker, "readout": readout, "area_title": area_title,
                  "half_text": half_text}
    return live


# --- three outcomes --------------------------------------------------------------------------

#: Corners of the triangle: outcome 1 certain, outcome 2 certain, outcome 3 certain.
CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, SQRT3 / 2]])


def simplex_point(p) -> np.ndarray:
    """Where the distribution ``p = (p1, p2, p3)`` sits in the triangle of :data:`CORNERS`.

    >>> simplex_point([1/3, 1/3, 1/3]).round(4).tolist()
    [0.5, 0.2887]
    """
    return np.asarray(p, dtype=float) @ CORNERS


def simplex_entropy_grid(size: int = 301):
    """H in bits on a grid over the triangle (NaN outside), with the grid's x and y.

    >>> x, y, h = simplex_entropy_grid(61)
    >>> round(float(np.nanmax(h)), 2), bool(np.isnan(h[-1, 0]))
    (1.58, True)
    """
    x = np.linspace(0.0, 1.0, size)
    y = np.linspace(0.0, SQRT3 / 2, size)
    gx, gy = np.meshgrid(x, y)
    # barycentric coordinates of each grid point
    p3 = gy / (SQRT3 / 2)
    p2 = gx - 0.5 * p3
    p1 = 1.0 - p2 - p3
    stacked = np.stack([p1, p2, p3])
    inside = np.all(stacked >= -1e-12, axis=0)
    clipped = np.clip(stacked, 0.0, 1.0)
    logs = np.log2(np.fmax(clipped, 1e-300))
    h = -np.sum(clipped * logs, axis=0)
    return x, y, np.where(inside, np.clip(h, 0.0, None), np.nan)


def _ray_levels(levels) -> list[float]:
    """Where H (bits) takes each level on the way from the uniform point (t = 0) to corner 2.

    >>> [round(t, 3) for t in _ray_levels([1.5])]
    [0.25]
    """
    def h_at(t):
        return entropy([(1 - t) / 3, (1 + 2 * t) / 3, (1 - t) / 3], base=2)

    return [brentq(lambda t, v=v: h_at(t) - v, 0.0, 1.0) for v in levels]


def three_outcomes(p1: float, p2: float) -> tuple[np.ndarray, bool]:
    """``(p1, min(p2, 1 - p1), the rest)`` and whether p2 had to be capped.

    >>> three_outcomes(0.5, 0.3)[0].round(2).tolist(), three_outcomes(0.7, 0.5)[1]
    ([0.5, 0.3, 0.2], True)
    """
    capped = p2 > 1.0 - p1 + 1e-12
    p2 = min(p2, 1.0 - p1)
    p3 = max(1.0 - p1 - p2, 0.0)
    return np.array([p1, p2, p3]), capped


def simplex_figure(p1: float = 0.6, p2: float = 0.3, *, display_now: bool = True) -> LiveFigure:
    """Entropy (bits) over the triangle of distributions on three outcomes, a point to move.

    Sliders p1 and p2; p3 = 1 − p1 − p2 (p2 is capped at 1 − p1 when the two sliders ask for
    more than 1 in total, and the readout says so).
    """
    x, y, h = simplex_entropy_grid()
    fig, ax = new_figure("entropy-simplex", figsize=(10.5, 7.2))
    image = ax.imshow(np.ma.masked_invalid(h), origin="lower", extent=(0, 1, 0, SQRT3 / 2),
                      cmap="viridis", vmin=0, vmax=math.log2(3), interpolation="bilinear")
    levels = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5]
    contours = ax.contour(x, y, np.ma.masked_invalid(h), levels=levels, colors="white",
                          linewidths=1.2)
    # labels on the segment from the centre towards corner 2, where no edge or corner text is
    # (the 0.25 line hugs the corners: drawn, not labelled)
    labelled = levels[1:]
    along = [simplex_point([(1 - t) / 3, (1 + 2 * t) / 3, (1 - t) / 3])
             for t in _ray_levels(labelled)]
    ax.clabel(contours, labelled, fmt="%.2f", fontsize=12, manual=along)  # unit: colour bar
    ax.plot(*np.vstack([CORNERS, CORNERS[:1]]).T, color="black", lw=2)
    centre = simplex_point([1 / 3] * 3)
    ax.plot(*centre, "*", ms=20, color=OKABE_ITO["yellow"], mec="black", zorder=3, ls="none",
            label=f"uniform (⅓, ⅓, ⅓): H = log₂ 3 = {math.log2(3):.3f} bits")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 1.0), frameon=False,
              fontsize=13).set_zorder(0.8)
    corner_labels = [
        ((-0.02, -0.02), "right", "top", "outcome 1\ncertain: H = 0"),
        ((1.02, -0.02), "left", "top", "outcome 2\ncertain: H = 0"),
        ((0.575, SQRT3 / 2), "left", "top", "outcome 3\ncertain: H = 0"),
    ]
    for (cx, cy), ha, va, name in corner_labels:
        ax.text(cx, cy, name, ha=ha, va=va, fontsize=13)
    (marker,) = ax.plot([0], [0], "o", ms=16, color=COLORS["q"], mec="white", mew=2.5, zorder=4)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.0)
    bar.set_label("H (bits)")
    ax.set_xlim(-0.22, 1.22)
    ax.set_ylim(-0.12, SQRT3 / 2 + 0.08)
    ax.set_aspect("equal")
    # no axes drawn; not ax.axis("off"), which leaves the undrawn axes stale and makes every
    # slider move a full redraw
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    readout = ax.set_title("", fontsize=16, linespacing=1.35)

    def update(p1: float, p2: float) -> None:
        p, capped = three_outcomes(p1, p2)
        point = simplex_point(p)
        marker.set_data([point[0]], [point[1]])
        value = entropy(p, base=2)
        note = "   (p2 capped at 1 − p1)" if capped else ""
        readout.set_text(
            f"p = ({p[0]:.2f}, {p[1]:.2f}, {p[2]:.2f}){note}\n"
            f"H = {format_information(value)}   (at most log₂ 3 = {math.log2(3):.3f} bits)"
        )

    live = LiveFigure(
        fig,
        update,
        {
            "p1": slider("p1", 0.0, 1.0, 0.01, p1),
            "p2": slider("p2 (p3 = 1 − p1 − p2)", 0.0, 1.0, 0.01, p2),
        },
        display_now=display_now,
    )
    live.parts = {"marker": marker, "readout": readout, "image": image}
    return live


# --- Huffman codes ---------------------------------------------------------------------------

SYMBOLS = ("A", "B", "C", "D")


def huffman_figure(weights=(0.4, 0.3, 0.2, 0.1), *, display_now: bool = True) -> LiveFigure:
    """A Huffman code for four symbols with the probabilities the learner sets.

    Four weight sliders (0.01 to 1), turned into probabilities by dividing by their sum. Left:
    the probabilities, each bar labelled with its code word. Right: per symbol, the ideal length
    −log₂ p and the code word's length; the title gives H ≤ L < H + 1 in bits.
    """
    fig, (ax_p, ax_len) = new_figure("entropy-huffman", 1, 2, figsize=(11, 5.6))
    index = np.arange(len(SYMBOLS))
    bars = ax_p.bar(index, np.zeros(4), 0.6, color=COLORS["p"], edgecolor="black")
    words = [ax_p.text(i, 0.0, "", ha="center", va="bottom", fontsize=18, family="monospace",
                       fontweight="bold") for i in index]
    ax_p.set_xticks(index, SYMBOLS)
    ax_p.set_ylim(0, 1.12)
    ax_p.set_ylabel("probability")
    ax_p.set_title("code words (Huffman)", fontsize=15)

    width = 0.38
    ideal = ax_len.bar(index - width / 2, np.zeros(4), width, color=COLORS["m"],
                       edgecolor="black", label="ideal: −log₂ p (bits)")
    actual = ax_len.bar(index + width / 2, np.zeros(4), width, color=COLORS["q"],
                        edgecolor="black", label="length of its word (bits)")
    ax_len.set_xticks(index, SYMBOLS)
    ax_len.set_ylim(0, 9.5)
    ax_len.set_ylabel("bits")
    ax_len.legend(loc="upper left", frameon=False).set_zorder(0.8)
    summary = fig.suptitle("", fontsize=17, linespacing=1.35)

    def update(**values: float) -> None:
        w = np.array([values[s] for s in SYMBOLS])
        p = w / w.sum()
        code = huffman_code(p)
        for i, (bar, text) in enumerate(zip(bars, words, strict=True)):
            bar.set_height(p[i])
            text.set_position((i, p[i] + 0.02))
            text.set_text(code[i])
            ideal[i].set_height(information(p[i], base=2))
            actual[i].set_height(len(code[i]))
        h = entropy(p, base=2)
        length = average_code_length(p, code)
        summary.set_text(
            "p = (" + ", ".join(f"{v:.2f}" for v in p) + ")\n"
            f"H = {format_information(h)}  ≤  L = {format_information(length)}  <  "
            f"H + 1 = {format_information(h + 1)}"
        )

    live = LiveFigure(
        fig,
        update,
        {s: slider(f"weight of {s}", 0.01, 1.0, 0.01, float(v))
         for s, v in zip(SYMBOLS, weights, strict=True)},
        display_now=display_now,
    )
    live.parts = {"bars": bars, "words": words, "ideal": ideal, "actual": actual,
                  "summary": summary}
    return live


# --- blocks ----------------------------------------------------------------------------------


def block_lengths(p: float, n_max: int = 8) -> np.ndarray:
    """Bits per flip, L_n / n, of a Huffman code for blocks of n = 1..n_max flips of a coin.

    >>> block_lengths(0.5, 3).tolist()
    [1.0, 1.0, 1.0]
    """
    coin = np.array([p, 1.0 - p])
    out = []
    for n in range(1, n_max + 1):
        block = block_distribution(coin, n)
        out.append(average_code_length(block, huffman_code(block)) / n)
    return np.array(out)


def blocks_figure(p: float = 0.1, n_max: int = 8, *, display_now: bool = True) -> LiveFigure:
    """Huffman-code blocks of n flips of a coin with P(heads) = p: L_n / n falls towards H.

    The bound H ≤ L_n / n < H + 1/n is drawn as a shaded band.
    """
    ns = np.arange(1, n_max + 1)
    fig, ax = new_figure("entropy-blocks", figsize=(10.5, 5.6))
    band = ax.fill_between(ns, 0, 0, color=COLORS["m"], alpha=0.25,
                           label="H ≤ L/n < H + 1/n")
    (h_line,) = ax.plot([0.5, n_max + 0.5], [0, 0], color="black", lw=2.2, ls="--",
                        label="H (bits per flip)")
    (points,) = ax.plot(ns, np.zeros(n_max), "o-", ms=12, color=COLORS["q"], mec="black",
                        label="Huffman code of n-flip blocks: L/n")
    values = [ax.text(n, 0, "", ha="center", va="bottom", fontsize=12) for n in ns]
    ax.set_xlim(0.5, n_max + 0.5)
    ax.set_ylim(0, 1.25)
    ax.set_xticks(ns)
    ax.set_xlabel("n (flips coded together)")
    ax.set_ylabel("bits per flip")
    ax.legend(loc="upper right", frameon=False).set_zorder(0.8)
    readout = ax.set_title("", fontsize=16)
    state = {"band": band}

    def update(p: float) -> None:
        h = binary_entropy(p, base=2)
        lengths = block_lengths(p, n_max)
        points.set_ydata(lengths)
        h_line.set_ydata([h, h])
        for n, (text, value) in enumerate(zip(values, lengths, strict=True), start=1):
            text.set_position((n, value + 0.03))
            text.set_text(f"{value:.3f}")
        top = np.minimum(h + 1.0 / ns, 1.25)
        verts = np.concatenate([np.column_stack([ns, np.full(n_max, h)]),
                                np.column_stack([ns[::-1], top[::-1]])])
        state["band"].set_verts([verts])
        readout.set_text(f"p = {p:.2f}:  H = {format_information(h)} per flip;   "
                         f"n = 1: {lengths[0]:.3f},   n = {n_max}: {lengths[-1]:.3f} bits per flip")

    live = LiveFigure(
        fig,
        update,
        {"p": slider("p = P(heads)", 0.01, 0.5, 0.01, p)},
        display_now=display_now,
    )
    live.parts = {"points": points, "h_line": h_line, "band": band, "readout": readout,
                  "values": values}
    return live


# --- differential entropy --------------------------------------------------------------------


def grid_entropy(sigma: float, dx: float, half_width: float = 12.0) -> tuple:
    """A normal N(0, σ²) on a grid of spacing ``dx``: ``(x, masses, H in nats)``.

    The grid runs over ``[-half_width, half_width]`` (cell centres at multiples of ``dx``);
    each point carries the probability of its cell (:func:`helpers.discretize_normal`).

    >>> x, m, h = grid_entropy(1.0, 0.01)
    >>> round(h + math.log(0.01), 3)
    1.419
    """
    k = int(math.floor(half_width / dx))
    x = np.arange(-k, k + 1) * dx
    masses = discretize_normal(x, 0.0, sigma)
    return x, masses, entropy(masses)


def differential_entropy_figure(sigma: float = 1.0, dx: float = 0.5, *,
                                display_now: bool = True) -> LiveFigure:
    """A normal density and its grid version: h = ½ log(2πeσ²) and H ≈ h − log Δx, in nats.

    Left: the density and the grid version drawn as a density (cell mass / Δx, a step line).
    Right: h as a function of σ (negative below σ = 1/√(2πe) ≈ 0.242), the current σ marked.
    """
    fig, (ax_d, ax_h) = new_figure("entropy-differential", 1, 2, figsize=(11, 5.6),
                                   width_ratios=[1.25, 1.0])
    xs = np.linspace(-4.0, 4.0, 801)
    (density,) = ax_d.plot(xs, np.zeros_like(xs), color=COLORS["p"], lw=3, label="density f(x)")
    (steps,) = ax_d.plot([], [], drawstyle="steps-mid", color=COLORS["q"], lw=2.2,
                         label="grid: cell mass / Δx")
    ax_d.set_xlim(-4, 4)
    ax_d.set_ylim(0, 4.4)
    ax_d.set_xlabel("x")
    ax_d.set_ylabel("density")
    ax_d.legend(loc="upper left", frameon=False).set_zorder(0.8)

    sigmas = np.linspace(0.05, 3.0, 300)
    h_curve = np.array([normal_differential_entropy(s) for s in sigmas])
    ax_h.plot(sigmas, h_curve, color=COLORS["p"], lw=3)
    ax_h.axhline(0.0, color="black", lw=1.2)
    zero = 1 / math.sqrt(2 * math.pi * math.e)
    ax_h.axvline(zero, color="0.4", ls=":", lw=1.8)
    ax_h.text(zero + 0.05, 2.3, f"h = 0 at σ = {zero:.3f}", fontsize=13, color="0.3")
    (h_marker,) = ax_h.plot([sigma], [0.0], "o", ms=14, color=COLORS["q"], mec="black",
                            mew=1.5, zorder=4, clip_on=False)
    ax_h.set_xlim(0, 3.05)
    ax_h.set_ylim(-2.7, 2.7)
    ax_h.set_xlabel("σ")
    ax_h.set_ylabel("h = ½ log(2πeσ²)  (nats)")
    h_title = ax_h.set_title("", fontsize=15)
    readout = ax_h.text(0.97, 0.04, "", transform=ax_h.transAxes, ha="right", va="bottom",
                        fontsize=14, linespacing=1.4,
                        bbox={"facecolor": "white", "edgecolor": "0.7", "boxstyle": "round"})

    def update(sigma: float, dx: float) -> None:
        density.set_ydata(np.exp(-0.5 * (xs / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi)))
        x, masses, h_grid = grid_entropy(sigma, dx)
        visible = np.abs(x) <= 4.0 + dx
        steps.set_data(x[visible], masses[visible] / dx)
        h = normal_differential_entropy(sigma)
        h_marker.set_data([sigma], [h])
        h_title.set_text(f"σ = {sigma:.2f}:  h = {h:.3f} nats")
        readout.set_text(
            f"σ = {sigma:.2f},  Δx = {dx:.2f}\n"
            f"h = {h:.3f} nats\n"
            f"grid: H = {h_grid:.3f} nats\n"
            f"H + log Δx = {h_grid + math.log(dx):.3f} nats"
        )

    live = LiveFigure(
        fig,
        update,
        {
            "sigma": slider("σ", 0.1, 3.0, 0.01, sigma),
            "dx": slider("grid spacing Δx", 0.02, 1.0, 0.01, dx),
        },
        display_now=display_now,
    )
    live.parts = {"density": density, "steps": steps, "readout": readout, "marker": h_marker,
                  "h_title": h_title}
    return live


# --- two random variables --------------------------------------------------------------------


def noisy_copy_joint(p_x: float, flip: float) -> np.ndarray:
    """Joint table of a coin X (P(X = 1) = ``p_x``) and Y, X sent through a line that flips it.

    ``joint[x, y]`` = P(X = x, Y = y): Y = X with probability 1 − ``flip``, Y = 1 − X with
    probability ``flip``. ``flip = 1/2`` makes Y independent of X; ``flip`` 0 or 1 makes Y a
    function of X.

    >>> noisy_copy_joint(0.5, 0.1).tolist()
    [[0.45, 0.05], [0.05, 0.45]]
    """
    for name, value in (("p_x", p_x), ("flip", flip)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"{name} must be a number, got {value!r}")
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(f"{name} = {value!r} is not a probability: it must lie in [0, 1]")
    px = np.array([1.0 - p_x, p_x])
    channel = np.array([[1.0 - flip, flip], [flip, 1.0 - flip]])
    return px[:, None] * channel


def two_variables_summary(joint) -> dict:
    """Every entropy of a pair (X, Y) in bits, from its joint table (rows X, columns Y).

    Keys ``"H(X)"``, ``"H(Y)"``, ``"H(X,Y)"``, ``"H(Y|X)"``, ``"H(X|Y)"``, ``"MI(X;Y)"``.

    >>> {k: round(v, 3) for k, v in two_variables_summary([[0.5, 0], [0, 0.5]]).items()}
    {'H(X)': 1.0, 'H(Y)': 1.0, 'H(X,Y)': 1.0, 'H(Y|X)': 0.0, 'H(X|Y)': 0.0, 'MI(X;Y)': 1.0}
    """
    joint = np.asarray(joint, dtype=float)
    return {
        "H(X)": entropy(joint.sum(axis=1), base=2),
        "H(Y)": entropy(joint.sum(axis=0), base=2),
        "H(X,Y)": joint_entropy(joint, base=2),
        "H(Y|X)": conditional_entropy(joint, base=2),
        "H(X|Y)": conditional_entropy(joint.T, base=2),
        "MI(X;Y)": mutual_information(joint, base=2),
    }


#: Colours of the parts of the bar diagram: X's own part, Y's own part, the shared part.
PART_STYLE = {
    "x": {"color": OKABE_ITO["sky_blue"], "hatch": "//"},
    "y": {"color": OKABE_ITO["yellow"], "hatch": "\\\\"},
    "shared": {"color": COLORS["kl"], "hatch": "xx"},
}


def two_variables_figure(p_x: float = 0.5, flip: float = 0.1, *,
                         display_now: bool = True) -> LiveFigure:
    """Two coins, X and a noisy copy Y: the joint table and the chain rule as bars, in bits.

    Left: the 2 × 2 table P(X = x, Y = y) (shade and number per cell) with its marginals.
    Right: bars on one axis of bits, so that lengths add up: H(X, Y) on top; H(X) and H(Y)
    overlapping by MI(X; Y); below them the three parts H(X|Y), MI(X; Y), H(Y|X). Sliders:
    P(X = 1) and the flip probability r = P(Y ≠ X).
    """
    fig, (ax_t, ax_b) = new_figure("entropy-two-variables", 1, 2, figsize=(12, 5.6),
                                   width_ratios=[0.8, 1.45])
    image = ax_t.imshow(np.zeros((2, 2)), cmap="Blues", vmin=0.0, vmax=1.0, origin="upper",
                        extent=(-0.5, 1.5, 1.5, -0.5))
    cells = [[ax_t.text(y, x, "", ha="center", va="center", fontsize=17, fontweight="bold")
              for y in (0, 1)] for x in (0, 1)]
    ax_t.xaxis.tick_top()
    ax_t.set_xticks([0, 1], ["Y = 0", "Y = 1"])
    ax_t.set_yticks([0, 1], ["X = 0", "X = 1"])
    ax_t.tick_params(length=0)
    ax_t.grid(False)
    row_sums = [ax_t.text(1.62, x, "", ha="left", va="center", fontsize=13) for x in (0, 1)]
    col_sums = [ax_t.text(y, 1.62, "", ha="center", va="top", fontsize=13) for y in (0, 1)]
    ax_t.set_xlim(-0.5, 1.5)
    ax_t.set_ylim(1.5, -0.5)
    ax_t.set_xlabel("the joint table P(X = x, Y = y)", fontsize=15, labelpad=42)

    rows = {"H(X,Y)": 3.0, "H(X)": 2.0, "H(Y)": 1.0, "parts": 0.0}
    height = 0.62
    bars = {
        "H(X,Y)": ax_b.barh(rows["H(X,Y)"], 0.0, height, color="0.55", edgecolor="black")[0],
        "H(X)": ax_b.barh(rows["H(X)"], 0.0, height, edgecolor="black", **PART_STYLE["x"])[0],
        "H(Y)": ax_b.barh(rows["H(Y)"], 0.0, height, edgecolor="black", **PART_STYLE["y"])[0],
        "H(X|Y)": ax_b.barh(rows["parts"], 0.0, height, edgecolor="black",
                            **PART_STYLE["x"])[0],
        "MI(X;Y)": ax_b.barh(rows["parts"], 0.0, height, edgecolor="black",
                            **PART_STYLE["shared"])[0],
        "H(Y|X)": ax_b.barh(rows["parts"], 0.0, height, edgecolor="black",
                            **PART_STYLE["y"])[0],
    }
    totals = ("H(X,Y)", "H(X)", "H(Y)")
    labels = {name: ax_b.text(0.0, rows[name], "", ha="left", va="center", fontsize=13)
              for name in totals}
    parts = ("H(X|Y)", "MI(X;Y)", "H(Y|X)")
    legend = ax_b.legend([bars[name] for name in parts], [f"{name} = 0.000" for name in parts],
                         loc="upper left", bbox_to_anchor=(1.0, 0.36), frameon=False,
                         fontsize=13, title="the bottom row", title_fontsize=13)
    ax_b.set_yticks(list(rows.values()), ["H(X, Y)", "H(X)", "H(Y)", "its parts"])
    ax_b.set_xlim(0.0, 2.25)
    ax_b.set_ylim(-0.6, 3.6)
    ax_b.set_xlabel("bits")
    ax_b.grid(axis="y", visible=False)
    readout = fig.suptitle("", fontsize=15, linespacing=1.4)

    def update(p_x: float, flip: float) -> None:
        joint = noisy_copy_joint(p_x, flip)
        image.set_data(joint)
        for x in (0, 1):
            for y in (0, 1):
                cells[x][y].set_text(f"{joint[x, y]:.3f}")
                # white on the darker cells: both text colours keep a contrast of at least 4.5
                cells[x][y].set_color("white" if joint[x, y] > 0.72 else "black")
            row_sums[x].set_text(f"P(X = {x})\n= {joint[x].sum():.2f}")
        for y in (0, 1):
            col_sums[y].set_text(f"P(Y = {y})\n= {joint[:, y].sum():.2f}")
        v = two_variables_summary(joint)
        spans = {
            "H(X,Y)": (0.0, v["H(X,Y)"]),
            "H(X)": (0.0, v["H(X)"]),
            "H(Y)": (v["H(X|Y)"], v["H(Y)"]),
            "H(X|Y)": (0.0, v["H(X|Y)"]),
            "MI(X;Y)": (v["H(X|Y)"], v["MI(X;Y)"]),
            "H(Y|X)": (v["H(X|Y)"] + v["MI(X;Y)"], v["H(Y|X)"]),
        }
        for name, (left, width) in spans.items():
            bars[name].set_x(left)
            bars[name].set_width(width)
        for name in totals:
            left, width = spans[name]
            labels[name].set_x(left + width + 0.03)
            labels[name].set_text(f"{width:.3f}")
        for text, name in zip(legend.get_texts(), parts, strict=True):
            text.set_text(f"{name.replace(';', '; ')} = {spans[name][1]:.3f}")
        readout.set_text(
            f"P(X = 1) = {p_x:.2f}, flip r = {flip:.2f}:   H(X) = {v['H(X)']:.3f},  "
            f"H(Y) = {v['H(Y)']:.3f},  H(X, Y) = {format_information(v['H(X,Y)'])}\n"
            f"H(Y|X) = {v['H(Y|X)']:.3f},  H(X|Y) = {v['H(X|Y)']:.3f},  "
            f"MI(X; Y) = {format_information(v['MI(X;Y)'])};   H(X) + H(Y|X) = "
            f"{v['H(X)'] + v['H(Y|X)']:.3f} = H(X, Y)"
        )

    live = LiveFigure(
        fig,
        update,
        {
            "p_x": slider("P(X = 1)", 0.0, 1.0, 0.01, p_x),
            "flip": slider("flip r = P(Y ≠ X)", 0.0, 1.0, 0.01, flip),
        },
        display_now=display_now,
    )
    live.parts = {"image": image, "cells": cells, "bars": bars, "labels": labels, "legend": legend,
                  "readout": readout, "row_sums": row_sums, "col_sums": col_sums}
    return live


__all__ = [
    "CORNERS",
    "binary_entropy_figure",
    "block_lengths",
    "blocks_figure",
    "differential_entropy_figure",
    "grid_entropy",
    "half_bit_probability",
    "huffman_figure",
    "simplex_entropy_grid",
    "simplex_figure",
    "simplex_point",
    "three_outcomes",
    "two_variables_figure",
    "two_variables_summary",
    "noisy_copy_joint",
]
