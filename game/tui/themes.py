"""Textual's colour themes by their names in the active language, for the command palette's theme list.

The palette's "Theme" command lists every registered Textual theme by its id ("textual-dark",
"nord") and sets the one picked. The game shows the same list with each theme named in the
active language (the ids are the English names, as Textual shows them); picking one still
sets the theme by its id, and nothing of the list is stored: the settings keep their own
"dark" or "light".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.theme import ThemeProvider

from game.i18n import N_, _

# Translators: the names of the terminal's colour themes (Textual's, and the game's high contrast),
# listed by the command palette's "Theme" command. Each English name is the theme's id.
THEME_WORDS = {
    "ansi-dark": N_("ansi-dark"),
    "ansi-light": N_("ansi-light"),
    "atom-one-dark": N_("atom-one-dark"),
    "atom-one-light": N_("atom-one-light"),
    "catppuccin-frappe": N_("catppuccin-frappe"),
    "catppuccin-latte": N_("catppuccin-latte"),
    "catppuccin-macchiato": N_("catppuccin-macchiato"),
    "catppuccin-mocha": N_("catppuccin-mocha"),
    "dojo-high-contrast": N_("dojo-high-contrast"),
    "dracula": N_("dracula"),
    "flexoki": N_("flexoki"),
    "gruvbox": N_("gruvbox"),
    "monokai": N_("monokai"),
    "nord": N_("nord"),
    "rose-pine": N_("rose-pine"),
    "rose-pine-dawn": N_("rose-pine-dawn"),
    "rose-pine-moon": N_("rose-pine-moon"),
    "solarized-dark": N_("solarized-dark"),
    "solarized-light": N_("solarized-light"),
    "textual-ansi": N_("textual-ansi"),  # Textual 8.0 and 8.1; later ones call it ansi-dark
    "textual-dark": N_("textual-dark"),
    "textual-light": N_("textual-light"),
    "tokyo-night": N_("tokyo-night"),
}
# The theme list's search box (Textual's own says "Search for themes…").
THEME_PLACEHOLDER = N_("Search for themes…")


def theme_title(name: str) -> str:
    """A theme's name in the active language; the id itself for a theme the game does not know."""
    words = THEME_WORDS.get(name)
    return _(words) if words is not None else name


class ThemeNames(ThemeProvider):
    """Textual's theme list with each theme named in the active language; picking one sets it by its id."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        """Each registered theme, in the order of its id: its shown name and what sets it."""
        app = self.app

        def set_app_theme(name: str) -> None:
            """Show the game in the theme called `name`."""
            app.theme = name

        return [(theme_title(name), partial(set_app_theme, name)) for name in sorted(app.available_themes)]
