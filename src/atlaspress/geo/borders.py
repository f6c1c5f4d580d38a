"""Which state or territory a point lies in, from OpenStreetMap borders.

The data is npm ``@osm_borders/maritime_10m`` (``borders.geo.json``: 249 territories with
ISO 3166-1 codes, simplified to 10 m, © OpenStreetMap contributors, ODbL), vendored into
``_vendor/osm-borders`` by ``scripts/vendor.sh``. Unlike Natural Earth 1:10m it keeps the
Vatican, the 22 parts of Baarle-Hertog with the Dutch counter-enclaves inside them, and
Büsingen; its polygons are *maritime* (they reach out to sea), so whether a point is on land
comes from OpenStreetMap land and lakes (:func:`atlaspress.geo.land.on_land`).

The GeoJSON (48 MB) is decoded once per machine into a versioned cache (``cache_root()``),
keyed by the package version and :data:`_CACHE_FORMAT`: every territory is cut into pieces
of at most :data:`_PIECE_VERTICES` vertices (a k-d split of its bounding box), whose
coordinates are stored as int32 at 1e-7° (OpenStreetMap's own precision, so nothing is lost)
in a ragged array. Loading it and building an STRtree over the pieces takes a fraction of a
second; a point test only touches a few small pieces.

Polygons overlap where two states claim the same land (Crimea is in both the Russian and
the Ukrainian polygon): :func:`territories_at` returns every one. Where a dependent
territory lies inside its sovereign's polygon (Svalbard in Norway's, Hong Kong in China's),
only the territory is returned, with its :attr:`Territory.sovereign`.

>>> [t.alpha2 for t in territories_at(12.4534, 41.9029)]  # St Peter's Square
['VA']
>>> locate(166.67, -77.85).claim_text()  # McMurdo Station
'in the Ross Dependency, claimed by New Zealand'
"""

from __future__ import annotations

import contextlib
import functools
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycountry
import shapely
from shapely.geometry.base import BaseGeometry

from atlaspress.core.text import join_phrases

from .atlas import (
    GeoDataError,
    Nearest,
    array_json,
    cache_root,
    cached_arrays,
    json_array,
    load_arrays,
    save_arrays,
    vendored_version,
)
from .pieces import polygon_parts, split_polygon

VENDOR_DIR = Path(__file__).resolve().parents[1] / "_vendor" / "osm-borders"
DATA_FILE = "borders.geo.json"
CREDIT = "© OpenStreetMap contributors"
_CACHE_FORMAT = 1
_SCALE = 1e7  # OpenStreetMap stores degrees to 7 decimals: int32 holds them exactly
_PIECE_VERTICES = 256
ANTARCTIC_TREATY_LAT = -60.0  # the Antarctic Treaty (1959), Art. VI: south of 60° S

