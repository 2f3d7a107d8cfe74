"""The compile dialog: title, format and bottom line, a live page meter and a preview.

The brief is compiled with the same calls as `brief compile --selection NAME`, in a
worker thread (on its own library connection) and debounced while the user types.
Brief text is only ever shown as rich Text, never parsed as markup.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, RadioButton, RadioSet, Static, TextArea
from textual.worker import get_current_worker

from tui.app.lines import one_line, plural
from tui.app.screens.confirm import ConfirmScreen
from tui.app.shared import ReportsFailures, brief_app, screen_css
from tui.errors import BriefError, BriefFileError

if TYPE_CHECKING:
    from tui.app.main import BriefApp
    from tui.brief import Brief

DEBOUNCE = 0.3
FOREIGN_FILE = "was not written by brief"
FORMAT_KEY = "compile.format"  # library meta: the format last chosen in the dialog


@dataclass(frozen=True)
class Fields:
    """What the dialog's fields say now."""

    title: str  # '': the title drawn from the content
    fmt: str
    bluf: str | None  # None: the drafted bottom line


@dataclass(frozen=True)
class Compiled:
    """One compile of the selection, rendered."""

    fields: Fields
    brief: Brief
    content: str
    markdown: str
    missing: int


def compile_fields(folder: Path | str, selection: str, fields: Fields) -> Compiled:
    """Compile the saved selection with `fields` (blocking; opens its own connection)."""
    from tui.brief import compile_selection, render, render_markdown, today
    from tui.library import Library
    from tui.selection import SelectionStore

    with Library.open(folder) as lib:
        store = SelectionStore(lib, selection)
        brief, missing = compile_selection(
            lib, store, title=fields.title or None, bluf=fields.bluf, created=today()
        )
    markdown = render_markdown(brief)
    content = markdown if fields.fmt == "md" else render(brief, fields.fmt)
    return Compiled(fields, brief, content, markdown, len(missing))


