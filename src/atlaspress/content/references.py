"""Claims that name a layer the post does not have: checked when the post is loaded.

This needs only the front matter and the layer files' geometry types, no measuring, so it
lives with loading (:mod:`atlaspress.content.load` calls it); the measuring of claims is a
later stage (:mod:`atlaspress.facts.claims`), which reads the subjects named here.
"""

from __future__ import annotations

from collections.abc import Mapping

from atlaspress.content.frontmatter import Positions
from atlaspress.content.model import FrontMatter
from atlaspress.core.errors import Diagnostic, Severity
from atlaspress.core.text import did_you_mean

BORDER = "border"
CITY_PREFIX = "city:"
_AREAS = {"Polygon", "MultiPolygon"}
_LINES = {"LineString", "MultiLineString"}


def check_references(front: FrontMatter, layer_kinds: Mapping[str, set[str] | None], positions: Positions,
                     src_path: str) -> list[Diagnostic]:
    """Errors for claims (and ``place.distance_to``) naming a layer the post does not have.

    ``layer_kinds`` maps each layer id to the geometry types its features hold (``None`` when
    the file could not be read: that error is reported already).
    """
    ids = sorted(layer_kinds)
    out: list[Diagnostic] = []

    def error(path: tuple, message: str, hint: str | None) -> None:
        line, col = positions.locate(path)
        out.append(Diagnostic(src_path, line, col, Severity.ERROR, ".".join(map(str, path)), message, hint))

    def unknown(path: tuple, key: str, extra: str = "") -> None:
        if ids:
            hint = did_you_mean(key, ids)
            if hint and hint.startswith("known keys"):
                hint = "the post's layers are " + ", ".join(ids) + extra
        else:
            hint = "the post has no layers; add one under `layers:`" + extra
        error(path, f"unknown layer {key!r}", hint)

    if front.place and front.place.distance_to and front.place.distance_to not in layer_kinds:
        unknown(("place", "distance_to"), front.place.distance_to)
    for i, claim in enumerate(front.claims):
        if claim.distance_to:
            key = claim.distance_to
            if key in layer_kinds or key == BORDER:
                continue
            if key.startswith(CITY_PREFIX):
                if not key[len(CITY_PREFIX):].strip():
                    error(("claims", i, "distance_to"), "no city named after `city:`", "write e.g. city:Seoul")
                continue
            unknown(("claims", i, "distance_to"), key, "; or write `border` or `city:<Name>`")
        for subject, wanted, what in (("area", _AREAS, "polygons"), ("length", _LINES, "lines")):
            key = getattr(claim, subject)
            if not key:
                continue
            if key not in layer_kinds:
                unknown(("claims", i, subject), key)
            elif layer_kinds[key] is not None and not layer_kinds[key] & wanted:  # type: ignore[operator]
                error(("claims", i, subject), f"layer {key!r} has no {what}",
                      f"{subject} measures a layer of {what}")
    return out
