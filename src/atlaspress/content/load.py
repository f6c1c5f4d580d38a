"""Stage 1, load: read the content folder into validated :class:`Post` values.

Nothing here renders or writes. Every problem becomes a located diagnostic; a post with
an error is left out of the :class:`ContentSet` so the rest of the site still builds.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from atlaspress.content.coords import CoordinateError
from atlaspress.content.frontmatter import Document, Positions, parse_document
from atlaspress.content.layers import SUPPORTED_SUFFIXES, LayerGroup, read_layer
from atlaspress.content.model import MAX_REPLY_DEPTH, Comment, FrontMatter, Layer, PlacedFrontMatter
from atlaspress.content.publish import published_files, referenced_files
from atlaspress.content.references import check_references
from atlaspress.core.config import SiteConfig
from atlaspress.core.errors import (
    ContentError,
    Diagnostic,
    Report,
    Severity,
    display_path,
    internal_error,
    post_failure,
)
from atlaspress.core.text import did_you_mean, strip_unsafe_values, xml_safe

M = TypeVar("M", bound=BaseModel)
PLACES_DIR = Path("content") / "places"
POST_FILE = "index.md"


@dataclass(frozen=True)
class LoadedLayer:
    """A post layer with its GeoJSON features (lon, lat order), ready for the maps."""

    spec: Layer
    features: tuple[dict[str, Any], ...]
    groups: tuple[LayerGroup, ...] = ()  # KML folders, toggled separately on the map
    notes: tuple[str, ...] = ()  # what the reader skipped or warns about (NetworkLinks, ring order)
    assets: dict[str, bytes] = field(default_factory=dict)  # icons extracted from a KMZ


@dataclass(frozen=True)
class Post:
    """One validated place post. Immutable, so later stages can cache by ``content_hash``."""

    slug: str
    src_path: str  # as shown in diagnostics, relative to the working directory
    bundle_dir: Path
    front: PlacedFrontMatter
    body: str
    body_line: int
    content_hash: str
    # The front matter's lines and the layer files, not the body: what enrich reads, so an
    # edit of the prose keeps the post's locator, card, facts and map data (atlaspress.core.cache).
    front_hash: str = ""
    layers: tuple[LoadedLayer, ...] = ()
    assets: tuple[str, ...] = ()  # bundle-relative files copied next to the page
    positions: Positions | None = field(default=None, compare=False, repr=False)

    @property
    def url(self) -> str:
        return f"places/{self.slug}/"


@dataclass(frozen=True)
class ContentSet:
    """Everything the load stage found: the good posts, in a stable order."""

    site_dir: Path
    config: SiteConfig
    posts: tuple[Post, ...]


def _locate_error(err: ErrorDetails, positions: Positions,
                  root: type[BaseModel] | None = None) -> tuple[tuple[int, int], str, str, str | None]:
    """Turn one pydantic error into (position, code, message, hint)."""
    loc = tuple(err["loc"])
    code = ".".join(str(p) for p in loc) or "front-matter"
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1], root or FrontMatter)
        name = str(loc[-1])
        hint = did_you_mean(name, list(parent.model_fields)) if parent else None
        return positions.locate(loc, key=True), code, f"unknown key {name!r}", hint
    if kind == "missing":
        where = ".".join(str(p) for p in loc[:-1])
        message = f"missing required field {loc[-1]!r}" + (f" in {where}" if where else "")
        is_page = root is not None and not issubclass(root, FrontMatter)  # PlacedFrontMatter is a post's too
        hints = _PAGE_MISSING_HINTS if is_page else _MISSING_HINTS
        hint = hints.get(str(loc[-1]), f"add `{loc[-1]}:` to the front matter")
        position = positions.locate(loc[:-1]) if loc[:-1] else (2, 1)
        return position, code, message, hint
    exc = (err.get("ctx") or {}).get("error")
    if isinstance(exc, CoordinateError):  # point at the part of the value at fault
        at = positions.locate(loc) if exc.column is None else positions.locate_in(loc, exc.column)
        return at, code, str(exc), exc.hint
    if isinstance(exc, Exception):  # our own validators' messages are written for authors
        hint = getattr(exc, "hint", None)  # e.g. an AliasError's
        return positions.locate(loc), code, str(exc), hint if isinstance(hint, str) else None
    message, hint = _in_our_words(err, root or FrontMatter)
    return positions.locate(loc), code, message, hint


def _shown(value: Any) -> str:
    """An author's value as a message names it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of `key: value` fields"
    return type(value).__name__


