"""The development server: safe file serving, live reload over SSE, build errors in the page.

No browser: requests go through http.client with raw paths, so nothing normalises them
before the server sees them. Waits poll with a deadline; nothing sleeps to assert.
"""

from __future__ import annotations

import http.client
import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from atlaspress.app import serve as serve_module
from atlaspress.app.serve import EVENTS_PATH, DevServer, content_type, safe_path

POST = """\
---
title: X marks the spot
date: {date}
place: {{name: X, at: "10, 20"}}
---
{body}
"""
SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"


def write_post(site: Path, date: str = "2022-09-01", body: str = "Hello from X.") -> None:
    bundle = site / "content" / "places" / "x"
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / "index.md").write_text(POST.format(date=date, body=body), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "atlaspress.toml").write_text('title = "T"\n', encoding="utf-8")
    write_post(site)
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return site


def make_server(site: Path, **kwargs: object) -> DevServer:
    kwargs.setdefault("watch", False)
    return DevServer(site, site / "public", port=0, keepalive=0.5,
                     console=Console(file=io.StringIO(), width=200), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    dev = make_server(site)
    dev.start()
    try:
        yield dev
    finally:
        dev.stop()


def fetch(dev: DevServer, raw_path: str, method: str = "GET",
          headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=10)
    try:
        conn.request(method, raw_path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


class EventStream:
    """A minimal Server-Sent Events reader over http.client."""

    def __init__(self, dev: DevServer) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=10)
        self.conn.request("GET", EVENTS_PATH)
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200
        assert self.resp.headers["Content-Type"].startswith("text/event-stream")

    def next_event(self) -> tuple[str, str]:
        """The next (event, data) pair; a comment comes as (":", text)."""
        event, data = "message", list[str]()
        while True:
            line = self.resp.fp.readline().decode()
            if not line:
                raise EOFError("stream closed")
            line = line.rstrip("\r\n")
            if not line:
                if data:
                    return event, "\n".join(data)
                continue
            if line.startswith(":"):
                return ":", line[1:].strip()
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())

    def wait_reload(self, other_than: str, deadline: float) -> str:
        while time.monotonic() < deadline:
            event, data = self.next_event()  # a keep-alive comes every 0.5 s
            if event == "reload" and data != other_than:
                return data
        raise AssertionError("no reload event before the deadline")

    def close(self) -> None:
        self.conn.close()


# -- binding and basic serving ------------------------------------------------------------------

def test_binds_to_localhost_on_a_free_port_by_default(server: DevServer) -> None:
    assert server.bind == "127.0.0.1"
    host, port = server._httpd.server_address[:2]  # type: ignore[union-attr]
    assert host == "127.0.0.1"
    assert port != 0 and server.port == port
    assert server.url == f"http://127.0.0.1:{port}/"


