"""Pre-rendered frames of a LiveFigure, for the kernel-free site and slides.

A :class:`~helpers.widgets.LiveFigure` redraws its figure whenever a control moves. The site
(``make site``) has no kernel, so it shows pictures rendered at build time instead: this module
chooses the control values (a *frame plan*), moves the controls through every combination and
keeps each picture as a small palette PNG. In the browser, a range input per control picks the
picture of the current combination.

The plan:

* the **first** control gets every step of its slider — at least :data:`MIN_FIRST` values, and
  all of them when the slider has fewer steps; a slider with more than ``max_first`` steps is
  walked with a stride that divides its steps evenly (never below :data:`MIN_FIRST` values);
* every **other** control gets a few representative values (its ends, its default, points
  between), so that every combination can be shown;
* the plan always contains each control's current (default) value, so the page opens on the
  picture the notebook opens on;
* the figures of one page share a byte budget (:data:`PAGE_FRAME_BYTES`, estimated from a few
  pictures of each figure rendered across its controls, with their alt texts:
  :func:`estimate_bytes`): while the estimate is over it, the first control of the costliest
  figure is thinned, never below :data:`MIN_FIRST` values (:func:`share_budget`).

Frames are stored in row-major order over the plan's controls, the first control varying
fastest: frame ``k`` has index ``k % n0`` on the first control, ``(k // n0) % n1`` on the second...
"""

from __future__ import annotations

import io
import itertools
import json
import math
import statistics
from dataclasses import dataclass, field

import numpy as np

#: The fewest positions the first control's slider gets on the site.
MIN_FIRST = 41
#: Default number of values for every other control.
OTHERS = 3
#: Default largest number of values for the first control.
MAX_FIRST = 121
#: Default largest number of frames of one figure (the first control is thinned to fit).
MAX_FRAMES = 150
#: Colours in a frame's palette.
COLORS = 32


@dataclass
class ControlPlan:
    """The values one control takes in the frames, and how to show them."""

    name: str
    label: str
    values: list[float]
    default_index: int
    fmt: str = ".2f"

    def readout(self, index: int) -> str:
        """The readout shown next to the range input, e.g. ``"θ = 1.25"``.

        >>> ControlPlan("theta", "shift θ", [1.0, 1.25], 0).readout(1)
        'shift θ = 1.25'
        """
        return f"{self.label} = {format_value(self.values[index], self.fmt)}"


@dataclass
class FramePlan:
    """Every control's values; ``len(plan)`` frames, the first control varying fastest."""

    controls: list[ControlPlan] = field(default_factory=list)

    def __len__(self) -> int:
        return math.prod(len(c.values) for c in self.controls) if self.controls else 1

    def index(self, positions) -> int:
        """The frame number of the given position on each control.

        >>> plan = FramePlan([ControlPlan("a", "a", [0, 1, 2], 0),
        ...                   ControlPlan("b", "b", [0, 1], 0)])
        >>> plan.index([2, 1]), len(plan)
        (5, 6)
        """
        k, stride = 0, 1
        for control, position in zip(self.controls, positions, strict=True):
            k += position * stride
            stride *= len(control.values)
        return k

    def combinations(self):
        """Each frame's values (dict name -> value), in frame order."""
        names = [c.name for c in self.controls]
        grids = [c.values for c in reversed(self.controls)]
        for combo in itertools.product(*grids):
            yield dict(zip(names, reversed(combo), strict=True))

    def default_frame(self) -> int:
        return self.index([c.default_index for c in self.controls])


