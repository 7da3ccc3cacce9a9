"""`dojo export --csv FILE`: every recorded run as CSV (FILE '-' for standard output)."""

from __future__ import annotations

import argparse

from game.commands.common import EXIT_OK, CommandError
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args

NAME = "export"
HELP = "export every recorded run as CSV"


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo export`."""
    parser.add_argument("--csv", metavar="FILE", required=True, help="the CSV file to write ('-' for standard output)")
    add_db_options(parser)


def execute(args: argparse.Namespace) -> int:
    """Write the CSV and say how many runs went into it (not when writing to standard output)."""
    from game.store.csv_export import export_csv  # here: SQLAlchemy loads only when needed

    try:
        with store_from_args(args) as store:
            count = export_csv(store, args.csv)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    if args.csv != "-":
        print(f"Exported {count} run(s) to {args.csv}.")
    return EXIT_OK
