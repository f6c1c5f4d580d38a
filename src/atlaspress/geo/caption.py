"""The generated sentence under a locator: every number from pyproj.Geod.

>>> compass(315.0)
'north-west'
>>> km_text(7.6)
'8 km'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .atlas import (
    GEOD,
    Nearest,
    display_name,
    feature_at,
    find_country,
    nearest_border,
    nearest_countries,
)
from .cities import City

_POINTS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")
_THE = re.compile(
    r"^(United |Republic |Democratic )|(Islands|Republic|Kingdom|Emirates|Netherlands"
    r"|Philippines|Bahamas|Gambia|Maldives|Comoros|Seychelles|Territory|Territories)$"
)
_SHORT = {"United States of America": "United States"}


def compass(azimuth: float) -> str:
    """Eight-point compass name for a forward azimuth in degrees."""
    return _POINTS[int(((azimuth % 360) + 22.5) // 45) % 8]


def km_text(km: float) -> str:
    """Rounded distance as prose: under 1 km says so; whole km with thousands separators."""
    if km < 1:
        return "less than 1 km"
    return f"{round(km):,} km"


def prose_name(name: str) -> str:
    """``"United States of America"`` → ``"the United States"``;
    ``"N. Cyprus"`` → ``"Northern Cyprus"``."""
    n = display_name(name)
    n = _SHORT.get(n, n)
    return f"the {n}" if _THE.search(n) else n


def is_plural(title: str) -> bool:
    words = title.split()
    if " & " in title or " and " in title:
        return True
    last = words[-1].lower() if words else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


@dataclass(frozen=True)
class Facts:
    """The measured facts a caption states (also handy for 'At a glance')."""

    country: str | None  # prose name of the country the place is in
    border: Nearest | None  # nearest border of that country (name = other side)
    offshore: tuple[Nearest, ...]  # nearest land of other states (or of all, at sea)
    at_sea: bool  # the point is on no land in Natural Earth (a tiny island, a strait)
    city: City | None
    city_km: float | None
    city_dir: str | None
    neighbours: tuple[Nearest, ...]  # for terra nullius: the states around it
    # said instead of "in <country>": an Antarctic claim ("in the Ross Dependency, claimed by
    # New Zealand") or a double claim the post does not settle
    claim: str | None = None


def city_distance(city: City, lon: float, lat: float) -> tuple[float, str]:
    az, _, m = GEOD.inv(city.lon, city.lat, lon, lat)
    return m / 1000, compass(az)


def measure(
    lon: float, lat: float, country: str | None, reference: City | None, reach_km: float
) -> Facts:
    """Measure what the caption says; ``reach_km`` bounds how far a border may be
    to be worth saying. ``country`` is the post's; without one it is computed from
    OpenStreetMap's borders (:mod:`atlaspress.geo.borders`)."""
    from .borders import land_border, locate, ne_code

    city_km = city_dir = None
    if reference is not None:
        city_km, city_dir = city_distance(reference, lon, lat)
    where = locate(lon, lat)
    territory = where.match(country) if country else where.territory
    at_sea = feature_at(lon, lat) is None
    claim = where.claim_text() if where.antarctic else None
    if country is None and territory is None:
        if where.unclaimed:  # Bir Tawil
            return Facts(None, None, (), False, reference, city_km, city_dir,
                         tuple(nearest_countries(lon, lat, 2)))
        if where.disputed:
            names = [prose_name(t.name) for t in where.territories]
            both = " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " and " + names[-1]
            claim = f"in territory claimed by {'both ' if len(names) == 2 else ''}{both}"
        near = tuple(n for n in nearest_countries(lon, lat, 2) if n.km <= reach_km) if at_sea else ()
        return Facts(None, None, near, at_sea, reference, city_km, city_dir, (), claim)
    code = territory.alpha2 if territory is not None else country
    assert code is not None
    found = find_country(ne_code(territory) or code) if territory is not None else find_country(code)
    if territory is not None and (country is None or where.accepts(country)):
        name = territory.described()
        if at_sea and (country is None or territory.alpha2 != country):
            claim = claim or f"in {name}"  # named even where Natural Earth's coast is too coarse
    else:
        name = prose_name(max(found, key=lambda c: c.geometry.area).name) if found else code
    border = land_border(lon, lat, territory) if territory is not None else nearest_border(lon, lat, code)
    if border is not None and border.km > reach_km:
        border = None
    offshore: tuple[Nearest, ...] = ()
    own = {display_name(c.name) for c in found} | ({territory.name} if territory is not None else set())
    if at_sea:
        offshore = tuple(n for n in nearest_countries(lon, lat, 2) if n.km <= reach_km
                         and not (claim and n.name in own))
        border = None
    elif border is None:
        other = [n for n in nearest_countries(lon, lat, 2) if n.name not in own and n.km <= reach_km]
        offshore = tuple(other[:1])
    return Facts(name, border, offshore, at_sea, reference, city_km, city_dir, (), claim)


def sentence(title: str, f: Facts) -> str:
    verb = "lie" if is_plural(title) else "lies"
    city = (
        f" {km_text(f.city_km)} {f.city_dir} of {f.city.name}"
        if f.city and f.city_km is not None
        else ""
    )
    if f.country is None and f.claim is None and not f.at_sea:
        names = [prose_name(n.name or "") for n in f.neighbours]
        claim = "are claimed" if verb == "lie" else "is claimed"
        where = f" and {verb} between {names[0]} and {names[1]}" if len(names) == 2 else ""
        return f"{title} {claim} by no state{where}{',' + city if city else ''}."
    city = city.strip()
    lead = f"{f.claim}, " if f.claim else ""
    if f.at_sea and f.claim and not f.offshore:
        return f"{title} {verb} {f.claim}{', ' + city if city else ''}."
    if f.at_sea and f.offshore:
        near = [(km_text(n.km), prose_name(n.name or "")) for n in f.offshore]
        where = f"{near[0][0]} off the coast of {near[0][1]}"
        if len(near) == 2:
            where += f" and {near[1][0]} off {near[1][1]}"
        return f"{title} {verb} {lead}{where}{', ' + city if city else ''}."
    if f.country is None and f.claim is None:
        return f"{title} {verb} at sea{', ' + city if city else ''}."
    parts = []
    if f.border is not None:
        parts.append(
            f"{km_text(f.border.km)} from the border with {prose_name(f.border.name or '')}"
        )
    elif f.offshore:
        parts.append(f"{km_text(f.offshore[0].km)} from {prose_name(f.offshore[0].name or '')}")
    if city:
        parts.append(city)
    place = f.claim or f"in {f.country}"
    return f"{title} {verb} {place}{', ' + ' and '.join(parts) if parts else ''}."
