"""Tests for `dojo simulate` (game.commands.simulate_cmd): the JSON contract, reproducibility, text, bad input,
skilled:P and bots loaded from a file (every failure one message and exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO, run_cli as cli

EXAMPLE_BOT = REPO / "docs" / "bots" / "cautious.py"


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


def test_simulate_json_summary_figures(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """--json has mean (also as mean_percent), median, min and max at the top, band shares as fractions and endings as counts."""
    code, out, _ = cli(capsys, "simulate", str(mini_file), "--json", "--runs", "40", "--seed", "3")
    data = json.loads(out)
    assert code == 0
    assert data.get("mean") == data["mean_percent"]
    assert data["min"] <= data["median"] <= data["max"] and data["min"] <= data["mean"] <= data["max"]
    assert set(data["band_shares"]) == {"Gold", "Silver", "Bronze", "none"}
    assert sum(data["band_shares"].values()) == pytest.approx(1.0, abs=1e-3)
    assert all(isinstance(count, int) for count in data["endings"].values())


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


def test_simulate_text_shows_what_json_shows(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """The readable summary gives the mean, median, min and max, each band's count and share, and the endings."""
    _, out, _ = cli(capsys, "simulate", str(mini_file), "--runs", "30", "--seed", "4", "--json")
    data = json.loads(out)
    _, text, _ = cli(capsys, "simulate", str(mini_file), "--runs", "30", "--seed", "4")
    assert f"mean {data['mean']}%, median {data['median']}%, min {data['min']}%, max {data['max']}%" in text
    bands = next(line for line in text.splitlines() if line.startswith("Bands: "))
    for band, count in data["bands"].items():
        assert f"{band} {count} (" in bands
    endings = next(line for line in text.splitlines() if line.startswith("Endings: "))
    assert endings == "Endings: " + ", ".join(f"{ending} {count}" for ending, count in data["endings"].items())


def test_skilled_one_scores_one_hundred(capsys: pytest.CaptureFixture[str]) -> None:
    """--bot skilled:1 plays the best reply every time: mean, min and max 100%, every run Gold."""
    code, out, err = cli(capsys, "simulate", str(EXAMPLE), "--bot", "skilled:1", "--runs", "10", "--json")
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert (data["mean"], data["min"], data["max"], data["band_shares"]["Gold"]) == (100.0, 100.0, 100.0, 1.0)


