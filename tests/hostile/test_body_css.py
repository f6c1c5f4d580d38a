"""Issue 9, point 9: a ``style`` in the body cannot cover the page or call another host."""

from __future__ import annotations

import re

import pytest

from atlaspress.app.build import compile_site
from atlaspress.content.markdown import render_markdown

from ..conftest import post_text

OVERLAY = "position:fixed;top:0;left:0;height:100vh;z-index:9999;background-color:white"


def cell(style: str) -> str:
    """The sanitized ``<td>`` of a one-cell raw-HTML table."""
    html = render_markdown(f'<table><tr><td style="{style}">x</td></tr></table>').html
    found = re.search(r"<td[^>]*>", html)
    assert found, html
    return found.group(0)


def test_a_full_page_overlay_loses_its_position():
    assert cell(OVERLAY) == '<td style="background-color:white">'


@pytest.mark.parametrize(
    "style",
    [
        "background:url(https://evil.example/x)",
        "background-color:url(https://evil.example/x)",  # nh3 alone keeps url() in an allowed property
        "color:\\75rl(https://evil.example/x)",  # a CSS escape nh3 would decode to url(
        "color:u&#114;l(https://evil.example/x)",  # an entity, decoded before CSS
        "width:image-set('https://evil.example/x' 1x)",
        "color:var(--x, url(https://evil.example/x))",
        "color:expression(alert(1))",
        "text-align:right;@import 'https://evil.example/x.css'",
        "text-align:right;background-image:url(https://evil.example/x)",
    ],
)
def test_no_style_can_fetch_from_another_host(style):
    assert cell(style) == "<td>"


@pytest.mark.parametrize(
    ("style", "kept"),
    [
        ("text-align:right", "text-align:right"),
        ("vertical-align:top;white-space:nowrap", "vertical-align:top;white-space:nowrap"),
        ("font-weight:bold;font-style:italic", "font-weight:bold;font-style:italic"),
        ("color:#c00;background-color:rgb(255, 240, 240)", "color:#c00;background-color:rgb(255, 240, 240)"),
        ("width:calc(50% - 1em)", "width:calc(50% - 1em)"),
        ("text-align:right;margin-left:-100vw", "text-align:right"),
    ],
)
def test_presentation_inside_the_cell_is_kept(style, kept):
    assert cell(style) == f'<td style="{kept}">'


def test_markdown_table_alignment_is_kept():
    html = render_markdown("| a | b |\n|--:|:-:|\n| 1 | 2 |\n").html
    assert '<th style="text-align:right">a</th>' in html
    assert '<td style="text-align:center">2</td>' in html


def test_a_built_post_page_carries_neither_overlay_nor_remote_style(make_site):
    body = (
        f'<table><tr><td style="{OVERLAY}">Gotcha</td>'
        '<th style="background:url(https://evil.example/beacon)">Seen</th></tr></table>\n\n'
        "| Crossing | Opened |\n|:--|--:|\n| Dorasan | 2003 |\n"
    )
    site = make_site({"kaesong": post_text("Kaesong").replace("Body of Kaesong.", body)})
    result = compile_site(site)
    assert not result.report.errors
    page = result.output["places/kaesong/index.html"].decode()
    assert "evil.example" not in page
    assert "position:fixed" not in page and "z-index" not in page
    assert '<td style="background-color:white">Gotcha</td>' in page
    assert "<th>Seen</th>" in page
    assert '<td style="text-align:right">2003</td>' in page