_EXAMPLE_URL = "write the page's full address, e.g. https://www.example.org/page"


def _in_our_words(err: ErrorDetails, root: type[BaseModel]) -> tuple[str, str | None]:
    """Pydantic's message for an error, said the way atlaspress speaks to authors."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    loc = tuple(err["loc"])
    shown = _shown(value)
    if kind == "string_type":
        if value is None:
            return "the value is empty", "write it after the colon, or remove the line if the field is optional"
        hint = None
        if isinstance(value, (list, dict)):
            hint = 'YAML read brackets as a list or fields; put text in quotes, e.g. "[Draft] Hans Island"'
        elif isinstance(value, (int, float, bool)):
            hint = f'put it in quotes to keep it as text: "{str(value).lower() if isinstance(value, bool) else value}"'
        return f"expected text, not {shown}", hint
    if kind == "string_too_short":
        return "the value is empty", "write it after the colon"
    if kind == "string_pattern_mismatch":
        if loc and loc[0] == "tags":
            return f"{shown} is not a tag", "tags are lower-case words joined by hyphens, e.g. north-korea"
        return f"{shown} does not have the expected form", None
    if kind == "list_type":
        example = f"[{value}]" if isinstance(value, str) else "[first, second]"
        return f"expected a list, not {shown}", f"write {example}, or one `- item` per line below the key"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        model = _model_at(loc, root)
        needed = [name for name, info in model.model_fields.items() if info.is_required()] if model else []
        fields = f" (at least {' and '.join(needed)})" if needed else ""
        return f"expected `key: value` fields, not {shown}", f"write its fields{fields} as indented `key: value` lines"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, not {shown}", None
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = "write the year with four digits, e.g. 2016" if loc and loc[-1] == "year" else None
        return f"expected a whole number, not {shown}", hint
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, not {shown}", None
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        rule = {"greater_than_equal": "at least", "greater_than": "more than",
                "less_than_equal": "at most", "less_than": "less than"}[kind]
        hint = "write the year with four digits, e.g. 2016" if loc and loc[-1] == "year" else None
        return f"{shown} is out of range: it must be {rule} {bound}", hint
    if kind == "literal_error":
        allowed = str(ctx.get("expected", ""))
        options = re.findall(r"'([^']*)'", allowed)
        close = difflib.get_close_matches(str(value), options, n=1) if isinstance(value, str) else []
        return f"unknown value {shown}", (f"did you mean {close[0]!r}? " if close else "") + "allowed: " + allowed
    if kind == "url_scheme":
        return "a link must start with http:// or https://", _EXAMPLE_URL
    if kind in ("url_parsing", "url_syntax_violation"):
        problem = str(ctx.get("error", ""))
        if problem == "relative URL without a base":
            bare = isinstance(value, str) and value and " " not in value and not value.startswith(("/", "."))
            return f"{shown} is not a full web address", (f"start it with https://, e.g. https://{value}"
                                                         if bare else _EXAMPLE_URL)
        if problem == "empty host":
            return f"{shown} has no host name", _EXAMPLE_URL
        return f"{shown} is not a web address ({problem})" if problem else f"{shown} is not a web address", _EXAMPLE_URL
    if kind == "url_type":
        return f"expected a web address, not {shown}", _EXAMPLE_URL
    if kind == "url_too_long":
        return (f"the link is longer than {ctx.get('max_length', 2083):,} characters",
                "shorten it, e.g. drop the tracking parameters after `?`")
    message = err["msg"]  # a kind not met yet: pydantic's words, without its capital
    lower = message[:1].isupper() and message[1:2].islower()
    return (message[0].lower() + message[1:] if lower else message), None


_MISSING_HINTS = {
    "title": "add a line `title: …` with the post's headline",
    "date": "add a line `date: YYYY-MM-DD` with the publication date",
    "place": 'add `place:` with at least `name:` and `at: "lat, lon"`',
    "at": 'add `at: "lat, lon"`, e.g. `at: 37.93 N, 126.60 E`',
    "name": "add `name:` with the place's name",
}


_PAGE_MISSING_HINTS = {"title": "add a line `title: …` with the page's title, e.g. `title: About`"}


def _model_at(loc: tuple[Any, ...], root: type[BaseModel] = FrontMatter) -> type[BaseModel] | None:
    """The pydantic model class at a location path, for did-you-mean hints."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        ann = info.annotation
        args = getattr(ann, "__args__", ()) or ()
        candidates = [ann, *args]
        nxt = next((c for c in candidates if isinstance(c, type) and hasattr(c, "model_fields")), None)
        if nxt is None:
            inner = [a for c in candidates for a in getattr(c, "__args__", ())]
            nxt = next((c for c in inner if isinstance(c, type) and hasattr(c, "model_fields")), None)
        if nxt is None:
            return None
        model = nxt
    return model


