"""Tests for scoring.scorer: behaviours, each pattern kind, endings, percentages and bands."""

from __future__ import annotations

import pytest

from scoring.rubric import default_rubric, parse_rubric
from scoring.scorer import EndingInput, Maxima, Scorer, TurnInput

RUBRIC = """
format: 1
id: tiny
version: "1"
title: A tiny rubric for tests
rules:
  LIS-1: Let them vent.
  REF-5: Stay firm.
  REF-2: Hold the line once drawn.
  REF-4: Do not over-apologise.
  REF-6: Do not argue.
  ANG-2: Sympathy must be sincere.
dimensions:
  listening: {title: Listening, description: Hearing the customer out.}
  refusal: {title: Refusal, description: Saying no well.}
behaviours:
  listening.vent: {dimension: listening, points: 10, rule: LIS-1, explain: Letting them talk lowers the heat.}
  refusal.firm: {dimension: refusal, points: 8, rule: REF-5, explain: A clear no is kinder than a vague maybe.}
  refusal.cave: {dimension: refusal, points: -12, rule: REF-5, explain: Giving in teaches them to push harder.}
  refusal.sorry: {dimension: refusal, points: 2, rule: REF-4, explain: One apology shows good manners.}
  refusal.reason: {dimension: refusal, points: 5, rule: REF-6, explain: A reason keeps the relationship.}
  refusal.argue: {dimension: refusal, points: -6, rule: REF-6, explain: Debating the reason turns it into a fight.}
  listening.echo: {dimension: listening, points: 3, rule: ANG-2, explain: Naming the feeling shows you heard it.}
patterns:
  no-before-vent:
    title: Refused before listening
    kind: before
    match: [refusal.firm]
    needs: [listening.*]
    dimension: refusal
    points: -5
    rule: LIS-1
    explain: Saying no before hearing them out feels like a brush-off.
  cave-after-firm:
    title: Caved after a firm no
    kind: after
    match: [refusal.cave]
    after: [refusal.firm]
    dimension: refusal
    points: -7
    rule: REF-2
    explain: A no that bends under pressure was never a no.
  third-sorry:
    title: Third apology
    kind: count
    match: [refusal.sorry]
    at_least: 3
    dimension: refusal
    points: -4
    rule: REF-4
    explain: Three apologies sound like a script, not a person.
  same-echo:
    title: Same echo
    kind: repeat
    match: [listening.echo]
    at_least: 2
    dimension: listening
    points: -3
    rule: ANG-2
    explain: Repeating the same sympathy makes it sound hollow.
outcomes:
  resolved: {dimension: refusal, points: 10, explain: The problem was solved for good.}
  walked-out: {dimension: refusal, points: -10, explain: The customer left angry.}
final_mood: {dimension: listening, points: 20, explain: How the customer feels at the end counts.}
bands:
  - {name: Gold, min_percent: 90}
  - {name: Silver, min_percent: 75}
  - {name: Bronze, min_percent: 50}
"""


@pytest.fixture()
def scorer() -> Scorer:
    return Scorer(parse_rubric(RUBRIC))


def fired_along(scorer: Scorer, *turns: tuple[str, ...]) -> list[list[str]]:
    """Which patterns fired on each turn."""
    state = scorer.initial_state()
    fired = []
    for tags in turns:
        state, result = scorer.step(state, tags)
        fired.append([item.key for item in result.items if item.source == "pattern"])
    return fired


def test_behaviour_points_go_to_their_dimension(scorer):
    """Each tag adds its points to its own dimension and explains itself with its rule."""
    _, result = scorer.step(scorer.initial_state(), ("listening.vent", "refusal.reason"))
    assert result.points == (10.0, 5.0)
    assert [(item.key, item.rule) for item in result.items] == [("listening.vent", "LIS-1"), ("refusal.reason", "REF-6")]


def test_unknown_tags_are_ignored(scorer):
    """A tag the rubric lacks earns nothing (lint reports it; scoring never crashes on it)."""
    _, result = scorer.step(scorer.initial_state(), ("nonsense.tag",))
    assert result.points == (0.0, 0.0) and result.items == ()


def test_before_pattern_fires_only_without_the_needed_behaviour(scorer):
    """Refusing first fires the 'before' pattern; refusing after listening does not."""
    assert fired_along(scorer, ("refusal.firm",)) == [["no-before-vent"]]
    assert fired_along(scorer, ("listening.vent",), ("refusal.firm",)) == [[], []]


def test_before_pattern_counts_the_same_turn(scorer):
    """A reply that listens and refuses at once has listened first."""
    assert fired_along(scorer, ("listening.vent", "refusal.firm")) == [[]]


