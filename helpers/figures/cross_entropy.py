"""Figures for notebook 03, cross-entropy and the KL divergence.

* :func:`code_length_figure`: data from P coded with a code built for Q. Left, P and Q with the
  code length of every outcome under Q; right, one stacked bar: the entropy H(P) (the shortest
  possible average length) plus the excess KL(P‖Q) makes the cross-entropy H(P, Q), in bits.
* :func:`kl_direction_figure`: one Gaussian fitted to a two-bump mixture by minimising
  KL(P‖Q) (mode covering) and KL(Q‖P) (mode seeking), with a slider for the bumps' separation.
* :func:`worm_teeth_figure`: the observed teeth counts of 200 worms against a uniform and a
  binomial model; a slider for the binomial's θ, and KL(observed‖binomial) in bits against θ.
* :func:`binary_cross_entropy_figure`: two classes. Left, the sigmoid q(ℓ) with the
  target y; right, the binary cross-entropy as a function of the logit ℓ for the current y, with
  its slope q − y at the current ℓ.

Each builder returns the :class:`helpers.LiveFigure`; its ``parts`` attribute names the artists
that the sliders move (the tests use it). Every number comes from the tested helpers.
"""

from __future__ import annotations

import numpy as np

from ..classification import binary_cross_entropy, logistic
from ..data import WORM_MAX_TEETH, worm_teeth_distribution
from ..divergences import cross_entropy, kl_divergence
from ..information import entropy, information
from ..model_fit import FIT_GRID, binomial_kl, binomial_model, mixture_fits
from ..plotting import COLORS, OKABE_ITO
from ..widgets import LiveFigure, new_figure, slider

#: The source of :func:`code_length_figure`: probabilities 1/2, 1/4, 1/8, 1/8 (code lengths
#: 1, 2, 3, 3 bits), and the "wrong" distribution a code may be built for instead.
CODE_P = np.array([0.5, 0.25, 0.125, 0.125])
CODE_R = CODE_P[::-1].copy()
CODE_LETTERS = ("A", "B", "C", "D")

#: The colour of the reverse-KL fit (the forward fit uses the model colour Q).
REVERSE_COLOR = OKABE_ITO["reddish_purple"]
#: The uniform model of the worm figure.
UNIFORM_COLOR = OKABE_ITO["bluish_green"]

#: KL curves above this many bits are cut at the top of the worm figure's right panel.
WORM_KL_TOP = 3.0


def code_distribution(alpha: float) -> np.ndarray:
    """The code's distribution ``Q = (1 - alpha) P + alpha R`` of :func:`code_length_figure`.

    >>> code_distribution(0.0).tolist(), code_distribution(1.0).tolist()
    ([0.5, 0.25, 0.125, 0.125], [0.125, 0.125, 0.25, 0.5])
    """
    alpha = float(alpha)
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must lie in [0, 1], got {alpha!r}")
    return (1.0 - alpha) * CODE_P + alpha * CODE_R


