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


def _shown(template: str, text: str) -> bool:
    """True when `text` is `template` with its {placeholders} filled in (whatever they hold)."""
    import re

    pattern = ".+".join(re.escape(part) for part in re.split(r"\{[^}]*\}", template))
    return re.fullmatch(pattern, text, re.DOTALL) is not None


@pytest.mark.parametrize(
    "argv",
    [("run", "x.yaml", "--choices", "1"), ("lint", "x.yaml"), ("runs",), ("class", "list"), ("strings", "check"), ("play",), ("gui",), ("serve",)],
)
def test_a_locale_the_game_is_not_shown_in_is_refused_with_dojo505(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    """--locale fr on any command: one line with DOJO505 on stderr, nothing on stdout, exit 2, before any work."""
    code, out, err = cli(capsys, *argv, "--locale", "fr")
    assert (code, out) == (2, "")
    assert err.startswith(f"dojo {argv[0]}: DOJO505 --locale 'fr' ") and len(err.splitlines()) == 1


def test_on_a_chinese_system_a_bad_locale_is_said_in_chinese_with_its_code(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a usable --locale the system's language is shown: DOJO505 stays as it is inside the catalog's sentence."""
    from game.i18n import _, use_locale

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, _out, err = cli(capsys, "lint", "x.yaml", "--locale", "fr")
    use_locale("zh-Hans")
    template = _("{code} --locale '{asked}' is not a language this game is shown in; choose one of: {languages}")
    assert template.startswith("{code} ") and "--locale" in template and "is not a language" not in template
    assert code == 2 and err.startswith("dojo lint: DOJO505 --locale ") and _shown(template, err.removeprefix("dojo lint: ").rstrip("\n"))


def test_help_and_usage_errors_follow_locale(capsys: pytest.CaptureFixture[str]) -> None:
    """--locale zh-Hans shows the command's help and a bad option value through the catalog; commands and flags stay as written."""
    from game.i18n import _, use_locale

    code, out, _err = cli(capsys, "run", "--help", "--locale", "zh-Hans")
    use_locale("zh-Hans")
    assert code == 0 and _("print the result as JSON") in out and "--choices" in out
    assert _("print the result as JSON") != "print the result as JSON"
    code, out, err = cli(capsys, "leaderboard", "--limit", "x", "--locale", "zh-Hans")
    use_locale("zh-Hans")
    assert (code, out) == (2, "") and _("'{text}' is not a whole number").format(text="x") in err


def test_a_usage_error_of_a_command_is_said_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """A command's own bad-input message (runs --limit -1) comes from the catalog, its flag unchanged, exit 2."""
    from game.i18n import _, use_locale

    code, out, err = cli(capsys, "runs", "--limit", "-1", "--locale", "zh-Hans")
    use_locale("zh-Hans")
    assert _("--limit cannot be negative") != "--limit cannot be negative"
    assert (code, out, err) == (2, "", f"dojo runs: {_('--limit cannot be negative')}\n")


def test_argparse_words_in_help_follow_locale(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo run --help --locale zh-Hans`: usage prefix, headings and -h's help come from the catalog, none left in English."""
    from game.i18n import _, use_locale

    code, out, _err = cli(capsys, "run", "--help", "--locale", "zh-Hans")
    use_locale("zh-Hans")
    assert code == 0 and out.startswith(_("usage: ") + "dojo run ")
    for word in ("usage: ", "positional arguments", "options", "show this help message and exit"):
        assert _(word) != word and _(word) in out and word not in out


def test_missing_arguments_are_reported_in_chinese_with_our_wrapper(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo run --locale zh-Hans` without its arguments: one line, our wrapper around the catalog's sentence, exit 2."""
    from game.i18n import _, use_locale

    code, out, err = cli(capsys, "run", "--locale", "zh-Hans")
    use_locale("zh-Hans")
    missing = _("the following arguments are required: %s") % "scenario, --choices"
    assert (code, out) == (2, "")
    assert err == _("{prog}: {message} (see '{prog} --help')").format(prog="dojo run", message=missing) + "\n"


def test_an_unknown_command_is_reported_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo --locale zh-Hans nosuch`: the language may come before the command; the unknown one is named in the catalog's words."""
    from game.i18n import _, use_locale

    code, out, err = cli(capsys, "--locale", "zh-Hans", "nosuch")
    use_locale("zh-Hans")
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert (_("argument %(argument_name)s: %(message)s") % {"argument_name": "COMMAND", "message": ""}) in err
    assert "'nosuch'" in err and "invalid choice" not in err and "argument COMMAND" not in err


def test_locale_before_the_command_applies_to_it(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo --locale zh-Hans runs --limit -1`: the command speaks the language given before it; after it wins, and a bad one is DOJO505."""
    from game.i18n import _, use_locale

    code, _out, err = cli(capsys, "--locale", "zh-Hans", "runs", "--limit", "-1")
    use_locale("zh-Hans")
    assert (code, err) == (2, f"dojo runs: {_('--limit cannot be negative')}\n")
    code, _out, err = cli(capsys, "--locale", "zh-Hans", "runs", "--limit", "-1", "--locale", "en")
    assert (code, err) == (2, "dojo runs: --limit cannot be negative\n")
    code, _out, err = cli(capsys, "--locale", "fr", "runs")
    assert code == 2 and err.startswith("dojo runs: DOJO505 ")


def test_command_in_argv_skips_a_leading_locale() -> None:
    """The command is found after `--locale LANG` or `--locale=LANG`, so only its module is imported."""
    from game.cli import command_in_argv

    assert command_in_argv(["--locale", "zh-Hans", "run", "x"]) == "run"
    assert command_in_argv(["--locale=zh-Hans", "lint"]) == "lint"
    assert command_in_argv(["schema"]) == "schema" and command_in_argv([]) is None and command_in_argv(["--locale", "en"]) is None
