"""Hangul and CJK faces: a page carries exactly the glyphs its text shows (atlaspress.render.fonts)."""

from __future__ import annotations

import base64
import io
import re

import pytest

from atlaspress.app.build import compile_site
from atlaspress.render import fonts

from ..conftest import post_text

VENDORED = all((fonts.FONTS / f"noto-sans-{face}" / "unicode.json").is_file() for face in fonts.ORDER)
needs_fonts = pytest.mark.skipif(not VENDORED, reason="Noto Sans CJK not vendored (make install)")

FACE = re.compile(r"@font-face\{([^}]*)\}")


def _faces(html: str) -> dict[str, tuple[set[int], str]]:
    """family → (code points of the embedded font's cmap, its unicode-range) of each face in the head."""
    from fontTools.ttLib import TTFont

    head = html.split("</head>", 1)[0]
    out = {}
    for rule in FACE.findall(head):
        family = re.search(r'font-family:"([^"]+)"', rule).group(1)
        data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", rule).group(1))
        assert data[:4] == b"wOF2" and "font-display:swap" in rule
        cmap = set(TTFont(io.BytesIO(data)).getBestCmap())
        out[family] = (cmap, re.search(r"unicode-range:([^;}]+)", rule).group(1))
    return out


def _points(text: str) -> set[int]:
    return {ord(c) for c in text}


@needs_fonts
def test_a_page_with_hangul_gets_a_face_of_exactly_its_hangul(make_site):
    korean = post_text("Panmunjom", "2024-05-20", "37.956, 126.677").replace(
        "  name: Panmunjom\n", "  name: Panmunjom\n  local_name: 판문점\n").replace(
        "Body of Panmunjom.", "Body of Panmunjom, south of 개성.")
    out = compile_site(make_site({"panmunjom": korean, "plain": post_text("Plain")})).output
    html = out["places/panmunjom/index.html"].decode()
    faces = _faces(html)
    assert set(faces) == {"Noto Sans KR"}
    cmap, ranges = faces["Noto Sans KR"]
    # the syllables of 판문점 (the local name) and 개성 (the body), nothing else
    assert cmap == _points("판문점개성")
    assert ranges == fonts.unicode_range(_points("판문점개성"))
    assert html.count("<style>") == 1 and html.index("<style>") < html.index("</head>")
    plain = out["places/plain/index.html"].decode()
    assert "@font-face" not in plain and "<style>" not in plain
    assert "@font-face" not in out["index.html"].decode()


@needs_fonts
def test_each_language_gets_its_face():
    html = ('<p><span lang="ja">北方領土</span> and <span lang="zh-Hant">金門（馬祖）</span>; '
            '<a href="#">戦前の姿</a> <span lang="ko">개성</span></p>')
    chars = fonts.characters(html, "en")
    assert chars == {"jp": _points("北方領土戦前の姿"), "tc": _points("金門（馬祖）"), "kr": _points("개성")}


def test_only_text_the_page_draws_counts():
    html = ('<p title="개성">Kaesong</p><script>const a = "개성";</script><style>p::after{content:"개"}</style>'
            '<img alt="개성"><svg><path d="M0 0"/></svg><p>Kaesong &amp; Seoul</p>')
    assert fonts.characters(html, "en") == {}
    assert fonts.font_style(html, "en") == ""


@needs_fonts
def test_entities_count_as_the_characters_they_write():
    assert fonts.characters("<p>&#xAC1C;&#49457;</p>", "en") == {"kr": _points("개성")}


@needs_fonts
def test_the_subset_is_the_same_bytes_every_time():
    points = tuple(sorted(_points("北方領土の人口")))  # several slices: merged, then cut again
    first = fonts.subset_font("jp", points)
    fonts.subset_font.cache_clear()
    fonts._slice_ttf.cache_clear()
    assert fonts.subset_font("jp", points) == first
