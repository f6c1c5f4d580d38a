"""Stage 5, write: put the rendered files on disk, all at once or not at all.

Files go to a temporary folder beside the target (same filesystem, so renames are
atomic). Only when every file is written is the old output moved aside and the new one
renamed into place; a build that fails or is killed half-way leaves the previous site
untouched, and the next build sweeps up the leftovers. An incremental build that changes
few files (an edit) stages just those and renames each over its namesake in the existing
folder (:func:`_patch`): the same guarantee while writing, without copying the site.

The output folder is replaced wholesale, so atlaspress only ever replaces a folder that
is missing, empty, or marked by :data:`MARKER_NAME` as its own earlier output, and never
the site itself (:func:`check_output_folder`). Writers of one output folder take turns:
each holds a lock file beside it (:func:`output_lock`) while it sweeps leftovers and
swaps the new site in, so no build removes the staging folder of another that is running.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from atlaspress.core.errors import BuildError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locking between builds
    fcntl = None  # type: ignore[assignment]

_STAGING_PREFIX = ".atlaspress-staging-"
_RETIRED_PREFIX = ".atlaspress-retired-"
_LOCK_PREFIX = ".atlaspress-lock-"  # "." and ".atlaspress-": the dev server's watcher ignores it
_TEMP_SUFFIX_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")  # what mkdtemp appends

MARKER_NAME = ".atlaspress-output"
"""Written into every output folder; only a folder carrying it may be replaced when not empty."""
MARKER_BYTES = b'{"generator": "atlaspress", "note": "this folder is replaced by every atlaspress build"}\n'
LOCK_TIMEOUT = 120.0
"""Seconds a build waits for another one writing the same output folder."""

SITE_CONFIG = "atlaspress.toml"
CONTENT_DIR = "content"


class OutputFolderError(BuildError):
    """The output folder may not be replaced; nothing was written or removed."""

    def __init__(self, folder: Path, message: str, hint: str) -> None:
        self.folder, self.message, self.hint = folder, message, hint
        super().__init__(self.format())

    def format(self) -> str:
        """``folder: error[out]: message`` and a hint line, like every diagnostic."""
        return f"{shown(self.folder)}: error[out]: {self.message}\n  hint: {self.hint}"


def shown(path: Path) -> str:
    """A folder as the author named it: relative to the working directory when inside it.

    Unlike :func:`~atlaspress.core.errors.display_path`, symlinks are not resolved: a link
    named on the command line is shown by its own name.
    """
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd())) or "."
        except ValueError:
            return str(path)
    return str(path)


def is_marked(folder: Path) -> bool:
    """Whether ``folder`` holds the marker an atlaspress build writes into its output."""
    marker = folder / MARKER_NAME
    try:
        if marker.is_symlink() or not marker.is_file():
            return False
        with marker.open("rb") as fh:
            data = json.loads(fh.read(4096))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == "atlaspress"


def check_output_folder(site_dir: Path, out_dir: Path) -> None:
    """Raise :class:`OutputFolderError` unless building ``site_dir`` may replace ``out_dir``.

    Allowed: a folder that is missing, empty, or marked as an earlier atlaspress output.
    Never the site folder, a folder inside its ``content/``, a folder that contains the
    site (an ancestor) or a site configuration. Symlinks are resolved before comparing.
    Reads only; call it before anything is computed or written.
    """
    out = Path(os.path.realpath(out_dir))
    site = Path(os.path.realpath(site_dir))
    content = Path(os.path.realpath(site / CONTENT_DIR))
    default = shown(Path(site_dir) / "public")
    elsewhere = f"build into a folder of its own: leave out --out to use {default}"
    if out == site:
        raise OutputFolderError(
            out_dir, "the output folder is the site folder; a build would delete the site", elsewhere)
    if out == content or out.is_relative_to(content):
        raise OutputFolderError(
            out_dir, "the output folder is inside the site's content folder; a build would delete posts",
            elsewhere)
    if site.is_relative_to(out):
        raise OutputFolderError(
            out_dir, "the output folder contains the site folder; a build would delete the site", elsewhere)
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputFolderError(
            out_dir, "the output folder is a file",
            "give a folder that is missing, empty, or an earlier atlaspress output")
    if (out / SITE_CONFIG).exists():
        raise OutputFolderError(
            out_dir, f"the output folder holds a site configuration ({SITE_CONFIG}); a build would delete it",
            elsewhere)
    try:
        empty = not any(out.iterdir())
    except OSError as exc:
        raise OutputFolderError(
            out_dir, f"cannot read the output folder: {exc.strerror or exc}",
            "give a folder you can read and write") from exc
    if not empty and not is_marked(out):
        raise OutputFolderError(
            out_dir,
            f"the output folder is not empty and was not written by atlaspress (no {MARKER_NAME} file); "
            "a build would delete what is in it",
            "give a missing or empty folder; if an older atlaspress built it, delete it once and build again")


def _check_dest(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BuildError(f"refusing to write {name!r} outside the output folder")
    return rel


def _leftovers(parent: Path, prefix: str) -> list[Path]:
    """Folders named ``prefix`` + a mkdtemp suffix: never those of an output named ``<name>-x``."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return []
    return [p for p in entries
            if p.name.startswith(prefix) and len(p.name) > len(prefix)
            and set(p.name[len(prefix):]) <= _TEMP_SUFFIX_CHARS and not p.is_symlink() and p.is_dir()]


