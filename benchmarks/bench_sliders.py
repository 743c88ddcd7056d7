"""Slider latency in a real browser: key press to the first visible change of the figure.

For every notebook in ``notebooks/``: start JupyterLab and Debian's headless Chromium (the same
machinery as ``tests/test_browser.py``), restart and run the notebook, then for every slider
focus its handle and press an arrow key many times, each press after the previous update has
landed (kernel idle, figure still). The time is taken inside the page, from the ``keydown``
event to the first animation frame in which the figure shows a new, decoded ``<img>`` (a
LiveFigure is an ``ipywidgets.Image``; every frame is a new ``blob:`` URL).

Beside each LiveFigure the script then builds the naive version of the same figure:
``ipywidgets.interact`` over copies of its sliders, calling the figure's own builder cell again
on every change (a brand-new matplotlib figure, as if built with ``plt.subplots``), updating it
and showing it the way ``%matplotlib inline`` does (``print_figure`` with a tight bounding box).
Its sliders are timed the same way.

While the live sliders are pressed, the kernel times ``LiveFigure.refresh`` and its parts (the
in-place redraw, the PNG of the frame handed to the image widget), to show where the time goes.

Usage::

    .venv/bin/python benchmarks/bench_sliders.py                # all notebooks, write README
    .venv/bin/python benchmarks/bench_sliders.py --presses 10 -k 04 --no-write

Results go between the ``<!-- BEGIN sliders -->`` and ``<!-- END sliders -->`` markers of
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser_support import (  # noqa: E402
    Browser,
    LabServer,
    chromium_available,
    focus_slider,
    kernel_exec,
    next_key,
    run_all_and_settle,
    slider_info,
    timed_press,
    wait_quiet,
)

README = ROOT / "benchmarks" / "README.md"
BEGIN, END = "<!-- BEGIN sliders -->", "<!-- END sliders -->"

#: Kernel-side timers around LiveFigure.refresh, its in-place redraw and the frame's PNG.
INSTRUMENT = r"""
import time as _t, json as _json, helpers.widgets as _hw
_BENCH = {"refresh": [], "redraw": [], "png": []}
def _bench_wrap(owner, name, key):
    original = getattr(owner, name)
    def timed(*args, **kwargs):
        start = _t.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _BENCH[key].append((_t.perf_counter() - start) * 1000)
    setattr(owner, name, timed)
_bench_wrap(_hw.LiveFigure, "refresh", "refresh")
if not hasattr(_hw.LiveFigure, "_draw_changes"):
    import helpers.redraw as _hr
    _bench_wrap(_hr.InPlaceRedraw, "draw", "redraw")
    _bench_wrap(_hw.LiveFigure, "_show", "png")
else:  # an older helpers (--helpers): ipympl's canvas and its changed-pixel PNG
    _bench_wrap(_hw.LiveFigure, "_draw_changes", "redraw")
    for _lf in _hw.live_figures():
        if "get_diff_image" in vars(_lf.fig.canvas):
            _bench_wrap(_lf.fig.canvas, "get_diff_image", "png")
print("instrumented")
"""

#: The naive approach for each LiveFigure on the page, built from its own notebook cell.
NAIVE = r"""
import io as _io, sys as _sys
import ipywidgets as _w
from IPython import get_ipython as _gi
from IPython.core.pylabtools import print_figure as _print_figure
from IPython.display import Image as _Image, display as _display
from matplotlib.figure import Figure as _Figure

_SUBPLOT_KEYS = ("sharex", "sharey", "squeeze", "width_ratios", "height_ratios", "subplot_kw",
                 "gridspec_kw")
_CAPTURED = []


class _Captured:
    "Stands in for LiveFigure: keeps the figure, its update and its controls; draws nothing."
    def __init__(self, fig, update, controls, *args, **kwargs):
        self.fig, self.update, self.controls = fig, update, dict(controls)
        self.widget = _Box(self.controls.values())  # 08's builder adds its progress bar
        _CAPTURED.append(self)
    def _ipython_display_(self):
        pass


class _Box:
    "Stands in for LiveFigure.widget: holds children, displays nothing."
    def __init__(self, children):
        self.children = tuple(children)
    def _ipython_display_(self):
        pass


def _plain_figure(label, nrows=1, ncols=1, **kwargs):
    "What plt.subplots gives under %matplotlib inline: a new Agg figure each time."
    sub = {k: kwargs.pop(k) for k in list(kwargs) if k in _SUBPLOT_KEYS}
    fig = _Figure(**kwargs)
    return fig, fig.subplots(nrows, ncols, **sub)


