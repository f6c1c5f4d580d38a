"""Embedded content (iframes, ``[embed]``, embed blocks) as Markdown; nothing is fetched.

A Google My Maps map (``google.com/maps/d/embed?mid=…``) cannot be carried over by looking
at the page: its features live at Google. It becomes a visible link to the map for readers
and, for the author, a comment in the Markdown with the KML export link
(``https://www.google.com/maps/d/kml?mid=…``) and the exact ``atlaspress import kml``
command that adds the downloaded file to the post as a layer; the report repeats both.
Other embeds (YouTube, Vimeo, a Google Maps view, anything else) become a plain link to
the page they show, so the built site loads nothing from those hosts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

MY_MAPS_KML = "https://www.google.com/maps/d/kml?mid={mid}"
MY_MAPS_VIEWER = "https://www.google.com/maps/d/viewer?mid={mid}"


@dataclass(frozen=True)
class MyMap:
    """A Google My Maps map a post embedded or linked."""

    mid: str

    @property
    def kml_url(self) -> str:
        return MY_MAPS_KML.format(mid=quote(self.mid, safe="-_.~"))

    @property
    def viewer_url(self) -> str:
        return MY_MAPS_VIEWER.format(mid=quote(self.mid, safe="-_.~"))


def my_map(url: str) -> MyMap | None:
    """The map a My Maps URL (embed, viewer, edit, kml) names, if it is one."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if not (host == "google.com" or host.endswith(".google.com")) or "/maps/d/" not in parts.path + "/":
        return None
    mid = parse_qs(parts.query).get("mid", [""])[0]
    return MyMap(mid) if re.fullmatch(r"[A-Za-z0-9_.\-]{4,200}", mid) else None


def kml_command(slug: str, content_dir: str = "content/places") -> str:
    """What the author runs, in the site folder, once the KML/KMZ is downloaded."""
    return f"atlaspress import kml {slug}.kmz --into {content_dir}/{slug}"


def safe_url(url: str) -> str | None:
    """An http(s) URL (protocol-relative ``//host/…`` made https), else None."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _label(url: str) -> tuple[str, str]:
    """The page an embed shows, and how to name it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    youtube = re.match(r"/(?:embed|v|shorts)/([\w-]{6,20})", parts.path)
    if host in ("youtube.com", "youtube-nocookie.com", "m.youtube.com") and youtube:
        return f"https://www.youtube.com/watch?v={youtube[1]}", "Video on YouTube"
    if host in ("youtube.com", "youtu.be", "m.youtube.com"):
        return url, "Video on YouTube"
    vimeo = re.match(r"/video/(\d+)", parts.path)
    if host == "player.vimeo.com" and vimeo:
        return f"https://vimeo.com/{vimeo[1]}", "Video on Vimeo"
    if host == "vimeo.com":
        return url, "Video on Vimeo"
    if (host.endswith("google.com") or host == "maps.app.goo.gl") and "/maps" in parts.path + "/maps":
        if "/maps/embed" in parts.path:
            query = parse_qs(parts.query)
            target = query.get("q", query.get("center", [""]))[0]
            view = f"https://www.google.com/maps/search/?api=1&query={quote(target)}" if target else url
            return view, "Map on Google Maps"
        return url, "Map on Google Maps"
    if host.endswith("twitter.com") or host == "x.com":
        return url, "Post on X (Twitter)"
    if host.endswith("instagram.com"):
        return url, "Post on Instagram"
    if host.endswith("soundcloud.com"):
        return url, "Audio on SoundCloud"
    if host.endswith("spotify.com"):
        return url, "Audio on Spotify"
    return url, f"Embedded content from {host}"


def _md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def embed_markdown(url: str, slug: str) -> tuple[str, MyMap | None]:
    """The Markdown an embed of ``url`` becomes in post ``slug``, and the My Maps map if it is one."""
    safe = safe_url(url)
    if safe is None:
        return "", None
    mine = my_map(safe)
    if mine is not None:
        text = (
            f"> **Map:** [the original map on Google My Maps]({_md_url(mine.viewer_url)})\n\n"
            f"<!-- atlaspress import: this post embedded a Google My Maps map. Download it as KML/KMZ from "
            f"{mine.kml_url} and add it to this post with: {kml_command(slug)} -->"
        )
        return text, mine
    target, label = _label(safe)
    return f"> **{label}:** <{_md_url(target)}>", None
