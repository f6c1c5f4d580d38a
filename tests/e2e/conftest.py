"""Browser fixtures: the demo site built once, served on 127.0.0.1, opened in Chromium.

Debian's Chromium is used through Playwright's ``executable_path`` because Playwright
cannot download its own browsers on these machines.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from atlaspress.app.build import build_site

from ..conftest import ARTIFACTS, DEMO

CHROMIUM = os.environ.get("ATLASPRESS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--no-first-run", "--disable-quic", "--use-angle=swiftshader",
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return None


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "public"
    result = build_site(DEMO, out)
    assert result.written, [d.format() for d in result.diagnostics]
    assert not result.report.errors, [d.format() for d in result.report.errors]
    return out


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 (a free port) for as long as the block runs; its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> Iterator[str]:
    with served(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageRecorder:
    """A page plus every URL it requested, to prove nothing leaves 127.0.0.1."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests
                if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname != "127.0.0.1"]


@pytest.fixture
def open_page(browser: object) -> Iterator[object]:
    contexts = []

    def factory(width: int = 1280, height: int = 900, javascript: bool = True) -> PageRecorder:
        context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
        contexts.append(context)
        return PageRecorder(context.new_page())

    yield factory
    for context in contexts:
        context.close()


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def screenshot(page: object, name: str) -> Path:
    path = screenshot_path(name)
    page.screenshot(path=str(path), full_page=True)
    return path
