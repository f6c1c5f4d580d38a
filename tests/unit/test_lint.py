"""Check-only lints: one fixture each, exact messages; --fix; external links on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner
from shapely.geometry import shape

from atlaspress.app.build import compile_site
from atlaspress.app.check import lint_site, merge
from atlaspress.app.cli import cli
from atlaspress.app.linkcheck import LinkStatus, check_links

from ..conftest import DEMO


def post(at: str, country: str | None = None, extra: str = "", body: str = "Body.", title: str = "P") -> str:
    lines = ["---", f"title: {title}", "date: 2022-09-01", "place:", "  name: P", f"  at: {at}"]
    if country:
        lines.append(f"  country: {country}")
    return "\n".join(lines) + "\n" + extra + "---\n" + body + "\n"


SOURCED = 'sources:\n  - {title: S, url: "https://example.com/"}\n'


def check(site: Path, *args: str):
    return CliRunner().invoke(cli, ["check", str(site), *args], catch_exceptions=False)


def lint_messages(site: Path, **options) -> list[str]:
    return [d.format() for d in sorted(lint_site(site, **options).diagnostics)]


# --- the place point ----------------------------------------------------------------------------


def test_swapped_coordinates_are_a_warning_whose_hint_is_the_fixed_line(make_site, chdir_tmp):
    site = make_site({"cy": post("33.36, 35.17", "CY")})  # Nicosia written longitude first
    result = check(site)
    assert result.exit_code == 0  # a warning, as in `build` (tests/hostile/test_messages.py)
    assert check(site, "--strict").exit_code == 1
    assert (
        "site/content/places/cy/index.md:6:7: warning[place.at]: the point 33.36, 35.17 lies in the sea, "
        "not in Cyprus (CY); latitude and longitude look swapped\n"
        '  hint: write "at: 35.17, 33.36"\n'
    ) in result.output
    assert "warning[place.country]" not in result.output  # explained by the swap, not repeated


def test_swapped_into_another_country(make_site, chdir_tmp):
    site = make_site({"a": post("-58.38, -34.6", "AR")})  # Buenos Aires, lon first: lands in Antarctica?
    messages = lint_messages(site)
    assert len(messages) == 1 and messages[0].endswith('hint: write "at: -34.6, -58.38"')


def test_merge_replaces_the_country_warning_with_the_swap_warning(make_site, chdir_tmp):
    site = make_site({"cy": post("33.36, 35.17", "CY")})
    result = compile_site(site)
    merge(result.report, lint_site(site))
    assert [d.code for d in result.report.sorted()] == ["place.at"]


def test_correct_points_are_quiet(make_site, chdir_tmp):
    site = make_site({"cy": post("35.17, 33.36", "CY", SOURCED),
                      "kp": post("37.93, 126.6", "KP", SOURCED, title="K")})
    assert lint_messages(site) == []


def test_a_land_place_in_the_sea_is_a_warning(make_site, chdir_tmp):
    site = make_site({"sea": post("34.2, 32.4", "CY")})
    assert lint_messages(site) == [
        "site/content/places/sea/index.md:6:7: warning[place.at]: the point lies in the sea, 56 km (35 mi) "
        "from the nearest land (Cyprus), but the place is in Cyprus\n"
        "  hint: check place.at; for an island too small for Natural Earth, add its outline as a polygon layer",
    ]


def test_near_the_coast_or_on_a_drawn_island_is_land(make_site, chdir_tmp):
    island = {"type": "Polygon", "coordinates": [[[-66.47, 80.824], [-66.445, 80.824], [-66.445, 80.829],
                                                   [-66.47, 80.829], [-66.47, 80.824]]]}
    site = make_site(
        {"coast": post("34.98, 32.99", "CY", SOURCED),  # a few hundred metres off Limassol's shore
         "hans": post("80.8264, -66.4580", "CA", SOURCED + "layers: [island.geojson]\n", title="H")},
        files={"content/places/hans/island.geojson": json.dumps(island)},
    )
    assert lint_messages(site) == []


# --- polygons -------------------------------------------------------------------------------------

BOWTIE = """{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Bow tie"},
   "geometry": {"type": "Polygon",
                "coordinates": [[[126.5, 37.9], [126.6, 38.0], [126.6, 37.9], [126.5, 38.0], [126.5, 37.9]]]}}
]}
"""
CLOCKWISE = """{"type": "Feature", "properties": {"name": "Clockwise"},
 "geometry": {"type": "Polygon",
              "coordinates": [[[126.5, 37.9], [126.5, 38.0], [126.6, 38.0], [126.6, 37.9], [126.5, 37.9]]]}}
