"""Geography for place posts: Natural Earth base data, locator maps, social cards.

Entry points (the ``enrich`` stage calls these):

- :func:`atlaspress.geo.locator.render_locator` / ``render_thumbnail`` with a ``LocatorSpec``
- :func:`atlaspress.geo.card.render_social_card`
- :mod:`atlaspress.geo.atlas`: ``country_at``, ``country_name``, ``nearest_border_km``
"""
