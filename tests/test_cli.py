"""Tests for game.cli and the run, analyze, schema and simulate commands, run in-process.

Exit codes are a contract: 0 success, 1 findings, 2 bad usage or unreadable input; every
failure is one message on stderr and never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from game.cli import COMMANDS, build_parser, main
from game.scenario.schema import json_schema
from scoring.rubric import DEFAULT_RUBRIC_PATH
from tests.conftest import EXAMPLE, MINI

EXAMPLE_BEST = "invite,paraphrase,what-matters,check-now,honest-options,small-gesture"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `dojo` in-process: (exit code, stdout, stderr). argparse errors leave through SystemExit."""
    try:
        code = main(list(argv))
    except SystemExit as leave:
        code = int(leave.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def mini_file(tmp_path: Path) -> Path:
    """MINI written to a file."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


@pytest.fixture()
def broken_rubric(tmp_path: Path) -> Path:
    """A rubric file missing most of its fields."""
    path = tmp_path / "rubric.yaml"
    path.write_text("id: broken\nversion: '1'\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the entry point


def test_every_command_is_registered_with_its_parts() -> None:
    """Each module in COMMANDS has NAME, HELP, add_parser and execute, and a sub-command of that name."""
    parser = build_parser()
    names = [command.NAME for command in COMMANDS]
    assert len(set(names)) == len(names)
    assert {"run", "lint", "analyze", "simulate", "schema"} <= set(names)
    for command in COMMANDS:
        assert command.HELP and callable(command.add_parser) and callable(command.execute)
    help_text = parser.format_help()
    assert all(name in help_text for name in names)


def test_no_subcommand_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo` alone prints the usage with every command and exits 2."""
    code, out, err = cli(capsys)
    assert code == 2
    assert out.startswith("usage: dojo")
    assert "schema" in out and "simulate" in out


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo --help` is not an error."""
    code, out, _ = cli(capsys, "--help")
    assert code == 0
    assert "usage: dojo" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("run", "x.yaml", "--choices", "1", "--bogus"),
        ("frobnicate",),
        ("run", "x.yaml"),
        ("run", "x.yaml", "--choices", "1", "--mode", "casual"),
        ("simulate", "x.yaml", "--runs", "many"),
        ("analyze",),
    ],
    ids=["unknown-flag", "unknown-command", "missing-choices", "bad-mode", "runs-not-a-number", "missing-scenario"],
)
def test_usage_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    """A wrong flag or argument exits 2 with exactly one line on stderr, no usage dump, no traceback."""
    code, out, err = cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("dojo")
    assert "see 'dojo" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- dojo run


def run_json(capsys: pytest.CaptureFixture[str], path: Path, choices: str, *extra: str) -> dict:
    """`dojo run --json` output, asserting success."""
    code, out, err = cli(capsys, "run", str(path), "--choices", choices, "--json", *extra)
    assert (code, err) == (0, ""), err
    return json.loads(out)


def test_run_by_ids_json_contract(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """`dojo run --json` by reply ids gives scenario, ending, score with dimensions, and turns with feedback."""
    data = run_json(capsys, mini_file, "listen,firm")
    assert data["scenario"] == "mini"
    assert data["ending"]["id"] == "fixed" and data["ending"]["outcome"] == "resolved"
    score = data["score"]
    assert isinstance(score["percent"], float) and 0 <= score["percent"] <= 100
    assert score["band"] in {"Gold", "Silver", "Bronze", None}
    assert set(score["dimensions"]) == {"listening", "empathy", "refusal", "resolution", "composure"}
    for values in score["dimensions"].values():
        assert {"raw", "max", "percent"} <= set(values)
    assert score["dimensions"]["refusal"]["percent"] == 100.0
    assert [(t["node"], t["choice"]) for t in data["turns"]] == [("hello", "listen"), ("ask", "firm")]
    first = data["turns"][0]["feedback"]
    assert [item["key"] for item in first] == ["listening.let-vent"]
    assert first[0]["points"] > 0 and first[0]["dimension"] == "listening"
    assert data["mode"] == "practice"


def test_run_by_numbers_matches_ids(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """1-based numbers pick among the replies on offer (conditional ones counted only when offered)."""
    by_ids = run_json(capsys, mini_file, "refuse,cave")
    by_numbers = run_json(capsys, mini_file, "2,2")  # after 'refuse', 'firm' is not on offer: 2 is 'cave'
    assert by_numbers["choices"] == by_ids["choices"] == ["refuse", "cave"]
    assert by_numbers["score"] == by_ids["score"]
    assert by_numbers["ending"]["id"] == "refunded"


def test_run_mixes_ids_numbers_and_spaces(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Ids and numbers mix, and spaces or empty items around commas are ignored."""
    data = run_json(capsys, mini_file, " listen , ,1 ")
    assert data["choices"] == ["listen", "firm"]


def test_run_best_path_of_the_example_is_gold(capsys: pytest.CaptureFixture[str]) -> None:
    """The example's model answer scores 100% and Gold."""
    data = run_json(capsys, EXAMPLE, EXAMPLE_BEST)
    assert data["ending"] == {"id": "party-saved", "outcome": "delighted", "title": "A bell on the handlebars"}
    assert (data["score"]["percent"], data["score"]["band"]) == (100.0, "Gold")


def test_run_text_output(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Without --json, run prints a readable debrief with the ending, score and each turn."""
    code, out, _ = cli(capsys, "run", str(mini_file), "--choices", "listen,firm")
    assert code == 0
    assert "Ending: Fixed (resolved)" in out
    assert "Score: " in out
    assert "1. [hello] Tell me more." in out


def test_run_ranked_mode(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """`--mode ranked` plays the same and says so in the JSON."""
    data = run_json(capsys, mini_file, "listen,firm", "--mode", "ranked")
    assert data["mode"] == "ranked"
    assert data["ending"]["id"] == "fixed"


def test_run_seed_is_echoed(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """--seed is recorded in the output, and the score doesn't depend on it."""
    one = run_json(capsys, mini_file, "listen,firm", "--seed", "7")
    other = run_json(capsys, mini_file, "listen,firm", "--seed", "8")
    assert (one["seed"], other["seed"]) == (7, 8)
    assert one["score"] == other["score"]


def test_run_stopping_early_exits_2_naming_the_replies(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Choices that stop before an ending exit 2 and list the replies on offer, numbered."""
    code, out, err = cli(capsys, "run", str(mini_file), "--choices", "listen")
    assert (code, out) == (2, "")
    assert err == "dojo run: the run stopped at node 'ask' before an ending; replies on offer there: 1=firm, 2=again, 3=cave\n"


def test_run_choice_after_the_end_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """A choice after the scene has ended is a usage error naming it."""
    code, out, err = cli(capsys, "run", str(mini_file), "--choices", "listen,firm,again")
    assert (code, out) == (2, "")
    assert err == "dojo run: choice 3 ('again') comes after the scene has already ended\n"


@pytest.mark.parametrize("number", ["0", "4", "99"])
def test_run_bad_number_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path, number: str) -> None:
    """A number outside 1..replies on offer exits 2 saying how many there are."""
    code, out, err = cli(capsys, "run", str(mini_file), "--choices", f"listen,{number}")
    assert (code, out) == (2, "")
    assert err == f"dojo run: choice 2: there is no reply {number} here; 3 are on offer\n"


def test_run_unknown_or_unoffered_id_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """An id not on offer (here a conditional reply whose condition fails) exits 2 naming what is."""
    code, _, err = cli(capsys, "run", str(mini_file), "--choices", "refuse,firm")
    assert code == 2
    assert err.startswith("dojo run: choice 2: ")
    assert "again, cave" in err


def test_run_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A scenario path that doesn't exist exits 2 with a DOJO001 line."""
    code, out, err = cli(capsys, "run", str(tmp_path / "nope.yaml"), "--choices", "1")
    assert (code, out) == (2, "")
    assert err.startswith(f"dojo run: {tmp_path / 'nope.yaml'}:0:0: DOJO001 error: ")


def test_run_cohort_needs_player(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """--cohort without --player is a usage error."""
    code, _, err = cli(capsys, "run", str(mini_file), "--choices", "1", "--cohort", "spring")
    assert code == 2
    assert err == "dojo run: --cohort and --team need --player NAME\n"


# --------------------------------------------------------------------------- dojo analyze


def test_analyze_json_contract(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """`dojo analyze --json` has scenario, nodes, decision_nodes, endings, best, worst and exact."""
    code, out, _ = cli(capsys, "analyze", str(mini_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "mini"
    assert (data["nodes"], data["decision_nodes"], data["exact"]) == (2, 2, True)
    assert data["endings"] == {
        "fixed": {"outcome": "resolved", "reachable": True},
        "refunded": {"outcome": "policy-broken", "reachable": True},
        "gone": {"outcome": "walked-out", "reachable": True},
    }
    assert data["best"]["percent"] == 100.0
    assert data["best"]["choices"] == ["hello/listen", "ask/again", "ask/firm"]
    assert data["worst"]["percent"] == 0.0
    assert data["worst"]["choices"][0] == "hello/refuse"


def test_analyze_best_path_replays_to_its_score(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Playing analyze's best choices with `dojo run` scores its best percent."""
    _, out, _ = cli(capsys, "analyze", str(mini_file), "--json")
    best = json.loads(out)["best"]
    ids = ",".join(key.split("/")[1] for key in best["choices"])
    assert run_json(capsys, mini_file, ids)["score"]["percent"] == best["percent"]


def test_analyze_text(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Without --json, analyze prints the range, best and worst paths and the endings."""
    code, out, _ = cli(capsys, "analyze", str(mini_file))
    assert code == 0
    assert out.startswith("mini: 2 nodes, 2 decisions")
    assert "Best  (100.0%, ending fixed): hello/listen -> ask/again -> ask/firm" in out


def test_analyze_limit_gives_an_estimate(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """A small --limit still answers, flagged as not exact."""
    code, out, _ = cli(capsys, "analyze", str(mini_file), "--json", "--limit", "10")
    assert code == 0
    assert json.loads(out)["exact"] is False


def test_analyze_limit_below_one_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """--limit 0 is a usage error."""
    code, _, err = cli(capsys, "analyze", str(mini_file), "--limit", "0")
    assert (code, err) == (2, "dojo analyze: --limit must be at least 1\n")


def test_analyze_bad_scenario_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A scenario that doesn't load exits 2 with its diagnostic."""
    path = tmp_path / "bad.yaml"
    path.write_text(MINI.replace("start: hello", "start: nowhere"), encoding="utf-8")
    code, out, err = cli(capsys, "analyze", str(path))
    assert (code, out) == (2, "")
    assert f"{path}:" in err and "DOJO206" in err


# --------------------------------------------------------------------------- dojo schema


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo schema` prints valid JSON: the format's JSON Schema, itself a valid schema."""
    code, out, err = cli(capsys, "schema")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == json_schema()
    Draft202012Validator.check_schema(data)


# --------------------------------------------------------------------------- dojo simulate


def test_simulate_json_contract(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """`dojo simulate --json` has runs, mean_percent, bands, endings, node and choice coverage."""
    code, out, _ = cli(capsys, "simulate", str(mini_file), "--json", "--runs", "40", "--seed", "3")
    assert code == 0
    data = json.loads(out)
    assert (data["runs"], data["seed"], data["bot"]) == (40, 3, "random")
    assert 0 <= data["mean_percent"] <= 100
    assert sum(data["bands"].values()) + data["unfinished"] == 40
    assert sum(data["endings"].values()) + data["unfinished"] == 40
    assert set(data["endings"]) <= {"fixed", "refunded", "gone"}
    assert 0 <= data["node_coverage"] <= 1 and 0 <= data["choice_coverage"] <= 1


def test_simulate_is_reproducible(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """The same seed gives the same JSON."""
    outputs = [cli(capsys, "simulate", str(mini_file), "--json", "--runs", "25", "--seed", "9")[1] for _ in range(2)]
    assert outputs[0] == outputs[1]


def test_simulate_text(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Without --json, simulate prints a summary with coverage, bands and endings."""
    code, out, _ = cli(capsys, "simulate", str(mini_file), "--runs", "20", "--bot", "coverage")
    assert code == 0
    assert out.startswith("mini: 20 runs by the coverage bot (seed 0)")
    assert "Coverage: 100% of nodes, 100% of replies" in out
    assert "Bands: " in out and "Endings: " in out


@pytest.mark.parametrize("runs", ["0", "-5", "1000001"])
def test_simulate_runs_out_of_range_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path, runs: str) -> None:
    """--runs outside 1..1,000,000 is a usage error."""
    code, _, err = cli(capsys, "simulate", str(mini_file), "--runs", runs)
    assert (code, err) == (2, "dojo simulate: --runs must be between 1 and 1,000,000\n")


# --------------------------------------------------------------------------- --rubric


@pytest.mark.parametrize(
    "argv",
    [
        ("run", "{scenario}", "--choices", "listen,firm"),
        ("lint", "{scenario}"),
        ("analyze", "{scenario}"),
        ("simulate", "{scenario}", "--runs", "5"),
    ],
    ids=["run", "lint", "analyze", "simulate"],
)
def test_broken_rubric_exits_2_with_its_message(
    capsys: pytest.CaptureFixture[str], mini_file: Path, broken_rubric: Path, argv: tuple[str, ...]
) -> None:
    """`--rubric` naming a broken rubric exits 2 with the rubric's own message and nothing on stdout."""
    args = [part.format(scenario=mini_file) for part in argv]
    code, out, err = cli(capsys, *args, "--rubric", str(broken_rubric))
    assert (code, out) == (2, "")
    assert err.startswith(f"dojo {argv[0]}: {broken_rubric}: the rubric is not valid:")
    assert "dimensions" in err
    assert "Traceback" not in err


def test_missing_rubric_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path) -> None:
    """A --rubric path that doesn't exist exits 2 saying it can't be read."""
    code, _, err = cli(capsys, "analyze", str(mini_file), "--rubric", str(tmp_path / "none.yaml"))
    assert code == 2
    assert "cannot read the rubric" in err


def test_custom_rubric_is_used(capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path) -> None:
    """A valid rubric given with --rubric is the one the run is scored with."""
    custom = tmp_path / "custom.yaml"
    custom.write_text(DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "9.9"', 1), encoding="utf-8")
    data = run_json(capsys, mini_file, "listen,firm", "--rubric", str(custom))
    assert data["score"]["rubric"]["version"] == "9.9"


# --------------------------------------------------------------------------- bugs found and fixed


def test_run_superscript_digit_is_a_usage_error(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """A choice like '²' (a digit to str.isdigit, not to int) exits 2 with one message, no traceback."""
    code, out, err = cli(capsys, "run", str(mini_file), "--choices", "\u00b2")
    assert (code, out) == (2, "")
    assert err.startswith("dojo run: ")


def test_run_of_an_unanalysable_scenario_fails_cleanly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """When the best score can't be found, `dojo run` exits non-zero with one message, not a traceback."""
    path = tmp_path / "short.yaml"
    text = MINI.replace("start: hello", "max_turns: 1\nstart: hello").replace("        when: heard\n", "        when: heard and turn + 1 > 1\n")
    path.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "run", str(path), "--choices", "listen,firm")
    assert code in (1, 2)
    assert out == ""
    assert err.startswith("dojo run: ") and err.count("\n") == 1
