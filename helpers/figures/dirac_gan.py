"""Figure for notebook 08: the Dirac-GAN (Mescheder, Geiger & Nowozin 2018) in the (θ, ψ) plane.

* :func:`dirac_gan_figure` — three games from the same start: WGAN with clipping and WGAN-GP
  circle the equilibrium (0, 0) for ever, the non-saturating GAN with an R1 penalty spirals
  into it. Left: the runs in the plane of the generator's position θ and the discriminator's
  slope ψ; right: θ against the step. Sliders: the step shown, the learning rate, the R1
  weight γ (γ = 0 is the plain non-saturating GAN).

The builder returns a :class:`helpers.LiveFigure`; ``live.parts`` names the artists the tests
read. Every number drawn comes from :mod:`helpers.dirac_gan`.
"""

from __future__ import annotations

import numpy as np

from ..dirac_gan import distance_to_equilibrium, train_dirac_gan
from ..plotting import OKABE_ITO
from ..widgets import LiveFigure, new_figure, slider

#: Colour, line style and label of each game.
DIRAC_STYLE = {
    "wgan-clip": {"color": OKABE_ITO["sky_blue"], "ls": "-.", "label": "WGAN, clipping (|ψ| ≤ 1)"},
    "wgan-gp": {"color": OKABE_ITO["black"], "ls": "-", "label": "WGAN-GP (one-sided, λ = 1)"},
    "non-saturating": {"color": OKABE_ITO["orange"], "ls": "--",
                       "label": "non-saturating GAN + R1 penalty"},
}

#: The legend stays the same at every γ (a legend drawn again would move the whole figure); the
#: readout names the game at the current γ (:func:`game_label`).
LEGEND_LABEL = {
    "wgan-clip": DIRAC_STYLE["wgan-clip"]["label"],
    "wgan-gp": DIRAC_STYLE["wgan-gp"]["label"],
    "non-saturating": "non-saturating GAN, R1 weight γ (slider)",
}


def game_label(loss: str, r1_weight: float) -> str:
    """The readout's name of a game; the non-saturating GAN says whether it has
    its R1 penalty (γ = 0 is the plain game).

    >>> game_label("non-saturating", 0.0)
    'non-saturating GAN, no penalty (γ = 0)'
    """
    if loss == "non-saturating" and r1_weight == 0:
        return "non-saturating GAN, no penalty (γ = 0)"
    return DIRAC_STYLE[loss]["label"]


def dirac_runs(lr: float = 0.1, r1_weight: float = 1.0, *, theta0: float = 1.5,
               steps: int = 400) -> dict:
    """The three runs of the figure, ``{loss: train_dirac_gan record}``."""
    return {loss: train_dirac_gan(loss, theta0, 0.0, steps, lr=lr,
                                  r1_weight=r1_weight if loss == "non-saturating" else 0.0)
            for loss in DIRAC_STYLE}


def dirac_gan_figure(*, theta0: float = 1.5, steps: int = 400,
                     display_now: bool = True) -> LiveFigure:
    """The Dirac-GAN, three games from (θ, ψ) = (θ0, 0); see the module docstring."""
    fig, (ax, ax_t) = new_figure("dirac-gan", 1, 2, figsize=(12, 6.4), layout="constrained",
                                 width_ratios=[1.0, 1.25])
    lines, heads, traces = {}, {}, {}
    for loss, style in DIRAC_STYLE.items():
        wide = loss == "wgan-clip"  # under the WGAN-GP's circle where the two coincide
        (lines[loss],) = ax.plot([], [], color=style["color"], ls=style["ls"],
                                 lw=5 if wide else 2.2, label=LEGEND_LABEL[loss])
        (heads[loss],) = ax.plot([], [], "o", color=style["color"], ms=9, mec="white")
        (traces[loss],) = ax_t.plot([], [], color=style["color"], ls=style["ls"],
                                    lw=5 if wide else 2.2)
    ax.plot([0], [0], "*", color=OKABE_ITO["vermillion"], ms=16, mec="black", zorder=5,
            label="equilibrium (0, 0)")
    ax.plot([theta0], [0], "s", color="grey", ms=8, zorder=5, label=f"start ({theta0:g}, 0)")
    span = 1.35 * theta0
    ax.set_xlim(-span, span)
    ax.set_ylim(-span, span)
    ax.set_aspect("equal")
    ax.axhline(0, color="grey", lw=0.8, zorder=0)
    ax.axvline(0, color="grey", lw=0.8, zorder=0)
    ax.set_xlabel("generator θ (the data sit at 0)")
    ax.set_ylabel("discriminator slope ψ")
    handles, labels = ax.get_legend_handles_labels()
    legend = fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False,
                        fontsize=12)
    ax_t.axhline(0, color=OKABE_ITO["blue"], lw=2, ls=":", zorder=0.5)
    ax_t.set_xlim(0, steps)
    ax_t.set_ylim(-1.2 * theta0, 1.2 * theta0)
    ax_t.set_xlabel("step")
    ax_t.set_ylabel("generator θ")
    readout = ax_t.set_title("", fontsize=12.5, loc="left")
    title = fig.suptitle("", fontsize=14)
    state: dict = {"key": None, "runs": None}

    def update(step: float, lr: float, r1_weight: float) -> None:
        key = (round(lr, 6), round(r1_weight, 6))
        if state["key"] != key:
            state["runs"] = dirac_runs(lr, r1_weight, theta0=theta0, steps=steps)
            state["key"] = key
        k = int(round(step))
        rows = []
        for loss, run in state["runs"].items():
            theta, psi = run["theta"][: k + 1], run["psi"][: k + 1]
            lines[loss].set_data(theta, psi)
            heads[loss].set_data([theta[-1]], [psi[-1]])
            traces[loss].set_data(np.arange(k + 1), theta)
            radius = float(np.hypot(theta[-1], psi[-1]))
            rows.append(f"{game_label(loss, r1_weight).split(' (')[0]} {radius:.3f}")
        state["last_radius"] = {loss: distance_to_equilibrium(run, 100)
                                for loss, run in state["runs"].items()}
        readout.set_text(f"distance from (0, 0) at step {k}:\n" + "\n".join(rows))
        title.set_text(f"Dirac-GAN: data at 0, generator at θ, discriminator ℓ(x) = ψx;  "
                       f"learning rate {lr:.2f}, R1 weight γ = {r1_weight:.1f}")

    controls = {
        "step": slider("step shown", 0, steps, 10, steps, ".0f"),
        "lr": slider("learning rate", 0.02, 0.2, 0.02, 0.1, ".2f"),
        "r1_weight": slider("R1 weight γ", 0.0, 2.0, 0.1, 1.0, ".1f"),
    }
    live = LiveFigure(fig, update, controls, display_now=display_now)
    live.parts = {"lines": lines, "heads": heads, "traces": traces, "readout": readout,
                  "title": title, "state": state, "legend": legend}
    return live
