"""The play screen (game/tui/screens/play.py): what it shows, keys and mouse, and its snapshot."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.tui.screens.play import PlayScreen
from game.play.settings import Settings, save_settings
from game.tui.app import DojoApp
from game.tui.widgets.meters import MeterBar
from game.tui.widgets.portrait import Portrait
from game.tui.widgets.replies import ReplyList
from tests.test_tui_app import BEST, SIZE, bundled, keys_for, make_app, press_all


@pytest.fixture
def app(tmp_path):
    """A practice app on the example scenario; its store is closed afterwards."""
    made = make_app(tmp_path)
    yield made
    made.store.close()


def test_play_screen_snapshot(app, snap_compare):
    """The play screen after one good reply: face, meters, transcript, replies and coaching."""
    assert snap_compare(app, press=[*keys_for(["invite"]), "_"], terminal_size=SIZE)


def test_play_screen_snapshot_with_a_written_expression(app, snap_compare):
    """Three replies in, Mr Okafor says what matters to him with the worried face his line names."""
    assert snap_compare(app, press=[*keys_for(BEST[:3]), "_"], terminal_size=SIZE)


@pytest.mark.asyncio
async def test_meters_say_their_value_in_numbers_and_words(app):
    """A meter shows label, value, level word and the last change, not only a coloured bar."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, keys_for(["invite"]))
        anger = app.screen.query_one("#meter-anger", MeterBar).render_text().plain
        assert anger.startswith("Anger 55/100 medium ▼10")
        assert "↓ good" in anger


@pytest.mark.asyncio
async def test_arrows_and_enter_pick_a_reply(app):
    """Down then Enter makes the second reply on offer, as pressing 2 would."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        second = app.screen.playthrough.session.replies[1].id
        await press_all(pilot, ["down", "enter"])
        assert [turn.choice.id for turn in app.screen.playthrough.session.turns] == [second]


@pytest.mark.asyncio
async def test_a_click_picks_a_reply(app):
    """Clicking the first reply makes it."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.playthrough.session.replies[0].id
        await pilot.click(ReplyList, offset=(10, 1))
        await pilot.pause()
        assert [turn.choice.id for turn in app.screen.playthrough.session.turns] == [first]


@pytest.mark.asyncio
async def test_a_number_not_on_offer_does_nothing(app):
    """Pressing 9 where three replies are offered makes no reply."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["9"])
        assert app.screen.playthrough.session.turns == ()


@pytest.mark.asyncio
async def test_the_face_follows_the_mood(app):
    """The customer starts annoyed and is relieved once the bike is promised for the morning."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        portrait = app.screen.query_one(Portrait)
        assert portrait.expression == "annoyed"
        await press_all(pilot, keys_for(BEST[:5]))
        assert portrait.expression == "relieved"


