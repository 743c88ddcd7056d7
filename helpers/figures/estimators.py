r"""Figures for notebook 09, divergences from samples.

* :func:`plugin_figure` — two samples in shared histogram bins, and the plug-in KL and JS as
  the number of bins grows (sliders: bins, sample size n).
* :func:`knn_figure` — the k-NN estimate of KL against the sample size, for two Gaussians and
  for the parallel lines (sliders: shift θ, neighbour k).
* :func:`sliced_figure` — sliced :math:`W_1` of a shifted cloud: the random directions and the
  running average against :math:`2|\theta|/\pi` (sliders: shift, number of projections).
* :func:`discriminator_figure` — a trained discriminator and critic as estimators of JS and
  :math:`W_1`, as the training sample grows (slider: n).
* :func:`sample_showdown_figure` — notebook 06's θ slider again, with every estimator's median
  and spread over resamplings of 256 points.

Every figure is built once; the callbacks only move artists. The numbers come from
:mod:`helpers.estimators`; every number a slider changes is printed on the figure with its unit,
and those printed lines are the figure's text alternative.
"""

from __future__ import annotations

import functools
import math

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection

from ..divergences import LOG2
from ..estimators import (
    base_samples,
    discriminator_estimates,
    exact_measures,
    knn_sweep,
    plugin_histograms,
    plugin_js,
    plugin_kl,
    projected_w1,
    random_directions,
    showdown_sweep,
)
from ..examples import gaussian_js
from ..plotting import COLORS
from ..widgets import LiveFigure, new_figure, slider

GREY = "#666666"
#: Sample sizes offered by the plug-in figure's n slider.
PLUGIN_SIZES = (64, 256, 4096)
#: The plug-in figure draws its samples as the first n of two pools of this many points.
PLUGIN_POOL = 8192
#: Sample sizes of the k-NN figure (one curve point each).
KNN_SIZES = (16, 32, 64, 128, 256, 512, 1024, 2048)


def _int_slider(description: str, low: int, high: int, value: int):
    return widgets.IntSlider(
        value=value, min=low, max=high, step=1, description=description,
        continuous_update=True, layout=widgets.Layout(width="min(720px, 95%)"),
        style={"description_width": "initial"},
    )


def _choice_slider(description: str, options, value):
    control = widgets.SelectionSlider(
        options=list(options), value=value, description=description, continuous_update=True,
        layout=widgets.Layout(width="min(720px, 95%)"), style={"description_width": "initial"},
    )
    # whole-number options read "n = 256", not "n = 256.00", in the readouts and the alt text
    # (helpers.frames reads a control's ``readout_format``; a SelectionSlider has none of its own)
    if all(isinstance(o, (int, np.integer)) and not isinstance(o, bool) for o in options):
        control.readout_format = "d"
    return control


def fmt(value: float, digits: int = 3) -> str:
    """A value in nats or units of x, or ∞.

    >>> fmt(math.inf), fmt(0.25)
    ('∞', '0.250')
    """
    return "∞" if math.isinf(value) else f"{value:.{digits}f}"


# --------------------------------------------------------------------------------------------
# 1. plug-in estimates


