"""Tests for game.scenario.schema_text: the JSON Schema's titles and descriptions come from the lint catalog."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from game.i18n import use_locale
from game.i18n.catalogs import extract
from game.scenario.schema import ScenarioFile, json_schema
from game.scenario.schema_text import DOCUMENT_TITLE, TITLE_MARK, title_text, translated

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _words(schema: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """(path, key, text) for every title and description of a schema (not property names, not data)."""
    if isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from _words(item, f"{path}/{index}")
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("title", "description") and isinstance(value, str):
                yield path, key, value
            elif key not in ("default", "const", "enum", "examples"):
                yield from _words(value, f"{path}/{key}")


def test_every_title_and_description_is_a_lint_message() -> None:
    """Each description of the schema, and each title marked 'schema title|', is extracted into the lint catalog."""
    messages = {str(message.id) for message in extract("lint") if message.id}
    for path, key, text in _words(ScenarioFile.model_json_schema()):
        if (path, key) == ("", "title"):
            continue  # the document's own title is DOCUMENT_TITLE
        assert (TITLE_MARK + text if key == "title" else text) in messages, (key, text)
    assert DOCUMENT_TITLE in messages


def test_english_schema_is_pydantics_own() -> None:
    """In English translating changes nothing: the schema is pydantic's, with the format's title and $schema."""
    raw = ScenarioFile.model_json_schema()
    assert translated(raw) == raw
    assert json_schema() == {**raw, "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Service Dojo scenario, format 1"}


def test_chinese_schema_changes_only_its_words() -> None:
    """In zh-Hans every title and description differs from the English, the rest (keys, types, patterns, enums) does not."""
    english = json_schema()
    use_locale("zh-Hans")
    chinese = json_schema()
    english_words, chinese_words = list(_words(english)), list(_words(chinese))
    assert [(path, key) for path, key, _text in english_words] == [(path, key) for path, key, _text in chinese_words]
    assert all(zh != en for (_p, _k, en), (_q, _l, zh) in zip(english_words, chinese_words))
    assert all(_CJK.search(text) or text == "ID" for _path, _key, text in chinese_words)

    def blank(schema: Any) -> Any:
        """The schema with its words taken out."""
        if isinstance(schema, list):
            return [blank(item) for item in schema]
        if isinstance(schema, dict):
            return {k: ("" if k in ("title", "description") and isinstance(v, str) else blank(v)) for k, v in schema.items()}
        return schema

    assert blank(chinese) == blank(english)


def test_a_title_without_a_translation_is_shown_as_it_is() -> None:
    """A title the catalog does not know (a new field, say) is shown as pydantic wrote it, without the mark."""
    use_locale("zh-Hans")
    assert title_text("Brand New Field") == "Brand New Field"
    assert title_text("Min") != "Min" and "|" not in title_text("Min")
