"""The scenarios a trainee can pick: each file's bytes, loaded once, with the player's record.

A scenario is kept with the exact bytes it was loaded from, because saving a session and
recording a run store those bytes (the store checks them against the content hash).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import _

if TYPE_CHECKING:  # the loader (pydantic, YAML) is imported when a file is loaded, not before:
    # the picker imports this module before its first paint
    from game.scenario.model import Scenario
    from game.store.db import Store
    from scoring.rubric import Rubric


class CatalogError(Exception):
    """A scenario file that cannot be played; the message is one line for the trainee."""


@dataclass(frozen=True)
class Entry:
    """One playable scenario: where it came from, its bytes and the loaded model (`scenario`, in the
    language it plays in; `source`, the model as written when that is a translation of it)."""

    path: Path
    raw: bytes
    scenario: Scenario
    source: Scenario | None = None

    @property
    def as_written(self) -> Scenario:
        """The scenario as its file writes it, whatever language `scenario` plays in."""
        return self.source if self.source is not None else self.scenario

    @property
    def file_name(self) -> str:
        """The file's name, as runs record it."""
        return self.path.name


@dataclass(frozen=True)
class Record:
    """A player's best run of one scenario (percent None: no run of the mode the best is for), and how many runs they made."""

    percent: float | None
    band: str | None
    runs: int
    ranked: bool = False  # the best is the best verified ranked run (the picker in ranked mode)


def load_entry(path: Path, rubric: Rubric, locale: str | None = None) -> Entry:
    """Read and load one scenario file; CatalogError says why it cannot be played.

    With `locale`, the scenario comes in that language when it is written in it or has a
    complete translation table for it (game/scenario/string_table.py), else as written.
    The bytes are the source's either way: runs record and verify the scenario as written.
    """
    from game.scenario.diagnostics import DiagnosticError
    from game.scenario.loader import load_scenario_text
    from game.scenario.source import MAX_FILE_BYTES

    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CatalogError(_("{file}: cannot read the file: {problem}").format(file=path, problem=error.strerror or error)) from None
    try:
        loaded = load_scenario_text(raw, str(path), rubric)
    except DiagnosticError as error:
        raise CatalogError(str(error).splitlines()[0]) from None
    entry = Entry(path, raw, loaded.scenario)
    return in_language(entry, locale) if locale is not None else entry


def in_language(entry: Entry, locale: str) -> Entry:
    """`entry` playing in `locale` where the scenario is written in it or has a complete, current
    translation table for it, else as written (`entry` itself when nothing changes)."""
    from game.scenario.string_table import localized

    if entry.scenario.locale.casefold() == locale.casefold():
        return entry  # already in it (and its table is not read again)
    written = entry.as_written
    scenario = localized(written, entry.path, locale) or written
    if scenario is entry.scenario:
        return entry
    return Entry(entry.path, entry.raw, scenario, None if scenario is written else written)


def load_folder(folder: Path, rubric: Rubric, locale: str | None = None) -> tuple[list[Entry], list[str]]:
    """Every playable scenario in `folder` (by difficulty, then title) and the files skipped;
    with `locale`, each in that language where it has a complete table (see `load_entry`)."""
    entries: list[Entry] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            entries.append(load_entry(path, rubric, locale))
        except CatalogError as error:
            problems.append(error.args[0])
    entries.sort(key=lambda entry: (entry.scenario.difficulty, entry.scenario.title.casefold()))
    return entries, problems


def load_named(folder: Path, scenario_ids: Iterable[str], rubric: Rubric, locale: str | None = None) -> list[Entry]:
    """The scenarios with these ids from `folder`, in that order, each read from its own file (`ID.yaml`)
    when it has one; the whole folder is read only when a file is missing or holds another id.
    `locale` as for `load_entry`.

    A served class loads only its own scenarios: thirty apps starting at once each parse
    one or two files instead of the whole pack.
    """
    wanted = list(dict.fromkeys(scenario_ids))
    found: list[Entry] = []
    for scenario_id in wanted:
        path = folder / f"{scenario_id}.yaml"
        try:
            entry = load_entry(path, rubric, locale) if path.is_file() else None
        except CatalogError:
            entry = None
        if entry is None or entry.scenario.id != scenario_id:
            by_id = {item.scenario.id: item for item in load_folder(folder, rubric, locale)[0]}
            return [by_id[item] for item in wanted if item in by_id]
        found.append(entry)
    return found


def skills_of(entries: Iterable[Entry]) -> list[str]:
    """Every skill any scenario trains, in first-seen order (the picker's filter values)."""
    seen: dict[str, None] = {}
    for entry in entries:
        seen.update(dict.fromkeys(entry.scenario.skills))
    return list(seen)


def matching(entries: Iterable[Entry], skill: str | None) -> list[Entry]:
    """The entries that train `skill` (all of them when `skill` is None)."""
    return [entry for entry in entries if skill is None or skill in entry.scenario.skills]


def records_from(runs: Iterable[object], ranked: bool = False) -> dict[str, Record]:
    """Per scenario id, the best of a player's runs (objects with scenario_id, percent, band, mode, status) and their count.

    With `ranked`, the best is taken over verified ranked runs only (what the boards rank),
    while the count is of every run; a scenario only practised has no best then.
    """
    best: dict[str, Record] = {}
    for run in runs:
        scenario_id, percent, band = run.scenario_id, run.percent, run.band  # type: ignore[attr-defined]
        counts = not ranked or (getattr(run, "mode", "ranked") == "ranked" and getattr(run, "status", "verified") == "verified")
        known = best.get(scenario_id) or Record(None, None, 0, ranked)
        if counts and (known.percent is None or percent > known.percent):
            best[scenario_id] = Record(percent, band, known.runs + 1, ranked)
        else:
            best[scenario_id] = Record(known.percent, known.band, known.runs + 1, ranked)
    return best


def entry_after(entries: list[Entry], current: Entry) -> Entry:
    """The scenario after `current` in the list, wrapping round (the first if it is not listed)."""
    ids = [entry.scenario.id for entry in entries]
    here = ids.index(current.scenario.id) if current.scenario.id in ids else -1
    return entries[(here + 1) % len(entries)]


def player_records(store: Store | None, player: str, ranked: bool = False) -> dict[str, Record]:
    """The player's best run per scenario, the best verified ranked one with `ranked` ({} without a store, before their first run, or if the store fails)."""
    if store is None:
        return {}
    from game.store.errors import StoreError
    from game.store.runs import list_runs

    try:
        return records_from(list_runs(store, player=player), ranked)
    except StoreError:
        return {}


def saved_scenarios(store: Store | None, player: str) -> set[str]:
    """The ids of the scenarios the player has a saved run of (empty without a store or if it fails)."""
    if store is None:
        return set()
    from game.store.errors import StoreError
    from game.store.sessions import SessionStore

    try:
        return set(SessionStore(store).saved(player))
    except StoreError:
        return set()
