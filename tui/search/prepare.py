"""Articles tokenised for the index: the CPU-heavy half of indexing, with no database.

Ingest calls `prepare` in its worker processes, beside reading, so the process
that writes the library only maps local term ids to the library's ids and
stores postings. Articles prepared with one `Vocabulary` share its term list,
which pickle sends once for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from tui.model import Article
from tui.search.terms import Vocabulary, index_terms


@dataclass(frozen=True)
class Prepared:
    """What the index needs of one article, its words as ids into `terms`."""

    article_id: str
    terms: list[str]  # the local vocabulary, shared by articles prepared together
    tokens: np.ndarray  # uint32 local ids of every paragraph's words, in order
    lengths: np.ndarray  # uint32 words per paragraph
    title: np.ndarray  # uint32 local ids of the title's words
    outlet: str  # the outlet's index terms, joined by spaces ("" when unknown)
    published: str  # ISO date, "" when unknown

    @property
    def n_paragraphs(self) -> int:
        return int(self.lengths.size)


def prepare(articles: Iterable[Article], vocab: Vocabulary | None = None) -> list[Prepared]:
    """Tokenise `articles` for the index; term ids are local to `vocab` (a new one
    when not given)."""
    vocab = vocab if vocab is not None else Vocabulary()
    out = []
    for art in articles:
        words: list[str] = []
        lengths = []
        for para in art.paragraphs:
            terms = index_terms(para)
            words += terms
            lengths.append(len(terms))
        out.append(
            Prepared(
                article_id=art.id,
                terms=vocab.terms,
                tokens=np.asarray(vocab.ids(words), dtype=np.uint32),
                lengths=np.asarray(lengths, dtype=np.uint32),
                title=np.asarray(vocab.ids(index_terms(art.title)), dtype=np.uint32),
                outlet=" ".join(index_terms(art.outlet or "")),
                published=art.published or "",
            )
        )
    return out


@dataclass(frozen=True)
class Layout:
    """Prepared articles' passages laid end to end: the per-passage arrays of a batch."""

    tids: np.ndarray  # every passage's term ids, one passage after another
    lengths: np.ndarray  # words per passage
    aids: np.ndarray  # each passage's article, 0-based within the batch
    paras: np.ndarray  # each passage's paragraph index
    first: np.ndarray  # each article's first passage, 0-based within the batch

    def passages(self) -> list[np.ndarray]:
        """Each passage's term ids (views into `tids`)."""
        if not self.lengths.size:
            return []
        return np.split(self.tids, np.cumsum(self.lengths.astype(np.int64))[:-1])


def lay_out(prepared: list[Prepared], tokens: list[np.ndarray]) -> Layout:
    """The passages of `prepared` end to end, `tokens[i]` being article i's word ids."""
    counts = np.asarray([p.n_paragraphs for p in prepared], dtype=np.int64)
    first = np.cumsum(counts) - counts
    n = int(counts.sum())
    return Layout(
        tids=np.concatenate(tokens).astype(np.uint32) if tokens else np.zeros(0, np.uint32),
        lengths=(
            np.concatenate([p.lengths for p in prepared]).astype(np.uint32)
            if prepared
            else np.zeros(0, np.uint32)
        ),
        aids=np.repeat(np.arange(len(prepared), dtype=np.int64), counts),
        paras=np.arange(n, dtype=np.int64) - np.repeat(first, counts),
        first=first,
    )


def title_keys(prepared: list[Prepared], titles: list[np.ndarray], first_aid: int) -> np.ndarray:
    """Sorted `aid << 32 | tid` of every title term, article `first_aid + i` having
    the term ids `titles[i]` (ids of the vocabulary the index uses)."""
    counts = np.asarray([t.size for t in titles], dtype=np.int64)
    if not counts.sum():
        return np.zeros(0, dtype=np.int64)
    aids = np.repeat(np.arange(first_aid, first_aid + len(prepared), dtype=np.int64), counts)
    return np.unique((aids << 32) | np.concatenate(titles).astype(np.int64))


class TermMap:
    """Local term ids of prepared articles to a library vocabulary's ids.

    Each local term list is mapped once (and again only for terms added to it
    since), so a batch of articles from one worker costs one dictionary pass."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._maps: dict[int, tuple[list[str], np.ndarray]] = {}

    def tokens(self, p: Prepared) -> np.ndarray:
        """`p`'s paragraph words as the vocabulary's ids."""
        return self._map(p.terms)[p.tokens]

    def title(self, p: Prepared) -> np.ndarray:
        """`p`'s title words as the vocabulary's ids."""
        return self._map(p.terms)[p.title]

    def _map(self, terms: list[str]) -> np.ndarray:
        key = id(terms)
        known = self._maps.get(key)
        if known is not None and known[0] is terms and known[1].size == len(terms):
            return known[1]
        done = known[1] if known is not None and known[0] is terms else np.zeros(0, np.uint32)
        more = np.asarray(self.vocab.ids(terms[done.size :]), dtype=np.uint32)
        mapped = np.concatenate([done, more])
        self._maps[key] = (terms, mapped)  # the list is kept, so its id is not reused
        return mapped
