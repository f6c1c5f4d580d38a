"""The link and render stages on a small three-post site."""

from __future__ import annotations

import json
import re

import pytest
from defusedxml import ElementTree

from atlaspress.app.build import compile_site
from atlaspress.render import relative_url

from ..conftest import post_text

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(make_site):
    return make_site(
        {
            "kaesong": post_text("Kaesong", "2022-09-01", "37.93, 126.60").replace(
                "Body of Kaesong.", "See [Kinmen](kinmen)."
            ),
            "kinmen": post_text("Kinmen", "2023-01-05", "24.45, 118.38"),
            "cyprus": post_text("Cyprus", "2024-05-20", "35.17, 33.36"),
        }
    )


def test_series_order_parts_and_neighbours(site):
    result = compile_site(site)
    graph = result.graph
    assert graph.series["contentious-borders"] == ("kaesong", "kinmen", "cyprus")
    kinmen = graph.linked["kinmen"].series
    assert (kinmen.part, kinmen.total, kinmen.prev, kinmen.next) == (2, 3, "kaesong", "cyprus")
    # Kinmen is nearer to Kaesong than Cyprus is.
    assert graph.linked["kaesong"].series.see_also == ("kinmen", "cyprus")
    assert graph.order == ("cyprus", "kinmen", "kaesong")
    assert graph.years == {2024: ("cyprus",), 2023: ("kinmen",), 2022: ("kaesong",)}


def test_related_prefers_near_places(site):
    graph = compile_site(site).graph
    assert graph.linked["kaesong"].related[0] == "kinmen"


def test_internal_link_resolves(site):
    graph = compile_site(site).graph
    assert 'href="../kinmen/"' in graph.linked["kaesong"].body_html


@pytest.mark.parametrize(
    ("src", "target", "expected"),
    [
        ("index.html", "places/a/", "places/a/"),
        ("places/a/index.html", "", "../../"),
        ("places/a/index.html", "places/b/", "../b/"),
        ("places/a/index.html", "assets/style.css", "../../assets/style.css"),
        ("tags/x/index.html", "tags/x/", "./"),
    ],
)
def test_relative_url(src, target, expected):
    assert relative_url(src, target) == expected


def test_post_page_sections_in_order(site):
    html = compile_site(site).output["places/kaesong/index.html"].decode()
    ids = re.findall(r'<section id="([a-z-]+)"', html)
    # No events and no question in this post: those sections are left out, the order is kept.
    # The story, then its map: the interactive map follows the key facts, before the sources.
    # Comments are open, there are none and the site gives no address to write to: no section.
    assert ids == ["where", "at-a-glance", "facts", "map", "sources", "related"]
    assert '<nav class="toc wrap" aria-label="On this page"' in html
    assert html.count("<h1") == 1
    assert '<html lang="en">' in html
    assert "part 1 of 3" in html
    assert "For other places in Contentious borders, see" in html  # no `noun`: the title as written
    assert '<link rel="canonical" href="https://atlas.example/places/kaesong/">' in html


def test_jsonld_has_place_with_geo(site):
    html = compile_site(site).output["places/kaesong/index.html"].decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Article"
    assert data["contentLocation"]["geo"] == {"@type": "GeoCoordinates", "latitude": 37.93, "longitude": 126.6}


def test_atom_feed_is_valid_and_newest_first(site):
    files = compile_site(site).output
    root = ElementTree.fromstring(files["feed.xml"])
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Cyprus", "Kinmen", "Kaesong"]
    assert entries[0].find("{http://www.georss.org/georss}point").text == "35.170000 33.360000"
    assert root.find(f"{ATOM}updated").text == "2024-05-20T00:00:00Z"
    series = ElementTree.fromstring(files["series/contentious-borders/feed.xml"])
    assert len(series.findall(f"{ATOM}entry")) == 3


def test_sitemap_lists_every_page(site):
    files = compile_site(site).output
    root = ElementTree.fromstring(files["sitemap.xml"])
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    # Every page but the 404 page and the bare-map embeds, which are made for iframes.
    pages = {name for name in files if name.endswith(".html") and name != "404.html" and not name.startswith("embed/")}
    expected = {"https://atlas.example/" + name.removesuffix("index.html") for name in pages}
    assert locs == expected


def test_assets_are_fingerprinted_and_links_are_relative(site):
    files = compile_site(site).output
    css = [n for n in files if n.startswith("assets/style.")]
    assert len(css) == 1 and re.fullmatch(r"assets/style\.[0-9a-f]{10}\.css", css[0])
    html = files["places/kaesong/index.html"].decode()
    assert f'href="../../{css[0]}"' in html
    assert 'href="/' not in html.replace('href="/"', "")


def test_builds_are_deterministic(site):
    assert compile_site(site).output == compile_site(site).output


def test_site_templates_override_the_theme(site):
    (site / "templates" / "post").mkdir(parents=True)
    (site / "templates" / "post" / "question.html").write_text("<p>OVERRIDDEN</p>")
    html = compile_site(site).output["places/kaesong/index.html"].decode()
    assert "<p>OVERRIDDEN</p>" in html


def test_draft_is_not_published(make_site):
    site = make_site({"a": post_text().replace("tags: [test]", "tags: [test]\ndraft: true"), "b": post_text("B")})
    files = compile_site(site).output
    assert "places/a/index.html" not in files and "places/b/index.html" in files


def test_json_feeds_validate_for_site_series_and_tags(site):
    files = compile_site(site).output
    for name in ("feed.json", "series/contentious-borders/feed.json", "tags/test/feed.json"):
        data = json.loads(files[name])
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"] and data["feed_url"].endswith(name)
        for item in data["items"]:
            assert item["id"].startswith("https://atlas.example/places/")
            assert "content_html" in item and item["date_published"].endswith("Z")
            assert item["_geo"]["type"] == "Point"
    titles = [i["title"] for i in json.loads(files["feed.json"])["items"]]
    assert titles == ["Cyprus", "Kinmen", "Kaesong"]
    tag_feed = ElementTree.fromstring(files["tags/test/feed.xml"])
    assert len(tag_feed.findall(f"{ATOM}entry")) == 3


def test_country_pages_list_posts_in_or_near_a_country(site):
    result = compile_site(site)
    countries = result.graph.countries
    assert countries["north-korea"] == ("North Korea", ("kaesong",))
    assert "kaesong" in countries["south-korea"][1], "Kaesong is a few km from South Korea"
    assert "kinmen" in countries["china"][1] and "kinmen" in countries["taiwan"][1]
    html = result.output["countries/north-korea/index.html"].decode()
    assert "<h1>North Korea</h1>" in html and 'class="atlaspress-overview"' in html


def test_series_page_has_a_numbered_overview_map(site):
    html = compile_site(site).output["series/contentious-borders/index.html"].decode()
    svg = re.search(r'<svg[^>]*class="atlaspress-overview".*?</svg>', html, re.S).group(0)
    assert svg.count("<circle") == 3
    assert ">1</text>" in svg and ">3</text>" in svg
    assert len(svg.encode()) < 40_000


def test_pretty_urls_off_links_to_index_files_for_file_browsing(make_site):
    from ..conftest import CONFIG

    site = make_site({"a": post_text(), "b": post_text("B", at="24.4, 118.4")}, config="pretty_urls = false\n" + CONFIG)
    html = compile_site(site).output["places/a/index.html"].decode()
    hrefs = set(re.findall(r'href="([^"#]+)"', html))
    internal = {h for h in hrefs if not h.startswith(("http", "mailto"))}
    assert "../b/index.html" in internal and "../../index.html" in internal
    assert not [h for h in internal if h.endswith("/")], internal
