"""Content-addressed cache entries: data only (JSON values or bytes), read as untrusted input.

Every per-post product of a build (Markdown HTML, the detail basemap, the search index, …)
is kept under ``<cache>/<kind>/<key[:2]>/<key>.json|.bin``, where ``key`` is a hash of
everything the product is made from (:func:`key`). A site folder may come from anyone, its
cache too, so an entry is never more than data: JSON parsed with a size bound, or bytes.

An entry also carries an HMAC of its kind, key and payload made with a secret of this user
on this machine (:func:`secret`, kept outside every site, in the user's cache folder). An
entry that is unreadable, too large, of another kind or key, or whose MAC does not match —
tampered with, torn, or planted in a site folder made elsewhere, say one whose cached
"Markdown HTML" carries a script — is a miss: the product is made again and the entry
overwritten. Callers check the shape of what a JSON entry holds as well (see
:mod:`atlaspress.core.cache`). Nothing here unpickles, evaluates or imports what it reads.

A :class:`Store` also remembers, in memory, what it has read or written, so the dev server
(one process, many builds) reads each entry once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

MAX_JSON_BYTES = 32 * 1024 * 1024  # a planted huge file (or /dev/zero) is a miss, not a hang
MAX_BYTES = 64 * 1024 * 1024
_BYTES_MAGIC = b"atlaspress-bytes "
_JSON_MAGIC = b"atlaspress-json "
MEMORY_LIMIT = 50_000  # entries kept in memory; beyond it the oldest half is forgotten
# Bytes of entries (as stored on disk) kept in memory, by default and for a dev server, which
# reads every unchanged post's entries again on each save. Beyond it the oldest are forgotten
# until half is left: held without bound, a 10,000-post build kept every basemap and rendered
# text it had read or written, hundreds of megabytes, to the end.
MEMORY_BYTES = 256 * 2**20


SECRET_ENV = "ATLASPRESS_CACHE_SECRET"  # a file to read the secret from (tests, shared caches)


@functools.lru_cache(maxsize=4)
def _secret_at(path: str) -> bytes:
    target = Path(path)
    try:
        data = target.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    data = secrets.token_hex(32).encode()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except FileExistsError:  # another build made it first: use theirs
        return target.read_bytes()
    except OSError:
        pass  # no writable home: entries of this process are trusted by this process only
    return data


def secret() -> bytes:
    """This user's cache secret: ``$ATLASPRESS_CACHE_SECRET`` (a path), else
    ``~/.cache/atlaspress/cache-secret``, made (mode 600) on first use."""
    return _secret_at(_secret_path(os.environ.get(SECRET_ENV), os.environ.get("XDG_CACHE_HOME")))


@functools.lru_cache(maxsize=4)
def _secret_path(given: str | None, xdg: str | None) -> str:
    if given:
        return given
    return str(Path(xdg or str(Path.home() / ".cache")) / "atlaspress" / "cache-secret")


def mac(*parts: str | bytes) -> str:
    """HMAC-SHA256 of ``parts`` (length-prefixed) under :func:`secret`."""
    digest = hmac.new(secret(), digestmod=hashlib.sha256)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    """The SHA-256 of ``parts``, each length-prefixed so ``("ab", "c")`` ≠ ``("a", "bc")``."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1 << 16)
def short_key(*parts: str) -> str:
    """:func:`key` of a few short strings, remembered: the keys a build derives from each
    post's hash (of its front matter, card, thumbnail …) come again in the dev server's
    next build, ten or so per post, and are looked up instead of hashed again."""
    return key(*parts)


