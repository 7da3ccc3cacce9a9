"""Tests for game.scenario.compile: each cross-check's code and place, and the runtime Scenario built."""

from __future__ import annotations

import pytest

from game.i18n import _ as translate, use_locale
from game.scenario import compile as compile_module
from game.scenario.compile import content_hash, loop_nodes
from game.scenario.diagnostics import Diagnostic, DiagnosticError
from game.scenario.loader import Loaded
from game.scenario.model import ChoiceSpec, NodeSpec
from game.scenario.schema import RESERVED_NAMES
from tests.conftest import MINI, scenario_from


def change(old: str, new: str, text: str = MINI) -> str:
    """MINI (or `text`) with one exact piece replaced; the piece must occur once."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the `nth` line of `text` holding `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[nth - 1]


def col_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based column where `needle` starts on the `nth` line holding it."""
    line = text.splitlines()[line_of(text, needle, nth) - 1]
    return line.index(needle) + 1


def diagnostics(text: str) -> list[Diagnostic]:
    """Every diagnostic for `text`: the errors raised, or the warnings of a scenario that loaded."""
    try:
        return list(scenario_from(text).warnings)
    except DiagnosticError as error:
        return error.diagnostics


def only(text: str, code: str) -> Diagnostic:
    """The single diagnostic with `code` for `text`."""
    found = [d for d in diagnostics(text) if d.code == code]
    assert len(found) == 1, diagnostics(text)
    return found[0]


def at(found: Diagnostic) -> tuple[int, int]:
    """(line, col) of a diagnostic."""
    return found.line, found.col


def test_mini_compiles_clean(mini: Loaded) -> None:
    """The MINI scenario loads with no warnings at all."""
    assert mini.warnings == ()
    assert mini.scenario.id == "mini"


# --------------------------------------------------------------------------- ids and cast


def test_node_named_like_an_ending_is_dojo105_at_the_ending_key() -> None:
    """A node id that is also an ending id is reported at the ending's key."""
    text = change("endings:\n", "  gone:\n    say: [Hi.]\n    choices: [{id: a, text: A., tags: [listening.let-vent], next: fixed}]\nendings:\n")
    found = only(text, "DOJO105")
    assert at(found) == (line_of(text, "gone: {outcome"), 3)
    assert "'gone' names both a node and an ending" in found.message


def test_duplicate_reply_id_is_dojo105_at_the_second() -> None:
    """Two replies with one id in a node: reported at the second one's id."""
    text = change("      - id: refuse\n", "      - id: listen\n")
    found = only(text, "DOJO105")
    assert at(found) == (line_of(text, "- id: listen", 2), 13)
    assert found.message == "reply id 'listen' is used twice in node 'hello'"


def test_same_reply_id_in_two_nodes_is_fine() -> None:
    """Reply ids only need to be unique within their node."""
    text = change("      - id: again\n", "      - id: listen\n")
    assert not [d for d in diagnostics(text) if d.code == "DOJO105"]


def test_duplicate_line_id_is_dojo105_naming_the_first() -> None:
    """A line id used twice in the scenario is reported at the second, naming the first's line."""
    text = change('      - "I want a refund."', '      - {id: greet, text: "I want a refund."}')
    text = change('      - variants: ["Well?", "So?", "And?"]', '      - {id: greet, variants: ["Well?", "So?"]}', text)
    found = only(text, "DOJO105")
    assert found.line == line_of(text, '{id: greet, variants')
    assert found.message == f"line id 'greet' is used twice (first at line {line_of(text, '{id: greet, text')})"


def test_unknown_node_speaker_is_dojo106() -> None:
    """A node's speaker outside the cast is reported at the speaker value, listing the cast."""
    text = change("  hello:\n    say:", "  hello:\n    speaker: clerk\n    say:")
    found = only(text, "DOJO106")
    assert at(found) == (line_of(text, "speaker: clerk"), 14)
    assert found.message == "speaker 'clerk' is not in the cast (cast: cus, boss)"


