"""A post page kept by its recipe (Renderer.post_recipe) is one whose full digest is unchanged.

Each case edits a small site the way an author does, builds incrementally (post pages whose
recorded recipe matches are kept without being hashed), and compares every output key with a
build that hashes every page from scratch. A recipe that misses an input the page shows makes
the two differ, and the kept page would be stale.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlaspress.app.build import BuildSession, compile_site
from atlaspress.core.store import Store

POST = """\
---
title: {title}
date: {date}
summary: {summary}
place:
  name: {title}
  at: {at}
series: borders
tags: [{tags}]
---
{body}

See [the other one](../{other}/).
"""

CONFIG = """\
title = "Recipe Atlas"
base_url = "https://atlas.example/"

[series.borders]
title = "Borders"
"""

PLACES = {
    "aland": ("Åland", "2021-05-01", "60.1, 19.9", "islands, treaty", "beta"),
    "beta": ("Baarle", "2021-06-01", "51.44, 4.93", "enclave, treaty", "aland"),
    "gamma": ("Gibraltar", "2021-07-01", "36.14, -5.35", "strait", "beta"),
    "delta": ("Dover", "2021-08-01", "51.13, 1.31", "strait, ferry", "gamma"),
}


def _write(site: Path, slug: str, **change: str) -> None:
    title, date, at, tags, other = PLACES[slug]
    values = {"title": title, "date": date, "at": at, "tags": tags, "other": other,
              "summary": f"About {title}.", "body": f"Words about {title} and its border."}
    values.update(change)
    folder = site / "content" / "places" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(POST.format(**values), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("recipes") / "site"
    site.mkdir()
    (site / "atlaspress.toml").write_text(CONFIG, encoding="utf-8")
    for slug in PLACES:
        _write(site, slug)
    BuildSession(site, site / "public").build()
    return site


def _copy(built: Path, tmp_path: Path) -> Path:
    """The built site (with its cache) in a folder of its own, built there once so the output
    record is this folder's."""
    site = tmp_path / "site"
    shutil.copytree(built, site, symlinks=True, ignore=shutil.ignore_patterns("public"))
    BuildSession(site, site / "public").build()
    return site


EDITS = {
    "body": lambda site: _write(site, "beta", body="Other words about Baarle."),
    "title": lambda site: _write(site, "beta", title="Baarle-Hertog"),
    "summary": lambda site: _write(site, "gamma", summary="The Rock."),
    "tags": lambda site: _write(site, "delta", tags="strait, treaty, islands"),
    "date (series order)": lambda site: _write(site, "aland", date="2022-01-01"),
    "place": lambda site: _write(site, "gamma", at="36.0, -5.6"),
    "link target removed": lambda site: shutil.rmtree(site / "content" / "places" / "aland"),
    "new post": lambda site: (
        PLACES.__setitem__("epsilon", ("Ceuta", "2021-09-01", "35.89, -5.32", "strait, enclave", "gamma")),
        _write(site, "epsilon"),
    ),
    "config": lambda site: (site / "atlaspress.toml").write_text(CONFIG.replace("Recipe Atlas", "Atlas"), "utf-8"),
    "template": lambda site: (
        (site / "templates").mkdir(exist_ok=True),
        (site / "templates" / "post.html").write_text(
            '{% extends "base.html" %}{% block main %}<p>{{ front.title }}</p>{% endblock %}', "utf-8"),
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_kept_post_pages_have_the_keys_a_full_digest_gives(built: Path, tmp_path: Path, edit: str) -> None:
    site = _copy(built, tmp_path)
    saved = dict(PLACES)
    try:
        EDITS[edit](site)
        incremental = BuildSession(site, site / "public").build()
        assert not incremental.report.sorted() or edit == "link target removed"
        kept = {p for p in incremental.recipes if p not in incremental.written_files}
        full = compile_site(site, store=Store(site / ".atlaspress-cache"))
    finally:
        PLACES.clear()
        PLACES.update(saved)
    assert incremental.keys == full.keys
    if edit == "body":
        assert kept, "the other posts' pages were kept by their recipe"


def test_an_unchanged_site_keeps_every_post_page_by_its_recipe(built: Path, tmp_path: Path) -> None:
    site = _copy(built, tmp_path)
    (site / "content" / "places" / "beta" / "index.md").touch()  # stamps changed, content not
    result = BuildSession(site, site / "public").build()
    assert result.written
    assert not any(p.startswith(("places/", "embed/")) and p.endswith("index.html") for p in result.written_files)
    assert len(result.recipes) == 2 * len(PLACES), "each post's page and its map's embed page"


@pytest.mark.parametrize("edit", list(EDITS))
def test_the_dev_servers_next_build_has_the_keys_a_full_digest_gives(built: Path, tmp_path: Path, edit: str) -> None:
    """The dev server's session keeps the loaded posts, so its next build meets the very same
    post objects again and reuses their last prose and recipes (``_LAST_PROSE``,
    ``_RECIPES``) by identity: an edit must still reach every page that shows it."""
    site = _copy(built, tmp_path)
    _write(site, "beta", body="Words about Baarle, far from [Åland](aland).")  # a link by slug
    session = BuildSession(site, site / "public", keep_in_memory=True)
    session.build()
    saved = dict(PLACES)
    try:
        EDITS[edit](site)
        again = session.build()
        full = compile_site(site, store=Store(site / ".atlaspress-cache"))
    finally:
        PLACES.clear()
        PLACES.update(saved)
    assert again.keys == full.keys
    assert [d.format() for d in again.report.sorted()] == [d.format() for d in full.report.sorted()]
    if edit == "link target removed":  # beta's link to aland no longer resolves: said so, not kept silent
        assert any("link to 'aland' matches no post" in d.format() for d in again.report.sorted())
