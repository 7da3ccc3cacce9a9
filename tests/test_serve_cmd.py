"""`dojo serve`: its options, the all-interfaces warning, its exit codes, and a clean Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from game.cli import build_parser, main
from game.commands import serve_cmd
from game.tui.serve import server as server_module
from tests.process_helpers import HANG_GUARD_S, alive
from tests.test_serve_class import wait_until


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[server_module.DojoServer]:
    """Servers `dojo serve` builds are recorded instead of listening."""
    made: list[server_module.DojoServer] = []

    def fake_serve(self: server_module.DojoServer, debug: bool = False) -> None:
        made.append(self)

    monkeypatch.setattr(server_module.DojoServer, "serve", fake_serve)
    return made


def test_defaults_are_this_machine_only_on_port_8000() -> None:
    """Without options `dojo serve` listens on 127.0.0.1:8000 in practice mode."""
    args = build_parser().parse_args(["serve"])
    assert (args.host.host, args.host.everywhere, args.port, args.mode, args.db) == ("127.0.0.1", False, 8000, "practice", None)


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_bad_port_is_one_line_and_exit_2(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A port outside 1-65535 or not a number exits 2 with one line naming it."""
    with pytest.raises(SystemExit) as leaving:
        main(["serve", "--port", port])
    assert leaving.value.code == 2
    error = capsys.readouterr().err
    assert port in error and len(error.strip().splitlines()) == 1


def test_all_interfaces_must_be_asked_for_and_warns(recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--host 0.0.0.0 listens everywhere and prints one warning line; the default prints none."""
    assert main(["serve", "--db", str(tmp_path / "a.db")]) == 0
    assert "warning" not in capsys.readouterr().err
    assert recorded[-1].host == "127.0.0.1"
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123", "--db", str(tmp_path / "a.db")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "all interfaces" in warnings[0] and "8123" in warnings[0]
    assert (recorded[-1].host, recorded[-1].port) == ("0.0.0.0", 8123)


def test_every_app_gets_the_one_store(recorded, tmp_path: Path) -> None:
    """The store is created before serving and its URL goes to every app as DOJO_DB."""
    db = tmp_path / "class.db"
    assert main(["serve", "--db", str(db), "--mode", "ranked"]) == 0
    assert db.exists()
    server = recorded[-1]
    assert server.extra_env["DOJO_DB"] == f"sqlite:///{db}"
    assert server.argv[-5:] == ["game.tui.serve.launch", "game.cli", "play", "--mode", "ranked"]


def test_serve_makes_its_pack_official_and_hands_every_app_its_seal_key(recorded, tmp_path: Path) -> None:
    """Findings 1 and 3: the served (bundled) pack becomes the store's official pack; apps get the owner's key, not their own."""
    from game.store.db import open_store
    from game.store.keys import ENV_VAR, load_key
    from game.store.official import bundled_pack, official_pack_of, pack_from_texts, same_pack, set_official
    from tests.store_helpers import MINI_TEXT

    db = tmp_path / "class.db"
    with open_store(str(db)) as store:
        set_official(store, pack_from_texts([("mini.yaml", MINI_TEXT)], bundled_pack().rubric_text))
    assert main(["serve", "--db", str(db)]) == 0
    with open_store(str(db)) as store:
        assert same_pack(official_pack_of(store), bundled_pack())
    assert recorded[-1].extra_env[ENV_VAR] == load_key().secret.decode("utf-8")


def test_an_unusable_store_fails_before_listening(recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A --db that is not a database is one message and a non-zero exit, and nothing is served."""
    junk = tmp_path / "junk.db"
    junk.write_text("not a database, just text " * 100)
    code = main(["serve", "--db", str(junk)])
    error = capsys.readouterr().err
    assert code != 0
    assert error.startswith("dojo serve: ") and "Traceback" not in error
    assert recorded == []


def test_the_all_interfaces_warning_names_only_wildcards() -> None:
    """0.0.0.0 and :: warn; 127.0.0.1 and a LAN address do not."""
    assert serve_cmd.open_all_warning(serve_cmd.listen_address("0.0.0.0"), 8000) is not None
    assert serve_cmd.open_all_warning(serve_cmd.listen_address("::"), 8000) is not None
    assert serve_cmd.open_all_warning(serve_cmd.listen_address("127.0.0.1"), 8000) is None
    assert serve_cmd.open_all_warning(serve_cmd.listen_address("192.168.1.20"), 8000) is None


def run_dojo(*args: str, tmp_path: Path) -> subprocess.Popen[str]:
    """`dojo ARGS` as a child process with its own config and data folders."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    return subprocess.Popen(
        [sys.executable, "-m", "game.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def test_a_port_in_use_is_one_message_and_exit_2(tmp_path: Path) -> None:
    """Serving on a port another program holds exits 2 saying it cannot listen, without a traceback."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        process = run_dojo("serve", "--port", str(port), "--db", str(tmp_path / "d.db"), tmp_path=tmp_path)
        _, err = process.communicate(timeout=HANG_GUARD_S)
    assert process.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err


async def open_game(port: int) -> aiohttp.ClientWebSocketResponse:
    """Connect one browser's socket (which starts one `dojo play`) and keep it open."""
    session = aiohttp.ClientSession()
    socket = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
    await socket.receive(timeout=HANG_GUARD_S)  # the first screen bytes: the app is up
    socket.session = session  # type: ignore[attr-defined]
    return socket


def app_children(server_pid: int) -> list[int]:
    """The processes whose parent is the server."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == server_pid:
                children.append(int(entry.name))
    return children


def test_ctrl_c_stops_cleanly_with_no_app_left(tmp_path: Path) -> None:
    """SIGINT with a game open: exit 0, a 'stopped' line, and the game's process is gone."""
    port = free_port()
    process = run_dojo("serve", "--port", str(port), "--db", str(tmp_path / "d.db"), tmp_path=tmp_path)
    try:
        assert process.stdout is not None
        assert "Serving Service Dojo on http://127.0.0.1:" in process.stdout.readline()
        loop = asyncio.new_event_loop()
        socket = loop.run_until_complete(open_game(port))
        apps = app_children(process.pid)
        assert apps, "no game process was started"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=HANG_GUARD_S)
        loop.run_until_complete(socket.session.close())  # type: ignore[attr-defined]
        loop.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
    assert wait_until(lambda: not any(alive(pid) for pid in apps), HANG_GUARD_S) is not None, f"the game's process outlived the server by {HANG_GUARD_S:g} s"


