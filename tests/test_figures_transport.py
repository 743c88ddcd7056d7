"""The figures of notebook 05: numbers written on them equal the helpers', artists move in place.

The figures are built outside a kernel (drawn with Agg, shown as PNG frames, exactly as in a
notebook), then their sliders are moved through ``.value`` as a user would.
"""

from __future__ import annotations

import re

import numpy as np
import ot
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import (
    emd,
    move_every_control,
    transport_cost,
    transport_plan_1d,
    wasserstein_1d,
)
from helpers.figures import transport as figs

NUMBER = re.compile(r"−?-?\d+\.\d+")


def numbers(text: str) -> list[float]:
    return [float(s.replace("−", "-")) for s in NUMBER.findall(text)]


pytestmark = pytest.mark.usefixtures("inline_backend")


def build(builder, **kwargs):
    return builder(display_now=False, **kwargs)


def move(live, name, value):
    live.controls[name].value = value
    assert not live.errors, live.errors


def artist_ids(fig):
    """Identity of every artist: updating in place must keep this set unchanged."""
    return sorted(id(a) for a in fig.findobj())


@pytest.mark.parametrize(
    "builder", [figs.plan_figure, figs.cdf_figure, figs.cloud_figure, figs.duality_figure]
)
def test_every_control_changes_the_figure_and_nothing_raises(builder):
    live = build(builder)
    before = artist_ids(live.fig)
    report = move_every_control(live)
    assert report and all(r["changed"] and not r["errors"] for r in report), report
    assert not live.errors
    assert artist_ids(live.fig) == before, "an update added or replaced artists"
    assert live.redraws >= 1 + 2 * len(report)


@pytest.mark.parametrize("position", [3.0, 2.5, 0.5, -1.0, 4.0])
def test_plan_figure_shows_the_helpers_numbers(position):
    live = build(figs.plan_figure)
    parts = live.parts
    data = parts["data"]
    image, arrows, title = parts["image"], parts["arrows"], parts["title"]
    move(live, "position", position)
    x = data["piles"].copy()
    x[data["moving"]] = position
    a, y, b = data["pile_mass"], data["holes"], data["hole_mass"]
    cost = np.abs(x[:, None] - y[None, :])
    plan = transport_plan_1d(x, y, a, b)
    shown_cost, shown_lp, shown_mean_gap = numbers(title.get_text())
    assert shown_cost == pytest.approx(round(transport_cost(plan, cost, a, b), 2), abs=1e-9)
    assert shown_lp == pytest.approx(round(emd(a, b, cost)[0], 2), abs=1e-9)
    assert shown_cost == shown_lp
    assert shown_mean_gap == pytest.approx(np.dot(a, x) - np.dot(b, y), abs=0.006)
    # same artists, new contents
    assert parts["image"] is image and parts["arrows"] is arrows
    np.testing.assert_allclose(image.get_array(), plan, atol=1e-12)
    cells = np.array([[float(t.get_text()) for t in row] for row in parts["cells"]])
    np.testing.assert_allclose(cells, np.round(plan, 2), atol=1e-9)
    segments = arrows.get_segments()
    assert len(segments) == np.count_nonzero(plan > figs.DRAW_TOLERANCE)
    starts = {round(s[0][0], 9) for s in segments}
    assert round(position, 9) in starts or plan[data["moving"]].sum() == 0
    assert parts["bar"].get_x() + parts["bar"].get_width() / 2 == pytest.approx(position)


def test_plan_figure_at_the_blog_position_is_one_directional():
    """Piles at 2 and 3, holes at 0 and 1: cost = LP optimum = difference of means = 2.1."""
    live = build(figs.plan_figure)
    assert numbers(live.parts["title"].get_text()) == [2.10, 2.10, 2.10]


def polygon_area(vertices) -> float:
    x, y = np.asarray(vertices, dtype=float).T
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


@pytest.mark.parametrize("shift", [0.0, 0.35, 3.0, -2.0, 4.0, -3.0])
def test_cdf_figure_area_and_w1(shift):
    live = build(figs.cdf_figure)
    parts = live.parts
    gap = parts["gap"]
    move(live, "shift", shift)
    assert parts["gap"] is gap
    (pv, pw), (qv0, qw) = parts["data"]["p"], parts["data"]["q"]
    qv = qv0 + shift
    w1 = wasserstein_1d(pv, qv, pw, qw)
    assert w1 == pytest.approx(scipy.stats.wasserstein_distance(pv, qv, pw, qw), abs=1e-12)
    shown_w1, shown_mean_gap = numbers(parts["title"].get_text())
    assert shown_w1 == pytest.approx(w1, abs=5e-4)
    assert shown_mean_gap == pytest.approx(np.dot(pw, pv) - np.dot(qw, qv), abs=5e-4)
    shaded = sum(polygon_area(path.vertices[:4]) for path in gap.get_paths())
    assert shaded == pytest.approx(w1, abs=1e-12)
    xs, ys = parts["q_line"].get_data()
    assert np.min(xs[1:-1]) == pytest.approx(qv.min())
    plan = transport_plan_1d(pv, qv, pw, qw)
    assert len(parts["coupling"].get_segments()) == np.count_nonzero(plan > figs.DRAW_TOLERANCE)


def test_cdf_figure_far_shift_w1_is_the_gap_of_means():
    live = build(figs.cdf_figure)
    move(live, "shift", 4.0)
    w1, mean_gap = numbers(live.parts["title"].get_text())
    assert mean_gap < 0 and w1 == -mean_gap  # Q lies right of P: mean(P) - mean(Q) < 0


