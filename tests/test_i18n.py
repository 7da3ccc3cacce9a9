"""The active language (game/i18n/__init__.py): which locale is chosen, and text shown through the catalogs."""

from __future__ import annotations

import pytest

from game.i18n import N_, _, active_locale, choose_locale, language_name, load, supported, system_locale, use_locale


@pytest.mark.parametrize(
    ("asked", "expected"),
    [("zh-Hans", "zh-Hans"), ("zh_Hans", "zh-Hans"), ("zh-hans", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh_CN.UTF-8", "zh-Hans"),
     ("zh", "zh-Hans"), ("en", "en"), ("en-GB", "en"), ("en_US.UTF-8", "en"), ("zh-TW", None), ("fr", None), ("", None), (None, None)],
)
def test_a_locale_is_matched_to_a_shipped_one(asked, expected):
    """Spellings of Simplified Chinese and English find the shipped locale; others find none."""
    assert supported(asked) == expected


def test_the_choice_is_the_asked_then_the_scenario_then_the_system(monkeypatch):
    """A setting or --locale wins; then the scenario's language; then the system's; else English."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert system_locale() == "zh-Hans"
    assert choose_locale("en", "zh-Hans") == "en"
    assert choose_locale(None, "en") == "en"
    assert choose_locale(None, "fr") == "zh-Hans"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert choose_locale(None, None) == "en"


def test_english_is_the_source_and_shows_itself():
    """In English a marked string is itself; N_ marks without translating."""
    assert use_locale("en") == "en" and active_locale() == "en"
    assert _("Gold") == "Gold" and N_("Gold") == "Gold"


def test_an_unknown_locale_means_english():
    """Asking for a language we do not ship shows English rather than failing."""
    assert use_locale("fr") == "en"


def test_chinese_translates_the_rubric_through_the_compiled_catalog():
    """In zh-Hans a band name from the rubric comes out in Chinese, and back in English after."""
    assert load("zh-Hans").gettext("Gold") != "Gold"
    use_locale("zh-Hans")
    assert active_locale() == "zh-Hans" and _("Gold") != "Gold"
    use_locale("en")
    assert _("Gold") == "Gold"


def test_language_names_are_written_in_their_own_language():
    """The picker lists each language by its own name."""
    assert language_name("zh-Hans") == "简体中文" and language_name("en") == "English"
