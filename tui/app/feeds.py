"""Subscriptions in the reader: the update key, read state, the list's views and grouping,
and noticing when another process changes the library.

`FeedReading` is a base class of the reader screen: its keys, workers and handlers
live here; the reader calls `list_view_of`, `list_lines`, `opened` and `feed_status`
where it builds the list, opens an article and draws the status line.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.events import Mount
from textual.screen import Screen

from tui.app.lines import Row, one_line
from tui.errors import BriefError

if TYPE_CHECKING:
    from tui.feeds.store import RemovedArticle
    from tui.feeds.update import FeedResult, UpdateReport
    from tui.library import ArticleSummary

VIEWS = ("all", "unread", "new", "starred")
VIEW_NAMES = {
    "all": "all articles",
    "unread": "unread only",
    "new": "new since the last update",
    "starred": "starred only",
}
GROUPINGS = ("none", "feed", "outlet")
WATCH_SECONDS = 2.0  # how often the reader looks whether the library changed
MAX_ERROR_NOTICES = 5


class ReadState:
    """What the list needs of read state, loaded off the UI thread."""

    def __init__(
        self,
        read: set[str] | None = None,
        starred: set[str] | None = None,
        new: set[str] | None = None,
        feed_of: dict[str, str] | None = None,
    ) -> None:
        self.read = read or set()
        self.starred = starred or set()
        self.new = new or set()
        self.feed_of = feed_of or {}  # article id -> the feed's name


def load_read_state(folder: Any) -> ReadState:
    """Read state, stars, the latest update's articles and their feeds (worker thread)."""
    from tui.feeds import store
    from tui.library import Library

    with Library.open(folder) as lib:
        names = {f.id: f.name for f in store.feeds(lib)}
        feed_of = {aid: names.get(fid, "") for aid, fid in store.feed_of_articles(lib).items()}
        return ReadState(store.read_ids(lib), store.starred_ids(lib), store.new_since_update(lib),
                         feed_of)  # fmt: skip


