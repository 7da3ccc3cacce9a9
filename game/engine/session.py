"""The Session: one trainee's run of one scenario, as an append-only list of events.

A session is a scenario, a seed, a mode (`practice` or `ranked`) and its events: each
reply chosen, and in practice each undo. Everything else (where the story is, what was
just said and by whom, the meters, variables, visit counts, the running score) is derived
by replaying the events through the rules, so saving is writing the events, and resume,
undo, hot reload and leaderboard verification are all the same replay. Same events and
seed, same run, always: the variant lines, the order the replies are offered in and each
reply's wording are drawn from generators seeded by the session seed, the turn and the
line, node or reply, never from global randomness.

The replies are never offered in the order the scenario lists them: that order is the
author's, and a trainee who learnt that the best reply comes last would be scoring on
form. Each time a node is entered its replies are shuffled (and each reply written with
variants gets one drawn, least recently shown first), so a ranked run does not replay a
memorised practice run. Numbers the trainee types (1-9, `dojo run --choices 2,1`) count
in that shown order; ids and scoring do not depend on it.

Front ends only read what a Session reports and pass the trainee's choice back.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from game.engine.analysis import Analysis, cached_analysis
from game.i18n import _
from game.engine.rules import (
    CoreState,
    once_key,
    StateEnv,
    advance,
    available,
    initial_state,
    is_over,
    meters_dict,
    mood,
    vars_dict,
)
from game.scenario.model import ChoiceSpec, EndingSpec, NodeSpec, Scenario, Value
from scoring.scorer import (
    EndingInput,
    Points,
    ScoreCard,
    Scorer,
    ScoreState,
    StepResult,
    TurnInput,
    default_scorer,
)

Mode = Literal["practice", "ranked"]
MODES: tuple[Mode, ...] = ("practice", "ranked")
SAVE_FORMAT = 1


class SessionError(Exception):
    """A request the session cannot carry out; the message is meant for the trainee."""


class InvalidChoice(SessionError):
    """The reply asked for is not on offer now."""


class UndoNotAllowed(SessionError):
    """Undo was asked for in ranked mode, or with nothing to undo."""


@dataclass(frozen=True)
class Event:
    """One thing the trainee did: chose a reply (by its key `node/choice`) or undid one."""

    kind: Literal["choose", "undo"]
    choice: str | None
    at: float

    def to_json(self) -> dict[str, object]:
        """A plain dict for saving."""
        return {"kind": self.kind, "choice": self.choice, "at": self.at}


@dataclass(frozen=True)
class SpokenLine:
    """A line as shown: which line and variant, who says it, and the text."""

    line_id: str
    variant_id: str
    speaker: str
    speaker_name: str
    text: str
    expression: str | None = None  # how the speaker looks saying it, if the author said


@dataclass(frozen=True)
class OfferedReply:
    """A reply as offered now: the reply, the wording drawn for it, and that wording's id."""

    choice: ChoiceSpec
    text: str
    variant_id: str

    @property
    def id(self) -> str:
        """The reply's id within its node."""
        return self.choice.id

    @property
    def key(self) -> str:
        """The reply's key, `node/choice`."""
        return self.choice.key


@dataclass(frozen=True)
class Turn:
    """One reply made: where, what was said before it, the words it was shown in, and what it changed and earned."""

    index: int
    node: str
    choice: ChoiceSpec
    text: str  # the reply's wording as it was shown (one of choice.wordings)
    variant_id: str
    number: int  # its 1-based place among the replies as they were shown
    lines: tuple[SpokenLine, ...]
    meters_before: Mapping[str, int]
    meters_after: Mapping[str, int]
    mood_after: float
    result: StepResult
    at: float


@dataclass
class _Derived:
    """Everything replay derives from the events; rebuilt or extended, never edited by hand."""

    core: CoreState
    score: ScoreState
    points: Points
    lines: tuple[SpokenLine, ...]
    offered: tuple[OfferedReply, ...] = ()
    turns: list[Turn] = field(default_factory=list)
    visits: dict[str, int] = field(default_factory=dict)
    last_seen: dict[str, int] = field(default_factory=dict)  # variant id -> turn last shown


