"""The condition language: small, safe expressions that scenario authors write in YAML.

A reply or a node can carry a condition such as::

    when: anger >= 80 and not offered_repair

The text is parsed and type-checked once, when the scenario loads, and compiled into
a tree of small Python closures. Nothing is ever passed to `eval`, and a condition
can only read the run's state; it cannot change it.

Values
------
There are three kinds of value: true/false (``bool``), whole numbers (``int``) and
text (``str``).

* Numbers: ``0``, ``42``. Whole numbers only; write ``-5`` for a negative one.
* Truth values: ``true`` and ``false`` (lower case).
* Text: ``"calm"`` or ``'calm'``. Inside text, ``\\"``, ``\\'`` and ``\\\\`` stand for
  a quote and a backslash; no other backslash escapes exist.
* Names: the meters and variables the scenario declares, spelled
  ``[A-Za-z_][A-Za-z0-9_]*``. Each has the type the scenario gives it.
* ``turn``: how many replies the player has made so far (a number).
* ``visits("node-id")``: how many times that node has been entered (a number).
* ``chose("node-id/reply-id")``: whether that reply was ever chosen in this run
  (true/false).

The argument of ``visits`` and ``chose`` must be text in quotes. These words are
reserved and cannot name a meter or variable:
``and or not true false turn visits chose``.

Operators
---------
From the loosest to the tightest binding:

=========================  =====================================================
``a or b``                 true if either side is true (both sides true/false)
``a and b``                true if both sides are true (both sides true/false)
``not a``                  the opposite of a true/false value
``== != < <= > >=``        compare; ``==`` and ``!=`` need two values of the same
                           kind, the others need numbers. Comparisons cannot be
                           chained: write ``1 < x and x < 5``, not ``1 < x < 5``.
``a + b``, ``a - b``       add and subtract numbers, left to right
``-a``                     a negative number
``( ... )``                group
=========================  =====================================================

So ``not anger > 5 or vip`` means ``(not (anger > 5)) or vip``, and
``10 - 3 - 2`` is ``5``.

Checks and errors
-----------------
Every problem is reported as a `ConditionError` with a kind and the 0-based offset
of the character where the problem is:

* ``syntax``: the text does not follow the grammar. Common slips get a pointed
  message: a single ``=`` ("use '==' to compare"), ``&&``, ``||`` and ``!``
  ("use 'and'", "use 'or'", "use 'not'"), decimals, upper-case keywords.
* ``unknown-name``: a name that the scenario does not declare, or (when the loader
  supplies the lists) a node id or reply key that does not exist.
* ``type``: values of the wrong kind, e.g. ``mood + 1`` where ``mood`` is text. A
  whole condition must be true or false, so a bare ``anger`` is rejected with
  "did you mean 'anger > 0'?".

The text is read once, left to right, and each piece is checked as soon as it is
complete, so the error reported is the first one met while reading.

Limits: a condition has at most 500 characters, and brackets, ``not`` and unary
``-`` nest at most 32 deep. Going over either is a syntax error.

Evaluation
----------
Once a condition has type-checked, evaluating it cannot raise (provided the
environment returns values of the declared types): there is no division, no
indexing and no overflow, since Python integers are unbounded.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple, Protocol, cast

from game.i18n import N_, _

__all__ = [
    "MAX_DEPTH",
    "MAX_SOURCE_LENGTH",
    "RESERVED_WORDS",
    "Condition",
    "ConditionEnv",
    "ConditionError",
    "Evaluator",
    "ValueType",
    "parse_condition",
    "parse_expression",
]

ValueType = Literal["bool", "int", "str"]

MAX_SOURCE_LENGTH = 500
"""The longest condition, in characters; longer text is a syntax error."""

MAX_DEPTH = 32
"""How deeply brackets, `not` and unary `-` may nest; this keeps parsing and
evaluation far from Python's recursion limit."""

RESERVED_WORDS = frozenset({"and", "or", "not", "true", "false", "turn", "visits", "chose"})
"""Words of the language itself; they can never refer to a meter or variable."""

