"""Quotations and who said them, read as a careful reader would.

A quotation's speaker is looked for in its own sentence: after it (`"…," Sial
told DW`, `"…," said Safdar Sial, an expert`, `"…" — Winston Peters`), then
before it (`Khan said: "…"`, `Peters described it as "…"`, `According to the
ministry, "…"`, `Carl Bialik: "…"`). A pronoun (`he said`) goes to the last
speaker of that gender; `the senator said` to the last person of that role; a
described speaker keeps its description (`a spokesperson for the Chinese
Embassy`). A quotation with no attribution of its own continues the one before
it when nothing else came between. When the text does not say, or the reading
is not sure, the speaker is None: a wrong name is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tui import text as tx
from tui.entities import speech
from tui.entities.quote_marks import Piece, find_pieces
from tui.model import Mention, Quote

# changes whenever the finder reads a text differently (stored quotes are redone)
FINDER_VERSION = 2

MIN_WORDS = 3  # fewer quoted words are a phrase or a name, not a quotation
_SPEAKER_TYPES = ("PERSON", "ORG")
_WORD_RE = re.compile(r"[^\W_][\w'’.-]*")
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’']*\s+(?=[\"“‘'(]*[A-Z0-9])")
_PAREN_RE = re.compile(r"\([^()]{0,40}\)")
_DASH_RE = re.compile(r"\s*(?:—|–|--|-\s)\s*")
_TRANSCRIPT_RE = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})\s*:\s*$")


@dataclass
class _Person:
    """Who can be the `he` or `she` of a later sentence: a named speaker or subject."""

    canonical: str
    paragraph: int
    pos: int
    spoke: bool


@dataclass
class _Doc:
    paras: Sequence[str]
    mentions: dict[int, list[Mention]]
    quoted: dict[int, list[tuple[int, int]]]
    gender: dict[str, str] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=dict)
    people: list[_Person] = field(default_factory=list)

    def inside_quote(self, pi: int, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quoted.get(pi, ()))

    def named(self, pi: int, lo: int, hi: int) -> list[Mention]:
        """Mentions outside quotations that lie in paragraph pi's [lo, hi)."""
        return [
            m
            for m in self.mentions.get(pi, ())
            if lo <= m.start and m.end <= hi and not self.inside_quote(pi, m.start)
        ]


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def _strip_between(text: str, lo: int, hi: int) -> int:
    """`hi` moved back over spaces, adverbs (`also`, `later`, `firmly`) and
    parentheticals (`(D-Mo.)`) that may stand between a speaker and the verb."""
    while True:
        j = hi
        while j > lo and text[j - 1].isspace():
            j -= 1
        if j > lo and text[j - 1] == ")":
            k = text.rfind("(", lo, j)
            if k >= 0 and j - k <= 42:
                hi = k
                continue
        m = re.search(r"([A-Za-z]+)$", text[lo:j])
        if m and (m.group(1) in speech.BETWEEN or (m.group(1).endswith("ly") and m.group(1).islower())):
            hi = lo + m.start(1)
            continue
        return j


def _word_before(text: str, lo: int, pos: int) -> str:
    m = re.search(r"([\w.]+)\W*$", text[lo:pos])
    return m.group(1).lower() if m else ""


