"""The play screen (game/gui/screens/play.py): buttons drawn where the layout says, Chinese glyphs, coaching, typing."""

from __future__ import annotations

import pygame

from game.gui.fonts import TextCache
from game.gui.screens.play import PlayScreen, line_starts, newest_rows
from game.play.catalog import load_entry
from game.play.settings import Settings
from game.play.stage import plate_note
from scoring.rubric import default_rubric
from tests.conftest import tiny_scenario, write_scenario
from tests.test_gui_app import STEP, close, drive, entry, golden, key, make_app, number_key

CHINESE_LINE = "我等了二十分钟，生日派对就在明天下午两点，你们到底什么时候送到？"
CHINESE = tiny_scenario(
    "zh",
    f"""
    nodes:
      hello:
        say:
          - "{CHINESE_LINE}"
        choices:
          - id: listen
            text: 请您慢慢说，我在听。
            tags: [listening.let-vent]
            next: done
          - id: refuse
            text: 这不归我管。
            tags: [refusal.premature]
            next: done
    endings:
      done: {{outcome: resolved, title: 完成, text: 好的。}}
    """,
)


def pixels(surface: pygame.Surface, rect: pygame.Rect) -> set[tuple[int, int, int]]:
    """The distinct colours inside `rect`."""
    area = surface.subsurface(rect.clip(surface.get_rect()))
    return {tuple(area.get_at((x, y)))[:3] for x in range(0, area.get_width(), 2) for y in range(0, area.get_height(), 2)}


def test_reply_buttons_are_drawn_where_the_layout_says(tmp_path):
    """Saved to PNG and read back, each button's corner area is the button colour and its label adds ink."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        screen = app.top()
        path = tmp_path / "play.png"
        app.screenshot(path)
        image = pygame.image.load(str(path))
        theme = app.theme
        for index, button in enumerate(screen.replies.buttons):
            fill = theme.button_hover if index == screen.replies.focus else theme.button
            inside = (button.rect.right - 7, button.rect.centery)  # between the outline and the label
            assert tuple(image.get_at(inside))[:3] == fill, f"button {index + 1} is not drawn at {button.rect}"
            assert len(pixels(image, button.rect)) > 5  # number badge and label drawn on it
        below = screen.replies.buttons[-1].rect.bottom + 3
        assert tuple(image.get_at((screen.replies.buttons[0].rect.centerx, below)))[:3] != theme.button
    finally:
        close(app)


def test_the_play_screen_is_not_blank(tmp_path):
    """The rendered screen has many distinct colours (face, bubble, text, buttons)."""
    app = make_app(tmp_path, entry("angry-shoe-buyer"))
    try:
        assert len(pixels(app.surface, app.surface.get_rect())) > 200
    finally:
        close(app)


def test_chinese_is_drawn_with_glyphs_not_boxes(tmp_path):
    """Two Chinese characters render differently from each other and from the font's missing-glyph box."""
    app = make_app(tmp_path)
    try:
        cache = TextCache(24)
        first, second = cache.render("谢", (255, 255, 255)), cache.render("您", (255, 255, 255))
        missing = cache.render("\U000f0000", (255, 255, 255))  # a private-use character: no glyph, the .notdef box

        def ink(surface: pygame.Surface) -> bytes:
            return pygame.image.tobytes(surface, "RGBA")

        assert ink(first) != ink(second)
        assert first.get_size() != missing.get_size() or ink(first) != ink(missing)
        assert ink(second) != ink(missing)
    finally:
        close(app)


