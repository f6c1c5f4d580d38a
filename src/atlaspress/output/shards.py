"""Which search-index shard a page belongs to, and the lighter copy of a page Pagefind reads.

Sharding: a page goes to bucket ``top k bits of sha256(output path)`` of ``2**k`` buckets,
``k`` chosen from the number of searchable pages so that buckets average
:data:`PAGES_PER_SHARD` to twice that. A page's bucket depends only on its own path and
``k``: adding or removing pages moves no other page, and only a change of ``k`` (the page
count crossing ``PAGES_PER_SHARD * 2**k``) reshuffles, each bucket splitting in two or two
joining. Each non-empty bucket is one Pagefind index; the browser merges them.

Stripping: Pagefind (its ``fossick`` parser) drops the content of ``<script>``, ``<style>``
and ``<svg>`` wherever they are, so emptying them changes nothing in the index but the
time spent reading them — and inline maps are most of a post page's bytes. What Pagefind
does read inside them is left alone: an element that carries ``data-pagefind-*`` (meta,
filters, sort, ignore, index-attrs), an ``<img>`` (a result's image), an ``<h1>`` (a
title), a ``<title>`` before the page's own, a nested ``<svg>`` or ``<foreignObject>`` (HTML
inside SVG), comments and CDATA: such an element is kept whole. The start tag (and so its
``id``, which Pagefind may turn into an anchor) is always kept. That the index is the same
is checked in ``tests/unit/output/test_search_shards.py`` on real pages, byte for byte.
"""

from __future__ import annotations

import hashlib
import re

PAGES_PER_SHARD = 100  # a bucket averages 100 to 200 pages
STRIP_VERSION = "strip-1"  # part of every shard's key: change it when strip() changes

# Matched on the lower-cased page (ASCII only: same length, same offsets; faster than
# IGNORECASE). A start tag: quoted attribute values may hold ">" (the tag is not cut short).
_OPEN = re.compile(rb"""<(svg|script|style)\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
# Inside an <svg>: what Pagefind reads (look inside: a nested <svg> may still be emptied) …
_SVG_READ = re.compile(rb"<svg\b|<img\b|<h1\b|<foreignobject\b|data-pagefind")
# … and what could make our end-tag search wrong (leave the element whole, do not look inside).
_OPAQUE = (b"<!--", b"-->", b"<![cdata[")


def shard_bits(pages: int) -> int:
    """``k`` for ``pages`` searchable pages: the most buckets that average ``PAGES_PER_SHARD`` or more."""
    bits = 0
    while pages >= PAGES_PER_SHARD * 2 ** (bits + 1):
        bits += 1
    return bits


def shard_of(path: str, bits: int) -> int:
    """The bucket (``0 … 2**bits - 1``) of the page at output ``path``."""
    if bits == 0:
        return 0
    top = int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big")
    return top >> (64 - bits)


def strip(data: bytes) -> bytes:
    """``data`` with the content of its ``<script>``, ``<style>`` and plain ``<svg>`` elements left out."""
    lower = data.lower()
    title_end = lower.find(b"</title")
    parts: list[bytes] = []
    pos = 0  # data[:pos] is in parts already
    search = 0
    while (match := _OPEN.search(lower, search)) is not None:
        tag = match.group(1)
        content = match.end()
        close = lower.find(b"</" + tag, content)
        if close < 0:
            break
        if any(lower.find(token, content, close) >= 0 for token in _OPAQUE):
            search = close
            continue
        if tag == b"svg" and (_SVG_READ.search(lower, content, close) is not None
                              or (lower.find(b"<title", content, close) >= 0 and not 0 <= title_end < match.start())):
            search = content
            continue
        parts.append(data[pos:content])
        pos = search = close
    if not parts:
        return data
    parts.append(data[pos:])
    return b"".join(parts)
