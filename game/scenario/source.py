"""Read one scenario YAML file into plain data, remembering where every value came from.

`read_yaml` turns the bytes of a file into dicts, lists, strings, numbers, booleans and
None, or raises `DiagnosticError` with located, coded findings (DOJO001-DOJO010). It never
lets a traceback, a hang or a memory blow-up escape, whatever the bytes are.

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
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

from game.gcpause import gc_paused
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

from game.scenario.diagnostics import Diagnostic, DiagnosticError

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


def _decode(raw: bytes, file: str) -> tuple[str, bytes]:
    """The checked text and the bytes to parse (BOM stripped), or DOJO002."""
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]  # Windows Notepad writes one; positions start after it
    else:
        for bom, name in _OTHER_BOMS:
            if raw.startswith(bom):
                raise _fail("DOJO002", f"file is {name} encoded; save it as UTF-8", file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(raw[: err.start].decode("utf-8"), err.start)
        message = f"byte 0x{raw[err.start]:02X} is not valid UTF-8; save the file as UTF-8"
        raise _fail("DOJO002", message, file, line, col)
    # Fast path: a plain-ASCII file with no control characters needs no regex scan.
    if raw.translate(None, _ALLOWED_ASCII):
        _check_characters(text, file)
    return text, raw


def _check_characters(text: str, file: str) -> None:
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
    raise _fail("DOJO002", message, file, line, col)


# --------------------------------------------------------------------------- diagnostics


class _Fatal(Exception):
    """A finding that stops reading; carries the diagnostic until `read_yaml` raises."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _fail(code: str, message: str, file: str, line: int = 0, col: int = 0) -> DiagnosticError:
    """A DiagnosticError holding one finding (for checks made before parsing)."""
    return DiagnosticError([Diagnostic.make(code, message, file, line, col)])


def _fatal_at(code: str, message: str, file: str, mark: Any) -> _Fatal:
    """A fatal finding at a parser mark (0-based line and column there)."""
    return _Fatal(Diagnostic.make(code, message, file, mark.line + 1, mark.column + 1))


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


