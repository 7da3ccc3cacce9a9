"""Tests for game.cli: every command registered, help, and usage errors as one line with exit 2."""

from __future__ import annotations


import pytest

import subprocess
import sys

from game.cli import COMMANDS, build_parser, command_module
from tests.conftest import run_cli as cli


def test_every_command_is_registered_with_its_parts() -> None:
    """Each name in COMMANDS is a module with NAME, HELP, add_parser and execute, and a sub-command of that name."""
    parser = build_parser()
    assert len(set(COMMANDS)) == len(COMMANDS)
    assert {"run", "lint", "analyze", "simulate", "schema"} <= set(COMMANDS)
    for name in COMMANDS:
        command = command_module(name)
        assert command.NAME == name
        assert command.HELP and callable(command.add_parser) and callable(command.execute)
    help_text = parser.format_help()
    assert all(name in help_text for name in COMMANDS)


def test_a_command_imports_only_its_own_module() -> None:
    """Parsing `dojo schema` loads no other command module (start-up pays only for the command run)."""
    code = (
        "import sys; from game.cli import build_parser; build_parser(only='schema').parse_args(['schema']);"
        "print(sorted(m for m in sys.modules if m.startswith('game.commands.') and m.endswith('_cmd')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['game.commands.schema_cmd']"


def test_no_subcommand_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo` alone prints the usage with every command and exits 2."""
    code, out, err = cli(capsys)
    assert code == 2
    assert out.startswith("usage: dojo")
    assert "schema" in out and "simulate" in out


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo --help` is not an error."""
    code, out, _ = cli(capsys, "--help")
    assert code == 0
    assert "usage: dojo" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("run", "x.yaml", "--choices", "1", "--bogus"),
        ("frobnicate",),
        ("run", "x.yaml"),
        ("run", "x.yaml", "--choices", "1", "--mode", "casual"),
        ("simulate", "x.yaml", "--runs", "many"),
        ("analyze",),
    ],
    ids=["unknown-flag", "unknown-command", "missing-choices", "bad-mode", "runs-not-a-number", "missing-scenario"],
)
def test_usage_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    """A wrong flag or argument exits 2 with exactly one line on stderr, no usage dump, no traceback."""
    code, out, err = cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("dojo")
    assert "see 'dojo" in err
    assert "Traceback" not in err
