"""Stage 5, site: the whole site as a graph of posts by slug — related posts, series, tags,
countries, feed selection. Reads the earlier stages; never render, output or app."""
