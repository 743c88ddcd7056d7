"""Figures for notebook 01, information content.

* :func:`surprisal_figure`: the curve :math:`I(p) = -\\log p` in the unit the learner picks
  (bits, nats or hartleys), the current point marked and its value written out, with a few
  everyday events (a coin, a die) on the curve.
* :func:`two_events_figure`: two independent events a and b; the information of "a and b"
  (probability :math:`p_a p_b`) drawn beside the stacked information of a and of b, equal
  heights: :math:`I(a \\text{ and } b) = I(a) + I(b)`.
* :func:`halving_figure`: the halving game. A hidden number among 1..N is found by yes/no
  questions "is it at most m?", each halving the candidates; one row per question.

Each builder returns the :class:`helpers.LiveFigure`; its ``parts`` attribute names the artists
the controls move (the tests use it). Every number comes from the tested helpers.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap

from ..information import information
from ..plotting import COLORS, OKABE_ITO
from ..widgets import LiveFigure, new_figure, slider

#: Logarithm base of each unit of information.
UNITS = {"bits": 2.0, "nats": math.e, "hartleys": 10.0}
#: Singular form of each unit, for "1 bit".
_SINGULAR = {"bits": "bit", "nats": "nat", "hartleys": "hartley"}

#: Smallest probability the sliders reach (I(0) is infinite: no slider goes there).
P_MIN = 0.01
#: The ticks of the logarithmic p-axis: 1, 1/2, 1/4, ..., 1/64.
HALVINGS = [2.0**-k for k in range(6, -1, -1)]


def format_information(value: float, unit: str = "bits", digits: int = 3) -> str:
    """An amount of information with its unit: ``'2.585 bits'``, ``'∞'`` for infinity.

    A value that rounds to exactly one is written in the singular, without decimals: "1 bit",
    never "1.000 bits".

    >>> format_information(math.log2(6)), format_information(0.0, "nats")
    ('2.585 bits', '0.000 nats')
    >>> format_information(1.0), format_information(0.9999, digits=2)
    ('1 bit', '1 bit')
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}, got {unit!r}")
    if math.isinf(value):
        return "∞"
    if f"{value:.{digits}f}" == f"{1:.{digits}f}":
        return f"1 {_SINGULAR[unit]}"
    return f"{value:.{digits}f} {unit}"


