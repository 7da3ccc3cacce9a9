"""Tests for scoring.safe_yaml, the one hardened YAML reader: bytes to plain data with positions, or coded problems.

Most tests read through `game.scenario.source.read_yaml`, which gives the same problems as
located diagnostics; the rubric reads through the same code (tests/test_rubric.py).
"""

from __future__ import annotations

import gc
import math
import os
import re
from pathlib import Path as FilePath
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import safe_yaml as source
from game.scenario.diagnostics import CODES, Diagnostic, DiagnosticError
from game.scenario.source import read_yaml, read_yaml_file
from scoring.safe_yaml import MAX_DEPTH, MAX_DUPLICATES, MAX_EXPANDED_NODES, MAX_FILE_BYTES, SourceDoc
from tests.work_helpers import parser_events, python_calls


def findings(raw: bytes | str, file: str = "s.yaml") -> list[Diagnostic]:
    """The diagnostics read_yaml raises for `raw` (failing the test if it loads)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    with pytest.raises(DiagnosticError) as caught:
        read_yaml(raw, file)
    return caught.value.diagnostics


def one(raw: bytes | str) -> Diagnostic:
    """The single diagnostic read_yaml raises for `raw`."""
    found = findings(raw)
    assert len(found) == 1, found
    return found[0]


def load(text: str) -> Any:
    """The plain data read_yaml gives for `text`."""
    return read_yaml(text.encode("utf-8"), "s.yaml").data


SCENARIO = """\
# a comment first
format: 1
title: The water-stained boots
nodes:
  opening:
    say:
      - text: "Hello"
    choices:
      - id: listen
        next: her-story
      - {id: quote, next: deadlock}
"""


# --------------------------------------------------------------------------- data and positions


def test_reads_plain_data_with_mappings_in_file_order() -> None:
    """A scenario becomes dicts (in file order), lists and scalars."""
    doc = read_yaml(SCENARIO.encode(), "boots.yaml")
    assert doc.file == "boots.yaml"
    assert list(doc.data) == ["format", "title", "nodes"]
    assert doc.data["nodes"]["opening"]["choices"][1] == {"id": "quote", "next": "deadlock"}


def test_marks_give_exact_value_and_key_positions() -> None:
    """mark() points at values, key_mark() at their keys, 1-based."""
    doc = read_yaml(SCENARIO.encode(), "boots.yaml")
    assert doc.mark(("title",)) == (3, 8)
    assert doc.key_mark(("title",)) == (3, 1)
    assert doc.mark(("nodes", "opening", "choices", 0, "next")) == (10, 15)
    assert doc.key_mark(("nodes", "opening", "choices", 0, "next")) == (10, 9)
    assert doc.mark(("nodes", "opening", "choices", 1)) == (11, 9)
    assert doc.mark(("nodes", "opening", "choices", 1, "next")) == (11, 27)
    assert doc.key_mark(("nodes", "opening", "choices", 1, "next")) == (11, 21)
    assert doc.mark(("nodes", "opening", "say", 0, "text")) == (7, 15)


def test_marks_fall_back_to_nearest_existing_ancestor() -> None:
    """A missing path gives the position of its deepest existing ancestor; the root is (1, 1)."""
    doc = read_yaml(SCENARIO.encode(), "boots.yaml")
    assert doc.mark(("nodes", "opening", "missing", 3)) == doc.mark(("nodes", "opening"))
    assert doc.key_mark(("nodes", "opening", "missing")) == (5, 3)
    assert doc.mark(("nodes", "opening", "choices", 99)) == (9, 7)
    assert doc.mark(("nope",)) == (1, 1)
    assert doc.mark(()) == doc.key_mark(()) == (1, 1)


def test_sourcedoc_without_text_marks_the_root() -> None:
    """A SourceDoc built by hand answers every position with (1, 1)."""
    doc = SourceDoc("x.yaml", {"a": 1})
    assert doc.mark(("a",)) == (1, 1)


def test_a_5000_node_scenario_loads() -> None:
    """A ~4.4 MB scenario of 5,000 nodes is under the limits and loads."""
    text = "nodes:\n" + "".join(
        f"  n{i}:\n    speaker: lin\n    say:\n      - text: \"{'Please listen to me. ' * 6}\"\n"
        f"    choices:\n"
        + "".join(
            f"      - id: c{i}-{j}\n        text: \"{'I hear you, truly. ' * 5}\"\n"
            f"        tags: [empathy.acknowledge, listening.open-question]\n"
            f"        effects: {{anger: -10, trust: +10}}\n        next: n{i + 1}\n"
            for j in range(3)
        )
        for i in range(5000)
    )
    raw = text.encode()
    assert 4_000_000 < len(raw) < MAX_FILE_BYTES
    doc = read_yaml(raw, "big.yaml")
    assert doc.data["nodes"]["n4999"]["choices"][2]["effects"] == {"anger": -10, "trust": 10}
    assert doc.mark(("nodes", "n4999", "choices", 2, "next"))[0] == text.count("\n")


# --------------------------------------------------------------------------- size and reading


def test_too_large_bytes_give_dojo003() -> None:
    """More than MAX_FILE_BYTES gives DOJO003 'file is 10.0 MB; the limit is 8 MB' at 0:0."""
    found = one(b"a" * (10 * 1024 * 1024))
    assert (found.code, found.line, found.col) == ("DOJO003", 0, 0)
    assert found.message == "file is 10.0 MB; the limit is 8 MB"


def test_read_yaml_file_checks_size_before_reading(tmp_path: FilePath, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 10 MB file gives DOJO003 from its size alone, without opening it."""
    big = tmp_path / "big.yaml"
    with open(big, "wb") as stream:
        stream.truncate(10 * 1024 * 1024)  # sparse: no disk used

    def no_open(*args: object, **kwargs: object) -> None:
        """Stands in for open(): the size check must come first."""
        raise AssertionError("opened before the size check")

    monkeypatch.setattr(source, "open", no_open, raising=False)
    with pytest.raises(DiagnosticError) as caught:
        read_yaml_file(big)
    [found] = caught.value.diagnostics
    assert (found.code, found.message, found.file) == ("DOJO003", "file is 10.0 MB; the limit is 8 MB", str(big))


