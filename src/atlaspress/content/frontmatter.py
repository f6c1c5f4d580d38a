"""Split a post into YAML front matter and Markdown, keeping positions for diagnostics.

Diagnostics must point into the whole file, not into the front-matter block, so the YAML
is composed into nodes (which carry marks) and each value's position is kept in a
:class:`Positions` table keyed by its path, e.g. ``("place", "at")`` or ``("facts", 2)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from atlaspress.errors import ContentError

_FENCE = re.compile(r"^---[ \t]*$")


# libyaml's parser when PyYAML was built with it (the wheels are): same results, ~10x faster.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """YAML 1.2-ish: dates stay strings (pydantic checks them with a clear message),
    and only ``true``/``false`` are booleans, so a country code ``NO`` stays Norway."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

Path_ = tuple[Any, ...]


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for positions) and the Python data built from it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Positions:
    """1-based (line, column) of every key and value, by path, already offset into the file."""

    keys: dict[Path_, tuple[int, int]]
    values: dict[Path_, tuple[int, int]]
    start: tuple[int, int]

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of ``path``; falls back to the nearest known ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.start


@dataclass(frozen=True)
class Document:
    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the first body line
    positions: Positions


def _walk(node: yaml.Node, path: Path_, offset: int, keys: dict, values: dict) -> None:
    values[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            child = (*path, name)
            keys[child] = (k.start_mark.line + 1 + offset, k.start_mark.column + 1)
            _walk(v, child, offset, keys, values)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), offset, keys, values)


def parse_document(text: str, src_path: str) -> Document:
    """Parse ``---``-fenced YAML front matter and the Markdown body after it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise ContentError.at(
            src_path,
            1,
            1,
            "front-matter",
            "the post does not start with a front-matter block",
            "begin the file with a line `---`, the YAML fields, and another `---`",
        )
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n"))), None)
    if end is None:
        raise ContentError.at(
            src_path,
            1,
            1,
            "front-matter",
            "the front-matter block is never closed",
            "add a line `---` after the last YAML field",
        )
    yaml_text = "".join(lines[1:end])
    offset = 1  # YAML line 0 is file line 2
    try:
        node, data = _compose_and_construct(yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else 1
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError.at(
            src_path,
            line,
            col,
            "yaml",
            f"invalid YAML: {problem}",
            "check indentation and quote values that contain ': ' or start with a special character",
        ) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked YAML errors are rare
        raise ContentError.at(src_path, 2, 1, "yaml", f"invalid YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError.at(
            src_path,
            2,
            1,
            "front-matter",
            "front matter must be a mapping of fields",
            "write one `key: value` per line, e.g. `title: Kaesong Industrial Zone`",
        )
    keys: dict[Path_, tuple[int, int]] = {}
    values: dict[Path_, tuple[int, int]] = {}
    if node is not None:
        _walk(node, (), offset, keys, values)
    positions = Positions(keys=keys, values=values, start=(1, 1))
    body = "".join(lines[end + 1 :])
    return Document(data=data, body=body, body_line=end + 2, positions=positions)
