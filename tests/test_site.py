"""The kernel-free site (``make site``) and its slides, tested as a reader uses them.

The site is built once for the module with fewer frames per figure (``--quick``: the frame plan
is thinner, everything else is the full build) into ``build/site-test``, served by a static file
server on 127.0.0.1 and opened page by page in headless Chromium with every request that leaves
the site blocked and recorded. Each page: no console error, no request outside the site, math
rendered (no raw TeX, no MathJax error), every slider moved by keyboard changes its picture and
its readout shows the value. The same for one slide deck.

Without Chromium or npm these tests skip, saying what to install, unless ``CI`` is set: then
they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .site_support import (
    AXE_TAGS,
    MATH_JS,
    MOVABLE,
    READY_JS,
    SLIDERS_JS,
    SiteBrowser,
    SiteServer,
    axe_violations,
    load_builder,
    loaded,
    missing_tools,
    timed_press,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "site-test"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
NOTES = sorted((ROOT / "mathnotes").glob("*.md"))
GLOSSARY = next((p for p in (ROOT / "glossary.md", ROOT / "mathnotes/glossary.md")
                 if p.exists()), None)
PAGES = (
    ["index.html"]
    + [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
    + [f"mathnotes/{p.stem}.html" for p in NOTES if p != GLOSSARY]
    + (["glossary.html"] if GLOSSARY else [])
)
#: The deck checked in the browser: the one with the most sliders.
DECK = "slides/04-jensen-shannon.html"
DECKS = [f"slides/{p.stem}.html" for p in NOTEBOOKS]
#: Audited with axe-core in every run (CI time): the course map, a notebook page with sliders
#: and exercises, a mathnote, the glossary, and every slide of one deck. ``SITE_AXE_ALL=1``
#: audits every page and every slide of every deck.
AXE_ALL = bool(os.environ.get("SITE_AXE_ALL"))
AXE_PAGES = PAGES if AXE_ALL else [
    p for p in ["index.html", "notebooks/04-jensen-shannon.html",
                "mathnotes/04-jensen-shannon.html", "glossary.html"] if p in PAGES]
AXE_DECKS = DECKS if AXE_ALL else [DECK]
#: The most words a slide shows besides its figure (the rest is in the speaker notes): a heading
#: and a short line, or a "Try this" question, or an exercise's question and its choices.
SLIDE_WORDS = 110
#: 200 % zoom of the test's 1280 × 900 window: the page laid out in half the CSS pixels.
VIEWPORT_200 = {"width": 640, "height": 450}
READOUT = re.compile(r"^\S.* = -?\d+(\.\d+)?$|^\S.* = (True|False|\S+)$")
#: An address the browser would fetch: in src=, <link href=>, CSS url() / @import.
FETCHED = re.compile(
    r"""(?:\bsrc\s*=\s*["']|<link\b[^>]*\bhref\s*=\s*["']|url\(\s*["']?|@import\s+["'])"""
    r"""\s*(?:https?:)?//""",
    re.I,
)


@pytest.fixture(scope="module")
def site() -> Path:
    reason = missing_tools()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason + " CI is set, so the site tests must run.")
        pytest.skip(reason)
    # in a process of its own: the build runs kernels, whose clean-up is not this suite's
    subprocess.run(
        [sys.executable, str(ROOT / "tools/site/build.py"), "--quick", "--out", str(OUT)],
        check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return OUT


@pytest.fixture(scope="module")
def browser(site):
    with SiteServer(site) as server, SiteBrowser(server.base) as browser:
        yield browser


def test_every_page_is_built(site):
    for page in PAGES + [f"slides/{p.stem}.html" for p in NOTEBOOKS]:
        assert (site / page).is_file(), page


def test_nothing_is_fetched_from_outside_the_site(site):
    """No page, style sheet or script of the site names a remote address to load."""
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css"} and "speaker-view" not in path.name:
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in FETCHED.finditer(text):
                offenders.append(f"{path.relative_to(site)}: {text[match.start():][:90]}")
    for path in (p for p in (site / "assets").glob("*.js") if p.is_file()):  # ours
        if re.search(r"https?://", path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(site)} names a remote address")
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>(.*?)</script>", text, re.S):
            if re.search(r"https?://", match.group(1)) and "site-manifest" not in match.group(0):
                offenders.append(f"{path.relative_to(site)}: an inline script names a remote URL")
    assert offenders == []


def test_relative_links_and_sources_exist(site):
    """Every relative link of every page leads to a file of the site (works from a USB stick)."""
    assert _broken_links(site) == []


def test_slides_alone_are_self_contained(site):
    """``make slides`` alone: decks whose links stay among the decks (notebooks already run)."""
    out = OUT.parent / "slides-test"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(ROOT / "tools/site/build.py"), "--what", "slides", "--quick",
         "--out", str(out)],
        check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert sorted(p.name for p in (out / "slides").glob("*.html")) == sorted(
        f"{p.stem}.html" for p in NOTEBOOKS)
    assert not (out / "index.html").exists()
    assert _broken_links(out) == []


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in site.rglob("*.html"):
        if "assets" in page.relative_to(site).parts:
            continue
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"""(?:href|src)=["']([^"'#?]+)""", text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue
            if target.endswith((".ipynb", ".md")):
                broken.append(f"{page.relative_to(site)} -> {target} (not a site page)")
            elif not (page.parent / target).resolve().exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken


def test_exercise_cells_link_to_binder_and_colab(site):
    """Letter and number exercises are checked in the page; implement exercises say checking
    needs a kernel; every answer cell links to Binder/Colab for that notebook."""
    import nbformat

    from helpers.exercises import load_bank

    builder = load_builder()
    bank = load_bank()
    found = 0
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
        keys = [bank[k].kind for k in bank if k.startswith(path.name[:2] + ".")]
        exercises = sum("exercise" in t for t in tags)
        solutions = sum("solution" in t for t in tags)
        text = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        implement = keys.count("implement")
        assert text.count("Checking your answer needs a running notebook") == implement
        assert text.count('<div class="site-exercise" data-key=') == exercises - implement
        assert text.count(builder.binder_url(path.stem)) >= exercises
        assert text.count(builder.colab_url(path.stem)) >= exercises
        assert text.count('<details class="site-solution">') == solutions
        found += exercises
    if not found:
        pytest.skip("no notebook has cells tagged 'exercise' yet")


def _check_words(before: dict, after: dict, where: str) -> None:
    """The picture's alt text and live region follow the slider and state its value."""
    assert after["alt"] != before["alt"], f"{where}: the alt text did not change"
    assert after["readout"] in after["alt"], f"{where}: {after['readout']!r} not in the alt text"
    assert after["live"] == after["alt"], f"{where}: the live region does not say the alt text"
    assert after["valuetext"] == after["readout"], f"{where}: aria-valuetext {after['valuetext']!r}"


def _check_page(browser, page, name: str) -> dict:
    page.wait_for_function(READY_JS)
    math = page.evaluate(MATH_JS)
    assert math["errors"] == [], f"{name}: {math['errors'][:5]}"
    loaded(page)
    sliders = page.evaluate(SLIDERS_JS)
    for info in sliders:
        if info["hidden"]:
            assert info["src"].endswith("hidden.png"), f"{name}: a prediction shows its answer"
    for info in sliders:
        key = "ArrowLeft" if info["value"] >= info["max"] else "ArrowRight"
        ms = timed_press(page, info["index"], key)
        after = page.evaluate(SLIDERS_JS)[info["index"]]
        where = f"{name}, slider {info['index']} ({info['readout']})"
        _check_words(info, after, where)
        assert ms is not None, f"{where}: the picture did not change"
        assert after["src"] != info["src"] and after["complete"], where
        assert after["value"] != info["value"], where
        assert after["readout"] != info["readout"], where
        assert READOUT.match(after["readout"]), f"{where}: readout {after['readout']!r}"
        assert not after["hidden"], where
    return {"sliders": len(sliders), "math": math["count"]}


