"""The figures of notebook 02: numbers on the figure equal the helpers', artists move in place."""

from __future__ import annotations

import math

import numpy as np
import pytest

import helpers as h
from helpers.figures.entropy import (
    SYMBOLS,
    binary_entropy_figure,
    block_lengths,
    blocks_figure,
    differential_entropy_figure,
    grid_entropy,
    half_bit_probability,
    huffman_figure,
    noisy_copy_joint,
    simplex_figure,
    simplex_point,
    three_outcomes,
    two_variables_figure,
    two_variables_summary,
)
from helpers.figures.information import format_information

from .conftest import assert_redraws_in_place

pytestmark = pytest.mark.usefixtures("inline_backend")
LN2 = math.log(2)


def _children(fig) -> list[tuple[int, ...]]:
    return [tuple(id(a) for a in ax.get_children()) for ax in fig.axes] + [
        tuple(id(t) for t in fig.texts)
    ]


def _moves_cleanly(live) -> None:
    before = _children(live.fig)
    report = h.move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report
    assert _children(live.fig) == before, "an update added or replaced artists"
    assert live.errors == []


def test_binary_entropy_figure_numbers_and_areas():
    live = binary_entropy_figure(display_now=False)
    parts = live.parts
    for p in (0.5, 0.05, 0.11, 0.3, 0.0, 1.0):
        live.controls["p"].value = p
        hb = h.binary_entropy(p, base=2)
        assert parts["readout"].get_text() == (
            f"p = {p:.2f}:  H = {format_information(hb)} = {format_information(hb * LN2, 'nats')}"
        )  # "1 bit" at p = 1/2, never "1.000 bits"
        assert parts["area_title"].get_text().endswith(f"= {format_information(hb)}")
        heads, tails = parts["heads"], parts["tails"]
        assert heads.get_width() == pytest.approx(p) and tails.get_width() == pytest.approx(1 - p)
        # the two rectangles' area is the entropy (when neither is cut off at the top)
        if 0.01 <= p <= 0.99:
            area = heads.get_width() * heads.get_height() + tails.get_width() * tails.get_height()
            assert area == pytest.approx(hb, abs=1e-12)
        assert parts["mean"].get_ydata()[0] == pytest.approx(hb)
        assert parts["marker"].get_xydata().tolist() == [[p, pytest.approx(hb)]]
    _moves_cleanly(live)


def test_binary_entropy_figure_hides_the_curve_for_the_prediction():
    live = binary_entropy_figure(display_now=False)
    assert not live.parts["curve"].get_visible()
    assert not live.parts["half_text"].get_visible()
    live.controls["show"].value = True
    assert live.parts["curve"].get_visible()
    p_star = half_bit_probability()
    assert f"{p_star:.3f}" in live.parts["half_text"].get_text() == (
        "½ bit at p = 0.110 and 0.890"
    )


def test_simplex_figure_point_and_readout():
    live = simplex_figure(display_now=False)
    parts = live.parts
    for p1, p2 in ((0.6, 0.3), (1 / 3, 1 / 3), (1.0, 0.0), (0.7, 0.5), (0.0, 0.0)):
        live.controls["p1"].value = p1
        live.controls["p2"].value = p2
        a, b = live.controls["p1"].value, live.controls["p2"].value
        p, capped = three_outcomes(a, b)
        assert p.sum() == pytest.approx(1.0) and (p >= 0).all()
        value = h.entropy(p, base=2)
        text = parts["readout"].get_text()
        assert f"H = {format_information(value)}" in text
        assert ("capped" in text) is capped
        assert parts["marker"].get_xydata()[0] == pytest.approx(simplex_point(p))
    live.controls["p1"].value = 0.33
    live.controls["p2"].value = 0.33
    assert "H = 1.585 bits" in parts["readout"].get_text()
    _moves_cleanly(live)


