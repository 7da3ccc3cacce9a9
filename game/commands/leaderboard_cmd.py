"""`dojo leaderboard`: a scenario's board or the overall one, per cohort, team and window.

Each player ranks once, on their best verified ranked run in the window; ties go to
whoever got there first; the overall board rewards breadth (see `game/store/boards.py`
and the README). `--player P` adds P's own row with the neighbours above and below, and
`--opt-out` / `--opt-in` hide P from every board or show them again.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from game.i18n import N_, _, rubric_text
from game.commands.common import EXIT_OK, CommandError, add_json_option, print_json, whole_number, MAX_COUNT
from game.store.display import fit, pad, printable
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args
from game.store.windows import WINDOWS, short

if TYPE_CHECKING:
    from game.store.boards import Board, BoardEntry
    from game.store.scenario_names import KnownScenario

NAME = "leaderboard"
HELP = N_("show a leaderboard: best verified ranked run per player, per scenario or overall")
NAME_COLUMNS = 24


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo leaderboard`."""
    parser.add_argument(
        "--scenario", metavar="ID_OR_TITLE", help=_("the board of one scenario, by id or title, any case (default: the overall board)")
    )
    parser.add_argument("--cohort", metavar="C", help=_("only players of this cohort (hire class)"))
    parser.add_argument("--team", metavar="T", help=_("only players of this team"))
    parser.add_argument(
        "--window", choices=WINDOWS, default="all", help=_("week (from Monday 00:00 UTC), month, or all (default)")
    )
    parser.add_argument("--player", metavar="P", help=_("also show P's own row with the neighbours above and below"))
    parser.add_argument("--limit", type=whole_number(high=MAX_COUNT), default=10, help=_("how many top rows (default 10)"))
    parser.add_argument("--around", type=whole_number(high=MAX_COUNT), default=2, help=_("neighbours shown each side of --player (default 2)"))
    parser.add_argument(
        "--custom", action="store_true", help=_("the board of custom content (scenarios or rubrics not in the official pack), labelled")
    )
    visibility = parser.add_mutually_exclusive_group()
    visibility.add_argument("--opt-out", action="store_true", help=_("hide --player from every board (runs are kept)"))
    visibility.add_argument("--opt-in", action="store_true", help=_("show --player on the boards again"))
    visibility.add_argument("--reset-pin", action="store_true", help=_("(the store's owner) clear --player's forgotten PIN"))
    parser.add_argument("--pin", metavar="PIN", help=_("with --opt-out or --opt-in: the player's PIN, if they hold one"))
    add_db_options(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Show the board (or change the player's visibility)."""
    if args.limit < 1:
        raise CommandError(_("--limit must be at least 1"))
    if args.around < 0:
        raise CommandError(_("--around cannot be negative"))
    if (args.opt_out or args.opt_in or args.reset_pin) and args.player is None:
        raise CommandError(_("--opt-out, --opt-in and --reset-pin need --player NAME"))
    # Imported here, not at the top: SQLAlchemy loads only for commands that use the store.
    from game.store.boards import BoardSpec, leaderboard
    from game.store.identity import clear_pin, is_owner, may_act_for
    from game.store.players import set_opt_out
    from game.store.scenario_names import resolve_known

    try:
        with store_from_args(args) as store:
            if args.reset_pin:
                if not is_owner(store):
                    raise CommandError(_("only the store's owner (who holds its seal key) can clear a PIN"))
                player = clear_pin(store, args.player)
                print(_("{player}'s PIN is cleared; the next seat to use the name sets a new one.").format(player=printable(player.name)))
                return EXIT_OK
            if args.opt_out or args.opt_in:
                may_act_for(store, args.player, args.pin)
                player = set_opt_out(store, args.player, opted_out=args.opt_out)
                said = _("{player} is now hidden from every board.") if player.opted_out else _("{player} shows on the boards again.")
                print(said.format(player=printable(player.name)))
                return EXIT_OK
            known = resolve_known(store, args.scenario) if args.scenario is not None else None
            spec = BoardSpec(known.scenario_id if known else None, args.cohort, args.team, args.window, custom=args.custom)
            board = leaderboard(store, spec, args.limit, args.player, args.around)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    if board.dropped:
        dropped = _(
            "{count} run(s) failed their seal check (edited in the database, or not official content) and were left off; see 'dojo verify'"
        ).format(count=board.dropped)
        print(f"dojo leaderboard: {dropped}", file=sys.stderr)
    if args.json:
        print_json(board.to_json())
    else:
        print(board_text(board, _named(known) if known is not None and known.title != known.scenario_id else None))
    return EXIT_OK


def _named(known: KnownScenario) -> str:
    """The board's scenario as 'Title (id)', its title in the language shown when it is a bundled scenario with a
    complete translation table for it (the store keeps the title as written)."""
    from dataclasses import replace

    from game.i18n import active_locale
    from game.play.catalog import CatalogError, load_entry
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    path = BUNDLED_DIR / f"{known.scenario_id}.yaml"
    if not path.is_file():
        return known.shown
    try:
        entry = load_entry(path, default_rubric(), active_locale())
    except CatalogError:
        return known.shown
    translated = entry.source is not None and entry.scenario.id == known.scenario_id
    return replace(known, title=entry.scenario.title).shown if translated else known.shown


def board_text(board: Board, named: str | None = None) -> str:
    """The board as a table, a scenario's named as `named` ('Title (id)') when given; a gap line separates the top rows from the player's neighbourhood."""
    title = printable(board.spec.title)
    if named is not None and board.spec.scenario is not None:
        title = named + title[len(printable(board.spec.scenario)) :]
    if board.size is not None:
        out = [_("Leaderboard: {title} ({size} players)").format(title=title, size=board.size)]
    else:
        out = [_("Leaderboard: {title}").format(title=title)]
    if board.spec.scenario is None and board.scenario_set:
        out.append(
            _("Scenario set ({count}): {scenarios}").format(count=len(board.scenario_set), scenarios=printable(", ".join(board.scenario_set)))
        )
    rows = board.rows()
    if not rows:
        out.append(_("No verified ranked runs on this board yet."))
    else:
        overall = board.spec.scenario is None
        extra = "  " + _("Played") if overall else ""
        rank, player, score, band, reached = _("Rank"), _("Player"), _("Score"), _("Band"), _("Reached")
        out.append(f"{pad(rank, 6, right=True)}  {fit(player, NAME_COLUMNS)}  {pad(score, 6)}  {pad(band, 6)}  {pad(reached, 20)}{extra}")
        you = board.you
        previous = 0
        for entry in rows:
            if entry.rank > previous + 1:
                out.append("   ...")
            out.append(_row(entry, entry is you or (you is not None and entry.rank == you.rank), overall, board))
            previous = entry.rank
    if board.player is not None and board.you is None:
        out.append(_("{player} has no verified ranked run on this board (or has opted out).").format(player=printable(board.player)))
    return "\n".join(line.rstrip() for line in out)


def _row(entry: BoardEntry, mine: bool, overall: bool, board: Board) -> str:
    """One table row; the player's own row is marked with '>'."""
    mark = ">" if mine else " "
    band = rubric_text(entry.band) if entry.band else "-"  # the band's name in the language shown
    played = f"  {entry.scenarios}/{len(board.scenario_set)}" if overall else ""
    return (
        f"{mark}{entry.rank:>5}  {fit(entry.player, NAME_COLUMNS)}  {entry.percent:5.1f}%  {pad(band, 6)}  "
        f"{short(entry.finished_at):<20}{played}"
    )
