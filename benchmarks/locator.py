"""Locator benchmark: per-locator time (data loaded) and SVG size for the demo-like cases.

    .venv/bin/python benchmarks/locator.py [--repeat N]

Prints one line per case and a summary; the budget is ≤ 50 ms per locator (both
variants: the 640×400 wide map and the 360×300 compact one share one projection)
and ≤ 40 KB per SVG. "cold globe" clears the inset-globe cache before each draw
(a post whose globe no earlier post shared); "warm" is a rebuild. Times are CPU
time (process_time): on a shared machine wall time also counts other processes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.geo_cases import DEMO_SPECS  # noqa: E402

from atlaspress.geo import atlas, cities, globe  # noqa: E402
from atlaspress.maps.locator import build_locator, cache_key, render_thumbnail  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    t0 = time.perf_counter()
    for res in atlas.RESOLUTIONS:
        atlas.load_atlas(res)
    cities.load_cities()
    globe._pieces()
    print(f"data load (warm disk cache): {(time.perf_counter() - t0) * 1000:.0f} ms")

    worst_ms = worst_kb = 0.0
    print(
        f"{'case':10s} {'cold cpu':>10s} {'warm cpu':>8s} {'wall':>7s}   "
        f"{'wide':>7s} {'compact':>8s}   thumbnail"
    )
    for name, spec in DEMO_SPECS.items():
        key = cache_key(spec)
        build_locator(spec, key)  # first draw: per-process lookups (trees, transformers)
        times, cpu, cold = [], [], []
        for _ in range(args.repeat):
            globe.globe_base.cache_clear()
            globe.globe_paths.cache_clear()
            c = time.process_time()
            build_locator(spec, key)
            cold.append((time.process_time() - c) * 1000)
            t, c = time.perf_counter(), time.process_time()
            loc = build_locator(spec, key)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        ms, cms, cold_ms = (statistics.median(x) for x in (times, cpu, cold))
        kb = len(loc.svg.encode()) / 1024
        kbc = len(loc.svg_compact.encode()) / 1024
        t = time.perf_counter()
        thumb = render_thumbnail(spec)
        tms = (time.perf_counter() - t) * 1000
        worst_ms, worst_kb = max(worst_ms, cold_ms), max(worst_kb, kb, kbc)
        print(
            f"{name:10s} {cold_ms:7.1f} ms {cms:5.1f} ms {ms:4.1f} ms   {kb:4.1f} KB {kbc:5.1f} KB"
            f"   {tms:4.1f} ms {len(thumb) / 1024:3.1f} KB"
        )
    print(
        f"worst: {worst_ms:.1f} ms (cold globe, CPU, median of {args.repeat}, both variants), "
        f"{worst_kb:.1f} KB per SVG (budget 50 ms, 40 KB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
