"""``atlaspress import wordpress EXPORT.xml``: a WordPress site becomes an atlaspress site.

Two passes over the export, each streaming (:mod:`.wxr`): the first checks the file is
well-formed XML and learns what items refer to (categories, authors' names, attachment
URLs, every post's slug and permalink), so a malformed file is refused before anything is
written; the second converts and writes one item at a time.

* posts → ``content/places/<slug>/index.md`` (see :mod:`.bundle`), pages →
  ``content/pages/<slug>.md``; drafts, private, pending and future posts are imported as
  drafts; trash, auto-drafts, attachments (their files come with the posts that use them),
  menu items, revisions and other types are skipped and counted;
* categories become tags (a parent's slug too), except those named with
  ``--series-category``, which become series (defined in ``atlaspress.toml``); WordPress's
  ``uncategorized`` is dropped;
* the place comes from :mod:`.places`; a post without one is imported as a draft and the
  report says it needs a coordinate;
* approved comments (not pingbacks) come along, threaded, with the author's name, date,
  text and website — never an e-mail address or IP;
* old URLs (``/?p=ID``, the permalink) go into ``aliases``; category and tag URLs into the
  ``[redirects]`` table of ``atlaspress.toml`` (:mod:`.siteconfig`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from atlaspress.app.wordpress import bundle as bundles
from atlaspress.app.wordpress import places as placing
from atlaspress.app.wordpress.embeds import kml_command
from atlaspress.app.wordpress.html import Context, comment_markdown, convert, plain_text, shorten
from atlaspress.app.wordpress.media import IMAGE_SUFFIXES, Media
from atlaspress.app.wordpress.report import REPORT_FILE, ImportReport, MapNote, NeedsPlace
from atlaspress.app.wordpress.slugs import fold, post_slug, unique
from atlaspress.app.wordpress.wxr import Channel, Item, WPComment, items, scan
from atlaspress.core.config import CONFIG_NAME
from atlaspress.core.errors import ContentError, display_path

Progress = Callable[[str, int, int], None]  # (stage, done, total)

DRAFT_STATUSES = {"draft", "private", "pending", "future"}
IMPORTED_TYPES = {"post", "page"}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "an empty auto-draft", "inherit": "a revision"}
# Page slugs that would clash with what atlaspress itself publishes.
RESERVED_PAGES = {"places", "tags", "series", "countries", "archive", "page", "search", "embed", "pagefind",
                  "feed", "map", "static", "assets", "index", "atom", "sitemap"}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass
class Options:
    uploads: Path | None = None
    places: Path | None = None
    update: bool = False
    series_categories: tuple[str, ...] = ()
    today: dt.date | None = None
    progress: Progress | None = None


@dataclass
class _Plan:
    """Where each importable item goes, decided before the second pass."""

    slugs: dict[int, str] = field(default_factory=dict)  # item id → slug
    existing: dict[int, Path] = field(default_factory=dict)  # item id → file an earlier import wrote
    links: dict[str, str] = field(default_factory=dict)  # old permalink path → post slug
    renamed: list[tuple[str, str]] = field(default_factory=list)


def _date(*candidates: str) -> dt.date | None:
    for text in candidates:
        text = (text or "").strip()
        match = _DATE.match(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
        elif text:
            try:
                return email.utils.parsedate_to_datetime(text).date()
            except (TypeError, ValueError, IndexError):
                continue
    return None


def _path_key(url: str, base: str) -> str | None:
    """The part of an old URL that names a post: ``/2016/02/slug`` or ``?p=123``."""
    parts = urlsplit(url.strip())
    base_host = urlsplit(base).hostname
    if parts.hostname and base_host and parts.hostname.lower() != base_host.lower():
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    query = parse_qs(parts.query)
    for key in ("p", "page_id"):
        if query.get(key, [""])[0].isdigit():
            return f"?{key}={query[key][0]}"
    path = parts.path.rstrip("/").lower()
    return path or None


_SEGMENT = re.compile(r"^[A-Za-z0-9%._~!$&'()*+,;=:@-]+$")


def safe_path(path: str) -> str | None:
    """``path`` if it is a plain absolute URL path (percent-encoded segments, no ``..``), else None;
    the site writes a redirect page for each alias, so none may climb out of the output folder."""
    segments = path.split("/")
    if not path.startswith("/") or "\\" in path or any(s in (".", "..") for s in segments):
        return None
    for segment in segments[1:]:
        decoded = unquote(segment)
        if segment and (not _SEGMENT.match(segment) or decoded in (".", "..") or "/" in decoded or "\\" in decoded):
            return None
    return path


def _aliases(item: Item) -> list[str]:
    key = "page_id" if item.type == "page" else "p"
    out = [f"/?{key}={item.id}"]
    parts = urlsplit(item.link)
    if parts.path and parts.path != "/" and not parts.query and item.status == "publish":
        path = parts.path if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1] else parts.path + "/"
        if safe_path(path) and path not in out:
            out.append(path)
    return out


def _plan(channel: Channel, site: Path, report: ImportReport, places_csv: placing.PlacesCsv | None = None) -> _Plan:
    plan = _Plan()
    known = bundles.known_ids(site)
    taken = {"post": {p.name for p in (site / bundles.PLACES).glob("*") if p.is_dir()},
             "page": {p.stem for p in (site / bundles.PAGES).glob("*.md")} | RESERVED_PAGES}
    for item_id, (kind, status, name, title) in channel.slugs.items():
        if kind not in IMPORTED_TYPES or status in SKIPPED_STATUSES or item_id <= 0:
            continue
        previous = known.get(f"{kind}:{item_id}")
        if previous is not None:
            plan.existing[item_id] = previous
            plan.slugs[item_id] = previous.parent.name if kind == "post" else previous.stem
        else:
            wanted = post_slug(name, title, item_id, kind)
            slug = unique(wanted, taken[kind])
            if slug != wanted:
                where = bundles.PLACES / slug / "index.md" if kind == "post" else bundles.PAGES / f"{slug}.md"
                plan.renamed.append((wanted, where.as_posix()))
            plan.slugs[item_id] = slug
        taken[kind].add(plan.slugs[item_id])
        slug = plan.slugs[item_id]
        placed = item_id in channel.placed or (
            places_csv is not None and places_csv.get(slug, fold(name), str(item_id)) is not None)
        if kind == "post" and status == "publish" and placed and item_id not in channel.protected:
            # only posts that will be published: a link to a draft would match no post
            for url in (channel.links.get(item_id, ""), f"?p={item_id}"):
                path = _path_key(url, channel.base_blog_url or channel.link)
                if path:
                    plan.links.setdefault(path, plan.slugs[item_id])
    report.renamed = plan.renamed
    return plan


def _terms(item: Item, channel: Channel, series: set[str]) -> tuple[str | None, list[str], list[str]]:
    """(series, tags, category slugs that were series but lost to an earlier one)."""
    chosen: str | None = None
    tags: list[str] = []
    extra_series: list[str] = []
    for term in item.terms:
        if term.domain == "category":
            nicename = term.slug or term.name
            if fold(nicename) in series:
                if chosen is None:
                    chosen = fold(nicename)
                else:
                    extra_series.append(nicename)
                continue
            chain, seen = [], set()
            current: str | None = nicename
            while current and current not in seen:  # the category and its parents, as tags
                seen.add(current)
                chain.append(current)
                parent = channel.categories.get(current)
                current = parent.parent if parent else None
            for slug in reversed(chain):
                if slug != "uncategorized" and fold(slug) not in series:
                    tags.append(fold(slug) or fold(channel.categories[slug].name if slug in channel.categories else ""))
        elif term.domain == "post_tag":
            tags.append(fold(term.slug or term.name) or fold(term.name))
    return chosen, [t for t in dict.fromkeys(tags) if t], extra_series


def _comments(item: Item, media: Media, report: ImportReport) -> list[dict[str, Any]]:
    kept: dict[int, dict[str, Any]] = {}
    parents: dict[int, int] = {}
    for comment in item.comments:
        if comment.type not in ("", "comment"):
            report.comments_skipped[f"{comment.type}s are not carried over"] += 1
            continue
        if comment.approved != "1":
            why = {"0": "awaiting moderation", "spam": "marked as spam", "trash": "in the trash"}.get(
                comment.approved, "not approved")
            report.comments_skipped[why] += 1
            continue
        entry = _comment(comment, media)
        if entry is None:
            report.comments_skipped["empty or undated"] += 1
            continue
        kept[comment.id] = entry
        parents[comment.id] = comment.parent
    roots: list[dict[str, Any]] = []
    for comment_id, entry in kept.items():
        parent = parents[comment_id]
        seen = {comment_id}
        while parent and parent not in kept and parent not in seen:  # a reply to a comment not carried over
            seen.add(parent)
            parent = 0
        if parent and parent in kept and not _descends(parent, comment_id, parents):
            kept[parent].setdefault("replies", []).append(entry)
        else:
            roots.append(entry)
    report.comments += len(kept)
    return roots


def _descends(node: int, ancestor: int, parents: dict[int, int]) -> bool:
    """Whether ``ancestor`` is among ``node``'s parents (a loop in a broken export)."""
    seen = set()
    while node and node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        node = parents.get(node, 0)
    return False


