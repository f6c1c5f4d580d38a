"""Issue 9, point 2: ``--out`` never destroys what atlaspress did not write.

Every refused case asserts the exact message, exit status 2, and that every file on
``tmp_path`` (the site and the unrelated folders beside it) is intact byte for byte.
``build`` runs for real; ``serve`` runs the CLI with the server itself replaced, so the
validation it does before starting is tested without a long-running process.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import atlaspress.app.serve
from atlaspress.app.cli import cli
from atlaspress.app.serve import DevServer
from atlaspress.output.write import MARKER_BYTES, MARKER_NAME, OutputFolderError

from ..conftest import post_text

MARKER = MARKER_NAME
SITE_HINT = "  hint: build into a folder of its own: leave out --out to use site/public"
NOT_OURS = (
    "the output folder is not empty and was not written by atlaspress (no .atlaspress-output file); "
    "a build would delete what is in it"
)
NOT_OURS_HINT = (
    "  hint: give a missing or empty folder; if an older atlaspress built it, delete it once and build again"
)


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root``: files by SHA-256, folders and links by kind and target."""
    entries = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            entries[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            entries[rel] = "dir"
        else:
            entries[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


@pytest.fixture
def world(make_site: Callable[..., Path], chdir_tmp: Path) -> Path:
    """A site with two posts and a layer, and an unrelated folder of someone's files beside it."""
    make_site({"x": post_text(title="X"), "y": post_text(title="Y", at="38.0, 127.0")},
              files={"content/places/x/zone.geojson": '{"type": "FeatureCollection", "features": []}\n'})
    (chdir_tmp / "stuff").mkdir()
    (chdir_tmp / "stuff" / "notes.txt").write_text("my notes, not a website\n", encoding="utf-8")
    (chdir_tmp / "stuff" / "thesis.tex").write_text("\\documentclass{article}\n", encoding="utf-8")
    (chdir_tmp / "notes.txt").write_text("a file\n", encoding="utf-8")
    other = chdir_tmp / "other-site"
    other.mkdir()
    (other / "atlaspress.toml").write_text('title = "Other"\n', encoding="utf-8")
    (other / MARKER).write_bytes(MARKER_BYTES)  # even a marker does not make a site an output
    os.symlink("site", chdir_tmp / "site-link")
    return chdir_tmp


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, Path]]:
    """Replace the blocking dev server the ``serve`` command starts; record what it was asked."""
    calls: list[tuple[Path, Path]] = []

    def fake_serve(site: Path, out: Path, **kwargs: object) -> None:
        calls.append((site, out))

    monkeypatch.setattr(atlaspress.app.serve, "serve", fake_serve)
    return calls


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


REFUSED = {
    "the site folder": (
        "site",
        "site: error[out]: the output folder is the site folder; a build would delete the site",
        SITE_HINT,
    ),
    "a link to the site folder": (
        "site-link",
        "site-link: error[out]: the output folder is the site folder; a build would delete the site",
        SITE_HINT,
    ),
    "the content folder": (
        "site/content",
        "site/content: error[out]: the output folder is inside the site's content folder; "
        "a build would delete posts",
        SITE_HINT,
    ),
    "a post folder": (
        "site/content/places/x",
        "site/content/places/x: error[out]: the output folder is inside the site's content folder; "
        "a build would delete posts",
        SITE_HINT,
    ),
    "a missing folder inside content": (
        "site/content/places/x/public",
        "site/content/places/x/public: error[out]: the output folder is inside the site's content folder; "
        "a build would delete posts",
        SITE_HINT,
    ),
    "a parent of the site": (
        ".",
        ".: error[out]: the output folder contains the site folder; a build would delete the site",
        SITE_HINT,
    ),
    "another site": (
        "other-site",
        "other-site: error[out]: the output folder holds a site configuration (atlaspress.toml); "
        "a build would delete it",
        SITE_HINT,
    ),
    "a non-empty unrelated folder": ("stuff", f"stuff: error[out]: {NOT_OURS}", NOT_OURS_HINT),
    "a file": (
        "notes.txt",
        "notes.txt: error[out]: the output folder is a file",
        "  hint: give a folder that is missing, empty, or an earlier atlaspress output",
    ),
}


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_output_folder_exits_2_and_touches_nothing(
    world: Path, no_server: list[tuple[Path, Path]], command: str, case: str
) -> None:
    out, message, hint = REFUSED[case]
    before = snapshot(world)
    result = run(command, "site", "--out", out)
    assert result.exit_code == 2, result.output
    assert result.output == f"{message}\n{hint}\n"
    assert snapshot(world) == before
    assert no_server == []


