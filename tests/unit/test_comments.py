"""Threaded imported comments: the model, depth, links, sanitizing and the comment state."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pydantic import ValidationError

from atlaspress.content.load import load_site
from atlaspress.content.model import MAX_REPLY_DEPTH, Comment, walk_comments
from atlaspress.core.config import SiteConfig, load_config
from atlaspress.core.errors import Report
from atlaspress.render.pages import make_environment

from ..conftest import post_text


def _thread(depth: int) -> dict:
    comment: dict = {"author": f"Level {depth}", "date": "2024-01-01", "text": f"At level {depth}."}
    for level in range(depth - 1, 0, -1):
        comment = {"author": f"Level {level}", "date": "2024-01-01", "text": f"At level {level}.",
                   "replies": [comment]}
    return comment


def test_replies_nest_and_walk_depth_first():
    comment = Comment.model_validate({
        "author": "A", "date": "2024-01-01", "text": "First",
        "replies": [{"author": "B", "date": "2024-01-02", "text": "Reply",
                     "replies": [{"author": "A", "date": "2024-01-03", "text": "Reply to reply"}]},
                    {"author": "C", "date": "2024-01-04", "text": "Second reply"}],
    })
    assert [c.text for c in comment.walk()] == ["First", "Reply", "Reply to reply", "Second reply"]
    assert comment.depth == 3
    assert [c.author for c in walk_comments([comment, Comment(author="D", date=dt.date(2024, 2, 1), text="x")])] \
        == ["A", "B", "A", "C", "D"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "ftp://example.org/", "vbscript:msgbox(1)"])
def test_comment_url_is_http_or_https_only(url):
    with pytest.raises(ValidationError) as info:
        Comment.model_validate({"author": "A", "date": "2024-01-01", "text": "x", "url": url})
    assert info.value.errors()[0]["type"] == "url_scheme"


def _post(tmp_path, monkeypatch, comments_yaml: str) -> list[str]:
    text = post_text("Kaesong").replace("---\nBody", comments_yaml + "---\nBody")
    site = tmp_path / "site"
    (site / "content" / "places" / "kaesong").mkdir(parents=True)
    (site / "content" / "places" / "kaesong" / "index.md").write_text(text, encoding="utf-8")
    (site / "atlaspress.toml").write_text('title = "T"\n[series.contentious-borders]\ntitle = "C"\n', "utf-8")
    monkeypatch.chdir(site)
    report = Report()
    load_site(site, load_config(site), report)
    return [d.format() for d in report.sorted()]


def test_javascript_url_in_a_comment_is_a_located_error(tmp_path, monkeypatch):
    yaml = ('imported_comments:\n  - author: A\n    date: 2024-01-01\n    text: Hello\n'
            '    url: "javascript:alert(1)"\n')
    assert _post(tmp_path, monkeypatch, yaml) == [
        "content/places/kaesong/index.md:19:10: error[imported_comments.0.url]: a link must start with http:// "
        "or https://\n  hint: write the page's full address, e.g. https://www.example.org/page"]


def _yaml(comment: dict, indent: int = 2) -> str:
    pad = " " * indent
    lines = [f"{pad}- author: {comment['author']}", f"{pad}  date: {comment['date']}",
             f"{pad}  text: {comment['text']}"]
    if comment.get("replies"):
        lines.append(f"{pad}  replies:")
        lines += [_yaml(reply, indent + 4) for reply in comment["replies"]]
    return "\n".join(lines)


def test_replies_deeper_than_the_cap_are_an_error_at_the_reply(tmp_path, monkeypatch):
    assert MAX_REPLY_DEPTH == 8
    ok = _post(tmp_path, monkeypatch, "imported_comments:\n" + _yaml(_thread(8)) + "\n")
    assert ok == []


def test_ninth_level_is_refused(tmp_path, monkeypatch):
    diags = _post(tmp_path, monkeypatch, "imported_comments:\n" + _yaml(_thread(9)) + "\n")
    # Level 1 starts on line 16, column 5; each level is 4 lines further and indented 4 more.
    assert diags == [
        "content/places/kaesong/index.md:48:37: error[imported_comments.0"
        + ".replies.0" * 8 + "]: this reply is nested 9 levels deep; replies go at most 8 levels\n"
        "  hint: move it up to level 8 (a reply to the comment it answers there), or start its text with "
        "the name of the commenter it answers"]


# --- the template: threads and the comment state ------------------------------------------------

def _render(comments: list[Comment], state: str, **site: str) -> str:
    env = make_environment(None)
    config = SiteConfig(title="Atlas", **site)
    texts = iter([f"<em>{c.text}</em>" for c in walk_comments(comments)])
    count = 0

    def tree(items: list[Comment]) -> list[dict]:
        nonlocal count
        out = []
        for c in items:
            count += 1
            item = {"comment": c, "html": next(texts), "id": f"comment-{count}"}
            item["replies"] = tree(c.replies)
            out.append(item)
        return out

    thread = tree(comments)
    front = type("Front", (), {"title": "Kaesong & the DMZ"})()
    return env.get_template("post/comments.html").render(
        site=config, comments=thread, comment_count=count, comments_state=state, front=front,
        url=lambda target: "../../" + target)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


THREAD = [Comment.model_validate({
    "author": "Min-jun", "date": "2022-09-03", "text": "First", "url": "https://min.example/",
    "replies": [{"author": "Desk", "date": "2022-09-04", "text": "Reply",
                 "replies": [{"author": "Min-jun", "date": "2022-09-05", "text": "Again"}]}]}),
    Comment(author="Leeds", date=dt.date(2022, 9, 10), text="Second")]


def test_thread_is_nested_articles_with_headings_one_level_deeper_per_reply():
    html = _render(THREAD, "open")
    assert '<h2 id="comments-title">4 comments</h2>' in html  # replies count
    headings = re.findall(r'<(h\d) class="comment__author" id="(comment-\d)-by">', html)
    assert headings == [("h3", "comment-1"), ("h4", "comment-2"), ("h5", "comment-3"), ("h3", "comment-4")]
    assert html.count("<article") == 4 and html.count('<ol class="comments__replies">') == 2
    assert '<a href="https://min.example/" rel="nofollow ugc noopener">Min-jun</a>' in html
    # A reply's list is inside the comment it answers.
    first = html[html.index('id="comment-1"'): html.index('id="comment-4"')]
    assert 'id="comment-2"' in first and 'id="comment-3"' in first


def test_headings_stop_at_h6():
    deep = Comment.model_validate(_thread(8))
    levels = re.findall(r'<h(\d) class="comment__author"', _render([deep], "open"))
    assert levels == ["3", "4", "5", "6", "6", "6", "6", "6"]


def test_no_comments_open_without_an_address_shows_nothing():
    assert _render([], "open").strip() == ""


def test_no_comments_closed_says_only_that_comments_are_closed():
    html = _render([], "closed")
    assert _text(html) == "Comments Comments are closed."
    assert '<h2 id="comments-title" class="visually-hidden">Comments</h2>' in html
    assert "0 comments" not in html and "Write to" not in html


def test_open_with_an_email_says_how_to_write():
    html = _render([], "open", comments_email="letters@example.org")
    assert _text(html) == "Comments To comment, write to letters@example.org."
    assert '<a href="mailto:letters@example.org?subject=Re%3A%20Kaesong%20%26%20the%20DMZ">' in html


def test_open_with_comments_and_a_site_path_links_to_the_form():
    html = _render(THREAD, "open", comments_url="/contact/")
    assert html.rstrip().endswith("To join the conversation, use <a href=\"../../contact/\">the comment form</a>."
                                  "</p>\n</section>")


def test_closed_with_comments_and_an_address_does_not_invite():
    html = _render(THREAD, "closed", comments_email="letters@example.org")
    assert "letters@example.org" not in html and _text(html).endswith("Comments are closed.")


def test_open_with_comments_without_an_address_shows_them_without_an_invitation():
    html = _render(THREAD, "open")
    assert "comments__state" not in html and "4 comments" in html


@pytest.mark.parametrize("bad", ["not an address", "a@b", "<a@b.org>", "a@b.org, c@d.org"])
def test_comments_email_is_checked(bad):
    with pytest.raises(ValidationError, match="is not an e-mail address"):
        SiteConfig(title="A", comments_email=bad)


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "contact", "/../contact/", "//evil.example/"])
def test_comments_url_is_a_web_address_or_a_site_path(bad):
    with pytest.raises(ValidationError, match="comments_url"):
        SiteConfig(title="A", comments_url=bad)
