"""No unit test fails on wall time: outside tests/bench/ no test asserts a duration (a small allow-list aside)."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"

# Calls that read a clock (with no arguments: `datetime.time(12)` is not one).
CLOCKS = frozenset(
    {
        "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "time", "time_ns",
        "process_time", "process_time_ns", "thread_time", "thread_time_ns", "cpu_seconds",
    }
)
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
UNITTEST_COMPARES = frozenset({"assertLess", "assertLessEqual", "assertGreater", "assertGreaterEqual", "assertAlmostEqual"})
# Calls whose explicit CPU-time bound is a speed assert (their default is the fuzz harness's hang guard).
BOUNDED = {"time_bound": (0, "seconds"), "check_loader": (2, "seconds")}

# Where a time limit is allowed, and why. Each entry must still be needed (see below).
ALLOWED = {
    ("tests/test_loader.py", "test_bad_fixture_gives_its_code_first"): (
        "the bad-input corpus's one generous ceiling: 2 s of CPU for files that take a few ms"
    ),
    ("tests/fuzz/test_fuzz_loader.py", "test_a_hang_while_reading_fails_as_a_hang_not_as_a_finding"): (
        "tests the hang guard itself, with a short bound"
    ),
    ("tests/fuzz/harness.py", "fuzz_settings"): "DOJO_FUZZ_DEADLINE_MS opts a long fuzz run into a deadline; off by default",
}


class Identifiers(NamedTuple):
    """The names one module uses (names and attribute names), and those it calls with no arguments (as a clock is)."""

    names: frozenset[str]
    bare_calls: frozenset[str]


class Finding(NamedTuple):
    """One time limit in a test: where, and what it is."""

    file: str
    function: str
    line: int
    what: str


# --------------------------------------------------------------------------- the scan


def checked_files() -> list[Path]:
    """Every Python file under tests/ except the benchmarks."""
    return sorted(path for path in TESTS.rglob("*.py") if "bench" not in path.relative_to(TESTS).parts[:1])


def _clock_call(node: ast.AST) -> bool:
    """A call that reads a clock: `time.perf_counter()`, `monotonic()`, `loop.time()`..."""
    if not isinstance(node, ast.Call) or node.args or node.keywords:
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id in CLOCKS) or (isinstance(func, ast.Attribute) and func.attr in CLOCKS)


def _called_name(node: ast.Call) -> str | None:
    """The name a call is made by: `f(...)` and `x.f(...)` are both `f`."""
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


class Taint:
    """What counts as a time in one module: clock functions and attributes, and per scope the names bound to times."""

    def __init__(self, functions: set[str], attributes: set[str]):
        self.functions = functions
        self.attributes = attributes

    def idle_in(self, used: Identifiers) -> bool:
        """True when a module using only `used` can hold no time at all: it reads no clock and names no function that
        returns a time and no attribute given one (most test modules)."""
        return not (used.bare_calls & CLOCKS or used.names & (self.functions | self.attributes))

    def timed(self, node: ast.AST, names: set[str]) -> bool:
        """Whether the expression `node` involves a clock reading, directly or through a name, call or attribute."""
        for sub in ast.walk(node):
            if _clock_call(sub):
                return True
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in self.functions:
                return True
            if isinstance(sub, ast.Name) and sub.id in names:
                return True
            if isinstance(sub, ast.Attribute) and sub.attr in self.attributes:
                return True
        return False

    def names_in(self, scope: ast.AST) -> set[str]:
        """The names that hold a time in `scope` (a function, with any functions inside it), to a fixed point."""
        bindings: list[tuple[list[ast.AST], ast.AST]] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                bindings.append((node.targets, node.value))
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                bindings.append(([node.target], node.value))
            elif isinstance(node, ast.NamedExpr):
                bindings.append(([node.target], node.value))
            elif isinstance(node, (ast.For, ast.comprehension)):
                bindings.append(([node.target], node.iter))
        names: set[str] = set()
        grew = True
        while grew:
            grew = False
            for targets, value in bindings:
                if not self.timed(value, names):
                    continue
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name) and sub.id not in names:
                            names.add(sub.id)
                            grew = True
        return names


def _scopes(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """Each outermost function (methods as Class.method) with its body, then the module's own statements."""
    top: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{node.name}.{item.name}", item
        else:
            top.append(node)
    yield "<module>", ast.Module(body=top, type_ignores=[])


_IDENTIFIERS: dict[int, Identifiers] = {}  # by id() of a parsed module, which scan() keeps alive meanwhile


def identifiers(tree: ast.Module) -> Identifiers:
    """The names a module uses, worked out once per parsed module."""
    used = _IDENTIFIERS.get(id(tree))
    if used is None:
        names: set[str] = set()
        bare_calls: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            if isinstance(node, ast.Call) and not node.args and not node.keywords:
                called = _called_name(node)
                if called is not None:
                    bare_calls.add(called)
        used = _IDENTIFIERS[id(tree)] = Identifiers(frozenset(names), frozenset(bare_calls))
    return used