@pytest.mark.parametrize("name", PAGES)
def test_page_in_chromium(browser, name):
    page = browser.open(name)
    try:
        result = _check_page(browser, page, name)
        if name.startswith("mathnotes/"):
            assert result["math"] > 0, f"{name}: no formula rendered"
        if name.startswith("notebooks/") and name != "notebooks/00-index.html":
            stem = Path(name).stem
            nb_text = (ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8")
            expected = nb_text.count("_figure(") > 0
            assert result["sliders"] > 0 or not expected, f"{name}: no slider on the page"
    finally:
        page.close()
    assert browser.outside == [], f"requests outside the site: {browser.outside[:5]}"
    assert browser.console == [], browser.console[:5]


def test_exercises_are_checked_in_the_page(browser, site):
    """Exercise 04.3 on the site, by keyboard: a wrong form says the form, a wrong answer shows
    hint 1 then hint 2, a likely mistake its own message, the right answer "Correct." — the same
    lines check() prints in the notebook."""
    from helpers.exercises import load_bank

    ex = load_bank()["04.3"]
    page = browser.open("notebooks/04-jensen-shannon.html")
    try:
        box = page.locator('.site-exercise[data-key="04.3"]')
        field, verdict = box.locator("input"), box.locator(".site-exercise-verdict")

        def answer(text, press_enter=True):
            field.fill(text)
            if press_enter:
                field.press("Enter")
            else:
                box.locator("button").click()
            return verdict.text_content()

        assert "did not count as an attempt" in answer("half a bit")
        assert answer("2") == f"Not yet. Hint: {ex.hints[0]}"
        assert answer("0.9", press_enter=False) == f"Not yet. Hint (2): {ex.hints[1]}"
        assert answer("0.41").startswith("Not yet. That is in nats")
        assert answer("0.59") == "Correct."
        assert box.get_attribute("data-outcome") == "correct"
        assert page.locator('.site-exercise[data-key="04.1"] label').count() == 1
    finally:
        page.close()
    assert browser.console == [], browser.console[:5]


def test_slide_deck_in_chromium(browser, site):
    page = browser.open(DECK)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.evaluate("() => Reveal.getTotalSlides()") >= 5
        # every figure on its own slide: go there, then move its sliders like on a page
        page.wait_for_function(READY_JS)
        math = page.evaluate(MATH_JS)
        assert math["errors"] == [] and math["count"] > 0, math["errors"][:5]
        loaded(page)
        sliders = page.evaluate(SLIDERS_JS)
        assert sliders, "the deck has no slider"
        for info in sliders:
            page.evaluate(
                """(i) => {
                  const el = document.querySelectorAll('""" + MOVABLE + """')[i];
                  const s = Reveal.getIndices(el.closest('section'));
                  Reveal.slide(s.h, s.v);
                }""",
                info["index"],
            )
            key = "ArrowLeft" if info["value"] >= info["max"] else "ArrowRight"
            ms = timed_press(page, info["index"], key)
            after = page.evaluate(SLIDERS_JS)[info["index"]]
            assert ms is not None and after["src"] != info["src"], info
            assert READOUT.match(after["readout"]) and after["readout"] != info["readout"]
            _check_words(info, after, f"{DECK}, slider {info['index']}")
        # one idea per slide: a few lines besides the figure; the prose is in the notes (S)
        slides = page.evaluate(SLIDE_TEXT_JS)
        long = [s for s in slides if s["words"] > SLIDE_WORDS]
        assert long == [], f"slides with more than {SLIDE_WORDS} words: {long[:3]}"
        assert sum(s["notes"] for s in slides) >= len(slides) // 2, "few speaker notes"
    finally:
        page.close()
    assert browser.outside == [], f"requests outside the site: {browser.outside[:5]}"
    assert browser.console == [], browser.console[:5]


#: In a deck: each slide's words besides its figure and speaker notes, and its notes' count.
SLIDE_TEXT_JS = """() => Reveal.getSlides().map((s, i) => {
  const c = s.cloneNode(true);
  c.querySelectorAll('aside.notes, .site-figure, mjx-assistive-mml').forEach(e => e.remove());
  return {slide: i + 1, words: c.textContent.split(/\\s+/).filter(Boolean).length,
          notes: s.querySelectorAll('aside.notes').length,
          start: c.textContent.trim().slice(0, 60)};
})"""


def test_decks_keep_the_prose_in_speaker_notes(site):
    """Every deck: the page's figures, each on a slide; the explanations in speaker notes."""
    for path in NOTEBOOKS:
        deck = (site / "slides" / f"{path.stem}.html").read_text(encoding="utf-8")
        page = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert deck.count('class="site-figure"') == page.count('class="site-figure"'), path.name
        assert deck.count('<aside class="notes">') >= deck.count("<section") // 2, path.name
        assert "Checking your answer needs a running notebook" not in deck, path.name


def test_course_map_links_every_deck_and_page(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f'href="slides/{path.stem}.html"' in index, path.name
        assert f'href="notebooks/{path.stem}.html"' in index, path.name


@pytest.mark.parametrize("name", AXE_PAGES)
def test_page_meets_wcag_21_aa_in_axe(browser, name):
    """axe-core, rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa: no violation (math rendered,
    figures ready)."""
    page = browser.open(name)
    try:
        page.wait_for_function(READY_JS)
        page.evaluate(MATH_JS)
        violations = axe_violations(page)
    finally:
        page.close()
    assert violations == [], f"{name}: {AXE_TAGS} violations: {violations}"


@pytest.mark.parametrize("name", AXE_DECKS)
def test_deck_meets_wcag_21_aa_in_axe(browser, name):
    """axe-core on every slide of the deck (a hidden slide is not checked, so each is shown)."""
    page = browser.open(name)
    found = []
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.wait_for_function(READY_JS)
        page.evaluate(MATH_JS)
        count = page.evaluate("() => Reveal.getSlides().length")
        for i in range(count):
            page.evaluate("(i) => { const k = Reveal.getIndices(Reveal.getSlides()[i]);"
                          " Reveal.slide(k.h, k.v); }", i)
            found += [{"slide": i + 1, **v} for v in axe_violations(page)]
    finally:
        page.close()
    assert found == [], f"{name}: {AXE_TAGS} violations: {found[:5]}"


#: In the page: the element that has the focus, and its focus ring.
FOCUS_JS = """() => { const el = document.activeElement, st = getComputedStyle(el);
  return {tag: el.tagName, type: el.type || '', outline: st.outlineStyle,
          width: parseFloat(st.outlineWidth) || 0}; }"""


@pytest.mark.parametrize("name", ["index.html", "notebooks/04-jensen-shannon.html"])
def test_keyboard_focus_is_visible_and_pages_reflow_at_200_percent(browser, name):
    """Tab reaches links and sliders with a visible focus ring (3 px); at 200 % zoom (half the
    CSS width) nothing but code blocks scrolls sideways."""
    page = browser.open(name)
    try:
        page.wait_for_function(READY_JS)
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS_JS)
        assert first["tag"] == "A" and first["outline"] != "none" and first["width"] >= 2, first
        if page.locator(MOVABLE).count():
            page.evaluate("(s) => document.querySelector(s).focus()", MOVABLE)
            ring = page.evaluate(FOCUS_JS)
            assert ring["type"] == "range" and ring["outline"] != "none" and ring["width"] >= 2
            value = page.evaluate("(s) => document.querySelector(s).value", MOVABLE)
            page.keyboard.press("ArrowRight" if value == "0" else "ArrowLeft")
            assert page.evaluate("(s) => document.querySelector(s).value", MOVABLE) != value
        page.set_viewport_size({"width": VIEWPORT_200["width"], "height": VIEWPORT_200["height"]})
        page.wait_for_timeout(200)
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
          .filter(e => !e.closest('pre, .highlight, mjx-container, .jp-InputArea-editor, table'))
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 2)
          .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
        assert wide == [], f"{name}: wider than the window at 200 % zoom: {wide}"
    finally:
        page.close()


