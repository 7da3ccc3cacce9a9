"""The debrief: percent and band, a chart per skill, the mood curve, each reply graded against the best on offer then,
feedback per turn citing the rule behind it; `r` retries, `n` plays the next scenario, Esc
goes back to the list.

Every figure comes from the run's `DebriefView` (game.play.views): the ScoreCard and review
the Playthrough built once when the run finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.gui import charts
from game.gui.buttons import Button, ButtonGroup
from game.play.coaching import signed
from game.gui.fonts import TextCache
from game.gui.labels import band_word, grade_word, medal_word, mode_heading
from game.gui.screen import MARGIN, Screen, char, is_back
from game.gui.text import draw_line, draw_paragraph, wrap
from game.engine.review import OK_GRADES
from game.i18n import N_, _, ngettext
from game.play.playthrough import Playthrough
from game.play.views import DebriefView, debrief_view
from game.play.words import ending_item_words, recorded_words

if TYPE_CHECKING:
    from game.gui.app import GuiApp

BAND_COLOURS = {"Gold": (232, 184, 48), "Silver": (178, 186, 198), "Bronze": (196, 124, 68)}
ACTIONS = ((N_("Retry"), "r"), (N_("Next scenario"), "n"), (N_("Scenarios"), "Esc"))
GRADED = ("best", "good", "slip", "mistake", "blunder")  # every grade a reply may get (the path's column fits the widest)


@dataclass(frozen=True)
class Row:
    """One line of a scrolling panel: its text, style and indent."""

    text: str
    style: str = "body"  # body, small, heading, muted, good, bad
    indent: int = 0


def feedback_rows(view: DebriefView) -> list[Row]:
    """Per turn: the reply and its net points, each behaviour with its rule, the author's note (the rubric's words translated)."""
    card = view.card
    rows: list[Row] = []
    for turn, review in zip(card.turns, view.review):
        rows.append(Row(_("Turn {number}  ·  {reply}").format(number=turn.index + 1, reply=review.text), "heading"))
        points = _("{grade}  ·  {points} points").format(grade=review.words, points=signed(turn.points))
        rows.append(Row(points, "good" if review.grade in OK_GRADES else "bad", 16))
        if review.better_text is not None:
            rows.append(Row(_("Better here: {reply}").format(reply=review.better_text), "body", 16))
        for item in turn.items:
            rule = f"{item.rule} " if item.rule else ""
            words = item.rule_title or item.title
            rows.append(Row(f"{signed(item.points)}  {rule}{words}", "good" if item.points > 0 else "bad" if item.points < 0 else "small", 16))
        if turn.author_feedback:
            rows.append(Row(_("Coach: {note}").format(note=turn.author_feedback), "muted", 16))
    if card.ending_items:
        rows.append(Row(_("The ending"), "heading"))
        rows.extend(Row(f"{signed(item.points)}  {ending_item_words(item, view.rubric)}", "small", 16) for item in card.ending_items)
    if card.patterns:
        rows.append(Row(_("Patterns over the run: {patterns}").format(patterns=_(", ").join(view.patterns)), "heading"))
    return rows


class DebriefScreen(Screen):
    """The verdict on a finished run; see the module docstring."""

    name = "debrief"

    def __init__(self, app: GuiApp, playthrough: Playthrough):
        super().__init__(app)
        self.playthrough = playthrough
        self.view = debrief_view(playthrough)
        self.card = self.view.card
        self.feedback = feedback_rows(self.view)
        self.path = self.view.review
        self.lines: list[tuple[TextCache, str, tuple[int, int, int], int]] = []
        self.scroll = 0
        self.path_scroll = 0
        self.actions = ButtonGroup([Button(_(label), hint=key) for label, key in ACTIONS], vertical=False)
        self.parts: dict[str, pygame.Rect] = {}

    def locale_changed(self) -> None:
        """Another language: the view's words, the feedback and the buttons again."""
        self.view = debrief_view(self.playthrough)
        self.card = self.view.card
        self.feedback = feedback_rows(self.view)
        self.path = self.view.review
        for button, (label, _key) in zip(self.actions.buttons, ACTIONS):
            button.label = _(label)
        self.layout(self.size)

    @property
    def band(self) -> str | None:
        """The run's band (None below Bronze)."""
        return self.card.band

    def layout(self, size: tuple[int, int]) -> None:
        """Verdict band at the top, charts in the middle, path and feedback below, buttons at the foot."""
        super().layout(size)
        fonts = self.app.fonts
        width, height = size
        top = fonts.heading.line_height + 16 + MARGIN // 2
        button_h = fonts.body.line_height + 14
        buttons_y = height - fonts.small.line_height - 12 - button_h - 10
        inner = width - 2 * MARGIN
        verdict_h = self._verdict_height(inner, height)
        self.parts["verdict"] = pygame.Rect(MARGIN, top, inner, verdict_h)
        charts_top = top + verdict_h + 12
        # At least room for one bar per skill under the panel's title.
        least = len(self.card.dimensions) * (fonts.small.line_height + 2) + fonts.small.line_height + 24
        charts_h = max(150, least, round((buttons_y - charts_top) * 0.5))
        half = (inner - MARGIN) // 2
        self.parts["skills"] = pygame.Rect(MARGIN, charts_top, half, charts_h)
        self.parts["mood"] = pygame.Rect(MARGIN + half + MARGIN, charts_top, inner - half - MARGIN, charts_h)
        lower_top = charts_top + charts_h + 12
        path_w = max(260, round(inner * 0.38))
        self.parts["path"] = pygame.Rect(MARGIN, lower_top, path_w, buttons_y - lower_top - 10)
        self.parts["feedback"] = pygame.Rect(MARGIN + path_w + MARGIN, lower_top, inner - path_w - MARGIN, buttons_y - lower_top - 10)
        # Leave room at the left for the "Recorded" line in two lines at most.
        saved_room = min(fonts.small.width(self.saved_text()) // 2 + fonts.small.width(_("Recorded: ")) + MARGIN, round(inner * 0.34))
        widest = max(fonts.body.width(_(label)) + fonts.body.width(key) for label, key in ACTIONS) + 60  # label, key hint and padding
        button_w = min(max(260, widest), (inner - 2 * 12 - saved_room) // 3)
        for index, button in enumerate(self.actions.buttons):
            button.rect = pygame.Rect(width - MARGIN - (3 - index) * button_w - (2 - index) * 12, buttons_y, button_w, button_h)
        self._wrap_feedback()

    def _verdict_left(self, verdict_h: int) -> int:
        """Where the ending's title and text start in the verdict band (right of medal and percent)."""
        fonts = self.app.fonts
        radius = verdict_h // 2 - 4
        x = MARGIN + 2 * radius + 4 + 20
        return x + max(fonts.title.width("100%"), fonts.small.width(self.overall_text(None))) + 40

    def _verdict_height(self, inner: int, height: int) -> int:
        """The verdict band: tall enough for the whole ending text, up to a third of the window."""
        fonts = self.app.fonts
        least = fonts.title.line_height + fonts.small.line_height + 20
        ending = self.view.ending
        if ending is None:
            return least
        room = MARGIN + inner - self._verdict_left(least)
        needed = fonts.heading.line_height + 8 + len(wrap(fonts.small, ending.text, room)) * fonts.small.line_height + 4
        return max(least, min(needed, height // 3))

    def _wrap_feedback(self) -> None:
        """The feedback rows wrapped to the panel's width (scrolled by line)."""
        theme, fonts = self.app.theme, self.app.fonts
        width = self.parts["feedback"].width - 32
        styles = {
            "heading": (fonts.body, theme.text),
            "body": (fonts.body, theme.text),
            "small": (fonts.small, theme.text),
            "muted": (fonts.small, theme.muted),
            "good": (fonts.small, theme.good),
            "bad": (fonts.small, theme.bad),
        }
        self.lines = []
        for row in self.feedback:
            cache, colour = styles[row.style]
            for line in wrap(cache, row.text, width - row.indent):
                self.lines.append((cache, line, colour, row.indent))
        self.scroll = min(self.scroll, max(len(self.lines) - 1, 0))

    def handle(self, event: pygame.event.Event) -> None:
        """r, n, Esc, the buttons; ↑ ↓, PgUp, PgDn and the wheel scroll the feedback."""
        pressed = self.actions.handle(event)
        if self.actions.changed:
            self.dirty = True
        if pressed is not None:
            self.act(ACTIONS[pressed][1])
            return
        if event.type == pygame.MOUSEWHEEL:
            if self.parts["path"].collidepoint(pygame.mouse.get_pos()):
                self.path_scroll = max(0, min(self.path_scroll - event.y, max(len(self.path) - 1, 0)))
                self.dirty = True
            else:
                self.scroll_by(-event.y * 3)
        elif event.type == pygame.KEYDOWN:
            steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -10, pygame.K_PAGEDOWN: 10}
            if event.key in steps:
                self.scroll_by(steps[event.key])
            elif is_back(event):
                self.act("Esc")
            else:
                self.act(char(event).lower())

    def scroll_by(self, lines: int) -> None:
        """Scroll the feedback panel."""
        self.scroll = max(0, min(self.scroll + lines, max(len(self.lines) - 3, 0)))
        self.dirty = True

    def act(self, key: str) -> None:
        """Retry, next, back, help."""
        if key == "r":
            self.app.retry(self.playthrough)
        elif key == "n":
            self.app.play_next(self.playthrough)
        elif key in ("Esc", "q"):
            self.app.pop()
        elif key == "?":
            self.app.show_help()

    def draw(self, surface: pygame.Surface) -> None:
        """Every part of the verdict."""
        theme, fonts = self.app.theme, self.app.fonts
        view = self.view
        surface.fill(theme.background)
        self.draw_header(surface, _("Debrief  ·  {title}").format(title=view.title), f"{mode_heading(view.mode)}  ·  {view.player}")
        self._draw_verdict(surface, self.parts["verdict"])
        skills = self._panel(surface, self.parts["skills"], _("Skills"))
        percents = {score.title: score.percent for score in self.card.dimensions.values()}  # the shown card: titles in the language shown
        charts.draw_skill_chart(surface, skills, percents, theme, fonts.small)
        mood = self._panel(surface, self.parts["mood"], _("The customer's mood, turn by turn"))
        charts.draw_mood_curve(surface, mood, list(view.mood), theme, fonts.small)
        self._draw_path(surface, self._panel(surface, self.parts["path"], _("Each reply, graded (wheel)")))
        self._draw_feedback(surface, self._panel(surface, self.parts["feedback"], _("Feedback per turn  (↑↓ scroll)")))
        self.actions.draw(surface, theme, fonts.body, show_focus=False)
        first = self.actions.buttons[0].rect
        saved = wrap(fonts.small, self.saved_text(), first.x - 2 * MARGIN, 2)
        y = first.y + (first.height - len(saved) * fonts.small.line_height) // 2
        for line in saved:
            surface.blit(fonts.small.render(line, theme.muted), (MARGIN, y))
            y += fonts.small.line_height
        self.draw_footer(surface, _("r: retry  ·  n: next scenario  ·  Esc: scenarios  ·  ↑↓ wheel: scroll feedback  ·  ?: help"))

    def _panel(self, surface: pygame.Surface, rect: pygame.Rect, title: str) -> pygame.Rect:
        """A titled panel; returns the rect inside it for its content."""
        theme, fonts = self.app.theme, self.app.fonts
        pygame.draw.rect(surface, theme.panel, rect, border_radius=12)
        draw_line(surface, fonts.small, title.upper(), theme.accent, (rect.x + 16, rect.y + 8), rect.width - 32)
        top = rect.y + 14 + fonts.small.line_height
        return pygame.Rect(rect.x + 16, top, rect.width - 32, rect.bottom - top - 10)

    def _draw_verdict(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Medal, percent and band at the left; the ending reached at the right."""
        theme, fonts = self.app.theme, self.app.fonts
        band = self.card.band
        radius = min(rect.height, fonts.title.line_height + fonts.small.line_height + 20) // 2 - 4
        centre = (rect.x + radius + 4, rect.y + radius + 4)
        pygame.draw.circle(surface, BAND_COLOURS.get(band or "", theme.panel), centre, radius)
        pygame.draw.circle(surface, theme.text, centre, radius, width=3)
        word = fonts.small.render(medal_word(band), (20, 20, 20) if band else theme.text)
        surface.blit(word, word.get_rect(center=centre))
        x = centre[0] + radius + 20
        percent = draw_line(surface, fonts.title, f"{self.card.percent:.0f}%", theme.text, (x, rect.y))
        draw_line(surface, fonts.small, self.overall_text(band), theme.muted, (x, percent.bottom), 260)
        ending = self.view.ending
        left = max(percent.right + 40, self._verdict_left(2 * radius + 8))
        if ending is not None:
            fitting = [cache for cache in (fonts.heading, fonts.body, fonts.small) if cache.width(self.ending_heading()) <= rect.right - left]
            heading = fitting[0] if fitting else fonts.small  # smaller type before a cut title
            draw_line(surface, heading, self.ending_heading(), theme.text, (left, rect.y + 4), rect.right - left)
            room = pygame.Rect(left, rect.y + 8 + fonts.heading.line_height, rect.right - left, rect.height - fonts.heading.line_height - 8)
            draw_paragraph(surface, fonts.small, ending.text, theme.muted, room)

    def _draw_path(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Turn, your reply, and its grade against the best reply on offer there."""
        theme, cache = self.app.theme, self.app.fonts.small
        grade_w = max(cache.width(word) for word in [grade_word(grade) for grade in GRADED] + [_("GRADE")]) + 8
        xs = (rect.x, rect.x + cache.width("00") + 12, rect.right - grade_w + 8)
        column = xs[2] - xs[1] - 8
        y = rect.y
        for label, x in zip(("#", _("YOUR REPLY"), _("GRADE")), xs):
            draw_line(surface, cache, label, theme.muted, (x, y))
        y += cache.line_height + 2
        rows = self.path[self.path_scroll :]
        fits = (rect.bottom - y) // cache.line_height
        if len(rows) > fits:  # the last row says how many more the wheel shows
            rows = rows[: max(fits - 1, 0)]
            more = len(self.path) - self.path_scroll - len(rows)
            draw_line(surface, cache, ngettext("▼ {count} more", "▼ {count} more", more).format(count=more), theme.muted, (rect.right, y + len(rows) * cache.line_height), align="right")
        for row in rows:
            draw_line(surface, cache, str(row.turn), theme.muted, (xs[0], y))
            draw_line(surface, cache, row.text, theme.text, (xs[1], y), column)
            colour = theme.good if row.grade in OK_GRADES else theme.bad
            draw_line(surface, cache, grade_word(row.grade), colour if row.grade else theme.muted, (xs[2], y))
            y += cache.line_height

    def _draw_feedback(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The wrapped feedback from the scroll position down; when more follows, '▼ more' on a row of its own at the foot."""
        rest = self.lines[self.scroll :]
        marker = self.app.fonts.small.line_height
        more = sum(cache.line_height for cache, *_ in rest) > rect.height
        bottom = rect.bottom - marker if more else rect.bottom
        y = rect.y
        for cache, line, colour, indent in rest:
            if y + cache.line_height > bottom:
                break
            if line:
                surface.blit(cache.render(line, colour), (rect.x + indent, y))
            y += cache.line_height
        if more:
            draw_line(surface, self.app.fonts.small, _("▼ more"), self.app.theme.muted, (rect.right, bottom), align="right")

    def ending_heading(self) -> str:
        """The ending's title and how it turned out in plain words ('' before an ending)."""
        ending = self.view.ending
        if ending is None:
            return ""
        return _("{ending}  ·  {outcome}").format(ending=ending.title, outcome=self.view.outcome)

    def overall_text(self, band: str | None) -> str:
        """The line under the percent: 'overall  ·  Gold' ('overall  ·  no band' below Bronze)."""
        return _("overall  ·  {band}").format(band=band_word(band))

    def saved_text(self) -> str:
        """Where the run was recorded, or why it was not."""
        view = self.view
        if view.record is not None:
            return recorded_words(view.record.mode)
        if view.problem:
            return view.problem
        return _("Not recorded (attract mode or no database).") if not self.app.persist or self.app.store is None else _("Not recorded.")
