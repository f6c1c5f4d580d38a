"""One page to render: its own module, so page makers (:mod:`atlaspress.render.webmap`)
and the renderer (:mod:`atlaspress.render.pages`) both use it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from atlaspress.render.fonts import font_style


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where it goes and what its template receives."""

    dest_path: str
    template: str
    context: dict[str, Any]
    in_sitemap: bool = True
    lastmod: str | None = None
    root_links: bool = False  # served at any depth (404): link from the site root instead

    def fonts(self, body: str, lang: str | None = None) -> Markup:
        """The ``<style>`` with the Hangul/CJK glyphs the page's rendered ``body`` shows, for its
        ``<head>`` (:func:`atlaspress.render.fonts.font_style`; empty when it shows none)."""
        return Markup(font_style(str(body), lang))
