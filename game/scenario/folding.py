"""Folded YAML text (`>-`) in Chinese and Japanese: a line break between two wide characters is removed.

YAML folds a line break inside `>` text into a space, which is right between English words
and wrong between Chinese characters (`你好 世界`). The W3C CSS Text rule for segment
breaks says what a reader expects instead: when the characters on both sides of the break
are East Asian Fullwidth, Wide or Halfwidth (not Ambiguous), and neither is Hangul (Korean
puts spaces between words), the break is removed, not turned into a space.

PyYAML has already folded the text when the loader sees it, and a space it made cannot be
told from a space the author typed. So the scalar is read again as written: its lines are
taken from the file text at the scalar's position and parsed as literal (`|`) text, which
keeps every line break, and folded here. That fold, done the YAML way (every break a
space), must give exactly PyYAML's value; only then is the wide-character fold used, so an
odd scalar this reading does not cover (an explicit indentation digit, a tag before it)
keeps PyYAML's value unchanged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import yaml

from game.scenario.source import SourceDoc

_WIDE = frozenset({"F", "W", "H"})


def joins_without_space(before: str, after: str) -> bool:
    """True when a folded line break between the characters `before` and `after` is removed (the CSS segment-break rule)."""
    return _wide(before) and _wide(after)


def _wide(char: str) -> bool:
    """East Asian Fullwidth, Wide or Halfwidth, and not Hangul."""
    return unicodedata.east_asian_width(char) in _WIDE and not unicodedata.name(char, "").startswith("HANGUL")


def fold(literal: str, wide_rule: bool = True) -> str:
    """Fold literal block text as YAML's `>` does; with `wide_rule`, a break between two wide characters is removed.

    Lines that start with a space or tab (more indented) keep their line breaks, a run of
    empty lines between text lines becomes that many line breaks, and the trailing line
    breaks (what chomping left) stay as they are.
    """
    core = literal.rstrip("\n")
    tail = literal[len(core) :]
    body = core.lstrip("\n")
    lead = core[: len(core) - len(body)]
    parts = body.split("\n")
    out = [parts[0]]
    previous, empty = parts[0], 0
    for part in parts[1:]:
        if part == "":
            empty += 1
            continue
        if previous[:1] not in (" ", "\t") and part[:1] not in (" ", "\t"):
            if empty:
                out.append("\n" * empty)
            else:
                out.append("" if wide_rule and joins_without_space(previous[-1], part[0]) else " ")
        else:
            out.append("\n" * (empty + 1))
        out.append(part)
        previous, empty = part, 0
    return lead + "".join(out) + tail


def refold_scalar(text: str, line: int, col: int, value: str) -> str:
    """The folded scalar written at 1-based `line`:`col` of `text` with the wide-character rule, or `value` as PyYAML read it."""
    literal = _literal_at(text, line, col)
    if literal is None or fold(literal, wide_rule=False) != value:
        return value
    return fold(literal)


def _literal_at(text: str, line: int, col: int) -> str | None:
    """The `>` scalar at line:col read as literal text (every break kept), or None if it is not one this can read."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    header = lines[line - 1][col - 1 :]
    if not header.startswith(">") or any(char.isdigit() for char in header.split("#", 1)[0]):
        return None
    body: list[str] = []
    indent: int | None = None
    for row in lines[line:]:
        if row.strip(" ") == "":
            body.append(row)
            continue
        spaces = len(row) - len(row.lstrip(" "))
        if indent is None:
            indent = spaces
        elif spaces < indent:
            break
        body.append(row)
    if indent is None or indent == 0:
        return None
    try:
        value = yaml.safe_load("|" + header[1:] + "\n" + "\n".join(body) + "\n")
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) else None


def refold_document(doc: SourceDoc) -> None:
    """Apply the wide-character fold to every folded text of the document, in place (a no-op without the file text)."""
    if not doc.text or ">" not in doc.text:
        return
    for container, key, path in _candidates(doc.data, ()):
        line, col = doc.mark(path)
        container[key] = refold_scalar(doc.text, line, col, container[key])


def _candidates(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[Any, Any, tuple[str | int, ...]]]:
    """(container, key, path) of every text that could hold a folded break between wide characters."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(node, path)]
    seen: set[int] = set()  # a list or mapping shared through an alias is visited once
    while stack:
        current, where = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        items = current.items() if isinstance(current, dict) else enumerate(current) if isinstance(current, list) else ()
        for key, value in items:
            if isinstance(value, str):
                if " " in value and not value.isascii():
                    yield current, key, (*where, key)
            elif isinstance(value, dict | list):
                stack.append((value, (*where, key)))
