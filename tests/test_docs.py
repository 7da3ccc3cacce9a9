"""Tests that keep `docs/` true to the code: the diagnostics reference, the committed JSON
Schema, the authoring guide's worked example and its tag tables, and the links between them.

Every YAML example in `docs/diagnostics.md` is linted here, so an example that stops
producing its code (or a message that changes) fails a test instead of misleading an author.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from game.engine.analysis import analyze
from game.engine.lint import lint_file
from game.scenario import schema
from game.scenario.diagnostics import CODES
from game.scenario.loader import load_scenario, load_scenario_text
from game.scenario.schema import json_schema
from game.scenario.source import read_yaml
from scoring.rubric import Rubric, default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE, REPO, run_cli

DOCS = REPO / "docs"
AUTHORING = DOCS / "authoring.md"
DIAGNOSTICS = DOCS / "diagnostics.md"
SCHEMA = DOCS / "scenario.schema.json"

# Codes whose cause cannot be written as YAML text: a missing file, bytes that are not
# UTF-8, a file over the size limit. Every other code must have a linted YAML example.
NO_YAML_EXAMPLE = frozenset({"DOJO001", "DOJO002", "DOJO003"})

_FENCE = re.compile(r"^```([\w-]*)[ \t]*$")
_CODE_HEADING = re.compile(r"^## (DOJO\d{3})$", re.MULTILINE)
_ANY_CODE_HEADING = re.compile(r"^#+ .*DOJO\d+.*$", re.MULTILINE)
_TAG_ROW = re.compile(r"^\| `([^`]+)` \| [^|]+ \| ([+-]?\d+) \| ([A-Z]+-[A-Z]?\d+) \|", re.MULTILINE)
_TAG_HEADING = re.compile(r"^#### .*\(`([a-z]+)`\)$")


@dataclass(frozen=True)
class Block:
    """A fenced code block: its info string, its text and the paragraph of text before it."""

    info: str
    body: str
    before: str


def fenced_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, in order, each with the paragraph before it."""
    blocks: list[Block] = []
    lines = text.splitlines(keepends=True)
    before = ""
    paragraph: list[str] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index].rstrip("\r\n"))
        if opening is None:
            if lines[index].strip():
                paragraph.append(lines[index].strip())
            elif paragraph:
                before, paragraph = " ".join(paragraph), []
            index += 1
            continue
        if paragraph:
            before, paragraph = " ".join(paragraph), []
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].rstrip("\r\n") != "```":
            body.append(lines[index])
            index += 1
        blocks.append(Block(opening.group(1), "".join(body), before))
        index += 1
    return blocks


def code_sections(text: str) -> dict[str, str]:
    """The text under each `## DOJOnnn` heading, up to the next `## ` heading."""
    sections: dict[str, str] = {}
    for match in _CODE_HEADING.finditer(text):
        following = text.find("\n## ", match.end())
        sections[match.group(1)] = text[match.end() : following if following != -1 else len(text)]
    return sections


