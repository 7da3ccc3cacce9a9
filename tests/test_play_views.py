"""What the screens show (game/play/views.py): picker rows and the debrief, built once for both front ends."""

from __future__ import annotations

import re

from game.engine.session import Session
from game.i18n import use_locale
from game.play.catalog import Entry, Record, load_entry
from game.play.playthrough import Playthrough
from game.play.profile import Profile
from game.play.views import best_words, counts_words, debrief_view, level_text, picker_row, picker_rows, skill_code, status_text
from scenarios import BUNDLED_DIR
from scoring.rubric import default_rubric
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


def flagship_in(locale: str | None) -> Entry:
    """The flagship with a Chinese table, loaded in `locale` (as written when None)."""
    return load_entry(BUNDLED_DIR / "angry-shoe-buyer.yaml", default_rubric(), locale)


def test_a_reply_quote_is_its_words_whole_or_cut_within_its_columns():
    """A short reply is quoted whole; a long one is cut with an ellipsis (at a word in English) within the columns, CJK counted double."""
    from game.play.views import QUOTE_COLUMNS, reply_quote
    from game.store.display import width

    assert reply_quote("I hear you.") == "“I hear you.”"
    long = reply_quote("I am so sorry about the heel, please tell me exactly what happened when you wore them")
    assert long.startswith("“I am so sorry") and long.endswith("…”") and " …" not in long
    assert width(long) <= QUOTE_COLUMNS + 2
    use_locale("zh-Hans")
    chinese = reply_quote("您先别着急，跟我说说是哪一天穿的、在什么地方走了多远，我好帮您查清楚原因")
    assert chinese.startswith("“您先别着急") and chinese.endswith("…”") and width(chinese) <= QUOTE_COLUMNS + 2


def test_the_debrief_names_each_reply_by_its_words_in_the_language_played():
    """In Chinese, each turn of a run of the translated flagship is named by a quote of its Chinese words, never by its id."""
    from game.play.views import reply_quote

    use_locale("zh-Hans")
    chinese = flagship_in("zh-Hans")
    session = Session(chinese.scenario, seed=0)
    run = Playthrough(chinese, session, Profile("Dana"), None)
    while not session.is_over:
        run.choose(1)
    view = debrief_view(run)
    assert view.replies == tuple(reply_quote(turn.text) for turn in session.turns)
    ids = {turn.choice.id for turn in session.turns}
    assert not any(reply_id in quote for quote in view.replies for reply_id in ids)
    assert all(re.search(r"[\u4e00-\u9fff]", quote) for quote in view.replies)
    for row in view.review:  # the better reply is named by its Chinese words too
        assert row.better_text is None or re.search(r"[\u4e00-\u9fff]", row.better_text)


def test_a_picker_title_says_when_the_scene_plays_in_another_language():
    """In a Chinese picker, a scenario with no complete Chinese table says it plays in English; a translated one, and every
    English row in an English picker, shows its title as it is."""
    from game.play.views import scenario_title

    english = flagship_in(None)
    assert picker_row(english, None, saved=False).title == english.scenario.title
    use_locale("zh-Hans")
    assert picker_row(english, None, saved=False).title == f"{english.scenario.title}（英文）"
    chinese = flagship_in("zh-Hans")
    assert picker_row(chinese, None, saved=False).title == chinese.scenario.title
    use_locale("en")
    assert scenario_title(chinese.scenario) == f"{chinese.scenario.title} (in Chinese)"
