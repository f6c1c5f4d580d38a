"""atlaspress: a static-site generator for place explainers built around maps."""

__version__ = "0.1.0"
