"""The scorer: turns a run (the tags of each reply, the ending, the final mood) into a ScoreCard.

Scoring is a small state machine so that the engine's analysis can search every
playthrough exactly: `Scorer.step` takes an immutable, hashable `ScoreState` and one
turn's tags and returns the next state with the points and feedback that turn earned.
Patterns over the whole run (refusing before listening, a third apology...) live in that
state, so the same state always scores the rest of a run the same way.

With a rubric that has a `grading` section, the percentages come from grading every
reply against the best one available at that moment (scoring/grading.py): the caller
supplies each turn's `Decision`, the replies on offer and what each is worth, found by
the engine's exact analysis. Without one (older rubric copies), percentages are the run's
points against the best playthrough's, the caller's `Maxima`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache
from operator import mul
from typing import Literal, NamedTuple, cast

from scoring.grading import Decision, DecisionGrade, RunGrade, grade_decision, grade_run
from scoring.rubric import Behaviour, Pattern, Rubric, default_rubric

FeedbackSource = Literal["behaviour", "pattern", "outcome", "mood"]

# A pattern's memory: for before/after, whether the earlier tags were seen; for count,
# how many matching turns; for repeat, the uses per tag. The last item says if it fired.
PatternState = tuple[object, ...]
Points = tuple[float, ...]
_new_tuple = tuple.__new__  # makes a NamedTuple from a tuple of its fields, in C
DONE: PatternState = ("done",)  # a pattern that can no longer fire in this run
# The first memory of a `before` or `after` pattern; for an `after` pattern, no earlier reply in force.
_CLOSED: PatternState = (False, False)


class ScoreState(NamedTuple):
    """The scorer's memory of a run so far: each pattern's state, and replies already credited."""

    patterns: tuple[PatternState, ...]
    # Replies (by once-key) whose positive points were already earned: choosing the same
    # reply again in a loop earns no new credit, so a loop cannot be farmed for points.
    credited: frozenset[str]


@dataclass(frozen=True)
class FeedbackItem:
    """One judgement: what was shown, which dimension it moved, by how much and why."""

    source: FeedbackSource
    key: str
    title: str
    dimension: str
    points: float
    rule: str | None
    rule_title: str | None
    explain: str

    def to_json(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        return {
            "source": self.source,
            "key": self.key,
            "title": self.title,
            "dimension": self.dimension,
            "points": round(self.points, 2),
            "rule": self.rule,
            "rule_title": self.rule_title,
            "explain": self.explain,
        }


@dataclass(frozen=True)
class TurnInput:
    """One reply as the scorer sees it: where, which reply, its tags and the meters around it."""

    node: str
    choice: str
    tags: tuple[str, ...]
    meters_before: Mapping[str, int] = field(default_factory=dict)
    meters_after: Mapping[str, int] = field(default_factory=dict)
    author_feedback: str | None = None
    once_key: str | None = None  # set where the reply can be met again (in a loop)


@dataclass(frozen=True)
class EndingInput:
    """How the run ended: the ending's id and outcome type, and the final mood (0 worst, 1 best)."""

    id: str
    outcome: str
    mood: float


@dataclass(frozen=True)
class Horizon:
    """What the rest of a run can still show the scorer, as the caller knows it (see Scorer.horizon).

    Per pattern in rubric order: whether a later reply may still match it (`open`); for an
    `after` pattern, whether a later reply may still be the earlier one (`arming`); for a
    `repeat` pattern, the tags a later reply may still use (None for other kinds). And the
    once-keys of the replies that may still be chosen again.
    """

    open: tuple[bool, ...]
    arming: tuple[bool, ...]
    repeats: tuple[frozenset[str] | None, ...]
    once_keys: frozenset[str]


@dataclass(frozen=True)
class StepResult:
    """What one turn earned: points per dimension (rubric order) and the feedback behind them."""

    points: Points
    items: tuple[FeedbackItem, ...]


