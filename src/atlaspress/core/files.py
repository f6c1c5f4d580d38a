"""Small file-system helpers every stage may use (it imports nothing of atlaspress)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a new temporary file beside ``path``, then ``os.replace``.

    The temporary file is created with ``O_EXCL`` under a random name, so a symlink planted
    in a cache folder is never followed and a reader never sees half a file; its mode
    follows the umask.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
