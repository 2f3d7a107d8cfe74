"""The article list pane: the library's articles newest first, narrowed by the chosen
entities and by the filter box, arranged by the reader's view (read state, grouping);
Enter or a click posts ArticleChosen, a change of what it shows posts Narrowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input

from tui.app.lines import LineList, Row, one_line
from tui.text import fold

if TYPE_CHECKING:
    from tui.library import ArticleSummary

Arrange = Callable[[list["ArticleSummary"]], list["ArticleSummary"]]
Decorate = Callable[["ArticleSummary", list[Text]], list[Text]]


class ArticleList(Vertical):
    """Keeps the summaries and the filters; shows the articles that pass them.

    The pane is empty in the first frame (its place kept); `fill` mounts the list."""

    article_id: reactive[str | None] = reactive(None, init=False)
    """The article open in the reader (the list's cursor follows it)."""
    passages: reactive[dict[str, list[int]] | None] = reactive(None, init=False)
    """Articles (and paragraphs) the chosen entities appear in; None: no entity filter."""
    text_filter: reactive[str] = reactive("", init=False)
    """What the filter box says (outlet, date or title)."""

    class ArticleChosen(Message):
        """The user chose an article in the list."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Narrowed(Message):
        """What the list shows changed (summaries loaded, a filter changed)."""

    def __init__(
        self,
        *,
        view_of: Arrange | None = None,
        lines_of: Decorate | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.summaries: list[ArticleSummary] | None = None  # None: still loading
        self.view_of: Arrange = view_of or (lambda summaries: summaries)
        """The reader's view of the list (unread only, grouped by feed, ...)."""
        self.lines_of: Decorate = lines_of or (lambda _s, lines: lines)
        """An article's lines with the reader's marks (unread, starred, its group)."""
        self._visible: list[ArticleSummary] | None = None
        self._index: dict[str, int] = {}
        self.filled = False

    # --- what the list shows ---------------------------------------------------------

    def set_summaries(self, summaries: list[ArticleSummary]) -> None:
        """Every article's metadata, newest first (loaded after the first frame)."""
        self.summaries = summaries
        self.redraw()

    @property
    def still_loading(self) -> bool:
        return self.summaries is None

    def shown(self) -> list[ArticleSummary]:
        """The article list as filtered now (cached until the filters change)."""
        if self._visible is None:
            summaries = self.summaries or []
            if self.passages is not None:
                summaries = [s for s in summaries if s.id in self.passages]
            if self.text_filter:
                needle = fold(self.text_filter)
                summaries = [
                    s
                    for s in summaries
                    if needle in fold(f"{s.published or ''} {s.outlet or ''} {s.title}")
                ]
            self._visible = summaries = self.view_of(summaries)
            self._index = {s.id: i for i, s in enumerate(summaries)}
        return self._visible

    def shown_ids(self) -> list[str]:
        return [s.id for s in self.shown()]

    def position(self, article_id: str | None) -> tuple[int, int] | None:
        """(index, count) of an article among those shown, or None when it is not shown."""
        total = len(self.shown())
        index = self._index.get(article_id or "")
        return None if index is None else (index, total)

    def watch_passages(self) -> None:
        self.redraw()

    def watch_text_filter(self) -> None:
        self.redraw()

    def watch_article_id(self, article_id: str | None) -> None:
        if self.filled and article_id is not None:
            self.query_one("#articles", LineList).select_key(article_id)

    def redraw(self) -> None:
        """Apply the filters and the view again and redraw (posts Narrowed)."""
        self._visible = None
        self._draw()
        self.post_message(self.Narrowed())

    def _draw(self) -> None:
        if not self.filled:
            return
        lines_of = self.lines_of
        rows = [
            Row(s.id, height=2, build=lambda s=s: lines_of(s, summary_lines(s)))  # type: ignore[misc]
            for s in self.shown()
        ]
        articles = self.query_one("#articles", LineList)
        articles.empty = "No article matches" if self.summaries is not None else "Loading…"
        articles.set_rows(rows, keep=self.article_id)

    def fill(self) -> None:
        """Mount the list itself (once, right after the first frame)."""
        if self.filled:
            return
        self.filled = True
        self.mount(LineList("Loading articles…", id="articles"))
        if self.summaries is not None:
            self._draw()

    @property
    def lines(self) -> LineList:
        return self.query_one("#articles", LineList)

    def focus_list(self) -> None:
        self.fill()
        self.lines.focus()

    @on(LineList.Chosen, "#articles")
    def _chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        assert isinstance(event.row.key, str)
        self.post_message(self.ArticleChosen(event.row.key))

    # --- the filter box ----------------------------------------------------------------

    @property
    def filter_box(self) -> Input | None:
        found = self.query("#filter")
        return found.first(Input) if found else None

    def open_filter(self) -> None:
        """Show the filter box (once) and focus it."""
        self.fill()
        box = self.filter_box
        if box is None:
            box = Input(self.text_filter, placeholder="filter: outlet, date or title", id="filter")
            box.cursor_blink = False
            self.mount(box, before=0)
        box.focus()

    def leave_filter(self) -> None:
        """Esc in the filter box: back to the list (the box goes when it is empty)."""
        box = self.filter_box
        if box is not None and not self.text_filter:
            box.remove()
        self.focus_list()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.text_filter = event.value.strip()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_list()


def summary_lines(s: ArticleSummary) -> list[Text]:
    """An article in the list: its title, then date and outlet."""
    title = Text(one_line(s.title), no_wrap=True)
    meta = Text(no_wrap=True, style="dim")
    meta.append("  " + (s.published or "undated"))
    if s.outlet:
        meta.append(" · " + one_line(s.outlet, 40))
    return [title, meta]
