"""Writing imported posts and pages: YAML front matter through a safe dumper, files checked.

``content/places/<slug>/index.md`` for a post (with the images it uses beside it) and
``content/pages/<slug>.md`` for a page. The front matter is written by PyYAML's
``SafeDumper`` with aliases turned off (atlaspress refuses ``&anchors``), Unicode kept as
it is, multi-line text as ``|`` blocks and one value a line; whatever a title holds (quotes,
``: ``, ``#``, a leading ``-``, bidi overrides) is quoted by the dumper, never by hand.

A bundle is recognised on a later import by the ``/?p=ID`` among its ``aliases``: it is
skipped, or rewritten with ``--update``; nothing else already in the site is overwritten,
and nothing is written through a symbolic link or outside the site.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from atlaspress.core.errors import ContentError, display_path

PLACES = Path("content") / "places"
PAGES = Path("content") / "pages"
_ID_ALIAS = re.compile(r"[?&](p|page_id)=(\d+)$")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value.strip("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def front_matter(data: Mapping[str, Any]) -> str:
    """``---`` + YAML + ``---``: the block at the top of a post or page."""
    text = yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100000)
    return f"---\n{text}---\n"


def document(data: Mapping[str, Any], body: str) -> str:
    return front_matter(data) + ("\n" + body if body.strip() else "")


def known_ids(site: Path) -> dict[str, Path]:
    """``post:123`` / ``page:45`` → the file an earlier import wrote for that WordPress id."""
    from atlaspress.content.frontmatter import parse_document

    found: dict[str, Path] = {}
    candidates = sorted((site / PLACES).glob("*/index.md")) + sorted((site / PAGES).glob("*.md"))
    for path in candidates:
        try:
            data = parse_document(path.read_text(encoding="utf-8"), display_path(path)).data
        except (ContentError, OSError, UnicodeDecodeError):
            continue
        aliases = data.get("aliases") if isinstance(data, dict) else None
        for alias in aliases if isinstance(aliases, list) else []:
            match = _ID_ALIAS.search(str(alias))
            if match:
                kind = "post" if match[1] == "p" else "page"
                found.setdefault(f"{kind}:{match[2]}", path)
    return found


def _inside(path: Path, site: Path) -> None:
    probe = path
    root = site.resolve()
    while probe != site and probe != probe.parent:
        if probe.is_symlink():
            raise ContentError.at(display_path(path), 1, 1, "wordpress.write", "will not write through a symbolic link",
                                  "remove the link from the site folder and import again")
        probe = probe.parent
    try:
        path.resolve().relative_to(root)
    except ValueError:
        raise ContentError.at(display_path(path), 1, 1, "wordpress.write", "the file would be written outside the site",
                              ) from None


def write_text(path: Path, text: str, site: Path) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file renamed over it)."""
    _inside(path, site)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_files(bundle: Path, files: Mapping[str, Path], site: Path) -> int:
    """Copy the uploads a post uses into its bundle; a file already there with other bytes is
    kept when it was not written by an import (the post then links to ``name-2``)."""
    copied = 0
    for name, source in sorted(files.items()):
        target = bundle / name
        _inside(target, site)
        if target.exists() and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied += 1
    return copied