def count(number: int, noun: str) -> str:
    """A whole number with its noun, singular for one: ``'1 question'``, ``'4 questions'``.

    >>> count(1, "question"), count(0, "question"), count(7, "question")
    ('1 question', '0 questions', '7 questions')
    """
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def halving_steps(n: int, secret: int) -> list[tuple[int, int, int, bool]]:
    """The questions of the halving game that finds ``secret`` among ``1..n``.

    Each question is "is it at most m?", with m the middle of the remaining candidates
    ``lo..hi`` (the lower half gets the extra one when their number is odd). Returns one
    ``(lo, hi, m, answer)`` per question, until one candidate is left. The longest game takes
    ``ceil(log2 n)`` questions.

    >>> halving_steps(8, 6)
    [(1, 8, 4, False), (5, 8, 6, True), (5, 6, 5, False)]
    >>> halving_steps(1, 1)
    []
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number >= 1, got {n!r}")
    if isinstance(secret, bool) or not isinstance(secret, (int, np.integer)):
        raise ValueError(f"secret must be a whole number, got {secret!r}")
    if not 1 <= secret <= n:
        raise ValueError(f"secret must lie in 1..{n}, got {secret}")
    lo, hi, steps = 1, int(n), []
    while lo < hi:
        middle = lo + (hi - lo + 1 + 1) // 2 - 1  # the lower half holds ceil(count / 2)
        answer = secret <= middle
        steps.append((lo, hi, middle, answer))
        lo, hi = (lo, middle) if answer else (middle + 1, hi)
    return steps


def surprisal_figure(p: float = 0.5, unit: str = "bits", *, log_axis: bool = False,
                     display_now: bool = True, hide_curve: bool = False) -> LiveFigure:
    """The information content :math:`I(p) = -\\log_b p` against p, in a chosen unit.

    Controls: ``p`` (a slider from 0.01 to 1 in steps of 0.005, so that 1/2, 1/4 and 1/8 are
    reachable), ``unit`` (bits, nats or hartleys) and ``log_axis``: a logarithmic p-axis, on
    which halving p is one equal step to the left and the curve in bits is a straight line rising
    one bit per step. The current point is marked and written out in the chosen unit and in
    bits. With
    ``hide_curve=True`` the curve, the marker and the readout stay hidden until a control moves
    (for a prediction first).
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}, got {unit!r}")
    ps = np.linspace(P_MIN, 1.0, 500)
    fig, ax = new_figure("info-surprisal", figsize=(10.5, 5.6))
    (curve,) = ax.plot(ps, information(ps, base=2), color=COLORS["p"], lw=3.2)
    everyday = {"fair coin": 0.5, "one face of a die": 1 / 6, "one card of 52": 1 / 52}
    (dots,) = ax.plot(list(everyday.values()), [0.0] * 3, "s", ms=10, color="0.35", zorder=3)
    labels = [
        ax.text(value, 0.0, f"  {name}", fontsize=13, color="0.3", va="bottom", ha="left")
        for name, value in everyday.items()
    ]
    (guide,) = ax.plot([0, 0, 0], [0, 0, 0], ls=":", color="0.3", lw=1.8)
    (marker,) = ax.plot([p], [0.0], "o", ms=14, color=COLORS["q"], mec="black", mew=1.5,
                        zorder=4, clip_on=False)
    readout = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=18,
                      linespacing=1.4,
                      bbox={"facecolor": "white", "edgecolor": "0.7", "boxstyle": "round"})
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 7.2)
    ax.set_xlabel("probability p of the event")
    ylabel = ax.set_ylabel("")

    def set_scale(log_axis: bool) -> None:
        if log_axis:
            ax.set_xscale("log", base=2)
            ax.set_xlim(P_MIN * 0.9, 1.1)
            ax.set_xticks(HALVINGS, [f"1/{round(1 / v)}" if v < 1 else "1" for v in HALVINGS])
            ax.set_xlabel("probability p of the event (log scale: each tick halves p)")
        else:
            ax.set_xscale("linear")
            ax.set_xlim(0, 1.02)
            ax.set_xticks(np.linspace(0, 1, 6), [f"{v:.1f}" for v in np.linspace(0, 1, 6)])
            ax.set_xlabel("probability p of the event")

    axis_state = {"log": None}

    def update(p: float, unit: str, log_axis: bool) -> None:
        base = UNITS[unit]
        if axis_state["log"] != bool(log_axis):  # touch the axes only when the scale changes
            axis_state["log"] = bool(log_axis)
            set_scale(bool(log_axis))
        curve.set_ydata(information(ps, base=base))
        dots.set_ydata(information(list(everyday.values()), base=base))
        for text, (name, value) in zip(labels, everyday.items(), strict=True):
            here = information(value, base=base)
            text.set_y(here)
            text.set_text(f"  {name}: {format_information(here, unit, 2)}")
        value = information(p, base=base)
        marker.set_data([p], [value])
        guide.set_data([p, p, 0], [0, value, value])
        ylabel.set_text(f"I(p) = −log p   ({unit})")
        bits = information(p, base=2)
        readout.set_text(
            f"p = {p:.3g}\nI(p) = {format_information(value, unit)}"
            + ("" if unit == "bits" else f"\n      = {format_information(bits)}")
        )

    live = LiveFigure(
        fig,
        update,
        {
            "p": slider("probability p", P_MIN, 1.0, 0.005, p, fmt=".3f"),
            "unit": widgets.Dropdown(options=list(UNITS), value=unit, description="unit"),
            "log_axis": widgets.Checkbox(value=log_axis, description="log scale for p"),
        },
        hidden=[curve, marker, guide, readout] if hide_curve else (),
        display_now=display_now,
    )
    live.parts = {"curve": curve, "marker": marker, "readout": readout, "dots": dots,
                  "labels": labels, "ylabel": ylabel, "x": ps}
    return live


