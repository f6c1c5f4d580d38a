"""Whether a build would change nothing, answered from file stamps alone.

The incremental build (:mod:`atlaspress.app.build`) already renders only what changed, but
to know that it must still read every post and every cache entry. Most builds of a blog
change nothing at all (a ``make`` in a hook, a second run, a CI job), and those can be
answered the way ``make`` and ``ninja`` answer them: after a clean build, the
``(path, size, mtime_ns, inode)`` of every input is recorded — every file of the site folder
except its output and cache folders and hidden entries, every file of the installed package
(code, theme, vendored data) and the versions of the libraries the output depends on. When
the next build finds the same stamps and every output file still as written, it has
nothing to do and says so.

Only a build with no diagnostics is recorded: one with warnings runs again, so they are
printed again. A file edited while a build runs has a different stamp from the one taken
before the build read it, so the next build runs.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from atlaspress import __version__
from atlaspress.app.result import CACHE_DIR, BuildResult
from atlaspress.core.cache import LIBRARIES, PACKAGE_DIR
from atlaspress.core.errors import Report
from atlaspress.core.store import Store, key
from atlaspress.output.manifest import Record, still_there
from atlaspress.output.write import is_marked, lock_path

KIND = "uptodate"
FORMAT = 1
# What the pages and the search index are made with, besides the geometry libraries.
RENDERING = ("jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "nh3", "pydantic", "pyyaml",
             "pagefind", "pagefind-bin", "brotli")  # fontTools is in core.cache.LIBRARIES


def _versions() -> list[str]:
    out = [sys.version, __version__]
    for name in (*LIBRARIES, *RENDERING):
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} -")
    return out


def _walk(root: Path, skip: set[str], digest: Any, prefix: str) -> None:
    """Feed the stamps of every file under ``root`` (sorted, hidden entries and ``skip`` left out)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__"
                         and os.path.realpath(os.path.join(folder, d)) not in skip)
        rel = os.path.relpath(folder, root)
        for name in sorted(files):
            if name.startswith("."):
                continue
            try:
                st = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            digest.update(f"{prefix}{rel}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0{st.st_mode}\n"
                          .encode("utf-8", "surrogateescape"))


def inputs_digest(site_dir: Path, out_dir: Path, cache_dir: Path, options: str = "") -> str:
    """One digest of the stamps of everything a build of ``site_dir`` into ``out_dir`` reads."""
    digest = hashlib.sha256("\0".join([*_versions(), os.path.realpath(out_dir), options]).encode())
    _walk(site_dir, {os.path.realpath(out_dir), os.path.realpath(cache_dir)}, digest, "site:")
    _walk(PACKAGE_DIR, set(), digest, "package:")
    return digest.hexdigest()


def _entry(out_dir: Path) -> str:
    return key(KIND, str(FORMAT), os.path.realpath(out_dir))


def _check(value: Any) -> dict[str, Any]:
    if (not isinstance(value, dict) or set(value) != {"format", "inputs", "pages", "files"}
            or value["format"] != FORMAT or not isinstance(value["inputs"], str)
            or not all(type(value[k]) is int for k in ("pages", "files"))):
        raise ValueError("not an up-to-date record")
    return value


def unchanged(store: Store, out_dir: Path, digest: str, records: Mapping[str, Record] | None) -> tuple[int, int] | None:
    """``(pages, files)`` of the last build when ``digest`` is the one it recorded and every
    output it wrote is still there as written; else ``None`` (the build must run)."""
    if not records:
        return None
    last = store.get_json(KIND, _entry(out_dir), _check)
    if last is None or last["inputs"] != digest or last["files"] != len(records):
        return None
    if len(still_there(records, out_dir)) != len(records) or not _only(records, out_dir):
        return None
    return last["pages"], last["files"]


def _only(records: Mapping[str, Record], out_dir: Path) -> bool:
    """Whether the output folder holds the recorded files (and the marker) and nothing else:
    a file or folder added there by hand is removed by a build, so it is not up to date."""
    from atlaspress.output.write import MARKER_NAME

    expected = {*records, MARKER_NAME}
    found: set[str] = set()
    found_dirs: set[str] = set()
    for folder, dirs, files in os.walk(out_dir):
        rel = os.path.relpath(folder, out_dir)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found_dirs.update(prefix + d for d in dirs)
        found.update(prefix + f for f in files)
        if len(found) > len(expected):
            return False
    return found == expected and found_dirs <= _ancestors(expected)


def _ancestors(paths: set[str]) -> set[str]:
    out = set()
    for path in paths:
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            out.add("/".join(parts[:i]))
    return out


def up_to_date(store: Store, out_dir: Path, digest: str, records: Mapping[str, Record] | None,
               started: float) -> BuildResult | None:
    """The result of a build that has nothing to do, or ``None`` when it must run."""
    import time

    if lock_path(out_dir).exists():  # another build is writing it: the output is about to change
        return None
    same = unchanged(store, out_dir, digest, records) if is_marked(out_dir) else None
    if same is None:
        return None
    return BuildResult(report=Report(), pages=same[0], files=same[1], written=True, up_to_date=True,
                       seconds=time.perf_counter() - started)


@dataclass
class QuickCheck:
    """What :func:`quick_build` found: the answer when nothing changed, else the digest and
    records it read, which the build goes on from (:class:`atlaspress.app.build.BuildSession`)
    instead of walking the site and reading the record a second time."""

    result: BuildResult | None
    digest: str | None = None
    records: dict[str, Record] | None = None


def quick_build(site_dir: Path, out_dir: Path) -> QuickCheck:
    """:func:`up_to_date` for a build of ``site_dir`` into ``out_dir`` from the command line,
    reading only the records and file stamps: no ``result`` means run the build
    (:func:`atlaspress.app.build.build_site`)."""
    import time

    from atlaspress.output.manifest import load_record

    started = time.perf_counter()
    store = Store(site_dir / CACHE_DIR)
    digest = inputs_digest(site_dir, out_dir, site_dir / CACHE_DIR)  # before anything else is read
    records = load_record(store, out_dir)
    if not records:
        return QuickCheck(None, digest, records)
    return QuickCheck(up_to_date(store, out_dir, digest, records, started), digest, records)


def remember(store: Store, out_dir: Path, digest: str | None, pages: int, files: int) -> None:
    """Record a clean build's input digest; ``None`` forgets it (the next build runs)."""
    data = {"format": FORMAT, "inputs": digest or "", "pages": pages, "files": files}
    store.put_json(KIND, _entry(out_dir), data, _check(data))
