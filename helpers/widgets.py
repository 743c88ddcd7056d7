"""Sliders that update a figure in place: the one building block every notebook uses.

Usage in a notebook::

    from helpers import LiveFigure, new_figure, setup_notebook, slider
    setup_notebook()                       # style + ipympl if available, else inline
    fig, ax = new_figure("shift")          # build the figure once
    (line,) = ax.plot(x, p)
    def update(theta):                     # only mutate artists here
        line.set_ydata(...)
    LiveFigure(fig, update, {"theta": slider("θ", -3, 3, 0.05, 1.0)})

How it draws:

* With ipympl (JupyterLab, Notebook 7, VS Code, Binder) the figure is an interactive canvas
  widget and each change calls ``fig.canvas.draw_idle()``: only the changed pixels travel to the
  browser.
* Without ipympl (Colab, which ships ipywidgets 7) the figure is rendered to PNG into an
  ``Output`` widget of fixed height, so the page does not jump while you drag.

An exception raised while updating is never swallowed: it is shown in red under the figure,
kept in ``LiveFigure.errors`` and counted by the tests.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import io
import os
import traceback
import weakref

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from .plotting import use_style

#: "ipympl" or "inline": chosen by :func:`setup_notebook`.
_STATE = {"backend": None}
#: Every LiveFigure made in this kernel (for the tests and the benchmarks).
_REGISTRY: list = []


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def setup_notebook(backend: str = "auto") -> str:
    """Apply the collection's style and choose how figures are drawn.

    Parameters
    ----------
    backend : {"auto", "ipympl", "inline"}
        ``"auto"`` (default) uses ipympl when it is installed and we run in a Jupyter kernel,
        else the inline fallback. The environment variable ``HELPERS_BACKEND`` overrides it
        (the tests use it to cover both paths).

    Returns
    -------
    str
        The backend in use: ``"ipympl"`` or ``"inline"``.

    Examples
    --------
    Outside a Jupyter kernel (here, in a doctest) there is nothing to show widgets, so:

    >>> setup_notebook()
    'inline'
    """
    use_style()
    choice = os.environ.get("HELPERS_BACKEND", backend)
    if choice not in {"auto", "ipympl", "inline"}:
        raise ValueError(f"backend must be 'auto', 'ipympl' or 'inline', got {choice!r}")
    in_kernel = _in_kernel()
    if choice == "auto":
        # find_spec, not import: importing ipympl switches matplotlib's backend as a side effect
        has_ipympl = importlib.util.find_spec("ipympl") is not None
        choice = "ipympl" if (has_ipympl and in_kernel) else "inline"
    if in_kernel:
        from IPython import get_ipython

        get_ipython().run_line_magic("matplotlib", "widget" if choice == "ipympl" else "inline")
        use_style()  # the magic may reset rcParams
    _STATE["backend"] = choice
    return choice


def current_backend() -> str:
    """The backend chosen by :func:`setup_notebook` (``"inline"`` before it is called).

    >>> current_backend() in {"ipympl", "inline"}
    True
    """
    return _STATE["backend"] or "inline"


def new_figure(label: str, nrows: int = 1, ncols: int = 1, **kwargs):
    """Create a figure for a :class:`LiveFigure`, closing any earlier figure with this label.

    Re-running a cell therefore never piles up figures. Extra keyword arguments go to
    :func:`matplotlib.pyplot.subplots`.

    Returns ``fig, axes`` like :func:`matplotlib.pyplot.subplots`.

    >>> fig, (top, bottom) = new_figure("example", 2, 1, figsize=(8, 6))
    >>> fig.get_size_inches().tolist()
    [8.0, 6.0]
    """
    plt.close(label)
    with plt.ioff():
        fig, axes = plt.subplots(nrows, ncols, num=label, **kwargs)
    if current_backend() == "ipympl":
        canvas = fig.canvas
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        canvas.capture_scroll = False
    else:
        plt.close(fig)  # pyplot forgets it; LiveFigure renders it itself
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
    controls : dict of str to ipywidgets.ValueWidget
        The sliders (or other value widgets), keyed by the argument names of ``update``.

    Attributes
    ----------
    errors : list of BaseException
        Exceptions raised by ``update``; each is also shown in red under the figure.
    widget : ipywidgets.VBox
        What is displayed: controls, figure, error area.

    Examples
    --------
    >>> fig, ax = new_figure("doc-live", figsize=(4, 3))
    >>> (line,) = ax.plot([0, 1], [0, 0])
    >>> live = LiveFigure(fig, lambda level: line.set_ydata([level, level]),
    ...                   {"level": slider("level", 0, 1, 0.1, 0.5)}, display_now=False)
    >>> live.controls["level"].value = 0.8
    >>> list(line.get_ydata()), live.errors
    ([0.8, 0.8], [])
    """

    def __init__(self, fig, update, controls: dict, *, display_now: bool = True):
        self.fig = fig
        self.update = update
        self.controls = dict(controls)
        self.errors: list[BaseException] = []
        self.redraws = 0
        self.last_png = b""  # the inline fallback's latest rendering
        self.backend = current_backend()
        self.error_box = widgets.HTML(value="")
        self.error_box.add_class("live-figure-error")
        if self.backend == "ipympl" and hasattr(fig.canvas, "toolbar_visible"):
            self.view = fig.canvas
            if hasattr(fig.canvas, "_last_buff") and hasattr(fig.canvas, "set_image_mode"):
                fig.canvas.get_diff_image = _fast_diff_image.__get__(fig.canvas)
        else:
            self.backend = "inline"
            if not isinstance(fig.canvas, FigureCanvasAgg):
                FigureCanvasAgg(fig)  # pixels to redraw in place (pyplot has let the figure go)
            width, height = (fig.get_size_inches() * fig.dpi).astype(int)
            self.view = widgets.Output(layout=widgets.Layout(height=f"{height + 8}px"))
        self.view.add_class("live-figure-view")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([*self.controls.values(), self.view, self.error_box])
        self.widget.add_class("live-figure")
        self._background, self._key, self._dynamic, self._dynamic_ids = None, None, [], set()
        self._moving, self._extents = [], {}
        fig.stale_callback = None  # pyplot would ask for a full redraw on every change; we draw
        for ax in fig.axes:  # grid under the data, so redrawing only the data keeps it exact
            if ax.get_axisbelow() == "line":
                ax.set_axisbelow(True)
        self.refresh()
        self._freeze_layout()
        _REGISTRY.append(weakref.ref(self))
        if display_now:
            from IPython.display import display

            display(self.widget)

    def _freeze_layout(self) -> None:
        """Solve the layout once, then keep it: redraws skip constrained layout's solver.

        Solving the layout is most of a redraw's time, and the artists a slider moves do not
        change it (the axes limits are fixed when the figure is built).
        """
        if self.fig.get_layout_engine() is None:
            return
        self.fig.draw_without_rendering()  # runs the layout with the texts already filled in
        self.fig.set_layout_engine("none")

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Call ``update`` with the current values and redraw; show any exception."""
        try:
            self.update(**self.values())
        except Exception as exc:  # noqa: BLE001 - shown to the user and kept for the tests
            self.errors.append(exc)
            text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            self.error_box.value = (
                '<pre style="color:#b00020;white-space:pre-wrap">'
                f"Error while updating the figure:\n{html.escape(text)}</pre>"
            )
            return
        if self.error_box.value:
            self.error_box.value = ""
        self.redraws += 1
        canvas = self.fig.canvas
        if self.backend == "ipympl" and getattr(canvas, "syncing_data_url", True):
            canvas.draw_idle()  # no front-end yet: it asks for the first picture itself
        elif not isinstance(canvas, FigureCanvasAgg):
            canvas.draw_idle() if self.backend == "ipympl" else self._render_inline()
        else:
            self._draw_changes()
            if self.backend == "ipympl":
                if getattr(canvas, "manager", None) is not None:
                    canvas.blit(self.fig.bbox)  # sends the changed pixels now, no round trip
            else:
                self._render_inline(from_buffer=True)

    def _draw_changes(self) -> None:
        """Bring the canvas's pixels up to date, redrawing only what ``update`` changed.

        Matplotlib marks every artist a setter touched as stale. After one full draw, the
        figure without those artists is kept as a background; each later change pastes the
        background and draws only the changed artists and whatever lies above them in the same
        axes (in z-order, so the picture is the one a full draw gives). A change of axes
        limits, ticks, spines, size or layout gets a full draw instead.
        """
        fig, canvas = self.fig, self.fig.canvas
        changed, structural = _stale_artists(fig)
        if structural or self._background is None and not changed or _view_key(fig) != self._key:
            FigureCanvasAgg.draw(canvas)
            self._background, self._key = None, _view_key(fig)
            return
        if self._background is None or not {id(a) for a in changed} <= self._dynamic_ids:
            dynamic = _draw_order(fig, _with_artists_above(fig, [*self._dynamic, *changed]))
            shown = [a for a in dynamic if a.get_visible()]
            positions = [(a, a.get_position()) for a in shown if isinstance(a, Text)]
            for artist in shown:
                artist.set_visible(False)
            FigureCanvasAgg.draw(canvas)
            self._background = canvas.copy_from_bbox(fig.bbox)
            for artist in shown:
                artist.set_visible(True)
            for text, position in positions:  # titles are re-placed by every full draw
                text.set_position(position)
            self._dynamic, self._dynamic_ids = dynamic, {id(a) for a in dynamic}
            moving = {id(a) for a in [*self._moving, *changed]}
            self._moving = [a for a in dynamic if id(a) in moving]
            renderer = canvas.get_renderer()
            self._extents = {id(a): _extent(a, renderer) for a in dynamic if id(a) not in moving}
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        dirty = [_extent(a, renderer) for a in self._moving if a.get_visible()]
        everywhere = any(d is None for d in dirty)
        for artist in self._dynamic:
            if not artist.get_visible():
                continue
            # An unchanged artist above a changed one is redrawn only if they overlap.
            extent = self._extents.get(id(artist))
            if everywhere or extent is None or any(extent.overlaps(d) for d in dirty):
                artist.draw(renderer)
        fig.stale = False  # the pixels are up to date: pyplot's post-execute hook must not redraw

    def _render_inline(self, from_buffer: bool = False) -> None:
        buffer = io.BytesIO()
        if from_buffer:  # the Agg canvas already holds the picture
            from PIL import Image as PILImage

            PILImage.fromarray(np.asarray(self.fig.canvas.buffer_rgba())).save(buffer, "png")
        else:
            self.fig.savefig(buffer, format="png", dpi=self.fig.dpi)
        self.last_png = buffer.getvalue()
        if not _in_kernel():  # a script or a test: nothing to show it in
            return
        from IPython.display import Image, display

        self.view.clear_output(wait=True)
        with self.view:
            display(Image(data=self.last_png, format="png"))

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


def _stale_artists(fig):
    """``(artists changed since the last draw, whether axes/ticks/spines changed too)``."""
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import SubFigure
    from matplotlib.spines import Spine

    changed, structural = [], False
    parents = [(ax, ax.patch) for ax in fig.axes] + [(fig, fig.patch)]
    for parent, patch in parents:
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


def _fast_diff_image(canvas):
    """matplotlib's ``FigureCanvasWebAggCore.get_diff_image`` with quicker PNG compression.

    Only the pixels that changed travel to the browser; zlib level 1 instead of 6 makes the
    PNG a little larger and its encoding about a third faster (a few ms per frame).
    """
    if not canvas._png_is_old:
        return None
    from PIL import Image as PILImage

    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    buff = pixels.view(np.uint32).squeeze(2)
    if (
        canvas._force_full
        or buff.shape != canvas._last_buff.shape
        or (pixels[:, :, 3] != 255).any()
    ):
        canvas.set_image_mode("full")
        output = buff
    else:
        canvas.set_image_mode("diff")
        output = np.where(buff != canvas._last_buff, buff, 0)
    canvas._last_buff = buff.copy()
    canvas._force_full = False
    canvas._png_is_old = False
    data = output.view(dtype=np.uint8).reshape((*output.shape, 4))
    with io.BytesIO() as png:
        PILImage.fromarray(data).save(png, format="png", compress_level=1)
        return png.getvalue()


def _view_key(fig):
    """What a cached background depends on: size, resolution, axes positions and limits."""
    return (fig.dpi, tuple(fig.bbox.bounds)) + tuple(
        (tuple(ax.get_position().bounds), tuple(ax.viewLim.bounds)) for ax in fig.axes
    )


def _with_artists_above(fig, artists):
    """``artists`` plus every artist drawn above the lowest of them in the same parent."""
    from matplotlib.axes import Axes

    out = {id(a): a for a in artists}
    for parent, patch in [(ax, ax.patch) for ax in fig.axes] + [(fig, fig.patch)]:
        mine = [a for a in artists if (a.axes is parent if parent is not fig else a.axes is None)]
        if not mine:
            continue
        low = min(a.get_zorder() for a in mine)
        for artist in parent.get_children():
            if artist is not patch and not isinstance(artist, Axes) and artist.get_zorder() >= low:
                out[id(artist)] = artist
    return list(out.values())


def _draw_order(fig, artists):
    """Sort artists the way a full draw paints them: axes by axes, then by z-order."""
    rank = {}
    for i, ax in enumerate(fig.axes):
        for j, artist in enumerate(ax.get_children()):
            rank[id(artist)] = (0, i, artist.get_zorder(), j)
    for j, artist in enumerate(fig.get_children()):
        rank.setdefault(id(artist), (1, 0, artist.get_zorder(), j))
    return sorted(artists, key=lambda a: rank.get(id(a), (2, 0, 0, 0)))


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