def test_read_yaml_file_reads_a_file(tmp_path: FilePath) -> None:
    """read_yaml_file reads a path and names the file in the SourceDoc."""
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"a: 1\n")
    doc = read_yaml_file(path)
    assert (doc.data, doc.file) == ({"a": 1}, str(path))


def test_unreadable_file_gives_dojo001_with_the_reason(tmp_path: FilePath) -> None:
    """A missing file, a directory or a FIFO (which would block) gives DOJO001 and why."""
    cases = [(tmp_path / "missing.yaml", "No such file or directory"), (tmp_path, "directory")]
    if hasattr(os, "mkfifo"):  # POSIX only
        os.mkfifo(tmp_path / "pipe.yaml")
        cases.append((tmp_path / "pipe.yaml", "not a regular file"))
    for path, reason in cases:
        with pytest.raises(DiagnosticError) as caught:
            read_yaml_file(path)
        [found] = caught.value.diagnostics
        assert found.code == "DOJO001" and reason in found.message


# --------------------------------------------------------------------------- encoding


def test_utf8_bom_is_stripped_and_positions_stay_right() -> None:
    """A leading UTF-8 BOM is accepted; positions count from after it, CRLF lines too."""
    doc = read_yaml(b"\xef\xbb\xbftitle: Boots\r\nmeters:\r\n  anger: 70\r\n", "bom.yaml")
    assert doc.data == {"title": "Boots", "meters": {"anger": 70}}
    assert doc.key_mark(("title",)) == (1, 1)
    assert doc.mark(("meters", "anger")) == (3, 10)


