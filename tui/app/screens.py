"""Screens over the reader: live search, the selection tray, notes, help, compile."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static, TextArea
from textual.worker import get_current_worker

from tui import reading
from tui.app import screen_css
from tui.app.lines import LineList, Row, one_line, plural
from tui.errors import BriefError
from tui.text import sanitize

if TYPE_CHECKING:
    from tui.app.main import BriefApp
    from tui.search import Hit

SNIPPET = 160


def _flat(text: str) -> str:
    """Untrusted text as one line, keeping the spaces at its ends (for joining pieces)."""
    return re.sub(r"\s+", " ", sanitize(text))


def hit_snippet(text: str, highlights: list[tuple[int, int]], width: int = SNIPPET) -> Text:
    """A one-line excerpt around the first highlight, hits in reverse bold."""
    start = max(0, (highlights[0][0] if highlights else 0) - width // 3)
    end = min(len(text), start + width)
    line = Text(no_wrap=True)
    if start > 0:
        line.append("…")
    cursor = start
    for s, e in sorted(highlights):
        s, e = max(s, cursor), min(e, end)
        if e <= s:
            continue
        line.append(_flat(text[cursor:s]))
        line.append(_flat(text[s:e]), style="reverse bold")
        cursor = e
    line.append(_flat(text[cursor:end]))
    if end < len(text):
        line.append("…")
    return line


def change_selection(app: Any, change: Callable[[], object]) -> bool:
    """Run one selection change (undoable with u); one the library refuses is reported
    and the app carries on (tui.app.selection_state)."""
    return bool(app.change_selection(change))


class SearchScreen(Screen["Hit | None"]):
    """`/`: live search over every passage; Enter jumps, Esc returns."""

    DEFAULT_CSS = screen_css("search.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_search", "Back", id="search.back"),
        Binding("down", "results", "Results", show=False, id="search.results"),
        Binding("enter", "jump", "Jump", show=False, priority=True, id="search.jump"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.query_text = ""

    @property
    def brief(self) -> BriefApp:
        from tui.app.main import BriefApp

        assert isinstance(self.app, BriefApp)
        return self.app

    def compose(self) -> ComposeResult:
        from tui.search.query import QUERY_SYNTAX  # the engine loads with the screen

        box = Input(placeholder="search every passage (typos forgiven)", id="search-input")
        box.cursor_blink = False  # no animation
        yield box
        yield Static("Type to search", id="search-status")
        yield Static(Text(QUERY_SYNTAX), id="search-help")
        yield LineList("No results", id="results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#results", LineList).display = False
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if not event.value.strip():
            self.show_hits("", [])
            return
        self.query_one("#search-status", Static).update("Searching…")
        self.run_query(event.value, self.brief.next_search())

    @work(thread=True, exclusive=True, group="search")
    def run_query(self, query: str, ticket: int) -> None:
        try:
            hits = self.brief.search(query, ticket=ticket)
        except Exception as exc:  # a bad query or a broken index is reported, not fatal
            self.app.call_from_thread(self.show_error, query, f"{type(exc).__name__}: {exc}")
            return
        worker = get_current_worker()
        if hits is None or worker.is_cancelled:
            return
        self.app.call_from_thread(self.show_hits, query, hits)

    def show_hits(self, query: str, hits: list[Hit]) -> None:
        if query != self.query_text:
            return
        self.hits = hits
        # the query syntax while nothing is typed, the results once something is
        self.query_one("#search-help", Static).display = not query.strip()
        self.query_one("#results", LineList).display = bool(query.strip())
        titles: list[Row] = []
        for hit in hits:
            head = Text(no_wrap=True)
            head.append(one_line(hit.title, 120), style="bold")
            head.append(f"  ¶ {hit.paragraph + 1}", style="dim")
            titles.append(Row(hit, [head, hit_snippet(hit.text, list(hit.highlights))]))
        self.query_one("#results", LineList).set_rows(titles)
        status = plural(len(hits), "passage") if query.strip() else "Type to search"
        self.query_one("#search-status", Static).update(status)

    def show_error(self, query: str, message: str) -> None:
        if query == self.query_text:
            self.query_one("#search-status", Static).update(Text(one_line(message, 200)))

    def action_results(self) -> None:
        self.query_one("#results", LineList).focus()

    def action_jump(self) -> None:
        row = self.query_one("#results", LineList).current
        if row is not None:
            self.dismiss(row.key)  # type: ignore[arg-type]

    @on(LineList.Chosen, "#results")
    def _chosen(self, event: LineList.Chosen) -> None:
        self.dismiss(event.row.key)  # type: ignore[arg-type]

    def action_dismiss_search(self) -> None:
        self.dismiss(None)


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


class TrayScreen(Screen["tuple[str, int] | None"]):
    """The selection tray: selected passages in order, with the one-page meter."""

    DEFAULT_CSS = screen_css("tray.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,t", "close", "Close", id="tray.close"),
        Binding("K,shift+up", "move(-1)", "Move up", id="tray.move_up"),
        Binding("J,shift+down", "move(1)", "Move down", id="tray.move_down"),
        Binding("d,delete", "remove", "Remove", id="tray.remove"),
        Binding("a", "note", "Note", id="tray.note"),
        Binding("u", "undo", "Undo", id="tray.undo"),
        Binding("c", "compile", "Compile", show=False, id="tray.compile"),
    ]

    meter_shown: Any = None  # the PageMeter on screen (None while measuring)

    @property
    def brief(self) -> BriefApp:
        from tui.app.main import BriefApp

        assert isinstance(self.app, BriefApp)
        return self.app

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
        name = self.brief.selection_name
        selected = reading.selection_rows(self.brief.open_library(), name)
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

    async def action_note(self) -> None:
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

        await self.app.push_screen(NoteScreen(note, f"Note for ¶ {current[1] + 1}"), save)

    @on(LineList.Chosen, "#tray")
    def _chosen(self, event: LineList.Chosen) -> None:
        self.dismiss(event.row.key)  # type: ignore[arg-type]

    def action_close(self) -> None:
        self.dismiss(None)

    def action_compile(self) -> None:
        open_compile(self.brief)


class HelpScreen(Screen[None]):
    """`?`: every key binding, with its id for remapping in the config file."""

    DEFAULT_CSS = screen_css("help.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        from tui.app.commands import binding_rows

        rows: list[Row] = []
        for scope, entries in binding_rows(self.app):
            rows.append(Row(None, [Text(scope, style="bold")], False))
            for keys, description, binding_id in entries:
                line = Text(no_wrap=True)
                line.append(keys.ljust(16), style="bold")
                line.append(description.ljust(24))
                line.append(binding_id, style="dim")
                rows.append(Row(binding_id, [line]))
        from tui.paths import config_file

        intro = Text("Keys", style="bold")
        intro.append(' · remap in [keys] of "id" = "key" in ', style="dim")
        intro.append(one_line(str(config_file()), 200))
        yield Static(intro, id="help-title")
        help_list = LineList(id="help")
        help_list.rows = rows
        yield help_list
        yield Footer(compact=True)

    def on_mount(self) -> None:
        help_list = self.query_one("#help", LineList)
        help_list.set_rows(help_list.rows)
        help_list.focus()

    def action_close(self) -> None:
        self.dismiss(None)


def open_compile(app: BriefApp, fmt: str = "md") -> None:
    """The compile hook (key c): open the compile dialog over the saved selection.

    The dialog compiles with the same core calls as `brief compile --selection NAME`.
    """
    from tui.app.compile import CompileScreen
    from tui.selection import SelectionStore

    try:
        store = SelectionStore(app.open_library(), app.selection_name)
        empty = len(store) == 0
        title, bluf = store.title, store.bluf
        from tui.app.compile import remembered_format

        fmt = remembered_format(app, fmt)
    except BriefError as exc:
        app.notify(one_line(str(exc), 200), title="Cannot compile", severity="error")
        return
    if empty:
        app.notify("Nothing to compile: select passages with s first", severity="warning")
        return
    app.push_screen(CompileScreen(title, bluf, fmt))
