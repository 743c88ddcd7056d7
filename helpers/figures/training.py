"""Figures for notebook 08, GANs and WGANs trained live.

* :func:`saturation_figure` — picture 1 (the picture of the WGAN paper's Figure 2, with a
  gradient-penalised critic where the paper's is clipped): real samples N(0, 1) and
  generated samples far away; a discriminator trained to near-optimality is flat (saturated) at
  the generated samples, a critic trained on the same samples is nearly linear with a slope
  away from 0. The slider moves the generated samples (both networks were trained beforehand
  for each position).
* :func:`trajectory_figure` — picture 2: the generator's shift θ over training for the four
  losses, and the WGAN critics' estimates of W1 against the exact W1 = |θ|. A Train toggle
  reruns the training with the slider settings; a progress bar and the curves advance while
  it runs.
* :func:`ring_figure` — samples of a non-saturating GAN and a WGAN-GP on the ring of 8
  Gaussians at the kept training steps and for each seed, with the modes they cover;
  :func:`ring_table` — the same runs seed by seed, and what holds in every seed.

Each builder returns a :class:`helpers.LiveFigure`; ``live.parts`` names the artists the
tests read. Every number drawn comes from :mod:`helpers.training`.
"""

from __future__ import annotations

import inspect
import time

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MultipleLocator

from ..plotting import COLORS, OKABE_ITO, TEXT_COLORS
from ..training import (
    LOSSES,
    count_modes,
    fit_critic_1d,
    input_gradient,
    mlp_forward,
    ring_centres,
    ring_over_seeds,
    train_1d_gan,
    train_ring_gans,
)
from ..widgets import LiveFigure, new_figure, slider

#: Colour and line style of each loss in picture 2.
LOSS_STYLE = {
    "minimax": {"color": OKABE_ITO["reddish_purple"], "ls": "-", "label": "(a) minimax GAN"},
    "non-saturating": {"color": OKABE_ITO["orange"], "ls": "--", "label": "(b) non-saturating"},
    "wgan-clip": {"color": OKABE_ITO["sky_blue"], "ls": "-.", "label": "(c) WGAN, clipping"},
    "wgan-gp": {"color": OKABE_ITO["black"], "ls": "-", "label": "(d) WGAN-GP"},
}

#: train_1d_gan's default number of generator steps.
DEFAULT_STEPS = inspect.signature(train_1d_gan).parameters["steps"].default

#: The critic-budget slider's stops: critic updates before the first generator step.
FIRST_CRITIC_BUDGETS = (5, 10, 20, 50, 100)

#: Where picture 1's generated samples can sit (the slider's stops).
FAKE_SHIFTS = (3.0, 5.0, 7.0)


def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def picture1_fits(shifts=FAKE_SHIFTS, *, n: int = 64, steps: int = 600, seed: int = 0) -> dict:
    """Train the discriminator and the WGAN-GP critic of picture 1 for each shift.

    Returns ``{shift: {"real", "fake", "grid", "d", "critic", "d_slope", "critic_slope"}}``:
    the samples, the x grid, D(x) and the critic f(x) on it, and the mean absolute slopes
    ``|dD/dx|`` and ``|df/dx|`` at the generated samples.
    """
    rng = np.random.default_rng(seed)
    real, noise = rng.standard_normal(n), rng.standard_normal(n)
    grid = np.linspace(-4.0, 11.0, 301)
    out = {}
    for shift in shifts:
        fake = noise + shift
        d_params = fit_critic_1d("discriminator", real, fake, steps, seed=seed)
        c_params = fit_critic_1d("wgan-gp", real, fake, steps, seed=seed)
        d = _sigmoid(mlp_forward(d_params, grid)[0].ravel())
        critic = mlp_forward(c_params, grid)[0].ravel()
        critic = critic - np.mean(mlp_forward(c_params, real)[0])  # f(real) = 0 on average
        d_fake = _sigmoid(mlp_forward(d_params, fake)[0].ravel())
        d_slope = np.abs(d_fake * (1 - d_fake) * input_gradient(d_params, fake).ravel())
        c_slope = np.abs(input_gradient(c_params, fake).ravel())
        out[float(shift)] = {
            "real": real, "fake": fake, "grid": grid, "d": d, "critic": critic,
            "d_slope": float(d_slope.mean()), "critic_slope": float(c_slope.mean()),
        }
    return out


