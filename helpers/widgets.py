"""Sliders that update a figure in place: the one building block every notebook uses.

Usage in a notebook::

    from helpers import LiveFigure, new_figure, setup_notebook, slider
    setup_notebook()                       # the collection's style, %matplotlib inline
    fig, ax = new_figure("shift")          # build the figure once
    (line,) = ax.plot(x, p)
    def update(theta):                     # only mutate artists here
        line.set_ydata(...)
    LiveFigure(fig, update, {"theta": slider("θ", -3, 3, 0.05, 1.0)})

How it draws, everywhere alike (JupyterLab, Notebook 7, VS Code, Binder, Colab's ipywidgets 7):
the figure is drawn with matplotlib's Agg renderer, in place (only the artists ``update``
changed are redrawn on a saved background, :mod:`helpers.redraw`), and each frame is sent as a
PNG (:mod:`helpers.png`) to an ``ipywidgets.Image`` of fixed size, so the page does not jump
while you drag. Ordinary plots keep ``%matplotlib inline``.

An exception raised while updating is never swallowed: it is shown in red under the figure,
kept in ``LiveFigure.errors`` and counted by the tests.

The test utilities :func:`live_figures` and :func:`move_every_control` are public too: the
notebook tests move every control of every figure through them.
"""

from __future__ import annotations

import hashlib
import html
import traceback
import weakref

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .plotting import distinguish_roles, use_style
from .png import PaletteEncoder
from .redraw import InPlaceRedraw

#: The name of the "Show the answer" toggle among a LiveFigure's controls.
REVEAL = "show"
#: Every LiveFigure made in this kernel (for the tests and the benchmarks).
_REGISTRY: list = []
#: Accepted by :func:`setup_notebook` (all draw the same way now; kept so old calls still work).
_BACKENDS = ("auto", "inline", "ipympl")


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def setup_notebook(backend: str = "auto") -> str:
    """Apply the collection's style; in a Jupyter kernel, use ``%matplotlib inline``.

    Ordinary plots are shown inline; a :class:`LiveFigure` shows itself as an image widget,
    the same in every front end, so there is no backend to choose any more.

    Parameters
    ----------
    backend : {"auto", "inline", "ipympl"}
        Accepted for compatibility; every value draws the same way. The environment variable
        ``HELPERS_BACKEND``, which used to override it, is ignored.

    Returns
    -------
    str
        ``"inline"``: matplotlib's backend for ordinary plots.

    Examples
    --------
    >>> setup_notebook()
    'inline'
    """
    if backend not in _BACKENDS:
        raise ValueError(f"backend must be one of {_BACKENDS}, got {backend!r}")
    use_style()
    if _in_kernel():
        from IPython import get_ipython

        get_ipython().run_line_magic("matplotlib", "inline")
        use_style()  # the magic may reset rcParams
    return "inline"


def new_figure(label: str, nrows: int = 1, ncols: int = 1, **kwargs):
    """Create a figure for a :class:`LiveFigure`.

    The figure is not kept by pyplot (so ``%matplotlib inline`` does not show a second, frozen
    copy under the cell, and re-running a cell never piles up figures); any pyplot figure
    with this label is closed. Extra keyword arguments go to
    :func:`matplotlib.pyplot.subplots`.

    Returns ``fig, axes`` like :func:`matplotlib.pyplot.subplots`.

    >>> fig, (top, bottom) = new_figure("example", 2, 1, figsize=(8, 6))
    >>> fig.get_size_inches().tolist(), "example" in plt.get_figlabels()
    ([8.0, 6.0], False)
    """
    plt.close(label)
    with plt.ioff():
        fig, axes = plt.subplots(nrows, ncols, num=label, **kwargs)
    plt.close(fig)  # pyplot forgets it; LiveFigure draws it itself
    return fig, axes


def slider(description: str, min: float, max: float, step: float, value: float, fmt: str = ".2f"):
    """A wide, projector-friendly FloatSlider that updates while it is dragged.

    >>> s = slider("θ", -3, 3, 0.05, 1.0)
    >>> s.value, s.continuous_update
    (1.0, True)
    """
    return widgets.FloatSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        layout=widgets.Layout(width="min(720px, 95%)"),
        style={"description_width": "initial"},
    )


