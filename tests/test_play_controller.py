"""The game's flow, once for both front ends (game/play/controller.py), without textual or pygame."""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from game.engine.session import Session
from game.play.catalog import Entry, load_folder
from game.play.controller import Controller
from game.play.profile import Profile
from game.play.settings import load_settings
from game.store.db import open_store
from game.store.runs import list_runs
from scenarios import BUNDLED_DIR
from scoring.rubric import default_rubric

REPO = Path(__file__).resolve().parents[1]
SCENARIO = "late-birthday-parcel"
BEST = ["invite", "paraphrase", "what-matters", "check-now", "honest-options", "small-gesture"]  # Gold


@lru_cache(maxsize=1)
def bundled() -> tuple[Entry, ...]:
    """The bundled pack, loaded once per test process."""
    entries, problems = load_folder(BUNDLED_DIR, default_rubric())
    assert not problems
    return tuple(entries)


def entry(scenario_id: str = SCENARIO) -> Entry:
    """One bundled scenario."""
    return next(item for item in bundled() if item.scenario.id == scenario_id)


def number_of(session: Session, reply_id: str) -> int:
    """The 1-based number a reply is shown under now."""
    return [reply.id for reply in session.replies].index(reply_id) + 1


@pytest.fixture
def game(tmp_path):
    """A controller for Dana over the bundled pack, on a fresh store and settings file."""
    store = open_store(str(tmp_path / "dojo.db"))
    made = Controller(list(bundled()), store=store, player="Dana", settings_path=tmp_path / "settings.json", seed=0)
    yield made
    store.close()


def play_best(game: Controller) -> None:
    """Make the best replies in the current run, to its ending."""
    assert game.playthrough is not None
    for reply in BEST:
        game.choose(number_of(game.playthrough.session, reply))


def test_begin_plays_a_new_run_to_a_recorded_gold_with_its_debrief(game):
    """Without a save, begin starts a run in the picker's mode; the best path is recorded Gold and the debrief says so."""
    opening = game.begin(entry())
    assert opening.saved is None and opening.note is None and opening.playthrough is game.playthrough
    assert opening.playthrough.session.mode == "practice"
    play_best(game)
    view = game.debrief()
    assert view.band == "Gold" and view.card.percent == pytest.approx(100)
    assert [row.reply for row in view.review] == BEST and {row.grade for row in view.review} <= {"best", None}
    assert view.record is not None and view.counts == "practice: not on the leaderboards"
    assert view.mood[0] < view.mood[-1] and view.player == "Dana" and view.ending is not None
    assert [run.band for run in list_runs(game.store, player="Dana")] == ["Gold"]


def test_a_saved_run_is_offered_then_resumed_or_dropped(game):
    """A run left half way is offered at the next begin; resuming goes on from it, declining starts afresh and forgets it."""
    game.begin(entry())
    game.choose(number_of(game.playthrough.session, BEST[0]))
    assert game.leave() is None and game.playthrough is None
    offer = game.begin(entry())
    assert offer.playthrough is None and offer.saved is not None and len(offer.saved.turns) == 1
    resumed = game.resume(entry(), offer.saved)
    assert len(resumed.session.turns) == 1 and game.playthrough is resumed
    game.leave()
    fresh = game.resume(entry(), None)
    assert fresh.session.turns == () and game.begin(entry()).saved is None


def test_a_resumed_run_plays_in_the_language_of_the_entry_like_a_fresh_one(game):
    """A run of the translated flagship left half way (saved, and waiting in memory) resumes in Chinese, through its table, not in
    the English the store replays it in; the same replies stand."""
    from game.i18n import use_locale
    from game.play.catalog import load_entry
    from game.play.playthrough import outbox_for

    use_locale("zh-Hans")
    game.locale = "zh-Hans"  # as `--locale zh-Hans` makes it
    chinese = load_entry(BUNDLED_DIR / "angry-shoe-buyer.yaml", default_rubric(), "zh-Hans")
    assert chinese.scenario.locale == "zh-Hans"
    game.begin(chinese)
    game.choose(1)
    made = [turn.choice.id for turn in game.playthrough.session.turns]
    assert game.leave() is None
    offer = game.begin(chinese)
    assert offer.saved is not None and offer.saved.scenario is chinese.scenario
    resumed = game.resume(chinese, offer.saved)
    session = resumed.session
    assert session.scenario is chinese.scenario and [turn.choice.id for turn in session.turns] == made
    chinese_words = {words for choice in chinese.scenario.choices_by_key.values() for _key, words in choice.wordings}
    assert session.turns[0].text in chinese_words  # the wording drawn, one of the reply's translated ones
    assert all(reply.text in chinese_words for reply in session.offered)
    outbox_for(game.store).add(resumed)  # a run the store has not taken yet is offered first: in Chinese too
    game.leave()
    again = game.begin(chinese)
    assert again.saved is not None and again.saved.scenario is chinese.scenario


