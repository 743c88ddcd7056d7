"""Figures of notebook 06: the numbers written on them are the closed forms, updates are in place.

Figures are built with the inline backend outside a kernel (``display_now=False``) and driven by
setting the sliders' ``.value``, exactly as a learner's drag does.
"""

from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest

from helpers import (
    LOG2,
    gaussian_js,
    gaussian_js_slope,
    gaussian_kl,
    gaussian_w1,
    move_every_control,
    parallel_lines_closed_form,
)
from helpers.figures.showdown import (
    GRADIENT_FLOOR,
    INF_LEVEL,
    format_slope,
    gan_link_figure,
    measure_texts,
    showdown_figure,
)
from helpers.showdown import (
    effective_sigma,
    noise_cost,
    optimal_gan_value,
    showdown_curves,
    showdown_values,
)

NUMBER = r"([+-−]?(?:\d+\.\d+(?:e[+-]\d+)?|\d+|∞))"


pytestmark = pytest.mark.usefixtures("inline_backend")


def _number(text: str) -> float:
    text = text.replace("−", "-")
    return math.inf if text == "∞" else float(text)


def read_caption(live, key: str) -> tuple[float, float | None]:
    """(value, slope) written on panel ``key``; slope None where the figure says there is none."""
    text = live.panels[key].caption.get_text()
    first, second = text.split("\n")
    value = _number(re.search(r"= " + NUMBER, first).group(1))
    match = re.search(r"/∂θ = " + NUMBER, second)
    return value, (None if match is None else _number(match.group(1)))


def _slope_close(printed: float, exact: float) -> bool:
    return printed == pytest.approx(exact, rel=0.06, abs=5e-4 + 1e-12)


# --- the parallel lines ------------------------------------------------------------------------


@pytest.mark.parametrize("theta", [1.0, 0.0, -2.5, 0.05, 4.0])
def test_lines_figure_prints_the_closed_form(theta):
    live = showdown_figure("lines", display_now=False)
    live.controls["theta"].value = theta
    closed = parallel_lines_closed_form(theta)
    kl, kl_slope = read_caption(live, "kl")
    js, js_slope = read_caption(live, "js")
    w1, w1_slope = read_caption(live, "w1")
    assert kl == closed["kl"]
    assert js == pytest.approx(closed["js"], abs=5e-4)
    assert w1 == pytest.approx(closed["w1"], abs=5e-4)
    assert kl_slope is None
    if theta == 0:
        assert js_slope is None and w1_slope is None
        assert "corner" in live.panels["w1"].caption.get_text()
    else:
        assert js_slope == 0.0
        assert w1_slope == math.copysign(1.0, theta)
        assert "bit" in live.panels["js"].caption.get_text()
    assert not live.errors


def test_lines_figure_draws_infinity_at_the_top_of_the_kl_axis():
    live = showdown_figure("lines", display_now=False, theta=1.0)
    panel = live.panels["kl"]
    labels = [t.get_text() for t in panel.ax.get_yticklabels()]
    assert labels == ["0", "∞"]
    assert panel.marker.get_marker() == "^"
    assert tuple(panel.marker.get_xydata()[0]) == (1.0, INF_LEVEL)
    assert panel.caption.get_text().startswith("KL(P‖Q) = ∞")
    # The curve sits at the infinity level except at θ = 0, where a filled dot marks 0.
    y = panel.curve.get_ydata()
    assert np.nanmax(y) == INF_LEVEL and np.isnan(y[np.asarray(panel.curve.get_xdata()) == 0]).all()
    assert not panel.closed_dot.get_visible()  # hidden with the curve until a prediction
    live.controls["show"].value = True
    assert panel.closed_dot.get_visible() and panel.open_dot.get_visible()
    live.controls["theta"].value = 0.0
    assert panel.marker.get_marker() == "o"
    assert tuple(panel.marker.get_xydata()[0]) == (0.0, 0.0)


def test_lines_plane_moves_the_model_line():
    live = showdown_figure("lines", display_now=False)
    live.controls["theta"].value = -1.5
    assert list(live.top_artists["q"].get_xdata()) == [-1.5, -1.5]
    assert list(live.top_artists["p"].get_xdata()) == [0, 0]
    assert "θ = -1.50" in live.top_artists["title"].get_text()


