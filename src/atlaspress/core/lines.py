"""The kinds of line an author may give a layer, and how every map names them.

One list for the locator (:mod:`atlaspress.maps.locator`), the interactive map
(:mod:`atlaspress.maps.webmap`) and the front-matter schema (``LineKind`` in
:mod:`atlaspress.content.model`, which spells the same values as a ``Literal`` so the
schema documents them; ``tests/unit/maps/test_line_kinds.py`` keeps the two equal).
Every kind is drawn dashed on both maps and explained in their legends: none of them is an
international border agreed by both sides.
"""

from __future__ import annotations

LINE_KINDS: tuple[str, ...] = ("disputed", "line-of-control", "de-facto", "ceasefire")
KIND_TEXT: dict[str, str] = {
    "disputed": "disputed boundary",
    "line-of-control": "line of control",
    "de-facto": "de facto boundary",
    "ceasefire": "ceasefire line",
}
