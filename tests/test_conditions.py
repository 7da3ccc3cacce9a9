"""Tests for the condition language in game.scenario.conditions."""

from __future__ import annotations

import dataclasses
import functools
import pickle
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.i18n import _ as translate, use_locale
from game.scenario.conditions import (
    MAX_DEPTH,
    MAX_SOURCE_LENGTH,
    Condition,
    ConditionError,
    parse_condition,
    parse_expression,
)

NAMES = {
    "anger": "int",
    "trust": "int",
    "offered_repair": "bool",
    "vip": "bool",
    "mood": "str",
    "tier": "str",
}
NODES = ["greeting", "refund", "manager"]
CHOICES = ["greeting/apologise", "greeting/deflect", "refund/offer"]


@dataclass
class FakeEnv:
    """A run's state held in plain dicts, as the conditions see it."""

    values: dict[str, bool | int | str] = field(default_factory=dict)
    visit_counts: dict[str, int] = field(default_factory=dict)
    chosen: set[str] = field(default_factory=set)
    turn: int = 0

    def value(self, name: str) -> bool | int | str:
        """The value of a meter or variable."""
        return self.values[name]

    def visits(self, node_id: str) -> int:
        """How often a node was entered."""
        return self.visit_counts.get(node_id, 0)

    def chose(self, choice_key: str) -> bool:
        """Whether a reply was chosen."""
        return choice_key in self.chosen


ENV = FakeEnv(
    values={"anger": 85, "trust": 3, "offered_repair": False, "vip": True, "mood": "calm", "tier": "gold"},
    visit_counts={"greeting": 2},
    chosen={"greeting/apologise"},
    turn=4,
)


def holds(source: str, env: FakeEnv = ENV) -> bool:
    """Parse `source` against NAMES and evaluate it in `env`."""
    return parse_condition(source, NAMES).evaluate(env)


def value_of(source: str, env: FakeEnv = ENV) -> bool | int | str:
    """Parse `source` as an expression of any type and evaluate it."""
    evaluate, _ = parse_expression(source, NAMES)
    return evaluate(env)


def error_of(source: str, **kwargs: object) -> ConditionError:
    """The ConditionError that parsing `source` raises."""
    with pytest.raises(ConditionError) as caught:
        parse_condition(source, NAMES, **kwargs)  # type: ignore[arg-type]
    return caught.value


# ---------------------------------------------------------------------------
# Evaluation: each operator, precedence, associativity
# ---------------------------------------------------------------------------


def test_the_example_from_the_brief() -> None:
    """The motivating example evaluates against a run's state."""
    assert holds("anger >= 80 and not offered_repair")
    assert not holds("anger >= 80 and not offered_repair", dataclasses.replace(ENV, values={**ENV.values, "anger": 79}))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("anger == 85", True),
        ("anger != 85", False),
        ("anger < 86", True),
        ("anger < 85", False),
        ("anger <= 85", True),
        ("anger > 84", True),
        ("anger > 85", False),
        ("anger >= 85", True),
        ("vip == true", True),
        ("vip != offered_repair", True),
        ("true and false", False),
        ("true and true", True),
        ("false or true", True),
        ("false or false", False),
        ("not false", True),
        ("not vip", False),
    ],
)
def test_each_operator(source: str, expected: bool) -> None:
    """Every comparison and logical operator gives the expected truth value."""
    assert holds(source) is expected


def test_arithmetic() -> None:
    """+, - and unary - do whole-number arithmetic on meters and literals."""
    assert value_of("anger + trust") == 88
    assert value_of("anger - trust") == 82
    assert value_of("-trust") == -3
    assert value_of("- -trust") == 3
    assert value_of("--3") == 3
    assert value_of("0 - 42") == -42
    assert value_of("007") == 7


def test_arithmetic_is_left_associative() -> None:
    """a - b - c is (a - b) - c, not a - (b - c)."""
    assert value_of("10 - 3 - 2") == 5
    assert value_of("anger - trust - 2") == 80
    assert value_of("anger - (trust - 2)") == 84


