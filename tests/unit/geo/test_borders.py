"""OpenStreetMap borders: which state or territory a point is in, with references.

Every expected code is the ISO 3166-1 alpha-2 code of the place on the ISO / UN list (ISO
Online Browsing Platform, UN M49); every position is the place's coordinates on Wikipedia
(or GeoNames, where named) — never the code's own output. Sovereigns of dependent
territories are the CIA World Factbook's "Dependency status".
"""

from __future__ import annotations

import time

import numpy as np
import pycountry
import pytest
import shapely

from atlaspress.geo import borders
from atlaspress.geo.borders import (
    ANTARCTIC_CLAIMS,
    DEPENDENCIES,
    Borders,
    Territory,
    antarctic_claims,
    locate,
    nearest_border,
    territories_at,
)

# (place, latitude, longitude, ISO alpha-2 codes of the polygons it lies in, sovereign, reference)
PLACES = [
    # microstates
    ("Vatican City", 41.9029, 12.4534, ("VA",), None, "Wikipedia, Vatican City; ISO 3166-1 VA"),
    ("Vatican City (GeoNames)", 41.90268, 12.45414, ("VA",), None, "GeoNames 6691831, Vatican City; ISO VA"),
    ("Monaco", 43.7311, 7.4200, ("MC",), None, "Wikipedia, Monaco (43°43′52″N 7°25′12″E); ISO MC"),
    ("City of San Marino", 43.9356, 12.4473, ("SM",), None, "Wikipedia, City of San Marino; ISO SM"),
    ("Vaduz", 47.1411, 9.5215, ("LI",), None, "Wikipedia, Vaduz (47°08′28″N 9°31′17″E); ISO LI"),
    ("Andorra la Vella", 42.5067, 1.5211, ("AD",), None, "Wikipedia, Andorra la Vella; ISO AD"),
    ("Valletta", 35.8989, 14.5146, ("MT",), None, "Wikipedia, Valletta; ISO MT"),
    ("Singapore", 1.29, 103.85, ("SG",), None, "Wikipedia, Singapore (1°17′N 103°50′E); ISO SG"),
    # enclaves, exclaves, counter-enclaves
    ("Baarle-Hertog", 51.4376, 4.9293, ("BE",), None, "issue 10 (Wikipedia: 51°26′N 4°56′E); ISO BE"),
    ("Baarle-Nassau centre", 51.4445, 4.9330, ("NL",), None, "issue 10 (Wikipedia: 51°27′N 4°56′E); ISO NL"),
    ("Büsingen am Hochrhein", 47.69638, 8.68759, ("DE",), None, "GeoNames 2940715, Büsingen; ISO DE"),
    ("Llívia", 42.46462, 1.9807, ("ES",), None, "GeoNames 3118236, Llívia; ISO ES"),
    ("Campione d'Italia", 45.96818, 8.97181, ("IT",), None, "GeoNames 3181006, Campione; ISO IT"),
    ("Point Roberts", 48.985, -123.067, ("US",), None, "Wikipedia, Point Roberts (48°59′N 123°4′W); ISO US"),
    ("Kaliningrad", 54.71, 20.51, ("RU",), None, "Wikipedia, Kaliningrad (54°43′N 20°31′E); ISO RU"),
    ("Ceuta", 35.8883, -5.3156, ("ES",), None, "Wikipedia, Ceuta (35°53′18″N 5°18′56″W); ISO ES"),
    # dependent territories
    ("Gibraltar", 36.14, -5.35, ("GI",), "GB", "Wikipedia, Gibraltar (36°08′N 5°21′W); ISO GI"),
    ("Adamstown, Pitcairn", -25.06597, -130.10147, ("PN",), "GB", "GeoNames 4030723, Adamstown; ISO PN"),
    ("Edinburgh of the Seven Seas, Tristan da Cunha", -37.06757, -12.31155, ("SH",), "GB",
     "GeoNames 3370726, Edinburgh of the Seven Seas; ISO SH"),
    ("Nuuk, Greenland", 64.18347, -51.72157, ("GL",), "DK", "GeoNames 3421319, Nuuk; ISO GL"),
    ("Mariehamn, Åland", 60.09726, 19.93481, ("AX",), "FI", "GeoNames 3041732, Mariehamn; ISO AX"),
    ("San Juan, Puerto Rico", 18.4, -66.0667, ("PR",), "US", "Wikipedia, San Juan (18°24′N 66°04′W); ISO PR"),
    ("Hong Kong, Central", 22.2833, 114.1667, ("HK",), "CN", "Wikipedia, Hong Kong (22°17′N 114°10′E); ISO HK"),
    ("Longyearbyen, Svalbard", 78.22334, 15.64689, ("SJ",), "NO", "GeoNames 2729907, Longyearbyen; ISO SJ"),
    ("Tórshavn, Faroe Islands", 62.0117, -6.7675, ("FO",), "DK", "Wikipedia, Tórshavn; ISO FO"),
    ("Stanley, Falkland Islands", -51.6938, -57.857, ("FK",), "GB", "Wikipedia, Stanley; ISO FK"),
    ("Nouméa, New Caledonia", -22.2758, 166.458, ("NC",), "FR", "Wikipedia, Nouméa; ISO NC"),
    ("Willemstad, Curaçao", 12.1167, -68.9333, ("CW",), "NL", "Wikipedia, Willemstad (12°07′N 68°56′W); ISO CW"),
    ("Saint-Denis, Réunion", -20.8789, 55.4481, ("RE",), "FR", "Wikipedia, Saint-Denis, Réunion; ISO RE"),
    # ordinary cities
    ("Ushuaia", -54.81084, -68.31591, ("AR",), None, "GeoNames 3833367, Ushuaia; ISO AR"),
    ("Seoul", 37.5665, 126.978, ("KR",), None, "Wikipedia, Seoul (37°33′59″N 126°58′41″E); ISO KR"),
    ("Kaesŏng", 37.97083, 126.55444, ("KP",), None, "GeoNames, Kaesŏng (OFFLINE.md); ISO KP"),
    ("Reykjavík", 64.1466, -21.9426, ("IS",), None, "Wikipedia, Reykjavík; ISO IS"),
    ("Pristina", 42.6629, 21.1655, ("XK",), None, "Wikipedia, Pristina; XK: the code the EU and IMF use"),
    # Antarctica (ISO AQ)
    ("McMurdo Station", -77.85, 166.667, ("AQ",), None, "Wikipedia, McMurdo Station (77°51′S 166°40′E); ISO AQ"),
    ("Marie Byrd Land", -80.0, -120.0, ("AQ",), None, "Wikipedia, Marie Byrd Land (the brief's 80° S 120° W)"),
    ("Amundsen–Scott South Pole Station", -90.0, 0.0, ("AQ",), None, "Wikipedia, the South Pole"),
    # a double claim and no claim
    ("Simferopol, Crimea", 44.9521, 34.1024, ("RU", "UA"), None,
     "Wikipedia, Simferopol; annexed by Russia 2014, UN GA res. 68/262 calls it Ukraine's"),
    ("Bir Tawil", 21.87, 33.75, (), None, "Wikipedia, Bir Tawil: claimed by neither Egypt nor Sudan"),
    ("Point Nemo", -48.8767, -123.3933, (), None, "Wikipedia, Pole of inaccessibility (48°52.6′S 123°23.6′W)"),
]


