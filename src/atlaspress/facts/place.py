"""The facts about one point on Earth, computed once.

Everything the pages say about a place's position — the caption under the locator, the
At a glance list, the claims, the social card — reads one :class:`PlaceFacts`, so no two
sentences can disagree. The facts come from:

- OpenStreetMap's borders (:mod:`atlaspress.geo.borders`): which state or territory, with
  enclaves and microstates; the Antarctic claim sectors;
- the project's table of disputes (:mod:`atlaspress.geo.disputes`): who administers a
  disputed place and who claims it, and which lines are not international borders;
- land and coastline (:mod:`atlaspress.geo.land`): on land, on the coast, or at sea;
- Natural Earth 1:10m land borders and coasts where OpenStreetMap has none to offer;
- GeoNames cities (:mod:`atlaspress.facts.cities`) and the IANA time zones (timezonefinder).

The site's ``point_of_view`` decides which state a disputed place is named as part of;
whatever the point of view, the dispute itself is always stated.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from atlaspress.core.measure import GEOD
from atlaspress.facts.model import TimeZone  # noqa: F401 - re-exported

from .cities import CITY_POPULATION, City, principal

if TYPE_CHECKING:
    from atlaspress.geo.borders import Territory, Where
    from atlaspress.geo.disputes import Dispute

COASTAL_KM = 1.0  # a place on land this near the sea is "on the coast" (Valletta, Ushuaia, McMurdo Station)
POLAR_LAT = 89.0  # within about 110 km of a pole, compass directions say nothing
# States asked for around a point: one cached query serves shores, foreign land, coast and the
# country pages (a third state costs a wider search: 40% more time per post)
NEAREST_N = 2
DE_FACTO = "de-facto"
INTERNATIONAL = "international border"
DE_FACTO_LINE = "de facto line"
_POINTS16 = ("north", "north-north-east", "north-east", "east-north-east", "east", "east-south-east",
             "south-east", "south-south-east", "south", "south-south-west", "south-west",
             "west-south-west", "west", "west-north-west", "north-west", "north-north-west")


def compass16(azimuth: float) -> str:
    """Sixteen-point compass name of a forward azimuth: ``compass16(330) == 'north-north-west'``."""
    return _POINTS16[int(((azimuth % 360) + 11.25) // 22.5) % 16]


@dataclass(frozen=True)
class Border:
    """The nearest border of the place's territory, and what kind of line it is."""

    km: float
    lon: float
    lat: float
    with_name: str | None  # the territory across it
    with_code: str | None
    kind: str  # "international border", or a disputed line's kind ("line of control")
    line: str | None  # the disputed line's name ("Line of Control"); None for an international border
    precision_km: float  # how far the data's line may be from the true one

    @property
    def international(self) -> bool:
        return self.kind == INTERNATIONAL


@dataclass(frozen=True)
class Shore:
    """The nearest land of a state, seen from a point at sea or off the data's coast."""

    km: float
    name: str
    code: str | None
    precision_km: float = 1.0


@dataclass(frozen=True)
class PlaceFacts:
    """What the data says about one point, under one point of view."""

    lon: float
    lat: float
    point_of_view: str
    declared: str | None  # the post's ``country:``, upper case
    country: str | None  # ISO alpha-2 the place is named as part of (a territory: PN, SJ, HK)
    country_name: str | None  # "Pitcairn Islands"
    described: str | None  # "the Pitcairn Islands, a British Overseas Territory"
    sovereign: str | None  # GB for PN; the country itself for a state
    status: str | None  # "a British Overseas Territory"; None for a state
    territories: tuple[str, ...]  # every OpenStreetMap polygon containing the point
    disputes: tuple[Dispute, ...]
    antarctic: bool
    antarctic_claim: str | None  # "in the Ross Dependency, claimed by New Zealand"
    antarctic_claimants: tuple[str, ...]  # ISO alpha-2 of each Antarctic claim here (NZ at McMurdo)
    unclaimed: bool  # land no state claims (Bir Tawil, Marie Byrd Land)
    on_land: bool
    on_coast: bool  # within the coastline data's tolerance of the shore
    inland_water: str | None  # "lake" or "river" when the point is on inland water
    coast_km: float | None
    border: Border | None  # on land (or the coast): the territory's nearest border
    shores: tuple[Shore, ...]  # at sea: the nearest states' land, nearest first
    foreign: Shore | None  # another state's land nearer than any land border (Big Diomede from Little)
    city: City | None
    timezone: TimeZone | None
    timezone_note: str | None  # why there is no zone, or what kind it is
    polar: bool

    @property
    def disputed(self) -> bool:
        """Under a dispute today (a settled one such as Hans Island's is history)."""
        return any(d.kind != "settled" for d in self.disputes)

    @property
    def active_disputes(self) -> tuple[Dispute, ...]:
        return tuple(d for d in self.disputes if d.kind != "settled")

    @property
    def at_sea(self) -> bool:
        return not self.on_land and not self.on_coast and self.inland_water is None

    @property
    def overlap(self) -> bool:
        """Two OpenStreetMap polygons claim the point and no dispute in the table explains it."""
        return len(self.territories) > 1 and not self.disputes and self.country is None


