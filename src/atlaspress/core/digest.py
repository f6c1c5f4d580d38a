"""Digests of what a page is made from, so a build renders only the pages whose inputs changed.

:class:`Digester` hashes a template context — dicts, lists, strings, dates, pydantic models,
dataclasses, lazily drawn maps — into one SHA-256. Objects whose content is already known by
a key (a post's front matter by its hash, its locator by its cache entry) are *registered*
with that key and a label (``post:kaesong``), so hashing them costs nothing and the labels
say which posts a page shows: the dependency record of :mod:`atlaspress.output.manifest`.

An unknown type is hashed by ``repr``, which for most objects holds a memory address: such a
page is always rendered again — slower, never stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from markupsafe import Markup


class Lazy:
    """Markup made only when a template prints it (an overview map), hashed by its recipe.

    ``str()``/``__html__`` call ``make(*args)`` once. The digest covers ``make``'s name and
    ``args``, so two builds with the same arguments share the rendered page.
    """

    def __init__(self, make: Callable[..., str], *args: Any) -> None:
        self.make, self.args = make, args
        self._value: str | None = None

    def __html__(self) -> str:
        if self._value is None:
            self._value = self.make(*self.args)
        return self._value

    __str__ = __html__

    def __bool__(self) -> bool:
        return True


class Digester:
    """Hashes template contexts; remembers registered objects by identity for one build."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str, str | None]] = {}  # id -> (obj kept alive, digest, label)

    def register(self, obj: Any, digest: str, label: str | None = None) -> Any:
        """Hash ``obj`` as ``digest`` from now on; return ``obj``."""
        self._known[id(obj)] = (obj, digest, label)
        return obj

    def release(self, *objs: Any) -> None:
        """Stop knowing ``objs`` (a post page's maps, once the page is made): a registered
        object is kept alive, so its id cannot be reused, until it is released."""
        for obj in objs:
            known = self._known.get(id(obj))
            if known is not None and known[0] is obj:
                del self._known[id(obj)]

    def digest(self, value: Any) -> tuple[str, set[str]]:
        """SHA-256 of ``value`` and the labels of the registered objects it holds."""
        digest = hashlib.sha256()
        labels: set[str] = set()
        self._feed(value, digest, labels)
        return digest.hexdigest(), labels

    def _feed(self, value: Any, h: Any, labels: set[str]) -> None:  # noqa: C901 - one branch per type
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            h.update(b"K" + known[1].encode())
            if known[2]:
                labels.add(known[2])
            return
        kind = type(value)
        # The common types first, by exact type (a page's context is mostly dicts of strings).
        if kind is str or kind is Markup:
            data = value.encode("utf-8", "surrogatepass")
            h.update(b"S" + len(data).to_bytes(8, "big") + data)
        elif kind is dict:
            h.update(b"{" + str(len(value)).encode() + b";")
            names = list(value)
            if all(type(k) is str for k in names):
                names.sort()
                feed, update = self._feed, h.update
                for k in names:
                    data = k.encode("utf-8", "surrogatepass")
                    update(b"S" + len(data).to_bytes(8, "big") + data)
                    item = value[k]
                    if type(item) is str and id(item) not in self._known:
                        data = item.encode("utf-8", "surrogatepass")
                        update(b"S" + len(data).to_bytes(8, "big") + data)
                    else:
                        feed(item, h, labels)
            else:
                for k in sorted(value, key=repr):
                    self._feed(k, h, labels)
                    self._feed(value[k], h, labels)
        elif kind is list or kind is tuple:
            h.update(b"[" + str(len(value)).encode() + b";")
            for item in value:
                self._feed(item, h, labels)
        else:
            self._feed_other(value, h, labels)

    def _feed_other(self, value: Any, h: Any, labels: set[str]) -> None:  # noqa: C901 - one branch per type
        if value is None or isinstance(value, bool):
            h.update(b"N" if value is None else (b"T" if value else b"F"))
        elif isinstance(value, str):  # a str subclass
            data = value.encode("utf-8", "surrogatepass")
            h.update(b"S" + len(data).to_bytes(8, "big") + data)
        elif isinstance(value, (bytes, bytearray)):
            h.update(b"B" + len(value).to_bytes(8, "big") + bytes(value))
        elif isinstance(value, (int, float)):
            h.update(b"I" + repr(value).encode() + b";")
        elif isinstance(value, (dt.date, dt.datetime, dt.time)):
            h.update(b"D" + value.isoformat().encode() + b";")
        elif isinstance(value, dict):
            h.update(b"{" + str(len(value)).encode() + b";")
            for k in sorted(value, key=repr):
                self._feed(k, h, labels)
                self._feed(value[k], h, labels)
        elif isinstance(value, (list, tuple)):
            h.update(b"[" + str(len(value)).encode() + b";")
            for item in value:
                self._feed(item, h, labels)
        elif isinstance(value, (set, frozenset)):
            h.update(b"<" + str(len(value)).encode() + b";")
            for item in sorted(value, key=repr):
                self._feed(item, h, labels)
        elif isinstance(value, enum.Enum):
            h.update(b"E" + type(value).__qualname__.encode())
            self._feed(value.value, h, labels)
        elif isinstance(value, PurePath):
            self._feed(str(value), h, labels)
        elif isinstance(value, Lazy):
            h.update(b"L" + _name(value.make).encode())
            self._feed(list(value.args), h, labels)
        elif isinstance(value, functools.partial):
            h.update(b"P" + _name(value.func).encode())
            self._feed(list(value.args), h, labels)
            self._feed(value.keywords, h, labels)
        elif hasattr(value, "model_dump") and hasattr(type(value), "model_fields"):  # pydantic
            h.update(b"M" + type(value).__qualname__.encode())
            self._feed(value.model_dump(mode="json"), h, labels)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            h.update(b"C" + type(value).__qualname__.encode())
            for f in dataclasses.fields(value):
                self._feed(f.name, h, labels)
                self._feed(getattr(value, f.name), h, labels)
        elif callable(value) and hasattr(value, "__qualname__") and not hasattr(value, "__self__"):
            h.update(b"F" + _name(value).encode())
        else:  # unknown: never equal twice, so never stale
            h.update(b"R" + repr(value).encode() + str(id(value)).encode())


def _name(func: Callable[..., Any]) -> str:
    return f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}"
