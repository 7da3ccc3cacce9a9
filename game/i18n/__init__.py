"""The language everything is shown in: gettext catalogs compiled by Babel, one active locale per process.

Source strings are English and are their own message ids; a string a person will read is
written `_("...")` where it is made, or `N_("...")` where it is defined before anyone reads
it (a module constant) and then `_()`-ed where it is shown. Placeholders use
`_("{count} replies").format(count=n)`, never string concatenation, so a translation may
put them in its own order.

Catalogs live in `game/i18n/locales/<locale>/LC_MESSAGES/<domain>.po`, one domain per
part of the game (see DOMAINS), so translators of one part never touch another's file;
the build compiles them to `.mo` (setup.py) and docs/translating.md gives the commands.
The rubric's titles and explanations are text of `scoring/rubrics/*.yaml`, extracted by
`game.i18n.extract`, and translated with `rubric_text()` where they are shown.

A served class runs one process per trainee, so one process-wide locale is one trainee's.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
# One catalog per part of the game, by who edits it (game/i18n/catalogs.py says which files):
# the games and their shared views; the window game; the command line; the scenario checks
# (load errors and lint); the served pages and reports; the rubric.
DOMAINS = ("play", "window", "cli", "lint", "web", "rubric")
SOURCE_LOCALE = "en"
# Every locale shipped complete (tests/test_i18n.py checks each catalog against the source).
LOCALES = ("en", "zh-Hans")
_NAMES = {"en": "English", "zh-Hans": "简体中文"}

_active = SOURCE_LOCALE
_translation: gettext.NullTranslations = gettext.NullTranslations()


def catalog_name(locale: str) -> str:
    """The folder name gettext uses for a BCP 47 tag: 'zh-Hans' -> 'zh_Hans'."""
    return locale.replace("-", "_")


def supported(locale: str | None) -> str | None:
    """The shipped locale `locale` names ('zh-hans', 'zh_Hans', 'zh-CN' and 'zh' name zh-Hans), else None."""
    if not locale:
        return None
    tag = locale.split(".", 1)[0].replace("_", "-").casefold()
    for shipped in LOCALES:
        if tag == shipped.casefold():
            return shipped
    language = tag.split("-", 1)[0]
    if language == "zh" and not tag.endswith(("-hant", "-tw", "-hk", "-mo")):
        return "zh-Hans"
    return SOURCE_LOCALE if language == SOURCE_LOCALE else None


def system_locale() -> str | None:
    """The shipped locale the environment asks for (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), if any."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        for part in value.split(":"):
            found = supported(part) if part not in ("C", "POSIX", "C.UTF-8") else None
            if found:
                return found
    return None


def choose_locale(asked: str | None = None, scenario: str | None = None) -> str:
    """The locale to show: the one asked for (a setting or --locale), else the scenario's, else the system's, else English."""
    for candidate in (asked, scenario, system_locale()):
        found = supported(candidate)
        if found:
            return found
    return SOURCE_LOCALE


def load(locale: str) -> gettext.NullTranslations:
    """Every domain's compiled catalog for `locale`, chained; English (the source) translates to itself."""
    translation: gettext.NullTranslations = gettext.NullTranslations()
    if locale == SOURCE_LOCALE:
        return translation
    for domain in DOMAINS:
        path = LOCALES_DIR / catalog_name(locale) / "LC_MESSAGES" / f"{domain}.mo"
        try:
            with path.open("rb") as file:
                part = gettext.GNUTranslations(file)
        except OSError:
            continue  # a domain not compiled yet shows English; tests/test_i18n.py fails on it
        part.add_fallback(translation)
        translation = part
    return translation


def use_locale(locale: str | None) -> str:
    """Show everything from now on in `locale` (a shipped one; anything else means English); returns it."""
    global _active, _translation
    chosen = supported(locale) or SOURCE_LOCALE
    if chosen != _active:
        _active, _translation = chosen, load(chosen)
    return chosen


def active_locale() -> str:
    """The locale text is shown in now."""
    return _active


def language_name(locale: str) -> str:
    """A locale's name in its own language, as a picker lists it."""
    return _NAMES.get(locale, locale)


def _(message: str) -> str:
    """`message` in the active locale (itself when it has no translation)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the active locale ({count} is left for .format)."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a string for translation where it is defined; `_()` it where it is shown."""
    return message


def rubric_text(text: str) -> str:
    """A title, explanation or name from a rubric, in the active locale (a manager's own rubric may have none)."""
    return _translation.gettext(text) if text else text