def test_huffman_figure_words_lengths_and_bounds():
    live = huffman_figure(display_now=False)
    parts = live.parts
    settings = [(0.4, 0.3, 0.2, 0.1), (0.5, 0.25, 0.125, 0.125), (1.0, 0.01, 0.01, 0.01),
                (0.25, 0.25, 0.25, 0.25)]
    for weights in settings:
        for symbol, w in zip(SYMBOLS, weights, strict=True):
            live.controls[symbol].value = w
        w = np.array([live.controls[s].value for s in SYMBOLS])
        p = w / w.sum()
        code = h.huffman_code(p)
        assert [t.get_text() for t in parts["words"]] == code
        assert [b.get_height() for b in parts["actual"]] == [len(c) for c in code]
        np.testing.assert_allclose([b.get_height() for b in parts["ideal"]],
                                   h.information(p, base=2))
        np.testing.assert_allclose([b.get_height() for b in parts["bars"]], p)
        hh = h.entropy(p, base=2)
        length = h.average_code_length(p, code)
        assert hh - 1e-12 <= length < hh + 1
        assert (f"H = {format_information(hh)}  ≤  L = {format_information(length)}  <  "
                f"H + 1 = {format_information(hh + 1)}" in parts["summary"].get_text())
    _moves_cleanly(live)


def test_blocks_figure_lengths_and_band():
    live = blocks_figure(display_now=False)
    parts = live.parts
    for p in (0.1, 0.5, 0.01, 0.3):
        live.controls["p"].value = p
        hb = h.binary_entropy(p, base=2)
        lengths = block_lengths(p, 8)
        np.testing.assert_allclose(parts["points"].get_ydata(), lengths)
        assert np.all(lengths >= hb - 1e-12)
        assert np.all(lengths < hb + 1 / np.arange(1, 9) + 1e-12)
        assert lengths[0] == 1.0
        assert parts["h_line"].get_ydata()[0] == pytest.approx(hb)
        assert f"H = {format_information(hb)} per flip" in parts["readout"].get_text()
        assert [t.get_text() for t in parts["values"]] == [f"{v:.3f}" for v in lengths]
    live.controls["p"].value = 0.5
    np.testing.assert_allclose(parts["points"].get_ydata(), 1.0)
    _moves_cleanly(live)


def test_block_lengths_by_hand():
    # p = 0.1: pairs have probabilities 0.81, 0.09, 0.09, 0.01 -> lengths 1, 2, 3, 3
    assert block_lengths(0.1, 2)[1] == pytest.approx((0.81 + 2 * 0.09 + 3 * 0.09 + 3 * 0.01) / 2)


def test_differential_entropy_figure_numbers():
    live = differential_entropy_figure(display_now=False)
    parts = live.parts
    for sigma, dx in ((1.0, 0.5), (0.2, 0.02), (3.0, 1.0), (0.1, 0.1)):
        live.controls["sigma"].value = sigma
        live.controls["dx"].value = dx
        s, d = live.controls["sigma"].value, live.controls["dx"].value
        hd = h.normal_differential_entropy(s)
        _, masses, h_grid = grid_entropy(s, d)
        text = parts["readout"].get_text()
        assert f"h = {hd:.3f} nats" in text
        assert f"grid: H = {h_grid:.3f} nats" in text
        assert f"H + log Δx = {h_grid + math.log(d):.3f} nats" in text
        assert parts["marker"].get_xydata().tolist() == [[s, pytest.approx(hd)]]
        x, y = parts["steps"].get_data()
        assert np.all(np.abs(x) <= 4 + d + 1e-9)
        assert max(y) == pytest.approx(masses.max() / d)
        assert h_grid >= 0
    _moves_cleanly(live)


def test_grid_entropy_converges():
    h_true = h.normal_differential_entropy(1.0)
    assert abs(grid_entropy(1.0, 0.02)[2] + math.log(0.02) - h_true) < 1e-3


@pytest.mark.parametrize(
    ("make", "name", "values"),
    [
        (binary_entropy_figure, "p", (0.2, 0.3, 0.7)),
        (simplex_figure, "p1", (0.2, 0.3, 0.5)),
        (huffman_figure, "A", (0.5, 0.6, 0.9)),
        (blocks_figure, "p", (0.2, 0.3, 0.4)),
        (differential_entropy_figure, "dx", (0.1, 0.05, 0.3)),
    ],
)
def test_slider_moves_redraw_only_what_changed(make, name, values, monkeypatch):
    assert_redraws_in_place(make(display_now=False), name, values, monkeypatch)


