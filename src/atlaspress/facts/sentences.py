"""Sentences and list rows about a place, written from one :class:`PlaceFacts`.

The caption under the locator and the At a glance rows are both written here from the same
facts with the same rounding (:mod:`atlaspress.facts.numbers`), so they agree by
construction. A disputed place is always said to be disputed, with who holds it, who claims
it and since when, whatever the site's point of view; the point of view only decides which
state it is named as part of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atlaspress.core.text import join_phrases
from atlaspress.facts.model import Row  # noqa: F401 - re-exported

from .numbers import distance_text
from .place import DE_FACTO, PlaceFacts

if TYPE_CHECKING:
    from atlaspress.geo.disputes import Dispute


_and = join_phrases  # one join for every generated list of names: never re-cases them


def _name(code: str) -> str:
    from atlaspress.geo.borders import territory_name

    return territory_name(code)


def _prose(code: str) -> str:
    from atlaspress.geo.borders import territory_name
    from atlaspress.geo.caption import prose_name

    return prose_name(territory_name(code))


def view_phrase(point_of_view: str) -> str:
    """``"in the UN's view"``, ``"in India's view"``; empty for the de facto view."""
    if point_of_view == DE_FACTO:
        return ""
    if point_of_view == "un":
        return "in the UN's view"
    from atlaspress.geo.borders import territory_name

    return f"in {territory_name(point_of_view)}'s view"


def _area(d: Dispute) -> str:
    """The disputed area's name in a sentence: "the Golan Heights", "Crimea"."""
    from atlaspress.geo.caption import prose_name

    return prose_name(d.name)


def held_by(d: Dispute) -> str:
    """``"held since 2014 by Russia and claimed by Ukraine"``."""
    if d.kind == "unclaimed":
        return f"claimed by no state{': ' + d.status if d.status else ''}"
    since = f"the {d.since}" if d.since.endswith("s") else d.since  # "since the 1950s"
    # "since" first: the holder's name may carry its own clause ("…, backed by Russia")
    held = (f"held since {since} by " if d.since else "held by ") + d.administrator
    claimants = [_prose(c) for c in d.claimed_by if c != d.administered_by]
    return held + (f" and claimed by {_and(claimants)}" if claimants else "")


def _plural(title: str) -> bool:
    from atlaspress.geo.caption import is_plural

    return is_plural(title)


def _city_phrase(f: PlaceFacts) -> str:
    c = f.city
    if c is None:
        return ""
    if c.bearing is None:  # at a pole every city is "north" (or "south")
        return f"{distance_text(c.km)} from {c.name}"
    return f"{distance_text(c.km)} {c.bearing} of {c.name}"


def _border_phrase(f: PlaceFacts, reach_km: float) -> str:
    b = f.border
    if b is None or b.km > reach_km:
        return ""
    km = distance_text(b.km, b.precision_km)
    if not b.international:
        return f"{km} from the {b.line or b.kind}"
    from atlaspress.geo.caption import prose_name

    return f"{km} from the border with {prose_name(b.with_name or '')}"


def _shore_phrase(f: PlaceFacts, reach_km: float) -> str:
    from atlaspress.geo.caption import prose_name

    near = [s for s in f.shores if s.km <= reach_km] or list(f.shores[:1])
    if not near:
        return ""
    first = f"{distance_text(near[0].km, near[0].precision_km)} off the coast of {prose_name(near[0].name)}"
    if len(near) > 1:
        first += f" and {distance_text(near[1].km, near[1].precision_km)} off {prose_name(near[1].name)}"
    return first


