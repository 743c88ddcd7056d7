"""The figures of notebook 07: numbers on the figures equal the helpers', artists move in place."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from helpers import LOG2, gan_value, optimal_discriminator
from helpers.examples import discretize_normal
from helpers.figures.gan import (
    format_small,
    generator_losses_figure,
    noisy_discriminator_figure,
    nonsaturating_terms_figure,
    optimal_discriminator_figure,
    vanishing_gradient_figure,
)
from helpers.gan import near_perfect_discriminator, noisy_discriminator_gradients
from helpers.showdown import gan_grid, gaussian_js_fast, gaussian_js_slope_fast
from helpers.widgets import move_every_control

pytestmark = pytest.mark.usefixtures("inline_backend")

NUMBER = r"(-?\d+\.\d+(?:e[-+]\d+)?)"


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(NUMBER, text.replace("−", "-"))]


def _children(fig):
    return [tuple(id(a) for a in ax.get_children()) for ax in fig.axes]


def test_every_control_changes_its_figure_without_errors():
    for build in (optimal_discriminator_figure, generator_losses_figure,
                  vanishing_gradient_figure, nonsaturating_terms_figure,
                  noisy_discriminator_figure):
        live = build(display_now=False)
        before = _children(live.fig)
        for record in move_every_control(live):
            assert record["changed"], (build.__name__, record)
            assert not record["errors"], (build.__name__, record)
        assert _children(live.fig) == before, f"{build.__name__} re-plotted instead of updating"
        assert live.errors == []


@pytest.mark.parametrize("theta", [0.0, 0.7, -2.5, 5.0])
def test_dstar_figure_prints_the_value_of_gan_value(theta):
    live = optimal_discriminator_figure(display_now=False)
    parts = live.parts
    assert not parts["curve"].get_visible(), "the answer to the prediction starts hidden"
    live.controls["theta"].value = theta
    assert parts["curve"].get_visible() and parts["marker"].get_visible()
    x = gan_grid(theta)
    p, q = discretize_normal(x, 0.0, 1.0), discretize_normal(x, theta, 1.0)
    value = gan_value(p, q, optimal_discriminator(p, q))
    numbers = _numbers(parts["readout"].get_text())
    assert numbers[0] == pytest.approx(theta, abs=5e-3)
    assert numbers[1] == pytest.approx(value, abs=5e-5)
    assert numbers[2] == pytest.approx(2 * gaussian_js_fast(theta) - 2 * LOG2, abs=5e-5)
    xs, d = parts["d_line"].get_data()
    with np.errstate(under="ignore"):
        pr = np.exp(-0.5 * xs**2)
        pg = np.exp(-0.5 * (xs - theta) ** 2)
    ok = pr + pg > 1e-300
    np.testing.assert_allclose(d[ok], (pr / (pr + pg))[ok], atol=1e-12)


@pytest.mark.parametrize("log_d", [-4.0, -2.0, -1.0, -0.3])
def test_losses_figure_gradients(log_d):
    live = generator_losses_figure(display_now=False)
    live.controls["log_d"].value = log_d
    d = 10.0**log_d
    numbers = _numbers(live.parts["readout"].get_text().replace("×", ""))
    text = live.parts["readout"].get_text()
    assert f"ratio: {(1 - d) / d:.4g}×" in text
    assert live.parts["g_sat"].get_ydata()[0] == pytest.approx(d)
    assert live.parts["g_non"].get_ydata()[0] == pytest.approx(1 - d)
    assert numbers or "e" in text
    # the gradients through the logit, by finite differences of the losses in a
    a, h = math.log(d / (1 - d)), 1e-6

    def sat(u):
        return math.log1p(-1 / (1 + math.exp(-u)))

    def non(u):
        return -math.log(1 / (1 + math.exp(-u)))

    assert abs((sat(a + h) - sat(a - h)) / (2 * h)) == pytest.approx(d, rel=1e-5)
    assert abs((non(a + h) - non(a - h)) / (2 * h)) == pytest.approx(1 - d, rel=1e-5)


@pytest.mark.parametrize("log_error", [-10.0, -6.0, -2.0, -0.6])
def test_vanishing_figure_prints_the_helpers_numbers(log_error):
    live = vanishing_gradient_figure(display_now=False)
    live.controls["log_error"].value = log_error
    text = live.parts["readout"].get_text()
    error = 10.0**log_error
    eps, gradient, bound = (float(v) for v in re.findall(r"= (\S+)", text))
    assert eps == pytest.approx(error, rel=0.05)
    assert gradient <= bound
    assert bound == pytest.approx(error / (1 - error), rel=0.05)
    x, y = live.parts["marker"].get_data()
    assert y[0] == pytest.approx(gradient, rel=6e-3)


@pytest.mark.parametrize("theta", [-3.0, -0.4, 0.0, 1.0, 4.0])
def test_terms_figure_measured_gradient_matches_thm_2_5(theta):
    live = nonsaturating_terms_figure(display_now=False)
    live.controls["theta"].value = theta
    expected = theta - 2 * float(gaussian_js_slope_fast(theta))
    _, y = live.parts["m_bottom"].get_data()
    assert y[0] == pytest.approx(expected, abs=1e-4)
    last = _numbers(live.parts["readout"].get_text())
    assert last[-1] == pytest.approx(expected, abs=2e-4)


def test_noisy_figure_counts_the_tail():
    live = noisy_discriminator_figure(display_now=False)
    live.controls["log_noise"].value = -3.0
    g = noisy_discriminator_gradients(1e-3, size=20000)
    share = np.mean(np.abs(g["nonsaturating"]) > 10)
    assert f"{share:.1%}" in live.parts["bottom_text"].get_text()
    assert "beyond ±10: 0.0%" in live.parts["top_text"].get_text()
    # the Cauchy tail: P(|C| > 10) = 1 - 2 atan(10) / pi
    assert share == pytest.approx(1 - 2 * math.atan(10) / math.pi, abs=0.01)
    # the minimax spike is narrower than one bin at every noise level: its spread is printed,
    # and it shrinks with the noise while the non-saturating text does not change
    bottom = live.parts["bottom_text"].get_text()
    assert f"largest |g|: {np.max(np.abs(g['nonsaturating'])):.0f}" in bottom
    spreads = {}
    for log_noise in (-3.0, -1.0):
        live.controls["log_noise"].value = log_noise
        spreads[log_noise] = _numbers(live.parts["top_text"].get_text())[0]
        assert live.parts["bottom_text"].get_text() == bottom
    assert spreads[-3.0] == pytest.approx(np.std(g["minimax"]), rel=0.01)
    assert spreads[-1.0] / spreads[-3.0] == pytest.approx(100, rel=0.05)


def test_format_small():
    assert format_small(0.0) == "0"
    assert format_small(1.5e-7) == "1.50e-07"
    assert format_small(0.123456) == "0.1235"
    assert near_perfect_discriminator(3.0)["gradient"] > 0
