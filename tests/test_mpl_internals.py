"""The gate of ``helpers/mpl_internals.py``: its copies of private matplotlib code still match.

LiveFigure's glyph cache copies two private methods of matplotlib's Agg renderer and the title
freeze relies on a private attribute read by ``_AxesBase._update_title_position``. When the
installed matplotlib changes any of them, the cache switches itself off (correct, but each
slider frame is slower) and this test fails, naming what to compare and update.
"""

from __future__ import annotations

import matplotlib

import helpers.mpl_internals as mi


def test_installed_matplotlib_matches_the_private_code_we_copy():
    problems = mi.gate_problems()
    assert not problems, (
        f"matplotlib {matplotlib.__version__} is installed; helpers/mpl_internals.py was "
        f"written for {mi.WRITTEN_FOR}. Compare and update the copies, then the hashes:\n"
        + "\n".join(problems)
    )
    assert mi.supported()


def test_a_changed_source_fails_the_gate_and_switches_the_cache_off(monkeypatch):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    name = next(iter(mi.SOURCE_SHA1))
    monkeypatch.setitem(mi.SOURCE_SHA1, name, "0" * 40)
    monkeypatch.setitem(mi._GATE, "problems", None)
    problems = mi.gate_problems()
    assert len(problems) == 1 and name in problems[0] and mi.WRITTEN_FOR in problems[0]
    renderer = FigureCanvasAgg(Figure()).get_renderer()
    assert not mi.install_glyph_cache(renderer)
    assert "draw_text" not in vars(renderer)
