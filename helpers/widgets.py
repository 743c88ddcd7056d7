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

#: The name of the "Show the answer" toggle among a LiveFigure's controls.
REVEAL = "show"
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
    hidden : sequence of matplotlib artists, optional
        Artists that answer the figure's "Try this" prediction (a curve, a readout). They stay
        hidden until the learner first moves a control or presses the "Show" toggle, which is
        added to the controls under the name ``"show"`` (it is not passed to ``update``, and it
        can hide them again).
    reveal_label : str
        The toggle's text.

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
    ):
        self.fig = fig
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
        self._excluded: list = []  # unchanged artists above changed ones, kept in the background
        fig.stale_callback = None  # pyplot would ask for a full redraw on every change; we draw
        for ax in fig.axes:  # grid under the data, so redrawing only the data keeps it exact
            if ax.get_axisbelow() == "line":
                ax.set_axisbelow(True)
        updated = self._run_update()
        self._freeze_layout()  # after the texts are filled in, before the first picture
        if updated:
            self._redraw()
        _REGISTRY.append(weakref.ref(self))
        if display_now:
            from IPython.display import display

            display(self.widget)

    def _freeze_layout(self) -> None:
        """Solve the layout once, then keep it: redraws skip constrained layout's solver.

        Solving the layout is most of a redraw's time, and the artists a slider moves do not
        change it (the axes limits are fixed when the figure is built). Titles are frozen too.
        The ``hidden`` artists are laid out as if shown, so that a hidden title keeps its room
        and its place for when it appears.
        """
        waiting = [a for a in self.hidden if not a.get_visible()]
        for artist in waiting:
            artist.set_visible(True)
        self.fig.draw_without_rendering()  # runs the layout with the texts already filled in
        for artist in waiting:
            artist.set_visible(False)
        if self.fig.get_layout_engine() is not None:
            self.fig.set_layout_engine("none")
        for ax in self.fig.axes:
            # Titles stay where that draw put them: matplotlib re-places them on every draw,
            # also when the background is drawn without the moving artists, which could move
            # a title that the background keeps.
            ax._autotitlepos = False

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
        """Call ``update`` with the current values and redraw; show any exception."""
        if self._run_update():
            self._redraw()

    def _run_update(self) -> bool:
        """Call ``update``; on an exception show it under the figure and return False."""
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

    def _redraw(self) -> None:
        """Bring the picture up to date after ``update`` (in place where possible)."""
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
        _cache_glyphs(canvas.get_renderer())  # full draws below use this same renderer
        changed, structural = _stale_artists(fig)
        if structural or self._background is None and not changed or _view_key(fig) != self._key:
            FigureCanvasAgg.draw(canvas)
            self._background, self._key = None, _view_key(fig)
            return
        renderer = canvas.get_renderer()
        if (
            self._background is None
            or not {id(a) for a in changed} <= self._dynamic_ids
            or _reaches_background(changed, self._excluded, renderer)
        ):
            above, self._excluded = _with_artists_above(
                fig, [*self._dynamic, *changed], renderer
            )
            dynamic = _draw_order(fig, above)
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
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self._dynamic:  # the background lacks all of them: draw every one
            if artist.get_visible():
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


#: sha1 of the source of matplotlib's ``RendererAgg._draw_text_glyphs_and_boxes`` that
#: :func:`_draw_glyphs_cached` reproduces; any other version keeps matplotlib's own.
_GLYPH_SOURCE = "a1b4e44deab614c8e4199936ba188f80a66bc242"
#: and of ``RendererAgg.draw_text``, whose glyph layout :func:`_draw_text_cached` keeps
_TEXT_SOURCE = "95267f2b6f72ff7fa6205c0c74b0ae86dd742a34"
_GLYPHS: dict = {"ok": None, "cache": {}, "matrices": {}, "layouts": {}}


def _cache_glyphs(renderer) -> None:
    """Let this Agg renderer reuse glyph bitmaps instead of rasterising every glyph again.

    Texts are most of a slider frame (about 50 µs per glyph and 2 ms per line of layout: a
    two-line caption costs 4-6 ms). FreeType's bitmap of a glyph depends only on the font,
    size, transform and the sub-pixel part of its position, so it is rendered once per such
    key and pasted at whole-pixel offsets; the glyph layout of a line is kept per font, size
    and string. The pixels are the same (``tests/test_text_cache.py`` compares with
    matplotlib's own drawing). Installed only on LiveFigure's renderers, and only when
    matplotlib's methods are the versions this copies.
    """
    if "_draw_text_glyphs_and_boxes" in vars(renderer):
        return
    if _GLYPHS["ok"] is None:
        import hashlib
        import inspect

        from matplotlib.backends.backend_agg import RendererAgg

        def digest(method):
            try:
                return hashlib.sha1(inspect.getsource(method).encode()).hexdigest()
            except (OSError, TypeError):  # pragma: no cover - no source available
                return ""

        _GLYPHS["ok"] = (
            digest(RendererAgg._draw_text_glyphs_and_boxes) == _GLYPH_SOURCE
            and digest(RendererAgg.draw_text) == _TEXT_SOURCE
        )
    if _GLYPHS["ok"]:
        renderer._draw_text_glyphs_and_boxes = _draw_glyphs_cached.__get__(renderer)
        renderer.draw_text = _draw_text_cached.__get__(renderer)


