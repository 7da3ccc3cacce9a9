"""The language of one served page: the trainee's own pick, without touching the process's locale.

`dojo serve` is one process for the whole class, and its locale (`dojo serve --locale`) is the
trainer's. A trainee picks a language on the join page; the pages that trainee gets (the join
page, the page around the terminal) are made inside `speaking(locale)`, and `_`/`ngettext`
here answer in that locale for that request only (a context variable: another request, or the
trainer's view built in a thread meanwhile, keeps its own). Outside `speaking`, they answer in
the process's locale, like `game.i18n`'s.

The bundled CJK font (Noto Sans SC, OFL, shipped inside pygame-gui; assets/LICENSES.md) is
served at FONT_URL so Chinese pages look the same on every machine; FONT_FACE declares it and
FONT_STACK puts it after the Latin faces, so English keeps its look.
"""

from __future__ import annotations

import contextlib
import gettext
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from game import i18n
from game.i18n import LOCALES, active_locale, load, supported

FONT_FILE = "NotoSansSC-Regular.otf"
FONT_URL = "/fonts/" + FONT_FILE
FONT_FAMILY = "Noto Sans SC"
# The characters it draws here: CJK punctuation, kana, ideographs, full-width forms (a page without any never fetches it).
CJK_RANGE = "U+2E80-2FFF, U+3000-30FF, U+3100-31FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF"
FONT_FACE = (
    f'@font-face {{ font-family: "{FONT_FAMILY}"; src: local("{FONT_FAMILY}"), url("{FONT_URL}") format("opentype"); '
    f"unicode-range: {CJK_RANGE}; font-display: swap; }}\n"
)
FONT_STACK = f'system-ui, "Segoe UI", Roboto, "Noto Sans", "{FONT_FAMILY}", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'

_speaking: ContextVar[str | None] = ContextVar("dojo_serve_locale", default=None)


@lru_cache(maxsize=8)
def _catalog(locale: str) -> gettext.NullTranslations:
    """Every domain's catalog for a shipped locale, loaded once."""
    return load(locale)


def current() -> str:
    """The locale this request's page is made in: the trainee's pick inside `speaking`, else the process's."""
    return _speaking.get() or active_locale()


@contextlib.contextmanager
def speaking(locale: str | None) -> Iterator[str]:
    """Make text in `locale` (a shipped one; anything else means the process's) until the block ends."""
    chosen = supported(locale) or active_locale()
    token = _speaking.set(chosen)
    try:
        yield chosen
    finally:
        _speaking.reset(token)


def _(message: str) -> str:
    """`message` in this request's locale."""
    locale = _speaking.get()
    return _catalog(locale).gettext(message) if locale is not None else i18n._(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in this request's locale ({count} is left for .format)."""
    locale = _speaking.get()
    return _catalog(locale).ngettext(singular, plural, count) if locale is not None else i18n.ngettext(singular, plural, count)


def browser_locale(accept_language: str | None) -> str | None:
    """The shipped locale a browser's Accept-Language header likes best, or None when it names none."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")[:30]):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and tag != "*" and weight > 0:
            ranked.append((-weight, position, tag))
    for _weight, _position, tag in sorted(ranked):
        found = supported(tag)
        if found:
            return found
    return None


def page_locale(asked: str | None, accept_language: str | None) -> str:
    """The language of a trainee's page: the one picked (?lang=), else the browser's, else the class's (the process's)."""
    return supported(asked) or browser_locale(accept_language) or active_locale()


def needs_cjk(locale: str, *texts: str) -> bool:
    """True when a page in `locale` showing `texts` (a class name...) draws Chinese: it should fetch the CJK font at once."""
    return locale.startswith("zh") or any(_is_cjk(character) for text in texts for character in text)


def _is_cjk(character: str) -> bool:
    """True for a character in CJK_RANGE."""
    code = ord(character)
    return any(low <= code <= high for low, high in _CJK_SPANS)


_CJK_SPANS = [
    (int(low, 16), int(high, 16))
    for low, high in (span.strip().removeprefix("U+").split("-") for span in CJK_RANGE.split(","))
]


def choices() -> list[tuple[str, str]]:
    """The languages a trainee may pick: (locale, its name in its own language)."""
    return [(locale, i18n.language_name(locale)) for locale in LOCALES]


def font_path() -> Path | None:
    """The bundled CJK font's file (pygame-gui's data folder, found without importing it), or None when missing."""
    import importlib.util

    spec = importlib.util.find_spec("pygame_gui")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / FONT_FILE
    return path if path.is_file() else None
