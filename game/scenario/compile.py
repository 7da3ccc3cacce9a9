"""Check a shape-valid `ScenarioFile` for meaning and build the runtime `Scenario`.

The pydantic models only know shapes. Here every cross-reference is resolved and checked
(speakers, next targets, thresholds, meters and variables in conditions and effects, rubric
tags, skills), conditions are parsed once into their safe compiled form, and the story graph
is checked statically (every node reachable from the start and able to reach an ending).
Each problem becomes a located `Diagnostic`; errors stop the scenario from being built.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Iterable, Iterator
from difflib import get_close_matches
from typing import Any

from game.i18n import _
from game.scenario.conditions import Condition, ConditionError, ValueType, parse_condition
from game.scenario.diagnostics import Diagnostic
from game.scenario.model import (
    ChoiceSpec,
    Effect,
    EffectOp,
    EndingSpec,
    LineSpec,
    MeterSpec,
    NodeSpec,
    Person,
    Scenario,
    Value,
)
from game.scenario.schema import RESERVED_NAMES, Choice, EffectValue, ScenarioFile, SetEffect
from game.scenario.source import SourceDoc
from scoring.rubric import Rubric

MAX_NODES = 10_000
MAX_CHOICES_PER_NODE = 9  # the front ends number replies 1-9
MAX_LINES_PER_NODE = 50
# "Did you mean" hints per file: each is a fuzzy match against every id, so a file with
# thousands of broken references would otherwise take minutes to report.
MAX_HINTS = 50

_CONDITION_CODES = {"syntax": "DOJO301", "unknown-name": "DOJO302", "type": "DOJO303"}


def content_hash(data: Any) -> str:
    """A hash of a scenario's data that ignores comments, spacing and key order."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Compiler:
    """Collects diagnostics while building the runtime scenario from one file."""

    def __init__(self, spec: ScenarioFile, doc: SourceDoc, rubric: Rubric):
        self.spec = spec
        self.doc = doc
        self.rubric = rubric
        self.found: list[Diagnostic] = []
        self.types: dict[str, ValueType] = {name: "int" for name in spec.meters}
        self.types.update({name: _value_type(value) for name, value in spec.vars.items()})
        # Built once: every condition checks its visits()/chose() ids against these.
        self.node_ids = frozenset(spec.nodes)
        self.choice_keys = frozenset(
            f"{node_id}/{choice.id}" for node_id, node in spec.nodes.items() for choice in node.choices
        )
        # What reply conditions read decides what the engine's state must carry; line
        # conditions only change the words shown, so they never widen it.
        self.visit_nodes: set[str] = set()
        self.uses_chose = False
        self.uses_turn = False
        self.counter_bounds: list[int | None] = []
        self.hints_left = MAX_HINTS

    # Reporting ---------------------------------------------------------------------

    def report(self, code: str, message: str, path: tuple[str | int, ...], at_key: bool = False, shift: int = 0) -> None:
        """Record a finding at the value (or key) at `path`, `shift` characters in."""
        line, col = self.doc.key_mark(path) if at_key else self.doc.mark(path)
        self.found.append(Diagnostic.make(code, message, self.doc.file, line, col + shift))

    def hint(self, word: str, *pools: Iterable[str]) -> str | None:
        """The id a "did you mean" hint names from `pools`, while this file's budget of fuzzy matches lasts."""
        if self.hints_left <= 0:
            return None  # past the budget, not even the list of ids is built
        self.hints_left -= 1
        return _suggest(word, [name for pool in pools for name in pool])

    # Building ------------------------------------------------------------------------

    def build(self) -> Scenario | None:
        """Run every check and build the scenario; None if any check found an error."""
        spec = self.spec
        self._check_sizes()
        self._check_ids()
        cast = {
            key: Person(key, member.name, member.role, member.portrait, member.expression) for key, member in spec.cast.items()
        }
        meters = self._meters()
        mood = spec.mood or next(iter(spec.meters))
        if spec.mood is not None and spec.mood not in spec.meters:
            self.report("DOJO302", _("the mood meter '{meter}' is not declared under 'meters'").format(meter=spec.mood), ("mood",))
        if spec.start not in spec.nodes:
            if spec.start in spec.endings:
                message = _("the start node '{node}' does not exist (it is an ending; the story must start at a node)")
            else:
                message = _("the start node '{node}' does not exist")
            self.report("DOJO206", message.format(node=spec.start), ("start",))
        for index, skill in enumerate(spec.skills):
            if skill not in self.rubric.dimensions:
                known = ", ".join(self.rubric.dimensions)
                message = _("skill '{skill}' is not a rubric dimension (known: {known})").format(skill=skill, known=known)
                self.report("DOJO405", message, ("skills", index))
        nodes = {node_id: self._node(node_id) for node_id in spec.nodes}
        endings = {
            key: EndingSpec(key, ending.outcome, ending.title, ending.text) for key, ending in spec.endings.items()
        }
        self._check_graph(nodes)
        if any(d.is_error for d in self.found):
            return None
        return Scenario(
            id=spec.id,
            title=spec.title,
            summary=spec.summary,
            difficulty=spec.difficulty,
            skills=tuple(spec.skills),
            tags=tuple(spec.tags),
            minutes=spec.minutes,
            locale=spec.locale,
            cast=cast,
            meters=meters,
            mood_meter=mood,
            vars=dict(spec.vars),
            start=spec.start,
            nodes=nodes,
            endings=endings,
            max_turns=spec.max_turns,
            content_hash=content_hash(self.doc.data),
            source=self.doc.file,
            visit_nodes=frozenset(self.visit_nodes),
            uses_chose=self.uses_chose,
            uses_turn=self.uses_turn,
            counter_cap=None if None in self.counter_bounds else max((b for b in self.counter_bounds if b is not None), default=0),
            choices_by_key={choice.key: choice for node in nodes.values() for choice in node.choices},
            loop_nodes=loop_nodes(nodes),
            meter_index={name: i for i, name in enumerate(meters)},
            var_index={name: i for i, name in enumerate(spec.vars)},
        )

    def _check_sizes(self) -> None:
        spec = self.spec
        if len(spec.nodes) > MAX_NODES:
            self.report("DOJO108", _("{count} nodes; the limit is {limit}").format(count=len(spec.nodes), limit=MAX_NODES), ("nodes",))
        for node_id, node in spec.nodes.items():
            if len(node.choices) > MAX_CHOICES_PER_NODE:
                self.report(
                    "DOJO108",
                    _("node '{node}' offers {count} replies; the limit is {limit}").format(
                        node=node_id, count=len(node.choices), limit=MAX_CHOICES_PER_NODE
                    ),
                    ("nodes", node_id, "choices"),
                )
            if len(node.lines) > MAX_LINES_PER_NODE:
                self.report(
                    "DOJO108",
                    _("node '{node}' has {count} lines; the limit is {limit}").format(
                        node=node_id, count=len(node.lines), limit=MAX_LINES_PER_NODE
                    ),
                    ("nodes", node_id, "say"),
                )

    def _check_ids(self) -> None:
        spec = self.spec
        for section, names in (("meters", spec.meters), ("vars", spec.vars)):
            for name in names:
                if name in RESERVED_NAMES:
                    self.report(
                        "DOJO103",
                        _("{section}: '{name}' is a word of the condition language; choose another name").format(section=section, name=name),
                        (section, name),
                        at_key=True,
                    )
        for ending_id in spec.endings:
            if ending_id in spec.nodes:
                self.report(
                    "DOJO105",
                    _("'{id}' names both a node and an ending; ids must be unique").format(id=ending_id),
                    ("endings", ending_id),
                    at_key=True,
                )
        line_ids: dict[str, tuple[str | int, ...]] = {}
        for node_id, node in spec.nodes.items():
            seen: set[str] = set()
            for index, choice in enumerate(node.choices):
                if choice.id in seen:
                    self.report(
                        "DOJO105",
                        _("reply id '{reply}' is used twice in node '{node}'").format(reply=choice.id, node=node_id),
                        ("nodes", node_id, "choices", index, "id"),
                    )
                seen.add(choice.id)
            for index, line in enumerate(node.lines):
                if line.id is None:
                    continue
                path = ("nodes", node_id, "say", index, "id")
                if line.id in line_ids:
                    first = self.doc.mark(line_ids[line.id])[0]
                    message = _("line id '{id}' is used twice (first at line {first})").format(id=line.id, first=first)
                    self.report("DOJO105", message, path)
                line_ids.setdefault(line.id, path)

    def _meters(self) -> dict[str, MeterSpec]:
        meters: dict[str, MeterSpec] = {}
        for name, meter in self.spec.meters.items():
            path = ("meters", name)
            if meter.min >= meter.max:
                message = _("meter '{meter}': min ({min}) must be below max ({max})").format(meter=name, min=meter.min, max=meter.max)
                self.report("DOJO107", message, path)
            elif not meter.min <= meter.start <= meter.max:
                self.report(
                    "DOJO107",
                    _("meter '{meter}': start {start} is outside {min}..{max}").format(
                        meter=name, start=meter.start, min=meter.min, max=meter.max
                    ),
                    (*path, "start"),
                )
            thresholds = []
            for index, threshold in enumerate(meter.thresholds):
                where = (*path, "thresholds", index)
                if threshold.ending not in self.spec.endings:
                    self.report(
                        "DOJO304",
                        _("meter '{meter}' threshold names '{ending}', which is not an ending").format(meter=name, ending=threshold.ending),
                        (*where, "ending"),
                    )
                kind, bound = ("at_least", threshold.at_least) if threshold.at_least is not None else (
                    "at_most",
                    threshold.at_most,
                )
                assert bound is not None  # the schema guarantees exactly one bound
                if not meter.min <= bound <= meter.max:
                    if kind == "at_least":
                        message = _("meter '{meter}' threshold at least {bound} is outside {min}..{max}, so it can never fire (meters stop at their range)")
                    else:
                        message = _("meter '{meter}' threshold at most {bound} is outside {min}..{max}, so it can never fire (meters stop at their range)")
                    self.report("DOJO107", message.format(meter=name, bound=bound, min=meter.min, max=meter.max), where)
                elif _threshold_hit(kind, bound, meter.start):
                    if kind == "at_least":
                        message = _("meter '{meter}' starts at {start}, already past its threshold at least {bound}")
                    else:
                        message = _("meter '{meter}' starts at {start}, already past its threshold at most {bound}")
                    self.report("DOJO107", message.format(meter=name, start=meter.start, bound=bound), where)
                thresholds.append((kind, bound, threshold.ending))
            meters[name] = MeterSpec(
                name=name,
                label=meter.label or name.replace("_", " ").capitalize(),
                start=meter.start,
                min=meter.min,
                max=meter.max,
                good_high=meter.good == "high",
                thresholds=tuple(thresholds),  # type: ignore[arg-type]
            )
        return meters

    def _condition(self, source: str | None, path: tuple[str | int, ...], affects_play: bool = False) -> Condition | None:
        if source is None:
            return None
        try:
            condition = parse_condition(source, self.types, self.node_ids, self.choice_keys, hints=self.hints_left > 0)
        except ConditionError as error:
            self.hints_left -= 1
            message = _("condition '{condition}': {problem}").format(condition=source, problem=error.message)
            self.report(_CONDITION_CODES.get(error.kind, "DOJO301"), message, path, shift=error.offset)
            return None
        if affects_play:
            self.visit_nodes |= condition.nodes
            self.uses_chose |= bool(condition.choices)
            self.uses_turn |= condition.uses_turn
            self.counter_bounds.append(condition.counter_bound)
        return condition

    def _default_speaker(self) -> str:
        for key, member in self.spec.cast.items():
            if member.role == "customer":
                return key
        return next(iter(self.spec.cast))

    def _speaker(self, speaker: str | None, fallback: str, path: tuple[str | int, ...]) -> str:
        if speaker is None:
            return fallback
        if speaker not in self.spec.cast:
            known = ", ".join(self.spec.cast)
            self.report("DOJO106", _("speaker '{speaker}' is not in the cast (cast: {known})").format(speaker=speaker, known=known), path)
        return speaker

    def _node(self, node_id: str) -> NodeSpec:
        node = self.spec.nodes[node_id]
        base = ("nodes", node_id)
        node_speaker = self._speaker(node.speaker, self._default_speaker(), (*base, "speaker"))
        lines = []
        for index, line in enumerate(node.lines):
            path = (*base, "say", index)
            line_id = line.id or f"{node_id}.{index + 1}"
            texts = line.variants if line.variants is not None else [line.text or ""]
            variants = tuple((f"{line_id}.{k + 1}" if len(texts) > 1 else line_id, text) for k, text in enumerate(texts))
            lines.append(
                LineSpec(
                    id=line_id,
                    speaker=self._speaker(line.speaker, node_speaker, (*path, "speaker")),
                    when=self._condition(line.when, (*path, "when")),
                    variants=variants,
                    expression=line.expression,
                )
            )
        choices = tuple(self._choice(node_id, index, choice) for index, choice in enumerate(node.choices))
        if choices and all(choice.when is not None for choice in node.choices):
            self.report(
                "DOJO205",
                _("every reply in node '{node}' has a condition; give at least one reply no 'when' so the trainee is never stuck").format(node=node_id),
                (*base, "choices"),
            )
        return NodeSpec(node_id, tuple(lines), choices)

    def _choice(self, node_id: str, index: int, choice: Choice) -> ChoiceSpec:
        path = ("nodes", node_id, "choices", index)
        if choice.next not in self.spec.nodes and choice.next not in self.spec.endings:
            close = self.hint(choice.next, self.spec.nodes, self.spec.endings)
            if close:
                message = _("reply '{reply}' goes to '{target}', which is neither a node nor an ending; did you mean '{close}'?")
            else:
                message = _("reply '{reply}' goes to '{target}', which is neither a node nor an ending")
            self.report("DOJO201", message.format(reply=choice.id, target=choice.next, close=close), (*path, "next"))
        for tag_index, tag in enumerate(choice.tags):
            if tag not in self.rubric.behaviours:
                close = self.hint(tag, self.rubric.behaviours)
                if close:
                    message = _("tag '{tag}' is not in the rubric '{rubric}'; did you mean '{close}'?")
                else:
                    message = _("tag '{tag}' is not in the rubric '{rubric}'")
                self.report("DOJO402", message.format(tag=tag, rubric=self.rubric.id, close=close), (*path, "tags", tag_index))
        if not choice.tags and len(self.spec.nodes[node_id].choices) > 1:
            message = _("reply '{reply}' has no tags, so it earns and costs nothing").format(reply=choice.id)
            self.report("DOJO401", message, (*path, "id"))
        effects = tuple(
            effect
            for target, value in choice.effects.items()
            if (effect := self._effect(target, value, (*path, "effects", target))) is not None
        )
        key = f"{node_id}/{choice.id}"
        texts = choice.wordings
        return ChoiceSpec(
            id=choice.id,
            key=key,
            node=node_id,
            text=texts[0],
            tags=tuple(choice.tags),
            effects=effects,
            when=self._condition(choice.when, (*path, "when"), affects_play=True),
            next=choice.next,
            feedback=choice.feedback,
            # Like a line's variants: the reply's key with a suffix, `node/choice.2`.
            variants=tuple((f"{key}.{k + 1}", text) for k, text in enumerate(texts)) if len(texts) > 1 else (),
        )

    def _effect(self, target: str, value: EffectValue, path: tuple[str | int, ...]) -> Effect | None:
        kind = self.types.get(target)
        if kind is None:
            if self.types:
                message = _("effect on '{target}', which is not a meter or variable (known: {known})")
            else:
                message = _("effect on '{target}', which is not a meter or variable (known: none declared)")
            self.report("DOJO302", message.format(target=target, known=", ".join(self.types)), path, at_key=True)
            return None
        is_meter = target in self.spec.meters
        op: EffectOp
        plain: Value
        if isinstance(value, SetEffect):
            op, plain = "set", value.set
        elif isinstance(value, bool) or isinstance(value, str):
            op, plain = "set", value
        else:
            op, plain = "add", value
        wanted = _value_type(plain)
        if wanted != kind:
            if kind == "int":
                message = _("'{target}' is a number; its effect must be a number to add (or {{set: N}})")
            elif kind == "bool":
                message = _("'{target}' is a flag (true/false); its effect must be true or false")
            else:
                message = _("'{target}' is a text variable; its effect must be a text")
            self.report("DOJO303", message.format(target=target), path)
            return None
        return Effect(target, op, plain, is_meter)

    def _check_graph(self, nodes: dict[str, NodeSpec]) -> None:
        """Static checks that ignore conditions: reachability both ways."""
        if self.spec.start not in nodes:
            return
        forward: dict[str, set[str]] = {node_id: set() for node_id in nodes}
        for node_id, node in nodes.items():
            forward[node_id].update(choice.next for choice in node.choices)
        for name, meter in self.spec.meters.items():
            # A threshold can fire after any reply that moves its meter.
            for threshold in meter.thresholds:
                for node_id, node in nodes.items():
                    if any(effect.target == name for choice in node.choices for effect in choice.effects):
                        forward[node_id].add(threshold.ending)
        reached = _reach(self.spec.start, forward)
        for node_id in nodes:
            if node_id not in reached:
                message = _("node '{node}' can never be reached from '{start}'").format(node=node_id, start=self.spec.start)
                self.report("DOJO202", message, ("nodes", node_id), at_key=True)
        for ending_id in self.spec.endings:
            if ending_id not in reached:
                message = _("ending '{ending}' can never be reached").format(ending=ending_id)
                self.report("DOJO204", message, ("endings", ending_id), at_key=True)
        backward: dict[str, set[str]] = {}
        for source, targets in forward.items():
            for target in targets:
                backward.setdefault(target, set()).add(source)
        can_finish: set[str] = set()
        for ending_id in self.spec.endings:
            can_finish |= _reach(ending_id, backward)
        for node_id in nodes:
            if node_id in reached and node_id not in can_finish:
                self.report(
                    "DOJO203",
                    _("node '{node}' has no way to any ending: every path from it loops forever").format(node=node_id),
                    ("nodes", node_id),
                    at_key=True,
                )


