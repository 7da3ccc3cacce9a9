"""`dojo`: the one entry point. Every sub-command is registered in `COMMANDS`, in one place.

Exit codes are a contract for scripts: 0 success, 1 findings (lint errors, failed
verification), 2 bad usage or unreadable input. Every failure is one clear message on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from game.commands.argparse_words import SpeakingParser
from game.commands.common import EXIT_USAGE, CommandError, add_locale_everywhere, add_locale_option, apply_locale, locale_in_argv
from game.i18n import _, choose_locale, supported, use_locale
from game.store.files import OutputError

# Each name is a module `game.commands.<name>_cmd` with NAME, HELP, add_parser and execute.
# Only the command being run is imported (all of them for `--help`), so a quick command
# such as `dojo play` does not pay for every other command's imports at start-up.
COMMANDS: tuple[str, ...] = (
    "play",
    "gui",
    "serve",
    "run",
    "lint",
    "strings",
    "analyze",
    "simulate",
    "graph",
    "new",
    "schema",
    "leaderboard",
    "runs",
    "verify",
    "export",
    "restore",
    "official",
    "report",
    "class",
    "xapi",
    "db",
)


def command_module(name: str) -> ModuleType:
    """The module that implements sub-command `name`."""
    return importlib.import_module(f"game.commands.{name}_cmd")


class _Parser(SpeakingParser):
    """argparse in the language shown, but a usage error is one line and exit code 2 (not the whole usage text)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Leave with one line naming the problem and exit code 2."""
        self.exit(EXIT_USAGE, _("{prog}: {message} (see '{prog} --help')").format(prog=self.prog, message=message) + "\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every registered sub-command, or with just `only` when it is one."""
    parser = _Parser(prog="dojo", description=_("Service Dojo: practise the hardest moments of customer service."))
    # `dojo --locale zh-Hans [COMMAND]`: the language may come before the command too.
    add_locale_option(parser, play=False, dest="locale_before_command")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in [only] if only in COMMANDS else COMMANDS:
        command = command_module(name)
        command_parser = sub.add_parser(command.NAME, help=_(command.HELP), description=_(command.HELP))
        command.add_parser(command_parser)
        add_locale_everywhere(command_parser)
        command_parser.set_defaults(execute=command.execute)
    return parser


def command_in_argv(arguments: Sequence[str]) -> str | None:
    """The sub-command's name among raw arguments (after a leading `--locale LANG`), if there is one."""
    rest = list(arguments)
    while rest and (rest[0] == "--locale" or rest[0].startswith("--locale=")):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    return rest[0] if rest else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run `dojo` with `argv`; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a scenario's text must never crash the output
    arguments = list(sys.argv[1:] if argv is None else argv)
    # Help and usage errors already in the language asked for (checked once parsed), else the system's.
    use_locale(choose_locale(supported(locale_in_argv(arguments)), None))
    parser = build_parser(only=command_in_argv(arguments))
    args = parser.parse_args(arguments)
    if not getattr(args, "execute", None):
        parser.print_help()
        return EXIT_USAGE
    if getattr(args, "locale", None) is None:
        args.locale = args.locale_before_command
    try:
        apply_locale(args)
        return int(args.execute(args))
    except CommandError as error:
        print(f"dojo {args.command}: {error.message}", file=sys.stderr)
        return error.code
    except OutputError as error:  # a file a command was asked to write (game/store/files.py)
        print(f"dojo {args.command}: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_("dojo: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        # Every file argument is checked with game.store.files.name_problem first; this is the net.
        message = _("a file name is too long for this system ({reason})").format(reason=error.strerror)
        print(f"dojo {args.command}: {message}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
