"""The sequence tagger: a linear-chain CRF's weights applied with cached score
vectors and Viterbi decoding over the capitalised regions of each sentence.

Tokens with no capital letter (other than short connectors between
capitalised ones, as in `Bank of England`) are taken to be outside any name,
which keeps decoding to a small share of the text; the result equals a
constrained Viterbi over the whole sentence.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from itertools import compress, count
from operator import not_
from pathlib import Path
from typing import NamedTuple

import numpy as np

from tui.entities import features as F

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json.gz"

# lower-case words that may sit inside a name between capitalised words
CONNECTORS = frozenset(
    [
        "of",
        "de",
        "du",
        "des",
        "la",
        "le",
        "di",
        "da",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "and",
        "&",
        "-",
        "for",
        "y",
        "e",
        "i",
        "'s",
        "'",
        ".",
        "the",
        "on",
        "upon",
        "am",
        "an",
        "im",
        "zu",
    ]
)
_CACHE_LIMIT = 400_000
SURE_MARGIN = 3.0


class Span(NamedTuple):
    """A tagged name: character offsets into the text and its CoNLL-style type."""

    start: int
    end: int
    type: str  # PER, ORG, LOC, MISC


class Tagger:
    """Applies a trained model to text."""

    def __init__(self, model: dict) -> None:
        self.labels: list[str] = model["labels"]
        self.n = len(self.labels)
        self.trans: list[list[float]] = model["transitions"]
        self.weights: dict[str, list[list[float]]] = model["features"]
        self.features = F.Features(model.get("lowercase", ()), bool(model.get("bigrams")))
        self.o = self.labels.index("O")
        n = self.n
        o = self.o
        self.can_start = [not lab.startswith("I-") for lab in self.labels]
        # allowed[i, j]: label i may precede label j (no O -> I-X)
        allowed = np.ones((n, n), dtype=bool)
        for j, lab in enumerate(self.labels):
            if lab.startswith("I-"):
                t = lab[2:]
                for i, p in enumerate(self.labels):
                    allowed[i, j] = p in ("B-" + t, "I-" + t)
        trans = np.array(self.trans, dtype=np.float64)
        self._trans_allowed = np.where(allowed, trans, -np.inf)
        self._from_o = trans[o].copy()  # O before the first token
        self._to_o = trans[:, o].copy()  # O after the last token
        self._no_start = ~np.array(self.can_start)
        # score added to a lone token's labels: after an O, before an O, no I- start;
        # row 2 * after + before
        self._lone_bias = np.array(
            [
                [
                    (self.trans[o][j] if after else 0.0)
                    + (self.trans[j][o] if before else 0.0)
                    + (0.0 if self.can_start[j] else -1e9)
                    for j in range(n)
                ]
                for after in (False, True)
                for before in (False, True)
            ]
        )
        self._reset()

    def _reset(self) -> None:
        """Empty the score-vector caches."""
        # one row per key: a word with its position and document evidence
        # (`_uids`, with whether it is surely outside a name alone), a word at an
        # offset (`_nids`), a bigram
        self._table = np.zeros((4096, self.n))
        self._rows = 0
        self._uids: dict[tuple[str, str, str], tuple[int, bool]] = {}
        self._nids: dict[int, dict[str, int]] = {k: {} for k in (-2, -1, 1, 2)}
        self._bids: dict[tuple[str, str], int] = {}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Tagger:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls(json.load(fh))

    # --- scores ---------------------------------------------------------------

    def _vector(self, attrs: list[str]) -> list[float]:
        v = [0.0] * self.n
        weights = self.weights
        for a in attrs:
            row = weights.get(a)
            if row:
                for li, w in row:
                    v[int(li)] += w
        return v

    def _add(self, v: list[float]) -> int:
        """Store a score vector in the table; its row."""
        r = self._rows
        if r == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        self._table[r] = v
        self._rows = r + 1
        return r

    def _unigram(self, uk: tuple[str, str, str]) -> tuple[int, bool]:
        """The row of the word's own score vector (with position and document
        features), and whether it is surely outside a name when it stands alone:
        a margin for O that no context in practice overturns (`The`, `But`
        opening a sentence)."""
        w, f, e = uk
        feats = self.features
        u = self._vector(feats.unigram(w) + feats.flags(w, f) + feats.doc(w, e))
        o = self.o
        sure = u[o] - max(x for j, x in enumerate(u) if j != o) >= SURE_MARGIN
        got = self._uids[uk] = (self._add(u), sure)
        return got

    def _neighbour(self, x: str, k: int) -> int:
        r = self._nids[k][x] = self._add(self._vector(self.features.neighbour(x, k)))
        return r

    def _bigram(self, prev: str, w: str) -> int:
        r = self._bids[prev, w] = self._add(self._vector(self.features.bigram(prev, w)))
        return r

    # --- decoding -------------------------------------------------------------

    def _decode(self, em: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Viterbi paths of equally long regions at once: `em` is (regions,
        tokens, labels); `first`/`last` say whether a region opens/closes its
        sentence (else an O sits before/after it)."""
        score = np.where(first[:, None], em[:, 0], em[:, 0] + self._from_o)
        score[:, self._no_start] = -1e9
        trans = self._trans_allowed
        back = []
        for t in range(1, em.shape[1]):
            cand = score[:, :, None] + trans
            back.append(cand.argmax(axis=1))
            score = cand.max(axis=1) + em[:, t]
        score = np.where(last[:, None], score, score + self._to_o)
        j = score.argmax(axis=1)
        paths = np.empty((len(j), em.shape[1]), dtype=np.intp)
        paths[:, -1] = j
        rows = np.arange(len(j))
        for t in range(len(back) - 1, -1, -1):
            j = back[t][rows, j]
            paths[:, t] = j
        return paths

    @staticmethod
    def regions(words: list[str]) -> list[tuple[int, int]]:
        """Runs of tokens that may be part of a name: capitalised words joined by connectors."""
        flags = list(map(_CAP.get, words))
        if None in flags:
            flags = [_capital(w) if f is None else f for w, f in zip(words, flags, strict=True)]
        caps = list(compress(range(len(words)), flags))
        if not caps:
            return []
        out: list[tuple[int, int]] = []
        n = len(words)
        start = prev = caps[0]
        for i in caps[1:]:
            gap = i - prev - 1
            if gap == 0 or (
                gap <= 2 and all(words[j].lower() in CONNECTORS for j in range(prev + 1, i))
            ):
                prev = i
                continue
            out.append((start, prev + 1))
            start = prev = i
        out.append((start, prev + 1))
        # numbers right after a name (Euro 96, Boeing 747) belong to the region
        return [(lo, hi + 1 if hi < n and words[hi][0].isdigit() else hi) for lo, hi in out]

    def tag(self, text: str) -> list[Span]:  # noqa: C901 - too complex; entities (#14) splits it, then removes this
        """Names in `text`, as character spans with CoNLL types."""
        if self._rows > _CACHE_LIMIT:
            self._reset()
        lines = F.lines(text)
        batch = _Batch(self, F.line_evidence(text, lines))
        for offsets, caps_line, cuts in lines:
            words = offsets.words
            caps = _line_caps(words)
            if not caps:
                continue
            batch.line(offsets, "C" if caps_line else "")
            for lo, hi, a, b in _line_regions(words, caps, cuts):
                batch.region(lo, hi, a, b)
        if not batch.todo:
            return []
        return self._spans(batch.todo, self._paths(batch.todo, batch.emissions()))

    def _paths(self, todo: list[_Region], em: np.ndarray) -> dict[int, list[int]]:
        """The best labels of each region: one arg-max for a lone token, Viterbi
        for longer regions, decoded together by length."""
        found: dict[int, list[int]] = {}
        by_len: dict[int, list[int]] = {}
        for k, t in enumerate(todo):
            by_len.setdefault(t[2] - t[1], []).append(k)
        for size, ks in by_len.items():
            starts = np.array([todo[k][3] for k in ks])
            if size == 1:
                bias = np.array([2 * (not todo[k][4]) + (not todo[k][5]) for k in ks])
                args = (em[starts] + self._lone_bias[bias]).argmax(axis=1).tolist()
                for k, a in zip(ks, args, strict=True):
                    found[k] = [a]
                continue
            opens = np.array([todo[k][4] for k in ks])
            closes = np.array([todo[k][5] for k in ks])
            paths = self._decode(em[starts[:, None] + np.arange(size)], opens, closes).tolist()
            for k, path in zip(ks, paths, strict=True):
                found[k] = path
        return found

    def _spans(self, todo: list[_Region], found: dict[int, list[int]]) -> list[Span]:
        """The regions' labels read back as names (B-/I- runs of one type)."""
        labels = self.labels
        o = self.o
        spans: list[Span] = []
        for k, (line, lo, *_) in enumerate(todo):
            path = found[k]
            span = line.span
            if len(path) == 1:
                if path[0] != o:
                    a, b = span(lo)
                    spans.append(Span(a, b, labels[path[0]][2:]))
                continue
            cur_t = ""
            cur_s = 0  # first and last token of the current name
            cur_e = 0
            for off, li in enumerate(path):
                lab = labels[li]
                i = lo + off
                if lab == "O" or lab.startswith("B-") or lab[2:] != cur_t:
                    if cur_t:
                        spans.append(Span(span(cur_s)[0], span(cur_e)[1], cur_t))
                    cur_t = ""
                    if lab != "O":
                        cur_t = lab[2:]
                        cur_s = i
                if cur_t:
                    cur_e = i
            if cur_t:
                spans.append(Span(span(cur_s)[0], span(cur_e)[1], cur_t))
        return spans