def test_simplex_grid_agrees_with_entropy():
    from helpers.figures.entropy import SQRT3, simplex_entropy_grid

    x, y, grid = simplex_entropy_grid(61)
    rng = np.random.default_rng(3)
    checked = 0
    for i, j in zip(rng.integers(0, 61, 400), rng.integers(0, 61, 400), strict=True):
        p3 = y[i] / (SQRT3 / 2)
        p2 = x[j] - 0.5 * p3
        p = np.array([1 - p2 - p3, p2, p3])
        if np.all(p >= 0):
            assert grid[i, j] == pytest.approx(h.entropy(p / p.sum(), base=2), abs=1e-9)
            assert simplex_point(p) == pytest.approx([x[j], y[i]])
            checked += 1
        elif np.any(p < -1e-9):
            assert np.isnan(grid[i, j])
    assert checked > 100


def test_numbers_the_what_to_notice_cells_quote():
    # blocks: under half a bit per flip at p = 0.1 with n = 8; far from H at p = 0.01
    assert block_lengths(0.1, 8)[-1] < 0.5
    assert h.binary_entropy(0.1, base=2) == pytest.approx(0.469, abs=5e-4)
    assert block_lengths(0.01, 8)[-1] == pytest.approx(0.157, abs=5e-4)
    assert h.binary_entropy(0.01, base=2) == pytest.approx(0.081, abs=5e-4)
    assert block_lengths(0.01, 8)[-1] - h.binary_entropy(0.01, base=2) < 1 / 8
    # Huffman with the starting weights: A shorter than its ideal length, C longer
    p = np.array([0.4, 0.3, 0.2, 0.1])
    lengths = [len(w) for w in h.huffman_code(p)]
    ideal = h.information(p, base=2)
    assert lengths[0] == 1 and ideal[0] == pytest.approx(1.32, abs=5e-3)
    assert lengths[2] == 3 and ideal[2] == pytest.approx(2.32, abs=5e-3)
    assert math.ceil(ideal[0]) != lengths[0]
    # coin: p = 0.05 carries 4.32 bits for heads, 0.286 bits on average
    assert h.information(0.05, base=2) == pytest.approx(4.32, abs=5e-3)
    assert h.binary_entropy(0.05, base=2) == pytest.approx(0.286, abs=5e-4)


def test_huffman_figure_reaches_l_equal_h_with_weights_the_sliders_allow():
    live = huffman_figure(display_now=False)
    for symbol, weight in zip(SYMBOLS, (1.0, 0.5, 0.25, 0.25), strict=True):
        live.controls[symbol].value = weight
        assert live.controls[symbol].value == weight  # reachable in steps of 0.01
    assert "H = 1.750 bits  ≤  L = 1.750 bits" in live.parts["summary"].get_text()


# --- two random variables ----------------------------------------------------------------------


def test_noisy_copy_joint_is_the_channel():
    joint = noisy_copy_joint(0.3, 0.2)
    assert joint.sum() == pytest.approx(1.0)
    assert joint.sum(axis=1).tolist() == pytest.approx([0.7, 0.3])
    # Y given X: kept with probability 0.8
    assert np.allclose(joint / joint.sum(axis=1, keepdims=True), [[0.8, 0.2], [0.2, 0.8]])
    independent = noisy_copy_joint(0.3, 0.5)
    assert independent == pytest.approx(np.outer(independent.sum(1), independent.sum(0)))
    with pytest.raises(ValueError, match="flip"):
        noisy_copy_joint(0.3, 1.2)
    with pytest.raises(TypeError, match="p_x"):
        noisy_copy_joint("0.3", 0.1)


@pytest.mark.parametrize(("p_x", "flip"), [(0.5, 0.1), (0.3, 0.5), (0.2, 0.0), (0.8, 0.75),
                                           (0.0, 0.3), (1.0, 1.0)])
def test_two_variables_summary_closed_forms(p_x, flip):
    v = two_variables_summary(noisy_copy_joint(p_x, flip))
    p_y = p_x * (1 - flip) + (1 - p_x) * flip
    assert v["H(X)"] == pytest.approx(h.binary_entropy(p_x, base=2), abs=1e-12)
    assert v["H(Y)"] == pytest.approx(h.binary_entropy(p_y, base=2), abs=1e-12)
    # the noise is the same whatever X is: H(Y|X) = H_b(r) whenever X can take both values
    if 0 < p_x < 1:
        assert v["H(Y|X)"] == pytest.approx(h.binary_entropy(flip, base=2), abs=1e-12)
    assert v["H(X,Y)"] == pytest.approx(v["H(X)"] + v["H(Y|X)"], abs=1e-12)
    assert v["MI(X;Y)"] == pytest.approx(v["H(Y)"] - v["H(Y|X)"], abs=1e-12)
    assert v["MI(X;Y)"] == pytest.approx(v["H(X)"] - v["H(X|Y)"], abs=1e-12)


