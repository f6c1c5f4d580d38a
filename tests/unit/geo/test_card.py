import contextlib
import struct
from pathlib import Path

import pytest

from atlaspress.maps.card import render_social_card
from atlaspress.maps.locator import render_locator
from tests.geo_cases import DEMO_SPECS


def test_social_card_is_1200x630_png_and_deterministic():
    spec = DEMO_SPECS["kaesong"]
    loc = render_locator(spec)
    png = render_social_card(loc, spec.title, "An outpost of business within North Korea", "Atlas")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR" and struct.unpack(">II", png[16:24]) == (1200, 630)
    assert (
        render_social_card(loc, spec.title, "An outpost of business within North Korea", "Atlas")
        == png
    )


def test_card_without_subtitle_and_long_title():
    loc = render_locator(DEMO_SPECS["bir-tawil"])
    png = render_social_card(loc, "A very long title " * 8, None, "Atlas & Co <test>")
    assert struct.unpack(">II", png[16:24]) == (1200, 630)


def test_card_text_is_drawn_with_the_card_fonts_only(monkeypatch):
    """No system fonts are loaded for a Latin card, and its text is still drawn: without a
    font resvg drops text, so a card with a title would equal one without."""
    from atlaspress.maps import card

    files, sans, _ = card.card_fonts()
    if not files:
        pytest.skip("neither DejaVu Sans nor Liberation Sans is installed")
    calls = []
    real = card.resvg_py.svg_to_bytes

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(card.resvg_py, "svg_to_bytes", spy)
    loc = render_locator(DEMO_SPECS["kaesong"])
    titled = render_social_card(loc, "Kaesong Industrial Region", None, "")
    assert calls[-1]["skip_system_fonts"] is True
    assert calls[-1]["font_files"] == list(files) and calls[-1]["sans_serif_family"] == sans
    assert all(Path(f).name in {n for ns in card.FONT_FILES.values() for n in ns} for f in files)
    assert titled != render_social_card(loc, "", None, "")


def test_card_falls_back_to_system_fonts_for_text_its_fonts_lack(monkeypatch):
    from atlaspress.maps import card

    if not card.card_fonts()[0]:
        pytest.skip("neither DejaVu Sans nor Liberation Sans is installed")
    calls = []
    monkeypatch.setattr(card.resvg_py, "svg_to_bytes", lambda **kw: calls.append(kw) or b"")
    card.render_png('<svg xmlns="http://www.w3.org/2000/svg"><text>개성</text></svg>')
    card.render_png('<svg xmlns="http://www.w3.org/2000/svg"><text>&#xAC1C;</text></svg>')
    card.render_png('<svg xmlns="http://www.w3.org/2000/svg"><text>Łódź – Київ…</text></svg>')
    assert [c["skip_system_fonts"] for c in calls] == [False, False, True]


def test_cmap_reads_a_fonts_coverage():
    from atlaspress.maps import card

    files = card.card_fonts()[0]
    if not files:
        pytest.skip("neither DejaVu Sans nor Liberation Sans is installed")
    # DejaVu Sans and Liberation Sans cover Latin, Greek and Cyrillic, and no Hangul.
    points = card._cmap(files[0])
    assert {ord(c) for c in "AzÅŁΩЖ…"} <= points and ord("개") not in points
    assert card._cmap("/nonexistent.ttf") == set()


def test_locator_is_placed_as_a_nested_viewport_would_be():
    """A 640×400 viewBox fitted into the 730×456 viewport at (450, 87) (SVG's
    preserveAspectRatio xMidYMid meet): scale min(730/640, 456/400) = 1.14, centred across."""
    from atlaspress.maps.card import card_svg

    class Loc:
        svg = '<svg viewBox="0 0 640 400"><title>t</title><rect width="640" height="400"/></svg>'

    svg = card_svg(Loc(), "T", None, "S")  # type: ignore[arg-type]
    assert svg.count("<svg") == 1 and "<title>" not in svg
    assert '<g transform="matrix(1.14 0 0 1.14 450.2 87)"><rect width="640" height="400"/></g>' in svg
    assert 'M0 0H1200V630H0ZM450 87V543H1180V87Z' in svg  # the ground over its overflow


def test_italic_labels_are_drawn_in_an_italic_face():
    """The locator's point labels are italic; with no italic face loaded resvg draws them upright."""
    from atlaspress.maps import card

    if not card.card_fonts()[0]:
        pytest.skip("neither DejaVu Sans nor Liberation Sans is installed")
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="30" '
           'font-family="system-ui, sans-serif" font-size="20"{}>Dorasan CIQ</text></svg>')
    assert card.render_png(svg.format(' font-style="italic"')) != card.render_png(svg.format(""))


def test_a_character_reference_beyond_unicode_is_no_crash():
    from atlaspress.maps import card

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&#x110000;</text></svg>'
    with contextlib.suppress(ValueError):  # resvg may refuse the SVG (as before), nothing else
        card.render_png(svg)
