"""The entity sidebar: the people, organisations and places of the open article (or of
the whole library), the highlighted one's role and aliases; Enter on one posts
EntitiesChosen with the entities the reader should filter by. Its list is the
corrections list (tui.app.corrections.EntityList: merge, rename, ... keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tui import reading
from tui.app.lines import LineList, Row, one_line, plural
from tui.app.shared import ReportsFailures, brief_app
from tui.model import TYPE_GROUPS, Entity

if TYPE_CHECKING:
    from tui.app.main import BriefApp

TYPE_NAMES = TYPE_GROUPS


class EntitySidebar(ReportsFailures, Vertical):
    """Owns the entity lists (per article, library-wide) and which names each is stored
    under. The pane is empty in the first frame (its place kept); `fill` mounts its parts."""

    scope: reactive[str] = reactive("article", init=False)
    """"article": the open article's entities; "library": the library's."""
    article_id: reactive[str | None] = reactive(None, init=False)
    """The article open in the reader."""
    chosen: reactive[tuple[str, ...]] = reactive((), init=False)
    """The entities the reader filters by (marked with a bullet)."""

    class EntitiesChosen(Message):
        """The user changed the chosen entities (at most two: the second narrows)."""

        def __init__(self, chosen: tuple[str, ...]) -> None:
            super().__init__()
            self.chosen = chosen

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entities: list[Entity] = []
        """What the list shows now (the article's or the library's)."""
        self.library_entities: list[Entity] | None = None
        """The library's merged entities, once loaded."""
        self.stored_names: dict[str, set[str]] = {}
        self.article_entities: tuple[str | None, list[Entity]] = (None, [])
        """The open article's entities, as the reader read them with the article."""
        """Merged name -> the names articles store it under."""
        self.filled = False

    @property
    def brief(self) -> BriefApp:
        return brief_app(self)

    @property
    def lines(self) -> LineList:
        return self.query_one("#entities", LineList)

    def fill(self) -> None:
        """Mount the title, the list and the detail box (once) and fill the list."""
        if self.filled:
            return
        self.filled = True
        from tui.app.corrections import EntityList  # the sidebar's list: correction keys

        self.mount_all(
            [
                Static(id="entity-title"),
                EntityList("No entities", id="entities"),
                Static(id="entity-detail"),
            ]
        )
        self._draw_title()
        if self.scope == "article":
            self._load_article_entities()
        self.redraw()

    def focus_list(self) -> None:
        self.fill()
        self.lines.focus()

    # --- what it lists ---------------------------------------------------------------

    def show_article_entities(self, article_id: str, entities: list[Entity]) -> None:
        """The entities of the article just opened (read with it, off the UI thread)."""
        self.article_entities = (article_id, entities)
        if self.scope == "article":
            self.entities = entities
            self.redraw()

    def watch_chosen(self) -> None:
        self.redraw()

    def watch_scope(self, scope: str) -> None:
        self.fill()
        self._draw_title()
        if scope == "library":
            if self.library_entities is None:
                self.entities = []
                self.lines.empty = "Loading…"
                self.redraw()
                self.load_library_entities()
                return
            self.entities = self.library_entities
        else:
            self._load_article_entities()
        self.redraw()

    def _load_article_entities(self) -> None:
        """The article's entities as last given (or read now when they are not)."""
        article_id, entities = self.article_entities
        if article_id == self.article_id:
            self.entities = entities
        elif self.article_id is not None:  # never given (a correction changed them)
            self.entities = reading.article_entities(self.brief.open_library(), self.article_id)

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def load_library_entities(self) -> None:
        entities = self.brief.load_library_entities()
        self.app.call_from_thread(self._library_entities_loaded, entities)

    def _library_entities_loaded(self, found: list[tuple[Entity, list[str]]]) -> None:
        entities = [entity for entity, _ in found]
        self.library_entities = entities
        for entity, names in found:
            self.stored_names.setdefault(entity.canonical, set()).update(names)
        if self.scope == "library":
            self.entities = entities
            self.redraw()

    def stored_as(self, canonical: str) -> set[str]:
        """The names articles store an entity under: those the library merges into it
        (once the library's entities are loaded), and its own."""
        return self.stored_names.get(canonical, set()) | {canonical}

    # --- drawing -----------------------------------------------------------------------

    def _draw_title(self) -> None:
        if not self.filled:
            return
        scope = "article" if self.scope == "article" else "library"
        self.query_one("#entity-title", Static).update(Text(f"Entities: {scope}", style="bold"))

    def redraw(self) -> None:
        """Draw the list from `entities` (the cursor stays on its entity)."""
        if not self.filled:
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
            # rows drawn when first in view: 5,000 library entities cost what a few do
            rows.extend(
                Row(entity, height=1, build=lambda e=entity: [self._entity_line(e)])  # type: ignore[misc]
                for entity in members
            )
        entities = self.lines
        current = entities.current
        keep = current.key if current else None
        entities.set_rows(rows, keep=keep)

    def _entity_line(self, entity: Entity) -> Text:
        line = Text(no_wrap=True)
        line.append("•" if entity.canonical in self.chosen else " ", style="bold")
        line.append(f"{entity.count:>3} ", style="dim")
        line.append(one_line(entity.canonical, 80))
        return line

    @on(LineList.Highlighted, "#entities")
    def _highlighted(self, event: LineList.Highlighted) -> None:
        event.stop()
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
    def _chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        entity = event.row.key
        assert isinstance(entity, Entity)
        self.toggle(entity.canonical)

    def toggle(self, canonical: str) -> None:
        """Choose an entity, or unchoose it (at most two: a third replaces the first)."""
        if canonical in self.chosen:
            chosen = tuple(c for c in self.chosen if c != canonical)
        else:
            chosen = (*self.chosen[-1:], canonical)
        self.post_message(self.EntitiesChosen(chosen))
