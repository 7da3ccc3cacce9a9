"""The scenario picker (game/tui/screens/picker.py): rows, filter, mode, records, snapshot."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable

from game.play.catalog import Record
from game.play.views import picker_row
from game.tui.screens.picker import PickerScreen, row_for
from tests.test_tui_app import BEST, SIZE, entry, keys_for, make_app, press_all


@pytest.fixture
def app(tmp_path):
    """An app that opens on the picker; its store is closed afterwards."""
    made = make_app(tmp_path, start=False)
    yield made
    made.store.close()


def test_picker_snapshot(app, snap_compare):
    """The picker for a trainee with no runs yet: every scenario NEW."""
    assert snap_compare(app, terminal_size=SIZE)


def test_rows_show_level_record_and_status():
    """A row has stars and number, the best percent with band, and played / new / resume."""
    example = entry()
    cells = [cell.plain for cell in row_for(picker_row(example, Record(87.4, "Silver", 3), saved=False))]
    assert cells[1] == "★★☆☆☆ 2" and cells[4] == "87% Silver" and cells[5] == "played 3×"
    assert [cell.plain for cell in row_for(picker_row(example, None, saved=False))][4:] == ["—", "NEW"]
    assert row_for(picker_row(example, None, saved=True))[5].plain == "▶ resume"
    assert all(isinstance(cell, Text) for cell in row_for(picker_row(example, None, False)))


@pytest.mark.asyncio
async def test_filter_cycles_through_skills(app):
    """f shows only scenarios training the next skill; the bar names the filter."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        everything = len(picker.shown)
        skills_seen = []
        for _ in range(6):
            await press_all(pilot, ["f"])
            skills_seen.append(picker.skill)
            assert all(picker.skill is None or picker.skill in item.scenario.skills for item in picker.shown)
            assert picker.query_one(DataTable).row_count == len(picker.shown)
        assert "composure" in skills_seen and None in skills_seen
        await press_all(pilot, ["f"] * (skills_seen.index("composure") + 1))
        assert len(picker.shown) < everything
        assert "showing Composure" in picker.query_one("#picker-bar").content.plain


@pytest.mark.asyncio
async def test_mode_key_and_a_finished_run_shows_its_record(app):
    """m switches to ranked; after a best run the row shows 100% Gold and played 1×."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, ["m"])
        assert app.mode == "ranked"
        assert "mode RANKED" in app.screen.query_one("#picker-bar").content.plain
        await press_all(pilot, ["enter", *keys_for(BEST), "q"])  # the first row is the example scenario
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        row = picker.query_one(DataTable).get_row("late-birthday-parcel")
        assert row[4].plain == "100% Gold" and row[5].plain == "played 1×"


@pytest.mark.asyncio
async def test_a_chinese_list_says_which_scenes_play_in_english(tmp_path):
    """In a Chinese game, a scenario with no complete Chinese table is listed (and summed up) with a note that it plays in
    English; the translated flagship is listed by its Chinese title alone."""
    from game.play.catalog import load_entry
    from game.play.settings import Settings, save_settings
    from game.store.db import open_store
    from game.tui.app import DojoApp
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    flagship = load_entry(BUNDLED_DIR / "angry-shoe-buyer.yaml", default_rubric(), "zh-Hans")
    english = entry("drained-pool")  # no Chinese table
    assert flagship.scenario.locale == "zh-Hans" and english.scenario.locale == "en"
    save_settings(tmp_path / "settings.json", Settings(reduced_motion=True))
    app = DojoApp(
        [flagship, english], store=open_store(str(tmp_path / "dojo.db")), player="Dana", settings_path=tmp_path / "settings.json",
        seed=0, locale="zh-Hans",
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        table = app.screen.query_one(DataTable)
        titles = [table.get_row_at(row)[0].plain for row in range(table.row_count)]
        assert titles == [flagship.scenario.title, f"{english.scenario.title}（英文）"]
        await press_all(pilot, ["down"])
        summary = app.screen.query_one("#summary").content
        assert f"{english.scenario.title}（英文）" in summary.plain
    app.store.close()


@pytest.mark.asyncio
async def test_a_chinese_summary_never_starts_a_line_with_closing_punctuation(tmp_path):
    """The summary panel wraps by the shared rule: at 80 columns no line of the Chinese flagship's summary starts with "，" or "。"."""
    from game.play.catalog import load_entry
    from game.play.settings import Settings, save_settings
    from game.tui.app import DojoApp
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    flagship = load_entry(BUNDLED_DIR / "late-birthday-parcel.yaml", default_rubric(), "zh-Hans")
    save_settings(tmp_path / "settings.json", Settings(reduced_motion=True))
    app = DojoApp([flagship], player="Dana", settings_path=tmp_path / "settings.json", seed=0, locale="zh-Hans")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one("#summary")
        lines = panel.content.lines(panel.content_region.width)
        assert len(lines) > 3 and "".join(line.plain for line in lines) == panel.content.plain.replace("\n", "")
        assert not [line.plain for line in lines if line.plain[:1] in "，。、；：？！）"]
