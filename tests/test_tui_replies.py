"""The reply list (game/tui/widgets/replies.py): the session's offered replies, numbered in its order, in the wordings drawn."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from game.engine.session import Session
from game.play.scene import ReplyView
from game.tui.widgets.replies import ReplyList, reply_text
from tests.conftest import MINI, scenario_from

WORDED = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)


def offered(session: Session) -> list[ReplyView]:
    """The session's offered replies as the play view numbers them."""
    return [ReplyView(number, reply.id, reply.text) for number, reply in enumerate(session.offered, start=1)]


class OneList(App[None]):
    """Just a reply list."""

    def compose(self) -> ComposeResult:
        """The list alone."""
        yield ReplyList()


def test_reply_text_is_the_number_then_the_wording_drawn():
    """A reply reads as its number key, then the wording the session drew for it (taken literally)."""
    session = Session(scenario_from(WORDED).scenario, seed=1)
    for number, reply in enumerate(session.offered, start=1):
        assert reply_text(ReplyView(number, reply.id, reply.text)).plain == f" {number}  {reply.text}"
    assert "Tell me more." not in [reply.text for reply in session.offered]  # seed 1 draws another wording


@pytest.mark.asyncio
async def test_the_list_shows_the_offered_replies_in_the_sessions_order():
    """Shown the session's offered replies, the list numbers them in that order, keeps their ids and highlights the first."""
    for seed in (0, 3):  # seeds whose opening orders differ (fixed once)
        session = Session(scenario_from(WORDED).scenario, seed=seed)
        app = OneList()
        async with app.run_test() as pilot:
            replies = app.query_one(ReplyList)
            replies.show(offered(session))
            await pilot.pause()
            assert replies.plain_lines() == [f" {n}  {reply.text}" for n, reply in enumerate(session.offered, start=1)]
            assert [replies.get_option_at_index(i).id for i in range(len(session.offered))] == [reply.id for reply in session.offered]
            assert replies.highlighted == 0
    assert [r.id for r in Session(scenario_from(WORDED).scenario, seed=0).offered] != [r.id for r in Session(scenario_from(WORDED).scenario, seed=3).offered]


def rendered_text(replies: ReplyList) -> str:
    """Everything the list draws, scrolled from top to bottom, as one line of words."""
    rows: dict[int, str] = {}
    for top in range(int(replies.max_scroll_y) + 1):
        replies.scroll_to(y=top, animate=False, immediate=True)
        for row in range(replies.scrollable_content_region.height):
            rows[top + row] = replies.render_line(row).text
    return " ".join(" ".join(rows[y] for y in sorted(rows)).split())
