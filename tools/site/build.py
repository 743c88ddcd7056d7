"""Build the kernel-free edition: ``make site`` (build/site) and ``make slides``.

What it writes into ``build/site``:

* ``index.html`` — the course map, from each notebook's first cell (title, what it teaches,
  prerequisites, minutes), with links to every page, mathnote, slide deck and the glossary;
* ``notebooks/NN-*.html`` — every notebook executed (``HELPERS_BACKEND=inline``) and rendered with
  its figures. Each ``LiveFigure`` is rendered at build time at every combination of a frame plan
  (:mod:`helpers.frames`) and shown as range inputs that swap palette PNGs in the browser
  (``assets/site.js``): sliders work without a kernel;
* ``mathnotes/*.html`` — every mathnote with its math (and ``glossary.html`` if a glossary
  exists);
* ``slides/NN-*.html`` — reveal.js decks for lecturers (:func:`lecture_cells`): one idea per
  slide (a heading and a short line, a figure with its sliders and its "Try this" question, an
  exercise's question), the explanations, code and solutions in the speaker notes (``S``);
* ``assets/`` — MathJax 3 and reveal.js copied from the npm packages installed in
  ``tools/site/node_modules`` (``npm ci``), the site's CSS and script. No page loads anything
  from outside the site, and every link is relative: it works from any static server or a USB
  stick (``file://``).

Links to ``.ipynb`` and ``.md`` files that have a page are rewritten to that page; links to
other files of the repository point at GitHub.

Usage: ``python tools/site/build.py [--what site|slides] [--quick] [--jobs N] [--out DIR]``.
``--quick`` (or ``SITE_QUICK=1``) renders fewer frames per figure (for the tests); the executed
notebooks and their frames are cached in ``build/cache``, keyed by the notebook, ``helpers``, this
script and the options. A cell that raises is shown on its page with its traceback and listed in
the build's output (the notebook tests are where such errors fail).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import html
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

import navigation  # noqa: E402  (tools/navigation.py: REPOSITORY, BRANCH, titles)

NODE_MODULES = HERE / "node_modules"
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CACHE = ROOT / "build" / "cache"

#: Frame options: the full site, and the quick one the tests build.
FULL = {"max_first": 121, "others": 3, "max_frames": 150}
QUICK = {"max_first": 41, "others": 2, "max_frames": 90}

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
REGISTER_CODE = """\
import json as _site_json
from helpers.frames import register_new as _site_register_new
print("SITE-FIGURES " + _site_json.dumps(_site_register_new()))
"""
EXPORT_CODE = """\
import json as _site_json
from helpers.frames import export_registered as _site_export
print("SITE-FRAMES " + _site_json.dumps(_site_export({out!r}, {prefix!r}, **{options!r})))
"""


# --- links -------------------------------------------------------------------------------------
def binder_url(stem: str) -> str:
    return (f"https://mybinder.org/v2/gh/{navigation.REPOSITORY}/{navigation.BRANCH}"
            f"?urlpath=lab/tree/notebooks/{stem}.ipynb")


def colab_url(stem: str) -> str:
    return (f"https://colab.research.google.com/github/{navigation.REPOSITORY}/blob/"
            f"{navigation.BRANCH}/notebooks/{stem}.ipynb")


def github_url(repo_path: str) -> str:
    return f"https://github.com/{navigation.REPOSITORY}/blob/{navigation.BRANCH}/{repo_path}"


class Pages:
    """Which repository files have a page, and where: repo path -> site path."""

    def __init__(self, notebooks: list[Path], notes: list[Path], glossary: Path | None,
                 decks: bool = False, site: bool = True):
        """``decks``: a notebook's page is its slide deck; ``site``: the full site is built."""
        self.map: dict[str, str] = {}
        folder = "slides" if decks else "notebooks"
        for path in notebooks:
            self.map[f"notebooks/{path.name}"] = f"{folder}/{path.stem}.html"
        if site:
            for path in notes:
                self.map[f"mathnotes/{path.name}"] = f"mathnotes/{path.stem}.html"
            if glossary is not None:
                self.map[glossary.relative_to(ROOT).as_posix()] = "glossary.html"
            self.map["README.md"] = "index.html"

    def rewrite(self, text: str, repo_dir: str, site_dir: str) -> str:
        """Rewrite relative ``href``s of a page made from a file in ``repo_dir``."""

        def fix(match):
            quote, target = match.group(1), html.unescape(match.group(2))
            if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.I):
                return match.group(0)
            path, _, anchor = target.partition("#")
            repo_path = os.path.normpath(os.path.join(repo_dir, path)).replace(os.sep, "/")
            if repo_path in self.map:
                new = os.path.relpath(self.map[repo_path], site_dir or ".").replace(os.sep, "/")
            elif path.endswith((".ipynb", ".md", ".py")) or (ROOT / repo_path).exists():
                new = github_url(repo_path)
            else:
                return match.group(0)
            if anchor:
                new += "#" + anchor
            return f"href={quote}{html.escape(new)}{quote}"

        return re.sub(r"href=([\"'])([^\"']*)\1", fix, text)


