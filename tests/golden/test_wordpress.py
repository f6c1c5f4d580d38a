"""Golden imported site: the fixture WordPress export imported, the written tree compared
file by file with ``tests/golden/wordpress/borderlines/``; then the imported site builds.

Regenerate with ``UPDATE_GOLDEN=1 pytest tests/golden/test_wordpress.py`` (or ``make golden``)
and read ``git diff tests/golden/wordpress`` before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from atlaspress.app.build import compile_site
from atlaspress.app.wordpress.command import Options, import_wordpress
from atlaspress.content.model import Comment, FrontMatter
from atlaspress.core.config import SiteConfig

from ..unit.wordpress.conftest import FIXTURES, TODAY

GOLDEN = Path(__file__).parent / "wordpress" / "borderlines"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".atlaspress-cache" not in p.parts}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("wp") / "site"
    here = Path.cwd()
    os.chdir(FIXTURES)  # the report names the export as given, relative to here
    try:
        import_wordpress(Path("borderlines-wxr-1.2.xml"), site, Options(
            uploads=Path("uploads"), places=Path("places.csv"), series_categories=("contentious-borders",),
            today=TODAY))
    finally:
        os.chdir(here)
    return site


def test_imported_site_matches_golden(imported: Path) -> None:
    actual = _tree(imported)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in actual.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    assert GOLDEN.is_dir(), "run UPDATE_GOLDEN=1 pytest tests/golden/test_wordpress.py to create the golden tree"
    golden = _tree(GOLDEN)
    assert sorted(actual) == sorted(golden)
    for rel, data in actual.items():
        if rel.endswith((".md", ".toml")):
            assert data.decode("utf-8") == golden[rel].decode("utf-8"), rel
        else:
            assert data == golden[rel], rel


# The fields the site reads once the sitepages branch is in (this branch only writes them).
_SITE_SIDE = ("aliases" not in FrontMatter.model_fields or "replies" not in Comment.model_fields
              or "redirects" not in SiteConfig.model_fields)


@pytest.mark.xfail(_SITE_SIDE, strict=True,
                   reason="aliases, comment replies and [redirects] are read by the site once the sitepages "
                   "branch is merged")
def test_imported_site_builds_without_errors(imported: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(imported, site)
    result = compile_site(site)
    assert not result.report.errors, [d.format() for d in result.report.errors]
    # drafts without a place are checked and reported, never published
    warned = {d.path.rsplit("content/places/", 1)[-1] for d in result.report.warnings if d.code == "place"}
    assert warned == {"notes-on-bir-tawil/index.md", "sounds-of-the-border/index.md"}
    pages = result.output
    assert "places/kaesong-industrial-zone/index.html" in pages
    assert "places/sounds-of-the-border/index.html" not in pages
    home = pages["index.html"].decode("utf-8")
    # sticky first: Kaesong (2016) before Baarle (2017), the newest
    assert home.index("places/kaesong-industrial-zone/") < home.index("places/baarle/")
