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
from itertools import compress
from pathlib import Path
from typing import NamedTuple

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
        self._cache: dict[object, list[float]] = {}
        self._ucache: dict[tuple[str, str, str], tuple[list[float], bool]] = {}
        # allowed[j] = labels that may precede label j (no O -> I-X)
        self.allowed: list[list[int]] = []
        for lab in self.labels:
            if lab.startswith("I-"):
                t = lab[2:]
                self.allowed.append(
                    [i for i, p in enumerate(self.labels) if p in ("B-" + t, "I-" + t)]
                )
            else:
                self.allowed.append(list(range(self.n)))
        self.can_start = [not lab.startswith("I-") for lab in self.labels]
        # score added to a lone token's labels: after an O, before an O, no I- start
        o = self.o
        self._lone_bias = [
            [
                [
                    (self.trans[o][j] if after else 0.0)
                    + (self.trans[j][o] if before else 0.0)
                    + (0.0 if self.can_start[j] else -1e9)
                    for j in range(self.n)
                ]
                for before in (False, True)
            ]
            for after in (False, True)
        ]

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

    def _unigram(self, uk: tuple[str, str, str]) -> tuple[list[float], bool]:
        """The word's own score vector (with position and document features), and
        whether it is surely outside a name when it stands alone: a margin for O
        that no context in practice overturns (`The`, `But` opening a sentence)."""
        got = self._ucache.get(uk)
        if got is None:
            w, f, e = uk
            feats = self.features
            u = self._vector(feats.unigram(w) + feats.flags(w, f) + feats.doc(w, e))
            o = self.o
            sure = u[o] - max(x for j, x in enumerate(u) if j != o) >= SURE_MARGIN
            if len(self._ucache) > _CACHE_LIMIT:
                self._ucache.clear()
            got = self._ucache[uk] = (u, sure)
        return got

    def _emissions(
        self, words: list[str], padded: list[str], units: list[list[float]], lo: int
    ) -> list[list[float]]:
        """Score vectors of the tokens words[lo:lo+len(units)], given their own vectors."""
        feats = self.features
        cache = self._cache
        vector = self._vector
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        bigrams = feats.bigrams
        out: list[list[float]] = []
        for i, u in enumerate(units, lo):
            x = padded[i]
            a = cache.get((x, -2))
            if a is None:
                a = cache[x, -2] = vector(feats.neighbour(x, -2))
            x = padded[i + 1]
            b = cache.get((x, -1))
            if b is None:
                b = cache[x, -1] = vector(feats.neighbour(x, -1))
            x = padded[i + 3]
            c = cache.get((x, 1))
            if c is None:
                c = cache[x, 1] = vector(feats.neighbour(x, 1))
            x = padded[i + 4]
            d = cache.get((x, 2))
            if d is None:
                d = cache[x, 2] = vector(feats.neighbour(x, 2))
            if bigrams:
                w = words[i]
                bk = ("b", words[i - 1] if i > 0 else F.PAD_L[1], w)
                v = cache.get(bk)
                if v is None:
                    v = cache[bk] = vector(feats.bigram(bk[1], w))
                u = [x + y for x, y in zip(u, v, strict=True)]
            out.append([p + q + r + s + t for p, q, r, s, t in zip(u, a, b, c, d, strict=True)])
        return out

    # --- decoding -------------------------------------------------------------

    def _viterbi(self, em: list[list[float]], first: bool, last: bool) -> list[int]:
        n = self.n
        trans = self.trans
        o = self.o
        if first:
            score = [em[0][j] if self.can_start[j] else -1e9 for j in range(n)]
        else:
            score = [em[0][j] + trans[o][j] for j in range(n)]
            for j in range(n):
                if not self.can_start[j]:
                    score[j] = -1e9
        back: list[list[int]] = []
        allowed = self.allowed
        rng = range(n)
        for t in range(1, len(em)):
            row = em[t]
            new = [0.0] * n
            bp = [0] * n
            for j in rng:
                best = -1e18
                arg = 0
                for i in allowed[j]:
                    s = score[i] + trans[i][j]
                    if s > best:
                        best = s
                        arg = i
                new[j] = best + row[j]
                bp[j] = arg
            score = new
            back.append(bp)
        if not last:
            score = [score[j] + trans[j][o] for j in range(n)]
        j = max(range(n), key=score.__getitem__)
        path = [j]
        for bp in reversed(back):
            j = bp[j]
            path.append(j)
        path.reverse()
        return path

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

    def tag(self, text: str) -> list[Span]:
        """Names in `text`, as character spans with CoNLL types."""
        sents = F.split(text)
        ev = F.doc_evidence(text, sents)
        spans: list[Span] = []
        labels = self.labels
        o = self.o
        titled = ev.titled
        lower = ev.lower
        unigram = self._unigram
        for s in sents:
            words = s.words
            regs = self.regions(words)
            if not regs:
                continue
            # position flags as in F.positions: `S` on the first word, `C` on headlines
            c_flag = "C" if s.caps else ""
            first = next((i for i, w in enumerate(words) if w[0].isalnum()), -1)
            nw = len(words)
            span = s.span
            padded: list[str] | None = None
            for lo, hi in regs:
                units = []
                for i in range(lo, hi):
                    w = words[i]
                    f = "S" + c_flag if i == first else c_flag
                    if w[0].isupper():  # the document evidence, as F.evidence_for
                        lw = w.lower()
                        e = (f or "m") + (
                            ("t" if lw in titled else "") + ("l" if lw in lower else "") or "n"
                        )
                    else:
                        e = ""
                    u, sure = unigram((w, f, e))
                    units.append(u)
                if hi - lo == 1 and sure:
                    continue
                if padded is None:
                    padded = [*F.PAD_L, *words, *F.PAD_R]
                em = self._emissions(words, padded, units, lo)
                if hi - lo == 1:
                    bias = self._lone_bias[lo > 0][hi < nw]
                    vals = [r + b for r, b in zip(em[0], bias, strict=True)]
                    arg = vals.index(max(vals))
                    if arg != o:
                        a, b = span(lo)
                        spans.append(Span(a, b, labels[arg][2:]))
                    continue
                path = self._viterbi(em, lo == 0, hi == nw)
                cur_t = ""
                cur_s = 0
                cur_e = 0
                for off, li in enumerate(path):
                    lab = labels[li]
                    i = lo + off
                    if lab == "O" or lab.startswith("B-") or lab[2:] != cur_t:
                        if cur_t:
                            spans.append(Span(cur_s, cur_e, cur_t))
                        cur_t = ""
                        if lab != "O":
                            cur_t = lab[2:]
                            cur_s = span(i)[0]
                    if cur_t:
                        cur_e = span(i)[1]
                if cur_t:
                    spans.append(Span(cur_s, cur_e, cur_t))
        return spans


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