def test_unary_minus_binds_tighter_than_addition() -> None:
    """-1 + 2 is (-1) + 2."""
    assert value_of("-1 + 2") == 1
    assert value_of("-(1 + 2)") == -3


def test_arithmetic_binds_tighter_than_comparison() -> None:
    """1 + 2 > 2 + 0 compares the two sums."""
    assert holds("1 + 2 > 2 + 0")
    assert holds("anger - 80 == 5")


def test_comparison_binds_tighter_than_not() -> None:
    """not 1 > 2 is not (1 > 2)."""
    assert holds("not 1 > 2")
    assert holds("not anger == 1")


def test_not_binds_tighter_than_and() -> None:
    """not true and false is (not true) and false."""
    assert holds("not true and false") is False
    assert holds("not (true and false)") is True
    assert holds("not true or true") is True


def test_and_binds_tighter_than_or() -> None:
    """true or false and false is true or (false and false)."""
    assert holds("true or false and false") is True
    assert holds("(true or false) and false") is False
    assert holds("false and true or true") is True


def test_long_chains() -> None:
    """Chains of and/or/+ of any length evaluate correctly."""
    assert holds("vip and vip and vip and not offered_repair")
    assert not holds("vip and vip and offered_repair and vip")
    assert holds("offered_repair or offered_repair or offered_repair or vip")
    assert not holds("offered_repair or offered_repair or false or offered_repair")
    assert value_of("anger + trust - anger + trust + 1 - 2") == 5


def test_not_can_repeat() -> None:
    """not not x is x."""
    assert holds("not not vip")
    assert not holds("not not not vip")


def test_constant_parts_still_read_the_run() -> None:
    """Folding constants does not change the result when meters are mixed in."""
    calm = dataclasses.replace(ENV, values={**ENV.values, "vip": False})
    assert holds("true and vip") and not holds("true and vip", calm)
    assert holds("false or vip") and not holds("false or vip", calm)
    assert not holds("false and vip") and holds("true or vip", calm)
    assert value_of("1 + anger + 2 - 3") == 85


def test_whitespace_is_free() -> None:
    """Spaces, tabs and newlines may appear anywhere between tokens, or not at all."""
    assert holds("anger>=80 and(not offered_repair)")
    assert holds("\tanger >=\n 80\r\n")
    assert holds("(anger-trust)>=82")


def test_strings() -> None:
    """Double and single quoted text compares with == and != and supports the three escapes."""
    assert holds('mood == "calm"')
    assert holds("mood == 'calm'")
    assert holds("mood != 'angry'")
    assert holds("mood != tier")
    assert value_of(r"'it\'s'") == "it's"
    assert value_of(r'"say \"hi\""') == 'say "hi"'
    assert value_of(r"'a\\b'") == "a\\b"
    assert value_of("'say \"hi\"'") == 'say "hi"'
    assert value_of("''") == ""
    assert holds("'é €' == 'é €'")


def test_turn_visits_and_chose() -> None:
    """turn, visits() and chose() read the env."""
    assert holds("turn == 4")
    assert holds("turn > 3 and turn - 1 == 3")
    assert holds('visits("greeting") == 2')
    assert holds("visits('refund') == 0")
    assert holds('chose("greeting/apologise")')
    assert not holds("chose('greeting/deflect')")
    assert holds("not chose('refund/offer') and visits('greeting') > 1")


def test_results_are_real_bools() -> None:
    """evaluate returns True/False, not some other truthy value."""
    for source in ["vip and anger > 1", "vip or offered_repair", "not vip", "anger > 1", "true", "vip"]:
        assert type(holds(source)) is bool


# ---------------------------------------------------------------------------
# The Condition object and parse_expression
# ---------------------------------------------------------------------------


def test_condition_records_what_it_refers_to() -> None:
    """names, nodes and choices list the references, without 'turn'."""
    condition = parse_condition(
        "anger > turn and visits('greeting') > 0 or chose('refund/offer') and vip and anger > 1", NAMES
    )
    assert condition.names == frozenset({"anger", "vip"})
    assert condition.nodes == frozenset({"greeting"})
    assert condition.choices == frozenset({"refund/offer"})