def two_events_figure(pa: float = 0.5, pb: float = 1 / 6, *,
                      display_now: bool = True) -> LiveFigure:
    """Two independent events: I(a) and I(b) stacked beside I(a and b), in bits.

    The event "a and b" has probability :math:`p_a p_b` (independence), so its bar is
    :math:`-\\log_2(p_a p_b)` high: exactly as high as the two stacked bars.
    """
    fig, ax = new_figure("info-two-events", figsize=(10.5, 5.8))
    width = 0.5
    bar_a = ax.bar([0.0], [0.0], width, color=COLORS["p"], edgecolor="black", label="I(a)")[0]
    bar_b = ax.bar([0.0], [0.0], width, bottom=[0.0], color=COLORS["q"], edgecolor="black",
                   label="I(b)")[0]
    bar_ab = ax.bar([1.0], [0.0], width, color=COLORS["m"], edgecolor="black",
                    label="I(a and b)")[0]
    text_a = ax.text(0.0, 0.0, "", ha="center", va="center", fontsize=15, color="white",
                     fontweight="bold")
    text_b = ax.text(0.0, 0.0, "", ha="center", va="center", fontsize=15, color="white",
                     fontweight="bold")
    text_ab = ax.text(1.0, 0.0, "", ha="center", va="bottom", fontsize=15)
    text_sum = ax.text(0.0, 0.0, "", ha="center", va="bottom", fontsize=15)
    ax.set_xticks([0.0, 1.0], ["a, then b\n(stacked)", "a and b\n(one event)"])
    ax.set_xlim(-0.6, 2.6)
    ax.set_ylim(0, 15.5)
    ax.set_ylabel("information (bits)")
    ax.legend(loc="upper right", frameon=False).set_zorder(0.8)
    readout = ax.set_title("", fontsize=16, linespacing=1.35)

    def update(pa: float, pb: float) -> None:
        ia, ib = information(pa, base=2), information(pb, base=2)
        joint = pa * pb
        iab = information(joint, base=2)
        bar_a.set_height(ia)
        bar_b.set_y(ia)
        bar_b.set_height(ib)
        bar_ab.set_height(iab)
        text_a.set_position((0.0, ia / 2))
        text_a.set_text(format_information(ia, digits=2) if ia >= 0.8 else "")
        text_b.set_position((0.0, ia + ib / 2))
        text_b.set_text(format_information(ib, digits=2) if ib >= 0.8 else "")
        text_sum.set_position((0.0, ia + ib + 0.15))
        text_sum.set_text(format_information(ia + ib))
        text_ab.set_position((1.0, iab + 0.15))
        text_ab.set_text(format_information(iab))
        readout.set_text(
            f"P(a) = {pa:.2f},  P(b) = {pb:.2f},  P(a and b) = P(a)·P(b) = {joint:.4f}\n"
            f"I(a) + I(b) = {ia:.3f} + {ib:.3f} = {format_information(ia + ib)} = I(a and b)"
        )

    live = LiveFigure(
        fig,
        update,
        {
            "pa": slider("P(a)", P_MIN, 1.0, 0.01, pa),
            "pb": slider("P(b)", P_MIN, 1.0, 0.01, pb),
        },
        display_now=display_now,
    )
    live.parts = {"a": bar_a, "b": bar_b, "ab": bar_ab, "readout": readout,
                  "text_sum": text_sum, "text_ab": text_ab}
    return live


#: Colours of the halving game's cells: outside the game, ruled out, still possible, found.
_GAME_COLORS = ListedColormap(["white", "0.85", OKABE_ITO["sky_blue"], OKABE_ITO["orange"]])


