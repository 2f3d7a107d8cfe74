"""Plain text: front matter when present; hard-wrapped paragraphs joined; then the
line reader in `scraped`, which also handles single articles (title on top)."""

from __future__ import annotations

from tui.ingest import scraped
from tui.ingest.furniture import is_sentence
from tui.ingest.meta import split_front_matter
from tui.model import Article


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether paragraphs are wrapped over several lines (lines end mid-sentence)."""
    inner = [a.strip() for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip()]
    if len(inner) < 3 or max(len(x) for x in lines) > 200:
        return False
    long_enough = sum(1 for x in inner if len(x) >= 40)
    ending = sum(1 for x in inner if is_sentence(x))
    return long_enough >= 0.6 * len(inner) and ending < len(inner) / 2


def unwrap(lines: list[str]) -> list[str]:
    """Blank-line separated blocks joined into one line each."""
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            out.extend([" ".join(block), ""])
            block = []
    return out


def read(decoded: str, source_path: str) -> list[Article]:
    """Articles from plain text (one, or several in a scraped page)."""
    meta, body = split_front_matter(decoded)
    lines = body.split("\n")
    if is_hard_wrapped(lines):
        lines = unwrap(lines)
    return scraped.read_lines(lines, source_path, meta)