def merge(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """The base with the fragment's keys put in place: mappings merge, anything else is replaced."""
    merged = dict(base)
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def finding_lines(path: Path) -> set[str]:
    """What `dojo lint` reports for a file, without the `file:line:col:` prefix."""
    return {f"{d.code} {d.severity.value}: {d.message}" for d in lint_file(path, default_rubric())}


def diagnostics_text() -> str:
    """The diagnostics reference."""
    return DIAGNOSTICS.read_text(encoding="utf-8")


def base_scenario() -> str:
    """The base scenario that every fragment in the diagnostics reference changes."""
    blocks = [block for block in fenced_blocks(diagnostics_text()) if block.info == "yaml"]
    return blocks[0].body


@dataclass(frozen=True)
class DocExample:
    """One linted example of the diagnostics reference and the findings it promises."""

    code: str
    kind: str  # "full file" or "fragment"
    yaml: str
    expected: tuple[str, ...]


def doc_examples() -> list[DocExample]:
    """Every YAML example under a code heading, with the text block that follows it."""
    examples: list[DocExample] = []
    for code, section in code_sections(diagnostics_text()).items():
        blocks = fenced_blocks(section)
        for position, block in enumerate(blocks):
            if block.info != "yaml":
                continue
            kind = "full file" if "(full file)" in block.before else "fragment" if "(fragment)" in block.before else "?"
            answer = blocks[position + 1] if position + 1 < len(blocks) else Block("", "", "")
            expected = tuple(line for line in answer.body.splitlines() if line.strip()) if answer.info == "text" else ()
            examples.append(DocExample(code, kind, block.body, expected))
    return examples


def _example_id(example: DocExample) -> str:
    """A readable test id such as `DOJO201-fragment`."""
    return f"{example.code}-{example.kind.replace(' ', '-')}"


# ---------------------------------------------------------------------------------------
# docs/diagnostics.md
# ---------------------------------------------------------------------------------------


def test_every_code_has_exactly_one_heading() -> None:
    """Each registered code has exactly one `## DOJOnnn` heading, and every code heading names a known code in that form."""
    text = diagnostics_text()
    headings = _CODE_HEADING.findall(text)
    assert sorted(headings) == sorted(CODES), "one '## DOJOnnn' heading per code in CODES"
    for line in _ANY_CODE_HEADING.findall(text):
        assert _CODE_HEADING.fullmatch(line), f"a heading naming a code must read exactly '## DOJOnnn': {line!r}"


def test_every_entry_states_its_title_and_severity() -> None:
    """The first line under each heading is `**title** · severity`, as registered in CODES."""
    for code, section in code_sections(diagnostics_text()).items():
        first = next(line.strip() for line in section.splitlines() if line.strip())
        expected = f"**{CODES[code].title}** · {CODES[code].severity.value}"
        assert first == expected, f"{code}: the entry should start with {expected!r}"


def test_index_lists_every_code_with_its_severity() -> None:
    """The index table has one row per code with the registered severity and title."""
    rows = re.findall(r"^\| \[(DOJO\d{3})\]\(#dojo\d{3}\) \| (\w+) \| (.+) \|$", diagnostics_text(), re.MULTILINE)
    assert [row[0] for row in rows] == list(CODES)
    for code, severity, title in rows:
        assert (severity, title) == (CODES[code].severity.value, CODES[code].title), code


def test_base_scenario_lints_clean(tmp_path: Path) -> None:
    """The base scenario the fragments change loads and lints without a single finding."""
    path = tmp_path / "base.yaml"
    path.write_text(base_scenario(), encoding="utf-8")
    assert finding_lines(path) == set()


def test_only_unshowable_codes_lack_a_yaml_example() -> None:
    """Every code except a missing file, bad bytes and an oversized file has a YAML example."""
    sections = code_sections(diagnostics_text())
    without = {code for code, section in sections.items() if not any(b.info == "yaml" for b in fenced_blocks(section))}
    assert without == NO_YAML_EXAMPLE


# The three parts every entry must have, in this order, each introduced by its bold label.
_ENTRY_PARTS = ("**What it means.**", "**Example", "**How to fix it.**")
# A fix shorter than this many words is a placeholder, not advice.
_MIN_FIX_WORDS = 8


def entry_part(section: str, label: str) -> str:
    """The text of one labelled part of an entry: from its label up to the next bold label or heading."""
    start = section.index(label) + len(label)
    following = re.search(r"^\*\*(What it means|Example|How to fix it)|^#", section[start:], re.MULTILINE)
    return section[start : start + following.start() if following else len(section)].strip()


@pytest.mark.parametrize("code", list(CODES))
def test_every_entry_has_meaning_example_and_fix_in_order(code: str) -> None:
    """Each code's entry says what it means, then shows an example, then says how to fix it, in words."""
    section = code_sections(diagnostics_text())[code]
    positions = []
    for label in _ENTRY_PARTS:
        assert label in section, f"{code}: the entry has no {label!r} part"
        positions.append(section.index(label))
    assert positions == sorted(positions), f"{code}: the parts must come in the order {_ENTRY_PARTS}"
    assert len(entry_part(section, "**What it means.**").split()) >= _MIN_FIX_WORDS, f"{code}: say what it means"
    fix = entry_part(section, "**How to fix it.**")
    assert len(fix.split()) >= _MIN_FIX_WORDS, f"{code}: the fix is too short to help: {fix!r}"


def test_entry_part_stops_at_the_next_label() -> None:
    """The part reader returns only the labelled part's own text, so a missing fix cannot borrow another part's words."""
    section = "**What it means.** A.\n\n**Example (fragment):**\n\nB\n\n**How to fix it.** Do C.\n\n## DOJO999\n"
    assert entry_part(section, "**What it means.**") == "A."
    assert entry_part(section, "**How to fix it.**") == "Do C."


@pytest.mark.parametrize("example", doc_examples(), ids=_example_id)
def test_example_produces_the_documented_findings(example: DocExample, tmp_path: Path) -> None:
    """Linting the example (a full file, or a fragment merged into the base) reports every finding the page shows."""
    assert example.kind in ("full file", "fragment"), f"{example.code}: say '(full file)' or '(fragment)' before the example"
    assert example.expected, f"{example.code}: a ```text block with the findings must follow the example"
    assert any(line.startswith(f"{example.code} ") for line in example.expected), "the example must show its own code"
    path = tmp_path / "example.yaml"
    if example.kind == "full file":
        path.write_text(example.yaml, encoding="utf-8")
    else:
        base = read_yaml(base_scenario().encode("utf-8"), "base.yaml").data
        fragment = read_yaml(example.yaml.encode("utf-8"), "fragment.yaml").data
        # JSON is YAML too, and its text leaves no room for a second reading of any value.
        path.write_text(json.dumps(merge(base, fragment), ensure_ascii=False, indent=1), encoding="utf-8")
    found = finding_lines(path)
    for line in example.expected:
        assert line in found, f"{example.code}: lint did not report {line!r}; it reported {sorted(found)}"


def test_merge_replaces_lists_and_merges_mappings() -> None:
    """The fragment rule the page states: mappings merge key by key, lists and values are replaced."""
    base = {"nodes": {"a": {"say": ["x"], "choices": [1, 2]}, "b": {}}, "start": "a"}
    fragment = {"nodes": {"a": {"choices": [3]}, "c": {}}, "start": "c"}
    assert merge(base, fragment) == {"nodes": {"a": {"say": ["x"], "choices": [3]}, "b": {}, "c": {}}, "start": "c"}


# ---------------------------------------------------------------------------------------
# docs/scenario.schema.json
# ---------------------------------------------------------------------------------------


def test_committed_schema_is_current() -> None:
    """The committed JSON Schema equals the one generated from the format's models."""
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "docs/scenario.schema.json is stale: regenerate it with `dojo schema > docs/scenario.schema.json`"
    )