def test_after_pattern_needs_an_earlier_turn(scorer):
    """Caving after an earlier firm no fires; caving with no earlier no does not."""
    assert fired_along(scorer, ("listening.vent",), ("refusal.firm",), ("refusal.cave",))[-1] == ["cave-after-firm"]
    assert fired_along(scorer, ("refusal.cave",)) == [[]]
    assert fired_along(scorer, ("refusal.firm", "refusal.cave")) == [["no-before-vent"]]


def test_count_pattern_fires_on_the_third_and_only_once(scorer):
    """The third apology fires; the fourth does not fire again."""
    fired = fired_along(scorer, *[("refusal.sorry",)] * 4)
    assert fired == [[], [], ["third-sorry"], []]


def test_repeat_pattern_counts_each_tag_separately(scorer):
    """The same echo twice fires; two different tags once each do not."""
    assert fired_along(scorer, ("listening.echo",), ("listening.echo",)) == [[], ["same-echo"]]
    assert fired_along(scorer, ("listening.echo",), ("listening.vent",)) == [[], []]


def test_states_are_hashable_and_steps_are_pure(scorer):
    """The same state and tags always give the same next state (the analysis relies on it)."""
    state = scorer.initial_state()
    first = scorer.step(state, ("listening.echo",))
    second = scorer.step(state, ("listening.echo",))
    assert first == second
    hash(first[0])


def test_finish_awards_outcome_and_mood(scorer):
    """The ending adds the outcome's points and the mood award scaled by the final mood."""
    result = scorer.finish("resolved", 0.5)
    assert result.points == (10.0, 10.0)
    assert scorer.finish("unheard-of", 0.0).points == (0.0, 0.0)


def test_scorecard_percentages_and_band(scorer):
    """Overall percent is against the best total; each skill against the best run's points in it."""
    turns = [TurnInput("a", "x", ("listening.vent",)), TurnInput("b", "y", ("refusal.firm",))]
    card = scorer.score(turns, EndingInput("good", "resolved", 1.0), Maxima({"listening": 30, "refusal": 20}, total=50))
    assert card.dimensions["listening"].raw == 30 and card.dimensions["listening"].percent == 100
    assert card.dimensions["refusal"].raw == 18 and card.dimensions["refusal"].percent == 90
    assert card.percent == pytest.approx(96.0)
    assert card.band == "Gold"
    assert card.patterns == ()
    assert [t.choice for t in card.turns] == ["x", "y"]


def test_band_needs_every_trained_skill(scorer):
    """A high overall score misses Gold when one trained skill is below the band's floor."""
    rubric = parse_rubric(RUBRIC.replace("{name: Gold, min_percent: 90}", "{name: Gold, min_percent: 90, min_skill_percent: 60}"))
    lopsided = Scorer(rubric)
    maxima = Maxima({"listening": 30, "refusal": 20}, total=50, skills=("listening", "refusal"))
    points = {"listening": 60.0, "refusal": 10.0}
    assert lopsided.band_of(points, maxima) == "Silver"
    assert lopsided.band_of({"listening": 30.0, "refusal": 20.0}, maxima) == "Gold"


def test_dimension_with_no_maximum_is_not_assessed(scorer):
    """A skill the scenario cannot exercise shows as not assessed rather than 0%."""
    card = scorer.score([], EndingInput("e", "resolved", 1.0), Maxima({"listening": 20, "refusal": 0}, total=20))
    assert card.dimensions["refusal"].percent is None


def test_percent_is_clamped(scorer):
    """A run below zero scores 0%, never a negative percentage."""
    turns = [TurnInput("a", "x", ("refusal.cave",))]
    card = scorer.score(turns, EndingInput("e", "walked-out", 0.0), Maxima({"listening": 20, "refusal": 20}, total=40))
    assert card.percent == 0.0 and card.band is None


def test_scorecard_json_has_the_contract_fields(scorer):
    """The JSON form has percent, band and per-dimension raw, max and percent."""
    card = scorer.score([], EndingInput("e", "resolved", 1.0), Maxima({"listening": 20, "refusal": 10}, total=30))
    data = card.to_json()
    assert {"percent", "band", "dimensions"} <= set(data)
    assert set(data["dimensions"]["listening"]) >= {"raw", "max", "percent"}


def test_default_rubric_scores_a_refusal_before_listening():
    """With the bundled rubric, a firm no before any listening triggers refuse-before-listening (REF-1)."""
    scorer = Scorer(default_rubric())
    _, result = scorer.step(scorer.initial_state(), ("refusal.firm",))
    patterns = [item for item in result.items if item.source == "pattern"]
    assert [item.key for item in patterns] == ["refuse-before-listening"]
    assert patterns[0].rule_title


def test_a_reply_is_penalised_once_under_a_rule():
    """refusal.premature (REF-1) and refuse-before-listening (REF-1) on one reply cost one penalty, not two."""
    scorer = Scorer(default_rubric())
    _, result = scorer.step(scorer.initial_state(), ("refusal.premature",))
    penalties = [item for item in result.items if item.rule == "REF-1" and item.points < 0]
    assert len(penalties) == 1 and penalties[0].source == "behaviour"


def test_an_after_pattern_with_within_forgets_after_that_many_replies():
    """'within: 2' fires on an argument one or two replies after the reason, not three."""
    rubric = default_rubric()
    pattern = rubric.patterns["argue-after-reason"].model_copy(update={"within": 2})
    scorer = Scorer(rubric.model_copy(update={"patterns": {"argue-after-reason": pattern}}))
    for gap, fires in ((1, True), (2, True), (3, False)):
        state = scorer.initial_state()
        state, _ = scorer.step(state, ("refusal.give-reason",))
        for _ in range(gap - 1):
            state, _ = scorer.step(state, ("listening.paraphrase",))
        _, result = scorer.step(state, ("empathy.lecture",))
        assert any(item.key == "argue-after-reason" for item in result.items) is fires, gap
# Narrowing: forgetting what can no longer change the rest of a run -------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scoring.scorer import DONE  # noqa: E402

TAGS = ["listening.vent", "refusal.firm", "refusal.cave", "refusal.sorry", "refusal.reason", "refusal.argue", "listening.echo"]


def test_narrow_forgets_patterns_no_later_reply_can_fire(scorer):
    """With only vent and sorry to come: the refusal patterns cannot fire any more and the echo cannot
    repeat, so they are DONE; the apology count is kept, as is a pattern whose trigger may still come."""
    state, _ = scorer.step(scorer.initial_state(), ("refusal.sorry", "listening.echo"))
    narrowed = scorer.narrow(state, scorer.horizon(["listening.vent", "refusal.sorry"], []))
    assert narrowed.patterns == (DONE, DONE, (1, False), DONE)
    assert scorer.narrow(state, scorer.horizon(TAGS, [])) == state


def test_narrow_keeps_an_armed_after_pattern_but_not_one_that_cannot_arm(scorer):
    """After a firm no, caving may still come: kept. Before any firm no, with none to come: DONE."""
    armed, _ = scorer.step(scorer.initial_state(), ("listening.vent", "refusal.firm"))
    assert scorer.narrow(armed, scorer.horizon(["refusal.cave"], [])).patterns[1] == armed.patterns[1]
    unarmed = scorer.initial_state()
    assert scorer.narrow(unarmed, scorer.horizon(["refusal.cave"], [])).patterns[1] is DONE


def test_narrow_keeps_repeat_uses_only_of_tags_to_come():
    """The default rubric's 'same sympathy three times' counts each tag apart: the uses of a tag no
    later reply has are forgotten, those of one still to come are kept."""
    scorer = Scorer(default_rubric())
    index = list(scorer.rubric.patterns).index("hollow-empathy")
    state = scorer.initial_state()
    for tags in (("empathy.stock-phrase",), ("empathy.acknowledge-feeling",)):
        state, _ = scorer.step(state, tags)
    assert state.patterns[index][0] == (("empathy.acknowledge-feeling", 1), ("empathy.stock-phrase", 1))
    narrowed = scorer.narrow(state, scorer.horizon(["empathy.stock-phrase"], []))
    assert narrowed.patterns[index] == ((("empathy.stock-phrase", 1),), False)


def test_narrow_remembers_credit_only_for_replies_that_may_come_again(scorer):
    """A reply credited in a loop is remembered while it may be chosen again, and forgotten after."""
    state, _ = scorer.step(scorer.initial_state(), ("listening.vent",), "loop/a")
    state, _ = scorer.step(state, ("listening.vent",), "loop/b")
    assert state.credited == {"loop/a", "loop/b"}
    assert scorer.narrow(state, scorer.horizon(TAGS, ["loop/b"])).credited == {"loop/b"}


@settings(max_examples=300, deadline=None)
@given(
    before=st.lists(st.tuples(st.lists(st.sampled_from(TAGS), max_size=3), st.sampled_from([None, "k1", "k2"])), max_size=6),
    after=st.lists(st.tuples(st.lists(st.sampled_from(TAGS), max_size=3), st.sampled_from([None, "k1", "k2"])), max_size=6),
)
def test_a_narrowed_state_scores_the_rest_of_a_run_alike(before, after):
    """Whatever came before, the rest of a run scores the same points and feedback from the state
    narrowed to that rest's tags and once-keys as from the full state."""
    scorer = Scorer(parse_rubric(RUBRIC))
    state = scorer.initial_state()
    for tags, key in before:
        state, _ = scorer.step(state, tuple(tags), key)
    horizon = scorer.horizon([tag for tags, _ in after for tag in tags], [key for _, key in after if key is not None])
    narrowed = scorer.narrow(state, horizon)
    for tags, key in after:
        state, full = scorer.step(state, tuple(tags), key)
        narrowed, result = scorer.step(narrowed, tuple(tags), key)
        assert result == full


# The compiled step against a plain one ------------------------------------------------------

from fnmatch import fnmatchcase  # noqa: E402

from scoring.scorer import _NO_HITS, _advance  # noqa: E402

# The default rubric's tags that its patterns name (the others only earn their own points).
DEFAULT_TAGS = sorted({glob for p in default_rubric().patterns.values() for glob in (*p.match, *p.needs, *p.after)})


def plain_step(scorer: Scorer, state, tags: tuple[str, ...], once_key: str | None):
    """One reply scored the plain way: every glob matched with fnmatch, every pattern moved."""
    rubric = scorer.rubric
    repeat = once_key is not None and once_key in state.credited
    points = [0.0] * len(scorer.dimension_names)
    keys: list[str] = []
    penalised: set[str] = set()
    earned = False
    for tag in tags:
        behaviour = rubric.behaviours.get(tag)
        if behaviour is None:
            continue
        gained = 0 if repeat and behaviour.points > 0 else behaviour.points
        points[scorer.dimension_names.index(behaviour.dimension)] += gained
        keys.append(tag)
        earned = earned or gained > 0
        if gained < 0:
            penalised.add(behaviour.rule)
    moved = []
    for (key, pattern), memory in zip(rubric.patterns.items(), state.patterns):
        hit = [any(fnmatchcase(tag, glob) for tag in tags for glob in globs) for globs in (pattern.match, pattern.needs, pattern.after)]
        matching = tuple(tag for tag in tags if any(fnmatchcase(tag, glob) for glob in pattern.match)) if pattern.kind == "repeat" else ()
        hits = (*hit, matching) if any(hit) else _NO_HITS
        memory, fired = _advance(pattern, memory, hits)
        moved.append(memory)
        if fired and not (pattern.points < 0 and pattern.rule in penalised):
            if pattern.points < 0:
                penalised.add(pattern.rule)
            points[scorer.dimension_names.index(pattern.dimension)] += pattern.points
            keys.append(key)
    credited = state.credited | {once_key} if once_key is not None and earned else state.credited
    return (tuple(moved), credited), tuple(points), keys


@settings(max_examples=300, deadline=None)
@given(
    default=st.booleans(),
    turns=st.lists(
        st.tuples(st.lists(st.sampled_from([*TAGS, *DEFAULT_TAGS, "listening.other", "empathy.own-it", "nonsense.tag"]), max_size=3), st.sampled_from([None, "k1", "k2"])),
        max_size=10,
    ),
)
def test_the_compiled_step_scores_as_the_plain_one(default, turns):
    """Along any run, each step (tags compiled to bit masks, only the patterns a reply touches moved)
    gives the same next state, points and feedback as matching every glob and moving every pattern."""
    scorer = Scorer(default_rubric() if default else parse_rubric(RUBRIC))
    state = scorer.initial_state()
    for tags, key in turns:
        (patterns, credited), points, keys = plain_step(scorer, state, tuple(tags), key)
        state, result = scorer.step(state, tuple(tags), key)
        assert (state.patterns, state.credited) == (patterns, credited)
        assert result.points == points
        assert [item.key for item in result.items] == keys


@settings(max_examples=200, deadline=None)
@given(
    default=st.booleans(),
    turns=st.lists(
        st.tuples(st.lists(st.sampled_from([*TAGS, *DEFAULT_TAGS, "listening.other", "empathy.own-it", "nonsense.tag"]), max_size=3), st.sampled_from([None, "k1", "k2"])),
        max_size=10,
    ),
)
def test_advance_is_step_without_the_feedback(default, turns):
    """Along any run, advance (no cache, no feedback made) gives step's next state and its very points."""
    scorer = Scorer(default_rubric() if default else parse_rubric(RUBRIC))
    state = scorer.initial_state()
    for tags, key in turns:
        after, points = scorer.advance(state, tuple(tags), key)
        state, result = scorer.step(state, tuple(tags), key)
        assert after == state and points == result.points and type(after) is type(state)
