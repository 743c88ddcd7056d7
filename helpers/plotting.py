"""One figure style for the whole collection: readable on a projector, colour-blind safe.

Colours come from the Okabe-Ito palette and are tied to roles, so a colour means the same thing
in every notebook: P (the data, "real") is blue, Q (the model, "generated") is vermillion, the
mixture M is green; the three measures KL, JS and W1 have their own colours too.
"""

from __future__ import annotations

import math

import matplotlib as mpl

#: The Okabe-Ito palette (Okabe & Ito, 2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The colour of each role, everywhere in the collection.
COLORS = {
    "p": OKABE_ITO["blue"],  # real / data distribution P
    "q": OKABE_ITO["vermillion"],  # model / generated distribution Q
    "m": OKABE_ITO["bluish_green"],  # the mixture M = (P + Q) / 2
    "kl": OKABE_ITO["reddish_purple"],
    "js": OKABE_ITO["orange"],
    "w1": OKABE_ITO["black"],
    "plan": OKABE_ITO["sky_blue"],
    "highlight": OKABE_ITO["yellow"],
}

#: The role colours for text (labels, readouts): darkened where needed to reach a contrast of
#: at least 4.5:1 on white (WCAG 2.1 AA); only blue and black reach it as they are. Orange, yellow
#: and sky blue are for lines, fills and markers, never for text.
TEXT_COLORS = {
    "p": COLORS["p"],
    "q": "#BF5400",
    "m": "#008460",
    "kl": "#A15F83",
    "js": "#9C6C00",
    "w1": COLORS["w1"],
    "plan": "#3A7A9E",
    "highlight": "#7C7622",
}

#: rcParams applied by :func:`use_style`.
STYLE = {
    "figure.figsize": (10.0, 5.0),
    "figure.dpi": 96,
    "figure.constrained_layout.use": True,
    "font.size": 15,
    "axes.titlesize": 17,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "lines.linewidth": 2.6,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(
        color=[COLORS["p"], COLORS["q"], COLORS["m"], COLORS["js"], COLORS["kl"], COLORS["w1"]]
    ),
}


def use_style() -> None:
    """Apply the collection's figure style (:data:`STYLE`) to matplotlib."""
    mpl.rcParams.update(STYLE)


def format_nats(value: float, digits: int = 3) -> str:
    """Format a divergence in nats, with bits beside it: ``'0.693 nats = 1.000 bit'``.

    Infinity is written as the symbol.

    >>> format_nats(0.6931471805599453)
    '0.693 nats = 1.000 bits'
    >>> format_nats(float("inf"))
    '∞'
    """
    if math.isinf(value):
        return "∞"
    return f"{value:.{digits}f} nats = {value / math.log(2):.{digits}f} bits"


#: Given, in this order, to legend entries that would otherwise differ by colour only.
SPARE_DASHES = ["--", "-.", ":", (0, (7, 2, 1, 2, 1, 2))]
SPARE_MARKERS = ["x", "^", "s", "D", "v"]
SPARE_HATCHES = ["//", "..", "xx", "\\\\", "++"]


def _style_key(handle):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if isinstance(handle, Line2D):
        dashed = handle.get_linestyle() not in ("None", " ", "")
        return ("line", handle.get_linestyle() if dashed else None, handle.get_marker())
    if isinstance(handle, Patch):
        return ("patch", handle.get_hatch(), handle.get_linestyle())
    paths = getattr(handle, "get_paths", lambda: [])()
    if paths:  # a scatter: its marker's outline
        return ("markers", tuple(round(float(v), 3) for v in paths[0].vertices.ravel()))
    return None


def _restyle(artist, kind: str, spare) -> None:
    """Give ``artist`` (a line, a patch, or a container or collection of them) a style."""
    from matplotlib.container import Container

    parts = list(artist) if isinstance(artist, Container) else [artist]
    for part in parts:
        if part is None:
            continue
        if kind == "dash" and hasattr(part, "set_linestyle"):
            part.set_linestyle(spare)
        elif kind == "marker" and hasattr(part, "set_marker"):
            part.set_marker(spare)
        elif kind == "hatch" and hasattr(part, "set_hatch"):
            part.set_hatch(spare)


def distinguish_roles(fig) -> list[str]:
    """Make the entries of every legend of ``fig`` differ by more than their colour.

    Colour alone must not carry meaning (WCAG 2.1, 1.4.1): where two entries of one legend share
    their line style and marker (lines) or their hatching (bars, fills), the later ones get a
    spare dash pattern, marker or hatching (:data:`SPARE_DASHES`, :data:`SPARE_MARKERS`,
    :data:`SPARE_HATCHES`), both in the plot and in the legend. The first entry of a kind keeps
    its style. Called by :class:`helpers.LiveFigure` before the first draw. Returns the labels
    that were restyled.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); ax = fig.subplots()
    >>> (p,) = ax.plot([0, 1], label="P"); (q,) = ax.plot([1, 0], label="Q")
    >>> _ = ax.legend(); distinguish_roles(fig), q.get_linestyle(), p.get_linestyle()
    (['Q'], '--', '-')
    """
    changed = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        originals = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=False))
        entries = list(zip(legend.get_texts(), legend.legend_handles, strict=False))
        keys = [_style_key(handle) for _, handle in entries]
        used = {k for k in keys if k is not None}
        seen = set()
        for (text, handle), key in zip(entries, keys, strict=True):
            if key is None or key[0] == "markers":  # scatters: chosen by their builder
                continue
            if key not in seen:
                seen.add(key)
                continue
            label = text.get_text()
            if key[0] == "line" and key[1] is not None:
                kind, pool = "dash", SPARE_DASHES
                taken = {k[1] for k in used if k[0] == "line"}
            elif key[0] == "line":
                kind, pool = "marker", SPARE_MARKERS
                taken = {k[2] for k in used if k[0] == "line"}
            else:
                kind, pool = "hatch", SPARE_HATCHES
                taken = {k[1] for k in used if k[0] == "patch"}
            spare = next((s for s in pool if s not in taken), None)
            if spare is None:
                continue
            _restyle(handle, kind, spare)
            _restyle(originals.get(label), kind, spare)
            new = _style_key(handle)
            used.add(new)
            seen.add(new)
            changed.append(label)
    return changed
