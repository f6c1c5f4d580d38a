"""One source of truth (issue 10, points 3 and 4): the caption and At a glance are written from
the same facts, so they cannot disagree; disputes are always stated; lines of control are never
international borders; the sea is the sea.

Coordinates are from GeoNames or Wikipedia (named per case); who holds and who claims each
place is from the sources in :mod:`atlaspress.geo.disputes` (UN resolutions, Wikipedia).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from atlaspress.facts import place_facts
from atlaspress.facts.numbers import distance_text
from atlaspress.facts.sentences import caption, place_rows

ON = dt.date(2026, 1, 15)

# (title, lat, lon, held by, claimed by) — coordinates: GeoNames ids in the comments
DISPUTED = [
    ("Simferopol", 44.95719, 34.11079, "Russia", "Ukraine"),  # GeoNames 693805
    ("Srinagar", 34.08565, 74.80555, "India", "Pakistan"),  # GeoNames 1255634
    ("Gilgit", 35.91869, 74.31245, "Pakistan", "India"),  # GeoNames 1178338
    ("Laayoune", 27.1418, -13.18797, "Morocco", "Western Sahara"),  # GeoNames 2462881
    ("Katzrin", 32.99, 35.69, "Israel", "Syria"),  # Wikipedia, "Katzrin"
    ("Yuzhno-Kurilsk", 44.0306, 145.8556, "Russia", "Japan"),  # GeoNames 2119447
    ("Sukhumi", 43.00697, 40.9893, "Abkhazia", "Georgia"),  # GeoNames 611717
    ("Tiraspol", 46.84274, 29.62909, "Pridnestrovian", "Moldova"),  # GeoNames 617239
    ("Kyrenia", 35.34189, 33.31942, "Northern Cyprus", "Cyprus"),  # GeoNames 146384
    ("Pristina", 42.67272, 21.16688, "Kosovo", "Serbia"),  # GeoNames 786714
    ("Taipei", 25.04776, 121.53185, "Republic of China", "China"),  # GeoNames 1668341
    ("Kinmen", 24.44, 118.32, "Republic of China", "China"),  # Wikipedia, "Kinmen"
]


def rows(f) -> dict:
    before, after = place_rows(f)
    return {r.key: r for r in (*before, *after)}


@pytest.mark.parametrize(("title", "lat", "lon", "holder", "claimant"), DISPUTED, ids=[d[0] for d in DISPUTED])
@pytest.mark.parametrize("view", ["de-facto", "un"])
def test_every_disputed_place_says_so_with_holder_and_claimant(title, lat, lon, holder, claimant, view):
    f = place_facts(lon, lat, point_of_view=view, on=ON, exclude_cities=(title,))
    assert f.disputed
    text = caption(title, f)
    assert "disputed" in text and holder in text and claimant in text
    listed = rows(f)
    assert "disputed" in listed["country"].value.lower()
    dispute = next(r for k, r in listed.items() if k.startswith("dispute-"))
    assert holder in dispute.value and claimant in dispute.value
    assert dispute.note and "Source:" in dispute.note and dispute.href


def test_point_of_view_names_the_state_but_never_hides_the_dispute():
    crimea = (34.11079, 44.95719)  # Simferopol, GeoNames 693805
    de_facto = place_facts(*crimea, on=ON)
    un = place_facts(*crimea, point_of_view="un", on=ON)
    ukraine = place_facts(*crimea, point_of_view="UA", on=ON)
    assert (de_facto.country, un.country, ukraine.country) == ("RU", "UA", "UA")  # UN GA Res. 68/262
    assert "in the UN's view" in caption("Simferopol", un)
    golan = place_facts(35.69, 32.99, point_of_view="un", on=ON)  # UN SC Res. 497: Syrian
    assert golan.country == "SY"
    kashmir = place_facts(74.80555, 34.08565, point_of_view="un", on=ON)  # the UN takes no position
    assert kashmir.country is None and rows(kashmir)["country"].value == "Disputed"


def test_a_line_of_control_is_never_an_international_border():
    f = place_facts(74.80555, 34.08565, on=ON)  # Srinagar
    assert f.border is not None and not f.border.international and f.border.kind == "line of control"
    row = rows(f)["border"]
    assert row.label == "Nearest Line of Control" and "not an international border" in row.note
    assert "border with Pakistan" not in caption("Srinagar", f)


@pytest.mark.parametrize(("title", "lat", "lon"), [
    ("Simferopol", 44.95719, 34.11079), ("Vatican", 41.9029, 12.4534), ("Baarle-Hertog", 51.4376, 4.9293),
    ("Kaesong", 37.931, 126.615), ("Srinagar", 34.08565, 74.80555), ("Büsingen", 47.69638, 8.68759),
    ("Diomede", 65.75, -168.95), ("Point Nemo", -48.8767, -123.3933), ("McMurdo", -77.846, 166.676),
])
def test_caption_and_at_a_glance_give_the_same_numbers(title, lat, lon):
    f = place_facts(lon, lat, on=ON, exclude_cities=(title,))
    text = caption(title, f, reach_km=20_000)
    listed = rows(f)
    if f.border is not None:
        km = distance_text(f.border.km, f.border.precision_km)
        assert km in text and listed["border"].value.startswith(km)
    if f.city is not None:
        km = distance_text(f.city.km)
        assert f"{km} " in text and listed["city"].value.startswith(f"{f.city.name}, {km}")
    assert not re.search(r"\b\d+ m\b", text) or (f.border is not None and f.border.precision_km < 0.5)


def test_at_sea_is_at_sea_not_a_land_border():
    f = place_facts(-123.3933, -48.8767, on=ON)  # Point Nemo (Wikipedia, "Pole of inaccessibility")
    assert f.at_sea and f.border is None
    text = caption("Point Nemo", f)
    assert text.startswith("Point Nemo lies at sea, ") and "border" not in text
    listed = rows(f)
    assert "border" not in listed and listed["at-sea"].value == "At sea"


def test_no_compass_at_a_pole_and_no_zone_where_all_meet():
    north = place_facts(0.0, 90.0, on=ON)
    assert north.polar and north.city is not None and north.city.direction is None
    assert north.timezone is None and "every time zone" in (north.timezone_note or "")
    assert not re.search(r"\b(north|south|east|west)\b of", caption("The North Pole", north))
    south = place_facts(0.0, -90.0, on=ON)  # Amundsen–Scott keeps New Zealand time (tz: Antarctica/South_Pole)
    assert south.timezone is not None and south.timezone.name == "Antarctica/McMurdo"
