"""Tests of game/scenario/folding.py: folded `>` text joins two wide (CJK) lines without a space, and is otherwise YAML's fold."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.scenario.folding import fold, joins_without_space, refold_scalar
from game.scenario.loader import load_scenario_text
from game.scenario.source import read_yaml

# Words a manager might write: Chinese, Japanese kana, Korean, English, digits and
# full-width punctuation, so every kind of pair meets at a line break.
_PIECES = ["你好", "顾客", "退款。", "（鞋）", "カタ", "한국어", "shoes", "OK", "42", "，", "！", "ｶﾅ", "é", "—"]
_LINE = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join)
# A block body: text lines, empty lines and now and then a more-indented line.
_BODY_LINE = st.one_of(_LINE, _LINE, _LINE, st.just(""), _LINE.map(lambda text: "  " + text))

# YAML finds a block's indentation from its first text line, so that one is never more indented.
_BODIES = st.lists(_BODY_LINE, min_size=1, max_size=8).filter(lambda ls: any(ls) and not next(x for x in ls if x).startswith(" "))


def _document(lines: list[str], chomp: str) -> str:
    """A one-key YAML document holding `lines` as a folded block scalar with the given chomping."""
    body = "\n".join(("    " + line) if line else "" for line in lines)
    return f"key:\n  inner: >{chomp}\n{body}\nafter: 1\n"


def _read(text: str) -> str:
    """The folded value as the scenario loader's reader gives it (PyYAML's fold, then ours)."""
    from game.scenario.folding import refold_document

    doc = read_yaml(text.encode("utf-8"), "t.yaml")
    refold_document(doc)
    return str(doc.data["key"]["inner"])


def _expected(lines: list[str]) -> str:
    """The text a reader expects from simple text lines: a space between lines unless both sides are wide."""
    out = lines[0]
    for line in lines[1:]:
        out += ("" if joins_without_space(out[-1], line[0]) else " ") + line
    return out


@given(st.lists(_LINE, min_size=1, max_size=6))
def test_lines_join_by_the_segment_break_rule(lines: list[str]) -> None:
    """Each break between text lines is a space, except between two wide non-Hangul characters, where it is removed."""
    assert _read(_document(lines, "-")) == _expected(lines)


@given(_BODIES, st.sampled_from(["-", "", "+"]))
def test_yaml_fold_is_reproduced_exactly(lines: list[str], chomp: str) -> None:
    """Without the wide rule, folding the literal text gives exactly PyYAML's folded value (empty and indented lines, chomping)."""
    text = _document(lines, chomp)
    literal = yaml.safe_load(text.replace(f">{chomp}\n", f"|{chomp}\n", 1))["key"]["inner"]
    assert fold(literal, wide_rule=False) == yaml.safe_load(text)["key"]["inner"]


@given(_BODIES, st.sampled_from(["-", "", "+"]))
def test_only_spaces_between_wide_characters_go(lines: list[str], chomp: str) -> None:
    """The reader's value is PyYAML's with some folded spaces removed, each one between two wide characters."""
    text = _document(lines, chomp)
    ours, theirs = _read(text), yaml.safe_load(text)["key"]["inner"]
    at = 0
    for index, char in enumerate(theirs):
        if at < len(ours) and ours[at] == char:
            at += 1
            continue
        assert char == " " and joins_without_space(theirs[index - 1], theirs[index + 1])
    assert at == len(ours)


def test_hangul_and_english_keep_their_space() -> None:
    """Korean and English lines still join with a space; Chinese lines join with none."""
    assert _read(_document(["한국어", "한국어"], "-")) == "한국어 한국어"
    assert _read(_document(["shoes", "OK"], "-")) == "shoes OK"
    assert _read(_document(["你好", "顾客"], "-")) == "你好顾客"


def test_a_scalar_it_cannot_read_keeps_the_yaml_value() -> None:
    """An explicit indentation digit, or a position that is not a `>` scalar, leaves PyYAML's value as it is."""
    text = "key: >2-\n  你好\n  顾客\n"
    assert refold_scalar(text, 1, 6, "你好 顾客") == "你好 顾客"
    assert refold_scalar("key: plain\n", 1, 6, "你好 顾客") == "你好 顾客"
    assert refold_scalar("key: >-\n  你好\n", 9, 1, "x") == "x"


def test_a_chinese_scenario_summary_folds_without_spaces() -> None:
    """A zh-Hans scenario's folded summary loads with its lines joined directly, and the content hash covers that text."""
    source = (
        "format: 1\nid: fold\ntitle: 折叠\nsummary: >-\n  王女士昨天把伞\n  落在了店里。\ndifficulty: 1\nskills: [listening]\n"
        "minutes: 1\nlocale: zh-Hans\ncast:\n  wang: {name: 王女士, role: customer}\nmeters:\n  anger: {start: 50, good: low}\n"
        "start: a\nnodes:\n  a:\n    say: 你好。\n    choices:\n      - {id: ok, text: 好的。, tags: [listening.open-question], next: done}\n"
        "endings:\n  done: {outcome: resolved, title: 好, text: 好。}\n"
    )
    scenario = load_scenario_text(source).scenario
    assert scenario.summary == "王女士昨天把伞落在了店里。"
    spaced = load_scenario_text(source.replace("  王女士昨天把伞\n  落在了店里。", "  王女士昨天把伞落在了店里。")).scenario
    assert spaced.content_hash == scenario.content_hash
