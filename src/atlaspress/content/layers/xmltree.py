"""Parse XML safely (defusedxml) into a small tree whose elements know their line.

KML and GPX readers need line numbers for their messages, which ElementTree does not
keep. defusedxml's SAX driver gives both: the locator tells where each element starts,
and DTD entity declarations and external references are refused before anything is
expanded or read. Namespaces are ignored on purpose: KML 2.2 / 2.3, Google's ``gx:``
extensions and GPX 1.0 / 1.1 are matched by local name.
"""

from __future__ import annotations

import re
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser

from atlaspress.core.errors import ContentError

MAX_DEPTH = 200

_SAFETY = "which atlaspress refuses for safety (XXE / entity expansion)"


@dataclass(eq=False, slots=True)
class Node:
    """One XML element: local tag name, attributes by local name, children, own text.

    ``parts`` is the element's own character data in order; ``marks[i]`` is how many of
    those parts come before ``children[i]``, so mixed content (XHTML in a description)
    can be read back in document order. Slots: a Location History track has a node per
    ``<when>`` and ``<gx:coord>``.
    """

    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    text_line: int = 0  # where the element's character data starts
    text_col: int = 0
    marks: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def child_text(self, tag: str) -> str | None:
        """Stripped text of the first ``tag`` child, or None when absent or blank."""
        node = self.find(tag)
        if node is None:
            return None
        text = node.all_text().strip()
        return text or None

    def content(self) -> list[Node | str]:
        """Own text and children interleaved, in document order."""
        out: list[Node | str] = []
        start = 0
        for child, mark in zip(self.children, self.marks, strict=True):
            out.extend(self.parts[start:mark])
            out.append(child)
            start = mark
        out.extend(self.parts[start:])
        return out

    def all_text(self) -> str:
        """Text of this element and every descendant, in document order."""
        if not self.children:
            return "".join(self.parts)
        out: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
            else:
                stack.extend(reversed(item.content()))
        return "".join(out)

    def iter(self, tag: str) -> Iterator[Node]:
        """Every descendant (and self) with ``tag``, depth first."""
        return self.iter_any((tag,))

    def iter_any(self, tags: tuple[str, ...]) -> Iterator[Node]:
        """Every descendant (and self) whose tag is one of ``tags``, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            if node.tag in tags:
                yield node
            stack.extend(reversed(node.children))


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


_NO_ATTRS: dict[str, str] = {}  # shared by every element without attributes; never mutated


class _Builder(xml.sax.ContentHandler):
    def __init__(
        self, reader: DefusedExpatParser, display: str, skip: frozenset[tuple[str, str]]
    ) -> None:
        super().__init__()
        self.reader = reader
        self.display = display
        self.skip = skip
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.skipping = 0  # depth inside an element left out (``skip``)
        self._names: dict[str, str] = {}

    def _where(self) -> tuple[int, int]:
        return self.reader.getLineNumber() or 1, (self.reader.getColumnNumber() or 0) + 1

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        line, col = self._where()
        if len(self.stack) + self.skipping >= MAX_DEPTH:
            raise ContentError.at(
                self.display,
                line,
                col,
                "layer",
                f"elements are nested more than {MAX_DEPTH} deep",
                "this is not a map export atlaspress can read",
            )
        tag = self._names.get(name)
        if tag is None:
            tag = self._names.setdefault(name, _local(name))
        if self.skipping or (self.stack and (self.stack[-1].tag, tag) in self.skip):
            self.skipping += 1
            return
        node = Node(tag, {_local(k): v for k, v in attrs.items()} if attrs else _NO_ATTRS, line, col)
        if self.stack:
            parent = self.stack[-1]
            parent.children.append(node)
            parent.marks.append(len(parent.parts))
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        if self.skipping:
            self.skipping -= 1
        else:
            self.stack.pop()

    def characters(self, content: str) -> None:
        if not self.stack or self.skipping:
            return
        node = self.stack[-1]
        if not node.parts:
            node.text_line, node.text_col = self._where()
        node.parts.append(content)


def parse_xml(
    data: bytes, display: str, kind: str, skip: frozenset[tuple[str, str]] = frozenset()
) -> Node:
    """Parse ``data`` into a :class:`Node` tree; raise a located ContentError if unsafe or broken.

    ``kind`` ("KML", "GPX") names the format in messages. ``skip`` holds (parent, child)
    local names whose elements are left out of the tree with everything inside them
    (``("Track", "when")``: the timestamps of a track nobody reads).
    """
    reader = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder = _Builder(reader, display, skip)
    reader.setContentHandler(builder)

    def refuse(message: str) -> ContentError:
        line, col = builder._where()
        return ContentError.at(
            display,
            line,
            col,
            "layer",
            message,
            f"export the {kind} again without a <!DOCTYPE …> block",
        )

    try:
        reader.feed(data)
        reader.close()
    except EntitiesForbidden as exc:
        raise refuse(f"{kind} uses an XML entity declaration ({exc.name!r}), {_SAFETY}") from None
    except ExternalReferenceForbidden as exc:
        raise refuse(
            f"{kind} refers to an external XML entity or DTD ({exc.sysid!r}), {_SAFETY}"
        ) from None
    except DTDForbidden:  # pragma: no cover - DTDs without entities are allowed
        raise refuse(f"{kind} has a document type declaration, {_SAFETY}") from None
    except xml.sax.SAXParseException as exc:
        message = exc.getMessage()
        raise ContentError.at(
            display,
            exc.getLineNumber() or 1,
            (exc.getColumnNumber() or 0) + 1,
            "layer",
            f"{kind} is not well-formed XML: {message}",
            "the file may be cut short or not be " + kind,
        ) from None
    except RecursionError:  # pragma: no cover - the depth guard comes first
        raise ContentError.at(display, 1, 1, "layer", f"{kind} is nested too deeply") from None
    if builder.root is None:  # pragma: no cover - expat reports "no element found" first
        raise ContentError.at(display, 1, 1, "layer", f"{kind} has no root element")
    return builder.root


_LEADING_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?([ \t\r\n]+)(<\?xml\b[^>]*\?>)")
_DECLARED = re.compile(rb"^(\xef\xbb\xbf)?<\?xml\b[^>]*\bencoding\s*=")


def prepare(data: bytes, kind: str) -> tuple[bytes, str | None]:
    """Bytes expat can read, and a note when they had to be changed.

    Two things real exports do that XML forbids: blank lines before the ``<?xml …?>``
    declaration (server scripts), which moves the declaration to the start and keeps every
    line number; and text that is not UTF-8 with no encoding declared (old Windows tools),
    read as Windows-1252 with a note, since a Latin letter then reads wrong at worst.
    """
    moved = _LEADING_DECLARATION.match(data)
    if moved:
        bom, space, declaration = moved.groups()
        data = (bom or b"") + declaration + space + data[moved.end() :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _DECLARED.match(data) or data[:2].count(0):
        return data, None  # UTF-16, or an encoding the file names: expat decodes it
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        line = data[: exc.start].count(b"\n") + 1
        note = (
            f"line {line}: the {kind} is not UTF-8 and names no encoding; it was read as "
            "Windows-1252, so check accented letters in names"
        )
        return text.encode("utf-8"), note
    return data, None


def parse_root(
    data: bytes, ctx: Any, tag: str, kind: str, hint: str, skip: frozenset[tuple[str, str]] = frozenset()
) -> Node:
    """Parse ``data`` and insist its root element is ``tag`` (``ctx`` is the reader's Context).

    Blank lines before the declaration and undeclared Windows-1252 are read (:func:`prepare`).
    """
    data, note = prepare(data, kind)
    if note:
        ctx.warn(note)
    root = parse_xml(data, ctx.display, kind, skip)
    if root.tag != tag:
        raise ctx.error(root.line, root.col, f"this is not {kind}: the root element is <{root.tag}>", hint)
    return root