def halving_rows(n: int, secret: int, n_max: int) -> np.ndarray:
    """The picture of a halving game: row k shows the candidates before question k + 1.

    Cells hold 0 (beyond n), 1 (ruled out), 2 (still possible) or 3 (the number, found);
    there are ``ceil(log2 n_max) + 1`` rows and ``n_max`` columns; rows after the end are 0.

    >>> halving_rows(4, 3, 4).tolist()
    [[2, 2, 2, 2], [1, 1, 2, 2], [1, 1, 3, 1]]
    """
    rows = math.ceil(math.log2(n_max)) + 1
    grid = np.zeros((rows, n_max), dtype=int)
    grid[:, :n] = 1
    lo, hi = 1, n
    steps = halving_steps(n, secret)
    for k in range(len(steps) + 1):
        grid[k, lo - 1 : hi] = 2
        if k < len(steps):
            _, _, middle, answer = steps[k]
            lo, hi = (lo, middle) if answer else (middle + 1, hi)
    grid[len(steps), secret - 1] = 3
    grid[len(steps) + 1 :, :] = 0
    return grid


def halving_figure(n: int = 20, secret: int = 13, n_max: int = 64, *,
                   display_now: bool = True) -> LiveFigure:
    """The halving game: find a hidden number among 1..N with questions "is it at most m?".

    One row per question: blue cells are still possible, grey ones ruled out, the orange cell
    the number once found. Controls: N (2 to ``n_max``) and the hidden number (1 to N: its
    slider ends where N is, and follows N when N moves).
    """
    rows = math.ceil(math.log2(n_max)) + 1
    fig, ax = new_figure("info-halving", figsize=(11, 6.0))
    image = ax.imshow(halving_rows(n, secret, n_max), cmap=_GAME_COLORS, vmin=0, vmax=3,
                      aspect="auto", interpolation="nearest",
                      extent=(0.5, n_max + 0.5, rows - 0.5, -0.5),
                      zorder=0.6)  # above the axis (0.5): a new frame need not redraw its ticks
    for x in np.arange(0.5, n_max + 1, 1.0):
        ax.axvline(x, color="white", lw=0.8, zorder=1.5)
    for y in np.arange(-0.5, rows, 1.0):
        ax.axhline(y, color="white", lw=3, zorder=1.5)
    questions = [ax.text(n_max + 1.5, k, "", va="center", ha="left", fontsize=14,
                         clip_on=False) for k in range(rows)]
    ax.set_xlim(0.5, n_max + 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_yticks(range(rows), ["start"] + [f"after Q{k}" for k in range(1, rows)])
    ax.set_xticks([1, 8, 16, 24, 32, 40, 48, 56, 64][: 1 + n_max // 8])
    ax.set_xlabel("candidate numbers")
    ax.grid(False)
    readout = ax.set_title("", fontsize=16, linespacing=1.35, loc="left")

    def update(n: float, secret: float) -> None:
        n = int(round(n))
        secret = min(max(1, int(round(secret))), n)
        steps = halving_steps(n, secret)
        image.set_data(halving_rows(n, secret, n_max))
        for k, text in enumerate(questions):
            if k < len(steps):
                _, _, middle, answer = steps[k]
                text.set_text(f"Q{k + 1}: ≤ {middle}?  {'yes' if answer else 'no'}")
            else:
                text.set_text("")
        worst = math.ceil(math.log2(n)) if n > 1 else 0
        readout.set_text(
            f"N = {n}, hidden number {secret}: found after {count(len(steps), 'question')}\n"
            f"longest game: ⌈log₂ {n}⌉ = {count(worst, 'question')}   "
            f"(log₂ {n} = {format_information(math.log2(n), digits=2)})"
        )

    live = LiveFigure(
        fig,
        update,
        {
            "n": slider("N (how many numbers)", 2, n_max, 1, n, fmt=".0f"),
            "secret": slider("hidden number", 1, n_max, 1, secret, fmt=".0f"),
        },
        display_now=display_now,
    )
    secret_slider = live.controls["secret"]

    def follow_n(change) -> None:  # the hidden number's slider ends at N
        secret_slider.max = max(int(round(change["new"])), 1)

    live.controls["n"].observe(follow_n, names="value")
    secret_slider.max = n
    live.parts = {"image": image, "questions": questions, "readout": readout}
    return live


class HalvingGame:
    """Play the halving game: the computer hides a number among 1..N, you ask "is it ≤ m?".

    The widget shows the candidates still possible and how many bits are still unknown,
    ``log2(number of candidates)``; each answer to an even split removes one bit. Use
    :meth:`ask` and :meth:`new_number` from code, or the buttons.

    >>> game = HalvingGame(n=8, seed=1, display_now=False)
    >>> game.secret = 6
    >>> [game.ask(m) for m in (4, 6, 5)]
    [False, True, False]
    >>> game.found, len(game.questions)
    (True, 3)
    """

    def __init__(self, n: int = 100, seed=None, *, display_now: bool = True):
        self.rng = np.random.default_rng(seed)
        self.size = widgets.Dropdown(options=[8, 16, 100, 1000], value=n, description="N")
        self.middle = widgets.IntSlider(description="m", continuous_update=True,
                                        layout=widgets.Layout(width="min(720px, 95%)"))
        self.ask_button = widgets.Button(description="Is it ≤ m?", button_style="primary")
        self.new_button = widgets.Button(description="New number")
        self.status = widgets.HTML()
        self.log = widgets.HTML()
        self.ask_button.on_click(lambda _: self.ask(self.middle.value))
        self.new_button.on_click(lambda _: self.new_number())
        self.size.observe(lambda _: self.new_number(), names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.size, self.new_button]),
            self.middle,
            self.ask_button,
            self.status,
            self.log,
        ])
        self.new_number()
        if display_now:
            from IPython.display import display

            display(self.widget)

    def new_number(self) -> None:
        """Hide a new number among 1..N and start again."""
        self.n = int(self.size.value)
        self.secret = int(self.rng.integers(1, self.n + 1))
        self.lo, self.hi = 1, self.n
        self.questions: list[tuple[int, bool]] = []
        self._refresh()

    @property
    def found(self) -> bool:
        """Whether only one candidate is left."""
        return self.lo == self.hi

    def ask(self, m: int) -> bool:
        """Ask "is it at most m?"; return the answer and narrow the candidates."""
        answer = self.secret <= int(m)
        self.questions.append((int(m), answer))
        if answer:
            self.hi = min(self.hi, int(m))
        else:
            self.lo = max(self.lo, int(m) + 1)
        self._refresh()
        return answer

    def _refresh(self) -> None:
        left = self.hi - self.lo + 1
        # widen first, then narrow: ipywidgets refuses a min above the current max
        self.middle.min, self.middle.max = 0, max(self.n, 1)
        self.middle.min, self.middle.max = self.lo, max(self.hi - 1, self.lo)
        self.middle.value = (self.lo + self.hi - 1) // 2 if left > 1 else self.lo
        self.ask_button.disabled = self.found
        worst = math.ceil(math.log2(self.n))
        if self.found:
            self.status.value = (
                f"<b style='font-size:130%'>Found: it is {self.lo}, after "
                f"{count(len(self.questions), 'question')}.</b> Halving never needs more "
                f"than ⌈log₂ {self.n}⌉ = {worst}; the number carried log₂ {self.n} = "
                f"{format_information(math.log2(self.n), digits=2)}."
            )
        else:
            self.status.value = (
                f"<span style='font-size:130%'>Candidates {self.lo} … {self.hi}: {left} numbers, "
                f"log₂ {left} = {format_information(math.log2(left), digits=2)} still unknown. "
                f"Questions so far: {len(self.questions)}.</span>"
            )
        self.log.value = "<br>".join(
            f"Q{k}: is it ≤ {m}? <b>{'yes' if answer else 'no'}</b>"
            for k, (m, answer) in enumerate(self.questions, start=1)
        )


__all__ = [
    "HalvingGame",
    "UNITS",
    "format_information",
    "halving_figure",
    "halving_rows",
    "halving_steps",
    "surprisal_figure",
    "two_events_figure",
]
