"""What a locator map is asked to draw: the post's place and layers, nothing drawn yet.

Its own module because both the drawing (:mod:`atlaspress.maps.locator.compose`) and the
entry point (:mod:`atlaspress.maps.locator`) read it; neither imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocatorLayer:
    id: str
    title: str
    kind: str | None  # None or "disputed" | "line-of-control" | "de-facto" | "ceasefire"
    features: tuple[dict, ...]  # GeoJSON Feature dicts (lon, lat)


@dataclass(frozen=True)
class LocatorSpec:
    title: str
    place_name: str
    lon: float
    lat: float
    country: str | None  # ISO 3166-1 alpha-2 declared by the author; None: computed for the caption
    zoom: str | None  # None or "city" | "region" | "country" | "continent"
    layers: tuple[LocatorLayer, ...] = ()
    point_of_view: str = "de-facto"  # the site's (atlaspress.facts): how a disputed place is named
    story: str = ""  # the post's words (atlaspress.facts.story): the cities it names are labelled first
