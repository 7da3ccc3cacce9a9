"""Grade each reply against the best one available at that moment, and build the score from the grades.

A chess engine's review grades a move by what it gives up against the best move in that
position; this does the same for a reply. The caller (the engine's exact analysis) says,
for every reply that was on offer at a decision, what choosing it is worth from there on
if the best is played afterwards: its points plus the best total still reachable, and
per skill the points along that same continuation. Then, for the reply chosen:

* its **loss** is the best reply's worth minus its own (0 for the best reply);
* the **stake** of the decision is what separates the best reply from the worst there,
  capped at the rubric's `stake_cap` (a catastrophe on offer must not make every other
  poor reply look good beside it, nor one decision outweigh all the others);
* its **share** is loss / stake, from 0 (the best) to 1 (the worst on offer), with the
  stake taken as at least the rubric's `stake_floor` (so replies a point or two apart
  are not a blunder and a slip);
* its **grade** is the first of best, good, slip, mistake, blunder whose limit the share
  stays within, and its **credit** is (1 - share) ** `credit_power`.

A run's percent is the stake-weighted mean of its decisions' credits (a decision where
little was at stake counts for little, however it was graded), raised to the
rubric's `curve` (above 1, it spreads the scale out at the bottom: a trainee who picks at
random already lands on the best reply a third of the time, which alone would give about
a third of the marks). A decision where much was at stake counts for more, each mistake
costs what it gives up and no more, and a later good reply cannot buy back an earlier
blunder. Per skill the same is done with the
skill's own points, against the reply that was best overall. docs/scoring.md explains it
with worked examples. This module knows nothing of scenarios.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

_new_tuple = tuple.__new__  # makes a NamedTuple from a tuple of its fields, in C
GradeName = Literal["best", "good", "slip", "mistake", "blunder"]
GRADE_NAMES: tuple[GradeName, ...] = ("best", "good", "slip", "mistake", "blunder")
# Grades at or below "mistake" count as mistakes for the bands' allowances.
MISTAKES: frozenset[GradeName] = frozenset({"mistake", "blunder"})


class Option(NamedTuple):
    """One reply on offer, by what choosing it is worth if the best is played afterwards.

    `total` is its weighted points plus the best total still reachable after it; `skills`
    its points per rubric dimension (rubric order) plus those the best continuation earns.
    """

    key: str
    total: float
    skills: tuple[float, ...]


class Decision(NamedTuple):
    """A moment with a choice: the replies on offer (two or more) and the one chosen."""

    options: tuple[Option, ...]
    chosen: str


class GradingRules(NamedTuple):
    """The rubric's grading settings (see `scoring.rubric.Grading`)."""

    stake_floor: float
    limits: tuple[float, float, float, float]  # the largest share for best, good, slip, mistake
    credit_power: float
    curve: float = 1.0
    stake_cap: float = float("inf")


class SkillGrade(NamedTuple):
    """One skill's judgement of a decision: its credit and how much that skill had at stake."""

    credit: float
    stake: float


class DecisionGrade(NamedTuple):
    """The judgement of one reply: its grade, what it gave up, and the better reply if any.

    (A NamedTuple, not a frozen dataclass, because the analysis grades every decision of every
    path it reports, and a frozen dataclass sets each field through object.__setattr__.)"""

    grade: GradeName
    loss: float
    share: float
    credit: float
    stake: float
    best: str  # the key of the best reply there (the chosen one when it was the best)
    skills: dict[str, SkillGrade]

    def to_json(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        return {
            "grade": self.grade,
            "loss": round(self.loss, 2),
            "share": round(self.share, 3),
            "credit": round(self.credit, 3),
            "stake": round(self.stake, 2),
        }


def grade_decision(decision: Decision, rules: GradingRules, dimensions: Sequence[str]) -> DecisionGrade:
    """Grade the chosen reply of one decision against the others on offer."""
    options = decision.options
    chosen = None
    best = options[0]  # the first of the best, as max() would pick
    worst = best.total
    for option in options:
        if option.key == decision.chosen:
            chosen = option
        if option.total > best.total:
            best = option
        elif option.total < worst:
            worst = option.total
    if chosen is None:
        raise KeyError(decision.chosen)
    loss = max(0.0, best.total - chosen.total)
    stake = min(best.total - worst, rules.stake_cap)
    share = min(loss / max(stake, rules.stake_floor), 1.0)
    grade = _grade_of(share, rules)
    skills: dict[str, SkillGrade] = {}
    # Per dimension, the options' points (one column per dimension). (This runs for every
    # decision of every path the analysis reports, hence the comparisons for min and max.)
    cap, floor, power = rules.stake_cap, rules.stake_floor, rules.credit_power
    chosen_skills, best_skills = chosen.skills, best.skills
    for index, values in enumerate(zip(*(option.skills for option in options))):
        spread = max(values) - min(values)
        if spread <= 0:
            continue  # this skill was not at stake here
        if spread > cap:
            spread = cap
        gap = best_skills[index] - chosen_skills[index]
        skill_share = (gap if gap > 0.0 else 0.0) / (spread if spread > floor else floor)
        if skill_share > 1.0:
            skill_share = 1.0
        skills[dimensions[index]] = _new_tuple(SkillGrade, ((1.0 - skill_share) ** power, spread))  # see _credit
    best_key = decision.chosen if loss <= 0 else best.key
    return _new_tuple(DecisionGrade, (grade, loss, share, _credit(share, rules), stake, best_key, skills))


def _grade_of(share: float, rules: GradingRules) -> GradeName:
    """The first grade whose limit the share stays within."""
    for name, limit in zip(GRADE_NAMES, rules.limits):
        if share <= limit:
            return name
    return "blunder"


def _credit(share: float, rules: GradingRules) -> float:
    """What a decision earns: all of it for the best reply, nothing for the worst on offer."""
    return (1.0 - share) ** rules.credit_power


@dataclass(frozen=True)
class RunGrade:
    """The scale's verdict on a run: percent overall and per skill, and the grades counted."""

    percent: float
    skills: dict[str, float | None]
    counts: dict[str, int]  # replies per grade name

    @property
    def mistakes(self) -> int:
        """Replies graded mistake or blunder."""
        return sum(self.counts[name] for name in MISTAKES)


def grade_run(grades: Sequence[DecisionGrade | None], dimensions: Sequence[str], curve: float = 1.0) -> RunGrade:
    """The stake-weighted mean credit of a run's graded decisions, raised to `curve`, overall and per skill.

    Decisions that could not be graded (None: a single reply on offer, or a state the
    analysis did not reach) do not count. A run with no graded decision scores 100: it
    never had a choice to get wrong.
    """
    judged = [grade for grade in grades if grade is not None]
    counts: dict[str, int] = dict.fromkeys(GRADE_NAMES, 0)
    for grade in judged:
        counts[grade.grade] += 1
    percent = _weighted([(grade.credit, grade.stake) for grade in judged], curve)
    skills: dict[str, float | None] = {}
    for name in dimensions:
        pairs = [(skill.credit, skill.stake) for grade in judged if (skill := grade.skills.get(name))]
        skills[name] = _weighted(pairs, curve)
    return RunGrade(100.0 if percent is None else percent, skills, counts)


def _weighted(pairs: Sequence[tuple[float, float]], curve: float) -> float | None:
    """100 times the weighted mean of (credit, weight) pairs, raised to `curve`; None for no pairs."""
    weight = sum(stake for _, stake in pairs)
    if weight <= 0:
        return None
    return 100.0 * (sum(credit * stake for credit, stake in pairs) / weight) ** curve
