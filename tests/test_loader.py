"""Tests for game.scenario.loader: bad input gets one located, coded error and loses nothing.

Every file in tests/fixtures/bad is loaded, linted and run; the file's name says which
diagnostic it must produce first. The rest checks the loader's own parts: folder
expansion, loading from text, the content hash and the mapping of pydantic errors.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.i18n import _ as translate, use_locale
from game.scenario.compile import compile_scenario
from game.scenario.diagnostics import CODES, Diagnostic, DiagnosticError
from game.scenario.loader import load_scenario, load_scenario_text, scenario_files, validate_shape
from game.scenario.source import MAX_FILE_BYTES, read_yaml_file
from scoring.rubric import default_rubric
from tests.conftest import EXAMPLE, FIXTURES, MINI, REPO, scenario_from, run_cli as cli
from tests.work_helpers import Fuzzy, files_opened, fuzzy_matching, parser_events

BAD = FIXTURES / "bad"
BAD_FILES = sorted(BAD.glob("*.yaml"))
# Findings about the file as a whole (its encoding, its emptiness) have no line to point at.
WHOLE_FILE = {"DOJO002-utf16-bom.yaml", "DOJO010-empty.yaml", "DOJO010-only-comments.yaml"}
TRACEBACK = "Traceback"
# The corpus's one time ceiling (tests/test_no_wall_clock_asserts.py allows it): generous,
# as each file takes a few milliseconds, and CPU time of this thread, so a loaded machine
# cannot fail it. Speed figures belong to tests/bench/; everything else asserts behaviour.
CORPUS_CEILING_S = 2.0


def expected_code(path: Path) -> str:
    """The code a fixture's name promises: `DOJO005-duplicate-title.yaml` -> `DOJO005`."""
    return path.name.split("-", 1)[0]


def fixture_params() -> list[object]:
    """Every bad fixture as a pytest param named after the file."""
    return [pytest.param(path, id=path.stem) for path in BAD_FILES]


def errors_of(path: Path) -> list[Diagnostic]:
    """The errors (not warnings) load_scenario raises for `path`, in file order."""
    with pytest.raises(DiagnosticError) as caught:
        load_scenario(path)
    return [d for d in caught.value.diagnostics if d.is_error]


# --------------------------------------------------------------------------- the corpus


def test_corpus_is_large_and_named_by_known_codes() -> None:
    """The corpus has at least 30 files, each named after a code that exists."""
    assert len(BAD_FILES) >= 30
    for path in BAD_FILES:
        assert re.fullmatch(r"DOJO\d{3}-[a-z0-9-]+\.yaml", path.name), path.name
        assert expected_code(path) in CODES, path.name


def test_corpus_readme_lists_every_file() -> None:
    """README.md in the corpus names every fixture and no file that isn't there."""
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(DOJO\d{3}-[a-z0-9-]+\.yaml)`", readme))
    assert listed == {path.name for path in BAD_FILES}


def test_corpus_covers_every_content_code() -> None:
    """Every code that file content alone can trigger at load time has a fixture.

    DOJO001 (unreadable) and DOJO003 (too big) are tested below; the rest are findings of
    lint's state search or warnings, which never stop a file loading (test_lint.py).
    """
    not_from_a_small_file = {"DOJO001", "DOJO003"}
    lint_only = {"DOJO110", "DOJO202", "DOJO204", "DOJO207", "DOJO208", "DOJO401", "DOJO403", "DOJO404", "DOJO406", "DOJO407", "DOJO408", "DOJO409", "DOJO410", "DOJO420"}
    covered = {expected_code(path) for path in BAD_FILES}
    assert set(CODES) - not_from_a_small_file - lint_only <= covered


@pytest.mark.parametrize("path", fixture_params())
def test_bad_fixture_gives_its_code_first(path: Path) -> None:
    """Each bad file raises DiagnosticError whose first error has the file's code, located, within the corpus's ceiling of 2 s of CPU."""
    started = time.thread_time()
    errors = errors_of(path)
    cpu = time.thread_time() - started
    assert errors, "the file loaded without errors"
    first = errors[0]
    assert first.code == expected_code(path), first.format()
    assert first.file == str(path)
    if path.name in WHOLE_FILE:
        assert (first.line, first.col) == (0, 0)
    else:
        assert first.line >= 1 and first.col >= 1, first.format()
    assert cpu < CORPUS_CEILING_S, f"{path.name} took {cpu:.2f} s of CPU (each file takes a few ms)"


@pytest.mark.parametrize("path", fixture_params())
def test_bad_fixture_errors_all_share_its_code(path: Path) -> None:
    """Each file is wrong in one way only, so every error it raises carries the file's code."""
    assert {d.code for d in errors_of(path)} == {expected_code(path)}


@pytest.mark.parametrize("path", fixture_params())
def test_lint_reports_bad_fixture_located(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint FILE` exits 1 and prints `path:line:col: CODE`, with no traceback."""
    code, out, err = cli(capsys, "lint", str(path))
    assert code == 1
    pattern = re.escape(str(path)) + r":\d+:\d+: " + expected_code(path) + " error: "
    assert re.search(pattern, out), out
    assert "1 file(s) checked" in out
    assert TRACEBACK not in out + err


@pytest.mark.parametrize("path", fixture_params())
def test_run_on_bad_fixture_exits_2_with_one_message(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo run BAD --choices 1` exits 2 with one 'dojo run:' message naming the code, nothing on stdout."""
    code, out, err = cli(capsys, "run", str(path), "--choices", "1")
    assert code == 2
    assert out == ""
    assert err.startswith("dojo run: ")
    assert err.count("dojo run: ") == 1
    assert expected_code(path) in err
    assert TRACEBACK not in err


