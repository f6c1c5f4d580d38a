"""Compare two SVG maps the way a reader would: same drawing, within a pixel.

A byte-for-byte golden breaks on every routine upgrade of shapely, pyproj or numpy: a
vertex moves by a hundredth of a pixel, a simplification keeps one point more, and the
path text changes completely although the picture does not. So a golden is compared by
structure and by geometry:

- the element tree must match exactly: tags, their order, attribute names, and every
  text a reader or a screen reader gets (titles, labels, descriptions);
- numeric attributes (positions, sizes, transforms) must agree within ``tolerance`` px;
- path outlines (``d``) must lie within ``tolerance`` px of each other (Hausdorff
  distance of the drawn lines, however many vertices each has).

Anything else, including a colour or a class, is part of the structure and must match.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np
import shapely

_TOKEN = re.compile(r"[MmLlHhVvZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ID = re.compile(r"loc-[0-9a-f]{10}")
# Attributes whose numbers are geometry (compared within the tolerance), not identity.
_NUMERIC = {"x", "y", "cx", "cy", "r", "rx", "ry", "x1", "x2", "y1", "y2", "width", "height",
            "transform", "viewBox", "points", "font-size", "stroke-width", "dx", "dy"}


def path_lines(d: str) -> list[np.ndarray]:
    """The subpaths of an SVG path (M, L, H, V, Z in both cases) as absolute vertex arrays."""
    tokens = _TOKEN.findall(d)
    lines: list[list[tuple[float, float]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    cmd = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd in "Zz":
                if lines and lines[-1]:
                    lines[-1].append(start)
                x, y = start
                continue
            if cmd in "Mm":
                lines.append([])
            continue
        if cmd in "HhVv":
            v = float(tok)
            i += 1
            if cmd == "H":
                x = v
            elif cmd == "h":
                x += v
            elif cmd == "V":
                y = v
            else:
                y += v
        else:
            dx, dy = float(tok), float(tokens[i + 1])
            i += 2
            if cmd.isupper():
                x, y = dx, dy
            else:
                x, y = x + dx, y + dy
            if cmd in "Mm":
                if lines and lines[-1]:
                    lines.append([])
                start = (x, y)
                cmd = "L" if cmd == "M" else "l"  # later pairs after a moveto are linetos
        if not lines:
            lines.append([])
        lines[-1].append((x, y))
    return [np.asarray(line, dtype=float) for line in lines if line]


def _geometry(d: str) -> shapely.Geometry:
    parts = []
    for line in path_lines(d):
        parts.append(shapely.points(line[0]) if len(line) == 1 else shapely.linestrings(line))
    return shapely.geometrycollections(parts) if parts else shapely.from_wkt("GEOMETRYCOLLECTION EMPTY")


def path_distance(a: str, b: str) -> float:
    """How far apart two path outlines are drawn, in px (0 for two empty paths)."""
    ga, gb = _geometry(a), _geometry(b)
    if shapely.is_empty(ga) and shapely.is_empty(gb):
        return 0.0
    if shapely.is_empty(ga) or shapely.is_empty(gb):
        return float("inf")
    # Densify so the distance measures the lines, not only their vertices.
    return float(shapely.hausdorff_distance(ga, gb, densify=0.25))


@dataclass
class Difference:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def _shape(text: str) -> str:
    return _NUMBER.sub("#", text)


def _compare_attr(where: str, name: str, a: str, b: str, tolerance: float) -> Difference | None:
    if name == "d":
        gap = path_distance(a, b)
        return None if gap <= tolerance else Difference(where, f"outline moved by {gap:.2f} px")
    if name in _NUMERIC:
        na, nb = _numbers(a), _numbers(b)
        if _shape(a) != _shape(b) or len(na) != len(nb):
            return Difference(where, f"{name}={a!r}, golden {b!r}")
        worst = max((abs(p - q) for p, q in zip(na, nb)), default=0.0)
        if worst <= tolerance:
            return None
        return Difference(where, f"{name} moved by {worst:.2f} px ({a!r}, golden {b!r})")
    if _ID.sub("loc-ID", a) != _ID.sub("loc-ID", b):
        return Difference(where, f"{name}={a!r}, golden {b!r}")
    return None


def _walk(a: ET.Element, b: ET.Element, where: str, tolerance: float, out: list[Difference]) -> None:
    if a.tag != b.tag:
        out.append(Difference(where, f"<{a.tag}>, golden <{b.tag}>"))
        return
    if sorted(a.attrib) != sorted(b.attrib):
        out.append(Difference(where, f"attributes {sorted(a.attrib)}, golden {sorted(b.attrib)}"))
    for name in sorted(set(a.attrib) & set(b.attrib)):
        diff = _compare_attr(f"{where}@{name}", name, a.attrib[name], b.attrib[name], tolerance)
        if diff:
            out.append(diff)
    for label, ta, tb in (("text", a.text, b.text), ("tail", a.tail, b.tail)):
        if (ta or "").strip() != (tb or "").strip():
            out.append(Difference(where, f"{label} {(ta or '').strip()!r}, golden {(tb or '').strip()!r}"))
    ca, cb = list(a), list(b)
    if len(ca) != len(cb):
        out.append(Difference(where, f"{len(ca)} children, golden {len(cb)}: "
                                     f"{[c.tag.split('}')[-1] for c in ca]} vs {[c.tag.split('}')[-1] for c in cb]}"))
    for index, (x, y) in enumerate(zip(ca, cb)):
        _walk(x, y, f"{where}/{x.tag.split('}')[-1]}[{index}]", tolerance, out)


def compare_svg(actual: str, golden: str, tolerance: float = 1.0) -> list[Difference]:
    """Every difference a reader could see between two SVGs; empty when they match."""
    out: list[Difference] = []
    root_a, root_b = ET.fromstring(actual), ET.fromstring(golden)
    _walk(root_a, root_b, "svg", tolerance, out)
    return out


def pretty(svg: str) -> str:
    """One element per line and stable ids, so a golden's git diff can be read."""
    return _ID.sub("loc-ID", svg).replace("><", ">\n<").rstrip("\n") + "\n"