def code_length_figure(alpha: float = 0.25, *, display_now: bool = True) -> LiveFigure:
    """Cross-entropy = entropy + KL, as a stacked bar that moves with the code's distribution Q.

    The slider ``alpha`` moves Q from P itself (``alpha = 0``) to the reversed distribution R
    (``alpha = 1``): :func:`code_distribution`. Every number is in bits.
    """
    fig, (ax_dist, ax_bar) = new_figure(
        "ce-code-length", 1, 2, figsize=(11.0, 5.6), width_ratios=[1.35, 0.65]
    )
    outcomes = np.arange(CODE_P.size)
    width = 0.38
    ax_dist.bar(
        outcomes - width / 2, CODE_P, width, color=COLORS["p"], edgecolor="black",
        linewidth=0.8, label="P (the data)",
    )
    q_bars = ax_dist.bar(
        outcomes + width / 2, np.zeros_like(CODE_P), width, color=COLORS["q"], edgecolor="black",
        linewidth=0.8, label="Q (the code is built for Q)",
    )
    q_labels = [
        ax_dist.text(
            i + width / 2, 0.0, "", ha="center", va="bottom", fontsize=13, linespacing=1.1
        )
        for i in outcomes
    ]
    ax_dist.set_xticks(outcomes, CODE_LETTERS)
    ax_dist.set_xlabel("outcome (above Q's bar: its code length −log₂ q)")
    ax_dist.set_ylabel("probability")
    ax_dist.set_ylim(0, 0.78)
    ax_dist.legend(loc="upper right", frameon=False).set_zorder(0.8)

    h_bits = entropy(CODE_P, base=2)
    ax_bar.bar([0], [h_bits], 0.6, color=COLORS["p"], edgecolor="black", linewidth=0.8)
    (kl_bar,) = ax_bar.bar(
        [0], [0.0], 0.6, bottom=h_bits, color=COLORS["kl"], edgecolor="black", linewidth=0.8,
        hatch="//",
    )
    ax_bar.text(
        0.36, h_bits / 2, f"H(P)\n= {h_bits:.3f}\nbits", ha="left", va="center", fontsize=13,
        zorder=0.8,
    )
    kl_text = ax_bar.text(0.36, h_bits, "", ha="left", va="center", fontsize=13)
    total = ax_bar.text(
        0.5, 0.98, "", transform=ax_bar.transAxes, ha="center", va="top", fontsize=15
    )
    ax_bar.set_xlim(-0.5, 1.3)
    ax_bar.set_ylim(0, 3.2)
    ax_bar.set_xticks([0], ["H(P, Q)"])
    ax_bar.set_ylabel("average code length (bits per symbol)")

    def update(alpha: float) -> None:
        q = code_distribution(alpha)
        lengths = information(q, base=2)
        for rect, label, prob, bits in zip(q_bars, q_labels, q, lengths, strict=True):
            rect.set_height(prob)
            label.set_y(prob + 0.01)
            label.set_text(f"{bits:.2f}\nbits")
        kl = kl_divergence(CODE_P, q, base=2)
        ce = cross_entropy(CODE_P, q, base=2)
        kl_bar.set_height(kl)
        kl_text.set_y(h_bits + max(kl, 0.25) / 2 + 0.1)
        kl_text.set_text(f"+ KL(P‖Q)\n= {kl:.3f} bits")
        total.set_text(f"H(P, Q) = {ce:.3f} bits")

    live = LiveFigure(
        fig,
        update,
        {"alpha": slider("α (Q moves from P to R)", 0.0, 1.0, 0.05, alpha)},
        display_now=display_now,
    )
    live.parts = {
        "q_bars": q_bars,
        "q_labels": q_labels,
        "kl_bar": kl_bar,
        "kl_text": kl_text,
        "total": total,
    }
    return live


def kl_direction_figure(
    separation: float = 7.0, *, display_now: bool = True, hidden: bool = True
) -> LiveFigure:
    """One Gaussian fitted to two bumps, in both KL directions, with a slider for the separation.

    P is :func:`helpers.model_fit.two_bump_mixture` (unit bumps at ±d/2); the fits come from
    :func:`helpers.model_fit.mixture_fits` (numerical, on the grid, cached per slider step): the
    global minimiser of each direction, and (dotted) the reverse-KL fit that a start at the
    centre finds, a local minimum that stays centred for every d.
    With ``hidden=True`` the fitted curves and their readout stay hidden until the slider moves
    or "Show the answer" is pressed (the notebook asks for a prediction first). The legend names
    each line by the KL it minimises only, not "mode covering" or "mode seeking": that would
    answer the prediction before the reveal.
    """
    x = FIT_GRID
    h = float(x[1] - x[0])
    fig, ax = new_figure("ce-kl-direction", figsize=(11.0, 5.8))
    zeros = np.zeros_like(x)
    p_fill = ax.fill_between(x, zeros, zeros, color=COLORS["p"], alpha=0.35, lw=0)
    (p_line,) = ax.plot(x, zeros, color=COLORS["p"], lw=2.5, label="P: two bumps (the data)")
    (forward_line,) = ax.plot(
        x, zeros, color=COLORS["q"], lw=3.2, label="Q minimising KL(P‖Q)"
    )
    (reverse_line,) = ax.plot(
        x, zeros, color=REVERSE_COLOR, lw=3.2, ls="--",
        label="Q minimising KL(Q‖P)",
    )
    (centred_line,) = ax.plot(
        x, zeros, color=REVERSE_COLOR, lw=2.6, ls=":",
        label="Q: local min of KL(Q‖P), started at the centre",
    )
    readout = ax.text(
        0.01, 0.74, "", transform=ax.transAxes, ha="left", va="top", fontsize=14,
        linespacing=1.5, family="monospace",
    )
    title = ax.set_title("")
    ax.set_xlim(-9, 9)
    ax.set_ylim(0, 0.62)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend(loc="upper left", frameon=False, fontsize=13).set_zorder(0.8)

    def update(separation: float) -> None:
        fits = mixture_fits(round(float(separation), 6))
        density = fits["p"] / h
        p_line.set_ydata(density)
        p_fill.set_data(x, np.zeros_like(x), density)
        lines = []
        for name, line, kl_name in (
            ("forward", forward_line, "KL(P‖Q)"),
            ("reverse", reverse_line, "KL(Q‖P)"),
            ("centred", centred_line, "KL(Q‖P)"),
        ):
            mean, sd, kl = fits[name]
            q = np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
            line.set_ydata(q)
            shown = round(mean, 2) + 0.0  # never "-0.00"
            lines.append(f"min {kl_name} = {kl:.3f} nats at μ = {shown:+.2f}, s = {sd:.2f}")
        lines[-1] = "local " + lines[-1]  # the fit started at the centre
        readout.set_text("\n".join(lines))
        title.set_text(f"bumps N(±{separation / 2:.2f}, 1), separation d = {separation:.2f}")

    live = LiveFigure(
        fig,
        update,
        {"separation": slider("separation d of the bumps", 0.0, 8.0, 0.25, separation)},
        hidden=[forward_line, reverse_line, centred_line, readout] if hidden else (),
        display_now=display_now,
    )
    live.parts = {
        "p_line": p_line,
        "p_fill": p_fill,
        "forward": forward_line,
        "reverse": reverse_line,
        "centred": centred_line,
        "readout": readout,
        "title": title,
        "x": x,
    }
    return live


