"""A loaded post kept between builds, keyed by what loading it read.

Loading a post parses its YAML with positions, validates it, renders its prose to find the
files it refers to and lists its folder: about 3 ms a post, most of an edit build of a
1,000-post site that has everything else cached. The entry keeps the parsed front matter
exactly as YAML gave it (a plain JSON value: anything JSON would change — a number as a
key, a NaN — is not kept), the body, the positions of every value, the hashes, the files
it publishes and the diagnostics the load found. On a hit the front matter is validated
again from that value, so the model is the one a fresh load makes.

The key covers the code (:func:`atlaspress.core.cache.code_fingerprint`), the configuration,
the site's real path and the post's folder name (not the path diagnostics show, which depends
on the working directory: they keep it as ``""``), the SHA-256 of ``index.md`` and the name,
type, size, modification time and inode of every other file of the post's folder. Posts with layers or
charts (whose files are read and hashed as they load) and posts whose text had characters
removed are loaded afresh each time.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from atlaspress.content.frontmatter import Positions
from atlaspress.core.store import canonical, key

if TYPE_CHECKING:
    from atlaspress.core.errors import Diagnostic

KIND = "loaded"
FORMAT = 2  # 2: keyed by the post's folder, its diagnostics without their shown path


def entry_key(raw: bytes, stamp: tuple[Any, ...], site_real: str, folder: str) -> str:
    """The entry of a post whose ``index.md`` holds ``raw``; ``stamp`` is its folder's
    (:func:`atlaspress.content.load._bundle_stamp`: the configuration, the shown path, the files)."""
    from atlaspress.core.cache import code_fingerprint

    config_json, _, files = stamp  # not the shown path: it depends on the working directory
    others = [list(f) for f in files if f[0] != "index.md"]
    return key(KIND, str(FORMAT), code_fingerprint(), config_json, site_real, folder,
               hashlib.sha256(raw).hexdigest(), canonical(others))


def _plain(value: Any) -> bool:
    """Whether ``value`` comes back from JSON as it is (str keys, no NaN, no tuples)."""
    try:
        return bool(json.loads(json.dumps(value, allow_nan=False)) == value)
    except (TypeError, ValueError):
        return False


def to_data(post: Any, data: Any, diags: list[Diagnostic]) -> dict[str, Any] | None:
    """The entry for ``post`` (a :class:`atlaspress.content.load.Post`) loaded from front matter
    ``data``, or ``None`` when it is not kept."""
    from atlaspress.core.cache import diagnostic_to_data

    pos = post.positions
    if post.layers or getattr(post.front, "charts", None) or pos is None or pos.removed.count or not _plain(data):
        return None
    return {
        "data": data,
        "body": post.body,
        "body_line": post.body_line,
        "content_hash": post.content_hash,
        "front_hash": post.front_hash,
        "assets": list(post.assets),
        "positions": {
            name: [[list(path), line, column] for path, (line, column) in table.items()]
            for name, table in (("keys", pos.keys), ("values", pos.values), ("texts", pos.texts))
        },
        "start": list(pos.start),
        "diagnostics": [diagnostic_to_data(d, post.src_path) for d in diags],
    }


_KEY_TYPES = frozenset((str, int))


def _table(value: Any) -> dict[tuple[Any, ...], tuple[int, int]]:
    if not isinstance(value, list):
        raise TypeError("expected a list of positions")
    table = {}
    for path, line, column in value:
        # By exact type and without a generator per row: this runs for every value of every post.
        if type(path) is not list or type(line) is not int or type(column) is not int:
            raise TypeError("expected [path, line, column]")
        where = tuple(path)
        if not _KEY_TYPES.issuperset(map(type, where)):
            raise TypeError("expected a path of names and indexes")
        table[where] = (line, column)
    return table


def from_data(value: Any, src_path: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The post's fields (for :class:`atlaspress.content.load.Post`, but its paths) and the
    diagnostics kept in ``value``; raises ``TypeError``/``ValueError``/``KeyError`` on an entry
    of the wrong shape, and pydantic's error (a ``ValueError``) if the front matter no longer
    validates."""
    from atlaspress.content.model import PlacedFrontMatter
    from atlaspress.core.cache import diagnostic_from_data

    if not isinstance(value, dict):
        raise TypeError("expected an object")
    pos = value["positions"]
    start = value["start"]
    if not (isinstance(pos, dict) and isinstance(start, list) and len(start) == 2
            and all(type(v) is int for v in start)):
        raise TypeError("expected positions")
    positions = Positions(keys=_table(pos["keys"]), values=_table(pos["values"]), start=(start[0], start[1]),
                          texts=_table(pos["texts"]))
    fields = ("body", "content_hash", "front_hash")
    if not all(isinstance(value[name], str) for name in fields) or type(value["body_line"]) is not int:
        raise TypeError("expected the post's text and hashes")
    assets = value["assets"]
    if not isinstance(assets, list) or not all(isinstance(a, str) for a in assets):
        raise TypeError("expected a list of files")
    diagnostics = value["diagnostics"]
    if not isinstance(diagnostics, list):
        raise TypeError("expected a list of diagnostics")
    post = {
        "front": PlacedFrontMatter.model_validate(value["data"]),
        "body": value["body"],
        "body_line": value["body_line"],
        "content_hash": value["content_hash"],
        "front_hash": value["front_hash"],
        "assets": tuple(assets),
        "positions": positions,
    }
    return post, [diagnostic_from_data(d, src_path) for d in diagnostics]
