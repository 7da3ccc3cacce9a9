"""A Babel extractor for rubrics: the text of `scoring/rubrics/*.yaml` a trainee reads, as messages.

Used for the rubric domain by `game.i18n.catalogs`. Only
prose is taken (rule statements, titles, descriptions, explanations, band names); ids,
tags and numbers are codes and stay as written.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

# Per top-level section: the fields whose values are prose. "*" means every value of the
# section's mapping is itself prose (the rules: id -> statement).
PROSE_FIELDS: dict[str, frozenset[str]] = {
    "title": frozenset({"*"}),
    "rules": frozenset({"*"}),
    "dimensions": frozenset({"title", "description"}),
    "behaviours": frozenset({"title", "explain"}),
    "patterns": frozenset({"title", "explain"}),
    "outcomes": frozenset({"title", "explain"}),
    "final_mood": frozenset({"title", "explain"}),
    "bands": frozenset({"name"}),
}

Message = tuple[int, str | None, str, list[str]]


def extract_rubric(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Message]:
    """Babel's extractor interface: (line, function, message, comments) for each piece of prose in a rubric."""
    document = yaml.compose(fileobj.read().decode("utf-8"))
    if not isinstance(document, yaml.MappingNode):
        return
    for key, value in document.value:
        fields = PROSE_FIELDS.get(key.value)
        if fields is None:
            continue
        yield from _prose(value, fields, context=key.value)


def _prose(node: yaml.Node, fields: frozenset[str], context: str) -> Iterator[Message]:
    """The prose under one section: scalars of the wanted fields, at any depth below it."""
    if isinstance(node, yaml.ScalarNode):
        if "*" in fields and node.value:
            yield node.start_mark.line + 1, None, node.value, [context]
        return
    children = node.value if isinstance(node, yaml.SequenceNode) else []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode) and value.value and (key.value in fields or "*" in fields):
                yield value.start_mark.line + 1, None, value.value, [f"{context}: {key.value}"]
            elif not isinstance(value, yaml.ScalarNode):
                children.append(value)
    for child in children:
        yield from _prose(child, fields, context)
