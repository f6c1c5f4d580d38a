"""Issue 9, point 3: one bad post never takes down the build.

Each test makes one stage raise for one post ("bravo") and checks the exact outcome: a
located ``error[internal]`` naming the step and the exception, the rest of the site built
and written, nothing anywhere linking to the failed post, and ``--strict`` writing nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from atlaspress.app.cli import cli
from atlaspress.content import load as load_module
from atlaspress.content.load import LoadedLayer, load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report
from atlaspress.maps import card as card_module
from atlaspress.maps import locator as locator_module
from atlaspress.render import Renderer
from atlaspress.site import enrich as enrich_module
from atlaspress.site import link as link_module

from ..conftest import post_text

BAD = "site/content/places/bravo/index.md"
AREA = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Zone"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[126.5, 37.9], [126.7, 37.9], [126.7, 38.0], [126.5, 38.0], [126.5, 37.9]]],
                },
            }
        ],
    }
)


def _post(title: str, date: str, layer: bool = False) -> str:
    text = post_text(title=title, date=date)
    if layer:
        text = text.replace("series:", "layers:\n  - {file: area.geojson, id: area, title: Zone}\nseries:", 1)
    return text


@pytest.fixture
def site(make_site: Callable[..., Path], chdir_tmp: Path) -> Path:
    """Three posts of one series and tag; the middle one (bravo) is the one that breaks."""
    return make_site(
        {
            "alpha": _post("Alpha", "2022-01-01"),
            "bravo": _post("Bravo", "2022-06-01", layer=True),
            "charlie": _post("Charlie", "2022-09-01"),
        },
        files={"content/places/bravo/area.geojson": AREA},
    )


def breaks_bravo(real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, except that it raises whenever one of its arguments is about bravo."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if any("bravo" in repr(a).lower() for a in args):
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    return wrapper


def build(*args: str) -> Any:
    return CliRunner().invoke(cli, ["build", "site", *args], catch_exceptions=False)


def assert_isolated(step: str) -> None:
    """bravo is reported and left out; alpha and charlie are built; --strict writes nothing."""
    message = f"{BAD}: error[internal]: {step} failed (please report: RuntimeError: boom)"
    result = build("--out", "out")
    assert result.exit_code == 1, result.output
    assert message in result.output.splitlines()
    assert "Traceback" not in result.output
    assert "; nothing written" not in result.output
    out = Path("out")
    for slug in ("alpha", "charlie"):
        assert (out / "places" / slug / "index.html").is_file()
        assert (out / "embed" / slug / "index.html").is_file()
    assert not (out / "places" / "bravo").exists()
    assert not (out / "embed" / "bravo").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "places/alpha/" in home and "places/charlie/" in home
    # No list, neighbour link, feed, search index, sitemap or map data mentions it.
    mentions = [
        str(path.relative_to(out))
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".geojson", ".txt", ".svg"}
        and b"bravo" in path.read_bytes().lower()
    ]
    assert mentions == []
    # Charlie's "previous in the series" is now alpha, not the missing post.
    assert 'href="../alpha/"' in (out / "places/charlie/index.html").read_text(encoding="utf-8")

    strict = build("--out", "strict-out", "--strict")
    assert strict.exit_code == 1
    assert message in strict.output.splitlines()
    assert not Path("strict-out").exists()


def test_load_failure_skips_the_post(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "parse_document", breaks_bravo(load_module.parse_document))
    assert_isolated("loading the post")


def test_layer_reader_failure_skips_the_post(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "_read_layer", breaks_bravo(load_module._read_layer))
    assert_isolated("reading layer 'area.geojson'")


def test_enrich_failure_skips_the_post(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enrich_module, "_glance", breaks_bravo(enrich_module._glance))
    assert_isolated("computing the At a glance facts")


def test_locator_failure_skips_the_post(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locator_module, "render_locator", breaks_bravo(locator_module.render_locator))
    assert_isolated("drawing the locator map")


def test_card_failure_skips_the_post(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_module, "render_social_card", breaks_bravo(card_module.render_social_card))
    assert_isolated("rendering the social card")


def test_link_failure_skips_the_post(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link_module, "render_markdown", breaks_bravo(link_module.render_markdown))
    assert_isolated("rendering the post's Markdown")


def test_render_failure_skips_the_post_and_every_link_to_it(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Renderer, "_post_page", breaks_bravo(Renderer._post_page))
    assert_isolated("rendering the post page")


def test_enrich_failure_in_a_worker_process_comes_back_as_a_diagnostic(
    make_site: Callable[..., Path], chdir_tmp: Path
) -> None:
    """Enough posts for the process pool; one has data the worker cannot serialise.

    Nothing is monkeypatched, so this holds whatever start method the pool uses: the
    failure happens in the worker and comes back as the post's diagnostic.
    """
    slugs = [f"post-{i:02d}" for i in range(enrich_module.PARALLEL_THRESHOLD)]
    site = make_site({slug: post_text(title=slug.title(), date=f"2022-01-{i + 1:02d}") for i, slug in enumerate(slugs)})
    report = Report()
    content = load_site(site, load_config(site), report)
    assert len(content.posts) == len(slugs) and not report.errors
    bad = content.posts[3]
    spec = load_module.Layer.model_validate({"file": "x.geojson", "id": "x"})
    poison = LoadedLayer(spec=spec, features=({"type": "Feature", "geometry": {"type": "Point", "coordinates": {1}}},))
    posts = list(content.posts)
    posts[3] = load_module.Post(**{**bad.__dict__, "layers": (poison,)})
    content = type(content)(site_dir=content.site_dir, config=content.config, posts=tuple(posts))

    enriched = enrich_module.enrich_site(content, None, workers=2, report=report)

    assert [e.post.slug for e in enriched] == [s for s in slugs if s != bad.slug]
    assert [d.format() for d in report.errors] == [
        f"site/content/places/{bad.slug}/index.md: error[internal]: writing the post's map data failed "
        "(please report: TypeError: Object of type set is not JSON serializable)"
    ]
    with pytest.raises(RuntimeError, match="error\\[internal\\]"):
        enrich_module.enrich_site(content, None, workers=1)  # no report to hold it: raised
