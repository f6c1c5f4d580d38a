"""Lints that only ``atlaspress check`` runs, on top of a full compile.

They look for mistakes a build can survive but a reader should not see:

- a land place whose point falls in the sea (``place.at`` with latitude and longitude
  swapped is found here too, but every build reports it: a warning whose hint is the fixed line);
- polygon layers that are not closed, cross themselves, or wind clockwise (RFC 7946 wants
  counter-clockwise exteriors) — ``--fix`` repairs them with shapely's ``make_valid``,
  rewrites the file and says what changed;
- two posts that share a title (readers cannot tell them apart), or folders whose names
  differ only in case;
- facts with no source anywhere in the post; images without alt text or credit;
- with ``external=True``, web links that do not answer (:mod:`atlaspress.app.linkcheck`:
  bounded threads, timeouts, a cache in ``.atlaspress-cache/links.json``).

Internal links to missing posts are reported by the link stage of every build.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.polygon import orient

from atlaspress.app.linkcheck import LinkStatus, check_links
from atlaspress.content.frontmatter import parse_document
from atlaspress.content.layers.jsonpos import locate as json_locate
from atlaspress.content.load import Post, find_posts, load_site, validate_front_matter
from atlaspress.content.markdown import _parser as markdown_parser
from atlaspress.core.config import load_config
from atlaspress.core.errors import ConfigError, ContentError, Diagnostic, Report, Severity, display_path
from atlaspress.core.measure import feature_shapes, polygons
from atlaspress.core.sphere import same_position
from atlaspress.facts.glance import _in_or_near, swapped_place, trim

SEA_KM = 2.0  # a land place this close to land is fine (coastlines are generalised)
_POSITION = re.compile(r"\[\s+(-?[\d.eE+-]+),\s+(-?[\d.eE+-]+)\s+\]")
_FAULT = re.compile(r"^(?P<what>[^\[]+)\[(?P<x>[-+\d.eE]+) (?P<y>[-+\d.eE]+)")


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)  # what --fix changed, one line each


def lint_site(site_dir: Path, *, fix: bool = False, external: bool = False,
              link_checker: Callable[[list[str]], dict[str, LinkStatus]] | None = None) -> LintResult:
    """Run every check-only lint over the site's loadable posts (drafts included)."""
    result = LintResult()
    try:
        config = load_config(site_dir)
    except ConfigError:
        return result  # compile_site reports it
    for path in layer_files(site_dir):  # before loading: a post whose layer --fix repairs loads again
        diags, fixes = lint_layer_file(path, fix=fix)
        result.diagnostics += diags
        result.fixes += fixes
    content = load_site(site_dir, config, Report(), find_posts(site_dir))
    for post in content.posts:
        result.diagnostics += lint_place(post)
        result.diagnostics += lint_facts(post)
    result.diagnostics += lint_duplicates(site_dir, list(content.posts))
    if external:
        checker = link_checker or (lambda urls: check_links(urls, site_dir / ".atlaspress-cache" / "links.json"))
        result.diagnostics += lint_external(list(content.posts), checker)
    return result


def merge(report: Report, lint: LintResult) -> None:
    """Add lint findings to a compile report; a swapped-coordinates warning replaces the
    country-mismatch warning of the same post (it explains it). The build already reports
    the swap in the same words, so the two are one diagnostic."""
    swapped = {d.path for d in lint.diagnostics if d.code == "place.at" and "look swapped" in d.message}
    report.items[:] = [d for d in report.items if not (d.code == "place.country" and d.path in swapped)]
    report.extend(lint.diagnostics)


# --- the place point ------------------------------------------------------------------------


def lint_place(post: Post) -> list[Diagnostic]:
    """Swapped latitude/longitude (see :func:`swapped_place`) and land places at sea (warning)."""
    from atlaspress.geo.atlas import country_name, feature_at, nearest_countries

    place = post.front.place
    lon, lat, country = place.at.lon, place.at.lat, place.country
    if not country:
        return []
    line, col = post.positions.locate(("place", "at")) if post.positions else (1, 1)
    if _in_or_near(lon, lat, country):
        return []
    swapped = swapped_place(post)
    if swapped:
        return swapped
    if feature_at(lon, lat) is not None:
        return []  # in another state: enrich reports warning[place.country]
    point = shapely.Point(lon, lat)
    if any(p.covers(point) for layer in post.layers for p in polygons(feature_shapes(layer.features))):
        return []  # an island too small for Natural Earth, drawn by the author
    near = nearest_countries(lon, lat, 1)
    if near and near[0].km <= SEA_KM:
        return []
    from atlaspress.facts.glance import km_text

    where = f", {km_text(near[0].km)} from the nearest land ({near[0].name})" if near else ""
    return [Diagnostic(post.src_path, line, col, Severity.WARNING, "place.at",
                       f"the point lies in the sea{where}, but the place is in {country_name(country)}",
                       "check place.at; for an island too small for Natural Earth, add its outline as a polygon layer")]


