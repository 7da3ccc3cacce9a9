"""`dojo play` (game/commands/play_cmd.py): clear errors before the screen, and a real run in tmux.

The end-to-end test drives the real command in a tmux pane as a person would (keys in,
screen text out). It needs tmux (Debian: `apt-get install tmux`) and is skipped without it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.store.db import open_store
from game.store.runs import list_runs
from game.play.settings import Settings, save_settings
from tests.test_tui_app import BEST, entry

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "scenarios" / "late-birthday-parcel.yaml"
TMUX = shutil.which("tmux")


def test_a_missing_scenario_is_one_message_and_exit_2(tmp_path, capsys):
    """A scenario file that does not exist fails before the screen is touched, with no traceback."""
    code = main(["play", str(tmp_path / "nope.yaml"), "--db", str(tmp_path / "dojo.db")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("dojo play:") and "cannot read" in err and "Traceback" not in err


def test_a_blank_player_name_is_refused(tmp_path, capsys):
    """--player with only spaces is a usage error."""
    assert main(["play", str(EXAMPLE), "--player", "  ", "--db", str(tmp_path / "dojo.db")]) == 2
    assert "cannot be empty" in capsys.readouterr().err


def test_other_commands_never_load_textual():
    """Building the parser and running lint leave textual unimported."""
    script = (
        "import sys\n"
        "from game.cli import main\n"
        f"main(['lint', {str(EXAMPLE)!r}])\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


SOCKET = f"dojo-test-{os.getpid()}"  # a private tmux server: the user's sessions are never touched


def tmux(*args: str, check: bool = True) -> str:
    """Run a command on the private tmux server (no user config); its stdout."""
    command = [TMUX, "-L", SOCKET, "-f", os.devnull, *args]
    return subprocess.run(command, capture_output=True, text=True, check=check).stdout


def wait_for(session: str, *patterns: str, timeout: float = 60.0) -> str:
    """Poll the pane until every regex matches at once; the screen's text (a hang guard: fails with the last screen)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if all(re.search(pattern, screen) for pattern in patterns):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{patterns!r} did not all appear within {timeout:g} s; the screen was:\n{screen}")


def key_on_screen(screen: str, reply_id: str) -> str:
    """The number key the screen shows beside reply `reply_id` (found by the start of any of its wordings)."""
    node = entry().scenario.nodes
    choice = next(choice for item in node.values() for choice in item.choices if choice.id == reply_id)
    for _, text in choice.wordings:
        found = re.search(rf"\b([1-9])\s+{re.escape(text[:24])}", screen)
        if found:
            return found.group(1)
    raise AssertionError(f"reply {reply_id!r} is not on the screen:\n{screen}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (Debian: apt-get install tmux)")
