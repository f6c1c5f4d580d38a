"""`precompress`: .gz/.br copies beside text outputs, the same bytes as the file they copy."""

from __future__ import annotations

import gzip

from atlaspress.app.build import build_site

from ..conftest import CONFIG, post_text


def test_gzip_copies_match_their_files_and_survive_an_incremental_build(make_site, tmp_path):
    site = make_site({"a": post_text("Alpha", "2022-01-01", "37.93, 126.60")},
                     config='precompress = ["gzip"]\n' + CONFIG)
    out = tmp_path / "out"
    assert build_site(site, out).written
    page = out / "places" / "a" / "index.html"
    copy = out / "places" / "a" / "index.html.gz"
    assert gzip.decompress(copy.read_bytes()) == page.read_bytes()
    css = next((out / "assets").glob("style.*.css"))
    assert gzip.decompress(css.with_name(css.name + ".gz").read_bytes()) == css.read_bytes()
    assert not list(out.rglob("*.png.gz")) and not list(out.rglob("*.br"))
    first = copy.read_bytes()
    (site / "content" / "places" / "a" / "index.md").write_text(
        post_text("Alpha", "2022-01-01", "37.93, 126.60").replace("Body of Alpha.", "A new body."), encoding="utf-8")
    assert build_site(site, out).written
    assert gzip.decompress(copy.read_bytes()) == page.read_bytes() != gzip.decompress(first)
    assert b"A new body." in page.read_bytes()
    assert gzip.decompress(css.with_name(css.name + ".gz").read_bytes()) == css.read_bytes()


def test_off_by_default(make_site, tmp_path):
    out = tmp_path / "out"
    assert build_site(make_site({"a": post_text()}), out).written
    assert not list(out.rglob("*.gz"))
