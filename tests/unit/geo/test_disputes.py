"""The disputes table (issue 10, point 3): areas, holders from each point of view, lines.

Every expected fact comes from a reference, not from the code: town positions are the
coordinates of the towns' Wikipedia articles (rounded to 0.01°, about 1 km); who holds and who
claims each area is from the source named in the table (UN resolutions, Wikipedia articles).
"""

from __future__ import annotations

import time

import pytest

from atlaspress.geo import disputes as D
from atlaspress.geo.disputes import DISPUTED_LINES, DISPUTES, Dispute, areas_in, disputes_at, holder, line_at, lines_in

# (dispute key, town, lon, lat): a town inside the area.
INSIDE = [
    ("crimea", "Simferopol", 34.10, 44.95),
    ("crimea", "Sevastopol", 33.53, 44.60),
    ("crimea", "Kerch", 36.47, 45.36),
    ("kashmir-india", "Srinagar", 74.80, 34.08),
    ("kashmir-india", "Leh", 77.58, 34.17),
    ("kashmir-india", "Jammu", 74.86, 32.73),
    ("kashmir-pakistan", "Muzaffarabad", 73.47, 34.37),
    ("kashmir-pakistan", "Gilgit", 74.31, 35.92),
    ("kashmir-pakistan", "Skardu", 75.63, 35.30),
    ("aksai-chin", "the Aksai Chin plateau on the Xinjiang–Tibet road", 79.0, 35.0),
    ("shaksgam", "the Shaksgam valley north of K2 (35.88 N 76.51 E)", 76.5, 36.1),
    ("arunachal", "Itanagar", 93.61, 27.08),
    ("arunachal", "Tawang", 91.87, 27.59),
    ("arunachal", "Pasighat", 95.33, 28.07),
    ("western-sahara-morocco", "Laayoune", -13.20, 27.15),
    ("western-sahara-morocco", "Dakhla", -15.94, 23.70),
    ("western-sahara-morocco", "Smara", -11.67, 26.74),
    ("western-sahara-polisario", "Tifariti", -10.57, 26.16),
    ("western-sahara-polisario", "Bir Lehlou", -9.58, 26.35),
    ("golan", "Katzrin", 35.69, 32.99),
    ("golan", "Majdal Shams", 35.77, 33.27),
    ("east-jerusalem", "the Dome of the Rock", 35.235, 31.778),
    ("west-bank", "Ramallah", 35.20, 31.90),
    ("west-bank", "Hebron", 35.10, 31.53),
    ("west-bank", "Nablus", 35.26, 32.22),
    ("west-bank", "Jericho", 35.46, 31.86),
    ("gaza", "Gaza City", 34.45, 31.52),
    ("southern-kurils", "Yuzhno-Kurilsk (Kunashir)", 145.86, 44.03),
    ("southern-kurils", "Kurilsk (Iturup)", 147.88, 45.23),
    ("southern-kurils", "Malokurilskoye (Shikotan)", 146.83, 43.87),
    ("abkhazia", "Sukhumi", 41.02, 43.00),
    ("abkhazia", "Gali", 41.73, 42.63),
    ("south-ossetia", "Tskhinvali", 43.97, 42.23),
    ("south-ossetia", "Akhalgori", 44.48, 42.13),
    ("transnistria", "Tiraspol", 29.63, 46.84),
    ("transnistria", "Bender", 29.48, 46.83),
    ("northern-cyprus", "Kyrenia", 33.32, 35.34),
    ("northern-cyprus", "Famagusta", 33.94, 35.12),
    ("kosovo", "Pristina", 21.17, 42.66),
    ("taiwan", "Taipei", 121.57, 25.03),
    ("taiwan", "Jincheng (Kinmen)", 118.32, 24.43),
    ("taiwan", "Nangan (Matsu)", 119.95, 26.16),
    ("hans-island-canada", "Hans Island, west of its centre (80.826 N 66.458 W)", -66.475, 80.826),
    ("hans-island-greenland", "Hans Island, east of its centre", -66.44, 80.826),
    ("bir-tawil", "Bir Tawil, centre", 33.72, 21.87),
    ("halaib", "Halaib", 36.65, 22.22),
    ("abyei", "Abyei town", 28.44, 9.60),
    ("falklands", "Stanley", -57.85, -51.70),
    ("south-georgia", "Grytviken", -36.51, -54.28),
    ("gibraltar", "Gibraltar", -5.35, 36.14),
    ("senkaku", "Uotsuri-jima", 123.47, 25.74),
    ("dokdo", "Dokdo", 131.87, 37.24),
    ("essequibo", "Mabaruma", -59.78, 8.20),
    # Added with the 2026 sweep: town positions from their Wikipedia articles, rounded.
    ("ukraine-2022", "Donetsk", 37.80, 48.02),
    ("ukraine-2022", "Luhansk", 39.31, 48.57),
    ("ukraine-2022", "Mariupol", 37.55, 47.10),
    ("ukraine-2022", "Melitopol", 35.37, 46.85),
    ("ukraine-2022", "Zaporizhzhia (held by Ukraine, in the region Russia claims)", 35.14, 47.84),
    ("ukraine-2022", "Kherson", 32.62, 46.64),
    ("ukraine-2022", "Kramatorsk", 37.58, 48.74),
    ("ukraine-2022", "Sievierodonetsk", 38.49, 48.95),
    ("ukraine-2022", "Henichesk", 34.82, 46.17),
    ("somaliland", "Hargeisa", 44.07, 9.56),
    ("somaliland", "Berbera", 45.01, 10.44),
    ("somaliland", "Las Anod (Sool)", 47.36, 8.48),
    ("somaliland", "Erigavo (Sanaag)", 47.37, 10.62),
    ("spratly", "Spratly Island (Truong Sa)", 111.92, 8.64),
    ("spratly", "Thitu (Pag-asa)", 114.28, 11.05),
    ("spratly", "Swallow Reef (Layang-Layang)", 113.84, 7.37),
    ("paracel", "Woody Island", 112.33, 16.83),
    ("chagos", "Diego Garcia", 72.41, -7.31),
    ("mayotte", "Mamoudzou", 45.23, -12.78),
    ("ilemi", "the Ilemi Triangle, between Lokichogio and Lake Turkana", 35.3, 4.9),
    ("ceuta", "Ceuta", -5.32, 35.89),
    ("melilla", "Melilla", -2.94, 35.29),
]