def test_lint_subprocess_over_the_corpus_never_shows_a_traceback() -> None:
    """A real `python -m game.cli lint` over the folder exits 1, names every file and prints no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "game.cli", "lint", str(BAD)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 1, done.stderr
    assert TRACEBACK not in done.stdout + done.stderr
    assert done.stderr == ""
    for path in BAD_FILES:
        assert f"{path}:" in done.stdout, path.name
    assert f"{len(BAD_FILES)} file(s) checked" in done.stdout


# --------------------------------------------------------------------------- unreadable and huge files


def test_missing_file_is_dojo001(tmp_path: Path) -> None:
    """A path that doesn't exist gives DOJO001 for the whole file."""
    with pytest.raises(DiagnosticError) as caught:
        load_scenario(tmp_path / "nowhere.yaml")
    [found] = caught.value.diagnostics
    assert (found.code, found.line) == ("DOJO001", 0)


def test_directory_is_dojo001(tmp_path: Path) -> None:
    """A directory where a file is expected gives DOJO001 saying so."""
    with pytest.raises(DiagnosticError) as caught:
        load_scenario(tmp_path)
    [found] = caught.value.diagnostics
    assert found.code == "DOJO001"
    assert "directory" in found.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_lint_of_a_fifo_is_dojo001_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Linting a named pipe never blocks: DOJO001 and exit code 2."""
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    code, out, err = cli(capsys, "lint", str(pipe))
    assert code == 2
    assert f"{pipe}:0:0: DOJO001 error: " in out
    assert TRACEBACK not in out + err


def test_lint_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint` on a path that doesn't exist exits 2 with one line naming it."""
    missing = tmp_path / "gone.yaml"
    code, out, err = cli(capsys, "lint", str(missing))
    assert code == 2
    assert out == ""
    assert err.strip() == f"dojo lint: no such file or folder: {missing}"


@pytest.fixture()
def ten_megabytes(tmp_path: Path) -> Path:
    """A 10 MB scenario-looking file, generated here: it must never be committed."""
    path = tmp_path / "huge.yaml"
    filler = "# " + "x" * 1022 + "\n"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(MINI)
        stream.write(filler * (10 * 1024))
    assert path.stat().st_size > 10 * 1024 * 1024 > MAX_FILE_BYTES
    return path


def test_ten_megabyte_file_is_dojo003_without_being_opened(ten_megabytes: Path) -> None:
    """A 10 MB file is refused with DOJO003 from its size alone: it is never opened, let alone read."""
    with files_opened() as opened, pytest.raises(DiagnosticError) as caught:
        load_scenario(ten_megabytes)
    assert str(ten_megabytes) not in opened.paths, "the file was opened before its size was checked"
    [found] = caught.value.diagnostics
    assert found.code == "DOJO003"
    assert "10.0 MB" in found.message


def test_ten_megabyte_text_is_dojo003(ten_megabytes: Path) -> None:
    """The same bytes given as text are refused by size too, before any parsing."""
    raw = ten_megabytes.read_bytes()
    with parser_events() as events, pytest.raises(DiagnosticError) as caught:
        load_scenario_text(raw, "huge.yaml")
    assert events.count == 0, f"the YAML parser read {events.count:,} events of a file already too big"
    assert [d.code for d in caught.value.diagnostics] == ["DOJO003"]


