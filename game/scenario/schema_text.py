"""The words of the scenario format's JSON Schema (its titles and descriptions) in the language shown.

pydantic writes a schema's descriptions from each field's `description` (marked `N_` where
it is written, in schema.py) and from each model's docstring, and its titles from the
models' and fields' names. Docstrings and names are nothing Babel can find, so they are
marked here: `MODEL_DESCRIPTIONS` (the docstrings, word for word) and `TITLES`.

A title is a bare name ("Min", "Start", "Id") that another catalog may hold in another
sense ("Min" for minutes), so each is marked as "schema title|Min", after GNU gettext's
sgettext convention: the part before the last "|" says what the word is, and where there
is no translation (English) the part after it is shown. tests/test_schema_text.py fails
on a title or description of the schema that is not a catalog message, so a new field
cannot go untranslated unnoticed.
"""

from __future__ import annotations

from typing import Any

from game.i18n import N_, _

TITLE_MARK = "schema title|"

# The models' docstrings, as pydantic puts them in the schema (schema.py is where they are written).
MODEL_DESCRIPTIONS: tuple[str, ...] = (
    N_("How an ending turned out; the rubric weighs each kind."),
    N_("A person in the scene: the customer, a companion, a colleague."),
    N_("When a meter reaches a value, the scene ends at once with an ending."),
    N_("A number the replies move: anger, trust, patience, a price while haggling."),
    N_("An effect that sets a number instead of adding to it."),
    N_("One thing said. Give `text`, or `variants` to draw one per visit (least recently seen first)."),
    N_("A reply the trainee may choose. Give `text`, or `variants` to draw one wording each time it is offered."),
    N_("A moment in the story: what is said, then the replies on offer."),
    N_("How the scene can end."),
    N_("A whole scenario file, format 1."),
)

# Every title pydantic gives the schema: a model's name, or a field's name in title case.
TITLES: tuple[str, ...] = (
    # models
    N_("schema title|CastMember"),
    N_("schema title|Choice"),
    N_("schema title|Ending"),
    N_("schema title|Line"),
    N_("schema title|Meter"),
    N_("schema title|Node"),
    N_("schema title|Outcome"),
    N_("schema title|SetEffect"),
    N_("schema title|Threshold"),
    # fields
    N_("schema title|At Least"),
    N_("schema title|At Most"),
    N_("schema title|Cast"),
    N_("schema title|Choices"),
    N_("schema title|Description"),
    N_("schema title|Difficulty"),
    N_("schema title|Effects"),
    N_("schema title|Endings"),
    N_("schema title|Expression"),
    N_("schema title|Feedback"),
    N_("schema title|Format"),
    N_("schema title|Good"),
    N_("schema title|Id"),
    N_("schema title|Label"),
    N_("schema title|Locale"),
    N_("schema title|Max"),
    N_("schema title|Max Turns"),
    N_("schema title|Meters"),
    N_("schema title|Min"),
    N_("schema title|Minutes"),
    N_("schema title|Mood"),
    N_("schema title|Name"),
    N_("schema title|Next"),
    N_("schema title|Nodes"),
    N_("schema title|Portrait"),
    N_("schema title|Role"),
    N_("schema title|Say"),
    N_("schema title|Set"),
    N_("schema title|Skills"),
    N_("schema title|Speaker"),
    N_("schema title|Start"),
    N_("schema title|Summary"),
    N_("schema title|Tags"),
    N_("schema title|Text"),
    N_("schema title|Thresholds"),
    N_("schema title|Title"),
    N_("schema title|Variants"),
    N_("schema title|Vars"),
    N_("schema title|When"),
)
DOCUMENT_TITLE = N_("Service Dojo scenario, format 1")


# Keys whose values are a scenario's data, not schema: nothing in them is translated.
_DATA = frozenset({"default", "const", "enum", "examples"})


def title_text(title: str) -> str:
    """A schema title in the active locale: its "schema title|" message's translation, else the title itself."""
    message = TITLE_MARK + title
    shown = _(message)
    return title if shown == message else shown


def translated(schema: Any) -> Any:
    """`schema` with every `title` and `description` in the active locale (the same text in English)."""
    if isinstance(schema, list):
        return [translated(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    shown: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "description" and isinstance(value, str):
            shown[key] = _(value)
        elif key == "title" and isinstance(value, str):
            shown[key] = title_text(value)
        elif key in _DATA:
            shown[key] = value
        else:
            shown[key] = translated(value)
    return shown