def _build_again(source, nth):
    patched = []
    for module in list(_sys.modules.values()):
        if module is None or not getattr(module, "__name__", "").startswith("helpers"):
            continue
        for name, stand_in in (("LiveFigure", _Captured), ("new_figure", _plain_figure)):
            if name in vars(module):
                patched.append((module, name, vars(module)[name]))
                setattr(module, name, stand_in)
    namespace = dict(_gi().user_ns, LiveFigure=_Captured, new_figure=_plain_figure)
    try:
        _CAPTURED.clear()
        exec(_gi().transform_cell(source), namespace)
        return _CAPTURED[nth]
    finally:
        for module, name, original in patched:
            setattr(module, name, original)


def _naive(source, nth):
    first = _build_again(source, nth)
    def redraw(**values):
        built = _build_again(source, nth)  # a new figure on every change
        built.update(**values)
        _display(_Image(_print_figure(built.fig, "png")))  # as %matplotlib inline shows it
    sliders = {}
    for name, c in first.controls.items():
        if isinstance(c, (_w.FloatSlider, _w.IntSlider)):
            sliders[name] = type(c)(value=c.value, min=c.min, max=c.max, step=c.step,
                                    description="naive " + c.description,
                                    continuous_update=True)
        else:
            sliders[name] = _w.fixed(c.value)
    _w.interact(redraw, **sliders)


for _source, _nth in _NAIVE_FIGURES:
    _naive(_source, _nth)
