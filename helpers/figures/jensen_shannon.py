"""Figures for notebook 04, the Jensen-Shannon divergence.

* :func:`box_shift_figure` slides a box-shaped distribution Q across another box P: P, Q and their
  mixture M on top, JS (nats on the left axis, bits on the right) as a function of the shift
  below, with the current value marked and written out, and KL written as ∞ when it is.
* :func:`coin_figure` compares two coins: the three distributions P, Q, M as bars, and JS and
  KL(P‖Q) as functions of Q's probability of heads, so that KL can be seen to blow up where JS
  stays below log 2.

Each builder returns the :class:`helpers.LiveFigure`; its ``parts`` attribute names the artists
that the sliders move (the tests use it). Every number comes from the tested helpers.
"""

from __future__ import annotations

import math

import numpy as np

from ..divergences import LOG2, js_divergence, kl_divergence
from ..examples import box_js, box_pair, coin_js, coin_kl
from ..plotting import COLORS, format_nats
from ..widgets import LiveFigure, new_figure, slider

#: Heights above this many nats are drawn at the top edge of the coin figure's KL panel.
COIN_KL_TOP = 2.5


def format_kl(value: float) -> str:
    """KL for a figure label: ``'∞'`` or ``'0.446 nats'``.

    >>> format_kl(float("inf")), format_kl(0.4458)
    ('∞', '0.446 nats')
    """
    return "∞" if math.isinf(value) else f"{value:.3f} nats"


def _nats_to_bits(nats):
    return np.asarray(nats, dtype=float) / LOG2


def _bits_to_nats(bits):
    return np.asarray(bits, dtype=float) * LOG2


def box_grid(width: float = 1.0, max_shift: float = 2.5) -> np.ndarray:
    """Cell centres, spacing ``width / 20``, covering both boxes for every ``|shift| <= max_shift``.

    Box edges at multiples of ``width / 20`` fall on cell edges, so the grid divergences equal
    the continuous ones.

    >>> x = box_grid(1.0, 0.5)
    >>> round(float(x[1] - x[0]), 12), float(x.min()) < -0.5, float(x.max()) > 1.5
    (0.05, True, True)
    """
    h = width / 20
    lo = -max_shift - 0.5 * width
    hi = max_shift + 1.5 * width
    return (np.arange(math.floor(lo / h), math.ceil(hi / h)) + 0.5) * h