# How many known names an "unknown name" message lists before it switches to
# suggesting only the closest matches (a scenario can have hundreds of replies).
_MAX_LISTED = 12


class ConditionError(Exception):
    """A condition that cannot be used.

    `kind` is 'syntax', 'unknown-name' or 'type'; `offset` is the 0-based character
    index in the source where the problem is (the length of the source when the
    problem is that the text ends too early).
    """

    def __init__(self, message: str, offset: int, kind: str):
        # All three go to Exception so that pickling (e.g. across processes) works.
        super().__init__(message, offset, kind)
        self.message = message
        self.offset = offset
        self.kind = kind

    def __str__(self) -> str:
        """The message alone, ready to show to an author."""
        return self.message


class ConditionEnv(Protocol):
    """The state of a run that conditions can read."""

    @property
    def turn(self) -> int:
        """How many replies the player has made so far."""
        ...

    def value(self, name: str) -> bool | int | str:
        """The current value of a declared meter or variable."""
        ...

    def visits(self, node_id: str) -> int:
        """How many times the node has been entered."""
        ...

    def chose(self, choice_key: str) -> bool:
        """Whether the reply 'node-id/choice-id' was ever chosen in this run."""
        ...


Evaluator = Callable[[ConditionEnv], "bool | int | str"]
"""A compiled expression: call it with the run's state to get its value."""


@dataclass(frozen=True)
class Condition:
    """A parsed, type-checked condition, ready to evaluate many times.

    `names`, `nodes` and `choices` are what the condition refers to (not counting
    `turn`), so the loader and the analysis can see its dependencies.

    `counter_bound` lets the analysis treat counters as finite: when every read of
    `turn` or `visits()` is compared directly with a number, any count at or above
    the bound gives the same result as the bound itself (0 when no counter is read;
    None when a counter is used in arithmetic, where no such bound is known).
    """

    source: str
    names: frozenset[str]
    nodes: frozenset[str]
    choices: frozenset[str]
    _evaluate: Evaluator = field(repr=False, compare=False)
    uses_turn: bool = False
    counter_bound: int | None = 0

    def evaluate(self, env: ConditionEnv) -> bool:
        """Whether the condition holds in `env`; never raises for declared types."""
        return self._evaluate(env)  # type: ignore[return-value]

    def __str__(self) -> str:
        """The text the author wrote."""
        return self.source


def parse_condition(
    source: str,
    names: Mapping[str, ValueType],
    nodes: Collection[str] | None = None,
    choices: Collection[str] | None = None,
    hints: bool = True,
) -> Condition:
    """Parse and type-check a condition; it must be true or false as a whole.

    `names` maps each declared meter or variable to its type. When `nodes` or
    `choices` are given, the ids used in `visits()` and `chose()` must be among
    them. Raises `ConditionError` for the first problem found. With `hints` false, an
    unknown name gets no fuzzy "did you mean" (the loader stops matching after many).
    """
    parser = _Parser(source, names, nodes, choices)
    parser.hints = hints
    expr = parser.parse()
    if expr.type != "bool":
        raise _type_error(expr, _("a condition must be true or false"), source)
    return Condition(
        source=source,
        names=frozenset(parser.used_names),
        nodes=frozenset(parser.used_nodes),
        choices=frozenset(parser.used_choices),
        uses_turn=parser.uses_turn,
        counter_bound=parser.counter_bound(),
        _evaluate=expr.fn,
    )


def parse_expression(source: str, names: Mapping[str, ValueType]) -> tuple[Evaluator, ValueType]:
    """Parse and type-check an expression of any type (for effects such as
    ``price - 10``); returns the compiled evaluator and the expression's type."""
    expr = _Parser(source, names, None, None).parse()
    return expr.fn, expr.type


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


class _Token(NamedTuple):
    """One piece of the source. For 'error' tokens `value` is the message; the
    parser raises it only if it actually reaches the token, so an earlier
    problem is always reported first."""

    kind: str  # int, str, name, word, op, (, ), ",", error, end
    text: str
    offset: int
    value: object = None


