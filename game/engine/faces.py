"""How each person in the scene looks, line by line: the one decision both front ends draw.

Every person has their own face; the narrator is a voice and has none (None). For a line:

 1. the line's own `expression`, when the author wrote one; it holds for the speaker's
    next lines in the same moment (until the trainee's next reply);
 2. otherwise, for someone whose mood a meter holds (the main customer, whose mood is the
    scenario's mood meter, and anyone a meter's label names, such as "Mr Gao's irritation"),
    the meter's face: their starting `expression` until the first reply, then
    * "embarrassed" while a shame-like meter of theirs (name or label containing embarrass,
      shame, humiliat or blush; for the main customer also one that names nobody) is in its
      worse half, or for the one turn after their mood climbed by 0.25 or more out of the
      angry band without reaching relieved (the customer who realises they were wrong);
    * else, when their mood meter is itself a shame-like meter, calm (being spared shame is
      no reason to beam); for any other, angry below 0.3, annoyed below 0.55, calm below
      0.8 and relieved above;
 3. otherwise (staff, companions, other customers) the last expression one of their lines
    named in this run, else their starting `expression`, else calm. Staff never read a meter.

The main customer is the person the mood meter's label names, else the first cast member
whose role is customer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from game.engine.session import Session, SpokenLine, Turn
from game.scenario.model import MeterSpec, Person, Scenario

# The faces a mood meter can show; the mood (0 worst, 1 best) below which each shows.
EXPRESSION_LIMITS = ((0.3, "angry"), (0.55, "annoyed"), (0.8, "calm"))
SHAME_WORDS = re.compile(r"embarrass|shame|humiliat|blush", re.IGNORECASE)
CLIMB = 0.25  # a rise in mood this large in one turn, out of the angry band, is a climb-down
SHAME_LIMIT = 0.55  # a shame meter's goodness below this (its worse half) shows embarrassment
NO_METER_ROLES = frozenset({"staff", "narrator"})


def mood_expression(mood: float) -> str:
    """The face for a mood (0.0 worst, 1.0 best)."""
    for limit, name in EXPRESSION_LIMITS:
        if mood < limit:
            return name
    return "relieved"


def _names(meter: MeterSpec, person: Person) -> bool:
    """True when the meter's label or name is about this person (their name or id as words)."""
    pattern = r"(?<!\w)(" + re.escape(person.name) + "|" + re.escape(person.id) + r")(?!\w)"
    return bool(re.search(pattern, f"{meter.label} {meter.name.replace('_', ' ')}", re.IGNORECASE))


def meter_owner(scenario: Scenario, meter: MeterSpec) -> Person | None:
    """The person (never the narrator) a meter is about, if its label names exactly one."""
    owners = [person for person in scenario.cast.values() if not person.is_narrator and _names(meter, person)]
    return owners[0] if len(owners) == 1 else None


def main_customer(scenario: Scenario) -> str | None:
    """The cast id of the person whose mood the scenario's mood meter is (see the module docstring)."""
    owner = meter_owner(scenario, scenario.meters[scenario.mood_meter])
    if owner is not None:
        return owner.id
    return next((person.id for person in scenario.cast.values() if person.role == "customer"), None)


def mood_meter_of(scenario: Scenario, cast_id: str) -> MeterSpec | None:
    """The meter that holds this person's mood (their own first, the mood meter first among
    those), the mood meter for the main customer, or None: their face is their own."""
    person = scenario.cast.get(cast_id)
    if person is None or person.role in NO_METER_ROLES:
        return None
    own = [m for m in scenario.meters.values() if (o := meter_owner(scenario, m)) is not None and o.id == cast_id]
    own.sort(key=lambda m: m.name != scenario.mood_meter)
    if own:
        return own[0]
    return scenario.meters[scenario.mood_meter] if cast_id == main_customer(scenario) else None


def _shamed(scenario: Scenario, meters: Mapping[str, int], cast_id: str) -> bool:
    """A shame-like meter of theirs (or, for the main customer, of nobody's) is in its worse half."""
    is_main = cast_id == main_customer(scenario)
    for meter in scenario.meters.values():
        if not SHAME_WORDS.search(f"{meter.name} {meter.label}"):
            continue
        owner = meter_owner(scenario, meter)
        if (owner.id == cast_id if owner is not None else is_main) and meter.goodness(meters[meter.name]) < SHAME_LIMIT:
            return True
    return False


def _climbed_down(meter: MeterSpec, last: Turn | None) -> bool:
    """In the last turn the mood rose by CLIMB or more from the angry band, short of relieved."""
    if last is None:
        return False
    before = meter.goodness(last.meters_before[meter.name])
    after = meter.goodness(last.meters_after[meter.name])
    return before < EXPRESSION_LIMITS[0][0] and after - before >= CLIMB and after < EXPRESSION_LIMITS[-1][0]


def meter_face(scenario: Scenario, cast_id: str, meters: Mapping[str, int], turns: Sequence[Turn]) -> str | None:
    """The face this person's mood meter shows (rule 2 of the module docstring), or None if
    no meter holds their mood."""
    meter = mood_meter_of(scenario, cast_id)
    if meter is None:
        return None
    person = scenario.cast[cast_id]
    if not turns and person.expression is not None:
        return person.expression
    if _shamed(scenario, meters, cast_id) or _climbed_down(meter, turns[-1] if turns else None):
        return "embarrassed"
    if SHAME_WORDS.search(f"{meter.name} {meter.label}"):
        return "calm"  # no shame is no reason to beam
    return mood_expression(meter.goodness(meters[meter.name]))


class FaceBook:
    """Everyone's face as the lines of a run are said, one line at a time."""

    def __init__(self, scenario: Scenario, meters: Mapping[str, int], turns: Sequence[Turn]):
        self.scenario = scenario
        self.meters = meters
        self.turns = turns
        self.named: dict[str, str] = {}  # the last expression each person's lines named
        self.moment: dict[str, str] = {}  # ... in the moment being said now
        for turn in turns:
            self.hear(turn.lines)
        self.moment.clear()

    def hear(self, lines: Iterable[SpokenLine]) -> None:
        """Remember the expressions these lines named."""
        for line in lines:
            if line.expression is not None:
                self.named[line.speaker] = self.moment[line.speaker] = line.expression

    def face(self, cast_id: str, expression: str | None = None) -> str | None:
        """The face `cast_id` shows now, saying a line with `expression` (None: no line, or none named)."""
        person = self.scenario.cast.get(cast_id)
        if person is not None and person.is_narrator:
            return None
        if expression is not None:
            return expression
        if cast_id in self.moment:
            return self.moment[cast_id]
        from_meter = meter_face(self.scenario, cast_id, self.meters, self.turns)
        if from_meter is not None:
            return from_meter
        fallback = person.expression if person is not None else None
        return self.named.get(cast_id, fallback or "calm")

    def say(self, line: SpokenLine) -> str | None:
        """The face the speaker shows saying `line`; afterwards the line counts as heard."""
        shown = self.face(line.speaker, line.expression)
        self.hear((line,))
        return shown


def line_faces(session: Session) -> tuple[str | None, ...]:
    """The face each line said now (session.lines) is shown with; None for the narrator's."""
    book = FaceBook(session.scenario, session.meters, session.turns)
    return tuple(book.say(line) for line in session.lines)


def faces_now(session: Session) -> dict[str, str]:
    """Every person's face once the lines said now are all shown (the narrator left out)."""
    book = FaceBook(session.scenario, session.meters, session.turns)
    book.hear(session.lines)
    return {cast_id: face for cast_id in session.scenario.cast if (face := book.face(cast_id)) is not None}