def test_dojo_play_in_tmux_best_path_to_gold(tmp_path):
    """Start `dojo play`, make the best replies by the numbers the screen shows them under (the order is the run's seed's), read GOLD, quit; the run is stored."""
    session = f"dojo-e2e-{os.getpid()}"
    db = tmp_path / "dojo.db"
    # Lines appear whole, so a key sent as soon as the turn changes makes a reply (the
    # typewriter, which swallows a key to show the line, has its own Pilot tests).
    save_settings(tmp_path / "config" / "service-dojo" / "settings.json", Settings(text_speed="instant"))
    command = " ".join(
        [
            "env",
            "-u COLUMNS -u LINES",  # pytest's own terminal size must not leak into the pane
            f"XDG_CONFIG_HOME={shlex.quote(str(tmp_path / 'config'))}",
            f"DOJO_DB={shlex.quote(str(db))}",
            shlex.quote(sys.executable),
            "-m game.cli play",
            shlex.quote(str(EXAMPLE)),
            "--player Tess",
        ]
    )
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-c", str(REPO), command)
    tmux("resize-window", "-t", session, "-x", "120", "-y", "40", check=False)
    try:
        screen = wait_for(session, "Your reply", "Save & leave", "The bike that missed the party  ·  ")
        assert "PRACTICE" in screen and "Mr Okafor" in screen and "Anger 65/100" in screen
        for turn, reply_id in enumerate(BEST[:-1], start=2):
            tmux("send-keys", "-t", session, key_on_screen(screen, reply_id))
            screen = wait_for(session, rf"turn {turn}\b")
        tmux("send-keys", "-t", session, key_on_screen(screen, BEST[-1]))
        screen = wait_for(session, "GOLD", "Overall 100%")
        assert "A bell on the handlebars" in screen
        tmux("send-keys", "-t", session, "q")
        wait_for(session, "Your best")
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 60  # a hang guard: quitting takes a moment
        while time.monotonic() < deadline and session in tmux("list-sessions", "-F", "#{session_name}", check=False):
            time.sleep(0.1)
        assert session not in tmux("list-sessions", "-F", "#{session_name}", check=False), "q did not quit within 60 s"
    finally:
        tmux("kill-server", check=False)
    store = open_store(str(db))
    try:
        assert [(run.player, run.band, run.mode) for run in list_runs(store)] == [("Tess", "Gold", "practice")]
    finally:
        store.close()


def test_play_command_modes_are_the_session_modes():
    """`dojo play --mode` offers exactly the Session's modes (spelled in play_cmd to keep start-up light)."""
    from game.commands import play_cmd
    from game.engine.session import MODES

    assert tuple(play_cmd.MODES) == tuple(MODES)


def test_watch_needs_an_existing_scenario_file(tmp_path, capsys):
    """`dojo play --watch` without a file, or with a missing one, is one message and exit 2."""
    assert main(["play", "--watch"]) == 2
    assert "--watch needs the scenario file" in capsys.readouterr().err
    assert main(["play", "--watch", str(tmp_path / "nope.yaml")]) == 2
    err = capsys.readouterr().err
    assert "nope.yaml: no such file to watch" in err and "Traceback" not in err


def test_quitting_reports_runs_that_had_to_be_written_to_a_file(monkeypatch, capsys):
    """At quit, a run the store would not take is handed to save_or_spill, whose line is printed; the store is closed."""
    from game.commands.common import close_after_play

    closed = []

    class Store:
        def close(self):
            closed.append(True)

    monkeypatch.setattr("game.play.playthrough.save_or_spill", lambda store: "cannot save to x: the disk is full; written to ./dojo-unsaved.json")
    close_after_play(Store(), "play")
    assert "dojo play: cannot save to x" in capsys.readouterr().err and closed == [True]


def test_play_locale_starts_a_scenario_in_the_language_of_its_table(tmp_path, capsys):
    """--locale zh-Hans loads a named scenario through its complete table; one without a table is refused before the screen (exit 2)."""
    from game.commands.play_cmd import _start_entry

    flagship = REPO / "scenarios" / "angry-shoe-buyer.yaml"
    assert _start_entry(str(flagship), "zh-Hans").scenario.title == "淋过雨的皮鞋"
    lonely = tmp_path / "lonely.yaml"
    lonely.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["play", str(lonely), "--locale", "zh-Hans"]) == 2
    err = capsys.readouterr().err  # said in the language asked for, naming the table and the command that checks it
    assert err.startswith(f"dojo play: {lonely} ") and f"dojo strings check {tmp_path / 'zh-Hans' / 'lonely.csv'}" in err


def test_play_locale_shows_the_game_itself_in_that_language(monkeypatch):
    """`dojo play --locale zh-Hans` hands the locale to the app, whose game then picks Chinese whatever the settings say."""
    from game.tui.app import DojoApp

    chosen = []
    monkeypatch.setattr(DojoApp, "run", lambda app: chosen.append(app.controller.language(None)))
    assert main(["play", "--locale", "zh-Hans"]) == 0
    assert chosen == ["zh-Hans"]
