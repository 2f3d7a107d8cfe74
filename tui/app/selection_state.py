"""The app's side of named selections: which one the reader shows, switching to
another, undoing the last selection change (`u`), and noticing changes another
process makes to the library's selections (a `tui.selection.Watcher` thread).

BriefApp mixes `SelectionsMixin` in; screens reach it through `tui.app.shared`
(`selection_store`, `change_selection`) and ask it for `selection_name`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.app.lines import one_line, plural
from tui.errors import BriefError

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.library import Library
    from tui.selection import Change, SelectionStore, Watcher

UNDO_DEPTH = 50
WATCH_INTERVAL = 1.5  # seconds between looks at the library for other processes' changes


class SelectionsMixin:
    """The app's side of named selections (BriefApp mixes it in)."""

    _selection_name: str | None = None
    _selection_undo: list[tuple[str, Change]]
    _selection_seen: dict[str, int] | None = None
    _selection_watcher: Watcher | None = None

    # provided by the app
    settings: Any
    open_library: Callable[[], Library]
    notify: Callable[..., None]
    screen_stack: list[Screen[Any]]
    call_from_thread: Callable[..., Any]

    @property
    def selection_name(self) -> str:
        """The selection the reader shows and edits."""
        if self._selection_name is None:
            from tui.selection import current_name

            self._selection_name = current_name(self.open_library(), self.settings.selection)
        return self._selection_name

    def selection_store(self) -> SelectionStore:
        from tui.selection import SelectionStore

        return SelectionStore(self.open_library(), self.selection_name)

    def switch_selection(self, name: str, *, quiet: bool = False) -> None:
        """Show and edit the selection `name` from now on (remembered for the next start)."""
        from tui.selection import remember_current

        self._selection_name = name
        self._saw_own_change()
        with contextlib.suppress(BriefError):  # a library refusing writes forgets it, no more
            remember_current(self.open_library(), name)
        self.selections_changed()
        if not quiet:
            count = len(self.selection_store())
            self.notify(f"Selection “{one_line(name, 60)}” · {plural(count, 'passage')}",
                        timeout=3)  # fmt: skip

    def change_selection(self, change: Callable[[], object], *, undoable: bool = True) -> bool:
        """Run one change of the current selection; a change the library refuses is
        reported and the app carries on. What it returns (a Change) can be undone."""
        from tui.selection import Change

        try:
            result = change()
        except BriefError as exc:
            self.notify(
                f"The selection could not save to the library: {one_line(str(exc), 200)}",
                title="Selection not changed",
                severity="error",
                timeout=8,
            )
            return False
        if undoable and isinstance(result, Change):
            self._undo_stack().append((self.selection_name, result))
            del self._undo_stack()[:-UNDO_DEPTH]
        self._saw_own_change()
        return True

    def _undo_stack(self) -> list[tuple[str, Change]]:
        if not hasattr(self, "_selection_undo"):
            self._selection_undo = []
        return self._selection_undo

    def undo_selection(self) -> None:
        """Undo the last selection change made in this reader (u)."""
        stack = self._undo_stack()
        if not stack:
            self.notify("Nothing to undo", timeout=2)
            return
        name, change = stack.pop()
        from tui.selection import SelectionStore

        store = SelectionStore(self.open_library(), name)
        if not self.change_selection(lambda: store.undo(change), undoable=False):
            stack.append((name, change))
            return
        where = f"¶ {change.item.paragraph + 1}"
        what = {"added": f"{where} taken out again", "removed": f"{where} back in the selection",
                "note": f"the note on {where} restored"}[change.kind]  # fmt: skip
        if name != self.selection_name:
            what += f" (in “{one_line(name, 40)}”)"
        self.notify(f"Undone: {what}", timeout=3)
        self.selections_changed()

    def selections_changed(self) -> None:
        """Tell every open screen that can show the selection to read it again."""
        for screen in self.screen_stack:
            refresh = getattr(screen, "selection_changed", None)
            if callable(refresh):
                refresh()

    # --- other processes ----------------------------------------------------------------

    def watch_selections(self) -> None:
        """Start noticing other processes' changes to the library's selections."""
        from tui.selection import Watcher

        if self._selection_watcher is not None:
            return
        if self._selection_seen is None:
            self._saw_own_change()
        # the baseline is what the screens show: a change made since is reported
        self._selection_watcher = Watcher(
            self.open_library().folder, self._changed_elsewhere, WATCH_INTERVAL,
            baseline=self._selection_seen,
        )  # fmt: skip
        self._selection_watcher.start()

    def stop_watching_selections(self) -> None:
        if self._selection_watcher is not None:
            self._selection_watcher.stop()

    def selection_shown(self) -> None:
        """A screen has just read the selection: what it shows is the watcher's baseline."""
        self._saw_own_change()

    def _saw_own_change(self) -> None:
        from tui.selection import versions

        try:
            self._selection_seen = versions(self.open_library())
        except Exception:  # noqa: BLE001 - the watcher's view is best effort
            self._selection_seen = None

    def _changed_elsewhere(self, now: dict[str, int]) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(self._apply_elsewhere, now)

    def _apply_elsewhere(self, now: dict[str, int]) -> None:
        from tui.selection import versions

        before = self._selection_seen
        try:  # what the library says now, read on the UI connection
            now = versions(self.open_library())
        except Exception:  # noqa: BLE001
            return
        self._selection_seen = now
        if before is None or now == before:
            return  # our own change, seen already
        name = self.selection_name
        if name in now:
            if now[name] != before.get(name):
                self.selections_changed()
                self.notify(f"Selection “{one_line(name, 60)}” changed in another window",
                            timeout=3)  # fmt: skip
            return
        if name not in before:
            return  # not saved yet: nothing to follow
        appeared = [n for n in now if n not in before]
        if len(appeared) == 1:  # renamed elsewhere: follow it
            self._selection_name = appeared[0]
            self.selections_changed()
            self.notify(f"Selection “{one_line(name, 40)}” was renamed to "
                        f"“{one_line(appeared[0], 40)}” in another window", timeout=5)  # fmt: skip
        else:
            self.selections_changed()
            self.notify(f"Selection “{one_line(name, 60)}” was deleted in another window",
                        severity="warning", timeout=6)  # fmt: skip