def test_a_chinese_scenario_wraps_and_types_without_spaces(tmp_path):
    """A Chinese line wraps into several lines in a narrow window, each found in the text, and shows whole after a key."""
    path = write_scenario(tmp_path, CHINESE, "zh.yaml")
    start = load_entry(path, default_rubric())
    app = make_app(tmp_path, start, size=(640, 480), settings=Settings(text_speed="slow"))
    try:
        screen = app.top()
        rows = [row for row in screen.rows if row[0] == "text"]
        assert len(rows) >= 2 and "".join(text for _, text, _, _ in rows) == CHINESE_LINE
        assert all(CHINESE_LINE[first : first + len(text)] == text for _, text, _, first in rows)
        drive(app, key(pygame.K_SPACE, " "))
        assert screen.speech.done
        assert len(pixels(app.surface, screen.bubble_text)) > 2  # ink in the bubble
        labels = [button.label for button in screen.replies.buttons]
        assert labels == ["请您慢慢说，我在听。", "这不归我管。"]
    finally:
        close(app)


WORDED = tiny_scenario(
    "worded",
    """
    nodes:
      hello:
        say: ["Well?"]
        choices:
          - id: listen
            variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]
            tags: [listening.let-vent]
            next: done
          - id: refuse
            text: Not my problem.
            tags: [refusal.premature]
            next: done
          - id: wait
            variants: ["Hold on a moment.", "One moment, please."]
            tags: [listening.interrupt]
            next: done
    endings:
      done: {outcome: resolved, title: Done, text: Done.}
    """,
)


def test_reply_buttons_follow_the_sessions_order_and_wordings(tmp_path):
    """The buttons are the session's offered replies, numbered in its (shuffled) order and labelled with the wordings drawn; a number key makes that reply."""
    start = load_entry(write_scenario(tmp_path, WORDED, "worded.yaml"), default_rubric())
    app = make_app(tmp_path, start)
    try:
        screen = app.top()
        offered = screen.playthrough.session.offered
        assert [button.label for button in screen.replies.buttons] == [reply.text for reply in offered]
        assert [button.number for button in screen.replies.buttons] == [1, 2, 3]
        drive(app, key(pygame.K_2, "2"))
        turn = screen.playthrough.session.turns[0]
        assert (turn.choice.id, turn.text, turn.number) == (offered[1].id, offered[1].text, 2)
    finally:
        close(app)


def test_line_starts_follow_breaks_with_and_without_spaces():
    """Each wrapped line's start index is where it begins in the text, whether or not a space was dropped."""
    assert line_starts("ab cd  ef", ["ab", "cd", "ef"]) == [("ab", 0), ("cd", 3), ("ef", 7)]
    assert line_starts("我在听你说", ["我在", "听你说"]) == [("我在", 0), ("听你说", 2)]


def test_practice_shows_a_coaching_card_with_rule_ids_and_ranked_none(tmp_path):
    """After a reply in practice the card lists the reply's rule IDs; a ranked screen has no card."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        screen = app.top()
        invite = [reply.id for reply in screen.playthrough.session.replies].index("invite") + 1
        drive(app, key(pygame.K_0 + invite, str(invite)))
        assert screen.coach_rect is not None
        assert screen.scene.coaching is not None
        rules = [item.rule for item in screen.scene.coaching.items if item.kind == "behaviour"]
        assert "LIS-1" in rules
    finally:
        close(app)
    (tmp_path / "ranked").mkdir()
    ranked = make_app(tmp_path / "ranked", entry("late-birthday-parcel"), mode="ranked")
    try:
        assert ranked.top().coach_rect is None
    finally:
        close(ranked)


def test_meters_ease_toward_new_values(tmp_path):
    """With motion on, a meter's shown value moves gradually to the new one and then settles."""
    app = make_app(tmp_path, entry("late-birthday-parcel"), settings=Settings(text_speed="instant"))
    try:
        screen: PlayScreen = app.top()
        before = screen.meters["anger"].value
        invite = [reply.id for reply in screen.playthrough.session.replies].index("invite") + 1
        drive(app, key(pygame.K_0 + invite, str(invite)), frames=1)
        target = screen.playthrough.session.meters["anger"]
        shown = screen.meters["anger"].value
        assert target != before and shown != target and min(before, target) <= shown <= max(before, target)
        for _ in range(120):
            app.frame(STEP)
        assert screen.meters["anger"].value == target
    finally:
        close(app)


