"""`dojo verify [--all]`: replay stored runs and flag any whose stored score does not match.

Without `--all` every ranked run is checked (the runs that can reach a board); with
`--all` practice runs too. The SQLite file's own integrity is checked first; a file found
damaged, or one with a damaged scenario copy, is reported and never written. Exit 0
when everything passes, 1 when anything was flagged or damaged, 2 when the database
cannot be used.

The owner's acts (they need the seal key, docs/security.md): `--reseal` adopts runs sealed
before seals had a key (or with another key) whose replay matches; `--repair [FOLDER...]`
restores damaged scenario copies from the official pack's files (the bundled pack, and
any folders given) when one has the copy's hash.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import EXIT_FINDINGS, EXIT_OK, CommandError, add_json_option, print_json
from game.store.display import printable
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args
from game.store.run_words import mode_word, problem_text
from game.store.windows import short

if TYPE_CHECKING:
    from game.store.db import Store
    from game.store.verify import Report

NAME = "verify"
HELP = N_("replay every ranked run (--all: every run) and flag any whose stored score does not match")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo verify`."""
    parser.add_argument("--all", action="store_true", help=_("check practice runs too, not only ranked ones"))
    parser.add_argument(
        "--reseal", action="store_true", help=_("adopt legacy runs (sealed without a key, or with another key) whose replay matches")
    )
    parser.add_argument(
        "--repair",
        nargs="*",
        metavar="FOLDER",
        help=_("first restore damaged scenario copies from the bundled pack (and these folders) where a file has the copy's hash"),
    )
    add_db_options(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Verify and report; exit 1 on any finding."""
    from game.store.verify import verify_store  # here: SQLAlchemy loads only when needed

    try:
        with store_from_args(args) as store:
            if args.repair is not None:
                print(_repair(store, args.repair))
            report = verify_store(store, include_practice=args.all, reseal=args.reseal)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    if args.json:
        print_json(report.to_json())
    else:
        print(report_text(report))
    return EXIT_OK if report.ok else EXIT_FINDINGS


def _repair(store: Store, folders: list[str]) -> str:
    """Restore damaged copies from the bundled pack and the folders given; one line saying what happened."""
    from pathlib import Path

    from game.store.official import Pack, bundled_pack, pack_from_paths, repair_copies

    pack = bundled_pack()
    if folders:
        extra = pack_from_paths([Path(folder) for folder in folders])
        pack = Pack(pack.files + extra.files, pack.rubric_digest)
    repaired, left = repair_copies(store, pack)
    line = _("Repaired {count} damaged scenario copy(ies) from the official pack.").format(count=len(repaired))
    if left:
        unrepaired = _("{count} damaged copy(ies) have no file with their hash: {hashes}").format(
            count=len(left), hashes=", ".join(h[:12] for h in left)
        )
        line = f"{line} {unrepaired}"
    return line


def report_text(report: Report) -> str:
    """A summary line, then one line per flagged run."""
    out = []
    if report.integrity != "ok":
        out.append(_("Database integrity check FAILED: {problem}").format(problem=printable(report.integrity)))
    for copy in report.damaged_copies:
        out.append(_("DAMAGED {copy}; repair it with: dojo verify --repair").format(copy=printable(copy)))
    if not report.wrote:
        out.append(_("The database is damaged, so nothing was written to it."))
    passed = report.passed
    out.append(_("Checked {checked} run(s): {passed} passed, {flagged} flagged.").format(checked=report.checked, passed=passed, flagged=len(report.flagged)))
    if report.restored:
        out.append(_("{count} run(s) flagged earlier pass again and are back on the boards.").format(count=report.restored))
    if report.not_stored is not None:
        out.append(
            _("The store cannot be written ({problem}): nothing was written; the verdicts above are not stored.").format(
                problem=printable(report.not_stored)
            )
        )
    if report.legacy:
        out.append(
            _("{count} run(s) were sealed before seals had a key (legacy): not on the boards; adopt them with --reseal.").format(count=report.legacy)
        )
    if report.resealed:
        out.append(_("{count} legacy run(s) replayed correctly and were sealed with this key.").format(count=report.resealed))
    if report.unchecked:
        out.append(_("{count} run(s) could not be checked here (not flagged):").format(count=len(report.unchecked)))
    for finding in report.flagged:
        out.append(
            _("FLAGGED {run}  {player}  {scenario}  {mode}  {finished}: {problem}").format(
                run=finding.run_uid, player=printable(finding.player), scenario=printable(finding.scenario_id),
                mode=mode_word(finding.mode), finished=short(finding.finished_at), problem=printable(problem_text(finding.problem)),
            )
        )
    for finding in report.unchecked[:20]:
        out.append(
            _("UNCHECKED {run}  {player}  {scenario}: {problem}").format(
                run=finding.run_uid, player=printable(finding.player), scenario=printable(finding.scenario_id),
                problem=printable(problem_text(finding.problem)),
            )
        )
    return "\n".join(out)
