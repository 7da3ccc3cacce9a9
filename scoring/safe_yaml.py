"""The one hardened YAML reader: bytes to plain data, remembering where every value came from.

This is the bottom layer of the project: scenarios (`game.scenario.source`) and rubrics
(`scoring.rubric`) are both read here, with one set of limits (docs/limits.md), and it
imports nothing of ours but `scoring.gcpause`.

`read_yaml` turns the bytes of a file into dicts, lists, strings, numbers, booleans and
None, or raises `YamlError` with located, coded problems (DOJO001-DOJO010). It never lets
a traceback, a hang or a memory blow-up escape, whatever the bytes are.

How it works, and why:

* The file is checked before YAML sees it: size, encoding (UTF-8, a UTF-8 BOM is
  stripped) and characters YAML forbids, so those errors get precise positions.
* Data is built straight from the parser's event stream in one iterative loop. The
  C composer (`yaml.compose` with `CSafeLoader`) recurses in C and segfaults at about
  100,000 nesting levels, and libyaml's parser is quadratic in flow nesting (100,000
  `[` take 17 s even without Python). Streaming events lets the loop stop at the first
  node deeper than `MAX_DEPTH`, after a few dozen events, so neither can happen.
* Scalars are resolved by YAML 1.2 core-schema rules (`no` stays a string), not by
  PyYAML's YAML 1.1 ones. Tags outside the core schema, merge keys and complex keys are
  refused; aliases are allowed but their expanded size is counted, never built.
* Positions cost one reference per node: the loop keeps the parser's own Mark objects
  (already built for every event) beside each container, and `SourceDoc.mark` finds
  them by walking the data along the path. No second pass, no per-node tuples.
* Our limits trip before libyaml's. Newer libyaml builds (PyYAML 6.0.4) stop flow
  nesting at depth 1000 while scanning ahead, which can happen before the event at our
  depth limit reaches the loop; `_deeper_than_allowed` then finds where our limit was
  passed, so the author sees DOJO008 at that bracket on every PyYAML version.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml

from scoring.gcpause import gc_paused
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)



@dataclass(frozen=True)
class Problem:
    """One coded finding at a 1-based line and column (0, 0: the whole file)."""

    code: str
    message: str
    line: int = 0
    col: int = 0


class YamlError(Exception):
    """The file could not be read as plain data; `problems` says what and where."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems

Path = tuple[str | int, ...]

MAX_FILE_BYTES = 8 * 1024 * 1024  # a 5,000-node scenario is about 4.4 MB
MAX_DEPTH = 64  # nesting of mappings and sequences
MAX_EXPANDED_NODES = 1_000_000  # nodes once every alias is expanded (billion laughs)
# Each duplicate key is reported where its first copy is, which costs a scan of its
# mapping; past this many, reading stops (100,000 duplicates took minutes).
MAX_DUPLICATES = 100

# libyaml's parser is several times faster than PyYAML's pure-Python one.
_LOADER: type = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_WANTS_TEXT = not yaml.__with_libyaml__  # the pure-Python reader takes str, libyaml bytes

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + name for name in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = _CORE + "seq", _CORE + "map"
_SCALAR_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL})

_MISSING: Any = object()  # "no pending key" in a mapping; never a real value

# Where things were written: id(container) -> (the container, its Marks in order:
# [key, value, key, value, ...] for a mapping, [item, item, ...] for a list). One flat
# list per container is the cheapest record the load loop can keep. Holding the
# container pins its id, so the id can't be reused while the SourceDoc lives.
_Positions = dict[int, tuple[Any, list[Any]]]

# --------------------------------------------------------------------------- scalars

_INF, _NAN = float("inf"), float("nan")
# Every plain scalar that YAML 1.2's core schema reads as null, a bool or a special float.
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("null", "Null", "NULL", "~"), None),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys((s + w for s in ("", "+") for w in (".inf", ".Inf", ".INF")), _INF),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -_INF),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), _NAN),
}
_NUMBER_START = frozenset("0123456789+-.")
_DECIMAL = re.compile(r"[-+]?[0-9]+\Z").match
_OCTAL = re.compile(r"0o[0-7]+\Z").match
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z").match
_FLOAT_TEXT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z").match


