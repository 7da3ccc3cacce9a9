"""The scenario picker: title, difficulty, skills, minutes, the trainee's best and band, new or played.

`f` cycles the skill filter, `m` switches practice and ranked, Enter or a click plays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from game.play.catalog import Entry
from game.play.views import PickerRow
from game.store.display import printable
from game.tui.lifecycle import while_attached

if TYPE_CHECKING:
    from game.tui.app import DojoApp

COLUMNS = ("Scenario", "Level", "Skills", "Min", "Your best", "Status")


def row_for(row: PickerRow) -> tuple[Text, ...]:
    """One table row, every cell literal text."""
    return (
        Text(row.title, style="bold"),
        Text(row.level),
        Text(row.codes),
        Text(str(row.minutes)),
        Text(row.best),
        Text(row.status),
    )


class PickerScreen(Screen[None]):
    """The list of scenarios; see the module docstring."""

    DEFAULT_CSS = """
    PickerScreen #picker-bar { height: 1; background: $primary; padding: 0 1; }
    PickerScreen DataTable, PickerScreen #loading { height: 1fr; }
    PickerScreen #loading { padding: 1 2; }
    PickerScreen #summary { height: auto; min-height: 4; border: round $primary; padding: 0 1; }
    """

    BINDINGS = [
        Binding("f", "filter", "Filter by skill"),
        Binding("m", "mode", "Practice/Ranked"),
        Binding("l", "boards", "Leaderboards"),
        Binding("p", "profile", "Profile"),
        Binding("s", "settings", "Settings"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.skill: str | None = None
        self.shown: list[Entry] = []

    @property
    def dojo(self) -> DojoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """A status bar, the table (a placeholder while the pack loads) and the highlighted scenario's summary."""
        yield Static(id="picker-bar")
        if self.dojo.ready:
            yield self.new_table()
        else:
            # The first paint must be quick: the table comes when there is something to list.
            yield Static(Text("Loading the scenarios…", style="italic"), id="loading")
        yield Static(id="summary")
        yield Footer()

    @staticmethod
    def new_table() -> DataTable[Text]:
        """The empty scenario table with its columns."""
        table: DataTable[Text] = DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        return table

    @while_attached
    def on_mount(self) -> None:
        """Fill the table."""
        self.fill()

    def on_screen_resume(self) -> None:
        """Back from a run: the best scores and statuses may have changed."""
        self.fill()

    def fill(self) -> None:
        """(Re)draw the rows for the current filter, keeping the cursor where it was."""
        if not self.query(DataTable):
            self.query_one("#picker-bar", Static).update(self.bar_text())
            if self.dojo.ready:  # the pack has arrived: the table replaces the placeholder
                self.query_one("#loading").remove()
                self.mount(self.new_table(), before=self.query_one("#summary"))
                self.call_after_refresh(self.fill)
            return
        table = self.query_one(DataTable)
        row = table.cursor_row
        picker = self.dojo.picker(self.skill)
        self.shown = list(picker.entries)
        table.clear()
        for shown in picker.rows:
            table.add_row(*row_for(shown), key=shown.scenario_id)
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
        self.query_one("#picker-bar", Static).update(self.bar_text())
        self.show_summary(table.cursor_row)
        table.focus()

    def bar_text(self) -> Text:
        """Who plays, in which mode, with which filter."""
        mode = self.dojo.mode.upper()
        skill = self.skill or "all skills"
        classroom = self.dojo.controller.classroom
        where = f"class {printable(classroom.cohort)}  ·  mode {mode}" if classroom is not None else f"mode {mode} (m)"
        return Text.assemble(
            ("Service Dojo", "bold"),
            "  ·  ",
            (printable(self.dojo.profile.name), "italic"),
            f"  ·  {where}  ·  showing {skill} (f)  ·  {len(self.shown)} scenarios",
        )

    def show_summary(self, row: int) -> None:
        """The summary of the scenario under the cursor."""
        summary = self.query_one("#summary", Static)
        if not self.shown:
            summary.update(Text("No scenario trains that skill; press f for the next filter."))
            return
        scenario = self.shown[max(0, min(row, len(self.shown) - 1))].scenario
        summary.update(
            Text.assemble(
                (scenario.title, "bold"),
                f"  ·  level {scenario.difficulty}  ·  about {scenario.minutes} min  ·  trains ",
                ", ".join(scenario.skills),
                "\n",
                scenario.summary,
                ("\nEnter or click to play.", "italic"),
            )
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Follow the cursor with the summary."""
        self.show_summary(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter or a click plays the scenario."""
        event.stop()
        self.dojo.begin(self.shown[event.cursor_row])

    def action_filter(self) -> None:
        """Next skill filter: all, then each skill any scenario trains."""
        self.skill = self.dojo.controller.next_skill(self.skill)
        self.fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A class fixes the mode: its key leaves the footer."""
        if action == "mode" and self.dojo.controller.mode_locked:
            return False
        return True

    def action_mode(self) -> None:
        """Switch between practice and ranked for the next run (a class fixes the mode: says so)."""
        if self.dojo.controller.mode_locked:
            self.notify(f"The class plays in {self.dojo.mode} mode.", markup=False)
            return
        self.dojo.controller.switch_mode()
        self.fill()

    def action_boards(self) -> None:
        """Open the leaderboards."""
        self.dojo.show_boards()

    def action_profile(self) -> None:
        """Change name, cohort or team."""
        self.dojo.show_welcome()

    def action_settings(self) -> None:
        """Open the settings."""
        self.dojo.show_settings()

    def action_help(self) -> None:
        """Show every key."""
        self.dojo.show_help()

    def settings_changed(self) -> None:
        """Nothing on this screen depends on display settings beyond the theme."""
