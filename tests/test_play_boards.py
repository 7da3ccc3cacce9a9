"""The leaderboards as a view (game/play/boards.py): which board each tab asks for, titles not ids, rows ready to show."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.play.boards import EMPTY, SCENARIO_TAB, TABS, board_spec, board_view, no_store, score_text, titles_of
from game.play.profile import Profile
from game.store.boards import Board, BoardSpec
from game.store.ranking import BoardEntry as Ranked
from tests.test_play_controller import bundled


def ranked(rank: int, player: str, percent: float = 80.0, band: str | None = "Silver") -> Ranked:
    """One ranked row as the store gives it."""
    fields = dict.fromkeys(Ranked._fields)
    fields.update(rank=rank, player=player, percent=percent, band=band)
    return Ranked(**fields)


def test_each_tab_asks_for_its_board():
    """Cohort this week, all time, then the scenario at the index (wrapping round the list)."""
    entries = list(bundled())
    profile = Profile("Dana", "2026-12", None)
    assert TABS[SCENARIO_TAB] == "Per scenario"
    assert board_spec(0, profile, entries, 0) == BoardSpec(cohort="2026-12", window="week")
    assert board_spec(1, profile, entries, 0) == BoardSpec()
    assert board_spec(SCENARIO_TAB, profile, entries, len(entries) + 1) == BoardSpec(scenario=entries[1].scenario.id)
    assert board_spec(SCENARIO_TAB, profile, [], 3) == BoardSpec(scenario=None)


def test_a_scenario_board_is_titled_by_the_scenarios_title_never_its_id():
    """The per-scenario board's title starts with the scenario's title and holds no file id."""
    entries = list(bundled())
    scenario = entries[0].scenario
    view = board_view(Board(BoardSpec(scenario=scenario.id), []), titles_of(entries))
    assert view.title.startswith(scenario.title) and scenario.id not in view.title
    assert view.rows == () and view.empty == EMPTY


def test_the_players_row_is_marked_and_gaps_in_the_ranks_are_said():
    """The top rows, then after a gap the player's neighbourhood with their own row marked; scores and bands ready to show."""
    board = Board(
        BoardSpec(),
        [ranked(1, "Rival", 95.0, "Gold"), ranked(2, "Ana", 70.0, None)],
        player="Dana",
        around=[ranked(11, "Bo"), ranked(12, "Dana", 40.4, None)],
    )
    view = board_view(board, {})
    assert [(row.rank, row.gap_before, row.mine) for row in view.rows] == [(1, False, False), (2, False, False), (11, True, False), (12, False, True)]
    assert (view.rows[0].score, view.rows[0].band) == ("95%", "Gold")
    assert (view.rows[3].score, view.rows[3].band) == ("40%", "—")
    assert view.empty is None


def test_without_a_store_the_board_names_the_commands_option():
    """Each game says which command takes --db."""
    assert "dojo play --db" in no_store("play") and "dojo gui --db" in no_store("gui")


@given(st.one_of(st.none(), st.floats(min_value=0, max_value=100)))
def test_a_score_is_a_whole_percent_or_a_dash(percent):
    """None reads as '—'; anything else as a whole percent."""
    text = score_text(percent)
    assert text == "—" if percent is None else text.endswith("%") and text[:-1].isdigit()


def test_the_first_tab_names_the_players_cohort_or_says_everyone():
    """The first tab says whose week it is: the player's cohort by name (cut when long), or everyone's for a player in none."""
    from game.play.boards import MAX_TAB_COHORT, tab_titles
    from game.play.profile import Profile

    assert tab_titles(Profile("Dana"))[0] == "Everyone · this week"
    assert tab_titles(Profile("Dana", "2024-09"))[0] == "2024-09 · this week"
    long = tab_titles(Profile("Dana", "x" * 60))[0]
    assert long.startswith("x" * (MAX_TAB_COHORT - 1) + "…") and len(long) < 40
    assert tab_titles(Profile("Dana"))[1:] == ("All time", "Per scenario")
