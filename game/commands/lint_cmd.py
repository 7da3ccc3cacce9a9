"""`dojo lint PATH...`: coded diagnostics at file:line:col for files and folders."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.i18n import N_, _
from game.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, CommandError, add_json_option, add_rubric_option, print_json, rubric_from
from game.engine.lint import lint_file
from game.scenario.diagnostics import Diagnostic
from game.scenario.loader import FolderSearchError, scenario_files
from game.store.files import check_name

NAME = "lint"
HELP = N_("check scenario files without playing them")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo lint`."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_("scenario files or folders (searched for *.yaml)"))
    add_rubric_option(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Lint every file; exit 0 clean (warnings allowed), 1 errors, 2 unreadable input."""
    for name in args.paths:
        check_name(name, "lint")
    missing = [name for name in args.paths if not Path(name).exists()]
    if missing:
        raise CommandError(_("no such file or folder: {names}").format(names=", ".join(missing)))
    rubric = rubric_from(args)
    try:
        files = scenario_files(args.paths)
    except FolderSearchError as error:
        raise CommandError(str(error)) from None
    if not files:
        raise CommandError(_("no scenario files (*.yaml, *.yml) under {paths}").format(paths=", ".join(args.paths)))
    found: list[Diagnostic] = []
    for path in files:
        found += lint_file(path, rubric)
    if args.json:
        print_json([d.to_json() for d in found])
    else:
        for diagnostic in found:
            print(diagnostic.format())
        errors = sum(d.is_error for d in found)
        warnings = len(found) - errors
        print(_("{files} file(s) checked: {errors} error(s), {warnings} warning(s)").format(files=len(files), errors=errors, warnings=warnings))
    if any(d.code == "DOJO001" for d in found):
        return EXIT_USAGE
    return EXIT_FINDINGS if any(d.is_error for d in found) else EXIT_OK
