"""The locator says disputes plainly (issue 10, point 3): disputed lines dashed and explained
in the legend, never drawn as a plain border; a disputed area labelled as disputed rather than
with one side's name. Positions are the towns' Wikipedia coordinates, rounded."""

from __future__ import annotations

import re

import pytest

from atlaspress.geo.disputes import DISPUTED_LINES, DISPUTES, line_legend
from atlaspress.maps.locator import LocatorSpec, render_locator
from atlaspress.maps.locator.compose import area_label

DASH = 'stroke-dasharray="4 2.5"'


def _texts(svg: str) -> list[str]:
    return [t for t in re.findall(r">([^<>]+)</(?:text|tspan)>", svg) if t.strip()]


@pytest.fixture(scope="module")
def srinagar() -> str:
    return render_locator(LocatorSpec("Srinagar", "Srinagar", 74.80, 34.08, None, None)).svg


def test_line_of_control_dashed_and_explained(srinagar: str) -> None:
    assert DASH in srinagar
    assert "Line of Control (disputed)" in _texts(srinagar)


def test_kashmir_labelled_as_disputed(srinagar: str) -> None:
    joined = " ".join(_texts(srinagar))
    assert "KASHMIR" in joined and "(DISPUTED)" in joined
    assert "INDIA" not in _texts(srinagar)  # not one side's name across Kashmir


def test_crimea_not_labelled_russia() -> None:
    svg = render_locator(LocatorSpec("Simferopol", "Simferopol", 34.10, 44.95, None, None)).svg
    joined = " ".join(_texts(svg))
    assert "CRIMEA" in joined and "DISPUTED" in joined
    assert "RUSSIA" not in _texts(svg)


def test_berm_from_the_table() -> None:
    loc = render_locator(LocatorSpec("Laayoune", "Laayoune", -13.20, 27.15, None, None))
    assert "Moroccan berm (de facto line of control)" in _texts(loc.svg)
    assert len(loc.svg.encode()) <= 40_000 and len(loc.svg_compact.encode()) <= 40_000


def test_far_from_disputes_nothing_changes() -> None:
    svg = render_locator(LocatorSpec("Paris", "Paris", 2.35, 48.86, None, None)).svg
    assert DASH not in svg and "(DISPUTED)" not in svg


def test_legend_and_label_texts() -> None:
    for ln in DISPUTED_LINES:
        text = line_legend(ln)
        assert text and "border" not in text.lower(), ln.key  # never an international border
    by_key = {d.key: d for d in DISPUTES}
    assert area_label(by_key["crimea"]) == "Crimea (disputed)"
    assert area_label(by_key["bir-tawil"]) == "Bir Tawil (unclaimed)"
    assert area_label(by_key["hans-island-canada"]) == "Hans Island"


# --- the site's point of view changes the map, not only the text (issue 10, point 3) ---------

SIMFEROPOL = (34.10, 44.95)  # Wikipedia: 44°57′ N 34°06′ E
SRINAGAR = (74.80, 34.08)  # Wikipedia: 34°05′ N 74°48′ E


def _hl_covers(mm, lon: float, lat: float) -> bool:
    """Whether the subject country's shading covers (lon, lat)."""
    import shapely

    x, y = mm.base.view.point_px(lon, lat)
    return any(shapely.intersects_xy(g, x, y) for g in mm.hl_base)


def test_crimea_is_ukraines_under_the_ua_and_un_views() -> None:
    from atlaspress.maps.locator import main_map

    for pov in ("UA", "un"):
        spec = LocatorSpec("Simferopol", "Simferopol", *SIMFEROPOL, "UA", None, point_of_view=pov)
        mm = main_map(spec)
        assert "CRIMEA (UKRAINE, DISPUTED)" in " ".join(_texts(render_locator(spec).svg))
        assert _hl_covers(mm, *SIMFEROPOL)  # shaded with Ukraine
        assert any("Disputed areas as" in el for el in mm.legend_els)
    # de facto: Russia's shading (a post declaring Russia), labelled as disputed, no view note
    spec = LocatorSpec("Simferopol", "Simferopol", *SIMFEROPOL, "UA", None)
    mm = main_map(spec)
    assert not _hl_covers(mm, *SIMFEROPOL)  # Ukraine's shading stops at the de facto line
    assert "CRIMEA (DISPUTED)" in " ".join(_texts(render_locator(spec).svg))
    assert not any("Disputed areas as" in el for el in mm.legend_els)


