"""Stage 1, content: a site folder read into posts — front matter, coordinates, Markdown,
the layer files (:mod:`atlaspress.content.layers`), published files. Reads only core."""
