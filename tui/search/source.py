"""What the search engine reads: per-passage arrays, the vocabulary and postings.

Two sources: `MemorySource` (articles given on the command line, built in
memory) and `tui.search.store.LibrarySource` (the index stored in a library,
postings fetched lazily). Both number passages 0..n-1 ("pid") and articles
0..m-1 ("aid"); an article's passages have consecutive pids.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

import numpy as np

from tui.model import Article
from tui.search.prepare import lay_out, prepare, title_keys
from tui.search.terms import Vocabulary, index_terms

U32 = np.dtype("<u4")


def encode_passages(tids: np.ndarray, lengths: np.ndarray) -> list[bytes]:
    """Passages' term ids, compactly (`tids` holds them one passage after another,
    `lengths` how many each has): per passage one byte of width (2 when all its
    ids fit, else 4), then little-endian ints. (Stored: a change here needs
    store.INDEX_FORMAT bumped.)"""
    lengths = lengths.astype(np.int64)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    wide = np.zeros(lengths.size, dtype=bool)
    if tids.size:
        filled = lengths > 0
        wide[filled] = np.maximum.reduceat(tids, starts[filled]) >= 65536
    narrow_data = tids.astype("<u2").tobytes()
    wide_data = tids.astype("<u4").tobytes() if wide.any() else b""
    return [
        b"\x04" + wide_data[4 * a : 4 * b] if w else b"\x02" + narrow_data[2 * a : 2 * b]
        for a, b, w in zip(starts.tolist(), ends.tolist(), wide.tolist(), strict=True)
    ]


def decode_tids(data: bytes) -> np.ndarray:
    """One passage's term ids, as `encode_passages` wrote them."""
    if not data:
        return np.zeros(0, dtype=np.uint32)
    dtype = "<u2" if data[0] == 2 else "<u4"
    return np.frombuffer(data, dtype=dtype, offset=1).astype(np.uint32)


