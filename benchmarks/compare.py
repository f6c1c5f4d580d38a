"""atlaspress beside Hugo and Pelican on one generated corpus: cold, warm, one-post edit, memory.

Usage::

    nice -n 10 python benchmarks/compare.py                 # N=100, 3 repeats, plain posts
    python benchmarks/compare.py --n 100,1000 --repeats 3 --corpus plain,layers
    python benchmarks/compare.py --n 10000 --repeats 1 --tools atlaspress,hugo

For each N and corpus the same posts are written three times — an atlaspress site, a Hugo
site (``hugo``, when installed: ``apt-get install -y hugo``) and a Pelican site (when
``--pelican`` names a Python with Pelican, e.g. a throwaway venv:
``python -m venv /tmp/pelican-venv && /tmp/pelican-venv/bin/pip install pelican markdown``;
it is looked for there by default). Each repeat runs every tool in turn (alternating, so a
busy machine slows all of them alike), and for each tool:

* **cold**: no output, no cache (atlaspress' ``.atlaspress-cache``, Pelican's cache);
* **warm**: the same build again, nothing changed;
* **edit**: one word of one post's body changed, then built (the post is restored after);
* **serve edit** (atlaspress only): the same edit rebuilt by a running ``serve``
  (:class:`atlaspress.app.serve.DevServer` in a child process, without the file watcher's
  debounce).

Each build is a fresh process (what an author runs), timed wall-clock. Memory is measured
two ways: ``rss`` is the largest single process (``ru_maxrss`` from ``wait4``: the build and
any worker it waited for), ``tree`` the peak sum of proportional set sizes (PSS) of the whole
process tree, sampled every 50 ms — the figure to hold against a machine's memory when a
build runs a process pool. Medians over the repeats are printed, with ratios to Hugo and
Pelican; ``--json FILE`` appends every run as one JSON line.

The corpus (seeded, deterministic): *plain* posts have a title, date, summary, ``place.at``,
2–4 tags, a series and ~700 words of Markdown with headings, a list and a table; *layers*
posts add a GeoJSON layer (a polygon and a line near the place) drawn on their maps.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DEFAULT_PELICAN = Path("/tmp/pelican-venv/bin/python")

# --- the corpus -----------------------------------------------------------------------------

# Anchor points (lat, lon) the places are scattered round, so most fall on land in many states.
ANCHORS = (
    (37.97, 126.55), (35.68, 139.69), (39.90, 116.40), (22.32, 114.17), (1.35, 103.82),
    (13.75, 100.50), (28.61, 77.21), (24.86, 67.01), (35.69, 51.39), (33.31, 44.36),
    (31.77, 35.21), (41.01, 28.98), (37.98, 23.73), (41.90, 12.50), (48.86, 2.35),
    (52.52, 13.40), (50.08, 14.44), (52.23, 21.01), (59.33, 18.07), (60.17, 24.94),
    (55.76, 37.62), (50.45, 30.52), (44.43, 26.10), (40.42, -3.70), (38.72, -9.14),
    (51.51, -0.13), (53.35, -6.26), (64.15, -21.94), (78.22, 15.65), (30.04, 31.24),
    (36.81, 10.18), (33.57, -7.59), (14.69, -17.44), (6.52, 3.38), (9.03, 38.74),
    (-1.29, 36.82), (-6.79, 39.21), (-26.20, 28.05), (-33.92, 18.42), (-18.91, 47.54),
    (40.71, -74.01), (45.50, -73.57), (43.65, -79.38), (41.88, -87.63), (29.76, -95.37),
    (34.05, -118.24), (49.28, -123.12), (61.22, -149.90), (19.43, -99.13), (14.63, -90.51),
    (9.93, -84.08), (23.11, -82.37), (18.47, -69.90), (4.71, -74.07), (-12.05, -77.04),
    (-16.50, -68.15), (-33.45, -70.67), (-34.60, -58.38), (-23.55, -46.63), (-54.80, -68.30),
    (-33.87, 151.21), (-37.81, 144.96), (-41.29, 174.78), (-9.44, 147.18), (-18.14, 178.44),
    (21.31, -157.86), (13.44, 144.79), (65.96, -169.0), (-17.53, -149.57), (47.92, 106.92),
)
SYLLABLES = ("ka", "ri", "do", "mun", "sel", "tor", "van", "bel", "ish", "or", "an", "ek", "lu",
             "pra", "zel", "mo", "gar", "tin", "sa", "we", "nor", "ha", "qu", "ost", "il", "ven")
SERIES = ("borders", "islands", "enclaves", "straits", "rivers", "capitals", "ports", "deserts")
TAGS = tuple(f"tag-{w}" for w in ("dmz", "treaty", "ferry", "bridge", "customs", "exclave", "coast", "river",
                                  "lake", "mountain", "desert", "island", "strait", "capital", "port", "mine",
                                  "rail", "road", "airport", "wall", "ceasefire", "claim", "survey", "delta",
                                  "glacier", "reef", "canal", "pass", "valley", "plateau", "forest", "oasis",
                                  "harbour", "cape", "bay", "fjord", "volcano", "steppe", "marsh", "atoll"))


def vocabulary(rng: random.Random, size: int = 1500) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    date: str
    summary: str
    lat: float
    lon: float
    tags: tuple[str, ...]
    series: str
    body: str  # Markdown, ~700 words
    layer: dict | None = None  # GeoJSON FeatureCollection, for the "layers" corpus


def make_posts(n: int, corpus: str, seed: int = 11) -> list[Post]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)

    def word() -> str:  # Zipf-like: a few words are common, most are rare
        return vocab[min(len(vocab) - 1, int(rng.paretovariate(0.9)) - 1 + rng.randrange(3))] \
            if rng.random() < 0.5 else rng.choice(vocab)

    def sentence(k: int) -> str:
        return " ".join(word() for _ in range(k)).capitalize() + "."

    posts = []
    for i in range(n):
        lat0, lon0 = ANCHORS[i % len(ANCHORS)]
        lat = round(max(-70.0, min(80.0, lat0 + rng.uniform(-1.5, 1.5))), 4)
        lon = round(((lon0 + rng.uniform(-1.5, 1.5) + 180.0) % 360.0) - 180.0, 4)
        paragraphs = []
        for h in range(4):
            paragraphs.append(f"## {sentence(3)[:-1]}")
            paragraphs += [" ".join(sentence(rng.randint(9, 16)) for _ in range(5)) for _ in range(2)]
            if h == 1:
                paragraphs.append("\n".join(f"- {sentence(rng.randint(4, 8))}" for _ in range(5)))
            if h == 2:
                rows = [f"| {word()} | {rng.randint(1, 9999)} km | {sentence(3)} |" for _ in range(4)]
                paragraphs.append("\n".join(["| Place | Distance | Note |", "|---|---:|---|", *rows]))
        layer = None
        if corpus == "layers":
            d = 0.05 + rng.random() * 0.2
            layer = {"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"name": "zone"},
                 "geometry": {"type": "Polygon", "coordinates": [[[lon - d, lat - d], [lon + d, lat - d],
                                                                   [lon + d, lat + d], [lon - d, lat + d],
                                                                   [lon - d, lat - d]]]}},
                {"type": "Feature", "properties": {"name": "line"},
                 "geometry": {"type": "LineString", "coordinates": [[lon - 2 * d, lat], [lon, lat + d / 2],
                                                                     [lon + 2 * d, lat]]}},
            ]}
        posts.append(Post(
            slug=f"place-{i:05d}",
            title=f"{word().capitalize()} {word()} {i}",
            date=f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}",
            summary=sentence(14),
            lat=lat, lon=lon,
            tags=tuple(rng.sample(TAGS, rng.randint(2, 4))),
            series=SERIES[i % len(SERIES)],
            body="\n\n".join(paragraphs) + "\n",
            layer=layer,
        ))
    return posts


def _yaml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(items) + "]"


class Site:
    """One tool's copy of the corpus: how to write it, clean it, build it and edit a post."""

    name = ""

    def __init__(self, root: Path, posts: list[Post]) -> None:
        self.root = root
        self.posts = posts

    def write(self) -> None:
        raise NotImplementedError

    def post_file(self, post: Post) -> Path:
        raise NotImplementedError

    def clean(self) -> None:
        """Remove the output and every cache: the next build is cold."""
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return dict(os.environ)

    def output_files(self) -> int:
        out = self.output_dir()
        return sum(1 for p in out.rglob("*") if p.is_file()) if out.is_dir() else 0

    def output_dir(self) -> Path:
        raise NotImplementedError