class _Finder:
    def __init__(self, paras: Sequence[str], mentions: list[Mention]) -> None:
        by_para: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.paragraph is not None and m.type in ("PERSON", "ORG", "PLACE"):
                by_para.setdefault(m.paragraph, []).append(m)
        for ms in by_para.values():
            ms.sort(key=lambda m: m.start)
        self.pieces = find_pieces(list(paras))
        quoted: dict[int, list[tuple[int, int]]] = {}
        for p in self.pieces:
            quoted.setdefault(p.paragraph, []).append((p.mark_start, p.mark_end))
        self.doc = _Doc(paras, by_para, quoted)
        self._learn_people()

    # --- who is who ---------------------------------------------------------------------

    def _learn_people(self) -> None:
        """Gender (titles, pronouns that follow a name) and roles of each person."""
        doc = self.doc
        votes: dict[str, list[int]] = {}
        for pi, text in enumerate(doc.paras):
            persons = [m for m in doc.named(pi, 0, len(text)) if m.type == "PERSON"]
            for k, m in enumerate(persons):
                v = votes.setdefault(m.canonical, [0, 0])
                title = _word_before(text, max(0, m.start - 12), m.start)
                if title.rstrip(".") in {t.rstrip(".") for t in speech.MALE_TITLES}:
                    v[0] += 3
                elif title.rstrip(".") in {t.rstrip(".") for t in speech.FEMALE_TITLES}:
                    v[1] += 3
                ctx = text[max(0, m.start - 60) : m.end + 60].lower()
                for role, words in speech.ROLE_WORDS.items():
                    if any(w in ctx for w in words):
                        doc.roles.setdefault(m.canonical, set()).add(role)
                # the first he/she after the name, before anyone else is named
                stop = persons[k + 1].start if k + 1 < len(persons) else len(text)
                end = _SENTENCE_END_RE.search(text, m.end)
                if end:
                    nxt = _SENTENCE_END_RE.search(text, end.end())
                    stop = min(stop, nxt.end() if nxt else len(text))
                seg = text[m.end : stop]
                he, she = speech.MALE_WORDS.search(seg), speech.FEMALE_WORDS.search(seg)
                if he and not (she and she.start() < he.start()):
                    v[0] += 1
                elif she:
                    v[1] += 1
        for name, (male, female) in votes.items():
            if male > female:
                doc.gender[name] = "m"
            elif female > male:
                doc.gender[name] = "f"

    def _note_subjects(self, pi: int, lo: int, hi: int) -> None:
        """Persons named as the subject of a sentence in [lo, hi) become candidates for
        a later `he`/`she`."""
        text = self.doc.paras[pi]
        for m in self.doc.named(pi, lo, hi):
            if m.type != "PERSON":
                continue
            before = _word_before(text, max(0, m.start - 30), m.start)
            if before in speech.PREPOSITIONS or before in speech.TOLD or before.endswith("ed"):
                continue
            self.doc.people.append(_Person(m.canonical, pi, m.start, False))

    def _resolve_pronoun(self, word: str, pi: int, pos: int) -> str | None:
        gender = speech.PRONOUNS.get(word.lower())
        if gender not in ("m", "f"):
            return None
        seen: list[_Person] = []
        for p in reversed(self.doc.people):
            if (p.paragraph, p.pos) >= (pi, pos):
                continue
            if pi - p.paragraph > 3:
                break
            seen.append(p)
        for k, p in enumerate(seen):
            g = self.doc.gender.get(p.canonical)
            if g is not None and g != gender:
                continue
            if g == gender:
                return p.canonical
            # gender unknown: only the last speaker, or the only person about
            others = {q.canonical for q in seen[k + 1 :] if q.canonical != p.canonical}
            if p.spoke or not others:
                return p.canonical
            return None
        return None

    def _resolve_role(self, role: str, pi: int, pos: int) -> str | None:
        for p in reversed(self.doc.people):
            if (p.paragraph, p.pos) >= (pi, pos):
                continue
            if role in self.doc.roles.get(p.canonical, ()):
                g = speech.ROLE_GENDER.get(role)
                if g and self.doc.gender.get(p.canonical, g) != g:
                    continue
                return p.canonical
        return None

    # --- the speaker next to a verb -------------------------------------------------

    def _described(self, pi: int, lo: int, hi: int) -> str | None:
        """A speaker named by description in [lo, hi): `a spokesperson for the Chinese
        Embassy`, `human rights groups such as Pro Asyl`; a role (`the senator`)
        goes to the last person of that role."""
        text = self.doc.paras[pi]
        phrase = text[lo:hi].strip(" ,;:—–-")
        words = _words(phrase)
        if not words:
            return None
        cut = max((i for i, w in enumerate(words) if w.lower() in speech.CLAUSE_WORDS), default=-1)
        if cut >= 0:
            if cut == len(words) - 1:
                return None
            idx = phrase.lower().rfind(" " + words[cut].lower() + " ")
            phrase = phrase[idx + len(words[cut]) + 2 :] if idx >= 0 else phrase
            words = _words(phrase)
        if not words or len(words) > 12:
            return None
        head = words[-1].lower().rstrip(".")
        if len(words) <= 3 and head in speech.ROLE_WORDS and words[0].lower() in ("the", "a", "an"):
            return self._resolve_role(head, pi, lo)
        first = words[0].lower()
        proper = [w for w in words[1:] if w[:1].isupper()] or (
            [words[0]] if words[0][:1].isupper() and first not in speech.DETERMINERS else []
        )
        if not proper:
            return None
        if first not in speech.DETERMINERS and not words[0][:1].isupper():
            # `human rights groups such as …`: a plural noun phrase
            if not any(w.lower() in ("groups", "officials", "organisations", "organizations") for w in words):
                return None
        if first in ("a", "an", "the"):
            phrase = first + phrase[len(first) :]
        return tx.clean_line(phrase)

    def _subject_before(self, pi: int, lo: int, v: int) -> str | None:
        """The speaker standing before the verb at v: a name with nothing between but
        adverbs or an insertion set off by commas (`Dobrindt, the minister, said`), a
        pronoun, or a description."""
        doc = self.doc
        text = doc.paras[pi]
        end = _strip_between(text, lo, v)
        if end <= lo:
            return None
        for m in reversed(doc.named(pi, lo, end)):
            gap = _PAREN_RE.sub("", text[m.end : end]).strip()
            if m.type not in _SPEAKER_TYPES and not (m.type == "PLACE" and not gap):
                continue
            if gap.startswith("’s") or gap.startswith("'s"):
                return self._described(pi, lo, end)
            if gap and not (gap.startswith(",") and gap.endswith(",") and gap.count(",") >= 2):
                if gap == ",":
                    continue  # inside an insertion: `…, the head of X, said`
                continue
            if gap and speech.SPEECH_RE.search(gap):
                continue
            before = _word_before(text, lo, m.start)
            if before in speech.PREPOSITIONS:
                return self._described(pi, lo, end) if before != "and" else None
            return m.canonical
        tail = text[lo:end]
        pm = re.search(r"\b(he|she|He|She|they|They)\s*$", tail)
        if pm:
            return self._resolve_pronoun(pm.group(1), pi, lo + pm.start())
        name = _TRANSCRIPT_RE.search(text[lo:end] + ":")
        if name and lo + name.start() == lo + (len(text[lo:end]) - len(text[lo:end].lstrip())):
            found = self._by_surname(name.group(1))
            if found:
                return found
        return self._described(pi, lo, end)

    def _subject_after(self, pi: int, v_end: int, hi: int) -> str | None:
        """The speaker after the verb: `said Geoff Garin, a pollster`, `said he`,
        `according to a report from the State Department`."""
        doc = self.doc
        text = doc.paras[pi]
        rest = text[v_end:hi]
        lead = len(rest) - len(rest.lstrip())
        pm = re.match(r"\s*(he|she)\b", rest)
        if pm:
            return self._resolve_pronoun(pm.group(1), pi, v_end)
        for m in doc.named(pi, v_end, hi):
            if m.type not in _SPEAKER_TYPES and m.type != "PLACE":
                continue
            between = text[v_end + lead : m.start]
            words = _words(between)
            if any(w.lower() in speech.PREPOSITIONS for w in words) or len(words) > 4:
                break
            if any(w[:1].isupper() and not w.endswith(".") for w in words):
                break
            return m.canonical
        stop = re.search(r"[,.;:]\s|[,.;:]$|$", rest)
        return self._described(pi, v_end, v_end + (stop.start() if stop else len(rest)))

    def _by_surname(self, caps: str) -> str | None:
        """A transcript's `TRUMP:` as the person it names."""
        key = caps.split()[-1].strip(".").lower()
        for ms in self.doc.mentions.values():
            for m in ms:
                if m.type == "PERSON" and m.canonical.split()[-1].lower() == key:
                    return m.canonical
        return None

    # --- windows around a quotation --------------------------------------------------

    def _head_window(self, p: Piece) -> int:
        text = self.doc.paras[p.paragraph]
        lo = 0
        for a, b in self.doc.quoted.get(p.paragraph, ()):
            if b <= p.mark_start:
                lo = max(lo, b)
        start = lo
        for m in _SENTENCE_END_RE.finditer(text, lo, p.mark_start):
            if text[m.start()] == "." and tx.is_abbreviation(text, m.start()):
                continue
            start = m.end()
        return start

    def _tail_window(self, p: Piece) -> int:
        text = self.doc.paras[p.paragraph]
        hi = len(text)
        for a, _b in self.doc.quoted.get(p.paragraph, ()):
            if a >= p.mark_end:
                hi = min(hi, a)
        for m in _SENTENCE_END_RE.finditer(text, p.mark_end, hi):
            if text[m.start()] == "." and tx.is_abbreviation(text, m.start()):
                continue
            return m.start() + 1
        return hi

    def _from_tail(self, p: Piece) -> str | None:
        text = self.doc.paras[p.paragraph]
        a, hi = p.mark_end, self._tail_window(p)
        region = text[a:hi]
        if not region.strip():
            return None
        dash = _DASH_RE.match(region)
        if dash:
            s = a + dash.end()
            for m in self.doc.named(p.paragraph, s, hi):
                if m.start - s <= 2 and m.type in _SPEAKER_TYPES:
                    return m.canonical
                break
            return None
        quoted = text[p.start : p.end].rstrip()
        ended = quoted.endswith((".", "!", "?")) and not region.lstrip()[:1].islower()
        verb = speech.SPEECH_RE.search(region)
        if verb is None:
            return None
        before = region[: verb.start()]
        if len(_words(before)) > 30:
            return None
        if ended and len(_words(before)) > 4:
            return None  # a new sentence about something else
        if not before.strip(" ,;:"):
            return self._subject_after(p.paragraph, a + verb.end(), hi)
        return self._subject_before(p.paragraph, a, a + verb.start())

    def _from_head(self, p: Piece) -> str | None:
        doc = self.doc
        text = doc.paras[p.paragraph]
        lo = self._head_window(p)
        head = text[lo : p.mark_start]
        if not head.strip():
            return None
        if head.rstrip().endswith(":") and not speech.SPEECH_RE.search(head):
            colon = lo + head.rstrip().rfind(":")
            if len(_words(text[lo:colon])) <= 8:
                return self._subject_before(p.paragraph, lo, colon)
            return None
        verbs = list(speech.SPEECH_RE.finditer(head)) + list(speech.FRAMING_RE.finditer(head))
        if not verbs:
            return None
        verb = max(verbs, key=lambda m: m.start())
        v, ve = lo + verb.start(), lo + verb.end()
        after = text[ve : p.mark_start]
        if verb.group().startswith("according"):
            stop = after.find(",")
            return self._subject_after(p.paragraph, ve, ve + (stop if stop >= 0 else len(after)))
        if not _words(text[lo:v]):  # `Added Clinton: "…"`
            return self._subject_after(p.paragraph, ve, p.mark_start)
        return self._subject_before(p.paragraph, lo, v)

    # --- the whole text ---------------------------------------------------------------

    def quotes(self) -> list[Quote]:
        chains: dict[int, list[Piece]] = {}
        for p in self.pieces:
            chains.setdefault(p.chain, []).append(p)
        out: list[Quote] = []
        last_speaker: str | None = None
        last_where: tuple[int, int] = (-1, -1)
        noted = 0  # paragraphs whose subjects are noted
        for pieces in chains.values():
            first, last = pieces[0], pieces[-1]
            while noted <= first.paragraph:
                if noted < first.paragraph:
                    self._note_subjects(noted, 0, len(self.doc.paras[noted]))
                noted += 1
            self._note_subjects(first.paragraph, last_where[1] if last_where[0] == first.paragraph else 0, first.mark_start)
            spans = [(p, self.doc.paras[p.paragraph][p.start : p.end]) for p in pieces]
            n_words = sum(len(_words(s)) for _, s in spans)
            if n_words < MIN_WORDS or self._is_gloss(first):
                continue
            speaker = None
            for p in reversed(pieces):
                if p.closed:
                    speaker = self._from_tail(p)
                    break
            if speaker is None:
                speaker = self._from_head(first)
            if speaker is None and last_speaker is not None:
                speaker = self._continued(first, last_speaker, last_where)
            for p, _s in spans:
                s, e = _trim(self.doc.paras[p.paragraph], p.start, p.end)
                if e > s:
                    out.append(Quote(speaker, self.doc.paras[p.paragraph][s:e], p.paragraph, s, e))
            if speaker is not None:
                self.doc.people.append(_Person(speaker, last.paragraph, last.mark_end, True))
                last_speaker = speaker
            else:
                last_speaker = None
            last_where = (last.paragraph, last.mark_end)
        return out

    def _continued(self, p: Piece, speaker: str, where: tuple[int, int]) -> str | None:
        """The speaker of the quotation just before, when this one has no attribution
        of its own and no one else was named in between."""
        pi, end = where
        text = self.doc.paras[p.paragraph]
        if pi == p.paragraph:
            between = [m for m in self.doc.named(pi, end, p.mark_start) if m.type in _SPEAKER_TYPES]
            return speaker if all(m.canonical == speaker for m in between) else None
        return None

    def _is_gloss(self, p: Piece) -> bool:
        """`Kabul Luftbrücke ("Kabul air bridge")`: a translation or a name in
        brackets, not a quotation."""
        text = self.doc.paras[p.paragraph]
        return text[max(0, p.mark_start - 1) : p.mark_start] == "(" and text[
            p.mark_end : p.mark_end + 1
        ] == ")"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def find_quotes(paragraphs: Sequence[str], mentions: list[Mention]) -> list[Quote]:
    """Quotations of an article, in order, with their speakers' canonical names (None
    where the text does not say who spoke) and their offsets in their paragraph.
    `mentions` carry paragraph-relative offsets."""
    return _Finder(paragraphs, mentions).quotes()
