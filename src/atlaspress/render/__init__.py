"""Stage 6, render: the site graph to a mapping of output paths to bytes (pages, feeds,
web-map page contexts). Reads every earlier stage; never output or app.

:mod:`atlaspress.render.pages` is the renderer; :mod:`atlaspress.render.webmap` makes the
map pages and contexts, :mod:`atlaspress.render.feeds` the Atom and JSON feeds and sitemap.
"""

from atlaspress.render.page import Page
from atlaspress.render.pages import (
    RenderedSite,
    Renderer,
    country_label,
    inline_json,
    relative_url,
    render_outputs,
    render_site,
)

__all__ = ["Page", "RenderedSite", "Renderer", "country_label", "inline_json", "relative_url", "render_outputs",
           "render_site"]
