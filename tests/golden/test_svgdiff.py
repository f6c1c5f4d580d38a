"""The golden comparator must pass sub-pixel noise and fail anything a reader sees."""

from __future__ import annotations

from tests.golden.svgdiff import compare_svg, path_distance, path_lines

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<path d="{d}" fill="#eee"/><text x="{x}" y="20">{label}</text></svg>'
)
SQUARE = "M10 10l50 0 0 50-50 0z"


def svg(d: str = SQUARE, x: str = "30", label: str = "Kaesong") -> str:
    return SVG.format(d=d, x=x, label=label)


def test_path_lines_reads_relative_and_absolute_commands() -> None:
    (ring,) = path_lines("M10 10l50 0 0 50-50 0z")
    assert ring.tolist() == [[10, 10], [60, 10], [60, 60], [10, 60], [10, 10]]
    (line,) = path_lines("M0 0H5V5h-5v-5")
    assert line.tolist() == [[0, 0], [5, 0], [5, 5], [0, 5], [0, 0]]
    assert len(path_lines("M0 0l1 1M5 5l1 1")) == 2


def test_same_outline_with_more_vertices_and_subpixel_noise_matches() -> None:
    noisy = "M10.3 9.8l25 0.2 25-0.2 0 50-50 0z"  # an extra vertex, a third of a pixel off
    assert path_distance(SQUARE, noisy) < 1
    assert compare_svg(svg(d=noisy, x="30.4"), svg()) == []


def test_moved_outline_fails() -> None:
    moved = "M10 10l50 0 0 50-50 0-1 0 0-50z"
    (diff,) = compare_svg(svg(d="M13 10l50 0 0 50-50 0z"), svg())
    assert "outline moved by 3.00 px" in str(diff)
    assert compare_svg(svg(d=moved), svg()) == []  # a degenerate spur within a pixel


def test_changed_text_colour_or_position_fails() -> None:
    assert compare_svg(svg(label="Kaesŏng"), svg())
    assert compare_svg(svg(x="34"), svg())
    assert compare_svg(svg().replace("#eee", "#eef"), svg())
    assert compare_svg(svg().replace("</svg>", "<circle r='2'/></svg>"), svg())