"""


#: The last measurement through ipympl's canvas (2026-11-22, 20 presses per slider, same
#: machine and method): median / p95 ms per notebook, all its sliders pooled.
BEFORE = {
    "04-jensen-shannon": (78, 146),
    "05-earth-movers-distance": (90, 148),
    "06-kl-js-wasserstein-showdown": (100, 182),
    "all": (94, 160),
}
#: The image widget before the server set TCP_NODELAY (2026-11-29, quiet machine, 20 presses
#: per slider, same method): median / p95 ms per notebook and per slider.
NAGLE = {
    "01-information-content": (52, 68),
    "02-entropy": (48, 67),
    "03-cross-entropy-and-kl": (63, 81),
    "04-jensen-shannon": (63, 67),
    "05-earth-movers-distance": (49, 68),
    "06-kl-js-wasserstein-showdown": (53, 68),
    "07-the-gan-derivation": (49, 67),
    "08-from-gan-to-wgan": (57, 69),
    "all": (52, 69),
}
NAGLE_SLIDERS = {
    ("01-information-content", 0, "probability p"): (34, 67),
    ("01-information-content", 1, "P(a)"): (47, 67),
    ("01-information-content", 1, "P(b)"): (47, 68),
    ("01-information-content", 2, "N (how many numbers)"): (64, 70),
    ("01-information-content", 2, "where the hidden number is (share of N)"): (52, 63),
    ("02-entropy", 0, "p = P(heads)"): (45, 67),
    ("02-entropy", 1, "p1"): (49, 66),
    ("02-entropy", 2, "weight of A"): (47, 65),
    ("02-entropy", 2, "weight of B"): (44, 65),
    ("02-entropy", 2, "weight of C"): (34, 66),
    ("02-entropy", 2, "weight of D"): (44, 65),
    ("02-entropy", 3, "p = P(heads)"): (52, 77),
    ("02-entropy", 4, "σ"): (62, 74),
    ("02-entropy", 4, "grid spacing Δx"): (52, 67),
    ("03-cross-entropy-and-kl", 0, "α (Q moves from P to R)"): (40, 71),
    ("03-cross-entropy-and-kl", 1, "separation d of the bumps"): (65, 87),
    ("03-cross-entropy-and-kl", 2, "θ of the binomial"): (55, 67),
    ("04-jensen-shannon", 0, "shift s of Q"): (57, 67),
    ("04-jensen-shannon", 1, "P(heads) = p"): (64, 70),
    ("04-jensen-shannon", 1, "Q(heads) = q"): (56, 67),
    ("05-earth-movers-distance", 0, "position of pile B"): (54, 69),
    ("05-earth-movers-distance", 1, "shift Q by"): (45, 68),
    ("05-earth-movers-distance", 2, "move Q right by"): (46, 68),
    ("05-earth-movers-distance", 2, "move Q up by"): (45, 68),
    ("05-earth-movers-distance", 3, "shift Q by"): (44, 67),
    ("06-kl-js-wasserstein-showdown", 0, "shift θ"): (59, 68),
    ("06-kl-js-wasserstein-showdown", 1, "shift θ"): (52, 68),
    ("06-kl-js-wasserstein-showdown", 1, "width σ"): (52, 67),
    ("06-kl-js-wasserstein-showdown", 2, "shift θ"): (64, 71),
    ("06-kl-js-wasserstein-showdown", 2, "noise s"): (52, 68),
    ("06-kl-js-wasserstein-showdown", 3, "shift θ"): (55, 88),
    ("07-the-gan-derivation", 0, "shift θ"): (52, 67),
    ("07-the-gan-derivation", 1, "log₁₀ D(G(z))"): (51, 67),
    ("07-the-gan-derivation", 2, "log₁₀ ε"): (33, 66),
    ("07-the-gan-derivation", 3, "shift θ"): (57, 69),
    ("07-the-gan-derivation", 4, "log₁₀ noise"): (46, 67),
    ("08-from-gan-to-wgan", 0, "generated samples at θ ="): (48, 69),
    ("08-from-gan-to-wgan", 1, "start θ0"): (65, 74),
    ("08-from-gan-to-wgan", 1, "generator learning rate"): (51, 69),
    ("08-from-gan-to-wgan", 1, "critic steps per step"): (55, 68),
    ("08-from-gan-to-wgan", 2, "generator step"): (55, 68),
}


def _pair(x) -> str:
    return "–" if x is None else f"{x[0]} / {x[1]}"


#: For ``--helpers`` runs of an older checkout whose LiveFigures are ipympl canvases (the A/B
#: comparison): the page's figure watcher, which knows ``<img>`` figures only, also sees a
#: canvas figure, whose "source" is the number of images drawn into its canvases so far. So a
#: press has landed at the first animation frame after ipympl drew a new frame, as an
#: ``<img>`` figure has at the first frame with its new picture decoded.
CANVAS_JS = r"""
() => {
  const lt = window.__lt;
  if (lt.canvasAware) return;
  lt.canvasAware = true;
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['drawImage', 'putImageData']) {
    const original = proto[name];
    proto[name] = function (...args) {
      if (this.canvas) this.canvas.__ltDraws = (this.canvas.__ltDraws || 0) + 1;
      return original.apply(this, args);
    };
  }
  const canvases = (fig) =>
    (fig && fig.querySelectorAll ? [...fig.querySelectorAll('canvas')] : []);
  const draws = (fig) => canvases(fig).reduce((n, c) => n + (c.__ltDraws || 0), 0);
  const snapshot = lt.snapshot;
  lt.snapshot = (fig) => canvases(fig).length
    ? { kind: 'img', ready: true, parts: [`canvas draws: ${draws(fig)}`] }
    : snapshot(fig);
  const kind = lt.figureKind;
  lt.figureKind = (fig) => (canvases(fig).length ? 'img' : kind(fig));
}
"""


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_sliders(page, presses, which, before_press=None, after_press=None):
    """Time every slider that ``which(info)`` selects; one record per slider.

    ``before_press(info)`` and ``after_press(info, elapsed)``, if given, run around every press
    (``after_press`` once the figure is still again); ``bench_message_path.py`` uses them.
    """
    records = []
    for info in slider_info(page):
        if not which(info) or info["kind"] != "img":
            continue
        index, direction, times, misses = info["index"], 1, [], 0
        focus_slider(page, index)
        wait_quiet(page, index)
        for _ in range(presses):
            key, direction = next_key(slider_info(page)[index], direction)
            if before_press:
                before_press(info)
            elapsed = timed_press(page, index, key, timeout_ms=3000)
            if elapsed is None:
                misses += 1
            else:
                times.append(elapsed)
            wait_quiet(page, index, quiet_ms=120, timeout_ms=5000)
            if after_press:
                after_press(info, elapsed)
        records.append(
            {"label": info["label"], "figure": info["figure"], "kind": info["kind"],
             "times": times, "misses": misses}
        )  # fmt: skip
    return records


def bench_notebook(browser, path, presses, naive=True, root=ROOT):
    relative = path.relative_to(root).as_posix()
    page = browser.open(relative, "Notebook")
    try:
        page.evaluate(CANVAS_JS)
        state = run_all_and_settle(page, timeout_s=150)
        if not state["settled"]:
            raise RuntimeError(f"{relative} did not settle")
        kernel_exec(page, INSTRUMENT)
        live = time_sliders(page, presses, lambda info: not info["interact"])
        breakdown = json.loads(kernel_exec(page, "print(_json.dumps(_BENCH))"))
        if not naive:
            return {"notebook": path.stem, "live": live, "naive": [], "kernel": breakdown,
                    "errors": page.evaluate("() => window.__lt.liveErrors()")}  # fmt: skip
        figures = page.evaluate("() => window.__lt.figureCells()")
        naive_figures = [(f["source"], f["nth"]) for f in figures]
        code = f"_NAIVE_FIGURES = {naive_figures!r}\n" + NAIVE
        page.evaluate("c => window.__lt.appendAndRun(c)", code)
        page.wait_for_function(
            "() => window.__lt.kernelStatus() === 'idle' && "
            "[...document.querySelectorAll('.widget-interact')].every(e => e.querySelector('img'))",
            timeout=120_000,
        )
        naive = time_sliders(page, presses, lambda info: info["interact"])
        errors = page.evaluate("() => window.__lt.liveErrors()") + [
            m for m in page.evaluate("() => window.__lt.iopub") if not m.startswith("stderr: ")
        ]
    finally:
        page.close()
        browser.server.shutdown_kernels()
    return {"notebook": path.stem, "live": live, "naive": naive, "kernel": breakdown,
            "errors": errors}  # fmt: skip


def machine() -> dict:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {"cpu": cpu, "cores": os.cpu_count(), "load": load}


def ms(x):
    return "–" if x != x else f"{x:.0f}"


def report(results, presses, meta) -> str:
    lines = [
        "## Slider latency",
        "",
        f"Measured {meta['date']} with `benchmarks/bench_sliders.py` ({presses} key presses per "
        "slider, each after the previous update landed): the time from the `keydown` event in "
        "the page to the first animation frame in which the figure looks different, taken "
        "inside the page. Browser, JupyterLab server and kernel all on this machine: "
        f"{meta['cpu']}, {meta['cores']} cores shared with other work (load average "
        f"{meta['load_before']} before, {meta['load_after']} after the run). "
        f"{meta['versions']}.",
        "",
        "Target per notebook (all its sliders pooled): median ≤ 50 ms, 95th percentile "
        "≤ 100 ms. *Naive* is the same figure through `ipywidgets.interact`, rebuilt from its "
        "builder and shown as an inline PNG on every change.",
        "",
        "| notebook | LiveFigure median / p95 (ms) | naive median / p95 (ms) | naive ÷ live "
        "(median) | target met |",
        "| --- | --- | --- | --- | --- |",
    ]
    pooled_all, naive_all = [], []
    for r in results:
        live = [t for s in r["live"] for t in s["times"]]
        naive = [t for s in r["naive"] for t in s["times"]]
        pooled_all += live
        naive_all += naive
        if not live:
            lines.append(f"| {r['notebook']} | (no sliders) | | | |")
            continue
        med, p95 = statistics.median(live), percentile(live, 0.95)
        nmed = statistics.median(naive) if naive else float("nan")
        ok = "yes" if med <= 50 and p95 <= 100 else "**no**"
        ratio = f"{nmed / med:.1f}×" if naive else "–"
        lines.append(
            f"| {r['notebook']} | {ms(med)} / {ms(p95)} | {ms(nmed)} / "
            f"{ms(percentile(naive, 0.95))} | {ratio} | {ok} |"
        )
    if pooled_all:
        nmed = statistics.median(naive_all) if naive_all else float("nan")
        ratio = f"{nmed / statistics.median(pooled_all):.1f}×" if naive_all else "–"
        lines.append(
            f"| **all** | {ms(statistics.median(pooled_all))} / "
            f"{ms(percentile(pooled_all, 0.95))} | {ms(nmed)} / "
            f"{ms(percentile(naive_all, 0.95))} | {ratio} | |"
        )
    lines += [
        "",
        "Before / after, median / p95 in ms, all sliders of a notebook pooled, same machine and "
        "in-page timing, 20 presses per slider: *ipympl canvas*, 2026-11-22 (changed-pixel PNGs "
        "drawn on ipympl's canvas; notebooks 04–06 only existed); *image widget*, 2026-11-29 on "
        "the quiet machine (one palette PNG per frame in an `ipywidgets.Image`, the server with "
        "Nagle's algorithm on); *this run*, the same with `tools/jupyter_server_config.py` "
        "(`TCP_NODELAY`).",
        "",
        "| notebook | ipympl canvas | image widget, Nagle on | this run | target met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        live = [t for s in r["live"] for t in s["times"]]
        if not live:
            continue
        med, p95 = statistics.median(live), percentile(live, 0.95)
        ok = "yes" if med <= 50 and p95 <= 100 else "**no**"
        name = r["notebook"]
        lines.append(f"| {name} | {_pair(BEFORE.get(name))} | {_pair(NAGLE.get(name))} | "
                     f"{ms(med)} / {ms(p95)} | {ok} |")  # fmt: skip
    if pooled_all:
        med, p95 = statistics.median(pooled_all), percentile(pooled_all, 0.95)
        ok = "yes" if med <= 50 and p95 <= 100 else "**no**"
        lines.append(f"| **all** | {_pair(BEFORE['all'])} | {_pair(NAGLE['all'])} | "
                     f"{ms(med)} / {ms(p95)} | {ok} |")  # fmt: skip
    lines += [
        "",
        "Per slider (LiveFigure; *fig* is the figure's position in the notebook; misses are "
        "presses whose figure did not change within 3 s, see below; *Nagle on* is the image "
        "widget's run above):",
        "",
        "| notebook | fig | slider | presses | median (ms) | p95 (ms) | misses | Nagle on |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        for s in r["live"]:
            median = statistics.median(s["times"]) if s["times"] else float("nan")
            before = NAGLE_SLIDERS.get((r["notebook"], s["figure"], s["label"]))
            lines.append(
                f"| {r['notebook']} | {s['figure']} | {s['label']} | "
                f"{len(s['times'])} | {ms(median)} | {ms(percentile(s['times'], 0.95))} | "
                f"{s['misses']} | {_pair(before)} |"
            )
    lines += [
        "",
        "Kernel side, per slider change (median ms): `refresh` is all of LiveFigure's work "
        "(the notebook's `update`, drawing and sending); `redraw` the in-place redraw; `png` "
        "encoding the frame as a palette PNG and handing it to the `ipywidgets.Image`.",
        "",
        "| notebook | refresh | redraw | png |",
        "| --- | --- | --- | --- |",
    ]
    for r in results:
        k = r["kernel"]
        cells = [ms(statistics.median(k[key])) if k.get(key) else "–"
                 for key in ("refresh", "redraw", "png")]  # fmt: skip
        lines.append(f"| {r['notebook']} | " + " | ".join(cells) + " |")
    lines += ["", FINDINGS.strip().replace("{result}", _result(results)), ""]
    return "\n".join(lines)


def _result(results) -> str:
    """One sentence on this run: is the target met, pooled and per-notebook ranges."""
    per = [[t for s in r["live"] for t in s["times"]] for r in results]
    per = [times for times in per if times]
    if not per:
        return "no slider was timed."
    pooled = [t for times in per for t in times]
    medians = [statistics.median(times) for times in per]
    p95s = [percentile(times, 0.95) for times in per]
    met = sum(m <= 50 and p <= 100 for m, p in zip(medians, p95s, strict=True))
    verdict = ("the target is met in every notebook" if met == len(per)
               else f"the target is met in {met} of {len(per)} notebooks")  # fmt: skip
    return (f"{verdict}; pooled {ms(statistics.median(pooled))} / "
            f"{ms(percentile(pooled, 0.95))} ms ({_pair(NAGLE['all'])} with Nagle on), per "
            f"notebook a median of {ms(min(medians))}–{ms(max(medians))} ms and a p95 of "
            f"{ms(min(p95s))}–{ms(max(p95s))} ms.")  # fmt: skip


FINDINGS = """
### This round: kernel messages leave the server at once (`TCP_NODELAY`)

