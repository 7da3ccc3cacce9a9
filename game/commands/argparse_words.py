"""argparse's own words (`usage:`, `options`, `show this help message and exit`, its usage errors) in the language shown.

argparse looks every word it prints up through `gettext.gettext` and `gettext.ngettext`,
bound to its module-level names `_` and `ngettext` when it is imported. The Python docs'
way to translate them (the argparse HOWTO, "How to translate the argparse output") goes
through gettext's process-wide default domain, whose language the environment picks;
ours is picked by `--locale` and lives in our own catalogs. So `SpeakingParser` has argparse
look its words up with `game.i18n`'s `_`/`ngettext` while it builds, parses and formats
(`speaking()`), and puts argparse's own back afterwards: no other parser in the process
(pytest's, say) is touched, and in English the words are argparse's own, byte for byte.

The words are marked here (`MESSAGES`) so Babel extracts them into the `cli` catalog: every
message argparse can show a person at the command line in Python 3.11 to 3.14, read from
its source. `DEVELOPER_ERRORS` are the ones it raises only for a parser built wrongly
(never for anything typed), left untranslated; tests/test_argparse_words.py extracts the
running Python's argparse.py and fails on a message in neither list.

`HelpFormatter` also wraps help by display width, so Chinese help (no spaces to break at,
two columns a character) fits the terminal; text without wide characters is wrapped by
argparse as before.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from game.i18n import N_, _, ngettext
from game.play.lines import is_wide, wrap_cells
from game.store.display import width as display_width

# Every message argparse shows a person (3.11-3.14), as its source writes it: %-placeholders
# are argparse's and stay in the translation as they are.
MESSAGES: tuple[str, ...] = (
    # help
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),  # 3.13+: a section heading
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_(" (default: %(default)s)"),
    # usage errors and warnings
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)"),  # 3.14
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("command '%(parser_name)s' is deprecated"),  # 3.13+
    N_("option '%(option)s' is deprecated"),  # 3.13+
    N_("argument '%(argument_name)s' is deprecated"),  # 3.13+
)
# argparse's one plural (nargs=N), marked with ngettext so Babel extracts both forms as one entry.
PLURAL_MESSAGES: tuple[tuple[str, str], ...] = (("expected %s argument", "expected %s arguments"),)
ngettext("expected %s argument", "expected %s arguments", 2)

# Raised only for a parser built wrongly (a programmer's mistake, before anything is parsed):
# not translated, and listed so the test can tell a new user-facing message from these.
DEVELOPER_ERRORS: frozenset[str] = frozenset(
    {
        ".__call__() not defined",
        "conflicting subparser: %s",
        "conflicting subparser alias: %s",
        'argument "-" with mode %r',
        "cannot merge actions - two groups are named %r",
        "'required' is an invalid argument for positionals",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "dest= is required for options like %r",
        "invalid conflict_resolution value: %r",
        "conflicting option string: %s",
        "conflicting option strings: %s",
        "mutually exclusive arguments must be optional",
        "cannot have multiple subparser arguments",
        "%r is not callable",
    }
)


@contextmanager
def speaking() -> Iterator[None]:
    """While inside, argparse looks its words up in our catalogs (the active locale); its own lookups come back after."""
    names = vars(argparse)  # the module's globals, where its functions find `_` and `ngettext`
    saved = {"_": names["_"], "ngettext": names["ngettext"]}
    names.update({"_": _, "ngettext": ngettext})
    try:
        yield
    finally:
        names.update(saved)


def wrap_wide(text: str, width: int) -> list[str]:
    """`text` (its runs of white space as one space) in lines of at most `width` columns, by the rule both games
    wrap by (game.play.lines): between two wide characters or at a space, never inside a Latin word, nor before
    closing or after opening punctuation."""
    flat = " ".join(text.split())
    return [flat[start:end] for start, end in wrap_cells(flat, width) if end > start]


# A section heading ending in a wide character, with argparse's ASCII colon after it (Python 3.11
# and 3.12 write '%s:' there themselves; from 3.13 the colon is the catalog's).
_WIDE_HEADING = re.compile(r"^( *\S.*[^\x00-\u2fff]):$", re.MULTILINE)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, measuring by display width where wide characters are shown."""

    def format_help(self) -> str:
        """The help, a Chinese section heading followed by a full-width colon on every Python ('位置参数：')."""
        return _WIDE_HEADING.sub(r"\1：", super().format_help())

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Help text in lines: by display width when it holds wide characters, else as argparse does."""
        if not any(is_wide(char) for char in text):
            return super()._split_lines(text, width)
        return wrap_wide(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """A description filled to `width`: by display width when it holds wide characters."""
        if not any(is_wide(char) for char in text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_wide(text, width - len(indent)))

    def _format_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None) -> str:
        """The usage, its prefix in the language shown, continuation lines lined up under a wide prefix too."""
        if prefix is None:
            prefix = _("usage: ")
        columns = display_width(prefix)
        if columns == len(prefix):
            return str(super()._format_usage(usage, actions, groups, prefix))
        stand_in = "\ue000" * columns  # as wide as the prefix, so argparse lines up what follows
        return str(super()._format_usage(usage, actions, groups, stand_in)).replace(stand_in, prefix, 1)


class SpeakingParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words come from our catalogs in the active locale (see `speaking`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """argparse's parser, built with its headings and `--help`'s help in the language shown."""
        kwargs.setdefault("formatter_class", HelpFormatter)
        with speaking():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        """Sub-commands, their heading (when titled) in the language shown."""
        with speaking():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        """Parse, with argparse's usage errors in the language shown."""
        with speaking():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        """Parse, with argparse's usage errors in the language shown ('unrecognized arguments' too)."""
        with speaking():
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        """The usage line(s) in the language shown."""
        with speaking():
            return super().format_usage()

    def format_help(self) -> str:
        """The whole help in the language shown."""
        with speaking():
            return super().format_help()
