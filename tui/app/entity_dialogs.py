"""Small dialogs for entity corrections: a fuzzy finder over entity names, and one
dialog for a name, a type or a yes, each with "only in this article"."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from tui.app.lines import LineList, Row, one_line
from tui.app.shared import screen_css
from tui.model import TYPE_LABELS, Entity

FINDER_LIMIT = 200


def _entity_line(entity: Entity) -> Text:
    line = Text(no_wrap=True)
    line.append(f"{entity.count:>4} ", style="dim")
    line.append(one_line(entity.canonical, 60))
    line.append(f"  {TYPE_LABELS.get(entity.type, entity.type)}", style="dim")
    return line


def ranked(query: str, entities: list[Entity], limit: int = FINDER_LIMIT) -> list[Entity]:
    """Entities best matching a typed name (rapidfuzz, typos forgiven); all, most
    mentioned first, when nothing is typed."""
    if not query.strip():
        return sorted(entities, key=lambda e: (-e.count, e.canonical))[:limit]
    from rapidfuzz import fuzz, process, utils

    names = [e.canonical for e in entities]
    found = process.extract(
        query, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit,
        score_cutoff=50,
    )  # fmt: skip
    return [entities[i] for _, _, i in sorted(found, key=lambda f: (-f[1], -entities[f[2]].count))]


class EntityFinder(ModalScreen[Entity | None]):
    """Type a few letters of an entity's name; Enter picks the highlighted one."""

    DEFAULT_CSS = screen_css("entity_dialogs.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="finder.cancel"),
        Binding("down", "results", "Results", show=False, id="finder.results"),
    ]

    def __init__(self, title: str, entities: list[Entity]) -> None:
        super().__init__()
        self.heading = title
        self.entities = entities

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(Text(one_line(self.heading, 200), style="bold"))
            box = Input(placeholder="type a name (typos are fine)", id="finder-input")
            box.cursor_blink = False
            yield box
            yield LineList("No entity matches", id="finder-list")
            yield Static(Text("Enter picks · ↓ the list · Esc cancels", style="dim"))

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    def _show(self, query: str) -> None:
        rows = [Row(e, [_entity_line(e)]) for e in ranked(query, self.entities)]
        self.query_one("#finder-list", LineList).set_rows(rows)

    @on(Input.Changed, "#finder-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#finder-input")
    def _submitted(self) -> None:
        row = self.query_one("#finder-list", LineList).current
        if row is not None:
            self.dismiss(row.key)  # type: ignore[arg-type]

    @on(LineList.Chosen, "#finder-list")
    def _chosen(self, event: LineList.Chosen) -> None:
        self.dismiss(event.row.key)  # type: ignore[arg-type]

    def action_results(self) -> None:
        self.query_one("#finder-list", LineList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class CorrectionDialog(ModalScreen["tuple[str, bool] | None"]):
    """Asks for a name (an input), a type (a list) or a yes (Enter); with a box to
    make the correction for the open article only. Dismissed with (answer, article only)."""

    DEFAULT_CSS = screen_css("entity_dialogs.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="correction.cancel"),
        Binding("ctrl+o", "only_here", "Only this article", id="correction.only_article"),
    ]

    def __init__(
        self,
        title: str,
        *,
        value: str | None = None,
        choices: list[str] | None = None,
        article: bool = False,
        hint: str = "",
    ) -> None:
        super().__init__()
        self.heading = title
        self.value = value
        self.choices = choices
        self.article = article
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(Text(one_line(self.heading, 300), style="bold"))
            if self.hint:
                yield Static(Text(one_line(self.hint, 300), style="dim"))
            if self.choices is not None:
                rows = [Row(c, [Text(TYPE_LABELS.get(c, c))]) for c in self.choices]
                choices = LineList(id="dialog-choices")
                choices.rows = rows
                yield choices
            elif self.value is not None:
                box = Input(self.value, id="dialog-input")
                box.cursor_blink = False
                yield box
            if self.article:
                yield Checkbox("Only in this article (ctrl+o)", id="dialog-only")
            yield Static(Text("Enter: do it · Esc: cancel", style="dim"))

    def on_mount(self) -> None:
        if self.choices is not None:
            choices = self.query_one("#dialog-choices", LineList)
            choices.set_rows(choices.rows)
            choices.focus()
        elif self.value is not None:
            self.query_one(Input).focus()

    def _only(self) -> bool:
        found = self.query("#dialog-only")
        box = found.first() if found else None
        return isinstance(box, Checkbox) and box.value

    def action_only_here(self) -> None:
        found = self.query("#dialog-only")
        if found:
            box = found.first()
            assert isinstance(box, Checkbox)
            box.value = not box.value

    @on(Input.Submitted, "#dialog-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = one_line(event.value, 200)
        if value:
            self.dismiss((value, self._only()))

    @on(LineList.Chosen, "#dialog-choices")
    def _chosen(self, event: LineList.Chosen) -> None:
        self.dismiss((str(event.row.key), self._only()))

    def key_enter(self) -> None:
        if self.choices is None and self.value is None:
            self.dismiss(("yes", self._only()))

    def action_cancel(self) -> None:
        self.dismiss(None)
