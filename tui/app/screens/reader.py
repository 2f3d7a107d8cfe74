"""The reader screen: the article list, the article pane with its status line, and the
entity sidebar, each a widget of its own (tui.app.article_list, tui.app.article,
tui.app.status_line, tui.app.entity_sidebar); the screen keeps the state they share
(the open article, the chosen entities and where they appear, the selection) in
reactives bound into them, and answers their messages."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import get_current_worker

from tui import reading
from tui.app.article import ArticleView
from tui.app.article_list import ArticleList
from tui.app.entity_sidebar import EntitySidebar
from tui.app.feeds import FeedReading
from tui.app.lines import nothing_read, one_line, plural
from tui.app.shared import ReportsFailures, brief_app, change_selection, takes_text
from tui.app.status_line import StatusLine
from tui.errors import BriefError

if TYPE_CHECKING:
    from tui.app.main import BriefApp
    from tui.brief.compose import PageBudget
    from tui.library import ArticleSummary
    from tui.search import Hit
    from tui.selection import SelectionStore

NARROW = 120
DEMO_NOTE = "Demo: not your library · add your files: brief FILE"
SCREEN_KEYS = {"search", "note", "tray", "compile", "selections"}  # actions opening a screen


class ReaderScreen(ReportsFailures, FeedReading):
    """Read articles, follow entities, search and select passages."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # the keys that open a screen are priority bindings: they run on the app's
        # queue, so the keys typed right after them are kept for the new screen
        Binding("slash", "search", "Search", key_display="/", priority=True, id="reader.search"),
        Binding("s", "select", "Select", id="reader.select"),
        Binding("a", "note", "Note", show=False, priority=True, id="reader.note"),
        Binding("t", "tray", "Tray", priority=True, id="reader.tray"),
        Binding("S", "selections", "Selections", show=False, priority=True,
                id="reader.selections"),
        Binding("u", "undo", "Undo selection change", show=False, id="reader.undo"),
        Binding("n", "article(1)", "Next article", show=False, id="reader.next_article"),
        Binding("p", "article(-1)", "Previous article", show=False, id="reader.previous_article"),
        Binding("e", "entities", "Entities", id="reader.entities"),
        Binding("E", "scope", "Entity scope", show=False, id="reader.entity_scope"),
        Binding("full_stop", "mention(1)", "Next mention", key_display=".", show=False,
                id="reader.next_mention"),
        Binding("comma", "mention(-1)", "Previous mention", key_display=",", show=False,
                id="reader.previous_mention"),
        Binding("x", "clear_entities", "Clear entity filter", show=False, id="reader.clear_entities"),
        Binding("l", "toggle_list", "Articles", id="reader.toggle_list"),
        Binding("f", "filter", "Filter list", show=False, id="reader.filter"),
        Binding("r", "read", "Read pane", show=False, id="reader.focus_article"),
        Binding("y", "copy", "Copy ¶", show=False, id="reader.copy"),
        Binding("c", "compile", "Compile", show=False, priority=True, id="reader.compile"),
        Binding("escape", "back", "Back", show=False, id="reader.back"),
    ]  # fmt: skip

    AUTO_FOCUS = "#article"

    article_id: reactive[str | None] = reactive(None, init=False, always_update=True)
    """The article open in the pane (the list's cursor and the sidebar follow it)."""
    chosen: reactive[tuple[str, ...]] = reactive((), init=False)
    """The entities the reader filters by (the sidebar, status line and marks show them)."""
    passages: reactive[dict[str, list[int]] | None] = reactive(None, init=False)
    """Where the chosen entities all appear (article id -> paragraphs); None: no filter."""
    selection: reactive[tuple[reading.SelectedRow, ...]] = reactive((), init=False)
    """The selection the reader shows (marked in the article, counted in the status line)."""
    list_shown: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.back_stack: list[tuple[str, int, int]] = []
        self._save_timer: Any = None
        self._rest_timer: Any = None
        self.panes_ready = False  # the list and sidebar are filled after the first frame
        self.budget: PageBudget | None = None  # the page budget, loaded after the first frame
        self._page_meter: tuple[object, Any] = (None, None)  # (selection, its brief's meter)
        self._rest_after_footer = False  # start background loading once the footer is up

    @property
    def brief(self) -> BriefApp:
        return brief_app(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that open a screen type themselves into the filter box when it has focus."""
        return not (action in SCREEN_KEYS and takes_text(self.focused))

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list-pane", ArticleList)

    @property
    def sidebar(self) -> EntitySidebar:
        return self.query_one("#sidebar", EntitySidebar)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def entity_scope(self) -> str:
        return self.sidebar.scope

    def compose(self) -> ComposeResult:
        # decided before the first styling: changing a class later restyles every widget
        self.set_class(self.app.size.width < NARROW, "-narrow")
        # The first frame is the article: the list and sidebar panes and the footer's
        # row keep their places (so the text never re-wraps or moves) and get their
        # contents right after it is drawn (fill_panes); mounting them is most of what
        # that frame would cost.
        articles = ArticleList(
            view_of=self.list_view_of,
            lines_of=self.list_lines,
            rows_of=self.list_rows,
            id="list-pane",
        )
        yield articles.data_bind(ReaderScreen.article_id, ReaderScreen.passages)
        with Vertical(id="article-pane"):
            if self.brief.demo:
                yield Static(Text(DEMO_NOTE), id="demo-note")
            yield StatusLine(id="status").data_bind(ReaderScreen.chosen)
            yield ArticleView(id="article")
        yield EntitySidebar(id="sidebar").data_bind(ReaderScreen.article_id, ReaderScreen.chosen)
        yield Vertical(id="footer-slot")

    def fill_panes(self) -> None:
        """Mount the footer, the article list and the entity sidebar's contents (once)."""
        if self.panes_ready:
            return
        self.panes_ready = True
        self.call_later(self._mount_footer)
        self.article_list.fill()
        self.sidebar.fill()

    # --- start-up ------------------------------------------------------------------

    def on_mount(self) -> None:
        view = self.view
        app = self.brief
        paths = app.needs_ingest()
        if paths is not None:
            view.empty = "Reading " + ", ".join(one_line(p, 60) for p in paths[:3]) + "…"
            view.refresh()
            self.fill_panes()
            self.ingest(paths)
            return
        first = reading.newest_article_id(app.open_library())
        self.load_selection()
        if first is None:  # no article text to draw first: everything loads at once
            view.empty = "The library is empty: run `brief PATH...` to add articles."
            view.refresh()
            self.load_rest()
            return
        self.open_article(first)
        # the first screen goes out before anything else competes for the CPU:
        # the rest loads once the article's text has been drawn (or after 2 s)
        self._rest_timer = self.set_timer(2.0, self.load_rest)

    @on(ArticleView.FirstText)
    def _first_text(self) -> None:
        self.fill_panes()
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
            self._rest_after_footer = True

    async def _mount_footer(self) -> None:
        from textual.widgets import Footer  # not imported before the first frame either

        await self.query_one("#footer-slot").mount(Footer(compact=True))
        # the footer composes its keys (after a refresh) once told the bindings are
        # there; background loading starts after that, so nothing competes with them
        self.refresh_bindings()
        if self._rest_after_footer:
            self._rest_after_footer = False
            self.call_after_refresh(self.call_after_refresh, self.load_rest)

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def ingest(self, paths: list[str]) -> None:
        view = self.view
        last = [0.0]

        def progress(p: Any) -> None:
            now = time.monotonic()
            if now - last[0] > 0.2:  # coalesce: at most five updates a second
                last[0] = now
                files = f"{p.files_done:,}/{plural(p.files_total, 'file')}"
                note = f"Reading… {files}, {plural(p.articles, 'article')}"
                self.app.call_from_thread(view.set_empty, note)

        try:
            ids, errors = self.brief.ingest(paths, progress)
        except Exception as exc:  # a failed ingest must not take the reader down
            ids, errors = [], [f"reading failed: {type(exc).__name__}: {exc}"]
        self.app.call_from_thread(self._ingested, paths, ids, errors)

    def _ingested(self, paths: list[str], ids: list[str], errors: list[str]) -> None:
        app = self.brief
        if app.paths:
            app.restrict = ids
        self.load_selection()
        for error in errors[:5]:
            self.notify(one_line(error, 200), severity="warning", timeout=20)
        if len(errors) > 5:
            more = plural(len(errors) - 5, "more file")
            self.notify(f"… and {more} could not be read", severity="warning", timeout=20)
        first = reading.newest_article_id(app.open_library(), app.restrict)
        if first is None:
            view = self.view
            view.empty = nothing_read(paths, errors)
            view.show(None)
        else:
            self.open_article(first)
        self.load_rest()

    def load_rest(self) -> None:
        self._rest_timer = None
        self.fill_panes()
        self.load_summaries()
        self.load_budget()
        self.brief.warm_search()

    @work(thread=True, exclusive=True, group="budget", exit_on_error=False)
    def load_budget(self) -> None:
        """The page budget for the status line's meter (its module is slow to import)."""
        budget = reading.page_budget()
        self.app.call_from_thread(self._budget_loaded, budget)

    def _budget_loaded(self, budget: PageBudget) -> None:
        self.budget = budget
        self._show_meter()

    @work(thread=True, exclusive=True, group="page-meter", exit_on_error=False)
    def measure_page(self, key: tuple[tuple[str, int, str], ...]) -> None:
        """The page meter of the brief the selection compiles to (tui.app.meter)."""
        from tui.app.meter import measure_selection

        try:
            meter = measure_selection(self.brief.folder, self.brief.settings.selection)
        except Exception:  # the tray and the compile dialog say why; the status line waits
            return
        self.app.call_from_thread(self._page_measured, key, meter)

    def _page_measured(self, key: tuple[tuple[str, int, str], ...], meter: Any) -> None:
        self._page_meter = (key, meter)
        self._show_meter()

    def _show_meter(self) -> None:
        """The status line's selection count and meter (measured once the budget is in)."""
        items = self.selection
        status = self.status
        status.selected = len(items)
        if not items or self.budget is None:
            return
        key = tuple((r.article_id, r.paragraph, r.note) for r in items)
        meter = self._page_meter[1] if self._page_meter[0] == key else None
        status.meter = meter
        if meter is None:
            self.measure_page(key)

    @work(thread=True, exclusive=True, group="summaries", exit_on_error=False)
    def load_summaries(self) -> None:
        summaries = self.brief.load_summaries()
        self.app.call_from_thread(self._summaries_loaded, summaries)

    def _summaries_loaded(self, summaries: list[ArticleSummary]) -> None:
        self.brief.summaries = summaries
        self.article_list.set_summaries(summaries)

    # --- the article list ------------------------------------------------------------

    @on(ArticleList.ArticleChosen)
    def _article_chosen(self, event: ArticleList.ArticleChosen) -> None:
        self.open_article(event.article_id)
        self.view.focus()

    @on(ArticleList.Narrowed)
    def _list_narrowed(self) -> None:
        self.update_status()

    def refresh_article_list(self) -> None:
        """The list again as the view and read state say now (tui.app.feeds calls it)."""
        self.article_list.redraw()

    def visible_summaries(self) -> list[ArticleSummary]:
        """The articles the list shows now."""
        return self.article_list.shown()

    def update_status(self) -> None:
        """The status line's position and what the subscriptions add (feeds call it)."""
        articles = self.article_list
        status = self.status
        status.article = articles.position(self.article_id)
        status.list_loading = articles.still_loading
        status.extra = self.feed_status()

    # --- the article pane -------------------------------------------------------------

    def open_article(
        self, article_id: str, paragraph: int | None = None, then: Callable[[], None] | None = None
    ) -> None:
        """Show an article at `paragraph`, or where the reader left it; `then` runs once
        it is on screen. It is read on a worker (a newer open supersedes an older one)."""
        self._load_article(article_id, paragraph, then)

    @work(thread=True, exclusive=True, group="open-article", exit_on_error=False)
    def _load_article(
        self, article_id: str, paragraph: int | None, then: Callable[[], None] | None
    ) -> None:
        """An article, its mentions and entities, and where the reader left it, read on
        the reads thread (its own connection) in one go."""

        def load(lib: Any) -> tuple[Any, ...] | None:
            article = lib.article(article_id)
            if article is None:
                return None
            return (
                article,
                reading.article_mentions(lib, article_id),
                reading.load_position(lib, article_id) if paragraph is None else None,
                reading.article_entities(lib, article_id),
            )

        loaded = self.brief.read(load)
        if loaded is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_article, article_id, paragraph, loaded, then)

    def _show_article(
        self,
        article_id: str,
        paragraph: int | None,
        loaded: tuple[Any, ...],
        then: Callable[[], None] | None,
    ) -> None:
        article, mentions, position, entities = loaded
        if self.article_id is not None and self.article_id != article_id:
            self.save_position(background=True)
        self.opened(article_id)
        selected = self._selected_in(article_id)
        view = self.view
        if position is not None:
            view.show(
                article, mentions, selected=selected, paragraph=position.paragraph,
                scroll=position.scroll,
            )  # fmt: skip
        else:
            view.show(article, mentions, selected=selected, paragraph=paragraph or 0)
        view.set_marks(chosen=self.chosen_names(), notes=self._noted_in(article_id))
        self.sidebar.show_article_entities(article_id, entities)
        self.article_id = article_id
        if then is not None:
            then()

    def watch_article_id(self) -> None:
        self.update_status()

    def save_position(self, background: bool = False) -> None:
        """Remember where the reader is in the current article (off the UI thread
        unless quitting, so a busy library never delays a key)."""
        if self.article_id is None or self.brief.lib is None:
            return
        view = self.view
        where = (self.article_id, view.cursor, int(view.scroll_y))
        if background:
            self._save_position_in_thread(*where)
        else:
            with contextlib.suppress(sqlite3.Error, OSError, BriefError):  # best effort
                reading.save_position(self.brief.lib, *where)

    @work(thread=True, group="positions", exit_on_error=False)
    def _save_position_in_thread(self, article_id: str, paragraph: int, scroll: int) -> None:
        from tui.library import Library

        # best effort: a library that refuses writes loses the place, not the app
        with (
            contextlib.suppress(sqlite3.Error, OSError, BriefError),
            Library.open(self.brief.folder) as lib,
        ):
            reading.save_position(lib, article_id, paragraph, scroll)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        view = self.view
        self.status.paragraph = (view.cursor, len(view.paragraphs)) if view.paragraphs else None
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(1.5, lambda: self.save_position(background=True))

    # --- reading actions -----------------------------------------------------------------

    def action_article(self, step: int) -> None:
        ids = self.article_list.shown_ids()
        if not ids:
            return
        if self.article_id in ids:
            index = ids.index(self.article_id) + step
        else:
            index = 0 if step > 0 else len(ids) - 1
        if 0 <= index < len(ids):
            passages = self.passages or {}
            first = passages.get(ids[index], [None])[0] if self.chosen else None
            self.open_article(ids[index], first)
        else:
            self.notify("No more articles" if step > 0 else "This is the first article")

    def action_read(self) -> None:
        self.view.focus()

    def action_toggle_list(self) -> None:
        self.list_shown = not self.list_shown

    def watch_list_shown(self, shown: bool) -> None:
        self.fill_panes()
        self.set_class(shown, "-show-list")
        self.set_class(not shown, "-hide-list")
        if shown:
            self.article_list.focus_list()
        else:
            self.view.focus()

    def on_resize(self, event: Resize) -> None:
        if self.has_class("-narrow") != (event.size.width < NARROW):
            self.set_class(event.size.width < NARROW, "-narrow")

    def action_filter(self) -> None:
        self.list_shown = True
        self.article_list.open_filter()

    def action_back(self) -> None:
        """Esc: leave the filter box, return from a jump, or clear the entity filter."""
        focused = self.focused
        if focused is not None and focused.id == "filter":
            self.article_list.leave_filter()
            return
        view = self.view
        if self.back_stack:
            article_id, paragraph, scroll = self.back_stack.pop()

            def returned() -> None:
                view.set_marks(hits={})
                view.scroll_to(y=scroll, animate=False, immediate=True)
                view.focus()

            self.open_article(article_id, paragraph, then=returned)
            return
        if view.hits:
            view.set_marks(hits={})
        elif self.chosen:
            self.action_clear_entities()
        elif self.list_shown and self.has_class("-narrow"):
            self.list_shown = False
        else:
            view.focus()

    # --- entities ---------------------------------------------------------------------------

    def action_entities(self) -> None:
        self.fill_panes()
        self.sidebar.focus_list()

    def action_scope(self) -> None:
        sidebar = self.sidebar
        sidebar.scope = "library" if sidebar.scope == "article" else "article"

    @on(EntitySidebar.EntitiesChosen)
    def _entities_chosen(self, event: EntitySidebar.EntitiesChosen) -> None:
        self.choose_entities(event.chosen)

    def choose_entities(self, chosen: tuple[str, ...]) -> None:
        """Filter by `chosen` (every one must appear) and go to the first passage (the
        passages are found on a worker; a newer choice supersedes an older one)."""
        if not chosen:
            self.action_clear_entities()
            return
        sidebar = self.sidebar
        self._find_passages(chosen, [sidebar.stored_as(c) for c in chosen])

    @work(thread=True, exclusive=True, group="passages", exit_on_error=False)
    def _find_passages(self, chosen: tuple[str, ...], names: list[set[str]]) -> None:
        passages = self.brief.read(lambda lib: reading.passages_with(lib, names))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._passages_found, chosen, passages)

    def _passages_found(self, chosen: tuple[str, ...], passages: dict[str, list[int]]) -> None:
        self.passages = passages
        self.chosen = chosen
        if chosen:
            passages = self.passages or {}
            n = sum(len(v) for v in passages.values())
            articles = plural(len(passages), "article")
            self.notify(f"{plural(n, 'passage')} in {articles}", timeout=3)
            if self.article_id not in passages:
                self.action_article(1)
            else:
                self.action_mention(1, wrap=True)

    def watch_chosen(self) -> None:
        self.view.set_marks(chosen=self.chosen_names())

    def chosen_names(self) -> set[str]:
        """Every stored name of the chosen entities (their mentions are marked)."""
        sidebar = self.sidebar
        return set().union(*(sidebar.stored_as(c) for c in self.chosen))

    def action_clear_entities(self) -> None:
        self.passages = None
        self.chosen = ()

    def action_mention(self, step: int, wrap: bool = False) -> None:
        """Jump to the next (or previous) passage where the chosen entities appear."""
        view = self.view
        if not self.chosen:
            self.notify("Choose an entity first (e, then Enter)")
            return
        passages = self.passages or {}
        here = passages.get(self.article_id or "", [])
        cursor = view.cursor - (1 if wrap else 0)
        targets = [p for p in here if (p > cursor if step > 0 else p < view.cursor)]
        if targets:
            view.go_to_paragraph(targets[0] if step > 0 else targets[-1])
            return
        ids = self.article_list.shown_ids()
        if self.article_id in ids:
            index = ids.index(self.article_id) + step
            if 0 <= index < len(ids):
                paragraphs = passages.get(ids[index], [0])
                self.open_article(ids[index], paragraphs[0] if step > 0 else paragraphs[-1])
                return
        self.notify("No more mentions")

    # --- search ---------------------------------------------------------------------------

    def action_search(self) -> None:
        from tui.app.screens.search import SearchScreen

        self.brief.open_screen(SearchScreen(), self._search_done)

    def _search_done(self, hit: Hit | None) -> None:
        if hit is None:
            return
        self.remember_place()
        self.jump_to(hit.article_id, hit.paragraph, {hit.paragraph: list(hit.highlights)})

    def remember_place(self) -> None:
        """Push where the reader is, for Esc to return to after a jump."""
        view = self.view
        if self.article_id is not None:
            self.back_stack.append((self.article_id, view.cursor, int(view.scroll_y)))

    def jump_to(
        self, article_id: str, paragraph: int, hits: dict[int, list[tuple[int, int]]] | None = None
    ) -> None:
        """Open an article at a passage, optionally highlighting hits in it."""
        view = self.view

        def there() -> None:
            view.go_to_paragraph(paragraph)
            view.set_marks(hits=hits or {})
            view.focus()

        if article_id != self.article_id:
            self.open_article(article_id, paragraph, then=there)
        else:
            there()

    # --- selection ----------------------------------------------------------------------------

    def load_selection(self) -> None:
        """Read the saved selection again (after it changed, or at start-up)."""
        lib = self.brief.lib
        self.selection = (
            () if lib is None else tuple(reading.selection_rows(lib, self.brief.selection_name))
        )
        if lib is not None:
            self.brief.selection_shown()

    def watch_selection(self) -> None:
        if self.article_id is not None:
            self.view.set_marks(
                selected=self._selected_in(self.article_id), notes=self._noted_in(self.article_id)
            )
        self._show_meter()

    def selection_changed(self) -> None:
        """The selection changed elsewhere (another screen, another process) or another
        one is shown now: read it again."""
        self.load_selection()

    def _selected_in(self, article_id: str) -> set[int]:
        return {r.paragraph for r in self.selection if r.article_id == article_id}

    def _noted_in(self, article_id: str) -> set[int]:
        return {r.paragraph for r in self.selection if r.article_id == article_id and r.note}

    def store(self) -> SelectionStore:
        return self.brief.selection_store()

    def action_select(self) -> None:
        view = self.view
        if self.article_id is None or not view.paragraphs:
            return
        from tui.selection import Change

        article_id, paragraph, store = self.article_id, view.cursor, self.store()
        done: list[Change] = []

        def toggle() -> Change:
            done.append(store.toggle(article_id, paragraph))
            return done[0]

        ok = change_selection(self.app, toggle)
        self.load_selection()
        if not ok:
            return
        change = done[0]
        where = f"¶ {paragraph + 1}"
        if change.selected:
            again = " with its note" if change.item.note else ""
            self.notify(f"{where} added to the selection{again}", timeout=2)
        elif change.item.note:
            self.notify(f"{where} removed from the selection; its note is kept "
                        "(s brings it back, u undoes)", timeout=4)  # fmt: skip
        else:
            self.notify(f"{where} removed from the selection (u undoes)", timeout=2)

    def action_undo(self) -> None:
        self.brief.undo_selection()

    def action_selections(self) -> None:
        from tui.app.selections import SelectionsScreen

        self.brief.open_screen(SelectionsScreen())

    def action_note(self) -> None:
        from tui.app.screens.note import NoteScreen

        view = self.view
        if self.article_id is None or not view.paragraphs:
            return
        article_id, paragraph = self.article_id, view.cursor
        if paragraph not in view.selected:
            self.action_select()
            if paragraph not in self._selected_in(article_id):
                return
        current = next(
            (r.note for r in self.selection
             if r.article_id == article_id and r.paragraph == paragraph), "",
        )  # fmt: skip

        def save(note: str | None) -> None:
            if note is None or note.strip() == current:
                return
            if not change_selection(
                self.app, lambda: self.store().set_note(article_id, paragraph, note)
            ):
                return
            self.load_selection()
            if note.strip():
                self.notify(f"Note saved on ¶ {paragraph + 1}", timeout=2)
            else:
                self.notify(f"Note removed from ¶ {paragraph + 1} (u undoes)", timeout=3)

        self.brief.open_screen(NoteScreen(current, f"Note for ¶ {paragraph + 1}"), save)

    def action_tray(self) -> None:
        from tui.app.screens.tray import TrayScreen

        def done(target: tuple[str, int] | None) -> None:
            self.load_selection()
            if target is not None:
                self.remember_place()
                self.jump_to(*target)

        self.brief.open_screen(TrayScreen(), done)

    def action_copy(self) -> None:
        view = self.view
        if not view.paragraphs:
            return
        text = view.paragraphs[view.cursor]
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied ¶ {view.cursor + 1} ({len(text.split())} words) to the clipboard", timeout=3
        )

    def action_compile(self) -> None:
        from tui.app.screens.compile_dialog import open_compile_dialog

        open_compile_dialog(self.brief)
