"""The coaching card (game/gui/coaching.py): the shared coaching view drawn inside its rect, full or compact."""

from __future__ import annotations

import pygame

from game.engine.session import Session
from game.gui.coaching import draw_card, full_height
from game.play.coaching import coaching_view
from game.gui.scale import Fonts
from game.gui.theme import theme_for
from tests.test_gui_app import entry


def turn_of(choice: str):
    """The Turn made by `choice` at the start of the example scenario."""
    session = Session(entry("late-birthday-parcel").scenario, seed=0)
    return session.choose(choice)


def test_the_card_draws_inside_its_rect():
    """Drawing the full card leaves pixels outside its rect untouched."""
    pygame.font.init()
    fonts = Fonts(1280, 720)
    surface = pygame.Surface((600, 400))
    surface.fill((1, 2, 3))
    rect = pygame.Rect(50, 50, 500, max(full_height(fonts), 200))
    draw_card(surface, rect, coaching_view(turn_of("invite")), theme_for("dark", False), fonts)
    assert tuple(surface.get_at((20, 20)))[:3] == (1, 2, 3)
    assert tuple(surface.get_at((rect.right + 5, rect.bottom + 5)))[:3] == (1, 2, 3)


def test_the_card_quotes_the_wording_shown(monkeypatch):
    """'Your reply' on the card is the wording the trainee was shown (a drawn variant), not the first one written."""
    from game.gui import coaching
    from tests.conftest import MINI, scenario_from

    worded = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)
    session = Session(scenario_from(worded).scenario, seed=1)
    turn = session.choose("listen")
    assert turn.text != turn.choice.text  # seed 1 draws a later wording
    drawn: list[str] = []
    monkeypatch.setattr(coaching, "draw_line", lambda surface, cache, text, *rest, **named: drawn.append(text))
    pygame.font.init()
    fonts = Fonts(1280, 720)
    draw_card(pygame.Surface((600, 400)), pygame.Rect(0, 0, 600, max(full_height(fonts), 300)), coaching_view(turn), theme_for("dark", False), fonts)
    assert f"Your reply: {turn.text}" in drawn


def test_card_lines_never_overlap_at_any_height():
    """Table nine, turn 4 (grade and several behaviours): at every card height the lines drawn stay apart and inside."""
    from game.engine.analysis import cached_analysis
    from game.engine.review import last_row

    pygame.font.init()
    session = Session(entry("saturday-table-nine").scenario, seed=0)
    for choice in ("read-back", "ask-lulu", "small-egg"):
        turn = session.choose(choice)
    review = last_row(session, cached_analysis(session.scenario, session.scorer))
    view = coaching_view(turn, review)
    assert len(view.items) >= 3
    for size in ((1280, 720), (1920, 1080)):
        fonts = Fonts(*size)
        for height in range(full_height(fonts), full_height(fonts) + 5 * fonts.body.line_height, 3):
            rect = pygame.Rect(10, 10, 780, height)
            drawn = draw_card(pygame.Surface((800, 400)), rect, view, theme_for("dark", False), fonts)
            for index, line in enumerate(drawn):
                assert rect.contains(line), (size, height, index)
                assert all(not line.colliderect(other) for other in drawn[index + 1 :]), (size, height, index)


def test_before_any_reply_the_card_does_not_offer_undo():
    """On turn 1 there is nothing to undo: neither the card's title nor its one-line form mentions undo."""
    assert "undo" not in coaching_view(None).title and "undo" not in coaching_view(None).compact
    assert "u undoes" in coaching_view(turn_of("invite")).title


def test_an_item_without_room_for_its_words_is_counted_not_cut():
    """Table nine, turn 4: at every card height each item's words are whole or the item is among 'N more'; no item line ends in '…'."""
    from game.engine.analysis import cached_analysis
    from game.engine.review import last_row
    from tests.gui_helpers import drawn_by

    pygame.font.init()
    session = Session(entry("saturday-table-nine").scenario, seed=0)
    for choice in ("read-back", "ask-lulu", "small-egg"):
        turn = session.choose(choice)
    review = last_row(session, cached_analysis(session.scenario, session.scorer))
    view = coaching_view(turn, review)
    titles = [text for item in view.items for text in (item.heading, item.title, item.explain) if text]
    for size in ((1280, 720), (1920, 1080)):
        fonts = Fonts(*size)
        for height in range(full_height(fonts), full_height(fonts) + 5 * fonts.body.line_height, 3):
            rect = pygame.Rect(10, 10, 1000, height)
            drawn = drawn_by(lambda surface, rect=rect, fonts=fonts: draw_card(surface, rect, view, theme_for("dark", False), fonts), (1100, 500))
            cut = [item.text for item in drawn if item.text.endswith("…") and any(title.startswith(item.text[:20]) for title in titles)]
            assert not cut, (size, height, cut)