def saturation_figure(shift: float = 7.0, *, fits: dict | None = None, hidden: bool = True,
                      display_now: bool = True) -> LiveFigure:
    """Picture 1: the saturated discriminator and the linear critic on the same axes.

    ``fits`` (from :func:`picture1_fits`) is computed when not given. With ``hidden`` the
    critic's curve and the slope readout stay hidden until a control moves or "Show" is pressed.
    """
    fits = picture1_fits() if fits is None else fits
    shifts = sorted(fits)
    first = fits[shifts[0]]
    fig, ax = new_figure("wgan-picture-1", figsize=(11, 6))
    ax_c = ax.twinx()
    ax_c.grid(False)
    # twinx hides the twin's x axis, and a hidden axis is never drawn, so it stays "changed"
    # for ever and every frame would be a full draw: show it, with nothing on it
    ax_c.xaxis.set_visible(True)
    ax_c.tick_params(axis="x", which="both", bottom=False, top=False, labelbottom=False,
                     labeltop=False)
    real_dots = ax.plot(first["real"], np.full(len(first["real"]), 0.02), "|", ms=22, mew=2,
                        color=COLORS["p"], label="real samples, N(0, 1)")[0]
    fake_dots = ax.plot(first["fake"], np.full(len(first["fake"]), 0.02), "|", ms=22, mew=2,
                        color=COLORS["q"], label="generated samples")[0]
    (d_line,) = ax.plot(first["grid"], first["d"], color=COLORS["m"], lw=3,
                        label="discriminator D(x) (left axis)")
    (c_line,) = ax_c.plot(first["grid"], first["critic"], color=COLORS["w1"], lw=3, ls="--",
                          label="WGAN-GP critic f(x) (right axis)")
    ax.set_xlim(first["grid"][0], first["grid"][-1])
    ax.set_ylim(-0.05, 1.25)
    ax.set_yticks([0, 0.5, 1])
    ax.set_xlabel("x")
    ax.set_ylabel("D(x) = P(real | x)")
    ax_c.set_ylabel("critic f(x) (units of x)")
    low = min(float(f["critic"].min()) for f in fits.values())
    high = max(float(f["critic"].max()) for f in fits.values())
    span = high - low
    ax_c.set_ylim(low - 0.05 * span, high + 0.45 * span)  # the readouts sit above the line
    ax_c.spines["right"].set_visible(True)
    handles = [real_dots, fake_dots, d_line, c_line]
    ax.legend(handles=handles, loc="center right", bbox_to_anchor=(1.0, 0.6), frameon=False,
              fontsize=12).set_zorder(0.8)
    d_text = ax.text(0.01, 0.97, "", transform=ax.transAxes, ha="left", va="top", fontsize=14,
                     color=TEXT_COLORS["m"])
    c_text = ax.text(0.01, 0.88, "", transform=ax.transAxes, ha="left", va="top", fontsize=14,
                     color=COLORS["w1"])

    def update(shift: float) -> None:
        key = min(shifts, key=lambda s: abs(s - shift))
        fit = fits[key]
        fake_dots.set_xdata(fit["fake"])
        d_line.set_ydata(fit["d"])
        c_line.set_ydata(fit["critic"])
        d_text.set_text(f"mean |dD/dx| at the generated samples: {fit['d_slope']:.1e}")
        c_text.set_text(f"mean |df/dx| at the generated samples: {fit['critic_slope']:.2f}")

    step = shifts[1] - shifts[0] if len(shifts) > 1 else 1.0
    live = LiveFigure(
        fig, update,
        {"shift": slider("generated samples at θ", shifts[0], shifts[-1], step, shift, ".0f")},
        hidden=[c_line, c_text] if hidden else (), display_now=display_now,
    )
    live.parts = {"d": d_line, "critic": c_line, "fake": fake_dots, "d_text": d_text,
                  "critic_text": c_text, "fits": fits}
    return live


