"""The play screen as a view (game/play/scene.py): built from the controller's run, without textual or pygame."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.play.controller import Controller
from game.play.scene import play_view
from tests.test_play_controller import BEST, bundled, entry, number_of
from tests.test_play_controller import game as game  # noqa: F401 (the controller fixture, shared)

REPO = Path(__file__).resolve().parents[1]


def test_the_first_moment_of_a_practice_run(game):
    """Turn 1 in practice: the title, the customer's lines, numbered replies in the session's order, the empty coaching, no undo yet."""
    playthrough = game.begin(entry()).playthrough
    assert playthrough is not None
    view = play_view(playthrough)
    session = playthrough.session
    assert view.title == session.scenario.title and view.player == "Dana" and view.turn == 1
    assert view.mode_label == "PRACTICE" and view.undo_offered and not view.can_undo
    assert [line.text for line in view.lines] == [line.text for line in session.lines]
    assert [(reply.number, reply.id, reply.text) for reply in view.replies] == [
        (number, reply.id, reply.text) for number, reply in enumerate(session.offered, start=1)
    ]
    assert view.coaching is not None and view.coaching.empty
    assert view.stage.rest is not None and view.stage.rest.expression == "annoyed"
    assert view.waiting and not view.over and view.mood == tuple(session.mood_curve)


def test_after_a_reply_the_view_coaches_it_and_undo_is_allowed(game):
    """After 'invite' the coaching quotes it and grades it, undo can take it back, turn 2 is next."""
    playthrough = game.begin(entry()).playthrough
    assert playthrough is not None
    game.choose(number_of(playthrough.session, "invite"))
    view = play_view(playthrough)
    assert view.turn == 2 and view.can_undo
    assert view.coaching is not None and view.coaching.reply == playthrough.session.turns[-1].text
    assert [item.tag for item in view.coaching.items if item.kind == "behaviour"][:1] == ["LIS-1"]
    assert game.undo() is None
    assert play_view(playthrough).turn == 1


def test_a_ranked_run_offers_no_coaching_and_no_undo(tmp_path):
    """Ranked: no coaching view, undo neither offered nor allowed, the mode says so."""
    ranked = Controller(list(bundled()), mode="ranked", player="Dana", settings_path=tmp_path / "s.json", seed=0, persist=False)
    playthrough = ranked.begin(entry()).playthrough
    assert playthrough is not None
    ranked.choose(1)
    view = play_view(playthrough)
    assert view.coaching is None and not view.undo_offered and not view.can_undo
    assert view.mode_label == "RANKED" and "no undo" in view.mode_note


def test_the_last_reply_ends_the_run(game):
    """After the best path the view is over: no reply is on offer to any number."""
    playthrough = game.begin(entry()).playthrough
    assert playthrough is not None
    for reply in BEST:
        game.choose(number_of(playthrough.session, reply))
    view = play_view(playthrough)
    assert view.over and not view.waiting and view.reply(1) is None


@settings(max_examples=30, deadline=None)
@given(st.integers(-3, 12))
def test_a_number_makes_a_reply_only_if_one_is_on_offer(number):
    """reply(n) is the n-th reply on offer for 1..len, None for any other number."""
    from game.engine.session import Session
    from game.play.playthrough import Playthrough
    from game.play.profile import Profile

    playthrough = Playthrough(entry(), Session(entry().scenario, seed=0), Profile("Dana", None, None), None)
    view = play_view(playthrough)
    found = view.reply(number)
    if 1 <= number <= len(view.replies):
        assert found is not None and found.number == number
    else:
        assert found is None


def test_the_mood_numbers_are_the_latest_readings_out_of_100(game):
    """mood_numbers(n) reads the last n mood values as whole numbers out of 100."""
    playthrough = game.begin(entry()).playthrough
    assert playthrough is not None
    for reply in BEST[:3]:
        game.choose(number_of(playthrough.session, reply))
    view = play_view(playthrough)
    assert view.mood_numbers(2) == " → ".join(str(round(value * 100)) for value in view.mood[-2:])


def test_every_shared_view_builds_with_textual_and_pygame_blocked(tmp_path):
    """Play, coaching, help, typewriter and boards views are made in a process where neither UI library can be imported."""
    script = (
        "import sys\n"
        "sys.modules['textual'] = None\n"
        "sys.modules['pygame'] = None\n"
        "from pathlib import Path\n"
        "from tests.test_play_controller import Controller, bundled, entry, number_of\n"
        "from game.play.scene import play_view\n"
        "from game.play.keys import help_view\n"
        "from game.play.typewriter import typing\n"
        "from game.play.boards import board_view, titles_of\n"
        "from game.store.boards import Board, BoardSpec\n"
        f"game = Controller(list(bundled()), player='Dana', settings_path=Path({str(tmp_path / 's.json')!r}), seed=0, persist=False)\n"
        "run = game.begin(entry()).playthrough\n"
        "game.choose(number_of(run.session, 'invite'))\n"
        "view = play_view(run)\n"
        "assert view.coaching is not None and view.coaching.items and view.replies\n"
        "assert typing([line.text for line in view.lines], 0.1, 30.0).shown\n"
        "assert help_view('terminal').sections and help_view('window').sections\n"
        "assert board_view(Board(BoardSpec(scenario=entry().scenario.id), []), titles_of(game.entries)).title.startswith(entry().scenario.title)\n"
        "assert not [name for name, module in sys.modules.items() if module is not None and name.startswith(('game.tui', 'game.gui', 'textual', 'pygame'))]\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_skills_trained_are_named_by_the_rubric_in_every_locale(game):
    """The play view names the skills the scene trains by the rubric's titles ('Listening'), translated in Chinese, never by id."""
    from game.i18n import rubric_text, use_locale

    playthrough = game.begin(entry()).playthrough
    assert playthrough is not None
    rubric = playthrough.session.scorer.rubric
    skills = playthrough.session.scenario.skills
    titles = tuple(rubric.dimensions[skill].title for skill in skills)
    assert play_view(playthrough).trains == titles and titles != tuple(skills)
    use_locale("zh-Hans")
    chinese = play_view(playthrough).trains
    assert chinese == tuple(rubric_text(title) for title in titles) and not set(chinese) & set(titles)