def plugin_figure(theta: float = 1.0, bins: int = 10, n: int = 256, *, max_bins: int = 40,
                  seed: int = 0, display_now: bool = True) -> LiveFigure:
    r"""Histogram (plug-in) KL and JS of samples of N(0, 1) and N(θ, 1).

    Top: both samples' bin frequencies (per unit of x) in the shared bins, a ▼ under every bin
    with data and no model points. Bottom: plug-in KL and JS of these samples for every number
    of bins from 1 to ``max_bins`` (KL = ∞ drawn as ▲ on the top edge), the true values as
    dotted lines. The bottom curves start hidden (the notebook asks for a prediction).
    """
    rng = np.random.default_rng(seed)
    pool_x = rng.standard_normal(PLUGIN_POOL)  # the first n of each pool are the samples
    pool_y = rng.standard_normal(PLUGIN_POOL) + theta
    exact_kl, exact_js = theta**2 / 2, float(gaussian_js(theta, 1.0))
    counts = np.arange(1, max_bins + 1)
    top_level = 1.5

    fig, (ax_top, ax_low) = new_figure("09-plugin", 2, 1, figsize=(10.5, 7.2),
                                       height_ratios=[1.0, 1.1])
    (p_line,) = ax_top.plot([], [], drawstyle="steps-post", color=COLORS["p"], lw=3,
                            label="data P = N(0, 1): sample x")
    (q_line,) = ax_top.plot([], [], drawstyle="steps-post", color=COLORS["q"], lw=2.5, ls="--",
                            label=f"model Q = N({theta:g}, 1): sample y")
    (holes,) = ax_top.plot([], [], "v", color="black", ms=9, label="bin with data, no model")
    ax_top.set_xlim(-4.5, theta + 4.5)
    ax_top.set_ylim(0, 0.8)
    ax_top.set_xlabel("x")
    ax_top.set_ylabel("frequency per unit x")
    ax_top.legend(loc="upper right", fontsize=11, frameon=False).set_zorder(0.8)
    title = ax_top.set_title("", fontsize=14, loc="left")

    (kl_curve,) = ax_low.plot([], [], color=COLORS["kl"], lw=2.4, label="plug-in KL(P‖Q)")
    (kl_inf,) = ax_low.plot([], [], "^", color=COLORS["kl"], ms=7, label="plug-in KL = ∞")
    (js_curve,) = ax_low.plot([], [], color=COLORS["js"], lw=2.4, ls="-.", label="plug-in JS")
    ax_low.axhline(exact_kl, color=COLORS["kl"], lw=1.4, ls=":", zorder=0.5)
    ax_low.axhline(exact_js, color=COLORS["js"], lw=1.4, ls=":", zorder=0.5)
    ax_low.text(max_bins, exact_kl, f"true KL = {exact_kl:.3f} ", ha="right", va="bottom",
                fontsize=11, color=GREY, zorder=0.8)
    ax_low.text(max_bins, exact_js, f"true JS = {exact_js:.3f} ", ha="right", va="bottom",
                fontsize=11, color=GREY, zorder=0.8)
    (marker,) = ax_low.plot([], [], "o", ms=12, mfc="none", mec="black", mew=2, zorder=5)
    ax_low.set_xlim(0, max_bins + 1)
    ax_low.set_ylim(0, top_level * 1.3)
    ax_low.set_xlabel("number of bins B")
    ax_low.set_ylabel("nats")
    ax_low.legend(loc="upper left", fontsize=11, ncols=3, frameon=False).set_zorder(0.8)

    @functools.lru_cache(maxsize=16)
    def curves(size: int):
        x, y = pool_x[:size], pool_y[:size]
        kl = np.array([plugin_kl(x, y, int(b)) for b in counts])
        js = np.array([plugin_js(x, y, int(b)) for b in counts])
        return kl, js

    def update(bins: int, n: int) -> None:
        x, y = pool_x[:n], pool_y[:n]
        p, q, (edges,) = plugin_histograms(x, y, bins)
        width = edges[1] - edges[0]
        p_line.set_data(np.append(edges, edges[-1]), np.concatenate([[0], p / width, [0]]))
        q_line.set_data(np.append(edges, edges[-1]), np.concatenate([[0], q / width, [0]]))
        centres = 0.5 * (edges[:-1] + edges[1:])
        empty = (p > 0) & (q == 0)
        holes.set_data(centres[empty], np.full(empty.sum(), 0.03))
        kl, js = curves(n)
        finite = np.isfinite(kl)
        kl_curve.set_data(counts, np.where(finite, np.minimum(kl, top_level), np.nan))
        kl_inf.set_data(counts[~finite], np.full((~finite).sum(), top_level))
        js_curve.set_data(counts, js)
        now_kl, now_js = kl[bins - 1], js[bins - 1]
        marker.set_data([bins, bins], [min(now_kl, top_level), now_js])
        title.set_text(
            f"n = {n} points each, B = {bins} bins of width {width:.3f}; "
            f"{int(empty.sum())} bin(s) with data and no model\n"
            f"plug-in KL = {fmt(now_kl)}{'' if math.isinf(now_kl) else ' nats'} "
            f"(true {exact_kl:.3f}),  plug-in JS = {now_js:.3f} nats (true {exact_js:.3f})")

    live = LiveFigure(
        fig, update,
        {"bins": _int_slider("bins B", 1, max_bins, bins),
         "n": _choice_slider("points per sample n", PLUGIN_SIZES, n)},
        display_now=display_now, hidden=[kl_curve, kl_inf, js_curve],
    )
    live.parts = {"title": title, "kl_curve": kl_curve, "js_curve": js_curve, "kl_inf": kl_inf,
                  "holes": holes, "curves": curves, "exact": (exact_kl, exact_js)}
    return live


