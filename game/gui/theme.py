"""The window game's colours: a dark and a light palette, each with a high-contrast form.

Every pair that carries words is chosen for its WCAG contrast ratio: at least 4.5:1 for
text on its background normally and at least 7:1 in high contrast (tests/test_gui_theme.py
measures them). Colour never carries meaning alone: bars have numbers, faces have names.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.play.settings import DEFAULT_THEME, THEMES

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    """The palette one screen is drawn with (every field an RGB tuple)."""

    background: RGB
    panel: RGB
    text: RGB
    muted: RGB
    accent: RGB
    good: RGB
    bad: RGB
    button: RGB
    button_hover: RGB
    button_text: RGB
    focus: RGB
    bubble: RGB
    bubble_text: RGB
    # Between good and bad (a meter in the middle); added after the shared contract fields.
    warn: RGB = (230, 170, 60)
    # Secondary words on a button or a selected row (key hints, details), and the speaker's
    # name in the speech bubble: each readable on its own background.
    button_muted: RGB = (214, 220, 232)
    bubble_accent: RGB = (36, 82, 170)
    # A reply's number badge and its digit: the badge stands out (3:1, as WCAG asks of a
    # control's parts) from the button and the selected button it sits on.
    badge: RGB = (170, 205, 255)
    badge_text: RGB = (24, 28, 38)


# Every pair of colours the screens draw words with: (text colour, background colour).
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"), ("text", "panel"), ("muted", "background"), ("muted", "panel"),
    ("accent", "background"), ("accent", "panel"), ("bubble_text", "bubble"), ("bubble_accent", "bubble"),
    ("button_text", "button"), ("button_text", "button_hover"), ("button_muted", "button"), ("button_muted", "button_hover"),
    ("badge_text", "badge"),
    ("background", "accent"), ("background", "good"), ("background", "muted"),
    ("good", "background"), ("bad", "background"), ("warn", "background"), ("good", "panel"), ("bad", "panel"), ("warn", "panel"),
)


_PALETTES: dict[tuple[str, bool], Theme] = {
    ("dark", False): Theme(
        background=(24, 28, 38),
        panel=(37, 43, 58),
        text=(236, 239, 244),
        muted=(168, 176, 192),
        accent=(110, 168, 255),
        good=(92, 204, 142),
        bad=(244, 112, 112),
        button=(55, 66, 90),
        button_hover=(74, 90, 122),
        button_text=(242, 244, 250),
        focus=(255, 204, 92),
        bubble=(248, 243, 232),
        bubble_text=(30, 32, 42),
        warn=(236, 180, 72),
        button_muted=(214, 220, 232),
        bubble_accent=(36, 82, 170),
        badge=(170, 205, 255),
        badge_text=(24, 28, 38),
    ),
    ("light", False): Theme(
        background=(243, 240, 233),
        panel=(255, 255, 255),
        text=(28, 32, 44),
        muted=(88, 94, 108),
        accent=(36, 92, 196),
        good=(22, 114, 66),
        bad=(192, 48, 48),
        button=(36, 92, 196),
        button_hover=(26, 72, 160),
        button_text=(255, 255, 255),
        focus=(196, 100, 0),
        bubble=(226, 236, 252),
        bubble_text=(24, 28, 40),
        warn=(142, 88, 0),
        button_muted=(222, 232, 252),
        bubble_accent=(24, 70, 160),
        badge=(255, 255, 255),
        badge_text=(26, 72, 160),
    ),
    # High contrast: pure black and white with yellow for what must catch the eye.
    ("dark", True): Theme(
        background=(0, 0, 0),
        panel=(18, 18, 18),
        text=(255, 255, 255),
        muted=(225, 225, 225),
        accent=(255, 230, 0),
        good=(80, 255, 140),
        bad=(255, 120, 120),
        button=(0, 0, 0),
        button_hover=(40, 40, 0),
        button_text=(255, 255, 0),
        focus=(255, 255, 0),
        bubble=(255, 255, 255),
        bubble_text=(0, 0, 0),
        warn=(255, 200, 0),
        button_muted=(235, 235, 235),
        bubble_accent=(0, 0, 170),
        badge=(255, 230, 0),
        badge_text=(0, 0, 0),
    ),
    ("light", True): Theme(
        background=(255, 255, 255),
        panel=(250, 250, 250),
        text=(0, 0, 0),
        muted=(34, 34, 34),
        accent=(0, 0, 170),
        good=(0, 100, 0),
        bad=(170, 0, 0),
        button=(0, 0, 0),
        button_hover=(0, 0, 120),
        button_text=(255, 255, 255),
        focus=(0, 0, 0),
        bubble=(255, 255, 170),
        bubble_text=(0, 0, 0),
        warn=(120, 70, 0),
        button_muted=(235, 235, 235),
        bubble_accent=(0, 0, 170),
        badge=(255, 255, 255),
        badge_text=(0, 0, 0),
    ),
}


def theme_for(name: str, high_contrast: bool) -> Theme:
    """The palette for a theme name from `settings.THEMES`; an unknown name means the default."""
    if name not in THEMES:
        name = DEFAULT_THEME
    return _PALETTES[(name, bool(high_contrast))]


def blend(first: RGB, second: RGB, amount: float) -> RGB:
    """`first` moved `amount` (0..1) of the way toward `second`."""
    amount = min(max(amount, 0.0), 1.0)
    return (
        round(first[0] + (second[0] - first[0]) * amount),
        round(first[1] + (second[1] - first[1]) * amount),
        round(first[2] + (second[2] - first[2]) * amount),
    )


def luminance(colour: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (0 black, 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