def canonical(value: Any) -> bytes:
    """Deterministic JSON bytes (sorted keys, no spaces): what entries and their hashes use."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Store:
    """Entries under ``root`` (``None``: in memory only, e.g. ``check`` on a read-only site)."""

    def __init__(self, root: Path | None, memory_bytes: int | None = None) -> None:
        self.root = root
        self.memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes
        self._memory: dict[tuple[str, str], Any] = {}
        self._sizes: dict[tuple[str, str], int] = {}
        self._held = 0  # bytes of the entries in _memory
        self.reads = 0  # entries read from disk (hits), for tests and benchmarks
        self.writes = 0

    def _path(self, kind: str, entry: str, suffix: str) -> Path:
        assert self.root is not None
        return self.root / kind / entry[:2] / f"{entry}{suffix}"

    def _remember(self, kind: str, entry: str, value: Any, size: int) -> None:
        """Keep ``value`` (``size`` bytes on disk) in memory, forgetting the oldest entries
        when there are too many or they hold too many bytes."""
        name = (kind, entry)
        if name in self._memory:
            del self._memory[name]
            self._held -= self._sizes.pop(name)
        if size > self.memory_bytes // 2:
            return  # read again from disk when asked for
        if len(self._memory) >= MEMORY_LIMIT or self._held + size > self.memory_bytes:
            for old in list(self._memory):
                if len(self._memory) <= MEMORY_LIMIT // 2 and self._held + size <= self.memory_bytes // 2:
                    break
                del self._memory[old]
                self._held -= self._sizes.pop(old)
        self._memory[name] = value
        self._sizes[name] = size
        self._held += size

    # -- JSON -----------------------------------------------------------------------------
    # A JSON entry is one line of header (``atlaspress-json <kind> <key> <mac>``) and the
    # payload: the MAC is checked on the bytes as read, before anything is parsed.
    def get_json(self, kind: str, entry: str, check: Callable[[Any], T]) -> T | None:
        """The value stored under ``(kind, entry)`` passed through ``check`` (which raises
        ``ValueError``/``TypeError``/``KeyError`` on a value of the wrong shape), or ``None``."""
        if (kind, entry) in self._memory:
            return self._memory[(kind, entry)]  # type: ignore[no-any-return]
        if self.root is None:
            return None
        try:
            with self._path(kind, entry, ".json").open("rb") as fh:
                raw = fh.read(MAX_JSON_BYTES + 200)
            head, newline, payload = raw.partition(b"\n")
            if not newline or len(payload) > MAX_JSON_BYTES or not head.startswith(_JSON_MAGIC):
                return None
            if not hmac.compare_digest(head[len(_JSON_MAGIC):], f"{kind} {entry} {mac(kind, entry, payload)}".encode()):
                return None  # tampered with, or made elsewhere
            value = check(json.loads(payload.decode("utf-8")))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
            return None
        self.reads += 1
        self._remember(kind, entry, value, len(payload))
        return value

    def put_json(self, kind: str, entry: str, data: Any, value: Any = None) -> None:
        """Store ``data`` (JSON-able); ``value`` is what :meth:`get_json` returns from memory
        (the checked form of ``data``; ``data`` itself when omitted)."""
        if self.root is None:
            self._remember(kind, entry, data if value is None else value, 0)
            return
        payload = canonical(data)
        self._remember(kind, entry, data if value is None else value, len(payload))
        head = _JSON_MAGIC + f"{kind} {entry} {mac(kind, entry, payload)}\n".encode()
        try:
            _write_atomic(self._path(kind, entry, ".json"), head + payload)
            self.writes += 1
        except OSError:
            pass  # a cache that cannot be written (a read-only site) only costs time

    # -- bytes ----------------------------------------------------------------------------
    def get_bytes(self, kind: str, entry: str) -> bytes | None:
        if (kind, entry) in self._memory:
            return self._memory[(kind, entry)]  # type: ignore[no-any-return]
        if self.root is None:
            return None
        try:
            with self._path(kind, entry, ".bin").open("rb") as fh:
                raw = fh.read(MAX_BYTES + 200)
        except OSError:
            return None
        head, newline, data = raw.partition(b"\n")
        if not newline or not head.startswith(_BYTES_MAGIC) or len(data) > MAX_BYTES:
            return None
        if not hmac.compare_digest(head[len(_BYTES_MAGIC):], f"{kind} {entry} {mac(kind, entry, data)}".encode()):
            return None
        self.reads += 1
        self._remember(kind, entry, data, len(data))
        return data

    def put_bytes(self, kind: str, entry: str, data: bytes) -> None:
        self._remember(kind, entry, data, len(data))
        if self.root is None:
            return
        head = _BYTES_MAGIC + f"{kind} {entry} {mac(kind, entry, data)}\n".encode()
        try:
            _write_atomic(self._path(kind, entry, ".bin"), head + data)
            self.writes += 1
        except OSError:
            pass

    def forget(self) -> None:
        """Drop what is remembered in memory (the disk entries stay)."""
        self._memory.clear()
        self._sizes.clear()
        self._held = 0


def cached_json(store: Store | None, kind: str, entry: str, make: Callable[[], Any],
                check: Callable[[Any], T]) -> T:
    """``check(make())`` unless the store has it; stored on a miss."""
    if store is not None:
        hit = store.get_json(kind, entry, check)
        if hit is not None:
            return hit
    data = make()
    value = check(data)
    if store is not None:
        store.put_json(kind, entry, data, value)
    return value


def cached_bytes(store: Store | None, kind: str, entry: str, make: Callable[[], bytes]) -> bytes:
    if store is not None:
        hit = store.get_bytes(kind, entry)
        if hit is not None:
            return hit
    data = make()
    if store is not None:
        store.put_bytes(kind, entry, data)
    return data
