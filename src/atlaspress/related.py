"""Related posts: shared series and tags, similar text, and nearness on the globe.

Scoring every pair of posts costs n²; instead each post gathers a bounded set of
*candidates* — posts sharing one of its most distinctive words (inverted index over
TF-IDF weights, ignoring words common to many posts), one of its rarer tags, its series
neighbours, or a grid cell near it — and only those are scored. The cost grows with n
times the candidate count, which is capped, so it stays near-linear (see
``benchmarks/related.py``). Everything is deterministic: ties break on the slug.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    """the and for that with this from were was are has have had its into their which
    they been than when also but not all one two more most some such over only other
    after before about between under while where there these those would could should
    what who whom whose them then very can may did does any each both many much own
    same our out off per via""".split()
)

TOP_TERMS = 12  # distinctive words per post used to find candidates
MAX_POSTING = 100  # a word shared by more posts than this says little about relatedness
GRID_DEG = 5.0  # geographic candidates: the post's cell and its neighbours
MAX_CANDIDATES = 64

WEIGHTS = {"series": 2.0, "tag": 1.0, "text": 3.0, "near": 1.5}


@dataclass(frozen=True)
class Doc:
    """What the ranking needs to know about one post."""

    slug: str
    text: str
    tags: tuple[str, ...]
    series: str | None
    lon: float
    lat: float


def tokens(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP]


def _vectors(docs: Sequence[Doc]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf)."""
    counts = [Counter(tokens(d.text)) for d in docs]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(docs)
    vectors = []
    for c in counts:
        v = {t: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    return vectors


def _haversine_km(a: Doc, b: Doc) -> float:
    rad = math.pi / 180
    dlat = (b.lat - a.lat) * rad
    dlon = (b.lon - a.lon) * rad
    h = math.sin(dlat / 2) ** 2 + math.cos(a.lat * rad) * math.cos(b.lat * rad) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _cell(doc: Doc) -> tuple[int, int]:
    return (int((doc.lon + 180) // GRID_DEG), int((doc.lat + 90) // GRID_DEG))


def related_posts(docs: Sequence[Doc], limit: int = 4) -> dict[str, tuple[str, ...]]:
    """For each post, the ``limit`` best other posts, best first."""
    n = len(docs)
    vectors = _vectors(docs)
    top_terms = [sorted(v, key=lambda t: (-v[t], t))[:TOP_TERMS] for v in vectors]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, terms in enumerate(top_terms):
        for t in terms:
            postings[t].append(i)
    by_tag: dict[str, list[int]] = defaultdict(list)
    by_series: dict[str, list[int]] = defaultdict(list)
    by_cell: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for tag in d.tags:
            by_tag[tag].append(i)
        if d.series:
            by_series[d.series].append(i)
        by_cell[_cell(d)].append(i)
    cols = int(360 // GRID_DEG)

    result: dict[str, tuple[str, ...]] = {}
    for i, doc in enumerate(docs):
        candidates: set[int] = set()

        def take(pool: list[int], candidates: set[int] = candidates) -> None:
            for j in pool[:MAX_POSTING]:
                if len(candidates) >= MAX_CANDIDATES:
                    return
                candidates.add(j)

        cx, cy = _cell(doc)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                take(by_cell.get(((cx + dx) % cols, cy + dy), []))
        for t in top_terms[i]:
            if len(postings[t]) <= MAX_POSTING:
                take(postings[t])
        for tag in sorted(doc.tags, key=lambda t: len(by_tag[t])):
            take(by_tag[tag])
        if doc.series:
            members = by_series[doc.series]
            position = members.index(i)
            take(members[max(0, position - 10) : position + 11])
        if len(candidates) < limit + 1 and n <= MAX_CANDIDATES:
            candidates.update(range(n))
        candidates.discard(i)

        scored = []
        tags = set(doc.tags)
        for j in candidates:
            other = docs[j]
            score = 0.0
            if doc.series and other.series == doc.series:
                score += WEIGHTS["series"]
            score += WEIGHTS["tag"] * len(tags.intersection(other.tags))
            vi, vj = vectors[i], vectors[j]
            small, large = (vi, vj) if len(vi) <= len(vj) else (vj, vi)
            score += WEIGHTS["text"] * sum(x * large.get(t, 0.0) for t, x in small.items())
            score += WEIGHTS["near"] / (1.0 + _haversine_km(doc, other) / 1000.0)
            scored.append((-round(score, 9), other.slug))
        scored.sort()
        result[doc.slug] = tuple(slug for _, slug in scored[:limit])
    return result
