"""`dojo runs`: the recorded runs, newest first, with their verification status.

Abandoned ranked attempts (a saved ranked run the trainee started over, or that a new run
replaced: `game/store/abandoned.py`) are listed among them as 'abandoned', with how many
replies were made; they have no score (in `--json`: status "abandoned", no percent).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from game.i18n import N_, _, rubric_text
from game.commands.common import EXIT_OK, CommandError, add_json_option, print_json, whole_number, MAX_COUNT
from game.store.display import fit, pad, printable
from game.store.run_words import mode_word, problem_text, status_word
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args
from game.store.windows import short

if TYPE_CHECKING:
    from game.store.abandoned import Abandoned
    from game.store.runs import RunRecord

NAME = "runs"
HELP = N_("list recorded runs, newest first (one player's with --player)")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo runs`."""
    parser.add_argument("--player", metavar="P", help=_("only this player's runs"))
    parser.add_argument("--scenario", metavar="ID_OR_TITLE", help=_("only runs of this scenario, by id or title, any case"))
    parser.add_argument("--limit", type=whole_number(high=MAX_COUNT), default=50, help=_("at most this many runs (default 50; 0 for all)"))
    add_db_options(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """List the runs."""
    if args.limit < 0:
        raise CommandError(_("--limit cannot be negative"))
    from game.store.abandoned import list_abandoned
    from game.store.runs import list_runs  # here: SQLAlchemy loads only when needed
    from game.store.scenario_names import resolve_scenario

    try:
        with store_from_args(args) as store:
            scenario = resolve_scenario(store, args.scenario) if args.scenario is not None else None
            records = list_runs(store, args.player, scenario, args.limit or None)
            abandoned = list_abandoned(store, args.player, scenario, args.limit or None)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    listed = newest_first(records, abandoned, args.limit or None)
    if args.json:
        print_json([item.to_json() for item in listed])
    else:
        print(runs_text(listed))
    return EXIT_OK


def newest_first(records: list[RunRecord], abandoned: list[Abandoned], limit: int | None) -> list[RunRecord | Abandoned]:
    """Runs and abandoned attempts together, newest first (by finish or abandon time), at most `limit`."""
    from game.store.abandoned import Abandoned

    def when(item: RunRecord | Abandoned) -> float:
        return item.abandoned_at if isinstance(item, Abandoned) else item.finished_at

    items: list[RunRecord | Abandoned] = [*records, *abandoned]
    merged = sorted(items, key=when, reverse=True)
    return merged[:limit] if limit else merged


def runs_text(records: list[RunRecord | Abandoned]) -> str:
    """The runs as a table; flagged runs say why, abandoned attempts say after how many replies."""
    from game.store.abandoned import Abandoned

    if not records:
        return _("No runs recorded yet.")
    finished, player, scenario, mode = _("Finished"), _("Player"), _("Scenario"), _("Mode")
    score, band, status = _("Score"), _("Band"), _("Status")
    out = [f"{pad(finished, 20)}  {fit(player, 20)}  {fit(scenario, 24)}  {pad(mode, 8)}  {pad(score, 6)}  {pad(band, 6)}  {status}"]
    for run in records:
        if isinstance(run, Abandoned):
            out.append(
                f"{short(run.abandoned_at):<20}  {fit(run.player, 20)}  {fit(run.scenario_id, 24)}  {pad(mode_word(run.mode), 8)}  "
                f"{'-':>6}  {'-':<6}  {run.words}  {run.attempt_uid}"
            )
            continue
        out.append(
            f"{short(run.finished_at):<20}  {fit(run.player, 20)}  {fit(run.scenario_id, 24)}  {pad(mode_word(run.mode), 8)}  "
            f"{run.percent:5.1f}%  {pad(rubric_text(run.band) if run.band else '-', 6)}  {status_word(run.status)}  {run.run_uid}"
        )
        if run.problem:
            out.append(f"    {printable(problem_text(run.problem))}")
    return "\n".join(line.rstrip() for line in out)