class CompileScreen(ReportsFailures, ModalScreen[Path | None]):
    """Key c: compile the selection into a one-page brief, preview it, write or copy it."""

    DEFAULT_CSS = screen_css("compile.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Write brief", priority=True, id="compile.write"),
        Binding("ctrl+y", "copy", "Copy brief", priority=True, id="compile.copy"),
        Binding("ctrl+a", "accept", "Accept bottom line", priority=True, id="compile.accept"),
        Binding("escape", "close", "Close", id="compile.close"),
    ]

    def __init__(self, title: str, bluf: str, fmt: str = "md") -> None:
        super().__init__()
        self.initial_title = title
        self.saved_title = title
        self.saved_bluf = bluf  # the user's own bottom line ('' when drafted)
        self.fmt = fmt if fmt in ("md", "yaml") else "md"
        self.drafted: str | None = None  # the bottom line the brief drafts
        self.drawn_title = ""  # the title drawn from the content, shown until edited
        self.compiled: Compiled | None = None
        self.meter_shown: Any = None  # the PageMeter on screen
        self.accepted = False  # the user accepted the drafted bottom line as it stands
        self.written: Path | None = None
        self._timer: Any = None

    @property
    def brief(self) -> BriefApp:
        return brief_app(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="compile-box"):
            yield Static(Text("Compile a brief", style="bold"), id="compile-heading")
            with Horizontal(id="compile-body"):
                with Vertical(id="compile-form"):
                    yield Static(Text("Title", style="bold"), classes="compile-label")
                    title = Input(
                        self.initial_title,
                        placeholder="the brief's title (empty: drawn from the content)",
                        id="compile-title",
                        compact=True,
                    )
                    title.cursor_blink = False
                    yield title
                    yield Static(Text("Format", style="bold"), classes="compile-label")
                    with RadioSet(id="compile-format", compact=True):
                        yield RadioButton("Markdown", value=self.fmt == "md", id="format-md")
                        yield RadioButton("YAML", value=self.fmt == "yaml", id="format-yaml")
                    yield Static(
                        Text("Bottom line (empty: drafted)", style="bold"),
                        classes="compile-label",
                    )
                    bluf = TextArea(
                        self.saved_bluf, id="compile-bluf", soft_wrap=True, compact=True
                    )
                    bluf.cursor_blink = False
                    yield bluf
                    yield Static(Text("Compiling…", style="dim"), id="compile-meter")
                    with Horizontal(id="compile-buttons"):
                        yield Button(
                            "Write ^s", id="compile-write", variant="primary", compact=True
                        )
                        yield Button("Copy ^y", id="compile-copy", compact=True)
                        yield Button("Close", id="compile-close", compact=True)
                    yield Static(id="compile-cuts")
                with VerticalScroll(id="compile-preview-pane"):
                    yield Static(Text("Compiling…", style="dim"), id="compile-preview")
            yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#compile-title", Input).focus()
        self.recompile()

    # --- the fields ----------------------------------------------------------------

    def fields(self) -> Fields:
        title = " ".join(self.query_one("#compile-title", Input).value.split())
        if title == self.drawn_title:
            title = ""
        text = self.query_one("#compile-bluf", TextArea).text.strip()
        drafted = text and text == (self.drafted or "").strip()
        user = text if text and (not drafted or self.accepted) else None
        return Fields(title, self.fmt, user)

    def action_accept(self) -> None:
        """Accept the drafted bottom line: kept with the selection, no longer a draft."""
        area = self.query_one("#compile-bluf", TextArea)
        if not area.text.strip():
            self.notify("No bottom line to accept yet", severity="warning", timeout=3)
            return
        self.accepted = True
        self.recompile()
        self.notify("Bottom line accepted", timeout=2)

    @on(Input.Changed, "#compile-title")
    @on(TextArea.Changed, "#compile-bluf")
    def _field_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.recompile)

    @on(RadioSet.Changed, "#compile-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = "yaml" if event.pressed.id == "format-yaml" else "md"
        remember_format(self.brief, self.fmt)
        self.recompile()

    def recompile(self) -> None:
        self._timer = None
        fields = self.fields()
        self.save_fields(fields)
        self.compile_in_thread(fields)

    def save_fields(self, fields: Fields) -> None:
        """Keep the user's title and bottom line with the selection."""
        from tui.selection import SelectionStore

        bluf = fields.bluf or ""
        if fields.title == self.saved_title and bluf == self.saved_bluf:
            return
        try:
            store = SelectionStore(self.brief.open_library(), self.brief.selection_name)
            if fields.title != self.saved_title:
                store.set_title(fields.title)
            if bluf != self.saved_bluf:
                store.set_bluf(bluf)
        except (BriefError, sqlite3.Error) as exc:
            self.notify(
                f"Could not save the title and bottom line: {one_line(str(exc), 200)}",
                severity="error",
            )
        self.saved_title, self.saved_bluf = fields.title, bluf

    @work(thread=True, exclusive=True, group="compile", exit_on_error=False)
    def compile_in_thread(self, fields: Fields) -> None:
        try:
            compiled = compile_fields(self.brief.folder, self.brief.selection_name, fields)
        except Exception as exc:  # the brief stage reports its own failures
            if not get_current_worker().is_cancelled:
                message = f"{type(exc).__name__}: {exc}"
                self.app.call_from_thread(self.show_error, fields, message)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_compiled, compiled)

    def show_error(self, fields: Fields, message: str) -> None:
        if not self.is_attached or fields != self.fields():
            return
        self.compiled = None
        self.query_one("#compile-meter", Static).update(
            Text("Cannot compile: " + one_line(message, 300), style="bold")
        )
        self.query_one("#compile-preview", Static).update(Text(""))

    def _show_drawn_title(self, drawn: str) -> None:
        """Put the title drawn from the content in the (empty or still drawn) title field."""
        box = self.query_one("#compile-title", Input)
        if box.value.strip() and " ".join(box.value.split()) != self.drawn_title:
            return  # the user's own
        self.drawn_title = drawn
        if box.value != drawn:
            with box.prevent(Input.Changed):
                box.value = drawn
            box.cursor_position = len(drawn)

    def show_compiled(self, compiled: Compiled) -> None:
        from textual.css.query import NoMatches

        try:
            self._show_compiled(compiled)
        except NoMatches:  # the dialog was closed (or is closing) while the brief compiled
            return

    def _show_compiled(self, compiled: Compiled) -> None:
        from tui.app.meter import meter_bar
        from tui.brief import brief_meter

        if not self.is_attached:
            return  # the dialog was closed while the brief compiled
        self.compiled = compiled
        if not compiled.fields.title:
            self._show_drawn_title(compiled.brief.title)
        if compiled.fields.bluf is None and self.drafted is None:
            self.drafted = compiled.brief.bluf
            area = self.query_one("#compile-bluf", TextArea)
            if not area.text.strip():
                area.load_text(compiled.brief.bluf)  # the draft, to edit
        self.meter_shown = brief_meter(compiled.brief)
        bar = meter_bar(self.meter_shown)
        cuts = compiled.brief.cuts
        if cuts:
            bar.append(" (listed below)", style="dim")
        listed = Text()
        if cuts:
            listed.append(f"Changes to fit one page ({len(cuts)}):", style="bold")
            for cut in cuts:
                listed.append("\n · " + one_line(cut.describe(), 200))
        self.query_one("#compile-cuts", Static).update(listed)
        if compiled.missing:
            bar.append(
                f"\n{plural(compiled.missing, 'passage')} no longer in the library", style="dim"
            )
        bar.append(
            "\ntitle: " + ("yours" if compiled.fields.title else "drawn from the content"),
            style="dim",
        )
        status = compiled.brief.bluf_status
        said = {
            "draft": "a draft (ctrl+a accepts it; edit it to write your own)",
            "accepted": "accepted",
            "user": "yours, used as you wrote it",
        }
        bar.append("\nBottom line: ", style="bold")
        bar.append(said.get(status, status), style="reverse" if status == "draft" else "")
        self.query_one("#compile-meter", Static).update(bar)
        self.query_one("#compile-preview", Static).update(Text(compiled.content))

    # --- actions ---------------------------------------------------------------------

    def current(self) -> Compiled | None:
        """The brief as the fields say now (compiled here when the preview lags)."""
        fields = self.fields()
        if self.compiled is not None and self.compiled.fields == fields:
            return self.compiled
        try:
            compiled = compile_fields(self.brief.folder, self.brief.selection_name, fields)
        except (BriefError, sqlite3.Error, OSError) as exc:
            self.notify(one_line(str(exc), 300), title="Compile failed", severity="error")
            return None
        self.save_fields(fields)
        self.show_compiled(compiled)
        return compiled

    def action_write(self, force: bool = False) -> None:
        from tui.brief import write_brief

        compiled = self.current()
        if compiled is None:
            return
        try:
            path = write_brief(
                compiled.brief, compiled.fields.fmt, lib=self.brief.open_library(), force=force
            )
        except BriefFileError as exc:
            message = one_line(str(exc), 300)
            if FOREIGN_FILE in message and not force:
                self._confirm_replace(message)
                return
            self.notify(message, title="Not written", severity="error", timeout=10)
            return
        except (BriefError, sqlite3.Error, OSError) as exc:  # e.g. the library refuses writes
            self.notify(one_line(str(exc), 300), title="Not written", severity="error")
            return
        self.written = path
        cuts = f" ({plural(len(compiled.brief.cuts), 'cut')} to fit one page)"
        self.notify(
            f"Brief written to {one_line(str(path), 200)}" + (cuts if compiled.brief.cuts else ""),
            title="Compiled",
            timeout=8,
        )

    def _confirm_replace(self, message: str) -> None:
        path = message.split(": exists and", 1)[0]

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_write(force=True)
            else:
                self.notify("Not written: the existing file was kept", timeout=4)

        question = f"{path} exists and was not written by brief (or was edited since). Replace it?"
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_copy(self) -> None:
        compiled = self.current()
        if compiled is None:
            return
        self.app.copy_to_clipboard(compiled.content)
        words = len(compiled.content.split())
        self.notify(
            f"Copied the brief ({compiled.fields.fmt}, {words} words) to the clipboard",
            timeout=3,
        )

    def action_close(self) -> None:
        self.save_fields(self.fields())
        self.dismiss(self.written)

    @on(Button.Pressed, "#compile-write")
    def _write_pressed(self) -> None:
        self.action_write()

    @on(Button.Pressed, "#compile-copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#compile-close")
    def _close_pressed(self) -> None:
        self.action_close()


