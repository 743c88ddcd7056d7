"""Everything LiveFigure does with matplotlib's private details, in one place, behind one gate.

The in-place redraw (:mod:`helpers.redraw`) is exact with public matplotlib alone; the pieces
here only make it fast or keep it steady:

* a cache of glyph bitmaps and line layouts on LiveFigure's Agg renderers
  (:func:`install_glyph_cache`), a copy of ``RendererAgg._draw_text_glyphs_and_boxes`` and of
  ``RendererAgg.draw_text`` that uses FreeType's private ``_layout``, ``_set_transform`` and
  ``_render_glyph``;
* titles kept where the layout put them (:func:`freeze_titles`, ``Axes._autotitlepos``);
* pyplot's redraw-on-stale switched off (:func:`detach_from_pyplot`, ``Figure.stale_callback``).

The gate: :data:`WRITTEN_FOR` names the matplotlib these were written against and
:data:`SOURCE_SHA1` the sha1 of the source of each private method they copy or rely on.
:func:`gate_problems` lists every mismatch with the installed matplotlib; where it finds any, the
glyph cache is not installed (matplotlib's own, slower drawing is used) and
``tests/test_mpl_internals.py`` fails, so an upgrade of matplotlib is noticed instead of
silently slowing the sliders down. To move to a new matplotlib: compare the methods named in
:data:`SOURCE_SHA1` with the copies below, adapt them, then update the hashes and
:data:`WRITTEN_FOR` (``python -m helpers.mpl_internals`` prints the installed hashes).
"""

from __future__ import annotations

import hashlib
import inspect
import math

import numpy as np

#: The matplotlib these private details were written for (reported by the gate's test).
WRITTEN_FOR = "3.11.2"

#: sha1 of the source of each private matplotlib function this module copies or relies on.
SOURCE_SHA1 = {
    # copied by _draw_glyphs_cached
    "matplotlib.backends.backend_agg.RendererAgg._draw_text_glyphs_and_boxes":
        "a1b4e44deab614c8e4199936ba188f80a66bc242",
    # its glyph layout is kept by _draw_text_cached
    "matplotlib.backends.backend_agg.RendererAgg.draw_text":
        "95267f2b6f72ff7fa6205c0c74b0ae86dd742a34",
    # reads _autotitlepos: False keeps the titles where they are (freeze_titles)
    "matplotlib.axes._base._AxesBase._update_title_position":
        "834653cba4b536bf3495b0b086a0957c2afe4701",
}  # fmt: skip

#: the caches shared by every LiveFigure renderer: glyph bitmaps, transforms, line layouts.
_GLYPHS: dict = {"cache": {}, "matrices": {}, "layouts": {}}
_GATE: dict = {"problems": None}


def _resolve(dotted: str):
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def source_sha1(dotted: str) -> str:
    """sha1 of the source of the function named ``dotted`` ("" when it is missing)."""
    try:
        return hashlib.sha1(inspect.getsource(_resolve(dotted)).encode()).hexdigest()
    except (AttributeError, ImportError, OSError, TypeError):
        return ""


def gate_problems() -> list[str]:
    """Every private function whose installed source differs from the one this module copies.

    Empty when the installed matplotlib is the one the patches were written for.

    >>> isinstance(gate_problems(), list)
    True
    """
    if _GATE["problems"] is None:
        import matplotlib

        problems = []
        for dotted, expected in SOURCE_SHA1.items():
            found = source_sha1(dotted)
            if found != expected:
                problems.append(
                    f"{dotted} differs from the matplotlib {WRITTEN_FOR} source this module "
                    f"was written for (installed matplotlib {matplotlib.__version__}, "
                    f"sha1 {found or 'missing'} != {expected})"
                )
        _GATE["problems"] = problems
    return list(_GATE["problems"])


def supported() -> bool:
    """Whether the installed matplotlib passes the gate (the glyph cache is then used)."""
    return not gate_problems()


# --- small private touches ------------------------------------------------------------------


def detach_from_pyplot(fig) -> None:
    """Stop pyplot from asking for a full redraw whenever an artist of ``fig`` changes."""
    fig.stale_callback = None


def freeze_titles(fig) -> None:
    """Keep each axes title where the last draw put it.

    Matplotlib re-places titles on every draw, also when the background is drawn without the
    moving artists, which could move a title that the background keeps.
    """
    for ax in fig.axes:
        ax._autotitlepos = False


# --- the glyph cache --------------------------------------------------------------------------


def install_glyph_cache(renderer) -> bool:
    """Let this Agg renderer reuse glyph bitmaps instead of rasterising every glyph again.

    Texts are most of a slider frame (about 50 µs per glyph and 2 ms per line of layout: a
    two-line caption costs 4-6 ms). FreeType's bitmap of a glyph depends only on the font,
    size, transform and the sub-pixel part of its position, so it is rendered once per such
    key and pasted at whole-pixel offsets; the glyph layout of a line is kept per font, size
    and string. The pixels are the same (``tests/test_text_cache.py`` compares with
    matplotlib's own drawing). Installed only on the renderers it is given, and only when the
    gate passes. Returns whether the cache is in use on ``renderer``.
    """
    if "_draw_text_glyphs_and_boxes" in vars(renderer):
        return True
    if not supported():
        return False
    renderer._draw_text_glyphs_and_boxes = _draw_glyphs_cached.__get__(renderer)
    renderer.draw_text = _draw_text_cached.__get__(renderer)
    return True


def uninstall_glyph_cache(renderer) -> dict:
    """Remove the cache from ``renderer``; returns what was removed (for :func:`reinstall`)."""
    names = ("_draw_text_glyphs_and_boxes", "draw_text")
    return {name: vars(renderer).pop(name) for name in names if name in vars(renderer)}


def reinstall(renderer, removed: dict) -> None:
    """Put back what :func:`uninstall_glyph_cache` removed."""
    for name, method in removed.items():
        setattr(renderer, name, method)


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


if __name__ == "__main__":  # pragma: no cover - a maintainer's aid when matplotlib changes
    for name in SOURCE_SHA1:
        print(f"{name}: {source_sha1(name) or 'missing'}")
