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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


@dataclass(frozen=True)
class Span:
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
        self.features = F.Features(model.get("lowercase", ()))
        self.o = self.labels.index("O")
        self._cache: dict[object, list[float]] = {}
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

    def _emissions(
        self, sent: F.Sentence, fl: list[str], ev: dict[str, str], lo: int, hi: int
    ) -> list[list[float]]:
        feats = self.features
        cache = self._cache
        vector = self._vector
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        words = sent.words
        nw = len(words)
        out: list[list[float]] = []
        for i in range(lo, hi):
            w = words[i]
            v = cache.get(w)
            if v is None:
                v = cache[w] = vector(feats.unigram(w))
            vs = [v]
            for k in (-2, -1, 1, 2):
                j = i + k
                if j < 0:
                    x = F.PAD_L[j + 2]
                elif j >= nw:
                    x = F.PAD_R[j - nw]
                else:
                    x = words[j]
                nk = (x, k)
                v = cache.get(nk)
                if v is None:
                    v = cache[nk] = vector(feats.neighbour(x, k))
                vs.append(v)
            f = fl[i]
            if f:
                fk = ("f", w, f)
                v = cache.get(fk)
                if v is None:
                    v = cache[fk] = vector(feats.flags(w, f))
                vs.append(v)
            e = F.evidence_for(w, f, ev)
            if e:
                dk = ("d", w, e)
                v = cache.get(dk)
                if v is None:
                    v = cache[dk] = vector(feats.doc(w, e))
                vs.append(v)
            out.append([sum(col) for col in zip(*vs, strict=True)])
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
        for t in range(1, len(em)):
            row = em[t]
            new = [0.0] * n
            bp = [0] * n
            for j in range(n):
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
        out: list[tuple[int, int]] = []
        n = len(words)
        i = 0
        while i < n:
            w = words[i]
            if not _capital(w):
                i += 1
                continue
            start = i
            end = i + 1
            j = end
            while j < n:
                x = words[j]
                if _capital(x):
                    end = j + 1
                    j += 1
                    continue
                # up to two connectors, then a capitalised word
                k = j
                while k < n and k - j < 2 and (x := words[k]).lower() in CONNECTORS:
                    k += 1
                if k > j and k < n and _capital(words[k]):
                    j = k
                    continue
                break
            # numbers right after a name (Euro 96, Boeing 747) belong to the region
            if end < n and words[end][:1].isdigit():
                end += 1
            out.append((start, end))
            i = end
        return out

    def tag(self, text: str) -> list[Span]:
        """Names in `text`, as character spans with CoNLL types."""
        sents = F.split(text)
        ev = F.doc_evidence(sents)
        spans: list[Span] = []
        labels = self.labels
        for s in sents:
            regs = self.regions(s.words)
            if not regs:
                continue
            fl = F.positions(s)
            nw = len(s.words)
            for lo, hi in regs:
                em = self._emissions(s, fl, ev, lo, hi)
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
                            cur_s = s.starts[i]
                    if cur_t:
                        cur_e = s.ends[i]
                if cur_t:
                    spans.append(Span(cur_s, cur_e, cur_t))
        return spans


def _capital(w: str) -> bool:
    c = w[:1]
    return c.isupper() or (c.isalpha() and any(ch.isupper() for ch in w[1:]))


@lru_cache(maxsize=1)
def default() -> Tagger:
    """The tagger with the committed model, loaded once."""
    return Tagger.load()
