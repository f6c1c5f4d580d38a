"""The interactive and overview maps give a reader context (issue 13 points 3, 4, 7; issue 10):
country names in the opening view, disputed lines dashed and named, the author's lines
preferred to the basemap's, a world frame that holds every place, an A-to-Z in reading order,
overview maps that shade the country and stay legible on a phone.

Places and their positions come from Wikipedia's articles on them (named at each use);
none of the expected figures is computed by the code under test.
"""

from __future__ import annotations

import json
import re
from typing import get_args

import pytest
import shapely
from shapely.geometry import shape

from atlaspress.content.model import LineKind
from atlaspress.core.config import MapConfig
from atlaspress.core.lines import KIND_TEXT, LINE_KINDS
from atlaspress.core.text import collation_key
from atlaspress.maps.webmap.basemap import AVOID_FRACTION, AVOID_MIN, author_lines, detail_basemap
from atlaspress.maps.webmap.style import style_json, world_overlays
from atlaspress.maps.webmap.world import world_frame, world_svg

WORLD = "assets/basemap/world-110m.0123456789.json"
# Wikipedia coordinates.
PANMUNJOM = (126.677, 37.956)  # "Joint Security Area": 37°57′21″N 126°40′38″E
KAESONG = (126.554, 37.971)  # "Kaesong": 37°58′N 126°33′E
DORASAN = (126.709, 37.899)  # "Dorasan station": 37°53′58″N 126°42′31″E
LITTLE_DIOMEDE = (-168.917, 65.758)  # "Little Diomede Island": 65°45′29″N 168°55′W, 7.3 km²
HANS = (-66.45, 80.83)  # "Hans Island": 80°49′N 66°27′W
FIJI_EAST = (179.9, -16.5)  # a place just west of 180° (Taveuni's east coast, "Taveuni")
KINMEN = (118.32, 24.45)  # "Kinmen": 24°27′N 118°19′E
BIR_TAWIL = (33.74, 21.87)  # "Bir Tawil": 21°52′N 33°44′E


def _layer(style: dict, layer_id: str) -> dict:
    return next(layer for layer in style["layers"] if layer["id"] == layer_id)


# --- one list of line kinds -------------------------------------------------------------------


def test_one_list_of_line_kinds_for_schema_locator_and_web_map():
    from atlaspress.maps import locator
    from atlaspress.maps.locator import compose
    from atlaspress.maps.webmap import features, style

    assert get_args(LineKind) == LINE_KINDS  # the schema spells the same values
    assert locator.LINE_KINDS is LINE_KINDS and style.LINE_KINDS is LINE_KINDS
    assert compose.KIND_TEXT is KIND_TEXT and features.KIND_TEXT is KIND_TEXT
    assert set(KIND_TEXT) == set(LINE_KINDS)


# --- the style --------------------------------------------------------------------------------


def test_style_draws_the_basemaps_disputed_lines_dashed():
    style = style_json(MapConfig(), WORLD)
    for layer_id in ("world-disputed", "detail-disputed"):
        layer = _layer(style, layer_id)
        assert layer["type"] == "line" and layer["filter"] == ["==", ["get", "k"], "dline"]
        assert layer["paint"]["line-dasharray"]
    # … after the plain borders, so a disputed line is never hidden under a solid one.
    ids = [layer["id"] for layer in style["layers"]]
    assert ids.index("detail-disputed") > ids.index("detail-border")


def test_style_labels_the_countries_of_the_opening_view_at_every_zoom():
    style = style_json(MapConfig(), WORLD)
    layer = _layer(style, "detail-country-label-view")
    assert "minzoom" not in layer and "maxzoom" not in layer
    assert ["has", "v"] in layer["filter"]
    # The other country names leave these to that layer.
    for other in ("detail-country-label", "world-country-label"):
        assert ["!", ["has", "v"]] in _layer(style, other)["filter"]


