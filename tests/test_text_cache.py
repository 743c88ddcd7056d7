"""LiveFigure's glyph cache draws exactly the pixels matplotlib's own text drawing gives.

``helpers.mpl_internals.install_glyph_cache`` replaces, on LiveFigure's renderers only, matplotlib's
per-glyph rasterisation and per-line layout by caches of glyph bitmaps and layouts. For every
figure builder, after moving each control, the canvas LiveFigure drew (in place, with the
caches) must equal a full draw by matplotlib's unmodified renderer.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

import helpers.mpl_internals as mi
from tests.test_live_redraw import _builders, _made_here


def _stock_full_draw(fig) -> np.ndarray:
    renderer = fig.canvas.get_renderer()
    removed = mi.uninstall_glyph_cache(renderer)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="rgba", dpi=fig.dpi)
    finally:
        mi.reinstall(renderer, removed)
    width, height = fig.canvas.get_width_height(physical=True)
    return np.frombuffer(buffer.getvalue(), np.uint8).reshape(height, width, 4)


def test_the_cache_is_in_use(inline_backend):
    live = _made_here()
    live.controls["shift"].value = 1.0
    assert mi.supported(), "\n".join(mi.gate_problems())
    assert "_draw_text_glyphs_and_boxes" in vars(live.fig.canvas.get_renderer())
    assert "draw_text" in vars(live.fig.canvas.get_renderer())
    assert mi._GLYPHS["cache"]


@pytest.mark.parametrize("build", [pytest.param(_made_here, id="made-here"), *_builders()])
def test_cached_glyphs_equal_matplotlibs_drawing(build, inline_backend):
    live = build(display_now=False)
    problems = []
    for name, control in live.controls.items():
        original = control.value
        if hasattr(control, "options") or isinstance(control.value, bool):
            values = [original]
        else:
            values = [control.min, 0.37 * control.min + 0.63 * control.max, original]
        for value in values:
            control.value = value
            drawn = np.asarray(live.fig.canvas.buffer_rgba()).copy()
            stock = _stock_full_draw(live.fig)
            differ = int((drawn != stock).any(axis=2).sum())
            if differ:
                problems.append(f"{name}={value!r}: {differ} pixels differ")
    assert not live.errors, live.errors
    assert not problems, "\n".join(problems)