def test_example_points_editors_at_the_committed_schema() -> None:
    """The example's first line names the schema file by a path that exists from its folder."""
    first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    assert (EXAMPLE.parent / first[len(prefix) :]).resolve() == SCHEMA.resolve()


# ---------------------------------------------------------------------------------------
# docs/authoring.md
# ---------------------------------------------------------------------------------------


def authoring_text() -> str:
    """The authoring guide."""
    return AUTHORING.read_text(encoding="utf-8")


def test_worked_example_is_the_example_file() -> None:
    """The first ```yaml block of the guide is the example scenario, character for character, and loads cleanly."""
    blocks = [block for block in fenced_blocks(authoring_text()) if block.info == "yaml"]
    assert blocks, "the guide must contain the worked example in a ```yaml block"
    worked = blocks[0].body
    assert worked == EXAMPLE.read_text(encoding="utf-8"), (
        "the first ```yaml block of docs/authoring.md must be scenarios/late-birthday-parcel.yaml "
        "exactly (shorter snippets use ```yml)"
    )
    loaded = load_scenario_text(worked, "authoring.md")
    assert loaded.warnings == ()
    assert loaded.scenario.id == "late-birthday-parcel"


def tag_table() -> list[tuple[str, str, int, str]]:
    """(dimension heading, tag, points, rule) for each row between the tag-table markers."""
    text = authoring_text()
    start, end = text.index("<!-- tag-table:start"), text.index("<!-- tag-table:end -->")
    rows: list[tuple[str, str, int, str]] = []
    dimension = ""
    for line in text[start:end].splitlines():
        heading = _TAG_HEADING.match(line)
        if heading:
            dimension = heading.group(1)
        row = _TAG_ROW.match(line)
        if row:
            rows.append((dimension, row.group(1), int(row.group(2)), row.group(3)))
    return rows