class LiveFigure:
    """A figure built once, redrawn in place whenever one of its controls changes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made with :func:`new_figure`.
    update : callable
        Called as ``update(**values)`` with the current value of every control, by name; it
        should only change existing artists (``set_data``, ``set_ydata``, ``set_text``, ...).
        It runs twice when the figure is built (the second time shows which artists it
        moves, so that the first change is as fast as the rest), then once per change.
    controls : dict of str to ipywidgets.ValueWidget
        The sliders (or other value widgets), keyed by the argument names of ``update``.
    display_now : bool
        Display the widget at once (in a notebook cell); ``False`` to display it later.
    hidden : sequence of matplotlib artists, optional
        Artists that answer the figure's "Try this" prediction (a curve, a readout). They stay
        hidden until the learner first moves a control or presses the "Show" toggle, which is
        added to the controls under the name ``"show"`` (it is not passed to ``update``, and it
        can hide them again).
    reveal_label : str
        The toggle's text.
    alt_text : str or callable, optional
        The figure in words, for screen readers (:mod:`helpers.alt_text`): a sentence saying what
        the panels show (it replaces the one generated from the axes labels and legends), or a
        callable ``alt_text(**values) -> str`` giving the whole text. By default the text is the
        controls' values, the generated summary and every title and text drawn on the figure.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
        Its ``canvas`` is a ``FigureCanvasAgg`` whose ``buffer_rgba()`` holds the picture as of
        the last change (or :meth:`refresh`).
    errors : list of BaseException
        Exceptions raised by ``update``; each is also shown in red under the figure.
    last_png : bytes
        The latest frame as sent to the browser (a palette PNG, see :mod:`helpers.png`).
    view : ipywidgets.Image
        The picture, of fixed size (the figure's size in pixels, scaled down to fit).
    widget : ipywidgets.VBox
        What is displayed: controls, picture, its text alternative, error area.
    alt : str
        The text alternative of the latest frame: the text of ``alt_box``, a visually hidden live
        region right after the picture that a screen reader reads out when the figure changes.
        (The picture itself cannot be named: ``ipywidgets.Image`` has no ``alt``, and its
        ``tooltip`` fails in the browser for a widget without a description, ipywidgets 8.1.)

    Examples
    --------
    >>> fig, ax = new_figure("doc-live", figsize=(4, 3))
    >>> (line,) = ax.plot([0, 1], [0, 0])
    >>> live = LiveFigure(fig, lambda level: line.set_ydata([level, level]),
    ...                   {"level": slider("level", 0, 1, 0.1, 0.5)}, display_now=False)
    >>> live.controls["level"].value = 0.8
    >>> list(line.get_ydata()), live.errors, bytes(live.view.value[1:4])
    ([0.8, 0.8], [], b'PNG')

    A prediction first, then the answer: the marker stays hidden until a control moves.

    >>> (answer,) = ax.plot([0.5], [0.5], "o")
    >>> live = LiveFigure(fig, lambda level: line.set_ydata([level, level]),
    ...                   {"level": slider("level", 0, 1, 0.1, 0.5)}, hidden=[answer],
    ...                   display_now=False)
    >>> answer.get_visible(), sorted(live.controls)
    (False, ['level', 'show'])
    >>> live.controls["level"].value = 0.3
    >>> answer.get_visible(), live.revealed, live.redraws
    (True, True, 2)
    """

    def __init__(
        self,
        fig,
        update,
        controls: dict,
        *,
        display_now: bool = True,
        hidden=(),
        reveal_label: str = "Show the answer",
        alt_text=None,
    ):
        self.fig = fig
        distinguish_roles(fig)  # legend entries differ by line style or hatching, not colour only
        self.update = update
        self.controls = dict(controls)
        if REVEAL in self.controls:
            raise ValueError(f"the control name {REVEAL!r} is reserved for the reveal toggle")
        self.hidden = list(hidden)
        for artist in self.hidden:
            artist.set_visible(False)
        if self.hidden:
            self.controls[REVEAL] = widgets.ToggleButton(
                value=False,
                description=reveal_label,
                icon="eye",
                layout=widgets.Layout(width="auto"),
            )
        self.errors: list[BaseException] = []
        self.redraws = 0
        self.last_png = b""
        plt.close(fig)  # if pyplot holds it, %matplotlib inline would show a frozen copy too
        self.engine = InPlaceRedraw(fig)
        self.encoder, self._palette_for = PaletteEncoder(), None
        self.error_box = widgets.HTML(value="")
        self.error_box.add_class("live-figure-error")
        width, height = fig.canvas.get_width_height(physical=True)
        # width and height attributes reserve the space before the first frame arrives; the
        # widget's own style keeps the aspect ratio when a narrow page scales it down
        self.view = widgets.Image(format="png", width=str(width), height=str(height))
        self.view.add_class("live-figure-view")
        self.alt_text, self.alt = alt_text, ""
        self.alt_box = widgets.HTML(value="")
        self.alt_box.add_class("live-figure-alt")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [*self.controls.values(), self.view, self.alt_box, self.error_box])
        self.widget.add_class("live-figure")
        updated = self._call_update()  # the texts filled in, then the layout is solved once
        self.engine.freeze_layout(self.hidden)  # and kept
        if updated:
            self._prepare_first_change()
        self._draw()
        _REGISTRY.append(weakref.ref(self))
        if display_now:
            from IPython.display import display

            display(self.widget)

    def values(self) -> dict:
        """The current value of every control, by name (the reveal toggle is not one)."""
        return {name: c.value for name, c in self.controls.items() if name != REVEAL}

    @property
    def revealed(self) -> bool:
        """Whether the ``hidden`` artists are shown (always True without any)."""
        return not self.hidden or bool(self.controls[REVEAL].value)

    def _on_change(self, change) -> None:
        if self.hidden:
            toggle = self.controls[REVEAL]
            if change["owner"] is toggle:
                for artist in self.hidden:
                    artist.set_visible(bool(change["new"]))
            elif not toggle.value:
                toggle.value = True  # the first move reveals; this very call redraws
                return
        self.refresh()

    def refresh(self) -> None:
        """Call ``update`` with the current values, redraw and show; show any exception."""
        if self._call_update():
            self._draw()

    def _call_update(self) -> bool:
        """Run ``update``; on an exception show it under the figure, keep it, return False."""
        try:
            self.update(**self.values())
        except Exception as exc:  # noqa: BLE001 - shown to the user and kept for the tests
            self.errors.append(exc)
            text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            self.error_box.value = (
                '<pre style="color:#b00020;white-space:pre-wrap">'
                f"Error while updating the figure:\n{html.escape(text)}</pre>"
            )
            return False
        if self.error_box.value:
            self.error_box.value = ""
        return True

    def _prepare_first_change(self) -> None:
        """Do now what the first change would otherwise do, at twice the time of a later one.

        ``update`` runs once more, to see which artists it moves; the background without them
        is drawn now (:meth:`InPlaceRedraw.prime`), and the palette is chosen from the picture
        with the ``hidden`` artists shown, so that the first move, which reveals them, needs no
        new one.
        """
        moving = self.engine.touched_by(self._call_update)
        if moving is None:  # update failed, or it changes the axes: every change draws it all
            return
        self.engine.prime(moving, self.hidden)
        waiting = [artist for artist in self.hidden if not artist.get_visible()]
        if waiting:
            for artist in waiting:
                artist.set_visible(True)
            self.engine.draw()
            self.encoder.encode(np.asarray(self.fig.canvas.buffer_rgba()), new_palette=True)
            self._palette_for = self.engine.rebuilds
            for artist in waiting:
                artist.set_visible(False)

    def _draw(self) -> None:
        """Bring the canvas up to date (in place) and send the frame to the browser."""
        self.redraws += 1
        self.engine.draw()
        self._show()
        self._describe()

    def describe(self, readouts=None) -> str:
        """The figure in words as it is now (see ``alt_text`` and :mod:`helpers.alt_text`)."""
        from .alt_text import describe

        if callable(self.alt_text):
            return str(self.alt_text(**self.values()))
        return describe(self, self.alt_text, readouts)

    def _describe(self) -> None:
        """Give the new frame its text alternative (sent only when the words changed)."""
        text = self.describe()
        if text == self.alt:
            return
        self.alt = text
        # visually hidden (the clip pattern), announced politely by screen readers
        self.alt_box.value = (
            '<p aria-live="polite" style="position:absolute;width:1px;height:1px;margin:-1px;'
            'padding:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0">'
            f"{html.escape(text)}</p>")

    def _show(self) -> None:
        """Encode the canvas's pixels and send them to the image widget.

        The palette is chosen again whenever the redraw engine drew the whole figure or a new
        background (other artists changed); in between it is reused, which is fast and keeps
        the unchanged pixels exactly as they were.
        """
        fresh = self._palette_for != self.engine.rebuilds
        self._palette_for = self.engine.rebuilds
        pixels = np.asarray(self.fig.canvas.buffer_rgba())
        self.last_png = self.encoder.encode(pixels, new_palette=fresh)
        self.view.value = self.last_png

    def fingerprint(self) -> str:
        """A hash of everything drawn (line data, patches, collections, images, texts, limits).

        Two fingerprints differ when the figure shows something different; the tests use it to
        prove that moving a slider changed the figure.
        """
        from matplotlib.axis import Axis

        # Tick marks and labels are redrawn by the layout on every draw; what they show is
        # already captured by the axes limits, so they are left out.
        ticks = {id(a) for axis in self.fig.findobj(Axis) for a in axis.findobj()}
        digest = hashlib.sha1()
        for artist in self.fig.findobj():
            if id(artist) in ticks:
                continue
            for chunk in _artist_data(artist):
                if isinstance(chunk, np.ndarray):
                    digest.update(np.ascontiguousarray(chunk).tobytes())
                else:
                    digest.update(repr(chunk).encode())
        return digest.hexdigest()

    def _ipython_display_(self) -> None:  # pragma: no cover - only in a notebook
        from IPython.display import display

        display(self.widget)