# --- the parts ------------------------------------------------------------------------------


def _territory(code: str | None) -> Territory | None:
    if not code:
        return None
    from atlaspress.geo.borders import load_borders

    return next((t for t in load_borders().territories if t.alpha2 == code), None)


def _decide(where: Where, disputes: tuple[Dispute, ...], declared: str | None, point_of_view: str) -> str | None:
    """The ISO code the place is named as part of; None where the data or the view names none."""
    from atlaspress.geo.disputes import holder

    active = [d for d in disputes if d.kind != "settled"]
    if declared:
        t = where.match(declared)
        if t is not None and not active:
            return t.alpha2
        if any(declared == d.administered_by or declared in d.claimed_by for d in active):
            return declared if point_of_view == DE_FACTO or t is None else (holder(active[0], point_of_view)
                                                                               or declared)
        if t is not None:
            return t.alpha2
    settled = [d for d in disputes if d.kind == "settled" and d.administered_by]
    if settled:
        return settled[0].administered_by
    if active:
        d = active[0]
        single = where.territory.alpha2 if where.territory is not None else None
        if (point_of_view == DE_FACTO and d.administered_by and single and single != d.administered_by
                and single in d.claimed_by):
            # OpenStreetMap maps who governs on the ground: Ramallah is in the Palestinian
            # Authority's polygon although Israel holds the West Bank as occupying power.
            return single
        if (point_of_view == DE_FACTO and d.administered_by is None and d.kind == "claimed" and single
                and single in d.claimed_by):
            # held piecemeal by several claimants (the Spratlys): the polygon the point is in
            # names the one holding this feature (Taiwan on Itu Aba)
            return single
        return holder(d, point_of_view)
    return where.territory.alpha2 if where.territory is not None else None


def _name_of(code: str) -> str:
    from atlaspress.geo.borders import territory_name

    return territory_name(code)


def _sovereignty(code: str) -> tuple[str, str | None]:
    from atlaspress.geo.borders import DEPENDENCIES

    dep = DEPENDENCIES.get(code)
    return (dep[0], dep[1]) if dep else (code, None)


