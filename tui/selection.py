"""The user's selections of passages, saved in the library the moment they change.

A selection has a name, an ordered list of passages (article id, paragraph) with
notes, and the title and bottom line the user wants for its brief. Every change
is its own short transaction, so nothing is lost if the app stops.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tui.library import Library
from tui.model import SelectionItem
from tui.text import sanitize

DEFAULT = "default"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SelectionInfo:
    """A named selection as listed: name, brief title, passage count, last change (UTC)."""

    name: str
    title: str
    count: int
    updated: str


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
        rows = lib.db.execute(
            "SELECT s.name, s.title, s.updated, "
            "(SELECT COUNT(*) FROM selection_items i WHERE i.selection = s.name) "
            "FROM selections s ORDER BY s.name"
        )
        return [SelectionInfo(n, t, c, u) for n, t, u, c in rows]

    def exists(self) -> bool:
        return (
            self.lib.db.execute("SELECT 1 FROM selections WHERE name = ?", (self.name,)).fetchone()
            is not None
        )

    # --- reading ---------------------------------------------------------------

    def items(self) -> list[SelectionItem]:
        """The selected passages in the user's order."""
        rows = self.lib.db.execute(
            "SELECT article_id, paragraph, note FROM selection_items WHERE selection = ? "
            "ORDER BY position",
            (self.name,),
        )
        return [SelectionItem(a, p, n) for a, p, n in rows]

    def __len__(self) -> int:
        row = self.lib.db.execute(
            "SELECT COUNT(*) FROM selection_items WHERE selection = ?", (self.name,)
        ).fetchone()
        return int(row[0])

    def contains(self, article_id: str, paragraph: int) -> bool:
        return self._position(article_id, paragraph) is not None

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
        row = self.lib.db.execute(
            f"SELECT {column} FROM selections WHERE name = ?", (self.name,)
        ).fetchone()
        return str(row[0]) if row else ""

    def _position(self, article_id: str, paragraph: int) -> int | None:
        row = self.lib.db.execute(
            "SELECT position FROM selection_items WHERE selection = ? AND article_id = ? "
            "AND paragraph = ?",
            (self.name, article_id, paragraph),
        ).fetchone()
        return None if row is None else int(row[0])

    # --- changing (each call is one transaction) --------------------------------

    def _touch(self) -> None:
        self.lib.db.execute(
            "INSERT INTO selections (name, updated) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET updated = excluded.updated",
            (self.name, self.clock()),
        )

    def _renumber(self) -> None:
        rows = self.lib.db.execute(
            "SELECT article_id, paragraph FROM selection_items WHERE selection = ? "
            "ORDER BY position",
            (self.name,),
        ).fetchall()
        self._write_order(rows)

    def _write_order(self, rows: list[tuple[str, int]]) -> None:
        # two passes so the new positions never collide with old ones mid-way
        for i, (a, p) in enumerate(rows):
            self.lib.db.execute(
                "UPDATE selection_items SET position = ? WHERE selection = ? AND article_id = ? "
                "AND paragraph = ?",
                (-1 - i, self.name, a, p),
            )
        self.lib.db.execute(
            "UPDATE selection_items SET position = -1 - position WHERE selection = ?",
            (self.name,),
        )

    def add(self, article_id: str, paragraph: int, note: str = "") -> bool:
        """Add the passage at the end; False when it was already selected."""
        with self.lib.transaction():
            if self._position(article_id, paragraph) is not None:
                return False
            end = self.lib.db.execute(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM selection_items WHERE selection = ?",
                (self.name,),
            ).fetchone()[0]
            self._touch()
            self.lib.db.execute(
                "INSERT INTO selection_items (selection, position, article_id, paragraph, note) "
                "VALUES (?, ?, ?, ?, ?)",
                (self.name, end, article_id, paragraph, sanitize(note).strip()),
            )
            return True

    def toggle(self, article_id: str, paragraph: int) -> bool:
        """Add the passage, or remove it when already selected; True when now selected."""
        if self.contains(article_id, paragraph):
            self.remove(article_id, paragraph)
            return False
        self.add(article_id, paragraph)
        return True

    def remove(self, article_id: str, paragraph: int) -> None:
        """Take the passage out (nothing happens when it is not selected)."""
        with self.lib.transaction():
            cur = self.lib.db.execute(
                "DELETE FROM selection_items WHERE selection = ? AND article_id = ? "
                "AND paragraph = ?",
                (self.name, article_id, paragraph),
            )
            if cur.rowcount:
                self._touch()
                self._renumber()

    def set_note(self, article_id: str, paragraph: int, note: str) -> None:
        """Attach a note to a passage; a passage not yet selected is added with it."""
        note = sanitize(note).strip()
        with self.lib.transaction():
            cur = self.lib.db.execute(
                "UPDATE selection_items SET note = ? WHERE selection = ? AND article_id = ? "
                "AND paragraph = ?",
                (note, self.name, article_id, paragraph),
            )
            if cur.rowcount:
                self._touch()
                return
        self.add(article_id, paragraph, note)

    def move(self, article_id: str, paragraph: int, delta: int) -> None:
        """Move a selected passage `delta` places (negative: earlier), clamped to the ends;
        nothing happens when the passage is not selected."""
        with self.lib.transaction():
            rows = self.lib.db.execute(
                "SELECT article_id, paragraph FROM selection_items WHERE selection = ? "
                "ORDER BY position",
                (self.name,),
            ).fetchall()
            order = [(str(a), int(p)) for a, p in rows]
            key = (article_id, paragraph)
            if key not in order:
                return
            i = order.index(key)
            j = max(0, min(len(order) - 1, i + delta))
            if i == j:
                return
            order.insert(j, order.pop(i))
            self._write_order(order)
            self._touch()

    def clear(self) -> None:
        """Remove every passage (the title and bottom line stay)."""
        with self.lib.transaction():
            self.lib.db.execute("DELETE FROM selection_items WHERE selection = ?", (self.name,))
            self._touch()

    def set_title(self, title: str) -> None:
        """The title the brief of this selection gets."""
        self._set("title", " ".join(sanitize(title).split()))

    def set_bluf(self, bluf: str) -> None:
        """The user's bottom line; '' hands it back to the drafted one."""
        self._set("bluf", sanitize(bluf).strip())

    def _set(self, column: str, value: str) -> None:
        assert column in ("title", "bluf")
        with self.lib.transaction():
            self._touch()
            self.lib.db.execute(
                f"UPDATE selections SET {column} = ? WHERE name = ?", (value, self.name)
            )

    def delete(self) -> None:
        """Forget the selection entirely."""
        with self.lib.transaction():
            self.lib.db.execute("DELETE FROM selection_items WHERE selection = ?", (self.name,))
            self.lib.db.execute("DELETE FROM selections WHERE name = ?", (self.name,))
