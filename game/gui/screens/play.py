"""The play screen: who speaks and how they feel, the meters, the speech bubble, the replies.

The speaker's face is large, with a name plate; their lines type into a speech bubble
(any key or click shows them whole, and does nothing else, so nobody answers a line they
have not read). Replies are numbered buttons: a click, the number key, or the arrows and
Enter make one. Meters ease toward their new values. In practice a coaching card explains
each reply and `u` undoes it; in ranked there are neither. Every reply is saved at once
(by the Playthrough), so Esc simply leaves and the next start offers to resume.

While nothing moves, nothing is drawn; while a line types or a face blinks, only the
bubble's text, the face or a meter is drawn again.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import pygame

from game.gui import charts, coaching
from game.gui.buttons import Button, ButtonGroup
from game.gui.face_motion import blink_closed, mouth_opening
from game.gui.faces import draw_face
from game.gui.fonts import TextCache
from game.gui.layout import BUTTON_GAP, GAP, PlayLayout, play_layout, stack_column
from game.gui.motion import Eased
from game.gui.screen import SEPARATOR, Screen, char, is_back
from game.gui.speech import Speech
from game.gui.text import draw_line, wrap
from game.gui.theme import blend
from game.i18n import N_, _
from game.play.coaching import coaching_view
from game.play.playthrough import Playthrough
from game.play.scene import PlayView, play_view
from game.play.stage import Face, Stage, plate_note
from game.play.story import conversation

if TYPE_CHECKING:
    from game.gui.app import GuiApp

# What the face looks like: who, expression, speaking, eyes closed, mouth opening.
FaceKey = tuple[str, str, bool, bool, float]
BUBBLE_PAD = 16
PAST = -2  # the segment of a history row: an earlier turn's line or reply, drawn whole
BUBBLE_MIN_ROWS = 3  # the least a scrolled speech bubble shows: a label and two lines
WHOLE = 40  # lines a reply may take when it is shown whole (no reply is near this long)
CUT_LINES = (6, 4, 3, 2, 1)  # fewer lines per reply, tried only when whole replies cannot fit
# The key line's items, in order; "undo" only where undo is offered (practice).
KEYS = (
    N_("1-9 or ↑↓ Enter: reply"),
    N_("u: undo"),
    N_("PgUp: earlier lines"),
    N_("Esc: save & leave"),
    N_("s: settings"),
    N_("?: help"),
    N_("F11: fullscreen"),
)
UNDO_KEY = KEYS[1]
MODIFIERS = {
    pygame.K_LSHIFT, pygame.K_RSHIFT, pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LALT, pygame.K_RALT,
    pygame.K_LGUI, pygame.K_RGUI, pygame.K_CAPSLOCK, pygame.K_NUMLOCK, pygame.K_MODE, pygame.K_F11,
}


def newest_rows(rows: list[tuple[str, str, int, int]], height: int, line_height: int) -> list[tuple[str, str, int, int]]:
    """The last rows that fit in `height` (a label row is 2 px taller), keeping the speaker's
    label above the first line shown so whoever speaks stays clear."""
    def total(kept: list[tuple[str, str, int, int]]) -> int:
        return sum(line_height + (2 if row[0] == "label" else 0) for row in kept)

    kept = list(rows)
    while kept and total(kept) > height:
        kept.pop(0)
    dropped = rows[: len(rows) - len(kept)]
    if dropped and kept and kept[0][0] != "label":
        label = next((row for row in reversed(dropped) if row[0] == "label"), None)
        if label is not None:
            kept.insert(0, label)
            while len(kept) > 2 and total(kept) > height:
                kept.pop(1)  # a text row goes, the label stays
            if len(kept) >= 2 and kept[1][0] == "label":
                kept.pop(0)  # none of that speaker's lines fit: no label without a line
    return kept


def wide(char: str) -> bool:
    """A wide (CJK) character: wrapping may break between two of them."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def name_width(cache: TextCache, name: str) -> int:
    """The least width that shows `name` whole on one line or two, breaking only between words
    or between two wide characters, as wrapping does (measured as wrapping measures, by summed advances)."""
    words = name.split()
    best = cache.advance(name)
    for cut in range(1, len(words)):
        best = min(best, max(cache.advance(" ".join(words[:cut])), cache.advance(" ".join(words[cut:]))))
    for cut in range(1, len(name)):  # 林女士 may break 林 / 女士; a Chinese name has no spaces to break at
        if wide(name[cut - 1]) and wide(name[cut]):
            best = min(best, max(cache.advance(name[:cut].rstrip()), cache.advance(name[cut:].lstrip())))
    return best


