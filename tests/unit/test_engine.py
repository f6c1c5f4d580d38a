"""Issue 11, points 1–3: cached products, incremental rebuilds, byte-identical output, pagination.

No timings here (those are in ``benchmarks/compare.py``): calls are counted and written
files listed.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from pathlib import Path

import pytest

import atlaspress.content.load as load
import atlaspress.content.markdown as markdown
import atlaspress.maps.overview as overview
import atlaspress.maps.webmap.basemap as basemap
import atlaspress.maps.webmap.world as webmap_world
import atlaspress.output.search as search
import atlaspress.render.webmap as webmap_site
import atlaspress.site.enrich as enrich
from atlaspress.app.build import CACHE_DIR, BuildSession, build_site
from atlaspress.core.store import Store
from atlaspress.site.link import nearest_members

from ..conftest import CONFIG


def post(title: str, at: str, date: str, tags: str, body: str, series: str = "contentious-borders") -> str:
    return f"""---
title: {title}
date: {date}
summary: About {title}.
place:
  name: {title}
  at: "{at}"
series: {series}
tags: [{tags}]
---
## {title}

{body}
"""


POSTS = {
    "kaesong": post("Kaesong", "37.93, 126.60", "2022-09-01", "korea, border", "An industrial zone north of the line."),
    "kinmen": post("Kinmen", "24.44, 118.33", "2022-08-01", "china, island", "Islands a swim from Xiamen."),
    "ceuta": post("Ceuta", "35.89, -5.32", "2022-07-01", "spain, africa", "A Spanish city in Africa."),
}


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def site(make_site) -> Path:
    return make_site(POSTS)


_MEMOS = (basemap._detail_bytes, basemap.world_basemap, webmap_world._seam_costs)  # before any patching


@pytest.fixture
def forget_in_process_caches():
    """Per-process memo of geometry, so a second build in this process must use the disk cache."""
    def clear() -> None:
        for memo in _MEMOS:
            memo.cache_clear()
        markdown._MEMORY.clear()
    clear()
    yield clear
    clear()


@pytest.fixture
def work(monkeypatch) -> dict[str, list[str]]:
    """Counts of the Markdown, geometry and drawing work a build does."""
    calls: dict[str, list[str]] = {}

    def count(module, name, label=None):
        real = getattr(module, name)

        def counting(*args, **kwargs):
            calls.setdefault(label or name, []).append(str(args[0])[:40] if args else "")
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)

    count(markdown, "_render", "markdown")
    count(enrich, "enrich_post")
    count(basemap, "detail_basemap")
    count(basemap, "world_basemap")
    count(webmap_world, "_seam_costs")
    count(webmap_site, "world_svg")
    count(overview, "overview_svg")
    count(search, "_gazetteer_entries")
    count(search, "search_shards")
    real_load = load._load_post

    def loading(index, *args, **kwargs):  # by slug: what matters is which posts are parsed
        calls.setdefault("_load_post", []).append(index.parent.name)
        return real_load(index, *args, **kwargs)

    monkeypatch.setattr(load, "_load_post", loading)
    return calls


def test_a_warm_build_with_nothing_changed_does_no_markdown_geometry_or_drawing(
        site: Path, work: dict[str, list[str]], forget_in_process_caches) -> None:
    first = build_site(site)
    assert first.written and not first.report.errors
    assert len(work["markdown"]) >= 3 and len(work["enrich_post"]) == 3 and work["detail_basemap"]
    before = tree(site / "public")
    work.clear()
    forget_in_process_caches()

    second = build_site(site)  # a new session: everything comes from the disk cache

    assert second.written and not second.report.errors
    for kind in ("markdown", "enrich_post", "detail_basemap", "world_basemap", "_seam_costs", "world_svg",
                 "overview_svg", "_gazetteer_entries", "search_shards"):
        assert work.get(kind, []) == [], kind
    assert second.written_files == set()  # nothing rendered, nothing rewritten but the marker
    assert tree(site / "public") == before


def _edit_body(site: Path, slug: str, old: str, new: str) -> None:
    path = site / "content" / "places" / slug / "index.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_body_edit_rewrites_that_post_page_its_feeds_and_the_search_index(site: Path, work) -> None:
    build_site(site)
    work.clear()

    _edit_body(site, "kinmen", "a swim from Xiamen", "a short swim from Xiamen")
    result = build_site(site)

    written = result.written_files
    feeds = {f"{base}feed.{ext}" for base in ("", "series/contentious-borders/", "tags/china/", "tags/island/")
             for ext in ("xml", "json")}
    assert {p for p in written if not p.startswith("pagefind/")} == {"places/kinmen/index.html", *feeds}
    assert any(p.startswith("pagefind/") for p in written)
    assert work["markdown"] and all("short swim" in call or "Kinmen" in call for call in work["markdown"])
    assert work.get("enrich_post", []) == []  # the body is no input of the locator, card or facts
    assert work.get("detail_basemap", []) == []
    # … and only the edited post is parsed again: the others are kept loaded (content.loadcache)
    assert work["_load_post"] == ["kinmen"]
    assert "a short swim" in (site / "public/places/kinmen/index.html").read_text(encoding="utf-8")


def test_a_title_edit_rewrites_every_page_that_shows_the_post(site: Path) -> None:
    build_site(site)
    _edit_body(site, "kinmen", "title: Kinmen", "title: Kinmen and Matsu")
    written = build_site(site).written_files
    for page in ("places/kinmen/index.html", "places/kaesong/index.html", "places/ceuta/index.html",  # related
                 "index.html", "tags/china/index.html", "series/contentious-borders/index.html",
                 "embed/kinmen/index.html", "places/kinmen/card.png", "places.geojson", "search/places.json"):
        assert page in written, page
    assert "tags/spain/index.html" not in written and "embed/ceuta/index.html" not in written
    assert "places/ceuta/card.png" not in written


def test_incremental_builds_are_byte_identical_to_cold_ones(site: Path, tmp_path: Path) -> None:
    build_site(site)
    _edit_body(site, "kaesong", "north of the line", "just north of the line, see [Kinmen](kinmen)")
    _edit_body(site, "ceuta", "title: Ceuta", "title: Ceuta and Melilla")
    (site / "content/places/ceuta/index.md").write_text(
        (site / "content/places/ceuta/index.md").read_text().replace("tags: [spain, africa]", "tags: [spain]"))
    warm = build_site(site)
    assert warm.unchanged  # it was incremental
    warm_tree = tree(site / "public")

    cold_site = tmp_path / "cold"
    cold_site.mkdir()
    for item in site.iterdir():
        if item.name not in (CACHE_DIR, "public"):
            if item.is_dir():
                import shutil

                shutil.copytree(item, cold_site / item.name)
            else:
                (cold_site / item.name).write_bytes(item.read_bytes())
    build_site(cold_site)
    assert tree(cold_site / "public") == warm_tree
    assert not (site / "public/tags/africa").exists()  # gone with the tag


def test_a_file_changed_in_the_output_by_hand_is_made_again(site: Path) -> None:
    build_site(site)
    page = site / "public/places/ceuta/index.html"
    good = page.read_bytes()
    page.write_bytes(b"vandalised")
    result = build_site(site)
    assert "places/ceuta/index.html" in result.written_files
    assert page.read_bytes() == good


def test_the_dev_server_session_reads_only_the_changed_post(site: Path, work) -> None:
    session = BuildSession(site, site / "public", keep_in_memory=True)
    build_site(site, session=session)
    work.clear()
    _edit_body(site, "ceuta", "in Africa", "on the coast of Africa")
    result = build_site(site, session=session)
    assert work["_load_post"] == ["ceuta"]
    assert "places/ceuta/index.html" in result.written_files
    assert "places/kaesong/index.html" not in result.written_files


def test_kept_files_are_hard_links_of_the_previous_output(site: Path) -> None:
    build_site(site)
    before = (site / "public/places/kaesong/card.png").stat().st_ino
    _edit_body(site, "ceuta", "in Africa", "in north Africa")
    build_site(site)
    assert (site / "public/places/kaesong/card.png").stat().st_ino == before


# --- pagination ---------------------------------------------------------------------------

def test_home_and_tag_listings_are_paginated(make_site) -> None:
    posts = {f"p{i}": post(f"Place {i}", f"{10 + i}, {20 + i}", f"2020-01-{i + 1:02d}", "all", f"Text {i}.")
             for i in range(5)}
    site = make_site(posts, config="posts_per_page = 2\n" + CONFIG)
    files = build_site(site)
    assert files.written
    out = site / "public"
    home = [out / "index.html", out / "page/2/index.html", out / "page/3/index.html"]
    tag = [out / "tags/all/index.html", out / "tags/all/page/2/index.html", out / "tags/all/page/3/index.html"]
    assert all(p.is_file() for p in home + tag) and not (out / "page/4").exists()
    shown = []
    for page in home:
        html = page.read_text(encoding="utf-8")
        shown += re.findall(r'class="card__title"><a href="[^"]*places/(p\d)/"', html)
        assert html.count('class="card__title"') <= 2
    assert shown == ["p4", "p3", "p2", "p1", "p0"]  # newest first, each once
    first, second, last = (p.read_text(encoding="utf-8") for p in home)
    assert 'rel="next" href="page/2/"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="../../"' in second and 'rel="next" href="../3/"' in second
    assert 'rel="next"' not in last and "Page 3 of 3" in last
    assert "world-svg" in first and "world-svg" not in second  # the world map is on page 1 only
    tag_second = tag[1].read_text(encoding="utf-8")
    assert 'rel="prev" href="../../"' in tag_second and 'rel="next" href="../3/"' in tag_second
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://atlas.example/page/2/" in sitemap and "https://atlas.example/tags/all/page/3/" in sitemap


# --- the cache is data, checked ------------------------------------------------------------

def test_store_entries_tampered_with_are_misses(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.put_json("md-html", "k1", {"html": "<p>fine</p>", "unresolved": []})
    store.put_bytes("basemap", "k2", b'{"type":"FeatureCollection"}')
    fresh = Store(tmp_path)
    assert fresh.get_json("md-html", "k1", lambda v: v) == {"html": "<p>fine</p>", "unresolved": []}
    assert fresh.get_bytes("basemap", "k2") == b'{"type":"FeatureCollection"}'

    (entry,) = (tmp_path / "md-html").rglob("*.json")
    head, payload = entry.read_text().split("\n", 1)
    assert head.startswith("atlaspress-json md-html k1 ")
    data = json.loads(payload)
    data["html"] = "<script>alert(1)</script>"
    entry.write_text(head + "\n" + json.dumps(data))
    (blob,) = (tmp_path / "basemap").rglob("*.bin")
    blob.write_bytes(blob.read_bytes().replace(b"FeatureCollection", b"FeatureCollectioN"))
    fresh = Store(tmp_path)
    assert fresh.get_json("md-html", "k1", lambda v: v) is None
    assert fresh.get_bytes("basemap", "k2") is None
    assert fresh.get_json("md-html", "k1", lambda v: v) is None  # (not remembered as a hit either)


def test_an_entry_made_with_another_secret_is_a_miss(tmp_path: Path, monkeypatch) -> None:
    Store(tmp_path / "cache").put_json("md-links", "k", ["kinmen"])
    other = tmp_path / "other-secret"
    other.write_text("x" * 64)
    monkeypatch.setenv("ATLASPRESS_CACHE_SECRET", str(other))
    assert Store(tmp_path / "cache").get_json("md-links", "k", lambda v: v) is None


def test_a_planted_markdown_entry_never_reaches_the_page(site: Path, work, forget_in_process_caches) -> None:
    build_site(site)
    planted = 0
    for entry in (site / CACHE_DIR).rglob("*.json"):  # the Markdown HTML and the per-post prose entries
        text = entry.read_text(encoding="utf-8")
        if "a swim from Xiamen" in text:
            entry.write_text(text.replace("a swim from Xiamen", "<script>alert(1)</script>"), encoding="utf-8")
            planted += 1
    assert planted >= 2
    forget_in_process_caches()
    work.clear()
    (site / "public").rename(site / "old-public")  # a cold output, warm cache
    build_site(site)
    page = (site / "public/places/kinmen/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "a swim from Xiamen" in page
    assert any("Kinmen" in call for call in work["markdown"])  # rendered again


def test_a_tampered_output_record_means_a_full_build(site: Path) -> None:
    build_site(site)
    (record,) = (site / CACHE_DIR / "outputs").rglob("*.json")
    head, payload = record.read_text().split("\n", 1)
    data = json.loads(payload)
    for item in data["outputs"].values():
        item[0] = "sha256:0"
    record.write_text(head + "\n" + json.dumps(data))
    result = build_site(site)
    assert result.written and "places/kaesong/index.html" in result.written_files


# --- linear-time neighbours -----------------------------------------------------------------

def test_series_neighbours_match_the_exhaustive_search(make_site) -> None:
    from atlaspress.app.build import compile_site

    rng = random.Random(3)
    posts = {f"p{i:02d}": post(f"P {i}", f"{rng.uniform(-60, 70):.3f}, {rng.uniform(-180, 180):.3f}",
                               f"2020-02-{1 + i % 28:02d}", "t", "x") for i in range(40)}
    graph = compile_site(make_site(posts)).graph
    assert graph is not None
    members = graph.series["contentious-borders"]
    from atlaspress.site.link import distance_km

    for slug in members:
        exhaustive = sorted((m for m in members if m != slug),
                            key=lambda m: (round(distance_km(graph.posts[slug], graph.posts[m]), 3), m))[:2]
        assert list(graph.linked[slug].series.see_also) == exhaustive
    assert nearest_members(members, graph.posts) == {s: list(graph.linked[s].series.see_also) for s in members}
    assert math.isfinite(len(members))


def test_serve_shows_an_edit_first_and_brings_the_search_index_up_to_date_after(site: Path, tmp_path: Path) -> None:
    import shutil

    from rich.console import Console

    from atlaspress.app.serve import DevServer

    quiet = (tmp_path / "console.txt").open("w")
    server = DevServer(site, site / "public", port=0, watch=False, console=Console(file=quiet))
    server.start()
    try:
        _edit_body(site, "kinmen", "a swim from Xiamen", "a ferry ride from Xiamen")
        result = server.rebuild({"content/places/kinmen/index.md"})
        assert result.search_stale and "places/kinmen/index.html" in result.written_files
        assert not any(p.startswith("pagefind/") for p in result.written_files)
        assert "a ferry ride" in (site / "public/places/kinmen/index.html").read_text(encoding="utf-8")
        for thread in [t for t in server._threads if t.name == "atlaspress-index"]:
            thread.join(timeout=120)
    finally:
        server.stop()
        quiet.close()
    cold = tmp_path / "cold"
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns(CACHE_DIR, "public"))
    build_site(cold)
    assert tree(site / "public") == tree(cold / "public")  # the index caught up: as a cold build


# --- nothing changed: answered from file stamps (atlaspress.app.uptodate) -------------------------


def test_a_build_with_no_input_touched_reads_no_post(site: Path, work) -> None:
    first = build_site(site)
    assert not first.up_to_date
    work.clear()
    again = build_site(site)
    assert again.up_to_date and again.written and not again.report.sorted()
    assert (again.pages, again.files) == (first.pages, first.files)
    assert work.get("_load_post", []) == [] and work.get("markdown", []) == []
    assert "up to date" in again.summary()


def test_a_touched_post_runs_the_pipeline_but_makes_nothing(site: Path, work, forget_in_process_caches) -> None:
    build_site(site)
    before = tree(site / "public")
    work.clear()
    forget_in_process_caches()
    path = site / "content/places/kinmen/index.md"
    path.write_bytes(path.read_bytes())  # same bytes, a new modification time
    result = build_site(site)
    # Its bytes are the same: it is kept loaded (content.loadcache keys index.md by its SHA-256).
    assert not result.up_to_date and work.get("_load_post", []) == []
    for kind in ("markdown", "enrich_post", "detail_basemap", "world_svg", "overview_svg", "search_shards"):
        assert work.get(kind, []) == [], kind
    assert result.written_files == set() and tree(site / "public") == before
    assert build_site(site).up_to_date  # and the next one has nothing to do


@pytest.mark.parametrize("change", ["new file", "deleted output", "edited output", "stray output file",
                                    "stray output folder", "library"])
def test_any_change_to_inputs_or_outputs_means_a_build(site: Path, change: str, monkeypatch) -> None:
    import atlaspress.app.uptodate as uptodate

    build_site(site)
    if change == "new file":
        (site / "content/places/melilla").mkdir()
        (site / "content/places/melilla/index.md").write_text(
            post("Melilla", "35.29, -2.94", "2022-06-01", "spain, africa", "The other Spanish city in Africa."))
    elif change == "deleted output":
        (site / "public/places/ceuta/index.html").unlink()
    elif change == "edited output":
        (site / "public/index.html").write_text("vandalised")
    elif change == "stray output file":
        (site / "public/places/ceuta/stray.html").write_text("left by hand")
    elif change == "stray output folder":
        (site / "public/leftover").mkdir()
    else:
        real = uptodate._versions
        monkeypatch.setattr(uptodate, "_versions", lambda: [*real(), "jinja2 99.0"])
    result = build_site(site)
    assert not result.up_to_date
    assert (site / "public/places/ceuta/index.html").is_file()
    assert (site / "public/index.html").read_text() != "vandalised"
    if change == "new file":
        assert (site / "public/places/melilla/index.html").is_file()
    assert not (site / "public/places/ceuta/stray.html").exists() and not (site / "public/leftover").exists()


def test_a_build_with_a_warning_is_run_again_so_the_warning_is_printed_again(make_site) -> None:
    broken = POSTS["kinmen"].replace("Islands a swim", "See [nowhere](no-such-post). Islands")
    site = make_site({**POSTS, "kinmen": broken})
    first = build_site(site)
    assert first.report.warnings
    second = build_site(site)
    assert not second.up_to_date and [d.format() for d in second.report.warnings] == [
        d.format() for d in first.report.warnings]


def test_a_warm_build_loads_no_geometry_or_markdown_library(site: Path) -> None:
    """A build whose posts all come from the cache imports neither numpy, shapely, pyproj nor
    the Markdown parser: importing them was most of a warm build's time."""
    import subprocess
    import sys

    build_site(site)
    path = site / "content/places/kinmen/index.md"
    path.write_bytes(path.read_bytes())  # the pipeline runs, with everything cached
    script = ("import sys; from pathlib import Path; from atlaspress.app.build import build_site; "
              "r = build_site(Path(sys.argv[1])); assert r.written and not r.up_to_date, r.summary(); "
              "print(sorted(m for m in ('numpy', 'shapely', 'pyproj', 'markdown_it', 'resvg_py') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script, str(site)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_templates_compiled_once_are_read_back_by_the_next_run(tmp_path: Path, monkeypatch) -> None:
    """Compiling the theme was ~0.4 s of every build; the next process reads the compiled
    templates from the user's cache folder (never the site's) and compiles none."""
    from jinja2 import Environment

    from atlaspress.render.pages import make_environment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    make_environment(None).get_template("post.html")
    assert list((tmp_path / "atlaspress" / "templates").iterdir())

    def refuse(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", refuse)
    assert make_environment(None).get_template("post.html").render  # from the cache, no compile