def _sweep(parent: Path, target: Path) -> None:
    """Remove staging and retired folders left by an interrupted earlier build.

    Called with the output lock held: every running writer of ``target`` holds it while its
    staging and retired folders exist, so whatever is found here belongs to a dead build.
    """
    for leftover in _leftovers(parent, f"{_STAGING_PREFIX}{target.name}-"):
        shutil.rmtree(leftover, ignore_errors=True)
    retired = sorted(_leftovers(parent, f"{_RETIRED_PREFIX}{target.name}-"), key=lambda p: p.stat().st_mtime)
    if retired and not target.exists():
        # Killed between the two renames: the retired folder is the last good site.
        os.replace(retired.pop(), target)
    for leftover in retired:
        shutil.rmtree(leftover, ignore_errors=True)


def lock_path(out_dir: Path) -> Path:
    """The lock file of ``out_dir``: beside it, never inside it."""
    out_dir = out_dir.absolute()
    return out_dir.parent / f"{_LOCK_PREFIX}{out_dir.name}"


@contextmanager
def output_lock(out_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of ``out_dir`` (waiting up to ``timeout`` seconds for another build).

    An exclusive ``flock`` on a file beside the output; the holder deletes the file when
    done, and a waiter that locked a file since deleted starts over, so one path never
    has two holders.
    """
    path = lock_path(out_dir)
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    if fcntl is None:  # pragma: no cover
        yield
        return
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            if time.monotonic() >= deadline:
                raise OutputFolderError(
                    out_dir, f"another atlaspress build is writing to the output folder; waited {timeout:g} s",
                    f"let the other build finish, then build again (its lock is {shown(path)})",
                ) from None
            time.sleep(0.05)
            continue
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the previous holder removed this file as we locked it: lock the new one
    try:
        yield
    finally:
        try:
            os.unlink(path)
        finally:
            os.close(fd)


class StaleOutput(BuildError):
    """A file the build meant to keep from the previous output changed meanwhile."""


Stamp = tuple[int, int, int]  # size, mtime_ns, inode (atlaspress.output.manifest)


def _stamp(path: Path) -> Stamp:
    st = os.lstat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def write_site(files: Mapping[str, bytes], out_dir: Path, *,
               guard: Callable[[Path], None] | None = None, lock_timeout: float | None = None,
               keep: Mapping[str, Stamp] | None = None) -> dict[str, Stamp]:
    """Replace ``out_dir`` with exactly ``files`` (POSIX relative path → bytes) and ``keep``.

    ``keep`` names files of the current ``out_dir`` that stay as they are, each with the
    ``(size, mtime_ns, inode)`` it must still have. When they are most of the site, ``files``
    are patched into the folder as it is (:func:`_patch`); otherwise the kept files are
    hard-linked into a new folder (copied where the filesystem has no hard links) that is
    swapped in atomically. A kept file that no longer matches raises
    :class:`StaleOutput` before anything is swapped. Returns the stamp of every file of the
    new folder.

    ``guard`` (e.g. a :func:`check_output_folder` call) runs before anything is touched and
    again with the output lock held, before the leftovers of earlier builds are swept.
    """
    keep = keep or {}
    out_dir = out_dir.absolute()
    parent = out_dir.parent
    if guard is not None:
        guard(out_dir)
    parent.mkdir(parents=True, exist_ok=True)
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"{out_dir} exists and is not a folder")
    with output_lock(out_dir, lock_timeout):
        if guard is not None:
            guard(out_dir)
        _sweep(parent, out_dir)
        if _patchable(files, keep, out_dir):
            return _patch(files, keep, out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{out_dir.name}-", dir=parent))
        stamps: dict[str, Stamp] = {}
        folders: set[str] = {str(staging)}
        old_root, new_root = str(out_dir), str(staging)
        try:
            # Plain strings, not Path objects: this loop runs for every file of the site.
            for name in sorted(keep):
                if name in files:
                    continue
                rel = os.path.join(*_check_dest(name).parts)
                source, dest = os.path.join(old_root, rel), os.path.join(new_root, rel)
                try:
                    st = os.lstat(source)
                    same = (st.st_size, st.st_mtime_ns, st.st_ino) == keep[name]
                except OSError:
                    same = False
                if not same:
                    raise StaleOutput(f"{name} changed in {out_dir} during the build")
                folder = os.path.dirname(dest)
                if folder not in folders:
                    os.makedirs(folder, exist_ok=True)
                    folders.add(folder)
                try:
                    os.link(source, dest, follow_symlinks=False)
                    stamps[name] = keep[name]
                except OSError:  # no hard links here (or another filesystem): a copy
                    shutil.copyfile(source, dest, follow_symlinks=False)
                    stamps[name] = _stamp(Path(dest))
            for name in sorted(files):
                dest_path = os.path.join(new_root, *_check_dest(name).parts)
                folder = os.path.dirname(dest_path)
                if folder not in folders:
                    os.makedirs(folder, exist_ok=True)
                    folders.add(folder)
                with open(dest_path, "wb") as fh:
                    fh.write(files[name])
                stamps[name] = _stamp(Path(dest_path))
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
        if retired is not None and retired.is_symlink():
            os.unlink(retired)  # the output was a link to a folder: drop the link, keep its target
        elif retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    return stamps


PATCH_SHARE = 2
"""An incremental build replaces files in place when it changes at most one file in this many
(:func:`_patch`): an edit, even one that re-indexes search. A bigger change (a new theme, a
changed setting) swaps the whole folder, so a reader never sees a half-changed site."""


def _patchable(files: Mapping[str, bytes], keep: Mapping[str, Stamp], out_dir: Path) -> bool:
    """Whether this write may replace files in place: most of the site is kept, and the output
    is a real folder of ours (never a link, whose target a swap would leave untouched)."""
    if not keep or len(files) * PATCH_SHARE > len(keep) + len(files):
        return False
    return out_dir.is_dir() and not out_dir.is_symlink() and os.path.isfile(os.path.join(out_dir, MARKER_NAME))


def _patch(files: Mapping[str, bytes], keep: Mapping[str, Stamp], out_dir: Path) -> dict[str, Stamp]:
    """Write ``files`` into the existing ``out_dir`` one atomic rename each; keep ``keep``.

    Every new file is first written whole into a staging folder beside the output (so a
    failure or a kill while writing leaves the previous site untouched, as a swap does); then,
    with every kept file checked against its stamp, each staged file replaces its namesake
    with :func:`os.replace`, new files before pages that may link to them, and only then are
    the files the site no longer has removed. A kill during those renames (milliseconds for
    an edit) leaves some files new and some old; the record of the last build is written
    after this returns, so the next build finds the changed stamps and writes them again,
    and removes any file it did not make. Returns the stamp of every file of the folder.
    """
    root = str(out_dir)
    stamps: dict[str, Stamp] = {}
    for name, stamp in keep.items():  # names from the build's own record: plain joins
        if name in files:
            continue
        try:
            st = os.lstat(os.path.join(root, *name.split("/")))
            same = (st.st_size, st.st_mtime_ns, st.st_ino) == stamp
        except OSError:
            same = False
        if not same:
            raise StaleOutput(f"{name} changed in {out_dir} during the build")
        stamps[name] = stamp
    staging = tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{out_dir.name}-", dir=out_dir.parent)
    try:
        staged: list[tuple[str, str, str]] = []  # (name, staged file, destination)
        for number, name in enumerate(sorted(files)):
            dest = os.path.join(root, *_check_dest(name).parts)
            temp = os.path.join(staging, str(number))
            with open(temp, "wb") as fh:
                fh.write(files[name])
            staged.append((name, temp, dest))
        # Files new to the site first (an asset a changed page links to), then the rest.
        staged.sort(key=lambda item: (os.path.lexists(item[2]), item[0]))
        folders = {root}
        for name, temp, dest in staged:
            _own_folder(root, os.path.dirname(dest), folders)
            if os.path.isdir(dest) and not os.path.islink(dest):
                raise StaleOutput(f"a folder is in the way of {name} in {out_dir}")
            os.replace(temp, dest)
            st = os.lstat(dest)
            stamps[name] = (st.st_size, st.st_mtime_ns, st.st_ino)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_strays(root, set(stamps))
    return stamps


def _own_folder(root: str, folder: str, known: set[str]) -> None:
    """Make ``folder`` (under ``root``) as real folders, refusing a link on the way: a file is
    never written through a link planted in the output."""
    if folder in known:
        return
    parent = os.path.dirname(folder)
    if parent != folder and parent.startswith(root):
        _own_folder(root, parent, known)
    if os.path.islink(folder) or (os.path.lexists(folder) and not os.path.isdir(folder)):
        raise StaleOutput(f"{folder} is not a folder of this output")
    if not os.path.lexists(folder):
        os.mkdir(folder)
    known.add(folder)


def _remove_strays(root: str, wanted: set[str]) -> None:
    """Remove every file under ``root`` that is not ``wanted`` (POSIX relative paths), and the
    folders that leaves empty: what the site no longer has, or a half-finished patch wrote."""

    def walk(folder: str, prefix: str) -> bool:  # True: the folder is empty now
        empty = True
        with os.scandir(folder) as entries:
            children = list(entries)
        for entry in children:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if walk(entry.path, name + "/"):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif name in wanted:
                empty = False
            else:
                os.unlink(entry.path)
        return empty

    walk(root, "")
