"""The ``atlaspress`` command line.

Exit codes: 0 success; 1 the content has errors (or warnings under ``--strict``);
2 usage errors (unknown option, missing folder) — click's convention, kept on purpose so
scripts can tell "you typed it wrong" from "the site is broken".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from atlaspress import __version__
from atlaspress.app.result import BuildResult
from atlaspress.content.coords import CoordinateError
from atlaspress.core.errors import AtlaspressError
from atlaspress.output.write import OutputFolderError, check_output_folder

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

SITE_ARG = click.argument(
    "site",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    required=False,
)



OUT_RULE = (
    "It must be missing, empty, or an earlier atlaspress output (marked by the"
    " .atlaspress-output file every build writes); never the site folder, a folder inside"
    " its content/, or one that contains the site or an atlaspress.toml. Otherwise"
    " nothing is touched and the exit status is 2."
)


def out_option(help_text: str):  # type: ignore[no-untyped-def]
    """The ``--out/-o`` option shared by ``build`` and ``serve``.

    Any path is accepted here; :func:`_check_out` gives the reasons a folder is refused.
    """
    return click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), metavar="DIRECTORY",
                        help=f"{help_text} {OUT_RULE}")


def _check_out(site: Path, out_dir: Path | None) -> Path:
    """The output folder, or print why atlaspress may not replace it and exit 2."""
    where = out_dir or site / "public"
    try:
        check_output_folder(site, where)
    except OutputFolderError as exc:
        _print_out_error(exc)
    return where


def _print_out_error(exc: OutputFolderError) -> NoReturn:
    head, _, hint = exc.format().partition("\n")
    err.print(f"[red]{_escape(head)}[/]")
    err.print(f"[dim]{_escape(hint)}[/]")
    sys.exit(2)

def _print_diagnostics(result: BuildResult) -> None:
    for diagnostic in result.diagnostics:
        colour = "red" if diagnostic.is_error else "yellow"
        head, _, hint = diagnostic.format().partition("\n")
        err.print(f"[{colour}]{_escape(head)}[/]")
        if hint:
            err.print(f"[dim]{_escape(hint)}[/]")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _require_site(site: Path) -> None:
    if not site.is_dir():
        raise click.UsageError(f"site folder {str(site)!r} does not exist")


class _Bar:
    """A rich progress bar shown only for long builds on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<7}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not enabled,
        )
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total or 1)
        self.progress.update(self.tasks[stage], completed=done, total=total or 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="atlaspress")
def cli() -> None:
    """Build map-first websites of place explainers from Markdown.

    A site is a folder with an `atlaspress.toml` and one folder per post under
    `content/places/<slug>/`, holding `index.md` (YAML front matter + Markdown) and
    optional geodata layers and images. Start with:

    \b
      atlaspress new site my-site
      cd my-site
      atlaspress new post "Kaesong Industrial Zone" --at "37.93 N, 126.60 E"
      atlaspress serve

    Problems are reported as `path:line:col: error[field]: message` with a hint.
    Exit status: 0 ok, 1 content errors (or warnings with --strict), 2 usage errors.
    """


@cli.command()
@SITE_ARG
@out_option("Output folder. Default: SITE/public. Replaced atomically when the build succeeds.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on any error or warning; write nothing then.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems, no summary line.")
def build(site: Path, out_dir: Path | None, strict: bool, quiet: bool) -> None:
    """Build SITE into a static website.

    Posts with errors are reported and left out; the rest of the site is built. The
    output is written to a temporary folder and swapped in only when complete, so a
    failed build leaves the previous site untouched. Two builds of the same input are
    byte-identical.

    Builds are incremental: what each post needs (HTML, maps, facts, card, search index)
    is cached in SITE/.atlaspress-cache, and only the output files whose inputs changed
    since the last build are rendered and written into the output in place, each staged
    first and renamed in (a change of most files swaps in a whole new folder instead).
    Delete the cache folder to start cold.
    """
    _require_site(site)
    where = _check_out(site, out_dir)
    from atlaspress.app.uptodate import quick_build

    quick = quick_build(site, where)  # nothing changed: answered before the pipeline is even imported
    if quick.result is not None:
        if not quiet:
            err.print("[green]" + _escape(quick.result.summary() + f" → {where}") + "[/]")
        sys.exit(0)
    from atlaspress.app.build import BuildSession, build_site

    _fewer_collections()
    bar = _Bar(enabled=err.is_terminal and not quiet)
    session = BuildSession(site, where, records=quick.records, digest=quick.digest)
    try:
        with bar.progress:
            result = build_site(site, where, strict=strict, progress=bar, session=session)
    except OutputFolderError as exc:  # changed since the check, or another build holds it too long
        _print_out_error(exc)
    _print_diagnostics(result)
    if not quiet:
        line = result.summary() + (f" → {where}" if result.written else "; nothing written")
        err.print(("[green]" if not result.failed(strict) else "[red]") + _escape(line) + "[/]")
    sys.exit(1 if result.failed(strict) else 0)


