"""The maps' one palette: the locator, the overview maps, the charts and the interactive map
(its MapLibre style, and map-app.js through the style's ``atlaspress:palette``) take their
colours from here, so the same border, coast or accent is the same colour on every map.

In ``core`` because every map stage reads it and it reads nothing.
"""

from __future__ import annotations

SEA = "#d3e5ef"
LAND = "#f5f0e6"
HIGHLIGHT = "#e5d5b8"  # the place's country on the locator and the overview maps
COAST = "#7fa6bf"
BORDER = "#8f8576"  # international borders (Natural Earth, OpenStreetMap)
DISPUTED_BORDER = "#5d5140"  # a line of control, a ceasefire or armistice line: dashed, darker
ACCENT = "#c4242b"  # the post's own layers and the place's ring
POINT = "#7d1418"  # the post's points
INK = "#1d1d1d"  # labels
MUTED = "#6f6556"  # country names and other quiet text

# What map-app.js needs of it (names as in a MapLibre style).
WEB = {
    "sea": SEA, "land": LAND, "coast": COAST, "border": BORDER, "disputed": DISPUTED_BORDER,
    "accent": ACCENT, "point": POINT, "ink": INK, "muted": MUTED,
}
