"""The terminal game in Simplified Chinese (issue #18): a flagship played with `--locale zh-Hans` shows no English.

The walk visits every screen (welcome, the list, help, settings, the boards, play with
practice coaching, the debrief) at 80x24 and 120x40 and fails on any ASCII word of two
letters or more that is not a name or a code. It reads the text twice: what is on the
screen (an SVG export: the footer, the table, buttons, inputs, choices) and the full text
of every Static widget (also what is scrolled out of sight, unwrapped).

The rubric's prose (behaviour titles, explanations, rule statements, skill and band names)
is translated in its own catalog (the `rubric` domain, another part of issue #18). Until
that catalog has a string, the game shows it in English through `rubric_text`; this test
allows exactly those strings, read from the rubric, and only while `rubric_text` leaves them
untranslated, so it becomes strict by itself once the rubric's catalog is complete.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.widgets import Static

from game.i18n import active_locale, rubric_text, use_locale
from game.i18n.extract import extract_rubric
from game.play.catalog import Entry, load_entry
from game.play.settings import Settings, load_settings, save_settings
from game.play.views import skill_code
from game.store.db import open_store
from game.tui.app import DojoApp
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.picker import PickerScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.welcome import WelcomeScreen
from scenarios import BUNDLED_DIR
from scoring.rubric import DEFAULT_RUBRIC_PATH, default_rubric
from tests.test_tui_app import press_all

FLAGSHIP = "angry-shoe-buyer"  # a flagship with a Chinese table (scenarios/zh-Hans/angry-shoe-buyer.csv)
SIZES = ((80, 24), (120, 40))
PLAYER = "Dana"
# Names and codes that stay as they are in every language (docs/translating.md).
NAMES = {"Service", "Dojo", PLAYER, "dojo", "lint", "SVG"}  # SVG: a file format (the palette's screenshot)
KEYS = {"Ctrl", "Esc", "Enter", "Tab", "PgUp", "PgDn", "F11", "esc"}  # "esc" as the footer shows the key
WORD = re.compile(r"[A-Za-z]{2,}")


def chinese_pack() -> list[Entry]:
    """The bundled scenarios that have a complete Chinese table, in Chinese, the flagship first."""
    entries = [load_entry(path, default_rubric(), "zh-Hans") for path in sorted(BUNDLED_DIR.glob("*.yaml"))]
    pack = [entry for entry in entries if entry.scenario.locale == "zh-Hans"]
    return sorted(pack, key=lambda entry: entry.scenario.id != FLAGSHIP)


def codes() -> set[str]:
    """The letters of every code a screen may show: rule IDs ('LIS-1'), skill codes ('LIS') and DOJO."""
    rubric = default_rubric()
    found = {"DOJO", *(part for rule in rubric.rules for part in WORD.findall(rule))}
    return found | {skill_code(skill) for skill in rubric.dimensions}


def untranslated_rubric_prose() -> list[str]:
    """The rubric's prose that its catalog does not translate yet (the rubric domain is translated separately),
    with the ids a screen shows in place of an untranslated skill or pattern title; longest first."""
    with open(DEFAULT_RUBRIC_PATH, "rb") as file:
        prose = [message for _line, _function, message, _comments in extract_rubric(file, {}, [], {})]
    rubric = default_rubric()
    before = active_locale()
    use_locale("zh-Hans")  # asked in Chinese, whatever the test reads in now
    try:
        pending = [text for text in prose if rubric_text(text) == text]
        pending += [text.upper() for text in pending]  # a band is also shown in capitals ("★★★ GOLD")
        pending += [key for key, item in (*rubric.dimensions.items(), *rubric.patterns.items()) if rubric_text(item.title) == item.title]
    finally:
        use_locale(before)
    return sorted(set(pending), key=len, reverse=True)


def screen_text(app: DojoApp) -> str:
    """What the terminal shows now, row by row (from the SVG export, markup removed)."""
    svg = app.export_screenshot()
    rows = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", row) for row in rows)).replace("\xa0", " ")


def widget_texts(app: DojoApp) -> list[str]:
    """The whole text of every Static of the screen (also out of sight), and every border title."""
    texts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static):
            texts.extend(plain(widget.content))
        for title in (widget.border_title, widget.border_subtitle):
            if title:
                texts.extend(plain(title))
    return texts


def plain(content: object) -> list[str]:
    """The words of a widget's content: a string, rich or Textual text, our drawings, or a group of them."""
    if isinstance(content, str):
        return [content]
    if hasattr(content, "plain"):
        return [str(content.plain)]
    return [text for part in getattr(content, "renderables", ()) for text in plain(part)]


