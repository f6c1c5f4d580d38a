"""Stage: facts — what the data says about a post's place, computed once.

:func:`place_facts` measures a point (country, disputes, coast, borders, city, time zone);
:mod:`atlaspress.facts.sentences` writes the caption and the At a glance rows from those
facts, and :mod:`atlaspress.facts.numbers` rounds every number to what its data supports.
The value types are in :mod:`atlaspress.facts.model`; the measuring modules (numpy, shapely,
pyproj) are imported only when something is measured, so reading cached facts stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import City, TimeZone

if TYPE_CHECKING:
    from .place import Border, PlaceFacts, Shore, place_facts

__all__ = ["Border", "City", "PlaceFacts", "Shore", "TimeZone", "place_facts"]

_MEASURED = {"Border", "PlaceFacts", "Shore", "place_facts"}


def __getattr__(name: str) -> Any:
    if name in _MEASURED:
        from . import place

        return getattr(place, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
