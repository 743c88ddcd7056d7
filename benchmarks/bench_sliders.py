"""Slider latency in a real browser: key press to the first visible change of the figure.

For every notebook in ``notebooks/``: start JupyterLab and Debian's headless Chromium (the same
machinery as ``tests/test_browser.py``), restart and run the notebook, then for every slider
focus its handle and press an arrow key many times, each press after the previous update has
landed (kernel idle, figure still). The time is taken inside the page, from the ``keydown``
event to the first animation frame in which the figure shows a new, decoded ``<img>`` (a
LiveFigure is an ``ipywidgets.Image``; every frame is a new ``blob:`` URL). The first press of
each slider after the notebook ran is reported apart from the others: a student's first touch.

Two scenarios per notebook, each from a fresh *Restart and Run All*: a quiet machine, and one
with a competing kernel (:class:`Competitor`): a second ipykernel on this machine, started on
127.0.0.1, sweeping a slider of its own figure without a pause, as a neighbour on a shared
JupyterHub node would. It stops by itself (a stop file, or after ``max_seconds``).

While the live sliders are pressed, the kernel times ``LiveFigure.refresh`` and its parts (the
in-place redraw, the PNG of the frame handed to the image widget), to show where the time goes.

With ``--naive``, beside each LiveFigure the script also builds the naive version of the same
figure: ``ipywidgets.interact`` over copies of its sliders, calling the figure's own builder
cell again on every change, shown the way ``%matplotlib inline`` does; its sliders are timed
the same way (quiet scenario only).

Usage::

    .venv/bin/python benchmarks/bench_sliders.py --json after.json        # all notebooks
    .venv/bin/python benchmarks/bench_sliders.py --presses 10 -k 04 --no-write
    # A/B: an older helpers package (a checkout of another commit), then both side by side
    .venv/bin/python benchmarks/bench_sliders.py --helpers /tmp/old --label "main" \\
        --json before.json --no-write
    .venv/bin/python benchmarks/bench_sliders.py --render after.json --compare before.json

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
_MARKS = []  # (start, end) indices into _BENCH["refresh"] around each slider's first press
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
        index, direction, times, misses, first = info["index"], 1, [], 0, None
        focus_slider(page, index)
        wait_quiet(page, index)
        for press in range(presses):
            key, direction = next_key(slider_info(page)[index], direction)
            if before_press:
                before_press(info)
            elapsed = timed_press(page, index, key, timeout_ms=3000)
            if elapsed is None:
                misses += 1
            else:
                times.append(elapsed)
                if press == 0:
                    first = elapsed  # the slider's first press since the notebook ran
            wait_quiet(page, index, quiet_ms=120, timeout_ms=5000)
            if after_press:
                after_press(info, elapsed)
        records.append(
            {"label": info["label"], "figure": info["figure"], "kind": info["kind"],
             "times": times, "misses": misses, "first": first,
             "later": times[1:] if first is not None else times}
        )  # fmt: skip
    return records


#: The neighbour's kernel: builds a figure and moves its slider one step after another, as
#: fast as it can, until a stop file appears (or ``max_seconds`` pass: it always ends).
SWEEP = r"""
import json as _json, os as _os, time as _time
import helpers.widgets as _hw
from helpers.figures.{module} import {function} as _build
_hw.setup_notebook()
_live = _build(display_now=False)
_c = _live.controls[{control!r}]
open({started!r}, "w").close()
_n, _d, _t0 = 0, 1, _time.perf_counter()
_deadline = _time.monotonic() + {max_seconds}
while not _os.path.exists({stop!r}) and _time.monotonic() < _deadline:
    if _c.value + _c.step > _c.max:
        _d = -1
    elif _c.value - _c.step < _c.min:
        _d = 1
    _c.value = _c.value + _d * _c.step
    _n += 1
with open({result!r}, "w") as _f:
    _json.dump({{"presses": _n, "seconds": _time.perf_counter() - _t0,
                "errors": len(_live.errors)}}, _f)