# a region to decode, in token indices of its line: (line, lo, hi, index of its
# first token in the rows, whether it opens / closes its sentence)
_Region = tuple[F.LineOffsets, int, int, int, bool, bool]


def _line_caps(words: list[str]) -> list[int]:
    """Tokens with a capital letter where names have one (not lower-case words)."""
    cand = list(compress(count(), map(not_, map(str.islower, words))))
    if not cand:
        return []
    flags = list(map(_CAP.get, map(words.__getitem__, cand)))
    if None in flags:
        flags = [_capital(words[i]) if f is None else f for i, f in zip(cand, flags, strict=True)]
    return list(compress(cand, flags))


def _line_regions(
    words: list[str], caps: list[int], cuts: list[int]
) -> list[tuple[int, int, int, int]]:
    """A line's regions as in `Tagger.regions`, never across a sentence: (lo, hi,
    and the sentence [a, b) it lies in)."""
    nw = len(words)
    ncuts = len(cuts)
    si = 0  # the sentence [a, b) of the current capital
    a = 0
    b = cuts[1] if ncuts > 1 else nw
    regs: list[tuple[int, int, int, int]] = []
    start = prev = -1
    for i in caps:
        if i >= b:  # a later sentence: close the region, move on
            if start >= 0:
                regs.append((start, _with_number(words, prev + 1, b), a, b))
                start = -1
            while i >= b:
                si += 1
                a = b
                b = cuts[si + 1] if si + 1 < ncuts else nw
        if start >= 0:
            gap = i - prev - 1
            if gap == 0 or (
                gap <= 2 and all(words[j].lower() in CONNECTORS for j in range(prev + 1, i))
            ):
                prev = i
                continue
            regs.append((start, _with_number(words, prev + 1, b), a, b))
        start = prev = i
    regs.append((start, _with_number(words, prev + 1, b), a, b))
    return regs


