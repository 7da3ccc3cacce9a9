"""`dojo official`: show or set the store's official pack (the content whose runs reach the official boards).

Without options it lists the pack: each scenario's id, file name and content hash, and the
rubric's digest. `--set FILE_OR_FOLDER...` (with `--rubric FILE` for another rubric) makes
those scenarios the pack, sealed with the owner's key, and re-labels every stored run;
`--bundled` goes back to the bundled pack. Only the store's owner (who holds the seal key)
can set a pack other stores' boards will believe (docs/security.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError, add_json_option, print_json
from game.store.display import printable
from game.store.errors import StoreError
from game.store.options import add_db_options, store_from_args

if TYPE_CHECKING:
    from game.store.official import Pack

NAME = "official"
HELP = N_("show or set the store's official pack: the scenarios and rubric whose runs reach the official boards")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo official`."""
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--set", nargs="+", metavar="PATH", help=_("make these scenario files (or every *.yaml in these folders) the pack"))
    choice.add_argument("--bundled", action="store_true", help=_("make the bundled scenarios the pack again"))
    parser.add_argument("--rubric", metavar="FILE", help=_("with --set: the pack's rubric (default: the bundled one)"))
    add_db_options(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Show the pack, or set it."""
    from game.store.official import bundled_pack, official_pack_of, pack_from_paths, set_official

    if args.rubric and not args.set:
        raise CommandError(_("--rubric goes with --set"))
    try:
        rubric_text = _read(args.rubric) if args.rubric else None
        new = pack_from_paths([Path(path) for path in args.set], rubric_text) if args.set else bundled_pack() if args.bundled else None
        with store_from_args(args) as store:
            pack = set_official(store, new) if new is not None else official_pack_of(store)
    except StoreError as error:
        raise CommandError(error.message, error.code) from None
    if args.json:
        print_json(pack_json(pack))
    else:
        print(pack_text(pack, changed=new is not None))
    return EXIT_OK


def _read(path: str) -> str:
    """A rubric file's text; CommandError if it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(_("cannot read {path}: {reason}").format(path=path, reason=getattr(error, "strerror", None) or error)) from None


def pack_json(pack: Pack) -> dict[str, object]:
    """The pack for `--json`."""
    return {
        "rubric_digest": pack.rubric_digest,
        "scenarios": [
            {"id": item.scenario_id, "file": item.file_name, "content_hash": item.content_hash}
            for item in sorted(pack.files, key=lambda item: (item.scenario_id, item.content_hash))
        ],
    }


def pack_text(pack: Pack, changed: bool) -> str:
    """The pack as lines of text."""
    if changed:
        head = _("The official pack is now: {count} scenario(s), rubric {rubric}")
    else:
        head = _("Official pack: {count} scenario(s), rubric {rubric}")
    out = [head.format(count=len(pack.files), rubric=pack.rubric_digest or _("none"))]
    for item in sorted(pack.files, key=lambda item: (item.scenario_id, item.content_hash)):
        out.append(f"  {printable(item.scenario_id):<28} {item.content_hash[:12]}  {printable(item.file_name)}")
    return "\n".join(out)
