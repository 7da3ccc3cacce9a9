"""The scenario file format v1 as pydantic models: the shape an author writes.

These models check types, required fields and unknown fields; every error they raise
is mapped back to file:line:col by `loader.py`. Cross-references (next targets, speakers,
meters named in conditions, rubric tags) are checked after this, in `compile.py`, which
turns a valid `ScenarioFile` into the immutable runtime `Scenario`.

`dojo schema` prints the JSON Schema generated from these models, so editors can offer
completion and checking while a manager types.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from game.i18n import N_, _
from game.scenario.schema_text import DOCUMENT_TITLE, translated

# Limits on what one scenario may hold (docs/limits.md says why each exists). Going over
# one is DOJO108, mapped from pydantic's too_long / less_than_equal errors in loader.py.
MAX_TEXT = 4_000  # characters in a line, a reply, a summary, a note
MAX_SHORT_TEXT = 200  # characters in a name, a title, a label
MAX_ID = 64  # characters in an id
MAX_NAME = 40  # characters in a meter or variable name
MAX_NUMBER = 1_000_000_000  # the largest number (either sign) a scenario may write
MAX_CAST = 20
MAX_METERS = 8
MAX_VARS = 50
MAX_ENDINGS = 200
MAX_THRESHOLDS = 10  # per meter
MAX_VARIANTS = 20  # per line or reply
MAX_TAGS = 12  # per reply, and per scenario's own tags and skills lists

# Ids appear in YAML, in URLs of reports and in stored runs: keep them plain.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=MAX_ID)]
# A picture or sound names a file by its name alone (no folder, no '..', no extension):
# the game looks for it in assets/ and in the scenario's own folder, nowhere else.
# Same pattern as an id; loader.py reports a mismatch here as DOJO109, not as a bad id.
AssetName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=MAX_ID)]
# Meter and variable names appear inside conditions, where '-' would read as minus.
Name = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$", max_length=MAX_NAME)]
# Control characters other than tab and line break (an escape written as "\e[2J" in a
# double-quoted YAML string, say) would reach a terminal as commands: text is plain.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain(text: str) -> str:
    """`text` unchanged, or the control_character error (DOJO111) naming the first one."""
    found = _CONTROL.search(text)
    if found:
        raise PydanticCustomError(
            "control_character",
            _(
                "contains the control character U+{code} at character {at}; text shown to trainees must be plain: "
                "remove it (a tab or a line break is fine)"
            ),
            {"code": f"{ord(found.group()):04X}", "at": found.start() + 1},
        )
    return text


Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(_plain)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SHORT_TEXT), AfterValidator(_plain)]
Note = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_plain)]  # may be empty
# Numbers stay small enough to print, to store and to add up without surprises.
Number = Annotated[StrictInt, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
Word = Annotated[StrictStr, StringConstraints(max_length=MAX_SHORT_TEXT), AfterValidator(_plain)]  # a text variable's value

FORMAT_VERSION = 1

# How a person can look on a line: the closed set of faces both front ends draw. The first
# five are also what the mood meter shows when a line names none (game/engine/faces.py);
# "worried" and "sad" show only when an author asks for them. An unknown name is DOJO160.
EXPRESSIONS = ("calm", "annoyed", "angry", "relieved", "embarrassed", "worried", "sad")
Expression = Literal["calm", "annoyed", "angry", "relieved", "embarrassed", "worried", "sad"]
RESERVED_NAMES = frozenset({"and", "or", "not", "true", "false", "turn", "visits", "chose"})


class Outcome(str, Enum):
    """How an ending turned out; the rubric weighs each kind."""

    DELIGHTED = "delighted"
    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly-resolved"
    ESCALATED = "escalated"
    WALKED_OUT = "walked-out"
    POLICY_BROKEN = "policy-broken"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class CastMember(_Model):
    """A person in the scene: the customer, a companion, a colleague."""

    name: ShortText = Field(description=N_("The name shown when this person speaks."))
    role: Literal["customer", "companion", "staff", "narrator"] = Field(
        default="customer", description=N_("Who they are in the scene.")
    )
    portrait: AssetName | None = Field(
        default=None,
        description=N_("Art for the window game: the name (no folder, no extension) of a picture in assets/portraits or the scenario's folder."),
    )
    description: Note | None = Field(default=None, description=N_("A note for authors and the window game."))
    expression: Expression | None = Field(
        default=None,
        description=N_(
            "How this person looks before their first line that names an expression "
            "(default: calm, or the mood meter's face for the customer whose mood it is)."
        ),
    )


class Threshold(_Model):
    """When a meter reaches a value, the scene ends at once with an ending."""

    at_least: Number | None = Field(default=None, description=N_("Fires when the meter is this value or more."))
    at_most: Number | None = Field(default=None, description=N_("Fires when the meter is this value or less."))
    ending: Id = Field(description=N_("The ending the scene jumps to."))

    @model_validator(mode="after")
    def _one_bound(self) -> Threshold:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError(_("a threshold needs exactly one of 'at_least' or 'at_most'"))
        return self


class Meter(_Model):
    """A number the replies move: anger, trust, patience, a price while haggling."""

    start: Number = Field(description=N_("The value when the scene opens."))
    min: Number = Field(default=0, description=N_("The lowest value; moves stop here."))
    max: Number = Field(default=100, description=N_("The highest value; moves stop here."))
    label: ShortText | None = Field(default=None, description=N_("The name shown to trainees (default: the key)."))
    good: Literal["high", "low"] = Field(
        default="high", description=N_("Which end is good for the customer relationship ('low' for anger).")
    )
    thresholds: list[Threshold] = Field(default_factory=list, max_length=MAX_THRESHOLDS, description=N_("Values that end the scene."))


class SetEffect(_Model):
    """An effect that sets a number instead of adding to it."""

    set: Number


# Strict, so that `true` never counts as 1 and `1.0` never passes as a whole number.
EffectValue = StrictBool | Number | Word | SetEffect


# Editors learn the rule the validators below enforce: `text` or `variants`, never both.
_TEXT_OR_VARIANTS: dict[str, Any] = {"oneOf": [{"required": ["text"]}, {"required": ["variants"]}]}


class Line(_Model):
    """One thing said. Give `text`, or `variants` to draw one per visit (least recently seen first)."""

    model_config = ConfigDict(json_schema_extra=_TEXT_OR_VARIANTS)

    id: Id | None = Field(default=None, description=N_("A stable id (default: node id and position)."))
    speaker: Id | None = Field(default=None, description=N_("Who says it (default: the node's speaker)."))
    when: str | None = Field(default=None, description=N_("Say this line only when the condition holds."))
    expression: Expression | None = Field(
        default=None,
        description=N_("How the speaker looks while saying this line (default: their mood meter's face, or their last expression)."),
    )
    text: Text | None = None
    variants: list[Text] | None = Field(default=None, min_length=2, max_length=MAX_VARIANTS)

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _text_or_variants(self) -> Line:
        if (self.text is None) == (self.variants is None):
            raise ValueError(_("a line needs exactly one of 'text' or 'variants'"))
        return self


class Choice(_Model):
    """A reply the trainee may choose. Give `text`, or `variants` to draw one wording each time it is offered."""

    model_config = ConfigDict(json_schema_extra=_TEXT_OR_VARIANTS)

    id: Id = Field(description=N_("Stable id, unique within its node."))
    text: Text | None = Field(default=None, description=N_("What the trainee says."))
    variants: list[Text] | None = Field(
        default=None,
        min_length=2,
        max_length=MAX_VARIANTS,
        description=N_("Several wordings of the same reply (instead of text); one is drawn each time it is offered."),
    )
    tags: list[Annotated[str, StringConstraints(max_length=80)]] = Field(
        default_factory=list,
        max_length=MAX_TAGS,
        description=N_("Rubric behaviours this reply shows, e.g. empathy.acknowledge-feeling."),
    )
    effects: dict[str, EffectValue] = Field(
        default_factory=dict,
        description=N_("Numbers add to a meter or variable (+10, -5); true/false or text set a variable; {set: N} sets a number."),
    )
    when: str | None = Field(default=None, description=N_("Offer this reply only when the condition holds."))
    next: Id = Field(description=N_("The node or ending that follows."))
    feedback: Note | None = Field(default=None, description=N_("The author's coaching note for this reply."))

    @model_validator(mode="after")
    def _text_or_variants(self) -> Choice:
        if self.text is None and self.variants is None:
            # Reported like any missing field (DOJO101), naming the alternative.
            raise PydanticCustomError("missing_text", _("required field 'text' is missing (or give 'variants')"))
        if self.text is not None and self.variants is not None:
            raise ValueError(_("a reply needs exactly one of 'text' or 'variants'"))
        return self

    @property
    def wordings(self) -> list[str]:
        """The reply's texts: its one `text`, or its variants in the order written."""
        return self.variants if self.variants is not None else [self.text or ""]


