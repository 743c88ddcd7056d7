"""The bilingual glossary (mathnotes/glossary.md): complete for the notebooks that exist, every
link resolves, and every notebook links to it.

The convention that makes "complete" checkable: a notebook writes a term in **bold** where it
defines it, and uses *italics* for any other emphasis. So every bold phrase in a notebook's prose
(other than labels such as **Try this**, numbers and whole sentences) must be a glossary term.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .conftest import NOTEBOOKS, ROOT

GLOSSARY = ROOT / "mathnotes" / "glossary.md"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Bold labels that structure a page rather than define a term.
STRUCTURE = ("try this", "what to notice", "prerequisite", "time", "exercise", "solution",
             "hint", "summary", "answer", "note", "warning", "in short", "step")


def rows() -> list[list[str]]:
    table = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith(("| term", "| ---")):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            table.append(cells)
    return table


def _norm(term: str) -> str:
    term = re.sub(r"^(the|a|an)\s+", "", term.strip().lower())
    term = term.replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"(?<=[a-z])s$", "", term)


def glossary_terms() -> set[str]:
    return {_norm(t) for row in rows() for t in row[0].split(", ")}


def defined_terms(path) -> set[str]:
    """Bold phrases in a notebook's prose that name a term (not a label, a number or a sentence)."""
    nb = nbformat.read(path, as_version=4)
    found = set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for phrase in re.findall(r"\*\*([^*\n]+?)\*\*", cell.source):
            words = phrase.strip()
            low = words.lower()
            if (
                low.startswith(STRUCTURE)
                or re.search(r"[$\d=≈<>]", words)
                or words.endswith((".", ":", "!", "?", ","))
                or len(words.split()) > 5
            ):
                continue
            found.add(words)
    return found


def test_glossary_rows_are_complete():
    table = rows()
    assert len(table) >= 40
    for cells in table:
        assert len(cells) == 5, cells
        term, chinese, _symbol, definition, first = cells
        assert term and definition, cells
        assert CJK.search(chinese), f"{term}: the Chinese term is missing"
        assert re.fullmatch(r"\[\d\d\]\(\.\./notebooks/\d\d-[a-z0-9-]+\.ipynb\)", first), cells


def test_every_glossary_link_resolves():
    text = GLOSSARY.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        assert (GLOSSARY.parent / target).resolve().exists(), f"glossary links to {target}"


def test_first_appearance_is_in_the_linked_notebook():
    for term, _, _, _, first in rows():
        path = GLOSSARY.parent / re.search(r"\((.+)\)", first)[1]
        if not path.exists():
            continue  # reported by test_every_glossary_link_resolves
        nb = nbformat.read(path, as_version=4)
        text = _norm(" ".join(c.source for c in nb.cells).replace("\n", " "))
        names = [_norm(t) for t in term.split(", ")]
        assert any(name in text for name in names), f"{path.name} never says {term!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_bold_term_is_in_the_glossary(path):
    known = glossary_terms()
    missing = sorted(t for t in defined_terms(path) if _norm(t) not in known)
    assert not missing, f"{path.name} defines terms the glossary lacks: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_links_the_glossary(path):
    nb = nbformat.read(path, as_version=4)
    top = nb.cells[0].source + nb.cells[1].source
    assert "../mathnotes/glossary.md" in top, f"{path.name}: no glossary link at the top"
