"""`atlaspress import wordpress` on the command line: output, exit codes, the report file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from atlaspress.app.cli import cli

from .conftest import FIXTURES


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["import", "wordpress", *args])
    return result.exit_code, result.output


def test_import_prints_the_report_and_writes_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, output = _run(str(FIXTURES / "borderlines-wxr-1.2.xml"), "--site", str(site),
                        "--uploads", str(FIXTURES / "uploads"), "--series-category", "contentious-borders")
    assert code == 0, output
    assert "content/places/sounds-of-the-border/index.md: needs a coordinate: write place.at" in output
    assert "unknown shortcode [toc] kept as text in 1 file" in output
    assert "atlaspress import kml hans-island.kmz --into content/places/hans-island" in output
    assert (site / "wordpress-import.md").is_file()
    code, output = _run(str(FIXTURES / "borderlines-wxr-1.2.xml"), "--site", str(site))
    assert code == 0
    assert "content/places/baarle/index.md: already imported, skipped (--update rewrites it)" in output


def test_malformed_export_exits_1_with_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    code, output = _run("malformed-mismatched.xml", "--site", str(tmp_path / "site"))
    assert code == 1
    assert output.startswith("malformed-mismatched.xml:11:4: error[wordpress.xml]: not well-formed XML")
    assert "  hint: " in output


def test_an_export_without_posts_exits_1_and_says_so(tmp_path: Path) -> None:
    code, output = _run(str(FIXTURES / "categories-only.xml"), "--site", str(tmp_path / "site"))
    assert code == 1
    assert "nothing imported: the export holds no posts or pages" in output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _ = _run(str(tmp_path / "missing.xml"))
    assert code == 2
