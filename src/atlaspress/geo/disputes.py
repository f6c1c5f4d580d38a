"""Disputed areas and lines: a small, sourced table (issue 10, point 3).

No registry ships Natural Earth's disputed areas with their classes, so the project keeps its
own table. Each :class:`Dispute` says who holds the area de facto, who else claims it, what
the UN treats it as part of, since when, in one plain sentence, and from which named source.
Each :class:`DisputedLine` is a line that must never be called an international land border
(a line of control, a ceasefire line, a berm, an armistice line, a buffer zone).

Geometry comes from OpenStreetMap (:mod:`atlaspress.geo.borders`) wherever OpenStreetMap
gives it:

* an *overlap* of two territories' polygons (Crimea lies in both the Russian and the
  Ukrainian polygon; the Moroccan-held part of Western Sahara in both EH and MA; Abyei in
  both Sudan and South Sudan; Hans Island in both Canada and Greenland);
* a *gap* in every polygon (Bir Tawil; the West Bank, which OpenStreetMap puts in no
  territory);
* the part of one territory inside a coarse hand-drawn region (Kashmir, the Golan Heights,
  Abkhazia...). The regions below are a few dozen vertices placed from the positions of named
  towns on either side of the line (given in the comments); where the region's edge runs
  through another state or the sea the OpenStreetMap polygon gives the exact edge, so only the
  stretch the comments describe is coarse (a few km).

Lines are the shared boundary of two OpenStreetMap polygons within a region (India–Pakistan in
Kashmir is the Line of Control), or a coarse hand-drawn polyline (the Cyprus Green Line, the
administrative boundary lines of Abkhazia and South Ossetia).

Everything is built lazily, one entry at a time, once per process (:func:`functools.lru_cache`):
a fixed box around each entry is a prefilter, so :func:`disputes_at` far from every dispute
costs a comparison with 30 boxes, and near one a prepared point-in-polygon test; a locator
of Paris builds no dispute geometry at all.

>>> [d.key for d in disputes_at(34.102, 44.952)]  # Simferopol
['crimea']
>>> holder(disputes_at(34.102, 44.952)[0], "un")
'UA'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from atlaspress.core.text import short_name

from .borders import load_borders

if TYPE_CHECKING:
    from .atlas import Atlas

KINDS = ("annexed", "occupied", "breakaway", "partially recognised", "claimed", "unclaimed", "settled")
LINE_KINDS = ("line of control", "line of actual control", "ceasefire line", "berm", "buffer zone",
              "administrative boundary line", "claim line", "armistice line")


@dataclass(frozen=True)
class Dispute:
    key: str  # "crimea"
    name: str  # "Crimea"
    kind: str  # one of KINDS
    administered_by: str | None  # ISO alpha-2 of the de-facto holder; None if it has no code, or nobody holds it
    administrator: str  # prose name of who holds it
    claimed_by: tuple[str, ...]  # ISO alpha-2 of each other claimant
    un_view: str | None  # ISO alpha-2 the UN treats it as part of; None where the UN takes no such position
    since: str  # "2014"
    status: str  # one plain sentence for the page
    source: str  # named reference
    source_url: str


@dataclass(frozen=True)
class DisputedLine:
    key: str
    name: str  # "Line of Control"
    kind: str  # one of LINE_KINDS
    between: tuple[str, ...]  # ISO alpha-2 pair whose shared border this is, or ()
    source: str
    source_url: str


def _wiki(title: str) -> str:
    return "https://en.wikipedia.org/wiki/" + title.replace(" ", "_")


def _undocs(symbol: str) -> str:
    return "https://undocs.org/" + symbol


_NSGT = "https://www.un.org/dppa/decolonization/en/nsgt"

# --- the table ----------------------------------------------------------------------------
# Facts from the named source of each entry; where a date is uncertain the sentence says
# only what is certain ("since the 1950s").

DISPUTES: tuple[Dispute, ...] = (
    Dispute("crimea", "Crimea", "annexed", "RU", "Russia", ("UA",), "UA", "2014",
            "Annexed by Russia in 2014; UN General Assembly Resolution 68/262 calls the annexation "
            "invalid and Crimea part of Ukraine.",
            "UN General Assembly Resolution 68/262 (27 March 2014)", _undocs("A/RES/68/262")),
    # Kashmir: the former princely state of Jammu and Kashmir, divided since the war of
    # 1947–48 by the ceasefire line that the Simla Agreement (1972) made the Line of Control.
    Dispute("kashmir-india", "Jammu and Kashmir and Ladakh", "claimed", "IN", "India", ("PK",), None, "1947",
            "Administered by India since 1947 (as the union territories of Jammu and Kashmir and of "
            "Ladakh since 2019) and claimed by Pakistan; the Line of Control of the 1972 Simla "
            "Agreement separates it from Pakistani-administered Kashmir.",
            "Wikipedia, \u201cKashmir conflict\u201d; Simla Agreement (2 July 1972)", _wiki("Kashmir conflict")),
    Dispute("kashmir-pakistan", "Azad Kashmir and Gilgit-Baltistan", "claimed", "PK", "Pakistan", ("IN",), None,
            "1947",
            "Administered by Pakistan since 1947 (as Azad Jammu and Kashmir and Gilgit-Baltistan) and "
            "claimed by India as part of Jammu and Kashmir and Ladakh; the Line of Control separates it "
            "from Indian-administered Kashmir.",
            "Wikipedia, \u201cKashmir conflict\u201d; UN Security Council Resolution 47 (21 April 1948)",
            _wiki("Kashmir conflict")),
    Dispute("aksai-chin", "Aksai Chin", "claimed", "CN", "China", ("IN",), None, "1950s",
            "Held by China since the 1950s (its Xinjiang\u2013Tibet road crosses it) and claimed by India "
            "as part of Ladakh; the Line of Actual Control separates the two sides.",
            "Wikipedia, \u201cAksai Chin\u201d", _wiki("Aksai Chin")),
    Dispute("shaksgam", "Shaksgam Valley (Trans-Karakoram Tract)", "claimed", "CN", "China", ("IN",), None, "1963",
            "Part of Pakistani-held Kashmir until Pakistan recognised it as Chinese in the 1963 "
            "China\u2013Pakistan boundary agreement, which India does not recognise; claimed by India.",
            "Wikipedia, \u201cTrans-Karakoram Tract\u201d", _wiki("Trans-Karakoram Tract")),
    Dispute("arunachal", "Arunachal Pradesh", "claimed", "IN", "India", ("CN",), None, "1950s",
            "Administered by India (a state since 1987) and claimed almost entirely by China as "
            "\u201cSouth Tibet\u201d; China does not recognise the McMahon Line of 1914.",
            "Wikipedia, \u201cMcMahon Line\u201d", _wiki("McMahon Line")),
    Dispute("western-sahara-morocco", "Western Sahara (Moroccan-administered)", "annexed", "MA", "Morocco", ("EH",),
            "EH", "1975",
            "Held by Morocco since 1975 west of the berm it built in the 1980s and claimed by the "
            "Polisario Front\u2019s Sahrawi Arab Democratic Republic; the UN lists Western Sahara as a "
            "non-self-governing territory.",
            "UN list of Non-Self-Governing Territories; Wikipedia, \u201cWestern Sahara\u201d", _NSGT),
    Dispute("western-sahara-polisario", "Western Sahara (Free Zone)", "claimed", "EH",
            "the Polisario Front\u2019s Sahrawi Arab Democratic Republic", ("MA",), "EH", "1991",
            "East of the Moroccan berm, held by the Polisario Front\u2019s Sahrawi Arab Democratic "
            "Republic since the UN-brokered ceasefire of 1991 and claimed by Morocco; the UN lists "
            "Western Sahara as a non-self-governing territory.",
            "UN list of Non-Self-Governing Territories; Wikipedia, \u201cFree Zone (region)\u201d", _NSGT),
    Dispute("golan", "Golan Heights", "occupied", "IL", "Israel", ("SY",), "SY", "1967",
            "Occupied by Israel since 1967, which applied its law there in 1981; UN Security Council "
            "Resolution 497 declares that act null and void and the UN treats the Golan as Syrian.",
            "UN Security Council Resolution 497 (17 December 1981)", _undocs("S/RES/497(1981)")),
    Dispute("east-jerusalem", "East Jerusalem", "occupied", "IL", "Israel", ("PS",), "PS", "1967",
            "Occupied by Israel since 1967 and declared part of its capital in 1980; UN Security Council "
            "Resolution 478 calls that law null and void, and the UN treats East Jerusalem as occupied "
            "Palestinian territory.",
            "UN Security Council Resolution 478 (20 August 1980)", _undocs("S/RES/478(1980)")),
    # Named as Palestine in the de facto view too (as Natural Earth's default view does): the
    # Palestinian Authority governs its towns; the occupation is stated with it.
    Dispute("west-bank", "West Bank", "occupied", "PS",
            "the Palestinian Authority (Areas A and B), under Israeli military occupation",
            (), "PS", "1967",
            "Occupied by Israel since 1967; the Palestinian Authority governs its cities (Areas A and B) "
            "under the Oslo Accords, and the UN treats it as occupied Palestinian territory.",
            "UN Security Council Resolution 2334 (23 December 2016)", _undocs("S/RES/2334(2016)")),
    Dispute("gaza", "Gaza Strip", "occupied", "PS",
            "Palestinian authorities (Hamas from 2007), under Israeli control of its borders",
            (), "PS", "",
            "Part of the Palestinian territory occupied by Israel in 1967; Israel withdrew its settlers "
            "in 2005 but has controlled the Strip\u2019s borders, airspace and waters, and fought a war "
            "there from October 2023.",
            "UN Security Council Resolution 2334 (23 December 2016); Wikipedia, \u201cGaza Strip\u201d",
            _wiki("Gaza Strip")),
    Dispute("southern-kurils", "Southern Kuril Islands (Northern Territories)", "claimed", "RU", "Russia", ("JP",),
            None, "1945",
            "Held by the Soviet Union and then Russia since 1945 and claimed by Japan as its Northern "
            "Territories (Etorofu, Kunashiri, Shikotan and the Habomai islands).",
            "Wikipedia, \u201cKuril Islands dispute\u201d", _wiki("Kuril Islands dispute")),
    Dispute("abkhazia", "Abkhazia", "breakaway", None, "the self-declared Republic of Abkhazia, backed by Russia",
            ("GE",), "GE", "1993",
            "Outside Georgia\u2019s control since the war of 1992\u201393; recognised as independent by Russia "
            "and a few other states since 2008, and by the UN as part of Georgia.",
            "Wikipedia, \u201cAbkhazia\u201d", _wiki("Abkhazia")),
    Dispute("south-ossetia", "South Ossetia", "breakaway", None,
            "the self-declared Republic of South Ossetia, backed by Russia", ("GE",), "GE", "1992",
            "Outside Georgia\u2019s control since the ceasefire of 1992, and wholly since the war of 2008; "
            "recognised as independent by Russia and a few other states, and by the UN as part of Georgia.",
            "Wikipedia, \u201cSouth Ossetia\u201d", _wiki("South Ossetia")),
    Dispute("transnistria", "Transnistria", "breakaway", None,
            "the self-declared Pridnestrovian Moldavian Republic, with Russian troops present", ("MD",), "MD",
            "1992",
            "Outside Moldova\u2019s control since the war of 1992; recognised by no UN member state, and "
            "UN General Assembly Resolution 72/282 urges the withdrawal of Russian troops from Moldova.",
            "UN General Assembly Resolution 72/282 (22 June 2018); Wikipedia, \u201cTransnistria\u201d",
            _wiki("Transnistria")),
    Dispute("northern-cyprus", "Northern Cyprus", "breakaway", None,
            "the self-declared Turkish Republic of Northern Cyprus, recognised only by Turkey", ("CY",), "CY", "1974",
            "Held by Turkish Cypriot authorities with Turkish troops since 1974 and declared a state in "
            "1983; UN Security Council Resolution 541 calls the declaration legally invalid.",
            "UN Security Council Resolution 541 (18 November 1983)", _undocs("S/RES/541(1983)")),
    Dispute("kosovo", "Kosovo", "partially recognised", "XK", "Kosovo", ("RS",), None, "2008",
            "Declared independence from Serbia in 2008, which Serbia does not recognise; the International "
            "Court of Justice found in 2010 that the declaration did not violate international law.",
            "ICJ Advisory Opinion on Kosovo (22 July 2010); Wikipedia, \u201c2008 Kosovo declaration of "
            "independence\u201d", _wiki("2008 Kosovo declaration of independence")),
    # --- added after a sweep of places the tests had not seen (Donetsk, Hargeisa, Itu Aba,
    # Woody Island, Diego Garcia, Mamoudzou, the Ilemi Triangle, Melilla) ---------------------
    # The front line moves: the table says who claims the four regions, never which side of the
    # line a point is on, so a de-facto page names no holder for them.
    Dispute("ukraine-2022", "Donetsk, Luhansk, Zaporizhzhia and Kherson regions of Ukraine", "occupied", None,
            "Russia in part and Ukraine in part (either side of a front line that moves; Russia has held parts "
            "of Donetsk and Luhansk since 2014 and more since February 2022)", ("RU", "UA"), "UA", "",
            "Russia declared the four regions annexed in September 2022 and occupies much of them; UN General "
            "Assembly Resolution ES-11/4 calls the attempted annexation invalid and the regions part of Ukraine. "
            "Where the front line runs is not in atlaspress\u2019s data.",
            "UN General Assembly Resolution ES-11/4 (12 October 2022)", _undocs("A/RES/ES-11/4")),
    Dispute("somaliland", "Somaliland", "breakaway", None, "the self-declared Republic of Somaliland", ("SO",), "SO",
            "1991",
            "Declared independence from Somalia in 1991 within the borders of the former British Somaliland "
            "and has governed itself since; Somalia and the UN count it as part of Somalia, and its eastern "
            "regions (Sool and Sanaag) are contested with Somalia\u2019s Puntland state.",
            "Wikipedia, \u201cSomaliland\u201d; Anglo-Italian Protocol of 5 May 1894 (the eastern boundary)",
            _wiki("Somaliland")),
    # Before Taiwan in the table: at Itu Aba the Spratly dispute is the one to name first.
    Dispute("spratly", "Spratly Islands", "claimed", None,
            "several states, each on the features it occupies (Vietnam, the Philippines, China, Malaysia and "
            "Taiwan)", ("CN", "TW", "VN", "PH", "MY", "BN"), None, "",
            "Claimed wholly by China, Taiwan and Vietnam and in part by the Philippines, Malaysia and Brunei; "
            "each of the first five holds some of the reefs and islands, and the 2016 arbitral award under "
            "UNCLOS (Philippines v. China), which China rejects, found no legal basis for China\u2019s "
            "historic-rights claim.",
            "CIA World Factbook, \u201cSpratly Islands\u201d; PCA Case 2013-19 award (12 July 2016)",
            "https://pca-cpa.org/en/cases/7/"),
    Dispute("paracel", "Paracel Islands", "claimed", "CN", "China", ("VN", "TW"), None, "1974",
            "Held wholly by China since it took the western islands from South Vietnam in 1974 (it held the "
            "eastern Amphitrite group from the 1950s) and claimed by Vietnam and Taiwan.",
            "CIA World Factbook, \u201cParacel Islands\u201d; Wikipedia, \u201cParacel Islands\u201d",
            _wiki("Paracel Islands")),
    Dispute("chagos", "Chagos Archipelago (British Indian Ocean Territory)", "claimed", "IO",
            "the United Kingdom (the British Indian Ocean Territory)", ("MU",), "MU", "1965",
            "Detached from Mauritius by the United Kingdom in 1965 and claimed by Mauritius; the International "
            "Court of Justice advised in 2019 that the UK should end its administration, UN General Assembly "
            "Resolution 73/295 calls the archipelago part of Mauritius, and a UK\u2013Mauritius treaty signed "
            "on 22 May 2025 provides for sovereignty to pass to Mauritius with Diego Garcia leased back.",
            "ICJ Advisory Opinion on the Chagos Archipelago (25 February 2019); UN General Assembly Resolution "
            "73/295 (22 May 2019)", _undocs("A/RES/73/295")),
    Dispute("mayotte", "Mayotte", "claimed", "YT", "France (an overseas department since 2011)", ("KM",), "KM", "1841",
            "French since 1841; it voted against independence in 1974 and 1976, when the rest of the Comoros "
            "became independent, and is claimed by the Comoros; UN General Assembly Resolution 31/4 (1976) "
            "affirms the Comoros\u2019 sovereignty over it.",
            "UN General Assembly Resolution 31/4 (21 October 1976); Wikipedia, \u201cMayotte\u201d",
            _undocs("A/RES/31/4")),
    Dispute("ilemi", "Ilemi Triangle", "claimed", "KE", "Kenya", ("SS",), None, "",
            "Administered by Kenya and claimed by South Sudan (as by Sudan before it): the 1914 boundary and "
            "the later administrative lines of 1938 and 1947 disagree, and no boundary has been agreed. "
            "OpenStreetMap leaves the triangle in neither state; Natural Earth draws it in Kenya.",
            "Wikipedia, \u201cIlemi Triangle\u201d; CIA World Factbook, \u201cKenya\u201d (Disputes)",
            _wiki("Ilemi Triangle")),
    Dispute("kalapani", "Kalapani, Lipulekh and Limpiyadhura", "claimed", "IN", "India", ("NP",), None,
            "1962",
            "Administered by India (Pithoragarh district, Uttarakhand), with a post at Kalapani since the "
            "1962 war with China, and claimed by Nepal under the Sugauli Treaty of 1816, which made the Kali "
            "river the boundary; Nepal put the area on its official map in 2020.",
            "Wikipedia, \u201cKalapani territory\u201d", _wiki("Kalapani territory")),
    Dispute("ceuta", "Ceuta", "claimed", "ES", "Spain", ("MA",), None, "1668",
            "Spanish since the Treaty of Lisbon (1668) and an autonomous city of Spain; claimed by Morocco.",
            "CIA World Factbook, \u201cSpain\u201d and \u201cMorocco\u201d (Disputes); Wikipedia, \u201cCeuta\u201d",
            _wiki("Ceuta")),
    Dispute("melilla", "Melilla", "claimed", "ES", "Spain", ("MA",), None, "1497",
            "Spanish since 1497 and an autonomous city of Spain; claimed by Morocco.",
            "CIA World Factbook, \u201cSpain\u201d and \u201cMorocco\u201d (Disputes); Wikipedia, \u201cMelilla\u201d",
            _wiki("Melilla")),
    Dispute("taiwan", "Taiwan", "partially recognised", "TW", "the Republic of China (Taiwan)", ("CN",), "CN", "1949",
            "Governed by the Republic of China since 1949, including Kinmen and Matsu off the mainland, "
            "and claimed by the People\u2019s Republic of China, which has held China\u2019s UN seat since "
            "Resolution 2758 (1971).",
            "UN General Assembly Resolution 2758 (25 October 1971)", _undocs("A/RES/2758(XXVI)")),
    Dispute("hans-island-canada", "Hans Island (Canadian part)", "settled", "CA", "Canada", (), "CA", "2022",
            "Split between Canada and Denmark (Greenland) by the agreement of 14 June 2022; this western "
            "part is Canadian.",
            "Wikipedia, \u201cHans Island\u201d (agreement of 14 June 2022)", _wiki("Hans Island")),
    Dispute("hans-island-greenland", "Hans Island (Greenlandic part)", "settled", "GL", "Greenland (Denmark)", (),
            "GL", "2022",
            "Split between Canada and Denmark (Greenland) by the agreement of 14 June 2022; this eastern "
            "part belongs to Greenland.",
            "Wikipedia, \u201cHans Island\u201d (agreement of 14 June 2022)", _wiki("Hans Island")),
    Dispute("bir-tawil", "Bir Tawil", "unclaimed", None, "no state", (), None, "1902",
            "Claimed by neither Egypt nor Sudan: each claims the Halaib Triangle instead, which the other "
            "of their two boundaries (1899 and 1902) gives it.",
            "Wikipedia, \u201cBir Tawil\u201d", _wiki("Bir Tawil")),
    Dispute("halaib", "Halaib Triangle", "claimed", "EG", "Egypt", ("SD",), None, "1990s",
            "Held by Egypt since the 1990s and claimed by Sudan under the administrative boundary of 1902.",
            "Wikipedia, \u201cHalaib Triangle\u201d", _wiki("Halaib Triangle")),
    Dispute("abyei", "Abyei", "claimed", None,
            "no agreed administration; UN peacekeepers (UNISFA) have been deployed there since 2011",
            ("SD", "SS"), None, "2011",
            "Claimed by both Sudan and South Sudan; the referendum on its status promised by the 2005 Abyei "
            "Protocol has not been held, and UN Security Council Resolution 1990 (2011) sent peacekeepers.",
            "UN Security Council Resolution 1990 (27 June 2011)", _undocs("S/RES/1990(2011)")),
    Dispute("falklands", "Falkland Islands", "claimed", "FK", "the United Kingdom (a British Overseas Territory)",
            ("AR",), None, "1833",
            "A British Overseas Territory held by the United Kingdom since 1833 and claimed by Argentina as "
            "the Islas Malvinas; the UN lists it as a non-self-governing territory.",
            "UN list of Non-Self-Governing Territories; Wikipedia, \u201cFalkland Islands sovereignty dispute\u201d",
            _NSGT),
    Dispute("south-georgia", "South Georgia and the South Sandwich Islands", "claimed", "GS",
            "the United Kingdom (a British Overseas Territory)", ("AR",), None, "1908",
            "A British Overseas Territory (claimed by the United Kingdom since 1908) and claimed by "
            "Argentina.",
            "Wikipedia, \u201cSouth Georgia and the South Sandwich Islands\u201d",
            _wiki("South Georgia and the South Sandwich Islands")),
    Dispute("gibraltar", "Gibraltar", "claimed", "GI", "the United Kingdom (a British Overseas Territory)", ("ES",),
            None, "1713",
            "British since the Treaty of Utrecht (1713) and claimed by Spain; the UN lists it as a "
            "non-self-governing territory.",
            "UN list of Non-Self-Governing Territories; Wikipedia, \u201cDisputed status of Gibraltar\u201d", _NSGT),
    Dispute("senkaku", "Senkaku Islands (Diaoyu Islands)", "claimed", "JP", "Japan", ("CN", "TW"), None, "1895",
            "Administered by Japan (which incorporated them in 1895; the United States returned their "
            "administration in 1972) and claimed by China and by Taiwan since 1971.",
            "Wikipedia, \u201cSenkaku Islands dispute\u201d", _wiki("Senkaku Islands dispute")),
    Dispute("dokdo", "Dokdo (Liancourt Rocks, Takeshima)", "claimed", "KR", "South Korea", ("JP",), None, "1950s",
            "Held by South Korea, which has kept personnel on the islets since the 1950s, and claimed by "
            "Japan as Takeshima.",
            "Wikipedia, \u201cLiancourt Rocks dispute\u201d", _wiki("Liancourt Rocks dispute")),
    Dispute("essequibo", "Guayana Esequiba", "claimed", "GY", "Guyana", ("VE",), None, "1899",
            "Administered by Guyana (the 1899 Paris arbitral award gave it to British Guiana) and claimed "
            "by Venezuela, which has called the award void since 1962.",
            "Wikipedia, \u201cGuayana Esequiba\u201d", _wiki("Guayana Esequiba")),
)

DISPUTED_LINES: tuple[DisputedLine, ...] = (
    DisputedLine("loc", "Line of Control", "line of control", ("IN", "PK"),
                 "Simla Agreement (2 July 1972); Wikipedia, \u201cLine of Control\u201d", _wiki("Line of Control")),
    DisputedLine("lac-west", "Line of Actual Control", "line of actual control", ("CN", "IN"),
                 "Wikipedia, \u201cLine of Actual Control\u201d", _wiki("Line of Actual Control")),
    DisputedLine("lac-middle", "Line of Actual Control", "line of actual control", ("CN", "IN"),
                 "Wikipedia, \u201cLine of Actual Control\u201d", _wiki("Line of Actual Control")),
    DisputedLine("lac-east", "Line of Actual Control (McMahon Line)", "line of actual control", ("CN", "IN"),
                 "Wikipedia, \u201cMcMahon Line\u201d", _wiki("McMahon Line")),
    DisputedLine("berm", "Moroccan berm", "berm", ("EH", "MA"),
                 "Wikipedia, \u201cMoroccan Western Sahara Wall\u201d", _wiki("Moroccan Western Sahara Wall")),
    DisputedLine("purple-line", "1974 ceasefire line (Purple Line)", "ceasefire line", ("IL", "SY"),
                 "Agreement on Disengagement, 31 May 1974 (UN S/11302/Add.1); Wikipedia, \u201cPurple Line\u201d",
                 _wiki("Purple Line")),
    DisputedLine("green-line-cyprus", "UN buffer zone (Green Line)", "buffer zone", (),
                 "Wikipedia, \u201cUnited Nations Buffer Zone in Cyprus\u201d",
                 _wiki("United Nations Buffer Zone in Cyprus")),
    DisputedLine("abkhazia-abl", "Abkhazia administrative boundary line", "administrative boundary line", (),
                 "Wikipedia, \u201cAbkhazia\u201d (EU Monitoring Mission term)", _wiki("Abkhazia")),
    DisputedLine("south-ossetia-abl", "South Ossetia administrative boundary line", "administrative boundary line",
                 (), "Wikipedia, \u201cSouth Ossetia\u201d (EU Monitoring Mission term)", _wiki("South Ossetia")),
    DisputedLine("transnistria-line", "Transnistria ceasefire line (1992 Security Zone)", "ceasefire line", (),
                 "Wikipedia, \u201cTransnistria War\u201d (ceasefire of 21 July 1992)", _wiki("Transnistria War")),
    DisputedLine("korea-mdl", "Military Demarcation Line", "armistice line", ("KP", "KR"),
                 "Korean Armistice Agreement (27 July 1953)", _wiki("Korean Demilitarized Zone")),
    DisputedLine("crimea-boundary", "boundary of Crimea (annexed by Russia, 2014)", "administrative boundary line",
                 ("RU", "UA"), "UN General Assembly Resolution 68/262 (27 March 2014)", _undocs("A/RES/68/262")),
    DisputedLine("armistice-1949", "1949 Armistice Line (Green Line)", "armistice line", ("IL", "PS"),
                 "1949 Armistice Agreements; Wikipedia, \u201cGreen Line (Israel)\u201d", _wiki("Green Line (Israel)")),
)

# --- geometry recipes ---------------------------------------------------------------------
# Coordinates are (lon, lat). Town positions in the comments are Wikipedia's, rounded.

# The former princely state of Jammu and Kashmir with India's claim lines to the north and east.
# Only the south and west edges matter for India's and Pakistan's shares (the rest runs through
# China or Afghanistan and is cut by the OpenStreetMap polygons); the north and east edges bound
# China's shares (Shaksgam, Aksai Chin) coarsely along India's claim (Aghil range, Kunlun).
_KASHMIR = (
    (73.55, 33.05),  # west of Mirpur (33.15 N 73.75 E), along the Jhelum below Mangla
    (73.47, 33.60), (73.47, 34.10),  # the Jhelum, Kohala bridge (34.09 N 73.50 E); Murree (73.39 E) outside
    (73.42, 34.40),  # west of Muzaffarabad (34.37 N 73.47 E); Garhi Habibullah (73.38 E, KP) outside
    (73.75, 34.80),  # Neelum/Kaghan watershed; Naran (34.90 N 73.65 E, KP) outside
    (74.00, 35.15),  # Babusar Pass
    (73.55, 35.55),  # Shatial on the Indus; Dasu (35.29 N 73.29 E, KP) outside, Chilas inside
    (72.55, 36.05),  # Shandur Pass
    (73.20, 36.30), (73.42, 36.73),  # Yarkhun (Chitral) outside; Darkot Pass
    (73.70, 37.05), (74.60, 37.15),  # the Wakhan border; Kilik Pass (37.09 N 74.67 E)
    (75.50, 37.05),  # north of Khunjerab Pass (36.85 N 75.42 E)
    (75.90, 36.65), (76.60, 36.45), (77.40, 35.95),  # the Aghil range, north of the Shaksgam valley
    (78.00, 35.85),  # north of the Karakoram Pass (35.51 N 77.82 E)
    (79.20, 36.00), (80.30, 35.60), (80.30, 35.10),  # Kunlun: the north-east of India's Aksai Chin claim
    (79.60, 34.30), (79.50, 33.30), (79.60, 32.60),  # Lanak La, Pangong, Demchok (32.70 N 79.45 E)
    (78.90, 32.40), (78.30, 32.50),  # south of Hanle and Chumar (32.67 N 78.60 E); Spiti (Himachal) outside
    (77.45, 32.75), (77.00, 32.90),  # Baralacha La, Shingo La: Ladakh/Lahaul
    (76.45, 33.20), (76.00, 32.90),  # Pangi (Killar 33.10 N 76.42 E, Himachal) outside, Paddar inside
    (75.85, 32.60), (75.62, 32.45),  # Bhaderwah/Bani inside, Chamba and Dalhousie outside
    (75.55, 32.30), (75.30, 32.25),  # the Ravi between Kathua (75.52 E) and Madhopur (75.61 E, Punjab)
    (74.95, 32.45), (74.65, 32.72),  # the Working Boundary: R. S. Pura inside, Sialkot (32.49 N 74.52 E) outside
    (74.45, 32.85), (74.00, 32.85),  # south of Bhimber (32.97 N 74.07 E)
)
_CHINA_SPLIT = 77.7  # Shaksgam (76–77.5 E) west of it, Aksai Chin (78–80.3 E) east
_SHAKSGAM_WEST = 75.85  # east of the Khunjerab Pass (75.42 E): China proper west of it

# Arunachal Pradesh: the south edge is the Assam/Nagaland boundary; north, west and east run
# through Tibet, Bhutan and Myanmar and are cut by India's polygon.
_ARUNACHAL = (
    (91.40, 26.80), (92.10, 26.85),  # Udalguri (Assam, 26.75 N) outside
    (92.65, 26.98),  # Bhalukpong (27.01 N 92.64 E); Tezpur (26.63 N) outside
    (93.20, 26.95), (93.75, 27.05),  # Itanagar (27.08 N 93.61 E) inside, Banderdewa on the line
    (94.15, 27.40), (94.60, 27.60),  # North Lakhimpur (27.24 N 94.10 E), Dhemaji (27.48 N 94.58 E) outside
    (95.15, 27.90), (95.50, 27.95),  # Dibrugarh (27.48 N) outside, Pasighat (28.07 N 95.33 E) inside
    (95.75, 27.90), (95.90, 27.75),  # Sadiya (27.83 N 95.67 E) outside, Namsai (27.67 N 95.86 E) inside
    (95.85, 27.35), (95.55, 27.22),  # Margherita (27.29 N 95.67 E) outside, Changlang (27.13 N) inside
    (95.20, 27.05), (95.25, 26.80), (95.20, 26.60),  # Khonsa and Longding inside, Mon (Nagaland) outside
    (97.80, 26.60), (97.80, 29.80), (91.40, 29.80),
)

# The Golan Heights: the west edge is the pre-1967 line (the Jordan and the east shore of the
# Sea of Galilee; Tiberias 32.79 N 35.53 E outside, Ein Gev on the shore outside, Banias inside,
# Dan outside); east and north are cut by Israel's polygon (the Purple Line).
_GOLAN = (
    (35.66, 32.66), (35.655, 32.85), (35.635, 32.92), (35.635, 33.20), (35.665, 33.26),
    (35.75, 33.33), (35.90, 33.46), (36.10, 33.40), (36.10, 32.66),
)
# East Jerusalem: east of the 1949 armistice line through the city (just west of the Old City
# walls, 31.777 N 35.234 E), within Israel's municipal boundary (Atarot in the north, Har Homa in
# the south; Ramallah, 31.90 N, outside).
_EAST_JERUSALEM = (
    (35.2265, 31.765), (35.2265, 31.795), (35.215, 31.820), (35.205, 31.855), (35.230, 31.875),
    (35.265, 31.840), (35.275, 31.790), (35.260, 31.745), (35.230, 31.715), (35.205, 31.740),
    (35.218, 31.760),
)
_WEST_BANK_BOX = (34.85, 31.30, 35.60, 32.60)  # minus Israel and Jordan: OSM's West Bank gap

# The southern Kurils: Iturup, Kunashir, Shikotan and the Habomai islands; the north-east edge
# crosses the Vries (Friz) Strait between Iturup (cape at 45.5 N 148.85 E) and Urup (45.77 N
# 149.45 E); Hokkaido is cut off by Russia's polygon.
_KURILS = ((144.8, 43.0), (147.2, 43.0), (149.7, 45.15), (148.95, 45.80), (147.4, 45.55), (144.8, 44.4))

# Abkhazia: the boundary line, from the Inguri mouth (Anaklia, 42.39 N 41.56 E, outside) up the
# Inguri (Gali 42.63 N 41.73 E inside, Zugdidi 42.51 N 41.87 E outside) past the Enguri dam
# (42.76 N 42.03 E) to the ridge above the Kodori valley (Mestia, 43.05 N 42.73 E, outside) and
# the Russian border; closed through Russia and the sea.
_ABKHAZIA_LINE = ((41.55, 42.39), (41.70, 42.47), (41.85, 42.60), (42.02, 42.72), (42.10, 42.95),
                  (42.20, 43.30), (42.35, 43.55))
_ABKHAZIA_CLOSE = ((41.5, 43.9), (40.0, 43.9), (39.6, 42.9), (41.3, 42.25))

# South Ossetia: the boundary line (just south of Tskhinvali, 42.23 N 43.97 E; Gori 41.98 N
# 44.11 E outside; Akhalgori 42.13 N 44.48 E inside), closed through Russia.
_SOUTH_OSSETIA_LINE = ((43.35, 42.75), (43.40, 42.35), (43.55, 42.25), (43.75, 42.20), (43.95, 42.205),
                       (44.10, 42.15), (44.35, 42.05), (44.55, 42.02), (44.70, 42.20), (44.65, 42.55),
                       (44.55, 42.75))
_SOUTH_OSSETIA_CLOSE = ((44.4, 43.0), (43.6, 43.0))

# Transnistria: the Dniester from the Ukrainian border in the north (north of Camenca) to the
# south (below Tiraspol, 46.84 N 29.63 E), with Bender (46.83 N 29.48 E, west bank) inside and
# Chisinau (47.01 N 28.86 E) and Rezina (47.75 N 28.96 E) outside; closed through Ukraine.
_TRANSNISTRIA_LINE = ((28.45, 48.30), (28.60, 48.10), (28.85, 47.92), (28.98, 47.76), (29.10, 47.40),
                      (29.15, 47.10), (29.42, 46.92), (29.40, 46.80), (29.60, 46.55), (29.95, 46.35))
_TRANSNISTRIA_CLOSE = ((30.5, 46.4), (30.5, 48.5), (28.4, 48.5))

# Northern Cyprus: the Green Line (the south edge of the buffer zone is ignored: the buffer
# zone is a few km wide at most), from the coast east of Kato Pyrgos past Lefka, through
# Nicosia (35.175 N), north of Athienou and Pyla, to the coast south of Famagusta (35.12 N
# 33.94 E, inside); Larnaca (34.92 N 33.62 E) outside. The Kokkina exclave is left out.
_GREEN_LINE = ((32.70, 35.19), (32.78, 35.16), (32.85, 35.11), (33.00, 35.13), (33.20, 35.16),
               (33.38, 35.175), (33.50, 35.12), (33.60, 35.08), (33.75, 35.04), (33.90, 35.07),
               (33.98, 35.06), (34.05, 35.05))
_CYPRUS_CLOSE = ((34.8, 35.3), (34.8, 35.8), (32.6, 35.6))

# Bir Tawil and the Halaib Triangle touch at one point on 22° N (about 34.1 E).
_BIR_TAWIL_BOX = (33.0, 21.55, 34.3, 22.05)
_HALAIB = ((34.05, 22.0), (35.70, 23.20), (38.0, 23.20), (38.0, 22.0))

# Hans Island (80°49′35″ N 66°27′30″ W, 1,290 × 1,199 m; Wikipedia, "Hans Island"): the
# 2022 land boundary, 1,280 m long (Wikipedia), follows a ravine from a small bay on the north
# shore to the cliffs in the south (Global Affairs Canada, 14 June 2022, as retold by Wikipedia),
# so it crosses the island from north-north-east to south-south-west, Greenland on its
# south-east side and Canada on its north-west (The Arctic Institute, "The Legal Implications of
# the 2022 Canada-Denmark/Greenland Agreement on Hans Island", photo caption); the island is
# split "roughly in half". The treaty's turning points are not transcribed: the line is drawn
# straight between the shores of the island as OpenStreetMap land draws it (80.821–80.832 N,
# 66.411–66.494 W), 1.2 km long, leaving a little over half of the island to Greenland.
_HANS_BOX = (-66.60, 80.80, -66.30, 80.85)
HANS_LINE = ((-66.4445, 80.8322), (-66.4705, 80.8218))  # (lon, lat): the north bay, the south cliffs


def _hans_side(canada: bool) -> shapely.Polygon:
    """The half of the Hans box north-west (Canada) or south-east (Greenland) of the line."""
    (x0, y0), (x1, y1) = HANS_LINE
    w, s, e, n = _HANS_BOX
    dx, dy = x1 - x0, y1 - y0
    top = (x0 + (n - y0) * dx / dy, n)  # the line carried on to the box's edges
    bottom = (x0 + (s - y0) * dx / dy, s)
    return shapely.Polygon([top, bottom, (w, s), (w, n)] if canada else [top, bottom, (e, s), (e, n)])


# Settled entries whose two sides share an agreed line: the line is an international border.
AGREED = {"hans-island-canada": "hans-island-greenland", "hans-island-greenland": "hans-island-canada"}
AGREED_LINE_NAME = "land border agreed in 2022 that divides Hans Island"
AGREED_PRECISION_KM = 0.5  # the line is drawn from the description, not the treaty's turning points


def agreed_line(d: Dispute) -> BaseGeometry | None:
    """The agreed line between a settled area and its partner (Hans Island's 2022 border), or None."""
    return shapely.LineString(HANS_LINE) if d.key in AGREED else None


def agreed_lines_in(bbox: tuple[float, float, float, float]) -> list[BaseGeometry]:
    """Lon/lat geometry of each agreed line within ``(west, south, east, north)``."""
    w, s, e, n = _HANS_BOX
    if bbox[0] > e or bbox[2] < w or bbox[1] > n or bbox[3] < s:
        return []
    part = shapely.clip_by_rect(shapely.LineString(HANS_LINE), *bbox)
    return [] if part.is_empty else [part]


_SENKAKU = ((123.30, 25.55), (124.75, 25.70), (124.75, 26.10), (123.30, 26.00))  # Uotsuri, Kuba, Taisho
_DOKDO = ((131.60, 37.00), (132.15, 37.00), (132.15, 37.50), (131.60, 37.50))  # 37.24 N 131.87 E
# Guayana Esequiba: west of the Essequibo (Georgetown, 58.16 W, outside).
_ESSEQUIBO = ((-58.30, 7.60), (-58.40, 6.85), (-58.60, 6.00), (-58.70, 5.00), (-58.60, 4.00),
              (-58.80, 3.00), (-58.70, 1.10), (-61.50, 1.10), (-61.50, 9.50))

# The four regions of Ukraine Russia declared annexed in 2022 (Donetsk, Luhansk, Zaporizhzhia,
# Kherson oblasts): their outer boundary with the Mykolaiv, Dnipropetrovsk and Kharkiv oblasts,
# placed between towns on either side (positions from their Wikipedia articles, as recalled,
# rounded to 0.01°); closed through Russia, the Sea of Azov and the Black Sea (cut by Ukraine's
# polygon), with Crimea (its own entry) taken out.
_UKRAINE_2022 = (
    (31.40, 46.30), (31.45, 46.57),  # the Kinburn peninsula inside, Ochakiv (46.61 N 31.54 E) outside
    (31.60, 46.60), (32.30, 46.62),  # the Dnieper–Bug estuary; Kherson (46.64 N 32.62 E) inside
    (32.40, 46.85), (32.75, 46.98),  # Chornobaivka (46.70 N 32.55 E) in, Snihurivka (47.08 N 32.81 E) out
    # Vysokopillia (47.49 N 33.53 E) inside, Kryvyi Rih (47.91 N 33.39 E) outside
    (33.10, 47.17), (33.30, 47.45), (33.45, 47.62),
    (33.95, 47.55), (34.40, 47.535),  # the Kakhovka reservoir: Nikopol (47.57 N 34.40 E) outside,
    # Kamianka-Dniprovska (47.48 N 34.42 E), Enerhodar (47.50 N 34.66 E) inside, Marhanets (47.64 N) outside
    (34.80, 47.56),
    (35.02, 47.75), (35.02, 47.95),  # west of the Dnieper at Zaporizhzhia (47.84 N 35.14 E, inside)
    (35.45, 48.05),  # Vilniansk (47.94 N 35.43 E) inside; Dnipro (48.46 N 35.05 E) outside
    (36.25, 47.92),  # Huliaipole (47.66 N 36.26 E) inside, Pokrovske (47.98 N 36.23 E) outside
    (36.60, 47.95), (36.80, 48.20),  # Velyka Novosilka (47.84 N 36.82 E) inside, Mezhova (48.25 N 36.73 E) outside
    # Pokrovsk (48.28 N 37.18 E), Dobropillia (48.47 N 37.08 E) inside, Barvinkove (48.91 N 37.02 E) outside
    (36.95, 48.55), (37.15, 48.82),
    (37.50, 49.10),  # Sviatohirsk (49.03 N 37.57 E), Lyman (48.99 N 37.80 E) in; Izium (49.21 N 37.26 E) out
    # Kreminna (49.05 N 38.22 E), Svatove (49.41 N 38.16 E) inside; Borova, Kupiansk (37.6 E) outside
    (37.95, 49.15), (38.05, 49.55),
    (38.25, 49.95), (38.60, 50.25),  # north to the Russian border
    (39.0, 50.8), (41.0, 50.8), (41.0, 46.9), (38.0, 46.0), (35.5, 45.3), (32.5, 45.2), (31.0, 45.6),
)

# Somaliland: the former British Somaliland, whose eastern boundary the Anglo-Italian Protocol of
# 5 May 1894 fixed as the 8th parallel to 48° E, a straight line to 9° N 49° E and the 49th
# meridian to the sea (Las Anod, 8.48 N 47.36 E, inside; Garoowe, 8.40 N 48.48 E, and Bosaso,
# 11.28 N 49.18 E, outside); closed through Ethiopia, Djibouti and the Gulf of Aden.
_SOMALILAND = ((41.5, 8.0), (48.0, 8.0), (49.0, 9.0), (49.0, 11.6), (41.5, 12.5))

# The Spratly Islands: Spratly Island (8.64 N 111.92 E), Swallow Reef (7.37 N 113.84 E), Louisa
# Reef (6.33 N 113.27 E), Itu Aba (10.38 N 114.37 E), Thitu (11.05 N 114.28 E), Reed Bank (11.4 N
# 116.8 E) inside; the coasts of Borneo (Kota Kinabalu 5.98 N 116.07 E) and Palawan (Balabac
# 7.9 N 117.0 E) outside. The sea between is part of the dispute too.
_SPRATLY = ((111.0, 7.5), (113.0, 5.8), (115.0, 6.5), (116.5, 7.6), (116.8, 9.0), (117.5, 11.8), (114.0, 12.0),
            (111.0, 11.0))
# The Paracel Islands: Woody Island (16.83 N 112.33 E), Triton Island (15.78 N 111.2 E) inside;
# Hainan (Sanya, 18.25 N) outside.
_PARACEL = ((110.9, 15.5), (113.2, 15.5), (113.2, 17.4), (110.9, 17.4))
# The Ilemi Triangle: where OpenStreetMap puts neither Kenya nor South Sudan (Natural Earth draws
# it in Kenya), within this box.
_ILEMI_BOX = (34.3, 4.55, 35.9, 5.15)
# Kalapani: between the Kuti Yankti (west; from Limpiyadhura, about 30.43 N 80.52 E, to Gunji,
# 30.18 N 80.86 E, inside) and the Kali below the Lipulekh Pass (30.23 N 81.03 E) to the east;
# closed through Nepal and Tibet (cut by India's polygon); Garbyang, south of Gunji, outside.
_KALAPANI = ((80.84, 30.155), (80.50, 30.45), (81.10, 30.28), (81.05, 30.12))
_CEUTA_BOX = (-5.42, 35.86, -5.26, 35.93)  # Ceuta, 35.89 N 5.32 W
_MELILLA_BOX = (-3.00, 35.26, -2.90, 35.33)  # Melilla, 35.29 N 2.94 W

_BOXES = {
    "crimea": (32.0, 44.2, 36.8, 46.3),
    "abyei": (27.0, 8.8, 29.8, 10.6),
    "western-sahara": (-17.5, 20.5, -8.5, 27.8),
}


def _ring(coords) -> shapely.Polygon:
    return shapely.Polygon(coords)


def _box(b) -> shapely.Polygon:
    return shapely.box(*b)


def _territory(code: str, region: BaseGeometry) -> BaseGeometry:
    """The part of OpenStreetMap territory ``code`` within ``region`` (only nearby pieces unioned)."""
    borders = load_borders()
    idx = [int(i) for i in borders.tree.query(region)
           if borders.territories[int(borders.owner[int(i)])].alpha2 == code]
    if not idx:
        return shapely.Polygon()
    # snapped to 1e-6° (0.1 m) so that the seams between pieces (cut at the same x or y) dissolve
    return shapely.intersection(shapely.set_precision(shapely.union_all(borders.pieces[idx]), 1e-6), region)


def _whole(code: str) -> BaseGeometry:
    borders = load_borders()
    idx = [i for i, t in enumerate(borders.territories) if t.alpha2 == code]
    return shapely.set_precision(shapely.union_all(borders.pieces[np.isin(borders.owner, idx)]), 1e-6)


def _area_geometry(key: str) -> BaseGeometry:
    t = _territory
    if key == "crimea":
        box = _box(_BOXES["crimea"])
        return t("RU", box).intersection(t("UA", box))
    if key in ("kashmir-india", "kashmir-pakistan"):
        return t("IN" if key == "kashmir-india" else "PK", _ring(_KASHMIR))
    if key in ("aksai-chin", "shaksgam"):
        west, south, east, north = _ring(_KASHMIR).bounds
        half = shapely.box(_CHINA_SPLIT, south, east, north) if key == "aksai-chin" else \
            shapely.box(_SHAKSGAM_WEST, south, _CHINA_SPLIT, north)
        return t("CN", _ring(_KASHMIR).intersection(half))
    if key == "arunachal":
        return t("IN", _ring(_ARUNACHAL))
    if key.startswith("western-sahara"):
        box = _box(_BOXES["western-sahara"])
        eh, ma = t("EH", box), t("MA", box)
        return eh.intersection(ma) if key == "western-sahara-morocco" else eh.difference(ma)
    if key == "golan":
        return t("IL", _ring(_GOLAN))
    if key == "east-jerusalem":
        return t("IL", _ring(_EAST_JERUSALEM))
    if key == "west-bank":
        box = _box(_WEST_BANK_BOX)
        return box.difference(t("IL", box)).difference(t("JO", box))
    if key == "gaza":
        return t("PS", shapely.box(34.0, 31.1, 34.7, 31.7))
    if key == "southern-kurils":
        return t("RU", _ring(_KURILS))
    if key == "abkhazia":
        return t("GE", _ring(_ABKHAZIA_LINE + _ABKHAZIA_CLOSE))
    if key == "south-ossetia":
        return t("GE", _ring(_SOUTH_OSSETIA_LINE + _SOUTH_OSSETIA_CLOSE))
    if key == "transnistria":
        return t("MD", _ring(_TRANSNISTRIA_LINE + _TRANSNISTRIA_CLOSE))
    if key == "northern-cyprus":
        return t("CY", _ring(_GREEN_LINE + _CYPRUS_CLOSE))
    if key.startswith("hans-island"):
        box = _box(_HANS_BOX)
        both = t("CA", box).intersection(t("GL", box))
        return both.intersection(_hans_side(key.endswith("canada")))
    if key == "bir-tawil":
        box = _box(_BIR_TAWIL_BOX)
        return box.difference(t("EG", box)).difference(t("SD", box))
    if key == "halaib":
        return t("EG", _ring(_HALAIB))
    if key == "abyei":
        box = _box(_BOXES["abyei"])
        return t("SD", box).intersection(t("SS", box))
    if key == "senkaku":
        return _ring(_SENKAKU)  # OpenStreetMap's polygons leave the islands out
    if key == "dokdo":
        return t("KR", _ring(_DOKDO))
    if key == "essequibo":
        return t("GY", _ring(_ESSEQUIBO))
    if key == "ukraine-2022":
        ring = _ring(_UKRAINE_2022)
        crimea = _area(next(i for i, d in enumerate(DISPUTES) if d.key == "crimea"))
        return t("UA", ring).difference(t("RU", ring)).difference(crimea)
    if key == "somaliland":
        return t("SO", _ring(_SOMALILAND))
    if key == "spratly":
        return _ring(_SPRATLY)  # reefs and islets too small for OpenStreetMap's polygons: the sea area
    if key == "paracel":
        return _ring(_PARACEL)
    if key == "ilemi":
        box = _box(_ILEMI_BOX)
        for code in ("KE", "SS", "ET", "UG"):
            box = box.difference(t(code, box))
        return box
    if key == "kalapani":
        return t("IN", _ring(_KALAPANI))
    if key in ("ceuta", "melilla"):
        return t("ES", _box(_CEUTA_BOX if key == "ceuta" else _MELILLA_BOX))
    return _whole(_WHOLE[key])


def _polygons(g: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon") and p.area > 0]
    return shapely.union_all(parts) if parts else shapely.Polygon()


_WHOLE = {"kosovo": "XK", "taiwan": "TW", "falklands": "FK", "south-georgia": "GS", "gibraltar": "GI",
          "chagos": "IO", "mayotte": "YT"}


def _area_bbox(key: str) -> tuple[float, float, float, float]:
    """A box around the area, known without building its geometry (a prefilter)."""
    if key in _WHOLE:
        borders = load_borders()
        idx = [i for i, t in enumerate(borders.territories) if t.alpha2 == _WHOLE[key]]
        b = shapely.bounds(borders.pieces[np.isin(borders.owner, idx)])
        return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())
    rings = {
        "kashmir-india": _KASHMIR, "kashmir-pakistan": _KASHMIR, "aksai-chin": _KASHMIR, "shaksgam": _KASHMIR,
        "arunachal": _ARUNACHAL, "golan": _GOLAN, "east-jerusalem": _EAST_JERUSALEM, "southern-kurils": _KURILS,
        "abkhazia": _ABKHAZIA_LINE + _ABKHAZIA_CLOSE, "south-ossetia": _SOUTH_OSSETIA_LINE + _SOUTH_OSSETIA_CLOSE,
        "transnistria": _TRANSNISTRIA_LINE + _TRANSNISTRIA_CLOSE, "northern-cyprus": _GREEN_LINE + _CYPRUS_CLOSE,
        "halaib": _HALAIB, "senkaku": _SENKAKU, "dokdo": _DOKDO, "essequibo": _ESSEQUIBO,
        "ukraine-2022": _UKRAINE_2022, "somaliland": _SOMALILAND, "spratly": _SPRATLY, "paracel": _PARACEL,
        "kalapani": _KALAPANI,
    }
    if key in rings:
        return tuple(float(v) for v in _ring(rings[key]).bounds)  # type: ignore[return-value]
    boxes = {"west-bank": _WEST_BANK_BOX, "gaza": (34.0, 31.1, 34.7, 31.7), "bir-tawil": _BIR_TAWIL_BOX,
             "hans-island-canada": _HANS_BOX, "hans-island-greenland": _HANS_BOX,
             "western-sahara-morocco": _BOXES["western-sahara"], "western-sahara-polisario": _BOXES["western-sahara"],
             "ilemi": _ILEMI_BOX, "ceuta": _CEUTA_BOX, "melilla": _MELILLA_BOX}
    return boxes.get(key) or _BOXES[key]


@functools.lru_cache(maxsize=1)
def _area_boxes() -> np.ndarray:
    return np.array([_area_bbox(d.key) for d in DISPUTES], dtype=float)


@functools.cache
def _area(i: int) -> BaseGeometry:
    """The geometry of ``DISPUTES[i]``, built on first use and kept, prepared."""
    g = _polygons(_area_geometry(DISPUTES[i].key))
    shapely.prepare(g)
    return g


def _box_hits(boxes: np.ndarray, w: float, s: float, e: float, n: float) -> list[int]:
    return np.flatnonzero((boxes[:, 0] <= e) & (boxes[:, 2] >= w) & (boxes[:, 1] <= n) & (boxes[:, 3] >= s)).tolist()


def _land(region: BaseGeometry) -> BaseGeometry:
    """Natural Earth 1:10m land (its country polygons) within ``region``."""
    from .atlas import load_atlas

    atlas = load_atlas("10m")
    hits = atlas.country_tree.query(region)
    return shapely.union_all([atlas.countries[int(i)].geometry for i in hits]).intersection(region)


def _shared(a: str, b: str, region: BaseGeometry, eps: float = 2e-4) -> BaseGeometry:
    """Where the OpenStreetMap polygons of ``a`` and ``b`` meet (or overlap's edge) within ``region``."""
    ga, gb = _territory(a, region), _territory(b, region)
    line = ga.boundary.intersection(gb.buffer(eps)).intersection(region)
    return shapely.line_merge(shapely.union_all([p for p in shapely.get_parts(line) if p.length > 0]))


def _hand_line(coords, code: str) -> BaseGeometry:
    """A hand-drawn polyline, kept within the territory it runs through."""
    line = shapely.LineString(coords)
    return line.intersection(_territory(code, line.buffer(0.05)))


def _line_geometry(key: str) -> BaseGeometry:
    if key == "loc":  # north of the Working Boundary (which meets the LoC near Chhamb, 32.9 N)
        region = _ring(_KASHMIR).intersection(
            shapely.Polygon([(72.0, 32.88), (74.75, 32.88), (74.75, 33.2), (78.5, 36.0), (78.5, 38.0), (72.0, 38.0)]))
        return _shared("IN", "PK", region)
    if key == "lac-west":
        return _shared("CN", "IN", _ring(_KASHMIR).buffer(0.3))
    if key == "lac-middle":  # Himachal Pradesh and Uttarakhand: Spiti to the Lipulekh Pass
        return _shared("CN", "IN", shapely.box(77.8, 29.9, 81.1, 32.45).difference(_ring(_KASHMIR)))
    if key == "lac-east":
        return _shared("CN", "IN", _ring(_ARUNACHAL))
    if key == "berm":  # the edge of Morocco's polygon inside Western Sahara, away from EH's own outline
        box = _box(_BOXES["western-sahara"])
        eh, ma = _territory("EH", box), _territory("MA", box)
        berm = ma.boundary.intersection(eh).difference(eh.boundary.buffer(1e-3))
        return berm.intersection(_land(box))  # not the edge of Morocco's waters out at sea
    if key == "purple-line":
        return _shared("IL", "SY", _ring(_GOLAN).buffer(0.1))
    if key == "green-line-cyprus":
        return _hand_line(_GREEN_LINE, "CY")
    if key == "abkhazia-abl":
        return _hand_line(_ABKHAZIA_LINE, "GE")
    if key == "south-ossetia-abl":
        return _hand_line(_SOUTH_OSSETIA_LINE, "GE")
    if key == "transnistria-line":
        return _hand_line(_TRANSNISTRIA_LINE, "MD")
    if key == "armistice-1949":  # the edges of the West Bank and Gaza where they meet Israel
        edges = [_area(next(i for i, d in enumerate(DISPUTES) if d.key == k)).boundary for k in ("west-bank", "gaza")]
        return shapely.union_all(edges).intersection(_territory("IL", shapely.box(34.0, 31.0, 35.8, 32.8)).buffer(1e-3))
    if key == "crimea-boundary":  # the edge of the RU ∩ UA overlap across the Perekop and Chonhar isthmuses
        box = _box(_LINE_BOXES["crimea-boundary"])
        edge = _territory("RU", box).intersection(_territory("UA", box)).boundary
        return edge.intersection(_land(box)).difference(box.exterior.buffer(1e-3))
    if key == "korea-mdl":  # on land: the Han estuary (126.1 E) to the east coast (128.37 E)
        return _shared("KP", "KR", shapely.box(126.1, 37.6, 128.37, 38.7))
    raise KeyError(key)


LINE_TOLERANCE = 0.15  # degrees: a Natural Earth border this near the line is the line

# A box around each line's region (a prefilter, so that a locator far from every dispute
# builds no line geometry at all).
_LINE_BOXES = {
    "loc": (72.0, 32.8, 78.5, 37.2),
    "lac-west": (76.0, 31.8, 80.8, 36.5),
    "lac-middle": (77.8, 29.9, 81.1, 32.45),
    "lac-east": (91.1, 26.3, 98.1, 30.1),
    "berm": _BOXES["western-sahara"],
    "purple-line": (35.5, 32.5, 36.3, 33.6),
    "green-line-cyprus": (32.6, 34.95, 34.1, 35.25),
    "abkhazia-abl": (41.5, 42.35, 42.4, 43.6),
    "south-ossetia-abl": (43.3, 41.95, 44.75, 42.8),
    "transnistria-line": (28.4, 46.3, 30.0, 48.35),
    "korea-mdl": (126.1, 37.6, 128.37, 38.7),
    "armistice-1949": (34.2, 31.2, 35.6, 32.6),
    "crimea-boundary": (33.3, 45.75, 35.6, 46.35),
}
# Hand-drawn lines between no two polygons (``between == ()``) lie inside one territory: their
# region stops short of that territory's own borders, so that Natural Earth's border with the
# next state (Georgia–Russia where the Abkhazian line meets the Caucasus crest) stays a border.
_HOME = {"green-line-cyprus": "CY", "abkhazia-abl": "GE", "south-ossetia-abl": "GE", "transnistria-line": "MD"}


def _lines_only(g: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("LineString", "MultiLineString") and p.length > 0]
    return shapely.line_merge(shapely.union_all(parts)) if parts else shapely.LineString()


@functools.lru_cache(maxsize=1)
def _line_boxes() -> np.ndarray:
    t = LINE_TOLERANCE
    return np.array([(w - t, s - t, e + t, n + t) for w, s, e, n in (_LINE_BOXES[ln.key] for ln in DISPUTED_LINES)])


_LINES_FORMAT = 1


@functools.lru_cache(maxsize=1)
def _lines_version() -> str:
    """What a line's geometry is made from: this table and its hand-drawn lines, the
    OpenStreetMap borders and the Natural Earth land it is cut from."""
    import hashlib
    from pathlib import Path

    from .atlas import data_version as atlas_version
    from .borders import data_version as borders_version

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"{_LINES_FORMAT}-{borders_version()}-{atlas_version()}-{source}"


@functools.cache
def _line(i: int) -> tuple[BaseGeometry, BaseGeometry]:
    """The geometry of ``DISPUTED_LINES[i]`` and its region (the line widened by the tolerance).

    Cut from the 48 MB of OpenStreetMap polygons and buffered, a line takes about half a
    second, in every process (each worker of a cold build) that draws a map near it: so it is
    made once per machine and data version into the geodata cache, as WKB (data, never a pickle)."""
    from .atlas import _pack, _unpack, cache_root, cached_arrays, json_array

    key = DISPUTED_LINES[i].key
    version = _lines_version()
    path = cache_root() / "disputed-lines" / f"{key}.{version}.npz"

    def build() -> dict[str, np.ndarray]:
        g, region = _make_line(i)
        data, offsets = _pack(list(shapely.to_wkb([g, region])))
        return {"meta": json_array({"key": key, "version": version}), "wkb": data, "offsets": offsets}

    def read(arrays: dict[str, np.ndarray], expected: str) -> tuple[BaseGeometry, BaseGeometry]:
        from .atlas import array_json

        if array_json(arrays["meta"]) != {"key": key, "version": expected}:
            raise ValueError("another line or version")
        g, region = _unpack(arrays["wkb"], arrays["offsets"])
        shapely.prepare(region)
        return g, region

    return cached_arrays(path, version, build, read)


def _make_line(i: int) -> tuple[BaseGeometry, BaseGeometry]:
    key = DISPUTED_LINES[i].key
    g = _lines_only(_line_geometry(key))
    region = g.buffer(LINE_TOLERANCE)
    if key in _HOME:
        region = region.difference(_territory(_HOME[key], region.envelope.buffer(0.5)).boundary.buffer(LINE_TOLERANCE))
    shapely.prepare(region)
    return g, region


# --- public -------------------------------------------------------------------------------


def _wrap(lon: float) -> float:
    return ((lon + 180.0) % 360.0) - 180.0


@functools.lru_cache(maxsize=2048)
def disputes_at(lon: float, lat: float) -> tuple[Dispute, ...]:
    """Every dispute area containing the point (usually none or one), in table order."""
    lon = _wrap(lon)
    hits = _box_hits(_area_boxes(), lon, lat, lon, lat)
    return tuple(DISPUTES[i] for i in hits if shapely.contains_xy(_area(i), lon, lat))


def _pov(point_of_view: str) -> str:
    return point_of_view.strip().lower().replace("_", "-").replace(" ", "-")


def holder(d: Dispute, point_of_view: str) -> str | None:
    """Whose the area is from a point of view: ``"de-facto"`` (the administrator), ``"un"`` (the
    UN's view, None where it takes none), or a country code (that country if it claims the
    area, else the administrator: for GB the Falklands stay FK, their own territory code)."""
    pov = _pov(point_of_view)
    if pov in ("de-facto", "defacto"):
        return d.administered_by
    if pov == "un":
        return d.un_view
    code = point_of_view.strip().upper()
    if code in d.claimed_by:
        return code
    return d.administered_by


def line_at(lon: float, lat: float, a: str | None, b: str | None) -> DisputedLine | None:
    """The disputed line that the border between ``a`` and ``b`` at (lon, lat) is, or None:
    the point lies within :data:`LINE_TOLERANCE` of the line, and the pair is the line's pair
    (in either order), or the line is not a border between two polygons (``between == ()``)."""
    found = lines_at_points(np.array([[_wrap(lon), lat]]), a, b)
    return found[0]


def lines_at_points(xy: np.ndarray, a: str | None, b: str | None) -> list[DisputedLine | None]:
    """:func:`line_at` for many points of one border (an ``(n, 2)`` array of lon, lat): what a
    locator asks for the midpoints of each Natural Earth border segment."""
    out: list[DisputedLine | None] = [None] * len(xy)
    if not len(xy):
        return out
    pair = {c.upper() for c in (a, b) if c}
    w, s = xy.min(axis=0)
    e, n = xy.max(axis=0)
    for i in _box_hits(_line_boxes(), float(w), float(s), float(e), float(n)):
        ln = DISPUTED_LINES[i]
        if ln.between and set(ln.between) != pair:
            continue
        inside = shapely.contains_xy(_line(i)[1], xy[:, 0], xy[:, 1])
        for k in np.flatnonzero(inside):
            if out[k] is None:
                out[k] = ln
    return out


def lines_in(bbox: tuple[float, float, float, float]) -> list[tuple[DisputedLine, BaseGeometry]]:
    """Lon/lat geometry of each disputed line within ``(west, south, east, north)``."""
    out = []
    for i in _box_hits(_line_boxes(), *bbox):
        part = _lines_only(shapely.clip_by_rect(_line(i)[0], *bbox))
        if not part.is_empty:
            out.append((DISPUTED_LINES[i], part))
    return out


def areas_in(bbox: tuple[float, float, float, float]) -> list[tuple[Dispute, BaseGeometry]]:
    """Lon/lat polygons of the dispute areas within ``(west, south, east, north)``."""
    out = []
    for i in _box_hits(_area_boxes(), *bbox):
        part = _polygons(shapely.clip_by_rect(_area(i), *bbox))
        if not part.is_empty:
            out.append((DISPUTES[i], part))
    return out


def line_regions() -> list[tuple[DisputedLine, tuple[float, float, float, float]]]:
    """Each disputed line with the box it lies in, building no geometry: enough for a
    small-scale map (the world basemap at 1:110m) to tell which stretch of a border between
    the line's two countries is the line."""
    return [(ln, _LINE_BOXES[ln.key]) for ln in DISPUTED_LINES]


# --- disputed lines on a map: their legend, and the borders without them ----------------------

LINE_LEGEND = {  # how a map's legend names each line, by DisputedLine.key; others: "<name> (<kind>)"
    "loc": "Line of Control (disputed)",
    "lac-west": "Line of Actual Control (disputed)",
    "lac-middle": "Line of Actual Control (disputed)",
    "lac-east": "Line of Actual Control (disputed)",
    "berm": "Moroccan berm (de facto line of control)",
    "purple-line": "Ceasefire line (1974)",
    "green-line-cyprus": "UN buffer zone (Green Line)",
    "abkhazia-abl": "Administrative boundary line (de facto)",
    "south-ossetia-abl": "Administrative boundary line (de facto)",
    "transnistria-line": "Ceasefire line (1992)",
    "korea-mdl": "Armistice line (1953)",
    "armistice-1949": "Armistice line (1949)",
    "crimea-boundary": "Boundary of annexed Crimea (disputed)",
}


def line_legend(ln: DisputedLine) -> str:
    """The legend text for a disputed line: never "border", always what kind of line it is."""
    return LINE_LEGEND.get(ln.key) or f"{short_name(ln.name)} ({ln.kind})"


def split_borders(atlas: Atlas, boxes: Iterable[tuple[float, float, float, float]]) -> tuple[tuple, list]:
    """Natural Earth's border arcs with the stretches that are disputed lines taken out, and
    those stretches as ``(DisputedLine, lon/lat geometry)``: each segment is classified by its
    midpoint and the pair of countries either side (:func:`lines_at_points`). The locator and the
    web map's basemaps both draw their borders from this split, so a Line of Control is dashed
    and named as one on both, never an international border."""
    boxes = list(boxes)
    if not any(lines_in(b) for b in boxes):
        return atlas.borders, []
    plain = list(atlas.borders)
    found: dict[str, tuple[DisputedLine, list]] = {}
    idx = sorted({int(i) for b in boxes for i in atlas.border_tree.query(shapely.box(*b))})
    for i in idx:
        arc = atlas.borders[i]
        ia, ib = atlas.border_pairs[i]
        xy = shapely.get_coordinates(arc)
        if len(xy) < 2:
            continue
        codes = (atlas.countries[ia].alpha2, atlas.countries[ib].alpha2)
        hit = lines_at_points((xy[:-1] + xy[1:]) / 2, *codes)
        if not any(hit):
            continue
        keep: list = []
        k = 0
        while k < len(hit):  # runs of segments with the same answer
            j = k
            while j + 1 < len(hit) and hit[j + 1] is hit[k]:
                j += 1
            run = shapely.LineString(xy[k : j + 2])
            ln = hit[k]
            if ln is None:
                keep.append(run)
            else:
                found.setdefault(ln.key, (ln, []))[1].append(run)
            k = j + 1
        plain[i] = shapely.MultiLineString(keep) if keep else shapely.LineString()
    return tuple(plain), [(ln, shapely.line_merge(shapely.MultiLineString(runs))) for ln, runs in found.values()]