# --- the Gaussians -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "theta,sigma", [(1.0, 1.0), (3.5, 0.5), (-2.0, 2.0), (0.0, 0.8), (4.0, 0.25)]
)
def test_gaussian_figure_prints_the_closed_forms(theta, sigma):
    live = showdown_figure("gaussians", display_now=False)
    live.controls["sigma"].value = sigma
    live.controls["theta"].value = theta
    kl, kl_slope = read_caption(live, "kl")
    js, js_slope = read_caption(live, "js")
    w1, w1_slope = read_caption(live, "w1")
    assert kl == pytest.approx(gaussian_kl(theta, sigma), abs=5e-4)
    assert kl_slope == pytest.approx(theta / sigma**2, abs=5e-4)
    assert js == pytest.approx(gaussian_js(theta, sigma), abs=5e-4)
    assert _slope_close(js_slope, gaussian_js_slope(theta, sigma))
    assert w1 == pytest.approx(gaussian_w1(theta), abs=5e-4)
    if theta == 0:
        assert w1_slope is None
    else:
        assert w1_slope == math.copysign(1.0, theta)
    bits = float(re.search(r"= ([\d.]+) bits?", live.panels["js"].caption.get_text()).group(1))
    assert bits == pytest.approx(gaussian_js(theta, sigma) / LOG2, abs=5e-4)
    assert f"σ = {sigma:.2f}" in live.top_artists["title"].get_text()


def test_gaussian_curves_follow_sigma():
    live = showdown_figure("gaussians", display_now=False)
    for sigma in (0.5, 1.7):
        live.controls["sigma"].value = sigma
        thetas = np.asarray(live.panels["kl"].curve.get_xdata())
        assert np.allclose(live.panels["kl"].curve.get_ydata(), gaussian_kl(thetas, sigma))
        sample = thetas[::40]
        js_curve = np.asarray(live.panels["js"].curve.get_ydata())[::40]
        assert np.allclose(js_curve, gaussian_js(sample, sigma), atol=1e-9)
        assert np.array_equal(live.panels["w1"].curve.get_ydata(), gaussian_w1(thetas))
        # the KL axis keeps the scale of the starting σ = 1; higher values are marked off scale
        assert live.panels["kl"].ax.get_ylim()[1] == pytest.approx(1.12 * gaussian_kl(4.0, 1.0))
        p_line = live.top_artists["p"]
        assert np.max(p_line.get_ydata()) == pytest.approx(1 / (sigma * math.sqrt(2 * math.pi)),
                                                           rel=1e-3)


def test_tangent_has_the_printed_slope():
    live = showdown_figure("gaussians", display_now=False, theta=1.2, sigma=0.9)
    for key in ("kl", "js", "w1"):
        panel = live.panels[key]
        (x0, y0), (x1, y1) = panel.tangent.get_xydata()
        exact = showdown_values(1.2, 0.9)[f"{key}_slope"]
        assert (y1 - y0) / (x1 - x0) == pytest.approx(exact, rel=1e-9)
        assert (x0 + x1) / 2 == pytest.approx(1.2)
        assert tuple(panel.marker.get_xydata()[0]) == pytest.approx(
            (1.2, showdown_values(1.2, 0.9)[key])
        )


# --- instance noise ----------------------------------------------------------------------------


@pytest.mark.parametrize("noise", [0.0, 0.3, 1.0])
def test_noisy_lines_print_blurred_values_and_the_price(noise):
    live = showdown_figure("lines", noise=True, display_now=False)
    live.controls["noise_sd"].value = noise
    live.controls["theta"].value = 2.0
    title = live.top_artists["title"].get_text()
    price = float(re.search(r"blurred data\) = ([\d.]+)", title).group(1))
    assert price == pytest.approx(noise * math.sqrt(2 / math.pi), abs=5e-4)
    assert price == pytest.approx(noise_cost(0.0, noise), abs=5e-4)
    kl, _ = read_caption(live, "kl")
    js, js_slope = read_caption(live, "js")
    if noise == 0:
        assert kl == math.inf and js == pytest.approx(LOG2, abs=5e-4) and js_slope == 0.0
    else:
        assert kl == pytest.approx(gaussian_kl(2.0, noise), abs=5e-4)
        assert js == pytest.approx(gaussian_js(2.0, noise), abs=5e-4)
        assert _slope_close(js_slope, gaussian_js_slope(2.0, noise))
        assert js_slope > 0  # the noise gives JS a slope again
    assert read_caption(live, "w1") == (2.0, 1.0)


