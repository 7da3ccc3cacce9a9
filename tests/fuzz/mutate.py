"""YAML mutations: hypothesis strategies that damage a good file in the ways files get damaged.

Each mutation is small and local (a flipped byte, a deleted or repeated line, a changed
indent, an anchor and alias, a merge key, a tag, a huge number or NaN, odd Unicode, a
BOM, CRLF line ends...), and several are stacked on one seed file, so the result is
mostly still YAML and reaches the schema, the compiler and the engine, not only the
parser.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

# Values that probe the scalar resolver and the schema's types.
ODD_SCALARS = [
    "null", "~", "", "[]", "{}", "yes", "no", "on", "off", "y", "NO", "True", "FALSE", "-", "0", "-0", "+5",
    "1.0", "1e3", "1e999", "-1e999", ".nan", ".NaN", ".inf", "-.inf", "0x1F", "0o17", "017", "1_000", "0b101",
    "9" * 30, "-" + "9" * 30, "9" * 5000, "1" + "0" * 4301, "2001-12-14", "12:30:00", '"unterminated', "'a''b'",
    "|", ">", "|-", ">+", "? x", "*nowhere", "&lonely", "!", "!!str 5", "!!int x", "!!float 1", "!!bool yes",
    "!!null ''", "!!binary aGVsbG8=", "!!python/object:os.system", "!custom x", "!!set {a}", "!!omap [a: 1]",
    "!!timestamp 2001-12-14", '"\\x00"', '"\\u202e"', '"\\U0001F600"', '"\\e[2J"', '"\\N\\_\\L\\P"', "'\t'",
    "%", "@x", "`x", "#x", "a: b: c", "[a, [b, [c]]]", "{a: {b: {c: d}}}", "[a, b", "{a: b", "- - -",
    "../../etc/passwd", "/etc/passwd", "C:\\\\x", "http://x/y.png", "portraits/../../x", "nul\\0",
]  # fmt: skip

ODD_TEXT = [
    "\u202e", "\u200b", "\u200d", "\ufeff", "\ufffe", "\u2028", "\u2029", "\x85", "\x00", "\x1b[2J", "\x7f",
    "\u0301\u0301\u0301", "\U0001f600", "\U0010ffff", "\ud7ff", "\ue000", "\u00a0", "\t", "\r", "\r\n", "\\",
    "\u0130", "\u212a", "ﬀ", "Ω", "\u3000", "\ufe0f", "&", "*", "!", "|", ">", "'", '"', "#", "%", "@", "`",
]  # fmt: skip

TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq", "!!binary", "!!set", "!!omap",
        "!!python/tuple", "!custom", "!", "!<tag:yaml.org,2002:str>", "!e!x"]  # fmt: skip

BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]

_VALUE = re.compile(rb"^(\s*(?:- )?[A-Za-z0-9_-]+:)[ ]+(\S.*)$")


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _pick(draw: st.DrawFn, items: list[Any]) -> int:
    """An index into a non-empty list."""
    return draw(st.integers(0, len(items) - 1))


def _value_lines(lines: list[bytes]) -> list[int]:
    """The indexes of `key: value` lines."""
    return [i for i, line in enumerate(lines) if _VALUE.match(line)]


def _on_value(draw: st.DrawFn, raw: bytes, change: Any) -> bytes:
    """Replace the value of one `key: value` line with `change(key_part, value)`."""
    lines = _lines(raw)
    candidates = _value_lines(lines)
    if not candidates:
        return raw
    index = candidates[_pick(draw, candidates)]
    match = _VALUE.match(lines[index])
    assert match is not None
    lines[index] = change(match.group(1), match.group(2))
    return b"\n".join(lines)


def flip_byte(draw: st.DrawFn, raw: bytes) -> bytes:
    """XOR one byte with a random mask."""
    if not raw:
        return raw
    at = _pick(draw, list(range(len(raw)))) if len(raw) < 64 else draw(st.integers(0, len(raw) - 1))
    mask = draw(st.integers(1, 255))
    return raw[:at] + bytes([raw[at] ^ mask]) + raw[at + 1 :]


def delete_lines(draw: st.DrawFn, raw: bytes) -> bytes:
    """Delete a run of one to three lines."""
    lines = _lines(raw)
    at = _pick(draw, lines)
    return b"\n".join(lines[:at] + lines[at + draw(st.integers(1, 3)) :])


def duplicate_line(draw: st.DrawFn, raw: bytes) -> bytes:
    """Repeat a line just after itself, or somewhere else."""
    lines = _lines(raw)
    at, to = _pick(draw, lines), _pick(draw, lines)
    return b"\n".join(lines[:to] + [lines[at]] + lines[to:])


def swap_lines(draw: st.DrawFn, raw: bytes) -> bytes:
    """Exchange two lines."""
    lines = _lines(raw)
    a, b = _pick(draw, lines), _pick(draw, lines)
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def reindent(draw: st.DrawFn, raw: bytes) -> bytes:
    """Add or remove indentation on a line (spaces or a tab)."""
    lines = _lines(raw)
    at = _pick(draw, lines)
    how = draw(st.sampled_from([b" ", b"  ", b"    ", b"\t", b"-", b"", b"\xc2\xa0"]))
    if draw(st.booleans()):
        lines[at] = how + lines[at]
    else:
        lines[at] = lines[at][draw(st.integers(1, 4)) :]
    return b"\n".join(lines)


def odd_scalar(draw: st.DrawFn, raw: bytes) -> bytes:
    """Replace a value with an odd scalar (a huge number, NaN, a YAML 1.1 word, a tag, a path...)."""
    value = draw(st.sampled_from(ODD_SCALARS)).encode("utf-8")
    return _on_value(draw, raw, lambda key, _old: key + b" " + value)


def number_change(draw: st.DrawFn, raw: bytes) -> bytes:
    """Replace a number somewhere with another number: huge, negative, zero, a float."""
    numbers = [m.span() for m in re.finditer(rb"(?<![\w.])-?\d+(?![\w.])", raw)]
    if not numbers:
        return raw
    start, end = numbers[_pick(draw, numbers)]
    new = draw(
        st.one_of(
            st.integers(-(10**12), 10**12).map(str),
            st.sampled_from(["0", "-1", "1e9", "1000000001", "-1000000001", "9" * 400, ".nan", "1.5"]),
        )
    ).encode()
    return raw[:start] + new + raw[end:]


def alias_value(draw: st.DrawFn, raw: bytes) -> bytes:
    """Put an anchor on one value and an alias to it on a later one (or a merge key, or a loop)."""
    lines = _lines(raw)
    candidates = _value_lines(lines)
    if len(candidates) < 2:
        return raw
    first, second = sorted((candidates[_pick(draw, candidates)], candidates[_pick(draw, candidates)]))
    name = draw(st.sampled_from([b"a", b"x1", b"anchor"]))
    head = _VALUE.match(lines[first])
    assert head is not None
    lines[first] = head.group(1) + b" &" + name + b" " + head.group(2)
    kind = draw(st.sampled_from(["alias", "merge", "self", "twice", "unknown"]))
    tail = _VALUE.match(lines[second])
    assert tail is not None
    if kind == "alias":
        lines[second] = tail.group(1) + b" *" + name
    elif kind == "merge":
        indent = re.match(rb"\s*", lines[second]).group()  # type: ignore[union-attr]
        lines.insert(second, indent + b"<<: *" + name)
    elif kind == "self":
        lines[first] = head.group(1) + b" &" + name + b" [*" + name + b"]"
    elif kind == "twice":
        lines[second] = tail.group(1) + b" &" + name + b" " + tail.group(2)
    else:
        lines[second] = tail.group(1) + b" *missing"
    return b"\n".join(lines)


def add_tag(draw: st.DrawFn, raw: bytes) -> bytes:
    """Put a tag in front of a value."""
    tag = draw(st.sampled_from(TAGS)).encode()
    return _on_value(draw, raw, lambda key, old: key + b" " + tag + b" " + old)


def odd_unicode(draw: st.DrawFn, raw: bytes) -> bytes:
    """Insert an odd character (bidi override, zero width, NEL, U+FFFE, a NUL...)."""
    text = draw(st.one_of(st.sampled_from(ODD_TEXT), st.characters(codec="utf-8"))).encode("utf-8", "surrogatepass")
    at = draw(st.integers(0, len(raw)))
    return raw[:at] + text + raw[at:]


def random_bytes(draw: st.DrawFn, raw: bytes) -> bytes:
    """Insert a few arbitrary bytes."""
    blob = draw(st.binary(min_size=1, max_size=8))
    at = draw(st.integers(0, len(raw)))
    return raw[:at] + blob + raw[at:]


def bom(draw: st.DrawFn, raw: bytes) -> bytes:
    """Put a byte-order mark at the start."""
    return draw(st.sampled_from(BOMS)) + raw


def line_ends(draw: st.DrawFn, raw: bytes) -> bytes:
    """CRLF or CR line ends, all or partly."""
    new = draw(st.sampled_from([b"\r\n", b"\r", b"\x85", b"\xe2\x80\xa8"]))
    return raw.replace(b"\n", new, draw(st.sampled_from([-1, 1, 5])))


def truncate(draw: st.DrawFn, raw: bytes) -> bytes:
    """Cut the file short."""
    return raw[: draw(st.integers(0, len(raw)))]


def documents(draw: st.DrawFn, raw: bytes) -> bytes:
    """Add document markers or directives."""
    extra = draw(st.sampled_from([b"---\n", b"...\n", b"%YAML 1.1\n---\n", b"%TAG !e! tag:x,2000:\n---\n", b"--- |\n"]))
    return extra + raw if draw(st.booleans()) else raw + b"\n" + extra


def swap_ids(draw: st.DrawFn, raw: bytes) -> bytes:
    """Point a `next:`, `start:`, `speaker:` or `ending:` at another id of the file."""
    refs = [m.span(2) for m in re.finditer(rb"\b(next|start|speaker|ending|mood):\s*([a-z0-9_-]+)", raw)]
    words = sorted(set(re.findall(rb"^\s{2,4}([a-z0-9_-]+):\s*$", raw, re.M))) or [b"x"]
    if not refs:
        return raw
    start, end = refs[_pick(draw, refs)]
    return raw[:start] + words[_pick(draw, words)] + raw[end:]


def flow_bomb(draw: st.DrawFn, raw: bytes) -> bytes:
    """Deep flow nesting at a value."""
    depth = draw(st.integers(30, 200))
    return _on_value(draw, raw, lambda key, _old: key + b" " + b"[" * depth + b"]" * depth)


MUTATIONS = [
    flip_byte, delete_lines, duplicate_line, swap_lines, reindent, odd_scalar, number_change, alias_value,
    add_tag, odd_unicode, random_bytes, bom, line_ends, truncate, documents, swap_ids, flow_bomb,
]  # fmt: skip
# Mutations that keep a file mostly well formed: drawn more often, to reach past the parser.
GENTLE = [odd_scalar, number_change, swap_ids, delete_lines, duplicate_line, alias_value, add_tag]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], most: int = 6) -> bytes:
    """One seed file with one to `most` mutations stacked on it."""
    raw = seeds[draw(st.integers(0, len(seeds) - 1))]
    for _ in range(draw(st.integers(1, most))):
        pool = GENTLE if draw(st.integers(0, 2)) else MUTATIONS
        raw = draw(st.sampled_from(pool))(draw, raw)
    return raw
