"""The development server: build, serve the output folder, rebuild on change, reload browsers.

Everything here is for an author's own machine. The server binds to 127.0.0.1 unless told
otherwise, never serves a file outside the output folder and injects a tiny live-reload
script into HTML responses (never into files on disk). It answers as a production host
would, so Lighthouse measures what readers get: text is compressed (brotli when the
``brotli`` package is installed, else gzip; a precompressed ``.br``/``.gz`` beside a file is
sent as it is), fingerprinted ``assets/`` are cacheable for a year, everything else is
revalidated (``no-cache`` with an ``ETag``, so back/forward cache works); only the
live-reload stream and the build-error page are ``no-store``. It
answers only requests addressed to it by name — ``Host`` must be the bound address,
``localhost``, ``127.0.0.1`` or ``[::1]`` with its port — so a web page cannot reach it
through a DNS name that it rebinds to 127.0.0.1; overlong URLs get 414, not a traceback.

Live reload uses Server-Sent Events at :data:`EVENTS_PATH`. Each build gets an id; a page
carries the id it was served with, and the stream sends the current id as a ``reload``
event when it connects and after every rebuild. The page reloads when the ids differ, so an
edit saved between serving a page and opening the stream is not lost either.

When the last build has errors, every HTML response is replaced by an error page (status
500) listing the diagnostics; it carries the reload script too, so fixing the file brings
the site back on its own.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import html
import ipaddress
import os
import posixpath
import secrets
import socket
import socketserver
import threading
import time
import traceback
import webbrowser
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from rich.console import Console

from atlaspress.app.build import CACHE_DIR, BuildResult, BuildSession, build_site
from atlaspress.core.errors import AtlaspressError, Report
from atlaspress.output.write import OutputFolderError, check_output_folder, shown

EVENTS_PATH = "/__atlaspress/events"
_RESERVED_PREFIX = "/__atlaspress/"
_OUTPUT_PREFIX = ".atlaspress-"  # staging and retired folders and the lock file beside the output
MAX_URL_LENGTH = 8192  # no page of a site has a longer URL; browsers send up to ~2 MB
MAX_URL_SEGMENTS = 128
STOP_SECONDS = 5.0  # Ctrl-C waits this long in all for the threads (a rebuild, the index) to finish
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARD_BINDS = frozenset({"", "0.0.0.0", "::"})

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pmtiles": "application/vnd.pmtiles",
    ".wasm": "application/wasm",
    ".kml": "application/vnd.google-earth.kml+xml",
    ".kmz": "application/vnd.google-earth.kmz",
    ".gpx": "application/gpx+xml",
}
_FALLBACK_TYPE = "application/octet-stream"  # also pagefind's .pf_meta, .pf_index, …

# Worth compressing: text formats (fonts, images and archives are compressed already).
_COMPRESSIBLE = ("text/", "application/json", "application/geo+json", "application/manifest+json",
                 "application/xml", "image/svg+xml", "application/gpx+xml",
                 "application/vnd.google-earth.kml+xml", "application/wasm")
MIN_COMPRESS = 512  # bytes: below this the headers cost more than they save
IMMUTABLE = "public, max-age=31536000, immutable"  # fingerprinted assets: the name changes with the bytes
REVALIDATE = "no-cache"  # may be stored (back/forward cache), but asked again each time

try:  # brotli is optional: the dev tools install it; gzip is always there
    import brotli as _brotli
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None


def compressible(ctype: str) -> bool:
    return ctype.startswith(_COMPRESSIBLE)


def accepted_encodings(header: str | None) -> list[str]:
    """The encodings this server can send that ``Accept-Encoding`` allows, best first."""
    allowed: dict[str, float] = {}
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name:
            allowed[name.strip().lower()] = q
    out = []
    for name in ("br", "gzip"):
        q = allowed.get(name, allowed.get("*", 0.0))
        if q > 0 and (name != "br" or _brotli is not None):
            out.append(name)
    return out


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br" and _brotli is not None:
        return bytes(_brotli.compress(body, quality=5))
    return gzip.compress(body, 6, mtime=0)


def cache_control(url_path: str) -> str:
    return IMMUTABLE if url_path.startswith("/assets/") else REVALIDATE

_RELOAD_SCRIPT = (
    '<script>(()=>{const b="%s",s=new EventSource("' + EVENTS_PATH + '");'
    's.addEventListener("reload",e=>{if(e.data!==b){s.close();location.reload()}})})()</script>'
)


class ServeError(AtlaspressError):
    """The development server cannot start (port in use, bad address)."""


def content_type(name: str) -> str:
    """The Content-Type header for a served file name."""
    return CONTENT_TYPES.get(posixpath.splitext(name)[1].lower(), _FALLBACK_TYPE)


def safe_path(root: Path, url_path: str) -> Path | None:
    """Map a request path to a file or folder inside ``root``, or ``None`` if it may not be served.

    Refuses ``..`` (also percent-encoded), backslashes, NUL bytes, and anything that
    resolves outside ``root`` once symlinks are followed.
    """
    if not url_path.startswith("/"):
        return None
    decoded = unquote(url_path, errors="strict") if "%" in url_path else url_path
    if "\\" in decoded or "\x00" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts):
        return None
    real_root = Path(os.path.realpath(root))
    candidate = Path(os.path.realpath(real_root.joinpath(*parts)))
    if candidate != real_root and not candidate.is_relative_to(real_root):
        return None
    return candidate


def host_allowed(host: str | None, bind: str, port: int) -> bool:
    """Whether a request's ``Host`` header names this server (DNS-rebinding defence).

    Accepted: ``localhost``, ``127.0.0.1``, ``[::1]`` and the bound address, each with the
    server's port or none (a browser always sends a port other than 80, so a Host without
    one never comes from a page of another origin). Bound to every interface (``0.0.0.0``,
    ``::``), any IP address is accepted too: only a DNS name can be rebound.
    """
    if not host or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789.-:[]" for c in host.lower()):
        return False
    try:
        parts = urlsplit("//" + host)
        name, asked = parts.hostname, parts.port
    except ValueError:
        return False
    if not name or asked not in (None, port):
        return False
    bound = bind.strip("[]").lower()
    if name in _LOOPBACK_NAMES or name == bound:
        return True
    if bound in _WILDCARD_BINDS:
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False


def inject_reload(page: bytes, build_id: str) -> bytes:
    """Insert the live-reload script before the last ``</body>`` (or at the end)."""
    script = (_RELOAD_SCRIPT % build_id).encode()
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def error_page(result: BuildResult, build_id: str) -> bytes:
    """A self-contained HTML page listing the errors of ``result``."""
    blocks = "\n".join(
        f"<pre>{html.escape(d.format())}</pre>" for d in result.diagnostics if d.is_error
    )
    count = len(result.report.errors)
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>Build failed: {count} error{'s' * (count != 1)}</title><style>"
        "body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
        "pre{font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;"
        "background:#fff4f4;border-left:4px solid #c62828;padding:.75rem 1rem}"
        "</style></head><body>"
        f"<h1>Build failed: {count} error{'s' * (count != 1)}</h1>"
        "<p>Fix the file and save; this page reloads by itself.</p>"
        f"{blocks}</body></html>"
    )
    return inject_reload(page.encode(), build_id)


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """A single ``bytes=`` range as (first, last) inclusive; ``None`` if unsatisfiable."""
    unit, _, spec = header.partition("=")
    if unit.strip() != "bytes" or "," in spec:
        raise ValueError(header)
    first_s, _, last_s = spec.strip().partition("-")
    if not first_s:  # suffix: the last N bytes
        n = int(last_s)
        return (max(size - n, 0), size - 1) if n > 0 and size else None
    first = int(first_s)
    last = min(int(last_s), size - 1) if last_s else size - 1
    return (first, last) if first <= last and first < size else None


class _Handler(BaseHTTPRequestHandler):
    server_version = "atlaspress-dev"
    server: _HTTPServer
    _state: tuple[BuildResult | None, str]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        return None  # one line per rebuild is enough; no access log

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        # Take the build id before reading any file: a page must never carry a newer id
        # than its content, or the reload for the build in between would be skipped.
        self._state = self.server.dev.state()
        try:
            dev = self.server.dev
            if not host_allowed(self.headers.get("Host"), dev.bind, dev.port):
                self._send(HTTPStatus.FORBIDDEN, f"Host not allowed; open {dev.url}\n".encode(),
                           CONTENT_TYPES[".txt"], head)
                return
            if len(self.path) > MAX_URL_LENGTH or self.path.count("/") > MAX_URL_SEGMENTS:
                self._send(HTTPStatus.REQUEST_URI_TOO_LONG, b"URL too long\n", CONTENT_TYPES[".txt"], head)
                return
            path = urlsplit(self.path).path
            if path == EVENTS_PATH:
                self._events(head)
            else:
                self._file(path, head)
        except (ConnectionError, TimeoutError):
            pass  # the browser went away

    def _send(self, status: int, body: bytes, ctype: str, head: bool,
              extra: Iterable[tuple[str, str]] = (), cache: str = "no-store") -> None:
        headers = list(extra)
        if status == HTTPStatus.OK and cache != "no-store":
            tag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            headers.append(("ETag", tag))
            if self._not_modified(tag, cache):
                return
        if compressible(ctype) and len(body) >= MIN_COMPRESS:
            headers.append(("Vary", "Accept-Encoding"))
            encodings = accepted_encodings(self.headers.get("Accept-Encoding"))
            if encodings:
                body = compress(body, encodings[0])
                headers.append(("Content-Encoding", encodings[0]))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _html(self, status: int, page: bytes, head: bool) -> None:
        result, build_id = self._state
        cache = REVALIDATE if status == HTTPStatus.OK else "no-store"
        if result is not None and result.report.errors:
            status, page = HTTPStatus.INTERNAL_SERVER_ERROR, error_page(result, build_id)
            cache = "no-store"
        else:
            page = inject_reload(page, build_id)
        self._send(status, page, CONTENT_TYPES[".html"], head, cache=cache)

    def _not_found(self, head: bool) -> None:
        """The site's own 404.html when it has one, with status 404."""
        custom = safe_path(self.server.dev.out_dir, "/404.html")
        if custom is not None and custom.is_file():
            page = custom.read_bytes()
        else:
            page = b"<!doctype html><title>Not found</title><body><h1>404 Not found</h1></body>"
        self._html(HTTPStatus.NOT_FOUND, page, head)

    def _file(self, url_path: str, head: bool) -> None:
        target, is_dir = None, False
        try:
            if not url_path.startswith(_RESERVED_PREFIX):
                target = safe_path(self.server.dev.out_dir, url_path)
            if target is not None:
                is_dir = target.is_dir()
                if not (target / "index.html" if is_dir else target).is_file():
                    target = None
        except (UnicodeDecodeError, ValueError, OSError):  # e.g. a name too long for the OS
            target = None
        if target is None:
            self._not_found(head)
            return
        if is_dir:
            if not url_path.endswith("/"):
                parts = [p for p in unquote(url_path).split("/") if p not in ("", ".")]
                location = "/" + "".join(quote(p) + "/" for p in parts)
                query = urlsplit(self.path).query
                self._send(HTTPStatus.MOVED_PERMANENTLY, b"", CONTENT_TYPES[".txt"], head,
                           [("Location", location + ("?" + query if query else ""))])
                return
            target = target / "index.html"
        ctype = content_type(target.name)
        if ctype.startswith("text/html"):
            self._html(HTTPStatus.OK, target.read_bytes(), head)
            return
        cache = cache_control(url_path)
        if compressible(ctype) and not self.headers.get("Range"):
            encodings = accepted_encodings(self.headers.get("Accept-Encoding"))
            for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
                ready = target.with_name(target.name + suffix)
                if encoding in encodings and ready.is_file() and ready.stat().st_mtime >= target.stat().st_mtime:
                    self._send_ready(target, ready, encoding, ctype, cache, head)
                    return
            if target.stat().st_size <= (8 << 20):  # on the fly: small enough to compress whole
                self._send(HTTPStatus.OK, target.read_bytes(), ctype, head, cache=cache)
                return
        self._send_file(target, ctype, head, cache)

    def _not_modified(self, tag: str, cache: str) -> bool:
        """Answer 304 when the browser already holds ``tag``; say whether it did."""
        if tag not in (self.headers.get("If-None-Match") or ""):
            return False
        self.send_response(HTTPStatus.NOT_MODIFIED)
        self.send_header("Cache-Control", cache)
        self.send_header("ETag", tag)
        self.end_headers()
        return True

    def _send_ready(self, target: Path, ready: Path, encoding: str, ctype: str, cache: str, head: bool) -> None:
        """A precompressed file the build wrote beside ``target`` (``precompress`` in the config)."""
        body = ready.read_bytes()
        stat = target.stat()
        tag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}-{encoding}"'
        if self._not_modified(tag, cache):
            return
        self.send_response(HTTPStatus.OK)
        for name, value in (("Content-Type", ctype), ("Content-Length", str(len(body))), ("Cache-Control", cache),
                            ("Content-Encoding", encoding), ("Vary", "Accept-Encoding"), ("ETag", tag)):
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _send_file(self, target: Path, ctype: str, head: bool, cache: str = REVALIDATE) -> None:
        with target.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            first, last, status = 0, size - 1, HTTPStatus.OK
            extra = [("Accept-Ranges", "bytes")]
            if self.headers.get("Range"):
                try:
                    span = _parse_range(self.headers["Range"], size)
                except ValueError:
                    span = (0, size - 1)  # malformed or multi-range: send the whole file
                    status = HTTPStatus.OK
                else:
                    if span is None:
                        self._send(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"", ctype, head,
                                   [("Content-Range", f"bytes */{size}")])
                        return
                    status = HTTPStatus.PARTIAL_CONTENT
                    extra.append(("Content-Range", f"bytes {span[0]}-{span[1]}/{size}"))
                first, last = span
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(max(last - first + 1, 0)))
            self.send_header("Cache-Control", cache)
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()
            if head:
                return
            fh.seek(first)
            remaining = last - first + 1
            while remaining > 0:
                chunk = fh.read(min(remaining, 1 << 16))
                if not chunk:
                    break
                self.wfile.write(chunk)
                remaining -= len(chunk)

    def _events(self, head: bool) -> None:
        dev = self.server.dev
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        if head:
            return
        self.close_connection = True
        sent = None
        self.wfile.write(b"retry: 1000\n\n")
        while not dev.stopping:
            build_id = dev.wait_for_build(sent, dev.keepalive)
            if dev.stopping:
                break
            if build_id != sent:
                self.wfile.write(f"event: reload\ndata: {build_id}\n\n".encode())
                sent = build_id
            else:
                self.wfile.write(b": keep-alive\n\n")
            self.wfile.flush()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # SSE streams never hold up shutdown
    block_on_close = False
    dev: DevServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn) that can stall for seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