# --- sovereignty --------------------------------------------------------------------------
# ISO 3166-1 entries that are not sovereign states, with the state they belong to and how.
# Sources: ISO 3166-1 ("Independent: No" in the ISO Online Browsing Platform) for which
# entries are dependent; the CIA World Factbook, "Dependency status" / "Country name" fields,
# and the British Overseas Territories Act 2002, Sched. 6, for the sovereign and the wording.
# Disputed places (Taiwan, Western Sahara, Palestine, Kosovo) are not dependencies and are
# not listed: what the page says about them is a point of view (issue 10, point 3).
_BOT = "a British Overseas Territory"
_US = "an unincorporated territory of the United States"
_FR_DOM = "an overseas department and region of France"
_FR_COM = "an overseas collectivity of France"
_NL = "a constituent country of the Kingdom of the Netherlands"
_DK = "an autonomous territory of the Kingdom of Denmark"
_AU = "an external territory of Australia"
_CN = "a Special Administrative Region of China"
DEPENDENCIES: dict[str, tuple[str, str]] = {
    **{code: ("GB", _BOT) for code in ("AI", "BM", "IO", "FK", "GI", "GS", "KY", "MS", "PN", "SH", "TC", "VG")},
    **{code: ("GB", "a British Crown Dependency") for code in ("GG", "JE", "IM")},
    **{code: ("US", _US) for code in ("AS", "GU", "MP", "PR", "VI", "UM")},
    **{code: ("FR", _FR_DOM) for code in ("GF", "GP", "MQ", "RE", "YT")},
    **{code: ("FR", _FR_COM) for code in ("BL", "MF", "PM", "PF", "WF")},
    "NC": ("FR", "a special collectivity of France"),
    "TF": ("FR", "an overseas territory of France"),
    **{code: ("NL", _NL) for code in ("AW", "CW", "SX")},
    "BQ": ("NL", "special municipalities of the Netherlands"),
    **{code: ("DK", _DK) for code in ("GL", "FO")},
    "AX": ("FI", "an autonomous region of Finland"),
    "SJ": ("NO", "part of Norway under the Svalbard Treaty"),
    "BV": ("NO", "a dependency of Norway"),
    **{code: ("AU", _AU) for code in ("CC", "CX", "HM", "NF")},
    "TK": ("NZ", "a dependent territory of New Zealand"),
    **{code: ("NZ", "a self-governing state in free association with New Zealand") for code in ("CK", "NU")},
    **{code: ("CN", _CN) for code in ("HK", "MO")},
}
# Names for prose where Natural Earth's short names mislead (Tristan da Cunha is not on
# Saint Helena), are out of date (Macedonia) or abbreviated (Natural Earth label names with a
# full stop or "St-" fall back to ISO's name).
_NAMES = {
    "VA": "Vatican City",
    "SH": "Saint Helena, Ascension and Tristan da Cunha",
    "BQ": "Caribbean Netherlands",
    "PN": "Pitcairn Islands",
    "AQ": "Antarctica",
    "XK": "Kosovo",
    "MK": "North Macedonia",
    "SZ": "Eswatini",
    "FO": "Faroe Islands",
    "VI": "United States Virgin Islands",
    "US": "United States",
    "TF": "French Southern and Antarctic Lands",
    "GS": "South Georgia and the South Sandwich Islands",
}


# --- Antarctic claims ---------------------------------------------------------------------
# The seven territorial claims, as meridian sectors south of 60° S (frozen, neither
# recognised nor denied, by the Antarctic Treaty of 1959, Art. IV). Limits from the CIA World
# Factbook, "Antarctica: Government — Antarctic Treaty Summary", and Wikipedia, "Territorial
# claims in Antarctica" (the table of claims with their longitudes). Norway's Queen Maud Land
# has no defined southern limit; it is taken to the pole like the others. 90° W–150° W (Marie
# Byrd Land) is claimed by no state, except Norway's Peter I Island (68°50′ S 90°35′ W, about
# 11 × 19 km: Wikipedia, "Peter I Island"), here a box around the island.


@dataclass(frozen=True)
class AntarcticClaim:
    name: str  # "the Ross Dependency"
    claimant: str  # ISO alpha-2, "NZ"
    west: float  # the sector runs eastward from ``west`` to ``east`` (degrees east)
    east: float

    def covers(self, lon: float, lat: float) -> bool:
        if lat > ANTARCTIC_TREATY_LAT:
            return False
        if self.name == "Peter I Island":
            return -68.95 <= lat <= -68.70 and -90.85 <= lon <= -90.40
        return (lon - self.west) % 360 <= (self.east - self.west) % 360


ANTARCTIC_CLAIMS = (
    AntarcticClaim("Queen Maud Land", "NO", -20.0, 44 + 38 / 60),
    AntarcticClaim("the Australian Antarctic Territory", "AU", 44 + 38 / 60, 136 + 11 / 60),
    AntarcticClaim("Adélie Land", "FR", 136 + 11 / 60, 142 + 2 / 60),
    AntarcticClaim("the Australian Antarctic Territory", "AU", 142 + 2 / 60, 160.0),
    AntarcticClaim("the Ross Dependency", "NZ", 160.0, -150.0),
    AntarcticClaim("Peter I Island", "NO", -90.85, -90.40),
    AntarcticClaim("the Chilean Antarctic Territory", "CL", -90.0, -53.0),
    AntarcticClaim("the British Antarctic Territory", "GB", -80.0, -20.0),
    AntarcticClaim("Argentine Antarctica", "AR", -74.0, -25.0),
)


