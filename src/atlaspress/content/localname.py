"""A place's local name, split into its languages, each with a BCP 47 tag for ``lang``.

Local names often carry two languages (``Πράσινη Γραμμή / Yeşil Hat``). Each part gets
the author's tag from ``place.local_lang`` when given; otherwise the tag is told from the
script, which names the language unambiguously for Hangul, kana, Greek, Hebrew, Thai and
a few more, and by the place's country for Han (none outside the Chinese-, Japanese- and
Korean-speaking countries), Cyrillic and Arabic; parts beyond the tags given are told so too. A Latin-script part
the author did not tag gets none: guessing Danish or Greenlandic from a country is wrong
too often. A country code is never used as a language tag (``KP`` is not a language,
``CY`` is Welsh).
"""

from __future__ import annotations

import unicodedata
from typing import Any

SEPARATOR = " / "

# Scripts whose language the country tells (alpha-2 → tag); the first entry is the default.
_BY_COUNTRY: dict[str, dict[str, str | None]] = {
    "HAN": {"": None, "TW": "zh-Hant", "HK": "zh-Hant", "MO": "zh-Hant", "CN": "zh-Hans", "SG": "zh-Hans",
            "JP": "ja", "KP": "ko", "KR": "ko"},
    "CYRILLIC": {"": "ru", "UA": "uk", "BY": "be", "BG": "bg", "RS": "sr", "ME": "sr", "MK": "mk",
                 "KZ": "kk", "KG": "ky", "TJ": "tg", "MN": "mn"},
    "ARABIC": {"": "ar", "IR": "fa", "AF": "fa", "PK": "ur"},
}
_FIXED = {"HANGUL": "ko", "HIRAGANA": "ja", "KATAKANA": "ja", "GREEK": "el", "HEBREW": "he", "THAI": "th",
          "ARMENIAN": "hy", "GEORGIAN": "ka", "DEVANAGARI": "hi", "BENGALI": "bn", "TAMIL": "ta",
          "ETHIOPIC": "am", "KHMER": "km", "LAO": "lo", "MYANMAR": "my", "SINHALA": "si", "TIBETAN": "bo"}


def _scripts(text: str) -> list[str]:
    """The scripts of the letters of ``text``, in order of first use (from Unicode names)."""
    seen: list[str] = []
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        script = "HAN" if name.startswith("CJK") else name.split(" ", 1)[0]
        if script and script not in seen:
            seen.append(script)
    return seen


def guess_lang(text: str, country: str | None) -> str | None:
    """The language tag of ``text`` told from its script, or ``None`` (Latin, mixed, unknown)."""
    scripts = _scripts(text)
    if any(s in ("HIRAGANA", "KATAKANA") for s in scripts):
        return "ja"  # Japanese mixes kana with Han
    if len(scripts) != 1:
        return None
    script = scripts[0]
    if script in _FIXED:
        return _FIXED[script]
    if script in _BY_COUNTRY:
        table = _BY_COUNTRY[script]
        return table.get((country or "").upper(), table[""])
    return None


def local_name_parts(place: Any) -> list[tuple[str, str | None]]:
    """``[(text, lang or None), …]`` for ``place.local_name``; empty without one."""
    name = getattr(place, "local_name", None)
    if not name:
        return []
    parts = [p.strip() for p in name.split(SEPARATOR) if p.strip()]
    given = list(getattr(place, "local_lang", None) or [])
    out = []
    for i, part in enumerate(parts):
        lang = given[i] if i < len(given) else guess_lang(part, getattr(place, "country", None))
        out.append((part, lang))
    return out
