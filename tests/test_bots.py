"""Tests for game.engine.bots: the read-only BotView, the form bots and their word lists, and bots loaded from a file."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from game.engine.bots import (
    CONCESSION_WORDS,
    FORM_BOTS,
    TRAINEE,
    WARM_WORDS,
    BotError,
    BotView,
    Line,
    Reply,
    Viewer,
    ask_file_bot,
    concessions,
    load_file_bot,
    moment_seed,
    parse_skill,
    pick_most,
    view_of,
    warmth,
)
from game.engine.session import Session
from game.scenario.model import Scenario
from tests.conftest import MINI, scenario_from

DOCUMENTED_FIELDS = ["scenario_id", "node_id", "turn", "transcript", "replies", "meters", "seed"]


@pytest.fixture()
def mini_scenario() -> Scenario:
    """MINI, loaded."""
    return scenario_from(MINI).scenario


def view(*replies: tuple[str, str], seed: int = 0) -> BotView:
    """A view at a made-up moment offering `replies` as (id, text), in that order."""
    return BotView("s", "n", 0, (), tuple(Reply(i, t) for i, t in replies), {}, seed)


# The view -------------------------------------------------------------------------------------


def test_view_fields_are_exactly_the_documented_ones() -> None:
    """A BotView has the documented fields and nothing else (no tags, scores or analysis); a Reply is id and text."""
    assert [f.name for f in dataclasses.fields(BotView)] == DOCUMENTED_FIELDS
    assert [f.name for f in dataclasses.fields(Reply)] == ["id", "text"]
    assert [f.name for f in dataclasses.fields(Line)] == ["speaker", "text", "own"]


def test_view_holds_the_moment_as_the_trainee_sees_it(mini_scenario: Scenario) -> None:
    """After one reply, the view has the scenario, node, turn, the whole transcript with the trainee's own reply, the replies in shown order and the meters."""
    session = Session(mini_scenario, seed=3)
    session.choose("listen")
    seen = view_of(session, 42)
    assert (seen.scenario_id, seen.node_id, seen.turn, seen.seed) == ("mini", "ask", 1, 42)
    assert seen.transcript[0] == Line("Customer", "I want a refund.")
    assert seen.transcript[1] == Line(TRAINEE, "Tell me more.", own=True)
    assert seen.transcript[2:] == tuple(Line(line.speaker_name, line.text) for line in session.lines)
    assert seen.replies == tuple(Reply(choice.id, choice.text) for choice in session.replies)
    assert sorted(seen.reply_ids) == ["again", "cave", "firm"]
    assert dict(seen.meters) == session.meters == {"anger": 40}