def _draw_text_cached(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """``RendererAgg.draw_text`` keeping the glyph layout of each string."""
    from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag

    if ismath:
        return RendererAgg.draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)
    font = self._prepare_font(prop)
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    flags = get_hinting_flag()
    size = prop.get_size_in_points()
    layouts = _GLYPHS["layouts"]
    if len(layouts) > 5000:
        layouts.clear()
    key = (font, size, self.dpi, s, flags, repr(features), repr(language))
    items = layouts.get(key)
    if items is None:
        items = layouts[key] = [
            (item.ft_object, item.glyph_index, item.x, item.y)
            for item in font._layout(s, flags=flags, features=features, language=language)
        ]
    self._draw_text_glyphs_and_boxes(
        gc, x, y, angle, ((ft, size, index, 0, 1, dx, dy) for ft, index, dx, dy in items), []
    )


def _draw_glyphs_cached(self, gc, x, y, angle, glyphs, boxes):
    """``RendererAgg._draw_text_glyphs_and_boxes`` with a cache of rendered glyph bitmaps."""
    import math

    from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
    from matplotlib.ft2font import RenderMode

    cache, matrices = _GLYPHS["cache"], _GLYPHS["matrices"]
    if len(cache) > 20000:
        cache.clear()
    cos = math.cos(math.radians(angle))
    sin = math.sin(math.radians(angle))
    load_flags = get_hinting_flag()
    antialiased = gc.get_antialiased()
    mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
    height, last = self.height, None
    for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
        # the positions matplotlib gives FreeType, in 1/64 pixel
        tx = round(0x40 * (x + dx * cos - dy * sin))
        ty = round(0x40 * (height - y + dx * sin + dy * cos))
        shape = (cos, sin, slant, extend)
        matrix = matrices.get(shape)
        if matrix is None:
            matrix = matrices[shape] = (
                0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]
            ).round().astype(int)
        key = (font, size, self.dpi, glyph_index, shape, tx & 63, ty & 63, load_flags, mode)
        hit = cache.get(key)
        if hit is None:
            font.set_size(size, self.dpi)
            font._set_transform(matrix, [tx & 63, ty & 63])  # whole pixels are added below
            bitmap = font._render_glyph(glyph_index, load_flags, mode)
            buffer = np.array(bitmap.buffer)
            if not antialiased:
                buffer *= 0xff
            hit = cache[key] = (buffer, bitmap.left, bitmap.top)
        buffer, left, top = hit
        self._renderer.draw_text_image(
            buffer, left + (tx >> 6), int(height) - (top + (ty >> 6)) + buffer.shape[0], 0, gc
        )
        last = (font, size, matrix, tx, ty)
    if last is not None:  # leave the font in the state matplotlib's loop leaves it
        font, size, matrix, tx, ty = last
        font.set_size(size, self.dpi)
        font._set_transform(matrix, [tx, ty])
    boxes = list(boxes)
    if boxes:
        RendererAgg._draw_text_glyphs_and_boxes(self, gc, x, y, angle, (), boxes)


def _fast_diff_image(canvas):
    """matplotlib's ``FigureCanvasWebAggCore.get_diff_image`` with quicker PNG encoding.

    Only the pixels that changed travel to the browser (the others are sent as 0); the PNG is
    written by :func:`_png_rgba`, about twice as fast as Pillow at its fastest level.
    """
    if not canvas._png_is_old:
        return None

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
    return _png_rgba(output.view(dtype=np.uint8).reshape((*output.shape, 4)))


def _png_rgba(pixels) -> bytes:
    """A PNG of an RGBA uint8 array: no row filters, zlib level 1 with run-length matching.

    A diff frame is mostly zeros, which run-length matching compresses quickly and well.

    >>> from PIL import Image
    >>> pixels = np.zeros((3, 4, 4), np.uint8); pixels[1, 2] = (10, 20, 30, 255)
    >>> np.array_equal(np.asarray(Image.open(io.BytesIO(_png_rgba(pixels)))), pixels)
    True
    """
    import struct
    import zlib

    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: filter type 0, then pixels
    rows[:, 1:] = pixels.reshape(height, 4 * width)
    packer = zlib.compressobj(1, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    body = packer.compress(rows.tobytes()) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def _view_key(fig):
    """What a cached background depends on: size, resolution, axes positions and limits."""
    return (fig.dpi, tuple(fig.bbox.bounds)) + tuple(
        (tuple(ax.get_position().bounds), tuple(ax.viewLim.bounds)) for ax in fig.axes
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
