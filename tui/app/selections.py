"""Named selections (`S`): every saved selection; Enter switches to one, n makes a
new one, r renames, d deletes (after asking). The name dialog and the yes/no
question are here too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

from tui.app.lines import LineList, Row, one_line, plural
from tui.app.shared import brief_app, screen_css
from tui.errors import BriefError

if TYPE_CHECKING:
    from tui.app.main import BriefApp


class NameScreen(ModalScreen[str | None]):
    """Asks for a selection's name; `check` returns why a name will not do (or None)."""

    DEFAULT_CSS = screen_css("selections.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="name.cancel"),
    ]

    def __init__(self, heading: str, value: str, check: Callable[[str], str | None]) -> None:
        super().__init__()
        self.heading = heading
        self.value = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Text(self.heading, style="bold"))
            box = Input(self.value, placeholder="a name, e.g. Afghan evacuations", id="name-input")
            box.cursor_blink = False
            yield box
            yield Static(Text("Enter saves · Esc cancels", style="dim"), id="name-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value)
        if problem:
            self.query_one("#name-hint", Static).update(Text(one_line(problem, 200), style="bold"))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuestionScreen(ModalScreen[bool]):
    """A yes/no question: y says yes; n or Esc says no."""

    DEFAULT_CSS = screen_css("selections.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="question.yes"),
        Binding("n,escape", "answer(False)", "No", id="question.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="question-box"):
            yield Static(Text(self.question))
            yield Static(Text("y: yes · n or Esc: no", style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class SelectionsScreen(Screen[None]):
    """`S`: every saved selection; Enter switches, n creates, r renames, d deletes."""

    DEFAULT_CSS = screen_css("selections.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S", "close", "Close", id="selections.close"),
        Binding("n", "create", "New", id="selections.create"),
        Binding("r,f2", "rename", "Rename", id="selections.rename"),
        Binding("d,delete", "delete", "Delete", id="selections.delete"),
    ]

    @property
    def brief(self) -> BriefApp:
        return brief_app(self)

    def compose(self) -> ComposeResult:
        yield Static(id="selections-title")
        yield LineList("No selections yet: n makes one", id="selections")
        yield Static(
            Text("Enter: switch · n: new · r: rename · d: delete · Esc: back", style="dim"),
            id="selections-hint",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.selection_changed()
        self.query_one("#selections", LineList).focus()

    def selection_changed(self) -> None:
        """Read the list again (after a change here or in another process)."""
        from tui.selection import names

        current = self.brief.selection_name
        infos = names(self.brief.open_library())
        if current not in {i.name for i in infos}:  # shown but not saved yet: list it too
            from tui.selection import SelectionInfo

            infos = [SelectionInfo(current, "", 0, ""), *infos]
        rows: list[Row] = []
        for info in infos:
            line = Text(no_wrap=True)
            mine = info.name == current
            line.append("● " if mine else "  ", style="bold")
            line.append(one_line(info.name, 60), style="bold" if mine else "")
            line.append(f"  {plural(info.count, 'passage')}", style="dim")
            if info.title:
                line.append("  “" + one_line(info.title, 80) + "”", style="italic")
            rows.append(Row(info.name, [line]))
        title = Text("Selections", style="bold")
        title.append(f" · showing “{one_line(current, 60)}”", style="dim")
        self.query_one("#selections-title", Static).update(title)
        listing = self.query_one("#selections", LineList)
        keep = listing.current.key if listing.current else current
        listing.set_rows(rows, keep=keep)

    def _current(self) -> str | None:
        row = self.query_one("#selections", LineList).current
        return row.key if row is not None else None  # type: ignore[return-value]

    @on(LineList.Chosen, "#selections")
    def _chosen(self, event: LineList.Chosen) -> None:
        assert isinstance(event.row.key, str)
        self.brief.switch_selection(event.row.key)
        self.dismiss(None)

    def _name_problem(self, name: str, allowed: str | None = None) -> str | None:
        from tui.selection import SelectionStore, check_name

        try:
            clean = check_name(name)
        except BriefError as exc:
            return str(exc)
        if clean != allowed and SelectionStore(self.brief.open_library(), clean).exists():
            return f"a selection named {clean!r} already exists"
        return None

    async def action_create(self) -> None:
        def made(name: str | None) -> None:
            if name is None:
                return
            from tui.selection import check_name, create

            try:
                store = create(self.brief.open_library(), name)
            except BriefError as exc:
                self.notify(one_line(str(exc), 200), severity="error")
                return
            self.brief.switch_selection(check_name(name), quiet=True)
            self.notify(f"Made selection “{one_line(store.name, 60)}”: "
                        "s adds passages to it", timeout=4)  # fmt: skip
            self.selection_changed()
            self.query_one("#selections", LineList).select_key(store.name)

        await self.app.push_screen(NameScreen("New selection", "", self._name_problem), made)

    async def action_rename(self) -> None:
        old = self._current()
        if old is None:
            return

        def renamed(name: str | None) -> None:
            if name is None:
                return
            from tui.selection import SelectionStore, create, rename

            lib = self.brief.open_library()
            try:
                if not SelectionStore(lib, old).exists():
                    create(lib, old)  # shown but not saved yet
                store = rename(lib, old, name)
            except BriefError as exc:
                self.notify(one_line(str(exc), 200), severity="error")
                return
            self.brief._saw_own_change()
            if self.brief.selection_name == old:
                self.brief.switch_selection(store.name, quiet=True)
            self.notify(f"Renamed “{one_line(old, 40)}” to “{one_line(store.name, 40)}”",
                        timeout=3)  # fmt: skip
            self.selection_changed()
            self.query_one("#selections", LineList).select_key(store.name)

        await self.app.push_screen(
            NameScreen(f"Rename “{one_line(old, 50)}”", old, lambda n: self._name_problem(n, old)),
            renamed,
        )

    async def action_delete(self) -> None:
        name = self._current()
        if name is None:
            return
        from tui.selection import SelectionStore

        store = SelectionStore(self.brief.open_library(), name)
        count = len(store)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                store.delete()
            except BriefError as exc:
                self.notify(one_line(str(exc), 200), severity="error")
                return
            self.brief._saw_own_change()
            self.notify(f"Deleted selection “{one_line(name, 60)}” ({plural(count, 'passage')})",
                        timeout=4)  # fmt: skip
            if self.brief.selection_name == name:
                from tui.selection import DEFAULT, names

                left = [i.name for i in names(self.brief.open_library())]
                self.brief.switch_selection(left[0] if left else DEFAULT)
            self.selection_changed()

        question = (f"Delete the selection “{one_line(name, 60)}” and its "
                    f"{plural(count, 'passage')} with their notes? This cannot be undone.")  # fmt: skip
        await self.app.push_screen(QuestionScreen(question), answered)

    def action_close(self) -> None:
        self.dismiss(None)
