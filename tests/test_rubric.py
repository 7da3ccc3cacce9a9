"""Tests for the rubric model (`scoring/rubric.py`) and the bundled default rubric."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
import yaml

from scoring.safe_yaml import MAX_DEPTH
from scoring.rubric import (
    DEFAULT_RUBRIC_PATH,
    RULE_ID,
    TAG,
    Rubric,
    RubricError,
    default_rubric,
    load_rubric,
    parse_rubric,
)

# ---------------------------------------------------------------------------------------
# The model, on tiny inline rubrics
# ---------------------------------------------------------------------------------------

MINIMAL = """\
format: 1
id: mini
version: "0.1"
title: A minimal rubric
rules:
  LIS-5: Do not interrupt; let the customer finish.
  REF-1: Hear the whole request before refusing.
dimensions:
  listening: {title: Listening, description: Hearing the customer out.}
  refusal: {title: Refusal, description: Saying no well.}
behaviours:
  listening.let-vent:
    dimension: listening
    points: 10
    rule: LIS-5
    explain: Letting them finish calms them down.
  refusal.premature:
    dimension: refusal
    points: -10
    rule: REF-1
    explain: Saying no too early feels dismissive.
patterns:
  refuse-early:
    title: Refused early
    kind: before
    match: ["refusal.*"]
    needs: [listening.let-vent]
    dimension: refusal
    points: -5
    rule: REF-1
    explain: Refusing before listening feels dismissive.
outcomes:
  resolved: {dimension: listening, points: 10, explain: The problem was solved.}
final_mood: {dimension: listening, points: 20, explain: The customer left calm.}
bands:
  - {name: Bronze, min_percent: 50}
  - {name: Gold, min_percent: 90}
  - {name: Silver, min_percent: 75}
