"""Golden chart SVGs, one per chart type and variant. Regenerate with:
UPDATE_GOLDEN=1 pytest tests/unit/maps/charts/test_golden.py, then look at the diff.

Compared like the locator's goldens (``tests/golden/svgdiff.py``): the same elements and
texts, positions within a pixel. A failing case's SVG is saved under
``test-artifacts/golden/charts/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from atlaspress.maps.charts import chart_figure
from tests.golden.svgdiff import compare_svg, pretty

from .cases import EVENTS, GOLDEN_CASES, chart, table

ROOT = Path(__file__).resolve().parents[4]
GOLDEN_DIR = ROOT / "tests" / "golden" / "charts"
ARTIFACTS = ROOT / "test-artifacts" / "golden" / "charts"
KURIL = ROOT / "examples" / "demo" / "content" / "places" / "kuril-islands"


def _figure(name: str):
    if name == "symbols":
        spec = chart(type="symbols", title="Who lived on the islands in 1945", units="residents",
                     join={"layer": "claimed", "by": "name"})
        features = json.loads((KURIL / "claimed-islands.geojson").read_text(encoding="utf-8"))["features"]
        text = (KURIL / "residents-1945.csv").read_text(encoding="utf-8")
        return chart_figure(spec, table(text), features=features, place=(145.95, 44.15))
    spec, text = GOLDEN_CASES[name]
    return chart_figure(spec, table(text), events=EVENTS, place=(126.6, 37.9))


NAMES = sorted([*GOLDEN_CASES, "symbols"])


@pytest.mark.parametrize("variant", ["wide", "compact"])
@pytest.mark.parametrize("name", NAMES)
def test_golden_chart(name, variant):
    fig = _figure(name)
    svg = fig.svg if variant == "wide" else fig.svg_compact
    assert svg is not None
    got = pretty(svg)
    path = GOLDEN_DIR / (f"{name}.svg" if variant == "wide" else f"{name}-compact.svg")
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing golden {path}; run UPDATE_GOLDEN=1 pytest {__file__}")
    differences = compare_svg(got, path.read_text(encoding="utf-8"))
    if differences:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / path.name).write_text(got, encoding="utf-8")
        shown = "\n  ".join(str(d) for d in differences[:12])
        pytest.fail(f"{path.name} differs from its golden in {len(differences)} place(s):\n  {shown}\n"
                    f"actual saved to {ARTIFACTS / path.name}; if the change is intended, review it and run "
                    f"UPDATE_GOLDEN=1 pytest {__file__}")


@pytest.mark.parametrize("name", NAMES)
def test_charts_are_deterministic_and_small(name):
    a, b = _figure(name), _figure(name)
    assert a == b
    for svg in (a.svg, a.svg_compact):
        assert svg is not None and len(svg.encode()) <= 30 * 1024


def test_bars_and_columns_start_at_zero():
    for name in ("column", "stacked-column", "grouped-column", "bar"):
        fig = _figure(name)
        assert 'class="zero"' in (fig.svg or ""), name
