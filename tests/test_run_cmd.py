"""Tests for `dojo run` (game.commands.run_cmd): the JSON contract, ids and numbers, and every way a run can be asked wrongly."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.session import Session
from game.scenario.loader import load_scenario
from tests.conftest import EXAMPLE, MINI, REPO, run_cli as cli, run_json

EXAMPLE_BEST = "invite,paraphrase,what-matters,check-now,honest-options,small-gesture"


def shown(path: Path, made: str = "", seed: int = 0) -> list[str]:
    """The reply ids on offer after the replies `made` (ids, comma-separated), in the order a run with `seed` shows them."""
    session = Session(load_scenario(path).scenario, seed=seed)
    for reply_id in filter(None, made.split(",")):
        session.choose(reply_id)
    return [choice.id for choice in session.replies]


def number_of(path: Path, reply_id: str, made: str = "", seed: int = 0) -> str:
    """The 1-based number `reply_id` is shown under, after `made`, in a run with `seed`."""
    return str(shown(path, made, seed).index(reply_id) + 1)


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
    """1-based numbers pick among the replies on offer as the run shows them (conditional ones counted only when offered)."""
    by_ids = run_json(capsys, mini_file, "refuse,cave")
    assert len(shown(mini_file, "refuse")) == 2  # after 'refuse', 'firm' is not on offer
    numbers = f"{number_of(mini_file, 'refuse')},{number_of(mini_file, 'cave', 'refuse')}"
    by_numbers = run_json(capsys, mini_file, numbers)
    assert by_numbers["choices"] == by_ids["choices"] == ["refuse", "cave"]
    assert by_numbers["score"] == by_ids["score"]
    assert by_numbers["ending"]["id"] == "refunded"


def test_run_mixes_ids_numbers_and_spaces(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Ids and numbers mix, and spaces or empty items around commas are ignored."""
    data = run_json(capsys, mini_file, f" listen , ,{number_of(mini_file, 'firm', 'listen')} ")
    assert data["choices"] == ["listen", "firm"]


# Two seeds that show the flagship's opening replies in different orders (found once, fixed here).
FLAGSHIP = REPO / "scenarios" / "angry-shoe-buyer.yaml"
SEED_A, SEED_B = 0, 1


def test_run_numbers_follow_the_order_the_seed_shows(capsys: pytest.CaptureFixture[str]) -> None:
    """The same number under two seeds makes different replies: it is read in that run's shown order, and the JSON names the id made."""
    order_a, order_b = shown(FLAGSHIP, seed=SEED_A), shown(FLAGSHIP, seed=SEED_B)
    assert order_a[0] != order_b[0] and sorted(order_a) == sorted(order_b)
    for seed, order in ((SEED_A, order_a), (SEED_B, order_b)):
        rest = _finish(FLAGSHIP, order[0], seed)
        data = run_json(capsys, FLAGSHIP, f"1,{rest}", "--seed", str(seed))
        assert data["choices"] == [order[0], *rest.split(",")]
        assert (data["turns"][0]["choice"], data["turns"][0]["number"]) == (order[0], 1)


def _finish(path: Path, first: str, seed: int) -> str:
    """Ids that take a run begun with `first` to an ending (always the first reply shown)."""
    session = Session(load_scenario(path).scenario, seed=seed)
    session.choose(first)
    made = []
    while not session.is_over:
        made.append(session.replies[0].id)
        session.choose(made[-1])
    return ",".join(made)


def test_run_json_says_which_wording_was_shown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Each turn of `dojo run --json` gives the reply id, the wording shown, its variant id and its number."""
    path = tmp_path / "worded.yaml"
    path.write_text(MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening."]', 1), encoding="utf-8")
    data = run_json(capsys, path, "listen,firm")
    first = data["turns"][0]
    assert first["choice"] == "listen" and first["variant"] in {"hello/listen.1", "hello/listen.2"}
    assert first["text"] == {"hello/listen.1": "Tell me more.", "hello/listen.2": "Go on, I am listening."}[first["variant"]]
    assert first["number"] == int(number_of(path, "listen"))
    assert data["turns"][1]["variant"] == "ask/firm"  # a plain reply's one wording is its key


def test_run_best_path_of_the_example_is_gold(capsys: pytest.CaptureFixture[str]) -> None:
    """The example's model answer scores 100% and Gold."""
    data = run_json(capsys, EXAMPLE, EXAMPLE_BEST)
    assert data["ending"] == {"id": "party-saved", "outcome": "delighted", "title": "A bell on the handlebars"}
    assert (data["score"]["percent"], data["score"]["band"]) == (100.0, "Gold")