def _yaml_error(err: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    """DOJO004 (or DOJO002 for reader errors) for a parser complaint, in plain English."""
    if isinstance(err, yaml.reader.ReaderError):
        return Diagnostic.make("DOJO002", f"the file is not readable text: {err.reason}", file)
    problem = str(getattr(err, "problem", None) or err).strip()
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    if "tab" in problem or _char_at(text, line, col) == "\t":
        return Diagnostic.make("DOJO004", _TABS, file, line, col)
    message = problem
    context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        message += f" ({context} that started at line {context_mark.line + 1})"
    hint = next((h for key, h in _HINTS.items() if key in problem), None)
    if hint:
        message += f": {hint}"
    return Diagnostic.make("DOJO004", message, file, line, col)


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


class _Builder:
    """Builds plain data from the event stream of one document, in one iterative pass."""

    def __init__(self, payload: bytes | str, file: str):
        self.file = file
        self.loader = _LOADER(payload)
        self.anchors: dict[str, _Anchor] = {}
        self.count = 0  # nodes so far, counting every alias as its expanded size
        self.duplicates: list[Diagnostic] = []  # reported together once reading stops
        self.repeats: dict[int, list[int]] = {}  # id(mapping) -> where its repeated keys' marks are
        self.positions: _Positions = {}
        # The enclosing collections of the open one, outermost first: (container,
        # is_mapping, key or _MISSING, marks, anchor name, node count when it opened).
        self.stack: list[tuple[Any, bool, Any, Any, str | None, int]] = []

    def run(self) -> Any:
        """The document's data; raises _Fatal for the first non-duplicate problem."""
        get = self.loader.get_event
        get()  # StreamStartEvent
        event = get()
        if event.__class__ is StreamEndEvent:
            raise _Fatal(Diagnostic.make("DOJO010", _EMPTY, self.file))
        data = self._document(get)
        get()  # DocumentEndEvent
        event = get()
        if event.__class__ is DocumentStartEvent:
            message = "the file holds more than one YAML document; remove the '---' line and what follows"
            raise _fatal_at("DOJO009", message, self.file, event.start_mark)
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
                    raise _fatal_at("DOJO008", _TOO_DEEP, self.file, event.start_mark)
                if is_map and key is _MISSING:
                    message = "mapping keys must be plain names, not lists or mappings"
                    raise _fatal_at("DOJO004", message, self.file, event.start_mark)
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
                raise _fatal_at("DOJO004", message, self.file, event.start_mark)
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

    # The rare cases, kept out of the loop.

    def _odd_key(self, event: ScalarEvent, mapping: dict[str, Any], marks: list[Any]) -> None:
        """Check a key that has a tag or anchor, is '<<' or repeats an earlier key."""
        if event.tag is not None:
            self._check_scalar_tag(event)
        if event.value == "<<" and event.implicit[0]:
            message = "merge keys ('<<') are not supported; write the fields out"
            raise _fatal_at("DOJO006", message, self.file, event.start_mark)
        if event.anchor is not None:  # an alias to it is a value, so resolve it as one
            self._remember(event, self._scalar_value(event), 1)
        if event.value in mapping:
            if len(self.duplicates) >= MAX_DUPLICATES:
                message = f"more than {MAX_DUPLICATES} duplicate keys; fix the ones reported above first"
                raise _fatal_at("DOJO005", message, self.file, event.start_mark)
            first = _first_key_mark(mapping, event.value, marks, self.repeats.setdefault(id(mapping), []))
            mark = event.start_mark
            message = f"duplicate key {event.value!r} (first at line {first.line + 1})"
            self.duplicates.append(_fatal_at("DOJO005", message, self.file, mark).diagnostic)

    def _check_scalar_tag(self, event: ScalarEvent) -> None:
        """DOJO006 unless the scalar's tag is '!' or a core scalar tag."""
        if event.tag != "!" and event.tag not in _SCALAR_TAGS:
            raise self._bad_tag(event, event.tag)

    def _scalar_value(self, event: ScalarEvent) -> Any:
        """A scalar's value: core-schema resolution if plain, its tag's if tagged."""
        if event.tag is None:
            return _resolve_plain(event.value) if event.implicit[0] else event.value
        return self._tagged_scalar(event)

    def _tagged_scalar(self, event: ScalarEvent) -> Any:
        """The value of a scalar with an explicit tag (`!!str 10` is "10")."""
        self._check_scalar_tag(event)
        if event.tag == "!":  # the non-specific tag: a string, as for quoted text
            return event.value
        value = _resolve_tagged(event.tag, event.value)
        if value is _MISSING:
            message = f"the value {event.value!r} doesn't fit its tag '{_show_tag(event.tag)}'"
            raise _fatal_at("DOJO006", message, self.file, event.start_mark)
        return value

    def _check_collection_tag(self, event: Event, allowed: str) -> None:
        """DOJO006 unless a list or mapping is tagged '!' or with its own core tag."""
        tag = event.tag  # type: ignore[attr-defined]
        if tag != "!" and tag != allowed:
            raise self._bad_tag(event, tag)

    def _bad_tag(self, event: Event, tag: str) -> _Fatal:
        """DOJO006 for a tag outside the core schema."""
        message = f"the tag '{_show_tag(tag)}' is not allowed: scenario files hold plain data only"
        return _fatal_at("DOJO006", message, self.file, event.start_mark)

    def _remember(self, event: Event, value: Any, size: int | None) -> None:
        """Record an `&anchor` so later aliases can share its value."""
        name = event.anchor  # type: ignore[attr-defined]
        earlier = self.anchors.get(name)
        if earlier is not None:
            message = f"the anchor '&{name}' is defined twice (first at line {earlier.line}); rename one"
            raise _fatal_at("DOJO004", message, self.file, event.start_mark)
        self.anchors[name] = _Anchor(value, size, event.start_mark.line + 1)

    def _alias(self, event: AliasEvent, as_key: bool) -> Any:
        """The shared value of `*name`, counting its expanded size against the limit."""
        name = event.anchor
        if as_key:
            message = "mapping keys must be plain names, not aliases"
            raise _fatal_at("DOJO004", message, self.file, event.start_mark)
        anchor = self.anchors.get(name)
        if anchor is None:
            message = f"the alias '*{name}' has no anchor '&{name}' before it"
            raise _fatal_at("DOJO004", message, self.file, event.start_mark)
        if anchor.size is None:  # PyYAML would build a self-containing structure
            message = f"the alias '*{name}' is inside the value it refers to, which would repeat forever"
            raise _fatal_at("DOJO007", message, self.file, event.start_mark)
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
        raise _fatal_at("DOJO007", message, self.file, event.start_mark)

    def _check_not_empty(self, event: ScalarEvent) -> None:
        """DOJO010 for a document that is nothing but '---' (an empty plain root)."""
        if event.value == "" and event.implicit[0] and event.tag is None and event.anchor is None:
            raise _Fatal(Diagnostic.make("DOJO010", _EMPTY, self.file))


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


# --------------------------------------------------------------------------- entry points


def read_yaml(raw: bytes, file: str) -> SourceDoc:
    """Plain data and positions from the bytes of one YAML file; raises DiagnosticError."""
    if not isinstance(raw, bytes):
        raw = bytes(raw)  # a bytearray or memoryview
    if len(raw) > MAX_FILE_BYTES:
        raise _fail("DOJO003", _size_message(len(raw)), file)
    text, payload = _decode(raw, file)
    if _WANTS_TEXT:
        payload = text
    data, positions, found = _build(payload, text, file)
    if found:
        raise DiagnosticError(found)
    return SourceDoc(file, data, positions)


def _build(payload: bytes | str, text: str, file: str) -> tuple[Any, _Positions, list[Diagnostic]]:
    """Run the builder: (data, positions, findings), never raising."""
    builder: _Builder | None = None
    fatal: Diagnostic | None = None
    with gc_paused():
        try:
            builder = _Builder(payload, file)
            data = builder.run()
            return data, builder.positions, builder.duplicates
        except _Fatal as err:
            fatal = err.diagnostic
        except yaml.YAMLError as err:
            fatal = _yaml_error(err, text, file)
        except RecursionError:  # the loop is iterative; a last line of defence
            fatal = Diagnostic.make("DOJO008", _TOO_DEEP, file)
        except MemoryError:
            fatal = Diagnostic.make("DOJO004", "ran out of memory reading the file", file)
        except Exception as err:  # never a traceback, whatever the bytes are
            message = f"could not read the YAML ({type(err).__name__}: {err})"
            fatal = Diagnostic.make("DOJO004", message, file)
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
            raise _fail("DOJO001", "cannot read the file: it is a directory", file)
        if not stat.S_ISREG(info.st_mode):
            raise _fail("DOJO001", "cannot read the file: it is not a regular file", file)
        if info.st_size > MAX_FILE_BYTES:  # before reading: never load a huge file
            raise _fail("DOJO003", _size_message(info.st_size), file)
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # one byte more tells if it grew since
    except OSError as err:
        reason = err.strerror or str(err)
        raise _fail("DOJO001", f"cannot read the file: {reason}", file) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _fail("DOJO003", f"file is over the limit of {MAX_FILE_BYTES // (1024 * 1024)} MB", file)
    return read_yaml(raw, file)
