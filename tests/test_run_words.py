"""Tests for game.store.run_words: a run's mode and status codes shown in the language shown."""

from __future__ import annotations

from game.i18n import use_locale
from game.store.run_words import MODE_WORDS, STATUS_WORDS, mode_word, status_word
from game.store.verify import FLAGGED, LEGACY_STATUS, UNCHECKED, VERIFIED


def test_english_shows_the_codes_themselves() -> None:
    """In English every mode and status is shown as its stored code."""
    assert [mode_word(mode) for mode in MODE_WORDS] == list(MODE_WORDS)
    assert [status_word(status) for status in STATUS_WORDS] == list(STATUS_WORDS)


def test_chinese_translates_every_mode_and_status_the_store_writes() -> None:
    """In zh-Hans each mode and each status verify can give has its own catalog word, none the English code."""
    use_locale("zh-Hans")
    for status in (VERIFIED, FLAGGED, LEGACY_STATUS, UNCHECKED):
        assert status in STATUS_WORDS and status_word(status) != status
    words = [mode_word(mode) for mode in MODE_WORDS] + [status_word(status) for status in STATUS_WORDS]
    assert all(word.isascii() is False for word in words) and len(set(words)) == len(words)


def test_an_unknown_code_is_shown_as_it_is() -> None:
    """A code this version does not know (a newer store's) is shown unchanged, in any language."""
    use_locale("zh-Hans")
    assert (mode_word("tournament"), status_word("quarantined")) == ("tournament", "quarantined")


def test_a_fixed_problem_is_shown_in_chinese_and_one_with_figures_as_stored() -> None:
    """problem_text translates verify's fixed sentences; a stored problem with figures in it is shown unchanged."""
    from game.store.run_words import FIXED_PROBLEMS, problem_text

    assert all(problem_text(problem) == problem for problem in FIXED_PROBLEMS)
    use_locale("zh-Hans")
    assert all(problem_text(problem) != problem for problem in FIXED_PROBLEMS)
    stored = "stored score 97.0% but the replay scores 0.0%"
    assert problem_text(stored) == stored and problem_text("missing") == "missing"