# (dispute key, town, lon, lat): a town just outside the area, on the other side of its edge.
OUTSIDE = [
    ("crimea", "Kherson", 32.62, 46.64),
    ("kashmir-india", "Pathankot (Punjab)", 75.65, 32.27),
    ("kashmir-india", "Sialkot", 74.52, 32.49),
    ("kashmir-pakistan", "Islamabad", 73.05, 33.69),
    ("kashmir-pakistan", "Abbottabad", 73.21, 34.15),
    ("kashmir-pakistan", "Chitral", 71.79, 35.85),
    ("aksai-chin", "Hotan", 79.93, 37.11),
    ("shaksgam", "Tashkurgan", 75.23, 37.77),
    ("arunachal", "Tezpur (Assam)", 92.80, 26.63),
    ("arunachal", "Dibrugarh (Assam)", 94.91, 27.48),
    ("western-sahara-morocco", "Tan-Tan (Morocco)", -11.10, 28.44),
    ("western-sahara-morocco", "Tifariti", -10.57, 26.16),
    ("western-sahara-polisario", "Laayoune", -13.20, 27.15),
    ("western-sahara-polisario", "Zouerat (Mauritania)", -12.47, 22.73),
    ("golan", "Tiberias", 35.53, 32.79),
    ("golan", "Quneitra (Syria)", 35.82, 33.13),
    ("east-jerusalem", "the Knesset (West Jerusalem)", 35.205, 31.777),
    ("east-jerusalem", "Ramallah", 35.20, 31.90),
    ("west-bank", "Tel Aviv", 34.78, 32.08),
    ("west-bank", "Amman", 35.93, 31.95),
    ("west-bank", "the Dome of the Rock (East Jerusalem)", 35.235, 31.778),
    ("gaza", "Ashkelon", 34.57, 31.67),
    ("southern-kurils", "Severo-Kurilsk", 156.12, 50.68),
    ("southern-kurils", "Nemuro (Hokkaido)", 145.58, 43.33),
    ("southern-kurils", "Urup island", 149.90, 45.90),
    ("abkhazia", "Zugdidi", 41.87, 42.51),
    ("abkhazia", "Sochi", 39.73, 43.60),
    ("south-ossetia", "Gori", 44.11, 41.98),
    ("transnistria", "Chisinau", 28.86, 47.01),
    ("transnistria", "Odesa", 30.73, 46.48),
    ("northern-cyprus", "Larnaca", 33.62, 34.92),
    ("northern-cyprus", "Limassol", 33.04, 34.68),
    ("kosovo", "Nis", 21.90, 43.32),
    ("taiwan", "Xiamen", 118.09, 24.48),
    ("taiwan", "Fuzhou", 119.30, 26.07),
    ("hans-island-canada", "Alert", -62.35, 82.50),
    ("bir-tawil", "Wadi Halfa", 31.35, 21.80),
    ("halaib", "Port Sudan", 37.22, 19.62),
    ("halaib", "Aswan", 32.90, 24.09),
    ("abyei", "Juba", 31.58, 4.85),
    ("falklands", "Rio Gallegos", -69.22, -51.62),
    ("gibraltar", "Algeciras", -5.45, 36.13),
    ("senkaku", "Ishigaki", 124.16, 24.34),
    ("dokdo", "Ulleungdo", 130.87, 37.50),
    ("essequibo", "Georgetown", -58.16, 6.80),
    ("ukraine-2022", "Dnipro", 35.05, 48.46),
    ("ukraine-2022", "Kharkiv", 36.23, 49.99),
    ("ukraine-2022", "Mykolaiv", 31.99, 46.97),
    ("ukraine-2022", "Kryvyi Rih", 33.39, 47.91),
    ("ukraine-2022", "Izium (Kharkiv oblast)", 37.26, 49.21),
    ("ukraine-2022", "Kupiansk (Kharkiv oblast)", 37.61, 49.71),
    ("ukraine-2022", "Simferopol (Crimea, its own entry)", 34.10, 44.95),
    ("ukraine-2022", "Rostov-on-Don", 39.72, 47.23),
    ("ukraine-2022", "Taganrog", 38.90, 47.22),
    ("somaliland", "Garoowe (Puntland)", 48.48, 8.40),
    ("somaliland", "Bosaso (Puntland)", 49.18, 11.28),
    ("somaliland", "Djibouti", 43.15, 11.59),
    ("somaliland", "Jijiga (Ethiopia)", 42.80, 9.35),
    ("spratly", "Puerto Princesa (Palawan)", 118.74, 9.74),
    ("spratly", "Kota Kinabalu", 116.07, 5.98),
    ("spratly", "Bandar Seri Begawan", 114.94, 4.89),
    ("paracel", "Sanya (Hainan)", 109.51, 18.25),
    ("paracel", "Da Nang", 108.22, 16.05),
    ("chagos", "Port Louis (Mauritius)", 57.50, -20.16),
    ("mayotte", "Moroni (Comoros)", 43.26, -11.70),
    ("ilemi", "Lokichogio", 34.35, 4.20),
    ("ilemi", "Lodwar", 35.60, 3.12),
    ("ceuta", "Tetouan", -5.37, 35.57),
    ("melilla", "Nador", -2.93, 35.17),
]