@pytest.mark.parametrize("bot", ["longest", "shortest", "warmest", "most-concessions", "first", "last", "skilled:0.5"])
def test_every_built_in_bot_runs(capsys: pytest.CaptureFixture[str], mini_file: Path, bot: str) -> None:
    """Each built-in bot name plays its runs and says so."""
    code, out, err = cli(capsys, "simulate", str(mini_file), "--bot", bot, "--runs", "5", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["bot"] == bot


def test_example_bot_file_plays_to_the_end(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The example bot shipped in docs/bots plays the bundled example to an ending in every run, as the guide shows it."""
    monkeypatch.chdir(REPO)
    code, out, err = cli(
        capsys, "simulate", "scenarios/late-birthday-parcel.yaml", "--bot", "docs/bots/cautious.py:choose", "--runs", "50", "--json"
    )
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert data["bot"] == "docs/bots/cautious.py:choose"
    assert (data["finished"], data["unfinished"]) == (50, 0)
    assert sum(data["endings"].values()) == 50


def test_file_bot_is_reproducible(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """A file bot using random.Random(view.seed) gives the same figures for the same --seed."""
    outputs = [cli(capsys, "simulate", str(mini_file), "--bot", f"{EXAMPLE_BOT}:choose", "--runs", "30", "--json")[1] for _ in range(2)]
    assert outputs[0] == outputs[1]


def bot_file(tmp_path: Path, source: str) -> Path:
    """A bot file in tmp_path."""
    path = tmp_path / "mybot.py"
    path.write_text(source, encoding="utf-8")
    return path


GOOD_BOT = "def pick(view):\n    return view.replies[0].id\n"


@pytest.mark.parametrize(
    ("source", "spec", "message"),
    [
        (None, "{path}:pick", "bot file {path} not found"),
        (GOOD_BOT, "{path}:choose", "bot file {path} has no function 'choose'"),
        ("def pick(view)\n    return 1\n", "{path}:pick", "bot file {path} has a syntax error at line 1: expected ':'"),
        ("import no_such_module_here\n", "{path}:pick", "bot file {path} failed to load: ModuleNotFoundError: No module named 'no_such_module_here'"),
        ("def pick(view):\n    raise ValueError('confused')\n", "{path}:pick",
         "bot {path}:pick raised ValueError: confused (at node 'hello', turn 0)"),
        ("def pick(view):\n    return 'shout'\n", "{path}:pick",
         "bot {path}:pick returned 'shout', which is not a reply on offer (at node 'hello', turn 0; on offer: listen, refuse)"),
        ("def pick(view):\n    return None\n", "{path}:pick", "bot {path}:pick returned None (NoneType), not a reply id (at node 'hello', turn 0)"),
        (GOOD_BOT, "{path}", "bot '{path}': name the function after the file, as FILE.py:FUNCTION"),
        (None, "skilled:2", "bot 'skilled:2': P in skilled:P must be a number from 0 to 1, such as skilled:0.8"),
        (None, "skilled:often", "bot 'skilled:often': P in skilled:P must be a number from 0 to 1, such as skilled:0.8"),
        (None, "genius", "unknown bot 'genius' (bots: random, coverage, empathy-only, firm-only, listen-only, longest, shortest, "
         "warmest, most-concessions, first, last, skilled:P, FILE.py:FUNCTION)"),
    ],
    ids=["missing-file", "missing-function", "syntax-error", "import-error", "bot-raises", "id-not-on-offer", "not-text",
         "no-function", "p-too-big", "p-not-a-number", "unknown-name"],
)
def test_bad_bot_is_one_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path, source: str | None, spec: str, message: str
) -> None:
    """Every way a bot can fail gives exit code 2, nothing on stdout and one line on stderr naming the bot: never a traceback."""
    path = bot_file(tmp_path, source) if source is not None else tmp_path / "mybot.py"
    code, out, err = cli(capsys, "simulate", str(mini_file), "--bot", spec.format(path=path), "--runs", "3")
    assert (code, out) == (2, "")
    assert err == f"dojo simulate: {message.format(path=path)}\n"


def test_bad_bot_under_json_prints_no_json(capsys: pytest.CaptureFixture[str], mini_file: Path, tmp_path: Path) -> None:
    """With --json a failing bot still gives exit 2 and one message, and no half-written JSON."""
    path = bot_file(tmp_path, "def pick(view):\n    return 'nope'\n")
    code, out, err = cli(capsys, "simulate", str(mini_file), "--bot", f"{path}:pick", "--json")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not a reply on offer" in err


@pytest.mark.parametrize("runs", ["0", "-5", "1000001"])
def test_simulate_runs_out_of_range_exits_2(capsys: pytest.CaptureFixture[str], mini_file: Path, runs: str) -> None:
    """--runs outside 1..1,000,000 is a usage error."""
    code, _, err = cli(capsys, "simulate", str(mini_file), "--runs", runs)
    assert (code, err) == (2, "dojo simulate: --runs must be between 1 and 1,000,000\n")


def test_simulate_text_in_chinese_lists_bands_and_endings_in_the_catalogs_words(capsys: pytest.CaptureFixture[str], mini_file: Path) -> None:
    """With --locale zh-Hans each band's count and share is the catalog's phrase, and lists are joined by the catalog's separator."""
    from game.i18n import _, rubric_text, use_locale

    code, out, _err = cli(capsys, "simulate", str(mini_file), "--runs", "30", "--locale", "zh-Hans")
    code_json, data_out, _err = cli(capsys, "simulate", str(mini_file), "--runs", "30", "--json")
    data = json.loads(data_out)
    use_locale("zh-Hans")
    comma = _(", ")
    bands = comma.join(
        _("{band} {count} ({share})").format(band=_("none") if band == "none" else rubric_text(band), count=data["bands"][band], share=f"{round(share * 100, 1):g}%")
        for band, share in data["band_shares"].items()
    )
    assert (code, code_json) == (0, 0) and comma != ", "
    assert _("Bands: {bands}").format(bands=bands) in out.splitlines()
    assert _("Endings: {endings}").format(endings=comma.join(f"{e} {n}" for e, n in data["endings"].items())) in out.splitlines()