def test_references_in_folded_parts_are_still_recorded() -> None:
    """A name in a branch that can never run still counts as referenced."""
    condition = parse_condition("false and anger > 1 and visits('manager') > 0", NAMES)
    assert condition.names == frozenset({"anger"})
    assert condition.nodes == frozenset({"manager"})


def test_condition_is_a_frozen_value() -> None:
    """Condition prints as its source, is immutable and compares by content."""
    condition = parse_condition("vip", NAMES)
    assert str(condition) == "vip"
    assert condition.source == "vip"
    assert isinstance(condition, Condition)
    with pytest.raises(dataclasses.FrozenInstanceError):
        condition.source = "true"  # type: ignore[misc]
    assert condition == parse_condition("vip", NAMES)
    assert hash(condition) == hash(parse_condition("vip", NAMES))


def test_parse_expression_returns_type() -> None:
    """parse_expression accepts any type at the top and reports it."""
    assert parse_expression("anger - 10", NAMES)[1] == "int"
    assert parse_expression("mood", NAMES)[1] == "str"
    assert parse_expression("vip", NAMES)[1] == "bool"
    evaluate, kind = parse_expression("anger", NAMES)
    assert (evaluate(ENV), kind) == (85, "int")


def test_parse_expression_still_checks() -> None:
    """parse_expression rejects unknown names and type errors like parse_condition."""
    with pytest.raises(ConditionError) as caught:
        parse_expression("price - 10", NAMES)
    assert caught.value.kind == "unknown-name"
    with pytest.raises(ConditionError) as caught:
        parse_expression("mood - 10", NAMES)
    assert caught.value.kind == "type"


def test_condition_error_shape() -> None:
    """ConditionError carries message, offset and kind, prints its message and pickles."""
    error = ConditionError("use '==' to compare", 6, "syntax")
    assert (error.message, error.offset, error.kind) == ("use '==' to compare", 6, "syntax")
    assert str(error) == "use '==' to compare"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.offset, copy.kind) == (error.message, error.offset, error.kind)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "offset"),
    [
        ("anger >= ", 9),
        ("anger >=", 8),
        ("", 0),
        ("   ", 0),
        ("anger >= 80 and", 15),
        ("(vip", 4),
        ("vip)", 3),
        ("()", 1),
        ("1 < 2 < 3", 6),
        ("anger == 1 == vip", 11),
        ("vip vip", 4),
        ("anger > 1 trust > 1", 10),
        ("+1 > 0", 0),
        ("anger * 2 > 0", 6),
        ("anger / 2 > 0", 6),
        ("anger > 1.5", 8),
        ("anger > 80and vip", 8),
        ("mood == 'calm", 8),
        ('mood == "calm\\"', 8),
        ("mood == 'ca\\lm'", 11),
        ("anger @ 1", 6),
        ("vip == not vip", 7),
        ("max(anger) > 1", 0),
        ("anger(1) > 1", 0),
        ("visits > 1", 7),
        ("visits(greeting) > 1", 7),
        ("visits() > 1", 7),
        ("visits('a', 'b') > 1", 10),
        ("visits('a' > 1", 11),
        ("chose", 5),
        ("vip and", 7),
        ("not", 3),
        ("vip, vip", 3),
        ("vip ==", 6),
        ("turn(1) > 0", 4),
        ("vip AND vip", 4),
        ("True", 0),
        ("NOT vip", 0),
        ("Visits('a') > 1", 0),
    ],
)
def test_syntax_errors_point_at_the_problem(source: str, offset: int) -> None:
    """Malformed conditions raise a syntax ConditionError at the right offset."""
    error = error_of(source)
    assert (error.kind, error.offset) == ("syntax", offset), error.message


def test_error_at_the_end_of_the_source() -> None:
    """A condition that stops early is reported at len(source)."""
    error = error_of("anger >= ")
    assert error.offset == len("anger >= ")
    assert "ends" in error.message


