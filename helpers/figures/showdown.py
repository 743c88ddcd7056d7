r"""Figures for notebook 06, the KL / JS / Wasserstein showdown.

:func:`showdown_figure` draws, above, the data and the model a shift θ apart (the WGAN parallel
lines or two Gaussians, optionally blurred by instance noise) and, below, KL, JS and W1 as curves
over θ with the current value marked, printed with its unit, and its slope drawn as a short
tangent. :func:`gan_link_figure` shows the optimal discriminator and the GAN value
:math:`V(D^*, G) = 2JS - 2\log 2`.

Curves over θ come from :func:`helpers.showdown.showdown_curves` (cached per σ and noise), so
moving θ only moves markers, tangents and text. All numbers come from :mod:`helpers.showdown`.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.ticker import AutoLocator, ScalarFormatter

from ..divergences import LOG2
from ..plotting import COLORS, TEXT_COLORS
from ..showdown import (
    effective_sigma,
    gaussian_js_fast,
    gaussian_js_slope_fast,
    noise_cost,
    optimal_gan_value,
    shifted_densities,
    showdown_curves,
    showdown_values,
)
from ..widgets import LiveFigure, new_figure, slider

#: Where "infinity" is drawn on the KL axis when KL is infinite.
INF_LEVEL = 1.0
#: Length of a tangent segment, as a fraction of the axes' diagonal.
TANGENT_LENGTH = 0.22
GREY = "#6F6F6F"  # text too: 5.0:1 on white
#: The bottom of the GAN figure's log axis for the generator's gradient (nats per unit θ).
GRADIENT_FLOOR = 1e-7
#: Tangent segments: yellow with a black outline, visible on every curve colour.
TANGENT_STYLE = {
    "color": COLORS["highlight"],
    "lw": 5,
    "solid_capstyle": "round",
    "path_effects": [patheffects.withStroke(linewidth=8, foreground="black")],
}


def format_slope(value: float) -> str:
    """A slope for the figure: 3 decimals, or scientific notation when it is tiny.

    >>> format_slope(1.0), format_slope(0.0), format_slope(3.2e-9), format_slope(-0.01234)
    ('+1.000', '0', '+3.2e-09', '-0.012')
    """
    if value == 0:
        return "0"
    if abs(value) < 1e-3:
        return f"{value:+.1e}"
    return f"{value:+.3f}"


def format_value(value: float, digits: int = 3) -> str:
    """A non-negative value, or the symbol ∞.

    >>> format_value(math.inf), format_value(0.5)
    ('∞', '0.500')
    """
    return "∞" if math.isinf(value) else f"{value:.{digits}f}"


def measure_texts(values: dict) -> dict:
    """The two-line captions written above the KL, JS and W1 panels for one θ.

    ``values`` holds scalars as returned by :func:`helpers.showdown.showdown_values`. The units:
    KL and JS in nats (JS also in bits), W1 in units of x, slopes per unit of θ.

    >>> from helpers.showdown import showdown_values
    >>> measure_texts(showdown_values(0.5))["js"]
    'JS = 0.693 nats = 1.000 bit\\n∂JS/∂θ = 0 nats per unit θ'
    """
    kl, js, w1 = values["kl"], values["js"], values["w1"]
    out = {}
    kl_line = f"KL(P‖Q) = {format_value(kl)}" + ("" if math.isinf(kl) else " nats")
    if math.isnan(values["kl_slope"]):
        kl_slope = "∂KL/∂θ: none (KL = ∞)" if math.isinf(kl) else "∂KL/∂θ: none (jump at 0)"
    else:
        kl_slope = f"∂KL/∂θ = {format_slope(values['kl_slope'])} nats per unit θ"
    out["kl"] = f"{kl_line}\n{kl_slope}"
    bits = js / LOG2
    bit_word = "bit" if round(bits, 3) == 1 else "bits"
    js_line = f"JS = {js:.3f} nats = {bits:.3f} {bit_word}"
    if math.isnan(values["js_slope"]):
        js_slope = "∂JS/∂θ: none (jump at 0)"
    else:
        js_slope = f"∂JS/∂θ = {format_slope(values['js_slope'])} nats per unit θ"
    out["js"] = f"{js_line}\n{js_slope}"
    w1_line = f"W₁ = {w1:.3f} (units of x)"
    if math.isnan(values["w1_slope"]):
        w1_slope = "∂W₁/∂θ: corner (−1 | +1)"
    else:
        w1_slope = f"∂W₁/∂θ = {format_slope(values['w1_slope'])} (x per θ)"
    out["w1"] = f"{w1_line}\n{w1_slope}"
    return out


def _tangent(ax, theta: float, value: float, slope: float):
    """End points of a tangent segment of fixed on-screen length through (theta, value)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    scale = math.hypot(1.0 / (x1 - x0), slope / (y1 - y0))
    half = 0.5 * TANGENT_LENGTH / scale
    xs = np.array([theta - half, theta + half])
    return xs, value + slope * (xs - theta)