BY_KEY = {d.key: d for d in DISPUTES}


@pytest.mark.parametrize(("key", "town", "lon", "lat"), INSIDE, ids=[f"{k}-{t}" for k, t, *_ in INSIDE])
def test_town_inside(key: str, town: str, lon: float, lat: float) -> None:
    assert [d.key for d in disputes_at(lon, lat)] == [key], town


@pytest.mark.parametrize(("key", "town", "lon", "lat"), OUTSIDE, ids=[f"{k}-{t}" for k, t, *_ in OUTSIDE])
def test_town_outside(key: str, town: str, lon: float, lat: float) -> None:
    assert key not in [d.key for d in disputes_at(lon, lat)], town


def test_every_entry_is_tested_and_well_formed() -> None:
    assert {k for k, *_ in INSIDE} == set(BY_KEY)
    assert len(BY_KEY) == len(DISPUTES)
    for d in DISPUTES:
        assert d.kind in D.KINDS, d.key
        assert d.source and d.source_url.startswith("https://"), d.key
        assert d.status.endswith("."), d.key
        assert d.administered_by not in d.claimed_by, d.key
        for code in (d.administered_by, d.un_view, *d.claimed_by):
            assert code is None or (len(code) == 2 and code.isupper()), d.key
    for ln in DISPUTED_LINES:
        assert ln.kind in D.LINE_KINDS and ln.source_url.startswith("https://"), ln.key


