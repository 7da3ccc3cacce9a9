"""The debrief: percent and band, a bar per skill, the mood curve, the path beside the best path,
feedback per turn citing the rule behind it; `r` retries, `n` plays the next scenario.

Every figure comes from the Session's ScoreCard and the scenario's analysis.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.engine.analysis import Analysis
from game.engine.session import Session
from game.tui.drawing import bar, percent_text, signed, sparkline
from game.play.playthrough import Playthrough
from scoring.scorer import ScoreCard

if TYPE_CHECKING:
    from game.tui.app import DojoApp

BAND_MARKS = {"Gold": "★★★ GOLD", "Silver": "★★☆ SILVER", "Bronze": "★☆☆ BRONZE"}
SKILL_BAR = 24


def headline(card: ScoreCard, session: Session) -> Text:
    """The ending reached, the overall percent and the band (in words and stars)."""
    ending = session.ending
    text = Text()
    if ending is not None:
        text.append(ending.title, style="bold")
        text.append(f"  ({ending.outcome.value})\n", style="italic")
        text.append(ending.text + "\n\n")
    text.append(f"Overall {card.percent:.0f}%  ", style="bold")
    text.append(BAND_MARKS.get(card.band or "", "☆☆☆ NO BAND"), style="bold reverse")
    return text


def skills_text(card: ScoreCard, trained: tuple[str, ...]) -> Text:
    """A bar per skill with its percent and points; skills the scenario trains are starred."""
    text = Text()
    width = max((len(score.title) for score in card.dimensions.values()), default=0)
    for name, score in card.dimensions.items():
        star = "*" if name in trained else " "
        text.append(f"{star} {score.title:<{width}} ", style="bold")
        if score.percent is None:
            text.append("—".ljust(SKILL_BAR) + "  nothing to earn in this scenario\n", style="dim")
            continue
        text.append(bar(score.percent / 100, SKILL_BAR))
        text.append(f" {percent_text(score.percent):>5}  {score.raw:g} of {score.max:g} points\n")
    text.append("* a skill this scenario trains", style="dim")
    return text


def mood_text(curve: list[float]) -> Text:
    """The customer's mood over the turns: a sparkline, then each value out of 100."""
    text = Text("Mood  ", style="bold")
    text.append(sparkline(curve), style="bold")
    text.append("   " + " → ".join(f"{round(value * 100)}" for value in curve))
    text.append("\n(0 = worst, 100 = best; first value is before your first reply)", style="dim")
    return text


def path_text(session: Session, analysis: Analysis) -> Text:
    """The replies taken beside the best playthrough's, marking where they part."""
    taken = [turn.choice.key for turn in session.turns]
    best = list(analysis.best.choices)
    width = max((len(key) for key in taken), default=10) + 2
    best_width = max((len(key) for key in best), default=10) + 2
    text = Text(f"{'turn':<5} {'your path':<{width}} {'best path':<{best_width}}\n", style="bold")
    for number, (mine, ideal) in enumerate(zip_longest(taken, best, fillvalue="—"), start=1):
        same = mine == ideal
        text.append(f"{number:<5} {mine:<{width}} {ideal:<{best_width}}")
        text.append("✔ same\n" if same else "✘ differs\n", style="green" if same else "red")
    ending = session.ending.id if session.ending else "—"
    text.append(f"{'end':<5} {ending:<{width}} {analysis.best.ending}", style="bold")
    return text


def feedback_text(card: ScoreCard) -> Text:
    """Per turn: the reply, its net points, and each behaviour with its rule."""
    text = Text()
    for turn in card.turns:
        text.append(f"Turn {turn.index + 1} · {turn.choice} · {signed(turn.points)} points\n", style="bold")
        for item in turn.items:
            rule = f" [{item.rule}{' ' + item.rule_title if item.rule_title else ''}]" if item.rule else ""
            text.append(f"  {signed(item.points):>3} {item.title}{rule}\n")
        if turn.author_feedback:
            text.append(f"  Coach: {turn.author_feedback}\n", style="italic")
    extra = [*card.ending_items]
    if extra:
        text.append("The ending\n", style="bold")
        for item in extra:
            text.append(f"  {signed(item.points):>3} {item.title}: {item.explain}\n")
    if card.patterns:
        text.append("Patterns over the run: " + ", ".join(card.patterns), style="bold")
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
        Binding("r", "retry", "Retry"),
        Binding("n", "next", "Next scenario"),
        Binding("q", "back", "Scenarios"),
        Binding("escape", "back", "Scenarios", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, playthrough: Playthrough):
        super().__init__()
        self.playthrough = playthrough
        self.card = playthrough.scorecard()

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """One bordered section per part of the verdict."""
        session = self.playthrough.session
        with VerticalScroll():
            yield self._section("headline", f"Debrief · {session.scenario.title}", headline(self.card, session))
            yield self._section("skills", "Skills", skills_text(self.card, session.scenario.skills))
            yield self._section("mood", "The customer's mood", mood_text(session.mood_curve))
            yield self._section("path", "Your path and the best path", path_text(session, self.playthrough.analysis()))
            yield self._section("feedback", "Feedback per turn", feedback_text(self.card))
            yield self._section("saved", "Saved", self.saved_text())
        yield Footer()

    def _section(self, name: str, title: str, content: Text) -> Static:
        section = Static(content, id=name, classes="section")
        section.border_title = Text(title)  # a Text: a scenario title is never read as markup
        return section

    def saved_text(self) -> Text:
        """Where the run was recorded, or why it was not."""
        record = self.playthrough.record
        if record is not None:
            counts = "counts on the leaderboards" if record.mode == "ranked" else "practice: not on the leaderboards"
            return Text(f"Recorded ({record.mode}, {record.status}; {counts}).  r retry · n next · q scenarios")
        return Text(self.playthrough.problem or "Not recorded (no database).")

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