@pytest.mark.asyncio
async def test_plain_transcript_hides_the_drawings(tmp_path):
    """In plain transcript mode the portrait is hidden and meters are one line of words."""
    app = make_app(tmp_path, settings=Settings(reduced_motion=True, plain_transcript=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.query_one(Portrait).display is False
        anger = screen.query_one("#meter-anger", MeterBar).render_text().plain
        assert anger == "Anger 65/100 medium (lower is better)"
    app.store.close()


MARKUP_SCENARIO = """
format: 1
id: markup-trap
title: "[red]Trap[/red]"
summary: A scene whose every text looks like markup.
difficulty: 1
skills: [listening]
minutes: 1
cast:
  cus: {name: "[b]Boss[/b]"}
meters:
  anger: {start: 50, good: low}
start: hello
nodes:
  hello:
    say:
      - "[link=http://x]click[/link] me"
    choices:
      - id: listen
        text: "Tell me [i]more[/i]."
        tags: [listening.let-vent]
        next: done
      - id: other
        text: "[/]"
        tags: [listening.interrupt]
        next: done
endings:
  done: {outcome: resolved, title: Done, text: Done.}
"""


@pytest.mark.asyncio
async def test_scenario_text_with_markup_is_shown_literally(tmp_path):
    """Title, speaker, lines and replies that look like markup are shown exactly as written."""
    from game.play.catalog import Entry
    from tests.conftest import scenario_from

    raw = textwrap.dedent(MARKUP_SCENARIO).encode()
    trap = Entry(tmp_path / "trap.yaml", raw, scenario_from(MARKUP_SCENARIO).scenario)
    app = make_app(tmp_path)
    app.start = trap
    app.entries.insert(0, trap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert "[red]Trap[/red]" in screen.query_one("#topbar").content.plain
        transcript = screen.query_one("#transcript").plain_text()
        assert "[b]Boss[/b]: [link=http://x]click[/link] me" in transcript
        assert screen.query_one(ReplyList).plain_lines() == [" 1  Tell me [i]more[/i].", " 2  [/]"]
    app.store.close()


NARRATED_SCENARIO = MARKUP_SCENARIO.replace('title: "[red]Trap[/red]"', "title: Narrated").replace(
    'cus: {name: "[b]Boss[/b]"}', "cus: {name: Ms Lee, expression: worried}\n  narrator: {name: Narrator, role: narrator}"
).replace('      - "[link=http://x]click[/link] me"', '      - "Is it here yet?"\n      - {speaker: narrator, text: "She taps the counter."}')


@pytest.mark.asyncio
async def test_the_portrait_is_never_the_narrator(tmp_path):
    """When the narrator speaks last, the portrait stays on the customer, with her own starting face."""
    from game.play.catalog import Entry
    from tests.conftest import scenario_from

    raw = textwrap.dedent(NARRATED_SCENARIO).encode()
    scene = Entry(tmp_path / "narrated.yaml", raw, scenario_from(NARRATED_SCENARIO).scenario)
    app = make_app(tmp_path)
    app.start = scene
    app.entries.insert(0, scene)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        portrait = app.screen.query_one(Portrait)
        assert portrait.expression == "worried"
        assert "Ms Lee" in portrait.content.plain and "Narrator" not in portrait.content.plain
    app.store.close()


CLASSIC = (80, 24)  # the classic terminal: the smallest size the game is laid out for


def test_play_screen_snapshot_at_80_by_24(app, snap_compare):
    """At 80x24 the short layout: the transcript above the replies still shows the customer's lines, the coach below."""
    assert snap_compare(app, press=[*keys_for(["invite"]), "_"], terminal_size=CLASSIC)


@pytest.mark.asyncio
async def test_at_80_by_24_the_transcript_keeps_room_to_read(app):
    """On a classic 80x24 terminal, the replies and the coach leave the transcript at least six rows, turn after turn."""
    from game.tui.widgets.transcript import Transcript

    async with app.run_test(size=CLASSIC) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.has_class("-short")
        assert play.query_one(Transcript).size.height >= 6
        await press_all(pilot, keys_for(BEST[:3]))
        await pilot.pause()
        assert len(play.playthrough.session.turns) == 3  # the coach now holds a whole verdict
        assert play.query_one(Transcript).size.height >= 6


@pytest.mark.asyncio
async def test_a_tall_terminal_keeps_the_full_layout(app):
    """From SHORT_ROWS rows up, the replies and the coach get their full heights again; resizing switches back and forth."""
    from game.tui.screens.play import SHORT_ROWS

    async with app.run_test(size=(120, SHORT_ROWS)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and not play.has_class("-short")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert play.has_class("-short")


@pytest.mark.asyncio
async def test_at_80_by_24_every_reply_is_drawn_to_its_last_word(tmp_path):
    """In the short layout the reply list scrolls; turn after turn, every reply on offer is drawn whole, last word included."""
    from game.store.db import open_store
    from tests.test_tui_app import entry
    from tests.test_tui_replies import rendered_text

    save_settings(tmp_path / "settings.json", Settings(reduced_motion=True))
    store = open_store(str(tmp_path / "dojo.db"))
    scenario = "payment-keeps-failing"  # long replies: the list scrolls at 80x24
    app = DojoApp(list(bundled()), start=entry(scenario), store=store, player="Dana", settings_path=tmp_path / "settings.json", seed=0)
    async with app.run_test(size=CLASSIC) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        for _ in range(3):
            replies = play.query_one(ReplyList)
            assert replies.max_scroll_y > 0
            drawn = rendered_text(replies)
            for reply in play.playthrough.session.offered:
                assert reply.text.split()[-1] in drawn, reply.text
            await press_all(pilot, ["1"])
            await pilot.pause()
    store.close()


CHINESE = Path(__file__).parent / "fixtures" / "zh" / "lost-umbrella.yaml"  # locale: zh-Hans, long replies


def chinese_app(tmp_path) -> DojoApp:
    """A practice app started on the Chinese fixture scenario, at a fixed seed and without motion."""
    from game.play.catalog import Entry
    from game.scenario.loader import load_scenario_text

    raw = CHINESE.read_bytes()
    scene = Entry(CHINESE, raw, load_scenario_text(raw.decode("utf-8"), str(CHINESE)).scenario)
    app = make_app(tmp_path, start=False)
    app.start = scene
    app.take_entries([scene])
    return app


@pytest.mark.asyncio
async def test_at_80_by_24_chinese_replies_wrap_whole_and_the_customer_stays_readable(tmp_path):
    """At 80x24 a Chinese reply is wrapped by display width, never cut with an ellipsis, and the customer's lines keep their rows."""
    from game.tui.widgets.transcript import Transcript
    from tests.test_tui_replies import rendered_text

    app = chinese_app(tmp_path)
    async with app.run_test(size=CLASSIC) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        drawn = "".join(rendered_text(play.query_one(ReplyList)).split())
        assert "…" not in drawn
        for reply in play.playthrough.session.offered:
            assert "".join(reply.text.split()) in drawn, reply.text
        transcript = play.query_one(Transcript)
        newest = transcript.children[-1]  # the customer's latest line, scrolled into view whole
        assert transcript.scroll_y == transcript.max_scroll_y
        assert newest.outer_size.height <= transcript.scrollable_content_region.height
        assert transcript.size.height >= 6
    app.store.close()


def test_play_screen_snapshot_in_chinese_at_80_by_24(tmp_path, snap_compare):
    """At 80x24 the Chinese scene shows the customer's lines and both replies wrapped whole."""
    app = chinese_app(tmp_path)
    assert snap_compare(app, press=["_"], terminal_size=CLASSIC)
