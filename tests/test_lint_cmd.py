"""Tests for `dojo lint` (game.commands.lint_cmd): output lines, --json, and exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, FIXTURES, IMPOSSIBLE, MINI, line_of, run_cli as cli, write_scenario as write


def test_cli_clean_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint` on a clean file exits 0 and reports the count, nothing else."""
    code, out, err = cli(capsys, "lint", str(write(tmp_path, MINI)))
    assert code == 0
    assert out == "1 file(s) checked: 0 error(s), 0 warning(s)\n"
    assert err == ""


def test_cli_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings alone don't fail lint: exit 0, each warning printed on its own line."""
    path = write(tmp_path, IMPOSSIBLE)
    code, out, _ = cli(capsys, "lint", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:{line_of(IMPOSSIBLE, 'when: anger > 100')}:")
    assert " DOJO207 warning: " in lines[0]
    assert lines[-1] == "1 file(s) checked: 0 error(s), 3 warning(s)"


def test_cli_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An error anywhere among the files makes lint exit 1."""
    write(tmp_path, MINI, "good.yaml")
    bad = write(tmp_path, MINI.replace("skills: [listening, refusal]", "skills: [listening, refusal, empathy]"), "bad.yaml")
    code, out, _ = cli(capsys, "lint", str(tmp_path))
    assert code == 1
    assert f"{bad}:" in out and " DOJO403 error: " in out
    assert out.splitlines()[-1] == "2 file(s) checked: 1 error(s), 0 warning(s)"


def test_cli_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that doesn't exist exits 2 before linting anything."""
    code, out, err = cli(capsys, "lint", str(EXAMPLE), str(tmp_path / "nope.yaml"))
    assert code == 2
    assert out == ""
    assert err == f"dojo lint: no such file or folder: {tmp_path / 'nope.yaml'}\n"


def test_cli_folder_without_scenarios_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder holding no *.yaml files is a usage error, not a clean result."""
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    code, _, err = cli(capsys, "lint", str(tmp_path))
    assert code == 2
    assert "no scenario files" in err


def test_cli_json_is_a_list_of_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint --json` prints only a JSON list of objects with file, line, col, code, severity, message."""
    path = write(tmp_path, IMPOSSIBLE)
    code, out, _ = cli(capsys, "lint", "--json", str(path))
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        assert set(item) == {"file", "line", "col", "code", "severity", "message"}
        assert item["file"] == str(path)
        assert isinstance(item["line"], int) and isinstance(item["col"], int)
    assert [(item["code"], item["severity"]) for item in data] == [
        ("DOJO207", "warning"),
        ("DOJO202", "warning"),
        ("DOJO204", "warning"),
    ]


def test_cli_json_clean_is_an_empty_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A clean file under --json prints [] and exits 0."""
    code, out, _ = cli(capsys, "lint", "--json", str(write(tmp_path, MINI)))
    assert (code, json.loads(out)) == (0, [])


def test_cli_json_with_errors_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """--json doesn't change the exit code: errors still exit 1."""
    path = FIXTURES / "bad" / "DOJO201-missing-next.yaml"
    code, out, _ = cli(capsys, "lint", "--json", str(path))
    assert code == 1
    data = json.loads(out)
    assert data[0]["code"] == "DOJO201" and data[0]["severity"] == "error"


def test_cli_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A DOJO001 finding (here a named pipe) makes lint exit 2, even under --json."""
    pipe = tmp_path / "pipe.yaml"
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    os.mkfifo(pipe)
    code, out, _ = cli(capsys, "lint", "--json", str(pipe))
    assert code == 2
    assert json.loads(out)[0]["code"] == "DOJO001"


def test_cli_over_long_names_are_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file name past the system's limit is exit 2 with one line saying so, never an OSError traceback."""
    code, out, err = cli(capsys, "lint", str(tmp_path / ("a" * 300 + ".yaml")))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "bytes long" in err


def test_cli_a_folder_nested_past_the_depth_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 1,100-deep folder tree is exit 2 with one line naming the depth limit, never a RecursionError."""
    from game.scenario.loader import MAX_FOLDER_DEPTH

    folders = [tmp_path / "d"]
    for _ in range(1_099):
        folders.append(folders[-1] / "d")
    for folder in folders:  # one level at a time: os.makedirs and shutil.rmtree recurse
        folder.mkdir()
    (folders[-1] / "s.yaml").write_text(MINI, encoding="utf-8")
    try:
        code, out, err = cli(capsys, "lint", str(tmp_path))
    finally:
        (folders[-1] / "s.yaml").unlink()
        for folder in reversed(folders):
            folder.rmdir()
    assert (code, out) == (2, "") and err.count("\n") == 1 and f"deeper than {MAX_FOLDER_DEPTH}" in err


def test_cli_a_folder_with_too_many_entries_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    """Past the entry limit lint stops looking at once with one line (so `dojo lint /` never walks the disk)."""
    from game.scenario import loader

    monkeypatch.setattr(loader, "MAX_FOLDER_ENTRIES", 10, raising=False)
    for number in range(30):
        (tmp_path / f"s{number}.yaml").write_text(MINI, encoding="utf-8")
    code, out, err = cli(capsys, "lint", str(tmp_path))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "more than 10 files and folders" in err


def test_cli_lint_of_the_root_folder_is_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint /` stops at a limit with one clear line instead of walking the whole disk."""
    code, out, err = cli(capsys, "lint", "/")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "point lint at" in err


def test_cli_a_symlinked_folder_loop_is_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder holding a link to itself is searched once; its scenario is linted once."""
    (tmp_path / "s.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    code, out, _ = cli(capsys, "lint", str(tmp_path))
    assert code in (0, 1) and out.splitlines()[-1].startswith("1 file(s) checked")