def _comment(comment: WPComment, media: Media) -> dict[str, Any] | None:
    date = _date(comment.date)
    text = comment_markdown(comment.content, media).strip()
    if date is None or not text:
        return None
    entry: dict[str, Any] = {"author": " ".join(comment.author.split()) or "Anonymous", "date": date, "text": text}
    url = media.absolute(comment.url) if comment.url.strip() else None
    if url and urlsplit(url).scheme in ("http", "https"):
        entry["url"] = url
    return entry


def _gallery(item: Item, channel: Channel) -> Callable[[dict[str, str]], list[tuple[str, str]]]:
    def images(attrs: dict[str, str]) -> list[tuple[str, str]]:
        ids = [int(i) for i in re.findall(r"\d+", attrs.get("ids", "") or attrs.get("include", ""))]
        if not ids:
            ids = sorted(channel.children.get(item.id, []))
        out = []
        for attachment in ids:
            url = channel.attachments.get(attachment)
            if url and Path(urlsplit(url).path).suffix.lower() in IMAGE_SUFFIXES:
                out.append((url, channel.attachment_titles.get(attachment, "")))
        return out

    return images


def _internal(plan: _Plan, base: str) -> Callable[[str], str | None]:
    def resolve(href: str) -> str | None:
        if not href or href.startswith("#"):
            return None
        key = _path_key(href, base)
        return plan.links.get(key) if key else None

    return resolve


