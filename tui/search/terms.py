"""Index terms: the shared tokeniser's folded words (`tui.text.words`), the words too
common to index, and the vocabulary that numbers terms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import compress, count, repeat
from operator import is_

import numpy as np

from tui.text import STOP_WORDS, words

# What the index stores and queries ask for: the shared tokeniser's folded words.
index_terms = words


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
    """Terms by id and a growing term -> id map.

    The map is built on first use of `tid_of` (a dict of every term); `tid` looks a
    few words up without it, as a one-query process does."""

    LOOKUPS_BEFORE_MAP = 16  # words looked up by scanning before the map is built

    def __init__(self, terms: list[str] | None = None) -> None:
        self.terms: list[str] = terms or []
        self._tid_of: dict[str, int] | None = None
        self._looked: dict[str, int | None] = {}  # words looked up by a scan
        self._stop = np.zeros(0, dtype=bool)

    @property
    def tid_of(self) -> dict[str, int]:
        """Every term's id."""
        if self._tid_of is None:
            self._tid_of = dict(zip(self.terms, range(len(self.terms)), strict=True))
        return self._tid_of

    def tid(self, word: str) -> int | None:
        """The id of `word` (None: no passage has it)."""
        if self._tid_of is None and len(self._looked) < self.LOOKUPS_BEFORE_MAP:
            if word not in self._looked:
                try:
                    self._looked[word] = self.terms.index(word)  # one scan, in C
                except ValueError:
                    self._looked[word] = None
            return self._looked[word]
        return self.tid_of.get(word)

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
