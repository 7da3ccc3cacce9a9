"""The import rules of architecture.md: scoring stands alone; textual and pygame stay in their front ends."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def python_files(folder: str) -> list[Path]:
    """Every module under a top-level package."""
    return sorted((REPO / folder).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports (static, so nothing is run)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", python_files("scoring"), ids=lambda p: str(p.relative_to(REPO)))
def test_scoring_imports_nothing_from_game(path):
    """scoring/ knows nothing of scenarios, files or front ends."""
    assert not {name for name in imported_modules(path) if name == "game" or name.startswith("game.")}


@pytest.mark.parametrize("path", python_files("game") + python_files("scoring"), ids=lambda p: str(p.relative_to(REPO)))
def test_front_end_libraries_stay_in_their_front_ends(path):
    """textual only in game/tui, pygame only in game/gui."""
    relative = path.relative_to(REPO).as_posix()
    names = imported_modules(path)
    if not relative.startswith("game/tui/"):
        assert not {n for n in names if n.split(".")[0] == "textual"}, relative
    if not relative.startswith("game/gui/"):
        assert not {n for n in names if n.split(".")[0] == "pygame"}, relative


def test_core_imports_with_front_end_libraries_blocked():
    """Every core module imports in a process where textual and pygame cannot be imported."""
    core = [
        p.relative_to(REPO).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
        for p in python_files("game") + python_files("scoring")
        if not p.relative_to(REPO).as_posix().startswith(("game/tui/", "game/gui/"))
    ]
    script = (
        "import sys, importlib\n"
        "sys.modules['textual'] = None\n"
        "sys.modules['pygame'] = None\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
