"""Names for prose: how a country or a place title reads inside a sentence.

The sentences themselves are written from the place's facts in
:mod:`atlaspress.facts.sentences`; this module only knows English names.

>>> prose_name("United States of America"), prose_name("Philippines"), prose_name("N. Cyprus")
('the United States', 'the Philippines', 'Northern Cyprus')
>>> is_plural("Diomede Islands"), is_plural("Kaesong Industrial Zone")
(True, False)
"""

from __future__ import annotations

import re

from .atlas import display_name

_THE = re.compile(
    r"^(United |Republic |Democratic )|(Islands|Republic|Kingdom|Emirates|Netherlands"
    r"|Philippines|Bahamas|Gambia|Maldives|Comoros|Seychelles|Territory|Territories|Heights|Triangle|Bank"
    r"|Strip|Dependency|Archipelago|regions of \w+)$"
)
_SHORT = {"United States of America": "United States"}


def prose_name(name: str) -> str:
    """``"United States of America"`` → ``"the United States"``;
    ``"N. Cyprus"`` → ``"Northern Cyprus"``."""
    n = display_name(name)
    n = _SHORT.get(n, n)
    if n.startswith(("the ", "The ")):
        return n
    bare = re.sub(r" \([^)]*\)$", "", n)  # "Southern Kuril Islands (Northern Territories)"
    return f"the {n}" if _THE.search(bare) else n


def is_plural(title: str) -> bool:
    words = title.split()
    if " & " in title or " and " in title:
        return True
    last = words[-1].lower() if words else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "as"))  # Tiberias, Caracas
