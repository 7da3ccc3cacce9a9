"""Tests for game/store/files.py: every command's output goes through it, so no output clobbers the system.

Each command that writes a file (`export --csv`, `report --out`, `graph --out`, `schema --out`,
`new`) is run against the same awkward destinations: a character device, a named pipe with
and without a reader, a symbolic link, a socket, `-`, a full disk and an over-long name.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from game.store import files
from game.store.files import OutputError, check_destination, name_problem, write_output
from tests.conftest import MINI, run_cli
from tests.fixtures.report.data import mini_store

HANG_GUARD = 60.0  # seconds: only a hung command ever waits this long


@pytest.fixture()
def writers(tmp_path: Path) -> dict[str, Callable[[str], tuple[str, ...]]]:
    """Each output-writing command, as a function from the destination to its argv."""
    mini_store(tmp_path / "store").close() if (tmp_path / "store").mkdir() is None else None
    db = str(tmp_path / "store" / "dojo.db")
    scenario = tmp_path / "store" / "mini.yaml"
    scenario.write_text(MINI, encoding="utf-8")
    return {
        "export": lambda out: ("export", "--db", db, "--csv", out),
        "report": lambda out: ("report", "--db", db, "--player", "Ann", "--out", out),
        "graph": lambda out: ("graph", str(scenario), "--out", out),
        "schema": lambda out: ("schema", "--out", out),
    }


COMMANDS = ("export", "report", "graph", "schema")


def char_device(tmp_path: Path) -> Path:
    """A character device to write to: a private copy of /dev/null as root, else /dev/null itself
    (which a user other than root cannot replace, whatever the code does)."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    path = tmp_path / "null"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


def run_in_thread(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], release: Callable[[], None]) -> tuple[int, str, str]:
    """Run the CLI in a thread; if it is still running after the hang guard, `release` it and fail."""
    result: list[tuple[int, str, str]] = []
    worker = threading.Thread(target=lambda: result.append(run_cli(capsys, *argv)), daemon=True)
    worker.start()
    worker.join(HANG_GUARD)
    if worker.is_alive():
        release()
        worker.join(HANG_GUARD)
        pytest.fail(f"dojo {argv[0]} hung on its output")
    return result[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_character_device_is_written_into_never_replaced(command, writers, tmp_path, capsys):
    """Writing to a character device (a copy of /dev/null) writes into it: it stays a device, exit 0."""
    device = char_device(tmp_path)
    code, _out, err = run_cli(capsys, *writers[command](str(device)))
    assert (code, err) == (0, "")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert [name for name in os.listdir(device.parent) if name.endswith(".tmp")] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_pipe_with_a_reader_gets_the_output(command, writers, tmp_path, capsys):
    """A FIFO that someone reads receives the whole output and stays a FIFO."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # the reader is there before the writer comes
    keeper = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)  # holds the pipe open: reads wait instead of ending at once
    received: list[bytes] = []

    def drain() -> None:
        """Read the pipe to its end (blocking reads once a writer has opened it)."""
        os.set_blocking(reader, True)
        while chunk := os.read(reader, 65536):
            received.append(chunk)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        code, _out, err = run_in_thread(capsys, writers[command](str(pipe)), lambda: None)
        os.close(keeper)  # the last writer gone: the reader sees the end
        thread.join(HANG_GUARD)
    finally:
        os.close(reader)
    assert (code, err) == (0, "")
    assert len(b"".join(received)) > 100
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_pipe_nobody_reads_is_refused_without_hanging(command, writers, tmp_path, capsys):
    """A FIFO with no reader: exit 2 at once with one line saying nothing reads it (never a hang)."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def release() -> None:
        """Open the read end so a writer stuck in open() can go on."""
        descriptor = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
        threading.Timer(HANG_GUARD, os.close, [descriptor]).start()

    code, _out, err = run_in_thread(capsys, writers[command](str(pipe)), release)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"dojo {command}: ") and "nothing is reading it" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_a_symbolic_link_is_not_followed_or_replaced(command, writers, tmp_path, capsys):
    """A destination that is a symlink is refused: the link and the file it points at stay as they were."""
    real = tmp_path / "real.txt"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    code, _out, err = run_cli(capsys, *writers[command](str(link)))
    assert code == 2 and err.count("\n") == 1 and "symbolic link" in err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_socket_is_refused(command, writers, tmp_path, capsys):
    """A destination that is neither a regular file, a pipe nor a character device is refused and left alone."""
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        code, _out, err = run_cli(capsys, *writers[command](str(path)))
    finally:
        server.close()
    assert code == 2 and "a socket" in err and stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_dash_is_standard_output(command, writers, tmp_path, capsys, monkeypatch):
    """`-` writes to standard output and creates no file called '-'."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, *writers[command]("-"))
    assert (code, err) == (0, "") and len(out) > 100
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_an_over_long_file_name_is_one_line(command, writers, tmp_path, capsys):
    """A name past the system's limit is exit 2 and one line saying so, never a traceback."""
    code, _out, err = run_cli(capsys, *writers[command](str(tmp_path / ("a" * 300))))
    assert code == 2 and err.count("\n") == 1 and "bytes long" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ("schema", "graph"))
