"""The window game's app (game/gui/app.py): whole runs by posted events, resize, fullscreen, undo, resume.

Headless with SDL's dummy drivers. `make_app` is shared with the other GUI test files: the
bundled pack, a settings file and database in tmp_path, a fixed seed, reduced motion (so
lines show at once and nothing fades). `drive` posts events and runs frames with a fixed
time step, as fast as the machine allows.
"""

from __future__ import annotations

import os
import re

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from functools import lru_cache
from pathlib import Path

import pygame
import pytest
import yaml

from game.engine.session import Session
from game.gui.app import GuiApp
from game.gui.screens.debrief import DebriefScreen
from game.gui.screens.picker import PickerScreen
from game.gui.screens.play import PlayScreen
from game.gui.screens.resume import ResumeScreen
from game.i18n import active_locale, rubric_text, use_locale
from game.play.catalog import Entry, load_folder
from game.play.settings import Settings, load_settings, save_settings
from game.store.db import open_store
from game.store.runs import list_runs
from scenarios import BUNDLED_DIR
from scoring.rubric import default_rubric
from tests.gui_helpers import drawn_by, drawn_words

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
STEP = 1 / 60


@lru_cache(maxsize=1)
def bundled() -> tuple[Entry, ...]:
    """The bundled pack, loaded once per test process."""
    entries, problems = load_folder(BUNDLED_DIR, default_rubric())
    assert not problems
    return tuple(entries)


def entry(scenario_id: str) -> Entry:
    """One bundled scenario."""
    return next(item for item in bundled() if item.scenario.id == scenario_id)


def golden(scenario_id: str, name: str = "best") -> tuple[list[str], str | None]:
    """A golden path's reply ids and the band it must earn (tests/golden/<id>.yaml)."""
    data = yaml.safe_load((GOLDEN / f"{scenario_id}.yaml").read_text(encoding="utf-8"))
    path = next(item for item in data["paths"] if item["name"] == name)
    return list(path["choices"]), path["band"]


def make_app(
    tmp_path: Path,
    start: Entry | None = None,
    *,
    mode: str = "practice",
    player: str | None = "Dana",
    settings: Settings | None = None,
    size: tuple[int, int] = (1280, 720),
    store: bool = True,
) -> GuiApp:
    """An open app on tmp_path's settings file (and database), started on `start`."""
    path = tmp_path / "settings.json"
    if not path.exists():
        save_settings(path, settings or Settings(reduced_motion=True))
    app = GuiApp(
        list(bundled()),
        start=start,
        store=open_store(str(tmp_path / "dojo.db")) if store else None,
        mode=mode,  # type: ignore[arg-type]
        player=player,
        settings_path=path,
        seed=0,
        size=size,
    )
    app.open()
    app.frame(STEP)
    return app


def close(app: GuiApp) -> None:
    """Close the window and the store."""
    app.close()
    if app.store is not None:
        app.store.close()


def drive(app: GuiApp, *events: pygame.event.Event, frames: int = 2) -> None:
    """Post `events` one at a time, each followed by a few frames."""
    for event in events:
        pygame.event.post(event)
        for _ in range(frames):
            app.frame(STEP)


def key(code: int, text: str = "", mod: int = 0) -> pygame.event.Event:
    """A key press."""
    return pygame.event.Event(pygame.KEYDOWN, key=code, unicode=text, mod=mod, scancode=0)


def click(pos: tuple[int, int]) -> pygame.event.Event:
    """A left click at `pos`."""
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)


def number_key(screen: PlayScreen, choice: str) -> pygame.event.Event:
    """The number key that makes reply `choice` on the play screen now."""
    number = [reply.id for reply in screen.playthrough.session.replies].index(choice) + 1
    return key(pygame.K_0 + number, str(number))


