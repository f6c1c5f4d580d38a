"""Issue 9, point 4: front matter cannot exhaust memory.

A "billion laughs" — nine lines of nested anchors and aliases, about 400 bytes — once drove
``build``, ``check`` and ``serve`` past 10 GB. Aliases are now refused, at the alias, before
anything is composed; the number of values and the depth are bounded as well. The bomb is
run in a subprocess limited to 1 GB of address space, so a regression fails with a
MemoryError (or a kill), never by a timer.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from atlaspress.app.build import build_site
from atlaspress.content.frontmatter import MAX_DEPTH, MAX_NODES

from ..conftest import post_text

HEAD = "---\ntitle: Bomb\ndate: 2022-09-01\nplace:\n  name: Bomb\n  at: 37.93, 126.60\n"
HINT_A = "\n  hint: write the value out in full here instead of referring to &a"


def billion_laughs() -> str:
    """9 levels of 9 aliases each: 9**9 (387 million) strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return HEAD + "\n".join(lines) + "\n---\nBody.\n"


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.fixture
def bomb_site(make_site: Callable[..., Path], chdir_tmp: Path) -> Path:
    return make_site({"good": post_text(title="Good place"), "bomb": billion_laughs()})


@pytest.mark.parametrize("command", ["build", "check"])
def test_billion_laughs_is_refused_in_bounded_memory(bomb_site, chdir_tmp, command):
    args = [sys.executable, "-m", "atlaspress", command, "site"] + (["--out", "out"] if command == "build" else [])
    assert len(billion_laughs().encode()) < 500
    done = subprocess.run(args, preexec_fn=_limit_memory, capture_output=True, text=True, timeout=600)
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr  # one error: the bomb; the rest is fine
    assert (
        "site/content/places/bomb/index.md:8:8: error[yaml]: YAML aliases (*a) are not allowed in front matter"
        + HINT_A
    ) in done.stderr
    assert "1 error, 0 warnings" in done.stderr
    if command == "build":
        assert (chdir_tmp / "out/places/good/index.html").is_file()
        assert not (chdir_tmp / "out/places/bomb").exists()


def _build_one(make_site: Callable[..., Path], chdir_tmp: Path, bad: str) -> list[str]:
    # the good post's body has "&a" and "*a" too: only front matter is YAML
    good = post_text(title="Good place").replace("Body of", "Tom &a Jerry *a and")
    make_site({"good": good, "x": bad})
    result = build_site(Path("site"), Path("out"))
    assert result.written and (chdir_tmp / "out/places/good/index.html").is_file()
    assert not (chdir_tmp / "out/places/x").exists()
    return [d.format() for d in result.diagnostics]


def test_a_single_harmless_alias_is_refused_too(make_site, chdir_tmp):
    bad = HEAD + "summary: &a Short.\nsubtitle: *a\n---\nBody.\n"
    assert _build_one(make_site, chdir_tmp, bad) == [
        "site/content/places/x/index.md:8:11: error[yaml]: YAML aliases (*a) are not allowed in front matter" + HINT_A
    ]


def test_a_merge_key_is_an_alias(make_site, chdir_tmp):
    bad = HEAD.replace("place:\n  name: Bomb\n", "base: &a {name: Bomb}\nplace:\n  <<: *a\n")
    assert _build_one(make_site, chdir_tmp, bad + "---\nBody.\n") == [
        "site/content/places/x/index.md:6:7: error[yaml]: YAML aliases (*a) are not allowed in front matter" + HINT_A
    ]


def test_deep_nesting_is_refused_where_it_gets_too_deep(make_site, chdir_tmp):
    depth = MAX_DEPTH + 10
    bad = HEAD + "question: " + "[" * depth + "]" * depth + "\n---\nBody.\n"
    # the root mapping is level 1, so the 50th bracket (column 11 + 49) opens level 51
    assert _build_one(make_site, chdir_tmp, bad) == [
        f"site/content/places/x/index.md:7:60: error[yaml]: front matter is nested more than {MAX_DEPTH} levels deep"
        "\n  hint: post fields are at most a few levels deep; check the brackets and indentation"
    ]


def test_too_many_values_are_refused(make_site, chdir_tmp):
    bad = HEAD + "tags: [" + ", ".join(["a"] * MAX_NODES) + "]\n---\nBody.\n"
    # the root mapping, title, date, place (key and mapping), name, at, then the tags key and its
    # list: 13 values before the first tag, so tag n = MAX_NODES - 12, at column 8 + 3 * (n - 1),
    # is the one too many
    column = 8 + 3 * (MAX_NODES - 13)
    assert _build_one(make_site, chdir_tmp, bad) == [
        f"site/content/places/x/index.md:7:{column}: error[yaml]: front matter has more than {MAX_NODES:,} values"
        "\n  hint: keep bulk data out of the front matter, e.g. in a layer file"
    ]
