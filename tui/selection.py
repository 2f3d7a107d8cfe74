"""The user's selections of passages, saved in the library the moment they change.

A selection has a name, an ordered list of passages (article id, paragraph) with
notes, and the title and bottom line the user wants for its brief. Every change
is one short transaction that inserts, updates or deletes only the rows it is
about (never a rewrite of the whole list), so two readers on one library lose
nothing of each other's work. Each change bumps the selection's `version`, which
`Watcher` polls so a reader can show what another process changed.

A passage taken out of a selection keeps its note (in `selection_kept_notes`): it
comes back when the passage is selected again. `Change` describes what a call did,
so the app can undo it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.errors import BriefError, SelectionError
from tui.library import Library
from tui.model import SelectionItem
from tui.text import clean_line, sanitize

DEFAULT = "default"
MAX_NAME = 60
CURRENT_KEY = "selection.current"  # meta: the selection the reader showed last


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def check_name(name: str) -> str:
    """A selection name as stored (spaces collapsed), or SelectionError saying why not."""
    clean = clean_line(name)
    if not clean:
        raise SelectionError("a selection needs a name")
    if sanitize(name) != name or any(c in name for c in "\n\t\r"):
        raise SelectionError(f"{clean!r}: a selection name is one line without control characters")
    if len(clean) > MAX_NAME:
        raise SelectionError(f"{clean[:20]!r}…: a selection name has at most {MAX_NAME} characters")
    return clean


@dataclass(frozen=True)
class SelectionInfo:
    """A named selection as listed: name, brief title, passage count, last change (UTC)."""

    name: str
    title: str
    count: int
    updated: str


@dataclass(frozen=True)
class Change:
    """What one call did to a selection: `added` or `removed` an item (at `position`),
    or changed its `note` (`previous` is the note before)."""

    kind: str  # "added" | "removed" | "note"
    item: SelectionItem
    position: int = 0
    previous: str = ""

    @property
    def selected(self) -> bool:
        """Whether the passage is in the selection after the change."""
        return self.kind != "removed"


# --- the selections of a library -----------------------------------------------------


def names(lib: Library) -> list[SelectionInfo]:
    """Every saved selection, by name."""
    rows = lib.execute(
        "SELECT s.name, s.title, s.updated, "
        "(SELECT COUNT(*) FROM selection_items i WHERE i.selection = s.name) "
        "FROM selections s ORDER BY s.name COLLATE NOCASE, s.name"
    )
    return [SelectionInfo(n, t, c, u) for n, t, u, c in rows]


def versions(lib: Library) -> dict[str, int]:
    """Each selection's change counter (what `Watcher` compares)."""
    return {str(n): int(v) for n, v in lib.execute("SELECT name, version FROM selections")}


def create(lib: Library, name: str) -> SelectionStore:
    """A new, empty selection; SelectionError when the name is taken or not a name."""
    name = check_name(name)
    store = SelectionStore(lib, name)
    with lib.transaction():
        if store.exists():
            raise SelectionError(f"a selection named {name!r} already exists")
        store._touch()
    return store


def rename(lib: Library, old: str, new: str) -> SelectionStore:
    """Give a selection a new name, with its passages, notes, title and bottom line."""
    new = check_name(new)
    with lib.transaction():
        if not SelectionStore(lib, old).exists():
            raise SelectionError(f"no selection named {old!r}")
        if new != old and SelectionStore(lib, new).exists():
            raise SelectionError(f"a selection named {new!r} already exists")
        if new == old:
            return SelectionStore(lib, new)
        lib.execute(
            "UPDATE selections SET name = ?, version = version + 1, updated = ? WHERE name = ?",
            (new, _now(), old),
        )
        for table in ("selection_items", "selection_kept_notes"):
            lib.execute(f"UPDATE {table} SET selection = ? WHERE selection = ?", (new, old))
        if lib.get_meta(CURRENT_KEY) == old:
            lib.set_meta(CURRENT_KEY, new)
    return SelectionStore(lib, new)


