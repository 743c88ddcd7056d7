"""The figures of notebook 09: printed numbers equal the helpers', artists move in place."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from helpers import gaussian_js
from helpers.estimators import exact_measures, knn_sweep, plugin_js, plugin_kl, showdown_sweep
from helpers.figures.estimators import (
    discriminator_figure,
    knn_figure,
    plugin_figure,
    sample_showdown_figure,
    sliced_figure,
)
from helpers.widgets import move_every_control

pytestmark = pytest.mark.usefixtures("inline_backend")


def _artists(fig):
    return [tuple(id(a) for a in ax.get_children()) for ax in fig.axes]


def _moves_in_place(live):
    before = _artists(live.fig)
    report = move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report
    assert _artists(live.fig) == before  # built once: the same artists, only their data change
    assert not live.errors


def test_plugin_figure_prints_the_helpers_numbers():
    live = plugin_figure(display_now=False)
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(8192), rng.standard_normal(8192) + 1.0
    for bins, n in ((10, 256), (3, 64), (40, 4096)):
        live.controls["bins"].value = bins
        live.controls["n"].value = n
        text = live.parts["title"].get_text()
        kl, js = plugin_kl(x[:n], y[:n], bins), plugin_js(x[:n], y[:n], bins)
        shown = "∞" if math.isinf(kl) else f"{kl:.3f} nats"
        assert f"plug-in KL = {shown}" in text
        assert f"plug-in JS = {js:.3f} nats" in text
        assert f"(true {gaussian_js(1.0, 1.0):.3f})" in text
    assert live.parts["kl_curve"].get_visible()  # revealed by the first move
    _moves_in_place(live)


def test_more_data_affords_fewer_finite_kl_bins_on_the_figures_samples():
    """Notebook 09 section 1: on the figure's samples the plug-in KL at B = 10 is ∞ for every n
    of the slider, and it is finite exactly for B <= 7, 6, 5 at n = 64, 256, 4096."""
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(8192), rng.standard_normal(8192) + 1.0
    for n, largest in ((64, 7), (256, 6), (4096, 5)):
        finite = [b for b in range(1, 41) if math.isfinite(plugin_kl(x[:n], y[:n], b))]
        assert finite == list(range(1, largest + 1)), (n, finite)


def test_plugin_curves_are_hidden_until_a_move():
    live = plugin_figure(display_now=False)
    assert not live.parts["kl_curve"].get_visible() and not live.revealed
    live.controls["bins"].value = 11
    assert live.parts["kl_curve"].get_visible()


def test_knn_figure_medians_match_the_sweep():
    live = knn_figure(display_now=False)
    live.controls["theta"].value = 2.0
    live.controls["k"].value = 3
    for example in ("gaussians", "lines"):
        values = knn_sweep(example, 2.0, 3, (16, 32, 64, 128, 256, 512, 1024, 2048), 5)
        text = live.parts[example]["caption"].get_text()
        assert f"median: {np.median(values[0]):.2f} nats at n = 16" in text
        assert f"{np.median(values[-1]):.2f} at n = 2048" in text
    assert "true KL = 2.000" in live.parts["gaussians"]["caption"].get_text()
    assert "true KL = ∞" in live.parts["lines"]["caption"].get_text()
    _moves_in_place(live)


def test_knn_median_settles_for_small_shifts_and_lags_at_large_ones():
    """Notebook 09 section 2: for θ <= 1 the k = 1 median is within 0.1 of θ²/2 from n = 256
    on; at θ = 3 and n = 2048 it is 3.89 (true 4.5), and 3.22 with k = 8."""
    sizes = (16, 32, 64, 128, 256, 512, 1024, 2048)
    for theta in (0.5, 1.0):
        medians = np.median(knn_sweep("gaussians", theta, 1, sizes, 5), axis=1)
        assert np.all(np.abs(medians[4:] - theta**2 / 2) <= 0.1), (theta, medians)
    for k, shown in ((1, "3.89"), (8, "3.22")):
        medians = np.median(knn_sweep("gaussians", 3.0, k, sizes, 5), axis=1)
        assert f"{medians[-1]:.2f}" == shown
    live = knn_figure(display_now=False)
    live.controls["theta"].value = 3.0
    assert "3.89 at n = 2048" in live.parts["gaussians"]["caption"].get_text()


def test_sliced_figure_caption():
    live = sliced_figure(display_now=False)
    live.controls["shift"].value = 2.0
    live.controls["n_projections"].value = 400
    text = live.parts["caption"].get_text()
    assert f"exact 2|θ|/π = {4 / math.pi:.3f}" in text and "W₁ = 2.000" in text
    value = float(re.search(r"sliced W₁ = (\d+\.\d+)", text)[1])
    assert value == pytest.approx(4 / math.pi, abs=0.1)
    _moves_in_place(live)


def test_sliced_figure_ends_above_the_exact_value_by_the_sampling_error():
    """Notebook 09 section 3: at L = 400 the running average ends near 0.09 at θ = 0 (two
    samples of 200 points differ) and about 0.05 above 2|θ|/π for every shift from 0.5 to 3."""
    live = sliced_figure(display_now=False)
    live.controls["n_projections"].value = 400
    for shift in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0):
        live.controls["shift"].value = shift
        end = live.parts["running"].get_ydata()[-1]
        gap = end - 2 * shift / math.pi
        if shift == 0.0:
            assert 0.08 < gap < 0.10, gap
        else:
            assert 0.04 < gap < 0.07, (shift, gap)


def test_discriminator_figure_caption():
    live = discriminator_figure(display_now=False, sizes=(16, 64), steps=60)
    runs = live.parts["estimates"]["runs"]
    live.controls["n"].value = 64
    text = live.parts["caption"].get_text()
    assert f"{runs[64]['js_fresh']:.3f} on fresh ones" in text
    assert f"{runs[64]['w1_train']:.3f} on the training samples" in text
    _moves_in_place(live)


def test_sample_showdown_figure():
    live = sample_showdown_figure(display_now=False, repeats=3, step=1.0)
    live.controls["theta"].value = 2.0
    text = live.parts["heading"].get_text()
    assert "parallel lines" in text and "true KL = ∞" in text and "plug-in KL = ∞ in 3 of 3" in text
    live.controls["example"].value = "gaussians"
    text = live.parts["heading"].get_text()
    exact = exact_measures("gaussians", 2.0)
    assert f"true KL = {exact['kl']:.3f}" in text and f"JS = {exact['js']:.3f} nats" in text
    _moves_in_place(live)


def test_plugin_kl_of_the_gaussians_is_infinite_at_every_theta_of_the_showdown():
    """Notebook 09 section 5: for the Gaussians the plug-in KL (10 x 10 bins, 256 points) is ∞
    in all ten resamplings at every θ of the figure's grid, θ = 0 (P = Q) included."""
    thetas = np.round(np.arange(-4.0, 4.0 + 0.125, 0.25), 10)
    values = showdown_sweep("gaussians", thetas, 256, 10)["plugin_kl"]
    assert 0.0 in thetas and np.isinf(values).all()
