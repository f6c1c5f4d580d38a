"""The interactive maps' build side: styles, basemaps, places.geojson, bounds, page contexts."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from atlaspress.app.build import compile_site
from atlaspress.core.config import MapConfig
from atlaspress.maps.webmap import (
    bounds_of,
    boxes,
    detail_basemap,
    feature_list,
    lon_extent,
    style_json,
    view_bounds,
    world_basemap,
)

from ..conftest import CONFIG, post_text

WORLD = "assets/basemap/world-110m.0123456789.json"


def _source_urls(style: dict) -> list[str]:
    """Every URL a style makes the browser fetch (attribution links are not fetched)."""
    urls: list[str] = []
    for source in style["sources"].values():
        if isinstance(source.get("data"), str):
            urls.append(source["data"])
        if isinstance(source.get("url"), str):
            urls.append(source["url"])
        urls.extend(source.get("tiles") or [])
    for key in ("glyphs", "sprite"):
        if key in style:
            urls.append(style[key])
    meta = style.get("metadata") or {}
    if "atlaspress:base-style" in meta:
        urls.append(meta["atlaspress:base-style"])
    if "atlaspress:pmtiles" in meta:
        urls.append(meta["atlaspress:pmtiles"]["url"])
    return urls


def _hosts(style: dict) -> set[str]:
    return {urlsplit(u).hostname for u in _source_urls(style) if urlsplit(u).scheme}


def test_natural_earth_style_has_no_glyphs_and_no_foreign_host():
    style = style_json(MapConfig(), WORLD)
    text = json.dumps(style)
    assert "glyphs" not in style and "sprite" not in style
    assert _hosts(style) == set()  # only files of the site itself
    assert WORLD in _source_urls(style)
    # Labels use local fonts: every text layer names a CSS family, no font server; the
    # other symbol layers are invisible obstacles (an image the app makes, no sprite).
    symbols = [layer for layer in style["layers"] if layer["type"] == "symbol"]
    texts = [layer for layer in symbols if "text-field" in layer["layout"]]
    assert texts and all(" " not in font for layer in texts for font in layer["layout"]["text-font"])
    assert all(layer["layout"]["icon-image"] == "atlaspress-blank" for layer in symbols if layer not in texts)
    assert "Natural Earth" in text
    # The post's own layers sit above the basemap, the dashed kinds as in the locator.
    ids = [layer["id"] for layer in style["layers"]]
    assert ids.index("post-line-dashed") > ids.index("detail-land") > ids.index("world-land")
    dashed = next(layer for layer in style["layers"] if layer["id"] == "post-line-dashed")
    assert "line-of-control" in json.dumps(dashed["filter"]) and dashed["paint"]["line-dasharray"]


def test_raster_style_contacts_only_the_configured_host():
    config = MapConfig(
        basemap="raster",
        raster_tiles="https://tiles.example.org/{z}/{x}/{y}.png",
        attribution="© Example tiles",
    )
    style = style_json(config, WORLD)
    assert "glyphs" not in style
    assert _hosts(style) == {"tiles.example.org"}
    assert style["sources"]["raster"]["attribution"] == "© Example tiles"


@pytest.mark.parametrize(
    ("config", "host"),
    [
        (
            MapConfig(basemap="style", style_url="https://maps.example.net/style.json"),
            "maps.example.net",
        ),
        (
            MapConfig(basemap="pmtiles", pmtiles="https://files.example.com/world.pmtiles"),
            "files.example.com",
        ),
    ],
)
def test_other_modes_name_only_the_configured_host(config, host):
    style = style_json(config, WORLD)
    assert "glyphs" not in style
    assert _hosts(style) == {host}


def test_lon_extent_takes_the_short_way_round():
    assert lon_extent([126.5, 126.9]) == (126.5, 126.9)
    assert lon_extent([179.0, -179.0]) == (179.0, 181.0)
    assert lon_extent([-168.9, -169.1, 169.5]) == (169.5, 191.1)
    assert lon_extent([-100.0, 0.0, 100.0]) == (-100.0, 100.0)
    assert lon_extent([-170.0, 10.0, 170.0]) == (10.0, 190.0)
    west, east = lon_extent([180.0, -180.0])
    assert east - west == 0


def test_bounds_across_the_antimeridian_are_sane():
    diomede = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [-168.95, 65.75]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[179.5, 65.0], [-179.5, 65.0], [-179.5, 66.0], [179.5, 65.0]]],
                },
            },
            {"type": "Feature", "properties": {}, "geometry": None},
        ],
    }
    west, south, east, north = bounds_of(diomede)
    assert (west, east) == (179.5, 191.05)  # 11.5 degrees wide, not 348
    assert (south, north) == (65.0, 66.0)
    view = view_bounds(diomede)
    assert view[2] - view[0] < 15
    split = boxes(view)
    assert len(split) == 2 and all(-180 <= b[0] < b[2] <= 180 for b in split)


def test_detail_basemap_across_the_antimeridian_is_drawn_in_the_views_frame():
    # Unwrapped like the post's layers (docs/decisions.md): both sides of 180° in the box's
    # own longitudes, one sea and one land, so Chukotka's coast has no seam along 180°.
    data = detail_basemap((175.0, 60.0, 190.0, 68.0), cities=0)
    kinds = [f["properties"]["k"] for f in data["features"]]
    assert kinds.count("sea") == 1 and kinds.count("land") == 1
    lons = [c[0] for f in data["features"] for c in _coords(f["geometry"])]
    assert min(lons) == 175.0 and max(lons) == 190.0
    land = next(f["geometry"] for f in data["features"] if f["properties"]["k"] == "land")
    rings = [ring for poly in (land["coordinates"] if land["type"] == "MultiPolygon" else [land["coordinates"]])
             for ring in poly]
    along = [(a, b) for ring in rings for a, b in zip(ring, ring[1:]) if a[0] == b[0] == 180.0]
    assert along == []  # no edge runs along 180°: the coast drawn from the outline has no seam


def _coords(geometry):
    def walk(node):
        if isinstance(node[0], (int, float)):
            yield node
        else:
            for child in node:
                yield from walk(child)

    return list(walk(geometry["coordinates"]))


def test_world_basemap_is_small_and_labelled():
    data = world_basemap()
    size = len(json.dumps(data, separators=(",", ":")))
    assert size < 400_000
    names = {f["properties"].get("name") for f in data["features"]}
    assert {"North Korea", "South Korea", "Russia"} <= names


def test_feature_list_sanitizes_and_groups():
    collection = {
        "type": "FeatureCollection",
        "layers": [{"id": "a", "title": "Crossings", "kind": None}],
        "features": [
            {
                "type": "Feature",
                "properties": {"layer": "place", "role": "place", "name": "P"},
                "geometry": {"type": "Point", "coordinates": [1, 2]},
            },
            {
                "type": "Feature",
                "properties": {
                    "layer": "a",
                    "group": "north",
                    "name": "Gate",
                    "description": '<p>Open <img src="https://evil.example/x.png"><script>alert(1)</script>'
                    '<a href="javascript:alert(1)">x</a> <b>daily</b></p>',
                },
                "geometry": {"type": "Point", "coordinates": [1, 2]},
            },
            {
                "type": "Feature",
                "properties": {"layer": "a", "name": "Road"},
                "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]},
            },
        ],
    }
    sections = feature_list(collection)
    assert [s["key"] for s in sections] == ["a/north", "a/"]
    gate = sections[0]["items"][0]
    assert gate["index"] == 1 and gate["coords"].startswith("2°00′00″ N")
    assert "<b>daily</b>" in gate["description"]
    for bad in ("<img", "<script", "javascript:", "evil.example"):
        assert bad not in gate["description"]
    assert sections[1]["swatch"] == "line"


@pytest.fixture
def small_site(make_site):
    return make_site(
        {
            "kaesong": post_text("Kaesong", "2022-09-01", "37.93, 126.60"),
            "diomede": post_text("Diomede", "2023-01-05", "65.75, -168.95"),
            "cyprus": post_text("Cyprus", "2024-05-20", "35.17, 33.36"),
        }
    )


def test_build_writes_places_embeds_world_and_basemaps(small_site):
    result = compile_site(small_site)
    out = result.output
    places = json.loads(out["places.geojson"])
    assert sorted(f["properties"]["slug"] for f in places["features"]) == [
        "cyprus",
        "diomede",
        "kaesong",
    ]
    for feature in places["features"]:
        props = feature["properties"]
        assert props["url"] == f"places/{props['slug']}/" and props["title"] and props["series"]
    for slug in ("kaesong", "diomede", "cyprus"):
        assert f"embed/{slug}/index.html" in out
        assert f"places/{slug}/basemap.geojson" in out
        page = out[f"places/{slug}/index.html"].decode()
        assert "data-atlas-map=" in page and "Explore the map" in page
        assert "maplibre-gl" in page  # named in the loader's config ...
        assert '<script defer src="../../assets/map.' in page
        assert (
            "maplibre" not in page.split("data-atlas-map=")[0]
        )  # ... but nothing loads it up front
        assert (
            '<iframe src="https://atlas.example/embed/'
            in page.replace("&lt;", "<").replace("&#34;", '"')
            or "&lt;iframe src=&#34;https://atlas.example/embed/" in page
        )
    world = out["world/index.html"].decode()
    assert world.count('data-slug="') == 3
    home = out["index.html"].decode()
    assert 'href="./places/kaesong/" data-slug="kaesong"' in home  # the no-JS world map links
    assert b"world/" in out["index.html"]
    styles = [name for name in out if name.startswith("assets/map/") and name.endswith(".json")]
    assert len(styles) == 2
    for name in styles:
        style = json.loads(out[name])
        assert "glyphs" not in style and _hosts(style) == set()
        for url in _source_urls(style):
            assert url in out, url  # every basemap file the style names is in the build
    assert any(
        name.startswith("assets/vendor/maplibre-gl.") and name.endswith(".js") for name in out
    )


def test_pmtiles_mode_vendors_the_reader(make_site):
    config = (
        CONFIG + '\n[map]\nbasemap = "pmtiles"\npmtiles = "https://files.example.com/a.pmtiles"\n'
    )
    site = make_site({"kaesong": post_text()}, config=config)
    out = compile_site(site).output
    assert any(name.startswith("assets/vendor/pmtiles.") for name in out)
    assert "places/kaesong/basemap.geojson" not in out
