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

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

_NARROW = set("iljtfrI.,:;'!|()[]- ")
_WIDE = set("mwMW@%")
_CAPS = set("ABCDEFGHJKLNOPQRSTUVXYZ0123456789")


def text_width(text: str, size: float, letter_spacing: float = 0.0) -> float:
    """Estimated advance width in px of ``text`` at ``size`` px."""
    w = 0.0
    for ch in text:
        if ch in _NARROW:
            w += 0.30
        elif ch in _WIDE:
            w += 0.86
        elif ch in _CAPS:
            w += 0.68
        elif ord(ch) > 0x2E80:  # CJK, Hangul
            w += 1.0
        else:
            w += 0.56
    return w * size + letter_spacing * size * max(0, len(text) - 1)


def wrap_words(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by :func:`text_width` (bold type is about 8 % wider); a word longer
    than ``width`` gets a line of its own rather than being cut."""
    factor = 1.08 if bold else 1.0
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if not cur or text_width(trial, size) * factor <= width:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


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
        return text_width(s, self.size, self.letter_spacing)

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
    """Keeps the boxes taken so far and places labels greedily."""

    def __init__(self, width: float, height: float, margin: float = 4.0, pad: float = 2.0):
        self.width, self.height, self.margin, self.pad = width, height, margin, pad
        self.taken: list[Box] = []
        self.placed: list[Placed] = []
        self.obstacles = np.empty((0, 2))  # points sampled along lines labels must not cover

    def block(self, box: Box) -> None:
        self.taken.append(box)

    def avoid_points(self, pts: np.ndarray) -> None:
        """Treat these points (e.g. vertices of a densified line) as obstacles for labels."""
        if len(pts):
            self.obstacles = np.concatenate([self.obstacles, np.asarray(pts)[:, :2]])

    def hits_obstacle(self, box: Box, pad: float = 1.0) -> bool:
        o = self.obstacles
        if not len(o):
            return False
        return bool(
            (
                (o[:, 0] > box.x0 - pad)
                & (o[:, 0] < box.x1 + pad)
                & (o[:, 1] > box.y0 - pad)
                & (o[:, 1] < box.y1 + pad)
            ).any()
        )

    def fits(self, box: Box) -> bool:
        m = self.margin
        if not box.inside(m, m, self.width - m, self.height - m):
            return False
        return not any(box.overlaps(t, self.pad) for t in self.taken)

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
            self.taken.append(box)
            self.placed.append(p)
            return p
        return None

    @property
    def label_boxes(self) -> list[Box]:
        return [p.box for p in self.placed]
