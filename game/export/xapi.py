"""A recorded run as xAPI 1.0.3 statements (pure: no store, no network).

A run gives, in this order (docs/xapi.md says what each field means):

- `initialized` the scenario (when the run started);
- one `responded` per reply: a `choice` interaction whose choices are the replies on offer
  then, with the chosen reply's id as the response, and its grade, the points it gave up, the
  better reply and the rubric rules it touched in `result.extensions`;
- `completed` the scenario, with the score, success and duration;
- `passed` (the run reached a band) or `failed` (it did not), with the same result.

All of them carry the run's `context.registration` (a UUID from the run's uid). Statement ids
are UUIDs derived from the run's uid and the statement's place, so the same run always gives
the same ids and a statement sent twice is one statement at the LRS. Activity IRIs derive from
the scenario's id and content hash: the same scenario text is the same activity everywhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from game.engine.review import ReviewRow, review_rows
from game.engine.session import OfferedReply, Session
from scoring.scorer import ScoreCard

XAPI_VERSION = "1.0.3"
# Every IRI of ours (activities, extensions) is a URN under this prefix: it names, it locates nothing.
IRI_PREFIX = "urn:service-dojo:"
# The namespace of our statement ids and registrations (a fixed, random UUID: never change it).
ID_NAMESPACE = uuid.UUID("5d0e1f7a-6c43-4b1e-9a52-2f7c8b3d1e60")

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
VERBS = ("initialized", "responded", "completed", "passed", "failed")
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"

EXT = IRI_PREFIX + "xapi:extension:"
EXTENSIONS = {
    name: EXT + name
    for name in ("turn", "node", "grade", "loss", "better", "rules", "points", "mode", "band", "percent", "rubric", "ending", "status")
}


@dataclass(frozen=True)
class Actor:
    """Who the statements are about: an account on `home_page` named by the player's identity,
    or (only when the owner chose 'mbox') a mailto: address when the identity is one."""

    identity: str
    home_page: str
    kind: str = "account"

    def to_json(self) -> dict[str, Any]:
        """The xAPI Agent object."""
        if self.kind == "mbox" and _looks_like_address(self.identity):
            return {"objectType": "Agent", "mbox": f"mailto:{self.identity}"}
        return {"objectType": "Agent", "account": {"homePage": self.home_page, "name": self.identity}}


@dataclass(frozen=True)
class RunFacts:
    """What the store keeps of a run that the statements need besides the replay."""

    run_uid: str
    started_at: float
    finished_at: float
    percent: float
    band: str | None
    mode: str
    rubric: str  # id@version
    status: str = "verified"  # or 'flagged': its replay or seal disagreed with what was stored


def _looks_like_address(text: str) -> bool:
    """A plain check: something@domain.tld, no spaces (the owner vouches for the rest)."""
    local, at, domain = text.partition("@")
    return bool(local) and bool(at) and "." in domain and not any(ch.isspace() for ch in text)


def registration(run_uid: str) -> str:
    """The run's registration: its uid read as a UUID (a uid that is not one is hashed into one)."""
    try:
        return str(uuid.UUID(hex=run_uid))
    except ValueError:
        return str(uuid.uuid5(ID_NAMESPACE, f"registration:{run_uid}"))


def statement_id(run_uid: str, place: str) -> str:
    """The fixed id of the run's statement at `place` ('initialized', 'reply/3', 'completed', 'verdict')."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{run_uid}/{place}"))


def scenario_iri(scenario_id: str, content_hash: str) -> str:
    """The activity IRI of a scenario's exact text."""
    return f"{IRI_PREFIX}scenario:{quote(scenario_id, safe='')}:{content_hash}"


def decision_iri(scenario_id: str, content_hash: str, node: str) -> str:
    """The activity IRI of one moment of decision (a node) of a scenario's exact text."""
    return f"{scenario_iri(scenario_id, content_hash)}:node:{quote(node, safe='')}"


def timestamp(seconds: float) -> str:
    """An ISO 8601 UTC timestamp, to the millisecond."""
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds")


def duration(seconds: float) -> str:
    """An ISO 8601 duration to the hundredth of a second, e.g. PT1H2M3.45S."""
    hundredths = max(0, round(seconds * 100))
    hours, rest = divmod(hundredths, 360_000)
    minutes, rest = divmod(rest, 6000)
    whole, fraction = divmod(rest, 100)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    return text + (f"{whole}.{fraction:02d}S" if fraction else f"{whole}S")


def language(locale: str) -> str:
    """The language tag for display text (the scenario's locale, 'en' if it has none)."""
    return locale or "en"


