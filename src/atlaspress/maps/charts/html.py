"""The HTML around a chart: the figure placed in a page or a feed entry.

All text is the author's and is escaped here; nothing passes through as markup. In a
page the figure carries the inline SVG (wide and compact, CSS picks one), the visible
description the SVG points to, the data as a table in a disclosure, the linked source
and the CSV to download. In a feed, where inline SVG is stripped by most readers, it
carries the standalone SVG as an ``<img>`` with the description as its text alternative.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import ChartFigure


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KB" if n >= 10 * 1024 else f"{n / 1024:.1f} KB"


def source_html(fig: ChartFigure) -> str:
    src = fig.source
    name = _e(str(src["publisher"]))
    if src.get("title"):
        name += f", <cite>{_e(str(src['title']))}</cite>"
    if src.get("url"):
        name = f'<a href="{_e(str(src["url"]))}" rel="noopener noreferrer">{name}</a>'
    if src.get("year"):
        name += f", {src['year']}"
    if src.get("via"):
        name += f", via {_e(str(src['via']))}"
    return f"Source: {name}"


def svg_file(fig: ChartFigure) -> str:
    """The standalone SVG's name next to the page: ``chart-<id>.svg``."""
    return f"chart-{fig.key}.svg"


def _described(svg: str, desc_id: str) -> str:
    """Point the inline SVG at the visible description instead of its own ``<desc>``."""
    return re.sub(r'aria-labelledby="([^" ]+)-t \1-d"', lambda m: f'aria-labelledby="{m[1]}-t" '
                  f'aria-describedby="{desc_id}"', svg, count=1)


def page_figure(fig: ChartFigure, base: str = "") -> str:
    """The figure for a post page; ``base`` prefixes the links to the post's files."""
    fid = f"chart-{fig.key}"
    desc_id = f"{fid}-description"
    parts = [f'<figure class="chart chart--{fig.type}" id="{fid}">']
    if fig.svg is not None:
        parts.append(f'<div class="chart__svg chart__svg--wide">{_described(fig.svg, desc_id)}</div>')
        if fig.svg_compact is not None:
            parts.append(f'<div class="chart__svg chart__svg--compact">{_described(fig.svg_compact, desc_id)}</div>')
    else:
        parts.append(f'<p class="chart__title">{_e(fig.title)}</p>')
    parts.append("<figcaption>")
    parts.append(f'<p class="chart__description" id="{desc_id}">{_e(fig.description)}</p>')
    if fig.svg is not None:
        parts.append(f'<details class="chart__data"><summary>Show the data as a table</summary>{fig.table_html}'
                     "</details>")
    else:
        parts.append(f'<div class="chart__data chart__data--open">{fig.table_html}</div>')
    links = [source_html(fig),
             f'<a href="{_e(base + fig.csv)}" download>Download the data (CSV, {_size(fig.csv_bytes)})</a>']
    if fig.svg is not None:
        links.append(f'<a href="{_e(base + svg_file(fig))}">Chart as SVG</a>')
    parts.append(f'<p class="chart__links">{" · ".join(links)}</p>')
    parts.append("</figcaption></figure>")
    return "".join(parts)


def feed_figure(fig: ChartFigure, base_url: str) -> str:
    """The figure for a feed entry: the standalone SVG as an image, absolute links."""
    if fig.svg is None:
        body = fig.table_html
    else:
        body = f'<img src="{_e(base_url + svg_file(fig))}" alt="{_e(fig.description)}" width="640">'
    return (f"<figure>{body}<figcaption>{_e(fig.title)}. {source_html(fig)} · "
            f'<a href="{_e(base_url + fig.csv)}">Data (CSV)</a></figcaption></figure>')


def standalone_svg(fig: ChartFigure) -> bytes:
    """The wide drawing as a file of its own (feeds, downloads): an XML declaration added."""
    assert fig.svg is not None
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + fig.svg + "\n").encode("utf-8")
