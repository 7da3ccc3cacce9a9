"""Screenshot sweep of the window game: every screen at every size in every theme, to look at.

Run: `SDL_VIDEODRIVER=dummy python -m tests.bench.gui_sweep --out /tmp/sweep` (the dummy
drivers are set here too). Writes `SIZE-THEME-NN-screen.png` for 800x600, 1280x720 and
1920x1080 in dark, light, dark high contrast and light high contrast: the welcome and the
profile, the picker, help, settings, the boards, a notice, the resume offer, play in
practice with the coaching card (a two-person scene and a multi-person one), play in ranked,
and the debrief of each. Nothing is asserted: the pictures are for a person to look at
(issue 17); each line a screen cuts with an ellipsis is printed, as a list of places to
look at (some cuts are by design: the debrief's one-line path, the one-line coaching card).
Settings and the database live in a temporary folder; nothing is kept.

`--locale zh-Hans` sweeps the game in Chinese: the window's words in that language, and each
scenario with a complete table for it in that language (the others as written).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import yaml

from game.gui.app import GuiApp
from game.gui.screens.play import PlayScreen
from game.i18n import use_locale
from game.play.catalog import Entry, load_folder
from game.play.settings import Settings, save_settings
from game.store.db import open_store
from scenarios import BUNDLED_DIR
from scoring.rubric import default_rubric
from tests.gui_helpers import drawn_words

SIZES = ((800, 600), (1280, 720), (1920, 1080))
THEMES = (("dark", False), ("light", False), ("dark", True), ("light", True))
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
STEP = 1 / 60


def theme_label(name: str, high: bool) -> str:
    """'dark', 'light', 'dark-hc' or 'light-hc'."""
    return f"{name}-hc" if high else name


def golden(scenario_id: str, name: str = "best") -> list[str]:
    """A golden path's reply ids."""
    data = yaml.safe_load((GOLDEN / f"{scenario_id}.yaml").read_text(encoding="utf-8"))
    return list(next(item for item in data["paths"] if item["name"] == name)["choices"])


def key(code: int, text: str = "") -> pygame.event.Event:
    """A key press."""
    return pygame.event.Event(pygame.KEYDOWN, key=code, unicode=text, mod=0, scancode=0)