def test_unknown_line_speaker_is_dojo106() -> None:
    """A line's speaker outside the cast is reported on that line."""
    text = change("      - speaker: boss\n", "      - speaker: bos\n")
    found = only(text, "DOJO106")
    assert at(found) == (line_of(text, "speaker: bos"), col_of(text, "speaker: bos") + len("speaker: "))


# --------------------------------------------------------------------------- meters


def test_meter_min_not_below_max_is_dojo107() -> None:
    """min equal to max is an error at the meter."""
    text = change("anger: {start: 50,", "anger: {start: 50, min: 50, max: 50,")
    found = [d for d in diagnostics(text) if d.code == "DOJO107"][0]
    assert found.message == "meter 'anger': min (50) must be below max (50)"
    assert at(found) == (line_of(text, "anger: {start"), col_of(text, "{start"))


def test_meter_start_outside_range_is_dojo107_at_start() -> None:
    """A start below min is reported at the start value."""
    text = change("anger: {start: 50,", "anger: {start: -5,")
    found = only(text, "DOJO107")
    assert found.message == "meter 'anger': start -5 is outside 0..100"
    assert at(found) == (line_of(text, "start: -5"), col_of(text, "-5"))


def test_threshold_outside_range_is_dojo107() -> None:
    """A threshold the meter's range can never reach is an error at the threshold."""
    text = change("{at_least: 100, ending: gone}", "{at_least: 101, ending: gone}")
    found = only(text, "DOJO107")
    assert "threshold at least 101 is outside 0..100, so it can never fire" in found.message
    assert at(found) == (line_of(text, "at_least: 101"), col_of(text, "{at_least"))


def test_threshold_already_past_at_start_is_dojo107() -> None:
    """A meter that starts past its own threshold would end the scene before it begins."""
    text = change("{at_least: 100, ending: gone}", "{at_least: 40, ending: gone}")
    found = only(text, "DOJO107")
    assert found.message == "meter 'anger' starts at 50, already past its threshold at least 40"


def test_threshold_to_unknown_ending_is_dojo304() -> None:
    """A threshold naming no ending is reported at its ending value."""
    text = change("ending: gone}", "ending: gon}")
    found = only(text, "DOJO304")
    assert at(found) == (line_of(text, "ending: gon}"), col_of(text, "gon}"))
    assert found.message == "meter 'anger' threshold names 'gon', which is not an ending"


def test_unknown_mood_meter_is_dojo302() -> None:
    """`mood` naming no meter is reported at its value."""
    text = change("vars:\n", "mood: temper\nvars:\n")
    found = only(text, "DOJO302")
    assert at(found) == (line_of(text, "mood: temper"), 7)


def test_meter_defaults_and_mood(mini: Loaded) -> None:
    """Without `mood` the first meter is the mood; labels default to the name; good: low is stored."""
    scenario = mini.scenario
    assert scenario.mood_meter == "anger"
    meter = scenario.meters["anger"]
    assert (meter.label, meter.start, meter.min, meter.max, meter.good_high) == ("Anger", 50, 0, 100, False)
    assert meter.thresholds == (("at_least", 100, "gone"),)
    text = change("  anger: {start: 50,", "  bad_temper: {start: 10}\n  anger: {start: 50,")
    text = change("vars:\n", "mood: anger\nvars:\n", text)
    scenario = scenario_from(text).scenario
    assert scenario.meters["bad_temper"].label == "Bad temper"
    assert scenario.mood_meter == "anger"
    assert scenario.meter_index == {"bad_temper": 0, "anger": 1}


# --------------------------------------------------------------------------- sizes


def test_ten_replies_is_dojo108() -> None:
    """More than nine replies in a node is reported at its choices."""
    extra = "".join(f"      - {{id: more{n}, text: More {n}., tags: [listening.let-vent], next: fixed}}\n" for n in range(8))
    text = change("      - id: refuse\n", extra + "      - id: refuse\n")
    found = only(text, "DOJO108")
    assert found.message == "node 'hello' offers 10 replies; the limit is 9"
    assert found.line == line_of(text, "- id: listen")


