"""`dojo new ID`: write a scenario skeleton that lints clean, plays to Gold and teaches the format.

The file is `ID.yaml` in the current folder (or `--dir DIR`). Its first line points the
YAML language server at the format's JSON Schema: at the nearest `scenario.schema.json`
(in the folder or a parent folder, or a parent's `docs/`, up to the repository root),
or, when there is none, at a `scenario.schema.json` that `dojo new` writes beside the
new file. `--schema` names another path or URL instead. An existing file is never
replaced without `--force`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from game.i18n import N_, _
from game.commands.common import EXIT_OK, CommandError
from game.store.files import OutputError, check_name, write_output

NAME = "new"
HELP = N_("write a new scenario skeleton (ID.yaml) that lints clean and plays")
SCHEMA_FILE = "scenario.schema.json"


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo new`."""
    parser.add_argument("id", help=_("the scenario id, e.g. broken-kettle: lower-case letters, digits, '-' and '_'"))
    parser.add_argument("--title", help=_("the title shown in the scenario list (default: made from the id)"))
    parser.add_argument(
        "--cast",
        action="append",
        metavar="KEY:NAME[:ROLE]",
        help=_(
            "a cast member, e.g. lin:Ms Lin:customer; repeat it or separate members with commas. "
            "The first is the customer who speaks; ROLE is customer, companion, staff or narrator"
        ),
    )
    parser.add_argument("--skills", metavar="A,B", help=_("the skills it trains (default: listening,empathy,refusal,resolution)"))
    parser.add_argument("--dir", default=".", metavar="DIR", help=_("the folder to write ID.yaml in (default: the current one)"))
    parser.add_argument(
        "--schema",
        metavar="PATH_OR_URL",
        help=_(
            "what the editor modeline points at, relative to the new file (default: the nearest {schema}, "
            "written beside the new file when there is none)"
        ).format(schema=SCHEMA_FILE),
    )
    parser.add_argument("--force", action="store_true", help=_("replace ID.yaml if it already exists"))


def execute(args: argparse.Namespace) -> int:
    """Check the options, write the skeleton (and the schema if needed) and say what to do next."""
    from game.commands.schema_cmd import write_schema
    from game.scenario.scaffold import BEST_PATH, ScaffoldError, check_id, parse_cast, parse_skills, skeleton
    from scoring.rubric import default_rubric

    check_name(args.dir)
    folder = Path(args.dir)
    if not folder.is_dir():
        raise CommandError(_("no such folder: {folder}").format(folder=args.dir))
    try:
        if args.id.endswith((".yaml", ".yml")):
            raise ScaffoldError(_("give the id without the file suffix: dojo new {id}").format(id=Path(args.id).stem))
        scenario_id = check_id(args.id)
        cast = parse_cast(args.cast)
        skills = parse_skills(args.skills, tuple(default_rubric().dimensions))
        target = folder / f"{scenario_id}.yaml"
        schema, write_schema_to = _schema_reference(folder, args.schema)
        text = skeleton(scenario_id, args.title, cast, skills, schema)
    except ScaffoldError as error:
        raise CommandError(str(error)) from None
    _write(target, text, args.force)
    print(_("wrote {path}").format(path=target))
    if write_schema_to is not None:
        write_schema(write_schema_to)
        print(_("wrote {path} (the format's JSON Schema, for editors)").format(path=write_schema_to))
    print(_("next: dojo lint {path}   then   dojo run {path} --choices {choices}").format(path=target, choices=",".join(BEST_PATH)))
    return EXIT_OK


def find_schema(folder: Path) -> Path | None:
    """The nearest existing schema file for scenarios in `folder`, or None.

    Looks in the folder and each parent for `scenario.schema.json`, then `docs/scenario.schema.json`,
    and stops at the repository root (a folder holding `.git`) so that another project's
    file is never picked up.
    """
    for place in [folder, *folder.parents]:
        for candidate in (place / SCHEMA_FILE, place / "docs" / SCHEMA_FILE):
            if candidate.is_file():
                return candidate
        if (place / ".git").exists():
            break
    return None


def _schema_reference(folder: Path, given: str | None) -> tuple[str, Path | None]:
    """What the modeline says, and where to write a schema file first (None: nothing to write)."""
    if given:
        return given, None
    found = find_schema(folder.resolve())
    if found is None:
        return SCHEMA_FILE, folder / SCHEMA_FILE
    return Path(os.path.relpath(found, folder.resolve())).as_posix(), None


def _write(target: Path, text: str, force: bool) -> None:
    """Write the skeleton through `game.store.files` (a full disk leaves no empty file); refuse to
    replace a file unless forced (the check is made again, atomically, when the file is put in place)."""
    exists = _("{path} already exists; choose another id or --dir, or pass --force to replace it").format(path=target)
    if not force and os.path.lexists(target):
        raise CommandError(exists)
    try:
        write_output(str(target), lambda stream: stream.write(text), replace=force)
    except OutputError:
        if not force and os.path.lexists(target):
            raise CommandError(exists) from None
        raise
