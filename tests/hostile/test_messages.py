"""Issue 9, point 11: author mistakes get the right words, at the right place.

A tab in YAML indentation is named as such at the tab; pydantic's wording ("uRL scheme
should be …", "input should be a valid dictionary or instance of Place") becomes ours; a
link to a missing post points at the link, not at column 1 of its paragraph; the duplicate
title warning names the posts that share a title, and only those; latitude and longitude
swapped but in range are a warning in ``build`` and in ``check``, in the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from atlaspress.app.build import build_site
from atlaspress.app.cli import cli

from ..conftest import post_text

HEAD = "---\ntitle: {title}\ndate: 2022-09-01\nplace:\n  name: P\n  at: 37.93, 126.60\n"
YAML_TABS = "\n  hint: replace the tab with spaces (two per level); most editors can indent with spaces"
URL_HINT = "\n  hint: write the page's full address, e.g. https://www.example.org/page"


def build(make_site: Callable[..., Path], posts: dict[str, str]) -> tuple[list[str], Path]:
    site = make_site({"good": post_text(title="Good place"), **posts})
    result = build_site(Path("site"), Path("out"))
    assert result.written and (site.parent / "out/places/good/index.html").is_file()
    return [d.format() for d in result.diagnostics], site.parent / "out"


# --- (a) tabs ---------------------------------------------------------------------------------


def test_a_tab_in_indentation_is_named_at_the_tab(make_site, chdir_tmp):
    messages, out = build(make_site, {
        "tab-key": "---\ntitle: T\ndate: 2022-09-01\nplace:\n\tname: P\n\tat: 37.93, 126.60\n---\nBody.\n",
        "tab-after-dash": HEAD.format(title="T") + "facts:\n-\tclaim: C\n---\nBody.\n",
        "tab-after-spaces": HEAD.format(title="T").replace("  at:", "  \tat:") + "---\nBody.\n",
        "tab-in-block": HEAD.format(title="T") + "summary: |\n\tA summary.\n---\nBody.\n",
        "tab-after-colon": HEAD.format(title="T") + "summary:\tTabbed, which YAML allows.\n---\nBody.\n",
    })
    assert messages == [
        "site/content/places/tab-after-dash/index.md:8:2: error[yaml]: YAML indentation must use spaces, not tabs"
        + YAML_TABS,
        "site/content/places/tab-after-spaces/index.md:6:3: error[yaml]: YAML indentation must use spaces, not tabs"
        + YAML_TABS,
        "site/content/places/tab-in-block/index.md:8:1: error[yaml]: YAML indentation must use spaces, not tabs"
        + YAML_TABS,
        "site/content/places/tab-key/index.md:5:1: error[yaml]: YAML indentation must use spaces, not tabs"
        + YAML_TABS,
    ]
    assert sorted(p.name for p in (out / "places").iterdir()) == ["good", "tab-after-colon"]


# --- (b) pydantic in our words -----------------------------------------------------------------

BAD_FIELDS = {
    "ftp": ('sources:\n  - {title: S, url: "ftp://example.org/file"}\n',
            "8:21: error[sources.0.url]: a link must start with http:// or https://" + URL_HINT),
    "bare-domain": ("sources:\n  - {title: S, url: bbc.com/news}\n",
                    "8:21: error[sources.0.url]: 'bbc.com/news' is not a full web address\n"
                    "  hint: start it with https://, e.g. https://bbc.com/news"),
    "no-host": ('sources:\n  - {title: S, url: "https://"}\n',
                "8:21: error[sources.0.url]: 'https://' has no host name" + URL_HINT),
    "url-list": ("sources:\n  - {title: S, url: [a]}\n",
                 "8:21: error[sources.0.url]: expected a web address, not a list" + URL_HINT),
    "year": ("sources:\n  - {title: S, year: 99}\n",
             "8:22: error[sources.0.year]: the number 99 is out of range: it must be at least 1000\n"
             "  hint: write the year with four digits, e.g. 2016"),
    "source-text": ("sources:\n  - A book\n",
                    "8:5: error[sources.0]: expected `key: value` fields, not 'A book'\n"
                    "  hint: write its fields (at least title) as indented `key: value` lines"),
    "place-text": (None,
                   "4:8: error[place]: expected `key: value` fields, not 'Hans Island'\n"
                   "  hint: write its fields (at least name and at) as indented `key: value` lines"),
    "tags-text": ("tags: dmz\n",
                  "7:7: error[tags]: expected a list, not 'dmz'\n"
                  "  hint: write [dmz], or one `- item` per line below the key"),
    "subtitle-list": ("subtitle: [Draft, A title]\n",
                      "7:11: error[subtitle]: expected text, not a list\n  hint: YAML read brackets as a list or "
                      'fields; put text in quotes, e.g. "[Draft] Hans Island"'),
    "subtitle-number": ("subtitle: 1973\n",
                        "7:11: error[subtitle]: expected text, not the number 1973\n"
                        '  hint: put it in quotes to keep it as text: "1973"'),
    "draft": ("draft: maybe\n", "7:8: error[draft]: expected true or false, not 'maybe'"),
    "comments": ("comments: opne\n",
                 "7:11: error[comments]: unknown value 'opne'\n"
                 "  hint: did you mean 'open'? allowed: 'open' or 'closed'"),
    "claim-unit": ("claims: [{area: zone, about: 5 km}]\n",
                   "7:30: error[claims.0.about]: 5 km is not an area; area needs km2, mi2 or ha"),
    "empty-title": (None, "2:8: error[title]: the value is empty\n  hint: write it after the colon"),
}


def test_pydantic_messages_read_as_our_own(make_site, chdir_tmp):
    posts = {slug: HEAD.format(title="T") + extra + "---\nBody.\n" for slug, (extra, _) in BAD_FIELDS.items()
             if extra is not None}
    posts["place-text"] = "---\ntitle: T\ndate: 2022-09-01\nplace: Hans Island\n---\nBody.\n"
    posts["empty-title"] = HEAD.format(title='""') + "---\nBody.\n"
    expected = {slug: text for slug, (_, text) in BAD_FIELDS.items()}
    messages, out = build(make_site, posts)
    assert messages == sorted(f"site/content/places/{slug}/index.md:{text}" for slug, text in expected.items())
    for message in messages:
        first = message.split(": ", 2)[2]
        assert not first[:1].isupper() or first.startswith("YAML"), message  # never "uRL …" or "Input …"
        assert "input should" not in first and "instance of" not in first, message
    assert sorted(p.name for p in (out / "places").iterdir()) == ["good"]


# --- (c) broken post links ----------------------------------------------------------------------


def test_a_broken_post_link_reports_its_line_and_column(make_site, chdir_tmp):
    body = ("An intro paragraph that runs\nonto a second line with [the DMZ](kaesong-zone) in it,\n"
            "and [again](kaesong-zone) here.\n\n- a list item: [Hans](<hans-islnd>)\n")
    messages, out = build(make_site, {"x": post_text(title="Links").replace("Body of Links.\n", body)})
    hint = "\n  hint: link to another post by its folder name, e.g. [Hans Island](hans-island)"
    assert messages == [
        "site/content/places/x/index.md:17:35: warning[link]: link to 'kaesong-zone' matches no post" + hint,
        "site/content/places/x/index.md:18:13: warning[link]: link to 'kaesong-zone' matches no post" + hint,
        "site/content/places/x/index.md:20:24: warning[link]: link to 'hans-islnd' matches no post" + hint,
    ]
    assert (out / "places/x/index.html").is_file()


# --- (d) duplicate titles -----------------------------------------------------------------------


def _check(site: Path, *args: str) -> str:
    return CliRunner().invoke(cli, ["check", str(site), *args], catch_exceptions=False).output


def test_the_duplicate_title_warning_names_the_posts_that_share_it(make_site, chdir_tmp):
    site = make_site({
        "alpha": post_text(title="Hans Island"),
        "bravo": post_text(title="Kuril Islands"),
        "charlie": post_text(title='"Hans island!"'),
        "delta": post_text(title="개성공업지구"),  # no ASCII slug: once all "post", all "the same"
        "echo": post_text(title="Кунашир"),
    })
    output = _check(site)
    assert [line for line in output.splitlines() if "[title]" in line] == [
        "site/content/places/charlie/index.md:2:8: warning[title]: 'Hans island!' is also the title of "
        "site/content/places/alpha/index.md",
    ]
    assert ("  hint: readers, feeds and search cannot tell the two apart; give each post its own title, "
            "or merge the two posts") in output


# --- (e) latitude and longitude swapped, but in range ---------------------------------------------

SWAPPED = [
    # Nicosia written longitude first: the point falls in the sea
    ("33.36, 35.17", "CY", "the point 33.36, 35.17 lies in the sea, not in Cyprus (CY); "
     'latitude and longitude look swapped\n  hint: write "at: 35.17, 33.36"'),
    # Damascus written longitude first: the point falls in Turkey
    ("36.29, 33.51", "SY", "the point 36.29, 33.51 lies in Turkey, not in Syria (SY); "
     'latitude and longitude look swapped\n  hint: write "at: 33.51, 36.29"'),
]


@pytest.mark.parametrize(("at", "country", "message"), SWAPPED)
def test_swapped_coordinates_are_the_same_warning_in_build_and_check(make_site, chdir_tmp, at, country, message):
    text = post_text(title="Swapped", at=at).replace(f"  at: {at}\n", f"  at: {at}\n  country: {country}\n")
    site = make_site({"good": post_text(title="Good place"), "x": text})
    line = "site/content/places/x/index.md:7:7: warning[place.at]: " + message
    built = CliRunner().invoke(cli, ["build", str(site), "--out", "out"], catch_exceptions=False)
    assert built.exit_code == 0 and line + "\n" in built.output
    assert "warning[place.country]" not in built.output  # explained by the swap
    assert (chdir_tmp / "out/places/x/index.html").is_file() and (chdir_tmp / "out/places/good/index.html").is_file()
    checked = _check(site)
    assert line + "\n" in checked and "[place.country]" not in checked and "error[place.at]" not in checked
    strict = CliRunner().invoke(cli, ["build", str(site), "--out", "strict", "--strict"], catch_exceptions=False)
    assert strict.exit_code == 1 and line in strict.output
