"""LiveFigure redraws only what changed, and the picture equals a full redraw, pixel for pixel.

For every figure builder in ``helpers/figures`` (a public ``*_figure`` function that takes
``display_now``) and for a figure made here with a moving fill under the grid, a title and a
figure-level text: move each control across its range; after each move the canvas that
LiveFigure updated in place must equal a full draw of the same figure.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil

import ipywidgets as widgets
import numpy as np
import pytest

import helpers.figures
from helpers import LiveFigure, new_figure, slider


def _builders():
    found = []
    for info in pkgutil.iter_modules(helpers.figures.__path__):
        module = importlib.import_module(f"helpers.figures.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if (
                func.__module__ == module.__name__
                and name.endswith("_figure")
                and not name.startswith("_")
                and "display_now" in inspect.signature(func).parameters
            ):
                found.append(pytest.param(func, id=f"{info.name}.{name}"))
    return found


def _made_here(display_now=False):
    fig, (ax, ax2) = new_figure("live-redraw-test", 1, 2, figsize=(8, 3.5))
    x = np.linspace(-4, 4, 200)
    (fill,) = ax.fill(x, np.exp(-(x**2)), alpha=0.4)
    (line,) = ax.plot(x, np.exp(-(x**2)))
    ax.axhline(0.5, color="k", lw=3)  # static, above the fill
    ax.set_ylim(0, 1.1)
    title = ax.set_title("")
    bars = ax2.bar([0, 1], [0.5, 0.5])
    ax2.set_ylim(0, 1)
    note = fig.text(0.5, 0.02, "", ha="center")

    def update(shift):
        y = np.exp(-((x - shift) ** 2))
        fill.set_xy(np.column_stack([np.r_[x, x[::-1]], np.r_[y, 0 * y]]))
        line.set_ydata(y)
        title.set_text(f"shift = {shift:.2f}")
        bars[0].set_height(0.5 + shift / 10)
        note.set_text(f"a figure-level note: {shift:.1f}")

    return LiveFigure(fig, update, {"shift": slider("s", -2, 2, 0.5, 0.0)}, display_now=display_now)


def _full_draw(fig) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=fig.dpi)
    width, height = fig.canvas.get_width_height(physical=True)
    return np.frombuffer(buffer.getvalue(), np.uint8).reshape(height, width, 4)


@pytest.mark.parametrize("build", [pytest.param(_made_here, id="made-here"), *_builders()])
def test_in_place_redraw_equals_full_redraw(build, inline_backend):
    live = build(display_now=False)
    problems, in_place_frames = [], 0
    built = np.asarray(live.fig.canvas.buffer_rgba()).copy()
    if not np.array_equal(built, _full_draw(live.fig)):  # the canvas holds the first picture
        problems.append("right after construction the canvas differs from a full draw")
    # The background was made at construction: the first step of every slider only pastes it
    # and draws the moving artists, with the same palette (issue 20: the first press of a
    # figure drew the whole figure again and chose a new palette, at twice the time of a press).
    rebuilds, palettes = live.engine.rebuilds, live.encoder.palettes
    for name, control in live.controls.items():
        if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
            up = control.value + control.step
            control.value = up if up <= control.max else control.value - control.step
            if (live.engine.rebuilds, live.encoder.palettes) != (rebuilds, palettes):
                problems.append(f"{name}: the first step drew a new background or palette")
                rebuilds, palettes = live.engine.rebuilds, live.encoder.palettes
    if not np.array_equal(np.asarray(live.fig.canvas.buffer_rgba()), _full_draw(live.fig)):
        problems.append("after one step of each slider the canvas differs from a full draw")
    for name, control in live.controls.items():
        original = control.value
        if hasattr(control, "options"):
            values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        elif isinstance(control.value, bool):
            values = [not original, original]
        else:
            values = list(np.linspace(control.min, control.max, 5)) + [original]
        for value in values:
            control.value = value
            assert not live.errors, live.errors
            in_place_frames += live.engine.background is not None
            in_place = np.asarray(live.fig.canvas.buffer_rgba()).copy()
            full = _full_draw(live.fig)
            differ = int((np.abs(in_place.astype(int) - full.astype(int)).max(axis=2) > 0).sum())
            if differ:
                problems.append(f"{name}={value!r}: {differ} pixels differ from a full draw")
    assert in_place_frames, "never redrew in place"
    assert not problems, "\n".join(problems)


def test_an_axis_label_change_after_in_place_frames_is_drawn(inline_backend):
    """``ylabel.set_text`` does not mark the axis stale: the cached background must not keep the
    old label (found with notebook 01's unit dropdown)."""
    import ipywidgets as widgets

    fig, ax = new_figure("test-label-change", figsize=(4, 3))
    (line,) = ax.plot([0, 1], [0, 1])
    ax.set_ylim(0, 2)
    label = ax.set_ylabel("")

    def update(level, unit):
        line.set_ydata([0, level])
        label.set_text(f"I(p) in {unit}")

    live = LiveFigure(fig, update, {"level": slider("level", 0, 2, 0.5, 1.0),
                                    "unit": widgets.Dropdown(options=["bits", "nats"])},
                      display_now=False)
    live.controls["level"].value = 1.5  # in place, on a background with "bits"
    live.controls["level"].value = 0.5
    assert live.engine.background is not None
    live.controls["unit"].value = "nats"
    in_place = np.asarray(live.fig.canvas.buffer_rgba()).copy()
    assert np.array_equal(in_place, _full_draw(live.fig))