def test_all_of_kashmir_is_indias_under_the_in_view() -> None:
    from atlaspress.maps.locator import main_map

    gilgit = (74.31, 35.92)  # Gilgit, Pakistani-administered (Wikipedia: 35°55′ N 74°18′ E)
    de_facto = main_map(LocatorSpec("Srinagar", "Srinagar", *SRINAGAR, "IN", "country"))
    india = main_map(LocatorSpec("Srinagar", "Srinagar", *SRINAGAR, "IN", "country", point_of_view="IN"))
    assert _hl_covers(de_facto, *SRINAGAR) and _hl_covers(india, *SRINAGAR)
    assert not _hl_covers(de_facto, *gilgit)
    assert _hl_covers(india, *gilgit)


def test_a_microstate_is_ringed_not_covered() -> None:
    """The Vatican (0.44 km²): a city-scale frame, its OpenStreetMap outline shaded, and a ring
    around it instead of a dot on top."""
    from atlaspress.maps.locator import main_map

    for variant in ("wide", "compact"):
        mm = main_map(LocatorSpec("Vatican City", "Vatican City", 12.4534, 41.9029, "VA", None), variant=variant)
        assert mm.marker_mode == "ring"
        assert mm.hl_base and _hl_covers(mm, 12.4534, 41.9029)
        assert "Rome" in mm.city_labels  # the city the caption measures from


# Hans Island: split by the agreement of 14 June 2022 (Global Affairs Canada), Canada to the
# north-west of a 1,280 m line across the island (Wikipedia, "Hans Island"), Greenland to the
# south-east. The island (80.821–80.832 N, 66.411–66.494 W) as OpenStreetMap land draws it.
HANS_WEST, HANS_EAST = (-66.485, 80.8265), (-66.42, 80.8265)


@pytest.mark.parametrize(("at", "country", "other"), [(HANS_WEST, "CA", "GL"), (HANS_EAST, "GL", "CA")])
def test_hans_island_has_a_land_border_since_2022(at, country, other) -> None:
    from atlaspress.facts.place import place_facts
    from atlaspress.facts.sentences import caption

    f = place_facts(*at)
    assert f.country == country
    assert f.border is not None and f.border.international and f.border.with_code == other
    assert f.border.km < 1.3  # the island is 1.3 km across: never "no land border" or 2,000 km
    assert f.foreign is None
    text = caption("Hans Island", f)
    assert "2022" in text and "divides Hans Island" in text


def test_hans_island_locator_draws_the_2022_line_and_shades_one_half() -> None:
    from atlaspress.maps.locator import main_map

    mm = main_map(LocatorSpec("Hans Island", "Hans Island", *HANS_WEST, "CA", "city"))
    assert _hl_covers(mm, *HANS_WEST)
    assert not _hl_covers(mm, *HANS_EAST)  # Greenland's half is not shaded as Canada's
    import shapely

    # a border is drawn across the middle of the island (Natural Earth has none there)
    x, y = mm.base.view.point_px(-66.4575, 80.8270)
    assert any(shapely.dwithin(g, shapely.Point(x, y), 3.0) for g in mm.base.borders)


def test_a_coastal_microstate_is_shaded_on_land_only() -> None:
    """Monaco's OpenStreetMap polygon runs 20 km out to sea; only its 2 km² of land is shaded."""
    from atlaspress.maps.locator import main_map

    mm = main_map(LocatorSpec("Monte Carlo", "Monte Carlo", 7.4270, 43.7397, None, None))
    assert _hl_covers(mm, 7.4270, 43.7397)
    assert not _hl_covers(mm, 7.43, 43.60)  # at sea, 15 km south, in Monaco's waters
