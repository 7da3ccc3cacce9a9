"""English messages made from templates, shown again in the active locale.

Some messages are English by design: `scoring` may not import `game.i18n`, and a run's
problems are stored in English (the record). Each such message is made from a template
marked N_() (its values as {placeholders}); `from_templates` finds the template a message
was made from, and remakes it from the template's translation with the same values.
"""

from __future__ import annotations

import re
from functools import cache

from game.i18n import _


@cache
def _patterns(templates: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a regular expression matching the whole message, its values as named groups."""
    compiled = []
    for template in templates:
        parts = re.split(r"\{(\w+)\}", template)
        pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
        compiled.append((re.compile(pattern, re.DOTALL), template))
    return tuple(compiled)


def from_templates(message: str, templates: tuple[str, ...]) -> str | None:
    """`message`, an English text made from one of `templates`, remade from that template in the active locale; None if none made it."""
    for pattern, template in _patterns(templates):
        found = pattern.fullmatch(message)
        if found:
            return _(template).format(**found.groupdict())
    return None
