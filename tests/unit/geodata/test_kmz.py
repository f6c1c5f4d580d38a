"""KMZ: the archive, its icons, and the archive-level safety checks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from atlaspress.content.layers import read_layer

from .conftest import FIXTURES, error_of, make_kmz, png_bytes

DOC = (FIXTURES / "mymaps-kmz-doc.kml").read_bytes()


def test_kmz_icons_end_up_in_assets_and_styles(tmp_path: Path) -> None:
    icon = png_bytes()
    kmz = make_kmz(tmp_path / "crossings.kmz", {"doc.kml": DOC, "images/icon-1.png": icon})
    layer = read_layer(kmz)
    assert layer.title == "Panmunjom crossings"
    assert layer.assets == {"images/icon-1.png": icon}
    jsa, unknown = layer.features
    assert jsa["properties"]["style"] == {"marker-color": "#ff0000", "icon": "images/icon-1.png"}
    assert jsa["properties"]["group"] == "checkpoints"
    assert jsa["properties"]["description"] == '<img src="images/icon-1.png"> Truce village.'
    assert unknown["properties"]["style"] == {}
    assert any("'images/missing.png' was not found in the KMZ" in w for w in layer.warnings)


def test_png_helper_makes_a_real_png() -> None:
    data = png_bytes()
    assert (
        data.startswith(b"\x89PNG\r\n\x1a\n")
        and b"IHDR" in data
        and data.endswith(b"IEND\xaeB`\x82")
    )


def test_first_root_kml_is_read_when_there_is_no_doc_kml(tmp_path: Path) -> None:
    """Google Earth reads the first .kml it finds; a KML no link reaches is named, not read."""
    kmz = make_kmz(tmp_path / "x.kmz", {"files/other.kml": b"<kml/>", "main.kml": DOC})
    layer = read_layer(kmz)
    assert layer.title == "Panmunjom crossings"
    assert layer.warnings[-1] == (
        "the KMZ also holds 'files/other.kml', which no NetworkLink of 'main.kml' points to; not read"
    )


def test_errors_inside_the_archived_kml_name_it(tmp_path: Path) -> None:
    kmz = make_kmz(tmp_path / "x.kmz", {"doc.kml": b"<kml>\n<Document>\n"})
    err = error_of(read_layer, kmz, display="x.kmz")
    assert err.diagnostic.path == "x.kmz!doc.kml"
    assert err.diagnostic.line == 3
    assert "not well-formed XML" in err.diagnostic.message


@pytest.mark.parametrize(
    "name", ["../evil.png", "images/../../evil.kml", "/etc/evil.png", "C:/evil.png", "..\\evil.png"]
)
def test_entries_leaving_the_archive_are_refused(tmp_path: Path, name: str) -> None:
    kmz = make_kmz(tmp_path / "x.kmz", {"doc.kml": DOC, name: b"x"})
    err = error_of(read_layer, kmz, display="x.kmz")
    assert err.diagnostic.format().startswith("x.kmz:1:1: error[layer]: KMZ entry ")
    assert "path traversal" in err.diagnostic.message
    assert not (tmp_path.parent / "evil.png").exists()


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.kmz"
    path.write_bytes(b"<kml/>")
    err = error_of(read_layer, path)
    assert "not a KMZ (zip) archive" in err.diagnostic.message


def test_no_kml_inside(tmp_path: Path) -> None:
    err = error_of(read_layer, make_kmz(tmp_path / "x.kmz", {"a.png": png_bytes()}))
    assert "holds no .kml file" in err.diagnostic.message


def test_oversized_entry_refused(tmp_path: Path) -> None:
    kmz = make_kmz(tmp_path / "x.kmz", {"doc.kml": DOC + b" " * 5000})
    err = error_of(read_layer, kmz, max_bytes=4096)
    assert "larger than" in err.diagnostic.message and "unpacked" in err.diagnostic.message


def test_zip_bomb_ratio_refused(tmp_path: Path) -> None:
    kmz = make_kmz(tmp_path / "x.kmz", {"doc.kml": DOC, "images/bomb.png": b"\0" * (3 << 20)})
    assert kmz.stat().st_size < 64 << 10
    err = error_of(read_layer, kmz)
    assert "zip bomb" in err.diagnostic.message


def test_total_unpacked_size_refused(tmp_path: Path) -> None:
    entries = {"doc.kml": DOC}
    entries.update({f"images/{i}.png": bytes(range(256)) * 12 for i in range(4)})  # 3 KB each
    kmz = make_kmz(tmp_path / "x.kmz", entries)
    err = error_of(read_layer, kmz, max_bytes=max(kmz.stat().st_size, 4096))
    assert "unpacks to more than" in err.diagnostic.message


def test_lying_header_sizes_are_enforced_while_reading(tmp_path: Path) -> None:
    """A central directory that understates an entry's size cannot make the reader inflate more."""
    kmz = make_kmz(tmp_path / "x.kmz", {"doc.kml": DOC, "images/icon-1.png": b"\0" * 50_000})
    data = bytearray(kmz.read_bytes())
    header = data.find(b"images/icon-1.png", data.find(b"PK\x01\x02")) - 46  # central directory record
    assert data[header : header + 4] == b"PK\x01\x02"
    data[header + 24 : header + 28] = (10).to_bytes(4, "little")  # uncompressed size: 10 bytes
    kmz.write_bytes(bytes(data))
    with zipfile.ZipFile(kmz) as archive:
        assert archive.getinfo("images/icon-1.png").file_size == 10
    err = error_of(read_layer, kmz, max_bytes=40_000)  # the icon a feature uses is unpacked
    assert "images/icon-1.png" in err.diagnostic.message
