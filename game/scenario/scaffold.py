"""The scenario skeleton `dojo new` writes: a small, real, branching scene that teaches the format.

`skeleton(...)` returns the YAML text of a new scenario. The text is built from a template
rather than dumped from data so that it can carry comments: every section says what its
fields mean, how reply tags map to rubric behaviours and rule IDs, and how conditions,
effects, thresholds and endings work. The scene itself is placeholder dialogue a manager
replaces, but it is complete: it lints clean (analysis findings included) and its best
path, `BEST_PATH`, plays to Gold. It is written in the language shown (`game.i18n`): the
template is one catalog message, so a translated skeleton is a scene in that language, its
comments, dialogue and `locale:` included, with the same ids, tags and effects.

Text that comes from the command line (the title, cast names) is written as YAML
double-quoted scalars with every risky character escaped, so any title round-trips.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from game.i18n import N_, _
from game.scenario.schema import MAX_SHORT_TEXT, Id

# Ids and short texts are checked by the format's own types, so the two never disagree.
_ID = TypeAdapter(Id)
SHORT_TEXT_MAX: int = MAX_SHORT_TEXT  # ShortText's max_length
ROLES = ("customer", "companion", "staff", "narrator")
DEFAULT_SKILLS = ("listening", "empathy", "refusal", "resolution")
DEFAULT_CUSTOMER = N_("The customer")  # the one cast member when --cast is not given
# The replies that make the best playthrough of the skeleton, in order (`dojo run --choices`).
BEST_PATH = ("hear-out", "acknowledge", "kind-no", "what-matters")
SCHEMA_MODELINE = "# yaml-language-server: $schema="
# A cast entry is KEY:NAME[:ROLE]; several go in one value separated by commas that are
# followed by the next KEY and a colon, so a name may itself hold a comma ("Lin, Mei").
_CAST_SPLIT = re.compile(r",\s*(?=[a-z0-9][a-z0-9_-]*:)")
# Characters a title or name may not hold at all: controls, surrogates, line breaks.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


class ScaffoldError(ValueError):
    """A bad id, title or cast entry; the message names the problem in one line."""


@dataclass(frozen=True)
class CastEntry:
    """One cast member of the skeleton: the key used in `speaker:`, the shown name, the role."""

    key: str
    name: str
    role: str


def check_id(value: str, what: str = N_("scenario id")) -> str:
    """`value` if it is a valid id; otherwise ScaffoldError saying what an id may hold (`what` is marked N_)."""
    try:
        return _ID.validate_python(value)
    except ValidationError:
        raise ScaffoldError(
            _(
                "'{value}' is not a valid {what}: use lower-case letters, digits, '-' and '_', "
                "starting with a letter or digit, at most 64 characters (for example broken-kettle)"
            ).format(value=value, what=_(what))
        ) from None


def check_text(value: str, what: str) -> str:
    """`value` if it is a usable one-line text of at most 200 characters; otherwise ScaffoldError (`what` is shown translated)."""
    if not value.strip():
        raise ScaffoldError(_("the {what} is empty").format(what=_(what)))
    if len(value) > SHORT_TEXT_MAX:
        message = _("the {what} is {count} characters long; the limit is {limit}")
        raise ScaffoldError(message.format(what=_(what), count=len(value), limit=SHORT_TEXT_MAX))
    for char in value:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            message = _("the {what} holds the control or line-break character U+{code}; keep it to one plain line")
            raise ScaffoldError(message.format(what=_(what), code=f"{ord(char):04X}"))
    return value


def default_title(scenario_id: str) -> str:
    """A readable title made from an id: `broken-kettle` -> `Broken kettle`."""
    words = re.sub(r"[-_]+", " ", scenario_id).strip()
    return words[:1].upper() + words[1:]


def parse_cast(values: list[str] | None) -> list[CastEntry]:
    """Cast entries from `--cast` values (`KEY:NAME[:ROLE]`, comma-separated or repeated).

    The first member is the customer who speaks: their role defaults to customer, the
    others' to companion. With no values the cast is one customer called "The customer" (in the language shown).
    """
    parts = [part.strip() for value in values or [] for part in _CAST_SPLIT.split(value.strip()) if part.strip()]
    if not parts:
        return [CastEntry("customer", _(DEFAULT_CUSTOMER), "customer")]
    entries: list[CastEntry] = []
    for index, part in enumerate(parts):
        entry = _cast_entry(part, "customer" if index == 0 else "companion")
        if any(entry.key == seen.key for seen in entries):
            raise ScaffoldError(_("cast key '{key}' is used twice").format(key=entry.key))
        entries.append(entry)
    return entries


def _cast_entry(part: str, default_role: str) -> CastEntry:
    """One `KEY:NAME[:ROLE]`; a last part that is not a role belongs to the name."""
    key, colon, rest = part.partition(":")
    if not colon:
        raise ScaffoldError(_("cast entry '{entry}' needs the form KEY:NAME or KEY:NAME:ROLE, e.g. lin:Ms Lin:customer").format(entry=part))
    check_id(key.strip(), N_("cast key"))
    name, role = rest, default_role
    head, colon, last = rest.rpartition(":")
    if colon and last.strip() in ROLES:
        name, role = head, last.strip()
    return CastEntry(key.strip(), check_text(name.strip(), _("name of cast member '{key}'").format(key=key.strip())), role)


def parse_skills(value: str | None, known: tuple[str, ...]) -> tuple[str, ...]:
    """Skills from `--skills a,b` checked against the rubric's dimensions; the default without a value."""
    if value is None:
        return DEFAULT_SKILLS
    skills = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not skills:
        raise ScaffoldError(_("--skills needs at least one skill"))
    unknown = [skill for skill in skills if skill not in known]
    if unknown:
        raise ScaffoldError(_("unknown skill {skills} (the rubric's skills: {known})").format(skills=", ".join(unknown), known=", ".join(known)))
    return skills