def test_noisy_gaussians_use_the_effective_sigma():
    live = showdown_figure("gaussians", noise=True, display_now=False)
    live.controls["sigma"].value = 0.5
    live.controls["noise_sd"].value = 1.2
    live.controls["theta"].value = 1.5
    s_eff = effective_sigma(0.5, 1.2)
    assert read_caption(live, "kl")[0] == pytest.approx(gaussian_kl(1.5, s_eff), abs=5e-4)
    assert read_caption(live, "js")[0] == pytest.approx(gaussian_js(1.5, s_eff), abs=5e-4)
    # The dashed reference curves are the noiseless ones.
    thetas = np.asarray(live.panels["js"].reference.get_xdata())
    ref = np.asarray(live.panels["js"].reference.get_ydata())
    assert np.allclose(ref, showdown_curves(0.5, 0.0)[1]["js"])
    assert thetas.size == ref.size
    title = live.top_artists["title"].get_text()
    assert f"{noise_cost(0.5, 1.2):.3f}" in title


# --- in-place updates, every control, speed ----------------------------------------------------


CONFIGS = [("lines", False), ("gaussians", False), ("lines", True), ("gaussians", True)]


def _drawn_artists(fig) -> list[int]:
    """Ids of everything the builders drew (tick objects are matplotlib's own business)."""
    ids = [id(ax) for ax in fig.axes]
    for ax in fig.axes:
        for artist in (*ax.lines, *ax.patches, *ax.texts, *ax.collections, ax.title,
                       ax._left_title):
            ids.append(id(artist))
    return ids


@pytest.mark.parametrize("example,noise", CONFIGS)
def test_artists_are_updated_in_place(example, noise):
    live = showdown_figure(example, noise=noise, display_now=False)
    before = _drawn_artists(live.fig)
    for name, control in live.controls.items():
        if name == "show":
            control.value = not control.value
            continue
        control.value = control.max
        control.value = control.min + 0.25 * (control.max - control.min)
        control.value = 0.0 if name == "theta" else control.value
    assert _drawn_artists(live.fig) == before
    assert not live.errors


@pytest.mark.parametrize("example,noise", CONFIGS)
def test_every_control_changes_the_figure(example, noise):
    live = showdown_figure(example, noise=noise, display_now=False)
    report = move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report


def test_moving_theta_is_fast_and_leaves_curves_alone():
    live = showdown_figure("gaussians", noise=True, display_now=False)
    curve = live.panels["js"].curve
    ydata = curve.get_ydata()
    values = live.values()
    times = []
    for theta in np.linspace(-4, 4, 41):
        values["theta"] = float(theta)
        start = time.perf_counter()
        live.update(**values)
        times.append(time.perf_counter() - start)
    assert curve.get_ydata() is ydata
    assert np.median(times) < 0.02


def test_measure_texts_and_formats():
    texts = measure_texts(showdown_values(2.0, 1.0))
    assert texts["kl"] == "KL(P‖Q) = 2.000 nats\n∂KL/∂θ = +2.000 nats per unit θ"
    assert texts["w1"] == "W₁ = 2.000 (units of x)\n∂W₁/∂θ = +1.000 (x per θ)"
    assert format_slope(-2.5e-7) == "-2.5e-07"


# --- the GAN link ------------------------------------------------------------------------------


@pytest.mark.parametrize("theta", [0.0, 1.0, -2.5, 4.0])
def test_gan_figure_prints_v_and_2js_minus_2log2(theta):
    live = gan_link_figure(display_now=False)
    live.controls["theta"].value = theta
    text = live.caption.get_text()
    v = float(re.search(r"V\(D\*, G\) = (-?[\d.]+)", text).group(1))
    js_form = float(re.search(r"2 JS − 2 log 2 = (-?[\d.]+)", text).group(1))
    slope = float(re.search(r"2·∂JS/∂θ = ([+-]?[\d.e+-]+|0)", text).group(1))
    assert v == pytest.approx(optimal_gan_value(theta), abs=5e-5)
    assert js_form == pytest.approx(2 * gaussian_js(theta) - 2 * LOG2, abs=5e-5)
    assert v == pytest.approx(js_form, abs=1e-4)
    assert _slope_close(slope, 2 * gaussian_js_slope(theta))
    assert tuple(live.marker.get_xydata()[0]) == pytest.approx((theta, optimal_gan_value(theta)))
    assert not live.errors


