"""The per-decision review of a trainee's recent runs, as the trainee's page shows it.

Each reply is graded by the shared `game.engine.review.review_rows`, the same rows the
debrief of both games and `dojo run` show, from the run's replay on its stored scenario
and rubric copies (`gather(..., keep_sessions=True)`); nothing here grades a reply. This
module only picks the runs (the newest `REVIEW_LIMIT`) and says, in one line, why a run
has no review: its scenario copy is missing or damaged, its replies no longer replay, the
rubric that scored it does not grade replies, or its scenario cannot be analysed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.analysis import AnalysisError
from game.engine.review import ReviewRow, review_rows
from game.engine.session import Session, SessionError
from game.export.report.analytics import RunFacts
from game.export.report.gather import Gathered, UnreadableRun
from game.i18n import _

# How many of a trainee's runs, newest first, the page reviews reply by reply.
REVIEW_LIMIT = 10


@dataclass(frozen=True)
class GradeCell:
    """A reply's grade as the page shows it: a coloured label that is itself a word, and what it means."""

    kind: str  # the style: a grade name, or "none"
    label: str  # "best", "slip", ... or "no grade"
    meaning: str  # the rest of the review's words for the grade


@dataclass(frozen=True)
class ReviewLine:
    """One reply of a reviewed run: the shared review row and its grade cell."""

    row: ReviewRow
    grade: GradeCell


@dataclass(frozen=True)
class RunReview:
    """A run's review: its graded replies, or why there are none."""

    run_uid: str
    lines: tuple[ReviewLine, ...] = ()
    problem: str | None = None  # why the run has no review, to follow "No review: "


def grade_cell(row: ReviewRow) -> GradeCell:
    """The label and meaning, split from the row's own words ('slip, a better reply was on offer')."""
    label = row.grade or "no grade"
    meaning = row.words.removeprefix(label).lstrip(",: ")
    return GradeCell(row.grade or "none", label, meaning)


def review_of(session: Session, run_uid: str) -> RunReview:
    """The review of one replayed run, or why it has none."""
    if session.scorer.rubric.grading is None:
        return RunReview(run_uid, problem=_("the rubric that scored it does not grade each reply"))
    try:
        card = session.scorecard()
    except (AnalysisError, SessionError) as error:
        return RunReview(run_uid, problem=_("its replies cannot be graded ({error})").format(error=error))
    rows = review_rows(session, card)
    return RunReview(run_uid, tuple(ReviewLine(row, grade_cell(row)) for row in rows))


def unreadable_review(run: UnreadableRun) -> RunReview:
    """Why a run that would not replay has no review."""
    return RunReview(run.run_uid, problem=run.problem)


def run_reviews(found: Gathered, runs: Sequence[RunFacts | UnreadableRun], limit: int = REVIEW_LIMIT) -> dict[str, RunReview]:
    """The reviews of the first `limit` of `runs` (give them newest first), by run uid."""
    reviews = {}
    for run in runs[:limit]:
        if isinstance(run, UnreadableRun):
            reviews[run.run_uid] = unreadable_review(run)
        elif (session := found.sessions.get(run.run_uid)) is not None:
            reviews[run.run_uid] = review_of(session, run.run_uid)
        else:
            reviews[run.run_uid] = RunReview(run.run_uid, problem=_("the run was not replayed for this page"))
    return reviews
