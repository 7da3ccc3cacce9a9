"""Tests for game.store.scenario_names: a scenario named by id or title, any case; unknown or shared names refused with DOJO codes."""

from __future__ import annotations

import pytest

from game.store.scenario_names import (
    AMBIGUOUS_SCENARIO,
    UNKNOWN_SCENARIO,
    KnownScenario,
    UnknownNameError,
    closest,
    known_scenarios,
    resolve_among,
    resolve_scenario,
    title_of,
)
from tests.store_helpers import open_tmp, record

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


KNOWN = [
    KnownScenario("angry-shoe-buyer", "The shoes that met the rain"),
    KnownScenario("late-birthday-parcel", "The bike that missed the party"),
    KnownScenario("drained-pool", "The pool that vanished overnight"),
]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("angry-shoe-buyer", "angry-shoe-buyer"),
        ("ANGRY-SHOE-BUYER", "angry-shoe-buyer"),
        ("The shoes that met the rain", "angry-shoe-buyer"),
        ("the  SHOES that met the rain ", "angry-shoe-buyer"),
        ("Ｔｈｅ ｂｉｋｅ ｔｈａｔ ｍｉｓｓｅｄ ｔｈｅ ｐａｒｔｙ", "late-birthday-parcel"),
    ],
)
def test_id_or_title_in_any_case_width_or_spacing(name, expected):
    """An id or a title finds its scenario after NFKC, case folding and space collapsing."""
    assert resolve_among(KNOWN, name) == expected


def test_an_id_wins_over_a_title():
    """A name that is one scenario's id and another's title means the id."""
    known = [*KNOWN, KnownScenario("pool", "drained-pool")]
    assert resolve_among(known, "drained-pool") == "drained-pool"


def test_unknown_name_is_dojo501_with_the_closest():
    """A part of a title is not guessed: DOJO501, naming the titles that contain it."""
    with pytest.raises(UnknownNameError) as caught:
        resolve_among(KNOWN, "shoes")
    assert caught.value.dojo_code == UNKNOWN_SCENARIO and caught.value.code == 2
    assert caught.value.message.startswith("DOJO501 ")
    assert "The shoes that met the rain (angry-shoe-buyer)" in caught.value.message


def test_a_typo_in_an_id_suggests_it():
    """A misspelt id is refused and the id it resembles is suggested first."""
    assert closest("drianed-pool", KNOWN)[0].scenario_id == "drained-pool"
    with pytest.raises(UnknownNameError, match="drained-pool"):
        resolve_among(KNOWN, "drianed-pool")


def test_nothing_close_says_how_to_list_them():
    """With no near name the message says how many scenarios there are and where to list them."""
    with pytest.raises(UnknownNameError) as caught:
        resolve_among(KNOWN, "zzzz")
    assert "3 scenario(s)" in caught.value.message and "dojo official" in caught.value.message


def test_a_shared_title_is_dojo502():
    """Two scenarios with one title: DOJO502, naming both ids, never a guess."""
    known = [*KNOWN, KnownScenario("wet-shoes-2", "The shoes that met the rain")]
    with pytest.raises(UnknownNameError) as caught:
        resolve_among(known, "the shoes that met the rain")
    assert caught.value.dojo_code == AMBIGUOUS_SCENARIO
    assert "angry-shoe-buyer" in caught.value.message and "wet-shoes-2" in caught.value.message


def test_an_empty_store_knows_no_scenario(tmp_path):
    """A store whose pack is empty and that holds no runs refuses every name, saying it knows none."""
    store = open_tmp(tmp_path)
    with pytest.raises(UnknownNameError, match="knows no scenario"):
        resolve_scenario(store, "mini")


def test_store_knows_its_pack_and_its_copies(tmp_path):
    """The scenarios of stored runs are known, with the title of their copy."""
    store = open_tmp(tmp_path)
    record(store, "Ann")
    assert KnownScenario("mini", "Mini") in known_scenarios(store)
    assert resolve_scenario(store, "MINI") == "mini"


def test_title_of_reads_only_a_matching_id():
    """A title is read from YAML text; with an id given, only when the text is that scenario's."""
    text = "id: a\ntitle: The A\n"
    assert title_of(text) == "The A" and title_of(text, "a") == "The A" and title_of(text, "b") is None
    assert title_of("::: not yaml [") is None


def test_every_command_line_code_is_in_the_diagnostics_reference():
    """DOJO501-503 each have a row in docs/diagnostics.md's command-line section."""
    from game.store.run_filters import UNKNOWN_COHORT
    from tests.conftest import REPO

    text = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8").split("## Command-line names", 1)[1]
    for code in (UNKNOWN_SCENARIO, AMBIGUOUS_SCENARIO, UNKNOWN_COHORT):
        assert f"\n| {code} | " in text
