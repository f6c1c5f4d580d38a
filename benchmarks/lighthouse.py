"""Lighthouse (mobile) scores of the demo's home page and a post, before the map is opened.

Usage::

    python benchmarks/lighthouse.py [--pages "" places/kaesong-industrial-zone/] [--lighthouse DIR]

Builds ``examples/demo``, serves it with ``atlaspress serve`` (brotli/gzip and cache headers,
as production), and runs Lighthouse 12.2.3 (pinned: 12.8.x breaks ``npm ci`` here) with
Debian's Chromium on each page in its default mobile profile. Lighthouse is a measuring tool,
not a dependency of the site: it is installed into ``--lighthouse`` (default
``/tmp/atlaspress-lighthouse``) with ``npm i -E`` when missing. Prints the four category
scores per page and every audit below 0.9. Scores move with the machine's load (the
performance score simulates a slow phone from a trace taken here), so run it on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = "12.2.3"


def _install(folder: Path) -> Path:
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text('{"private": true}\n')
        subprocess.run(["npm", "i", "-E", f"lighthouse@{VERSION}", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=folder, check=True)
    return binary


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", default=["", "places/kaesong-industrial-zone/"])
    parser.add_argument("--lighthouse", type=Path, default=Path("/tmp/atlaspress-lighthouse"))
    args = parser.parse_args()
    binary = _install(args.lighthouse)
    port = _free_port()
    out = Path(tempfile.mkdtemp(prefix="atlaspress-lh-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "atlaspress", "serve", str(ROOT / "examples" / "demo"),
                               "--out", str(out / "site"), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import urllib.request

        for _ in range(600):  # the first build decodes the geodata when this machine has no cache
            try:  # answered once the first build is done (the socket listens before it)
                for page in args.pages:  # and each page fetched once, as a CDN would have it warm
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=120).read()
                break
            except OSError:
                time.sleep(0.5)
        for page in args.pages:
            report = out / "report.json"
            subprocess.run([str(binary), f"http://127.0.0.1:{port}/{page}", "--quiet", "--output=json",
                            f"--output-path={report}", "--chrome-flags=--headless --no-sandbox"],
                           env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True)
            data = json.loads(report.read_text())
            scores = {k: round(v["score"] * 100) for k, v in data["categories"].items() if v["score"] is not None}
            print(f"/{page}: {scores}")
            for audit in data["audits"].values():
                if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in (
                        "binary", "numeric", "metricSavings"):
                    print(f"    {audit['id']}: {audit['score']} {audit.get('displayValue', '')}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
