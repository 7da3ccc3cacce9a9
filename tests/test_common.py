"""Tests for game.commands.common: the --rubric option every scoring command shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.rubric import DEFAULT_RUBRIC_PATH
from tests.conftest import run_cli as cli, run_json


@pytest.mark.parametrize(
    "argv",
    [
        ("run", "{scenario}", "--choices", "listen,firm"),
        ("lint", "{scenario}"),
        ("analyze", "{scenario}"),
        ("simulate", "{scenario}", "--runs", "5"),
    ],
    ids=["run", "lint", "analyze", "simulate"],
)
def test_broken_rubric_exits_2_with_its_message(
    capsys: pytest.CaptureFixture[str], mini_file: Path, broken_rubric: Path, argv: tuple[str, ...]
) -> None:
    """`--rubric` naming a broken rubric exits 2 with the rubric's own message and nothing on stdout."""
    args = [part.format(scenario=mini_file) for part in argv]
    code, out, err = cli(capsys, *args, "--rubric", str(broken_rubric))
    assert (code, out) == (2, "")
    assert err.startswith(f"dojo {argv[0]}: {broken_rubric}: the rubric is not valid:")
    assert "dimensions" in err
    assert "Traceback" not in err


def test_missing_rubric_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path) -> None:
    """A --rubric path that doesn't exist exits 2 saying it can't be read."""
    code, _, err = cli(capsys, "analyze", str(mini_file), "--rubric", str(tmp_path / "none.yaml"))
    assert code == 2
    assert "cannot read the rubric" in err


def test_custom_rubric_is_used(capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path) -> None:
    """A valid rubric given with --rubric is the one the run is scored with."""
    custom = tmp_path / "custom.yaml"
    custom.write_text(DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "9.9"', 1), encoding="utf-8")
    data = run_json(capsys, mini_file, "listen,firm", "--rubric", str(custom))
    assert data["score"]["rubric"]["version"] == "9.9"


def test_a_shipped_locale_is_named_in_its_shipped_spelling() -> None:
    """zh-CN, zh_hans and en-GB name the shipped zh-Hans and en; the name is what tables are looked up under."""
    from game.commands.common import shipped_locale

    assert [shipped_locale(asked) for asked in ("zh-CN", "zh_hans", "zh-Hans", "en-GB")] == ["zh-Hans", "zh-Hans", "zh-Hans", "en"]


@pytest.mark.parametrize("asked", ["fr", "zh-TW", "", "x" * 200])
def test_a_locale_not_shipped_is_dojo505_exit_2(asked: str) -> None:
    """A language the game is not shown in is a usage error (exit 2) carrying DOJO505 and the shipped ones."""
    from game.commands.common import EXIT_USAGE, UNKNOWN_LOCALE, CommandError, shipped_locale

    with pytest.raises(CommandError) as caught:
        shipped_locale(asked)
    assert caught.value.code == EXIT_USAGE and caught.value.message.startswith(f"{UNKNOWN_LOCALE} ")
    assert "zh-Hans" in caught.value.message and len(caught.value.message) < 200


def test_apply_locale_switches_the_language_and_writes_back_the_shipped_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """--locale zh-CN shows Chinese and leaves 'zh-Hans' in args; without --locale the system's language is shown."""
    import argparse

    from game.commands.common import apply_locale
    from game.i18n import active_locale

    args = argparse.Namespace(locale="zh-CN")
    assert apply_locale(args) == "zh-Hans" and args.locale == "zh-Hans" and active_locale() == "zh-Hans"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert apply_locale(argparse.Namespace()) == "zh-Hans"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert apply_locale(argparse.Namespace(locale=None)) == "en" and active_locale() == "en"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [(["run", "x.yaml", "--locale", "zh-Hans"], "zh-Hans"), (["lint", "--locale=en", "x"], "en"), (["lint", "x", "--", "--locale", "zh"], None),
     (["lint", "x", "--locale"], None), (["lint", "x"], None)],
)
def test_locale_in_argv_finds_the_value_before_parsing(arguments: list[str], expected: str | None) -> None:
    """`--locale X` and `--locale=X` are found among raw arguments, not after `--` and not without a value."""
    from game.commands.common import locale_in_argv

    assert locale_in_argv(arguments) == expected


def test_every_leaf_command_takes_one_locale_option() -> None:
    """Every command and action that shows text takes --locale once (strings export's is the table's language)."""
    import argparse

    from game.cli import build_parser

    def leaves(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
        subs = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
        if not subs:
            return [parser]
        return [leaf for action in subs for child in dict.fromkeys(action.choices.values()) for leaf in leaves(child)]

    found = leaves(build_parser())
    assert len(found) > 25
    for parser in found:
        assert [option for action in parser._actions for option in action.option_strings].count("--locale") == 1, parser.prog