def test_nine_replies_are_allowed() -> None:
    """Exactly nine replies is within the limit."""
    extra = "".join(f"      - {{id: more{n}, text: More {n}., tags: [listening.let-vent], next: fixed}}\n" for n in range(7))
    text = change("      - id: refuse\n", extra + "      - id: refuse\n")
    assert len(scenario_from(text).scenario.nodes["hello"].choices) == 9


def test_too_many_lines_is_dojo108() -> None:
    """More than fifty lines in a node is reported at `say`."""
    many = "".join(f'      - "Line {n}."\n' for n in range(51))
    text = change('      - "I want a refund."\n', many)
    found = only(text, "DOJO108")
    assert found.message == "node 'hello' has 51 lines; the limit is 50"
    assert found.line == line_of(text, '"Line 0."')


def test_too_many_nodes_is_dojo108(monkeypatch: pytest.MonkeyPatch) -> None:
    """More nodes than the limit is reported at `nodes` (limit lowered for the test)."""
    monkeypatch.setattr(compile_module, "MAX_NODES", 1)
    found = only(MINI, "DOJO108")
    assert found.message == "2 nodes; the limit is 1"
    assert found.line == line_of(MINI, "  hello:")


# --------------------------------------------------------------------------- the graph


def test_unknown_next_is_dojo201_with_a_hint() -> None:
    """A reply going nowhere is reported at its `next`, suggesting the close id."""
    text = change("        next: refunded\n", "        next: refundd\n")
    found = only(text, "DOJO201")
    assert at(found) == (line_of(text, "next: refundd"), 15)
    assert found.message == "reply 'cave' goes to 'refundd', which is neither a node nor an ending; did you mean 'refunded'?"


def test_unknown_next_far_from_anything_has_no_hint() -> None:
    """A next target like no id gets no 'did you mean'."""
    text = change("        next: refunded\n", "        next: xyzzy\n")
    assert only(text, "DOJO201").message.endswith("which is neither a node nor an ending")


def test_unreachable_node_is_a_dojo202_warning() -> None:
    """A node no reply leads to is a warning at its key; the scenario still loads."""
    text = change("endings:\n", "  island:\n    say: [Alone.]\n    choices: [{id: go, text: Go., next: fixed}]\nendings:\n")
    loaded = scenario_from(text)
    [found] = loaded.warnings
    assert (found.code, found.is_error) == ("DOJO202", False)
    assert at(found) == (line_of(text, "island:"), 3)
    assert found.message == "node 'island' can never be reached from 'hello'"


def test_node_that_cannot_finish_is_dojo203() -> None:
    """A reachable node whose every path loops forever is an error at its key."""
    text = change("        next: refunded\n", "        next: trap\n")
    text = change("endings:\n", "  trap:\n    say: [Stuck.]\n    choices: [{id: stay, text: Stay., next: trap}]\nendings:\n", text)
    found = only(text, "DOJO203")
    assert at(found) == (line_of(text, "  trap:"), 3)
    assert "node 'trap' has no way to any ending" in found.message


def test_threshold_counts_as_a_way_out() -> None:
    """A loop whose replies move a meter with a threshold can still end: no DOJO203."""
    text = change("        next: refunded\n", "        next: spin\n")
    text = change(
        "endings:\n",
        "  spin:\n    say: [Round.]\n    choices: [{id: go, text: Go., effects: {anger: 10}, next: spin}]\nendings:\n",
        text,
    )
    codes = [d.code for d in diagnostics(text)]
    assert "DOJO203" not in codes
    assert "DOJO204" in codes  # 'refunded' now has no way in


def test_threshold_ending_unreachable_without_meter_moves() -> None:
    """If no reply moves the meter, its threshold's ending is a DOJO204 warning at the ending key."""
    text = change("        effects: {anger: -10, heard: true}\n", "        effects: {heard: true}\n")
    text = change("        effects: {anger: +30}\n", "", text)
    text = change("        effects: {anger: +25}\n", "", text)
    found = only(text, "DOJO204")
    assert at(found) == (line_of(text, "gone: {outcome"), 3)
    assert not found.is_error


