"""The window game (`dojo gui`): pygame-ce screens over the same Session API as the terminal game.

`app.py` runs the window (main loop, screen stack, resize, fullscreen, fades, autoplay
and screenshots); `screens/` holds one module per screen; the drawing pieces (theme,
fonts, faces, charts, sound) sit beside them. A portrait is put together in `faces` from
`looks` (a person's look from a hash), `expressions` (what each expression does to the
features), `face_motion` (blinks and a speaking mouth), and the painting of `figure`,
`hair` and `face_parts` on a `canvas` with the `brush` primitives. Nothing outside this
package imports pygame.
"""

from __future__ import annotations

import os


def quiet_pygame() -> None:
    """Keep pygame's greeting off stdout; call before the first `import pygame`."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


quiet_pygame()
