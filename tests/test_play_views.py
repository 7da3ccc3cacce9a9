"""What the screens show (game/play/views.py): picker rows and the debrief, built once for both front ends."""

from __future__ import annotations

from game.engine.session import Session
from game.play.catalog import Record
from game.play.playthrough import Playthrough
from game.play.profile import Profile
from game.play.views import best_words, counts_words, debrief_view, level_text, picker_row, picker_rows, skill_code, status_text
from tests.test_play_controller import BEST, bundled, entry, number_of


def test_words_for_level_status_and_best():
    """Level as stars and number; status NEW, played N×, or resume; best as percent and band, or a dash."""
    assert level_text(2) == "★★☆☆☆ 2" and level_text(9) == "★★★★★ 9"
    assert status_text(None, False) == "NEW" and status_text(Record(80, "Silver", 3), False) == "played 3×"
    assert status_text(Record(80, "Silver", 3), True) == "▶ resume"
    assert best_words(None) == "—" and best_words(Record(87.4, None, 1)) == "87% no band"
    assert skill_code("listening") == "LIS"


def test_a_row_carries_every_field_the_pickers_show():
    """A row has the scenario's facts, the status, the best with and without its label, and the skill codes."""
    example = entry()
    played = picker_row(example, Record(87.4, "Silver", 3), saved=False)
    assert (played.scenario_id, played.title, played.minutes) == (example.scenario.id, example.scenario.title, example.scenario.minutes)
    assert played.best == "87% Silver" and played.best_label == "best 87% Silver" and not played.new
    assert played.codes == " ".join(skill[:3].upper() for skill in example.scenario.skills)
    fresh = picker_row(example, None, saved=False)
    assert fresh.new and fresh.status == "NEW" and fresh.best_label == "—"
    assert picker_row(example, None, saved=True).status == "▶ resume"


def test_rows_keep_the_entries_order():
    """picker_rows gives one row per entry, in order, with each entry's own record."""
    entries = list(bundled())[:3]
    rows = picker_rows(entries, {entries[1].scenario.id: Record(50, None, 2)}, set())
    assert [row.scenario_id for row in rows] == [item.scenario.id for item in entries]
    assert [row.status for row in rows] == ["NEW", "played 2×", "NEW"]


def test_the_debrief_view_is_the_playthroughs_kept_verdict():
    """The debrief shows the very ScoreCard and review the Playthrough kept; unrecorded, it says nothing counts."""
    example = entry()
    run = Playthrough(example, Session(example.scenario, seed=0), Profile("Dana"), None)
    for reply in BEST:
        run.choose(number_of(run.session, reply))
    view = debrief_view(run)
    assert view.card is run.scorecard() and view.review is run.review()
    assert view.title == example.scenario.title and view.mode == "practice" and view.trained == tuple(example.scenario.skills)
    assert view.record is None and view.counts is None and len(view.mood) == len(BEST) + 1


def test_counts_words_by_mode():
    """A ranked run counts on the leaderboards; a practice run does not."""
    assert counts_words("ranked") == "counts on the leaderboards"
    assert counts_words("practice") == "practice: not on the leaderboards"