def test_labels_avoid_lines_edges_and_controls_through_symbol_obstacles():
    style = style_json(MapConfig(), WORLD)
    ids = [layer["id"] for layer in style["layers"]]
    # MapLibre places symbols from the top layer down: the frame (canvas edge, controls)
    # first, then the post's markers and lines as obstacles, then the subject's name, then
    # the other labels: no label of the post, its subject's included, crosses its lines.
    assert ids[-1] == "frame-obstacle"
    assert (ids.index("post-marker-obstacle") > ids.index("post-obstacle") > ids.index("post-place-label")
            > ids.index("detail-country-label-view") > ids.index("post-label"))
    for obstacle_id in ("post-obstacle", "post-marker-obstacle", "frame-obstacle"):
        obstacle = _layer(style, obstacle_id)["layout"]
        assert obstacle.get("symbol-placement", "point") == "point" and obstacle["icon-allow-overlap"] is True
        assert obstacle["icon-ignore-placement"] is False  # it blocks the labels placed after it
    # The lines' obstacles are points map-app.js lays along them on screen (source frame, k: line).
    assert _layer(style, "post-obstacle")["source"] == "frame"
    assert _layer(style, "post-obstacle")["filter"] == ["==", ["get", "k"], "line"]
    assert _layer(style, "frame-obstacle")["filter"] == ["!=", ["get", "k"], "line"]
    for layer_id in ("post-label", "post-place-label"):
        layout = _layer(style, layer_id)["layout"]
        offsets = layout["text-variable-anchor-offset"]
        anchors = offsets[::2]
        assert len(anchors) == 16 and anchors[:8] == anchors[8:]  # eight sides, near then far
        near, far = offsets[1], offsets[17]  # "left": the label to the right of the point
        assert near[1] == far[1] == 0 and 0 < near[0] < far[0]
        assert layout["text-optional"] is True and layout["text-allow-overlap"] is False
    # A label on the far ring gets a leader (map-app.js fills the source after each move).
    assert _layer(style, "post-leader")["source"] == "leaders" and style["sources"]["leaders"]["type"] == "geojson"
    assert style["metadata"]["atlaspress:leader-gap"] > 0
    assert style["sources"]["frame"]["type"] == "geojson"
    world = style_json(MapConfig(), WORLD, detail=False, overlays=world_overlays({}))
    assert "text-variable-anchor" in _layer(world, "places-label")["layout"]
    assert world["layers"][-1]["id"] == "frame-obstacle"


# --- the detail basemap -----------------------------------------------------------------------

KOREA_VIEW = (126.50, 37.80, 126.90, 38.10)  # Kaesong to Dorasan
KOREA_BOX = (123.0, 34.0, 130.0, 41.5)


def test_detail_basemap_names_both_koreas_inside_the_opening_view():
    data = detail_basemap(KOREA_BOX, view=KOREA_VIEW, cities=0)
    inview = {f["properties"]["name"]: f["geometry"]["coordinates"]
              for f in data["features"] if f["properties"]["k"] == "label" and f["properties"].get("v")}
    assert {"North Korea", "South Korea"} <= set(inview)
    west, south, east, north = KOREA_VIEW
    for lon, lat in inview.values():
        assert west < lon < east and south < lat < north


def test_detail_basemap_draws_the_armistice_line_as_a_disputed_line_not_a_border():
    data = detail_basemap(KOREA_BOX, view=KOREA_VIEW, cities=0)
    dlines = [f for f in data["features"] if f["properties"]["k"] == "dline"]
    assert [f["properties"]["key"] for f in dlines] == ["korea-mdl"]
    assert "line" in dlines[0]["properties"]["name"].lower()  # "Armistice line (1953)", never "border"
    # No solid border runs along it: Panmunjom (on the line) is far from every plain border.
    borders = shapely.union_all([shape(f["geometry"]) for f in data["features"] if f["properties"]["k"] == "border"])
    assert borders.is_empty or borders.distance(shapely.Point(PANMUNJOM)) > 0.1


