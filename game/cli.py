"""`dojo`: the one entry point. Every sub-command is registered in `COMMANDS`, in one place.

Exit codes are a contract for scripts: 0 success, 1 findings (lint errors, failed
verification), 2 bad usage or unreadable input. Every failure is one clear message on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from game.commands import analyze_cmd, lint_cmd, run_cmd, schema_cmd, simulate_cmd
from game.commands import export_cmd, leaderboard_cmd, play_cmd, runs_cmd, serve_cmd, verify_cmd
from game.commands.common import EXIT_USAGE, CommandError

COMMANDS: tuple[ModuleType, ...] = (
    play_cmd,
    serve_cmd,
    run_cmd,
    lint_cmd,
    analyze_cmd,
    simulate_cmd,
    schema_cmd,
    leaderboard_cmd,
    runs_cmd,
    verify_cmd,
    export_cmd,
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2 (not the whole usage text)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Leave with one line naming the problem and exit code 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered sub-command."""
    parser = _Parser(prog="dojo", description="Service Dojo: practise the hardest moments of customer service.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command_parser = sub.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_parser(command_parser)
        command_parser.set_defaults(execute=command.execute)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `dojo` with `argv`; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a scenario's text must never crash the output
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "execute", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.execute(args))
    except CommandError as error:
        print(f"dojo {args.command}: {error.message}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("dojo: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
