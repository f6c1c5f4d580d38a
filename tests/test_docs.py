"""Meta-tests: the reference docs are generated from the code and must match it."""

from pathlib import Path

import pytest

from atlaspress.app.docs import EXAMPLE_POST, generate
from atlaspress.content.model import FrontMatter, Place
from atlaspress.core.config import SiteConfig

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", sorted(generate()))
def test_generated_docs_are_up_to_date(name):
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == generate()[name], f"docs/{name} is stale: run `make docs`"


def test_every_field_and_config_key_is_documented():
    text = generate()["content-format.md"] + generate()["configuration.md"]
    for model in (FrontMatter, Place, SiteConfig):
        for name, info in model.model_fields.items():
            assert f"| `{name}` |" in text
            assert info.description, f"{model.__name__}.{name} has no description"


def test_every_cli_command_is_documented():
    text = generate()["cli.md"]
    for command in (
        "atlaspress build",
        "atlaspress check",
        "atlaspress serve",
        "atlaspress new site",
        "atlaspress new post",
    ):
        assert f"## `{command}`" in text


def test_the_documented_example_post_is_valid(make_site):
    from atlaspress.content.frontmatter import parse_document
    from atlaspress.content.load import validate_front_matter

    front, diagnostics = validate_front_matter(parse_document(EXAMPLE_POST, "example.md"), "example.md")
    assert diagnostics == []
    assert front is not None and front.place.country == "KP"
