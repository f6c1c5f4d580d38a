"""Paths of the built site: the top-level names atlaspress writes, and old addresses.

A site page (``content/pages/<slug>.md``) is published at ``<slug>/``, beside what the build
writes itself, so its slug may not be one of :data:`RESERVED_TOP_LEVEL`. The list lives here,
in ``core``, because the load stage checks slugs before anything is rendered;
``tests/unit/test_sitepages.py`` builds sites and fails when the build writes a top-level
name this list lacks, so the two cannot drift apart.

An alias (``aliases:`` in front matter, ``[redirects]`` in ``atlaspress.toml``) is an old
address of the site that keeps working: :func:`parse_alias` checks and normalises one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

# Every first path segment (folder or file) the build writes besides site pages: the
# render stage's pages, feeds and assets, the web maps, search, and the output marker.
RESERVED_TOP_LEVEL: frozenset[str] = frozenset({
    "index.html", "404.html", "page", "places", "series", "tags", "countries", "archive", "world", "embed",
    "assets", "search", "pagefind", "feed.xml", "feed.json", "sitemap.xml", "robots.txt", "_redirects",
    "places.geojson", ".atlaspress-output",
})
MAX_ALIAS_LENGTH = 2000
_QUERY_PART = re.compile(r"^[A-Za-z0-9_.\-\[\]]+=[^&=#\s]*$")
_ALIAS_HINT = 'write the old address as a path from the site\'s root, e.g. "/2016/02/old-slug/" or "/?p=123"'


class AliasError(ValueError):
    """An alias that cannot be an old address of the site; ``hint`` says what to write."""

    def __init__(self, message: str, hint: str = _ALIAS_HINT, *, key: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.key = key  # the ``[redirects]`` entry it is about, to point at its line


@dataclass(frozen=True, order=True)
class Alias:
    """An old address: ``path`` decoded (``/2016/02/café/``) and an optional query (``p=123``)."""

    path: str
    query: str = ""

    @property
    def text(self) -> str:
        """As written in ``_redirects`` and messages: percent-encoded, with its query."""
        encoded = quote(self.path, safe="/-._~!$&'()*+,;=:@")
        return encoded + (f"?{self.query}" if self.query else "")

    @property
    def file(self) -> str | None:
        """The output file a static host serves for the path (``None`` for a query alias):
        ``2016/02/x/index.html``; ``old.html`` as it is; ``old.php`` → ``old.php/index.html``."""
        if self.query:
            return None
        rel = self.path.lstrip("/")
        if not rel or rel.endswith("/"):
            return rel + "index.html"
        if rel.lower().endswith((".html", ".htm")):
            return rel
        return rel + "/index.html"

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The query's ``key=value`` pairs, sorted: the order a reader's URL gives them in does not matter."""
        return tuple(sorted(tuple(part.split("=", 1)) for part in self.query.split("&"))) if self.query else ()  # type: ignore[misc]


def parse_alias(value: object) -> Alias:
    """Check an old address and normalise it; raise :class:`AliasError` with a hint.

    It must be a path from the site's root (``/…``): no scheme or host (``https:``, ``//host``,
    ``javascript:``), no ``.`` or ``..`` segment, empty segment or backslash (written plainly
    or percent-encoded), no fragment, nothing invisible. A query (``?p=123``) is allowed on the
    home page only (``/?p=123``), as ``key=value`` pairs: no static file can answer one
    anywhere else.
    """
    if not isinstance(value, str):
        raise AliasError(f"expected an address as text, not {type(value).__name__}")
    text = value.strip()
    if not text:
        raise AliasError("the address is empty")
    if len(text) > MAX_ALIAS_LENGTH:
        raise AliasError(f"the address is longer than {MAX_ALIAS_LENGTH} characters")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", text) or text.startswith("//"):
        raise AliasError(f"{text!r} names a scheme or host; an alias is a path of this site",
                         'write only the path, e.g. "/2016/02/old-slug/" for https://old.example/2016/02/old-slug/')
    if not text.startswith("/"):
        raise AliasError(f"{text!r} does not start with /", f'write it from the site\'s root: "/{text}"')
    if "#" in text:
        raise AliasError(f"{text!r} has a fragment (#…), which browsers never send to the server",
                         "remove the # and what follows it")
    path, _, query = text.partition("?")
    decoded = unquote(path)
    if any(ch.isspace() and ch != " " or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in decoded):
        raise AliasError(f"{text!r} holds a control character or line break")
    if "\\" in decoded:
        raise AliasError(f"{text!r} holds a backslash, which browsers read as /",
                         "use / between the parts of the path")
    segments = decoded.split("/")[1:]
    inner = segments[:-1] if segments and segments[-1] == "" else segments
    if any(part in (".", "..") for part in inner):
        raise AliasError(f"{text!r} has a . or .. segment; an alias cannot leave or climb the site",
                         'write the address as the old site had it, from the root, e.g. "/2016/02/old-slug/"')
    if any(part == "" for part in inner):
        raise AliasError(f"{text!r} has an empty segment (//)", "write one / between the parts of the path")
    if query or text.endswith("?"):
        if decoded != "/":
            raise AliasError(f"{text!r}: only the home page can take a query-string alias",
                             'WordPress writes them as "/?p=123"; for other addresses write the path alone')
        parts = query.split("&")
        if not all(_QUERY_PART.match(part) for part in parts):
            raise AliasError(f"{text!r}: the query is not key=value pairs joined by &", 'write e.g. "/?p=123"')
        query = "&".join(sorted(parts))
    elif decoded == "/":
        raise AliasError("the alias is the home page itself", "an alias names an old address that has moved")
    return Alias(decoded, query)


def parse_target(value: object) -> str:
    """Where a ``[redirects]`` entry points: a path of this site (``/tags/borders/``, ``/`` for
    the home page), returned without its leading ``/`` as the render stage names outputs
    (``tags/borders/``, ``""``). Raises :class:`AliasError`."""
    if isinstance(value, str) and value.strip() == "/":
        return ""
    try:
        alias = parse_alias(value)
    except AliasError as exc:
        raise AliasError(str(exc).replace("an alias", "a redirect target"),
                         'write the new address as a path of this site, e.g. "/tags/borders/"') from None
    if alias.query:
        raise AliasError(f"{alias.text!r}: a redirect target has no query", "write the path alone")
    return alias.path.lstrip("/")
