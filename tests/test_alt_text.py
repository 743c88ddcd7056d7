"""Every live figure has a text alternative that follows its sliders (``helpers.alt_text``).

The text is made from what the figure draws (its titles and readouts), so a slider that changes
a number on the figure changes the words; it states the controls' values; a prediction's answer
stays out of the words until it is shown, as it stays out of the picture.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import LiveFigure, new_figure, slider
from helpers.alt_text import control_readouts, describe
from helpers.frames import render_frames

from .test_live_redraw import _builders


def _other_value(control):
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return values[(values.index(control.value) + 1) % len(values)]
    if isinstance(control.value, bool):
        return not control.value
    return control.min if control.value == control.max else control.max


@pytest.mark.parametrize("build", _builders())
def test_every_figure_words_follow_its_sliders(build, inline_backend):
    """Moving any control changes the alt text, which names the control's new value."""
    from helpers.widgets import REVEAL

    live = build(display_now=False)
    first = live.alt
    assert first and first == live.describe(), "no text alternative after the first frame"
    assert first.replace("&", "&amp;")[:20] in live.alt_box.value
    for name, control in live.controls.items():
        if name == REVEAL:
            continue
        before = live.alt
        control.value = _other_value(control)
        after = live.alt
        assert after != before, f"{name}: the alt text did not change ({after!r})"
        assert set(control_readouts(live)) <= set(after.split(". ")[0].split(", ")), after
        assert "aria-live" in live.alt_box.value


def test_js_box_words_state_the_drawn_numbers(inline_backend):
    from helpers.figures.jensen_shannon import box_shift_figure

    live = box_shift_figure(display_now=False)
    assert "JS =" not in live.alt, "the prediction's answer is in the words before it is shown"
    live.controls["shift"].value = 1.25
    assert live.alt.startswith("shift s of Q = 1.25. ")
    assert "s = 1.25: JS = 0.693 nats = 1.000 bits" in live.alt
    assert "KL(P‖Q) = ∞" in live.alt and "KL(Q‖P) = ∞" in live.alt
    assert "Q (shifted by s) (dashed)" in live.alt  # the role's line style, not its colour only
    live.controls["shift"].value = 0.5
    js = float(live.alt.split("JS = ")[1].split(" nats")[0])
    assert math.isclose(js, 0.5 * math.log(2), abs_tol=5e-4)  # half overlap: (1/2) log 2


def test_a_given_summary_and_a_callable(inline_backend):
    fig, ax = new_figure("alt-test", figsize=(4, 3))
    (line,) = ax.plot([0, 1], [0, 0], ls=":", label="level")
    ax.legend()
    ax.set_xlabel("x")
    ax.set_ylabel("height")
    title = ax.set_title("")

    def update(level):
        line.set_ydata([level, level])
        title.set_text(f"height {level:.1f}")

    live = LiveFigure(fig, update, {"level": slider("level", 0, 1, 0.1, 0.5)},
                      display_now=False)
    assert live.alt == "level = 0.50. height against x (level (dotted)). height 0.5"
    live.alt_text = "A flat line at the chosen height."
    live.controls["level"].value = 0.7
    assert live.alt == "level = 0.70. A flat line at the chosen height. height 0.7"
    live.alt_text = lambda level: f"the line is at {level:.2f}"
    live.controls["level"].value = 0.2
    assert live.alt == "the line is at 0.20" == describe(live, None).replace(
        "level = 0.20. height against x (level (dotted)). height 0.2", "the line is at 0.20")


def test_frames_carry_one_alt_text_each(inline_backend):
    """The site's frames: one text per picture, each naming its own slider value."""
    from helpers.figures.jensen_shannon import box_shift_figure

    live = box_shift_figure(display_now=False)
    frames = render_frames(live, max_first=41, others=2)
    assert len(frames.alts) == len(frames.pngs)
    values = frames.plan.controls[0].values
    for value, alt in zip(values, frames.alts, strict=True):
        assert alt.startswith(f"shift s of Q = {value:.2f}. "), alt
        assert f"s = {value:.2f}: JS = " in alt
    assert frames.hidden_alt is not None and "JS =" not in frames.hidden_alt
    assert len(set(frames.alts)) == len(np.unique(values))


