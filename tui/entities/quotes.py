"""Quotations and who said them, read as a careful reader would.

A quotation's speaker is looked for in its own sentence, after it (`"…," Sial
told DW`, `"…," said Safdar Sial, an expert`, `"…" — Winston Peters`) and
before it (`Khan said: "…"`, `Peters described it as "…"`, `According to the
ministry, "…"`, `Carl Bialik: "…"`); the attribution nearer the quotation wins.
A pronoun (`he said`) goes to the last speaker of that gender; `the senator
said` to the last person of that role; a described speaker keeps its
description (`a spokesperson for the Chinese Embassy`). A quotation with no
attribution of its own continues the one before it when no one else was named
in between. When the text does not say, or the reading is not sure, the
speaker is None: a wrong name is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui import text as tx
from tui.entities import speech
from tui.entities.quote_marks import Piece, find_pieces
from tui.model import Mention, Quote

# changes whenever the finder reads a text differently (stored quotes are redone)
FINDER_VERSION = 2

MIN_WORDS = 3  # fewer quoted words are a phrase or a name, not a quotation
_SPEAKER_TYPES = ("PERSON", "ORG")
_WORD_RE = re.compile(r"[^\W_][\w'’.-]*")
_SENTENCE_END_RE = re.compile(r"[.!?]+\s+(?=[(]*[A-Z0-9]|$)")
_PAREN_RE = re.compile(r"\([^()]{0,40}\)")
_DASH_RE = re.compile(r"\s*(?:—|–|--|-\s)\s*")
_CAPS_NAME_RE = re.compile(r"(?:^|(?<=\s))([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})$")
_BARE_NAME_RE = re.compile(r"(?<![\w.])((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+)$")
_INITIAL_NEXT_RE = re.compile(r"\.\s([A-Z][\w'’-]+)")
# capitalised words that are not names, for the continuation check
_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "but",
        "and",
        "so",
        "then",
        "yet",
        "also",
        "later",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "in",
        "on",
        "at",
        "for",
        "asked",
        "speaking",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "del",
        "lt",
        "gen",
        "col",
        "president",
        "senator",
        "governor",
        "the",
        "a",
        "an",
    ]
)
_NEAR = 2  # words between a quotation and its verb that still count as adjacent


@dataclass
class _Person:
    """Who can be the `he` or `she` of a later sentence: a named speaker or subject."""

    canonical: str
    paragraph: int
    pos: int
    spoke: bool


@dataclass(frozen=True)
class _Found:
    """An attribution: its speaker (None: someone the text does not name) and how
    many words stand between it and the quotation."""

    speaker: str | None
    distance: int


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def _word_before(text: str, lo: int, pos: int) -> str:
    m = re.search(r"([\w.’']+)\W*$", text[lo:pos])
    return m.group(1).lower() if m else ""


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with its quotations blanked (same length); a full stop, question or
    exclamation mark ending a quotation is kept, as it may end the sentence."""
    chars = list(text)
    for a, b in spans:
        keep = None
        for k in range(b - 1, a - 1, -1):
            if text[k] in "\"”“»'` ":
                continue
            keep = k if text[k] in ".!?" else None
            break
        for k in range(a, b):
            if k != keep:
                chars[k] = " "
    return "".join(chars)


