"""``atlaspress import kml FILE [--into content/places/SLUG]``: a My Maps export → a post layer.

The export is read with :func:`read_layer`, written into the post bundle as normalised
``<name>.geojson`` (with the KMZ icons and images its features use beside it) and added
to the post's ``layers:`` list by a minimal edit of the front-matter text, so comments
and layout are kept. When the post does not exist it is created, placed at the centroid
of the features, taken on the sphere (a layer either side of 180° is placed between its
parts, not half a world away).

"Normalised" is RFC 7946 (:mod:`atlaspress.content.layers.rfc7946`): shapes across the 180th
meridian are cut there, outer rings run counterclockwise, so the file reads right in
other tools too; the site's map joins the parts again and draws them whole.

Everything is read and checked first; files are written only when all is well.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atlaspress.content.coords import Coordinate
from atlaspress.content.frontmatter import parse_document
from atlaspress.content.layers import ParsedLayer, read_layer
from atlaspress.content.load import PLACES_DIR, POST_FILE
from atlaspress.core.config import SLUG_PATTERN
from atlaspress.core.errors import ContentError, display_path


@dataclass(frozen=True)
class ImportResult:
    post_path: Path
    layer_file: Path
    created: bool  # a new post was written
    features: int
    skipped: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    assets: tuple[Path, ...] = ()  # icons and images written beside the layer
    listed: bool = True  # False when the layer was already in the front matter
    normalised: tuple[str, ...] = ()  # what writing RFC 7946 changed, one line each


def import_kml(
    file: Path, site_dir: Path, into: Path | None = None, *, today: dt.date | None = None
) -> ImportResult:
    """Import ``file`` (KML or KMZ; GPX and GeoJSON work too) into a post bundle.

    ``into`` is the bundle folder (relative paths are taken from ``site_dir``); without it
    the bundle is ``content/places/<slug of the document name>``. Raises ``ContentError``.
    """
    from atlaspress.core.text import slugify

    layer = read_layer(file, display=display_path(file))
    name = _document_name(layer, file)
    places = site_dir / PLACES_DIR
    bundle = (
        (into if into.is_absolute() else site_dir / into)
        if into is not None
        else places / slugify(name)
    )
    post = bundle / POST_FILE
    _inside(bundle, site_dir)
    stem = slugify(Path(file.name).stem)
    layer_path = bundle / f"{stem}.geojson"
    created = not post.exists()
    assets, features = _place_assets(layer, bundle)
    features, normalised = _rfc7946(features)
    if created:
        if not re.match(SLUG_PATTERN, bundle.name):
            raise ContentError.at(
                display_path(bundle),
                1,
                1,
                "import",
                f"folder name {bundle.name!r} is not a valid post slug",
                "use lower-case words joined by hyphens, e.g. content/places/kaesong",
            )
        text: str | None = _new_post(
            name, layer, features, layer_path.name, stem, today or dt.date.today(), file.name
        )
    else:
        text = add_layer(
            post.read_text(encoding="utf-8"), display_path(post), layer_path.name, stem, name
        )
    for path in (post, layer_path, *assets):
        _writable(path, bundle)
    bundle.mkdir(parents=True, exist_ok=True)
    for path, data in assets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "title": name,
        "groups": [{"id": g.id, "title": g.title} for g in layer.groups],
        "features": features,
    }
    layer_path.write_text(
        json.dumps(collection, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
        errors="replace",
    )
    if text is not None:
        post.write_text(text, encoding="utf-8", newline="")
    return ImportResult(
        post_path=post,
        layer_file=layer_path,
        created=created,
        features=len(features),
        skipped=layer.skipped,
        warnings=layer.warnings,
        assets=tuple(sorted(assets)),
        listed=text is not None,
        normalised=normalised,
    )


def _rfc7946(features: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Every geometry cut at 180° and wound as RFC 7946 asks, and a line per kind of change."""
    from atlaspress.content.layers.rfc7946 import CUT, TURNED, rfc7946

    out, cut, turned = [], 0, 0
    for feature in features:
        geometry, notes = rfc7946(feature.get("geometry"))
        cut += CUT in notes
        turned += TURNED in notes
        out.append({**feature, "geometry": geometry} if notes else feature)
    lines = []
    if cut:
        lines.append(
            f"{_count(cut, 'shape')} crossing the 180th meridian cut there (RFC 7946 §3.1.9); "
            "the site's map draws them whole"
        )
    if turned:
        lines.append(
            f"{_count(turned, 'polygon')} with rings turned counterclockwise outside, clockwise "
            "in holes (RFC 7946 §3.1.6)"
        )
    return out, tuple(lines)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _document_name(layer: ParsedLayer, file: Path) -> str:
    name = (layer.title or "").strip()
    name = re.sub(r"\.(kml|kmz|gpx|geojson|json)$", "", name, flags=re.IGNORECASE).strip()
    return (
        name or Path(file.name).stem.replace("_", " ").replace("-", " ").strip() or "Imported map"
    )


