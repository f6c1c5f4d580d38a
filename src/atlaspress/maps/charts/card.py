"""A chart as the post's social card (``og:image``): 1200 × 630 PNG drawn by resvg.

The author opts in with ``card: true`` on one chart. The chart's wide drawing (title,
marks, source line and all) is centred on the card's ground, under the site's name, and
rendered by the same renderer as the locator card (:mod:`atlaspress.maps.card`).
"""

from __future__ import annotations

import re

from atlaspress.maps.card import FONT as CARD_FONT
from atlaspress.maps.card import HEIGHT, WIDTH, render_png
from atlaspress.maps.svg import escape

from .model import ChartFigure
from .palette import ACCENT, PAPER

MARGIN = 28
HEADER = 56


def card_svg(fig: ChartFigure, site_title: str) -> str:
    assert fig.svg is not None
    m = re.match(r'<svg[^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"[^>]*>(.*)</svg>$', fig.svg, re.S)
    if not m:
        raise ValueError("not a chart SVG")
    w, h, body = float(m[1]), float(m[2]), m[3]
    body = re.sub(r"<title[^>]*>.*?</title>|<desc[^>]*>.*?</desc>", "", body, flags=re.S)
    room_w, room_h = WIDTH - 2 * MARGIN, HEIGHT - HEADER - MARGIN
    scale = min(room_w / w, room_h / h)
    dw, dh = w * scale, h * scale
    x, y = (WIDTH - dw) / 2, HEADER + (room_h - dh) / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{PAPER}"/>'
        f'<text x="{MARGIN}" y="40" font-family="{CARD_FONT}" font-size="24" font-weight="600" fill="{ACCENT}">'
        f"{escape(site_title)}</text>"
        f'<svg x="{x:.1f}" y="{y:.1f}" width="{dw:.1f}" height="{dh:.1f}" viewBox="0 0 {w:g} {h:g}" '
        f'font-family="{CARD_FONT}">{body}</svg></svg>'
    )


def render_chart_card(fig: ChartFigure, site_title: str) -> bytes:
    """The PNG bytes of :func:`card_svg`, with the locator card's fonts only."""
    return render_png(card_svg(fig, site_title), WIDTH, HEIGHT)