class Session:
    """A run of a scenario; see the module docstring."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int = 0,
        mode: Mode = "practice",
        scorer: Scorer | None = None,
        events: Iterable[Event] = (),
        clock: Callable[[], float] = time.time,
    ):
        if mode not in MODES:
            raise SessionError(_("mode must be one of {modes}, not {mode}").format(modes=", ".join(MODES), mode=repr(mode)))
        self.scenario = scenario
        self.seed = seed
        self.mode: Mode = mode
        self.scorer = scorer or default_scorer()
        self._clock = clock
        self._events: list[Event] = []
        self._derived = self._fresh()
        for event in events:
            self._apply(event)

    # What the trainee sees ----------------------------------------------------------------

    @property
    def events(self) -> tuple[Event, ...]:
        """The append-only event list (the whole truth of this session)."""
        return tuple(self._events)

    @property
    def node(self) -> NodeSpec | None:
        """The current node, or None once the scene is over."""
        return self.scenario.nodes.get(self._derived.core.at)

    @property
    def lines(self) -> tuple[SpokenLine, ...]:
        """What is said now, in order, each with its speaker."""
        return self._derived.lines

    @property
    def offered(self) -> tuple[OfferedReply, ...]:
        """The replies on offer now with the words to show, in the shown order; empty once the scene is over."""
        return self._derived.offered

    @property
    def replies(self) -> tuple[ChoiceSpec, ...]:
        """The replies on offer now, in the shown (seeded, shuffled) order; empty once the scene is over."""
        return tuple(reply.choice for reply in self._derived.offered)

    @property
    def is_over(self) -> bool:
        """True once an ending is reached."""
        return is_over(self.scenario, self._derived.core)

    @property
    def ending(self) -> EndingSpec | None:
        """The ending reached, or None while the scene goes on."""
        return self.scenario.endings.get(self._derived.core.at)

    @property
    def meters(self) -> dict[str, int]:
        """Current meter values by name."""
        return meters_dict(self.scenario, self._derived.core)

    @property
    def variables(self) -> dict[str, Value]:
        """Current variable values by name."""
        return vars_dict(self.scenario, self._derived.core)

    @property
    def visits(self) -> dict[str, int]:
        """How many times each node has been entered."""
        return dict(self._derived.visits)

    @property
    def mood(self) -> float:
        """The customer's mood now, 0.0 (worst) to 1.0 (best)."""
        return mood(self.scenario, self._derived.core)

    @property
    def mood_curve(self) -> list[float]:
        """The customer's mood as the scene opened and after each reply (0.0 worst, 1.0 best)."""
        opening = mood(self.scenario, initial_state(self.scenario))
        return [opening, *(turn.mood_after for turn in self._derived.turns)]

    @property
    def turns(self) -> tuple[Turn, ...]:
        """The replies made so far, with what each earned."""
        return tuple(self._derived.turns)

    @property
    def points(self) -> dict[str, float]:
        """The running raw score per rubric dimension."""
        return dict(zip(self.scorer.dimension_names, self._derived.points))

    @property
    def can_undo(self) -> bool:
        """True in practice mode once at least one reply has been made."""
        return self.mode == "practice" and bool(self._derived.turns)

    @property
    def core_state(self) -> CoreState:
        """The rules' state (for analysis and tests)."""
        return self._derived.core

    @property
    def score_state(self) -> ScoreState:
        """The scorer's memory of the run so far (with `core_state`, what the analysis values)."""
        return self._derived.score

    # What the trainee does ------------------------------------------------------------------

    def choose(self, reply_id: str) -> Turn:
        """Make a reply by its id (or full key `node/choice`); returns the turn it made."""
        if self.is_over:
            raise InvalidChoice(_("the scene is over; no more replies can be made"))
        choice = self._find(reply_id)
        self._apply(Event("choose", choice.key, self._clock()))
        return self._derived.turns[-1]

    def undo(self) -> Turn:
        """Take back the last reply (practice only); returns the turn undone."""
        if self.mode != "practice":
            raise UndoNotAllowed(_("undo is only allowed in practice mode"))
        if not self._derived.turns:
            raise UndoNotAllowed(_("there is nothing to undo yet"))
        undone = self._derived.turns[-1]
        self._apply(Event("undo", None, self._clock()))
        return undone

    def scorecard(self, analysis: Analysis | None = None) -> ScoreCard:
        """The verdict on a finished run: each reply graded against the best available then.

        `analysis` is the scenario's under this session's scorer (found and cached if not
        given); it supplies what every reply on offer was worth.
        """
        ending = self.ending
        if ending is None:
            raise SessionError(_("the scene is not over yet; a scorecard needs an ending"))
        found = analysis or cached_analysis(self.scenario, self.scorer)
        turns = [
            TurnInput(
                node=turn.node,
                choice=turn.choice.id,
                tags=turn.choice.tags,
                meters_before=turn.meters_before,
                meters_after=turn.meters_after,
                author_feedback=turn.choice.feedback,
                once_key=once_key(self.scenario, turn.choice),
            )
            for turn in self._derived.turns
        ]
        keys = [turn.choice.key for turn in self._derived.turns]
        decisions = found.graph.decisions(self.scenario, self.scorer, keys) if found.graph is not None else None
        return self.scorer.score(turns, EndingInput(ending.id, ending.outcome.value, self.mood), found.maxima, decisions)

    # Saving and restoring -------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Everything needed to restore this session exactly."""
        return {
            "format": SAVE_FORMAT,
            "scenario": self.scenario.id,
            "content_hash": self.scenario.content_hash,
            "seed": self.seed,
            "mode": self.mode,
            "events": [event.to_json() for event in self._events],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], scenario: Scenario, scorer: Scorer | None = None) -> Session:
        """Rebuild a saved session by replay; raises SessionError if it does not fit the scenario."""
        try:
            if data["format"] != SAVE_FORMAT:
                raise SessionError(_("saved session format {format} is not supported").format(format=repr(data["format"])))
            if data["scenario"] != scenario.id:
                raise SessionError(_("the save is for scenario '{saved}', not '{scenario}'").format(saved=data["scenario"], scenario=scenario.id))
            if data["content_hash"] != scenario.content_hash:
                raise SessionError(_("scenario '{scenario}' has changed since this session was saved").format(scenario=scenario.id))
            events = [Event(item["kind"], item["choice"], float(item["at"])) for item in data["events"]]
            return cls(scenario, seed=int(data["seed"]), mode=data["mode"], scorer=scorer, events=events)
        except (KeyError, TypeError, ValueError) as error:
            raise SessionError(_("the saved session is damaged ({problem})").format(problem=f"{type(error).__name__}: {error}")) from None

    # Replay -----------------------------------------------------------------------------------

    def _find(self, reply_id: str) -> ChoiceSpec:
        offered = self.replies
        for choice in offered:
            if reply_id in (choice.id, choice.key):
                return choice
        names = ", ".join(choice.id for choice in offered)
        raise InvalidChoice(_("'{reply}' is not a reply on offer here (on offer: {replies})").format(reply=reply_id, replies=names))

    def _apply(self, event: Event) -> None:
        """Append one event and bring the derived state up to date (as a full replay would)."""
        if event.kind == "choose":
            choice = self.scenario.choices_by_key.get(event.choice or "")
            if choice is None or choice not in self.replies or self.is_over:
                raise SessionError(
                    _("event {number}: reply '{reply}' is not on offer at that point").format(number=len(self._events) + 1, reply=event.choice)
                )
            self._events.append(event)
            self._step(self._derived, choice, event.at)
        elif event.kind == "undo":
            if self.mode != "practice" or not self._derived.turns:
                raise SessionError(_("event {number}: an undo that is not allowed there").format(number=len(self._events) + 1))
            self._events.append(event)
            self._derived = self._replay()
        else:
            raise SessionError(_("event {number}: unknown kind {kind}").format(number=len(self._events) + 1, kind=repr(event.kind)))

    def _effective(self) -> list[Event]:
        """The choices that still stand once undos have taken theirs back."""
        kept: list[Event] = []
        for event in self._events:
            if event.kind == "undo":
                kept.pop()
            else:
                kept.append(event)
        return kept

    def _replay(self) -> _Derived:
        derived = self._fresh()
        for event in self._effective():
            self._step(derived, self.scenario.choices_by_key[event.choice or ""], event.at)
        return derived

    def _fresh(self) -> _Derived:
        core = initial_state(self.scenario)
        derived = _Derived(core, self.scorer.initial_state(), self.scorer.zero(), ())
        self._enter(derived)
        return derived

    def _step(self, derived: _Derived, choice: ChoiceSpec, at: float) -> None:
        before = derived.core
        number, shown = next((n, reply) for n, reply in enumerate(derived.offered, start=1) if reply.choice.key == choice.key)
        after = advance(self.scenario, before, choice)
        score, result = self.scorer.step(derived.score, choice.tags, once_key(self.scenario, choice))
        derived.turns.append(
            Turn(
                index=before.turn,
                node=before.at,
                choice=choice,
                text=shown.text,
                variant_id=shown.variant_id,
                number=number,
                lines=derived.lines,
                meters_before=meters_dict(self.scenario, before),
                meters_after=meters_dict(self.scenario, after),
                mood_after=mood(self.scenario, after),
                result=result,
                at=at,
            )
        )
        derived.core, derived.score = after, score
        derived.points = self.scorer.add(derived.points, result.points)
        self._enter(derived)

    def _enter(self, derived: _Derived) -> None:
        """Arrive at the current node: count the visit and decide what is said."""
        node = self.scenario.nodes.get(derived.core.at)
        if node is None:
            derived.lines, derived.offered = (), ()
            return
        derived.visits[node.id] = derived.visits.get(node.id, 0) + 1
        chosen = {turn.choice.key for turn in derived.turns}
        env = StateEnv(self.scenario, derived.core, derived.visits, chosen)
        spoken = []
        for line in node.lines:
            if line.when is not None and not line.when.evaluate(env):
                continue
            variant_id, text = self._draw(line.id, line.variants, derived)
            speaker = self.scenario.cast[line.speaker]
            spoken.append(SpokenLine(line.id, variant_id, speaker.id, speaker.name, text, line.expression))
        derived.lines = tuple(spoken)
        derived.offered = self._offer(node.id, derived)

    def _offer(self, node_id: str, derived: _Derived) -> tuple[OfferedReply, ...]:
        """The replies on offer, shuffled by the seed, node and turn, each with a wording drawn."""
        replies = list(available(self.scenario, derived.core))
        # A string seed is hashed with SHA-512 by `random`, so the order matches across processes.
        random.Random(f"{self.seed}:{derived.core.turn}:{node_id}:order").shuffle(replies)
        offered = []
        for choice in replies:
            variant_id, text = self._draw(choice.key, choice.wordings, derived)
            offered.append(OfferedReply(choice, text, variant_id))
        return tuple(offered)

    def _draw(self, line_id: str, variants: tuple[tuple[str, str], ...], derived: _Derived) -> tuple[str, str]:
        """Pick a variant of a line (or a reply, by its key), least recently seen first, ties broken by the seeded generator."""
        turn = derived.core.turn
        if len(variants) == 1:
            return variants[0]
        oldest = min(derived.last_seen.get(variant_id, -1) for variant_id, __ in variants)
        candidates = [item for item in variants if derived.last_seen.get(item[0], -1) == oldest]
        # A string seed is hashed with SHA-512 by `random`, so draws match across processes.
        picked = random.Random(f"{self.seed}:{turn}:{line_id}").choice(candidates)
        derived.last_seen[picked[0]] = turn
        return picked
