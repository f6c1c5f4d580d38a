"""A post kept by content.loadcache is the post a fresh load makes, and any change is a miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlaspress.content import loadcache, markdown
from atlaspress.content.load import load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report
from atlaspress.core.store import Store

from ..conftest import post_text

WARNED = post_text().replace("    detail: Some *detail*.\n", "    detail: Some *detail*.\n    image: nope.jpg\n")


def _load(site: Path, store: Store | None) -> tuple[tuple, list[str]]:
    markdown.use_store(store)
    try:
        report = Report()
        content = load_site(site, load_config(site), report)
    finally:
        markdown.use_store(None)
    return content.posts, [d.format() for d in report.sorted()]


class _Counting(Store):
    """A store that counts the kept posts it hands out."""

    hits = 0

    def get_json(self, kind, entry, check):  # type: ignore[no-untyped-def]
        value = super().get_json(kind, entry, check)
        self.hits += kind == loadcache.KIND and value is not None
        return value


def _fresh_store(site: Path) -> _Counting:
    return _Counting(site / ".atlaspress-cache")  # a new process: nothing in memory


@pytest.mark.parametrize("text", [post_text(), WARNED], ids=["clean", "with-warnings"])
def test_a_kept_post_equals_a_fresh_load(make_site, text: str) -> None:
    site = make_site({"kaesong": text})
    fresh, fresh_diags = _load(site, None)
    first, first_diags = _load(site, _fresh_store(site))
    store = _fresh_store(site)
    kept, kept_diags = _load(site, store)
    assert store.hits == 1, "the second build read the kept post"
    assert kept == fresh == first
    assert kept_diags == fresh_diags == first_diags
    assert bool(kept_diags) == (text == WARNED), kept_diags
    (a,), (b,) = fresh, kept
    assert b.positions.locate(("place", "at")) == a.positions.locate(("place", "at")) == (7, 7)
    assert b.positions.locate(("facts", 0, "image")) == a.positions.locate(("facts", 0, "image"))
    assert b.positions.keys == a.positions.keys and b.positions.texts == a.positions.texts


def test_an_edit_or_a_new_file_in_the_folder_is_a_miss(make_site) -> None:
    site = make_site({"kaesong": post_text()})
    _load(site, _fresh_store(site))
    index = site / "content/places/kaesong/index.md"
    index.write_text(post_text(title="Kaesong City"), encoding="utf-8")
    store = _fresh_store(site)
    (post,), _ = _load(site, store)
    assert post.front.title == "Kaesong City" and store.hits == 0
    (site / "content/places/kaesong/photo.jpg").write_bytes(b"\xff\xd8")
    store = _fresh_store(site)
    _load(site, store)
    assert store.hits == 0


@pytest.mark.parametrize("data", [{1: "one"}, {"x": float("nan")}, {"x": (1, 2)}, {"x": b"raw"}])
def test_front_matter_json_would_change_is_not_kept(make_site, data) -> None:
    site = make_site({"kaesong": post_text()})
    (post,), _ = _load(site, None)
    assert loadcache.to_data(post, {"title": "Kaesong"}, []) is not None
    assert loadcache.to_data(post, {"title": "Kaesong", "extra": data}, []) is None


def test_a_damaged_entry_is_a_miss(make_site) -> None:
    site = make_site({"kaesong": post_text()})
    fresh, _ = _load(site, None)
    _load(site, _fresh_store(site))
    (entry,) = (site / ".atlaspress-cache").glob(f"{loadcache.KIND}/*/*.json")
    entry.write_bytes(entry.read_bytes().replace(b"Kaesong", b"Pyongyang"))
    store = _fresh_store(site)
    kept, _ = _load(site, store)
    assert store.hits == 0 and kept == fresh


def test_a_build_from_another_folder_reads_the_kept_post_and_shows_its_own_path(
        make_site, tmp_path: Path, monkeypatch) -> None:
    """The shown path depends on the working directory; the entry must not, or every build run
    from another folder (``atlaspress build site`` after ``cd site && atlaspress build``) would
    load every post again. Its warnings show the path as this build shows it."""
    site = make_site({"kaesong": WARNED})
    monkeypatch.chdir(site)
    _, inside = _load(Path("."), _fresh_store(site))
    assert inside and all(d.startswith("content/places/kaesong/index.md:") for d in inside), inside
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    store = _fresh_store(site)
    (post,), outside = _load(site, store)
    assert store.hits == 1
    assert post.src_path == str(site / "content/places/kaesong/index.md")
    assert outside == [d.replace("content/places/", f"{site}/content/places/", 1) for d in inside]