@pytest.mark.parametrize(
    ("source", "offset", "message"),
    [
        ("anger = 80", 6, "use '==' to compare"),
        ("vip && anger > 1", 4, "use 'and' instead of '&&'"),
        ("vip || anger > 1", 4, "use 'or' instead of '||'"),
        ("!vip", 0, "use 'not' instead of '!'"),
        ("vip & vip", 4, "use 'and' instead of '&'"),
        ("anger => 80", 6, "use '>=' for 'at least'"),
        ("anger =< 80", 6, "use '<=' for 'at most'"),
        ("anger <> 80", 6, "use '!=' for 'not equal'"),
        ("vip AND vip", 4, "write 'and' in lower case"),
        ("vip == True", 7, "write 'true' in lower case"),
    ],
)
def test_friendly_messages(source: str, offset: int, message: str) -> None:
    """Slips from other languages get a message that names the fix."""
    error = error_of(source)
    assert (error.kind, error.offset, error.message) == ("syntax", offset, message)


def test_not_equal_is_not_mistaken_for_bang() -> None:
    """!= is an operator, not a misplaced '!'."""
    assert holds("anger != 1")


def test_unknown_name() -> None:
    """An undeclared name is an unknown-name error at its offset, listing the known names."""
    with pytest.raises(ConditionError) as caught:
        parse_condition("angr > 1", {"anger": "int", "trust": "int"})
    error = caught.value
    assert (error.kind, error.offset) == ("unknown-name", 0)
    assert error.message == "unknown meter or variable 'angr' (known: anger, trust)"
    assert error_of("vip and anger > 1 and trsut > 1").offset == 22


def test_unknown_name_with_many_names_suggests_close_ones() -> None:
    """With many declared names the message suggests the closest instead of listing all."""
    names = {f"meter_{i}": "int" for i in range(50)} | {"patience": "int"}
    with pytest.raises(ConditionError) as caught:
        parse_condition("patiense > 1", names)  # type: ignore[arg-type]
    assert "patience" in caught.value.message
    assert "meter_7" not in caught.value.message


def test_unknown_name_with_no_names() -> None:
    """With nothing declared the message says so."""
    with pytest.raises(ConditionError) as caught:
        parse_condition("anger > 1", {})
    assert caught.value.kind == "unknown-name"
    assert "none" in caught.value.message


def test_unknown_nodes_and_choices() -> None:
    """When the loader supplies nodes/choices, unknown ids are unknown-name errors at the quoted id."""
    error = error_of("visits('greting') > 0", nodes=NODES, choices=CHOICES)
    assert (error.kind, error.offset) == ("unknown-name", 7)
    assert "greting" in error.message and "greeting" in error.message
    error = error_of("vip and chose('refund/ofer')", nodes=NODES, choices=CHOICES)
    assert (error.kind, error.offset) == ("unknown-name", 14)
    error = error_of("chose('refund')", choices=CHOICES)
    assert "node-id/reply-id" in error.message
    assert parse_condition("visits('refund') > 0 and chose('refund/offer')", NAMES, NODES, CHOICES).nodes == {"refund"}


def test_ids_are_unchecked_without_lists() -> None:
    """Without nodes/choices lists any id is accepted (the loader checks later)."""
    condition = parse_condition("visits('anything') > 0 or chose('x')", NAMES)
    assert condition.nodes == {"anything"} and condition.choices == {"x"}


@pytest.mark.parametrize(
    ("source", "offset"),
    [
        ("anger", 0),
        ("anger + 1", 0),
        ("mood", 0),
        ("  (anger)", 2),
        ("vip + 1 > 0", 0),
        ("1 + vip > 0", 4),
        ("-vip", 1),
        ("mood < 3", 0),
        ("3 < mood", 4),
        ("anger == 'x'", 9),
        ("vip != 1", 7),
        ("anger and vip", 0),
        ("vip and anger", 8),
        ("vip or mood", 7),
        ("not anger", 4),
        ("true + (1 +)", 0),
        ("(1 < 2) < 3", 0),
        ("visits('a') and vip", 0),
        ("chose('a/b') > 0", 0),
        ("turn", 0),
    ],
)
def test_type_errors_point_at_the_operand(source: str, offset: int) -> None:
    """Wrongly typed operands raise a type ConditionError at the operand."""
    error = error_of(source)
    assert (error.kind, error.offset) == ("type", offset), error.message


