"""The spool a build renders into: bytes beyond a budget wait on disk, and nothing differs."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

import atlaspress.core.spool as spool
from atlaspress.app.build import CACHE_DIR, COMMAND_MEMORY_BYTES, BuildSession, build_site
from atlaspress.core.digest import Digester
from atlaspress.core.spool import Spool
from atlaspress.core.store import MEMORY_BYTES, Store
from atlaspress.site.entry import Deferred

from .test_engine import POSTS


def test_values_beyond_the_budget_are_kept_on_disk_and_read_back() -> None:
    files = Spool(memory=10)
    files["a.html"] = b"0123456789"  # exactly the budget: held
    files["b.png"] = b"\x89PNG" * 100  # over it: on disk
    files["c.txt"] = b""  # nothing: fits
    assert files.spilled == 1
    assert files["a.html"] == b"0123456789" and files["b.png"] == b"\x89PNG" * 100 and files["c.txt"] == b""
    folder = Path(files._folder)
    assert sorted(p.name for p in folder.iterdir()) == ["1"]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    files["b.png"] = b"new"  # replaced: its old file is gone
    assert files["b.png"] == b"new" and sorted(p.name for p in folder.iterdir()) == ["2"]
    del files["c.txt"]
    assert "c.txt" not in files and len(files) == 2 and files.get("c.txt") is None
    with pytest.raises(KeyError):
        files["nope"]
    with pytest.raises(KeyError):
        del files["nope"]
    files.close()
    assert not folder.exists() and len(files) == 0


def test_names_keep_their_order_and_sort_without_reading() -> None:
    files = Spool([("z", b"1"), ("a", b"2"), ("m", b"3")], memory=0)
    assert list(files) == ["z", "a", "m"]
    files.sort()
    assert list(files) == ["a", "m", "z"] and dict(files) == {"a": b"2", "m": b"3", "z": b"1"}
    assert files == {"a": b"2", "m": b"3", "z": b"1"}  # a Mapping compares by items


def test_the_folder_goes_with_the_spool() -> None:
    files = Spool([("x", b"data")], memory=0)
    folder = files._folder
    assert folder is not None and os.path.isdir(folder)
    del files
    gc.collect()
    assert not os.path.exists(folder)


def test_a_build_whose_files_wait_on_disk_writes_the_same_bytes(make_site, monkeypatch, tmp_path) -> None:
    """The whole pipeline (render, search index, precompress, write) reads spooled files."""
    def tree(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    site = make_site(POSTS)
    held = build_site(site, tmp_path / "held")
    assert held.written and held.output.spilled == 0
    shutil.rmtree(site / CACHE_DIR)  # cold again
    monkeypatch.setattr(spool, "MEMORY_BYTES", 0)
    spilled = build_site(site, tmp_path / "spilled")
    assert spilled.written and spilled.output.spilled == len(spilled.output) > 50
    assert tree(tmp_path / "spilled") == tree(tmp_path / "held")
    assert spilled.output["index.html"] == (tmp_path / "spilled" / "index.html").read_bytes()


def test_a_build_holds_no_post_figures_after_rendering(make_site) -> None:
    """The maps and cards stay on disk: read for their page, never kept on the post (at 10,000
    posts they were a gigabyte held to the end of the build)."""
    result = build_site(make_site(POSTS))
    assert result.written and "places/kaesong/index.html" in result.output
    locators = [p.locator for p in result.graph.posts.values()]
    assert len(locators) == 3
    assert all(isinstance(getattr(loc, name), Deferred) for loc in locators
               for name in ("_svg", "_svg_compact", "_card_png"))
    assert locators[0].svg == locators[0].svg and "<svg" in locators[0].svg  # read again on each use


def test_a_released_object_is_hashed_by_its_content_again() -> None:
    digester = Digester()
    svg = Markup("<svg/>")
    digester.register(svg, "known-digest", "post:a")
    assert digester.digest([svg]) != Digester().digest([svg]) and digester.digest([svg])[1] == {"post:a"}
    digester.release(svg, Markup("<svg/>"))  # one not registered: nothing happens
    assert digester.digest([svg]) == Digester().digest([svg])


def test_the_cache_keeps_a_bounded_number_of_bytes_in_memory(tmp_path: Path) -> None:
    """Entries beyond the store's memory are forgotten oldest first and read from disk again."""
    store = Store(tmp_path / "cache", memory_bytes=1000)
    for i in range(10):
        store.put_bytes("basemap", f"{i:064x}", bytes([i]) * 200)  # 2,000 bytes in all
    assert store._held <= 1000 and len(store._memory) < 10
    assert ("basemap", f"{9:064x}") in store._memory  # the newest stay
    assert ("basemap", f"{0:064x}") not in store._memory
    reads = store.reads
    assert store.get_bytes("basemap", f"{0:064x}") == bytes([0]) * 200  # from disk
    assert store.reads == reads + 1
    store.put_json("words", "a" * 64, {"text": "x" * 600})  # more than half the budget: not held
    assert ("words", "a" * 64) not in store._memory and store._held <= 1000
    assert store.get_json("words", "a" * 64, lambda v: v) == {"text": "x" * 600}
    assert sum(store._sizes.values()) == store._held


def test_a_command_line_build_keeps_less_of_the_cache_in_memory_than_the_dev_server(tmp_path: Path) -> None:
    assert BuildSession(tmp_path, tmp_path / "out").store.memory_bytes == COMMAND_MEMORY_BYTES
    assert BuildSession(tmp_path, tmp_path / "out", keep_in_memory=True).store.memory_bytes == MEMORY_BYTES
    assert COMMAND_MEMORY_BYTES < MEMORY_BYTES