def trajectory_figure(theta0: float = 8.0, lr: float = 0.05, critic_steps: int = 5, *,
                      generator_optimizer: str = "plain", first_critic_steps: int = 5,
                      steps: int | None = None, every: int = 50, hidden: bool = True,
                      train_now: bool = True, display_now: bool = True) -> LiveFigure:
    """Picture 2: θ over training for the four losses, and the critics' estimates of W1.

    Controls: the starting shift θ0, the generator's learning rate, the critic steps per
    generator step, how θ moves (plain gradient steps or Adam), the critic's budget before the
    first generator step (the first step's gradient of each loss is written on the figure),
    and a **Train** toggle: pressing it reruns the four trainings with these
    settings, the progress bar and the curves advancing as it goes (the figure is redrawn
    every ``every`` generator steps); it springs back when done. Moving a slider alone only
    says that the curves belong to other settings. ``train_now`` trains once while building
    (with ``hidden`` the trajectories stay hidden until Train or "Show" is pressed).

    ``live.parts["runs"]`` holds the latest run of each loss (:func:`train_1d_gan` records).
    """
    kwargs = {} if steps is None else {"steps": steps}
    n_steps = steps if steps is not None else DEFAULT_STEPS
    fig, (ax, ax_w) = new_figure("wgan-picture-2", 2, 1, figsize=(11, 8.6), sharex=True,
                                 height_ratios=[1.25, 1.0])
    lines = {}
    for loss in LOSSES:
        style = LOSS_STYLE[loss]
        (lines[loss],) = ax.plot([], [], color=style["color"], ls=style["ls"],
                                 label=style["label"], lw=3)
    ax.axhline(0.0, color=COLORS["p"], lw=2, ls=":", zorder=0.5)
    ax.text(n_steps, 0.15, "data at θ = 0 ", ha="right", va="bottom", color=TEXT_COLORS["p"],
            fontsize=13, zorder=0.8)
    ax.set_xlim(0, n_steps)
    ax.set_ylim(*_theta_limits(theta0))
    ax.yaxis.set_major_locator(MultipleLocator(2))  # labels as narrow for any θ0: the layout is
    ax_w.yaxis.set_major_locator(MultipleLocator(4))  # frozen, a wider label would be clipped
    ax.set_ylabel("generator shift θ")
    ax.legend(loc="upper right", ncol=2, frameon=False, fontsize=12).set_zorder(0.8)
    status = ax.set_title("", fontsize=14)
    (w1_exact,) = ax_w.plot([], [], color=COLORS["w1"], lw=5, alpha=0.3,
                            label="exact W1 = |θ| (WGAN-GP run)")
    (w1_gp,) = ax_w.plot([], [], color=LOSS_STYLE["wgan-gp"]["color"], lw=2.2,
                         label="WGAN-GP critic's estimate")
    (w1_clip,) = ax_w.plot([], [], color=LOSS_STYLE["wgan-clip"]["color"], lw=2.2, ls="-.",
                           label="clipped critic's estimate")
    ax_w.set_ylim(*_w1_limits(theta0))
    ax_w.set_xlabel("generator step")
    ax_w.set_ylabel("W1 (units of x)")
    ax_w.legend(loc="upper right", frameon=False, fontsize=12).set_zorder(0.8)
    w_text = ax_w.text(0.98, 0.62, "", transform=ax_w.transAxes, fontsize=13, ha="right",
                       va="top", bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})
    grads = ax.text(0.98, 0.5, "", transform=ax.transAxes, fontsize=12.5, ha="right",
                    va="top", bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})

    progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description="Training",
                                     bar_style="info",
                                     layout=widgets.Layout(width="min(720px, 95%)"))
    train = widgets.ToggleButton(value=False, description="Train", icon="play",
                                 tooltip="rerun the four trainings with these settings",
                                 layout=widgets.Layout(width="auto"))
    state = {"runs": {}, "settings": None, "busy": False, "count": 0, "seconds": 0.0,
             "frames": 0}
    holder: dict = {}

    def draw_runs() -> None:
        for loss in LOSSES:
            run = state["runs"].get(loss)
            if run is None:
                lines[loss].set_data([], [])
                continue
            done = run["done"]
            lines[loss].set_data(np.arange(done + 1), run["theta"][: done + 1])
        gp, clip = state["runs"].get("wgan-gp"), state["runs"].get("wgan-clip")
        if gp is not None:
            k = gp["done"]
            w1_exact.set_data(np.arange(k + 1), gp["w1_exact"][: k + 1])
            w1_gp.set_data(np.arange(1, k + 1), gp["w1_estimate"][:k])
        if clip is not None:
            k = clip["done"]
            w1_clip.set_data(np.arange(1, k + 1), clip["w1_estimate"][:k])
        finished = [(name, run) for name, run in (("WGAN-GP", gp), ("clipping", clip))
                    if run is not None and run["done"] == n_steps]
        if finished:  # each estimate against its own run's exact W1
            w_text.set_text("estimate / exact W1 while θ > 2, on average:\n" + ",  ".join(
                f"{name} {_far_ratio(run):.2f}" for name, run in finished))
        else:
            w_text.set_text("")

    def first_grads() -> str:
        runs = state["runs"]
        if not all(loss in runs and runs[loss]["done"] > 0 for loss in LOSSES):
            return ""
        return "first step's gradient: " + ",  ".join(
            f"{LOSS_STYLE[loss]['label'][:3]} {abs(runs[loss]['grad'][0]):.2f}" for loss in LOSSES)

    def describe(settings) -> str:
        theta0, lr, critic_steps, optimizer, first = settings
        optimizer = {"plain": "plain", "adam": "Adam"}[optimizer]
        return (f"θ0 = {theta0:.1f}, {optimizer} steps of {lr:.3f}, {critic_steps} critic steps "
                f"({first} before step 1)")

    def run_all(theta0, lr, critic_steps, generator_optimizer, first_critic_steps) -> None:
        state["busy"] = True
        start = time.perf_counter()
        progress.bar_style = "info"
        ax.set_ylim(*_theta_limits(theta0))  # a far start needs room under the legend,
        ax_w.set_ylim(*_w1_limits(theta0))  # and for the critics' overestimates
        try:
            state["runs"] = {}
            for index, loss in enumerate(LOSSES):
                def callback(step, record, index=index, loss=loss):
                    state["runs"][loss] = record
                    progress.value = (index + step / n_steps) / len(LOSSES)
                    state["frames"] += 1
                    holder["live"].refresh()  # update() sees busy: it only draws

                state["runs"][loss] = train_1d_gan(
                    loss, theta0, lr=lr, critic_steps=int(critic_steps), callback=callback,
                    every=every, generator_optimizer=generator_optimizer,
                    first_critic_steps=int(first_critic_steps), **kwargs)
        finally:
            state["busy"] = False
        state["seconds"] = time.perf_counter() - start
        state["settings"] = (theta0, lr, int(critic_steps), generator_optimizer,
                             int(first_critic_steps))
        state["count"] += 1
        progress.value = 1.0
        progress.bar_style = "success"

    def update(theta0: float, lr: float, critic_steps: int, generator_optimizer: str,
               first_critic_steps: int, train: bool) -> None:
        now = (theta0, lr, int(critic_steps), generator_optimizer, int(first_critic_steps))
        if state["busy"]:
            status.set_text(f"training: {describe(now)} ...\nthe curves grow while it runs")
            draw_runs()
            return
        if train:
            run_all(*now)
            draw_runs()
            holder["train"].value = False  # spring back (this redraws once more)
            return
        draw_runs()
        grads.set_text(first_grads())
        if state["settings"] is None:
            status.set_text("no run yet\npress Train to run the four trainings")
        elif now == state["settings"]:
            status.set_text(f"run {state['count']}: {describe(now)}\n"
                            f"four trainings in {state['seconds']:.1f} s")
        else:
            status.set_text(f"curves: {describe(state['settings'])}\n"
                            f"press Train to run {describe(now)}")

    controls = {
        "theta0": slider("start θ0", 2.0, 12.0, 1.0, theta0, ".0f"),
        "lr": slider("generator learning rate", 0.01, 0.2, 0.01, lr, ".2f"),
        "critic_steps": widgets.IntSlider(
            value=critic_steps, min=1, max=10, step=1, description="critic steps per step",
            continuous_update=True, layout=widgets.Layout(width="min(720px, 95%)"),
            style={"description_width": "initial"}),
        "generator_optimizer": widgets.ToggleButtons(
            options=[("plain steps", "plain"), ("Adam", "adam")], value=generator_optimizer,
            description="generator θ takes", style={"description_width": "initial"}),
        "first_critic_steps": widgets.SelectionSlider(
            options=list(FIRST_CRITIC_BUDGETS), value=first_critic_steps,
            description="critic steps before step 1", continuous_update=True,
            layout=widgets.Layout(width="min(720px, 95%)"),
            style={"description_width": "initial"}),
        "train": train,
    }
    holder["train"] = train
    if train_now:  # before the LiveFigure exists: nothing to draw yet, only compute
        start = time.perf_counter()
        state["busy"] = True
        try:
            state["runs"] = {loss: train_1d_gan(loss, theta0, lr=lr, critic_steps=critic_steps,
                                                generator_optimizer=generator_optimizer,
                                                first_critic_steps=first_critic_steps,
                                                **kwargs) for loss in LOSSES}
        finally:
            state["busy"] = False
        state["settings"] = (theta0, lr, int(critic_steps), generator_optimizer,
                             int(first_critic_steps))
        state["count"] = 1
        state["seconds"] = time.perf_counter() - start
        progress.value, progress.bar_style = 1.0, "success"
    hide = [*lines.values(), w1_gp, w1_clip, w1_exact, w_text, grads] if hidden else []
    live = LiveFigure(fig, update, controls, hidden=hide, display_now=False)
    holder["live"] = live
    children = list(live.widget.children)
    children.insert(children.index(train) + 1, progress)
    live.widget.children = tuple(children)
    live.parts = {"lines": lines, "status": status, "progress": progress, "train": train,
                  "state": state, "w1_exact": w1_exact, "w1_gp": w1_gp, "w1_clip": w1_clip,
                  "w_text": w_text, "grads": grads}
    if display_now:
        from IPython.display import display

        display(live.widget)
    return live