# --------------------------------------------------------------------------------------------
# 2. nearest neighbours


def knn_figure(theta: float = 1.0, k: int = 1, *, repeats: int = 5,
               display_now: bool = True) -> LiveFigure:
    r"""The k-NN estimate of KL(P‖Q) against the sample size n, in the plane.

    Left: P = N(0, I), Q = N((θ, 0), I), true KL = θ²/2. Right: the parallel lines
    {0} × U[0, 1] and {θ} × U[0, 1], true KL = ∞ for θ ≠ 0. Each dot is one of ``repeats``
    resamplings, the line their median. The right panel's estimates start hidden.
    """
    sizes = np.array(KNN_SIZES)
    # the sliders take a few discrete values: each (example, θ, k) is computed once, revisits
    # (dragging back and forth) only move artists
    sweep = functools.lru_cache(maxsize=512)(
        lambda example, theta, k: knn_sweep(example, theta, k, KNN_SIZES, repeats, sigma=1.0))
    fig, axes = new_figure("09-knn", 1, 2, figsize=(11, 4.8))
    art = {}
    for ax, example, name in zip(axes, ("gaussians", "lines"), ("Gaussians", "parallel lines"),
                                 strict=True):
        ax.set_xscale("log", base=2)
        ax.set_xlim(sizes[0] / 1.5, sizes[-1] * 1.5)
        ax.set_xlabel("points per sample n")
        ax.set_ylabel("k-NN estimate of KL (nats)")
        (dots,) = ax.plot([], [], "o", ms=5, color=COLORS["kl"], alpha=0.55, ls="none")
        (median,) = ax.plot([], [], color=COLORS["kl"], lw=2.6, label="median of resamplings")
        (truth,) = ax.plot([], [], color="black", lw=1.6, ls=":", label="true KL")
        caption = ax.set_title("", fontsize=13, loc="left")
        ax.legend(loc="upper left", fontsize=11, frameon=False).set_zorder(0.8)
        art[example] = {"ax": ax, "dots": dots, "median": median, "truth": truth,
                        "caption": caption, "name": name}
    axes[0].set_ylim(-0.6, 5.2)
    axes[1].set_ylim(-1.0, 22.0)

    def update(theta: float, k: int) -> None:
        for example, a in art.items():
            values = sweep(example, float(theta), int(k))
            a["dots"].set_data(np.repeat(sizes, repeats), values.ravel())
            med = np.median(values, axis=1)
            a["median"].set_data(sizes, med)
            true = exact_measures(example, theta, 1.0)["kl"]
            shown = true if math.isfinite(true) else np.nan
            a["truth"].set_data(sizes[[0, -1]], [shown, shown])
            a["caption"].set_text(
                f"{a['name']}, θ = {theta:.2f}, k = {k}: true KL = {fmt(true)}\n"
                f"median: {med[0]:.2f} nats at n = {sizes[0]}, {med[-1]:.2f} at "
                f"n = {sizes[-1]}")

    live = LiveFigure(
        fig, update,
        {"theta": slider("shift θ", 0.0, 3.0, 0.25, theta), "k": _int_slider("k", 1, 8, k)},
        display_now=display_now,
        hidden=[art["lines"]["dots"], art["lines"]["median"], art["lines"]["caption"]],
    )
    live.parts = art
    return live


