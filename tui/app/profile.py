"""An entity's profile (key i on the sidebar): its names, roles, quotations, the entities
it appears with, its mentions per day as a sparkline, and its articles. Enter on any
line jumps to the passage it comes from. Read on a worker thread (tui.entities.profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from tui.app.lines import LineList, Row, one_line, plural
from tui.app.shared import screen_css
from tui.model import TYPE_LABELS, Entity

if TYPE_CHECKING:
    from tui.entities.profile import Profile, Source


def _where(source: Source) -> str:
    return (
        f"{source.published or 'undated'} · {one_line(source.title, 120)} ¶{source.paragraph + 1}"
    )


def profile_rows(p: Profile) -> list[Row]:
    """The profile's sections as list rows, each line keyed by (article id, paragraph)."""
    rows: list[Row] = []

    def head(title: str) -> None:
        rows.append(Row(None, [Text(title, style="bold")], False))

    def key(source: Source) -> tuple[str, int]:
        return (source.article_id, source.paragraph)

    if p.roles:
        head(f"Roles stated ({len(p.roles)})")
        for r in p.roles:
            rows.append(
                Row(key(r.source), [Text("  " + one_line(r.text, 200)),
                                    Text("    " + _where(r.source), style="dim")])
            )  # fmt: skip
    head(f"Quotations ({len(p.quotes)})" if p.quotes else "Quotations: none attributed")
    for q in p.quotes:
        rows.append(
            Row(key(q.source), [Text("  “" + one_line(q.text, 300) + "”", no_wrap=True),
                                Text("    " + _where(q.source), style="dim")])
        )  # fmt: skip
    if p.companions:
        head("Appears most with (articles)")
        for c in p.companions:
            line = Text(no_wrap=True)
            line.append(f"  {c.articles:>4} ", style="dim")
            line.append(one_line(c.name, 60))
            line.append(f"  {TYPE_LABELS.get(c.type, c.type)}", style="dim")
            rows.append(Row(key(c.source), [line]))
    head(f"Articles, newest first ({len(p.articles)})")
    for a in p.articles:
        line = Text(no_wrap=True)
        line.append(f"  {a.source.published or 'undated':<10} ", style="dim")
        line.append(one_line(a.source.title, 200))
        line.append(f"  ({plural(a.mentions, 'mention')})", style="dim")
        rows.append(Row(key(a.source), [line]))
    return rows


class ProfileScreen(Screen["tuple[str, int] | None"]):
    """One entity across the library; Enter jumps to a line's passage, Esc returns."""

    DEFAULT_CSS = screen_css("profile.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i", "close", "Back", id="profile.close"),
    ]

    def __init__(self, entity: Entity, stored: list[str]) -> None:
        super().__init__()
        self.entity = entity
        self.stored = stored

    def compose(self) -> ComposeResult:
        title = Text(one_line(self.entity.canonical, 120), style="bold")
        title.append(f"  {TYPE_LABELS.get(self.entity.type, self.entity.type)}", style="dim")
        yield Static(title, id="profile-title")
        yield Static(Text("Reading the library…", style="dim"), id="profile-names")
        yield Sparkline([], id="profile-days")
        yield Static(id="profile-span")
        yield LineList("Loading…", id="profile-lines")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#profile-lines", LineList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="profile")
    def load(self) -> None:
        from tui.entities.profile import build
        from tui.library import Library

        folder = self.app.folder  # type: ignore[attr-defined]
        try:
            with Library.open(folder) as lib:
                found = build(lib, self.entity.canonical, self.entity.type, self.stored)
        except Exception as exc:  # noqa: BLE001 - said on screen, the reader carries on
            message = f"The profile could not be read: {type(exc).__name__}: {exc}"
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self._loaded, found)

    def _failed(self, message: str) -> None:
        self.query_one("#profile-names", Static).update(Text(one_line(message, 300)))
        self.notify(one_line(message, 300), severity="error")

    def _loaded(self, p: Profile) -> None:
        names = Text()
        names.append(plural(p.mentions, "mention"))
        if p.aliases:
            names.append(" · as ", style="dim")
            names.append(", ".join(f"{one_line(n, 40)} ({c})" for n, c in p.aliases[:8]))
        self.query_one("#profile-names", Static).update(names)
        days = self.query_one("#profile-days", Sparkline)
        days.data = [float(n) for n in p.per_day] or [0.0]
        span = Text(style="dim")
        if p.first_day:
            busiest = max(p.per_day) if p.per_day else 0
            span.append(
                f"mentions per day, {p.first_day} to {p.last_day} "
                f"({plural(len(p.per_day), 'day')}, at most {busiest} a day)"
            )
        else:
            span.append("no dated articles: no mentions per day")
        self.query_one("#profile-span", Static).update(span)
        self.query_one("#profile-lines", LineList).set_rows(profile_rows(p))

    @on(LineList.Chosen, "#profile-lines")
    def _chosen(self, event: LineList.Chosen) -> None:
        if isinstance(event.row.key, tuple):
            self.dismiss(event.row.key)

    def action_close(self) -> None:
        self.dismiss(None)
