"""Tests for game.store.ranking: the fast top-N agrees with the full ranking and the rules; errors stay clear."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.store.db import StoreError
from game.store.errors import OTHER
from game.store.ranking import BoardSpec, BoardEntry, candidates, ranking_overall, ranking_scenario, top_scenario
from tests.store_helpers import MONDAY, insert_fake, open_tmp

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


NOW = MONDAY + 2 * 86_400.0


def names(entries) -> list[str]:
    """The players of some rows, in order."""
    return [entry.player for entry in entries]


def board(store, spec):
    """top_scenario at NOW, in a read transaction."""
    with store.read() as connection:
        return top_scenario(connection, spec, 10, NOW)


def test_driver_errors_surface_as_store_errors(tmp_path):
    """A database error on the fast top-N path becomes one StoreError, like every other query."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Ann", "s", 50.0, MONDAY)
    with store.write() as connection:
        connection.exec_driver_sql("DROP INDEX ix_runs_board")
        connection.exec_driver_sql("ALTER TABLE runs RENAME COLUMN band TO medal")
    with pytest.raises(StoreError, match="^database error in ") as raised:
        board(store, BoardSpec("s"))
    assert raised.value.kind == OTHER


def test_candidates_binds_the_board_values():
    """candidates() returns the ranked statement with this board's values bound (for inspection)."""
    params = candidates(BoardSpec("s", cohort="c1", window="week"), NOW).compile().params
    assert params["scenario"] == "s" and params["cohort"] == "c1"
    assert params["start"] == MONDAY and params["now"] == NOW


def test_overall_ranking_sums_best_per_scenario(tmp_path):
    """ranking_overall adds each player's best percent per scenario and counts the scenarios."""
    store = open_tmp(tmp_path)
    insert_fake(store, "Ann", "a", 50.0, MONDAY)
    insert_fake(store, "Ann", "a", 70.0, MONDAY + 1)
    insert_fake(store, "Ann", "b", 20.0, MONDAY + 2)
    with store.read() as connection:
        entries, scenario_set = ranking_overall(connection, BoardSpec(), NOW, ("a", "b", "c"))
    assert scenario_set == ("a", "b", "c")
    assert [(e.player, e.points, e.scenarios, e.percent, e.finished_at) for e in entries] == [("Ann", 90.0, 2, 30.0, MONDAY + 2)]


def test_entry_json_is_rounded_and_iso():
    """BoardEntry.to_json rounds to one decimal and prints the time in ISO 8601 UTC."""
    entry = BoardEntry(1, 7, "Ann", None, None, 91.25, "Gold", MONDAY, ("r1",), 1, 91.25)
    assert entry.to_json(you=True) == {
        "rank": 1, "player": "Ann", "percent": 91.2, "band": "Gold", "finished_at": "2024-05-06T00:00:00Z",
        "cohort": None, "team": None, "scenarios": 1, "points": 91.2, "runs": ["r1"], "you": True,
    }


# The fast top-N path must agree with the full ranking and with a plain reference.

RUNS = st.lists(
    st.tuples(
        st.integers(0, 6),  # player
        st.sampled_from([0.0, 25.0, 50.0, 75.0, 100.0]),  # percent (few values: many ties)
        st.integers(0, 20),  # finish minute (repeats: same-time ties)
        st.sampled_from(["ranked", "ranked", "practice"]),
    ),
    max_size=40,
)


def reference(runs: list[tuple[int, float, int, str]]) -> list[str]:
    """The ranking rules written plainly: best ranked run per player, ties to the earlier finish, then record order."""
    best: dict[int, tuple[float, int, int]] = {}
    for order, (player, percent, minute, mode) in enumerate(runs):
        if mode != "ranked":
            continue
        key = (-percent, minute, order)
        if player not in best or key < best[player]:
            best[player] = key
    return [f"p{player}" for player, _ in sorted(best.items(), key=lambda item: item[1])]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(RUNS, st.integers(1, 8))
def test_fast_top_matches_full_ranking_and_reference(tmp_path_factory, runs, limit):
    """top_scenario (index order, early stop) equals the window-function ranking and the plain rules."""
    store = open_tmp(tmp_path_factory.mktemp("prop"))
    for player, percent, minute, mode in runs:
        insert_fake(store, f"p{player}", "s", percent, MONDAY + 60 * minute, mode=mode)
    spec = BoardSpec("s")
    with store.read() as connection:
        fast = names(top_scenario(connection, spec, limit, NOW))
        full = names(ranking_scenario(connection, spec, NOW))
    assert full == reference(runs)
    assert fast == full[:limit]
    store.close()


def test_board_title_is_joined_in_the_language_shown() -> None:
    """A board's one-line title: ', ' between its parts in English, the catalog's join (and words) in zh-Hans."""
    from game.i18n import _, use_locale

    spec = BoardSpec("s", cohort="c1", window="week")
    english = spec.title
    assert english == ", ".join(spec.title_parts())
    use_locale("zh-Hans")
    parts = spec.title_parts()
    assert spec.title == _("{title}, {part}").format(title=_("{title}, {part}").format(title=parts[0], part=parts[1]), part=parts[2])
    assert spec.title != english and ", " not in spec.title
