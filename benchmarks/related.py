"""Related-posts ranking cost as the site grows: should stay near-linear up to 10,000 posts.

Usage: python benchmarks/related.py [N ...]   (default: 1000 2500 5000 10000)

Prints, for each size, the seconds spent counting words (which a build keeps between builds,
so an edit counts one text) and ranking (which every change of a text pays, since IDF is
site-wide), and the ranking's microseconds per post; near-linear means the per-post figure
stays roughly flat while N grows tenfold.
"""

from __future__ import annotations

import random
import sys
import time

from atlaspress.site.related import Doc, related_posts, word_counts


def _word(i: int) -> str:
    """A made-up word of letters only (what :func:`~atlaspress.site.related.tokens` keeps)."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += chr(97 + r)
        if i == 0:
            return "wo" + letters


VOCABULARY = [_word(i) for i in range(5000)]
TAGS = [f"tag-{i}" for i in range(300)]


def make_docs(n: int, seed: int = 11) -> list[Doc]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        # Zipf-like word use so some words are common and most are rare, as in prose.
        words = [VOCABULARY[min(len(VOCABULARY) - 1, int(rng.paretovariate(1.1)) * 7 % len(VOCABULARY))]
                 for _ in range(300)]
        docs.append(Doc(slug=f"p{i:05d}", text=" ".join(words), tags=tuple(rng.sample(TAGS, 3)),
                        series=f"s{i % 40}", lon=rng.uniform(-180, 180), lat=rng.uniform(-60, 75)))
    return docs


def main(sizes: list[int]) -> None:
    print(f"{'posts':>7} {'counting':>8} {'ranking':>8} {'µs/post':>9}")
    for n in sizes:
        docs = make_docs(n)
        started = time.perf_counter()
        counts = [word_counts(d.text) for d in docs]  # what a build keeps between builds
        counted = time.perf_counter()
        related_posts(docs, counts=counts)
        seconds = time.perf_counter() - counted
        print(f"{n:>7} {counted - started:>8.2f} {seconds:>8.2f} {seconds / n * 1e6:>9.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 2500, 5000, 10000])
