"""The import rules of architecture.md: the layer order (import-linter contracts in pyproject.toml),
scoring standing alone, textual and pygame kept in their front ends (also checked cheaply here)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
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


def run_contracts(root: Path) -> tuple[int, str, dict[str, str]]:
    """Run `lint-imports` on the tree at `root` with this interpreter: exit code, output, and each contract's verdict."""
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    environment = dict(os.environ, COLUMNS="1000", NO_COLOR="1", TERM="dumb")  # one line per contract
    done = subprocess.run(
        [sys.executable, "-c", script, "--no-cache"],
        cwd=root, env=environment, capture_output=True, text=True, timeout=60,
    )
    output = done.stdout + done.stderr
    verdicts = {}
    for line in output.splitlines():
        name, _, verdict = line.rstrip().rpartition(" ")
        if verdict in ("KEPT", "BROKEN") and name:
            verdicts[name] = verdict
    return done.returncode, output, verdicts


def contract_names() -> dict[str, str]:
    """Each contract's name in pyproject.toml, by its id."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {contract["id"]: contract["name"] for contract in config["tool"]["importlinter"]["contracts"]}


def test_the_import_contracts_are_kept():
    """Every import-linter contract in pyproject.toml (the layer order and the front-end rules) is kept."""
    code, output, verdicts = run_contracts(REPO)
    assert code == 0, output
    assert verdicts == {name: "KEPT" for name in contract_names().values()}, output


@pytest.mark.parametrize(
    ("module", "upward", "contract"),
    [
        ("game/engine/session.py", "import game.tui", "layers"),
        ("scoring/scorer.py", "import game", "scoring-alone"),
        ("scoring/safe_yaml.py", "import scoring.rubric", "scoring-layers"),
        ("game/play/controller.py", "import game.gui.app", "layers"),
    ],
    ids=["engine-imports-tui", "scoring-imports-game", "safe_yaml-imports-rubric", "controller-imports-gui"],
)
def test_an_upward_import_breaks_its_contract(tmp_path, module, upward, contract):
    """One upward import added to a copy of the code breaks exactly the contract that forbids it."""
    for folder in ("game", "scoring"):
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{upward}  # upward, added by the test\n", encoding="utf-8")
    code, output, verdicts = run_contracts(tmp_path)
    assert code != 0, output
    assert {name for name, verdict in verdicts.items() if verdict == "BROKEN"} == {contract_names()[contract]}, output


@pytest.mark.parametrize("package", ["game", "scoring"])
def test_package_roots_import_nothing(package):
    """game/__init__.py and scoring/__init__.py import nothing: they run before every module below them."""
    assert imported_modules(REPO / package / "__init__.py") <= {"__future__"}