# --- territories --------------------------------------------------------------------------


@dataclass(frozen=True)
class Territory:
    """One OpenStreetMap territory: a state, or a dependency with its sovereign."""

    alpha2: str
    alpha3: str

    @property
    def sovereign(self) -> str | None:
        """ISO alpha-2 of the state a dependency belongs to (``PN`` → ``GB``); None for a state."""
        dep = DEPENDENCIES.get(self.alpha2)
        return dep[0] if dep else None

    @property
    def status(self) -> str | None:
        """``"a British Overseas Territory"``; None for a state."""
        dep = DEPENDENCIES.get(self.alpha2)
        return dep[1] if dep else None

    @property
    def name(self) -> str:
        return territory_name(self.alpha2)

    def described(self) -> str:
        """``"the Pitcairn Islands, a British Overseas Territory"``; a state's name for prose."""
        from .caption import prose_name

        name = prose_name(self.name)
        return f"{name}, {self.status}" if self.status else name

    def codes(self) -> tuple[str, ...]:
        """The codes an author may write for a place here: the territory's and its sovereign's."""
        return (self.alpha2, self.sovereign) if self.sovereign else (self.alpha2,)


def territory_name(alpha2: str) -> str:
    """Short English name for prose: Natural Earth's where it has one, else ISO's."""
    code = alpha2.upper()
    if code in _NAMES:
        return _NAMES[code]
    from .atlas import country_name

    rec = pycountry.countries.get(alpha_2=code)
    iso = (getattr(rec, "common_name", None) or rec.name) if rec else code
    with contextlib.suppress(KeyError, GeoDataError):
        name = country_name(code)
        return iso if ("." in name or "St-" in name) and rec else name
    return iso


@dataclass(frozen=True)
class Borders:
    """The decoded data: territories, their pieces and an index over the pieces."""

    version: str
    territories: tuple[Territory, ...]
    pieces: np.ndarray  # shapely Polygons (object array)
    owner: np.ndarray  # territory index of each piece

    @functools.cached_property
    def tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.pieces)

    def geometry(self, alpha2: str) -> BaseGeometry:
        """The whole territory, its pieces unioned (slow for large states; fine for microstates)."""
        idx = [i for i, t in enumerate(self.territories) if t.alpha2 == alpha2.upper()]
        return shapely.union_all(self.pieces[np.isin(self.owner, idx)])


def data_version() -> str:
    """The ``@osm_borders/maritime_10m`` package version, e.g. ``"1.1.0"``."""
    return vendored_version(VENDOR_DIR, "OpenStreetMap borders", "@osm_borders/maritime_10m")


def _alpha2(props: dict) -> str | None:
    code = props.get("isoA2")
    if isinstance(code, str) and len(code) == 2:
        return code.upper()
    rec = pycountry.countries.get(alpha_3=str(props.get("isoA3", "")))  # BES, CUW, SXM have no isoA2
    return rec.alpha_2 if rec else None


_polygon_parts = polygon_parts


def _split(polygon: shapely.Polygon, limit: int = _PIECE_VERTICES) -> list[shapely.Polygon]:
    return split_polygon(polygon, limit)


