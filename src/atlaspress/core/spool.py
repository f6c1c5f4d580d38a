"""Output files by path, held in memory up to a budget and on disk beyond it.

A build renders every output before writing any (so a failed build writes nothing), and a
cold build of a big site makes more bytes than it should hold: about 180 MB a thousand
posts, nearly 2 GB at 10,000. :class:`Spool` is the mapping the render and index stages put
their files in: the first :data:`MEMORY_BYTES` stay in memory, where a small build or an edit
keeps all of them, and every file after that is written to a private temporary folder and read
back when asked for (by the search index, by :func:`atlaspress.output.write.write_site`).
Names, order and bytes are the same either way, so the output does not depend on the budget.

The folder is the process's own (:func:`tempfile.mkdtemp`, mode 700, in the system's temporary
folder, never near the site) and is removed when the spool is closed or garbage collected, or
when the process exits.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator, MutableMapping

MEMORY_BYTES = 96 * 2**20
"""Bytes a spool holds in memory before it writes files to disk: an edit of a 10,000-post
site renders a few megabytes, a cold build of 1,000 posts about 180 MB."""


class Spool(MutableMapping[str, bytes]):
    """A ``path -> bytes`` mapping whose values beyond ``memory`` bytes wait on disk.

    Iteration follows insertion order (:meth:`sort` puts the names in order without reading
    any file); reading a name on disk reads its file each time, so nothing read piles up.
    """

    def __init__(self, items: Iterable[tuple[str, bytes]] = (), *, memory: int | None = None) -> None:
        self.memory = MEMORY_BYTES if memory is None else memory
        self._held: dict[str, bytes] = {}
        self._spilled: dict[str, str] = {}  # name -> its file in the folder
        self._names: dict[str, None] = {}  # every name, in order
        self._held_bytes = 0
        self._folder: str | None = None
        self._count = 0
        self._finalizer: weakref.finalize | None = None
        self.update(items)

    @property
    def spilled(self) -> int:
        """How many values are on disk (for tests and benchmarks)."""
        return len(self._spilled)

    def _file(self) -> str:
        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="atlaspress-spool-")
            self._finalizer = weakref.finalize(self, shutil.rmtree, self._folder, ignore_errors=True)
        self._count += 1
        return os.path.join(self._folder, str(self._count))

    def __setitem__(self, name: str, data: bytes) -> None:
        if name in self._names:
            self._forget(name)
        self._names[name] = None
        if self._held_bytes + len(data) <= self.memory:
            self._held[name] = data
            self._held_bytes += len(data)
            return
        path = self._file()
        with open(path, "wb") as fh:
            fh.write(data)
        self._spilled[name] = path

    def __getitem__(self, name: str) -> bytes:
        held = self._held.get(name)
        if held is not None:
            return held
        path = self._spilled.get(name)
        if path is None:
            raise KeyError(name)
        with open(path, "rb") as fh:
            return fh.read()

    def _forget(self, name: str) -> None:
        held = self._held.pop(name, None)
        if held is not None:
            self._held_bytes -= len(held)
        path = self._spilled.pop(name, None)
        if path is not None:
            os.unlink(path)

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        self._forget(name)
        del self._names[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def sort(self) -> None:
        """Put the names in sorted order (what a build's ``output`` lists)."""
        self._names = dict.fromkeys(sorted(self._names))

    def close(self) -> None:
        """Remove the folder; the mapping is empty afterwards."""
        if self._finalizer is not None:
            self._finalizer()
        self._held.clear()
        self._spilled.clear()
        self._names.clear()
        self._held_bytes = 0
        self._folder = None
        self._finalizer = None

    def __repr__(self) -> str:
        return f"Spool({len(self)} files, {len(self._spilled)} on disk)"