def validate_front_matter(doc: Document, src_path: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Validate front matter; return the model or every located problem."""
    # A draft may lack a place (it is checked, never published); any other post needs one,
    # and PlacedFrontMatter says so with the usual "missing" error at `place`.
    placeless_draft = isinstance(doc.data, dict) and doc.data.get("draft") is True and doc.data.get("place") is None
    return validate_model(doc, src_path, FrontMatter if placeless_draft else PlacedFrontMatter)


def validate_model(doc: Document, src_path: str, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate a document's front matter against ``model`` (a post's, a site page's)."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        diags = []
        for err in exc.errors():
            (line, col), code, message, hint = _locate_error(err, doc.positions, model)
            diags.append(Diagnostic(src_path, line, col, Severity.ERROR, code, message, hint))
        return None, sorted(diags)


def check_comment_depth(front: FrontMatter, pos: Positions, src_path: str) -> list[Diagnostic]:
    """A reply nested deeper than :data:`MAX_REPLY_DEPTH` levels is an error at that reply."""
    diags: list[Diagnostic] = []

    def visit(comments: list[Comment], where: tuple[Any, ...], level: int) -> None:
        for i, comment in enumerate(comments):
            here = (*where, i)
            if level > MAX_REPLY_DEPTH:
                line, col = pos.locate(here)
                diags.append(Diagnostic(
                    src_path, line, col, Severity.ERROR, ".".join(str(p) for p in here),
                    f"this reply is nested {level} levels deep; replies go at most {MAX_REPLY_DEPTH} levels",
                    f"move it up to level {MAX_REPLY_DEPTH} (a reply to the comment it answers there), "
                    "or start its text with the name of the commenter it answers"))
                continue
            visit(comment.replies, (*here, "replies"), level + 1)

    visit(front.imported_comments, ("imported_comments",), 1)
    return diags


def _hash(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _safe_file(bundle: Path, name: str, site_dir: Path) -> Path | None:
    """Resolve a bundle-relative file, refusing symlinks and paths that leave the site."""
    candidate = bundle / name
    if candidate.is_symlink():
        return None
    try:
        candidate.resolve().relative_to(site_dir.resolve())
    except ValueError:
        return None
    return candidate


def _read_layer(path: Path, spec: Layer, limit: int) -> LoadedLayer:
    """Read any supported layer format into GeoJSON features (raises ContentError)."""
    parsed = read_layer(path, display=display_path(path), max_bytes=limit)
    # Names and descriptions reach the maps, SVG and feeds: drop what XML cannot carry
    # (GeoJSON escapes such as "\u000b" make them), as the post's own text is cleaned.
    removed = 0
    features = []
    for feature in parsed.features:
        properties, n_props, _ = strip_unsafe_values(feature.get("properties"))
        fid, n_id, _ = strip_unsafe_values(feature.get("id"))
        removed += n_props + n_id
        features.append({**feature, "properties": properties, **({"id": fid} if "id" in feature else {})}
                        if n_props or n_id else feature)
    groups = []
    for group in parsed.groups:
        title = xml_safe(group.title)
        removed += len(group.title) - len(title)
        groups.append(LayerGroup(group.id, title) if title != group.title else group)
    cleaned = (f"removed {removed} character{'s' * (removed != 1)} that XML and HTML cannot carry "
               "from feature names and descriptions",) if removed else ()
    return LoadedLayer(
        spec=spec,
        features=tuple(features),
        groups=tuple(groups),
        notes=parsed.skipped + parsed.warnings + cleaned,
        assets=dict(sorted(parsed.assets.items())),
    )


def load_post(index: Path, site_dir: Path, config: SiteConfig) -> tuple[Post | None, list[Diagnostic]]:
    """Load and validate one page bundle; the post is ``None`` when it has errors."""
    post, diags, _ = _load_post(index, site_dir, config, index.read_bytes())
    return post, diags


def _load_post(index: Path, site_dir: Path, config: SiteConfig,
               raw: bytes) -> tuple[Post | None, list[Diagnostic], Any]:
    """:func:`load_post` of ``index`` holding ``raw``, with the front matter as parsed (for
    :mod:`atlaspress.content.loadcache`; ``None`` when the post has errors)."""
    src_path = display_path(index)
    bundle = index.parent
    limit = int(config.max_file_size_mb * 1024 * 1024)
    if len(raw) > limit:
        return None, [
            ContentError.at(
                src_path,
                1,
                1,
                "size",
                f"file is larger than {config.max_file_size_mb:g} MB",
                "raise `max_file_size_mb` in atlaspress.toml if this is intended",
            ).diagnostic
        ], None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [
            ContentError.at(src_path, 1, 1, "encoding", "file is not UTF-8 text", "save the file as UTF-8").diagnostic
        ], None
    try:
        doc = parse_document(text, src_path)
    except ContentError as exc:
        return None, [exc.diagnostic], None
    front, diags = validate_front_matter(doc, src_path)
    diags = [*doc.warnings, *diags]  # characters removed before parsing
    if front is None:
        return None, diags, None
    pos = doc.positions
    if front.series and front.series not in config.series:
        line, col = pos.locate(("series",))
        known = list(config.series)
        hint = did_you_mean(front.series, known) if known else "define it under [series.<slug>] in atlaspress.toml"
        if known and hint and hint.startswith("known keys"):
            hint = "known series: " + ", ".join(sorted(known))
        diags.append(
            Diagnostic(src_path, line, col, Severity.ERROR, "series", f"unknown series {front.series!r}", hint)
        )
    layers: list[LoadedLayer] = []
    hash_parts = [raw]
    for i, spec in enumerate(front.layers):
        line, col = pos.locate(("layers", i))

        def layer_error(message: str, hint: str | None = None, *, i: int = i, line: int = line, col: int = col) -> None:
            diags.append(Diagnostic(src_path, line, col, Severity.ERROR, f"layers.{i}.file", message, hint))

        path = _safe_file(bundle, spec.file, site_dir)
        if path is None or not path.is_file():
            why = "is a link or leaves the site folder" if path is None else "does not exist"
            layer_error(f"layer file {spec.file!r} {why}", f"put {spec.file} in {display_path(bundle)}")
        elif path.stat().st_size > limit:
            layer_error(f"layer file {spec.file!r} is larger than {config.max_file_size_mb:g} MB")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            layer_error(f"cannot read {path.suffix or 'extension-less'} files as a layer",
                        "use GeoJSON (.geojson), KML, KMZ (Google My Maps export) or GPX")
        else:
            try:
                loaded = _read_layer(path, spec, limit)
            except ContentError as exc:
                diags.append(exc.diagnostic)
                continue
            except Exception as exc:  # a reader bug: this post is skipped, the others still load
                diags.append(internal_error(src_path, f"reading layer {spec.file!r}", exc))
                continue
            layers.append(loaded)
            hash_parts.append(path.read_bytes())
            for note in loaded.notes:
                diags.append(Diagnostic(src_path, line, col, Severity.WARNING, f"layers.{i}", f"{spec.file}: {note}"))
    ids = [layer.spec.key for layer in layers]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        message = f"two layers have the id {dup!r}"
        diags.append(Diagnostic(src_path, pos.locate(("layers",))[0], 1, Severity.ERROR, "layers", message,
                                "give each layer its own `id:`"))
    kinds: dict[str, set[str] | None] = {spec.key: None for spec in front.layers}  # None: not read
    kinds.update(
        {layer.spec.key: {str((f.get("geometry") or {}).get("type")) for f in layer.features} for layer in layers}
    )
    diags.extend(check_references(front, kinds, pos, src_path))
    diags.extend(check_comment_depth(front, pos, src_path))
    chart_diags, chart_bytes = _check_charts(front, kinds, pos, src_path, bundle, site_dir, limit,
                                             config.max_file_size_mb)
    diags.extend(chart_diags)
    hash_parts.extend(chart_bytes)
    if any(d.is_error for d in diags):
        return None, diags, None
    if not isinstance(front, PlacedFrontMatter):  # a draft without a place: checked, never built
        diags.append(Diagnostic(src_path, 1, 1, Severity.WARNING, "place", "this draft has no place yet, "
                                "so it is checked but not built",
                                'add `place:` with `name:` and `at: "lat, lon"` before publishing it'))
        return None, diags, None
    assets = tuple(
        sorted(
            p.relative_to(bundle).as_posix()
            for p in bundle.rglob("*")
            if p.is_file() and not p.is_symlink() and p.name != POST_FILE and not p.name.startswith(".")
        )
    )
    for fact_index, fact in enumerate(front.facts):
        if fact.image and fact.image not in assets:
            line, col = pos.locate(("facts", fact_index, "image"))
            diags.append(
                Diagnostic(
                    src_path,
                    line,
                    col,
                    Severity.WARNING,
                    f"facts.{fact_index}.image",
                    f"image {fact.image!r} is not in the post folder",
                )
            )
    # Only what the post references (or the site's `publish` patterns name) goes out.
    assets, publish_diags = published_files(bundle, assets, referenced_files(front, doc.body, layers), config.publish)
    diags.extend(publish_diags)
    post = Post(
        slug=bundle.name,
        src_path=src_path,
        bundle_dir=bundle,
        front=front,
        body=doc.body,
        body_line=doc.body_line,
        content_hash=_hash(*hash_parts),
        front_hash=_hash(b"".join(raw.splitlines(keepends=True)[: doc.body_line - 1]), *hash_parts[1:]),
        layers=tuple(layers),
        assets=assets,
        positions=pos,
    )
    return post, diags, doc.data


_POINTS_OR_AREAS = {"Point", "MultiPoint", "Polygon", "MultiPolygon"}


def _check_charts(front: FrontMatter, kinds: dict[str, set[str] | None], pos: Positions, src_path: str,
                  bundle: Path, site_dir: Path, limit: int, limit_mb: float) -> tuple[list[Diagnostic], list[bytes]]:
    """What a chart's front matter refers to: its CSV (read later, in enrich, where each cell
    is checked), unique ids, the post's events it marks and the layer a data map joins.
    Returns the diagnostics and the CSV files' bytes for the content hash."""
    diags: list[Diagnostic] = []
    data: list[bytes] = []

    def error(where: tuple[Any, ...], code: str, message: str, hint: str | None = None) -> None:
        line, col = pos.locate(where)
        diags.append(Diagnostic(src_path, line, col, Severity.ERROR, code, message, hint))

    event_dates = [e.when for e in front.events]
    seen: dict[str, int] = {}
    for i, chart in enumerate(front.charts):
        if chart.key in seen:
            error(("charts", i), f"charts.{i}.id", f"two charts have the id {chart.key!r}",
                  "give each chart its own `id:`; the body places it with {{< chart ID >}}")
        seen.setdefault(chart.key, i)
        path = _safe_file(bundle, chart.file, site_dir)
        if path is None or not path.is_file():
            why = "is a link or leaves the site folder" if path is None else "does not exist"
            error(("charts", i, "file"), f"charts.{i}.file", f"chart file {chart.file!r} {why}",
                  f"put {chart.file} in {display_path(bundle)}")
        elif path.suffix.lower() not in (".csv", ".tsv", ".txt"):
            error(("charts", i, "file"), f"charts.{i}.file", f"cannot read {path.suffix or 'extension-less'} files "
                  "as chart data", "export the sheet as CSV (.csv)")
        elif path.stat().st_size > limit:
            error(("charts", i, "file"), f"charts.{i}.file",
                  f"chart file {chart.file!r} is larger than {limit_mb:g} MB")
        else:
            data.append(path.read_bytes())
        if isinstance(chart.events, list):
            for k, when in enumerate(chart.events):
                if when not in event_dates:
                    close = difflib.get_close_matches(when, event_dates, n=1, cutoff=0.5)
                    error(("charts", i, "events", k), f"charts.{i}.events.{k}", f"no event of the post is dated {when}",
                          f"did you mean {close[0]!r}?" if close else "mark dates that appear under `events:`")
        elif chart.events and not front.events:
            error(("charts", i, "events"), f"charts.{i}.events", "the post has no `events` to mark",
                  "add the timeline under `events:`, or use `annotations:`")
        if chart.join and chart.join.layer:
            if chart.join.layer not in kinds:
                known = sorted(kinds)
                error(("charts", i, "join", "layer"), f"charts.{i}.join.layer",
                      f"no layer has the id {chart.join.layer!r}",
                      did_you_mean(chart.join.layer, known) if known else "add the layer under `layers:`")
            else:
                types = kinds[chart.join.layer]
                if types is not None and not types & _POINTS_OR_AREAS:
                    error(("charts", i, "join", "layer"), f"charts.{i}.join.layer",
                          f"layer {chart.join.layer!r} has no points or areas to join to",
                          "a data map shades areas or sizes circles on points")
    return diags, data