def _inside(bundle: Path, site_dir: Path) -> None:
    try:
        bundle.resolve().relative_to(site_dir.resolve())
    except ValueError:
        raise ContentError.at(
            display_path(bundle),
            1,
            1,
            "import",
            "the post folder is outside the site",
            "pass --into content/places/<slug>",
        ) from None


def _writable(path: Path, bundle: Path) -> None:
    """Refuse to write through a symlink or anywhere outside the bundle."""
    probe = path
    while probe != bundle and probe != probe.parent:
        if probe.is_symlink():
            raise ContentError.at(
                display_path(path),
                1,
                1,
                "import",
                "will not write through a symbolic link",
                "remove the link from the post folder and import again",
            )
        probe = probe.parent
    try:
        path.resolve().relative_to(bundle.resolve())
    except ValueError:
        raise ContentError.at(
            display_path(path), 1, 1, "import", "the file would be written outside the post folder"
        ) from None


def _place_assets(
    layer: ParsedLayer, bundle: Path
) -> tuple[dict[Path, bytes], list[dict[str, Any]]]:
    """Where each KMZ asset goes; a different existing file is never overwritten."""
    renames: dict[str, str] = {}
    out: dict[Path, bytes] = {}
    for name, data in sorted(layer.assets.items()):
        target, new, n = bundle / name, name, 2
        while target.exists() and target.read_bytes() != data:
            root, ext = posixpath.splitext(name)
            new = f"{root}-{n}{ext}"
            target, n = bundle / new, n + 1
        renames[name] = new
        out[target] = data
    features = []
    for feature in layer.features:
        style = feature["properties"]["style"]
        if style.get("icon") in renames:
            feature = {
                **feature,
                "properties": {
                    **feature["properties"],
                    "style": {**style, "icon": renames[style["icon"]]},
                },
            }
        features.append(feature)
    return out, features


def _new_post(
    name: str,
    layer: ParsedLayer,
    features: list[dict[str, Any]],
    layer_file: str,
    layer_id: str,
    today: dt.date,
    source: str,
) -> str:
    at = centroid(features)
    if at is None:
        raise ContentError.at(
            source,
            1,
            1,
            "import",
            "the map has no features with a location to place a post at",
            "create the post first (atlaspress new post) and import with --into",
        )
    title = _quote(name)
    return (
        f"---\ntitle: {title}\ndate: {today.isoformat()}\n"
        f"place:\n  name: {title}\n  at: {at.human()}\n"
        f"layers:\n  - {_entry(layer_file, layer_id, name)}\n---\n"
        f"Imported from {source}: write the story of {name} here.\n"
    )


def centroid(features: list[dict[str, Any]]) -> Coordinate | None:
    """Centroid (shapely) of every feature's geometry, longitude folded into -180…180.

    Geometries are first unwrapped around the circular mean of their longitudes, so a
    layer either side of 180° (Taveuni, the Diomedes) is placed between its parts.
    """
    from shapely.geometry import GeometryCollection, shape

    from atlaspress.maps.webmap.antimeridian import unwrap_geometry

    ref = _mean_longitude(features)
    shapes = []
    for feature in features:
        if feature.get("geometry"):
            try:
                geom = shape(unwrap_geometry(feature["geometry"], ref))
            except (ValueError, TypeError, AttributeError):  # pragma: no cover - readers validate
                continue
            if not geom.is_empty:
                shapes.append(geom)
    if not shapes:
        return None
    point = GeometryCollection(shapes).centroid
    if point.is_empty:  # pragma: no cover
        return None
    lon = (point.x + 180.0) % 360.0 - 180.0
    return Coordinate(lon=round(lon, 5), lat=round(point.y, 5))