def _resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if not text:
        return None
    word = _WORDS.get(text, _MISSING)
    if word is not _MISSING:
        return word
    if text[0] in _NUMBER_START:  # cheap filter: most scalars are words, not numbers
        number = _parse_int(text)
        if number is not None:
            return number
        if _FLOAT_TEXT(text):
            return float(text)
    return text


def _parse_int(text: str) -> int | str | None:
    """A core-schema integer (decimal, 0o octal, 0x hex); None if it isn't one.

    An integer with more digits than Python converts (int_max_str_digits) stays its
    text rather than raising or turning into a float.
    """
    try:
        if _DECIMAL(text):
            return int(text, 10)
        if _OCTAL(text):
            return int(text[2:], 8)
        if _HEX(text):
            return int(text[2:], 16)
    except ValueError:
        return text
    return None


def _resolve_tagged(tag: str, text: str) -> Any:
    """The value of a scalar with an explicit core tag; _MISSING if the text doesn't fit."""
    if tag == _STR:
        return text
    if tag == _INT:
        number = _parse_int(text)
        return number if isinstance(number, int) else _MISSING
    if tag == _FLOAT:
        value = _resolve_plain(text)
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return float(value) if is_number else _MISSING
    if tag == _BOOL:
        value = _WORDS.get(text, _MISSING)
        return value if isinstance(value, bool) else _MISSING
    if tag == _NULL:
        return None if text == "" or text in ("null", "Null", "NULL", "~") else _MISSING
    return _MISSING


def _show_tag(tag: str) -> str:
    """A tag as an author wrote it: `!!binary` rather than its full URI."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


# --------------------------------------------------------------------------- text checks

# Characters YAML forbids (its c-printable set, as libyaml and PyYAML check it).
_FORBIDDEN_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ALLOWED_ASCII = bytes([9, 10, 13, *range(0x20, 0x7F)])
_UTF8_BOM = b"\xef\xbb\xbf"
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_OTHER_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting breaks as YAML does.

    str.splitlines breaks on CR, LF, CRLF, NEL, LS and PS like libyaml (and on a few C0
    controls YAML forbids anyway), so positions agree with the parser's marks.
    """
    lines = text[:offset].splitlines(keepends=True)
    if not lines:
        return 1, offset + 1
    last = lines[-1]
    if last.splitlines() != [last]:  # the prefix ends with a line break
        return len(lines) + 1, 1
    return len(lines), len(last) + 1


