"""README.md starts with the two set-up commands, and .ci/run runs exactly the README's test command."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    """The lines of the first shell block in the README."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "README.md must start with a ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_two_commands():
    """The first thing in the README after the title is the block with two commands."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    before_block = text.split("```sh", 1)[0]
    assert [line for line in before_block.splitlines() if line.strip()] == ["# Service Dojo"]
    assert len(readme_commands()) == 2


def test_ci_runs_the_readme_test_command():
    """Every test run in .ci/run (newest and lowest versions) is the README's test command, word for word."""
    test_command = readme_commands()[1]
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    runs = [line for line in ci_lines if line.startswith("python -m pytest")]
    assert runs.count(test_command) == 2, runs
    assert runs == [test_command, test_command]


def test_install_command_starts_the_game():
    """The install command ends by starting the game, a command `dojo` really has."""
    from game.cli import COMMANDS

    words = shlex.split(readme_commands()[0].split("&&")[-1])
    assert words[:2] == ["dojo", "play"]
    assert "play" in COMMANDS


def test_headless_example_in_the_readme_reaches_gold(capsys):
    """The headless `dojo run` line the README offers plays the example to Gold."""
    from tests.conftest import run_cli

    text = (REPO / "README.md").read_text(encoding="utf-8")
    line = re.search(r"`(dojo run scenarios/\S+ --choices \S+)`", text).group(1)
    code, out, _ = run_cli(capsys, *shlex.split(line)[1:], "--json")
    assert code == 0 and json.loads(out)["score"]["band"] == "Gold"


def test_performance_table_has_every_benchmark_with_its_command():
    """Each benchmark file in tests/bench/ has a row in the README's Performance table with the command that reproduces it."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Performance", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| benchmark")]
    for bench in sorted((REPO / "tests" / "bench").glob("test_bench_*.py")):
        command = f"python -m pytest tests/bench/{bench.name} -m bench -s"
        assert any(command in row for row in rows), f"no Performance row runs {bench.name}"
