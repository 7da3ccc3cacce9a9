"""The profile screen (game/gui/screens/profile.py): typed text kept literally, Esc when editing."""

from __future__ import annotations

import pygame

from game.gui.screens.profile import ProfileScreen, hex_colour
from tests.test_gui_app import close, drive, key, make_app


def test_typed_text_reaches_the_profile_literally(tmp_path):
    """Text typed into the name field (markup-like and Chinese) becomes the profile name as typed."""
    app = make_app(tmp_path, player=None)
    try:
        profile: ProfileScreen = app.top()
        profile.set_field("name", "")
        drive(app, pygame.event.Event(pygame.TEXTINPUT, text="<i>王</i>"))
        drive(app, key(pygame.K_RETURN))
        assert app.profile.name == "<i>王</i>"
    finally:
        close(app)


def test_escape_leaves_an_edit_unchanged(tmp_path):
    """p opens the profile for editing; Esc goes back without changing the name."""
    app = make_app(tmp_path)
    try:
        drive(app, key(pygame.K_p, "p"))
        assert isinstance(app.top(), ProfileScreen)
        app.top().set_field("name", "Someone else")
        drive(app, key(pygame.K_ESCAPE))
        assert app.profile.name == "Dana" and app.top().name == "picker"
    finally:
        close(app)


def test_colours_become_hex_for_pygame_gui():
    """An RGB tuple becomes '#rrggbb'."""
    assert hex_colour((255, 8, 16)) == "#ff0810"


def test_the_empty_name_error_goes_once_a_name_is_typed(tmp_path):
    """Enter on an empty name shows an error; typing a letter clears it before Enter is pressed again."""
    app = make_app(tmp_path, player=None)
    try:
        profile: ProfileScreen = app.top()
        profile.set_field("name", "")
        drive(app, key(pygame.K_RETURN))
        assert profile.error and app.top() is profile
        drive(app, pygame.event.Event(pygame.TEXTINPUT, text="K"))
        assert profile.error == ""
    finally:
        close(app)


def test_reopening_the_profile_puts_the_cursor_after_the_name(tmp_path):
    """p opens the profile with the cursor at the end of the name: typing adds to it, not before it."""
    app = make_app(tmp_path)
    try:
        drive(app, key(pygame.K_p, "p"))
        profile = app.top()
        assert isinstance(profile, ProfileScreen)
        assert profile.entries["name"].edit_position == len("Dana")
        drive(app, pygame.event.Event(pygame.TEXTINPUT, text="x"))
        assert profile.entries["name"].get_text() == "Danax"
    finally:
        close(app)


def test_the_tagline_and_labels_are_whole_at_every_size(tmp_path):
    """At 800x600, 1280x720 and 1920x1080 the welcome card shows its tagline and field labels without an ellipsis (at 1920x1080 the tagline was cut)."""
    from tests.gui_helpers import drawn_words

    for size in ((800, 600), (1280, 720), (1920, 1080)):
        app = make_app(tmp_path / f"{size[0]}", player=None, size=size)
        try:
            assert isinstance(app.top(), ProfileScreen)
            texts = [item.text for item in drawn_words(app)]
            assert "Practise the hardest moments of customer service." in texts and not any(text.endswith("…") for text in texts), (size, texts)
        finally:
            close(app)
