"""A person's look, derived from a hash of their cast id and name.

`look_for(cast_id, name)` picks skin tone, face shape, hair style and colour, eyes,
clothes, glasses, beard and earrings from a SHA-256 of the id and name, so the same person
always looks the same and needs no image files; a title at the start of the name ("Mr",
"Mrs", ...) narrows the hair styles and allows a beard. Nothing here draws.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from game.gui.theme import RGB

BLINK_PERIOD = 4.2  # seconds between blinks (each look carries its own offset within it)

SKINS: tuple[RGB, ...] = (
    (255, 226, 204), (246, 208, 176), (234, 186, 146), (214, 160, 118),
    (186, 128, 88), (150, 98, 64), (116, 74, 50), (240, 198, 160),
)
HAIR_COLOURS: tuple[RGB, ...] = (
    (38, 32, 34), (66, 44, 32), (112, 72, 42), (160, 82, 44),
    (212, 168, 92), (150, 148, 150), (222, 220, 214), (48, 40, 62),
)
EYE_COLOURS: tuple[RGB, ...] = ((74, 46, 30), (112, 72, 40), (128, 110, 52), (64, 128, 84), (58, 108, 176), (96, 112, 128))
CLOTHES: tuple[RGB, ...] = (
    (38, 150, 150), (228, 108, 88), (220, 168, 52), (52, 78, 138), (132, 74, 134),
    (62, 132, 84), (88, 150, 218), (152, 46, 66), (84, 88, 100), (232, 138, 54),
)
BACKDROPS: tuple[RGB, ...] = (
    (120, 180, 220), (240, 180, 120), (170, 210, 150), (210, 170, 220),
    (240, 210, 120), (150, 200, 200), (230, 150, 160), (180, 180, 230),
)
HAIR_STYLES = ("short", "side", "bob", "long", "bun", "curly", "receding", "quiff", "ponytail")
NEUTRAL_STYLES = tuple(style for style in HAIR_STYLES if style != "receding")
CLOTHES_STYLES = ("collar", "vneck", "crew", "blazer", "turtleneck")


@dataclass(frozen=True)
class Look:
    """Everything about how one cast member looks."""

    skin: RGB
    hair: RGB
    hair_style: str
    eyes: RGB
    clothes: RGB
    clothes_style: str
    backdrop: RGB
    glasses: bool
    beard: str  # "", "moustache", "beard" or "stubble"
    earrings: bool
    jaw: float  # how much the jaw narrows toward the chin
    width: float  # face width relative to the average
    blink_offset: float


# Styles a name's title suggests; with no title every style is possible and no beard is drawn.
MASCULINE_STYLES = ("short", "side", "quiff", "receding", "curly")
FEMININE_STYLES = ("bob", "long", "bun", "ponytail", "curly", "side")
MASCULINE_TITLES = ("mr", "sir", "mister", "master", "uncle", "grandpa", "father", "brother")
FEMININE_TITLES = ("mrs", "ms", "miss", "madam", "madame", "lady", "aunt", "auntie", "grandma", "mother", "sister")
# Hair colours by how often they are picked: dark and brown hair most, grey and white least.
HAIR_WEIGHTS = (5, 5, 4, 2, 2, 1, 1, 2)


def _title(name: str) -> str:
    """'masculine', 'feminine' or '' from the first word of a name such as 'Mrs Varga'."""
    words = name.lower().replace(".", " ").split()
    first = words[0] if words else ""
    if first in MASCULINE_TITLES:
        return "masculine"
    if first in FEMININE_TITLES:
        return "feminine"
    return ""


def _pick(options: Sequence[RGB], weights: Sequence[int], byte: int) -> RGB:
    """One of `options`, chosen by `byte` with the given weights."""
    slot = byte % sum(weights)
    for option, weight in zip(options, weights):
        if slot < weight:
            return option
        slot -= weight
    return options[-1]


@lru_cache(maxsize=256)
def look_for(cast_id: str, name: str = "") -> Look:
    """The look of a cast member, the same every time for the same id and name.

    Both go into the hash: two scenarios may each call someone `lin` (Ms Lin in the shoe
    shop, Mr Lin at the diner), and two different people must not share a face. A title at
    the start of `name` ("Mr", "Mrs", "Ms", ...) narrows the hair styles and allows a beard
    for "Mr"; without one, any style and never a beard.
    """
    seed = cast_id if not name else f"{cast_id}\n{name}"
    h = hashlib.sha256(seed.encode("utf-8", "replace")).digest()
    title = _title(name)
    styles = MASCULINE_STYLES if title == "masculine" else FEMININE_STYLES if title == "feminine" else NEUTRAL_STYLES
    style = styles[h[2] % len(styles)]
    hair = _pick(HAIR_COLOURS, HAIR_WEIGHTS, h[1])
    if style == "receding" and h[3] % 3:
        hair = HAIR_COLOURS[5 + h[3] % 2]  # thinning hair is usually grey or white
    beard = ("moustache", "beard", "stubble", "", "", "")[h[9] % 6] if title == "masculine" else ""
    return Look(
        skin=SKINS[h[0] % len(SKINS)],
        hair=hair,
        hair_style=style,
        eyes=EYE_COLOURS[h[4] % len(EYE_COLOURS)],
        clothes=CLOTHES[h[5] % len(CLOTHES)],
        clothes_style=CLOTHES_STYLES[h[6] % len(CLOTHES_STYLES)],
        backdrop=BACKDROPS[h[7] % len(BACKDROPS)],
        glasses=h[8] % 10 < 3,
        beard=beard,
        earrings=title != "masculine" and style in ("bob", "long", "bun", "ponytail", "curly") and h[10] % 2 == 0,
        jaw=0.08 + (h[11] % 5) * 0.04,
        width=0.94 + (h[12] % 5) * 0.03,
        blink_offset=(h[13] / 255) * (BLINK_PERIOD - 0.6),
    )

