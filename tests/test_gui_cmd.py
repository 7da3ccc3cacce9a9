"""`dojo gui` (game/commands/gui_cmd.py): inputs checked before a window opens, and autoplay with screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.commands.common import CommandError
from game.commands.gui_cmd import parse_size
from tests.conftest import run_cli
from tests.test_gui_app import golden

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "scenarios" / "careless-remark.yaml"


@pytest.fixture(autouse=True)
def headless(monkeypatch, tmp_path):
    """Dummy video and audio, and a settings folder of the test's own."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def gui(capsys, tmp_path, *argv: str) -> tuple[int, str, str]:
    """Run `dojo gui` in-process on tmp_path's database."""
    return run_cli(capsys, "gui", *argv, "--db", str(tmp_path / "dojo.db"))


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["nope.yaml"], "cannot read"),
        ([str(SCENARIO), "--autoplay", "big-decision,no-such-reply"], "choice 2"),
        ([str(SCENARIO), "--autoplay", "1,99"], "no reply 99"),
        ([str(SCENARIO), "--autoplay", "big-decision"], "before an ending"),
        (["--autoplay", "1"], "needs a SCENARIO"),
        ([str(SCENARIO), "--screenshot-dir", "x"], "need --autoplay"),
        ([str(SCENARIO), "--size", "big"], "WIDTHxHEIGHT"),
        ([str(SCENARIO), "--size", "100x100"], "between"),
        ([str(SCENARIO), "--player", "   "], "cannot be empty"),
    ],
)
def test_bad_input_is_one_message_and_exit_2(capsys, tmp_path, argv, words):
    """Each bad input fails before any window with one line naming it, exit code 2, no traceback."""
    code, _, err = gui(capsys, tmp_path, *argv)
    assert code == 2 and words in err and err.startswith("dojo gui:") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_an_unwritable_screenshot_folder_is_refused(capsys, tmp_path):
    """A screenshot folder under a plain file cannot be made: one message, exit 2."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    choices, _ = golden("careless-remark")
    code, _, err = gui(capsys, tmp_path, str(SCENARIO), "--autoplay", ",".join(choices), "--screenshot-dir", str(blocker / "shots"))
    assert code == 2 and "cannot write there" in err


def test_sizes_parse():
    """'1280x720' and '800 X 600' parse; a size out of range is refused."""
    assert parse_size("1280x720") == (1280, 720) and parse_size("800 X 600") == (800, 600)
    with pytest.raises(CommandError):
        parse_size("99999x1")


def test_autoplay_saves_every_screen_and_ends_on_the_debrief(capsys, tmp_path):
    """--autoplay with --screenshot-dir saves profile, picker, help, settings, boards, each turn and the debrief; none is blank."""
    choices, _ = golden("careless-remark")
    shots = tmp_path / "shots"
    code, _, err = gui(capsys, tmp_path, str(SCENARIO), "--autoplay", ",".join(choices), "--screenshot-dir", str(shots), "--size", "800x600")
    assert (code, err) == (0, "")
    names = sorted(path.name for path in shots.iterdir())
    labels = [name[3:-4] for name in names]
    assert labels[:5] == ["profile", "picker", "help", "settings", "boards"]
    assert labels[5:-1] == [f"play-{n}" for n in range(1, len(choices) + 1)]
    assert labels[-1] == "debrief"
    for name in names:
        image = pygame.image.load(str(shots / name))
        assert image.get_size() == (800, 600)
        colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, 800, 7) for y in range(0, 600, 7)}
        assert len(colours) > 30, f"{name} looks blank"


def test_autoplay_records_nothing_and_keeps_the_settings(capsys, tmp_path):
    """An attract-mode run leaves no run in the database and no remembered player name."""
    choices, _ = golden("careless-remark")
    code, _, _ = gui(capsys, tmp_path, str(SCENARIO), "--autoplay", ",".join(choices))
    assert code == 0
    from game.store.db import open_store
    from game.store.runs import list_runs

    with open_store(str(tmp_path / "dojo.db")) as store:
        assert list_runs(store) == []
    assert not (tmp_path / "config" / "service-dojo" / "settings.json").exists()


def test_other_commands_never_load_pygame():
    """Building the parser and running lint leave pygame unimported."""
    script = f"import sys\nfrom game.cli import main\nmain(['lint', {str(SCENARIO)!r}])\nprint('pygame' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True, env={**os.environ})
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_no_display_is_one_message_and_exit_2_before_any_window(monkeypatch, capsys):
    """Without DISPLAY, WAYLAND_DISPLAY or SDL_VIDEODRIVER on Linux, `dojo gui` says so instead of running unseen."""
    import sys

    from tests.conftest import run_cli

    if not sys.platform.startswith("linux"):
        return
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run_cli(capsys, "gui", "--player", "Sam")
    assert code == 2 and "no display to open a window on" in err and "Traceback" not in err


def test_locale_zh_hans_shows_the_window_in_chinese(capsys, tmp_path, monkeypatch):
    """`dojo gui SCENARIO --locale zh-Hans` opens the window with the Chinese catalogs active and the scenario in Chinese."""
    from game.gui.app import GuiApp
    from game.i18n import active_locale

    seen: list[tuple[str, str, str]] = []

    def run(app: GuiApp) -> int:
        """Stands in for the window: notes the language the app would draw in."""
        assert app.start is not None
        seen.append((active_locale(), app.locale, app.start.scenario.locale))
        return 0

    monkeypatch.setattr(GuiApp, "run", run)
    code, _out, _err = gui(capsys, tmp_path, str(REPO / "scenarios" / "late-birthday-parcel.yaml"), "--locale", "zh-Hans", "--player", "Sam")
    assert code == 0
    assert seen == [("zh-Hans", "zh-Hans", "zh-Hans")]


def test_without_locale_an_english_scenario_keeps_the_window_english(capsys, tmp_path, monkeypatch):
    """Without --locale (and an English system), `dojo gui` on an English scenario draws in English."""
    from game.gui.app import GuiApp
    from game.i18n import active_locale

    seen: list[str] = []
    monkeypatch.setattr(GuiApp, "run", lambda app: seen.append(active_locale()) or 0)
    code, _out, _err = gui(capsys, tmp_path, str(SCENARIO), "--player", "Sam")
    assert (code, seen) == (0, ["en"])
