"""A stored run's review: each reply graded against the best on offer then, found by replaying the run.

A run keeps its replies (events) and its score summary, which counts its grades but does not
say where they fell; the export's per-decision column and a class's "replies that tripped
people" both replay the run on its stored scenario copy and rubric to get them.
"""

from __future__ import annotations

import json
from typing import Any

from game.engine.review import ReviewRow
from game.store.copies import CopyCache, CopyError
from game.store.db import Store


def stored_review(store: Store, cache: CopyCache, row: Any) -> tuple[ReviewRow, ...] | None:
    """The review of the run in `row` (run columns with events and rubric_digest); None if it does not replay or is ungraded."""
    from game.engine.analysis import AnalysisError
    from game.engine.review import review_rows
    from game.engine.session import Event, Session, SessionError

    try:
        with store.read() as connection:
            target = cache.replayable(connection, row["content_hash"], row["rubric_digest"])
        if target.scorer.rubric.grading is None:
            return None
        events = [Event(item["kind"], item["choice"], float(item["at"])) for item in json.loads(row["events"])]
        session = Session(target.scenario, seed=int(row["seed"]), mode=row["mode"], scorer=target.scorer, events=events)
        return review_rows(session, session.scorecard())
    except (CopyError, SessionError, AnalysisError, ValueError, KeyError, TypeError):
        return None
