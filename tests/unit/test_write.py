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


def _site(n):
    from atlaspress.output.write import MARKER_BYTES, MARKER_NAME

    return {MARKER_NAME: MARKER_BYTES, **{f"places/p{i}/index.html": b"page %d" % i for i in range(n)}}


def test_a_small_change_is_patched_in_place(tmp_path):
    from atlaspress.output.write import MARKER_BYTES, MARKER_NAME

    out = tmp_path / "public"
    stamps = write_site(_site(40), out)
    folder = os.stat(out).st_ino
    keep = {k: v for k, v in stamps.items() if k not in (MARKER_NAME, "places/p3/index.html", "places/p7/index.html")}
    new = write_site({MARKER_NAME: MARKER_BYTES, "places/p3/index.html": b"edited", "places/new/index.html": b"n"},
                     out, keep=keep)
    assert os.stat(out).st_ino == folder, "the folder itself stays: only the changed files are renamed in"
    expected = {**_site(40), "places/p3/index.html": b"edited", "places/new/index.html": b"n"}
    del expected["places/p7/index.html"]
    assert tree(out) == expected
    assert not (out / "places" / "p7").exists(), "a folder the site no longer has is removed"
    assert set(new) == set(expected)
    assert os.lstat(out / "places/p5/index.html").st_ino == stamps["places/p5/index.html"][2], "kept, not copied"
    assert [p.name for p in tmp_path.iterdir()] == ["public"], "no staging folder left behind"


def test_a_patch_that_fails_while_staging_keeps_the_previous_site(tmp_path):
    from atlaspress.output.write import MARKER_BYTES, MARKER_NAME

    out = tmp_path / "public"
    stamps = write_site(_site(40), out)
    before = tree(out)

    class Exploding(dict):
        def __getitem__(self, key):
            if key == "places/p9/index.html":
                raise RuntimeError("disk full")
            return super().__getitem__(key)

    keep = {k: v for k, v in stamps.items() if k not in (MARKER_NAME, "places/p3/index.html", "places/p9/index.html")}
    with pytest.raises(RuntimeError):
        write_site(Exploding({MARKER_NAME: MARKER_BYTES, "places/p3/index.html": b"x", "places/p9/index.html": b"y"}),
                   out, keep=keep)
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_a_patch_never_writes_through_a_link_planted_in_the_output(tmp_path):
    from atlaspress.output.write import MARKER_BYTES, MARKER_NAME, StaleOutput

    out = tmp_path / "public"
    stamps = write_site(_site(40), out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "planted").symlink_to(elsewhere, target_is_directory=True)
    keep = {k: v for k, v in stamps.items() if k != MARKER_NAME}
    with pytest.raises(StaleOutput):
        write_site({MARKER_NAME: MARKER_BYTES, "planted/x.html": b"x"}, out, keep=keep)
    assert list(elsewhere.iterdir()) == []


def test_a_big_change_swaps_the_whole_folder(tmp_path):
    out = tmp_path / "public"
    stamps = write_site(_site(40), out)
    folder = os.stat(out).st_ino
    keep = {k: v for k, v in stamps.items() if k.startswith("places/p1")}  # 11 of 41 kept: 30 written
    write_site({k: b"new" for k in _site(40) if not k.startswith("places/p1")}, out, keep=keep)
    assert os.stat(out).st_ino != folder