**What was found.** On the quiet machine, before this change, the image widget gave a pooled
median of 52 ms and p95 of 69 ms (the *Nagle on* column): the p95 target was met, the median
just missed in five notebooks, and the kernel's own work (`refresh`, 17–33 ms) left ~30 ms
unexplained. `benchmarks/bench_message_path.py` splits each press at four wall-clock time
stamps. On notebook 06 (12 presses per slider, 72 in all; median ms):

| server | total | key → kernel | kernel | kernel → page | page → shown | echo in page (a) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| stock jupyter_server 2.21 | 61.7 | 3.1 | 28.1 | **20.8** | 10.0 | **47.5** |
| with `TCP_NODELAY` | 53.0 | 4.0 | 34.7 | **3.2** | 10.1 | **16.0** |

(a) counted from the kernel's start. The picture reached the page ~20 ms after the kernel had
finished, and the slider's `echo_update`, which the kernel sends 0.1 ms after `status: busy`,
~45 ms after it was sent, while `busy` itself arrived in ~4 ms. That is Nagle's algorithm
meeting TCP delayed ACK: tornado's websockets leave Nagle on unless the handler asks otherwise,
and jupyter_server does not, so every small message after the first waited for the browser's
delayed acknowledgement (up to 40 ms on Linux). No long task ran in the page meanwhile (a
`PerformanceObserver` for long tasks stayed empty, animation frames kept their 16.7 ms rhythm).