# --------------------------------------------------------------------------------------------
# 3. sliced W1


def sliced_figure(shift: float = 1.5, n_projections: int = 10, *, n: int = 200,
                  max_projections: int = 400, seed: int = 0,
                  display_now: bool = True) -> LiveFigure:
    r"""Sliced :math:`W_1` of a Gaussian cloud and the same cloud shifted by (shift, 0).

    Left: both clouds and the random directions used so far. Right: the running mean of the
    per-direction :math:`W_1` over the first L directions, against :math:`2|\theta|/\pi` (the
    exact sliced value) and :math:`W_1 = |\theta|`. The running-mean curve starts hidden.
    """
    x, y0 = base_samples("gaussians", n, seed, sigma=1.0)
    directions = random_directions(max_projections, 2, seed)
    counts = np.arange(1, max_projections + 1)
    fig, (ax_cloud, ax_run) = new_figure("09-sliced", 1, 2, figsize=(11, 5.0),
                                         width_ratios=[1.0, 1.35])
    (p_dots,) = ax_cloud.plot(x[:, 0], x[:, 1], "o", ms=4, color=COLORS["p"], alpha=0.6,
                              label="P")
    (q_dots,) = ax_cloud.plot([], [], "x", ms=5, color=COLORS["q"], alpha=0.8, label="Q")
    rays = LineCollection([], colors=GREY, linewidths=1.0, alpha=0.6)
    ax_cloud.add_collection(rays)
    ax_cloud.set_xlim(-4, 7)
    ax_cloud.set_ylim(-4.5, 4.5)
    ax_cloud.set_aspect("equal")
    ax_cloud.set_xlabel("x₁")
    ax_cloud.set_ylabel("x₂")
    ax_cloud.legend(loc="upper right", fontsize=11).set_zorder(0.8)

    ax_run.set_xscale("log")
    ax_run.set_xlim(0.8, max_projections * 1.25)
    ax_run.set_ylim(0, 4.0)
    ax_run.set_xlabel("number of projections L")
    ax_run.set_ylabel("units of x")
    (running,) = ax_run.plot([], [], color=COLORS["w1"], lw=2.4, label="sliced W₁, first L")
    (exact_sliced,) = ax_run.plot([], [], color=COLORS["w1"], lw=1.6, ls="--",
                                  label="2|θ|/π (exact sliced)")
    (exact_w1,) = ax_run.plot([], [], color=COLORS["plan"], lw=1.6, ls=":", label="W₁ = |θ|")
    (marker,) = ax_run.plot([], [], "o", ms=11, color=COLORS["w1"], mec="black")
    ax_run.legend(loc="upper right", fontsize=11, frameon=False).set_zorder(0.8)
    caption = ax_run.set_title("", fontsize=13, loc="left")

    def update(shift: float, n_projections: int) -> None:
        y = y0 + [shift, 0.0]
        q_dots.set_data(y[:, 0], y[:, 1])
        per = projected_w1(x, y, directions)
        run = np.cumsum(per) / counts
        running.set_data(counts, run)
        exact = 2 * abs(shift) / math.pi
        exact_sliced.set_data([0.8, max_projections * 1.25], [exact, exact])
        exact_w1.set_data([0.8, max_projections * 1.25], [abs(shift), abs(shift)])
        value = run[n_projections - 1]
        marker.set_data([n_projections], [value])
        d = directions[:n_projections] * 4.0
        rays.set_segments(np.stack([-d, d], axis=1))
        caption.set_text(f"shift θ = {shift:.2f}, L = {n_projections} projection(s): "
                         f"sliced W₁ = {value:.3f}\n"
                         f"exact 2|θ|/π = {exact:.3f},  W₁ = {abs(shift):.3f} (units of x)")

    live = LiveFigure(
        fig, update,
        {"shift": slider("shift θ", 0.0, 3.0, 0.25, shift),
         "n_projections": _int_slider("projections L", 1, max_projections, n_projections)},
        display_now=display_now, hidden=[running],
    )
    live.parts = {"caption": caption, "running": running, "x": x, "directions": directions}
    return live


