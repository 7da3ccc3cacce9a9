"""Tests for game.scenario.scaffold: the skeleton `dojo new` writes lints clean, plays to Gold and round-trips text."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from game.i18n import _ as translate, use_locale
from game.engine.analysis import analyze
from game.engine.lint import analysis_findings
from game.engine.session import Session
from game.scenario.loader import Loaded, load_scenario_text
from game.scenario.model import Scenario
from game.scenario.scaffold import (
    BEST_PATH,
    DEFAULT_SKILLS,
    SCHEMA_MODELINE,
    CastEntry,
    ScaffoldError,
    check_id,
    check_text,
    default_title,
    parse_cast,
    parse_skills,
    skeleton,
    yaml_quote,
)
from game.scenario.schema import json_schema
from game.scenario.source import read_yaml
from scoring.rubric import default_rubric
from scoring.scorer import Scorer

DIMENSIONS = tuple(default_rubric().dimensions)
FORBIDDEN = {"Cc", "Cs", "Zl", "Zp"}


def usable_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """One-line texts a title or name may hold: any script, symbols, quotes; no controls."""
    alphabet = st.characters(blacklist_categories=tuple(FORBIDDEN))
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda text: text.strip() != "")


def all_findings(text: str) -> tuple[Loaded, list[str]]:
    """Load skeleton text and return it with every finding lint would report, formatted."""
    loaded = load_scenario_text(text, "new.yaml")
    found = list(loaded.warnings) + analysis_findings(loaded, Scorer(default_rubric()))
    return loaded, [finding.format() for finding in found]


# Checking the manager's input ---------------------------------------------------------


@pytest.mark.parametrize("value", ["broken-kettle", "a", "x_1", "9-lives", "a" * 64])
def test_check_id_accepts_format_ids(value: str) -> None:
    """Ids the format accepts pass unchanged."""
    assert check_id(value) == value


@pytest.mark.parametrize("value", ["Broken", "-a", "_a", "a b", "a.yaml", "", "a" * 65, "a\n", "ä"])
def test_check_id_rejects_what_the_format_rejects(value: str) -> None:
    """Anything the schema's Id type refuses is a ScaffoldError that says what an id may hold."""
    with pytest.raises(ScaffoldError, match="lower-case letters"):
        check_id(value)


@pytest.mark.parametrize(
    ("value", "needle"),
    [("", "empty"), ("   ", "empty"), ("x" * 201, "201 characters"), ("two\nlines", r"U\+000A"), ("bell\x07", r"U\+0007"), ("a\u2028b", r"U\+2028")],
)
def test_check_text_rejects_empty_long_and_multi_line_text(value: str, needle: str) -> None:
    """Blank, over-long, multi-line or control-character texts are refused with a message naming why."""
    with pytest.raises(ScaffoldError, match=needle):
        check_text(value, "title")


def test_default_title_is_made_from_the_id() -> None:
    """Hyphens and underscores become spaces and the first letter is capitalised."""
    assert default_title("broken-kettle_two") == "Broken kettle two"
    assert default_title("9-lives") == "9 lives"


def test_parse_cast_defaults_to_one_customer() -> None:
    """No --cast gives one customer called 'The customer'."""
    assert parse_cast(None) == [CastEntry("customer", "The customer", "customer")]


def test_parse_cast_reads_commas_roles_and_repeats() -> None:
    """KEY:NAME[:ROLE] entries split on commas before the next key and on repeated values; first is the customer."""
    cast = parse_cast(["lin:Ms Lin, the owner", "bob:Bob:staff,kid:Tom"])
    assert cast == [
        CastEntry("lin", "Ms Lin, the owner", "customer"),
        CastEntry("bob", "Bob", "staff"),
        CastEntry("kid", "Tom", "companion"),
    ]


def test_parse_cast_keeps_colons_that_are_not_a_role_in_the_name() -> None:
    """Only a last part that is a known role is taken as the role; other colons belong to the name."""
    assert parse_cast(["dr:Dr: Who"]) == [CastEntry("dr", "Dr: Who", "customer")]
    assert parse_cast(["dr:Dr: Who:narrator"]) == [CastEntry("dr", "Dr: Who", "narrator")]


@pytest.mark.parametrize(
    ("values", "needle"),
    [(["lin"], "KEY:NAME"), (["Lin:Ms Lin"], "not a valid cast key"), (["a:A,a:B"], "used twice"), (["a:  "], "empty")],
)
def test_parse_cast_rejects_bad_entries(values: list[str], needle: str) -> None:
    """A cast entry without a colon, with a bad key, a repeated key or an empty name is refused."""
    with pytest.raises(ScaffoldError, match=needle):
        parse_cast(values)


def test_parse_skills_checks_against_the_rubric() -> None:
    """Known skills pass (deduplicated), the default is used without a value, unknown ones are named."""
    assert parse_skills("listening, empathy,listening", DIMENSIONS) == ("listening", "empathy")
    assert parse_skills(None, DIMENSIONS) == DEFAULT_SKILLS
    with pytest.raises(ScaffoldError, match="unknown skill listen"):
        parse_skills("listen", DIMENSIONS)
    with pytest.raises(ScaffoldError, match="at least one"):
        parse_skills(" , ", DIMENSIONS)