def decode(path: Path, version: str) -> Borders:
    """Decode ``borders.geo.json`` into pieces (slow: seconds; the result is cached)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeoDataError(f"cannot read {path}: {exc}") from exc
    territories: list[Territory] = []
    pieces: list[shapely.Polygon] = []
    owner: list[int] = []
    for feature in data["features"]:
        props = feature.get("properties") or {}
        code = _alpha2(props)
        if code is None:
            continue
        geom = shapely.geometry.shape(feature["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        index = len(territories)
        territories.append(Territory(code, str(props.get("isoA3", ""))))
        for part in _polygon_parts(geom):
            for piece in _split(part):
                pieces.append(piece)
                owner.append(index)
    return Borders(version, tuple(territories), np.asarray(pieces, dtype=object), np.asarray(owner, dtype=np.int16))


def _to_arrays(b: Borders) -> dict[str, np.ndarray]:
    _, coords, (rings, polys) = shapely.to_ragged_array(b.pieces)
    meta = {"format": _CACHE_FORMAT, "version": b.version,
            "territories": [[t.alpha2, t.alpha3] for t in b.territories]}
    return {
        "meta": json_array(meta),
        "coords": np.round(coords * _SCALE).astype(np.int32),
        "rings": rings.astype(np.int64),
        "polygons": polys.astype(np.int64),
        "owner": b.owner.astype(np.int16),
    }


def _from_arrays(arrays: dict[str, np.ndarray], version: str) -> Borders:
    """The :class:`Borders` back from :func:`_to_arrays`; ``ValueError`` on anything else."""
    meta = array_json(arrays["meta"])
    if not isinstance(meta, dict) or meta.get("format") != _CACHE_FORMAT or meta.get("version") != version:
        raise ValueError("another cache format or data version")
    rows = meta["territories"]
    if not (isinstance(rows, list) and all(isinstance(r, list) and len(r) == 2 and all(isinstance(v, str) for v in r)
                                           for r in rows)):
        raise ValueError("bad territory rows")
    coords, rings, polys, owner = (arrays[k] for k in ("coords", "rings", "polygons", "owner"))
    if coords.dtype != np.int32 or coords.ndim != 2 or coords.shape[1] != 2:
        raise ValueError("bad coordinates")
    for offsets, end in ((rings, len(coords)), (polys, len(rings) - 1)):
        if (offsets.ndim != 1 or not len(offsets) or offsets[0] != 0 or offsets[-1] != end
                or np.any(np.diff(offsets) < 0)):
            raise ValueError("bad offsets")
    if owner.shape != (len(polys) - 1,) or (len(owner) and not (owner.min() >= 0 and owner.max() < len(rows))):
        raise ValueError("bad owners")
    pieces = shapely.from_ragged_array(shapely.GeometryType.POLYGON, coords / _SCALE, (rings, polys))
    return Borders(version, tuple(Territory(a2, a3) for a2, a3 in rows), pieces, owner.astype(np.int16))


def cache_path(version: str) -> Path:
    return cache_root() / f"osm-borders-{version}" / f"borders.v{_CACHE_FORMAT}.npz"


@functools.cache
def load_borders() -> Borders:
    """The decoded borders: from the cache when it is there, else decoded and cached."""
    version = data_version()
    return cached_arrays(cache_path(version), version, lambda: _to_arrays(decode(VENDOR_DIR / DATA_FILE, version)),
                         _from_arrays)


def timings() -> dict[str, float]:
    """Seconds to decode the GeoJSON and to load the cache, and the cache's size in MB
    (for docs/decisions-geo.md; decodes afresh)."""
    version = data_version()
    t0 = time.perf_counter()
    borders = decode(VENDOR_DIR / DATA_FILE, version)
    t1 = time.perf_counter()
    save_arrays(cache_path(version), _to_arrays(borders))
    t2 = time.perf_counter()
    loaded = _from_arrays(load_arrays(cache_path(version)), version)
    loaded.tree.query(shapely.Point(0, 0))
    t3 = time.perf_counter()
    return {"decode_s": t1 - t0, "save_s": t2 - t1, "load_s": t3 - t2,
            "cache_mb": cache_path(version).stat().st_size / 1e6, "pieces": float(len(borders.pieces))}


# --- lookups ------------------------------------------------------------------------------


def _wrap(lon: float) -> float:
    return ((lon + 180.0) % 360.0) - 180.0


@functools.lru_cache(maxsize=1024)
def territories_at(lon: float, lat: float) -> tuple[Territory, ...]:
    """Every territory whose polygon contains the point (more than one: a double claim),
    a dependency instead of its sovereign where one lies inside the other; sorted by code.

    South of the OpenStreetMap data's edge (85.05° S) the answer is Antarctica.
    """
    borders = load_borders()
    lon = _wrap(lon)
    hits = borders.tree.query(shapely.Point(lon, lat), predicate="intersects")
    found = {borders.territories[int(borders.owner[int(i)])] for i in hits}
    if not found and lat < -85.0:
        found = {t for t in borders.territories if t.alpha2 == "AQ"}
    nested = {t.sovereign for t in found if t.sovereign}
    return tuple(sorted((t for t in found if t.alpha2 not in nested), key=lambda t: t.alpha2))


def antarctic_claims(lon: float, lat: float) -> tuple[AntarcticClaim, ...]:
    """The Antarctic claims covering the point (none north of 60° S, or in Marie Byrd Land)."""
    lon = _wrap(lon)
    if lat <= -89.999:  # the pole: every sector meets there
        return tuple(c for c in ANTARCTIC_CLAIMS if c.name != "Peter I Island")
    hits = [c for c in ANTARCTIC_CLAIMS if c.covers(lon, lat)]
    if any(c.name == "Peter I Island" for c in hits):
        hits = [c for c in hits if c.name == "Peter I Island"]
    return tuple(hits)


def _on_land(lon: float, lat: float) -> bool:
    """On OpenStreetMap's land and in no lake (:func:`atlaspress.geo.land.on_land`)."""
    from .land import on_land

    return on_land(_wrap(lon), lat)