# --- executing a notebook and exporting its figures ---------------------------------------------
def _figure_html(entry: dict, root: str, number: int) -> str:
    """The kernel-free figure: a range input per control, a readout, the pictures."""
    m = entry["manifest"]
    positions = [c["start"] for c in m["controls"]]
    k, stride = 0, 1
    for c, p in zip(m["controls"], positions, strict=True):
        k += p * stride
        stride *= len(c["values"])
    first = m["hidden"] or m["frames"][k]
    alts = m.get("alts") or []
    alt = (m.get("hidden_alt") if m["hidden"] else (alts[k] if k < len(alts) else "")) or ""
    alt = alt or f"Figure {number}"
    rows = []
    for i, c in enumerate(m["controls"]):
        readout = c["readouts"][c["start"]]
        fixed = len(c["values"]) == 1  # a page over its frame budget keeps it at its default
        rows.append(
            f'<label class="site-control{" site-fixed" if fixed else ""}"><input type="range" '
            f'min="0" max="{len(c["values"]) - 1}" step="1" value="{c["start"]}" '
            f'data-control="{i}" aria-label="{html.escape(c["label"])}" '
            f'aria-valuetext="{html.escape(readout)}"{" disabled" if fixed else ""}>'
            f'<output class="site-readout">{html.escape(readout)}</output>'
            + ('<span class="site-fixed-note"> (fixed on this page: move it in a running '
               "notebook)</span>" if fixed else "")
            + "</label>"
        )
    if m["hidden"]:
        rows.append('<button type="button" class="site-reveal" aria-pressed="false">'
                    "Show the answer</button>")
    data = json.dumps(m, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="site-figure" id="figure-{number}" data-root="{root}">'
        f'<script type="application/json" class="site-manifest">{data}</script>'
        f'<div class="site-controls">{"".join(rows)}</div>'
        f'<img class="site-frame" src="{root}{first}" width="{m["width"]}" '
        f'height="{m["height"]}" alt="{html.escape(alt)}">'
        # the figure in words, read out when a slider changes it (site.js fills it in)
        '<p class="site-alt visually-hidden" aria-live="polite"></p>'
        "</div>"
    )


