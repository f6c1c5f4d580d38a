"""Helpers for the WordPress import tests: run an import, read back what it wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from atlaspress.app.wordpress.command import Options, import_wordpress
from atlaspress.app.wordpress.report import ImportReport
from atlaspress.content.frontmatter import parse_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wordpress"
TODAY = dt.date(2026, 12, 1)


def run(export: str | Path, site: Path, **options: Any) -> ImportReport:
    path = export if isinstance(export, Path) else FIXTURES / export
    options.setdefault("today", TODAY)
    return import_wordpress(path, site, Options(**options))


def front(path: Path) -> dict[str, Any]:
    """The front matter as atlaspress itself reads it (its YAML rules, not PyYAML's defaults)."""
    data = parse_document(path.read_text(encoding="utf-8"), str(path)).data
    assert isinstance(data, dict)
    return data


def body(path: Path) -> str:
    return parse_document(path.read_text(encoding="utf-8"), str(path)).body.lstrip("\n")


@pytest.fixture
def borderlines(tmp_path: Path) -> tuple[Path, ImportReport]:
    """The full 1.2 fixture imported with uploads, a places file and one series category."""
    site = tmp_path / "site"
    report = run("borderlines-wxr-1.2.xml", site, uploads=FIXTURES / "uploads", places=FIXTURES / "places.csv",
                 series_categories=("contentious-borders",))
    return site, report
