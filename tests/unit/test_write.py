import os
import signal
import subprocess
import sys
import textwrap

import pytest

from atlaspress.core.errors import BuildError
from atlaspress.output.write import write_site


def tree(path):
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_replaces_the_output_exactly(tmp_path):
    out = tmp_path / "public"
    write_site({"index.html": b"one", "a/b.txt": b"b"}, out)
    write_site({"index.html": b"two"}, out)
    assert tree(out) == {"index.html": b"two"}
    assert [p.name for p in tmp_path.iterdir()] == ["public"], "no staging folder left behind"


def test_refuses_paths_outside_the_output(tmp_path):
    out = tmp_path / "public"
    write_site({"index.html": b"old"}, out)
    with pytest.raises(BuildError):
        write_site({"index.html": b"new", "../escape.txt": b"x"}, out)
    assert tree(out) == {"index.html": b"old"}
    assert not (tmp_path / "escape.txt").exists()


def test_failure_mid_write_keeps_the_previous_site(tmp_path):
    out = tmp_path / "public"
    write_site({"index.html": b"old"}, out)

    class Exploding(dict):
        def __getitem__(self, key):
            if key == "z.html":
                raise RuntimeError("disk full")
            return super().__getitem__(key)

    with pytest.raises(RuntimeError):
        write_site(Exploding({"index.html": b"new", "z.html": b"z"}), out)
    assert tree(out) == {"index.html": b"old"}


def test_sigkill_half_way_leaves_the_previous_output(tmp_path):
    out = tmp_path / "public"
    write_site({"index.html": b"old"}, out)
    marker = tmp_path / "started"
    script = textwrap.dedent(f"""
        import pathlib, time
        from atlaspress.output.write import write_site

        class Slow(dict):
            def __getitem__(self, key):
                pathlib.Path({str(marker)!r}).touch()
                time.sleep(30)
                return super().__getitem__(key)

        write_site(Slow({{"index.html": b"new", "b.html": b"b"}}), pathlib.Path({str(out)!r}))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(600):
            if marker.exists():
                break
            if proc.poll() is not None:
                pytest.fail("writer exited early")
            import time
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert tree(out) == {"index.html": b"old"}
    write_site({"index.html": b"newer"}, out)
    assert tree(out) == {"index.html": b"newer"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".atlaspress")] == []


def test_interrupted_between_renames_restores_the_retired_site(tmp_path):
    out = tmp_path / "public"
    retired = tmp_path / ".atlaspress-retired-public-abc"
    retired.mkdir()
    (retired / "index.html").write_bytes(b"last good")
    write_site({"index.html": b"fresh"}, out)
    assert tree(out) == {"index.html": b"fresh"}
    assert not retired.exists()
