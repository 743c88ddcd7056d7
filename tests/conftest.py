"""Shared test set-up: the mathnote claim registry and paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
MATHNOTES = sorted((ROOT / "mathnotes").glob("*.md"))

#: ``<!-- claim: some-id -->`` right after a checkable statement in a mathnote.
CLAIM_PATTERN = re.compile(r"<!--\s*claim:\s*([a-z0-9][a-z0-9-]*)\s*-->")

#: claim ids named by collected tests (filled during collection).
TESTED_CLAIMS: dict[str, list[str]] = {}


def mathnote_claims() -> dict[str, list[str]]:
    """Every claim id in ``mathnotes/*.md`` -> the files that carry it."""
    found: dict[str, list[str]] = {}
    for path in MATHNOTES:
        for claim_id in CLAIM_PATTERN.findall(path.read_text(encoding="utf-8")):
            found.setdefault(claim_id, []).append(path.name)
    return found


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        for marker in item.iter_markers("claim"):
            for claim_id in marker.args:
                TESTED_CLAIMS.setdefault(claim_id, []).append(item.nodeid)


@pytest.fixture
def inline_backend():
    """The collection's style, as ``setup_notebook()`` sets it (there is one way to draw now)."""
    import helpers.widgets as hw

    assert hw.setup_notebook() == "inline"
    yield


@pytest.fixture(scope="session")
def tested_claims() -> dict[str, list[str]]:
    return TESTED_CLAIMS


def assert_redraws_in_place(live, name: str, values, monkeypatch) -> None:
    """Moving control ``name`` through ``values`` never redraws the whole figure after the first
    two moves (a stale artist that is never drawn would force a full draw on every move)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    live.controls[name].value = values[0]  # the first move may draw everything
    live.controls[name].value = values[1]
    calls = []
    original = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda self: calls.append(1) or original(self))
    live.controls[name].value = values[2]
    assert calls == [], "a slider move redrew the whole figure (a stale, never-drawn artist?)"


def pytest_report_header(config):
    """Which BLAS kernel this run uses: results must not depend on it (``make test-kernels``)."""
    from helpers.blas import describe

    return describe()
