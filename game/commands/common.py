"""What every sub-command shares: the usage error, rubric and scenario loading, output.

The loader and the rubric are imported inside the functions that use them: every command
imports this module, and `dojo play` must paint its first screen before pydantic loads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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
            raise argparse.ArgumentTypeError(f"'{shown}' is not a whole number") from None
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"from {low:,} to {high:,}" if low is not None and high is not None else (
                f"at most {high:,}" if high is not None else f"at least {low:,}"
            )
            raise argparse.ArgumentTypeError(f"{shown} is out of range: give a whole number {span}")
        return value

    return parse


def seed_number(text: str) -> int:
    """An argparse type: a seed the store can keep (a 64-bit whole number)."""
    return whole_number(MIN_SEED, MAX_SEED)(text)


def add_rubric_option(parser: argparse.ArgumentParser) -> None:
    """Let a command score with a manager's own rubric file."""
    parser.add_argument("--rubric", metavar="FILE", help="score with this rubric file (default: the bundled one)")


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """The `--json` flag every result-printing command takes."""
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


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


def add_locale_option(parser: argparse.ArgumentParser) -> None:
    """`--locale`: play scenarios in a language they have a complete translation table for."""
    parser.add_argument(
        "--locale",
        metavar="LANG",
        help="play in this language (e.g. zh-Hans) where a scenario has a complete translation table (see dojo strings)",
    )


def localized_or_fail(scenario: Scenario, path: str, locale: str) -> Scenario:
    """The scenario in `locale` (see game.scenario.string_table.localized), or CommandError naming the table to fix."""
    from game.scenario.string_table import localized, table_path

    translated = localized(scenario, path, locale)
    if translated is None:
        table = table_path(path, locale)
        raise CommandError(
            f"{path} has no complete {locale} translation table ({table}); see what it lacks with: dojo strings check {table}"
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
