"""The figures of notebook 01: numbers on the figure equal the helpers', artists move in place."""

from __future__ import annotations

import math

import numpy as np
import pytest

import helpers as h
from helpers.figures.information import (
    UNITS,
    count,
    format_information,
    halving_figure,
    halving_rows,
    halving_steps,
    surprisal_figure,
    two_events_figure,
)

from .conftest import assert_redraws_in_place

pytestmark = pytest.mark.usefixtures("inline_backend")


def _children(fig) -> list[tuple[int, ...]]:
    return [tuple(id(a) for a in ax.get_children()) for ax in fig.axes] + [
        tuple(id(t) for t in fig.texts)
    ]


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_format_information():
    assert format_information(math.inf) == "∞"
    assert format_information(2.0, "hartleys") == "2.000 hartleys"
    # grammar: one is singular, without decimals that pretend to be a plural
    assert format_information(1.0, "hartleys") == "1 hartley"
    assert format_information(1.0004) == "1 bit" and format_information(1.0006) == "1.001 bits"
    assert count(1, "question") == "1 question" and count(2, "question") == "2 questions"
    with pytest.raises(ValueError, match="unit"):
        format_information(1.0, "bytes")


@pytest.mark.parametrize("unit", list(UNITS))
def test_surprisal_figure_numbers_match_the_helpers(unit):
    live = surprisal_figure(display_now=False)
    parts = live.parts
    live.controls["unit"].value = unit
    for p in (0.01, 0.25, 0.5, 1 / 6, 1.0):
        live.controls["p"].value = p
        p_used = live.controls["p"].value  # the slider rounds to its step
        value = h.information(p_used, base=UNITS[unit])
        text = parts["readout"].get_text()
        assert f"p = {p_used:.3g}" in text
        assert f"I(p) = {format_information(value, unit)}" in text
        if unit != "bits":
            assert f"= {format_information(h.information(p_used, base=2))}" in text
        assert parts["marker"].get_xydata().tolist() == [[p_used, pytest.approx(value)]]
        assert unit in parts["ylabel"].get_text()
    np.testing.assert_allclose(parts["curve"].get_ydata(),
                               h.information(parts["x"], base=UNITS[unit]))
    assert live.errors == []


def test_surprisal_figure_hides_the_answer_until_a_control_moves():
    live = surprisal_figure(display_now=False, hide_curve=True)
    assert not live.parts["curve"].get_visible() and not live.parts["readout"].get_visible()
    assert "show" in live.controls
    live.controls["p"].value = 0.125
    assert live.parts["curve"].get_visible() and live.revealed
    assert "I(p) = 3.000 bits" in live.parts["readout"].get_text()


def test_surprisal_figure_updates_in_place_and_every_control_works():
    live = surprisal_figure(display_now=False, hide_curve=True)
    before = _children(live.fig)
    png = live.last_png
    for p in (0.1, 0.9):
        live.controls["p"].value = p
    live.controls["unit"].value = "hartleys"
    assert _children(live.fig) == before
    assert live.last_png != png
    report = h.move_every_control(live)
    assert [r["name"] for r in report] == ["p", "unit", "log_axis", "show"]
    assert all(r["changed"] and not r["errors"] for r in report), report


def test_surprisal_slider_reaches_every_halving_and_the_log_axis_shows_equal_steps():
    """The text reads the curve at 1, 1/2, 1/4, 1/8: a learner can put the slider on each, and
    on the logarithmic axis those points are equally spaced and one bit apart."""
    live = surprisal_figure(display_now=False)
    slider = live.controls["p"]
    for p in (1.0, 0.5, 0.25, 0.125, 0.0625 * 2):
        k = (p - slider.min) / slider.step
        assert abs(k - round(k)) < 1e-9, f"p = {p} is not a slider position"
    live.controls["log_axis"].value = True
    ax = live.fig.axes[0]
    assert ax.get_xscale() == "log"
    xs, ys = [], []
    for p in (1.0, 0.5, 0.25, 0.125):
        live.controls["p"].value = p
        (x, y), = live.parts["marker"].get_xydata().tolist()
        xs.append(ax.transData.transform((x, y))[0])
        ys.append(y)
    np.testing.assert_allclose(np.diff(xs), np.diff(xs)[0], rtol=1e-9)  # equal steps in p
    np.testing.assert_allclose(ys, [0, 1, 2, 3], atol=1e-12)  # one bit per step
    assert "p = 0.125" in live.parts["readout"].get_text()
    live.controls["log_axis"].value = False
    assert ax.get_xscale() == "linear" and ax.get_xlim() == (0, 1.02)
    assert live.errors == []


def test_surprisal_readout_stays_inside_the_axes_and_clear_of_the_curve_labels():
    live = surprisal_figure(display_now=False)
    ax = live.fig.axes[0]
    for unit in UNITS:
        live.controls["unit"].value = unit
        for p in (0.01, 0.5, 1.0):
            live.controls["p"].value = p
            live.fig.draw_without_rendering()
            box = live.parts["readout"].get_window_extent()
            assert ax.bbox.contains(box.x0, box.y0) and ax.bbox.contains(box.x1, box.y1)
            for label in live.parts["labels"]:
                assert not _overlap(box, label.get_window_extent())