def find_posts(site_dir: Path) -> list[Path]:
    """Every ``content/places/<slug>/index.md``, sorted for deterministic builds."""
    root = site_dir / PLACES_DIR
    try:
        with os.scandir(root) as entries:
            folders = [entry.name for entry in entries if entry.is_dir()]
    except OSError:  # no places folder (yet)
        return []
    return sorted(root / name / POST_FILE for name in folders if os.path.isfile(os.path.join(root, name, POST_FILE)))


LoadMemo = dict[Path, tuple[tuple[Any, ...], "Post | None", list[Diagnostic]]]


def _bundle_stamp(index: Path, config_json: str, real: str | None = None) -> tuple[Any, ...] | None:
    """What a post's load depends on: the configuration and every file of its folder, by
    name, size, modification time and inode (``None`` when the folder cannot be read)."""
    files: list[tuple[str, int, int, int, int]] = []

    def walk(folder: str, prefix: str) -> None:  # plain strings: this runs for every post
        with os.scandir(folder) as entries:
            for entry in entries:
                st = entry.stat(follow_symlinks=False)
                files.append((prefix + entry.name, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino))
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")

    try:
        walk(str(index.parent), "")
    except OSError:
        return None
    return (config_json, display_path(index, real), tuple(sorted(files)))


