"""Tests for game.engine.lint: state-based findings, the band check, estimates, ordering, and the
form checks (DOJO406: a bot reading only the form of replies reaches Bronze; DOJO407: the best
reply is the longest at most decisions) on the fixtures in tests/fixtures/form/."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.i18n import _ as translate, use_locale
from game.engine import lint as lint_module
from game.engine.lint import FORM_CHECK_RUNS, LINT_STATE_LIMIT, lint_file
from game.engine.simulate import simulate
from game.scenario.diagnostics import Diagnostic
from game.scenario.loader import load_scenario
from scoring.scorer import Scorer
from scoring.rubric import Rubric, default_rubric
from tests.conftest import EXAMPLE, FIXTURES, IMPOSSIBLE, MINI, line_of, write_scenario as write, tiny_scenario

FORM = FIXTURES / "form"

# The opening line is said only when anger is above 60, but the scene starts at 50.
SILENT = MINI.replace('      - "I want a refund."', '      - when: anger > 60\n        text: "I want a refund."')
# Conditions leave only a loop that never moves a meter: no playthrough can end.
NO_EXIT_IN_PLAY = tiny_scenario(
    "no-exit",
    """
nodes:
  hello:
    say: ["Hello?"]
    choices:
      - {id: wait, text: Go on., tags: [listening.let-vent], next: hello}
      - {id: leave, when: anger > 100, text: Bye., tags: [listening.open-question], next: done}
endings:
  done: {outcome: resolved, title: Done, text: It is over.}
""",
)
# Every path loses points overall, though the listed skill earns some.
GLOOMY = tiny_scenario(
    "gloomy",
    """
nodes:
  hello:
    say: ["Well?"]
    choices:
      - id: only
        text: Ha, calm down.
        tags: [listening.let-vent, empathy.mock, composure.rise-to-bait, resolution.policy-break]
        effects: {anger: +10}
        next: bad
endings:
  bad: {outcome: policy-broken, title: Bad, text: It went badly.}
