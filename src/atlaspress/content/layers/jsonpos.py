"""Find the line and column of a value inside JSON text, by its path.

``json`` keeps no positions, so when a GeoJSON value is wrong the text is walked once more
to the value's path (``("features", 3, "geometry", "coordinates", 0)``). This only runs
when there is something to report.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

_WS = " \t\r\n"
_DECODER = json.JSONDecoder()


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(text: str, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path``; the deepest reachable ancestor if lost."""
    try:
        offset = _walk(text, path)
    except (ValueError, IndexError, RecursionError):
        offset = 0
    return line_col(text, offset)


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _walk(text: str, path: Sequence[str | int]) -> int:
    i = _skip(text, 0)
    best = i
    for step in path:
        if isinstance(step, int):
            if text[i] != "[":
                return best
            i = _skip(text, i + 1)
            for _ in range(step):
                _, i = _DECODER.raw_decode(text, i)
                i = _skip(text, i)
                if text[i] != ",":
                    return best
                i = _skip(text, i + 1)
        else:
            if text[i] != "{":
                return best
            i = _skip(text, i + 1)
            while True:
                if text[i] != '"':
                    return best
                key, i = _DECODER.raw_decode(text, i)
                i = _skip(text, i)
                i = _skip(text, i + 1)  # the colon
                if key == step:
                    break
                _, i = _DECODER.raw_decode(text, i)
                i = _skip(text, i)
                if text[i] != ",":
                    return best
                i = _skip(text, i + 1)
        best = i
    return best