def _theta_limits(theta0: float) -> tuple[float, float]:
    """The θ panel's y range: the start, and room above it for the legend."""
    return -3.0, max(13.0, abs(theta0) + 5.0)


def _w1_limits(theta0: float) -> tuple[float, float]:
    """The W1 panel's y range: the critics overestimate a far W1 by up to about 1.7 times."""
    return -1.0, max(17.0, 1.8 * abs(theta0))


def _far_ratio(run, far: float = 2.0) -> float:
    """Mean of estimate / exact W1 over the steps where the exact W1 exceeds ``far``."""
    exact = run["w1_exact"][:-1]
    mask = exact > far
    if not mask.any():
        return float("nan")
    return float(np.mean(run["w1_estimate"][mask] / exact[mask]))


#: The seeds of notebook 08's ring runs.
RING_SEEDS = (0, 1, 2, 3, 4)


def ring_runs(seeds=RING_SEEDS) -> dict:
    """Notebook 08's ring runs: ``{label: [train_ring_gan record per seed]}``, defaults
    otherwise (all seeds of one loss are trained at once, :func:`train_ring_gans`)."""
    return {"non-saturating GAN": train_ring_gans("non-saturating", seeds),
            "WGAN-GP": train_ring_gans("wgan-gp", seeds)}


