"""Tests for game.export.report.items: item analysis of a scenario, pooled versions, hostile scenario text."""

from __future__ import annotations

import pytest

from game.export.report.common import ReportError
from game.export.report.gather import Filter, gather
from game.export.report.items import catalog, scenario_report
from game.export.report.text import visible
from tests.fixtures.report.data import (
    HOSTILE,
    LONG_LINE,
    MINI_TEXT,
    NASTY_REPLY,
    NASTY_TITLE,
    mini_store,
    nasty_store,
    record,
)
from tests.fixtures.report.page import Page, assert_nothing_injected
from tests.store_helpers import GOOD, MONDAY, open_tmp

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


NOW = MONDAY + 86_400


def test_scenario_report_item_analysis(tmp_path):
    """MINI: 8 runs by 4 trainees, 5 bad; 'ask/again' chosen 7 of 11 times and bad 4 of 5 runs."""
    page = Page(scenario_report(mini_store(tmp_path), "mini", NOW))
    text = " ".join(page.text)
    assert "8 counted run(s) by 4 trainee(s), 5 of them (62%) ending badly, and 2 unfinished save(s)" in text
    assert page.row("again")[1:] == ["7 (64%)", "4 of 5 (80%)", "+0.00", "0"]
    assert page.row("listen")[1:4] == ["4 (50%)", "1 of 4 (25%)", "+1.00"]
    assert page.row("refuse")[1:4] == ["4 (50%)", "4 of 4 (100%)", "\u22121.00"]
    assert page.row("hello/refuse")[1:] == ["4", "4", "100%", "0"]
    assert page.row("ask/again")[1:] == ["5", "4", "80%", "4"]
    separating = [row for row in page.rows if row and row[0].startswith("hello/refuse")][1]
    assert separating[1:] == ["\u22121.00", "0%", "100%", "weaker choose it much more"]  # Ann (upper) never, Cy (lower) always


def test_scenario_report_drop_off_and_versions(tmp_path):
    """Walkouts are counted at 'ask' (4); saves at 'ask' and 'hello' (1 each); one version pooled."""
    page = Page(scenario_report(mini_store(tmp_path), "mini", NOW))
    drop = [row for row in page.rows if len(row) == 4 and row[0].strip() in ("ask", "hello") and row[2].isdigit()]
    assert next(row for row in drop if row[0].strip() == "ask")[2:] == ["4", "1"]
    assert next(row for row in drop if row[0].strip() == "hello")[2:] == ["0", "1"]
    assert "(newest; its text is shown)" in " ".join(page.text)
    assert {"Choices at each decision", "Replies before a bad ending", "Replies that separate strong from weak trainees", "Where runs end early or are abandoned"} <= set(page.headings["h2"])
    assert_nothing_injected(page)


def test_unknown_scenario_is_an_error(tmp_path):
    """A scenario id with no runs has no report."""
    with pytest.raises(ReportError, match="no runs for scenario 'nope'"):
        scenario_report(mini_store(tmp_path), "nope", NOW)


def test_item_analysis_pools_versions_by_reply_id(tmp_path):
    """Runs on two versions of a scenario count together; the newest version's text is shown."""
    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    store.clock = lambda: MONDAY + 999_999  # the edited version is stored later, so it is the newest
    edited = MINI_TEXT.replace("Tell me more.", "Tell me everything.")
    record(store, edited, "Bob", GOOD, MONDAY + 60)
    page = Page(scenario_report(store, "mini", NOW))
    assert page.row("listen")[0].strip() == "listen Tell me everything."
    assert page.row("listen")[1] == "2 (100%)"
    versions = catalog(gather(store, Filter(scenario="mini")).versions.values())
    assert versions.replies["hello/listen"].text == "Tell me everything."


# Hostile text ---------------------------------------------------------------------------------------


def test_hostile_scenario_text_shows_literally(tmp_path):
    """The scenario title, a hostile reply and a 3,992-character line appear literally."""
    html = scenario_report(nasty_store(tmp_path), "nasty", NOW)
    page = Page(html)
    text = " ".join(page.text)
    assert page.headings["h1"] == [NASTY_TITLE]
    assert visible(NASTY_REPLY) in text and LONG_LINE in text
    assert "<b>more</b>" not in html and HOSTILE not in html
    assert_nothing_injected(page)