def caption(title: str, f: PlaceFacts, reach_km: float = 100.0) -> str:
    """The sentence under the locator: where the place is, the border in reach, the nearest city."""
    verb = "lie" if _plural(title) else "lies"
    be = "are" if verb == "lie" else "is"
    city = _city_phrase(f)
    tail: list[str] = []
    disputes = f.active_disputes
    if f.unclaimed:
        from atlaspress.geo.caption import prose_name

        names = [prose_name(s.name) for s in f.shores[:2]]
        between = f" and {verb} between {names[0]} and {names[1]}" if len(names) == 2 else ""
        where = f" {f.antarctic_claim}" if f.antarctic and f.antarctic_claim else ""
        lead = f"{title} {be} claimed by no state{between}" if not where else f"{title} {verb}{where}"
        b = f.border
        if b is not None and b.km <= reach_km and b.with_name:
            pair = " and ".join(prose_name(n) for n in b.with_name.split(" / "))
            lead += f", {distance_text(b.km, b.precision_km)} from the border between {pair}"
        said = b is not None and b.km <= reach_km
        return f"{lead}{(' and ' if said else ', ') + city if city else ''}."
    if disputes:
        d = disputes[0]
        view = ""
        if f.country and f.country != d.administered_by:
            view = f", part of {_prose(f.country)} {view_phrase(f.point_of_view)}".rstrip()
        if d.name.casefold() in title.casefold():
            lead = f"{title} {be} disputed{view}: {held_by(d)}"
        else:
            lead = f"{title} {verb} in {_area(d)}, disputed{view}: {held_by(d)}"
    elif f.antarctic:
        lead = f"{title} {verb} {f.antarctic_claim or 'in Antarctica'}"
    elif f.inland_water and not f.on_coast:
        where = f" in {f.described}" if f.country else ""
        lead = f"{title} {verb} on a {f.inland_water}{where}"
    elif f.at_sea:
        lead = f"{title} {verb} in the waters of {f.described}" if f.country else f"{title} {verb} at sea"
        shore = _shore_phrase(f, reach_km)
        return f"{lead}{', ' + shore if shore else ''}{', ' + city if city else ''}."
    elif f.country:
        lead = f"{title} {verb} {'on the coast of' if f.on_coast else 'in'} {f.described}"
    elif f.overlap:
        lead = f"{title} {verb} in territory claimed by {_and([_prose(c) for c in f.territories])}"
    else:
        lead = f"{title} {verb} on land"
    border = _border_phrase(f, reach_km)
    if border:
        tail.append(border)
    elif f.foreign is not None and f.foreign.km <= reach_km:
        from atlaspress.geo.caption import prose_name

        tail.append(f"{distance_text(f.foreign.km, f.foreign.precision_km)} from {prose_name(f.foreign.name)}")
    if city:
        tail.append(city)
    joiner = "; " if disputes else ", "
    return f"{lead}{joiner + ' and '.join(tail) if tail else ''}."


# --- At a glance ------------------------------------------------------------------------------


def _country_row(f: PlaceFacts) -> Row:
    disputes = f.active_disputes
    note: str | None
    if f.unclaimed:
        if f.antarctic:
            note = "in Antarctica between 90° W and 150° W, the one sector no state claims"
        else:
            note = next((d.status for d in disputes if d.kind == "unclaimed"), None)
        return Row("country", "Country", "None: claimed by no state", note)
    if disputes:
        d = disputes[0]
        if f.country:
            value = f"{f.country_name} ({f.country}), disputed"
        elif d.administered_by is None and d.kind in ("breakaway", "partially recognised"):
            value = f"{d.name} (disputed)"  # the self-declared state holds it: Abkhazia, Northern Cyprus
        else:
            value = "Disputed"  # the point of view names no state (the UN on Kashmir)
        view = view_phrase(f.point_of_view)
        # who holds and who claims it is the next row's ("Disputed: Crimea"), with its source
        note = f"named {view}, the site's point of view" if view else None
        if d.kind == "unclaimed" or (not f.country and value == "Disputed"):
            note = "; ".join(n for n in (held_by(d), note) if n)
        return Row("country", "Country", value, note)
    if f.country is None:
        if f.overlap:
            names = " or ".join(f"{_prose(c)} ({c})" for c in f.territories)
            return Row("country", "Country", names,
                       f"claimed by each: OpenStreetMap's borders of {_and([_prose(c) for c in f.territories])} "
                       "overlap here")
        if f.at_sea:
            return Row("country", "Country", "None: at sea", "in no state's waters on OpenStreetMap's borders")
        return Row("country", "Country", "None", "inside no state's border on OpenStreetMap")
    notes: list[str] = []
    value = f"{f.country_name} ({f.country})" + (f", {f.status}" if f.status else "")
    if f.declared and f.declared != f.country and f.declared == f.sovereign:
        # GB for Pitcairn: the author's word is right; the territory is named beside it
        value = f"{_name(f.declared)} ({f.declared})"
        notes.append(f"in {f.described}")
    elif f.declared and f.declared not in (f.country, f.sovereign):
        notes.append(f"by point-in-polygon; the post says {f.declared}")
    if f.antarctic and f.antarctic_claim:
        notes.append(f.antarctic_claim)
    for d in f.disputes:  # settled: Hans Island
        if d.kind == "settled":
            notes.append(d.status)
    return Row("country", "Country", value, "; ".join(notes) or None)