@pytest.mark.parametrize(
    ("bom", "name"),
    [(b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32")],
)
def test_utf16_and_utf32_boms_give_dojo002(bom: bytes, name: str) -> None:
    """A UTF-16 or UTF-32 BOM gives DOJO002 'file is UTF-16 encoded; save it as UTF-8'."""
    found = one(bom + "a: 1\n".encode("utf-16-le"))
    assert (found.code, found.message) == ("DOJO002", f"file is {name} encoded; save it as UTF-8")


def test_invalid_utf8_gives_dojo002_at_the_first_bad_byte() -> None:
    """Invalid UTF-8 gives DOJO002 at the line and column of the first bad byte."""
    found = one(b"a: 1\nb: caf\xc3\xa9 \xff\xfe\n")
    assert (found.code, found.line, found.col) == ("DOJO002", 2, 9)
    assert "0xFF" in found.message


@pytest.mark.parametrize(("char", "col"), [("\x00", 5), ("\x07", 5), ("\x1b", 5), ("\x7f", 5), ("\ufffe", 5)])
def test_control_characters_give_dojo002_at_their_position(char: str, col: int) -> None:
    """NUL, other C0 controls and other characters YAML forbids give DOJO002 where they are."""
    found = one(f"a: 1\nb: x{char}y\n")
    assert (found.code, found.line, found.col) == ("DOJO002", 2, col)


def test_tabs_and_line_breaks_are_allowed_characters() -> None:
    """Tab, LF and CR are not control-character errors."""
    assert load("a: 'x\ty'\r\nb: 2\n") == {"a": "x\ty", "b": 2}


# --------------------------------------------------------------------------- documents and syntax


@pytest.mark.parametrize("text", ["", "# only a comment\n\n# and another\n", "---\n", "--- # nothing\n...\n"])
def test_empty_or_comment_only_file_gives_dojo010(text: str) -> None:
    """A file with no data gives DOJO010."""
    assert one(text).code == "DOJO010"


def test_second_document_gives_dojo009_at_its_start() -> None:
    """A second YAML document gives DOJO009 where it starts."""
    found = one("a: 1\n---\nb: 2\n")
    assert (found.code, found.line, found.col) == ("DOJO009", 2, 1)


def test_syntax_error_gives_dojo004_with_position_and_plain_words() -> None:
    """A YAML syntax error gives DOJO004 at the problem, keeping PyYAML's text plus a hint."""
    found = one("title: Boots\nsay: He said: no\n")
    assert (found.code, found.line, found.col) == ("DOJO004", 2, 13)
    assert "mapping values are not allowed" in found.message and "quotes" in found.message


def test_unclosed_bracket_names_where_the_list_started() -> None:
    """An unclosed [ list says where the list started."""
    found = one("a: 1\nb: [x, y\nc: 2\n")
    assert found.code == "DOJO004" and "started at line 2" in found.message


@pytest.mark.parametrize("text", ["a:\n\tb: 1\n", "a:\n  b: 1\n\tc: 2\n", "- a\n\t- b\n"])
def test_tab_indentation_gives_a_plain_message(text: str) -> None:
    """Tabs used for indentation give DOJO004 'tabs can't be used for indentation...'."""
    found = one(text)
    assert found.code == "DOJO004"
    assert found.message == "tabs can't be used for indentation in YAML; use spaces"


# --------------------------------------------------------------------------- keys


def test_duplicate_keys_stop_reading_after_the_limit() -> None:
    """100,000 repeated keys give MAX_DUPLICATES findings and one that stops reading: the other repeats are never read."""
    raw = b"".join(b"k%d: v\n" % i for i in range(100_000)) * 2
    with parser_events() as events:
        found = findings(raw)
    lines_read = 100_000 + MAX_DUPLICATES + 1  # a key and a value event per line, up to the one that stops
    assert events.count <= 2 * lines_read + 10, f"read {events.count:,} parser events: reading went on past the limit"
    assert len(found) == MAX_DUPLICATES + 1 and {d.code for d in found} == {"DOJO005"}
    assert found[-1].message == f"more than {MAX_DUPLICATES} duplicate keys; fix the ones reported above first"
    assert found[-1].line == 100_000 + MAX_DUPLICATES + 1


def test_all_duplicate_keys_are_reported_at_the_second_key() -> None:
    """Every duplicate key gives DOJO005 at the repeat, naming the first's line."""
    found = findings("id: a\ntitle: A\ntitle: B\nnodes:\n  n1: {x: 1, x: 2}\n  n1: 3\n")
    assert [(d.code, d.line, d.col) for d in found] == [("DOJO005", 3, 1), ("DOJO005", 5, 14), ("DOJO005", 6, 3)]
    assert found[0].message == "duplicate key 'title' (first at line 2)"
    assert found[1].message == "duplicate key 'x' (first at line 5)"


def test_repeated_keys_each_name_their_first_occurrence() -> None:
    """Several repeats in one mapping each point back to the right first line."""
    found = findings("a: 1\nb: 2\na: 3\nc: 4\nb: 5\nc: 6\na: 7\n")
    assert [(d.line, d.message) for d in found] == [
        (3, "duplicate key 'a' (first at line 1)"),
        (5, "duplicate key 'b' (first at line 2)"),
        (6, "duplicate key 'c' (first at line 4)"),
        (7, "duplicate key 'a' (first at line 1)"),
    ]


def test_duplicates_are_reported_with_a_later_fatal_error() -> None:
    """Duplicates found before a fatal error are reported along with it."""
    found = findings("a: 1\na: 2\nb: [\n")
    assert [d.code for d in found] == ["DOJO005", "DOJO004"]


def test_keys_are_the_scalar_text() -> None:
    """Keys are strings of their text: 'yes', '1', 'null' and '' stay as written."""
    assert load("yes: 1\n1: 2\nnull: 3\n'': 4\non: 5\n") == {"yes": 1, "1": 2, "null": 3, "": 4, "on": 5}


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "{[a]: 1}\n", "? {a: 1}\n: 2\n"])
def test_complex_keys_give_dojo004(text: str) -> None:
    """A list or mapping as a key gives DOJO004 'mapping keys must be plain names'."""
    found = one(text)
    assert found.code == "DOJO004" and found.message.startswith("mapping keys must be plain names")


