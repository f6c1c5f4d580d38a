import json

import atlaspress.site.enrich as enrich
from atlaspress.content.coords import Coordinate, dms
from atlaspress.content.load import load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report
from atlaspress.site.entry import Deferred

from ..conftest import post_text


def content_of(site):
    return load_site(site, load_config(site), Report())


def test_dms():
    assert dms(Coordinate(lon=126.6, lat=37.93)) == "37°55′48″ N, 126°36′00″ E"
    assert dms(Coordinate(lon=-168.925, lat=-0.5)) == "0°30′00″ S, 168°55′30″ W"


def test_map_geojson_has_place_and_layers(make_site):
    text = post_text().replace("tags: [test]", "tags: [test]\nlayers: [{file: l.geojson, id: line, kind: disputed}]")
    site = make_site({"a": text}, files={"content/places/a/l.geojson":
        '{"type": "LineString", "coordinates": [[126.5, 37.9], [126.7, 37.95]]}'})
    (post,) = content_of(site).posts
    data = json.loads(enrich.enrich_post(post, "T").map_geojson)
    assert data["layers"] == [{"id": "line", "title": "Line", "kind": "disputed", "groups": []}]
    assert [f["properties"]["layer"] for f in data["features"]] == ["place", "line"]
    assert data["features"][0]["geometry"]["coordinates"] == [126.6, 37.93]


def test_unchanged_posts_come_from_the_cache(make_site, tmp_path, monkeypatch):
    site = make_site({"a": post_text(), "b": post_text("B", at="24.4, 118.4")})
    cache = tmp_path / "cache"
    first = enrich.enrich_site(content_of(site), cache, workers=1)
    calls = []
    real = enrich.enrich_post
    monkeypatch.setattr(enrich, "enrich_post", lambda *a, **k: calls.append(a[0].slug) or real(*a, **k))
    (site / "content/places/b/index.md").write_text(post_text("B2", at="24.4, 118.4"))
    second = enrich.enrich_site(content_of(site), cache, workers=1)
    assert calls == ["b"]
    assert second[0].locator == first[0].locator
    assert second[1].post.front.title == "B2"


def test_parallel_enrich_matches_serial(make_site, monkeypatch):
    posts = {f"p{i}": post_text(f"P{i}", at=f"{10 + i}, {20 + i}") for i in range(4)}
    content = content_of(make_site(posts))
    monkeypatch.setattr(enrich, "PARALLEL_THRESHOLD", 2)
    parallel = enrich.enrich_site(content, None, workers=2)
    serial = enrich.enrich_site(content, None, workers=1)
    assert [p.map_geojson for p in parallel] == [p.map_geojson for p in serial]
    assert [p.locator for p in parallel] == [p.locator for p in serial]
    assert [p.post.slug for p in parallel] == ["p0", "p1", "p2", "p3"]


def test_workers_store_their_results_and_send_back_only_a_marker(make_site, tmp_path, monkeypatch):
    """A worker writes its post's entry itself and returns :data:`STORED`, not the figures: the
    parent reads the entry back (figures deferred), so a cold build does not pipe and hold
    ~100 kB of maps per post. Without a writable cache the result itself comes back."""
    posts = {f"p{i}": post_text(f"P{i}", at=f"{10 + i}, {20 + i}") for i in range(3)}
    content = content_of(make_site(posts))
    cache = tmp_path / "cache"
    job = (content.posts[0], "T", cache, "de-facto", False)
    assert enrich._enrich_uncached(job) == enrich.STORED
    assert enrich._cached(content.posts[0], "T", cache, "de-facto") is not None
    assert isinstance(enrich._enrich_uncached((content.posts[0], "T", None, "de-facto", False)), enrich.EnrichedPost)
    readonly = tmp_path / "readonly"
    readonly.write_text("not a folder")  # the cache cannot be written under a file
    assert isinstance(enrich._enrich_uncached((content.posts[0], "T", readonly, "de-facto", False)),
                      enrich.EnrichedPost)

    monkeypatch.setattr(enrich, "PARALLEL_THRESHOLD", 2)
    parallel = enrich.enrich_site(content, tmp_path / "cache2", workers=2)
    serial = enrich.enrich_site(content, None, workers=1)
    assert [p.post for p in parallel] == list(content.posts)  # the parent's posts, not copies
    assert all(p.post is q for p, q in zip(parallel, content.posts))
    assert all(isinstance(p.locator._svg, Deferred) for p in parallel)  # read when a page uses it
    assert [p.locator for p in parallel] == [p.locator for p in serial]
