"""WordPress slugs made valid atlaspress slugs: ASCII, lower-case words joined by hyphens.

``post_name`` is percent-encoded UTF-8 (``%e5%8c%97%e4%ba%ac``). It is decoded, folded to its
compatibility form (mathematical alphanumerics such as ``𝐁𝐨𝐥𝐝`` become ``Bold``), stripped of
format characters (bidi overrides, zero-width spaces and joiners), symbols (emoji) and
combining marks, transliterated to ASCII with ``anyascii`` (``北京`` → ``beijing``, ``Łódź`` →
``lodz``) and reduced to ``[a-z0-9-]``; what comes out matches ``SLUG_PATTERN``, so it can
never name a path outside the folder it is written in.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from anyascii import anyascii

from atlaspress.core.config import SLUG_PATTERN

MAX_LENGTH = 80
_DROP = {"Cf", "Cc", "Cs", "Co", "Cn", "So", "Sk", "Mn", "Me"}


def fold(text: str) -> str:
    """``text`` as a slug, possibly empty."""
    decoded = unquote(text, errors="replace")
    compat = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", decoded))
    kept = "".join(ch for ch in compat if unicodedata.category(ch) not in _DROP)
    ascii_ = anyascii(kept).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] if "-" in slug[:MAX_LENGTH] else slug[:MAX_LENGTH]
    assert not slug or re.match(SLUG_PATTERN, slug)
    return slug


def post_slug(name: str, title: str, post_id: int, prefix: str = "post") -> str:
    """The slug of a post: its ``post_name``, else its title, else ``post-<id>``."""
    return fold(name) or fold(title) or f"{prefix}-{post_id}"


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … whichever is not in ``taken``."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