def test_merge_keys_give_dojo006() -> None:
    """A '<<' merge key gives DOJO006 with the plain message; a quoted '<<' is an ordinary key."""
    found = one("base: &b {a: 1}\nnode:\n  <<: *b\n")
    assert (found.code, found.line, found.col) == ("DOJO006", 3, 3)
    assert found.message == "merge keys ('<<') are not supported; write the fields out"
    assert load("'<<': 1\n") == {"<<": 1}


# --------------------------------------------------------------------------- tags and scalars


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!python/object/apply:os.system ['ls']\n", "!!python/object/apply:os.system"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!timestamp 2024-01-01\n", "!!timestamp"),
        ("a: !!set {x, y}\n", "!!set"),
        ("a: !!omap [x: 1]\n", "!!omap"),
        ("a: !foo bar\n", "!foo"),
        ("!!python/name:os.system x: 1\n", "!!python/name:os.system"),
    ],
)
def test_non_core_tags_give_dojo006(text: str, shown: str) -> None:
    """Any tag outside the core schema gives DOJO006 naming the tag as written."""
    found = one(text)
    assert found.code == "DOJO006"
    assert found.message == f"the tag '{shown}' is not allowed: scenario files hold plain data only"


def test_dangerous_tag_position_is_exact() -> None:
    """The forbidden tag is reported where its node starts."""
    found = one("ok: 1\nrun: !!python/object/apply:os.system ['ls']\n")
    assert (found.line, found.col) == (2, 6)


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
        ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("NO", "NO"),
        ("null", None), ("Null", None), ("NULL", None), ("~", None), ("", None), ("nil", "nil"),
        ("10", 10), ("+10", 10), ("-5", -5), ("007", 7), ("0x1F", 31), ("0o17", 15), ("1_000", "1_000"),
        ("1.5", 1.5), ("1e3", 1000.0), ("-2.5E-1", -0.25), (".5", 0.5), ("5.", 5.0), (".inf", math.inf),
        ("-.Inf", -math.inf), ("2024-01-01", "2024-01-01"), ("12:30", "12:30"), ("0b101", "0b101"),
        ("anger >= 80", "anger >= 80"), pytest.param("1" * 5000, "1" * 5000, id="5000-digit-int-stays-text"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(plain: str, value: Any) -> None:
    """Plain scalars resolve by YAML 1.2 core rules: no Norway problem, no sexagesimals."""
    got = load(f"v: {plain}\n")["v"]
    assert got == value and type(got) is type(value)


def test_nan_resolves_to_a_float_nan() -> None:
    """'.nan' is a float NaN."""
    assert math.isnan(load("v: .nan\n")["v"])


def test_quoted_and_block_scalars_are_always_strings() -> None:
    """Quoted, literal and folded scalars are strings, whatever they say."""
    text = "a: 'true'\nb: \"10\"\nc: |\n  null\nd: >\n  1.5\ne: '~'\n"
    assert load(text) == {"a": "true", "b": "10", "c": "null\n", "d": "1.5\n", "e": "~"}


def test_explicit_core_tags_apply() -> None:
    """Core tags convert their scalar: !!str 10 is '10', !!int '7' is 7, '!' keeps text."""
    text = "a: !!str 10\nb: !!int '7'\nc: !!float 1\nd: !!bool 'true'\ne: !!null ''\nf: ! 12\ng: !!map {x: 1}\nh: !!seq [1]\n"
    assert load(text) == {"a": "10", "b": 7, "c": 1.0, "d": True, "e": None, "f": "12", "g": {"x": 1}, "h": [1]}


def test_a_value_that_does_not_fit_its_tag_gives_dojo006() -> None:
    """'!!int abc' or a !!map tag on a list gives DOJO006."""
    assert one("a: !!int abc\n").code == "DOJO006"
    assert one("a: !!map [1]\n").code == "DOJO006"


# --------------------------------------------------------------------------- depth


def test_nesting_at_the_limit_loads_and_one_deeper_gives_dojo008() -> None:
    """MAX_DEPTH nested lists load; one more gives DOJO008 at the offending '['."""
    assert read_yaml(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, "d.yaml").data is not None
    found = one(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))
    assert (found.code, found.line, found.col) == ("DOJO008", 1, MAX_DEPTH + 1)


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000,  # libyaml is quadratic here and the C composer segfaults
        b"{a: " * 50_000,
        b"- " * 1_000_000 + b"x\n",
        "".join(" " * i + "k:\n" for i in range(4000)).encode(),  # ~8 MB of indented mappings
    ],
    ids=["100k-flow-lists", "50k-flow-maps", "1M-block-lists", "4000-indented-maps"],
)
def test_extreme_nesting_is_rejected_fast_without_crashing(raw: bytes) -> None:
    """Extreme nesting gives DOJO008 after reading no deeper than MAX_DEPTH + 1 levels: no segfault, no hang, no RecursionError."""
    with parser_events() as events:
        found = one(raw)
    assert found.code == "DOJO008"
    assert events.count <= 2 * (MAX_DEPTH + 1) + 10, f"read {events.count:,} parser events: reading did not stop at the limit"


