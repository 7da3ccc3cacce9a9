"""`dojo schema [--out FILE]`: the JSON Schema of the scenario format for editors and validators."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.i18n import N_, _
from game.commands.common import EXIT_OK
from game.scenario.schema import json_schema
from game.store.display import printable
from game.store.files import STDOUT, write_output

NAME = "schema"
HELP = N_("print the JSON Schema of the scenario format (or write it with --out)")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """`--out FILE` writes the schema to a file instead of printing it."""
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=_("write the schema to FILE (e.g. scenarios/scenario.schema.json), replacing it if it exists; '-' prints it"),
    )


def schema_text() -> str:
    """The schema as the text both printing and `--out` produce (readable, non-ASCII kept)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path | str) -> None:
    """Write the schema to `path` through `game.store.files` ('-' prints it); a refusal is an OutputError."""
    text = schema_text()
    write_output(str(path), lambda stream: stream.write(text))


def execute(args: argparse.Namespace) -> int:
    """Print the schema, or write it to `--out`."""
    if args.out and args.out != STDOUT:
        write_schema(args.out)
        print(_("wrote {path}").format(path=printable(args.out)))
    else:
        print(schema_text(), end="")
    return EXIT_OK
