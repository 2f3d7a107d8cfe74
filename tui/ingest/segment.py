"""Paragraph segmentation: long runs of text into paragraphs of whole sentences."""

from __future__ import annotations

from tui import text

# A line longer than this is a whole body (or several paragraphs run together)
# rather than one paragraph, and is split into paragraphs of a few sentences.
LONG_LINE = 1000
TARGET = 380  # close a paragraph once it is about this long ...
MAX_SENTENCES = 4  # ... or holds this many sentences
MIN_TAIL = 120  # a last paragraph shorter than this joins the one before


def group_sentences(sentences: list[str]) -> list[str]:
    """Whole sentences grouped into paragraphs of a few sentences each."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        if current and (len(current) >= MAX_SENTENCES or size + len(sentence) > 2 * TARGET):
            paragraphs.append(current)
            current, size = [], 0
        current.append(sentence)
        size += len(sentence) + 1
        if size >= TARGET:
            paragraphs.append(current)
            current, size = [], 0
    if current:
        tail = " ".join(current)
        if paragraphs and len(tail) < MIN_TAIL and len(" ".join(paragraphs[-1])) < 3 * TARGET:
            paragraphs[-1].extend(current)
        else:
            paragraphs.append(current)
    return [" ".join(p) for p in paragraphs]


def split_long(line: str) -> list[str]:
    """A line as paragraphs: kept whole when paragraph-sized, else split by sentences."""
    if len(line) <= LONG_LINE:
        return [line]
    return group_sentences(text.split_sentences(line))


def paragraphs_from_text(body: str) -> list[str]:
    """Paragraphs from a body whose lines (or blank-line blocks) are paragraphs."""
    out: list[str] = []
    for block in body.split("\n"):
        line = text.clean_line(block)
        if line:
            out.extend(split_long(line))
    return out