def _artist_data(artist):
    from matplotlib.axes import Axes
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    if isinstance(artist, Line2D):
        yield np.asarray(artist.get_xydata(), dtype=float)
        yield artist.get_visible()
    elif isinstance(artist, Text):
        yield artist.get_text()
        yield artist.get_position()
        yield artist.get_visible()
    elif isinstance(artist, Patch):
        # in the patch's own coordinates (data or axes), not pixels, which the layout moves
        vertices = artist.get_patch_transform().transform(artist.get_path().vertices)
        yield np.asarray(vertices, dtype=float)
        yield artist.get_visible()
    elif isinstance(artist, Collection):
        yield np.asarray(artist.get_offsets(), dtype=float)
        for path in artist.get_paths():
            yield np.asarray(path.vertices, dtype=float)
        yield np.asarray(artist.get_linewidths(), dtype=float)
        yield artist.get_visible()
    elif isinstance(artist, AxesImage):
        yield np.asarray(artist.get_array(), dtype=float)
    elif isinstance(artist, Axes):
        yield artist.get_xlim()
        yield artist.get_ylim()


def live_figures() -> list:
    """Every LiveFigure still alive in this kernel, oldest first.

    >>> all(isinstance(live, LiveFigure) for live in live_figures())
    True
    """
    return [ref() for ref in _REGISTRY if ref() is not None]