class _MeasurePanel:
    """One of the three panels below: a curve over θ, marker, tangent, jump dots, caption."""

    def __init__(self, ax, key: str, color: str, ylabel: str, theta_max: float, reference: bool):
        self.ax, self.key, self.color = ax, key, color
        ax.set_xlim(-theta_max * 1.04, theta_max * 1.04)
        ax.set_xlabel("shift θ")
        ax.set_ylabel(ylabel)
        # A fixed place for the label: the layout is solved once, while tick labels may widen.
        ax.yaxis.set_label_coords(-0.2, 0.5)
        self.reference = None
        #: Where ∞ (and any value above it, off scale) is drawn; set for the KL panel only.
        self.inf_level = math.inf
        if reference:
            (self.reference,) = ax.plot([], [], color=GREY, lw=1.8, ls="--", zorder=1)
        (self.curve,) = ax.plot([], [], color=color, lw=2.8, zorder=2)
        (self.tangent,) = ax.plot([], [], zorder=3, **TANGENT_STYLE)
        (self.open_dot,) = ax.plot([0.0], [0.0], "o", ms=10, mfc="white", mec=color, mew=2.5,
                                   zorder=4)
        (self.closed_dot,) = ax.plot([0.0], [0.0], "o", ms=9, color=color, zorder=4)
        (self.marker,) = ax.plot([0.0], [0.0], "o", ms=13, color=color, mec="black", mew=1.5,
                                 zorder=5)
        self.caption = ax.set_title(" \n ", fontsize=13, loc="left")

    def set_curve(self, thetas, values, jump_level):
        """Draw the curve; ``jump_level`` is the value just off θ = 0 when the curve jumps."""
        y = np.asarray(values, dtype=float).copy()
        y[np.isinf(y)] = self.inf_level
        jumps = jump_level is not None
        if jumps:
            y[thetas == 0] = np.nan  # break the line at the jump
            self.open_dot.set_data([0.0], [jump_level])
        # the dots belong to the curve: hidden with it while a prediction is asked
        shown = jumps and self.curve.get_visible()
        self.open_dot.set_visible(shown)
        self.closed_dot.set_visible(shown)
        self.curve.set_data(thetas, y)

    def set_reference(self, thetas, values, jumps: bool):
        y = np.asarray(values, dtype=float).copy()
        y[np.isinf(y)] = np.nan
        if jumps:
            y[thetas == 0] = np.nan
        self.reference.set_data(thetas, y)

    def show(self, theta: float, value: float, slope: float, caption: str):
        # ∞, or a value above the fixed axis: a ▲ on the top edge (the caption has the number)
        off = math.isinf(value) or value > self.inf_level
        if off and not math.isinf(value):
            first, _, rest = caption.partition("\n")
            caption = f"{first}  (off scale ↑)\n{rest}"
        self.marker.set_data([theta], [self.inf_level if off else value])
        self.marker.set_marker("^" if off else "o")
        if math.isnan(slope) or off:
            self.tangent.set_visible(False)
        else:
            self.tangent.set_data(*_tangent(self.ax, theta, value, slope))
            self.tangent.set_visible(True)
        self.caption.set_text(caption)


def _set_kl_axis(ax, top: float, infinite: bool) -> None:
    if infinite:
        ax.set_ylim(-0.08, 1.25)
        ax.set_yticks([0.0, INF_LEVEL], ["0", "∞"])
        ax.get_yticklabels()[1].set_fontsize(24)
    else:
        ax.yaxis.set_major_locator(AutoLocator())
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.set_ylim(-0.06 * top, 1.12 * top)