def _mean_longitude(features: list[dict[str, Any]]) -> float:
    """The circular mean of every position's longitude (0 when they cancel out)."""
    import math

    east = north = 0.0

    def walk(node: Any) -> None:
        nonlocal east, north
        if isinstance(node, dict):
            for key in ("coordinates", "geometries"):
                walk(node.get(key))
        elif isinstance(node, list) and node and isinstance(node[0], (int, float)):
            east += math.cos(math.radians(node[0]))
            north += math.sin(math.radians(node[0]))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for feature in features:
        walk(feature.get("geometry"))
    return math.degrees(math.atan2(north, east)) if east or north else 0.0


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _entry(file: str, layer_id: str, title: str) -> str:
    return f"{{file: {file}, id: {layer_id}, title: {_quote(title)}}}"


_LAYERS_KEY = re.compile(r"^layers[ \t]*:(?P<rest>.*?)(?P<nl>\r?\n)?$", re.DOTALL)


def add_layer(text: str, src_path: str, file: str, layer_id: str, title: str) -> str | None:
    """Add ``{file, id, title}`` to the ``layers:`` of a post's text; None if already listed.

    Only the lines of the ``layers`` list change; a block list gets one more item, a flow
    list one more element, and a missing key is added at the end of the front matter.
    """
    doc = parse_document(text, src_path)
    existing = doc.data.get("layers") or []
    if not isinstance(existing, list):
        raise ContentError.at(
            src_path,
            *doc.positions.locate(("layers",)),
            "layers",
            "`layers` is not a list, so the imported layer cannot be added",
            f"make it a list and add `- {{file: {file}}}`",
        )
    keys = set()
    for item in existing:
        spec = {"file": item} if isinstance(item, str) else item if isinstance(item, dict) else {}
        if spec.get("file") == file:
            return None
        key = spec.get("id") or str(spec.get("file", "")).rsplit("/", 1)[-1].split(".", 1)[0]
        keys.add(key)
    unique, n = layer_id, 2
    while unique in keys:
        unique, n = f"{layer_id}-{n}", n + 1
    entry = _entry(file, unique, title)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() == "---")
    key_line = next((i for i in range(1, end) if _LAYERS_KEY.match(lines[i])), None)
    if key_line is None:
        lines[end:end] = [f"layers:{newline}", f"  - {entry}{newline}"]
    else:
        match = _LAYERS_KEY.match(lines[key_line])
        assert match is not None
        rest = re.sub(r"\s#.*$", "", match["rest"]).strip()
        nl = match["nl"] or newline
        if rest in ("", "null", "~"):
            last, indent = key_line, None
            for i in range(key_line + 1, end):
                raw = lines[i].rstrip("\r\n")
                if not raw.strip() or raw.lstrip().startswith("#"):
                    continue
                if raw[0] not in " \t-":
                    break
                if indent is None and raw.lstrip().startswith("-"):
                    indent = raw[: len(raw) - len(raw.lstrip())]
                last = i
            if rest:
                lines[key_line] = f"layers:{nl}"
            if not lines[last].endswith(("\n", "\r")):
                lines[last] += newline
            lines.insert(last + 1, f"{indent if indent is not None else '  '}- {entry}{newline}")
        elif rest.startswith("[") and rest.endswith("]"):
            line = lines[key_line]
            comment = re.search(r"\s#", line)
            close = line.rfind("]", 0, comment.start() if comment else len(line))
            inner = line[line.index("[") + 1 : close]
            joiner = ", " if inner.strip() else ""
            lines[key_line] = (
                line[:close].rstrip() + joiner + entry + line[close:]
                if inner.strip()
                else line[: line.index("[") + 1] + entry + line[close:]
            )
        else:
            raise ContentError.at(
                src_path,
                key_line + 1,
                1,
                "layers",
                "cannot add the imported layer to this `layers:` list automatically",
                f"add `- {entry}` to `layers:` by hand",
            )
    updated = "".join(lines)
    check = parse_document(updated, src_path).data.get("layers") or []
    if len(check) != len(existing) + 1 or not any(
        isinstance(i, dict) and i.get("file") == file for i in check
    ):
        raise ContentError.at(
            src_path,
            key_line + 1 if key_line is not None else end + 1,
            1,
            "layers",  # pragma: no cover
            "cannot add the imported layer to this `layers:` list automatically",
            f"add `- {entry}` to `layers:` by hand",
        )
    return updated