class Walk:
    """The English words found on each screen of a walk, with what is allowed."""

    def __init__(self, pack: list[Entry]):
        self.allowed = NAMES | KEYS | codes()
        self.prose = untranslated_rubric_prose()
        self.prose_words = {word.casefold() for text in self.prose for word in WORD.findall(text)}
        self.found: dict[str, set[str]] = {}

    def english(self, text: str, rubric_words: bool) -> set[str]:
        """The ASCII words of `text` that are no name or code (nor, on a screen with rubric prose, a word of it)."""
        words = set(WORD.findall(text)) - self.allowed
        return {word for word in words if not (rubric_words and self.in_prose(word))}

    @staticmethod
    def without(text: str, phrases: list[str]) -> str:
        """`text` with each of `phrases` (codes, untranslated rubric prose) taken out whole."""
        for phrase in phrases:
            text = text.replace(phrase, " ")
        return text

    def in_prose(self, word: str) -> bool:
        """True for a word of the untranslated rubric prose, or a piece of one the screen wrapped ('re' of 'resolution')."""
        folded = word.casefold()
        return folded in self.prose_words or any(folded in prose for prose in self.prose_words)

    def look(self, app: DojoApp, name: str, rubric: bool = False) -> None:
        """Read screen `name` twice: on screen (wrapped), and each widget whole, minus the rubric's untranslated prose."""
        found = self.english(screen_text(app), rubric)  # a reply's id is English too: the debrief names replies by their words
        for text in widget_texts(app):
            found |= self.english(self.without(text, self.prose), False)
        if found:
            self.found[name] = found


def chinese_app(tmp_path: Path, pack: list[Entry], settings: Settings = Settings(reduced_motion=True)) -> DojoApp:
    """`dojo play --locale zh-Hans` on the Chinese pack, for a trainee not seen before (the welcome comes first)."""
    path = tmp_path / "settings.json"
    save_settings(path, settings)
    return DojoApp(pack, store=open_store(str(tmp_path / "dojo.db")), settings_path=path, seed=0, locale="zh-Hans")


async def settle(pilot, seconds: float = 0.0) -> None:
    """Let screens, workers (the boards) and refreshes finish."""
    await pilot.pause(seconds)
    await pilot.pause()


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_flagship_played_in_chinese_shows_no_english_on_any_screen(tmp_path, size):
    """Welcome, list, help, settings, boards, practice play with coaching and the debrief show no English word."""
    pack = chinese_pack()
    assert pack[0].scenario.id == FLAGSHIP
    walk = Walk(pack)
    app = chinese_app(tmp_path, pack)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and active_locale() == "zh-Hans"
        walk.look(app, "welcome")
        await press_all(pilot, [*PLAYER, "enter"])
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        walk.look(app, "picker", rubric=True)  # the skills a scenario trains are the rubric's skill names
        for key, name in (("question_mark", "help"), ("s", "settings"), ("ctrl+p", "command palette")):
            await press_all(pilot, [key])
            await settle(pilot)
            walk.look(app, name, rubric=True)  # over the list, whose skills show around it
            await press_all(pilot, ["escape"])
        app.search_themes()  # the palette's Theme command: every colour theme by its name
        await settle(pilot, 0.3)
        walk.look(app, "theme list", rubric=True)
        await press_all(pilot, ["escape"])
        await settle(pilot)
        await press_all(pilot, ["l"])
        await settle(pilot, 0.3)
        walk.look(app, "boards")
        await press_all(pilot, ["q", "enter"])
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        walk.look(app, "play", rubric=True)
        await press_all(pilot, ["1"])
        await settle(pilot)
        walk.look(app, "play with coaching", rubric=True)
        for key, name in (("question_mark", "help over play"), ("s", "settings over play")):
            await press_all(pilot, [key])
            await settle(pilot)
            walk.look(app, name, rubric=True)  # over the coaching, which shows around it
            await press_all(pilot, ["escape"])
        for _turn in range(40):
            if not isinstance(app.screen, PlayScreen):
                break
            await press_all(pilot, ["1"])
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        walk.look(app, "debrief", rubric=True)
    app.store.close()
    assert walk.found == {}, "\n".join(f"{name}: {sorted(words)}" for name, words in walk.found.items())