def _decode(raw: bytes) -> tuple[str, bytes]:
    """The checked text and the bytes to parse (BOM stripped), or DOJO002."""
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]  # Windows Notepad writes one; positions start after it
    else:
        for bom, name in _OTHER_BOMS:
            if raw.startswith(bom):
                raise _fail("DOJO002", f"file is {name} encoded; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(raw[: err.start].decode("utf-8"), err.start)
        message = f"byte 0x{raw[err.start]:02X} is not valid UTF-8; save the file as UTF-8"
        raise _fail("DOJO002", message, line, col) from None
    # Fast path: a plain-ASCII file with no control characters needs no regex scan.
    if raw.translate(None, _ALLOWED_ASCII):
        _check_characters(text)
    return text, raw


def _check_characters(text: str) -> None:
    """DOJO002 at the first character YAML forbids (NUL, other controls, U+FFFE...)."""
    bad = _FORBIDDEN_CHAR.search(text)
    if bad is None:
        return
    char = bad.group()
    line, col = _line_col(text, bad.start())
    if char == "\x00":
        message = "the file contains a NUL character (U+0000); if it is UTF-16, save it as UTF-8"
    elif ord(char) < 0x20:
        message = f"control character U+{ord(char):04X} is not allowed in YAML; delete it"
    else:
        message = f"character U+{ord(char):04X} is not allowed in YAML; delete it"
    raise _fail("DOJO002", message, line, col)


# --------------------------------------------------------------------------- diagnostics


class _Fatal(Exception):
    """A problem that stops reading; carries it until `read_yaml` raises."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _fail(code: str, message: str, line: int = 0, col: int = 0) -> YamlError:
    """A YamlError holding one problem (for checks made before parsing)."""
    return YamlError([Problem(code, message, line, col)])


def _line_of(event: Event) -> int:
    """The 1-based line an event starts on (events from the parser always carry a mark)."""
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def _fatal_at(code: str, message: str, mark: Any) -> _Fatal:
    """A fatal problem at a parser mark (0-based line and column there)."""
    return _Fatal(Problem(code, message, mark.line + 1, mark.column + 1))


# Plain-English help for libyaml's and PyYAML's most common complaints.
_HINTS = {
    "mapping values are not allowed": "a ': ' can't appear here; put quotes around a value that contains ': '",
    "could not find expected ':'": "a key needs ': ' after it, or this line is indented wrongly",
    "did not find expected key": "this line doesn't line up with the keys around it; check its indentation",
    "did not find expected '-' indicator": "this line doesn't line up with the list around it; check its indentation",
    "did not find expected ',' or ']'": "a [ ] list is missing a ',' or its closing ']'",
    "did not find expected ',' or '}'": "a { } mapping is missing a ',' or its closing '}'",
    "found unexpected end of stream": "the file ends before a quote or bracket is closed",
    "cannot start any token": "this character can't start a value; put the value in quotes",
    "found incompatible YAML document": "remove the '%YAML' line; files are read as YAML 1.2",
    "found unknown escape character": "in double quotes a backslash starts an escape; use single quotes or '\\\\'",
}
_TABS = "tabs can't be used for indentation in YAML; use spaces"
_EMPTY = "the file is empty: it holds no data, only comments or nothing"
_TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; flatten the structure"


def _yaml_error(err: yaml.YAMLError, text: str) -> Problem:
    """DOJO004 (or DOJO002 for reader errors) for a parser complaint, in plain English."""
    if isinstance(err, yaml.reader.ReaderError):
        return Problem("DOJO002", f"the file is not readable text: {err.reason}")
    problem = str(getattr(err, "problem", None) or err).strip()
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    if "tab" in problem or _char_at(text, line, col) == "\t":
        return Problem("DOJO004", _TABS, line, col)
    message = problem
    context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        message += f" ({context} that started at line {context_mark.line + 1})"
    hint = next((h for key, h in _HINTS.items() if key in problem), None)
    if hint:
        message += f": {hint}"
    return Problem("DOJO004", message, line, col)


def _char_at(text: str, line: int, col: int) -> str:
    """The character at a 1-based position, or '' if there is none."""
    if line < 1 or col < 1:
        return ""
    lines = text.splitlines()
    if line > len(lines) or col > len(lines[line - 1]):
        return ""
    return lines[line - 1][col - 1]


# --------------------------------------------------------------------------- the builder


class _Anchor:
    """What an `&name` refers to: its value, expanded size (None while open) and line."""

    __slots__ = ("value", "size", "line")

    def __init__(self, value: Any, size: int | None, line: int):
        self.value, self.size, self.line = value, size, line


class _ParserStopped(Exception):
    """The parser raised inside the load loop; carries its error and where the loop stood."""

    def __init__(self, error: yaml.YAMLError, depth: int, event: Event | None):
        super().__init__(str(error))
        self.error, self.depth, self.event = error, depth, event


class _Builder:
    """Builds plain data from the event stream of one document, in one iterative pass."""

    def __init__(self, payload: bytes | str):
        self.loader = _LOADER(payload)
        self.anchors: dict[str, _Anchor] = {}
        self.count = 0  # nodes so far, counting every alias as its expanded size
        self.duplicates: list[Problem] = []  # reported together once reading stops
        self.repeats: dict[int, list[int]] = {}  # id(mapping) -> where its repeated keys' marks are
        self.positions: _Positions = {}
        # The enclosing collections of the open one, outermost first: (container,
        # is_mapping, key or _MISSING, marks, anchor name, node count when it opened).
        self.stack: list[tuple[Any, bool, Any, Any, str | None, int]] = []
        # Where the loop stood when the parser raised: the nesting depth and the last
        # event it had delivered (None: the start of the text). See _deeper_than_allowed.
        self.depth_at_error = 0
        self.event_at_error: Event | None = None

    def run(self) -> Any:
        """The document's data; raises _Fatal for the first non-duplicate problem."""
        get = self.loader.get_event
        self.event_at_error = get()  # StreamStartEvent
        event = self.event_at_error = get()
        if event.__class__ is StreamEndEvent:
            raise _Fatal(Problem("DOJO010", _EMPTY))
        try:
            data = self._document(get)
        except _ParserStopped as stopped:
            self.depth_at_error = stopped.depth
            self.event_at_error = stopped.event or self.event_at_error
            raise stopped.error from None
        get()  # DocumentEndEvent
        event = get()
        if event.__class__ is DocumentStartEvent:
            message = "the file holds more than one YAML document; remove the '---' line and what follows"
            raise _fatal_at("DOJO009", message, event.start_mark)
        return data

    def _document(self, get: Any) -> Any:
        """The root value; one tight loop over node events, rare cases in helper methods.

        Everything per node stays in local variables: this loop is most of the load
        time, and attribute or method look-ups per event would show in the benchmark.
        Positions are kept as the parser's own Mark objects, one list append per node
        (see `_Positions`).
        """
        stack, anchors, positions = self.stack, self.anchors, self.positions
        cur: Any = None  # the open container, None at the root
        is_map = False
        key: Any = _MISSING
        marks: Any = None  # the open container's Marks
        depth = 0
        count = self.count
        event: Any = None
        try:
            while True:
                event = get()
                cls = event.__class__
                if cls is ScalarEvent:
                    count += 1
                    if is_map and key is _MISSING:  # a mapping key: its text, whatever it says
                        key = event.value
                        if event.tag is not None or event.anchor is not None or key == "<<" or key in cur:
                            self._odd_key(event, cur, marks)
                        marks.append(event.start_mark)
                        continue
                    if event.tag is None:  # inlined _scalar_value: this is the hottest line
                        value = _resolve_plain(event.value) if event.implicit[0] else event.value
                    else:
                        value = self._tagged_scalar(event)
                    if count > MAX_EXPANDED_NODES:
                        self._too_big(event, alias=None)
                    if event.anchor is not None:
                        self._remember(event, value, 1)
                elif cls is MappingStartEvent or cls is SequenceStartEvent:
                    count += 1
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _fatal_at("DOJO008", _TOO_DEEP, event.start_mark)
                    if is_map and key is _MISSING:
                        message = "mapping keys must be plain names, not lists or mappings"
                        raise _fatal_at("DOJO004", message, event.start_mark)
                    if event.tag is not None:
                        self._check_collection_tag(event, _MAP if cls is MappingStartEvent else _SEQ)
                    if count > MAX_EXPANDED_NODES:
                        self._too_big(event, alias=None)
                    value = {} if cls is MappingStartEvent else []
                    if is_map:
                        cur[key] = value
                        marks.append(event.start_mark)
                    elif cur is not None:
                        cur.append(value)
                        marks.append(event.start_mark)
                    if event.anchor is not None:
                        self._remember(event, value, None)
                    stack.append((cur, is_map, key, marks, event.anchor, count))
                    cur, is_map, key, marks = value, cls is MappingStartEvent, _MISSING, []
                    positions[id(value)] = (value, marks)
                    continue
                elif cls is MappingEndEvent or cls is SequenceEndEvent:
                    depth -= 1
                    finished = cur
                    cur, is_map, key, marks, anchor, opened = stack.pop()
                    if anchor is not None:  # now its expanded size is known
                        anchors[anchor].size = count - opened + 1
                    if cur is None:
                        self.count = count
                        return finished
                    key = _MISSING  # the parent's key now has its value
                    continue
                elif cls is AliasEvent:
                    self.count = count
                    value = self._alias(event, is_map and key is _MISSING)
                    count = self.count
                else:  # the parser checks the grammar; this is a last line of defence
                    message = f"unexpected YAML event {cls.__name__}"
                    raise _fatal_at("DOJO004", message, event.start_mark)
                # Place the scalar or alias value.
                if is_map:
                    cur[key] = value
                    marks.append(event.start_mark)
                    key = _MISSING
                elif cur is not None:
                    cur.append(value)
                    marks.append(event.start_mark)
                else:
                    self.count = count
                    if cls is ScalarEvent:
                        self._check_not_empty(event)
                    return value
        except yaml.YAMLError as err:
            raise _ParserStopped(err, depth, event) from None

    # The rare cases, kept out of the loop.

    def _odd_key(self, event: ScalarEvent, mapping: dict[str, Any], marks: list[Any]) -> None:
        """Check a key that has a tag or anchor, is '<<' or repeats an earlier key."""
        if event.tag is not None:
            self._check_scalar_tag(event)
        if event.value == "<<" and event.implicit[0]:
            message = "merge keys ('<<') are not supported; write the fields out"
            raise _fatal_at("DOJO006", message, event.start_mark)
        if event.anchor is not None:  # an alias to it is a value, so resolve it as one
            self._remember(event, self._scalar_value(event), 1)
        if event.value in mapping:
            if len(self.duplicates) >= MAX_DUPLICATES:
                message = f"more than {MAX_DUPLICATES} duplicate keys; fix the ones reported above first"
                raise _fatal_at("DOJO005", message, event.start_mark)
            first = _first_key_mark(mapping, event.value, marks, self.repeats.setdefault(id(mapping), []))
            mark = event.start_mark
            message = f"duplicate key {event.value!r} (first at line {first.line + 1})"
            self.duplicates.append(_fatal_at("DOJO005", message, mark).problem)

    def _check_scalar_tag(self, event: ScalarEvent) -> str:
        """The scalar's tag; DOJO006 unless it is '!' or a core scalar tag (called for tagged scalars)."""
        tag = event.tag or "!"
        if tag != "!" and tag not in _SCALAR_TAGS:
            raise self._bad_tag(event, tag)
        return tag

    def _scalar_value(self, event: ScalarEvent) -> Any:
        """A scalar's value: core-schema resolution if plain, its tag's if tagged."""
        if event.tag is None:
            return _resolve_plain(event.value) if event.implicit[0] else event.value
        return self._tagged_scalar(event)

    def _tagged_scalar(self, event: ScalarEvent) -> Any:
        """The value of a scalar with an explicit tag (`!!str 10` is "10")."""
        tag = self._check_scalar_tag(event)
        if tag == "!":  # the non-specific tag: a string, as for quoted text
            return event.value
        value = _resolve_tagged(tag, event.value)
        if value is _MISSING:
            message = f"the value {event.value!r} doesn't fit its tag '{_show_tag(tag)}'"
            raise _fatal_at("DOJO006", message, event.start_mark)
        return value

    def _check_collection_tag(self, event: Event, allowed: str) -> None:
        """DOJO006 unless a list or mapping is tagged '!' or with its own core tag."""
        tag = getattr(event, "tag", None) or "!"  # only node events have tags
        if tag != "!" and tag != allowed:
            raise self._bad_tag(event, tag)

    def _bad_tag(self, event: Event, tag: str) -> _Fatal:
        """DOJO006 for a tag outside the core schema."""
        message = f"the tag '{_show_tag(tag)}' is not allowed: scenario files hold plain data only"
        return _fatal_at("DOJO006", message, event.start_mark)

    def _remember(self, event: Event, value: Any, size: int | None) -> None:
        """Record an `&anchor` so later aliases can share its value."""
        name: str = getattr(event, "anchor", None) or ""  # called only for events with an anchor
        earlier = self.anchors.get(name)
        if earlier is not None:
            message = f"the anchor '&{name}' is defined twice (first at line {earlier.line}); rename one"
            raise _fatal_at("DOJO004", message, event.start_mark)
        self.anchors[name] = _Anchor(value, size, _line_of(event))

    def _alias(self, event: AliasEvent, as_key: bool) -> Any:
        """The shared value of `*name`, counting its expanded size against the limit."""
        name = event.anchor or ""
        if as_key:
            message = "mapping keys must be plain names, not aliases"
            raise _fatal_at("DOJO004", message, event.start_mark)
        anchor = self.anchors.get(name)
        if anchor is None:
            message = f"the alias '*{name}' has no anchor '&{name}' before it"
            raise _fatal_at("DOJO004", message, event.start_mark)
        if anchor.size is None:  # PyYAML would build a self-containing structure
            message = f"the alias '*{name}' is inside the value it refers to, which would repeat forever"
            raise _fatal_at("DOJO007", message, event.start_mark)
        self.count += anchor.size
        if self.count > MAX_EXPANDED_NODES:
            self._too_big(event, alias=name)
        return anchor.value

    def _too_big(self, event: Event, alias: str | None) -> None:
        """DOJO007: expanding the file would exceed MAX_EXPANDED_NODES nodes."""
        limit = f"{MAX_EXPANDED_NODES:,}"
        if alias is not None:
            message = f"the alias '*{alias}' takes the file past {limit} values once aliases are expanded"
        else:
            message = f"the file holds more than {limit} values (counting each alias as what it repeats)"
        raise _fatal_at("DOJO007", message, event.start_mark)

    def _check_not_empty(self, event: ScalarEvent) -> None:
        """DOJO010 for a document that is nothing but '---' (an empty plain root)."""
        if event.value == "" and event.implicit[0] and event.tag is None and event.anchor is None:
            raise _Fatal(Problem("DOJO010", _EMPTY))


# --------------------------------------------------------------------------- positions


def _first_key_mark(mapping: dict[str, Any], key: str, marks: list[Any], repeats: list[int]) -> Any:
    """The Mark of `key`'s first occurrence, and note that a repeat's marks come next.

    `marks` holds a key and a value Mark per occurrence, repeats included, while the
    dict holds each key once, so each earlier repeat before it shifts it by two.
    """
    index = 2 * list(mapping).index(key)
    for repeat in repeats:  # ascending: repeats are noted in file order
        if repeat <= index:
            index += 2
    repeats.append(len(marks))
    return marks[index]


@dataclass
class SourceDoc:
    """The plain data of one YAML file and a way back to where each value was written.

    Positions describe the data as read; containers shared through aliases point back
    to where their anchor was written.
    """

    file: str
    data: Any
    _positions: _Positions = field(default_factory=dict, repr=False, compare=False)
    _key_indexes: dict[int, dict[str, int]] = field(default_factory=dict, init=False, repr=False, compare=False)
    # The decoded text the data was read from ("" when built in memory): what a reader
    # that must see a scalar as written (game.scenario.folding) looks at.
    text: str = field(default="", repr=False, compare=False)

    def mark(self, path: Path) -> tuple[int, int]:
        """1-based (line, col) of the value at `path`, else of its nearest existing ancestor."""
        value_mark, _ = self._locate(path)
        return (value_mark.line + 1, value_mark.column + 1) if value_mark is not None else (1, 1)

    def key_mark(self, path: Path) -> tuple[int, int]:
        """1-based (line, col) of the key whose value is at `path` (a list item: the item)."""
        _, key_mark = self._locate(path)
        return (key_mark.line + 1, key_mark.column + 1) if key_mark is not None else (1, 1)

    def _locate(self, path: Path) -> tuple[Any, Any]:
        """The value and key Marks of the deepest node along `path` (None, None: the root)."""
        node, value_mark, key_mark = self.data, None, None
        for part in path:
            entry = self._positions.get(id(node))
            if entry is None or entry[0] is not node:
                break
            marks = entry[1]
            if isinstance(node, dict):
                if not isinstance(part, str) or part not in node:
                    break
                index = 2 * self._key_index(node)[part]
                key_mark, value_mark = marks[index], marks[index + 1]
            else:
                if type(part) is not int or not 0 <= part < len(node):
                    break
                value_mark = key_mark = marks[part]
            node = node[part]
        return value_mark, key_mark

    def _key_index(self, mapping: dict[str, Any]) -> dict[str, int]:
        """Each key's place in the mapping (file order), cached: lint asks many times."""
        index = self._key_indexes.get(id(mapping))
        if index is None:
            index = self._key_indexes[id(mapping)] = {key: n for n, key in enumerate(mapping)}
        return index


# --------------------------------------------------------------------------- libyaml's own depth limit


def _deeper_than_allowed(text: str, depth: int, event: Event | None, error: yaml.YAMLError) -> Problem | None:
    """DOJO008 where nesting passed MAX_DEPTH, if it did before the parser's error; else None.

    libyaml scans ahead of the events it has delivered while the next token could still
    be a simple key (up to 1,024 characters on that token's line). Newer builds stop flow
    nesting at depth 1000 during that scan, so on a dense run of brackets the parser can
    raise before the loop sees the event that passes our limit. Between the last
    delivered event (at `depth`) and the error there are then only tokens that make no
    event yet: indicators, comments and the scanned-ahead flow text. That text is scanned
    here: a bracket counts where a token can start (in flow context every bracket does; in
    block context a bracket inside a plain word does not), brackets in quoted scalars and
    comments do not count.
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    starts = [0]  # the offset where each line starts, as the parser counts lines
    for row in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(row))
    begin = _offset(starts, event.end_mark) if event is not None else 0
    end = _offset(starts, mark)
    if begin is None or end is None:
        return None
    level, quote, escaped, comment, token_start = depth, "", False, False, True
    for offset in range(begin, min(end + 1, len(text))):
        char = text[offset]
        if comment or quote:
            if char in "\r\n":
                comment = False  # a quoted scalar may span lines; a comment may not
            elif quote and escaped:
                escaped = False
            elif quote and char == "\\" and quote == '"':
                escaped = True
            elif quote and char == quote:  # '' in single quotes closes and reopens: no matter
                quote = ""
            continue
        if char in "[{":
            if not token_start:
                continue  # part of a plain word, and so is what follows
            level += 1
            if level > MAX_DEPTH:
                line = bisect_right(starts, offset) - 1
                return Problem("DOJO008", _TOO_DEEP, line + 1, offset - starts[line] + 1)
        elif char in "]}":
            level -= 1
        elif char in "'\"" and token_start:
            quote = char
        elif char == "#" and (offset == 0 or text[offset - 1] in " \t\r\n"):
            comment = True
        token_start = char in "[{,:- \t\r\n"
    return None


def _offset(starts: list[int], mark: Any) -> int | None:
    """The character offset of a parser mark, or None if the mark lies outside the text."""
    if not 0 <= mark.line < len(starts) - 1:
        return None
    return starts[mark.line] + mark.column


# --------------------------------------------------------------------------- entry points


def read_yaml(raw: bytes, file: str) -> SourceDoc:
    """Plain data and positions from the bytes of one YAML file; raises YamlError."""
    if not isinstance(raw, bytes):
        raw = bytes(raw)  # a bytearray or memoryview
    if len(raw) > MAX_FILE_BYTES:
        raise _fail("DOJO003", _size_message(len(raw)))
    text, payload = _decode(raw)
    data, positions, found = _build(text if _WANTS_TEXT else payload, text)
    if found:
        raise YamlError(found)
    return SourceDoc(file, data, positions, text=text)


def _build(payload: bytes | str, text: str) -> tuple[Any, _Positions, list[Problem]]:
    """Run the builder: (data, positions, problems), never raising."""
    builder: _Builder | None = None
    fatal: Problem | None = None
    with gc_paused():
        try:
            builder = _Builder(payload)
            data = builder.run()
            return data, builder.positions, builder.duplicates
        except _Fatal as err:
            fatal = err.problem
        except yaml.YAMLError as err:
            too_deep = None
            if builder is not None:
                too_deep = _deeper_than_allowed(text, builder.depth_at_error, builder.event_at_error, err)
            fatal = too_deep or _yaml_error(err, text)
        except RecursionError:  # the loop is iterative; a last line of defence
            fatal = Problem("DOJO008", _TOO_DEEP)
        except MemoryError:
            fatal = Problem("DOJO004", "ran out of memory reading the file")
        except Exception as err:  # never a traceback, whatever the bytes are
            fatal = Problem("DOJO004", f"could not read the YAML ({type(err).__name__}: {err})")
        finally:
            if builder is not None:
                builder.loader.dispose()
    duplicates = builder.duplicates if builder is not None else []
    return None, {}, [*duplicates, fatal]


def _size_message(size: int) -> str:
    """'file is 10.0 MB; the limit is 8 MB'."""
    mib = 1024 * 1024
    return f"file is {size / mib:.1f} MB; the limit is {MAX_FILE_BYTES // mib} MB"


def read_yaml_file(path: str | os.PathLike[str]) -> SourceDoc:
    """Read and parse a file: DOJO001 if it can't be read, DOJO003 if too large."""
    file = os.fspath(path)
    try:
        info = os.stat(file)  # before opening: opening a FIFO would block forever
        if stat.S_ISDIR(info.st_mode):
            raise _fail("DOJO001", "cannot read the file: it is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise _fail("DOJO001", "cannot read the file: it is not a regular file")
        if info.st_size > MAX_FILE_BYTES:  # before reading: never load a huge file
            raise _fail("DOJO003", _size_message(info.st_size))
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # one byte more tells if it grew since
    except OSError as err:
        reason = err.strerror or str(err)
        raise _fail("DOJO001", f"cannot read the file: {reason}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _fail("DOJO003", f"file is over the limit of {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return read_yaml(raw, file)
