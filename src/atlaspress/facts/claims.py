"""Claims: statements in front matter that the post's geometry can check.

An author writes what the article asserts, and atlaspress measures it::

    claims:
      - {distance_to: mdl, less_than: 5 mi, text: Less than five miles from the border}
      - {area: zone, about: 3.3 km2, tolerance: 10%}
      - {in_country: KP}

Subjects: ``distance_to`` (a layer id, ``border`` or ``city:<Name>``), ``area`` and
``length`` (a layer id) and ``in_country`` (ISO alpha-2, by OpenStreetMap's borders; a
territory's sovereign holds too: GB for Pitcairn). Comparisons: ``less_than``,
``more_than`` or ``about`` with ``tolerance`` (default 10 %). A claim that does not hold is
a warning naming the measured value, located at the claim::

    content/places/x/index.md:31:5: warning[claims]: "less than 5 mi from mdl" does not hold: 9.8 km (6.1 mi)

References are checked when the post is loaded
(:func:`atlaspress.content.references.check_references`, no geometry needed); the
measuring happens in the enrich stage (:func:`evaluate_claims`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from atlaspress.content.model import Claim, Quantity
from atlaspress.content.references import BORDER, CITY_PREFIX
from atlaspress.core.errors import Diagnostic, Severity
from atlaspress.facts.glance import Verdict

if TYPE_CHECKING:
    from atlaspress.content.load import Post
    from atlaspress.facts.glance import Glance

DEFAULT_TOLERANCE = Quantity(10.0, "%")


def _comparison(claim: Claim) -> str:
    if claim.less_than is not None:
        return f"less than {claim.less_than}"
    if claim.more_than is not None:
        return f"more than {claim.more_than}"
    if claim.about is not None:
        return f"about {claim.about} (±{claim.tolerance or DEFAULT_TOLERANCE})"
    return ""


def describe(claim: Claim, name: Callable[[str], str] = str) -> str:
    """The claim in words; ``name`` maps a layer id or country code to what to call it.

    >>> describe(Claim(distance_to="mdl", less_than="5 mi"))
    'less than 5 mi from mdl'
    >>> describe(Claim(area="zone", about="66 km2"))
    'area of zone about 66 km² (±10%)'
    """
    if claim.distance_to:
        target = claim.distance_to
        if target.startswith(CITY_PREFIX):
            where = target[len(CITY_PREFIX):].strip()
        else:
            where = name(target)
            where = "the border" if where == BORDER else where
        return f"{_comparison(claim)} from {where}"
    if claim.area:
        return f"area of {name(claim.area)} {_comparison(claim)}"
    if claim.length:
        return f"length of {name(claim.length)} {_comparison(claim)}"
    return f"in {name(claim.in_country or '')}"


def _compare(claim: Claim, value: float) -> bool:
    if claim.less_than is not None:
        return value < claim.less_than.si
    if claim.more_than is not None:
        return value > claim.more_than.si
    assert claim.about is not None
    tolerance = claim.tolerance or DEFAULT_TOLERANCE
    allowed = claim.about.si * tolerance.si if tolerance.dimension == "ratio" else tolerance.si
    return abs(value - claim.about.si) <= allowed


def evaluate_claims(post: Post, glance: Glance) -> tuple[tuple[Verdict, ...], list[Diagnostic]]:
    """Measure every claim of ``post``; a warning for each that does not hold."""
    from atlaspress.core.measure import GEOD, area_km2, distance_to, length_km, lines, polygons
    from atlaspress.facts.glance import find_city, km2_text, km_text, layer_by_id, layer_shapes

    place = post.front.place
    lon, lat = place.at.lon, place.at.lat
    labels = {layer.spec.key: layer.spec.label for layer in post.layers}
    named = {**labels, BORDER: labels.get(BORDER, "the border")}
    verdicts: list[Verdict] = []
    findings: list[Diagnostic] = []
    for i, claim in enumerate(post.front.claims):
        line, col = post.positions.locate(("claims", i)) if post.positions else (1, 1)
        statement = describe(claim)
        holds: bool | None = None
        measured = "not measurable"
        if claim.in_country:
            # the territory itself, its sovereign (GB for Pitcairn) or an Antarctic claimant
            from atlaspress.facts.glance import _name
            from atlaspress.facts.sentences import held_by
            from atlaspress.geo.borders import locate
            from atlaspress.geo.disputes import disputes_at

            code = claim.in_country.upper()
            holds = locate(lon, lat).accepts(code)
            where = (f"{glance.country_name} ({glance.country})" if glance.country
                     else glance.country_name or "no country")
            measured = f"the point is in {where}" if not glance.at_sea else "the point is in the sea"
            party = [d for d in disputes_at(lon, lat) if d.kind != "settled"
                     and (code == d.administered_by or code in d.claimed_by)]
            if party:  # neither true nor false: the page says who holds it and who claims it
                holds, measured = None, f"disputed: {party[0].name} is {held_by(party[0])}"
            text = claim.text or describe(claim, _name)
        else:
            km: float | None = None
            key = claim.distance_to or claim.area or claim.length or ""
            layer = layer_by_id(post, key)
            if claim.area and layer:
                km = area_km2(polygons(layer_shapes(layer)))
            elif claim.length and layer:
                km = length_km(lines(layer_shapes(layer)))
            elif layer:
                reach = distance_to(lon, lat, layer_shapes(layer))
                km = reach.km if reach else None
            elif key == BORDER:
                km = glance.border.km if glance.border else None
                measured = "no land border" if km is None else measured
            elif key.startswith(CITY_PREFIX):
                city = find_city(key[len(CITY_PREFIX):])
                if city is None:
                    cl, cc = post.positions.locate(("claims", i, "distance_to")) if post.positions else (line, col)
                    findings.append(Diagnostic(post.src_path, cl, cc, Severity.ERROR, f"claims.{i}.distance_to",
                                               f"no city called {key[len(CITY_PREFIX):].strip()!r} in GeoNames",
                                               "write the city's English name, e.g. city:Seoul"))
                else:
                    km = GEOD.inv(lon, lat, city[1], city[2])[2] / 1000
            if km is not None:
                value = km * (1e6 if claim.area else 1000)
                holds = _compare(claim, value)
                measured = km2_text(km) if claim.area else km_text(km)
            text = claim.text or describe(claim, lambda k: named.get(k, k))
        text = text[:1].upper() + text[1:]
        verdicts.append(Verdict(i, text, statement, holds, measured))
        if holds is False:
            findings.append(Diagnostic(post.src_path, line, col, Severity.WARNING, "claims",
                                       f'"{statement}" does not hold: {measured}'))
    return tuple(verdicts), findings
