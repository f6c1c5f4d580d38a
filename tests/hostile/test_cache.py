"""Issue 9, point 7: the cache holds data, not code.

A site folder may come from anyone, cache included. Nothing in ``.atlaspress-cache`` may
run code at build time (atlaspress used to ``pickle.load`` it); an entry that is not
exactly what this version writes is a miss, rebuilt and overwritten; the key changes with
any source file that feeds enrich (``geodata/``, now ``content/layers/``, used to be missing).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import atlaspress
import atlaspress.site.enrich as enrich
from atlaspress.app.build import CACHE_DIR, build_site, compile_site
from atlaspress.app.cli import cli
from atlaspress.content.load import load_site
from atlaspress.core import cache
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report
from atlaspress.site import entry as entries

from ..conftest import post_text

PACKAGE = Path(atlaspress.__file__).resolve().parent
PAGE = "places/kaesong/index.html"


class Planted:
    """Unpickling this runs a shell command that creates ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {shlex.quote(str(self.marker))}",))


def _post(site: Path):
    (post,) = load_site(site, load_config(site), Report()).posts
    return post


def _legacy_pickle_name(post) -> str:
    """Where atlaspress 0.x looked for a post's pickle (what a planted file would be called)."""
    digest = hashlib.sha256()
    for path in sorted([PACKAGE / "site" / "enrich.py", PACKAGE / "content" / "load.py",
                        PACKAGE / "facts" / "glance.py", PACKAGE / "facts" / "claims.py",
                        *PACKAGE.glob("content/*.py"), *PACKAGE.glob("geo/*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    key = hashlib.sha256(f"{digest.hexdigest()}\0Test Atlas\0{post.content_hash}".encode()).hexdigest()[:32]
    return f"{key}.pickle"


@pytest.fixture
def site(make_site, chdir_tmp) -> Path:
    return make_site({"kaesong": post_text()})


@pytest.fixture
def locator_calls(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = enrich._locator

    def counting(post, *args, **kwargs):
        calls.append(post.slug)
        return real(post, *args, **kwargs)

    monkeypatch.setattr(enrich, "_locator", counting)
    return calls


def test_planted_pickles_are_never_run(site: Path, chdir_tmp: Path) -> None:
    marker = chdir_tmp / "PWNED"
    payload = pickle.dumps(Planted(marker))
    post = _post(site)
    folder = site / CACHE_DIR / "enrich"
    folder.mkdir(parents=True)
    (folder / _legacy_pickle_name(post)).write_bytes(payload)  # the name the old loader read
    entry = entries.entry_path(site / CACHE_DIR, post, "Test Atlas")  # the name the loader reads now
    entry.write_bytes(payload)

    result = build_site(site)

    assert not marker.exists()
    assert result.written and not result.report.errors
    page = (site / "public" / PAGE).read_text(encoding="utf-8")
    assert "<svg" in page and "Kaesong" in page
    stored = json.loads(entry.read_text(encoding="utf-8"))  # overwritten with a real entry
    assert stored["format"] == entries.FORMAT and stored["key"] == entry.stem
    assert entry.with_name(entry.stem + ".wide.svg").read_text(encoding="utf-8") in page


def _drop(key: str) -> Callable[[dict], Any]:
    def mutate(entry: dict) -> dict:
        del entry["enriched"][key]
        return entry

    return mutate


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict], Any]:
    def mutate(entry: dict) -> dict:
        node = entry
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        return entry

    return mutate


MUTATIONS: dict[str, Callable[[dict], Any] | bytes] = {
    "not JSON": b'{"format": 1, "enriched": {',
    "not UTF-8": b"\xff\xfe\x00",
    "empty": b"",
    "a JSON list": b"[1, 2, 3]",
    "another format version": _set(("format",), 999),
    "format as a string": _set(("format",), "1"),
    "another key": _set(("key",), "v1-" + "0" * 32),
    "svg hash is a number": _set(("enriched", "locator", "svg_sha256"), 12345),
    "svg given inline": _set(("enriched", "locator", "svg"), "<svg onload=alert(1)></svg>"),
    "at_sea is a string": _set(("enriched", "glance", "at_sea"), "yes"),
    "a diagnostic with an unknown severity": _set(("enriched", "diagnostics"), [
        {"path": "x", "line": 1, "column": 1, "severity": "fatal", "code": "c", "message": "m", "hint": None}]),
    "card names another hash": _set(("enriched", "locator", "card_png_sha256"), "0" * 64),
    "card hash is a number": _set(("enriched", "locator", "card_png_sha256"), 12345),
    "a missing field": _drop("map_geojson"),
    "an extra field": _set(("enriched", "post"), {"__class__": "os.system"}),
    "countries is a string": _set(("enriched", "countries"), "KP"),
}


@pytest.mark.parametrize("case", MUTATIONS, ids=list(MUTATIONS))
def test_a_bad_entry_is_a_miss_rebuilt_and_overwritten(site: Path, locator_calls: list[str], case: str) -> None:
    first = compile_site(site)
    entry = entries.entry_path(site / CACHE_DIR, _post(site), "Test Atlas")
    good = json.loads(entry.read_text(encoding="utf-8"))
    mutation = MUTATIONS[case]
    if isinstance(mutation, bytes):
        entry.write_bytes(mutation)
    else:
        entry.write_text(json.dumps(mutation(json.loads(json.dumps(good)))), encoding="utf-8")
    locator_calls.clear()

    again = compile_site(site)

    assert locator_calls == ["kaesong"]  # a miss: computed again
    assert not again.report.errors
    assert again.output[PAGE] == first.output[PAGE]
    assert json.loads(entry.read_text(encoding="utf-8")) == good  # and overwritten


def test_a_warm_build_reuses_json_entries(site: Path, locator_calls: list[str]) -> None:
    first = compile_site(site)
    assert locator_calls == ["kaesong"]
    (entry,) = (site / CACHE_DIR / "enrich").glob("*.json")
    assert entry.suffix == ".json" and entry.name.startswith(f"v{entries.FORMAT}-")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["format"] == entries.FORMAT and data["kind"] == entries.KIND
    card = entry.with_name(entry.stem + ".card.png").read_bytes()  # beside the entry, as plain bytes
    assert card.startswith(b"\x89PNG")
    assert data["enriched"]["locator"]["card_png_sha256"] == hashlib.sha256(card).hexdigest()

    locator_calls.clear()
    second = compile_site(site)
    assert locator_calls == []
    assert second.output == first.output


def test_entries_round_trip_exactly(site: Path) -> None:
    (enriched,) = enrich.enrich_site(load_site(site, load_config(site), Report()), None, workers=1)
    assert enriched.glance is not None and enriched.glance.rows and enriched.locator is not None
    data = json.loads(json.dumps(entries.enriched_to_data(enriched)))
    card = enriched.locator.card_png
    assert card is not None
    assert enriched.locator.svg_compact is not None
    beside = {hashlib.sha256(b).hexdigest(): b for b in (card, enriched.locator.svg.encode(),
                                                          enriched.locator.svg_compact.encode())}
    assert entries.enriched_from_data(data, enriched.post, lambda _field, digest: beside[digest]) == enriched


@pytest.mark.parametrize("suffix", [".card.png", ".wide.svg", ".compact.svg"])
def test_a_figure_changed_beside_its_entry_is_made_again(site: Path, locator_calls: list[str], suffix: str) -> None:
    """The entry's MAC covers the SHA-256 of each figure kept beside it, so a card or map
    replaced in the cache (a planted image, an SVG with a script) is never published: the
    post is drawn again when the figure is first used, and the figure written again."""
    first = compile_site(site)
    (figure,) = (site / CACHE_DIR / "enrich").glob(f"*{suffix}")
    good = figure.read_bytes()
    figure.write_bytes(b"<svg onload=alert(1)></svg>")
    locator_calls.clear()
    again = compile_site(site)
    assert locator_calls == ["kaesong"]
    assert not again.report.sorted()
    assert figure.read_bytes() == good and again.output == first.output
    assert b"alert(1)" not in b"".join(again.output.values())


def test_an_edit_build_reads_only_the_figures_it_renders(site: Path, tmp_path: Path) -> None:
    """Other posts' maps and cards stay on disk: an edit renders one post page, so only its
    own figures are read (and the lists that show a map read none: they show thumbnails)."""
    from atlaspress.app.build import BuildSession

    kaesong = entries.entry_path(site / CACHE_DIR, _post(site), "Test Atlas").stem
    other = site / "content" / "places" / "second"
    other.mkdir()
    (other / "index.md").write_text(
        "---\ntitle: Second\ndate: 2024-01-01\nplace:\n  name: Dandong\n  at: 40.12, 124.38\n---\nA bridge.\n",
        encoding="utf-8")
    session = BuildSession(site, tmp_path / "out")
    session.build()
    read: list[str] = []
    real = entries._read_beside
    index = site / "content" / "places" / "second" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    from unittest import mock

    with mock.patch.object(entries, "_read_beside",
                           side_effect=lambda *a: read.append((a[1], a[2])) or real(*a)):
        result = BuildSession(site, tmp_path / "out").build()
    assert result.written and not result.report.errors
    assert "places/second/index.html" in result.output and "places/kaesong/index.html" not in result.output
    # The edited post's page draws its two maps; its card is unchanged, Kaesong's page is not made.
    assert sorted(field for _, field in read) == ["svg", "svg_compact"]
    assert kaesong not in {key for key, _ in read}


def test_the_fingerprint_covers_every_module_and_the_data(tmp_path: Path, monkeypatch) -> None:
    assert PACKAGE / "content" / "layers" / "kml.py" in cache.source_files()
    assert PACKAGE / "content" / "layers" / "gpx.py" in cache.source_files()
    copy = tmp_path / "atlaspress"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "_vendor", "theme", "webmap"))
    atlas = copy / "_vendor" / "world-atlas" / "countries-10m.json"
    atlas.parent.mkdir(parents=True)
    atlas.write_text('{"type": "Topology"}', encoding="utf-8")
    before = cache.fingerprint(copy)
    assert cache.fingerprint(copy) == before  # deterministic

    reader = copy / "content" / "layers" / "kml.py"
    original = reader.read_text(encoding="utf-8")
    reader.write_text(original + "\n# a fix to the KML reader\n", encoding="utf-8")
    assert cache.fingerprint(copy) != before
    reader.write_text(original, encoding="utf-8")
    assert cache.fingerprint(copy) == before

    atlas.write_text('{"type": "Topology", "arcs": []}', encoding="utf-8")
    assert cache.fingerprint(copy) != before
    atlas.write_text('{"type": "Topology"}', encoding="utf-8")

    monkeypatch.setattr(cache, "library_versions", lambda: "shapely 99.0")
    assert cache.fingerprint(copy) != before


