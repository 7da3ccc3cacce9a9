"""Rendering a report page with Jinja2, autoescaping on, strict about missing values.

Filters the templates use:

- `u`: stored text (a name, a scenario line): control and reordering characters made
  visible (`text.visible`), HTML-escaped, isolated in `<bdi>` so right-to-left text
  neither reorders nor is reordered by the page around it;
- `plain`: the same without the `<bdi>`, for the page's `<title>`, where no element may go;
- `pct` (a percent, 1 decimal), `share` (a fraction as a whole percent), `signed` (an
  index with its sign), `when` (epoch seconds as UTC date and time);
- `band` (a band's name) and `outcome` (an outcome id as the rubric titles it), in the
  active locale.

Jinja2 never renders data as a template, so a name such as `{{ 7*7 }}` shows as typed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

from game.export.report.templates import STYLE, TEMPLATES
from game.export.report.text import visible
from game.i18n import rubric_text
from game.store.windows import INVALID_TIME, valid_time
from scoring.rubric import default_rubric


def user_text(value: object) -> Markup:
    """Stored text, shown literally: visible controls, escaped, in a `<bdi>`."""
    return Markup("<bdi>") + escape(visible(value)) + Markup("</bdi>")


def percent(value: float | None) -> str:
    """`73.4%`, or an en dash when there is no value."""
    return "–" if value is None else f"{value:.1f}%"


def share(value: float | None) -> str:
    """A fraction as a whole percent: 0.8 -> `80%`."""
    return "–" if value is None else f"{value * 100:.0f}%"


def signed(value: float | None) -> str:
    """An index with its sign and two decimals (a true minus sign): `+0.45`, `−0.30`."""
    if value is None:
        return "–"
    text = f"{value:+.2f}"
    return text.replace("-", "\u2212") if value < 0 else text


def when(value: float | None) -> str:
    """Epoch seconds as `2024-05-06 14:00` (UTC)."""
    if value is None:
        return "–"
    if not valid_time(value):
        return INVALID_TIME
    return datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%d %H:%M")


def band_name(value: str) -> str:
    """A band's name ('Gold') in the active locale."""
    return rubric_text(value)


def outcome_title(value: str) -> str:
    """An outcome id ('walked-out') by the bundled rubric's title for it, in the active locale; the id if it has none."""
    return rubric_text(default_rubric().outcome_title(value))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment: the report templates, autoescaping every template."""
    env = Environment(
        loader=DictLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(u=user_text, plain=visible, pct=percent, share=share, signed=signed, when=when, band=band_name, outcome=outcome_title)
    return env


def _version() -> str:
    """The installed Service Dojo version, for the page's generator line."""
    try:
        return version("service-dojo")
    except PackageNotFoundError:
        return "dev"


def render(template: str, **context: Any) -> str:
    """Render one of the report templates with the shared page parts filled in."""
    return environment().get_template(template).render(style=Markup(STYLE), version=_version(), **context)