# --------------------------------------------------------------------------- aliases

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


def test_aliases_share_the_anchored_value() -> None:
    """An alias gives the anchored value (shared, not copied)."""
    data = load("greeting: &hi {text: Hello}\nagain: *hi\nword: &w yes\nsame: *w\n")
    assert data["again"] is data["greeting"]
    assert data["same"] == "yes"


def test_billion_laughs_gives_dojo007_fast_at_the_crossing_alias() -> None:
    """A billion-laughs file gives DOJO007 at the alias that crosses the limit, its aliases counted, never expanded."""
    with python_calls() as calls:
        found = one(BILLION_LAUGHS)
    assert calls.count < 5_000, f"{calls.count:,} calls for a 9-line file: the aliases were expanded or walked"
    assert (found.code, found.line, found.col) == ("DOJO007", 7, 8)  # second '*f' on the 'g:' line
    assert "*f" in found.message


def test_expansion_just_under_the_limit_loads() -> None:
    """Aliases expanding to fewer than MAX_EXPANDED_NODES nodes are fine."""
    per_alias = 1 + 100  # a list node and its 100 items
    uses = (MAX_EXPANDED_NODES - 1000) // per_alias
    text = "x: &x [" + ", ".join(["1"] * 100) + "]\ny: [" + ", ".join(["*x"] * uses) + "]\n"
    assert len(load(text)["y"]) == uses


