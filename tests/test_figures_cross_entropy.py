"""The figures of notebook 03: numbers on the figure equal the helpers', artists move in place."""

from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest

import helpers as h
from helpers.data import worm_teeth_distribution
from helpers.figures.cross_entropy import (
    CODE_P,
    CODE_R,
    binary_cross_entropy_figure,
    code_distribution,
    code_length_figure,
    kl_direction_figure,
    worm_teeth_figure,
)
from helpers.model_fit import FIT_GRID, binomial_kl, binomial_model, mixture_fits

pytestmark = pytest.mark.usefixtures("inline_backend")

BUILDERS = [code_length_figure, kl_direction_figure, worm_teeth_figure]


def _children(fig) -> list[tuple[int, ...]]:
    return [tuple(id(a) for a in ax.get_children()) for ax in fig.axes] + [
        tuple(id(t) for t in fig.texts)
    ]


def _number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in {text!r}"
    return float(match.group(1))


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_every_control_changes_the_figure_in_place(builder):
    live = builder(display_now=False)
    before = _children(live.fig)
    report = h.move_every_control(live)
    assert report and all(c["changed"] and not c["errors"] for c in report), report
    assert _children(live.fig) == before, "an update added or replaced artists"
    assert live.errors == []


# --- code lengths ----------------------------------------------------------------------------


def test_code_distribution_ends_and_bad_alpha():
    assert np.array_equal(code_distribution(0.0), CODE_P)
    assert np.array_equal(code_distribution(1.0), CODE_R)
    for bad in (-0.1, 1.5):
        with pytest.raises(ValueError, match="alpha"):
            code_distribution(bad)


@pytest.mark.parametrize("alpha", [0.0, 0.35, 0.6, 1.0])
def test_code_length_figure_shows_entropy_plus_kl(alpha):
    live = code_length_figure(display_now=False)
    live.controls["alpha"].value = alpha
    parts = live.parts
    q = code_distribution(alpha)
    kl = h.kl_divergence(CODE_P, q, base=2)
    ce = h.cross_entropy(CODE_P, q, base=2)
    assert parts["kl_bar"].get_height() == pytest.approx(kl)
    assert parts["kl_bar"].get_y() == pytest.approx(h.entropy(CODE_P, base=2))
    assert parts["kl_bar"].get_y() + parts["kl_bar"].get_height() == pytest.approx(ce)
    assert _number(r"H\(P, Q\) = (\d+\.\d{3}) bits", parts["total"].get_text()) == pytest.approx(
        ce, abs=5e-4
    )
    assert _number(r"= (\d+\.\d{3}) bits", parts["kl_text"].get_text()) == pytest.approx(
        kl, abs=5e-4
    )
    for rect, label, prob in zip(parts["q_bars"], parts["q_labels"], q, strict=True):
        assert rect.get_height() == pytest.approx(prob)
        assert _number(r"(\d+\.\d{2})\s*bits", label.get_text()) == pytest.approx(
            -np.log2(prob), abs=5e-3
        )
    if alpha == 1.0:
        assert "2.625 bits" in parts["total"].get_text()
        assert "0.875 bits" in parts["kl_text"].get_text()


def test_code_length_texts_do_not_overlap():
    live = code_length_figure(display_now=False)
    for alpha in (0.0, 0.05, 0.5, 1.0):
        live.controls["alpha"].value = alpha
        live.fig.draw_without_rendering()
        total = live.parts["total"].get_window_extent()
        kl = live.parts["kl_text"].get_window_extent()
        assert not _boxes_overlap(total, kl)
        labels = [t.get_window_extent() for t in live.parts["q_labels"]]
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                assert not _boxes_overlap(a, b)


# --- the two KL directions ---------------------------------------------------------------------


def test_direction_figure_hides_the_fits_until_asked():
    live = kl_direction_figure(display_now=False)
    assert not live.parts["forward"].get_visible()
    assert not live.parts["reverse"].get_visible()
    assert not live.parts["readout"].get_visible()
    live.controls["show"].value = True
    assert live.parts["forward"].get_visible() and live.parts["readout"].get_visible()
    visible = kl_direction_figure(display_now=False, hidden=False)
    assert "show" not in visible.controls and visible.parts["reverse"].get_visible()


@pytest.mark.parametrize("d", [0.0, 2.0, 5.5, 5.75, 7.0, 8.0])
def test_direction_figure_draws_the_fits(d):
    live = kl_direction_figure(display_now=False)
    live.controls["separation"].value = d
    parts = live.parts
    fits = mixture_fits(d)
    x = FIT_GRID
    step = x[1] - x[0]
    assert np.allclose(parts["p_line"].get_ydata(), fits["p"] / step)
    text = parts["readout"].get_text()
    for name, line in (("forward", parts["forward"]), ("reverse", parts["reverse"])):
        mean, sd, kl = fits[name]
        y = line.get_ydata()
        assert x[np.argmax(y)] == pytest.approx(mean, abs=step)
        expected = np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
        assert np.allclose(y, expected)
        assert f"{kl:.3f} nats" in text and f"s = {sd:.2f}" in text
        assert f"μ = {round(mean, 2) + 0.0:+.2f}" in text
        assert "-0.00" not in text
    assert f"d = {d:.2f}" in parts["title"].get_text()


def test_direction_figure_is_fast_once_cached():
    live = kl_direction_figure(display_now=False)
    values = np.arange(0.0, 8.01, 0.25)
    for d in values:  # first visit of every step (fills the cache)
        live.controls["separation"].value = float(d)
    start = time.perf_counter()
    for d in values[::-1]:
        live.controls["separation"].value = float(d)
    per_step = (time.perf_counter() - start) / len(values)
    assert per_step < 0.25, f"{per_step:.3f} s per slider step"