def test_starting_over_a_left_ranked_run_records_an_abandoned_attempt(game):
    """A ranked run left after a reply and then started over is kept as abandoned (never on a board); a practice one is not."""
    from game.store.abandoned import list_abandoned

    for mode in ("practice", "ranked"):
        game.mode = mode
        game.begin(entry())
        game.choose(number_of(game.playthrough.session, BEST[0]))
        assert game.leave() is None
        offer = game.begin(entry())
        assert offer.saved is not None
        fresh = game.resume(entry(), None)
        assert fresh.session.turns == () and fresh.session.mode == mode
        game.leave()
    [attempt] = list_abandoned(game.store, player="Dana")
    assert (attempt.scenario_id, attempt.mode, attempt.replies, attempt.how) == (SCENARIO, "ranked", 1, "start-over")
    assert list_runs(game.store, player="Dana") == []


def test_retry_keeps_the_mode_and_next_wraps_round_the_list(game):
    """Retry plays the same scenario in the run's mode; next plays the following one, the first after the last."""
    game.switch_mode()
    last = game.entries[-1]
    run = game.new_playthrough(last)
    assert run.session.mode == "ranked"
    game.mode = "practice"
    again = game.retry(run)
    assert again.entry is last and again.session.mode == "ranked"
    following = game.play_next(again)
    assert following.entry is game.entries[0] and following.session.mode == "ranked"


def test_undo_asks_the_run_and_says_why_not(game):
    """Ranked runs have no undo; a practice run with no reply says there is nothing to undo; after a reply it is taken back."""
    game.mode = "ranked"
    game.begin(entry())
    assert game.undo() == "Ranked mode has no undo."
    game.mode = "practice"
    game.begin(entry())
    assert game.undo() is not None
    game.choose(1)
    assert game.undo() is None and game.playthrough.session.turns == ()


def test_the_picker_rows_follow_the_records_saves_and_filter(game):
    """Every row is NEW at first; after a finished run it shows the best and the count, a save shows resume; f cycles skills."""
    picker = game.picker()
    assert len(picker.rows) == len(game.entries) and {row.status for row in picker.rows} == {"NEW"}
    game.begin(entry())
    play_best(game)
    game.begin(entry("careless-remark"))
    game.choose(1)
    rows = {row.scenario_id: row for row in game.picker().rows}
    assert rows[SCENARIO].status == "played 1×" and rows[SCENARIO].best == "100% Gold"
    assert rows["careless-remark"].status == "▶ resume" and rows["careless-remark"].saved
    skill = game.next_skill(None)
    assert skill is not None
    assert all(skill in row.skills for row in game.picker(skill).rows)
    assert [item.scenario.id for item in game.picker(skill).entries] == [row.scenario_id for row in game.picker(skill).rows]


def test_in_ranked_mode_the_picker_shows_the_ranked_best(game):
    """A practice Gold is the best in practice mode; in ranked mode the row shows the ranked run's score, labelled ranked."""
    game.begin(entry())
    play_best(game)  # practice, 100% Gold
    game.mode = "ranked"
    assert game.picker().rows[[r.scenario_id for r in game.picker().rows].index(SCENARIO)].best == "—"
    game.begin(entry())
    session = game.playthrough.session
    while not session.is_over:
        game.choose(len(session.replies))  # not the best path
    ranked = next(run for run in list_runs(game.store, player="Dana") if run.mode == "ranked")
    row = next(row for row in game.picker().rows if row.scenario_id == SCENARIO)
    assert ranked.percent < 100 and row.best == f"{ranked.percent:.0f}% {ranked.band or 'no band'}"
    assert row.best_label.startswith("ranked best ") and row.status == "played 2×"
    game.mode = "practice"
    assert next(row for row in game.picker().rows if row.scenario_id == SCENARIO).best_label == "best 100% Gold"


def test_settings_and_profile_are_kept_in_the_settings_file(game):
    """A settings change and a new profile are written to the player's settings file."""
    assert game.change_settings(theme="light") is None
    assert game.set_profile(Profile("Eli", "2024-09", "North")) is None
    kept = load_settings(game.settings_path)
    assert kept.theme == "light" and (kept.player, kept.cohort, kept.team) == ("Eli", "2024-09", "North")
    assert game.profile == Profile("Eli", "2024-09", "North")


