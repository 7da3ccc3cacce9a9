"""One trainee's run as the game drives it: the Session plus saving and recording.

The screens call `choose`, `undo` and `quit`; this module keeps the store in step: the
session is saved after every reply and undo (so quitting or a crash resumes in place),
and a finished run is recorded (which discards the save). A store problem never loses
the run in hand: it is reported in `problem` and play goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.analysis import Analysis, cached_analysis
from game.engine.session import Session, Turn
from game.store.copies import default_rubric_text
from game.store.db import Store
from game.store.errors import StoreError
from game.store.runs import RunRecord, record_run
from game.store.sessions import SessionStore
from game.play.catalog import Entry
from game.play.profile import Profile
from scoring.scorer import ScoreCard


@dataclass
class Playthrough:
    """A session being played, with where it is saved and recorded; see the module docstring."""

    entry: Entry
    session: Session
    profile: Profile
    store: Store | None = None
    record: RunRecord | None = None
    problem: str | None = None
    _saves: SessionStore | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.store is not None and self._saves is None:
            self._saves = SessionStore(self.store)

    @property
    def practice(self) -> bool:
        """True in practice mode (coaching shown, undo allowed)."""
        return self.session.mode == "practice"

    def choose(self, number: int) -> Turn:
        """Make the reply with this 1-based number; saves, or records once the scene is over."""
        turn = self.session.choose(self.session.replies[number - 1].id)
        if self.session.is_over:
            self._record()
        else:
            self._save()
        return turn

    def undo(self) -> Turn:
        """Take back the last reply (practice only) and save."""
        turn = self.session.undo()
        self._save()
        return turn

    def scorecard(self) -> ScoreCard:
        """The finished run's verdict (the Session's own)."""
        return self.session.scorecard()

    def analysis(self) -> Analysis:
        """The scenario's exact best and worst paths (cached per scenario and rubric)."""
        return cached_analysis(self.session.scenario, self.session.scorer)

    def _save(self) -> None:
        if self._saves is None:
            return
        try:
            self._saves.save(self.profile.name, self.session, self.entry.raw, default_rubric_text(), self.entry.file_name)
            self.problem = None
        except StoreError as error:
            self.problem = f"Could not save: {error.message}"

    def _record(self) -> None:
        if self.store is None:
            return
        try:
            self.record = record_run(
                self.store,
                player=self.profile.name,
                session=self.session,
                scenario_text=self.entry.raw,
                rubric_text=default_rubric_text(),
                file_name=self.entry.file_name,
                cohort=self.profile.cohort,
                team=self.profile.team,
            )
            self.problem = None
        except StoreError as error:
            self.problem = f"Could not record the run: {error.message}"


def resumable(store: Store | None, profile: Profile, entry: Entry) -> tuple[Session | None, str | None]:
    """A saved session of this scenario to offer, and a note when a save could not be used.

    A save made on another version of the scenario file, or a damaged one, is not offered
    (the note says why); the trainee then starts afresh and the next save replaces it.
    """
    if store is None:
        return None, None
    try:
        saved = SessionStore(store).load_resumable(profile.name, entry.scenario.id)
    except StoreError as error:
        return None, error.message
    if saved is None:
        return None, None
    if saved.scenario.content_hash != entry.scenario.content_hash:
        return None, "The scenario has changed since your saved run, so it starts afresh."
    if not saved.events:
        return None, None
    return saved, None


def discard_save(store: Store | None, profile: Profile, entry: Entry) -> None:
    """Forget the player's saved session of this scenario (they chose to start over)."""
    if store is None:
        return
    try:
        SessionStore(store).discard(profile.name, entry.scenario.id)
    except StoreError:
        pass  # a save we cannot delete is replaced by the next one anyway
