"""The selection tray: the selected passages in order, with the one-page meter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from tui import reading
from tui.app.lines import LineList, Row, one_line, plural
from tui.app.screens.note import NoteScreen
from tui.app.shared import ReportsFailures, brief_app, change_selection, screen_css

if TYPE_CHECKING:
    from tui.app.main import BriefApp


class TrayScreen(ReportsFailures, Screen["tuple[str, int] | None"]):
    """The selection tray: selected passages in order, with the one-page meter."""

    DEFAULT_CSS = screen_css("tray.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,t", "close", "Close", id="tray.close"),
        Binding("K,shift+up", "move(-1)", "Move up", id="tray.move_up"),
        Binding("J,shift+down", "move(1)", "Move down", id="tray.move_down"),
        Binding("d,delete", "remove", "Remove", id="tray.remove"),
        Binding("a", "note", "Note", priority=True, id="tray.note"),
        Binding("u", "undo", "Undo", id="tray.undo"),
        Binding("c", "compile", "Compile", show=False, id="tray.compile"),
    ]

    meter_shown: Any = None  # the PageMeter on screen (None while measuring)

    @property
    def brief(self) -> BriefApp:
        return brief_app(self)

    def compose(self) -> ComposeResult:
        yield Static(id="tray-title")
        yield Static(id="meter")
        yield LineList("Nothing selected yet: press s on a paragraph", id="tray")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_tray()
        self.query_one("#tray", LineList).focus()

    def store(self) -> Any:
        from tui.selection import SelectionStore

        return SelectionStore(self.brief.open_library(), self.brief.selection_name)

    def refresh_tray(self, keep: object = None) -> None:
        """Read the selection again (on a worker: one query) and show it."""
        self._load_rows(self.brief.selection_name, keep)

    @work(thread=True, exclusive=True, group="tray-rows", exit_on_error=False)
    def _load_rows(self, name: str, keep: object) -> None:
        selected = self.brief.read(lambda lib: reading.selection_rows(lib, name))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_rows, name, selected, keep)

    def _show_rows(self, name: str, selected: list[reading.SelectedRow], keep: object) -> None:
        if not self.is_attached:
            return
        rows: list[Row] = []
        for n, item in enumerate(selected, 1):
            head = Text(no_wrap=True)
            head.append(f"{n:>2}. ", style="bold")
            head.append(one_line(item.title, 120))
            head.append(f"  ¶ {item.paragraph + 1}", style="dim")
            lines = [head, Text("    " + one_line(item.text, 300), no_wrap=True)]
            if item.note:
                note = Text("    note: ", style="dim", no_wrap=True)
                note.append(one_line(item.note, 300), style="italic")
                lines.append(note)
            rows.append(Row((item.article_id, item.paragraph), lines))
        title = Text(f"Selection “{one_line(name, 60)}” · {plural(len(selected), 'passage')}",
                     style="bold")  # fmt: skip
        self.query_one("#tray-title", Static).update(title)
        self.query_one("#tray", LineList).set_rows(rows, keep=keep)
        self.meter_shown = None
        if selected:
            self.query_one("#meter", Static).update(Text("Measuring the brief…", style="dim"))
            self.measure()
        else:
            self.query_one("#meter", Static).update(Text(""))

    @work(thread=True, exclusive=True, group="tray-meter", exit_on_error=False)
    def measure(self) -> None:
        """The meter of the brief the selection compiles to, off the UI thread."""
        from tui.app.meter import measure_selection

        try:
            meter = measure_selection(self.brief.folder, self.brief.settings.selection)
        except Exception as exc:  # the brief stage reports its own failures
            message = f"Cannot measure the brief: {one_line(str(exc), 200)}"
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show_meter, Text(message, style="bold"), None)
            return
        if not get_current_worker().is_cancelled:
            from tui.app.meter import meter_bar

            self.app.call_from_thread(self._show_meter, meter_bar(meter), meter)

    def _show_meter(self, bar: Text, meter: Any) -> None:
        if not self.is_attached:
            return  # the tray was closed while the brief was measured
        self.meter_shown = meter
        self.query_one("#meter", Static).update(bar)

    def _current(self) -> tuple[str, int] | None:
        row = self.query_one("#tray", LineList).current
        return row.key if row is not None else None  # type: ignore[return-value]

    def action_move(self, delta: int) -> None:
        current = self._current()
        if current is None:
            return
        if change_selection(self.app, lambda: self.store().move(*current, delta)):
            self.refresh_tray(keep=current)

    def action_remove(self) -> None:
        current = self._current()
        if current is None:
            return
        if not change_selection(self.app, lambda: self.store().remove(*current)):
            return
        self.refresh_tray()
        self.notify(f"Removed ¶ {current[1] + 1} from the selection (u undoes)", timeout=3)

    def action_undo(self) -> None:
        self.brief.undo_selection()

    def selection_changed(self) -> None:
        """The selection changed (an undo, another process): show it again."""
        self.refresh_tray(keep=self._current())

    def action_note(self) -> None:
        current = self._current()
        if current is None:
            return
        note = next(
            (i.note for i in self.store().items() if (i.article_id, i.paragraph) == current), ""
        )

        def save(value: str | None) -> None:
            if value is None or current is None or value.strip() == note:
                return
            if change_selection(self.app, lambda: self.store().set_note(*current, value)):
                self.refresh_tray(keep=current)

        self.brief.open_screen(NoteScreen(note, f"Note for ¶ {current[1] + 1}"), save)

    @on(LineList.Chosen, "#tray")
    def _chosen(self, event: LineList.Chosen) -> None:
        self.dismiss(event.row.key)  # type: ignore[arg-type]

    def action_close(self) -> None:
        self.dismiss(None)

    def action_compile(self) -> None:
        from tui.app.screens.compile_dialog import open_compile_dialog

        open_compile_dialog(self.brief)
