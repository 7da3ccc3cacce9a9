"""The run filters commands share (game/store/run_filters.py): names resolved as the game shows them, unknown ones refused with a code."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from game.store.class_seats import link_run
from game.store.classes import open_class
from game.store.run_filters import UNKNOWN_CLASS, UNKNOWN_COHORT, in_class, resolve_class, resolve_cohort
from game.store.scenario_names import UnknownNameError
from game.store.tables import runs
from tests.store_helpers import GOOD, open_tmp, record


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_a_class_is_found_by_name_or_code_and_keeps_to_its_runs(tmp_path):
    """--class takes the class's name (any case) or its join code; its condition keeps only the runs linked to the class."""
    store = open_tmp(tmp_path)
    info, _token, _ = open_class(store, "September hires", "ranked", ["mini"])
    inside = record(store, "Ann", GOOD)
    record(store, "Bo", GOOD)
    link_run(store, info.id, inside.run_uid)
    assert resolve_class(store, "september HIRES") == resolve_class(store, info.code.lower()) == str(info.id)
    with store.read() as connection:
        found = connection.execute(select(runs.c.run_uid).where(in_class(str(info.id)))).scalars().all()
    assert found == [inside.run_uid]
    store.close()


def test_an_unknown_class_or_cohort_is_refused_with_its_code(tmp_path):
    """A class or cohort nobody has is refused with DOJO504 / DOJO503 and the ones there are, never an empty result."""
    store = open_tmp(tmp_path)
    open_class(store, "September hires", "ranked", ["mini"])
    record(store, "Ann", GOOD, cohort="2024-09")
    with pytest.raises(UnknownNameError) as refused:
        resolve_class(store, "October")
    assert refused.value.dojo_code == UNKNOWN_CLASS and "September hires" in str(refused.value)
    with pytest.raises(UnknownNameError) as refused:
        resolve_cohort(store, "2024-10")
    assert refused.value.dojo_code == UNKNOWN_COHORT and "2024-09" in str(refused.value)
    store.close()
