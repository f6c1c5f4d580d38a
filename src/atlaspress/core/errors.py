"""Diagnostics: the one way atlaspress tells an author something is wrong.

Every problem found in content or configuration becomes a :class:`Diagnostic` that
names the file, the line and column, a short code (usually the front-matter field)
and a hint. They print compiler-style so editors and terminals can jump to them::

    content/places/x/index.md:7:3: error[place.at]: latitude 137.9 is out of range
      hint: values look swapped; write "lat, lon" or {lat: …, lon: …}

Stages collect diagnostics instead of raising, so one bad post never hides the rest.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
        """Render as ``path:line:col: severity[code]: message`` plus an optional hint line
        (``path: severity[code]: …`` when ``line`` is 0: about the file as a whole)."""
        where = f"{self.path}:{self.line}:{self.column}" if self.line > 0 else self.path  # 0: the whole file
        text = f"{where}: {self.severity.value}[{self.code}]: {self.message}"
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


def internal_error(path: str | Path, step: str, exc: BaseException) -> Diagnostic:
    """A per-post step raised something unexpected: a bug (ours or a library's), not the author's.

    The post is skipped and the rest of the site is built; the text asks for a report and
    carries the exception on one line::

        content/places/x/index.md: error[internal]: drawing the locator map failed (please report: …)
    """
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    return Diagnostic(str(path), 0, 0, Severity.ERROR, "internal", f"{step} failed (please report: {detail})")


class StepFailed(Exception):
    """Raised from inside a per-post step to name it; ``__cause__`` is what went wrong."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


@contextmanager
def step(name: str) -> Iterator[None]:
    """Name the per-post step in the block (``with step("drawing the locator map"): …``).

    An unexpected exception leaves it as :class:`StepFailed`; one raised on purpose
    (:class:`AtlaspressError`, e.g. a located :class:`ContentError`) and an inner step's
    :class:`StepFailed` pass through unchanged.
    """
    try:
        yield
    except (StepFailed, AtlaspressError):
        raise
    except Exception as exc:
        raise StepFailed(name) from exc


class PostsFailed(Exception):
    """Some posts failed in a stage that sees the whole site (link, render).

    ``diagnostics`` holds each one's by slug; the caller drops those posts and runs the
    stage again, so nothing site-wide is made from a post that could not be.
    """

    def __init__(self, diagnostics: dict[str, Diagnostic]) -> None:
        super().__init__("; ".join(d.format() for d in diagnostics.values()))
        self.diagnostics = diagnostics


def post_failure(path: str | Path, exc: Exception, default: str) -> Diagnostic:
    """The diagnostic for a per-post step that raised ``exc``; ``default`` names the step
    when no inner :func:`step` did."""
    if isinstance(exc, ContentError):
        return exc.diagnostic
    if isinstance(exc, StepFailed) and exc.__cause__ is not None:
        return internal_error(path, exc.step, exc.__cause__)
    return internal_error(path, default, exc)


def display_path(path: Path, real: str | None = None) -> str:
    """Show paths relative to the working directory when possible, as compilers do
    (``real``: ``path`` with its links resolved, when the caller has it)."""
    real = real or os.path.realpath(path)
    cwd = _real_cwd(os.getcwd())
    if real == cwd:
        return "."
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return real[len(prefix):] if real.startswith(prefix) else str(path)


@functools.lru_cache(maxsize=8)
def _real_cwd(cwd: str) -> str:
    """The working directory with its links resolved (once per directory: it is asked per post)."""
    return os.path.realpath(cwd)