""", anger=90,
)


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    """The default rubric."""
    return default_rubric()


def lint_text(tmp_path: Path, text: str, rubric: Rubric, state_limit: int = LINT_STATE_LIMIT) -> list[Diagnostic]:
    """lint_file on `text` written to a file."""
    return lint_file(write(tmp_path, text), rubric, state_limit)


# --------------------------------------------------------------------------- lint_file


def test_example_lints_clean(rubric: Rubric) -> None:
    """The bundled example has no findings at all."""
    assert lint_file(EXAMPLE, rubric) == []


def test_mini_lints_clean(tmp_path: Path, rubric: Rubric) -> None:
    """MINI, with its conditional reply and loop, has no findings."""
    assert lint_text(tmp_path, MINI, rubric) == []


def test_conditions_that_rule_things_out(tmp_path: Path, rubric: Rubric) -> None:
    """A reply whose condition never holds gives DOJO207; what lies only behind it, DOJO202 and DOJO204."""
    found = lint_text(tmp_path, IMPOSSIBLE, rubric)
    assert [(d.code, d.line) for d in found] == [
        ("DOJO207", line_of(IMPOSSIBLE, "when: anger > 100")),
        ("DOJO202", line_of(IMPOSSIBLE, "  secret:")),
        ("DOJO204", line_of(IMPOSSIBLE, "refunded: {outcome")),
    ]
    assert all(not d.is_error for d in found)
    assert found[0].message == "reply 'cave' in 'ask' can never be chosen: its condition is never true there"
    assert "node 'secret' is never reached in play" in found[1].message
    assert "ending 'refunded' is never reached in play" in found[2].message


def test_static_findings_are_not_repeated(tmp_path: Path, rubric: Rubric) -> None:
    """A node the loader already calls unreachable (DOJO202) is not reported again by the analysis."""
    text = MINI.replace("endings:\n", "  island:\n    say: [Alone.]\n    choices: [{id: go, text: Go., next: fixed}]\nendings:\n")
    found = lint_text(tmp_path, text, rubric)
    assert [d.code for d in found] == ["DOJO202"]
    assert found[0].message == "node 'island' can never be reached from 'hello'"


def test_silent_node_is_dojo208(tmp_path: Path, rubric: Rubric) -> None:
    """A node reached in a state where none of its conditional lines holds gives DOJO208 at `say`."""
    found = lint_text(tmp_path, SILENT, rubric)
    assert [d.code for d in found] == ["DOJO208"]
    assert found[0].line == line_of(SILENT, "- when: anger > 60")  # the value of `say`
    assert found[0].message.startswith("node 'hello' can be reached when none of its lines' conditions hold")


def test_conditional_lines_that_cover_every_state_are_fine(tmp_path: Path, rubric: Rubric) -> None:
    """Lines whose conditions between them cover every state reached give no DOJO208."""
    text = SILENT.replace("      - when: anger > 60\n", "      - when: anger <= 60\n        text: Hi.\n      - when: anger > 60\n")
    assert lint_text(tmp_path, text, rubric) == []


def test_skill_the_best_path_never_earns_is_dojo403(tmp_path: Path, rubric: Rubric) -> None:
    """Listing a skill the best playthrough earns nothing in is DOJO403 at `start`."""
    text = MINI.replace("skills: [listening, refusal]", "skills: [listening, refusal, empathy]")
    found = lint_text(tmp_path, text, rubric)
    assert [d.code for d in found] == ["DOJO403"]
    assert found[0].is_error
    assert found[0].line == line_of(text, "start: hello")
    assert "earns nothing in empathy" in found[0].message


def test_best_path_earning_nothing_overall_is_dojo403(tmp_path: Path, rubric: Rubric) -> None:
    """A scenario whose best playthrough loses points has no right way through to grade against: DOJO403."""
    found = lint_text(tmp_path, GLOOMY, rubric)
    assert [d.code for d in found] == ["DOJO403"]
    assert "no right way through" in found[0].message


def test_state_limit_gives_dojo404(tmp_path: Path, rubric: Rubric) -> None:
    """When the search stops at its limit, lint says its results are estimates (DOJO404, a warning)."""
    found = lint_text(tmp_path, MINI, rubric, state_limit=10)
    assert [d.code for d in found] == ["DOJO404"]
    assert not found[0].is_error
    assert (found[0].line, found[0].col) == (1, 1)
    assert "estimates" in found[0].message


def test_tiny_state_limit_is_still_only_an_estimate(tmp_path: Path, rubric: Rubric) -> None:
    """A state limit of 2 on a fine scenario is an estimate (DOJO404), never an error."""
    found = lint_text(tmp_path, MINI, rubric, state_limit=2)
    assert [d.code for d in found] == ["DOJO404"]


def test_max_turns_cut_names_max_turns(tmp_path: Path, rubric: Rubric) -> None:
    """When max_turns (not the state limit) stops every path short of an ending, the finding says so."""
    text = MINI.replace("start: hello", "max_turns: 1\nstart: hello").replace(
        "        when: heard\n", "        when: heard and turn + 1 > 1\n"
    )
    found = lint_text(tmp_path, text, rubric)
    assert [d.code for d in found] == ["DOJO404"]
    assert "max_turns" in found[0].message


def test_no_ending_in_play_is_dojo203(tmp_path: Path, rubric: Rubric) -> None:
    """Conditions that leave no way to any ending in play give DOJO203 at `start`, though the graph has one."""
    found = lint_text(tmp_path, NO_EXIT_IN_PLAY, rubric)
    assert [d.code for d in found] == ["DOJO203"]
    assert found[0].is_error
    assert found[0].line == line_of(NO_EXIT_IN_PLAY, "start: hello")


def test_load_errors_come_back_sorted(tmp_path: Path, rubric: Rubric) -> None:
    """A file that doesn't load gives the loader's diagnostics, in file order, and no analysis."""
    text = MINI.replace("next: fixed", "next: fixd").replace("[listening.let-vent]", "[listening.let-rant]")
    found = lint_text(tmp_path, text, rubric)
    assert {"DOJO201", "DOJO402"} <= {d.code for d in found}
    assert [(d.line, d.col) for d in found] == sorted((d.line, d.col) for d in found)


def test_findings_are_in_file_order(tmp_path: Path, rubric: Rubric) -> None:
    """Warnings from loading and from the analysis are merged in line order."""
    text = IMPOSSIBLE.replace("        tags: [refusal.premature]\n", "")  # adds DOJO401 near the top
    found = lint_text(tmp_path, text, rubric)
    assert [d.code for d in found] == ["DOJO401", "DOJO207", "DOJO202", "DOJO204"]


# --------------------------------------------------------------------------- portraits

WITH_PORTRAIT = MINI.replace("cus: {name: Customer}", "cus: {name: Customer, portrait: ms-lin}")


def test_missing_portrait_is_a_dojo110_warning(tmp_path: Path, rubric: Rubric) -> None:
    """A portrait with no picture in assets/portraits or the scenario's folder is a located warning, not an error."""
    found = [d for d in lint_text(tmp_path, WITH_PORTRAIT, rubric) if d.code == "DOJO110"]
    assert len(found) == 1
    assert not found[0].is_error
    assert found[0].line == line_of(WITH_PORTRAIT, "portrait: ms-lin")
    assert "ms-lin.png" in found[0].message


