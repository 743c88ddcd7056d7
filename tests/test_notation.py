"""The notation table (mathnotes/notation.md) is followed everywhere a computer can check it.

Each rule below is one line of the table: a pattern that would write a reserved letter with a
forbidden meaning. The texts searched are every notebook cell (prose, code and the strings it
prints), every mathnote, and every module of ``helpers`` (docstrings, figure legends and
readouts). The notation table itself names the forbidden forms and is not searched.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .conftest import NOTEBOOKS, ROOT

TABLE = ROOT / "mathnotes" / "notation.md"

#: (rule, pattern that breaks it)
RULES = [
    ("KL is written KL, never D_KL", r"D_\{?\\?(?:mathrm\{)?KL|D_KL"),
    ("σ is a standard deviation: the sigmoid is sigmoid(·)",
     r"\\sigma\s*\(\s*(?:\\ell|l|z|a|x|u)\b|σ\((?:ℓ|l|z|a|x|u)\b|\\sigma\(z\)_i"),
    ("the sigmoid is not ℓ(·): ℓ is a logit",
     r"(?:D(?:\^\\ast|\^\*|_k)?(?:\(x\))?\s*=\s*\\ell\()|\\ell\(u\)|ℓ\(u\)"
     r"|logistic function \$\\ell"),
    ("a logit is ℓ, not a, z or l",
     r"logit \$(?:a|z|l)\$|logit :math:`(?:a|z|l)`|\bl\(x\)|\\sigma\(l\)|\\partial_a\b"
     r"|∂/∂a\b|logit a\b"),
    ("mutual information is MI(X; Z), not I(X; Z)", r"(?<![A-Za-z{])I\(X\s*;"),
    ("a subscript on H is never a base: H_b is the binary entropy", r"H_\{?2\}?\b|H₂"),
    ("d is the separation: derivatives are ∂ or a prime",
     r"\bd\s?(?:JS|KL|W_?1|W₁)\s?/\s?d|\\frac\{d\s*(?:\\,)?\s*(?:JS|KL|W)"
     r"|\\frac\{d\}\{d(?:\\theta|d)\}|(?<![\\\w])d/d\\theta"),
    ("M is the mixture only: the Jacobian bound is C", r"\\le M\^2|M\\varepsilon|<\s*M\\,\\frac"),
]


def texts():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            yield f"{path.name}[{i}]", cell.source
    for path in sorted((ROOT / "mathnotes").glob("*.md")):
        if path != TABLE:
            yield path.name, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("rule, pattern", RULES, ids=[r[0] for r in RULES])
def test_reserved_symbols_keep_their_meaning(rule, pattern):
    regex = re.compile(pattern)
    broken = []
    for where, text in texts():
        for line in text.splitlines():
            if regex.search(line):
                broken.append(f"{where}: {line.strip()[:120]}")
    assert not broken, f"{rule}:\n" + "\n".join(broken)


@pytest.mark.parametrize(
    "line",
    [
        r"$D_{KL}(P \Vert Q)$",
        r"$D = \sigma(\ell)$",
        r"$D^\ast(x) = \ell(\theta x)$",
        r"a logit $a$",
        r"$I(X; Z) = H(Z) - H(Z \mid X)$",
        r"$H_2(X) \le L$",
        r"$2\,dJS/d\theta$",
        "slopes: dW₁/dθ = 1",
        r"the slope $d/d\theta$ of each curve",
        r"$\le M^2$",
    ],
)
def test_each_rule_catches_its_mistake(line):
    assert any(re.search(pattern, line) for _, pattern in RULES), line


def test_the_table_is_linked_from_every_notebook_and_the_glossary():
    for path in NOTEBOOKS:
        top = nbformat.read(path, as_version=4).cells[1].source
        assert "../mathnotes/notation.md" in top, f"{path.name}: no link to the notation table"
    glossary = (ROOT / "mathnotes" / "glossary.md").read_text(encoding="utf-8")
    assert "](notation.md)" in glossary


@pytest.mark.usefixtures("inline_backend")
def test_figure_legends_use_the_prose_letters():
    """03's fits are N(μ, s²) in the prose, so the readout says s, not σ."""
    import matplotlib.pyplot as plt

    from helpers.figures.cross_entropy import kl_direction_figure

    live = kl_direction_figure(display_now=False, hidden=False)
    text = live.parts["readout"].get_text()
    plt.close(live.fig)
    assert "s = " in text and "σ" not in text, text
