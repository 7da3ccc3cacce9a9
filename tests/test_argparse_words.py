"""Tests for game.commands.argparse_words: argparse's own words come from our catalog, and help wraps by display width."""

from __future__ import annotations

import argparse
import gettext
import re

import pytest
from babel.messages.extract import extract_python

from game.commands.argparse_words import (
    DEVELOPER_ERRORS,
    MESSAGES,
    HelpFormatter,
    PLURAL_MESSAGES,
    SpeakingParser,
    display_width,
    speaking,
    wrap_wide,
)
from game.i18n import _, ngettext, use_locale

_PERCENT_FIELD = re.compile(r"%(?:\([a-z_]+\))?[sr]")


def _argparse_messages() -> set[str]:
    """Every message id the running Python's argparse.py marks for gettext (both forms of a plural)."""
    with open(argparse.__file__, "rb") as source:
        found = extract_python(source, {"_": None, "ngettext": (1, 2)}, [], {})
        ids: set[str] = set()
        for _line, _function, message, _comments in found:
            forms = message if isinstance(message, tuple) else (message,)
            ids.update(form for form in forms if form)
    return ids


def test_every_message_argparse_can_show_is_marked_or_a_developer_error() -> None:
    """A message this Python's argparse marks for translation is in MESSAGES (or the plurals), or is a parser-building error."""
    known = set(MESSAGES) | {form for pair in PLURAL_MESSAGES for form in pair} | DEVELOPER_ERRORS
    assert _argparse_messages() - known == set()


def test_chinese_keeps_every_percent_placeholder() -> None:
    """Each argparse message's Chinese has the same %-placeholders argparse fills in, and is not the English."""
    use_locale("zh-Hans")
    for message in MESSAGES:
        shown = _(message)
        assert shown != message and sorted(_PERCENT_FIELD.findall(shown)) == sorted(_PERCENT_FIELD.findall(message)), message
    for singular, plural in PLURAL_MESSAGES:
        for count in (1, 2):
            assert _PERCENT_FIELD.findall(ngettext(singular, plural, count)) == ["%s"]


def test_help_in_chinese_uses_the_catalog_for_argparse_words() -> None:
    """A SpeakingParser's help in zh-Hans shows the catalog's usage prefix, headings and --help help, none of the English."""
    use_locale("zh-Hans")
    parser = SpeakingParser(prog="demo")
    parser.add_argument("scenario", help=_("the scenario file"))
    text = parser.format_help()
    for word in ("usage: ", "positional arguments", "options", "show this help message and exit"):
        assert _(word) in text and word not in text
    assert text.startswith(_("usage: ") + "demo")


def test_english_help_is_argparse_own() -> None:
    """In English a SpeakingParser's help is exactly a plain ArgumentParser's."""
    plain, speaking_parser = argparse.ArgumentParser(prog="demo"), SpeakingParser(prog="demo")
    for parser in (plain, speaking_parser):
        parser.add_argument("scenario", help="the scenario file")
        parser.add_argument("--choices", required=True, help="the replies")
    assert speaking_parser.format_help() == plain.format_help()


def test_argparse_gets_its_own_lookups_back() -> None:
    """After speaking() (even one left by an error), argparse's module looks words up with gettext's functions again."""
    try:
        with speaking():
            assert vars(argparse)["_"] is _
            raise RuntimeError
    except RuntimeError:
        pass
    assert vars(argparse)["_"] is gettext.gettext and vars(argparse)["ngettext"] is gettext.ngettext


def test_a_missing_argument_is_reported_through_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    """Parsing with a required argument missing, in zh-Hans: the catalog's sentence, naming the argument as written."""
    use_locale("zh-Hans")
    parser = SpeakingParser(prog="demo")
    parser.add_argument("scenario")
    with pytest.raises(SystemExit) as leave:
        parser.parse_args([])
    assert leave.value.code == 2
    err = capsys.readouterr().err
    assert (_("the following arguments are required: %s") % "scenario") in err
    assert "required" not in err


def test_wrap_wide_fits_the_width_and_breaks_only_where_chinese_allows() -> None:
    """Chinese wraps between characters within the width; no line starts with closing punctuation; Latin words stay whole."""
    text = "用逗号分隔的回复 ID，或可选回复中从 1 开始的编号（按此种子显示的顺序），例如 invite,2,what-matters 以及 zh-Hans。"
    for width in (22, 25, 31, 54):
        lines = wrap_wide(text, width)
        assert all(display_width(line) <= width for line in lines), (width, lines)
        assert not any(line[0] in "，。）：" for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert any("invite,2,what-matters" in line for line in lines) and any("zh-Hans" in line for line in lines)
        assert not any(line.endswith("（") for line in lines)


def test_chinese_usage_lines_up_under_its_wide_prefix() -> None:
    """A wrapped usage in zh-Hans: the second line starts where the first line's options start, counted in columns."""
    use_locale("zh-Hans")
    parser = SpeakingParser(prog="demo", formatter_class=lambda prog: HelpFormatter(prog, width=50))
    for name in ("--alpha", "--bravo", "--charlie", "--delta", "--echo", "--foxtrot"):
        parser.add_argument(name, metavar="VALUE")
    first, second = parser.format_usage().splitlines()[:2]
    assert first.startswith(_("usage: ") + "demo ")
    assert len(second) - len(second.lstrip(" ")) == display_width(_("usage: ") + "demo ")


def test_a_chinese_section_heading_ends_in_a_full_width_colon() -> None:
    """zh-Hans help headings end in '：' on every Python (3.11 and 3.12 write an ASCII ':' themselves); English keeps ':'."""
    parser = SpeakingParser(prog="demo")
    parser.add_argument("scenario")
    assert "\npositional arguments:\n" in parser.format_help()
    use_locale("zh-Hans")
    chinese = SpeakingParser(prog="demo")
    chinese.add_argument("scenario")
    shown = chinese.format_help()
    for heading in ("positional arguments", "options"):
        assert f"\n{_(heading)}：\n" in shown and _(heading) != heading
    assert ":\n" not in shown
