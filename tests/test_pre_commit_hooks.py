"""Tests for .pre-commit-hooks.yaml: the `dojo-lint` hook a team's scenario repository uses."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, FIXTURES, REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"
# pre-commit's manifest schema: these keys are required, and `language` must be one it knows.
REQUIRED = {"id", "name", "entry", "language"}
LANGUAGES = {"python", "system", "unsupported", "script", "docker", "node", "golang", "rust", "ruby"}


def hook() -> dict:
    """The dojo-lint hook as pre-commit reads it."""
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    matching = [entry for entry in hooks if entry.get("id") == "dojo-lint"]
    assert len(matching) == 1
    return matching[0]


def entry_command() -> list[str]:
    """The hook's entry as an argument list, `dojo` resolved to this environment's script."""
    words = shlex.split(hook()["entry"])
    script = Path(sys.executable).with_name("dojo")
    found = str(script) if script.exists() else shutil.which("dojo")
    if found is None:
        pytest.skip("the `dojo` script is not installed in this environment (pip install -e .)")
    assert words[0] == "dojo"
    return [found, *words[1:]]


def test_manifest_has_the_fields_pre_commit_requires() -> None:
    """The hook has id, name, entry and a known language, passes file names, and runs `dojo lint`."""
    entry = hook()
    assert REQUIRED <= set(entry)
    assert entry["language"] in LANGUAGES
    assert entry["pass_filenames"] is True
    assert shlex.split(entry["entry"])[:2] == ["dojo", "lint"]
    assert all(isinstance(entry[key], str) and entry[key] for key in REQUIRED)


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("scenarios/broken-kettle.yaml", True),
        ("scenarios/refunds/late.yml", True),
        ("team/scenarios/a.yaml", True),
        ("scenarios/scenario.schema.json", False),
        ("docs/example.yaml", False),
        (".pre-commit-config.yaml", False),
        ("myscenarios/a.yaml", False),
    ],
)
def test_files_pattern_picks_scenario_files_only(path: str, matches: bool) -> None:
    """The `files` regex (searched as pre-commit does) takes YAML under a scenarios folder and nothing else."""
    assert bool(re.search(hook()["files"], path)) is matches


def test_entry_passes_a_good_file_and_fails_a_bad_one() -> None:
    """Running the entry with file names exits 0 on a clean scenario and 1 on one with errors."""
    command = entry_command()
    good = subprocess.run([*command, str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run([*command, str(EXAMPLE), str(FIXTURES / "bad" / "DOJO201-missing-next.yaml")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "DOJO201" in bad.stdout
