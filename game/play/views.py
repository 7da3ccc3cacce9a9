"""What the screens show, as immutable values both front ends only draw: picker rows and the debrief.

The terminal and the window game used to work these out each for itself (a row's level,
status and best; the debrief's card, review and "recorded" words) and could drift apart.
Here they are worked out once, from the catalogue, the player's records and a finished
Playthrough; a front end chooses fonts, colours and places, never the words or figures.

Only the catalogue is imported at module level: the terminal picker builds rows before the
engine is loaded (its first paint is measured).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.i18n import N_, _, active_locale, rubric_text, supported
from game.play.catalog import Entry, Record

if TYPE_CHECKING:
    from game.engine.review import ReviewRow
    from game.play.playthrough import Playthrough
    from game.scenario.model import EndingSpec, Scenario
    from game.store.runs import RunRecord
    from scoring.rubric import Rubric
    from scoring.scorer import ScoreCard

# How wide a quoted reply may be where a heading names it (terminal columns: a Chinese character takes two).
QUOTE_COLUMNS = 40
# A scenario title's note in a picker of another language: the scene plays in the language it is written in.
IN_LANGUAGE = {"en": N_("{title} (in English)"), "zh-Hans": N_("{title} (in Chinese)")}
IN_OTHER_LANGUAGE = N_("{title} (in {language})")


def skill_code(skill: str) -> str:
    """A skill's three-letter code, as rule IDs use them (listening -> LIS)."""
    return skill[:3].upper()


def level_text(difficulty: int) -> str:
    """Difficulty as stars and a number, e.g. '★★☆☆☆ 2'."""
    filled = max(0, min(difficulty, 5))
    return "★" * filled + "☆" * (5 - filled) + f" {difficulty}"


def status_text(record: Record | None, saved: bool) -> str:
    """NEW, played N times, or a saved run waiting to be resumed."""
    if saved:
        return _("▶ resume")
    if record is None:
        return _("NEW")
    return _("played {count}×").format(count=record.runs)


def best_words(record: Record | None) -> str:
    """The player's best as '87% Gold' ('87% no band' below Bronze), or '—' before a first run (in ranked mode: a first ranked run)."""
    if record is None or record.percent is None:
        return "—"
    band = rubric_text(record.band) if record.band else _("no band")
    return _("{percent}% {band}").format(percent=f"{record.percent:.0f}", band=band)


def reply_quote(text: str, columns: int = QUOTE_COLUMNS) -> str:
    """A reply's own words as a heading quotes it: whole when short, else cut (at a space where one is
    near) with an ellipsis, within `columns` terminal columns; in the active locale's quotation marks."""
    from game.store.display import cut_to, width

    words = " ".join(text.split())
    if width(words) > columns:
        cut = cut_to(words, columns - 1)
        space = cut.rfind(" ")
        if space >= len(cut) * 2 // 3:  # end on a whole word, unless that throws away much of the quote
            cut = cut[:space]
        words = cut.rstrip(" ,.;:!?，。；：！？、") + "…"
    return _("“{reply}”").format(reply=words)


def scenario_title(scenario: Scenario) -> str:
    """A scenario's title as a picker lists it: in a game shown in another language than the scenario
    plays in (it has no complete table for it), the title says which language the scene is in."""
    written = supported(scenario.locale) or scenario.locale
    if written == active_locale():
        return scenario.title
    note = IN_LANGUAGE.get(written)
    if note is not None:
        return _(note).format(title=scenario.title)
    return _(IN_OTHER_LANGUAGE).format(title=scenario.title, language=scenario.locale)


@dataclass(frozen=True)
class PickerRow:
    """One scenario as the picker lists it, every field ready to show."""

    scenario_id: str
    title: str
    level: str  # stars and number
    difficulty: int
    skills: tuple[str, ...]
    minutes: int
    summary: str
    cast: int  # people in the scene
    status: str  # NEW, played N×, ▶ resume
    best: str  # '87% Gold' or '—'; in ranked mode the best verified ranked run
    new: bool  # never played
    saved: bool  # a saved run waits
    ranked: bool = False  # `best` is the ranked best (the picker is in ranked mode)

    @property
    def best_label(self) -> str:
        """The best with its label: 'best 87% Gold' ('ranked best ...' in ranked mode), or '—' before a first run."""
        if self.new or self.best == "—":
            return "—"
        return _("ranked best {best}").format(best=self.best) if self.ranked else _("best {best}").format(best=self.best)

    @property
    def codes(self) -> str:
        """The skills as three-letter codes, e.g. 'LIS EMP'."""
        return " ".join(skill_code(skill) for skill in self.skills)


