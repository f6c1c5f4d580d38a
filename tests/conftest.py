"""Shared fixtures: small sites built on tmp_path (MkDocs-style factories)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
ARTIFACTS = ROOT / "test-artifacts"

CONFIG = """\
title = "Test Atlas"
base_url = "https://atlas.example/"
author = "Desk"

[series.contentious-borders]
title = "Contentious borders"
description = "Lines people argue about."
"""

GOOD_POST = """\
---
title: {title}
date: {date}
summary: A summary.
place:
  name: {title}
  at: {at}
series: contentious-borders
tags: [test]
facts:
  - claim: A claim
    detail: Some *detail*.
sources:
  - {{title: A source, publisher: BBC, year: 2016, url: "https://www.bbc.com/news"}}
---
Body of {title}.
"""


def post_text(title: str = "Kaesong", date: str = "2022-09-01", at: str = "37.93, 126.60") -> str:
    return GOOD_POST.format(title=title, date=date, at=at)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Create a site: ``make_site({"slug": "index.md text", ...}, config=...)``."""

    def factory(posts: dict[str, str] | None = None, config: str = CONFIG, files: dict[str, str] | None = None) -> Path:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        (site / "atlaspress.toml").write_text(config, encoding="utf-8")
        for slug, text in (posts or {}).items():
            bundle = site / "content" / "places" / slug
            bundle.mkdir(parents=True, exist_ok=True)
            (bundle / "index.md").write_text(textwrap.dedent(text), encoding="utf-8")
        for rel, text in (files or {}).items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return site

    return factory


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Diagnostics print paths relative to the working directory; make them stable."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