@dataclass(frozen=True)
class Maxima:
    """The targets a run is judged against, found by analysing the scenario.

    `total` is the best playthrough's overall raw score and `dimensions` what that same
    playthrough earns in each dimension: the model answer. `skills` are the dimensions
    the scenario trains, whose percentages must clear each band's per-skill floor
    (empty: every dimension the model answer scores in).
    """

    dimensions: Mapping[str, float]
    total: float
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionScore:
    """One skill's result: raw points, the target (the best playthrough's), and the percentage of it."""

    name: str
    title: str
    raw: float
    max: float
    percent: float | None
    judged: int = 0  # replies at which this skill was at stake (graded runs only)

    def to_json(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        percent = None if self.percent is None else round(self.percent, 1)
        return {"title": self.title, "raw": round(self.raw, 2), "max": round(self.max, 2), "percent": percent, "judged": self.judged}


@dataclass(frozen=True)
class TurnFeedback:
    """Everything said about one reply in the debrief."""

    index: int
    node: str
    choice: str
    items: tuple[FeedbackItem, ...]
    author_feedback: str | None
    review: DecisionGrade | None = None  # None where there was no choice, or no grading

    @property
    def points(self) -> float:
        """Net points this turn earned across all dimensions."""
        return sum(item.points for item in self.items)

    @property
    def better(self) -> str | None:
        """The key of the better reply, for a reply graded below good; else None."""
        if self.review is None or self.review.grade in ("best", "good"):
            return None
        return self.review.best

    def to_json(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        return {
            "turn": self.index + 1,
            "node": self.node,
            "choice": self.choice,
            "points": round(self.points, 2),
            "grade": self.review.grade if self.review else None,
            "loss": round(self.review.loss, 2) if self.review else None,
            "better": self.better,
            "feedback": [item.to_json() for item in self.items],
            "author_feedback": self.author_feedback,
        }


@dataclass(frozen=True)
class ScoreCard:
    """The verdict on one run: per skill, overall, band, per-turn feedback, patterns, ending."""

    rubric_id: str
    rubric_version: str
    dimensions: Mapping[str, DimensionScore]
    raw_total: float
    max_total: float
    percent: float
    band: str | None
    turns: tuple[TurnFeedback, ...]
    patterns: tuple[str, ...]
    ending: EndingInput
    ending_items: tuple[FeedbackItem, ...]
    grades: Mapping[str, int] = field(default_factory=dict)  # how many replies got each grade

    def to_json(self) -> dict[str, object]:
        """The `score` part of the JSON contract, plus turns and patterns."""
        return {
            "percent": round(self.percent, 1),
            "band": self.band,
            "grades": dict(self.grades),
            "raw": round(self.raw_total, 2),
            "max": round(self.max_total, 2),
            "rubric": {"id": self.rubric_id, "version": self.rubric_version},
            "dimensions": {name: score.to_json() for name, score in self.dimensions.items()},
            "patterns": list(self.patterns),
            "ending_feedback": [item.to_json() for item in self.ending_items],
        }


class Scorer:
    """Scores turns against one rubric; pure, so results are cached per (state, tags)."""

    def __init__(self, rubric: Rubric):
        self.rubric = rubric
        self.dimension_names: tuple[str, ...] = tuple(rubric.dimensions)
        self._index = {name: i for i, name in enumerate(self.dimension_names)}
        self._weights = tuple(rubric.dimensions[name].weight for name in self.dimension_names)
        self._patterns: tuple[tuple[str, Pattern], ...] = tuple(rubric.patterns.items())
        # What each plain tag among the patterns' globs matches, as bit masks (bit i: pattern i)
        # for their match, needs and after globs; and each glob with wildcards, matched per tag.
        self._plain_masks: dict[str, list[int]] = {}
        self._wild_globs: list[tuple[str, int, int]] = []  # (glob, 0 match / 1 needs / 2 after, pattern bit)
        for i, (_, pattern) in enumerate(self._patterns):
            for k, globs in enumerate((pattern.match, pattern.needs, pattern.after)):
                plain, wild = _split_globs(globs)
                for tag in plain:
                    self._plain_masks.setdefault(tag, [0, 0, 0])[k] |= 1 << i
                self._wild_globs.extend((glob, k, 1 << i) for glob in wild)
        self._repeats = frozenset(i for i, (_, pattern) in enumerate(self._patterns) if pattern.kind == "repeat")
        self._compiled: dict[tuple[str, ...], _Tags] = {}
        self._tags: dict[str, _Tag] = {}
        # Each pattern with its feedback item, the index of its dimension and whether its memory
        # changes on a reply that shows it nothing (an `after` pattern's window), built once.
        self._pattern_items: tuple[tuple[Pattern, FeedbackItem, int, bool], ...] = tuple(
            (
                pattern,
                FeedbackItem(
                    "pattern", key, pattern.title, pattern.dimension, pattern.points, pattern.rule,
                    rubric.rule_title(pattern.rule), pattern.explain,
                ),
                self._index[pattern.dimension],
                pattern.kind == "after" and pattern.within is not None,
            )
            for key, pattern in self._patterns
        )
        # The patterns whose memory changes on a reply that shows them nothing (see _step).
        self._ticking = frozenset(i for i, (_, _, _, ticks) in enumerate(self._pattern_items) if ticks)
        self._ticking_order = tuple(sorted(self._ticking))
        self._no_hits: tuple[_Hits | None, ...] = (None,) * len(self._patterns)
        self._step_cache: dict[tuple[ScoreState, tuple[str, ...], str | None], tuple[ScoreState, StepResult]] = {}
        self._finish_cache: dict[tuple[str, float], StepResult] = {}
        self._feedback_cache: dict[tuple[tuple[str, ...], bool], tuple[FeedbackItem, ...]] = {}
        self._items: dict[tuple[str, bool], FeedbackItem] = {}  # per tag, fresh or already credited
        # The rubric is frozen, so its grading settings are read once.
        self._grading_rules = rubric.grading.rules() if rubric.grading is not None else None

    # The state machine -------------------------------------------------------------

    def initial_state(self) -> ScoreState:
        """The state before the first reply."""
        states: list[PatternState] = []
        for _, pattern in self._patterns:
            if pattern.kind == "count":
                states.append((0, False))
            elif pattern.kind == "repeat":
                states.append(((), False))
            else:
                states.append(_CLOSED)
        return ScoreState(tuple(states), frozenset())

    def step(self, state: ScoreState, tags: Sequence[str], once_key: str | None = None) -> tuple[ScoreState, StepResult]:
        """Score one reply's tags in `state`; returns the next state and what was earned.

        `once_key` names a reply that can be chosen more than once in a run (it sits in a
        loop): its positive points are earned the first time only; penalties always count.
        """
        key = (state, tuple(tags), once_key)
        cached = self._step_cache.get(key)
        if cached is None:
            cached = self._step(state, key[1], once_key)
            self._step_cache[key] = cached
        return cached

    def advance(self, state: ScoreState, tags: tuple[str, ...], once_key: str | None = None) -> tuple[ScoreState, Points]:
        """`step` without its cache and without the feedback: the next state and the points, for a
        caller that keeps its own cache and needs no feedback (the analysis meets each state and
        reply once, and holding every step here would only keep objects alive)."""
        after, points, _ = self._move(state, tags, once_key, False)
        return after, points

    def finish(self, outcome: str, mood: float) -> StepResult:
        """Points for how the run ended: the outcome type and the customer's final mood."""
        key = (outcome, round(mood, 6))
        cached = self._finish_cache.get(key)
        if cached is None:
            cached = self._finish(outcome, key[1])
            self._finish_cache[key] = cached
        return cached

    def finish_points(self, outcome: str, mood: float) -> Points:
        """`finish` without its cache and its feedback: the points alone, for a caller that keeps
        its own cache (the analysis: see `advance`)."""
        mood = round(mood, 6)
        points = [0.0] * len(self.dimension_names)
        award = self.rubric.outcomes.get(outcome)
        if award is not None:
            points[self._index[award.dimension]] += award.points
        mood_award = self.rubric.final_mood
        points[self._index[mood_award.dimension]] += mood_award.points * min(max(mood, 0.0), 1.0)
        return tuple(points)

    def horizon(self, tags: Iterable[str], once_keys: Iterable[str]) -> Horizon:
        """What can still happen in the rest of a run: `tags`, every tag a later reply may show,
        and `once_keys`, the once-keys of the replies that may still be chosen again. Any
        superset is safe; the tighter the sets, the more `narrow` forgets."""
        known = [(tag, self._tag(tag)) for tag in frozenset(tags)]
        # What the tags together match and arm, as bit masks (bit i: pattern i; see _Tag).
        matched = armed = 0
        for _, info in known:
            matched, armed = matched | info.match, armed | info.after
        bits = [1 << i for i in range(len(self._patterns))]
        repeats = tuple(
            frozenset(tag for tag, info in known if info.match & bit) if pattern.kind == "repeat" else None
            for bit, (_, pattern) in zip(bits, self._patterns)
        )
        return Horizon(
            tuple(bool(matched & bit) for bit in bits), tuple(bool(armed & bit) for bit in bits), repeats, frozenset(once_keys)
        )

    def narrow(self, state: ScoreState, horizon: Horizon) -> ScoreState:
        """`state` without the memory that can no longer change the rest of the run (so the
        analysis does not tell apart runs that differ only in it).

        Scoring the rest of a run from the narrowed state earns exactly what it earns from
        `state`, with the same feedback, for every run whose later replies stay within
        `horizon`: a pattern no later reply can match, or an `after` pattern whose earlier
        reply can no longer come, can never fire (DONE); a `repeat` pattern forgets the uses
        of tags no later reply has; and only the replies that may come again are remembered
        as credited.
        """
        patterns: list[PatternState] = []
        for (_, pattern), memory, can_fire, can_arm, repeats in zip(
            self._patterns, state.patterns, horizon.open, horizon.arming, horizon.repeats
        ):
            if memory is DONE or not can_fire or (pattern.kind == "after" and memory[0] is False and not can_arm):
                patterns.append(DONE)
            elif repeats is not None:
                uses = cast("tuple[tuple[str, int], ...]", memory[0])
                kept = tuple(use for use in uses if use[0] in repeats)
                patterns.append(memory if len(kept) == len(uses) else (kept, False))
            else:
                patterns.append(memory)
        credited = state.credited & horizon.once_keys if state.credited else state.credited
        return ScoreState(tuple(patterns), credited)

    def zero(self) -> Points:
        """No points in any dimension."""
        return (0.0,) * len(self.dimension_names)

    def add(self, left: Points, right: Points) -> Points:
        """Add two point vectors."""
        return tuple(a + b for a, b in zip(left, right))

    def total(self, points: Points) -> float:
        """The weighted sum of a point vector: the overall raw score."""
        return sum(map(mul, points, self._weights))

    # The whole run --------------------------------------------------------------------

    def score(
        self,
        turns: Iterable[TurnInput],
        ending: EndingInput,
        maxima: Maxima,
        decisions: Sequence[Decision | None] | None = None,
    ) -> ScoreCard:
        """Score a finished run: by its graded decisions where the rubric grades, else against `maxima`.

        `decisions` holds one entry per turn (None where only one reply was on offer or
        the analysis could not value the moment); without it the run is scored by points.
        """
        reviews = self.review(decisions) if decisions is not None else None
        state = self.initial_state()
        raw = self.zero()
        feedback: list[TurnFeedback] = []
        fired: list[str] = []
        for index, turn in enumerate(turns):
            state, result = self.step(state, turn.tags, turn.once_key)
            raw = self.add(raw, result.points)
            fired += [item.key for item in result.items if item.source == "pattern"]
            review = reviews[index] if reviews is not None and index < len(reviews) else None
            feedback.append(TurnFeedback(index, turn.node, turn.choice, result.items, turn.author_feedback, review))
        end = self.finish(ending.outcome, ending.mood)
        raw = self.add(raw, end.points)
        graded = self.grade(reviews) if reviews is not None else None
        return self._card(raw, tuple(feedback), tuple(fired), ending, end.items, maxima, graded)

    def grade(self, reviews: Sequence[DecisionGrade | None]) -> RunGrade:
        """A run's percent overall and per skill from its graded decisions (a grading rubric only)."""
        curve = self.rubric.grading.curve if self.rubric.grading is not None else 1.0
        return grade_run(reviews, self.dimension_names, curve)

    def review(self, decisions: Sequence[Decision | None]) -> list[DecisionGrade | None] | None:
        """Each decision graded against the best reply on offer; None if the rubric does not grade."""
        rules = self._grading_rules
        if rules is None:
            return None
        return [None if d is None else grade_decision(d, rules, self.dimension_names) for d in decisions]

    def _card(
        self,
        raw: Points,
        turns: tuple[TurnFeedback, ...],
        fired: tuple[str, ...],
        ending: EndingInput,
        ending_items: tuple[FeedbackItem, ...],
        maxima: Maxima,
        graded: RunGrade | None = None,
    ) -> ScoreCard:
        dimensions: dict[str, DimensionScore] = {}
        for i, name in enumerate(self.dimension_names):
            best = float(maxima.dimensions.get(name, 0.0))
            judged = 0
            if graded is not None:
                percent = graded.skills.get(name)
                judged = sum(1 for turn in turns if turn.review is not None and name in turn.review.skills)
            else:
                # A dimension this scenario cannot exercise is "not assessed", not 0%.
                percent = None if best <= 0 else _clamp(100.0 * raw[i] / best)
            dimensions[name] = DimensionScore(name, self.rubric.dimensions[name].title, raw[i], best, percent, judged)
        total = self.total(raw)
        percent = graded.percent if graded is not None else self.percent_of(total, maxima)
        counts = dict(graded.counts) if graded is not None else {}
        band = self.rubric.band_for(
            percent,
            self.skill_percents(dimensions, maxima),
            mistakes=graded.mistakes if graded is not None else 0,
            blunders=counts.get("blunder", 0),
        )
        return ScoreCard(
            rubric_id=self.rubric.id,
            rubric_version=self.rubric.version,
            dimensions=dimensions,
            raw_total=total,
            max_total=maxima.total,
            percent=percent,
            band=band,
            turns=turns,
            patterns=fired,
            ending=ending,
            ending_items=ending_items,
            grades=counts,
        )

    def percent_of(self, raw_total: float, maxima: Maxima) -> float:
        """The overall percentage: a raw total against the best playthrough's total."""
        return 0.0 if maxima.total <= 0 else _clamp(100.0 * raw_total / maxima.total)

    def skill_percents(self, dimensions: Mapping[str, DimensionScore], maxima: Maxima) -> list[float]:
        """The percentages of the skills a scenario trains (those it can score at all)."""
        names = maxima.skills or tuple(dimensions)
        return [score.percent for name in names if (score := dimensions.get(name)) and score.percent is not None]

    def band_of(self, points: Mapping[str, float], maxima: Maxima) -> str | None:
        """The band a playthrough with these raw points per dimension reaches."""
        total = self.total(tuple(points[name] for name in self.dimension_names))
        skills = [
            _clamp(100.0 * points[name] / best)
            for name in (maxima.skills or self.dimension_names)
            if (best := maxima.dimensions.get(name, 0.0)) > 0
        ]
        return self.rubric.band_for(self.percent_of(total, maxima), skills)

    # Internals ---------------------------------------------------------------------

    def _compile(self, tags: tuple[str, ...]) -> _Tags:
        """What one tags tuple means, worked out once: its behaviours' points for a fresh reply and
        for one already credited, and what it shows to every pattern. (The feedback items are
        made only when asked for: see _feedback.)"""
        compiled = self._compiled.get(tags)
        if compiled is not None:
            return compiled
        known = [self._tag(tag) for tag in tags]
        # A reply already credited earns no positive points again (see _behaviour_item).
        fresh = [0.0] * len(self.dimension_names)
        repeat = [0.0] * len(self.dimension_names)
        penalised: set[str] = set()
        credit = False
        for info in known:
            behaviour = info.behaviour
            if behaviour is None:
                continue  # lint reports unknown tags; scoring ignores them
            points = behaviour.points
            fresh[info.dimension] += points
            repeat[info.dimension] += 0 if points > 0 else points
            if points > 0:
                credit = True
            elif points < 0:
                penalised.add(behaviour.rule)
        rules = frozenset(penalised)
        # (NamedTuples made from tuples in C: this runs once per distinct tags of a scenario.)
        earned = (_new_tuple(_Earned, (tuple(fresh), rules, credit)), _new_tuple(_Earned, (tuple(repeat), rules, False)))
        # What the tags together show each pattern: bit i of a mask is pattern i (see _Tag).
        match = needs = after = 0
        for info in known:
            match, needs, after = match | info.match, needs | info.needs, after | info.after
        shown = match | needs | after
        if not shown:  # most replies' tags show the patterns nothing
            hits: tuple[_Hits | None, ...] = self._no_hits
            touched = self._ticking_order
        else:
            found: list[_Hits | None] = [None] * len(self._patterns)
            for i in range(len(self._patterns)):
                bit = 1 << i
                if shown & bit:
                    repeats = tuple(tag for tag, info in zip(tags, known) if info.match & bit) if i in self._repeats else ()
                    found[i] = (bool(match & bit), bool(needs & bit), bool(after & bit), repeats)
            hits = tuple(found)
            # The patterns a step must look at: those the tags show something, and those whose
            # memory moves on every reply; the rest stay as they were.
            touched = tuple(i for i, hit in enumerate(hits) if hit is not None or i in self._ticking)
        compiled = self._compiled[tags] = _new_tuple(_Tags, (*earned, hits, touched))
        return compiled

    def _feedback(self, tags: tuple[str, ...], repeat: bool) -> tuple[FeedbackItem, ...]:
        """The behaviours' feedback for one tags tuple, fresh or already credited, made once."""
        key = (tags, repeat)
        found = self._feedback_cache.get(key)
        if found is None:
            items = []
            for tag in tags:
                if tag in self.rubric.behaviours:
                    item = self._items.get((tag, repeat))
                    if item is None:
                        item = self._items[tag, repeat] = self._behaviour_item(tag, repeat)
                    items.append(item)
            found = self._feedback_cache[key] = tuple(items)
        return found

    def _tag(self, tag: str) -> _Tag:
        """One tag against the rubric, once: its behaviour (None if the rubric lacks it) and what it shows each pattern."""
        info = self._tags.get(tag)
        if info is None:
            behaviour = self.rubric.behaviours.get(tag)
            masks = list(self._plain_masks.get(tag, _NO_MASKS))
            for glob, k, bit in self._wild_globs:
                if not masks[k] & bit and fnmatchcase(tag, glob):
                    masks[k] |= bit
            dimension = self._index[behaviour.dimension] if behaviour is not None else 0
            info = self._tags[tag] = _new_tuple(_Tag, (behaviour, dimension, *masks))
        return info

    def _behaviour_item(self, tag: str, repeat: bool) -> FeedbackItem:
        """The feedback for one tag, withholding its positive points on a reply already credited."""
        behaviour = self.rubric.behaviours[tag]
        earned = 0 if repeat and behaviour.points > 0 else behaviour.points
        explain = behaviour.explain if earned == behaviour.points else f"Already credited earlier in this run. {behaviour.explain}"
        return FeedbackItem(
            "behaviour", tag, tag, behaviour.dimension, earned, behaviour.rule, self.rubric.rule_title(behaviour.rule), explain
        )

    def _step(self, state: ScoreState, tags: tuple[str, ...], once_key: str | None) -> tuple[ScoreState, StepResult]:
        after, points, items = self._move(state, tags, once_key, True)
        return after, StepResult(points, items)

    def _move(
        self, state: ScoreState, tags: tuple[str, ...], once_key: str | None, feedback: bool
    ) -> tuple[ScoreState, Points, tuple[FeedbackItem, ...]]:
        """One reply scored: the next state, the points and (with `feedback`, else none) the feedback."""
        compiled = self._compiled.get(tags) or self._compile(tags)
        repeat = once_key is not None and once_key in state.credited
        behaviours = compiled.repeat if repeat else compiled.fresh
        # The behaviours' points and feedback stand unless a pattern fires (most replies).
        points: Points | list[float] = behaviours.points
        items: tuple[FeedbackItem, ...] | list[FeedbackItem] = self._feedback(tags, repeat) if feedback else ()
        # A reply is penalised at most once under each rule (a behaviour and a pattern, or
        # two patterns, citing the same rule are one fault, not two).
        penalised = behaviours.penalised
        fired_any = False
        # A reply that shows a pattern nothing leaves it as it was (unless it ticks): only the
        # touched patterns are moved, in rubric order, and the state is copied once one moves.
        patterns = state.patterns
        next_states: tuple[PatternState, ...] | list[PatternState] = patterns
        for i in compiled.touched:
            pattern_state = patterns[i]
            if pattern_state is DONE:
                continue
            hits = compiled.hits[i]
            if hits is None and pattern_state == _CLOSED:
                # Only a ticking `after` pattern is touched by a reply that shows it nothing (see
                # _compile); with its window shut it stays as it was (see _advance).
                continue
            pattern, item, dimension, _ = self._pattern_items[i]
            new_state, fired = _advance(pattern, pattern_state, hits or _NO_HITS)
            if new_state is not pattern_state:
                if next_states is patterns:
                    next_states = list(patterns)
                next_states[i] = new_state  # type: ignore[index]  # a list once copied
            if not fired:
                continue
            if pattern.points < 0:
                if pattern.rule in penalised:
                    continue
                penalised = penalised | {pattern.rule}
            if not fired_any:
                points, items, fired_any = list(points), list(items), True
            points[dimension] += pattern.points  # type: ignore[index]  # a list once a pattern fired
            if feedback:
                items.append(item)  # type: ignore[union-attr]
        # Only a reply that earned something needs remembering: nothing else can be farmed.
        credited = state.credited | {once_key} if once_key is not None and behaviours.earned else state.credited
        after = _new_tuple(ScoreState, (next_states if next_states is patterns else tuple(next_states), credited))
        return after, tuple(points), tuple(items)

    def _finish(self, outcome: str, mood: float) -> StepResult:
        items: list[FeedbackItem] = []
        award = self.rubric.outcomes.get(outcome)
        if award is not None:
            items.append(
                FeedbackItem("outcome", outcome, outcome, award.dimension, award.points, None, None, award.explain)
            )
        mood_award = self.rubric.final_mood
        mood_points = mood_award.points * min(max(mood, 0.0), 1.0)
        items.append(
            FeedbackItem("mood", "final-mood", "final mood", mood_award.dimension, mood_points, None, None, mood_award.explain)
        )
        return StepResult(self.finish_points(outcome, mood), tuple(items))


class _Earned(NamedTuple):
    """What a reply's behaviours earn: points per dimension, the rules penalised, any credit."""

    points: Points
    penalised: frozenset[str]
    earned: bool


# What a reply's tags show one pattern: whether any matches its `match`, its `needs` and its
# `after`, and (for a repeat pattern) the tags that match, in order.
_Hits = tuple[bool, bool, bool, tuple[str, ...]]
_NO_HITS: _Hits = (False, False, False, ())
_NO_MASKS = (0, 0, 0)


class _Tag(NamedTuple):
    """One tag compiled against the rubric (see Scorer._tag)."""

    behaviour: Behaviour | None  # None for a tag the rubric lacks
    dimension: int  # its behaviour's dimension (0 without one)
    # What it shows the patterns, as bit masks: bit i is set where the tag matches pattern i's
    # `match` globs (its `needs`, its `after`).
    match: int
    needs: int
    after: int


class _Tags(NamedTuple):
    """One tags tuple compiled against the rubric (see Scorer._compile)."""

    fresh: _Earned  # a reply not credited before
    repeat: _Earned  # a reply met again in a loop: positive points withheld
    hits: tuple[_Hits | None, ...]  # per pattern, in rubric order; None where the tags show it nothing
    touched: tuple[int, ...]  # the patterns a step moves: shown something, or ticking (rubric order)


def _advance(pattern: Pattern, state: PatternState, hits: _Hits) -> tuple[PatternState, bool]:
    """Move one pattern's memory by one turn; returns (new state, fired now).

    A pattern that can no longer fire, because it fired or because its trigger can
    no longer happen, becomes DONE: one state, so the analysis does not tell apart
    runs that differ only in memory that cannot matter any more.
    """
    if state is DONE:
        return DONE, False
    hit, needs, after, matching = hits
    if pattern.kind == "before":
        # A reply that itself shows the needed behaviour counts as having it first.
        if needs:
            return DONE, False
        return (DONE, True) if hit else (state, False)
    if pattern.kind == "after":
        # state[0]: how many more replies the earlier `after` reply stays in force
        # (True: for the rest of the run). A reply matching both counts as the earlier one.
        if hit and state[0]:
            return DONE, True
        if after:
            return (pattern.within if pattern.within is not None else True, False), False
        if isinstance(state[0], int) and not isinstance(state[0], bool) and state[0] > 0:
            left = state[0] - 1
            return ((left if left > 0 else False), False), False
        return state, False
    if pattern.kind == "count":
        count = int(state[0]) + (1 if hit else 0)  # type: ignore[call-overload]
        return (DONE, True) if count >= pattern.at_least else ((count, False), False)
    uses = dict(cast("tuple[tuple[str, int], ...]", state[0]))  # a repeat pattern's state: (tag, uses) pairs
    for tag in matching:
        uses[tag] = uses.get(tag, 0) + 1
        if uses[tag] >= pattern.at_least:
            return DONE, True
    return (tuple(sorted(uses.items())), False), False


def _split_globs(globs: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A pattern's globs as (plain tags, globs with wildcards)."""
    wild = tuple(glob for glob in globs if "*" in glob or "?" in glob or "[" in glob)
    return frozenset(globs) - frozenset(wild), wild


def _clamp(percent: float) -> float:
    return min(max(percent, 0.0), 100.0)


@lru_cache(maxsize=1)
def default_scorer() -> Scorer:
    """One shared Scorer for the bundled rubric: it is pure, and its caches pay off across runs."""
    return Scorer(default_rubric())