"""


def _mini(change=None) -> str:
    """The minimal rubric as YAML text, after `change` has edited its data in place."""
    data = yaml.safe_load(MINIMAL)
    if change is not None:
        change(data)
    return yaml.safe_dump(data, sort_keys=False)


def _error_for(change) -> str:
    """The RubricError message raised by the minimal rubric after `change`."""
    with pytest.raises(RubricError) as info:
        parse_rubric(_mini(change), "mini.yaml")
    return str(info.value)


def test_minimal_rubric_loads():
    """A small but complete rubric validates and keeps what it was given."""
    rubric = parse_rubric(MINIMAL)
    assert isinstance(rubric, Rubric)
    assert set(rubric.dimensions) == {"listening", "refusal"}
    assert rubric.behaviours["refusal.premature"].points == -10
    assert rubric.patterns["refuse-early"].kind == "before"
    assert rubric.dimensions["listening"].weight == 1.0
    assert rubric.rule_title("LIS-5").startswith("Do not interrupt")


def test_rule_title_falls_back_to_the_id():
    """An unlisted rule ID is shown as itself rather than failing."""
    assert parse_rubric(MINIMAL).rule_title("ANG-9") == "ANG-9"


def test_unknown_dimension_is_named():
    """A behaviour pointing at a dimension that does not exist is reported by tag and name."""

    def change(data):
        data["behaviours"]["listening.let-vent"]["dimension"] = "hearing"

    message = _error_for(change)
    assert "behaviour listening.let-vent" in message
    assert "unknown dimension 'hearing'" in message
    assert message.startswith("mini.yaml:")


def test_unknown_dimension_in_an_award_is_named():
    """An outcome or the final mood on a missing dimension is reported too."""

    def change(data):
        data["outcomes"]["resolved"]["dimension"] = "speed"
        data["final_mood"]["dimension"] = "mood"

    message = _error_for(change)
    assert "outcome resolved: unknown dimension 'speed'" in message
    assert "final_mood: unknown dimension 'mood'" in message


def test_rule_not_listed_is_named():
    """A behaviour citing a rule missing from `rules` says which rule and where."""

    def change(data):
        data["behaviours"]["listening.let-vent"]["rule"] = "LIS-1"

    message = _error_for(change)
    assert "behaviour listening.let-vent" in message
    assert "rule 'LIS-1' is not listed under 'rules'" in message


def test_every_problem_is_reported_at_once():
    """Several broken references come back together, not one per attempt."""

    def change(data):
        data["behaviours"]["listening.let-vent"]["rule"] = "LIS-1"
        data["patterns"]["refuse-early"]["dimension"] = "nowhere"

    message = _error_for(change)
    assert "rule 'LIS-1'" in message
    assert "pattern refuse-early: unknown dimension 'nowhere'" in message


@pytest.mark.parametrize(
    "tag", ["Listening.paraphrase", "paraphrase", "listening.Paraphrase", "listening.let_vent", "listening.let--vent"]
)
def test_malformed_tag_is_rejected(tag):
    """A tag that is not `dimension.kebab-name` is refused with the expected shape."""

    def change(data):
        data["behaviours"][tag] = dict(data["behaviours"]["listening.let-vent"])

    message = _error_for(change)
    assert "tags must look like 'listening.paraphrase'" in message
    assert tag in message


@pytest.mark.parametrize("rule", ["lis-5", "LIS5", "L-5", "LISTEN-5", "LIS-5a", "REF-SS1"])
def test_malformed_rule_id_is_rejected(rule):
    """A rule ID that is not like 'LIS-5' or 'REF-S1' is refused with an example."""

    def change(data):
        data["rules"][rule] = "A rule with a badly formed ID."

    message = _error_for(change)
    assert "rule ids must look like 'LIS-5' or 'REF-S1'" in message
    assert rule in message


def test_glob_matching_nothing_is_rejected():
    """A pattern glob that matches no behaviour tag is reported with the glob."""

    def change(data):
        data["patterns"]["refuse-early"]["needs"] = ["empathy.*"]

    message = _error_for(change)
    assert "pattern refuse-early: 'empathy.*' matches no behaviour tag" in message


def test_before_pattern_needs_needs():
    """A 'before' pattern without `needs` explains what is missing."""

    def change(data):
        del data["patterns"]["refuse-early"]["needs"]

    message = _error_for(change)
    assert "patterns.refuse-early" in message
    assert "a 'before' pattern needs 'needs'" in message


def test_after_pattern_needs_after():
    """An 'after' pattern without `after` explains what is missing."""

    def change(data):
        data["patterns"]["refuse-early"]["kind"] = "after"

    message = _error_for(change)
    assert "an 'after' pattern needs 'after'" in message


def test_unknown_field_is_rejected():
    """A misspelt key is an error rather than silently ignored."""

    def change(data):
        data["behaviours"]["listening.let-vent"]["explian"] = "typo"

    message = _error_for(change)
    assert "behaviours.listening.let-vent.explian" in message


def test_invalid_yaml_is_a_rubric_error():
    """Text that is not YAML at all becomes a RubricError naming the source."""
    with pytest.raises(RubricError, match=r"broken\.yaml: not valid YAML"):
        parse_rubric("rules: [unclosed", "broken.yaml")


def test_bands_are_sorted_high_to_low():
    """Bands given in any order are kept from the highest threshold down."""
    rubric = parse_rubric(MINIMAL)
    assert [band.name for band in rubric.bands] == ["Gold", "Silver", "Bronze"]
    assert rubric.top_band.name == "Gold"


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (100, "Gold"), (90, "Gold"), (89.9, "Silver"), (75, "Silver"), (74.99, "Bronze"),
        (50, "Bronze"), (49.9, None), (10, None), (0, None),
    ],
)
def test_band_for(percent, band):
    """`band_for` gives the highest band reached, or None below the lowest."""
    assert parse_rubric(MINIMAL).band_for(percent) == band


def test_digest_is_stable():
    """The same content always gives the same short hex digest, whatever the layout."""
    first = parse_rubric(MINIMAL).digest
    assert first == parse_rubric(MINIMAL).digest
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    relaid = "# a comment a manager added\n" + _mini()  # same data, different text
    assert parse_rubric(relaid).digest == first


def test_digest_changes_with_content():
    """Changing a single number or word gives a different digest."""
    base = parse_rubric(MINIMAL).digest

    def more_points(data):
        data["behaviours"]["listening.let-vent"]["points"] = 11

    def new_words(data):
        data["behaviours"]["listening.let-vent"]["explain"] = "Letting them finish calms them right down."

    assert parse_rubric(_mini(more_points)).digest != base
    assert parse_rubric(_mini(new_words)).digest != base


def test_a_behaviour_and_an_outcome_without_a_title_still_load():
    """Titles are optional: an untitled behaviour or outcome loads and is named by its tag or id."""
    rubric = parse_rubric(MINIMAL)
    assert rubric.behaviours["listening.let-vent"].title is None and rubric.outcomes["resolved"].title is None
    assert rubric.behaviour_title("listening.let-vent") == "listening.let-vent"
    assert rubric.outcome_title("resolved") == "resolved"
    assert rubric.pattern_title("refuse-early") == "Refused early"


def test_titles_are_read_and_exposed():
    """A behaviour's and an outcome's title name them; an unknown tag or outcome is named by itself."""

    def titled(data):
        data["behaviours"]["listening.let-vent"]["title"] = "Let them vent"
        data["outcomes"]["resolved"]["title"] = "Resolved"

    rubric = parse_rubric(_mini(titled))
    assert rubric.behaviour_title("listening.let-vent") == "Let them vent"
    assert rubric.outcome_title("resolved") == "Resolved"
    assert rubric.behaviour_title("listening.unknown") == "listening.unknown" and rubric.outcome_title("gone") == "gone"


def test_an_empty_title_is_an_error():
    """A title given must say something: an empty one is reported at its place."""

    def empty(data):
        data["behaviours"]["listening.let-vent"]["title"] = ""

    with pytest.raises(RubricError, match="behaviours.listening.let-vent.title"):
        parse_rubric(_mini(empty))


def test_every_default_behaviour_and_outcome_has_a_title():
    """The bundled rubric names every behaviour and outcome, and no two behaviours alike."""
    rubric = default_rubric()
    titles = [behaviour.title for behaviour in rubric.behaviours.values()]
    assert all(titles) and len(set(titles)) == len(titles)
    assert all(award.title for award in rubric.outcomes.values()) and rubric.final_mood.title


def test_a_rubric_without_titles_keeps_its_digest():
    """Leaving titles out leaves the digest as it was before titles existed, so stored runs still find their rubric."""
    assert parse_rubric(MINIMAL).digest == "91e36ec664328d16"  # the minimal rubric's digest before titles

    def titled(data):
        data["behaviours"]["listening.let-vent"]["title"] = "Let them vent"

    assert parse_rubric(_mini(titled)).digest != parse_rubric(MINIMAL).digest


def test_missing_file_is_a_rubric_error(tmp_path):
    """A rubric path that does not exist raises RubricError naming the path."""
    missing = tmp_path / "nope.yaml"
    with pytest.raises(RubricError, match="cannot read the rubric") as info:
        load_rubric(missing)
    assert "nope.yaml" in str(info.value)


def test_directory_is_a_rubric_error(tmp_path):
    """A folder given as a rubric file raises RubricError, not OSError."""
    with pytest.raises(RubricError, match="cannot read the rubric"):
        load_rubric(tmp_path)


def test_non_utf8_file_is_a_rubric_error(tmp_path):
    """A file that is not UTF-8 text raises RubricError, not UnicodeDecodeError."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(RubricError, match="cannot read the rubric"):
        load_rubric(path)


