"""Hostile and malformed input: refused with a located message, nothing read or expanded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from atlaspress.content.layers import SUPPORTED_SUFFIXES, read_layer

from .conftest import FIXTURES, error_of, make_kmz


def test_truncated_xml_gives_file_line_message() -> None:
    err = error_of(read_layer, FIXTURES / "truncated.kml", display="truncated.kml")
    assert err.diagnostic.format() == (
        "truncated.kml:9:1: error[layer]: KML is not well-formed XML: no element found\n"
        "  hint: the file may be cut short or not be KML"
    )


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    err = error_of(read_layer, FIXTURES / "billion-laughs.kml", display="billion-laughs.kml")
    assert time.perf_counter() - started < 2
    assert err.diagnostic.format() == (
        "billion-laughs.kml:3:16: error[layer]: KML uses an XML entity declaration ('lol'), "
        "which atlaspress refuses for safety (XXE / entity expansion)\n"
        "  hint: export the KML again without a <!DOCTYPE …> block"
    )


def external_entity_kml(tmp_path: Path, target: str) -> Path:
    path = tmp_path / "xxe.kml"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE kml [\n  <!ENTITY secret SYSTEM "{target}">\n]>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>&secret;</name>\n'
        "<Placemark><name>&secret;</name><Point><coordinates>0,0</coordinates></Point></Placemark>\n"
        "</Document></kml>\n",
        encoding="utf-8",
    )
    return path


def test_external_entity_is_refused_and_the_file_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    old = time.time() - 3600
    os.utime(secret, (old, old))
    path = external_entity_kml(tmp_path, secret.as_uri())
    err = error_of(read_layer, path, display="xxe.kml")
    assert err.diagnostic.line == 3
    assert "KML uses an XML entity declaration ('secret')" in err.diagnostic.message
    assert "refuses for safety (XXE / entity expansion)" in err.diagnostic.message
    assert "TOP-SECRET-VALUE" not in str(err)
    assert secret.stat().st_atime == pytest.approx(old)  # not opened (atime untouched)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_external_entity_pointing_at_a_fifo_does_not_block(tmp_path: Path) -> None:
    """Opening a FIFO with no writer would hang forever: proof that nothing is opened."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    err = error_of(read_layer, external_entity_kml(tmp_path, fifo.as_uri()))
    assert "entity declaration" in err.diagnostic.message


def test_external_dtd_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "evil.dtd"
    secret.write_text('<!ENTITY x "boom">', encoding="utf-8")
    path = tmp_path / "dtd.kml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE kml SYSTEM "{secret.as_uri()}">\n<kml>&x;</kml>',
        encoding="utf-8",
    )
    err = error_of(read_layer, path)
    assert "refers to an external XML entity or DTD" in err.diagnostic.message
    assert err.diagnostic.line == 2


def test_harmless_doctype_without_entities_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.kml"
    path.write_text("<?xml version='1.0'?><!DOCTYPE kml><kml><Placemark/></kml>", encoding="utf-8")
    assert read_layer(path).features[0]["geometry"] is None


def test_kmz_with_entity_inside_is_refused(tmp_path: Path) -> None:
    kml = (FIXTURES / "billion-laughs.kml").read_bytes()
    err = error_of(read_layer, make_kmz(tmp_path / "x.kmz", {"doc.kml": kml}), display="x.kmz")
    assert err.diagnostic.path == "x.kmz!doc.kml" and "entity declaration" in err.diagnostic.message


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_oversize_file_refused_before_parsing(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    path.write_bytes(b"\0" * 2048)  # not even valid: size is checked first
    err = error_of(read_layer, path, display=f"big{suffix}", max_bytes=1024)
    assert err.diagnostic.format().startswith(
        f"big{suffix}:1:1: error[layer]: layer file is larger than"
    )
    assert "max_file_size_mb" in (err.diagnostic.hint or "")


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    assert "cannot read .shp files" in error_of(read_layer, tmp_path / "x.shp").diagnostic.message
    assert (
        "cannot read the layer file"
        in error_of(read_layer, tmp_path / "missing.kml").diagnostic.message
    )


def test_deeply_nested_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.kml"
    path.write_text("<kml>" + "<Folder>" * 5000 + "</Folder>" * 5000 + "</kml>", encoding="utf-8")
    err = error_of(read_layer, path)
    assert "nested more than" in err.diagnostic.message


def test_descriptions_cannot_carry_script(tmp_path: Path) -> None:
    path = tmp_path / "x.kml"
    path.write_text(
        """<kml><Placemark><name>x</name><description><![CDATA[
<img src=x onerror="alert(1)"><svg onload=alert(1)><a href="JaVaScRiPt:alert(1)">a</a>
<iframe srcdoc="<script>alert(1)</script>"></iframe><style>body{}</style><b>ok</b>]]></description>
</Placemark></kml>""",
        encoding="utf-8",
    )
    html = read_layer(path).features[0]["properties"]["description"]
    lowered = html.lower()
    for bad in ("onerror", "onload", "javascript", "<iframe", "<script", "<svg", "<style", "alert"):
        assert bad not in lowered
    assert "<b>ok</b>" in html
