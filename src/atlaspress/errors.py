"""Diagnostics: the one way atlaspress tells an author something is wrong.

Every problem found in content or configuration becomes a :class:`Diagnostic` that
names the file, the line and column, a short code (usually the front-matter field)
and a hint. They print compiler-style so editors and terminals can jump to them::

    content/places/x/index.md:7:3: error[place.at]: latitude 137.9 is out of range
      hint: values look swapped; write "lat, lon" or {lat: …, lon: …}

Stages collect diagnostics instead of raising, so one bad post never hides the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A located message about the author's input."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def format(self) -> str:
        """Render as ``path:line:col: severity[code]: message`` plus an optional hint line."""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class AtlaspressError(Exception):
    """Base class for every exception atlaspress raises on purpose."""


class ContentError(AtlaspressError):
    """An author's input cannot be used; carries the located :class:`Diagnostic`."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic

    @classmethod
    def at(
        cls,
        path: str | Path,
        line: int,
        column: int,
        code: str,
        message: str,
        hint: str | None = None,
    ) -> ContentError:
        return cls(Diagnostic(str(path), line, column, Severity.ERROR, code, message, hint))


class ConfigError(ContentError):
    """The site configuration is invalid: nothing can be built."""


class BuildError(AtlaspressError):
    """The build failed as a whole (configuration, output folder); the old site is kept."""


@dataclass
class Report:
    """Diagnostics gathered during one run, kept in a stable order."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    def error(self, path: str | Path, line: int, column: int, code: str, message: str, hint: str | None = None) -> None:
        self.add(Diagnostic(str(path), line, column, Severity.ERROR, code, message, hint))

    def warning(
        self, path: str | Path, line: int, column: int, code: str, message: str, hint: str | None = None
    ) -> None:
        self.add(Diagnostic(str(path), line, column, Severity.WARNING, code, message, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items)


def display_path(path: Path) -> str:
    """Show paths relative to the working directory when possible, as compilers do."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
