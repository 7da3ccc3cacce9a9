"""Fuzz the condition language: grammar-built and mangled conditions parse or fail cleanly.

Conditions are built from the grammar with a mix of right and wrong types, then some
are mangled (tokens dropped, repeated or swapped, odd spacing, capitals, unicode). The
property: `parse_condition` gives a Condition or a ConditionError whose kind is known
and whose offset lies in the text; a Condition evaluates to a bool in any state of the
declared types, and capping the counters at its `counter_bound` (as the analysis does)
never changes its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.scenario import conditions
from game.scenario.conditions import MAX_DEPTH, MAX_SOURCE_LENGTH, ConditionError, parse_condition, parse_expression
from tests.fuzz.harness import fuzz_settings, saving, time_bound

pytestmark = pytest.mark.fuzz

NAMES = {"anger": "int", "trust": "int", "vip": "bool", "heard": "bool", "mood": "str", "tier": "str"}
NODES = ["greeting", "ask", "n0", "a-b"]
CHOICES = ["greeting/apologise", "ask/firm", "n0/r0"]
WORDS = {"int": ["anger", "trust"], "bool": ["vip", "heard"], "str": ["mood", "tier"]}


@dataclass
class Env:
    """A run's state as conditions read it."""

    values: dict[str, object]
    visit_counts: dict[str, int] = field(default_factory=dict)
    chosen: set[str] = field(default_factory=set)
    turn: int = 0

    def value(self, name: str) -> object:
        """A declared name's value."""
        return self.values[name]

    def visits(self, node_id: str) -> int:
        """A node's visit count."""
        return self.visit_counts.get(node_id, 0)

    def chose(self, key: str) -> bool:
        """Whether a reply was chosen."""
        return key in self.chosen


TEXTS = st.sampled_from(["", "calm", "angry", "x y", "é", "'", '"', "\\"])
ENVS = st.builds(
    Env,
    values=st.fixed_dictionaries(
        {
            "anger": st.integers(-(10**6), 10**6),
            "trust": st.integers(-100, 100),
            "vip": st.booleans(),
            "heard": st.booleans(),
            "mood": TEXTS,
            "tier": TEXTS,
        }
    ),
    visit_counts=st.dictionaries(st.sampled_from([*NODES, "other"]), st.integers(0, 200)),
    chosen=st.sets(st.sampled_from([*CHOICES, "x/y"])),
    turn=st.integers(0, 600),
)


def _quote(text: str) -> str:
    quote = '"' if "'" in text else "'"
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def _leaf(kind: str) -> st.SearchStrategy[str]:
    """A value of one kind, right or (sometimes) wrong."""
    if kind == "int":
        return st.one_of(
            st.sampled_from(WORDS["int"] + ["turn"]),
            st.integers(0, 10**6).map(str),
            st.sampled_from(NODES + ["nowhere"]).map(lambda n: f'visits("{n}")'),
            st.sampled_from(["0", "00", "1" * 40, "9" * 200]),
        )
    if kind == "bool":
        return st.one_of(
            st.sampled_from(WORDS["bool"] + ["true", "false"]),
            st.sampled_from(CHOICES + ["nope/x", "ask"]).map(lambda c: f"chose({_quote(c)})"),
        )
    return st.one_of(st.sampled_from(WORDS["str"]), TEXTS.map(_quote))


def _grow(children: st.SearchStrategy[tuple[str, str]]) -> st.SearchStrategy[tuple[str, str]]:
    """One more level of the grammar over smaller expressions (text, kind)."""
    binary = st.tuples(children, st.sampled_from(["and", "or"]), children).map(lambda t: (f"{t[0][0]} {t[1]} {t[2][0]}", "bool"))
    compare = st.tuples(children, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), children).map(
        lambda t: (f"{t[0][0]} {t[1]} {t[2][0]}", "bool")
    )
    arith = st.tuples(children, st.sampled_from(["+", "-"]), children).map(lambda t: (f"{t[0][0]} {t[1]} {t[2][0]}", "int"))
    negate = children.map(lambda c: (f"not {c[0]}", "bool"))
    minus = children.map(lambda c: (f"-{c[0]}", "int"))
    group = children.map(lambda c: (f"({c[0]})", c[1]))
    return st.one_of(binary, compare, arith, negate, minus, group)