class FeedReading(Screen[None]):
    """The reader's subscription keys and state (a base class of ReaderScreen)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("U", "update_feeds", "Update feeds", id="reader.update_feeds"),
        Binding("m", "toggle_read", "Read/unread", show=False, id="reader.toggle_read"),
        Binding("asterisk", "toggle_star", "Star", key_display="*", show=False,
                id="reader.toggle_star"),
        Binding("v", "cycle_view", "Unread/new/starred view", show=False,
                id="reader.cycle_view"),
        Binding("o", "cycle_grouping", "Group by feed or outlet", show=False,
                id="reader.cycle_grouping"),
        Binding("D", "remove_article", "Remove article (asks)", show=False,
                id="reader.remove_article"),
        Binding("Z", "restore_article", "Undo article removal", show=False,
                id="reader.restore_article"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.read_state = ReadState()
        self.view_mode = "all"
        self.grouping = "none"
        self.feed_activity = ""  # shown in the status line while feeds update
        self.updating = False
        self._cancel_update = threading.Event()
        self._stop_watching = threading.Event()
        self._marked_read: dict[str, bool] = {}  # marks made here, until the library has them
        self._marked_star: dict[str, bool] = {}
        self._removed: list[tuple[str, list[RemovedArticle]]] = []  # (title, what went)
        self._unread_key: tuple[int, ...] = ()
        self._unread = 0

    # --- hooks the reader calls ----------------------------------------------------

    def list_view_of(self, summaries: list[ArticleSummary]) -> list[ArticleSummary]:
        """The list as the current view and grouping show it."""
        state = self.read_state
        if self.view_mode == "unread":
            summaries = [s for s in summaries if s.id not in state.read]
        elif self.view_mode == "new":
            summaries = [s for s in summaries if s.id in state.new]
        elif self.view_mode == "starred":
            summaries = [s for s in summaries if s.id in state.starred]
        if self.grouping != "none":
            # stable: newest first within each group, groups by name
            summaries = sorted(summaries, key=lambda s: self.group_of(s).casefold())
        return summaries

    def group_of(self, s: ArticleSummary) -> str:
        if self.grouping == "feed":
            return self.read_state.feed_of.get(s.id) or "(not from a feed)"
        return s.outlet or "(no outlet)"

    def list_lines(self, s: ArticleSummary, lines: list[Text]) -> list[Text]:
        """An article's list lines with its marks: ● unread, * starred."""
        state = self.read_state
        mark = Text("● " if s.id not in state.read else "  ", style="bold")
        if s.id in state.starred:
            mark = Text("* " if s.id in state.read else "●*", style="bold")
        first = Text.assemble(mark, lines[0]) if lines else mark
        first.no_wrap = True
        rest = list(lines[1:])
        if self.grouping != "none" and rest:  # the group first, where a narrow list shows it
            rest[0] = Text.assemble(Text(f"  [{one_line(self.group_of(s), 24)}]"), rest[0])
            rest[0].no_wrap = True
            rest[0].style = "dim"
        return [first, *rest]

    def list_rows(self, summaries: list[ArticleSummary], rows: list[Row]) -> list[Row]:
        """The list's rows (one per summary) with, when grouped, a header row before
        each group: its name, how many articles and how many unread."""
        if self.grouping == "none" or not summaries:
            return rows
        counts: dict[str, list[int]] = {}
        for s in summaries:
            seen = counts.setdefault(self.group_of(s), [0, 0])
            seen[0] += 1
            seen[1] += s.id not in self.read_state.read
        out: list[Row] = []
        last: str | None = None
        for s, row in zip(summaries, rows, strict=True):
            group = self.group_of(s)
            if group != last:
                total, unread = counts[group]
                header = Text(f"{one_line(group, 60)} ", style="bold underline", no_wrap=True)
                header.append(f"{total} · {unread} unread", style="dim")
                header.overflow = "ellipsis"
                out.append(Row(("group", group), [header], selectable=False))
                last = group
            out.append(row)
        return out

    def opened(self, article_id: str) -> None:
        """An article was opened: it is read now (saved off the UI thread)."""
        if article_id not in self.read_state.read:
            self._mark(article_id, read=True)

    def feed_status(self) -> Text:
        """What the status line adds: the update's progress, the list's view."""
        out = Text(no_wrap=True)
        unread = self.unread_count()
        if unread is not None:
            out.append(f" · {unread:,} unread")
        if self.feed_activity:
            out.append(" · " + self.feed_activity, style="bold")
        if self.view_mode != "all":
            out.append(f" · {VIEW_NAMES[self.view_mode]}")
        return out

    def unread_count(self) -> int | None:
        """Unread articles among those the reader has (None until the list is loaded)."""
        summaries = getattr(self.app, "summaries", None)
        if summaries is None:
            return None
        key = (id(summaries), len(summaries), id(self.read_state), len(self.read_state.read))
        if self._unread_key != key:
            read = self.read_state.read
            self._unread_key, self._unread = key, sum(1 for s in summaries if s.id not in read)
        return self._unread

    # --- start-up and the library changing under the reader -----------------------------

    @on(Mount)
    def _watch_library(self) -> None:
        folder = self.app.folder  # type: ignore[attr-defined]
        threading.Thread(
            target=self._watch, args=(folder,), name="library-watch", daemon=True
        ).start()
        self.load_read_state()

    def _watch(self, folder: Any) -> None:
        """On a thread of its own (not a worker: it lives as long as the screen), with
        its own connection: every few seconds, whether another process (an ingest, an
        update, `brief mark`) or this reader's background work changed the articles or
        the read marks; the list is reloaded then. The UI thread runs no SQL for it."""
        from tui.feeds.watch import ARTICLES, LibraryWatch

        try:
            watch = LibraryWatch(folder)
        except (sqlite3.Error, OSError, BriefError):
            return  # a library that cannot be opened: the reader says so elsewhere
        with watch:
            while not self._stop_watching.wait(WATCH_SECONDS):
                change = watch.check()
                if change is None:
                    continue
                handler = self.library_changed if change == ARTICLES else self.load_read_state
                try:
                    self.app.call_from_thread(handler)
                except Exception:  # noqa: BLE001 - the app is closing
                    return

    def library_changed(self) -> None:
        """Reload the list and read state; the article on screen stays where it is."""
        with contextlib.suppress(Exception):
            self.app._pool().submit(_forget_index, self.app)  # type: ignore[attr-defined]
        self.load_read_state()
        loader = getattr(self, "load_summaries", None)
        if callable(loader):
            loader()

    @work(thread=True, exclusive=True, group="read-state", exit_on_error=False)
    def load_read_state(self) -> None:
        state = load_read_state(self.app.folder)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._read_state_loaded, state)

    def _read_state_loaded(self, state: ReadState) -> None:
        # marks made here that the loaded state does not hold yet (still being saved)
        for marks, loaded in ((self._marked_read, state.read), (self._marked_star, state.starred)):
            for aid, wanted in list(marks.items()):
                if (aid in loaded) == wanted:
                    del marks[aid]  # saved: from now on the library says
                else:
                    (loaded.add if wanted else loaded.discard)(aid)
        self.read_state = state
        self.redraw_list()

    def _mark(self, article_id: str, read: bool | None = None, star: bool | None = None) -> None:
        """Change a mark here at once (the library is told on a worker)."""
        if read is not None:
            (self.read_state.read.add if read else self.read_state.read.discard)(article_id)
            self._marked_read[article_id] = read
            self._save_read([article_id], read)
        if star is not None:
            (self.read_state.starred.add if star else self.read_state.starred.discard)(article_id)
            self._marked_star[article_id] = star
            self._save_star(article_id, star)

    def redraw_list(self) -> None:
        """Redraw the list (its cursor stays on the open article) and the status line."""
        refresh = getattr(self, "refresh_article_list", None)
        if callable(refresh):
            refresh()
        status = getattr(self, "update_status", None)
        if callable(status):
            status()

    # --- read state keys ---------------------------------------------------------------

    def _current(self) -> str | None:
        return getattr(self, "article_id", None)

    def action_toggle_read(self) -> None:
        aid = self._current()
        if aid is None:
            return
        read = aid not in self.read_state.read
        self._mark(aid, read=read)
        self.notify("Marked read" if read else "Marked unread", timeout=2)
        self.redraw_list()

    def action_toggle_star(self) -> None:
        aid = self._current()
        if aid is None:
            return
        star = aid not in self.read_state.starred
        self._mark(aid, star=star)
        self.notify("Starred" if star else "Star removed", timeout=2)
        self.redraw_list()

    def action_cycle_view(self) -> None:
        self.view_mode = VIEWS[(VIEWS.index(self.view_mode) + 1) % len(VIEWS)]
        self.notify(f"List: {VIEW_NAMES[self.view_mode]}", timeout=2)
        self.redraw_list()

    def action_cycle_grouping(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self.notify("List: newest first" if self.grouping == "none"
                    else f"List: grouped by {self.grouping}", timeout=2)  # fmt: skip
        self.redraw_list()

    @work(thread=True, group="read-writes", exit_on_error=False)
    def _save_read(self, ids: list[str], read: bool) -> None:
        from tui.feeds import store
        from tui.library import Library

        try:
            with Library.open(self.app.folder) as lib:  # type: ignore[attr-defined]
                store.mark_read(lib, ids, read)
        except (sqlite3.Error, OSError, BriefError) as exc:
            self.app.call_from_thread(
                self.notify, f"Read state not saved: {one_line(str(exc), 120)}", severity="warning"
            )

    @work(thread=True, group="read-writes", exit_on_error=False)
    def _save_star(self, article_id: str, star: bool) -> None:
        from tui.feeds import store
        from tui.library import Library

        try:
            with Library.open(self.app.folder) as lib:  # type: ignore[attr-defined]
                store.set_starred(lib, [article_id], star)
        except (sqlite3.Error, OSError, BriefError) as exc:
            self.app.call_from_thread(
                self.notify, f"Star not saved: {one_line(str(exc), 120)}", severity="warning"
            )

    # --- removing an article -------------------------------------------------------------

    def action_remove_article(self) -> None:
        """Ask, then take the open article out of the library (Z puts it back)."""
        from tui.app.selections import QuestionScreen

        aid = self._current()
        if aid is None:
            return
        title = self._title_of(aid)
        neighbour = self._neighbour(aid)
        question = (
            f"Remove “{one_line(title, 80)}” from the library?\n"
            "Its text, entities and search entries go, and a later ingest or update leaves "
            "it out. Z puts it back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove_article(aid, title, neighbour)

        self.app.push_screen(QuestionScreen(question), answered)

    def _title_of(self, article_id: str) -> str:
        for s in getattr(self.app, "summaries", None) or []:
            if s.id == article_id:
                return str(s.title)
        return "this article"

    def _neighbour(self, article_id: str) -> str | None:
        """The article the list shows after this one (or before it, at the end)."""
        visible = getattr(self, "visible_summaries", None)
        ids = [s.id for s in visible()] if callable(visible) else []
        if article_id not in ids:
            return ids[0] if ids else None
        i = ids.index(article_id)
        if i + 1 < len(ids):
            return ids[i + 1]
        return ids[i - 1] if i > 0 else None

    @work(thread=True, group="read-writes", exit_on_error=False)
    def _remove_article(self, article_id: str, title: str, neighbour: str | None) -> None:
        from tui.feeds import store
        from tui.library import Library
        from tui.pipeline import index_changes

        kept: list[RemovedArticle] = []
        try:
            with Library.open(self.app.folder) as lib:  # type: ignore[attr-defined]
                if store.in_selection(lib, [article_id]):
                    self.app.call_from_thread(
                        self.notify,
                        f"“{one_line(title, 60)}” is in a selection: take its passages out of "
                        "the selection first (t opens the tray)",
                        severity="warning",
                        timeout=8,
                    )
                    return
                gone = store.remove_articles(lib, [article_id], keep=kept)
                problem = index_changes(lib, [], gone) if gone else None
        except (sqlite3.Error, OSError, BriefError) as exc:
            self.app.call_from_thread(
                self.notify, f"Not removed: {one_line(str(exc), 120)}", severity="warning"
            )
            return
        self.app.call_from_thread(
            self._article_removed, article_id, title, kept, neighbour, problem
        )

    def _article_removed(
        self,
        article_id: str,
        title: str,
        kept: list[RemovedArticle],
        neighbour: str | None,
        problem: str | None,
    ) -> None:
        if kept:
            self._removed.append((title, kept))
        if self._current() == article_id and neighbour is not None:
            opener = getattr(self, "open_article", None)
            if callable(opener):
                opener(neighbour)
        self.notify(f"Removed “{one_line(title, 60)}” · Z puts it back", timeout=8)
        if problem:
            self.notify(one_line(problem, 200), severity="warning")
        self.library_changed()

    def action_restore_article(self) -> None:
        if not self._removed:
            self.notify("No article removed here to put back", timeout=3)
            return
        title, kept = self._removed.pop()
        self._restore_articles(title, kept)

    @work(thread=True, group="read-writes", exit_on_error=False)
    def _restore_articles(self, title: str, kept: list[RemovedArticle]) -> None:
        from tui.feeds import store
        from tui.library import Library
        from tui.pipeline import index_changes

        try:
            with Library.open(self.app.folder) as lib:  # type: ignore[attr-defined]
                back = store.restore_articles(lib, kept)
                problem = index_changes(lib, back, []) if back else None
        except (sqlite3.Error, OSError, BriefError) as exc:
            self.app.call_from_thread(
                self.notify, f"Not put back: {one_line(str(exc), 120)}", severity="warning"
            )
            return
        self.app.call_from_thread(self._articles_restored, title, back, problem)

    def _articles_restored(self, title: str, back: list[str], problem: str | None) -> None:
        if back:
            self.notify(f"Put back “{one_line(title, 60)}”", timeout=5)
        else:
            self.notify(f"“{one_line(title, 60)}” is in the library already", timeout=5)
        if problem:
            self.notify(one_line(problem, 200), severity="warning")
        self.library_changed()
        opener = getattr(self, "open_article", None)
        if back and callable(opener):
            opener(back[0])

    # --- the update key ------------------------------------------------------------------

    def action_update_feeds(self) -> None:
        if self.updating:
            self.notify("Feeds are already updating", timeout=3)
            return
        self.updating = True
        self._cancel_update.clear()
        self.feed_activity = "updating feeds…"
        self.redraw_list()
        self.update_feeds()

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False)
    def update_feeds(self) -> None:
        """Every subscription fetched on this worker (own library connection): the
        screen only hears of progress, coalesced to a few redraws a second."""
        from tui.feeds import store
        from tui.feeds.update import update
        from tui.library import Library

        last = [0.0]

        def progress(done: int, total: int, result: FeedResult) -> None:
            now = time.monotonic()
            if now - last[0] > 0.25 or done == total:
                last[0] = now
                self.app.call_from_thread(self._progress, f"updating feeds {done}/{total}…")

        report: UpdateReport | None = None
        error = None
        try:
            with Library.open(self.app.folder) as lib:  # type: ignore[attr-defined]
                if store.feeds(lib):
                    report = update(lib, progress=progress, cancel=self._cancel_update)
        except Exception as exc:  # noqa: BLE001 - the reader stays up whatever fails
            error = f"{type(exc).__name__}: {exc}"
        self.app.call_from_thread(self._updated, report, error)

    def _progress(self, text: str) -> None:
        self.feed_activity = text
        status = getattr(self, "update_status", None)
        if callable(status):
            status()

    def _updated(self, report: UpdateReport | None, error: str | None) -> None:
        self.updating = False
        self.feed_activity = ""
        if error is not None:
            self.notify(f"Update failed: {one_line(error, 200)}", severity="error", timeout=10)
        elif report is None:
            self.notify("No subscriptions yet: add feeds with `brief add URL`", timeout=6)
        else:
            failed = report.failed
            for result in failed[:MAX_ERROR_NOTICES]:
                self.notify(one_line(result.line(), 200), severity="warning", timeout=10)
            if len(failed) > MAX_ERROR_NOTICES:
                more = len(failed) - MAX_ERROR_NOTICES
                self.notify(f"…and {more} more feeds failed (brief feeds lists them)",
                            severity="warning", timeout=10)  # fmt: skip
            self.notify(one_line(report.summary(), 200), timeout=6)
        self.library_changed()

    def on_unmount(self) -> None:
        self._cancel_update.set()
        self._stop_watching.set()


def _forget_index(app: Any) -> None:
    """On the search thread: the next search loads the index again (it changed)."""
    app._search_index = None