@pytest.mark.parametrize("name", ["ms-lin.png", "ms-lin.jpg"])
def test_portrait_beside_the_scenario_is_found(tmp_path: Path, rubric: Rubric, name: str) -> None:
    """A picture named after the portrait in the scenario's own folder satisfies lint."""
    (tmp_path / name).write_bytes(b"\x89PNG")
    assert "DOJO110" not in {d.code for d in lint_text(tmp_path, WITH_PORTRAIT, rubric)}


def test_portrait_in_another_folder_is_not_found(tmp_path: Path, rubric: Rubric) -> None:
    """A picture in a sub-folder does not count: a portrait names a file in the scenario's folder itself."""
    (tmp_path / "portraits").mkdir()
    (tmp_path / "portraits" / "ms-lin.png").write_bytes(b"\x89PNG")
    assert "DOJO110" in {d.code for d in lint_text(tmp_path, WITH_PORTRAIT, rubric)}


def test_lint_finds_portraits_from_any_working_folder(tmp_path: Path) -> None:
    """`dojo lint` run outside the repository still reports DOJO110, not a ModuleNotFoundError traceback."""
    import subprocess
    import sys

    path = write(tmp_path, WITH_PORTRAIT)
    done = subprocess.run([sys.executable, "-m", "game.cli", "lint", str(path)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert "DOJO110 warning" in done.stdout


# --------------------------------------------------------------------------- form checks


@pytest.mark.parametrize("bot", ["longest", "shortest", "warmest", "most-concessions"])
def test_form_fixture_fails_with_its_bot(rubric: Rubric, bot: str) -> None:
    """Each fixture built so one form bot plays the best path fails with DOJO406 naming that bot (and no other), at `title`."""
    path = FORM / f"{bot}-wins.yaml"
    found = [d for d in lint_file(path, rubric) if d.code == "DOJO406"]
    assert len(found) == 1, [d.format() for d in found]
    finding = found[0]
    assert finding.is_error
    assert finding.line == line_of(path.read_text(encoding="utf-8"), "title:")
    assert finding.message.startswith(f"the '{bot}' bot, which always picks ")
    assert f"averages 100.0% over {FORM_CHECK_RUNS} runs, at or above Bronze (50%)" in finding.message


def test_clean_form_fixture_passes_every_check(rubric: Rubric) -> None:
    """The clean fixture, whose best replies are neither longest, shortest, warmest nor most generous, has no findings at all."""
    assert lint_file(FORM / "clean.yaml", rubric) == []


def test_best_is_longest_fixture_is_dojo407_only(rubric: Rubric) -> None:
    """The best reply longest at two of three decisions gives the DOJO407 warning at `start`, though the longest bot fails (no DOJO406)."""
    path = FORM / "best-is-longest.yaml"
    found = lint_file(path, rubric)
    assert [d.code for d in found] == ["DOJO407"]
    assert not found[0].is_error
    assert found[0].line == line_of(path.read_text(encoding="utf-8"), "start: opening")
    assert found[0].message.startswith("the best reply is the longest on offer at 2 of the 3 decisions of the best playthrough (opening, details)")


def test_longest_wins_fixture_also_warns_dojo407(rubric: Rubric) -> None:
    """Where the best reply is the longest at every decision, DOJO407 comes with DOJO406."""
    found = lint_file(FORM / "longest-wins.yaml", rubric)
    assert [d.code for d in found] == ["DOJO406", "DOJO407"]
    assert "at 3 of the 3 decisions" in found[1].message


def test_best_always_last_fixture_is_dojo410_only(rubric: Rubric) -> None:
    """The best reply written last at every decision gives the DOJO410 warning at `start`, naming the place and the nodes."""
    path = FORM / "best-always-last.yaml"
    found = lint_file(path, rubric)
    assert [d.code for d in found] == ["DOJO410"]
    assert not found[0].is_error
    assert found[0].line == line_of(path.read_text(encoding="utf-8"), "start: opening")
    assert found[0].message.startswith("the best reply is written last among the replies on offer at 3 of the 3 decision nodes")
    assert "(opening, details, offer)" in found[0].message


def test_the_written_place_gives_a_position_bot_nothing(rubric: Rubric) -> None:
    """Play shuffles the replies, so the 'last' and 'first' bots stay below Bronze on the always-last fixture."""
    loaded = load_scenario(FORM / "best-always-last.yaml", rubric)
    scorer = Scorer(rubric)
    lowest = min(band.min_percent for band in rubric.bands)
    for bot in ("last", "first"):
        assert simulate(loaded.scenario, scorer, bot, 200, 1).mean_percent < lowest


def test_dojo410_skips_a_scene_of_fewer_than_three_decisions(tmp_path: Path, rubric: Rubric) -> None:
    """With one or two decisions the best reply is in one place by chance: no DOJO410."""
    text = (FORM / "best-always-last.yaml").read_text(encoding="utf-8")
    two_decisions = text.replace("next: offer", "next: sorted")  # the offer node is no longer reached
    found = lint_text(tmp_path, two_decisions, rubric)
    assert "DOJO410" not in {d.code for d in found}
    assert "DOJO410" in {d.code for d in lint_text(tmp_path, text, rubric)}


def test_dojo407_needs_strictly_longest(tmp_path: Path, rubric: Rubric) -> None:
    """A best reply only as long as another one on offer is not 'the longest', so no DOJO407."""
    text = (FORM / "best-is-longest.yaml").read_text(encoding="utf-8")
    best = "That must have given you a fright. Take your time and tell me what happens, from the moment you plug it in."
    rival = "Go on, what happens then?"
    assert best in text and rival in text
    same_length = "Go on, what happens then? " + "x" * (len(best) - len(rival) - 1)
    found = lint_text(tmp_path, text.replace(rival, same_length), rubric)
    assert "DOJO407" not in {d.code for d in found}


def test_form_checks_are_deterministic(rubric: Rubric) -> None:
    """Lint plays the form bots from a fixed seed: the same file always gives the same findings."""
    path = FORM / "warmest-wins.yaml"
    assert lint_file(path, rubric) == lint_file(path, rubric)


def test_form_checks_skip_a_scene_without_decisions(tmp_path: Path, rubric: Rubric) -> None:
    """With one reply at every moment every bot plays the same run, so there is no form to read: no DOJO406 or DOJO407."""
    codes = {d.code for d in lint_text(tmp_path, GLOOMY, rubric)}
    assert not codes & {"DOJO406", "DOJO407"}


def test_form_checks_skip_an_estimate(tmp_path: Path, rubric: Rubric) -> None:
    """When the analysis is only an estimate (DOJO404), the form bots are not played."""
    text = (FORM / "longest-wins.yaml").read_text(encoding="utf-8")
    assert [d.code for d in lint_text(tmp_path, text, rubric, state_limit=3)] == ["DOJO404"]


def test_form_bots_play_the_analysis_lint_made(tmp_path: Path, rubric: Rubric, monkeypatch: pytest.MonkeyPatch) -> None:
    """The form check uses the analysis lint already has (one search per file), and fixed runs and seed."""
    searches: list[str] = []
    calls: list[tuple[str, int, int]] = []
    real_analyze, real_simulate = lint_module.analyze, lint_module.simulate
    monkeypatch.setattr(lint_module, "analyze", lambda scenario, *a, **k: searches.append(scenario.id) or real_analyze(scenario, *a, **k))

    def spy(scenario, scorer, bot, runs, seed, analysis, **kw):  # type: ignore[no-untyped-def]
        """Record each form bot's run count and seed, then simulate."""
        assert analysis is not None
        calls.append((bot, runs, seed))
        return real_simulate(scenario, scorer, bot, runs, seed, analysis, **kw)

    monkeypatch.setattr(lint_module, "simulate", spy)
    lint_file(FORM / "clean.yaml", rubric)
    assert searches == ["clean"]
    assert calls == [(bot, FORM_CHECK_RUNS, lint_module.FORM_CHECK_SEED) for bot in ("longest", "shortest", "warmest", "most-concessions")]


# --------------------------------------------------------------------------- in Chinese


def test_in_chinese_a_missing_portrait_keeps_its_code_and_place(tmp_path: Path, rubric: Rubric) -> None:
    """DOJO110 in zh-Hans: same code and place, the translated template with the file names unchanged."""
    [english] = [d for d in lint_text(tmp_path, WITH_PORTRAIT, rubric) if d.code == "DOJO110"]
    use_locale("zh-Hans")
    [chinese] = [d for d in lint_text(tmp_path, WITH_PORTRAIT, rubric) if d.code == "DOJO110"]
    assert (chinese.line, chinese.col) == (english.line, english.col)
    template = translate(
        "portrait '{portrait}' of '{person}' has no picture {png} or {jpg} in assets/portraits "
        "or the scenario's folder; the window game will draw a face instead"
    )
    assert chinese.message == template.format(portrait="ms-lin", person="cus", png="ms-lin.png", jpg="ms-lin.jpg")
    assert chinese.message != english.message


@pytest.mark.parametrize("path", sorted(FORM.glob("*.yaml")), ids=lambda path: path.stem)
def test_in_chinese_the_form_checks_keep_codes_and_places(path: Path, rubric: Rubric) -> None:
    """DOJO406, DOJO407 and DOJO410 in zh-Hans: the same findings at the same places, none left in English."""
    english = lint_file(path, rubric)
    use_locale("zh-Hans")
    chinese = lint_file(path, rubric)
    assert [(d.code, d.line, d.col) for d in chinese] == [(d.code, d.line, d.col) for d in english]
    assert all(c.message != e.message for c, e in zip(chinese, english))
