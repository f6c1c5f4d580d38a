"""The country is known (issue 10, point 2): `new post` writes it, a post without one gets
it computed, "claimed by no state" only where that is true, territories named with their
sovereign, and a declared sovereign is right, not a warning.

Expected answers come from references named in each case: ISO 3166-1 codes (ISO / UN list),
coordinates from Wikipedia or GeoNames, status of territories from the CIA World Factbook,
Antarctic claims from the Factbook's Antarctic Treaty summary.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from atlaspress.app.check import lint_site
from atlaspress.app.cli import cli
from atlaspress.app.scaffold import country_line
from atlaspress.content.load import load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report
from atlaspress.facts import place_facts
from atlaspress.facts.glance import compute_glance, country_findings
from atlaspress.facts.sentences import caption as write_caption

SOURCED = 'sources:\n  - {title: S, url: "https://example.com/"}\n'


def post_text(at: str, country: str | None = None, title: str = "P", extra: str = "") -> str:
    text = f"---\ntitle: {title}\ndate: 2024-05-01\nplace:\n  name: {title}\n  at: {at}\n"
    if country:
        text += f"  country: {country}\n"
    return text + extra + "---\nBody.\n"


def one_post(make_site, at: str, country: str | None = None, extra: str = ""):
    site = make_site({"p": post_text(at, country, extra=extra)})
    (post,) = load_site(site, load_config(site), Report()).posts
    return post


def rows_of(post) -> dict:
    return {r.key: r for r in compute_glance(post).rows}


def caption(lat: float, lon: float, country: str | None, title: str = "P") -> str:
    return write_caption(title, place_facts(lon, lat, country=country), 200.0)


# --- new post writes the country ---------------------------------------------------------------


@pytest.mark.parametrize(("lat", "lon", "line", "reference"), [
    (1.29, 103.85, "  country: SG  # in Singapore", "Wikipedia, Singapore; ISO SG"),
    (41.9029, 12.4534, "  country: VA  # in Vatican City", "Wikipedia, Vatican City; ISO VA"),
    (51.4376, 4.9293, "  country: BE  # in Belgium", "issue 10, Baarle-Hertog; ISO BE"),
    (47.69638, 8.68759, "  country: DE  # in Germany", "GeoNames 2940715, Büsingen; ISO DE"),
    (-25.06597, -130.10147, "  country: PN  # in the Pitcairn Islands, a British Overseas Territory",
     "GeoNames 4030723, Adamstown; ISO PN; Factbook: overseas territory of the UK"),
    (80.8269, -66.4625, "  country: CA  # Split between Canada and Denmark", "Hans Island, west: 2022 agreement"),
    (-77.85, 166.667, "  country: AQ  # in the Ross Dependency, claimed by New Zealand",
     "Wikipedia, McMurdo Station; Factbook: New Zealand's claim 160° E–150° W"),
])
def test_new_post_line_names_the_country(lat, lon, line, reference):
    assert country_line(lon, lat).startswith(line), reference


@pytest.mark.parametrize(("lat", "lon", "starts"), [
    (21.87, 33.75, "  # country: none, on land claimed by no state"),  # Bir Tawil (Wikipedia)
    (-80.0, -120.0, "  # country: none, in Antarctica, on land claimed by no state"),  # Marie Byrd Land
    (-48.8767, -123.3933, "  # country: none, at sea"),  # Point Nemo (Wikipedia)
    # Simferopol: annexed 2014 (UN GA res. 68/262); Kyrenia: TRNC (UN SC res. 541); the site's view names them
    (44.9521, 34.1024, "  # country: not written: Crimea is disputed, held since 2014 by Russia and claimed by"),
    (35.34189, 33.31942, "  # country: not written: Northern Cyprus is disputed, held since 1974 by the self-declared"),
    (34.08565, 74.80555, "  # country: not written: Jammu and Kashmir and Ladakh are disputed"),  # Srinagar
])
def test_new_post_writes_a_comment_where_no_code_is_right(lat, lon, starts):
    assert country_line(lon, lat).startswith(starts)


def test_new_post_then_build_says_singapore_never_none(tmp_path):
    """The issue's own case: a post made only with `new post --at` on Singapore."""
    runner = CliRunner()
    site = tmp_path / "atlas"
    assert runner.invoke(cli, ["new", "site", str(site)]).exit_code == 0
    made = runner.invoke(cli, ["new", "post", "Singapore", "--at", "1.29 N, 103.85 E", "--site", str(site)])
    assert made.exit_code == 0, made.output
    source = Path(made.output.strip()).read_text(encoding="utf-8")
    assert "\n  country: SG  #" in source
    result = runner.invoke(cli, ["build", str(site)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output
    page = (site / "public/places/singapore/index.html").read_text(encoding="utf-8")
    glance = page[page.index('id="at-a-glance"'):]
    glance = glance[:glance.index("</section>")]
    assert "Singapore (SG)" in glance
    figcaption = re.search(r"<figcaption>(.*?)<span", page, re.S)
    assert figcaption is not None and figcaption.group(1).startswith("Singapore lies in Singapore")
    assert "None" not in glance and "None" not in figcaption.group(1)
    assert "claimed by no state" not in page
    assert "OpenStreetMap contributors" in glance  # ODbL attribution where its facts are used


def test_a_post_without_country_is_computed_not_unclaimed(make_site):
    """Singapore, written by hand without `country:` (older posts, other tools)."""
    post = one_post(make_site, "1.29 N, 103.85 E")
    rows = rows_of(post)
    assert rows["country"].value == "Singapore (SG)"
    assert compute_glance(post).country == "SG"
    assert "claimed by no state" not in caption(1.29, 103.85, None, "Singapore")
    assert caption(1.29, 103.85, None, "Singapore").startswith("Singapore lies in Singapore")


# --- "claimed by no state" only where true; Antarctica; at sea ---------------------------------


@pytest.mark.parametrize(("at", "value", "note"), [
    ("21.87 N, 33.75 E", "None: claimed by no state", None),  # Bir Tawil (Wikipedia)
    ("80 S, 120 W", "None: claimed by no state", "between 90° W and 150° W"),  # Marie Byrd Land
    ("77.85 S, 166.667 E", "Antarctica (AQ)", "in the Ross Dependency, claimed by New Zealand"),  # McMurdo
    ("66.6628 S, 140.0014 E", "Antarctica (AQ)", "in Adélie Land, claimed by France"),  # Dumont d'Urville
    ("48.8767 S, 123.3933 W", "None: at sea", "in no state's waters"),  # Point Nemo (Wikipedia)
    # Simferopol: held by Russia since 2014, claimed by Ukraine (UN GA Res. 68/262)
    # (who holds and who claims it: the "Disputed: Crimea" row, tests/unit/facts/test_sentences.py)
    ("44.9521 N, 34.1024 E", "Russia (RU), disputed", None),
])
def test_country_row_without_a_declared_country(make_site, at, value, note):
    row = rows_of(one_post(make_site, at))["country"]
    assert row.value == value
    if note:
        assert row.note is not None and note in row.note


@pytest.mark.parametrize(("lat", "lon", "expected"), [
    (-77.85, 166.667, "McMurdo Station lies in the Ross Dependency, claimed by New Zealand"),
    (-80.0, -120.0, "McMurdo Station lies in Antarctica, on land claimed by no state"),
    (21.87, 33.75, "McMurdo Station is claimed by no state"),  # the Bir Tawil sentence
])
def test_captions_name_antarctic_claims_and_only_true_terra_nullius(lat, lon, expected):
    assert caption(lat, lon, None, "McMurdo Station").startswith(expected)


@pytest.mark.parametrize(("lat", "lon", "reference"), [
    (41.9029, 12.4534, "Vatican City"), (51.4376, 4.9293, "Baarle-Hertog"), (47.69638, 8.68759, "Büsingen"),
    (-25.06597, -130.10147, "Adamstown"), (-37.06757, -12.31155, "Edinburgh of the Seven Seas"),
    (64.18347, -51.72157, "Nuuk"), (-54.81084, -68.31591, "Ushuaia"), (78.22334, 15.64689, "Longyearbyen"),
    (-77.85, 166.667, "McMurdo Station"), (-48.8767, -123.3933, "Point Nemo"),
])
def test_no_claimed_by_no_state_on_claimed_places_or_at_sea(lat, lon, reference):
    assert "claimed by no state" not in caption(lat, lon, None, reference)


# --- territories and their sovereigns ----------------------------------------------------------


@pytest.mark.parametrize(("at", "code", "named"), [
    ("25.06597 S, 130.10147 W", "PN", "Pitcairn Islands (PN), a British Overseas Territory"),  # GeoNames 4030723
    ("64.18347 N, 51.72157 W", "GL", "Greenland (GL), an autonomous territory of the Kingdom of Denmark"),
    ("60.09726 N, 19.93481 E", "AX", "Åland (AX), an autonomous region of Finland"),  # GeoNames 3041732
    ("18.4 N, 66.0667 W", "PR", "Puerto Rico (PR), an unincorporated territory of the United States"),
    ("22.2833 N, 114.1667 E", "HK", "Hong Kong (HK), a Special Administrative Region of China"),
])
def test_territory_and_sovereign_are_both_named(make_site, at, code, named):
    post = one_post(make_site, at)
    assert rows_of(post)["country"].value == named
    assert compute_glance(post).country == code


@pytest.mark.parametrize(("at", "territory"), [
    ("25.06597 S, 130.10147 W", "the Pitcairn Islands, a British Overseas Territory"),  # Adamstown
    ("37.06757 S, 12.31155 W", "Saint Helena, Ascension and Tristan da Cunha, a British Overseas Territory"),
])
def test_declaring_the_sovereign_gb_is_right(make_site, chdir_tmp, at, territory):
    post = one_post(make_site, at, "GB")
    glance = compute_glance(post)
    assert country_findings(post, glance) == []
    row = {r.key: r for r in glance.rows}["country"]
    assert row.value == "United Kingdom (GB)" and territory in (row.note or "")
    lat, lon = post.front.place.at.lat, post.front.place.at.lon
    assert territory in caption(lat, lon, "GB", "Adamstown")


def test_check_is_quiet_for_gb_in_tristan_and_pitcairn(make_site, chdir_tmp):
    site = make_site({"tristan": post_text("37.06757 S, 12.31155 W", "GB", "Tristan", SOURCED),
                      "pitcairn": post_text("25.06597 S, 130.10147 W", "GB", "Pitcairn", SOURCED),
                      "mcmurdo": post_text("77.85 S, 166.667 E", "NZ", "McMurdo", SOURCED)})
    assert [d.format() for d in lint_site(site).diagnostics] == []


def test_a_wrong_country_is_still_a_warning_with_both_codes(make_site, chdir_tmp):
    post = one_post(make_site, "25.06597 S, 130.10147 W", "FR")  # Adamstown is not French
    (warning,) = country_findings(post, compute_glance(post))
    assert "the point is in Pitcairn Islands (PN) on OpenStreetMap's borders, not in FR" in warning.message
    assert warning.hint is not None and '"country: PN" or "country: GB"' in warning.hint


def test_in_country_claim_holds_for_the_sovereign(make_site):
    post = one_post(make_site, "25.06597 S, 130.10147 W", "GB", "claims:\n  - {in_country: GB}\n")
    (verdict,) = compute_glance_with_claims(post)
    assert verdict.holds is True


def compute_glance_with_claims(post):
    from atlaspress.facts.claims import evaluate_claims

    verdicts, _ = evaluate_claims(post, compute_glance(post))
    return verdicts


# --- microstates and enclaves are found --------------------------------------------------------


@pytest.mark.parametrize(("at", "value", "across"), [
    ("41.9029 N, 12.4534 E", "Vatican City (VA)", "with Italy"),  # Wikipedia; was Italy / San Marino 221 km
    ("51.4376 N, 4.9293 E", "Belgium (BE)", "with Netherlands"),  # Baarle-Hertog; was the Netherlands
    ("47.69638 N, 8.68759 E", "Germany (DE)", "with Switzerland"),  # Büsingen; was Switzerland
    ("45.96818 N, 8.97181 E", "Italy (IT)", "with Switzerland"),  # Campione d'Italia, GeoNames 3181006
])
def test_microstates_and_enclaves_with_their_near_border(make_site, at, value, across):
    rows = rows_of(one_post(make_site, at))
    assert rows["country"].value == value
    assert rows["border"].note == across
    assert rows["border"].value.endswith("ft)")  # metres: the border is under a kilometre away
