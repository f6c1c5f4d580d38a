"""What the search index costs: a full index, and the re-index after one post changed.

Usage::

    python benchmarks/search.py SITE/public [--copies 10] [--repeats 3] [--full-repeats 1] [--skip-single]

Reads every ``places/*/index.html`` of a built site. ``--copies K`` indexes K renamed copies
of each page (``places/<slug>-k/``), to price a site K times larger with the same kind of
prose: ``--copies 10`` on a 1,000-post site stands for 10,000 posts. It prices, as a build
does (Pagefind through :mod:`atlaspress.output.pagefind`, as :mod:`atlaspress.output.search` calls it):

* ``single, whole pages`` — one index of every page as rendered (the index before shards);
* ``single, lighter`` — the same index made from :func:`atlaspress.output.shards.strip`'s
  copies (checked to be byte-identical to the one above);
* ``shards, full`` — every shard indexed (a cold build: :func:`search_outputs` with nothing
  kept or cached);
* ``shards, one page changed`` — a page edited (a word added) after a full build: only its
  shard is indexed; each repeat edits another page.

For each: the median wall-clock seconds, and the CPU seconds of this process plus Pagefind's
(``getrusage``: steadier than wall time on a shared machine).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Rendered:
    """What :func:`atlaspress.output.search.search_outputs` reads of a render."""

    files: dict[str, bytes]
    keys: dict[str, str]
    searchable: list[str] = field(default_factory=list)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # Pagefind, once it has exited
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(label: str, repeats: int, run: Callable[[int], Any]) -> Any:
    walls, cpus, result = [], [], None
    for i in range(repeats):
        started, cpu = time.perf_counter(), _cpu()
        result = run(i)
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
    print(f"  {label:<26} {statistics.median(walls):7.2f} s wall  {statistics.median(cpus):7.2f} s CPU"
          f"  (runs: {', '.join(f'{w:.2f}' for w in walls)})", flush=True)
    return result


def first_search(index: dict[str, bytes]) -> str:
    """What a reader's first search fetches before any word: each index's entry and meta files,
    and what one word costs: about one index chunk of each index."""
    start = [data for name, data in index.items() if name.endswith(("pagefind-entry.json", ".pf_meta"))]
    chunks = [data for name, data in index.items() if name.endswith(".pf_index")]
    indexes = sum(name.endswith("pagefind-entry.json") for name in index)
    return (f"first search: {len(start)} requests, {sum(map(len, start)) / 1e3:.0f} kB; a word: ~{indexes} chunks "
            f"of {sum(map(len, chunks)) / max(1, len(chunks)) / 1e3:.1f} kB on average")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("public", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="one-page re-indexes")
    parser.add_argument("--full-repeats", type=int, default=1, help="full indexes")
    parser.add_argument("--skip-single", action="store_true", help="price the sharded index only")
    args = parser.parse_args()

    from atlaspress.core.config import SiteConfig
    from atlaspress.core.store import Store
    from atlaspress.output import search
    from atlaspress.output.shards import strip

    pages = {p.relative_to(args.public).as_posix(): p.read_bytes()
             for p in sorted(args.public.glob("places/*/index.html"))}
    if args.copies > 1:
        pages = {name.replace("/index.html", f"-{k}/index.html"): data
                 for k in range(args.copies) for name, data in pages.items()}
    config = SiteConfig(title="Bench", base_url="https://bench.example/")  # type: ignore[arg-type]
    started = time.perf_counter()
    lighter = sum(len(strip(data)) for data in set(pages.values())) * len(pages) / len(set(pages.values()))
    strip_ms = (time.perf_counter() - started) / len(set(pages.values())) * 1000
    whole = sum(len(data) for data in pages.values())
    plan = search.plan_shards(sorted(pages), dict.fromkeys(pages, "k"), config.language, search.pagefind_version())
    sizes = [len(shard.pages) for shard in plan]
    print(f"{len(pages):,} pages, {whole / 1e6:.0f} MB; lighter copies {lighter / 1e6:.0f} MB "
          f"({strip_ms:.2f} ms a page to make); {len(plan)} shards of {min(sizes)}–{max(sizes)} pages")

    if not args.skip_single:
        single = measure("single, whole pages", args.full_repeats,
                         lambda i: search.search_files(pages, config, lighter=False))
        light = measure("single, lighter", args.full_repeats, lambda i: search.search_files(pages, config))
        print(f"  {'':<26} same index: {single == light}; {len(single)} files, "
              f"{sum(map(len, single.values())) / 1e6:.1f} MB; {first_search(single)}")

    keys = {name: hashlib.sha256(data).hexdigest() for name, data in pages.items()}
    rendered = Rendered(pages, keys, sorted(pages))
    full = measure("shards, full", args.full_repeats,
                   lambda i: search.search_outputs(rendered, config, None, Store(None), None))
    previous = dict(full.keys)
    print(f"  {'':<26} {len(full.files)} files, {sum(map(len, full.files.values())) / 1e6:.1f} MB; "
          f"{first_search(full.files)}")
    current = dict(pages)
    edited = sorted(pages)[:: max(1, len(pages) // max(1, args.repeats))]

    def one_change(i: int) -> Any:
        name = edited[i % len(edited)]
        current[name] = current[name].replace(b"</article>", f"<p>benchmarkword{i}</p></article>".encode(), 1)
        keys[name] = hashlib.sha256(current[name]).hexdigest()
        out = search.search_outputs(Rendered({name: current[name]}, keys, sorted(pages)), config, previous,
                                    Store(None), current.__getitem__)
        previous.update(out.keys)
        return out

    out = measure("shards, one page changed", args.repeats, one_change)
    print(f"  {'':<26} indexed {out.indexed}, {len(out.files)} files written")


if __name__ == "__main__":
    main()