def yaml_quote(value: str) -> str:
    """`value` as a YAML double-quoted scalar that reads back exactly, whatever it holds."""
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char == " " or (char.isprintable() and unicodedata.category(char) != "Cf"):
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def skeleton(
    scenario_id: str,
    title: str | None = None,
    cast: list[CastEntry] | None = None,
    skills: tuple[str, ...] = DEFAULT_SKILLS,
    schema: str = "scenario.schema.json",
) -> str:
    """The YAML text of a new scenario `scenario_id`, its first line pointing editors at `schema`."""
    check_id(scenario_id)
    title = check_text(title, N_("title")) if title is not None else default_title(scenario_id)
    members = cast or parse_cast(None)
    customer = members[0].key
    return _(_TEMPLATE).format(
        schema_line=SCHEMA_MODELINE + schema,
        id=scenario_id,
        title=yaml_quote(title),
        skills=", ".join(skills),
        cast="\n".join(f"  {m.key}: {{name: {yaml_quote(m.name)}, role: {m.role}}}" for m in members),
        customer=customer,
        second_line=_second_speaker_line(members),
        best=",".join(BEST_PATH),
    )


def _second_speaker_line(members: list[CastEntry]) -> str:
    """A line for the second cast member, so the skeleton shows `speaker:` on a line."""
    if len(members) < 2:
        return ""
    other = members[1]
    text = _(_SECOND_LINES[other.role])
    comment = _("A line can name its own speaker, any key from the cast.")
    return f"      # {comment}\n      - speaker: {other.key}\n        text: {yaml_quote(text)}\n"


# What a second cast member says in the skeleton, by role (placeholder dialogue, like the rest).
_SECOND_LINES = {
    "customer": N_("And I'd like an answer too, please."),
    "companion": N_("Go on, tell them what happened."),
    "staff": N_("I'm right here if you need me."),
    "narrator": N_("The queue behind them is getting longer."),
}


