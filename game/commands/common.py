"""What every sub-command shares: the usage error, rubric and scenario loading, output.

The loader and the rubric are imported inside the functions that use them: every command
imports this module, and `dojo play` must paint its first screen before pydantic loads.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.scenario.loader import Loaded
    from game.store.db import Store
    from scoring.rubric import Rubric

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A problem to report in one line, with the exit code to leave with."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.message = message
        self.code = code


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