def test_run_text_output(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """Without --json, run prints a readable debrief with the ending, score and each turn."""
    code, out, _ = cli(capsys, "run", str(mini_file), "--choices", "listen,firm")
    assert code == 0
    assert "Ending: Fixed (Resolved)" in out
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
    offered = ", ".join(f"{n}={reply_id}" for n, reply_id in enumerate(shown(mini_file, "listen"), start=1))
    assert sorted(shown(mini_file, "listen")) == ["again", "cave", "firm"]
    assert err == f"dojo run: the run stopped at node 'ask' before an ending; replies on offer there: {offered}\n"


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
    assert f"on offer: {', '.join(shown(mini_file, 'refuse'))})" in err


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


# Recording where the database cannot take it ----------------------------------------------------------


def _recorded_runs(path: Path) -> int:
    """How many runs the database at `path` holds."""
    from game.store.db import open_store
    from game.store.runs import count_runs

    with open_store(str(path)) as store:
        return count_runs(store)


def test_run_on_a_full_database_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dojo run --player` when the disk is full: exit 2, one line naming the file, the cure and the spill file the run went to; restore stores it."""
    from game.store import db
    from game.store.db import open_store
    from tests.store_helpers import DiskLimit

    path = tmp_path / "dojo.db"
    open_store(str(path)).close()
    unlimited = db.make_engine

    def full_engine(url):
        engine = unlimited(url)
        DiskLimit(engine).full = True
        return engine

    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setattr(db, "make_engine", full_engine)
    code, out, err = cli(capsys, "run", str(mini_file), "--choices", "listen,again,firm", "--player", "Dana", "--db", str(path))
    monkeypatch.undo()
    assert (code, out) == (2, "")
    (spilled,) = here.glob("dojo-unsaved-*.json")
    assert err == (
        f"dojo run: cannot save to {path}: the disk is full; nothing was written (free some space and try again); "
        f"the run was written to {spilled} instead: store it later with: dojo restore {spilled}\n"
    )
    assert _recorded_runs(path) == 0
    assert cli(capsys, "restore", str(spilled), "--db", str(path))[0] == 0
    assert _recorded_runs(path) == 1


def test_run_on_a_really_full_disk_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a tiny tmpfs filled up, `dojo run --player` fails cleanly and spills the run to the current folder; after freeing space the same command records."""
    from tests.store_helpers import fill, tmpfs

    monkeypatch.chdir(tmp_path)
    with tmpfs(tmp_path / "disk", "1m") as disk:
        argv = ("run", str(mini_file), "--choices", "listen,again,firm", "--player", "Dana", "--db", str(disk / "dojo.db"))
        assert cli(capsys, *argv)[0] == 0
        filler = fill(disk)
        code, out, err = cli(capsys, *argv)
        assert (code, out) == (2, "") and "the disk is full" in err and "Traceback" not in err and err.count("\n") == 1
        assert len(list(tmp_path.glob("dojo-unsaved-*.json"))) == 1 and "dojo restore" in err
        filler.unlink()
        assert cli(capsys, *argv)[0] == 0
        assert _recorded_runs(disk / "dojo.db") == 2


def test_run_on_a_read_only_database_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dojo run --player` on a database nobody may write: exit 2, the reason and the spill file; without --player it still plays."""
    from game.store import db
    from game.store.db import open_store

    path = tmp_path / "dojo.db"
    open_store(str(path)).close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(db.os, "access", lambda target, mode: False)
    code, out, err = cli(capsys, "run", str(mini_file), "--choices", "listen,again,firm", "--player", "Dana", "--db", str(path))
    (spilled,) = tmp_path.glob("dojo-unsaved-*.json")
    assert (code, out) == (2, "")
    assert err == (
        f"dojo run: cannot save to {path}: the file is read-only; "
        f"the run was written to {spilled} instead: store it later with: dojo restore {spilled}\n"
    )
    assert cli(capsys, "run", str(mini_file), "--choices", "listen,again,firm", "--db", str(path))[0] == 0


def test_a_rubric_that_is_a_named_pipe_is_refused_not_waited_on(tmp_path, capsys):
    """`--rubric` naming a FIFO is one message and exit 2 at once (opening it would block for ever)."""
    import os

    from tests.conftest import EXAMPLE, run_cli

    fifo = tmp_path / "rubric.yaml"
    os.mkfifo(fifo)
    code, _, err = run_cli(capsys, "run", str(EXAMPLE), "--choices", "invite", "--rubric", str(fifo))
    assert code == 2 and "not a regular file" in err


def test_names_are_one_player_by_identity_and_invisible_ones_are_refused(
    capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path
) -> None:
    """Finding 6: 'alice', 'ALICE' and full-width 'ａｌｉｃｅ' record as one player; 'al\\u200bice' and a blank-looking name exit 2."""
    import json

    db = str(tmp_path / "dojo.db")
    for name in ["alice", "ALICE", "\uff41\uff4c\uff49\uff43\uff45"]:
        code, _, err = cli(capsys, "run", str(mini_file), "--choices", "listen,firm", "--mode", "ranked", "--player", name, "--db", db)
        assert code == 0, err
    code, out, _ = cli(capsys, "runs", "--db", db, "--json")
    assert code == 0 and {run["player"] for run in json.loads(out)} == {"alice"}
    for name in ["al\u200bice", "ali\u00adce", "\u3164", "\u2060\u200b"]:
        code, _, err = cli(capsys, "run", str(mini_file), "--choices", "listen,firm", "--player", name, "--db", db)
        assert code == 2 and "Traceback" not in err


BEST_SHOES = "hear-her-out,sum-up,when-noticed,quiet-corner,good-leather,hold-the-line,you-loved-them,what-would-help,touch-up,forty-minutes,two-things,window-check,follow-up"


def test_a_flagship_run_in_chinese_shows_its_lines_and_the_rubric_prose_through_the_catalogs(capsys: pytest.CaptureFixture[str]) -> None:
    """--locale zh-Hans --json: the table's lines, and skill names, rule statements, feedback and band through the catalogs; codes as in English."""
    import json

    from game.i18n.shown import explanation
    from game.i18n import rubric_text, use_locale
    from scenarios import BUNDLED_DIR

    path = str(BUNDLED_DIR / "angry-shoe-buyer.yaml")
    code, out, err = cli(capsys, "run", path, "--choices", BEST_SHOES, "--json")
    assert (code, err) == (0, "")
    english = json.loads(out)
    code, out, err = cli(capsys, "run", path, "--choices", BEST_SHOES, "--json", "--locale", "zh-Hans")
    assert (code, err) == (0, "")
    chinese = json.loads(out)
    use_locale("zh-Hans")
    assert chinese["ending"]["title"] != english["ending"]["title"] and chinese["turns"][0]["text"] != english["turns"][0]["text"]
    assert (chinese["choices"], chinese["score"]["percent"], chinese["score"]["band"]) == (
        english["choices"], english["score"]["percent"], english["score"]["band"]
    )
    assert english["score"]["band"] and chinese["score"]["band_name"] == rubric_text(english["score"]["band"])
    for name, score in english["score"]["dimensions"].items():
        assert chinese["score"]["dimensions"][name]["title"] == rubric_text(score["title"])
    for ours, theirs in zip(chinese["turns"], english["turns"]):
        assert (ours["grade"], ours["choice"]) == (theirs["grade"], theirs["choice"])
        for item, source in zip(ours["feedback"], theirs["feedback"], strict=True):
            assert (item["key"], item["rule"], item["dimension"]) == (source["key"], source["rule"], source["dimension"])
            assert item["explain"] == explanation(source["explain"])
            assert item["rule_title"] == (rubric_text(source["rule_title"]) if source["rule_title"] else None)


def test_without_locale_a_run_shows_the_scenarios_language_before_the_systems(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a Chinese system an English scenario's run is shown in English (the scenario's language comes first)."""
    code, english, _err = cli(capsys, "run", str(EXAMPLE), "--choices", "1,1,1,1")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code_zh, shown, err = cli(capsys, "run", str(EXAMPLE), "--choices", "1,1,1,1")
    assert (code_zh, err, shown) == (code, "", english) and code == 0 and "Score:" in shown


def test_a_bad_choice_is_said_in_chinese_with_the_numbers_kept(capsys: pytest.CaptureFixture[str]) -> None:
    """--locale zh-Hans: a reply number not on offer is the catalog's sentence, exit 2, the numbers as given."""
    from game.i18n import ngettext, use_locale

    code, _out, err = cli(capsys, "run", str(EXAMPLE), "--choices", "9", "--locale", "zh-Hans")
    use_locale("zh-Hans")
    template = ngettext(
        "choice {position}: there is no reply {number} here; {count} is on offer",
        "choice {position}: there is no reply {number} here; {count} are on offer",
        3,
    )
    assert template != "choice {position}: there is no reply {number} here; {count} are on offer"  # the catalog has it
    assert (code, err) == (2, f"dojo run: {template.format(position=1, number=9, count=3)}\n")
