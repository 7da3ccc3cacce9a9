"""DOJO420, a line's words against the face it is shown with (game/engine/face_check.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.i18n import use_locale
from game.engine.analysis import analyze
from game.engine.face_check import face_findings
from game.engine.lint import lint_file
from game.scenario.loader import load_scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import FIXTURES, REPO, scenario_from
from tests.test_faces import TABLE

FACES = FIXTURES / "faces"


def codes_420(path: Path) -> list[tuple[int, int, str]]:
    """(line, column, message) of every DOJO420 lint reports for `path`."""
    return [(d.line, d.col, d.message) for d in lint_file(path, default_rubric()) if d.code == "DOJO420"]


def test_a_grin_from_the_meter_on_a_shout_is_reported_at_the_line():
    """The meter shows relieved on an accusation: one warning at the line, naming the face, the tone and the word."""
    found = codes_420(FACES / "grin-on-a-shout.yaml")
    assert len(found) == 1
    line, col, message = found[0]
    assert (line, col) == (20, 9)
    assert "'relieved'" in message and "hostile" in message and "'rob'" in message and "mood meter" in message


def test_a_written_grin_is_reported_at_its_expression():
    """An author's own expression that contradicts the words is reported where it is written."""
    found = codes_420(FACES / "written-grin.yaml")
    assert len(found) == 1
    line, col, message = found[0]
    text = (FACES / "written-grin.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[col - 1 :].startswith("relieved") and "its expression is 'relieved'" in message


def test_a_shout_shown_angry_is_fine():
    """The same line shown angry gives no warning."""
    assert codes_420(FACES / "shout-shown-angry.yaml") == []


def test_narrator_lines_are_never_read():
    """A narrator's words are not said by a face, so they are never compared with one."""
    loaded = scenario_from(TABLE.replace('text: "The fish arrives."', 'text: "He beams. Thank you, thank you!"'))
    assert not any("Narrator" in d.message for d in face_findings(loaded, None))


def test_without_an_analysis_the_coverage_runs_still_read_the_meter_faces():
    """No best path (an estimate): the runs that try every reply still find a grin on a shout."""
    assert face_findings(load_scenario(FACES / "grin-on-a-shout.yaml"), None)


@pytest.mark.parametrize("name", sorted(path.stem for path in (REPO / "scenarios").glob("*.yaml")))
def test_bundled_scenarios_show_no_face_against_its_words(name):
    """Every bundled scenario: no line is shown with a face its words contradict."""
    loaded = load_scenario(REPO / "scenarios" / f"{name}.yaml")
    result = analyze(loaded.scenario, Scorer(default_rubric()))
    assert face_findings(loaded, result) == []


def test_in_chinese_a_grin_on_a_shout_keeps_its_place() -> None:
    """DOJO420 in zh-Hans: the same line and column, the message translated, the speaker's words and the face as written."""
    [(line, col, english)] = codes_420(FACES / "grin-on-a-shout.yaml")
    use_locale("zh-Hans")
    [(zh_line, zh_col, chinese)] = codes_420(FACES / "grin-on-a-shout.yaml")
    assert (zh_line, zh_col) == (line, col)
    assert chinese != english
    assert "'relieved'" in chinese and "'rob'" in chinese and "mood meter" not in chinese
