"""What `dojo lint` says about the watched file, shown in the game (`dojo play --watch`).

Each finding is one literal line `file:line:col: CODE severity: message`, so the author can
jump to it; a headline says whether the file plays as saved or the last good version is
still being played.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from game.scenario.diagnostics import Diagnostic

SHOWN = 6  # a long list would push the conversation off the screen; lint prints them all


def findings_text(findings: Sequence[Diagnostic], playable: bool, never_loaded: bool = False) -> Text:
    """The headline and up to SHOWN findings, errors first; literal text, never markup.

    `never_loaded` is for a draft with no version that ever loaded: nothing is playing yet.
    """
    errors = sum(finding.is_error for finding in findings)
    if not findings:
        return Text("✔ dojo lint: no findings; saving the file reloads it here.", style="bold")
    if playable:
        headline = f"dojo lint: {len(findings)} finding{'s' if len(findings) != 1 else ''}; the file plays as saved."
    else:
        still = "it cannot be played yet. Fix and save to start." if never_loaded else (
            "the last version that loaded is still playing. Fix and save to reload."
        )
        headline = f"✘ dojo lint: {errors} error{'s' if errors != 1 else ''}; {still}"
    text = Text(headline, style="bold")
    ordered = sorted(findings, key=lambda finding: (not finding.is_error, finding.line, finding.col))
    for finding in ordered[:SHOWN]:
        text.append("\n" + finding.format(), style="bold red" if finding.is_error else "yellow")
    if len(ordered) > SHOWN:
        text.append(f"\n… and {len(ordered) - SHOWN} more (run dojo lint on the file for all)")
    return text


class FindingsPanel(Static):
    """The lint findings of the watched file."""

    DEFAULT_CSS = """
    FindingsPanel { height: auto; max-height: 9; border: round $warning; padding: 0 1; }
    """

    def show(self, findings: Sequence[Diagnostic], playable: bool, never_loaded: bool = False) -> None:
        """Draw these findings."""
        self.update(findings_text(findings, playable, never_loaded))
