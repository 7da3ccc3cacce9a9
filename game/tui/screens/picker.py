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

from game.i18n import N_, _
from game.play.catalog import Entry
from game.play.views import PickerRow, scenario_title
from game.store.display import printable
from game.tui.drawing import Wrapped
from game.tui.language import translate_bindings
from game.tui.lifecycle import while_attached

if TYPE_CHECKING:
    from game.tui.app import DojoApp

COLUMNS = (N_("Scenario"), N_("Level"), N_("Skills"), N_("Min"), N_("Your best"), N_("Status"))


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


def skill_name(skill: str) -> str:
    """A skill as the list names it (game.play.words.skill_words: the rubric loads only once a skill is shown)."""
    from game.play.words import skill_words

    return skill_words(skill)


class PickerScreen(Screen[None]):
    """The list of scenarios; see the module docstring."""

    DEFAULT_CSS = """
    PickerScreen #picker-bar { height: 1; background: $primary; padding: 0 1; }
    PickerScreen DataTable, PickerScreen #loading { height: 1fr; }
    PickerScreen #loading { padding: 1 2; }
    PickerScreen #summary { height: auto; min-height: 4; border: round $primary; padding: 0 1; }
    """

    BINDINGS = [
        Binding("f", "filter", N_("Filter by skill")),
        Binding("m", "mode", N_("Practice/Ranked")),
        Binding("l", "boards", N_("Leaderboards")),
        Binding("p", "profile", N_("Profile")),
        Binding("s", "settings", N_("Settings")),
        Binding("question_mark", "help", N_("Help")),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
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
            yield Static(Text(_("Loading the scenarios…"), style="italic"), id="loading")
        yield Static(id="summary")
        yield Footer()

    @staticmethod
    def new_table() -> DataTable[Text]:
        """The empty scenario table with its columns."""
        table: DataTable[Text] = DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
        table.add_columns(*(_(column) for column in COLUMNS))
        return table

    @while_attached
    def on_mount(self) -> None:
        """Fill the table."""
        self.fill()

    def on_screen_resume(self) -> None:
        """Back from a run: the best scores and statuses may have changed, and the language follows no scenario now."""
        if self.dojo.screen is self:  # not when a scenario started on top before this screen first showed
            self.dojo.show_in(None)
        self.fill()

    def language_changed(self) -> None:
        """Composed again in another language: fill the new table."""
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
        mode = _("PRACTICE") if self.dojo.mode == "practice" else _("RANKED")
        skill = skill_name(self.skill) if self.skill else _("all skills")
        classroom = self.dojo.controller.classroom
        if classroom is not None:
            where = _("class {name}  ·  mode {mode}").format(name=printable(classroom.cohort), mode=mode)
        else:
            where = _("mode {mode} (m)").format(mode=mode)
        return Text.assemble(
            ("Service Dojo", "bold"),
            "  ·  ",
            (printable(self.dojo.profile.name), "italic"),
            _("  ·  {where}  ·  showing {skill} (f)  ·  {count} scenarios").format(where=where, skill=skill, count=len(self.shown)),
        )

    def show_summary(self, row: int) -> None:
        """The summary of the scenario under the cursor."""
        summary = self.query_one("#summary", Static)
        if not self.shown:
            summary.update(Text(_("No scenario trains that skill; press f for the next filter.")))
            return
        scenario = self.shown[max(0, min(row, len(self.shown) - 1))].scenario
        summary.update(  # wrapped by the shared rule: a Chinese line never starts with "。" or "，"
            Wrapped(Text.assemble(
                (scenario_title(scenario), "bold"),
                _("  ·  level {level}  ·  about {minutes} min  ·  trains {skills}").format(
                    level=scenario.difficulty, minutes=scenario.minutes, skills=_(", ").join(skill_name(skill) for skill in scenario.skills)
                ),
                "\n",
                scenario.summary,
                ("\n" + _("Enter or click to play."), "italic"),
            ))
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
            message = _("The class plays in practice mode.") if self.dojo.mode == "practice" else _("The class plays in ranked mode.")
            self.notify(message, markup=False)
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
