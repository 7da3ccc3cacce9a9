"""Counting work instead of timing it: what a test that must stay cheap measures.

No unit test fails on wall time (the figures are printed by tests/bench/). A test that
protects "this stops early", "this is never expanded" or "this is not quadratic" counts
the work that would grow if that broke: YAML parser events read, Python calls made, fuzzy
comparisons, files opened. Counts do not move with the machine's load.
`tests/test_work_helpers.py` checks that each counter sees the work it counts.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml


@dataclass
class Tally:
    """How many of one kind of work happened inside a `with` block."""

    count: int = 0


@dataclass
class Events(Tally):
    """YAML parser events read in a block, and the furthest line (1-based) one of them started on."""

    last_line: int = 0


@contextmanager
def parser_events() -> Iterator[Events]:
    """Count the YAML parser events read in the block, through any of PyYAML's safe loaders.

    Scenario and rubric files are both read event by event (`get_event`), so a reader that
    stops at its first fatal finding reads few events, and no line past it, however long
    the file is.
    """
    events = Events()
    loaders = [cls for cls in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader) if cls is not None]
    with pytest.MonkeyPatch.context() as patch:
        for cls in loaders:
            original = cls.get_event

            def counting(self: Any, _original: Any = original) -> Any:
                event = _original(self)
                events.count += 1
                events.last_line = max(events.last_line, event.start_mark.line + 1)
                return event

            patch.setattr(cls, "get_event", counting)
        yield events


@contextmanager
def python_calls() -> Iterator[Tally]:
    """Count the function calls (Python and built-in) made in the block, by this thread.

    Expanding aliases, walking a structure or re-scanning a list all cost calls in
    proportion to the work; counting them needs no clock. (Profiling slows the block.)
    """
    tally = Tally()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call" or event == "c_call":
            tally.count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield tally
    finally:
        sys.setprofile(previous)


@dataclass
class Fuzzy:
    """Fuzzy matching in a block: searches (one per `get_close_matches`) and comparisons (a candidate each, plus one per search)."""

    searches: int = 0
    comparisons: int = 0


@contextmanager
def fuzzy_matching() -> Iterator[Fuzzy]:
    """Count difflib's fuzzy matching in the block: every "did you mean" costs a search.

    `get_close_matches` makes one SequenceMatcher per search and sets its first sequence
    once per candidate, so the two counts are searches and candidates compared.
    """
    fuzzy = Fuzzy()
    matcher = difflib.SequenceMatcher
    init, set_seq1 = matcher.__init__, matcher.set_seq1

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        fuzzy.searches += 1
        init(self, *args, **kwargs)

    def counting_set_seq1(self: Any, a: Any) -> None:
        fuzzy.comparisons += 1
        set_seq1(self, a)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matcher, "__init__", counting_init)
        patch.setattr(matcher, "set_seq1", counting_set_seq1)
        yield fuzzy


@dataclass
class Opened:
    """The paths opened in a block (builtins.open, io.open, os.open, pathlib)."""

    paths: list[str] = field(default_factory=list)


_RECORDING: list[Opened] = []
_HOOKED = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """The process's audit hook: note each file opened while a `files_opened` block is open."""
    if event == "open" and _RECORDING and isinstance(args[0], (str, bytes, os.PathLike)):
        _RECORDING[-1].paths.append(os.fsdecode(args[0]))


@contextmanager
def files_opened() -> Iterator[Opened]:
    """Record every file the block opens, by the interpreter's own "open" audit event.

    An audit hook cannot be removed, so one is added once per process and only records
    inside this block.
    """
    global _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED = True
    opened = Opened()
    _RECORDING.append(opened)
    try:
        yield opened
    finally:
        _RECORDING.remove(opened)