# --------------------------------------------------------------------------------------------
# 4. the discriminator and the critic as estimators


def discriminator_figure(theta: float = 1.5, sizes=(16, 64, 256), *, steps: int = 400,
                         display_now: bool = True) -> LiveFigure:
    r"""A discriminator's JS bound and a WGAN-GP critic's :math:`W_1`, trained on n samples.

    Top: the trained :math:`D(x)` against :math:`D^*(x)`, the critic :math:`f(x)` (shifted to
    the line's level) against the best 1-Lipschitz critic, with the n training points as ticks.
    Bottom: both estimates on the training samples and on 4000 fresh samples, against n,
    with the exact JS and :math:`W_1`. The estimate markers start hidden.
    """
    est = discriminator_estimates(theta, sizes, steps=steps)
    grid, runs = est["grid"], est["runs"]
    exact_js, exact_w1 = est["exact_js"], est["exact_w1"]
    d_star = 1 / (1 + np.exp(theta * grid - theta**2 / 2))
    fig, axes = new_figure("09-discriminator", 2, 2, figsize=(11, 7.0))
    (ax_d, ax_f), (ax_js, ax_w) = axes
    ax_d.plot(grid, d_star, color=GREY, lw=1.8, ls="--", label="D*(x) = p/(p + q)")
    (d_line,) = ax_d.plot([], [], color=COLORS["js"], lw=2.6, label="trained D(x)")
    (rx,) = ax_d.plot([], [], "|", color=COLORS["p"], ms=14, mew=2, label="data x")
    (ry,) = ax_d.plot([], [], "|", color=COLORS["q"], ms=14, mew=2, label="model y")
    ax_d.set_ylim(-0.12, 1.12)
    ax_d.set_xlabel("x")
    ax_d.set_ylabel("D(x)")
    ax_d.legend(loc="center left", fontsize=10, frameon=False).set_zorder(0.8)
    (best_f,) = ax_f.plot([], [], color=GREY, lw=1.8, ls="--", label="best 1-Lipschitz f")
    (f_line,) = ax_f.plot([], [], color=COLORS["w1"], lw=2.6, label="trained critic f(x)")
    ax_f.set_xlabel("x")
    ax_f.set_ylabel("f(x) (shifted)")
    ax_f.set_xlim(grid[0], grid[-1])
    ax_f.set_ylim(-6, 6)
    ax_f.legend(loc="upper right", fontsize=10, frameon=False).set_zorder(0.8)
    hidden = []
    for ax, key, exact, label, color in ((ax_js, "js", exact_js, "JS (nats)", COLORS["js"]),
                                         (ax_w, "w1", exact_w1, "W₁ (units of x)",
                                          COLORS["w1"])):
        ax.set_xscale("log", base=2)
        ax.set_xlim(min(sizes) / 1.6, max(sizes) * 1.6)
        ax.axhline(exact, color=GREY, lw=1.6, ls=":", zorder=0.5)
        ax.set_xlabel("training points per sample n")
        ax.set_ylabel(label)
        (train,) = ax.plot(list(sizes), [runs[n][f"{key}_train"] for n in sizes], "s--",
                           color=color, ms=8, label="on the training samples")
        (fresh,) = ax.plot(list(sizes), [runs[n][f"{key}_fresh"] for n in sizes], "o-",
                           color=color, ms=9, mec="black", label="on fresh samples")
        hidden += [train, fresh]
        ax.legend(loc="lower right", fontsize=10, frameon=False).set_zorder(0.8)
    ax_js.set_ylim(-0.5, 0.8)
    ax_w.set_ylim(0.0, 2.5)
    (ring_js,) = ax_js.plot([], [], "o", ms=18, mfc="none", mec="black", mew=2)
    (ring_w,) = ax_w.plot([], [], "o", ms=18, mfc="none", mec="black", mew=2)
    caption = fig.suptitle("", fontsize=13)

    def update(n: int) -> None:
        run = runs[n]
        d_line.set_data(grid, 1 / (1 + np.exp(-np.clip(run["logit"], -50, 50))))
        rx.set_data(run["x"], np.full(n, -0.06))
        ry.set_data(run["y"], np.full(n, 1.06))
        centre = np.interp(theta / 2, grid, run["critic"])
        f_line.set_data(grid, run["critic"] - centre)
        best_f.set_data(grid, -(grid - theta / 2))
        ring_js.set_data([n], [run["js_fresh"]])
        ring_w.set_data([n], [run["w1_fresh"]])
        caption.set_text(
            f"N(0, 1) against N({theta:g}, 1), n = {n} training points each.\n"
            f"Discriminator's JS bound: {run['js_train']:.3f} nats on the training samples, "
            f"{run['js_fresh']:.3f} on fresh ones (true JS {exact_js:.3f}).\n"
            f"Critic's W₁: {run['w1_train']:.3f} on the training samples, "
            f"{run['w1_fresh']:.3f} on fresh ones (true W₁ {exact_w1:.3f}, units of x).")

    live = LiveFigure(fig, update, {"n": _choice_slider("training points n", sizes, sizes[0])},
                      display_now=display_now, hidden=hidden)
    live.parts = {"estimates": est, "caption": caption}
    return live