def move_every_control(live: LiveFigure) -> list[dict]:
    """Move each control of ``live`` once and report whether the figure changed.

    A slider goes to its maximum (or to its minimum if it is already there), a dropdown to its
    next option, a checkbox is toggled; afterwards the control is put back. Returns one record per
    control: ``{"name", "changed", "errors"}``.

    >>> fig, ax = new_figure("doc-move", figsize=(3, 2))
    >>> (line,) = ax.plot([0, 1], [0, 0])
    >>> live = LiveFigure(fig, lambda y: line.set_ydata([y, y]),
    ...                   {"y": slider("y", 0, 1, 0.1, 0.5)}, display_now=False)
    >>> move_every_control(live)
    [{'name': 'y', 'changed': True, 'errors': []}]
    """
    report = []
    for name, control in live.controls.items():
        before = live.fingerprint()
        errors_before = len(live.errors)
        original = control.value
        control.value = _another_value(control)
        changed = live.fingerprint() != before
        new_errors = live.errors[errors_before:]
        control.value = original
        report.append({"name": name, "changed": changed, "errors": [repr(e) for e in new_errors]})
    return report


def _another_value(control):
    if isinstance(control, widgets.Checkbox) or isinstance(control.value, bool):
        return not control.value
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        index = values.index(control.value) if control.value in values else -1
        return values[(index + 1) % len(values)]
    high, low = control.max, control.min
    return low if control.value == high else high
