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