@cli.command()
@SITE_ARG
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option(
    "--fix",
    is_flag=True,
    help="Repair polygon layers (close rings, make_valid, RFC 7946 winding) in place and say what changed.",
)
@click.option(
    "--external",
    is_flag=True,
    help="Also check web links (8 at a time, 10 s timeout; answers cached in .atlaspress-cache/links.json).",
)
def check(site: Path, strict: bool, fix: bool, external: bool) -> None:
    """Validate SITE: configuration, front matter, layers, links, claims and geography.

    Runs every stage except writing the site, so it is safe to use in CI or an editor hook;
    like a build it fills SITE/.atlaspress-cache (what it computes per post), so the next
    build is quicker. On top
    of the build's checks it lints: swapped latitude/longitude, land places in the sea,
    unclosed, self-intersecting or clockwise polygons, posts sharing a title, facts
    without sources, and images without alt text or credit.
    """
    _require_site(site)
    from atlaspress.app.check import lint_site, merge

    lint = lint_site(site, fix=fix, external=external)  # first: --fix rewrites layers the build reads
    from atlaspress.app.build import compile_site

    result = compile_site(site)
    merge(result.report, lint)
    for line in lint.fixes:
        err.print(f"[green]fixed[/] {_escape(line)}")
    _print_diagnostics(result)
    err.print(_escape(result.summary()))
    sys.exit(1 if result.failed(strict) else 0)


