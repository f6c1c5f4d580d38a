"""One folder per bad input under tests/broken/, each with the exact expected message.

Each case is built next to a good post: the bad post is reported with its location and
hint and skipped, the good one is still published.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from atlaspress.app.build import build_site

from ..conftest import post_text

BROKEN = Path(__file__).resolve().parents[1] / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())

EXPECTED = {
    "missing-title": "site/content/places/x/index.md:2:1: error[title]: missing required field 'title'\n"
    "  hint: add a line `title: …` with the post's headline",
    "bad-yaml": "site/content/places/x/index.md:6:6: error[yaml]: invalid YAML: "
    "mapping values are not allowed in this context\n"
    "  hint: check indentation and quote values that contain ': ' or start with a special character",
    "latitude-out-of-range": "site/content/places/x/index.md:6:7: error[place.at]: latitude 137.9 is out of range\n"
    '  hint: latitude runs from -90 (south pole) to 90 (north pole); write "lat, lon" such as '
    '"37.93, 126.60", "37.93 N, 126.60 E" or {lat: 37.93, lon: 126.60}',
    "unknown-series": "site/content/places/x/index.md:7:9: error[series]: unknown series 'contentious-bordres'\n"
    "  hint: did you mean 'contentious-borders'?",
    "bad-date": "site/content/places/x/index.md:3:7: error[date]: '2022-02-30' is not a real date "
    "(day is out of range for month)",
    "unknown-key": "site/content/places/x/index.md:4:1: error[sumary]: unknown key 'sumary'\n"
    "  hint: did you mean 'summary'?",
    "swapped-coordinates": "site/content/places/x/index.md:6:7: error[place.at]: latitude 126.6 is out of range\n"
    '  hint: values look swapped; write "37.93, 126.6" (latitude first) or {lat: …, lon: …}',
    "no-front-matter": "site/content/places/x/index.md:1:1: error[front-matter]: the post does not start "
    "with a front-matter block\n  hint: begin the file with a line `---`, the YAML fields, and another `---`",
    "bad-event-date": "site/content/places/x/index.md:8:12: error[events.0.when]: '2016-2-10' is not a date; "
    "write YYYY, YYYY-MM or YYYY-MM-DD",
    "claim-unknown-layer": "site/content/places/x/index.md:8:19: error[claims.0.distance_to]: unknown layer 'mdl'\n"
    "  hint: the post has no layers; add one under `layers:`; or write `border` or `city:<Name>`",
    "claim-wrong-unit": "site/content/places/x/index.md:8:38: error[claims.0.less_than]: 5 km² is not a length; "
    "distance_to needs km, mi or m",
}


def test_every_case_has_an_expectation():
    assert sorted(EXPECTED) == CASES


@pytest.mark.parametrize("case", CASES)
def test_broken_post_is_reported_and_skipped(case, make_site, chdir_tmp):
    bad = (BROKEN / case / "index.md").read_text(encoding="utf-8")
    site = make_site({"good": post_text(title="Good place"), "x": bad})
    result = build_site(Path("site"), Path("out"))
    messages = [d.format() for d in result.diagnostics]
    assert messages == [EXPECTED[case]]
    assert result.written, "the other posts must still be built"
    assert (chdir_tmp / "out/places/good/index.html").is_file()
    assert not (chdir_tmp / "out/places/x").exists()
    strict = build_site(Path("site"), Path("out-strict"), strict=True)
    assert strict.failed(strict=True) and not strict.written
    assert not os.path.exists(chdir_tmp / "out-strict")
    assert site.is_dir()
