"""Tests for `dojo new` (game.commands.new_cmd): the skeleton file, its schema modeline, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.commands.new_cmd import find_schema
from game.scenario.loader import load_scenario
from game.scenario.scaffold import BEST_PATH, SCHEMA_MODELINE
from game.scenario.schema import json_schema
from tests.conftest import run_cli as cli
from tests.conftest import run_json


def modeline_target(path: Path) -> str:
    """What the first line of a scenario file points the editor at."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_MODELINE)
    return first[len(SCHEMA_MODELINE) :]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A team repository: a .git folder and an empty scenarios/ folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "scenarios").mkdir()
    return tmp_path


def test_new_writes_a_skeleton_that_lints_and_plays_to_gold(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """`dojo new ID --dir D` writes D/ID.yaml that `dojo lint` passes with no findings and the best path plays to Gold."""
    folder = project / "scenarios"
    code, out, err = cli(capsys, "new", "broken-kettle", "--dir", str(folder), "--title", "The kettle", "--cast", "lin:Ms Lin")
    assert (code, err) == (0, "")
    target = folder / "broken-kettle.yaml"
    assert f"wrote {target}" in out and ",".join(BEST_PATH) in out
    code, out, _ = cli(capsys, "lint", str(target))
    assert code == 0
    assert "0 error(s), 0 warning(s)" in out
    result = run_json(capsys, target, ",".join(BEST_PATH))
    assert result["score"]["band"] == "Gold"
    scenario = load_scenario(target).scenario
    assert (scenario.id, scenario.title, scenario.cast["lin"].name) == ("broken-kettle", "The kettle", "Ms Lin")


def test_new_writes_the_schema_beside_it_when_there_is_none(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """With no schema anywhere up to the repository root, scenario.schema.json is written next to the file and named by the modeline."""
    folder = project / "scenarios"
    code, out, _ = cli(capsys, "new", "a", "--dir", str(folder))
    assert code == 0
    assert modeline_target(folder / "a.yaml") == "scenario.schema.json"
    assert json.loads((folder / "scenario.schema.json").read_text(encoding="utf-8")) == json_schema()
    assert "scenario.schema.json" in out


def test_new_reuses_the_nearest_schema_by_a_relative_path(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A second file in a sub-folder points at the schema the first one wrote, and no new schema file appears."""
    folder = project / "scenarios"
    cli(capsys, "new", "a", "--dir", str(folder))
    (folder / "refunds").mkdir()
    code, _, _ = cli(capsys, "new", "b", "--dir", str(folder / "refunds"))
    assert code == 0
    assert modeline_target(folder / "refunds" / "b.yaml") == "../scenario.schema.json"
    assert not (folder / "refunds" / "scenario.schema.json").exists()


def test_new_finds_a_docs_schema_like_this_projects(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """In a layout like this repository's, scenarios/ID.yaml points at ../docs/scenario.schema.json."""
    (project / "docs").mkdir()
    (project / "docs" / "scenario.schema.json").write_text("{}", encoding="utf-8")
    code, _, _ = cli(capsys, "new", "a", "--dir", str(project / "scenarios"))
    assert code == 0
    assert modeline_target(project / "scenarios" / "a.yaml") == "../docs/scenario.schema.json"
    assert not (project / "scenarios" / "scenario.schema.json").exists()


def test_find_schema_stops_at_the_repository_root(tmp_path: Path) -> None:
    """A schema above the folder holding .git is never used: it belongs to another project."""
    (tmp_path / "scenario.schema.json").write_text("{}", encoding="utf-8")
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    (repo / "scenarios").mkdir()
    assert find_schema(repo / "scenarios") is None
    assert find_schema(tmp_path) == tmp_path / "scenario.schema.json"


def test_new_schema_option_is_written_verbatim(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """--schema puts the given URL in the modeline and writes no schema file."""
    folder = project / "scenarios"
    url = "https://example.org/dojo/scenario.schema.json"
    code, _, _ = cli(capsys, "new", "a", "--dir", str(folder), "--schema", url)
    assert code == 0
    assert modeline_target(folder / "a.yaml") == url
    assert not (folder / "scenario.schema.json").exists()


def test_new_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """An existing ID.yaml is left untouched: exit 2 and one line naming it and --force."""
    target = project / "scenarios" / "a.yaml"
    target.write_text("mine\n", encoding="utf-8")
    code, out, err = cli(capsys, "new", "a", "--dir", str(target.parent))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_new_force_overwrites(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """--force replaces an existing file with the skeleton."""
    target = project / "scenarios" / "a.yaml"
    target.write_text("mine\n", encoding="utf-8")
    code, _, _ = cli(capsys, "new", "a", "--dir", str(target.parent), "--force")
    assert code == 0
    assert load_scenario(target).scenario.id == "a"


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("new", "Broken Kettle"), "not a valid scenario id"),
        (("new", "kettle.yaml"), "without the file suffix"),
        (("new", "a", "--cast", "lin"), "KEY:NAME"),
        (("new", "a", "--cast", "Lin:Ms Lin"), "not a valid cast key"),
        (("new", "a", "--skills", "charm"), "unknown skill charm"),
        (("new", "a", "--title", ""), "title is empty"),
        (("new", "a", "--dir", "no/such/folder"), "no such folder"),
    ],
    ids=["bad-id", "suffix", "cast-form", "cast-key", "skill", "empty-title", "no-dir"],
)
def test_new_bad_input_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], project: Path, argv: tuple[str, ...], needle: str) -> None:
    """Bad ids, cast entries, skills, titles or folders exit 2 with one clear line and write nothing."""
    full = argv if "--dir" in argv else (*argv, "--dir", str(project / "scenarios"))
    code, out, err = cli(capsys, *full)
    assert code == 2 and out == ""
    assert err.startswith("dojo new: ") and err.count("\n") == 1 and needle in err
    assert list((project / "scenarios").iterdir()) == []


