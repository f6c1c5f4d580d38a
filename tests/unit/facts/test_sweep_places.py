"""Places a fresh-eyes sweep found wrong (posts made with only ``new post --at``), by class.

Positions are the towns' Wikipedia coordinates, rounded. Expected facts come from the
references named on each case, never from atlaspress's output:

- UN General Assembly Resolution ES-11/4 (12 October 2022): the Donetsk, Luhansk, Zaporizhzhia
  and Kherson regions are Ukraine's; Russia's 2022 "annexation" is invalid. The Ukraine–Russia
  border east of Donetsk is therefore an international border in the UN's view.
- UN Security Council Resolution 541 (1983) and the UN buffer zone in Cyprus: across the line
  from Famagusta (Varosha) lies the Republic of Cyprus, not "Northern Cyprus".
- Christmas Island lies about 350 km south of Java (Wikipedia, "Christmas Island"); it and the
  Coral Sea Islands are Australian external territories (Christmas Island Act 1958, Coral Sea
  Islands Act 1969), so neither is "foreign land" to Australia.
- Itu Aba (Taiping Island) has been held by the Republic of China (Taiwan) since 1956
  (Wikipedia, "Taiping Island"); the Spratlys are claimed by China, Taiwan, Vietnam, the
  Philippines, Malaysia and Brunei (CIA World Factbook, "Spratly Islands").
- The Sovereign Base Area of Akrotiri is British (Cyprus Act 1960).
- The Ilemi Triangle is administered by Kenya and claimed by South Sudan (Wikipedia, "Ilemi
  Triangle"): never "claimed by no state".
"""

from __future__ import annotations

import pytest
from pyproj import Geod

from atlaspress.facts.place import INTERNATIONAL, place_facts
from atlaspress.facts.sentences import caption

GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize(("town", "lon", "lat", "key"), [
    ("Donetsk", 37.80, 48.02, "ukraine-2022"),
    ("Melitopol", 35.37, 46.85, "ukraine-2022"),
    ("Hargeisa", 44.07, 9.56, "somaliland"),
    ("Woody Island", 112.33, 16.83, "paracel"),
    ("Itu Aba", 114.365, 10.377, "spratly"),
    ("Diego Garcia", 72.41, -7.31, "chagos"),
    ("Mamoudzou", 45.23, -12.78, "mayotte"),
    ("Melilla", -2.94, 35.29, "melilla"),
    ("the Ilemi Triangle", 35.3, 4.9, "ilemi"),
])
def test_disputed_places_say_so(town: str, lon: float, lat: float, key: str) -> None:
    f = place_facts(lon, lat)
    assert key in [d.key for d in f.active_disputes]
    assert "disputed" in caption(town, f)
    assert not f.unclaimed


def test_a_region_russia_claims_names_no_holder_de_facto_and_ukraine_in_the_uns_view() -> None:
    f = place_facts(37.80, 48.02)  # Donetsk
    assert f.country is None
    assert place_facts(37.80, 48.02, point_of_view="un").country == "UA"
    # the border with Russia is still an international border (ES-11/4)
    assert f.border is not None and f.border.kind == INTERNATIONAL and f.border.with_code == "RU"


def test_across_the_line_from_famagusta_is_cyprus() -> None:
    f = place_facts(33.96, 35.115)  # Varosha, Famagusta
    assert f.border is not None and not f.border.international
    assert f.border.with_code == "CY"
    assert "border with Northern Cyprus" not in caption("Famagusta", f)


def test_kyrenia_has_cyprus_across_the_green_line() -> None:
    f = place_facts(33.32, 35.34)
    assert f.border is not None and f.border.with_name == "Cyprus"


def test_a_territorys_own_natural_earth_unit_is_not_foreign_land() -> None:
    f = place_facts(105.68, -10.42)  # Flying Fish Cove, Christmas Island
    assert f.foreign is not None and f.foreign.code == "ID"
    assert 300 < f.foreign.km < 400  # "about 350 km south of Java"
    assert place_facts(151.21, -33.87).foreign is None  # Sydney: the Coral Sea Islands are Australian


def test_itu_aba_is_held_by_taiwan_and_claimed_by_five_more() -> None:
    f = place_facts(114.365, 10.377)
    assert f.country == "TW"
    spratly = next(d for d in f.disputes if d.key == "spratly")
    assert {"CN", "VN", "PH", "MY", "BN"} <= set(spratly.claimed_by)
    assert f.foreign is None or f.foreign.code not in (None, "TW")


def test_akrotiri_is_british() -> None:
    f = place_facts(33.04, 34.68)  # Limassol
    across = f.border.with_name if f.border is not None else None
    named = {across, f.foreign.name if f.foreign is not None else None}
    assert "Akrotiri" in named
    # Limassol to the Akrotiri base boundary is a few km (Wikipedia: the SBA begins west of the city)
    assert f.border is None or f.border.km < 10


def test_macao_has_a_land_border_with_china() -> None:
    # The Portas do Cerco border gate, 22.2165 N 113.5490 E (Wikipedia, "Border Gate (Macau)"),
    # is a land crossing into Zhuhai; the nearest border can be no farther than it.
    lon, lat = 113.5439, 22.1987  # Senado Square (Wikipedia)
    gate_km = GEOD.inv(lon, lat, 113.5490, 22.2165)[2] / 1000
    f = place_facts(lon, lat)
    assert f.border is not None and f.border.with_code == "CN"
    assert f.border.km <= gate_km + 0.1


def test_foreign_land_across_the_sea_stays_named() -> None:
    # The Isle of Man is a Crown Dependency, not part of the UK; the Mull of Galloway (54.635 N
    # 4.857 W, Wikipedia) is the UK's land nearest Douglas (54.15 N 4.48 W).
    f = place_facts(-4.4833, 54.15)
    assert f.foreign is not None and f.foreign.code == "GB"
    assert f.foreign.km <= GEOD.inv(-4.4833, 54.15, -4.857, 54.635)[2] / 1000 + 2
    # Woody Island: Vietnam, a claimant, is still the nearest foreign land; Ly Son island (15.38 N
    # 109.12 E) and Cape Batangan (15.25 N 108.93 E, Wikipedia) bound how far.
    f = place_facts(112.3333, 16.8339)
    assert f.foreign is not None and f.foreign.code == "VN"
    near = GEOD.inv(112.3333, 16.8339, 109.12, 15.38)[2] / 1000
    far = GEOD.inv(112.3333, 16.8339, 108.93, 15.25)[2] / 1000
    assert near - 5 <= f.foreign.km <= far + 5
