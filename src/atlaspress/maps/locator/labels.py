"""Collision-free label placement (greedy, by priority, over candidate positions).

Text is measured with a width table for a typical ``system-ui`` sans face, a
little generous so real fonts fit inside the reserved boxes.

>>> placer = Placer(640, 400)
>>> a = placer.place(Label("Seoul", 11), anchor_candidates(100, 100, 3))
>>> b = placer.place(Label("Incheon", 11), anchor_candidates(102, 101, 3))
>>> a is not None and (b is None or not a.box.overlaps(b.box))
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from atlaspress.maps.textsize import BOLD_WIDTH, text_width, wrap_words  # noqa: F401 - re-exported


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return not (
            self.x1 + pad <= other.x0
            or other.x1 + pad <= self.x0
            or self.y1 + pad <= other.y0
            or other.y1 + pad <= self.y0
        )

    def inside(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        return self.x0 >= x0 and self.y0 >= y0 and self.x1 <= x1 and self.y1 <= y1

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)


@dataclass(frozen=True)
class Label:
    text: str
    size: float
    cls: str = ""
    letter_spacing: float = 0.0  # in em
    uppercase: bool = False
    max_line: float = 150.0  # wrap to two lines beyond this width (px)
    bold: bool = False  # bold type is about 25 % wider (the place's label: never clipped on a phone)

    @property
    def lines(self) -> tuple[str, ...]:
        t = self.text.upper() if self.uppercase else self.text
        if self.width_of(t) <= self.max_line or " " not in t:
            return (t,)
        words = t.split(" ")
        best = min(
            range(1, len(words)),
            key=lambda k: max(
                self.width_of(" ".join(words[:k])), self.width_of(" ".join(words[k:]))
            ),
        )
        return (" ".join(words[:best]), " ".join(words[best:]))

    def width_of(self, s: str) -> float:
        return text_width(s, self.size, self.letter_spacing) * (BOLD_WIDTH if self.bold else 1.0)

    @property
    def extent(self) -> tuple[float, float]:
        lines = self.lines
        return max(self.width_of(s) for s in lines), self.size * (1.0 + 1.15 * (len(lines) - 1))


@dataclass(frozen=True)
class Candidate:
    """A text anchor: ``x`` with ``align`` in start|middle|end, ``y`` is the box centre."""

    x: float
    y: float
    align: str


@dataclass(frozen=True)
class Placed:
    label: Label
    x: float
    y: float  # centre of the text block
    align: str
    box: Box


def anchor_candidates(x: float, y: float, r: float) -> list[Candidate]:
    """Eight positions around a point marker of radius ``r``, cartographic preference order."""
    d = r + 3
    dd = r * 0.7 + 2
    return [
        Candidate(x + d, y, "start"),
        Candidate(x - d, y, "end"),
        Candidate(x + dd, y - dd - 5, "start"),
        Candidate(x + dd, y + dd + 5, "start"),
        Candidate(x - dd, y - dd - 5, "end"),
        Candidate(x - dd, y + dd + 5, "end"),
        Candidate(x, y - d - 6, "middle"),
        Candidate(x, y + d + 6, "middle"),
    ]


def label_box(label: Label, c: Candidate) -> Box:
    w, h = label.extent
    x0 = c.x if c.align == "start" else c.x - w if c.align == "end" else c.x - w / 2
    return Box(x0, c.y - h / 2 - 1, x0 + w, c.y + h / 2 + 1)


class Placer:
    """Keeps the boxes taken so far and places labels greedily.

    Both kinds of obstacle are indexed, so a check costs the same however many there are
    (a post with 20,000 points blocks 20,000 dots): taken boxes sit in a grid of
    :data:`CELL`-px buckets, obstacle points are sorted into :data:`PCELL`-px cells.
    """

    CELL = 32.0  # px: buckets of taken boxes
    PCELL = 16.0  # px: buckets of obstacle points

    def __init__(self, width: float, height: float, margin: float = 4.0, pad: float = 2.0):
        self.width, self.height, self.margin, self.pad = width, height, margin, pad
        self.taken: list[Box] = []
        self.placed: list[Placed] = []
        self._cells: dict[tuple[int, int], list[Box]] = {}
        self._outside: list[Box] = []  # boxes reaching far outside the frame (rare)
        self._pts: list[np.ndarray] = []
        self._sat: tuple[np.ndarray, dict[tuple[int, int], tuple[int, int]]] | None = None

    # --- taken boxes ----------------------------------------------------------
    def _cell_range(self, box: Box, pad: float = 0.0) -> tuple[range, range] | None:
        c = self.CELL
        i0, i1 = int((box.x0 - pad) // c), int((box.x1 + pad) // c)
        j0, j1 = int((box.y0 - pad) // c), int((box.y1 + pad) // c)
        if (i1 - i0 + 1) * (j1 - j0 + 1) > 4096:
            return None
        return range(i0, i1 + 1), range(j0, j1 + 1)

    def block(self, box: Box) -> None:
        self.taken.append(box)
        cells = self._cell_range(box)
        if cells is None:
            self._outside.append(box)
            return
        for i in cells[0]:
            for j in cells[1]:
                self._cells.setdefault((i, j), []).append(box)

    def unblock(self, box: Box) -> None:
        """Free a box given to :meth:`block` (the same object)."""
        self.taken = [t for t in self.taken if t is not box]
        cells = self._cell_range(box)
        if cells is None:
            self._outside = [t for t in self._outside if t is not box]
            return
        for i in cells[0]:
            for j in cells[1]:
                bucket = self._cells.get((i, j))
                if bucket:
                    bucket[:] = [t for t in bucket if t is not box]

    def overlapping(self, box: Box, pad: float = 0.0) -> list[Box]:
        """Taken boxes that overlap ``box`` (with ``pad``)."""
        seen: dict[int, Box] = {}
        cells = self._cell_range(box, pad)
        pool = self.taken if cells is None else [
            t for i in cells[0] for j in cells[1] for t in self._cells.get((i, j), ())
        ] + self._outside
        for t in pool:
            if id(t) not in seen and box.overlaps(t, pad):
                seen[id(t)] = t
        return list(seen.values())

    # --- obstacle points --------------------------------------------------------
    def avoid_points(self, pts: np.ndarray) -> None:
        """Treat these points (e.g. vertices of a densified line) as obstacles for labels."""
        if len(pts):
            self._pts.append(np.asarray(pts, dtype=float)[:, :2])
            self._sat = None

    @property
    def obstacles(self) -> np.ndarray:
        return np.concatenate(self._pts) if self._pts else np.empty((0, 2))

    def _index(self) -> tuple[np.ndarray, dict[tuple[int, int], tuple[int, int]]]:
        """Obstacle points sorted by :data:`PCELL`-px cell, and each cell's slice of them."""
        if self._sat is None:
            o = self.obstacles
            c = self.PCELL
            kx, ky = np.floor(o[:, 0] / c).astype(np.int64), np.floor(o[:, 1] / c).astype(np.int64)
            order = np.lexsort((ky, kx))
            o, kx, ky = o[order], kx[order], ky[order]
            cells: dict[tuple[int, int], tuple[int, int]] = {}
            if len(o):
                change = np.flatnonzero((np.diff(kx) != 0) | (np.diff(ky) != 0)) + 1
                starts = np.concatenate([[0], change])
                ends = np.concatenate([change, [len(o)]])
                for s0, e0 in zip(starts.tolist(), ends.tolist(), strict=True):
                    cells[(int(kx[s0]), int(ky[s0]))] = (s0, e0)
            self._sat = (o, cells)
        return self._sat

    def hits_obstacle(self, box: Box, pad: float = 1.0) -> bool:
        """Whether an obstacle point lies strictly inside ``box`` grown by ``pad``."""
        if not self._pts:
            return False
        o, cells = self._index()
        c = self.PCELL
        x0, y0, x1, y1 = box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad
        for i in range(int(math.floor(x0 / c)), int(math.floor(x1 / c)) + 1):
            for j in range(int(math.floor(y0 / c)), int(math.floor(y1 / c)) + 1):
                sl = cells.get((i, j))
                if sl is None:
                    continue
                q = o[sl[0]:sl[1]]
                if ((q[:, 0] > x0) & (q[:, 0] < x1) & (q[:, 1] > y0) & (q[:, 1] < y1)).any():
                    return True
        return False

    def fits(self, box: Box) -> bool:
        m = self.margin
        if not box.inside(m, m, self.width - m, self.height - m):
            return False
        cells = self._cell_range(box, self.pad)
        if cells is None:
            return not any(box.overlaps(t, self.pad) for t in self.taken)
        for i in cells[0]:
            for j in cells[1]:
                for t in self._cells.get((i, j), ()):
                    if box.overlaps(t, self.pad):
                        return False
        return not any(box.overlaps(t, self.pad) for t in self._outside)

    def free(self, box: Box) -> bool:
        """Inside the frame, clear of every box taken and of every obstacle line."""
        return self.fits(box) and not self.hits_obstacle(box)

    def place(
        self,
        label: Label,
        candidates: Iterable[Candidate] = (),
        accept: object = None,
    ) -> Placed | None:
        """Place ``label`` at the first free candidate; ``accept(box)`` may veto one."""
        for c in candidates:
            box = label_box(label, c)
            if not self.free(box):
                continue
            if callable(accept) and not accept(box):
                continue
            p = Placed(label, c.x, c.y, c.align, box)
            self.block(box)
            self.placed.append(p)
            return p
        return None

    @property
    def label_boxes(self) -> list[Box]:
        return [p.box for p in self.placed]