def format_value(value, fmt: str = ".2f") -> str:
    """A control's value as its slider's readout shows it (``fmt`` is a Python format spec).

    A whole number stored as a float keeps an integer format, and a switch reads True or False
    whatever the format (the figure's text alternative writes them the same way):

    >>> format_value(1.25), format_value(-0.0), format_value(3, "d"), format_value(True, "")
    ('1.25', '0.00', '3', 'True')
    >>> format_value(10.0, "d"), format_value(False, ".2f")
    ('10', 'False')
    """
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if fmt.endswith("d") and isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        text = format(value, fmt)
    except (TypeError, ValueError):
        text = str(value)
    if fmt and text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def _steps(control) -> np.ndarray:
    """Every value a slider can take: ``min, min + step, ..., max`` (snapped to its step)."""
    lo, hi, step = float(control.min), float(control.max), float(control.step)
    if not (np.isfinite(lo) and np.isfinite(hi) and np.isfinite(step)) or step <= 0 or hi < lo:
        raise ValueError(
            f"slider {control.description!r}: needs finite min <= max and step > 0, "
            f"got min={lo}, max={hi}, step={step}"
        )
    count = int(math.floor((hi - lo) / step + 1e-9)) + 1
    decimals = max(0, -math.floor(math.log10(step)) + 3)
    return np.round(lo + step * np.arange(count), decimals)


def _nearest(values, value) -> int:
    return int(np.argmin(np.abs(np.asarray(values, dtype=float) - float(value))))


