"""Check web links for ``atlaspress check --external``: bounded threads, timeouts, a cache.

Each URL is asked once per run with ``HEAD`` (``GET`` when a server refuses ``HEAD``), by
at most ``workers`` threads, each request bounded by ``timeout`` seconds. Answers are kept
in ``.atlaspress-cache/links.json`` (status and UTC timestamp) so a rerun asks only for
links that are new or whose answer is stale: a week for working links, a day for broken
ones.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from atlaspress import __version__

WORKERS = 8
TIMEOUT = 10.0
FRESH_OK = 7 * 86400.0
FRESH_BROKEN = 86400.0
USER_AGENT = f"atlaspress/{__version__} (link check; +https://github.com/atlaspress)"
_RETRY_WITH_GET = {403, 405, 501}


@dataclass(frozen=True)
class LinkStatus:
    status: int | None  # HTTP status; None when there was no answer
    error: str | None = None  # "no answer within 10 s", "connection refused"

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


def fetch_status(url: str, timeout: float = TIMEOUT) -> LinkStatus:
    """One URL's status: ``HEAD`` first, ``GET`` (body not read) if the server refuses it."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
                return LinkStatus(response.status)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in _RETRY_WITH_GET:
                continue
            return LinkStatus(exc.code)
        except TimeoutError:
            return LinkStatus(None, f"no answer within {timeout:g} s")
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return LinkStatus(None, f"no answer within {timeout:g} s")
            return LinkStatus(None, str(getattr(reason, "strerror", None) or reason))
        except (OSError, ValueError) as exc:
            return LinkStatus(None, str(exc) or type(exc).__name__)
    return LinkStatus(None, "no answer")  # pragma: no cover - the loop always returns


def _stamp(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _seconds(stamp: str) -> float:
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp()


def _read_cache(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        links = data.get("links", {}) if isinstance(data, dict) else {}
        return {k: v for k, v in links.items() if isinstance(v, dict) and "checked" in v}
    except (OSError, ValueError):
        return {}


def check_links(urls: Iterable[str], cache: Path | None, *, timeout: float = TIMEOUT,
                workers: int = WORKERS, now: Callable[[], float] = time.time,
                fetch: Callable[[str, float], LinkStatus] = fetch_status) -> dict[str, LinkStatus]:
    """Status of every URL, from the cache when fresh, else asked with ``workers`` threads."""
    entries = _read_cache(cache) if cache else {}
    moment = now()
    result: dict[str, LinkStatus] = {}
    todo = []
    for url in sorted(set(urls)):
        entry = entries.get(url)
        if entry is not None:
            try:
                status = LinkStatus(entry.get("status"), entry.get("error"))
                age = moment - _seconds(entry["checked"])
                if age < (FRESH_OK if status.ok else FRESH_BROKEN):
                    result[url] = status
                    continue
            except (TypeError, ValueError):
                pass
        todo.append(url)
    if todo:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
            for url, status in zip(todo, pool.map(lambda u: fetch(u, timeout), todo)):
                result[url] = status
                entries[url] = {"status": status.status, "error": status.error, "checked": _stamp(moment)}
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"version": 1, "links": dict(sorted(entries.items()))},
                                            indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            os.replace(temporary, cache)
    return result