# Quoting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ['He said: "no" # really', "中文标题：生日快乐", "back\\slash", "tab\there", "nbsp\u00a0zwj\u200dbom\ufeff", "emoji 🎂", "'single'", "- dash", "null", "yes", "12"],
)
def test_yaml_quote_round_trips_awkward_text(value: str) -> None:
    """Quotes, comment signs, backslashes, invisible and astral characters and YAML keywords read back unchanged."""
    assert yaml.safe_load(f"title: {yaml_quote(value)}\n") == {"title": value}
    assert read_yaml(f"title: {yaml_quote(value)}\n".encode(), "t.yaml").data == {"title": value}


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_yaml_quote_round_trips_any_text(value: str) -> None:
    """Any text, control characters and line breaks included, survives quoting through the project's YAML reader."""
    assert read_yaml(f"title: {yaml_quote(value)}\n".encode(), "t.yaml").data == {"title": value}


# The skeleton -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_skeleton_lints_clean_and_plays_to_gold(language: str) -> None:
    """The default skeleton, English or Chinese, has no findings at all, and its best path is BEST_PATH, at 100% and Gold."""
    loaded, findings = all_findings(skeleton("broken-kettle") if language == "en" else chinese_skeleton("broken-kettle"))
    assert findings == []
    scorer = Scorer(default_rubric())
    result = analyze(loaded.scenario, scorer)
    assert [key.split("/")[1] for key in result.best.choices] == list(BEST_PATH)
    session = Session(loaded.scenario, scorer=scorer)
    for choice_id in BEST_PATH:
        session.choose(choice_id)
    card = session.scorecard()
    assert card.band == "Gold"
    assert card.percent == pytest.approx(100.0)


def test_skeleton_is_a_small_real_branching_scene() -> None:
    """3-4 nodes with 2-3 replies each, 2-3 endings with distinct outcomes, every ending reachable."""
    loaded, _ = all_findings(skeleton("x"))
    scenario = loaded.scenario
    assert 3 <= len(scenario.nodes) <= 4
    assert all(2 <= len(node.choices) <= 3 for node in scenario.nodes.values())
    outcomes = [ending.outcome for ending in scenario.endings.values()]
    assert 2 <= len(outcomes) <= 3 and len(set(outcomes)) == len(outcomes)
    result = analyze(scenario, Scorer(default_rubric()))
    assert result.reachable_endings == frozenset(scenario.endings)
    assert result.worst.band != "Gold"


def test_skeleton_best_path_earns_in_every_skill() -> None:
    """The best path earns points in all five rubric skills, so any --skills choice lints clean."""
    loaded, findings = all_findings(skeleton("all-skills", skills=DIMENSIONS))
    assert findings == []
    result = analyze(loaded.scenario, Scorer(default_rubric()))
    assert all(result.maxima.dimensions[name] > 0 for name in DIMENSIONS)


def test_skeleton_first_line_is_the_modeline() -> None:
    """Line 1 points the YAML language server at the given schema."""
    text = skeleton("x", schema="../docs/scenario.schema.json")
    assert text.splitlines()[0] == SCHEMA_MODELINE + "../docs/scenario.schema.json"


def test_skeleton_validates_against_the_json_schema() -> None:
    """An editor using the schema finds nothing to underline in the skeleton."""
    data = read_yaml(skeleton("x", cast=parse_cast(["a:A", "b:B:staff"])).encode(), "x.yaml").data
    errors = list(Draft202012Validator(json_schema()).iter_errors(data))
    assert errors == []


def test_skeleton_comments_teach_the_format() -> None:
    """The comments explain tags and rule IDs, conditions, effects, thresholds, endings and the commands."""
    comments = "\n".join(line for line in skeleton("x").splitlines() if line.lstrip().startswith("#"))
    for needle in ["rule", "LIS-1", "DOJO402", "when", "effects", "{set: N}", "threshold", "outcome", "dojo lint", "dojo run", "docs/editors.md"]:
        assert needle in comments, needle


def test_skeleton_gives_the_second_cast_member_a_line() -> None:
    """With two cast members the second speaks one line; the first is every node's speaker."""
    loaded, findings = all_findings(skeleton("x", cast=parse_cast(["lin:Ms Lin", "bob:Bob:staff"])))
    assert findings == []
    speakers = {line.speaker for node in loaded.scenario.nodes.values() for line in node.lines}
    assert speakers == {"lin", "bob"}


