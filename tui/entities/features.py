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

from tui.entities import gazetteer

# Abbreviations with dots (U.S., U.N.), words with inner hyphens/apostrophes/
# ampersands (Tehreek-e-Taliban, O'Neill, AT&T), numbers, then any other symbol.
# A possessive 's (or a bare trailing apostrophe) is its own token.
TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}(?![^\W_])"
    r"|(?:Mr|Mrs|Ms|Dr|St|Mt|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|Rev|Corp|Inc|Ltd|Co|Bros|No)\.(?=\s)"
    r"|[^\W_]+(?:(?:[-&]|['’](?![sS]\b))[^\W_]+)*"
    r"|\d+(?:[.,:/]\d+)*"
    r"|['’][sS]\b"
    r"|\S"
)
_SENT_END = frozenset({".", "!", "?"})
_OPENERS = frozenset({'"', "'", "“", "‘", "(", "[", "«", "-", "—", "–"})


@dataclass
class Sentence:
    """Tokens of one sentence: words and their character offsets into the text."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    caps: bool  # a headline-style line where (almost) every word is upper case


def _is_caps_line(words: list[str]) -> bool:
    alpha = [w for w in words if len(w) > 1 and w.isalpha()]
    if len(alpha) < 2:
        return False
    upper = sum(1 for w in alpha if w.isupper())
    return upper >= 0.8 * len(alpha)


def split(text: str) -> list[Sentence]:
    """Tokenise `text` and cut it into sentences (lines and sentence punctuation)."""
    sentences: list[Sentence] = []
    for line_m in re.finditer(r"[^\n]+", text):
        base = line_m.start()
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        toks = [
            (m.group(), m.start() + base, m.end() + base) for m in TOKEN_RE.finditer(line_m.group())
        ]
        n = len(toks)
        for j, (w, s, e) in enumerate(toks):
            words.append(w)
            starts.append(s)
            ends.append(e)
            if w in _SENT_END and j + 1 < n and len(words) > 3:
                nxt = toks[j + 1][0]
                k = j + 1
                while k < n and toks[k][0] in _OPENERS:
                    k += 1
                if nxt in ('"', "”", "'", "’", ")"):
                    continue
                if k < n and (toks[k][0][:1].isupper() or toks[k][0][:1].isdigit()):
                    sentences.append(Sentence(words, starts, ends, False))
                    words, starts, ends = [], [], []
        if words:
            sentences.append(Sentence(words, starts, ends, False))
    for sent in sentences:
        sent.caps = _is_caps_line(sent.words)
    return sentences


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

    def __init__(self, lowercase: Iterable[str] = ()) -> None:
        self.lowercase = frozenset(lowercase)

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
    out: list[str] = []
    seen_word = False
    for w in sent.words:
        fl = ""
        if not seen_word and w[:1].isalnum():
            fl = "S"
            seen_word = True
        if sent.caps:
            fl += "C"
        out.append(fl)
    return out


def doc_evidence(sentences: list[Sentence]) -> dict[str, str]:
    """Per lower-cased word: `t` if written Title-case mid-sentence somewhere in the
    document (outside headlines), `l` if written lower-case, `tl` for both."""
    titled: set[str] = set()
    lower: set[str] = set()
    for s in sentences:
        if s.caps:
            continue
        first = True
        for w in s.words:
            c = w[:1]
            if not c.isalpha():
                continue
            if first:
                first = False
                if c.isupper():
                    continue
            if c.isupper():
                if not w.isupper() or len(w) == 1:
                    titled.add(w.lower())
            else:
                lower.add(w.lower())
    out: dict[str, str] = {}
    for lw in titled:
        out[lw] = "t"
    for lw in lower:
        out[lw] = out.get(lw, "") + "l"
    return out


def evidence_for(w: str, flags: str, ev: dict[str, str]) -> str:
    """The document evidence key for a capitalised word at a position."""
    if not w[:1].isupper():
        return ""
    e = ev.get(w.lower(), "n")
    return (flags or "m") + e


def sentence_attributes(
    feats: Features, sent: Sentence, ev: dict[str, str], cache: dict[object, list[str]]
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
        out.append(attrs)
    return out
