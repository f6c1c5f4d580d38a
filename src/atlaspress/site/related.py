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
from functools import lru_cache

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


@lru_cache(maxsize=65536)
def _counts(text: str) -> tuple[tuple[str, int], ...]:
    """Word counts of one text, kept per process: the dev server counts an unchanged post once."""
    return tuple(sorted(Counter(tokens(text)).items()))


def _vectors(docs: Sequence[Doc]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf)."""
    counts = [_counts(d.text) for d in docs]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(t for t, _ in c)
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + k)) + 1 for t, k in df.items()}
    vectors = []
    for c in counts:
        v = {t: (1 + math.log(k)) * idf[t] for t, k in c}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    return vectors


class _Sparse:
    """The vectors as numpy arrays (term ids and weights per post), for dot products of a post
    with all of its candidates at once."""

    def __init__(self, vectors: list[dict[str, float]]) -> None:
        import numpy as np

        vocab: dict[str, int] = {}
        self.ids = []
        self.weights = []
        for v in vectors:
            terms = sorted(v)
            self.ids.append(np.array([vocab.setdefault(t, len(vocab)) for t in terms], dtype=np.int64))
            self.weights.append(np.array([v[t] for t in terms], dtype=np.float64))
        self.dense = np.zeros(len(vocab) + 1, dtype=np.float64)

    def dots(self, i: int, others: list[int]) -> list[float]:
        """``vectors[i] · vectors[j]`` for each ``j`` in ``others``."""
        import numpy as np

        if not others:
            return []
        dense = self.dense
        dense[self.ids[i]] = self.weights[i]
        ids = np.concatenate([self.ids[j] for j in others])
        products = dense[ids] * np.concatenate([self.weights[j] for j in others])
        sizes = np.array([len(self.ids[j]) for j in others])
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        sums = np.zeros(len(others))
        nonempty = sizes > 0
        if products.size:
            sums[nonempty] = np.add.reduceat(products, starts[nonempty])
        dense[self.ids[i]] = 0.0
        return [float(x) for x in sums]


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
    sparse = _Sparse(vectors)
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
    position_in_series = {i: k for members in by_series.values() for k, i in enumerate(members)}

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
            position = position_in_series[i]
            take(members[max(0, position - 10) : position + 11])
        if len(candidates) < limit + 1 and n <= MAX_CANDIDATES:
            candidates.update(range(n))
        candidates.discard(i)

        scored = []
        tags = set(doc.tags)
        order = sorted(candidates)
        for j, text in zip(order, sparse.dots(i, order)):
            other = docs[j]
            score = 0.0
            if doc.series and other.series == doc.series:
                score += WEIGHTS["series"]
            score += WEIGHTS["tag"] * len(tags.intersection(other.tags))
            score += WEIGHTS["text"] * text
            score += WEIGHTS["near"] / (1.0 + _haversine_km(doc, other) / 1000.0)
            scored.append((-round(score, 9), other.slug))
        scored.sort()
        result[doc.slug] = tuple(slug for _, slug in scored[:limit])
    return result