_SPACE = frozenset(" \t\r\n\f\v")
_DIGITS = frozenset("0123456789")
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NAME_CHARS = _NAME_START | _DIGITS
_TWO_CHAR_OPS = frozenset({"==", "!=", "<=", ">="})
_ONE_CHAR_OPS = frozenset("<>+-")
_SUM_OPS = frozenset("+-")
_MINUS = frozenset("-")
_ESCAPES = frozenset("\"'\\")

# Slips from other languages, each with the message that tells the author the fix.
# Marked here, translated when the token is made (the locale active while loading).
_FRIENDLY = {
    "&&": N_("use 'and' instead of '&&'"),
    "||": N_("use 'or' instead of '||'"),
    "=>": N_("use '>=' for 'at least'"),
    "=<": N_("use '<=' for 'at most'"),
    "<>": N_("use '!=' for 'not equal'"),
    "&": N_("use 'and' instead of '&'"),
    "|": N_("use 'or' instead of '|'"),
    "!": N_("use 'not' instead of '!'"),
    "=": N_("use '==' to compare"),
    "*": N_("only '+' and '-' are supported"),
    "/": N_("only '+' and '-' are supported"),
}


def _tokenize(source: str) -> list[_Token]:
    """Split `source` into tokens, ending with an 'end' token at len(source)."""
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        if source[i] in _SPACE:
            i += 1
            continue
        token = _read_token(source, i)
        tokens.append(token)
        i = token.offset + len(token.text)
    tokens.append(_Token("end", "", len(source)))
    return tokens


def _read_token(source: str, i: int) -> _Token:
    """The token starting at `source[i]`, which is not whitespace."""
    ch = source[i]
    if ch in _DIGITS:
        return _read_number(source, i)
    if ch in _NAME_START:
        return _read_word(source, i)
    if ch in "\"'":
        return _read_string(source, i)
    pair = source[i : i + 2]
    if pair in _TWO_CHAR_OPS:
        return _Token("op", pair, i)
    if pair in _FRIENDLY:
        return _Token("error", pair, i, _(_FRIENDLY[pair]))
    if ch in _ONE_CHAR_OPS or ch in "(),":
        return _Token("op" if ch in _ONE_CHAR_OPS else ch, ch, i)
    if ch in _FRIENDLY:
        return _Token("error", ch, i, _(_FRIENDLY[ch]))
    return _Token("error", ch, i, _("unexpected character {character}").format(character=repr(ch)))


def _read_number(source: str, i: int) -> _Token:
    """A whole number; decimals and names glued to digits get their own message."""
    end = _scan(source, i, _DIGITS)
    text = source[i:end]
    if source[end : end + 1] == "." and source[end + 1 : end + 2] in _DIGITS:
        decimal = source[i : _scan(source, end + 1, _DIGITS)]
        return _Token("error", decimal, i, _("numbers must be whole; '{number}' has a decimal point").format(number=decimal))
    if source[end : end + 1] in _NAME_CHARS:
        word = source[i : _scan(source, end, _NAME_CHARS)]
        return _Token("error", word, i, _("'{word}' is not a number, and a name cannot start with a digit").format(word=word))
    return _Token("int", text, i, int(text))


def _read_word(source: str, i: int) -> _Token:
    """A name or a reserved word."""
    text = source[i : _scan(source, i, _NAME_CHARS)]
    return _Token("word" if text in RESERVED_WORDS else "name", text, i)


def _read_string(source: str, i: int) -> _Token:
    """Text in matching quotes, with the escapes \\", \\' and \\\\ decoded."""
    quote = source[i]
    chars: list[str] = []
    j = i + 1
    while j < len(source):
        ch = source[j]
        if ch == quote:
            return _Token("str", source[i : j + 1], i, "".join(chars))
        if ch == "\\":
            escaped = source[j + 1 : j + 2]
            if not escaped:
                break  # a backslash at the very end: the text is not closed
            if escaped not in _ESCAPES:
                message = _("unknown escape '\\{escaped}' in text; only \\\", \\' and \\\\ are allowed").format(escaped=escaped)
                return _Token("error", source[j:], j, message)
            chars.append(escaped)
            j += 2
            continue
        chars.append(ch)
        j += 1
    return _Token("error", source[i:], i, _("this text has no closing {quote}").format(quote=quote))


