"""Related posts: shared series and tags, similar text, and nearness on the globe.

Scoring every pair of posts costs n²; instead each post gathers a bounded set of
*candidates* — posts sharing one of its most distinctive words (inverted index over
TF-IDF weights, ignoring words common to many posts), one of its rarer tags, its series
neighbours, or a grid cell near it — and only those are scored. The cost grows with n
times the candidate count, which is capped, so it stays near-linear (see
``benchmarks/related.py``). Everything is deterministic: ties break on the slug.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

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


Counts = tuple[tuple[str, ...], tuple[int, ...]]  # a text's words, sorted, and how often each occurs


@lru_cache(maxsize=65536)
def word_counts(text: str) -> Counts:
    """Word counts of one text, kept per process: the dev server counts an unchanged post once
    (``build`` keeps them on disk: :func:`atlaspress.site.link._word_counts`)."""
    pairs = sorted(Counter(tokens(text)).items())
    return tuple(t for t, _ in pairs), tuple(k for _, k in pairs)


def text_key(text: str) -> str:
    """The SHA-256 of a post's text: what the cached ranking is keyed by, instead of the text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class _Sparse:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) as numpy arrays — term ids
    (a term's id is its place in sorted order, which breaks ties) and weights per post — for
    dot products of a post with all of its candidates at once.

    Every post's words are laid end to end in one array, so the weights, norms and each
    post's heaviest words are a few array operations over the whole site; what remains per
    word is one dictionary lookup."""

    def __init__(self, counts: Sequence[Counts]) -> None:
        import numpy as np

        words = list(chain.from_iterable(terms for terms, _ in counts))
        vocab = {t: i for i, t in enumerate(sorted(set(words)))}
        ids = np.fromiter(map(vocab.__getitem__, words), dtype=np.int64, count=len(words))
        tf = np.fromiter(chain.from_iterable(k for _, k in counts), dtype=np.float64, count=len(words))
        sizes = np.fromiter((len(terms) for terms, _ in counts), dtype=np.int64, count=len(counts))
        ends = np.cumsum(sizes)
        starts = ends - sizes
        n = len(counts)
        df = np.bincount(ids, minlength=len(vocab)).astype(np.float64)
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        weights = (1.0 + np.log(tf)) * idf[ids]
        norms = np.zeros(n)
        nonempty = sizes > 0
        if weights.size:
            norms[nonempty] = np.sqrt(np.add.reduceat(weights * weights, starts[nonempty]))
        norms[norms == 0.0] = 1.0
        weights /= np.repeat(norms, sizes)
        post = np.repeat(np.arange(n), sizes)
        self.order = np.lexsort((ids, -weights, post))  # by post, heaviest first, ties by the word
        self.starts, self.ends, self.sizes = starts, ends, sizes
        self.ids = [ids[a:b] for a, b in zip(starts.tolist(), ends.tolist())]
        self.weights = [weights[a:b] for a, b in zip(starts.tolist(), ends.tolist())]
        self.terms = sorted(vocab)
        self.flat_ids, self.flat_weights = ids, weights
        self.dense = np.zeros(len(vocab) + 1, dtype=np.float64)

    def top_terms(self, i: int, k: int) -> list[str]:
        """Post ``i``'s ``k`` heaviest words, ties broken by the word."""
        start = int(self.starts[i])
        chosen = self.order[start:min(start + k, int(self.ends[i]))]
        return [self.terms[j] for j in self.flat_ids[chosen].tolist()]

    def dots(self, i: int, others: list[int]) -> Any:
        """``vectors[i] · vectors[j]`` for each ``j`` in ``others`` (a numpy array): the
        candidates' words gathered from the flat arrays by one index, summed per candidate."""
        import numpy as np

        js = np.asarray(others, dtype=np.int64)
        sizes = self.sizes[js]
        total = int(sizes.sum())
        sums = np.zeros(len(js))
        if total == 0:
            return sums
        offsets = np.cumsum(sizes) - sizes  # where each candidate's words begin in the gathered run
        index = np.repeat(self.starts[js] - offsets, sizes) + np.arange(total)
        dense = self.dense
        dense[self.ids[i]] = self.weights[i]
        products = dense[self.flat_ids[index]] * self.flat_weights[index]
        dense[self.ids[i]] = 0.0
        nonempty = sizes > 0
        sums[nonempty] = np.add.reduceat(products, offsets[nonempty])
        return sums


def _haversine_many(lat: Any, lon: Any, i: int, js: Any) -> Any:
    """Great-circle km (haversine, mean radius) from post ``i`` to each of posts ``js``
    (latitudes and longitudes in radians, numpy arrays)."""
    import numpy as np

    dlat = lat[js] - lat[i]
    dlon = lon[js] - lon[i]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat[i]) * np.cos(lat[js]) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _cell(doc: Doc) -> tuple[int, int]:
    return (int((doc.lon + 180) // GRID_DEG), int((doc.lat + 90) // GRID_DEG))


def related_posts(docs: Sequence[Doc], limit: int = 4,
                  counts: Sequence[Counts] | None = None) -> dict[str, tuple[str, ...]]:
    """For each post, the ``limit`` best other posts, best first; ``counts`` are the posts'
    :func:`word_counts`, when the caller kept them."""
    n = len(docs)
    sparse = _Sparse(counts if counts is not None else [word_counts(d.text) for d in docs])
    top_terms = [sparse.top_terms(i, TOP_TERMS) for i in range(n)]
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
    import numpy as np

    rad = math.pi / 180
    lat = np.array([d.lat for d in docs], dtype=np.float64) * rad
    lon = np.array([d.lon for d in docs], dtype=np.float64) * rad
    series_names: dict[str | None, int] = {None: -1}
    series_id = np.array([series_names.setdefault(d.series, len(series_names)) for d in docs], dtype=np.int64)
    position_in_series = {i: k for members in by_series.values() for k, i in enumerate(members)}
    tag_sets = [set(d.tags) for d in docs]

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

        tags = tag_sets[i]
        order = sorted(candidates)
        if not order:
            result[doc.slug] = ()
            continue
        js = np.array(order, dtype=np.int64)
        score = WEIGHTS["text"] * sparse.dots(i, order)
        score += WEIGHTS["tag"] * np.array([len(tags & tag_sets[j]) for j in order], dtype=np.float64)
        if doc.series:
            score += WEIGHTS["series"] * (series_id[js] == series_id[i])
        score += WEIGHTS["near"] / (1.0 + _haversine_many(lat, lon, i, js) / 1000.0)
        # Ranked by the score rounded to 9 places, ties by slug. Rounding moves a score by at
        # most 5e-10, so one more than 1e-8 below the limit-th best cannot reach the top.
        k = min(limit, len(order))
        floor = np.partition(score, len(order) - k)[len(order) - k] - 1e-8 if k else 0.0
        scored = sorted((-round(float(score[c]), 9), docs[order[c]].slug) for c in np.flatnonzero(score >= floor))
        result[doc.slug] = tuple(slug for _, slug in scored[:limit])
    return result