def test_a_whole_run_by_keys_and_clicks_reaches_the_golden_band(tmp_path):
    """The golden best path, made alternately by number keys and clicks on the buttons, ends on the debrief with its band."""
    choices, band = golden("careless-remark")
    app = make_app(tmp_path, entry("careless-remark"))
    try:
        for index, choice in enumerate(choices):
            screen = app.top()
            assert isinstance(screen, PlayScreen), f"left the play screen before reply {index + 1}"
            if index % 2:
                button = [reply.id for reply in screen.playthrough.session.replies].index(choice)
                drive(app, click(screen.replies.buttons[button].rect.center))
            else:
                drive(app, number_key(screen, choice))
        debrief = app.top()
        assert isinstance(debrief, DebriefScreen)
        assert debrief.band == band == "Gold"
        runs = list_runs(app.store, player="Dana")
        assert [run.band for run in runs] == ["Gold"]
    finally:
        close(app)


def test_arrows_and_enter_make_the_focused_reply(tmp_path):
    """Down then Enter makes the second reply on offer."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        screen = app.top()
        second = screen.playthrough.session.replies[1].id
        drive(app, key(pygame.K_DOWN), key(pygame.K_RETURN))
        assert screen.playthrough.session.turns[0].choice.id == second
    finally:
        close(app)


def test_undo_takes_back_a_reply_in_practice_only(tmp_path):
    """u undoes in practice; in ranked it changes nothing and says why."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        drive(app, key(pygame.K_1, "1"), key(pygame.K_u, "u"))
        assert app.top().playthrough.session.turns == ()
    finally:
        close(app)
    (tmp_path / "ranked").mkdir()
    ranked = make_app(tmp_path / "ranked", entry("late-birthday-parcel"), mode="ranked")
    try:
        drive(ranked, key(pygame.K_1, "1"), key(pygame.K_u, "u"))
        assert len(ranked.top().playthrough.session.turns) == 1
        assert ranked.notice is not None and "no undo" in ranked.notice[0]
    finally:
        close(ranked)


def test_escape_saves_and_the_next_start_offers_to_resume(tmp_path):
    """Esc after a reply goes back to the list; playing it again asks, and y resumes where it was."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        drive(app, key(pygame.K_1, "1"), key(pygame.K_ESCAPE))
        picker = app.top()
        assert isinstance(picker, PickerScreen)
        picker.select("late-birthday-parcel")
        drive(app, key(pygame.K_RETURN))
        assert isinstance(app.top(), ResumeScreen)
        drive(app, key(pygame.K_y, "y"))
        assert isinstance(app.top(), PlayScreen) and len(app.top().playthrough.session.turns) == 1
    finally:
        close(app)


def test_a_typing_line_is_shown_whole_by_a_key_which_makes_no_reply(tmp_path):
    """With typing on, the first key shows the line; only the next one answers."""
    app = make_app(tmp_path, entry("late-birthday-parcel"), settings=Settings(text_speed="slow"))
    try:
        screen = app.top()
        assert not screen.speech.done
        drive(app, key(pygame.K_1, "1"))
        assert screen.speech.done and screen.playthrough.session.turns == ()
        drive(app, key(pygame.K_1, "1"))
        assert len(screen.playthrough.session.turns) == 1
    finally:
        close(app)


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080), (640, 900)])
def test_resizing_lays_the_play_screen_out_again(tmp_path, size):
    """After a resize every reply button lies inside the window, below the bubble, without overlapping."""
    app = make_app(tmp_path, entry("angry-shoe-buyer"))
    try:
        drive(app, pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
        assert app.surface.get_size() == size
        screen = app.top()
        window = pygame.Rect((0, 0), size)
        rects = [button.rect for button in screen.replies.buttons]
        assert rects and all(window.contains(rect) for rect in rects)
        assert all(rect.top >= screen.bubble.bottom for rect in rects)
        assert all(not a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
        assert rects[-1].bottom <= screen.view.footer.top
    finally:
        close(app)


def test_f11_toggles_fullscreen_and_remembers_it(tmp_path):
    """F11 switches fullscreen on and the setting is saved; F11 again switches it off."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        drive(app, key(pygame.K_F11))
        assert app.fullscreen and load_settings(tmp_path / "settings.json").fullscreen
        drive(app, key(pygame.K_F11))
        assert not app.fullscreen and app.surface.get_size() == (1280, 720)
    finally:
        close(app)