class Node(_Model):
    """A moment in the story: what is said, then the replies on offer."""

    speaker: Id | None = Field(default=None, description=N_("Default speaker for this node's lines."))
    say: list[Line | Text] | Line | Text = Field(
        description=N_("The lines said, in order: each a text, or a mapping with text or variants.")
    )

    @property
    def lines(self) -> list[Line]:
        """`say` as Line models (the validator has already turned every text into one)."""
        return [line for line in self.say if isinstance(line, Line)]
    choices: list[Choice] = Field(min_length=1, description=N_("The replies on offer."))

    @field_validator("say", mode="before")
    @classmethod
    def _single_line(cls, value: Any) -> Any:
        lines = [value] if isinstance(value, (str, dict)) else value
        if isinstance(lines, list) and not lines:
            raise ValueError(_("a node needs at least one line under 'say'"))
        # A plain string is a line of text; the schema below says so for editors too.
        return [{"text": line} if isinstance(line, str) else line for line in lines] if isinstance(lines, list) else lines


class Ending(_Model):
    """How the scene can end."""

    outcome: Outcome
    title: ShortText
    text: Text = Field(description=N_("The closing narration."))


class ScenarioFile(_Model):
    """A whole scenario file, format 1."""

    format: Literal[1] = Field(description=N_("The format version; always 1 for now."))
    id: Id
    title: ShortText
    summary: Text
    difficulty: StrictInt = Field(ge=1, le=5)
    skills: list[Id] = Field(min_length=1, max_length=MAX_TAGS, description=N_("Rubric dimensions this scenario trains."))
    tags: list[Id] = Field(default_factory=list, max_length=MAX_TAGS)
    minutes: StrictInt = Field(ge=1, le=120, description=N_("Estimated minutes to play."))
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    cast: dict[Id, CastMember] = Field(min_length=1, max_length=MAX_CAST)
    meters: dict[Name, Meter] = Field(min_length=1, max_length=MAX_METERS, description=N_("At least one: the customer's mood."))
    mood: Name | None = Field(default=None, description=N_("The meter that is the customer's mood (default: the first)."))
    vars: dict[Name, StrictBool | Number | Word] = Field(
        default_factory=dict, max_length=MAX_VARS, description=N_("Flags and counters, with start values.")
    )
    start: Id
    nodes: dict[Id, Node] = Field(min_length=1)
    endings: dict[Id, Ending] = Field(min_length=1, max_length=MAX_ENDINGS)
    max_turns: StrictInt = Field(
        default=60, ge=1, le=500, description=N_("How many replies deep analysis searches when a reply condition does arithmetic on turn or visits()."),
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format, for editors and validators, its titles and descriptions in the active locale."""
    schema = ScenarioFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    shown: dict[str, Any] = translated(schema)
    shown["title"] = _(DOCUMENT_TITLE)
    return shown
