"""The resume prompt (game/tui/screens/resume.py): what it says and its snapshot."""

from __future__ import annotations

import pytest

from game.engine.session import Session
from game.play.playthrough import Playthrough, Profile
from game.tui.screens.resume import ResumeScreen, resume_text
from tests.test_tui_app import BEST, SIZE, entry, keys_for, make_app


def saved_run(store, replies: int) -> None:
    """Save Dana's practice run of the example scenario after the first `replies` best replies."""
    playthrough = Playthrough(entry(), Session(entry().scenario, seed=0), Profile("Dana"), store)
    for key in keys_for(BEST[:replies]):
        playthrough.choose(int(key))
    assert playthrough.problem is None


@pytest.fixture
def app(tmp_path):
    """An app started on the example scenario, with a saved run of it two replies in."""
    made = make_app(tmp_path)
    saved_run(made.store, 2)
    yield made
    made.store.close()


def test_resume_snapshot(app, snap_compare):
    """The prompt over the picker names the scenario, the mode and the replies made."""
    assert snap_compare(app, terminal_size=SIZE)


def test_resume_text_counts_replies_in_words():
    """One reply is 'reply', more are 'replies'; the mode and title are named."""
    session = Session(entry().scenario, seed=0)
    session.choose(BEST[0])
    text = resume_text(session).plain
    assert entry().scenario.title in text and "practice mode, 1 reply made." in text
    session.choose(BEST[1])
    assert "2 replies made." in resume_text(session).plain


@pytest.mark.asyncio
async def test_the_prompt_is_shown_for_a_save(app):
    """Starting the scenario with a save opens the prompt before the play screen."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "2 replies made." in app.screen.query_one("#question").content.plain


@pytest.mark.asyncio
async def test_starting_over_a_ranked_run_keeps_it_as_abandoned(tmp_path):
    """n at the prompt for a ranked save starts afresh, and the controller keeps the left run as an abandoned attempt."""
    from game.store.abandoned import list_abandoned
    from game.tui.screens.play import PlayScreen
    from tests.test_tui_app import press_all

    app = make_app(tmp_path)
    playthrough = Playthrough(entry(), Session(entry().scenario, seed=0, mode="ranked"), Profile("Dana"), app.store)
    playthrough.choose(int(keys_for(BEST[:1])[0]))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeScreen)
            await press_all(pilot, ["n"])
            await pilot.pause()
            assert isinstance(app.screen, PlayScreen)
        [attempt] = list_abandoned(app.store)
        assert (attempt.scenario_id, attempt.mode, attempt.replies, attempt.how) == (entry().scenario.id, "ranked", 1, "start-over")
    finally:
        app.store.close()
