"""Stored copies of scenario and rubric texts, and loading them back for replay.

A run keeps the content hash of the scenario it was played on and the digest of the
rubric that scored it; the texts themselves are stored once per hash here. Loading a
copy back checks that it still has the hash it is filed under, so an edited copy cannot
pass for the original. `CopyCache` loads each copy once per verification pass or save
session: parsing YAML and finding a scenario's best score are the slow parts of a replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, select

from game.scenario.diagnostics import DiagnosticError
from game.scenario.loader import load_scenario_text
from game.scenario.model import Scenario
from scoring.rubric import DEFAULT_RUBRIC_PATH, Rubric, RubricError, parse_rubric
from scoring.scorer import Scorer

from game.store.tables import rubric_copies, scenario_copies


class CopyError(Exception):
    """A stored copy is missing, unreadable, or does not match its hash."""


class DamagedCopy(CopyError):
    """A stored copy no longer matches the hash it is filed under: the copy is damaged, not the runs."""


@dataclass(frozen=True)
class Replayable:
    """A scenario and the scorer to replay its runs with."""

    scenario: Scenario
    scorer: Scorer


@lru_cache(maxsize=1)
def default_rubric_text() -> str:
    """The bundled rubric's YAML text (what `default_rubric()` was parsed from)."""
    return DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8")


def as_text(raw: str | bytes) -> str:
    """Scenario file content as text; bytes must be UTF-8 (as the loader requires)."""
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CopyError(f"the scenario text is not UTF-8 ({error})") from None
    return raw


def put_scenario(connection: Connection, scenario: Scenario, text: str, file_name: str, now: float) -> None:
    """Store the scenario's text under its content hash, unless it is already there."""
    exists = connection.execute(
        select(scenario_copies.c.content_hash).where(scenario_copies.c.content_hash == scenario.content_hash)
    ).first()
    if exists is None:
        connection.execute(
            scenario_copies.insert().values(
                content_hash=scenario.content_hash, scenario_id=scenario.id, file_name=file_name, text=text, stored_at=now
            )
        )


def put_scenario_text(connection: Connection, content_hash: str, scenario_id: str, file_name: str, text: str, now: float) -> None:
    """Store a scenario text already known to have `content_hash`, unless a copy is there."""
    exists = connection.execute(
        select(scenario_copies.c.content_hash).where(scenario_copies.c.content_hash == content_hash)
    ).first()
    if exists is None:
        connection.execute(
            scenario_copies.insert().values(
                content_hash=content_hash, scenario_id=scenario_id, file_name=file_name, text=text, stored_at=now
            )
        )


def put_rubric_text(connection: Connection, text: str, now: float) -> None:
    """Store a rubric text under its digest, unless it is there; StoreError-free: a text that does not parse is skipped."""
    try:
        rubric = parse_rubric(text, "<rubric>")
    except RubricError:
        return
    put_rubric(connection, rubric, text, now)


def put_rubric(connection: Connection, rubric: Rubric, text: str, now: float) -> None:
    """Store the rubric's text under its digest, unless it is already there."""
    exists = connection.execute(select(rubric_copies.c.digest).where(rubric_copies.c.digest == rubric.digest)).first()
    if exists is None:
        connection.execute(
            rubric_copies.insert().values(
                digest=rubric.digest, rubric_id=rubric.id, version=rubric.version, text=text, stored_at=now
            )
        )


class CopyCache:
    """Parsed rubrics and loaded scenarios, by digest and content hash, for one pass."""

    def __init__(self) -> None:
        self._rubrics: dict[str, Rubric] = {}
        self._scenarios: dict[tuple[str, str], Replayable] = {}
        self._texts: dict[tuple[str, str], str] = {}  # (text, rubric digest) -> its content hash
        self._rubric_texts: dict[str, str] = {}  # rubric text -> its digest
        # (content hash, rubric digest) -> why it is too costly to analyse, or None (verify.too_costly)
        self.too_costly: dict[tuple[str, str], str | None] = {}

    def rubric_from_text(self, text: str) -> Rubric:
        """Parse rubric text (once per distinct text); raises CopyError."""
        digest = self._rubric_texts.get(text)
        if digest is None:
            try:
                rubric = parse_rubric(text, "<stored rubric>")
            except RubricError as error:
                raise CopyError(str(error)) from None
            digest = self._rubrics.setdefault(rubric.digest, rubric).digest
            self._rubric_texts[text] = digest
        return self._rubrics[digest]

    def remember(self, text: str, file_name: str, rubric: Rubric, expected_hash: str) -> Replayable:
        """Load `text` as the copy filed under `expected_hash` (once); raises CopyError if it is not."""
        key = (expected_hash, rubric.digest)
        if self._texts.get((text, rubric.digest)) != expected_hash or key not in self._scenarios:
            scenario = self._load(text, file_name, rubric)
            if scenario.content_hash != expected_hash:
                raise CopyError("the scenario text given does not match the scenario that was played (it changed on disk?)")
            self._texts[(text, rubric.digest)] = expected_hash
            self._scenarios.setdefault(key, Replayable(scenario, Scorer(rubric)))
        return self._scenarios[key]

    def rubric(self, connection: Connection | None, digest: str) -> Rubric:
        """The stored rubric with this digest; raises CopyError."""
        if digest not in self._rubrics:
            if connection is None:
                raise CopyError(f"the rubric copy {digest} is not loaded")
            text = connection.execute(select(rubric_copies.c.text).where(rubric_copies.c.digest == digest)).scalar()
            if text is None:
                raise CopyError(f"the rubric copy {digest} is missing")
            try:
                rubric = self.rubric_from_text(text)
            except CopyError as error:
                raise DamagedCopy(f"the stored rubric copy {digest} is damaged ({error})") from None
            if rubric.digest != digest:
                raise DamagedCopy(f"the stored rubric copy {digest} is damaged (its digest is now {rubric.digest})")
        return self._rubrics[digest]

    def replayable(self, connection: Connection | None, content_hash: str, rubric_digest: str) -> Replayable:
        """The stored scenario copy loaded with the stored rubric; raises CopyError.

        Without a connection only copies already remembered in this cache are found.
        """
        key = (content_hash, rubric_digest)
        if key not in self._scenarios:
            if connection is None:
                raise CopyError(f"the scenario copy {content_hash[:12]} is not loaded")
            rubric = self.rubric(connection, rubric_digest)
            row = connection.execute(
                select(scenario_copies.c.text, scenario_copies.c.file_name).where(
                    scenario_copies.c.content_hash == content_hash
                )
            ).first()
            if row is None:
                raise CopyError(f"the scenario copy {content_hash[:12]} is missing")
            try:
                scenario = self._load(row.text, row.file_name, rubric)
            except CopyError as error:
                raise DamagedCopy(f"the stored scenario copy {content_hash[:12]} is damaged ({error})") from None
            if scenario.content_hash != content_hash:
                raise DamagedCopy(f"the stored scenario copy {content_hash[:12]} is damaged (its text no longer has its hash)")
            self._scenarios[key] = Replayable(scenario, Scorer(rubric))
        return self._scenarios[key]

    @staticmethod
    def _load(text: str, file_name: str, rubric: Rubric) -> Scenario:
        try:
            return load_scenario_text(text, file_name, rubric).scenario
        except DiagnosticError as error:
            first = str(error).splitlines()[0] if str(error) else "it does not load"
            raise CopyError(f"the scenario copy does not load: {first}") from None