@pytest.mark.parametrize(("place", "lat", "lon", "codes", "sovereign", "reference"), PLACES,
                         ids=[p[0] for p in PLACES])
def test_the_territory_of_each_place(place, lat, lon, codes, sovereign, reference):
    found = territories_at(lon, lat)
    assert tuple(t.alpha2 for t in found) == codes, f"{place}: expected {codes} ({reference})"
    if len(codes) == 1:
        assert found[0].sovereign == sovereign
        assert locate(lon, lat).country == codes[0]
        assert borders.country_at(lon, lat) == codes[0]
    else:
        assert borders.country_at(lon, lat) is None  # a double claim, or none: no single code


def test_there_are_at_least_25_places_with_references():
    assert len(PLACES) >= 25
    assert all(p[-1] for p in PLACES)


def test_a_dependency_answers_to_itself_and_its_sovereign_only():
    pitcairn = locate(-130.1, -25.0667)
    assert pitcairn.accepts("PN") and pitcairn.accepts("GB") and pitcairn.accepts("gb")
    assert not pitcairn.accepts("FR") and not pitcairn.accepts("NZ")
    assert pitcairn.territory is not None
    assert pitcairn.territory.described() == "the Pitcairn Islands, a British Overseas Territory"
    assert pitcairn.match("GB") == pitcairn.territory
    tristan = locate(-12.311, -37.067)
    assert tristan.accepts("GB") and tristan.accepts("SH")
    assert locate(15.65, 78.2167).accepts("NO")  # Longyearbyen: Svalbard is Norway's