class _Importer:
    def __init__(self, export: Path, site: Path, channel: Channel, options: Options, report: ImportReport,
                 places_csv: placing.PlacesCsv | None) -> None:
        self.export, self.site, self.channel, self.options, self.report = export, site, channel, options, report
        self.places_csv = places_csv
        self.base = channel.base_blog_url or channel.link or channel.base_site_url
        self.post_media = Media(self.base, options.uploads)
        self.page_media = Media(self.base, None)
        self.media = self.post_media
        self.plan = _plan(channel, site, report, places_csv)
        self.series_wanted = {fold(s) for s in options.series_categories if fold(s)}  # `%e5%8c%97` or `北京`
        self.series_used: dict[str, str] = {}  # series slug → title
        self.terms_used: dict[str, str] = {}  # old category/tag URL → new URL
        self.today = options.today or dt.date.today()
        self.seen: set[int] = set()

    def run(self, progress: Progress | None) -> None:
        total = self.channel.items
        for done, item in enumerate(items(self.export), start=1):
            try:
                self.item(item)
            except ContentError as exc:  # e.g. a symbolic link where the post would go
                self.report.skipped.append((f"{item.type} {item.id}", exc.diagnostic.format().replace("\n", " ")))
            except Exception as exc:  # a bug: this item is skipped, the others still come in
                detail = " ".join(f"{type(exc).__name__}: {exc}".split())
                why = f"could not be converted (please report: {detail})"
                self.report.skipped.append((f"{item.type} {item.id}", why))
            if progress is not None:
                progress("import", done, total)

    # -- one item -----------------------------------------------------------------------------
    def item(self, item: Item) -> None:
        label = f"{item.type} {item.id}" + (f" “{item.title}”" if item.title else "")
        if item.type not in IMPORTED_TYPES:
            self.report.skipped_types[_type_name(item.type)] += 1
            return
        if item.status in SKIPPED_STATUSES:
            self.report.skipped.append((label, SKIPPED_STATUSES[item.status]))
            return
        if item.id <= 0 or item.id in self.seen:
            self.report.skipped.append((label, "no wp:post_id" if item.id <= 0 else "a second item with this id"))
            return
        self.seen.add(item.id)
        slug = self.plan.slugs[item.id]
        path = (self.site / bundles.PLACES / slug / "index.md") if item.type == "post" else (
            self.site / bundles.PAGES / f"{slug}.md")
        shown = path.relative_to(self.site).as_posix()
        if item.id in self.plan.existing:
            self.report.existing.append((shown, item.title))
            if not self.options.update:
                return
        # A page is one file, with no folder of its own: its images stay where they are (listed).
        self.media = self.page_media if item.type == "page" else self.post_media
        self.media.start_post()
        context = Context(slug=slug, media=self.media, gallery=_gallery(item, self.channel),
                          internal=_internal(self.plan, self.base))
        converted = convert(item.content, context)
        for name in converted.found.unknown:
            self.report.shortcode(name, shown)
        for name in converted.found.dropped_blocks:
            self.report.block(name, shown)
        self.report.embeds += converted.embeds
        for mine in converted.my_maps:
            self.report.my_maps.append(MapNote(shown, mine.kml_url, kml_command(slug)))
        title = " ".join(item.title.split()) or f"Untitled {item.type} {item.id}"
        draft = item.status != "publish"
        if item.protected and not draft:  # its readers needed a password: not for everyone yet
            draft = True
            self.report.warnings.append(f"{shown}: password-protected on WordPress, imported as a draft")
        if item.type == "page":
            front: dict[str, Any] = {"title": title}
            if not draft:
                front["menu_order"] = item.menu_order
            if draft:
                front["draft"] = True
            front["aliases"] = _aliases(item)
            if item.comments:
                self.report.comments_skipped["on pages (pages have no comments)"] += len(item.comments)
            self._write(path, front, converted.markdown, shown, pages=True)
            return
        date = _date(item.date, item.date_gmt, item.pub_date, item.modified)
        if date is None:
            date = self.today
            self.report.warnings.append(f"{shown}: no date in the export; dated {date.isoformat()}")
        modified = _date(item.modified)
        series, tags, extra = _terms(item, self.channel, self.series_wanted)
        for category in extra:
            self.report.warnings.append(f"{shown}: also in series category {category!r}; a post has one series")
        front = {"title": title, "date": date}
        if modified and modified > date:
            front["updated"] = modified
        author = self.channel.authors.get(item.creator, item.creator)
        if author:
            front["author"] = author
        summary = shorten(plain_text(item.excerpt)) if item.excerpt.strip() else converted.summary
        if summary:
            front["summary"] = summary
        found = (
            placing.from_meta(item.meta, item.georss)
            or _block_place(converted.found.points)
            or placing.from_body(item.content)
            or (self.places_csv.get(slug, fold(item.name), str(item.id)) if self.places_csv else None)
        )
        if found is not None:
            front["place"] = {"name": found.name or title, "at": found.at}
            self.report.places[found.source.split(" line ")[0]] += 1
        else:
            if not draft:
                draft = True
            self.report.needs_place.append(NeedsPlace(shown, title))
        if series:
            front["series"] = series
            nicename = next(t.slug or t.name for t in item.terms
                            if t.domain == "category" and fold(t.slug or t.name) in self.series_wanted)
            term = self.channel.categories.get(nicename)
            self.series_used[series] = term.name if term is not None and term.name else series
        if tags:
            front["tags"] = tags
        if item.comment_status in ("open", "closed"):
            front["comments"] = item.comment_status
        if item.sticky:
            front["sticky"] = True
        if draft:
            front["draft"] = True
        front["aliases"] = _aliases(item)
        comments = _comments(item, self.media, self.report)
        if comments:
            front["imported_comments"] = comments
        for term in item.terms:
            self._redirect(term)
        self._write(path, front, converted.markdown, shown, pages=False)

    def _redirect(self, term: Any) -> None:
        nicename = term.slug or term.name
        if term.domain == "category" and nicename != "uncategorized":
            chain, current, seen = [], nicename, set()
            while current and current not in seen:
                seen.add(current)
                chain.append(current)
                parent = self.channel.categories.get(current)
                current = parent.parent if parent else None
            path = list(reversed(chain))  # the parents' URLs too: /category/islands/ as well as …/arctic/
            for depth in range(1, len(path) + 1):
                name = path[depth - 1]
                old = safe_path("/category/" + "/".join(path[:depth]) + "/")
                new = f"/series/{fold(name)}/" if fold(name) in self.series_wanted else f"/tags/{fold(name)}/"
                if old and fold(name) and name != "uncategorized":
                    self.terms_used[old] = new
        elif term.domain == "post_tag" and fold(nicename) and safe_path(f"/tag/{nicename}/"):
            self.terms_used[f"/tag/{nicename}/"] = f"/tags/{fold(nicename)}/"

    def _write(self, path: Path, front: dict[str, Any], body: str, shown: str, *, pages: bool) -> None:
        if front.get("draft"):
            self.report.drafts += 1
        for url in self.media.remote:
            self.report.remote_images.append((shown, url))
        for url in self.media.missing:
            self.report.missing_uploads.append((shown, url))
        for src in self.media.dropped:
            self.report.warnings.append(f"{shown}: image {src!r} left out (not a web address)")
        if self.media.plan:
            bundles.copy_files(path.parent, self.media.plan, self.site)
        images = sum(1 for name in self.media.plan if Path(name).suffix.lower() in IMAGE_SUFFIXES)
        self.report.images_copied += images
        self.report.files_copied += len(self.media.plan) - images
        bundles.write_text(path, bundles.document(front, body), self.site)
        (self.report.pages if pages else self.report.posts).append(shown)

    def finish(self) -> None:
        config = self.site / CONFIG_NAME
        self.report.series = {c: c for c in sorted(self.series_wanted) if c in self.series_used}
        unused = sorted(c for c in self.series_wanted if c not in self.series_used)
        for category in unused:
            self.report.warnings.append(f"--series-category {category}: no imported post is in that category")
        self.report.redirects = len(self.terms_used)
        problems = None
        if self.series_used or self.terms_used:
            from atlaspress.app.wordpress.siteconfig import update_config

            problems = update_config(config, self.series_used, self.terms_used)
        self.report.warnings.extend(problems or [])