def test_two_variables_figure_bars_add_up_and_readout():
    live = two_variables_figure(display_now=False)
    parts = live.parts
    bars = parts["bars"]
    for p_x, flip in [(0.5, 0.1), (0.3, 0.5), (0.2, 0.0), (0.8, 0.75), (0.0, 0.3)]:
        live.controls["p_x"].value = p_x
        live.controls["flip"].value = flip
        joint = noisy_copy_joint(p_x, flip)
        v = two_variables_summary(joint)
        assert np.allclose(parts["image"].get_array(), joint)
        assert parts["cells"][1][0].get_text() == f"{joint[1, 0]:.3f}"
        for name in ("H(X,Y)", "H(X)", "H(Y)", "H(X|Y)", "MI(X;Y)", "H(Y|X)"):
            assert bars[name].get_width() == pytest.approx(v[name], abs=1e-12)
        # the bars tile the axis: H(X) ends where H(Y|X) begins, H(Y) starts after H(X|Y)
        assert bars["H(Y|X)"].get_x() == pytest.approx(v["H(X)"], abs=1e-12)
        assert bars["H(Y)"].get_x() == pytest.approx(v["H(X|Y)"], abs=1e-12)
        assert bars["H(Y|X)"].get_x() + bars["H(Y|X)"].get_width() == pytest.approx(
            v["H(X,Y)"], abs=1e-12
        )
        text = parts["readout"].get_text()
        assert f"H(X, Y) = {format_information(v['H(X,Y)'])}" in text
        assert f"MI(X; Y) = {format_information(v['MI(X;Y)'])}" in text
        assert f"H(Y|X) = {v['H(Y|X)']:.3f}" in text
        legend = [t.get_text() for t in parts["legend"].get_texts()]
        assert legend == [f"H(X|Y) = {v['H(X|Y)']:.3f}", f"MI(X; Y) = {v['MI(X;Y)']:.3f}",
                          f"H(Y|X) = {v['H(Y|X)']:.3f}"]
    _moves_cleanly(live)


def test_two_variables_figure_text_contrast():
    """Cell numbers: white only on the dark cells, so either colour keeps contrast >= 4.5."""
    from matplotlib import colors

    def luminance(rgb):
        c = np.array(colors.to_rgb(rgb))
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(c @ [0.2126, 0.7152, 0.0722])

    live = two_variables_figure(display_now=False)
    image = live.parts["image"]
    for p_x, flip in [(0.5, 0.0), (0.5, 0.5), (0.9, 0.2), (0.73, 0.0), (0.72, 0.0)]:
        live.controls["p_x"].value = p_x
        live.controls["flip"].value = flip
        for x in (0, 1):
            for y in (0, 1):
                text = live.parts["cells"][x][y]
                cell = luminance(image.cmap(image.norm(image.get_array()[x, y])))
                fg = luminance(text.get_color())
                ratio = (max(cell, fg) + 0.05) / (min(cell, fg) + 0.05)
                assert ratio >= 4.5, (p_x, flip, x, y, ratio)


def test_two_variables_numbers_quoted_in_notebook_02():
    """The 'What to notice' of the two-variable figure quotes these values."""
    fair = two_variables_summary(noisy_copy_joint(0.5, 0.1))
    assert f"{fair['MI(X;Y)']:.3f}" == "0.531"
    rare = two_variables_summary(noisy_copy_joint(0.05, 0.0))
    assert f"{rare['MI(X;Y)']:.3f}" == f"{rare['H(X)']:.3f}" == "0.286"
    for r in (0.0, 1.0):
        v = two_variables_summary(noisy_copy_joint(0.3, r))
        assert v["H(Y|X)"] == 0.0 and v["MI(X;Y)"] == pytest.approx(v["H(X)"])
    half = two_variables_summary(noisy_copy_joint(0.3, 0.5))
    assert half["MI(X;Y)"] == pytest.approx(0.0, abs=1e-15)
    assert half["H(X,Y)"] == pytest.approx(half["H(X)"] + half["H(Y)"])
