from pathlib import Path

import pytest

from atlaspress.core.config import load_config
from atlaspress.core.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "atlaspress.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_valid_config(tmp_path):
    config = load_config(write(tmp_path, 'title = "A"\nbase_url = "https://a.example/blog"\n'
                                         '[series.borders]\ntitle = "Borders"\n'))
    assert config.root_url == "https://a.example/blog/"
    assert config.series["borders"].phrase == "places in Borders"  # the title as written
    assert config.comments == "open"


def test_unknown_key_is_named_with_a_suggestion(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, 'title = "A"\nlangauge = "en"\n'))
    assert info.value.diagnostic.format() == (
        "atlaspress.toml:2:1: error[config.langauge]: unknown key 'langauge'\n  hint: did you mean 'language'?"
    )


def test_nested_series_key_is_located(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, 'title = "A"\n\n[series.borders]\ntitle = "B"\ndescripton = "x"\n'))
    d = info.value.diagnostic
    assert (d.line, d.code, d.hint) == (5, "config.series.borders.descripton", "did you mean 'description'?")


def test_missing_title(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, 'language = "en"\n'))
    assert "missing required key 'title'" in info.value.diagnostic.message


def test_bad_toml_has_position(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, 'title = "A\n'))
    assert info.value.diagnostic.line == 1
    assert info.value.diagnostic.message.startswith("invalid TOML")


def test_bad_comments_value(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, 'title = "A"\ncomments = "maybe"\n'))
    assert info.value.diagnostic.code == "config.comments"
    assert info.value.diagnostic.line == 2


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "atlaspress new site" in info.value.diagnostic.hint
