"""Claims: schema, references checked at load, verdicts and their exact messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from atlaspress.app.build import build_site, compile_site
from atlaspress.content.model import Claim, Quantity, parse_quantity
from atlaspress.facts.claims import describe

from ..conftest import DEMO

KAESONG_DIR = DEMO / "content/places/kaesong-industrial-zone"

POST = """\
---
title: Kaesong
date: 2022-09-01
place:
  name: Kaesong Industrial Region
  at: 37.931 N, 126.615 E
  country: KP
  distance_to: mdl
layers:
  - {{file: mdl.geojson, id: mdl, title: Military Demarcation Line}}
  - {{file: zone.geojson, id: zone}}
sources:
  - {{title: A source, url: "https://example.com/"}}
claims:
{claims}
---
Body.
"""


def site_with(make_site, claims: str) -> Path:
    site = make_site({"k": POST.format(claims=claims)})
    for name in ("mdl.geojson", "zone.geojson"):
        shutil.copy(KAESONG_DIR / name, site / "content/places/k" / name)
    return site


def messages(site: Path) -> list[str]:
    return [d.format() for d in compile_site(site).diagnostics]


# --- schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "unit", "si"), [
    ("5 mi", 5, "mi", 8046.72), ("66 km2", 66, "km²", 66e6), ("66 km²", 66, "km²", 66e6),
    ("1,200 ha", 1200, "ha", 12e6), ("2 mi2", 2, "mi²", 2 * 1609.344**2), ("500 m", 500, "m", 500),
    ("10%", 10, "%", 0.1), ("3 miles", 3, "mi", 3 * 1609.344), ("4 sq km", 4, "km²", 4e6),
])
def test_quantities(text, value, unit, si):
    q = parse_quantity(text)
    assert (q.value, q.unit) == (value, unit)
    assert q.si == pytest.approx(si)


@pytest.mark.parametrize(("text", "message"), [
    ("5", "'5' is not a quantity with a unit; write e.g. `5 mi`, `66 km2` or `10%`"),
    ("five mi", "'five mi' is not a quantity with a unit; write e.g. `5 mi`, `66 km2` or `10%`"),
    ("5 furlongs", "unknown unit 'furlongs'; use km, mi, m, km2, mi2, ha or %"),
])
def test_bad_quantities(text, message):
    with pytest.raises(ValueError, match=None) as info:
        parse_quantity(text)
    assert str(info.value) == message


def test_quantity_prints_as_written_canonically():
    assert str(Quantity(66.0, "km²")) == "66 km²"
    assert str(Quantity(1200.5, "ha")) == "1,200.5 ha"
    assert str(Quantity(10.0, "%")) == "10%"


@pytest.mark.parametrize(("data", "loc", "message"), [
    ({"distance_to": "mdl", "less_than": "5 km2"}, ("less_than",),
     "5 km² is not a length; distance_to needs km, mi or m"),
    ({"area": "zone", "about": "3 km"}, ("about",), "3 km is not an area; area needs km2, mi2 or ha"),
    ({"area": "zone"}, (), "a claim needs exactly one of less_than, more_than or about"),
    ({"less_than": "5 km"}, (), "a claim names exactly one of distance_to, area, length or in_country"),
    ({"area": "z", "in_country": "KP", "about": "3 km2"}, (),
     "a claim names exactly one of distance_to, area, length or in_country, not area and in_country"),
    ({"in_country": "KP", "less_than": "5 km"}, (), "in_country takes no comparison"),
    ({"area": "z", "less_than": "5 km2", "tolerance": "5%"}, (), "tolerance goes with about"),
    ({"area": "z", "about": "5 km2", "tolerance": "5 km"}, (), "tolerance 5 km does not match 5 km²"),
    ({"in_country": "Korea"}, ("in_country",), "'Korea' is not an ISO 3166-1 alpha-2 code such as KP or CY"),
])
def test_claim_schema_errors(data, loc, message):
    with pytest.raises(ValidationError) as info:
        Claim.model_validate(data)
    (error,) = info.value.errors()
    assert error["loc"] == loc
    assert str(error["ctx"]["error"]) == message


def test_describe():
    assert describe(Claim(distance_to="mdl", less_than="5 mi")) == "less than 5 mi from mdl"
    assert describe(Claim(distance_to="border", more_than="10 km")) == "more than 10 km from the border"
    assert describe(Claim(distance_to="city:Seoul", less_than="60 km")) == "less than 60 km from Seoul"
    assert describe(Claim(area="zone", about="66 km2")) == "area of zone about 66 km² (±10%)"
    assert describe(Claim(area="zone", about="66 km2", tolerance="5 km2")) == "area of zone about 66 km² (±5 km²)"
    assert describe(Claim(length="mdl", more_than="20 mi")) == "length of mdl more than 20 mi"
    assert describe(Claim(in_country="KP")) == "in KP"
    assert describe(Claim(in_country="KP"), {"KP": "North Korea"}.get) == "in North Korea"


# --- evaluation --------------------------------------------------------------------------------


def test_claims_that_hold_report_nothing_and_show_a_tick(make_site, chdir_tmp):
    site = site_with(make_site, """\
  - {distance_to: mdl, less_than: 5 mi, text: Less than five miles from the border}
  - {area: zone, about: 3.3 km2, tolerance: 10%}
  - {length: mdl, more_than: 30 km}
  - {distance_to: border, less_than: 5 km}
  - {distance_to: "city:Seoul", more_than: 40 km}
  - {in_country: KP}""")
    result = compile_site(site)
    assert messages(site) == []
    page = result.output["places/k/index.html"].decode()
    assert page.count('class="claim claim--holds"') == 6
    assert "Less than five miles from the border" in page
    assert "holds: measured 4.3 km (2.7 mi)" in page
    assert "Area of Zone about 3.3 km² (±10%)" in page
    assert "More than 40 km from Seoul" in page
    assert "holds: the point is in North Korea (KP)" in page


def test_claims_that_do_not_hold_are_warnings_with_the_measured_value(make_site, chdir_tmp):
    site = site_with(make_site, """\
  - {distance_to: mdl, less_than: 2 mi}
  - {area: zone, about: 66 km2, tolerance: 10%}
  - {in_country: KR}
  - {distance_to: border, more_than: 10 km}
  - {distance_to: "city:Seoul", less_than: 30 km}
  - {length: mdl, less_than: 20 km}
  - {area: zone, about: 3 km2, tolerance: 0.2 km2}""")
    assert messages(site) == [
        'site/content/places/k/index.md:15:5: warning[claims]: "less than 2 mi from mdl" does not hold: '
        "4.3 km (2.7 mi)",
        'site/content/places/k/index.md:16:5: warning[claims]: "area of zone about 66 km² (±10%)" does not hold: '
        "3.5 km² (1.4 mi²)",
        'site/content/places/k/index.md:17:5: warning[claims]: "in KR" does not hold: the point is in North Korea (KP)',
        'site/content/places/k/index.md:18:5: warning[claims]: "more than 10 km from the border" does not hold: '
        "4.3 km (2.7 mi)",
        'site/content/places/k/index.md:19:5: warning[claims]: "less than 30 km from Seoul" does not hold: '
        "52 km (32 mi)",
        'site/content/places/k/index.md:20:5: warning[claims]: "length of mdl less than 20 km" does not hold: '
        "36 km (23 mi)",
        'site/content/places/k/index.md:21:5: warning[claims]: "area of zone about 3 km² (±0.2 km²)" does not hold: '
        "3.5 km² (1.4 mi²)",
    ]
    result = build_site(site, chdir_tmp / "out")
    assert result.written and not result.report.errors
    page = (chdir_tmp / "out/places/k/index.html").read_text()
    assert page.count('class="claim claim--fails"') == 7
    assert "does not hold: measured 4.3 km (2.7 mi)" in page


def test_unknown_layer_is_an_error_with_did_you_mean_and_the_post_is_skipped(make_site, chdir_tmp):
    site = site_with(make_site, "  - {distance_to: mld, less_than: 5 mi}\n  - {area: zones, about: 3 km2}")
    assert messages(site) == [
        "site/content/places/k/index.md:15:19: error[claims.0.distance_to]: unknown layer 'mld'\n"
        "  hint: did you mean 'mdl'?",
        "site/content/places/k/index.md:16:12: error[claims.1.area]: unknown layer 'zones'\n"
        "  hint: did you mean 'zone'?",
    ]
    assert "places/k/index.html" not in compile_site(site).output


def test_a_subject_of_the_wrong_kind_and_an_unknown_city(make_site, chdir_tmp):
    site = site_with(make_site, "  - {area: mdl, about: 3 km2}\n  - {length: zone, about: 3 km}")
    assert messages(site) == [
        "site/content/places/k/index.md:15:12: error[claims.0.area]: layer 'mdl' has no polygons\n"
        "  hint: area measures a layer of polygons",
        "site/content/places/k/index.md:16:14: error[claims.1.length]: layer 'zone' has no lines\n"
        "  hint: length measures a layer of lines",
    ]
    site = site_with(make_site, '  - {distance_to: "city:Xyzzyville", less_than: 5 km}')
    assert messages(site) == [
        "site/content/places/k/index.md:15:19: error[claims.0.distance_to]: no city called 'Xyzzyville' in GeoNames\n"
        "  hint: write the city's English name, e.g. city:Seoul",
    ]


def test_place_distance_to_unknown_layer(make_site, chdir_tmp):
    site = site_with(make_site, "  - {in_country: KP}")
    index = site / "content/places/k/index.md"
    index.write_text(index.read_text().replace("distance_to: mdl", "distance_to: zonee"))
    assert messages(site) == [
        "site/content/places/k/index.md:8:16: error[place.distance_to]: unknown layer 'zonee'\n"
        "  hint: did you mean 'zone'?",
    ]


def test_claim_schema_errors_are_located_in_the_file(make_site, chdir_tmp):
    site = site_with(make_site, "  - {distance_to: mdl, less_than: 5 km2}\n  - {area: zone}")
    assert messages(site) == [
        "site/content/places/k/index.md:15:35: error[claims.0.less_than]: 5 km² is not a length; distance_to "
        "needs km, mi or m",
        "site/content/places/k/index.md:16:5: error[claims.1]: a claim needs exactly one of less_than, "
        "more_than or about",
    ]


def test_the_demo_states_the_reference_posts_claim_and_it_holds():
    result = compile_site(DEMO)
    assert not result.report.errors
    assert not [d for d in result.report.warnings if d.code == "claims"]
    page = result.output["places/kaesong-industrial-zone/index.html"].decode()
    assert "The complex lies less than five miles from the border" in page
    assert "holds: measured 4.3 km (2.7 mi)" in page