def test_prediction_shows_the_unrevealed_picture_until_asked(browser, site):
    """A figure with ``hidden`` artists: the unrevealed picture first; the button or a slider
    reveals. (No notebook uses ``hidden`` yet, so the page is made here from real frames.)"""
    builder = load_builder()
    folder = next((site / "notebooks" / "frames").glob("*/f1"))
    frames = sorted(p.name for p in folder.glob("[0-9]*.png"))
    prefix = f"notebooks/frames/{folder.parent.name}/f1/"
    manifest = {
        "width": 100, "height": 60, "hidden": prefix + frames[-1],
        "controls": [{"name": "a", "label": "θ", "values": list(range(5)),
                      "readouts": [f"θ = {v:.2f}" for v in range(5)], "start": 2}],
        "frames": [prefix + name for name in frames[:5]],
    }
    figure = builder._figure_html({"manifest": manifest}, "../", 1)
    page_path = site / "notebooks" / "_prediction-test.html"
    page_path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
        f'{figure}{figure.replace("figure-1", "figure-2")}'
        f'<script src="../assets/site.js"></script></body></html>',
        encoding="utf-8",
    )
    page = browser.open("notebooks/_prediction-test.html")
    try:
        page.wait_for_function(READY_JS)
        info = page.evaluate(SLIDERS_JS)
        assert [i["hidden"] for i in info] == [True, True]
        assert all(i["src"].endswith(frames[-1]) for i in info)
        page.locator("#figure-1 .site-reveal").click()
        info = page.evaluate(SLIDERS_JS)
        assert info[0]["src"].endswith(frames[2]) and not info[0]["hidden"]
        assert page.locator("#figure-1 .site-reveal").get_attribute("aria-pressed") == "true"
        assert info[1]["hidden"]  # the other figure keeps its secret
        ms = timed_press(page, 1, "ArrowRight")
        after = page.evaluate(SLIDERS_JS)[1]
        assert ms is not None and after["src"].endswith(frames[3]) and not after["hidden"]
        assert after["readout"] == "θ = 3.00"
    finally:
        page.close()
        page_path.unlink()
    assert browser.outside == [] and browser.console == []


def test_works_from_a_usb_stick(browser, site):
    """Opened as files (file://), with every other request blocked: math, figures, sliders."""
    context = browser.browser.new_context()
    outside, errors = [], []

    def route(route):
        if route.request.url.startswith(site.as_uri()):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    try:
        for name in ["index.html", "notebooks/04-jensen-shannon.html", DECK]:
            page = context.new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto((site / name).as_uri())
            page.wait_for_function(READY_JS)
            math = page.evaluate(MATH_JS)
            assert math["errors"] == [] and math["count"] > 0, (name, math["errors"][:3])
            sliders = page.evaluate(SLIDERS_JS)
            if sliders and not name.startswith("slides/"):
                key = "ArrowLeft" if sliders[0]["value"] >= sliders[0]["max"] else "ArrowRight"
                assert timed_press(page, 0, key) is not None, name
            page.close()
    finally:
        context.close()
    assert outside == [] and errors == []
