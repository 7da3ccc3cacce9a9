"""What every fuzz target shares: how many examples, time bounds, saving failures, the properties.

The property checks live here, not in the test modules, so the corpus replay
(`test_fuzz_corpus.py`) holds every saved input to exactly the property that found it.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from game.scenario.diagnostics import CODES, Diagnostic, DiagnosticError
from game.scenario.loader import Loaded, load_scenario_text

CORPUS = Path(__file__).resolve().parent / "corpus"
REPO = Path(__file__).resolve().parents[2]
SEED_SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))

# Long runs: DOJO_FUZZ_EXAMPLES=20000 pytest -m fuzz tests/fuzz
LONG_EXAMPLES = int(os.environ.get("DOJO_FUZZ_EXAMPLES", "0") or 0)
SAVE_DIR = os.environ.get("DOJO_FUZZ_SAVE")
# Hypothesis' deadline is wall-clock time, which means little on a loaded machine (the
# fuzz runs share two cores with everything else); `time_bound` below counts CPU time and
# is the real per-example deadline. Set DOJO_FUZZ_DEADLINE_MS to add a wall-clock one.
DEADLINE_MS = int(os.environ.get("DOJO_FUZZ_DEADLINE_MS", "0") or 0) or None
HARD_LIMIT_S = 10.0  # CPU seconds: any single call past this is a hang


def fuzz_settings(default_examples: int) -> settings:
    """Hypothesis settings for one target: modest by default, DOJO_FUZZ_EXAMPLES for long runs."""
    return settings(
        max_examples=LONG_EXAMPLES or default_examples,
        deadline=timedelta(milliseconds=DEADLINE_MS) if DEADLINE_MS else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


class Hang(pytest.fail.Exception):  # type: ignore[misc,name-defined]
    """A call used more than its bound of CPU time: a hang, not a slow run.

    A test failure that is not an Exception (pytest's Failed is a BaseException), so the
    loader's last-resort `except Exception` cannot turn it into a DOJO004 finding and let
    a hang pass as a clean refusal; hypothesis still counts it as a failure and shrinks it.
    """


@contextmanager
def time_bound(seconds: float = HARD_LIMIT_S) -> Iterator[None]:
    """Fail with Hang once the block has used `seconds` of CPU time (main thread, POSIX only).

    CPU time, not wall-clock time: under a load of 20 on two cores a 0.3 s load takes 3 s
    of wall time, and a bound on that would fail for the machine, not for the code.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise Hang(f"hang: the call did not return within {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def save_failure(target: str, data: bytes, suffix: str) -> None:
    """With DOJO_FUZZ_SAVE set, keep a failing input as `<dir>/<target>/<hash><suffix>`."""
    if not SAVE_DIR:
        return
    folder = Path(SAVE_DIR) / target
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(data).hexdigest()[:16] + suffix
    (folder / name).write_bytes(data)


_RUN: dict[str, int] = {}  # examples checked per target in this process


@contextmanager
def saving(target: str, data: bytes, suffix: str) -> Iterator[None]:
    """Run a property check; if it fails in any way, save the input that made it fail.

    With DOJO_FUZZ_SAVE set, the number of inputs checked per target is also kept in
    `<dir>/counts-<pid>.txt`, so a long run can be stopped at any time and still report.
    """
    try:
        yield
    except BaseException:
        save_failure(target, data, suffix)
        raise
    finally:
        _RUN[target] = _RUN.get(target, 0) + 1
        if SAVE_DIR and _RUN[target] % 50 == 0:
            counts = " ".join(f"{name}={count}" for name, count in sorted(_RUN.items()))
            Path(SAVE_DIR).mkdir(parents=True, exist_ok=True)
            (Path(SAVE_DIR) / f"counts-{os.getpid()}.txt").write_text(counts + "\n")


# --------------------------------------------------------------------------- diagnostics


def check_diagnostic(diagnostic: Diagnostic, file: str, line_count: int) -> None:
    """One finding is well formed: a known code, the file, a sane position, a one-line message."""
    assert diagnostic.code in CODES, diagnostic
    assert diagnostic.severity is CODES[diagnostic.code].severity, diagnostic
    assert diagnostic.file == file, diagnostic
    assert 0 <= diagnostic.line <= line_count + 1, diagnostic.format()
    assert 0 <= diagnostic.col, diagnostic.format()
    assert (diagnostic.line == 0) == (diagnostic.col == 0), diagnostic.format()
    assert diagnostic.message.strip(), diagnostic
    assert "\n" not in diagnostic.message and "\r" not in diagnostic.message, diagnostic.format()
    assert "Traceback" not in diagnostic.message, diagnostic.format()


def line_count(raw: bytes) -> int:
    """How many lines a file has, counting every break YAML counts (generously)."""
    text = raw.decode("utf-8", errors="replace")
    return len(text.splitlines()) + 1


def check_loader(raw: bytes, file: str = "fuzz.yaml", seconds: float = HARD_LIMIT_S) -> Loaded | None:
    """The loader's property: a scenario, or a DiagnosticError of located, coded errors, within `seconds`."""
    lines = line_count(raw)
    try:
        with time_bound(seconds):
            loaded = load_scenario_text(raw, file)
    except DiagnosticError as error:
        assert error.diagnostics, "a DiagnosticError with no findings"
        assert any(d.is_error for d in error.diagnostics), error
        for diagnostic in error.diagnostics:
            check_diagnostic(diagnostic, file, lines)
        return None
    for diagnostic in loaded.warnings:
        check_diagnostic(diagnostic, file, lines)
        assert not diagnostic.is_error, diagnostic.format()
    return loaded