# --- worm teeth --------------------------------------------------------------------------------


@pytest.mark.parametrize("theta", [0.05, 0.3, 0.6105, 0.95])
def test_worm_figure_numbers(theta):
    live = worm_teeth_figure(display_now=False)
    live.controls["theta"].value = theta
    parts = live.parts
    observed = worm_teeth_distribution()
    model = binomial_model(theta)
    for rect, prob in zip(parts["binomial_bars"], model, strict=True):
        assert rect.get_height() == pytest.approx(prob)
    kl = binomial_kl(observed, theta, base=2)
    text = parts["readout"].get_text()
    assert f"θ = {theta:.3f}" in parts["theta_title"].get_text()
    assert _number(r"binomial\) = (\d+\.\d{3}) bits", text) == pytest.approx(kl, abs=5e-4)
    uniform = h.kl_divergence(observed, np.full(11, 1 / 11), base=2)
    uniform_text = parts["uniform_text"].get_text()
    assert _number(r"uniform: (\d+\.\d{3}) bits", uniform_text) == pytest.approx(uniform, abs=5e-4)
    assert parts["marker"].get_xydata()[0, 0] == pytest.approx(theta)


def test_worm_figure_slider_reaches_the_minimiser():
    live = worm_teeth_figure(display_now=False)
    slider = live.controls["theta"]
    grid = np.arange(slider.min, slider.max + slider.step / 2, slider.step)
    observed = worm_teeth_distribution()
    best = grid[np.argmin(binomial_kl(observed, grid))]
    assert best == pytest.approx(0.61, abs=slider.step / 2 + 1e-9)


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_figures_fit_a_notebook_page_and_texts_stay_inside(builder):
    """At most 11 inches wide (JupyterLab shows about 1090 px), every text inside the figure."""
    live = builder(display_now=False)
    if "show" in live.controls:
        live.controls["show"].value = True
    assert live.fig.get_size_inches()[0] <= 11.0
    for name, control in live.controls.items():
        if name == "show":
            continue
        for value in (control.min, control.max):
            control.value = value
            live.fig.draw_without_rendering()
            renderer = live.fig.canvas.get_renderer()
            texts = [t for ax in live.fig.axes for t in (*ax.texts, ax.title)]
            texts += [t for ax in live.fig.axes if ax.get_legend() for t in ax.get_legend().texts]
            for text in texts:
                if not text.get_visible() or not text.get_text():
                    continue
                box = text.get_window_extent(renderer)
                assert box.x0 >= -1 and box.x1 <= live.fig.bbox.x1 + 1, text.get_text()
                assert box.y0 >= -1 and box.y1 <= live.fig.bbox.y1 + 1, text.get_text()


@pytest.mark.parametrize("d", [0.0, 3.0, 5.75, 8.0])
def test_direction_figure_draws_the_fit_started_at_the_centre(d):
    live = kl_direction_figure(display_now=False)
    assert not live.parts["centred"].get_visible()  # part of the answer: hidden at first
    live.controls["separation"].value = d
    assert live.parts["centred"].get_visible()
    x = FIT_GRID
    mean, sd, kl = mixture_fits(d)["centred"]
    assert mean == 0.0
    expected = np.exp(-0.5 * (x / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
    assert np.allclose(live.parts["centred"].get_ydata(), expected)
    third = live.parts["readout"].get_text().split("\n")[2]
    assert third.startswith(f"local min KL(Q‖P) = {kl:.3f} nats at μ = +0.00")
    # never better than the global reverse fit; the same one up to d = 5.5
    global_kl = mixture_fits(d)["reverse"][2]
    assert kl >= global_kl - 1e-9
    if d <= 5.5:
        assert kl == pytest.approx(global_kl, abs=1e-6)
    else:
        assert kl > global_kl + 0.05


# --- two classes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("logit", "y"), [(-2.0, 1.0), (1.0, 0.8), (-6.0, 1.0), (3.0, 0.0),
                                          (0.0, 0.5), (6.0, 0.25)])
def test_binary_cross_entropy_figure_numbers(logit, y):
    from helpers.classification import binary_cross_entropy, logistic

    live = binary_cross_entropy_figure(display_now=False)
    live.controls["logit"].value = logit
    live.controls["y"].value = y
    parts = live.parts
    q = logistic(logit)
    loss = binary_cross_entropy(logit, y)
    assert parts["q_marker"].get_xydata().tolist() == [[logit, pytest.approx(q)]]
    assert parts["l_marker"].get_xydata().tolist() == [[logit, pytest.approx(loss)]]
    assert list(parts["target"].get_ydata()) == [y, y]
    ells = parts["ells"]
    assert np.allclose(parts["loss_curve"].get_ydata(),
                       binary_cross_entropy(ells, np.full_like(ells, y)))
    xs, ys = parts["tangent"].get_data()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(q - y)  # the slope is q - y
    text = parts["readout"].get_text()
    assert f"q = sigmoid(ℓ) = {q:.3f}" in text and f"L = {loss:.3f} nats" in text
    if 0 < y < 1:
        ell_best = math.log(y / (1 - y))
        assert parts["best"].get_xydata()[0, 0] == pytest.approx(ell_best)
        assert logistic(ell_best) == pytest.approx(y)
        h_b = h.binary_entropy(y)  # the smallest loss is the target's own entropy, in nats
        assert parts["best"].get_xydata()[0, 1] == pytest.approx(h_b)
        assert f"L = H_b(y) = {h_b:.3f} nats" in text
    else:
        assert len(parts["best"].get_xdata()) == 0 and "no minimum" in text


def test_binary_cross_entropy_figure_moves_in_place():
    live = binary_cross_entropy_figure(display_now=False)
    report = h.move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report
    assert live.errors == []
