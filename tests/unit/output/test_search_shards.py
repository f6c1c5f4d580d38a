"""The sharded search index: a stable page→shard rule, one shard re-indexed per edit, and a
lighter copy of each page that Pagefind indexes exactly as it indexes the page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

import atlaspress.output.search as search
import atlaspress.output.shards as shards
from atlaspress.app.build import compile_site
from atlaspress.core.config import SiteConfig
from atlaspress.core.store import Store

from ...conftest import post_text

CONFIG = SiteConfig(title="Test", base_url="https://test.example/")  # type: ignore[arg-type]


def page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><title>{title} | Test</title></head><body>'
            f'<svg viewBox="0 0 10 10"><text>mapword{title}</text></svg>'
            f'<article data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>'
            f'<p>{body}</p></article></body></html>').encode()


# --- the rule --------------------------------------------------------------------------------------


def test_shard_bits_keep_shards_between_100_and_200_pages() -> None:
    for pages in (1, 10, 99, 100, 199, 200, 1_000, 2_500, 10_000, 40_000):
        bits = shards.shard_bits(pages)
        average = pages / 2**bits
        assert average < 2 * shards.PAGES_PER_SHARD
        assert bits == 0 or average >= shards.PAGES_PER_SHARD
    assert [shards.shard_bits(n) for n in (199, 200, 1_000, 10_000)] == [0, 1, 3, 6]


def test_adding_pages_moves_no_page_and_a_new_bit_only_splits_shards() -> None:
    names = [f"places/p{i}/index.html" for i in range(1_200)]
    bits = shards.shard_bits(1_000)
    before = {name: shards.shard_of(name, bits) for name in names[:1_000]}
    assert shards.shard_bits(1_100) == bits
    assert {name: shards.shard_of(name, bits) for name in names[:1_000]} == before  # the rule is per page
    for name, number in before.items():
        assert shards.shard_of(name, bits + 1) >> 1 == number  # one more bit: shard n becomes 2n and 2n+1
    counts = [list(before.values()).count(n) for n in range(2**bits)]
    assert all(80 <= c <= 170 for c in counts), counts


def test_a_shard_key_is_made_of_its_own_pages_only() -> None:
    names = [f"places/p{i}/index.html" for i in range(1_000)]
    keys = dict.fromkeys(names, "k1")
    first = search.plan_shards(names, keys, "en", "pagefind 1")
    assert [s.folder for s in first] == ["pagefind/"] + [f"pagefind/shard-{n}/" for n in range(1, 8)]
    keys["places/p7/index.html"] = "k2"
    second = search.plan_shards(names, keys, "en", "pagefind 1")
    changed = [a.number for a, b in zip(first, second, strict=True) if a.key != b.key]
    assert changed == [shards.shard_of("places/p7/index.html", 3)]


# --- re-indexing one shard -------------------------------------------------------------------------


@dataclass
class Rendered:
    files: dict[str, bytes]
    keys: dict[str, str] = field(default_factory=dict)
    searchable: list[str] = field(default_factory=list)


def rendered(pages: dict[str, bytes]) -> Rendered:
    import hashlib

    return Rendered(dict(pages), {name: hashlib.sha256(data).hexdigest() for name, data in pages.items()},
                    sorted(pages))


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Shards of 2 to 4 pages (instead of 150 to 300), and a record of what Pagefind indexes."""
    monkeypatch.setattr(shards, "PAGES_PER_SHARD", 2)
    calls: list[list[str]] = []
    real = search.search_shards

    def counting(groups, config, lighter=True):
        calls.append(sorted(groups))
        return real(groups, config, lighter)

    monkeypatch.setattr(search, "search_shards", counting)
    return calls


WORDS = ["anchorage", "bergen", "cadiz", "dakar", "esbjerg", "fremantle", "galway", "halifax",
         "iquique", "jakarta", "kochi", "lagos"]