def test_an_absolute_ancestor_is_refused_too(world: Path) -> None:
    before = snapshot(world)
    result = run("build", "site", "--out", str(world.parent))
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"{world.parent}: error[out]: the output folder contains the site folder; a build would delete the site"
    )
    assert snapshot(world) == before


def test_the_dev_server_refuses_before_binding_or_building(world: Path) -> None:
    before = snapshot(world)
    dev = DevServer(world / "site", world / "stuff", port=0, watch=False)
    with pytest.raises(OutputFolderError) as caught:
        dev.start()
    assert caught.value.format() == f"stuff: error[out]: {NOT_OURS}\n{NOT_OURS_HINT}"  # relative to the cwd
    assert dev._httpd is None
    assert snapshot(world) == before


def test_a_marker_that_is_not_ours_does_not_count(world: Path) -> None:
    (world / "stuff" / MARKER).write_text("something else\n", encoding="utf-8")
    before = snapshot(world)
    result = run("build", "site", "--out", "stuff")
    assert result.exit_code == 2
    assert result.output == f"stuff: error[out]: {NOT_OURS}\n{NOT_OURS_HINT}\n"
    assert snapshot(world) == before


# -- accepted -------------------------------------------------------------------------------------

def site_files(world: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(world).items() if k.startswith("site/") and "/.atlaspress-cache" not in k
            and not k.startswith("site/public")}


@pytest.mark.parametrize("out", ["public", "empty", "site/public", "nested/new/public"])
def test_a_missing_or_empty_folder_is_built_and_marked(world: Path, out: str) -> None:
    if out == "empty":
        (world / "empty").mkdir()
    before = site_files(world)
    others = {k: v for k, v in snapshot(world).items() if k.startswith(("stuff", "other-site", "notes"))}
    result = run("build", "site", "--out", out)
    assert result.exit_code == 0, result.output
    assert (world / out / "places/x/index.html").is_file()
    assert (world / out / MARKER).read_bytes() == MARKER_BYTES
    assert site_files(world) == before
    assert {k: v for k, v in snapshot(world).items() if k.startswith(("stuff", "other-site", "notes"))} == others


def test_the_default_output_builds_again_and_again(world: Path) -> None:
    assert run("build", "site").exit_code == 0
    assert (world / "site/public" / MARKER).read_bytes() == MARKER_BYTES
    first = snapshot(world / "site/public")
    (world / "site/public/stray.html").write_text("left by hand", encoding="utf-8")  # ours to replace
    result = run("build", "site")
    assert result.exit_code == 0, result.output
    assert snapshot(world / "site/public") == first, "byte-identical, stray file gone"
    leftovers = [p.name for p in (world / "site").iterdir() if p.name.startswith(".atlaspress-")]
    assert leftovers == [".atlaspress-cache"], "no staging, retired or lock file left beside the output"


@pytest.mark.parametrize("out", [None, "public", "empty"])
def test_serve_accepts_missing_empty_and_earlier_output(
    world: Path, no_server: list[tuple[Path, Path]], out: str | None
) -> None:
    if out == "empty":
        (world / "empty").mkdir()
    args = ["serve", "site"] + (["--out", out] if out else [])
    assert run(*args).exit_code == 0
    assert run("build", *args[1:]).exit_code == 0  # now it is an earlier output
    expected = Path(out) if out else Path("site/public")
    assert (world / expected / MARKER).read_bytes() == MARKER_BYTES
    assert run(*args).exit_code == 0
    assert no_server == [(Path("site"), expected), (Path("site"), expected)]
