"""One post's charts, drawn: from its front matter and CSV files to :class:`ChartFigure` values.

This is the per-post step the enrich stage runs (and caches with the locator): read and
check each CSV, collect its marks, write its description, draw its wide and compact
SVG and its table. Nothing here knows where the page will be; the HTML around a figure
is written at render time by :mod:`.html`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from atlaspress.content.model import Chart, Event
from atlaspress.core.errors import ContentError

from . import columns, datamap, dots, lines
from .data import Dataset, dataset
from .datatable import data_table
from .describe import describe
from .frame import COMPACT, WIDE, Variant
from .marks import Mark, collect_marks
from .model import ChartFigure
from .table import CODE, Table, read_table

MAX_SVG_BYTES = 30 * 1024  # per drawing; a chart over it is refused with a hint


def _draw(spec: Chart, data: Dataset, marks: Sequence[Mark], variant: Variant, prefix: str, description: str,
          shapes: Sequence[datamap.Shape], place: tuple[float, float]) -> str:
    if spec.type in ("line", "area"):
        return lines.draw(spec, data, marks, variant, prefix, description)
    if spec.type in ("column", "stacked-column", "grouped-column", "bar"):
        return columns.draw(spec, data, marks, variant, prefix, description)
    if spec.type == "dot-plot":
        return dots.draw(spec, data, variant, prefix, description)
    return datamap.draw(spec, data, shapes, variant, prefix, description, place)


def chart_figure(spec: Chart, table: Table, *, events: Sequence[Event] = (), features: Sequence[dict] = (),
                 place: tuple[float, float] = (0.0, 0.0), csv_bytes: int = 0) -> ChartFigure:
    """Check ``table`` against ``spec`` and draw it; raises a located :class:`ContentError`."""
    data = dataset(spec, table)
    x_index = table.names.index(data.x_name)
    shapes: list[datamap.Shape] = []
    if spec.is_map:
        key_cells = [row[x_index] for row in table.rows]
        shapes = (datamap.layer_shapes(spec, data, table, key_cells, features) if spec.join and spec.join.layer
                  else datamap.country_shapes(data, table, key_cells))
    marks = collect_marks(spec, data, events)
    description = describe(spec, data, marks)
    if spec.is_map:
        missing = [s.name for s in shapes if s.value is None]
        if missing:
            description += " No data for " + ", ".join(missing) + "."
    svg = compact = None
    if spec.type != "table":
        svg = _draw(spec, data, marks, WIDE, f"chart-{spec.key}-w", description, shapes, place)
        compact = _draw(spec, data, marks, COMPACT, f"chart-{spec.key}-c", description, shapes, place)
        for drawing in (svg, compact):
            if len(drawing.encode()) > MAX_SVG_BYTES:
                raise table.error(None, f"the chart would weigh {len(drawing.encode()) // 1024} KB, more than "
                                  f"{MAX_SVG_BYTES // 1024} KB", "plot fewer rows or columns, or aggregate them")
    src = spec.source
    return ChartFigure(
        key=spec.key, type=spec.type, title=spec.title, svg=svg, svg_compact=compact, description=description,
        table_html=data_table(spec, data), csv=spec.file, csv_bytes=csv_bytes,
        source={"publisher": src.publisher, "title": src.title, "year": src.year,
                "url": str(src.url) if src.url else None, "via": src.via},
        card=spec.card,
    )


def post_charts(charts: Sequence[Chart], bundle: Path, display: str, *, events: Sequence[Event] = (),
                layers: Mapping[str, Sequence[dict]] | None = None,
                place: tuple[float, float] = (0.0, 0.0)) -> tuple[ChartFigure, ...]:
    """Every chart of a post; the first CSV problem raises its located ContentError.

    ``display`` is how diagnostics show the bundle folder; ``layers`` maps a layer id to its
    GeoJSON features (for data maps joined to a layer).
    """
    out = []
    for spec in charts:
        path = bundle / spec.file
        shown = f"{display.rstrip('/')}/{spec.file}"
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ContentError.at(shown, 0, 0, CODE, f"cannot read the chart's file ({exc.strerror or exc})") from exc
        table = read_table(data, shown)
        features = (layers or {}).get(spec.join.layer, ()) if spec.join and spec.join.layer else ()
        out.append(chart_figure(spec, table, events=events, features=features, place=place, csv_bytes=len(data)))
    return tuple(out)
