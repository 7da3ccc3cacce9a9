"""Tests of game/scenario/strings.py: every text a trainee reads has a stable id, in story order, and a translation replaces texts only."""

from __future__ import annotations

from game.i18n import _ as in_locale, use_locale
from game.scenario.loader import Loaded
from game.scenario.strings import source_strings, story_order, text_hash, translate


def test_every_text_has_one_id_in_story_order(mini: Loaded) -> None:
    """Title, summary, names and labels come first, then each node's lines and replies from the start, then the endings; ids are unique."""
    ids = [string.id for string in source_strings(mini.scenario)]
    assert len(ids) == len(set(ids))
    assert ids[:5] == ["scenario:title", "scenario:summary", "cast:cus:name", "cast:boss:name", "meter:anger:label"]
    assert ids[5:8] == ["hello.1", "hello/listen", "hello/refuse"]
    assert ids[8:11] == ["ask.1.1", "ask.1.2", "ask.1.3"]
    assert ids[-6:] == ["ending:fixed:title", "ending:fixed:text", "ending:refunded:title", "ending:refunded:text", "ending:gone:title", "ending:gone:text"]


def test_the_hash_follows_the_text_only(mini: Loaded) -> None:
    """A string's hash is the hash of its source text: eight hex digits, different for a different text."""
    first = source_strings(mini.scenario)[0]
    assert first.hash == text_hash("Mini") and len(first.hash) == 8
    assert text_hash("Mini") != text_hash("Mini.")


def test_story_order_is_breadth_first_from_the_start(mini: Loaded) -> None:
    """Nodes come in the order a reader meets them from the start node."""
    assert story_order(mini.scenario) == ["hello", "ask"]


def test_translate_replaces_texts_and_keeps_the_rest(mini: Loaded) -> None:
    """A translated scenario has the new texts and locale, and the same ids, replies, effects and content hash."""
    texts = {string.id: f"译{string.id}" for string in source_strings(mini.scenario)}
    translated = translate(mini.scenario, texts, "zh-Hans")
    assert translated.title == "译scenario:title" and translated.locale == "zh-Hans"
    assert translated.content_hash == mini.scenario.content_hash
    assert translated.cast["cus"].name == "译cast:cus:name"
    assert translated.meters["anger"].label == "译meter:anger:label"
    assert translated.nodes["ask"].lines[0].variants[1] == ("ask.1.2", "译ask.1.2")
    assert translated.nodes["hello"].choices[0].text == "译hello/listen"
    assert translated.choices_by_key["hello/listen"].text == "译hello/listen"
    assert translated.choices_by_key["hello/listen"].effects == mini.scenario.choices_by_key["hello/listen"].effects
    assert translated.endings["gone"].text == "译ending:gone:text"
    assert [string.id for string in source_strings(translated)] == [string.id for string in source_strings(mini.scenario)]


def test_translate_keeps_a_text_it_has_no_translation_for(mini: Loaded) -> None:
    """Ids left out of the translations keep their source text."""
    translated = translate(mini.scenario, {"scenario:title": "迷你"}, "zh-Hans")
    assert translated.title == "迷你" and translated.summary == mini.scenario.summary


def test_in_chinese_the_contexts_are_translated_and_the_ids_and_hashes_are_not(mini: Loaded) -> None:
    """In zh-Hans each text's context (for its translator) is the translated template; ids, texts and hashes stay the same."""
    english = source_strings(mini.scenario)
    use_locale("zh-Hans")
    chinese = source_strings(mini.scenario)
    assert [(s.id, s.text, s.hash) for s in chinese] == [(s.id, s.text, s.hash) for s in english]
    assert chinese[0].context == in_locale("the scenario's title") != english[0].context
    assert all(c.context != e.context for c, e in zip(chinese, english))
