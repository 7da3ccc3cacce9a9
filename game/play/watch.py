"""Hot reload for authors (`dojo play --watch`): notice a saved file, reload and lint it, replay.

No widgets here: the front end polls `changed`, calls `reload` (in a thread: lint runs the
analysis) and, when the new version loads, `replay`s the trainee's replies on it. A reply
still offered at the same point is made again; the first one that is not (renamed, moved
behind a condition, deleted) stops the replay there, so the author lands on the first place
their edit changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import _
from game.play.catalog import Entry

if TYPE_CHECKING:
    from game.engine.session import Session
    from game.scenario.diagnostics import Diagnostic
    from game.scenario.model import Scenario
    from scoring.scorer import Scorer


@dataclass(frozen=True)
class Stamp:
    """What tells one saved version of a file from the next without reading it."""

    mtime_ns: int
    size: int


def stamp(path: Path) -> Stamp | None:
    """The file's stamp now, or None while it is missing (an editor may save by replacing)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return Stamp(info.st_mtime_ns, info.st_size)


@dataclass(frozen=True)
class Reload:
    """One reload: the playable entry (None if the file has errors) and every finding."""

    entry: Entry | None
    findings: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        """The findings that stop the file from playing."""
        return [finding for finding in self.findings if finding.is_error]


def reload(path: Path, scorer: Scorer) -> Reload:
    """Read, load and lint `path` with the scorer's rubric (the analysis runs: call it off the UI thread)."""
    from game.engine.lint import analysis_findings
    from game.scenario.diagnostics import Diagnostic, DiagnosticError
    from game.scenario.loader import load_scenario_text
    from game.scenario.source import MAX_FILE_BYTES

    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return Reload(None, [Diagnostic.make("DOJO001", _("cannot read the file: {problem}").format(problem=error.strerror or error), str(path))])
    try:
        loaded = load_scenario_text(raw, str(path), scorer.rubric)
    except DiagnosticError as error:
        return Reload(None, sorted(error.diagnostics, key=lambda d: (d.line, d.col)))
    findings = list(loaded.warnings) + analysis_findings(loaded, scorer)
    return Reload(Entry(path, raw, loaded.scenario), sorted(findings, key=lambda d: (d.line, d.col)))


@dataclass(frozen=True)
class Replayed:
    """The replies made again on the new version, and why the replay stopped early (if it did)."""

    session: Session
    made: int
    wanted: int
    stopped_at: str | None

    def summary(self) -> str:
        """One line for the author, e.g. 'replayed 3 of 4 replies; "ask-why" is no longer offered there'."""
        if self.stopped_at is not None:
            return _('replayed {made} of {wanted} replies; "{reply}" is no longer offered there').format(
                made=self.made, wanted=self.wanted, reply=self.stopped_at
            )
        return _("replayed {made} of {wanted} replies").format(made=self.made, wanted=self.wanted)


def replay(old: Session, scenario: Scenario, scorer: Scorer) -> Replayed:
    """A new session of `scenario` (same seed and mode) with `old`'s replies made again while they apply."""
    from game.engine.session import Session

    session = Session(scenario, seed=old.seed, mode=old.mode, scorer=scorer)
    wanted = [turn.choice.id for turn in old.turns]
    for made, reply_id in enumerate(wanted):
        if session.is_over or reply_id not in {reply.id for reply in session.replies}:
            return Replayed(session, made, len(wanted), reply_id)
        session.choose(reply_id)
    return Replayed(session, len(wanted), len(wanted), None)
