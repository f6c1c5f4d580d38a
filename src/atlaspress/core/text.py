"""Characters a post may not carry into feeds, SVG and HTML, and their removal.

XML 1.0 cannot hold C0 controls other than tab, line feed and carriage return, U+FFFE,
U+FFFF or lone surrogates: one of them in a title makes ``feed.xml`` and every SVG that
shows the title unreadable, and the social-card renderer refuses them. HTML counts DEL,
the C1 controls and the other noncharacters as parse errors, and YAML's reader refuses
them too. They are invisible, usually pasted in from a PDF or a word processor, so they
are deleted rather than replaced: U+FFFD would put a visible "�" in front of readers.

Deleting shifts later columns on the same line, so :func:`strip_unsafe` also returns, per
line, where characters went; :meth:`Removed.column` maps a column in the cleaned text back
to the author's file, so later diagnostics still point at the right place.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

_NONCHARACTERS = "".join(chr(plane * 0x10000 + low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _NONCHARACTERS + "]"
)
# The same class for ASCII text (nearly every post): a short class the regex engine scans
# several times faster than the one above with its 32 astral noncharacters.
_UNSAFE_ASCII = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE = re.compile(r"[^\r\n\u2028\u2029]*(?:\r\n|[\r\n\u2028\u2029])?")


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character :data:`UNSAFE` matches."""
    return bool((_UNSAFE_ASCII if text.isascii() else UNSAFE).search(text))


def xml_safe(text: str) -> str:
    """``text`` without the characters XML and HTML cannot carry."""
    return UNSAFE.sub("", text) if has_unsafe(text) else text


def describe(char: str) -> str:
    return f"U+{ord(char):04X}"


@dataclass(frozen=True)
class Removed:
    """What :func:`strip_unsafe` deleted: how many, the first (1-based line, column, the
    character) and, per line, the 0-based columns in the cleaned line where one went."""

    count: int = 0
    first: tuple[int, int, str] | None = None
    shifts: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def column(self, line: int, column: int) -> int:
        """The author's 1-based column for a 1-based (line, column) of the cleaned text."""
        gaps = self.shifts.get(line)
        return column + bisect_right(gaps, column - 1) if gaps else column


def strip_unsafe(text: str, first_line: int = 1) -> tuple[str, Removed]:
    """Delete unsafe characters; line breaks are never among them, so lines stay put."""
    if not has_unsafe(text):
        return text, Removed()
    out: list[str] = []
    shifts: dict[int, tuple[int, ...]] = {}
    count = 0
    first: tuple[int, int, str] | None = None
    for number, line in enumerate(_LINE.findall(text), start=first_line):
        found = [m.start() for m in UNSAFE.finditer(line)]
        if not found:
            out.append(line)
            continue
        if first is None:
            first = (number, found[0] + 1, line[found[0]])
        count += len(found)
        shifts[number] = tuple(col - k for k, col in enumerate(found))
        out.append(UNSAFE.sub("", line))
    return "".join(out), Removed(count, first, shifts)


def strip_unsafe_values(data: Any, path: tuple[Any, ...] = ()) -> tuple[Any, int, tuple[tuple[Any, ...], str] | None]:
    """Clean every string in parsed YAML or JSON (escapes such as ``"\\v"`` make them);
    returns the cleaned data, how many characters went, and the path and character of the first."""
    if isinstance(data, str):
        found = UNSAFE.findall(data)
        return (UNSAFE.sub("", data), len(found), (path, found[0])) if found else (data, 0, None)
    total = 0
    first: tuple[tuple[Any, ...], str] | None = None
    if isinstance(data, dict):
        cleaned: dict[Any, Any] = {}
        for key, value in data.items():
            new_key, n_key, in_key = strip_unsafe_values(key, (*path, key))
            new_value, n_value, in_value = strip_unsafe_values(value, (*path, key))
            first = first or in_key or in_value
            total += n_key + n_value
            cleaned[new_key] = new_value
        return (cleaned if total else data), total, first
    if isinstance(data, list):
        items = []
        for index, value in enumerate(data):
            new_value, n_value, in_value = strip_unsafe_values(value, (*path, index))
            first = first or in_value
            total += n_value
            items.append(new_value)
        return (items if total else data), total, first
    return data, 0, None


def did_you_mean(word: str, choices: list[str]) -> str | None:
    """A hint naming the closest known key, or listing them when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "known keys: " + ", ".join(sorted(choices))


def slugify(text: str) -> str:
    """``"Kinmen & Lienchiang"`` → ``"kinmen-lienchiang"``; accents are folded to ASCII."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or "post"


def join_phrases(items: Any, conjunction: str = "and") -> str:
    """Join an author's phrases into prose, keeping each exactly as written.

    Every generated sentence that lists an author's titles goes through here, so no
    sentence ever changes their capitalisation ("US–Russia boundary" stays so).

    >>> join_phrases(["Big and Little Diomede", "US–Russia boundary", "Date line"])
    'Big and Little Diomede, US–Russia boundary and Date line'
    >>> join_phrases(["Nicosia"])
    'Nicosia'
    """
    phrases = [str(item) for item in items if item is not None and str(item) != ""]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + f" {conjunction} " + phrases[-1]


@functools.lru_cache(maxsize=8)
def _collator(language: str) -> Any:
    try:
        import icu  # type: ignore[import-not-found]  # PyICU: optional, not a dependency
    except ImportError:
        return None
    try:
        return icu.Collator.createInstance(icu.Locale(language.replace("-", "_")))
    except Exception:  # noqa: BLE001 - an unknown locale falls back to the plain key
        return None


@functools.lru_cache(maxsize=65536)
def collation_key(text: str, language: str = "en") -> tuple[Any, ...]:
    """A key that sorts titles as a reader of ``language`` expects ("Åland" with the A's in
    English, "Cyprus" before "diomede", "Île" before "Iraq"): ICU's collation for the language
    when PyICU is installed; otherwise the Unicode root order approximated by comparing the
    letters without their accents and case first (NFKD, combining marks removed, casefolded,
    punctuation and spaces ignored), then with accents, then as written, so that the order
    is total and the same on every machine without PyICU.

    >>> sorted(["Zürich", "cyprus Green Line", "Åland", "Diomede", "Île d'Yeu"], key=collation_key)
    ['Åland', 'cyprus Green Line', 'Diomede', "Île d'Yeu", 'Zürich']
    """
    collator = _collator(language)
    if collator is not None:
        return (collator.getSortKey(text), text)
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    primary = "".join(c for c in letters.casefold() if c.isalnum())
    return (primary, unicodedata.normalize("NFC", decomposed).casefold(), text)


# What XML 1.0 cannot carry at all, escaped or not: C0 controls but tab and line ends,
# lone surrogates, U+FFFE and U+FFFF. One in an SVG makes it unparseable (resvg refuses it).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_escape(text: str, quote: bool = True) -> str:
    """:func:`html.escape` for SVG: also drops the characters XML cannot carry.

    Every SVG writer uses this for text it did not write itself (titles, place names,
    captions), so a stray control character in a post cannot break a map or a card.

    >>> xml_escape("Kaesong \x0b<Zone>\ufffe")
    'Kaesong &lt;Zone&gt;'
    """
    return html.escape(_NOT_XML.sub("", text), quote=quote)


def short_name(name: str) -> str:
    """A feature name as a map label: no parenthetical, e.g. "Panmunjom (JSA)" → "Panmunjom"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip() or name
