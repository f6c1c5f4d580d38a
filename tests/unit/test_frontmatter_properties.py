"""Property-based: any text as index.md gives a post or located diagnostics, never a crash."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlaspress.content.load import load_post
from atlaspress.core.config import SiteConfig

CONFIG = SiteConfig(title="T", series={"borders": {"title": "Borders"}})

KEYS = ["title", "date", "place", "series", "tags", "facts", "events", "sources", "comments", "summary",
        "layers", "claims", "subtitle", "updated", "question", "unknown", "at", "name"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=20), st.sampled_from(["2022-09-01", "2022-13-01", "37.93, 126.6",
                                                           "137.9, 126.6", "borders", "open", "KP"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
                      max_leaves=12)
front = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)


def check(tmp_path, text: str) -> None:
    bundle = tmp_path / "site" / "content" / "places" / "x"
    bundle.mkdir(parents=True, exist_ok=True)
    index = bundle / "index.md"
    index.write_text(text, encoding="utf-8")
    post, diagnostics = load_post(index, tmp_path / "site", CONFIG)
    if post is None:
        assert any(d.is_error for d in diagnostics)
    lines = text.count("\n") + 2
    for d in diagnostics:
        assert 1 <= d.line <= lines and d.column >= 1 and d.code and d.message


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front)
def test_random_front_matter(tmp_path, data):
    check(tmp_path, "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nBody.\n")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=string.printable + "éü개°′″\t", max_size=200))
def test_random_text(tmp_path, text):
    check(tmp_path, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=string.printable + "éü개", max_size=150))
def test_random_text_inside_fences(tmp_path, text):
    check(tmp_path, "---\n" + text + "\n---\nBody.\n")