def render_tag_table(rubric: Rubric) -> str:
    """The tag tables as the guide shows them: one table per skill, in rubric order."""
    out: list[str] = [""]
    for name, dimension in rubric.dimensions.items():
        out += [f"#### {dimension.title} (`{name}`)", "", "| Tag | Title | Points | Rule | What the trainee reads |", "|---|---|---:|---|---|"]
        for tag, behaviour in rubric.behaviours.items():
            if behaviour.dimension == name:
                points = f"+{behaviour.points}" if behaviour.points > 0 else str(behaviour.points)
                out.append(f"| `{tag}` | {behaviour.title} | {points} | {behaviour.rule} | {behaviour.explain.strip()} |")
        out.append("")
    return "\n".join(out) + "\n"


def test_tag_table_is_the_rendered_rubric() -> None:
    """The text between the tag-table markers is exactly what the rubric renders to, explanations included."""
    text = authoring_text()
    start = text.index("\n", text.index("<!-- tag-table:start")) + 1
    end = text.index("<!-- tag-table:end -->")
    expected = render_tag_table(default_rubric())
    assert text[start:end] == expected, "the tag tables are stale; paste this between the markers:\n" + expected


def test_tag_table_names_exactly_the_rubric_tags() -> None:
    """Every tag in the guide's tables is in the default rubric, and every rubric tag is in the tables once."""
    tags = [tag for _, tag, _, _ in tag_table()]
    rubric = default_rubric()
    assert len(tags) == len(set(tags)), "a tag is listed twice"
    assert set(tags) - set(rubric.behaviours) == set(), "tags in the guide that the rubric lacks"
    assert set(rubric.behaviours) - set(tags) == set(), "rubric tags missing from the guide"


def test_tag_table_rows_match_the_rubric() -> None:
    """Each row sits under its own skill's heading and shows the rubric's points and rule."""
    rubric = default_rubric()
    for dimension, tag, points, rule in tag_table():
        behaviour = rubric.behaviours[tag]
        assert (dimension, points, rule) == (behaviour.dimension, behaviour.points, behaviour.rule), tag


def test_pattern_outcome_and_band_tables_match_the_rubric() -> None:
    """The guide's tables of patterns, outcome points and bands show the default rubric's figures."""
    text = authoring_text()
    rubric = default_rubric()
    patterns = re.findall(r"^\| `([a-z-]+)` \((.+?)\) \| .+ \| ([+-]?\d+) (\w+) \| ([A-Z]+-[A-Z]?\d+) \|$", text, re.MULTILINE)
    assert {key for key, *_ in patterns} == set(rubric.patterns)
    for key, title, points, dimension, rule in patterns:
        pattern = rubric.patterns[key]
        assert (title, int(points), dimension, rule) == (pattern.title, pattern.points, pattern.dimension, pattern.rule), key
    outcomes = re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \| ([+-]?\d+) \|$", text, re.MULTILINE)
    assert {key: (title, int(points)) for key, title, points in outcomes} == {
        key: (award.title, award.points) for key, award in rubric.outcomes.items()
    }
    bands = re.findall(r"^\| (\w+) \| (\d+)% \| (\d+)%|^\| (\w+) \| (\d+)% \| \(no floor\) \|", text, re.MULTILINE)
    shown = [(a or d, float(b or e), float(c or 0)) for a, b, c, d, e in bands]
    assert shown == [(band.name, band.min_percent, band.min_skill_percent) for band in rubric.bands]


