"""Tests for `dojo schema` (game.commands.schema_cmd)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from game.scenario.schema import json_schema
from tests.conftest import run_cli as cli


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo schema` prints valid JSON: the format's JSON Schema, itself a valid schema."""
    code, out, err = cli(capsys, "schema")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == json_schema()
    Draft202012Validator.check_schema(data)