def site_pages(extra: int = 0) -> dict[str, bytes]:
    return {f"places/{w}/index.html": page(w.title(), f"The harbour of {w}, with a {i}th pier.")
            for i, w in enumerate(WORDS[: 9 + extra])}


def after(previous_files: dict[str, bytes], previous_keys: dict[str, str],
          out: search.SearchOutputs) -> dict[str, bytes]:
    """The index folder after a build that kept the files whose keys are unchanged."""
    files = {name: previous_files[name] for name in out.keys if name not in out.files}
    assert all(previous_keys[name] == out.keys[name] for name in files)
    return dict(sorted({**files, **out.files}.items()))


def test_an_edit_indexes_only_the_shard_of_the_edited_page(small_shards, tmp_path) -> None:
    store = Store(tmp_path / "cache")
    pages = site_pages()
    first = search.search_outputs(rendered(pages), CONFIG, None, store, None)
    assert len(small_shards) == 1 and len(first.indexed) == 4  # 9 pages, 4 shards: one Pagefind run
    listing = json.loads(first.files[search.MANIFEST])
    assert listing == {"merge": [s[len("pagefind/"):] for s in first.indexed[1:]]}
    assert all(f"pagefind/{folder}pagefind-entry.json" in first.files for folder in listing["merge"])
    assert "pagefind/pagefind.js" in first.files and "pagefind/pagefind-entry.json" in first.files
    assert not any(name.endswith(("pagefind.js", ".pagefind")) for name in first.files
                   if name.count("/") > 1)  # one copy of Pagefind's script and WebAssembly

    edited = "places/cadiz/index.html"
    pages[edited] = page("Cadiz", "The harbour of cadiz, now with a ferry to tangier.")
    now = rendered(pages)
    now.files = {edited: pages[edited]}  # the others are on disk from the first build
    second = search.search_outputs(now, CONFIG, first.keys, store, lambda name: site_pages()[name])

    home = search.plan_shards(sorted(pages), now.keys, "en", search.pagefind_version())
    expected = [s.folder for s in home if edited in s.pages]
    assert small_shards[1:] == [expected] and second.indexed == expected
    assert second.files and all(name.startswith(expected[0]) for name in second.files)
    if expected[0] == "pagefind/":  # the first shard shares its folder with the others' folders
        assert all(name.count("/") == 1 or name.split("/")[1] in ("index", "fragment", "filter")
                   for name in second.files)
    assert search.MANIFEST not in second.files and "pagefind/pagefind.js" not in second.files

    cold = search.search_outputs(rendered(pages), CONFIG, None, Store(tmp_path / "cold"), None)
    assert after(first.files, first.keys, second) == cold.files  # as if built from scratch
    assert second.keys == cold.keys


def test_an_added_page_indexes_only_its_shard_and_an_unchanged_site_none(small_shards, tmp_path) -> None:
    store = Store(tmp_path / "cache")
    first = search.search_outputs(rendered(site_pages()), CONFIG, None, store, None)
    same = search.search_outputs(rendered(site_pages()), CONFIG, first.keys, store, None)
    assert same.files == {} and same.indexed == [] and same.keys == first.keys
    assert len(small_shards) == 1

    pages = site_pages(extra=1)  # 10 pages: still 4 shards of 2 or more
    added = search.search_outputs(rendered(pages), CONFIG, first.keys, store, lambda name: pages[name])
    home = search.plan_shards(sorted(pages), rendered(pages).keys, "en", search.pagefind_version())
    assert added.indexed == [s.folder for s in home if "places/jakarta/index.html" in s.pages]

    fresh = Store(None)  # nothing kept, nothing cached: a cold build in another folder
    cold = search.search_outputs(rendered(pages), CONFIG, None, fresh, None)
    assert after(first.files, first.keys, added) == cold.files


def test_the_cache_answers_when_the_files_are_gone(small_shards, tmp_path) -> None:
    store = Store(tmp_path / "cache")
    first = search.search_outputs(rendered(site_pages()), CONFIG, None, store, None)
    again = search.search_outputs(rendered(site_pages()), CONFIG, None, Store(tmp_path / "cache"), None)
    assert again.indexed == [] and again.files == first.files and len(small_shards) == 1


