"""Shared geometries for geo tests (after shapely's tests/common.py).

Plain GeoJSON dicts in (lon, lat) order, so every test starts from what an
author's file would hold. The demo-like locator specs use rough, hand-drawn
shapes: they exercise the drawing, they are not survey data.
"""

from __future__ import annotations

from atlaspress.maps.locator import LocatorLayer, LocatorSpec


def feature(geometry: dict | None, name: str | None = None) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": {"name": name} if name else {}}


# A line and a polygon across the antimeridian, written as authors do (jumping from +179 to −179).
ANTIMERIDIAN_LINE = {
    "type": "LineString",
    "coordinates": [[178.5, 65.6], [179.6, 65.65], [-179.4, 65.7], [-178.2, 65.75]],
}
ANTIMERIDIAN_POLYGON = {
    "type": "Polygon",
    "coordinates": [[[179.2, 65.3], [-179.3, 65.3], [-179.3, 65.9], [179.2, 65.9], [179.2, 65.3]]],
}
# A cap around the North Pole, drawn as a ring of latitude 88.
POLE_POLYGON = {
    "type": "Polygon",
    "coordinates": [[[lon, 88.0] for lon in range(-180, 181, 30)]],
}
# Hans Island: about 1.2 km², far below a pixel at any sensible locator scale.
TINY_ISLAND = {
    "type": "Polygon",
    "coordinates": [
        [[-66.47, 80.824], [-66.445, 80.824], [-66.445, 80.829], [-66.47, 80.829], [-66.47, 80.824]]
    ],
}
EMPTY = {"type": "Polygon", "coordinates": []}
# A bow-tie: self-intersecting, invalid.
INVALID = {
    "type": "Polygon",
    "coordinates": [[[33.0, 35.0], [33.2, 35.2], [33.2, 35.0], [33.0, 35.2], [33.0, 35.0]]],
}
WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[33.0, 35.0], [33.6, 35.0], [33.6, 35.4], [33.0, 35.4], [33.0, 35.0]],
        [[33.2, 35.1], [33.4, 35.1], [33.4, 35.3], [33.2, 35.3], [33.2, 35.1]],
    ],
}
SHARED = {
    "antimeridian_line": ANTIMERIDIAN_LINE,
    "antimeridian_polygon": ANTIMERIDIAN_POLYGON,
    "pole": POLE_POLYGON,
    "tiny_island": TINY_ISLAND,
    "empty": EMPTY,
    "invalid": INVALID,
    "holes": WITH_HOLE,
}

KAESONG_ZONE = {
    "type": "Polygon",
    "coordinates": [
        [
            [126.565, 37.922],
            [126.612, 37.920],
            [126.620, 37.940],
            [126.585, 37.952],
            [126.565, 37.922],
        ]
    ],
}
KOREA_MDL = {  # rough course of the Military Demarcation Line near Panmunjom
    "type": "LineString",
    "coordinates": [
        [126.64, 37.77],
        [126.68, 37.86],
        [126.677, 37.956],
        [126.75, 38.02],
        [126.9, 38.1],
        [127.1, 38.25],
        [127.3, 38.3],
    ],
}
BIR_TAWIL = {
    "type": "Polygon",
    "coordinates": [[[33.18, 22.0], [34.09, 22.0], [33.92, 21.74], [33.47, 21.74], [33.18, 22.0]]],
}
GREEN_LINE = {  # rough course of the UN buffer zone's centre line, west to east
    "type": "LineString",
    "coordinates": [
        [32.77, 35.16],
        [32.93, 35.12],
        [33.1, 35.13],
        [33.25, 35.16],
        [33.36, 35.175],
        [33.48, 35.16],
        [33.65, 35.1],
        [33.78, 35.07],
        [33.91, 35.05],
    ],
}
BIG_DIOMEDE = {
    "type": "Polygon",
    "coordinates": [
        [
            [-169.114, 65.817],
            [-169.129, 65.778],
            [-169.106, 65.753],
            [-169.053, 65.773],
            [-169.019, 65.817],
            [-169.091, 65.83],
            [-169.114, 65.817],
        ]
    ],
}
LITTLE_DIOMEDE = {
    "type": "Polygon",
    "coordinates": [
        [
            [-168.887, 65.771],
            [-168.927, 65.765],
            [-168.935, 65.754],
            [-168.907, 65.739],
            [-168.879, 65.746],
            [-168.887, 65.771],
        ]
    ],
}
KAESONG_POINTS = (  # stations and crossings, as in the demo post
    ("Dorasan station", 126.7072, 37.8997),
    ("Dorasan CIQ (Inter-Korean Transit Office)", 126.717, 37.895),
    ("Panmunjom (Joint Security Area)", 126.6775, 37.9561),
    ("Kaesong station", 126.5535, 37.9645),
)
KINMEN_POINTS = (
    ("Kinmen (Greater Kinmen)", 118.38, 24.45),
    ("Lieyu (Little Kinmen)", 118.24, 24.43),
    ("Nangan", 119.935, 26.158),
    ("Beigan", 119.99, 26.225),
    ("Dongyin", 120.49, 26.37),
    ("Xiamen (city)", 118.0894, 24.4798),
)


