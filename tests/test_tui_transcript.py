"""The transcript (game/tui/widgets/transcript.py): which lines are typed, and the typewriter in play."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Select

from game.tui.screens.play import PlayScreen
from game.play.settings import Settings, load_settings
from game.play.story import SaidLine
from game.tui.widgets.replies import ReplyList
from game.tui.widgets.transcript import Transcript, entry_text, to_type, typed_text
from tests.test_tui_app import SIZE, keys_for, make_app, press_all

LINE = SaidLine("line", "Mr Okafor", "Where is my parcel?")
REPLY = SaidLine("reply", "You", "Let me look.")
ENDING = SaidLine("ending", "Done", "Sorted.")


def test_only_the_lines_after_the_last_reply_are_typed():
    """A fresh start types its opening lines; a redrawn story types only what is said now; endings never."""
    assert to_type([LINE, LINE]) == 2
    assert to_type([LINE, REPLY, LINE]) == 1
    assert to_type([LINE, REPLY]) == 0
    assert to_type([LINE, ENDING]) == 0


def test_a_typed_line_keeps_the_name_whole():
    """Part way through, the speaker's name is whole and the speech is cut at the letter."""
    assert typed_text(LINE, 5).plain == "Mr Okafor: Where"
    assert typed_text(LINE, 0).plain == "Mr Okafor: "


def typing_app(tmp_path, speed: str, **flags: bool):
    """A practice app on the example scenario with this text speed and motion on unless told."""
    return make_app(tmp_path, settings=Settings(text_speed=speed, **flags))


async def wait_until_typed(pilot, transcript: Transcript, seconds: float = 60.0) -> None:
    """Let the typewriter run until no line is being typed; a hang guard fails the test after `seconds`."""
    deadline = time.monotonic() + seconds
    while transcript.typing:
        if time.monotonic() > deadline:
            raise AssertionError(f"the typewriter was still typing after {seconds:g} s")
        await pilot.pause(0.05)


@pytest.mark.asyncio
async def test_a_key_shows_the_whole_line_and_makes_no_reply(tmp_path):
    """At slow speed the opening line is typed; a reply key shows it whole; the next key answers."""
    app = typing_app(tmp_path, "slow")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        assert transcript.typing
        assert len(transcript.visible_text()) < len(transcript.plain_text())
        key = keys_for(["invite"])[0]
        await press_all(pilot, [key])
        assert not transcript.typing
        assert transcript.visible_text() == transcript.plain_text()
        assert app.screen.playthrough.session.turns == ()
        await press_all(pilot, [key])
        assert [turn.choice.id for turn in app.screen.playthrough.session.turns] == ["invite"]
        assert transcript.typing  # the customer's answer is typed in turn
    app.store.close()


@pytest.mark.asyncio
async def test_a_click_on_a_reply_while_typing_only_shows_the_line(tmp_path):
    """Clicking the reply list during typing reveals the line and picks nothing; a second click picks."""
    app = typing_app(tmp_path, "slow")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        assert transcript.typing
        await pilot.click(ReplyList, offset=(10, 1))
        await pilot.pause()
        assert not transcript.typing and app.screen.playthrough.session.turns == ()
        await pilot.click(ReplyList, offset=(10, 1))
        await pilot.pause()
        assert len(app.screen.playthrough.session.turns) == 1
    app.store.close()


@pytest.mark.asyncio
async def test_lines_type_to_the_end_on_their_own(tmp_path):
    """At fast speed every opening line ends up whole without a key."""
    app = typing_app(tmp_path, "fast")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        await wait_until_typed(pilot, transcript)
        assert not transcript.typing
        assert transcript.visible_text() == transcript.plain_text()
        assert "Mr Okafor: " in transcript.visible_text()
    app.store.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("flag", ["reduced_motion", "plain_transcript"])
async def test_reduced_motion_or_plain_transcript_means_instant(tmp_path, flag):
    """With reduced motion or the plain transcript even the slow speed shows lines whole at once."""
    app = typing_app(tmp_path, "slow", **{flag: True})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        transcript = app.screen.query_one(Transcript)
        assert not transcript.typing
        assert transcript.visible_text() == transcript.plain_text()
    app.store.close()


@pytest.mark.asyncio
async def test_text_speed_is_chosen_in_settings_and_kept(tmp_path):
    """Choosing 'instant' in the settings screen stops typing at once and is saved to the file."""
    app = typing_app(tmp_path, "slow")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        assert transcript.typing
        await press_all(pilot, ["s"])  # this key also shows the line whole
        await press_all(pilot, ["s"])
        select = app.screen.query_one("#text_speed", Select)
        select.focus()
        await press_all(pilot, ["enter", "down", "enter"])  # the option after slow...
        await pilot.pause()
        assert select.value == "normal"
        await press_all(pilot, ["enter", "down", "down", "enter", "escape"])  # ...and instant
        assert app.settings.text_speed == "instant"
        key = keys_for(["invite"])[0]
        await press_all(pilot, [key])
        assert len(app.screen.playthrough.session.turns) == 1
        assert not transcript.typing
    app.store.close()
    assert load_settings(tmp_path / "settings.json").text_speed == "instant"


@pytest.mark.asyncio
async def test_a_letter_on_the_same_rows_repaints_the_line_alone():
    """Typing within a row asks for no layout of the screen; a letter that starts a new row does."""
    from textual.app import App, ComposeResult

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Transcript(id="transcript")

    app = Probe()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.sync([SaidLine("line", "Mr Okafor", "word " * 30)], animate=False, speed=0.01)
        await pilot.pause()
        line = transcript.queue[0]
        layouts: list[bool] = []
        repaint = line.refresh

        def spy(*regions, layout: bool = False, **options):
            layouts.append(layout)
            return repaint(*regions, layout=layout, **options)

        line.refresh = spy  # type: ignore[method-assign]
        line.show_letters(2)
        line.show_letters(4)
        assert layouts and not any(layouts)
        line.show_letters(150)
        assert layouts[-1] is True


@pytest.mark.asyncio
async def test_a_served_seat_types_at_half_the_frames_and_the_same_speed(tmp_path, monkeypatch):
    """Under dojo serve a line grows every SERVED_TICK_SECONDS (half as often) and still ends up whole on its own."""
    from game.tui.widgets import transcript as module

    ticks: list[float] = []
    real = Transcript.set_interval
    monkeypatch.setattr(Transcript, "set_interval", lambda self, seconds, callback, **kw: (ticks.append(seconds), real(self, seconds, callback, **kw))[1])
    from game.tui.app import DojoApp

    monkeypatch.setattr(DojoApp, "served", property(lambda self: True))  # a browser seat, already signed in
    app = typing_app(tmp_path, "fast")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        await wait_until_typed(pilot, transcript)
        assert transcript.visible_text() == transcript.plain_text()
    assert ticks and set(ticks) == {module.SERVED_TICK_SECONDS} and module.SERVED_TICK_SECONDS == 2 * module.TICK_SECONDS
    app.store.close()


def test_a_chinese_speaker_and_line_are_joined_by_a_full_width_colon():
    """A line said by a Chinese name reads '奥先生：……' whole and while it types; an English one keeps 'Name: '."""
    said = SaidLine("line", "奥先生", "总算有个真人了。")
    assert entry_text(said).plain == "奥先生：总算有个真人了。" and typed_text(said, 2).plain == "奥先生：总算"
    assert entry_text(LINE).plain == "Mr Okafor: Where is my parcel?"
