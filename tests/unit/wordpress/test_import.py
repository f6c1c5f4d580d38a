"""`atlaspress import wordpress` on the full fixture: posts, pages, statuses, terms, comments,
places, media, redirects, the report, and importing twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomllib

from atlaspress.app.wordpress.report import REPORT_FILE
from atlaspress.core.errors import ContentError

from .conftest import FIXTURES, body, front, run

PLACES = Path("content/places")


def test_posts_become_bundles_with_the_contract_fields(borderlines) -> None:
    site, report = borderlines
    data = front(site / PLACES / "kaesong-industrial-zone/index.md")
    assert data["title"] == "Kaesong: a factory town across the line"
    assert data["date"] == "2016-02-10"
    assert data["updated"] == "2017-05-01"  # post_modified, different from the date
    assert data["author"] == "Anna Ortiz"  # the display name, not the login
    assert data["summary"] == "How a joint industrial park inside North Korea opened, closed and was abandoned."
    assert data["place"] == {"name": "Kaesong Industrial Region", "at": "37.93, 126.6"}
    assert data["series"] == "contentious-borders"
    assert data["tags"] == ["dmz", "north-korea"]
    assert data["comments"] == "closed"
    assert data["sticky"] is True
    assert "draft" not in data
    assert data["aliases"] == ["/?p=101", "/2016/02/kaesong-industrial-zone/"]
    same_day = front(site / PLACES / "hans-island/index.md")
    assert "updated" not in same_day  # modified the same day
    assert "sticky" not in same_day


def test_statuses(borderlines) -> None:
    site, report = borderlines
    assert front(site / PLACES / "notes-on-bir-tawil/index.md")["draft"] is True  # draft, no post_name
    assert front(site / PLACES / "point-roberts/index.md")["draft"] is True  # private
    assert front(site / PLACES / "marjamaa-next-spring/index.md")["draft"] is True  # future
    assert not (site / PLACES / "deleted-musings").exists()  # trash
    assert ("post 106 “Deleted musings”", "in the trash") in report.skipped
    assert report.skipped_types["attachment (files come with the posts that use them)"] == 2
    assert report.skipped_types["menu item"] == 1
    assert report.drafts == 5  # the four above that were not published, the unplaced post, the draft page


def test_a_published_post_without_a_place_becomes_a_draft_and_is_reported(borderlines) -> None:
    site, report = borderlines
    data = front(site / PLACES / "sounds-of-the-border/index.md")
    assert data["draft"] is True and "place" not in data
    needs = [(n.path, n.title) for n in report.needs_place]
    assert needs == [
        ("content/places/notes-on-bir-tawil/index.md", "Notes on Bir Tawil"),
        ("content/places/sounds-of-the-border/index.md", "Sounds of the border"),
    ]
    text = (site / REPORT_FILE).read_text(encoding="utf-8")
    assert "`content/places/sounds-of-the-border/index.md` — Sounds of the border: needs a coordinate: write place.at" \
        in text


def test_places_in_order_postmeta_body_csv(borderlines) -> None:
    site, report = borderlines
    assert front(site / PLACES / "marjamaa-next-spring/index.md")["place"]["at"] == "58.9, 24.4333"  # _wp_geo_*
    hans = front(site / PLACES / "hans-island/index.md")["place"]
    assert hans == {"name": "Hans Island", "at": "80.8267, -66.4586"}  # @lat,lon of the first map link
    assert front(site / PLACES / "baarle/index.md")["place"] == {"name": "Baarle-Nassau", "at": "51.4425, 4.9306"}
    assert front(site / PLACES / "point-roberts/index.md")["place"]["at"] == "48.985, -123.06"  # places.csv
    assert report.places == {
        "postmeta geo_latitude/geo_longitude": 1, "postmeta _wp_geo_latitude/_wp_geo_longitude": 1,
        "a Google Maps link in the body": 1, "a map block in the body": 1, "places.csv": 1,
    }


def test_categories_tags_and_series(borderlines) -> None:
    site, report = borderlines
    hans = front(site / PLACES / "hans-island/index.md")
    assert hans["tags"] == ["islands", "arctic", "whisky-war"]  # a nested category brings its parent
    assert "series" not in hans
    assert "tags" not in front(site / PLACES / "notes-on-bir-tawil/index.md")  # uncategorized is dropped
    config = tomllib.loads((site / "atlaspress.toml").read_text(encoding="utf-8"))
    assert config["series"]["contentious-borders"]["title"] == "Contentious borders"
    assert config["redirects"] == {
        "/category/contentious-borders/": "/series/contentious-borders/",
        "/category/islands/": "/tags/islands/",
        "/category/islands/arctic/": "/tags/arctic/",
        "/tag/dmz/": "/tags/dmz/",
        "/tag/north-korea/": "/tags/north-korea/",
        "/tag/whisky-war/": "/tags/whisky-war/",
    }
    assert report.series == {"contentious-borders": "contentious-borders"}


def test_without_series_categories_every_category_is_a_tag(tmp_path: Path) -> None:
    run("borderlines-wxr-1.2.xml", tmp_path / "site")
    data = front(tmp_path / "site" / PLACES / "kaesong-industrial-zone/index.md")
    assert "series" not in data
    assert data["tags"] == ["contentious-borders", "dmz", "north-korea"]
    config = tomllib.loads((tmp_path / "site/atlaspress.toml").read_text(encoding="utf-8"))
    assert config["redirects"]["/category/contentious-borders/"] == "/tags/contentious-borders/"
    assert "contentious-borders" not in config["series"]


def test_comments_approved_threaded_without_emails_or_ips(borderlines) -> None:
    site, report = borderlines
    comments = front(site / PLACES / "kaesong-industrial-zone/index.md")["imported_comments"]
    assert comments == [{
        "author": "Min-jun", "date": "2016-02-11",
        "text": "My uncle worked there in 2010.\n\nHe still talks about the [canteen](https://example.org/canteen).",
        "url": "https://minjun.example/",
        "replies": [{
            "author": "Anna Ortiz", "date": "2016-02-11", "text": "Thank you! Would he talk to us?",
            "replies": [{"author": "Min-jun", "date": "2016-02-12", "text": "I will ask him."}],
        }],
    }]
    assert report.comments == 3
    assert report.comments_skipped == {"awaiting moderation": 1, "marked as spam": 1,
                                       "pingbacks are not carried over": 1, "on pages (pages have no comments)": 1}
    export = (FIXTURES / "borderlines-wxr-1.2.xml").read_text(encoding="utf-8")
    secrets = set(re.findall(r"[\w.]+@[\w.]+", export)) | set(re.findall(r"\d+\.\d+\.\d+\.\d+", export))
    assert "minjun@mail.example" in secrets and "203.0.113.7" in secrets
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".toml"):
            text = path.read_text(encoding="utf-8")
            assert not [s for s in secrets if s in text], path


def test_pages(borderlines) -> None:
    site, report = borderlines
    about = site / "content/pages/about.md"
    assert front(about) == {"title": "About", "menu_order": 1, "aliases": ["/?page_id=110", "/about/"]}
    # a page has no folder: its image stays on the old site, absolute, and is listed
    assert body(about) == ("We write about **borders**. Photo: "
                           "![Gate](https://borderlines.example/wp-content/uploads/2016/02/kaesong-gate.png)\n")
    assert ("content/pages/about.md", "https://borderlines.example/wp-content/uploads/2016/02/kaesong-gate.png") \
        in report.remote_images
    assert front(site / "content/pages/contact.md")["menu_order"] == 2
    assert front(site / "content/pages/press.md") == {"title": "Press kit", "draft": True,
                                                       "aliases": ["/?page_id=112"]}
    assert sorted(report.pages) == ["content/pages/about.md", "content/pages/contact.md", "content/pages/press.md"]


def test_media_copied_with_links_rewritten(borderlines) -> None:
    site, report = borderlines
    bundle = site / PLACES / "kaesong-industrial-zone"
    text = body(bundle / "index.md")
    # the 640x480 copy is not in uploads: the original is used; the link round the image is dropped
    assert "![The gate of the zone](kaesong-gate.png)\n\n_The main gate, seen from the south road_" in text
    assert "[2013 report](report.pdf)" in text
    assert (bundle / "kaesong-gate.png").read_bytes() == (FIXTURES / "uploads/2016/02/kaesong-gate.png").read_bytes()
    assert (bundle / "report.pdf").is_file()
    assert report.images_copied == 3 and report.files_copied == 1


def test_no_post_links_a_local_file_that_is_not_there(borderlines, tmp_path: Path) -> None:
    for site in (borderlines[0], _without_uploads(tmp_path)):
        for index in (site / PLACES).glob("*/index.md"):
            for target in re.findall(r"\]\(([^)\s]+)", body(index)):
                if not re.match(r"[a-z]+:", target) and not re.fullmatch(r"[a-z0-9-]+", target):
                    assert (index.parent / target).is_file(), (index, target)


def _without_uploads(tmp_path: Path) -> Path:
    site = tmp_path / "plain"
    run("borderlines-wxr-1.2.xml", site)
    return site


def test_without_uploads_images_stay_remote_and_are_listed(tmp_path: Path) -> None:
    site = _without_uploads(tmp_path)
    report_text = (site / REPORT_FILE).read_text(encoding="utf-8")
    text = body(site / PLACES / "kaesong-industrial-zone/index.md")
    remote = "https://borderlines.example/wp-content/uploads/2016/02/kaesong-gate-640x480.png"
    assert f"![The gate of the zone]({remote})" in text
    assert f"`content/places/kaesong-industrial-zone/index.md`: <{remote}>" in report_text
    assert not list((site / PLACES).glob("*/*.png"))


def test_missing_uploads_are_reported(tmp_path: Path) -> None:
    empty = tmp_path / "uploads"
    empty.mkdir()
    report = run("borderlines-wxr-1.2.xml", tmp_path / "site", uploads=empty)
    assert ("content/places/hans-island/index.md",
            "https://borderlines.example/wp-content/uploads/2016/03/hans-rock.png") in report.missing_uploads


def test_shortcodes_blocks_and_embeds(borderlines) -> None:
    site, report = borderlines
    hans = body(site / PLACES / "hans-island/index.md")
    assert "### Where it is" in hans
    assert "![The rock from the sea](hans-rock.png)\n\n_Hans Island from the south, *July*_" in hans
    assert "- Area: 1.3 km²\n- Claimed by: Canada, Denmark" in hans
    assert "> **Video on YouTube:** <https://www.youtube.com/watch?v=abcdEFGH123>" in hans
    assert "wp:" not in hans and "<iframe" not in hans
    assert "![kaesong-gate](kaesong-gate.png)\n\n![Hans Island from the sea](hans-rock.png)" in hans  # [gallery]
    assert '[contact-form-7 id="5" title="Contact"]' in hans  # unknown: kept as written
    sounds = body(site / PLACES / "sounds-of-the-border/index.md")
    assert "> **Audio:** [loudspeakers.mp3](https://borderlines.example/wp-content/uploads/2018/06/loudspeakers.mp3)" \
        in sounds
    assert "> **Video:** [border.mp4](https://borderlines.example/wp-content/uploads/2018/06/border.mp4)" in sounds
    assert "> **Video on Vimeo:** <https://vimeo.com/76979871>" in sounds  # [embed]
    assert "> **Video on Vimeo:** <https://vimeo.com/76979872>" in sounds  # iframe
    assert report.unknown_shortcodes == {"toc": ["content/places/kaesong-industrial-zone/index.md"],
                                         "contact-form-7": ["content/places/hans-island/index.md"]}
    assert report.dropped_blocks == {"latest-posts": ["content/places/hans-island/index.md"],
                                     "jetpack/map": ["content/places/baarle/index.md"]}


def test_my_maps_iframe_becomes_a_note_with_the_kml_link_and_command(borderlines) -> None:
    site, report = borderlines
    hans = body(site / PLACES / "hans-island/index.md")
    viewer = "https://www.google.com/maps/d/viewer?mid=1AbCdEfGhIjKlMnOp"
    assert f"> **Map:** [the original map on Google My Maps]({viewer})" in hans
    assert "https://www.google.com/maps/d/kml?mid=1AbCdEfGhIjKlMnOp" in hans
    assert "atlaspress import kml hans-island.kmz --into content/places/hans-island" in hans
    [note] = report.my_maps
    assert (note.path, note.kml_url, note.command) == (
        "content/places/hans-island/index.md", "https://www.google.com/maps/d/kml?mid=1AbCdEfGhIjKlMnOp",
        "atlaspress import kml hans-island.kmz --into content/places/hans-island")


def test_links_to_other_posts_become_slugs(borderlines) -> None:
    site, _ = borderlines
    assert "[other post's island](hans-island)" in body(site / PLACES / "kaesong-industrial-zone/index.md")


def test_importing_twice_skips_and_reports_update_rewrites(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run("borderlines-wxr-1.2.xml", site)
    index = site / PLACES / "hans-island/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nMy own edit.\n", encoding="utf-8")
    config_before = (site / "atlaspress.toml").read_text(encoding="utf-8")
    report = run("borderlines-wxr-1.2.xml", site)
    assert not report.posts and not report.pages
    assert ("content/places/hans-island/index.md", "Hans Island & the whisky war") in report.existing
    assert "My own edit." in index.read_text(encoding="utf-8")
    assert sorted(p.name for p in (site / PLACES).iterdir()) == sorted(
        ["baarle", "hans-island", "kaesong-industrial-zone", "marjamaa-next-spring", "notes-on-bir-tawil",
         "point-roberts", "sounds-of-the-border"])  # no hans-island-2
    assert (site / "atlaspress.toml").read_text(encoding="utf-8") == config_before  # redirects not repeated
    report = run("borderlines-wxr-1.2.xml", site, update=True)
    assert "My own edit." not in index.read_text(encoding="utf-8")
    assert len(report.posts) == 7 and len(report.existing) == 10


def test_an_existing_post_with_the_same_slug_is_never_overwritten(tmp_path: Path) -> None:
    site = tmp_path / "site"
    mine = site / PLACES / "baarle/index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: My Baarle\ndate: 2020-01-01\nplace: {name: Baarle, at: '51.44, 4.93'}\n---\nMine.\n",
                    encoding="utf-8")
    (site / "atlaspress.toml").write_text('# my site\ntitle = "Mine"  # keep this comment\n\n[redirects]\n'
                                          '"/old/" = "/new/"\n', encoding="utf-8")
    report = run("borderlines-wxr-1.2.xml", site)
    assert mine.read_text(encoding="utf-8").endswith("Mine.\n")
    assert front(site / PLACES / "baarle-2/index.md")["title"] == "Baarle: a town of enclaves"
    assert ("baarle", "content/places/baarle-2/index.md") in report.renamed
    text = (site / "atlaspress.toml").read_text(encoding="utf-8")
    assert text.startswith('# my site\ntitle = "Mine"  # keep this comment\n\n[redirects]\n')
    config = tomllib.loads(text)
    assert config["redirects"]["/old/"] == "/new/" and config["redirects"]["/tag/dmz/"] == "/tags/dmz/"


def test_report_file_and_its_sections(borderlines) -> None:
    site, report = borderlines
    text = (site / REPORT_FILE).read_text(encoding="utf-8")
    assert text.startswith("# WordPress import of ")
    assert "| posts | 7 |" in text and "| comments | 3 |" in text
    for heading in ("## Posts that need a place", "## Google My Maps to bring over",
                    "## Unknown shortcodes (kept as text)", "## Skipped"):
        assert heading in text
    assert "- `[toc]` in `content/places/kaesong-industrial-zone/index.md`" in text


def test_places_csv_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "places.csv"
    bad.write_text("slug,lat,lon\nbaarle,151.4,4.9\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        run("borderlines-wxr-1.2.xml", tmp_path / "site", places=bad)
    assert caught.value.diagnostic.line == 2
    assert caught.value.diagnostic.code == "wordpress.places"
    assert "latitude first: the numbers look swapped" in (caught.value.diagnostic.hint or "")
    assert not (tmp_path / "site").exists()
    bad.write_text("baarle;51.4;4.9\n", encoding="utf-8")
    with pytest.raises(ContentError, match="expected slug,lat,lon"):
        run("borderlines-wxr-1.2.xml", tmp_path / "site", places=bad)


def test_a_missing_uploads_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="uploads folder does not exist"):
        run("borderlines-wxr-1.2.xml", tmp_path / "site", uploads=tmp_path / "nope")


def test_password_protected_posts_come_in_as_drafts(tmp_path: Path) -> None:
    text = (FIXTURES / "wxr-1.1.xml").read_text(encoding="utf-8")
    export = tmp_path / "protected.xml"
    export.write_text(text.replace("<wp:post_password></wp:post_password>",
                                   "<wp:post_password>secret</wp:post_password>"), encoding="utf-8")
    report = run(export, tmp_path / "site")
    data = front(tmp_path / "site" / PLACES / "kaliningrad/index.md")
    assert data["draft"] is True
    assert "content/places/kaliningrad/index.md: password-protected on WordPress, imported as a draft" \
        in report.warnings
    assert "secret" not in (tmp_path / "site" / PLACES / "kaliningrad/index.md").read_text(encoding="utf-8")


def test_hostile_permalinks_and_term_slugs_give_no_alias_or_redirect(tmp_path: Path) -> None:
    text = (FIXTURES / "wxr-1.1.xml").read_text(encoding="utf-8")
    export = tmp_path / "hostile.xml"
    export.write_text(text.replace("http://exclaves.example/kaliningrad/", "http://exclaves.example/../../etc/")
                      .replace('nicename="russia"', 'nicename="..%2f..%2fx"'), encoding="utf-8")
    run(export, tmp_path / "site")
    data = front(tmp_path / "site" / PLACES / "kaliningrad/index.md")
    assert data["aliases"] == ["/?p=21"]
    config = tomllib.loads((tmp_path / "site/atlaspress.toml").read_text(encoding="utf-8"))
    assert config["redirects"] == {"/category/exclaves/": "/tags/exclaves/"}


def test_duplicate_and_missing_ids_are_skipped_not_overwritten(tmp_path: Path) -> None:
    text = (FIXTURES / "wxr-1.1.xml").read_text(encoding="utf-8")
    item = text[text.index("<item>"):text.index("</item>") + len("</item>")]
    twin = item.replace("<title>Kaliningrad</title>", "<title>Twin</title>")
    nameless = item.replace("<wp:post_id>21</wp:post_id>", "").replace("<title>Kaliningrad</title>",
                                                                        "<title>No id</title>")
    export = tmp_path / "dup.xml"
    export.write_text(text.replace("</item>", "</item>" + twin + nameless, 1), encoding="utf-8")
    report = run(export, tmp_path / "site")
    assert front(tmp_path / "site" / PLACES / "kaliningrad/index.md")["title"] == "Kaliningrad"
    assert ("post 21 “Twin”", "a second item with this id") in report.skipped
    assert ("post 0 “No id”", "no wp:post_id") in report.skipped
    assert len(report.posts) == 1


def test_series_category_matches_encoded_or_plain_slugs(tmp_path: Path) -> None:
    text = (FIXTURES / "wxr-1.1.xml").read_text(encoding="utf-8").replace("exclaves", "%d1%8d%d0%ba%d1%81")  # экс
    export = tmp_path / "cyrillic.xml"
    export.write_text(text, encoding="utf-8")
    run(export, tmp_path / "site", series_categories=("экс",))
    assert front(tmp_path / "site" / PLACES / "kaliningrad/index.md")["series"] == "eks"
    config = tomllib.loads((tmp_path / "site/atlaspress.toml").read_text(encoding="utf-8"))
    assert config["series"]["eks"]["title"] == "Exclaves"
    assert config["redirects"]["/category/%d1%8d%d0%ba%d1%81/"] == "/series/eks/"


def test_a_post_that_cannot_be_written_is_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "content/pages").symlink_to(outside, target_is_directory=True)
    report = run("borderlines-wxr-1.2.xml", site)
    assert not list(outside.iterdir())
    assert [what for what, why in report.skipped if "will not write through a symbolic link" in why] == [
        "page 110", "page 111", "page 112"]
    assert len(report.posts) == 7 and not report.pages


def test_links_to_posts_that_will_not_be_published_stay_absolute(tmp_path: Path) -> None:
    text = (FIXTURES / "borderlines-wxr-1.2.xml").read_text(encoding="utf-8")
    export = tmp_path / "links.xml"
    export.write_text(text.replace(
        "and [toc].", 'and [toc]. <a href="https://borderlines.example/2018/06/sounds-of-the-border/">Sounds</a>, '
        '<a href="/?p=105">Point Roberts</a>, <a href="https://borderlines.example/?p=108">Baarle</a>.'),
        encoding="utf-8")
    run(export, tmp_path / "site", places=FIXTURES / "places.csv")
    text = body(tmp_path / "site" / PLACES / "kaesong-industrial-zone/index.md")
    assert "[Sounds](https://borderlines.example/2018/06/sounds-of-the-border/)" in text  # no place: a draft
    assert "[Point Roberts](https://borderlines.example/?p=105)" in text  # private: a draft
    assert "[Baarle](baarle)" in text  # by its ?p= link
