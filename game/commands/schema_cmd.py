"""`dojo schema [--out FILE]`: the JSON Schema of the scenario format for editors and validators."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.commands.common import EXIT_OK, CommandError
from game.scenario.schema import json_schema

NAME = "schema"
HELP = "print the JSON Schema of the scenario format (or write it with --out)"


def add_parser(parser: argparse.ArgumentParser) -> None:
    """`--out FILE` writes the schema to a file instead of printing it."""
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the schema to FILE (e.g. scenarios/scenario.schema.json), replacing it if it exists",
    )


def schema_text() -> str:
    """The schema as the text both printing and `--out` produce (readable, non-ASCII kept)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path) -> None:
    """Write the schema to `path`; an unwritable path is a CommandError naming it."""
    try:
        path.write_text(schema_text(), encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None


def execute(args: argparse.Namespace) -> int:
    """Print the schema, or write it to `--out`."""
    if args.out:
        write_schema(Path(args.out))
        print(f"wrote {args.out}")
    else:
        print(schema_text(), end="")
    return EXIT_OK