# --- facts, images, duplicates ----------------------------------------------------------------


def _markdown_tokens(text: str) -> list[tuple[Any, int]]:
    """Inline tokens (links, images) with the 0-based line of their block."""
    found = []
    for block in markdown_parser().parse(text, {}):
        line = block.map[0] if block.map else 0
        for child in block.children or ():
            found.append((child, line))
            found.extend((c, line) for c in child.children or ())
    return found


def _web_links(text: str) -> list[tuple[str, int]]:
    return [(str(t.attrGet("href")), line) for t, line in _markdown_tokens(text)
            if t.type == "link_open" and str(t.attrGet("href") or "").startswith(("http://", "https://"))]


def lint_facts(post: Post) -> list[Diagnostic]:
    """Facts without any source; images without alt text or credit."""
    out: list[Diagnostic] = []
    front = post.front

    def at(path: tuple) -> tuple[int, int]:
        return post.positions.locate(path) if post.positions else (1, 1)

    for i, fact in enumerate(front.facts):
        if not front.sources and not _web_links(fact.detail):
            out.append(Diagnostic(post.src_path, *at(("facts", i)), Severity.WARNING, f"facts.{i}",
                                  "fact has no source: the post lists no sources and the fact links to none",
                                  "add an entry under `sources:` or link the source in the fact's detail"))
        if fact.image and not (fact.alt or "").strip():
            out.append(Diagnostic(post.src_path, *at(("facts", i, "image")), Severity.WARNING, f"facts.{i}.alt",
                                  f"image {fact.image!r} has no alt text",
                                  "add `alt:` saying what the image shows, for readers who cannot see it"))
        if fact.image and not (fact.credit or "").strip():
            out.append(Diagnostic(post.src_path, *at(("facts", i, "image")), Severity.WARNING,
                                  f"facts.{i}.credit", f"image {fact.image!r} has no credit",
                                  "add `credit:`, e.g. `Photo: Jane Doe / CC BY 4.0`"))
    for token, line in _markdown_tokens(post.body):
        if token.type == "image" and not token.content.strip():
            src = str(token.attrGet("src") or "")
            out.append(Diagnostic(post.src_path, post.body_line + line, 1, Severity.WARNING, "image",
                                  f"image {src!r} has no alt text", f"write ![what it shows]({src})"))
    return out


def lint_duplicates(site_dir: Path, posts: list[Post]) -> list[Diagnostic]:
    """Folders that differ only in case; posts that share a title."""
    out: list[Diagnostic] = []
    root = site_dir / "content" / "places"
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    seen: dict[str, Path] = {}
    for folder in folders:
        key = folder.name.casefold()
        if key in seen:
            out.append(Diagnostic(display_path(folder / "index.md"), 1, 1, Severity.ERROR, "slug",
                                  f"folder {folder.name!r} differs from {seen[key].name!r} only in case",
                                  "on macOS and Windows they are one folder: rename or merge them"))
        else:
            seen[key] = folder
    # Compared as words, case-folded: "Hans Island" and "Hans island!" read as one title,
    # while titles in other scripts stay apart (an ASCII slug makes every one of them "post").
    titles: dict[str, Post] = {}
    for post in sorted(posts, key=lambda p: p.slug):
        words = re.findall(r"\w+", unicodedata.normalize("NFKC", post.front.title).casefold())
        key = " ".join(words) or post.front.title.strip()
        if key in titles:
            first = titles[key]
            line, col = post.positions.locate(("title",)) if post.positions else (1, 1)
            out.append(Diagnostic(post.src_path, line, col, Severity.WARNING, "title",
                                  f"{post.front.title!r} is also the title of {first.src_path}",
                                  "readers, feeds and search cannot tell the two apart; give each post its "
                                  "own title, or merge the two posts"))
        else:
            titles[key] = post
    return out


# --- polygon layers -------------------------------------------------------------------------


