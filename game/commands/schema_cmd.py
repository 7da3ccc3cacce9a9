"""`dojo schema`: print the JSON Schema of the scenario format for editors and validators."""

from __future__ import annotations

import argparse

from game.commands.common import EXIT_OK, print_json
from game.scenario.schema import json_schema

NAME = "schema"
HELP = "print the JSON Schema of the scenario format"


def add_parser(parser: argparse.ArgumentParser) -> None:
    """No options: the schema is always JSON."""


def execute(args: argparse.Namespace) -> int:
    """Print the schema."""
    print_json(json_schema())
    return EXIT_OK