def test_load_rubric_reads_a_file(tmp_path):
    """A valid file on disk loads exactly like the same text parsed directly."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_rubric(path).digest == parse_rubric(MINIMAL).digest


# ---------------------------------------------------------------------------------------
# The bundled default rubric
# ---------------------------------------------------------------------------------------

DIMENSIONS = ("listening", "empathy", "refusal", "resolution", "composure")

REQUIRED_TAGS = {
    "listening": [
        "let-vent", "open-question", "paraphrase", "confirm-understanding", "clarify-need",
        "find-real-cause", "take-notes", "read-the-room", "hear-request-out", "interrupt",
        "change-subject", "jump-to-solution", "ignore-cue",
    ],
    "empathy": [
        "acknowledge-feeling", "apologise", "apologise-for-inconvenience", "over-apologise",
        "own-it", "save-face", "thank-for-feedback", "stock-phrase", "blame-customer",
        "admit-liability", "cold", "lecture", "mock",
    ],
    "refusal": [
        "hear-out-first", "give-reason", "firm", "offer-alternative", "show-consideration",
        "time-commitment", "refuse-request-not-person", "premature", "cave", "argue", "curt",
        "vague-check", "personal",
    ],
    "resolution": [
        "offer-options", "honest-promise", "act-fast", "fair-compensation", "follow-up",
        "teach-care", "ask-consent", "escalate-properly", "policy-break", "overpromise",
        "do-nothing", "product-knowledge", "wrong-facts",
    ],
    "composure": [
        "stay-calm", "smile-through", "patience", "rise-to-bait", "blame-colleagues",
        "show-off", "raise-voice",
    ],
}
ALL_REQUIRED = [f"{dim}.{name}" for dim, names in REQUIRED_TAGS.items() for name in names]

# Tags the brief names as penalties; every other required tag must be a reward.
REQUIRED_NEGATIVE = {
    "listening.interrupt", "listening.change-subject", "listening.jump-to-solution", "listening.ignore-cue",
    "empathy.over-apologise", "empathy.stock-phrase", "empathy.blame-customer", "empathy.admit-liability",
    "empathy.cold", "empathy.lecture", "empathy.mock",
    "refusal.premature", "refusal.cave", "refusal.argue", "refusal.curt", "refusal.vague-check", "refusal.personal",
    "resolution.policy-break", "resolution.overpromise", "resolution.do-nothing", "resolution.wrong-facts",
    "composure.rise-to-bait", "composure.blame-colleagues", "composure.show-off", "composure.raise-voice",
}

# Rules the brief fixes for some required tags.
REQUIRED_RULES = {
    "empathy.apologise-for-inconvenience": "CMP-4",
    "empathy.lecture": "QUAL-C2",
    "refusal.hear-out-first": "REF-1",
    "refusal.give-reason": "REF-6",
    "refusal.firm": "REF-5",
    "refusal.show-consideration": "REF-3",
    "refusal.time-commitment": "REF-2",
    "refusal.refuse-request-not-person": "REF-7",
    "resolution.policy-break": "PROM-4",
    "resolution.product-knowledge": "KNOW-1",
    "composure.blame-colleagues": "QUAL-C3",
    "composure.show-off": "QUAL-C2",
}

# pattern -> (kind, allowed rules, tags `match` must cover, tags `needs`/`after` must cover, at_least)
REQUIRED_PATTERNS = {
    "refuse-before-listening": (
        "before", {"REF-1", "LIS-5"},
        {"refusal.premature", "refusal.firm", "refusal.curt"},
        {"listening.let-vent", "listening.open-question", "listening.paraphrase"},
        None,
    ),
    "third-apology": (
        "count", {"REF-4", "ANG-4"},
        {"empathy.apologise", "empathy.over-apologise", "empathy.apologise-for-inconvenience"},
        set(),
        3,
    ),
    "cave-after-refusal": (
        "after", {"REF-5"}, {"refusal.cave", "resolution.policy-break"}, {"refusal.firm"}, None,
    ),
    "argue-after-reason": (
        "after", {"REF-6"}, {"refusal.argue", "empathy.lecture"}, {"refusal.give-reason"}, None,
    ),
    "hollow-empathy": (
        "repeat", {"ANG-2"}, {"empathy.stock-phrase", "empathy.acknowledge-feeling"}, set(), 3,
    ),
}

OUTCOMES = ("delighted", "resolved", "partly-resolved", "escalated", "walked-out", "policy-broken")

# Families numbered by principles-and-cases-003.md; the industry digest reuses some of
# these prefixes with other meanings, so they must be checked against 003 only.
HANDBOOK_FAMILIES = {"LIS", "REF", "ANG", "CMP", "KNOW", "PROM", "QUAL", "DUTY"}
# Families taken from industry-cases-and-loyalty.md (the ones that do not clash).
INDUSTRY_FAMILIES = {"EMP", "SPD", "FLX", "DLT", "OBJ", "RET"}

RULE_TOKEN = re.compile(r"\b[A-Z]{2,5}-[A-Z]?[0-9]+\b")
# The rule IDs the digests define, shipped with the tests so they run in any checkout
# (tests/fixtures/domain/README.md); the digests themselves are in the steering folder.
DOMAIN_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "domain"
DOMAIN_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "domain"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    """The bundled rubric, loaded from its file."""
    return load_rubric(DEFAULT_RUBRIC_PATH)


@pytest.fixture(scope="module")
def rubric_text() -> str:
    """The raw text of the bundled rubric file."""
    return DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def digests() -> dict[str, list[str]]:
    """The rule IDs each digest defines: {"handbook": [...], "industry": [...]}."""
    return json.loads((DOMAIN_FIXTURE / "rules.json").read_text(encoding="utf-8"))


def test_shipped_rule_ids_match_the_digests(digests):
    """The shipped list is what the digests define (checked wherever ../shared lies beside the repo, as on CI)."""
    if not DOMAIN_DIR.is_dir():
        pytest.skip(f"no digests at {DOMAIN_DIR} (CI lays ../shared beside the clone); the shipped list was still used")
    refresh = importlib.util.spec_from_file_location("refresh", DOMAIN_FIXTURE / "refresh.py")
    assert refresh is not None and refresh.loader is not None
    module = importlib.util.module_from_spec(refresh)
    refresh.loader.exec_module(module)
    assert module.rules_from(DOMAIN_DIR) == digests, "run python tests/fixtures/domain/refresh.py"


def _expand(globs, tags) -> set[str]:
    """Every tag matched by any of the fnmatch globs."""
    return {tag for tag in tags for glob in globs if fnmatchcase(tag, glob)}


def _one_sentence(text: str) -> bool:
    """True for one sentence: a single terminator, at the very end."""
    text = " ".join(text.split())
    return bool(text) and text[-1] in ".!?" and len(re.findall(r"[.!?](?=\s|$)", text)) == 1


def test_default_rubric_loads(rubric):
    """The bundled rubric validates, and `default_rubric()` gives the same content."""
    assert rubric.format == 1
    assert rubric.id == "default"
    assert rubric.version == "1.0"
    assert rubric.title.strip()
    assert default_rubric().digest == rubric.digest


def test_default_yaml_has_no_duplicate_keys(rubric_text):
    """No mapping in the file repeats a key (PyYAML would silently keep the last one)."""
    root = yaml.compose(rubric_text, Loader=yaml.SafeLoader)
    duplicates = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _ in node.value]
            duplicates += [f"{key} (line {node.start_mark.line + 1})" for key in set(keys) if keys.count(key) > 1]
            stack += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    assert not duplicates, f"duplicate keys: {duplicates}"


def test_default_has_the_five_dimensions(rubric):
    """Exactly listening, empathy, refusal, resolution and composure, weight 1, described."""
    assert set(rubric.dimensions) == set(DIMENSIONS)
    for key, dimension in rubric.dimensions.items():
        assert dimension.weight == 1, key
        assert dimension.title.strip(), key
        assert _one_sentence(dimension.description), key


@pytest.mark.parametrize("tag", ALL_REQUIRED)
def test_default_has_required_tag(rubric, tag):
    """Every tag scenario writers rely on exists, on its own dimension."""
    assert tag in rubric.behaviours, f"missing tag {tag}"
    assert rubric.behaviours[tag].dimension == tag.split(".")[0]


@pytest.mark.parametrize("tag", ALL_REQUIRED)
def test_required_tag_has_the_right_sign(rubric, tag):
    """Penalty tags cost points and the other required tags earn them."""
    points = rubric.behaviours[tag].points
    assert (points < 0) == (tag in REQUIRED_NEGATIVE), f"{tag}: {points}"


@pytest.mark.parametrize(("tag", "rule"), sorted(REQUIRED_RULES.items()))
def test_required_tag_cites_its_rule(rubric, tag, rule):
    """Tags whose principle the brief fixes cite exactly that rule."""
    assert rubric.behaviours[tag].rule == rule


def test_tag_count_and_shape(rubric):
    """Between 45 and 160 tags (a vocabulary authors can learn, wide enough for the 75 or more rules of issue 14), each `dimension.kebab-name` on its dimension."""
    assert 45 <= len(rubric.behaviours) <= 160
    for tag, behaviour in rubric.behaviours.items():
        assert TAG.match(tag) and tag.count(".") == 1, tag
        assert tag.split(".")[0] == behaviour.dimension, tag


def test_points_are_in_range(rubric):
    """Rewards are +5..+15 and penalties -5..-20; nothing is worth zero."""
    for tag, behaviour in rubric.behaviours.items():
        assert 5 <= behaviour.points <= 15 or -20 <= behaviour.points <= -5, f"{tag}: {behaviour.points}"


def test_each_dimension_has_rewards_and_penalties(rubric):
    """Every dimension has at least one positive and one negative behaviour."""
    for dimension in DIMENSIONS:
        points = [b.points for b in rubric.behaviours.values() if b.dimension == dimension]
        assert any(p > 0 for p in points), f"{dimension} has no positive behaviour"
        assert any(p < 0 for p in points), f"{dimension} has no negative behaviour"


def test_explanations_are_single_distinct_sentences(rubric):
    """Each explanation a trainee reads is one sentence, and no two are the same."""
    texts = [("behaviour " + tag, b.explain) for tag, b in rubric.behaviours.items()]
    texts += [("pattern " + key, p.explain) for key, p in rubric.patterns.items()]
    texts += [("outcome " + key, a.explain) for key, a in rubric.outcomes.items()]
    texts.append(("final_mood", rubric.final_mood.explain))
    for where, text in texts:
        assert _one_sentence(text), f"{where}: not one sentence: {text!r}"
    plain = [" ".join(text.split()).lower() for _, text in texts]
    assert len(plain) == len(set(plain)), "two explanations are identical"


def test_refusing_patterns_match_only_replies_that_refuse(rubric):
    """'Refused before listening' is set off only by tags that turn the customer down (not a reason or blame alone)."""
    matched = _expand(rubric.patterns["refuse-before-listening"].match, rubric.behaviours)
    assert matched == {"refusal.premature", "refusal.firm", "refusal.curt"}


def test_arguing_after_the_reason_is_scoped_to_one_request(rubric):
    """'Argued after giving the reason' looks back only a few replies, not the whole run."""
    assert rubric.patterns["argue-after-reason"].within is not None


@pytest.mark.parametrize("key", sorted(REQUIRED_PATTERNS))
def test_default_has_required_pattern(rubric, key):
    """The five run-level patterns exist with the kind, rule and tags the brief asks for."""
    kind, rules, must_match, must_need, at_least = REQUIRED_PATTERNS[key]
    assert key in rubric.patterns, f"missing pattern {key}"
    pattern = rubric.patterns[key]
    tags = rubric.behaviours
    assert pattern.kind == kind
    assert pattern.rule in rules
    assert pattern.points < 0
    assert pattern.title.strip()
    assert must_match <= _expand(pattern.match, tags), key
    prior = pattern.needs if kind == "before" else pattern.after
    assert must_need <= _expand(prior, tags), key
    if at_least is not None:
        assert pattern.at_least == at_least


def test_third_apology_names_the_other_rule(rubric):
    """The third-apology explanation mentions whichever of REF-4 and ANG-4 it does not cite."""
    pattern = rubric.patterns["third-apology"]
    other = ({"REF-4", "ANG-4"} - {pattern.rule}).pop()
    assert other in pattern.explain


def test_refuse_before_listening_needs_only_good_listening(rubric):
    """What must come first is good listening, never a penalty tag."""
    pattern = rubric.patterns["refuse-before-listening"]
    needed = _expand(pattern.needs, rubric.behaviours)
    assert all(rubric.behaviours[tag].points > 0 for tag in needed), needed
    assert any(tag.startswith("listening.") for tag in needed)
    matched = _expand(pattern.match, rubric.behaviours)
    assert not matched & needed


def test_patterns_are_few_and_sensible(rubric):
    """Five to eight patterns, none of them matching a tag it also requires beforehand."""
    assert 5 <= len(rubric.patterns) <= 8
    for key, pattern in rubric.patterns.items():
        matched = _expand(pattern.match, rubric.behaviours)
        prior = _expand((*pattern.needs, *pattern.after), rubric.behaviours)
        assert not matched & prior, key
        assert pattern.points != 0, key


def test_default_outcomes(rubric):
    """Exactly the six ending types, on resolution, worth less as the ending gets worse."""
    assert set(rubric.outcomes) == set(OUTCOMES)
    assert all(award.dimension == "resolution" for award in rubric.outcomes.values())
    points = [rubric.outcomes[key].points for key in OUTCOMES]
    assert points == sorted(points, reverse=True)
    assert rubric.outcomes["delighted"].points > 0 > rubric.outcomes["walked-out"].points


def test_default_final_mood(rubric):
    """The final mood counts for empathy or resolution and is worth a real reward."""
    assert rubric.final_mood.dimension in {"empathy", "resolution"}
    assert 10 <= rubric.final_mood.points <= 30


def test_default_bands(rubric):
    """Gold 90, Silver 75, Bronze 50, with the boundaries landing where expected."""
    assert [(b.name, b.min_percent) for b in rubric.bands] == [("Gold", 90), ("Silver", 75), ("Bronze", 50)]
    assert rubric.band_for(89.9) == "Silver"
    assert rubric.band_for(90) == "Gold"
    assert rubric.band_for(10) is None


def test_every_cited_rule_is_listed_and_used(rubric, rubric_text):
    """Every rule ID written anywhere in the file is listed, and every listed rule is cited."""
    written = set(RULE_TOKEN.findall(rubric_text))
    assert written <= set(rubric.rules), f"cited but not listed: {sorted(written - set(rubric.rules))}"
    cited = {b.rule for b in rubric.behaviours.values()} | {p.rule for p in rubric.patterns.values()}
    explained = " ".join(
        [b.explain for b in rubric.behaviours.values()] + [p.explain for p in rubric.patterns.values()]
    )
    cited |= set(RULE_TOKEN.findall(explained))
    assert set(rubric.rules) <= cited, f"listed but never cited: {sorted(set(rubric.rules) - cited)}"
    for rule, statement in rubric.rules.items():
        assert RULE_ID.match(rule)
        assert "\n" not in statement and len(statement) >= 10, rule


def test_every_rule_id_appears_in_a_digest(rubric, rubric_text, digests):
    """Each rule ID the rubric cites or mentions is defined by one of the two domain digests."""
    defined = set(digests["handbook"]) | set(digests["industry"])
    written = set(RULE_TOKEN.findall(rubric_text)) | set(rubric.rules)
    missing = [rule for rule in sorted(written) if rule not in defined]
    assert not missing, f"rule IDs found in neither digest: {missing}"


def test_rule_ids_come_from_the_right_digest(rubric, digests):
    """Clashing prefixes take the handbook's meaning; other families come from the industry digest."""
    wrong = []
    for rule in sorted(rubric.rules):
        family = rule.split("-")[0]
        if family in HANDBOOK_FAMILIES:
            if rule not in digests["handbook"]:
                wrong.append(f"{rule} (not a rule of principles-and-cases-003.md)")
        elif family in INDUSTRY_FAMILIES:
            if rule not in digests["industry"]:
                wrong.append(f"{rule} (not a rule of industry-cases-and-loyalty.md)")
        else:
            wrong.append(f"{rule} (family {family} is not allowed)")
    assert not wrong, wrong