def _exercise_html(source: str, stem: str, root: str) -> str:
    """An exercise cell on the site: checked in the page (site_exercises.py, exercises.js), or,
    for an implement exercise, the note with Binder and Colab links."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from site_exercises import exercise_html

    return exercise_html(source, root, binder_url(stem), colab_url(stem))


def _solution_html(cell) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    code = highlight(cell.source, PythonLexer(), HtmlFormatter(cssclass="highlight hl-ipython3"))
    return (
        '<details class="site-solution"><summary>Solution code</summary>'
        f'<div class="site-solution-code">{code}</div></details>'
    )


#: Seconds a cell may run. The last cell of a notebook renders all its frames: 08's takes about
#: 200 s on a quiet machine (its Train frames rerun four trainings each, ~4 s apiece at load 4)
#: and went past 600 s on this shared 2-core machine, failing the build.
CELL_TIMEOUT = 1800


def execute(path: Path, frames_dir: Path, options: dict, timeout: int = CELL_TIMEOUT):
    """Run ``path`` in a fresh kernel; return the notebook with figures exported.

    Widget outputs of LiveFigures become the kernel-free figure markup (frames written to
    ``frames_dir``); other widget outputs are dropped (they need a kernel).
    """
    from nbconvert.preprocessors import ExecutePreprocessor

    prefix = f"notebooks/frames/{path.stem}/"
    export_code = EXPORT_CODE.format(out=str(frames_dir), prefix=prefix, options=options)
    figures: dict[int, dict] = {}

    class SiteExecute(ExecutePreprocessor):
        def probe(self, code: str, index: int, marker: str) -> list:
            """Run ``code`` in the kernel (not stored in the notebook); parse its JSON line."""
            cell = self.nb.cells[index]
            probe = nbformat.v4.new_code_cell(code)
            self.execute_cell(probe, index, store_history=False)
            self.nb.cells[index] = cell  # nbclient stores the executed cell at its index
            found = []
            for out in probe.outputs:
                if out.get("name") == "stdout" and marker in out.get("text", ""):
                    found += json.loads(out["text"].split(marker, 1)[1].splitlines()[0])
                elif out.get("output_type") == "error":
                    raise RuntimeError(
                        f"{path.name}: the figures after cell {index}: "
                        f"{out.get('ename')}: {out.get('evalue')}"
                    )
            return found

        def preprocess_cell(self, cell, resources, index):
            cell, resources = super().preprocess_cell(cell, resources, index)
            if cell.cell_type == "code" and any(
                WIDGET_MIME in o.get("data", {}) for o in cell.get("outputs", [])
            ):
                entries = self.probe(REGISTER_CODE, index, "SITE-FIGURES ")
                # each new figure goes to the widget output showing it: by model id, else
                # (a figure displayed through another widget) in the order they were displayed
                views = [o for o in cell.outputs if WIDGET_MIME in o.get("data", {})]
                ids = {o["data"][WIDGET_MIME].get("model_id") for o in views}
                by_id = {e["model_id"]: e for e in entries}
                rest = [e for e in entries if e["model_id"] not in ids]
                for view in views:
                    entry = by_id.get(view["data"][WIDGET_MIME].get("model_id"))
                    if entry is None and rest:
                        entry = rest.pop(0)
                    if entry is not None:
                        view["site_figure_number"] = entry["number"]
            if index == len(self.nb.cells) - 1:  # the end: share the page's budget, render
                for entry in self.probe(export_code, index, "SITE-FRAMES "):
                    figures[entry["number"]] = entry
            return cell, resources

    nb = nbformat.read(path, as_version=4)
    # the kernel inherits HELPERS_BACKEND=inline from build(), set before any thread starts
    ep = SiteExecute(timeout=timeout, kernel_name="python3", allow_errors=True)
    ep.preprocess(nb, {"metadata": {"path": str(path.parent)}})
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            number = out.pop("site_figure_number", None)
            if number in figures:
                out["site_figure"] = figures[number]
            if out.get("output_type") == "error":
                nb.metadata.setdefault("site_errors", []).append(
                    f"{path.name}, cell {index}: {out.get('ename')}: {out.get('evalue')}"[:300])
    nb.metadata.pop("widgets", None)
    return nb


def prepare(nb, stem: str, root: str):
    """A copy of the executed notebook ready to render: figures, exercises, solutions."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cells, number = [], 0
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "code" and "google.colab" in cell.source:
            continue  # the Colab bootstrap cell means nothing here
        if cell.cell_type == "code" and "solution" in tags:
            raw = nbformat.v4.new_raw_cell(_solution_html(cell))
            raw.metadata["format"] = "text/html"
            raw.metadata["raw_mimetype"] = "text/html"
            cells.append(raw)
            continue
        if cell.cell_type == "code":
            outputs = []
            for out in cell.get("outputs", []):
                entry = out.pop("site_figure", None)
                if entry is not None:
                    number += 1
                    outputs.append(nbformat.v4.new_output(
                        "display_data", data={"text/html": _figure_html(entry, root, number)}))
                elif WIDGET_MIME in out.get("data", {}):
                    continue
                else:
                    outputs.append(out)
            if "exercise" in tags:
                outputs = [nbformat.v4.new_output(
                    "display_data", data={"text/html": _exercise_html(cell.source, stem, root)})]
            cell.outputs = outputs
        cells.append(cell)
    nb.cells = cells
    return nb


