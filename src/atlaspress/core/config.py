"""Site configuration: ``atlaspress.toml`` read into a validated :class:`SiteConfig`.

TOML keeps the file friendly to hand editing; pydantic gives every key a type, a default
and a description (the docs reference is generated from them) and names the key at fault.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)

from atlaspress.core.errors import ConfigError, Diagnostic, Severity, display_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_NAME = "atlaspress.toml"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeriesConfig(_Strict):
    """A named series of posts, such as "Contentious borders"."""

    title: str = Field(description="Shown as the series page heading and in 'part N of M'.")
    description: str = Field("", description="One or two sentences shown on the series page.")
    noun: str | None = Field(
        None,
        description='Plural phrase used in "For other <noun>, see …"; defaults to "places in <title>" '
        "(the title exactly as written: atlaspress never changes an author's capitalisation).",
    )

    @property
    def phrase(self) -> str:
        return self.noun or f"places in {self.title}"


class MapConfig(_Strict):
    """The interactive maps: when they load and what basemap they draw on.

    The default basemap is built from Natural Earth data shipped with atlaspress, so a site
    makes no third-party request. Only a host named here is ever contacted.
    """

    load: Literal["click", "visible"] = Field(
        "click",
        description='`click`: the map loads when the reader presses "Explore the map"; '
        "`visible`: also when the map section scrolls into view.",
    )
    basemap: Literal["natural-earth", "style", "raster", "pmtiles"] = Field(
        "natural-earth",
        description="`natural-earth` (embedded, offline), `style` (a MapLibre style URL), `raster` (XYZ tiles) "
        "or `pmtiles` (a PMTiles archive).",
    )
    style_url: str | None = Field(None, description='MapLibre style JSON URL, with `basemap = "style"`.')
    raster_tiles: str | None = Field(
        None,
        description='XYZ tile template such as `https://tiles.example/{z}/{x}/{y}.png`, with `basemap = "raster"`.',
    )
    pmtiles: str | None = Field(
        None,
        description='PMTiles archive: a URL or a file in the site\'s `static/` folder, with `basemap = "pmtiles"`.',
    )
    attribution: str | None = Field(None, description="Attribution shown on the map for a configured basemap.")

    @model_validator(mode="after")
    def _source_given(self) -> MapConfig:
        needed = {"style": "style_url", "raster": "raster_tiles", "pmtiles": "pmtiles"}.get(self.basemap)
        if needed and not getattr(self, needed):
            raise ValueError(f'basemap = "{self.basemap}" needs `{needed}`')
        return self


class SiteConfig(_Strict):
    """Everything in ``atlaspress.toml``. Unknown keys are errors so typos never pass silently."""

    title: str = Field(description="Site name, shown in the header, feeds and page titles.")
    description: str = Field("", description="One sentence about the site, for the home page and feeds.")
    base_url: HttpUrl = Field(
        HttpUrl("http://localhost/"),
        description="Absolute URL the site is published at; used for canonical links, feeds and the sitemap.",
    )
    language: str = Field("en", description="BCP 47 language tag for `<html lang>`, e.g. `en` or `fr-CA`.")
    author: str = Field("", description="Default author named in feeds and article metadata.")
    comments: Literal["open", "closed"] = Field(
        "open", description="Default comment state for posts that do not set `comments`."
    )
    comments_email: str | None = Field(
        None, description="Where readers write to comment on a post (`letters@example.org`): an open post "
        "says so under its comments. Without it or `comments_url`, an open post invites no comments.",
    )
    comments_url: str | None = Field(
        None, description="A page where readers send comments instead of an address: a full URL "
        "(`https://example.org/contact`) or a path of this site (`/contact/`, a site page).",
    )
    redirects: dict[str, str] = Field(
        default_factory=dict,
        description='Old addresses that have no front matter, mapped to their new one: `"/category/borders/" = '
        '"/series/contentious-borders/"`, both paths from the site\'s root. Each becomes a redirect page '
        "and a line of `_redirects` (see [pages and redirects](pages.md)).",
    )
    series: dict[str, SeriesConfig] = Field(
        default_factory=dict,
        description="Series definitions keyed by slug: `[series.contentious-borders]` "
        "with `title`, `description`, `noun`.",
    )
    map: MapConfig = Field(default_factory=MapConfig, description="Interactive map settings (see MapConfig).")
    pretty_urls: bool = Field(
        True,
        description="Links end at the folder (`places/x/`). Set `false` to link to `places/x/index.html`, "
        "so the built site can be browsed straight from disk (`file://`).",
    )
    posts_per_feed: int = Field(20, ge=1, description="How many recent posts the Atom feeds carry.")
    posts_per_page: int = Field(
        12, ge=1, description="Cards per page of the home page and of each tag page; later posts go on "
        "`page/2/`, `page/3/` … so no listing grows with the site.",
    )
    max_file_size_mb: float = Field(20, gt=0, description="Files in the content folder larger than this are refused.")
    precompress: list[Literal["gzip", "br"]] = Field(
        default_factory=list,
        description='Also write `.gz` and/or `.br` copies of each text file (HTML, CSS, JS, JSON, SVG, XML), '
        'e.g. `["gzip", "br"]`, for static hosts that send precompressed files (nginx `gzip_static`, Caddy '
        '`precompressed`); off by default, since most hosts compress on the fly. `br` needs the `brotli` package.',
    )
    publish: list[str] = Field(
        default_factory=list,
        description="Files in a post folder to publish even when the post does not link to them: glob patterns "
        'relative to the folder, e.g. `["*.pdf", "data/*.csv"]`. A post publishes the files it links to or '
        "shows (layers, images, downloads) without this; hidden and backup files and HTML never are, and "
        "SVG is cleaned of scripts and external references.",
    )

    point_of_view: str = Field(
        "de-facto",
        description="How disputed places are named and shaded on the locator: `de-facto` (default: as "
        "part of the state that administers them), `un` (as the United Nations treats them), or a "
        "country's ISO 3166-1 alpha-2 "
        "code such as `IN` (as that state's own claims have it). Whatever the view, every page about a "
        "disputed place says that it is disputed, who holds it, who claims it and since when.",
    )

    @field_validator("point_of_view")
    @classmethod
    def _point_of_view(cls, value: str) -> str:
        import pycountry

        text = value.strip()
        if text.lower() in ("de-facto", "un"):
            return text.lower()
        if len(text) == 2 and text.isalpha() and pycountry.countries.get(alpha_2=text.upper()):
            return text.upper()
        raise ValueError(f"point_of_view {value!r} is not `de-facto`, `un` or an ISO 3166-1 alpha-2 code like `IN`")

    @field_validator("series")
    @classmethod
    def _series_slugs(cls, value: dict[str, SeriesConfig]) -> dict[str, SeriesConfig]:
        import re

        for slug in value:
            if not re.match(SLUG_PATTERN, slug):
                raise ValueError(f"series key {slug!r} must be lower-case words joined by hyphens")
        return value

    @field_validator("comments_email")
    @classmethod
    def _comments_email(cls, value: str | None) -> str | None:
        import re

        if value is not None and not re.fullmatch(r"[^@\s<>\"'()\[\],;:]+@[^@\s<>\"'()\[\],;:]+\.[A-Za-z0-9-]+", value):
            raise ValueError(f"comments_email {value!r} is not an e-mail address like letters@example.org")
        return value

    @field_validator("comments_url")
    @classmethod
    def _comments_url(cls, value: str | None) -> str | None:
        import re

        if value is None:
            return value
        if re.match(r"^https?://[^/\s]+", value) and not re.search(r"\s", value):
            return value
        if value.startswith("/"):
            from atlaspress.core.sitepaths import AliasError, parse_target

            try:
                parse_target(value)
            except AliasError as exc:
                raise ValueError(f"comments_url: {exc}") from None
            return value
        raise ValueError(f"comments_url {value!r} is neither a web address (https://…) nor a path of this "
                         "site (/contact/)")

    @field_validator("redirects")
    @classmethod
    def _redirects(cls, value: dict[str, str]) -> dict[str, str]:
        from atlaspress.core.sitepaths import AliasError, parse_alias, parse_target

        out = {}
        for old, new in value.items():
            try:
                alias = parse_alias(old)
            except AliasError as exc:
                raise AliasError(f"redirect from {old!r}: {exc}", exc.hint, key=old) from None
            try:
                parse_target(new)
            except AliasError as exc:
                raise AliasError(f"redirect from {old!r} to {new!r}: {exc}", exc.hint, key=old) from None
            if alias.text in out:
                raise AliasError(f"redirect from {old!r} is given twice", "keep one line per old address", key=old)
            out[alias.text] = new
        return dict(sorted(out.items()))

    @field_validator("publish")
    @classmethod
    def _publish_patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            parts = pattern.replace("\\", "/").split("/")
            if not pattern.strip() or pattern.startswith("/") or ":" in pattern or ".." in parts:
                raise ValueError(f"publish pattern {pattern!r} must be relative to the post folder, e.g. \"*.pdf\"")
        return value

    @property
    def root_url(self) -> str:
        text = str(self.base_url)
        return text if text.endswith("/") else text + "/"


def _key_line(text: str, dotted: tuple[str, ...]) -> int:
    """Best-effort line of a TOML key: tomllib keeps no positions, so search the text."""
    if not dotted:
        return 1
    lines = text.splitlines()
    table = ".".join(str(p) for p in dotted[:-1])
    leaf = str(dotted[-1])
    in_table = not table
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line.startswith("["):
            in_table = line.strip("[]").strip() == table if table else False
            if table and line.strip("[]").strip() == f"{table}.{leaf}":
                return number
            continue
        if in_table and (line.startswith(f"{leaf} ") or line.startswith(f"{leaf}=")):
            return number
    for number, raw in enumerate(lines, start=1):
        if leaf in raw:
            return number
    return 1


def load_config(site_dir: Path) -> SiteConfig:
    """Read and validate ``atlaspress.toml``; raise :class:`ConfigError` naming the key."""
    path = site_dir / CONFIG_NAME
    shown = display_path(path)
    if not path.is_file():
        raise ConfigError(
            Diagnostic(
                shown,
                1,
                1,
                Severity.ERROR,
                "config",
                f"no {CONFIG_NAME} in {display_path(site_dir)}",
                "run `atlaspress new site DIR` to start a site, or pass the site folder",
            )
        )
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        col = getattr(exc, "colno", None) or 1
        message = str(exc).split(" (at line")[0]
        raise ConfigError(
            Diagnostic(
                shown,
                line,
                col,
                Severity.ERROR,
                "config",
                f"invalid TOML: {message}",
                'check quotes and brackets; strings need "double quotes"',
            )
        ) from exc
    # TOML can only write characters XML cannot carry as escapes ("\u000b"); they would break
    # the feeds and every SVG that shows the title, so they go (config has no warnings).
    from atlaspress.core.text import strip_unsafe_values

    data = strip_unsafe_values(data)[0]
    try:
        return SiteConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(str(p) for p in err["loc"])
        key = ".".join(loc) or "config"
        hint = None
        if err["type"] == "extra_forbidden":
            from atlaspress.core.text import did_you_mean

            parent: type[BaseModel] = SiteConfig if len(loc) == 1 else MapConfig if len(loc) == 2 else SeriesConfig
            hint = did_you_mean(loc[-1], list(parent.model_fields))
            message = f"unknown key {loc[-1]!r}"
        elif err["type"] == "missing":
            message = f"missing required key {key!r}"
            hint = f'add `{loc[-1]} = "…"` to {CONFIG_NAME}'
        else:
            message = f"{key}: {err['msg'].removeprefix('Value error, ')}"
            cause = (err.get("ctx") or {}).get("error")
            found = getattr(cause, "hint", None)
            hint = found if isinstance(found, str) else None
            entry = getattr(cause, "key", None)  # the [redirects] entry at fault, not the table
            if isinstance(entry, str):
                loc = (*loc, entry)
        raise ConfigError(
            Diagnostic(shown, _key_line(text, loc), 1, Severity.ERROR, f"config.{key}", message, hint)
        ) from exc
