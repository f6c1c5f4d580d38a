"""Cold enrichment benchmark: CPU per post of ``site.enrich._enrich_uncached`` (locator, social
card, thumbnail, facts and the detail basemap), in one process, geodata preloaded.

    .venv/bin/python benchmarks/enrich.py SITE_DIR [--posts N] [--profile] [--out DIR]

A cold build enriches each post once, so each post is measured once, in a fresh cache; one
extra post (the last found) is enriched first to pay the per-process set-up (trees,
transformers) that a worker pays once. Times are CPU time (process_time). ``--profile``
prints the heaviest calls; ``--out DIR`` (emptied first) keeps each post's enrichment, its card and the
cache (locators, detail basemaps), to compare two versions' outputs byte for byte.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from atlaspress.content.load import find_posts, load_site  # noqa: E402
from atlaspress.core.config import load_config  # noqa: E402
from atlaspress.core.errors import Report  # noqa: E402
from atlaspress.core.store import canonical  # noqa: E402
from atlaspress.site import enrich  # noqa: E402
from atlaspress.site.entry import enriched_to_data  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("site", type=Path)
    ap.add_argument("--posts", type=int, default=12)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    config = load_config(args.site)
    indexes = find_posts(args.site)
    content = load_site(args.site, config, Report(), indexes)
    posts = content.posts
    warm, measured = posts[-1], posts[: min(args.posts, len(posts) - 1)]
    title, view = config.title, config.point_of_view
    enrich._preload()
    with tempfile.TemporaryDirectory() as tmp:
        enrich._enrich_uncached((warm, title, Path(tmp), view, True))
    cache = Path(tempfile.mkdtemp(prefix="enrich-bench-"))
    if args.out:
        shutil.rmtree(args.out, ignore_errors=True)
        cache = args.out / "cache"
        cache.mkdir(parents=True)
    prof = cProfile.Profile() if args.profile else None
    times = []
    for post in measured:
        if prof:
            prof.enable()
        t = time.process_time()
        enriched = enrich._enrich_uncached((post, title, cache, view, True))
        times.append(time.process_time() - t)
        if prof:
            prof.disable()
        if isinstance(enriched, enrich.EnrichedPost):
            if args.out:
                (args.out / f"{post.slug}.json").write_bytes(canonical(enriched_to_data(enriched)))
                if enriched.locator and enriched.locator.card_png:
                    (args.out / f"{post.slug}.card.png").write_bytes(enriched.locator.card_png)
        else:
            print(enriched, file=sys.stderr)
    for post, t in zip(measured, times, strict=True):
        print(f"{post.slug:20s} {t * 1000:7.0f} ms")
    print(f"{len(times)} posts: {sum(times) / len(times) * 1000:.0f} ms CPU per post")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