# --- lecture decks: one idea per slide, the prose in the speaker notes --------------------------
#: A lead line longer than this goes to the speaker notes (its first sentence may stay).
LEAD_CHARS = 220
#: A list item longer than this goes to the notes; at most LEAD_ITEMS short items stay.
ITEM_CHARS = 140
LEAD_ITEMS = 4


def _blocks(source: str) -> list[str]:
    """Markdown split at blank lines, keeping a display-math block ($$ ... $$) whole."""
    blocks, current, in_math = [], [], False
    for line in source.splitlines():
        if line.strip() == "" and not in_math:
            if current:
                blocks.append("\n".join(current))
            current = []
            continue
        current.append(line)
        if line.strip().count("$$") % 2 == 1:
            in_math = not in_math
    if current:
        blocks.append("\n".join(current))
    return blocks


def _is_try(block: str) -> bool:
    return bool(re.match(r"\*\*Try this\b", block.strip(), re.I))


def _is_list(block: str) -> bool:
    return bool(re.match(r"\s*(?:[-*+]|\d+\.)\s", block))


def _first_sentence(text: str) -> str:
    """The paragraph's first sentence, if it ends there with its math closed."""
    match = re.match(r"(.+?[.!?])(?=\s+[A-Z(\"“*]|\s*$)", " ".join(text.split()))
    if match and match.group(1).count("$") % 2 == 0:
        return match.group(1)
    return ""


def _lead(blocks: list[str]) -> tuple[list[str], list[str]]:
    """What a heading's slide shows under it (a short line, a formula, a few short items) and
    what goes to the speaker notes."""
    shown, notes = [], []
    have_text = have_math = False
    for block in blocks:
        flat = " ".join(block.split())
        if block.lstrip().startswith("$$") and not have_math and len(flat) <= 300:
            shown.append(block)
            have_math = True
        elif _is_list(block) and not have_text:
            items = re.split(r"\n(?=\s*(?:[-*+]|\d+\.)\s)", block)
            short = [i for i in items if len(" ".join(i.split())) <= ITEM_CHARS][:LEAD_ITEMS]
            if short:
                shown.append("\n".join(short))
                have_text = True
            if len(short) < len(items):
                notes.append(block)
        elif not have_text and not block.lstrip().startswith(("<", "|", "$$", "#")):
            if len(flat) <= LEAD_CHARS:
                shown.append(block)
            else:
                sentence = _first_sentence(block)
                if sentence and len(sentence) <= LEAD_CHARS:
                    shown.append(sentence)
                notes.append(block)
            have_text = True
        else:
            notes.append(block)
    return shown, notes


def _is_figure(cell) -> bool:
    return cell.cell_type == "code" and any(
        'class="site-figure"' in o.get("data", {}).get("text/html", "")
        for o in cell.get("outputs", []))


