"""Index terms: the shared tokeniser's folded words, the words too common to index,
and the vocabulary that numbers terms.

`index_terms` must give the same words as `tui.text.tokens` (folded forms), only
faster: indexing 100k articles tokenises ~100M words. It folds the whole
passage once instead of word by word; for ASCII text the two are identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import compress, count, repeat
from operator import is_

import numpy as np

from tui import text as _text
from tui.text import STOP_WORDS, fold

# The shared token pattern restricted to ASCII (equal on ASCII text, and faster).
ASCII_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


# Words seen in non-ASCII text and their folded forms: folding is per character,
# words repeat (Zipf), so each distinct word is folded once per process.
_FOLDED: dict[str, str] = {}
_FOLDED_MOST = 1 << 19


# ASCII characters that are not part of a word: spaces for `str.translate`.
_ASCII_GAPS = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "'")}


def index_terms(text: str) -> list[str]:
    """Folded word tokens of `text`, in order, as `tokens()` would give them."""
    if text.isascii():
        # translate and split beat the regex by ~1.5x; words with apostrophes
        # (don't, 'quoted') go through the regex
        words = text.lower().translate(_ASCII_GAPS).split()
        if "'" not in text:
            return words
        out: list[str] = []
        for w in words:
            if "'" in w:
                out += ASCII_TOKEN.findall(w)
            else:
                out.append(w)
        return out
    raw = _text._TOKEN_RE.findall(text)
    folded = list(map(_FOLDED.get, raw))
    if None in folded:
        if len(_FOLDED) > _FOLDED_MOST:
            _FOLDED.clear()
        for i in _missing(folded):
            w = raw[i]
            folded[i] = _FOLDED[w] = fold(w)
    return folded  # type: ignore[return-value]


def _missing(found: Sequence[object]) -> Iterator[int]:
    """Indices of the Nones in `found` (the scan runs in C; most are found)."""
    return compress(count(), map(is_, found, repeat(None)))


def is_stop(term: str) -> bool:
    """Whether a folded term is a function word (not indexed, not required in queries)."""
    return term in STOP_WORDS or term.replace("’", "'") in STOP_WORDS


def max_edits(term: str) -> int:
    """Typos forgiven for a query word: none below 4 letters, 1 from 4, 2 from 8."""
    if any(c.isdigit() for c in term):
        return 0
    n = len(term)
    return 0 if n < 4 else 1 if n < 8 else 2


class Vocabulary:
    """Terms by id, their document frequencies, and a growing term -> id map."""

    def __init__(self, terms: list[str] | None = None) -> None:
        self.terms: list[str] = terms or []
        self.tid_of: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        self._stop = np.zeros(0, dtype=bool)

    def ids(self, words: list[str]) -> list[int]:
        """Ids of `words`, adding the new ones (numbered in order of first use)."""
        tid_of = self.tid_of
        out = list(map(tid_of.get, words))
        if None in out:
            for i in _missing(out):
                w = words[i]
                tid = tid_of.get(w)
                if tid is None:
                    tid = len(self.terms)
                    tid_of[w] = tid
                    self.terms.append(w)
                out[i] = tid
        return out  # type: ignore[return-value]

    def stop_ids(self) -> np.ndarray:
        """A boolean mask over term ids: True for function words (not indexed)."""
        known = self._stop.size
        if known < len(self.terms):
            more = np.fromiter(
                (is_stop(t) for t in self.terms[known:]), dtype=bool, count=len(self.terms) - known
            )
            self._stop = np.concatenate([self._stop, more])
        return self._stop[: len(self.terms)]