def _as_seed_lists(runs: dict) -> dict:
    """``{label: record}`` or ``{label: [record, ...]}`` as the second."""
    return {label: [run] if isinstance(run, dict) else list(run) for label, run in runs.items()}


def ring_table(runs: dict | None = None) -> str:
    """The ring runs seed by seed (:func:`helpers.training.ring_over_seeds`) as a text table,
    followed by what the seeds show together, with its numbers."""
    runs = _as_seed_lists(ring_runs() if runs is None else runs)
    last = next(iter(runs.values()))[0]["steps"][-1]
    width = max(len(label) for label in runs)
    summaries = {label: ring_over_seeds(seed_runs) for label, seed_runs in runs.items()}
    head = ("seed", "modes covered", "near a mode", "on the circle")
    lines = [f"{'':{width}}  {head[0]:>4}  {head[1]:>14}  {head[2]:>12}  {head[3]:>14}",
             f"{'':{width}}  {'':>4}  {'(at step ' + str(last) + ')':>14}"]
    for label, summary in summaries.items():
        for i, seed in enumerate(summary["seed"]):
            lines.append(f"{label if i == 0 else '':{width}}  {seed:>4}  "
                         f"{summary['covered_end'][i]:>14}  {summary['near_end'][i]:>12.0%}  "
                         f"{summary['circle_end'][i]:>14.0%}")
    near = [x for s in summaries.values() for x in s["near_end"]]
    lines += ["", f"At step {last} (on the circle: within 0.25 of radius 2):"]
    for label, summary in summaries.items():
        n = len(summary["seed"])
        half = sum(x > 0.5 for x in summary["circle_end"])
        lines += [f"  {label}: {min(summary['covered_end'])} to {max(summary['covered_end'])} "
                  f"modes covered; more than half of the samples on the circle in {half} of "
                  f"{n} seeds;",
                  f"  {'':{len(label)}}  modes lost after step 600 in {sum(summary['fell'])} of "
                  f"{n} seeds."]
    lines.append(f"  Near a mode: at most {max(near):.0%} of the samples, in every run.")
    return "\n".join(lines)


