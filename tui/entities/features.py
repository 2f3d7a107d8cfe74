"""Tokens, sentences and the tagger's features, shared by training and tagging.

Features come in groups that each depend on a small key (the word, the word at
an offset, the word with its position flags, the word with its document
evidence). The tagger caches one score vector per key, so tagging a token is a
handful of dictionary look-ups; training sees the same groups as attribute lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, count
from typing import NamedTuple

from tui.entities import gazetteer

# Abbreviations with dots (U.S., U.N.), initials before a name, words with inner hyphens/apostrophes/
# ampersands (Tehreek-e-Taliban, O'Neill, AT&T), numbers, then any other symbol.
# A possessive 's (or a bare trailing apostrophe) is its own token.
TOKEN_RE = re.compile(
    r"(?=[^\W\d_]\.)(?:(?:[^\W\d_]\.){2,}(?![^\W_])"
    r"|(?<![^\W_])[A-Z]\.(?= ?[A-Z][a-z’']))"  # an initial: `C. Lewis`, `George W. Bush`
    r"|(?=[A-Z])(?:Mr|Mrs|Ms|Dr|St|Mt|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|Rev|Corp|Inc|Ltd|Co|Bros|No)\.(?=\s)"
    r"|[^\W_]+(?:(?:[-&]|['’](?![sS]\b))[^\W_]+)*"
    r"|\d+(?:[.,:/]\d+)*"
    r"|['’][sS]\b"
    r"|\S"
)
# The same tokens as TOKEN_RE.findall, found faster: runs of spaces are consumed
# with the token that follows, and the bulk of any text is tried first: plain
# lower-case words, plain capitalised words not followed by a dot, and common
# punctuation, which no other alternative can match there.
_FAST_TOKENS = re.compile(
    r" *([a-z]{2,}(?![^\W_]|[-&'’])|[A-Z][a-z]+(?![^\W_]|[-&'’.])|[.,;:!?()\"“”]|"
    + TOKEN_RE.pattern
    + ")"
)
_SENT_END = frozenset({".", "!", "?"})
_OPENERS = frozenset({'"', "'", "“", "‘", "(", "[", "«", "-", "—", "–"})


_ODD_SPACE = re.compile(r"[^\S ]")


class LineOffsets:
    """Token offsets of one line, found only for the tokens someone asks about.

    Tokens cover every non-space character, so token `i` starts after exactly
    sum(len(words[:i])) non-space characters: a `find` from there, checked by
    counting spaces, locates it without walking the line token by token.
    """

    __slots__ = ("base", "line", "words", "_prefix", "_spans")

    def __init__(self, line: str, base: int, words: list[str]) -> None:
        self.base = base
        self.line = line
        self.words = words
        self._prefix: list[int] | None = None
        self._spans: list[tuple[int, int]] | None = None

    def span(self, i: int) -> tuple[int, int]:
        """Absolute (start, end) of the line's token `i`."""
        if self._prefix is None:  # the first question about this line
            self._prefix = [0, *accumulate(map(len, self.words))]
            if _ODD_SPACE.search(self.line):  # tabs, no-break spaces: walk the tokens
                self._spans = [m.span() for m in _tokens_in(self.line)]
        if self._spans is not None:
            s, e = self._spans[i]
            return s + self.base, e + self.base
        want = self._prefix[i]
        w = self.words[i]
        line = self.line
        q = line.find(w, want)
        while q >= 0 and q - line.count(" ", 0, q) != want:
            q = line.find(w, q + 1)
        if q < 0:  # cannot happen for our own tokens; stay correct anyway
            self._spans = [m.span() for m in _tokens_in(line)]
            return self.span(i)
        return q + self.base, q + len(w) + self.base


@dataclass(slots=True)
class Sentence:
    """Tokens of one sentence: its words, and where they sit in their line."""

    words: list[str]
    line: LineOffsets
    first: int  # index of the sentence's first token in its line
    caps: bool  # a headline-style line where (almost) every word is upper case

    def span(self, i: int) -> tuple[int, int]:
        return self.line.span(self.first + i)

    @property
    def starts(self) -> list[int]:
        return [self.span(i)[0] for i in range(len(self.words))]

    @property
    def ends(self) -> list[int]:
        return [self.span(i)[1] for i in range(len(self.words))]


