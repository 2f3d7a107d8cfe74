"""Plain text: the first line is the title, blank-line separated paragraphs follow."""

from __future__ import annotations

from tui.model import Article


def read(decoded: str, source_path: str) -> list[Article]:
    lines = decoded.strip().split("\n")
    title = " ".join(lines[0].split())
    body = "\n".join(lines[1:])
    blocks = [" ".join(b.split()) for b in body.split("\n\n")]
    paragraphs = [b for b in blocks if b]
    if not paragraphs:
        return []
    return [Article.create(title=title, paragraphs=paragraphs, source_path=source_path)]