def section_text(text: str, heading_start: str) -> str:
    """The text under the heading that starts with `heading_start`, up to the next heading of any level."""
    body_start = text.index("\n", text.index(f"\n{heading_start}") + 1)
    following = re.search(r"^#{1,6} ", text[body_start + 1 :], re.MULTILINE)
    return text[body_start : body_start + 1 + following.start()] if following else text[body_start:]


def test_skill_table_matches_the_rubric() -> None:
    """Section 4.2 lists every rubric dimension once, with its title and weight, in rubric order."""
    section = section_text(authoring_text(), "### 4.2 ")
    rows = re.findall(r"^\| `([a-z]+)` \| ([^|]+?) \| (\d+(?:\.\d+)?) \| .+ \|$", section, re.MULTILINE)
    rubric = default_rubric()
    assert [name for name, _, _ in rows] == list(rubric.dimensions)
    for name, title, weight in rows:
        assert (title, float(weight)) == (rubric.dimensions[name].title, rubric.dimensions[name].weight), name


_RULE_ROW = re.compile(r"^\| `([A-Z]+-[A-Z]?\d+)` \| (.+) \|$", re.MULTILINE)


def test_rule_table_explains_exactly_the_rubric_rules() -> None:
    """Section 4.4 explains every rule the rubric lists (and so every rule a tag or pattern cites), once each, in a sentence."""
    rows = _RULE_ROW.findall(section_text(authoring_text(), "### 4.4 "))
    rubric = default_rubric()
    ids = [rule for rule, _ in rows]
    assert len(ids) == len(set(ids)), "a rule is explained twice"
    assert set(ids) == set(rubric.rules), "the rule table and the rubric's rules differ"
    cited = {b.rule for b in rubric.behaviours.values()} | {p.rule for p in rubric.patterns.values()}
    assert cited <= set(ids)
    for rule, meaning in rows:
        assert len(meaning.split()) >= 5, f"{rule}: explain the rule in a sentence"


def test_final_mood_award_matches_the_rubric() -> None:
    """Section 4.7 states the final mood's maximum points and skill as the rubric defines them."""
    award = default_rubric().final_mood
    assert f"up to **+{award.points} {award.dimension}**" in section_text(authoring_text(), "### 4.7 ")


# The format reference: one table per pydantic model of the scenario format.
_FIELDS_MARKER = re.compile(r"^<!-- fields:(\w+) -->$", re.MULTILINE)
_FIELD_ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \| ([^|]+) \| (.+) \|$")


def schema_models() -> dict[str, type[BaseModel]]:
    """Every public pydantic model defined in game/scenario/schema.py, by class name."""
    return {
        name: value
        for name, value in vars(schema).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == schema.__name__
        and not name.startswith("_")
    }


@dataclass(frozen=True)
class FieldTable:
    """One model's table in the guide: its rows (field, type, default) and the example after it."""

    rows: tuple[tuple[str, str, str], ...]
    example: str


def field_tables() -> dict[str, FieldTable]:
    """Each `<!-- fields:Model -->` table of the guide, with the first ```yml block that follows it."""
    text = authoring_text()
    tables: dict[str, FieldTable] = {}
    for match in _FIELDS_MARKER.finditer(text):
        rows: list[tuple[str, str, str]] = []
        for line in text[match.end() :].lstrip("\n").splitlines():
            if not line.startswith("|"):
                break
            row = _FIELD_ROW.match(line)
            if row and row.group(1) != "Field":
                rows.append((row.group(1), row.group(2).strip(), row.group(3).strip()))
        examples = [block for block in fenced_blocks(text[match.end() :]) if block.info == "yml"]
        assert match.group(1) not in tables, f"two field tables for {match.group(1)}"
        tables[match.group(1)] = FieldTable(tuple(rows), examples[0].body if examples else "")
    return tables


