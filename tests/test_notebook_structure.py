"""Every notebook follows the collection's shape (see HOUSESTYLE and the README)."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from .conftest import NOTEBOOKS, ROOT

BOOTSTRAP = '''# On Colab only: install this collection's helpers (does nothing anywhere else).
import sys

if "google.colab" in sys.modules:
    %pip install --quiet "git+https://github.com/info-to-wgan/info-to-wgan"'''

LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00-")]


def _read(path):
    return nbformat.read(path, as_version=4)


def _text(nb, kind="markdown"):
    return "\n".join(c.source for c in nb.cells if c.cell_type == kind)


def test_there_is_an_index_and_lessons():
    names = [p.name for p in NOTEBOOKS]
    assert names and names[0] == "00-index.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_name_title_and_bootstrap(path):
    assert re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb", path.name)
    nb = _read(path)
    nbformat.validate(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.strip() == BOOTSTRAP
    for cell in code[1:]:
        assert "%pip" not in cell.source and "!pip" not in cell.source, "install outside bootstrap"
        assert "sys.path" not in cell.source


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_shape(path):
    nb = _read(path)
    intro = nb.cells[0].source.lower()
    assert "prerequisite" in intro, "the first cell names the prerequisites"
    assert "minute" in intro, "the first cell says how long it takes"
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = code[1].source
    assert "from helpers" in setup and setup.strip().splitlines()[-1].startswith("setup_notebook(")
    md = _text(nb)
    heads = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown" and c.source]
    for heading in ("## Summary", "## Exercises", "## Sources and further reading"):
        assert heading in heads, f"a cell of its own starts with {heading!r}"
    assert heads.index("## Summary") < heads.index("## Exercises") < heads.index(
        "## Sources and further reading"
    ), "Summary, then Exercises, then Sources"
    sources = next(c.source for c in nb.cells if c.source.startswith("## Sources"))
    assert re.search(r"\b(19|20)\d\d\b", sources), "sources are cited with their year"
    # the exercises themselves are audited in tests/test_exercise_audit.py
    assert md.count("Try this") >= 1 and md.count("What to notice") >= 1
    assert md.count("Try this") == md.count("What to notice"), "pair every 'Try this' with a note"
    note = ROOT / "mathnotes" / (path.stem + ".md")
    assert note.exists(), f"{path.name} needs its derivations in mathnotes/{note.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_navigation_second_and_last(path):
    nb = _read(path)
    assert nb.cells[1].source.startswith("<!--NAVIGATION-->")
    assert nb.cells[-1].source.startswith("<!--NAVIGATION-->")


def test_generated_parts_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "navigation.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_mathnote_link_resolves():
    for path in NOTEBOOKS:
        for target in re.findall(r"\]\(([^)#]+)\)", _text(_read(path))):
            if target.startswith("http"):
                continue
            assert (path.parent / target).resolve().exists(), f"{path.name} links to {target}"