@dataclass(frozen=True)
class Where:
    """What the borders say about one point: the territories, the Antarctic claims, the land."""

    territories: tuple[Territory, ...]
    claims: tuple[AntarcticClaim, ...]
    on_land: bool  # on OpenStreetMap land, not in a lake (atlaspress.geo.land)

    @property
    def antarctic(self) -> bool:
        return any(t.alpha2 == "AQ" for t in self.territories)

    @property
    def disputed(self) -> bool:
        """Two or more polygons claim the point (Crimea: Russia and Ukraine)."""
        return len(self.territories) > 1

    @property
    def unclaimed(self) -> bool:
        """Land that no state claims: Bir Tawil; Antarctica between 90° W and 150° W."""
        if self.antarctic:
            return not self.claims
        return not self.territories and self.on_land

    @property
    def at_sea(self) -> bool:
        """Outside every state's waters and off land."""
        return not self.territories and not self.on_land

    @property
    def territory(self) -> Territory | None:
        """The one territory here; None at sea, on unclaimed land, or where claims overlap."""
        return self.territories[0] if len(self.territories) == 1 else None

    @property
    def country(self) -> str | None:
        """The ISO alpha-2 to write in ``country:``: the single territory's code, or None."""
        return self.territory.alpha2 if self.territory else None

    def accepts(self, code: str) -> bool:
        """Whether ``code`` is a right answer here: a territory's code, its sovereign's
        (GB for Pitcairn), or an Antarctic claimant's (NZ at McMurdo)."""
        code = code.upper()
        return any(code in t.codes() for t in self.territories) or any(c.claimant == code for c in self.claims)

    def match(self, code: str) -> Territory | None:
        """The territory here that ``code`` names, directly or as its sovereign."""
        code = code.upper()
        return next((t for t in self.territories if t.alpha2 == code), None) or next(
            (t for t in self.territories if t.sovereign == code), None)

    def claim_text(self) -> str | None:
        """``"in the Ross Dependency, claimed by New Zealand"``; None outside Antarctica."""
        if not self.antarctic:
            return None
        if not self.claims:
            return "in Antarctica, on land claimed by no state" if self.on_land else \
                "in the Antarctic Treaty area, in waters claimed by no state"
        names = list(dict.fromkeys(c.name for c in self.claims))
        states = list(dict.fromkeys(territory_name(c.claimant) for c in self.claims))
        from .caption import prose_name

        return f"in {_and(names)}, claimed by {_and([prose_name(s) for s in states])}"

    def summary(self) -> str:
        """One phrase for a comment or a note: what the borders say here."""
        if self.unclaimed:
            return self.claim_text() or "on land claimed by no state"
        if self.antarctic:
            return self.claim_text() or "in Antarctica"
        if self.disputed:
            return "claimed by " + _and([f"{t.name} ({t.alpha2})" for t in self.territories])
        if self.territory is not None:
            return f"in {self.territory.described()}"
        return "at sea, in no state's waters"


