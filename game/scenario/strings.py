"""A scenario's translatable texts, each under a stable id, and the scenario with translations put in.

This is the scenario side of translation tables (`string_table.py` is the file side), in
the way Yarn Spinner's line ids and string tables work: every text a trainee reads has an
id that does not change when the text does, so a table of translations keyed by id stays
in step with its scenario, and a hash of the source text shows which translations were
made for an older wording.

The ids are the ones the scenario already has: a line's (`opening.1`, or its own `id`,
with `.2`... for each variant), a reply's key (`opening/listen`, with `.2`... for each
wording). The texts around them get ids with a colon, which no scenario id can contain:
`scenario:title`, `scenario:summary`, `cast:<id>:name`, `meter:<name>:label`,
`<node>/<reply>:feedback`, `ending:<id>:title` and `ending:<id>:text`.

A translated scenario is the same scenario in another language: same ids, same replies,
same scoring and the same content hash (the source's), so its runs count on the same
boards; only the texts and the `locale` (which picks fonts and wrapping) change.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from game.i18n import _
from game.scenario.model import ChoiceSpec, NodeSpec, Scenario
from game.scenario.schema import MAX_SHORT_TEXT, MAX_TEXT

# (id, source text) -> the text to show: what `translate` passes down to nodes and replies.
_Lookup = Callable[[str, str], str]

HASH_LENGTH = 8  # hex digits of SHA-256 kept: enough to notice a change, short in a spreadsheet


@dataclass(frozen=True)
class SourceString:
    """One translatable text: its stable id, where it is (for the translator) and the text."""

    id: str
    context: str
    text: str
    limit: int  # the most characters the format allows in this place

    @property
    def hash(self) -> str:
        """The hash of the source text a translation was made for."""
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """The first HASH_LENGTH hex digits of the SHA-256 of `text` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def story_order(scenario: Scenario) -> list[str]:
    """Node ids in the order a reader meets them: breadth first from the start, replies in order; unreachable nodes last, in file order."""
    order: list[str] = []
    seen = {scenario.start}
    queue = deque([scenario.start] if scenario.start in scenario.nodes else [])
    while queue:
        node_id = queue.popleft()
        order.append(node_id)
        for choice in scenario.nodes[node_id].choices:
            if choice.next in scenario.nodes and choice.next not in seen:
                seen.add(choice.next)
                queue.append(choice.next)
    return order + [node_id for node_id in scenario.nodes if node_id not in seen]


def source_strings(scenario: Scenario) -> list[SourceString]:
    """Every text a trainee reads, in story order: title, summary, names and labels, then node by node, then the endings.

    Each one's context (what the text is, for the person translating it) is in the active locale.
    """
    strings = [
        SourceString("scenario:title", _("the scenario's title"), scenario.title, MAX_SHORT_TEXT),
        SourceString("scenario:summary", _("the scenario's summary"), scenario.summary, MAX_TEXT),
    ]
    for person in scenario.cast.values():
        context = _("the name of a cast member ({role})").format(role=person.role)
        strings.append(SourceString(f"cast:{person.id}:name", context, person.name, MAX_SHORT_TEXT))
    for meter in scenario.meters.values():
        strings.append(SourceString(f"meter:{meter.name}:label", _("the label of a meter"), meter.label, MAX_SHORT_TEXT))
    for node_id in story_order(scenario):
        node = scenario.nodes[node_id]
        for line in node.lines:
            speaker = scenario.cast[line.speaker].name if line.speaker in scenario.cast else line.speaker
            for variant_id, text in line.variants:
                strings.append(SourceString(variant_id, _("{node}: {speaker} says").format(node=node_id, speaker=speaker), text, MAX_TEXT))
        for choice in node.choices:
            for wording_id, text in choice.wordings:
                strings.append(SourceString(wording_id, _("{node}: a reply").format(node=node_id), text, MAX_TEXT))
            if choice.feedback is not None:
                context = _("{node}: coaching note on a reply").format(node=node_id)
                strings.append(SourceString(f"{choice.key}:feedback", context, choice.feedback, MAX_TEXT))
    for ending in scenario.endings.values():
        outcome = _outcome(ending.outcome)
        title_context = _("the title of an ending ({outcome})").format(outcome=outcome)
        text_context = _("the text of an ending ({outcome})").format(outcome=outcome)
        strings.append(SourceString(f"ending:{ending.id}:title", title_context, ending.title, MAX_SHORT_TEXT))
        strings.append(SourceString(f"ending:{ending.id}:text", text_context, ending.text, MAX_TEXT))
    return strings


def translate(scenario: Scenario, texts: Mapping[str, str], locale: str) -> Scenario:
    """The scenario with each text whose id is in `texts` replaced, in `locale`; ids, rules and content hash unchanged.

    A text whose id is missing from `texts` stays as it is: the caller decides whether a
    table is complete enough to play (`string_table.complete_texts`).
    """

    def text(key: str, default: str) -> str:
        """The translation under `key`, else the source text."""
        return texts.get(key, default)

    nodes = {node_id: _node(node, text) for node_id, node in scenario.nodes.items()}
    return replace(
        scenario,
        title=text("scenario:title", scenario.title),
        summary=text("scenario:summary", scenario.summary),
        locale=locale,
        cast={key: replace(person, name=text(f"cast:{person.id}:name", person.name)) for key, person in scenario.cast.items()},
        meters={key: replace(meter, label=text(f"meter:{meter.name}:label", meter.label)) for key, meter in scenario.meters.items()},
        nodes=nodes,
        endings={
            key: replace(ending, title=text(f"ending:{ending.id}:title", ending.title), text=text(f"ending:{ending.id}:text", ending.text))
            for key, ending in scenario.endings.items()
        },
        choices_by_key={choice.key: choice for node in nodes.values() for choice in node.choices},
    )


def _node(node: NodeSpec, text: _Lookup) -> NodeSpec:
    """A node with its lines' and replies' texts looked up."""
    lines = tuple(
        replace(line, variants=tuple((key, text(key, words)) for key, words in line.variants)) for line in node.lines
    )
    return replace(node, lines=lines, choices=tuple(_choice(choice, text) for choice in node.choices))


def _choice(choice: ChoiceSpec, text: _Lookup) -> ChoiceSpec:
    """A reply with its wordings and coaching note looked up."""
    variants = tuple((key, text(key, words)) for key, words in choice.variants)
    first = variants[0][1] if variants else text(choice.key, choice.text)
    feedback = None if choice.feedback is None else text(f"{choice.key}:feedback", choice.feedback)
    return replace(choice, text=first, variants=variants, feedback=feedback)



def _outcome(outcome: object) -> str:
    """An ending's outcome as the scenario file writes it (`walked-out`)."""
    return str(getattr(outcome, "value", outcome))