def worm_teeth_figure(theta: float = 0.3, *, display_now: bool = True) -> LiveFigure:
    """Observed teeth counts against a uniform and a binomial model, KL in bits.

    Left: the observed distribution of :data:`helpers.data.WORM_TEETH_COUNTS`, the uniform
    model (1/11 each) and the binomial model Bin(10, θ). Right: KL(observed‖Bin(10, θ)) in bits
    against θ (:func:`helpers.model_fit.binomial_kl`), the current θ marked, and the uniform
    model's KL as a horizontal line.
    """
    observed = worm_teeth_distribution()
    teeth = np.arange(WORM_MAX_TEETH + 1)
    uniform = np.full(teeth.size, 1.0 / teeth.size)
    kl_uniform = kl_divergence(observed, uniform, base=2)
    thetas = np.linspace(0.0, 1.0, 501)[1:-1]

    fig, (ax_bar, ax_kl) = new_figure(
        "ce-worm-teeth", 1, 2, figsize=(11.0, 5.6), width_ratios=[1.25, 0.95]
    )
    width = 0.28
    ax_bar.bar(
        teeth - width, observed, width, color=COLORS["p"], edgecolor="black", linewidth=0.6,
        label="observed (200 worms)",
    )
    ax_bar.bar(
        teeth, uniform, width, color=UNIFORM_COLOR, edgecolor="black", linewidth=0.6,
        label="uniform model",
    )
    binomial_bars = ax_bar.bar(
        teeth + width, np.zeros_like(uniform), width, color=COLORS["q"], edgecolor="black",
        linewidth=0.6, label="binomial model Bin(10, θ)",
    )
    ax_bar.set_xticks(teeth)
    ax_bar.set_xlabel("number of teeth")
    ax_bar.set_ylabel("probability")
    ax_bar.set_ylim(0, 0.45)
    ax_bar.legend(loc="upper left", frameon=False).set_zorder(0.8)

    curve = np.minimum(binomial_kl(observed, thetas, base=2), WORM_KL_TOP + 1.0)
    ax_kl.plot(thetas, curve, color=COLORS["q"], label="KL(observed‖Bin(10, θ))")
    ax_kl.axhline(kl_uniform, color=UNIFORM_COLOR, ls="--", lw=2.5, label="KL(observed‖uniform)")
    uniform_text = ax_kl.text(
        0.98, kl_uniform + 0.05, f"uniform: {kl_uniform:.3f} bits", ha="right", va="bottom",
        fontsize=13, color="black", zorder=0.8,
    )
    (marker,) = ax_kl.plot(
        [0.5], [0.0], "o", ms=13, color=COLORS["q"], mec="black", mew=1.5, clip_on=False,
        zorder=4,
    )
    readout = ax_kl.set_title("", fontsize=14)
    theta_title = ax_bar.set_title("", fontsize=15)
    ax_kl.set_xlim(0, 1)
    ax_kl.set_ylim(0, WORM_KL_TOP)
    ax_kl.set_xlabel("θ of the binomial model")
    ax_kl.set_ylabel("KL (bits per worm)")
    ax_kl.legend(
        loc="lower center", bbox_to_anchor=(0.5, 0.15), frameon=False, fontsize=12
    ).set_zorder(0.8)

    def update(theta: float) -> None:
        model = binomial_model(theta, WORM_MAX_TEETH)
        for rect, prob in zip(binomial_bars, model, strict=True):
            rect.set_height(prob)
        kl = binomial_kl(observed, theta, base=2)
        marker.set_data([theta], [min(kl, WORM_KL_TOP)])
        readout.set_text(f"KL(observed‖binomial) = {kl:.3f} bits")
        theta_title.set_text(f"binomial model with θ = {theta:.3f}")

    live = LiveFigure(
        fig,
        update,
        {"theta": slider("θ of the binomial", 0.05, 0.95, 0.005, theta, fmt=".3f")},
        display_now=display_now,
    )
    live.parts = {
        "binomial_bars": binomial_bars,
        "marker": marker,
        "readout": readout,
        "theta_title": theta_title,
        "uniform_text": uniform_text,
        "kl_uniform": kl_uniform,
    }
    return live