def test_gan_figure_works_far_apart_too():
    # theta_max / sigma = 8: the grid value of V(D*, G) used to round to -inf out there
    live = gan_link_figure(sigma=0.5, display_now=False)
    assert live.errors == []
    assert all(r["changed"] and not r["errors"] for r in move_every_control(live))


@pytest.mark.parametrize("theta", [4.0, 8.0, 9.0, 10.0])
def test_gan_figure_shows_the_gradient_collapse_on_a_log_axis(theta):
    """θ reaches 10σ: the generator's gradient falls from 0.14 (4σ) to 4e-4 (8σ), 5e-5 (9σ)
    and 4.5e-6 (10σ), while the WGAN critic's stays 1 (the dashed line)."""
    live = gan_link_figure(display_now=False)
    axis = live.gradient_curve.axes
    assert axis.get_yscale() == "log"
    assert live.controls["theta"].max >= 8.0
    live.controls["theta"].value = theta
    text = live.caption.get_text()
    printed = float(re.search(r"2·∂JS/∂θ = ([+-]?[\d.e+-]+)", text).group(1))
    exact = 2 * gaussian_js_slope(theta)
    assert _slope_close(printed, exact)
    assert live.gradient_marker.get_xydata()[0] == pytest.approx((theta, exact), rel=1e-9)
    stated = {4.0: (0.13, 0.15), 8.0: (3e-4, 5e-4), 9.0: (4e-5, 6e-5), 10.0: (3e-6, 6e-6)}
    low, high = stated[theta]
    assert low < exact < high
    assert exact > GRADIENT_FLOOR  # drawn on the axis, not below it
    ys = np.asarray(live.gradient_curve.get_ydata())
    xs = np.asarray(live.gradient_curve.get_xdata())
    assert np.allclose(ys, np.maximum(np.abs(2 * np.asarray(gaussian_js_slope(xs))),
                                      GRADIENT_FLOOR), rtol=1e-6, atol=0)
    assert ys[xs == 0.0].tolist() == [GRADIENT_FLOOR]  # the dip reaches the floor at θ = 0
    assert ys.min() < 1e-5 and np.any(np.isclose(
        [line.get_ydata()[0] for line in axis.lines if line is not live.gradient_curve], 1.0))
    assert not live.errors


def test_gan_figure_gradient_is_zero_at_theta_zero():
    live = gan_link_figure(display_now=False)
    live.controls["theta"].value = 0.0
    assert live.gradient_marker.get_marker() == "v"
    assert live.gradient_marker.get_xydata()[0][1] == GRADIENT_FLOOR
    assert "2·∂JS/∂θ = 0 " in live.caption.get_text()


@pytest.mark.parametrize("example,noise", CONFIGS)
def test_predictions_hide_the_answering_curves_until_a_move(example, noise):
    live = showdown_figure(example, noise=noise, display_now=False)
    curves = [panel.curve for panel in live.panels.values()]
    if noise:  # an exploration, not a prediction: everything is drawn
        assert "show" not in live.controls and all(c.get_visible() for c in curves)
        return
    assert not any(c.get_visible() for c in curves)
    dots = [live.panels[k].open_dot for k in ("kl", "js")]
    assert not any(d.get_visible() for d in dots)
    # what the learner sees before predicting: the current value, not the curve
    assert all(p.marker.get_visible() for p in live.panels.values())
    live.controls["theta"].value = 2.0
    assert live.revealed and all(c.get_visible() for c in curves)
    assert all(d.get_visible() for d in dots) == (example == "lines")
    assert not live.panels["w1"].open_dot.get_visible()
    live.controls["show"].value = False
    assert not any(c.get_visible() for c in curves)


def test_gan_figure_hides_the_gradient_curve_until_a_move():
    live = gan_link_figure(display_now=False)
    assert not live.gradient_curve.get_visible() and live.gradient_marker.get_visible()
    live.controls["show"].value = True
    assert live.gradient_curve.get_visible()