def test_the_key_holds_the_format_and_the_fingerprint(site: Path, monkeypatch) -> None:
    post = _post(site)
    key = entries.entry_key(post, "Test Atlas")
    assert re.fullmatch(rf"v{entries.FORMAT}-[0-9a-f]{{32}}", key)
    assert entries.entry_key(post, "Other title") != key
    monkeypatch.setattr(entries, "code_fingerprint", lambda: "another build of atlaspress")
    assert entries.entry_key(post, "Test Atlas") != key
    monkeypatch.setattr(entries, "FORMAT", entries.FORMAT + 1)
    assert not entries.entry_key(post, "Test Atlas").startswith(f"v{entries.FORMAT - 1}-")


def test_the_geo_cache_is_data_too(tmp_path: Path, monkeypatch) -> None:
    from atlaspress.geo import atlas

    marker = tmp_path / "PWNED"
    monkeypatch.setenv("ATLASPRESS_GEO_CACHE", str(tmp_path))
    folder = tmp_path / f"world-atlas-{atlas.data_version()}"
    folder.mkdir()
    payload = pickle.dumps(Planted(marker))
    (folder / "countries-110m.v3.pickle").write_bytes(payload)  # the old name
    planted = folder / f"countries-110m.v{atlas._CACHE_FORMAT}.npz"
    planted.write_bytes(payload)
    atlas.load_atlas.cache_clear()
    try:
        loaded = atlas.load_atlas("110m")
        assert not marker.exists()
        assert any(c.alpha2 == "KP" for c in loaded.countries)
        assert planted.read_bytes()[:2] == b"PK"  # replaced by a real .npz
    finally:
        atlas.load_atlas.cache_clear()