def _load_kept(index: Path, site_dir: Path, site_real: str, config: SiteConfig,
               stamp: tuple[Any, ...] | None) -> tuple[Post | None, list[Diagnostic]]:
    """:func:`load_post`, or the post kept from an earlier build when nothing it was loaded
    from changed (:mod:`atlaspress.content.loadcache`, in the build's store)."""
    from atlaspress.content import loadcache
    from atlaspress.content.markdown import keep, lookup

    raw = index.read_bytes()
    if stamp is None:
        post, diags, _ = _load_post(index, site_dir, config, raw)
        return post, diags
    entry = loadcache.entry_key(raw, stamp, site_real, index.parent.name)
    # A bad entry (or one the model no longer accepts: pydantic's error is a ValueError) is a miss.
    hit = lookup(loadcache.KIND, entry, lambda value: loadcache.from_data(value, stamp[1]))
    if hit is not None:
        fields, diags = hit
        return Post(slug=index.parent.name, src_path=stamp[1], bundle_dir=index.parent, **fields), list(diags)
    post, diags, data = _load_post(index, site_dir, config, raw)
    kept = loadcache.to_data(post, data, diags) if post is not None else None
    if kept is not None:
        fields = {name: getattr(post, name) for name in
                  ("front", "body", "body_line", "content_hash", "front_hash", "assets", "positions")}
        keep(loadcache.KIND, entry, kept, (fields, tuple(diags)))
    return post, diags


