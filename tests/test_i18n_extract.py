"""The rubric extractor (game/i18n/extract.py): the prose of a rubric becomes messages, codes do not."""

from __future__ import annotations

import io

from game.i18n.extract import extract_rubric
from tests.conftest import REPO

SMALL = b"""
id: small
title: A small rubric
rules:
  LIS-1: Let them finish.
dimensions:
  listening: {title: Listening, description: Hearing them out., weight: 1}
behaviours:
  listening.let-vent: {dimension: listening, points: +10, rule: LIS-1, title: Let them vent, explain: It helps.}
patterns:
  early: {title: Too early, kind: before, match: [listening.let-vent], explain: Wait.}
bands:
  - {name: Gold, min_percent: 90}
"""


def messages(text: bytes) -> list[str]:
    """The message ids extracted from rubric text."""
    return [message for _, _, message, _ in extract_rubric(io.BytesIO(text), {}, [], {})]


def test_prose_is_extracted_and_codes_are_not():
    """Titles, rules, descriptions, explanations and band names are messages; ids, tags and kinds are not."""
    found = messages(SMALL)
    assert found == ["A small rubric", "Let them finish.", "Listening", "Hearing them out.", "Let them vent", "It helps.", "Too early", "Wait.", "Gold"]


def test_each_message_carries_its_line_and_where_it_came_from():
    """A translator sees the line of the rubric and the field a message is from."""
    line, _, message, comments = next(extract_rubric(io.BytesIO(SMALL), {}, [], {}))
    assert (line, message, comments) == (3, "A small rubric", ["title"])


def test_the_bundled_rubric_gives_every_rule_and_band():
    """Every rule statement and every band name of the default rubric is extracted."""
    import yaml

    text = (REPO / "scoring" / "rubrics" / "default.yaml").read_bytes()
    rubric = yaml.safe_load(text)
    found = set(messages(text))
    assert set(rubric["rules"].values()) <= found
    assert {band["name"] for band in rubric["bands"]} <= found


def test_a_file_that_is_not_a_mapping_gives_nothing():
    """A rubric file holding a list or a scalar yields no messages (the loader reports it, not the extractor)."""
    assert messages(b"- a\n- b\n") == [] and messages(b"just text\n") == []
