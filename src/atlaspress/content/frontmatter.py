"""Split a post into YAML front matter and Markdown, keeping positions for diagnostics.

Diagnostics must point into the whole file, not into the front-matter block, so the YAML
is composed into nodes (which carry marks) and each value's position is kept in a
:class:`Positions` table keyed by its path, e.g. ``("place", "at")`` or ``("facts", 2)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from atlaspress.core.errors import ContentError, Diagnostic, Severity
from atlaspress.core.text import Removed, describe, strip_unsafe, strip_unsafe_values

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

# Bounds on what front matter may build. Aliases are refused outright (a few hundred bytes
# of nested ``&a``/``*a`` expand to billions of values); without them a document holds at
# most one value per few bytes, so these only stop pathological files. A real post has a
# few hundred values; 100,000 leaves room for thousands of imported comments.
MAX_NODES = 100_000
MAX_DEPTH = 50


class _Refused(Exception):
    """Front matter that is well-formed YAML but not allowed; ``mark`` is where."""

    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _screen(text: str) -> None:
    """Refuse aliases, too many values and deep nesting from the event stream, before
    anything is composed, so nothing is ever expanded (raises :class:`_Refused`)."""
    loader = _Loader(text)
    nodes = depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(
                    event.start_mark,
                    f"YAML aliases (*{event.anchor}) are not allowed in front matter",
                    f"write the value out in full here instead of referring to &{event.anchor}",
                )
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    raise _Refused(
                        event.start_mark,
                        f"front matter has more than {MAX_NODES:,} values",
                        "keep bulk data out of the front matter, e.g. in a layer file",
                    )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(
                        event.start_mark,
                        f"front matter is nested more than {MAX_DEPTH} levels deep",
                        "post fields are at most a few levels deep; check the brackets and indentation",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _tab_column(line: str) -> int | None:
    """0-based column of a tab in a line's indentation (spaces and ``- `` list markers)."""
    indent = re.match(r"(?:[ \t]|-(?=[ \t]))*", line)
    where = indent.group().find("\t") if indent else -1
    return where if where >= 0 else None


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for positions) and the Python data built from it."""
    _screen(text)
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
    # Where a one-line string's characters begin (after an opening quote), for strings whose
    # source maps one to one onto the value (no escapes): a column within it is then exact.
    texts: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Characters removed before parsing (see atlaspress.core.text): keys and values are
    # already in the author's columns; ``texts`` and the body are mapped on the way out.
    removed: Removed = field(default_factory=Removed)

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

    def locate_in(self, path: Path_, column: int) -> tuple[int, int]:
        """Position of the 0-based ``column`` within the string at ``path`` (e.g. the longitude
        in ``at: 10, 200``); the value's own position when that cannot be mapped exactly."""
        if path in self.texts:
            line, col = self.texts[path]
            return line, self.removed.column(line, col + column)
        return self.locate(path)

    def column(self, line: int, column: int) -> int:
        """The author's column for a (line, column) computed on the cleaned text, e.g. in the body."""
        return self.removed.column(line, column)


@dataclass(frozen=True)
class Document:
    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the first body line
    positions: Positions
    warnings: tuple[Diagnostic, ...] = ()  # e.g. the characters removed before parsing


def _walk(node: yaml.Node, path: Path_, offset: int, keys: dict, values: dict, texts: dict) -> None:
    values[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line:
        quote = 1 if node.style in ("'", '"') else 0
        if node.end_mark.column - node.start_mark.column - 2 * quote == len(node.value):
            texts[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1 + quote)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            child = (*path, name)
            keys[child] = (k.start_mark.line + 1 + offset, k.start_mark.column + 1)
            _walk(v, child, offset, keys, values, texts)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), offset, keys, values, texts)


def parse_document(text: str, src_path: str) -> Document:
    """Parse ``---``-fenced YAML front matter and the Markdown body after it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text, removed = strip_unsafe(text)  # before YAML's reader, which refuses them without a position
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
    except _Refused as exc:
        line = exc.mark.line + 1 + offset
        raise ContentError.at(
            src_path, line, removed.column(line, exc.mark.column + 1), "yaml", exc.message, exc.hint
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else 1
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        source = lines[line - 1] if mark and line - 1 < len(lines) else ""
        tab = _tab_column(source)
        if tab is not None or "tab" in problem:
            col = tab + 1 if tab is not None else col
            raise ContentError.at(
                src_path,
                line,
                removed.column(line, col),
                "yaml",
                "YAML indentation must use spaces, not tabs",
                "replace the tab with spaces (two per level); most editors can indent with spaces",
            ) from exc
        raise ContentError.at(
            src_path,
            line,
            removed.column(line, col),
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
    texts: dict[Path_, tuple[int, int]] = {}
    if node is not None:
        _walk(node, (), offset, keys, values, texts)
    if removed.count:  # marks count columns in the cleaned text; diagnostics use the author's
        keys = {p: (ln, removed.column(ln, c)) for p, (ln, c) in keys.items()}
        values = {p: (ln, removed.column(ln, c)) for p, (ln, c) in values.items()}
    positions = Positions(keys=keys, values=values, start=(1, 1), texts=texts, removed=removed)
    data, escaped, in_value = strip_unsafe_values(data)  # written as escapes, e.g. "\v" or "\x1b"
    firsts = [removed.first] if removed.first else []
    if in_value:
        firsts.append((*positions.locate(in_value[0]), in_value[1]))
    warnings: tuple[Diagnostic, ...] = ()
    if firsts:
        count = removed.count + escaped
        line, col, char = min(firsts)
        warnings = (
            Diagnostic(
                src_path,
                line,
                col,
                Severity.WARNING,
                "text.control",
                f"removed {count} character{'s' * (count != 1)} that XML and HTML cannot carry "
                f"({'first: ' if count != 1 else ''}{describe(char)})",
                "they are invisible control characters or noncharacters, often pasted in from a PDF "
                "or a word processor; delete them from the file",
            ),
        )
    body = "".join(lines[end + 1 :])
    return Document(data=data, body=body, body_line=end + 2, positions=positions, warnings=warnings)
