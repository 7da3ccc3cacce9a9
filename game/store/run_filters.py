"""The filters a command puts on the runs it reads (`dojo export --cohort C --scenario S`), in one table.

Each `RunFilter` is an option name, its help, how a typed value becomes the stored one
(`resolve`, which may refuse it with a DOJO code) and the SQL condition on runs joined with
players. A command adds the options with `add_filter_options` and turns what was typed into
conditions with `conditions_from`; another filter (a class) is one more entry in `FILTERS`.

Names are resolved as the game shows them: a scenario by id or title (`scenario_names`), a
class by its name or join code, a
cohort as typed or, when no cohort is spelled exactly so, by its folded form (NFKC, case,
spaces) when that names exactly one. An unknown cohort is DOJO503 with the closest ones,
never an empty file that looks like a cohort with no runs.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from game.i18n import N_, _
from game.store.db import Store
from game.store.display import printable
from game.store.scenario_names import UnknownNameError, fold, resolve_scenario
from game.store.tables import players, runs

UNKNOWN_COHORT = "DOJO503"


@dataclass(frozen=True)
class RunFilter:
    """One filter: its option (`--NAME`), help, how a typed value is resolved, and its SQL condition."""

    name: str
    metavar: str
    help: str
    resolve: Callable[[Store, str], str]
    condition: Callable[[str], Any]


def resolve_cohort(store: Store, typed: str) -> str:
    """The stored cohort `typed` names: exactly, else by its folded form if that is unique; DOJO503 otherwise."""
    with store.read() as connection:
        cohorts = [value for value in connection.execute(select(players.c.cohort).distinct()).scalars() if value is not None]
    if typed in cohorts:
        return typed
    folded = [value for value in cohorts if fold(value) == fold(typed)]
    if len(folded) == 1:
        return folded[0]
    by_fold = {fold(value): value for value in cohorts}
    near = difflib.get_close_matches(fold(typed), list(by_fold), n=5, cutoff=0.5)
    name, where = printable(typed), store.where
    if folded:
        message = _("no cohort is called '{name}' in {where}; it could be any of: {cohorts} (type it exactly)").format(
            name=name, where=where, cohorts=", ".join(printable(value) for value in sorted(folded))
        )
    elif near:
        message = _("no cohort is called '{name}' in {where}; closest: {cohorts}").format(
            name=name, where=where, cohorts=", ".join(printable(by_fold[value]) for value in near)
        )
    elif not cohorts:
        message = _("no cohort is called '{name}' in {where} (no player has a cohort yet)").format(name=name, where=where)
    else:
        message = _("no cohort is called '{name}' in {where}").format(name=name, where=where)
    raise UnknownNameError(message, UNKNOWN_COHORT)


UNKNOWN_CLASS = "DOJO504"


def resolve_class(store: Store, typed: str) -> str:
    """The id (as text) of the class `typed` names, by name or join code; DOJO504 with the classes there are otherwise."""
    from game.store.classes import find_class, list_classes

    found = find_class(store, typed)
    if found is not None:
        return str(found.id)
    known = list_classes(store)
    if known:
        message = _("no class is called or coded '{name}' in {where}; classes: {classes}").format(
            name=printable(typed), where=store.where, classes=", ".join(f"{printable(info.name)} ({info.code})" for info in known[:10])
        )
    else:
        message = _("no class is called or coded '{name}' in {where} (no class yet)").format(name=printable(typed), where=store.where)
    raise UnknownNameError(message, UNKNOWN_CLASS)


def in_class(value: str) -> Any:
    """Runs played in the class with this id."""
    from game.store.tables import class_runs

    return runs.c.id.in_(select(class_runs.c.run_id).where(class_runs.c.class_id == int(value)))


FILTERS: tuple[RunFilter, ...] = (
    RunFilter("cohort", "C", N_("only runs of players in this cohort"), resolve_cohort, lambda value: players.c.cohort == value),
    RunFilter(
        "scenario", "ID_OR_TITLE", N_("only runs of this scenario, by id or title (any case)"), resolve_scenario,
        lambda value: runs.c.scenario_id == value,
    ),
    RunFilter("class", "NAME_OR_CODE", N_("only runs played in this class (dojo serve --class), by name or join code"), resolve_class, in_class),
)


def add_filter_options(parser: argparse.ArgumentParser, filters: Sequence[RunFilter] = FILTERS) -> None:
    """Add `--NAME` for each filter."""
    for item in filters:
        parser.add_argument(f"--{item.name}", metavar=item.metavar, help=_(item.help))


def conditions_from(store: Store, args: argparse.Namespace, filters: Sequence[RunFilter] = FILTERS) -> list[Any]:
    """The SQL conditions for the filters given on the command line (each value resolved first)."""
    conditions = []
    for item in filters:
        typed = getattr(args, item.name, None)
        if typed is not None:
            conditions.append(item.condition(item.resolve(store, typed)))
    return conditions