def _collection(*geometries: dict) -> dict:
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries]}


def test_the_authors_line_replaces_the_basemaps_line_near_it():
    # An author's own demarcation line through Panmunjom, roughly west to east along the DMZ.
    line = {"type": "LineString", "coordinates": [[126.45, 37.93], list(PANMUNJOM), [126.80, 38.0], [126.95, 38.12]]}
    plain = detail_basemap(KOREA_BOX, view=KOREA_VIEW, cities=0)
    mine = detail_basemap(KOREA_BOX, view=KOREA_VIEW, cities=0, avoid=author_lines(_collection(line)))
    distance = max(AVOID_MIN, 0.4 * AVOID_FRACTION)
    near = shapely.LineString(line["coordinates"]).buffer(distance * 0.9)

    def basemap_lines(data: dict) -> shapely.Geometry:
        return shapely.union_all([shape(f["geometry"]) for f in data["features"]
                                  if f["properties"]["k"] in ("border", "dline")])

    assert basemap_lines(plain).intersects(near)  # the basemap has a line there …
    assert not basemap_lines(mine).intersects(near)  # … and leaves it to the author
    assert basemap_lines(mine).length > 1.0  # elsewhere its lines stay


def _ellipse(lon: float, lat: float, dlon: float, dlat: float, n: int = 24) -> dict:
    import math

    ring = [[round(lon + dlon * math.cos(2 * math.pi * i / n), 5), round(lat + dlat * math.sin(2 * math.pi * i / n), 5)]
            for i in range(n)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def test_the_authors_island_replaces_the_basemaps_coast():
    # Little Diomede, about 3.5 × 2 km (7.3 km²), drawn by the author a little east of
    # where Natural Earth has it: one outline must remain, the author's.
    island = _ellipse(LITTLE_DIOMEDE[0] + 0.01, LITTLE_DIOMEDE[1], 0.036, 0.009)
    view = (-169.25, 65.6, -168.6, 65.9)
    box = (-172.0, 63.0, -166.0, 68.0)
    data = detail_basemap(box, view=view, cities=0, avoid=author_lines(_collection(island)))
    outline = shape(island).boundary
    distance = max(AVOID_MIN, 0.65 * AVOID_FRACTION)
    coast = shapely.union_all([shape(f["geometry"]) for f in data["features"] if f["properties"]["k"] == "coast"])
    assert coast.is_empty or coast.distance(outline) > distance * 0.9
    land = shape(next(f["geometry"] for f in data["features"] if f["properties"]["k"] == "land"))
    ring = outline.buffer(distance * 0.8)
    mismatch = shapely.symmetric_difference(land.intersection(ring), shape(island).intersection(ring))
    assert mismatch.area < 0.05 * shape(island).area


def test_author_lines_key_is_canonical_and_empty_without_layers():
    one = {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}
    assert author_lines(_collection()) == ""
    assert author_lines(_collection(one)) == author_lines(json.loads(json.dumps(_collection(one))))


# --- the world map ----------------------------------------------------------------------------


def _places(*points: tuple[float, float]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"slug": f"p{i}", "title": f"P{i}", "url": f"p{i}/", "colour": "#c4242b"},
         "geometry": {"type": "Point", "coordinates": list(p)}} for i, p in enumerate(points)]}


def _inside(frame: tuple[float, float, float, float], lon: float, lat: float) -> bool:
    west, south, east, north = frame
    return south < lat < north and any(west < lon + t < east for t in (-360.0, 0.0, 360.0))


def test_world_frame_holds_every_place_the_short_way_round_and_no_antarctica():
    places = [LITTLE_DIOMEDE, FIJI_EAST, KAESONG, HANS, KINMEN, BIR_TAWIL]
    frame = world_frame(_places(*places))
    assert all(_inside(frame, lon, lat) for lon, lat in places)
    west, south, east, north = frame
    assert east - west < 360  # the gap from Hans Island west to Kaesong stays out
    assert east > 180  # … so the frame runs east across 180°, Diomede inside it
    assert south > -40  # southernmost place 16.5° S: no band of Antarctica
    assert north <= 85