def _border(lon: float, lat: float, code: str | None, where: Where,
            disputes: tuple[Dispute, ...] = ()) -> Border | None:
    """The nearest land border of the place's territory, with its kind from the disputes table."""
    from atlaspress.geo.borders import land_border
    from atlaspress.geo.caption import prose_name
    from atlaspress.geo.disputes import line_at

    territory = _territory(code) or where.territory
    if territory is None:
        return None
    if territory in where.territories:
        hit = land_border(lon, lat, territory)
    else:
        # Named by the disputes table, not found in its OpenStreetMap polygon (the West Bank's
        # outline there is broken): Natural Earth's borders of that state.
        from atlaspress.geo.atlas import nearest_border
        from atlaspress.geo.borders import ne_code

        hit = nearest_border(lon, lat, ne_code(territory) or territory.alpha2)
    agreed = _agreed_border(lon, lat, disputes)
    if agreed is not None and (hit is None or agreed.km < hit.km):
        return agreed
    if hit is None:
        return None
    if hit.code:  # ISO's or the project's name, not Natural Earth's label ("W. Sahara")
        hit = replace(hit, name=_name_of(hit.code))
    active = [d for d in disputes if d.kind != "settled"]
    if hit.code is None and active and hit.name == _unit_here(lon, lat):
        # Natural Earth draws the place's own disputed unit (N. Cyprus) as the state across the
        # border: the line is the edge of the place's dispute, with its claimant beyond it.
        d = active[0]
        across = d.un_view or next(iter(d.claimed_by), None)
        hit = replace(hit, name=_name_of(across) if across else None, code=across)
        line = line_at(hit.lon, hit.lat, territory.alpha2, None)
        return Border(hit.km, hit.lon, hit.lat, hit.name, hit.code, line.kind if line else DE_FACTO_LINE,
                      line.name if line else f"de facto boundary of {prose_name(d.name)}", hit.precision_km)
    line = line_at(hit.lon, hit.lat, territory.alpha2, hit.code)
    if line is not None:
        return Border(hit.km, hit.lon, hit.lat, hit.name, hit.code, line.kind, line.name, hit.precision_km)
    # A line the table does not name, but between the two sides of the place's own dispute
    # (Crimea's isthmus between Russian-held Crimea and Ukraine): never an international border.
    # But a border the UN counts as between two states stays one (Donetsk's with Russia: Russia
    # claims the region, and the border is still Ukraine's with Russia).
    party = next((d for d in disputes if d.kind != "settled" and hit.code is not None
                  and hit.code in (d.administered_by, *d.claimed_by)
                  and not (d.un_view and d.administered_by is None and hit.code != d.un_view)), None)
    if party is not None:
        return Border(hit.km, hit.lon, hit.lat, hit.name, hit.code, DE_FACTO_LINE,
                      f"de facto boundary of {prose_name(party.name)}", hit.precision_km)
    return Border(hit.km, hit.lon, hit.lat, hit.name, hit.code, INTERNATIONAL, None, hit.precision_km)


def _agreed_border(lon: float, lat: float, disputes: tuple[Dispute, ...]) -> Border | None:
    """The agreed line of a settled dispute the place is in (Hans Island's 2022 land border),
    with the partner side's state across it; None elsewhere."""
    from atlaspress.core.measure import distance_to
    from atlaspress.geo import disputes as table

    for d in disputes:
        line = table.agreed_line(d) if d.kind == "settled" else None
        if line is None:
            continue
        reach = distance_to(lon, lat, [line])
        partner = next(p for p in table.DISPUTES if p.key == table.AGREED[d.key])
        other = partner.administered_by
        if reach is None or other is None:
            continue
        return Border(reach.km, reach.lon, reach.lat, _name_of(other), other, INTERNATIONAL, table.AGREED_LINE_NAME,
                      table.AGREED_PRECISION_KM)
    return None


def _unit_here(lon: float, lat: float) -> str | None:
    """The display name of the Natural Earth unit without an ISO code the point is in or within
    :data:`COASTAL_KM` of (N. Cyprus at Kyrenia's harbour), else None."""
    from atlaspress.geo.atlas import display_name, feature_at, nearest_countries

    here = feature_at(lon, lat)
    if here is None:
        near = nearest_countries(lon, lat, 1)
        return near[0].name if near and near[0].code is None and near[0].km <= COASTAL_KM else None
    return display_name(here.name) if here.alpha2 is None else None


def _any_border(lon: float, lat: float) -> Border | None:
    """The nearest border between any two states (for land no state claims)."""
    from atlaspress.geo.atlas import nearest_border

    hit = nearest_border(lon, lat)
    return None if hit is None else Border(hit.km, hit.lon, hit.lat, hit.name, None, INTERNATIONAL, None,
                                           hit.precision_km)


def _shores(lon: float, lat: float, n: int = 2) -> tuple[Shore, ...]:
    from atlaspress.geo.atlas import nearest_countries

    near = nearest_countries(lon, lat, NEAREST_N)[:n]  # one cached query per point for every caller
    return tuple(Shore(s.km, _shore_name(s.code, s.name), s.code, s.precision_km) for s in near)


def _shore_name(code: str | None, name: str | None) -> str:
    """ISO's or the project's name ("French Polynesia"), not Natural Earth's label ("Fr. Polynesia")."""
    return _name_of(code) if code else name or ""