def ring_figure(runs: dict | None = None, *, display_now: bool = True) -> LiveFigure:
    """Samples of each ring run at the kept steps, one panel per loss.

    ``runs`` is ``{label: [train_ring_gan record per seed]}`` (a single record per label is
    accepted too) and defaults to :func:`ring_runs` (several seconds of training). The ring's
    centres and a data sample are drawn behind; the sliders walk through the kept steps and the
    seeds; each panel's title counts the modes covered and the share of samples near one.
    """
    runs = _as_seed_lists(ring_runs() if runs is None else runs)
    labels = list(runs)
    first = runs[labels[0]][0]
    kept = first["steps"]
    seeds = [run["seed"] for run in runs[labels[0]]]
    fig, axes = new_figure("wgan-ring", 1, len(labels), figsize=(11, 5.8))
    axes = np.atleast_1d(axes)
    centres = ring_centres()
    dots, titles, data_dots = {}, {}, {}
    for ax, label in zip(axes, labels, strict=True):
        data = runs[label][0]["data"]
        (data_dots[label],) = ax.plot(data[:, 0], data[:, 1], ".", ms=3, color=COLORS["p"],
                                      alpha=0.35, label="data", zorder=1)
        ax.plot(centres[:, 0], centres[:, 1], "+", ms=14, mew=2, color=COLORS["p"], zorder=1.5)
        (dots[label],) = ax.plot([], [], ".", ms=4, color=COLORS["q"], alpha=0.6,
                                 label="generated", zorder=2)
        ax.set_xlim(-3.2, 3.2)
        ax.set_ylim(-3.2, 3.2)
        ax.set_aspect("equal")
        titles[label] = ax.set_title("", fontsize=13, loc="center")
    axes[0].legend(loc="lower left", frameon=False, fontsize=12, markerscale=4).set_zorder(0.8)

    def update(step: float, seed: float = seeds[0]) -> None:
        index = int(np.argmin(np.abs(np.asarray(kept) - step)))
        which = int(np.argmin(np.abs(np.asarray(seeds) - seed)))
        for label in labels:
            run = runs[label][which]
            samples = run["samples"][index]
            dots[label].set_data(samples[:, 0], samples[:, 1])
            data_dots[label].set_data(run["data"][:, 0], run["data"][:, 1])
            titles[label].set_text(f"{label}, seed {run['seed']}, step {run['steps'][index]}\n"
                                   f"{run['covered'][index]} of 8 modes covered\n"
                                   f"{run['near_share'][index]:.0%} of samples near a mode")

    controls = {"step": slider("generator step", kept[0], kept[-1], kept[1] - kept[0], kept[-1],
                               ".0f")}
    if len(seeds) > 1:
        controls["seed"] = slider("seed", min(seeds), max(seeds), 1, seeds[0], ".0f")
    live = LiveFigure(fig, update, controls, display_now=display_now)
    live.parts = {"dots": dots, "titles": titles, "count_modes": count_modes}
    return live
