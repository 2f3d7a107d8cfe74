"""Search over passages. (Interface stub: naive substring matching.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.model import Article


@dataclass(frozen=True)
class Hit:
    """A passage matching a query, with character highlights into `text`."""

    article_id: str
    title: str
    paragraph: int
    score: float
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "paragraph": self.paragraph,
            "score": self.score,
            "text": self.text,
            "highlights": [list(h) for h in self.highlights],
        }


class Index:
    """A searchable index of passages."""

    def __init__(self, rows: list[tuple[str, str, int, str]]) -> None:
        self.rows = rows  # (article_id, title, paragraph, text)

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> Index:
        return cls([(a.id, a.title, i, p) for a in articles for i, p in enumerate(a.paragraphs)])

    @classmethod
    def load(cls, lib: object) -> Index:
        """The index stored in a library."""
        from tui.library import Library

        assert isinstance(lib, Library)
        titles = {s.id: s.title for s in lib.summaries()}
        return cls([(a, titles.get(a, ""), i, t) for a, i, t in lib.passages()])

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        q = query.casefold().strip()
        hits = []
        for aid, title, i, text in self.rows:
            pos = text.casefold().find(q) if q else -1
            if pos >= 0:
                hits.append(Hit(aid, title, i, 1.0, text, [(pos, pos + len(q))]))
        return hits[:limit]


def update_index(lib: object, added: list[str], removed: list[str]) -> None:
    """Bring the library's stored index up to date after an ingest."""