_UPPER_WORD = re.compile(r"\b[A-Z][A-Z'’.&-]+\b")
_LOWER_WORD = re.compile(r"(?<![^\W_])[a-z][^\W_]*")
_CLOSERS = frozenset({'"', "”", "'", "’", ")"})
_tokens_in = TOKEN_RE.finditer
_words_in = _FAST_TOKENS.findall


def _is_caps_line(line: str) -> bool:
    """A headline line: at least two all-caps words and few lower-case ones."""
    if len(line) > 300:
        return False
    up = len(_UPPER_WORD.findall(line))
    if up < 2:
        return False
    return len(_LOWER_WORD.findall(line)) * 4 <= up


class Line(NamedTuple):
    """A non-empty line's tokens (with their offsets), whether it is a headline,
    and the index of the first token of each of its sentences (0 first)."""

    offsets: LineOffsets
    caps: bool
    cuts: list[int]


def lines(text: str) -> list[Line]:
    """Tokenise `text` and find where its sentences start (lines and sentence punctuation)."""
    out: list[Line] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        if not line or line.isspace():
            continue
        words = _words_in(line)
        if not words:
            continue
        cuts = [0]
        cut = 0
        n = len(words)
        if "." in line or "!" in line or "?" in line:
            for j in compress(count(), map(_SENT_END.__contains__, words)):
                if j + 1 >= n or j + 1 - cut <= 3 or words[j + 1] in _CLOSERS:
                    continue
                k = j + 1
                while k < n and words[k] in _OPENERS:
                    k += 1
                if k < n and (words[k][0].isupper() or words[k][0].isdigit()):
                    cut = j + 1
                    cuts.append(cut)
        out.append(Line(LineOffsets(line, base, words), _is_caps_line(line), cuts))
    return out


