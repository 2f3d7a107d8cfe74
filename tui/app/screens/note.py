"""A note on a selected passage (from the reader and the tray)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.app.shared import screen_css

HINT = "Enter: new line · ctrl+s or ctrl+j: save · Esc: cancel"


class NoteScreen(ModalScreen[str | None]):
    """A note on a passage; ctrl+s (or ctrl+j, F2: some terminals keep ctrl+s for
    themselves) saves, Esc cancels (asking first when the text was changed)."""

    DEFAULT_CSS = screen_css("note.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        # not a priority binding: it waits behind the keys typed before it (a burst of
        # text then ctrl+s saves all of the text)
        Binding("ctrl+s,ctrl+j,f2", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, note: str, title: str) -> None:
        super().__init__()
        self.note = note
        self.heading = title
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(Text(self.heading, style="bold"))
            box = TextArea(self.note, id="note-input", soft_wrap=True, compact=True)
            box.cursor_blink = False
            yield box
            yield Static(Text(HINT, style="dim"), id="note-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text.strip() != self.note.strip() and not self._warned:
            self._warned = True
            warning = Text("Esc again discards your changes · ctrl+s saves", style="bold")
            self.query_one("#note-hint", Static).update(warning)
            return
        self.dismiss(None)