def _md(source: str, slide_type: str = "-"):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _raw(html_text: str, slide_type: str = "-"):
    cell = nbformat.v4.new_raw_cell(html_text)
    cell.metadata["format"] = "text/html"
    cell.metadata["raw_mimetype"] = "text/html"
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def lecture_cells(cells: list) -> list:
    """A notebook's prepared cells as a lecture deck: one idea per slide.

    Each heading (``#``, ``##``, ``###``) starts a slide with the heading and at most a short
    line, a formula or a few short items; each figure gets a slide of its own with the section's
    name, its "Try this" question and the figure with its sliders; each exercise's question gets
    a slide. Everything else (explanations, "What to notice", code and its output, solutions)
    goes to the speaker notes of the slide it belongs to (reveal.js: press ``S``).
    """
    sections: list[list] = [[]]
    for cell in cells:
        if cell.cell_type == "markdown" and re.match(r"#{1,3} ", cell.source.lstrip()):
            sections.append([])
        sections[-1].append(cell)
    out: list = []
    for section in sections:
        if not section:
            continue
        first = section[0]
        title = ""
        rest = section
        figures_left = sum(map(_is_figure, section))
        pending: list[str] = []  # "Try this" questions waiting for their figure
        if first.cell_type == "markdown" and re.match(r"#{1,3} ", first.source.lstrip()):
            blocks = _blocks(first.source.strip())
            heading, body = blocks[0].splitlines()[0], blocks[0].splitlines()[1:]
            title = heading.lstrip("#").strip()
            body_blocks = (["\n".join(body)] if body else []) + blocks[1:]
            tries = [b for b in body_blocks if _is_try(b)]
            shown, notes = _lead([b for b in body_blocks if not _is_try(b)])
            if figures_left:
                pending += tries
            else:
                shown += tries
            out.append(_md("\n\n".join([heading, *shown]), "slide"))
            if notes:
                out.append(_md("\n\n".join(notes), "notes"))
            rest = section[1:]
        elif not out:  # cells before the first heading: a slide of their own
            out.append(_md("&nbsp;", "slide"))
        context = (f'<p class="site-slide-context">{html.escape(title)}</p>' if title else "")
        for cell in rest:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if _is_figure(cell):
                figures_left -= 1
                question = "".join(markdown_html(t) for t in pending)
                pending = []
                out.append(_raw(context + (f'<div class="site-slide-try">{question}</div>'
                                           if question else ""), "slide"))
                figure = "".join(o["data"]["text/html"] for o in cell.outputs
                                 if "text/html" in o.get("data", {}))
                out.append(_raw(figure))
            elif cell.cell_type == "markdown":
                text = cell.source.strip()
                if re.match(r"\*\*Exercise\b", text):
                    out.append(_raw(context + f'<div class="site-slide-exercise">'
                                    f"{markdown_html(text)}</div>", "slide"))
                    continue
                blocks = _blocks(text)
                tries = [b for b in blocks if _is_try(b)]
                others = [b for b in blocks if not _is_try(b)]
                if tries and figures_left:
                    pending += tries
                elif tries:
                    out.append(_raw(context + '<div class="site-slide-try">'
                                    + "".join(markdown_html(t) for t in tries) + "</div>",
                                    "slide"))
                if others:
                    out.append(_md("\n\n".join(others), "notes"))
            elif "exercise" in tags:
                continue  # checking an answer needs the page or a running notebook
            else:
                cell.metadata["slideshow"] = {"slide_type": "notes"}
                out.append(cell)
    return out


