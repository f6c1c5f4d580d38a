"""Stage 3, link: relate posts to each other in a :class:`SiteGraph`.

The graph refers to posts by slug, never by object, so it can be cached, diffed and
snapshotted. It owns everything that needs the whole site at once: series order and
"part N of M", tags, archives by year, the series cross-link sentence, related posts and
the resolution of internal links written in Markdown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atlaspress.content.load import Post
from atlaspress.content.markdown import Rendered, chart_markers, render_comment, render_inline, render_markdown
from atlaspress.content.model import walk_comments
from atlaspress.content.pages import SitePage, nav_pages
from atlaspress.core.errors import Diagnostic, PostsFailed, Report, post_failure
from atlaspress.site import related as related_module
from atlaspress.site.entry import EnrichedPost
from atlaspress.site.related import Counts, Doc, related_posts, text_key, word_counts


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
class LinkedPage:
    """A site page with its Markdown rendered (links to posts and pages resolved)."""

    page: SitePage
    body_html: str


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
    related_stale: bool = False  # related lists kept from the last build (``defer_related``)
    pages: dict[str, LinkedPage] = field(default_factory=dict)  # published site pages by slug
    nav: tuple[str, ...] = ()  # slugs of the pages the navigation links to, in order


def distance_km(a: EnrichedPost, b: EnrichedPost) -> float:
    """Geodesic distance between two posts' places on the WGS84 ellipsoid."""
    from atlaspress.core.measure import GEOD  # the one ellipsoid; pyproj only when measuring

    pa, pb = a.post.front.place.at, b.post.front.place.at
    _, _, metres = GEOD.inv(pa.lon, pa.lat, pb.lon, pb.lat)
    return metres / 1000.0


SEE_ALSO = 2  # nearest other members named by "For other …, see …"
_SHORTLIST = 8  # nearest by chord, measured again on the ellipsoid
_BRUTE_FORCE = 64  # up to this many members, every pair is measured


def nearest_members(members: tuple[str, ...], posts: dict[str, EnrichedPost],
                    k: int = SEE_ALSO) -> dict[str, list[str]]:
    """For each member of a series, its ``k`` nearest other members by geodesic distance
    (rounded to the metre, ties by slug), in time linear in the series' size.

    Places go on the unit sphere into a grid of cubes; a member's shortlist is the
    :data:`_SHORTLIST` nearest by straight-line (chord) distance, found ring by ring of cubes
    until no closer one can lie further out; the shortlist is measured on the WGS84
    ellipsoid and sorted. (Sphere and ellipsoid differ by under 0.5 %, so the geodesic
    nearest two are among the chord-nearest eight.)
    """
    from atlaspress.content.markdown import memo
    from atlaspress.core.cache import code_fingerprint
    from atlaspress.core.store import canonical, key

    # Every build asks; the answer depends only on the members' places, so it is kept like
    # the rendered Markdown and a warm build measures nothing.
    places = [[slug, posts[slug].post.front.place.at.lon, posts[slug].post.front.place.at.lat] for slug in members]
    entry = key("series-near", code_fingerprint(), canonical([places, k]))
    return memo("series-near", entry, lambda: _nearest_members(members, posts, k), _near_check)


def _near_check(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(s, str) for s in v) for v in value.values()):
        raise TypeError("expected slug -> [slug]")
    return value