def test_small_window_keeps_every_reply_whole_and_the_bubble_shows_the_newest_rows(tmp_path):
    """At 800x600 on the densest moment (two speakers, four long replies) no reply is cut; the bubble keeps its latest line."""
    app = make_app(tmp_path, entry("angry-shoe-buyer"), size=(800, 600))
    try:
        screen = app.top()
        for reply in ("hear-her-out", "sum-up"):
            screen.choose([choice.id for choice in screen.playthrough.session.replies].index(reply) + 1)
            screen.speech.finish()
            app.frame(STEP)
        screen.layout((800, 600))
        for button in screen.replies.buttons:
            assert not any(line.endswith("…") for line in button.lines), f"reply cut: {button.lines}"
        shown = newest_rows(screen._revealed_rows(), screen.bubble_text.height + 1, screen.bubble_font.line_height)
        assert shown[-1] == screen._revealed_rows()[-1]  # the newest row is the one on screen
        assert shown[0][0] == "label"  # whoever speaks is named above what is shown
    finally:
        close(app)


def test_newest_rows_keep_the_latest_and_their_speakers_label():
    """Rows that do not fit are dropped from the top; the label of the first line kept goes back above it."""
    rows = [("label", "NARRATOR", 0, 0), ("text", "a", 0, 0), ("text", "b", 0, 1), ("text", "c", 0, 2), ("label", "MS LIN", 1, 0), ("text", "d", 1, 0)]
    assert newest_rows(rows, 1000, 10) == rows
    assert newest_rows(rows, 46, 10) == [("label", "NARRATOR", 0, 0), ("text", "c", 0, 2), ("label", "MS LIN", 1, 0), ("text", "d", 1, 0)]
    assert newest_rows(rows, 34, 10) == [("label", "MS LIN", 1, 0), ("text", "d", 1, 0)]  # no label left without a line


def test_the_narrator_is_never_on_stage_nor_waiting(tmp_path):
    """While the opening narration types, Mr Reyes is shown listening (not speaking, not waiting); once all shows he waits."""
    app = make_app(tmp_path, entry("haggling-client"), settings=Settings(reduced_motion=False))
    try:
        screen = app.top()
        assert screen.playthrough.session.lines[0].speaker == "narrator" and not screen.speech.done
        face, speaking = screen._shown()
        assert face.cast_id == "reyes" and not speaking
        assert plate_note(face, speaking, screen.speech.done) == "customer"
        assert screen._face_key()[0] == "reyes"
        drive(app, key(pygame.K_SPACE, " "))
        face, speaking = screen._shown()
        assert screen.speech.done and face.cast_id == "reyes" and not speaking
        assert plate_note(face, speaking, True).endswith("waiting for your reply")
    finally:
        close(app)


def test_the_cast_strip_draws_everyone_but_the_narrator_each_with_their_own_face(tmp_path):
    """In the diner the strip holds six people, no narrator; the host and the loud guest show different faces."""
    app = make_app(tmp_path, entry("wrong-fish-diner"))
    try:
        screen = app.top()
        ids = [face.cast_id for face in screen.stage.cast]
        assert "narrator" not in ids and len(ids) == len(screen.playthrough.session.scenario.cast) - 1
        faces = {face.cast_id: face.expression for face in screen.stage.cast}
        assert faces["gao"] == "annoyed" and faces["lin"] == "calm"
        assert screen.view.cast is not None
    finally:
        close(app)


def test_the_face_drawn_is_the_stages(tmp_path):
    """After every reply of the best path the face drawn is the stage's resting face (decided in game/play)."""
    app = make_app(tmp_path, entry("haggling-client"))
    try:
        screen = app.top()
        for choice in golden("haggling-client")[0][:-1]:
            drive(app, number_key(screen, choice))
            screen = app.top()
            screen.speech.finish()
            rest = screen.stage.rest
            assert screen._face_key()[:3] == (rest.cast_id, rest.expression, False)
    finally:
        close(app)


