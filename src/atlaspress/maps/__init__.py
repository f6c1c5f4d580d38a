"""Stage 4, maps: everything drawn — the locator, globe, social card, overview maps, the
web-map data and charts. Reads facts, geo, content and core; never site, render or later."""