def _module_taint(tree: ast.Module, imported: set[str], attributes: set[str]) -> Taint:
    """The module's clock functions (those that return a time), found to a fixed point, with `imported` ones."""
    taint = Taint(set(imported), attributes)
    grew = not taint.idle_in(identifiers(tree))  # the scan is quadratic-ish: skip what cannot hold a time
    while grew:
        grew = False
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name in taint.functions:
                continue
            names = taint.names_in(node)
            returns = [sub.value for sub in ast.walk(node) if isinstance(sub, ast.Return) and sub.value is not None]
            if any(taint.timed(value, names) for value in returns):
                taint.functions.add(node.name)
                grew = True
    return taint


def _timed_attributes(tree: ast.Module) -> set[str]:
    """Attribute names given a time anywhere in the module (`self.started = monotonic()`), or appended one."""
    taint = Taint(set(), set())
    found: set[str] = set()
    if taint.idle_in(identifiers(tree)):
        return found
    for _, scope in _scopes(tree):
        names = taint.names_in(scope)
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and taint.timed(node.value, names):
                found |= {target.attr for target in node.targets if isinstance(target, ast.Attribute)}
            elif isinstance(node, ast.Call) and _called_name(node) == "append" and isinstance(node.func, ast.Attribute):
                holder = node.func.value
                if isinstance(holder, ast.Attribute) and any(taint.timed(arg, names) for arg in node.args):
                    found.add(holder.attr)
    return found


def _imports_from_tests(tree: ast.Module) -> dict[str, tuple[Path, str]]:
    """Names imported from other test modules: local name -> (file, name there)."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tests":
            path = REPO.joinpath(*node.module.split(".")).with_suffix(".py")
            for alias in node.names:
                found[alias.asname or alias.name] = (path, alias.name)
    return found


def _limits_in(tree: ast.Module, taint: Taint, file: str) -> Iterator[Finding]:
    """Every time limit in one module's tests."""
    idle = taint.idle_in(identifiers(tree))
    for function, scope in _scopes(tree):
        names = set() if idle else taint.names_in(scope)
        for node in ast.walk(scope):
            where = (file, function, getattr(node, "lineno", 0))
            if isinstance(node, ast.Assert):
                for compare in (sub for sub in ast.walk(node.test) if isinstance(sub, ast.Compare)):
                    operands = [compare.left, *compare.comparators]
                    if any(isinstance(op, ORDERING) for op in compare.ops) and any(taint.timed(o, names) for o in operands):
                        yield Finding(*where, f"asserts on a time: {ast.unparse(compare)}")
            elif isinstance(node, ast.Call):
                called = _called_name(node)
                if called in UNITTEST_COMPARES and any(taint.timed(arg, names) for arg in node.args):
                    yield Finding(*where, f"asserts on a time: {ast.unparse(node)}")
                if called in BOUNDED:
                    index, keyword = BOUNDED[called]
                    bound = [k.value for k in node.keywords if k.arg == keyword] + node.args[index : index + 1]
                    if any(isinstance(value, ast.Constant) and isinstance(value.value, (int, float)) for value in bound):
                        yield Finding(*where, f"a CPU-time bound as a speed assert: {ast.unparse(node)}")
                if called in ("settings", "register_profile"):
                    yield from _hypothesis_limits(node, where)
            elif isinstance(node, ast.Attribute) and node.attr == "timeout" and ast.unparse(node.value) == "pytest.mark":
                yield Finding(*where, "a pytest timeout as an assert")


def _hypothesis_limits(call: ast.Call, where: tuple[str, str, int]) -> Iterator[Finding]:
    """A hypothesis deadline, or health checks named without too_slow (both wall-clock checks)."""
    for keyword in call.keywords:
        if keyword.arg == "deadline" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is None):
            yield Finding(*where, f"a hypothesis deadline: {ast.unparse(keyword)}")
        if keyword.arg == "suppress_health_check" and "too_slow" not in ast.unparse(keyword.value):
            yield Finding(*where, f"hypothesis' too_slow health check left on: {ast.unparse(keyword)}")


def scan(files: dict[str, str]) -> list[Finding]:
    """Every time limit in the given sources (relative path -> text), imported clock functions followed."""
    trees = {file: ast.parse(text, filename=file) for file, text in files.items()}
    _IDENTIFIERS.clear()
    attributes = set().union(*(_timed_attributes(tree) for tree in trees.values())) if trees else set()
    own = {file: _module_taint(tree, set(), attributes).functions for file, tree in trees.items()}
    found: list[Finding] = []
    for file, tree in trees.items():
        imported = {
            local
            for local, (path, name) in _imports_from_tests(tree).items()
            if name in own.get(path.relative_to(REPO).as_posix(), set())
        }
        found += _limits_in(tree, _module_taint(tree, imported, attributes), file)
    return found


