"""Redraw a figure in place: only the artists a slider changed, on a cached background.

:class:`InPlaceRedraw` owns a figure's Agg canvas. After one full draw, the figure without the
changed artists is kept as a background; each later change pastes the background and draws only
the changed artists (matplotlib's ``stale`` flags) and whatever lies above them that they can
touch, in the order a full draw paints them, so the picture is the one a full draw gives, pixel
for pixel (``tests/test_live_redraw.py`` checks every figure builder). A change of axes limits,
ticks, spines, size or layout gets a full draw instead. The background can be made before the
first change (:meth:`InPlaceRedraw.touched_by`, :meth:`InPlaceRedraw.prime`), so that the first
change is as fast as the others.

Only public matplotlib is used here; the private touches that make it fast (a glyph cache,
titles kept in place) live in :mod:`helpers.mpl_internals`.

>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(3, 2)); ax = fig.subplots(); (line,) = ax.plot([0, 1], [0, 1])
>>> engine = InPlaceRedraw(fig); engine.draw(); engine.freeze_layout()
>>> for y in ([1, 0], [0.5, 0.2]):
...     line.set_ydata(y); engine.draw()
>>> engine.background is not None       # the line was drawn on a saved background
True
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from . import mpl_internals


class InPlaceRedraw:
    """Keeps ``fig.canvas.buffer_rgba()`` up to date, redrawing only what changed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Given its own :class:`~matplotlib.backends.backend_agg.FigureCanvasAgg` (any pyplot or
        widget canvas is replaced); pyplot's redraw-on-change is switched off and grid lines
        go below the data, so that redrawing only the data keeps the picture exact.

    Attributes
    ----------
    background : object or None
        The saved pixels of the figure without its moving artists (``None`` before the first
        change, and after a full draw).
    rebuilds : int
        How many full draws and new backgrounds there were: between two, only the same moving
        artists changed (the PNG encoder keeps its palette meanwhile).
    """

    def __init__(self, fig):
        self.fig = fig
        if type(fig.canvas) is not FigureCanvasAgg:
            FigureCanvasAgg(fig)  # our own pixels, whatever canvas the figure had
        mpl_internals.detach_from_pyplot(fig)
        for ax in fig.axes:  # grid under the data, so redrawing only the data keeps it exact
            if ax.get_axisbelow() == "line":
                ax.set_axisbelow(True)
        self.background, self._key, self._dynamic, self._dynamic_ids = None, None, [], set()
        self._excluded: list = []  # unchanged artists above changed ones, kept in the background
        self.rebuilds = 0

    @property
    def canvas(self) -> FigureCanvasAgg:
        return self.fig.canvas

    def freeze_layout(self, hidden=()) -> None:
        """Solve the layout once, then keep it: redraws skip constrained layout's solver.

        Solving the layout is most of a full draw's time, and the artists a slider moves do not
        change it (the axes limits are fixed when the figure is built). Titles are frozen too.
        The ``hidden`` artists (a prediction's answer) are laid out as if shown, so that a hidden
        title keeps its room and its place for when it appears.
        """
        waiting = [a for a in hidden if not a.get_visible()]
        for artist in waiting:
            artist.set_visible(True)
        self.fig.draw_without_rendering()  # runs the layout with the texts already filled in
        for artist in waiting:
            artist.set_visible(False)
        if self.fig.get_layout_engine() is not None:
            self.fig.set_layout_engine("none")
        mpl_internals.freeze_titles(self.fig)

    def touched_by(self, run):
        """The artists that ``run()`` changes, or ``None`` when it returns False or changes the
        axes themselves (limits, ticks, spines: every change is a full draw then).

        Meant for a figure's ``update`` called once more with the values it was just drawn
        with: its ``set_data``, ``set_height``, ``set_text``... mark the artists it moves as
        changed even when their values stay the same, except ``set_text`` with an unchanged
        string, so every text is first set to a placeholder and, where ``run`` did not set it,
        put back. Artists that ``update`` changes only for some values (shows, hides) are not
        found; the first change that touches one makes a new background, as without this.
        """
        from matplotlib.axes import Axes

        fig = self.fig
        texts = []
        for parent, patch in _families(fig):
            for artist in parent.get_children():
                if artist is patch or (parent is fig and isinstance(artist, Axes)):
                    continue
                if isinstance(artist, Text):
                    texts.append((artist, artist.get_text()))
                    artist.set_text(_PLACEHOLDER)
                artist.stale = False
        try:
            ok = run()
        finally:
            for text, original in texts:
                if text.get_text() == _PLACEHOLDER:  # not set by run: not a moving text
                    text.set_text(original)
                    text.stale = False
        changed, structural = _stale_artists(fig)
        return None if ok is False or structural else changed

    def prime(self, moving, hidden=()) -> None:
        """Make the background for the ``moving`` artists now, so the first change is fast.

        Without it, the first change of each figure draws the whole figure once more without
        its moving artists (and a new palette is chosen for the frame): the first press of a
        slider took about twice as long as the next ones. ``moving`` are the artists the
        controls change (:meth:`touched_by`); ``hidden`` are artists that are invisible now and
        shown later (a prediction's answer): they stay out of the background, which is made as
        if they were shown (so that showing them does not need a new one). The canvas holds the
        whole picture afterwards, as after :meth:`draw`.
        """
        fig, canvas = self.fig, self.fig.canvas
        mpl_internals.install_glyph_cache(canvas.get_renderer())
        waiting = [a for a in hidden if not a.get_visible()]
        for artist in waiting:
            artist.set_visible(True)
        try:
            self._new_background([*moving, *hidden], canvas.get_renderer())
        finally:
            for artist in waiting:
                artist.set_visible(False)
        self._key = _view_key(fig)
        self._paste()

    def draw(self) -> None:
        """Bring the canvas's pixels up to date, redrawing only what changed since last time."""
        fig, canvas = self.fig, self.fig.canvas
        mpl_internals.install_glyph_cache(canvas.get_renderer())  # full draws use it too
        changed, structural = _stale_artists(fig)
        if structural or self.background is None and not changed or _view_key(fig) != self._key:
            FigureCanvasAgg.draw(canvas)
            self.background, self._key = None, _view_key(fig)
            self.rebuilds += 1
            return
        renderer = canvas.get_renderer()
        if (
            self.background is None
            or not {id(a) for a in changed} <= self._dynamic_ids
            or _reaches_background(changed, self._excluded, renderer)
        ):
            self._new_background(changed, renderer)
        self._paste()

    def _paste(self) -> None:
        """Paste the background and draw the moving artists on it."""
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        renderer = canvas.get_renderer()
        for artist in self._dynamic:  # the background lacks all of them: draw every one
            if artist.get_visible():
                artist.draw(renderer)
        # the pixels are up to date: pyplot's post-execute hook must not redraw
        self.fig.stale = False

    def _new_background(self, changed, renderer) -> None:
        """Draw the figure without the changing artists (and those above them) and keep it."""
        fig, canvas = self.fig, self.fig.canvas
        above, self._excluded = _with_artists_above(fig, [*self._dynamic, *changed], renderer)
        dynamic = _draw_order(fig, above)
        shown = [a for a in dynamic if a.get_visible()]
        positions = [(a, a.get_position()) for a in shown if isinstance(a, Text)]
        for artist in shown:
            artist.set_visible(False)
        FigureCanvasAgg.draw(canvas)
        self.background = canvas.copy_from_bbox(fig.bbox)
        for artist in shown:
            artist.set_visible(True)
        for text, position in positions:  # titles are re-placed by every full draw
            text.set_position(position)
        self._dynamic, self._dynamic_ids = dynamic, {id(a) for a in dynamic}
        self.rebuilds += 1


#: What :meth:`InPlaceRedraw.touched_by` puts in every text before ``update`` runs again.
_PLACEHOLDER = "\x00not set by update\x00"


def _families(fig):
    """Each parent of artists (every axes, then the figure) with its background patch."""
    return [(ax, ax.patch) for ax in fig.axes] + [(fig, fig.patch)]


def _stale_artists(fig):
    """``(artists changed since the last draw, whether axes/ticks/spines changed too)``."""
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import SubFigure
    from matplotlib.spines import Spine

    changed, structural = [], False
    for parent, patch in _families(fig):
        for artist in parent.get_children():
            if artist is patch or not artist.stale or (parent is fig and isinstance(artist, Axes)):
                continue
            if isinstance(artist, (Axes, Axis, Spine, SubFigure)):
                structural = True
            else:
                changed.append(artist)
    return changed, structural


def _extent(artist, renderer):
    """The artist's pixel box, padded for antialiasing; ``None`` when it cannot be trusted."""
    try:
        box = artist.get_window_extent(renderer)
    except Exception:  # noqa: BLE001 - unknown artist: treat it as covering everything
        return None
    if not np.all(np.isfinite(box.bounds)) or box.width <= 0 or box.height <= 0:
        return None
    return box.padded(3)


def _view_key(fig):
    """What a cached background depends on: size, resolution, axes positions and limits, and
    the axis labels' texts (a label's ``set_text`` does not mark its axis as changed)."""
    return (fig.dpi, tuple(fig.bbox.bounds)) + tuple(
        (
            tuple(ax.get_position().bounds),
            tuple(ax.viewLim.bounds),
            ax.xaxis.label.get_text(),
            ax.yaxis.label.get_text(),
        )
        for ax in fig.axes
    )


def _parent(fig, artist):
    return artist.axes if artist.axes is not None else fig


def _with_artists_above(fig, artists, renderer):
    """``(artists plus every artist above one of them that it can touch, the others above)``.

    "Above" is in the same parent (axes or figure), at the same or a higher z-order; "touch"
    means overlapping the pixels the changed artist may paint: the whole clip box for an
    artist clipped to its axes (wherever it moves, it stays inside), its current box for an
    unclipped one such as a title (checked again on every change by
    :func:`_reaches_background`). The others above, e.g. a legend or label outside the axes
    box of a moving curve, stay in the background. Returns the second list as
    ``(artist, parent, extent)`` records.
    """
    from matplotlib.axes import Axes

    out = {id(a): a for a in artists}
    reaches = {id(a): (a.get_zorder(), _reach(a, renderer)) for a in artists}
    families = [(ax, ax.patch) for ax in fig.axes] + [(fig, fig.patch)]
    grown = True
    while grown:  # an artist pulled in may in turn overlap one above it: repeat until stable
        grown, excluded = False, []
        for parent, patch in families:
            mine = [reaches[id(a)] for a in out.values() if _parent(fig, a) is parent]
            if not mine:
                continue
            for artist in parent.get_children():
                if artist is patch or isinstance(artist, Axes) or id(artist) in out:
                    continue
                z = artist.get_zorder()
                below = [reach for low, reach in mine if z >= low]
                if not below:
                    continue
                extent = _extent(artist, renderer)
                if extent is None or any(_touches(extent, reach) for reach in below):
                    out[id(artist)] = artist
                    # unchanged: it paints inside its present box
                    reaches[id(artist)] = (z, None if extent is None else [extent])
                    grown = True
                else:
                    excluded.append((artist, parent, extent))
    return list(out.values()), excluded


def _touches(extent, reach) -> bool:
    return reach is None or any(extent.overlaps(box) for box in reach)


def _reach(artist, renderer):
    """Pixel boxes an artist may paint in: ``[]`` for nothing, ``None`` for anywhere.

    A clipped artist stays inside its clip box wherever it moves; an unclipped one is where
    it is now (its box is checked again on every change).
    """
    from matplotlib.transforms import Bbox

    if not artist.get_visible() or (isinstance(artist, Text) and not artist.get_text()):
        return []
    box = artist.get_clip_box() if artist.get_clip_on() else None
    if box is not None:
        points = np.asarray(box.get_points(), dtype=float)
        if np.all(np.isfinite(points)):
            return [Bbox(points).padded(3)]
    extent = _extent(artist, renderer)
    return None if extent is None else [extent]


def _reaches_background(changed, excluded, renderer) -> bool:
    """Whether a changed artist now touches an artist above it that the background holds."""
    if not excluded:
        return False
    for artist in changed:
        reach, z = None, artist.get_zorder()
        for other, _parent, extent in excluded:
            if other.axes is not artist.axes or other.get_zorder() < z:
                continue
            if reach is None:
                reach = _reach(artist, renderer)
                if reach is None:
                    return True
            if any(extent.overlaps(box) for box in reach):
                return True
    return False


def _draw_order(fig, artists):
    """Sort artists the way a full draw paints them: axes by axes, then by z-order."""
    rank = {}
    for i, ax in enumerate(fig.axes):
        for j, artist in enumerate(ax.get_children()):
            rank[id(artist)] = (0, i, artist.get_zorder(), j)
    for j, artist in enumerate(fig.get_children()):
        rank.setdefault(id(artist), (1, 0, artist.get_zorder(), j))
    return sorted(artists, key=lambda a: rank.get(id(a), (2, 0, 0, 0)))
