"""The kernel-free site as a reader sees it: build, serve on 127.0.0.1, drive headless Chromium.

Shared by ``tests/test_site.py`` and ``benchmarks/bench_site.py``. Every request that leaves the
site is blocked and recorded (``page.route``); console errors are recorded.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import shutil
import threading
from pathlib import Path

from .browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    chromium_available,
    free_port,
    new_page,
    shared_playwright,
)

ROOT = Path(__file__).resolve().parents[1]


def load_builder():
    spec = importlib.util.spec_from_file_location("site_build", ROOT / "tools/site/build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing_tools() -> str | None:
    """Why the site cannot be built and driven here (None when it can)."""
    if not chromium_available():
        return f"Chromium not found at {CHROMIUM} (`sudo apt-get install chromium`)"
    if shutil.which("npm") is None and not (ROOT / "tools/site/node_modules/mathjax").is_dir():
        return ("npm not found: the site vendors MathJax and reveal.js from npm "
                "(`sudo apt-get install nodejs npm`)")
    return None


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - no log lines in the test output
        pass


class SiteServer:
    """A static file server for ``directory`` on 127.0.0.1 (a thread of this process)."""

    def __init__(self, directory: Path):
        self.port = free_port()
        handler = functools.partial(Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SiteBrowser:
    """Headless Debian Chromium; every request outside ``base`` is aborted and recorded."""

    def __init__(self, base: str):
        self.base = base
        self.outside: list[str] = []
        self.console: list[str] = []

    def __enter__(self) -> SiteBrowser:
        self._pw = shared_playwright()
        self.browser = self._pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        self.context = self.browser.new_context(viewport=VIEWPORT)

        def route(route):
            url = route.request.url
            if url.startswith(self.base) or url.startswith("data:") or url.startswith("blob:"):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        self.context.route("**/*", route)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.context.close()
        finally:
            self.browser.close()

    def open(self, path: str, timeout_ms: float = 60_000):
        page = new_page(self.context, self.console, timeout_ms, label=f"{path}: ")
        page.on("requestfailed", lambda req: None if not req.url.startswith(self.base)
                else self.console.append(f"{path}: failed request {req.url}"))
        page.on("response", lambda res: self.console.append(f"{path}: HTTP {res.status} {res.url}")
                if res.status >= 400 else None)
        page.goto(self.base + path, wait_until="load")
        return page


#: In the page: wait for MathJax, then list what it could not render.
MATH_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const out = [];
  for (const el of document.querySelectorAll('mjx-merror, .MathJax_Error, .katex-error')) {
    out.push('error: ' + (el.getAttribute('data-mjx-error') || el.textContent));
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest('code, pre, mjx-container, script, style, textarea, .highlight')) continue;
    const t = n.textContent;
    if (/\\$[^$\\s][^$]*\\$|\\$\\$|\\\\[a-zA-Z]{2,}|\\\\\\(|\\\\\\[/.test(t)) {
      out.push('raw TeX: ' + t.trim().slice(0, 120));
    }
  }
  return {errors: out, count: document.querySelectorAll('mjx-container').length};
}"""

#: In the page: wait until every figure's script ran.
READY_JS = """() => [...document.querySelectorAll('.site-figure')]
  .every(f => f.getAttribute('data-ready') === 'true')"""

#: The sliders a reader can move (a control fixed on an over-budget page is disabled).
MOVABLE = ".site-figure input[type=range]:not([disabled])"
#: In the page: every slider with its figure's state.
SLIDERS_JS = """() => [...document.querySelectorAll('""" + MOVABLE + """')]
.map((el, i) => {
  const fig = el.closest('.site-figure');
  const img = fig.querySelector('.site-frame');
  return {index: i, value: Number(el.value), max: Number(el.max),
          readout: el.parentElement.querySelector('.site-readout').textContent,
          src: img.getAttribute('src'), complete: img.complete && img.naturalWidth > 0,
          hidden: fig.getAttribute('data-frame') === 'hidden',
          alt: img.getAttribute('alt'), live: fig.querySelector('.site-alt').textContent,
          valuetext: el.getAttribute('aria-valuetext'), name: el.getAttribute('aria-label'),
          figure: fig.id};
})"""

#: In the page: arm slider i, resolve with ms from keydown to the frame showing a new picture.
ARM_JS = """(i) => {
  const el = document.querySelectorAll('""" + MOVABLE + """')[i];
  const img = el.closest('.site-figure').querySelector('.site-frame');
  const before = img.getAttribute('src');
  const state = {t0: null};
  el.addEventListener('keydown', () => { state.t0 = performance.now(); }, {once: true});
  window.__siteLanded = new Promise((resolve) => {
    const start = performance.now();
    const tick = () => {
      const now = performance.now();
      if (state.t0 !== null && img.getAttribute('src') !== before && img.complete
          && img.naturalWidth > 0) {
        resolve(now - state.t0); return;
      }
      if (now - start > 5000) { resolve(null); return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  el.focus();
  return before;
}"""


def loaded(page, timeout_ms: float = 30_000) -> None:
    """Wait until every figure has fetched the pictures of its current slice."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.site-figure')]
              .every(f => f.getAttribute('data-loaded') === 'true')""",
        timeout=timeout_ms,
    )


def timed_press(page, index: int, key: str) -> float | None:
    page.evaluate(ARM_JS, index)
    page.keyboard.press(key)
    return page.evaluate("() => window.__siteLanded")


#: axe-core from npm (``tools/site/package.json``, a dev dependency): loaded into a page by the
#: tests only, never copied into the site.
AXE_JS = ROOT / "tools/site/node_modules/axe-core/axe.min.js"
#: The WCAG 2.1 level A and AA rules of axe-core.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: In the page: run axe on the whole document with the WCAG 2.1 A/AA rules; the violations.
AXE_RUN_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': '
                                   + (n.failureSummary || '').slice(0, 200))}));
}"""


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds in ``page`` as it is now."""
    if not AXE_JS.is_file():
        raise FileNotFoundError(
            f"{AXE_JS} is missing: run `npm ci` in tools/site (axe-core is a dev dependency)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN_JS, AXE_TAGS)
