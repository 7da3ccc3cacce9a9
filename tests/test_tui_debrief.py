"""The debrief (game/tui/screens/debrief.py): its parts from a real ScoreCard, and its snapshot."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from game.engine.review import review_rows
from game.engine.session import Session
from game.tui.screens.debrief import feedback_text, headline, mood_text, review_text, skills_text
from tests.test_tui_app import BEST, SIZE, entry, keys_for, make_app

WEAK = ["stock-line", "blame-courier", "what-matters", "check-now", "honest-options", "kind-no"]


def played(choices: list[str]) -> Session:
    """The example scenario played through these replies."""
    session = Session(entry().scenario, seed=0)
    for choice in choices:
        session.choose(choice)
    return session


@pytest.fixture
def app(tmp_path):
    """A practice app on the example scenario; its store is closed afterwards."""
    made = make_app(tmp_path)
    yield made
    made.store.close()


def test_debrief_snapshot(app, snap_compare):
    """The debrief of the best path: 100%, Gold, every bar full, both paths the same."""
    assert snap_compare(app, press=[*keys_for(BEST), "_"], terminal_size=SIZE)


def test_headline_says_percent_and_band_in_words():
    """The headline names the ending, the percent and the band with stars and a word."""
    session = played(BEST)
    text = headline(session.scorecard(), session.ending, session.scorer.rubric).plain
    assert "A bell on the handlebars" in text and "Overall 100%" in text and "★★★ GOLD" in text
    assert f"({session.scorer.rubric.outcome_title(session.ending.outcome.value)})" in text


def test_a_weak_run_has_no_gold_and_names_the_better_reply_where_it_fell_short():
    """A weaker run scores below Gold; each reply below 'good' is followed by the better reply's text."""
    session = played(WEAK)
    card = session.scorecard()
    assert card.band != "Gold"
    rows = review_rows(session, card)
    short = [row for row in rows if row.grade not in ("best", "good", None)]
    assert short, "a weak run has replies below good"
    text = review_text(rows).plain
    for row in short:
        assert row.better_text is not None and row.better_text in text
    assert text.count("Better here:") == len(short)


def test_skills_have_a_bar_a_percent_and_points():
    """Each skill line has its title, percent and the replies it was judged on; a skill never at stake says so."""
    session = played(WEAK)
    card = session.scorecard()
    text = skills_text(card, session.scenario.skills).plain
    listening = next(line for line in text.splitlines() if "Listening" in line)
    judged = card.dimensions["listening"].judged
    assert listening.startswith("* Listening") and "%" in listening and f"judged on {judged} replies" in listening
    card.dimensions["composure"] = replace(card.dimensions["composure"], percent=None, judged=0)  # type: ignore[index]
    assert "not at stake in any reply you made" in skills_text(card, session.scenario.skills).plain


def test_in_chinese_the_skill_bars_line_up_by_display_width():
    """In zh-Hans the skills are titled from the rubric catalog and every bar starts in the same terminal column."""
    from rich.cells import cell_len

    from game.i18n import rubric_text, use_locale
    from game.i18n.shown import shown_card

    session = played(WEAK)
    use_locale("zh-Hans")
    card = shown_card(session.scorecard(), session.scorer.rubric)
    lines = skills_text(card, session.scenario.skills).plain.splitlines()[:-1]
    assert rubric_text("Listening") != "Listening" and any(rubric_text("Listening") in line for line in lines)
    starts = {cell_len(re.split("[█▏▎▍▌▋▊▉░—]", line, maxsplit=1)[0]) for line in lines}
    assert len(starts) == 1


def test_mood_curve_has_a_value_per_turn_and_the_opening():
    """The mood line shows one spark and one number per point of the curve."""
    session = played(BEST)
    text = mood_text(session.mood_curve).plain
    first = text.splitlines()[0]
    assert first.split()[1] == "▃▄▅▅▅▇█"
    assert "35 → 45 → 55 → 60 → 60 → 80 → 95" in first


def test_feedback_cites_the_rules():
    """Per-turn feedback lists each turn, named by its quoted words, with its behaviours and their rule IDs."""
    from game.play.views import reply_quote

    session = played(BEST)
    replies = [reply_quote(turn.text) for turn in session.turns]
    text = feedback_text(session.scorecard(), session.scorer.rubric, replies).plain
    assert f"Turn 1 · {replies[0]} ·" in text and "[LIS-1 " in text and f"Turn 6 · {replies[5]} ·" in text
    assert "invite" not in text and "small-gesture" not in text  # the replies' ids


@pytest.mark.asyncio
async def test_every_skill_row_fits_an_80_column_debrief(tmp_path):
    """At 80x24 every skill row fits the skills panel's width, so none wraps 'replies' onto a row of its own."""
    from rich.cells import cell_len

    from game.tui.screens.debrief import DebriefScreen
    from tests.test_tui_app import make_app, press_all

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*keys_for(WEAK), "_"])
        for _ in range(100):
            if isinstance(app.screen, DebriefScreen):
                break
            await pilot.pause(0.05)
        panel = app.screen.query_one("#skills")
        rows = skills_text(app.screen.view.card, app.screen.view.trained).plain.splitlines()
        assert max(cell_len(row) for row in rows) <= panel.content_region.width
    app.store.close()