def _gaussian_kl_top(theta_max: float, s_eff: float) -> float:
    """KL at the edge of the θ range, θ²/2σ², the scale of a fixed KL axis (1 if σ = 0)."""
    return theta_max**2 / (2 * s_eff**2) if s_eff > 0 else 1.0


def showdown_figure(
    example: str = "gaussians",
    *,
    noise: bool = False,
    theta: float = 1.0,
    sigma: float = 1.0,
    noise_sd: float = 0.5,
    theta_max: float = 4.0,
    predict: bool | None = None,
    display_now: bool = True,
) -> LiveFigure:
    r"""KL, JS and W1 between data and a model shifted by θ, as curves over θ.

    Parameters
    ----------
    example : {"lines", "gaussians"}
        The WGAN parallel lines :math:`P_0` on :math:`\{0\}\times[0,1]` and :math:`P_\theta` on
        :math:`\{\theta\}\times[0,1]`, or :math:`N(0,\sigma^2)` and :math:`N(\theta,\sigma^2)`
        (with a slider for σ).
    noise : bool
        Add a slider for instance noise: both x-coordinates are blurred by :math:`N(0, s^2)`.
    theta, sigma, noise_sd : float
        Starting values of the sliders.
    theta_max : float
        The θ slider and the curves cover ``[-theta_max, theta_max]``.
    predict : bool, optional
        Keep the three curves over θ hidden until a control moves or "Show the answer" is
        pressed, so that the "Try this" prediction comes first (the marker, tangent and caption
        of the current θ stay visible). Default: for the figures without noise.
    display_now : bool
        Passed to :class:`helpers.LiveFigure` (tests build figures without displaying them).

    Returns
    -------
    LiveFigure
        With an extra attribute ``panels``: ``{"kl", "js", "w1"}`` -> panel objects whose
        ``caption`` text holds the printed numbers, and ``top`` (the upper axes).
    """
    if example not in {"lines", "gaussians"}:
        raise ValueError(f"example must be 'lines' or 'gaussians', got {example!r}")
    lines = example == "lines"
    plane = lines and not noise
    label = f"showdown-{example}{'-noise' if noise else ''}"
    fig, _ = new_figure(label, figsize=(11, 6.4))
    fig.clear()
    grid = fig.add_gridspec(2, 3, height_ratios=[1.0, 1.25])
    top = fig.add_subplot(grid[0, :])
    axes = [fig.add_subplot(grid[1, k]) for k in range(3)]
    panels = {
        "kl": _MeasurePanel(axes[0], "kl", COLORS["kl"], "KL (nats)", theta_max, noise),
        "js": _MeasurePanel(axes[1], "js", COLORS["js"], "JS (nats)", theta_max, noise),
        "w1": _MeasurePanel(axes[2], "w1", COLORS["w1"], "W₁ (units of x)", theta_max, False),
    }
    js_ax = panels["js"].ax
    js_ax.set_ylim(-0.05, 0.85)
    js_ax.axhline(LOG2, color=GREY, lw=1.2, ls=":", zorder=0)
    # static labels sit below the curves in z-order, so a slider change never redraws them
    js_ax.text(theta_max * 1.02, LOG2 + 0.03, "log 2 = 1 bit", ha="right", va="bottom",
               fontsize=11, color=GREY, zorder=0.8)
    panels["w1"].ax.set_ylim(-0.06 * theta_max, 1.12 * theta_max)
    for panel in panels.values():
        panel.closed_dot.set_data([0.0], [0.0])
    # Every axis keeps its limits while σ or s slides (a rescale would cost a full redraw per
    # change): the KL axis is scaled for the starting width; beyond it, ▲ and "off scale ↑".
    varying = not plane
    s_eff0 = effective_sigma(0.0 if lines else float(sigma), float(noise_sd) if noise else 0.0)
    if varying:
        kl_top = _gaussian_kl_top(theta_max, s_eff0 if s_eff0 > 0 else 0.5)
        _set_kl_axis(panels["kl"].ax, kl_top, False)
        panels["kl"].inf_level = 1.06 * kl_top  # ▲ just inside the top edge (1.12 × kl_top)
    else:
        panels["kl"].inf_level = INF_LEVEL

    # --- the upper panel -----------------------------------------------------------------
    artists = {}
    span = theta_max + 0.6
    if plane:
        top.set_xlim(-span, span)
        top.set_ylim(-0.35, 1.35)
        top.set_xlabel("x")
        top.set_ylabel("y")
        (artists["p"],) = top.plot([0, 0], [0, 1], color=COLORS["p"], lw=11,
                                   solid_capstyle="butt")
        (artists["q"],) = top.plot([0, 0], [0, 1], color=COLORS["q"], lw=5,
                                   solid_capstyle="butt")
        (artists["gap"],) = top.plot([0, 0], [0.5, 0.5], color="black", lw=1.5, ls="--",
                                     marker="|", ms=14)
        artists["p_label"] = top.text(0, -0.1, "data P₀", color=TEXT_COLORS["p"], ha="center",
                                      va="top", fontsize=14, zorder=1.9)
        artists["q_label"] = top.text(0, 1.1, r"model $P_\theta$", color=TEXT_COLORS["q"],
                                      ha="center", va="bottom", fontsize=14)
    else:
        xs = np.linspace(-span - 3 * 2.5, span + 3 * 2.5, 600)
        artists["x"] = xs
        top.set_xlim(-span - 1.5, span + 1.5)
        top.set_xlabel("x" + ("  (the y-coordinate of both lines is uniform on [0, 1])"
                              if lines else ""))
        top.set_ylabel("density")
        top.yaxis.set_label_coords(-0.065, 0.5)
        artists["p_fill"] = top.add_patch(Polygon(np.zeros((3, 2)), closed=True,
                                                  color=COLORS["p"], alpha=0.25, lw=0))
        artists["q_fill"] = top.add_patch(Polygon(np.zeros((3, 2)), closed=True,
                                                  color=COLORS["q"], alpha=0.25, lw=0))
        (artists["p"],) = top.plot([], [], color=COLORS["p"], label="data P")
        (artists["q"],) = top.plot([], [], color=COLORS["q"], label=r"model $Q_\theta$")
        if lines:  # the bare lines: point masses in x, drawn as spikes
            (artists["p_spike"],) = top.plot([0, 0], [0, 1], color=COLORS["p"], lw=2,
                                             ls=(0, (1, 1)), marker="^", markevery=[1], ms=10)
            (artists["q_spike"],) = top.plot([0, 0], [0, 1], color=COLORS["q"], lw=2,
                                             ls=(0, (1, 1)), marker="^", markevery=[1], ms=10)
        elif noise:  # the Gaussians before blurring
            (artists["p_raw"],) = top.plot([], [], color=COLORS["p"], lw=1.5, ls="--")
            (artists["q_raw"],) = top.plot([], [], color=COLORS["q"], lw=1.5, ls="--")
        handles = [artists["p"], artists["q"]]
        if lines:
            handles.append(Line2D([], [], color=GREY, lw=2, ls=(0, (1, 1)), marker="^",
                                  label="bare lines (point masses)"))
        elif noise:
            handles.append(Line2D([], [], color=GREY, lw=1.5, ls="--", label="before blurring"))
        # Fixed y-limits from the starting width, with headroom for the one-row legend, which
        # lies below the curves in z-order (it is not redrawn when they move).
        peak0 = 1.0 / (s_eff0 * math.sqrt(2 * math.pi)) if s_eff0 > 0 else 1.0
        if noise and not lines:
            peak0 = max(peak0, 1.0 / (float(sigma) * math.sqrt(2 * math.pi)))
        artists["peak0"] = peak0
        top.set_ylim(0, 1.35 * peak0)
        top.legend(handles=handles, loc="upper right", fontsize=12, ncols=len(handles),
                   ).set_zorder(0.8)
        artists["off_scale"] = top.text(
            0.01, 0.97, "↑ peaks off scale", transform=top.transAxes, ha="left", va="top",
            fontsize=13, color=GREY, visible=False)
    artists["title"] = top.set_title("", fontsize=14 if noise else 15)
    if noise:
        panels["js"].ax.text(-theta_max, LOG2 + 0.03, "dashed: no noise", ha="left",
                             va="bottom", fontsize=11, color=GREY, zorder=0.8)

    state = {"key": None}

    def redraw_curves(sig: float, s: float) -> None:
        s_eff = effective_sigma(sig, s)
        thetas, values = showdown_curves(sig, s, theta_max)
        bare = s_eff == 0
        panels["kl"].set_curve(thetas, values["kl"], panels["kl"].inf_level if bare else None)
        panels["js"].set_curve(thetas, values["js"], LOG2 if bare else None)
        panels["w1"].set_curve(thetas, values["w1"], None)
        finite_kl = values["kl"][np.isfinite(values["kl"])]
        if not varying:
            _set_kl_axis(panels["kl"].ax, float(finite_kl.max()), bare)
        if noise:
            _, raw = showdown_curves(sig, 0.0, theta_max)
            panels["kl"].set_reference(thetas, raw["kl"], sig == 0)
            panels["js"].set_reference(thetas, raw["js"], sig == 0)
        if not plane:
            xs = artists["x"]
            if s_eff > 0:
                p, _ = shifted_densities(xs, 0.0, s_eff)
                artists["density"] = p
                peak = float(p.max())
                artists["p"].set_data(xs, p)
                artists["p_fill"].set_xy(np.column_stack((xs, p)))
            else:
                peak = 1.0
            for name in ("p", "q", "p_fill", "q_fill"):
                artists[name].set_visible(s_eff > 0)
            if lines:
                height = 1.06 * artists["peak0"]  # a point mass: any fixed height will do
                artists["spike_height"] = height
                artists["p_spike"].set_ydata([0, height])
            elif noise:
                raw_p, _ = shifted_densities(xs, 0.0, sig)
                artists["raw"] = raw_p
                artists["p_raw"].set_data(xs, raw_p)
                peak = max(peak, float(raw_p.max()))
            artists["off_scale"].set_visible(s_eff > 0 and peak > top.get_ylim()[1])

    def update(theta, sigma=0.0, noise_sd=0.0):
        sig = 0.0 if lines else float(sigma)
        s = float(noise_sd) if noise else 0.0
        key = (sig, s)
        if key != state["key"]:
            redraw_curves(sig, s)
            state["key"] = key
        s_eff = effective_sigma(sig, s)
        theta = float(theta)
        values = showdown_values(theta, sig, s)
        texts = measure_texts(values)
        for name, panel in panels.items():
            panel.show(theta, values[name], values[f"{name}_slope"], texts[name])
        if plane:
            artists["q"].set_xdata([theta, theta])
            artists["gap"].set_xdata([0.0, theta])
            artists["q_label"].set_x(theta)
            artists["title"].set_text(
                f"Parallel lines: data on x = 0, model on x = θ = {theta:.2f}"
            )
            return
        xs = artists["x"]
        if s_eff > 0:
            q = artists["density"]
            artists["q"].set_data(xs + theta, q)
            artists["q_fill"].set_xy(np.column_stack((xs + theta, q)))
        price = ""
        if noise:
            price = (
                f"\nprice of the noise: W₁(data, blurred data) = {noise_cost(sig, s):.3f} "
                "(units of x)"
            )
        if lines:
            artists["q_spike"].set_data([theta, theta], [0, artists["spike_height"]])
            artists["title"].set_text(
                f"Lines blurred in x by noise s = {s:.2f} (σ_eff = {s_eff:.2f}),  θ = {theta:.2f}"
                + price
            )
        elif noise:
            artists["q_raw"].set_data(xs + theta, artists["raw"])
            artists["title"].set_text(
                f"N(0, σ²), N(θ, σ²) blurred by s = {s:.2f}:  σ = {sig:.2f},  "
                f"σ_eff = {s_eff:.2f},  θ = {theta:.2f}" + price
            )
        else:
            artists["title"].set_text(
                f"Data N(0, σ²) and model N(θ, σ²):  σ = {sig:.2f},  θ = {theta:.2f}"
            )

    controls = {"theta": slider("shift θ", -theta_max, theta_max, 0.05, theta)}
    if not lines:
        controls["sigma"] = slider("width σ", 0.25, 2.0, 0.05, sigma)
    if noise:
        controls["noise_sd"] = slider("noise s", 0.0, 2.0, 0.05, noise_sd)
    if predict is None:
        predict = not noise
    hidden = []
    if predict:
        for panel in panels.values():
            hidden.append(panel.curve)
            if plane and panel.key != "w1":  # the jump dots of the bare lines' KL and JS
                hidden.extend((panel.open_dot, panel.closed_dot))
    live = LiveFigure(fig, update, controls, hidden=hidden, display_now=display_now)
    live.panels = panels
    live.top = top
    live.top_artists = artists
    return live


