"""Reference places (issue 10, point 7): facts for ~60 places of every awkward kind —
enclaves, microstates, territories, disputes, poles, the 180th meridian, coasts, lakes and
open ocean — checked against expectations taken from named references (ISO 3166-1, the CIA
World Factbook, UN resolutions, the IANA tz database, Wikipedia), never from atlaspress's
own output. The data lives in ``tests/fixtures/places/places.yaml``; one test per place and
fact, id ``<place>-<fact>``. A place without a given fact is not tested for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "places" / "places.yaml"
ON = dt.date(2026, 1, 15)
DE_FACTO = "de-facto"

KINDS = {"enclave", "microstate", "territory", "dispute", "polar", "antimeridian", "coastal", "lake", "ocean"}
FACTS = {
    "country", "sovereign", "disputed", "claimants", "administered_by", "dispute_kind", "at_sea",
    "unclaimed", "on_coast", "polar", "timezone", "utc_offset", "nearest_city", "city_direction", "border_kind",
}


def load_places() -> list[dict[str, Any]]:
    places = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["places"]
    for place in places:
        place.setdefault("expect", {})
        place.setdefault("refs", {})
        place.setdefault("pov", {})
    return places


PLACES = load_places()


# Known gaps in the data atlaspress reads, kept visible (strict: a fix makes them fail loudly).
KNOWN = {
    "venice-nearest-city": "GeoNames lists Venice's historic centre under 100,000 people; its borough "
                           "Mestre is listed as a city of its own",
    "yuzhno-kurilsk-timezone": "timezonefinder's boundaries put Kunashir in Asia/Magadan (same UTC+11), "
                               "the tz database's zone for it is Asia/Sakhalin",
}


def cases(*facts: str) -> list[Any]:
    """One ``pytest.param(place, fact)`` per place that expects one of ``facts``."""
    out = []
    for place in PLACES:
        for fact in facts:
            if fact in place["expect"]:
                key = f"{place['id']}-{fact.replace('_', '-')}"
                marks = [pytest.mark.xfail(reason=KNOWN[key], strict=True)] if key in KNOWN else []
                out.append(pytest.param(place, fact, id=key, marks=marks))
    return out


def pov_cases() -> list[Any]:
    return [pytest.param(place, view, fact, id=f"{place['id']}-{fact.replace('_', '-')}-{view}")
            for place in PLACES for view, expected in place["pov"].items() for fact in expected]


@functools.cache
def _facts(lon: float, lat: float, point_of_view: str) -> Any:
    from atlaspress.facts import place_facts  # imported here so the module collects on its own

    return place_facts(lon, lat, country=None, point_of_view=point_of_view, on=ON)


def facts(place: dict[str, Any], point_of_view: str = DE_FACTO) -> Any:
    return _facts(float(place["lon"]), float(place["lat"]), point_of_view)


def why(place: dict[str, Any], fact: str, expected: Any, got: Any) -> str:
    ref = place["refs"].get(fact, "?")
    return f"{place['name']} ({place['lat']}, {place['lon']}): {fact} expected {expected!r}, got {got!r} [ref: {ref}]"


def _plain(name: str) -> str:
    """Compare names without accents, case or dash variants (Priština ~ Pristina)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("–", "-").strip()


def _minutes(offset: Any) -> int | None:
    """"UTC+5:30" / "UTC−3" / "+05:30" / a timedelta → minutes east of UTC."""
    if offset is None:
        return None
    if isinstance(offset, dt.timedelta):
        return round(offset.total_seconds() / 60)
    text = str(offset).replace("−", "-").replace("GMT", "UTC").strip()
    match = re.fullmatch(r"(?:UTC)?\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?", text)
    if not match:
        raise AssertionError(f"unreadable UTC offset {offset!r}")
    sign, hours, mins = match.groups()
    if sign is None:
        return 0
    return (1 if sign == "+" else -1) * (int(hours) * 60 + int(mins or 0))


def _tzdb_minutes(zone: str) -> int:
    noon = dt.datetime.combine(ON, dt.time(12), tzinfo=ZoneInfo(zone))
    offset = noon.utcoffset()
    assert offset is not None
    return round(offset.total_seconds() / 60)


def _claimants(f: Any) -> set[str]:
    found = {code for d in f.disputes for code in (d.claimed_by or ())}
    found |= {d.administered_by for d in f.disputes if d.administered_by}
    return found | set(f.antarctic_claimants)  # Antarctic claims (frozen by the Treaty, Art. IV)


def _disputes(f: Any) -> list[tuple[str, str | None, tuple[str, ...], str]]:
    return [(d.key, d.administered_by, tuple(d.claimed_by or ()), d.kind) for d in f.disputes]


# ----------------------------------------------------------------- the fixture itself


