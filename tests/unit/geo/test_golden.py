"""Golden locator SVGs. Regenerate with: UPDATE_GOLDEN=1 pytest tests/unit/geo/test_golden.py

The comparison is by structure and geometry (``tests/golden/svgdiff.py``): the same
elements and texts, positions within a pixel, outlines within a pixel of each other.
So a routine upgrade of shapely, pyproj or numpy that moves a vertex by a fraction of a
pixel passes, and anything a reader would notice fails with the element that changed.
The actual SVG of a failing case is saved under ``test-artifacts/golden/`` to look at.
"""

import os
from pathlib import Path

import pytest

from atlaspress.maps.locator import render_locator
from tests.geo_cases import DEMO_SPECS, GOLDEN
from tests.golden.svgdiff import compare_svg, pretty

ROOT = Path(__file__).resolve().parents[3]
GOLDEN_DIR = ROOT / "tests" / "golden" / "locator"
ARTIFACTS = ROOT / "test-artifacts" / "golden"


@pytest.mark.parametrize("variant", ["wide", "compact"])
@pytest.mark.parametrize("name", GOLDEN)
def test_golden_locator(name, variant):
    loc = render_locator(DEMO_SPECS[name])
    got = pretty(loc.svg if variant == "wide" else loc.svg_compact)
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
                    f"actual saved to {ARTIFACTS / path.name}; if the change is intended, "
                    f"review it and run UPDATE_GOLDEN=1 pytest {__file__}")
