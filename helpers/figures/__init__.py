"""Figure builders: one module per notebook topic.

Each builder makes a figure once, wires its sliders through :class:`helpers.LiveFigure` and
returns it, so a notebook cell is a single call. Nothing here is numerics: the numbers come from
the tested modules of :mod:`helpers`.
"""