**The change.** `tools/jupyter_server_config.py` makes the kernel websocket connection
jupyter_server's own class with `TCP_NODELAY` set when it opens. `make` copies it into
`.venv/etc/jupyter/` and Binder's `postBuild` into its environment's `etc/jupyter`, so every
`jupyter lab` / `jupyter notebook` of the course loads it, the test suite's included
(`tests/test_server_config.py`; the browser suite fails if its server did not load it).

**Result** (this run, the tables above): {result} Medians cluster at 33, 50 and 67 ms because
the page sees a picture at animation frames (60 Hz). The naive figure (rebuilt and re-rendered
on every change; 08's trains again on every change) is slower by the factor in the first table.

**Misses** are presses after which the figure did not change; they are not latency samples.
02's *p2* is capped at 1 − p1 (the caption says so) and, after the benchmark has moved *p1*
up, all 20 presses of *p2* stay in the capped range; 01's hidden number is ⌈share · N⌉, so
its picture changes only every 1/N of the slider. (In earlier runs 07's *log₁₀ D(G(z))* had one
miss too: after 19 steps of 0.05 from −1 the slider sat a float hair below its maximum −0.05, so
the benchmark pressed on instead of turning back; `next_key` now allows for that.)

**What remains.** The kernel's own work is now the largest part (`refresh` 17–33 ms median per
notebook; 06's Gaussians θ figure, 61 ms in the page, redraws two panels and four captions).
On a loaded machine every part stretches (the earlier rounds below). On Binder or a hub the
network's round trip adds to every press, and a hub without `tools/jupyter_server_config.py`
pays the ~10–40 ms of Nagle again (README, *Running elsewhere*).

### The previous round: one renderer, and an A/B measurement under load

**What changed.** `LiveFigure` no longer uses ipympl: it draws with Agg in place exactly as before
(the algorithm moved unchanged to `helpers/redraw.py`; the glyph cache and the other private
matplotlib details to `helpers/mpl_internals.py`, behind a version gate that a test checks) and
shows each frame as a palette PNG in an `ipywidgets.Image` of fixed size (`helpers/png.py`), the
same in JupyterLab, Notebook 7, VS Code, Binder and Colab. The palette (≤ 256 colours, Pillow's
fast octree) is chosen again only when the redraw engine makes a full draw or a new background;
each frame in between is mapped onto it (~0.6 ms for a ~1000 × 600 px figure, against 5–15 ms to
choose a palette) and written at zlib level 1 (~1.5 ms); a 06 frame is ~45 KB. In a plain process
the whole encoding costs ~4 ms of CPU per frame. In the browser, ipywidgets makes a `blob:` URL of
the bytes and the `<img>` decodes it; ipympl instead painted a changed-pixel diff image onto its
canvas after re-encoding the whole canvas as a data URL on every frame.

**The machine was busy.** During all of these runs other engineers' test suites kept the load
average at 6–15 on the 2 cores (the recorded run of 2026-11-22 had 0–2), which slows every step
several-fold (in the kernel, encoding a frame took ~4 ms of CPU but ~20 ms of wall time). The
tables above therefore overstate the latency of a quiet machine and should not be read against
the *before* column alone. The fair comparison is an A/B in the same hour: the same notebooks,
alternately with this branch's helpers and with the previous commit's (ipympl 0.10.0 canvas;
`bench_sliders.py --helpers <a checkout of the previous helpers>`, which lets the page see
ipympl's canvas draws), four runs each of 20 presses per slider, interleaved (new, old, new,
old, ...) so that both met the same load. Pooled per notebook, median / p95 in ms:

| notebook | ipympl canvas (previous helpers) | Image widget (this branch) | median change |
| --- | --- | --- | --- |
| 04-jensen-shannon | 84 / 236 | 69 / 173 | −17 % |
| 05-earth-movers-distance | 89 / 208 | 79 / 189 | −11 % |
| 06-kl-js-wasserstein-showdown | 101 / 246 | 89 / 225 | −12 % |
| **all** (1120 presses each) | 94 / 229 | 80 / 204 | −15 % |

No press was missed on either side. In the kernel (medians, same runs) the two sides cost the
same: `refresh` 34 / 50 / 62 ms with the Image widget against 35 / 52 / 64 ms with ipympl, of
which the in-place redraw 12 / 23 / 37 against 12 / 21 / 36. The Image widget's `png` column
(17–21 ms) includes handing the frame to the widget, i.e. sending the comm message; the old
`png` column (15–17 ms) timed ipympl's diff image only, its send came after. The gain is in the
browser and the message path.

**Target not met in that round.** Goal median ≤ 50 ms, p95 ≤ 100 ms; measured 69–89 ms median
and 173–225 ms p95 at load 6–15. That round concluded that most of each press was the kernel's
own work plus the key-to-kernel path, not the way the picture reaches the page; the split of
this round (above) showed that wrong: ~20 ms per press were the server holding the picture back
(Nagle's algorithm), and the key-to-kernel path is ~3 ms.

**How these runs were made.** Notebooks 04–06 stopped at their first exercise cell on that branch
(they still called the old `check(answer, expected)`, which the new exercise API rejected; they
were being rewritten elsewhere), so the runs used scratch copies of them in which those cells are
replaced by `pass`; figures and sliders are untouched (`--root <scratch copy>`). The naive
comparison was not re-run (`–` above; the previous run found the naive figure 3–6× slower).

### Earlier rounds (through ipympl's canvas, measured 2026-11-22)

Names below are those of that time: `LiveFigure._draw_changes` is now
`helpers.redraw.InPlaceRedraw.draw`, `_cache_glyphs` is
`helpers.mpl_internals.install_glyph_cache`, and `_png_rgba` is `helpers.png.png_exact` (the
diff-image code for ipympl is gone).

**Target still not met.** Pooled per notebook, median / p95: 04 78 / 146 ms, 05 90 / 148 ms,
06 100 / 182 ms (the previous run, before this round's changes: 92 / 159, 88 / 145, 132 / 259).
06's *width σ* and *noise s*, a full draw on every press before, now redraw in place: 111 and
107 ms median (201 and 232 before). In the kernel the in-place redraw fell to 16 / 26 / 39 ms
(45 / 34 / 76 before) and LiveFigure's whole work per press (`refresh`, including the PNG) to
40 / 53 / 63 ms (61 / 56 / 97). But some 35–40 ms per press lie outside the kernel's work, in
both runs: the key to the kernel, ipympl's front end and the browser. And the changed-pixel PNG
took 19–21 ms in this run against 13–14 ms in the previous one, for the same canvas and the same
zlib level (not investigated; the machine was less loaded before this run and more after it).
With ~37 ms outside the kernel and ~20 ms of PNG, a 50 ms median is out of reach on this
machine whatever the redraw costs; see *What remains*.

**After this run** the changed-pixel PNG got its own encoder (`_png_rgba` in
`helpers/widgets.py`: no PNG row filters, zlib level 1 with run-length matching; 13.8 → 7.6 ms
for a 06 frame in a plain process, and smaller). A rerun of notebook 04 only (`-k 04`, 20
presses per slider) gave PNG 15 ms and `refresh` 31 ms in the kernel (21 and 40 in the run
above) and a pooled median / p95 of 71 / 149 ms (78 / 146 above); 05 and 06 were not rerun.

**Earlier changes** (first measurement, medians 80–230 ms per slider): on the JS box figure
(1008 × 634 px canvas) a full matplotlib draw took ~300 ms with constrained layout solved on every
draw and ~125 ms without it. So `helpers/widgets.py` LiveFigure (1) solves the layout once and
freezes it; (2) keeps the figure without its changing artists as a background and, on each
change, pastes it and draws only the changed artists (matplotlib's `stale` flags) and the
artists above them, so the picture equals a full draw pixel for pixel
(`tests/test_live_redraw.py` checks every figure builder); a change of limits, ticks, spines,
size or layout gets a full draw; (3) sends the frame at once (`canvas.blit`) instead of
`draw_idle`'s round trip; (4) switches off pyplot's redraw-on-stale for its figures; (5) draws
grid lines below the data; (6) encodes the changed-pixel PNG with zlib level 1.

**This round** (kernel side, in-place redraw `_draw_changes` in a plain Python process with the
inline backend, median ms per slider change, before → after, two interleaved runs on this
machine at load ~1; the kernel in the browser run takes about twice as long):

| figure | slider | before | after |
| --- | --- | ---: | ---: |
| 04 JS boxes | shift s | 29–31 | 8 |
| 04 coins | p / q | 30–34 / 33–35 | 12 / 8–11 |
| 05 plan | position | 47–55 | 22–24 |
| 05 CDFs | shift | 17–30 | 7–8 |
| 05 clouds | dx / dy | 17–19 / 16–21 | 13 / 11–12 |
| 05 duality | shift | 22–25 | 14–19 |
| 06 lines | θ | 36–44 | 14 |
| 06 Gaussians | θ / σ | 54–55 / **135–142 (full draw)** | 24–28 / 25–27 |
| 06 noisy lines | θ / s | 66–68 / **149–165 (full draw)** | 25–26 / 27–32 |
| 06 GAN link | θ | 63–69 | 20–21 |

What changed:

1. **06, σ and s no longer rescale any axis** (`helpers/figures/showdown.py`). The KL axis keeps
   the scale of the starting width (θ_max²/2σ², 8 nats for σ = 1; for the noisy lines that of
   s = 0.5); a curve above it is clipped by the axes, the current value gets a ▲ just inside the
   top edge and the caption says "(off scale ↑)" next to the printed number; ∞ (noise s = 0) is
   drawn at the same level. The density panel keeps the limits of the starting width, with
   "↑ peaks off scale" when a peak leaves it; the point-mass spikes have a fixed height. So
   these sliders take the in-place path (they were a full draw, ~140–165 ms here and
   200–230 ms in the browser). Notebook 06's "What to notice" says how off-scale values are
   marked.
2. **Only artists a change can touch are redrawn** (`helpers/widgets.py`). Before, every
   artist above the lowest changed one in the same axes was redrawn on every frame (legends,
   fixed labels, titles and whole static curves among them). Now an unchanged artist joins the
   redrawn set only if it overlaps where a changed one may paint: the clip box for an artist
   clipped to its axes (wherever it moves it stays inside), the current box for an unclipped
   one, checked again on every change (the background is re-made if a moving unclipped artist
   reaches one). Titles keep the place the layout draw gave them (matplotlib re-placed them on
   every draw, also when drawing the background). The old shortcut that skipped unchanged
   artists not overlapping a moving one was dropped: an empty title made it redraw everything
   in practice, and where it did skip, the pasted background lacked the skipped artist.
3. **Cheaper texts.** Profiles of the in-place redraw (cProfile around
   `LiveFigure._draw_changes`, per-artist timers) showed texts at 50 µs per glyph plus ~2 ms per
   line of glyph layout: a two-line caption 4–7 ms, a legend 4–12 ms, the noisy-lines title
   10–16 ms. On LiveFigure's renderers only, glyph bitmaps are now rendered once per font, size
   and sub-pixel offset and pasted at whole pixels, and the layout of each line is kept
   (`_cache_glyphs`; installed only when matplotlib's two methods are the versions it copies,
   checked by a hash of their source). A two-line caption: 7 → 0.6 ms when its text is
   unchanged, 7 → 3.3 ms when its numbers change (layout and metrics of the new lines remain).
   `tests/test_text_cache.py` compares every figure, after moving every control, with
   matplotlib's own unmodified drawing: same pixels.
4. **Legends and fixed labels below the moving artists in z-order, or outside the axes** (04,
   05, 06 builders): they stay in the background. Markers above the static curves, so a moving
   marker no longer redraws the 801-point curve under it; the coin figure redraws its two
   curves only when p changes; the plan figure's heat map sits above its (tick-less) axes so
   the axes are not redrawn with it, and it scales its cells without resampling (7 → 4 ms);
   the cloud figure's legend moved outside the axes.

**What remains** (per key press): the glyph layout and metrics of the texts whose numbers change
(~2 ms per new line; every slider changes 2–5 captions); the plan figure's 2 × 2 heat map (~4 ms
per frame, ~7 ms before it stopped resampling); the notebooks' own numbers per change (06: σ or
s recomputes the KL/JS curves over 401 θ by quadrature, 12–15 ms, in `helpers/showdown.py`, not
changed here; 05: the linear programs of `emd` and `lipschitz_dual`, which is why 05's duality
slider is its slowest); the changed-pixel PNG (15 ms in the kernel with the new encoder:
ipympl's diff image is always the full canvas, with unchanged pixels zeroed, so a smaller
changed area helps it only a little); ~10 ms from the key to the kernel; and the browser:
ipympl's front end (0.10.0), on every frame, first encodes its whole canvas as a PNG data URL
(`toDataURL`, to keep a static copy of the figure) and only then decodes and paints the new diff
image, then waits for the next animation frame (not measured separately; it cannot be changed
from the kernel). Inside the kernel all of the kernel's part runs about twice as slow as in a
plain process (2 cores shared with ipykernel's threads, the server and the browser). The figures
were not made smaller (dpi 96, ~1000 × 600 px, for the projector). The numbers move with the
load average of this shared machine.
"""


def write_readme(text: str) -> None:
    content = README.read_text(encoding="utf-8")
    start, end = content.index(BEGIN), content.index(END)
    README.write_text(content[: start + len(BEGIN)] + "\n" + text + "\n" + content[end:],
                      encoding="utf-8")  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=25,
                        help="key presses per slider (at least 20 for the README)")
    parser.add_argument("-k", default="", help="only notebooks whose name contains this")
    parser.add_argument("--no-write", action="store_true", help="do not touch README.md")
    parser.add_argument("--json", type=Path, help="also save the raw timings here")
    parser.add_argument("--no-naive", action="store_true", help="time the LiveFigures only")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="a checkout (or scratch copy) whose notebooks/ to time")
    parser.add_argument("--helpers", type=Path,
                        help="put this directory first on the kernel's PYTHONPATH, to time the "
                             "helpers package it holds (e.g. an older commit's, A/B)")
    args = parser.parse_args(argv)
    if not chromium_available():
        print("Chromium not found at /usr/bin/chromium: apt-get install chromium", file=sys.stderr)
        return 2
    root = args.root.resolve()
    notebooks = [p for p in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
                 if args.k in p.name]  # fmt: skip
    load_before = " / ".join(f"{x:.1f}" for x in machine()["load"])
    results = []
    extra_env = {"PYTHONPATH": str(args.helpers.resolve())} if args.helpers else {}
    with LabServer(root, extra_env=extra_env) as server:
        browser = Browser(server).start()
        try:
            chromium = browser.context.browser.version if browser.context.browser else "?"
            for path in notebooks:
                result = bench_notebook(browser, path, args.presses, not args.no_naive, root)
                results.append(result)
                live = [t for s in result["live"] for t in s["times"]]
                naive = [t for s in result["naive"] for t in s["times"]]
                print(
                    f"{path.stem}: live median {ms(statistics.median(live)) if live else '–'} "
                    f"p95 {ms(percentile(live, 0.95))} | naive median "
                    f"{ms(statistics.median(naive)) if naive else '–'} | errors {result['errors']}",
                    flush=True,
                )
        finally:
            browser.stop()
    info = machine()
    meta = {
        "date": datetime.date.today().isoformat(),
        "cpu": info["cpu"],
        "cores": info["cores"],
        "load_before": load_before,
        "load_after": " / ".join(f"{x:.1f}" for x in info["load"]),
        "versions": (
            f"Python {platform.python_version()}, JupyterLab {version('jupyterlab')}, "
            f"ipywidgets {version('ipywidgets')}, Pillow {version('pillow')}, matplotlib "
            f"{version('matplotlib')}, Chromium {chromium} (headless, Playwright "
            f"{version('playwright')})"
        ),
    }
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    text = report(results, args.presses, meta)
    print(text)
    if not args.no_write:
        write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
