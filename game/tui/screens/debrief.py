"""The debrief: percent and band, a bar per skill, the mood curve, each reply graded against the
best one on offer then (with the better reply where it fell short), feedback per turn citing
the rule behind it; `r` retries, `n` plays the next scenario.

Every figure comes from the run's `DebriefView` (game.play.views): the ScoreCard and review
the Playthrough built once when the run finished.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.engine.review import ReviewRow
from game.i18n import N_, _, ngettext
from game.i18n.shown import band_name, outcome_name, pattern_name
from game.play.coaching import signed
from game.tui.language import translate_bindings
from game.tui.drawing import bar, percent_text, sparkline
from game.play.playthrough import Playthrough
from game.play.views import debrief_view
from scoring.rubric import Rubric
from scoring.scorer import ScoreCard

if TYPE_CHECKING:
    from game.scenario.model import EndingSpec
    from game.tui.app import DojoApp

BAND_STARS = {"Gold": "★★★", "Silver": "★★☆", "Bronze": "★☆☆"}  # by the band's key; its name is the rubric's, translated
SKILL_BAR = 20  # with the longest skill title and "judged on N replies", a row fits in 80 columns


def headline(card: ScoreCard, ending: EndingSpec | None, rubric: Rubric) -> Text:
    """The ending reached and how it turned out, the overall percent and the band (in words and stars)."""
    text = Text()
    if ending is not None:
        text.append(ending.title, style="bold")
        text.append("  " + _("({outcome})").format(outcome=outcome_name(rubric, ending.outcome.value)) + "\n", style="italic")
        text.append(ending.text + "\n\n")
    text.append(_("Overall {percent}%  ").format(percent=f"{card.percent:.0f}"), style="bold")
    name = band_name(card.band)
    text.append(f"{BAND_STARS.get(card.band or '', '★★★')} {name.upper()}" if name else _("☆☆☆ NO BAND"), style="bold reverse")
    return text


def skills_text(card: ScoreCard, trained: tuple[str, ...]) -> Text:
    """A bar per skill with its percent and how many replies it was judged on; trained skills are starred."""
    text = Text()
    width = max((cell_len(score.title) for score in card.dimensions.values()), default=0)
    for name, score in card.dimensions.items():
        star = "*" if name in trained else " "
        padding = " " * (width - cell_len(score.title))  # by display width: a Chinese title's characters are two cells
        text.append(f"{star} {score.title}{padding} ", style="bold")
        if score.percent is None:
            text.append("—".ljust(SKILL_BAR) + "  " + _("not at stake in any reply you made") + "\n", style="dim")
            continue
        text.append(bar(score.percent / 100, SKILL_BAR))
        judged = ngettext("judged on {count} reply", "judged on {count} replies", score.judged).format(count=score.judged) if score.judged else ""
        text.append(f" {percent_text(score.percent):>5}  {judged}\n")
    text.append(_("* a skill this scenario trains"), style="dim")
    return text


def mood_text(curve: Sequence[float]) -> Text:
    """The customer's mood over the turns: a sparkline, then each value out of 100."""
    text = Text(_("Mood  "), style="bold")
    text.append(sparkline(curve), style="bold")
    text.append("   " + " → ".join(f"{round(value * 100)}" for value in curve))
    text.append("\n" + _("(0 = worst, 100 = best; first value is before your first reply)"), style="dim")
    return text


# A recorded run's mode and status as the "Saved" section names them (the codes stay in the store).
MODE_NAMES = {"practice": N_("practice"), "ranked": N_("ranked")}
STATUS_NAMES = {"verified": N_("verified"), "flagged": N_("flagged"), "legacy": N_("legacy"), "unchecked": N_("unchecked")}
GRADE_STYLES = {"best": "green", "good": "green", "slip": "yellow", "mistake": "red", "blunder": "bold red"}


def review_text(rows: tuple[ReviewRow, ...]) -> Text:
    """Each reply with its grade against the best on offer there, and the better reply where it fell short."""
    text = Text()
    for row in rows:
        text.append(f"{row.turn:>2}. ", style="bold")
        text.append(row.text)
        text.append("\n    ")
        text.append(row.words, style=GRADE_STYLES.get(row.grade or "", "dim"))
        if row.loss:
            text.append(_(" (gave up {points} points)").format(points=f"{row.loss:.1f}"), style="dim")
        text.append("\n")
        if row.better_text is not None:
            text.append("    " + _("Better here: "), style="bold")
            text.append(row.better_text + "\n", style="italic")
    text.rstrip()
    return text


