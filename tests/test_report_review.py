"""Tests for game.export.report.review: the per-decision review of a trainee's recent runs, from the shared review rows."""

from __future__ import annotations

import pytest

from game.engine.review import ReviewRow
from game.engine.session import Session
from game.export.report.gather import Filter, gather
from game.export.report.review import REVIEW_LIMIT, grade_cell, run_reviews
from game.store.copies import default_rubric_text
from game.store.runs import record_run
from game.store.tables import scenario_copies
from scoring.rubric import parse_rubric
from scoring.scorer import Scorer
from tests.fixtures.report.data import MINI_TEXT, WALKOUT, loaded, record
from tests.store_helpers import BEST, GOOD, LOOPED, MONDAY, open_tmp


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def reviews_of(tmp_path, *plays: list[str]):
    """Ann's runs of MINI along each choice list (an hour apart), reviewed newest first."""
    store = open_tmp(tmp_path)
    for hour, choices in enumerate(plays):
        record(store, MINI_TEXT, "Ann", choices, MONDAY + hour * 3600)
    found = gather(store, Filter(player="Ann"), keep_sessions=True)
    newest = sorted(found.runs, key=lambda run: -run.finished_at)
    return [run_reviews(found, newest)[run.run_uid] for run in newest]


def test_best_run_is_best_at_every_reply(tmp_path):
    """A run along BEST has one line per reply, each 'best', none naming a better reply."""
    (review,) = reviews_of(tmp_path, BEST)
    assert review.problem is None
    assert [(line.row.turn, line.row.reply) for line in review.lines] == [(1, "listen"), (2, "again"), (3, "firm")]
    assert [line.grade.label for line in review.lines] == ["best", "best", "best"]
    assert all(line.row.better_text is None for line in review.lines)


def test_good_run_shows_good_without_a_better_reply(tmp_path):
    """GOOD skips the open question: 'firm' is graded 'good', and a good reply names no better one."""
    (review,) = reviews_of(tmp_path, GOOD)
    assert [(line.row.reply, line.grade.label) for line in review.lines] == [("listen", "best"), ("firm", "good")]
    assert review.lines[1].grade.meaning == "close to the best" and review.lines[1].row.better is None


def test_walkout_run_names_the_better_reply_with_its_text(tmp_path):
    """Refusing first is below good, and the review names 'listen' and its text as the better reply."""
    (review,) = reviews_of(tmp_path, WALKOUT)
    first = review.lines[0]
    assert first.row.reply == "refuse" and first.grade.kind not in ("best", "good", "none")
    assert (first.row.better, first.row.better_text) == ("listen", "Tell me more.")


def test_reviews_are_the_shared_rows_newest_first(tmp_path):
    """Two runs reviewed newest first: LOOPED (four replies), then BEST (three)."""
    looped, best = reviews_of(tmp_path, BEST, LOOPED)
    assert [line.row.reply for line in looped.lines] == ["listen", "again", "again", "firm"]
    assert len(best.lines) == 3


def test_grade_cell_splits_the_shared_words():
    """The label and meaning come from the row's own words; a reply with no grade says so, styled 'none'."""
    slip = ReviewRow(1, "n", "r", "t", "slip", 5.0, "b", "B")
    assert (grade_cell(slip).label, grade_cell(slip).meaning) == ("slip", "a better reply was on offer")
    assert slip.words == f"{grade_cell(slip).label}, {grade_cell(slip).meaning}"
    alone = grade_cell(ReviewRow(1, "n", "r", "t", None, None, None, None))
    assert (alone.kind, alone.label, alone.meaning) == ("none", "no grade", "one reply on offer, or a moment the analysis did not reach")


def test_only_the_newest_runs_are_reviewed(tmp_path):
    """With more runs than the limit, only the newest REVIEW_LIMIT get a review."""
    store = open_tmp(tmp_path)
    for minute in range(REVIEW_LIMIT + 2):
        record(store, MINI_TEXT, "Ann", GOOD, MONDAY + minute * 60)
    found = gather(store, Filter(player="Ann"), keep_sessions=True)
    newest = sorted(found.runs, key=lambda run: -run.finished_at)
    reviews = run_reviews(found, newest)
    assert set(reviews) == {run.run_uid for run in newest[:REVIEW_LIMIT]}


def test_a_damaged_copy_says_so_instead_of_a_review(tmp_path):
    """A run whose scenario copy was edited has no lines and a problem naming the copy."""
    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    with store.write() as connection:
        connection.execute(scenario_copies.update().values(text=MINI_TEXT.replace("Fixed", "Mended")))
    found = gather(store, Filter(player="Ann"), keep_sessions=True)
    (review,) = run_reviews(found, found.unreadable_runs).values()
    assert review.lines == () and review.problem is not None and "scenario copy" in review.problem


def test_a_rubric_without_grading_says_so(tmp_path):
    """A run scored by a rubric with no grading section gets no review rather than 'no grade' on every reply."""
    text = default_rubric_text()
    ungraded = text[: text.index("\ngrading:")] + text[text.index("\nbands:") :]
    ungraded = ungraded.replace("    max_mistakes: 1\n    max_blunders: 0\n", "")
    session = Session(loaded(MINI_TEXT).scenario, scorer=Scorer(parse_rubric(ungraded, "old.yaml")))
    for choice in GOOD:
        session.choose(choice)
    store = open_tmp(tmp_path)
    record_run(store, player="Ann", session=session, scenario_text=MINI_TEXT, rubric_text=ungraded, finished_at=MONDAY)
    found = gather(store, Filter(player="Ann"), keep_sessions=True)
    (review,) = run_reviews(found, found.runs).values()
    assert review.lines == () and review.problem == "the rubric that scored it does not grade each reply"
