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
    """The debrief shows the ScoreCard and review the Playthrough kept (its figures, band and keys); unrecorded, it says nothing counts."""
    example = entry()
    run = Playthrough(example, Session(example.scenario, seed=0), Profile("Dana"), None)
    for reply in BEST:
        run.choose(number_of(run.session, reply))
    view = debrief_view(run)
    kept = run.scorecard()
    assert (view.card.percent, view.card.band, view.card.patterns, view.card.grades) == (kept.percent, kept.band, kept.patterns, kept.grades)
    assert [item.key for turn in view.card.turns for item in turn.items] == [item.key for turn in kept.turns for item in turn.items]
    assert view.review is run.review() and view.rubric is run.session.scorer.rubric
    assert view.title == example.scenario.title and view.mode == "practice" and view.trained == tuple(example.scenario.skills)
    assert view.record is None and view.counts is None and len(view.mood) == len(BEST) + 1


def test_the_debrief_names_behaviours_outcome_and_band_by_the_rubric():
    """Each behaviour shows its rubric title, not its tag; the outcome and band are named as the rubric names them."""
    example = entry()
    run = Playthrough(example, Session(example.scenario, seed=0), Profile("Dana"), None)
    for reply in BEST:
        run.choose(number_of(run.session, reply))
    view = debrief_view(run)
    rubric = run.session.scorer.rubric
    behaviours = [item for turn in view.card.turns for item in turn.items if item.source == "behaviour"]
    assert behaviours and all(item.title == rubric.behaviours[item.key].title for item in behaviours)
    assert view.outcome == rubric.outcomes[run.session.ending.outcome.value].title
    assert view.band_name == view.band == "Gold"


def test_the_debrief_speaks_the_active_locale():
    """In zh-Hans the debrief's behaviour titles, explanations and skill names are the catalog's translations."""
    from game.i18n import rubric_text, use_locale

    example = entry()
    run = Playthrough(example, Session(example.scenario, seed=0), Profile("Dana"), None)
    for reply in BEST:
        run.choose(number_of(run.session, reply))
    use_locale("zh-Hans")
    view = debrief_view(run)
    rubric = run.session.scorer.rubric
    item = next(item for turn in view.card.turns for item in turn.items if item.source == "behaviour")
    english = rubric.behaviours[item.key]
    assert rubric_text(english.title or "") != english.title and item.title == rubric_text(english.title or "")
    assert item.explain == rubric_text(english.explain) != english.explain
    listening = rubric.dimensions["listening"].title
    assert view.card.dimensions["listening"].title == rubric_text(listening) != listening
    assert view.band_name == rubric_text("Gold") != "Gold"


def test_counts_words_by_mode():
    """A ranked run counts on the leaderboards; a practice run does not."""
    assert counts_words("ranked") == "counts on the leaderboards"
    assert counts_words("practice") == "practice: not on the leaderboards"
