"""Paragraph segmentation: long runs of text into paragraphs of whole sentences."""

from __future__ import annotations

import re

from tui import text

# A line longer than this is a whole body (or several paragraphs run together)
# rather than one paragraph, and is split into paragraphs of a few sentences.
LONG_LINE = 1000
TARGET = 380  # close a paragraph once it is about this long ...
MAX_SENTENCES = 4  # ... or holds this many sentences
MIN_TAIL = 120  # a last paragraph shorter than this joins the one before


# Sentences opening like this lean on the one before: a paragraph does not start there
# when it can be helped ("He added...", "This is...", "But...").
_CONTINUES = re.compile(
    r"""["'“‘]?(?:He|She|It|They|This|That|These|Those|But|And|Also|Still|Yet|So|Its|His|Her|Their)\b"""
)


def group_sentences(sentences: list[str]) -> list[str]:
    """Whole sentences grouped into paragraphs of a few sentences each.

    A paragraph closes once it is about TARGET long or holds MAX_SENTENCES,
    unless the next sentence continues it (a pronoun or conjunction opens it)
    and there is room for one more; a short last paragraph joins the one before.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    size = 0
    for i, sentence in enumerate(sentences):
        if current and (len(current) >= MAX_SENTENCES + 1 or size + len(sentence) > 2 * TARGET):
            paragraphs.append(current)
            current, size = [], 0
        current.append(sentence)
        size += len(sentence) + 1
        if size >= TARGET or len(current) >= MAX_SENTENCES:
            nxt = sentences[i + 1] if i + 1 < len(sentences) else ""
            room = len(current) < MAX_SENTENCES + 1 and size + len(nxt) <= 2 * TARGET
            if not (nxt and room and _CONTINUES.match(nxt)):
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