def load_site(site_dir: Path, config: SiteConfig, report: Report, only: Iterable[Path] | None = None,
              memo: LoadMemo | None = None) -> ContentSet:
    """Load every post; problems go to ``report`` and bad posts are skipped.

    With ``memo`` (the dev server's, kept between builds) a post whose folder has not
    changed since it was last loaded is not read again.
    """
    import re

    from atlaspress.core.config import SLUG_PATTERN

    config_json = config.model_dump_json()
    site_real = os.path.realpath(site_dir)
    places = site_dir / PLACES_DIR
    places_real = os.path.realpath(places)
    posts = []
    for index in list(only) if only is not None else find_posts(site_dir):
        slug = index.parent.name
        if not re.match(SLUG_PATTERN, slug):
            report.error(
                display_path(index),
                1,
                1,
                "slug",
                f"folder name {slug!r} is not a valid slug",
                "rename the folder to lower-case words joined by hyphens",
            )
            continue
        if index.parent.parent == places and not os.path.islink(index.parent) and not os.path.islink(index):
            real = os.path.join(places_real, slug, POST_FILE)  # realpath walks every folder: this runs per post
        else:
            real = os.path.realpath(index)
        if real != site_real and not real.startswith(site_real.rstrip(os.sep) + os.sep):
            report.error(display_path(index), 1, 1, "path", "the post is a link to a file outside the site folder",
                         "copy the post into content/places/ instead of linking it")
            continue
        stamp = _bundle_stamp(index, config_json, real)
        remembered = memo.get(index) if memo is not None else None
        if stamp is not None and remembered is not None and remembered[0] == stamp:
            post, diags = remembered[1], remembered[2]
        else:
            try:
                post, diags = _load_kept(index, site_dir, site_real, config, stamp)
            except Exception as exc:  # a bug, not the author's mistake: skip this post, load the rest
                post, diags = None, [post_failure(display_path(index), exc, "loading the post")]
            if memo is not None and stamp is not None:
                memo[index] = (stamp, post, list(diags))
        report.extend(diags)
        if post is not None:
            posts.append(post)
    return ContentSet(site_dir=site_dir, config=config, posts=tuple(posts))