def binary_cross_entropy_figure(logit: float = -2.0, y: float = 1.0, *,
                                display_now: bool = True) -> LiveFigure:
    """Two classes: q = sigmoid(ℓ), and the binary cross-entropy L(ℓ, y) with its slope q − y.

    Sliders: the logit ℓ (−6 to 6) and the target y (0 to 1). Left: the sigmoid curve, the
    point (ℓ, q) and the target y as a dashed line. Right: L(ℓ', y) for every ℓ' at the current
    y, the point at ℓ and a short tangent of slope q − y; for 0 < y < 1 the minimum, at
    ℓ = log(y / (1 − y)) where q = y, is marked. Losses in nats.
    """
    ells = np.linspace(-6.0, 6.0, 481)
    fig, (ax_q, ax_l) = new_figure("ce-binary", 1, 2, figsize=(11.5, 5.4))
    ax_q.plot(ells, logistic(ells), color=COLORS["q"], lw=3, label="q = sigmoid(ℓ)")
    (target_line,) = ax_q.plot([-6, 6], [0, 0], color=COLORS["p"], lw=2.2, ls="--",
                               label="target y")
    (q_marker,) = ax_q.plot([0], [0], "o", ms=13, color=COLORS["q"], mec="black", zorder=4)
    ax_q.set_xlim(-6, 6)
    ax_q.set_ylim(-0.03, 1.03)
    ax_q.set_xlabel("logit ℓ")
    ax_q.set_ylabel("probability of the positive class")
    ax_q.legend(loc="upper left", frameon=False).set_zorder(0.8)

    (loss_curve,) = ax_l.plot(ells, np.zeros_like(ells), color=COLORS["kl"], lw=3,
                              label="L(ℓ, y), nats")
    (tangent,) = ax_l.plot([], [], color="black", lw=2.2, ls=":", label="slope q − y")
    (l_marker,) = ax_l.plot([0], [0], "o", ms=13, color=COLORS["kl"], mec="black", zorder=4)
    (best,) = ax_l.plot([], [], "*", ms=18, color=OKABE_ITO["yellow"], mec="black", zorder=5,
                        ls="none", label="minimum: q = y")
    ax_l.set_xlim(-6, 6)
    ax_l.set_ylim(0, 6.2)
    ax_l.set_xlabel("logit ℓ")
    ax_l.set_ylabel("binary cross-entropy (nats)")
    ax_l.legend(loc="upper center", frameon=False).set_zorder(0.8)
    readout = fig.suptitle("", fontsize=15, linespacing=1.4)

    def update(logit: float, y: float) -> None:
        q = logistic(logit)
        target_line.set_ydata([y, y])
        q_marker.set_data([logit], [q])
        curve = binary_cross_entropy(ells, np.full_like(ells, y))
        loss_curve.set_ydata(curve)
        loss = binary_cross_entropy(logit, y)
        slope = q - y
        l_marker.set_data([logit], [loss])
        half = 1.2
        tangent.set_data([logit - half, logit + half],
                         [loss - half * slope, loss + half * slope])
        if 0.0 < y < 1.0:
            ell_best = float(np.log(y / (1.0 - y)))
            lowest = binary_cross_entropy(ell_best, y)
            best.set_data([ell_best], [lowest])
            where = (f"smallest at ℓ = log(y/(1 − y)) = {ell_best:+.3f}, where q = y: "
                     f"L = H_b(y) = {lowest:.3f} nats")
        else:
            best.set_data([], [])
            where = "no minimum: the loss keeps falling as ℓ → " + ("+∞" if y == 1 else "−∞")
        readout.set_text(
            f"ℓ = {logit:+.2f}:  q = sigmoid(ℓ) = {q:.3f};   target y = {y:.2f}:  "
            f"L = {loss:.3f} nats,  slope q − y = {slope:+.3f}\n{where}"
        )

    live = LiveFigure(
        fig,
        update,
        {
            "logit": slider("logit ℓ", -6.0, 6.0, 0.1, logit),
            "y": slider("target y", 0.0, 1.0, 0.05, y),
        },
        display_now=display_now,
    )
    live.parts = {"target": target_line, "q_marker": q_marker, "loss_curve": loss_curve,
                  "tangent": tangent, "l_marker": l_marker, "best": best, "readout": readout,
                  "ells": ells}
    return live


__all__ = [
    "CODE_P",
    "CODE_R",
    "binary_cross_entropy_figure",
    "code_distribution",
    "code_length_figure",
    "kl_direction_figure",
    "worm_teeth_figure",
]