def covers(features: Iterable[Any], lon: float, lat: float) -> bool:
    """Whether one of the post's own polygons holds the point: an island too small for the
    coastline data (Hans Island, 1.2 km²) is land when the author drew it."""
    import shapely

    from atlaspress.core.sphere import planar_ring

    for feature in features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        coords = geometry.get("coordinates") or []
        polys = [coords] if geometry["type"] == "Polygon" else coords
        for rings in polys:
            try:
                outer = planar_ring(np.asarray(rings[0], dtype=float), lon)
                poly = shapely.Polygon(outer)
                if not poly.is_valid:
                    poly = shapely.make_valid(poly)
                if any(poly.covers(shapely.Point(x, lat)) for x in (lon, lon - 360, lon + 360)):
                    return True
            except (ValueError, TypeError, IndexError, shapely.errors.GEOSException):
                continue
    return False


def land_tolerance_km() -> float:
    """How far from the coastline a point is still "on the coast" (the land data's tolerance)."""
    from atlaspress.geo import land

    return land.TOLERANCE_KM


def _coast_km(lon: float, lat: float) -> float | None:
    """Distance to the coastline (OpenStreetMap's land/sea edge, :mod:`atlaspress.geo.land`),
    from land or from the sea; None where it is not finite."""
    import math

    from atlaspress.geo import land

    km = land.coast_distance_km(lon, lat)
    return km if math.isfinite(km) else None


# Natural Earth map units with no ISO code, and the state each belongs to where OpenStreetMap's
# polygons would say otherwise: the Sovereign Base Areas are British (Cyprus Act 1960, Annex A;
# Natural Earth's SOVEREIGNT column), though OpenStreetMap's Cyprus polygon covers them.
_UNIT_SOVEREIGN = {"Akrotiri": "GB", "Dhekelia": "GB"}


def _unit_code(name: str | None, lon: float, lat: float) -> str | None:
    """The ISO code of a Natural Earth unit without one (Indian Ocean Ter., Coral Sea Is., Spratly
    Is., Somaliland, N. Cyprus): the OpenStreetMap territory at its point nearest the place, so
    that Christmas Island's own unit is not "foreign land" and Itu Aba's is Taiwan's."""
    if name in _UNIT_SOVEREIGN:
        return _UNIT_SOVEREIGN[name]
    from atlaspress.geo.borders import territories_at

    found = territories_at(lon, lat)
    return found[0].alpha2 if len(found) == 1 else None


def _foreign(lon: float, lat: float, code: str, name: str | None, border: Border | None,
             parties: set[str]) -> Shore | None:
    """Another state's land, across water, nearer than the nearest land border (not a party to
    the place's own dispute: Natural Earth draws Crimea in Russia)."""
    from atlaspress.geo.atlas import display_name, find_country, nearest_countries
    from atlaspress.geo.borders import ne_code

    territory = _territory(code)
    ne = (ne_code(territory) if territory is not None else None) or code
    mine = {name, code} | {display_name(c.name) for c in find_country(ne)}
    own = {code, ne, _sovereignty(code)[0]}
    for near in nearest_countries(lon, lat, NEAREST_N):
        if near.name in mine or near.code in (code, ne):
            continue
        if border is not None and near.code is not None and near.code == border.with_code:
            return None  # the state across the land border: its row says it (Prizren, North Macedonia)
        unit = None if near.code else _unit_code(near.name, near.lon, near.lat)
        if unit is not None and (unit in own or _sovereignty(unit)[0] in own):
            continue  # the place's own territory under another Natural Earth name (Indian Ocean Ter.)
        if (near.code or unit) in parties and near.km <= COASTAL_KM:
            continue  # Natural Earth draws the place in a party to its dispute (Crimea in Russia)
        if border is None or near.km < border.km - 0.5:
            return Shore(near.km, _shore_name(near.code, near.name), near.code, near.precision_km)
        return None
    return None


STORY_REACH_KM = 25.0  # a city the story names may be this much further than the nearest (or twice as far)


