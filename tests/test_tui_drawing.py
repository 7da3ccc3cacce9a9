"""Faces, bars and sparklines (game/tui/drawing.py)."""

from __future__ import annotations

from game.scenario.schema import EXPRESSIONS
from game.tui.drawing import bar, face, percent_text, sparkline
from game.tui import drawing


def test_every_expression_of_the_format_has_a_face():
    """The terminal draws exactly the closed set of expressions a scenario may name."""
    assert set(drawing.EXPRESSIONS) == set(EXPRESSIONS)


def test_faces_differ_and_name_themselves():
    """Each expression draws a different face in a box, with its name written under it."""
    drawn = {name: face(name).plain for name in EXPRESSIONS}
    assert len(set(drawn.values())) == len(EXPRESSIONS)
    for name, art in drawn.items():
        lines = art.splitlines()
        assert lines[0] == "╭─────────╮" and lines[5] == "╰─────────╯"
        assert lines[6].strip() == name.upper()


def test_bar_fills_in_eighths():
    """Bars are exactly `width` cells, full, empty and partial."""
    assert bar(0, 8) == "░" * 8
    assert bar(1, 8) == "█" * 8
    assert bar(0.5, 8) == "████░░░░"
    assert bar(0.53, 4) == "██▏░"
    assert bar(2.0, 3) == "███" and bar(-1, 3) == "░░░"


def test_words_and_numbers():
    """Sparklines and percents read without colour."""
    assert sparkline([0.0, 0.5, 1.0]) == "▁▅█"
    assert percent_text(None) == "—" and percent_text(87.6) == "88%"


def test_wrapped_text_breaks_chinese_by_cells_keeping_styles():
    """Wrapped draws a Chinese line within the width, never starting a row with '，', the speaker's style kept."""
    from rich.console import Console
    from rich.text import Text

    from game.play.lines import NO_BREAK_BEFORE
    from game.store.display import width
    from game.tui.drawing import Wrapped

    text = Text.assemble(("王女士", "bold"), ": ", "我昨天下午把一把蓝色的雨伞忘在你们收银台旁边了，那是我父亲留给我的，对我来说非常重要。")
    console = Console(width=42, record=True, color_system=None)
    console.print(Wrapped(text))
    rows = console.export_text().splitlines()
    assert len(rows) == 3 and all(width(row) <= 42 for row in rows)
    assert not any(row[:1] in NO_BREAK_BEFORE for row in rows)
    assert "".join(rows) == text.plain
    assert Wrapped(text).plain == text.plain


def test_a_face_names_its_expression_in_the_active_language_centred_by_width():
    """Under the face: 'ANGRY' in English, its Chinese name in Chinese, centred in the face's eleven columns."""
    from game.i18n import use_locale

    assert [face(name).plain.splitlines()[-1] for name in ("angry", "calm")] == ["ANGRY".center(11), "CALM".center(11)]
    use_locale("zh-Hans")
    assert face("angry").plain.splitlines()[-1] == "    生气   "
