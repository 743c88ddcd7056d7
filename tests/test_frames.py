"""helpers.frames: the frame plan and the pre-rendered pictures of the kernel-free site."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from helpers.frames import (
    MIN_FIRST,
    export_new,
    first_values,
    format_value,
    palette_png,
    plan_frames,
    render_frames,
)
from helpers.widgets import REVEAL, LiveFigure, new_figure, slider


def _figure(hidden: bool = False, two: bool = True):
    fig, ax = new_figure("frames-test", figsize=(3, 2), dpi=50)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    (line,) = ax.plot([0, 0], [-1, 1])
    (dot,) = ax.plot([0.5], [0.5], "o", markersize=14)

    def update(a, b=0.0):
        line.set_xdata([a, a])
        dot.set_ydata([b])

    controls = {"a": slider("shift a", -1, 1, 0.05, 0.25)}
    if two:
        controls["b"] = slider("b", -0.5, 0.5, 0.1, 0.0)
    live = LiveFigure(fig, update, controls, hidden=[dot] if hidden else (),
                      display_now=False)
    return live


def test_plan_first_control_every_step_others_a_few(inline_backend):
    live = _figure()
    plan = plan_frames(live)
    a, b = plan.controls
    assert a.values == pytest.approx(np.round(np.arange(-1, 1.0001, 0.05), 6).tolist())
    assert len(a.values) == 41 and a.values[a.default_index] == 0.25
    assert b.values == [-0.5, 0.0, 0.5] and b.values[b.default_index] == 0.0
    assert len(plan) == 41 * 3
    assert plan.default_frame() == a.default_index + 41 * b.default_index
    assert a.readout(a.default_index) == "shift a = 0.25"


def test_first_values_keeps_at_least_41_and_the_default():
    many = slider("θ", -10, 10, 0.01, 0.37)  # 2001 steps
    values = first_values(many, max_first=41)
    assert len(values) >= MIN_FIRST
    assert values[0] == -10 and values[-1] == 10 and 0.37 in values
    few = slider("k", 0, 1, 0.25, 0.5)
    assert first_values(few) == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_plan_respects_the_frame_budget(inline_backend):
    live = _figure()
    plan = plan_frames(live, max_first=121, others=3, max_frames=130)
    assert len(plan.controls[0].values) >= MIN_FIRST
    assert len(plan) <= 130 + 3  # the default may add one value on the first control


def test_render_frames_every_combination_distinct_and_controls_restored(inline_backend):
    live = _figure()
    plan = plan_frames(live, others=2)
    frames = render_frames(live, plan)
    assert len(frames.pngs) == len(plan)
    assert frames.hidden_png is None
    assert frames.width == 150 and frames.height == 100
    for png in frames.pngs[:3]:
        image = Image.open(io.BytesIO(png))
        assert image.mode == "P" and image.size == (150, 100)
    assert len(set(frames.pngs)) == len(plan)  # every combination is its own picture
    assert live.values() == {"a": 0.25, "b": 0.0}
    assert live.errors == []


def test_the_frame_of_a_combination_is_the_live_picture(inline_backend):
    live = _figure()
    plan = plan_frames(live, others=3)
    frames = render_frames(live, plan)
    live.controls["a"].value = plan.controls[0].values[7]
    live.controls["b"].value = plan.controls[1].values[2]
    expected = palette_png(np.asarray(live.fig.canvas.buffer_rgba()))
    assert frames.pngs[plan.index([7, 2])] == expected


def test_hidden_frame_is_the_unrevealed_picture(inline_backend):
    live = _figure(hidden=True)
    live.refresh()
    unrevealed = np.asarray(live.fig.canvas.buffer_rgba())[..., :3].astype(int)
    frames = render_frames(live, plan_frames(live, others=2))

    def differing(png):  # share of pixels that differ visibly from the unrevealed picture
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
        return np.mean(np.abs(pixels - unrevealed).max(axis=2) > 40)

    assert differing(frames.hidden_png) < 0.002  # the same picture, up to the palette
    assert differing(frames.pngs[plan_frames(live, others=2).default_frame()]) > 0.002
    assert live.controls[REVEAL].value is False and not live.revealed
    assert not live.hidden[0].get_visible()


def test_render_frames_names_the_values_that_failed(inline_backend):
    fig, ax = new_figure("frames-fail", figsize=(2, 2), dpi=40)
    (line,) = ax.plot([0, 1], [0, 0])

    def update(a):
        if a > 0.5:
            raise ValueError("too far")
        line.set_ydata([a, a])

    live = LiveFigure(fig, update, {"a": slider("a", 0, 1, 0.25, 0)}, display_now=False)
    with pytest.raises(RuntimeError, match="update failed at {'a': 0.75}"):
        render_frames(live)
    assert live.controls["a"].value == 0


def test_export_writes_pngs_and_a_manifest(inline_backend, tmp_path):
    from helpers import frames as frames_module

    frames_module.register_new()  # figures other tests left alive are not this test's
    for entry in frames_module._REGISTERED:
        entry["done"] = True
    live = _figure(hidden=True, two=False)
    (entry,) = export_new(tmp_path, "notebooks/frames/x/", max_first=41)
    m = entry["manifest"]
    assert entry["model_id"] == live.widget.model_id
    assert len(m["frames"]) == 41 and m["hidden"].endswith("hidden.png")
    assert m["controls"][0]["readouts"][m["controls"][0]["start"]] == "shift a = 0.25"
    for url in [*m["frames"], m["hidden"]]:
        assert (tmp_path / url.removeprefix("notebooks/frames/x/")).is_file()
    assert export_new(tmp_path, "p/") == []  # each figure once


def test_export_renders_at_the_values_the_figure_was_shown_with(inline_backend, tmp_path):
    from helpers import frames as frames_module

    frames_module.register_new()
    for entry in frames_module._REGISTERED:
        entry["done"] = True
    live = _figure(two=False)
    (registered,) = frames_module.register_new()
    live.controls["a"].value = -0.5  # a later cell moves the slider
    (entry,) = frames_module.export_registered(tmp_path, "", max_first=41)
    control = entry["manifest"]["controls"][0]
    assert entry["number"] == registered["number"]
    assert control["values"][control["start"]] == 0.25


def test_share_budget_thins_the_costliest_first_control(inline_backend):
    from helpers.frames import share_budget

    small, big = _figure(two=False), _figure()
    full = [plan_frames(small), plan_frames(big)]
    assert [len(p) for p in full] == [41, 123]
    plans = share_budget([(small, 100), (big, 100)], budget=100 * 140)
    assert len(plans[0].controls[0].values) == 41  # never below 41 values
    assert len(plans[1].controls[0].values) == 41  # could not be thinned: it stays
    many = slider("θ", -3, 3, 0.01, 0.0)  # 601 steps
    small.controls = {"t": many}
    plans = share_budget([(small, 100)], budget=100 * 200)
    assert MIN_FIRST <= len(plans[0]) <= 201
    assert len(share_budget([(small, 100)], budget=10**9)[0]) == 121


def test_palette_png_rejects_bad_input():
    with pytest.raises(ValueError, match="uint8"):
        palette_png(np.zeros((2, 2, 4)))
    with pytest.raises(ValueError, match="colors"):
        palette_png(np.zeros((2, 2, 3), dtype=np.uint8), colors=1)


def test_slider_with_a_bad_range_is_rejected(inline_backend):
    bad = slider("x", 0, 1, 0.1, 0.5)
    bad.step = 0
    with pytest.raises(ValueError, match="step > 0"):
        first_values(bad)


def test_readout_is_the_value_not_an_index():
    assert format_value(1.25) == "1.25"
    assert format_value(-0.001, ".2f") == "0.00"
    assert format_value(3, "d") == "3"


def test_dropdowns_and_checkboxes_take_every_choice(inline_backend):
    import ipywidgets as widgets

    fig, ax = new_figure("frames-choices", figsize=(2, 2), dpi=40)
    ax.set_ylim(0, 1)
    (line,) = ax.plot([0, 1], [0, 0])

    def update(kind, on):
        line.set_ydata([{"low": 0.1, "high": 0.9}[kind], 0.5 if on else 0.2])

    live = LiveFigure(fig, update, {
        "kind": widgets.Dropdown(options=[("Low", "low"), ("High", "high")], value="high",
                                 description="kind"),
        "on": widgets.Checkbox(value=False, description="on"),
    }, display_now=False)
    plan = plan_frames(live)
    assert [c.values for c in plan.controls] == [["low", "high"], [False, True]]
    assert plan.default_frame() == 1
    assert plan.controls[0].readout(1) == "kind = high"
    assert len(set(render_frames(live, plan).pngs)) == 4


def test_many_controls_take_two_values_then_only_their_default(inline_backend):
    """A figure with several secondary sliders: first two values each (default and far end),
    and on a page over budget only the default (the site shows them fixed)."""
    from helpers.frames import share_budget

    live = _figure()
    extra = {f"c{i}": slider(f"c{i}", 0, 1, 0.1, 0.5) for i in range(3)}
    live.controls = {**live.controls, **extra}
    plan = plan_frames(live)  # 41 x 3^4 would be far over 150 frames
    assert [len(c.values) for c in plan.controls[1:]] == [2, 2, 2, 2]
    assert plan.controls[2].values == [0.0, 0.5]  # the default and the far end
    tight = share_budget([(live, 100)], budget=100 * 60)[0]
    assert len(tight.controls[0].values) == MIN_FIRST
    assert [len(c.values) for c in tight.controls[1:]] == [1, 1, 1, 1]


def test_estimate_counts_revealed_pictures_switches_and_words(inline_backend):
    """The page budget's estimate: within 10 % of what the frames really take (pictures, alt
    texts in the manifest, the unrevealed picture), for a figure whose answer starts hidden and
    whose switch makes every picture much larger (a picture at the values it was shown with,
    unrevealed and with the switch off, was the old estimate: far too low)."""
    import json

    import ipywidgets as widgets

    from helpers.frames import estimate_bytes, share_budget

    fig, ax = new_figure("frames-estimate", figsize=(3, 2), dpi=50)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    (line,) = ax.plot([0, 0], [-1, 1])
    rng = np.random.default_rng(0)
    (cloud,) = ax.plot(rng.uniform(-1, 1, 300), rng.uniform(-1, 1, 300), ".", ms=2)
    (answer,) = ax.plot(np.linspace(-1, 1, 50), rng.uniform(-1, 1, 50), lw=1)

    def update(a, noisy):
        line.set_xdata([a, a])
        cloud.set_visible(bool(noisy))

    live = LiveFigure(fig, update, {"a": slider("shift a", -1, 1, 0.05, 0.25),
                                    "noisy": widgets.Checkbox(value=False, description="noisy")},
                      hidden=[answer], display_now=False)
    plan = plan_frames(live)
    per_frame, once = estimate_bytes(live, plan, url_bytes=20)
    assert live.values() == {"a": 0.25, "noisy": False} and not live.revealed  # set back
    frames = render_frames(live, plan)
    actual = (frames.nbytes + len(json.dumps(frames.hidden_alt, ensure_ascii=False))
              + sum(len(json.dumps(alt, ensure_ascii=False).encode()) + 24 for alt in frames.alts))
    estimate = per_frame * len(plan) + once
    assert 0.9 * actual <= estimate <= 1.1 * actual
    shown = len(palette_png(np.asarray(live.fig.canvas.buffer_rgba()))) * len(plan)
    assert shown < 0.8 * actual  # the picture as shown (unrevealed, switch off) is far too low
    # what a figure costs once counts against the budget too
    wide = _figure(two=False)
    wide.controls = {"t": slider("θ", -3, 3, 0.01, 0.0)}  # 601 steps
    assert len(share_budget([(wide, 100)], budget=100 * 121)[0]) == 121
    assert MIN_FIRST <= len(share_budget([(wide, 100, 100 * 60)], budget=100 * 121)[0]) <= 61


def test_share_budget_takes_the_smallest_last_step(inline_backend):
    """A page a little over budget: the step that fits with the fewest bytes taken away, not
    the costliest figure's (which would take its second slider's third value away)."""
    from helpers.frames import share_budget

    wide, two = _figure(two=False), _figure()
    wide.controls = {"t": slider("θ", -3, 3, 0.01, 0.0)}  # 601 steps: 121 values, then 101
    assert [len(plan_frames(wide)), len(plan_frames(two))] == [121, 123]
    plans = share_budget([(wide, 100), (two, 100)], budget=100 * (121 + 123 - 15))
    assert [len(plans[0]), len(plans[1])] == [101, 123]
    plans = share_budget([(wide, 100), (two, 100)], budget=100 * (121 + 123 - 30))
    assert [len(plans[0]), len(plans[1])] == [121, 82]  # only the costliest's step is enough


def test_an_ordered_choice_is_thinned_last(inline_backend):
    """A SelectionSlider beside the first slider keeps all its options until the page has
    nothing else to give: then three (ends and default), two, one."""
    import ipywidgets as widgets

    from helpers.frames import share_budget

    live = _figure(two=False)
    live.controls = {**live.controls, "budget": widgets.SelectionSlider(
        options=[5, 10, 20, 50, 100], value=5, description="budget")}
    assert [len(c.values) for c in plan_frames(live).controls] == [41, 5]
    plan = share_budget([(live, 100)], budget=100 * 41 * 4)[0]
    assert plan.controls[1].values == [5, 20, 100]
    plan = share_budget([(live, 100)], budget=100 * 41)[0]
    assert plan.controls[1].values == [5] and len(plan) == 41
