"""Finding the report templates' messages for the `web` catalog (Babel extraction method).

The templates are Python strings in `templates.py` (so they ship with the code), which
Babel's Python extractor reads as plain strings. This method parses that module, hands each
module-level string to Jinja2's own Babel extractor (the `_()` and `ngettext()` calls of the
i18n extension), and reports each message at its line in the Python file.
`game/i18n/catalogs.py` maps `game/export/report/templates.py` to it.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def template_strings(source: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of every string assigned at a module's top level."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            yield node.value.lineno, node.value.value


def extract_templates(
    fileobj: IO[bytes], keywords: Mapping[str, Any] | Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, str | tuple[str | None, ...] | None, list[str]]]:
    """Babel extraction method: the messages of the Jinja2 templates held as strings in a Python module."""
    from jinja2.ext import babel_extract

    settings = {"trim_blocks": "true", "lstrip_blocks": "true", **dict(options)}
    for first_line, text in template_strings(fileobj.read().decode("utf-8")):
        for line, function, message, comments in babel_extract(io.BytesIO(text.encode("utf-8")), list(keywords), list(comment_tags), settings):
            yield first_line + line - 1, function, message, list(comments)
