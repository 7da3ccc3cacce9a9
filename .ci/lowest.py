"""Print a pip constraints file pinning every dependency of pyproject.toml to its lower bound.

`.ci/run` installs the project with it into a second venv and runs the core tests, so the
lowest versions our ranges admit are tested as well as the newest (pitfalls.md: a new
PyYAML release turned the suite red while CI, with an older wheel cached, stayed green).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(?:[^>]*,)?\s*>=\s*([0-9][^,;\s]*)")


def lower_bounds(pyproject: Path) -> list[str]:
    """`name==lower` for every requirement with a `>=` bound, runtime and test extras alike."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    pins = []
    for requirement in requirements:
        found = LOWER.match(requirement)
        if found is None:
            sys.exit(f"{requirement!r} has no lower bound: give every dependency a tested range")
        if "<" not in requirement:
            sys.exit(f"{requirement!r} has no upper bound: give every dependency a tested range")
        pins.append(f"{found.group(1)}=={found.group(2)}")
    return pins


if __name__ == "__main__":
    print("\n".join(lower_bounds(Path(__file__).resolve().parents[1] / "pyproject.toml")))
