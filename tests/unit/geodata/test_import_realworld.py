"""`atlaspress import kml` on real-world exports, then a build: the file written, the
published map data and pop-ups, the files published, and what `check` says about it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from click.testing import CliRunner

from atlaspress.app.build import compile_site
from atlaspress.app.check import lint_site
from atlaspress.app.cli import cli
from atlaspress.app.importer import import_kml
from atlaspress.content.layers import read_layer
from atlaspress.core.sphere import planar_ring

from .test_realworld import REAL, crossings_kmz

TODAY = dt.date(2024, 5, 1)
TAVEUNI = REAL / "taveuni-180.kml"


def features_of(path: Path) -> dict[str, dict]:
    return {f["properties"]["name"]: f for f in json.loads(path.read_text(encoding="utf-8"))["features"]}


def published_map(output: dict[str, bytes], slug: str) -> dict[str, dict]:
    data = json.loads(output[f"places/{slug}/map.geojson"])
    return {f["properties"].get("name"): f for f in data["features"]}


# --- across the 180th meridian ---------------------------------------------------------------


def test_taveuni_is_placed_on_the_meridian_not_half_a_world_away(make_site) -> None:
    site = make_site({})
    result = import_kml(TAVEUNI, site, today=TODAY)
    text = result.post_path.read_text(encoding="utf-8")
    at = text.split("  at: ", 1)[1].split("\n", 1)[0]
    lat, lon = at.split(", ")
    # The fixture's outline straddles 180° (179.88 E … 179.84 W, 16.69–17.05 S): its
    # centre lies within a few hundredths of a degree of the meridian.
    assert lat.endswith(" S") and 16.7 < float(lat[:-2]) < 17.0
    assert (lon.endswith(" E") and float(lon[:-2]) > 179.8) or (lon.endswith(" W") and float(lon[:-2]) > 179.8)


def test_the_imported_layer_is_cut_at_180_and_wound_as_rfc_7946_asks(make_site) -> None:
    site = make_site({})
    result = import_kml(TAVEUNI, site, today=TODAY)
    assert result.normalised == (
        "2 shapes crossing the 180th meridian cut there (RFC 7946 §3.1.9); the site's map draws them whole",
        "1 polygon with rings turned counterclockwise outside, clockwise in holes (RFC 7946 §3.1.6)",
    )
    written = features_of(result.layer_file)
    island = written["Taveuni (rough outline)"]["geometry"]
    assert island["type"] == "MultiPolygon" and len(island["coordinates"]) == 2
    for polygon in island["coordinates"]:
        xs = [x for x, _ in polygon[0]]
        assert all(-180 <= x <= 180 for x in xs) and (max(xs) == 180 or min(xs) == -180)
        assert shapely.is_ccw(shapely.LinearRing(polygon[0]))
    road = written["Coast road"]["geometry"]
    assert road["type"] == "MultiLineString"
    assert road["coordinates"][0][-1][0] == 180.0 and road["coordinates"][1][0][0] == -180.0
    assert road["coordinates"][0][-1][1] == road["coordinates"][1][0][1]  # one crossing point
    assert written["Meridian marker"]["geometry"] == {"type": "Point", "coordinates": [-179.995, -16.81]}
    # The same area on the sphere as the KML drew (the cut adds no sliver and loses none).
    kml_ring = read_layer(TAVEUNI).features[0]["geometry"]["coordinates"][0]
    before = shapely.Polygon(planar_ring(np.array(kml_ring))).area
    after = sum(shapely.Polygon(planar_ring(np.array(p[0]))).area for p in island["coordinates"])
    assert after == pytest.approx(before, rel=1e-6)  # cut points rounded to 1e-7°


def test_the_loader_the_lint_and_the_web_map_agree_on_the_imported_layer(make_site, chdir_tmp) -> None:
    site = make_site({})
    result = import_kml(TAVEUNI, site, today=TODAY)
    assert [d.format() for d in lint_site(site).diagnostics] == []  # no clockwise ring, nothing invalid
    assert lint_site(site, fix=True).fixes == []  # nothing for --fix to do
    compiled = compile_site(site)
    assert [d.format() for d in compiled.report.sorted()] == []  # the loader warns of nothing either
    slug = result.post_path.parent.name
    drawn = published_map(compiled.output, slug)
    island = drawn["Taveuni (rough outline)"]["geometry"]
    assert island["type"] == "Polygon" and len(island["coordinates"]) == 1  # joined again, one outline
    ring = island["coordinates"][0]
    xs = [x for x, _ in ring]
    assert max(xs) - min(xs) < 1  # drawn where it is, not the long way round
    assert all(abs(b[0] - a[0]) < 1 for a, b in zip(ring, ring[1:], strict=False))
    assert shapely.is_ccw(shapely.LinearRing(ring))
    road = drawn["Coast road"]["geometry"]
    assert road["type"] == "LineString"  # the cut parts joined


def test_the_kml_listed_directly_is_drawn_like_the_imported_one(make_site, chdir_tmp) -> None:
    post = (
        "---\ntitle: Taveuni\ndate: 2024-05-01\nplace:\n  name: Taveuni\n  at: 16.85 S, 179.97 E\n"
        "layers: [taveuni-180.kml]\n---\nBody.\n"
    )
    site = make_site({"taveuni": post}, files={"content/places/taveuni/taveuni-180.kml": TAVEUNI.read_text()})
    imported = import_kml(TAVEUNI, site, Path("content/places/imported"), today=TODAY)
    assert imported.created
    compiled = compile_site(site)
    assert [d.format() for d in compiled.report.sorted()] == []
    direct = published_map(compiled.output, "taveuni")["Taveuni (rough outline)"]["geometry"]
    joined = published_map(compiled.output, "imported")["Taveuni (rough outline)"]["geometry"]
    assert direct["type"] == joined["type"] == "Polygon"
    a, b = shapely.Polygon(direct["coordinates"][0]), shapely.Polygon(joined["coordinates"][0])
    # Each map is unwrapped around its own post's point (179.97 E here, the importer's
    # centre there), so the frames may be a whole turn apart; the shape is the same.
    turn = 360.0 * round((a.centroid.x - b.centroid.x) / 360.0)
    b = shapely.transform(b, lambda xy: xy + [turn, 0.0])
    assert a.symmetric_difference(b).area < 1e-6 * a.area  # one shape both ways in (cut points: 1e-7°)
    assert not shapely.is_ccw(a.exterior) and shapely.is_ccw(b.exterior)  # as the KML wound it; as RFC 7946


# --- a KMZ: what is published ------------------------------------------------------------------


def test_a_kmz_layer_publishes_only_the_files_its_features_use(make_site, chdir_tmp, tmp_path) -> None:
    kmz = crossings_kmz(tmp_path)
    post = (
        "---\ntitle: DMZ\ndate: 2024-05-01\nplace:\n  name: Dorasan\n  at: 37.9, 126.708\n"
        "layers: [crossings.kmz]\n---\nBody.\n"
    )
    site = make_site({"dmz": post})
    (site / "content/places/dmz/crossings.kmz").write_bytes(kmz.read_bytes())
    compiled = compile_site(site)
    published = sorted(name for name in compiled.output if name.startswith("places/dmz/"))
    assert published == [
        "places/dmz/basemap.geojson",
        "places/dmz/card.png",
        "places/dmz/files/dorasan.jpg",
        "places/dmz/images/pin.png",
        "places/dmz/index.html",
        "places/dmz/map.geojson",
        "places/dmz/thumb.svg",
    ]  # not the archive, not files/unused.jpg, images/highlight.png or files/notes.pdf
    page = compiled.output["places/dmz/index.html"].decode()
    assert '<img src="../../places/dmz/files/dorasan.jpg" alt="Dorasan station">' in page
    embed = compiled.output["embed/dmz/index.html"].decode()
    assert '<img src="../../places/dmz/files/dorasan.jpg" alt="Dorasan station">' in embed


def test_a_kmz_import_writes_only_the_files_its_features_use(make_site, tmp_path) -> None:
    site = make_site({})
    result = import_kml(crossings_kmz(tmp_path), site, today=TODAY)
    bundle = result.post_path.parent
    assert sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()) == [
        "crossings.geojson",
        "files/dorasan.jpg",
        "images/pin.png",
        "index.md",
    ]
    assert result.skipped[0].startswith("layers/stations/stations.kml line 9: NetworkLink 'Back to the railway'")


# --- pop-ups ------------------------------------------------------------------------------------


def test_pop_ups_keep_description_markup_sanitized(make_site, chdir_tmp) -> None:
    site = make_site({})
    result = import_kml(REAL / "descriptions.kml", site, today=TODAY)
    compiled = compile_site(site)
    page = compiled.output[f"places/{result.post_path.parent.name}/index.html"].decode()
    assert "<h3>Bir Tawil</h3><p>Claimed by <b>neither</b> Egypt nor Sudan.</p><ul><li>1899 line</li>" in page
    assert "<td>STATUS</td><td>terra nullius</td>" in page
    assert "tracker.gif" not in page and "javascript:" not in page and "onclick" not in page
    assert '<a href="https://en.wikipedia.org/wiki/Bir_Tawil" rel="noopener noreferrer nofollow">Wikipedia</a>' in page


def test_pop_up_html_keeps_tables_and_headings_and_only_published_images() -> None:
    from atlaspress.maps.webmap.features import _sanitize

    html = (
        '<h3>T</h3><table><tr><td colspan="2" style="color:red">a</td></tr></table>'
        '<img src="files/photo%20one.jpg" alt="p" onerror="x()"><img src="https://lh3.example/y.jpg">'
        '<img src="files/not-published.jpg"><a href="notes.pdf">n</a> <a href="https://e.org/">e</a>'
        '<a href="javascript:alert(1)">j</a><img src="data:image/png;base64,AAAA"><script>x()</script>'
    )
    assert _sanitize(html, {"files/photo one.jpg"}, "../../places/p/") == (
        '<h3>T</h3><table><tbody><tr><td colspan="2">a</td></tr></tbody></table>'
        '<img src="../../places/p/files/photo%20one.jpg" alt="p">'
        '<a rel="noopener noreferrer nofollow">n</a> <a href="https://e.org/" rel="noopener noreferrer nofollow">e</a>'
        '<a rel="noopener noreferrer nofollow">j</a>'
    )


# --- end to end, through the CLI ------------------------------------------------------------------


def test_every_real_world_fixture_imports_and_the_site_builds(make_site, chdir_tmp, tmp_path) -> None:
    site = make_site({})
    runner = CliRunner()
    files = sorted(REAL.glob("*.kml")) + [crossings_kmz(tmp_path)]
    for path in files:
        imported = runner.invoke(cli, ["import", "kml", str(path), "--site", str(site)], catch_exceptions=False)
        assert imported.exit_code == 0, imported.output
    history = runner.invoke(
        cli,
        [
            "import",
            "kml",
            str(REAL / "location-history-day.kml"),
            "--site",
            str(site),
            "--into",
            "content/places/nicosia-day",
        ],
        catch_exceptions=False,
    )
    assert "note: line 76: 3 placemarks were skipped: they have empty <coordinates/>" in history.output
    built = runner.invoke(cli, ["build", str(site)], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    assert " 0 errors, 0 warnings" in built.output, built.output
    slugs = sorted(p.name for p in (site / "public/places").iterdir() if p.is_dir())
    assert slugs == [
        "bir-tawil",
        "dmz-crossings",
        "hans-island",
        "kinmen",
        "kurils-2005",
        "location-history-from-2019-05-01-to-2019-05-01",
        "nicosia-day",
        "panmunjom-in-3d",
        "taveuni",
    ]


# --- the winding lint across the meridian ----------------------------------------------------------

CW_JUMP = [[179.88, -16.98], [179.93, -16.88], [-179.94, -16.71], [-179.84, -16.74], [179.95, -17.03], [179.88, -16.98]]
CUT_CW = [  # the same island cut at 180°, each part wound clockwise
    [[[179.88, -16.98], [179.9, -16.9], [180.0, -16.8], [180.0, -17.0], [179.88, -16.98]]],
    [[[-180.0, -17.0], [-180.0, -16.8], [-179.9, -16.8], [-179.9, -17.0], [-180.0, -17.0]]],
]
EAST_CW = [[179.88, -16.98], [179.93, -16.88], [180.06, -16.71], [180.16, -16.74], [179.95, -17.03], [179.88, -16.98]]


def test_the_loader_and_check_fix_name_the_same_clockwise_rings_in_every_form(make_site, chdir_tmp) -> None:
    shapes = {
        "ccw jump": {"type": "Polygon", "coordinates": [CW_JUMP[::-1]]},
        "cw jump": {"type": "Polygon", "coordinates": [CW_JUMP]},
        "cw cut": {"type": "MultiPolygon", "coordinates": CUT_CW},
        "cw east": {"type": "Polygon", "coordinates": [EAST_CW]},
    }
    layer = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": k}, "geometry": g} for k, g in shapes.items()],
    }
    post = (
        "---\ntitle: T\ndate: 2024-05-01\nplace:\n  name: Taveuni\n  at: 16.85 S, 179.97 E\n"
        'sources:\n  - {title: S, url: "https://example.com/"}\nlayers: [t.geojson]\n---\nBody.\n'
    )
    site = make_site({"t": post}, files={"content/places/t/t.geojson": json.dumps(layer, indent=1)})
    warned = sorted(
        d.message.split(": ", 1)[1]  # after "t.geojson: "
        for d in compile_site(site).report.sorted()
        if "clockwise" in d.message
    )
    ring = "exterior ring runs clockwise; RFC 7946 §3.1.6 asks for counterclockwise exteriors and clockwise holes"
    assert warned == [  # line of the ring in t.geojson: feature, and for the cut one each part
        f"line 111: feature 3 ('cw cut'): {ring} (kept as authored)",
        f"line 145: feature 4 ('cw east'): {ring} (kept as authored)",
        f"line 49: feature 2 ('cw jump'): {ring} (kept as authored)",
        f"line 87: feature 3 ('cw cut'): {ring} (kept as authored)",
    ]
    fixes = lint_site(site, fix=True).fixes
    assert fixes == [
        "site/content/places/t/t.geojson: feature 2 (cw jump): outer ring turned counter-clockwise (RFC 7946)",
        "site/content/places/t/t.geojson: feature 3 (cw cut): outer ring turned counter-clockwise (RFC 7946); "
        "outer ring turned counter-clockwise (RFC 7946)",
        "site/content/places/t/t.geojson: feature 4 (cw east): outer ring turned counter-clockwise (RFC 7946)",
    ]
    assert [d.message for d in compile_site(site).report.sorted() if "clockwise" in d.message] == []
    fixed = features_of(site / "content/places/t/t.geojson")
    assert fixed["cw cut"]["geometry"]["type"] == "MultiPolygon"  # still cut at 180°
    assert all(shapely.is_ccw(shapely.LinearRing(p[0])) for p in fixed["cw cut"]["geometry"]["coordinates"])
