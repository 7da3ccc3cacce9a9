"""Tests for game.scenario.source: the shared reader's problems become located scenario diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.i18n import _ as translate, use_locale
from game.scenario.diagnostics import DiagnosticError, Severity
from game.scenario.source import read_yaml, read_yaml_file, translated


def test_a_problem_becomes_a_diagnostic_of_the_file() -> None:
    """The reader's code, line and column reach the diagnostic, with the file name and the code's severity."""
    with pytest.raises(DiagnosticError) as caught:
        read_yaml(b"a: 1\na: 2\n", "drafts/dup.yaml")
    [found] = caught.value.diagnostics
    assert (found.file, found.line, found.col, found.code) == ("drafts/dup.yaml", 2, 1, "DOJO005")
    assert found.severity is Severity.ERROR


def test_a_file_that_cannot_be_read_names_its_path(tmp_path: Path) -> None:
    """A missing file is DOJO001 at the path given."""
    missing = tmp_path / "nope.yaml"
    with pytest.raises(DiagnosticError) as caught:
        read_yaml_file(missing)
    [found] = caught.value.diagnostics
    assert (found.file, found.code) == (str(missing), "DOJO001")


def test_good_yaml_reads_through() -> None:
    """Plain data and positions come back unchanged."""
    doc = read_yaml(b"title: Boots\nnodes: {a: 1}\n", "s.yaml")
    assert doc.data == {"title": "Boots", "nodes": {"a": 1}}
    assert doc.mark(("nodes", "a")) == (2, 12)


def chinese_and_english(raw: bytes) -> tuple[list, list]:
    """The diagnostics reading `raw` raises in English, then in zh-Hans."""
    found = []
    for locale in ("en", "zh-Hans"):
        use_locale(locale)
        with pytest.raises(DiagnosticError) as caught:
            read_yaml(raw, "s.yaml")
        found.append(caught.value.diagnostics)
    return found[0], found[1]


def test_in_chinese_a_duplicate_key_keeps_its_code_and_place() -> None:
    """The reader's English message is remade from its template in zh-Hans, at the same code and place."""
    [english], [chinese] = chinese_and_english(b"a: 1\na: 2\n")
    assert (chinese.code, chinese.line, chinese.col) == (english.code, english.line, english.col) == ("DOJO005", 2, 1)
    assert chinese.message == translate("duplicate key {key} (first at line {line})").format(key="'a'", line=1) != english.message


def test_in_chinese_a_yaml_syntax_error_translates_the_parser_and_its_help() -> None:
    """DOJO004: the parser's complaint, the construct it was reading and the help are each translated."""
    [english], [chinese] = chinese_and_english(b"a: [1, 2\n")
    assert (chinese.code, chinese.line, chinese.col) == (english.code, english.line, english.col)
    assert chinese.message == translate("{problem} ({context} that started at line {line}): {hint}").format(
        problem=translate("did not find expected ',' or ']'"),
        context=translate("while parsing a flow sequence"),
        line="1",
        hint=translate("a [ ] list is missing a ',' or its closing ']'"),
    )
    assert chinese.message != english.message


def test_a_message_no_template_made_is_shown_as_it_is() -> None:
    """A reader message this module does not know (a new one, an OS reason) passes through unchanged."""
    use_locale("zh-Hans")
    assert translated("something new went wrong") == "something new went wrong"