def _rings(geometry: dict[str, Any]) -> list[tuple[tuple[Any, ...], list[Any]]]:
    """(coordinates path, rings) of each polygon in a Polygon or MultiPolygon."""
    coords = geometry.get("coordinates")
    if geometry.get("type") == "Polygon" and isinstance(coords, list):
        return [((), coords)]
    if geometry.get("type") == "MultiPolygon" and isinstance(coords, list):
        return [((k,), rings) for k, rings in enumerate(coords) if isinstance(rings, list)]
    return []


def _features(data: Any) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """(JSON path to the feature, feature) for a FeatureCollection, a Feature or a geometry."""
    if not isinstance(data, dict):
        return []
    if data.get("type") == "FeatureCollection":
        return [(("features", i), f) for i, f in enumerate(data.get("features") or []) if isinstance(f, dict)]
    if data.get("type") == "Feature":
        return [((), data)]
    return [((), {"geometry": data, "_bare": True})]


def _point(xy: Any) -> str:
    return f"{trim(float(xy[0]), 5)}, {trim(float(xy[1]), 5)} (lon, lat)"


def _wrap(geom: Any) -> Any:
    """Longitudes back into ±180 as authors write them; 9 decimals (0.1 mm) drop float noise."""
    def tidy(xy: np.ndarray) -> np.ndarray:
        if (np.abs(xy[:, 0]) > 180).any():
            xy = np.column_stack([((xy[:, 0] + 180) % 360) - 180, xy[:, 1]])
        return np.round(xy, 9)

    return shapely.transform(geom, tidy)


def layer_files(site_dir: Path) -> list[Path]:
    """The GeoJSON layer files the posts' front matter names, whether or not the post loads."""
    found: set[Path] = set()
    for index in find_posts(site_dir):
        try:
            doc = parse_document(index.read_text(encoding="utf-8"), str(index))
        except (ContentError, OSError, UnicodeDecodeError):
            continue
        front, _ = validate_front_matter(doc, str(index))
        for spec in front.layers if front else ():
            path = index.parent / spec.file
            inside = path.resolve().is_relative_to(site_dir.resolve())
            if path.suffix.lower() in (".geojson", ".json") and inside and path.is_file() and not path.is_symlink():
                found.add(path)
    return sorted(found)


def lint_layer_file(path: Path, *, fix: bool = False) -> tuple[list[Diagnostic], list[str]]:
    """Self-intersecting polygons of one GeoJSON file, located in it; ``fix`` also repairs
    unclosed rings and RFC 7946 winding (which the loader reports in every build)."""
    from atlaspress.core.measure import area_km2
    from atlaspress.facts.glance import km2_text

    diags: list[Diagnostic] = []
    fixes: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError):
        return diags, fixes  # the loader reports it
    shown = display_path(path)
    changed = False
    for fpath, feature in _features(data):
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            continue
        gpath = (*fpath, "coordinates") if feature.get("_bare") else (*fpath, "geometry", "coordinates")
        name = (feature.get("properties") or {}).get("name")
        label = f"feature {fpath[1] + 1 if len(fpath) > 1 else 1}" + (f" ({name})" if name else "")
        parts: list[Any] = []
        notes: list[str] = []
        for ppath, rings in _rings(geometry):
            problems, polygon, ring_notes = _check_polygon(rings, label)
            for inner, severity, message, hint in problems:
                if severity is Severity.ERROR and not (fix and polygon is not None):
                    line, col = json_locate(text, (*gpath, *ppath, *inner))
                    diags.append(Diagnostic(shown, line, col, severity, "geometry", message, hint))
            notes += ring_notes if polygon is not None else []
            parts.append(polygon)
        repaired = [orient(q, 1.0) for p in parts if p is not None for q in polygons([p])]
        if not (fix and notes and repaired):
            continue
        before = area_km2(polygons([p for p in parts if p is not None]))
        after = area_km2(repaired)
        count = "" if len(repaired) == len(parts) else (
            f"; {len(parts)} polygon{'s' * (len(parts) != 1)} became {len(repaired)}")
        area = f"; area {km2_text(before)} → {km2_text(after)}" if abs(after - before) > 1e-6 else ""
        fixes.append(f"{shown}: {label}: " + "; ".join(notes) + count + area)
        geom = repaired[0] if len(repaired) == 1 else shapely.MultiPolygon(repaired)
        geometry.clear()
        geometry.update(json.loads(json.dumps(mapping(_wrap(geom)))))
        changed = True
    if changed:
        new_text = json.dumps(data, ensure_ascii=False, indent=2 if "\n" in text.strip() else None)
        new_text = _POSITION.sub(r"[\1, \2]", new_text) + ("\n" if text.endswith("\n") else "")
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(new_text, encoding="utf-8")
        os.replace(temporary, path)
    return diags, fixes


