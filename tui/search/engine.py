"""The search engine: expands query words over the vocabulary, intersects postings,
ranks (BM25, exact over fuzzy, proximity, title) and highlights the hits."""

from __future__ import annotations

import bisect
import heapq
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from tui.errors import QueryError
from tui.model import Article
from tui.search.query import Query, Term, parse
from tui.search.source import U32, MemorySource, Source
from tui.search.terms import max_edits
from tui.text import word_spans

K1, B = 1.2, 0.75
QUALITY_EXACT, QUALITY_PREFIX = 1.0, 0.85
QUALITY_EDITS = {1: 0.7, 2: 0.5}
FIRST_LETTER_PENALTY = 0.85
MAX_PREFIX = 48  # prefix expansions of the word being typed (the most frequent)
MAX_FUZZY = 400  # typo expansions of a word (closest first, then most frequent)
FEW_CANDIDATES = 64  # candidates whose tokens are read to match every expansion
MAX_POSTED = 24  # expansions whose postings are read (all are matched in candidates' tokens)
CACHE_BYTES = 48 << 20  # postings kept between queries
FORWARD_COST = 256  # reading one passage's tokens costs about this many postings
TITLE_WEIGHT = 0.3
PROXIMITY_WEIGHT = 0.3
RERANK_MOST = 200  # candidates (by BM25) that proximity and title may reorder
GRAM = 3  # letters per q-gram of the fuzzy-match filter
BUILD_CHUNK = 32768  # terms whose q-grams are worked out at once
# Queries answered by scanning the vocabulary before its lookup tables (sorted terms,
# q-grams) are built: a `brief search` process answers one query, and the tables cost
# more than a scan or two (a scan of 100k terms: ~10 ms; the tables: ~0.3 s).
SCANS_BEFORE_TABLES = 3


class EmptyIndexError(QueryError):
    """There is nothing to search: the library (or the given files) holds no passages."""


@dataclass(frozen=True)
class Hit:
    """A passage matching a query, with character highlights into `text`."""

    article_id: str
    title: str
    paragraph: int
    score: float
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "paragraph": self.paragraph,
            "score": self.score,
            "text": self.text,
            "highlights": [list(h) for h in self.highlights],
        }


@dataclass
class _Group:
    """One required query word: the vocabulary terms it matches, with their quality.

    Candidates are found through the postings of the best MAX_POSTED expansions
    (`posted`); candidates found otherwise are checked against all of them."""

    expansions: list[tuple[int, float]]  # best first
    words: set[str]  # folded forms to highlight
    size: int = 0  # summed document frequency of the posted expansions

    @property
    def posted(self) -> list[tuple[int, float]]:
        return self.expansions[:MAX_POSTED]


def _pieces(term: str) -> list[str]:
    """A term and, when apostrophes join it (`colony's`, `l'etat`), its parts of two
    letters or more: each is matched on its own."""
    if "'" not in term and "’" not in term:
        return [term]
    return [term, *(p for p in term.replace("’", "'").split("'") if len(p) >= 2)]


# quality by OSA distance: 0 for none (an exact match is judged apart) and past the edits
_APOSTROPHE = re.compile("['’]")

_EDIT_QUALITY = np.asarray([0.0, *QUALITY_EDITS.values(), 0.0], dtype=np.float32)
_NO_EDIT = len(_EDIT_QUALITY) - 1


@dataclass(frozen=True)
class _Rule:
    """How one query word matches the terms of passages: the matching rules, defined once.

    A term, or a part of it joined by an apostrophe (`colony's`, `l'etat`), matches
    - exactly, being the word (QUALITY_EXACT);
    - as a prefix, for the word being typed: it starts with the word (QUALITY_PREFIX);
    - with typos: within `edits` of the word (OSA distance d: QUALITY_EDITS[d], times
      FIRST_LETTER_PENALTY when the first letters differ: people seldom get it wrong);
    - as a prefix with typos, for the word being typed: it starts with the same letter
      and with letters within `typed_edits` of the word (QUALITY_PREFIX *
      QUALITY_EDITS[d]); the relaxed second try does not widen these (a start of four
      letters two typos away is most of the vocabulary).
    `+word` (exact) allows the first only."""

    word: str
    prefix: bool
    edits: int
    typed_edits: int = 0

    @classmethod
    def of(cls, term: Term, relax: bool = False) -> _Rule:
        """The rule for a query word; `relax` forgives one typo more (up to two, and
        one from 3 letters): the second try when nothing matched."""
        word = term.text
        if term.exact:
            return cls(word, False, 0)
        edits = typed_edits = max_edits(word)
        if relax and len(word) >= 3 and not word.isdigit():
            edits = min(edits + 1, 2)
        return cls(word, term.prefix, edits, typed_edits if term.prefix else 0)

    def qualities(self, terms: Sequence[str]) -> np.ndarray:
        """How well each of `terms` matches the word (0: not at all)."""
        if not terms:
            return np.zeros(0, dtype=np.float32)
        if all("'" not in t and "’" not in t for t in terms):
            return self._piece_qualities(terms)
        pieces: list[str] = []
        owner: list[int] = []
        for i, t in enumerate(terms):
            for piece in _pieces(t):
                pieces.append(piece)
                owner.append(i)
        out = np.zeros(len(terms), dtype=np.float32)
        np.maximum.at(out, np.asarray(owner, dtype=np.int64), self._piece_qualities(pieces))
        return out

    def _piece_qualities(self, pieces: Sequence[str]) -> np.ndarray:
        word, edits, n = self.word, self.edits, len(pieces)
        quality = np.where(
            np.fromiter((p == word for p in pieces), dtype=bool, count=n),
            np.float32(QUALITY_EXACT),
            np.float32(0),
        )
        if self.prefix:
            starts = np.fromiter((p.startswith(word) for p in pieces), dtype=bool, count=n)
            quality[starts] = np.maximum(quality[starts], QUALITY_PREFIX)
        if not edits:
            return quality
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import cdist

        first = word[:1]
        same_start = np.fromiter((p[:1] == first for p in pieces), dtype=bool, count=n)
        dist = cdist([word], pieces, scorer=OSA.distance, score_cutoff=edits, dtype=np.int32)[0]
        typo = _EDIT_QUALITY[np.where(dist <= edits, dist, _NO_EDIT)]
        typo[~same_start] *= FIRST_LETTER_PENALTY
        np.maximum(quality, typo, out=quality)
        typed_edits = self.typed_edits
        if typed_edits:  # the word being typed, with a typo in what is typed so far
            near = np.full(n, typed_edits + 1, dtype=np.int32)
            for k in range(max(1, len(word) - typed_edits), len(word) + typed_edits + 1):
                heads = [p[:k] for p in pieces]
                d = cdist(
                    [word], heads, scorer=OSA.distance, score_cutoff=typed_edits, dtype=np.int32
                )
                np.minimum(near, d[0], out=near)
            near = np.where(near <= typed_edits, near, _NO_EDIT)
            typed = QUALITY_PREFIX * _EDIT_QUALITY[near]
            typed[~same_start] = 0
            np.maximum(quality, typed, out=quality)
        return quality