# --- rendering ----------------------------------------------------------------------------------
def _exporter(kind: str):
    from nbconvert import HTMLExporter, SlidesExporter

    cls = HTMLExporter if kind == "page" else SlidesExporter
    name = "site" if kind == "page" else "site-slides"
    exporter = cls(template_name=name, extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    if kind != "page":
        exporter.reveal_url_prefix = "../assets/reveal.js"
        exporter.reveal_theme = "white"
        exporter.reveal_transition = "none"
        exporter.reveal_scroll = False
    return exporter


def nav_html(stem: str, order: list[Path], root: str, slides: bool = False,
             site: bool = True) -> str:
    """The navigation bar of a page (or, with ``slides``, of a deck: its neighbours are decks)."""
    stems = [p.stem for p in order]
    i = stems.index(stem)
    folder = "slides" if slides else "notebooks"
    parts = [f'<a href="{root}index.html">Course map</a>'] if site else []
    if i > 0:
        parts.append(f'<a rel="prev" href="{root}{folder}/{stems[i - 1]}.html">&lt; '
                     f"{html.escape(navigation.title_of(order[i - 1]))}</a>")
    if i + 1 < len(stems):
        parts.append(f'<a rel="next" href="{root}{folder}/{stems[i + 1]}.html">'
                     f"{html.escape(navigation.title_of(order[i + 1]))} &gt;</a>")
    if site and (ROOT / "mathnotes" / f"{stem}.md").exists():
        parts.append(f'<a href="{root}mathnotes/{stem}.html">Derivations</a>')
    if slides and site:
        parts.append(f'<a href="{root}notebooks/{stem}.html">Page</a>')
    elif not slides:
        parts.append(f'<a href="{root}slides/{stem}.html">Slides</a>')
    parts.append(f'<a href="{binder_url(stem)}">Run on Binder</a>')
    parts.append(f'<a href="{colab_url(stem)}">Run on Colab</a>')
    return '<nav class="site-nav">' + " | ".join(parts) + "</nav>"


def render_notebook(nb, path: Path, order: list[Path], pages: Pages, out: Path, kind: str,
                    site: bool = True):
    site_dir = "notebooks" if kind == "page" else "slides"
    root = "../"
    ready = prepare(nb, path.stem, root)
    # the generated navigation cells link to notebooks; pages and decks have their own bar
    ready.cells = [c for c in ready.cells
                   if not (c.cell_type == "markdown" and c.source.startswith("<!--NAVIGATION"))]
    if kind == "slides":
        ready.cells = lecture_cells(ready.cells)
    ready.metadata["title"] = navigation.title_of(path)
    nav = nav_html(path.stem, order, root, kind == "slides", site)
    resources = {
        "site": {"root": root, "nav": nav},
        "reveal": {"url_prefix": f"{root}assets/reveal.js", "theme": "white",
                   "transition": "none", "scroll": False, "width": 1280, "height": 800},
    }
    body, _ = _exporter(kind).from_notebook_node(ready, resources=resources)
    body = pages.rewrite(body, "notebooks", site_dir)
    target = out / site_dir / f"{path.stem}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="{root}assets/site.css">
{mathjax}
</head>
<body class="site-page">
{nav}
<main class="site-text">
{body}
</main>
{nav}
</body>
</html>
"""


def mathjax_tags(root: str) -> str:
    return (f'<script src="{root}assets/mathjax-config.js"></script>\n'
            f'<script defer src="{root}assets/mathjax/tex-chtml-full.js"></script>')


def markdown_html(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def render_markdown_page(src: Path, pages: Pages, out: Path, target: str, nav: str) -> Path:
    text = src.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")),
                 src.stem)
    site_dir = os.path.dirname(target)
    root = "../" * target.count("/")
    body = markdown_html(text)
    page = PAGE.format(title=html.escape(title), root=root, mathjax=mathjax_tags(root),
                       nav=nav.format(root=root), body=body)
    page = pages.rewrite(page, src.parent.relative_to(ROOT).as_posix(), site_dir)
    path = out / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def first_cell_facts(path: Path) -> dict:
    """Title, the first cell's text without its title, prerequisites and minutes."""
    nb = nbformat.read(path, as_version=4)
    source = next(c.source for c in nb.cells if c.cell_type == "markdown")
    lines = source.splitlines()
    body = "\n".join(line for line in lines if not line.startswith("# ")).strip()
    flat = " ".join(body.split())
    prereq = re.search(r"\*\*Prerequisites[.:]\*\*\s*(.*?)(?=\*\*[A-Z][a-z]+[.:]\*\*|$)", flat)
    minutes = re.search(r"(\d+(?:\s*[–-]\s*\d+)?)\s*minutes", flat)
    total = re.search(r"(\d+\s*[–-]\s*\d+)\s*minutes in all", flat)
    return {
        "total": total.group(1).replace(" ", "") if total else "",
        "optional": bool(total) and "optional" in flat,
        "title": navigation.title_of(path),
        "body": body,
        "prerequisites": prereq.group(1).strip() if prereq else "",
        "minutes": minutes.group(1).replace(" ", "") if minutes else "",
    }


def render_index(order: list[Path], notes: list[Path], glossary: Path | None, pages: Pages,
                 out: Path) -> Path:
    parts = []
    index_nb = next((p for p in order if p.name == navigation.INDEX.name), None)
    intro = first_cell_facts(index_nb)["body"] if index_nb else ""
    parts.append(f"<h1>{html.escape(navigation.title_of(index_nb)) if index_nb else 'Course'}"
                 "</h1>")
    parts.append(markdown_html(intro))
    parts.append("<h2>The course map</h2>")
    rows = ['<table class="site-map"><thead><tr><th>#</th><th>Notebook</th>'
            "<th>Prerequisites</th><th>Minutes</th><th></th></tr></thead><tbody>"]
    lessons = {p.name[:2]: p for p in order if p != index_nb}
    cards = []
    for number in sorted(set(lessons) | set(navigation.PLANNED)):
        if number not in lessons:
            rows.append(f"<tr class=\"site-planned\"><td>{int(number)}</td><td>"
                        f"{html.escape(navigation.PLANNED[number])} <em>(in preparation)</em>"
                        "</td><td></td><td></td><td></td></tr>")
            continue
        p = lessons[number]
        facts = first_cell_facts(p)
        links = [f'<a href="slides/{p.stem}.html">slides</a>']
        if (ROOT / "mathnotes" / f"{p.stem}.md").exists():
            links.append(f'<a href="mathnotes/{p.stem}.html">derivations</a>')
        rows.append(
            f"<tr><td>{int(number)}</td><td><a href=\"notebooks/{p.stem}.html\">"
            f"{html.escape(facts['title'])}</a></td>"
            f"<td>{markdown_html(facts['prerequisites'])}</td><td>{facts['minutes']}"
            f"{' (' + facts['total'] + ' with everything)' if facts['optional'] else ''}</td>"
            f"<td>{' · '.join(links)}</td></tr>"
        )
        cards.append(
            f'<section class="site-card" id="nb-{number}"><h3>{int(number)}. '
            f'<a href="notebooks/{p.stem}.html">{html.escape(facts["title"])}</a></h3>'
            f"{markdown_html(facts['body'])}</section>"
        )
    rows.append("</tbody></table>")
    parts += rows
    if index_nb:
        parts.append(f'<p>The welcome notebook: <a href="notebooks/{index_nb.stem}.html">'
                     f"{html.escape(navigation.title_of(index_nb))}</a> "
                     f'(<a href="slides/{index_nb.stem}.html">slides</a>).</p>')
    parts.append("<h2>What each notebook teaches</h2>")
    parts += cards
    parts.append("<h2>Derivations</h2><ul>")
    for note in notes:
        title = next((line[2:].strip() for line in note.read_text(encoding="utf-8").splitlines()
                      if line.startswith("# ")), note.stem)
        parts.append(f'<li><a href="mathnotes/{note.stem}.html">{html.escape(title)}</a></li>')
    parts.append("</ul>")
    if glossary is not None:
        parts.append('<p><a href="glossary.html">Glossary</a></p>')
    parts.append(
        "<p class=\"site-about\">This edition needs no Python: the figures were rendered when the "
        "site was built, and their sliders switch between those pictures. To run the code and "
        "check your answers, open a notebook on Binder or Colab (links on every page).</p>"
    )
    nav = '<nav class="site-nav"><a href="index.html">Course map</a></nav>'
    page = PAGE.format(title="From information to Wasserstein GANs", root="",
                       mathjax=mathjax_tags(""), nav=nav, body="\n".join(parts))
    page = pages.rewrite(page, "notebooks", "")
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


# --- assets -------------------------------------------------------------------------------------
def ensure_node_modules() -> None:
    # axe-core is not copied into the site: the browser tests load it to audit the pages
    if all((NODE_MODULES / name).is_dir() for name in ("mathjax", "reveal.js", "axe-core")):
        return
    import subprocess

    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to build the site (MathJax and reveal.js come from npm): "
                         "`sudo apt-get install nodejs npm`")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def copy_assets(out: Path) -> None:
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    mj_src, mj_dst = NODE_MODULES / "mathjax" / "es5", assets / "mathjax"
    if mj_dst.exists():
        shutil.rmtree(mj_dst)
    mj_dst.mkdir(parents=True)
    shutil.copy2(mj_src / "tex-chtml-full.js", mj_dst)
    for sub in ("input", "output/chtml", "ui", "a11y"):
        shutil.copytree(mj_src / sub, mj_dst / sub, dirs_exist_ok=True)
    shutil.copy2(NODE_MODULES / "mathjax" / "LICENSE", mj_dst / "LICENSE")
    rv_src, rv_dst = NODE_MODULES / "reveal.js", assets / "reveal.js"
    if rv_dst.exists():
        shutil.rmtree(rv_dst)
    (rv_dst / "dist" / "theme" / "fonts").mkdir(parents=True)
    for name in ("reveal.js", "reveal.css", "reset.css", "theme/white.css"):
        shutil.copy2(rv_src / "dist" / name, rv_dst / "dist" / name)
    shutil.copytree(rv_src / "dist" / "theme" / "fonts" / "source-sans-pro",
                    rv_dst / "dist" / "theme" / "fonts" / "source-sans-pro")
    shutil.copytree(rv_src / "plugin" / "notes", rv_dst / "plugin" / "notes",
                    ignore=shutil.ignore_patterns("*.map", "*.esm.js"))
    shutil.copy2(rv_src / "LICENSE", rv_dst / "LICENSE")
    for item in STATIC.iterdir():
        shutil.copy2(item, assets / item.name)