def remembered_format(app: BriefApp, default: str = "md") -> str:
    """The format last chosen in the compile dialog (kept in the library)."""
    try:
        fmt = app.open_library().get_meta(FORMAT_KEY)
    except (BriefError, sqlite3.Error):
        return default
    return fmt if fmt in ("md", "yaml") else default


def remember_format(app: BriefApp, fmt: str) -> None:
    """Keep the chosen format for the next compile (best effort)."""
    lib = app.open_library()
    with contextlib.suppress(BriefError, sqlite3.Error), lib.transaction():
        lib.set_meta(FORMAT_KEY, fmt)


def open_compile_dialog(app: BriefApp, fmt: str = "md") -> None:
    """The compile hook (key c): open the compile dialog over the saved selection.

    The dialog compiles with the same core calls as `brief compile --selection NAME`.
    """
    from tui.selection import SelectionStore

    try:
        store = SelectionStore(app.open_library(), app.selection_name)
        empty = len(store) == 0
        title, bluf = store.title, store.bluf
        fmt = remembered_format(app, fmt)
    except BriefError as exc:
        app.notify(one_line(str(exc), 200), title="Cannot compile", severity="error")
        return
    if empty:
        app.notify("Nothing to compile: select passages with s first", severity="warning")
        return
    app.open_screen(CompileScreen(title, bluf, fmt))
