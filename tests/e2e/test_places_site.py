"""End to end (issue 10, point 7): a site made only with the CLI — `new site`, then one
`new post "Name" --at "LAT N, LON E"` per reference place — builds, and each post page
names the place's country and says "disputed" for the disputed places.

Places and expectations come from ``tests/fixtures/places/places.yaml`` (see its README);
country names are the ISO 3166-1 English short names or their common short forms.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from atlaspress.app.cli import cli

from ..unit.test_places_reference import PLACES

pytestmark = pytest.mark.slow

# ISO 3166-1 English short names, with the common forms a page may use instead.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AD": ("Andorra",), "AR": ("Argentina",), "BE": ("Belgium",), "CA": ("Canada",),
    "CN": ("China",), "DE": ("Germany",), "EG": ("Egypt",), "ES": ("Spain",), "FJ": ("Fiji",),
    "GI": ("Gibraltar",), "GL": ("Greenland",), "GU": ("Guam",), "HK": ("Hong Kong",),
    "IL": ("Israel",), "IN": ("India",), "IT": ("Italy",), "KI": ("Kiribati",),
    "LI": ("Liechtenstein",), "MA": ("Morocco",), "MC": ("Monaco",), "MT": ("Malta",),
    "NL": ("Netherlands",), "PK": ("Pakistan",), "PN": ("Pitcairn",),
    "PS": ("Palestine", "Palestinian"), "RE": ("Réunion", "Reunion"),
    "RU": ("Russia", "Russian Federation"), "SG": ("Singapore",),
    "SH": ("Saint Helena", "St Helena", "St. Helena", "Tristan da Cunha"), "SJ": ("Svalbard",),
    "SM": ("San Marino",), "TW": ("Taiwan",), "US": ("United States",),
    "VA": ("Vatican", "Holy See"), "XK": ("Kosovo",),
}


def hemisphere(lat: float, lon: float) -> str:
    return f"{abs(lat)} {'N' if lat >= 0 else 'S'}, {abs(lon)} {'E' if lon >= 0 else 'W'}"


def page_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


BUILD_OUTPUT: list[str] = []


def missing(place: dict[str, Any], page: Path) -> str:
    said = [line for line in BUILD_OUTPUT if f"/{page.parent.name}/" in line]
    return f"{place['name']}: no page built; build said: {said or BUILD_OUTPUT[-1:]}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Place id → its built page."""
    runner = CliRunner()
    site = tmp_path_factory.mktemp("places") / "site"
    result = runner.invoke(cli, ["new", "site", str(site)])
    assert result.exit_code == 0, result.output
    places = site / "content" / "places"
    slugs: dict[str, str] = {}
    for place in PLACES:
        before = set(p.name for p in places.iterdir()) if places.exists() else set()
        result = runner.invoke(cli, ["new", "post", place["name"], "--at", hemisphere(place["lat"], place["lon"]),
                                     "--site", str(site)])
        assert result.exit_code == 0, f"{place['name']}: {result.output}"
        (slug,) = set(p.name for p in places.iterdir()) - before
        slugs[place["id"]] = slug
    result = runner.invoke(cli, ["build", str(site)])
    BUILD_OUTPUT[:] = result.output.splitlines()
    assert result.exit_code in (0, 1), result.output
    return {pid: site / "public" / "places" / slug / "index.html" for pid, slug in slugs.items()}


def cases(fact: str) -> list[Any]:
    return [pytest.param(p, id=f"{p['id']}-{fact}") for p in PLACES
            if p["expect"].get(fact) not in (None, False) and (fact != "country" or p["expect"][fact] in COUNTRY_NAMES)]


@pytest.mark.parametrize("place", cases("country"))
def test_page_names_the_country(built: dict[str, Path], place: dict[str, Any]) -> None:
    page = built[place["id"]]
    assert page.exists(), missing(place, page)
    names = COUNTRY_NAMES[place["expect"]["country"]]
    text = page_text(page)
    assert any(name in text for name in names), f"{place['name']}: none of {names} on the page"


@pytest.mark.parametrize("place", cases("disputed"))
def test_page_says_disputed(built: dict[str, Path], place: dict[str, Any]) -> None:
    page = built[place["id"]]
    assert page.exists(), missing(place, page)
    assert "disputed" in page_text(page).casefold(), f"{place['name']}: the page never says 'disputed'"
