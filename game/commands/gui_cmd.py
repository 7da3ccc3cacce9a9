"""`dojo gui [SCENARIO]`: the window game (pygame-ce), for training rooms and kiosks.

Every input is checked before a window opens: the scenario file, the player name, the
window size, the autoplay reply list (replayed on a throwaway session, as `dojo run
--choices` reads it), the screenshot folder (created and written to once) and the
database. Each failure is one line and exit code 2. pygame is imported only after that,
through `game.gui.app`, so other commands never load it.

`--autoplay CHOICES` plays the scenario unattended: the profile, the scenario list, each
reply, the debrief, with a screenshot of each screen in `--screenshot-dir`. Without
screenshots (and outside the headless dummy driver) it paces itself for people to watch,
and `--loop` plays it again and again as a kiosk's attract mode. An autoplayed run is
neither saved nor recorded, and does not change the remembered settings.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError, add_locale_option, close_after_play, localized_or_fail, seed_number
from game.store.errors import StoreError
from game.store.options import add_db_options

if TYPE_CHECKING:
    from game.play.catalog import Entry

NAME = "gui"
HELP = N_("play scenarios in a window (pygame): the arcade version for training rooms and kiosks")
MODES = ("practice", "ranked")  # game.engine.session.MODES, spelled here to keep parsing light
KIOSK_PLAYER = "kiosk"
AUTOPLAY_SEED = 0  # an unattended run must play exactly the replies it was checked with
SIZE_LIMITS = ((640, 480), (7680, 4320))


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo gui`."""
    parser.add_argument("scenario", nargs="?", help=_("a scenario file to start with (default: pick from the bundled pack)"))
    parser.add_argument("--mode", choices=MODES, default="practice", help=_("practice (default) or ranked"))
    parser.add_argument("--player", metavar="NAME", help=_("play as NAME (default: the name remembered from last time; 'kiosk' in autoplay)"))
    parser.add_argument("--size", metavar="WxH", help=_("window size in pixels, e.g. 1280x720 (default 1280x720)"))
    parser.add_argument("--fullscreen", action="store_true", help=_("start in fullscreen (F11 toggles it)"))
    parser.add_argument("--seed", type=seed_number, help=_("seed for the reply order and the variant wordings (default: random; 0 in autoplay)"))
    parser.add_argument(
        "--autoplay",
        metavar="CHOICES",
        help=_("play SCENARIO unattended with these comma-separated reply ids or 1-based numbers (as dojo run --choices with the same --seed)"),
    )
    parser.add_argument("--screenshot-dir", metavar="DIR", help=_("with --autoplay: save a PNG of each screen here"))
    parser.add_argument("--loop", action="store_true", help=_("with --autoplay: play again and again (a kiosk's attract mode)"))
    add_locale_option(parser)
    add_db_options(parser)


def parse_size(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720); a usage error when malformed or out of range."""
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if match is None:
        raise CommandError(_("--size {text}: give the window size as WIDTHxHEIGHT, e.g. 1280x720").format(text=repr(text)))
    width, height = int(match[1]), int(match[2])
    (low_w, low_h), (high_w, high_h) = SIZE_LIMITS
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        raise CommandError(
            _("--size {text}: the window must be between {low_w}x{low_h} and {high_w}x{high_h}").format(
                text=text, low_w=low_w, low_h=low_h, high_w=high_w, high_h=high_h
            )
        )
    return width, height


def autoplay_choices(entry: Entry, tokens_text: str, mode: str, seed: int) -> tuple[str, ...]:
    """The reply ids a --autoplay list stands for, checked by playing it to an ending."""
    from game.commands.run_cmd import play_to_ending
    from game.engine.session import Session

    if not tokens_text.strip(" ,"):
        raise CommandError(_("--autoplay needs at least one reply id or number"))
    session = Session(entry.scenario, seed=seed, mode=mode)  # type: ignore[arg-type]
    play_to_ending(session, tokens_text, "--autoplay")
    return tuple(turn.choice.id for turn in session.turns)


def screenshot_folder(text: str) -> Path:
    """The screenshot folder, created if needed and proved writable."""
    folder = Path(text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".dojo-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise CommandError(_("--screenshot-dir {folder}: cannot write there: {reason}").format(folder=text, reason=error.strerror or error)) from None
    return folder


def check_player(name: str) -> None:
    """A usable player name, or a usage error."""
    from game.store.players import check_name

    try:
        check_name(name)
    except StoreError as error:
        raise CommandError(error.message) from None


def execute(args: argparse.Namespace) -> int:
    """Check every input, then open the window and play until the trainee quits (or autoplay ends)."""
    from game.i18n import choose_locale, use_locale
    from game.play.catalog import CatalogError, load_entry, load_folder
    from game.store.options import store_from_args
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    if args.autoplay is None and (args.screenshot_dir or args.loop):
        raise CommandError(_("--screenshot-dir and --loop need --autoplay CHOICES"))
    if args.autoplay is not None and not args.scenario:
        raise CommandError(_("--autoplay needs a SCENARIO file to play"))
    if args.player is not None:
        check_player(args.player)
    size = parse_size(args.size) if args.size else None
    from game.gui.errors import display_problem, quiet_audio, software_framebuffer

    problem = display_problem(os.environ, sys.platform)
    if problem:
        raise CommandError(problem)
    quiet_audio(os.environ, sys.platform)
    software_framebuffer(os.environ, sys.platform)
    rubric = default_rubric()
    try:
        start = load_entry(Path(args.scenario), rubric) if args.scenario else None
    except CatalogError as error:
        raise CommandError(error.args[0]) from None
    if start is not None and args.locale:
        start = replace(start, scenario=localized_or_fail(start.scenario, args.scenario, args.locale), source=start.scenario)
    use_locale(choose_locale(args.locale, start.scenario.locale if start is not None else None))  # the window's words
    plan = None
    if args.autoplay is not None:
        assert start is not None
        seed = AUTOPLAY_SEED if args.seed is None else args.seed
        choices = autoplay_choices(start, args.autoplay, args.mode, seed)
        folder = screenshot_folder(args.screenshot_dir) if args.screenshot_dir else None
        headless = os.environ.get("SDL_VIDEODRIVER") == "dummy"
        plan = (choices, folder, folder is not None or headless, bool(args.loop), seed)
    entries, _unused = load_folder(BUNDLED_DIR, rubric, args.locale)
    try:
        store = store_from_args(args)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    try:
        return _run(args, entries, start, store, size, plan)
    finally:
        close_after_play(store, "gui")


def _run(args: argparse.Namespace, entries: list, start: Entry | None, store: object, size: tuple[int, int] | None, plan: tuple | None) -> int:
    """Open the window (pygame loads here) and run the app; a window that cannot open is a usage error."""
    from game.gui.app import AutoplayPlan, GuiApp
    from game.gui.errors import WindowError

    autoplay = None
    seed = args.seed
    player = args.player
    if plan is not None:
        choices, folder, fast, loop, seed = plan
        autoplay = AutoplayPlan(choices, folder, fast, loop)
        player = player or KIOSK_PLAYER
    app = GuiApp(
        entries,
        start=start,
        store=store,  # type: ignore[arg-type]
        mode=args.mode,
        player=player,
        seed=seed,
        size=size,
        fullscreen=True if args.fullscreen else (False if autoplay is not None else None),
        autoplay=autoplay,
        asked_locale=args.locale,
    )
    try:
        code = app.run()
    except WindowError as error:
        raise CommandError(_("cannot open a window: {problem} (headless? set SDL_VIDEODRIVER=dummy)").format(problem=error)) from None
    return code or EXIT_OK