@cli.command()
@SITE_ARG
@click.option(
    "--port",
    "-p",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
@click.option(
    "--bind",
    "-b",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. Keep the default unless you mean to expose the preview.",
)
@out_option("Output folder. Default: SITE/public.")
@click.option("--no-watch", is_flag=True, help="Build once and serve; do not rebuild on changes.")
def serve(site: Path, port: int, bind: str, out_dir: Path | None, no_watch: bool) -> None:
    """Build SITE and preview it with live reload.

    Saving a post, a template or atlaspress.toml rebuilds the site and reloads open
    browser tabs. When the build has errors, the page shows them until they are fixed.
    Only requests addressed to localhost, 127.0.0.1, [::1] or the --bind address are
    answered, so a web page cannot read the preview through DNS rebinding.
    """
    _require_site(site)
    where = _check_out(site, out_dir)
    from atlaspress.app.serve import serve as run_server

    try:
        run_server(site, where, bind=bind, port=port, watch=not no_watch, console=err)
    except AtlaspressError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.group()
def new() -> None:
    """Create a new site or post from a template."""


@new.command("site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="Site title. Default: from the folder name.")
def new_site_cmd(directory: Path, title: str | None) -> None:
    """Create a site in DIRECTORY with atlaspress.toml and content/places/."""
    from atlaspress.app.scaffold import new_site

    try:
        new_site(directory, title)
    except AtlaspressError as exc:
        raise click.UsageError(str(exc)) from exc
    err.print(f'created {directory}/ — next: atlaspress new post "Title" --at "lat, lon" --site {directory}')


@new.command("post")
@click.argument("title")
@click.option("--at", "at", required=True, help='Position, latitude first: "37.93, 126.60" or "37.93 N, 126.60 E".')
@click.option(
    "--site",
    "site",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Site folder.",
)
@click.option("--series", help="Series slug from atlaspress.toml.")
def new_post_cmd(title: str, at: str, site: Path, series: str | None) -> None:
    """Create content/places/<slug>/index.md for TITLE at position --at."""
    from atlaspress.app.scaffold import new_post

    _require_site(site)
    try:
        path = new_post(site, title, at, series=series)
    except CoordinateError as exc:
        raise click.BadParameter(f"{exc}" + (f" (hint: {exc.hint})" if exc.hint else ""), param_hint="--at") from exc
    except AtlaspressError as exc:
        raise click.UsageError(str(exc)) from exc
    out.print(str(path))


@cli.group(name="import")
def import_() -> None:
    """Bring content in from other tools (Google My Maps, Google Earth, GPS units)."""


@import_.command("kml")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    help="Post folder to add the layer to, e.g. content/places/kaesong. "
    "Default: a new post named after the KML document.",
)
@click.option(
    "--site", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True, help="Site folder."
)
def import_kml_cmd(file: Path, into: Path | None, site: Path) -> None:
    """Turn a KML/KMZ export (e.g. Google My Maps) into a layer of a post.

    Folders become layer groups, placemark names, descriptions (their HTML sanitized) and
    ExtendedData become pop-ups, and styles, KMZ icons and the KMZ images descriptions
    show are kept; files no feature uses are left out. The layer is written as RFC 7946
    GeoJSON: shapes across the 180th meridian are cut there, outer rings run
    counterclockwise. When the post does not exist it is created, placed at the centre of
    the layer's features and titled after the document. NetworkLinks to other KML in the
    same KMZ are followed; nothing is fetched from the network, and what was left out is
    reported. GPX and GeoJSON files work too.
    """
    from atlaspress.app.importer import import_kml
    from atlaspress.core.errors import ContentError

    _require_site(site)
    try:
        result = import_kml(file, site, into)
    except ContentError as exc:
        err.print(f"[red]{_escape(exc.diagnostic.format())}[/]")
        sys.exit(1)
    verb = "created" if result.created else "updated"
    err.print(f"{verb} {result.post_path}: layer {result.layer_file.name} with {result.features} features")
    for note in (*result.skipped, *result.warnings):
        err.print(f"[yellow]note: {_escape(note)}[/]")
    for change in result.normalised:
        err.print(f"written as RFC 7946: {_escape(change)}")


@import_.command("wordpress")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--site", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    help="Site folder; created (with atlaspress.toml) when it has none.",
)
@click.option(
    "--uploads", type=click.Path(file_okay=False, path_type=Path),
    help="A copy of the old site's wp-content/uploads: the images posts use are copied into their folders. "
    "Without it, images stay on the old site and the report lists them.",
)
@click.option(
    "--places", "places", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE.csv",
    help="Places for posts the export does not locate: one `slug,lat,lon` a line (the new slug or WordPress's).",
)
@click.option(
    "--series-category", "series_categories", multiple=True, metavar="SLUG",
    help="A WordPress category (its slug) to import as a series instead of a tag; repeat for more.",
)
@click.option("--update", is_flag=True, help="Rewrite posts and pages an earlier import wrote (found by their /?p=ID).")
def import_wordpress_cmd(
    export: Path, site: Path, uploads: Path | None, places: Path | None, series_categories: tuple[str, ...],
    update: bool,
) -> None:
    """Move a WordPress site in: EXPORT is the file Tools → Export → All content writes (WXR).

    \b
    Posts become content/places/<slug>/index.md; pages content/pages/<slug>.md.
    Drafts, private, pending and scheduled posts come in as drafts.

    Categories become tags (with their parents), unless named with --series-category;
    tags stay tags. The body's HTML becomes Markdown; [caption], [gallery], [embed],
    [audio], [video] and block-editor blocks become their Markdown or a marked note, and
    unknown shortcodes are kept as text and listed. A post's place comes from its geo
    postmeta, else a Google Maps link or map in its body, else --places; a post without
    one comes in as a draft. Google My Maps embeds become a link and a note with the KML
    download and the `atlaspress import kml` command to run. Approved comments come
    along, threaded; e-mail addresses and IPs never. Old URLs are kept as aliases, and
    category and tag URLs as [redirects] in atlaspress.toml.

    Nothing is fetched. The file is read twice, streaming, so a large export imports in
    little memory; a file that is not well-formed XML is refused before anything is
    written. Posts imported before are skipped (and reported) unless --update. The report
    is printed and written to SITE/wordpress-import.md.
    """
    from atlaspress.app.wordpress.command import Options, import_wordpress
    from atlaspress.core.errors import ContentError

    progress = Progress(
        TextColumn("{task.description:<7}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def step(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total or None)
        progress.update(tasks[stage], completed=done, total=total or None)

    options = Options(uploads=uploads, places=places, update=update, series_categories=series_categories,
                      progress=step)
    try:
        with progress:
            report = import_wordpress(export, site, options)
    except ContentError as exc:
        head, _, hint = exc.diagnostic.format().partition("\n")
        err.print(f"[red]{_escape(head)}[/]")
        if hint:
            err.print(f"[dim]{_escape(hint)}[/]")
        sys.exit(1)
    report.print(err)
    if report.nothing:
        sys.exit(1)
    err.print(f"report written to {_escape(str(site / 'wordpress-import.md'))}")


GC_THRESHOLD = 100_000
"""Allocations between the cyclic collector's youngest passes in a command-line build (the
default is 700). A build keeps most of what it makes to the end — posts, entries, the site
graph — and at the default the collector's full passes walked all of it four to eight times,
~0.12 s of a 1.3 s one-post rebuild of a 1,000-post site; the garbage that only the collector
can free (cycles) is a small part of a build's memory, and it is still freed, later."""


def _fewer_collections() -> None:
    import gc

    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, middle, oldest)


def main() -> NoReturn:
    """The ``atlaspress`` command: run it, then leave without tearing down its objects.

    A build holds hundreds of thousands of objects when it is done; freeing them one by one
    at exit took about 0.3 s of a 2 s edit build of a 1,000-post site, after everything was
    written. The exit handlers still run (temporary folders are removed), the output is
    flushed, and the exit status is click's.
    """
    import atexit
    import os

    try:
        cli()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()