def gan_link_figure(theta: float = 1.0, sigma: float = 1.0, theta_max: float | None = None,
                    predict: bool = True, display_now: bool = True) -> LiveFigure:
    r"""The optimal discriminator, the GAN value and the generator's gradient, over a shift θ.

    Data :math:`N(0, \sigma^2)`, model :math:`N(\theta, \sigma^2)`. Above:
    :math:`D^*(x) = p(x)/(p(x)+q(x))`, with the two densities (scaled to peak 1) behind it.
    Below left: :math:`2JS - 2\log 2` over θ (curve) with :math:`V(D^*, G)` computed on a grid
    by :func:`helpers.gan_value` at the current θ (marker) and its tangent. Below right, on a
    **log axis**: the size of the gradient the generator receives from the frozen optimal
    discriminator, :math:`|2\,\partial JS/\partial\theta|`, against the WGAN critic's
    :math:`|\partial W_1/\partial\theta| = 1`. The range reaches ``theta_max`` (default 10σ), far
    enough to see the gradient collapse: about 0.14 at 4σ, 4e-4 at 8σ, 4.5e-6 at 10σ.

    Parameters
    ----------
    theta, sigma : float
        Starting shift and the (fixed) width: one idea per screen, the shift θ.
    theta_max : float, optional
        The θ slider covers ``[-theta_max, theta_max]``; default ``10 * sigma``.
    predict : bool
        Keep the gradient curve hidden until the slider moves or "Show the answer" is pressed.
    display_now : bool
        Passed to :class:`helpers.LiveFigure`.

    Returns
    -------
    LiveFigure
        With extra attributes ``caption`` (the printed numbers), ``marker`` (V at θ),
        ``gradient_curve`` and ``gradient_marker`` (the log panel).
    """
    sigma = float(sigma)
    theta_max = 10.0 * sigma if theta_max is None else float(theta_max)
    fig, _ = new_figure("showdown-gan", figsize=(11, 8.4))
    fig.clear()
    grid = fig.add_gridspec(2, 2, height_ratios=[1.0, 1.15])
    left = fig.add_subplot(grid[0, :])
    right = fig.add_subplot(grid[1, 0])
    grad_ax = fig.add_subplot(grid[1, 1])
    xs = np.linspace(-theta_max - 3 * sigma, theta_max + 3 * sigma, 1200)
    p, _ = shifted_densities(xs, 0.0, sigma)
    scale = float(p.max())
    left.fill_between(xs, p / scale, color=COLORS["p"], alpha=0.2, lw=0, label="data P (scaled)")
    q_fill = left.add_patch(Polygon(np.column_stack((xs, p / scale)), closed=True,
                                    color=COLORS["q"], alpha=0.2, lw=0,
                                    label=r"model $Q_\theta$ (scaled)"))
    (d_line,) = left.plot([], [], color="black", lw=3, label="D*(x) = p / (p + q)")
    left.set_xlim(xs[0], xs[-1])
    left.set_ylim(-0.03, 1.3)
    left.set_xlabel("x")
    left.set_ylabel("probability “real”")
    # legends and fixed labels below the moving artists in z-order: never redrawn
    left.legend(loc="upper left", fontsize=11, ncols=3).set_zorder(0.8)
    left_title = left.set_title("", fontsize=14)

    thetas = np.linspace(-theta_max, theta_max, 801)
    curve = 2 * np.asarray(gaussian_js_fast(thetas, sigma)) - 2 * LOG2
    right.plot(thetas, curve, color=COLORS["js"], lw=2.8, label="2 JS − 2 log 2")
    right.axhline(-2 * LOG2, color=GREY, lw=1.2, ls=":")
    right.axhline(0.0, color=GREY, lw=1.2, ls=":")
    right.text(-theta_max, -2 * LOG2 + 0.04, "−2 log 2: D* cannot tell", fontsize=11,
               color=GREY, va="bottom")
    right.text(-theta_max, -0.04, "0: D* is never fooled", fontsize=11, color=GREY, va="top")
    # the moving tangent and marker above the fixed texts, so those stay in the background
    (tangent,) = right.plot([], [], zorder=4, **TANGENT_STYLE)
    (marker,) = right.plot([], [], "o", ms=13, color=COLORS["js"], mec="black", mew=1.5,
                           label="V(D*, G) from gan_value", zorder=4.1)
    right.set_xlim(-theta_max * 1.04, theta_max * 1.04)
    right.set_ylim(-2.1, 1.2)
    right.set_yticks([-1.5, -1.0, -0.5, 0.0])
    right.set_xlabel("shift θ")
    right.set_ylabel("nats")
    right.legend(loc="lower right", fontsize=11).set_zorder(0.8)
    caption = right.text(0.5, 0.98, "", transform=right.transAxes, ha="center", va="top",
                         fontsize=11.5, bbox={"facecolor": "white", "alpha": 0.85, "lw": 0})

    # the generator's gradient on a log axis. θ = 0 is on the grid (an odd number of points):
    # there the gradient is 0, drawn on the bottom edge, so the dip reaches the floor instead of
    # stopping at the ~1e-2 of the grid's nearest points
    grad_thetas = np.linspace(-theta_max, theta_max, 801)
    grad = np.abs(2 * np.asarray(gaussian_js_slope_fast(grad_thetas, sigma)))
    floor = GRADIENT_FLOOR
    grad_ax.set_yscale("log")
    grad_ax.set_xlim(-theta_max * 1.04, theta_max * 1.04)
    grad_ax.set_ylim(floor, 10.0)
    grad_ax.axhline(1.0, color=COLORS["w1"], lw=2.4, ls="--", zorder=1.5)
    grad_ax.text(0.0, 1.35, "WGAN critic: |∂W₁/∂θ| = 1", ha="center", va="bottom", fontsize=11.5,
                 color=COLORS["w1"], zorder=0.8)
    (grad_curve,) = grad_ax.plot(grad_thetas, np.maximum(grad, floor), color=COLORS["js"],
                                 lw=2.8, zorder=2)
    (grad_marker,) = grad_ax.plot([], [], "o", ms=13, color=COLORS["js"], mec="black", mew=1.5,
                                  zorder=4)
    grad_ax.set_xlabel("shift θ")
    grad_ax.set_ylabel("|gradient| (nats per unit θ)")
    grad_ax.set_title("the generator's gradient, log scale", fontsize=12.5, loc="left")

    def update(theta):
        theta = float(theta)
        z = -(theta * xs - 0.5 * theta**2) / sigma**2
        d_star = 1.0 / (1.0 + np.exp(-np.clip(z, -700, 700)))
        d_line.set_data(xs, d_star)
        q_fill.set_xy(np.column_stack((xs + theta, p / scale)))
        value = optimal_gan_value(theta, sigma)
        js = float(gaussian_js_fast(theta, sigma))
        slope = 2.0 * float(gaussian_js_slope_fast(theta, sigma))
        marker.set_data([theta], [value])
        tangent.set_data(*_tangent(right, theta, value, slope))
        # θ = 0: the gradient is 0, drawn on the bottom edge of the log axis
        grad_marker.set_data([theta], [max(abs(slope), floor)])
        grad_marker.set_marker("v" if abs(slope) < floor else "o")
        w_slope = "corner" if theta == 0 else f"{math.copysign(1.0, theta):+.0f}"
        caption.set_text(
            f"V(D*, G) = {value:.4f} nats   2 JS − 2 log 2 = {2 * js - 2 * LOG2:.4f} nats\n"
            f"generator's gradient 2·∂JS/∂θ = {format_slope(slope)} nats per unit θ\n"
            f"WGAN critic instead: ∂W₁/∂θ = {w_slope}"
        )
        left_title.set_text(f"Optimal discriminator for θ = {theta:.2f}, σ = {sigma:.2f}")

    live = LiveFigure(fig, update, {"theta": slider("shift θ", -theta_max, theta_max, 0.05,
                                                    theta)},
                      hidden=[grad_curve] if predict else [], display_now=display_now)
    live.caption = caption
    live.marker = marker
    live.gradient_curve = grad_curve
    live.gradient_marker = grad_marker
    return live


__all__ = [
    "GRADIENT_FLOOR",
    "format_slope",
    "format_value",
    "gan_link_figure",
    "measure_texts",
    "showdown_figure",
]
