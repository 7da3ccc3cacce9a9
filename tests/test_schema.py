"""Tests for game.scenario.schema: the models' shape and the JSON Schema editors use."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from game.scenario.schema import FORMAT_VERSION, Line, Node, ScenarioFile, json_schema
from game.scenario.source import read_yaml_file
from tests.conftest import EXAMPLE, MINI, REPO

BUNDLED = sorted((REPO / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    """A validator for the scenario schema (itself checked against the 2020-12 meta-schema)."""
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture()
def mini_data() -> dict[str, Any]:
    """The MINI scenario as plain data."""
    return yaml.safe_load(MINI)


def test_schema_is_valid_draft_2020_12() -> None:
    """json_schema() passes the Draft 2020-12 meta-schema and says which draft it is."""
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Service Dojo scenario, format 1"
    assert jsonschema.validators.validator_for(schema) is Draft202012Validator


def test_schema_requires_the_core_fields() -> None:
    """The top level requires what every scenario needs and forbids anything else."""
    schema = json_schema()
    assert {"format", "id", "title", "summary", "difficulty", "skills", "minutes", "cast", "meters", "start", "nodes", "endings"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


def test_bundled_scenarios_exist() -> None:
    """There are bundled scenarios to check, the example among them."""
    assert EXAMPLE in BUNDLED
    assert len(BUNDLED) >= 2


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_scenario_validates_as_safe_load_reads_it(path: Path, validator: Draft202012Validator) -> None:
    """Each bundled scenario, read by PyYAML's safe_load, validates against the schema."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_scenario_reads_the_same_in_yaml_1_1_and_1_2(path: Path) -> None:
    """Our YAML 1.2 reader and PyYAML's 1.1 one agree on each bundled file, so editors see what we see."""
    assert read_yaml_file(path).data == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_mini_validates(validator: Draft202012Validator, mini_data: dict[str, Any]) -> None:
    """The tests' MINI scenario validates too."""
    assert list(validator.iter_errors(mini_data)) == []


def test_plain_string_line_shorthand_validates(validator: Draft202012Validator, mini_data: dict[str, Any]) -> None:
    """`say` as one string, a list of strings, or strings mixed with line mappings all validate."""
    for say in ("Just one line.", ["One.", "Two."], ["One.", {"text": "Two.", "when": "anger > 10"}], {"text": "A mapping."}):
        data = copy.deepcopy(mini_data)
        data["nodes"]["hello"]["say"] = say
        assert list(validator.iter_errors(data)) == [], say
        assert ScenarioFile.model_validate(data).nodes["hello"].lines[0].text in {"Just one line.", "One.", "A mapping."}


def mutated(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of `data` with the value at `path` replaced (or deleted when value is ...)."""
    data = copy.deepcopy(data)
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    if value is ...:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return data


INVALID = [
    pytest.param(("title",), ..., id="missing-title"),
    pytest.param(("tittle",), "A typo", id="unknown-field"),
    pytest.param(("format",), 2, id="future-format"),
    pytest.param(("format",), "1", id="quoted-format"),
    pytest.param(("difficulty",), 6, id="difficulty-too-high"),
    pytest.param(("difficulty",), "hard", id="text-for-number"),
    pytest.param(("title",), 42, id="number-for-text"),
    pytest.param(("cast",), ["cus"], id="list-for-mapping"),
    pytest.param(("id",), "Mini Scene", id="bad-id"),
    pytest.param(("skills",), [], id="no-skills"),
    pytest.param(("nodes", "hello", "choices"), [], id="no-choices"),
    pytest.param(("nodes", "hello", "say"), [42], id="number-as-line"),
    pytest.param(("nodes", "hello", "choices", 0, "effects", "anger"), 1.5, id="decimal-effect"),
    pytest.param(("endings", "fixed", "outcome"), "fine", id="unknown-outcome"),
    pytest.param(("meters", "anger", "good"), "sideways", id="bad-good-end"),
]


@pytest.mark.parametrize(("path", "value"), INVALID)
def test_invalid_documents_are_rejected(
    validator: Draft202012Validator, mini_data: dict[str, Any], path: tuple[str | int, ...], value: Any
) -> None:
    """Each broken variant of MINI fails both the JSON Schema and the pydantic models."""
    data = mutated(mini_data, path, value)
    assert list(validator.iter_errors(data)), "the JSON Schema accepted it"
    with pytest.raises(ValidationError):
        ScenarioFile.model_validate(data)


def test_models_accept_mini(mini_data: dict[str, Any]) -> None:
    """ScenarioFile reads MINI: format, defaults and the line shorthand."""
    spec = ScenarioFile.model_validate(mini_data)
    assert spec.format == FORMAT_VERSION
    assert spec.locale == "en" and spec.max_turns == 60 and spec.tags == []
    assert spec.cast["cus"].role == "customer"
    assert [line.text for line in spec.nodes["hello"].lines] == ["I want a refund."]


def test_line_needs_exactly_one_of_text_or_variants() -> None:
    """A line with both text and variants, or neither, is refused."""
    with pytest.raises(ValueError, match="exactly one of 'text' or 'variants'"):
        Line.model_validate({"text": "Hi.", "variants": ["A.", "B."]})
    with pytest.raises(ValueError, match="exactly one of 'text' or 'variants'"):
        Line.model_validate({"when": "anger > 1"})
    assert Line.model_validate("Plain.").text == "Plain."


def test_empty_say_is_refused() -> None:
    """A node must say something."""
    with pytest.raises(ValueError, match="at least one line under 'say'"):
        Node.model_validate({"say": [], "choices": [{"id": "a", "text": "A.", "next": "end"}]})


def test_models_are_strict_about_numbers(mini_data: dict[str, Any]) -> None:
    """`true` is not 1 and 1.0 is not a whole number for a meter start."""
    for value in (True, 1.0, "1"):
        with pytest.raises(ValueError):
            ScenarioFile.model_validate(mutated(mini_data, ("meters", "anger", "start"), value))
