"""Tests for `dojo schema` (game.commands.schema_cmd)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from game.scenario.schema import ScenarioFile, json_schema
from tests.conftest import run_cli as cli


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo schema` prints valid JSON: the format's JSON Schema, itself a valid schema."""
    code, out, err = cli(capsys, "schema")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == json_schema()
    Draft202012Validator.check_schema(data)


def test_schema_out_writes_the_same_text(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    """`dojo schema --out FILE` writes exactly what `dojo schema` prints and says where."""
    _, printed, _ = cli(capsys, "schema")
    target = tmp_path / "scenario.schema.json"
    code, out, err = cli(capsys, "schema", "--out", str(target))
    assert (code, err) == (0, "")
    assert out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == printed


def test_schema_out_to_a_missing_folder_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    """An unwritable --out path is one line naming it, exit 2, no traceback."""
    target = tmp_path / "missing" / "schema.json"
    code, out, err = cli(capsys, "schema", "--out", str(target))
    assert code == 2 and out == ""
    assert err.startswith("dojo schema: cannot write") and str(target) in err and err.count("\n") == 1


def test_schema_in_chinese_prints_the_chinese_schema(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    """`dojo schema --locale zh-Hans` prints (and --out writes) the schema with the catalog's titles and descriptions."""
    from game.i18n import use_locale

    code, out, err = cli(capsys, "schema", "--locale", "zh-Hans")
    assert (code, err) == (0, "")
    use_locale("zh-Hans")
    data = json.loads(out)
    assert data == json_schema() and data["description"] != ScenarioFile.__doc__
    Draft202012Validator.check_schema(data)
    target = tmp_path / "scenario.schema.json"
    code, _out, err = cli(capsys, "schema", "--out", str(target), "--locale", "zh-Hans")
    assert (code, err) == (0, "") and target.read_text(encoding="utf-8") == out