LEAVES = st.sampled_from(["int", "bool", "str"]).flatmap(lambda kind: _leaf(kind).map(lambda text: (text, kind)))
GRAMMAR = st.recursive(LEAVES, _grow, max_leaves=24).map(lambda pair: pair[0])

NOISE = [
    " ", "  ", "\t", "\n", "\u00a0", "(", ")", "((", "))", "and", "or", "not", "AND", "True", "=", "==", "=>", "&&",
    "||", "!", "*", "/", "1.5", "1e3", "'", '"', "\\", "visits", "chose", "visits(", ",", "'x'", "turn", "é", "\x00",
    "\u202e", "-", "--", "+", "<<", "VISITS", "Anger", "_", "__", "9" * 600,
]  # fmt: skip


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """A grammar-built condition with a few tokens dropped, repeated, swapped or inserted."""
    tokens = draw(GRAMMAR).split(" ")
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["drop", "repeat", "swap", "insert", "glue"]))
        at = draw(st.integers(0, len(tokens) - 1))
        if action == "drop" and len(tokens) > 1:
            del tokens[at]
        elif action == "repeat":
            tokens.insert(at, tokens[at])
        elif action == "swap":
            other = draw(st.integers(0, len(tokens) - 1))
            tokens[at], tokens[other] = tokens[other], tokens[at]
        elif action == "insert":
            tokens.insert(at, draw(st.sampled_from(NOISE)))
        else:
            tokens[at] = tokens[at] + draw(st.sampled_from(NOISE))
    return " ".join(tokens)


def nested(depth: int, word: str) -> str:
    """`depth` levels of one nesting construct around a value."""
    if word == "(":
        return "(" * depth + "vip" + ")" * depth
    if word == "not":
        return "not " * depth + "vip"
    return "-" * depth + "anger > 0"


def check_condition(source: str, envs: list[Env]) -> None:
    """The condition property (see the module docstring)."""
    with saving("conditions", source.encode("utf-8", "surrogatepass"), ".txt"), time_bound():
        try:
            condition = parse_condition(source, NAMES, NODES, CHOICES)
        except ConditionError as error:
            assert error.kind in ("syntax", "unknown-name", "type"), error.kind
            assert 0 <= error.offset <= len(source), (error.offset, source)
            assert isinstance(error.message, str) and error.message.strip()
            assert str(error) == error.message
            return
        assert str(condition) == source
        assert condition.names <= set(NAMES) and condition.nodes <= set(NODES) and condition.choices <= set(CHOICES)
        bound = condition.counter_bound
        assert bound is None or bound >= 0
        for env in envs:
            value = condition.evaluate(env)
            assert type(value) is bool, (source, value)
            if bound is not None:
                capped = Env(env.values, {n: min(c, bound) for n, c in env.visit_counts.items()}, env.chosen, min(env.turn, bound))
                assert condition.evaluate(capped) == value, (source, bound, env)
        try:
            evaluate, kind = parse_expression(source, NAMES)
        except ConditionError:
            return
        assert kind == "bool"
        for env in envs:
            assert evaluate(env) == condition.evaluate(env)


@fuzz_settings(200)
@given(source=GRAMMAR, envs=st.lists(ENVS, min_size=1, max_size=4))
def test_grammar_conditions_parse_or_fail_cleanly(source: str, envs: list[Env]) -> None:
    """Grammar-built conditions (right and wrong types) parse and evaluate to bools, or raise ConditionError."""
    check_condition(source, envs)


@fuzz_settings(200)
@given(source=mangled(), envs=st.lists(ENVS, min_size=1, max_size=3))
def test_mangled_conditions_parse_or_fail_cleanly(source: str, envs: list[Env]) -> None:
    """Conditions with tokens dropped, repeated, swapped or inserted only ever raise ConditionError."""
    check_condition(source, envs)


