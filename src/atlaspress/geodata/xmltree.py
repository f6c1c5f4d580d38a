"""Parse XML safely (defusedxml) into a small tree whose elements know their line.

KML and GPX readers need line numbers for their messages, which ElementTree does not
keep. defusedxml's SAX driver gives both: the locator tells where each element starts,
and DTD entity declarations and external references are refused before anything is
expanded or read. Namespaces are ignored on purpose: KML 2.2 / 2.3, Google's ``gx:``
extensions and GPX 1.0 / 1.1 are matched by local name.
"""

from __future__ import annotations

import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser

from atlaspress.errors import ContentError

MAX_DEPTH = 200

_SAFETY = "which atlaspress refuses for safety (XXE / entity expansion)"


@dataclass(eq=False)
class Node:
    """One XML element: local tag name, attributes by local name, children, own text."""

    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    text_line: int = 0  # where the element's character data starts
    text_col: int = 0

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

    def all_text(self) -> str:
        """Text of this element and every descendant, in document order."""
        out: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
                continue
            out.append(item.text)
            stack.extend(reversed(item.children))
        return "".join(out)

    def iter(self, tag: str) -> Iterator[Node]:
        """Every descendant (and self) with ``tag``, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            if node.tag == tag:
                yield node
            stack.extend(reversed(node.children))


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


class _Builder(xml.sax.ContentHandler):
    def __init__(self, reader: DefusedExpatParser, display: str) -> None:
        super().__init__()
        self.reader = reader
        self.display = display
        self.stack: list[Node] = []
        self.root: Node | None = None

    def _where(self) -> tuple[int, int]:
        return self.reader.getLineNumber() or 1, (self.reader.getColumnNumber() or 0) + 1

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        line, col = self._where()
        if len(self.stack) >= MAX_DEPTH:
            raise ContentError.at(
                self.display,
                line,
                col,
                "layer",
                f"elements are nested more than {MAX_DEPTH} deep",
                "this is not a map export atlaspress can read",
            )
        node = Node(_local(name), {_local(k): v for k, v in attrs.items()}, line, col)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content: str) -> None:
        if not self.stack:
            return
        node = self.stack[-1]
        if not node.parts:
            node.text_line, node.text_col = self._where()
        node.parts.append(content)


def parse_xml(data: bytes, display: str, kind: str) -> Node:
    """Parse ``data`` into a :class:`Node` tree; raise a located ContentError if unsafe or broken.

    ``kind`` ("KML", "GPX") names the format in messages.
    """
    reader = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder = _Builder(reader, display)
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


def parse_root(data: bytes, ctx: Any, tag: str, kind: str, hint: str) -> Node:
    """Parse ``data`` and insist its root element is ``tag`` (``ctx`` is the reader's Context)."""
    root = parse_xml(data, ctx.display, kind)
    if root.tag != tag:
        raise ctx.error(root.line, root.col, f"this is not {kind}: the root element is <{root.tag}>", hint)
    return root