def test_another_settings_file_is_taken_if_it_exists(game, tmp_path):
    """use_settings_file switches to a file and takes its settings only when it exists."""
    other = tmp_path / "other.json"
    assert not game.use_settings_file(other) and game.settings_path == other
    game.change_settings(muted=True)
    game.use_settings_file(tmp_path / "settings.json")
    assert game.use_settings_file(other) and game.settings.muted


def test_without_persisting_nothing_is_saved_or_recorded(tmp_path):
    """An attract-mode controller writes no settings, offers no saves and records no run."""
    store = open_store(str(tmp_path / "dojo.db"))
    try:
        game = Controller(list(bundled()), store=store, player="Demo", settings_path=tmp_path / "s.json", seed=0, persist=False)
        game.change_settings(theme="light")
        game.begin(entry())
        play_best(game)
        assert not (tmp_path / "s.json").exists() and game.saved_ids() == set()
        assert list_runs(store) == [] and game.debrief().record is None
    finally:
        store.close()


def test_the_start_scenario_comes_first_and_a_new_version_replaces_it(tmp_path):
    """A start scenario not in the list is put first; replace_start swaps in its new version, first."""
    start = entry("careless-remark")
    others = [item for item in bundled() if item.scenario.id != start.scenario.id]
    game = Controller(others, start=start, settings_path=tmp_path / "s.json")
    assert game.entries[0] is start and len(game.entries) == len(bundled())
    newer = Entry(start.path, start.raw + b"\n", start.scenario)
    game.replace_start(newer)
    assert game.entries[0] is newer and game.start is newer and len(game.entries) == len(bundled())


def test_the_whole_flow_runs_with_textual_and_pygame_blocked(tmp_path):
    """Begin, play to the end and debrief in a process where neither UI library can be imported."""
    script = (
        "import sys\n"
        "sys.modules['textual'] = None\n"
        "sys.modules['pygame'] = None\n"
        "from tests.test_play_controller import Controller, bundled, entry, play_best\n"
        "from pathlib import Path\n"
        f"game = Controller(list(bundled()), player='Dana', settings_path=Path({str(tmp_path / 's.json')!r}), seed=0)\n"
        "game.begin(entry())\n"
        "play_best(game)\n"
        "assert game.debrief().band == 'Gold'\n"
        "assert not [name for name in sys.modules if name.startswith(('game.tui', 'game.gui'))]\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_language_is_the_locale_option_then_the_setting_then_the_scenario_then_the_system(tmp_path, monkeypatch):
    """--locale beats the Language setting, which beats the scenario's locale, which beats the system's."""
    from game.play.settings import Settings, save_settings

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    path = tmp_path / "settings.json"
    assert Controller(settings_path=path).language(None) == "zh-Hans"  # the system's
    assert Controller(settings_path=path).language("en") == "en"  # the scenario's
    save_settings(path, Settings(language="zh-Hans"))
    assert Controller(settings_path=path).language("en") == "zh-Hans"  # the setting
    assert Controller(settings_path=path, locale="en").language("zh-Hans") == "en"  # --locale


def test_the_language_setting_plays_translated_scenes_in_it_and_back(game):
    """With Language set to Chinese, the list holds each scene that has a complete Chinese table in Chinese (the rest as
    written) and a run of one plays in Chinese; set back to English, the same scene plays in English. The file's bytes, which
    runs record, never change."""
    from dataclasses import replace

    english = entry("angry-shoe-buyer")
    game.settings = replace(game.settings, language="zh-Hans")
    shown = {item.scenario.id: item for item in game.entries}
    assert shown["angry-shoe-buyer"].scenario.locale == "zh-Hans" and shown["angry-shoe-buyer"].raw == english.raw
    assert shown["angry-shoe-buyer"].as_written is english.scenario
    untranslated = [item for item in game.entries if item.scenario.locale == "en"]
    assert untranslated and all(item.source is None for item in untranslated)
    assert game.picker().entries == tuple(game.entries)
    opening = game.begin(shown["angry-shoe-buyer"])
    assert opening.playthrough is not None and opening.playthrough.session.scenario.locale == "zh-Hans"
    game.leave()
    game.settings = replace(game.settings, language="en")
    assert {item.scenario.id: item for item in game.entries}["angry-shoe-buyer"].scenario is english.scenario
    again = game.begin(shown["angry-shoe-buyer"])  # the Chinese entry, begun after the switch: plays in English
    assert again.entry.scenario is english.scenario
