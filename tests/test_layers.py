"""The layout shows the pipeline: one package per stage, imports one way, no cycles.

``core → content → geo → facts → maps → site → render → output → app``: a module may import
its own stage and earlier ones, never a later one. Every import counts — at module level,
inside a function (lazy), under ``if TYPE_CHECKING:``, relative or absolute, and
``importlib.import_module("atlaspress…")`` with a literal name — because each is a
dependency someone must understand before changing the module it names. Besides the order,
no two modules may import each other, directly or round a loop, even within one stage.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "atlaspress"
STAGES = ("core", "content", "geo", "facts", "maps", "site", "render", "output", "app")
# Not stage packages: the root package (only ``__version__``: it must import nothing) and
# ``python -m atlaspress``, which is the app.
ROOT_STAGE = {"": "core", "__main__": "app"}
SKIP = {"_vendor", "theme", "__pycache__"}


@dataclass(frozen=True)
class Edge:
    source: str  # importing module, dotted
    target: str  # imported module, dotted (the deepest module of the package that exists)
    line: int
    path: Path


def modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Every module of the package at ``root``: dotted name → (file, is a package)."""
    out: dict[str, tuple[Path, bool]] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if SKIP & set(rel.parts):
            continue
        parts = [root.name, *rel.with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


def _deepest(name: str, known: dict[str, tuple[Path, bool]]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def import_edges(root: Path) -> list[Edge]:
    """Every import of the package by itself, at any depth of the syntax tree."""
    known = modules(root)
    top = root.name
    edges: list[Edge] = []
    for name, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))

        def add(target: str, line: int, name: str = name, path: Path = path) -> None:
            found = _deepest(target, known)
            if found is not None and found != name:
                edges.append(Edge(name, found, line, path))

        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == top or alias.name.startswith(top + "."):
                        add(alias.name, node.lineno)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                if module != top and not module.startswith(top + "."):
                    continue
                for alias in node.names:  # `from pkg import module` imports the module
                    candidate = f"{module}.{alias.name}"
                    add(candidate if candidate in known else module, node.lineno)
            elif isinstance(node, ast.Call):  # importlib.import_module("atlaspress.x"), __import__
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in ("import_module", "__import__") and node.args:
                    arg = node.args[0]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and (
                        arg.value == top or arg.value.startswith(top + ".")
                    ):
                        add(arg.value, node.lineno)
    return edges


def stage_of(module: str) -> str | None:
    """The stage a dotted module belongs to (``None``: outside every stage package)."""
    parts = module.split(".")[1:]
    if not parts:
        return ROOT_STAGE[""]
    if parts[0] in STAGES:
        return parts[0]
    return ROOT_STAGE.get(parts[0]) if len(parts) == 1 else None


def order_violations(root: Path) -> list[str]:
    """``path:line: module imports later-stage module`` for each import against the order,
    and one line for each module that sits in no stage package."""
    problems = []
    for name in modules(root):
        if stage_of(name) is None:
            problems.append(f"{name} is in no stage package ({', '.join(STAGES)})")
    rank = {stage: i for i, stage in enumerate(STAGES)}
    for e in import_edges(root):
        source, target = stage_of(e.source), stage_of(e.target)
        if source is None or target is None:
            continue  # reported above
        if rank[target] > rank[source]:
            problems.append(f"{e.path}:{e.line}: {e.source} ({source}) imports {e.target} ({target}), "
                            f"a later stage")
    return problems


def cycles(root: Path) -> list[list[str]]:
    """Each set of modules that import each other round a loop (Tarjan's strongly connected
    components of more than one module), sorted."""
    graph: dict[str, set[str]] = {name: set() for name in modules(root)}
    for e in import_edges(root):
        graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # iterative: the package is deep enough to matter
        nonlocal counter
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(found)


# --- the package itself ---------------------------------------------------------------------