_and = join_phrases  # one join for every generated list of names: never re-cases them


@functools.lru_cache(maxsize=1024)
def locate(lon: float, lat: float) -> Where:
    """Territories, Antarctic claims and land at (lon, lat)."""
    territories = territories_at(lon, lat)
    claims = antarctic_claims(lon, lat) if any(t.alpha2 == "AQ" for t in territories) else ()
    return Where(territories, claims, _on_land(lon, lat))


def country_at(lon: float, lat: float) -> str | None:
    """ISO alpha-2 of the one territory containing (lon, lat); None at sea, on unclaimed
    land, or where claims overlap (see :func:`territories_at`)."""
    return locate(lon, lat).country


def ne_code(territory: Territory) -> str | None:
    """The code Natural Earth 1:10m knows the territory by: its own (PN), its sovereign's where
    Natural Earth draws it as part of that state (Svalbard: NO, Réunion: FR), or None (VA)."""
    from .atlas import find_country

    for code in territory.codes():
        if find_country(code, "10m"):
            return code
    return None


def natural_earth_agrees(lon: float, lat: float, territory: Territory) -> bool:
    """Whether Natural Earth's country at the point is this territory (or it is at sea there).

    It is not in enclaves and microstates: Baarle-Hertog is Dutch on Natural Earth, Büsingen
    Swiss, the Vatican Italian. Distances to borders then come from :func:`nearest_border`.
    """
    from .atlas import feature_at

    code = ne_code(territory)
    if code is None:
        return False
    feature = feature_at(_wrap(lon), lat)
    return feature is None or not feature.is_state or feature.alpha2 == code


def _related(a: Territory, b: Territory) -> bool:
    return a.alpha2 == b.alpha2 or a.sovereign == b.alpha2 or b.sovereign == a.alpha2