# --------------------------------------------------------------------------- hardening (fuzz findings)


def test_deep_nesting_is_a_rubric_error_not_a_crash():
    """100,000 '[' used to crash the interpreter in libyaml's composer; now it is DOJO008 at the bracket past the limit."""
    with pytest.raises(RubricError, match=rf"deep\.yaml: not valid YAML: line 1, column {MAX_DEPTH + 1}: DOJO008 "):
        parse_rubric("[" * 100_000, "deep.yaml")


def test_mistagged_scalar_is_a_rubric_error():
    """`!!int default` used to escape as a ValueError traceback."""
    with pytest.raises(RubricError, match=r"tagged\.yaml: not valid YAML: line 2"):
        parse_rubric("format: 1\nid: !!int default\n", "tagged.yaml")


def test_alias_bomb_is_refused():
    """Ten-fold aliases nine deep are refused (DOJO007) where they pass the expansion limit, never validated."""
    lines = ['a0: &a0 ["lol"]'] + [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    with pytest.raises(RubricError, match=r"bomb\.yaml: not valid YAML: line 7, column \d+: DOJO007 "):
        parse_rubric("\n".join(lines), "bomb.yaml")


@pytest.mark.parametrize("text", ["title: 2024-13-45\n", "id: !!int default\n", "a: 1\n---\nb: 2\n", "x" * (2 * 1024 * 1024)])
def test_odd_yaml_is_a_rubric_error(text):
    """An impossible date, a tag, two documents or a 2 MB file are RubricErrors naming the source, never another exception."""
    with pytest.raises(RubricError, match=r"^odd\.yaml: "):
        parse_rubric(text, "odd.yaml")


def test_too_many_patterns_are_refused():
    """More than MAX_PATTERNS patterns is a validation error, so the per-turn pattern work stays bounded."""
    from scoring.rubric import MAX_PATTERNS

    def many(data):
        pattern = next(iter(data["patterns"].values()))
        data["patterns"] = {f"p{i}": copy.deepcopy(pattern) for i in range(MAX_PATTERNS + 1)}

    assert f"at most {MAX_PATTERNS} items" in _error_for(many)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["behaviours"]["listening.let-vent"].update(points=10**400), "less than or equal to 1000"),
        (lambda d: d["behaviours"]["listening.let-vent"].update(points=-1001), "greater than or equal to -1000"),
        (lambda d: d["final_mood"].update(points=5000), "less than or equal to 1000"),
        (lambda d: d["dimensions"]["listening"].update(weight=float("inf")), "finite number"),
        (lambda d: d["dimensions"]["listening"].update(weight=101), "less than or equal to 100"),
        (lambda d: d["bands"][0].update(min_percent=float("nan")), "finite number"),
    ],
)
def test_points_and_weights_are_bounded(change, words):
    """Huge points (which overflowed the float sums) and infinite or NaN weights are refused."""
    assert words in _error_for(change)


def test_default_rubric_digest_is_unchanged_by_the_checks():
    """The checks before loading change nothing for a good rubric: the same data, so stored digests still match."""
    text = DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8")
    assert parse_rubric(text).digest == Rubric.model_validate(yaml.safe_load(text)).digest


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_a_rubric_error_not_a_hang(tmp_path):
    """A FIFO given as the rubric is refused before opening it, which would wait for ever."""
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(RubricError, match="not a regular file"):
        load_rubric(pipe)