def test_fixture_covers_every_kind() -> None:
    kinds = [place["kind"] for place in PLACES]
    assert len(PLACES) >= 48
    assert set(kinds) == KINDS
    for kind in KINDS:
        assert kinds.count(kind) >= 2, kind
    ids = [place["id"] for place in PLACES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("place", [pytest.param(p, id=p["id"]) for p in PLACES])
def test_fixture_every_fact_has_a_reference(place: dict[str, Any]) -> None:
    assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
    assert place.get("coords"), "coordinates need a source"
    assert set(place["expect"]) <= FACTS, set(place["expect"]) - FACTS
    missing = [fact for fact in place["expect"] if not place["refs"].get(fact)]
    missing += [f"pov.{view}.{fact}" for view, exp in place["pov"].items() for fact in exp
                if not place["refs"].get(f"pov.{view}.{fact}")]
    assert not missing, f"facts without a reference: {missing}"
    for zone in place["expect"].get("timezone", []):
        ZoneInfo(zone)  # a real IANA name in this machine's tz database


# ----------------------------------------------------------------- country and sovereign


@pytest.mark.parametrize(("place", "fact"), cases("country"))
def test_country(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    expected = place["expect"]["country"]
    assert f.country == expected, why(place, fact, expected, f.country)


@pytest.mark.parametrize(("place", "fact"), cases("sovereign"))
def test_sovereign(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    expected = place["expect"]["sovereign"]
    assert f.sovereign == expected, why(place, fact, expected, f.sovereign)


@pytest.mark.parametrize(("place", "view", "fact"), pov_cases())
def test_point_of_view(place: dict[str, Any], view: str, fact: str) -> None:
    """Facts that legitimately depend on the point of view (Crimea → UA, Golan → SY under "un")."""
    f = facts(place, view)
    expected = place["pov"][view][fact]
    got = getattr(f, fact)
    assert got == expected, why(place, f"pov.{view}.{fact}", expected, got)


# ----------------------------------------------------------------- disputes


@pytest.mark.parametrize(("place", "fact"), cases("disputed"))
def test_disputed(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    expected = place["expect"]["disputed"]
    assert f.disputed is expected, why(place, fact, expected, _disputes(f))


@pytest.mark.parametrize(("place", "fact"), cases("claimants"))
def test_claimants(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    expected = set(place["expect"]["claimants"])
    assert expected <= _claimants(f), why(place, fact, sorted(expected), _disputes(f))


@pytest.mark.parametrize(("place", "fact"), cases("administered_by"))
def test_administered_by(place: dict[str, Any], fact: str) -> None:
    """Who administers it: the state itself, or its territory (GI for GB) named by the facts."""
    f = facts(place)
    expected = place["expect"]["administered_by"]
    got = {d.administered_by for d in f.disputes if d.kind != "settled"}
    if f.country in got and f.sovereign == expected:
        got.add(expected)  # Gibraltar administered as GI, a territory of GB: the same fact
    assert expected in got, why(place, fact, expected, _disputes(f))


@pytest.mark.parametrize(("place", "fact"), cases("dispute_kind"))
def test_dispute_kind(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    expected = set(place["expect"]["dispute_kind"])
    assert expected & {d.kind for d in f.disputes}, why(place, fact, sorted(expected), _disputes(f))


# ----------------------------------------------------------------- sea, land, coast, poles


@pytest.mark.parametrize(("place", "fact"), cases("at_sea", "unclaimed", "on_coast", "polar"))
def test_flag(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    expected = place["expect"][fact]
    got = getattr(f, fact)
    assert got is expected, why(place, fact, expected, got)


# ----------------------------------------------------------------- time zone


@pytest.mark.parametrize(("place", "fact"), cases("timezone"))
def test_timezone(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    accepted = place["expect"]["timezone"]
    got = f.timezone.name if f.timezone else None
    assert got in accepted, why(place, fact, accepted, got)


@pytest.mark.parametrize(("place", "fact"), cases("timezone", "utc_offset"))
def test_utc_offset(place: dict[str, Any], fact: str) -> None:
    """The offset on 2026-01-15: as written in the fixture, else the tz database's for the zone."""
    if fact == "timezone" and "utc_offset" in place["expect"]:
        pytest.skip("tested by the utc-offset case")
    f = facts(place)
    if "utc_offset" in place["expect"]:
        label, expected = place["expect"]["utc_offset"], _minutes(place["expect"]["utc_offset"])
    else:
        zone = place["expect"]["timezone"][0]
        expected = _tzdb_minutes(zone)
        label = f"{zone}: {expected} min"
    got = f.timezone.offset if f.timezone else None
    assert _minutes(got) == expected, why(place, "utc_offset", label, got)


# ----------------------------------------------------------------- nearest city


@pytest.mark.parametrize(("place", "fact"), cases("nearest_city"))
def test_nearest_city(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    accepted = place["expect"]["nearest_city"]
    got = f.city.name if f.city else None
    assert got is not None and _plain(got) in {_plain(n) for n in accepted}, why(place, fact, accepted, got)


@pytest.mark.parametrize(("place", "fact"), cases("city_direction"))
def test_city_direction(place: dict[str, Any], fact: str) -> None:
    """At a pole every direction is the same one: no compass point."""
    f = facts(place)
    got = f.city.direction if f.city else None
    assert got == place["expect"]["city_direction"], why(place, fact, place["expect"]["city_direction"], got)


# ----------------------------------------------------------------- border


@pytest.mark.parametrize(("place", "fact"), cases("border_kind"))
def test_border_kind(place: dict[str, Any], fact: str) -> None:
    f = facts(place)
    expected = place["expect"]["border_kind"]
    got = f.border.kind if f.border else None
    assert got is not None and got.casefold() == expected.casefold(), why(place, fact, expected, got)
