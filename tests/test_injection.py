"""Injection (issue 8): names and scenario text with markup, ANSI escapes, HTML and huge strings
are shown literally and safely by every front end: the terminal game (also what `dojo serve`
sends to browsers), the window game and the HTML report.

One file across the front ends on purpose: the same hostile strings go through each, so a new
front end is tested by adding it here. The HTML report's checks (the same kinds of strings,
loaded in headless Chromium) live with its fixtures in tests/test_report_browser.py.
"""

from __future__ import annotations

import re

import pytest

from game.store.db import open_store
from tests.test_tui_app import SIZE, keys_for, make_app, press_all

ANSI = "Eve\x1b[2J\x1b[31mRED\x1b]0;pwned\x07"
MARKUP = "[bold red]Ana[/] [@click=app.quit]quit[/]"
HTML = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_NAMES = [ANSI, MARKUP, HTML, "名" * 200]


def _screen_text(app) -> str:
    """Everything the current screen shows, as plain text."""
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static"))


@pytest.mark.asyncio
@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["ansi", "markup", "html", "long-cjk"])
async def test_terminal_game_shows_hostile_player_names_literally_and_without_escapes(tmp_path, name):
    """Picker bar, play top bar and the leaderboard show the name as typed, no ESC ever reaching the screen."""
    app = make_app(tmp_path, player=name, start=False, mode="ranked")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = app.screen.query_one("#picker-bar").content.plain
        assert "\x1b" not in shown and "\x07" not in shown
        visible = name.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
        assert visible[:40] in shown
        await press_all(pilot, ["enter"])
        top = app.screen.query_one("#topbar").content.plain
        assert "\x1b" not in top and visible[:40] in top
        await press_all(pilot, ["escape", "l"])
        assert "\x1b" not in _screen_text(app)
    app.store.close()


@pytest.mark.asyncio
async def test_terminal_leaderboard_never_shows_an_ansi_name(tmp_path):
    """A ranked run under an ANSI name is refused by the store (names with control characters are), so no board shows it."""
    from game.play.playthrough import Playthrough
    from game.play.profile import Profile
    from game.engine.session import Session
    from tests.test_tui_app import BEST, entry

    store = open_store(str(tmp_path / "dojo.db"))
    session = Session(entry().scenario, seed=0, mode="ranked")
    run = Playthrough(entry(), session, Profile(ANSI), store)
    for number in keys_for(BEST):
        run.choose(int(number))
    assert run.problem is not None and "invisible" in run.problem
    store.close()
    app = make_app(tmp_path, player="Dana", start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["l"])
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = _screen_text(app)
        assert not re.search(r"\bEve\b", text) and "\x1b" not in text  # (the tab "Everyone" is not her)
    app.store.close()


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["ansi", "markup", "html", "long-cjk"])
def test_window_game_draws_hostile_names_as_plain_characters(tmp_path, name, monkeypatch):
    """The window game draws the name's characters as text (no markup read, control characters dropped) on the picker, play screen and boards."""
    import tests.test_gui_app as gui  # sets the dummy SDL drivers before pygame starts
    from game.gui import fonts
    from game.gui.fonts import TextCache

    drawn: list[str] = []
    render = TextCache.render

    def recording(self, text, colour):
        drawn.append(fonts.clean(text, newline=" "))
        return render(self, text, colour)

    monkeypatch.setattr(TextCache, "render", recording)
    app = gui.make_app(tmp_path, player=name, mode="ranked")
    try:
        literal = "".join(char for char in name if char.isprintable())
        assert any(literal[:30] in text for text in drawn), "the picker draws the name"
        drawn.clear()
        app.begin(gui.entry("late-birthday-parcel"))
        app.frame(gui.STEP)
        app.frame(gui.STEP)
        assert any(literal[:8] in text for text in drawn), "the play screen draws the name (a long one cut short)"
        assert not any("\x1b" in text or "\x07" in text for text in drawn)
        app.show_boards()
        app.frame(gui.STEP)
    finally:
        gui.close(app)
