"""The help screen (`?`): every key binding, with its id for remapping."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.lines import LineList, Row, one_line
from tui.app.shared import screen_css

BindingRows = list[tuple[str, list[tuple[str, str, str]]]]
"""Per scope: (keys as shown, description, binding id), as tui.app.bindings lists them."""


class HelpScreen(Screen["str | None"]):
    """`?`: every key binding, with its id for remapping in the config file; Enter on
    one closes the screen and does what the key does."""

    DEFAULT_CSS = screen_css("help.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, rows: BindingRows, config_path: str) -> None:
        super().__init__()
        self.binding_rows = rows
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        rows: list[Row] = []
        for scope, entries in self.binding_rows:
            rows.append(Row(None, [Text(scope, style="bold")], False))
            for keys, description, binding_id in entries:
                line = Text(no_wrap=True)
                line.append(keys.ljust(16), style="bold")
                line.append(description.ljust(24))
                line.append(binding_id, style="dim")
                rows.append(Row(binding_id, [line]))
        intro = Text("Keys", style="bold")
        intro.append(' · remap in [keys] of "id" = "key" in ', style="dim")
        intro.append(one_line(self.config_path, 200))
        yield Static(intro, id="help-title")
        help_list = LineList(id="help")
        help_list.rows = rows
        yield help_list
        yield Footer(compact=True)

    def on_mount(self) -> None:
        help_list = self.query_one("#help", LineList)
        help_list.set_rows(help_list.rows)
        help_list.focus()

    @on(LineList.Chosen, "#help")
    def _chosen(self, event: LineList.Chosen) -> None:
        if event.row.key not in ("help.close", "app.help"):
            self.dismiss(str(event.row.key))
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
