"""The enrich cache entry: one post's enrich result on disk, data and never code.

``.atlaspress-cache/enrich/<key>.json`` keeps what :mod:`atlaspress.site.enrich` computed for
one post (locator, card, "At a glance", diagnostics), never the post itself, which is
always fresh from load. A site folder may come from anyone (a clone, an archive), so an
entry is read as untrusted input: JSON only, read with a size bound, every field checked
against the type this version writes, and its HMAC under this user's secret
(:func:`atlaspress.core.store.secret`) must match, so an entry planted in a site folder made
elsewhere (a locator "SVG" carrying a script) is never used. Anything else — a corrupt file,
another format version, a missing, extra or mistyped field, a wrong MAC — is a cache miss:
the post is enriched again and the entry overwritten. Nothing here unpickles, evaluates or
imports what it reads.

The key covers the entry format, :func:`code_fingerprint` (every source file of the
package, the vendored Natural Earth data and the versions of the libraries that compute
geometry and draw cards), the site title and point of view, and the post's folder name
(not its shown path, which depends on the working directory) and ``front_hash``: its front
matter and layer files, not the body, which nothing here reads (the body's HTML is cached
on its own, :func:`atlaspress.content.markdown.render_markdown`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from atlaspress.content.load import Post
from atlaspress.core.cache import (
    MAX_ENTRY_BYTES,
    Invalid,
    _bool,
    _float,
    _int,
    _obj,
    _opt,
    _str,
    _tuple,
    code_fingerprint,
    diagnostic_from_data,
    diagnostic_to_data,
)
from atlaspress.core.errors import Diagnostic
from atlaspress.core.files import write_atomic
from atlaspress.core.store import canonical, mac
from atlaspress.facts.model import City, Glance, Reach, Row, TimeZone, Verdict

if TYPE_CHECKING:
    from atlaspress.maps.charts import ChartFigure

# 2: disputes, row links; 3: MAC, keyed by the front matter; 4: charts; 5: the card PNG beside the entry;
# 6: the locator's SVGs beside it too, read when used; 7: keyed by the folder, not the shown path.
FORMAT = 7  # bump when the shape of an entry changes; older entries become misses
KIND = "atlaspress.enrich"


class Deferred:
    """A value read when first asked for (:class:`LocatorFigure`); ``read`` raises
    :class:`~atlaspress.core.cache.Invalid` when what it reads is not what the entry names."""

    __slots__ = ("read",)

    def __init__(self, read: Callable[[], Any]) -> None:
        self.read = read


class LocatorFigure:
    """The generated "where in the world" map for a post (inline SVG and its texts).

    Read from the cache, its two SVGs and its card are :class:`Deferred`: they are nine
    tenths of an entry's bytes and only the pages being rendered need them, while an edit
    build reads every post's entry. Each is read when asked for, every time: a page uses
    each once, and kept after that they were ~100 kB a post held to the end of a build."""

    __slots__ = ("_svg", "_svg_compact", "caption", "thumbnail_svg", "_card_png")

    def __init__(self, svg: str | Deferred, svg_compact: str | None | Deferred, caption: str, thumbnail_svg: str,
                 card_png: bytes | None | Deferred) -> None:
        self._svg = svg
        self._svg_compact = svg_compact  # the same map drawn for phones (bigger type, fewer labels)
        self.caption = caption
        self.thumbnail_svg = thumbnail_svg
        self._card_png = card_png

    def _value(self, name: str) -> Any:
        value = getattr(self, name)
        return value.read() if isinstance(value, Deferred) else value

    @property
    def svg(self) -> str:
        return self._value("_svg")  # type: ignore[no-any-return]

    @property
    def svg_compact(self) -> str | None:
        return self._value("_svg_compact")  # type: ignore[no-any-return]

    @property
    def card_png(self) -> bytes | None:
        return self._value("_card_png")  # type: ignore[no-any-return]

    @property
    def has_card(self) -> bool:
        """Whether there is a card, without reading it."""
        return isinstance(self._card_png, Deferred) or bool(self._card_png)

    def with_card(self, card_png: bytes | None) -> LocatorFigure:
        return LocatorFigure(self._svg, self._svg_compact, self.caption, self.thumbnail_svg, card_png)

    def _values(self) -> tuple[Any, ...]:
        return (self.svg, self.svg_compact, self.caption, self.thumbnail_svg, self.card_png)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocatorFigure) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"LocatorFigure(caption={self.caption!r})"


@dataclass(frozen=True)
class EnrichedPost:
    post: Post
    coordinates: dict[str, str]  # "decimal", "dms"
    map_geojson: str  # normalised FeatureCollection, deterministic JSON
    locator: LocatorFigure | None = None
    glance: Glance | None = None  # computed "At a glance" facts and checked claims
    countries: tuple[str, ...] = ()  # states it is in or within reach of (country pages)
    # Findings about this post alone (e.g. a claim the geometry contradicts); cached with it.
    diagnostics: tuple[Diagnostic, ...] = ()
    charts: tuple[ChartFigure, ...] = ()  # drawn from the post's CSV files (atlaspress.maps.charts)


# --- the key ---------------------------------------------------------------------------------


def entry_key(post: Post, site_title: str, point_of_view: str = "de-facto") -> str:
    """``v1-<32 hex>``: the format version, visible and hashed, and everything the entry depends on
    (the site's point of view decides how a disputed place is named)."""
    # The post by its folder's name, not its shown path, which depends on the working directory.
    parts = (KIND, str(FORMAT), code_fingerprint(), site_title, point_of_view, post.slug,
             post.front_hash or post.content_hash)
    digest = hashlib.sha256("\0".join(parts).encode())
    return f"v{FORMAT}-{digest.hexdigest()[:32]}"


def entry_path(cache_dir: Path, post: Post, site_title: str, point_of_view: str = "de-facto") -> Path:
    return cache_dir / "enrich" / f"{entry_key(post, site_title, point_of_view)}.json"


# --- reading and writing ----------------------------------------------------------------------


def _layout(key: str) -> tuple[bytes, bytes]:
    """The bytes around an entry's payload: ``{"enriched":`` … ``,"format":…,"mac":"`` (sorted
    keys, as :func:`store_enriched` writes them), so the MAC is checked on the payload as read,
    without serializing it again."""
    return b'{"enriched":', f',"format":{FORMAT},"key":"{key}","kind":"{KIND}","mac":"'.encode()


def load_enriched(cache_dir: Path | None, post: Post, site_title: str, point_of_view: str = "de-facto",
                  remake: Callable[[], EnrichedPost] | None = None) -> EnrichedPost | None:
    """The cached result for ``post``, or ``None`` on a miss (absent, unreadable or invalid).

    Its figures are read when used (:class:`LocatorFigure`); one that is not what the entry
    names is taken from ``remake()`` (the post enriched again) instead, or raises
    :class:`~atlaspress.core.cache.Invalid` without it."""
    if cache_dir is None:
        return None
    key = entry_key(post, site_title, point_of_view)
    try:
        with (cache_dir / "enrich" / f"{key}.json").open("rb") as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
        if len(raw) > MAX_ENTRY_BYTES:
            return None
        head, middle = _layout(key)
        cut = raw.rfind(middle)
        if not raw.startswith(head) or cut < 0 or not raw.endswith(b'"}'):
            return None
        payload, given = raw[len(head):cut], raw[cut + len(middle):-2]
        if not hmac.compare_digest(given, mac(KIND, key, payload).encode()):
            return None  # tampered with, or planted: made with another machine's secret
        entry = _obj(json.loads(raw.decode("utf-8")), ("format", "kind", "key", "mac", "enriched"))
        if _int(entry["format"]) != FORMAT or entry["kind"] != KIND or entry["key"] != key:
            return None
        folder = cache_dir
        made: list[EnrichedPost] = []  # the post enriched again, once, if a figure is damaged

        def read(field: str, digest: str) -> bytes:
            try:
                return _read_beside(folder, key, field, digest)
            except Invalid:
                if remake is None:
                    raise
            if not made:
                made.append(remake())
            fresh = made[0].locator
            data = getattr(fresh, field) if fresh is not None else None
            return data.encode() if isinstance(data, str) else data or b""

        return enriched_from_data(entry["enriched"], post, read)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        # ValueError covers bad JSON, bad UTF-8, bad base64, bad dates and Invalid.
        return None


def store_enriched(cache_dir: Path | None, enriched: EnrichedPost, site_title: str,
                   point_of_view: str = "de-facto") -> bool:
    """Write the entry atomically (a temporary file, then ``os.replace``) and say whether it
    was written: a cache that cannot be written (read-only site) only costs time."""
    if cache_dir is None:
        return False
    key = entry_key(enriched.post, site_title, point_of_view)
    payload = canonical(enriched_to_data(enriched))
    head, middle = _layout(key)
    data = head + payload + middle + mac(KIND, key, payload).encode() + b'"}'
    folder = cache_dir / "enrich"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if enriched.locator is not None:  # before the entry naming them
            for name, suffix in SIDE_FILES.items():
                figure = getattr(enriched.locator, name)
                if figure is not None:
                    write_atomic(folder / f"{key}{suffix}", figure.encode() if isinstance(figure, str) else figure)
        write_atomic(folder / f"{key}.json", data)
    except OSError:
        return False
    return True


# What is kept beside an entry, by field: read only when asked for (:class:`LocatorFigure`).
SIDE_FILES = {"svg": ".wide.svg", "svg_compact": ".compact.svg", "card_png": ".card.png"}


def _read_beside(cache_dir: Path, key: str, field: str, digest: str) -> bytes:
    """A figure kept beside an entry as plain bytes (decoding them inside the JSON, and its MAC
    over them, was most of reading an entry); the entry, checked by its MAC, names each one's
    SHA-256, so a figure changed or planted beside it is refused. Its entry is removed too, so
    the next build makes the post's figures again."""
    path = cache_dir / "enrich" / f"{key}{SIDE_FILES[field]}"
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        data = b""
    if len(data) > MAX_ENTRY_BYTES or not hmac.compare_digest(hashlib.sha256(data).hexdigest(), digest):
        with contextlib.suppress(OSError):  # a read-only cache: the next build finds the same
            (cache_dir / "enrich" / f"{key}.json").unlink(missing_ok=True)
        raise Invalid(f"{path} is not the file its cache entry names: the next build makes it again")
    return data


def reach_to_data(r: Reach) -> dict[str, Any]:
    return {"km": r.km, "lon": r.lon, "lat": r.lat}


def reach_from_data(value: Any) -> Reach:
    d = _obj(value, ("km", "lon", "lat"))
    return Reach(_float(d["km"]), _float(d["lon"]), _float(d["lat"]))


def city_to_data(c: City) -> dict[str, Any]:
    return {"name": c.name, "country": c.country, "population": c.population, "km": c.km,
            "direction": c.direction, "bearing": c.bearing, "lon": c.lon, "lat": c.lat}


def city_from_data(value: Any) -> City:
    d = _obj(value, ("name", "country", "population", "km", "direction", "bearing", "lon", "lat"))
    return City(_str(d["name"]), _str(d["country"]), _int(d["population"]), _float(d["km"]),
                _opt(d["direction"], _str), _opt(d["bearing"], _str), _float(d["lon"]), _float(d["lat"]))


def timezone_to_data(t: TimeZone) -> dict[str, Any]:
    return {"name": t.name, "offset": t.offset, "on": t.on.isoformat()}


def timezone_from_data(value: Any) -> TimeZone:
    d = _obj(value, ("name", "offset", "on"))
    return TimeZone(_str(d["name"]), _str(d["offset"]), dt.date.fromisoformat(_str(d["on"])))


def row_to_data(r: Row) -> dict[str, Any]:
    return {"key": r.key, "label": r.label, "value": r.value, "note": r.note, "href": r.href}


def row_from_data(value: Any) -> Row:
    d = _obj(value, ("key", "label", "value", "note", "href"))
    return Row(_str(d["key"]), _str(d["label"]), _str(d["value"]), _opt(d["note"], _str), _opt(d["href"], _str))


def verdict_to_data(v: Verdict) -> dict[str, Any]:
    return {"index": v.index, "text": v.text, "statement": v.statement, "holds": v.holds,
            "measured": v.measured}


def verdict_from_data(value: Any) -> Verdict:
    d = _obj(value, ("index", "text", "statement", "holds", "measured"))
    return Verdict(_int(d["index"]), _str(d["text"]), _str(d["statement"]), _opt(d["holds"], _bool),
                   _str(d["measured"]))


def glance_to_data(g: Glance) -> dict[str, Any]:
    return {
        "country": g.country,
        "country_name": g.country_name,
        "at_sea": g.at_sea,
        "border": None if g.border is None else reach_to_data(g.border),
        "border_with": g.border_with,
        "distance_to": None if g.distance_to is None else reach_to_data(g.distance_to),
        "city": None if g.city is None else city_to_data(g.city),
        "timezone": None if g.timezone is None else timezone_to_data(g.timezone),
        "rows": [row_to_data(r) for r in g.rows],
        "claims": [verdict_to_data(v) for v in g.claims],
        "disputed": list(g.disputed),
    }


def glance_from_data(value: Any) -> Glance:
    d = _obj(value, ("country", "country_name", "at_sea", "border", "border_with", "distance_to", "city",
                     "timezone", "rows", "claims", "disputed"))
    return Glance(
        country=_opt(d["country"], _str),
        country_name=_opt(d["country_name"], _str),
        at_sea=_bool(d["at_sea"]),
        border=_opt(d["border"], reach_from_data),
        border_with=_opt(d["border_with"], _str),
        distance_to=_opt(d["distance_to"], reach_from_data),
        city=_opt(d["city"], city_from_data),
        timezone=_opt(d["timezone"], timezone_from_data),
        rows=_tuple(d["rows"], row_from_data),
        claims=_tuple(d["claims"], verdict_from_data),
        disputed=_tuple(d["disputed"], _str),
    )


def locator_to_data(f: LocatorFigure) -> dict[str, Any]:
    """The SVGs and the card are written beside the entry (:func:`store_enriched`); it names their SHA-256."""
    def digest(data: str | bytes | None) -> str | None:
        return None if data is None else hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()

    return {"caption": f.caption, "thumbnail_svg": f.thumbnail_svg,
            **{f"{name}_sha256": digest(getattr(f, name)) for name in SIDE_FILES}}


def locator_from_data(value: Any, read: Callable[[str, str], bytes] | None = None) -> LocatorFigure:
    """``read(field, sha256)`` reads a figure kept beside the entry; it is called when the figure is used."""
    names = tuple(f"{name}_sha256" for name in SIDE_FILES)
    d = _obj(value, ("caption", "thumbnail_svg", *names))
    digests = {name: _opt(d[f"{name}_sha256"], _str) for name in SIDE_FILES}
    if read is None and any(digests.values()):
        raise Invalid("figures with nowhere to read them from")

    def beside(name: str) -> Any:
        digest = digests[name]
        if digest is None or read is None:
            return None
        if name == "card_png":
            return Deferred(lambda: read(name, digest))
        return Deferred(lambda: read(name, digest).decode("utf-8"))

    if digests["svg"] is None:
        raise Invalid("a locator without its map")
    return LocatorFigure(svg=beside("svg"), svg_compact=beside("svg_compact"), caption=_str(d["caption"]),
                         thumbnail_svg=_str(d["thumbnail_svg"]), card_png=beside("card_png"))


_SOURCE_KEYS = ("publisher", "title", "year", "url", "via")


def chart_to_data(c: ChartFigure) -> dict[str, Any]:
    return {"key": c.key, "type": c.type, "title": c.title, "svg": c.svg, "svg_compact": c.svg_compact,
            "description": c.description, "table_html": c.table_html, "csv": c.csv, "csv_bytes": c.csv_bytes,
            "source": {k: c.source.get(k) for k in _SOURCE_KEYS}, "card": c.card}


def chart_from_data(value: Any) -> ChartFigure:
    from atlaspress.maps.charts import ChartFigure

    d = _obj(value, ("key", "type", "title", "svg", "svg_compact", "description", "table_html", "csv", "csv_bytes",
                     "source", "card"))
    src = _obj(d["source"], _SOURCE_KEYS)
    return ChartFigure(
        key=_str(d["key"]), type=_str(d["type"]), title=_str(d["title"]), svg=_opt(d["svg"], _str),
        svg_compact=_opt(d["svg_compact"], _str), description=_str(d["description"]),
        table_html=_str(d["table_html"]), csv=_str(d["csv"]), csv_bytes=_int(d["csv_bytes"]),
        source={"publisher": _str(src["publisher"]), "title": _opt(src["title"], _str), "year": _opt(src["year"], _int),
                "url": _opt(src["url"], _str), "via": _opt(src["via"], _str)},
        card=_bool(d["card"]),
    )


def enriched_to_data(e: EnrichedPost) -> dict[str, Any]:
    """Everything but ``post`` (which load provides fresh on every build)."""
    return {
        "coordinates": dict(e.coordinates),
        "map_geojson": e.map_geojson,
        "locator": None if e.locator is None else locator_to_data(e.locator),
        "glance": None if e.glance is None else glance_to_data(e.glance),
        "countries": list(e.countries),
        "diagnostics": [diagnostic_to_data(d, e.post.src_path) for d in e.diagnostics],
        "charts": [chart_to_data(c) for c in e.charts],
    }


def enriched_from_data(value: Any, post: Post, read: Callable[[str, str], bytes] | None = None) -> EnrichedPost:
    d = _obj(value, ("coordinates", "map_geojson", "locator", "glance", "countries", "diagnostics", "charts"))
    coordinates = d["coordinates"]
    if not isinstance(coordinates, dict):
        raise Invalid("expected an object")
    return EnrichedPost(
        post=post,
        coordinates={_str(k): _str(v) for k, v in coordinates.items()},
        map_geojson=_str(d["map_geojson"]),
        locator=None if d["locator"] is None else locator_from_data(d["locator"], read),
        glance=_opt(d["glance"], glance_from_data),
        countries=_tuple(d["countries"], _str),
        diagnostics=_tuple(d["diagnostics"], lambda v: diagnostic_from_data(v, post.src_path)),
        charts=_tuple(d["charts"], chart_from_data),
    )