@fuzz_settings(200)
@given(source=st.text(max_size=80), envs=st.lists(ENVS, min_size=1, max_size=2))
def test_any_text_parses_or_fails_cleanly(source: str, envs: list[Env]) -> None:
    """Any text at all parses to a bool-valued Condition or raises ConditionError with a sane offset."""
    check_condition(source, envs)


@dataclass
class ParseWork:
    """What parse_condition did: the length of every source it tokenized, the deepest level it entered."""

    tokenized: list[int] = field(default_factory=list)
    deepest: int = 0


@pytest.fixture
def parse_work(monkeypatch: pytest.MonkeyPatch) -> ParseWork:
    """Watch the tokenizer and the parser's nesting while the test parses conditions."""
    work = ParseWork()
    tokenize, enter = conditions._tokenize, conditions._Parser.enter

    def counting_tokenize(source: str) -> list[object]:
        work.tokenized.append(len(source))
        return tokenize(source)

    def counting_enter(self: object, token: object) -> None:
        work.deepest = max(work.deepest, self.depth + 1)  # type: ignore[attr-defined]
        enter(self, token)  # type: ignore[arg-type]

    monkeypatch.setattr(conditions, "_tokenize", counting_tokenize)
    monkeypatch.setattr(conditions._Parser, "enter", counting_enter)
    return work


@pytest.mark.parametrize("word", ["(", "not", "-"])
@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 1_000, 100_000])
def test_deep_nesting_is_refused_at_the_limit(word: str, depth: int, parse_work: ParseWork) -> None:
    """Nesting up to MAX_DEPTH parses; deeper is a syntax error (never a RecursionError), found without going past MAX_DEPTH + 1 levels."""
    source = nested(depth, word)
    with time_bound():
        try:
            parse_condition(source, NAMES, NODES, CHOICES)
        except ConditionError as error:
            assert error.kind == "syntax"
            assert depth > MAX_DEPTH or len(source) > MAX_SOURCE_LENGTH, error.message
        else:
            assert depth <= MAX_DEPTH
    assert parse_work.deepest <= MAX_DEPTH + 1, f"the parser went {parse_work.deepest} levels deep"
    assert all(length <= MAX_SOURCE_LENGTH for length in parse_work.tokenized), "an over-long condition was tokenized"


@pytest.mark.parametrize(
    "source",
    [
        "vip " + "and vip " * 250,
        "anger" + " + anger" * 250 + " > 0",
        "1" * MAX_SOURCE_LENGTH,
        "'" + "x" * 10_000 + "'",
        "anger > " + "9" * 100_000,
        "\\" * 100_000,
        "vip and " * 100_000 + "vip",
    ],
)
def test_long_conditions_are_refused_before_tokenizing(source: str, parse_work: ParseWork) -> None:
    """Long conditions are checked against MAX_SOURCE_LENGTH first: one over it is refused without being tokenized."""
    with time_bound():
        try:
            parse_condition(source, NAMES, NODES, CHOICES)
        except ConditionError as error:
            assert 0 <= error.offset <= len(source)
        else:
            assert len(source) <= MAX_SOURCE_LENGTH
    expected = [len(source)] if len(source) <= MAX_SOURCE_LENGTH else []
    assert parse_work.tokenized == expected, f"tokenized sources of {parse_work.tokenized} characters (the limit is {MAX_SOURCE_LENGTH})"


# States the corpus replay evaluates saved conditions in: counters low, at and past caps.
ENV_SAMPLES = [
    Env({"anger": 0, "trust": 0, "vip": False, "heard": False, "mood": "", "tier": ""}),
    Env({"anger": 50, "trust": -3, "vip": True, "heard": False, "mood": "calm", "tier": "x y"}, {"ask": 2, "greeting": 1}, {"ask/firm"}, 3),
    Env({"anger": -7, "trust": 99, "vip": True, "heard": True, "mood": "'", "tier": "calm"}, {n: 150 for n in NODES}, set(CHOICES), 500),
]
