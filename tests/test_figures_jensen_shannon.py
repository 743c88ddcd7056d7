"""The figures of notebook 04: numbers on the figure equal the helpers', artists move in place."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import helpers as h
from helpers.examples import coin_js, coin_kl
from helpers.figures.jensen_shannon import (
    COIN_KL_TOP,
    box_grid,
    box_shift_figure,
    coin_figure,
    format_kl,
)

LN2 = math.log(2)
JS_TEXT = re.compile(r"JS = (\d+\.\d{3}) nats = (\d+\.\d{3}) bits")


pytestmark = pytest.mark.usefixtures("inline_backend")


def _children(fig) -> list[tuple[int, ...]]:
    """The identity of every artist on every axes (ticks live in the Axis, not here)."""
    return [tuple(id(a) for a in ax.get_children()) for ax in fig.axes] + [
        tuple(id(t) for t in fig.texts)
    ]


def _js_numbers(text: str) -> tuple[float, float]:
    match = JS_TEXT.search(text)
    assert match, f"no 'JS = … nats = … bits' in {text!r}"
    return float(match.group(1)), float(match.group(2))


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


# --- box shift -------------------------------------------------------------------------------

BOX_SHIFTS = (1.5, 0.5, 0.0, -0.25, -1.0, -2.5, 2.5, 0.95, 1.05)


def test_box_figure_numbers_match_the_helpers():
    live = box_shift_figure(display_now=False)
    parts = live.parts
    x = parts["x"]
    cell = x[1] - x[0]
    for s in BOX_SHIFTS:
        live.controls["shift"].value = s
        _, p, q = h.box_pair(s, 1.0, x=x)
        js = h.js_divergence(p, q)
        assert js == pytest.approx(h.box_js(s), abs=1e-12)
        text = parts["readout"].get_text()
        assert text.startswith(f"s = {s:.2f}:")
        nats, bits = _js_numbers(text)
        assert nats == pytest.approx(h.box_js(s), abs=5e-4)
        assert bits == pytest.approx(h.box_js(s) / LN2, abs=5e-4)
        assert h.format_nats(js) in text
        kl_text = "∞" if s != 0 else "0.000 nats"
        assert f"KL(P‖Q) = {kl_text}" in text and f"KL(Q‖P) = {kl_text}" in text
        # the marker sits on the curve, the boxes are the helpers' boxes
        assert parts["marker"].get_xydata().tolist() == [[s, pytest.approx(js)]]
        assert np.allclose(parts["p"].get_ydata(), p / cell)
        assert np.allclose(parts["q"].get_ydata(), q / cell)
        heights = parts["m"].get_xy()[:, 1]
        assert heights.max() == pytest.approx(1.0 if abs(s) < 1 else 0.5)
    assert live.errors == []


def test_box_figure_saturates_at_log2_for_disjoint_boxes():
    live = box_shift_figure(display_now=False)
    for s in (-2.5, -1.0, 1.0, 1.6, 2.5):
        live.controls["shift"].value = s
        nats, bits = _js_numbers(live.parts["readout"].get_text())
        assert (nats, bits) == (0.693, 1.0)
    live.controls["shift"].value = 0.95  # the moment they overlap, JS drops below log 2
    nats, _ = _js_numbers(live.parts["readout"].get_text())
    assert nats == pytest.approx(0.95 * LN2, abs=5e-4) and nats < 0.693


def test_box_figure_updates_artists_in_place():
    live = box_shift_figure(display_now=False)
    before = _children(live.fig)
    artists = dict(live.parts)
    png = live.last_png
    redraws = live.redraws
    for s in BOX_SHIFTS:
        live.controls["shift"].value = s
    assert _children(live.fig) == before, "an update added or replaced artists"
    assert all(live.parts[k] is v for k, v in artists.items())
    assert live.redraws == redraws + len(BOX_SHIFTS) - 1  # 1.5 is the starting value
    assert live.last_png and live.last_png != png
    report = h.move_every_control(live)
    assert report == [
        {"name": "shift", "changed": True, "errors": []},
        {"name": "show", "changed": True, "errors": []},
    ]


@pytest.mark.parametrize("control", ["shift", "show"])
def test_box_figure_hides_the_js_answer_until_asked(control):
    """The notebook asks for a prediction of JS: curve, marker and readout start hidden."""
    live = box_shift_figure(display_now=False)
    answer = [live.parts[k] for k in ("js_curve", "marker", "readout")]
    assert not any(a.get_visible() for a in answer)
    assert all(live.parts[k].get_visible() for k in ("p", "q", "m"))
    assert not live.revealed and live.values() == {"shift": 1.5}
    if control == "shift":
        live.controls["shift"].value = 2.5
    else:
        live.controls["show"].value = True
    assert live.revealed and all(a.get_visible() for a in answer)
    nats, _ = _js_numbers(live.parts["readout"].get_text())
    assert nats == pytest.approx(h.box_js(live.values()["shift"]), abs=5e-4)
    assert live.errors == []


def test_box_figure_texts_do_not_overlap():
    live = box_shift_figure(display_now=False)
    ax_top, ax_js = live.fig.axes[:2]
    for s in (-2.5, -1.0, 0.0, 0.5, 2.5):
        live.controls["shift"].value = s
        live.fig.draw_without_rendering()
        readout = live.parts["readout"].get_window_extent()
        label = ax_js.texts[0].get_window_extent()
        legend = ax_top.get_legend().get_window_extent()
        assert not _boxes_overlap(readout, label)
        assert not _boxes_overlap(readout, legend)
        # the readout stays above the curve's plateau at log 2
        plateau_y = ax_js.transData.transform((0.0, LN2))[1]
        assert readout.y0 > plateau_y
        assert ax_js.bbox.contains(readout.x0, readout.y0) and ax_js.bbox.contains(
            readout.x1, readout.y1
        )


def test_box_grid_and_format_kl():
    x = box_grid(2.0, 3.0)
    assert x[1] - x[0] == pytest.approx(0.1)
    assert x.min() < -3.0 and x.max() > 5.0
    assert format_kl(math.inf) == "∞" and format_kl(0.0) == "0.000 nats"


# --- coins -----------------------------------------------------------------------------------

COIN_SETTINGS = (
    (0.5, 0.1), (0.9, 0.0), (0.9, 0.95), (1.0, 0.0), (0.3, 0.3), (0.0, 1.0), (0.2, 1.0)
)


def test_coin_figure_numbers_match_the_helpers():
    live = coin_figure(display_now=False)
    parts = live.parts
    qs = parts["js_curve"].get_xdata()
    for p, q in COIN_SETTINGS:
        live.controls["p"].value = p
        live.controls["q"].value = q
        js = h.js_divergence([p, 1 - p], [q, 1 - q])
        kl = h.kl_divergence([p, 1 - p], [q, 1 - q])
        text = parts["readout"].get_text()
        nats, bits = _js_numbers(text)
        assert nats == pytest.approx(js, abs=5e-4) and bits == pytest.approx(js / LN2, abs=5e-4)
        assert nats <= 0.693 and bits <= 1.0
        assert f"KL(P‖Q) = {format_kl(kl)}" in text
        assert parts["bar_title"].get_text() == f"p = {p:.2f},  q = {q:.2f}"
        heights = {role: [r.get_height() for r in bars] for role, bars in parts["bars"].items()}
        assert heights["p"] == pytest.approx([p, 1 - p])
        assert heights["q"] == pytest.approx([q, 1 - q])
        assert heights["m"] == pytest.approx([(p + q) / 2, 1 - (p + q) / 2])
        assert parts["js_marker"].get_xydata().tolist() == [[q, pytest.approx(js)]]
        assert np.allclose(parts["js_curve"].get_ydata(), coin_js(p, qs))
        kl_curve = np.asarray(parts["kl_curve"].get_ydata(), dtype=float)
        expected = coin_kl(p, qs)
        assert np.array_equal(np.isnan(kl_curve), np.isinf(expected))
        assert np.allclose(kl_curve[~np.isnan(kl_curve)], expected[np.isfinite(expected)])
        off_scale = kl > COIN_KL_TOP
        assert parts["kl_off_scale"].get_visible() is off_scale
        assert parts["kl_marker"].get_visible() is (not off_scale)
        if not off_scale:
            assert parts["kl_marker"].get_xydata().tolist() == [[q, pytest.approx(kl)]]
    assert live.errors == []


def test_coin_figure_shows_infinite_kl_with_finite_js():
    live = coin_figure(display_now=False)
    live.controls["p"].value = 0.5
    live.controls["q"].value = 0.0
    text = live.parts["readout"].get_text()
    assert "KL(P‖Q) = ∞" in text
    assert _js_numbers(text)[0] == pytest.approx(0.75 * math.log(4 / 3), abs=5e-4)
    assert live.parts["kl_off_scale"].get_xydata().tolist() == [[0.0, COIN_KL_TOP]]


def test_coin_figure_updates_artists_in_place():
    live = coin_figure(display_now=False)
    before = _children(live.fig)
    png = live.last_png
    for p, q in COIN_SETTINGS:
        live.controls["p"].value = p
        live.controls["q"].value = q
    assert _children(live.fig) == before, "an update added or replaced artists"
    assert live.last_png != png
    report = h.move_every_control(live)
    assert [r["name"] for r in report] == ["p", "q", "show"]
    assert [r["changed"] for r in report] == [True, True, True]
    assert all(not r["errors"] for r in report)


def test_coin_figure_hides_the_js_answer_until_asked():
    """KL is drawn from the start; JS (curve, marker, readout) only once the learner asks."""
    live = coin_figure(display_now=False)
    answer = [live.parts[k] for k in ("js_curve", "js_marker", "readout")]
    assert not any(a.get_visible() for a in answer)
    assert live.parts["kl_curve"].get_visible() and live.parts["kl_marker"].get_visible()
    live.controls["show"].value = True
    assert all(a.get_visible() for a in answer)
    live.controls["show"].value = False  # the toggle can hide the answer again
    assert not any(a.get_visible() for a in answer)
    live.controls["q"].value = 0.0  # moving a slider while hidden reveals
    assert all(a.get_visible() for a in answer) and live.errors == []


def test_coin_figure_titles_fit():
    live = coin_figure(display_now=False)
    ax_bar, ax_div = live.fig.axes[:2]
    for p, q in COIN_SETTINGS:
        live.controls["p"].value = p
        live.controls["q"].value = q
        live.fig.draw_without_rendering()
        left = live.parts["bar_title"].get_window_extent()
        right = live.parts["readout"].get_window_extent()
        assert not _boxes_overlap(left, right)
        assert 0 <= left.x0 and right.x1 <= live.fig.bbox.x1


def test_coin_figure_hidden_readout_appears_in_its_place():
    """The readout (a title, hidden at build time) was laid out as if shown: above its panel."""
    live = coin_figure(display_now=False)
    live.controls["q"].value = 0.0
    live.fig.draw_without_rendering()
    ax_div = live.fig.axes[1]
    readout = live.parts["readout"].get_window_extent()
    assert ax_div.bbox.y1 <= readout.y0 and readout.y1 <= live.fig.bbox.y1