def test_lint_and_run_of_ten_megabytes(ten_megabytes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dojo lint` exits 1 and `dojo run` exits 2 on the huge file, both naming DOJO003."""
    code, out, _ = cli(capsys, "lint", str(ten_megabytes))
    assert code == 1
    assert f"{ten_megabytes}:0:0: DOJO003 error: " in out
    code, out, err = cli(capsys, "run", str(ten_megabytes), "--choices", "1")
    assert (code, out) == (2, "")
    assert "DOJO003" in err and TRACEBACK not in err


# --------------------------------------------------------------------------- nothing half-loaded


def test_one_error_means_no_scenario() -> None:
    """A shape-valid file with one cross-reference error compiles to no scenario at all."""
    path = BAD / "DOJO201-missing-next.yaml"
    doc = read_yaml_file(path)
    scenario, found = compile_scenario(validate_shape(doc), doc, default_rubric())
    assert scenario is None
    assert [d.code for d in found if d.is_error] == ["DOJO201"]


def test_warnings_alone_still_load() -> None:
    """A scenario with only warnings loads, and the warnings come back with it."""
    text = MINI.replace("        tags: [refusal.cave]\n", "")
    loaded = scenario_from(text)
    assert loaded.scenario.id == "mini"
    assert [d.code for d in loaded.warnings] == ["DOJO401"]
    assert not any(d.is_error for d in loaded.warnings)


def test_errors_are_sorted_in_file_order() -> None:
    """Several errors come back together, sorted by line and column."""
    text = MINI.replace("next: fixed", "next: fixd").replace("[listening.let-vent]", "[listening.let-rant]")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    found = caught.value.diagnostics
    assert {d.code for d in found} >= {"DOJO201", "DOJO402"}
    assert [(d.line, d.col) for d in found] == sorted((d.line, d.col) for d in found)


# --------------------------------------------------------------------------- entry points


def test_scenario_files_expands_folders(tmp_path: Path) -> None:
    """Folders recurse to their *.yaml and *.yml files, sorted; files named directly are kept."""
    (tmp_path / "sub").mkdir()
    for name in ("b.yaml", "a.yml", "notes.txt", "sub/c.yaml"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()  # a folder with a scenario-like name is not a file
    direct = tmp_path / "notes.txt"
    found = scenario_files([str(tmp_path), str(direct)])
    assert found == [tmp_path / "a.yml", tmp_path / "b.yaml", tmp_path / "sub" / "c.yaml", direct]


def test_scenario_files_of_the_bundled_folder() -> None:
    """The bundled scenarios folder expands to its YAML files only."""
    found = scenario_files([str(REPO / "scenarios")])
    assert EXAMPLE in found
    assert all(path.suffix == ".yaml" for path in found)


def test_load_scenario_text_from_str_and_bytes() -> None:
    """Text and bytes load alike, and the given file name is the scenario's source."""
    from_str = load_scenario_text(MINI, "mini.yaml")
    from_bytes = load_scenario_text(MINI.encode("utf-8"), "mini.yaml")
    assert from_str.scenario.id == from_bytes.scenario.id == "mini"
    assert from_str.scenario.source == "mini.yaml"
    assert from_str.scenario.content_hash == from_bytes.scenario.content_hash
    assert from_str.doc.file == "mini.yaml"


def test_load_scenario_text_errors_name_the_file() -> None:
    """Diagnostics from text carry the file name given, or '<text>' by default."""
    with pytest.raises(DiagnosticError) as caught:
        load_scenario_text("format: 2\n")
    assert caught.value.diagnostics[0].file == "<text>"
    with pytest.raises(DiagnosticError) as caught:
        load_scenario_text("format: 2\n", "draft.yaml")
    assert caught.value.diagnostics[0].format().startswith("draft.yaml:1:9: DOJO104 ")


def test_load_scenario_matches_load_scenario_text() -> None:
    """The example loads the same from its path and from its bytes."""
    by_path = load_scenario(EXAMPLE)
    by_text = load_scenario_text(EXAMPLE.read_bytes(), str(EXAMPLE))
    assert by_path.scenario.content_hash == by_text.scenario.content_hash
    assert by_path.scenario.nodes.keys() == by_text.scenario.nodes.keys()


def test_utf8_bom_is_accepted() -> None:
    """A UTF-8 byte-order mark (Windows Notepad) is stripped, and the scenario loads."""
    loaded = load_scenario_text(b"\xef\xbb\xbf" + MINI.encode("utf-8"))
    assert loaded.scenario.id == "mini"


# --------------------------------------------------------------------------- the content hash


REORDERED = """
# Same scenario, keys in another order and comments added.
id: mini
format: 1
title: Mini   # the title
difficulty: 1
summary: A tiny scene for tests.
minutes: 1
skills: [listening, refusal]
meters:
  anger: {good: low, start: 50, thresholds: [{ending: gone, at_least: 100}]}
cast:
  boss: {role: staff, name: Boss}
  cus: {name: Customer}
vars: {heard: false}
start: hello
endings:
  gone: {outcome: walked-out, title: Gone, text: The customer storms out.}
  refunded: {outcome: policy-broken, title: Refunded, text: Money back against policy.}
  fixed: {outcome: resolved, title: Fixed, text: Repaired and happy.}
nodes:
  ask:
    say:
      - variants: ["Well?", "So?", "And?"]
      - {text: "Everything all right here?", when: anger >= 60, speaker: boss}
    choices:
      - {id: firm, when: heard, text: "I can't do that, but we can repair it.", next: fixed,
         tags: [refusal.give-reason, refusal.offer-alternative]}
      - {id: again, text: "Sorry, can you tell me all that again?", next: ask, effects: {anger: +25}, tags: [listening.open-question]}
      - {id: cave, text: "Fine, have it your way, here is all of your money back.", tags: [refusal.cave], next: refunded}
  hello:
    say: ["I want a refund."]
    choices:
      - {id: listen, text: Tell me more., tags: [listening.let-vent], effects: {heard: true, anger: -10}, next: ask}
      - {id: refuse, text: "No, we can't.", tags: [refusal.premature], effects: {anger: +30}, next: ask}
"""


def test_content_hash_ignores_comments_and_key_order() -> None:
    """Reordered keys, comments and flow style give the same content hash."""
    assert scenario_from(REORDERED).scenario.content_hash == scenario_from(MINI).scenario.content_hash


def test_content_hash_changes_with_content() -> None:
    """Changing one word of dialogue changes the content hash."""
    changed = MINI.replace("I want a refund.", "I want a refund now.")
    assert scenario_from(changed).scenario.content_hash != scenario_from(MINI).scenario.content_hash


def test_content_hash_sees_list_order() -> None:
    """Swapping two replies changes the hash: their order is what the trainee sees."""
    original = scenario_from(MINI).scenario.content_hash
    swapped = scenario_from(REORDERED.replace("- {id: listen", "- {id: TMP").replace(
        "- {id: refuse", "- {id: listen").replace("- {id: TMP", "- {id: refuse"))
    assert swapped.scenario.content_hash != original


# --------------------------------------------------------------------------- pydantic errors, located


def first_error(text: str) -> Diagnostic:
    """The first diagnostic raised for (dedented) scenario text."""
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    return caught.value.diagnostics[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of `text` holding `needle` (once)."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def test_unknown_field_suggests_the_close_name() -> None:
    """An unknown field with a typo names itself and the field meant, at the typo's key."""
    text = MINI.replace("        effects: {anger: +30}\n", "        efects: {anger: +30}\n")
    found = first_error(text)
    assert found.code == "DOJO102"
    assert found.message == "unknown field 'efects'; did you mean 'effects'?"
    assert (found.line, found.col) == (line_of(text, "efects:"), 9)


def test_unknown_field_far_from_any_name_has_no_hint() -> None:
    """An unknown field like nothing in the format gets no 'did you mean'."""
    text = MINI.replace("  cus: {name: Customer}", "  cus: {name: Customer, favourite_colour: blue}")
    found = first_error(text)
    assert found.code == "DOJO102"
    assert found.message == "unknown field 'favourite_colour'"
    assert found.line == line_of(text, "favourite_colour")


def test_missing_field_points_at_its_parent() -> None:
    """A reply without its text (or variants) is reported at the reply (the parent of the missing field)."""
    text = MINI.replace("        text: Tell me more.\n", "")
    found = first_error(text)
    assert found.code == "DOJO101"
    assert found.message == "nodes.hello.choices[1].text: required field 'text' is missing (or give 'variants')"
    assert (found.line, found.col) == (line_of(text, "- id: listen"), 9)


def test_missing_field_in_an_ending_points_at_the_ending() -> None:
    """An ending without its outcome is reported on the ending's own line."""
    text = MINI.replace("fixed: {outcome: resolved, title: Fixed", "fixed: {title: Fixed")
    found = first_error(text)
    assert found.code == "DOJO101"
    assert found.message == "endings.fixed.outcome: required field 'outcome' is missing"
    assert (found.line, found.col) == (line_of(text, "fixed: {title"), 10)


def test_friendly_message_for_an_id_pattern() -> None:
    """A bad id gets plain words about ids, not a regular expression, at its value."""
    text = MINI.replace("id: mini", "id: Mini Scene")
    found = first_error(text)
    assert found.code == "DOJO103"
    assert found.message == "id: ids use lowercase letters, digits, '-' and '_', and start with a letter or digit"
    assert (found.line, found.col) == (line_of(text, "id: Mini Scene"), 5)
    assert "^[" not in found.message


def test_friendly_message_for_a_bad_id_used_as_a_key() -> None:
    """A node id that breaks the pattern is named in the message and located at its key."""
    text = MINI.replace("  ask:\n", "  Ask Again:\n")
    found = first_error(text)
    assert found.code == "DOJO103"
    assert found.message.endswith("'Ask Again': ids use lowercase letters, digits, '-' and '_', and start with a letter or digit")
    assert (found.line, found.col) == (line_of(text, "Ask Again:"), 3)


def test_friendly_message_for_a_meter_name() -> None:
    """A meter name with a '-' is explained: it would read as minus in conditions."""
    text = MINI.replace("  anger: {start: 50", "  bad-temper: {start: 50")
    found = first_error(text)
    assert found.code == "DOJO103"
    assert "'bad-temper'" in found.message
    assert "a '-' would read as minus in conditions" in found.message
    assert found.line == line_of(text, "bad-temper")


def test_friendly_message_for_a_locale() -> None:
    """A locale like 'English' is explained with examples."""
    text = MINI.replace("minutes: 1\n", "minutes: 1\nlocale: English\n")
    found = first_error(text)
    assert found.code == "DOJO103"
    assert found.message == "locale: a locale looks like 'en', 'en-GB' or 'zh-CN'"
    assert found.line == line_of(text, "locale: English")


def test_effect_of_wrong_scalar_type_is_explained() -> None:
    """A decimal effect (neither number, flag, text nor {set: N}) gets the effect explanation, once."""
    text = MINI.replace("effects: {anger: +30}", "effects: {anger: 1.5}")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    [found] = caught.value.diagnostics
    assert found.code == "DOJO103"
    assert found.message == (
        "nodes.hello.choices[2].effects.anger: "
        "an effect is a number to add (+10, -5), true/false or a text to set, or {set: N}"
    )
    assert found.line == line_of(text, "anger: 1.5")


def test_effect_of_wrong_mapping_is_one_diagnostic() -> None:
    """`effects: {anger: {add: 30}}` is one DOJO103 explaining effects, with no union member names."""
    text = MINI.replace("effects: {anger: +30}", "effects: {anger: {add: 30}}")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    found = caught.value.diagnostics
    assert [d.code for d in found] == ["DOJO103"]
    assert found[0].message.endswith("an effect is a number to add (+10, -5), true/false or a text to set, or {set: N}")
    assert ".bool" not in found[0].message


def test_union_problem_names_the_bad_line() -> None:
    """A number where a line of text goes is reported at that item, as a wrong type."""
    text = MINI.replace('      - "I want a refund."', "      - 42")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    found = caught.value.diagnostics
    assert all(d.code == "DOJO103" for d in found)
    assert any(d.line == line_of(text, "- 42") and d.message.startswith("nodes.hello.say[1]: ") for d in found)


def test_union_problem_reported_once() -> None:
    """A wrong line under `say` (several union members fail) gives one diagnostic, at the item."""
    text = MINI.replace('      - "I want a refund."', "      - 42")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    found = caught.value.diagnostics
    assert len(found) == 1
    assert found[0].message.startswith("nodes.hello.say[1]: ")


def test_boolean_is_not_a_number() -> None:
    """`difficulty: true` is a wrong type, not 1: the models are strict."""
    found = first_error(MINI.replace("difficulty: 1", "difficulty: true"))
    assert (found.code, found.message) == ("DOJO103", "difficulty: expected a whole number, not true")


def test_format_checked_before_the_shape() -> None:
    """A future format is the only finding, even when the rest of the file is another shape."""
    with pytest.raises(DiagnosticError) as caught:
        load_scenario_text("format: 3\nwhatever: [1, 2]\n")
    assert [d.code for d in caught.value.diagnostics] == ["DOJO104"]
    assert "format 3 is not supported" in caught.value.diagnostics[0].message


def test_reserved_meter_name_points_at_its_key() -> None:
    """A meter named 'turn' is reported on the line where 'turn' is written."""
    text = MINI.replace("vars:\n", "  turn: {start: 0}\nvars:\n")
    found = first_error(text)
    assert found.code == "DOJO103"
    assert "'turn' is a word of the condition language" in found.message
    assert found.line == line_of(text, "turn: {start: 0}")


# --------------------------------------------------------------------------- limits and file names


def errors_for(text: str) -> list[Diagnostic]:
    """Every error raised for (dedented) scenario text."""
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    return [d for d in caught.value.diagnostics if d.is_error]


PORTRAIT_LINE = "cus: {name: Customer}"


@pytest.mark.parametrize(
    "portrait",
    ["'../x'", "/etc/passwd", "'C:\\x'", "'C:/x'", "portraits/../../x", "'http://example.com/a.png'", '"a\\0b"', "lin.png", "''", "Lin", "5", "[a]"],
)
def test_path_like_portrait_is_dojo109(portrait: str) -> None:
    """A portrait that is a path, URL, drive, NUL, extension or not a name at all is DOJO109, located at the value."""
    text = MINI.replace(PORTRAIT_LINE, f"cus: {{name: Customer, portrait: {portrait}}}")
    found = errors_for(text)
    assert [d.code for d in found] == ["DOJO109"], [d.format() for d in found]
    assert found[0].line == line_of(text, "portrait:")
    assert "assets/portraits or the scenario's folder" in found[0].message


def test_plain_portrait_name_loads() -> None:
    """A bare picture name is accepted and reaches the runtime cast."""
    loaded = scenario_from(MINI.replace(PORTRAIT_LINE, "cus: {name: Customer, portrait: ms-lin}"))
    assert loaded.scenario.cast["cus"].portrait == "ms-lin"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("anger: {start: 50", "anger: {start: 1000000001"), "numbers in a scenario lie between -1,000,000,000 and 1,000,000,000"),
        (("effects: {anger: -10,", "effects: {anger: -1000000001,"), "is out of range"),
        (("effects: {anger: +30}", "effects: {anger: {set: 99999999999}}"), "is out of range"),
        (("heard: false", "heard: false\n  count: -5000000000"), "is out of range"),
        (("heard: false", "heard: false\n  word: " + "w" * 201), "a text value has at most 200 characters; this one has 201"),
        (('"I want a refund."', '"' + "x" * 4001 + '"'), "this text has 4,001 characters; the limit is 4,000"),
        (("text: Tell me more.", "text: Tell me more.\n        feedback: " + "f" * 4001), "the limit is 4,000"),
        (("cus: {name: Customer}", "cus: {name: Customer, description: " + "d" * 4001 + "}"), "the limit is 4,000"),
        (("cus: {name: Customer}", "\n".join(f"  c{i}: {{name: C}}" for i in range(20)).strip()), "cast: 21 entries; the limit is 20"),
        (("anger: {start: 50", "\n".join(f"  m{i}: {{start: 0}}" for i in range(8)).strip() + "\n  anger: {start: 50"), "meters: 9 entries; the limit is 8"),
        (("heard: false", "heard: false\n" + "\n".join(f"  v{i}: 0" for i in range(50))), "vars: 51 entries; the limit is 50"),
        (("tags: [listening.let-vent]", "tags: [" + ", ".join(["listening.let-vent"] * 13) + "]"), "13 items; the limit is 12"),
        (('variants: ["Well?", "So?", "And?"]', "variants: [" + ", ".join(["Well?"] * 21) + "]"), "21 items; the limit is 20"),
        (("thresholds: [{at_least: 100, ending: gone}]", "thresholds: [" + ", ".join(["{at_least: 100, ending: gone}"] * 11) + "]"), "11 items; the limit is 10"),
        (("id: mini", "id: " + "m" * 65), "id: this text has 65 characters; the limit is 64"),
    ],
)
def test_limits_are_dojo108_with_the_limit_named(change: tuple[str, str], words: str) -> None:
    """Going over a size limit of the format gives one DOJO108 that names the limit."""
    old, new = change
    assert old in MINI
    found = errors_for(MINI.replace(old, new, 1))
    assert [d.code for d in found] == ["DOJO108"], [d.format() for d in found]
    assert words in found[0].message
    assert found[0].line >= 1


def test_limits_leave_room_for_the_bundled_scenarios() -> None:
    """Every bundled scenario sits well inside every limit: at most half of each."""
    from game.scenario import schema
    from game.scenario.compile import MAX_CHOICES_PER_NODE, MAX_LINES_PER_NODE, MAX_NODES

    for path in scenario_files([str(REPO / "scenarios")]):
        scenario = load_scenario(path).scenario
        assert len(scenario.nodes) <= MAX_NODES // 2
        assert len(scenario.cast) <= schema.MAX_CAST // 2 and len(scenario.meters) <= schema.MAX_METERS // 2
        assert len(scenario.vars) <= schema.MAX_VARS // 2 and len(scenario.endings) <= schema.MAX_ENDINGS // 2
        for node in scenario.nodes.values():
            assert len(node.choices) <= MAX_CHOICES_PER_NODE and len(node.lines) <= MAX_LINES_PER_NODE // 2
            for choice in node.choices:
                assert len(choice.text) <= schema.MAX_TEXT // 2 and len(choice.tags) <= schema.MAX_TAGS // 2
                assert len(choice.variants) <= schema.MAX_VARIANTS // 2
                assert all(len(text) <= schema.MAX_TEXT // 2 for _, text in choice.variants)
            for line in node.lines:
                assert len(line.variants) <= schema.MAX_VARIANTS // 2
                assert all(len(text) <= schema.MAX_TEXT // 2 for _, text in line.variants)


@pytest.mark.parametrize(
    ("variants", "code", "words"),
    [
        ('variants: ["", "Go on."]', "DOJO103", "variants[1]: String should have at least 1 character"),
        ('variants: ["Tell me \\e[2J more.", "Go on."]', "DOJO111", "variants[1]: contains the control character U+001B"),
        ('variants: ["' + "x" * 4001 + '", "Go on."]', "DOJO108", "variants[1]: this text has 4,001 characters; the limit is 4,000"),
        ("variants: [" + ", ".join(['"Go on."'] * 21) + "]", "DOJO108", "variants: 21 items; the limit is 20"),
        ('variants: ["Go on."]', "DOJO103", "variants: List should have at least 2 items"),
        ('text: Tell me more.\n        variants: ["Go on.", "And then?"]', "DOJO103", "a reply needs exactly one of 'text' or 'variants'"),
    ],
)
def test_reply_variants_are_checked_like_reply_text(variants: str, code: str, words: str) -> None:
    """A reply's variants get the checks its text gets (empty, control characters, length) and the line variants' count limits."""
    found = errors_for(MINI.replace("text: Tell me more.", variants, 1))
    assert [d.code for d in found] == [code], [d.format() for d in found]
    assert found[0].message.startswith("nodes.hello.choices[1]") and words in found[0].message


def test_reply_variants_get_stable_ids_under_the_reply_key() -> None:
    """Each wording of a reply is `node/reply.N`; its text is the first wording; a plain reply has one wording, its key."""
    scenario = load_scenario_text(MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I\'m listening."]', 1)).scenario
    listen = scenario.choices_by_key["hello/listen"]
    assert listen.text == "Tell me more."
    assert listen.wordings == (("hello/listen.1", "Tell me more."), ("hello/listen.2", "Go on, I'm listening."))
    assert scenario.choices_by_key["hello/refuse"].wordings == (("hello/refuse", "No, we can't."),)


def test_thousands_of_shape_errors_are_capped_and_so_is_their_fuzzy_matching() -> None:
    """20,000 unknown fields give MAX_SHAPE_DIAGNOSTICS findings, the last saying how many more, for no more fuzzy matching than 2,000 cost."""
    from game.scenario.loader import MAX_SHAPE_DIAGNOSTICS

    def load(fields: int) -> tuple[list[Diagnostic], Fuzzy]:
        """The findings for `fields` unknown top-level fields, and the fuzzy matching they cost."""
        with fuzzy_matching() as fuzzy, pytest.raises(DiagnosticError) as caught:
            load_scenario_text("".join(f"k{i}: v\n" for i in range(fields)))
        return caught.value.diagnostics, fuzzy

    found, fuzzy = load(20_000)
    _, fewer = load(2_000)
    assert fuzzy == fewer, f"fuzzy matching grows with the unknown fields: {fewer} for 2,000, {fuzzy} for 20,000"
    assert len(found) == MAX_SHAPE_DIAGNOSTICS
    assert any("more problems not shown" in d.message for d in found)


def test_thousands_of_broken_references_are_all_reported_with_at_most_max_hints_fuzzy_searches() -> None:
    """2,000 replies to missing nodes and 2,000 visits() of unknown nodes are all reported; only MAX_HINTS of them get a fuzzy search."""
    from game.scenario.compile import MAX_HINTS

    head = MINI[: MINI.index("start: hello")] + "start: n0\nnodes:\n"
    tail = "endings:\n  e: {outcome: resolved, title: E, text: T}\n"
    broken = "".join(f"  n{i}: {{say: x, choices: [{{id: a, text: t, next: q{i}, when: 'visits(\"z{i}\") > 0'}}, {{id: b, text: t, next: e}}]}}\n" for i in range(2_000))
    with fuzzy_matching() as fuzzy, pytest.raises(DiagnosticError) as caught:
        load_scenario_text(head + broken + tail)
    assert fuzzy.searches <= MAX_HINTS, f"{fuzzy.searches:,} fuzzy searches for 4,000 broken references (budget {MAX_HINTS})"
    codes = [d.code for d in caught.value.diagnostics if d.is_error]
    assert codes.count("DOJO201") == 2_000 and codes.count("DOJO302") == 2_000


def test_a_comma_in_a_flow_mapping_is_explained() -> None:
    """`{text: I'm 71, Proud of it}` gives DOJO102 on 'Proud of it' saying the comma ended the text."""
    text = MINI.replace('      - "I want a refund."', "      - {text: I'm 71, Proud of it}")
    with pytest.raises(DiagnosticError) as caught:
        load_scenario_text(text)
    [found] = [d for d in caught.value.diagnostics if d.code == "DOJO102"]
    assert "'Proud of it'" in found.message and "comma inside { }" in found.message


def test_an_ordinary_unknown_field_gets_no_comma_hint() -> None:
    """A misspelt field is not blamed on a comma."""
    text = MINI.replace("    say:\n      - \"I want a refund.\"", "    say:\n      - \"I want a refund.\"\n    colour: red", 1)
    with pytest.raises(DiagnosticError) as caught:
        load_scenario_text(text)
    assert all("comma" not in d.message for d in caught.value.diagnostics)


def test_unknown_expression_names_the_closed_set_and_a_near_word() -> None:
    """A line's 'furious' is DOJO160 at the value, listing the seven faces and suggesting 'angry'; a number gets no hint."""
    path = BAD / "DOJO160-unknown-line-expression.yaml"
    found = errors_of(path)
    assert [d.code for d in found] == ["DOJO160"]
    line = path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert line[found[0].col - 1 :].startswith("furious")
    assert "calm, annoyed, angry, relieved, embarrassed, worried, sad" in found[0].message
    assert found[0].message.endswith("did you mean 'angry'?")
    numbered = MINI.replace('      - "I want a refund."', "      - {text: I want a refund., expression: 3}")
    with pytest.raises(DiagnosticError) as caught:
        load_scenario_text(numbered, "numbered.yaml")
    assert [d.code for d in caught.value.diagnostics] == ["DOJO160"]
    assert "did you mean" not in caught.value.diagnostics[0].message


# --------------------------------------------------------------------------- in Chinese


def findings_of(path: Path) -> list[Diagnostic]:
    """Every finding load_scenario raises for `path` (errors and warnings), in file order."""
    with pytest.raises(DiagnosticError) as caught:
        load_scenario(path)
    return caught.value.diagnostics


def test_in_chinese_the_corpus_keeps_its_codes_and_places() -> None:
    """Every bad fixture loaded in zh-Hans: the same codes at the same places as in English, and no message left in English."""
    english = {path.name: findings_of(path) for path in BAD_FILES}
    use_locale("zh-Hans")
    for path in BAD_FILES:
        chinese = findings_of(path)
        assert [(d.code, d.line, d.col) for d in chinese] == [(d.code, d.line, d.col) for d in english[path.name]], path.name
        assert all(c.message != e.message for c, e in zip(chinese, english[path.name])), path.name


def test_in_chinese_an_unknown_field_names_the_close_one() -> None:
    """DOJO102 in zh-Hans is the translation of its template, the field names unchanged."""
    text = MINI.replace("title: Mini", "tittle: Mini")
    use_locale("zh-Hans")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    [found] = [d for d in caught.value.diagnostics if d.code == "DOJO102"]
    assert found.message == translate("unknown field '{field}'; did you mean '{close}'?").format(field="tittle", close="title")
    assert found.message != "unknown field 'tittle'; did you mean 'title'?"


def test_a_check_pydantic_makes_is_worded_by_our_template_in_both_languages() -> None:
    """A difficulty of 0 reads in English as it always did, and in zh-Hans as the translated template."""
    text = MINI.replace("difficulty: 1", "difficulty: 0")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    [english] = caught.value.diagnostics
    assert english.message == "difficulty: Input should be greater than or equal to 1"
    use_locale("zh-Hans")
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    [chinese] = caught.value.diagnostics
    assert (chinese.code, chinese.line, chinese.col) == (english.code, english.line, english.col)
    problem = translate("Input should be greater than or equal to {ge}").format(ge=1)
    assert chinese.message == translate("{where}: {problem}").format(where="difficulty", problem=problem) != english.message