def test_no_source_file_unpickles_or_evaluates() -> None:
    banned = re.compile(r"^\s*(import|from)\s+(pickle|marshal|shelve|dill|joblib)\b|\b(eval|exec)\(|allow_pickle=True",
                        re.M)
    found = [str(p.relative_to(PACKAGE)) for p in cache.source_files() if p.suffix == ".py"
             and banned.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_a_new_site_ignores_the_cache_and_the_output(tmp_path: Path) -> None:
    target = tmp_path / "atlas"
    result = CliRunner().invoke(cli, ["new", "site", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".atlaspress-cache/" in lines and "public/" in lines

    existing = tmp_path / "repo"
    existing.mkdir()
    (existing / ".gitignore").write_text("node_modules/\npublic/", encoding="utf-8")
    CliRunner().invoke(cli, ["new", "site", str(existing)], catch_exceptions=False)
    lines = (existing / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines == ["node_modules/", "public/", ".atlaspress-cache/"]


def test_a_build_from_another_folder_reuses_the_entries(site: Path, locator_calls: list[str], tmp_path: Path,
                                                         monkeypatch) -> None:
    """``cd site && atlaspress build`` and ``atlaspress build site`` show the post's path
    differently; the enrich entry is keyed by the post's folder, so neither draws it again."""
    monkeypatch.chdir(site)
    first = compile_site(Path("."))
    assert locator_calls == ["kaesong"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = compile_site(site)
    assert locator_calls == ["kaesong"]
    assert again.output == first.output
