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


def test_a_fixed_problem_is_shown_in_chinese() -> None:
    """problem_text translates verify's fixed sentences, and leaves a word it does not know as stored."""
    from game.store.run_words import FIXED_PROBLEMS, problem_text

    assert all(problem_text(problem) == problem for problem in FIXED_PROBLEMS)
    use_locale("zh-Hans")
    assert all(problem_text(problem) != problem for problem in FIXED_PROBLEMS)
    assert problem_text("missing") == "missing"


def test_a_problem_with_figures_is_shown_in_chinese_with_its_stored_figures():
    """verify's problems with figures are made from their templates in English (stored as ever) and shown in Chinese with the same
    figures; a reason from elsewhere stays as stored."""
    from game.i18n import use_locale
    from game.store.run_words import BAND_DIFFERS, SCORE_DIFFERS, TOO_COSTLY, problem_text

    stored = SCORE_DIFFERS.format(stored="93.7", replayed="41.0")
    assert stored == "stored score 93.7% but the replay scores 41.0%"
    band = BAND_DIFFERS.format(stored="Gold", replayed="none")
    costly = TOO_COSTLY.format(states="50,000")
    use_locale("zh-Hans")
    assert problem_text(stored) == "记录的得分是 93.7%，重放得到的却是 41.0%"
    assert problem_text(band) == "记录的等级是 Gold，重放得到的却是 none"
    assert "50,000" in problem_text(costly) and problem_text(costly) != costly
    assert problem_text("disk on fire") == "disk on fire"
