"""`/`: live search over every passage; Enter jumps to a hit, Esc returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from tui.app.lines import LineList, Row, one_line, plural
from tui.app.shared import ReportsFailures, brief_app, hit_snippet, screen_css

if TYPE_CHECKING:
    from tui.app.main import BriefApp
    from tui.search import Hit


class SearchScreen(ReportsFailures, Screen["Hit | None"]):
    """`/`: live search over every passage; Enter jumps, Esc returns."""

    DEFAULT_CSS = screen_css("search.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_search", "Back", id="search.back"),
        Binding("down", "results", "Results", show=False, id="search.results"),
        Binding("enter", "jump", "Jump", show=False, id="search.jump"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.query_text = ""
        self.shown_for: str | None = None  # the query the results on screen are for
        self.jump_when_found: str | None = None  # Enter came before this query's results

    @property
    def brief(self) -> BriefApp:
        return brief_app(self)

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

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
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
        self.shown_for = query
        if self.jump_when_found is not None and self.jump_when_found == query:
            self.jump_when_found = None
            if hits:
                self.dismiss(hits[0])
                return
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
            self.jump_when_found = None
            self.query_one("#search-status", Static).update(Text(one_line(message, 200)))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the box: the highlighted result, or the first one once they come."""
        event.stop()
        if not event.value.strip():
            return
        if self.shown_for == event.value:
            self.action_jump()
        else:
            self.jump_when_found = event.value

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
