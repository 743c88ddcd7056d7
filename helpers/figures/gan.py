r"""Figures for notebook 07, the GAN derivation.

* :func:`optimal_discriminator_figure`: data N(0, 1) and generator N(θ, 1), the optimal
  discriminator :math:`D^*(x)` between them, and :math:`V(D^*, G)` over θ against
  :math:`2JS - 2\log 2`, with its floor :math:`-\log 4`.
* :func:`generator_losses_figure`: the two generator losses :math:`\log(1 - D)` and
  :math:`-\log D` as functions of D, and the gradient each sends back through the
  discriminator's logit, on a log axis.
* :func:`vanishing_gradient_figure`: Arjovsky & Bottou's Thm 2.4 on two boxes a gap apart: a
  slider for the discriminator's error ε, the minimax gradient and its bound on log axes.
* :func:`nonsaturating_terms_figure`: Thm 2.5 term by term: :math:`KL(P_g \Vert P_r)`,
  :math:`-2JS` and their sum over θ, and their slopes against the frozen-:math:`D^*` gradient
  measured on a grid.
* :func:`noisy_discriminator_figure`: Thm 2.6: per-sample gradients from a noisy discriminator,
  minimax against non-saturating (Cauchy).

Each builder returns the :class:`helpers.LiveFigure` with a ``parts`` dict naming the artists the
sliders move (the tests use it). Every number comes from :mod:`helpers.gan`,
:mod:`helpers.showdown` or :mod:`helpers.divergences`.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import Polygon

from ..divergences import LOG2
from ..gan import (
    gaussian_frozen_gradients,
    logistic_discriminator,
    near_perfect_discriminator,
    noisy_discriminator_gradients,
    sharpness_for_error,
)
from ..plotting import COLORS
from ..showdown import (
    gaussian_js_fast,
    gaussian_js_slope_fast,
    optimal_gan_value,
    shifted_densities,
)
from ..widgets import LiveFigure, new_figure, slider

GREY = "#666666"
LOG4 = 2.0 * LOG2
BOX = {"facecolor": "white", "alpha": 0.9, "lw": 0}


def format_small(value: float) -> str:
    """A gradient for the figure: 4 significant digits, scientific notation below 0.001.

    >>> format_small(0.25), format_small(3.2e-9), format_small(0.0), format_small(0.0019119)
    ('0.25', '3.20e-09', '0', '0.001912')
    """
    if value == 0:
        return "0"
    if abs(value) < 1e-3:
        return f"{value:.2e}"
    return f"{value:.4g}"


# --- 1. D* and V(D*, G) ------------------------------------------------------------------------


def optimal_discriminator_figure(theta: float = 1.5, theta_max: float = 5.0, *,
                                 display_now: bool = True) -> LiveFigure:
    r"""Left: the densities of P_r = N(0, 1) and P_g = N(θ, 1) and :math:`D^*(x)`. Right:
    :math:`V(D^*, G)` over θ (the curve :math:`2JS - 2\log 2`), the value from
    :func:`helpers.gan_value` on a grid at the current θ, and the floor :math:`-\log 4`.

    The right panel's curve, marker and readout are ``hidden`` until θ moves: they answer the
    prediction "what does V(D*, G) tend to as θ grows?".
    """
    fig, (left, right) = new_figure("gan-dstar", 1, 2, figsize=(10.5, 5.2))
    xs = np.linspace(-4.0, theta_max + 4.0, 600)
    p, _ = shifted_densities(xs, 0.0, 1.0)
    scale = float(p.max())
    left.fill_between(xs, p / scale, color=COLORS["p"], alpha=0.25, lw=0,
                      label="data $P_r$ (density, scaled)")
    q_fill = left.add_patch(Polygon(np.column_stack((xs, p / scale)), closed=True,
                                    color=COLORS["q"], alpha=0.25, lw=0,
                                    label=r"generator $P_g$ = N(θ, 1)"))
    left.axhline(0.5, color=GREY, lw=1.2, ls=":", zorder=0.5)
    left.text(xs[-1], 0.52, "D = 1/2: cannot tell", ha="right", va="bottom", fontsize=12,
              color=GREY, zorder=0.8)
    (d_line,) = left.plot([], [], color="black", lw=3.2, label="D*(x) = p_r / (p_r + p_g)",
                          zorder=3)
    left.set_xlim(xs[0], xs[-1])
    left.set_ylim(-0.03, 1.32)
    left.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    left.set_xlabel("x")
    left.set_ylabel("D*(x) = probability “real”")
    left.legend(loc="upper left", fontsize=12, frameon=False).set_zorder(0.8)

    thetas = np.linspace(-theta_max, theta_max, 401)
    curve = 2.0 * np.asarray(gaussian_js_fast(thetas)) - LOG4
    right.axhline(-LOG4, color=GREY, lw=1.5, ls="--", zorder=0.5)
    right.axhline(0.0, color=GREY, lw=1.2, ls=":", zorder=0.5)
    right.text(-theta_max, -LOG4 - 0.05, "−log 4 = −1.386 nats: the floor", fontsize=12,
               color=GREY, va="top", zorder=0.8)
    (v_curve,) = right.plot(thetas, curve, color=COLORS["js"], lw=2.8,
                            label="2 JS(P_r, P_g) − 2 log 2", zorder=2)
    (marker,) = right.plot([theta], [0.0], "o", ms=13, color=COLORS["js"], mec="black",
                           mew=1.5, label="V(D*, G) by gan_value", zorder=4)
    right.set_xlim(-theta_max * 1.03, theta_max * 1.03)
    right.set_ylim(-2.05, 0.75)
    right.set_xlabel("shift θ of the generator")
    right.set_ylabel("V(D*, G)  (nats)")
    right.legend(loc="lower right", fontsize=12).set_zorder(0.8)
    readout = right.text(0.5, 0.97, "", transform=right.transAxes, ha="center", va="top",
                         fontsize=13, bbox=BOX, zorder=5)
    title = left.set_title("", fontsize=15)

    def update(theta):
        theta = float(theta)
        logit = -(theta * xs - 0.5 * theta**2)  # log p_r - log p_g for σ = 1
        d_line.set_data(xs, 1.0 / (1.0 + np.exp(-np.clip(logit, -700, 700))))
        q_fill.set_xy(np.column_stack((xs + theta, p / scale)))
        value = optimal_gan_value(theta)
        js = float(gaussian_js_fast(theta))
        marker.set_data([theta], [value])
        readout.set_text(f"θ = {theta:.2f}:  V(D*, G) = {value:.4f} nats\n"
                         f"2 JS − 2 log 2 = {2 * js - LOG4:.4f} nats")
        title.set_text(f"Optimal discriminator, θ = {theta:.2f}")

    live = LiveFigure(fig, update, {"theta": slider("shift θ", -theta_max, theta_max, 0.05,
                                                    theta)},
                      hidden=[v_curve, marker, readout], display_now=display_now)
    live.parts = {"d_line": d_line, "marker": marker, "readout": readout, "curve": v_curve,
                  "x": xs}
    return live


# --- 2. the two generator losses -----------------------------------------------------------------


def generator_losses_figure(log_d: float = -1.0, *, display_now: bool = True) -> LiveFigure:
    r"""The generator's two losses as functions of D = D(G(z)), and their gradients.

    Left: :math:`\log(1 - D)` (saturating, minimax) and :math:`-\log D` (non-saturating), both
    to be minimised by the generator. Right, on log axes: the size of the gradient each loss
    sends back through the discriminator's logit :math:`\ell`
    (:math:`D = \operatorname{sigmoid}(\ell)`): :math:`|\partial_\ell \log(1 - D)| = D` and
    :math:`|\partial_\ell(-\log D)| = 1 - D`.
    The slider sets :math:`\log_{10} D`. The markers and the readout are hidden until it moves.
    """
    fig, (left, right) = new_figure("gan-losses", 1, 2, figsize=(10.5, 5.2))
    d = np.linspace(1e-4, 1 - 1e-4, 800)
    left.plot(d, np.log1p(-d), color=COLORS["q"], lw=3,
              label="saturating: log(1 − D)")
    left.plot(d, -np.log(d), color=COLORS["p"], lw=3, ls="--",
              label="non-saturating: −log D")
    (m_sat,) = left.plot([], [], "o", ms=12, color=COLORS["q"], mec="black", mew=1.5, zorder=4)
    (m_non,) = left.plot([], [], "o", ms=12, color=COLORS["p"], mec="black", mew=1.5, zorder=4)
    left.set_xlim(0, 1)
    left.set_ylim(-4.8, 9.8)
    left.set_xlabel("D(G(z)): the discriminator's “real” for a fake")
    left.set_ylabel("generator loss (nats)")
    left.legend(loc="upper right", fontsize=12).set_zorder(0.8)
    left.text(0.02, -4.6, "early training: D ≈ 0 (fakes rejected)", fontsize=12, color=GREY,
              va="bottom", zorder=0.8)

    dl = np.logspace(-4, -1e-3, 400)
    right.loglog(dl, dl, color=COLORS["q"], lw=3, label="saturating: |∂/∂ℓ| = D")
    right.loglog(dl, 1 - dl, color=COLORS["p"], lw=3, ls="--",
                 label="non-saturating: |∂/∂ℓ| = 1 − D")
    (g_sat,) = right.plot([], [], "o", ms=12, color=COLORS["q"], mec="black", mew=1.5, zorder=4)
    (g_non,) = right.plot([], [], "o", ms=12, color=COLORS["p"], mec="black", mew=1.5, zorder=4)
    right.set_xlim(1e-4, 1.0)
    right.set_ylim(5e-5, 5.0)
    right.set_xlabel("D(G(z))  (log scale)")
    right.set_ylabel("gradient through the logit ℓ  (nats per unit ℓ)")
    right.legend(loc="lower right", fontsize=12).set_zorder(0.8)
    readout = right.text(0.03, 0.8, "", transform=right.transAxes, ha="left", va="top",
                         fontsize=13, bbox=BOX, zorder=5)

    def update(log_d):
        value = 10.0 ** float(log_d)
        m_sat.set_data([value], [math.log1p(-value)])
        m_non.set_data([value], [-math.log(value)])
        g_sat.set_data([value], [value])
        g_non.set_data([value], [1 - value])
        readout.set_text(f"D = {value:.4g}\nsaturating: {value:.4g}\n"
                         f"non-saturating: {1 - value:.4g}\n"
                         f"ratio: {(1 - value) / value:.4g}×")

    live = LiveFigure(fig, update,
                      {"log_d": slider("log₁₀ D(G(z))", -4.0, -0.05, 0.05, log_d)},
                      hidden=[m_sat, m_non, g_sat, g_non, readout], display_now=display_now)
    live.parts = {"readout": readout, "g_sat": g_sat, "g_non": g_non}
    return live


# --- 3. Thm 2.4: vanishing gradients -------------------------------------------------------------


def vanishing_gradient_figure(log_error: float = -1.0, gap: float = 3.0, *,
                              display_now: bool = True) -> LiveFigure:
    r"""A discriminator approaching the perfect one, and the minimax gradient it leaves.

    Left: data uniform on [−1, 0], fakes uniform on [g, g + 1], the logistic discriminator whose
    error on the two supports is ε (see :func:`helpers.gan.near_perfect_discriminator`), and the
    perfect :math:`D^*` on the supports. Right, log–log: the generator's minimax gradient with D
    frozen, and Arjovsky & Bottou's bound ε/(1 − ε), over ε; the current ε marked.
    """
    fig, (left, right) = new_figure("gan-vanishing", 1, 2, figsize=(10.5, 5.2))
    left.fill_between([-1, 0], [1, 1], color=COLORS["p"], alpha=0.25, lw=0,
                      label="data: U[−1, 0]")
    left.fill_between([gap, gap + 1], [1, 1], color=COLORS["q"], alpha=0.25, lw=0,
                      label=f"fakes: U[{gap:g}, {gap + 1:g}]")
    left.plot([-1, 0], [1, 1], color=GREY, lw=5, ls=":", label="perfect D*", zorder=2)
    left.plot([gap, gap + 1], [0, 0], color=GREY, lw=5, ls=":", zorder=2)
    xs = np.linspace(-1.5, gap + 1.5, 600)
    (d_line,) = left.plot([], [], color="black", lw=3, label="trained D (logistic)", zorder=3)
    left.set_xlim(xs[0], xs[-1])
    left.set_ylim(-0.05, 1.45)
    left.set_yticks([0, 0.5, 1])
    left.set_xlabel("x")
    left.set_ylabel("D(x)")
    left.legend(loc="upper center", fontsize=11, ncols=2, frameon=False,
                columnspacing=1.0, handlelength=1.6).set_zorder(0.8)
    left_text = left.set_title("", fontsize=15)

    family = [near_perfect_discriminator(k, gap) for k in np.linspace(0.4, 20.0, 300)]
    errors = np.array([out["error"] for out in family])
    grads = np.array([out["gradient"] for out in family])
    right.loglog(errors, errors / (1 - errors), color=GREY, lw=2.5, ls="--",
                 label="Thm 2.4 bound ε/(1 − ε)")
    right.loglog(errors, grads, color=COLORS["q"], lw=3, label="minimax gradient, D frozen")
    (marker,) = right.plot([], [], "o", ms=13, color=COLORS["q"], mec="black", mew=1.5,
                           zorder=4)
    right.set_xlim(1e-10, 0.5)
    right.set_ylim(1e-12, 1.0)
    right.invert_xaxis()  # left to right: the discriminator gets better
    right.set_xlabel("discriminator error ε  (log scale; better →)")
    right.set_ylabel("gradient (nats per unit θ)")
    right.legend(loc="lower left", fontsize=12).set_zorder(0.8)
    readout = right.text(0.97, 0.97, "", transform=right.transAxes, ha="right", va="top",
                         fontsize=13, bbox=BOX, zorder=5)

    def update(log_error):
        error = 10.0 ** float(log_error)
        k = sharpness_for_error(error, gap)
        out = near_perfect_discriminator(k, gap)
        d_line.set_data(xs, logistic_discriminator(xs, k, out["centre"]))
        marker.set_data([out["error"]], [out["gradient"]])
        left_text.set_text(f"trained D: sharpness k = {k:.2f}")
        readout.set_text(f"ε = {out['error']:.1e}\n"
                         f"gradient = {format_small(out['gradient'])}\n"
                         f"bound = {format_small(out['bound'])}")

    live = LiveFigure(fig, update,
                      {"log_error": slider("log₁₀ ε", -10.0, -0.6, 0.1, log_error, ".1f")},
                      display_now=display_now)
    live.parts = {"readout": readout, "marker": marker, "d_line": d_line}
    return live


# --- 4. Thm 2.5 term by term ---------------------------------------------------------------------


def nonsaturating_terms_figure(theta: float = 1.0, theta_max: float = 4.0, *,
                               display_now: bool = True) -> LiveFigure:
    r"""Thm 2.5 for data N(0, 1) and generator N(θ, 1), term by term.

    Top: :math:`KL(P_g \Vert P_r) = \theta^2/2`, :math:`-2JS(P_r, P_g)` and their sum over θ.
    Bottom: their slopes :math:`\theta` and :math:`-2\,\partial JS/\partial\theta` and the sum,
    with the non-saturating gradient measured with :math:`D^*` frozen on a grid
    (:func:`helpers.gan.gaussian_frozen_gradients`) marked at the current θ.
    """
    fig, (top, bottom) = new_figure("gan-terms", 2, 1, figsize=(10.5, 8.0), sharex=True)
    thetas = np.linspace(-theta_max, theta_max, 401)
    kl = 0.5 * thetas**2
    js = np.asarray(gaussian_js_fast(thetas))
    js_slope = np.asarray(gaussian_js_slope_fast(thetas))
    top.plot(thetas, kl, color=COLORS["kl"], lw=2.8, label="KL(P_g ‖ P_r) = θ²/2")
    top.plot(thetas, -2 * js, color=COLORS["js"], lw=2.8, label="−2 JS(P_r, P_g)")
    top.plot(thetas, kl - 2 * js, color="black", lw=3, ls="--", label="sum")
    (m_top,) = top.plot([], [], "o", ms=12, color="black", mec="black", zorder=4)
    top.set_ylim(-1.6, 0.5 * theta_max**2 + 0.5)
    top.set_ylabel("nats")
    top.legend(loc="upper center", fontsize=12, ncols=3, frameon=False).set_zorder(0.8)
    top_text = top.text(0.5, 0.8, "", transform=top.transAxes, ha="center", va="top",
                        fontsize=12.5, bbox=BOX, zorder=5)

    bottom.plot(thetas, thetas, color=COLORS["kl"], lw=2.8, label="∂KL/∂θ = θ: pulls home")
    bottom.plot(thetas, -2 * js_slope, color=COLORS["js"], lw=2.8,
                label="−2 ∂JS/∂θ: pushes away")
    bottom.plot(thetas, thetas - 2 * js_slope, color="black", lw=3, ls="--", label="sum")
    (m_bottom,) = bottom.plot([], [], "o", ms=13, color=COLORS["highlight"], mec="black",
                              mew=1.8, zorder=4, label="measured, D* frozen (grid)")
    bottom.axhline(0.0, color=GREY, lw=1.0, zorder=0.5)
    bottom.set_xlim(-theta_max, theta_max)
    bottom.set_ylim(-theta_max - 0.3, theta_max + 0.3)
    bottom.set_xlabel("shift θ of the generator")
    bottom.set_ylabel("gradient (nats per unit θ)")
    bottom.legend(loc="upper left", fontsize=11.5, frameon=False).set_zorder(0.8)
    readout = bottom.text(0.98, 0.04, "", transform=bottom.transAxes, ha="right", va="bottom",
                          fontsize=12.5, bbox=BOX, zorder=5)

    def update(theta):
        theta = float(theta)
        js_now = float(gaussian_js_fast(theta))
        slope_now = float(gaussian_js_slope_fast(theta))
        value = 0.5 * theta**2 - 2 * js_now
        m_top.set_data([theta], [value])
        measured = gaussian_frozen_gradients(theta)["nonsaturating"]
        m_bottom.set_data([theta], [measured])
        top_text.set_text(f"θ = {theta:.2f}:  KL = {0.5 * theta**2:.3f},  "
                          f"−2 JS = {-2 * js_now:.3f},\nsum = {value:.3f} nats")
        readout.set_text(f"θ − 2 ∂JS/∂θ = {theta:+.3f} {-2 * slope_now:+.3f}"
                         f" = {theta - 2 * slope_now:.4f}\n"
                         f"measured with D* frozen: {measured:.4f}")

    live = LiveFigure(fig, update,
                      {"theta": slider("shift θ", -theta_max, theta_max, 0.05, theta)},
                      display_now=display_now)
    live.parts = {"readout": readout, "m_bottom": m_bottom, "m_top": m_top}
    return live


# --- 5. Thm 2.6: a noisy discriminator ------------------------------------------------------------


def noisy_discriminator_figure(log_noise: float = -1.0, size: int = 20000, *,
                               display_now: bool = True) -> LiveFigure:
    r"""Histograms of per-sample generator gradients from a noisy near-perfect discriminator.

    Top: minimax, :math:`r/(1 + \varepsilon)`, which shrinks with the noise. Bottom:
    non-saturating, :math:`-r/\varepsilon`, standard Cauchy whatever the noise (its density
    drawn dotted). The slider sets :math:`\log_{10}` of the noise's standard deviation. The top
    panel prints the minimax gradients' standard deviation (their spike is narrower than one bin
    at every noise level); both print the share of samples beyond ±10, the bottom one also the
    mean and the largest :math:`|g|`.
    """
    fig, (top, bottom) = new_figure("gan-noisy", 2, 1, figsize=(10.5, 7.2), sharex=True)
    edges = np.linspace(-10.0, 10.0, 81)
    centres = 0.5 * (edges[:-1] + edges[1:])
    width = edges[1] - edges[0]
    (h_min,) = top.plot(centres, np.zeros_like(centres), drawstyle="steps-mid",
                        color=COLORS["q"], lw=2.8, label="minimax: ∇ log(1 − D)")
    top.set_ylim(0, 1.08)
    top.set_ylabel("share of samples")
    top.legend(loc="upper left", fontsize=12, frameon=False).set_zorder(0.8)
    top_text = top.text(0.98, 0.95, "", transform=top.transAxes, ha="right", va="top",
                        fontsize=13, bbox=BOX, zorder=5)
    cauchy = width / (math.pi * (1 + centres**2))
    bottom.plot(centres, cauchy, color=GREY, lw=2.2, ls=":", label="standard Cauchy")
    bottom.plot(centres, np.zeros_like(centres), drawstyle="steps-mid", color=COLORS["p"],
                lw=2.8, label="non-saturating: −∇ log D")
    h_non = bottom.lines[-1]
    bottom.set_ylim(0, 0.1)
    bottom.set_xlim(-10, 10)
    bottom.set_xlabel("per-sample gradient (nats per unit θ)")
    bottom.set_ylabel("share of samples")
    bottom.legend(loc="upper left", fontsize=12, frameon=False).set_zorder(0.8)
    bottom_text = bottom.text(0.98, 0.95, "", transform=bottom.transAxes, ha="right",
                              va="top", fontsize=13, bbox=BOX, zorder=5)
    title = top.set_title("", fontsize=15)

    def share(values):
        counts, _ = np.histogram(values, bins=edges)  # beyond ±10: counted in the text
        return counts / values.size

    def update(log_noise):
        noise = 10.0 ** float(log_noise)
        g = noisy_discriminator_gradients(noise, size=size)
        h_min.set_ydata(share(g["minimax"]))
        h_non.set_ydata(share(g["nonsaturating"]))
        top_text.set_text(f"spread (std): {np.std(g['minimax']):.1e}\n"
                          f"beyond ±10: {np.mean(np.abs(g['minimax']) > 10):.1%}")
        non = g["nonsaturating"]
        bottom_text.set_text(f"beyond ±10: {np.mean(np.abs(non) > 10):.1%}\n"
                             f"mean: {np.mean(non):+.3g}\n"
                             f"largest |g|: {np.max(np.abs(non)):.0f}")
        title.set_text(f"noise on D and ∇D: standard deviation {noise:.3g}, {size} samples")

    live = LiveFigure(fig, update,
                      {"log_noise": slider("log₁₀ noise", -4.0, -0.5, 0.1, log_noise, ".1f")},
                      display_now=display_now)
    live.parts = {"top_text": top_text, "bottom_text": bottom_text, "h_min": h_min,
                  "h_non": h_non}
    return live


__all__ = [
    "format_small",
    "generator_losses_figure",
    "noisy_discriminator_figure",
    "nonsaturating_terms_figure",
    "optimal_discriminator_figure",
    "vanishing_gradient_figure",
]