"""


class Competitor:
    """A second kernel on this machine, busy with a slider sweep of its own.

    A stand-in for a neighbour on a shared JupyterHub node: an ipykernel (started by
    ``jupyter_client`` on 127.0.0.1, as a Jupyter server starts one) builds ``spec``'s figure
    (``"module.function:control"`` of ``helpers.figures``) and moves its slider back and forth
    without a pause, redrawing, encoding and sending every frame, until :meth:`stop` (at most
    ``max_seconds``; the sweep checks a stop file before every step).
    """

    def __init__(self, spec: str = "showdown.showdown_figure:theta", env: dict | None = None,
                 max_seconds: float = 1800.0):  # fmt: skip
        figure, self.control = spec.split(":")
        self.module, self.function = figure.split(".")
        self.spec, self.env, self.max_seconds = spec, env or {}, max_seconds
        self.km = self.kc = None

    def start(self, timeout_s: float = 180.0) -> Competitor:
        import tempfile
        import time

        from jupyter_client.manager import KernelManager

        self.dir = Path(tempfile.mkdtemp(prefix="competitor-"))
        self.started, self.stop_file = self.dir / "started", self.dir / "stop"
        self.result = self.dir / "result.json"
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(env={**os.environ, **self.env}, cwd=str(self.dir))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=timeout_s)
        self.kc.stop_channels()
        self.kc = self.km.client()  # no one listens to its frames, as no browser does
        self.kc.start_channels(iopub=False, stdin=False, hb=False)
        self.kc.execute(SWEEP.format(
            module=self.module, function=self.function, control=self.control,
            started=str(self.started), stop=str(self.stop_file), result=str(self.result),
            max_seconds=float(self.max_seconds)))  # fmt: skip
        deadline = time.monotonic() + timeout_s
        while not self.started.exists():
            if time.monotonic() > deadline or not self.km.is_alive():
                self.stop()
                raise RuntimeError(f"the competing kernel did not start sweeping {self.spec}")
            time.sleep(0.2)
        return self

    def stop(self, timeout_s: float = 60.0) -> dict:
        """End the sweep and the kernel; ``{"presses", "seconds", "errors"}`` of the sweep."""
        import shutil
        import time

        result = {}
        try:
            self.stop_file.touch()
            deadline = time.monotonic() + timeout_s
            while self.km.is_alive() and time.monotonic() < deadline:
                if self.result.exists():
                    time.sleep(0.1)
                    result = json.loads(self.result.read_text())
                    break
                time.sleep(0.2)
        finally:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km is not None:
                self.km.shutdown_kernel(now=True)
            shutil.rmtree(self.dir, ignore_errors=True)
        return result


def bench_notebook(browser, path, presses, naive=True, root=ROOT, competitor=None):
    """Run the notebook and time its sliders (then the naive figures'); with ``competitor``
    (a :class:`Competitor`, not started), a second kernel sweeps a slider all the while, from
    before the notebook runs until the last press."""
    relative = path.relative_to(root).as_posix()
    page = browser.open(relative, "Notebook")
    sweep = None
    try:
        if competitor is not None:
            competitor.start()
        page.evaluate(CANVAS_JS)
        state = run_all_and_settle(page, timeout_s=300 if competitor else 150)
        if not state["settled"]:
            raise RuntimeError(f"{relative} did not settle")
        kernel_exec(page, INSTRUMENT)
        started, ended = set(), set()  # sliders whose first press began / ended

        def before(info):  # the kernel's count of refreshes around each slider's first press
            if info["index"] not in started:
                started.add(info["index"])
                kernel_exec(page, '_MARKS.append([len(_BENCH["refresh"])])')

        def after(info, elapsed):
            if info["index"] not in ended:
                ended.add(info["index"])
                kernel_exec(page, '_MARKS[-1].append(len(_BENCH["refresh"]))')

        live = time_sliders(page, presses, lambda info: not info["interact"],
                            before_press=before, after_press=after)  # fmt: skip
        breakdown = json.loads(kernel_exec(
            page, 'print(_json.dumps(dict(_BENCH, marks=_MARKS, helpers=_hw.__file__)))'))
        if competitor is not None:
            sweep = competitor.stop()
            competitor = None
        if not naive:
            return {"notebook": path.stem, "live": live, "naive": [], "kernel": breakdown,
                    "sweep": sweep,
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
        if competitor is not None:
            competitor.stop()
        page.close()
        browser.server.shutdown_kernels()
    return {"notebook": path.stem, "live": live, "naive": naive, "kernel": breakdown,
            "sweep": sweep, "errors": errors}  # fmt: skip


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


#: Goals of issue 20, in ms: every press (first included) median and p95 on a quiet machine;
#: later presses' median; every press's p95 with a competing kernel.
GOALS = {"median": 50, "p95": 100, "later": 33, "competing_p95": 150}


def _presses(result, part: str) -> list[float]:
    """``part`` of the presses of a notebook's LiveFigure sliders: first, later or all."""
    out = []
    for s in result["live"]:
        first = s.get("first")
        if part == "first":
            out += [first] if first is not None else []
        elif part == "later":
            out += s.get("later", s["times"])
        else:
            out += s["times"]
    return out


def _mp(times) -> str:
    """``median / p95`` of ``times`` in whole ms, or – when there are none."""
    return f"{ms(statistics.median(times))} / {ms(percentile(times, 0.95))}" if times else "–"


def _first(record) -> str:
    return ms(record["first"]) if record and record.get("first") is not None else "–"


def _rate(result) -> str:
    """The competing kernel's frames per second during ``result``'s run."""
    sweep = (result or {}).get("sweep")
    return f"{sweep['presses'] / sweep['seconds']:.0f}" if sweep else "–"


def _load(result) -> str:
    """The 1-minute load average when ``result``'s notebook run started."""
    return (result or {}).get("load", "–").split(" / ")[0]


def _by_notebook(run) -> dict:
    return {r["notebook"]: r for r in (run or {}).get("results", [])}


def _pooled(run, part: str) -> list[float]:
    return [t for r in (run or {}).get("results", []) for t in _presses(r, part)]


def _kernel_parts(result) -> dict:
    """Kernel medians (ms): refresh of each slider's first press, and refresh/redraw/png of all."""
    k = result.get("kernel") or {}
    refresh = k.get("refresh", [])
    first = [refresh[i] for mark in k.get("marks", []) if len(mark) == 2
             for i in range(mark[0], mark[1])]  # fmt: skip
    firsts = {i for mark in k.get("marks", []) if len(mark) == 2 for i in range(*mark)}
    later = [t for i, t in enumerate(refresh) if i not in firsts]
    med = lambda xs: statistics.median(xs) if xs else float("nan")  # noqa: E731
    return {"first": med(first), "later": med(later), "redraw": med(k.get("redraw", [])),
            "png": med(k.get("png", []))}  # fmt: skip


def _met(quiet, competing) -> str:
    everything, later = quiet["all"], quiet["later"]
    if not everything:
        return "–"
    misses = []
    if statistics.median(everything) > GOALS["median"]:
        misses.append("median")
    if percentile(everything, 0.95) > GOALS["p95"]:
        misses.append("p95")
    if later and statistics.median(later) > GOALS["later"]:
        misses.append("later median")
    if competing and percentile(competing, 0.95) > GOALS["competing_p95"]:
        misses.append("competing p95")
    return "yes" if not misses else "**no**: " + ", ".join(misses)


def report(after: dict, before: dict | None = None) -> str:
    """The README section: this run (``after``) and, if given, a run to compare (``before``).

    Each run is ``{"meta": ..., "results": [...], "competing": [...] or None}`` as ``--json``
    saves it.
    """
    meta, presses = after["meta"], after["meta"]["presses"]
    bmeta = (before or {}).get("meta", {})
    quiet_b, comp_b = _by_notebook(before), _by_notebook({"results": (before or {}).get(
        "competing") or []})  # fmt: skip
    comp_a = _by_notebook({"results": after.get("competing") or []})
    lines = [
        "## Slider latency",
        "",
        f"Measured {meta['date']} with `benchmarks/bench_sliders.py` ({presses} key presses per "
        "slider, each after the previous update landed, every slider of every notebook right "
        "after *Restart and Run All*): the time from the `keydown` event in the page to the "
        "first animation frame in which the figure looks different, taken inside the page. "
        "Browser, JupyterLab server (with `tools/jupyter_server_config.py`) and kernel all on "
        f"this machine: {meta['cpu']}, {meta['cores']} cores. {meta['versions']}.",
        "",
        f"*After* is {meta['label']}; *before* is {bmeta.get('label', '–')}, measured "
        f"{bmeta.get('date', '–')} in the same way. Load average (1 / 5 / 15 min) at the start "
        f"and end of each run: after {meta['load_before']} → {meta['load_after']}; before "
        f"{bmeta.get('load_before', '–')} → {bmeta.get('load_after', '–')}.",
        "",
        f"Goals: every press, the first of each slider included, median ≤ {GOALS['median']} ms "
        f"and p95 ≤ {GOALS['p95']} ms on a quiet machine; the later presses median ≤ "
        f"{GOALS['later']} ms (two frames at 60 Hz); with a competing kernel, p95 ≤ "
        f"{GOALS['competing_p95']} ms. *First* is each slider's first press after the notebook "
        "ran (one per slider), *later* the others. All numbers are median / p95 in ms; *load* "
        "is the 1-minute load average when the notebook's run started.",
        "",
        "### Quiet machine",
        "",
        "| notebook | sliders | first: before | first: after | later: before | later: after "
        "| all: before | all: after | goals met (after) | load: before / after |",
        "| --- | ---: | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in after["results"]:
        b = quiet_b.get(r["notebook"])
        first, later, every = (_presses(r, part) for part in ("first", "later", "all"))
        if not every:
            lines.append(f"| {r['notebook']} | 0 | | | | | | | | |")
            continue
        competing = _presses(comp_a[r["notebook"]], "all") if r["notebook"] in comp_a else []
        lines.append(
            f"| {r['notebook']} | {len(r['live'])} | {_mp(_presses(b, 'first') if b else [])} | "
            f"{_mp(first)} | {_mp(_presses(b, 'later') if b else [])} | {_mp(later)} | "
            f"{_mp(_presses(b, 'all') if b else [])} | {_mp(every)} | "
            f"{_met({'all': every, 'later': later}, competing)} | {_load(b)} / {_load(r)} |"
        )
    pooled = {part: _pooled(after, part) for part in ("first", "later", "all")}
    pooled_b = {part: _pooled(before, part) for part in ("first", "later", "all")}
    competing_all = _pooled({"results": after.get("competing") or []}, "all")
    lines.append(
        f"| **all** | {sum(len(r['live']) for r in after['results'])} | "
        f"{_mp(pooled_b['first'])} | **{_mp(pooled['first'])}** | {_mp(pooled_b['later'])} | "
        f"**{_mp(pooled['later'])}** | {_mp(pooled_b['all'])} | **{_mp(pooled['all'])}** | "
        f"{_met(pooled, competing_all)} | |"
    )
    if after.get("competing"):
        sweep = after["meta"].get("competitor", "")
        lines += [
            "",
            "### With a competing kernel",
            "",
            f"A second kernel on the same machine (`{sweep}`, see `Competitor` in the script) "
            "moves a slider of its own figure one step after another without a pause, from "
            "before the notebook runs until the last press: it redraws, encodes and sends a "
            "frame after frame, keeping about one of the two cores busy, like a neighbour "
            "dragging a slider on a shared JupyterHub node. *Sweep* is its pace (frames per "
            "second) during the run.",
            "",
            "| notebook | first: before | first: after | later: before | later: after "
            "| all: before | all: after | sweep before / after (frames/s) | p95 ≤ 150 ms (after) "
            "| load: before / after |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in after["competing"]:
            b = comp_b.get(r["notebook"])
            every = _presses(r, "all")
            if not every:
                continue
            ok = "yes" if percentile(every, 0.95) <= GOALS["competing_p95"] else "**no**"
            lines.append(
                f"| {r['notebook']} | {_mp(_presses(b, 'first') if b else [])} | "
                f"{_mp(_presses(r, 'first'))} | {_mp(_presses(b, 'later') if b else [])} | "
                f"{_mp(_presses(r, 'later'))} | {_mp(_presses(b, 'all') if b else [])} | "
                f"{_mp(every)} | {_rate(b)} / {_rate(r)} | {ok} | {_load(b)} / {_load(r)} |"
            )
        comp_pooled_b = {p: _pooled({"results": (before or {}).get("competing") or []}, p)
                         for p in ("first", "later", "all")}  # fmt: skip
        comp_pooled = {p: _pooled({"results": after["competing"]}, p)
                       for p in ("first", "later", "all")}  # fmt: skip
        ok = ("yes" if competing_all and percentile(competing_all, 0.95) <= GOALS["competing_p95"]
              else "**no**")  # fmt: skip
        lines.append(
            f"| **all** | {_mp(comp_pooled_b['first'])} | **{_mp(comp_pooled['first'])}** | "
            f"{_mp(comp_pooled_b['later'])} | **{_mp(comp_pooled['later'])}** | "
            f"{_mp(comp_pooled_b['all'])} | **{_mp(comp_pooled['all'])}** | | {ok} | |"
        )
    lines += [
        "",
        "### Per slider",
        "",
        "First press in ms; later presses median / p95; misses are presses whose figure did "
        "not change within 3 s (not latency samples: a capped or quantised slider).",
        "",
        "| notebook | fig | slider | first: before | first: after | later: before "
        "| later: after | misses | competing, first: before / after | competing, later: after |",
        "| --- | --- | --- | ---: | ---: | --- | --- | ---: | --- | --- |",
    ]
    key = lambda s: (s["figure"], s["label"])  # noqa: E731
    for r in after["results"]:
        bs = {key(s): s for s in (quiet_b.get(r["notebook"]) or {"live": []})["live"]}
        cs = {key(s): s for s in (comp_a.get(r["notebook"]) or {"live": []})["live"]}
        cbs = {key(s): s for s in (comp_b.get(r["notebook"]) or {"live": []})["live"]}
        for s in r["live"]:
            b, c, cb = bs.get(key(s)), cs.get(key(s)), cbs.get(key(s))
            lines.append(
                f"| {r['notebook']} | {s['figure']} | {s['label']} | {_first(b)} | {_first(s)} | "
                f"{_mp(b.get('later', b['times'])) if b else '–'} | "
                f"{_mp(s.get('later', s['times']))} | {s['misses']} | {_first(cb)} / "
                f"{_first(c)} | {_mp(c.get('later', c['times'])) if c else '–'} |"
            )
    lines += [
        "",
        "### In the kernel",
        "",
        "Median ms per slider change, quiet runs: `refresh` is all of LiveFigure's work (the "
        "notebook's `update`, drawing, encoding and sending), for each slider's first press and "
        "for the others; `redraw` the in-place redraw and `png` encoding the frame and handing "
        "it to the `ipywidgets.Image`, over all presses.",
        "",
        "| notebook | refresh, first: before / after | refresh, later: before / after "
        "| redraw: before / after | png: before / after |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in after["results"]:
        a = _kernel_parts(r)
        b = _kernel_parts(quiet_b[r["notebook"]]) if r["notebook"] in quiet_b else {}
        cells = [f"{ms(b.get(part, float('nan')))} / {ms(a[part])}"
                 for part in ("first", "later", "redraw", "png")]  # fmt: skip
        lines.append(f"| {r['notebook']} | " + " | ".join(cells) + " |")
    lines += ["", FINDINGS.strip().replace("{summary}", _summary(after, before)), ""]
    return "\n".join(lines)


#: This round's findings (issue 20), under the tables; ``{summary}`` is computed from the run.
FINDINGS = """
### Findings: the first press, and the kernel's work per press (issue 20)

**Result of this run.** {summary}

**How the runs were made, and what they can be compared with** (2026-12-06). Both runs on this
machine with 8 presses per slider, *after* first (21:34–21:41), *before* right after it
(21:41–21:50). During *after* only the benchmark ran (load 0.2–2.7). During *before* another
session started work on the machine from about notebook 05 on (a second Chromium in `top`; load
4–6 for 06–08): *before*'s 06–08 rows are inflated by it, and 01–05 are the fair comparison
(load 1.7–4.3 against 0.3–2.2): there, first presses 94 / 198 → 47 / 71 ms, later presses
65 / 93 → 47 / 74 ms, every press 67 / 111 → 47 / 74 ms. The kernel's work per press
(`refresh`) on this machine is about twice what the 2026-11-29 round measured for the same code
(below: 25 ms median after, 45 ms before, against 17–29 ms then), so the earlier round's
absolute numbers (41 / 64 ms pooled) are not comparable with these.

**The gap to the goals.** The p95 goals are met (every press 88 ms ≤ 100; with the competing
kernel 111 ms ≤ 150), the medians are not: every press 52 ms (goal 50), later presses 52 ms
(goal 33). Per press, in the median: the kernel's work, 25 ms (`refresh`; 06: 52 ms), of which
the in-place redraw is most (texts, see below) and the PNG 3–5 ms; the rest, ~25 ms, is the path
outside the kernel (key → kernel ~8–10 ms, kernel → page ~5 ms, decoding and the next animation
frame ~10 ms: `bench_message_path.py`'s split below) and the page's 60 Hz frames, which round a
press up to the next 16.7 ms. A 33 ms median needs the kernel's part under ~10 ms on this
machine; the first press is no longer slower than the others.

**Where the first press's extra time went.** In the kernel. `benchmarks/bench_first_press.py`
presses every slider of every figure builder 8 times in a plain Python process, as the arrow
keys do, and times each press (medians over all sliders; CPU time of the process, which a busy
machine inflates far less than the wall clock; both runs at load average 6–8):

| helpers | first press of a figure: CPU (wall) | later presses: CPU (wall) | first / later (CPU) |
| --- | ---: | ---: | ---: |
| before (main, 305024c) | 60.7 ms (181 ms) | 17.7 ms (50 ms) | 3.4× |
| after (this branch) | 18.0 ms (49 ms) | 15.1 ms (37 ms) | 1.2× |

Per slider, against its own second press (one more step, nearly the same values): the first
press of a figure's first slider took 2.95× as long before (median CPU; up to 5.4×), 1.03×
after (up to 1.6×, 08's θ0, whose status line changes its wording at the first move). The
1.2× left between the first and the later presses in the table above comes from the values,
not from the first press: some sliders start where their figure costs more (03's separation
refits its model near the default: 44 ms CPU for the first two presses, 10 ms further on).

Before, the first change of a figure drew the whole figure once more without its moving
artists, to keep as the background of the in-place redraw (112 ms of that press's 144 ms of
redraw, wall clock at this load), and then chose a new palette for the frame's PNG; the
figure's other sliders reused that background, which is why the first press of a *figure*
was the slow one (up to 121 ms CPU for 06's figures). Outside the kernel a first press costs
no more than a later one: `bench_message_path.py`'s split of notebook 06 (after, load ~8, 4
presses per slider) gave key → kernel 9.7 / 8.0 ms, kernel → page 4.7 / 6.0 ms and page →
shown 8.0 / 12.9 ms for the first / later presses.

**What changed.**

1. *The background is made when the figure is built* (`helpers/redraw.py`, `LiveFigure`).
   After the first draw, `update` runs once more with the same values;
   `InPlaceRedraw.touched_by` collects the artists it marks as changed (every text is first
   set to a placeholder, since `set_text` with an unchanged string marks nothing) and
   `InPlaceRedraw.prime` draws the background without them right away, with a prediction's
   hidden answer laid out as if shown. The palette is chosen from the picture with the hidden
   answer shown, so the first move, which reveals it, needs no new one. An artist that
   `update` changes only for some values (shown, hidden) still makes a new background the
   first time it changes, as before. `tests/test_live_redraw.py` checks, for every figure
   builder, that no slider's first step draws a new background or chooses a new palette, and
   that the picture still equals a full draw after every move.
2. *A cheaper encoder* (`helpers/png.py`, `PaletteEncoder`). Each frame is written from the
   previous one: only the changed pixels are mapped onto the palette, and only the bands of 16
   rows that hold one are compressed again (zlib level 1, run-length matching; the bands end
   with a sync flush and are joined into one zlib stream). A frame identical to the previous
   one gives back the same bytes object, and the `ipywidgets.Image` then sends nothing. The
   decoded pixels are those of mapping the whole frame onto the palette (`tests/test_png.py`).
   CPU time per frame, 20 successive frames, old and new encoder interleaved (load 7): 06's
   θ 7.0 → 2.2 ms (47 → 43 KB), 04's coins 5.9 → 2.2 ms (29 → 30 KB); over all builders the
   PNG part of a press fell from 21.4 to 6.1 ms (median, wall clock at load 7).
3. *01's halving figure* draws its grid image above the axis in z-order (0.6 > 0.5), so a new
   frame no longer redraws the axis and its tick labels (the full draw is pixel-identical).

**What remains in the kernel** (per press): texts whose numbers change. Matplotlib 3.11 lays
out every new line twice, once for its size (`FT2Font.set_text`) and once to draw it
(`FT2Font._layout`), 1–2 ms each for a short caption line on a free core, and a slider changes
2–5 such lines: about half of a press's redraw. Then the halving figure's image, resampled to
the axes' size on every frame; the notebooks' own numbers (06's σ and s recompute KL and JS
over 401 θ by quadrature, 05's duality slider solves linear programs). On a 2-core machine
shared with a second busy kernel, every part waits for a core.
"""


def _summary(after: dict, before: dict | None) -> str:
    """One paragraph on this run against the goals, from the numbers in the tables."""
    pooled = {part: _pooled(after, part) for part in ("first", "later", "all")}
    if not pooled["all"]:
        return "no slider was timed."
    comp = _pooled({"results": after.get("competing") or []}, "all")
    goals = [
        ("every press median", statistics.median(pooled["all"]), GOALS["median"]),
        ("every press p95", percentile(pooled["all"], 0.95), GOALS["p95"]),
        ("first presses median", statistics.median(pooled["first"]), GOALS["median"]),
        ("first presses p95", percentile(pooled["first"], 0.95), GOALS["p95"]),
        ("later presses median", statistics.median(pooled["later"]), GOALS["later"]),
    ]
    if comp:
        goals.append(("p95 with a competing kernel", percentile(comp, 0.95),
                      GOALS["competing_p95"]))  # fmt: skip
    met = [f"{name} {ms(value)} ms (goal ≤ {goal})" for name, value, goal in goals
           if value <= goal]  # fmt: skip
    missed = [f"{name} {ms(value)} ms (goal ≤ {goal})" for name, value, goal in goals
              if value > goal]  # fmt: skip
    text = "Pooled over all notebooks, after: " + "; ".join(met or ["no goal met"]) + "."
    if missed:
        text += " Missed: " + "; ".join(missed) + "."
    first_b = _pooled(before, "first")
    if first_b:
        text += (f" Before, the first presses took {_mp(first_b)} ms and the later ones "
                 f"{_mp(_pooled(before, 'later'))} ms.")  # fmt: skip
    return text


def write_readme(text: str) -> None:
    content = README.read_text(encoding="utf-8")
    start, end = content.index(BEGIN), content.index(END)
    README.write_text(content[: start + len(BEGIN)] + "\n" + text + "\n" + content[end:],
                      encoding="utf-8")  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=20,
                        help="key presses per slider (the first of each is reported apart)")
    parser.add_argument("-k", default="", help="only notebooks whose name contains this")
    parser.add_argument("--no-write", action="store_true", help="do not touch README.md")
    parser.add_argument("--json", type=Path, help="also save the raw timings here")
    parser.add_argument("--compare", type=Path,
                        help="a run saved with --json, shown as *before* beside this one")
    parser.add_argument("--render", type=Path,
                        help="do not measure: render the README section from this saved run")
    parser.add_argument("--label", default="this checkout's helpers",
                        help="what this run measures, for the README")
    parser.add_argument("--naive", action="store_true",
                        help="also time the naive figures (ipywidgets.interact, rebuilt on "
                             "every change)")
    parser.add_argument("--no-competing", action="store_true",
                        help="skip the scenario with a competing kernel")
    parser.add_argument("--competitor", default="showdown.showdown_figure:theta",
                        help="the competing kernel's figure and slider, module.function:control "
                             "of helpers.figures")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="a checkout (or scratch copy) whose notebooks/ to time")
    parser.add_argument("--helpers", type=Path,
                        help="put this directory first on the kernels' PYTHONPATH, to time the "
                             "helpers package it holds (e.g. an older commit's, A/B)")
    args = parser.parse_args(argv)
    before = json.loads(args.compare.read_text()) if args.compare else None
    if args.render:
        text = report(json.loads(args.render.read_text()), before)
        print(text)
        if not args.no_write:
            write_readme(text)
        return 0
    if not chromium_available():
        print("Chromium not found at /usr/bin/chromium: apt-get install chromium", file=sys.stderr)
        return 2
    root = args.root.resolve()
    notebooks = [p for p in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
                 if args.k in p.name]  # fmt: skip
    load_before = " / ".join(f"{x:.1f}" for x in machine()["load"])
    results, competing = [], []
    extra_env = {"PYTHONPATH": str(args.helpers.resolve())} if args.helpers else {}
    with LabServer(root, extra_env=extra_env) as server:
        browser = Browser(server).start()
        try:
            chromium = browser.context.browser.version if browser.context.browser else "?"
            for path in notebooks:
                scenarios = [("quiet", None, results)]
                if not args.no_competing:
                    scenarios.append(("competing", Competitor(args.competitor, extra_env),
                                      competing))  # fmt: skip
                for name, competitor, out in scenarios:
                    if competitor is not None and not results[-1]["live"]:
                        continue  # no slider: nothing to time under load
                    load = " / ".join(f"{x:.1f}" for x in machine()["load"])
                    result = bench_notebook(browser, path, args.presses,
                                            args.naive and name == "quiet", root, competitor)
                    result["load"] = load
                    out.append(result)
                    print(f"{path.stem} ({name}, load {load}): first "
                          f"{_mp(_presses(result, 'first'))}, later "
                          f"{_mp(_presses(result, 'later'))}, all {_mp(_presses(result, 'all'))}"
                          f" | errors {result['errors']} | helpers "
                          f"{(result['kernel'] or {}).get('helpers')}", flush=True)  # fmt: skip
        finally:
            browser.stop()
    info = machine()
    meta = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "label": args.label,
        "presses": args.presses,
        "competitor": args.competitor,
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
    run = {"meta": meta, "results": results, "competing": competing or None}
    if args.json:
        args.json.write_text(json.dumps(run, indent=1))
    text = report(run, before)
    print(text)
    if not args.no_write:
        write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
