"""The kernel-free site's budgets: page weight and keypress-to-picture latency in Chromium.

Serves an already built site (``make site`` → ``build/site``; ``--build`` builds it first and
times the build) on 127.0.0.1, opens every notebook page in headless Debian Chromium (every
request outside the site blocked, as in ``tests/test_site.py``), waits until each figure has
fetched the pictures of its current slice, then for every slider presses an arrow key
``--presses`` times (bouncing between its ends). The time is taken inside the page, from the
``keydown`` event to the first animation frame in which the figure's ``<img>`` shows a new,
decoded picture.

Page weight: what the browser fetched when the page was opened and its figures had preloaded
(Resource Timing, a fresh browser context, so nothing is cached), and the largest the page can
grow to: that plus every frame reachable by moving the other controls of each figure. The same
two weights for every slide deck (``slides/*.html``: the page's figures plus reveal.js), without
key presses.

Usage::

    .venv/bin/python benchmarks/bench_site.py [--build] [--presses 20] [--site build/site]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.site_support import (  # noqa: E402
    READY_JS,
    SLIDERS_JS,
    SiteBrowser,
    SiteServer,
    load_builder,
    loaded,
    timed_press,
)

WEIGHT_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  let bytes = nav ? nav.encodedBodySize : 0;
  for (const e of performance.getEntriesByType('resource')) bytes += e.encodedBodySize;
  return bytes;
}"""


def percentile(values, q):
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def weights(page, site: Path, stem: str) -> dict:
    """MB fetched by the open page, and the most it can fetch: plus every frame not yet loaded."""
    weight = page.evaluate(WEIGHT_JS)
    frames_dir = site / "notebooks" / "frames" / stem
    all_frames = sum(f.stat().st_size for f in frames_dir.rglob("*.png"))
    preloaded = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/frames/'))"
        ".reduce((s, e) => s + e.encodedBodySize, 0)"
    )
    return {"opened_mb": round(weight / 1e6, 2),
            "max_mb": round((weight - preloaded + all_frames) / 1e6, 2)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--build", action="store_true", help="run the full build first")
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args(argv)
    if args.build:
        start = time.monotonic()
        builder = load_builder()
        builder.build("site", args.site, builder.FULL, jobs=2)
        print(f"build: {time.monotonic() - start:.1f} s")
    pages = sorted((args.site / "notebooks").glob("*.html"))
    rows, all_ms = [], []
    with SiteServer(args.site) as server, SiteBrowser(server.base) as browser:
        for path in pages:
            name = f"notebooks/{path.name}"
            page = browser.open(name)
            page.wait_for_function(READY_JS)
            loaded(page, 120_000)
            sizes = weights(page, args.site, path.stem)
            times = []
            sliders = page.evaluate(SLIDERS_JS)
            for info in sliders:
                direction = 1
                for _ in range(args.presses):
                    now = page.evaluate(SLIDERS_JS)[info["index"]]
                    if direction > 0 and now["value"] >= now["max"]:
                        direction = -1
                    elif direction < 0 and now["value"] <= 0:
                        direction = 1
                    ms = timed_press(page, info["index"],
                                     "ArrowRight" if direction > 0 else "ArrowLeft")
                    if ms is not None:
                        times.append(ms)
                    page.wait_for_timeout(30)
            page.close()
            all_ms += times
            rows.append({
                "page": name,
                "sliders": len(sliders),
                "presses": len(times),
                "median_ms": round(statistics.median(times), 1) if times else None,
                "p95_ms": round(percentile(times, 0.95), 1) if times else None,
                **sizes,
            })
            print(json.dumps(rows[-1]), flush=True)
        for path in sorted((args.site / "slides").glob("*.html")):
            name = f"slides/{path.name}"
            page = browser.open(name)
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            page.wait_for_function(READY_JS)
            loaded(page, 120_000)
            rows.append({"page": name, **weights(page, args.site, path.stem)})
            page.close()
            print(json.dumps(rows[-1]), flush=True)
        assert browser.outside == [], browser.outside[:5]
        assert browser.console == [], browser.console[:5]
    if all_ms:
        print(json.dumps({"all_presses": len(all_ms),
                          "median_ms": round(statistics.median(all_ms), 1),
                          "p95_ms": round(percentile(all_ms, 0.95), 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
