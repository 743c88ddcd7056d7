"""Drive JupyterLab in headless Chromium: shared by tests/test_browser.py and the slider benchmark.

:class:`LabServer` starts JupyterLab on 127.0.0.1 with a random free port, a generated token and
its own temporary HOME, Jupyter config/runtime/data dirs, IPython dir, settings and workspaces
(autosave off, so a run in the browser never writes outputs into the notebooks; every cell
rendered, so widgets below the fold exist in the page). The venv's lab extension (ipywidgets)
is still found: it lives under ``sys.prefix/share/jupyter``, which Jupyter always searches.

:class:`Browser` launches Debian's Chromium through the ``playwright`` package (never a browser
that Playwright downloads) with a fresh user-data dir, and opens one notebook or Markdown file
per page, each in its own JupyterLab workspace.

In the page, ``window.__lt`` (see ``PAGE_JS``) reads the notebook model, the kernel's messages,
and watches figures (a LiveFigure is an ``<img>``, an ``ipywidgets.Image``, whose source
becomes a new ``blob:`` URL with every frame; its decoded pixels can be compared too) so that
Python can ask "did this figure change?" and time it inside the page.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Debian packages the browser tests need (the CI script installs them with apt-get).
APT_PACKAGES = "chromium fonts-dejavu-core fonts-wqy-microhei"
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}: the browser tests need Debian's Chromium "
    f"(`sudo apt-get install {APT_PACKAGES}`); they never download a browser."
)
#: Viewport: a laptop screen, wide enough for the 10-11 inch figures at 96 dpi.
VIEWPORT = {"width": 1280, "height": 900}

#: JupyterLab settings written to the temporary user-settings dir.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/sessionDialogs": {"skipKernelRestartDialog": True},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_env(home: Path) -> dict:
    """The environment for the server and the browser: every per-user dir inside ``home``."""
    env = dict(os.environ)
    dirs = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / "jupyter-config",
        "JUPYTER_DATA_DIR": home / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": home / "jupyter-runtime",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_DATA_HOME": home / "data",
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONNOUSERSITE"] = "1"
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


class LabServer:
    """JupyterLab on 127.0.0.1:<random port> with a generated token, in a private temp HOME."""

    def __init__(
        self,
        root_dir: Path = ROOT,
        extra_env: dict | None = None,
        app: str = "lab",
        extra_args: list[str] | None = None,
    ):
        if app not in ("lab", "notebook"):
            raise ValueError(f"app must be 'lab' or 'notebook' (Notebook 7), got {app!r}")
        self.app = app
        self.root_dir = Path(root_dir)
        self.extra_env = extra_env or {}
        self.extra_args = list(extra_args or [])  # more command-line options for the server
        self.tmp = Path(tempfile.mkdtemp(prefix="labtest-"))
        self.home = self.tmp / "home"
        self.env = private_env(self.home)
        self.env.update(self.extra_env)
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.process = None
        self.log_path = self.tmp / "server.log"

    def start(self, timeout: float = 90.0) -> LabServer:
        settings = self.tmp / "lab-user-settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        app = "LabApp" if self.app == "lab" else "JupyterNotebookApp"
        command = [
            sys.executable, "-m", "jupyter", self.app,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.open_browser=False",
            f"--{app}.expose_app_in_browser=True",
            f"--{app}.user_settings_dir={settings}",
            f"--{app}.workspaces_dir={self.tmp / 'lab-workspaces'}",
            "--ServerApp.terminals_enabled=False",
        ]  # fmt: skip
        if self.app == "lab":
            command.append("--LabApp.extension_manager=readonly")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers and CI run as root
        command += self.extra_args
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=self.tmp, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log()}")
            try:
                self.api("GET", "/api/status")
                return self
            except OSError:
                if time.monotonic() > deadline:
                    message = f"JupyterLab did not start in {timeout} s:\n{self.log()}"
                    raise RuntimeError(message) from None
                time.sleep(0.2)

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}{path}{sep}token={self.token}"

    def api(self, method: str, path: str):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.shutdown_kernels()
            except OSError:
                pass
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- the page side ----------------------------------------------------------------------------

PAGE_JS = r"""
() => {
  if (window.__lt) return;
  const lt = (window.__lt = { iopub: [], widget: null, panel: null });
  const app = () => window.jupyterapp;

  lt.open = async (path, factory) => {
    await app().restored;
    const widget = await app().commands.execute('docmanager:open', { path, factory });
    app().shell.collapseLeft();
    app().shell.collapseRight();
    return lt.attach(widget);
  };

  // Notebook 7 opens the document in the page itself: wait for it, then attach.
  lt.attachCurrent = async () => {
    await app().restored;
    const t0 = performance.now();
    let widget = null;
    while (!widget && performance.now() - t0 < 60000) {
      const w = app().shell.currentWidget;
      if (w && w.context) widget = w; else await new Promise((r) => setTimeout(r, 50));
    }
    return lt.attach(widget);
  };

  lt.attach = async (widget) => {
    lt.widget = widget;
    if (widget.context) await widget.context.ready;
    if (widget.sessionContext) {
      lt.panel = widget;
      await widget.sessionContext.ready;
      const t0 = performance.now();
      while (lt.kernelStatus() !== 'idle' && performance.now() - t0 < 60000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      widget.sessionContext.iopubMessage.connect((_, msg) => {
        const type = msg.header.msg_type;
        const c = msg.content || {};
        if (type === 'error') lt.iopub.push(`${c.ename}: ${c.evalue}`);
        else if (type === 'stream' && c.name === 'stderr') lt.iopub.push(`stderr: ${c.text}`);
      });
    }
    return true;
  };

  // Append a code cell to the open notebook (in the browser only; never saved) and run it.
  lt.appendAndRun = async (code) => {
    const nb = lt.panel.content;
    const model = nb.model;
    model.sharedModel.insertCell(model.cells.length, { cell_type: 'code', source: code });
    nb.activeCellIndex = model.cells.length - 1;
    await app().commands.execute('notebook:run-cell');
  };

  // For each LiveFigure on the page: [index of its cell, its position among that cell's figures].
  lt.figureCells = () => {
    const cells = lt.panel.content.widgets;
    const seen = {};
    return [...lt.root().querySelectorAll('.live-figure')].map((el) => {
      const node = el.closest('.jp-Cell');
      const index = cells.findIndex((c) => c.node === node);
      seen[index] = (seen[index] || 0) + 1;
      const source = index >= 0 ? cells[index].model.sharedModel.getSource() : '';
      return { cell: index, nth: seen[index] - 1, source };
    });
  };

  lt.kernelStatus = () => {
    const k = lt.panel && lt.panel.sessionContext.session && lt.panel.sessionContext.session.kernel;
    return k ? k.status : 'none';
  };

  lt.restartRunAll = async () => app().commands.execute('notebook:restart-run-all');

  // Run code in the notebook's kernel (no cell); resolves with what it printed.
  lt.kernelExec = (code) => new Promise((resolve, reject) => {
    const kernel = lt.panel.sessionContext.session.kernel;
    const future = kernel.requestExecute({ code, store_history: false });
    let out = '';
    future.onIOPub = (msg) => {
      const c = msg.content;
      if (msg.header.msg_type === 'stream') out += c.text;
      if (msg.header.msg_type === 'error') out += `\n${c.ename}: ${c.evalue}`;
    };
    future.done.then(() => resolve(out), reject);
  });

  lt.cells = () => {
    const cells = lt.panel.content.model.cells;
    const out = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells.get(i);
      const item = { index: i, type: cell.type };
      if (cell.type === 'code') {
        item.executionCount = cell.executionCount;
        item.outputs = cell.outputs.toJSON().map((o) => ({
          output_type: o.output_type, name: o.name, ename: o.ename, evalue: o.evalue,
          text: typeof o.text === 'string' ? o.text.slice(0, 500) : undefined,
        }));
      }
      out.push(item);
    }
    return out;
  };

  lt.root = () => (lt.widget ? lt.widget.node : document.body);

  lt.textHits = (needle) => {
    const hits = [];
    for (const el of lt.root().querySelectorAll('.jp-OutputArea-output')) {
      if ((el.textContent || '').includes(needle)) hits.push(el.textContent.slice(0, 300));
    }
    return hits;
  };

  lt.liveErrors = () =>
    [...lt.root().querySelectorAll('.live-figure-error')]
      .map((el) => (el.textContent || '').trim()).filter((t) => t.length > 0);

  // Math MathJax could not render: error nodes, undefined macros (shown in red), raw TeX left.
  lt.mathErrors = () => {
    const root = lt.root();
    const out = [];
    for (const el of root.querySelectorAll('mjx-merror, .MathJax_Error')) {
      out.push('error: ' + (el.getAttribute('data-mjx-error') || el.textContent));
    }
    for (const el of root.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')) {
      out.push('undefined: ' + el.textContent);
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!p || !p.closest('.jp-RenderedMarkdown')) continue;
      if (p.closest('code, pre, mjx-container, script, style, textarea')) continue;
      if (/\$\$|\\[a-zA-Z]{2,}|\\\(|\\\[/.test(n.textContent)) {
        out.push('raw TeX: ' + n.textContent.trim().slice(0, 120));
      }
    }
    return out;
  };

  lt.mathCount = () => lt.root().querySelectorAll('mjx-container').length;

  // --- figures --------------------------------------------------------------------------------
  lt.sliders = () => [...lt.root().querySelectorAll('.widget-slider .noUi-handle')];

  lt.figureOf = (el) => {
    const live = el.closest('.live-figure');
    if (live) return live.querySelector('.live-figure-view');
    const interact = el.closest('.widget-interact');
    if (interact) return interact.querySelector('.widget-output') || interact;
    return el.closest('.jp-OutputArea') || el.closest('.jp-Cell');
  };

  // The <img> elements of a figure: a LiveFigure's view is itself an <img> (ipywidgets.Image);
  // an interact output holds one.
  lt.images = (fig) => {
    if (!fig) return [];
    if (fig.tagName === 'IMG') return [fig];
    return [...fig.querySelectorAll('img')];
  };

  lt.figureKind = (fig) => {
    if (!fig) return 'none';
    return lt.images(fig).length ? 'img' : 'empty';
  };

  // Snapshot of what a figure shows: its images' sources (a new frame is a new blob: URL).
  lt.snapshot = (fig) => {
    if (!fig) return { kind: 'none', parts: [] };
    const imgs = lt.images(fig);
    return {
      kind: imgs.length ? 'img' : 'empty',
      ready: imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0),
      parts: imgs.map((i) => i.src),
    };
  };

  lt.differs = (a, b) => {
    if (a.kind !== b.kind || a.parts.length !== b.parts.length) return true;
    for (let i = 0; i < a.parts.length; i++) if (a.parts[i] !== b.parts[i]) return true;
    return false;
  };

  // The decoded pixels of a figure's images (blob: URLs are same-origin, so readable).
  lt.pixels = (fig) => lt.images(fig).map((img) => {
    const w = img.naturalWidth, h = img.naturalHeight;
    if (!w || !h) return new Uint32Array(0);
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(img, 0, 0);
    return new Uint32Array(ctx.getImageData(0, 0, w, h).data.buffer);
  });

  lt.samePixels = (a, b) => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i], y = b[i];
      if (x.length !== y.length) return false;
      for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
    }
    return true;
  };

  // Keep the decoded pixels of slider i's figure; later, ask whether they changed (after the
  // figure's images are decoded). A new frame with the same pixels is not a change.
  lt.keepPixels = (i) => { lt.kept = lt.pixels(lt.figureOf(lt.sliders()[i])); };
  lt.pixelsChanged = async (i) => {
    const fig = lt.figureOf(lt.sliders()[i]);
    const t0 = performance.now();
    while (!lt.snapshot(fig).ready && performance.now() - t0 < 5000) {
      await new Promise((r) => requestAnimationFrame(r));
    }
    return !lt.samePixels(lt.pixels(fig), lt.kept);
  };

  lt.hash = (fig) => {
    const s = lt.snapshot(fig);
    let h = 2166136261 >>> 0;
    for (const p of s.parts) {
      for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 16777619) >>> 0;
      h = Math.imul(h ^ 0x9e3779b9, 16777619) >>> 0;
    }
    return `${s.kind}:${s.parts.length}:${h.toString(16)}`;
  };

  lt.drawn = (fig) => lt.snapshot(fig).ready;

  lt.figures = () => {
    const views = [...lt.root().querySelectorAll('.live-figure-view')];
    return views.map((v) => ({ kind: lt.figureKind(v), drawn: lt.drawn(v), hash: lt.hash(v) }));
  };

  // --- timing a key press -------------------------------------------------------------------
  // arm(i): remember slider i's figure as it is now (its image source and, when asked, its
  // decoded pixels) and listen for the next keydown; the promise from landed() resolves with
  // the ms from that keydown to the first animation frame in which the figure shows a new,
  // decoded image (with `pixels`, one whose pixels differ: a frame identical to the previous
  // one does not count).
  lt.arm = (index, pixels) => {
    const handle = lt.sliders()[index];
    const fig = lt.figureOf(handle);
    const before = lt.snapshot(fig);
    const state = { t0: null, fig, before, pixels: pixels ? lt.pixels(fig) : null };
    lt.armed = state;
    document.addEventListener('keydown', (e) => { state.t0 = performance.now(); },
                              { capture: true, once: true });
    return lt.figureKind(fig);
  };

  lt.landed = (timeoutMs) => new Promise((resolve) => {
    const state = lt.armed;
    const start = performance.now();
    const tick = () => {
      const now = performance.now();
      if (state.t0 !== null) {
        const snap = lt.snapshot(state.fig);
        if (snap.kind === 'img' && snap.ready && lt.differs(snap, state.before)) {
          if (!state.pixels || !lt.samePixels(lt.pixels(state.fig), state.pixels)) {
            resolve(now - state.t0);
            return;
          }
          state.before = snap;  // the same picture again: wait for a later frame
        }
      }
      if (now - start > timeoutMs) { resolve(null); return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  // Resolve once the kernel is idle and the figure has not changed for quietMs.
  lt.quiet = (index, quietMs, timeoutMs) => new Promise((resolve) => {
    const fig = lt.figureOf(lt.sliders()[index]);
    let last = lt.hash(fig), since = performance.now();
    const start = since;
    const tick = () => {
      const now = performance.now();
      const current = lt.hash(fig);
      if (current !== last || lt.kernelStatus() !== 'idle') { last = current; since = now; }
      if (now - since >= quietMs) { resolve(true); return; }
      if (now - start > timeoutMs) { resolve(false); return; }
      setTimeout(tick, 10);
    };
    tick();
  });

  lt.sliderInfo = () => lt.sliders().map((h, i) => {
    const row = h.closest('.widget-slider');
    const label = row && row.querySelector('.widget-label');
    const readout = row && row.querySelector('.widget-readout');
    const fig = lt.figureOf(h);
    const target = h.closest('.noUi-target');
    const api = target && target.noUiSlider;
    const liveFigs = [...lt.root().querySelectorAll('.live-figure-view')];
    return {
      index: i,
      label: label ? label.textContent.trim() : '',
      value: readout ? (readout.textContent || readout.value || '').trim() : '',
      // aria-value* are rounded to one decimal: read noUiSlider's own numbers when we can
      now: api ? Number(api.get()) : Number(h.getAttribute('aria-valuenow')),
      min: api ? Number(api.options.range.min) : Number(h.getAttribute('aria-valuemin')),
      max: api ? Number(api.options.range.max) : Number(h.getAttribute('aria-valuemax')),
      figure: fig ? liveFigs.indexOf(fig) : -1,
      interact: !!h.closest('.widget-interact'),
      kind: lt.figureKind(fig),
    };
  });

  // Height of everything in the current document (for full-page screenshots).
  lt.contentHeight = () => {
    const root = lt.root();
    const scrolls = (el) => el.scrollHeight > el.clientHeight + 4 &&
      ['auto', 'scroll'].includes(getComputedStyle(el).overflowY);
    const scroller = root.querySelector('.jp-WindowedPanel-outer') ||
                     [root, ...root.querySelectorAll('*')].find(scrolls) || root;
    scroller.scrollTop = 0;
    return scroller.scrollHeight;
  };
}
"""


_PLAYWRIGHT: list = []


def new_page(context, console: list, timeout_ms: float, label: str = ""):
    """A page of ``context`` whose uncaught errors and console errors are appended to
    ``console`` (each prefixed with ``label``), with ``timeout_ms`` as its default timeout."""
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.on("pageerror", lambda err: console.append(f"{label}pageerror: {err}"))
    page.on(
        "console",
        lambda msg: console.append(f"{label}console.{msg.type}: {msg.text}")
        if msg.type == "error"
        else None,
    )
    return page


def shared_playwright():
    """One Playwright driver for the whole test process, started on first use.

    Playwright's sync API runs an event loop of its own: a second ``sync_playwright()`` started
    while the first still runs (the JupyterLab, Notebook 7 and site suites in one session) fails
    with "using Playwright Sync API inside the asyncio loop". So every suite shares this one; it
    stops when the process exits.
    """
    if not _PLAYWRIGHT:
        import atexit

        from playwright.sync_api import sync_playwright

        driver = sync_playwright().start()
        _PLAYWRIGHT.append(driver)
        atexit.register(driver.stop)
    return _PLAYWRIGHT[0]


class Browser:
    """Debian's Chromium, headless, driven by Playwright, with a fresh user-data dir."""

    def __init__(self, server: LabServer):
        self.server = server
        self.console: list[str] = []
        self._pages = 0

    def start(self) -> Browser:
        self._pw = shared_playwright()
        self.profile = self.server.tmp / "chromium-profile"
        self.context = self._pw.chromium.launch_persistent_context(
            str(self.profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            env=self.server.env,
            viewport=VIEWPORT,
        )
        return self

    def stop(self) -> None:
        self.context.close()

    def open(self, path: str, factory: str, timeout_ms: float = 60_000):
        """A new page with JupyterLab in a fresh workspace, showing ``path`` with ``factory``."""
        self._pages += 1
        page = new_page(self.context, self.console, timeout_ms)
        if self.server.app == "notebook":  # Notebook 7: one document per page, at its URL
            page.goto(self.server.url(f"/notebooks/{path}"))
        else:
            page.goto(self.server.url(f"/lab/workspaces/t{self._pages}?reset"))
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.restored")
        page.evaluate(PAGE_JS)
        if self.server.app == "notebook":
            page.evaluate("() => window.__lt.attachCurrent()")
        else:
            page.evaluate("([p, f]) => window.__lt.open(p, f)", [path, factory])
        return page


def full_page_screenshot(page, path: Path, max_height: int = 14_000) -> None:
    """Screenshot the whole document: grow the viewport to its height, shoot, shrink back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("() => window.__lt.contentHeight()")
    tall = min(max_height, max(VIEWPORT["height"], int(height) + 120))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": tall})
    try:
        page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)
        page.wait_for_timeout(100)


def run_all_and_settle(page, timeout_s: float = 120.0) -> dict:
    """Restart the kernel and run all cells through JupyterLab; wait until everything settled.

    Returns the final state: cells, figures, and how long it took.
    """
    start = time.monotonic()
    # Notebook 7 asks "Restart Kernel?" (JupyterLab's settings skip the dialog): accept it, then
    # wait for the command itself, as JupyterLab runs it
    page.evaluate(
        "() => { window.__ltRun = window.__lt.restartRunAll()"
        ".then(() => { window.__ltRunDone = true; }); }"
    )
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    for _ in range(100):
        if page.evaluate("() => window.__ltRunDone === true"):
            break
        if accept.count():
            accept.first.click()
            break
        page.wait_for_timeout(100)
    page.evaluate("() => window.__ltRun")
    page.evaluate("() => { window.__ltRunDone = false; }")
    deadline = start + timeout_s
    stable_since, last, now = 0.0, None, start
    while True:
        state = page.evaluate(
            """() => ({
                kernel: window.__lt.kernelStatus(),
                cells: window.__lt.cells(),
                loading: window.__lt.textHits('Loading widget'),
                figures: window.__lt.figures(),
            })"""
        )
        done = (  # run-all has returned (it stops at the first error): only output is pending
            state["kernel"] == "idle"
            and not state["loading"]
            and all(f["drawn"] for f in state["figures"])
        )
        key = json.dumps([state["figures"], state["loading"]])
        now = time.monotonic()
        if not done:
            last = None
        elif key != last:
            last, stable_since = key, now
        elif now - stable_since >= 0.5:
            break
        if now > deadline:
            break
        page.wait_for_timeout(100)
    state["seconds"] = round(time.monotonic() - start, 2)
    state["settled"] = now <= deadline
    return state


HANDLES = ".widget-slider .noUi-handle"


def kernel_exec(page, code: str) -> str:
    """Run ``code`` in the page's notebook kernel; return what it printed."""
    return page.evaluate("c => window.__lt.kernelExec(c)", code)


def slider_info(page) -> list[dict]:
    return page.evaluate("() => window.__lt.sliderInfo()")


def focus_slider(page, index: int) -> None:
    page.locator(HANDLES).nth(index).focus()


def timed_press(
    page, index: int, key: str, timeout_ms: float = 5000, pixels: bool = False
) -> float | None:
    """Press ``key`` on the focused slider ``index``; ms until its figure shows a new frame.

    The time is taken inside the page, from the keydown event to the first animation frame in
    which the figure's image has a new, decoded source; with ``pixels``, only a frame whose
    decoded pixels differ from the ones before the press counts (the browser test's check
    that the slider changes the picture). ``None`` if nothing landed within ``timeout_ms``.
    """
    page.evaluate("([i, p]) => window.__lt.arm(i, p)", [index, pixels])
    page.keyboard.press(key)
    return page.evaluate("t => window.__lt.landed(t)", timeout_ms)


def wait_quiet(page, index: int, quiet_ms: float = 120, timeout_ms: float = 5000) -> bool:
    """Wait until the kernel is idle and slider ``index``'s figure stopped changing."""
    return page.evaluate("([i, q, t]) => window.__lt.quiet(i, q, t)", [index, quiet_ms, timeout_ms])


def at_end(info: dict, end: str) -> bool:
    """Whether the slider sits at its ``"min"`` or ``"max"``, up to float stepping error.

    Stepping by 0.05 from -1.0 in the browser ends a hair below -0.05, the maximum; a further
    press would move nothing.
    """
    slack = 1e-9 * max(1.0, abs(info["max"] - info["min"]))
    if end == "max":
        return info["now"] >= info["max"] - slack
    return info["now"] <= info["min"] + slack


def next_key(info: dict, direction: int) -> tuple[str, int]:
    """Arrow key that moves the slider one step, bouncing between its ends."""
    if direction > 0 and at_end(info, "max"):
        direction = -1
    elif direction < 0 and at_end(info, "min"):
        direction = 1
    return ("ArrowRight" if direction > 0 else "ArrowLeft"), direction


def wait_math(page, has_math: bool = True, timeout_s: float = 30.0) -> int:
    """Wait until MathJax stopped adding formulas; return how many it rendered."""
    deadline, last, stable = time.monotonic() + timeout_s, -1, 0
    while time.monotonic() < deadline:
        count = page.evaluate("() => window.__lt.mathCount()")
        stable = stable + 1 if count == last else 0
        last = count
        if stable >= 5 and (count > 0 or not has_math):
            break
        page.wait_for_timeout(150)
    return last


# --- checks shared by the JupyterLab and Notebook 7 suites -------------------------------------

#: Kernel stderr lines that are not the notebook's doing (debugger start-up, widget comms that
#: the front-end probes for before ipywidgets is imported, comms of the kernel before the restart).
BENIGN_STDERR = re.compile(
    r"Debugger warning|frozen modules|PYDEVD|Debugging will proceed|-Xfrozen_modules"
    r"|No such comm|No such comm target registered|^\s*$"
)


def kernel_stderr_problems(messages) -> list[str]:
    problems = []
    for text in messages:
        if text.startswith("stderr: "):
            lines = [ln for ln in text[8:].splitlines() if not BENIGN_STDERR.search(ln)]
            if lines:
                problems.append("kernel wrote to stderr: " + " | ".join(lines)[:400])
        else:
            problems.append(f"kernel raised {text[:400]}")
    return problems


def run_problems(page, state: dict) -> list[str]:
    """What went wrong in a run-all: unsettled, unexecuted or failing cells, widgets, math."""
    problems = []
    if not state["settled"]:
        problems.append(f"did not settle in {state['seconds']} s (kernel {state['kernel']})")
    for cell in state["cells"]:
        if cell["type"] != "code":
            continue
        if cell["executionCount"] is None:
            problems.append(f"cell {cell['index']} was not executed")
        for out in cell["outputs"]:
            if out["output_type"] == "error":
                problems.append(f"cell {cell['index']} raised {out['ename']}: {out['evalue']}")
            elif out["output_type"] == "stream" and out["name"] == "stderr":
                problems.append(f"cell {cell['index']} wrote to stderr: {out['text']!r}")
    problems += [f"stuck: {t!r}" for t in state["loading"]]
    problems += [f"widget failed: {t!r}" for t in page.evaluate(
        "() => window.__lt.textHits('Error displaying widget')")]
    problems += [f"figure {i} never drew" for i, f in enumerate(state["figures"])
                 if not f["drawn"]]  # fmt: skip
    wait_math(page, has_math=False, timeout_s=10)
    problems += [f"MathJax error: {t!r}" for t in page.evaluate("() => window.__lt.mathErrors()")]
    return problems


#: Whether slider i's figure shows other pixels than at its last ``keepPixels(i)``.
PIXELS_CHANGED = "i => window.__lt.pixelsChanged(i)"


def drag_every_slider(page) -> list[str]:
    """Drag every slider's handle with the mouse; a problem for each whose figure stays the same.

    Notebook 7 does not pass arrow keys to a focused slider, so there the mouse moves them.
    """
    problems = []
    for info in slider_info(page):
        track = page.locator(".widget-slider .noUi-target").nth(info["index"])
        # to the middle of the window: at its top edge Notebook 7's fixed header covers it
        track.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(100)
        box = track.bounding_box()
        handle = page.locator(HANDLES).nth(info["index"]).bounding_box()
        share = (info["now"] - info["min"]) / ((info["max"] - info["min"]) or 1.0)
        x = box["x"] + box["width"] * (0.2 if share > 0.5 else 0.8)
        page.evaluate("i => window.__lt.keepPixels(i)", info["index"])
        y = handle["y"] + handle["height"] / 2
        page.mouse.move(handle["x"] + handle["width"] / 2, y)
        page.mouse.down()
        page.mouse.move(x, y, steps=8)
        page.mouse.up()
        page.wait_for_timeout(200)
        wait_quiet(page, info["index"], quiet_ms=300, timeout_ms=8000)
        after = slider_info(page)[info["index"]]
        if after["now"] == info["now"]:
            problems.append(f"slider {info['label']!r} did not move when its handle was dragged")
        elif info["kind"] == "img" and not page.evaluate(PIXELS_CHANGED, info["index"]):
            problems.append(
                f"slider {info['label']!r} moved {info['value']} -> {after['value']} "
                "but its figure did not change"
            )
    return problems


def move_every_slider(page) -> list[str]:
    """Press an arrow key on every slider; a problem for each that does not change its figure."""
    problems = []
    for info in slider_info(page):
        focus_slider(page, info["index"])
        key = "ArrowLeft" if at_end(info, "max") else "ArrowRight"
        has_figure = info["kind"] == "img"
        if not has_figure:  # no figure: only its callbacks are checked
            page.keyboard.press(key)
            changed = None
        else:  # the decoded pixels must differ, not only the image's URL
            page.evaluate("i => window.__lt.keepPixels(i)", info["index"])
            changed = timed_press(page, info["index"], key, timeout_ms=4000, pixels=True)
        if changed is None and has_figure:
            # A single step may be invisible (a quantised control: the hidden number of 01's
            # halving game is ceil(share * N)). Take more steps, then compare the settled
            # figure with the one before the first press, not with the one before the last.
            for _ in range(12):
                page.keyboard.press(key)
            wait_quiet(page, info["index"], quiet_ms=300, timeout_ms=8000)
            if page.evaluate(PIXELS_CHANGED, info["index"]):
                changed = 0.0
        wait_quiet(page, info["index"], quiet_ms=150, timeout_ms=5000)
        after = slider_info(page)[info["index"]]
        if after["now"] == info["now"]:
            problems.append(f"slider {info['label']!r} did not move with the {key} key")
        elif changed is None and has_figure:
            problems.append(
                f"slider {info['label']!r} moved {info['value']} -> {after['value']} "
                "but its figure did not change"
            )
    return problems


@contextlib.contextmanager
def browser_session(root: Path, artifacts: Path, app: str = "lab"):
    """A running server (JupyterLab or Notebook 7) on ``root`` and a browser on it, for a fixture.

    Without Chromium: skip with the install hint, or fail when ``CI`` is set. The server's log is
    saved in ``artifacts`` at the end.
    """
    import pytest

    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT + " CI is set, so the browser tests must run.")
        pytest.skip(INSTALL_HINT)
    artifacts.mkdir(parents=True, exist_ok=True)
    server = LabServer(root, app=app).start()
    browser = None
    try:
        browser = Browser(server).start()
        yield browser
    finally:
        if browser is not None:
            browser.stop()
        (artifacts / "server.log").write_text(server.log(), encoding="utf-8")
        server.stop()
