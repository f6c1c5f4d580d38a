"""The frame every chart shares: title, subtitle, legend, value axis, notes and source line.

Each chart family (:mod:`.lines`, :mod:`.columns`, :mod:`.dots`) draws its marks into the
plot rectangle a :class:`Frame` leaves it; everything around the marks is written here
once, in the locator's type and colours, so all charts of a site look alike. Two
variants are drawn: ``wide`` (640 px, for the prose column) and ``compact`` (360 px, the
same user units as a phone's CSS pixels, so 12 px type stays 12 px at 360 px).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from atlaspress.content.model import Chart
from atlaspress.maps.svg import escape, fmt
from atlaspress.maps.textsize import text_width, wrap_words

from .palette import AXIS, FONT, GRID, HALO, INK, MUTED
from .scales import Linear, ValueAxis, format_number


@dataclass(frozen=True)
class Variant:
    """Size and type of one drawing of a chart."""

    name: str
    width: int
    plot_height: int
    title: float
    text: float
    small: float
    max_x_labels: int


WIDE = Variant("wide", 640, 250, 17.0, 12.0, 11.0, 12)
COMPACT = Variant("compact", 360, 210, 16.0, 12.0, 11.0, 6)
VARIANTS = (WIDE, COMPACT)
PAD = 12.0  # outer margin
WRAP_SAFETY = 0.9  # widths are estimated; browsers' sans-serif (DejaVu) runs wider than the estimate


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by estimated text width (bold type is about 8 % wider)."""
    return wrap_words(text, size, width, bold)


def text(x: float, y: float, content: str, size: float, *, fill: str = INK, anchor: str = "start",
         weight: str | None = None, halo: bool = False, extra: str = "") -> str:
    """One ``<text>`` with its baseline at ``y``."""
    a = f' text-anchor="{anchor}"' if anchor != "start" else ""
    w = f' font-weight="{weight}"' if weight else ""
    h = f" {HALO}" if halo else ""
    return (f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{fmt(size)}" fill="{fill}"{a}{w}{h}{extra}>'
            f"{escape(content)}</text>")


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    shape: str = "rect"  # rect (columns, areas), line, dot


@dataclass
class Frame:
    """A chart's layout: the header and footer drawn, the plot rectangle left for the marks."""

    variant: Variant
    prefix: str
    top: list[str] = field(default_factory=list)
    bottom: list[str] = field(default_factory=list)
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0
    height: float = 0.0

    @property
    def plot_width(self) -> float:
        return self.x1 - self.x0


def source_line(spec: Chart) -> str:
    """``Source: Ministry of Unification (South Korea), 2016, via Xinhua``."""
    src = spec.source
    parts = [src.publisher]
    if src.title:
        parts.append(src.title)
    if src.year:
        parts.append(str(src.year))
    line = "Source: " + ", ".join(parts)
    return line + (f", via {src.via}" if src.via else "")


def _legend(items: list[LegendItem], x: float, y: float, width: float, size: float) -> tuple[list[str], float]:
    """Swatches and labels in rows; returns the elements and the height used."""
    els: list[str] = []
    cx, cy = x, y
    row = size * 1.6
    for item in items:
        w = 14 + 5 + text_width(item.label, size) + 14
        if cx > x and cx + w > x + width:
            cx, cy = x, cy + row
        if item.shape == "line":
            els.append(f'<path d="M{fmt(cx)} {fmt(cy - size * .35)}h14" stroke="{item.colour}" stroke-width="2.5"/>')
        elif item.shape == "dot":
            els.append(f'<circle cx="{fmt(cx + 7)}" cy="{fmt(cy - size * .35)}" r="4.5" fill="{item.colour}"/>')
        else:
            els.append(f'<rect x="{fmt(cx)}" y="{fmt(cy - size * .8)}" width="14" height="{fmt(size * .9)}" '
                       f'fill="{item.colour}"/>')
        els.append(text(cx + 19, cy, item.label, size))
        cx += w
    return els, cy - y + row