def test_nowhere_disputed() -> None:
    for lon, lat in ((2.35, 48.86), (-0.13, 51.51), (139.69, 35.69), (-74.0, 40.7), (0.0, 0.0)):
        assert disputes_at(lon, lat) == ()


# --- holder() under each point of view, facts from each entry's source ---------------------

@pytest.mark.parametrize(("key", "de_facto", "un", "views"), [
    # UN GA Res. 68/262: Crimea is Ukraine's; Russia holds it.
    ("crimea", "RU", "UA", {"UA": "UA", "RU": "RU", "FR": "RU"}),
    # Simla Agreement; UN SC Res. 47 takes no position on sovereignty.
    ("kashmir-india", "IN", None, {"PK": "PK", "IN": "IN", "CN": "IN"}),
    ("kashmir-pakistan", "PK", None, {"IN": "IN", "PK": "PK"}),
    ("aksai-chin", "CN", None, {"IN": "IN", "PK": "CN"}),
    ("arunachal", "IN", None, {"CN": "CN", "US": "IN"}),
    # UN: Western Sahara is a non-self-governing territory (ISO EH), part of no state.
    ("western-sahara-morocco", "MA", "EH", {"EH": "EH", "MA": "MA", "DZ": "MA"}),
    ("western-sahara-polisario", "EH", "EH", {"MA": "MA"}),
    # UN SC Res. 497: the Golan is Syrian; Res. 478 and 2334: East Jerusalem and the West Bank occupied.
    ("golan", "IL", "SY", {"SY": "SY", "US": "IL"}),
    ("east-jerusalem", "IL", "PS", {"PS": "PS"}),
    # The Palestinian Authority governs the West Bank's towns under Israeli occupation (Oslo II, 1995).
    ("west-bank", "PS", "PS", {"PS": "PS"}),
    ("southern-kurils", "RU", None, {"JP": "JP", "RU": "RU"}),
    # Breakaway states have no ISO code; the UN counts them part of Georgia, Moldova, Cyprus.
    ("abkhazia", None, "GE", {"GE": "GE", "RU": None}),
    ("south-ossetia", None, "GE", {"GE": "GE"}),
    ("transnistria", None, "MD", {"MD": "MD"}),
    ("northern-cyprus", None, "CY", {"CY": "CY", "TR": None}),
    ("kosovo", "XK", None, {"RS": "RS", "US": "XK"}),
    ("taiwan", "TW", "CN", {"CN": "CN", "TW": "TW"}),
    # The 2022 agreement: no claimant is left on either side.
    ("hans-island-canada", "CA", "CA", {"GL": "CA", "DK": "CA"}),
    ("hans-island-greenland", "GL", "GL", {"CA": "GL"}),
    # Bir Tawil: claimed by neither Egypt nor Sudan.
    ("bir-tawil", None, None, {"EG": None, "SD": None}),
    ("halaib", "EG", None, {"SD": "SD", "EG": "EG"}),
    ("abyei", None, None, {"SD": "SD", "SS": "SS"}),
    ("falklands", "FK", None, {"AR": "AR", "GB": "FK"}),
    ("gibraltar", "GI", None, {"ES": "ES"}),
    # UN GA Res. ES-11/4 (2022): the four regions are Ukraine's; who holds a point there moves.
    ("ukraine-2022", None, "UA", {"UA": "UA", "RU": "RU", "FR": None}),
    ("somaliland", None, "SO", {"SO": "SO"}),
    ("spratly", None, None, {"VN": "VN", "PH": "PH", "CN": "CN"}),
    ("paracel", "CN", None, {"VN": "VN"}),
    # UN GA Res. 73/295 (2019) and 31/4 (1976)
    ("chagos", "IO", "MU", {"MU": "MU", "GB": "IO"}),
    ("mayotte", "YT", "KM", {"KM": "KM", "FR": "YT"}),
    ("ilemi", "KE", None, {"SS": "SS"}),
    ("melilla", "ES", None, {"MA": "MA"}),
])
def test_holder(key: str, de_facto: str | None, un: str | None, views: dict[str, str | None]) -> None:
    d = BY_KEY[key]
    assert holder(d, "de-facto") == de_facto
    assert holder(d, "de facto") == de_facto
    assert holder(d, "un") == un
    for pov, expected in views.items():
        assert holder(d, pov) == expected, pov


