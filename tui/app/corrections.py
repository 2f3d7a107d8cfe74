"""The entity sidebar's list, with a key for each correction (merge, split, rename,
retype, reject, undo) and for the entity's profile.

Corrections are stored with the core's calls (tui.entities.corrections), the same as
`brief entities merge ...`; the sidebar shows them at once (a library-wide list is
changed in memory, then read again in the background to be exact)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.timer import Timer

from tui import reading
from tui.app.lines import LineList, one_line
from tui.errors import BriefError
from tui.model import ENTITY_TYPES, Entity

if TYPE_CHECKING:
    from tui.entities.corrections import Rule

REREAD_DELAY = 1.5  # seconds after a correction before the exact read of the library


class EntityList(LineList):
    """The sidebar's entities; Enter filters by one, the keys below correct it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "profile", "Profile", id="entities.profile"),
        Binding("m", "merge", "Merge with…", id="entities.merge"),
        Binding("S", "split", "Split apart", show=False, id="entities.split"),
        Binding("R", "rename", "Rename", show=False, id="entities.rename"),
        Binding("T", "retype", "Retype", show=False, id="entities.retype"),
        Binding("d,delete", "reject", "Not an entity", show=False, id="entities.reject"),
        Binding("u", "undo", "Undo correction", show=False, id="entities.undo"),
    ]

    last_reflected_ms: float = 0.0  # how long the last correction took to show (for the bench)
    _reread: Timer | None = None  # the exact read of the library's entities, pending

    # --- what the reader screen holds ----------------------------------------------------

    def _reader(self) -> Any:
        """The reader screen (it opens articles and jumps)."""
        return self.screen

    def _sidebar(self) -> Any:
        """The entity sidebar this list is in (it holds the entities and their names)."""
        return self.parent

    def _entity(self) -> Entity | None:
        row = self.current
        if row is None or not isinstance(row.key, Entity):
            self.notify("Move to an entity first", severity="warning")
            return None
        return row.key

    def _article(self) -> str | None:
        return self._sidebar().article_id

    def _in_article(self) -> bool:
        return self._sidebar().scope == "article" and bool(self._article())

    def _known(self) -> list[Entity]:
        """Entities to pick a merge partner from: the library's when loaded, else these."""
        sidebar = self._sidebar()
        loaded = sidebar.library_entities
        shown = list(sidebar.entities or [])
        if loaded and not self._in_article():
            return list(loaded)
        return shown if not loaded else shown + [e for e in loaded if e not in shown]

    # --- the keys ---------------------------------------------------------------------------

    def action_merge(self) -> None:
        entity = self._entity()
        if entity is None:
            return
        from tui.app.entity_dialogs import CorrectionDialog, EntityFinder

        others = [e for e in self._known() if e is not entity and e != entity]

        def picked(partner: Entity | None) -> None:
            if partner is None:
                return
            pair = sorted([entity, partner], key=lambda e: -e.count)

            def named(answer: tuple[str, bool] | None) -> None:
                if answer is None:
                    return
                from tui.entities import corrections

                into, only = answer
                type_ = corrections.merge_type(pair, into)
                self._make("merge", [e.canonical for e in pair], into, type_, only)

            self.app.push_screen(
                CorrectionDialog(
                    f"Merge “{one_line(entity.canonical, 60)}” and "
                    f"“{one_line(partner.canonical, 60)}” under the name:",
                    value=pair[0].canonical,
                    article=bool(self._article()),
                ),
                named,
            )

        self.app.push_screen(
            EntityFinder(f"Merge “{one_line(entity.canonical, 60)}” with…", others), picked
        )

    def action_split(self) -> None:
        entity = self._entity()
        if entity is None:
            return
        names = sorted(a for a in entity.aliases if a != entity.canonical)
        hint = ("Its names: " + ", ".join(one_line(n, 40) for n in names[:8])) if names else (
            "It has no other names: nothing would change"
        )  # fmt: skip
        self._ask(
            f"Split “{one_line(entity.canonical, 80)}” into separate entities?", "split", entity,
            hint=hint,
        )  # fmt: skip

    def action_rename(self) -> None:
        entity = self._entity()
        if entity is None:
            return
        from tui.app.entity_dialogs import CorrectionDialog

        def done(answer: tuple[str, bool] | None) -> None:
            if answer is not None and answer[0] != entity.canonical:
                self._make("rename", [entity.canonical], answer[0], None, answer[1])

        self.app.push_screen(
            CorrectionDialog(
                f"Rename “{one_line(entity.canonical, 80)}” to:",
                value=entity.canonical,
                article=bool(self._article()),
            ),
            done,
        )

    def action_retype(self) -> None:
        entity = self._entity()
        if entity is None:
            return
        from tui.app.entity_dialogs import CorrectionDialog

        def done(answer: tuple[str, bool] | None) -> None:
            if answer is not None:
                self._make("retype", [entity.canonical], answer[0], None, answer[1])

        self.app.push_screen(
            CorrectionDialog(
                f"“{one_line(entity.canonical, 80)}” is a:",
                choices=[t for t in ENTITY_TYPES if t != entity.type] + [entity.type],
                article=bool(self._article()),
            ),
            done,
        )

    def action_reject(self) -> None:
        entity = self._entity()
        if entity is not None:
            self._ask(
                f"“{one_line(entity.canonical, 80)}” is not an entity: never show it?",
                "reject", entity,
            )  # fmt: skip

    def _ask(self, title: str, action: str, entity: Entity, hint: str = "") -> None:
        from tui.app.entity_dialogs import CorrectionDialog

        def done(answer: tuple[str, bool] | None) -> None:
            if answer is not None:
                self._make(action, [entity.canonical], None, None, answer[1])

        self.app.push_screen(
            CorrectionDialog(title, article=bool(self._article()), hint=hint), done
        )

    def action_undo(self) -> None:
        from tui.entities import corrections

        try:
            undone = corrections.undo(self._library())
        except BriefError as exc:
            self.notify(one_line(str(exc), 200), title="Not undone", severity="error")
            return
        if undone is None:
            self.notify("No correction to undo")
            return
        self._show_corrected(None)
        self.notify(f"Undone: {one_line(undone.describe(), 200)}", timeout=4)

    def action_profile(self) -> None:
        entity = self._entity()
        if entity is None:
            return
        from tui.app.profile import ProfileScreen

        reader = self._reader()
        names = self._sidebar().stored_as(entity.canonical)

        def done(target: tuple[str, int] | None) -> None:
            if target is None:
                return
            reader.remember_place()
            reader.jump_to(*target)

        self.app.push_screen(ProfileScreen(entity, sorted(names)), done)

    # --- making a correction and showing it --------------------------------------------------

    def _library(self) -> Any:
        return self.app.open_library()  # type: ignore[attr-defined]

    def _make(
        self, action: str, names: list[str], value: str | None, type_: str | None, only: bool
    ) -> None:
        from tui.entities import corrections

        article = self._article() if only else None
        try:
            rule = corrections.make_rule(action, names, value, type_, article)
            rule = corrections.add(self._library(), rule)
        except BriefError as exc:
            self.notify(one_line(str(exc), 200), title="Not corrected", severity="error")
            return
        self._show_corrected(rule)
        where = " in this article" if article else ""
        self.notify(
            f"{one_line(rule.describe(), 200)}{where} · u undoes it", title="Corrected", timeout=4
        )

    def _show_corrected(self, rule: Rule | None) -> None:
        """The sidebar and the article's marks as the rules now say. The library-wide
        list is changed at once in memory (only the entities the rule names), and read
        again exactly in the background a moment later (one read for a burst of
        corrections, none of it while the change is being shown)."""
        from tui.entities import corrections

        start = time.perf_counter()
        sidebar = self._sidebar()
        lib = self._library()
        loaded = sidebar.library_entities
        if loaded is not None:
            stored_as = sidebar.stored_names
            fast = corrections.reflect(loaded, rule, stored_as) if rule is not None else None
            if fast is not None:
                sidebar.library_entities, made = fast
                for name, members in made.items():
                    stored_as.setdefault(name, set()).update(members)
            self._read_again(delay=REREAD_DELAY if fast is not None else 0.0)
        article = self._article()
        if sidebar.scope == "library":
            sidebar.entities = sidebar.library_entities or []
        elif article is not None:
            sidebar.show_article_entities(article, reading.article_entities(lib, article))
        sidebar.redraw()
        if rule is not None:  # the cursor on what the correction made
            target = rule.value if rule.action in ("merge", "rename") else rule.names[0]
            for row in self.rows:
                if isinstance(row.key, Entity) and row.key.canonical == target:
                    self.select_key(row.key)
                    break
        self.last_reflected_ms = (time.perf_counter() - start) * 1000
        self._refresh_marks(lib, article)

    def _read_again(self, delay: float) -> None:
        """The library's entities read again (exact) after `delay` seconds; a later
        correction pushes the read back."""
        sidebar = self._sidebar()
        if self._reread is not None:
            self._reread.stop()
            self._reread = None
        if delay <= 0:
            sidebar.load_library_entities()
            return

        def read() -> None:
            self._reread = None
            sidebar.load_library_entities()

        self._reread = self.set_timer(delay, read)

    def _refresh_marks(self, lib: Any, article_id: str | None) -> None:
        """The open article's mentions again (renamed, retyped or rejected)."""
        from tui.app.article import ArticleView

        if article_id is None:
            return
        views = self.screen.query(ArticleView)
        if not views:
            return
        view = views.first()
        article = lib.article(article_id)
        if article is None:
            return
        view.show(
            article, reading.article_mentions(lib, article_id), selected=view.selected,
            paragraph=view.cursor, scroll=int(view.scroll_y),
        )  # fmt: skip
        view.set_marks(chosen=self._reader().chosen_names())
