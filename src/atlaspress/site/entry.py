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
geometry and draw cards), the site title and point of view, and the post's source path and
``front_hash``: its front matter and layer files, not the body, which nothing here reads
(the body's HTML is cached on its own, :func:`atlaspress.content.markdown.render_markdown`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
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

# 2: disputes, row links; 3: MAC, keyed by the front matter; 4: charts.
FORMAT = 4  # bump when the shape of an entry changes; older entries become misses
KIND = "atlaspress.enrich"


@dataclass(frozen=True)
class LocatorFigure:
    """The generated "where in the world" map for a post (inline SVG and its texts)."""

    svg: str
    svg_compact: str | None  # the same map drawn for phones (bigger type, fewer labels)
    caption: str
    thumbnail_svg: str
    card_png: bytes | None


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
    parts = (KIND, str(FORMAT), code_fingerprint(), site_title, point_of_view, post.src_path,
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


def load_enriched(cache_dir: Path | None, post: Post, site_title: str,
                  point_of_view: str = "de-facto") -> EnrichedPost | None:
    """The cached result for ``post``, or ``None`` on a miss (absent, unreadable or invalid)."""
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
        return enriched_from_data(entry["enriched"], post)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        # ValueError covers bad JSON, bad UTF-8, bad base64, bad dates and Invalid.
        return None


def store_enriched(cache_dir: Path | None, enriched: EnrichedPost, site_title: str,
                   point_of_view: str = "de-facto") -> None:
    """Write the entry atomically (a temporary file, then ``os.replace``); a cache that
    cannot be written (read-only site) only costs time."""
    if cache_dir is None:
        return
    key = entry_key(enriched.post, site_title, point_of_view)
    payload = canonical(enriched_to_data(enriched))
    head, middle = _layout(key)
    data = head + payload + middle + mac(KIND, key, payload).encode() + b'"}'
    folder = cache_dir / "enrich"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{key}.json", data)
    except OSError:
        pass


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
    card = None if f.card_png is None else base64.b64encode(f.card_png).decode("ascii")
    return {"svg": f.svg, "svg_compact": f.svg_compact, "caption": f.caption,
            "thumbnail_svg": f.thumbnail_svg, "card_png_base64": card}


def locator_from_data(value: Any) -> LocatorFigure:
    d = _obj(value, ("svg", "svg_compact", "caption", "thumbnail_svg", "card_png_base64"))
    card = _opt(d["card_png_base64"], _str)
    return LocatorFigure(
        svg=_str(d["svg"]),
        svg_compact=_opt(d["svg_compact"], _str),
        caption=_str(d["caption"]),
        thumbnail_svg=_str(d["thumbnail_svg"]),
        card_png=None if card is None else base64.b64decode(card, validate=True),
    )


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
        "diagnostics": [diagnostic_to_data(d) for d in e.diagnostics],
        "charts": [chart_to_data(c) for c in e.charts],
    }


def enriched_from_data(value: Any, post: Post) -> EnrichedPost:
    d = _obj(value, ("coordinates", "map_geojson", "locator", "glance", "countries", "diagnostics", "charts"))
    coordinates = d["coordinates"]
    if not isinstance(coordinates, dict):
        raise Invalid("expected an object")
    return EnrichedPost(
        post=post,
        coordinates={_str(k): _str(v) for k, v in coordinates.items()},
        map_geojson=_str(d["map_geojson"]),
        locator=_opt(d["locator"], locator_from_data),
        glance=_opt(d["glance"], glance_from_data),
        countries=_tuple(d["countries"], _str),
        diagnostics=_tuple(d["diagnostics"], diagnostic_from_data),
        charts=_tuple(d["charts"], chart_from_data),
    )
