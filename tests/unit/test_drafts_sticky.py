"""Front matter that `import wordpress` writes: a draft may lack a place, `author`, `sticky`
posts first on the home page."""

from __future__ import annotations

from pathlib import Path

from atlaspress.app.build import compile_site
from atlaspress.content.load import load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report

from ..conftest import post_text

PLACELESS = "---\ntitle: Notes\ndate: 2019-11-05\ndraft: {draft}\n---\nTo write.\n"


def _load(site: Path):
    report = Report()
    return load_site(site, load_config(site), report), report


def test_a_draft_without_a_place_is_checked_and_reported_not_built(make_site) -> None:
    site = make_site({"notes": PLACELESS.format(draft="true"), "kaesong": post_text()})
    content, report = _load(site)
    assert [p.slug for p in content.posts] == ["kaesong"]
    [note] = report.items
    assert (note.code, note.is_error) == ("place", False)
    assert note.format().endswith("this draft has no place yet, so it is checked but not built\n"
                                  '  hint: add `place:` with `name:` and `at: "lat, lon"` before publishing it')


def test_a_placeless_draft_is_still_checked(make_site) -> None:
    site = make_site({"notes": PLACELESS.format(draft="true").replace("date: 2019-11-05", "date: 2019-13-05")})
    _, report = _load(site)
    assert [d.code for d in report.errors] == ["date"]


def test_a_post_without_a_place_is_still_an_error(make_site) -> None:
    site = make_site({"notes": PLACELESS.format(draft="false")})
    content, report = _load(site)
    assert not content.posts
    [error] = report.errors
    assert error.code == "place"
    assert "missing" in error.message or "required" in error.message


def test_author_and_sticky_are_read(make_site) -> None:
    text = post_text().replace("tags: [test]", "tags: [test]\nauthor: Anna Ortiz\nsticky: true")
    content, report = _load(make_site({"kaesong": text}))
    assert not report.items
    assert content.posts[0].front.author == "Anna Ortiz" and content.posts[0].front.sticky is True


def test_sticky_posts_come_first_on_the_home_page(make_site) -> None:
    old = post_text(title="Old", date="2001-01-01").replace("tags: [test]", "tags: [test]\nsticky: true")
    site = make_site({"old": old, "new": post_text(title="New", date="2022-01-01", at="35.0, 135.0"),
                      "mid": post_text(title="Mid", date="2010-01-01", at="48.0, 2.0")})
    result = compile_site(site)
    assert not result.report.errors
    home = result.output["index.html"].decode("utf-8")
    assert home.index("places/old/") < home.index("places/new/") < home.index("places/mid/")
    archive = result.output["archive/index.html"].decode("utf-8")
    assert archive.index("places/new/") < archive.index("places/old/")  # elsewhere: by date
