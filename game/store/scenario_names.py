"""What `--scenario NAME` means: a scenario's id or its title, as the game shows it.

Every command that takes a scenario (`dojo leaderboard`, `runs`, `report`, `export`) hands
the name to `resolve_scenario`, which knows the scenarios of the store: those in its
official pack and those any run or save was played on (their stored copies). A name is
compared as player names are (`names.identity`: NFKC, case-folded, spaces trimmed and
collapsed), first with the ids, then with the titles, so `--scenario "the shoes that met
the rain"`, `--scenario ANGRY-SHOE-BUYER` and a full-width spelling all find
`angry-shoe-buyer`. Anything else is refused, never guessed: a name that matches nothing is
DOJO501 (with the closest ids and titles, from difflib and from the titles that contain
the name), a title two scenarios share is DOJO502 (name the id instead). Both exit 2.

Titles are read from the stored copies with the hardened YAML reader only (no scenario
model is built), and for a pack scenario no run has stored yet, from the bundled file of
that name when there is one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from game.i18n import _
from game.store.db import Store
from game.store.display import printable
from game.store.errors import StoreError
from game.store.names import identity
from game.store.tables import official_pack, scenario_copies

UNKNOWN_SCENARIO = "DOJO501"
AMBIGUOUS_SCENARIO = "DOJO502"
MAX_SUGGESTIONS = 5
_CUTOFF = 0.5  # difflib's similarity a suggestion needs (0..1)


class UnknownNameError(StoreError):
    """A name typed on the command line (a scenario, a cohort) that names nothing, or more than one thing; `dojo_code` says which (DOJO501-504)."""

    def __init__(self, message: str, dojo_code: str):
        super().__init__(f"{dojo_code} {message}")
        self.dojo_code = dojo_code


@dataclass(frozen=True)
class KnownScenario:
    """A scenario the store knows: its id and its title (the id again when no title could be read)."""

    scenario_id: str
    title: str

    @property
    def shown(self) -> str:
        """How a suggestion names it: 'The shoes that met the rain (angry-shoe-buyer)'."""
        if self.title == self.scenario_id:
            return printable(self.scenario_id)
        return f"{printable(self.title)} ({printable(self.scenario_id)})"


def fold(text: str) -> str:
    """A name as it is compared: `names.identity`, without refusing what a player name may not hold."""
    return identity(text)


def known_scenarios(store: Store) -> list[KnownScenario]:
    """Every scenario the store knows (official pack, stored copies), by id, each with its newest title."""
    with store.read() as connection:
        return _known(connection)


def _known(connection: Connection) -> list[KnownScenario]:
    titles: dict[str, str] = {}
    copies = select(scenario_copies.c.scenario_id, scenario_copies.c.text).order_by(scenario_copies.c.stored_at)
    for scenario_id, text in connection.execute(copies):
        title = title_of(text)
        if title or scenario_id not in titles:
            titles[scenario_id] = title or scenario_id
    pack = select(official_pack.c.scenario_id, official_pack.c.file_name)
    for scenario_id, file_name in connection.execute(pack):
        if scenario_id not in titles or titles[scenario_id] == scenario_id:
            titles[scenario_id] = _bundled_title(file_name, scenario_id) or scenario_id
    return [KnownScenario(scenario_id, title) for scenario_id, title in sorted(titles.items())]


def title_of(text: str | bytes, scenario_id: str | None = None) -> str | None:
    """The `title` of a scenario's YAML text (only if its `id` is `scenario_id`, when given), or None."""
    from scoring import safe_yaml

    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        data = safe_yaml.read_yaml(raw, "<stored copy>").data
    except (safe_yaml.YamlError, UnicodeError):
        return None
    if not isinstance(data, dict) or (scenario_id is not None and data.get("id") != scenario_id):
        return None
    title = data.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else None


def _bundled_title(file_name: str, scenario_id: str) -> str | None:
    """The title in the bundled scenario file of this name, if it is that scenario's."""
    from pathlib import PurePath

    from scenarios import BUNDLED_DIR

    path = BUNDLED_DIR / PurePath(file_name).name
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return title_of(raw, scenario_id)


def resolve_scenario(store: Store, name: str) -> str:
    """The id of the scenario `name` names (an id or a title, any case); UnknownNameError otherwise."""
    return resolve_among(known_scenarios(store), name, store.where)


def resolve_known(store: Store, name: str) -> KnownScenario:
    """The scenario `name` names, with its title (for a command to print); UnknownNameError otherwise."""
    known = known_scenarios(store)
    scenario_id = resolve_among(known, name, store.where)
    return next(scenario for scenario in known if scenario.scenario_id == scenario_id)


def resolve_among(known: Iterable[KnownScenario], name: str, where: str | None = None) -> str:
    """The id `name` names among `known` (in `where`, default 'the store'): an id first, then a title; UnknownNameError if none or several."""
    scenarios = list(known)
    where = _("the store") if where is None else where
    wanted = fold(name)
    for scenario in scenarios:
        if fold(scenario.scenario_id) == wanted:
            return scenario.scenario_id
    titled = sorted({scenario.scenario_id for scenario in scenarios if fold(scenario.title) == wanted})
    if len(titled) == 1:
        return titled[0]
    if titled:
        raise UnknownNameError(
            _("the title '{name}' belongs to {count} scenarios ({ids}); give the id of the one you mean").format(
                name=printable(name), count=len(titled), ids=", ".join(printable(i) for i in titled)
            ),
            AMBIGUOUS_SCENARIO,
        )
    raise UnknownNameError(_unknown_message(name, scenarios, where), UNKNOWN_SCENARIO)


def closest(name: str, known: Iterable[KnownScenario], limit: int = MAX_SUGGESTIONS) -> list[KnownScenario]:
    """The scenarios whose id or title is nearest to `name`: containing it first, then by difflib's ratio."""
    wanted = fold(name)
    scored: list[tuple[float, str, KnownScenario]] = []
    for scenario in known:
        keys = (fold(scenario.scenario_id), fold(scenario.title))
        contains = wanted and any(wanted in key for key in keys)
        ratio = max(difflib.SequenceMatcher(None, wanted, key).ratio() for key in keys)
        if contains or ratio >= _CUTOFF:
            scored.append((1.0 + ratio if contains else ratio, scenario.scenario_id, scenario))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [scenario for _rank, _order, scenario in scored[:limit]]


def _unknown_message(name: str, scenarios: list[KnownScenario], where: str) -> str:
    """No scenario is called `name`: the closest ones, or how to list them."""
    shown = printable(name)
    if not scenarios:
        return _("no scenario has the id or title '{name}' in {where} (it knows no scenario yet)").format(name=shown, where=where)
    near = closest(name, scenarios)
    if near:
        return _("no scenario has the id or title '{name}' in {where}; closest: {scenarios}").format(
            name=shown, where=where, scenarios="; ".join(scenario.shown for scenario in near)
        )
    return _("no scenario has the id or title '{name}' in {where}; it knows {count} scenario(s): see 'dojo official' or 'dojo runs'").format(
        name=shown, where=where, count=len(scenarios)
    )
