"""Shared test helpers: paths, building scenarios from text, running the CLI in-process."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Iterator
from typing import Any
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from game.scenario.loader import Loaded, load_scenario_text

# Hypothesis' deadline (200 ms per example unless told) and its too_slow health check are
# wall-clock asserts, and no unit test fails on wall time: on a loaded machine they fail
# for the machine, not the code. Every property test starts from this profile; a setting
# that names its own health checks adds too_slow to them (tests/test_no_wall_clock_asserts.py).
# Seals are keyed (game/store/keys.py): every test, and every process a test starts, seals
# with this key instead of making one in the real config folder. Tests of the key file
# itself take the variable away.
TEST_SEAL_KEY = "test-seal-key-0123456789abcdef0123456789abcdef"
os.environ["DOJO_SEAL_KEY"] = TEST_SEAL_KEY

# The language follows the system's (game/i18n): tests read English whatever the machine
# asks for, and a test of another language sets it itself (the autouse fixture resets it).
for _variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

settings.register_profile("dojo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dojo")



@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """Every test starts in English; one that switches the language cannot leak it into the next."""
    from game.i18n import use_locale

    use_locale("en")
    yield
    use_locale("en")


REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLE = REPO / "scenarios" / "late-birthday-parcel.yaml"

# A small scenario that uses a meter threshold, a flag, a conditional reply and a loop.
MINI = """
format: 1
id: mini
title: Mini
summary: A tiny scene for tests.
difficulty: 1
skills: [listening, refusal]
minutes: 1
cast:
  cus: {name: Customer}
  boss: {name: Boss, role: staff}
meters:
  anger: {start: 50, good: low, thresholds: [{at_least: 100, ending: gone}]}
vars:
  heard: false
start: hello
nodes:
  hello:
    say:
      - "I want a refund."
    choices:
      - id: listen
        text: Tell me more.
        tags: [listening.let-vent]
        effects: {anger: -10, heard: true}
        next: ask
      - id: refuse
        text: No, we can't.
        tags: [refusal.premature]
        effects: {anger: +30}
        next: ask
  ask:
    say:
      - variants: ["Well?", "So?", "And?"]
      - speaker: boss
        when: anger >= 60
        text: "Everything all right here?"
    choices:
      - id: firm
        when: heard
        text: I can't do that, but we can repair it.
        tags: [refusal.give-reason, refusal.offer-alternative]
        next: fixed
      - id: again
        text: Sorry, can you tell me all that again?
        tags: [listening.open-question]
        effects: {anger: +25}
        next: ask
      - id: cave
        text: Fine, have it your way, here is all of your money back.
        tags: [refusal.cave]
        next: refunded
endings:
  fixed: {outcome: resolved, title: Fixed, text: Repaired and happy.}
  refunded: {outcome: policy-broken, title: Refunded, text: Money back against policy.}
  gone: {outcome: walked-out, title: Gone, text: The customer storms out.}
"""


# Replies that conditions rule out: 'cave' needs anger above its maximum, so 'secret' and
# the 'refunded' ending behind it are never reached in play (statically they are).
IMPOSSIBLE = MINI.replace(
    """      - id: cave
        text: Fine, have it your way, here is all of your money back.
        tags: [refusal.cave]
        next: refunded""",
    """      - id: cave
        when: anger > 100
        text: Fine, have it your way, here is all of your money back.
        tags: [refusal.cave]
        next: secret
  secret:
    say: ["You found it."]
    choices:
      - id: take
        text: Take it.
        tags: [refusal.cave]
        next: refunded""",
)


def tiny_scenario(scenario_id: str, story: str, anger: int = 50) -> str:
    """A minimal valid scenario: one customer, an anger meter starting at `anger`, starting at
    node `hello`, and the given `story` (the `nodes:` and `endings:` sections)."""
    header = f"""format: 1
id: {scenario_id}
title: {scenario_id.capitalize()}
summary: A tiny scene for tests.
difficulty: 1
skills: [listening]
minutes: 1
cast:
  cus: {{name: Customer}}
