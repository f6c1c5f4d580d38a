"""``atlaspress new``: start a site or a post with files that already build.

A new post is written from the same front-matter fields the docs describe, with the
position normalised to the form we suggest (``37.93 N, 126.6 E``) and ``country:``
computed from OpenStreetMap's borders, so a first build works before the author has
written a word.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from atlaspress.content.coords import parse_coordinate
from atlaspress.content.load import PLACES_DIR, POST_FILE
from atlaspress.core.config import CONFIG_NAME
from atlaspress.core.errors import AtlaspressError
from atlaspress.core.text import slugify

SITE_CONFIG = """\
# atlaspress site configuration — see docs/configuration.md
title = "{title}"
description = "Short, sourced explainers about places, each built around maps."
base_url = "https://example.org/"
language = "en"
author = ""
comments = "open"

[series.places]
title = "Places"
description = "Every place explainer on this site."
"""

# What a build writes: never commit it (a cache from someone else is not yours to trust).
SITE_GITIGNORE = """\
# Written by atlaspress build / serve; rebuilt from the content.
.atlaspress-cache/
public/
"""


def new_site(target: Path, title: str | None = None) -> Path:
    """Create ``target`` with a config, an empty places folder and a ``.gitignore`` for the
    cache and the output; refuse to overwrite."""
    if (target / CONFIG_NAME).exists():
        raise AtlaspressError(f"{target / CONFIG_NAME} already exists; not overwriting it")
    (target / PLACES_DIR).mkdir(parents=True, exist_ok=True)
    (target / "templates").mkdir(exist_ok=True)
    name = title or target.resolve().name.replace("-", " ").title()
    (target / CONFIG_NAME).write_text(SITE_CONFIG.format(title=name.replace('"', "'")), encoding="utf-8")
    _ignore_build_output(target / ".gitignore")
    return target


def _ignore_build_output(gitignore: Path) -> None:
    """Write :data:`SITE_GITIGNORE`, or add its entries to an existing ``.gitignore``."""
    if not gitignore.exists():
        gitignore.write_text(SITE_GITIGNORE, encoding="utf-8")
        return
    text = gitignore.read_text(encoding="utf-8")
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in SITE_GITIGNORE.splitlines() if line and not line.startswith("#") and line not in have]
    if missing:
        gitignore.write_text(text + ("" if text.endswith("\n") or not text else "\n") + "\n".join(missing) + "\n",
                             encoding="utf-8")


def country_line(lon: float, lat: float) -> str:
    """The ``country:`` line for a new post, computed from OpenStreetMap's borders
    (:mod:`atlaspress.geo.borders`); a comment where no single code is right."""
    try:
        from atlaspress.geo.atlas import GeoDataError
        from atlaspress.geo.borders import locate
    except ImportError:  # pragma: no cover - the geo extras are part of the package
        return "  # country: not computed (geodata not installed); ISO 3166-1 alpha-2, e.g. KP"
    try:
        where = locate(lon, lat)
    except GeoDataError:
        return "  # country: not computed (run `make install` for the geodata); ISO 3166-1 alpha-2, e.g. KP"
    source = "by OpenStreetMap's borders"
    from atlaspress.facts.sentences import held_by
    from atlaspress.geo.disputes import disputes_at

    disputes = disputes_at(lon, lat)
    active = [d for d in disputes if d.kind not in ("settled", "unclaimed")]
    if active:  # named by the site's point_of_view, not frozen into the post by the tool
        d = active[0]
        from atlaspress.geo.caption import is_plural, prose_name

        name = prose_name(d.name)
        be = "are" if is_plural(d.name) else "is"
        return (f"  # country: not written: {name[:1].upper() + name[1:]} {be} disputed, {held_by(d)}; pages name "
                "it by the site's point_of_view (docs/places.md)")
    settled = next((d for d in disputes if d.kind == "settled" and d.administered_by), None)
    if settled is not None:  # Hans Island's halves since 2022
        return f"  country: {settled.administered_by}  # {settled.status}"
    if where.unclaimed:
        why = "Antarctic Treaty area" if where.antarctic else source
        return f"  # country: none, {where.summary()} ({why})"
    if where.at_sea:
        return f"  # country: none, at sea in no state's waters ({source}); check `at`"
    if where.disputed:
        codes = " or ".join(t.alpha2 for t in where.territories)
        return (f"  # country: {codes}? {where.summary()}: OpenStreetMap's borders overlap here;"
                " write the one the post means")
    territory = where.territory
    assert territory is not None
    if where.antarctic:
        return f"  country: {territory.alpha2}  # {where.claim_text()} (Antarctic Treaty area)"
    also = f"; {territory.sovereign} is right too" if territory.sovereign else ""
    return f"  country: {territory.alpha2}  # {where.summary()}, {source}{also}"


def new_post(site_dir: Path, title: str, at: str, *, series: str | None = None, today: dt.date | None = None) -> Path:
    """Create ``content/places/<slug>/index.md`` for ``title`` at position ``at``."""
    coordinate = parse_coordinate(at)
    slug = slugify(title)
    bundle = site_dir / PLACES_DIR / slug
    if (bundle / POST_FILE).exists():
        raise AtlaspressError(f"{bundle / POST_FILE} already exists; pick another title")
    bundle.mkdir(parents=True)
    date = (today or dt.date.today()).isoformat()
    safe_title = title.replace('"', '\\"')
    series_line = f"series: {series}\n" if series else ""
    text = f"""---
title: "{safe_title}"
subtitle: ""
date: {date}
summary: ""
place:
  name: "{safe_title}"
  at: {coordinate.human(5)}
{country_line(coordinate.lon, coordinate.lat)}
{series_line}tags: []
facts:
  - claim: The one thing a reader should remember
    detail: |
      Explain it in a paragraph or a list.
events: []
sources: []
question: What do you think?
---
Introduce the place: where it is, why it matters, what changed.
"""
    (bundle / POST_FILE).write_text(text, encoding="utf-8")
    return bundle / POST_FILE
