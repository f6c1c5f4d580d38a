"""Page weight of a post: bytes a reader downloads before and after "Explore the map".

Builds the demo site, serves it on 127.0.0.1 and opens posts in headless Chromium
(Playwright driving Debian's Chromium). Every response body is counted raw and gzipped
(level 6, what a static host typically sends); the inline SVG locator is shown as a part of
the HTML. Usage:

    .venv/bin/python benchmarks/page_weight.py [SLUG ...] [--site examples/demo]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import re
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atlaspress.app.build import build_site  # noqa: E402

CHROMIUM = os.environ.get("ATLASPRESS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--use-angle=swiftshader"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return None


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def kind(url: str, content_type: str) -> str:
    path = urlsplit(url).path
    if path.endswith("/") or "html" in content_type:
        return "HTML"
    for ext, name in (
        (".css", "CSS"),
        (".js", "JS"),
        (".json", "JSON"),
        (".geojson", "JSON"),
        (".svg", "SVG"),
        (".png", "image"),
        (".woff2", "font"),
    ):
        if path.endswith(ext):
            return name
    return "other"


class Recorder:
    def __init__(self, page: object) -> None:
        self.rows: list[tuple[str, str, int, int]] = []
        page.on("response", self._response)

    def _response(self, response: object) -> None:
        url = response.url
        if urlsplit(url).scheme not in ("http", "https"):
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            return
        self.rows.append(
            (url, kind(url, response.headers.get("content-type", "")), len(body), gz(body))
        )

    def take(self) -> list[tuple[str, str, int, int]]:
        rows, self.rows = self.rows, []
        return rows


def kib(n: int) -> str:
    return f"{n / 1024:8.1f}"


def table(
    title: str, rows: list[tuple[str, str, int, int]], html: bytes | None = None
) -> tuple[int, int]:
    print(f"\n{title}")
    print(f"  {'part':<34}{'raw KiB':>9}{'gzip KiB':>10}")
    groups: dict[str, list[int]] = {}
    for url, part, raw, zipped in rows:
        name = f"{part}  {urlsplit(url).path.rsplit('/', 1)[-1] or 'index.html'}"
        groups.setdefault(name, [0, 0])
        groups[name][0] += raw
        groups[name][1] += zipped
    for name, (raw, zipped) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
        print(f"  {name[:34]:<34}{kib(raw)} {kib(zipped)}")
    if html is not None:
        svg = b"".join(re.findall(rb"<svg.*?</svg>", html, flags=re.S))
        print(f"  {'  of which inline SVG':<34}{kib(len(svg))} {kib(gz(svg))}")
    total_raw = sum(r[2] for r in rows)
    total_gz = sum(r[3] for r in rows)
    print(f"  {'total':<34}{kib(total_raw)} {kib(total_gz)}")
    return total_raw, total_gz


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", default=["kaesong-industrial-zone", "diomede-islands"])
    parser.add_argument("--site", type=Path, default=ROOT / "examples" / "demo")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        result = build_site(args.site, out)
        if not result.written:
            print("build failed:", *[d.format() for d in result.diagnostics], sep="\n")
            return 1
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        summary = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for slug in args.slugs:
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                rec = Recorder(page)
                page.goto(base + f"places/{slug}/")
                page.locator("#map").scroll_into_view_if_needed()
                page.wait_for_load_state("networkidle")
                before_rows = rec.take()
                html = (out / "places" / slug / "index.html").read_bytes()
                before = table(f"{slug}: before interaction", before_rows, html)
                page.get_by_role("button", name="Explore the map").click()
                page.wait_for_selector('#map [data-atlas-map][data-state="ready"]', timeout=60_000)
                page.wait_for_load_state("networkidle")
                after = table(f'{slug}: added by "Explore the map"', rec.take())
                summary.append((slug, before, after))
                page.context.close()
            browser.close()
        server.shutdown()
        head = ("post", "before raw", "before gz", "map raw", "map gz", "total gz")
        print(f"\n{head[0]:<28}" + "".join(f"{h:>11}" for h in head[1:]) + "  (KiB)")
        for slug, (braw, bgz), (araw, agz) in summary:
            cells = (braw, bgz, araw, agz, bgz + agz)
            print(f"{slug:<28}" + "".join(f"{kib(c):>11}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
