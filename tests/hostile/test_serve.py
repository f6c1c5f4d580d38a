"""Issue 9, point 10: the dev server, and two builds into one output folder at once.

Requests go through http.client with raw paths and hand-written Host headers, so nothing
normalises them before the server sees them. The builds that race are real processes.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from atlaspress.app.build import build_site
from atlaspress.app.cli import cli
from atlaspress.app.serve import DevServer, host_allowed
from atlaspress.output import write as write_module
from atlaspress.output.write import MARKER_NAME, output_lock

from ..conftest import post_text

SECRET = "TOP-SECRET-OUTSIDE-THE-OUTPUT"


@pytest.fixture
def site(make_site, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    site = make_site({"x": post_text(title="X"), "y": post_text(title="Y", at="38.0, 127.0")})
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return site


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    dev = DevServer(site, site / "public", port=0, watch=False, keepalive=0.5,
                    console=Console(file=io.StringIO(), width=200))
    dev.start()
    try:
        yield dev
    finally:
        dev.stop()


def fetch(dev: DevServer, raw_path: str, host: str | None = "default") -> tuple[int, bytes]:
    """GET ``raw_path`` with the Host header given (``None``: no Host header at all)."""
    conn = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=10)
    try:
        conn.putrequest("GET", raw_path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", f"127.0.0.1:{dev.port}" if host == "default" else host)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# -- DNS rebinding ----------------------------------------------------------------------------------

def test_only_requests_addressed_to_this_server_are_answered(server: DevServer) -> None:
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, body = fetch(server, "/places/x/", host)
        assert status == 200, host
        assert b"<h1" in body
    refused = [
        f"attacker.example:{port}",  # a DNS name rebound to 127.0.0.1
        "attacker.example",
        f"localhost.attacker.example:{port}",
        f"127.0.0.1.attacker.example:{port}",
        f"127.0.0.1:{port + 1 if port < 65535 else port - 1}",
        f"user@127.0.0.1:{port}",
        f"127.0.0.1:{port}/x",
        "",
        None,
    ]
    for host in refused:
        status, body = fetch(server, "/places/x/", host)
        assert status == 403, host
        assert body == f"Host not allowed; open http://127.0.0.1:{port}/\n".encode(), host
    status, body = fetch(server, "/__atlaspress/events", "attacker.example")
    assert status == 403 and b"Host not allowed" in body


def test_the_bound_address_is_allowed_and_wildcards_take_ip_literals() -> None:
    assert host_allowed("192.168.1.5:8000", "192.168.1.5", 8000)
    assert not host_allowed("192.168.1.6:8000", "192.168.1.5", 8000)
    assert host_allowed("192.168.1.6:8000", "0.0.0.0", 8000)
    assert host_allowed("[fe80::1]:8000", "::", 8000)
    assert not host_allowed("rebind.attacker.example:8000", "0.0.0.0", 8000)
    assert not host_allowed("192.168.1.5:8001", "192.168.1.5", 8000)


# -- paths that used to crash the handler ---------------------------------------------------------

def test_thousands_of_segments_or_an_overlong_url_is_414_not_a_traceback(server: DevServer) -> None:
    cases = {
        "/a" * 5000: 414,  # 5,000 segments
        "/" + "a/" * 5000: 414,
        "/places/" + "%2e%2e/" * 3000 + "secret.txt": 414,
        "/" + "x" * 9000: 414,
        "/" + "x" * 300: 404,  # one name too long for the file system (ENAMETOOLONG)
        "/places/" + "x" * 300 + "/": 404,
        "/a" * 100 + "/": 404,
    }
    for raw_path, expected in cases.items():
        status, body = fetch(server, raw_path)
        assert status == expected, raw_path[:40]
        assert SECRET.encode() not in body
    assert fetch(server, "/" + "a" * 70000)[0] == 414  # the stdlib's own limit on the request line
    assert fetch(server, "/")[0] == 200, "still serving"


def test_nothing_outside_the_output_root_is_served(server: DevServer, tmp_path: Path) -> None:
    os.symlink(tmp_path / "secret.txt", server.out_dir / "leak.txt")
    os.symlink(tmp_path, server.out_dir / "up", target_is_directory=True)
    for raw_path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/places/..%2f..%2fsecret.txt",
                     "/places/x/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/..\\secret.txt", "/leak.txt", "/up/secret.txt",
                     "/up/site/atlaspress.toml", "/up/", "/%00/../secret.txt"):
        status, body = fetch(server, raw_path)
        assert status == 404, raw_path
        assert SECRET.encode() not in body and b"Test Atlas" not in body.split(b"<title>")[0]


# -- two builds into one output folder ------------------------------------------------------------

# A real build in its own process that says when it reaches the write step (``reached``)
# and, once its staging folder exists, pauses until ``go`` exists.
BUILD = """
import pathlib, sys, time
import atlaspress.app.build
from atlaspress.app.build import build_site

