"""Golden test of the rendered Kaesong page (normalised HTML).

Regenerate with ``UPDATE_GOLDEN=1 pytest tests/golden`` (or ``make golden``) and review
the diff. Normalisation removes what other tests own: the inline locator SVGs (golden
SVGs in tests/golden/locator/) and asset fingerprints.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from atlaspress.app.build import compile_site

from ..conftest import DEMO

GOLDEN = Path(__file__).parent / "pages"


def normalise(html: str) -> str:
    html = re.sub(r"<svg\b.*?</svg>", "<svg/>", html, flags=re.S)
    html = re.sub(r"\.([0-9a-f]{10})\.(css|js|svg|mjs)\b", r".HASH.\2", html)
    html = re.sub(r'content="atlaspress [^"]+"', 'content="atlaspress VERSION"', html)
    return html


@pytest.fixture(scope="module")
def demo_output() -> dict[str, bytes]:
    result = compile_site(DEMO)
    assert not result.report.errors
    return result.output


# A post (with threaded comments) and a site page (content/pages/about.md).
@pytest.mark.parametrize("page", ["places/kaesong-industrial-zone/index.html", "about/index.html"])
def test_rendered_page_matches_golden(demo_output, page):
    actual = normalise(demo_output[page].decode("utf-8"))
    golden = GOLDEN / (page.split("/")[-2] + ".html")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), "run UPDATE_GOLDEN=1 pytest tests/golden to create the golden file"
    assert actual == golden.read_text(encoding="utf-8")
