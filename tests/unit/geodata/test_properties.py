"""Property-based tests: any input gives a ParsedLayer or a located ContentError, nothing else.

Each reader gets arbitrary bytes, and structured-but-random documents (KML, GPX, GeoJSON,
KMZ) built from strategies that mix valid and broken parts, so the readers' deeper paths
run too. Every result must also be clean: 2D finite positions and JSON-serialisable.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from atlaspress.content.layers import ParsedLayer, read_layer
from atlaspress.content.layers.geojson import GEOMETRY_TYPES
from atlaspress.core.errors import ContentError

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis-layers")


def _positions(geometry: dict | None):
    if geometry is None:
        return
    if geometry["type"] == "GeometryCollection":
        for part in geometry["geometries"]:
            yield from _positions(part)
        return
    stack = [geometry["coordinates"]]
    while stack:
        item = stack.pop()
        if item and isinstance(item[0], (int, float)):
            yield item
        else:
            stack.extend(item)


def check(workdir: Path, suffix: str, data: bytes) -> ParsedLayer | ContentError:
    """Read ``data`` as a ``suffix`` file; the only acceptable outcomes are asserted here."""
    path = workdir / f"layer{suffix}"
    path.write_bytes(data)
    try:
        layer = read_layer(path, display=f"layer{suffix}")
    except ContentError as exc:
        d = exc.diagnostic
        assert d.line >= 1 and d.column >= 1 and d.code == "layer" and d.message
        assert d.path.startswith(f"layer{suffix}")
        event("refused: " + d.message.split(":")[0][:40])
        return exc
    assert isinstance(layer, ParsedLayer)
    event("parsed" + (" with features" if layer.features else ""))
    json.dumps([layer.features, layer.title, layer.skipped, layer.warnings], allow_nan=False)
    ids = {g.id for g in layer.groups}
    for feature in layer.features:
        assert set(feature["properties"]) == {"name", "description", "group", "style", "data"}
        assert feature["properties"]["group"] in ids | {None}
        for position in _positions(feature["geometry"]):
            assert len(position) == 2 and all(math.isfinite(v) for v in position)
            assert -90 <= position[1] <= 90
    for name in layer.assets:
        assert not name.startswith("/") and ".." not in name.split("/")
    return layer


# -- arbitrary bytes ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".kml", ".kmz", ".gpx", ".geojson"])
@SETTINGS
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes(workdir: Path, suffix: str, data: bytes) -> None:
    check(workdir, suffix, data)


@pytest.mark.parametrize("suffix", [".kml", ".gpx", ".geojson"])
@SETTINGS
@given(text=st.text(max_size=400))
def test_arbitrary_text(workdir: Path, suffix: str, text: str) -> None:
    check(workdir, suffix, text.encode("utf-8", "surrogatepass"))


# -- building blocks ---------------------------------------------------------------------

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-200, max_value=200),
    st.integers(min_value=-1000, max_value=1000),
)
number_text = st.one_of(
    numbers.map(repr),
    st.sampled_from(["", "nan", "inf", "-0", "1e400", "1_000", "abc", "0x10", "١٢", " 12 "]),
)
names = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),  # valid XML text
    st.text(max_size=5),  # sometimes anything, control characters included
)
lons = st.floats(min_value=-180, max_value=180)
lats = st.floats(min_value=-90, max_value=90)
good_lon, good_lat = lons.map(repr), lats.map(repr)


@st.composite
def kml_tuple(draw) -> str:
    if draw(st.integers(0, 5)):
        parts = [draw(good_lon), draw(good_lat)] + (
            [draw(number_text)] if draw(st.booleans()) else []
        )
    else:
        parts = draw(st.lists(number_text, min_size=1, max_size=4))
    return draw(st.sampled_from([",", ", ", " , "])).join(parts)


@st.composite
def kml_coordinates(draw) -> str:
    tuples = draw(st.lists(kml_tuple(), max_size=6))
    if tuples and draw(st.booleans()):
        tuples.append(tuples[0])  # closed, as rings should be
    joiner = draw(st.sampled_from([" ", "\n", "\n   ", "\t", "  "]))
    return joiner.join(tuples) + draw(st.sampled_from(["", " ", "\n", ","]))


def el(tag: str, body: str = "", **attrs: str) -> str:
    attr = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    return f"<{tag}{attr}>{body}</{tag}>"


@st.composite
def kml_geometry(draw, depth: int = 0) -> str:
    kind = draw(
        st.sampled_from(
            [
                "Point",
                "LineString",
                "LinearRing",
                "Polygon",
                "MultiGeometry",
                "gx:Track",
                "gx:MultiTrack",
                "Model",
                "Bogus",
            ]
        )
    )
    if kind == "Polygon":
        rings = el("outerBoundaryIs", el("LinearRing", el("coordinates", draw(kml_coordinates()))))
        if draw(st.booleans()):
            rings = ""
        for _ in range(draw(st.integers(0, 2))):
            rings += el(
                "innerBoundaryIs", el("LinearRing", el("coordinates", draw(kml_coordinates())))
            )
        return el(kind, rings)
    if kind == "MultiGeometry":
        if depth > 2:
            return el(kind)
        return el(kind, "".join(draw(st.lists(kml_geometry(depth + 1), max_size=3))))
    if kind in ("gx:Track", "gx:MultiTrack"):
        tracks = []
        for _ in range(draw(st.integers(1, 3)) if kind == "gx:MultiTrack" else 1):
            coords = "".join(
                el(
                    "gx:coord",
                    " ".join(
                        draw(
                            st.one_of(
                                st.tuples(good_lon, good_lat, good_lat).map(list),
                                st.lists(number_text, max_size=4),
                            )
                        )
                    ),
                )
                for _ in range(draw(st.integers(0, 4)))
            )
            tracks.append(el("gx:Track", coords))
        return "".join(tracks) if kind == "gx:Track" else el(kind, "".join(tracks))
    return el(kind, el("coordinates", draw(kml_coordinates())))


colours = st.one_of(st.text("0123456789abcdefABCDEF#xyz", max_size=10), st.just("ff0000ff"))


@st.composite
def kml_style(draw, sid: str) -> str:
    if draw(st.booleans()):
        pairs = "".join(
            el(
                "Pair",
                el("key", draw(st.sampled_from(["normal", "highlight", ""])))
                + el("styleUrl", "#" + draw(st.sampled_from(["s0", "s1", "m0", "x"]))),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        return el("StyleMap", pairs, id=sid)
    body = el("LineStyle", el("color", draw(colours)) + el("width", draw(number_text)))
    body += el(
        "PolyStyle", el("color", draw(colours)) + el("fill", draw(st.sampled_from(["0", "1", "x"])))
    )
    body += el(
        "IconStyle",
        el("color", draw(colours))
        + el(
            "Icon",
            el(
                "href",
                escape(
                    draw(
                        st.sampled_from(
                            [
                                "images/a.png",
                                "../x.png",
                                "http://x/y.png",
                                "/etc/passwd",
                                "",
                                "a b.png",
                            ]
                        )
                    )
                ),
            ),
        ),
    )
    return el("Style", body, id=sid)


@st.composite
def kml_feature(draw, depth: int = 0) -> str:
    kind = draw(
        st.sampled_from(
            ["Placemark"] * 6
            + [
                "Folder",
                "Document",
                "NetworkLink",
                "GroundOverlay",
                "ScreenOverlay",
                "PhotoOverlay",
                "gx:Tour",
            ]
        )
    )
    name = el("name", escape(draw(names))) if draw(st.booleans()) else ""
    if kind in ("Folder", "Document"):
        children = draw(st.lists(kml_feature(depth + 1), max_size=3)) if depth < 3 else []
        return el(kind, name + "".join(children))
    if kind != "Placemark":
        return el(kind, name + el("Link", el("href", "http://example.com/x.kml")))
    body = name
    if draw(st.booleans()):
        body += el(
            "description",
            escape(
                draw(
                    st.sampled_from(
                        [
                            "<b>x</b>",
                            "<script>alert(1)</script>",
                            "<a href='javascript:x'>y</a>",
                            "plain",
                        ]
                    )
                )
            ),
        )
    if draw(st.booleans()):
        body += el("styleUrl", "#" + draw(st.sampled_from(["s0", "s1", "m0", "missing"])))
    if draw(st.booleans()):
        body += el(
            "ExtendedData",
            el("Data", el("value", escape(draw(names))), name=draw(names))
            + el("SchemaData", el("SimpleData", escape(draw(names)), name=draw(names))),
        )
    if draw(st.integers(0, 5)):
        body += draw(kml_geometry())
    return el("Placemark", body, **({"id": draw(names)} if draw(st.booleans()) else {}))


@st.composite
def kml_document(draw) -> str:
    styles = "".join(
        draw(kml_style(sid))
        for sid in draw(st.lists(st.sampled_from(["s0", "s1", "m0"]), max_size=3, unique=True))
    )
    features = "".join(draw(st.lists(kml_feature(), max_size=4)))
    ns = ' xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<kml{ns}>'
        + el("Document", el("name", "d") + styles + features)
        + "</kml>"
    )


def mutate(draw, text: str) -> bytes:
    """Sometimes cut or corrupt the document, so broken variants of deep paths are tried."""
    data = text.encode("utf-8", "surrogatepass")
    choice = draw(st.integers(0, 5))
    if choice == 1 and data:
        return data[: draw(st.integers(0, len(data)))]
    if choice == 2 and data:
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


@SETTINGS
@given(data=st.data())
def test_structured_kml(workdir: Path, data: st.DataObject) -> None:
    check(workdir, ".kml", mutate(data.draw, data.draw(kml_document())))


@SETTINGS
@given(data=st.data())
def test_structured_kmz(workdir: Path, data: st.DataObject) -> None:
    buffer = io.BytesIO()
    good = [
        "doc.kml",
        "other.kml",
        "images/a.png",
        "files/b.jpg",
        "dir/",
        "x.kml",
        "images/icon-1.png",
    ]
    bad = ["../evil.png", "/abs.png", "a/../../x", "C:/x.png", "a\\..\\..\\b"]
    with zipfile.ZipFile(
        buffer,
        "w",
        compression=data.draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])),
    ) as archive:
        entries = data.draw(st.lists(st.sampled_from(good), max_size=4, unique=True))
        if not data.draw(st.integers(0, 4)):
            entries.insert(data.draw(st.integers(0, len(entries))), data.draw(st.sampled_from(bad)))
        for name in entries:
            if name.endswith(".kml"):
                archive.writestr(name, mutate(data.draw, data.draw(kml_document())))
            else:
                archive.writestr(name, data.draw(st.binary(max_size=64)))
    raw = buffer.getvalue()
    if data.draw(st.booleans()):
        raw = (
            mutate(data.draw, raw.decode("latin-1"))
            .decode("utf-8", "replace")
            .encode("latin-1", "replace")
        )
    check(workdir, ".kmz", raw)


@st.composite
def gpx_point(draw, tag: str) -> str:
    attrs = {}
    for key, good in (("lat", good_lat), ("lon", good_lon)):
        if draw(st.integers(0, 19)):
            attrs[key] = draw(good) if draw(st.integers(0, 9)) else draw(number_text)
    body = "".join(
        el(t, escape(draw(names)))
        for t in draw(
            st.lists(
                st.sampled_from(["name", "desc", "ele", "time", "sym", "cmt", "type"]),
                max_size=3,
                unique=True,
            )
        )
    )
    return el(tag, body, **attrs)


@st.composite
def gpx_document(draw) -> str:
    parts = []
    for kind in draw(
        st.lists(st.sampled_from(["wpt", "rte", "trk", "metadata", "extensions"]), max_size=5)
    ):
        if kind == "wpt":
            parts.append(draw(gpx_point("wpt")))
        elif kind == "rte":
            parts.append(
                el(
                    "rte",
                    el("name", escape(draw(names)))
                    + "".join(draw(st.lists(gpx_point("rtept"), max_size=4))),
                )
            )
        elif kind == "trk":
            segments = "".join(
                el("trkseg", "".join(draw(st.lists(gpx_point("trkpt"), max_size=4))))
                for _ in range(draw(st.integers(0, 3)))
            )
            parts.append(
                el(
                    "trk",
                    el("name", escape(draw(names))) + el("desc", escape(draw(names))) + segments,
                )
            )
        else:
            parts.append(el(kind, el("name", escape(draw(names)))))
    version = draw(st.sampled_from(["1.0", "1.1"]))
    ns = f"http://www.topografix.com/GPX/{version.replace('.', '/')}"
    return '<?xml version="1.0"?>\n' + el(
        "gpx", "".join(parts), version=version, creator="t", xmlns=ns
    )


@SETTINGS
@given(data=st.data())
def test_structured_gpx(workdir: Path, data: st.DataObject) -> None:
    check(workdir, ".gpx", mutate(data.draw, data.draw(gpx_document())))


json_scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=10))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
geo_numbers = st.one_of(
    st.floats(min_value=-200, max_value=200), numbers, st.booleans(), st.text(max_size=3)
)


def nested(depth: int):
    position = st.one_of(
        st.tuples(lons, lats).map(list),
        st.tuples(lons, lats, numbers).map(list),
        st.lists(geo_numbers, min_size=0, max_size=4),
    )
    strategy = position
    for _ in range(depth):
        strategy = st.lists(strategy, max_size=5)
    return strategy


def closed_rings(draw) -> list:
    ring = draw(
        st.lists(
            st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(list), min_size=3, max_size=6
        )
    )
    return [ring + [ring[0]]]


@st.composite
def geojson_geometry(draw, depth: int = 0) -> dict:
    kind = draw(
        st.sampled_from(
            [
                *GEOMETRY_TYPES,
                "Circle",
                None,
            ]
        )
    )
    if kind == "GeometryCollection":
        parts = draw(st.lists(geojson_geometry(depth + 1), max_size=3)) if depth < 3 else []
        return {"type": kind, "geometries": parts}
    level = {
        "Point": 0,
        "MultiPoint": 1,
        "LineString": 1,
        "MultiLineString": 2,
        "Polygon": 2,
        "MultiPolygon": 3,
    }.get(kind or "", 1)
    if kind == "Polygon" and draw(st.booleans()):
        coords = closed_rings(draw)
    else:
        coords = draw(st.one_of(nested(level), nested(max(level - 1, 0)), json_values))
    geometry = {"type": kind, "coordinates": coords}
    if draw(st.integers(0, 9)) == 0:
        del geometry["coordinates"]
    return geometry


@st.composite
def geojson_document(draw) -> object:
    def feature():
        return st.fixed_dictionaries(
            {
                "type": st.sampled_from(["Feature", "Feature", "Feature", "feature"]),
                "geometry": st.one_of(st.none(), geojson_geometry()),
                "properties": st.one_of(
                    st.none(),
                    json_values,
                    st.fixed_dictionaries(
                        {
                            "name": json_scalars,
                            "description": json_scalars,
                            "stroke": json_scalars,
                            "fill-opacity": json_scalars,
                            "style": json_values,
                            "data": json_values,
                            "group": json_scalars,
                            "icon": json_scalars,
                        }
                    ),
                ),
            }
        )

    shape = draw(st.sampled_from(["collection", "feature", "geometry", "junk"]))
    if shape == "collection":
        return {
            "type": "FeatureCollection",
            "title": draw(json_scalars),
            "groups": draw(
                st.one_of(
                    json_values,
                    st.lists(
                        st.fixed_dictionaries({"id": json_scalars, "title": json_scalars}),
                        max_size=2,
                    ),
                )
            ),
            "features": draw(st.one_of(st.lists(feature(), max_size=4), json_values)),
        }
    if shape == "feature":
        return draw(feature())
    if shape == "geometry":
        return draw(geojson_geometry())
    return draw(json_values)


@SETTINGS
@given(data=st.data())
def test_structured_geojson(workdir: Path, data: st.DataObject) -> None:
    doc = data.draw(geojson_document())
    text = json.dumps(doc, indent=data.draw(st.sampled_from([None, 1, 2])))
    check(workdir, data.draw(st.sampled_from([".geojson", ".json"])), mutate(data.draw, text))