class _Finder:
    def __init__(self, paras: Sequence[str], mentions: list[Mention]) -> None:
        self.paras = paras
        self.pieces = find_pieces(list(paras))
        self.quoted: dict[int, list[tuple[int, int]]] = {}
        for p in self.pieces:
            self.quoted.setdefault(p.paragraph, []).append((p.mark_start, p.mark_end))
        self.masked = [_mask(t, self.quoted.get(i, [])) for i, t in enumerate(paras)]
        self.mentions: dict[int, list[Mention]] = {}
        for m in sorted(mentions, key=lambda m: (m.paragraph or 0, m.start)):
            if m.paragraph is None or m.type not in ("PERSON", "ORG", "PLACE"):
                continue
            if not self._inside_quote(m.paragraph, m.start):
                self.mentions.setdefault(m.paragraph, []).append(m)
        self.gender: dict[str, str] = {}
        self.roles: dict[str, set[str]] = {}
        self.people: list[_Person] = []
        self._learn_people()

    def _inside_quote(self, pi: int, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quoted.get(pi, ()))

    def _named(self, pi: int, lo: int, hi: int) -> list[Mention]:
        """Mentions outside quotations in paragraph pi's [lo, hi)."""
        return [m for m in self.mentions.get(pi, ()) if lo <= m.start and m.end <= hi]

    def _name(self, m: Mention) -> str:
        """A mention's canonical name; `Gene B` followed by `. Sperling` is one name."""
        if m.paragraph is None:
            return m.canonical
        nxt = _INITIAL_NEXT_RE.match(self.paras[m.paragraph], m.end)
        if nxt and re.search(r"\b[A-Z]$", m.canonical):
            return f"{m.canonical}. {nxt.group(1)}"
        if nxt and m.text.lower() in _TITLES:  # `Del. Stacey Plaskett` read as `Del`
            for x in self.mentions.get(m.paragraph, ()):
                if x.start == m.end + nxt.start(1) - nxt.start():
                    return x.canonical
            return nxt.group(1)
        return m.canonical

    # --- who is who ---------------------------------------------------------------------

    def _learn_people(self) -> None:
        """Gender (titles, the pronouns that follow a name) and roles of each person."""
        votes: dict[str, list[int]] = {}
        male_titles = {t.rstrip(".") for t in speech.MALE_TITLES}
        female_titles = {t.rstrip(".") for t in speech.FEMALE_TITLES}
        for pi, text in enumerate(self.masked):
            persons = [m for m in self.mentions.get(pi, ()) if m.type == "PERSON"]
            for k, m in enumerate(persons):
                v = votes.setdefault(m.canonical, [0, 0])
                title = _word_before(text, max(0, m.start - 12), m.start).rstrip(".")
                if title in male_titles:
                    v[0] += 3
                elif title in female_titles:
                    v[1] += 3
                ctx = text[max(0, m.start - 60) : m.end + 60].lower()
                for role, words in speech.ROLE_WORDS.items():
                    if any(w in ctx for w in words):
                        self.roles.setdefault(m.canonical, set()).add(role)
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
                self.gender[name] = "m"
            elif female > male:
                self.gender[name] = "f"

    def _note_subjects(self, pi: int, lo: int, hi: int) -> None:
        """Persons named as the subject of a sentence in [lo, hi) become candidates for
        a later `he`/`she`."""
        text = self.masked[pi]
        for m in self._named(pi, lo, hi):
            if m.type != "PERSON":
                continue
            before = _word_before(text, max(0, m.start - 30), m.start)
            if before != "and" and (
                before in speech.PREPOSITIONS or before in speech.TOLD or before.endswith("ed")
            ):
                continue
            self.people.append(_Person(m.canonical, pi, m.start, False))

    def _resolve_pronoun(self, word: str, pi: int, pos: int) -> str | None:
        gender = speech.PRONOUNS.get(word.lower())
        if gender not in ("m", "f"):
            return None
        seen: list[_Person] = []
        for p in reversed(self.people):
            if (p.paragraph, p.pos) >= (pi, pos):
                continue
            if pi - p.paragraph > 3:
                break
            seen.append(p)
        for k, p in enumerate(seen):
            g = self.gender.get(p.canonical)
            if g is not None and g != gender:
                continue
            if g == gender:
                return p.canonical
            # gender unknown: only the last speaker, or the only person about
            others = {q.canonical for q in seen[k + 1 :] if q.canonical != p.canonical}
            if any(q.spoke and q.canonical == p.canonical for q in seen) or not others:
                return p.canonical
            return None
        return None

    def _resolve_role(self, role: str, pi: int, pos: int) -> str | None:
        for p in reversed(self.people):
            if (p.paragraph, p.pos) >= (pi, pos):
                continue
            if role in self.roles.get(p.canonical, ()):
                g = speech.ROLE_GENDER.get(role)
                if g and self.gender.get(p.canonical, g) != g:
                    continue
                return p.canonical
        return None

    def _by_surname(self, name: str) -> str | None:
        """A bare `TRUMP` or `Caddell` as the person the article names so."""
        key = name.split()[-1].strip(".").lower()
        for ms in self.mentions.values():
            for m in ms:
                if m.type == "PERSON" and m.canonical.split()[-1].lower() == key:
                    return m.canonical
        return None

    # --- the speaker next to a verb -------------------------------------------------

    def _strip_between(self, pi: int, lo: int, hi: int) -> int:
        """`hi` moved back over spaces, adverbs (`also`, `later`, `firmly`) and
        parentheticals (`(D-Mo.)`) that may stand between a speaker and the verb."""
        text = self.masked[pi]
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
            if m and (
                m.group(1) in speech.BETWEEN
                or (m.group(1).endswith("ly") and m.group(1).islower() and len(m.group(1)) > 4)
            ):
                hi = lo + m.start(1)
                continue
            return j

    def _described(self, pi: int, lo: int, hi: int) -> str | None:
        """A speaker named by description in [lo, hi): `a spokesperson for the Chinese
        Embassy`, `human rights groups such as Pro Asyl`; a role (`the senator`)
        goes to the last person of that role."""
        phrase = self.masked[pi][lo:hi].strip(" ,;:—–-")
        if not phrase or "," in phrase or ":" in phrase:
            return None
        words = _words(phrase)
        if not words or len(words) > 10 or words[0].lower() in speech.PREPOSITIONS:
            return None
        if any(w.lower() in speech.CLAUSE_WORDS for w in _words(phrase.replace("such as", ""))):
            return None
        head = words[-1].lower().rstrip(".")
        first = words[0].lower()
        if len(words) <= 3 and head in speech.ROLE_WORDS and first in ("the", "a", "an"):
            return self._resolve_role(head, pi, lo)
        plural = re.search(r"\b(?:groups|officials|organi[sz]ations|activists)\b", phrase)
        if first not in speech.DETERMINERS and not words[0][:1].isupper() and not plural:
            return None
        if not any(w[:1].isupper() for w in words[1:]):
            return None
        if first in ("a", "an", "the"):
            phrase = first + phrase[len(first) :]
        return tx.clean_line(phrase)

    def _appositive_ok(self, pi: int, lo: int, hi: int) -> bool:
        """Whether [lo, hi) (`, the head of X,`) can describe the name before it: no
        speech verb, and no other name but one after a preposition or possessive."""
        text = self.masked[pi]
        if speech.SPEECH_RE.search(text[lo:hi]):
            return False
        for x in self._named(pi, lo, hi):
            before = _word_before(text, lo, x.start)
            possessive = text[x.end : x.end + 2] in ("'s", "’s")
            if (
                x.type == "PERSON"
                and not possessive
                and before not in speech.PREPOSITIONS
                and before not in speech.DETERMINERS
                and not before[:1].isupper()
            ):
                return False
        return True

    def _subject_before(self, pi: int, lo: int, v: int) -> str | None:
        """The speaker standing before the verb at v: a name with nothing between but
        adverbs or an insertion set off by commas (`Dobrindt, the minister, said`), a
        pronoun, or a description. None when there is none or it is not sure."""
        text = self.masked[pi]
        end = self._strip_between(pi, lo, v)
        if end <= lo:
            return None
        rel = re.search(r",\s*who\b[^,]*$|\bwho\s*$", text[lo:end])
        if rel:  # `Clinton, who said`, `Packer, who is chairman of X said`
            end = lo + rel.start()
        if re.search(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", text[lo:v]):
            return None  # passive: `was asked by …`
        for m in reversed(self._named(pi, lo, end)):
            gap = _PAREN_RE.sub("", text[m.end : end]).strip()
            before = _word_before(text, lo, m.start)
            if m.type == "PLACE" and (
                gap or (before and before != "the" and before not in speech.CLAUSE_WORDS)
            ):
                continue
            if gap.startswith(("’s", "'s")) and "," not in gap:
                return self._described(pi, lo, end)
            if gap:
                if not (gap.startswith(",") and gap.endswith(",") and gap.count(",") >= 2):
                    continue
                if not self._appositive_ok(pi, m.end, end):
                    return None
            if before.rstrip(".") in _TITLES - {"the", "a", "an"}:
                before = _word_before(text, lo, m.start - len(before) - 1)
            head = self._head_person(pi, lo, m) if gap or before in speech.PREPOSITIONS else None
            if head is not None:
                return head  # `Petrilli, president of the Fordham Institute, said`
            if before in speech.PREPOSITIONS:
                return self._described(pi, lo, end) if before != "and" else None
            return self._pair(pi, lo, m)
        pm = re.search(r"\b(he|she|He|She|they|They)\s*$", text[lo:end])
        if pm:
            return self._resolve_pronoun(pm.group(1), pi, lo + pm.start())
        bare = _BARE_NAME_RE.search(text[lo:end])
        if bare:
            found = self._by_surname(bare.group(1))
            if found:
                return found
        return self._described(pi, lo, end)

    def _head_person(self, pi: int, lo: int, m: Mention) -> str | None:
        """The person a name stands in the description of: `Scott Morris, a senior
        fellow at the Center for Global Development, …` (the center is not speaking)."""
        text = self.masked[pi]
        for p in self._named(pi, lo, m.start):
            if p.type != "PERSON" or p.canonical == m.canonical:
                continue
            if not text[p.end : m.start].lstrip().startswith(","):
                continue
            before = _word_before(text, lo, p.start)
            if before in speech.PREPOSITIONS or speech.SPEECH_RE.search(text[p.end : m.start]):
                continue
            if not self._appositive_ok(pi, p.end, m.start):
                continue
            return self._name(p)
        return None

    def _pair(self, pi: int, lo: int, m: Mention) -> str:
        """`Phil Berger and Tim Moore said`: both speak."""
        text = self.masked[pi]
        for p in self._named(pi, lo, m.start):
            if p.type == m.type and re.fullmatch(
                r"\s+and\s+(?:[A-Z][\w.]*\s+){0,3}", text[p.end : m.start]
            ):
                return f"{self._name(p)} and {self._name(m)}"
        return self._name(m)

    def _parenthetical(self, pi: int, lo: int, v: int, ve: int, hi: int) -> bool:
        """`…, says Carl Anthony, historian at X, is that`: a speaker set off by commas
        after the verb."""
        text = self.masked[pi]
        if not text[lo:v].rstrip().endswith(","):
            return False
        after = [m for m in self._named(pi, ve, hi) if m.type in _SPEAKER_TYPES]
        return (
            bool(after) and not _words(text[ve : after[0].start]) and "," in text[after[0].end : hi]
        )

    def _clause_subject(self, pi: int, lo: int, v: int) -> str | None:
        """The subject of the sentence a participle or infinitive belongs to:
        `Carson shared a syllabus …, writing "…"`, `X went so far as to say: "…"`."""
        text = self.masked[pi]
        named = [m for m in self._named(pi, lo, v) if m.type in _SPEAKER_TYPES]
        pm = re.match(r"\s*(?:[\w ]{0,30},\s*)?(He|She)\b", text[lo:v])
        first_at = named[0].start if named else v
        if pm and lo + pm.start(1) < first_at:
            return self._resolve_pronoun(pm.group(1), pi, lo + pm.start(1))
        if not named:
            return None
        m = named[0]
        for x in named:  # `In an AP interview Monday, Sanders said …, adding`
            intro = text[lo : x.start]
            opens = not _words(intro) or intro.rstrip().endswith(",")
            if opens and _word_before(text, lo, x.start) not in speech.PREPOSITIONS:
                m = x
                break
        if m.type == "ORG" and len(named) > 1 and named[1].type == "PERSON":
            gap = _words(text[m.end : named[1].start])
            if len(gap) <= 3 and all(w.lower() not in speech.PREPOSITIONS for w in gap):
                m = named[1]  # `The Slate technology columnist David Auerbach`
        intro = text[lo : m.start]
        words = _words(intro)
        if words and not intro.rstrip().endswith(","):
            if len(words) > 4 or any(w.lower() in speech.PREPOSITIONS for w in words):
                return None
            if any(w[:1].islower() and w.lower() not in speech.DETERMINERS for w in words):
                return None
        if text[m.end : m.end + 2] in ("'s", "’s"):
            return None
        return self._name(m)

    def _subject_after(self, pi: int, ve: int, hi: int) -> str | None:
        """The speaker after the verb: `said Geoff Garin, a pollster`, `said he`,
        `according to a report from the State Department`."""
        text = self.masked[pi]
        rest = text[ve:hi]
        pm = re.match(r"\s*(he|she)\b", rest)
        if pm:
            return self._resolve_pronoun(pm.group(1), pi, ve)
        stop = len(rest)
        for cut in re.finditer(r"[,;:]|\.(?:\s|$)|\s(?:who|after|before|when|as|while)\s", rest):
            if cut.group().startswith(".") and tx.is_abbreviation(text, ve + cut.start()):
                continue
            stop = cut.start()
            break
        np_hi = ve + stop
        words = _words(text[ve:np_hi])
        if not words or words[0].lower() in speech.PREPOSITIONS:
            return None
        best: Mention | None = None
        for m in self._named(pi, ve, np_hi):
            if m.type not in _SPEAKER_TYPES:
                continue
            lead = _words(text[ve : m.start])
            if any(w.lower() in speech.PREPOSITIONS for w in lead):
                return self._described(pi, ve, np_hi)
            if text[m.end : m.end + 2] in ("'s", "’s"):
                continue
            if best is None or m.type == "PERSON" or best.type != "PERSON":
                best = m
        if best is not None:
            return self._name(best)
        bare = _BARE_NAME_RE.search(text[ve:np_hi].rstrip())
        if bare and len(words) <= 3:
            return self._by_surname(bare.group(1))
        return self._described(pi, ve, np_hi)

    # --- windows around a quotation --------------------------------------------------

    def _sentence_start(self, pi: int, pos: int) -> int:
        text = self.masked[pi][:pos]  # a quotation (blanked) may start the next sentence
        start = 0
        for m in _SENTENCE_END_RE.finditer(text):
            if text[m.start()] == "." and tx.is_abbreviation(text, m.start()):
                continue
            start = m.end()
        return start

    def _sentence_end(self, pi: int, pos: int) -> int:
        text = self.masked[pi]
        for m in _SENTENCE_END_RE.finditer(text, pos):
            if text[m.start()] == "." and tx.is_abbreviation(text, m.start()):
                continue
            return m.start() + 1
        return len(text)

    def _from_tail(self, p: Piece) -> _Found | None:
        if not p.closed:
            return None
        text = self.masked[p.paragraph]
        a, hi = p.mark_end, self._sentence_end(p.paragraph, p.mark_end)
        region = text[a:hi]
        if not region.strip(" .,"):
            return None
        dash = _DASH_RE.match(region)
        if dash:
            s = a + dash.end()
            for m in self._named(p.paragraph, s, hi):
                if m.start - s <= 2 and m.type in _SPEAKER_TYPES:
                    return _Found(self._name(m), 0)
                break
            return None
        quoted = self.paras[p.paragraph][p.start : p.end].rstrip()
        ended = quoted.endswith((".", "!", "?", "…")) and not region.lstrip()[:1].islower()
        verb = speech.SPEECH_RE.search(region)
        extra = speech.TAIL_VERB_RE.search(region)
        near = extra is not None and len(_words(region[: extra.start()])) <= 3
        if extra is not None and near and (verb is None or extra.start() < verb.start()):
            verb = extra
        if verb is None:
            return None
        before = region[: verb.start()]
        distance = len(_words(before))
        if distance > 30 or (ended and distance > 4):
            return None
        after = region[verb.end() :]
        if after.lstrip().startswith(":"):
            return None  # `X said:` opens the next quotation
        if ended and len(_words(after)) > 8:
            return None  # a new sentence about something else
        if re.search(r"\baccording\s+to\b", after):
            return _Found(None, distance)  # said by one, reported by another
        if not before.strip(" ,;:"):
            if verb.group().endswith("ing"):
                return None  # `…," saying …`: the sentence's subject, found before
            return _Found(self._subject_after(p.paragraph, a + verb.end(), hi), 0)
        return _Found(self._subject_before(p.paragraph, a, a + verb.start()), distance)

    def _colon(self, pi: int, lo: int, colon: int) -> str | None:
        """`Rubio fired back: "…"`, `Pollsters agree - Carl Bialik: "…"`, `TRUMP: "…"`."""
        text = self.masked[pi]
        cut = max(text.rfind(c, lo, colon) for c in (",", ";", "—", " - ", "–"))
        clo = cut + 1 if cut >= lo else lo
        verbs = list(speech.SPEECH_RE.finditer(text, clo, colon))
        if verbs:
            v = verbs[-1]
            if not _words(text[clo : v.start()]):
                # `John Weaver, a strategist who …, wrote in an email:`
                return self._subject_before(pi, lo, v.start()) or self._subject_after(
                    pi, v.end(), colon
                )
            return self._subject_before(pi, clo, v.start()) or self._clause_subject(
                pi, clo, v.start()
            )
        caps = _CAPS_NAME_RE.search(text[clo:colon].strip())
        if caps and len(text[clo:colon].split()) <= 4:
            return self._by_surname(caps.group(1))
        return self._clause_subject(pi, clo, colon)

    def _from_head(self, p: Piece) -> _Found | None:
        pi = p.paragraph
        text = self.masked[pi]
        lo = self._sentence_start(pi, p.mark_start)
        head = text[lo : p.mark_start]
        if not head.strip():
            return None
        if head.rstrip().endswith(":"):
            return _Found(self._colon(pi, lo, lo + head.rstrip().rfind(":")), 0)
        verbs = list(speech.SPEECH_RE.finditer(head)) + list(speech.FRAMING_RE.finditer(head))
        verbs.sort(key=lambda m: -m.start())
        for verb in verbs[:3]:
            v, ve = lo + verb.start(), lo + verb.end()
            distance = len(_words(text[ve : p.mark_start]))
            word = verb.group()
            if word.lower().startswith("according"):
                stop = text.find(",", ve, p.mark_start)
                speaker = self._subject_after(pi, ve, stop if stop >= 0 else p.mark_start)
            elif not _words(text[lo:v]) or self._parenthetical(pi, lo, v, ve, p.mark_start):
                # `Added Clinton: "…"`, `The paradox, says Carl Anthony, is that "…"`
                speaker = self._subject_after(pi, ve, p.mark_start)
            elif re.search(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", text[lo:v]):
                by = re.match(r"\s+by\s+", text[ve : p.mark_start])
                speaker = self._subject_after(pi, ve + by.end(), p.mark_start) if by else None
            else:
                speaker = self._subject_before(pi, lo, v)
                if speaker is None and (
                    word.endswith("ing") or _word_before(text, lo, v) in ("to", "and", "but")
                ):
                    speaker = self._clause_subject(pi, lo, v)
            if speaker is not None and self._nested(pi, lo, v, speaker, verbs):
                return _Found(None, distance)
            if speaker is not None or distance <= _NEAR:
                return _Found(speaker, distance)
        return None

    def _nested(self, pi: int, lo: int, v: int, speaker: str, verbs: list[re.Match[str]]) -> bool:
        """`Flynn said Trump was right when he said "…"`: someone else's speech
        reported inside the sentence, so whose words these are is not sure."""
        text = self.masked[pi]
        for other in verbs:
            start = lo + other.start()
            according = other.group().lower().startswith("according")
            if start >= v or according:
                if according and start < v:
                    return True
                continue
            found = self._subject_before(pi, lo, start) if _words(text[lo:start]) else None
            if found is not None and not set(_words(found)) & set(_words(speaker)):
                return True
        return False

    # --- the whole text ---------------------------------------------------------------

    def _attribution(self, pieces: list[Piece]) -> _Found | None:
        first, last = pieces[0], pieces[-1]
        tail = self._from_tail(last)
        head = self._from_head(first)
        if tail is None:
            return head
        if head is None:
            return tail
        ends_comma = (
            self.paras[last.paragraph][last.start : last.end]
            .rstrip()
            .endswith((",", "?", "!", "—", "-"))
        )
        if tail.distance < head.distance or (tail.distance == head.distance and ends_comma):
            return tail
        return head

    def _colon_before(self, p: Piece) -> _Found | None:
        """A paragraph that is a quotation introduced by the one before (`… said:`)."""
        if p.paragraph == 0 or p.mark_start != len(self.paras[p.paragraph]) - len(
            self.paras[p.paragraph].lstrip()
        ):
            return None
        prev = p.paragraph - 1
        text = self.masked[prev].rstrip()
        if not text.endswith(":"):
            return None
        colon = len(text) - 1
        return _Found(self._colon(prev, self._sentence_start(prev, colon), colon), 0)

    def _continued(self, p: Piece, speaker: str, where: tuple[int, int]) -> str | None:
        """The speaker of the quotation just before, when this one has no attribution
        of its own and no one else was named in between."""
        pi, end = where
        if pi != p.paragraph:
            return None
        if not self.masked[pi][self._sentence_end(pi, end) : p.mark_start].strip():
            return speaker  # `"…," X said[, …]. "…"`: only the attribution stands between
        text = self.masked[pi]
        for m in self._named(pi, end, p.mark_start):
            if m.type not in _SPEAKER_TYPES or m.canonical == speaker:
                continue
            if text[m.end : m.end + 2] in ("'s", "’s"):
                continue
            before = _word_before(text, end, m.start)
            if before.rstrip(".") in _TITLES:
                before = _word_before(text, end, m.start - len(before) - 1)
            if before not in speech.PREPOSITIONS and before not in speech.TOLD:
                return None  # someone else may be speaking now
        own = set(_words(speaker))
        covered = [(m.start, m.end) for m in self.mentions.get(pi, ())]
        for w in re.finditer(r"\b[A-Z][\w'’-]+", text[end : p.mark_start]):
            at = end + w.start()
            if w.group() in own or w.group().lower() in _OPENERS:
                continue
            if not any(a <= at < b for a, b in covered):
                return None  # a name the tagger missed, perhaps
        return speaker

    def _is_gloss(self, p: Piece) -> bool:
        """`Kabul Luftbrücke ("Kabul air bridge")`: a translation or a name in
        brackets, not a quotation."""
        text = self.paras[p.paragraph]
        return (
            text[max(0, p.mark_start - 1) : p.mark_start] == "("
            and text[p.mark_end : p.mark_end + 1] == ")"
        )

    def quotes(self) -> list[Quote]:
        chains: dict[int, list[Piece]] = {}
        for p in self.pieces:
            chains.setdefault(p.chain, []).append(p)
        out: list[Quote] = []
        last_speaker: str | None = None
        last_where: tuple[int, int] = (-1, -1)
        noted = (0, 0)  # subjects are noted up to here
        for pieces in chains.values():
            first, last = pieces[0], pieces[-1]
            self._note_until(noted, (first.paragraph, first.mark_start))
            noted = (first.paragraph, first.mark_start)
            if self._is_gloss(first):
                continue
            found = self._attribution(pieces) or self._colon_before(first)
            speaker = found.speaker if found else None
            if found is None and last_speaker is not None:
                speaker = self._continued(first, last_speaker, last_where)
            spans = [(p, self.paras[p.paragraph][p.start : p.end]) for p in pieces]
            if sum(len(_words(s)) for _, s in spans) >= MIN_WORDS:
                for p, _s in spans:
                    s, e = _trim(self.paras[p.paragraph], p.start, p.end)
                    if e > s:
                        out.append(Quote(speaker, self.paras[p.paragraph][s:e], p.paragraph, s, e))
            if speaker is not None:
                self.people.append(_Person(speaker, last.paragraph, last.mark_end, True))
            last_speaker = speaker
            last_where = (last.paragraph, last.mark_end)
        return out

    def _note_until(self, start: tuple[int, int], stop: tuple[int, int]) -> None:
        pi, pos = start
        while pi < stop[0]:
            self._note_subjects(pi, pos, len(self.paras[pi]))
            pi, pos = pi + 1, 0
        self._note_subjects(pi, pos, stop[1])


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