def compile_scenario(spec: ScenarioFile, doc: SourceDoc, rubric: Rubric) -> tuple[Scenario | None, list[Diagnostic]]:
    """Check a shape-valid scenario and build it; returns (scenario or None, diagnostics)."""
    compiler = _Compiler(spec, doc, rubric)
    scenario = compiler.build()
    return scenario, compiler.found


def loop_nodes(nodes: dict[str, NodeSpec]) -> frozenset[str]:
    """Nodes that lie on a cycle of the story graph."""
    looping: set[str] = set()
    for component in story_components(nodes):
        node = component[0]
        if len(component) > 1 or any(choice.next == node for choice in nodes[node].choices):
            looping.update(component)
    return frozenset(looping)


def story_components(nodes: dict[str, NodeSpec]) -> list[list[str]]:
    """Strongly connected components of the story graph (nodes only), sinks first (Tarjan, no recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []

    def targets(node_id: str) -> Iterator[str]:
        return iter([choice.next for choice in nodes[node_id].choices if choice.next in nodes])

    for root in nodes:
        if root in index:
            continue
        work = [(root, targets(root))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, outgoing = work[-1]
            descended = False
            for target in outgoing:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, targets(target)))
                    descended = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


def _reach(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _threshold_hit(kind: str, bound: int, value: int) -> bool:
    return value >= bound if kind == "at_least" else value <= bound


def _value_type(value: Value) -> ValueType:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "str"


def _suggest(word: str, known: list[str]) -> str | None:
    """The id a "did you mean" hint names for a likely typo, if one is close."""
    close = get_close_matches(word, known, n=1, cutoff=0.75)
    return close[0] if close else None
