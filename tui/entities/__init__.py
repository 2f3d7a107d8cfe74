"""Entities: people, organisations and places in articles, with aliases, roles,
quotes and figures. (Interface stub; the extractor replaces it.)"""

from __future__ import annotations

from tui.model import Analysis, Article, Mention


def analyse(article: Article) -> Analysis:
    """Mentions (paragraph offsets), entities, quotes and figures of one article."""
    return Analysis(article.id)


def analyse_text(text: str) -> list[Mention]:
    """Mentions in one raw document, offsets into `text` (the `--raw` mode)."""
    return []