def split(text: str) -> list[Sentence]:
    """Tokenise `text` and cut it into sentences (lines and sentence punctuation)."""
    out: list[Sentence] = []
    for offsets, caps, cuts in lines(text):
        words = offsets.words
        if len(cuts) == 1:
            out.append(Sentence(words, offsets, 0, caps))
            continue
        bounds = [*cuts, len(words)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            out.append(Sentence(words[a:b], offsets, a, caps))
    return out


# --- word-level features -------------------------------------------------------


def shape(w: str) -> str:
    """Word shape with runs collapsed: `Xx`, `X`, `d`, `X.X.`, `Xx-Xx`."""
    out: list[str] = []
    for ch in w:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def long_shape(w: str) -> str:
    """Word shape keeping length up to 4 per run: `Xxxx`, `dd`, `XX`."""
    out: list[str] = []
    run = 0
    prev = ""
    for ch in w:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if c == prev:
            run += 1
            if run >= 4:
                continue
        else:
            run = 0
        prev = c
        out.append(c)
    return "".join(out)[:12]


def first_cap(w: str) -> bool:
    return w[:1].isupper()


class Features:
    """Computes feature groups; `lowercase` is the set of words seen lower-case in training text."""

    def __init__(self, lowercase: Iterable[str] = (), bigrams: bool = False) -> None:
        self.lowercase = frozenset(lowercase)
        self.bigrams = bigrams

    def bigram(self, prev: str, w: str) -> list[str]:
        """The previous word and this one together (when the model uses them)."""
        if not self.bigrams:
            return []
        return [f"bg={prev.lower()}|{w.lower()}"]

    def unigram(self, w: str) -> list[str]:
        """Features of the word itself."""
        lw = w.lower()
        f = ["b", "w=" + w, "lw=" + lw, "sh=" + shape(w), "ls=" + long_shape(w)]
        n = len(lw)
        for k in (1, 2, 3, 4):
            if n > k:
                f.append(f"p{k}={lw[:k]}")
                f.append(f"s{k}={lw[-k:]}")
        if n <= 3:
            f.append(f"len={n}")
        if w[:1].isupper():
            if lw in self.lowercase:
                f.append("lv")
            if w.isupper() and n > 1:
                f.append("allcap")
                if lw in self.lowercase:
                    f.append("allcap_lv")
        if "-" in w:
            for i, part in enumerate(w.split("-")[:3]):
                f.append(f"hy{min(i, 1)}={part.lower()}")
        for g in gazetteer.lookup(w):
            f.append("gz=" + g)
        return f

    def neighbour(self, w: str, k: int) -> list[str]:
        """Features of the word at offset `k` from the current one."""
        lw = w.lower()
        f = [f"{k}lw={lw}", f"{k}sh={shape(w)}"]
        if abs(k) == 1:
            f.append(f"{k}s3={lw[-3:]}")
            for g in gazetteer.lookup(w):
                f.append(f"{k}gz={g}")
            if w[:1].isupper() and lw in self.lowercase:
                f.append(f"{k}lv")
        return f

    @staticmethod
    def flags(w: str, flags: str) -> list[str]:
        """Position features: sentence start, headline line, conjoined with the word."""
        if not flags:
            return []
        lw = w.lower()
        return ["fl=" + flags, f"fl={flags}|lw={lw}", f"fl={flags}|sh={shape(w)}"]

    @staticmethod
    def doc(w: str, evidence: str) -> list[str]:
        """Document features: how the same word is written elsewhere in the document."""
        if not evidence:
            return []
        return ["d=" + evidence, f"d={evidence}|sh={shape(w)}"]


PAD_L = ("<s2>", "<s1>")
PAD_R = ("</s1>", "</s2>")


def positions(sent: Sentence) -> list[str]:
    """The position flags of each token: `S` first word, `C` headline line."""
    c = "C" if sent.caps else ""
    out = [c] * len(sent.words)
    for i, w in enumerate(sent.words):
        if w[0].isalnum():
            out[i] = "S" + c
            break
    return out


# the capital first, then the look-behind: the scan jumps from capital to capital
_TITLED_MID = re.compile(r"[A-Z](?<=[\w,;:] [A-Z])[\w'’.-]*")


@dataclass
class Evidence:
    """How words are written across a document: Title-case mid-sentence, lower-case."""

    titled: set[str]
    lower: set[str]  # every token: a lower-case form is in it only if written so

    def get(self, lw: str, default: str = "") -> str:
        e = ("t" if lw in self.titled else "") + ("l" if lw in self.lower else "")
        return e or default


def doc_evidence(text: str, sentences: list[Sentence]) -> Evidence:
    """Which words the document writes Title-case after another word (not as a
    sentence opener), and which it writes in lower case (as a whole token)."""
    titled = {w.lower() for w in _TITLED_MID.findall(text) if len(w) == 1 or not w.isupper()}
    tokens: set[str] = set()
    for s in sentences:
        if s.first == 0:  # a line's first sentence: all of the line's tokens
            tokens.update(s.line.words)
    return Evidence(titled, tokens)


def line_evidence(text: str, lines: list[Line]) -> Evidence:
    """`doc_evidence` from the document's lines."""
    titled = {w.lower() for w in _TITLED_MID.findall(text) if len(w) == 1 or not w.isupper()}
    tokens: set[str] = set()
    for ln in lines:
        tokens.update(ln.offsets.words)
    return Evidence(titled, tokens)


def evidence_for(w: str, flags: str, ev: Evidence) -> str:
    """The document evidence key for a capitalised word at a position."""
    if not w[:1].isupper():
        return ""
    e = ev.get(w.lower(), "n")
    return (flags or "m") + e


def sentence_attributes(
    feats: Features, sent: Sentence, ev: Evidence, cache: dict[object, list[str]]
) -> list[list[str]]:
    """Every token's attribute list (for training)."""
    words = sent.words
    padded = [*PAD_L, *words, *PAD_R]
    fl = positions(sent)
    out: list[list[str]] = []
    for i, w in enumerate(words):
        attrs: list[str] = []
        key: object = w
        u = cache.get(key)
        if u is None:
            u = cache[key] = feats.unigram(w)
        attrs.extend(u)
        for k in (-2, -1, 1, 2):
            nw = padded[i + 2 + k]
            nkey = (nw, k)
            nf = cache.get(nkey)
            if nf is None:
                nf = cache[nkey] = feats.neighbour(nw, k)
            attrs.extend(nf)
        attrs.extend(feats.flags(w, fl[i]))
        attrs.extend(feats.doc(w, evidence_for(w, fl[i], ev)))
        attrs.extend(feats.bigram(padded[i + 1], w))
        out.append(attrs)
    return out