def test_claimants_from_sources() -> None:
    assert BY_KEY["crimea"].claimed_by == ("UA",)
    assert BY_KEY["bir-tawil"].claimed_by == () and BY_KEY["bir-tawil"].kind == "unclaimed"
    assert BY_KEY["halaib"].claimed_by == ("SD",)
    assert set(BY_KEY["abyei"].claimed_by) == {"SD", "SS"}
    assert set(BY_KEY["senkaku"].claimed_by) == {"CN", "TW"}
    assert BY_KEY["hans-island-canada"].kind == BY_KEY["hans-island-greenland"].kind == "settled"
    assert "14 June 2022" in BY_KEY["hans-island-canada"].status
    assert "68/262" in BY_KEY["crimea"].source


# --- lines --------------------------------------------------------------------------------

def test_line_at_line_of_control() -> None:
    # Uri (34.08 N 74.05 E) lies about 10 km from the Line of Control (Wikipedia, "Uri, Jammu and Kashmir").
    ln = line_at(74.05, 34.08, "IN", "PK")
    assert ln is not None and ln.kind == "line of control" and ln.name == "Line of Control"
    assert line_at(74.05, 34.08, "PK", "IN") == ln  # either order
    # Wagah (31.60 N 74.57 E) is on the India–Pakistan international border, not the LoC.
    assert line_at(74.57, 31.60, "IN", "PK") is None


def test_line_at_actual_control() -> None:
    # Pangong Tso (33.75 N 78.7 E) is divided by the Line of Actual Control (Wikipedia, "Pangong Tso").
    ln = line_at(78.75, 33.70, "CN", "IN")
    assert ln is not None and ln.kind == "line of actual control"
    assert line_at(78.75, 33.70, "IN", "PK") is None  # wrong pair
    # Bum La pass (27.72 N 91.89 E), on the McMahon line north of Tawang.
    east = line_at(91.89, 27.75, "IN", "CN")
    assert east is not None and "McMahon" in east.name


def test_line_at_berm() -> None:
    # The berm runs between Smara (held by Morocco) and Tifariti (held by the Polisario Front)
    # (Wikipedia, "Moroccan Western Sahara Wall", map): the road between them crosses it.
    import shapely

    (berm,) = [g for ln, g in lines_in((-17.5, 20.5, -8.0, 28.0)) if ln.key == "berm"]
    crossing = berm.intersection(shapely.LineString([(-11.67, 26.74), (-10.57, 26.16)]))
    assert not crossing.is_empty
    x, y = shapely.get_coordinates(crossing)[0]
    ln = line_at(float(x), float(y), "EH", "MA")
    assert ln is not None and ln.kind == "berm"
    assert line_at(-13.20, 27.15, "EH", "MA") is None  # Laayoune is far from it


