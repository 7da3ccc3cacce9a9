"""The draft screen of `dojo play --watch` (game/tui/screens/draft.py): its snapshot."""

from __future__ import annotations

from tests.test_tui_app import SIZE, example_text, watched_app


def test_draft_screen_snapshot(tmp_path, snap_compare, monkeypatch):
    """A draft that does not load shows the watched file and its located error."""
    monkeypatch.chdir(tmp_path)  # the file is shown by a relative name, the same on every machine
    from pathlib import Path

    app, _ = watched_app(Path("."), example_text().replace("next: story", "next: nowhere-at-all", 1))
    assert snap_compare(app, terminal_size=SIZE)
