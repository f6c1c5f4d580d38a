"""Coordinates as people write them (issue 10, point 6).

Every expected value is worked out from the written text itself (``41 54 10 N`` is
41 + 54/60 + 10/3600), never from the parser's own output.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlaspress.content.coords import Coordinate, CoordinateError, parse_coordinate
from atlaspress.content.frontmatter import parse_document
from atlaspress.content.load import validate_front_matter

ROME_LAT = 41 + 54 / 60 + 10 / 3600  # 41°54′10″ N
ROME_LON = 12 + 27 / 60 + 12 / 3600  # 12°27′12″ E

# (written, expected latitude, expected longitude, axes named by the author)
WRITTEN = [
    # letters set the axes, in either order, with or without a comma
    ("41.9029 N 12.4534 E", 41.9029, 12.4534, True),
    ("12.4534 E 41.9029 N", 41.9029, 12.4534, True),
    ("12.4534 E, 41.9029 N", 41.9029, 12.4534, True),
    ("12.4534E41.9029N", 41.9029, 12.4534, True),
    ("169.0 W, 65.77 N", 65.77, -169.0, True),
    ("12.4534, 41.9029 N", 41.9029, 12.4534, True),  # one letter names both axes
    ("41.9029, 12.4534 E", 41.9029, 12.4534, True),
    # prefix letters
    ("N48.99 W123.06", 48.99, -123.06, True),
    ("N 48.99, W 123.06", 48.99, -123.06, True),
    ("W123.06 N48.99", 48.99, -123.06, True),
    ("S 33.9, E 151.2", -33.9, 151.2, True),
    ("N41°54′10″ E12°27′12″", ROME_LAT, ROME_LON, True),
    # lower-case letters and words
    ("41.9029 n, 12.4534 e", 41.9029, 12.4534, True),
    ("n48.99 w123.06", 48.99, -123.06, True),
    ("33.9 s 151.2 e", -33.9, 151.2, True),
    ("41.9029 North, 12.4534 East", 41.9029, 12.4534, True),
    ("33.9 South 151.2 west", -33.9, -151.2, True),
    ("41.9029 Nord, 12.4534 Ost", 41.9029, 12.4534, True),
    ("40.4168 Norte, 3.7038 Oeste", 40.4168, -3.7038, True),
    ("48.8566 Nord, 2.3522 Est", 48.8566, 2.3522, True),
    ("1.5 Ouest, 47.2 Nord", 47.2, -1.5, True),
    # minus signs
    ("\u221233.9, 151.2", -33.9, 151.2, False),  # U+2212 minus sign
    ("\u221233.9, \u2212151.2", -33.9, -151.2, False),
    ("\u201333.9, \u2013151.2", -33.9, -151.2, False),  # en dash where a sign can stand
    ("\u201233.9 151.2", -33.9, 151.2, False),  # figure dash
    ("\uff0d33.9 151.2", -33.9, 151.2, False),  # full-width hyphen-minus
    ("+41.9029, +12.4534", 41.9029, 12.4534, False),
    # degree, minute and second signs in their common forms
    ("41°54′10″N 12°27′12″E", ROME_LAT, ROME_LON, True),
    ("41º54'10\"N 12º27'12\"E", ROME_LAT, ROME_LON, True),
    ("41˚54’10”N, 12˚27’12”E", ROME_LAT, ROME_LON, True),
    ("41°54'10''N 12°27'12''E", ROME_LAT, ROME_LON, True),  # doubled apostrophes
    ("41°54’10’’N 12°27’12’’E", ROME_LAT, ROME_LON, True),
    ("41° 54′ 10″ N, 12° 27′ 12″ E", ROME_LAT, ROME_LON, True),
    ("41d 54m 10s N 12d 27m 12s E", ROME_LAT, ROME_LON, True),
    ("41°54′10″, 12°27′12″", ROME_LAT, ROME_LON, False),
    ("37°55′48″N 126°36′E", 37 + 55 / 60 + 48 / 3600, 126 + 36 / 60, True),
    # space-separated DMS
    ("41 54 10 N 12 27 12 E", ROME_LAT, ROME_LON, True),
    ("41 54 10.5 N, 12 27 12 E", 41 + 54 / 60 + 10.5 / 3600, ROME_LON, True),
    ("N 41 54 10 E 12 27 12", ROME_LAT, ROME_LON, True),
    ("41 54 10 S 12 27 12 W", -ROME_LAT, -ROME_LON, True),
    ("41 54 10, 12 27 12", ROME_LAT, ROME_LON, False),
    ("-41 54 10, -12 27 12", -ROME_LAT, -ROME_LON, False),  # the sign covers minutes and seconds
    ("-0 30, 0 15", -0.5, 0.25, False),
    # degrees and decimal minutes
    ("41° 54.167′ N, 12° 27.2′ E", 41 + 54.167 / 60, 12 + 27.2 / 60, True),
    ("41 54.167 N 12 27.2 E", 41 + 54.167 / 60, 12 + 27.2 / 60, True),
    ("N41 54.167 E12 27.2", 41 + 54.167 / 60, 12 + 27.2 / 60, True),
    # decimal commas with letters or with a ';' separator
    ("48,99 N 123,06 W", 48.99, -123.06, True),
    ("48,99 N, 123,06 W", 48.99, -123.06, True),
    ("N 48,99; W 123,06", 48.99, -123.06, True),
    ("48,99; -123,06", 48.99, -123.06, False),
    ("41 54 10,5 N 12 27 12 E", 41 + 54 / 60 + 10.5 / 3600, ROME_LON, True),
    ("41.9029; 12.4534", 41.9029, 12.4534, False),  # Wikipedia's form
    # bare pairs
    ("41.9029, 12.4534", 41.9029, 12.4534, False),
    ("41.9029,12.4534", 41.9029, 12.4534, False),
    ("37,126", 37.0, 126.0, False),  # no letters, no ';': the comma separates
    ("41.9029 12.4534", 41.9029, 12.4534, False),
    ("41.9029\u00a012.4534", 41.9029, 12.4534, False),  # no-break space
    ("41.9029/12.4534", 41.9029, 12.4534, False),
    ("41.9029 / 12.4534", 41.9029, 12.4534, False),
    ("  41.9029 ,  12.4534  ", 41.9029, 12.4534, False),
    # the edges of the ranges
    ("90 N, 180 W", 90.0, -180.0, True),
    ("-90, 180", -90.0, 180.0, False),
    ("0, 0", 0.0, 0.0, False),
    # mappings and lists
    ({"lat": 41.9029, "lon": 12.4534}, 41.9029, 12.4534, True),
    ({"latitude": "41 54 10 N", "longitude": "12°27′12″E"}, ROME_LAT, ROME_LON, True),
    ({"lat": "−33.9", "lng": "151.2"}, -33.9, 151.2, True),
    ([41.9029, 12.4534], 41.9029, 12.4534, False),
]


def test_the_table_is_big_enough():
    assert len(WRITTEN) >= 40


@pytest.mark.parametrize(("written", "lat", "lon", "explicit"), WRITTEN, ids=[repr(w[0]) for w in WRITTEN])
def test_reads_the_written_form(written, lat, lon, explicit):
    c = parse_coordinate(written)
    assert c.lat == pytest.approx(lat, abs=1e-9)
    assert c.lon == pytest.approx(lon, abs=1e-9)
    assert c.explicit_axes is explicit


# (written, exact message, column of the part at fault or None)
REFUSED = [
    ("", "cannot read '' as a position", 0),
    ("abc", "cannot read 'abc' as a position", 0),
    ("41.9 N, 12.4 Q", "cannot read '41.9 N, 12.4 Q' as a position", 13),
    ("(41.9, 12.4)", "cannot read '(41.9, 12.4)' as a position", 0),
    ("41.9", "'41.9' has only one value; a position needs latitude and longitude", None),
    ("41.9,", "'41.9,' has only one value; a position needs latitude and longitude", 4),
    ("1, 2, 3", "'1, 2, 3' has 3 parts; a position has two, latitude and longitude", 4),
    ("48,99, -123,06", "'48,99, -123,06' has 4 parts; a position has two, latitude and longitude", 5),
    # axes
    ("91 N, 0 E", "latitude 91 N is out of range", 0),
    ("0 E, 95 S", "latitude 95 S is out of range", 5),
    ("95, 12 E", "latitude 95 is out of range", 0),
    ("137.9, 126.6", "latitude 137.9 is out of range", 0),
    ("126.6, 37.93", "latitude 126.6 is out of range", 0),
    ("10, 200", "longitude 200 is out of range", 4),
    ("10 N, 200 E", "longitude 200 E is out of range", 6),
    ("10, -361", "longitude -361 is out of range", 4),
    ("41 N 12 N", "'41 N 12 N' names the same axis twice", 8),
    ("10 N, 10 N", "'10 N, 10 N' names the same axis twice", 9),
    ("12 E, 41 W", "'12 E, 41 W' names the same axis twice", 9),
    ("N 41 N, 12 E", "'N 41 N' has two hemisphere letters", 5),
    # signs against letters
    ("-41 N, 12 E", "'-41 N' is negative but marked N", 0),
    ("41 N, \u221212 E", "'\u221212 E' is negative but marked E", 6),
    ("-5 S, 10 E", "'-5 S' is negative and marked S", 0),
    ("41 N, +12 W", "'+12 W' has a plus sign but is marked W", 6),
    # minutes, seconds and decimals
    ("10°70′N 5E", "minutes and seconds must be below 60 in '10°70′N'", 3),
    ("41 54 60 N, 12 E", "minutes and seconds must be below 60 in '41 54 60 N'", 6),
    ("41.5 30 N, 12 E", "'41.5 30 N' has decimals before its last part", 0),
    ("41 -30 N, 12 E", "cannot read '41 -30 N' as a coordinate", 3),
    ("41° 10″ N, 12 E", "cannot read '41° 10″ N' as a coordinate", 6),
    # letters and dashes that cannot be read safely
    ("41.9 N, 12.4 O", "the letter 'O' is ambiguous in '41.9 N, 12.4 O'", 13),
    ("O 12.4, N 41.9", "the letter 'O' is ambiguous in 'O 12.4, N 41.9'", 0),
    ("41.9\u201312.4", "an en dash between numbers is ambiguous in '41.9\u201312.4'", 4),
    ("41.9-12.4", "cannot read '41.9-12.4' as a position", 4),
    ("1e-5, 3", "cannot read '1e-5, 3' as a position", 2),
    ("7deg-8", "cannot read '7deg-8' as a position", 4),  # no sign straight after a unit
    ("49°5", "'49°5' has only one value; a position needs latitude and longitude", None),  # 49°5′
    ("41°5 N", "'41°5 N' has only one value; a position needs latitude and longitude", None),
    ("41 54 12 27", "'41 54 12 27' can be read more than one way", None),
    ("41 N 12", "'41 N 12' can be read more than one way", None),
]


@pytest.mark.parametrize(("written", "message", "column"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refuses_with_a_located_message(written, message, column):
    with pytest.raises(CoordinateError) as info:
        parse_coordinate(written)
    assert str(info.value) == message
    assert info.value.hint
    assert info.value.column == column


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("91 N, 0 E", "latitude runs from 90 S (south pole) to 90 N (north pole)"),
        ("126.6, 37.93", 'values look swapped; write "37.93, 126.6" (latitude first) or {lat: …, lon: …}'),
        (
            "137.9, 126.6",
            'latitude runs from -90 (south pole) to 90 (north pole); write "lat, lon" such as '
            '"37.93, 126.60", "37.93 N, 126.60 E" or {lat: 37.93, lon: 126.60}',
        ),
        (
            "10, 200",
            "longitude runs from -180 to 180; use negative values or W for the western hemisphere; "
            '200 is the same meridian as -160: write "10, -160"',
        ),
        ("10 N, 200 E", "longitude runs from 180 W to 180 E; 200 E is the same meridian as 160 W"),
        ("-41 N, 12 E", "a minus sign means south; drop it, or write S"),
        (
            "41.9 N, 12.4 O",
            "O is east in German and Dutch (Ost, Oost) but west in French, Spanish, Italian "
            "and Portuguese (Ouest, Oeste, Ovest); write E or W",
        ),
        ("48,99, -123,06", 'with decimal commas, separate latitude and longitude with ";", e.g. "48,99; -123,06"'),
    ],
)
def test_hints(written, hint):
    with pytest.raises(CoordinateError) as info:
        parse_coordinate(written)
    assert info.value.hint == hint


def test_letters_never_get_the_swap_hint():
    for written in ("91 N, 0 E", "0 E, 91 N", "N 126.6, E 37.93", "126.6 N 37.93"):
        with pytest.raises(CoordinateError) as info:
            parse_coordinate(written)
        assert "swapped" not in (info.value.hint or ""), written


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"lat": "41 E", "lon": 12}, "lat '41 E' is marked E"),
        ({"lat": True, "lon": 12}, "lat and lon must be numbers"),
        ({"lat": 91, "lon": 12}, "latitude 91 is out of range"),
        ({"lat": "41 70 N", "lon": 12}, "minutes and seconds must be below 60 in '41 70 N'"),
    ],
)
def test_mapping_refusals(mapping, message):
    with pytest.raises(CoordinateError) as info:
        parse_coordinate(mapping)
    assert str(info.value) == message
    assert info.value.column is None  # the column would be inside a value, not the mapping


def test_coordinate_stays_a_hashable_frozen_pair_with_its_provenance():
    bare, named = parse_coordinate("41.9, 12.45"), parse_coordinate("41.9 N, 12.45 E")
    assert (bare.lon, bare.lat, bare.explicit_axes) == (12.45, 41.9, False)
    assert named.explicit_axes and hash(named) == hash(Coordinate(12.45, 41.9))
    assert Coordinate(lon=1.0, lat=2.0).explicit_axes  # built from data with known axes
    with pytest.raises(AttributeError):
        named.lat = 3.0  # type: ignore[misc]
    assert bare.swapped() == Coordinate(lon=41.9, lat=12.45, explicit_axes=False)
    assert Coordinate(lon=126.6, lat=37.9).swapped() is None
    assert not dataclasses.is_dataclass(bare)


# --- diagnostics point at the part at fault ------------------------------------------------------


def _diagnostic(at_line: str):
    doc = parse_document(f"---\ntitle: T\ndate: 2022-09-01\nplace:\n  name: X\n{at_line}\n---\nBody.\n", "x.md")
    front, diags = validate_front_matter(doc, "x.md")
    assert front is None and len(diags) == 1
    return diags[0]


@pytest.mark.parametrize(
    ("at_line", "column"),
    [
        ("  at: 10, 200", 11),  # plain: at the longitude
        ('  at: "10, 200"', 12),  # quoted: inside the quotes
        ("  at: '10 N, 200 E'", 14),
        ("  at: 137.9, 126.6", 7),  # the latitude: where the value starts, as before
        ('  at: "10,\\u0020200"', 7),  # an escape: the characters do not map, so the value's start
        ("  at: {lat: 91, lon: 0}", 7),  # a mapping: its start
    ],
)
def test_the_diagnostic_column_is_the_offending_part(at_line, column):
    d = _diagnostic(at_line)
    assert (d.line, d.column, d.code) == (6, column, "place.at")


# --- properties: every supported style round-trips ------------------------------------------------

LATS = st.floats(min_value=-90, max_value=90, allow_nan=False)
LONS = st.floats(min_value=-180, max_value=180, allow_nan=False)


def _dec(value: float) -> str:
    return f"{abs(value):.9f}"


def _dms(value: float, deg: str = "°", minute: str = "′", second: str = "″", sep: str = "") -> str:
    total = round(abs(value) * 3600 * 10**6)  # micro-arcseconds: exact integer arithmetic
    d, rest = divmod(total, 3600 * 10**6)
    m, us = divmod(rest, 60 * 10**6)
    return f"{d}{deg}{sep}{m}{minute}{sep}{us / 10**6:.6f}{second}"


def _dm(value: float) -> str:
    total = round(abs(value) * 60 * 10**8)
    d, rest = divmod(total, 60 * 10**8)
    return f"{d}° {rest / 10**8:.8f}′"


def _ns(lat: float) -> str:
    return "N" if lat >= 0 else "S"


def _ew(lon: float) -> str:
    return "E" if lon >= 0 else "W"


def _signed(value: float, minus: str = "-") -> str:
    return (minus if value < 0 else "") + _dec(value)


STYLES = {
    "bare comma": lambda la, lo: f"{_signed(la)}, {_signed(lo)}",
    "bare space": lambda la, lo: f"{_signed(la)} {_signed(lo)}",
    "bare slash": lambda la, lo: f"{_signed(la)}/{_signed(lo)}",
    "unicode minus": lambda la, lo: f"{_signed(la, chr(0x2212))}, {_signed(lo, chr(0x2212))}",
    "en dash": lambda la, lo: f"{_signed(la, chr(0x2013))}, {_signed(lo, chr(0x2013))}",
    "suffix letters": lambda la, lo: f"{_dec(la)} {_ns(la)}, {_dec(lo)} {_ew(lo)}",
    "longitude first": lambda la, lo: f"{_dec(lo)} {_ew(lo)} {_dec(la)} {_ns(la)}",
    "prefix letters": lambda la, lo: f"{_ns(la)}{_dec(la)} {_ew(lo)}{_dec(lo)}",
    "prefix longitude first": lambda la, lo: f"{_ew(lo)} {_dec(lo)}, {_ns(la)} {_dec(la)}",
    "lower case": lambda la, lo: f"{_dec(la)}{_ns(la).lower()} {_dec(lo)}{_ew(lo).lower()}",
    "words": lambda la, lo: f"{_dec(la)} {'North' if la >= 0 else 'South'}, {_dec(lo)} {'East' if lo >= 0 else 'West'}",
    "dms": lambda la, lo: f"{_dms(la)}{_ns(la)} {_dms(lo)}{_ew(lo)}",
    "dms ascii": lambda la, lo: (
        f"{_dms(la, minute=chr(39), second=chr(34))}{_ns(la)}, {_dms(lo, minute=chr(39), second=chr(34))}{_ew(lo)}"
    ),
    "dms doubled apostrophes": lambda la, lo: (
        f"{_dms(la, 'º', '’', '’’')} {_ns(la)} {_dms(lo, '˚', chr(39), chr(39) * 2)} {_ew(lo)}"
    ),
    "dms spaces": lambda la, lo: f"{_dms(la, '', '', '', ' ')} {_ns(la)} {_dms(lo, '', '', '', ' ')} {_ew(lo)}",
    "dms letters": lambda la, lo: f"{_dms(la, 'd ', 'm ', 's')} {_ns(la)}, {_dms(lo, 'd ', 'm ', 's')} {_ew(lo)}",
    "decimal minutes": lambda la, lo: f"{_dm(la)} {_ns(la)}, {_dm(lo)} {_ew(lo)}",
    "decimal comma letters": lambda la, lo: (
        f"{_dec(la).replace('.', ',')} {_ns(la)} {_dec(lo).replace('.', ',')} {_ew(lo)}"
    ),
    "decimal comma semicolon": lambda la, lo: f"{_signed(la).replace('.', ',')}; {_signed(lo).replace('.', ',')}",
}
EXPLICIT = {name: not name.startswith(("bare", "unicode", "en dash", "decimal comma semi")) for name in STYLES}


@settings(max_examples=60, deadline=None)
@given(lat=LATS, lon=LONS, style=st.sampled_from(sorted(STYLES)))
def test_every_style_round_trips(lat, lon, style):
    written = STYLES[style](lat, lon)
    c = parse_coordinate(written)
    assert c.lat == pytest.approx(lat, abs=1e-6), written
    assert c.lon == pytest.approx(lon, abs=1e-6), written
    assert c.explicit_axes is EXPLICIT[style], written


@settings(max_examples=200, deadline=None)
@given(lat=LATS, lon=LONS)
def test_all_styles_agree_for_one_place(lat, lon):
    for style, fmt in STYLES.items():
        c = parse_coordinate(fmt(lat, lon))
        assert (c.lat, c.lon) == (pytest.approx(lat, abs=1e-6), pytest.approx(lon, abs=1e-6)), style
    c = parse_coordinate({"lat": _dms(lat) + _ns(lat), "lon": _dms(lon) + _ew(lon)})
    assert (c.lat, c.lon) == (pytest.approx(lat, abs=1e-6), pytest.approx(lon, abs=1e-6))


@settings(max_examples=200, deadline=None)
@given(lat=LATS, lon=LONS)
def test_human_form_round_trips(lat, lon):
    c = Coordinate(lon=lon, lat=lat)
    back = parse_coordinate(c.human(9))
    assert (back.lat, back.lon) == (pytest.approx(lat, abs=1e-6), pytest.approx(lon, abs=1e-6))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789.,;/ -+\u2212\u2013NSEWnsewOo°º˚′'’″\"”dmsNorthEast²١\u00a0", max_size=30))
def test_coordinate_like_text_gives_a_coordinate_or_a_located_error(text):
    try:
        c = parse_coordinate(text)
    except CoordinateError as exc:
        assert exc.column is None or 0 <= exc.column <= len(text)
        return
    assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180