def test_bare_meter_suggests_a_comparison() -> None:
    """A number where a condition is needed suggests '> 0'."""
    assert error_of("anger").message == "a condition must be true or false; did you mean 'anger > 0'?"
    assert "did you mean 'anger > 0'?" in error_of("anger and vip").message
    assert "mood ==" in error_of("mood").message


def test_first_error_wins() -> None:
    """Of several problems, the first one met reading left to right is reported."""
    assert error_of("angr > 1 +").kind == "unknown-name"
    assert error_of("angr = 1").kind == "unknown-name"
    assert (error_of("anger = 1 and nope").offset, error_of("anger = 1 and nope").kind) == (6, "syntax")
    assert error_of("(1 + ) and angr").offset == 5
    assert error_of("vip and mood + 1 > 0 and nope").offset == 8


# ---------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------


def test_source_length_limit() -> None:
    """A 600-character condition is a syntax error; 500 characters are fine."""
    error = error_of("vip and " * 74 + "vip")  # 595 characters
    assert (error.kind, error.offset) == ("syntax", MAX_SOURCE_LENGTH)
    longest = "vip" + " " * (MAX_SOURCE_LENGTH - 3)
    assert holds(longest)


def test_deep_parentheses_are_a_syntax_error() -> None:
    """100 nested parentheses raise ConditionError, not RecursionError."""
    error = error_of("(" * 100 + "vip" + ")" * 100)
    assert (error.kind, error.offset) == ("syntax", MAX_DEPTH)


def test_depth_limit_is_exact() -> None:
    """32 levels of nesting parse; 33 do not."""
    assert holds("(" * MAX_DEPTH + "vip" + ")" * MAX_DEPTH)
    assert error_of("(" * (MAX_DEPTH + 1) + "vip" + ")" * (MAX_DEPTH + 1)).kind == "syntax"


def test_prefix_operators_count_towards_depth() -> None:
    """Long runs of 'not' or '-' hit the depth limit instead of the recursion limit."""
    assert error_of("not " * 100 + "vip").kind == "syntax"
    assert error_of("-" * 300 + "1 > 0").kind == "syntax"
    assert holds("not " * MAX_DEPTH + "vip")


def test_long_flat_chains_are_fine() -> None:
    """A 500-character chain of + or and parses and evaluates without deep recursion."""
    assert value_of("+".join(["1"] * 250)) == 250
    assert holds(" and ".join(["vip"] * 60))
    assert value_of("-".join(["anger"] * 80)) == 85 - 79 * 85


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

# A tree is a tuple: (kind, ...). Each kind has a binding strength used to decide
# where the rendered text needs brackets, so precedence is exercised as well.
_STRENGTH = {"or": 1, "and": 2, "not": 3, "cmp": 4, "sum": 5, "neg": 6}
INT_NAMES = ["anger", "trust"]
BOOL_NAMES = ["offered_repair", "vip"]
STR_NAMES = ["mood", "tier"]
TEXT = st.text(alphabet="ab '\"\\é", max_size=4)


def _leaves(kind: str) -> st.SearchStrategy[tuple]:
    """Trees without operators, of the given type."""
    if kind == "int":
        return st.one_of(
            st.integers(0, 1000).map(lambda n: ("lit", n)),
            st.sampled_from(INT_NAMES).map(lambda n: ("var", n)),
            st.just(("turn",)),
            st.sampled_from(NODES).map(lambda n: ("visits", n)),
        )
    if kind == "bool":
        return st.one_of(
            st.booleans().map(lambda b: ("lit", b)),
            st.sampled_from(BOOL_NAMES).map(lambda n: ("var", n)),
            st.sampled_from(CHOICES).map(lambda c: ("chose", c)),
        )
    return st.one_of(TEXT.map(lambda s: ("lit", s)), st.sampled_from(STR_NAMES).map(lambda n: ("var", n)))


