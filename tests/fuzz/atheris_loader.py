"""Coverage-guided fuzzing of the scenario loader with atheris (optional; not part of the test run).

    pip install atheris
    python -m tests.fuzz.atheris_loader -atheris_runs=200000 [-max_total_time=1800] [CORPUS_DIR ...]

Seeds are the bundled scenarios and tests/fuzz/corpus/loader. The property is the same
as the hypothesis target's (`tests.fuzz.harness.check_loader`): any input gives a
scenario or a located DiagnosticError. libFuzzer writes a crashing input to
`crash-<hash>` in the working directory; copy it to tests/fuzz/corpus/loader/ with a
name that says what it was, once fixed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from game.scenario import compile as _compile  # noqa: F401 - instrumented for coverage
    from game.scenario import conditions as _conditions  # noqa: F401
    from game.scenario import loader as _loader  # noqa: F401
    from game.scenario import source as _source  # noqa: F401
    from scoring import safe_yaml as _safe_yaml  # noqa: F401 - the reader itself

from tests.fuzz.harness import CORPUS, SEED_SCENARIOS, check_loader


def test_one_input(data: bytes) -> None:
    """One libFuzzer input through the loader's property."""
    check_loader(data, "atheris.yaml")


def seed_folder() -> str:
    """A temporary folder holding the seeds (libFuzzer adds what it finds to the first folder)."""
    folder = Path(tempfile.mkdtemp(prefix="dojo-atheris-"))
    for path in [*SEED_SCENARIOS, *sorted((CORPUS / "loader").glob("*.yaml"))]:
        shutil.copy(path, folder / path.name)
    return str(folder)


def main() -> None:
    """Run libFuzzer with the seeds unless folders were given."""
    argv = sys.argv[:]
    if not any(not arg.startswith("-") for arg in argv[1:]):
        argv.append(seed_folder())
    if not any(arg.startswith("-max_len") for arg in argv):
        argv.append("-max_len=131072")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