def test_view_is_read_only(mini_scenario: Scenario) -> None:
    """The view is frozen, holds tuples, and its meters cannot be changed; changing nothing in it touches the session."""
    session = Session(mini_scenario)
    seen = view_of(session, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen.node_id = "elsewhere"  # type: ignore[misc]
    with pytest.raises(TypeError):
        seen.meters["anger"] = 0  # type: ignore[index]
    assert isinstance(seen.transcript, tuple) and isinstance(seen.replies, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen.replies[0].text = "Go away."  # type: ignore[misc]
    assert session.meters == {"anger": 50} and "Tell me more." in {choice.text for choice in session.replies}


def test_viewer_adds_each_turn_once_and_matches_a_fresh_view(mini_scenario: Scenario) -> None:
    """A Viewer kept across a run gives the same views as building each from scratch, also after an undo."""
    session = Session(mini_scenario, seed=1)
    viewer = Viewer()
    for reply in ("listen", "again", "again"):
        assert viewer.view(session, 5) == view_of(session, 5)
        session.choose(reply)
    session.undo()
    assert viewer.view(session, 5) == view_of(session, 5)
    assert len(viewer.view(session, 5).transcript) == len(view_of(session, 5).transcript)


def test_moment_seed_is_fixed_by_run_seed_and_turn() -> None:
    """The view's seed repeats for the same run seed and turn, and differs between turns."""
    assert moment_seed(7, 2) == moment_seed(7, 2)
    assert len({moment_seed(7, turn) for turn in range(10)}) == 10


# Word lists -------------------------------------------------------------------------------------


def test_warmth_counts_apology_and_empathy_words() -> None:
    """warmth counts each listed word, ignoring case; a trailing * matches any ending."""
    assert warmth("I'm SO sorry, I completely understand how frustrating this is. I apologise.") == 5
    assert warmth("Frustration, frustrated, apologies, feelings!") == 4
    assert warmth("Order number?") == 0
    assert "sorry" in WARM_WORDS and "frustrat*" in WARM_WORDS


def test_concessions_count_words_and_phrases() -> None:
    """concessions counts words and whole phrases: 'on us' and 'no charge' but not 'on used' or 'no charger'."""
    assert concessions("A full refund, free delivery, no charge, and it's on us.") == 4
    assert concessions("A replacement and a voucher; we'll waive the fee and compensate you.") == 4
    assert concessions("Only on used items; no charger included.") == 0
    assert "on the house" in CONCESSION_WORDS


# Form bots --------------------------------------------------------------------------------------


MOMENT = view(
    ("short", "Go on."),
    ("long", "Let me explain our whole returns policy to you, clause by clause, from the very beginning."),
    ("warm", "I'm so sorry, I completely understand."),
    ("generous", "Have a refund and a voucher, free."),
)


@pytest.mark.parametrize(
    ("bot", "expected"),
    [("longest", "long"), ("shortest", "short"), ("warmest", "warm"), ("most-concessions", "generous"), ("first", "short"), ("last", "generous")],
)
def test_form_bots_pick_by_form(bot: str, expected: str) -> None:
    """Each form bot picks the reply its rule names: length, warm words, concession words, or position."""
    assert FORM_BOTS[bot](MOMENT, random.Random(0)) == expected


def test_form_bot_ties_go_to_the_seed_not_the_position() -> None:
    """Tied replies are drawn by the seeded generator among them in order of id: the order listed changes nothing."""
    tied = [("b", "Same size."), ("a", "Same size."), ("c", "Hi.")]
    forward = [FORM_BOTS["longest"](view(*tied), random.Random(seed)) for seed in range(30)]
    backward = [FORM_BOTS["longest"](view(*reversed(tied)), random.Random(seed)) for seed in range(30)]
    assert forward == backward
    assert set(forward) == {"a", "b"}


def test_pick_most_returns_the_single_best() -> None:
    """With one reply measuring most, pick_most returns it whatever the seed."""
    replies = (Reply("x", "a"), Reply("y", "bbb"))
    assert {pick_most(replies, lambda r: len(r.text), random.Random(s)) for s in range(10)} == {"y"}


# Bots from a file ---------------------------------------------------------------------------------


def write_bot(tmp_path: Path, source: str, name: str = "bot.py") -> Path:
    """A bot file in tmp_path."""
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


def test_file_bot_loads_the_named_function(tmp_path: Path) -> None:
    """FILE.py:FUNCTION gives that function, which may use dataclasses and imports like any module."""
    path = write_bot(tmp_path, "import dataclasses\n@dataclasses.dataclass\nclass Memo:\n    n: int = 0\n\ndef pick(view):\n    return view.replies[0].id\n")
    function = load_file_bot(f"{path}:pick")
    assert function(view(("a", "A."))) == "a"


@pytest.mark.parametrize(
    ("source", "spec_suffix", "message"),
    [
        (None, ":pick", "bot file {path} not found"),
        ("def pick(view):\n    return 'a'\n", ":choose", "bot file {path} has no function 'choose'"),
        ("def pick(view)\n    return 'a'\n", ":pick", "bot file {path} has a syntax error at line 1: expected ':'"),
        ("raise RuntimeError('no config')\n", ":pick", "bot file {path} failed to load: RuntimeError: no config"),
        ("pick = 3\n", ":pick", "bot {path}:pick: 'pick' in {path} is not a function"),
        ("def pick(view):\n    return 'a'\n", "", "bot '{path}': name the function after the file, as FILE.py:FUNCTION"),
    ],
    ids=["missing-file", "missing-function", "syntax-error", "raises-on-load", "not-callable", "no-function-named"],
)
def test_file_bot_load_errors_name_the_bot(tmp_path: Path, source: str | None, spec_suffix: str, message: str) -> None:
    """Each way a bot file cannot be had is one BotError naming the file (and function) and what went wrong."""
    path = tmp_path / "bot.py"
    if source is not None:
        path.write_text(source, encoding="utf-8")
    with pytest.raises(BotError) as caught:
        load_file_bot(f"{path}{spec_suffix}")
    assert str(caught.value) == message.format(path=path)
    assert "\n" not in str(caught.value)


def test_file_bot_answers_are_checked() -> None:
    """A bot that raises, returns something other than text, or an id not on offer is a BotError naming it and the moment."""
    moment = view(("a", "A."), ("b", "B."))
    assert ask_file_bot(lambda v: "b", "x.py:f", moment) == "b"
    with pytest.raises(BotError, match=r"^bot x.py:f raised ZeroDivisionError: division by zero \(at node 'n', turn 0\)$"):
        ask_file_bot(lambda v: 1 / 0, "x.py:f", moment)
    with pytest.raises(BotError, match=r"^bot x.py:f returned 2 \(int\), not a reply id \(at node 'n', turn 0\)$"):
        ask_file_bot(lambda v: 2, "x.py:f", moment)
    with pytest.raises(BotError, match=r"^bot x.py:f returned 'c', which is not a reply on offer \(at node 'n', turn 0; on offer: a, b\)$"):
        ask_file_bot(lambda v: "c", "x.py:f", moment)


def test_bot_errors_read_in_chinese(tmp_path: Path) -> None:
    """In Chinese, a bot that cannot be had or answers wrongly is told in Chinese (names and ids kept)."""
    from game.i18n import use_locale

    use_locale("zh-Hans")
    with pytest.raises(BotError) as caught:
        load_file_bot(f"{tmp_path / 'none.py'}:pick")
    assert str(caught.value) == f"找不到机器人文件 {tmp_path / 'none.py'}"
    with pytest.raises(BotError) as caught:
        ask_file_bot(lambda v: "c", "x.py:f", view(("a", "A."), ("b", "B.")))
    assert str(caught.value) == "机器人 x.py:f 返回了 'c'，但这不是当前可选的回复（在节点 'n'，第 0 回合；可选：a, b）"


def test_file_bot_that_exits_is_a_bot_error() -> None:
    """A bot calling sys.exit() is reported like any other failure instead of ending the command."""
    def leave(_: BotView) -> str:
        raise SystemExit(3)

    with pytest.raises(BotError, match="raised SystemExit: 3"):
        ask_file_bot(leave, "x.py:f", view(("a", "A.")))


@pytest.mark.parametrize(("spec", "value"), [("skilled:0", 0.0), ("skilled:1", 1.0), ("skilled:0.25", 0.25)])
def test_parse_skill_reads_p(spec: str, value: float) -> None:
    """skilled:P gives P for any number from 0 to 1."""
    assert parse_skill(spec) == value
