"""What the story says: the words of a post that can name places.

The locator and the caption prefer the cities the story names over generic ones (issue 13,
point 5: a post about the Green Line through Nicosia is measured from Nicosia, not from
Limassol). The story is the front matter's words: title, subtitle, summary, the facts (claim
and detail), layer titles and tags. Not the Markdown body: the enrich cache is keyed by the
front matter and layers only (``Post.front_hash``), so an edit of the prose keeps the
locator, card and facts; the body reading differently would make them stale. A city counts
as named when its name occurs as a whole word (any case).

>>> names_in("The buffer zone cuts Nicosia in two.", ["Nicosia", "Limassol", "Nic"])
('Nicosia',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atlaspress.content.load import Post


def story_text(post: Post) -> str:
    """The post's own words in its front matter, one string (see the module's note on the body)."""
    front = post.front
    bits = [front.title, front.subtitle or "", front.summary]
    bits += [f"{f.claim}\n{f.detail}" for f in front.facts]
    bits += [layer.spec.label or "" for layer in post.layers]
    bits += [t.replace("-", " ") for t in front.tags]
    return "\n".join(b for b in bits if b)


def names_in(story: str, names: Iterable[str]) -> tuple[str, ...]:
    """Those of ``names`` that the story contains as whole words, in the order given."""
    if not story:
        return ()
    text = story.casefold()
    out = []
    for name in names:
        n = name.casefold().strip()
        # A plain substring test first: most names are not in the story at all, and compiling
        # a pattern for each of hundreds of nearby cities cost more than the rest of the caption.
        if len(n) >= 3 and n in text and re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text):
            out.append(name)
    return tuple(dict.fromkeys(out))
