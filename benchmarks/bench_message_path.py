"""Where a slider press's time goes, from the key to the new picture on the page.

For the sliders of one notebook in JupyterLab (headless Chromium, the browser suite's
machinery), each press is split at four time stamps, all on this machine's wall clock:

* ``key → kernel``: the ``keydown`` in the page to the kernel starting LiveFigure's work;
* ``kernel``: LiveFigure's whole work for the change (update, in-place redraw, PNG, send);
* ``kernel → page``: the kernel done to the message with the picture arriving in the page
  (the websocket's ``message`` event, seen through JupyterLab's kernel connection);
* ``page → shown``: that message to the first animation frame showing the decoded picture
  (ipywidgets sets the ``<img>``'s source; Chromium decodes it and paints).

Also shown: how long the slider's ``echo_update``, which the kernel sends first, took to reach
the page. ``--nagle`` runs the server with jupyter_server's stock websocket connection instead
of the course's (``tools/jupyter_server_config.py``, which sets ``TCP_NODELAY``): the A/B
quoted in ``benchmarks/README.md``.

Usage::

    .venv/bin/python benchmarks/bench_message_path.py -k 06 --presses 12
    .venv/bin/python benchmarks/bench_message_path.py -k 06 --presses 12 --nagle
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_sliders import time_sliders  # noqa: E402 - the same presses as the latency run

from tests.browser_support import (  # noqa: E402
    Browser,
    LabServer,
    chromium_available,
    kernel_exec,
    run_all_and_settle,
)

STOCK = "jupyter_server.services.kernels.connection.channels.ZMQChannelsWebsocketConnection"

#: In the kernel: the wall-clock start and end of every LiveFigure change.
KERNEL = r"""
import time as _t, json as _json, helpers.widgets as _hw
_PATH = []
def _path_timed(live, change, _on_change=_hw.LiveFigure._on_change):
    start = _t.time() * 1000
    _on_change(live, change)
    _PATH.append((start, _t.time() * 1000))
for _lf in _hw.live_figures():
    for _c in _lf.controls.values():
        _c.unobserve_all("value")
        _c.observe(lambda change, _lf=_lf: _path_timed(_lf, change), names="value")
print(len(_hw.live_figures()))
"""

#: In the page: key presses, kernel messages received, and <img> sources set, wall clock.
PAGE = r"""() => {
  const now = () => performance.timeOrigin + performance.now();
  const p = (window.__path = { keys: [], msgs: [], srcs: [] });
  const kernel = window.__lt.panel.sessionContext.session.kernel;
  kernel.anyMessage.connect((_, a) => {
    if (a.direction !== 'recv') return;
    const c = a.msg.content || {};
    const method = c.data && c.data.method;
    if (method) p.msgs.push([now(), method, (a.msg.buffers || []).length]);
  });
  const seen = new MutationObserver((ms) => {
    for (const m of ms) if (m.attributeName === 'src') p.srcs.push(now());
  });
  document.querySelectorAll('.live-figure-view').forEach((img) =>
    seen.observe(img, { attributes: true }));
  document.addEventListener('keydown', () => p.keys.push(now()), { capture: true });
}"""

COLUMNS = ("total", "key → kernel", "kernel", "kernel → page", "page → shown",
           "echo in page (from kernel start)")


def measure(page, presses: int) -> dict[str, list[tuple]]:
    """Press every slider ``presses`` times (as bench_sliders.py does); the split of each press."""
    rows: dict[str, list[tuple]] = {}

    def reset(info):
        page.evaluate("() => Object.assign(window.__path, {keys: [], msgs: [], srcs: []})")
        kernel_exec(page, "_PATH.clear()")

    def split(info, total):
        p = page.evaluate("() => window.__path")
        spans = json.loads(kernel_exec(page, "print(_json.dumps(_PATH))"))
        pictures = [t for t, method, buffers in p["msgs"] if method == "update" and buffers]
        echoes = [t for t, method, _ in p["msgs"] if method == "echo_update"]
        if total is None or not (p["keys"] and spans and pictures and p["srcs"]):
            return  # no visible change (a capped or quantised slider): not a sample
        key_t, (start, end) = p["keys"][0], (spans[0][0], spans[-1][1])
        rows.setdefault(info["label"], []).append((
            total, start - key_t, end - start, pictures[0] - end, key_t + total - pictures[0],
            (echoes[0] - start) if echoes else float("nan"),
        ))  # fmt: skip

    time_sliders(page, presses, lambda info: True, before_press=reset, after_press=split)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="06", help="the notebook whose name contains this")
    parser.add_argument("--presses", type=int, default=12, help="key presses per slider")
    parser.add_argument("--nagle", action="store_true",
                        help="jupyter_server's stock connection (Nagle's algorithm on)")
    args = parser.parse_args(argv)
    if not chromium_available():
        print("Chromium not found at /usr/bin/chromium: apt-get install chromium", file=sys.stderr)
        return 2
    path = next(p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
                if args.k in p.name)  # fmt: skip
    extra = [f"--ServerApp.kernel_websocket_connection_class={STOCK}"] if args.nagle else []
    with LabServer(ROOT, extra_args=extra) as server:
        browser = Browser(server).start()
        try:
            page = browser.open(path.relative_to(ROOT).as_posix(), "Notebook")
            if not run_all_and_settle(page, timeout_s=150)["settled"]:
                raise RuntimeError(f"{path.name} did not settle")
            kernel_exec(page, KERNEL)
            page.evaluate(PAGE)
            rows = measure(page, args.presses)
        finally:
            browser.stop()
    print(f"{path.stem}, {'Nagle on (stock connection)' if args.nagle else 'TCP_NODELAY'}: "
          "median ms per press")  # fmt: skip
    print("| slider | presses | " + " | ".join(COLUMNS) + " |")
    print("| --- | --- |" + " --- |" * len(COLUMNS))
    everything = []
    for label, samples in rows.items():
        everything += samples
        medians = [statistics.median(c) for c in zip(*samples, strict=True)]
        print(f"| {label} | {len(samples)} | " + " | ".join(f"{m:.1f}" for m in medians) + " |")
    if everything:
        medians = [statistics.median(c) for c in zip(*everything, strict=True)]
        print(f"| **all** | {len(everything)} | "
              + " | ".join(f"{m:.1f}" for m in medians) + " |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