def _with_number(words: list[str], hi: int, b: int) -> int:
    """A region's end, taking in a number right after the name (Euro 96, Boeing 747)."""
    return hi + 1 if hi < b and words[hi][0].isdigit() else hi


class _Batch:
    """The rows of each region token's score vectors in one text, in text order,
    and the regions to decode."""

    def __init__(self, tagger: Tagger, ev: F.Evidence) -> None:
        self.t = tagger
        self.titled = ev.titled
        self.lower = ev.lower
        # rows (and sureness) of the unigram keys met so far, by position flags
        self.known: dict[str, dict[str, tuple[int, bool]]] = {f: {} for f in ("", "C", "S", "SC")}
        self.ru: list[int] = []
        self.ra: list[int] = []
        self.rb: list[int] = []
        self.rc: list[int] = []
        self.rd: list[int] = []
        self.rg: list[int] = []
        self.todo: list[_Region] = []
        self.bigrams = tagger.features.bigrams
        self.offsets: F.LineOffsets | None = None
        self.words: list[str] = []
        self.c_flag = ""
        self.first_of = -1  # the sentence `first` belongs to
        self.first = -1

    def line(self, offsets: F.LineOffsets, c_flag: str) -> None:
        """The next line's regions follow (`C` on headlines)."""
        self.offsets = offsets
        self.words = offsets.words
        self.c_flag = c_flag
        self.first_of = -1
        self.first = -1

    def region(self, lo: int, hi: int, a: int, b: int) -> None:
        """Add one region of the current line, in sentence [a, b); a lone word
        surely outside a name is left out."""
        words = self.words
        if self.first_of != a:
            # position flags as in F.positions: `S` on the sentence's first word
            self.first_of = a
            first = a if words[a][0].isalnum() else -1
            if first < 0:
                first = next((i for i in range(a, b) if words[i][0].isalnum()), -1)
            self.first = first
        ru = self.ru
        at = len(ru)
        sure = False
        for i in range(lo, hi):
            got = self._unigram(words[i], i == self.first)
            ru.append(got[0])
            sure = got[1]
        if hi - lo == 1 and sure:
            del ru[at:]
            return
        self._context(lo, hi, a, b)
        assert self.offsets is not None
        self.todo.append((self.offsets, lo, hi, at, lo == a, hi == b))

    def _unigram(self, w: str, opening: bool) -> tuple[int, bool]:
        """The row of a word's own scores at its position, with the document's
        evidence for it (as F.evidence_for)."""
        c_flag = self.c_flag
        seen = self.known["S" + c_flag if opening else c_flag]
        got = seen.get(w)
        if got is not None:
            return got
        f = "S" + c_flag if opening else c_flag
        if w[0].isupper():
            lw = w.lower()
            e = (f or "m") + (
                ("t" if lw in self.titled else "") + ("l" if lw in self.lower else "") or "n"
            )
        else:
            e = ""
        uk = (w, f, e)
        got = self.t._uids.get(uk)
        if got is None:
            got = self.t._unigram(uk)
        seen[w] = got
        return got

    def _context(self, lo: int, hi: int, a: int, b: int) -> None:
        """Rows of the neighbours' (and bigrams') scores of each token of a region."""
        t = self.t
        words = self.words
        n2, n1, p1, p2 = (t._nids[k] for k in (-2, -1, 1, 2))
        s2, s1 = F.PAD_L
        e1, e2 = F.PAD_R
        bids = t._bids if self.bigrams else None
        for i in range(lo, hi):
            x = words[i - 2] if i - 2 >= a else (s1 if i > a else s2)
            r = n2.get(x)
            self.ra.append(t._neighbour(x, -2) if r is None else r)
            x = words[i - 1] if i > a else s1
            r = n1.get(x)
            self.rb.append(t._neighbour(x, -1) if r is None else r)
            x = words[i + 1] if i + 1 < b else e1
            r = p1.get(x)
            self.rc.append(t._neighbour(x, 1) if r is None else r)
            x = words[i + 2] if i + 2 < b else (e1 if i + 2 == b else e2)
            r = p2.get(x)
            self.rd.append(t._neighbour(x, 2) if r is None else r)
            if bids is not None:
                bk = (words[i - 1] if i > a else s1, words[i])
                r = bids.get(bk)
                self.rg.append(t._bigram(*bk) if r is None else r)

    def emissions(self) -> np.ndarray:
        """Each region token's label scores: its own, its neighbours' and bigram's."""
        table = self.t._table
        u = table[self.ru]
        if self.bigrams:
            u = u + table[self.rg]
        return u + table[self.ra] + table[self.rb] + table[self.rc] + table[self.rd]


_CAP: dict[str, bool] = {}


def _capital(w: str) -> bool:
    """Whether a token has a capital letter where names have one (cached per word)."""
    c = w[0]
    r = c.isupper() or (c.isalpha() and any(ch.isupper() for ch in w[1:]))
    if len(_CAP) < 200_000:
        _CAP[w] = r
    return r


@lru_cache(maxsize=1)
def default() -> Tagger:
    """The tagger with the committed model, loaded once."""
    return Tagger.load()