def test_every_reply_conditional_is_dojo205() -> None:
    """A node whose replies all have a condition is an error at its choices."""
    text = change("        text: Sorry, can you tell me all that again?\n", "        when: anger > 0\n        text: Sorry, can you tell me all that again?\n")
    text = change("        text: Fine, have it your way, here is all of your money back.\n", "        when: not heard\n        text: Fine, have it your way, here is all of your money back.\n", text)
    found = only(text, "DOJO205")
    assert found.line == line_of(text, "- id: firm")
    assert found.message.startswith("every reply in node 'ask' has a condition")


def test_unknown_start_is_dojo206() -> None:
    """A start that is no node is reported at its value."""
    text = change("start: hello", "start: hallo")
    found = only(text, "DOJO206")
    assert at(found) == (line_of(text, "start: hallo"), 8)
    assert found.message == "the start node 'hallo' does not exist"


def test_start_at_an_ending_says_so() -> None:
    """Starting at an ending gets a hint that the story must start at a node."""
    found = only(change("start: hello", "start: fixed"), "DOJO206")
    assert found.message == "the start node 'fixed' does not exist (it is an ending; the story must start at a node)"


# --------------------------------------------------------------------------- conditions and effects


def test_condition_syntax_error_points_into_the_condition() -> None:
    """DOJO301 is located at the offending character inside the condition text."""
    text = change("        when: heard\n", "        when: anger = 10\n")
    found = only(text, "DOJO301")
    assert found.message == "condition 'anger = 10': use '==' to compare"
    assert at(found) == (line_of(text, "anger = 10"), col_of(text, "= 10"))


def test_condition_unknown_name_is_dojo302_at_the_name() -> None:
    """An undeclared name in a reply condition is DOJO302 at that name."""
    text = change("        when: heard\n", "        when: heard and patience > 3\n")
    found = only(text, "DOJO302")
    assert at(found) == (line_of(text, "patience"), col_of(text, "patience"))
    assert "unknown meter or variable 'patience'" in found.message


def test_line_condition_is_checked_too() -> None:
    """A line's condition is parsed and checked like a reply's."""
    text = change("        when: anger >= 60\n", "        when: angry >= 60\n")
    found = only(text, "DOJO302")
    assert at(found) == (line_of(text, "angry >= 60"), col_of(text, "angry"))


def test_chose_unknown_reply_is_dojo302() -> None:
    """chose() naming a reply that does not exist is an unknown name."""
    text = change("        when: heard\n", '        when: chose("hello/lisen")\n')
    assert only(text, "DOJO302").line == line_of(text, "hello/lisen")


def test_condition_wrong_type_is_dojo303() -> None:
    """Comparing a flag with a number is a type error."""
    text = change("        when: heard\n", "        when: heard > 1\n")
    assert only(text, "DOJO303").line == line_of(text, "heard > 1")


def test_effect_on_unknown_target_is_dojo302_at_the_key() -> None:
    """An effect on an undeclared name is reported at its key, listing what is known."""
    text = change("effects: {anger: +30}", "effects: {angr: +30}")
    found = only(text, "DOJO302")
    assert at(found) == (line_of(text, "angr: +30"), col_of(text, "angr"))
    assert found.message == "effect on 'angr', which is not a meter or variable (known: anger, heard)"


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        ("{anger: true}", "'anger' is a number; its effect must be a number to add (or {set: N})"),
        ("{heard: 1}", "'heard' is a flag (true/false); its effect must be true or false"),
        ("{heard: {set: 1}}", "'heard' is a flag (true/false); its effect must be true or false"),
        ("{anger: calm}", "'anger' is a number; its effect must be a number to add (or {set: N})"),
    ],
)
def test_effect_of_wrong_type_is_dojo303(effect: str, message: str) -> None:
    """An effect whose value doesn't fit its target's type is DOJO303 at the value."""
    text = change("effects: {anger: +30}", f"effects: {effect}")
    found = only(text, "DOJO303")
    assert found.message == message
    assert found.line == line_of(text, f"effects: {effect}")


def test_effects_compile_to_operations(mini: Loaded) -> None:
    """Numbers add, flags and {set: N} set; each effect knows whether it moves a meter."""
    listen = mini.scenario.choices_by_key["hello/listen"]
    assert [(e.target, e.op, e.value, e.is_meter) for e in listen.effects] == [
        ("anger", "add", -10, True),
        ("heard", "set", True, False),
    ]
    text = change("effects: {anger: +30}", "effects: {anger: {set: 5}}")
    refuse = scenario_from(text).scenario.choices_by_key["hello/refuse"]
    assert [(e.target, e.op, e.value) for e in refuse.effects] == [("anger", "set", 5)]


# --------------------------------------------------------------------------- scoring


def test_unknown_tag_is_dojo402_with_a_hint() -> None:
    """A tag the rubric lacks is reported at that tag, suggesting the close one."""
    text = change("tags: [refusal.give-reason, refusal.offer-alternative]", "tags: [refusal.give-reason, refusal.offer-alternate]")
    found = only(text, "DOJO402")
    assert at(found) == (line_of(text, "offer-alternate"), col_of(text, "refusal.offer-alternate"))
    assert found.message == "tag 'refusal.offer-alternate' is not in the rubric 'default'; did you mean 'refusal.offer-alternative'?"


def test_reply_without_tags_is_a_dojo401_warning() -> None:
    """An untagged reply among several is a warning at its id."""
    text = change("        tags: [refusal.cave]\n", "")
    found = only(text, "DOJO401")
    assert not found.is_error
    assert at(found) == (line_of(text, "- id: cave"), 13)


def test_only_reply_without_tags_is_fine() -> None:
    """A node's only reply needs no tags: there is nothing to weigh."""
    text = change("endings:\n", "  more:\n    say: [More.]\n    choices: [{id: on, text: On., next: refunded}]\nendings:\n")
    text = change("        next: refunded\n", "        next: more\n", text)
    assert diagnostics(text) == []


def test_unknown_skill_is_dojo405() -> None:
    """A skill that is no rubric dimension is reported at that item."""
    text = change("skills: [listening, refusal]", "skills: [listening, patience]")
    found = only(text, "DOJO405")
    assert at(found) == (line_of(text, "skills:"), col_of(text, "patience"))
    assert found.message.startswith("skill 'patience' is not a rubric dimension (known: listening, empathy")


# --------------------------------------------------------------------------- the runtime scenario


def node(node_id: str, *targets: str) -> NodeSpec:
    """A bare node whose replies go to `targets`."""
    choices = tuple(
        ChoiceSpec(f"c{n}", f"{node_id}/c{n}", node_id, "Reply.", (), (), None, target, None)
        for n, target in enumerate(targets)
    )
    return NodeSpec(node_id, (), choices)


def test_loop_nodes_self_loop() -> None:
    """A node with a reply back to itself is on a loop; its neighbours are not."""
    nodes = {"a": node("a", "b"), "b": node("b", "b", "end"), "c": node("c", "end")}
    assert loop_nodes(nodes) == frozenset({"b"})


def test_loop_nodes_two_node_cycle() -> None:
    """Two nodes pointing at each other are both on a loop; the way in is not."""
    nodes = {"start": node("start", "x"), "x": node("x", "y"), "y": node("y", "x", "end")}
    assert loop_nodes(nodes) == frozenset({"x", "y"})


def test_loop_nodes_acyclic() -> None:
    """A graph without cycles (including a diamond) has no loop nodes."""
    nodes = {"a": node("a", "b", "c"), "b": node("b", "d"), "c": node("c", "d"), "d": node("d", "end")}
    assert loop_nodes(nodes) == frozenset()


def test_loop_nodes_long_chain_does_not_recurse() -> None:
    """A 5,000-node chain ending in a cycle back to its start is one big loop, without recursion."""
    count = 5000
    nodes = {f"n{i}": node(f"n{i}", f"n{(i + 1) % count}") for i in range(count)}
    assert len(loop_nodes(nodes)) == count


def test_mini_loop_nodes(mini: Loaded) -> None:
    """In MINI only 'ask' (whose 'again' reply returns to it) is on a loop."""
    assert mini.scenario.loop_nodes == frozenset({"ask"})


LINE_CONDITIONS = change(
    "        when: anger >= 60\n",
    '        when: anger >= 60 or visits("hello") > 3 or chose("hello/listen") or turn > 7\n',
)


def test_line_conditions_do_not_widen_the_state() -> None:
    """Counters and choices read only by line conditions leave visit_nodes, uses_* and the cap alone."""
    scenario = scenario_from(LINE_CONDITIONS).scenario
    assert scenario.visit_nodes == frozenset()
    assert (scenario.uses_chose, scenario.uses_turn, scenario.counter_cap) == (False, False, 0)


def test_reply_conditions_widen_the_state() -> None:
    """A reply condition reading visits(), chose() and turn sets visit_nodes, uses_* and the cap."""
    text = change("        when: heard\n", '        when: heard and visits("ask") > 2 and chose("hello/listen") and turn < 5\n')
    scenario = scenario_from(text).scenario
    assert scenario.visit_nodes == frozenset({"ask"})
    assert (scenario.uses_chose, scenario.uses_turn) == (True, True)
    assert scenario.counter_cap == 6  # the largest literal a counter is compared with, plus one


def test_counter_arithmetic_has_no_cap() -> None:
    """A reply condition doing arithmetic on a counter leaves counter_cap as None (unbounded)."""
    text = change("        when: heard\n", "        when: heard and turn + 1 > 3\n")
    assert scenario_from(text).scenario.counter_cap is None


def test_default_speaker_is_the_first_customer() -> None:
    """Lines without a speaker go to the first cast member whose role is customer."""
    text = change("  cus: {name: Customer}\n  boss: {name: Boss, role: staff}\n", "  boss: {name: Boss, role: staff}\n  cus: {name: Customer}\n")
    scenario = scenario_from(text).scenario
    assert scenario.nodes["hello"].lines[0].speaker == "cus"
    assert scenario.nodes["ask"].lines[1].speaker == "boss"


def test_default_speaker_without_a_customer_is_the_first_member() -> None:
    """With no customer in the cast, the first member speaks by default."""
    text = change("  cus: {name: Customer}\n", "  cus: {name: Customer, role: companion}\n")
    assert scenario_from(text).scenario.nodes["hello"].lines[0].speaker == "cus"
    text = change("  cus: {name: Customer}\n  boss: {name: Boss, role: staff}\n", "  boss: {name: Boss, role: staff}\n  cus: {name: Pal, role: companion}\n")
    assert scenario_from(text).scenario.nodes["hello"].lines[0].speaker == "boss"


def test_node_speaker_overrides_the_default() -> None:
    """A node's speaker applies to its lines unless a line names its own."""
    text = change("  ask:\n    say:", "  ask:\n    speaker: boss\n    say:")
    lines = scenario_from(text).scenario.nodes["ask"].lines
    assert [line.speaker for line in lines] == ["boss", "boss"]
    lines = scenario_from(MINI).scenario.nodes["ask"].lines
    assert [line.speaker for line in lines] == ["cus", "boss"]


def test_line_and_variant_ids(mini: Loaded) -> None:
    """Lines default to `node.N`; a pool's variants are `line.K`; a plain line's one variant is the line id."""
    ask = mini.scenario.nodes["ask"]
    assert [line.id for line in ask.lines] == ["ask.1", "ask.2"]
    assert ask.lines[0].variants == (("ask.1.1", "Well?"), ("ask.1.2", "So?"), ("ask.1.3", "And?"))
    assert ask.lines[1].variants == (("ask.2", "Everything all right here?"),)
    text = change('      - variants: ["Well?", "So?", "And?"]', '      - {id: prompt, variants: ["Well?", "So?"]}')
    lines = scenario_from(text).scenario.nodes["ask"].lines
    assert lines[0].id == "prompt"
    assert [v for v, _ in lines[0].variants] == ["prompt.1", "prompt.2"]
    assert lines[1].id == "ask.2"  # positions count every line, named or not


def test_reply_keys_and_order(mini: Loaded) -> None:
    """Each reply's key is `node/reply`, and choices_by_key holds every reply."""
    scenario = mini.scenario
    assert list(scenario.choices_by_key) == ["hello/listen", "hello/refuse", "ask/firm", "ask/again", "ask/cave"]
    firm = scenario.choices_by_key["ask/firm"]
    assert (firm.node, firm.next, str(firm.when)) == ("ask", "fixed", "heard")


def test_content_hash_is_order_free() -> None:
    """content_hash ignores key order but not values or list order."""
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})
    assert content_hash({"a": [1, 2]}) != content_hash({"a": [2, 1]})


@pytest.mark.parametrize("name", sorted(RESERVED_NAMES))
def test_reserved_word_as_a_variable_is_dojo103_at_its_key(name: str) -> None:
    """Each word of the condition language is refused as a variable name, on the line where it is written."""
    text = change("vars:\n  heard: false\n", f"vars:\n  heard: false\n  {name}: 0\n")
    found = only(text, "DOJO103")
    assert "is a word of the condition language" in found.message
    assert found.line == line_of(text, f"  {name}: 0")


def test_did_you_mean_hints_stop_after_the_budget() -> None:
    """Only the first MAX_HINTS broken references get a fuzzy hint, so thousands of them stay fast."""
    from game.scenario.compile import MAX_HINTS

    head = MINI[: MINI.index("start: hello")] + "start: n0\nnodes:\n"
    body = "".join(f"  n{i}: {{say: x, choices: [{{id: a, text: t, next: n{i}x}}, {{id: b, text: t, next: e}}]}}\n" for i in range(MAX_HINTS + 5))
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(head + body + "endings:\n  e: {outcome: resolved, title: E, text: T}\n")
    broken = [d for d in caught.value.diagnostics if d.code == "DOJO201"]
    assert len(broken) == MAX_HINTS + 5
    assert sum("did you mean" in d.message for d in broken) == MAX_HINTS


def test_condition_over_several_lines_gives_a_one_line_finding() -> None:
    """A folded or quoted condition with line breaks is quoted with the breaks escaped, keeping `file:line:col: CODE` on one line."""
    text = MINI.replace("      - id: firm\n        when: heard\n", '      - id: firm\n        when: "heard\\n and nope"\n')
    assert text != MINI
    with pytest.raises(DiagnosticError) as caught:
        scenario_from(text)
    found = caught.value.diagnostics[0]
    assert found.code == "DOJO302"
    assert "condition 'heard\\n and nope'" in found.message
    assert len(found.format().splitlines()) == 1


# --------------------------------------------------------------------------- in Chinese


def test_in_chinese_an_unknown_next_keeps_its_code_and_place() -> None:
    """Loaded in zh-Hans, DOJO201 is at the same line and column, worded by the catalog's translation of its template."""
    text = change("        next: refunded\n", "        next: refundd\n")
    english = only(text, "DOJO201")
    use_locale("zh-Hans")
    chinese = only(text, "DOJO201")
    assert at(chinese) == at(english)
    assert chinese.message != english.message
    template = translate("reply '{reply}' goes to '{target}', which is neither a node nor an ending; did you mean '{close}'?")
    assert chinese.message == template.format(reply="cave", target="refundd", close="refunded")


def test_in_chinese_every_compile_finding_keeps_codes_and_places() -> None:
    """Several findings at once: the same codes at the same places in both languages, each message translated."""
    text = change("        next: refunded\n", "        next: nowhere\n", change("start: hello\n", "start: helo\n"))
    english = diagnostics(text)
    use_locale("zh-Hans")
    chinese = diagnostics(text)
    assert [(d.code, d.line, d.col) for d in chinese] == [(d.code, d.line, d.col) for d in english]
    assert all(c.message != e.message for c, e in zip(chinese, english))
    assert translate("the start node '{node}' does not exist").format(node="helo") in [d.message for d in chinese]
