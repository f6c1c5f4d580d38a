"""What an import adds to ``atlaspress.toml``: series for mapped categories, and redirects.

The file is the user's: it is read with ``tomllib`` and only *added to*, as text, so its
comments, order and layout stay. New ``[series.<slug>]`` tables go at the end; redirect
entries (``"/category/foo/" = "/series/foo/"``, ``"/tag/bar/" = "/tags/bar/"``) go into the
``[redirects]`` table — right under its header when the file has one, else in a new table
at the end. Keys already there are left as they are. The result is parsed again before it
is written, and must hold everything the old file held; if it would not, nothing is
written and the report says what to add by hand.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\u{ord(ch):04X}"))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def merge(text: str, series: Mapping[str, str], redirects: Mapping[str, str]) -> tuple[str, list[str]]:
    """``text`` with the series (slug → title) and redirects it lacks; and what could not be added."""
    data: dict[str, Any] = tomllib.loads(text)
    problems: list[str] = []
    have_series = data.get("series", {})
    new_series = {k: v for k, v in series.items() if k not in have_series}
    have_redirects = data.get("redirects")
    if have_redirects is not None and not isinstance(have_redirects, dict):
        problems.append("`redirects` in atlaspress.toml is not a table; redirects were not added")
        redirects, have_redirects = {}, None
    new_redirects = {k: v for k, v in redirects.items() if k not in (have_redirects or {})}
    lines = text.splitlines()
    if new_redirects:
        entries = [f"{toml_string(k)} = {toml_string(v)}" for k, v in sorted(new_redirects.items())]
        header = next((i for i, line in enumerate(lines) if line.split("#", 1)[0].strip() == "[redirects]"), None)
        if header is not None:
            lines[header + 1:header + 1] = entries
        elif have_redirects is not None:
            problems.append("`redirects` is written inline in atlaspress.toml; add these redirects by hand: "
                            + ", ".join(entries))
        else:
            lines += ["", "# Old WordPress URLs (added by atlaspress import wordpress)", "[redirects]", *entries]
    if isinstance(have_series, dict):
        for slug, title in sorted(new_series.items()):
            lines += ["", f"[series.{slug}]", f"title = {toml_string(title)}",
                      'description = "Imported from WordPress (a category)."']
    elif new_series:
        problems.append("`series` in atlaspress.toml is not a table; add the series by hand")
    merged = "\n".join(lines) + "\n"
    try:
        check = tomllib.loads(merged)
    except tomllib.TOMLDecodeError:  # e.g. `series = {…}` written inline cannot take new tables
        check = None
    if check is None or not _keeps(data, check):
        wanted = [f"[series.{s}] title = {toml_string(t)}" for s, t in sorted(new_series.items())]
        wanted += [f"[redirects] {toml_string(k)} = {toml_string(v)}" for k, v in sorted(new_redirects.items())]
        return text, [*problems, "atlaspress.toml could not be extended safely, so it was not changed; add by hand: "
                      + "; ".join(wanted)]
    return merged, problems


def _keeps(old: Any, new: Any) -> bool:
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and _keeps(v, new[k]) for k, v in old.items())
    return bool(old == new)


def update_config(path: Path, series: Mapping[str, str], redirects: Mapping[str, str]) -> list[str]:
    """Add to the site's ``atlaspress.toml``; returns problems for the report."""
    from atlaspress.app.wordpress.bundle import write_text

    text = path.read_text(encoding="utf-8")
    merged, problems = merge(text, series, redirects)
    if merged != text:
        write_text(path, merged, path.parent)
    return problems
