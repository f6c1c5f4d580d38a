"""Stage 7, output: writing the site (atomic swap) and the search index."""