LONG_REPLY = (
    "I am so sorry about the wait tonight, and thank you for telling me straight away rather than sitting with it. "
    "Here is what I can do right now: I will take this plate back to the kitchen myself, ask the chef to cook a fresh one "
    "at once, and bring it to you within ten minutes. While you wait, a bowl of soup is on the house, and if anything "
    "else is not as you like it, tell me and I will sort it before it spoils your evening. Is that all right with you?"
)
LONG = tiny_scenario(
    "long",
    f"""
    nodes:
      hello:
        say: ["The soup is cold."]
        choices:
          - id: long
            text: "{LONG_REPLY}"
            tags: [listening.let-vent]
            next: done
          - id: short
            text: Sorry.
            tags: [listening.let-vent]
            next: done
    endings:
      done: {{outcome: resolved, title: Done, text: Fine.}}
    """,
)


def test_a_long_reply_shows_whole_when_there_is_room(tmp_path):
    """A reply of six lines or more is drawn whole (no ellipsis) at 1280x720 and 1920x1080 when the column has room."""
    path = write_scenario(tmp_path, LONG, "long.yaml")
    start = load_entry(path, default_rubric())
    for size in ((1280, 720), (1920, 1080)):
        app = make_app(tmp_path, start, size=size)
        try:
            screen = app.top()
            button = screen.replies.buttons[[r.id for r in screen.playthrough.session.offered].index("long")]
            assert not any(line.endswith("…") for line in button.lines), f"{size}: reply cut: {button.lines}"
            assert " ".join(button.lines).split() == LONG_REPLY.split()
            assert screen.replies.buttons[-1].rect.bottom <= screen.view.column.bottom
        finally:
            close(app)


def test_at_800x600_practice_keeps_a_full_coaching_card(tmp_path):
    """Table nine turn 4 at 800x600: whole replies and a full coaching card (the bubble scrolls), not a line of rule codes."""
    from game.gui import coaching

    app = make_app(tmp_path, entry("saturday-table-nine"), size=(800, 600))
    try:
        for choice in ("read-back", "ask-lulu", "small-egg"):
            drive(app, number_key(app.top(), choice))
        screen = app.top()
        assert screen.coach_rect is not None and screen.coach_rect.height >= coaching.full_height(app.fonts)
        assert screen.coach_rect.bottom <= screen.view.column.bottom
        assert screen.replies.buttons[-1].rect.bottom < screen.coach_rect.top
        for button in screen.replies.buttons:
            assert not any(line.endswith("…") for line in button.lines)
    finally:
        close(app)