def test_served_players_keep_their_settings_in_the_config_folder(tmp_path, monkeypatch):
    """The class's per-player settings folder is made under the user's config folder."""
    from game.commands.serve_cmd import player_settings_folder

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = player_settings_folder()
    assert folder is not None and folder.is_dir() and folder.name == "served-players"
    assert str(folder).startswith(str(tmp_path / "config"))


@pytest.mark.parametrize("host", ["0", "0x0", "::0", "*", "0.0.0.0", "::", "0000:0000::", "0.0"])
def test_every_spelling_of_all_interfaces_warns(host: str, recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--host 0, 0x0, ::0, * and 0.0.0.0 are all parsed as all interfaces: one warning, and the bind address says so."""
    assert main(["serve", "--host", host, "--db", str(tmp_path / "a.db")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "all interfaces" in warnings[0]
    assert recorded[-1].host in ("0.0.0.0", "::")


@pytest.mark.parametrize(("host", "bound"), [("127.1", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("[::1]", "::1"), ("localhost", "localhost")])
def test_other_spellings_are_parsed_and_do_not_warn(host: str, bound: str, recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Short and hex forms of an address are parsed to the address itself; this machine only gets no warning."""
    assert main(["serve", "--host", host, "--db", str(tmp_path / "a.db")]) == 0
    assert "warning" not in capsys.readouterr().err
    assert recorded[-1].host == bound


@pytest.mark.parametrize("host", ["a" * 300, "a." * 100 + "b" * 64, "bad host!", "-x"])
def test_a_host_that_is_no_address_or_name_is_one_line(host: str, recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 300-character host, a label over 63 characters or a name with spaces: exit 2 and one line naming --host."""
    code = None
    try:
        code = main(["serve", "--host", host, "--db", str(tmp_path / "a.db")])
    except SystemExit as leaving:
        code = leaving.code
    err = capsys.readouterr().err
    assert code == 2 and "--host" in err and err.count("\n") == 1 and "Traceback" not in err
    assert recorded == []


def test_max_trainees_defaults_from_memory_and_can_be_set(recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --max-trainees the cap comes from the machine's memory; --max-trainees N sets it; 0 is refused."""
    from game.tui.serve import guard

    monkeypatch.setattr(guard, "physical_memory", lambda: 4 * 1024**3)
    assert main(["serve", "--db", str(tmp_path / "a.db")]) == 0
    assert recorded[-1].max_trainees == guard.default_max_trainees()
    assert main(["serve", "--db", str(tmp_path / "a.db"), "--max-trainees", "7"]) == 0
    assert recorded[-1].max_trainees == 7
    with pytest.raises(SystemExit) as leaving:
        main(["serve", "--max-trainees", "0"])
    assert leaving.value.code == 2


def test_a_class_locks_its_mode_and_tells_every_app_its_code(recorded, tmp_path: Path) -> None:
    """--class opens the class on the store: every app plays its mode and gets its code and name; titles work in --scenarios."""
    from game.play.class_env import CLASS_ENV, CLASS_NAME_ENV, CLASS_SCENARIOS_ENV
    from game.store.classes import find_class
    from game.store.db import open_store

    db = tmp_path / "class.db"
    args = ["serve", "--db", str(db), "--class", "September hires", "--mode", "ranked", "--scenarios", "The shoes that met the RAIN, wrong-fish-diner"]
    assert main(args) == 0
    server = recorded[-1]
    with open_store(str(db)) as store:
        found = find_class(store, "september hires")
    assert found is not None and found.scenarios == ("angry-shoe-buyer", "wrong-fish-diner") and found.mode == "ranked"
    assert server.argv[-2:] == ["--mode", "ranked"]
    assert (server.extra_env[CLASS_ENV], server.extra_env[CLASS_NAME_ENV]) == (found.code, "September hires")
    assert server.extra_env[CLASS_SCENARIOS_ENV] == "angry-shoe-buyer,wrong-fish-diner"  # each app loads only these
    assert server.desk is not None and server.announce is not None
    assert any(line.startswith("Trainees:") and f"?code={found.code}" in line for line in server.announce)
    assert any(line.startswith("Trainer:") and "/trainer?token=" in line for line in server.announce)
    assert any("this machine only" in line for line in server.announce)


def test_serving_a_class_again_keeps_its_code(recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same --class later reopens it: the same code, a new trainer secret, 'open again' on the first line."""
    db = tmp_path / "class.db"
    assert main(["serve", "--db", str(db), "--class", "Sept"]) == 0
    first = recorded[-1].announce
    assert main(["serve", "--db", str(db), "--class", "SEPT"]) == 0
    second = recorded[-1].announce
    assert first is not None and second is not None
    assert first[1] == second[1] and "open again" in second[0]
    assert [line for line in first if "token=" in line] != [line for line in second if "token=" in line]


@pytest.mark.parametrize("scenarios", ["shoes", "wrong-fish-diner,nope", ","])
def test_a_scenario_the_pack_lacks_is_one_line_and_exit_2(scenarios: str, recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--scenarios naming no scenario of the pack (or none at all) exits 2 with one line, and nothing is served."""
    code = main(["serve", "--db", str(tmp_path / "c.db"), "--class", "Sept", "--scenarios", scenarios])
    error = capsys.readouterr().err
    assert code == 2 and len(error.strip().splitlines()) == 1 and "--scenarios" in error
    assert recorded == []


def test_serve_with_lrs_sends_the_class_runs_and_loses_none_while_the_lrs_is_down(tmp_path, monkeypatch):
    """`dojo serve --lrs`: a run recorded in its store reaches Ralph; one recorded while Ralph is down waits in the
    outbox through the server's stop, and `dojo xapi push` sends it once Ralph is back."""
    from game.export import lrs
    from game.export.xapi import registration
    from game.store import outbox
    from game.store.db import open_store
    from tests.ralph_helpers import running_ralph
    from tests.store_helpers import BAD, BEST, record
    from tests.test_serve_class import Served

    with running_ralph(tmp_path / "ralph") as ralph:
        monkeypatch.setenv("DOJO_LRS_AUTH", ralph.auth)
        served = Served(tmp_path, "--lrs", ralph.url)
        try:
            with open_store(str(served.db)) as store:
                first = record(store, "Ann", BEST).run_uid
                assert wait_until(lambda: outbox.counts(store).sent == 6, 120) is not None
                ralph.stop()
                record(store, "Bob", BAD)
        finally:
            code, err = served.stop()
        assert code == 0 and "6 statement(s) sent" in err
        with open_store(str(served.db)) as store:
            assert outbox.counts(store).waiting == 5
        ralph.start()
        assert main(["xapi", "push", "--db", str(served.db)]) == 0
        with open_store(str(served.db)) as store:
            assert outbox.counts(store) == outbox.Counts(0, 11, 0)
        assert len(lrs.get_json(ralph.target, f"registration={registration(first)}")["statements"]) == 6


def test_locale_sets_the_trainer_s_language_and_the_games(recorded, tmp_path: Path) -> None:
    """--locale zh-Hans: the trainer's screen is in Chinese (the process's language), the games are started in it,
    and the trainer's view shows the scenarios' translated titles; English titles still pick the scenarios."""
    from game.i18n import active_locale

    db = tmp_path / "class.db"
    args = ["serve", "--db", str(db), "--class", "九月", "--scenarios", "The bike that missed the party", "--locale", "zh-Hans"]
    assert main(args) == 0
    server = recorded[-1]
    assert active_locale() == "zh-Hans"
    assert server.argv[-2:] == ["--locale", "zh-Hans"]
    assert server.desk is not None
    (scenario,) = server.desk.info.scenarios
    assert server.desk.scenarios[scenario].title != "The bike that missed the party"  # its zh-Hans table's title


def test_without_locale_the_games_choose_their_own_language(recorded, tmp_path: Path) -> None:
    """Without --locale nothing is passed to the games: each picks its language itself, as `dojo play` does."""
    assert main(["serve", "--db", str(tmp_path / "dojo.db")]) == 0
    assert "--locale" not in recorded[-1].argv


# Two rooms on one PostgreSQL database (issue 19) -----------------------------------------------

# A writer beside the rooms: records MINI runs (custom content, ranked) for five players every
# writer shares, until the stop file appears; prints each run's id as it is stored.
WRITER = """
import os, sys, time
from tests.store_helpers import GOOD, BEST, record
from game.store.db import open_store
print("ready", flush=True)
sys.stdin.readline()  # "go": every writer starts at the same moment
store = open_store(sys.argv[1])
i = 0
while not os.path.exists(sys.argv[2]) and i < 400:
    print(record(store, "Writer " + str(i % 5), (GOOD, BEST)[i % 2]).run_uid, flush=True)
    i += 1
    time.sleep(0.05)
"""
WRITERS = 8
ROOM_A = ("RoomA-Ada", "RoomA-Bo")
ROOM_B = ("RoomB-Cy", "RoomB-Di")


@pytest.fixture()
def pg_url(pg_server: Any) -> Iterator[str]:
    """An empty PostgreSQL database, as a new one (given back after the test, see tests/pg_server.py)."""
    url = pg_server.take_database()
    yield url
    pg_server.give_back(url)


def test_two_rooms_and_eight_writers_on_one_postgresql_database_lose_and_duplicate_nothing(tmp_path: Path, pg_url: str) -> None:
    """Two `dojo serve` rooms on one PostgreSQL database, two trainees each finishing ranked runs while 8 writer
    processes record: every run is stored exactly once, the standings agree with the runs, and each room's board
    (a trainee's leaderboard screen) shows the other room's trainees."""
    from sqlalchemy import func, select

    from game.store.db import open_store
    from game.store.runs import list_runs
    from game.store.standings import rebuild
    from game.store.tables import runs, standings, totals
    from tests.test_runs import CHILD_ENV, REPO
    from tests.test_serve_class import Served

    stop = tmp_path / "stop-writing"
    rooms: list[Served] = []
    writers: list[subprocess.Popen[str]] = []
    try:
        for _ in range(2):
            rooms.append(Served(tmp_path, "--mode", "ranked", db_url=pg_url))
        for _ in range(WRITERS):
            writers.append(subprocess.Popen(
                [sys.executable, "-c", WRITER, pg_url, str(stop)],
                cwd=REPO, env=CHILD_ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            ))
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        boards = asyncio.run(_two_rooms(rooms, writers, pg_url))
    finally:
        stop.touch()  # writers stop at once (one still waiting for "go" gets end of input, then sees this)
        stopped = [room.stop() for room in rooms]
        written = [(writer.communicate(timeout=300), writer.returncode) for writer in writers]
    assert [code for _out, code in written] == [0] * WRITERS, [err for (_out, err), _code in written]
    assert [code for code, _err in stopped] == [0, 0], [err for _code, err in stopped]
    assert boards == {"A": set(ROOM_B), "B": set(ROOM_A)}, "a room's board lacks the other room's trainees"
    reported = [uid for (out, _err), _code in written for uid in out.split()]
    assert len(reported) >= WRITERS and len(set(reported)) == len(reported)
    with open_store(pg_url) as store:
        with store.read() as connection:
            stored = [uid for (uid,) in connection.execute(select(runs.c.run_uid))]
            doubled = connection.execute(select(runs.c.run_uid).group_by(runs.c.run_uid).having(func.count() > 1)).all()
        trainee_runs = {name: [run.run_uid for run in list_runs(store, player=name)] for name in (*ROOM_A, *ROOM_B)}
        assert doubled == [] and len(stored) == len(set(stored))  # 0 duplicated
        assert all(len(uids) == 1 for uids in trainee_runs.values()), trainee_runs
        assert sorted(stored) == sorted(reported + [uids[0] for uids in trainee_runs.values()])  # 0 lost, none extra
        # The standings kept run by run, while everyone wrote at once, are what the runs give when recomputed.
        kept = _boards_rows(store, standings, totals)
        with store.write() as connection:
            rebuild(connection)
        assert _boards_rows(store, standings, totals) == kept


def _boards_rows(store: Any, *tables: Any) -> list[list[tuple[Any, ...]]]:
    """Every row of the board tables, sorted."""
    from sqlalchemy import select

    with store.read() as connection:
        return [sorted(tuple(row) for row in connection.execute(select(table))) for table in tables]


async def _two_rooms(rooms: list[Any], writers: list[subprocess.Popen[str]], url: str) -> dict[str, set[str]]:
    """The writers start, both rooms' trainees play a ranked run at once, then one trainee in each room opens the
    leaderboards; which of the other room's trainees each room's board shows."""
    import random
    import re

    from game.store.db import open_store
    from game.store.runs import list_runs
    from tests.test_serve_class import Trainee

    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    trainees = {
        room: [Trainee(served.url, name, rng=random.Random(number), think=(0.0, 0.1), reads=False) for number, name in enumerate(names)]
        for room, served, names in (("A", rooms[0], ROOM_A), ("B", rooms[1], ROOM_B))
    }
    everyone = [trainee for room in trainees.values() for trainee in room]
    try:
        outcomes = await asyncio.gather(*(trainee.play() for trainee in everyone))
        assert [(o.name, o.debrief, o.error) for o in outcomes] == [(name, True, None) for name in (*ROOM_A, *ROOM_B)]
        with open_store(url) as store:  # a hang guard: the debrief shows once the run is stored
            stored = wait_until(lambda: all(list_runs(store, player=name) for name in (*ROOM_A, *ROOM_B)), HANG_GUARD_S)
        assert stored is not None, "a trainee's finished run never reached the store"
        seen: dict[str, set[str]] = {}
        for room, others in (("A", ROOM_B), ("B", ROOM_A)):
            reader = trainees[room][0]
            await reader.keys_and_settle("q")  # the debrief back to the scenario list
            mark = len(reader.output)
            await reader.keys("l")  # the leaderboards: first tab, everyone this week
            seen[room] = set()
            for name in others:
                try:
                    await reader.wait_for(re.compile(re.escape(name.encode())), mark, timeout=HANG_GUARD_S)
                    seen[room].add(name)
                except TimeoutError:
                    pass
        return seen
    finally:
        await asyncio.gather(*(trainee.close() for trainee in everyone))


def test_serve_locale_help_is_in_the_language_shown(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo serve --help --locale zh-Hans` gives --locale's own help from the catalog, not in English."""
    from game.i18n import _, use_locale

    english = "the language of the trainer's screen and of the games (e.g. zh-Hans); in a class, each trainee may pick another"
    with pytest.raises(SystemExit):
        main(["serve", "--help", "--locale", "zh-Hans"])
    out = "".join(capsys.readouterr().out.split())
    use_locale("zh-Hans")
    assert _(english) != english and "".join(_(english).split()) in out and "".join(english.split()) not in out
