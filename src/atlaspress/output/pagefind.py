"""Pagefind's indexing service (``pagefind --service``), spoken to directly and in turn.

The binary comes from PyPI (``pagefind[bin]``); its service reads requests on stdin and
writes answers on stdout, each a base64-encoded JSON object followed by a comma. The
package's own asyncio client waits 0.1 s before reading each answer, so the four requests
an index takes (new index, add a folder, write it, delete it) cost ~0.4 s however few
pages they hold — most of an edit's rebuild. Asking one question at a time and reading the
answer as soon as it comes, the same requests give the same index in the time Pagefind
itself takes. No event loop is involved, so a caller that runs one (an editor plugin,
Playwright in tests) is unaffected.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any


class PagefindError(RuntimeError):
    """The service could not be started, or answered with an error or not at all."""


def executable() -> Path:
    """The Pagefind binary the ``pagefind`` package finds (its ``[bin]`` extra, or on PATH)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise PagefindError("the Pagefind binary is not installed (pip install 'pagefind[bin]')")
    return found


class PagefindService:
    """One ``pagefind --service`` process; :meth:`index_folder` per index, then :meth:`close`."""

    def __init__(self) -> None:
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - its stderr, closed by close()
        try:
            self._proc = subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=self._log)
        except OSError as exc:
            self._log.close()
            raise PagefindError(f"cannot start Pagefind: {exc}") from exc
        self._next_id = 0
        self._pending = b""

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        proc = self._proc
        if proc.stdin is not None and not proc.stdin.closed:
            with contextlib.suppress(OSError):  # it stopped first, a request unread: nothing to tell it
                proc.stdin.close()
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a binary that ignores SIGTERM
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        self._log.close()

    def index_folder(self, pages: Path, output: Path, config: dict[str, Any]) -> int:
        """Index the HTML files under ``pages`` into ``output`` with ``config`` (Pagefind's
        service options, e.g. ``{"force_language": "en"}``); the number of pages indexed."""
        made = self.request({"type": "NewIndex", "config": config})
        index_id = made["index_id"]
        try:
            added = self.request({"type": "AddDir", "index_id": index_id, "path": str(pages), "glob": None})
            self.request({"type": "WriteFiles", "index_id": index_id, "output_path": str(output)})
        finally:
            self.request({"type": "DeleteIndex", "index_id": index_id})
        return int(added.get("page_count", 0))

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer (the answer's payload)."""
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")  # a comma ends it
            stdin.flush()
        except OSError as exc:
            raise PagefindError(f"Pagefind stopped: {exc}{self._stderr()}") from exc
        while True:
            answer = self._read()
            if answer is None:  # the service says nothing useful (a keep-alive): read on
                continue
            reply = answer.get("payload") or {}
            if reply.get("type") == "Error":
                raise PagefindError(f"Pagefind: {reply.get('message', 'unknown error')}")
            if answer.get("message_id") == self._next_id:
                return dict(reply)

    def _read(self) -> Any:
        stdout = self._proc.stdout
        assert stdout is not None
        while b"," not in self._pending:
            chunk = os.read(stdout.fileno(), 1 << 16)  # what is there, without waiting for more
            if not chunk:
                raise PagefindError(f"Pagefind stopped without answering{self._stderr()}")
            self._pending += chunk
        text, _, self._pending = self._pending.partition(b",")
        try:
            return json.loads(base64.b64decode(text))
        except ValueError as exc:
            raise PagefindError(f"Pagefind answered something unreadable: {text[:60]!r}") from exc

    def _stderr(self) -> str:
        self._log.seek(0)
        tail = self._log.read()[-400:].decode("utf-8", "replace").strip()
        return f": {tail}" if tail else ""
