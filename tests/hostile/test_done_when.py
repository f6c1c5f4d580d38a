"""Issue 9's "done when": one site holding every kind of trouble at once.

An antimeridian-crossing layer, a YAML alias bomb, control characters and a ``.git``
folder inside a post: the build runs in a subprocess capped at 1 GB of address space,
reports the bomb, builds every other post, writes well-formed XML, and publishes none of
the hostile parts. And ``build SITE --out SITE`` is refused with the site intact.
"""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from ..conftest import post_text
from .test_yaml import billion_laughs

ACROSS_180 = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"name": "Strait line"},
         "geometry": {"type": "LineString", "coordinates": [[178.5, 65.6], [179.6, 65.65], [-179.4, 65.7]]}},
        {"type": "Feature", "properties": {"name": "Box"},
         "geometry": {"type": "Polygon", "coordinates": [[[179.2, 65.3], [-179.3, 65.3], [-179.3, 65.9],
                                                         [179.2, 65.9], [179.2, 65.3]]]}},
    ],
}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _hostile_site(make_site: Callable[..., Path]) -> Path:
    strait = post_text(title="Bering Strait", at="65.75, -168.9").replace(
        "tags: [test]", "tags: [test]\nlayers:\n  - {file: strait.geojson, id: strait, title: Strait}")
    control = post_text(title="Control\x0b place").replace("Body of", "Body\x0c with \x1b of")
    site = make_site(
        {"good": post_text(title="Good place"), "strait": strait, "bomb": billion_laughs(), "control": control},
        files={"content/places/strait/strait.geojson": json.dumps(ACROSS_180),
               "content/places/good/.git/config": "[remote]\n\turl = secret\n",
               "content/places/good/index.md.bak": "old draft\n"},
    )
    return site


def test_a_site_with_every_kind_of_trouble_builds_the_rest(make_site, chdir_tmp) -> None:
    site = _hostile_site(make_site)
    out = chdir_tmp / "out"
    done = subprocess.run(
        [sys.executable, "-m", "atlaspress", "build", str(site), "--out", str(out)],
        capture_output=True, text=True, preexec_fn=_limit_memory, timeout=600,
    )
    printed = done.stdout + done.stderr
    assert done.returncode == 1, printed  # one error (the bomb); the rest is written
    assert "error[yaml]: YAML aliases (*a) are not allowed in front matter" in printed
    assert "warning[text.control]" in printed
    assert "Traceback" not in printed
    for slug in ("good", "strait", "control"):
        assert (out / "places" / slug / "index.html").exists(), slug
    assert not (out / "places" / "bomb").exists()
    published = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert not [p for p in published if "/.git" in p or p.endswith(".bak")]
    assert all("secret" not in p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    for path in list(out.rglob("*.xml")) + list(out.rglob("*.svg")):
        ET.parse(path)  # every XML and SVG the build writes is well-formed
    page = (out / "places" / "control" / "index.html").read_text(encoding="utf-8")
    assert "\x0b" not in page and "\x0c" not in page and "\x1b" not in page


def test_building_into_the_site_folder_is_refused_and_the_site_is_intact(make_site, chdir_tmp) -> None:
    site = _hostile_site(make_site)
    before = _tree_digest(site)
    done = subprocess.run([sys.executable, "-m", "atlaspress", "build", str(site), "--out", str(site)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    printed = done.stdout + done.stderr
    assert "error[out]: the output folder is the site folder; a build would delete the site" in printed
    assert _tree_digest(site) == before