def test_the_dev_server_keeps_the_old_index_until_the_pages_are_in(small_shards, tmp_path) -> None:
    store = Store(tmp_path / "cache")
    first = search.search_outputs(rendered(site_pages()), CONFIG, None, store, None)
    pages = site_pages()
    pages["places/bergen/index.html"] = page("Bergen", "A new word: hanseatic.")
    deferred = search.search_outputs(rendered(pages), CONFIG, first.keys, store, None, defer=True)
    assert deferred.stale and deferred.files == {} and deferred.keys == first.keys and len(small_shards) == 1


# --- the lighter copy ------------------------------------------------------------------------------


def test_strip_empties_scripts_styles_and_maps_but_keeps_what_pagefind_reads() -> None:
    html = (b'<html><head><title>T</title><style>p{color:red}</style><script>var a = "<svg>";</script></head>'
            b'<body><svg id="map" viewBox="0 0 1 1"><path d="M0 0L1 1"/><text>label</text></svg>'
            b'<svg><g data-pagefind-meta="x:1"></g></svg>'
            b'<svg><svg><text>inner</text></svg><text>outer</text></svg>'
            b'<!-- <svg> --><p>kept</p><!-- </svg> -->'
            b'<svg title="a > b"><text>gt</text></svg></body></html>')
    assert shards.strip(html) == (
        b'<html><head><title>T</title><style></style><script></script></head>'
        b'<body><svg id="map" viewBox="0 0 1 1"></svg>'
        b'<svg><g data-pagefind-meta="x:1"></g></svg>'
        b'<svg><svg></svg><text>outer</text></svg>'
        b'<!-- <svg> --><p>kept</p><!-- </svg> -->'
        b'<svg title="a > b"></svg></body></html>')
    assert shards.strip(b"<p>no maps</p>") == b"<p>no maps</p>"


HARD = (b'<!doctype html><html lang="en"><head><title>Hard | Test</title><style>h1{}</style>'
        b'<script type="application/ld+json">{"name": "notindexed"}</script></head><body>'
        b'<nav><svg><text>navword</text></svg></nav>'
        b'<article data-pagefind-body><h1 data-pagefind-meta="title">Hard</h1>'
        b'<svg id="locator" role="img"><title>Map of Hard</title><g id="g1"><text>svgword</text></g></svg>'
        b'<svg><g data-pagefind-filter="kind:island"></g><text>filtered</text></svg>'
        b'<figure data-pagefind-ignore><svg><text>ignoredword</text></svg><img src="/thumb.png" alt="T"></figure>'
        b'<p>Body words: harbour, ferry, lighthouse.</p><script>var x = "</p>";</script></article></body></html>')


def test_pagefind_makes_the_same_index_from_the_lighter_copy() -> None:
    pages = {**site_pages(), "places/hard/index.html": HARD}
    assert any(shards.strip(data) != data for data in pages.values())
    assert search.search_files(pages, CONFIG, lighter=True) == search.search_files(pages, CONFIG, lighter=False)


def test_real_post_pages_index_the_same_from_a_third_of_their_bytes(make_site) -> None:
    site = make_site({"kaesong": post_text("Kaesong"), "kinmen": post_text("Kinmen", "2023-01-05", "24.45, 118.38"),
                      "ceuta": post_text("Ceuta", "2021-03-01", "35.89, -5.32")})
    output = compile_site(site).output
    posts = {name: data for name, data in output.items() if name.startswith("places/") and name.endswith("index.html")}
    assert len(posts) == 3
    assert sum(len(shards.strip(d)) for d in posts.values()) < 0.6 * sum(len(d) for d in posts.values())
    assert search.search_files(posts, CONFIG, lighter=True) == search.search_files(posts, CONFIG, lighter=False)