def test_more_plain_values_than_the_limit_give_dojo007(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of over MAX_EXPANDED_NODES values, even without aliases, gives DOJO007."""
    monkeypatch.setattr(source, "MAX_EXPANDED_NODES", 1000)  # the real limit takes a second to reach
    found = one("[" + "1, " * 999 + "\n  2, 3]\n")
    assert (found.code, found.line, found.col) == ("DOJO007", 2, 3)  # the list and 999 ones make 1,000


def test_recursive_alias_gives_dojo007_without_hanging() -> None:
    """An alias inside the value it names (legal for PyYAML) gives DOJO007."""
    found = one("a: &loop [1, *loop]\n")
    assert (found.code, found.line, found.col) == ("DOJO007", 1, 14)


def test_undefined_alias_and_redefined_anchor_give_dojo004() -> None:
    """An alias without an anchor, or an anchor defined twice, gives DOJO004."""
    assert (one("a: *nope\n").code, one("a: *nope\n").col) == ("DOJO004", 4)
    assert "first at line 1" in one("a: &x 1\nb: &x 2\n").message


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_state_is_restored_after_success_and_error(enabled: bool) -> None:
    """The cyclic GC is paused during the load and restored after, even on error."""
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        read_yaml(b"a: 1\n", "ok.yaml")
        assert gc.isenabled() is enabled
        findings("a: [\n")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize(
    ("error", "code"), [(RuntimeError("boom"), "DOJO004"), (MemoryError(), "DOJO004"), (RecursionError(), "DOJO008")]
)
def test_unexpected_exceptions_become_diagnostics(monkeypatch: pytest.MonkeyPatch, error: Exception, code: str) -> None:
    """Anything unexpected inside the parser becomes a diagnostic, never a traceback."""

    class Exploding:
        """A loader whose parser fails with `error` at the first event."""

        def __init__(self, payload: object):
            pass

        def get_event(self) -> None:
            """Fail as a broken parser might."""
            raise error

        def dispose(self) -> None:
            """Nothing to free."""

    monkeypatch.setattr(source, "_LOADER", Exploding)
    assert one("a: 1\n").code == code


def test_pure_python_loader_gives_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml the SafeLoader fallback gives the same data, positions and findings."""
    raw = SCENARIO.encode()
    fast = read_yaml(raw, "s.yaml")
    monkeypatch.setattr(source, "_LOADER", yaml.SafeLoader)
    monkeypatch.setattr(source, "_WANTS_TEXT", True)
    slow = read_yaml(raw, "s.yaml")
    assert slow.data == fast.data
    assert slow.mark(("nodes", "opening", "choices", 1, "next")) == (11, 27)
    assert one("a:\n\tb: 1\n").message == "tabs can't be used for indentation in YAML; use spaces"
    assert one(BILLION_LAUGHS).code == "DOJO007"


def test_every_code_raised_is_registered() -> None:
    """The reader raises only DOJO001-DOJO010, all in the registry."""
    used = set(re.findall(r'"(DOJO\d{3})"', FilePath(source.__file__).read_text()))
    assert used <= {f"DOJO{n:03d}" for n in range(1, 11)} and used <= set(CODES)


# --------------------------------------------------------------------------- properties

# Strings YAML 1.2 would read as something else if safe_dump (YAML 1.1) left them plain.
_CORE_SPECIAL = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|null|Null|NULL|~|true|True|TRUE|false|False|FALSE|"
)
# PyYAML's emitter writes NEL, LS and PS raw under allow_unicode and its own loader then
# reads them as spaces; that is a dumper limitation, so they stay out of the alphabet.
_alphabet = st.characters(blacklist_characters="\x85\u2028\u2029", blacklist_categories=("Cs",))
_texts = st.text(_alphabet, max_size=12).filter(lambda s: _CORE_SPECIAL.fullmatch(s) is None)
_keys = st.text(_alphabet, max_size=8)
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _texts
_json_like = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4), max_leaves=20
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json_like, st.booleans())
def test_safe_dump_round_trips(data: Any, allow_unicode: bool) -> None:
    """JSON-like data dumped with yaml.safe_dump reads back equal."""
    text = yaml.safe_dump(data, allow_unicode=allow_unicode, sort_keys=False)
    assert read_yaml(text.encode("utf-8"), "p.yaml").data == data


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_only_raise_diagnostic_error(raw: bytes) -> None:
    """Any bytes load or raise DiagnosticError, nothing else."""
    try:
        read_yaml(raw, "b.yaml")
    except DiagnosticError as err:
        assert err.diagnostics and all(d.code in CODES for d in err.diagnostics)