def test_every_import_follows_the_stage_order():
    problems = order_violations(PACKAGE)
    assert not problems, "imports against core → … → app:\n" + "\n".join(problems)


def test_no_import_cycle():
    found = cycles(PACKAGE)
    assert not found, "modules importing each other:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_the_walk_sees_the_package():
    """The checks above pass vacuously if the walk finds nothing: it must see known edges of
    each kind (module level, lazy in a function, under TYPE_CHECKING, relative)."""
    edges = {(e.source, e.target) for e in import_edges(PACKAGE)}
    assert ("atlaspress.app.build", "atlaspress.render.pages") in edges or (
        "atlaspress.app.build", "atlaspress.render") in edges
    assert ("atlaspress.facts.place", "atlaspress.facts.cities") in edges  # relative
    assert ("atlaspress.geo.borders", "atlaspress.geo.land") in edges  # lazy, relative
    assert len(modules(PACKAGE)) > 60
    for stage in STAGES:
        assert any(stage_of(m) == stage for m in modules(PACKAGE)), stage


# --- the checks fail when they should: a planted package ------------------------------------


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "atlaspress"
    for stage in STAGES:
        (root / stage).mkdir(parents=True, exist_ok=True)
        (root / stage / "__init__.py").write_text("")
    (root / "__init__.py").write_text('__version__ = "0"\n')
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def test_a_clean_planted_package_passes(tmp_path):
    root = _plant(tmp_path, {
        "core/a.py": "import math\n",
        "content/b.py": "from atlaspress.core import a\n",
        "app/c.py": "from ..content.b import x\nfrom atlaspress import __version__\n",
    })
    assert order_violations(root) == []
    assert cycles(root) == []


@pytest.mark.parametrize("text", [
    "from atlaspress.site.s import x\n",  # module level
    "def f():\n    from atlaspress.site.s import x\n",  # lazy, inside a function
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from atlaspress.site.s import X\n",
    "from ..site import s\n",  # relative, a module of a later stage package
    "from ..site.s import x\n",  # relative
    "import atlaspress.site.s\n",
    "import importlib\nm = importlib.import_module('atlaspress.site.s')\n",
])
def test_a_planted_import_against_the_order_fails(tmp_path, text):
    root = _plant(tmp_path, {"site/s.py": "x = 1\nX = int\n", "facts/f.py": text})
    problems = order_violations(root)
    assert len(problems) == 1
    assert "atlaspress.facts.f (facts) imports atlaspress.site.s (site)" in problems[0]
    assert problems[0].startswith(str(root / "facts" / "f.py") + ":")


def test_a_planted_cycle_fails_even_within_one_stage(tmp_path):
    root = _plant(tmp_path, {
        "facts/a.py": "from atlaspress.facts.b import y\nx = 1\n",
        "facts/b.py": "y = 1\ndef f():\n    from atlaspress.facts.c import z\n",
        "facts/c.py": "from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    from atlaspress.facts.a import x\nz = 1\n",
        "facts/d.py": "from atlaspress.facts.a import x\n",  # imports into the loop, not part of it
    })
    assert order_violations(root) == []
    assert cycles(root) == [["atlaspress.facts.a", "atlaspress.facts.b", "atlaspress.facts.c"]]


def test_a_module_outside_the_stages_fails(tmp_path):
    root = _plant(tmp_path, {"lint.py": "x = 1\n", "webmap/site.py": "y = 1\n"})
    problems = order_violations(root)
    assert any("atlaspress.lint is in no stage package" in p for p in problems)
    assert any("atlaspress.webmap.site is in no stage package" in p for p in problems)


def test_the_root_package_imports_nothing(tmp_path):
    """The root is read as core: it may not reach into a later stage either."""
    root = _plant(tmp_path, {"__init__.py": "from atlaspress.app import cli\n", "app/cli.py": "x = 1\n"})
    problems = order_violations(root)
    assert len(problems) == 1 and "atlaspress (core) imports atlaspress.app.cli (app)" in problems[0]
