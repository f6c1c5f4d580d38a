"""The dependency record of an output folder: what every file in it was made from.

After each build, ``<cache>/outputs/<folder>.json`` records for every output file the key of
its inputs (:class:`atlaspress.render.RenderedSite`), the posts and site-wide lists it shows
(``post:kaesong``, ``list:tag``, ``feed`` …), and the file's size, modification time and
inode as written. The next build of the same folder renders only the outputs whose key
changed, keeps the others where they are and patches the changed ones in, or hard-links the
kept ones into a new folder when most files change (:func:`atlaspress.output.write.write_site`).

A file is trusted to be what the record says only while its ``lstat`` still matches: a file
edited, replaced or turned into a link since (by hand, by another tool, by a build of another
checkout) is made again. The record itself is a cache entry (:mod:`atlaspress.core.store`):
JSON, checked field by field; anything else is no record, and the build is a full one.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atlaspress.core.store import Store, key

KIND = "outputs"
FORMAT = 2

Stamp = tuple[int, int, int]  # size, mtime_ns, inode


@dataclass(frozen=True)
class Record:
    key: str
    stamp: Stamp
    inputs: tuple[str, ...]
    recipe: str = ""  # a post or embed page's short key (atlaspress.render.pages._post_pages), else ""


def stamp_of(path: Path) -> Stamp | None:
    """``(size, mtime_ns, inode)`` of a regular file that is not a link, else ``None``."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _entry(out_dir: Path) -> str:
    return key("outputs", str(FORMAT), os.path.realpath(out_dir))


def _check(value: Any) -> dict[str, Record]:
    if not isinstance(value, dict) or set(value) != {"format", "outputs"} or value["format"] != FORMAT:
        raise ValueError("not an output record")
    outputs = value["outputs"]
    if not isinstance(outputs, dict):
        raise TypeError("expected an object")
    records = {}
    for path, item in outputs.items():
        output_key, size, mtime, inode, inputs, recipe = item
        if not (isinstance(path, str) and isinstance(output_key, str) and isinstance(inputs, list)
                and all(type(v) is int for v in (size, mtime, inode))
                and all(isinstance(v, str) for v in inputs) and isinstance(recipe, str)):
            raise TypeError("expected [key, size, mtime_ns, inode, inputs, recipe]")
        records[path] = Record(output_key, (size, mtime, inode), tuple(inputs), recipe)
    return records


def load_record(store: Store | None, out_dir: Path) -> dict[str, Record]:
    """The record of the last build of ``out_dir`` (empty when there is none or it is bad)."""
    if store is None:
        return {}
    return store.get_json(KIND, _entry(out_dir), _check) or {}


def still_there(records: Mapping[str, Record], out_dir: Path) -> dict[str, str]:
    """``path -> key`` for every recorded file that is still exactly as written."""
    kept = {}
    root = str(out_dir)
    lstat, regular = os.lstat, stat.S_ISREG
    for path, record in records.items():  # plain strings: this runs for every file of the site
        try:
            st = lstat(os.path.join(root, *path.split("/")))
        except OSError:
            continue
        if regular(st.st_mode) and (st.st_size, st.st_mtime_ns, st.st_ino) == record.stamp:
            kept[path] = record.key
    return kept


def save_record(store: Store | None, out_dir: Path, records: Mapping[str, Record]) -> None:
    """Keep ``records`` as the record of ``out_dir`` (on disk, and in memory as they are)."""
    if store is None:
        return
    outputs = {path: [r.key, *r.stamp, list(r.inputs), r.recipe] for path, r in sorted(records.items())}
    store.put_json(KIND, _entry(out_dir), {"format": FORMAT, "outputs": outputs}, dict(records))
