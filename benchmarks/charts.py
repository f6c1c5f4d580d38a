"""Chart benchmark: time per chart (both drawings, description and table) and bytes per drawing.

    .venv/bin/python benchmarks/charts.py [--repeat N]

One line per case: every chart type of the golden cases, the demo's Kaesong charts and
the Kuril data map. Budget: ≤ 30 KB per drawing (enforced by the code) and ≤ 50 ms per
chart. Times are CPU time (process_time), the median of N runs after one warm-up (the
Natural Earth data for the data maps is loaded by the warm-up).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.unit.maps.charts.cases import EVENTS, GOLDEN_CASES, chart, table  # noqa: E402

from atlaspress.maps.charts import chart_figure  # noqa: E402

DEMO = ROOT / "examples" / "demo" / "content" / "places"


def cases() -> dict[str, object]:
    out: dict[str, object] = {}
    for name, (spec, text) in GOLDEN_CASES.items():
        out[name] = lambda spec=spec, text=text: chart_figure(spec, table(text), events=EVENTS)
    kaesong = DEMO / "kaesong-industrial-zone"
    for key, file, kind, units in (("kaesong workers", "employment.csv", "line", "workers"),
                                   ("kaesong production", "production.csv", "column", "US$ million")):
        text = (kaesong / file).read_text(encoding="utf-8")
        spec = chart(type=kind, units=units, events=["2013-04", "2016-02-10"])
        out[key] = lambda spec=spec, text=text: chart_figure(spec, table(text), events=EVENTS)
    kuril = DEMO / "kuril-islands"
    features = json.loads((kuril / "claimed-islands.geojson").read_text(encoding="utf-8"))["features"]
    spec = chart(type="symbols", units="residents", join={"layer": "claimed", "by": "name"})
    text = (kuril / "residents-1945.csv").read_text(encoding="utf-8")
    out["kuril residents (map)"] = lambda: chart_figure(spec, table(text), features=features, place=(145.95, 44.15))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    rows = []
    for name, make in cases().items():
        fig = make()  # type: ignore[operator]
        times = []
        for _ in range(args.repeat):
            t = time.process_time()
            make()  # type: ignore[operator]
            times.append((time.process_time() - t) * 1000)
        wide, compact = len((fig.svg or "").encode()), len((fig.svg_compact or "").encode())
        rows.append((name, statistics.median(times), wide, compact))
        print(f"{name:24s} {statistics.median(times):7.1f} ms   wide {wide / 1024:5.1f} KB   "
              f"compact {compact / 1024:5.1f} KB")
    worst = max(rows, key=lambda r: r[1])
    biggest = max(max(r[2], r[3]) for r in rows)
    print(f"median {statistics.median(r[1] for r in rows):.1f} ms per chart, slowest {worst[0]} {worst[1]:.1f} ms; "
          f"largest drawing {biggest / 1024:.1f} KB (budget 30 KB)")
    return 0 if biggest <= 30 * 1024 else 1


if __name__ == "__main__":
    raise SystemExit(main())