def _step_outline(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Vertices of the region under a step function (one step per cell of the grid ``x``)."""
    h = x[1] - x[0]
    left = x - 0.5 * h
    xs = np.concatenate(([left[0]], np.repeat(left, 2)[1:], [left[-1] + h, left[-1] + h]))
    ys = np.concatenate(([0.0], np.repeat(y, 2), [0.0]))
    return np.column_stack((xs, ys))


def box_shift_figure(
    width: float = 1.0, shift: float = 1.5, max_shift: float = 2.5, *, display_now: bool = True
) -> LiveFigure:
    """Slide the box Q = uniform on [s, s + w) across the box P = uniform on [0, w).

    Top: the densities of P, Q and the mixture M = (P + Q)/2. Bottom: JS(P, Q) against the
    shift s (the closed form :func:`helpers.box_js`), the current value marked, and a readout of
    s, JS in nats and bits (computed by :func:`helpers.js_divergence` on the grid) and both KLs.

    The notebook asks for a prediction of JS before the slider moves, so the JS curve, its
    marker and the readout start hidden (``LiveFigure(hidden=...)``): they appear when the slider
    first moves or the "Show the answer" toggle is pressed.
    """
    x = box_grid(width, max_shift)
    h = x[1] - x[0]
    shifts = np.linspace(-max_shift, max_shift, 801)

    fig, (ax_top, ax_js) = new_figure(
        "js-box-shift", 2, 1, figsize=(10.5, 6.6), height_ratios=[1.0, 1.15]
    )
    zeros = np.zeros_like(x)
    (m_fill,) = ax_top.fill(
        *_step_outline(x, zeros).T, color=COLORS["m"], alpha=0.35, label="M = (P + Q)/2"
    )
    (p_line,) = ax_top.plot(x, zeros, drawstyle="steps-mid", color=COLORS["p"], lw=3.5, label="P")
    (q_line,) = ax_top.plot(
        x, zeros, drawstyle="steps-mid", color=COLORS["q"], lw=3.0, ls="--",
        label="Q (shifted by s)",
    )
    ax_top.set_xlim(x[0] - h, x[-1] + h)
    ax_top.set_ylim(0, 1.3 / width)
    ax_top.set_xlabel("x")
    ax_top.set_ylabel("density")
    # legends and fixed labels lie below the moving artists in z-order: never redrawn
    ax_top.legend(loc="upper left", ncol=3, frameon=False, borderaxespad=0.1).set_zorder(0.8)

    (js_curve,) = ax_js.plot(shifts, box_js(shifts, width), color=COLORS["js"], label="JS(P, Q)")
    ax_js.axhline(LOG2, color="0.4", lw=1.5, ls=":")
    ax_js.text(
        -max_shift + 0.03 * max_shift,
        LOG2 - 0.03,
        "log 2 = 0.693 nats = 1 bit",
        ha="left",
        va="top",
        fontsize=13,
        color="0.3",
        zorder=0.8,
    )
    (js_marker,) = ax_js.plot(
        [0.0], [0.0], "o", ms=13, color=COLORS["js"], mec="black", mew=1.5, clip_on=False,
        zorder=4,
    )
    readout = ax_js.text(
        0.5, 0.97, "", transform=ax_js.transAxes, ha="center", va="top", fontsize=16,
        linespacing=1.4,
    )
    ax_js.set_xlim(-max_shift, max_shift)
    ax_js.set_ylim(0, 1.15)
    ax_js.set_yticks([0.0, 0.2, 0.4, 0.6])
    ax_js.set_xlabel("shift s of Q")
    ax_js.set_ylabel("JS (nats)")
    bits_axis = ax_js.secondary_yaxis("right", functions=(_nats_to_bits, _bits_to_nats))
    bits_axis.set_ylabel("JS (bits)")
    bits_axis.set_yticks([0.0, 0.5, 1.0])

    def update(shift: float) -> None:
        _, p, q = box_pair(shift, width, x=x)
        m = 0.5 * (p + q)
        p_line.set_ydata(p / h)
        q_line.set_ydata(q / h)
        m_fill.set_xy(_step_outline(x, m / h))
        js = js_divergence(p, q)
        js_marker.set_data([shift], [js])
        readout.set_text(
            f"s = {shift:.2f}:   JS = {format_nats(js)}\n"
            f"KL(P‖Q) = {format_kl(kl_divergence(p, q))},   "
            f"KL(Q‖P) = {format_kl(kl_divergence(q, p))}"
        )

    step = width / 20
    live = LiveFigure(
        fig,
        update,
        {"shift": slider("shift s of Q", -max_shift, max_shift, step, shift)},
        display_now=display_now,
        hidden=[js_curve, js_marker, readout],
    )
    live.parts = {
        "js_curve": js_curve,
        "p": p_line,
        "q": q_line,
        "m": m_fill,
        "marker": js_marker,
        "readout": readout,
        "x": x,
    }
    return live


def coin_figure(p: float = 0.5, q: float = 0.1, *, display_now: bool = True) -> LiveFigure:
    """Two coins P = [p, 1 - p] and Q = [q, 1 - q]: JS stays below log 2 where KL explodes.

    Left: the probabilities of heads and tails under P, Q and M. Right: JS(P, Q) and KL(P‖Q) as
    functions of q for the current p (closed forms :func:`helpers.examples.coin_js` and
    :func:`helpers.examples.coin_kl`), the current q marked; KL above the panel is drawn as an
    arrow at the top edge with its value (or ∞). The title gives the values from
    :func:`helpers.js_divergence` and :func:`helpers.kl_divergence`.

    The notebook asks what JS does where KL blows up before the sliders move, so the JS curve,
    its marker and the readout start hidden (``LiveFigure(hidden=...)``) until a slider moves or
    the "Show the answer" toggle is pressed; KL is shown from the start.
    """
    qs = np.linspace(0.0, 1.0, 401)
    fig, (ax_bar, ax_div) = new_figure(
        "js-coins", 1, 2, figsize=(11, 5.6), width_ratios=[0.8, 1.2]
    )
    outcomes = np.arange(2)
    bar_width = 0.26
    bars = {}
    for offset, role in zip((-bar_width, 0.0, bar_width), ("p", "q", "m"), strict=True):
        bars[role] = ax_bar.bar(
            outcomes + offset, [0.0, 0.0], bar_width, color=COLORS[role], label=role.upper(),
            edgecolor="black", linewidth=0.8,
        )
    ax_bar.set_xticks(outcomes, ["heads", "tails"])
    ax_bar.set_ylim(0, 1.3)
    ax_bar.set_yticks([0.0, 0.25, 0.5, 0.75, 1.0])
    ax_bar.set_ylabel("probability")
    ax_bar.legend(loc="upper center", ncol=3, frameon=False, borderaxespad=0.1).set_zorder(0.8)
    bar_title = ax_bar.set_title("")

    (kl_curve,) = ax_div.plot(qs, np.zeros_like(qs), color=COLORS["kl"], label="KL(P‖Q)")
    (js_curve,) = ax_div.plot(qs, np.zeros_like(qs), color=COLORS["js"], label="JS(P, Q)")
    ax_div.axhline(LOG2, color="0.4", lw=1.5, ls=":")
    # the ceiling of JS, labelled outside the panel where no curve can cover it
    ceiling = ax_div.secondary_yaxis("right")
    ceiling.set_yticks([LOG2], ["log 2\n= 1 bit"])
    ceiling.tick_params(labelsize=13, labelcolor="0.3", length=0)
    (kl_marker,) = ax_div.plot(
        [0.5], [0.0], "o", ms=12, color=COLORS["kl"], mec="black", mew=1.5, clip_on=False,
        zorder=4,
    )
    # KL above the panel: a triangle on the top edge (never clipped, hidden when not needed).
    (kl_off_scale,) = ax_div.plot(
        [0.5], [COIN_KL_TOP], "^", ms=16, color=COLORS["kl"], mec="black", mew=1.5, clip_on=False,
        zorder=4,
    )
    (js_marker,) = ax_div.plot(
        [0.5], [0.0], "o", ms=12, color=COLORS["js"], mec="black", mew=1.5, clip_on=False,
        zorder=4,
    )
    ax_div.set_xlim(0, 1)
    ax_div.set_ylim(0, COIN_KL_TOP)
    ax_div.set_xlabel("q = Q(heads)")
    ax_div.set_ylabel("nats")
    ax_div.legend(
        loc="upper center", ncol=2, frameon=False, fontsize=13, borderaxespad=0.1
    ).set_zorder(0.8)
    readout = ax_div.set_title("", fontsize=15, linespacing=1.3)

    state = {"p": None}

    def update(p: float, q: float) -> None:
        dist_p = np.array([p, 1.0 - p])
        dist_q = np.array([q, 1.0 - q])
        dist_m = 0.5 * (dist_p + dist_q)
        for role, heights in (("p", dist_p), ("q", dist_q), ("m", dist_m)):
            for rect, height in zip(bars[role], heights, strict=True):
                rect.set_height(height)
        bar_title.set_text(f"p = {p:.2f},  q = {q:.2f}")

        if p != state["p"]:  # the curves depend on p only: q just moves the markers
            kl_curve.set_ydata(np.where(np.isinf(coin_kl(p, qs)), np.nan, coin_kl(p, qs)))
            js_curve.set_ydata(coin_js(p, qs))
            state["p"] = p
        js = js_divergence(dist_p, dist_q)
        kl = kl_divergence(dist_p, dist_q)
        js_marker.set_data([q], [js])
        top = COIN_KL_TOP
        on_scale = kl <= top
        kl_marker.set_data([q], [kl if on_scale else top])
        kl_marker.set_visible(on_scale)
        kl_off_scale.set_data([q], [top])
        kl_off_scale.set_visible(not on_scale)
        readout.set_text(f"JS = {format_nats(js)}\nKL(P‖Q) = {format_kl(kl)}")

    live = LiveFigure(
        fig,
        update,
        {
            "p": slider("P(heads) = p", 0.0, 1.0, 0.01, p),
            "q": slider("Q(heads) = q", 0.0, 1.0, 0.01, q),
        },
        display_now=display_now,
        hidden=[js_curve, js_marker, readout],
    )
    live.parts = {
        "bars": bars,
        "kl_curve": kl_curve,
        "js_curve": js_curve,
        "js_marker": js_marker,
        "kl_marker": kl_marker,
        "kl_off_scale": kl_off_scale,
        "readout": readout,
        "bar_title": bar_title,
    }
    return live


__all__ = ["box_grid", "box_shift_figure", "coin_figure", "format_kl"]
