"""The bundled scenario pack: YAML files that ship with the game."""

from pathlib import Path

BUNDLED_DIR = Path(__file__).resolve().parent
