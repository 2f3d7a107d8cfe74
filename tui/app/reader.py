"""The main screen: article list, article pane and entity sidebar."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widgets import Input, Static

from tui import reading
from tui.app.article import ArticleView
from tui.app.feeds import FeedReading
from tui.app.lines import LineList, Row, nothing_read, one_line, plural
from tui.errors import BriefError
from tui.library import ArticleSummary
from tui.model import TYPE_GROUPS, Entity
from tui.text import fold

if TYPE_CHECKING:
    from tui.app.main import BriefApp
    from tui.brief.compose import PageBudget
    from tui.search import Hit

NARROW = 120
TYPE_NAMES = TYPE_GROUPS


class ReaderScreen(FeedReading):
    """Read articles, follow entities, search and select passages."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/", id="reader.search"),
        Binding("s", "select", "Select", id="reader.select"),
        Binding("a", "note", "Note", show=False, id="reader.note"),
        Binding("t", "tray", "Tray", id="reader.tray"),
        Binding("S", "selections", "Selections", show=False, id="reader.selections"),
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
        Binding("c", "compile", "Compile", show=False, id="reader.compile"),
        Binding("escape", "back", "Back", show=False, id="reader.back"),
    ]  # fmt: skip

    AUTO_FOCUS = "#article"

    entity_scope: reactive[str] = reactive("article", init=False)
    list_shown: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.article_id: str | None = None
        self.chosen: list[str] = []
        self.passages: dict[str, list[int]] = {}  # chosen entities -> where they all appear
        self.text_filter = ""
        self.back_stack: list[tuple[str, int, int]] = []
        self.entities: list[Entity] = []
        self._library_entities: list[Entity] | None = None
        self._stored_as: dict[str, set[str]] = {}  # merged name -> names articles store
        self._save_timer: Any = None
        self._rest_timer: Any = None
        self.selection: list[reading.SelectedRow] = []
        self._visible: list[ArticleSummary] | None = None
        self._visible_index: dict[str, int] = {}
        self.panes_ready = False  # the list and sidebar are mounted after the first frame
        self.budget: PageBudget | None = None  # the page budget, loaded after the first frame
        self._page_meter: tuple[object, Any] = (None, None)  # (selection, its brief's meter)
        self._rest_after_footer = False  # start background loading once the footer is up

    @property
    def brief(self) -> BriefApp:
        from tui.app.main import BriefApp

        assert isinstance(self.app, BriefApp)
        return self.app

    def compose(self) -> ComposeResult:
        # decided before the first styling: changing a class later restyles every widget
        self.set_class(self.app.size.width < NARROW, "-narrow")
        # The first frame is the article: the list and sidebar panes and the footer's
        # row keep their places (so the text never re-wraps or moves) and get their
        # contents right after it is drawn (fill_panes); mounting them is most of what
        # that frame would cost.
        yield Vertical(id="list-pane")
        with Vertical(id="article-pane"):
            yield Static(id="status")
            yield ArticleView(id="article")
        yield Vertical(id="sidebar")
        yield Vertical(id="footer-slot")

    def fill_panes(self) -> None:
        """Mount the footer, the article list and the entity sidebar (once); fill the sidebar."""
        if self.panes_ready:
            return
        self.panes_ready = True
        self.call_later(self._mount_footer)
        self.query_one("#list-pane").mount(LineList("Loading articles…", id="articles"))
        from tui.app.corrections import EntityList  # the sidebar's list: correction keys

        self.query_one("#sidebar").mount_all(
            [
                Static(id="entity-title"),
                EntityList("No entities", id="entities"),
                Static(id="entity-detail"),
            ]
        )
        self._entity_title()
        if self.entity_scope == "article" and self.article_id is not None:
            self.entities = reading.article_entities(self.brief.open_library(), self.article_id)
        self.refresh_entities()
        if self.brief.summaries is not None:
            self.refresh_article_list()

    # --- start-up ------------------------------------------------------------------

    def on_mount(self) -> None:
        view = self.query_one(ArticleView)
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
        if first is None:  # no article text to draw first
            view.empty = "The library is empty: run `brief PATH...` to add articles."
            view.refresh()
            self.fill_panes()
        else:
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

    @work(thread=True, exclusive=True, group="ingest")
    def ingest(self, paths: list[str]) -> None:
        view = self.query_one(ArticleView)
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
            view = self.query_one(ArticleView)
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

    @work(thread=True, exclusive=True, group="budget")
    def load_budget(self) -> None:
        """The page budget for the status line's meter (its module is slow to import)."""
        budget = reading.page_budget()
        self.app.call_from_thread(self._budget_loaded, budget)

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
        self.update_status()

    def _budget_loaded(self, budget: PageBudget) -> None:
        self.budget = budget
        self.update_status()

    @work(thread=True, exclusive=True, group="summaries")
    def load_summaries(self) -> None:
        summaries = self.brief.load_summaries()
        self.app.call_from_thread(self._summaries_loaded, summaries)

    def _summaries_loaded(self, summaries: list[ArticleSummary]) -> None:
        self.brief.summaries = summaries
        self.refresh_article_list()
        self.update_status()

    # --- the article list ------------------------------------------------------------

    def visible_summaries(self) -> list[ArticleSummary]:
        """The article list as filtered now (cached until the filters change)."""
        if self._visible is None:
            summaries = self.brief.summaries or []
            if self.chosen:
                summaries = [s for s in summaries if s.id in self.passages]
            if self.text_filter:
                needle = fold(self.text_filter)
                summaries = [
                    s
                    for s in summaries
                    if needle in fold(f"{s.published or ''} {s.outlet or ''} {s.title}")
                ]
            self._visible = summaries = self.list_view_of(summaries)
            self._visible_index = {s.id: i for i, s in enumerate(summaries)}
        return self._visible

    def refresh_article_list(self) -> None:
        self._visible = None
        if not self.panes_ready:
            return
        rows = [
            Row(s.id, height=2, build=lambda s=s: self.list_lines(s, _summary_lines(s)))  # type: ignore[misc]
            for s in self.visible_summaries()
        ]
        articles = self.query_one("#articles", LineList)
        articles.empty = "No article matches" if self.brief.summaries is not None else "Loading…"
        articles.set_rows(rows, keep=self.article_id)

    @on(LineList.Chosen, "#articles")
    def _article_chosen(self, event: LineList.Chosen) -> None:
        assert isinstance(event.row.key, str)
        self.open_article(event.row.key)
        self.query_one(ArticleView).focus()

    # --- the article pane -------------------------------------------------------------

    def open_article(self, article_id: str, paragraph: int | None = None) -> None:
        """Show an article at `paragraph`, or where the reader left it."""
        lib = self.brief.open_library()
        article = lib.article(article_id)
        if article is None:
            return
        self.save_position(background=True)
        self.article_id = article_id
        self.opened(article_id)
        mentions = reading.article_mentions(lib, article_id)
        selected = self._selected_in(article_id)
        view = self.query_one(ArticleView)
        position = reading.load_position(lib, article_id) if paragraph is None else None
        if position is not None:
            view.show(
                article, mentions, selected=selected, paragraph=position.paragraph,
                scroll=position.scroll,
            )  # fmt: skip
        else:
            view.show(article, mentions, selected=selected, paragraph=paragraph or 0)
        view.set_marks(chosen=self.chosen_names(), notes=self._noted_in(article_id))
        if self.panes_ready:  # else fill_panes does this once the text is on screen
            self.query_one("#articles", LineList).select_key(article_id)
            if self.entity_scope == "article":
                self.entities = reading.article_entities(lib, article_id)
                self.refresh_entities()
        self.update_status()

    def save_position(self, background: bool = False) -> None:
        """Remember where the reader is in the current article (off the UI thread
        unless quitting, so a busy library never delays a key)."""
        if self.article_id is None or self.brief.lib is None:
            return
        view = self.query_one(ArticleView)
        where = (self.article_id, view.cursor, int(view.scroll_y))
        if background:
            self._save_position_in_thread(*where)
        else:
            with contextlib.suppress(sqlite3.Error, OSError, BriefError):  # best effort
                reading.save_position(self.brief.lib, *where)

    @work(thread=True, group="positions")
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
        self.update_status()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(1.5, lambda: self.save_position(background=True))

    def update_status(self) -> None:
        view = self.query_one(ArticleView)
        wide = self.size.width >= NARROW
        status = Text(no_wrap=True, overflow="ellipsis")
        total = len(self.visible_summaries())
        position = self._visible_index.get(self.article_id or "")
        if position is not None:
            status.append(f"{'Article ' if wide else ''}{position + 1}/{total}")
        elif self.brief.summaries is None:
            status.append("Loading…")
        if view.paragraphs:
            status.append(f" · ¶ {view.cursor + 1}/{len(view.paragraphs)}")
        items = self.selection
        if items:
            status.append(f" · {'selected ' if wide else '▌'}{len(items)}")
        if items and self.budget is not None:  # the meter follows once the budget is loaded
            key = tuple((r.article_id, r.paragraph, r.note) for r in items)
            meter = self._page_meter[1] if self._page_meter[0] == key else None
            if meter is None:
                self.measure_page(key)
            else:  # the brief's own figure, as the tray and the compile dialog show it
                status.append(
                    f" · {meter.words}/{meter.budget.words} words"
                    + (f" {meter.lines}/{meter.budget.lines} lines" if wide else "")
                    + (f" {meter.cuts} cut{'s' if meter.cuts != 1 else ''}" if meter.cuts else ""),
                    style="" if meter.fits else "bold reverse",
                )
        if self.chosen:
            status.append(" · ")
            status.append(" + ".join(one_line(c, 30) for c in self.chosen), style="bold")
        status.append_text(self.feed_status())
        self.query_one("#status", Static).update(status)

    # --- reading actions -----------------------------------------------------------------

    def action_article(self, step: int) -> None:
        ids = [s.id for s in self.visible_summaries()]
        if not ids:
            return
        if self.article_id in ids:
            index = ids.index(self.article_id) + step
        else:
            index = 0 if step > 0 else len(ids) - 1
        if 0 <= index < len(ids):
            first = self.passages.get(ids[index], [None])[0] if self.chosen else None
            self.open_article(ids[index], first)
        else:
            self.notify("No more articles" if step > 0 else "This is the first article")

    def action_read(self) -> None:
        self.query_one(ArticleView).focus()

    def action_toggle_list(self) -> None:
        self.list_shown = not self.list_shown

    def watch_list_shown(self, shown: bool) -> None:
        self.fill_panes()
        self.set_class(shown, "-show-list")
        self.set_class(not shown, "-hide-list")
        if shown:
            self.query_one("#articles", LineList).focus()
        else:
            self.query_one(ArticleView).focus()

    def on_resize(self, event: Resize) -> None:
        if self.has_class("-narrow") != (event.size.width < NARROW):
            self.set_class(event.size.width < NARROW, "-narrow")

    def action_filter(self) -> None:
        self.list_shown = True
        existing = self.query("#filter")
        if existing:
            existing.first().focus()
            return
        box = Input(self.text_filter, placeholder="filter: outlet, date or title", id="filter")
        box.cursor_blink = False
        self.query_one("#list-pane").mount(box, before=0)
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = event.value.strip()
        self.refresh_article_list()
        self.update_status()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one("#articles", LineList).focus()

    def action_back(self) -> None:
        """Esc: leave the filter box, return from a jump, or clear the entity filter."""
        focused = self.focused
        if focused is not None and focused.id == "filter":
            if not self.text_filter:
                focused.remove()
            self.query_one("#articles", LineList).focus()
            return
        if self.back_stack:
            article_id, paragraph, scroll = self.back_stack.pop()
            self.open_article(article_id, paragraph)
            view = self.query_one(ArticleView)
            view.set_marks(hits={})
            view.scroll_to(y=scroll, animate=False, immediate=True)
            view.focus()
            return
        view = self.query_one(ArticleView)
        if view.hits:
            view.set_marks(hits={})
        elif self.chosen:
            self.action_clear_entities()
        elif self.list_shown and self.has_class("-narrow"):
            self.list_shown = False
        else:
            view.focus()

    # --- entities ---------------------------------------------------------------------------

    def _entity_title(self) -> None:
        if not self.panes_ready:
            return
        scope = "article" if self.entity_scope == "article" else "library"
        self.query_one("#entity-title", Static).update(Text(f"Entities: {scope}", style="bold"))

    def refresh_entities(self) -> None:
        if not self.panes_ready:
            return
        rows: list[Row] = []
        groups: dict[str, list[Entity]] = {}
        for entity in self.entities:
            groups.setdefault(entity.type, []).append(entity)
        for type_ in [*TYPE_NAMES, *sorted(set(groups) - set(TYPE_NAMES))]:
            members = groups.get(type_)
            if not members:
                continue
            rows.append(
                Row(None, [Text(f"{TYPE_NAMES.get(type_, type_.title())} ({len(members)})")], False)
            )
            for entity in members:
                line = Text(no_wrap=True)
                line.append("•" if entity.canonical in self.chosen else " ", style="bold")
                line.append(f"{entity.count:>3} ", style="dim")
                line.append(one_line(entity.canonical, 80))
                rows.append(Row(entity, [line]))
        entities = self.query_one("#entities", LineList)
        current = entities.current
        keep = current.key if current else None
        entities.set_rows(rows, keep=keep)

    def action_entities(self) -> None:
        self.fill_panes()
        self.query_one("#entities", LineList).focus()

    def action_scope(self) -> None:
        self.entity_scope = "library" if self.entity_scope == "article" else "article"

    def watch_entity_scope(self, scope: str) -> None:
        self.fill_panes()
        self._entity_title()
        if scope == "library":
            if self._library_entities is None:
                self.entities = []
                self.query_one("#entities", LineList).empty = "Loading…"
                self.refresh_entities()
                self.load_library_entities()
                return
            self.entities = self._library_entities
        elif self.article_id is not None:
            self.entities = reading.article_entities(self.brief.open_library(), self.article_id)
        self.refresh_entities()

    @work(thread=True, exclusive=True, group="entities")
    def load_library_entities(self) -> None:
        entities = self.brief.load_library_entities()
        self.app.call_from_thread(self._library_entities_loaded, entities)

    def _library_entities_loaded(self, found: list[tuple[Entity, list[str]]]) -> None:
        entities = [entity for entity, _ in found]
        self._library_entities = entities
        for entity, names in found:
            self._stored_as.setdefault(entity.canonical, set()).update(names)
        if self.entity_scope == "library":
            self.entities = entities
            self.refresh_entities()

    @on(LineList.Highlighted, "#entities")
    def _entity_highlighted(self, event: LineList.Highlighted) -> None:
        detail = self.query_one("#entity-detail", Static)
        entity = event.row.key if event.row else None
        if not isinstance(entity, Entity):
            detail.update("")
            return
        text = Text()
        text.append(one_line(entity.canonical, 80), style="bold")
        text.append(
            f"\n{TYPE_NAMES.get(entity.type, entity.type)} · {plural(entity.count, 'mention')}"
        )
        if entity.role:
            text.append("\nRole: ", style="dim")
            text.append(one_line(entity.role, 120))
        aliases = sorted(a for a in entity.aliases if a != entity.canonical)
        if aliases:
            text.append("\nAlso: ", style="dim")
            text.append(", ".join(one_line(a, 40) for a in aliases[:8]))
        detail.update(text)

    @on(LineList.Chosen, "#entities")
    def _entity_chosen(self, event: LineList.Chosen) -> None:
        entity = event.row.key
        assert isinstance(entity, Entity)
        self.choose_entity(entity.canonical)

    def choose_entity(self, canonical: str) -> None:
        """Toggle an entity in the filter (at most two: the second narrows)."""
        if canonical in self.chosen:
            self.chosen.remove(canonical)
        else:
            self.chosen = [*self.chosen[-1:], canonical]
        self.passages = (
            reading.passages_with(
                self.brief.open_library(), [self.stored_as(c) for c in self.chosen]
            )
            if self.chosen
            else {}
        )
        self.query_one(ArticleView).set_marks(chosen=self.chosen_names())
        self.refresh_article_list()
        self.refresh_entities()
        self.update_status()
        if self.chosen:
            n = sum(len(v) for v in self.passages.values())
            articles = plural(len(self.passages), "article")
            self.notify(f"{plural(n, 'passage')} in {articles}", timeout=3)
            if self.article_id not in self.passages:
                self.action_article(1)
            else:
                self.action_mention(1, wrap=True)

    def stored_as(self, canonical: str) -> set[str]:
        """The names articles store an entity under: those the library merges into it
        (once the library's entities are loaded), and its own."""
        return self._stored_as.get(canonical, set()) | {canonical}

    def chosen_names(self) -> set[str]:
        """Every stored name of the chosen entities (their mentions are marked)."""
        return set().union(*(self.stored_as(c) for c in self.chosen))

    def action_clear_entities(self) -> None:
        self.chosen = []
        self.passages = {}
        self.query_one(ArticleView).set_marks(chosen=[])
        self.refresh_article_list()
        self.refresh_entities()
        self.update_status()

    def action_mention(self, step: int, wrap: bool = False) -> None:
        """Jump to the next (or previous) passage where the chosen entities appear."""
        view = self.query_one(ArticleView)
        if not self.chosen:
            self.notify("Choose an entity first (e, then Enter)")
            return
        here = self.passages.get(self.article_id or "", [])
        cursor = view.cursor - (1 if wrap else 0)
        targets = [p for p in here if (p > cursor if step > 0 else p < view.cursor)]
        if targets:
            view.go_to_paragraph(targets[0] if step > 0 else targets[-1])
            return
        ids = [s.id for s in self.visible_summaries()]
        if self.article_id in ids:
            index = ids.index(self.article_id) + step
            if 0 <= index < len(ids):
                paragraphs = self.passages.get(ids[index], [0])
                self.open_article(ids[index], paragraphs[0] if step > 0 else paragraphs[-1])
                return
        self.notify("No more mentions")

    # --- search ---------------------------------------------------------------------------

    def action_search(self) -> None:
        from tui.app.screens import SearchScreen

        self.app.push_screen(SearchScreen(), self._search_done)

    def _search_done(self, hit: Hit | None) -> None:
        if hit is None:
            return
        view = self.query_one(ArticleView)
        if self.article_id is not None:
            self.back_stack.append((self.article_id, view.cursor, int(view.scroll_y)))
        self.jump_to(hit.article_id, hit.paragraph, {hit.paragraph: list(hit.highlights)})

    def jump_to(
        self, article_id: str, paragraph: int, hits: dict[int, list[tuple[int, int]]] | None = None
    ) -> None:
        """Open an article at a passage, optionally highlighting hits in it."""
        if article_id != self.article_id:
            self.open_article(article_id, paragraph)
        view = self.query_one(ArticleView)
        view.go_to_paragraph(paragraph)
        view.set_marks(hits=hits or {})
        view.focus()

    # --- selection ----------------------------------------------------------------------------

    def load_selection(self) -> None:
        """Read the saved selection again (after it changed, or at start-up)."""
        lib = self.brief.lib
        self.selection = (
            [] if lib is None else reading.selection_rows(lib, self.brief.selection_name)
        )
        if lib is not None:
            self.brief.selection_shown()

    def selection_changed(self) -> None:
        """The selection changed elsewhere (another screen, another process) or another
        one is shown now: read it again."""
        self.refresh_selection()

    def _selected_in(self, article_id: str) -> set[int]:
        return {r.paragraph for r in self.selection if r.article_id == article_id}

    def _noted_in(self, article_id: str) -> set[int]:
        return {r.paragraph for r in self.selection if r.article_id == article_id and r.note}

    def store(self) -> Any:
        return self.brief.selection_store()

    def action_select(self) -> None:
        view = self.query_one(ArticleView)
        if self.article_id is None or not view.paragraphs:
            return
        from tui.app.screens import change_selection
        from tui.selection import Change

        article_id, paragraph, store = self.article_id, view.cursor, self.store()
        done: list[Change] = []

        def toggle() -> Change:
            done.append(store.toggle(article_id, paragraph))
            return done[0]

        ok = change_selection(self.app, toggle)
        self.refresh_selection()
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

    async def action_selections(self) -> None:
        from tui.app.selections import SelectionsScreen

        await self.app.push_screen(SelectionsScreen())

    def refresh_selection(self) -> None:
        self.load_selection()
        if self.article_id is not None:
            self.query_one(ArticleView).set_marks(
                selected=self._selected_in(self.article_id), notes=self._noted_in(self.article_id)
            )
        self.update_status()

    async def action_note(self) -> None:
        from tui.app.screens import NoteScreen

        view = self.query_one(ArticleView)
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
            from tui.app.screens import change_selection

            if not change_selection(
                self.app, lambda: self.store().set_note(article_id, paragraph, note)
            ):
                return
            self.refresh_selection()
            if note.strip():
                self.notify(f"Note saved on ¶ {paragraph + 1}", timeout=2)
            else:
                self.notify(f"Note removed from ¶ {paragraph + 1} (u undoes)", timeout=3)

        # awaited: keys typed right after `a` go to the dialog, not to the reader
        await self.app.push_screen(NoteScreen(current, f"Note for ¶ {paragraph + 1}"), save)

    def action_tray(self) -> None:
        from tui.app.screens import TrayScreen

        def done(target: tuple[str, int] | None) -> None:
            self.refresh_selection()
            if target is not None:
                view = self.query_one(ArticleView)
                if self.article_id is not None:
                    self.back_stack.append((self.article_id, view.cursor, int(view.scroll_y)))
                self.jump_to(*target)

        self.app.push_screen(TrayScreen(), done)

    def action_copy(self) -> None:
        view = self.query_one(ArticleView)
        if not view.paragraphs:
            return
        text = view.paragraphs[view.cursor]
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied ¶ {view.cursor + 1} ({len(text.split())} words) to the clipboard", timeout=3
        )

    def action_compile(self) -> None:
        from tui.app.screens import open_compile

        open_compile(self.brief)


def _summary_lines(s: ArticleSummary) -> list[Text]:
    """An article in the list: its title, then date and outlet."""
    title = Text(one_line(s.title), no_wrap=True)
    meta = Text(no_wrap=True, style="dim")
    meta.append("  " + (s.published or "undated"))
    if s.outlet:
        meta.append(" · " + one_line(s.outlet, 40))
    return [title, meta]