def current_name(lib: Library, configured: str = DEFAULT) -> str:
    """The selection a reader opens on: the configured one when the config names one,
    else the one shown last (when it still exists), else `default`."""
    if configured != DEFAULT:
        return configured
    last = lib.get_meta(CURRENT_KEY)
    if last and SelectionStore(lib, last).exists():
        return last
    return DEFAULT


def remember_current(lib: Library, name: str) -> None:
    """Remember the selection the reader shows, for the next start."""
    with lib.transaction():
        lib.set_meta(CURRENT_KEY, name)


class SelectionStore:
    """A named selection: ordered passages with notes, plus the brief's title and bluf."""

    def __init__(self, lib: Library, name: str = DEFAULT, clock: Callable[[], str] = _now) -> None:
        self.lib = lib
        self.name = name
        self.clock = clock

    # --- listing ---------------------------------------------------------------

    @staticmethod
    def names(lib: Library) -> list[SelectionInfo]:
        """Every saved selection, by name."""
        return names(lib)

    def exists(self) -> bool:
        return (
            self.lib.execute("SELECT 1 FROM selections WHERE name = ?", (self.name,)).fetchone()
            is not None
        )

    # --- reading ---------------------------------------------------------------

    def items(self) -> list[SelectionItem]:
        """The selected passages in the user's order."""
        rows = self.lib.execute(
            "SELECT article_id, paragraph, note FROM selection_items WHERE selection = ? "
            "ORDER BY position",
            (self.name,),
        )
        return [SelectionItem(a, p, n) for a, p, n in rows]

    def __len__(self) -> int:
        row = self.lib.execute(
            "SELECT COUNT(*) FROM selection_items WHERE selection = ?", (self.name,)
        ).fetchone()
        return int(row[0])

    def contains(self, article_id: str, paragraph: int) -> bool:
        return self._position(article_id, paragraph) is not None

    def version(self) -> int | None:
        """The change counter (None when the selection does not exist)."""
        row = self.lib.execute(
            "SELECT version FROM selections WHERE name = ?", (self.name,)
        ).fetchone()
        return None if row is None else int(row[0])

    def kept_note(self, article_id: str, paragraph: int) -> str:
        """The note a passage had when it was taken out ('' when none)."""
        row = self.lib.execute(
            "SELECT note FROM selection_kept_notes WHERE selection = ? AND article_id = ? "
            "AND paragraph = ?",
            (self.name, article_id, paragraph),
        ).fetchone()
        return str(row[0]) if row else ""

    @property
    def title(self) -> str:
        """The brief title the user set ('' when none)."""
        return self._field("title")

    @property
    def bluf(self) -> str:
        """The bottom line the user wrote ('' when none: the brief drafts one)."""
        return self._field("bluf")

    def _field(self, column: str) -> str:
        assert column in ("title", "bluf")
        row = self.lib.execute(
            f"SELECT {column} FROM selections WHERE name = ?", (self.name,)
        ).fetchone()
        return str(row[0]) if row else ""

    def _position(self, article_id: str, paragraph: int) -> int | None:
        row = self.lib.execute(
            "SELECT position FROM selection_items WHERE selection = ? AND article_id = ? "
            "AND paragraph = ?",
            (self.name, article_id, paragraph),
        ).fetchone()
        return None if row is None else int(row[0])

    def _item(self, article_id: str, paragraph: int) -> tuple[int, str] | None:
        row = self.lib.execute(
            "SELECT position, note FROM selection_items WHERE selection = ? AND article_id = ? "
            "AND paragraph = ?",
            (self.name, article_id, paragraph),
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    # --- changing (each call is one transaction on the rows it is about) ---------

    def _touch(self) -> None:
        self.lib.execute(
            "INSERT INTO selections (name, updated) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET updated = excluded.updated, "
            "version = version + 1",
            (self.name, self.clock()),
        )

    def _keep_note(self, article_id: str, paragraph: int, note: str) -> None:
        if note:
            self.lib.execute(
                "INSERT OR REPLACE INTO selection_kept_notes "
                "(selection, article_id, paragraph, note, kept_at) VALUES (?, ?, ?, ?, ?)",
                (self.name, article_id, paragraph, note, self.clock()),
            )

    def add(
        self, article_id: str, paragraph: int, note: str = "", position: int | None = None
    ) -> bool:
        """Add the passage at the end (or at a free `position`, when undoing a removal);
        a note kept from an earlier removal comes back. False when already selected."""
        return self._add(article_id, paragraph, note, position) is not None

    def _add(
        self, article_id: str, paragraph: int, note: str, position: int | None
    ) -> Change | None:
        note = sanitize(note).strip()
        with self.lib.transaction():
            if self._position(article_id, paragraph) is not None:
                return None
            if not note:
                note = self.kept_note(article_id, paragraph)
            taken = (
                position is None
                or self.lib.execute(
                    "SELECT 1 FROM selection_items WHERE selection = ? AND position = ?",
                    (self.name, position),
                ).fetchone()
            )
            if taken:
                position = self.lib.execute(
                    "SELECT COALESCE(MAX(position) + 1, 0) FROM selection_items "
                    "WHERE selection = ?",
                    (self.name,),
                ).fetchone()[0]
            assert position is not None
            self._touch()
            self.lib.execute(
                "INSERT INTO selection_items (selection, position, article_id, paragraph, note) "
                "VALUES (?, ?, ?, ?, ?)",
                (self.name, position, article_id, paragraph, note),
            )
            self.lib.execute(
                "DELETE FROM selection_kept_notes WHERE selection = ? AND article_id = ? "
                "AND paragraph = ?",
                (self.name, article_id, paragraph),
            )
            return Change("added", SelectionItem(article_id, paragraph, note), int(position))

    def toggle(self, article_id: str, paragraph: int) -> Change:
        """Add the passage, or take it out when selected (its note is kept), in one
        transaction; the Change says which."""
        with self.lib.transaction():
            removed = self.remove(article_id, paragraph)
            if removed is not None:
                return removed
            added = self._add(article_id, paragraph, "", None)
            assert added is not None
            return added

    def remove(self, article_id: str, paragraph: int) -> Change | None:
        """Take the passage out, keeping its note for a reselect; None when it was not
        selected. The other passages keep their places (positions need not be dense)."""
        with self.lib.transaction():
            found = self._item(article_id, paragraph)
            if found is None:
                return None
            position, note = found
            self.lib.execute(
                "DELETE FROM selection_items WHERE selection = ? AND article_id = ? "
                "AND paragraph = ?",
                (self.name, article_id, paragraph),
            )
            self._keep_note(article_id, paragraph, note)
            self._touch()
            return Change("removed", SelectionItem(article_id, paragraph, note), position)

    def set_note(self, article_id: str, paragraph: int, note: str) -> Change:
        """Attach a note (several lines are fine) to a passage; a passage not yet
        selected is added with it. The Change holds the note it replaced."""
        note = sanitize(note).strip()
        with self.lib.transaction():
            found = self._item(article_id, paragraph)
            if found is None:
                added = self._add(article_id, paragraph, note, None)
                assert added is not None
                if not note:  # an empty note does not bring back a kept one
                    self.lib.execute(
                        "UPDATE selection_items SET note = '' WHERE selection = ? "
                        "AND article_id = ? AND paragraph = ?",
                        (self.name, article_id, paragraph),
                    )
                    added = Change("added", SelectionItem(article_id, paragraph), added.position)
                return added
            position, previous = found
            self.lib.execute(
                "UPDATE selection_items SET note = ? WHERE selection = ? AND article_id = ? "
                "AND paragraph = ?",
                (note, self.name, article_id, paragraph),
            )
            self._touch()
            return Change("note", SelectionItem(article_id, paragraph, note), position, previous)

    def undo(self, change: Change) -> None:
        """Reverse a Change this store (or another on the same selection) reported."""
        item = change.item
        if change.kind == "added":
            self.remove(item.article_id, item.paragraph)  # its note is kept
        elif change.kind == "removed":
            self._add(item.article_id, item.paragraph, item.note, change.position)
        else:
            with self.lib.transaction():
                if self.contains(item.article_id, item.paragraph):
                    self.set_note(item.article_id, item.paragraph, change.previous)

    def move(self, article_id: str, paragraph: int, delta: int) -> None:
        """Move a selected passage `delta` places (negative: earlier), clamped to the ends;
        only the passages it passes get new positions. Nothing happens when the passage
        is not selected."""
        with self.lib.transaction():
            rows = self.lib.execute(
                "SELECT article_id, paragraph, position FROM selection_items "
                "WHERE selection = ? ORDER BY position",
                (self.name,),
            ).fetchall()
            order = [(str(a), int(p)) for a, p, _ in rows]
            positions = [int(pos) for _, _, pos in rows]
            key = (article_id, paragraph)
            if key not in order:
                return
            i = order.index(key)
            j = max(0, min(len(order) - 1, i + delta))
            if i == j:
                return
            moved = list(order)
            moved.insert(j, moved.pop(i))
            for k in range(min(i, j), max(i, j) + 1):
                a, p = moved[k]
                self.lib.execute(
                    "UPDATE selection_items SET position = ? WHERE selection = ? "
                    "AND article_id = ? AND paragraph = ?",
                    (positions[k], self.name, a, p),
                )
            self._touch()

    def clear(self) -> None:
        """Remove every passage (notes are kept for a reselect; title and bottom line stay)."""
        with self.lib.transaction():
            self.lib.execute(
                "INSERT OR REPLACE INTO selection_kept_notes "
                "(selection, article_id, paragraph, note, kept_at) "
                "SELECT selection, article_id, paragraph, note, ? FROM selection_items "
                "WHERE selection = ? AND note != ''",
                (self.clock(), self.name),
            )
            self.lib.execute("DELETE FROM selection_items WHERE selection = ?", (self.name,))
            self._touch()

    def set_title(self, title: str) -> None:
        """The title the brief of this selection gets."""
        self._set("title", clean_line(title))

    def set_bluf(self, bluf: str) -> None:
        """The user's bottom line; '' hands it back to the drafted one."""
        self._set("bluf", sanitize(bluf).strip())

    def _set(self, column: str, value: str) -> None:
        assert column in ("title", "bluf")
        with self.lib.transaction():
            self._touch()
            self.lib.execute(
                f"UPDATE selections SET {column} = ? WHERE name = ?", (value, self.name)
            )

    def delete(self) -> None:
        """Forget the selection entirely, with its kept notes."""
        with self.lib.transaction():
            for table in ("selection_items", "selection_kept_notes"):
                self.lib.execute(f"DELETE FROM {table} WHERE selection = ?", (self.name,))
            self.lib.execute("DELETE FROM selections WHERE name = ?", (self.name,))


# --- watching for other processes' changes -----------------------------------------------


class Watcher:
    """Polls the library on its own thread and connection (cheap: `PRAGMA data_version`
    first, which moves only when another connection wrote) and calls `on_change` with
    every selection's version whenever one of them changed, was created or deleted.
    `baseline` is the versions the caller shows (changes made before the thread's first
    look count too); without it the first look is the baseline. `on_change` runs on the
    watcher's thread."""

    def __init__(
        self,
        folder: Path | str,
        on_change: Callable[[dict[str, int]], None],
        interval: float = 1.5,
        baseline: dict[str, int] | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.baseline = baseline
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="brief-selection-watch", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            lib = Library.open(self.folder)
        except BriefError:
            return  # the reader reports an unusable library itself
        try:
            seen_data: int | None = None
            seen: dict[str, int] | None = self.baseline
            while not self._stop.is_set():
                try:
                    data = int(lib.execute("PRAGMA data_version").fetchone()[0])
                    if data != seen_data:
                        seen_data = data
                        now = versions(lib)
                        if seen is not None and now != seen:
                            self.on_change(now)
                        seen = now
                except sqlite3.Error:
                    pass  # busy or damaged for a moment: try again next time
                self._stop.wait(self.interval)
        finally:
            lib.close()