def test_plan_and_cdf_figures_use_one_sign_for_the_gap_of_means():
    """Both write mean(P) − mean(Q) (piles minus holes), as the notebook's text does."""
    plan = build(figs.plan_figure)
    cdf = build(figs.cdf_figure)
    for live in (plan, cdf):
        text = live.parts["title"].get_text()
        assert "mean(P) − mean(Q) = " in text and "mean(Q) − mean(P)" not in text
    assert numbers(plan.parts["title"].get_text())[-1] == pytest.approx(2.1)
    move(cdf, "shift", -3.0)  # Q moved left of P: the gap is positive, and equals W1
    w1, mean_gap = numbers(cdf.parts["title"].get_text())
    assert mean_gap > 0 and w1 == mean_gap


@pytest.mark.parametrize("control", ["shift", "show"])
def test_cdf_figure_hides_the_answer_until_asked(control):
    """The notebook asks how W1 grows before the slider moves: area and value start hidden."""
    live = build(figs.cdf_figure)
    answer = [live.parts["gap"], live.parts["title"]]
    assert not any(a.get_visible() for a in answer) and not live.revealed
    assert live.parts["q_line"].get_visible() and live.parts["coupling"].get_visible()
    move(live, control, 1.0 if control == "shift" else True)
    assert live.revealed and all(a.get_visible() for a in answer)


@pytest.mark.parametrize(("dx", "dy"), [(0.0, 0.0), (-2.5, 0.0), (4.0, -2.0), (-4.0, 2.0)])
def test_cloud_figure_matches_pot(dx, dy):
    live = build(figs.cloud_figure)
    parts = live.parts
    matching = parts["matching"]
    move(live, "dx", dx)
    move(live, "dy", dy)
    assert parts["matching"] is matching
    p, q = parts["data"]["p"], parts["data"]["q"] + np.array([dx, dy])
    n = len(p)
    np.testing.assert_allclose(parts["q_dots"].get_offsets(), q)
    expected = ot.emd2(np.full(n, 1 / n), np.full(n, 1 / n), ot.dist(p, q, metric="euclidean"))
    (shown,) = numbers(parts["title"].get_text())
    assert shown == pytest.approx(expected, abs=5e-4)
    segments = np.array(matching.get_segments())
    # With equal masses the optimum found is a perfect matching: every point used once.
    assert len(segments) == n
    assert np.mean(np.linalg.norm(segments[:, 1] - segments[:, 0], axis=1)) == pytest.approx(
        expected, abs=1e-9
    )
    assert {tuple(np.round(s[0], 9)) for s in segments} == {tuple(np.round(r, 9)) for r in p}


@pytest.mark.parametrize("shift", [0.0, 0.5, 2.0, -3.0, 3.0])
def test_duality_figure_primal_equals_dual(shift):
    live = build(figs.duality_figure)
    parts = live.parts
    move(live, "shift", shift)
    (pv, pw), (qv0, qw) = parts["data"]["p"], parts["data"]["q"]
    qv = qv0 + shift
    expected = wasserstein_1d(pv, qv, pw, qw)
    (primal,) = numbers(parts["primal_title"].get_text())
    (dual,) = numbers(parts["dual_title"].get_text())
    assert primal == dual == pytest.approx(expected, abs=5e-4)
    xs, fs = parts["f_line"].get_data()
    assert np.all(np.abs(np.diff(fs)) <= np.diff(xs) + 1e-9), "critic steeper than slope 1"
    assert np.max(fs) == pytest.approx(-np.min(fs))


def test_dual_problem_values_agree_and_critic_is_optimal():
    primal, plan, dual, _, f = figs.dual_problem([0.0, 1.0, 3.0], [2, 1, 1], [0.5, 2.0], [1, 1])
    assert primal == pytest.approx(dual, abs=1e-9)
    a = np.array([0.5, 0.25, 0.25, 0, 0])
    b = np.array([0, 0, 0, 0.5, 0.5])
    assert np.dot(a - b, f) == pytest.approx(dual, abs=1e-9)
    np.testing.assert_allclose(plan.sum(axis=1), [0.5, 0.25, 0.25])


atoms = st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=6)
masses = st.lists(st.floats(0.05, 1.0), min_size=6, max_size=6)


@settings(max_examples=100, deadline=None)
@given(atoms, masses, atoms, masses)
def test_cdf_gap_rectangles_have_the_w1_area(pv, pw, qv, qw):
    pw, qw = pw[: len(pv)], qw[: len(qv)]
    rectangles, area = figs.cdf_gap_rectangles(pv, pw, qv, qw)
    assert area == pytest.approx(wasserstein_1d(pv, qv, pw, qw), abs=1e-9)
    assert sum(polygon_area(r) for r in rectangles) == pytest.approx(area, abs=1e-9)


def test_plan_segments_skips_empty_entries():
    segments, masses = figs.plan_segments(
        [[0, 1], [1, 1]], [[0, 0], [1, 0]], [[0.5, 0.0], [0.0, 0.5]]
    )
    assert segments.shape == (2, 2, 2)
    np.testing.assert_allclose(masses, [0.5, 0.5])
    empty, none = figs.plan_segments([[0, 1]], [[0, 0]], [[0.0]])
    assert empty.shape == (0, 2, 2) and none.size == 0


def test_cdf_figure_hidden_title_appears_in_its_place():
    """A title hidden at build time was laid out as if shown: between the panels, not off-page."""
    live = build(figs.cdf_figure)
    move(live, "shift", 3.0)
    live.fig.draw_without_rendering()
    top, bottom = live.fig.axes[:2]
    title = live.parts["title"].get_window_extent()
    assert bottom.bbox.y1 <= title.y0 and title.y1 <= top.bbox.y0
