"""Redirects: aliases in front matter and [redirects] in atlaspress.toml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlaspress.app.build import compile_site
from atlaspress.core.config import SiteConfig
from atlaspress.core.errors import ConfigError
from atlaspress.core.sitepaths import Alias, AliasError, parse_alias, parse_target

from ..conftest import CONFIG, post_text

# --- parsing one alias --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "alias", "file"),
    [
        ("/2016/02/kaesong/", Alias("/2016/02/kaesong/"), "2016/02/kaesong/index.html"),
        ("  /2016/02/kaesong  ", Alias("/2016/02/kaesong"), "2016/02/kaesong/index.html"),
        ("/old-page.html", Alias("/old-page.html"), "old-page.html"),
        ("/index.php", Alias("/index.php"), "index.php/index.html"),
        ("/caf%C3%A9/", Alias("/café/"), "café/index.html"),
        ("/?p=123", Alias("/", "p=123"), None),
        ("/?p=1&cat=2", Alias("/", "cat=2&p=1"), None),  # order does not matter
    ],
)
def test_good_aliases(text, alias, file):
    assert parse_alias(text) == alias
    assert alias.file == file


def test_alias_text_is_percent_encoded_for_redirects_files():
    assert parse_alias("/café au lait/").text == "/caf%C3%A9%20au%20lait/"
    assert parse_alias("/?p=1&cat=2").text == "/?cat=2&p=1"


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("/../../etc", "'/../../etc' has a . or .. segment; an alias cannot leave or climb the site",
         'write the address as the old site had it, from the root, e.g. "/2016/02/old-slug/"'),
        ("/a/%2e%2E/b/", "'/a/%2e%2E/b/' has a . or .. segment; an alias cannot leave or climb the site",
         'write the address as the old site had it, from the root, e.g. "/2016/02/old-slug/"'),
        ("/a/%2F..%2Fb", "'/a/%2F..%2Fb' has a . or .. segment; an alias cannot leave or climb the site",
         'write the address as the old site had it, from the root, e.g. "/2016/02/old-slug/"'),
        ("javascript:alert(1)", "'javascript:alert(1)' names a scheme or host; an alias is a path of this site",
         'write only the path, e.g. "/2016/02/old-slug/" for https://old.example/2016/02/old-slug/'),
        ("https://old.example/x/", "'https://old.example/x/' names a scheme or host; an alias is a path of this site",
         'write only the path, e.g. "/2016/02/old-slug/" for https://old.example/2016/02/old-slug/'),
        ("//evil.example/x", "'//evil.example/x' names a scheme or host; an alias is a path of this site",
         'write only the path, e.g. "/2016/02/old-slug/" for https://old.example/2016/02/old-slug/'),
        ("/\\evil.example", "'/\\\\evil.example' holds a backslash, which browsers read as /",
         "use / between the parts of the path"),
        ("/a%5Cb", "'/a%5Cb' holds a backslash, which browsers read as /", "use / between the parts of the path"),
        ("2016/02/x/", "'2016/02/x/' does not start with /", 'write it from the site\'s root: "/2016/02/x/"'),
        ("/a#part", "'/a#part' has a fragment (#…), which browsers never send to the server",
         "remove the # and what follows it"),
        ("/a//b/", "'/a//b/' has an empty segment (//)", "write one / between the parts of the path"),
        ("/a%0Ab/", "'/a%0Ab/' holds a control character or line break", None),
        ("/2016/?p=1", "'/2016/?p=1': only the home page can take a query-string alias",
         'WordPress writes them as "/?p=123"; for other addresses write the path alone'),
        ("/?p", "'/?p': the query is not key=value pairs joined by &", 'write e.g. "/?p=123"'),
        ("/", "the alias is the home page itself", "an alias names an old address that has moved"),
        ("", "the address is empty", None),
    ],
)
def test_bad_aliases(text, message, hint):
    with pytest.raises(AliasError) as info:
        parse_alias(text)
    assert str(info.value) == message
    if hint is not None:
        assert info.value.hint == hint


def test_targets():
    assert parse_target("/") == ""
    assert parse_target("/tags/borders/") == "tags/borders/"
    with pytest.raises(AliasError, match="a redirect target has no query"):
        parse_target("/?p=1")
    with pytest.raises(AliasError, match="names a scheme or host; a redirect target is a path of this site"):
        parse_target("https://elsewhere.example/")


def test_config_redirects_are_checked_with_a_hint(tmp_path):
    from atlaspress.core.config import load_config

    (tmp_path / "atlaspress.toml").write_text('title = "A"\n\n[redirects]\n"/../x/" = "/tags/x/"\n', "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    d = info.value.diagnostic
    assert (d.line, d.code) == (4, "config.redirects")
    assert d.message == ("redirects: redirect from '/../x/': '/../x/' has a . or .. segment; an alias cannot leave "
                         "or climb the site")
    assert d.hint == 'write the address as the old site had it, from the root, e.g. "/2016/02/old-slug/"'


def test_config_redirects_are_normalised_and_sorted():
    config = SiteConfig(title="A", redirects={"/tag/b/": "/tags/b/", "/category/a": "/series/a/"})
    assert list(config.redirects) == ["/category/a", "/tag/b/"]
    with pytest.raises(ValueError, match="is given twice"):
        SiteConfig(title="A", redirects={"/?p=1&c=2": "/", "/?c=2&p=1": "/tags/"})


# --- a build ------------------------------------------------------------------------------------

REDIRECT_CONFIG = CONFIG + """
[redirects]
"/category/borders/" = "/series/contentious-borders/"
"/tag/test" = "/tags/test/"
"/gone/" = "/nowhere/"
"""


def _site(root: Path, config: str = REDIRECT_CONFIG, kaesong_aliases: str = '[/2022/09/kaesong/, "/?p=101"]',
          extra: dict[str, str] | None = None) -> Path:
    site = root / "site"
    posts = {
        "kaesong": post_text("Kaesong").replace("series:", f"aliases: {kaesong_aliases}\nseries:"),
        "kinmen": post_text("Kinmen", "2023-01-05", "24.45, 118.38").replace(
            "series:", 'aliases: ["/?p=202", /old/kinmen.html]\nseries:'),
    }
    for slug, text in posts.items():
        (site / "content" / "places" / slug).mkdir(parents=True, exist_ok=True)
        (site / "content" / "places" / slug / "index.md").write_text(text, "utf-8")
    (site / "content" / "pages").mkdir(parents=True, exist_ok=True)
    about = "---\ntitle: About\naliases: [/about-us/]\n---\nHi.\n"
    (site / "content" / "pages" / "about.md").write_text(about, "utf-8")
    for rel, text in (extra or {}).items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, "utf-8")
    (site / "atlaspress.toml").write_text(config, "utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("redirects")
    site = _site(root)
    import os

    cwd = os.getcwd()
    os.chdir(site)
    try:
        result = compile_site(Path("."))
    finally:
        os.chdir(cwd)
    return result


def test_redirect_page(built):
    assert built.output["2022/09/kaesong/index.html"].decode() == """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Moved: Kaesong — Test Atlas</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="https://atlas.example/places/kaesong/">