def test_reduced_motion_and_undo_draw_the_resting_persons_face(tmp_path):
    """Under reduced motion, after each reply and after an undo, the big portrait is the stage's resting person (never the narrator)."""
    from game.gui.faces import draw_face

    for scenario in ("haggling-client", "saturday-table-nine", "wrong-fish-diner"):
        app = make_app(tmp_path / scenario, entry(scenario), settings=Settings(reduced_motion=True))
        try:
            choices, _ = golden(scenario)
            for index, choice in enumerate(choices[:4]):
                drive(app, number_key(app.top(), choice))
                if index == 1:
                    drive(app, key(pygame.K_u, "u"))
                screen = app.top()
                rest = screen.stage.rest
                assert rest is not None and rest.cast_id != "narrator"
                expected = pygame.Surface(app.surface.get_size())
                expected.fill(app.theme.background)
                front, _ = screen.face_rects()
                middle = front.inflate(-front.width // 3, -front.height // 3)  # the corners may show the others behind
                draw_face(expected, front, rest.cast_id, rest.expression, app.theme, False, app.seconds, rest.name)
                drawn_front = pygame.image.tobytes(app.surface.subsurface(middle), "RGB")
                assert drawn_front == pygame.image.tobytes(expected.subsurface(middle), "RGB"), (scenario, choice)
                if front == screen.view.face:  # nobody else speaks now: the whole area is that face
                    drawn = pygame.image.tobytes(app.surface.subsurface(screen.view.face), "RGB")
                    assert drawn == pygame.image.tobytes(expected.subsurface(screen.view.face), "RGB"), (scenario, choice)
                if index == 1:
                    drive(app, number_key(app.top(), choice))
        finally:
            close(app)


def test_the_bubble_keeps_a_scrollable_history_with_the_trainees_own_words(tmp_path):
    """After two replies the trainee's first reply is still in the bubble's rows; PgUp scrolls back to it and PgDn returns."""
    app = make_app(tmp_path, entry("saturday-table-nine"))
    try:
        choices, _ = golden("saturday-table-nine")
        first = app.top()
        first_words = next(reply.text for reply in first.playthrough.session.offered if reply.id == choices[0])
        for choice in choices[:2]:
            drive(app, number_key(app.top(), choice))
        screen = app.top()
        mine = " ".join(text for kind, text, *_ in screen.history if kind == "mine")
        assert first_words.split()[0] in mine and "YOU" in [text.upper() for kind, text, *_ in screen.history if kind == "label"]
        while screen.hidden_above:
            drive(app, key(pygame.K_PAGEUP))
        assert screen.back > 0
        for _ in range(100):
            if not screen.back:
                break
            drive(app, key(pygame.K_PAGEDOWN))
        assert screen.back == 0 and not any(kind == "mine" for kind, *_ in newest_rows(screen.history + screen._revealed_rows(), screen.bubble_text.height + 1, screen.bubble_font.line_height)[-2:])
    finally:
        close(app)


def test_a_moment_with_several_speakers_stages_them_together(tmp_path):
    """Table nine turn 4 (Lulu and Mr Han speak): Mr Han is drawn in front, Lulu smaller behind him, both inside the face area."""
    app = make_app(tmp_path, entry("saturday-table-nine"))
    try:
        for choice in ("read-back", "ask-lulu", "small-egg"):
            drive(app, number_key(app.top(), choice))
        screen = app.top()
        assert [face.cast_id for face in screen.group()] == ["lulu"]
        front, spots = screen.face_rects()
        assert screen._shown()[0].cast_id == "han" and len(spots) == 1
        assert all(screen.view.face.contains(rect) for rect in [front, *spots]) and spots[0].width < front.width
        assert len(pixels(app.surface, spots[0].clip(pygame.Rect(spots[0].x, spots[0].y, spots[0].width, front.y - spots[0].y)))) > 20
    finally:
        close(app)


def portrait_matches(app, screen, cast_id: str) -> bool:
    """True when the big portrait is `cast_id`'s face, resting, in some expression."""
    from game.gui.faces import draw_face
    from game.scenario.schema import EXPRESSIONS

    rect = screen.view.face
    drawn = pygame.image.tobytes(app.surface.subsurface(rect), "RGB")
    name = screen.playthrough.session.scenario.cast[cast_id].name
    for expression in EXPRESSIONS:
        expected = pygame.Surface(app.surface.get_size())
        expected.fill(app.theme.background)
        draw_face(expected, rect, cast_id, expression, app.theme, False, app.seconds, name)
        if pygame.image.tobytes(expected.subsurface(rect), "RGB") == drawn:
            return True
    return False


def last_person(session) -> str:
    """Who spoke last this turn, the narrator never counted (the person who must rest in the portrait)."""
    cast = session.scenario.cast
    return next(line.speaker for line in reversed(session.lines) if cast[line.speaker].role != "narrator")


def test_the_customer_not_the_narrator_rests_in_the_portrait_when_lines_show_at_once(tmp_path):
    """A turn ending on a narrated line shows the customer who spoke last, never the narrator: under reduced motion at every turn, and right after an undo with motion on."""
    choices, _ = golden("red-wine-intern")
    narrated = 0
    app = make_app(tmp_path / "reduced", entry("red-wine-intern"), settings=Settings(reduced_motion=True))
    try:
        for choice in choices:
            screen = app.top()
            if not isinstance(screen, PlayScreen):
                break
            cast = screen.playthrough.session.scenario.cast
            speakers = {line.speaker for line in screen.playthrough.session.lines if cast[line.speaker].role != "narrator"}
            if cast[screen.playthrough.session.lines[-1].speaker].role == "narrator" and len(speakers) == 1:
                narrated += 1
                assert portrait_matches(app, screen, last_person(screen.playthrough.session)), choice
            drive(app, number_key(screen, choice))
    finally:
        close(app)
    assert narrated >= 3  # the scenario has turns that end on the narrator: the case this test is about
    app = make_app(tmp_path / "undo", entry("red-wine-intern"), settings=Settings(reduced_motion=False))
    try:
        for choice in choices[:3]:
            for _ in range(900):  # let the lines finish typing
                if not app.busy():
                    break
                app.frame(STEP)
            drive(app, number_key(app.top(), choice))
        drive(app, key(pygame.K_u, "u"))
        screen = app.top()
        assert screen.playthrough.session.scenario.cast[screen.playthrough.session.lines[-1].speaker].role == "narrator"
        assert portrait_matches(app, screen, last_person(screen.playthrough.session))
    finally:
        close(app)


def test_the_meters_better_label_is_drawn_whole_at_every_size(tmp_path):
    """Each meter's 'better' label lies inside the meter's own rect (it was clipped at 1920x1080), at 800x600, 1280x720 and 1920x1080."""
    from tests.gui_helpers import drawn_words

    for size in ((800, 600), (1280, 720), (1920, 1080)):
        app = make_app(tmp_path / f"{size[0]}", entry("saturday-table-nine"), size=size)
        try:
            screen = app.top()
            hints = [item for item in drawn_words(app) if item.text.endswith("better")]
            assert len(hints) == len(screen.view.meters) >= 1, size
            for hint, meter in zip(hints, screen.view.meters):
                assert meter.contains(hint.rect), (size, hint.rect, meter)
        finally:
            close(app)


def test_cast_names_and_the_footer_are_whole_at_800x600(tmp_path):
    """At 800x600 each person in the cast strip has their whole name (over two lines if need be) and the key-hint line cuts no item."""
    from tests.gui_helpers import drawn_words

    for scenario in ("saturday-table-nine", "angry-shoe-buyer"):
        app = make_app(tmp_path / scenario, entry(scenario), size=(800, 600))
        try:
            screen = app.top()
            strip = screen.view.cast
            words = drawn_words(app)
            shown = " ".join(item.text for item in words if strip.contains(item.rect))
            assert "…" not in shown
            for person in screen.stage.cast:
                assert person.name in shown, person.name
            footer = [item.text for item in words if item.rect.top >= screen.view.footer.top]
            assert len(footer) == 1 and "…" not in footer[0] and "?: help" in footer[0], footer
        finally:
            close(app)


def test_cast_cells_fit_each_name_or_fall_back_to_equal_cells():
    """Cells are as wide as each name needs (broken between words) with the rest shared out; names that cannot all fit get equal cells."""
    from game.gui.screens.play import cast_cells, name_width

    cache = TextCache(16)
    names = ["Tom", "Woman by the mirror"]
    assert name_width(cache, "Woman by the mirror") == max(cache.advance("Woman by"), cache.advance("the mirror"))
    cells = cast_cells(cache, names, 160)
    assert sum(cells) <= 160 and cells[1] - cells[0] == name_width(cache, names[1]) + 2 - max(36, cache.advance("Tom") + 2)
    assert cast_cells(cache, names, 60) == [30, 30]


def test_a_meter_label_is_whole_at_800x600(tmp_path):
    """At 800x600 'Feels welcome' shows whole beside its reading (smaller type first, the reading's word last), never 'Feels…'."""
    from tests.gui_helpers import drawn_words

    app = make_app(tmp_path, entry("careless-remark"), size=(800, 600))
    try:
        meter = app.top().view.meters[0]
        shown = [item.text for item in drawn_words(app) if meter.contains(item.rect)]
        assert "Feels welcome" in shown and not any("…" in text for text in shown), shown
    finally:
        close(app)


def test_replies_stay_whole_at_800x600_when_the_bubble_is_long(tmp_path):
    """At 800x600, after careless-remark's first reply, every reply shows whole (the bubble shows fewer newest rows, the card shrinks) instead of one cut line each."""
    app = make_app(tmp_path, entry("careless-remark"), size=(800, 600))
    try:
        choices, _ = golden("careless-remark")
        for choice in choices[:3]:
            drive(app, number_key(app.top(), choice))
            screen = app.top()
            for button in screen.replies.buttons:
                assert button.lines and not any(line.endswith("…") for line in button.lines), (choice, button.lines)
                assert button.rect.bottom <= screen.view.column.bottom
    finally:
        close(app)


def test_a_scrolled_bubble_leaves_no_gap_at_its_foot(tmp_path):
    """When earlier rows are hidden, the bubble ends under its last drawn row (less than a row left over), at 800x600 and 1280x720."""
    from game.gui.screens.play import newest_rows

    for size in ((800, 600), (1280, 720)):
        app = make_app(tmp_path / f"{size[0]}", entry("saturday-table-nine"), size=size)
        try:
            choices, _ = golden("saturday-table-nine")
            for choice in choices[:4]:
                drive(app, number_key(app.top(), choice))
                screen = app.top()
                rows = screen.history + screen._revealed_rows()
                line = screen.bubble_font.line_height
                shown = newest_rows(rows, screen.bubble_text.height + 1, line)
                if len(shown) == len(rows):
                    continue
                used = sum(line + (2 if row[0] == "label" else 0) for row in shown)
                assert screen.bubble_text.height - used < line, (size, choice, screen.bubble_text.height, used)
        finally:
            close(app)


def test_a_chinese_name_breaks_between_characters_to_fit_its_cell():
    """A Chinese name (no spaces) may take two lines broken between characters: its least width is the longer half."""
    from game.gui.screens.play import cast_cells, name_width

    cache = TextCache(16)
    assert name_width(cache, "欧阳店长") == max(cache.advance("欧阳"), cache.advance("店长"))
    assert name_width(cache, "镜子旁的女顾客") == max(cache.advance("镜子旁的"), cache.advance("女顾客"))
    assert cast_cells(cache, ["林女士", "镜子旁的女顾客"], 110)[1] >= name_width(cache, "镜子旁的女顾客") + 2


def test_chinese_cast_names_are_whole_at_800x600(tmp_path):
    """At 800x600 in Chinese each person in the cast strip of a Chinese scene has their whole name, over two lines if need be."""
    from game.i18n import use_locale
    from tests.gui_helpers import drawn_words
    from tests.test_gui_app import chinese_app, chinese_pack

    use_locale("zh-Hans")
    shoe = next(item for item in chinese_pack() if item.scenario.id == "angry-shoe-buyer")
    app = chinese_app(tmp_path, shoe)
    try:
        app.resize((800, 600))
        app.frame(STEP)
        screen = app.top()
        strip = screen.view.cast
        shown = "".join(item.text for item in drawn_words(app) if strip.contains(item.rect))
        assert "…" not in shown
        for person in screen.stage.cast:
            assert person.name in shown, person.name
    finally:
        close(app)