def test_serves_index_with_reload_script_not_written_to_disk(server: DevServer) -> None:
    status, headers, body = fetch(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-cache"  # revalidated, never no-store (back/forward cache)
    assert int(headers["Content-Length"]) == len(body)
    assert body.count(b"new EventSource") == 1
    assert EVENTS_PATH.encode() in body
    assert body.index(b"new EventSource") < body.lower().rindex(b"</body>")
    on_disk = (server.out_dir / "index.html").read_bytes()
    assert b"EventSource" not in on_disk


def test_directory_without_slash_redirects_and_with_slash_serves_index(server: DevServer) -> None:
    status, headers, _ = fetch(server, "/places/x?a=1")
    assert status == 301
    assert headers["Location"] == "/places/x/?a=1"
    status, _, body = fetch(server, "/places/x/")
    assert status == 200
    assert b"X marks the spot" in body


def test_content_types(server: DevServer) -> None:
    css = next((server.out_dir / "assets").glob("*.css")).name
    assert fetch(server, f"/assets/{css}")[1]["Content-Type"].startswith("text/css")
    status, headers, _ = fetch(server, "/sitemap.xml")
    assert status == 200 and "xml" in headers["Content-Type"]
    assert headers["Cache-Control"] == "no-cache"
    expected = {
        "a.html": "text/html", "a.css": "text/css", "a.js": "text/javascript",
        "a.mjs": "text/javascript", "a.json": "application/json",
        "a.geojson": "application/geo+json", "feed.xml": "application/xml",
        "a.svg": "image/svg+xml", "a.png": "image/png", "a.JPG": "image/jpeg",
        "a.webp": "image/webp", "a.woff2": "font/woff2", "a.pmtiles": "application/vnd.pmtiles",
        "a.wasm": "application/wasm", "pagefind/index/en_1a2b.pf_index": "application/octet-stream",
        "pagefind/pagefind.en_1.pf_meta": "application/octet-stream",
    }
    for name, ctype in expected.items():
        assert content_type(name).split(";")[0] == ctype, name


def test_byte_ranges_for_pmtiles(server: DevServer) -> None:
    (server.out_dir / "tiles.pmtiles").write_bytes(bytes(range(100)))
    status, headers, body = fetch(server, "/tiles.pmtiles", headers={"Range": "bytes=2-5"})
    assert status == 206
    assert body == bytes([2, 3, 4, 5])
    assert headers["Content-Range"] == "bytes 2-5/100"
    status, _, body = fetch(server, "/tiles.pmtiles", headers={"Range": "bytes=-3"})
    assert (status, body) == (206, bytes([97, 98, 99]))
    assert fetch(server, "/tiles.pmtiles", headers={"Range": "bytes=200-"})[0] == 416
    status, _, body = fetch(server, "/tiles.pmtiles")
    assert (status, len(body)) == (200, 100)


# -- never outside the root -----------------------------------------------------------------------

TRAVERSALS = [
    "/../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/places/x/../../../../etc/passwd",
    "/..%2f..%2f..%2f..%2fetc/passwd",
    "/places/x/..%5c..%5c..%5c..%5cetc%5cpasswd",
    "/places\\..\\..\\..\\etc\\passwd",
    "//etc/passwd",
    "/%2fetc/passwd",
    "/../secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e/secret.txt",
    "/places/x/%00/../../secret.txt",
    "/%ff%fe",
    "http://127.0.0.1/../secret.txt",
]


def test_traversal_is_404_and_never_leaks(server: DevServer) -> None:
    for raw_path in TRAVERSALS:  # one server for all: each start is a build
        status, _, body = fetch(server, raw_path)
        assert status == 404, raw_path
        assert b"root:" not in body, raw_path
        assert SECRET.encode() not in body, raw_path


def test_symlinks_pointing_outside_are_not_followed(server: DevServer, tmp_path: Path) -> None:
    os.symlink(tmp_path / "secret.txt", server.out_dir / "leak.txt")
    os.symlink(tmp_path, server.out_dir / "leakdir", target_is_directory=True)
    os.symlink(server.out_dir / "robots.txt", server.out_dir / "inside.txt")
    for raw_path in ("/leak.txt", "/leakdir/secret.txt", "/leakdir/", "/leakdir"):
        status, _, body = fetch(server, raw_path)
        assert status == 404, raw_path
        assert SECRET.encode() not in body
    assert fetch(server, "/inside.txt")[0] == 200  # a link that stays inside is fine


def test_safe_path_refuses_escapes(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    assert safe_path(root, "/") == root.resolve()
    assert safe_path(root, "/a/./b") == (root / "a" / "b").resolve()
    for bad in ("/../x", "/a/%2E%2E/%2e%2E/x", "x", "/a\\b", "/a%5cb", "/a%00b"):
        assert safe_path(root, bad) is None, bad


def test_missing_path_serves_the_site_404_page(server: DevServer) -> None:
    status, headers, body = fetch(server, "/places/nowhere/")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    site_404 = (server.out_dir / "404.html").read_bytes()
    assert site_404.split(b"</body>")[0] in body
    assert b"new EventSource" in body
    assert fetch(server, "/__atlaspress/nothing")[0] == 404


def test_head_sends_headers_only(server: DevServer) -> None:
    status, headers, body = fetch(server, "/", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) > 0


# -- live reload ----------------------------------------------------------------------------------

def test_rebuild_sends_reload_event(server: DevServer, site: Path) -> None:
    stream = EventStream(server)
    try:
        event, first = stream.next_event()  # the id of the build being served
        assert event == "reload" and first == server.build_id
        write_post(site, body="Edited by hand.")
        result = server.rebuild()
        assert not result.failed(strict=False)
        new_id = stream.wait_reload(first, time.monotonic() + 10)
        assert new_id == server.build_id
    finally:
        stream.close()
    assert b"Edited by hand." in fetch(server, "/places/x/")[2]


def test_keepalive_comments_are_sent(server: DevServer) -> None:
    stream = EventStream(server)
    try:
        assert stream.next_event()[0] == "reload"
        assert stream.next_event() == (":", "keep-alive")
    finally:
        stream.close()


def test_watcher_rebuilds_and_notifies_on_save(site: Path) -> None:
    dev = make_server(site, watch=True, debounce_ms=300, step_ms=50)
    dev.start()  # returns once the watcher is up: a save right after it must not be lost
    stream = EventStream(dev)
    try:
        _, first = stream.next_event()
        write_post(site, body="Saved in the editor.")
        stream.wait_reload(first, time.monotonic() + 10)
        assert b"Saved in the editor." in fetch(dev, "/places/x/")[2]
        log = dev.console.file.getvalue()  # type: ignore[attr-defined]
        assert "content/places/x/index.md changed: built" in log
    finally:
        stream.close()
        dev.stop()


def test_watcher_ignores_output_cache_and_staging(site: Path) -> None:
    dev = make_server(site)
    assert dev._ignored(str(dev.out_dir / "index.html"))
    assert dev._ignored(str(site / ".atlaspress-cache" / "geo.json"))
    assert dev._ignored(str(site / ".atlaspress-staging-public-abc" / "index.html"))
    assert not dev._ignored(str(site / "content" / "places" / "x" / "index.md"))
    assert not dev._ignored(str(site / "atlaspress.toml"))
    assert not dev._ignored(str(site / "publicity.md"))


# -- build errors in the page ---------------------------------------------------------------------

def test_build_errors_replace_html_until_fixed(server: DevServer, site: Path) -> None:
    write_post(site, date="2022-13-01")
    result = server.rebuild()
    assert result.failed(strict=False)
    for raw_path in ("/", "/places/x/", "/places/nowhere/"):
        status, headers, body = fetch(server, raw_path)
        assert status == 500, raw_path
        assert headers["Content-Type"].startswith("text/html")
        assert b"error[date]" in body
        assert b"content/places/x/index.md:" in body
        assert b"new EventSource" in body
    css = next((server.out_dir / "assets").glob("*.css")).name
    assert fetch(server, f"/assets/{css}")[0] == 200  # assets are still served
    console = server.console.file.getvalue()  # type: ignore[attr-defined]
    assert "error[date]" in console and "1 error" in console

    write_post(site)
    server.rebuild()
    status, _, body = fetch(server, "/places/x/")
    assert status == 200 and b"error[date]" not in body


def test_error_page_escapes_diagnostics(server: DevServer, site: Path) -> None:
    write_post(site, date="<script>alert(1)</script>")
    server.rebuild()
    status, _, body = fetch(server, "/")
    assert status == 500
    assert b"<script>alert(1)" not in body


def test_a_crashing_build_is_reported_not_fatal(server: DevServer,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("template went missing")

    monkeypatch.setattr(serve_module, "build_site", explode)
    result = server.rebuild()
    assert result.failed(strict=False)
    status, _, body = fetch(server, "/")
    assert status == 500
    assert b"error[build]" in body and b"template went missing" in body


def test_stop_is_prompt_with_an_open_event_stream(site: Path) -> None:
    dev = make_server(site)
    dev.keepalive = 60.0
    dev.start()
    stream = EventStream(dev)
    stream.next_event()
    started = time.monotonic()
    dev.stop()
    assert time.monotonic() - started < 5
    stream.close()


# -- the blocking entry point ---------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_serve_prints_url_and_stops_on_ctrl_c(site: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from atlaspress.app.serve import serve; "
        "serve(Path(sys.argv[1]), Path(sys.argv[1]) / 'public', port=0, watch=True)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(site)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stderr.readline()  # type: ignore[union-attr]
            if not line:
                break
            lines.append(line)
            if "http://127.0.0.1:" in line:
                break
        # Keep reading stderr from here on: a child whose pipe fills blocks and never exits.
        rest: list[str] = []
        drain = threading.Thread(target=lambda: rest.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
        drain.start()
        url_line = next(line for line in lines if "http://127.0.0.1:" in line)
        assert any(line.startswith(("built", "checked")) or " built " in line for line in lines)
        port = int(url_line.rsplit(":", 1)[1].strip().rstrip("/"))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0, "".join(lines + rest)[-2000:]
        drain.join(timeout=5)
        assert "Stopped." in "".join(rest), "".join(lines + rest)[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_compresses_text_and_caches_like_a_production_host(server: DevServer) -> None:
    import gzip

    status, headers, body = fetch(server, "/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    page = gzip.decompress(body)
    assert b"new EventSource" in page and int(headers["Content-Length"]) == len(body)
    status, plain_headers, plain = fetch(server, "/")  # no Accept-Encoding: identity
    assert "Content-Encoding" not in plain_headers and plain == page
    css = next((server.out_dir / "assets").glob("*.css")).name
    status, headers, body = fetch(server, f"/assets/{css}", headers={"Accept-Encoding": "br;q=1, gzip;q=0.5"})
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    if serve_module._brotli is not None:
        import brotli

        assert headers["Content-Encoding"] == "br"
        assert brotli.decompress(body) == (server.out_dir / "assets" / css).read_bytes()
    status, headers, _ = fetch(server, "/", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in headers


def test_etag_answers_304_and_the_reload_stream_is_never_stored(server: DevServer) -> None:
    _, headers, _ = fetch(server, "/sitemap.xml")
    tag = headers["ETag"]
    status, headers, body = fetch(server, "/sitemap.xml", headers={"If-None-Match": tag})
    assert status == 304 and body == b""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", EVENTS_PATH)
        resp = conn.getresponse()
        assert resp.headers["Cache-Control"] == "no-store"
    finally:
        conn.close()


def test_a_precompressed_file_beside_the_original_is_sent_as_it_is(server: DevServer) -> None:
    import gzip

    original = server.out_dir / "sitemap.xml"
    marker = b"<!-- precompressed -->"
    (server.out_dir / "sitemap.xml.gz").write_bytes(gzip.compress(original.read_bytes() + marker))
    status, headers, body = fetch(server, "/sitemap.xml", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).endswith(marker)


def test_start_builds_the_site_once(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = serve_module.build_site

    def counting(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(bool(kwargs.get("defer_search")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(serve_module, "build_site", counting)
    dev = make_server(site)
    dev.start()
    try:
        assert not any(t.name == "atlaspress-index" for t in dev._threads)  # no second, search-only build
        assert calls == [False]  # one build, search index included
        assert (site / "public" / "pagefind").is_dir()
    finally:
        dev.stop()


def test_a_deferred_rebuild_leaves_the_record_to_the_index_build_or_to_stop(site: Path) -> None:
    """A save's rebuild writes the pages and tells the browser; the output record is written by
    the search-index build that follows, or when the server stops before that build ran."""
    from atlaspress.core.store import Store
    from atlaspress.output.manifest import load_record

    dev = make_server(site)
    dev.start()
    store = Store(site / ".atlaspress-cache")
    post = next((site / "content" / "places").glob("*/index.md"))
    page = f"places/{post.parent.name}/index.html"
    try:
        spawn = dev._spawn
        dev._spawn = lambda name, target: None if name == "atlaspress-index" else spawn(name, target)  # type: ignore[method-assign]
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("\n---\n", "\n---\nA new first line.\n\n", 1), encoding="utf-8")
        result = dev.rebuild({str(post)})
        assert result.search_stale and page in result.written_files
        assert dev._session.unsaved
        assert load_record(store, site / "public")[page] != dev._session.records[page]  # not written yet
    finally:
        dev.stop()
    assert not dev._session.unsaved
    on_disk = load_record(Store(site / ".atlaspress-cache"), site / "public")  # a new store: read from disk
    assert on_disk == dev._session.records
    assert on_disk[page].stamp[0] == (site / "public" / page).stat().st_size


def test_the_heap_is_frozen_between_builds_and_given_back_on_stop(site: Path) -> None:
    import gc

    gc.unfreeze()
    dev = make_server(site)
    dev.start()
    try:
        assert gc.get_freeze_count() > 0  # the site's objects are not walked by the next rebuild's collections
    finally:
        dev.stop()
    assert gc.get_freeze_count() == 0
