"""What the trainer's screen shows of a class, built once per change and drawn by the page as it is.

The roster (who joined, playing what, at which turn, the customer's face now, finished with
which band), the class board and its podium, and which replies tripped the class so far,
with scenario titles and the replies' own words instead of ids. `to_json()` is what the
trainer's page receives; the page only lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from game.scenario.model import Scenario
from game.store.class_board import GradeBook, class_board, podium, trips
from game.store.class_seats import roster
from game.store.classes import ClassInfo, class_by_id
from game.store.db import Store
from game.store.keys import SealKey

MAX_TRIPS = 5  # per scenario: the replies most chosen among those graded below good
MAX_WORDS = 160  # a reply or a customer's line on the trainer's screen, cut with "…"


@dataclass(frozen=True)
class RosterRow:
    """One trainee as the roster shows them."""

    name: str
    state: str  # joined, playing, finished, left or away
    scenario: str | None  # the title
    turn: int | None
    mood: str | None
    band: str | None
    percent: float | None
    finished: int


@dataclass(frozen=True)
class BoardRow:
    """One place on the class board."""

    rank: int
    name: str
    percent: float
    played: int
    bands: tuple[str, ...]


@dataclass(frozen=True)
class TripRow:
    """One reply that tripped the class, in words."""

    said: str  # what the customer had just said
    reply: str
    grade: str
    count: int


@dataclass(frozen=True)
class ScenarioTrips:
    """The tripping replies of one scenario."""

    title: str
    rows: tuple[TripRow, ...]


@dataclass(frozen=True)
class ClassView:
    """Everything the trainer's screen shows; see the module docstring."""

    name: str
    code: str
    mode: str
    scenarios: tuple[str, ...]  # titles, in the trainer's order
    round_over: bool
    closed: bool
    message: str | None
    roster: tuple[RosterRow, ...]
    board: tuple[BoardRow, ...]
    podium: tuple[BoardRow, ...]
    trips: tuple[ScenarioTrips, ...]

    @property
    def counts(self) -> dict[str, int]:
        """How many have joined, are playing, and runs finished in all."""
        here = [row for row in self.roster if row.state != "left"]
        return {
            "joined": len(here),
            "playing": sum(1 for row in here if row.state == "playing"),
            "finished": sum(row.finished for row in self.roster),
        }

    def to_json(self) -> dict[str, Any]:
        """The page's data, plain JSON."""
        data = asdict(self)
        data["counts"] = self.counts
        return data


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_WORDS else flat[: MAX_WORDS - 1] + "…"


def _said(scenario: Scenario | None, node: str) -> str:
    """The customer's line just before the reply at `node` (the last one always said, in its first
    wording), '' where the scenario lacks it. Lines said only on some paths are left out: which of
    them a trainee heard differs from run to run."""
    spec = scenario.nodes.get(node) if scenario is not None else None
    if spec is None:
        return ""
    spoken = [line for line in spec.lines if line.variants]
    always = [line for line in spoken if line.when is None] or spoken
    # The customer's own line: a staff member's or narrator's line is not what the reply answered.
    customers = [line for line in always if _role(scenario, line.speaker) == "customer"] if scenario is not None else []
    chosen = (customers or always)[-1] if always else None
    return _cut(chosen.variants[0][1]) if chosen is not None else ""


def _role(scenario: Scenario, speaker: str) -> str | None:
    """The cast role of a line's speaker (None for a speaker not in the cast)."""
    person = scenario.cast.get(speaker)
    return person.role if person is not None else None


def class_view(
    store: Store,
    info: ClassInfo | int,
    scenarios: Mapping[str, Scenario],
    now: float,
    book: GradeBook | None = None,
    key: SealKey | None = None,
) -> ClassView:
    """The class as the trainer sees it now; `scenarios` gives titles and words by scenario id, `book`
    the runs' grades found so far (keep one per class: each run is replayed once)."""
    if isinstance(info, int):
        info = class_by_id(store, info)

    def title(scenario_id: str | None) -> str | None:
        if scenario_id is None:
            return None
        found = scenarios.get(scenario_id)
        return found.title if found is not None else scenario_id

    seats = roster(store, info.id)
    rows = tuple(
        RosterRow(
            seat.player,
            "away" if seat.away(now) else seat.state,
            title(seat.scenario_id),
            seat.turn if seat.state == "playing" else None,
            seat.mood,
            seat.band,
            None if seat.percent is None else round(seat.percent, 1),
            seat.finished,
        )
        for seat in seats
    )
    entries = class_board(store, info.id, info.mode, info.scenarios, key)
    board = tuple(BoardRow(entry.rank, entry.player, round(entry.percent, 1), entry.played, entry.bands) for entry in entries)
    top = {entry.rank for entry in podium(entries)}
    grouped: dict[str, list[TripRow]] = {}
    for trip in trips(store, info.id, info.mode, info.scenarios, book or GradeBook(), key):
        listed = grouped.setdefault(trip.scenario_id, [])
        if len(listed) < MAX_TRIPS:
            listed.append(TripRow(_said(scenarios.get(trip.scenario_id), trip.node), _cut(trip.reply), trip.grade, trip.count))
    return ClassView(
        info.name,
        info.code,
        info.mode,
        tuple(title(scenario) or scenario for scenario in info.scenarios),
        info.round_over,
        not info.is_open,
        info.message,
        rows,
        board,
        tuple(row for row in board if row.rank in top),
        tuple(ScenarioTrips(title(scenario) or scenario, tuple(listed)) for scenario, listed in grouped.items()),
    )

