"""Social cards (og:image): the locator map with the post title, as a 1200×630 PNG.

The card is an SVG rendered by resvg (PyPI ``resvg-py``): the locator fills the
card, a white panel on the left carries the site name, title and subtitle.

Fonts: :func:`render_png` loads only the faces the card's text is set in — DejaVu Sans for the
panel (:data:`FONT`), Liberation Sans for the map's ``sans-serif`` labels, each regular, bold
and italic, found by file name in the usual font folders (:data:`FONT_FILES`) — never the rest of
the machine's fonts (resvg loaded every installed font for each card: ~40 ms on a machine with
large CJK fonts, more the more are installed). So a card is the same bytes on any machine with
those files, whatever else is installed. Text those faces cannot draw (Hangul, Han, Arabic...)
is the exception: for such a card, or on a machine with none of the files, the system's fonts
are loaded as before, so the text is still drawn (by whatever face the machine has).

The locator is drawn in a ``<g transform>`` scaled as its nested ``<svg>`` would be, its
overflow covered by a frame of the card's ground rather than clipped: the picture of a nested
viewport (the map's edge columns and a few antialiased pixels differ by a shade, rounding),
for about 30 ms less (resvg renders a viewport as a clip mask).
"""

from __future__ import annotations

import functools
import os
import re
import struct
import sys
from pathlib import Path

import resvg_py

from atlaspress.core.palette import ACCENT, INK
from atlaspress.maps.locator import Locator
from atlaspress.maps.svg import escape
from atlaspress.maps.textsize import wrap_words

WIDTH, HEIGHT = 1200, 630
PANEL = 470
FONT = "system-ui, 'DejaVu Sans', 'Liberation Sans', sans-serif"
GROUND = "#fbf8f2"

# The faces the card's text is set in: the panel's stack names DejaVu Sans, the locator's
# `system-ui, sans-serif` resolves to the generic sans-serif face, Liberation Sans (Arial's
# metrics, what resvg picked for it from the system fonts), else DejaVu Sans.
FONT_FILES = {  # regular, bold, italic, bold italic (the locator's and charts' notes are italic)
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                    "DejaVuSans-BoldOblique.ttf"),
    "Liberation Sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
                        "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"),
}
SANS_SERIF = ("Liberation Sans", "DejaVu Sans")  # the first found is the generic sans-serif


def _font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [Path(d) / "fonts" for d in os.environ.get("XDG_DATA_DIRS", "").split(os.pathsep) if d]
    dirs += [home / ".local/share/fonts", home / ".fonts", Path("/usr/local/share/fonts"),
             Path("/usr/share/fonts")]
    if sys.platform == "darwin":
        dirs += [home / "Library/Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    return dirs


@functools.cache
def card_fonts() -> tuple[tuple[str, ...], str | None, frozenset[int]]:
    """The font files the card loads (a family only if all its files are found), the family
    that stands for ``sans-serif`` and the code points those files can draw; once per process."""
    wanted = {name for names in FONT_FILES.values() for name in names}
    found: dict[str, str] = {}
    for folder in _font_dirs():
        if not folder.is_dir() or len(found) == len(wanted):
            continue
        for root, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(wanted.intersection(filenames).difference(found)):
                found[name] = str(Path(root) / name)
    files: list[str] = []
    families = []
    for family, names in FONT_FILES.items():
        if all(n in found for n in names):
            families.append(family)
            files += [found[n] for n in names]
    # What every face can draw: a character one lacks is drawn as the system fonts would.
    cover = set.intersection(*(_cmap(f) for f in files)) if files else set()
    sans = next((f for f in SANS_SERIF if f in families), None)
    return tuple(files), sans, frozenset(cover)


def _cmap(path: str) -> set[int]:
    """The code points a TrueType/OpenType file maps (its cmap's format 4 or 12 subtable)."""
    try:
        data = Path(path).read_bytes()
        tables = struct.unpack_from(">H", data, 4)[0]
        offset = next(struct.unpack_from(">I", data, 12 + 16 * i + 8)[0] for i in range(tables)
                      if data[12 + 16 * i:16 + 16 * i] == b"cmap")
        count = struct.unpack_from(">H", data, offset + 2)[0]
        subtables = {}
        for i in range(count):
            platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
            fmt = struct.unpack_from(">H", data, offset + sub)[0]
            if platform in (0, 3) and fmt in (4, 12):
                subtables[fmt] = offset + sub
    except (OSError, struct.error, StopIteration):
        return set()
    points: set[int] = set()
    if 12 in subtables:
        at = subtables[12]
        groups = struct.unpack_from(">I", data, at + 12)[0]
        for g in range(groups):
            first, last, _ = struct.unpack_from(">III", data, at + 16 + 12 * g)
            points.update(range(first, last + 1))
    elif 4 in subtables:
        at = subtables[4]
        segs = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segs}H", data, at + 14)
        starts = struct.unpack_from(f">{segs}H", data, at + 16 + 2 * segs)
        for first, last in zip(starts, ends, strict=True):
            if first != 0xFFFF:
                points.update(range(first, last + 1))
    return points


_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
_TAG = re.compile(r"<[^>]+>")


def render_png(svg: str, width: int | None = None, height: int | None = None) -> bytes:
    """An SVG drawn by resvg with the card's fonts only (see the module's docstring): the same
    bytes on any machine with those font files; a text they cannot draw loads the system's."""
    files, sans, cover = card_fonts()
    text = "".join(_TAG.sub("", t) for t in _TEXT.findall(svg))
    text = re.sub(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);", " ", text)  # entities: ASCII, or checked below
    points = {ord(c) for c in text if not c.isspace()}
    points.update(int(n[2:], 16) if n[1] == "x" else int(n[1:])
                  for n in re.findall(r"&(#x[0-9a-fA-F]+|#[0-9]+);", svg))
    own = bool(files) and points <= cover
    png = resvg_py.svg_to_bytes(
        svg_string=svg, skip_system_fonts=own, font_files=list(files) if own else None,
        sans_serif_family=sans if own else None, width=width or None, height=height or None,
    )
    return bytes(png)


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
    # The map's viewport, in whole pixels (so the frame over its overflow meets it exactly), and
    # the drawing fitted into it as a nested <svg viewBox> would (preserveAspectRatio: meet).
    x0, y0, w, h = PANEL - 20, round((HEIGHT - map_h) / 2), map_w, round(map_h)
    scale = min(w / vb[2], h / vb[3])
    dx, dy = x0 + (w - vb[2] * scale) / 2 - vb[0] * scale, y0 + (h - vb[3] * scale) / 2 - vb[1] * scale
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{GROUND}"/>',
        f'<g transform="matrix({scale:.6g} 0 0 {scale:.6g} {dx:.6g} {dy:.6g})">{body}</g>',
        f'<path d="M0 0H{WIDTH}V{HEIGHT}H0ZM{x0} {y0}V{y0 + h}H{x0 + w}V{y0}Z" fill="{GROUND}" '
        'fill-rule="evenodd"/>',
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
    return render_png(card_svg(locator, title, subtitle, site_title), WIDTH, HEIGHT)