@functools.cache
def repo_findings() -> list[Finding]:
    """The time limits in this repository's tests, outside tests/bench/."""
    return scan({path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8") for path in checked_files()})


# --------------------------------------------------------------------------- the rule


def test_no_test_outside_the_benchmarks_asserts_a_duration() -> None:
    """No test outside tests/bench/ compares a time in an assert, bounds CPU time, or sets a deadline, but the allowed few."""
    found = [f for f in repo_findings() if (f.file, f.function) not in ALLOWED]
    report = "\n".join(f"{f.file}:{f.line} in {f.function}: {f.what}" for f in found)
    assert not found, f"assert behaviour instead (count work, check a cache, a limit's code), and time it in tests/bench/:\n{report}"


def test_every_allowed_time_limit_is_still_there() -> None:
    """Each allow-list entry still holds a time limit, so the list cannot grow stale."""
    used = {(f.file, f.function) for f in repo_findings()}
    assert set(ALLOWED) <= used, f"no longer needed: {sorted(set(ALLOWED) - used)}"


def test_hypothesis_runs_without_a_deadline_or_the_too_slow_check() -> None:
    """The loaded hypothesis profile (tests/conftest.py) has no per-example deadline and skips the too_slow health check."""
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


# --------------------------------------------------------------------------- the scan finds what it should

CAUGHT = {
    "perf_counter elapsed": "import time\ndef test_a():\n    started = time.perf_counter()\n    work()\n    elapsed = time.perf_counter() - started\n    assert elapsed < 2.0\n",
    "inline difference": "import time\ndef test_a():\n    started = time.monotonic()\n    work()\n    assert time.monotonic() - started < 1.5\n",
    "from-import and walrus": "from time import process_time\ndef test_a():\n    assert (t := process_time()) and work() and process_time() - t <= 1\n",
    "helper returning a duration": (
        "import time\ndef best(f):\n    began = time.perf_counter()\n    f()\n    return time.perf_counter() - began\n"
        "def test_a():\n    small, large = best(a), best(b)\n    assert large < small * 30\n"
    ),
    "attribute holding a time": (
        "import time\nclass T:\n    def go(self):\n        self.started = time.monotonic()\n"
        "def test_a(t):\n    assert t.started > 0\n"
    ),
    "lower bound": "import time\ndef test_a():\n    s = time.monotonic()\n    took = time.monotonic() - s\n    assert 0.4 <= took\n",
    "cpu bound": "def test_a():\n    with time_bound(2.0):\n        work()\n",
    "corpus bound": "def test_a():\n    check_loader(raw, seconds=3.0)\n",
    "hypothesis deadline": "@settings(deadline=500)\ndef test_a():\n    pass\n",
    "too_slow left on": "@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])\ndef test_a():\n    pass\n",
    "pytest timeout": "import pytest\n@pytest.mark.timeout(5)\ndef test_a():\n    pass\n",
}
PASSED = {
    "a deadline loop": "import time\ndef wait(check):\n    deadline = time.monotonic() + 60\n    while time.monotonic() < deadline:\n        if check():\n            return\n",
    "a poll's result checked for None": "def test_a():\n    assert wait_until(lambda: True, 60) is not None\n",
    "counts, not times": "def test_a():\n    with parser_events() as events:\n        work()\n    assert events.count <= 140\n",
    "the hang guard's default": "def test_a():\n    with time_bound():\n        work()\n    check_loader(raw)\n",
    "no deadline": "@settings(max_examples=10, deadline=None)\ndef test_a():\n    pass\n",
    "a time of day": "import datetime\ndef test_a():\n    assert datetime.time(12, 0) < datetime.time(13, 0)\n",
}


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_the_scan_catches(name: str) -> None:
    """Each kind of time limit in a test is found."""
    assert scan({"tests/test_example.py": CAUGHT[name]}), CAUGHT[name]


@pytest.mark.parametrize("name", sorted(PASSED))
def test_the_scan_lets_pass(name: str) -> None:
    """Hang guards, counts and explicit opt-outs are not time limits."""
    assert scan({"tests/test_example.py": PASSED[name]}) == []


def test_the_scan_follows_a_duration_helper_imported_from_another_test_module() -> None:
    """A helper returning a duration, imported from another test module, is a time where it is used."""
    helper = "import time\ndef took(f):\n    began = time.monotonic()\n    f()\n    return time.monotonic() - began\n"
    user = "from tests.test_helper import took\ndef test_a():\n    assert took(work) < 1\n"
    assert scan({"tests/test_helper.py": helper, "tests/test_user.py": user})
