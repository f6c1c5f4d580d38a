"""Social cards (og:image): the locator map with the post title, as a 1200×630 PNG.

The card is an SVG rendered by resvg (PyPI ``resvg-py``): the locator fills the
card, a white panel on the left carries the site name, title and subtitle.
Rendering is deterministic for a given machine's fonts.
"""

from __future__ import annotations

import re

import resvg_py

from atlaspress.core.palette import ACCENT, INK
from atlaspress.maps.locator import Locator
from atlaspress.maps.svg import escape
from atlaspress.maps.textsize import wrap_words

WIDTH, HEIGHT = 1200, 630
PANEL = 470
FONT = "system-ui, 'DejaVu Sans', 'Liberation Sans', sans-serif"


def _wrap(text: str, size: float, width: float, max_lines: int, bold: bool = False) -> list[str]:
    lines = wrap_words(text, size, width, bold)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return lines


def _inner_svg(svg: str) -> tuple[str, str]:
    """The locator's viewBox and its drawing, without <title>/<desc> (the card has its own)."""
    m = re.match(r"<svg[^>]*viewBox=\"([^\"]+)\"[^>]*>(.*)</svg>\s*$", svg, re.S)
    if not m:
        raise ValueError("not a locator SVG")
    body = re.sub(r"<title[^>]*>.*?</title>|<desc[^>]*>.*?</desc>", "", m.group(2), flags=re.S)
    return m.group(1), body


def card_svg(locator: Locator, title: str, subtitle: str | None, site_title: str) -> str:
    viewbox, body = _inner_svg(locator.svg)
    map_w = WIDTH - PANEL
    vb = [float(v) for v in viewbox.split()]
    map_h = map_w * vb[3] / vb[2]
    tsize = 52
    tlines = _wrap(title, tsize, PANEL - 90, 4, bold=True)
    if len(tlines) > 3:
        tsize = 42
        tlines = _wrap(title, tsize, PANEL - 90, 4, bold=True)
    y = 150.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fbf8f2"/>',
        f'<svg x="{PANEL - 20}" y="{(HEIGHT - map_h) / 2:.0f}" width="{map_w}" '
        f'height="{map_h:.0f}" viewBox="{viewbox}">{body}</svg>',
        f'<g font-family="{FONT}">',
        f'<text x="48" y="86" font-size="26" font-weight="600" fill="{ACCENT}">'
        f"{escape(site_title)}</text>",
    ]
    for line in tlines:
        y += tsize * 1.12
        out.append(
            f'<text x="48" y="{y:.0f}" font-size="{tsize}" font-weight="700" fill="{INK}">'
            f"{escape(line)}</text>"
        )
    if subtitle:
        y += 30
        for line in _wrap(subtitle, 28, PANEL - 90, 3):
            y += 36
            out.append(
                f'<text x="48" y="{y:.0f}" font-size="28" fill="#4a4a4a">{escape(line)}</text>'
            )
    out.append("</g></svg>")
    return "".join(out)


def render_social_card(
    locator: Locator, title: str, subtitle: str | None, site_title: str
) -> bytes:
    """A 1200×630 PNG: the locator map with the title, for ``og:image``."""
    png = resvg_py.svg_to_bytes(
        svg_string=card_svg(locator, title, subtitle, site_title), width=WIDTH, height=HEIGHT
    )
    return bytes(png)
