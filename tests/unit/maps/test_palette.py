"""One palette for every map (issue 11 point 5, issue 13): the locator, the web map's style,
map-app.js and the map's legend draw a border, a coast or a disputed line in the same colour."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from atlaspress.core import palette
from atlaspress.core.config import MapConfig
from atlaspress.maps.webmap.style import style_json

PACKAGE = Path(palette.__file__).resolve().parents[1]


def _paint(style: dict, layer_id: str, key: str) -> str:
    return next(layer for layer in style["layers"] if layer["id"] == layer_id)["paint"][key]


def test_the_web_map_draws_borders_coasts_and_lines_in_the_locators_colours():
    from atlaspress.maps.locator import compose

    style = style_json(MapConfig(), "assets/map/world.json")
    assert _paint(style, "world-border", "line-color") == compose.BORDER == palette.BORDER
    assert _paint(style, "detail-disputed", "line-color") == compose.DISPUTED_BORDER == palette.DISPUTED_BORDER
    assert _paint(style, "world-coast", "line-color") == compose.COAST
    assert _paint(style, "world-land", "fill-color") == compose.LAND
    assert _paint(style, "background", "background-color") == compose.SEA
    # map-app.js gets the palette from the style, for what it adds itself
    assert style["metadata"]["atlaspress:palette"]["border"] == palette.BORDER
    assert style["metadata"]["atlaspress:palette"]["disputed"] == palette.DISPUTED_BORDER


def test_no_map_module_or_script_keeps_its_own_copy_of_a_palette_colour():
    colours = {v.lower() for k, v in vars(palette).items() if k.isupper() and isinstance(v, str)}
    where = [*PACKAGE.joinpath("maps").rglob("*.py"), PACKAGE / "theme" / "static" / "map-app.js",
             PACKAGE / "theme" / "templates" / "post" / "map.html"]
    copies = []
    for path in where:
        for hex_colour in re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8")):
            if hex_colour.lower() in colours:
                copies.append(f"{path.relative_to(PACKAGE)}: {hex_colour}")
    assert sorted(copies) == [
        "maps/charts/palette.py: #7d1418",  # a doctest's expected output
        "maps/locator/compose.py: #5d5140",  # a highlighted country's name, the disputed lines' brown by chance
    ]


def test_the_web_map_does_not_reach_into_the_locator():
    """The split of borders into disputed lines and their legend are geo.disputes', not the locator's."""
    for path in PACKAGE.joinpath("maps", "webmap").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("atlaspress.maps.locator"), (path.name, node.module)