def _scan(source: str, i: int, allowed: frozenset[str]) -> int:
    """The index of the first character at or after `i` that is not `allowed`."""
    while i < len(source) and source[i] in allowed:
        i += 1
    return i


# ---------------------------------------------------------------------------
# Compiled expressions
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Expr:
    """A checked sub-expression: its evaluator, type and span in the source.

    `const` marks values known at parse time (folded, so the closures only do
    work that depends on the run); `name` marks a plain variable read, which
    comparisons use for a faster path.
    """

    fn: Evaluator
    type: ValueType
    start: int
    end: int
    const: bool = False
    value: bool | int | str = 0
    name: str | None = None
    counter: bool = False  # a bare read of `turn` or `visits(...)`


def _constant(value: bool | int | str, type_: ValueType, start: int, end: int) -> _Expr:
    """A value known at parse time."""
    return _Expr(lambda _env: value, type_, start, end, const=True, value=value)


def _folded(fn: Evaluator, type_: ValueType, start: int, end: int, parts: list[_Expr]) -> _Expr:
    """`fn` as an expression, computed now if all its parts are constants.

    Calling `fn(None)` is safe then: constant closures never look at the env.
    """
    if all(part.const for part in parts):
        return _constant(fn(None), type_, start, end)  # type: ignore[arg-type]
    return _Expr(fn, type_, start, end)


def _variable(name: str, type_: ValueType, start: int, end: int) -> _Expr:
    """A read of a declared meter or variable."""

    def read(env: ConditionEnv) -> bool | int | str:
        return env.value(name)

    return _Expr(read, type_, start, end, name=name)


def _turn(start: int, end: int) -> _Expr:
    """The built-in `turn` counter."""
    return _Expr(lambda env: env.turn, "int", start, end, counter=True)


def _visits(node_id: str, start: int, end: int) -> _Expr:
    """`visits("node-id")`."""
    return _Expr(lambda env: env.visits(node_id), "int", start, end, counter=True)


def _chose(key: str, start: int, end: int) -> _Expr:
    """`chose("node-id/choice-id")`."""
    return _Expr(lambda env: env.chose(key), "bool", start, end)


def _negate(operand: _Expr, start: int) -> _Expr:
    """`not operand`."""
    f = operand.fn
    return _folded(lambda env: not f(env), "bool", start, operand.end, [operand])


def _minus(operand: _Expr, start: int) -> _Expr:
    """Unary `-operand`."""
    f = operand.fn
    return _folded(lambda env: -f(env), "int", start, operand.end, [operand])  # type: ignore[operator]


_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _compare(op: str, left: _Expr, right: _Expr) -> _Expr:
    """`left op right`, specialised for the common `name op constant` shape."""
    compare = _COMPARE[op]
    lf, rf = left.fn, right.fn
    # One of three closures, picked once here: lambdas bound to a name on purpose (E731).
    if right.const and left.name is not None:
        name, k = left.name, right.value
        fn: Evaluator = lambda env: compare(env.value(name), k)  # noqa: E731
    elif right.const:
        k = right.value
        fn = lambda env: compare(lf(env), k)  # noqa: E731
    else:
        fn = lambda env: compare(lf(env), rf(env))  # noqa: E731
    return _folded(fn, "bool", left.start, right.end, [left, right])


def _sum(terms: list[tuple[int, _Expr]]) -> _Expr:
    """A chain of `+` and `-`, flattened so a long chain is not a deep closure
    tree; the constant terms are added up once, here."""
    start, end = terms[0][1].start, terms[-1][1].end
    constant = sum(sign * cast(int, term.value) for sign, term in terms if term.const)  # parse_sum required int terms
    plus = tuple(term.fn for sign, term in terms if sign > 0 and not term.const)
    minus = tuple(term.fn for sign, term in terms if sign < 0 and not term.const)
    if not plus and not minus:
        return _constant(constant, "int", start, end)
    if len(plus) == 1 and not minus:
        (f,) = plus
        if constant == 0:
            return _Expr(f, "int", start, end)
        return _Expr(lambda env: f(env) + constant, "int", start, end)  # type: ignore[operator]

    def total(env: ConditionEnv) -> int:
        result = constant
        for f in plus:
            result += f(env)  # type: ignore[operator]
        for f in minus:
            result -= f(env)  # type: ignore[operator]
        return result

    return _Expr(total, "int", start, end)