def story_cities(lon: float, lat: float, story: str, reach_km: float = 150.0) -> tuple[str, ...]:
    """Names of the real cities within ``reach_km`` that the story names (nearest first)."""
    if not story:
        return ()
    from atlaspress.geo.cities import load_cities

    from .cities import _haversine
    from .story import names_in

    table = load_cities()
    idx = principal(CITY_POPULATION)
    km = _haversine(np.full(len(idx), lon), np.full(len(idx), lat), table.lon[idx], table.lat[idx])
    near = idx[km <= reach_km][np.argsort(km[km <= reach_km], kind="stable")]
    return names_in(story, [table.names[i] for i in near])


@functools.lru_cache(maxsize=4)
def _folded(min_population: int) -> np.ndarray:
    """The casefolded names of :func:`principal`'s cities, in its order."""
    from atlaspress.geo.cities import load_cities

    names = load_cities().names
    return np.array([names[i].casefold() for i in principal(min_population)], dtype=object)


def nearest_city(lon: float, lat: float, *, exclude: Iterable[str] = (), polar: bool = False,
                 min_population: int = CITY_POPULATION, prefer: Iterable[str] = ()) -> City | None:
    """The nearest real city (see :mod:`atlaspress.facts.cities`) other than ``exclude`` names;
    a city in ``prefer`` (one the story names) wins when it is at most :data:`STORY_REACH_KM`
    further than the nearest, or twice as far."""
    from atlaspress.geo.cities import load_cities

    from .cities import _haversine

    table = load_cities()
    skip = {n.casefold() for n in exclude if n}
    every = principal(min_population)
    folded = _folded(min_population)
    idx = every[~np.isin(folded, list(skip))] if skip else every
    keep = folded[~np.isin(folded, list(skip))] if skip else folded
    if not len(idx):
        return None
    liked = {n.casefold() for n in prefer if n} - skip
    # Only cities that can be the nearest (or a liked one) are measured on the ellipsoid: the
    # sphere's distance is within 0.6 % of the geodesic one, so none nearer is left out, and
    # each city's figures are the ones measuring them all would give.
    km = _haversine(np.full(len(idx), lon), np.full(len(idx), lat), table.lon[idx], table.lat[idx])
    near = km <= float(np.min(km)) * 1.02 + 1.0
    if liked:
        near |= np.isin(keep, list(liked))
    idx, keep = idx[near], keep[near]
    n = len(idx)
    az, _, metres = GEOD.inv(np.full(n, lon), np.full(n, lat), table.lon[idx], table.lat[idx])
    best = int(np.lexsort((idx, np.round(metres, 3)))[0])
    if liked:
        reach = max(2 * float(metres[best]), float(metres[best]) + STORY_REACH_KM * 1000)
        ok = np.flatnonzero(np.isin(keep, list(liked)) & (metres <= reach))
        if len(ok):
            best = int(ok[np.lexsort((idx[ok], np.round(metres[ok], 3)))[0]])
    i = int(idx[best])
    back = GEOD.inv(lon, lat, float(table.lon[i]), float(table.lat[i]))[1]  # at the city, towards the place
    return City(table.names[i], table.country[i], int(table.population[i]), float(metres[best]) / 1000,
                None if polar else compass16(float(az[best])), None if polar else compass16(back),
                float(table.lon[i]), float(table.lat[i]))


@functools.lru_cache(maxsize=1)
def _timezones() -> Any:
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