def test_double_claims_accept_either_side():
    crimea = locate(34.1024, 44.9521)
    assert crimea.disputed and crimea.territory is None
    assert crimea.accepts("RU") and crimea.accepts("UA") and not crimea.accepts("PL")


# Claims as sectors: CIA World Factbook, Antarctica (Government: Antarctic Treaty Summary), and
# Wikipedia, "Territorial claims in Antarctica". Stations from their Wikipedia articles.
ANTARCTIC = [
    ("McMurdo Station", -77.85, 166.667, {"NZ"}, "in the Ross Dependency, claimed by New Zealand"),
    ("Scott Base", -77.849, 166.768, {"NZ"}, "in the Ross Dependency, claimed by New Zealand"),
    ("Dumont d'Urville Station", -66.6628, 140.0014, {"FR"}, "in Adélie Land, claimed by France"),
    ("Casey Station", -66.2817, 110.5275, {"AU"}, "in the Australian Antarctic Territory, claimed by Australia"),
    ("Troll Station", -72.0114, 2.535, {"NO"}, "in Queen Maud Land, claimed by Norway"),
    ("Rothera Research Station", -67.5667, -68.1333, {"GB", "AR", "CL"}, None),
    ("Esperanza Base", -63.3972, -56.9972, {"GB", "AR", "CL"}, None),
    ("Halley Research Station", -75.5833, -26.5667, {"GB", "AR"}, None),
    ("Peter I Island", -68.8333, -90.5833, {"NO"}, "in Peter I Island, claimed by Norway"),
    ("Marie Byrd Land", -80.0, -120.0, set(), "in Antarctica, on land claimed by no state"),
    ("South Pole", -90.0, 0.0, {"AR", "AU", "CL", "FR", "GB", "NO", "NZ"}, None),
]


@pytest.mark.parametrize(("place", "lat", "lon", "claimants", "text"), ANTARCTIC, ids=[a[0] for a in ANTARCTIC])
def test_antarctic_claims(place, lat, lon, claimants, text):
    where = locate(lon, lat)
    assert where.antarctic
    assert {c.claimant for c in where.claims} == claimants
    assert where.unclaimed == (not claimants)
    if text:
        assert where.claim_text() == text
    for code in claimants:
        assert where.accepts(code)


def test_claims_hold_only_south_of_60_degrees():
    assert antarctic_claims(166.667, -59.9) == ()
    assert not locate(-68.3, -54.8).antarctic  # Ushuaia


def test_bir_tawil_is_unclaimed_land_and_the_open_ocean_is_at_sea():
    bir = locate(33.75, 21.87)
    assert bir.unclaimed and not bir.at_sea and bir.summary() == "on land claimed by no state"
    nemo = locate(-123.3933, -48.8767)
    assert nemo.at_sea and not nemo.unclaimed


def test_longitudes_wrap():
    assert territories_at(166.667 - 360, -77.85) == territories_at(166.667, -77.85)


# --- borders of enclaves and microstates: OpenStreetMap, where Natural Earth has none ----------