def test_line_at_others() -> None:
    # Panmunjom (37.96 N 126.68 E) straddles the Military Demarcation Line.
    assert line_at(126.68, 37.96, "KP", "KR").kind == "armistice line"
    # Nicosia's Ledra Street crossing (35.175 N 33.36 E) is on the Green Line; any pair.
    assert line_at(33.36, 35.175, "CY", None).kind == "buffer zone"
    # Quneitra (33.13 N 35.82 E) lies in the UNDOF zone beside the 1974 line.
    assert line_at(35.82, 33.13, "IL", "SY").kind == "ceasefire line"
    # Armyansk (46.11 N 33.69 E) on the Perekop isthmus, at Crimea's boundary with Kherson oblast.
    assert line_at(33.69, 46.11, "RU", "UA").key == "crimea-boundary"
    # France–Spain at the Col du Somport is an ordinary border.
    assert line_at(-0.53, 42.80, "ES", "FR") is None


def test_lines_in_and_areas_in() -> None:
    kinds = {ln.kind for ln, g in lines_in((73.0, 32.0, 80.0, 37.0))}
    assert {"line of control", "line of actual control"} <= kinds
    berm = [g for ln, g in lines_in((-17.5, 20.5, -8.0, 28.0)) if ln.key == "berm"]
    assert berm and berm[0].length > 10  # about 2,700 km long (Wikipedia): well over 10°
    for _ln, g in lines_in((73.0, 32.0, 80.0, 37.0)):
        w, s, e, n = g.bounds
        assert w >= 73.0 - 1e-9 and e <= 80.0 + 1e-9 and s >= 32.0 - 1e-9 and n <= 37.0 + 1e-9
    keys = [d.key for d, g in areas_in((32.0, 44.0, 37.0, 45.7))]
    assert keys == ["crimea"]  # south of the Arabat Spit's Kherson end (45.75 N): Crimea alone
    # Crimea is about 27,000 km² (Wikipedia, "Crimea"); its land is well inside the overlap.
    (_, crimea), = areas_in((32.0, 44.0, 37.0, 45.7))
    assert crimea.area > 2.5
    # north of it, Kherson and Zaporizhzhia oblasts (claimed by Russia since 2022), never overlapping Crimea
    areas = dict(areas_in((32.0, 44.0, 37.0, 46.5)))
    by_key = {d.key: g for d, g in areas.items()}
    assert set(by_key) == {"crimea", "ukraine-2022"}
    assert by_key["crimea"].intersection(by_key["ukraine-2022"]).area < 1e-4


def test_fast_after_first_call() -> None:
    disputes_at(0.5, 0.5)
    t = time.perf_counter()
    for i in range(2000):
        disputes_at(-10 + i * 0.013, 20 + i * 0.011)
    assert time.perf_counter() - t < 1.0


def test_dispute_is_frozen() -> None:
    with pytest.raises(AttributeError):
        BY_KEY["crimea"].name = "x"  # type: ignore[misc]
    assert isinstance(BY_KEY["crimea"], Dispute)


def test_a_disputed_line_is_read_back_from_the_geodata_cache_exactly(tmp_path, monkeypatch) -> None:
    """Made once per machine (it takes about half a second a line), then read as WKB: the
    geometry read back is the geometry made, coordinate for coordinate; a cache file of
    another line or version is a miss, made again."""
    import shapely

    from atlaspress.geo import disputes

    monkeypatch.setenv("ATLASPRESS_GEO_CACHE", str(tmp_path))
    i = next(k for k, ln in enumerate(disputes.DISPUTED_LINES) if ln.key == "green-line-cyprus")
    made = disputes._make_line(i)
    disputes._line.cache_clear()
    first = disputes._line(i)
    files = list((tmp_path / "disputed-lines").glob("green-line-cyprus.*.npz"))
    assert len(files) == 1
    disputes._line.cache_clear()
    again = disputes._line(i)
    assert [shapely.to_wkb(g) for g in again] == [shapely.to_wkb(g) for g in made] == [
        shapely.to_wkb(g) for g in first]
    other = next(k for k, ln in enumerate(disputes.DISPUTED_LINES) if ln.key == "transnistria-line")
    files[0].rename(tmp_path / "disputed-lines" / files[0].name.replace("green-line-cyprus", "transnistria-line"))
    disputes._line.cache_clear()
    assert shapely.to_wkb(disputes._line(other)[0]) == shapely.to_wkb(disputes._make_line(other)[0])
    disputes._line.cache_clear()
