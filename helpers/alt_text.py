"""Text alternatives of the live figures: what a figure shows, in words, frame by frame.

A :class:`~helpers.widgets.LiveFigure` writes every number its sliders change on the figure
(titles and text readouts). :func:`describe` turns the figure into one line of text from those
same texts, so the words say exactly what the picture says::

    shift s of Q = 1.50. JS against shift s of Q; density against x (P, Q (shifted by s)).
    s = 1.50: JS = 0.693 nats = 1.000 bits; KL(P‖Q) = ∞, KL(Q‖P) = ∞

It is the image's ``alt`` text on the kernel-free site (one per pre-rendered frame, see
:mod:`helpers.frames`) and, in a running notebook, the text of a visually hidden live region
right after the picture, which a screen reader announces when a slider moves. Artists hidden until a
prediction is revealed are left out, like in the picture.

The parts, in order: the controls' values (``"θ = 1.25"``), a summary (the builder's own
sentence, or else what each panel plots: its y label against its x label, and its legend's
entries with their line style), then every visible title and text of the figure.
"""

from __future__ import annotations

import re

#: Matplotlib line styles in words (the roles differ by line style, not by colour alone).
LINE_STYLES = {"--": "dashed", ":": "dotted", "-.": "dash-dotted",
               "dashed": "dashed", "dotted": "dotted", "dashdot": "dash-dotted"}


#: TeX names of the Greek letters the figures' mathtext uses, as the letters.
GREEK = {"theta": "θ", "sigma": "σ", "mu": "μ", "alpha": "α", "beta": "β", "gamma": "γ",
         "lambda": "λ", "epsilon": "ε", "varepsilon": "ε", "pi": "π", "Delta": "Δ"}


def control_readouts(live) -> list[str]:
    """Each control's value as its readout shows it, e.g. ``['shift s of Q = 1.50']``."""
    from .frames import _fmt, _label, format_value
    from .widgets import REVEAL

    out = []
    for name, control in live.controls.items():
        if name == REVEAL:
            continue
        # as the site's readout writes it (helpers.frames.ControlPlan.readout)
        out.append(f"{_label(control, name)} = {format_value(control.value, _fmt(control))}")
    return out


def _clean(text: str) -> str:
    """One line: newlines, and runs of three or more spaces that lay out two readouts side by side,
    become '; ' (a single space where the phrase goes on: after ':', ',' or ';', or before '=');
    other runs of spaces one space; mathtext's ``$`` and ``\\theta`` become plain text."""
    pieces = [" ".join(piece.split()) for line in str(text).splitlines()
              for piece in re.split(r" {3,}", line)]
    pieces = [piece for piece in pieces if piece]
    line = ""
    for piece in pieces:
        if len(pieces) > 1 and piece.endswith("."):
            piece = piece[:-1]
        if not line:
            line = piece
        elif line.endswith((":", ",", ";")) or piece.startswith("="):
            line = f"{line} {piece}"
        else:
            line = f"{line}; {piece}"
    line = re.sub(r"\\([a-zA-Z]+)", lambda m: GREEK.get(m.group(1), m.group(1)), line)
    return line.replace("$", "").strip()


def _legend_entries(ax) -> list[str]:
    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return []
    entries = []
    handles = getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", [])
    for text, handle in zip(legend.get_texts(), handles, strict=False):
        label = _clean(text.get_text())
        if not label:
            continue
        style = getattr(handle, "get_linestyle", lambda: "-")()
        word = LINE_STYLES.get(style if isinstance(style, str) else "-", "")
        marker = getattr(handle, "get_marker", lambda: "None")()
        if marker not in (None, "None", "", " ") and style in ("None", "", " ", None):
            word = "markers"
        entries.append(f"{label} ({word})" if word else label)
    return entries


def summary(fig) -> str:
    """What each panel plots: ``'JS (nats) against shift s of Q (JS(P, Q)); ...'``.

    Neighbouring panels with the same x label are said once: ``'KL (nats), JS (nats) and W₁,
    each against shift θ'``.
    """
    panels: list[tuple[str, str, str]] = []  # (y label, x label, legend entries)
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        y, x = _clean(ax.get_ylabel()), _clean(ax.get_xlabel())
        entries = ", ".join(_legend_entries(ax))
        if x or y or entries:
            panels.append((y, x, entries))
    said = []
    i = 0
    while i < len(panels):
        y, x, entries = panels[i]
        j = i + 1
        while x and y and j < len(panels) and panels[j][1] == x and panels[j][0]:
            j += 1
        if j - i > 1:  # neighbours against the same x: say the x once
            whats = [f"{yy} ({ee})" if ee else yy for yy, _, ee in panels[i:j]]
            said.append(f"{', '.join(whats[:-1])} and {whats[-1]}, each against {x}")
        else:
            what = f"{y} against {x}" if x and y else (y or x)
            said.append(f"{what} ({entries})" if what and entries else (what or entries))
        i = j
    return "; ".join(said)


def figure_texts(fig) -> list[str]:
    """Every visible, non-empty title and free text of the figure, in reading order."""
    texts = []
    seen = set()  # the suptitle is also one of fig.texts: say it once
    for artist in [getattr(fig, "_suptitle", None), *fig.texts]:
        if artist is None or id(artist) in seen:
            continue
        seen.add(id(artist))
        if artist.get_visible() and _clean(artist.get_text()):
            texts.append(_clean(artist.get_text()))
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        # the left and right titles have no public accessor (``get_title`` gives their text only)
        titles = [ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None)]
        for artist in (*titles, *ax.texts):
            if artist is not None and artist.get_visible() and _clean(artist.get_text()):
                texts.append(_clean(artist.get_text()))
    return texts


def describe(live, about: str | None = None, readouts: list[str] | None = None) -> str:
    """The figure of ``live`` in words, as it is now (see the module's description).

    ``about`` replaces the generated summary of what the panels plot; ``readouts`` the controls'
    values (the site's frames give the values they were rendered at: a button such as "Train"
    may have switched itself back by the time the frame is drawn).
    """
    readouts = control_readouts(live) if readouts is None else readouts
    head = ", ".join(readouts)
    body = about if about is not None else summary(live.fig)
    parts = [head, body, *figure_texts(live.fig)]
    return ". ".join(p[:-1] if p.endswith(".") else p for p in parts if p)