@pytest.mark.parametrize(("place", "lat", "lon", "code", "across", "max_km"), [
    ("St Peter's Square", 41.9022, 12.4568, "VA", "Italy", 0.5),  # the square is the border's edge
    ("Baarle-Hertog", 51.4376, 4.9293, "BE", "Netherlands", 0.5),
    ("Büsingen", 47.6966, 8.6887, "DE", "Switzerland", 2.0),
    ("Campione d'Italia", 45.9686, 8.9708, "IT", "Switzerland", 1.5),
])
def test_enclave_borders_are_near(place, lat, lon, code, across, max_km):
    hit = nearest_border(lon, lat, code)
    assert hit is not None and hit.name == across and hit.km < max_km, place


# --- the data and its cache ------------------------------------------------------------------


def test_dependencies_are_iso_codes_with_sovereign_states():
    for code, (sovereign, status) in DEPENDENCIES.items():
        assert pycountry.countries.get(alpha_2=code) is not None, code
        assert pycountry.countries.get(alpha_2=sovereign) is not None, sovereign
        assert sovereign not in DEPENDENCIES and status
    assert {c.claimant for c in ANTARCTIC_CLAIMS} == {"AR", "AU", "CL", "FR", "GB", "NO", "NZ"}


def test_every_territory_has_an_iso_code_and_a_name():
    data = borders.load_borders()
    codes = [t.alpha2 for t in data.territories]
    assert len(codes) == 249 and len(set(codes)) == 249
    assert {"VA", "BQ", "CW", "SX", "XK", "AQ"} <= set(codes)  # BQ, CW, SX: from isoA3
    assert all(t.name and "." not in t.name for t in data.territories)


def test_cache_is_versioned_and_loads_fast():
    version = borders.data_version()
    path = borders.cache_path(version)
    borders.load_borders()
    assert path.is_file()
    assert f"osm-borders-{version}" in str(path) and f".v{borders._CACHE_FORMAT}." in path.name
    start = time.perf_counter()
    loaded = borders._from_arrays(borders.load_arrays(path), version)
    loaded.tree.query(shapely.Point(0, 0))
    assert time.perf_counter() - start < 2.0  # measured 0.06 s; generous for shared machines
    assert len(loaded.pieces) == len(loaded.owner) > 10_000


def _tiny() -> Borders:
    square = shapely.Polygon([(12.4457, 41.9002), (12.4585, 41.9002), (12.4585, 41.9075), (12.4457, 41.9075)])
    return Borders("9.9.9", (Territory("VA", "VAT"),), np.asarray([square], dtype=object),
                   np.zeros(1, dtype=np.int16))


def test_cache_round_trip_keeps_osm_precision_and_refuses_other_versions():
    arrays = borders._to_arrays(_tiny())
    assert arrays["coords"].dtype == np.int32  # 1e-7°: OpenStreetMap's own precision
    back = borders._from_arrays(arrays, "9.9.9")
    assert back.territories == _tiny().territories
    assert shapely.equals_exact(back.pieces[0], _tiny().pieces[0], tolerance=1e-7)
    with pytest.raises(ValueError):
        borders._from_arrays(arrays, "9.9.8")  # another package version
    bad = dict(arrays, owner=np.array([5], dtype=np.int16))
    with pytest.raises(ValueError):
        borders._from_arrays(bad, "9.9.9")


def test_split_pieces_cover_the_polygon():
    ring = [(np.cos(a) * 10, np.sin(a) * 5) for a in np.linspace(0, 2 * np.pi, 2000, endpoint=False)]
    polygon = shapely.Polygon(ring, [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    pieces = borders._split(polygon, limit=64)
    assert len(pieces) > 10 and all(shapely.get_num_coordinates(p) <= 64 + 16 for p in pieces)
    assert abs(sum(p.area for p in pieces) - polygon.area) < 1e-6
    assert not any(p.contains(shapely.Point(1.5, 1.5)) for p in pieces)  # the hole stays a hole


def test_geonames_baarle_nassau_is_dutch_too():
    # GeoNames 2759554, Baarle-Nassau (51.4475 N, 4.92917 E); ISO NL
    assert [t.alpha2 for t in territories_at(4.92917, 51.4475)] == ["NL"]
