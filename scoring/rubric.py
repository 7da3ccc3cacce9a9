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
import os
import re
import stat
from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scoring import safe_yaml
from scoring.grading import GradingRules

RULE_ID = re.compile(r"^[A-Z]{2,5}-[A-Z]?[0-9]+$")
TAG = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9]+(-[a-z0-9]+)*)+$")
DEFAULT_RUBRIC_PATH = Path(__file__).resolve().parent / "rubrics" / "default.yaml"
# Points and weights are bounded so that sums stay exact, finite floats (a point value
# of 10**400 would overflow the float sums; an infinite weight makes percentages NaN).
MAX_POINTS = 1_000
MAX_WEIGHT = 100.0
# A rubric is read whole and checked pattern by pattern against every tag; these keep that
# quick whatever the file says. The default rubric is 45 KB with about 85 tags.
MAX_RUBRIC_BYTES = 1024 * 1024
MAX_BEHAVIOURS = 1_000
MAX_PATTERNS = 50
MAX_GLOBS = 20  # tags or wildcards in one pattern's match, needs or after


class RubricError(Exception):
    """A rubric file that cannot be read or does not make sense."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(_Strict):
    """One skill the trainee is judged on."""

    title: str
    description: str
    weight: float = Field(default=1.0, gt=0, le=MAX_WEIGHT, allow_inf_nan=False)


class Behaviour(_Strict):
    """What one tag on a reply is worth, and why; `title` names it for a trainee ('Let them vent')."""

    title: str | None = Field(default=None, min_length=1)  # optional: without one, screens show the tag
    dimension: str
    points: int = Field(ge=-MAX_POINTS, le=MAX_POINTS)
    rule: str
    explain: str = Field(min_length=10)


class Pattern(_Strict):
    """A judgement over the whole run rather than one reply.

    kinds:
    - `before`: a reply matching `match` comes before any reply matching `needs`;
    - `after`: a reply matching `match` comes after an earlier reply matching `after`
      (with `within: N`, at most N replies after it: one request's worth of talk);
    - `count`: replies matching `match` reach `at_least` in one run;
    - `repeat`: one and the same tag matching `match` is used `at_least` times.
    Each pattern fires at most once per run, on the turn that completes it, and a reply
    already penalised under the pattern's rule (by a behaviour or another pattern) is not
    penalised under it again.
    """

    title: str
    kind: Literal["before", "after", "count", "repeat"]
    match: tuple[str, ...] = Field(min_length=1, max_length=MAX_GLOBS)
    needs: tuple[str, ...] = Field(default=(), max_length=MAX_GLOBS)
    after: tuple[str, ...] = Field(default=(), max_length=MAX_GLOBS)
    at_least: int = Field(default=2, ge=1)
    within: int | None = Field(default=None, ge=1, le=MAX_GLOBS)
    dimension: str
    points: int = Field(ge=-MAX_POINTS, le=MAX_POINTS)
    rule: str
    explain: str = Field(min_length=10)

    @model_validator(mode="after")
    def _kind_has_its_fields(self) -> Pattern:
        if self.within is not None and self.kind != "after":
            raise ValueError("'within' applies only to an 'after' pattern")
        if self.kind == "before" and not self.needs:
            raise ValueError("a 'before' pattern needs 'needs': the tags that should come first")
        if self.kind == "after" and not self.after:
            raise ValueError("an 'after' pattern needs 'after': the tags that make a later reply wrong")
        return self


class Award(_Strict):
    """Points given to one dimension at the end of a run (an outcome, the final mood); `title` names an outcome ('Walked out')."""

    title: str | None = Field(default=None, min_length=1)  # optional: without one, screens show the outcome id
    dimension: str
    points: int = Field(ge=-MAX_POINTS, le=MAX_POINTS)
    explain: str = Field(min_length=10)


class Band(_Strict):
    """A named level: an overall percentage, a floor every trained skill must reach, and
    how many replies graded mistake or worse (and blunder) a run may hold and still get it."""

    name: str
    min_percent: float = Field(ge=0, le=100, allow_inf_nan=False)
    min_skill_percent: float = Field(default=0, ge=0, le=100, allow_inf_nan=False)
    max_mistakes: int | None = Field(default=None, ge=0)
    max_blunders: int | None = Field(default=None, ge=0)


class GradeLimits(_Strict):
    """The largest share of a decision's stake a reply may give up and still earn each grade."""

    best: float = Field(ge=0, le=1, allow_inf_nan=False)
    good: float = Field(ge=0, le=1, allow_inf_nan=False)
    slip: float = Field(ge=0, le=1, allow_inf_nan=False)
    mistake: float = Field(ge=0, le=1, allow_inf_nan=False)

    @model_validator(mode="after")
    def _rising(self) -> GradeLimits:
        if not self.best <= self.good <= self.slip <= self.mistake:
            raise ValueError("grade limits must rise: best <= good <= slip <= mistake")
        return self


class Grading(_Strict):
    """How replies are graded against the best available, and how grades make the score.

    See scoring/grading.py and docs/scoring.md. A rubric without this section (format 1
    rubrics written before it existed) scores a run as its points against the best
    playthrough's, so runs stored with such a rubric still verify.
    """

    stake_floor: float = Field(gt=0, le=MAX_POINTS, allow_inf_nan=False)
    stake_cap: float = Field(default=MAX_POINTS, gt=0, le=MAX_POINTS, allow_inf_nan=False)
    limits: GradeLimits
    credit_power: float = Field(default=1.0, gt=0, le=10, allow_inf_nan=False)
    curve: float = Field(default=1.0, gt=0, le=10, allow_inf_nan=False)

    def rules(self) -> GradingRules:
        """The settings as the grading functions take them."""
        limits = self.limits
        cuts = (limits.best, limits.good, limits.slip, limits.mistake)
        return GradingRules(self.stake_floor, cuts, self.credit_power, self.curve, max(self.stake_cap, self.stake_floor))


class Rubric(_Strict):
    """A whole rubric, validated so that every reference inside it resolves."""

    format: Literal[1]
    id: str
    version: str
    title: str
    rules: dict[str, str]
    dimensions: dict[str, Dimension] = Field(min_length=1)
    behaviours: dict[str, Behaviour] = Field(max_length=MAX_BEHAVIOURS)
    patterns: dict[str, Pattern] = Field(default={}, max_length=MAX_PATTERNS)
    outcomes: dict[str, Award]
    final_mood: Award
    bands: tuple[Band, ...] = Field(min_length=1)
    grading: Grading | None = None

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
                if glob in self.behaviours:
                    continue  # a plain tag: no need to match it against every tag
                if not any(fnmatchcase(tag, glob) for tag in self.behaviours):
                    problems.append(f"pattern {key}: '{glob}' matches no behaviour tag")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def band_for(
        self, percent: float, skill_percents: Iterable[float] = (), mistakes: int = 0, blunders: int = 0
    ) -> str | None:
        """The highest band whose floors are met and whose mistake allowances are kept, or None."""
        weakest = min(skill_percents, default=100.0)
        for band in self.bands:
            if percent < band.min_percent or weakest < band.min_skill_percent:
                continue
            if band.max_mistakes is not None and mistakes > band.max_mistakes:
                continue
            if band.max_blunders is not None and blunders > band.max_blunders:
                continue
            return band.name
        return None

    @property
    def top_band(self) -> Band:
        """The best band (Gold in the default rubric)."""
        return self.bands[0]

    def behaviour_title(self, tag: str) -> str:
        """A behaviour's title ('Let them vent'); the tag itself for one without a title or not in the rubric."""
        behaviour = self.behaviours.get(tag)
        return behaviour.title if behaviour is not None and behaviour.title else tag

    def outcome_title(self, outcome: str) -> str:
        """An outcome's title ('Walked out'); the outcome id itself for one without a title or not in the rubric."""
        award = self.outcomes.get(outcome)
        return award.title if award is not None and award.title else outcome

    def pattern_title(self, key: str) -> str:
        """A pattern's title ('Refused before listening'); the key itself for a pattern not in the rubric."""
        pattern = self.patterns.get(key)
        return pattern.title if pattern is not None else key

    def rule_title(self, rule: str) -> str:
        """The one-line statement of a rule ID, such as LIS-5."""
        return self.rules.get(rule, rule)

    @cached_property
    def digest(self) -> str:
        """A short hash of the rubric's content, stored with runs for later verification.

        A title left out is left out of the hash too, so a rubric written before behaviours
        and outcomes had titles keeps the digest its stored runs were filed under.
        """
        untitled: dict[str, Any] = {
            "behaviours": {tag: {"title"} for tag, item in self.behaviours.items() if item.title is None},
            "outcomes": {key: {"title"} for key, item in self.outcomes.items() if item.title is None},
            "final_mood": {"title"} if self.final_mood.title is None else set(),
        }
        canonical = self.model_dump_json(exclude=untitled).encode("utf-8")
        return hashlib.sha256(canonical).hexdigest()[:16]


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    """Validate rubric YAML text; raises RubricError with every problem found."""
    data = _read_yaml(text, source)
    try:
        return Rubric.model_validate(data)
    except ValidationError as error:
        lines = [f"{source}: the rubric is not valid:"]
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
            lines.append(f"  {where}: {problem['msg']}")
        raise RubricError("\n".join(lines)) from None


def _read_yaml(text: str, source: str) -> object:
    """The data of rubric YAML text; RubricError for anything that is not plain, modest YAML.

    Rubrics are read by `scoring.safe_yaml`, the reader scenarios use, with its limits
    (nesting, aliases, tags, duplicate keys: docs/limits.md); its first problem becomes
    the message, with the code and position it gives.
    """
    if len(text) > MAX_RUBRIC_BYTES:
        raise RubricError(f"{source}: not valid YAML: the rubric has {len(text):,} characters; the limit is {MAX_RUBRIC_BYTES:,}")
    try:
        return safe_yaml.read_yaml(text.encode("utf-8", "surrogatepass"), source).data
    except safe_yaml.YamlError as error:
        problem = error.problems[0]
        where = f"line {problem.line}, column {problem.col}: " if problem.line else ""
        raise RubricError(f"{source}: not valid YAML: {where}{problem.code} {problem.message}") from None


def load_rubric(path: str | Path) -> Rubric:
    """Read and validate a rubric file; raises RubricError."""
    return parse_rubric(read_rubric_text(path), str(path))


def read_rubric_text(path: str | Path) -> str:
    """The text of a rubric file (a regular file within the size limit); raises RubricError."""
    try:
        info = os.stat(path)  # before opening: opening a named pipe would wait for ever
        if not stat.S_ISREG(info.st_mode):
            raise RubricError(f"{path}: cannot read the rubric: it is not a regular file")
        if info.st_size > MAX_RUBRIC_BYTES:
            raise RubricError(f"{path}: cannot read the rubric: it is larger than {MAX_RUBRIC_BYTES // (1024 * 1024)} MB")
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RubricError(f"{path}: cannot read the rubric: {error}") from None


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    """The bundled rubric, `scoring/rubrics/default.yaml`, loaded once."""
    return load_rubric(DEFAULT_RUBRIC_PATH)