class AtlaspressSite(Site):
    name = "atlaspress"

    def __init__(self, root: Path, posts: list[Post], python: str) -> None:
        super().__init__(root, posts)
        self.python = python

    def write(self) -> None:
        series = "\n".join(f'[series.{s}]\ntitle = "{s.capitalize()}"\n' for s in SERIES)
        (self.root / "atlaspress.toml").write_text(
            f'title = "Benchmark Atlas"\nbase_url = "https://bench.example/"\nauthor = "Bench"\n\n{series}',
            encoding="utf-8")
        for post in self.posts:
            bundle = self.root / "content" / "places" / post.slug
            bundle.mkdir(parents=True)
            layers = ""
            if post.layer is not None:
                (bundle / "zone.geojson").write_text(json.dumps(post.layer), encoding="utf-8")
                layers = "layers: [zone.geojson]\n"
            (bundle / "index.md").write_text(
                f"---\ntitle: {post.title}\ndate: {post.date}\nsummary: {post.summary}\n"
                f"place:\n  name: {post.title}\n  at: {post.lat}, {post.lon}\n{layers}"
                f"series: {post.series}\ntags: {_yaml_list(post.tags)}\n---\n{post.body}",
                encoding="utf-8")

    def post_file(self, post: Post) -> Path:
        return self.root / "content" / "places" / post.slug / "index.md"

    def output_dir(self) -> Path:
        return self.root / "public"

    def clean(self) -> None:
        shutil.rmtree(self.root / ".atlaspress-cache", ignore_errors=True)
        shutil.rmtree(self.output_dir(), ignore_errors=True)

    def command(self) -> list[str]:
        return [self.python, "-m", "atlaspress", "build", str(self.root), "--out", str(self.output_dir()), "--quiet"]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        return env


HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title></head><body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Summary }}</p><p>{{ .Params.place.at }}</p>{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
<h2>Related</h2><ul>{{ range first 4 (.Site.RegularPages.Related .) }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range (.Paginate .Pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}
</ul>{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>
{{ range (.Paginate .Site.RegularPages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ template "_internal/pagination.html" . }}{{ end }}
""",
}


class HugoSite(Site):
    name = "hugo"

    def write(self) -> None:
        (self.root / "hugo.toml").write_text(
            'baseURL = "https://bench.example/"\ntitle = "Benchmark Atlas"\nlanguageCode = "en"\n'
            "paginate = 20\n[taxonomies]\ntag = \"tags\"\nseries = \"series\"\n"
            "[related]\nincludeNewer = true\nthreshold = 80\ntoLower = false\n"
            '[[related.indices]]\nname = "tags"\nweight = 100\n'
            '[[related.indices]]\nname = "series"\nweight = 50\n',
            encoding="utf-8")
        for name, text in HUGO_LAYOUTS.items():
            path = self.root / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        folder = self.root / "content" / "places"
        folder.mkdir(parents=True)
        for post in self.posts:
            (folder / f"{post.slug}.md").write_text(
                f"---\ntitle: \"{post.title}\"\ndate: {post.date}\nsummary: \"{post.summary}\"\n"
                f"place:\n  at: \"{post.lat}, {post.lon}\"\nseries: [{post.series}]\n"
                f"tags: {_yaml_list(post.tags)}\n---\n{post.body}",
                encoding="utf-8")

    def post_file(self, post: Post) -> Path:
        return self.root / "content" / "places" / f"{post.slug}.md"

    def output_dir(self) -> Path:
        return self.root / "public"

    def clean(self) -> None:
        shutil.rmtree(self.output_dir(), ignore_errors=True)
        shutil.rmtree(self.root / "resources", ignore_errors=True)

    def command(self) -> list[str]:
        return ["hugo", "--quiet", "--source", str(self.root), "--destination", str(self.output_dir())]


class PelicanSite(Site):
    name = "pelican"

    def __init__(self, root: Path, posts: list[Post], python: str) -> None:
        super().__init__(root, posts)
        self.python = python

    def write(self) -> None:
        (self.root / "pelicanconf.py").write_text(
            'SITENAME = "Benchmark Atlas"\nSITEURL = ""\nPATH = "content"\nTIMEZONE = "UTC"\n'
            'DEFAULT_LANG = "en"\nDEFAULT_PAGINATION = 20\nCACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n'
            'CACHE_PATH = "cache"\nFEED_ALL_ATOM = "feeds/all.atom.xml"\n',
            encoding="utf-8")
        folder = self.root / "content"
        folder.mkdir(parents=True)
        for post in self.posts:
            (folder / f"{post.slug}.md").write_text(
                f"Title: {post.title}\nDate: {post.date}\nSlug: {post.slug}\nCategory: {post.series}\n"
                f"Tags: {', '.join(post.tags)}\nSummary: {post.summary}\n\n{post.body}",
                encoding="utf-8")

    def post_file(self, post: Post) -> Path:
        return self.root / "content" / f"{post.slug}.md"

    def output_dir(self) -> Path:
        return self.root / "output"

    def clean(self) -> None:
        shutil.rmtree(self.output_dir(), ignore_errors=True)
        shutil.rmtree(self.root / "cache", ignore_errors=True)

    def command(self) -> list[str]:
        return [self.python, "-m", "pelican", str(self.root / "content"), "-o", str(self.output_dir()),
                "-s", str(self.root / "pelicanconf.py"), "-q"]


# --- running and measuring ------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_pss_kb(root: int) -> int:
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _pss_kb(pid)
        todo += _children(pid)
    return total


@dataclass
class Run:
    seconds: float
    rss_mb: float  # largest single process
    tree_mb: float  # peak PSS of the process tree (sampled)
    ok: bool
    note: str = ""


def run(command: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Run one build in a fresh process: wall time, ``ru_maxrss`` and the sampled tree PSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_pss_kb(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()  # until the process closes it (exits)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    ok = proc.returncode == 0
    note = "" if ok else err.decode("utf-8", "replace")[-400:]
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 1024, ok, note)


def edit_word() -> str:
    """A word no earlier run wrote: an edit that repeats a text some build already saw would
    find its Markdown, word counts and search shard in the cache, and flatter the figure."""
    return f"Edited{time.time_ns() % 10**12}x"


def _edit(path: Path) -> str:
    """Add a new word to the body of the post at ``path``; return the original text."""
    text = path.read_text(encoding="utf-8")
    marker = "\n## "
    at = text.index(marker) + len(marker)  # the first heading of the body
    path.write_text(text[:at] + edit_word() + " " + text[at:], encoding="utf-8")
    return text


SERVE_CHILD = """
import json, sys, time
from pathlib import Path
from rich.console import Console
from atlaspress.app.serve import DevServer
site, out, post = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
server = DevServer(site, out, port=0, watch=False, console=Console(file=open("/dev/null", "w")))
server.start()
original = post.read_text(encoding="utf-8")
at = original.index("\\n## ") + 4
post.write_text(original[:at] + sys.argv[4] + " " + original[at:], encoding="utf-8")
started = time.perf_counter()
result = server.rebuild({str(post)})
seconds = time.perf_counter() - started
post.write_text(original, encoding="utf-8")
server.stop()
print(json.dumps({"seconds": seconds, "ok": not result.report.errors}))
"""


def serve_edit(site: AtlaspressSite, post: Post) -> Run:
    """A running ``serve`` (already built once) rebuilding after one post's edit."""
    out = subprocess.run([site.python, "-c", SERVE_CHILD, str(site.root), str(site.output_dir()),
                          str(site.post_file(post)), edit_word()], env=site.env(), capture_output=True, text=True)
    if out.returncode != 0:
        return Run(float("nan"), 0.0, 0.0, False, out.stderr[-400:])
    row = json.loads(out.stdout.strip().splitlines()[-1])
    return Run(float(row["seconds"]), 0.0, 0.0, bool(row["ok"]))


@dataclass
class Results:
    runs: dict[tuple[str, str], list[Run]] = field(default_factory=dict)  # (tool, metric) -> runs

    def add(self, tool: str, metric: str, result: Run) -> None:
        self.runs.setdefault((tool, metric), []).append(result)

    def median(self, tool: str, metric: str, attr: str = "seconds") -> float | None:
        values = [getattr(r, attr) for r in self.runs.get((tool, metric), []) if r.ok]
        return statistics.median(values) if values else None


def measure(sites: list[Site], repeats: int, edit_post: Post, log: Callable[[str], None],
            record: Callable[[dict], None], serve: bool) -> Results:
    results = Results()
    for rep in range(repeats):
        for site in sites:  # alternating: each tool once per repeat, in turn
            site.clean()
            for metric in ("cold", "warm", "edit"):
                original = _edit(site.post_file(edit_post)) if metric == "edit" else None
                try:
                    result = run(site.command(), site.env(), site.root)
                finally:
                    if original is not None:
                        site.post_file(edit_post).write_text(original, encoding="utf-8")
                results.add(site.name, metric, result)
                record({"tool": site.name, "metric": metric, "repeat": rep, **result.__dict__})
                log(f"  {site.name:<10} {metric:<10} {result.seconds:8.2f} s  rss {result.rss_mb:7.0f} MB  "
                    f"tree {result.tree_mb:7.0f} MB" + ("" if result.ok else f"  FAILED: {result.note}"))
            if serve and isinstance(site, AtlaspressSite):
                result = run(site.command(), site.env(), site.root)  # the edit restored: build it back
                result = serve_edit(site, edit_post)
                results.add(site.name, "serve edit", result)
                record({"tool": site.name, "metric": "serve edit", "repeat": rep, **result.__dict__})
                log(f"  {site.name:<10} {'serve edit':<10} {result.seconds:8.2f} s"
                    + ("" if result.ok else f"  FAILED: {result.note}"))
    return results


def _fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.1f}×"


def table(results: Results, n: int, corpus: str, tools: list[str]) -> str:
    rows = [("cold build", "cold", "seconds", "s"), ("warm, nothing changed", "warm", "seconds", "s"),
            ("one-post edit", "edit", "seconds", "s"), ("one-post edit, serve", "serve edit", "seconds", "s"),
            ("peak RSS, largest process", "cold", "rss_mb", "MB"), ("peak PSS, process tree", "cold", "tree_mb", "MB")]
    head = ["", *tools, "÷ hugo", "÷ pelican"]
    lines = [f"N = {n:,}, {corpus} posts (medians)", "| " + " | ".join(head) + " |",
             "|" + "---|" + "---:|" * (len(head) - 1)]
    for label, metric, attr, unit in rows:
        values = {t: results.median(t, metric, attr) for t in tools}
        if all(v is None for v in values.values()):
            continue
        cells = [label, *(_fmt(values[t], unit) for t in tools)]
        ap = values.get("atlaspress")
        cells += [_ratio(ap, values.get("hugo")), _ratio(ap, values.get("pelican"))]
        lines.append("| " + " | ".join(cells) + " |")
    cold = results.median("atlaspress", "cold")
    if cold is not None:
        lines.append(f"atlaspress cold: {cold / n * 1000:.1f} ms/post")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", default="100", help="comma-separated corpus sizes (default 100)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--corpus", default="plain", help="plain, layers or both: plain,layers")
    parser.add_argument("--tools", default="atlaspress,hugo,pelican")
    parser.add_argument("--python", default=sys.executable, help="Python that runs atlaspress")
    parser.add_argument("--pelican", default=str(DEFAULT_PELICAN), help="Python with Pelican installed")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    parser.add_argument("--json", type=Path, help="append every run to this file as JSON lines")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    args = parser.parse_args(argv)

    tools = [t for t in args.tools.split(",") if t]
    if "hugo" in tools and shutil.which("hugo") is None:
        print("hugo is not installed (apt-get install -y hugo): left out", file=sys.stderr)
        tools.remove("hugo")
    if "pelican" in tools and subprocess.run([args.pelican, "-c", "import pelican"],
                                             capture_output=True).returncode != 0:
        print(f"{args.pelican} has no Pelican (see --help): left out", file=sys.stderr)
        tools.remove("pelican")

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    tables = []
    for corpus in args.corpus.split(","):
        for n in (int(x) for x in args.n.split(",")):
            posts = make_posts(n, corpus)
            edit_post = posts[len(posts) // 2]
            base = args.keep or Path(tempfile.mkdtemp(prefix="atlaspress-compare-"))
            try:
                sites: list[Site] = []
                for tool in tools:
                    root = base / f"{corpus}-{n}" / tool
                    shutil.rmtree(root, ignore_errors=True)
                    root.mkdir(parents=True)
                    site: Site = (AtlaspressSite(root, posts, args.python) if tool == "atlaspress"
                                  else HugoSite(root, posts) if tool == "hugo"
                                  else PelicanSite(root, posts, args.pelican))
                    site.write()
                    sites.append(site)
                log(f"N={n} {corpus}: {', '.join(tools)} × {args.repeats}")

                def record(row: dict, n: int = n, corpus: str = corpus) -> None:
                    if args.json:
                        with args.json.open("a", encoding="utf-8") as fh:
                            fh.write(json.dumps({"n": n, "corpus": corpus, **row}) + "\n")

                results = measure(sites, args.repeats, edit_post, log, record,
                                  serve=not args.no_serve and "atlaspress" in tools)
                for site in sites:
                    log(f"  {site.name}: {site.output_files()} files written")
                tables.append(table(results, n, corpus, tools))
                print(tables[-1] + "\n", flush=True)
            finally:
                if args.keep is None:
                    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
