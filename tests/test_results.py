"""Tests for game.export.results: the text and JSON renderings of a run and of an analysis."""

from __future__ import annotations

from game.store.display import width as display_width

from game.engine.analysis import analyze
from game.engine.session import Session
from game.export.results import analysis_text, bar, run_json, run_text
from scoring.rubric import default_rubric
from scoring.scorer import Scorer


def finished(mini) -> Session:
    """MINI played to its resolved ending."""
    session = Session(mini.scenario, seed=2)
    session.choose("listen")
    session.choose("firm")
    return session


def test_bar_always_has_its_width_and_handles_not_assessed():
    """Bars are fixed width; a skill not assessed is dashes (the number is printed beside it)."""
    assert bar(0.0) == "." * 20 and bar(100.0) == "#" * 20 and bar(50.0) == "#" * 10 + "." * 10
    assert bar(None) == "-" * 20


def test_run_json_has_the_contract(mini):
    """scenario, ending {id, outcome}, score {percent, band, dimensions}, turns [{node, choice, feedback}]."""
    session = finished(mini)
    data = run_json(session, session.scorecard())
    assert data["scenario"] == "mini"
    assert data["ending"]["id"] == "fixed" and data["ending"]["outcome"] == "resolved"
    assert {"percent", "band", "dimensions"} <= set(data["score"])
    assert [(t["node"], t["choice"]) for t in data["turns"]] == [("hello", "listen"), ("ask", "firm")]
    assert all("feedback" in t for t in data["turns"])
    assert len(data["mood_curve"]) == 3


def test_run_json_and_text_give_the_wording_shown():
    """Each turn names the reply id, the wording shown, its variant id and where it was shown; the text debrief prints that wording."""
    from tests.conftest import MINI, scenario_from

    worded = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)
    session = Session(scenario_from(worded).scenario, seed=1)
    shown = next(reply for reply in session.offered if reply.id == "listen")
    number = session.offered.index(shown) + 1
    session.choose("listen")
    session.choose("firm")
    card = session.scorecard()
    first = run_json(session, card)["turns"][0]
    assert (first["choice"], first["text"], first["variant"], first["number"]) == ("listen", shown.text, shown.variant_id, number)
    assert shown.text != "Tell me more."  # seed 1 draws another wording than the first written
    assert f"1. [hello] {shown.text}" in run_text(session, card)


def test_run_text_names_ending_score_and_rules(mini):
    """The text debrief shows the ending, the score with its band, and each judgement's rule."""
    session = finished(mini)
    card = session.scorecard()
    text = run_text(session, card)
    assert "Ending: Fixed (Resolved)" in text
    assert f"Score: {card.percent:.1f}%" in text
    assert "LIS-1" in text  # listening.let-vent cites LIS-1


def test_analysis_text_lists_endings_and_targets(mini):
    """The analysis summary lists every ending with reachability and each skill's target and maximum."""
    text = analysis_text(analyze(mini.scenario, Scorer(default_rubric())))
    for ending in ("fixed", "refunded", "gone"):
        assert ending in text
    assert "target" in text and "most" in text


def test_run_text_in_chinese(mini):
    """In zh-Hans the debrief's own words are Chinese (the outcome by the rubric's title, skills by name, padded by display width); the scenario's text, rule codes and numbers stay as they are."""
    from game.i18n import rubric_text, use_locale

    use_locale("zh-Hans")
    session = finished(mini)
    card = session.scorecard()
    text = run_text(session, card)
    assert f"结局：Fixed（{rubric_text('Resolved')}）" in text and rubric_text("Resolved") != "Resolved"
    bars = [line for line in text.splitlines() if line.rstrip().endswith("%") and "#" in line]
    assert len({display_width(line.split("#")[0]) for line in bars}) == 1  # the bars start in one column
    assert f"（{rubric_text('Listening')} LIS-1）：" in text
    assert f"得分：{card.percent:.1f}%" in text
    assert "LIS-1" in text and "Ending:" not in text and "Score:" not in text


def test_analysis_text_in_chinese(mini):
    """In zh-Hans the analysis summary's headings and words are Chinese; ids stay as they are."""
    from game.i18n import use_locale

    use_locale("zh-Hans")
    text = analysis_text(analyze(mini.scenario, Scorer(default_rubric())))
    assert "结局：" in text and "得分范围：" in text and "目标" in text and "最高" in text
    for ending in ("fixed", "refunded", "gone"):
        assert ending in text
    assert "Endings:" not in text and "Score range" not in text


def test_the_patterns_a_run_showed_are_named_by_their_titles():
    """The debrief's 'Patterns:' line names each pattern by the rubric's title (as the games do), not by its key."""
    from game.scenario.loader import load_scenario
    from scenarios import BUNDLED_DIR

    scenario = load_scenario(BUNDLED_DIR / "angry-shoe-buyer.yaml").scenario
    session = Session(scenario, seed=0)
    for reply in ["sorry-sorry", "sum-up", "when-noticed", "explain-here", "not-the-shoe", "start-again", "no-refund-either-way",
                  "safety-net", "workshop-sometime", "should-have-told", "refund-anyway"]:
        session.choose(reply)
    card = session.scorecard()
    assert card.patterns == ("third-apology",)
    title = default_rubric().pattern_title("third-apology")
    assert title != "third-apology" and f"Patterns: {title}" in run_text(session, card)
