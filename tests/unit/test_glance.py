"""At a glance: computed facts agree with pyproj.Geod references within 0.5 %."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from atlaspress.app.build import compile_site
from atlaspress.content.load import load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report
from atlaspress.facts.glance import (
    area_km2,
    compute_glance,
    country_findings,
    distance_to,
    feature_shapes,
    km2_text,
    km_text,
    length_km,
    lines,
    polygons,
)
from atlaspress.facts.numbers import prose_number
from atlaspress.facts.place import compass16, nearest_city, time_zone

from ..conftest import DEMO
from ..geo_cases import ANTIMERIDIAN_LINE, ANTIMERIDIAN_POLYGON, TINY_ISLAND

GEOD = Geod(ellps="WGS84")
KAESONG = (126.615, 37.931)
MDL = DEMO / "content/places/kaesong-industrial-zone/mdl.geojson"
ZONE = DEMO / "content/places/kaesong-industrial-zone/zone.geojson"


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def reference_distance_km(lon: float, lat: float, coords: list[list[float]]) -> float:
    """Brute force: densify every segment along its geodesic (~20 m steps), take the minimum."""
    best = float("inf")
    for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
        _, _, length = GEOD.inv(x0, y0, x1, y1)
        points = [(x0, y0), *GEOD.npts(x0, y0, x1, y1, max(1, int(length / 20))), (x1, y1)]
        xs, ys = np.array(points).T
        _, _, d = GEOD.inv(np.full(len(xs), lon), np.full(len(xs), lat), xs, ys)
        best = min(best, float(d.min()))
    return best / 1000


def close(a: float, b: float, rel: float = 0.005) -> bool:
    return abs(a - b) <= rel * abs(b)


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (0.0333, "0.033"), (0.5, "0.5"), (9.84, "9.8"), (42.4, "42"), (99.6, "100"),
    (951.8, "952"), (1237.4, "1,240"), (13952.4, "14,000"),
])
def test_prose_number_rounds_for_reading(value, text):
    assert prose_number(value) == text


def test_distances_and_areas_in_both_units():
    assert km_text(15.77) == "16 km (9.8 mi)"
    assert km_text(9.8) == "9.8 km (6.1 mi)"
    assert km_text(0.033) == "30 m (100 ft)"  # the author's own layers: metres and feet to 2 figures
    assert km2_text(3.538) == "3.5 km² (1.4 mi²)"


@pytest.mark.parametrize(("azimuth", "name"), [
    (0, "north"), (11.2, "north"), (11.3, "north-north-east"), (135, "south-east"),
    (-30, "north-north-west"), (330, "north-north-west"), (359, "north"),
])
def test_sixteen_point_compass(azimuth, name):
    assert compass16(azimuth) == name


# --- geometry against pyproj.Geod ------------------------------------------------------------


def test_area_matches_geod_for_the_demo_zone():
    ring = features(ZONE)[0]["geometry"]["coordinates"][0]
    lons, lats = zip(*ring)
    reference = abs(GEOD.polygon_area_perimeter(lons, lats)[0]) / 1e6
    computed = area_km2(polygons(feature_shapes(features(ZONE))))
    assert close(computed, reference)
    assert 3.4 < computed < 3.7


def test_area_is_the_same_whichever_way_the_ring_turns_and_across_the_antimeridian():
    for geometry in (TINY_ISLAND, ANTIMERIDIAN_POLYGON):
        ring = geometry["coordinates"][0]
        lons, lats = zip(*ring)
        reference = abs(GEOD.polygon_area_perimeter(lons, lats)[0]) / 1e6
        ccw = area_km2(polygons(feature_shapes([{"geometry": geometry}])))
        cw = area_km2(polygons(feature_shapes([{"geometry": {**geometry, "coordinates": [ring[::-1]]}}])))
        assert close(ccw, reference) and close(cw, reference)
    # 0.025° of longitude at 80.8° N is ~0.44 km; 0.005° of latitude ~0.56 km
    assert 0.23 < area_km2(polygons(feature_shapes([{"geometry": TINY_ISLAND}]))) < 0.26


def test_holes_are_subtracted():
    outer = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    hole = [[0.25, 0.25], [0.25, 0.75], [0.75, 0.75], [0.75, 0.25], [0.25, 0.25]]
    full = area_km2(polygons(feature_shapes([{"geometry": {"type": "Polygon", "coordinates": [outer]}}])))
    holed = area_km2(polygons(feature_shapes([{"geometry": {"type": "Polygon", "coordinates": [outer, hole]}}])))
    lons, lats = zip(*hole)
    assert close(full - holed, abs(GEOD.polygon_area_perimeter(lons, lats)[0]) / 1e6)


def test_length_matches_geod_including_the_antimeridian():
    for coords in (features(MDL)[0]["geometry"]["coordinates"], ANTIMERIDIAN_LINE["coordinates"]):
        lons, lats = zip(*coords)
        reference = GEOD.line_length(lons, lats) / 1000
        computed = length_km(lines(feature_shapes([{"geometry": {"type": "LineString", "coordinates": coords}}])))
        assert close(computed, reference)
    # across ±180 the line is ~150 km, not most of the way round the world
    assert length_km(lines(feature_shapes([{"geometry": ANTIMERIDIAN_LINE}]))) < 200


@pytest.mark.parametrize(("point", "coords"), [
    (KAESONG, json.loads(MDL.read_text())["features"][0]["geometry"]["coordinates"]),
    ((-179.0, 65.5), ANTIMERIDIAN_LINE["coordinates"]),
    ((179.9, 65.2), ANTIMERIDIAN_LINE["coordinates"]),
    ((-168.925, 65.757), [[-169.2, 65.0], [-168.98, 65.5], [-168.98, 66.5]]),
])
def test_distance_to_a_line_matches_a_densified_geod_reference(point, coords):
    reach = distance_to(*point, feature_shapes([{"geometry": {"type": "LineString", "coordinates": coords}}]))
    assert reach is not None
    assert close(reach.km, reference_distance_km(*point, coords))
    assert close(reach.km, GEOD.inv(*point, reach.lon, reach.lat)[2] / 1000)


def test_distance_to_a_polygon_is_zero_inside_and_to_its_edge_outside():
    shapes = feature_shapes(features(ZONE))
    assert distance_to(*KAESONG, shapes).km == 0
    outside = (126.55, 37.93)
    ring = features(ZONE)[0]["geometry"]["coordinates"][0]
    assert close(distance_to(*outside, shapes).km, reference_distance_km(*outside, ring))


def test_kaesong_is_less_than_five_miles_from_the_demarcation_line():
    reach = distance_to(*KAESONG, feature_shapes(features(MDL)))
    assert 4.0 < reach.km < 5 * 1.609344


def test_nearest_city_with_distance_and_bearing():
    city = nearest_city(*KAESONG)
    assert city is not None and city.population >= 100_000
    assert city.name.startswith("Kaes")
    from atlaspress.geo.cities import load_cities

    table = load_cities()
    i = table.names.index(city.name)
    az, _, metres = GEOD.inv(*KAESONG, table.lon[i], table.lat[i])
    assert close(city.km, metres / 1000) and city.direction == compass16(az) == "north-west"
    other = nearest_city(*KAESONG, exclude=[city.name])
    assert other is not None and other.name != city.name and other.km > city.km


def test_time_zone_offset_is_taken_on_the_given_date_not_today():
    assert time_zone(*KAESONG, dt.date(2016, 2, 10)).offset == "UTC+8:30"  # Pyongyang time, 2015–2018
    assert time_zone(*KAESONG, dt.date(2022, 9, 1)).offset == "UTC+9"
    assert time_zone(-74.0, 40.7, dt.date(2022, 7, 1)).offset == "UTC−4"  # daylight saving
    assert time_zone(-74.0, 40.7, dt.date(2022, 1, 1)).name == "America/New_York"
    sea = time_zone(-30.0, 0.0, dt.date(2022, 1, 1))
    assert sea is not None and sea.name.startswith("Etc/") and sea.offset == "UTC−2"


# --- posts -------------------------------------------------------------------------------------


def demo_post(slug: str):
    content = load_site(DEMO, load_config(DEMO), Report())
    return next(p for p in content.posts if p.slug == slug)


def _geod_km_to_layer(slug: str, layer: str) -> float:
    """Reference distance: pyproj.Geod from the post's point to its layer's line, sampled every
    ~10 m along each segment (independent of the code's own distance routine)."""
    import yaml

    text = (DEMO / "content" / "places" / slug / "index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    post = demo_post(slug)
    lon0, lat0 = post.front.place.at.lon, post.front.place.at.lat
    spec = next(s for s in front["layers"] if s.get("id") == layer)
    data = json.loads((DEMO / "content" / "places" / slug / spec["file"]).read_text(encoding="utf-8"))
    geod = Geod(ellps="WGS84")
    best = float("inf")
    for feature in data["features"]:
        geom = feature["geometry"]
        parts = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
        for part in parts:
            for (x1, y1), (x2, y2) in zip(part, part[1:]):
                n = max(2, int(geod.inv(x1, y1, x2, y2)[2] / 10))
                xs, ys = np.linspace(x1, x2, n), np.linspace(y1, y2, n)
                _, _, d = geod.inv(np.full(n, lon0), np.full(n, lat0), xs, ys)
                best = min(best, float(d.min()))
    return best / 1000


def test_demo_kaesong_glance_rows():
    glance = compute_glance(demo_post("kaesong-industrial-zone"))
    rows = {row.key: row for row in glance.rows}
    assert rows["country"].value == "North Korea (KP)"
    assert rows["coordinates"].value == "37.931 N, 126.615 E"
    assert rows["coordinates"].note == "37°55′52″ N, 126°36′54″ E"
    assert rows["area-zone"].value == "3.5 km² (1.4 mi²)"
    # The Military Demarcation Line of the 1953 Armistice Agreement is no international border;
    # Natural Earth 1:10m draws it, so the distance is given to the kilometre.
    # The post draws that line itself and measures to it (`distance_to: mdl`): one row, with the
    # finer figure, instead of "4 km" and "4.3 km" for one distance.
    assert rows["border"].label == "Nearest Military Demarcation Line"
    assert "not an international border" in rows["border"].note and "post's own line" in rows["border"].note
    assert "distance-to" not in rows
    km = _geod_km_to_layer("kaesong-industrial-zone", "mdl")
    assert rows["border"].value == f"{km:.1f} km ({km / 1.609344:.1f} mi)"
    assert rows["timezone"].value == "Asia/Pyongyang, UTC+9"
    assert glance.country == "KP" and not glance.at_sea


def test_terra_nullius_and_tiny_islands():
    bir = {r.key: r for r in compute_glance(demo_post("bir-tawil")).rows}
    assert bir["country"].value == "None: claimed by no state"
    assert "Sudan / Egypt" in bir["border"].note
    hans = compute_glance(demo_post("hans-island"))
    rows = {r.key: r for r in hans.rows}
    # The point is on the post's own island outline (1.2 km², too small for 1:10m coasts): land.
    # Split on 14 June 2022 (Wikipedia, "Hans Island"): the demo's point is on the Canadian side.
    assert not hans.at_sea and rows["country"].value == "Canada (CA)" and "2022" in rows["country"].note
    # Since 2022 the island's eastern half is Greenland's across a land border, not foreign land
    # across the sea (the agreement: "one of the world's shortest land boundaries", 1.2 km).
    assert rows["border"].label == "Nearest land border" and rows["border"].note.startswith("with Greenland")
    assert "foreign-land" not in rows


def post_at(make_site, at: str, country: str | None, extra: str = ""):
    text = (f"---\ntitle: P\ndate: 2022-09-01\nplace:\n  name: P\n  at: {at}\n"
            + (f"  country: {country}\n" if country else "") + extra + "---\nBody.\n")
    site = make_site({"p": text})
    (post,) = load_site(site, load_config(site), Report()).posts
    return post


def test_declared_country_is_checked_against_the_geometry(make_site, chdir_tmp):
    post = post_at(make_site, "37.5, 127.0", "KP")  # Seoul
    (warning,) = country_findings(post, compute_glance(post))
    assert warning.format() == (
        "site/content/places/p/index.md:7:12: warning[place.country]: the point is in South Korea (KR) "
        "on OpenStreetMap's borders, not in KP\n  hint: check place.at (latitude first), or write \"country: KR\""
    )
    rows = {r.key: r for r in compute_glance(post).rows}
    assert rows["country"].value == "South Korea (KR)"


def test_no_warning_for_buffer_zones_the_sea_or_an_undeclared_country(make_site):
    for at, country in (("35.17, 33.36", "CY"), ("34.0, 32.0", "CY"), ("21.87, 33.74", None), ("42.67, 21.17", "XK")):
        post = post_at(make_site, at, country)
        assert country_findings(post, compute_glance(post)) == []


def test_page_shows_at_a_glance_and_builds_are_byte_identical():
    first = compile_site(DEMO).output
    second = compile_site(DEMO).output
    page = first["places/kaesong-industrial-zone/index.html"].decode()
    assert page == second["places/kaesong-industrial-zone/index.html"].decode()
    section = re.search(r'<section id="at-a-glance".*?</section>', page, re.S).group(0)
    assert "<dl class=\"glance__list\">" in section
    km = _geod_km_to_layer("kaesong-industrial-zone", "mdl")  # the post's own line, by pyproj.Geod
    assert "<dt>Nearest Military Demarcation Line</dt>" in section and f"{km:.1f} km" in section
    assert page.index('id="where"') < page.index('id="at-a-glance"')
    for slug in ("bir-tawil", "hans-island", "diomede-islands"):
        assert 'id="at-a-glance"' in first[f"places/{slug}/index.html"].decode()
