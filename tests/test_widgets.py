"""LiveFigure, the sliders-to-figure building block, outside a kernel."""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import widgets as hw


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _make(update_raises=False):
    fig, ax = hw.new_figure("test-live", figsize=(4, 3))
    x = np.linspace(0, 1, 11)
    (line,) = ax.plot(x, x)
    text = ax.text(0.1, 0.9, "")
    calls = []

    def update(a, b):
        calls.append((a, b))
        if update_raises and a > 0.5:
            raise ZeroDivisionError("boom in update")
        line.set_ydata(a * x + b)
        text.set_text(f"a = {a:.2f}")

    live = hw.LiveFigure(
        fig,
        update,
        {"a": hw.slider("a", 0, 1, 0.1, 0.2), "b": hw.slider("b", -1, 1, 0.1, 0.0)},
        display_now=False,
    )
    return live, line, text, calls


def test_builds_once_and_updates_in_place():
    live, line, text, calls = _make()
    # drawn once at construction; update runs twice (the second time shows what it moves)
    assert calls == [(0.2, 0.0), (0.2, 0.0)]
    artists_before = list(live.fig.findobj())
    live.controls["a"].value = 0.7
    assert calls[-1] == (0.7, 0.0)
    assert text.get_text() == "a = 0.70"
    np.testing.assert_allclose(line.get_ydata(), 0.7 * np.linspace(0, 1, 11))
    assert list(live.fig.findobj()) == artists_before  # same artists, nothing added
    assert live.redraws == 2
    assert live.errors == []


def test_shows_each_frame_as_png_in_a_fixed_size_image_widget():
    live, *_ = _make()
    assert isinstance(live.view, widgets.Image) and live.view.format == "png"
    width, height = live.fig.canvas.get_width_height(physical=True)
    assert (live.view.width, live.view.height) == (str(width), str(height))
    first = live.last_png
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and bytes(live.view.value) == first
    live.controls["b"].value = 0.5
    assert live.last_png[:8] == b"\x89PNG\r\n\x1a\n" and live.last_png != first
    assert bytes(live.view.value) == live.last_png
    assert (live.view.width, live.view.height) == (str(width), str(height))  # no jumps


def test_the_picture_shown_is_the_canvas_within_palette_error():
    from PIL import Image

    live, *_ = _make()
    live.controls["a"].value = 0.9
    shown = np.asarray(Image.open(io.BytesIO(live.last_png)).convert("RGBA")).astype(int)
    canvas = np.asarray(live.fig.canvas.buffer_rgba()).astype(int)
    assert shown.shape == canvas.shape
    assert np.abs(shown - canvas).max() <= 24


def test_canvas_is_plain_agg_even_for_a_pyplot_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig, ax = plt.subplots(num="pyplot-made")
    (line,) = ax.plot([0, 1], [0, 1])
    live = hw.LiveFigure(fig, lambda y: line.set_ydata([y, y]),
                         {"y": hw.slider("y", 0, 1, 0.1, 0.5)}, display_now=False)
    assert type(live.fig.canvas) is FigureCanvasAgg
    assert "pyplot-made" not in plt.get_figlabels()  # inline would show a frozen copy


def test_callback_exceptions_are_shown_and_recorded():
    live, *_ = _make(update_raises=True)
    live.controls["a"].value = 0.9
    assert len(live.errors) == 1 and isinstance(live.errors[0], ZeroDivisionError)
    assert "boom in update" in live.error_box.value
    assert "live-figure-error" in live.error_box._dom_classes
    live.controls["a"].value = 0.3  # a good value clears the message
    assert live.error_box.value == ""


def test_fingerprint_and_move_every_control():
    live, *_ = _make()
    before = live.fingerprint()
    assert before == live.fingerprint()
    report = hw.move_every_control(live)
    assert [r["name"] for r in report] == ["a", "b"]
    assert all(r["changed"] and not r["errors"] for r in report)
    assert live.fingerprint() == before  # controls were put back
    assert live in hw.live_figures()


def test_move_every_control_detects_a_dead_slider():
    fig, ax = hw.new_figure("dead", figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    live = hw.LiveFigure(fig, lambda a: None, {"a": hw.slider("a", 0, 1, 0.1, 0.5)},
                         display_now=False)
    assert hw.move_every_control(live) == [{"name": "a", "changed": False, "errors": []}]


def test_new_figure_is_not_kept_by_pyplot():
    plt.figure(num="same")  # an older pyplot figure with this label is closed
    fig1, _ = hw.new_figure("same")
    fig2, _ = hw.new_figure("same")
    assert fig1 is not fig2
    assert "same" not in plt.get_figlabels()


def test_setup_notebook_outside_a_kernel(monkeypatch):
    monkeypatch.setenv("HELPERS_BACKEND", "ipympl")  # ignored now: one way to draw
    assert hw.setup_notebook() == "inline"
    assert hw.setup_notebook("ipympl") == "inline"
    with pytest.raises(ValueError, match="backend must be"):
        hw.setup_notebook("nonsense")


def test_slider_is_continuous_and_wide():
    s = hw.slider("θ", -2, 2, 0.05, 1.0)
    assert s.continuous_update and s.value == 1.0 and s.step == 0.05
    assert "%" in s.layout.width or "px" in s.layout.width


def test_hidden_artists_wait_for_a_move_or_the_toggle():
    from helpers.widgets import REVEAL, LiveFigure, move_every_control, new_figure, slider

    fig, ax = new_figure("test-reveal", figsize=(3, 2))
    (line,) = ax.plot([0, 1], [0, 0])
    (curve,) = ax.plot([0, 1], [1, 0])
    seen = []
    live = LiveFigure(
        fig, lambda y: seen.append(y) or line.set_ydata([y, y]),
        {"y": slider("y", 0, 1, 0.1, 0.5)}, hidden=[curve], display_now=False,
    )
    assert not curve.get_visible() and not live.revealed
    live.controls[REVEAL].value = True  # the toggle shows it ...
    assert curve.get_visible() and live.revealed
    live.controls[REVEAL].value = False  # ... and hides it again
    assert not curve.get_visible()
    live.controls["y"].value = 0.9  # moving a slider reveals it, with one redraw
    assert curve.get_visible() and live.controls[REVEAL].value is True
    # twice at construction (the second time shows what it moves), then one call per change;
    # update never receives the toggle
    assert seen == [0.5, 0.5, 0.5, 0.5, 0.9]
    report = move_every_control(live)
    assert [r["name"] for r in report] == ["y", REVEAL]
    assert all(r["changed"] and not r["errors"] for r in report)
    import pytest

    with pytest.raises(ValueError, match="reserved"):
        LiveFigure(fig, lambda show: None, {REVEAL: slider("s", 0, 1, 0.1, 0.5)},
                   display_now=False)