def _logic(word: str, operands: list[_Expr]) -> _Expr:
    """A chain of `and` (or of `or`), short-circuiting left to right.

    Constant operands are settled now: in an `and`, `true` drops out and `false`
    decides the whole chain (and the mirror image for `or`). Dropping them is
    safe because evaluation has no side effects and cannot fail.
    """
    start, end = operands[0].start, operands[-1].end
    decisive = word == "or"  # the value that ends the chain early
    if any(o.const and o.value == decisive for o in operands):
        return _constant(decisive, "bool", start, end)
    live = tuple(o.fn for o in operands if not o.const)
    if not live:
        return _constant(not decisive, "bool", start, end)
    if len(live) == 1:
        return _Expr(live[0], "bool", start, end)
    if len(live) == 2:
        a, b = live
        both = (lambda env: a(env) or b(env)) if decisive else (lambda env: a(env) and b(env))
        return _Expr(both, "bool", start, end)

    def chain(env: ConditionEnv) -> bool:
        for f in live:
            if f(env) == decisive:
                return decisive
        return not decisive

    return _Expr(chain, "bool", start, end)


# ---------------------------------------------------------------------------
# Error messages
# ---------------------------------------------------------------------------

_DESCRIPTIONS = {"bool": N_("true/false"), "int": N_("a number"), "str": N_("text")}


def _snippet(expr: _Expr, source: str) -> str:
    """The source text of `expr`, shortened to fit in a message."""
    text = " ".join(source[expr.start : expr.end].split())
    return text if len(text) <= 40 else text[:37] + "..."


def _quoted(text: str) -> str:
    """`text` in single quotes for a message, unless it is already quoted text."""
    return text if text[:1] in ("'", '"') else f"'{text}'"


def _type_error(expr: _Expr, problem: str, source: str) -> ConditionError:
    """`expr` should be true/false but is not; suggest the comparison that was
    most likely meant."""
    text = _snippet(expr, source)
    if expr.type == "int":
        message = _("{problem}; did you mean '{value} > 0'?")
    else:
        message = _("{problem}; did you mean '{value} == \"...\"'?")
    return ConditionError(message.format(problem=problem, value=text), expr.start, "type")