def cast_cells(cache: TextCache, names: list[str], width: int, widest: int = 120) -> list[int]:
    """The cast strip's cell widths: each as wide as its name needs on one line, else on two
    (36 px at least), the room left shared out; equal cells when the names cannot all fit.
    A name is wrapped 2 px inside its cell, so a cell of its width plus 2 shows it whole."""
    if not names:
        return []
    needs = [max(36, cache.advance(name) + 2) for name in names]  # every name on one line if they all fit so
    if sum(needs) > width:
        needs = [max(36, name_width(cache, name) + 2) for name in names]
    if sum(needs) > width:
        return [min(width // len(names), widest)] * len(names)
    spare = (width - sum(needs)) // len(names)
    return [min(need + spare, max(widest, need)) for need in needs]


def line_starts(text: str, lines: list[str]) -> list[tuple[str, int]]:
    """Each wrapped line with the index in `text` where it starts.

    Wrapping drops the spaces at a break (none between Chinese characters), so each line
    is found in the text after the previous one rather than counted.
    """
    starts = []
    position = 0
    for line in lines:
        found = text.find(line, position) if line else -1
        start = found if found >= 0 else position
        starts.append((line, start))
        position = start + len(line)
    return starts


class PlayScreen(Screen):
    """One scenario being played; see the module docstring."""

    name = "play"

    def __init__(self, app: GuiApp, playthrough: Playthrough):
        super().__init__(app)
        self.playthrough = playthrough
        self.scene: PlayView = play_view(playthrough)
        self.meters = {meter.name: Eased(meter.value) for meter in self.scene.meters}
        self.speech = Speech(self.scene.lines, app.settings.typing_speed())
        self.stage: Stage = self.scene.stage
        self.replies = ButtonGroup(numbered=True)
        self.view: PlayLayout | None = None
        self.bubble = pygame.Rect(0, 0, 0, 0)
        self.bubble_text = pygame.Rect(0, 0, 0, 0)
        self.bubble_font = app.fonts.body
        self.reply_font = app.fonts.body
        self.rows: list[tuple[str, str, int, int]] = []  # (kind, text, segment, first char)
        self.history: list[tuple[str, str, int, int]] = []  # earlier turns' rows (segment PAST)
        self.back = 0  # rows scrolled back into the history (0: the newest rows)
        self.hidden_above = 0  # rows above the first one drawn (set when drawn)
        self.coach_rect: pygame.Rect | None = None
        self.face_key: FaceKey | tuple[()] = ()
        self.plate_key: tuple[str | None, bool, bool] = (None, False, False)
        self.redraw_face = False
        self.redraw_bubble = False
        self.redraw_meters = False
        self._make_buttons()
        if self.scene.lines and not self.speech.done:
            app.sounds.play("line")

    # Layout -------------------------------------------------------------------------------

    def _make_buttons(self) -> None:
        # In the order the play view numbers them, each in the wording drawn for it.
        self.replies.set_buttons([Button(reply.text, number=reply.number) for reply in self.scene.replies])

    def layout(self, size: tuple[int, int]) -> None:
        """Place face, plate, meters, bubble, replies and the coaching card."""
        super().layout(size)
        fonts = self.app.fonts
        session = self.playthrough.session
        self.view = view = play_layout(size, fonts, len(session.scenario.meters), len(self.stage.cast))
        column = view.column
        text_width = column.width - 2 * BUBBLE_PAD
        coach_min = coaching.compact_height(fonts) if self.scene.coaching is not None else 0
        # Body type if everything fits; else smaller type for the speech, then the replies,
        # then fewer lines per reply. A full coaching card is preferred, then a one-line card,
        # and a reply is cut to fewer lines only when even without the card it cannot fit.
        fonts_tried = ((fonts.body, fonts.body), (fonts.small, fonts.body), (fonts.small, fonts.small))
        steps = [(speech, reply, WHOLE) for speech, reply in fonts_tried] + [(fonts.small, fonts.small, lines) for lines in CUT_LINES]
        tried = [self._try_layout(column, text_width, coach_min, *step) for step in steps]
        full = coaching.full_height(fonts)

        # Readable replies come first: whole replies with a full card, a one-line card, or none;
        # only then replies cut to fewer lines.
        def card(t, least):
            return not coach_min or (t[3] is not None and t[3].height >= least)

        # Before the first reply the card has nothing to say yet: a one-line card is enough.
        cards = (full, coaching.compact_height(fonts), None) if self.scene.coaching is not None and not self.scene.coaching.empty else (coaching.compact_height(fonts), None)
        whole: list = []
        for least in cards:
            whole = [t for t in tried if t[0] and t[1][2] == WHOLE and (least is None or card(t, least))]
            if not whole and least is not None and coach_min:
                # A shorter bubble that shows its newest rows, rather than a smaller card: the
                # coaching is what practice is for.
                for reply_font in (fonts.small, fonts.body):  # small replies first: more of the bubble shows
                    scrolled = self._try_layout(column, text_width, least, fonts.small, reply_font, WHOLE, scroll=True)
                    if scrolled[0] and card(scrolled, least):
                        whole = [scrolled]
                        break
            if whole:
                break
        if not whole:
            # Rather than cut a reply short, let the speech bubble show its newest rows (it
            # scrolls as lines type): the replies are what the trainee must read in full. If
            # need be the bubble shows only the speaker and one line, then the card goes.
            for least, rows in ((coach_min, BUBBLE_MIN_ROWS), (coach_min, 2), (0, BUBBLE_MIN_ROWS), (0, 2)):
                scrolled = self._try_layout(column, text_width, least, fonts.small, fonts.small, WHOLE, scroll=True, min_rows=rows)
                if scrolled[0]:
                    whole = [scrolled]
                    break
        passes = [(lines, least) for lines in CUT_LINES for least in cards]
        choice = whole[0] if whole else next(
            (t for lines, least in passes for t in tried if t[0] and t[1][2] == lines and (least is None or card(t, least))),
            tried[-1],
        )
        _fits, step, self.bubble, self.coach_rect, rects = choice
        self.bubble_font, self.reply_font, reply_lines = step
        self.rows = self._rows(text_width)
        self.history = self._history_rows(text_width)
        # Earlier rows that do not fit whole with their speaker's label leave a gap at the
        # bubble's foot: the bubble ends under its last row and the card below takes the room.
        inner = self.bubble.height - 2 * BUBBLE_PAD
        shown = newest_rows(self.history + self.rows, inner + 1, self.bubble_font.line_height)
        used = sum(self.bubble_font.line_height + (2 if row[0] == "label" else 0) for row in shown)
        if len(shown) < len(self.history) + len(self.rows) and used < inner:
            self.bubble, rects, self.coach_rect = stack_column(column, used + 2 * BUBBLE_PAD, [rect.height for rect in rects], 1 if self.coach_rect is not None else 0)
        for button in self.replies.buttons:
            button.fit_height(self.reply_font, column.width, reply_lines)
        for button, rect in zip(self.replies.buttons, rects):
            button.rect = rect
        self.bubble_text = self.bubble.inflate(-2 * BUBBLE_PAD, -2 * BUBBLE_PAD)

    def _try_layout(self, column: pygame.Rect, text_width: int, coach_min: int, speech_font, reply_font, reply_lines: int, scroll: bool = False, min_rows: int = BUBBLE_MIN_ROWS):
        """(fits, fonts and lines tried, bubble, coaching card, reply rects) for one choice of type.

        With `scroll` the bubble may be smaller than its text (it then shows the newest rows),
        down to `min_rows` rows, so that the replies fit whole.
        """
        self.bubble_font = speech_font
        self.rows = self._rows(text_width)
        heights = [button.fit_height(reply_font, column.width, reply_lines) for button in self.replies.buttons]
        wanted = self._rows_height() + 2 * BUBBLE_PAD
        if scroll:
            replies = sum(heights) + BUTTON_GAP * max(len(heights) - 1, 0)
            wanted = min(wanted, column.height - replies - GAP - (GAP // 2 + coach_min if coach_min else 0))
        bubble, rects, coach = stack_column(column, wanted, heights, coach_min)
        replies_fit = (rects[-1].bottom if rects else 0) <= column.bottom
        if scroll:
            fits = replies_fit and bubble.height >= min_rows * speech_font.line_height + 2 * BUBBLE_PAD
        else:
            fits = self._rows_height() + 2 * BUBBLE_PAD <= bubble.height and replies_fit
        return fits, (speech_font, reply_font, reply_lines), bubble, coach, rects

    def _rows(self, width: int) -> list[tuple[str, str, int, int]]:
        """The bubble's rows: a name label at each change of speaker, then the wrapped line."""
        rows: list[tuple[str, str, int, int]] = []
        previous = None
        for index, segment in enumerate(self.speech.segments):
            if segment.speaker != previous:
                rows.append(("label", segment.name, index, 0))
                previous = segment.speaker
            for line, first in line_starts(segment.writer.text, self.bubble_font.wrap(segment.writer.text, max(width, 40))):
                rows.append(("text", line, index, first))
        if not rows and self.stage.rest is not None:
            rows.append(("quiet", _("({name} waits for your answer.)").format(name=self.stage.rest.name), -1, 0))
        return rows

    def _history_rows(self, width: int) -> list[tuple[str, str, int, int]]:
        """Earlier turns as bubble rows: each line under its speaker's label, the trainee's own
        replies under "YOU" (segment PAST: drawn whole, never typed)."""
        session = self.playthrough.session
        entries = conversation(session)
        past = entries[: max(len(entries) - len(session.lines) - (1 if session.ending is not None else 0), 0)]
        rows: list[tuple[str, str, int, int]] = []
        previous = None
        for entry in past:
            name = _("You") if entry.kind == "reply" else entry.speaker
            if name != previous:
                rows.append(("label", name, PAST, 0))
                previous = name
            kind = "mine" if entry.kind == "reply" else "text"
            rows.extend((kind, line, PAST, 0) for line in self.bubble_font.wrap(entry.text, max(width, 40)))
        return rows

    def scroll_history(self, rows: int) -> None:
        """Scroll the bubble `rows` back into the history (negative: toward the newest)."""
        most = len(self.history) + len(self._revealed_rows())
        self.back = max(0, min(self.back + rows, most - 1))
        self.redraw_bubble = True

    def _revealed_rows(self) -> list[tuple[str, str, int, int]]:
        """The rows typed so far (or started): a speaker's label only once their line begins."""
        revealed = []
        segments = self.speech.segments
        for row in self.rows:
            kind, _text, index, first = row
            if kind == "label" and index > self.speech.current and not segments[index].writer.shown:
                break
            if kind == "text" and segments[index].writer.shown - first <= 0:
                break
            revealed.append(row)
            if kind == "quiet":
                break
        return revealed

    def _rows_height(self) -> int:
        labels = sum(1 for kind, *_ in self.rows if kind == "label")
        return len(self.rows) * self.bubble_font.line_height + labels * 2

    # Events -------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Reveal a typing line first; then replies, undo, leave, help and settings."""
        if event.type == pygame.KEYDOWN and event.key in MODIFIERS:
            return
        if event.type == pygame.MOUSEWHEEL:
            if self.bubble.collidepoint(pygame.mouse.get_pos()):
                self.scroll_history(event.y * 2)
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            page = max(self.bubble_text.height // max(self.bubble_font.line_height, 1) - 1, 1)
            self.scroll_history(page if event.key == pygame.K_PAGEUP else -page)
            return
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN) and self.speech.finish():
            self.redraw_bubble = self.redraw_face = True
            self.dirty = True  # the plate's "speaking" note changes too
            return
        chosen = self.replies.handle(event)
        if self.replies.changed:
            self.dirty = True
        if chosen is not None:
            self.choose(chosen + 1)
            return
        if event.type != pygame.KEYDOWN:
            return
        typed = char(event).lower()
        if is_back(event):
            self.leave()
        elif typed == "u":
            self.undo()
        elif typed == "?":
            self.app.show_help()
        elif typed == "s":
            self.app.show_settings()

    def choose(self, number: int) -> None:
        """Make reply `number` (1-based); a number not on offer does nothing."""
        if self.scene.reply(number) is None:
            return
        self.app.sounds.play("select")
        told = self.scene.problem
        self.app.controller.choose(number)
        self.scene = play_view(self.playthrough)
        if self.scene.problem and self.scene.problem != told:
            self.app.notify(self.scene.problem)  # once when it starts, not at every reply
        if self.scene.over:
            self.app.show_debrief(self.playthrough)
            return
        if self.scene.coaching is not None:
            self.app.sounds.play("good" if self.scene.coaching.well_done else "bad")
        self._moved(type_lines=True)

    def undo(self) -> None:
        """Take back the last reply (practice only)."""
        refused = self.app.controller.undo()  # the run says whether it can (never in ranked)
        if refused:
            self.app.notify(refused)
            return
        self.scene = play_view(self.playthrough)
        self._moved(type_lines=False)

    def _moved(self, type_lines: bool) -> None:
        """The session moved on (or back): the new play view's lines, replies and meter targets."""
        scene = self.scene
        instant = self.app.settings.reduced_motion
        for meter in scene.meters:
            self.meters[meter.name].set(meter.value, instant)
        self.speech = Speech(scene.lines, self.app.settings.typing_speed() if type_lines else None)
        self.stage = scene.stage
        self.back = 0
        if type_lines and scene.lines and not self.speech.done:
            self.app.sounds.play("line")
        self._make_buttons()
        self.layout(self.size)

    def leave(self) -> None:
        """Back to the scenario list; the run is saved, or kept in memory if the store will not take it."""
        unsaved = self.app.controller.leave()
        if unsaved:
            self.app.notify(unsaved)
        elif self.playthrough.session.turns and self.playthrough.store is not None:
            self.app.notify(_("Saved. Pick this scenario again to resume."))
        self.app.pop()

    def locale_changed(self) -> None:
        """Another language: the play view's words again (the scenario's own text stays as loaded)."""
        self.scene = play_view(self.playthrough)
        self.stage = self.scene.stage
        self._make_buttons()
        self.settings_changed()

    def settings_changed(self) -> None:
        """Text speed, motion or theme changed."""
        if self.app.settings.typing_speed() is None:
            self.speech.finish()
        self.layout(self.size)

    # Animation ----------------------------------------------------------------------------

    def busy(self) -> bool:
        """Typing or a meter still moving."""
        return not self.speech.done or not all(meter.settled for meter in self.meters.values())

    def update(self, seconds: float) -> None:
        """Type, ease the meters, and time the face's next frame."""
        if self.speech.update(seconds):
            self.redraw_bubble = True
            if self.speech.done:
                self.dirty = True  # the plate stops saying "speaking"
        for meter in self.meters.values():
            if meter.update(seconds):
                self.redraw_meters = True
        if not self.app.settings.reduced_motion and self._face_key() != self.face_key:
            self.redraw_face = True
        if self._plate_key() != self.plate_key:
            self.dirty = True  # another person on stage, or they stopped talking: the plate changes

    # Drawing ------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        """The whole screen."""
        view = self.view
        assert view is not None
        theme, fonts = self.app.theme, self.app.fonts
        scene = self.scene
        surface.fill(theme.background)
        self.draw_header(surface, scene.title, _("{mode}  ·  turn {turn}  ·  {player}").format(mode=scene.mode_label, turn=scene.turn, player=scene.player))
        self._draw_face(surface)
        self._draw_plate(surface)
        if view.cast is not None:
            self._draw_cast(surface, view.cast)
        self._draw_meters(surface)
        self._draw_bubble_frame(surface)
        self._draw_bubble_text(surface)
        self.replies.draw(surface, theme, self.reply_font)
        if self.coach_rect is not None:
            coaching.draw_card(surface, self.coach_rect, scene.coaching or coaching_view(None), theme, fonts)
        keys = SEPARATOR.join(_(item) for item in KEYS if scene.undo_offered or item != UNDO_KEY)
        self.draw_footer(surface, keys)
        self.redraw_face = self.redraw_bubble = self.redraw_meters = False

    def draw_partial(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """Only the face, the bubble's text or the meters, whichever moved."""
        rects: list[pygame.Rect] = []
        if self.redraw_face and self.view is not None:
            rects.append(self._draw_face(surface))
        if self.redraw_bubble:
            rects.append(self._draw_bubble_text(surface))
        if self.redraw_meters:
            rects.extend(self._draw_meters(surface))
        self.redraw_face = self.redraw_bubble = self.redraw_meters = False
        return rects

    def _shown(self) -> tuple[Face | None, bool]:
        """The person on stage now and whether they are talking: the line being typed's beat,
        or once every line shows, the stage's resting face (never the narrator)."""
        beats = self.stage.beats
        if self.speech.done or not beats:
            return self.stage.rest, False
        beat = beats[min(self.speech.current, len(beats) - 1)]
        return beat.face, beat.speaking

    def _plate_key(self) -> tuple[str | None, bool, bool]:
        """What the name plate shows: who, talking or not, every line said or not."""
        face, speaking = self._shown()
        return (face.cast_id if face is not None else None, speaking, self.speech.done)

    def _face_key(self) -> FaceKey | tuple[()]:
        """What the face looks like now: who, which expression, speaking or not, eyes shut or not, how open the mouth."""
        face, speaking = self._shown()
        if face is None:
            return ()
        seconds = self.app.seconds
        expression = face.expression
        return (face.cast_id, expression, speaking, blink_closed(face.cast_id, seconds), round(mouth_opening(expression, speaking, seconds), 2))

    def group(self) -> list[Face]:
        """The others who speak in this moment besides the person shown (at most two), in order:
        drawn smaller behind the person shown, so a scene's people are seen together."""
        shown, _speaking = self._shown()
        others: list[Face] = []
        for beat in self.stage.beats:
            face = beat.face
            if not beat.speaking or face is None or (shown is not None and face.cast_id == shown.cast_id):
                continue
            if all(face.cast_id != other.cast_id for other in others):
                others.append(face)
        return others[:2]

    def face_rects(self) -> tuple[pygame.Rect, list[pygame.Rect]]:
        """Where the person shown and the others of the group are drawn inside the face area."""
        assert self.view is not None
        rect = self.view.face
        others = self.group()
        if not others:
            return rect, []
        side = min(rect.width, rect.height)
        front = pygame.Rect(0, 0, round(side * 0.78), round(side * 0.78))
        front.midbottom = rect.midbottom
        back = round(side * 0.42)
        spots = [pygame.Rect(rect.x, rect.y, back, back), pygame.Rect(rect.right - back, rect.y, back, back)]
        if len(others) == 1:
            spots = [spots[1]]
        return front, spots

    def _draw_face(self, surface: pygame.Surface) -> pygame.Rect:
        assert self.view is not None
        rect = self.view.face
        theme = self.app.theme
        surface.fill(theme.background, rect)
        self.face_key = self._face_key()
        face, speaking = self._shown()
        front, spots = self.face_rects()
        for other, spot in zip(self.group(), spots):  # behind first, then the person shown in front
            draw_face(surface, spot, other.cast_id, other.expression, theme, False, 0.0, other.name)
        if face is not None:
            if spots:
                pygame.draw.circle(surface, theme.background, front.center, front.width // 2 + 4)
            draw_face(surface, front, face.cast_id, face.expression, theme, speaking, self.app.seconds, face.name)
        return rect

    def _draw_plate(self, surface: pygame.Surface) -> None:
        """The name plate of the person on stage: name, role, and whether they are talking now."""
        assert self.view is not None
        theme, fonts, rect = self.app.theme, self.app.fonts, self.view.plate
        face, speaking = self._shown()
        self.plate_key = self._plate_key()
        pygame.draw.rect(surface, theme.panel, rect, border_radius=10)
        if face is None:
            return
        pygame.draw.rect(surface, theme.accent, pygame.Rect(rect.x, rect.y, 6, rect.height), border_top_left_radius=10, border_bottom_left_radius=10)
        draw_line(surface, fonts.heading, face.name, theme.text, (rect.x + 18, rect.y + 6), rect.width - 28)
        note = plate_note(face, speaking, self.speech.done)
        if fonts.small.width(note) > rect.width - 28 and SEPARATOR in note:
            note = note.split(SEPARATOR, 1)[1]  # a narrow plate: what they are doing matters more than the role
        draw_line(surface, fonts.small, note, theme.muted, (rect.x + 18, rect.y + 10 + fonts.heading.line_height), rect.width - 28)

    def _draw_cast(self, surface: pygame.Surface, strip: pygame.Rect) -> None:
        """Everyone in the scene (never the narrator), small, each with their own face; the one on stage outlined."""
        theme, fonts = self.app.theme, self.app.fonts
        cast = self.stage.cast
        shown, _speaking = self._shown()
        on_stage = shown.cast_id if shown is not None else None
        widths = cast_cells(fonts.small, [person.name for person in cast], strip.width)
        x = strip.x
        side = max(24, min(48, min(widths, default=48) - 4))  # one size for every face; they shrink before the names are squeezed
        for person, width in zip(cast, widths):
            cell = pygame.Rect(x, strip.y, width, strip.height)
            x += width
            face = pygame.Rect(0, 0, side, side)
            face.midtop = (cell.centerx, cell.y + (48 - side) // 2)
            draw_face(surface, face, person.cast_id, person.expression, theme, False, 0.0, person.name)
            if person.cast_id == on_stage:
                pygame.draw.rect(surface, theme.focus, face.inflate(6, 6), width=3, border_radius=8)
            colour = theme.text if person.cast_id == on_stage else theme.muted
            y = cell.y + 48 + 4
            room = cell.width - 2
            if " " not in person.name and fonts.small.advance(person.name) > room:  # a Chinese name over two lines: halves, 欧阳 / 店长
                room = min(room, name_width(fonts.small, person.name))
            for line in wrap(fonts.small, person.name, room, 2):  # a long name takes two lines
                draw_line(surface, fonts.small, line, colour, (cell.centerx, y), cell.width - 2, "center")
                y += fonts.small.line_height

    def _draw_meters(self, surface: pygame.Surface) -> list[pygame.Rect]:
        assert self.view is not None
        theme, fonts = self.app.theme, self.app.fonts
        specs = self.playthrough.session.scenario.meters
        rects = []
        for rect, (name, spec) in zip(self.view.meters, specs.items()):
            surface.fill(theme.background, rect)
            charts.draw_meter(surface, rect, spec.label, self.meters[name].value, spec.min, spec.max, theme, fonts.body, not spec.good_high, fonts.small)
            rects.append(rect)
        return rects

    def _draw_bubble_frame(self, surface: pygame.Surface) -> None:
        """The bubble with a tail pointing at the speaker's face."""
        assert self.view is not None
        theme, bubble = self.app.theme, self.bubble
        pygame.draw.rect(surface, theme.bubble, bubble, border_radius=14)
        face = self.view.face
        if self.view.wide:
            tip_y = min(max(face.centery, bubble.y + 24), bubble.bottom - 24)
            tail = [(bubble.x + 1, tip_y - 12), (bubble.x + 1, tip_y + 12), (bubble.x - GAP, tip_y)]
        else:
            tip_x = min(max(face.centerx, bubble.x + 30), bubble.right - 30)
            tail = [(tip_x - 12, bubble.y + 1), (tip_x + 12, bubble.y + 1), (tip_x, bubble.y - GAP + 4)]
        pygame.draw.polygon(surface, theme.bubble, tail)

    def _draw_bubble_text(self, surface: pygame.Surface) -> pygame.Rect:
        """The newest rows that fit (earlier turns above the lines said now, the partly typed line
        clipped from its whole rendering), or the rows `back` from there; markers say what is hidden."""
        theme, rect, font = self.app.theme, self.bubble_text, self.bubble_font
        small = self.app.fonts.small
        surface.fill(theme.bubble, rect)
        rows = self.history + self._revealed_rows()
        self.back = min(self.back, max(len(rows) - 1, 0))
        upto = rows[: len(rows) - self.back]
        shown = newest_rows(upto, rect.height + 1, font.line_height)
        self.hidden_above = len(upto) - len(shown)
        y = rect.y
        segments = self.speech.segments
        after_past = False  # the row above was an earlier turn's: the lines said now start under a rule
        for kind, text, index, first in shown:
            if y + font.line_height > rect.bottom + 1:
                break
            if index != PAST and after_past:
                pygame.draw.line(surface, blend(theme.bubble, theme.bubble_text, 0.3), (rect.x, y - 1), (rect.right, y - 1))
            after_past = index == PAST
            if kind == "label":
                draw_line(surface, small, text.upper(), theme.bubble_accent, (rect.x, y + 2), rect.width)
                y += font.line_height + 2
                continue
            if kind == "quiet":
                draw_line(surface, font, text, theme.bubble_text, (rect.x, y), rect.width)
                break
            if index == PAST:
                image = font.render(text, theme.bubble_text)
                surface.blit(image, (rect.x + (12 if kind == "mine" else 0), y))
                y += font.line_height
                continue
            shown_chars = segments[index].writer.shown - first
            image = font.render(text, theme.bubble_text)
            if shown_chars >= len(text):
                surface.blit(image, (rect.x, y))
            else:
                surface.blit(image, (rect.x, y), pygame.Rect(0, 0, font.width(text[:shown_chars]), image.get_height()))
            y += font.line_height
        marks = []
        if self.hidden_above:
            marks.append(_("▲ earlier: PgUp or wheel"))
        if self.back:
            marks.append(_("▼ newer: PgDn"))
        if marks:
            tag = small.render("  ".join(marks), theme.bubble_accent)
            spot = tag.get_rect(topright=(rect.right, rect.y))
            surface.fill(theme.bubble, spot.inflate(12, 0))
            surface.blit(tag, spot)
        return rect
