"""Redirects: old addresses of the site that keep working after a move.

An old address comes from a post's or a page's ``aliases`` or from ``[redirects]`` in
``atlaspress.toml`` (for addresses that have no front matter: category and tag listings).
Each path alias becomes

* a static redirect page at the old path (``<old>/index.html``): an immediate
  ``<meta http-equiv=refresh>``, a canonical link to the new page, ``noindex`` and a visible
  link, so it works on any static host and without JavaScript;
* a line ``old new 301`` of ``_redirects`` at the site root: Cloudflare Pages applies its
  rules before any file and answers with a real HTTP 301; Netlify serves a file that exists
  before a rule that is not forced, so there the redirect page answers (a forced ``301!``
  line would be ignored by Cloudflare as malformed).

A query alias (``/?p=123``, WordPress's plain permalinks) has no file a static host could
serve, so it becomes a ``_redirects`` line with Netlify's query syntax (``/ p=123 /new 301!``)
and an entry in a small inline script on the home page, which a request for ``/?p=123``
reaches on every host (docs/decisions.md). Nothing asks a third party.

Every alias is checked against the real outputs and against the others: a collision is an
error at the alias (the alias is left out, the rest of the site is built).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from atlaspress.core.config import CONFIG_NAME, SiteConfig
from atlaspress.core.errors import Diagnostic, Severity, display_path
from atlaspress.core.sitepaths import Alias, parse_alias, parse_target
from atlaspress.site.link import SiteGraph

REDIRECTS_FILE = "_redirects"
# Folders the build fills after rendering (search index, gazetteer) or with fingerprinted
# files: no alias may put a page inside them.
_BUILD_OWNED = ("assets/", "pagefind/", "search/")


@dataclass(frozen=True)
class Redirect:
    """An old address, the site path it moved to (``places/x/``; ``""`` is the home page),
    what is there now (for the visible link) and where the author wrote it."""

    alias: Alias
    target: str
    title: str
    path: str  # file that declares it, as diagnostics show it
    line: int
    column: int
    code: str

    def error(self, message: str, hint: str) -> Diagnostic:
        return Diagnostic(self.path, self.line, self.column, Severity.ERROR, self.code, message, hint)


def _config_line(site_dir: Path | None, old: str) -> int:
    """The line of ``atlaspress.toml`` that names ``old`` (1 when it cannot be found)."""
    if site_dir is None:
        return 1
    try:
        lines = (site_dir / CONFIG_NAME).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    for quoted in (f'"{old}"', f"'{old}'", old):
        for number, text in enumerate(lines, start=1):
            if text.lstrip().startswith(quoted):
                return number
    return 1


def collect(graph: SiteGraph, config: SiteConfig, site_dir: Path | None) -> list[Redirect]:
    """Every redirect the site declares, in a stable order (posts, pages, then the config)."""
    out: list[Redirect] = []
    for slug in sorted(graph.posts):
        post = graph.posts[slug].post
        for i, text in enumerate(post.front.aliases):
            line, col = post.positions.locate(("aliases", i)) if post.positions else (1, 1)
            out.append(Redirect(parse_alias(text), post.url, post.front.title, post.src_path, line, col,
                                f"aliases.{i}"))
    for _slug, linked in sorted(graph.pages.items()):
        page = linked.page
        for i, text in enumerate(page.front.aliases):
            line, col = page.positions.locate(("aliases", i)) if page.positions else (1, 1)
            out.append(Redirect(parse_alias(text), page.url, page.front.title, page.src_path, line, col,
                                f"aliases.{i}"))
    shown = display_path(site_dir / CONFIG_NAME) if site_dir is not None else CONFIG_NAME
    for old, new in config.redirects.items():
        target = parse_target(new)
        out.append(Redirect(parse_alias(old), target, "", shown, _config_line(site_dir, old), 1,
                            "config.redirects"))
    return out


def _page_file(target: str) -> str:
    """The file a site path is served from: ``places/x/`` → ``places/x/index.html``."""
    return target + "index.html" if target == "" or target.endswith("/") else target


def _target_exists(target: str, outputs: set[str]) -> bool:
    return (target + "index.html" if target == "" or target.endswith("/") else target) in outputs or target in outputs


def check(redirects: list[Redirect], outputs: set[str]) -> tuple[list[Redirect], list[Diagnostic]]:
    """The redirects that can be written, and an error for each that cannot: an alias whose
    file is a real output (or inside a folder the build owns), or that another alias names
    first; a ``[redirects]`` target that is no page of the site is a warning."""
    kept: list[Redirect] = []
    diags: list[Diagnostic] = []
    seen: dict[tuple[str, str], Redirect] = {}
    files: dict[str, Redirect] = {}  # redirect pages kept so far, by file
    folders: dict[str, Redirect] = {}  # the folders they need, by folder
    for redirect in redirects:
        alias = redirect.alias
        file = alias.file
        if file is not None and file == _page_file(redirect.target):
            continue  # the old address is the new one (WordPress's /about/ is ours too): nothing moved
        parts = file.split("/") if file is not None else []
        # A file where the redirect page needs a folder (``/feed.xml`` → ``feed.xml/index.html``).
        blocking = next(("/".join(parts[:i]) for i in range(1, len(parts)) if "/".join(parts[:i]) in outputs), None)
        if blocking is not None:
            diags.append(redirect.error(
                f"alias {alias.text!r} is the address of a file of the site ({blocking}); a redirect there "
                "would replace it", "remove the alias, or give the old address exactly as the old site had it"))
            continue
        if file is not None and (file in outputs or file.startswith(_BUILD_OWNED)):
            what = "a page of the site" if file.endswith(".html") else "a file of the site"
            diags.append(redirect.error(
                f"alias {alias.text!r} is the address of {what} ({file}); a redirect there would replace it",
                "remove the alias, or give the old address exactly as the old site had it"))
            continue
        clash = (folders.get(file) if file is not None else None) or next(
            (files["/".join(parts[:i])] for i in range(1, len(parts)) if "/".join(parts[:i]) in files), None)
        if clash is not None:  # one needs as a folder what the other writes as a file
            diags.append(redirect.error(
                f"alias {alias.text!r} cannot be written beside {clash.alias.text!r} ({clash.path}:{clash.line}): "
                "one needs as a folder what the other writes as a file",
                "end the shorter address with / (a folder), or remove one of the two"))
            continue
        where = (file, "") if file is not None else ("", alias.query)
        first = seen.get(where)
        if first is not None:
            same = first.alias.text if first.alias.text == alias.text else f"{first.alias.text!r} ({file})"
            diags.append(redirect.error(
                f"alias {alias.text!r} is already taken: {same} redirects to /{first.target} "
                f"({first.path}:{first.line})",
                "an old address can lead to one place only; remove one of the two"))
            continue
        seen[where] = redirect
        if file is not None:
            files[file] = redirect
            for i in range(1, len(parts)):
                folders.setdefault("/".join(parts[:i]), redirect)
        if redirect.code == "config.redirects" and not _target_exists(redirect.target, outputs):
            diags.append(Diagnostic(redirect.path, redirect.line, redirect.column, Severity.WARNING,
                                    redirect.code, f"redirect from {alias.text!r}: /{redirect.target} is not a "
                                    "page of the site", "check the new address; the redirect is written anyway"))
        kept.append(redirect)
    return sorted(kept, key=lambda r: r.alias), sorted(diags)


def _prefix(config: SiteConfig) -> str:
    """The path the site is served under (``/`` or ``/blog/``), from ``base_url``."""
    path = urlsplit(config.root_url).path or "/"
    return path if path.endswith("/") else path + "/"


def redirects_file(redirects: list[Redirect], config: SiteConfig) -> bytes:
    """``_redirects``: ``old new 301`` per path alias, then the query aliases in Netlify's
    syntax (``/ p=123 /new 301!``: forced, since the home page exists)."""
    prefix = _prefix(config)

    def new(target: str) -> str:
        return prefix + quote(target, safe="/-._~!$&'()*+,;=:@")

    lines = ["# Old addresses of this site and where they are now; written by atlaspress.",
             "# Cloudflare Pages answers each with an HTTP 301; Netlify serves the redirect page at the old path."]
    paths = [r for r in redirects if not r.alias.query]
    queries = [r for r in redirects if r.alias.query]
    lines += [f"{prefix}{r.alias.text.lstrip('/')} {new(r.target)} 301" for r in paths]
    if queries:
        lines.append("# Query-string addresses: Netlify's syntax, forced since / exists; "
                     "the home page's script answers them too.")
        lines += [f"{prefix} {' '.join(f'{k}={v}' for k, v in r.alias.pairs)} {new(r.target)} 301!" for r in queries]
    return ("\n".join(lines) + "\n").encode("utf-8")


def query_map(redirects: list[Redirect], config: SiteConfig) -> dict[str, str]:
    """``"p=123" -> "places/x/"`` for the home page's script: link from the home page, so the
    target as a site path (``index.html`` added when ``pretty_urls`` is off)."""
    out = {}
    for r in redirects:
        if r.alias.query:
            target = r.target
            if not config.pretty_urls and (target == "" or target.endswith("/")):
                target += "index.html"
            out["&".join(f"{k}={v}" for k, v in r.alias.pairs)] = target or "./"
    return dict(sorted(out.items()))
