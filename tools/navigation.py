"""Write the generated parts of the notebooks and README: navigation, contents, slide marks, links.

Run ``make nav`` (or ``python tools/navigation.py``) after adding or renaming a notebook;
``--check`` only reports what would change (the tests use it). What it writes:

* a navigation cell, tagged ``<!--NAVIGATION-->``, second and last in every notebook:
  previous | contents | next | the matching mathnote | notation | glossary;
* the contents list of ``notebooks/00-index.ipynb`` (the cell tagged ``<!--CONTENTS-->``);
* the table of hand-out links in README.md between ``<!-- BEGIN links -->`` and
  ``<!-- END links -->`` (GitHub, Binder, Colab for every notebook);
* slide marks: the title cell and every ``## `` section start a new slide (JupyterLab's
  "Open in presentation" via RISE, or ``jupyter nbconvert --to slides``).

Titles come from each notebook's first ``# `` heading, so they are never typed twice.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MATHNOTES = ROOT / "mathnotes"
README = ROOT / "README.md"
INDEX = NOTEBOOKS / "00-index.ipynb"
GLOSSARY = MATHNOTES / "glossary.md"
NOTATION = MATHNOTES / "notation.md"

#: Where the collection is published (GitHub ``owner/name``) and which branch or tag the links
#: open: every GitHub, Binder, Colab and JupyterHub link is built from these. A lecturer who
#: forks the collection changes them here (and in the Colab bootstrap cell), then runs `make nav`.
REPOSITORY = "info-to-wgan/info-to-wgan"
BRANCH = "main"
#: The university JupyterHub that nbgitpuller links open (no trailing slash).
HUB_URL = "https://jupyterhub.example.edu"

NAV_TAG = "<!--NAVIGATION-->"
CONTENTS_TAG = "<!--CONTENTS-->"

#: Chapters of the path that have no notebook yet: listed in the contents, without a link.
PLANNED: dict[str, str] = {}


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def title_of(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError(f"{path.name} has no '# ' title in a markdown cell")


def mathnote_for(path: Path) -> Path | None:
    note = MATHNOTES / (path.stem + ".md")
    return note if note.exists() else None


def nav_source(index: int, paths: list[Path]) -> str:
    path = paths[index]
    parts = []
    if index > 0:
        prev = paths[index - 1]
        parts.append(f"< [{title_of(prev)}]({prev.name})")
    if path != INDEX:
        parts.append(f"[Contents]({INDEX.name})")
    if index + 1 < len(paths):
        nxt = paths[index + 1]
        parts.append(f"[{title_of(nxt)}]({nxt.name}) >")
    note = mathnote_for(path)
    if note is not None:
        parts.append(f"[Derivations: {note.name}](../mathnotes/{note.name})")
    if NOTATION.exists():
        parts.append(f"[Notation](../mathnotes/{NOTATION.name})")
    if GLOSSARY.exists():
        parts.append(f"[Glossary English / 中文](../mathnotes/{GLOSSARY.name})")
    return f"{NAV_TAG}\n" + " | ".join(parts)


def course_facts(path: Path) -> dict:
    """From a notebook's first cell: its minutes (the core, which fits one sitting), the minutes
    with every optional section and exercise (``total``, as measured by working through it), and
    the notebooks its prerequisites name.

    >>> course_facts(NOTEBOOKS / "04-jensen-shannon.ipynb")["minutes"] > 0
    True
    """
    first = nbformat.read(path, as_version=4).cells[0].source
    needs = re.search(r"\*\*Prerequisites?[.:]?\*\*:?(.*?)(?:\*\*Time|\n\n|$)", first, re.S)
    minutes = re.search(r"about (\d+) minutes", first)
    total = re.search(r"(\d+[–-]\d+)\s+minutes\s+in\s+all", first)
    named = re.findall(r"notebooks? (0\d)(?:[^.;]*?\band (0\d))?", needs[1] if needs else "", re.I)
    builds_on = sorted({n for pair in named for n in pair if n and n != path.name[:2]})
    return {"minutes": int(minutes[1]) if minutes else 0, "builds_on": builds_on,
            "total": total[1].replace("-", "–") if total else ""}


def contents_source(paths: list[Path]) -> str:
    lines = [CONTENTS_TAG, "## Contents", ""]
    present = {p.name[:2]: p for p in paths if p != INDEX}
    for number in sorted(set(present) | set(PLANNED)):
        if number in present:
            p = present[number]
            line = f"{int(number)}. [{title_of(p)}]({p.name})"
            facts = course_facts(p)
            extra = [f"about {facts['minutes']} min"] if facts["minutes"] else []
            if facts["total"] and extra and int(facts["total"].split("–")[-1]) > facts["minutes"]:
                extra[0] += f", {facts['total']} with everything"
            if facts["builds_on"]:
                extra.append("builds on " + ", ".join(facts["builds_on"]))
            if extra:
                line += " (" + "; ".join(extra) + ")"
            note = mathnote_for(p)
            if note is not None:
                line += f" — [derivations](../mathnotes/{note.name})"
        else:
            line = f"{int(number)}. {PLANNED[number]} *(in preparation)*"
        lines.append(line)
    lines += ["", "Open a notebook elsewhere (Binder and Colab need nothing installed; the "
              "JupyterHub links pull the collection into your university hub's home folder "
              "with nbgitpuller):", "", links_table(paths)]
    conventions = MATHNOTES / "00-conventions.md"
    if conventions.exists():
        lines += ["", f"Notation, units and edge conventions: [{conventions.name}]"
                  f"(../mathnotes/{conventions.name})."]
    if NOTATION.exists():
        lines += ["", f"One letter, one meaning (P data, Q model, ℓ a logit, σ a standard "
                  f"deviation): [the notation table](../mathnotes/{NOTATION.name})."]
    if GLOSSARY.exists():
        lines += ["", f"Every term with its symbol and its Chinese name: [the glossary]"
                  f"(../mathnotes/{GLOSSARY.name})."]
    return "\n".join(lines)


def links(name: str) -> dict[str, str]:
    """The four hand-out links of notebook ``name`` (e.g. ``"04-jensen-shannon.ipynb"``).

    >>> sorted(links("04-jensen-shannon.ipynb"))
    ['binder', 'colab', 'github', 'hub']
    >>> links("04-jensen-shannon.ipynb")["hub"].split("?")[0]
    'https://jupyterhub.example.edu/hub/user-redirect/git-pull'
    """
    from urllib.parse import quote, urlencode

    rel = f"notebooks/{name}"
    folder = REPOSITORY.split("/")[1]  # nbgitpuller clones into a folder named like the repo
    pull = urlencode(
        {
            "repo": f"https://github.com/{REPOSITORY}",
            "urlpath": f"lab/tree/{folder}/{rel}",
            "branch": BRANCH,
        },
        quote_via=quote,
    )
    return {
        "github": f"https://github.com/{REPOSITORY}/blob/{BRANCH}/{rel}",
        "binder": f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{rel}",
        "colab": f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{rel}",
        "hub": f"{HUB_URL}/hub/user-redirect/git-pull?{pull}",
    }


def links_table(paths: list[Path]) -> str:
    rows = [
        "| notebook | read | run on Binder | run on Colab | run on your JupyterHub |",
        "| --- | --- | --- | --- | --- |",
    ]
    for p in paths:
        url = links(p.name)
        rows.append(
            f"| {title_of(p)} | [GitHub]({url['github']}) | [Binder]({url['binder']}) "
            f"| [Colab]({url['colab']}) | [JupyterHub]({url['hub']}) |"
        )
    return "\n".join(rows)


def _is_nav(cell) -> bool:
    return cell.cell_type == "markdown" and cell.source.startswith(NAV_TAG)


def update_notebook(path: Path, index: int, paths: list[Path]) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if not _is_nav(c)]
    nav = nav_source(index, paths)
    top = nbformat.v4.new_markdown_cell(nav)
    bottom = nbformat.v4.new_markdown_cell(nav)
    # keep ids stable so re-running changes nothing
    top["id"], bottom["id"] = "navigation-top", "navigation-bottom"
    cells = cells[:1] + [top] + cells[1:] + [bottom]
    for i, cell in enumerate(cells):
        if path == INDEX and cell.cell_type == "markdown" and cell.source.startswith(CONTENTS_TAG):
            cell.source = contents_source(paths)
        is_slide = i == 0 or (cell.cell_type == "markdown" and cell.source.startswith("## "))
        meta = cell.setdefault("metadata", {})
        if is_slide:
            meta["slideshow"] = {"slide_type": "slide"}
        else:
            meta.pop("slideshow", None)
    nb.cells = cells
    return nb


def update_readme(paths: list[Path]) -> str:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- BEGIN links -->\n).*?(<!-- END links -->)", re.S)
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: m.group(1) + links_table(paths) + "\n" + m.group(2), text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    args = parser.parse_args(argv)
    paths = notebooks()
    stale = []
    for i, path in enumerate(paths):
        new = nbformat.writes(update_notebook(path, i, paths)) + "\n"
        if new != path.read_text(encoding="utf-8"):
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if README.exists():
        new_readme = update_readme(paths)
        if new_readme != README.read_text(encoding="utf-8"):
            stale.append(README.relative_to(ROOT))
            if not args.check:
                README.write_text(new_readme, encoding="utf-8")
    if args.check and stale:
        print("out of date (run `make nav`): " + ", ".join(map(str, stale)))
        return 1
    if not args.check:
        print("updated: " + (", ".join(map(str, stale)) or "nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
