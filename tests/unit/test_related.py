from atlaspress.site.related import Doc, related_posts, tokens


def doc(slug, text, tags=(), series=None, lon=0.0, lat=0.0):
    return Doc(slug=slug, text=text, tags=tuple(tags), series=series, lon=lon, lat=lat)


def test_tokens_drop_stop_words_and_numbers():
    assert tokens("The 2016 closure of the Kaesong zone") == ["closure", "kaesong", "zone"]


def test_text_similarity_wins_when_nothing_else_differs():
    docs = [
        doc("a", "ceasefire line buffer zone peacekeepers patrol"),
        doc("b", "buffer zone peacekeepers ceasefire crossing"),
        doc("c", "desert plateau unclaimed sand"),
    ]
    assert related_posts(docs, limit=2)["a"] == ("b", "c")


def test_shared_tags_and_series_outrank_distance():
    docs = [
        doc("kaesong", "industrial park", tags=("korea",), series="borders", lon=126.6, lat=37.9),
        doc("kinmen", "islands", tags=("china",), series="borders", lon=118.4, lat=24.4),
        doc("far", "desert", tags=("korea",), series="borders", lon=33.7, lat=21.9),
        doc("near-unrelated", "bridge", lon=126.7, lat=37.8),
    ]
    ranking = related_posts(docs, limit=3)["kaesong"]
    assert ranking[0] in ("far", "kinmen")
    assert ranking.index("far") < ranking.index("near-unrelated")


def test_nearness_breaks_ties():
    docs = [
        doc("seoul", "x", lon=127.0, lat=37.5),
        doc("tokyo", "x", lon=139.7, lat=35.7),
        doc("lima", "x", lon=-77.0, lat=-12.0),
    ]
    assert related_posts(docs, limit=2)["seoul"] == ("tokyo", "lima")


def test_deterministic_and_never_self():
    docs = [doc(f"p{i}", "same words here", lon=i, lat=i) for i in range(6)]
    first = related_posts(docs)
    assert first == related_posts(list(docs))
    for slug, others in first.items():
        assert slug not in others and len(others) == 4


def test_demo_kaesong_has_an_east_asian_neighbour():
    from atlaspress.app.build import compile_site

    from ..conftest import DEMO

    graph = compile_site(DEMO).graph
    assert {"kinmen-and-lienchiang", "kuril-islands"} & set(graph.linked["kaesong-industrial-zone"].related)


def _reference_vectors(texts):
    """TF-IDF from its definition, one post and one word at a time: sublinear tf
    (1 + ln tf), smoothed idf (ln((1 + n) / (1 + df)) + 1), each vector of length 1."""
    import math
    from collections import Counter

    counts = [Counter(tokens(t)) for t in texts]
    n = len(texts)
    df = Counter(w for c in counts for w in c)
    vectors = []
    for c in counts:
        v = {w: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return vectors


def test_vectors_dots_and_top_words_match_the_definition():
    import random

    from atlaspress.site.related import _Sparse, word_counts

    rng = random.Random(5)
    words = "harbour ferry strait island channel lighthouse fort ridge pass valley border river".split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 30))) for _ in range(40)]
    texts[3] = ""  # a post with no words at all
    sparse = _Sparse([word_counts(t) for t in texts])
    ref = _reference_vectors(texts)
    for i in range(len(texts)):
        others = [j for j in range(len(texts)) if j != i]
        expected = [sum(x * ref[j].get(w, 0.0) for w, x in ref[i].items()) for j in others]
        assert [round(float(d), 12) for d in sparse.dots(i, others)] == [round(e, 12) for e in expected]
        heaviest = sorted(ref[i], key=lambda w: (-round(ref[i][w], 12), w))[:3]
        assert sparse.top_terms(i, 3) == heaviest


def _keys(docs):
    from atlaspress.site.related import text_key

    return [text_key(d.text) for d in docs]


def _site_docs(n):
    return [doc(f"p{i}", f"harbour ferry number{'x' * (i % 7)} strait island {'fort ' * i}", lon=i, lat=i)
            for i in range(n)]


def test_word_counts_are_kept_and_an_edit_recounts_one_text(tmp_path, monkeypatch):
    from atlaspress.content import markdown
    from atlaspress.core.store import Store
    from atlaspress.site import link, related

    store = Store(tmp_path / "cache")
    markdown.use_store(store)
    try:
        docs = _site_docs(30)
        first = link._word_counts(docs, _keys(docs), b"code")
        assert first == [related.word_counts(d.text) for d in docs]
        counted = []
        monkeypatch.setattr(link, "word_counts", lambda text: counted.append(text) or related.word_counts(text))
        fresh = Store(tmp_path / "cache")  # a new build: what it knows is on disk
        markdown.use_store(fresh)
        assert link._word_counts(docs, _keys(docs), b"code") == first and counted == []
        edited = [*docs[:5], doc("p5", "a lighthouse on the ridge"), *docs[6:]]
        writes = fresh.writes
        again = link._word_counts(edited, _keys(edited), b"code")
        assert counted == ["a lighthouse on the ridge"]
        assert again[5] == related.word_counts("a lighthouse on the ridge")
        assert 1 <= fresh.writes - writes <= 2  # the bucket the old text leaves, and the new one's
        # New code: every text counted again.
        assert link._word_counts(docs, _keys(docs), b"other code") == first and len(counted) == 31
    finally:
        markdown.use_store(None)


def test_damaged_word_counts_are_counted_again(tmp_path):
    from atlaspress.content import markdown
    from atlaspress.core.store import Store
    from atlaspress.site import link, related

    markdown.use_store(Store(tmp_path / "cache"))
    try:
        docs = _site_docs(20)
        link._word_counts(docs, _keys(docs), b"code")
        for path in (tmp_path / "cache" / "words").rglob("*.json"):
            path.write_bytes(path.read_bytes().replace(b"ferry", b"ferrx"))  # the MAC no longer matches
        markdown.use_store(Store(tmp_path / "cache"))
        assert link._word_counts(docs, _keys(docs), b"code") == [related.word_counts(d.text) for d in docs]
    finally:
        markdown.use_store(None)