def _check_polygon(rings: list[Any], label: str) -> tuple[list[tuple[tuple[Any, ...], Severity, str, str]],
                                                          Any, list[str]]:
    """Problems of one polygon (path inside it, severity, message, hint), the polygon as read
    (closed, unwrapped across ±180) and what --fix would say about it."""
    from atlaspress.core.measure import _unwrap

    problems: list[tuple[tuple[Any, ...], Severity, str, str]] = []
    notes: list[str] = []
    closed = []
    for j, ring in enumerate(rings):
        try:
            xy = np.asarray(ring, dtype=float)[:, :2]
        except (ValueError, IndexError, TypeError):
            return [], None, []
        if len(xy) >= 2 and not same_position(xy[0], xy[-1]):
            problems.append(((j,), Severity.ERROR,
                             f"{label}: ring {j + 1} is not closed: it starts at {_point(xy[0])} "
                             f"and ends at {_point(xy[-1])}",
                             "repeat the first position at the end; `atlaspress check --fix` does it"))
            notes.append(f"closed ring {j + 1}")
            xy = np.vstack([xy, xy[:1]])
        if len(xy) < 4:
            return problems, None, notes
        closed.append(xy)
    if not closed:
        return problems, None, notes
    outer = _unwrap(closed[0])
    ref = float(outer[:, 0].mean())
    polygon = shapely.Polygon(outer, [_unwrap(r, ref) for r in closed[1:]])
    reason = shapely.is_valid_reason(polygon)
    if reason != "Valid Geometry":
        m = _FAULT.match(reason)
        what = (m["what"] if m else reason).strip().lower()
        where = f" at {_point((((float(m['x']) + 180) % 360) - 180, float(m['y'])))}" if m else ""
        problems.append(((), Severity.ERROR, f"{label}: {what}{where}",
                         "redraw the outline so its edges do not cross; "
                         "`atlaspress check --fix` repairs it with shapely's make_valid"))
        notes.append(f"{what}{where} repaired with make_valid")
        return problems, polygon, notes
    if not shapely.is_ccw(polygon.exterior):
        problems.append(((0,), Severity.WARNING, f"{label}: the outer ring runs clockwise",
                         "RFC 7946 wants outer rings counter-clockwise and holes clockwise; "
                         "`atlaspress check --fix` reverses it"))
        notes.append("outer ring turned counter-clockwise (RFC 7946)")
    for j, hole in enumerate(polygon.interiors, start=1):
        if shapely.is_ccw(hole):
            problems.append(((j,), Severity.WARNING, f"{label}: hole {j} runs counter-clockwise",
                             "RFC 7946 wants holes clockwise; `atlaspress check --fix` reverses it"))
            notes.append(f"hole {j} turned clockwise (RFC 7946)")
    return problems, polygon, notes


# --- external links -------------------------------------------------------------------------


def lint_external(posts: list[Post], checker: Callable[[list[str]], dict[str, LinkStatus]]) -> list[Diagnostic]:
    """Every source URL and Markdown web link, checked once each; a warning per broken use."""
    uses: list[tuple[str, str, int, int, str]] = []  # url, path, line, col, code
    for post in posts:
        def at(p: tuple, post: Post = post) -> tuple[int, int]:
            return post.positions.locate(p) if post.positions else (1, 1)

        for i, source in enumerate(post.front.sources):
            if source.url is not None:
                uses.append((str(source.url), post.src_path, *at(("sources", i, "url")), f"sources.{i}.url"))
        for href, line in _web_links(post.body):
            uses.append((href, post.src_path, post.body_line + line, 1, "link"))
        for i, fact in enumerate(post.front.facts):
            line, col = at(("facts", i, "detail"))
            for href, offset in _web_links(fact.detail):
                uses.append((href, post.src_path, line + offset + 1, col, "link"))
    statuses = checker(sorted({u[0] for u in uses}))
    out = []
    for url, path, line, col, code in uses:
        status = statuses.get(url)
        if status is None or status.ok:
            continue
        why = f"HTTP {status.status}" if status.status is not None else (status.error or "no answer")
        out.append(Diagnostic(path, line, col, Severity.WARNING, code, f"broken link {url}: {why}",
                              "update or remove the link; an archived copy may be at https://web.archive.org/"))
    return out
