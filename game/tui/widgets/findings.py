"""What `dojo lint` says about the watched file, shown in the game (`dojo play --watch`).

Each finding is one literal line `file:line:col: CODE severity: message`, so the author can
jump to it; a headline says whether the file plays as saved or the last good version is
still being played.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from game.i18n import _, ngettext
from game.scenario.diagnostics import Diagnostic

SHOWN = 6  # a long list would push the conversation off the screen; lint prints them all


def findings_text(findings: Sequence[Diagnostic], playable: bool, never_loaded: bool = False) -> Text:
    """The headline and up to SHOWN findings, errors first; literal text, never markup.

    `never_loaded` is for a draft with no version that ever loaded: nothing is playing yet.
    """
    errors = sum(finding.is_error for finding in findings)
    if not findings:
        return Text(_("✔ dojo lint: no findings; saving the file reloads it here."), style="bold")
    if playable:
        count = len(findings)
        headline = ngettext(
            "dojo lint: {count} finding; the file plays as saved.", "dojo lint: {count} findings; the file plays as saved.", count
        ).format(count=count)
    else:
        still = _("it cannot be played yet. Fix and save to start.") if never_loaded else (
            _("the last version that loaded is still playing. Fix and save to reload.")
        )
        headline = ngettext("✘ dojo lint: {count} error; {still}", "✘ dojo lint: {count} errors; {still}", errors).format(
            count=errors, still=still
        )
    text = Text(headline, style="bold")
    ordered = sorted(findings, key=lambda finding: (not finding.is_error, finding.line, finding.col))
    for finding in ordered[:SHOWN]:
        text.append("\n" + finding.format(), style="bold red" if finding.is_error else "yellow")
    if len(ordered) > SHOWN:
        text.append("\n" + _("… and {count} more (run dojo lint on the file for all)").format(count=len(ordered) - SHOWN))
    return text


class FindingsPanel(Static):
    """The lint findings of the watched file."""

    DEFAULT_CSS = """
    FindingsPanel { height: auto; max-height: 9; border: round $warning; padding: 0 1; }
    """

    def show(self, findings: Sequence[Diagnostic], playable: bool, never_loaded: bool = False) -> None:
        """Draw these findings."""
        self.update(findings_text(findings, playable, never_loaded))
