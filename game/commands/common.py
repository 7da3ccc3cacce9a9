"""What every sub-command shares: the usage error, rubric and scenario loading, output.

The loader and the rubric are imported inside the functions that use them: every command
imports this module, and `dojo play` must paint its first screen before pydantic loads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from game.i18n import LOCALES, N_, _, choose_locale, language_name, supported, use_locale

if TYPE_CHECKING:
    from game.scenario.loader import Loaded
    from game.scenario.model import Scenario
    from game.store.db import Store
    from scoring.rubric import Rubric

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

# A seed is stored with its run as a 64-bit integer (SQLite's INTEGER): a larger one would
# overflow the store after the run was played, so it is refused before play.
MIN_SEED = -(2**63)
MAX_SEED = 2**63 - 1
MAX_COUNT = 1_000_000_000  # --limit, --around: far past any real list, well inside what a query takes


class CommandError(Exception):
    """A problem to report in one line, with the exit code to leave with."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.message = message
        self.code = code


def whole_number(low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number, refused (one line naming the option) outside `low`..`high`."""

    def parse(text: str) -> int:
        """The number `text` names, or ArgumentTypeError."""
        shown = text if len(text) <= 40 else text[:39] + "…"
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("'{text}' is not a whole number").format(text=shown)) from None
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                problem = _("{text} is out of range: give a whole number from {low:,} to {high:,}")
            elif high is not None:
                problem = _("{text} is out of range: give a whole number at most {high:,}")
            else:
                problem = _("{text} is out of range: give a whole number at least {low:,}")
            raise argparse.ArgumentTypeError(problem.format(text=shown, low=low, high=high))
        return value

    return parse


def seed_number(text: str) -> int:
    """An argparse type: a seed the store can keep (a 64-bit whole number)."""
    return whole_number(MIN_SEED, MAX_SEED)(text)


def add_rubric_option(parser: argparse.ArgumentParser) -> None:
    """Let a command score with a manager's own rubric file."""
    parser.add_argument("--rubric", metavar="FILE", help=_("score with this rubric file (default: the bundled one)"))


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """The `--json` flag every result-printing command takes."""
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))


def rubric_from(args: argparse.Namespace) -> Rubric:
    """The rubric named by `--rubric`, or the bundled default; a bad file is a usage error."""
    from scoring.rubric import RubricError, default_rubric, load_rubric

    try:
        return load_rubric(args.rubric) if getattr(args, "rubric", None) else default_rubric()
    except RubricError as error:
        raise CommandError(str(error)) from None


def load_or_fail(path: str, rubric: Rubric) -> Loaded:
    """Load a scenario or raise CommandError carrying its diagnostics."""
    from game.scenario.diagnostics import DiagnosticError
    from game.scenario.loader import load_scenario

    try:
        return load_scenario(path, rubric)
    except DiagnosticError as error:
        raise CommandError(str(error)) from None


UNKNOWN_LOCALE = "DOJO505"  # --locale names a language the game does not ship (docs/diagnostics.md)
LOCALE_HELP = N_("show messages in this language ({shipped}; default: the system's)")
PLAY_LOCALE_HELP = N_(
    "show the game in this language ({shipped}; default: the scenario's, else the system's) "
    "and play scenarios through their translation table in it (see dojo strings)"
)


def add_locale_option(parser: argparse.ArgumentParser, play: bool = True, dest: str = "locale") -> None:
    """`--locale`, the one option every command that shows text takes: the language to show
    (and, with `play`, the language scenarios are played in through their translation tables)."""
    shipped = ", ".join(LOCALES)
    parser.add_argument("--locale", dest=dest, metavar="LANG", help=_(PLAY_LOCALE_HELP if play else LOCALE_HELP).format(shipped=shipped))


def add_locale_everywhere(parser: argparse.ArgumentParser) -> None:
    """Give `--locale` to every parser below `parser` that takes options and lacks it (the commands' own come first)."""
    subcommands = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    if not subcommands:
        if "--locale" not in parser._option_string_actions:
            add_locale_option(parser, play=False)
        return
    for action in subcommands:
        for child in dict.fromkeys(action.choices.values()):
            add_locale_everywhere(child)


def shipped_locale(asked: str) -> str:
    """The shipped locale `asked` names ('zh-CN' and 'zh_hans' name zh-Hans); CommandError DOJO505 otherwise."""
    found = supported(asked)
    if found is None:
        languages = ", ".join(f"{locale} ({language_name(locale)})" for locale in LOCALES)
        shown = asked if len(asked) <= 40 else asked[:39] + "…"
        raise CommandError(
            _("{code} --locale '{asked}' is not a language this game is shown in; choose one of: {languages}").format(
                code=UNKNOWN_LOCALE, asked=shown, languages=languages
            )
        )
    return found


def apply_locale(args: argparse.Namespace) -> str:
    """Show everything from now on in the `--locale` asked for, else the system's language; returns it.

    The asked one is checked (DOJO505) and written back in its shipped spelling, so a
    scenario's translation table is looked up under that name ('zh-CN' plays 'zh-Hans').
    """
    asked = getattr(args, "locale", None)
    if asked is not None:
        args.locale = shipped_locale(asked)
    return use_locale(choose_locale(args.locale if asked is not None else None, None))


def locale_in_argv(arguments: Sequence[str]) -> str | None:
    """The value of a `--locale` among raw arguments (before parsing), so help and usage errors are shown in it."""
    for position, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument.startswith("--locale="):
            return argument.split("=", 1)[1]
        if argument == "--locale" and position + 1 < len(arguments):
            return arguments[position + 1]
    return None


def localized_or_fail(scenario: Scenario, path: str, locale: str) -> Scenario:
    """The scenario in `locale` (see game.scenario.string_table.localized), or CommandError naming the table to fix."""
    from game.scenario.string_table import localized, table_path

    translated = localized(scenario, path, locale)
    if translated is None:
        table = table_path(path, locale)
        raise CommandError(
            _("{path} has no complete {locale} translation table ({table}); see what it lacks with: dojo strings check {table}").format(
                path=path, locale=locale, table=table
            )
        )
    return translated


def print_json(data: Any) -> None:
    """Print JSON readably, keeping non-ASCII text as it is."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def close_after_play(store: Store | None, command: str) -> None:
    """At a game's quit: store any run still waiting in memory (or write it to a file and say
    where, as `dojo COMMAND: ...`), then close the store."""
    if store is None:
        return
    from game.play.playthrough import save_or_spill

    try:
        unsaved = save_or_spill(store)
        if unsaved:
            print(f"dojo {command}: {unsaved}", file=sys.stderr)
    finally:
        store.close()