def invert(
    tids: np.ndarray, lengths: np.ndarray, first_pid: int, stop: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Postings of a batch of passages: (tids, offsets, docs, tfs), docs sorted per term.

    `tids` holds the passages' term ids one passage after another, `lengths`
    how many each has; passage i gets pid `first_pid + i`. Function words are
    left out.
    """
    if not tids.size:
        empty = np.zeros(0, dtype=np.uint32)
        return empty, np.zeros(1, dtype=np.int64), empty, np.zeros(0, dtype=np.uint8)
    tids = tids.astype(np.int64)
    pids = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths.astype(np.int64))
    keep = ~stop[tids]
    keys = (tids[keep] << 32) | pids[keep]
    uniq, counts = np.unique(keys, return_counts=True)
    term_of = (uniq >> 32).astype(np.uint32)
    docs = ((uniq & 0xFFFFFFFF) + first_pid).astype(np.uint32)
    tfs = np.minimum(counts, 255).astype(np.uint8)
    starts = np.flatnonzero(np.r_[True, term_of[1:] != term_of[:-1]]).astype(np.int64)
    terms = term_of[starts]
    offsets = np.append(starts, term_of.size)
    return terms, offsets, docs, tfs


class Source:
    """The interface the engine reads; see the module docstring."""

    n_pids: int
    pid_aid: np.ndarray  # uint32 per pid
    pid_para: np.ndarray  # paragraph index per pid
    pid_len: np.ndarray  # float32 token count per pid
    pid_alive: np.ndarray  # bool per pid
    art_ids: list[str]
    art_outlet: list[str]  # folded outlet, "" when unknown
    art_pub: list[str]  # ISO date, "" when unknown
    art_first: np.ndarray  # first pid of each article
    title_keys: np.ndarray  # sorted int64 (aid << 32 | tid) of every title's terms
    vocab: Vocabulary
    df: np.ndarray  # int64 per tid

    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        """(sorted pids, term frequencies) of a term."""
        raise NotImplementedError

    def forward(self, pids: Sequence[int]) -> dict[int, np.ndarray]:
        """Each passage's term ids in order."""
        raise NotImplementedError

    def texts(self, pids: Sequence[int]) -> dict[int, str]:
        raise NotImplementedError

    def titles(self, aids: Sequence[int]) -> dict[int, str]:
        """Each article's title."""
        raise NotImplementedError

    def entity_mentions(self, name: str) -> dict[int, list[tuple[int, int]]]:
        """Passages mentioning the entity called (or aliased) `name`, with the spans."""
        raise NotImplementedError


class MemorySource(Source):
    """An index built in memory from articles (files given on the command line)."""

    def __init__(self, articles: Iterable[Article]) -> None:
        unique: dict[str, Article] = {}
        for art in articles:
            unique.setdefault(art.id, art)  # the same article from two files: once
        self.articles = list(unique.values())
        self.vocab = Vocabulary()
        self._texts = [para for art in self.articles for para in art.paragraphs]
        prepared = prepare(self.articles, self.vocab)
        laid = lay_out(prepared, [p.tokens for p in prepared])
        self._fwd = laid.passages()
        self.n_pids = int(laid.lengths.size)
        self.pid_aid = laid.aids.astype(np.uint32)
        self.pid_para = laid.paras.astype(np.int32)
        self.pid_len = laid.lengths.astype(np.float32)
        self.art_first = laid.first
        self.pid_alive = np.ones(self.n_pids, dtype=bool)
        self.art_ids = [p.article_id for p in prepared]
        self.art_outlet = [p.outlet for p in prepared]
        self.art_pub = [p.published for p in prepared]
        self.title_keys = title_keys(prepared, [p.title for p in prepared], 0)
        terms, offsets, docs, tfs = invert(laid.tids, laid.lengths, 0, self.vocab.stop_ids())
        self._where = {int(t): (int(offsets[k]), int(offsets[k + 1])) for k, t in enumerate(terms)}
        self._docs, self._tfs = docs, tfs
        self.df = np.zeros(len(self.vocab.terms), dtype=np.int64)
        if terms.size:
            self.df[terms.astype(np.int64)] = np.diff(offsets)
        self._spans: dict[str, list[tuple[int, int, int]]] | None = None
        self._aliases: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self._where.get(tid, (0, 0))
        return self._docs[a:b], self._tfs[a:b]

    def forward(self, pids: Sequence[int]) -> dict[int, np.ndarray]:
        return {p: self._fwd[p] for p in pids}

    def texts(self, pids: Sequence[int]) -> dict[int, str]:
        return {p: self._texts[p] for p in pids}

    def titles(self, aids: Sequence[int]) -> dict[int, str]:
        return {a: self.articles[a].title for a in aids}

    def _analyse(self) -> dict[str, list[tuple[int, int, int]]]:
        """Mention spans of every article by canonical name (articles analysed once)."""
        with self._lock:
            if self._spans is None:
                from tui.entities import analyse

                spans: dict[str, list[tuple[int, int, int]]] = {}
                for aid, art in enumerate(self.articles):
                    base = int(self.art_first[aid])
                    for m in analyse(art).mentions:
                        if m.paragraph is None or not 0 <= m.paragraph < len(art.paragraphs):
                            continue
                        spans.setdefault(m.canonical, []).append(
                            (base + m.paragraph, m.start, m.end)
                        )
                        self._aliases.setdefault(m.canonical, {m.canonical}).add(m.text)
                self._spans = spans
            return self._spans

    def entity_mentions(self, name: str) -> dict[int, list[tuple[int, int]]]:
        spans = self._analyse()
        out: dict[int, list[tuple[int, int]]] = {}
        for canonical in match_entity(name, self._aliases):
            for pid, s, e in spans.get(canonical, []):
                out.setdefault(pid, []).append((s, e))
        return out


def match_entity(name: str, aliases: dict[str, set[str]]) -> list[str]:
    """Canonical names whose name or an alias matches the folded query `name`.

    A match: the same words, or all the query's words among the name's words
    (`dobrindt` finds `Alexander Dobrindt`), or one typo per word from 4 letters.
    """
    from rapidfuzz.distance import OSA

    from tui.search.terms import max_edits

    want = name.split()
    if not want:
        return []
    found = []
    for canonical, names in aliases.items():
        for alias in names:
            words = index_terms(alias)
            if not words:
                continue
            if all(
                any(w == x or (max_edits(w) and OSA.distance(w, x) <= max_edits(w)) for x in words)
                for w in want
            ):
                found.append(canonical)
                break
    return found
