"""Tests for `dojo db copy`: exit 0 with what was moved, 1 when the copy replays differently, 2 for bad input."""

from __future__ import annotations

import pytest

from game.store import transfer
from game.store.verify import Verdict
from tests.conftest import run_cli
from tests.store_helpers import GOOD, open_tmp, record


@pytest.fixture()
def pg_url(pg_server):  # type: ignore[no-untyped-def]
    """An empty PostgreSQL database, as a new one (given back after the test, see tests/pg_server.py)."""
    url = pg_server.take_database()
    yield url
    pg_server.give_back(url)


def source(tmp_path) -> str:
    """A SQLite store with two ranked runs; its path."""
    with open_tmp(tmp_path, name="source.db") as store:
        record(store, "Ann", GOOD)
        record(store, "Bob", GOOD)
    return str(tmp_path / "source.db")


def test_copy_to_postgresql_says_what_moved_and_that_every_run_replays(tmp_path, pg_url, capsys):
    """`dojo db copy` into an empty PostgreSQL database: exit 0, the runs and players counted, the replay line."""
    code, out, err = run_cli(capsys, "db", "copy", "--from", source(tmp_path), "--to", pg_url)
    assert (code, err) == (0, "")
    assert "2 run(s), 2 player(s)" in out and "Replayed 2 run(s) in both: every one as in the source." in out


def every_other_judged_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every second judgement of a copy 'flagged' (as if its replay differed from the source's)."""
    real = transfer.judge
    seen: list[int] = []

    def judge(row, connection, cache, key):  # type: ignore[no-untyped-def]
        seen.append(1)
        return Verdict("flagged", "made up") if len(seen) % 2 == 0 else real(row, connection, cache, key)

    monkeypatch.setattr(transfer, "judge", judge)


def test_a_copy_that_replays_differently_exits_1_naming_the_run(tmp_path, pg_url, capsys, monkeypatch):
    """When a run's replay in the copy differs from the source's, each difference is a DIFFERS line and the exit is 1."""
    every_other_judged_differently(monkeypatch)
    code, out, _ = run_cli(capsys, "db", "copy", "--from", source(tmp_path), "--to", pg_url)
    assert code == 1 and out.count("DIFFERS run ") == 2 and "not the same store" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--from", "{tmp}/none.db", "--to", "{tmp}/x.db"], "nothing to copy"),
        (["--from", "{source}", "--to", "{source}"], "same database"),
        (["--from", "{source}", "--to", "{source}x"], None),  # fine: a new file
        (["--from", "{source}", "--to", "postgresql+psycopg://dojo@/none?host={tmp}&port=5999"], "cannot reach the database"),
        (["--from", "{source}", "--to", "nope://x"], "cannot use"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, words):
    """A missing source, the same database twice, an unreachable server, an unknown database kind: exit 2, one line."""
    path = source(tmp_path)
    filled = [part.format(tmp=tmp_path, source=path) for part in argv]
    code, out, err = run_cli(capsys, "db", "copy", *filled)
    if words is None:
        assert code == 0
        return
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err and "Traceback" not in err, err


def test_from_and_to_are_required(capsys):
    """Without --from or --to: a usage error (exit 2)."""
    assert run_cli(capsys, "db", "copy", "--from", "x.db")[0] == 2


def test_a_difference_is_said_in_chinese(tmp_path, capsys, monkeypatch):
    """With --locale zh-Hans a DIFFERS line is the catalog's, naming the statuses in its words, and the exit is still 1."""
    from game.i18n import _, use_locale

    every_other_judged_differently(monkeypatch)
    code, out, _err = run_cli(capsys, "db", "copy", "--from", source(tmp_path), "--to", str(tmp_path / "copy.db"), "--locale", "zh-Hans")
    use_locale("zh-Hans")
    differs = [line for line in out.splitlines() if line.startswith(_("DIFFERS {line}").format(line=""))]
    assert code == 1 and len(differs) == 2 and "DIFFERS" not in out
    assert all(_("verified") in line and _("flagged") in line and "verified" not in line for line in differs)