def test_new_awkward_title_and_names_round_trip(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A title with ': # "' and Chinese, and names with commas and quotes, load back exactly and lint clean."""
    folder = project / "scenarios"
    title = 'Refund: "now" # 中文：退款'
    code, _, _ = cli(capsys, "new", "odd", "--dir", str(folder), "--title", title, "--cast", 'lin:Lin, "Mei":customer,wang:王先生:companion')
    assert code == 0
    scenario = load_scenario(folder / "odd.yaml").scenario
    assert scenario.title == title
    assert {key: person.name for key, person in scenario.cast.items()} == {"lin": 'Lin, "Mei"', "wang": "王先生"}
    code, out, _ = cli(capsys, "lint", str(folder / "odd.yaml"))
    assert code == 0 and "0 warning(s)" in out


def test_new_in_the_current_folder_by_default(capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --dir the file goes to the current folder."""
    monkeypatch.chdir(project / "scenarios")
    code, _, _ = cli(capsys, "new", "here")
    assert code == 0
    assert (project / "scenarios" / "here.yaml").is_file()


def test_new_over_long_dir_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A --dir whose name is past the system's limit is exit 2 with one line, never an OSError traceback."""
    code, out, err = cli(capsys, "new", "kettle", "--dir", str(tmp_path / ("d" * 300)))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "bytes long" in err


def test_new_in_chinese_writes_a_chinese_scene_that_lints_and_plays_to_gold(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """`dojo new ID --locale zh-Hans` writes a zh-Hans scene (Chinese comments and lines) that lints clean and plays to Gold."""
    from game.i18n import _, use_locale

    folder = project / "scenarios"
    code, out, err = cli(capsys, "new", "broken-kettle", "--dir", str(folder), "--locale", "zh-Hans")
    assert (code, err) == (0, "")
    target = folder / "broken-kettle.yaml"
    text = target.read_text(encoding="utf-8")
    use_locale("zh-Hans")
    assert _("wrote {path}").format(path=target) in out
    assert "Replace the placeholder dialogue" not in text and "\nlocale: zh-Hans " in text
    code, out, _err = cli(capsys, "lint", str(target))
    assert code == 0 and "0 error(s), 0 warning(s)" in out
    result = run_json(capsys, target, ",".join(BEST_PATH))
    assert result["score"]["band"] == "Gold"
    scenario = load_scenario(target).scenario
    use_locale("zh-Hans")
    assert scenario.locale == "zh-Hans" and scenario.cast["customer"].name == _("The customer") != "The customer"


def test_new_in_chinese_writes_the_schema_in_chinese(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """The scenario.schema.json `dojo new --locale zh-Hans` writes is the schema in zh-Hans, as `dojo schema --locale zh-Hans` prints it."""
    from game.i18n import use_locale

    folder = project / "scenarios"
    code, _out, err = cli(capsys, "new", "a", "--dir", str(folder), "--locale", "zh-Hans")
    assert (code, err) == (0, "")
    written = json.loads((folder / "scenario.schema.json").read_text(encoding="utf-8"))
    use_locale("en")
    assert written != json_schema()
    use_locale("zh-Hans")
    assert written == json_schema()