@functools.cache  # strategies are immutable; building them once keeps draws fast
def _trees(kind: str, depth: int) -> st.SearchStrategy[tuple]:
    """Well-typed trees of the given type, at most `depth` operators deep."""
    if depth == 0 or kind == "str":
        return _leaves(kind)
    ints, bools = _trees("int", depth - 1), _trees("bool", depth - 1)
    if kind == "int":
        return st.one_of(
            _leaves("int"),
            st.tuples(st.just("sum"), st.sampled_from("+-"), ints, ints),
            st.tuples(st.just("neg"), ints),
        )
    # Both sides of == / != must have the same type, so draw the type first.
    equal = st.sampled_from(["int", "bool", "str"]).flatmap(
        lambda k: st.tuples(st.just("cmp"), st.sampled_from(["==", "!="]), _trees(k, depth - 1), _trees(k, depth - 1))
    )
    return st.one_of(
        _leaves("bool"),
        st.tuples(st.just("cmp"), st.sampled_from(["<", "<=", ">", ">="]), ints, ints),
        equal,
        st.tuples(st.sampled_from(["and", "or"]), bools, bools),
        st.tuples(st.just("not"), bools),
    )


def _quote(text: str, quote: str) -> str:
    """`text` as a literal in the given quotes."""
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def _render(tree: tuple, quote: str = '"') -> str:
    """Text for `tree`, with brackets only where precedence needs them."""

    def at_least(child: tuple, strength: int) -> str:
        text = _render(child, "'" if quote == '"' else '"')
        return f"({text})" if _STRENGTH.get(child[0], 7) < strength else text

    kind = tree[0]
    if kind == "lit":
        value = tree[1]
        if isinstance(value, bool):
            return "true" if value else "false"
        return _quote(value, quote) if isinstance(value, str) else str(value)
    if kind == "var":
        return tree[1]
    if kind == "turn":
        return "turn"
    if kind in ("visits", "chose"):
        return f"{kind}({_quote(tree[1], quote)})"
    if kind == "neg":
        return "-" + at_least(tree[1], 6)
    if kind == "not":
        return "not " + at_least(tree[1], 3)
    if kind == "sum":  # left-associative: the right operand must bind tighter
        return f"{at_least(tree[2], 5)} {tree[1]} {at_least(tree[3], 6)}"
    if kind == "cmp":  # non-associative: both operands must bind tighter
        return f"{at_least(tree[2], 5)} {tree[1]} {at_least(tree[3], 5)}"
    strength = _STRENGTH[kind]  # and / or, left-associative
    return f"{at_least(tree[1], strength)} {kind} {at_least(tree[2], strength + 1)}"


def _reference(tree: tuple, env: FakeEnv) -> bool | int | str:
    """Evaluate `tree` directly, independently of the module under test."""
    kind = tree[0]
    if kind == "lit":
        return tree[1]
    if kind == "var":
        return env.values[tree[1]]
    if kind == "turn":
        return env.turn
    if kind == "visits":
        return env.visit_counts.get(tree[1], 0)
    if kind == "chose":
        return tree[1] in env.chosen
    if kind == "neg":
        return -_reference(tree[1], env)  # type: ignore[operator]
    if kind == "not":
        return not _reference(tree[1], env)
    if kind == "and":
        return bool(_reference(tree[1], env)) and bool(_reference(tree[2], env))
    if kind == "or":
        return bool(_reference(tree[1], env)) or bool(_reference(tree[2], env))
    left, right = _reference(tree[2], env), _reference(tree[3], env)
    operations = {
        "+": lambda: left + right,
        "-": lambda: left - right,
        "==": lambda: left == right,
        "!=": lambda: left != right,
        "<": lambda: left < right,
        "<=": lambda: left <= right,
        ">": lambda: left > right,
        ">=": lambda: left >= right,
    }
    return operations[tree[1]]()