@pytest.mark.asyncio
async def test_the_language_setting_switches_the_game_at_once(tmp_path):
    """Picking 简体中文 in the settings redraws the list and its footer in Chinese at once; automatic brings English back."""
    from textual.widgets import Select

    from tests.test_tui_app import make_app

    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Filter by skill" in screen_text(app)
        await press_all(pilot, ["s"])
        app.screen.query_one("#language", Select).value = "zh-Hans"
        await settle(pilot)
        assert active_locale() == "zh-Hans" and app.settings.language == "zh-Hans"
        await press_all(pilot, ["escape"])
        await settle(pilot)
        shown = screen_text(app)
        assert "按技能筛选" in shown and "Filter by skill" not in shown
        await press_all(pilot, ["s"])
        app.screen.query_one("#language", Select).value = ""
        await settle(pilot)
        await press_all(pilot, ["escape"])
        await settle(pilot)
        assert active_locale() == "en" and "Filter by skill" in screen_text(app)
    app.store.close()
    assert load_settings(tmp_path / "settings.json").language == ""


@pytest.mark.asyncio
async def test_changing_the_language_during_a_run_redraws_it_and_the_replies_keep_the_focus(tmp_path):
    """Chinese picked in the settings over a run: the run is drawn again in Chinese, as far as it got, and its replies still answer."""
    from textual.widgets import Select

    from game.tui.widgets.replies import ReplyList
    from tests.test_tui_app import make_app

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press_all(pilot, ["1", "s"])
        app.screen.query_one("#language", Select).value = "zh-Hans"
        await settle(pilot)
        await press_all(pilot, ["escape"])
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and isinstance(app.focused, ReplyList)
        shown = screen_text(app)
        assert "第 2 轮" in shown and "保存并离开" in shown and "Save & leave" not in shown
        await press_all(pilot, ["enter"])
        assert len(app.screen.playthrough.session.turns) == 2
    app.store.close()


@pytest.mark.asyncio
async def test_automatic_follows_the_scenario_while_it_is_played(tmp_path):
    """With the Language setting automatic, a scenario written in Chinese plays in a Chinese game; the list is English again after."""
    from tests.test_tui_play import chinese_app as written_in_chinese

    app = written_in_chinese(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and active_locale() == "zh-Hans"
        assert "保存并离开" in screen_text(app)
        await press_all(pilot, ["q"])
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen) and active_locale() == "en"
        assert "Filter by skill" in screen_text(app)
    app.store.close()


@pytest.mark.asyncio
async def test_the_locale_option_overrides_the_language_setting(tmp_path):
    """`--locale zh-Hans` shows Chinese even when the settings ask for English."""
    pack = chinese_pack()
    app = chinese_app(tmp_path, pack, Settings(player=PLAYER, reduced_motion=True, language="en"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen) and active_locale() == "zh-Hans"
        assert "按技能筛选" in screen_text(app)
    app.store.close()


def flagship_app(tmp_path: Path) -> DojoApp:
    """`dojo play --locale zh-Hans angry-shoe-buyer`, remembered player, no motion."""
    pack = chinese_pack()
    path = tmp_path / "settings.json"
    save_settings(path, Settings(player=PLAYER, reduced_motion=True))
    return DojoApp(pack, start=pack[0], store=open_store(str(tmp_path / "dojo.db")), settings_path=path, seed=0, locale="zh-Hans")


def test_play_screen_snapshot_of_a_flagship_in_chinese_at_80_by_24(tmp_path, snap_compare):
    """At 80x24 the flagship after one reply: the game's words, the coaching and the replies in Chinese, nothing cut."""
    app = flagship_app(tmp_path)
    try:
        assert snap_compare(app, press=["1", "_"], terminal_size=(80, 24))
    finally:
        app.store.close()
        use_locale("en")


@pytest.mark.asyncio
async def test_text_captures_of_the_flagship_in_chinese(tmp_path):
    """Pilot text captures (no tmux) of the play screen at both sizes hold the Chinese footer, top bar and coaching."""
    for size in SIZES:
        folder = tmp_path / f"{size[0]}x{size[1]}"
        folder.mkdir()
        app = flagship_app(folder)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await press_all(pilot, ["1"])
            await settle(pilot)
            shown = screen_text(app)
        app.store.close()
        for words in ("保存并离开", "第 2 轮", "练习", "教练", "你的回复"):
            assert words in shown, (size, words)