def test_two_events_figure_shows_additivity():
    live = two_events_figure(display_now=False)
    parts = live.parts
    for pa, pb in ((0.5, 1 / 6), (0.01, 0.01), (1.0, 0.3), (0.2, 1.0)):
        live.controls["pa"].value = pa
        live.controls["pb"].value = pb
        a, b = live.controls["pa"].value, live.controls["pb"].value
        ia, ib = h.information(a, base=2), h.information(b, base=2)
        iab = h.information(a * b, base=2)
        assert iab == pytest.approx(ia + ib, rel=1e-12, abs=1e-12)
        assert parts["a"].get_height() == pytest.approx(ia)
        assert parts["b"].get_y() == pytest.approx(ia)
        assert parts["b"].get_height() == pytest.approx(ib)
        assert parts["ab"].get_height() == pytest.approx(iab)
        text = parts["readout"].get_text()
        assert f"= {ia + ib:.3f} bits = I(a and b)" in text
        assert parts["text_ab"].get_text() == f"{iab:.3f} bits"
        assert iab < live.fig.axes[0].get_ylim()[1] - 1  # the label fits above the bar
    assert live.errors == []
    report = h.move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report


def test_halving_rows_and_steps():
    assert halving_steps(16, 11) == [(1, 16, 8, False), (9, 16, 12, True), (9, 12, 10, False),
                                     (11, 12, 11, True)]
    rows = halving_rows(16, 11, 64)
    assert rows.shape == (7, 64)
    assert (rows[0, :16] == 2).all() and (rows[:, 16:] == 0).all()
    assert rows[4, 10] == 3 and (rows[5:] == 0).all()


def test_halving_figure_readout_and_questions():
    live = halving_figure(display_now=False)
    parts = live.parts
    for n, chosen in ((16, 11), (20, 1), (33, 33), (64, 32), (2, 1), (8, 50)):
        live.controls["n"].value = n
        live.controls["secret"].value = chosen
        assert live.controls["secret"].max == n  # the hidden number's slider ends at N
        secret = min(chosen, n)
        steps = halving_steps(n, secret)
        text = parts["readout"].get_text()
        assert f"N = {n}, hidden number {secret}: found after {count(len(steps), 'question')}" in (
            text)
        assert f"= {count(math.ceil(math.log2(n)), 'question')}" in text
        assert f"log₂ {n} = {format_information(math.log2(n), digits=2)}" in text
        assert "1 questions" not in text and "1.00 bits" not in text
        shown = [t.get_text() for t in parts["questions"] if t.get_text()]
        assert len(shown) == len(steps)
        for k, (_, _, middle, answer) in enumerate(steps):
            assert shown[k] == f"Q{k + 1}: ≤ {middle}?  {'yes' if answer else 'no'}"
        np.testing.assert_array_equal(parts["image"].get_array(), halving_rows(n, secret, 64))
    assert live.errors == []
    before = _children(live.fig)
    report = h.move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report
    assert _children(live.fig) == before


def test_halving_question_texts_fit_in_the_figure():
    live = halving_figure(display_now=False)
    live.controls["n"].value = 64
    live.fig.draw_without_rendering()
    for text in live.parts["questions"]:
        box = text.get_window_extent()
        assert box.x1 <= live.fig.bbox.x1 + 1


@pytest.mark.parametrize("n", [8, 16, 100, 1000])
def test_halving_game_played_with_the_buttons_finds_the_number_in_time(n):
    from helpers.figures.information import HalvingGame

    game = HalvingGame(n=n, seed=n, display_now=False)
    for _ in range(3):
        game.new_number()
        while not game.found:
            game.ask_button.click()  # the slider always suggests the middle
            assert len(game.questions) <= math.ceil(math.log2(n))
        assert game.lo == game.secret
        assert f"Found: it is {game.secret}, after {count(len(game.questions), 'question')}" in (
            game.status.value
        )
        assert f"⌈log₂ {n}⌉ = {math.ceil(math.log2(n))}" in game.status.value
        assert game.ask_button.disabled
        assert game.log.value.count("Q") == len(game.questions)


def test_halving_game_status_and_reset():
    from helpers.figures.information import HalvingGame

    game = HalvingGame(n=100, seed=0, display_now=False)
    assert "Candidates 1 … 100: 100 numbers, log₂ 100 = 6.64 bits still unknown" in (
        game.status.value
    )
    game.secret = 30
    assert game.ask(50) is True and (game.lo, game.hi) == (1, 50)
    assert game.ask(10) is False and (game.lo, game.hi) == (11, 50)
    assert game.middle.min == 11 and game.middle.max == 49 and game.middle.value == 30
    assert "log₂ 40 = 5.32 bits still unknown" in game.status.value
    game.size.value = 16  # a new N starts a new game
    assert game.n == 16 and game.questions == [] and (game.lo, game.hi) == (1, 16)
    assert 1 <= game.secret <= 16


@pytest.mark.parametrize(
    ("make", "name", "values"),
    [
        (surprisal_figure, "p", (0.2, 0.3, 0.7)),
        (two_events_figure, "pa", (0.2, 0.3, 0.7)),
        (halving_figure, "n", (30, 40, 50)),
    ],
)
def test_slider_moves_redraw_only_what_changed(make, name, values, monkeypatch):
    assert_redraws_in_place(make(display_now=False), name, values, monkeypatch)


def test_everyday_labels_carry_their_value_in_the_chosen_unit():
    live = surprisal_figure(display_now=False)
    expected = {"bits": ["1 bit", "2.58 bits", "5.70 bits"],
                "nats": ["0.69 nats", "1.79 nats", "3.95 nats"],
                "hartleys": ["0.30 hartleys", "0.78 hartleys", "1.72 hartleys"]}
    for unit, values in expected.items():
        live.controls["unit"].value = unit
        texts = [t.get_text() for t in live.parts["labels"]]
        assert all(t.endswith(v) for t, v in zip(texts, values, strict=True)), texts
