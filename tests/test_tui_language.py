"""Key bindings in the active language (game/tui/language.py): what the footer shows beside each key."""

from __future__ import annotations

from game.i18n import use_locale
from game.tui.language import translate_bindings
from game.tui.screens.picker import PickerScreen


def descriptions(screen: PickerScreen) -> dict[str, str]:
    """Each key's description as the screen's bindings hold it now."""
    return {key: binding.description for key, binding in screen._bindings}


def test_bindings_are_translated_when_a_screen_is_built_and_again_after_a_change():
    """A screen built in Chinese shows Chinese descriptions; translated again in English it shows the English ones, not a translation of a translation."""
    english = descriptions(PickerScreen())
    assert english["f"] == "Filter by skill"
    use_locale("zh-Hans")
    screen = PickerScreen()
    assert descriptions(screen)["f"] == "按技能筛选" and descriptions(screen)["q"] == "退出"
    use_locale("en")
    translate_bindings(screen)
    assert descriptions(screen) == english
