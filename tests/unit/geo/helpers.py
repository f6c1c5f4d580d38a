"""Small helpers for the geo tests: read back the SVG the locator wrote."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[MLlhvz]|-?(?:\d+\.?\d*|\.\d+)")


def path_segments(d: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Every straight segment of a path written by atlaspress.geo (M, l, h, v, z)."""
    segs = []
    toks = _TOKEN.findall(d)
    i, cmd = 0, ""
    x = y = sx = sy = 0.0
    while i < len(toks):
        t = toks[i]
        if t in ("M", "l", "L", "z", "h", "v"):
            cmd = t
            i += 1
            if t == "z":
                segs.append(((x, y), (sx, sy)))
                x, y = sx, sy
            continue
        if cmd in ("h", "v"):
            a = float(toks[i])
            i += 1
            nx, ny = (x + a, y) if cmd == "h" else (x, y + a)
            segs.append(((x, y), (nx, ny)))
            x, y = nx, ny
            continue
        a, b = float(toks[i]), float(toks[i + 1])
        i += 2
        if cmd == "M":
            x, y = sx, sy = a, b
            cmd = "l"
        elif cmd == "l":
            segs.append(((x, y), (x + a, y + b)))
            x, y = x + a, y + b
    return segs


def paths(svg: str) -> list[tuple[str, str]]:
    """(attributes, d) for every <path> element."""
    return [
        (m.group(1) + m.group(3), m.group(2))
        for m in re.finditer(r"<path([^>]*?) d=\"([^\"]*)\"([^>]*)>", svg)
    ]