class Sweep:
    """One size and theme: an app per part of the game, screenshots numbered in order."""

    def __init__(self, entries: list[Entry], out: Path, size: tuple[int, int], name: str, high: bool, folder: Path, locale: str | None = None):
        self.entries = entries
        self.locale = locale  # as --locale asks it (None: the game's own choice)
        self.out = out
        self.size = size
        self.settings = Settings(player="Dana", theme=name, high_contrast=high, reduced_motion=True)
        self.prefix = f"{size[0]}x{size[1]}-{theme_label(name, high)}"
        self.folder = folder
        self.count = 0

    def app(self, start: Entry | None = None, mode: str = "practice", player: str | None = "Dana", settings: Settings | None = None) -> GuiApp:
        """An open app on this sweep's settings file and database."""
        path = self.folder / "settings.json"
        save_settings(path, settings or self.settings)
        app = GuiApp(self.entries, start=start, store=open_store(str(self.folder / "dojo.db")), mode=mode,  # type: ignore[arg-type]
                     player=player, settings_path=path, seed=0, size=self.size, asked_locale=self.locale)
        app.open()
        self.frames(app)
        return app

    def frames(self, app: GuiApp, count: int = 3) -> None:
        """Run a few frames (and wait for the boards to be built)."""
        for _ in range(count):
            app.frame(STEP)
        settle = getattr(app.top(), "settle", None)
        if settle is not None:
            settle()
            app.frame(STEP)

    def press(self, app: GuiApp, *events: pygame.event.Event) -> None:
        """Post events, each followed by frames."""
        for event in events:
            pygame.event.post(event)
            self.frames(app)

    def shot(self, app: GuiApp, label: str) -> None:
        """Save the window now, and print any line of words the screen cut with an ellipsis."""
        self.count += 1
        app.top_dirty()
        self.frames(app, 2)
        name = f"{self.prefix}-{self.count:02d}-{label}"
        app.screenshot(self.out / f"{name}.png")
        cut = sorted({item.text for item in drawn_words(app) if item.text.endswith("…")})
        if cut:
            print(f"{name}: cut {cut}", flush=True)

    def entry(self, scenario_id: str) -> Entry:
        """A bundled scenario."""
        return next(item for item in self.entries if item.scenario.id == scenario_id)

    def play(self, app: GuiApp, choices: list[str], label: str, shots_at: tuple[int, ...]) -> None:
        """Make `choices` by number key, with screenshots before the turns in `shots_at` and of the debrief."""
        for turn, choice in enumerate(choices, start=1):
            screen = app.top()
            assert isinstance(screen, PlayScreen), label
            if turn in shots_at:
                self.shot(app, f"{label}-turn{turn}")
            ids = [reply.id for reply in screen.playthrough.session.replies]
            number = ids.index(choice) + 1
            self.press(app, key(pygame.K_0 + number, str(number)))
        self.shot(app, f"{label}-{app.top().name}")  # type: ignore[union-attr]

    def run(self) -> None:
        """Every screen once."""
        first = self.app(player=None, settings=Settings(theme=self.settings.theme, high_contrast=self.settings.high_contrast, reduced_motion=True))
        self.shot(first, "welcome")
        first.close()
        app = self.app()
        self.shot(app, "picker")
        for code, text, label in ((pygame.K_SLASH, "?", "help"), (pygame.K_s, "s", "settings"), (pygame.K_l, "l", "boards")):
            self.press(app, key(code, text))
            self.shot(app, label)
            self.press(app, key(pygame.K_ESCAPE))
        app.show_profile()
        self.frames(app)
        self.shot(app, "profile")
        self.press(app, key(pygame.K_ESCAPE))
        app.notify("Saved. Settings could not be written to the settings folder, so they last until you quit.")
        self.shot(app, "notice")
        app.close()
        app.store.close()  # type: ignore[union-attr]
        careless = self.entry("careless-remark")
        app = self.app(careless)
        self.play(app, golden("careless-remark"), "practice", (1, 2))
        app.close()
        app.store.close()  # type: ignore[union-attr]
        table = self.entry("saturday-table-nine")
        app = self.app(table)
        choices = golden("saturday-table-nine")
        self.play(app, choices[:2], "table-practice", (1, 2))
        app.close()
        app.store.close()  # type: ignore[union-attr]
        app = self.app(table)  # the saved run: the resume offer
        self.shot(app, "resume")
        self.press(app, key(pygame.K_n, "n"))
        self.play(app, choices, "table-practice-whole", ())
        app.close()
        app.store.close()  # type: ignore[union-attr]
        app = self.app(self.entry("angry-shoe-buyer"), mode="ranked")
        self.play(app, golden("angry-shoe-buyer"), "ranked", (1, 3))
        self.press(app, key(pygame.K_ESCAPE))
        self.press(app, key(pygame.K_l, "l"))
        self.shot(app, "boards-after-ranked")
        self.press(app, key(pygame.K_RIGHT))
        self.press(app, key(pygame.K_RIGHT))
        self.shot(app, "boards-per-scenario")
        app.close()
        app.store.close()  # type: ignore[union-attr]


def main() -> None:
    """Parse the options and sweep."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/sweep"))
    parser.add_argument("--size", action="append", help="only these sizes, e.g. 800x600")
    parser.add_argument("--theme", action="append", help="only these themes: dark, light, dark-hc, light-hc")
    parser.add_argument("--locale", help="the language to sweep in, e.g. zh-Hans (default: English)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    use_locale(args.locale or "en")
    entries, problems = load_folder(BUNDLED_DIR, default_rubric(), args.locale)
    assert not problems, problems
    sizes = [size for size in SIZES if not args.size or f"{size[0]}x{size[1]}" in args.size]
    themes = [theme for theme in THEMES if not args.theme or theme_label(*theme) in args.theme]
    for size in sizes:
        for name, high in themes:
            with tempfile.TemporaryDirectory() as folder:
                Sweep(entries, args.out, size, name, high, Path(folder), args.locale).run()
            print(f"{size[0]}x{size[1]} {theme_label(name, high)} done", flush=True)


if __name__ == "__main__":
    main()
