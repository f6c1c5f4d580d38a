"""What a full Pagefind index of the post pages costs: the price of a build in which a post changed.

Usage::

    python benchmarks/search.py SITE/public [--copies 10] [--repeats 3]

Reads every ``places/*/index.html`` of a built site and indexes them with
:func:`atlaspress.output.search.search_files` (Pagefind, through its Python API, as a build does).
``--copies K`` indexes K renamed copies of each page (``places/<slug>-k/``), to price a site
K times larger with the same kind of prose: ``--copies 10`` on a 1,000-post site stands for
10,000 posts. Prints the median seconds, per page, and the index's size.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("public", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from atlaspress.core.config import SiteConfig
    from atlaspress.output.search import search_files

    pages = {p.relative_to(args.public).as_posix(): p.read_bytes()
             for p in sorted(args.public.glob("places/*/index.html"))}
    if args.copies > 1:
        pages = {name.replace("/index.html", f"-{k}/index.html"): data
                 for k in range(args.copies) for name, data in pages.items()}
    config = SiteConfig(title="Bench", base_url="https://bench.example/")  # type: ignore[arg-type]
    times, index = [], {}
    for _ in range(args.repeats):
        started = time.perf_counter()
        index = search_files(pages, config)
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    size = sum(len(v) for v in index.values())
    print(f"{len(pages):,} pages: {seconds:.2f} s ({seconds / len(pages) * 1000:.1f} ms a page), "
          f"{len(index)} index files, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
