"""Full-build benchmark: N synthetic place posts, pages per second and peak memory.

Usage: python benchmarks/build.py [N ...]   (default: 100 1000)

Each size is built in a fresh child process so peak memory (ru_maxrss) is that build's
own. Posts are generated deterministically (seeded), spread over the globe, with facts,
events, sources, tags and a small GeoJSON layer, so the figures reflect real pages.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """title = "Benchmark Atlas"
base_url = "https://bench.example/"
author = "Bench"

[series.borders]
title = "Borders"
description = "Synthetic posts."

[series.islands]
title = "Islands"
"""

WORDS = (
    "border zone island strait treaty river ceasefire enclave exclave customs checkpoint bridge "
    "ferry fishing claim survey boundary village harbour plateau desert valley"
).split()


def make_site(root: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    (root / "content" / "places").mkdir(parents=True)
    (root / "atlaspress.toml").write_text(CONFIG)
    for i in range(n):
        slug = f"place-{i:05d}"
        lat = round(rng.uniform(-60, 75), 4)
        lon = round(rng.uniform(-179, 179), 4)
        bundle = root / "content" / "places" / slug
        bundle.mkdir()
        words = lambda k: " ".join(rng.choice(WORDS) for _ in range(k))  # noqa: E731
        body = "\n\n".join(f"{words(60).capitalize()}." for _ in range(5))
        facts = "\n".join(f"  - claim: {words(8).capitalize()}\n    detail: |\n      {words(50)}." for _ in range(3))
        events = "\n".join(f"  - {{when: {2000 + k}, what: {words(6)}}}" for k in range(4))
        sources = "\n".join(
            f'  - {{title: "{words(5)}", publisher: Bench, year: {2010 + k}, url: "https://example.org/{slug}/{k}"}}'
            for k in range(3)
        )
        layer = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "zone"},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat]]],
                    },
                }
            ],
        }
        (bundle / "zone.geojson").write_text(json.dumps(layer))
        (bundle / "index.md").write_text(f"""---
title: Place {i}
subtitle: {words(6)}
date: {2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}
summary: {words(15)}.
place:
  name: Place {i}
  at: {lat}, {lon}
layers: [zone.geojson]
series: {"borders" if i % 2 else "islands"}
tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}-x]
facts:
{facts}
events:
{events}
sources:
{sources}
question: {words(8)}?
---
{body}
""")
    return root


def child(n: int) -> None:
    from atlaspress.app.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", n)
        started = time.perf_counter()
        result = build_site(site, Path(tmp) / "public")
        seconds = time.perf_counter() - started
        assert result.written and not result.report.errors, result.summary()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "posts": n,
                    "pages": result.pages,
                    "files": result.files,
                    "seconds": round(seconds, 2),
                    "pages_per_second": round(result.pages / seconds, 1),
                    "peak_rss_mb": round(peak_mb, 1),
                }
            )
        )


def main(sizes: list[int]) -> None:
    print(f"{'posts':>6} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], check=True, capture_output=True, text=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{row['posts']:>6} {row['pages']:>6} {row['seconds']:>8} "
            f"{row['pages_per_second']:>8} {row['peak_rss_mb']:>8}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [100, 1000])
