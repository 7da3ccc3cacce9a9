"""Tests for game.export.report.common: the page frame and the small wording helpers every page uses."""

from __future__ import annotations

from game.export.report.analytics import RunFacts, Trend
from game.export.report.common import (
    DEFINITIONS,
    band_line,
    histogram_chart,
    newest_first,
    page_context,
    scenario_titles,
    trend_text,
)
from game.export.report.gather import Filter, Gathered, Version, gather
from tests.fixtures.report.data import MINI_TEXT, loaded, mini_store


def run(band: str | None, status: str = "verified") -> RunFacts:
    """A run with only a band and a status that matter."""
    return RunFacts("r", "p", "s", 50.0, band, "e", "resolved", 0.0, status=status)


def test_band_line_best_band_first_and_none_last():
    """Bands in Gold, Silver, Bronze order, runs below every band last as 'no band'."""
    assert band_line([run(None), run("Bronze"), run("Gold"), run("Gold")]) == "Gold 2, Bronze 1, no band 1"
    assert band_line([]) == "none yet"


def test_trend_text_in_words():
    """A fitted change and the run count; one run or none said plainly."""
    assert trend_text(Trend("x", ((0.0, 40.0), (1.0, 60.0)), 20.0)) == "rising (+20.0 points fitted over 2 runs)"
    assert trend_text(Trend("x", ((0.0, 40.0),), 0.0)) == "one run only"
    assert trend_text(Trend("x", (), 0.0)) == "no runs"


def test_page_context_counts_what_was_left_out(tmp_path):
    """Flagged and unreadable runs are 'excluded'; the rest are 'counted'."""
    found = Gathered(runs=[run("Gold"), run(None, status="flagged")], unreadable=2)
    context = page_context("Trainee", "t", mini_store(tmp_path), found, 5.0, [])
    assert (context["counted"], context["excluded"], context["generated"]) == (1, 3, 5.0)
    assert context["definitions"] is DEFINITIONS and context["source"].endswith("dojo.db")


def test_titles_come_from_the_newest_version(tmp_path):
    """Of two versions of a scenario, the one stored later gives the title."""
    old = loaded(MINI_TEXT).scenario
    new = loaded(MINI_TEXT.replace("title: Mini", "title: Mini Two")).scenario
    found = Gathered(versions={"a": Version("a", old, 1.0, "x"), "b": Version("b", new, 2.0, "x")})
    assert scenario_titles(found) == {"mini": "Mini Two"}
    assert [version.content_hash for version in newest_first(found.versions.values())] == ["b", "a"]
    assert scenario_titles(gather(mini_store(tmp_path), Filter(scenario="mini"))) == {"mini": "Mini"}


def test_histogram_chart_describes_every_bin():
    """The chart's description lists the count of each ten-point band for screen readers."""
    chart = histogram_chart([5.0, 95.0, 100.0], "Scores")
    assert "0–9%: 1" in chart and "90–100%: 2" in chart and "<title" in chart


def test_glossary_defines_grades_in_the_reviews_words():
    """The 'Grade' entry lists every grade with the words the review uses for it."""
    from game.engine.review import GRADE_WORDS

    meaning = dict(DEFINITIONS)["Grade"]
    assert all(f"{grade}, {words}" in meaning for grade, words in GRADE_WORDS.items())
    assert "no blunder and at most one mistake" in dict(DEFINITIONS)["Band"]