def test_a_new_trainee_gives_a_name_first(tmp_path):
    """With no remembered name the profile screen shows; a typed name is remembered for next time."""
    app = make_app(tmp_path, player=None)
    try:
        profile = app.top()
        assert profile.name == "profile"
        drive(app, key(pygame.K_RETURN))
        assert profile.error  # an empty name is refused
        profile.set_field("name", "Wu <b>Dana</b>")
        drive(app, key(pygame.K_RETURN))
        assert isinstance(app.top(), PickerScreen)
        assert load_settings(tmp_path / "settings.json").player == "Wu <b>Dana</b>"
    finally:
        close(app)


def test_quit_event_ends_the_loop(tmp_path):
    """Closing the window stops the app with exit code 0."""
    app = make_app(tmp_path)
    try:
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        assert app.frame(STEP) is False and app.exit_code == 0
    finally:
        close(app)


def test_an_idle_screen_draws_nothing(tmp_path, monkeypatch):
    """Once the play screen is still (reduced motion), frames neither flip nor update the display."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        drive(app, frames=3)
        calls = []
        monkeypatch.setattr(pygame.display, "flip", lambda: calls.append("flip"))
        monkeypatch.setattr(pygame.display, "update", lambda *a: calls.append("update"))
        for _ in range(10):
            app.frame(STEP)
        assert calls == []
    finally:
        close(app)


def test_session_and_scores_come_from_the_session(tmp_path):
    """The debrief's percent is the Session's own scorecard percent (the front end computes none)."""
    choices, band = golden("careless-remark", "owned-the-slip")
    app = make_app(tmp_path, entry("careless-remark"), store=False)
    try:
        for choice in choices:
            drive(app, number_key(app.top(), choice))
        debrief = app.top()
        reference = Session(entry("careless-remark").scenario, seed=0)
        for choice in choices:
            reference.choose(choice)
        assert debrief.card.percent == reference.scorecard().percent and debrief.band == band == "Silver"
    finally:
        close(app)


# The window game in Chinese (issue #18) -------------------------------------------------------

FLAGSHIP = "late-birthday-parcel"  # a flagship scenario with a complete Chinese table (scenarios/zh-Hans/)
# Names and key names stay as they are in every language (docs/translating.md).
NAMES = {"Service", "Dojo", "Enter", "Esc", "Tab", "Shift", "Ctrl", "PgUp", "PgDn", "F11"}
CODE = re.compile(r"\b(?:[A-Z]{2,5}-\d+|DOJO\d+)\b")
ASCII_RUN = re.compile(r"[A-Za-z][ -~]*[A-Za-z.)]|[A-Za-z]")  # a stretch of Latin text inside a line
LEADING_FIGURES = re.compile(r"^(?:[+\-−]?\d+%?\s+|[A-Z]{2,5}-\d+\s+)+")


@lru_cache(maxsize=1)
def chinese_pack() -> tuple[Entry, ...]:
    """The bundled scenarios that have a complete Chinese table, in Chinese."""
    entries, problems = load_folder(BUNDLED_DIR, default_rubric(), "zh-Hans")
    assert not problems
    return tuple(item for item in entries if item.scenario.locale == "zh-Hans")


@lru_cache(maxsize=1)
def rubric_prose() -> tuple[str, ...]:
    """Every text of the rubric's own catalog (its titles, explanations and band names)."""
    from game.i18n.catalogs import extract

    return tuple(str(message.id) for message in extract("rubric") if message.id)


def untranslated_rubric(text: str) -> bool:
    """True when `text` is (part of a line of) rubric prose the rubric catalog does not translate yet.

    The rubric's prose is its own domain, translated separately (`rubric_text`); until it is,
    its English is no fault of the window game's.
    """
    return any(text in prose and rubric_text(prose) == prose for prose in rubric_prose())