# Doubled braces are literal braces for str.format. Every line of dialogue is a placeholder.
# The whole file is one message, so a translation is a scene in its own language: `dojo new`
# writes the skeleton in the language it shows (docs/authoring.md).
# Translators: this is a whole scenario file, written in your language: translate the comments,
# the dialogue, titles and labels, and set `locale:` to your language (zh-Hans). Keep every
# YAML key, id, tag, effect, number, command and {placeholder} exactly; {{ }} are literal braces.
# Keep the replies' lengths in the same order as here (lint checks that the best is not the longest).
_TEMPLATE = N_("""\
{schema_line}
# ---------------------------------------------------------------------------------------
# A new Service Dojo scenario, written by `dojo new`. Replace the placeholder dialogue with
# your own scene, and keep the file checking clean as you go (from this file's folder):
#
#   dojo lint {id}.yaml
#       reports every problem at file:line:col; exit 0 means clean
#   dojo run {id}.yaml --choices {best}
#       plays the best path (it scores Gold) and prints the scorecard
#   dojo analyze {id}.yaml
#       finds the best and worst playthroughs and the reachable endings
#   dojo graph {id}.yaml
#       draws the story (Mermaid; --format dot for Graphviz)
#
# The first line lets editors that use the YAML language server (VS Code with Red Hat's
# YAML extension, and others) suggest and check field names: see Service Dojo's
# docs/editors.md.
# Lines starting with '#' are comments: the game ignores them. Delete these notes once
# you know the format.
# ---------------------------------------------------------------------------------------

format: 1               # the version of the file format; always 1 for now
# The id: lower-case letters, digits, '-' and '_'. Runs are stored under it, so keep it.
id: {id}
title: {title}
summary: >-
  Two or three sentences that set the scene for the trainee: who the customer is, what
  went wrong, and what they want. Replace this text.
difficulty: 2           # 1 (gentle) to 5 (hardest)
# The rubric skills this scene trains: listening, empathy, refusal, resolution, composure.
# Gold needs 90% overall and at least 60% in every skill listed here, and the best
# playthrough must earn points in each of them (lint checks this: DOJO403).
skills: [{skills}]
tags: [draft]           # free labels for the scenario list, e.g. phone, refund, complaint
minutes: 3              # roughly how long one playthrough takes
locale: en              # the language of the text

# Who is in the scene. The key on the left is what `speaker:` names; `name` is shown when
# they speak; `role` is customer, companion, staff or narrator.
cast:
{cast}

# Meters are numbers that replies move. The one named by `mood:` (default: the first) is
# the customer's mood, and how they feel at the end earns resolution points. `good: low`
# means lower is better (anger). A threshold ends the scene at once when its meter gets
# there. Meters run from `min` (default 0) to `max` (default 100).
meters:
  anger:
    label: Anger
    start: 60
    good: low
    thresholds:
      - {{at_least: 100, ending: walked-out}}
  trust: {{label: Trust, start: 20}}
mood: anger

# Variables remember what happened (true/false flags, numbers or texts), for conditions.
vars:
  heard_out: false

start: opening          # the node the scene opens with

# Nodes are the moments of the story: what is said (`say`), then the replies on offer
# (`choices`, one to nine). The game shuffles the replies each time it offers them, so
# the order you write them in is never shown. Each reply has:
#   id        unique within its node; `dojo run --choices` and stored runs use it
#   text      what the trainee says; or `variants`, several wordings of the same reply,
#             one drawn each time it is offered (keep them equal in meaning and length)
#   tags      the rubric behaviours the reply shows, written skill.behaviour. Each tag
#             adds its points to that skill and cites a service rule: listening.let-vent
#             is +10 listening under LIS-1, refusal.cave is -15 refusal under REF-5.
#             Service Dojo's scoring/rubrics/default.yaml lists every tag with its
#             points, rule and the sentence the trainee reads. An unknown tag is an
#             error (DOJO402); a reply without tags earns nothing and gets a warning
#             (DOJO401).
#   effects   numbers add to a meter or variable (+10, -5); true/false or a text sets a
#             variable; {{set: N}} sets a number
#   when      optional condition: the reply is offered only while it holds
#   next      the node or ending that follows
#   feedback  optional coaching note from you, shown beside the rubric's verdict
# Write good and poor replies alike in length and tone: if the best reply is always the
# longest, the warmest or the most generous-sounding, trainees win by picking on looks
# (lint plays bots that do just that: DOJO406, DOJO407). Vary where the best reply is
# written, too (DOJO410): play shuffles the replies, but the file shows the habit.
# Conditions read meters and variables: `anger >= 70`, `heard_out`,
# `not heard_out and trust < 30`, `visits("details") > 1`, `chose("opening/hear-out")`.
nodes:
  opening:
    speaker: {customer}       # who says this node's lines unless a line names its own speaker
    say:
      # `variants`: a different wording on each visit. A plain text is one fixed line.
      - variants:
          - "Finally. I've been trying to sort this out for a week and nobody has helped."
          - "Right. This is the third time I've had to explain this, so please listen."
      - "The thing I bought has gone wrong, and I'm fed up with being passed around."
{second_line}    choices:
      - id: hear-out
        variants:
          - "Go on, tell me what happened, from the start."
          - "I'm listening. What happened, from the start?"
        tags: [listening.let-vent, listening.open-question, composure.stay-calm]
        effects: {{anger: -10, trust: +10, heard_out: true}}
        next: details
        feedback: An upset customer needs to be heard before they can hear any answer.
      - id: stock-line
        text: "I'm so sorry, I completely understand your frustration, I really do."
        tags: [empathy.stock-phrase]
        effects: {{anger: +5}}
        next: details
      - id: cut-in
        text: "Stop there. I know exactly what this is, and we don't refund it."
        tags: [listening.interrupt, listening.jump-to-solution, refusal.premature]
        effects: {{anger: +15, trust: -5}}
        next: details

  details:
    speaker: {customer}
    say:
      # A line with `when` is said only while its condition holds.
      - when: anger >= 70
        text: "And don't read me a script. I've had enough of those."
      - "I needed it working for something important this weekend, and now it's useless."
    choices:
      - id: blame
        text: "Did you follow the instructions?"
        tags: [empathy.blame-customer, composure.rise-to-bait]
        effects: {{anger: +20, trust: -10}}
        next: demand
      - id: acknowledge
        text: "A rotten week, with the weekend so close. It stopped working, nobody fixed it, and you need it by Saturday. Right?"
        tags: [empathy.acknowledge-feeling, listening.paraphrase]
        effects: {{anger: -10, trust: +10}}
        next: demand
      - id: sorry-sorry
        text: "I'm so sorry. I do apologise, I really am so sorry about all of this, and I'm so sorry that it has spoilt your whole week."
        tags: [empathy.over-apologise]
        effects: {{anger: +5}}
        next: demand

  demand:
    speaker: {customer}
    say:
      - "Honestly, you lot are useless. I want my money back and something extra for my time."
    choices:
      - id: give-in
        text: "Fine, you win. I'll refund the lot, waive every fee and add a voucher for all of your trouble, entirely free of charge."
        tags: [refusal.cave, resolution.policy-break]
        effects: {{anger: -20}}
        next: gave-in
        feedback: Giving in ends the shouting, but it breaks the rule for everyone else and fixes nothing.
      - id: flat-no
        text: "No. We don't do that."
        tags: [refusal.curt]
        effects: {{anger: +30, trust: -10}}
        next: fix
      - id: kind-no
        text: "After this week I see why you'd ask. We don't pay extra to anyone, but I can get it put right. Shall I explain?"
        tags: [refusal.show-consideration, refusal.give-reason, refusal.offer-alternative, composure.patience]
        effects: {{anger: -10, trust: +10}}
        next: fix

  fix:
    speaker: {customer}
    say:
      # When every line has a condition, make sure one always holds, or lint warns (DOJO208).
      - when: trust >= 40
        text: "Go on, then. What can you do?"
      - when: trust < 40
        text: "Fine. What can you actually do? And don't fob me off."
    choices:
      - id: options
        text: "I can offer you a repair or a replacement. Which would you prefer?"
        tags: [resolution.offer-options]
        effects: {{anger: -10}}
        next: sorted
      # Offered only if the trainee let the customer talk at the start (the flag above).
      - id: what-matters
        when: heard_out
        text: "You said Saturday matters most. A replacement goes out today by express, and I'll ring on Friday to check. All right?"
        tags: [listening.find-real-cause, resolution.honest-promise, resolution.follow-up, resolution.ask-consent]
        effects: {{anger: -20, trust: +10}}
        next: sorted
      - id: pass-on
        text: "I'm so sorry for all of this. I'll pass it on to the right team, and I'm sure someone there will get back to you as soon as they possibly can."
        tags: [empathy.stock-phrase, resolution.pass-the-buck, refusal.vague-check]
        effects: {{anger: +15}}
        next: walked-out

# Endings close the scene. `outcome` is how it turned out, and the rubric weighs it:
# delighted, resolved, partly-resolved, escalated, walked-out or policy-broken.
# `title` is shown in the debrief; `text` is the closing narration. An ending is reached
# by a reply's `next` or by a meter's threshold.
endings:
  sorted:
    outcome: resolved
    title: Put right
    text: The replacement arrives in time. The customer is not thrilled about the week, but they got what mattered.
  gave-in:
    outcome: policy-broken
    title: Bought off
    text: The customer leaves with a refund and a voucher the rules do not allow, and the problem is still not fixed.
  walked-out:
    outcome: walked-out
    title: Gone for good
    text: The customer has heard enough and leaves, promising never to come back.
""")
