"""Stage 0, core: what every stage may use — errors, config, text helpers, files, the cache
store, measures on the sphere and the ellipsoid (:mod:`atlaspress.core.sphere`,
:mod:`atlaspress.core.measure`), the palette. Imports nothing else of atlaspress."""
