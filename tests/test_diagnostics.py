"""Tests for game.scenario.diagnostics: the code registry, the one-line and JSON forms, the error."""

from __future__ import annotations

import json
import re

import pytest

from game.scenario.diagnostics import CODES, Code, Diagnostic, DiagnosticError, Severity


def test_codes_are_well_formed_and_unique() -> None:
    """Every code is DOJO plus three digits, keyed by itself, with a title."""
    for key, code in CODES.items():
        assert isinstance(code, Code)
        assert re.fullmatch(r"DOJO\d{3}", key)
        assert code.code == key
        assert code.title and code.title == code.title.strip()


def test_codes_are_grouped_by_hundreds() -> None:
    """Reading codes are 0xx, shape 1xx, graph 2xx, conditions 3xx, scoring 4xx; nothing else."""
    groups = {int(key[4]) for key in CODES}
    assert groups == {0, 1, 2, 3, 4}
    assert CODES["DOJO004"].title == "YAML syntax error"
    assert CODES["DOJO301"].title == "condition does not parse"


def test_warning_codes_are_the_soft_ones() -> None:
    """Exactly the codes that don't stop play are warnings."""
    warnings = {key for key, code in CODES.items() if code.severity is Severity.WARNING}
    assert warnings == {"DOJO110", "DOJO202", "DOJO204", "DOJO207", "DOJO208", "DOJO401", "DOJO404", "DOJO407", "DOJO409", "DOJO410", "DOJO420"}


@pytest.mark.parametrize("key", sorted(CODES))
def test_make_takes_the_codes_default_severity(key: str) -> None:
    """Diagnostic.make gives each code its registered severity, and is_error follows it."""
    found = Diagnostic.make(key, "something", "s.yaml", 3, 4)
    assert found.severity is CODES[key].severity
    assert found.is_error is (CODES[key].severity is Severity.ERROR)


def test_make_defaults_to_the_whole_file() -> None:
    """Without a position a diagnostic is about the whole file: line 0, column 0."""
    found = Diagnostic.make("DOJO010", "empty", "s.yaml")
    assert (found.line, found.col) == (0, 0)


def test_make_refuses_an_unknown_code() -> None:
    """A code missing from the registry is a programming error, caught at once."""
    with pytest.raises(KeyError):
        Diagnostic.make("DOJO999", "nope", "s.yaml")


def test_format_is_one_located_line() -> None:
    """format() is `path:line:col: CODE severity: message`."""
    found = Diagnostic.make("DOJO201", "reply 'a' goes to 'b', which is neither a node nor an ending", "dir/s.yaml", 12, 15)
    assert found.format() == "dir/s.yaml:12:15: DOJO201 error: reply 'a' goes to 'b', which is neither a node nor an ending"
    warning = Diagnostic.make("DOJO401", "reply 'x' has no tags", "s.yaml", 1, 2)
    assert warning.format() == "s.yaml:1:2: DOJO401 warning: reply 'x' has no tags"


def test_to_json_is_plain_and_serialisable() -> None:
    """to_json() has file, line, col, code, severity (as text) and message, and dumps as JSON."""
    found = Diagnostic.make("DOJO402", "tag 'x' is not in the rubric", "s.yaml", 7, 9)
    data = found.to_json()
    assert data == {
        "file": "s.yaml",
        "line": 7,
        "col": 9,
        "code": "DOJO402",
        "severity": "error",
        "message": "tag 'x' is not in the rubric",
    }
    assert json.loads(json.dumps(data)) == data
    assert type(data["severity"]) is str


def test_severity_values() -> None:
    """Severities print as 'error' and 'warning' and compare as those strings."""
    assert Severity.ERROR.value == "error" and Severity.WARNING.value == "warning"
    assert Severity("warning") is Severity.WARNING


def test_diagnostic_is_immutable_and_comparable() -> None:
    """Diagnostics are frozen values: equal when every field is equal."""
    one = Diagnostic.make("DOJO005", "duplicate key 'a'", "s.yaml", 2, 1)
    assert one == Diagnostic.make("DOJO005", "duplicate key 'a'", "s.yaml", 2, 1)
    with pytest.raises(AttributeError):
        one.line = 3  # type: ignore[misc]


def test_diagnostic_error_carries_every_finding() -> None:
    """DiagnosticError keeps all its diagnostics, in order, and its text is their lines."""
    found = [
        Diagnostic.make("DOJO201", "first", "s.yaml", 3, 1),
        Diagnostic.make("DOJO204", "second", "s.yaml", 9, 3),
        Diagnostic.make("DOJO402", "third", "s.yaml", 12, 5),
    ]
    error = DiagnosticError(found)
    assert error.diagnostics == found
    assert str(error) == "\n".join(d.format() for d in found)
    assert str(error).count("\n") == 2
    with pytest.raises(DiagnosticError) as caught:
        raise error
    assert caught.value.diagnostics[1].code == "DOJO204"


def test_diagnostic_error_with_no_findings_is_empty_text() -> None:
    """An error built from no diagnostics still works and has empty text."""
    assert str(DiagnosticError([])) == ""


@pytest.mark.parametrize(
    ("message", "shown"),
    [("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("x\x1b[2Jy", "x\\x1b[2Jy"), ("p\u2028q", "p\\u2028q"), ("nel\x85", "nel\\x85"), ("tab\tand é 😀", "tab\tand é 😀")],
)
def test_messages_are_one_line_without_control_characters(message: str, shown: str) -> None:
    """Line breaks and control characters quoted from a file are escaped, so a finding is one safe line."""
    diagnostic = Diagnostic.make("DOJO103", message, "f.yaml", 1, 1)
    assert diagnostic.message == shown
    assert len(diagnostic.format().splitlines()) == 1


def test_json_of_a_chinese_finding_keeps_its_code_severity_and_place() -> None:
    """In zh-Hans, a finding's JSON form has the same code, severity and place as in English; only the message is translated."""
    from game.engine.lint import lint_file
    from game.i18n import use_locale
    from scoring.rubric import default_rubric
    from tests.conftest import FIXTURES

    path = FIXTURES / "bad" / "DOJO201-missing-next.yaml"
    english = [json.loads(json.dumps(d.to_json())) for d in lint_file(path, default_rubric())]
    use_locale("zh-Hans")
    chinese = [json.loads(json.dumps(d.to_json(), ensure_ascii=False)) for d in lint_file(path, default_rubric())]
    assert chinese and [{**d, "message": ""} for d in chinese] == [{**d, "message": ""} for d in english]
    assert all(c["message"] != e["message"] for c, e in zip(chinese, english))
