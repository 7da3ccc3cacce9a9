"""`dojo export --csv FILE`: recorded runs as CSV (FILE '-' for standard output), all or filtered.

`--cohort C` and `--scenario ID_OR_TITLE` (the filters of `game/store/run_filters.py`)
narrow the runs; a cohort or scenario the store does not know exits 2 (DOJO503, DOJO501)
with the closest names, instead of writing a file with no runs in it.
"""

from __future__ import annotations

import argparse

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args
from game.store.run_filters import add_filter_options, conditions_from

NAME = "export"
HELP = N_("export recorded runs as CSV: scores, per-skill percents and each reply's grade (all runs, or one cohort's or scenario's)")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo export`."""
    parser.add_argument("--csv", metavar="FILE", required=True, help=_("the CSV file to write ('-' for standard output)"))
    add_filter_options(parser)
    add_db_options(parser)


def execute(args: argparse.Namespace) -> int:
    """Write the CSV and say how many runs went into it (not when writing to standard output)."""
    from game.store.csv_export import export_csv  # here: SQLAlchemy loads only when needed

    try:
        with store_from_args(args) as store:
            count = export_csv(store, args.csv, conditions_from(store, args))
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    if args.csv != "-":
        print(_("Exported {count} run(s) to {path}.").format(count=count, path=args.csv))
    return EXIT_OK
