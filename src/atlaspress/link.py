"""Stage 3, link: relate posts to each other in a :class:`SiteGraph`.

The graph refers to posts by slug, never by object, so it can be cached, diffed and
snapshotted. It owns everything that needs the whole site at once: series order and
"part N of M", tags, archives by year, the series cross-link sentence, related posts and
the resolution of internal links written in Markdown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyproj import Geod

from atlaspress.enrich import EnrichedPost
from atlaspress.errors import Diagnostic, PostsFailed, Report, post_failure
from atlaspress.markdown import chart_markers, render_inline, render_markdown
from atlaspress.related import Doc, related_posts

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class SeriesPosition:
    slug: str
    part: int
    total: int
    prev: str | None
    next: str | None
    see_also: tuple[str, ...]  # nearest other members, for "For other …, see …"


@dataclass(frozen=True)
class LinkedPost:
    """Per-post results of linking: rendered prose and its neighbours in the site."""

    slug: str
    body_html: str
    fact_html: tuple[str, ...]
    event_html: tuple[str, ...]
    comment_html: tuple[str, ...]
    series: SeriesPosition | None
    related: tuple[str, ...]


@dataclass(frozen=True)
class SiteGraph:
    posts: dict[str, EnrichedPost]  # by slug
    order: tuple[str, ...]  # newest first
    linked: dict[str, LinkedPost]
    series: dict[str, tuple[str, ...]]  # series slug -> posts, oldest first
    tags: dict[str, tuple[str, ...]]  # tag -> posts, newest first
    years: dict[int, tuple[str, ...]]  # year -> posts, newest first
    countries: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # slug -> (name, posts)
    warnings: list[str] = field(default_factory=list)


def distance_km(a: EnrichedPost, b: EnrichedPost) -> float:
    """Geodesic distance between two posts' places on the WGS84 ellipsoid."""
    pa, pb = a.post.front.place.at, b.post.front.place.at
    _, _, metres = _GEOD.inv(pa.lon, pa.lat, pb.lon, pb.lat)
    return metres / 1000.0


def _slug(text: str) -> str:
    from atlaspress.scaffold import slugify

    return slugify(text)


def link_site(enriched: list[EnrichedPost], report: Report) -> SiteGraph:
    """Build the site graph and render each post's Markdown with internal links resolved.

    Raises :class:`~atlaspress.errors.PostsFailed` if a post's Markdown cannot be rendered;
    the caller links again without those posts.
    """
    posts = {e.post.slug: e for e in enriched if not e.post.front.draft}
    order = tuple(sorted(posts, key=lambda s: (posts[s].post.front.date, s), reverse=True))

    series: dict[str, list[str]] = defaultdict(list)
    tags: dict[str, list[str]] = defaultdict(list)
    years: dict[int, list[str]] = defaultdict(list)
    for slug in order:
        front = posts[slug].post.front
        if front.series:
            series[front.series].append(slug)
        for tag in front.tags:
            tags[tag].append(slug)
        years[front.date.year].append(slug)
    series_order = {name: tuple(reversed(members)) for name, members in sorted(series.items())}

    positions: dict[str, SeriesPosition] = {}
    for members in series_order.values():
        for index, slug in enumerate(members):
            others = [m for m in members if m != slug]
            here = posts[slug]
            nearest = sorted(others, key=lambda other: (round(distance_km(here, posts[other]), 3), other))
            positions[slug] = SeriesPosition(
                slug=slug,
                part=index + 1,
                total=len(members),
                prev=members[index - 1] if index > 0 else None,
                next=members[index + 1] if index + 1 < len(members) else None,
                see_also=tuple(nearest[:2]),
            )

    related = related_posts(
        [
            Doc(
                slug=slug,
                text=" ".join(filter(None, (p.front.title, p.front.subtitle, p.front.summary, p.body))),
                tags=tuple(p.front.tags),
                series=p.front.series,
                lon=p.front.place.at.lon,
                lat=p.front.place.at.lat,
            )
            for slug in order
            for p in (posts[slug].post,)
        ]
    )

    def resolve(target: str) -> str | None:
        return f"../{target}/" if target in posts else None

    linked: dict[str, LinkedPost] = {}
    failed: dict[str, Diagnostic] = {}
    for slug in order:
        post = posts[slug].post
        try:
            body = render_markdown(post.body, resolve)
            for href, line, column in body.unresolved:
                at = post.body_line + line  # the body's lines are the file's, and so its columns
                report.warning(
                    post.src_path,
                    at,
                    post.positions.column(at, column) if post.positions else column,
                    "link",
                    f"link to {href!r} matches no post",
                    _link_hint(href, posts),
                )
            _check_markers(post, report)
            fact_html = []
            for index, fact in enumerate(post.front.facts):
                rendered = render_markdown(fact.detail, resolve)
                line, col = post.positions.locate(("facts", index, "detail")) if post.positions else (1, 1)
                for href, offset, _ in rendered.unresolved:
                    # A block scalar (`detail: |`) starts on the line after its key.
                    report.warning(
                        post.src_path,
                        line + offset + 1,
                        col,
                        "link",
                        f"link to {href!r} matches no post",
                        _link_hint(href, posts),
                    )
                fact_html.append(rendered.html)
            linked[slug] = LinkedPost(
                slug=slug,
                body_html=body.html,
                fact_html=tuple(fact_html),
                event_html=tuple(render_inline(e.what) for e in post.front.events),
                comment_html=tuple(render_inline(c.text) for c in post.front.imported_comments),
                series=positions.get(slug),
                related=related[slug],
            )
        except Exception as exc:  # one post's prose never stops the others'
            failed[slug] = post_failure(post.src_path, exc, "rendering the post's Markdown")
    if failed:
        raise PostsFailed(failed)
    countries: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for slug in order:
        for name in posts[slug].countries:
            key = _slug(name)
            names[key] = name
            countries[key].append(slug)
    return SiteGraph(
        countries={k: (names[k], tuple(v)) for k, v in sorted(countries.items())},
        posts=posts,
        order=order,
        linked=linked,
        series=series_order,
        tags={t: tuple(m) for t, m in sorted(tags.items())},
        years={y: tuple(m) for y, m in sorted(years.items(), reverse=True)},
    )


def _check_markers(post, report: Report) -> None:  # type: ignore[no-untyped-def]
    """Warn about ``{{< chart … >}}`` lines that place no chart (the chart then goes after the body)."""
    import difflib

    keys = [c.key for c in post.front.charts]
    for found, line, column in chart_markers(post.body):
        at = post.body_line + line
        col = post.positions.column(at, column) if post.positions else column
        if found.startswith("{{"):
            report.warning(post.src_path, at, col, "charts", f"{found!r} is not a chart marker",
                           "write the chart's id in lower case: {{< chart workers >}}")
        elif found not in keys:
            close = difflib.get_close_matches(found, keys, n=1)
            report.warning(post.src_path, at, col, "charts", f"no chart has the id {found!r}",
                           f"did you mean {close[0]!r}?" if close else
                           ("the post's charts are " + ", ".join(keys)) if keys else "declare it under `charts:`")


def _link_hint(href: str, posts: dict[str, EnrichedPost]) -> str:
    import difflib

    close = difflib.get_close_matches(href.split("#")[0].rstrip("/"), list(posts), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "link to another post by its folder name, e.g. [Hans Island](hans-island)"