def time_zone(lon: float, lat: float, on: dt.date) -> TimeZone | None:
    """IANA zone at the point and its UTC offset at noon local time on ``on`` (not today)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    finder = _timezones()
    name = finder.timezone_at(lng=lon, lat=lat) or finder.timezone_at_land(lng=lon, lat=lat)
    if not name:
        return None
    try:
        offset = dt.datetime(on.year, on.month, on.day, 12, tzinfo=ZoneInfo(name)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    h, m = divmod(abs(minutes), 60)
    return TimeZone(name, f"UTC{sign}{h}" + (f":{m:02d}" if m else ""), on)


def _zone(lon: float, lat: float, on: dt.date, polar: bool, on_land: bool) -> tuple[TimeZone | None, str | None]:
    """The zone, or why there is none: at the North Pole every zone meets; a station keeps its own
    (the South Pole's Amundsen–Scott keeps New Zealand time, as the tz database records)."""
    zone = time_zone(lon, lat, on)
    if polar and (zone is None or zone.nautical):
        return None, "every time zone meets at the pole; none applies"
    if zone is not None and zone.nautical:
        return zone, "nautical time: no state's civil time applies here"
    return zone, None


# --- the facts ------------------------------------------------------------------------------


def place_facts(lon: float, lat: float, *, country: str | None = None, point_of_view: str = DE_FACTO,
                on: dt.date | None = None, exclude_cities: tuple[str, ...] = (),
                own_land: bool = False, story: str = "") -> PlaceFacts:
    """Every fact about (lon, lat) the pages state; ``country`` is the post's declared code,
    ``on`` the date whose UTC offset the time zone gives (the post's, so builds are repeatable;
    without one, no offset is computed), ``exclude_cities`` the place's own names and
    ``own_land`` whether the post's own polygon holds the point (see :func:`covers`), ``story``
    the post's words (:func:`atlaspress.facts.story.story_text`): a city it names is preferred."""
    prefer = story_cities(lon, lat, story)
    facts = _place_facts(lon, lat, country.upper() if country else None, point_of_view, exclude_cities, own_land,
                         prefer)
    if on is None:
        return facts
    zone, note = _zone(lon, lat, on, facts.polar, facts.on_land)
    return replace(facts, timezone=zone, timezone_note=note)


@functools.lru_cache(maxsize=256)
def _place_facts(lon: float, lat: float, declared: str | None, point_of_view: str,
                 exclude_cities: tuple[str, ...], own_land: bool, prefer: tuple[str, ...] = ()) -> PlaceFacts:
    """Everything but the date-dependent time zone, cached: the caption and the list ask alike."""
    from atlaspress.geo.borders import locate
    from atlaspress.geo.disputes import disputes_at

    where = locate(lon, lat)
    disputes = disputes_at(lon, lat)
    code = _decide(where, disputes, declared, point_of_view)
    unclaimed = (where.unclaimed and not disputes) or any(d.kind == "unclaimed" for d in disputes)
    if unclaimed and not declared:
        code = None  # Marie Byrd Land is in Antarctica (AQ), but in no state
    polar = abs(lat) >= POLAR_LAT
    on_land = where.on_land or own_land
    from atlaspress.geo import land

    water = None if on_land else land.inland_water(lon, lat)
    coast_km = _coast_km(lon, lat)
    # at sea: within the data's tolerance of the shore (never "offshore"); on land: a shore town
    on_coast = coast_km is not None and coast_km <= (max(COASTAL_KM, land_tolerance_km()) if on_land
                                                     else land_tolerance_km())
    name = described = sovereign = status = None
    if code is not None:
        sovereign, status = _sovereignty(code)
        name = _name_of(code)
        from atlaspress.geo.caption import prose_name

        described = f"{prose_name(name)}, {status}" if status else prose_name(name)
    if unclaimed and on_land and not where.antarctic:
        border = _any_border(lon, lat)
    else:
        border = _border(lon, lat, code, where, disputes) if (on_land or on_coast) and not unclaimed else None
    shores = _shores(lon, lat) if not on_land or unclaimed else ()
    parties = {c for d in disputes for c in (d.administered_by, *d.claimed_by) if c}
    foreign = _foreign(lon, lat, code, name, border, parties) if on_land and code and not where.antarctic else None
    city = nearest_city(lon, lat, exclude=exclude_cities, polar=polar, prefer=prefer)
    return PlaceFacts(
        lon=lon, lat=lat, point_of_view=point_of_view, declared=declared, country=code,
        country_name=name, described=described, sovereign=sovereign, status=status,
        territories=tuple(t.alpha2 for t in where.territories), disputes=disputes,
        antarctic=where.antarctic, antarctic_claim=where.claim_text(),
        antarctic_claimants=tuple(dict.fromkeys(c.claimant for c in where.claims)), unclaimed=unclaimed,
        on_land=on_land, on_coast=on_coast, inland_water=water, coast_km=coast_km,
        border=border, shores=shores, foreign=foreign,
        city=city, timezone=None, timezone_note=None, polar=polar,
    )
