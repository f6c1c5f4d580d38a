"""Parse the ways people write a position into one ``(lon, lat)`` pair.

Humans write latitude first ("37.93, 126.60", "37.93 N, 126.60 E", DMS); code and
GeoJSON use longitude first. This module is the single place where that order flips.

>>> parse_coordinate("37.93 N, 126.60 E")
Coordinate(lon=126.6, lat=37.93, explicit_axes=True)
>>> parse_coordinate("37°55′48″N 126°36′E")
Coordinate(lon=126.6, lat=37.93, explicit_axes=True)
>>> parse_coordinate("12.4534 E 41.9029 N")
Coordinate(lon=12.4534, lat=41.9029, explicit_axes=True)
>>> parse_coordinate("41.9029 12.4534")
Coordinate(lon=12.4534, lat=41.9029, explicit_axes=False)
>>> parse_coordinate({"lat": -33.9, "lon": 151.2})
Coordinate(lon=151.2, lat=-33.9, explicit_axes=True)

What is read
------------
A position is two *axes*, each written in one of these ways (mixing is fine):

* decimal degrees ``41.9029``; degrees and decimal minutes ``41° 54.174′`` or ``41 54.174``;
  degrees, minutes and seconds ``41°54′10″``, ``41 54 10.5`` or ``41d 54m 10s``. Only the
  last part may have decimals; minutes and seconds must be below 60;
* degree signs ``°`` ``º`` ``˚`` (or ``d``, ``deg``); minute signs ``′`` ``'`` ``’`` ``‘`` ``´``
  ``ʹ`` (or ``m``, ``min``); second signs ``″`` ``"`` ``”`` ``“`` ``˝`` ``ʺ``, a doubled minute
  sign such as ``''`` (or ``sec``; ``s`` only straight after a number whose minutes were
  written with ``m``: elsewhere ``s`` is south);
* a hemisphere before or after the number, in either case: ``N`` ``S`` ``E`` ``W``, the words
  North, South, East, West, and the unambiguous words of German, Dutch, French, Spanish,
  Italian and Portuguese (Nord, Norte, Noord, Süd, Sud, Sur, Sul, Zuid, Ost, Oost, Est, Este,
  Ouest, Oeste, Ovest, Westen…). The letter ``O`` alone is **refused**: it is east in German
  and Dutch (Ost, Oost) but west in French, Spanish, Italian and Portuguese (Ouest, Oeste,
  Ovest), so guessing would put the place on the wrong side of the world half the time. No
  other letter (such as Dutch ``Z``) is added; short of a word, only N, S, E and W are read;
* a sign: ``-`` or the Unicode minus ``−`` (U+2212) and its look-alikes (U+2010, U+2011, U+2012,
  U+02D7, U+FE63, U+FF0D). The en dash ``–`` (U+2013) is a minus only where a sign can stand
  (at the start of a value, after a space, a separator or a letter); between two numbers,
  ``41.9–12.4``, it could be a range and is refused. A sign is never read straight after a
  number (``41.9-12.4`` is refused too).

Positions copied from elsewhere, whose form names the axes, are read whole: a map link
(Google Maps ``…/@41.9029,12.4534,17z`` or a place's pin ``!3d41.9029!4d12.4534``, ``?q=``,
``?query=``, ``?ll=`` as Apple Maps writes it, OpenStreetMap ``#map=17/41.9029/12.4534`` and
``?mlat=…&mlon=…``, Bing ``?cp=41.9029~12.4534``), an RFC 5870 ``geo:41.9029,12.4534`` URI, and
labelled values ``lat: 41.9029, lng: 12.4534`` (``lat``/``latitude``, ``lon``/``lng``/``longitude``,
in either order). A link with no position in it is refused with a hint. A pair in brackets stays
refused: ``[12.4534, 41.9029]`` is as likely GeoJSON's longitude-first order.

The two axes are separated by one ``,``, ``;`` or ``/``, or by nothing but spaces. A comma
between two digits is a *decimal comma* when the text also has hemisphere letters or a ``;``
(``48,99 N 123,06 W``, ``48,99; -123,06``); otherwise it separates the axes, so ``37,126`` is
37, 126 as before. Without a separator the text is split wherever it reads as exactly two axes
(``N48.99 W123.06``, ``41 54 10 N 12 27 12 E``, ``41.9029 12.4534``); a text that reads more
than one way (``41 54 12 27``) is refused with a hint to add a comma.

Axes: letters name them, in either order; one letter is enough (the other value is the other
axis). Without letters the first value is the latitude, and :attr:`Coordinate.explicit_axes` is
``False`` so later checks can warn about a bare pair that may be swapped.

Validation: latitude within ±90 and longitude within ±180, both inclusive. A longitude in
(180, 360] (counted east from Greenwich) is **refused**, not normalised: the hint gives the
-180..180 value to write. Reading it silently would publish a guess, and the parser has no way
to warn. ``-41 N`` (a sign contradicted by a letter), ``-41 S`` (sign and letter both),
``+41 S``, two letters on one value and the same axis named twice are errors. The "values look
swapped" hint appears only for a bare pair; with letters an out-of-range latitude gets a hint
about the range.

Errors carry :attr:`CoordinateError.column`, the 0-based index in the written text of the part
at fault, so diagnostics can point at it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, NamedTuple


class Coordinate(NamedTuple):
    lon: float
    lat: float
    explicit_axes: bool = True
    """True when the author named the axes (a hemisphere letter or ``{lat, lon}`` keys, or the
    value came from data with known axes); False for a bare pair such as ``41.9, 12.45``."""

    def human(self, places: int = 4) -> str:
        """Format as ``37.93 N, 126.6 E`` — the form we suggest back to authors."""
        ns = "N" if self.lat >= 0 else "S"
        ew = "E" if self.lon >= 0 else "W"
        return f"{_trim(abs(self.lat), places)} {ns}, {_trim(abs(self.lon), places)} {ew}"

    def swapped(self) -> Coordinate | None:
        """The pair read the other way round (for "looks swapped" checks), or None when the
        longitude is beyond ±90 and so cannot be a latitude."""
        if not -90 <= self.lon <= 90:
            return None
        return Coordinate(lon=self.lat, lat=self.lon, explicit_axes=self.explicit_axes)


class CoordinateError(ValueError):
    """A position that cannot be read; ``hint`` tells the author how to write it and
    ``column`` (0-based, in the written text) points at the offending part when known."""

    def __init__(self, message: str, hint: str | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.column = column


FORMS_HINT = 'write "lat, lon" such as "37.93, 126.60", "37.93 N, 126.60 E" or {lat: 37.93, lon: 126.60}'
_AXES_HINT = 'mark latitude with N or S and longitude with E or W, e.g. "41.9029 N, 12.4534 E"'
_COMMA_HINT = 'separate latitude and longitude with a comma, e.g. "41 54 10 N, 12 27 12 E" or "41.9, 12.45"'
_DECIMAL_COMMA_HINT = 'with decimal commas, separate latitude and longitude with ";", e.g. "48,99; -123,06"'
_O_HINT = (
    "O is east in German and Dutch (Ost, Oost) but west in French, Spanish, Italian and "
    "Portuguese (Ouest, Oeste, Ovest); write E or W"
)

# --- reading characters -------------------------------------------------------------------

_DEGREE = "°º˚"
_MINUTE = "′'’‘´ʹ"
_SECOND = '″"”“˝ʺ'
_MINUS = "\u2212\u2010\u2011\u2012\u02d7\ufe63\uff0d"
_EN_DASH = "\u2013"
_SEPARATORS = ",;/"
_HEMISPHERES = {
    "n": "N", "north": "N", "nord": "N", "norden": "N", "norte": "N", "noord": "N",
    "s": "S", "south": "S", "süd": "S", "sued": "S", "süden": "S", "sud": "S", "sur": "S", "sul": "S",
    "zuid": "S",
    "e": "E", "east": "E", "ost": "E", "osten": "E", "oost": "E", "est": "E", "este": "E",
    "w": "W", "west": "W", "westen": "W", "ouest": "W", "oeste": "W", "ovest": "W",
}  # fmt: skip
_UNIT_WORDS = {"d": "d", "deg": "d", "m": "m", "min": "m", "sec": "s"}
_WORD = re.compile(r"[^\W\d_]+")
_LAT, _LON = "lat", "lon"
_AXIS_OF = {"N": _LAT, "S": _LAT, "E": _LON, "W": _LON}


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "unit", "hemi", "sep"
    start: int  # index in the written text
    end: int
    text: str  # as normalised ("-12.5" for "−12,5")
    sign: str = ""  # "+" or "-" written before a number
    unit: str = ""  # "d", "m", "s"; for a unit token, or "m" written as a letter: "m*"
    letter: str = ""  # N, S, E, W


def _trim(value: float, places: int) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _normalise(text: str) -> tuple[str, list[int]]:
    """One character per sign, with the index of each in ``text``: '' → ″, − → -."""
    out: list[str] = []
    index: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _MINUTE and i + 1 < len(text) and text[i + 1] in _MINUTE:
            out.append("″")
            index.append(i)
            i += 2
            continue
        if ch in _DEGREE:
            ch = "°"
        elif ch in _MINUTE:
            ch = "′"
        elif ch in _SECOND:
            ch = "″"
        elif ch in _MINUS:
            ch = "-"
        elif ch.isspace():
            ch = " "
        out.append(ch)
        index.append(i)
        i += 1
    index.append(len(text))
    return "".join(out), index


def _decimal_commas(norm: str) -> bool:
    """Decimal commas are read when the text has hemisphere letters or a ';' separator."""
    return ";" in norm or any(w.lower() in _HEMISPHERES for w in _WORD.findall(norm))


def _tokens(text: str) -> list[_Tok]:
    norm, at = _normalise(text)
    commas = _decimal_commas(norm)
    toks: list[_Tok] = []
    i, n = 0, len(norm)

    def fail(message: str, hint: str, pos: int) -> CoordinateError:
        return CoordinateError(message, hint, at[pos])

    while i < n:
        ch = norm[i]
        glued = i > 0 and norm[i - 1] != " "
        if ch == " ":
            i += 1
        elif _digit(ch) or ch in "+-" + _EN_DASH and i + 1 < n and _digit(norm[i + 1]):
            start, sign = i, ""
            if ch in "+-" + _EN_DASH:
                before = norm[i - 1] if i else " "
                # after a space, a separator or a compass letter (N-41), but not after a unit
                # (7deg-8) nor in an exponent (1e-5)
                letter = before.isalpha() and bool(toks) and toks[-1].kind == "hemi"
                letter = letter and not (i > 1 and norm[i - 2].isdigit())
                if not (before == " " or before in _SEPARATORS or letter):
                    if ch == _EN_DASH:
                        raise fail(
                            f"an en dash between numbers is ambiguous in {text.strip()!r}",
                            "it could be a range or a minus sign; write - for minus and separate "
                            "latitude and longitude with a comma",
                            i,
                        )
                    raise fail(f"cannot read {text.strip()!r} as a position", _COMMA_HINT, i)
                sign = "+" if ch == "+" else "-"
                i += 1
            j = i
            while j < n and _digit(norm[j]):
                j += 1
            digits = norm[i:j]
            point = norm[j] if j + 1 < n else ""
            if (point == "." or point == "," and commas) and _digit(norm[j + 1]):
                k = j + 1
                while k < n and _digit(norm[k]):
                    k += 1
                digits += "." + norm[j + 1 : k]
                j = k
            toks.append(_Tok("num", at[start], at[j], ("-" if sign == "-" else "") + digits, sign=sign))
            i = j
        elif ch in "°′″":
            toks.append(_Tok("unit", at[i], at[i + 1], ch, unit="dms"["°′″".index(ch)]))
            i += 1
        elif ch in _SEPARATORS:
            toks.append(_Tok("sep", at[i], at[i + 1], ch))
            i += 1
        elif ch.isalpha():
            m = _WORD.match(norm, i)
            assert m is not None
            word, low, j = m[0], m[0].lower(), m.end()
            prev = toks[-1] if toks else None
            if low == "s" and prev is not None and prev.kind == "num" and glued and _minutes_as_letter(toks):
                toks.append(_Tok("unit", at[i], at[j], word, unit="s"))
            elif low in _HEMISPHERES:
                toks.append(_Tok("hemi", at[i], at[j], word, letter=_HEMISPHERES[low]))
            elif low in _UNIT_WORDS:
                unit = _UNIT_WORDS[low]
                toks.append(_Tok("unit", at[i], at[j], word, unit=unit + ("*" if unit == "m" else "")))
            elif low == "o":
                raise fail(f"the letter {word!r} is ambiguous in {text.strip()!r}", _O_HINT, i)
            else:
                raise fail(
                    f"cannot read {text.strip()!r} as a position",
                    f"{word!r} is not a compass direction; " + _AXES_HINT,
                    i,
                )
            i = j
        else:
            raise fail(f"cannot read {text.strip()!r} as a position", FORMS_HINT, i)
    return toks


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _minutes_as_letter(toks: list[_Tok]) -> bool:
    """``41d 54m 10s``: the number before ``s`` follows minutes written with ``m``."""
    return len(toks) >= 2 and toks[-2].kind == "unit" and toks[-2].unit == "m*"


# --- reading one axis -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Axis:
    text: str  # as written, for messages
    start: int
    parts: tuple[_Tok, ...]  # degrees[, minutes[, seconds]]
    letter: _Tok | None


class _Shape(Exception):
    """Why tokens are not one axis (a CoordinateError once the split is certain)."""

    def __init__(self, message: str, hint: str, column: int) -> None:
        super().__init__(message)
        self.error = CoordinateError(message, hint, column)


def _shape(toks: list[_Tok], text: str) -> _Axis:
    """Tokens as ``[letter] number [unit] [number [unit] [number [unit]]] [letter]``."""
    written = text[toks[0].start : toks[-1].end].strip() if toks else ""
    if not toks:
        raise _Shape(f"cannot read {written!r} as a coordinate", FORMS_HINT, 0)
    i = 0
    pre = post = None
    if toks[0].kind == "hemi":
        pre, i = toks[0], 1
    parts: list[_Tok] = []
    while i < len(toks) and toks[i].kind == "num":
        num = toks[i]
        i += 1
        k = len(parts)
        if i < len(toks) and toks[i].kind == "unit":
            if k > 2 or toks[i].unit[0] != "dms"[k]:
                raise _Shape(f"cannot read {written!r} as a coordinate", FORMS_HINT, toks[i].start)
            i += 1
        parts.append(num)
    if i < len(toks) and toks[i].kind == "hemi":
        post, i = toks[i], i + 1
    if not parts or len(parts) > 3 or i != len(toks):
        where = toks[i].start if i < len(toks) else toks[0].start
        raise _Shape(f"cannot read {written!r} as a coordinate", FORMS_HINT, where)
    if pre is not None and post is not None:
        raise _Shape(f"{written!r} has two hemisphere letters", _AXES_HINT, post.start)
    for part in parts[1:]:
        if part.sign:
            raise _Shape(f"cannot read {written!r} as a coordinate", "only the degrees may have a sign", part.start)
    for part in parts[:-1]:
        if "." in part.text:
            raise _Shape(
                f"{written!r} has decimals before its last part",
                "only the last of degrees, minutes and seconds may have decimals, e.g. 41° 54.174′ or 41.9029°",
                part.start,
            )
    return _Axis(written, toks[0].start, tuple(parts), pre or post)


def _value(axis: _Axis) -> float:
    """Signed decimal degrees of one axis; checks minutes, seconds and sign against letter."""
    degrees, *rest = axis.parts
    value = abs(float(degrees.text))
    for part, scale in zip(rest, (60, 3600)):
        amount = float(part.text)
        if amount >= 60:
            raise CoordinateError(
                f"minutes and seconds must be below 60 in {axis.text!r}",
                "a degree has 60 minutes and a minute 60 seconds",
                part.start,
            )
        value += amount / scale
    if not math.isfinite(value):
        raise CoordinateError("coordinates must be finite numbers", FORMS_HINT, axis.start)
    letter = axis.letter.letter if axis.letter else None
    if letter and degrees.sign:
        if degrees.sign == "-" and letter in "SW":
            raise CoordinateError(
                f"{axis.text!r} is negative and marked {letter}",
                f"write the minus sign or the letter {letter}, not both",
                degrees.start,
            )
        if degrees.sign == "-":
            other = "S" if letter == "N" else "W"
            raise CoordinateError(
                f"{axis.text!r} is negative but marked {letter}",
                f"a minus sign means {'south' if other == 'S' else 'west'}; drop it, or write {other}",
                degrees.start,
            )
        if letter in "SW":
            raise CoordinateError(
                f"{axis.text!r} has a plus sign but is marked {letter}", "drop the plus sign", degrees.start
            )
    negative = degrees.sign == "-" or letter in ("S", "W")
    return -value if negative else value


# --- reading a pair -------------------------------------------------------------------------


def _split(toks: list[_Tok], text: str) -> tuple[_Axis, _Axis]:
    written = text.strip()
    if not toks:
        raise CoordinateError(f"cannot read {written!r} as a position", FORMS_HINT, 0)
    seps = [k for k, t in enumerate(toks) if t.kind == "sep"]
    if len(seps) > 1:
        digit_comma = re.search(r"\d,\d", text) is not None and not _decimal_commas(_normalise(text)[0])
        raise CoordinateError(
            f"{written!r} has {len(seps) + 1} parts; a position has two, latitude and longitude",
            _DECIMAL_COMMA_HINT if digit_comma else FORMS_HINT,
            toks[seps[1]].start,
        )
    if seps:
        k = seps[0]
        left, right = toks[:k], toks[k + 1 :]
        if not left or not right:
            raise CoordinateError(
                f"{written!r} has only one value; a position needs latitude and longitude", FORMS_HINT, toks[k].start
            )
        try:
            return _shape(left, text), _shape(right, text)
        except _Shape as exc:
            raise exc.error from None
    readings = []
    for k in range(1, len(toks)):
        if _continues(toks, k):
            continue
        try:
            readings.append((_shape(toks[:k], text), _shape(toks[k:], text)))
        except _Shape:
            continue
    if len(readings) == 1:
        return readings[0]
    if len(readings) > 1:
        raise CoordinateError(f"{written!r} can be read more than one way", _COMMA_HINT, None)
    try:
        _shape(toks, text)
    except _Shape:
        raise CoordinateError(f"cannot read {written!r} as a position", FORMS_HINT, None) from None
    raise CoordinateError(f"{written!r} has only one value; a position needs latitude and longitude", FORMS_HINT, None)


def _continues(toks: list[_Tok], k: int) -> bool:
    """Whether the number at ``k`` may be the next part of the axis before it (``49°5`` is
    49°5′, not 49, 5): after a degree or minute sign, with no letter between them."""
    before, after = toks[k - 1], toks[k]
    if before.kind != "unit" or before.unit[0] not in "dm" or after.kind != "num":
        return False
    return k + 1 >= len(toks) or toks[k + 1].kind != "unit"


# Positions copied from a map or from code, whose form names the axes: a map link, an RFC 5870
# ``geo:`` URI, or labelled values (``lat: 51.5, lng: -0.12``).
_NUM = r"[-+\u2212]?\d+(?:\.\d+)?"
_LINKS = (
    re.compile(rf"!3d({_NUM})!4d({_NUM})"),  # Google Maps: the pin of a place (before the view's centre)
    re.compile(rf"[?&](?:q|query|ll|center|destination|daddr|sll|mlat)=(?:loc:)?({_NUM})[,~&](?:mlon=)?({_NUM})"),
    re.compile(rf"/@({_NUM}),({_NUM})(?:,|$)"),  # Google Maps: the view's centre
    re.compile(rf"[?&]cp=({_NUM})~({_NUM})"),  # Bing Maps
    re.compile(rf"#map=\d+(?:\.\d+)?/({_NUM})/({_NUM})"),  # OpenStreetMap
    re.compile(rf"^geo:({_NUM}),({_NUM})(?:,{_NUM})?(?:[;?].*)?$", re.I),  # RFC 5870 (WGS84, lat first)
)
_LABELLED = re.compile(
    rf"^\s*(lat(?:itude)?|lon(?:g|gitude)?|lng)\s*[:=]?\s*({_NUM})\s*[,;]?\s*"
    rf"(lat(?:itude)?|lon(?:g|gitude)?|lng)\s*[:=]?\s*({_NUM})\s*$", re.I)


def _number_text(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def _from_link(text: str) -> Coordinate | None:
    """A map link's or geo URI's position, or labelled values; None for any other text."""
    from urllib.parse import unquote

    t = text.strip()
    if re.match(r"^(?:https?://|www\.|geo:)", t, re.I):
        t = unquote(t).replace("&amp;", "&")
        for pattern in _LINKS:
            m = pattern.search(t)
            if m:
                return _checked(lat=_number_text(m[1]), lon=_number_text(m[2]), explicit=True)
        raise CoordinateError(f"no position found in the link {text.strip()!r}",
                              "paste a Google Maps, OpenStreetMap or Bing Maps link that shows the place "
                              "(with @lat,lon or #map=zoom/lat/lon), a geo: URI, or " + FORMS_HINT[6:])
    m = _LABELLED.match(t)
    if m:
        first_is_lat = m[1].lower().startswith("lat")
        if first_is_lat == m[3].lower().startswith("lat"):
            raise CoordinateError(f"{text.strip()!r} names the same axis twice", _AXES_HINT)
        a, b = _number_text(m[2]), _number_text(m[4])
        lat, lon = (a, b) if first_is_lat else (b, a)
        return _checked(lat=lat, lon=lon, explicit=True)
    return None


def _from_text(text: str) -> Coordinate:
    linked = _from_link(text)
    if linked is not None:
        return linked
    first, second = _split(_tokens(text), text)
    a, b = _value(first), _value(second)
    ka = _AXIS_OF[first.letter.letter] if first.letter else None
    kb = _AXIS_OF[second.letter.letter] if second.letter else None
    if ka is not None and ka == kb:
        assert second.letter is not None
        raise CoordinateError(f"{text.strip()!r} names the same axis twice", _AXES_HINT, second.letter.start)
    if ka == _LON or kb == _LAT:  # "12.4534 E 41.9029 N": the letters name the axes
        first, second, a, b, ka, kb = second, first, b, a, kb, ka
    return _checked(
        lat=a, lon=b, explicit=ka is not None or kb is not None,
        at=(first.start, second.start), lettered=(ka is not None, kb is not None),
    )  # fmt: skip


def _written(value: float, letters: str, lettered: bool) -> str:
    """``-33.9`` as the author wrote it: ``33.9 S`` when they used letters."""
    if not lettered:
        return _trim(value, 6)
    return f"{_trim(abs(value), 6)} {letters[0] if value >= 0 else letters[1]}"


def _checked(
    *,
    lat: float,
    lon: float,
    explicit: bool,
    at: tuple[int | None, int | None] = (None, None),
    lettered: tuple[bool, bool] = (False, False),
) -> Coordinate:
    """Range checks; ``at`` is where each value starts in the text (for the column)."""
    if not math.isfinite(lat) or not math.isfinite(lon):
        raise CoordinateError("coordinates must be finite numbers", FORMS_HINT, at[0 if not math.isfinite(lat) else 1])
    if not -90 <= lat <= 90:
        if explicit:  # the author named the axes: out of range, not swapped
            message = f"latitude {_written(lat, 'NS', lettered[0])} is out of range"
            raise CoordinateError(message, "latitude runs from 90 S (south pole) to 90 N (north pole)", at[0])
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            hint = (
                f'values look swapped; write "{_trim(lon, 6)}, {_trim(lat, 6)}" (latitude first) or {{lat: …, lon: …}}'
            )
        else:
            hint = "latitude runs from -90 (south pole) to 90 (north pole); " + FORMS_HINT
        raise CoordinateError(f"latitude {_trim(lat, 6)} is out of range", hint, at[0])
    if not -180 <= lon <= 180:
        if lettered[1]:
            hint = "longitude runs from 180 W to 180 E"
        else:
            hint = "longitude runs from -180 to 180; use negative values or W for the western hemisphere"
        if abs(lon) <= 360:  # counted round from 0 to 360: name the same meridian, never guess it
            same = lon - 360 if lon > 0 else lon + 360
            hint += f"; {_written(lon, 'EW', lettered[1])} is the same meridian as {_written(same, 'EW', lettered[1])}"
            if not explicit:
                hint += f': write "{_trim(lat, 6)}, {_trim(same, 6)}"'
        raise CoordinateError(f"longitude {_written(lon, 'EW', lettered[1])} is out of range", hint, at[1])
    return Coordinate(lon=lon, lat=lat, explicit_axes=explicit)


# --- mappings and lists ---------------------------------------------------------------------


def _number(value: Any, key: str) -> float:
    """One value of ``{lat, lon}``: a number, or text such as ``41°54′10″ N`` for that axis."""
    if isinstance(value, bool):
        raise CoordinateError("lat and lon must be numbers", FORMS_HINT)
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise CoordinateError("lat and lon must be numbers", FORMS_HINT)
    toks = _tokens(value)
    try:
        axis = _shape(toks, value)
    except _Shape as exc:
        raise exc.error from None
    result = _value(axis)
    if axis.letter is not None and _AXIS_OF[axis.letter.letter] != key:
        want = "N or S" if key == _LAT else "E or W"
        raise CoordinateError(
            f"{key} {value.strip()!r} is marked {axis.letter.letter}", f"{key} takes {want}", axis.letter.start
        )
    return result


def parse_coordinate(value: Any) -> Coordinate:
    """Read a position written by a human; raise :class:`CoordinateError` with a hint."""
    if isinstance(value, Coordinate):
        return value
    if isinstance(value, dict):
        keys = {str(k).lower(): v for k, v in value.items()}
        lat = keys.get("lat", keys.get("latitude"))
        lon = keys.get("lon", keys.get("lng", keys.get("longitude")))
        if lat is None or lon is None:
            raise CoordinateError("a position needs both lat and lon", FORMS_HINT)
        try:
            return _checked(lat=_number(lat, _LAT), lon=_number(lon, _LON), explicit=True)
        except CoordinateError as exc:
            exc.column = None  # within one of the mapping's values, not the mapping
            raise
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise CoordinateError("a position has exactly two numbers", FORMS_HINT)
        if any(isinstance(v, bool) for v in value):
            raise CoordinateError("lat and lon must be numbers", FORMS_HINT)
        try:
            lat, lon = float(value[0]), float(value[1])
        except (TypeError, ValueError) as exc:
            raise CoordinateError("lat and lon must be numbers", FORMS_HINT) from exc
        return _checked(lat=lat, lon=lon, explicit=False)
    if isinstance(value, str):
        return _from_text(value)
    raise CoordinateError(f"cannot read {value!r} as a position", FORMS_HINT)


def dms(coord: Coordinate) -> str:
    """``37°55′48″ N, 126°36′00″ E`` — the form atlases print."""

    def part(value: float, pos: str, neg: str) -> str:
        total = round(abs(value) * 3600)
        d, rest = divmod(total, 3600)
        m, s = divmod(rest, 60)
        return f"{d}°{m:02d}′{s:02d}″ {pos if value >= 0 else neg}"

    return f"{part(coord.lat, 'N', 'S')}, {part(coord.lon, 'E', 'W')}"