def points(rows: tuple[tuple[str, float, float], ...]) -> tuple[dict, ...]:
    return tuple(feature({"type": "Point", "coordinates": [x, y]}, n) for n, x, y in rows)


BERING_BOUNDARY = {  # the 1867 convention line between the Diomedes
    "type": "LineString",
    "coordinates": [[-168.975, 65.5], [-168.975, 66.0]],
}

DEMO_SPECS = {
    "kaesong": LocatorSpec(
        "Kaesong Industrial Zone",
        "Kaesong Industrial Region",
        126.60,
        37.93,
        "KP",
        None,
        (
            LocatorLayer(
                "zone",
                "Industrial zone",
                None,
                (feature(KAESONG_ZONE, "Kaesong Industrial Region"),),
            ),
            LocatorLayer("mdl", "Military Demarcation Line", "ceasefire", (feature(KOREA_MDL),)),
            LocatorLayer("crossings", "Stations and crossings", None, points(KAESONG_POINTS)),
        ),
    ),
    "diomede": LocatorSpec(
        "Diomede Islands",
        "Diomede Islands",
        -168.925,
        65.757,
        "US",
        None,
        (
            LocatorLayer(
                "islands",
                "Big and Little Diomede",
                None,
                (feature(BIG_DIOMEDE, "Big Diomede"), feature(LITTLE_DIOMEDE, "Little Diomede")),
            ),
            LocatorLayer("line", "US–Russia boundary", None, (feature(BERING_BOUNDARY),)),
        ),
    ),
    "hans": LocatorSpec(
        "Hans Island",
        "Hans Island",
        -66.46,
        80.83,
        "CA",
        None,
        (LocatorLayer("island", "Hans Island", None, (feature(TINY_ISLAND, "Hans Island"),)),),
    ),
    "bir-tawil": LocatorSpec(
        "Bir Tawil",
        "Bir Tawil",
        33.74,
        21.87,
        None,
        None,
        (LocatorLayer("area", "Bir Tawil", None, (feature(BIR_TAWIL, "Bir Tawil"),)),),
    ),
    "cyprus": LocatorSpec(
        "Cyprus Green Line",
        "United Nations Buffer Zone in Cyprus",
        33.36,
        35.17,
        "CY",
        "region",
        (
            LocatorLayer(
                "green-line",
                "Green Line (buffer zone centre line)",
                "ceasefire",
                (feature(GREEN_LINE),),
            ),
        ),
        story="Cyprus Green Line\nA UN buffer zone through the middle of Nicosia\nSince 1974 a UN-patrolled "
        "buffer zone has cut Cyprus in two, from the north-west coast through the old city of Nicosia to the "
        "outskirts of Famagusta.",
    ),
    "kuril": LocatorSpec("Kuril Islands", "Iturup", 147.85, 45.05, "RU", "country"),
    "kinmen": LocatorSpec(
        "Kinmen and Lienchiang",
        "Kinmen and Lienchiang (Matsu) counties",
        118.38,
        24.45,
        "TW",
        "region",
        (LocatorLayer("islands", "Islands and nearby city", None, points(KINMEN_POINTS)),),
    ),
}
GOLDEN = ("kaesong", "diomede", "hans", "bir-tawil")
