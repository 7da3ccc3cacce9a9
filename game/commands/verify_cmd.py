"""`dojo verify [--all]`: replay stored runs and flag any whose stored score does not match.

Without `--all` every ranked run is checked (the runs that can reach a board); with
`--all` practice runs too. The SQLite file's own integrity is checked first. Exit 0
when everything passes, 1 when anything was flagged, 2 when the database cannot be used.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from game.commands.common import EXIT_FINDINGS, EXIT_OK, CommandError, add_json_option, print_json
from game.store.display import printable
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args
from game.store.windows import short

if TYPE_CHECKING:
    from game.store.verify import Report

NAME = "verify"
HELP = "replay every ranked run (--all: every run) and flag any whose stored score does not match"


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo verify`."""
    parser.add_argument("--all", action="store_true", help="check practice runs too, not only ranked ones")
    add_db_options(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Verify and report; exit 1 on any finding."""
    from game.store.verify import verify_store  # here: SQLAlchemy loads only when needed

    try:
        with store_from_args(args) as store:
            report = verify_store(store, include_practice=args.all)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    if args.json:
        print_json(report.to_json())
    else:
        print(report_text(report))
    return EXIT_OK if report.ok else EXIT_FINDINGS


def report_text(report: Report) -> str:
    """A summary line, then one line per flagged run."""
    out = []
    if report.integrity != "ok":
        out.append(f"Database integrity check FAILED: {printable(report.integrity)}")
    passed = report.checked - len(report.flagged)
    out.append(f"Checked {report.checked} run(s): {passed} passed, {len(report.flagged)} flagged.")
    if report.restored:
        out.append(f"{report.restored} run(s) flagged earlier pass again and are back on the boards.")
    if report.not_stored is not None:
        out.append(f"The store cannot be written ({printable(report.not_stored)}): nothing was written; "
                   "the verdicts above are not stored.")
    for finding in report.flagged:
        out.append(
            f"FLAGGED {finding.run_uid}  {printable(finding.player)}  {printable(finding.scenario_id)}  "
            f"{finding.mode}  {short(finding.finished_at)}: {printable(finding.problem)}"
        )
    return "\n".join(out)
