"""The report templates' messages are found for the `web` catalog (game/export/report/extract.py)."""

from __future__ import annotations

import io
from pathlib import Path

from game.export.report import templates
from game.export.report.extract import extract_templates, template_strings
from game.i18n.catalogs import KEYWORDS, extract

SOURCE = Path(templates.__file__)


def found() -> list[tuple[int, str, object, list[str]]]:
    """Every message the method finds in templates.py."""
    return list(extract_templates(io.BytesIO(SOURCE.read_bytes()), KEYWORDS, [], {}))


def test_each_message_is_reported_at_its_own_line() -> None:
    """A template's message is reported at the line of templates.py that holds it."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    messages = found()
    assert messages
    for line, _function, message, _comments in messages:
        first = message if isinstance(message, str) else message[0]
        assert first is not None
        assert first.split("{", 1)[0][:25] in lines[line - 1], (line, message)


def test_plurals_and_placeholders_come_through() -> None:
    """ngettext gives both forms; a .format()-ed message keeps its {fields}."""
    messages = {message if isinstance(message, str) else tuple(message) for _line, _function, message, _comments in found()}
    assert ("{count} reply", "{count} replies", None) in messages
    assert "Generated {when} UTC from {source} · {counted} run(s) counted" in messages
    assert "How to read this report" in messages


def test_only_top_level_strings_are_read() -> None:
    """Strings assigned at a module's top level are the templates; others are not."""
    source = 'A = "one {{ _(\\"x\\") }}"\nB = 2\ndef f():\n    C = "{{ _(\\"y\\") }}"\n'
    assert [text for _line, text in template_strings(source)] == ['one {{ _("x") }}']


def test_the_web_catalog_holds_the_templates_messages() -> None:
    """`catalogs update web` sees the templates: their headings are in the web domain's messages."""
    catalog = extract("web")
    for message in ("How to read this report", "Each reply, graded", "Replies that separate strong from weak trainees"):
        assert message in catalog