"""
UNCLOSED = """{"type": "Polygon", "coordinates": [[[126.5, 37.9], [126.6, 37.9], [126.6, 38.0], [126.5, 38.0]]]}
"""


def polygon_site(make_site, name: str, text: str) -> Path:
    return make_site({"p": post("37.93, 126.6", None, SOURCED + f"layers: [{name}]\n")},
                     files={f"content/places/p/{name}": text})


def test_a_self_intersecting_polygon_is_located_in_its_file(make_site, chdir_tmp):
    site = polygon_site(make_site, "bow.geojson", BOWTIE)
    assert lint_messages(site) == [
        "site/content/places/p/bow.geojson:4:32: error[geometry]: feature 1 (Bow tie): self-intersection at "
        "126.55, 37.95 (lon, lat)\n  hint: redraw the outline so its edges do not cross; "
        "`atlaspress check --fix` repairs it with shapely's make_valid",
    ]


def test_fix_repairs_a_bowtie_and_says_what_changed(make_site, chdir_tmp):
    site = polygon_site(make_site, "bow.geojson", BOWTIE)
    result = check(site, "--fix")
    assert ("fixed site/content/places/p/bow.geojson: feature 1 (Bow tie): self-intersection at 126.55, 37.95 "
            "(lon, lat) repaired with make_valid; 1 polygon became 2\n") in result.output
    assert result.exit_code == 0, result.output
    data = json.loads((site / "content/places/p/bow.geojson").read_text())
    geometry = shape(data["features"][0]["geometry"])
    assert geometry.geom_type == "MultiPolygon" and geometry.is_valid
    assert all(shapely.is_ccw(p.exterior) for p in geometry.geoms)
    assert data["features"][0]["properties"] == {"name": "Bow tie"}
    assert lint_messages(site) == []
    assert "fixed" not in check(site, "--fix").output  # nothing left to do


def test_fix_turns_a_clockwise_ring(make_site, chdir_tmp):
    site = polygon_site(make_site, "cw.geojson", CLOCKWISE)
    before = check(site)
    assert "exterior ring runs clockwise" in before.output  # the loader's warning, in every build
    result = check(site, "--fix")
    assert ("fixed site/content/places/p/cw.geojson: feature 1 (Clockwise): outer ring turned "
            "counter-clockwise (RFC 7946)\n") in result.output
    assert "clockwise;" not in check(site).output
    ring = json.loads((site / "content/places/p/cw.geojson").read_text())["geometry"]["coordinates"][0]
    assert ring == [[126.5, 37.9], [126.6, 37.9], [126.6, 38.0], [126.5, 38.0], [126.5, 37.9]]


def test_fix_closes_an_unclosed_ring_so_the_post_loads(make_site, chdir_tmp):
    site = polygon_site(make_site, "open.geojson", UNCLOSED)
    assert "error" in check(site).output and check(site).exit_code == 1
    result = check(site, "--fix")
    assert "fixed site/content/places/p/open.geojson: feature 1: closed ring 1\n" in result.output
    assert result.exit_code == 0, result.output
    ring = json.loads((site / "content/places/p/open.geojson").read_text())["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 5


# --- duplicates, facts, images ----------------------------------------------------------------------


def test_two_posts_with_one_title(make_site, chdir_tmp):
    site = make_site({"a": post("35.17, 33.36", "CY", SOURCED), "b": post("35.18, 33.37", "CY", SOURCED)})
    assert lint_messages(site) == [
        "site/content/places/b/index.md:2:8: warning[title]: 'P' is also the title of site/content/places/a/index.md\n"
        "  hint: readers, feeds and search cannot tell the two apart; give each post its own title, "
        "or merge the two posts",
    ]


def test_folders_that_differ_only_in_case(make_site, chdir_tmp):
    site = make_site({"nicosia": post("35.17, 33.36", "CY", SOURCED)})
    twin = site / "content/places/Nicosia"
    try:
        twin.mkdir()
    except FileExistsError:  # a case-insensitive file system: the very problem
        pytest.skip("case-insensitive file system")
    (twin / "index.md").write_text(post("35.17, 33.36", "CY", SOURCED).replace("title: P", "title: Q"))
    messages = lint_messages(site)
    assert messages == [
        "site/content/places/nicosia/index.md:1:1: error[slug]: folder 'nicosia' differs from 'Nicosia' only "
        "in case\n  hint: on macOS and Windows they are one folder: rename or merge them",
    ]


def test_facts_without_sources_and_images_without_alt_or_credit(make_site, chdir_tmp):
    facts = ("facts:\n  - claim: Sourced inline\n    detail: See [the report](https://example.org/r).\n"
             "  - claim: Not sourced\n    image: photo.jpg\n")
    site = make_site({"f": post("35.17, 33.36", "CY", facts, body="Intro.\n\n![](map.png)\n\n![A map](ok.png)")})
    assert lint_messages(site) == [
        "site/content/places/f/index.md:11:5: warning[facts.1]: fact has no source: the post lists no sources "
        "and the fact links to none\n  hint: add an entry under `sources:` or link the source in the fact's detail",
        "site/content/places/f/index.md:12:12: warning[facts.1.alt]: image 'photo.jpg' has no alt text\n"
        "  hint: add `alt:` saying what the image shows, for readers who cannot see it",
        "site/content/places/f/index.md:12:12: warning[facts.1.credit]: image 'photo.jpg' has no credit\n"
        "  hint: add `credit:`, e.g. `Photo: Jane Doe / CC BY 4.0`",
        "site/content/places/f/index.md:16:1: warning[image]: image 'map.png' has no alt text\n"
        "  hint: write ![what it shows](map.png)",
    ]


def test_internal_links_to_nothing_are_reported_by_check(make_site, chdir_tmp):
    site = make_site({"a": post("35.17, 33.36", "CY", SOURCED, body="See [Hans](hans-iland).")})
    assert "warning[link]: link to 'hans-iland' matches no post" in check(site).output


def test_the_demo_is_clean():
    assert lint_messages(DEMO) == []


# --- external links -----------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def _answer(self, body: bool) -> None:
        type(self).hits.append(f"{self.command} {self.path}")
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/nohead" and self.command == "HEAD":
            self.send_response(405)
        elif self.path in ("/ok", "/slow", "/nohead"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return None


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_check_links_statuses_timeouts_and_cache(server, tmp_path):
    cache = tmp_path / ".atlaspress-cache/links.json"
    urls = [f"{server}/ok", f"{server}/missing", f"{server}/slow", f"{server}/nohead"]
    clock = [1_700_000_000.0]
    first = check_links(urls, cache, timeout=0.5, now=lambda: clock[0])
    assert first == {
        f"{server}/ok": LinkStatus(200), f"{server}/missing": LinkStatus(404),
        f"{server}/slow": LinkStatus(None, "no answer within 0.5 s"), f"{server}/nohead": LinkStatus(200),
    }
    assert "GET /nohead" in _Handler.hits  # HEAD refused, GET asked
    stored = json.loads(cache.read_text())["links"]
    assert stored[f"{server}/ok"] == {"status": 200, "error": None, "checked": "2023-11-14T22:13:20Z"}
    hits = len(_Handler.hits)
    clock[0] += 3600
    assert check_links(urls, cache, timeout=0.5, now=lambda: clock[0]) == first
    assert len(_Handler.hits) == hits  # an hour later: every answer from the cache
    clock[0] += 2 * 86400
    check_links(urls, cache, timeout=0.5, now=lambda: clock[0])
    asked = {h.split()[1] for h in _Handler.hits[hits:]}
    assert asked == {"/missing", "/slow"}  # broken answers go stale after a day, good ones after a week


def test_check_links_runs_in_parallel(server, tmp_path):
    started = time.perf_counter()
    urls = [f"{server}/slow?{i}" for i in range(8)]
    result = check_links(urls, None, timeout=5, workers=8)
    assert all(status.status == 404 for status in result.values())  # /slow?i is not /slow
    urls = [f"{server}/slow"] * 1 + [f"{server}/ok?{i}" for i in range(3)]
    check_links(urls, None, timeout=5, workers=8)
    assert time.perf_counter() - started < 5


def test_check_external_reports_broken_sources_and_body_links(server, make_site, chdir_tmp):
    extra = (f'sources:\n  - {{title: Good, url: "{server}/ok"}}\n  - {{title: Gone, url: "{server}/missing"}}\n'
             "facts:\n  - claim: A fact\n    detail: |\n      Text with [a dead link]("
             f"{server}/dead).\n")
    site = make_site({"a": post("35.17, 33.36", "CY", extra, body=f"See [this]({server}/gone-too).")})
    result = check(site, "--external")
    lines = [line for line in result.output.splitlines() if "broken link" in line]
    assert lines == [
        f"site/content/places/a/index.md:10:24: warning[sources.1.url]: broken link {server}/missing: HTTP 404",
        f"site/content/places/a/index.md:14:13: warning[link]: broken link {server}/dead: HTTP 404",
        f"site/content/places/a/index.md:16:1: warning[link]: broken link {server}/gone-too: HTTP 404",
    ]
    assert (site / ".atlaspress-cache/links.json").is_file()
    hits = len(_Handler.hits)
    rerun = check(site, "--external")
    assert len(_Handler.hits) == hits and rerun.output.count("broken link") == 3
    assert "broken link" not in check(site).output  # only with --external


def test_copy_of_demo_checks_clean(tmp_path):
    site = tmp_path / "demo"
    shutil.copytree(DEMO, site, ignore=shutil.ignore_patterns("public", ".atlaspress-cache"))
    result = check(site)
    assert result.exit_code == 0 and "0 errors, 0 warnings" in result.output
