"""The command palette's theme list in the game's language (game/tui/themes.py): names shown, ids set."""

from __future__ import annotations

import re

import pytest
from textual.command import CommandInput, CommandList, CommandPalette

from game.i18n import use_locale
from game.tui.themes import THEME_WORDS, theme_title
from tests.test_tui_app import make_app

ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def test_in_english_a_theme_is_named_by_its_id_and_an_unknown_one_always_is():
    """English shows each theme by its id, as Textual does; a theme the game does not know keeps its id in every language."""
    assert all(theme_title(name) == name for name in THEME_WORDS)
    use_locale("zh-Hans")
    assert theme_title("someone-elses-theme") == "someone-elses-theme"


def test_every_theme_the_app_offers_has_a_chinese_name(tmp_path):
    """Each theme the terminal game can be switched to (Textual's and the game's high contrast) is named in Chinese, no ASCII word."""
    app = make_app(tmp_path)
    try:
        names = set(app.available_themes)
    finally:
        app.store.close()
    assert names <= set(THEME_WORDS), sorted(names - set(THEME_WORDS))
    use_locale("zh-Hans")
    shown = {name: theme_title(name) for name in names}
    assert not {name: title for name, title in shown.items() if ASCII_WORD.search(title)}
    assert len(set(shown.values())) == len(shown)  # no two themes share a name


@pytest.mark.asyncio
async def test_the_palettes_theme_list_reads_in_chinese_and_sets_the_theme_by_its_id(tmp_path):
    """In Chinese, the palette's theme list shows the themes' Chinese names and a Chinese search box; picking one sets its id."""
    app = make_app(tmp_path)
    app.controller.locale = "zh-Hans"
    async with app.run_test() as pilot:
        await pilot.pause()
        app.search_themes()
        await pilot.pause(0.3)
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert str(palette.query_one(CommandInput).placeholder) == "搜索配色主题…"
        results = palette.query_one(CommandList)
        shown = [str(results.get_option_at_index(index).prompt) for index in range(results.option_count)]
        assert "北境" in shown and "默认深色" in shown
        assert not [text for text in shown if ASCII_WORD.search(text)]
        await pilot.press(*"北境")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    app.store.close()
