"""Where quotations are in a text: stretches between quotation marks, paragraph by
paragraph, including quotations that run on over several paragraphs (each piece
opens with a mark, only the last one closes).

Marks understood: curly “…”, straight "…", doubled apostrophes ''…'' and the
TeX/PTB style ``…'', guillemets «…» and the German „…“. Apostrophes and single
quotation marks (‘…’) are left alone: they are far more often apostrophes."""

from __future__ import annotations

import re
from dataclasses import dataclass

# `` and '' first so that they are read as one mark, not two apostrophes
_MARK_RE = re.compile(r"``|''|[\"“”«»„]")
_OPENERS = {"“": "”", "«": "»", "„": "“", "``": "''"}
_AMBIGUOUS = {'"', "''"}  # the same mark opens and closes


@dataclass(frozen=True)
class Piece:
    """One paragraph's stretch of a quotation: `start`/`end` are the quoted words
    (marks excluded); `opened`/`closed` say whether a mark stands at each side.
    `chain` numbers the quotation, so the pieces of one quotation share it."""

    paragraph: int
    start: int
    end: int
    mark_start: int  # where the opening mark stands (== start when there is none)
    mark_end: int  # just after the closing mark (== end when there is none)
    opened: bool
    closed: bool
    chain: int


def _looks_closing(text: str, i: int, width: int) -> bool:
    """A straight mark after a word or punctuation and before a space or the end
    (`…,"` `word" said`), which closes rather than opens."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?)]—–-")


def _looks_opening(text: str, i: int, width: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([—–-:/") and not after.isspace()


def _spans(text: str, carried: bool) -> list[tuple[int, int, int, int, bool, bool]]:
    """(start, end, mark_start, mark_end, opened, closed) of one paragraph's stretches.
    `carried`: a quotation left open by the paragraph before may run on into this one
    without a new mark only if this paragraph closes it before opening another."""
    out: list[tuple[int, int, int, int, bool, bool]] = []
    marks = list(_MARK_RE.finditer(text))
    open_at: int | None = None  # index in text just after the opening mark
    open_mark = 0
    closer = ""
    if carried and marks:
        first = marks[0]
        if first.group() in ("”", "»") or (
            first.group() in _AMBIGUOUS and _looks_closing(text, first.start(), len(first.group()))
        ):
            out.append((0, first.start(), 0, first.end(), False, True))
            marks = marks[1:]
    for m in marks:
        mark, i = m.group(), m.start()
        if open_at is None:
            if mark in _OPENERS:
                closer = _OPENERS[mark]
            elif mark in _AMBIGUOUS:
                if _looks_closing(text, i, len(mark)) and not _looks_opening(text, i, len(mark)):
                    continue  # a stray closing mark
                closer = mark
            else:
                continue  # a stray closing mark
            open_at, open_mark = m.end(), i
            continue
        if mark == closer or (closer == "”" and mark == '"') or (closer == "''" and mark == '"'):
            out.append((open_at, i, open_mark, m.end(), True, True))
            open_at = None
        elif mark in ("“", "``", "«") and mark != closer:
            # reopened before the last one closed: that one lacked its closing mark
            end = i
            while end > open_at and text[end - 1].isspace():
                end -= 1
            out.append((open_at, end, open_mark, end, True, False))
            closer = _OPENERS[mark]
            open_at, open_mark = m.end(), i
    if open_at is not None:
        out.append((open_at, len(text), open_mark, len(text), True, False))
    return out


def find_pieces(paragraphs: list[str] | tuple[str, ...]) -> list[Piece]:
    """Every quoted stretch of the paragraphs, in order, with its quotation's number."""
    pieces: list[Piece] = []
    chain = -1
    left_open = False  # the last paragraph's last quotation had no closing mark
    for pi, text in enumerate(paragraphs):
        spans = _spans(text, left_open)
        for k, (s, e, ms, me, opened, closed) in enumerate(spans):
            runs_on = k == 0 and left_open and (not opened or ms == _lead(text))
            if not runs_on:
                chain += 1
            pieces.append(Piece(pi, s, e, ms, me, opened, closed, chain))
        left_open = bool(spans) and not spans[-1][5] and spans[-1][4]
    return pieces


def _lead(text: str) -> int:
    """Index of the first non-space character."""
    return len(text) - len(text.lstrip())
