"""The reader app: owns the library connection, settings and background loading.

Start-up shows the newest article as soon as the library is open; the article
list, library-wide entities and the search index load afterwards on worker
threads (each opens its own SQLite connection).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.binding import BindingType
from textual.screen import Screen
from textual.worker import Worker

from tui import reading
from tui.app.bindings import APP_BINDINGS
from tui.app.selection_state import SelectionsMixin
from tui.app.shared import ReportsFailures
from tui.config import Settings, load_settings
from tui.library import ArticleSummary, Library
from tui.paths import SEEDS_DIR, library_dir

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from textual.command import Provider
    from textual.notifications import SeverityLevel

    from tui.model import Entity
    from tui.search import Hit


DEMO_FOLDER = "demo"
T = TypeVar("T")


class BriefApp(ReportsFailures, SelectionsMixin, App[None]):
    """The brief reader."""

    CSS_PATH = Path(__file__).with_name("brief.tcss")
    COMMANDS = App.COMMANDS | {lambda: _brief_commands()}
    TITLE = "brief"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(
        self,
        library: str | None = None,
        paths: list[str] | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.animation_level = "none"
        self.folder = library_dir(library)
        self.demo = False  # reading the bundled samples from their own demo library
        self.paths = list(paths or [])
        if settings is None:
            settings, self.config_problems = load_settings()
        else:
            self.config_problems = []
        self.settings = settings
        self._theme_problem = ""
        if settings.theme:  # before the first styling, so nothing is styled twice
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            else:
                self._theme_problem = (
                    f"Unknown theme {settings.theme!r} in the config; using the default"
                )
        self.lib: Library | None = None
        self.restrict: list[str] | None = None  # article ids when PATHs were opened
        self.summaries: list[ArticleSummary] | None = None
        self._search_pool: ThreadPoolExecutor | None = None
        self._search_index: Any = None
        self._search_generation = 0
        self._reads_pool: ThreadPoolExecutor | None = None
        self._reads_lib: Library | None = None  # the reads thread's own connection
        self.failed_worker: Worker[Any] | None = None  # the last failed one (ctrl+r reruns it)
        self._held_keys: list[events.Key] | None = None  # keys for a screen being opened
        self._holding_for: Screen[Any] | None = None

    # --- start-up --------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from tui.app.screens.reader import ReaderScreen

        self.use_demo_if_empty()
        return ReaderScreen()

    def on_mount(self) -> None:
        problems = [str(p) for p in self.config_problems]
        if self._theme_problem:
            problems.append(self._theme_problem)
        if self.settings.keymap:
            from tui.app.bindings import binding_ids
            from tui.config import unknown_binding_ids

            self.set_keymap(self.settings.keymap)
            problems += [str(p) for p in unknown_binding_ids(self.settings, binding_ids())]
        for problem in problems:
            self.notify(problem, title="Config", severity="warning", timeout=10)
        # other processes' selection changes: watched once start-up is over
        self.set_timer(2.0, self.watch_selections)

    def open_library(self) -> Library:
        """The main-thread connection (opened on first use)."""
        if self.lib is None:
            self.lib = Library.open(self.folder)
        return self.lib

    def use_demo_if_empty(self) -> bool:
        """With no PATHs and an empty library, read the bundled samples from a demo
        library of their own (`DEMO_FOLDER` inside the library folder), never from the
        user's: `brief list` stays empty until they add their own files."""
        if self.demo:
            return True
        if self.paths or not SEEDS_DIR.is_dir():
            return False
        lib = self.open_library()
        if lib.article_count():
            return False
        from tui.feeds import store

        if store.feeds(lib):  # subscribed, nothing fetched yet: the user's own library
            return False
        assert self.lib is not None
        self.lib.close()
        self.lib = None
        self.folder = self.folder / DEMO_FOLDER
        self.demo = True
        return True

    def needs_ingest(self) -> list[str] | None:
        """Paths to ingest before the first screen, or None when the library can show now."""
        if self.paths:
            return self.paths
        if self.use_demo_if_empty() and self.open_library().article_count() == 0:
            return [str(SEEDS_DIR)]
        return None

    def ingest(
        self, paths: list[str], progress: Callable[[Any], None] | None = None
    ) -> tuple[list[str], list[str]]:
        """Ingest on a worker thread (own connection); returns (article ids, errors)."""
        with Library.open(self.folder) as lib:
            return reading.open_paths(lib, paths, progress)

    def load_summaries(self) -> list[ArticleSummary]:
        """Every article's metadata, newest first (called on a worker thread)."""
        with Library.open(self.folder) as lib:
            summaries = lib.summaries()
        if self.restrict is not None:
            allowed = set(self.restrict)
            summaries = [s for s in summaries if s.id in allowed]
        return summaries

    def load_library_entities(self) -> list[tuple[Entity, list[str]]]:
        """The library's merged entities with their stored names (on a worker thread)."""
        with Library.open(self.folder) as lib:
            return reading.sidebar_entities(lib)

    # --- reads: one dedicated thread with its own connection, reused -------------------

    def read(self, fn: Callable[[Library], T]) -> T:
        """`fn(library)` on the reads thread, with that thread's own connection (opened
        once, reused). Blocking: call it from a worker, never from the UI thread."""
        if self._reads_pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._reads_pool = ThreadPoolExecutor(1, thread_name_prefix="brief-reads")
        return self._reads_pool.submit(self._on_reads_thread, fn).result()

    def _on_reads_thread(self, fn: Callable[[Library], T]) -> T:
        if self._reads_lib is None:
            self._reads_lib = Library.open(self.folder)
        return fn(self._reads_lib)

    def _close_reads(self) -> None:
        if self._reads_lib is not None:
            self._reads_lib.close()
            self._reads_lib = None

    # --- one worker policy: a failure is a notice with a retry, never an exit ---------

    def worker_failed(self, worker: Worker[Any]) -> None:
        """A background job raised: say so, and keep it for ctrl+r (tui.app.shared's
        ReportsFailures brings every node's failed workers here)."""
        self.failed_worker = worker
        error = worker.error
        what = (worker.name or worker.group or "work").replace("_", " ").strip()
        self.notify(
            f"{what} failed: {type(error).__name__}: {' '.join(str(error).split())[:200]}"
            " · ctrl+r tries again",
            title="Not done",
            severity="error",
            timeout=12,
        )

    def action_retry(self) -> None:
        """ctrl+r: run the last failed background job again."""
        worker, self.failed_worker = self.failed_worker, None
        if worker is None:
            self.notify("Nothing to try again", timeout=2)
            return
        node = worker.node
        if isinstance(node, Screen | App) or getattr(node, "is_attached", False):
            node.run_worker(
                worker._work,  # noqa: SLF001 - the same call, with the same arguments
                name=worker.name, group=worker.group, exclusive=True,
                thread=worker._thread_worker,  # noqa: SLF001
                exit_on_error=False,
            )  # fmt: skip

    # --- search: one dedicated thread owns the index and its connection ---------------

    def _pool(self) -> ThreadPoolExecutor:
        if self._search_pool is None:
            from concurrent.futures import ThreadPoolExecutor  # first search only: lean start-up

            self._search_pool = ThreadPoolExecutor(1, thread_name_prefix="brief-search")
        return self._search_pool

    def warm_search(self) -> None:
        """Start loading the search index in the background (errors show on first search)."""
        self._pool().submit(self._warm)

    def _warm(self) -> None:
        with contextlib.suppress(Exception):
            self._index()

    def _index(self) -> Any:
        if self._search_index is None:
            from tui.search import Index

            lib = Library.open(self.folder)
            self._search_index = Index.load(lib)
        return self._search_index

    def next_search(self) -> int:
        """A ticket for a search about to be run: take it on the UI thread, in the
        order the queries were typed (workers may start in another order)."""
        self._search_generation += 1
        return self._search_generation

    def search(self, query: str, limit: int = 100, ticket: int | None = None) -> list[Hit] | None:
        """Hits for `query` (blocking; call from a worker). None when a newer query came."""
        generation = self.next_search() if ticket is None else ticket

        def run() -> list[Hit] | None:
            if generation != self._search_generation:
                return None
            hits: list[Hit] = self._index().search(
                query, limit=limit * 2 if self.restrict else limit
            )
            if self.restrict is not None:
                allowed = set(self.restrict)
                hits = [h for h in hits if h.article_id in allowed][:limit]
            return hits

        return self._pool().submit(run).result()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications are plain text, always: they often quote file names and
        article text, which must never be read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- keys typed while a screen opens ----------------------------------------------------

    def open_screen(
        self,
        screen: Screen[Any],
        callback: Callable[[Any], None] | Callable[[Any], Awaitable[None]] | None = None,
    ) -> None:
        """Push `screen`; the keys typed until it is up and focused are kept and then
        delivered to it in order (`/dobrindt` typed in one burst searches for "dobrindt").

        Call it from a priority binding's action (which runs on the app's own queue,
        before the next key is read), so no key typed after the opening one slips past."""
        if self._held_keys is None:
            self._held_keys = []
        self._holding_for = screen
        self.push_screen(screen, callback)
        screen.call_after_refresh(self.call_later, self._release_keys)
        self.set_timer(2.0, self._release_keys_anyway)

    async def on_event(self, event: events.Event) -> None:
        if self._held_keys is not None and isinstance(event, events.Key):
            self._held_keys.append(event)
            return
        await super().on_event(event)

    async def _release_keys(self, force: bool = False) -> None:
        screen = self._holding_for
        if self._held_keys is None:
            return
        if not force and screen is not None and screen.is_attached and screen.focused is None:
            self.call_later(self._release_keys)  # its focus is set on the app's queue: soon
            return
        held, self._held_keys, self._holding_for = self._held_keys, None, None
        for index, key in enumerate(held):
            await super().on_event(key)
            if self._held_keys is not None:  # that key opened another screen: hold the rest
                self._held_keys[:0] = held[index + 1 :]
                return

    async def _release_keys_anyway(self) -> None:
        """However the screen fares, no key stays held for more than two seconds."""
        await self._release_keys(force=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`?` (a priority binding) types itself into a focused box; on help it closes."""
        from tui.app.shared import takes_text

        if action != "help":
            return True
        help_screen = sys.modules.get("tui.app.screens.help")  # loaded once help was opened
        if help_screen is not None and isinstance(self.screen, help_screen.HelpScreen):
            return False  # the help screen's own `?` closes it
        return not takes_text(self.focused)

    # --- actions -------------------------------------------------------------------------

    def action_help(self) -> None:
        from tui.app.bindings import binding_rows
        from tui.app.screens.help import HelpScreen
        from tui.paths import config_file

        if not isinstance(self.screen, HelpScreen):
            self.open_screen(HelpScreen(binding_rows(self), str(config_file())), self._run_binding)

    async def _run_binding(self, binding_id: str | None) -> None:
        """Enter on a key in the help screen: do what that key does, where it does it."""
        from tui.app.bindings import binding_target, bindings

        for _, owner, binding in bindings():
            if binding.id == binding_id:
                target = binding_target(self.screen, owner)
                if target is None:
                    self.notify(f"{binding.description}: not available here", timeout=3)
                else:
                    await self.run_action(binding.action, target)
                return

    async def action_quit(self) -> None:
        from tui.app.screens.reader import ReaderScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_position()
        self.exit()

    def on_unmount(self) -> None:
        self.stop_watching_selections()
        if self._search_pool is not None:
            self._search_pool.shutdown(wait=False, cancel_futures=True)
        if self._reads_pool is not None:
            with contextlib.suppress(RuntimeError):
                self._reads_pool.submit(self._close_reads)  # on its own thread
            self._reads_pool.shutdown(wait=False, cancel_futures=False)
        if self.lib is not None:
            self.lib.close()


def _brief_commands() -> type[Provider]:
    """The command palette provider, imported when the palette first opens."""
    from tui.app.palette import BriefCommands

    return BriefCommands