def first_values(control, max_first: int = MAX_FIRST) -> list[float]:
    """Values of the first control: every step, or an even stride of them if there are too many.

    The stride is the smallest one that keeps at most ``max_first`` values, and it never leaves
    fewer than :data:`MIN_FIRST` (the ends are always kept: the stride divides the steps when it
    can). The control's current value is added when the stride misses it.

    >>> from helpers.widgets import slider
    >>> len(first_values(slider("θ", -3, 3, 0.05, 1.0)))
    121
    >>> values = first_values(slider("θ", -3, 3, 0.05, 1.0), max_first=61)
    >>> len(values), values[:3], values[-1]
    (61, [-3.0, -2.9, -2.8], 3.0)
    >>> len(first_values(slider("w", 0, 1, 0.1, 0.5)))
    11
    >>> values = first_values(slider("p", 0.01, 1, 0.01, 0.5), max_first=50)  # 100 steps, + 0.5
    >>> len(values), values[0], values[-1]
    (52, 0.01, 1.0)
    """
    steps = _steps(control)
    n = len(steps)
    limit = max(int(max_first), MIN_FIRST)
    if n <= limit:
        chosen = steps
    else:
        stride = 1
        while (n - 1) // stride + 1 > limit:
            stride += 1
        # prefer a stride (no smaller: that would exceed the limit) that divides the steps, so
        # that both ends are kept; else the last step is appended below
        for s in range(stride, (n - 1) // (MIN_FIRST - 1) + 1):
            if (n - 1) % s == 0:
                stride = s
                break
        if (n - 1) // stride + 1 < MIN_FIRST:
            stride = max(1, (n - 1) // (MIN_FIRST - 1))
        chosen = steps[::stride]
        if chosen[-1] != steps[-1]:
            chosen = np.append(chosen, steps[-1])
    values = [float(v) for v in chosen]
    current = float(control.value)
    if min(abs(v - current) for v in values) > 1e-9 and steps[0] <= current <= steps[-1]:
        values = sorted([*values, current])
    return values


def representative_values(control, count: int = OTHERS) -> list[float]:
    """A few values of a secondary control: its ends, its current value, evenly between.

    >>> from helpers.widgets import slider
    >>> representative_values(slider("σ", 0.25, 2.0, 0.05, 1.0))
    [0.25, 1.0, 2.0]
    >>> representative_values(slider("σ", 0.25, 2.0, 0.05, 1.0), count=5)
    [0.25, 0.7, 1.0, 1.15, 2.0]
    >>> representative_values(slider("σ", 0.25, 2.0, 0.05, 1.0), count=2)
    [1.0, 2.0]
    """
    steps = _steps(control)
    count = max(1, int(count))
    current = steps[_nearest(steps, control.value)]
    if count == 1:
        return [float(current)]
    if count == 2:  # the current value and the end farther from it
        far = steps[0] if abs(current - steps[0]) >= abs(steps[-1] - current) else steps[-1]
        return sorted({float(current), float(far)})
    picks = {float(steps[0]), float(steps[-1]), float(current)}
    for t in np.linspace(0, 1, count):
        if len(picks) >= count:
            break
        picks.add(float(steps[int(round(t * (len(steps) - 1)))]))
    return sorted(picks)


def _label(control, name: str) -> str:
    return (getattr(control, "description", "") or name).strip()


def _fmt(control) -> str:
    fmt = getattr(control, "readout_format", None)
    if not fmt:
        return ".2f"
    return fmt.split(":")[-1].lstrip("{").rstrip("}") or ".2f"


def plan_frames(
    live,
    *,
    max_first: int = MAX_FIRST,
    others: int = OTHERS,
    max_frames: int = MAX_FRAMES,
    ordered: int | None = None,
) -> FramePlan:
    """The frame plan of a LiveFigure: which value of each control every frame shows.

    Controls other than sliders with ``min``/``max``/``step`` (dropdowns, checkboxes, toggle
    buttons) take every one of their options; a secondary ``SelectionSlider`` (ordered
    options) takes at most ``ordered`` of them when it is given (its ends, its current value,
    evenly between: :func:`fewer_choices`; :func:`share_budget` uses it on a page over budget).
    The reveal toggle is not a control here: the unrevealed picture is one extra frame (see
    :func:`render_frames`).

    Raises
    ------
    ValueError
        When a slider has no finite range or step, or the figure has no control.
    """
    from .widgets import REVEAL

    names = [n for n in live.controls if n != REVEAL]
    if not names:
        raise ValueError("plan_frames: the LiveFigure has no control to move")
    rest = []
    for name in names[1:]:
        control = live.controls[name]
        if _is_slider(control):
            values = representative_values(control, others)
        elif ordered is not None and _is_ordered(control):
            values = fewer_choices(_choices(control), control.value, ordered)
        else:
            values = _choices(control)
        rest.append(ControlPlan(name, _label(control, name), values,
                                _index_of(values, control.value), _fmt(control)))
    combos = math.prod(len(c.values) for c in rest)
    if others > 2 and combos * MIN_FIRST > max_frames:
        # many controls: two values of each other slider (its default and its far end) before
        # the product of a few values each outgrows the frame budget
        return plan_frames(live, max_first=max_first, others=2, max_frames=max_frames,
                           ordered=ordered)
    first = live.controls[names[0]]
    room = max(1, max_frames // max(1, combos))
    if _is_slider(first):
        values = first_values(first, min(max_first, max(room, MIN_FIRST)))
    else:
        values = _choices(first)
    plan0 = ControlPlan(names[0], _label(first, names[0]), values,
                        _index_of(values, first.value), _fmt(first))
    return FramePlan([plan0, *rest])


def _is_slider(control) -> bool:
    return all(hasattr(control, a) for a in ("min", "max", "step"))


def _is_ordered(control) -> bool:
    """A control whose options are ordered steps (an ``ipywidgets.SelectionSlider``)."""
    import ipywidgets as widgets

    return isinstance(control, widgets.SelectionSlider)


def fewer_choices(options: list, current, count: int) -> list:
    """At most ``count`` of ordered ``options``: the ends, ``current``, evenly between.

    >>> fewer_choices([5, 10, 20, 50, 100], 5, 3), fewer_choices([5, 10, 20, 50, 100], 20, 2)
    ([5, 20, 100], [5, 20])
    >>> fewer_choices([5, 10, 20, 50, 100], 10, 1), fewer_choices([1, 2], 2, 3)
    ([10], [1, 2])
    """
    n = len(options)
    here = _index_of(options, current)
    if count >= n:
        return list(options)
    if count <= 1:
        return [options[here]]
    if count == 2:  # the current value and the end farther from it
        far = 0 if here >= n - 1 - here else n - 1
        return [options[i] for i in sorted({here, far})]
    picks = {0, n - 1, here}
    for t in np.linspace(0, 1, count):
        if len(picks) >= count:
            break
        picks.add(int(round(t * (n - 1))))
    return [options[i] for i in sorted(picks)]


def _choices(control) -> list:
    """Every value of a control without a numeric range: options, or both states of a toggle."""
    if hasattr(control, "options"):
        return [v[1] if isinstance(v, tuple) else v for v in control.options]
    if isinstance(control.value, bool):
        return [False, True]
    return [control.value]


def _index_of(values, value) -> int:
    for i, v in enumerate(values):
        if v == value:
            return i
    try:
        return _nearest(values, value)
    except (TypeError, ValueError):
        return 0


def palette_png(rgba, colors: int = COLORS) -> bytes:
    """An RGBA (or RGB) pixel array as a palette PNG of at most ``colors`` colours.

    Figures are drawn on an opaque background, so the alpha channel is dropped. Quantised with
    Pillow's fast octree: anti-aliased edges keep a few blended shades.

    >>> pixels = np.zeros((4, 6, 4), dtype=np.uint8); pixels[..., 3] = 255
    >>> png = palette_png(pixels)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    from PIL import Image

    array = np.asarray(rgba)
    if array.ndim != 3 or array.shape[2] not in (3, 4) or array.dtype != np.uint8:
        raise ValueError(
            f"palette_png: expected an (height, width, 3 or 4) uint8 array, got shape "
            f"{array.shape} and dtype {array.dtype}"
        )
    if not 2 <= int(colors) <= 256:
        raise ValueError(f"palette_png: colors must be between 2 and 256, got {colors}")
    image = Image.fromarray(np.ascontiguousarray(array[..., :3]), "RGB")
    quantised = image.quantize(colors=int(colors), method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    quantised.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def current_pixels(live) -> np.ndarray:
    """The LiveFigure's up-to-date picture, as an (height, width, 4) uint8 array (a copy)."""
    return np.array(live.fig.canvas.buffer_rgba(), dtype=np.uint8, copy=True)


@dataclass
class Frames:
    """A LiveFigure rendered at every combination of its plan."""

    plan: FramePlan
    pngs: list[bytes]
    #: The picture before the prediction is revealed (None for figures without ``hidden``).
    hidden_png: bytes | None
    width: int
    height: int
    #: Each frame's text alternative (:meth:`helpers.widgets.LiveFigure.describe`), in order.
    alts: list[str] = field(default_factory=list)
    #: The text alternative of the unrevealed picture.
    hidden_alt: str | None = None

    @property
    def nbytes(self) -> int:
        return sum(map(len, self.pngs)) + len(self.hidden_png or b"")


def render_frames(live, plan: FramePlan | None = None, colors: int = COLORS, **plan_options):
    """Render ``live`` at every combination of ``plan``; restore the controls afterwards.

    For a figure with ``hidden`` artists, the unrevealed picture at the default values is kept
    as ``hidden_png``; every frame of the plan shows the answer.

    Raises
    ------
    RuntimeError
        When the figure's ``update`` raises for some combination (the values are named).
    """
    plan = plan if plan is not None else plan_frames(live, **plan_options)
    hidden, pictures = _render(live, plan, plan.combinations(), colors)
    hidden_png, hidden_alt = hidden if hidden is not None else (None, None)
    pngs = [png for png, _, _ in pictures]
    alts = [alt for _, alt, _ in pictures]
    height, width = pictures[-1][2] if pictures else (0, 0)
    return Frames(plan, pngs, hidden_png, width, height, alts, hidden_alt)


def _render(live, plan: FramePlan, combinations, colors: int = COLORS):
    """Render ``live`` at each of ``combinations`` (dicts name -> value of ``plan``'s controls).

    Returns ``(hidden, pictures)``: ``hidden`` is ``(png, alt)`` of the unrevealed picture at the
    current values for a figure with ``hidden`` artists (else None), ``pictures`` holds
    ``(png, alt, (height, width))`` per combination, every one revealed. The controls, and the
    reveal toggle, are set back to their values before the call.
    """
    from .widgets import REVEAL

    saved = {name: control.value for name, control in live.controls.items()}
    hidden = None
    pictures = []
    errors = getattr(live, "errors", [])
    errors_before = len(errors)
    try:
        toggle = live.controls.get(REVEAL) if getattr(live, "hidden", None) else None
        if toggle is not None:
            if toggle.value:
                toggle.value = False
            live.refresh()
            hidden = (palette_png(current_pixels(live), colors), _alt(live))
            toggle.value = True
        for values in combinations:
            changed = False
            for name, value in values.items():
                control = live.controls[name]
                if control.value != value:
                    control.value = value
                    changed = True
            if not changed:
                live.refresh()
            if len(errors) > errors_before:
                raise RuntimeError(f"the figure's update failed at {values}: {errors[-1]!r}")
            pixels = current_pixels(live)
            pictures.append((
                palette_png(pixels, colors),
                _alt(live, [f"{c.label} = {format_value(values[c.name], c.fmt)}"
                            for c in plan.controls]),
                pixels.shape[:2],
            ))
    finally:
        for name, value in saved.items():
            if name != REVEAL and live.controls[name].value != value:
                live.controls[name].value = value
        if REVEAL in saved and live.controls[REVEAL].value != saved[REVEAL]:
            live.controls[REVEAL].value = saved[REVEAL]
    return hidden, pictures


def _alt(live, readouts=None) -> str:
    """The figure's text alternative now, stating the controls' values as ``readouts`` say
    (empty for an object without ``describe``)."""
    describe = getattr(live, "describe", None)
    if not callable(describe):
        return ""
    return describe(readouts) if readouts is not None else describe()


def manifest(frames: Frames, urls: list[str], hidden_url: str | None) -> dict:
    """What the page's script needs, as JSON-ready data."""
    return {
        "width": frames.width,
        "height": frames.height,
        "controls": [
            {
                "name": c.name,
                "label": c.label,
                "values": c.values,
                "readouts": [c.readout(i) for i in range(len(c.values))],
                "start": c.default_index,
            }
            for c in frames.plan.controls
        ],
        "frames": urls,
        "hidden": hidden_url,
        "alts": list(frames.alts),
        "hidden_alt": frames.hidden_alt,
    }


#: Bytes the figures of one page may take in all, as :func:`estimate_bytes` counts them: every
#: frame's picture, its words in the page (the manifest's alt text and address) and the
#: unrevealed picture. The page's HTML, MathJax and fonts come on top (about 1.75 MB), and a
#: slide deck adds reveal.js (about 0.55 MB more). Measured 2026-12-06 (``make site``,
#: ``benchmarks/bench_site.py``): the largest page with every frame 9.25 MB (06), the largest
#: deck 9.75 MB (06); 06 wrote 7.43 MB of figures under an estimate of at most 7.3 MB, so the
#: estimate can still run a few per cent low, which the 0.25 MB left on that deck absorbs. The
#: estimate before, one encoded picture per figure at the values it was shown with, ran about
#: 30 % low on 01 (6.25 MB estimated, 8.79 MB written): a figure that hides its answer was
#: measured unrevealed (01's surprisal curve: 9 KB against 16 KB per frame), switches such as
#: 01's log axis or 08's Train make larger pictures, and the alt texts were not counted; 01
#: (10.53 MB) and 08 (10.36 MB) went over 10 MB.
PAGE_FRAME_BYTES = 7_300_000

#: The LiveFigures :func:`register_new` has seen in this kernel, in display order.
_REGISTERED: list[dict] = []


def register_new() -> list[dict]:
    """Note every LiveFigure of this kernel not seen yet, with its controls' values right now.

    Called by the site build in the notebook's kernel after each cell that displayed a widget;
    the frames are rendered at the end (:func:`export_registered`), once the page's frame budget
    can be shared among all its figures. Returns, for each new figure, its number on the page
    and the model id of its displayed widget.
    """
    from .widgets import live_figures

    seen = {id(entry["live"]) for entry in _REGISTERED}
    found = []
    for live in live_figures():
        if id(live) in seen:
            continue
        live.refresh()
        entry = {
            "live": live,
            "number": len(_REGISTERED) + 1,
            "values": {name: c.value for name, c in live.controls.items()},
        }
        _REGISTERED.append(entry)
        widget = getattr(live, "widget", None)
        found.append({"number": entry["number"], "model_id": getattr(widget, "model_id", None)})
    return found


def estimate_bytes(live, plan: FramePlan, url_bytes: int = 40,
                   colors: int = COLORS) -> tuple[float, int]:
    """What ``live`` adds to its page: bytes per frame of ``plan`` on average, and bytes once.

    A frame costs its palette PNG plus its words in the page's manifest: its alt text (as JSON)
    and its address (``url_bytes``). The picture's size depends on the controls (a log axis, a
    trained curve, a larger N make larger pictures), so a few pictures are rendered, revealed
    (every frame shows the answer): the plan's default combination; the first control at its
    ends, quartiles and middle; each other control at each of its values, the rest at their
    defaults. Per frame: the mean over the first control's samples, times, for every other
    control, the mean ratio of its samples to the default picture (the controls are taken to
    act independently). Once: the unrevealed picture and its words, and every control's values
    and readouts. The controls are set back afterwards (:func:`_render`).
    """
    first, rest = plan.controls[0], plan.controls[1:]
    default = {c.name: c.values[c.default_index] for c in plan.controls}
    n0 = len(first.values)
    spots = sorted({0, n0 // 4, n0 // 2, (3 * n0) // 4, n0 - 1} - {first.default_index})
    samples = [default] + [{**default, first.name: first.values[i]} for i in spots]
    owners = [None] * len(samples)
    for j, control in enumerate(rest):
        for i, value in enumerate(control.values):
            if i != control.default_index:
                samples.append({**default, control.name: value})
                owners.append(j)
    hidden, pictures = _render(live, plan, samples, colors)

    def cost(png, alt):
        return len(png) + len(json.dumps(alt, ensure_ascii=False).encode()) + url_bytes + 4

    sizes = [cost(png, alt) for png, alt, _ in pictures]
    base = sizes[0]
    per_frame = statistics.fmean(s for s, owner in zip(sizes, owners, strict=True)
                                 if owner is None)
    for j in range(len(rest)):
        ratios = [s / base for s, owner in zip(sizes, owners, strict=True) if owner == j]
        per_frame *= (1.0 + sum(ratios)) / (1 + len(ratios))  # the default's ratio is 1
    once = sum(len(json.dumps([c.values, [c.readout(i) for i in range(len(c.values))]],
                              ensure_ascii=False, default=str).encode()) for c in plan.controls)
    if hidden is not None:
        once += cost(*hidden)
    return per_frame, once


def share_budget(figures, budget: int, **options) -> list[FramePlan]:
    """Frame plans for the figures of one page whose estimated bytes fit ``budget`` if they can.

    ``figures`` holds ``(live, bytes_per_frame)`` or ``(live, bytes_per_frame, bytes_once)``
    (see :func:`estimate_bytes`). Every figure starts with its plan from
    ``options`` (see :func:`plan_frames`); while the estimate is over budget, the figure with the
    most bytes is thinned one step: its first control first (a larger stride, never below
    :data:`MIN_FIRST` values), once that is at its floor its other sliders (two values, then
    only their default: the page then shows them fixed), then its ordered choices (a
    ``SelectionSlider``: three of its options, two, one). When one step of some figure would
    bring the page under budget, the step that takes the fewest bytes away is taken instead (a
    stride of 2 halves a slider: no need to halve the largest figure for the last few KB),
    a coarser first slider before fewer values of another control.
    Plans that cannot be thinned further are kept.
    """
    figures = [(f[0], f[1], f[2] if len(f) > 2 else 0) for f in figures]
    plans = [plan_frames(live, **options) for live, _, _ in figures]
    limits = [len(plan.controls[0].values) for plan in plans]
    others = [min(options.get("others", OTHERS), OTHERS) for _ in plans]
    ordered = [options.get("ordered") for _ in plans]
    stuck: set[int] = set()

    def cost(i):
        return len(plans[i]) * figures[i][1] + figures[i][2]

    def thinner(i):
        """Figure i's next thinner plan, with its first-control limit, others and ordered
        choices; or None."""
        live, limit, before = figures[i][0], limits[i], len(plans[i].controls[0].values)
        while limit > MIN_FIRST:
            limit -= 1
            plan = plan_frames(live, **{**options, "max_first": limit, "others": others[i],
                                        "ordered": ordered[i]})
            if len(plan.controls[0].values) < before:
                return plan, limit, others[i], ordered[i]
        fewer = others[i]
        while fewer > 1:
            fewer -= 1
            plan = plan_frames(live, **{**options, "max_first": limits[i], "others": fewer,
                                        "ordered": ordered[i]})
            if len(plan) < len(plans[i]):
                return plan, limits[i], fewer, ordered[i]
        choices = OTHERS + 1 if ordered[i] is None else ordered[i]
        while choices > 1:  # last: fewer options of an ordered choice (SelectionSlider)
            choices -= 1
            plan = plan_frames(live, **{**options, "max_first": limits[i], "others": others[i],
                                        "ordered": choices})
            if len(plan) < len(plans[i]):
                return plan, limits[i], others[i], choices
        return None

    while (over := sum(cost(i) for i in range(len(plans))) - budget) > 0:
        steps = {}
        for i in range(len(plans)):
            if i not in stuck and (step := thinner(i)) is not None:
                steps[i] = step
            else:
                stuck.add(i)
        if not steps:
            break
        saving = {i: cost(i) - len(step[0]) * figures[i][1] - figures[i][2]
                  for i, step in steps.items()}
        enough = [i for i in steps if saving[i] >= over]
        # the last step: the one that fits with the least taken away, a coarser first slider
        # before a control fewer (a lecturer keeps every control); before it: the costliest
        fewer = {i: (step[2], step[3]) != (others[i], ordered[i]) for i, step in steps.items()}
        i = (min(enough, key=lambda i: (fewer[i], saving[i])) if enough
             else max(steps, key=cost))
        plans[i], limits[i], others[i], ordered[i] = steps[i]
    return plans


def export_registered(out_dir, url_prefix: str, budget: int = PAGE_FRAME_BYTES,
                      **options) -> list[dict]:
    """Render the registered figures at the values they were shown with; write PNG files.

    Figure ``n`` goes to ``out_dir/f<n>/<k>.png`` (``hidden.png`` for the unrevealed picture);
    returns, for each, its number, the model id of its widget, its :func:`manifest` with URLs
    ``url_prefix + "f<n>/<k>.png"`` and its bytes.
    """
    from pathlib import Path

    from .widgets import REVEAL

    pending = [entry for entry in _REGISTERED if not entry.get("done")]
    for entry in pending:  # back to the values the figure was shown with
        live = entry["live"]
        for name, value in entry["values"].items():
            if name != REVEAL and live.controls[name].value != value:
                live.controls[name].value = value
        if REVEAL in entry["values"]:
            live.controls[REVEAL].value = entry["values"][REVEAL]
    estimates = []
    for entry in pending:
        # the address of a frame: url_prefix + "f<n>/<k>.png", k up to three digits
        url_bytes = len(url_prefix) + len(f"f{entry['number']}/000.png")
        live = entry["live"]
        estimates.append((live, *estimate_bytes(live, plan_frames(live, **options), url_bytes)))
    plans = share_budget(estimates, budget, **options)
    out = Path(out_dir)
    found = []
    for entry, plan in zip(pending, plans, strict=True):
        live, number = entry["live"], entry["number"]
        for name, value in entry["values"].items():
            if name != REVEAL and live.controls[name].value != value:
                live.controls[name].value = value
        if REVEAL in entry["values"]:
            live.controls[REVEAL].value = entry["values"][REVEAL]
        frames = render_frames(live, plan)
        entry["done"] = True
        folder = out / f"f{number}"
        folder.mkdir(parents=True, exist_ok=True)
        digits = len(str(len(frames.pngs) - 1))
        urls = []
        for k, png in enumerate(frames.pngs):
            name = f"{k:0{digits}d}.png"
            (folder / name).write_bytes(png)
            urls.append(f"{url_prefix}f{number}/{name}")
        hidden_url = None
        if frames.hidden_png is not None:
            (folder / "hidden.png").write_bytes(frames.hidden_png)
            hidden_url = f"{url_prefix}f{number}/hidden.png"
        widget = getattr(live, "widget", None)
        found.append({
            "number": number,
            "model_id": getattr(widget, "model_id", None),
            "manifest": manifest(frames, urls, hidden_url),
            "bytes": frames.nbytes,
        })
    return found


def export_new(out_dir, url_prefix: str, budget: int = PAGE_FRAME_BYTES,
               **options) -> list[dict]:
    """:func:`register_new` then :func:`export_registered`: render the new figures right away."""
    register_new()
    return export_registered(out_dir, url_prefix, budget, **options)
