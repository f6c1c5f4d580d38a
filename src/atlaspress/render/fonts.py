"""Hangul and CJK text in self-hosted fonts: each page carries the glyphs it shows, no more.

The theme's text faces (Source Serif 4, the UI stack) have no Hangul, kana or Han; a page that
shows some (a local name such as 개성공업지구, a source's Japanese title) would fall back to
whatever the reader's machine has, or to boxes. :func:`font_style` reads the text of a
rendered page body, finds each Hangul/CJK character and the language it is written in
(the nearest ``lang`` attribute, else the script around it), and returns a ``<style>`` with
one ``@font-face`` per face used: Noto Sans KR, JP, TC or SC (SIL OFL, npm ``@fontsource``,
vendored by ``scripts/vendor.sh`` in the slices fontsource cuts them into), subset with
fontTools to exactly those characters, as a WOFF2 ``data:`` URL with the matching
``unicode-range`` and ``font-display: swap``. A page without such text gets nothing. The
font is part of the page because it is made for that page alone: a Kaesong post adds about
1 KB for its six Hangul syllables. Output is deterministic (no timestamps, sorted input).

Only text the page draws counts: text nodes, not attributes, scripts or styles (the map's
labels are drawn by MapLibre from the reader's fonts). When one page shows a Han character
in two languages, one face (the first in the CSS stacks: KR, JP, TC, SC) draws both.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fontTools is imported when a page needs a face (it takes 0.2 s to import)
    from fontTools.subset import Options
    from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[1] / "_vendor" / "fonts"


# A face: the CSS family, its vendored folder (scripts/vendor.sh).
FACES = {"kr": "Noto Sans KR", "jp": "Noto Sans JP", "tc": "Noto Sans TC", "sc": "Noto Sans SC"}
ORDER = ("kr", "jp", "tc", "sc")  # the order of the families in the theme's font stacks

# The characters these faces are for: Hangul, kana, bopomofo, Han, CJK punctuation and symbols,
# full-width forms. Latin, Greek and Cyrillic stay with the theme's faces.
CJK_RANGES = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x2FF0, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
    (0x3130, 0x318F), (0x3190, 0x31FF), (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)
_CJK = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_TRADITIONAL = {"hant", "tw", "hk", "mo"}

_SKIP = {"script", "style", "template", "textarea", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def face_for(lang: str | None, run: str, char: str) -> str:
    """The face that draws ``char``: by the language of its element, else by the script of the
    text it stands in (kana: Japanese, Hangul: Korean), else Simplified Chinese.

    >>> face_for("zh-Hant", "金門", "金"), face_for("ja", "北方領土", "北"), face_for("en", "戦前の姿", "戦")
    ('tc', 'jp', 'jp')
    """
    subtags = (lang or "").lower().replace("_", "-").split("-")
    if subtags[0] == "ko":
        return "kr"
    if subtags[0] == "ja":
        return "jp"
    if subtags[0] == "zh":
        return "tc" if _TRADITIONAL & set(subtags[1:]) else "sc"
    if _HANGUL.match(char):
        return "kr"
    if _KANA.search(run):
        return "jp"
    if _HANGUL.search(run):
        return "kr"
    return "sc"


class _Text(HTMLParser):
    """The text nodes of an HTML fragment, each with the language of its element."""

    def __init__(self, lang: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = [("", lang)]
        self.skip = 0
        self.runs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        lang = self.stack[-1][1]
        for name, value in attrs:
            if name == "lang" and value is not None:
                lang = value
        self.stack.append((tag, lang))
        if tag in _SKIP:
            self.skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return None  # <path/>, <br/>: no text inside

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):  # close up to the matching element
            if self.stack[i][0] == tag:
                for closed, _ in self.stack[i:]:
                    if closed in _SKIP:
                        self.skip -= 1
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skip and _CJK.search(data):
            self.runs.append((data, self.stack[-1][1]))


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")


def _may_show_cjk(html: str) -> bool:
    """Whether ``html`` holds a Hangul/CJK character, as itself or as a numeric reference (no
    named reference writes one): a regular-expression scan, far cheaper than parsing."""
    if _CJK.search(html):
        return True
    for match in _NUMERIC_REFERENCE.finditer(html):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code < 0x110000 and _CJK.match(chr(code)):
            return True
    return False


def characters(html: str, lang: str | None = None) -> dict[str, set[int]]:
    """Face → the code points of the Hangul/CJK characters ``html`` shows in it, each only in
    a face that has it (a character none has is left to the reader's fonts)."""
    if not _may_show_cjk(html):  # most pages: no parse at all
        return {}
    parser = _Text(lang)
    parser.feed(html)
    parser.close()
    out: dict[str, set[int]] = {}
    for run, run_lang in parser.runs:
        for char in set(_CJK.findall(run)):
            first = face_for(run_lang, run, char)
            for face in (first, *(f for f in ORDER if f != first)):
                if ord(char) in _coverage(face):
                    out.setdefault(face, set()).add(ord(char))
                    break
    return out


def _ranges(spec: str) -> Iterator[int]:
    for part in spec.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        yield from range(int(first, 16), int(last or first, 16) + 1)


@functools.cache
def _slices(face: str) -> tuple[tuple[int, frozenset[int]], ...]:
    """The vendored slices of a face: ``(number, code points)``, from fontsource's unicode.json."""
    folder = FONTS / f"noto-sans-{face}"
    try:
        table = json.loads((folder / "unicode.json").read_text(encoding="utf-8"))
    except OSError:  # not vendored: the page falls back to the reader's fonts
        return ()
    out = []
    for name, spec in table.items():
        number = name.strip("[]")
        if number.isdigit() and (folder / f"noto-sans-{face}-{number}-400-normal.woff2").is_file():
            out.append((int(number), frozenset(_ranges(spec))))
    return tuple(sorted(out))


@functools.cache
def _coverage(face: str) -> frozenset[int]:
    return frozenset().union(*(chars for _, chars in _slices(face)))


@functools.lru_cache(maxsize=64)
def _slice_ttf(face: str, number: int) -> bytes:
    """A slice decompressed once per process (reading WOFF2 rebuilds every glyph; a TTF is read lazily)."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / f"noto-sans-{face}" / f"noto-sans-{face}-{number}-400-normal.woff2",
                  recalcTimestamp=False)
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _options(flavor: str | None) -> Options:
    from fontTools.subset import Options

    options = Options()
    options.flavor = flavor
    options.layout_features = []  # horizontal text, no substitutions: the layout tables go
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "STAT", "vhea", "vmtx", "VORG", "gasp"]
    options.hinting = False
    options.name_IDs = [0, 1, 2, 14]  # copyright, family, style, the licence's URL (SIL OFL)
    options.notdef_outline = False  # unicode-range sends only the characters the font has
    return options


def _cut(font: TTFont, codepoints: Iterable[int], flavor: str | None) -> bytes:
    from fontTools.subset import Subsetter

    subsetter = Subsetter(_options(flavor))
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


@functools.lru_cache(maxsize=256)
def subset_font(face: str, codepoints: tuple[int, ...]) -> bytes:
    """WOFF2 of ``face`` with exactly the glyphs of ``codepoints`` (sorted; each in the face)."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    wanted = set(codepoints)
    parts = []
    for number, chars in _slices(face):
        here = wanted & chars
        if here:
            wanted -= here
            parts.append(_cut(TTFont(io.BytesIO(_slice_ttf(face, number)), recalcTimestamp=False), here, None))
    if len(parts) == 1:
        font = TTFont(io.BytesIO(parts[0]), recalcTimestamp=False)
    else:  # one font from the slices' glyphs, then cut again to drop each slice's .notdef
        first = TTFont(io.BytesIO(parts[0]), recalcTimestamp=False)["head"]
        font = Merger().merge([io.BytesIO(part) for part in parts])
        font["head"].created, font["head"].modified = first.created, first.modified  # not today
        font = TTFont(io.BytesIO(_saved(font)), recalcTimestamp=False)
    return _cut(font, codepoints, "woff2")


def _saved(font: TTFont) -> bytes:
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def unicode_range(codepoints: Iterable[int]) -> str:
    """``U+AC1C,U+ACF5-ACF7`` for the CSS ``unicode-range`` descriptor (runs joined).

    >>> unicode_range([0xACF7, 0xAC1C, 0xACF5, 0xACF6])
    'U+AC1C,U+ACF5-ACF7'
    """
    points = sorted(set(codepoints))
    spans: list[list[int]] = []
    for cp in points:
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return ",".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in spans)


def font_faces(html: str, lang: str | None = None) -> str:
    """The ``@font-face`` rules for the Hangul/CJK text of ``html`` (empty when it has none)."""
    rules = []
    for face, chars in sorted(characters(html, lang).items(), key=lambda kv: ORDER.index(kv[0])):
        data = base64.b64encode(subset_font(face, tuple(sorted(chars)))).decode("ascii")
        rules.append(f'@font-face{{font-family:"{FACES[face]}";font-display:swap;'  # normal, 400: the defaults
                     f'src:url("data:font/woff2;base64,{data}")format("woff2");'
                     f"unicode-range:{unicode_range(chars)}}}")
    return "\n".join(rules)


def font_style(html: str, lang: str | None = None) -> str:
    """:func:`font_faces` in a ``<style>`` element for the page's ``<head>``, or ``""``."""
    faces = font_faces(html, lang)
    return f"<style>{faces}</style>\n" if faces else ""
