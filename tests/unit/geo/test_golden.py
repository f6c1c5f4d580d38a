"""Golden locator SVGs. Regenerate with: UPDATE_GOLDEN=1 pytest tests/unit/geo/test_golden.py

Numbers are normalised (rounded to whole pixels) and per-post ids replaced,
so tiny floating-point differences between platforms do not fail the diff.
"""

import os
import re
from pathlib import Path

import pytest

from atlaspress.geo.locator import render_locator
from tests.geo_cases import DEMO_SPECS, GOLDEN

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "golden" / "locator"
_NUM = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)")


def normalise(svg: str) -> str:
    svg = re.sub(r"loc-[0-9a-f]{10}", "loc-ID", svg)
    svg = _NUM.sub(lambda m: str(round(float(m.group()))), svg)
    return svg.replace("><", ">\n<")


@pytest.mark.parametrize("variant", ["wide", "compact"])
@pytest.mark.parametrize("name", GOLDEN)
def test_golden_locator(name, variant):
    loc = render_locator(DEMO_SPECS[name])
    got = normalise(loc.svg if variant == "wide" else loc.svg_compact)
    path = GOLDEN_DIR / (f"{name}.svg" if variant == "wide" else f"{name}-compact.svg")
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("UPDATE_GOLDEN"):
            pytest.fail(f"missing golden {path}; run UPDATE_GOLDEN=1 pytest {__file__}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got + "\n", encoding="utf-8")
        return
    assert got + "\n" == path.read_text(encoding="utf-8")
