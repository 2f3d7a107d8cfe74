"""The user's selection of passages, saved in the library the moment it changes.
(Interface stub; the brief work replaces it.)"""

from __future__ import annotations

from tui.library import Library
from tui.model import SelectionItem


class SelectionStore:
    """A named selection: ordered passages with notes."""

    def __init__(self, lib: Library, name: str = "default") -> None:
        self.lib = lib
        self.name = name

    def items(self) -> list[SelectionItem]:
        rows = self.lib.db.execute(
            "SELECT article_id, paragraph, note FROM selection_items WHERE selection = ? "
            "ORDER BY position",
            (self.name,),
        )
        return [SelectionItem(a, p, n) for a, p, n in rows]

    def toggle(self, article_id: str, paragraph: int) -> bool:
        """Add the passage, or remove it when already selected; True when now selected."""
        raise NotImplementedError

    def set_note(self, article_id: str, paragraph: int, note: str) -> None:
        raise NotImplementedError

    def move(self, article_id: str, paragraph: int, delta: int) -> None:
        raise NotImplementedError

    def remove(self, article_id: str, paragraph: int) -> None:
        raise NotImplementedError