def _nearest_members(members: tuple[str, ...], posts: dict[str, EnrichedPost], k: int) -> dict[str, list[str]]:
    import math

    n = len(members)
    if n <= _BRUTE_FORCE:  # a small series: measuring every pair is cheaper than the grid
        shortlists = {slug: [m for m in members if m != slug] for slug in members}
    else:
        xyz = {}
        for slug in members:
            at = posts[slug].post.front.place.at
            lat, lon = math.radians(at.lat), math.radians(at.lon)
            xyz[slug] = (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
        size = max(2.0 / math.sqrt(n), 1e-3)  # about one member per cube face of the sphere
        grid: dict[tuple[int, int, int], list[str]] = defaultdict(list)
        for slug, (x, y, z) in xyz.items():
            grid[(int(math.floor(x / size)), int(math.floor(y / size)), int(math.floor(z / size)))].append(slug)
        limit = int(math.ceil(2.0 / size)) + 1
        shortlists = {}
        for slug, (x, y, z) in xyz.items():
            cx, cy, cz = int(math.floor(x / size)), int(math.floor(y / size)), int(math.floor(z / size))
            found: list[tuple[float, str]] = []
            ring = 0
            while True:
                for dx in range(-ring, ring + 1):
                    for dy in range(-ring, ring + 1):
                        for dz in range(-ring, ring + 1):
                            if max(abs(dx), abs(dy), abs(dz)) != ring:
                                continue
                            for other in grid.get((cx + dx, cy + dy, cz + dz), ()):
                                if other != slug:
                                    ox, oy, oz = xyz[other]
                                    found.append(((x - ox) ** 2 + (y - oy) ** 2 + (z - oz) ** 2, other))
                found.sort()
                # Anything in a further ring is at least `ring * size` away.
                if (len(found) >= _SHORTLIST and found[_SHORTLIST - 1][0] <= (ring * size) ** 2) or ring > limit:
                    break
                ring += 1
            shortlists[slug] = [other for _, other in found[:_SHORTLIST]]
    return {
        slug: sorted(others, key=lambda other: (round(distance_km(posts[slug], posts[other]), 3), other))[:k]
        for slug, others in shortlists.items()
    }


def _slug(text: str) -> str:
    from atlaspress.core.text import slugify

    return slugify(text)


def link_site(enriched: list[EnrichedPost], report: Report,
              defer_related: dict[str, tuple[str, ...]] | None = None,
              pages: tuple[SitePage, ...] = ()) -> SiteGraph:
    """Build the site graph and render each post's Markdown with internal links resolved.

    ``pages`` are the site pages (:mod:`atlaspress.content.pages`): their bodies are rendered
    here too, and a bare-slug link in a post or a page finds a post first, then a page.

    Raises :class:`~atlaspress.core.errors.PostsFailed` if a post's Markdown cannot be rendered;
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
        near = nearest_members(members, posts)
        for index, slug in enumerate(members):
            nearest = near[slug]
            positions[slug] = SeriesPosition(
                slug=slug,
                part=index + 1,
                total=len(members),
                prev=members[index - 1] if index > 0 else None,
                next=members[index + 1] if index + 1 < len(members) else None,
                see_also=tuple(nearest),
            )

    related, related_stale = _related(
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
        ],
        defer_related,
    )

    published = {p.slug: p for p in pages if not p.front.draft}

    def resolve(target: str) -> str | None:
        if target in posts:
            return f"../{target}/"
        return f"../../{target}/" if target in published else None

    def resolve_from_page(target: str) -> str | None:
        if target in posts:
            return f"../places/{target}/"
        return f"../{target}/" if target in published else None

    linked_pages: dict[str, LinkedPage] = {}
    for slug, page in sorted(published.items()):
        try:
            rendered = render_markdown(page.body, resolve_from_page)
        except Exception as exc:  # one page's prose never stops the rest of the site
            report.add(post_failure(page.src_path, exc, "rendering the page's Markdown"))
            continue
        for href, line, column in rendered.unresolved:
            at = page.body_line + line
            report.warning(page.src_path, at, page.positions.column(at, column) if page.positions else column,
                           "link", f"link to {href!r} matches no post or page", _link_hint(href, posts))
        linked_pages[slug] = LinkedPage(page=page, body_html=rendered.html)

    linked: dict[str, LinkedPost] = {}
    failed: dict[str, Diagnostic] = {}
    for slug in order:
        post = posts[slug].post
        try:
            body, facts_rendered, event_html, comment_html = _prose(post, resolve)
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
            for index, rendered in enumerate(facts_rendered):
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
                event_html=event_html,
                comment_html=comment_html,
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
        related_stale=related_stale,
        pages=linked_pages,
        nav=tuple(p.slug for p in nav_pages(tuple(lp.page for lp in linked_pages.values()))),
    )


def _related_check(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    out = {}
    for slug, others in value.items():
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise TypeError("expected lists of slugs")
        out[slug] = tuple(others)
    return out


def _related(docs: list[Doc], defer: dict[str, tuple[str, ...]] | None = None
             ) -> tuple[dict[str, tuple[str, ...]], bool]:
    """:func:`related_posts`, kept under the hash of every post's text, tags, series and place:
    a build in which no post changed reads one entry instead of counting every word again.

    With ``defer`` (the dev server's lists from its last build, for the same posts) a change
    keeps those lists for now and says so (``True``); the build after brings them up to date.
    """
    from atlaspress.content.markdown import keep, lookup
    from atlaspress.core.store import canonical, key

    code = Path(related_module.__file__ or "").read_bytes()
    texts = [text_key(d.text) for d in docs]
    entry = key("related", code,
                canonical([[d.slug, t, list(d.tags), d.series, d.lon, d.lat] for d, t in zip(docs, texts)]))
    hit = lookup("related", entry, _related_check)
    if hit is not None:
        return hit, False
    if defer is not None and set(defer) == {d.slug for d in docs}:
        return dict(defer), True
    data = {k: list(v) for k, v in related_posts(docs, counts=_word_counts(docs, texts, code)).items()}
    value = _related_check(data)
    keep("related", entry, data, value)
    return value, False


WordCounts = dict[str, Counts]


def _counts_check(value: Any) -> WordCounts:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    out: WordCounts = {}
    for text, pair in value.items():
        words, counts = pair
        if not (isinstance(words, str) and isinstance(counts, list) and all(type(k) is int for k in counts)):
            raise TypeError("expected words and counts")
        terms = tuple(words.split(" ")) if words else ()
        if len(terms) != len(counts):
            raise ValueError("as many counts as words")
        out[text] = (terms, tuple(counts))
    return out


def _word_counts(docs: list[Doc], texts: list[str], code: bytes) -> list[Counts]:
    """Every post's :func:`~atlaspress.site.related.word_counts`, kept by the SHA-256 of each
    text (``texts``: :func:`~atlaspress.site.related.text_key` of each): counting is most of
    ranking a site, and an edit changes one text, while IDF, which every weight reads, is
    site-wide and has to be computed again.

    The counts are kept in 16 entries, by the first digit of the text's hash, so an edit
    rewrites one or two of them and no entry grows past a few megabytes at 10,000 posts; each
    holds the texts of the last build only, so none grows with the site's history."""
    from atlaspress.content.markdown import keep, lookup
    from atlaspress.core.store import key

    buckets: dict[str, list[tuple[str, Doc]]] = {digit: [] for digit in "0123456789abcdef"}
    for text, doc in zip(texts, docs):
        buckets[text[0]].append((text, doc))
    counts: dict[str, Counts] = {}
    for bucket, members in buckets.items():
        entry = key("words", code, bucket)
        kept: WordCounts = lookup("words", entry, _counts_check) or {}
        now = {t: kept.get(t) or word_counts(d.text) for t, d in members}
        if now.keys() != kept.keys():
            # Words hold no space (:func:`~atlaspress.site.related.tokens`), so one string holds them all.
            keep("words", entry, {t: [" ".join(c[0]), list(c[1])] for t, c in now.items()}, now)
        counts.update(now)
    return [counts[t] for t in texts]


Prose = tuple[Rendered, list[Rendered], tuple[str, ...], tuple[str, ...]]


def _prose_check(value: Any) -> tuple[list[list[Any]], Prose]:
    from atlaspress.content.markdown import _rendered_check

    if not isinstance(value, dict) or set(value) != {"answers", "body", "facts", "events", "comments"}:
        raise TypeError("expected a prose entry")
    answers = value["answers"]
    if not isinstance(answers, list) or not all(
            isinstance(a, list) and len(a) == 2 and isinstance(a[0], str) and (a[1] is None or isinstance(a[1], str))
            for a in answers):
        raise TypeError("expected [slug, url] pairs")
    for name in ("events", "comments"):
        if not all(isinstance(h, str) for h in value[name]):
            raise TypeError("expected HTML")
    return answers, (_rendered_check(value["body"]), [_rendered_check(f) for f in value["facts"]],
                     tuple(value["events"]), tuple(value["comments"]))


# The last prose of each post file, with the post it was made for: the dev server's next build
# finds an unchanged post (the very same object, kept by its load memo) without hashing its texts.
_LAST_PROSE: dict[str, tuple[Post, tuple[list[list[Any]], Prose]]] = {}


def _prose_entry(post: Post) -> str:
    from atlaspress.content.markdown import code_version
    from atlaspress.core.store import canonical, key

    front = post.front
    texts = [post.body, [f.detail for f in front.facts], [e.what for e in front.events],
             [c.text for c in walk_comments(front.imported_comments)]]
    return key("prose", code_version(), canonical(texts))


def _prose(post: Post, resolve: Callable[[str], str | None]) -> Prose:
    """A post's body, fact details, timeline and comments as HTML: one cache entry per post,
    keyed by the texts and valid while every post they link to still resolves the same."""
    from atlaspress.content.markdown import keep, lookup

    last = _LAST_PROSE.get(post.src_path)
    entry = ""
    if last is not None and last[0] is post:  # the dev server's next build: not hashed again
        hit: tuple[list[list[Any]], Prose] | None = last[1]
    else:
        entry = _prose_entry(post)
        hit = lookup("prose", entry, _prose_check)
    if hit is not None and all(resolve(slug) == url for slug, url in hit[0]):
        _LAST_PROSE[post.src_path] = (post, hit)
        body, facts, events, comments = hit[1]
        return Rendered(body.html, list(body.unresolved)), [Rendered(f.html, list(f.unresolved)) for f in facts], \
            events, comments
    front = post.front
    body = render_markdown(post.body, resolve)
    facts = [render_markdown(fact.detail, resolve) for fact in front.facts]
    events = tuple(render_inline(e.what) for e in front.events)
    comments = tuple(render_comment(c.text) for c in walk_comments(front.imported_comments))
    slugs = list(dict.fromkeys(slug for rendered in (body, *facts) for slug in rendered.slugs))
    answers = [[slug, resolve(slug)] for slug in slugs]
    data = {"answers": answers, "body": {"html": body.html, "unresolved": [list(u) for u in body.unresolved]},
            "facts": [{"html": f.html, "unresolved": [list(u) for u in f.unresolved]} for f in facts],
            "events": list(events), "comments": list(comments)}
    value = _prose_check(data)
    keep("prose", entry or _prose_entry(post), data, value)
    _LAST_PROSE[post.src_path] = (post, value)
    return body, facts, events, comments


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