def feedback_text(card: ScoreCard, rubric: Rubric, replies: Sequence[str]) -> Text:
    """Per turn: the reply (`replies`: each turn's, quoted as DebriefView.replies quotes it), its net points,
    and each behaviour with its rule; the patterns by their titles."""
    text = Text()
    for turn, reply in zip(card.turns, replies):
        heading = _("Turn {turn} · {reply} · {points} points").format(turn=turn.index + 1, reply=reply, points=signed(turn.points))
        text.append(heading + "\n", style="bold")
        for item in turn.items:
            rule = f" [{item.rule}{' ' + item.rule_title if item.rule_title else ''}]" if item.rule else ""
            text.append(f"  {signed(item.points):>3} {item.title}{rule}\n")
        if turn.author_feedback:
            text.append("  " + _("Coach: {note}").format(note=turn.author_feedback) + "\n", style="italic")
    extra = [*card.ending_items]
    if extra:
        text.append(_("The ending") + "\n", style="bold")
        for item in extra:
            text.append(f"  {signed(item.points):>3} {item.title}: {item.explain}\n")
    if card.patterns:
        names = _(", ").join(pattern_name(rubric, key) for key in card.patterns)
        text.append(_("Patterns over the run: {patterns}").format(patterns=names), style="bold")
    text.rstrip()
    return text


class DebriefScreen(Screen[None]):
    """The verdict on a finished run; see the module docstring."""

    DEFAULT_CSS = """
    DebriefScreen VerticalScroll { padding: 0 2; }
    DebriefScreen .section { border: round $primary; padding: 0 1; margin-bottom: 1; height: auto; }
    DebriefScreen #headline { border: heavy $accent; }
    """

    BINDINGS = [
        Binding("r", "retry", N_("Retry")),
        Binding("n", "next", N_("Next scenario")),
        Binding("q", "back", N_("Scenarios")),
        Binding("escape", "back", N_("Scenarios"), show=False),
        Binding("question_mark", "help", N_("Help")),
    ]

    def __init__(self, playthrough: Playthrough):
        super().__init__()
        self.playthrough = playthrough
        self.view = debrief_view(playthrough)
        self.card = self.view.card
        translate_bindings(self)

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """One bordered section per part of the verdict (the view made again: composed anew after a change of language)."""
        view = self.view = debrief_view(self.playthrough)
        self.card = view.card
        with VerticalScroll():
            yield self._section("headline", _("Debrief · {title}").format(title=view.title), headline(view.card, view.ending, view.rubric))
            yield self._section("skills", _("Skills"), skills_text(view.card, view.trained))
            yield self._section("mood", _("The customer's mood"), mood_text(view.mood))
            yield self._section("review", _("Each reply, graded"), review_text(view.review))
            yield self._section("feedback", _("Feedback per turn"), feedback_text(self.card, view.rubric, view.replies))
            yield self._section("saved", _("Saved"), self.saved_text())
        yield Footer()

    def _section(self, name: str, title: str, content: Text) -> Static:
        section = Static(content, id=name, classes="section")
        section.border_title = Text(title)  # a Text: a scenario title is never read as markup
        return section

    def saved_text(self) -> Text:
        """Where the run was recorded, or why it was not."""
        record = self.view.record
        if record is not None:
            mode = _(MODE_NAMES.get(record.mode, record.mode))
            status = _(STATUS_NAMES.get(record.status, record.status))
            line = _("Recorded ({mode}, {status}; {counts}).  r retry · n next · q scenarios")
            return Text(line.format(mode=mode, status=status, counts=self.view.counts))
        return Text(self.view.problem or _("Not recorded (no database)."))

    def action_retry(self) -> None:
        """Play the same scenario again in the same mode."""
        self.dojo.retry(self.playthrough)

    def action_next(self) -> None:
        """Play the next scenario in the list."""
        self.dojo.play_next(self.playthrough)

    def action_back(self) -> None:
        """Back to the scenario list."""
        self.dismiss(None)

    def action_help(self) -> None:
        """Show every key."""
        self.dojo.show_help()