ENVS = st.builds(
    FakeEnv,
    values=st.fixed_dictionaries(
        {
            "anger": st.integers(-100, 100),
            "trust": st.integers(-100, 100),
            "offered_repair": st.booleans(),
            "vip": st.booleans(),
            "mood": TEXT,
            "tier": TEXT,
        }
    ),
    visit_counts=st.dictionaries(st.sampled_from(NODES), st.integers(0, 5)),
    chosen=st.sets(st.sampled_from(CHOICES)),
    turn=st.integers(0, 30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_trees("bool", 4), env=ENVS)
def test_rendered_trees_evaluate_like_the_reference(tree: tuple, env: FakeEnv) -> None:
    """Random well-typed trees, rendered to text, parse and evaluate like a direct evaluation of the tree."""
    source = _render(tree)
    condition = parse_condition(source, NAMES, NODES, CHOICES)
    assert condition.evaluate(env) == _reference(tree, env), source


@settings(max_examples=100, deadline=None)
@given(tree=_trees("int", 3), env=ENVS)
def test_rendered_int_trees_evaluate_like_the_reference(tree: tuple, env: FakeEnv) -> None:
    """Random number-valued trees give the same number through parse_expression."""
    evaluate, kind = parse_expression(_render(tree), NAMES)
    assert kind == "int"
    assert evaluate(env) == _reference(tree, env)


@settings(max_examples=200, deadline=None)
@given(source=st.text())
def test_arbitrary_text_only_raises_condition_error(source: str) -> None:
    """Any text either parses to a Condition or raises ConditionError with a sane offset."""
    try:
        condition = parse_condition(source, NAMES, NODES, CHOICES)
    except ConditionError as error:
        assert error.kind in ("syntax", "unknown-name", "type")
        assert 0 <= error.offset <= len(source)
    else:
        assert isinstance(condition.evaluate(ENV), bool)


TOKENS = [
    "anger", "vip", "mood", "turn", "nope", "and", "or", "not", "true", "false", "(", ")", "==", "!=", "<",
    "<=", ">", ">=", "+", "-", "=", "&&", "!", "1", "42", "'calm'", '"x', "visits(", "chose(", "'greeting'",
    "'greeting/apologise'", ",", "1.5", "\\",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(TOKENS), max_size=12), glue=st.sampled_from([" ", ""]))
def test_token_soup_never_crashes(parts: list[str], glue: str) -> None:
    """Random sequences of language tokens raise only ConditionError, and what parses evaluates without error."""
    source = glue.join(parts)
    try:
        condition = parse_condition(source, NAMES, NODES, CHOICES)
    except ConditionError as error:
        assert 0 <= error.offset <= len(source)
    else:
        assert isinstance(condition.evaluate(ENV), bool)


def test_hints_off_skips_the_fuzzy_match() -> None:
    """With hints=False an unknown node among many is counted, not fuzzy-matched (the loader's budget ran out)."""
    nodes = [f"node-{i}" for i in range(50)]
    with pytest.raises(ConditionError) as with_hints:
        parse_condition('visits("node-1x") > 0', NAMES, nodes, CHOICES)
    with pytest.raises(ConditionError) as without:
        parse_condition('visits("node-1x") > 0', NAMES, nodes, CHOICES, hints=False)
    assert "did you mean" in with_hints.value.message
    assert "did you mean" not in without.value.message
    assert "(50 are declared)" in without.value.message


def test_in_chinese_a_condition_error_keeps_its_kind_and_offset() -> None:
    """A slip from another language is reported at the same offset and kind in zh-Hans, in the catalog's words."""
    english = error_of("anger = 10")
    use_locale("zh-Hans")
    chinese = error_of("anger = 10")
    assert (chinese.offset, chinese.kind) == (english.offset, english.kind)
    assert chinese.message == translate("use '==' to compare") != english.message


def test_in_chinese_an_unknown_name_lists_the_known_ones() -> None:
    """The unknown-name message and its list of names are both the translated templates."""
    use_locale("zh-Hans")
    found = error_of("patience > 1", hints=True)
    known = translate("(known: {names})").format(names=", ".join(sorted(NAMES)))
    assert found.message == translate("unknown meter or variable '{name}' {known}").format(name="patience", known=known)
