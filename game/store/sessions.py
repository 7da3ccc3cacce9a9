"""In-progress sessions: saved after every reply, so a crash or a closed laptop resumes in place.

The front ends call three methods:

    saves = SessionStore(store)
    saves.save(player, session, scenario_text)          # after every reply (and undo)
    session = saves.load_resumable(player, scenario_id) # on start: None if nothing saved
    saves.discard(player, scenario_id)                  # when the trainee starts over

Recording the finished run (`runs.record_run`) discards the save by itself. A saved
*ranked* run with a reply that is discarded (start over) or saved over by a different run
is first kept as an abandoned attempt (`abandoned.py`), in the same transaction.

A save is the session's event list (`Session.to_json()`) plus the scenario and rubric it
was played on, kept as stored copies; resuming replays the events on that copy, so a
session resumes at the very same point even if the scenario file was edited meanwhile.
Each save is one short `BEGIN IMMEDIATE` transaction; with WAL and `synchronous=FULL` a
committed save survives a killed process and a power cut. One save per player and
scenario: a new save replaces the old one.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from game.i18n import _
from game.engine.session import Session, SessionError
from game.store.abandoned import REPLACED, START_OVER, keep_if_abandoned, saved_row
from game.store.copies import CopyCache, CopyError, as_text, default_rubric_text, put_rubric, put_scenario
from game.store.db import Store
from game.store.errors import StoreError
from game.store.display import printable
from game.store.identity import guard_pin_holder
from game.store.players import ensure_player, find_player
from game.store.tables import sessions
from game.store.verify import dumps


class SessionStore:
    """Saves and resumes in-progress sessions; see the module docstring."""

    def __init__(self, store: Store):
        self.store = store
        self._cache = CopyCache()
        self._stored: set[tuple[str, str]] = set()  # copies known to be in the database already

    def save(
        self,
        player: str,
        session: Session,
        scenario_text: str | bytes,
        rubric_text: str | None = None,
        file_name: str = "<scenario>",
    ) -> None:
        """Write the session's current state for `player` (creating the player if new).

        `scenario_text` is the text the scenario was loaded from and `rubric_text` the
        rubric's (default: the bundled rubric); both are checked once per scenario.
        """
        rubric_text = default_rubric_text() if rubric_text is None else rubric_text
        text = self._checked(session, scenario_text, rubric_text, file_name)
        key = (session.scenario.content_hash, session.scorer.rubric.digest)
        state = dumps(session.to_json())
        with self.store.write() as connection:
            now = self.store.clock()
            guard_pin_holder(connection, player)
            player_id = ensure_player(connection, player, now)
            if key not in self._stored:
                put_scenario(connection, session.scenario, text, file_name, now)
                put_rubric(connection, session.scorer.rubric, rubric_text, now)
            values = {
                "content_hash": key[0],
                "rubric_digest": key[1],
                "state": state,
                "updated_at": now,
            }
            where = (sessions.c.player_id == player_id, sessions.c.scenario_id == session.scenario.id)
            old = saved_row(connection, player_id, session.scenario.id)
            if old is not None:
                keep_if_abandoned(connection, old, REPLACED, now, replacement=state)
            if connection.execute(sessions.update().where(*where).values(**values)).rowcount == 0:
                connection.execute(sessions.insert().values(player_id=player_id, scenario_id=session.scenario.id, **values))
        self._stored.add(key)

    def load_resumable(self, player: str, scenario_id: str) -> Session | None:
        """The player's saved session of this scenario, replayed; None if there is none.

        Raises StoreError if a save exists but cannot be replayed (damaged); the caller
        may then `discard` it.
        """
        with self.store.read() as connection:
            found = find_player(connection, player)
            if found is None:
                return None
            guard_pin_holder(connection, player)
            row = connection.execute(
                select(sessions).where(sessions.c.player_id == found.id, sessions.c.scenario_id == scenario_id)
            ).first()
            if row is None:
                return None
            try:
                target = self._cache.replayable(connection, row.content_hash, row.rubric_digest)
                return Session.from_json(json.loads(row.state), target.scenario, target.scorer)
            except (CopyError, SessionError, ValueError) as error:
                raise StoreError(
                    _("the saved session of '{player}' in '{scenario}' cannot be resumed: {problem}").format(
                        player=printable(player), scenario=printable(scenario_id), problem=error
                    )
                ) from None

    def discard(self, player: str, scenario_id: str) -> bool:
        """Forget the player's saved session of this scenario; True if there was one."""
        with self.store.write() as connection:
            found = find_player(connection, player)
            if found is None:
                return False
            guard_pin_holder(connection, player)
            old = saved_row(connection, found.id, scenario_id)
            if old is not None:
                keep_if_abandoned(connection, old, START_OVER, self.store.clock())
            result = connection.execute(
                sessions.delete().where(sessions.c.player_id == found.id, sessions.c.scenario_id == scenario_id)
            )
            return result.rowcount > 0

    def saved(self, player: str) -> list[str]:
        """The scenario ids the player has a saved session for."""
        with self.store.read() as connection:
            found = find_player(connection, player)
            if found is None:
                return []
            query = select(sessions.c.scenario_id).where(sessions.c.player_id == found.id).order_by(sessions.c.scenario_id)
            return list(connection.execute(query).scalars())

    def _checked(self, session: Session, scenario_text: str | bytes, rubric_text: str, file_name: str) -> str:
        """The scenario text as str, checked (once per scenario) against the session's scenario."""
        try:
            text = as_text(scenario_text)
            rubric = self._cache.rubric_from_text(rubric_text)
            if rubric.digest != session.scorer.rubric.digest:
                raise CopyError("the rubric text given is not the rubric of this session")
            self._cache.remember(text, file_name, rubric, session.scenario.content_hash)
        except CopyError as error:
            raise StoreError(_("cannot save the session: {problem}").format(problem=error)) from None
        return text