def yaml_keys(data: Any) -> set[str]:
    """Every mapping key anywhere in a parsed YAML value."""
    if isinstance(data, dict):
        return {str(key) for key in data} | {key for value in data.values() for key in yaml_keys(value)}
    if isinstance(data, list):
        return {key for item in data for key in yaml_keys(item)}
    return set()


def test_every_schema_model_has_a_field_table() -> None:
    """The guide has exactly one field table per model of the scenario format, and none for models that do not exist."""
    assert set(field_tables()) == set(schema_models())


@pytest.mark.parametrize("model", sorted(schema_models()))
def test_field_table_lists_exactly_the_model_fields(model: str) -> None:
    """A model's table has one row per field, each with a type, and says 'required' exactly for the required fields."""
    table = field_tables()[model]
    fields = schema_models()[model].model_fields
    names = [name for name, _, _ in table.rows]
    assert len(names) == len(set(names)), f"{model}: a field is listed twice"
    assert set(names) == set(fields), f"{model}: missing {set(fields) - set(names)}, unknown {set(names) - set(fields)}"
    for name, kind, default in table.rows:
        assert kind, f"{model}.{name}: give its type"
        assert (default == "required") == fields[name].is_required(), f"{model}.{name}: the Default column is wrong"


@pytest.mark.parametrize("model", sorted(schema_models()))
def test_field_example_uses_every_field(model: str) -> None:
    """The ```yml example after a model's table is valid YAML that uses every field of the model."""
    example = field_tables()[model].example
    assert example, f"{model}: a ```yml example must follow the table"
    keys = yaml_keys(read_yaml(example.encode("utf-8"), f"{model}.yml").data)
    assert set(schema_models()[model].model_fields) <= keys, f"{model}: the example lacks {set(schema_models()[model].model_fields) - keys}"