def english_words(line: str, player: str) -> list[str]:
    """The Latin words of 2+ letters in a drawn line that are not names, codes or untranslated rubric prose."""
    found = []
    for run in ASCII_RUN.findall(CODE.sub(" ", line.replace(player, " "))):
        stripped = LEADING_FIGURES.sub("", run.strip(" ,.;:·"))
        if untranslated_rubric(stripped.rstrip("…")) or untranslated_rubric(run.strip()):
            continue
        found.extend(word for word in re.findall(r"[A-Za-z]{2,}", run) if word not in NAMES)
    return found


def chinese_app(tmp_path: Path, start: Entry | None = None, player: str | None = "小林", mode: str = "practice") -> GuiApp:
    """An open window game in Chinese on the Chinese scenarios, at 1280x720."""
    path = tmp_path / "settings.json"
    if not path.exists():
        save_settings(path, Settings(reduced_motion=True))
    app = GuiApp(list(chinese_pack()), start=start, store=open_store(str(tmp_path / "dojo.db")), mode=mode,  # type: ignore[arg-type]
                 player=player, settings_path=path, seed=0, size=(1280, 720), asked_locale="zh-Hans")
    app.open()
    app.frame(STEP)
    return app


class Walk:
    """Every line each screen draws (with the screen below a dialog, and any notice), by screen name."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}

    def look(self, app: GuiApp, label: str) -> None:
        """Settle the top screen, then draw the whole window once and keep its lines."""
        for _frame in range(3):
            app.frame(STEP)
        settle = getattr(app.top(), "settle", None)
        if settle is not None:
            settle()
            app.frame(STEP)
        assert app.surface is not None
        self.lines[label] = [item.text for item in drawn_by(app._draw_stack, app.surface.get_size())]


def walk_in_chinese(tmp_path: Path) -> Walk:
    """Welcome, picker, quit question, help, settings, boards, profile, a practice run (each turn and
    the debrief), the resume offer and a notice, a ranked run and its boards: all in Chinese."""
    use_locale("zh-Hans")
    flagship = next(item for item in chinese_pack() if item.scenario.id == FLAGSHIP)
    walk = Walk()
    app = chinese_app(tmp_path, player=None)
    walk.look(app, "welcome")
    close(app)
    app = chinese_app(tmp_path)
    walk.look(app, "picker")
    drive(app, key(pygame.K_ESCAPE))
    walk.look(app, "quit question")
    drive(app, key(pygame.K_n, "n"))
    for code, text, label in ((pygame.K_SLASH, "?", "help"), (pygame.K_s, "s", "settings"), (pygame.K_l, "l", "boards")):
        drive(app, key(code, text))
        walk.look(app, label)
        drive(app, key(pygame.K_ESCAPE))
    app.show_profile()
    walk.look(app, "profile")
    drive(app, key(pygame.K_ESCAPE))
    choices, _band = golden(FLAGSHIP)
    app.begin(flagship)
    for turn, choice in enumerate(choices, start=1):
        walk.look(app, f"play turn {turn}")
        drive(app, number_key(app.top(), choice))  # type: ignore[arg-type]
    walk.look(app, "debrief")
    drive(app, key(pygame.K_r, "r"))
    drive(app, number_key(app.top(), choices[0]), key(pygame.K_ESCAPE))  # type: ignore[arg-type]
    walk.look(app, "notice")
    app.begin(flagship)
    walk.look(app, "resume")
    drive(app, key(pygame.K_n, "n"), key(pygame.K_ESCAPE))
    drive(app, key(pygame.K_m, "m"))
    app.begin(flagship)
    if isinstance(app.top(), ResumeScreen):
        drive(app, key(pygame.K_n, "n"))
    for choice in choices:
        drive(app, number_key(app.top(), choice))  # type: ignore[arg-type]
    walk.look(app, "ranked debrief")
    drive(app, key(pygame.K_ESCAPE), key(pygame.K_l, "l"))
    for tab in range(3):
        walk.look(app, f"boards tab {tab + 1}")
        drive(app, key(pygame.K_TAB))
    close(app)
    return walk


def test_every_window_screen_in_chinese_shows_no_english_words(tmp_path):
    """Every screen of a Chinese run draws no English word of 2+ letters but names, codes and rubric prose still untranslated."""
    walk = walk_in_chinese(tmp_path)
    assert {"welcome", "picker", "help", "settings", "boards", "profile", "debrief", "resume", "boards tab 3"} <= set(walk.lines)
    english = {
        f"{label}: {line!r}": words
        for label, lines in walk.lines.items()
        for line in lines
        if (words := english_words(line, "小林"))
    }
    assert not english, "\n".join(f"{where} -> {words}" for where, words in english.items())


def test_every_character_drawn_in_chinese_has_a_glyph_in_the_font(tmp_path):
    """No tofu: the bundled font has a glyph for every character any screen draws in Chinese."""
    import pygame.freetype

    from game.gui.fonts import font_path

    walk = walk_in_chinese(tmp_path)
    pygame.freetype.init()
    faces = [pygame.freetype.Font(str(font_path(bold)), 20) for bold in (False, True)]
    drawn = {char for lines in walk.lines.values() for line in lines for char in line if not char.isspace()}
    assert any("\u4e00" <= char <= "\u9fff" for char in drawn)
    missing = sorted(char for char in drawn for face in faces if face.get_metrics(char) == [None])
    assert not missing, f"no glyph for {missing}"


def test_a_language_setting_draws_every_open_screen_again_in_it(tmp_path):
    """Once a Language setting of zh-Hans (Settings.language) is applied, the picker and the settings box over it draw in Chinese, laid out anew."""
    app = make_app(tmp_path)
    try:
        drive(app, key(pygame.K_s, "s"))
        assert "Settings" in [item.text for item in drawn_by(app._draw_stack, (1280, 720))]
        app.change_settings(language="zh-Hans")
        assert active_locale() == app.locale == "zh-Hans"
        words = [item.text for item in drawn_by(app._draw_stack, (1280, 720))]
        assert "设置" in words and "Settings" not in words
        assert any(text.startswith("↑↓ 移动") for text in words)  # the picker under the settings box
        picker = app.stack[0]
        assert isinstance(picker, PickerScreen)
        assert picker.actions.buttons[0].label == "开始  ▶"
        app.change_settings(language="")  # automatic again: the system's, English here
        assert active_locale() == app.locale == "en" and picker.actions.buttons[0].label == "Play  ▶"
    finally:
        close(app)


def test_the_locale_asked_for_beats_the_setting_and_the_scenario(tmp_path):
    """asked_locale (--locale) wins over a Language setting; without either the locale follows the start scenario, else the system's."""
    path = tmp_path / "settings.json"
    save_settings(path, Settings(reduced_motion=True, language="en"))
    assert GuiApp(list(bundled()), settings_path=path, player="Dana", asked_locale="zh-Hans").locale == "zh-Hans"
    assert GuiApp(list(bundled()), settings_path=path, player="Dana").locale == "en"
    save_settings(path, Settings(reduced_motion=True))
    chinese = next(item for item in chinese_pack() if item.scenario.id == FLAGSHIP)
    assert GuiApp([chinese], settings_path=path, player="Dana", start=chinese).locale == "zh-Hans"
    assert GuiApp(list(bundled()), settings_path=path, player="Dana", start=entry(FLAGSHIP)).locale == "en"


def test_on_automatic_the_window_follows_the_scenario_played(tmp_path):
    """With no language asked or set, a Chinese scenario plays in a Chinese window and the list is English again after it."""
    chinese = next(item for item in chinese_pack() if item.scenario.id == FLAGSHIP)
    app = make_app(tmp_path)
    try:
        assert active_locale() == "en"
        app.begin(chinese)
        drive(app, key(pygame.K_1, "1"))
        assert active_locale() == "zh-Hans" and isinstance(app.top(), PlayScreen)
        assert any("第 2 轮" in item.text for item in drawn_words(app))
        drive(app, key(pygame.K_ESCAPE))
        assert isinstance(app.top(), PickerScreen) and active_locale() == "en"
        assert any(item.text.startswith("↑↓ move") for item in drawn_words(app))
    finally:
        close(app)