# --- the build ----------------------------------------------------------------------------------
def _key(path: Path, options: dict) -> str:
    digest = hashlib.sha256(path.read_bytes())
    for source in sorted((ROOT / "helpers").rglob("*.py")):
        digest.update(source.relative_to(ROOT).as_posix().encode())
        digest.update(source.read_bytes())
    digest.update(Path(__file__).read_bytes())  # how notebooks are executed and exported
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def executed(path: Path, out: Path, options: dict, log) -> tuple:
    """The executed notebook, from the cache when the notebook, helpers and options match."""
    mode = "quick" if options == QUICK else "full"
    key = _key(path, options)
    cached = CACHE / f"{path.stem}-{mode}-{key}.ipynb"
    frames_cache = CACHE / f"{path.stem}-{mode}-{key}-frames"
    frames_dir = out / "notebooks" / "frames" / path.stem
    start = time.monotonic()
    if cached.exists() and frames_cache.is_dir():
        nb = nbformat.read(cached, as_version=4)
        status = "cached"
    else:
        for old in CACHE.glob(f"{path.stem}-{mode}-*"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        frames_cache.mkdir(parents=True, exist_ok=True)
        nb = execute(path, frames_cache, options)
        nbformat.write(nb, cached)
        status = "executed"
    if frames_dir.exists():
        shutil.rmtree(frames_dir)
    shutil.copytree(frames_cache, frames_dir)
    log(f"{path.name}: {status} in {time.monotonic() - start:.1f} s")
    for error in nb.metadata.get("site_errors", []):
        log(f"  ERROR (shown on the page; the notebook tests report it too): {error}")
    return path, nb


def build(what: str, out: Path, options: dict, jobs: int, log=print) -> dict:
    started = time.monotonic()
    ensure_node_modules()
    out.mkdir(parents=True, exist_ok=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    order = navigation.notebooks()
    notes = sorted((ROOT / "mathnotes").glob("*.md"))
    glossary = next((p for p in (ROOT / "glossary.md", ROOT / "mathnotes" / "glossary.md")
                     if p.exists()), None)
    notes = [n for n in notes if n != glossary]
    pages = Pages(order, notes, glossary)
    copy_assets(out)
    backup = os.environ.get("HELPERS_BACKEND")
    os.environ["HELPERS_BACKEND"] = "inline"  # kernels draw with Agg, as outside a notebook
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(lambda p: executed(p, out, options, log), order))
    finally:
        if backup is None:
            os.environ.pop("HELPERS_BACKEND", None)
        else:
            os.environ["HELPERS_BACKEND"] = backup
    written = []
    decks = Pages(order, notes, glossary, decks=True, site=what == "site")
    for path, nb in results:
        if what == "site":
            written.append(render_notebook(nb, path, order, pages, out, "page"))
        written.append(render_notebook(nb, path, order, decks, out, "slides", what == "site"))
    if what == "site":
        for note in notes:
            nav = ('<nav class="site-nav"><a href="{root}index.html">Course map</a>'
                   + (f' | <a href="{{root}}notebooks/{note.stem}.html">The notebook</a>'
                      if (ROOT / "notebooks" / f"{note.stem}.ipynb").exists() else "")
                   + "</nav>")
            written.append(render_markdown_page(note, pages, out, f"mathnotes/{note.stem}.html",
                                                nav))
        if glossary is not None:
            nav = '<nav class="site-nav"><a href="{root}index.html">Course map</a></nav>'
            written.append(render_markdown_page(glossary, pages, out, "glossary.html", nav))
        written.append(render_index(order, notes, glossary, pages, out))
    seconds = time.monotonic() - started
    log(f"wrote {len(written)} pages into {out} in {seconds:.1f} s")
    return {"pages": written, "seconds": seconds}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", choices=["site", "slides"], default="site",
                        help="site: every page and the slides; slides: the slide decks only")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("SITE_QUICK")),
                        help="fewer frames per figure (for the tests)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    build(args.what, args.out, QUICK if args.quick else FULL, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