# Real command output pasted into the guide, each block marked with the command that makes it.
_OUTPUT_MARKER = re.compile(r"^<!-- output of: dojo (.+?) -->\n```text\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def pasted_outputs() -> list[tuple[str, str]]:
    """(command after `dojo`, the text block under it) for every marked output block in the guide."""
    return [(match.group(1), match.group(2)) for match in _OUTPUT_MARKER.finditer(authoring_text())]


def test_guide_pastes_real_analyze_and_simulate_output() -> None:
    """Section 6 shows marked output of both `dojo analyze` and `dojo simulate`, so the next test checks it."""
    commands = {command.split()[0] for command, _ in pasted_outputs()}
    assert {"analyze", "simulate"} <= commands


@pytest.mark.parametrize("command,shown", pasted_outputs(), ids=[command for command, _ in pasted_outputs()])
def test_pasted_output_is_what_the_command_prints(
    command: str, shown: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running the marked command from the project folder prints exactly the text the guide shows."""
    monkeypatch.chdir(REPO)
    code, out, err = run_cli(capsys, *shlex.split(command))
    assert (code, err) == (0, ""), err
    assert out == shown, f"the output of `dojo {command}` has changed; paste this:\n{out}"


def test_example_bot_in_the_guide_is_the_shipped_file() -> None:
    """The bot function shown in section 6.4 is, line for line, the one in docs/bots/cautious.py (which a test runs)."""
    shown = [block.body for block in fenced_blocks(section_text(authoring_text(), "#### Your own bot")) if block.info == "python"]
    assert len(shown) == 1, "'Your own bot' in section 6.4 shows the example bot in one ```python block"
    code = "\n".join(line for line in shown[0].splitlines() if not line.startswith("# docs/bots/"))
    assert code.strip() in (DOCS / "bots" / "cautious.py").read_text(encoding="utf-8")


_BEST_ROW = re.compile(r"^\| `([\w-]+/[\w-]+)` \| (.+) \|$", re.MULTILINE)


def test_flagship_best_path_table_is_the_analysed_best_path() -> None:
    """Section 7.5 lists the flagship's best playthrough reply by reply, with each reply's real tags and points."""
    rubric = default_rubric()
    scenario = load_scenario(REPO / "scenarios" / "angry-shoe-buyer.yaml", rubric).scenario
    rows = _BEST_ROW.findall(section_text(authoring_text(), "### 7.5 "))
    assert tuple(key for key, _ in rows) == analyze(scenario, Scorer(rubric)).best.choices
    for key, cell in rows:
        shown = re.findall(r"`([a-z]+\.[a-z-]+)` ([+-]\d+)", cell)
        real = [(tag, f"{rubric.behaviours[tag].points:+d}") for tag in scenario.choices_by_key[key].tags]
        assert shown == real, key


# ---------------------------------------------------------------------------------------
# Links between and within the pages
# ---------------------------------------------------------------------------------------


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors of every heading outside code blocks."""
    found: set[str] = set()
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


@pytest.mark.parametrize("page", [AUTHORING, DIAGNOSTICS], ids=lambda path: path.name)
def test_links_point_at_existing_headings(page: Path) -> None:
    """Every `#anchor` link in a page leads to a heading of that page or of the page it names."""
    text = page.read_text(encoding="utf-8")
    for target, anchor in re.findall(r"\]\(([\w./-]*)#([\w-]+)\)", text):
        linked = (page.parent / target) if target else page
        assert linked.exists(), f"{page.name}: link to missing file {target}"
        assert anchor in anchors(linked.read_text(encoding="utf-8")), f"{page.name}: no heading for #{anchor} in {linked.name}"


# docs/scoring.md: the worked examples are what the code computes ---------------------------


def test_scoring_examples_are_what_the_code_computes() -> None:
    """The one-decision, near-equals and four-decision examples of docs/scoring.md match scoring.grading."""
    from scoring.grading import Decision, Option, grade_decision, grade_run
    from scoring.rubric import default_rubric

    rules = default_rubric().grading.rules()  # type: ignore[union-attr]
    text = (REPO / "docs" / "scoring.md").read_text(encoding="utf-8")

    def graded(chosen: str, **worth: float):
        """The grade of one reply among replies of the given worths."""
        options = tuple(Option(key, total, (total,)) for key, total in worth.items())
        return grade_decision(Decision(options, chosen), rules, ("skill",))

    rows = [graded(key, a=100, b=70, c=10) for key in ("a", "b", "c")]
    assert [(r.loss, round(r.share, 2), r.grade, round(r.credit, 2)) for r in rows] == [
        (0, 0.0, "best", 1.0), (30, 0.5, "mistake", 0.25), (90, 1.0, "blunder", 0.0)
    ]
    assert "| the one worth 70 | 30 | 0.50 | mistake | 0.25 |" in text
    near = graded("b", a=50, b=46)
    assert (near.grade, round(near.credit, 2), near.stake) == ("slip", 0.64, 4)
    decisions = [graded("a", a=60, b=0), graded("b", a=60, b=30, c=0), graded("a", a=30, b=0), graded("a", a=10, b=0)]
    assert [d.stake for d in decisions] == [60, 60, 30, 10] and decisions[1].credit == 0.25
    percent = grade_run(decisions, ("skill",), rules.curve).percent
    assert f"{percent:.1f}%   (Bronze)" in text
    assert default_rubric().band_for(percent) == "Bronze"
    slip = graded("b", a=60, b=48, c=0)  # share 0.2
    better = grade_run([decisions[0], slip, decisions[2], decisions[3]], ("skill",), rules.curve).percent
    assert f"the percent {better:.1f}% (Silver)" in text
