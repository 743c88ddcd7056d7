"""Every claim in a mathnote is checked by a test, and every test names a real claim."""

from __future__ import annotations

import pytest

from .conftest import MATHNOTES, ROOT, mathnote_claims


def _all_marked_claims() -> dict[str, list[str]]:
    """Claim ids named by ``@pytest.mark.claim`` anywhere in tests/, read from the source.

    Reading the source (rather than the collected items) keeps this check valid when only part
    of the suite is selected with ``-k``.
    """
    import ast

    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "claim"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "mark"
            ):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(arg.value, []).append(path.name)
    return found


def test_there_are_mathnotes_with_claims():
    assert MATHNOTES, "mathnotes/ has no Markdown files"
    assert mathnote_claims(), "no mathnote carries a <!-- claim: id --> marker"


def test_every_claim_has_a_test():
    claims = mathnote_claims()
    marked = _all_marked_claims()
    untested = {c: files for c, files in claims.items() if c not in marked}
    assert not untested, f"claims without a test (add @pytest.mark.claim(id)): {untested}"


def test_every_tested_claim_exists():
    claims = mathnote_claims()
    marked = _all_marked_claims()
    unknown = {c: files for c, files in marked.items() if c not in claims}
    assert not unknown, f"tests name claim ids that no mathnote has: {unknown}"


def test_claim_ids_are_unique():
    duplicated = {c: f for c, f in mathnote_claims().items() if len(f) > 1}
    assert not duplicated, f"claim ids used more than once: {duplicated}"


@pytest.mark.parametrize("path", MATHNOTES, ids=lambda p: p.name)
def test_marker_follows_a_statement(path):
    """A claim marker sits right after the statement it tags, never at the top of a file."""
    text = path.read_text(encoding="utf-8")
    first = text.find("<!-- claim:")
    assert first == -1 or text[:first].strip(), f"{path.name} starts with a claim marker"