def _luminance(color) -> float:
    from matplotlib.colors import to_rgba

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = to_rgba(color)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    """WCAG 2.1 contrast ratio of two colours.

    >>> round(contrast("white", "#767676"), 2), contrast("black", "white")
    (4.54, 21.0)
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_examples():
    assert round(contrast("white", "#767676"), 2) == 4.54
    assert contrast("black", "white") == 21.0
    assert contrast("#E69F00", "white") < 3  # Okabe-Ito orange: never for text


@pytest.mark.parametrize("build", _builders())
def test_every_figure_text_reaches_aa_contrast(build, inline_backend):
    """Every text drawn on a figure (titles, readouts, labels, ticks, legends) has a contrast of
    4.5:1 on its box or the white background (3:1 for large text: 18 pt, or 14 pt bold).

    Text drawn in white sits on a filled bar or image cell, never on the white background; its
    background is not known here, so it is left out (the builders choose white only on dark
    fills)."""
    from matplotlib.colors import to_rgba
    from matplotlib.text import Text

    from helpers.widgets import REVEAL

    live = build(display_now=False)
    if REVEAL in live.controls:
        live.controls[REVEAL].value = True
    low = []
    for text in live.fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if to_rgba(text.get_color())[:3] == (1.0, 1.0, 1.0):
            continue
        box = text.get_bbox_patch()
        background = box.get_facecolor() if box is not None else live.fig.get_facecolor()
        weight = text.get_fontweight()
        large = text.get_fontsize() >= 18 or (
            text.get_fontsize() >= 14 and weight in ("bold", "heavy", "black", 700, 800, 900))
        ratio = contrast(text.get_color(), background)
        if ratio < (3.0 if large else 4.5) or (text.get_alpha() or 1.0) < 1.0:
            low.append(f"{text.get_text()[:30]!r}: {ratio:.2f}:1")
    assert low == [], low


@pytest.mark.parametrize("build", _builders())
def test_legend_entries_differ_by_more_than_colour(build, inline_backend):
    """No meaning by colour alone (WCAG 1.4.1): within a legend, no two entries share their line
    style and marker (lines), hatching (bars, fills) or marker (scatters)."""
    from helpers.plotting import _style_key

    live = build(display_now=False)
    for ax in live.fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        keys = {}
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=False):
            key = _style_key(handle)
            if key is not None:
                keys.setdefault(key, []).append(text.get_text())
        same = [labels for labels in keys.values() if len(labels) > 1]
        assert same == [], f"told apart by colour only: {same}"


def test_no_stutter_in_the_alt_texts_of_notebooks_08_and_09(inline_backend):
    """Whole-number choices read "n = 256" (not 256.00), a label ending in "=" is not doubled
    ("θ = = 7"), and a suptitle is said once."""
    from helpers.figures.estimators import discriminator_figure, plugin_figure
    from helpers.figures.training import saturation_figure

    assert "points per sample n = 256." in describe(plugin_figure(display_now=False))
    text = describe(saturation_figure(display_now=False))
    assert "= =" not in text and "generated samples at θ = 7" in text
    text = describe(discriminator_figure(display_now=False, sizes=(16, 64), steps=60))
    assert text.startswith("training points n = 16.")
    sentence = "Discriminator's JS bound"
    assert text.count(sentence) == 1 and ".;" not in text


def test_neighbouring_panels_with_one_x_label_say_it_once():
    """Three panels against the same slider's quantity read as one phrase, not three."""
    import matplotlib.pyplot as plt

    from helpers.alt_text import summary

    fig, axes = plt.subplots(1, 4)
    try:
        axes[0].set(xlabel="x", ylabel="density")
        for ax, y in zip(axes[1:], ("KL (nats)", "JS (nats)", "W₁"), strict=True):
            ax.set(xlabel="shift θ", ylabel=y)
        axes[3].plot([0, 1], [0, 1], "--", label="|θ|")
        axes[3].legend()
        assert summary(fig) == ("density against x; KL (nats), JS (nats) and W₁ (|θ| (dashed)), "
                                "each against shift θ")
        axes[2].set_xlabel("θ")  # no longer neighbours with one x label
        assert summary(fig) == ("density against x; KL (nats) against shift θ; "
                                "JS (nats) against θ; W₁ against shift θ (|θ| (dashed))")
    finally:
        plt.close(fig)


def test_readouts_laid_out_side_by_side_are_read_apart():
    """Two readouts on one line, separated by a run of spaces, are two phrases in the alt text."""
    from helpers.alt_text import _clean

    assert _clean("V = -1.16 nats   2 JS − 2 log 2 = -1.16 nats\nslope +0.398") == (
        "V = -1.16 nats; 2 JS − 2 log 2 = -1.16 nats; slope +0.398")
    assert _clean("a  b") == "a b"  # two spaces are only spacing
    assert _clean("s = 1.25:   JS = 0.693 nats,   KL = ∞") == "s = 1.25: JS = 0.693 nats, KL = ∞"
    assert _clean("MI = 0.531 bits;   H(X) + H(Y|X) = 1.469") == (
        "MI = 0.531 bits; H(X) + H(Y|X) = 1.469")  # no second ;
    assert _clean("P(X = 0)\n= 0.50") == "P(X = 0) = 0.50"  # a label broken before its value