def _block_place(points: list[tuple[float, float, str | None]]) -> placing.Found | None:
    for lat, lon, name in points:
        if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0):
            return placing.Found(lat, lon, "a map block in the body", name)
    return None


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _type_name(kind: str) -> str:
    return {"attachment": "attachment (files come with the posts that use them)", "nav_menu_item": "menu item",
            "revision": "revision", "wp_block": "reusable block", "wp_navigation": "navigation menu",
            "wp_template": "theme template", "wp_global_styles": "theme styles",
            "custom_css": "custom CSS"}.get(kind, f"{kind} (a custom post type)")


def import_wordpress(export: Path, site: Path, options: Options | None = None) -> ImportReport:
    """Import ``export`` into the site at ``site`` (created when it has no ``atlaspress.toml``).

    Raises :class:`ContentError` for an unreadable or malformed export, or a bad places file;
    nothing is written then.
    """
    options = options or Options()
    report = ImportReport(export=display_path(export), site=display_path(site), update=options.update)
    if options.uploads is not None and not options.uploads.is_dir():
        raise ContentError.at(display_path(options.uploads), 1, 1, "wordpress.uploads",
                              "the uploads folder does not exist",
                              "pass a copy of the old site's wp-content/uploads folder")
    places_csv = placing.PlacesCsv(options.places) if options.places is not None else None
    progress = options.progress
    channel = scan(export, (lambda n: progress("read", n, 0)) if progress else None)
    if progress:
        progress("read", channel.items, channel.items)
    importable = sum(n for kind, n in channel.types.items() if kind in IMPORTED_TYPES)
    if importable == 0:
        held = [_count(len(channel.categories), "category", "categories"), _count(len(channel.tags), "tag")]
        held += [_count(n, _type_name(kind).split(" (")[0]) for kind, n in sorted(channel.types.items())]
        report.nothing = ("the export holds no posts or pages (" + ", ".join(held) + "); in WordPress, "
                          "Tools → Export → All content exports the posts too")
        return report
    if not (site / CONFIG_NAME).is_file():
        from atlaspress.app.scaffold import new_site

        title = " ".join(re.sub(r'["\\]', "'", channel.title).split()) or None
        new_site(site, title)
    importer = _Importer(export, site, channel, options, report, places_csv)
    importer.run(progress)
    importer.finish()
    bundles.write_text(site / REPORT_FILE, report.markdown(), site)
    return report