site, out, reached, started, go = map(pathlib.Path, sys.argv[1:6])
real_write = atlaspress.app.build.write_site

class Paused(dict):
    def __getitem__(self, key):
        if not started.exists():
            started.touch()  # the staging folder exists and the lock is held
            deadline = time.monotonic() + 60
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        return super().__getitem__(key)

def write(files, out_dir, **kw):
    reached.touch()
    return real_write(Paused(files), out_dir, **kw)

atlaspress.app.build.write_site = write
result = build_site(site, out)
sys.exit(0 if result.written else 3)
"""


def tree(path: Path) -> dict[str, str]:
    return {p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def wait_for(condition, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_second_build_waits_for_the_first_and_removes_none_of_its_files(site: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    assert build_site(site, reference).written
    out, signals = tmp_path / "out", tmp_path / "signals"
    signals.mkdir()
    go = signals / "go"

    def build(name: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", textwrap.dedent(BUILD), str(site), str(out),
                                 str(signals / f"{name}-reached"), str(signals / f"{name}-started"), str(go)])

    first = build("first")
    second = None
    try:
        assert wait_for(lambda: (signals / "first-started").exists() or first.poll() is not None)
        assert first.poll() is None, "the first build ended before writing"
        staging = [p for p in tmp_path.iterdir() if p.name.startswith(".atlaspress-staging-out-")]
        assert len(staging) == 1
        second = build("second")
        assert wait_for(lambda: (signals / "second-reached").exists() or second.poll() is not None)
        # The second build is at its write step; without a lock it sweeps and swaps in well
        # under a second. Give it a window to do the damage, then check it did none.
        assert not wait_for(lambda: second.poll() is not None, seconds=1.5), "the second build did not wait"
        assert not (signals / "second-started").exists()
        assert staging[0].is_dir(), "the second build removed the first one's staging folder"
        go.touch()
        assert first.wait(timeout=60) == 0
        assert second.wait(timeout=60) == 0
    finally:
        go.touch()
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert tree(out) == tree(reference), "complete, and byte-identical to a build on its own"
    assert (out / MARKER_NAME).is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_build_stops_with_a_clear_message_when_the_output_stays_locked(
    site: Path, chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CliRunner().invoke(cli, ["build", "site", "--out", "out"]).exit_code == 0
    before = tree(chdir_tmp / "out")
    monkeypatch.setattr(write_module, "LOCK_TIMEOUT", 0.3)
    with output_lock(chdir_tmp / "out"):  # another build that never finishes writing
        result = CliRunner().invoke(cli, ["build", "site", "--out", "out"])
    assert result.exit_code == 2
    assert result.output == (
        "out: error[out]: another atlaspress build is writing to the output folder; waited 0.3 s\n"
        "  hint: let the other build finish, then build again (its lock is .atlaspress-lock-out)\n"
    )
    assert tree(chdir_tmp / "out") == before
    assert not (chdir_tmp / ".atlaspress-lock-out").exists()


def test_the_sweep_leaves_folders_of_an_output_with_a_longer_name(site: Path, tmp_path: Path) -> None:
    """``out`` must not sweep ``.atlaspress-staging-out-2-…``: that is ``out-2``'s build, maybe running."""
    other = tmp_path / ".atlaspress-staging-out-2-k3j4h5g6"
    other.mkdir()
    (other / "index.html").write_text("being written by the build of out-2", encoding="utf-8")
    retired = tmp_path / ".atlaspress-retired-out-2-a1b2c3d4"
    retired.mkdir()
    assert build_site(site, tmp_path / "out").written
    assert (other / "index.html").is_file()
    assert retired.is_dir()