def test_world_frame_of_one_region_is_a_region_not_the_world():
    frame = world_frame(_places(KAESONG, KINMEN))
    assert 40 <= frame[2] - frame[0] <= 120


def test_static_world_map_keeps_markers_clear_of_its_edges():
    svg = world_svg(_places(HANS, BIR_TAWIL, LITTLE_DIOMEDE, KAESONG))
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    circles = [(float(x), float(y), float(r)) for x, y, r in
               re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)"', svg)]
    assert len(circles) == 4
    for x, y, r in circles:
        assert r + 10 <= x <= width - r - 10 and r + 10 <= y <= height - r - 10
    assert 'role="img"' not in svg  # it holds links: an image role would hide them (axe nested-interactive)


# --- A to Z -----------------------------------------------------------------------------------


def test_collation_sorts_titles_as_a_reader_expects():
    titles = ["Kuril Islands", "kinmen and Lienchiang", "Åland Islands", "Cyprus Green Line", "Bir Tawil",
              "Île de la Cité", "Diomede Islands", "Hans Island", "Ilulissat"]
    expected = ["Åland Islands", "Bir Tawil", "Cyprus Green Line", "Diomede Islands", "Hans Island",
                "Île de la Cité", "Ilulissat", "kinmen and Lienchiang", "Kuril Islands"]
    assert sorted(titles, key=collation_key) == expected


# --- overview maps ----------------------------------------------------------------------------


def test_country_overview_shades_the_country_with_coasts_at_its_scale():
    from atlaspress.maps.overview import HIGHLIGHT, Mark, overview_svg

    svg = overview_svg([Mark(*KAESONG, "Kaesong Industrial Zone", 1)], "Map of North Korea", highlight="North Korea")
    assert f'fill="{HIGHLIGHT}"' in svg
    assert "1:50m" in svg and "1:110m" not in svg
    assert ">Kaesong Industrial Zone</text>" in svg  # the place is named on the map
    plain = overview_svg([Mark(*KAESONG, "Kaesong Industrial Zone", 1)], "Map")
    assert f'fill="{HIGHLIGHT}"' not in plain


@pytest.mark.parametrize("rendered_width", [358])  # a 390 px phone less the page margins
def test_overview_numbers_are_legible_on_a_phone(rendered_width):
    from atlaspress.maps.overview import Mark, overview_svg

    svg = overview_svg([Mark(*KAESONG, "Kaesong", 1), Mark(*KINMEN, "Kinmen", 2)], "Series")
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg)[1])
    phone = re.search(r"@media \(max-width: (\d+)px\) \{(.*?)\}</style>", svg)
    assert phone and int(phone[1]) >= rendered_width
    size = float(re.search(r"\.ovw-n \{ font-size: ([\d.]+)px", phone[2])[1])
    assert size * rendered_width / width >= 11


def test_overview_dots_keep_clear_of_the_frame_even_at_phone_size():
    from atlaspress.maps.overview import RADIUS_PHONE, Mark, overview_svg

    # The Russia page of the demo: Diomede and the Kurils, at the two ends of the frame.
    svg = overview_svg([Mark(*LITTLE_DIOMEDE, "Diomede", 1), Mark(146.0, 43.8, "Kurils", 2)], "Russia",
                       highlight="Russia")
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    clear = 2 * (RADIUS_PHONE + 6)  # a phone-sized dot and its halo, with as much sea again
    for x, y in re.findall(r'<circle class="ovw-c" cx="([-\d.]+)" cy="([-\d.]+)"', svg):
        assert clear < float(x) < width - clear and clear < float(y) < height - clear
