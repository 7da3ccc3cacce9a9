"""Tests for game.export.report.svg: labelled, escaped, self-contained charts."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from markupsafe import Markup

from game.export.report.svg import Bar, bar_chart, histogram, line_chart, signed_chart

HOSTILE = '<script>alert(1)</script> "onload=x </svg> {{ 7*7 }} \x1b[31m'


def parse(svg: str) -> ElementTree.Element:
    """The chart parsed as XML (it must be well-formed on its own)."""
    return ElementTree.fromstring(svg)


def texts(svg: str) -> list[str]:
    """Every text node of the chart."""
    return [node.text or "" for node in parse(svg).iter() if node.text]


def test_bar_chart_is_labelled_and_prints_its_numbers():
    """role=img, a title and desc it is labelled by, and each bar's note as text."""
    svg = bar_chart("skills", [Bar("Listening", 62.5, "62.5%"), Bar("Empathy", 40.0, "40.0%")], "Skill averages", "Listening 62.5%")
    root = parse(svg)
    assert isinstance(svg, Markup)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-skills-t chart-skills-d"
    assert root.find("title").text == "Skill averages" and root.find("desc").text == "Listening 62.5%"
    assert "62.5%" in texts(svg) and "40.0%" in texts(svg)
    widths = [float(rect.get("width")) for rect in root.iter("rect") if rect.get("class") == "bar"]
    assert widths == [187.5, 120.0]  # 300 units for 100%


def test_hostile_labels_are_escaped_and_visible():
    """Markup in a label stays text: no <script> element, the ESC shown as \\x1b, the XML still parses."""
    svg = bar_chart("x", [Bar(HOSTILE, 10.0, "10%")], HOSTILE, HOSTILE)
    root = parse(svg)
    assert not [node for node in root.iter() if node.tag in ("script", "svg") and node is not root]
    assert "<script>" not in svg and "\x1b" not in svg
    assert root.find("title").text.startswith('<script>alert(1)</script> "onload=x </svg> {{ 7*7 }} \\x1b')


def test_long_labels_are_clipped_in_the_chart_but_whole_in_the_bar_title():
    """The drawn label is cut with an ellipsis; the hover title keeps the whole text."""
    label = "x" * 200
    root = parse(bar_chart("x", [Bar(label, 5.0, "5%")], "t", "d"))
    drawn = [node.text for node in root.iter("text") if node.get("class") == "label"]
    assert drawn == ["x" * 29 + "…"]
    assert any(label in (node.text or "") for node in root.iter("title"))


def test_values_beyond_the_range_are_clamped():
    """A value over the maximum fills the track and no more; a negative one draws nothing."""
    root = parse(bar_chart("x", [Bar("a", 150.0, "150%"), Bar("b", -5.0, "-5%")], "t", "d"))
    assert [rect.get("width") for rect in root.iter("rect") if rect.get("class") == "bar"] == ["300", "0"]


def test_signed_chart_draws_negative_values_left_of_centre():
    """A negative index is a bar ending at the centre line, marked 'negative'; the note is printed."""
    root = parse(signed_chart("d", [Bar("good", 0.5, "+0.50"), Bar("trap", -1.0, "−1.00")], "t", "d"))
    bars = [rect for rect in root.iter("rect")]
    assert bars[0].get("class") == "bar" and bars[0].get("x") == "370" and bars[0].get("width") == "75"
    assert bars[1].get("class") == "bar negative" and bars[1].get("x") == "220" and bars[1].get("width") == "150"
    assert "−1.00" in texts(signed_chart("d", [Bar("trap", -1.0, "−1.00")], "t", "d"))


def test_line_chart_marks_each_run_with_its_value():
    """One circle per run, each titled with its percent; a polyline joins them; band lines are labelled."""
    svg = line_chart("trend", [20.0, 55.5, 91.0], "Overall", "values")
    root = parse(svg)
    titles = [node.find("title").text for node in root.iter("circle")]
    assert titles == ["Run 1: 20.0%", "Run 2: 55.5%", "Run 3: 91.0%"]
    assert len(list(root.iter("polyline"))) == 1
    assert {"Gold 90", "Silver 75", "Bronze 50", "run 3"} <= set(texts(svg))


def test_line_chart_with_one_or_no_runs():
    """One run is one point and no line; no runs is an empty but valid chart."""
    one = parse(line_chart("a", [42.0], "t", "d"))
    assert len(list(one.iter("circle"))) == 1 and not list(one.iter("polyline"))
    assert not list(parse(line_chart("b", [], "t", "d")).iter("circle"))


def test_histogram_prints_counts_and_ranges():
    """Each bin has its count above it and its range below; the last bin reaches 100."""
    svg = histogram("h", [1, 0, 0, 0, 0, 0, 0, 0, 2, 5], "Scores", "d")
    words = texts(svg)
    assert "5" in words and "0–9" in words and "90–100" in words
    assert len([rect for rect in parse(svg).iter("rect")]) == 10


def test_ids_are_safe_and_there_is_nothing_external():
    """An id made from any text keeps only [a-z0-9-]; no chart refers to anything outside itself."""
    svg = bar_chart('Node "x" <y>', [Bar("a", 1.0, "1")], "t", "d")
    assert 'aria-labelledby="chart-node-x-y-t chart-node-x-y-d"' in svg
    for chart in (svg, line_chart("l", [1.0, 2.0], "t", "d"), histogram("h", [1], "t", "d")):
        assert not re.search(r"(href|src)=|https?:|url\(", chart)