def test_skeleton_refuses_a_bad_id_or_title() -> None:
    """The builder itself checks the id and the title."""
    with pytest.raises(ScaffoldError):
        skeleton("Bad Id")
    with pytest.raises(ScaffoldError):
        skeleton("ok", title="two\nlines")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=usable_text(),
    names=st.lists(usable_text(60), min_size=1, max_size=3),
    roles=st.lists(st.sampled_from(["customer", "companion", "staff", "narrator"]), min_size=3, max_size=3),
    skills=st.lists(st.sampled_from(DIMENSIONS), min_size=1, max_size=5, unique=True),
)
def test_any_title_and_cast_lint_clean_and_round_trip(title: str, names: list[str], roles: list[str], skills: list[str]) -> None:
    """Whatever the title, names, roles and skills, the skeleton lints with zero findings and keeps the text exactly."""
    cast = [CastEntry(f"p{index}", name, roles[index]) for index, name in enumerate(names)]
    loaded, findings = all_findings(skeleton("prop", title, cast, tuple(skills)))
    assert findings == []
    assert loaded.scenario.title == title
    assert [person.name for person in loaded.scenario.cast.values()] == names


def test_in_chinese_a_bad_id_is_refused_in_the_catalog_words() -> None:
    """`dojo new` with a bad id in zh-Hans: the translated template, naming the id as written."""
    use_locale("zh-Hans")
    with pytest.raises(ScaffoldError) as caught:
        check_id("Bad Id")
    template = translate(
        "'{value}' is not a valid {what}: use lower-case letters, digits, '-' and '_', "
        "starting with a letter or digit, at most 64 characters (for example broken-kettle)"
    )
    assert str(caught.value) == template.format(value="Bad Id", what=translate("scenario id"))
    assert "lower-case letters" not in str(caught.value)


# The skeleton in Chinese ----------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese_skeleton(*args: Any, **kwargs: Any) -> str:
    """The skeleton as `dojo new --locale zh-Hans` writes it."""
    use_locale("zh-Hans")
    return skeleton(*args, **kwargs)


def _shape(scenario: Scenario) -> tuple[object, ...]:
    """Everything of a scene but its words: ids, tags, effects, conditions, targets, numbers, outcomes."""
    choices = [
        (node.id, choice.id, choice.tags, choice.effects, str(choice.when), choice.next, len(choice.variants))
        for node in scenario.nodes.values()
        for choice in node.choices
    ]
    lines = [(node.id, line.speaker, str(line.when), len(line.variants)) for node in scenario.nodes.values() for line in node.lines]
    meters = [(m.name, m.start, m.min, m.max, m.good_high, m.thresholds) for m in scenario.meters.values()]
    endings = [(ending.id, ending.outcome) for ending in scenario.endings.values()]
    return (choices, lines, meters, endings, scenario.vars, scenario.start, scenario.skills, scenario.mood_meter)


def test_chinese_skeleton_is_the_same_scene_in_chinese() -> None:
    """zh-Hans gives the English skeleton's scene (ids, tags, effects, numbers) with locale zh-Hans and every line in Chinese."""
    english = all_findings(skeleton("x", cast=parse_cast(["a:A", "b:B:staff"])))[0].scenario
    chinese = all_findings(chinese_skeleton("x", cast=parse_cast(["a:A", "b:B:staff"])))[0].scenario
    assert _shape(chinese) == _shape(english)
    assert (english.locale, chinese.locale) == ("en", "zh-Hans")
    texts = [text for node in chinese.nodes.values() for line in node.lines for _id, text in line.variants]
    texts += [text for node in chinese.nodes.values() for choice in node.choices for _id, text in choice.variants or (("", choice.text),)]
    texts += [ending.title for ending in chinese.endings.values()] + [chinese.summary] + [m.label for m in chinese.meters.values()]
    assert texts and all(_CJK.search(text) for text in texts)


def test_chinese_skeleton_comments_are_chinese() -> None:
    """Every comment of the zh-Hans skeleton is Chinese, but for the modeline, rules, blank lines, commands and code in backticks."""
    text = chinese_skeleton("x", cast=parse_cast(["a:A", "b:B"]), skills=DIMENSIONS)
    for line in text.splitlines():
        if not line.lstrip().startswith("#") or _CJK.search(line):
            continue
        rest = line.lstrip().lstrip("#").strip()
        assert rest.startswith(("yaml-language-server:", "dojo ")) or re.fullmatch(r"[-、。\s]*", re.sub(r"`[^`]*`", "", rest)), line
    for needle in ["LIS-1", "DOJO402", "`when`", "effects", "{set: N}", "dojo lint", "dojo run", "docs/editors.md"]:
        assert needle in text, needle


def test_chinese_skeleton_with_every_skill_and_role_lints_clean() -> None:
    """Every skill, and a second cast member of each role speaking Chinese, still lint with no findings."""
    for role in ("customer", "companion", "staff", "narrator"):
        loaded, findings = all_findings(chinese_skeleton("x", cast=parse_cast(["lin:林女士", f"wang:小王:{role}"]), skills=DIMENSIONS))
        assert findings == []
        second = [line for node in loaded.scenario.nodes.values() for line in node.lines if line.speaker == "wang"]
        assert len(second) == 1 and _CJK.search(second[0].variants[0][1])


def test_chinese_default_customer_is_named_in_chinese() -> None:
    """Without --cast the one customer is called by the catalog's word for 'The customer'."""
    use_locale("zh-Hans")
    assert parse_cast(None) == [CastEntry("customer", translate("The customer"), "customer")]
    assert translate("The customer") != "The customer"