meters:
  anger: {{start: {anger}, good: low}}
start: hello
"""
    return header + textwrap.dedent(story).lstrip("\n")


def scenario_from(text: str, file: str = "test.yaml") -> Loaded:
    """Load a scenario from (dedented) YAML text."""
    return load_scenario_text(textwrap.dedent(text), file)


@pytest.fixture()
def mini() -> Loaded:
    """The MINI scenario, loaded."""
    return scenario_from(MINI)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `dojo` in-process: (exit code, stdout, stderr). argparse errors leave through SystemExit."""
    from game.cli import main  # here, so that collecting unrelated tests does not import every command

    try:
        code = main(list(argv))
    except SystemExit as leave:
        code = int(leave.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], path: Path, choices: str, *extra: str) -> dict:
    """`dojo run --json` output, asserting success."""
    code, out, err = run_cli(capsys, "run", str(path), "--choices", choices, "--json", *extra)
    assert (code, err) == (0, ""), err
    return json.loads(out)


@pytest.fixture()
def mini_file(tmp_path: Path) -> Path:
    """MINI written to a file."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


@pytest.fixture()
def broken_rubric(tmp_path: Path) -> Path:
    """A rubric file missing most of its fields."""
    path = tmp_path / "rubric.yaml"
    path.write_text("id: broken\nversion: '1'\n", encoding="utf-8")
    return path


def write_scenario(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    """Write (dedented) scenario text to a file in tmp_path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` holding `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# The store on both engines -------------------------------------------------------------------
# A test that uses the `db_engine` fixture (a storage module says so once, with
# `pytestmark = pytest.mark.usefixtures("db_engine")`) runs twice: on SQLite and on a throwaway
# PostgreSQL server; its stores come from `store_helpers.open_tmp` / `db_url`. A test about
# SQLite files themselves (damage, read-only files, WAL) is marked `sqlite_only` with the reason.


# DOJO_TEST_ENGINES=sqlite runs the two-engine tests on SQLite alone: .ci/run's second pass (the
# lowest versions) does, to stay within CI's time, while the PostgreSQL-only tests still run there.
ENGINES = os.environ.get("DOJO_TEST_ENGINES", "sqlite,postgresql").split(",")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses `db_engine` once per engine (SQLite only where it is marked `sqlite_only`)."""
    if "db_engine" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        engines = ["sqlite"] if only else [name for name in ENGINES if name in ("sqlite", "postgresql")]
        metafunc.parametrize("db_engine", engines, indirect=True)



@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A PostgreSQL server for the whole run (skips where PostgreSQL is not installed, which fails on CI)."""
    from tests.pg_server import Server, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (initdb not on PATH nor in /usr/lib/postgresql/*/bin)")
    server = Server(bin_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def db_engine(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """'sqlite' or 'postgresql': the engine this run of the test stores on (see `store_helpers.Databases`)."""
    from tests.store_helpers import DATABASES

    if request.param == "postgresql":
        DATABASES.server = request.getfixturevalue("pg_server")
    try:
        yield request.param
    finally:
        DATABASES.finish()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On CI (the CI variable set, as it is for `.ci/run`), a skipped test fails: no test skips on CI.

    A test skips only where a Debian package or the steering folder is missing, and
    `.ci/run` installs the packages and CI lays out ../shared, so a skip there means a
    broken install step that would otherwise hide behind a green run.
    """
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where no test may skip: {reason}"


@pytest.fixture()
def clock() -> Any:
    """A store clock the test moves by hand, starting on a Monday (tests/store_helpers.Clock)."""
    from tests.store_helpers import MONDAY, Clock

    return Clock(MONDAY)


@pytest.fixture()
def store(tmp_path: Path, clock: Any) -> Iterator[Any]:
    """A fresh store on `clock` whose official pack starts empty (tests/store_helpers.open_tmp); closed after the test."""
    from tests.store_helpers import open_tmp

    made = open_tmp(tmp_path, clock)
    yield made
    made.close()
