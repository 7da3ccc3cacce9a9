"""The lint panel of `dojo play --watch` (game/tui/widgets/findings.py)."""

from __future__ import annotations

from game.scenario.diagnostics import Diagnostic
from game.tui.widgets.findings import SHOWN, findings_text


def test_no_findings_says_so():
    """An empty list reads as a clean lint with a hint that saving reloads."""
    assert "no findings" in findings_text([], playable=True).plain


def test_errors_come_first_literally_with_their_location():
    """Errors are listed before warnings, each as file:line:col with markup shown literally."""
    warning = Diagnostic.make("DOJO208", "a silent node", "d.yaml", 3, 1)
    error = Diagnostic.make("DOJO101", "[bold]nope[/bold] is not a node", "d.yaml", 9, 15)
    text = findings_text([warning, error], playable=False).plain
    lines = text.splitlines()
    assert "last version that loaded is still playing" in lines[0]
    assert lines[1].startswith("d.yaml:9:15: DOJO101") and "[bold]nope[/bold]" in lines[1]
    assert lines[2].startswith("d.yaml:3:1: DOJO208")


def test_a_long_list_is_cut_with_a_count_of_the_rest():
    """Past SHOWN findings the panel says how many more there are."""
    many = [Diagnostic.make("DOJO208", f"silent {n}", "d.yaml", n, 1) for n in range(SHOWN + 4)]
    text = findings_text(many, playable=True).plain
    assert text.splitlines()[0].startswith(f"dojo lint: {SHOWN + 4} findings; the file plays")
    assert text.endswith("… and 4 more (run dojo lint on the file for all)")


def test_a_draft_that_never_loaded_says_nothing_is_playing():
    """With never_loaded the headline says the file cannot be played yet, not that an old version plays."""
    error = Diagnostic.make("DOJO101", "id is missing", "d.yaml", 1, 1)
    headline = findings_text([error], playable=False, never_loaded=True).plain.splitlines()[0]
    assert "cannot be played yet" in headline and "still playing" not in headline