def test_a_full_disk_leaves_no_empty_file(command, writers, tmp_path, capsys):
    """On a really full disk, `schema --out` and `graph --out` fail with one line and leave no file at all."""
    from tests.store_helpers import fill, tmpfs

    with tmpfs(tmp_path / "disk", "64k") as disk:
        fill(disk)
        code, _out, err = run_cli(capsys, *writers[command](str(disk / "out.txt")))
        assert code == 2 and "No space left on device" in err and err.count("\n") == 1
        assert sorted(os.listdir(disk)) == ["filler"]


def test_new_on_a_full_disk_leaves_no_empty_file(tmp_path, capsys):
    """`dojo new` on a really full disk: exit 2, one line, and neither an empty ID.yaml nor an empty schema."""
    from tests.store_helpers import fill, tmpfs

    with tmpfs(tmp_path / "disk", "64k") as disk:
        fill(disk)
        code, _out, err = run_cli(capsys, "new", "kettle", "--dir", str(disk))
        assert code == 2 and "No space left on device" in err and err.count("\n") == 1
        assert sorted(os.listdir(disk)) == ["filler"]


def test_a_failed_flush_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    """When the data cannot reach the disk (ENOSPC at fsync), the old file is untouched and nothing is left beside it."""
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        write_output(str(target), lambda stream: stream.write("new"))
    assert caught.value.message == f"cannot write {target}: No space left on device"
    assert os.listdir(tmp_path) == ["out.txt"] and target.read_text(encoding="utf-8") == "old"


def test_replace_false_refuses_an_existing_file(tmp_path):
    """With replace=False an existing file is an OutputError and keeps its text; a new name is written."""
    target = tmp_path / "a.yaml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists"):
        write_output(str(target), lambda stream: stream.write("theirs"), replace=False)
    assert target.read_text(encoding="utf-8") == "mine"
    write_output(str(tmp_path / "b.yaml"), lambda stream: stream.write("new"), replace=False)
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == "new"


def test_a_replaced_file_keeps_its_mode(tmp_path):
    """Replacing a regular file keeps its permission bits (a private file stays private)."""
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_output(str(target), lambda stream: stream.write("new"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text(encoding="utf-8") == "new"


def test_name_problem_names_the_limit():
    """A 300-byte name and a 5,000-byte path are problems; an ordinary path is not."""
    assert name_problem("/tmp/" + "a" * 300) == "a file or folder name in it is 300 bytes long; this system allows 255"
    assert "the path is 5,000 bytes long" in (name_problem("a/" * 2500) or "")
    assert name_problem("/tmp/report.html") is None


def test_check_destination_refuses_a_folder_and_a_missing_folder(tmp_path):
    """A folder, and a file in a folder that does not exist, are refused before any work."""
    with pytest.raises(OutputError, match="it is a folder"):
        check_destination(str(tmp_path))
    with pytest.raises(OutputError, match="does not exist"):
        check_destination(str(tmp_path / "nope" / "x.csv"))