def _dispute_rows(f: PlaceFacts) -> list[Row]:
    rows = []
    for d in f.active_disputes:
        if d.kind == "unclaimed":
            continue
        value = held_by(d)
        rows.append(Row(f"dispute-{d.key}", f"Disputed: {d.name}", value[:1].upper() + value[1:],
                        f"{d.status} Source: {d.source}", d.source_url or None))
    return rows


def _where_rows(f: PlaceFacts) -> list[Row]:
    from atlaspress.geo.caption import prose_name

    rows: list[Row] = []
    if f.at_sea:
        near = "; ".join(f"{s.name}, {distance_text(s.km, s.precision_km, miles=True)}" for s in f.shores)
        where = f"In the waters of {f.country_name}" if f.country else "At sea"
        rows.append(Row("at-sea", "At sea", where, None))
        if near:
            rows.append(Row("nearest-land", "Nearest land", near, "by Natural Earth 1:10m coastlines"))
        return rows
    if f.inland_water:
        rows.append(Row("water", "Inland water", f"On a {f.inland_water}", "OpenStreetMap's lakes and rivers"))
    elif f.on_coast:
        rows.append(Row("coast", "Coast", "On the coast", "within the coastline data's tolerance of the shore"))
    b = f.border
    if f.unclaimed:
        if b is not None:
            rows.append(Row("border", "Nearest land border", distance_text(b.km, b.precision_km, miles=True),
                            f"between {b.with_name}"))
        return rows
    if b is not None:
        label = "Nearest land border" if b.international else f"Nearest {b.line or b.kind}"
        kind = f"{'an' if b.kind[:1] in 'aeiou' else 'a'} {b.kind}, not an international border"
        note = f"with {b.with_name}" if b.international else \
            f"{kind}; {b.with_name} across it" if b.with_name else kind
        rows.append(Row("border", label, distance_text(b.km, b.precision_km, miles=True), note))
    elif f.country and not f.antarctic:
        who = prose_name(f.country_name or f.country)
        have = "have" if _plural(who) else "has"
        rows.append(Row("border", "Nearest land border", f"{who[:1].upper() + who[1:]} {have} no land border"))
    if f.foreign is not None:
        rows.append(Row("foreign-land", "Nearest foreign land",
                        distance_text(f.foreign.km, f.foreign.precision_km, miles=True), f.foreign.name))
    return rows


def _city_row(f: PlaceFacts) -> list[Row]:
    from .cities import CITY_POPULATION

    c = f.city
    if c is None:
        return []
    where = f"{c.name}, {distance_text(c.km, miles=True)}" + (f" to the {c.direction}" if c.direction else "")
    return [Row("city", f"Nearest city over {CITY_POPULATION:,} people", where, f"population {c.population:,}")]


def _zone_row(f: PlaceFacts) -> list[Row]:
    from atlaspress.content.model import human_date

    z = f.timezone
    if z is None:
        return [Row("timezone", "Time zone", "None", f.timezone_note)] if f.timezone_note else []
    note = f"on {human_date(z.on.isoformat())}" + (f"; {f.timezone_note}" if f.timezone_note else "")
    return [Row("timezone", "Time zone", f"{z.name}, {z.offset}", note)]


def place_rows(f: PlaceFacts) -> tuple[list[Row], list[Row]]:
    """The rows before the layer measurements (country, disputes) and after them (borders,
    city, time zone)."""
    return [_country_row(f), *_dispute_rows(f)], [*_where_rows(f), *_city_row(f), *_zone_row(f)]