def picker_row(entry: Entry, record: Record | None, saved: bool) -> PickerRow:
    """The picker's row for one scenario, given the player's record of it and whether a save waits."""
    scenario = entry.scenario
    return PickerRow(
        scenario_id=scenario.id,
        title=scenario_title(scenario),
        level=level_text(scenario.difficulty),
        difficulty=scenario.difficulty,
        skills=tuple(scenario.skills),
        minutes=scenario.minutes,
        summary=scenario.summary,
        cast=len(scenario.cast),
        status=status_text(record, saved),
        best=best_words(record),
        new=record is None and not saved,
        saved=saved,
        ranked=record is not None and record.ranked,
    )


def picker_rows(entries: Iterable[Entry], records: Mapping[str, Record], saved: set[str]) -> tuple[PickerRow, ...]:
    """One row per entry, in the entries' order."""
    return tuple(picker_row(entry, records.get(entry.scenario.id), entry.scenario.id in saved) for entry in entries)


def counts_words(mode: str) -> str:
    """Whether a recorded run of this mode counts on the leaderboards, in the debrief's words."""
    return _("counts on the leaderboards") if mode == "ranked" else _("practice: not on the leaderboards")


@dataclass(frozen=True)
class DebriefView:
    """The verdict on a finished run, built once from the Playthrough's kept ScoreCard.

    `card` is that ScoreCard as a trainee reads it (game/i18n/shown.py): the same figures,
    band and keys, with behaviour and outcome titles in place of tags and ids, and every
    title, rule, explanation and skill name in the active locale.
    """

    title: str  # the scenario's
    mode: str
    player: str
    card: ScoreCard
    review: tuple[ReviewRow, ...]  # each reply graded against the best on offer then
    ending: EndingSpec | None
    mood: tuple[float, ...]  # the customer's mood before the first reply and after each
    trained: tuple[str, ...]  # the skills the scenario trains
    record: RunRecord | None  # as stored, or None if it was not
    problem: str | None  # why it could not be stored, one line
    rubric: Rubric  # the rubric that scored the run: its titles name what the card holds by key

    @property
    def band(self) -> str | None:
        """The run's band (None below Bronze)."""
        return self.card.band

    @property
    def band_name(self) -> str | None:
        """The run's band as the rubric names it, in the active locale (None below Bronze)."""
        from game.i18n.shown import band_name

        return band_name(self.card.band)

    @property
    def outcome(self) -> str | None:
        """How the run ended, by the rubric's title for its outcome, in the active locale (None before an ending)."""
        from game.i18n.shown import outcome_name

        return outcome_name(self.rubric, self.ending.outcome.value) if self.ending is not None else None

    @property
    def patterns(self) -> tuple[str, ...]:
        """The titles of the patterns that fired, in the active locale."""
        from game.i18n.shown import pattern_name

        return tuple(pattern_name(self.rubric, key) for key in self.card.patterns)

    @property
    def counts(self) -> str | None:
        """Whether the recorded run counts on the leaderboards (None if it was not recorded)."""
        return counts_words(self.record.mode) if self.record is not None else None

    @property
    def replies(self) -> tuple[str, ...]:
        """Each reply of the run as the per-turn feedback names it: a short quote of the words the trainee
        was shown (in the language the run was played in), never the reply's id."""
        return tuple(reply_quote(row.text) for row in self.review)


def debrief_view(playthrough: Playthrough) -> DebriefView:
    """The debrief of a finished run (its ScoreCard and review are the Playthrough's kept ones)."""
    from game.i18n.shown import shown_card

    session = playthrough.session
    rubric = session.scorer.rubric
    return DebriefView(
        title=session.scenario.title,
        mode=session.mode,
        player=playthrough.profile.name,
        card=shown_card(playthrough.scorecard(), rubric),
        review=playthrough.review(),
        ending=session.ending,
        mood=tuple(session.mood_curve),
        trained=tuple(session.scenario.skills),
        record=playthrough.record,
        problem=playthrough.problem,
        rubric=rubric,
    )
