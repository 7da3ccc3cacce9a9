"""A scenario's analysis as a store keeps it: once per (scenario hash, rubric digest), bounded, at record time.

Grading a run needs the scenario's exact analysis (the best reply at every moment). Found
on a board view it made one self-written scenario freeze every board; so boards never
replay or analyse, and a store analyses a (scenario, rubric) pair at most once, when the
first run of it is recorded, within `STATE_BOUND` states. What it found is kept in the
`analyses` table: 'ok' with the number of states and the targets (the best playthrough's
points per dimension), or 'too-costly' when the search passed the bound. Runs of a
too-costly pair are recorded (never lost) but flagged, and nothing analyses that pair again:
`dojo verify` reads the mark instead of searching.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from game.engine.analysis import bounded_analysis
from game.scenario.model import Scenario
from game.store.run_words import TOO_COSTLY as TOO_COSTLY_WORDS
from game.store.tables import analyses
from scoring.scorer import Scorer

STATE_BOUND = 50_000  # the bundled pack needs at most a few thousand states; lint stops at 50,000 too
OK, TOO_COSTLY = "ok", "too-costly"


@dataclass(frozen=True)
class Stored:
    """What the store knows of one pair's analysis."""

    status: str
    states: int
    targets: dict[str, float]
    detail: str | None = None

    @property
    def problem(self) -> str | None:
        """Why runs of this pair are flagged, or None."""
        if self.status == OK:
            return None
        return self.detail or TOO_COSTLY_WORDS.format(states=f"{STATE_BOUND:,}")


def stored(connection: Connection, content_hash: str, rubric_digest: str) -> Stored | None:
    """The stored analysis of this pair, or None if it was never analysed."""
    row = connection.execute(
        select(analyses.c.status, analyses.c.states, analyses.c.targets, analyses.c.detail).where(
            analyses.c.content_hash == content_hash, analyses.c.rubric_digest == rubric_digest
        )
    ).first()
    if row is None:
        return None
    try:
        targets = {str(name): float(value) for name, value in json.loads(row.targets).items()}
    except (ValueError, TypeError, AttributeError):
        targets = {}
    return Stored(row.status, int(row.states), targets, row.detail)


def analyse(scenario: Scenario, scorer: Scorer) -> Stored:
    """Analyse within the bound (free when this process already has the analysis)."""
    found = bounded_analysis(scenario, scorer, STATE_BOUND)
    if found is None:
        return Stored(TOO_COSTLY, STATE_BOUND, {})
    targets = {**found.maxima.dimensions, "total": found.maxima.total}
    return Stored(OK, found.states, targets)


def keep(connection: Connection, content_hash: str, rubric_digest: str, result: Stored, now: float) -> None:
    """Inside a write transaction: store the pair's analysis unless it is there already."""
    if stored(connection, content_hash, rubric_digest) is not None:
        return
    connection.execute(
        analyses.insert().values(
            content_hash=content_hash,
            rubric_digest=rubric_digest,
            status=result.status,
            states=result.states,
            targets=json.dumps(result.targets, sort_keys=True),
            detail=result.detail,
            analysed_at=now,
        )
    )
