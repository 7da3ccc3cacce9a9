"""`--lrs URL` on `dojo run` and `dojo serve` (game/commands/lrs_option.py): a bad address or missing credentials is one line, exit 2."""

from __future__ import annotations

import pytest

from game.commands.common import CommandError
from game.commands.lrs_option import lrs_target
from tests.conftest import run_cli


def test_no_lrs_means_no_target():
    """Without --lrs nothing is sent."""
    assert lrs_target(None, {}) is None


def test_a_bad_address_or_missing_credentials_is_a_usage_error():
    """Either problem is a CommandError with exit code 2."""
    for url, environ in (("http://lrs.test/", {"DOJO_LRS_AUTH": "u:p"}), ("http://lrs.test/xAPI/", {})):
        with pytest.raises(CommandError) as caught:
            lrs_target(url, environ)
        assert caught.value.code == 2


@pytest.mark.parametrize("command", ["run", "serve"])
def test_run_and_serve_refuse_missing_credentials_before_starting(capsys, tmp_path, mini_file, monkeypatch, command):
    """`dojo run --lrs` and `dojo serve --lrs` without DOJO_LRS_AUTH: one line on stderr, exit 2, nothing recorded or served."""
    monkeypatch.delenv("DOJO_LRS_AUTH", raising=False)
    db = str(tmp_path / "dojo.db")
    argv = ["run", str(mini_file), "--choices", "listen,firm", "--player", "Ann"] if command == "run" else ["serve", "--port", "1"]
    code, out, err = run_cli(capsys, *argv, "--db", db, "--lrs", "http://127.0.0.1:9/xAPI/")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "DOJO_LRS_AUTH" in err
    assert not (tmp_path / "dojo.db").exists()


def test_run_refuses_a_bad_address(capsys, tmp_path, mini_file, monkeypatch):
    """An address that does not end in /xAPI/ is one line, exit 2."""
    monkeypatch.setenv("DOJO_LRS_AUTH", "u:p")
    code, _, err = run_cli(capsys, "run", str(mini_file), "--choices", "listen,firm", "--player", "Ann", "--lrs", "http://lrs.test/")
    assert code == 2 and "/xAPI/" in err and len(err.strip().splitlines()) == 1


def test_run_with_lrs_needs_a_player(capsys, mini_file, monkeypatch):
    """Only a recorded run is sent: --lrs without --player is exit 2."""
    monkeypatch.setenv("DOJO_LRS_AUTH", "u:p")
    code, _, err = run_cli(capsys, "run", str(mini_file), "--choices", "listen,firm", "--lrs", "http://127.0.0.1:9/xAPI/")
    assert code == 2 and "--player" in err
