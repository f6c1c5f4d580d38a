"""The import report: what came in, what was skipped and why, and what needs a person.

The same facts are printed with rich at the end of ``atlaspress import wordpress`` and
written to ``wordpress-import.md`` in the site folder (outside ``content/``, so it is not
published), to work through afterwards. It holds no time stamp: importing the same export
into the same site writes the same report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

REPORT_FILE = "wordpress-import.md"


@dataclass
class NeedsPlace:
    path: str
    title: str


@dataclass
class MapNote:
    path: str
    kml_url: str
    command: str


@dataclass
class ImportReport:
    export: str
    site: str
    nothing: str | None = None  # why nothing was imported, when nothing was
    posts: list[str] = field(default_factory=list)  # files written
    pages: list[str] = field(default_factory=list)
    drafts: int = 0
    comments: int = 0
    comments_skipped: Counter[str] = field(default_factory=Counter)  # why → how many
    images_copied: int = 0
    files_copied: int = 0
    remote_images: list[tuple[str, str]] = field(default_factory=list)  # (post file, URL)
    missing_uploads: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    skipped_types: Counter[str] = field(default_factory=Counter)
    existing: list[tuple[str, str]] = field(default_factory=list)  # (file, title): imported before
    needs_place: list[NeedsPlace] = field(default_factory=list)
    places: Counter[str] = field(default_factory=Counter)  # where places came from
    unknown_shortcodes: dict[str, list[str]] = field(default_factory=dict)  # name → files
    dropped_blocks: dict[str, list[str]] = field(default_factory=dict)
    my_maps: list[MapNote] = field(default_factory=list)
    embeds: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (wanted slug, used path)
    series: dict[str, str] = field(default_factory=dict)  # category slug → series slug
    redirects: int = 0
    warnings: list[str] = field(default_factory=list)
    update: bool = False

    def shortcode(self, name: str, path: str) -> None:
        files = self.unknown_shortcodes.setdefault(name, [])
        if path not in files:
            files.append(path)

    def block(self, name: str, path: str) -> None:
        files = self.dropped_blocks.setdefault(name, [])
        if path not in files:
            files.append(path)

    def counts(self) -> list[tuple[str, int]]:
        return [
            ("posts", len(self.posts)),
            ("pages", len(self.pages)),
            ("drafts among them", self.drafts),
            ("comments", self.comments),
            ("images copied", self.images_copied),
            ("other files copied", self.files_copied),
            ("images left remote", len(self.remote_images)),
            ("redirects", self.redirects),
        ]

    # -- Markdown --------------------------------------------------------------------------
    def markdown(self) -> str:
        out = [f"# WordPress import of {self.export}", ""]
        if self.nothing:
            out += [f"**Nothing was imported:** {self.nothing}", ""]
            return "\n".join(out)
        out += ["| what | how many |", "|---|---:|"]
        out += [f"| {name} | {n} |" for name, n in self.counts()]
        out.append("")
        if self.needs_place:
            out += ["## Posts that need a place", "",
                    "Imported as drafts: they are checked but not published until they have a place. "
                    "Write `place:` with `name:` and `at: \"lat, lon\"` in each (or list them in a "
                    "`--places` CSV and import again with `--update`), then remove `draft: true`.", ""]
            out += [f"- `{n.path}` — {_md(n.title)}: needs a coordinate: write place.at" for n in self.needs_place]
            out.append("")
        if self.my_maps:
            out += ["## Google My Maps to bring over", "",
                    "Download each map as KML/KMZ and run the command in the site folder:", ""]
            for note in self.my_maps:
                out += [f"- `{note.path}`: <{note.kml_url}>", f"  `{note.command}`"]
            out.append("")
        if self.unknown_shortcodes:
            out += ["## Unknown shortcodes (kept as text)", ""]
            out += [f"- `[{name}]` in " + ", ".join(f"`{f}`" for f in files)
                    for name, files in sorted(self.unknown_shortcodes.items())]
            out.append("")
        if self.dropped_blocks:
            out += ["## Blocks without content (drawn by a plugin on the old site; left out)", ""]
            out += [f"- `{name}` in " + ", ".join(f"`{f}`" for f in files)
                    for name, files in sorted(self.dropped_blocks.items())]
            out.append("")
        if self.missing_uploads:
            out += ["## Uploads not found in --uploads (left as links to the old site)", ""]
            out += [f"- `{path}`: <{url}>" for path, url in self.missing_uploads]
            out.append("")
        if self.remote_images:
            out += ["## Images left on the old site", "",
                    "The built pages load these from their old address; import again with "
                    "`--uploads` (a copy of wp-content/uploads) to bring them into the posts.", ""]
            out += [f"- `{path}`: <{url}>" for path, url in self.remote_images]
            out.append("")
        if self.existing:
            verb = "rewritten (--update)" if self.update else "skipped: imported before (--update rewrites them)"
            out += [f"## Already in the site, {verb}", ""]
            out += [f"- `{path}` — {_md(title)}" for path, title in self.existing]
            out.append("")
        if self.renamed:
            out += ["## Slugs already taken (imported under another name)", ""]
            out += [f"- `{slug}` → `{path}`" for slug, path in self.renamed]
            out.append("")
        skipped = [*self.skipped, *[(f"{n} × {kind}", "not a post or page") for kind, n in
                                     sorted(self.skipped_types.items())]]
        skipped += [(f"{n} comment{'s' * (n != 1)}", why) for why, n in sorted(self.comments_skipped.items())]
        if skipped:
            out += ["## Skipped", ""]
            out += [f"- {_md(what)}: {why}" for what, why in skipped]
            out.append("")
        if self.places:
            out += ["## Where places came from", ""]
            out += [f"- {source}: {n}" for source, n in sorted(self.places.items())]
            out.append("")
        if self.series:
            out += ["## Categories imported as series", ""]
            out += [f"- `{c}` → series `{s}`" for c, s in sorted(self.series.items())]
            out.append("")
        if self.warnings:
            out += ["## Warnings", ""]
            out += [f"- {_md(w)}" for w in self.warnings]
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    # -- terminal ---------------------------------------------------------------------------
    def print(self, console: Console) -> None:
        from rich.table import Table

        if self.nothing:
            console.print(f"[yellow]nothing imported:[/] {escape(self.nothing)}")
            return
        table = Table(title=f"Imported {escape(self.export)} into {escape(self.site)}", show_header=False)
        table.add_column("what")
        table.add_column("n", justify="right")
        for name, n in self.counts():
            table.add_row(name, str(n))
        console.print(table)
        for note in self.needs_place:
            console.print(f"[yellow]{escape(note.path)}: needs a coordinate: write place.at[/] (imported as a draft)")
        for map_note in self.my_maps:
            console.print(f"{escape(map_note.path)}: My Maps map: download {escape(map_note.kml_url)} then run "
                          f"[bold]{escape(map_note.command)}[/]")
        for name, files in sorted(self.unknown_shortcodes.items()):
            console.print(f"[yellow]unknown shortcode {escape(f'[{name}]')}[/] kept as text in {len(files)} "
                          f"file{'s' * (len(files) != 1)}")
        for path, _title in self.existing:
            verb = "rewritten" if self.update else "already imported, skipped (--update rewrites it)"
            console.print(f"{escape(path)}: {verb}")
        for what, why in self.skipped:
            console.print(f"[dim]skipped {escape(what)}: {escape(why)}[/]")
        for kind, n in sorted(self.skipped_types.items()):
            console.print(f"[dim]skipped {n} × {escape(kind)}: not a post or page[/]")
        for warning in self.warnings:
            console.print(f"[yellow]warning: {escape(warning)}[/]")


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
