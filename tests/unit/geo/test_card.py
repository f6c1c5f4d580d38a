import struct

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