@functools.lru_cache(maxsize=512)
def nearest_border(lon: float, lat: float, alpha2: str, *, eps: float = 2e-4, max_deg: float = 8.0,
                   land_only: bool = False, with_sovereign: bool = False) -> Nearest | None:
    """Nearest point where the territory ``alpha2`` meets another one (land or sea border),
    measured geodesically; ``name`` is the territory on the other side.

    A segment of the territory's outline is on a border when both its ends lie within ``eps``
    (degrees, about 20 m: it absorbs the 10 m simplification) of another territory's polygon
    (OpenStreetMap neighbours share their border nodes). Searched in growing windows around the
    point, up to ``max_deg``. ``land_only`` keeps the segments whose middle is on Natural Earth
    1:10m land (no sea borders). ``with_sovereign`` counts the territory's own sovereign as a
    neighbour: Macao's polygon lies inside China's, so its land border is where its outline
    crosses land.
    """
    from atlaspress.core.measure import distance_to

    borders = load_borders()
    code = alpha2.upper()
    own_t = next((t for t in borders.territories if t.alpha2 == code), None)
    if own_t is None:
        return None
    lon = _wrap(lon)
    r = min(0.25, max_deg)
    while r <= max_deg:
        dx = min(180.0, r / max(0.05, float(np.cos(np.radians(lat)))))
        box = shapely.box(lon - dx, max(-90.0, lat - r), lon + dx, min(90.0, lat + r))
        cand = [int(i) for i in borders.tree.query(box)]
        own = [borders.pieces[i] for i in cand if borders.territories[int(borders.owner[i])] == own_t]
        owners = [borders.territories[int(borders.owner[i])] for i in cand]
        others = np.array([i for i, t in zip(cand, owners, strict=True) if not _related(t, own_t)
                           or (with_sovereign and t.alpha2 == own_t.sovereign)], dtype=np.int64)
        if own and len(others):
            segments = []
            for part in shapely.get_parts(shapely.union_all(own).boundary):
                xy = shapely.get_coordinates(part)
                vertex, piece = borders.tree.query(shapely.points(xy), predicate="dwithin", distance=eps)
                on_border = np.zeros(len(xy), dtype=bool)
                on_border[vertex[np.isin(piece, others)]] = True
                segments += [xy[k:k + 2] for k in np.flatnonzero(on_border[:-1] & on_border[1:])]
            if land_only and segments and with_sovereign:
                # the outline inside the sovereign's polygon runs at sea but for the land border:
                # OpenStreetMap's land tells them apart (Macao's Inner Harbour is water)
                from .land import on_land

                segments = [seg for seg in segments if on_land(*(float(v) for v in seg.mean(axis=0)))]
            elif land_only and segments:
                from .atlas import load_atlas

                middles = shapely.points([seg.mean(axis=0) for seg in segments])
                hit, _ = load_atlas("10m").country_tree.query(middles, predicate="intersects")
                segments = [segments[k] for k in sorted(set(hit.tolist()))]
            reach = distance_to(lon, lat, [shapely.multilinestrings(segments)]) if segments else None
            if reach is not None and reach.km <= r * 100:
                _, piece = borders.tree.query(shapely.points([(reach.lon, reach.lat)]), predicate="dwithin",
                                              distance=eps * 1.5)
                across = [int(i) for i in piece if int(i) in set(others.tolist())]
                other = borders.territories[int(borders.owner[across[0]])].alpha2 if across else None
                name = territory_name(other) if other else None
                return Nearest(reach.km, reach.lon, reach.lat, name, other, OSM_PRECISION_KM)
        r *= 2
    return None


OSM_PRECISION_KM = 0.02  # simplified to 10 m, and an ``eps`` of about 20 m in nearest_border
OVERRIDE_KM = 5.0  # an OpenStreetMap border this near, on land, beats a Natural Earth one twice as far


def land_border(lon: float, lat: float, territory: Territory) -> Nearest | None:
    """The nearest border of ``territory`` from the point, with the state across it.

    Natural Earth 1:10m's land borders, as before, where Natural Earth draws the point in
    this territory; OpenStreetMap's where it does not (the Vatican, Baarle-Hertog, Büsingen,
    Campione, Kosovo), and where OpenStreetMap has a land border less than half as far and
    within :data:`OVERRIDE_KM` (Baarle-Nassau's Belgian enclaves, too small for 1:10m). A
    territory Natural Earth draws as part of its sovereign (Svalbard in Norway, Réunion in
    France) has only its own OpenStreetMap land borders (French Guiana's), never the
    sovereign's.
    """
    from .atlas import feature_at
    from .atlas import nearest_border as ne_border

    code = ne_code(territory)
    if code is not None and code != territory.alpha2:  # Svalbard, Réunion, French Guiana
        return nearest_border(lon, lat, territory.alpha2, land_only=True)
    if not natural_earth_agrees(lon, lat, territory):
        return nearest_border(lon, lat, territory.alpha2)
    ne = ne_border(lon, lat, code)
    if ne is None and territory.sovereign:
        # Natural Earth 1:10m draws Macao with no border arc shared with China
        return nearest_border(lon, lat, territory.alpha2, land_only=True, with_sovereign=True)
    if ne is None or ne.km < 0.1:
        return ne
    osm = nearest_border(lon, lat, territory.alpha2, max_deg=min(OVERRIDE_KM, ne.km / 2) / 100)
    if (osm is not None and osm.km < OVERRIDE_KM and osm.km < 0.5 * ne.km
            and feature_at(_wrap(osm.lon), osm.lat) is not None):
        return osm
    return ne
