"""The reply list (game/tui/widgets/replies.py): the session's offered replies, numbered in its order, in the wordings drawn."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from game.engine.session import OfferedReply, Session
from game.tui.widgets.replies import ReplyList, reply_text
from tests.conftest import MINI, scenario_from

WORDED = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)


class OneList(App[None]):
    """Just a reply list."""

    def compose(self) -> ComposeResult:
        """The list alone."""
        yield ReplyList()


def test_reply_text_is_the_number_then_the_wording_drawn():
    """A reply reads as its number key, then the wording the session drew for it (taken literally)."""
    session = Session(scenario_from(WORDED).scenario, seed=1)
    for number, reply in enumerate(session.offered, start=1):
        assert reply_text(number, reply).plain == f" {number}  {reply.text}"
    assert "Tell me more." not in [reply.text for reply in session.offered]  # seed 1 draws another wording


@pytest.mark.asyncio
async def test_the_list_shows_the_offered_replies_in_the_sessions_order():
    """Shown the session's offered replies, the list numbers them in that order, keeps their ids and highlights the first."""
    for seed in (0, 3):  # seeds whose opening orders differ (fixed once)
        session = Session(scenario_from(WORDED).scenario, seed=seed)
        app = OneList()
        async with app.run_test() as pilot:
            replies = app.query_one(ReplyList)
            replies.show(session.offered)
            await pilot.pause()
            assert replies.plain_lines() == [f" {n}  {reply.text}" for n, reply in enumerate(session.offered, start=1)]
            assert [replies.get_option_at_index(i).id for i in range(len(session.offered))] == [reply.id for reply in session.offered]
            assert replies.highlighted == 0
    assert [r.id for r in Session(scenario_from(WORDED).scenario, seed=0).offered] != [r.id for r in Session(scenario_from(WORDED).scenario, seed=3).offered]


# Four replies of the length that overflowed the list at 80x24 (payment-keeps-failing, turn 2).
LONG_REPLIES = [
    "Are you sure there's enough in your balance? That's the usual reason a payment fails, so it is worth a look.",
    "Your order's fine at our end, so something between us is refusing it. What exactly does it say when it fails?",
    "Everything looks normal on our side, so it's probably your connection. Could you try again in a few minutes?",
    "Sometimes an order gets stuck in the system, so the simplest thing is to cancel it and place it again from scratch.",
]


class NarrowList(App[None]):
    """A reply list as narrow and as short as the play screen gives it at 80x24."""

    CSS = "ReplyList { width: 46; max-height: 10; }"

    def compose(self) -> ComposeResult:
        """The list alone, narrow."""
        yield ReplyList()


def rendered_text(replies: ReplyList) -> str:
    """Everything the list draws, scrolled from top to bottom, as one line of words."""
    rows: dict[int, str] = {}
    for top in range(int(replies.max_scroll_y) + 1):
        replies.scroll_to(y=top, animate=False, immediate=True)
        for row in range(replies.scrollable_content_region.height):
            rows[top + row] = replies.render_line(row).text
    return " ".join(" ".join(rows[y] for y in sorted(rows)).split())


@pytest.mark.asyncio
async def test_long_replies_in_a_scrolling_list_are_drawn_to_their_last_word():
    """After a turn whose replies fit, a turn with more replies than rows brings a scrollbar, and no reply loses its last line to it."""
    scenario = scenario_from(MINI).scenario
    choices = list(scenario.choices_by_key.values())
    offered = [OfferedReply(choice, text, "0") for choice, text in zip(choices, LONG_REPLIES)]
    app = NarrowList()
    async with app.run_test(size=(80, 24)) as pilot:
        replies = app.query_one(ReplyList)
        replies.show([OfferedReply(choices[0], "Go on.", "0")])  # the turn before: no scrollbar
        await pilot.pause()
        replies.show(offered)
        await pilot.pause()
        assert replies.max_scroll_y > 0  # the list scrolls, as at 80x24
        drawn = rendered_text(replies)
        for text in LONG_REPLIES:
            assert text.split()[-1] in drawn, text
