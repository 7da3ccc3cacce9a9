"""DOJO420: a line whose words and the face shown with it are far apart.

Two passes, both with the rough tone reading of game/engine/tone.py:

 * every line that names an `expression` is read as written (each variant), wherever it is;
 * lines that name none show a face that depends on the run (a mood meter, an earlier line),
   so they are read as they are shown in real play: the best playthrough, the worst, and
   coverage runs that pick, at each moment, the reply chosen least so far (until every
   reachable reply has been chosen, at most FACE_RUNS runs of FACE_REPLIES replies each).

Each line (and variant) is reported once, at the line, with the face it was shown with and
the words that set the tone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from game.engine.analysis import Analysis
from game.engine.faces import FaceBook, mood_meter_of
from game.engine.session import Session, SpokenLine
from game.engine.tone import FITTING, Reading, clashes, read_tone
from game.i18n import N_, _
from game.scenario.diagnostics import Diagnostic
from game.scenario.loader import Loaded
from game.scenario.model import Scenario

FACE_RUNS = 40
FACE_REPLIES = 100
FACE_SEED = 420
# How game/engine/tone.py's tones and FITTING read in a message (expression names, being
# what an author writes after `expression:`, stay as they are in every language).
_TONES = {"hostile": N_("hostile"), "upset": N_("upset"), "warm": N_("warm"), "neutral": N_("neutral")}
_FITTING = (N_("sad, worried or annoyed"), N_("relieved or calm"))  # a single name needs no translating
# Which run showed the face (see _shown_lines).
_BEST_RUN, _WORST_RUN, _COVERAGE_RUN = N_("the best playthrough"), N_("the worst playthrough"), N_("a run that tries every reply")


def face_findings(loaded: Loaded, result: Analysis | None) -> list[Diagnostic]:
    """DOJO420 for every line shown with a face its words contradict (see the module docstring)."""
    places = _line_places(loaded.scenario)
    found: dict[str, Diagnostic] = {}
    for node_id, node in loaded.scenario.nodes.items():
        for index, line in enumerate(node.lines):
            if line.expression is None:
                continue
            person = loaded.scenario.cast[line.speaker]
            if person.is_narrator:
                continue
            for variant_id, text in line.variants:
                reading = read_tone(text)
                if clashes(reading.tone, line.expression):
                    path = ("nodes", node_id, "say", index, "expression")
                    why = _("its expression is '{expression}'").format(expression=line.expression)
                    found.setdefault(variant_id, _finding(loaded, path, person.name, text, reading, line.expression, why))
    for spoken, shown, run in _shown_lines(loaded.scenario, result):
        if spoken.expression is not None or shown is None or spoken.variant_id in found:
            continue
        reading = read_tone(spoken.text)
        if clashes(reading.tone, shown):
            node_id, index, variant = places[spoken.variant_id]
            path = ("nodes", node_id, "say", index, *(("variants", variant) if variant is not None else ()))
            has_meter = mood_meter_of(loaded.scenario, spoken.speaker) is not None
            if has_meter:
                why = _("the line names no expression, and on {run} the face is '{face}' (their mood meter shows)")
            else:
                why = _("the line names no expression, and on {run} the face is '{face}' (kept from their earlier line)")
            why = why.format(run=_(run), face=shown)
            found[spoken.variant_id] = _finding(loaded, path, spoken.speaker_name, spoken.text, reading, shown, why)
    return list(found.values())


def _finding(loaded: Loaded, path: tuple[str | int, ...], name: str, text: str, reading: Reading, shown: str, why: str) -> Diagnostic:
    """The DOJO420 diagnostic for one line."""
    line, col = loaded.doc.mark(path)
    words = ", ".join(f"'{cue}'" for cue in reading.cues)
    quoted = text if len(text) <= 60 else text[:57] + "..."
    message = _(
        "{name} says \"{text}\", which reads {tone} ({words}), with the face '{face}': {why}; "
        "give the line an expression that fits (such as {fitting})"
    ).format(
        name=name,
        text=quoted,
        tone=_(_TONES.get(reading.tone, reading.tone)),
        words=words,
        face=shown,
        why=why,
        fitting=_(FITTING[reading.tone]) if " " in FITTING[reading.tone] else FITTING[reading.tone],
    )
    return Diagnostic.make("DOJO420", message, loaded.doc.file, line, col)


def _line_places(scenario: Scenario) -> dict[str, tuple[str, int, int | None]]:
    """Each variant id -> (node, the line's index under `say`, the variant's index or None)."""
    places: dict[str, tuple[str, int, int | None]] = {}
    for node_id, node in scenario.nodes.items():
        for index, line in enumerate(node.lines):
            for k, (variant_id, _text) in enumerate(line.variants):
                places[variant_id] = (node_id, index, k if len(line.variants) > 1 else None)
    return places


def _said(session: Session) -> list[tuple[SpokenLine, str | None]]:
    """The lines said now, each with the face it is shown with."""
    book = FaceBook(session.scenario, session.meters, session.turns)
    return [(line, book.say(line)) for line in session.lines]


def _shown_lines(scenario: Scenario, result: Analysis | None) -> Iterable[tuple[SpokenLine, str | None, str]]:
    """Every line said on the runs of the module docstring: (line, face shown, which run)."""
    paths = []
    if result is not None:
        paths = [(_BEST_RUN, result.best.choices), (_WORST_RUN, result.worst.choices)]
    for label, choices in paths:
        session = Session(scenario, seed=FACE_SEED, clock=lambda: 0.0)
        yield from ((line, face, label) for line, face in _said(session))
        for key in choices:
            if session.is_over:
                break
            session.choose(key)
            yield from ((line, face, label) for line, face in _said(session))
    chosen: Counter[str] = Counter()
    for run in range(FACE_RUNS):
        session = Session(scenario, seed=FACE_SEED + run, clock=lambda: 0.0)
        label = _COVERAGE_RUN
        yield from ((line, face, label) for line, face in _said(session))
        for _reply in range(FACE_REPLIES):
            if session.is_over:
                break
            pick = min(session.replies, key=lambda choice: chosen[choice.key])
            chosen[pick.key] += 1
            session.choose(pick.key)
            yield from ((line, face, label) for line, face in _said(session))
        if len(chosen) == len(scenario.choices_by_key):
            break
