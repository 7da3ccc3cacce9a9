"""`dojo report`: one self-contained HTML report on a trainee, a cohort or a scenario.

`--scenario` takes a scenario's id (`late-birthday-parcel`) or title (`The bike that missed
the party`), in any case (`game/store/scenario_names.py`; an unknown one is DOJO501 with
the closest names), or the path of a scenario YAML file, whose id is then used: a file is
recognised by existing on disk or by ending in `.yaml`/`.yml`. `--out -` writes the page to standard output; any other
`--out` is written through `game.store.files` (a temporary file renamed into place; a
device or a named pipe written directly), so a failed report never leaves half a file. What the report shows and how each figure is defined is in
`game/export/report/` (the page itself also explains its terms).
"""

from __future__ import annotations

import argparse
import os

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError
from game.store.display import printable
from game.store.errors import StoreError
from game.store.files import STDOUT, check_destination, write_output
from game.store.options import add_db_options, store_from_args

NAME = "report"
HELP = N_("write an HTML report (self-contained, works offline) on a trainee, a cohort or a scenario")
SCENARIO_SUFFIXES = (".yaml", ".yml")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo report`."""
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--player", metavar="P", help=_("a trainee's runs, bands and trend per skill"))
    which.add_argument("--cohort", metavar="C", help=_("a cohort's board, skill averages and trainees"))
    which.add_argument(
        "--scenario",
        metavar="ID_TITLE_OR_FILE",
        help=_("item analysis of a scenario: its id or title (any case), or a scenario YAML file whose id is used"),
    )
    parser.add_argument(
        "--include-practice",
        action="store_true",
        help=_("with --cohort: count practice runs in the averages too (by default they count ranked runs only)"),
    )
    parser.add_argument("--out", metavar="FILE.html", required=True, help=_("the HTML file to write ('-' for standard output)"))
    add_db_options(parser)


def execute(args: argparse.Namespace) -> int:
    """Build the report and write it."""
    check_destination(args.out)  # before any work
    if args.include_practice and args.cohort is None:
        raise CommandError(_("--include-practice goes with --cohort (a trainee's page shows practice and ranked runs apart)"))
    scenario_id = scenario_id_of(args.scenario) if args.scenario is not None else None
    # Imported here: SQLAlchemy, Jinja2 and the engine load only when a report is made.
    from game.export.report.cohort import cohort_report
    from game.export.report.common import ReportError
    from game.export.report.items import scenario_report
    from game.export.report.trainee import player_report
    from game.store.scenario_names import resolve_scenario

    try:
        with store_from_args(args) as store:
            if args.player is not None:
                page, what = player_report(store, args.player), _("trainee '{name}'").format(name=printable(args.player))
            elif args.cohort is not None:
                page = cohort_report(store, args.cohort, include_practice=args.include_practice)
                what = _("cohort '{name}'").format(name=printable(args.cohort))
            else:
                assert scenario_id is not None
                scenario_id = resolve_scenario(store, scenario_id)
                page, what = scenario_report(store, scenario_id), _("scenario '{name}'").format(name=printable(scenario_id))
    except (StoreError, ReportError) as error:
        raise CommandError(error.message) from None
    write_output(args.out, lambda stream: stream.write(page))
    if args.out == STDOUT:
        return EXIT_OK
    print(_("Wrote the report on {what} to {path}.").format(what=what, path=printable(args.out)))
    return EXIT_OK


def scenario_id_of(value: str) -> str:
    """The scenario id `--scenario` names: the value itself, or the id inside the YAML file it names."""
    if not (value.endswith(SCENARIO_SUFFIXES) or os.path.isfile(value)):
        return value
    if not os.path.isfile(value):
        raise CommandError(_("{path}: no such scenario file (give a scenario id as stored, or an existing file)").format(path=printable(value)))
    from game.commands.common import load_or_fail
    from scoring.rubric import default_rubric

    return load_or_fail(value, default_rubric()).scenario.id
