"""Locator benchmark: per-locator time (data loaded) and SVG size for the demo-like cases.

    .venv/bin/python benchmarks/locator.py [--repeat N]

Prints one line per case and a summary; the budget is ≤ 50 ms and ≤ 40 KB each.
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
from atlaspress.geo.locator import build_locator, cache_key, render_thumbnail  # noqa: E402


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
    for name, spec in DEMO_SPECS.items():
        key = cache_key(spec)
        build_locator(spec, key)  # first draw: per-process lookups (trees, transformers)
        times, cpu = [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            loc = build_locator(spec, key)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        ms = statistics.median(times)
        cms = statistics.median(cpu)
        kb = len(loc.svg.encode()) / 1024
        t = time.perf_counter()
        thumb = render_thumbnail(spec)
        tms = (time.perf_counter() - t) * 1000
        worst_ms, worst_kb = max(worst_ms, ms), max(worst_kb, kb)
        print(
            f"{name:10s} {ms:6.1f} ms wall {cms:6.1f} ms cpu  {kb:5.1f} KB   thumbnail {tms:5.1f} ms {len(thumb) / 1024:4.1f} KB"
        )
    print(
        f"worst: {worst_ms:.1f} ms wall (median of {args.repeat}), {worst_kb:.1f} KB (budget 50 ms, 40 KB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