<meta http-equiv="refresh" content="0; url=../../../places/kaesong/">
</head>
<body>
<main>
<h1>This page has moved</h1>
<p>It is now at <a href="../../../places/kaesong/">Kaesong</a>.</p>
</main>
</body>
</html>
"""
    assert '<a href="../places/kinmen/">Kinmen</a>' in built.output["old/kinmen.html"].decode()
    assert '<a href="../about/">About</a>' in built.output["about-us/index.html"].decode()
    series = built.output["category/borders/index.html"].decode()
    assert "<title>Moved — Test Atlas</title>" in series
    assert '<a href="../../series/contentious-borders/">https://atlas.example/series/contentious-borders/</a>' in series


def test_redirects_file(built):
    assert built.output["_redirects"].decode() == """\
# Old addresses of this site and where they are now; written by atlaspress.
# Cloudflare Pages answers each with an HTTP 301; Netlify serves the redirect page at the old path.
/2022/09/kaesong/ /places/kaesong/ 301
/about-us/ /about/ 301
/category/borders/ /series/contentious-borders/ 301
/gone/ /nowhere/ 301
/old/kinmen.html /places/kinmen/ 301
/tag/test /tags/test/ 301
# Query-string addresses: Netlify's syntax, forced since / exists; the home page's script answers them too.
/ p=101 /places/kaesong/ 301!
/ p=202 /places/kinmen/ 301!
"""


def test_query_aliases_are_answered_by_the_home_page_only(built):
    home = built.output["index.html"].decode()
    assert 'var moved = {"p=101": "places/kaesong/", "p=202": "places/kinmen/"};' in home
    assert "location.replace" in home
    assert "var moved" not in built.output["page/2/index.html"].decode() if "page/2/index.html" in built.output \
        else True
    assert "var moved" not in built.output["places/kaesong/index.html"].decode()
    assert not re.search(r"<script[^>]+src=\"https?:", home)  # nothing from elsewhere


def test_redirect_pages_are_not_in_the_sitemap_or_search(built):
    sitemap = built.output["sitemap.xml"].decode()
    assert "2022/09" not in sitemap and "about-us" not in sitemap and "category" not in sitemap
    assert "about/</loc>" in sitemap
    for name in ("2022/09/kaesong/index.html", "about-us/index.html"):
        assert "data-pagefind-body" not in built.output[name].decode()


def test_a_target_that_is_no_page_is_a_warning(built):
    assert [d.format() for d in built.report.sorted()] == [
        "atlaspress.toml:12:1: warning[config.redirects]: redirect from '/gone/': /nowhere/ is not a page of the "
        "site\n  hint: check the new address; the redirect is written anyway"]


def test_output_is_deterministic(built, tmp_path):
    again = compile_site(_site(tmp_path))
    for name in ("_redirects", "2022/09/kaesong/index.html", "index.html", "about/index.html", "sitemap.xml"):
        assert again.output[name] == built.output[name], name


def test_without_pretty_urls_links_name_index_html(tmp_path):
    config = REDIRECT_CONFIG.replace('author = "Desk"\n', 'author = "Desk"\npretty_urls = false\n')
    out = compile_site(_site(tmp_path, config=config)).output
    assert '<meta http-equiv="refresh" content="0; url=../../../places/kaesong/index.html">' in \
        out["2022/09/kaesong/index.html"].decode()
    assert '"p=101": "places/kaesong/index.html"' in out["index.html"].decode()


def test_collisions_are_errors_at_the_alias_and_the_rest_is_built(tmp_path, monkeypatch):
    config = CONFIG + '\n[redirects]\n"/2022/09/kaesong" = "/tags/"\n'
    site = _site(tmp_path, config=config,
                 kaesong_aliases='[/2022/09/kaesong/, /tags/, /about/, "/?p=202", /feed.xml, /_redirects/]')
    monkeypatch.chdir(site)
    result = compile_site(Path("."))
    assert [d.format() for d in result.report.sorted()] == [
        "atlaspress.toml:10:1: error[config.redirects]: alias '/2022/09/kaesong' is already taken: "
        "'/2022/09/kaesong/' (2022/09/kaesong/index.html) redirects to /places/kaesong/ "
        "(content/places/kaesong/index.md:8)\n"
        "  hint: an old address can lead to one place only; remove one of the two",
        "content/places/kaesong/index.md:8:30: error[aliases.1]: alias '/tags/' is the address of a page of the "
        "site (tags/index.html); a redirect there would replace it\n"
        "  hint: remove the alias, or give the old address exactly as the old site had it",
        "content/places/kaesong/index.md:8:38: error[aliases.2]: alias '/about/' is the address of a page of the "
        "site (about/index.html); a redirect there would replace it\n"
        "  hint: remove the alias, or give the old address exactly as the old site had it",
        "content/places/kaesong/index.md:8:58: error[aliases.4]: alias '/feed.xml' is the address of a file of the "
        "site (feed.xml); a redirect there would replace it\n"
        "  hint: remove the alias, or give the old address exactly as the old site had it",
        "content/places/kaesong/index.md:8:69: error[aliases.5]: alias '/_redirects/' is the address of a file of "
        "the site (_redirects); a redirect there would replace it\n"
        "  hint: remove the alias, or give the old address exactly as the old site had it",
        "content/places/kinmen/index.md:8:11: error[aliases.0]: alias '/?p=202' is already taken: /?p=202 "
        "redirects to /places/kaesong/ (content/places/kaesong/index.md:8)\n"
        "  hint: an old address can lead to one place only; remove one of the two",
    ]
    out = result.output
    assert out["tags/index.html"].startswith(b"<!doctype html>") and b"Moved" not in out["tags/index.html"]
    assert b"<title>About" in out["about/index.html"]
    assert "/?p=202" not in out["_redirects"].decode() or "p=202 /places/kaesong/" in out["_redirects"].decode()
    assert "places/kaesong/index.html" in out and "places/kinmen/index.html" in out


def test_an_alias_a_folder_of_another_is_refused():
    from atlaspress.render.redirects import Redirect, check

    def at(text: str, line: int) -> Redirect:
        return Redirect(parse_alias(text), "places/x/", "X", "x.md", line, 1, "aliases.0")

    kept, diags = check([at("/old.html", 1), at("/old.html/more/", 2), at("/a/b/", 3), at("/a", 4)], set())
    assert [r.alias.text for r in kept] == ["/a", "/a/b/", "/old.html"]  # a/index.html and a/b/index.html
    assert [d.format() for d in diags] == [
        "x.md:2:1: error[aliases.0]: alias '/old.html/more/' cannot be written beside '/old.html' (x.md:1): "
        "one needs as a folder what the other writes as a file\n"
        "  hint: end the shorter address with / (a folder), or remove one of the two",
    ]


def test_an_alias_that_is_the_new_address_itself_is_dropped_quietly():
    from atlaspress.render.redirects import Redirect, check

    same = Redirect(parse_alias("/about/"), "about/", "About", "about.md", 4, 3, "aliases.1")
    kept, diags = check([same], {"about/index.html"})
    assert kept == [] and diags == []  # WordPress's /about/ is the site page's own address: nothing moved