_TOKENS = [
    "[", "]", "{", "}", ": ", ":", "- ", "? ", ", ", "&a ", "*a ", "&b ", "*b ", "!!str ", "!!int ", "!x ", "! ",
    "\n", "  ", "\t", "'", '"', "\\", "#", "---\n", "...\n", "|\n", ">\n", "<<: ", "%YAML 1.2\n", "\r\n",
    "a", "1", "~", "yes", "é", "\u2028", "0x1F",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30))
def test_yaml_like_soup_only_raises_diagnostic_error(parts: list[str]) -> None:
    """YAML-ish token soup loads or raises DiagnosticError, and marks never fail."""
    try:
        doc = read_yaml("".join(parts).encode("utf-8"), "t.yaml")
    except DiagnosticError as err:
        assert all(d.code in CODES and d.line >= 0 and d.col >= 0 for d in err.diagnostics)
    else:
        assert doc.mark(("a", 0, "b")) >= (1, 1) and doc.key_mark((0, "a")) >= (1, 1)


# --------------------------------------------------------------------------- libyaml's own depth limit


class _Mark:
    """A parser mark as libyaml gives one (0-based line and column)."""

    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


class _Event:
    """The last event the load loop saw: only its end mark matters."""

    def __init__(self, line: int, column: int):
        self.end_mark = _Mark(line, column)


def _parser_error(line: int, column: int) -> yaml.YAMLError:
    """A parser error at a position, as libyaml raises when its own nesting limit trips."""
    return yaml.scanner.ScannerError(problem="(libyaml's words)", problem_mark=_Mark(line, column))


def test_libyaml_scan_ahead_error_becomes_dojo008_at_our_limit() -> None:
    """A parser error in a run of brackets is our DOJO008 at the bracket that passed MAX_DEPTH."""
    text = "key: " + "[" * 2000
    found = source._deeper_than_allowed(text, 0, _Event(0, 5), _parser_error(0, 1004))
    assert found is not None and (found.code, found.line, found.col) == ("DOJO008", 1, 5 + MAX_DEPTH + 1)


def test_scan_ahead_counts_from_the_depth_already_reached() -> None:
    """Brackets after the last event add to the depth the loop had reached."""
    found = source._deeper_than_allowed("[" * 2000, MAX_DEPTH - 1, _Event(0, 10), _parser_error(0, 1010))
    assert found is not None and (found.line, found.col) == (1, 12)


def test_brackets_inside_quotes_do_not_count_as_nesting() -> None:
    """'[' inside single or double quotes (with escapes) is text, not nesting."""
    quoted = "['" + "[" * 100 + "', \"\\\"" + "{" * 100 + "\"]"
    assert source._deeper_than_allowed(quoted, 0, None, _parser_error(0, len(quoted))) is None


def test_an_apostrophe_inside_a_plain_word_is_not_a_quote() -> None:
    """`[don't, [[[...` still counts the brackets after the word."""
    text = "[don't, " + "[" * 200
    found = source._deeper_than_allowed(text, 0, None, _parser_error(0, len(text) - 1))
    assert found is not None and found.code == "DOJO008"


def test_other_parser_errors_keep_their_own_code() -> None:
    """A syntax error with shallow nesting, or a mark outside the text, is not DOJO008."""
    assert source._deeper_than_allowed("[a, b c]", 0, None, _parser_error(0, 6)) is None
    assert source._deeper_than_allowed("[" * 2000, 0, None, _parser_error(5, 0)) is None
    assert source._deeper_than_allowed("# " + "[" * 200 + "\nx: [a", 0, None, _parser_error(1, 5)) is None


def test_a_bracket_inside_a_block_word_is_not_nesting() -> None:
    """`a[b` in block context is one word: its bracket does not count."""
    text = "k: a" + "[" * 100 + "b"
    assert source._deeper_than_allowed(text, 0, None, _parser_error(0, len(text) - 1)) is None


@pytest.mark.parametrize("prefix", ["", "a: 1\nb: ", "list:\n  - x\n  - "])
def test_dense_bracket_runs_give_dojo008_on_this_pyyaml(prefix: str) -> None:
    """Whichever limit the installed libyaml has, a 5,000-bracket run is DOJO008, never DOJO004."""
    found = one((prefix + "[" * 5000).encode())
    assert found.code == "DOJO008"
    line = prefix.count("\n") + 1
    assert found.line == line