_BYTE_BITS = np.asarray([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _popcount(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint64."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2
        return np.asarray(np.bitwise_count(x))
    return _BYTE_BITS[x.view(np.uint8)].reshape(-1, 8).sum(axis=1)


class _Grams:
    """Filters that find the terms within a few edits of a word without comparing
    it with every term of the vocabulary.

    - q-grams (GRAM letters, padded at both ends): an edit breaks at most GRAM + 1
      of a word's q-grams (a swap of neighbours), so a term within k edits shares
      at least (distinct q-grams of the word) - k * (GRAM + 1) of them;
    - letter signatures: which letters a term has, and which it has twice or more
      (MASK_BUCKETS buckets of letters each); an edit changes at most two of
      those bits, so a term within k edits differs from the word in at most 2k.

    Terms are numbered in length order (as `Index._by_length` gives them), so the
    terms of a range of lengths are a range of numbers. Codes and buckets are
    folded (modulo): two q-grams or letters sharing one only let more terms
    through, never fewer."""

    MASK_BUCKETS = 26

    def __init__(self, terms: Sequence[str], lens: np.ndarray) -> None:
        if not terms:
            terms = [""]  # one empty term: the arrays keep their shapes
            lens = np.zeros(1, dtype=np.int64)
        n = len(terms)
        self.n = n
        self.modulus = max(1, (1 << 62) // n)
        chars = np.frombuffer("".join(terms).encode("utf-32-le"), U32)
        present = np.zeros(max(int(chars.max(initial=0)), 2) + 1, dtype=bool)
        present[chars] = True
        present[[1, 2]] = True  # the padding
        del chars
        self.present = present
        self.letter = np.cumsum(present, dtype=np.int32) - 1  # code point -> small number
        self.size = int(present.sum())
        self.masks = np.zeros(n, dtype=np.uint64)
        lens = lens.astype(np.int64)
        keys = np.empty(int(lens.sum()) + n * (GRAM - 1), dtype=np.int64)
        at = 0
        for a in range(0, n, BUILD_CHUNK):  # in chunks: a search process stays small
            b = min(n, a + BUILD_CHUNK)
            part = self._chunk(terms[a:b], lens[a:b], a)
            keys[at : at + part.size] = part
            at += part.size
        keys.sort()  # by q-gram, then term (a term's repeated q-gram is counted twice:
        # that only lets more terms through)
        # (rank of the q-gram among self.codes) * n + term, sorted: the terms of a
        # q-gram and a range of lengths are one slice, found with one searchsorted
        codes: list[np.ndarray] = []
        last, rank = -1, -1
        for a in range(0, keys.size, BUILD_CHUNK * 32):
            block = keys[a : a + BUILD_CHUNK * 32]  # a view: rewritten in place
            code = block // n
            change = np.empty(code.size, dtype=bool)
            change[0] = code[0] != last
            np.not_equal(code[1:], code[:-1], out=change[1:])
            codes.append(code[change])
            ranks = np.cumsum(change, dtype=np.int64) + rank
            last, rank = int(code[-1]), int(ranks[-1])
            block %= n
            ranks *= n
            block += ranks
        self.codes = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
        self.keys = keys

    def _chunk(self, terms: Sequence[str], lens: np.ndarray, first: int) -> np.ndarray:
        """Letter signatures of these terms (numbered from `first`) into self.masks,
        and their q-gram keys (code * n + term)."""
        q = GRAM
        pad, end = "\x01" * (q - 1), "\x02" * (q - 1)
        chars = np.frombuffer((pad + (end + pad).join(terms) + end).encode("utf-32-le"), U32)
        small = self.letter[chars].astype(np.int64)
        del chars
        padded = lens + 2 * (q - 1)
        pads = (int(self.letter[1]), int(self.letter[2]))
        self.masks[first : first + len(terms)] = self._signatures(small, padded, pads)
        # the q-gram starting at every place, then only those inside one term
        code = small[: small.size - q + 1].copy()
        for k in range(1, q):
            code *= self.size
            code += small[k : small.size - q + 1 + k]
            code %= self.modulus
        del small
        ends = np.cumsum(padded)
        inside = np.ones(code.size, dtype=bool)
        for k in range(1, q):
            inside[ends[:-1] - q + k] = False  # straddles this term and the next
        keys = code[inside]
        keys *= self.n
        keys += np.repeat(np.arange(first, first + len(terms), dtype=np.int64), padded - q + 1)
        return keys

    def _signatures(
        self, small: np.ndarray, padded: np.ndarray, pads: tuple[int, int]
    ) -> np.ndarray:
        """Each term's letter signature (see the class docstring) as a uint64."""
        m = self.MASK_BUCKETS
        n = padded.size
        owner = np.repeat(np.arange(n, dtype=np.int64), padded)
        real = (small != pads[0]) & (small != pads[1])
        counts = np.bincount(owner[real] * m + small[real] % m, minlength=n * m)
        counts = counts.reshape(n, m)
        bits = np.concatenate([counts > 0, counts > 1], axis=1)
        packed = np.packbits(bits, axis=1, bitorder="little")
        wide = np.zeros((n, 8), dtype=np.uint8)
        wide[:, : packed.shape[1]] = packed
        return wide.view("<u8").ravel()

    def _signature(self, word: str) -> int:
        m = self.MASK_BUCKETS
        counts = [0] * m
        for ch in word:
            c = ord(ch)
            if c < self.present.size and self.present[c]:
                counts[int(self.letter[c]) % m] += 1
            else:  # a letter no term has: a bucket of its own is not needed
                counts[c % m] += 1
        sig = 0
        for i, k in enumerate(counts):
            if k:
                sig |= 1 << i
            if k > 1:
                sig |= 1 << (m + i)
        return sig

    def _codes(self, word: str) -> tuple[np.ndarray, int]:
        """The codes of `word`'s distinct q-grams that some term has, and how many
        distinct q-grams it has in all."""
        q = GRAM
        padded = "\x01" * (q - 1) + word + "\x02" * (q - 1)
        grams = {padded[i : i + q] for i in range(len(padded) - q + 1)}
        present, letter, size, modulus = self.present, self.letter, self.size, self.modulus
        known = []
        for g in grams:
            code = 0
            for ch in g:
                c = ord(ch)
                if c >= present.size or not present[c]:
                    break  # a letter no term has
                code = (code * size + int(letter[c])) % modulus
            else:
                known.append(code)
        return np.asarray(known, dtype=np.int64), len(grams)

    def candidates(self, word: str, edits: int, lo: int, hi: int) -> np.ndarray:
        """Numbers in [lo, hi) of the terms that may be within `edits` of `word`."""
        near = self._by_grams(word, edits, lo, hi)
        if near is None:  # too short for the q-gram filter
            near = np.arange(lo, hi, dtype=np.int64)
        if near.size:
            differ = _popcount(self.masks[near] ^ np.uint64(self._signature(word)))
            near = near[differ <= 2 * edits]
        return near

    def _by_grams(self, word: str, edits: int, lo: int, hi: int) -> np.ndarray | None:
        """The q-gram filter (None: the word is too short for it to rule anything out)."""
        codes, total = self._codes(word)
        need = total - edits * (GRAM + 1)
        if need <= 0:
            return None
        if codes.size < need:
            return np.zeros(0, dtype=np.int64)
        at = np.searchsorted(self.codes, codes)
        ok = at < self.codes.size
        ok[ok] = self.codes[at[ok]] == codes[ok]
        base = at[ok].astype(np.int64) * self.n
        bounds = np.searchsorted(self.keys, np.concatenate([base + lo, base + hi])).tolist()
        m = base.size
        keys = self.keys
        lists = [
            keys[a:b] - c
            for a, b, c in zip(bounds[:m], bounds[m:], base.tolist(), strict=True)
            if b > a
        ]
        if len(lists) < need:
            return np.zeros(0, dtype=np.int64)
        found = np.concatenate(lists)
        if found.size * 8 < hi - lo:
            found.sort()
            first = np.flatnonzero(np.r_[True, found[1:] != found[:-1]])
            counts = np.diff(np.append(first, found.size))
            return found[first[counts >= need]].astype(np.int64)
        counts = np.bincount(found - lo, minlength=hi - lo)
        return np.flatnonzero(counts >= need) + lo


class Index:
    """A searchable index of passages; safe to query from several threads."""

    def __init__(self, source: Source) -> None:
        self.src = source
        alive = source.pid_alive
        self.n_alive = int(alive.sum())
        self.avg_len = float(source.pid_len[alive].mean()) if self.n_alive else 1.0
        self._lock = threading.Lock()
        self._by_len: tuple[list[str], np.ndarray, np.ndarray] | None = None
        self._sorted_terms: tuple[list[str], np.ndarray] | None = None
        self._parts: tuple[dict[str, list[int]], list[str]] | None = None
        self._grams: _Grams | None = None
        self._queries = 0
        self._initials: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._joined: str | None = None  # the vocabulary, a term a line (for scans)
        self._postings: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_bytes = 0
        self._entities: OrderedDict[str, dict[int, list[tuple[int, int]]]] = OrderedDict()
        self._article_filters: OrderedDict[tuple[object, ...], np.ndarray] = OrderedDict()

    # --- construction ---------------------------------------------------------

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> Index:
        """An in-memory index of these articles (nothing is stored)."""
        return cls(MemorySource(articles))

    @classmethod
    def load(cls, lib: object) -> Index:
        """The index stored in a library (brought up to date first when it lags)."""
        from tui.search.store import LibrarySource

        return cls(LibrarySource.open(lib))

    def __len__(self) -> int:
        """The number of passages searched."""
        return self.n_alive

    # --- vocabulary -------------------------------------------------------------

    def _posting(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            hit = self._postings.get(tid)
            if hit is not None:
                self._postings.move_to_end(tid)
                return hit
        value = self.src.postings(tid)
        size = value[0].nbytes + value[1].nbytes
        if size > CACHE_BYTES // 8:
            return value
        with self._lock:
            if tid not in self._postings:
                self._postings[tid] = value
                self._cached_bytes += size
            while self._cached_bytes > CACHE_BYTES:
                _, (d, f) = self._postings.popitem(last=False)
                self._cached_bytes -= d.nbytes + f.nbytes
        return value

    def _by_length(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The vocabulary ordered by length: terms, their ids, and their lengths."""
        with self._lock:
            if self._by_len is None:
                terms = self.src.vocab.terms
                lens = np.fromiter(map(len, terms), dtype=np.int32, count=len(terms))
                order = np.argsort(lens, kind="stable")
                self._by_len = ([terms[i] for i in order.tolist()], order, lens[order])
            return self._by_len

    def _tables_pay(self) -> bool:
        """Whether enough queries came to build the vocabulary's lookup tables."""
        return self._queries > SCANS_BEFORE_TABLES

    def _sorted(self) -> tuple[list[str], np.ndarray] | None:
        """The vocabulary in order with the terms' ids (None while a scan is cheaper)."""
        with self._lock:
            if self._sorted_terms is None and self._tables_pay():
                terms = self.src.vocab.terms
                order = sorted(range(len(terms)), key=terms.__getitem__)
                self._sorted_terms = ([terms[i] for i in order], np.asarray(order, np.int64))
            return self._sorted_terms

    def _starting(self, prefix: str) -> np.ndarray:
        """Ids of the terms starting with `prefix`."""
        ordered = self._sorted()
        if ordered is None:  # the terms of its first letter (one scan), then a filter
            ids, words = self._initial(prefix[:1])
            if len(prefix) == 1:
                return ids
            keep = np.fromiter(map(str.startswith, words, repeat(prefix)), bool, len(words))
            return ids[keep]
        words, ids = ordered
        a = bisect.bisect_left(words, prefix)
        b = bisect.bisect_left(words, prefix + "\U0010ffff")
        return ids[a:b]

    def _initial(self, letter: str) -> tuple[np.ndarray, list[str]]:
        """Ids and terms of the terms starting with `letter`, by one scan (kept)."""
        with self._lock:
            known = self._initials.get(letter)
        if known is None:
            known = self._lines(re.compile("\n" + re.escape(letter)), 1)
            with self._lock:
                self._initials[letter] = known
        return known

    def _lines(self, needle: re.Pattern[str], inside: int) -> tuple[np.ndarray, list[str]]:
        """Ids and terms of the terms holding `needle`, found by a regex over the
        vocabulary joined a term a line (after a newline): a scan in C, far faster
        than a loop over the terms. `inside`: from a match's start to a character of
        the term."""
        with self._lock:
            if self._joined is None:
                self._joined = "\n" + "\n".join(self.src.vocab.terms)
            joined = self._joined
        ids, found = [], []
        tid, pos, last = -1, 0, -1
        for m in needle.finditer(joined):
            start = joined.rfind("\n", 0, m.start() + inside) + 1
            if start == last:
                continue  # the same term again
            tid += joined.count("\n", pos, start)
            pos = last = start
            end = joined.find("\n", start)
            ids.append(tid)
            found.append(joined[start : end if end >= 0 else len(joined)])
        return np.asarray(ids, dtype=np.int64), found

    def _prefixed(self, prefix: str) -> list[int]:
        """Ids of the most frequent terms starting with `prefix`."""
        found = self._starting(prefix)
        if found.size > MAX_PREFIX:
            df = self.src.df[found]
            top = np.argpartition(-df, MAX_PREFIX)[:MAX_PREFIX]
            found = found[top[np.argsort(-df[top], kind="stable")]]
        return [int(t) for t in found.tolist()]

    def _apostrophes(self) -> tuple[dict[str, list[int]], list[str]]:
        """Terms joined by apostrophes (`l'etat`, `colony's`) by each of their parts, and
        the parts in order (for prefixes)."""
        with self._lock:
            known = self._parts
        if known is None:
            parts: dict[str, list[int]] = {}
            ids, joined = self._lines(_APOSTROPHE, 0)
            for tid, term in zip(ids.tolist(), joined, strict=True):
                for part in _pieces(term)[1:]:
                    parts.setdefault(part, []).append(tid)
            known = (parts, sorted(parts))
            with self._lock:
                self._parts = known
        return known

    def _part_terms(self, rule: _Rule) -> list[int]:
        """Ids of the terms whose apostrophe-joined parts may match the word: the part
        itself, parts it starts (while typing), parts within its typos."""
        parts, ordered = self._apostrophes()
        if not parts:
            return []
        found = list(parts.get(rule.word, ()))
        if rule.prefix:
            a = bisect.bisect_left(ordered, rule.word)
            b = bisect.bisect_left(ordered, rule.word + "\U0010ffff")
            for part in ordered[a : a + MAX_PREFIX] if b > a else ():
                found += parts[part]
        if rule.edits:
            from rapidfuzz.distance import OSA
            from rapidfuzz.process import cdist

            dist = cdist([rule.word], ordered, scorer=OSA.distance, score_cutoff=rule.edits)[0]
            for k in np.flatnonzero(dist <= rule.edits).tolist():
                found += parts[ordered[k]]
        return found

    def _typed_with_typos(self, rule: _Rule) -> list[int]:
        """Ids of the terms that may start with the word being typed, typos forgiven:
        the terms starting with its first letter, long enough."""
        found = self._starting(rule.word[:1])
        if not found.size:
            return []
        terms = self.src.vocab.terms
        shortest = len(rule.word) - rule.typed_edits
        return [t for t in found.tolist() if len(terms[t]) >= shortest]

    def _gram_index(self) -> _Grams:
        with self._lock:
            grams = self._grams
        if grams is None:
            terms, _ids, lens = self._by_length()
            grams = _Grams(terms, lens)
            with self._lock:
                self._grams = grams
        return grams

    def _fuzzy(self, word: str, edits: int, cap: int = MAX_FUZZY) -> list[tuple[int, int]]:
        """(tid, distance) of terms within `edits` typos of `word` (not `word` itself),
        the closest first, then the most frequent; at most `cap` of them."""
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import cdist

        if self._grams is None and not self._tables_pay():  # one scan of the vocabulary
            every = self.src.vocab.terms
            dist = cdist([word], every, scorer=OSA.distance, score_cutoff=edits, dtype=np.int32)[0]
            tids = np.flatnonzero((dist <= edits) & (dist > 0))
            return self._closest(tids, dist[tids], cap)
        terms, ids, lens = self._by_length()
        span = np.asarray([len(word) - edits, len(word) + edits + 1], dtype=lens.dtype)
        a, b = (int(x) for x in np.searchsorted(lens, span))  # same dtype: no copy of lens
        if b <= a:
            return []
        near = self._gram_index().candidates(word, edits, a, b)
        if not near.size:
            return []
        dist = cdist(
            [word],
            [terms[k] for k in near.tolist()],
            scorer=OSA.distance,
            score_cutoff=edits,
            dtype=np.int32,
        )[0]
        keep = np.flatnonzero((dist <= edits) & (dist > 0))
        return self._closest(ids[near[keep]], dist[keep], cap)

    def _closest(self, tids: np.ndarray, dist: np.ndarray, cap: int) -> list[tuple[int, int]]:
        """(tid, distance), the closest first, then the most frequent; at most `cap`."""
        if tids.size > 1:
            order = np.lexsort((-self.src.df[tids], dist))[:cap]
            tids, dist = tids[order], dist[order]
        return list(zip(tids.tolist(), dist.tolist(), strict=True))

    def _group(self, term: Term, relax: bool = False) -> _Group:
        """The expansions of one query word over the vocabulary (see `_Rule`): the
        terms it may match are found through the vocabulary's tables, then judged by
        the rule."""
        rule = _Rule.of(term, relax)
        found: list[int] = []
        if (tid := self.src.vocab.tid(rule.word)) is not None:
            found.append(tid)
        found += self._part_terms(rule)
        if rule.prefix:
            found += self._prefixed(rule.word)
        if rule.edits:
            found += [tid for tid, _ in self._fuzzy(rule.word, rule.edits)]
        if rule.typed_edits:
            found += self._typed_with_typos(rule)
        tids = np.asarray(sorted(set(found)), dtype=np.int64)
        tids, quality = self._judged(rule, tids)
        # best first; among equals the most frequent
        order = np.lexsort((-self.src.df[tids], -quality))[:MAX_FUZZY]
        terms = self.src.vocab.terms
        expansions = list(zip(tids[order].tolist(), quality[order].tolist(), strict=True))
        return _Group(
            expansions,
            {terms[t] for t, _ in expansions} | {rule.word},
            int(sum(int(self.src.df[t]) for t, _ in expansions[:MAX_POSTED])),
        )

    def _judged(self, rule: _Rule, tids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The terms of `tids` that match the rule (indexed ones: function words have
        no postings), and how well."""
        tids = tids[tids < len(self.src.df)]
        tids = tids[self.src.df[tids] > 0]
        terms = self.src.vocab.terms
        quality = rule.qualities([terms[t] for t in tids.tolist()])
        hit = quality > 0
        return tids[hit], quality[hit]

    # --- scoring ------------------------------------------------------------------

    def _idf(self, tid: int) -> float:
        n = max(self.n_alive, 1)
        d = float(self.src.df[tid])
        return math.log(1.0 + (n - d + 0.5) / (d + 0.5))

    def _weights(self, tid: int, quality: float, pids: np.ndarray, tfs: np.ndarray) -> np.ndarray:
        lens = self.src.pid_len[pids]
        tf = tfs.astype(np.float32)
        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lens / self.avg_len))
        return norm * np.float32(quality * self._idf(tid))

    def _first(self, group: _Group) -> tuple[np.ndarray, np.ndarray]:
        """Candidates of the rarest word: sorted pids and their scores."""
        parts = []
        for tid, quality in group.posted:
            docs, tfs = self._posting(tid)
            if docs.size:
                parts.append((docs, self._weights(tid, quality, docs, tfs)))
        if not parts:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32)
        if len(parts) == 1:
            return parts[0]
        total = sum(p[0].size for p in parts)
        if total > self.src.n_pids // 16:
            dense = np.zeros(self.src.n_pids, dtype=np.float32)
            for docs, w in parts:
                cur = dense[docs]
                np.maximum(cur, w, out=cur)
                dense[docs] = cur
            cand = np.flatnonzero(dense).astype(np.uint32)
            return cand, dense[cand]
        docs = np.concatenate([p[0] for p in parts])
        w = np.concatenate([p[1] for p in parts])
        order = np.lexsort((-w, docs))
        docs, w = docs[order], w[order]
        keep = np.r_[True, docs[1:] != docs[:-1]]
        return docs[keep], w[keep]

    def _narrow(self, cand: np.ndarray, group: _Group) -> np.ndarray:
        """Scores of `group` for each candidate (0 where it does not occur)."""
        if cand.size * FORWARD_COST < group.size or (
            len(group.expansions) > MAX_POSTED and cand.size <= FEW_CANDIDATES
        ):  # tokens are cheaper, or they match expansions beyond the posted ones
            return self._narrow_by_tokens(cand, group)
        score = np.zeros(cand.size, dtype=np.float32)
        for tid, quality in group.posted:
            docs, tfs = self._posting(tid)
            if not docs.size:
                continue
            if docs.size <= cand.size:
                pos = np.searchsorted(cand, docs)
                ok = pos < cand.size
                ok[ok] = cand[pos[ok]] == docs[ok]
                at = pos[ok]
                w = self._weights(tid, quality, docs[ok], tfs[ok])
            else:
                pos = np.searchsorted(docs, cand)
                ok = pos < docs.size
                ok[ok] = docs[pos[ok]] == cand[ok]
                at = np.flatnonzero(ok)
                hit = pos[ok]
                w = self._weights(tid, quality, docs[hit], tfs[hit])
            np.maximum(score[at], w, out=w)
            score[at] = w
        return score

    def _narrow_by_tokens(
        self, cand: np.ndarray, group: _Group, arrays: list[np.ndarray] | None = None
    ) -> np.ndarray:
        """`_narrow` for a few candidates and a common word: read the candidates'
        tokens (`arrays`, when already read) instead of the word's (long) postings."""
        score = np.zeros(cand.size, dtype=np.float32)
        empty = np.zeros(0, dtype=np.uint32)
        if arrays is None:
            fwd = self.src.forward(cand.tolist())
            arrays = [fwd.get(p, empty) for p in cand.tolist()]
        toks = np.concatenate(arrays) if arrays else empty
        owner = np.repeat(np.arange(cand.size), [a.size for a in arrays])
        ids = np.asarray([t for t, _ in group.expansions], dtype=np.uint32)
        keep = _member(toks, ids)
        if not keep.any():
            return score
        keys = (owner[keep].astype(np.int64) << 32) | toks[keep].astype(np.int64)
        uniq, counts = np.unique(keys, return_counts=True)
        at = (uniq >> 32).astype(np.int64)
        tids = (uniq & 0xFFFFFFFF).astype(np.int64)
        sorter = np.argsort(ids)
        which = sorter[np.searchsorted(ids, tids, sorter=sorter)]
        factor = np.asarray([q * self._idf(t) for t, q in group.expansions], dtype=np.float32)[
            which
        ]
        tf = np.minimum(counts, 255).astype(np.float32)
        lens = self.src.pid_len[cand[at]]
        w = factor * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lens / self.avg_len))
        np.maximum.at(score, at, w.astype(np.float32))
        return score

    def _narrow_by_words(
        self, cand: np.ndarray, term: Term, relax: bool
    ) -> tuple[_Group, np.ndarray]:
        """`_narrow` for a few candidates and a word not expanded over the
        vocabulary: which of the candidates' own words match it, and the scores."""
        fwd = self.src.forward(cand.tolist())
        empty = np.zeros(0, dtype=np.uint32)
        arrays = [fwd.get(p, empty) for p in cand.tolist()]
        toks = np.concatenate(arrays) if arrays else empty
        tids, quality = self._judged(_Rule.of(term, relax), _distinct(toks))
        order = np.lexsort((-self.src.df[tids], -quality))
        group = _Group(
            list(zip(tids[order].tolist(), quality[order].tolist(), strict=True)),
            {self.src.vocab.terms[t] for t in tids.tolist()} | {term.text},
        )
        group.size = int(sum(int(self.src.df[t]) for t, _ in group.posted))
        if not tids.size:
            return group, np.zeros(cand.size, dtype=np.float32)
        return group, self._narrow_by_tokens(cand, group, arrays)

    def _title_bonus(self, aids: np.ndarray, groups: list[_Group]) -> np.ndarray:
        """Per candidate article: what its title adds (each word found in it, once)."""
        keys = self.src.title_keys
        total = np.zeros(aids.size, dtype=np.float32)
        if not keys.size or not aids.size:
            return total
        base = aids.astype(np.int64)[:, None] << 32
        for g in groups:
            tids = np.asarray([t for t, _ in g.posted], dtype=np.int64)
            factor = np.asarray(
                [TITLE_WEIGHT * q * self._idf(t) for t, q in g.posted], dtype=np.float32
            )
            want = base | tids[None, :]
            pos = np.minimum(np.searchsorted(keys, want), keys.size - 1)
            found = keys[pos] == want
            total += np.where(found, factor[None, :], np.float32(0)).max(axis=1)
        return total

    def _articles_ok(self, q: Query) -> np.ndarray | None:
        """Per article: does it pass the outlet and date filters (None: no such filter)."""
        if not (q.outlets or q.after or q.before):
            return None
        key = (tuple(sorted(q.outlets)), q.after or "", q.before or "")
        with self._lock:
            cached = self._article_filters.get(key)
        if cached is not None:
            return cached
        src = self.src
        wanted = set(q.outlets)
        after = q.after or ""
        upper = (q.before + "~") if q.before else ""

        def ok(outlet: str, pub: str) -> bool:
            if wanted and outlet not in wanted:
                return False
            if after and (not pub or pub < after):
                return False
            return not (upper and (not pub or pub > upper))

        result = np.fromiter(
            map(ok, src.art_outlet, src.art_pub), dtype=bool, count=len(src.art_outlet)
        )
        with self._lock:
            self._article_filters[key] = result
            while len(self._article_filters) > 16:
                self._article_filters.popitem(last=False)
        return result

    def _filter_mask(self, q: Query, cand: np.ndarray) -> np.ndarray:
        """Which candidates pass the liveness, outlet and date filters."""
        mask = self.src.pid_alive[cand]
        articles_ok = self._articles_ok(q)
        if articles_ok is not None:
            mask &= articles_ok[self.src.pid_aid[cand]]
        return mask

    def _entity(self, name: str) -> dict[int, list[tuple[int, int]]]:
        with self._lock:
            hit = self._entities.get(name)
        if hit is None:
            hit = self.src.entity_mentions(name)
            with self._lock:
                self._entities[name] = hit
                while len(self._entities) > 32:
                    self._entities.popitem(last=False)
        return hit

    # --- searching ----------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best passages for `query`, best first (see `tui.search` for the syntax).

        Raises QueryError for a query that cannot be answered (only stop words,
        only punctuation) and EmptyIndexError when there is nothing to search.
        """
        q = parse(query)
        if q.is_empty or limit <= 0:
            return []
        with self._lock:
            self._queries += 1
        if self.n_alive == 0:
            raise EmptyIndexError("nothing to search: the library holds no passages")
        hits = self._search(q, limit, relax=False)
        if not hits and any(not t.exact for t in q.terms):
            hits = self._search(q, limit, relax=True)
        return hits

    def _search(self, q: Query, limit: int, relax: bool) -> list[Hit]:
        groups, later = self._plan(q, relax)
        phrase_tids = self._phrases(q, groups)
        if phrase_tids is None or any(not g.expansions for g in groups):
            return []
        entity_pids, mentions = self._mentioned(q)
        if groups:
            cand, score = self._candidates(groups, later, relax, entity_pids)
        elif entity_pids is not None:
            cand = entity_pids
            score = np.asarray([len(mentions[int(p)]) for p in cand], dtype=np.float32)
        else:
            cand = np.arange(self.src.n_pids, dtype=np.uint32)
            score = np.ones(cand.size, dtype=np.float32)
        if cand.size:
            keep = self._filter_mask(q, cand) & ~self._excluded_words(q, cand)
            cand, score = cand[keep], score[keep]
        if not cand.size:
            return []
        return self._rank(q, groups, phrase_tids, cand, score, mentions, limit)

    def _plan(self, q: Query, relax: bool) -> tuple[list[_Group], list[Term]]:
        """The query words expanded over the vocabulary now, and those left for later.

        The word likely to be rarest (known, not being typed, fewest passages) is
        expanded first; the others are matched in the candidates' own words when those
        are few, else expanded in turn. When the rarest is not rare after all, all are
        expanded now."""
        vocab, df = self.src.vocab, self.src.df

        def likely_size(t: Term) -> float:
            tid = vocab.tid(t.text)
            known = tid is not None and tid < len(df) and df[tid] > 0 and not t.prefix
            return float(df[tid]) if known and tid is not None else math.inf

        later = sorted(q.terms, key=likely_size)
        groups = [self._group(t, relax) for t in later[:1]]
        later = later[1:]
        if groups and groups[0].size > FEW_CANDIDATES * 4:
            groups += [self._group(t, relax) for t in later]
            later = []
        return groups, later

    def _phrases(self, q: Query, groups: list[_Group]) -> list[np.ndarray] | None:
        """Each phrase's term ids (None: a phrase word is in no passage); the phrases'
        indexed words join `groups` as exact words."""
        vocab, df = self.src.vocab, self.src.df
        phrase_tids: list[np.ndarray] = []
        for words in q.phrases:
            ids = [vocab.tid(w) for w in words]
            if any(i is None for i in ids):
                return None
            phrase_tids.append(np.asarray(ids, dtype=np.uint32))
            for w, i in zip(words, ids, strict=True):
                if i is not None and df[i] > 0:
                    groups.append(_Group([(i, QUALITY_EXACT)], {w}, int(df[i])))
        if q.phrases and not groups and not q.entities:
            raise QueryError("nothing to search for: the phrase has only common words")
        return phrase_tids

    def _mentioned(self, q: Query) -> tuple[np.ndarray | None, dict[int, list[tuple[int, int]]]]:
        """The passages mentioning every @entity (None: no such filter) and the
        mentions' spans by passage."""
        mentions: dict[int, list[tuple[int, int]]] = {}
        entity_pids: np.ndarray | None = None
        for name in q.entities:
            found = self._entity(name)
            pids = np.fromiter(sorted(found), dtype=np.uint32, count=len(found))
            entity_pids = pids if entity_pids is None else np.intersect1d(entity_pids, pids)
            for pid, spans in found.items():
                mentions.setdefault(pid, []).extend(spans)
        return entity_pids, mentions

    def _candidates(
        self,
        groups: list[_Group],
        later: list[Term],
        relax: bool,
        entity_pids: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rarest word's passages narrowed by each other word, with their scores;
        the words matched later join `groups`."""
        groups.sort(key=lambda g: g.size)
        cand, score = self._first(groups[0])
        if entity_pids is not None:
            keep = np.isin(cand, entity_pids, assume_unique=True)
            cand, score = cand[keep], score[keep]
        for g in groups[1:]:
            if not cand.size:
                break
            extra = self._narrow(cand, g)
            keep = extra > 0
            cand, score = cand[keep], score[keep] + extra[keep]
        for t in later:
            if not cand.size:
                break
            if cand.size <= FEW_CANDIDATES:
                g, extra = self._narrow_by_words(cand, t, relax)
            else:
                g = self._group(t, relax)
                extra = self._narrow(cand, g)
            groups.append(g)
            keep = extra > 0
            cand, score = cand[keep], score[keep] + extra[keep]
        return cand, score

    def _excluded_words(self, q: Query, cand: np.ndarray) -> np.ndarray:
        """Which candidates hold a -word (-"phrases" are checked while ranking)."""
        out = np.zeros(cand.size, dtype=bool)
        for words in q.excluded:
            if len(words) == 1:
                for tid, _ in self._group(Term(words[0], exact=True)).expansions:
                    docs, _tfs = self._posting(tid)
                    out |= np.isin(cand, docs, assume_unique=True)
        return out

    def _rank(
        self,
        q: Query,
        groups: list[_Group],
        phrase_tids: list[np.ndarray],
        cand: np.ndarray,
        score: np.ndarray,
        mentions: dict[int, list[tuple[int, int]]],
        limit: int,
    ) -> list[Hit]:
        """Check phrases and excluded phrases on the best candidates, add proximity
        and title bonuses, and build the hits."""
        check = _Checks(phrase_tids, self._excluded_phrases(q), groups)
        order = np.argsort(-score, kind="stable")
        # the most proximity and title can add: candidates whose base score cannot
        # reach the current limit-th best even with both are not looked at
        most = 1 + PROXIMITY_WEIGHT if len(groups) > 1 else 1.0
        title_most = sum(TITLE_WEIGHT * max(q * self._idf(t) for t, q in g.posted) for g in groups)
        accepted: list[tuple[float, int]] = []
        best: list[float] = []  # a min-heap of the best `limit` final scores
        pos, batch = 0, limit + 8
        while pos < order.size:
            if len(best) >= limit and (
                float(score[order[pos]]) * most + title_most < best[0]
                or len(accepted) >= max(RERANK_MOST, 2 * limit)
            ):
                break
            chunk = order[pos : pos + batch]
            pos += batch
            batch = min(batch * 2, 512)
            for final, pid in self._rescored(check, cand[chunk].tolist(), score[chunk].tolist()):
                accepted.append((final, pid))
                if len(best) < limit:
                    heapq.heappush(best, final)
                elif final > best[0]:
                    heapq.heapreplace(best, final)
        accepted.sort(key=lambda x: (-x[0], x[1]))
        return self._hits(accepted[:limit], groups, q.phrases, mentions)

    def _excluded_phrases(self, q: Query) -> list[np.ndarray]:
        """The term ids of each -"phrase" whose words are all known."""
        vocab = self.src.vocab
        out = []
        for words in q.excluded:
            if len(words) > 1:
                ids = [vocab.tid(w) for w in words]
                if all(i is not None for i in ids):
                    out.append(np.asarray(ids, dtype=np.uint32))
        return out

    def _rescored(
        self, check: _Checks, pids: list[int], scores: list[float]
    ) -> list[tuple[float, int]]:
        """The candidates that pass the phrase checks, with proximity and title added."""
        fwd = self.src.forward(pids) if check.needs_tokens else {}
        windows = _windows(fwd, pids, check.group_sets) if len(check.group_sets) > 1 else {}
        bonus = self._title_bonus(self.src.pid_aid[np.asarray(pids, dtype=np.int64)], check.groups)
        out = []
        for k, (pid, base) in enumerate(zip(pids, scores, strict=True)):
            toks = fwd.get(pid)
            if check.needs_tokens and (toks is None or not check.passes(toks)):
                continue
            final = base
            n = len(check.group_sets)
            window = windows.get(pid, 0)
            if n > 1 and window:
                final *= 1 + PROXIMITY_WEIGHT * n / max(window, n)
            out.append((final + float(bonus[k]), pid))
        return out

    def _hits(
        self,
        top: list[tuple[float, int]],
        groups: list[_Group],
        phrases: list[list[str]],
        mentions: dict[int, list[tuple[int, int]]],
    ) -> list[Hit]:
        """The hits of the best passages, highlighted."""
        src = self.src
        pids = [p for _, p in top]
        texts = src.texts(pids)
        titles = src.titles(sorted({int(src.pid_aid[p]) for p in pids}))
        marked: set[str] = set()
        for g in groups:
            marked |= g.words
        hits = []
        for final, pid in top:
            text = texts.get(pid)
            if text is None:
                continue
            aid = int(src.pid_aid[pid])
            hits.append(
                Hit(
                    article_id=src.art_ids[aid],
                    title=titles.get(aid, ""),
                    paragraph=int(src.pid_para[pid]),
                    score=round(final, 4),
                    text=text,
                    highlights=_highlights(text, marked, phrases, mentions.get(pid, [])),
                )
            )
        return hits


class _Checks:
    """What a candidate's tokens must pass while ranking: every phrase, no excluded
    phrase; and the groups' term sets for proximity."""

    def __init__(
        self, phrases: list[np.ndarray], excluded: list[np.ndarray], groups: list[_Group]
    ) -> None:
        self.phrases, self.excluded, self.groups = phrases, excluded, groups
        self.group_sets = [
            np.asarray([t for t, _ in g.expansions], dtype=np.uint32) for g in groups
        ]
        self.needs_tokens = bool(phrases or excluded or len(groups) > 1)

    def passes(self, toks: np.ndarray) -> bool:
        return all(_has_phrase(toks, p) for p in self.phrases) and not any(
            _has_phrase(toks, p) for p in self.excluded
        )


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted, as int64 (np.unique would import numpy.ma: ~15 ms
    of a one-query process)."""
    ordered = np.sort(values).astype(np.int64)
    if ordered.size < 2:
        return ordered
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]


def _member(values: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """np.isin for a few allowed values (by binary search: no per-call tables)."""
    if not allowed.size or not values.size:
        return np.zeros(values.size, dtype=bool)
    ordered = np.sort(allowed)
    at = np.searchsorted(ordered, values)
    at[at == ordered.size] = 0
    return np.asarray(ordered[at] == values)


def _has_phrase(toks: np.ndarray, phrase: np.ndarray) -> bool:
    n = phrase.size
    if toks.size < n:
        return False
    starts = np.flatnonzero(toks[: toks.size - n + 1] == phrase[0])
    return any(np.array_equal(toks[s : s + n], phrase) for s in starts)


def _windows(
    fwd: dict[int, np.ndarray], pids: list[int], group_sets: Sequence[np.ndarray]
) -> dict[int, int]:
    """`_min_window` of each passage; for two groups, all passages at once."""
    if len(group_sets) != 2:
        return {p: _min_window(fwd[p], group_sets) for p in pids if p in fwd}
    have = [p for p in pids if p in fwd]
    if not have:
        return {}
    arrays = [fwd[p] for p in have]
    toks = np.concatenate(arrays)
    owner = np.repeat(np.arange(len(have)), [a.size for a in arrays])
    position = np.arange(toks.size) - np.repeat(
        np.cumsum([0] + [a.size for a in arrays[:-1]]), [a.size for a in arrays]
    )
    in0 = _member(toks, group_sets[0])
    in1 = _member(toks, group_sets[1])
    keep = in0 | in1
    owner, position, in0, in1 = owner[keep], position[keep], in0[keep], in1[keep]
    out: dict[int, int] = {}
    # a token in both groups is a window of one on its own
    for i in np.flatnonzero(in0 & in1).tolist():
        out[have[int(owner[i])]] = 1
    # otherwise the best window spans two neighbouring matches of different groups
    same_owner = owner[1:] == owner[:-1]
    differ = (in0[1:] & in1[:-1]) | (in1[1:] & in0[:-1])
    pairs = np.flatnonzero(same_owner & differ)
    spans = position[pairs + 1] - position[pairs] + 1
    for o, span in zip(owner[pairs].tolist(), spans.tolist(), strict=True):
        pid = have[o]
        if pid not in out or span < out[pid]:
            out[pid] = span
    return out


def _min_window(toks: np.ndarray, group_sets: Sequence[np.ndarray]) -> int:
    """The length of the shortest stretch of tokens holding a match of every group."""
    group_of: dict[int, list[int]] = {}
    for g, ids in enumerate(group_sets):
        for tid in ids.tolist():
            group_of.setdefault(tid, []).append(g)
    union = np.fromiter(group_of, dtype=np.uint32, count=len(group_of))
    where = np.flatnonzero(_member(toks, union)).tolist()
    found = toks[where].tolist()
    events = [(p, g) for p, t in zip(where, found, strict=True) for g in group_of[t]]
    need = len(group_sets)
    counts = [0] * need
    have = 0
    best = 0
    left = 0
    for at, g in events:
        if counts[g] == 0:
            have += 1
        counts[g] += 1
        while have == need:
            span = at - events[left][0] + 1
            if not best or span < best:
                best = span
            lg = events[left][1]
            counts[lg] -= 1
            if counts[lg] == 0:
                have -= 1
            left += 1
    return best


def _highlights(
    text: str, words: set[str], phrases: list[list[str]], spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Character spans of `text` to highlight: matched words, phrases, entity mentions."""
    toks = word_spans(text)
    found = [(s, e) for w, s, e in toks if w in words]
    folded = [w for w, _, _ in toks]
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if folded[i : i + n] == phrase:
                found.append((toks[i][1], toks[i + n - 1][2]))
    found.extend((s, e) for s, e in spans if 0 <= s < e <= len(text))
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged
