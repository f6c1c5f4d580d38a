"""Stage 5, write: put the rendered files on disk, all at once or not at all.

Files go to a temporary folder beside the target (same filesystem, so renames are
atomic). Only when every file is written is the old output moved aside and the new one
renamed into place; a build that fails or is killed half-way leaves the previous site
untouched, and the next build sweeps up the leftovers.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from atlaspress.errors import BuildError

_STAGING_PREFIX = ".atlaspress-staging-"
_RETIRED_PREFIX = ".atlaspress-retired-"


def _check_dest(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BuildError(f"refusing to write {name!r} outside the output folder")
    return rel


def _sweep(parent: Path, target: Path) -> None:
    """Remove staging and retired folders left by an interrupted earlier build."""
    for leftover in parent.glob(f"{_STAGING_PREFIX}{target.name}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    retired = sorted(parent.glob(f"{_RETIRED_PREFIX}{target.name}-*"), key=lambda p: p.stat().st_mtime)
    if retired and not target.exists():
        # Killed between the two renames: the retired folder is the last good site.
        os.replace(retired.pop(), target)
    for leftover in retired:
        shutil.rmtree(leftover, ignore_errors=True)


def write_site(files: Mapping[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` with exactly ``files`` (POSIX relative path → bytes)."""
    out_dir = out_dir.absolute()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"{out_dir} exists and is not a folder")
    _sweep(parent, out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{out_dir.name}-", dir=parent))
    try:
        for name in sorted(files):
            dest = staging.joinpath(*_check_dest(name).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(files[name])
        # mkdtemp creates 0700; a published site must be readable by a web server.
        os.chmod(staging, 0o755)
        retired = None
        if out_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f"{_RETIRED_PREFIX}{out_dir.name}-", dir=parent))
            os.rmdir(retired)
            os.replace(out_dir, retired)
        os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
