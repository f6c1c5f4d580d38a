"""Stage: facts — what the data says about a post's place, computed once.

:func:`place_facts` measures a point (country, disputes, coast, borders, city, time zone);
:mod:`atlaspress.facts.sentences` writes the caption and the At a glance rows from those
facts, and :mod:`atlaspress.facts.numbers` rounds every number to what its data supports.
"""

from .cities import City
from .place import Border, PlaceFacts, Shore, TimeZone, place_facts

__all__ = ["Border", "City", "PlaceFacts", "Shore", "TimeZone", "place_facts"]