def _known(candidates: Collection[str], wrong: str, hints: bool = True) -> str:
    """The parenthesised list of valid names for an 'unknown name' message."""
    if not candidates:
        return _("(none are declared)")
    if len(candidates) <= _MAX_LISTED:
        return _("(known: {names})").format(names=", ".join(sorted(candidates)))
    # Sorting and matching cost time in the number of ids, so only while hints last.
    close = difflib.get_close_matches(wrong, sorted(candidates), n=3) if hints else []
    if close:
        names = close[0]
        for other in close[1:]:
            names = _("{values} or {last}").format(values=names, last=other)
        return _("(did you mean {names}?)").format(names=names)
    return _("({count} are declared)").format(count=len(candidates))


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the token list, one method per precedence level.

    Types are checked as each operand is completed, so the first error met while
    reading left to right is the one reported.
    """

    def __init__(
        self,
        source: str,
        names: Mapping[str, ValueType],
        nodes: Collection[str] | None,
        choices: Collection[str] | None,
    ):
        self.source = source
        self.names = names
        # Sets, so that membership tests stay cheap for long lists of nodes.
        self.nodes = None if nodes is None else frozenset(nodes)
        self.choices = None if choices is None else frozenset(choices)
        self.tokens: list[_Token] = []
        self.pos = 0
        self.depth = 0
        self.used_names: set[str] = set()
        self.used_nodes: set[str] = set()
        self.used_choices: set[str] = set()
        self.uses_turn = False
        self.hints = True  # fuzzy "did you mean" for unknown names
        self.counter_reads = 0
        self.compared_counters: list[int] = []  # |literal| each bare counter is compared with

    def counter_bound(self) -> int | None:
        """See `Condition.counter_bound`."""
        if self.counter_reads == 0:
            return 0
        if len(self.compared_counters) < self.counter_reads:
            return None
        return max(self.compared_counters) + 1

    # -- entry point and token helpers ------------------------------------

    def parse(self) -> _Expr:
        """Parse the whole source as one expression."""
        if len(self.source) > MAX_SOURCE_LENGTH:
            raise self.syntax(
                _("a condition can have at most {limit} characters; this one has {count}").format(
                    limit=MAX_SOURCE_LENGTH, count=len(self.source)
                ),
                MAX_SOURCE_LENGTH,
            )
        if not self.source.strip():
            raise self.syntax(_("the condition is empty"), 0)
        self.tokens = _tokenize(self.source)
        expr = self.parse_or()
        token = self.peek()
        if token.kind != "end":
            raise self.unexpected_after(token)
        return expr

    def peek(self) -> _Token:
        """The current token, not consumed."""
        return self.tokens[self.pos]

    def advance(self) -> _Token:
        """Consume and return the current token (the 'end' token is never passed)."""
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def at_word(self, word: str) -> bool:
        """Whether the current token is the reserved word `word`."""
        token = self.peek()
        return token.kind == "word" and token.text == word

    def at_op(self, ops: Collection[str]) -> bool:
        """Whether the current token is one of the operators `ops`."""
        token = self.peek()
        return token.kind == "op" and token.text in ops

    def enter(self, token: _Token) -> None:
        """Go one level deeper (bracket, `not` or `-`), within MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            message = _("nested too deeply (at most {limit} levels of brackets, 'not' and '-')").format(limit=MAX_DEPTH)
            raise self.syntax(message, token.offset)

    def leave(self) -> None:
        """Come back up one level."""
        self.depth -= 1

    # -- errors ------------------------------------------------------------

    def syntax(self, message: str, offset: int) -> ConditionError:
        """A syntax error at `offset`."""
        return ConditionError(message, offset, "syntax")

    def lexical(self, token: _Token) -> ConditionError | None:
        """The error an 'error' token carries, if it is one."""
        if token.kind == "error":
            return self.syntax(str(token.value), token.offset)
        return None

    def unexpected_after(self, token: _Token) -> ConditionError:
        """`token` follows a complete expression where none may."""
        if error := self.lexical(token):
            return error
        if token.kind == ")":
            return self.syntax(_("unexpected ')' with no matching '('"), token.offset)
        if token.kind == "name" and token.text.lower() in RESERVED_WORDS:
            return self.lower_case(token)
        if token.kind in ("name", "int", "str", "word", "("):
            return self.syntax(_("unexpected '{token}'; did you forget 'and' or 'or' before it?").format(token=token.text), token.offset)
        return self.syntax(_("unexpected '{token}'").format(token=token.text), token.offset)

    def lower_case(self, token: _Token) -> ConditionError:
        """A keyword written with capitals, such as 'AND' or 'True'."""
        return self.syntax(_("write '{word}' in lower case").format(word=token.text.lower()), token.offset)

    def expected_value(self, token: _Token) -> ConditionError:
        """A value was needed but `token` cannot start one."""
        if error := self.lexical(token):
            return error
        if token.kind == "end":
            return self.syntax(_("expected a value, but the condition ends here"), token.offset)
        if token.kind == "word" and token.text == "not":
            return self.syntax(_("'not' cannot go here; put it in brackets, like '(not x)'"), token.offset)
        return self.syntax(_("expected a value before '{token}'").format(token=token.text), token.offset)

    def mismatch(self, op: str, left: _Expr, right: _Expr) -> ConditionError:
        """`==` or `!=` between values of different kinds; reported at the right
        side, since the left one sets what is expected."""
        message = _("'{op}' compares values of the same kind, but {left} is {left_kind} and {right} is {right_kind}").format(
            op=op,
            left=_quoted(_snippet(left, self.source)),
            left_kind=_(_DESCRIPTIONS[left.type]),
            right=_quoted(_snippet(right, self.source)),
            right_kind=_(_DESCRIPTIONS[right.type]),
        )
        return ConditionError(message, right.start, "type")

    def require(self, expr: _Expr, type_: ValueType, what: str) -> None:
        """Raise a type error unless `expr` has type `type_`; `what` names the
        operator and what it needs, e.g. "'+' works on numbers"."""
        if expr.type == type_:
            return
        problem = _("{need}, but {value} is {kind}").format(
            need=what, value=_quoted(_snippet(expr, self.source)), kind=_(_DESCRIPTIONS[expr.type])
        )
        if type_ == "bool":
            raise _type_error(expr, problem, self.source)
        raise ConditionError(problem, expr.start, "type")

    # -- grammar, loosest first ---------------------------------------------

    def parse_or(self) -> _Expr:
        """or_expr := and_expr ('or' and_expr)*"""
        return self.parse_logic("or", self.parse_and)

    def parse_and(self) -> _Expr:
        """and_expr := not_expr ('and' not_expr)*"""
        return self.parse_logic("and", self.parse_not)

    def parse_logic(self, word: str, parse_operand: Callable[[], _Expr]) -> _Expr:
        """A chain of one logical operator; each operand must be true/false."""
        operands = [parse_operand()]
        if not self.at_word(word):
            return operands[0]
        need = _("'{word}' needs true or false on both sides").format(word=word)
        while self.at_word(word):
            self.require(operands[-1], "bool", need)
            self.advance()
            operands.append(parse_operand())
        self.require(operands[-1], "bool", need)
        return _logic(word, operands)

    def parse_not(self) -> _Expr:
        """not_expr := 'not' not_expr | comparison"""
        token = self.peek()
        if not self.at_word("not"):
            return self.parse_comparison()
        self.advance()
        self.enter(token)
        operand = self.parse_not()
        self.leave()
        self.require(operand, "bool", _("'not' needs true or false"))
        return _negate(operand, token.offset)

    def parse_comparison(self) -> _Expr:
        """comparison := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)?  -- never chained."""
        left = self.parse_sum()
        if not self.at_op(_COMPARE):
            return left
        op = self.advance().text
        ordering = op not in ("==", "!=")
        if ordering:
            self.require(left, "int", _("'{op}' compares numbers").format(op=op))
        right = self.parse_sum()
        if ordering:
            self.require(right, "int", _("'{op}' compares numbers").format(op=op))
        elif right.type != left.type:
            raise self.mismatch(op, left, right)
        if self.at_op(_COMPARE):
            raise self.syntax(
                _("comparisons cannot be chained; join them with 'and', like '1 < x and x < 5'"), self.peek().offset
            )
        for counter, other in ((left, right), (right, left)):
            if counter.counter and other.const and other.type == "int":
                self.compared_counters.append(abs(int(other.value)))
        return _compare(op, left, right)

    def parse_sum(self) -> _Expr:
        """sum := unary (('+'|'-') unary)*  -- left to right."""
        first = self.parse_unary()
        if not self.at_op(_SUM_OPS):
            return first
        self.require(first, "int", _("'{op}' works on numbers").format(op=self.peek().text))
        terms = [(1, first)]
        while self.at_op(_SUM_OPS):
            op = self.advance().text
            term = self.parse_unary()
            self.require(term, "int", _("'{op}' works on numbers").format(op=op))
            terms.append((1 if op == "+" else -1, term))
        return _sum(terms)

    def parse_unary(self) -> _Expr:
        """unary := '-' unary | primary"""
        token = self.peek()
        if not self.at_op(_MINUS):
            return self.parse_primary()
        self.advance()
        self.enter(token)
        operand = self.parse_unary()
        self.leave()
        self.require(operand, "int", _("'{op}' works on numbers").format(op="-"))
        return _minus(operand, token.offset)

    def parse_primary(self) -> _Expr:
        """primary := INT | STRING | 'true' | 'false' | 'turn' | NAME | call | '(' or_expr ')'"""
        token = self.peek()
        end = token.offset + len(token.text)
        if token.kind in ("int", "str"):
            self.advance()
            return _constant(token.value, token.kind, token.offset, end)  # type: ignore[arg-type]
        if token.kind == "word" and token.text in ("true", "false"):
            self.advance()
            return _constant(token.text == "true", "bool", token.offset, end)
        if token.kind == "word" and token.text == "turn":
            self.advance()
            self.uses_turn = True
            self.counter_reads += 1
            return _turn(token.offset, end)
        if token.kind == "word" and token.text in ("visits", "chose"):
            return self.parse_call()
        if token.kind == "name":
            return self.parse_name()
        if token.kind == "(":
            return self.parse_group()
        raise self.expected_value(token)

    def parse_group(self) -> _Expr:
        """'(' or_expr ')'"""
        opening = self.advance()
        self.enter(opening)
        inner = self.parse_or()
        closing = self.peek()
        if closing.kind != ")":
            if error := self.lexical(closing):
                raise error
            if closing.kind == "end":
                raise self.syntax(_("missing ')' to close a '('"), closing.offset)
            raise self.syntax(_("expected ')' but found '{token}'").format(token=closing.text), closing.offset)
        self.advance()
        self.leave()
        # Keep the brackets in the span so messages quote what the author wrote.
        return replace(inner, start=opening.offset, end=closing.offset + 1)

    def parse_name(self) -> _Expr:
        """A declared meter or variable."""
        token = self.advance()
        name = token.text
        if self.peek().kind == "(":
            if name.lower() in ("visits", "chose"):
                raise self.lower_case(token)
            raise self.syntax(
                _("'{name}' is not a function; only visits(\"node\") and chose(\"node/reply\") take brackets").format(name=name),
                token.offset,
            )
        if name in self.names:
            self.used_names.add(name)
            return _variable(name, self.names[name], token.offset, token.offset + len(name))
        if name.lower() in RESERVED_WORDS:
            raise self.lower_case(token)
        raise ConditionError(
            _("unknown meter or variable '{name}' {known}").format(name=name, known=_known(self.names, name, self.hints)),
            token.offset,
            "unknown-name",
        )

    def parse_call(self) -> _Expr:
        """'visits' '(' STRING ')' | 'chose' '(' STRING ')'"""
        function = self.advance()
        is_visits = function.text == "visits"
        if is_visits:
            usage = _("visits() needs a node id in quotes, like visits(\"greeting\")")
        else:
            usage = _("chose() needs a reply key in quotes, like chose(\"greeting/apologise\")")
        if self.peek().kind != "(":
            raise self.syntax(usage, self.peek().offset)
        self.advance()
        argument = self.peek()
        if argument.kind != "str":
            raise self.lexical(argument) or self.syntax(usage, argument.offset)
        self.advance()
        key = str(argument.value)
        self.check_known(key, argument, is_visits)
        closing = self.peek()
        if closing.kind != ")":
            if closing.kind == ",":
                raise self.syntax(_("{function}() takes exactly one argument").format(function=function.text), closing.offset)
            raise self.lexical(closing) or self.syntax(_("expected ')' after {argument}").format(argument=argument.text), closing.offset)
        self.advance()
        if is_visits:
            self.counter_reads += 1
            return _visits(key, function.offset, closing.offset + 1)
        return _chose(key, function.offset, closing.offset + 1)

    def check_known(self, key: str, argument: _Token, is_visits: bool) -> None:
        """Record a visits()/chose() argument; reject it if the loader gave the
        list of valid ids and it is not there."""
        used, known = (self.used_nodes, self.nodes) if is_visits else (self.used_choices, self.choices)
        used.add(key)
        if known is None or key in known:
            return
        if is_visits:
            message = _("unknown node '{key}' in visits() {known}").format(key=key, known=_known(known, key, self.hints))
        elif "/" in key:
            message = _("unknown reply '{key}' in chose() {known}").format(key=key, known=_known(known, key, self.hints))
        else:
            message = _("unknown reply '{key}' in chose() {known}; a reply key looks like 'node-id/reply-id'").format(
                key=key, known=_known(known, key, self.hints)
            )
        raise ConditionError(message, argument.offset, "unknown-name")
