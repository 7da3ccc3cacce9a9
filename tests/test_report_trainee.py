"""Tests for game.export.report.trainee: the trainee's page, its figures, and a hostile name shown literally."""

from __future__ import annotations

import pytest

from game.export.report.common import ReportError
from game.export.report.gather import Filter, gather
from game.export.report.text import visible
from game.export.report.trainee import player_report
from tests.fixtures.report.data import (
    MINI_TEXT,
    NASTY_PLAYER,
    mini_store,
    nasty_store,
    record,
)
from tests.fixtures.report.page import Page, assert_nothing_injected
from tests.store_helpers import GOOD, MONDAY, open_tmp

NOW = MONDAY + 86_400


def test_player_report_figures(tmp_path):
    """Ann: 2 runs, best 100%, two Gold, rank 1 of 4, an unfinished save at 'ask'."""
    page = Page(player_report(mini_store(tmp_path), "Ann", NOW))
    text = " ".join(page.text)
    assert page.headings["h1"] == ["Ann"]
    assert {"Summary", "Score over time", "Trend per skill", "Bands and scenarios", "Runs", "Unfinished"} <= set(page.headings["h2"])
    assert "Rank 1 of 4 on the overall board" in text
    assert "Bands reached: Gold 2." in text
    assert "Overall score: first 100.0%, latest 93.7%" in text
    assert page.row("Listening")[1:5] == ["2", "100.0%", "64.7%", "82.3%"]  # BEST, then GOOD
    assert page.row("mini")[1:3] == ["ask", "1"]  # the unfinished save
    skills = [row[0] for row in page.rows if row and row[0] in ("Listening", "Empathy", "Refusal technique", "Resolution", "Composure")]
    assert "Listening" in skills and "Refusal technique" in skills
    assert page.count("svg") == 1 + len(skills)  # the overall trend and one chart per skill scored
    assert_nothing_injected(page)


def test_player_runs_are_listed_newest_first_with_their_ending(tmp_path):
    """The runs table shows each run's score, band and ending in words."""
    page = Page(player_report(mini_store(tmp_path), "Bob", NOW))
    runs = [row for row in page.rows if row and row[0].startswith("2024-")]
    assert [row[3] for row in runs] == ["19.6%", "93.7%"]
    assert runs[0][5] == "Gone (walked-out)" and runs[1][4] == "Gold"


def test_flagged_runs_are_listed_but_not_counted(tmp_path):
    """A flagged run shows 'flagged' in the table and is left out of the counted figures."""
    from tests.store_helpers import tamper

    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY + 60)
    tamper(store, gather(store, Filter(player="Ann")).runs[0].run_uid, status="flagged")
    page = Page(player_report(store, "Ann", NOW))
    text = " ".join(page.text)
    assert "1 run(s) counted" in text and "1 left out" in text
    assert [row[-1] for row in page.rows if row and row[0].startswith("2024-")] == ["verified", "flagged"]


@pytest.mark.parametrize("name", ["Nobody", "Eli"], ids=["unknown", "only-a-save"])
def test_player_without_runs_is_an_error(tmp_path, name):
    """An unknown trainee, or one with only an unfinished save, has no report."""
    with pytest.raises(ReportError, match=f"no runs for player '{name}'"):
        player_report(mini_store(tmp_path), name, NOW)


def test_hostile_player_name_shows_literally(tmp_path):
    """Markup, a quote-onload, </svg>, {{ }} and an ANSI escape in a name are shown as typed, nothing runs."""
    html = player_report(nasty_store(tmp_path), NASTY_PLAYER, NOW)
    page = Page(html)
    assert page.headings["h1"] == [visible(NASTY_PLAYER)]
    assert "<script>" not in html and "\x1b" not in html and "49" not in " ".join(page.headings["h1"])
    assert page.count("svg") == html.count("</svg>")  # the name's </svg> closed nothing
    assert_nothing_injected(page)