def offered_per_turn(session: Session) -> list[tuple[OfferedReply, ...]]:
    """The replies on offer before each reply of the run, in the order shown (by replaying it)."""
    replay = Session(session.scenario, seed=session.seed, mode=session.mode, scorer=session.scorer, clock=lambda: 0.0)
    offered = []
    for turn in session.turns:
        offered.append(replay.offered)
        replay.choose(turn.choice.key)
    return offered


def run_statements(facts: RunFacts, session: Session, card: ScoreCard, actor: Actor) -> list[dict[str, Any]]:
    """The run's statements in order: initialized, one responded per reply, completed, passed or failed."""
    scenario = session.scenario
    lang = language(scenario.locale)
    activity = {
        "objectType": "Activity",
        "id": scenario_iri(scenario.id, scenario.content_hash),
        "definition": {"type": SIMULATION, "name": {lang: scenario.title}, "description": {lang: scenario.summary}},
    }
    context = {"registration": registration(facts.run_uid), "language": lang}
    base = {"actor": actor.to_json(), "version": XAPI_VERSION}

    def statement(place: str, verb: str, obj: dict[str, Any], at: float, **extra: Any) -> dict[str, Any]:
        return {"id": statement_id(facts.run_uid, place), **base, "verb": _verb(verb), "object": obj, "timestamp": timestamp(at), **extra}

    statements = [statement("initialized", "initialized", activity, facts.started_at, context=context)]
    parent = {**context, "contextActivities": {"parent": [{"objectType": "Activity", "id": activity["id"]}]}}
    rows = review_rows(session, card)
    for turn, row, feedback, offered in zip(session.turns, rows, card.turns, offered_per_turn(session)):
        rules = sorted({item.rule for item in feedback.items if item.rule is not None})
        statements.append(
            statement(
                f"reply/{row.turn}",
                "responded",
                _decision(scenario.id, scenario.content_hash, row, offered, lang),
                turn.at,
                context=parent,
                result={"response": row.reply, "extensions": _reply_extensions(row, rules, feedback.points)},
            )
        )
    result = _result(facts, card)
    statements.append(statement("completed", "completed", activity, facts.finished_at, context=context, result={**result, "completion": True}))
    verdict = "passed" if facts.band is not None else "failed"
    statements.append(statement("verdict", verdict, activity, facts.finished_at, context=context, result=result))
    return statements


def _verb(name: str) -> dict[str, Any]:
    return {"id": ADL_VERB + name, "display": {"en-US": name}}


def _decision(scenario_id: str, content_hash: str, row: ReviewRow, offered: Sequence[OfferedReply], lang: str) -> dict[str, Any]:
    """The `choice` interaction of one reply: the replies on offer as choices, in the order shown."""
    return {
        "objectType": "Activity",
        "id": decision_iri(scenario_id, content_hash, row.node),
        "definition": {
            "type": INTERACTION_TYPE,
            "name": {"en": f"Reply at {row.node}"},  # our words, English whatever the scenario's language (statements are records)
            "interactionType": "choice",
            "choices": [{"id": reply.id, "description": {lang: reply.text}} for reply in offered],
        },
    }


def _reply_extensions(row: ReviewRow, rules: list[str], points: float) -> dict[str, Any]:
    """Our extensions of a reply's result: turn, node, grade, loss, better reply, rules, points."""
    values: dict[str, Any] = {
        "turn": row.turn,
        "node": row.node,
        "grade": row.grade,
        "loss": round(row.loss, 2) if row.loss is not None else None,
        "better": row.better,
        "rules": rules,
        "points": round(points, 2),
    }
    return {EXTENSIONS[name]: value for name, value in values.items()}


def _result(facts: RunFacts, card: ScoreCard) -> dict[str, Any]:
    """The attempt's result: the percent as raw score out of 0-100, success (a band reached), duration."""
    percent = round(min(100.0, max(0.0, facts.percent)), 2)
    return {
        "score": {"raw": percent, "min": 0, "max": 100, "scaled": round(percent / 100, 4)},
        "success": facts.band is not None,
        "duration": duration(facts.finished_at - facts.started_at),
        "extensions": {
            EXTENSIONS["mode"]: facts.mode,
            EXTENSIONS["band"]: facts.band,
            EXTENSIONS["percent"]: round(facts.percent, 6),
            EXTENSIONS["rubric"]: facts.rubric,
            EXTENSIONS["ending"]: card.ending.id,
            EXTENSIONS["status"]: facts.status,
            EXTENSIONS["points"]: {"raw": round(card.raw_total, 2), "max": round(card.max_total, 2)},
        },
    }