def _settle() -> None:
    """Collect what the last builds left, then exempt every object alive now (the site's
    posts, entries and graph) from the cyclic collector: a full collection of a 1,000-post
    site's heap takes ~80 ms, and it otherwise falls in the middle of the next rebuild, after
    a save. Run between builds (the search index's, in the background), so a frozen object
    that later becomes garbage in a cycle is collected by the next settle's full pass."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class DevServer:
    """Build ``site_dir`` into ``out_dir``, serve it, and rebuild on change.

    ``start()`` runs a first build and serves in background threads; ``stop()`` ends them.
    ``port=0`` picks a free port; read the actual one from :attr:`port` or :attr:`url`.
    """

    def __init__(self, site_dir: Path, out_dir: Path, *, bind: str = "127.0.0.1", port: int = 8000,
                 watch: bool = True, console: Console | None = None, keepalive: float = 15.0,
                 debounce_ms: int = 1600, step_ms: int = 100) -> None:
        self.site_dir = Path(site_dir).absolute()
        self.out_dir = Path(out_dir).absolute()
        self.bind = bind
        self.watch = watch
        self.console = console or Console(stderr=True)
        self.keepalive = keepalive
        self.stopping = False
        self._requested_port = port
        self._debounce_ms, self._step_ms = debounce_ms, step_ms
        self._instance = secrets.token_hex(3)
        self._builds = 0
        self._result: BuildResult | None = None
        self._changed = threading.Condition()
        self._build_lock = threading.Lock()
        self._stop_event = threading.Event()
        self._watch_ready = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        # The loaded posts, their enrich results, the cache and the output record stay in
        # memory between rebuilds: a save re-reads that post and renders what shows it.
        self._session = BuildSession(self.site_dir, self.out_dir, keep_in_memory=True)

    # -- state shared with request threads ---------------------------------------------
    @property
    def build_id(self) -> str:
        return f"{self._instance}-{self._builds}"

    def state(self) -> tuple[BuildResult | None, str]:
        with self._changed:
            return self._result, self.build_id

    def wait_for_build(self, seen: str | None, timeout: float) -> str:
        """Wait until the build id differs from ``seen`` (or ``timeout``); return the current id."""
        with self._changed:
            self._changed.wait_for(lambda: self.build_id != seen or self.stopping, timeout)
            return self.build_id

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._httpd is None:
            return self._requested_port
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self.bind
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "[::1]"
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def start(self, *, build: bool = True) -> None:
        """Bind, start watching (wait until the watcher is up), build once, then serve.

        Raises :class:`OutputFolderError` first, touching nothing, if the output folder is
        not one a build may replace.
        """
        check_output_folder(self.site_dir, self.out_dir)
        server_class = _HTTPServer6 if ":" in self.bind else _HTTPServer
        try:
            httpd = server_class((self.bind, self._requested_port), _Handler)
        except OSError as exc:
            where = f"{self.bind}:{self._requested_port}"
            why = exc.strerror or exc
            raise ServeError(f"cannot listen on {where}: {why} (try another --port)") from exc
        httpd.dev = self
        self._httpd = httpd
        if self.watch:
            self._spawn("atlaspress-watch", self._watch_loop)
            self._watch_ready.wait(timeout=10)
        if build:
            # The first build makes the search index too: deferring it would build twice at start.
            self.rebuild(defer_search=False)
            with self._build_lock:
                _settle()
        self._spawn("atlaspress-http", lambda: httpd.serve_forever(poll_interval=0.2))

    def _spawn(self, name: str, target: object) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()
        self._stop_event.set()
        if self._httpd is not None:
            if any(t.name == "atlaspress-http" for t in self._threads):
                self._httpd.shutdown()  # waits for serve_forever, which must be running
            self._httpd.server_close()
        # One deadline for all: a rebuild still running is abandoned (the threads are daemons,
        # and a build that stops half-way leaves the previous site), so Ctrl-C takes seconds.
        deadline = time.monotonic() + STOP_SECONDS
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        self._threads.clear()
        # The last build's record, if the search index it left for later was never built
        # (not while a build still runs: that one writes its own).
        if self._build_lock.acquire(blocking=False):
            try:
                self._session.save()
            except OSError:  # the cache folder went away: the next build starts from the files
                pass
            finally:
                self._build_lock.release()
        gc.unfreeze()  # what this server kept is the collector's again (a process may go on)

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- building -------------------------------------------------------------------------
    def rebuild(self, changed: Iterable[str] = (), *, defer_search: bool = True) -> BuildResult:
        """Build once (serialised with other rebuilds), report it, and tell browsers."""
        with self._build_lock:
            try:
                # The pages first; a changed search index follows (below), so a save shows
                # in the browser without waiting for Pagefind.
                result = build_site(self.site_dir, self.out_dir, session=self._session, defer_search=defer_search)
            except OutputFolderError as exc:  # e.g. the marker was deleted, or a CLI build holds the lock
                report = Report()
                report.error(shown(self.out_dir), 1, 1, "out", exc.message, exc.hint)
                result = BuildResult(report=report)
            except Exception as exc:  # a theme bug must not kill the server
                _say(self.console, traceback.format_exc(), "dim")
                report = Report()
                report.error(str(self.site_dir), 1, 1, "build", f"{type(exc).__name__}: {exc}",
                             "the previous output is still served; see the console for details")
                result = BuildResult(report=report)
            with self._changed:
                self._result = result
                self._builds += 1
                self._changed.notify_all()
        self._report(result, changed)
        if result.search_stale and not self.stopping:
            self._spawn("atlaspress-index", self._index_now)
        return result

    def _index_now(self) -> None:
        """Build again to bring the search index up to date after a rebuild that deferred it
        (only the index changes; the pages served are not reloaded for it)."""
        with self._build_lock:
            if self.stopping:
                return
            try:
                result = build_site(self.site_dir, self.out_dir, session=self._session)
            except Exception:  # the next save tries again
                _say(self.console, traceback.format_exc(), "dim")
                return
            if not result.report.errors:
                with self._changed:
                    self._result = result
            _settle()
        _say(self.console, f"{time.strftime('%H:%M:%S')} search index updated", "dim")

    def _report(self, result: BuildResult, changed: Iterable[str]) -> None:
        names = sorted(changed)
        prefix = ""
        if names:
            more = f" (+{len(names) - 1} more)" if len(names) > 1 else ""
            prefix = f"{names[0]}{more} changed: "
        style = "red" if result.report.errors else ("yellow" if result.report.warnings else "green")
        _say(self.console, f"{time.strftime('%H:%M:%S')} {prefix}{result.summary()}", style)
        for d in result.diagnostics:
            _say(self.console, d.format(), "red" if d.is_error else "yellow")

    def _ignored(self, path: str) -> bool:
        p = Path(path)
        if any(part.startswith(_OUTPUT_PREFIX) for part in p.parts):
            return True
        return any(p == root or p.is_relative_to(root)
                   for root in (self.out_dir, self.site_dir / CACHE_DIR))

    def _watch_loop(self) -> None:
        from watchfiles import DefaultFilter, watch

        default = DefaultFilter()

        def keep(change: object, path: str) -> bool:
            return not self._ignored(path) and default(change, path)  # type: ignore[arg-type]

        try:
            # yield_on_timeout: the first (empty) yield says the watcher is up, so start()
            # can return knowing that no save made after it is missed.
            for changes in watch(self.site_dir, watch_filter=keep, stop_event=self._stop_event,
                                 debounce=self._debounce_ms, step=self._step_ms,
                                 rust_timeout=250, yield_on_timeout=True, raise_interrupt=False):
                self._watch_ready.set()
                if self._stop_event.is_set():
                    break
                if changes:
                    self.rebuild({os.path.relpath(path, self.site_dir) for _, path in changes})
        except Exception as exc:  # e.g. the OS limit on watched files
            _say(self.console, f"Not watching for changes: {exc}", "yellow")
        finally:
            self._watch_ready.set()


def _say(console: Console, text: str, style: str) -> None:
    """Print plain text (diagnostics contain ``[code]``, which is not rich markup)."""
    console.print(text, markup=False, highlight=False, style=style, soft_wrap=True)


def serve(site_dir: Path, out_dir: Path, *, bind: str = "127.0.0.1", port: int = 8000,
          watch: bool = True, open_browser: bool = False, console: Console | None = None) -> None:
    """Build, serve and watch until Ctrl-C."""
    console = console or Console(stderr=True)
    server = DevServer(site_dir, out_dir, bind=bind, port=port, watch=watch, console=console)
    server.start()
    _say(console, f"Serving {server.site_dir} at {server.url}", "bold")
    _say(console, "Watching for changes; press Ctrl-C to stop." if watch
         else "Press Ctrl-C to stop.", "dim")
    if bind not in ("127.0.0.1", "localhost", "::1"):
        _say(console, f"Listening on {bind}: other machines on the network can read the site.",
             "yellow")
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        while not server.stopping:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        _say(console, "Stopped.", "dim")
