"""The rubric: what good service earns, written once and cited everywhere.

A rubric names the skill dimensions (listening, empathy, refusal...), the behaviours a
reply can show (a tag such as `listening.paraphrase` -> a dimension, points, the rule it
comes from and one sentence of explanation), patterns judged over a whole run (refusing
before listening, a third apology...), what each kind of ending and the customer's final
mood are worth, and the bands (Bronze, Silver, Gold).

Scenario authors only tag replies; every explanation a trainee reads comes from here, so
feedback is consistent across the whole pack. This module knows nothing of scenarios.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

RULE_ID = re.compile(r"^[A-Z]{2,5}-[A-Z]?[0-9]+$")
TAG = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9]+(-[a-z0-9]+)*)+$")
DEFAULT_RUBRIC_PATH = Path(__file__).resolve().parent / "rubrics" / "default.yaml"


class RubricError(Exception):
    """A rubric file that cannot be read or does not make sense."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(_Strict):
    """One skill the trainee is judged on."""

    title: str
    description: str
    weight: float = Field(default=1.0, gt=0)


class Behaviour(_Strict):
    """What one tag on a reply is worth, and why."""

    dimension: str
    points: int
    rule: str
    explain: str = Field(min_length=10)


class Pattern(_Strict):
    """A judgement over the whole run rather than one reply.

    kinds:
    - `before`: a reply matching `match` comes before any reply matching `needs`;
    - `after`: a reply matching `match` comes after an earlier reply matching `after`;
    - `count`: replies matching `match` reach `at_least` in one run;
    - `repeat`: one and the same tag matching `match` is used `at_least` times.
    Each pattern fires at most once per run, on the turn that completes it.
    """

    title: str
    kind: Literal["before", "after", "count", "repeat"]
    match: tuple[str, ...] = Field(min_length=1)
    needs: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    at_least: int = Field(default=2, ge=1)
    dimension: str
    points: int
    rule: str
    explain: str = Field(min_length=10)

    @model_validator(mode="after")
    def _kind_has_its_fields(self) -> Pattern:
        if self.kind == "before" and not self.needs:
            raise ValueError("a 'before' pattern needs 'needs': the tags that should come first")
        if self.kind == "after" and not self.after:
            raise ValueError("an 'after' pattern needs 'after': the tags that make a later reply wrong")
        return self


class Award(_Strict):
    """Points given to one dimension at the end of a run (an outcome, the final mood)."""

    dimension: str
    points: int
    explain: str = Field(min_length=10)


class Band(_Strict):
    """A named level: an overall percentage, and a floor every trained skill must reach."""

    name: str
    min_percent: float = Field(ge=0, le=100)
    min_skill_percent: float = Field(default=0, ge=0, le=100)


class Rubric(_Strict):
    """A whole rubric, validated so that every reference inside it resolves."""

    format: Literal[1]
    id: str
    version: str
    title: str
    rules: dict[str, str]
    dimensions: dict[str, Dimension] = Field(min_length=1)
    behaviours: dict[str, Behaviour]
    patterns: dict[str, Pattern] = {}
    outcomes: dict[str, Award]
    final_mood: Award
    bands: tuple[Band, ...] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _rule_ids_are_well_formed(cls, rules: dict[str, str]) -> dict[str, str]:
        bad = [rule for rule in rules if not RULE_ID.match(rule)]
        if bad:
            raise ValueError(f"rule ids must look like 'LIS-5' or 'REF-S1': {', '.join(bad)}")
        return rules

    @field_validator("behaviours")
    @classmethod
    def _tags_are_well_formed(cls, behaviours: dict[str, Behaviour]) -> dict[str, Behaviour]:
        bad = [tag for tag in behaviours if not TAG.match(tag)]
        if bad:
            raise ValueError(f"tags must look like 'listening.paraphrase': {', '.join(bad)}")
        return behaviours

    @field_validator("bands")
    @classmethod
    def _bands_high_to_low(cls, bands: tuple[Band, ...]) -> tuple[Band, ...]:
        return tuple(sorted(bands, key=lambda band: band.min_percent, reverse=True))

    @model_validator(mode="after")
    def _references_resolve(self) -> Rubric:
        problems: list[str] = []
        cited: list[tuple[str, str, str]] = [
            (f"behaviour {tag}", item.dimension, item.rule) for tag, item in self.behaviours.items()
        ]
        cited += [(f"pattern {key}", item.dimension, item.rule) for key, item in self.patterns.items()]
        for where, dimension, rule in cited:
            if dimension not in self.dimensions:
                problems.append(f"{where}: unknown dimension '{dimension}'")
            if rule not in self.rules:
                problems.append(f"{where}: rule '{rule}' is not listed under 'rules'")
        awards = [(f"outcome {key}", award) for key, award in self.outcomes.items()]
        awards.append(("final_mood", self.final_mood))
        for where, award in awards:
            if award.dimension not in self.dimensions:
                problems.append(f"{where}: unknown dimension '{award.dimension}'")
        for key, pattern in self.patterns.items():
            for glob in (*pattern.match, *pattern.needs, *pattern.after):
                if not any(fnmatchcase(tag, glob) for tag in self.behaviours):
                    problems.append(f"pattern {key}: '{glob}' matches no behaviour tag")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def band_for(self, percent: float, skill_percents: Iterable[float] = ()) -> str | None:
        """The highest band whose overall and per-skill floors are met, or None."""
        weakest = min(skill_percents, default=100.0)
        for band in self.bands:
            if percent >= band.min_percent and weakest >= band.min_skill_percent:
                return band.name
        return None

    @property
    def top_band(self) -> Band:
        """The best band (Gold in the default rubric)."""
        return self.bands[0]

    def rule_title(self, rule: str) -> str:
        """The one-line statement of a rule ID, such as LIS-5."""
        return self.rules.get(rule, rule)

    @cached_property
    def digest(self) -> str:
        """A short hash of the rubric's content, stored with runs for later verification."""
        canonical = self.model_dump_json().encode("utf-8")
        return hashlib.sha256(canonical).hexdigest()[:16]


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    """Validate rubric YAML text; raises RubricError with every problem found."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise RubricError(f"{source}: not valid YAML: {error}") from None
    try:
        return Rubric.model_validate(data)
    except ValidationError as error:
        lines = [f"{source}: the rubric is not valid:"]
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
            lines.append(f"  {where}: {problem['msg']}")
        raise RubricError("\n".join(lines)) from None


def load_rubric(path: str | Path) -> Rubric:
    """Read and validate a rubric file; raises RubricError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RubricError(f"{path}: cannot read the rubric: {error}") from None
    return parse_rubric(text, str(path))


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    """The bundled rubric, `scoring/rubrics/default.yaml`, loaded once."""
    return load_rubric(DEFAULT_RUBRIC_PATH)