# --------------------------------------------------------------------------------------------
# 5. the showdown from samples


PANELS = (
    ("kl_knn", "KL, k-NN (nats)", COLORS["kl"], "kl"),
    ("plugin_kl", "KL, plug-in (nats)", COLORS["kl"], "kl"),
    ("plugin_js", "JS, plug-in (nats)", COLORS["js"], "js"),
    ("sliced", "sliced W₁ (units of x)", COLORS["w1"], "sliced"),
)


#: Short names of the estimators in the caption.
LABELS = {"kl_knn": "k-NN KL", "plugin_kl": "plug-in KL", "plugin_js": "plug-in JS",
          "sliced": "sliced W₁"}


@functools.lru_cache(maxsize=4)
def _sweep(example: str, theta_max: float, step: float, n: int, repeats: int):
    thetas = np.round(np.arange(-theta_max, theta_max + step / 2, step), 10)
    return showdown_sweep(example, thetas, n, repeats)


def sample_showdown_figure(example: str = "lines", theta: float = 2.0, *, n: int = 256,
                           repeats: int = 10, theta_max: float = 4.0, step: float = 0.25,
                           display_now: bool = True) -> LiveFigure:
    r"""Notebook 06's showdown from samples: four estimators over θ, median and spread.

    Top: one resampling of the data P and the model :math:`Q_\theta` (256 points each). Below,
    for k-NN KL, plug-in KL (10 × 10 bins), plug-in JS and sliced :math:`W_1` (50
    projections): the median over ``repeats`` resamplings (solid), the band between the lowest
    and highest, the true value (dotted), and the current θ. Plug-in KL = ∞ is drawn as ▲ on
    the top edge; the caption says in how many resamplings it was infinite.
    """
    data = {ex: _sweep(ex, theta_max, step, n, repeats) for ex in ("gaussians", "lines")}
    thetas = data["gaussians"]["thetas"]
    fig = new_figure("09-sample-showdown", figsize=(11.5, 7.4))[0]
    fig.clear()
    grid = fig.add_gridspec(2, 4, height_ratios=[0.9, 1.0])
    top = fig.add_subplot(grid[0, :])
    axes = [fig.add_subplot(grid[1, j]) for j in range(4)]
    (p_dots,) = top.plot([], [], "o", ms=3.5, color=COLORS["p"], label="data P")
    (q_dots,) = top.plot([], [], "x", ms=4.5, color=COLORS["q"], label="model Q_θ")
    top.set_xlim(-theta_max - 2, theta_max + 2)
    top.set_ylim(-2.0, 2.2)
    top.set_xlabel("x₁")
    top.set_ylabel("x₂")
    top.legend(loc="upper right", fontsize=11, ncols=2).set_zorder(0.8)
    heading = top.set_title("", fontsize=13, loc="left")
    tops = {"kl_knn": 20.0, "plugin_kl": 4.0, "plugin_js": 0.85, "sliced": 3.0}
    art = {}
    for ax, (key, label, color, exact_key) in zip(axes, PANELS, strict=True):
        ax.set_xlim(-theta_max * 1.05, theta_max * 1.05)
        ax.set_ylim(-0.05 * tops[key], tops[key] * 1.08)
        ax.set_xlabel("shift θ")
        ax.set_title(label, fontsize=12)
        band = ax.fill_between(thetas, 0 * thetas, 0 * thetas, color=color, alpha=0.25, lw=0)
        (median,) = ax.plot([], [], color=color, lw=2.4)
        (infs,) = ax.plot([], [], "^", color=color, ms=6)
        (truth,) = ax.plot([], [], color="black", lw=1.4, ls=":")
        (now,) = ax.plot([], [], "o", ms=11, color=color, mec="black", mew=1.5, zorder=5)
        art[key] = {"ax": ax, "band": band, "median": median, "infs": infs, "truth": truth,
                    "now": now, "top": tops[key], "exact_key": exact_key}
    axes[2].axhline(LOG2, color=GREY, lw=1.0, ls="--", zorder=0.5)

    def update(example: str, theta: float) -> None:
        sweep = data[example]
        i = int(np.argmin(np.abs(thetas - theta)))
        x, y0 = base_samples(example, n, 0)
        y = y0 + [theta, 0.0]
        p_dots.set_data(x[:, 0], x[:, 1])
        q_dots.set_data(y[:, 0], y[:, 1])
        exacts = [exact_measures(example, t) for t in thetas]
        lines = []
        for key, a in art.items():
            values = sweep[key]
            cap = a["top"]
            med = np.median(values, axis=1)
            shown = np.where(np.isfinite(med), np.minimum(med, cap), np.nan)
            a["median"].set_data(thetas, shown)
            a["infs"].set_data(thetas[~np.isfinite(med)], np.full((~np.isfinite(med)).sum(), cap))
            low = np.minimum(values.min(axis=1), cap)
            high = np.minimum(values.max(axis=1), cap)
            verts = np.concatenate([np.column_stack([thetas, low]),
                                    np.column_stack([thetas[::-1], high[::-1]])])
            a["band"].set_verts([verts])
            true = np.array([e[a["exact_key"]] for e in exacts])
            a["truth"].set_data(thetas, np.where(np.isfinite(true), true, np.nan))
            value = med[i]
            a["now"].set_data([thetas[i]], [min(value, cap) if math.isfinite(value) else cap])
            a["now"].set_marker("o" if math.isfinite(value) else "^")
            lines.append(f"{LABELS[key]} {fmt(value)}")
        inf_count = int(np.sum(np.isinf(sweep["plugin_kl"][i])))
        true_now = exact_measures(example, thetas[i])
        heading.set_text(
            f"{'parallel lines' if example == 'lines' else 'Gaussians, σ = 0.5'}, θ = "
            f"{thetas[i]:.2f}, {n} points each: true KL = {fmt(true_now['kl'])}, "
            f"JS = {true_now['js']:.3f} nats, sliced W₁ = {true_now['sliced']:.3f}\n"
            f"medians over {repeats} resamplings: " + ", ".join(lines)
            + f"; plug-in KL = ∞ in {inf_count} of {repeats}")

    live = LiveFigure(
        fig, update,
        {"theta": slider("shift θ", -theta_max, theta_max, step, theta),
         "example": widgets.Dropdown(options=[("parallel lines", "lines"),
                                              ("Gaussians", "gaussians")],
                                     value=example, description="example")},
        display_now=display_now,
        hidden=[a["median"] for a in art.values()] + [a["band"] for a in art.values()]
        + [a["infs"] for a in art.values()],
    )
    live.parts = {"art": art, "data": data, "heading": heading}
    return live