def start_frame(spec: Chart, variant: Variant, prefix: str, *, legend: list[LegendItem],
                left: float, bottom_axis: float, unit_label: str | None) -> Frame:
    """Lay out the header (title, subtitle, legend, unit label) and the footer (notes, source)
    around a plot ``variant.plot_height`` high; ``left`` is the room the value labels need and
    ``bottom_axis`` the room under the plot for the category or date labels."""
    v = variant
    frame = Frame(v, prefix)
    inner = (v.width - 2 * PAD) * WRAP_SAFETY
    y = PAD
    for line in wrap(spec.title, v.title, inner, bold=True):
        y += v.title * 1.2
        frame.top.append(text(PAD, y, line, v.title, weight="700"))
    if spec.subtitle:
        for line in wrap(spec.subtitle, v.text + 1, inner):
            y += (v.text + 1) * 1.35
            frame.top.append(text(PAD, y, line, v.text + 1, fill=MUTED))
    y += 8
    if len(legend) > 1:
        els, used = _legend(legend, PAD, y + v.small * 1.2, inner, v.small + 0.5)
        frame.top += els
        y += used + 4
    if unit_label:
        y += v.small * 1.3
        frame.top.append(text(PAD, y, unit_label, v.small, fill=MUTED))
    y += v.small * 0.9  # room for the top tick label's upper half
    frame.x0, frame.y0 = PAD + left, y
    frame.x1, frame.y1 = v.width - PAD - 4, y + v.plot_height
    y = frame.y1 + bottom_axis + 6
    for note in (spec.notes or "").split("\n\n"):
        for line in wrap(" ".join(note.split()), v.small, inner):
            y += v.small * 1.35
            frame.bottom.append(text(PAD, y, line, v.small, fill=MUTED))
    for line in wrap(source_line(spec), v.small, inner):
        y += v.small * 1.35
        frame.bottom.append(text(PAD, y, line, v.small, fill=MUTED))
    frame.height = round(y + PAD)
    return frame


def tick_format(fmt_spec: str) -> str:
    """Ticks keep the format's separator and percent sign, and take the decimals their step needs
    (``,.1`` values, ``100`` ``200`` ticks)."""
    return re.sub(r"\.\d", "", fmt_spec)


def value_labels_width(axis: ValueAxis, fmt_spec: str, size: float) -> float:
    step = axis.ticks[1] - axis.ticks[0] if len(axis.ticks) > 1 else None
    return max(text_width(format_number(t, tick_format(fmt_spec), step=step), size) for t in axis.ticks) + 6


def value_grid(frame: Frame, axis: ValueAxis, scale: Linear, fmt_spec: str, *, horizontal: bool = True) -> list[str]:
    """Gridlines and tick labels of the value axis; the zero line darker, a break when cut."""
    v = frame.variant
    step = axis.ticks[1] - axis.ticks[0] if len(axis.ticks) > 1 else None
    grid, labels, zero = [], [], ""
    for t in axis.ticks:
        label = format_number(t, tick_format(fmt_spec), step=step)
        if horizontal:
            y = scale(t)
            line = f"M{fmt(frame.x0)} {fmt(y)}H{fmt(frame.x1)}"
            labels.append(text(frame.x0 - 6, y + v.small * .35, label, v.small, fill=MUTED, anchor="end"))
        else:
            x = scale(t)
            line = f"M{fmt(x)} {fmt(frame.y0)}V{fmt(frame.y1)}"
            labels.append(text(x, frame.y1 + v.small * 1.3, label, v.small, fill=MUTED, anchor="middle"))
        if t == 0:
            zero = line
        else:
            grid.append(line)
    els = [f'<path d="{"".join(grid)}" stroke="{GRID}" stroke-width="1" fill="none"/>'] if grid else []
    els += labels
    if zero:
        els.append(f'<path class="zero" d="{zero}" stroke="{AXIS}" stroke-width="1.2"/>')
    if axis.broken and horizontal:  # a zigzag across the axis foot: the scale does not start at zero
        x, y = frame.x0, frame.y1
        els.append(
            f'<path class="axis-break" d="M{fmt(x - 8)} {fmt(y + 2)}l4-4 4 4 4-4 4 4" stroke="{INK}" '
            'stroke-width="1.2" fill="none"/>'
            f'<path d="M{fmt(x)} {fmt(frame.y0)}V{fmt(y - 3)}" stroke="{AXIS}" stroke-width="1"/>'
        )
    return els


def compose(frame: Frame, body: list[str], title: str, description: str) -> str:
    """The finished ``<svg>``: a white ground, the header, the marks, the footer."""
    v, p = frame.variant, frame.prefix
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {v.width} {fmt(frame.height)}" width="{v.width}" '
        f'height="{fmt(frame.height)}" role="img" aria-labelledby="{p}-t {p}-d" id="{p}" '
        f'class="atlaspress-chart atlaspress-chart--{v.name}" font-family="{FONT}">',
        f'<title id="{p}-t">{escape(title)}</title><desc id="{p}-d">{escape(description)}</desc>',
        f'<rect width="{v.width}" height="{fmt(frame.height)}" fill="#fff"/>',
        *frame.top, *body, *frame.bottom, "</svg>",
    ])
