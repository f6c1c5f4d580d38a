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
