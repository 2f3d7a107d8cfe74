"""Compiling selected passages into a one-page Brief.

Extractive only: key points, the drafted bottom line, quotes and figures are words
from the passages, never invented, and each is cited to its paragraph. The same
passage or quotation from two outlets is one key point citing both. When the
Markdown would not fit the page, compiling shortens long passages to the sentences
they were chosen for (the note's or query's words, figures, quotations), then shows
fewer quotes, figures and actors, then leaves out the least important passages,
and records each step as a Cut. `strict=True` raises PageOverflow instead.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tui import text as tx
from tui.brief.markdown import render_markdown
from tui.brief.schema import (
    Actor,
    BlufSentence,
    Brief,
    Cut,
    FigureItem,
    KeyPoint,
    QuoteItem,
    Source,
    SourceEntry,
)
from tui.errors import BriefFileError
from tui.model import Analysis, Article

TODAY_ENV = "BRIEF_TODAY"

LONG_WORDS = 30  # a passage longer than this can be shortened to key sentences
KEY_WORDS = 30  # what a shortened key point aims for
BLUF_WORDS = 60
BLUF_OVERLAP = 0.4  # a drafted sentence sharing more of its terms with another is left out
BLUF_SENTENCES = 3
# what a sentence was chosen for, when shortening: the note's or query's words first
FOCUS_WEIGHT, FIGURE_WEIGHT, QUOTE_WEIGHT = 10.0, 2.0, 1.5
MAX_FOCUS = 3  # the note's or query's words a sentence is credited for
LEAN_PENALTY = 1.0  # taken from a run that starts on a sentence leaning on the one before
NOTE_WORTH, FOCUS_WORTH = 2.0, 1.0  # added to a passage's centrality when dropping
INFORMATIVE_BONUS = 0.05  # centrality added per figure or quote (two at most) when dropping
SAME_PASSAGE = 0.8  # share of the shorter passage's words in the other: the same passage
MIN_SHARED_QUOTE = 6  # words a quotation needs to make two passages one key point
FIGURE_CONTEXT_WORDS = 36  # a longer sentence is shown around its figures
MAX_ACTORS, MIN_ACTORS = 12, 6
MAX_QUOTES, MIN_QUOTES = 4, 2
MAX_FIGURES, MIN_FIGURES = 6, 3  # figure lines (one sentence each)

# words that say nothing about what a passage is about: the stop words, and the
# reporting verbs every news passage has
_STOP = tx.STOP_WORDS | {"now", "told", "according"}


@dataclass(frozen=True)
class SelectedPassage:
    """One passage to compile: the article, the paragraph index in it, the user's note."""

    article: Article
    paragraph: int
    note: str = ""

    @property
    def text(self) -> str:
        return self.article.paragraphs[self.paragraph]


@dataclass(frozen=True)
class PageBudget:
    """What one page allows for the Markdown rendering."""

    lines: int = 66
    width: int = 100
    words: int = 600


PAGE = PageBudget()


@dataclass(frozen=True)
class PageMeter:
    """How much of the page a Markdown rendering uses (`cuts`: what compiling cut to
    get there, when the meter is of a compiled brief)."""

    lines: int
    widest: int
    words: int
    budget: PageBudget = PAGE
    cuts: int = 0

    @property
    def fits(self) -> bool:
        b = self.budget
        return self.lines <= b.lines and self.widest <= b.width and self.words <= b.words

    def describe(self) -> str:
        b = self.budget
        return (
            f"{self.lines}/{b.lines} lines · {self.words}/{b.words} words · "
            f"widest line {self.widest}/{b.width}"
        )


_URL_LINE = re.compile(r"^\s*<https?://\S+>$")


def page_meter(markdown: str, budget: PageBudget = PAGE) -> PageMeter:
    """Lines, widest line (characters) and words (whitespace-separated tokens, as `wc -w`
    counts them, so list bullets and citations count too). A line holding nothing but
    a source's address counts as a line but not toward the width: an address is never
    broken or left out."""
    lines = markdown.split("\n")
    if lines and not lines[-1]:
        lines.pop()  # the final newline ends the last line (as `wc -l` counts)
    words = len(markdown.split())
    widest = max((len(x) for x in lines if not _URL_LINE.match(x)), default=0)
    return PageMeter(len(lines), widest, words, budget)


def brief_meter(brief: Brief, budget: PageBudget = PAGE) -> PageMeter:
    """The page meter of the brief as it would be written: its Markdown, and its cuts.
    The one figure the selection tray and the compile dialog both show."""
    meter = page_meter(render_markdown(brief), budget)
    cuts = sum(1 for c in brief.cuts if c.action != "merged")
    return PageMeter(meter.lines, meter.widest, meter.words, budget, cuts)


class PageOverflow(BriefFileError):
    """The selection does not fit one page and shortening was not allowed (or not enough)."""

    def __init__(self, message: str, cuts: Sequence[Cut] = ()) -> None:
        super().__init__(message)
        self.cuts = tuple(cuts)


def today() -> dt.date:
    """The `created` date: $BRIEF_TODAY (YYYY-MM-DD) when set, else the local date."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        try:
            return dt.date.fromisoformat(fixed.strip())
        except ValueError as exc:
            raise BriefFileError(f"{TODAY_ENV}={fixed!r}: expected YYYY-MM-DD") from exc
    return dt.date.today()


def passage_label(article: Article, paragraph: int) -> str:
    """How messages name a passage: `DW, “Pakistan detains Afghans…” ¶3` (1-based)."""
    title = tx.clean_line(article.title) or "Untitled"
    words = title.split()
    short = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    outlet = tx.clean_line(article.outlet or "")
    return (f"{outlet}, " if outlet else "") + f"“{short}” ¶{paragraph + 1}"


# --- terms and centrality --------------------------------------------------------------


_TERM = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _terms(text: str) -> Counter[str]:
    """Content words, folded as search and entities fold them."""
    folded = text.casefold() if text.isascii() else tx.fold(text)
    return Counter(t for t in _TERM.findall(folded) if t not in _STOP and len(t) > 1)


def _vector(counts: Counter[str]) -> dict[str, float]:
    vec = {t: 1.0 + math.log(c) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(vec: Mapping[str, float], centroid: Mapping[str, float], norm: float) -> float:
    return sum(v * centroid.get(t, 0.0) for t, v in vec.items()) / norm if norm else 0.0


_SUFFIXES = ("ing", "ied", "ies", "ed", "es", "s")


def _stem(term: str) -> str:
    """A crude stem for matching a note's or query's words: `closed`, `close` → `clos`."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            term = term[: -len(suffix)]
            break
    return term[:-1] if term.endswith("e") and len(term) > 3 else term


def _stems(terms: Iterable[str]) -> frozenset[str]:
    return frozenset(_stem(t) for t in terms)


def _normal(text: str) -> str:
    """Text compared for sameness: folded words only."""
    return " ".join(_TERM.findall(tx.fold(text)))


_QUOTATION = re.compile(r"[\"“«„][^\"”»“]{12,}[\"”»“]")


@dataclass
class _Sentence:
    start: int
    end: int
    words: int
    score: float  # centrality
    quoted: bool  # starts with a quotation mark
    terms: frozenset[str] = frozenset()
    focus: int = 0  # the note's or query's terms it holds
    figures: int = 0
    quotation: bool = False  # holds a quotation

    @property
    def weight(self) -> float:
        """What shortening keeps first: the note's or query's words, figures, quotations."""
        return (
            FOCUS_WEIGHT * min(self.focus, MAX_FOCUS)
            + FIGURE_WEIGHT * (self.figures > 0)
            + QUOTE_WEIGHT * self.quotation
            + self.score
        )


@dataclass
class _Passage:
    """A passage being compiled: its sentences, centrality and current key-point text."""

    sel: SelectedPassage
    order: int
    score: float
    sentences: list[_Sentence]
    words: int
    text: str
    note: str = ""
    also_in: list[SelectedPassage] = field(default_factory=list)
    focus: frozenset[str] = frozenset()
    shortened: bool = False
    kept: bool = True
    span: tuple[int, int] = (0, 0)  # the key point's offsets in the paragraph


def _word_count(text: str) -> int:
    return len(text.split())


def _prepare(
    passages: Sequence[tuple[SelectedPassage, str, list[SelectedPassage]]],
    query_terms: frozenset[str],
) -> list[_Passage]:
    """Split the passages into sentences and score both by closeness to the selection's
    centroid (cosine of log-weighted term vectors); mark what each sentence holds."""
    from tui.entities.figures import figures_in

    spans = [tx.sentence_spans(p.text) for p, _, _ in passages]
    sentence_terms = [
        [_terms(p.text[a:b]) for a, b in sp] for (p, _, _), sp in zip(passages, spans, strict=True)
    ]
    vectors = [_vector(sum(ts, Counter())) for ts in sentence_terms]
    centroid: dict[str, float] = {}
    for vec in vectors:
        for t, v in vec.items():
            centroid[t] = centroid.get(t, 0.0) + v
    norm = math.sqrt(sum(v * v for v in centroid.values()))
    prepared = []
    for order, (sel, note, also) in enumerate(passages):
        para = sel.text
        focus = _stems(_terms(note)) | _stems(query_terms)
        figure_starts = [f.start for f in figures_in(para)]
        sentences = []
        for (start, end), terms in zip(spans[order], sentence_terms[order], strict=True):
            piece = para[start:end]
            sentences.append(
                _Sentence(
                    start,
                    end,
                    _word_count(piece),
                    _cosine(_vector(terms), centroid, norm),
                    piece[:1] in "\"“‘'«",
                    frozenset(terms),
                    len(focus & _stems(terms)),
                    sum(1 for f in figure_starts if start <= f < end),
                    _QUOTATION.search(piece) is not None,
                )
            )
        text = para.strip()
        score = _cosine(vectors[order], centroid, norm)
        first = para.find(text) if text else 0
        prepared.append(
            _Passage(
                sel,
                order,
                score,
                sentences,
                _word_count(text),
                text,
                note=note,
                also_in=also,
                focus=focus,
                span=(first, first + len(text)),
            )
        )
    return prepared


def _key_sentences(p: _Passage) -> tuple[str, str, tuple[int, int]]:
    """The contiguous run of sentences within KEY_WORDS that holds most of what the
    passage was chosen for; a note of what was kept; its offsets."""
    sents = p.sentences
    para = p.sel.text
    best: tuple[float, int, int] | None = None
    for i in range(len(sents)):
        words = 0
        # a run that opens on `These people …` reads badly without what came before
        total = -LEAN_PENALTY if i and _LEANS_BACK.match(para[sents[i].start :]) else 0.0
        for j in range(i, len(sents)):
            words += sents[j].words
            if words > KEY_WORDS and j > i:
                break
            total += sents[j].weight
            candidate = (total, -i, j)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    assert best is not None
    i, j = -best[1], best[2]
    text = para[sents[i].start : sents[j].end]
    span = f"sentence {i + 1}" if i == j else f"sentences {i + 1}-{j + 1}"
    detail = (
        f"kept {span} of {len(sents)} ({_word_count(text)} of {p.words} words), "
        f"left out the rest of the paragraph"
    )
    return text, detail, (sents[i].start, sents[j].end)


# --- the same passage or quotation from two outlets -------------------------------------


def _shared_quote(a: str, b: str) -> bool:
    """Whether two passages hold the same quotation of MIN_SHARED_QUOTE words or more."""
    quoted_a = {_normal(m.group()) for m in _QUOTATION.finditer(a)}
    if not quoted_a:
        return False
    quoted_b = {_normal(m.group()) for m in _QUOTATION.finditer(b)}
    return any(
        len(q.split()) >= MIN_SHARED_QUOTE and (q in quoted_b or any(q in o for o in quoted_b))
        for q in quoted_a
    ) or any(len(q.split()) >= MIN_SHARED_QUOTE and any(q in o for o in quoted_a) for q in quoted_b)


def _same_passage(a: str, b: str) -> bool:
    """Whether two passages are one report: nearly the same words, or the same quotation."""
    wa, wb = _normal(a).split(), _normal(b).split()
    if not wa or not wb:
        return False
    short, other = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    pairs_short = set(zip(short, short[1:], strict=False)) or {(short[0], "")}
    pairs_other = set(zip(other, other[1:], strict=False)) or {(other[0], "")}
    if len(pairs_short & pairs_other) / len(pairs_short) >= SAME_PASSAGE:
        return True
    return _shared_quote(a, b)


def _merge_duplicates(
    passages: Sequence[SelectedPassage],
) -> tuple[list[tuple[SelectedPassage, str, list[SelectedPassage]]], list[Cut]]:
    """Passages with the same text or quotation in another article made one: the first
    keeps its place and cites the others (`also_in`); notes are kept, joined."""
    groups: list[tuple[SelectedPassage, list[str], list[SelectedPassage]]] = []
    cuts: list[Cut] = []
    for sel in passages:
        for first, notes, also in groups:
            if first.article.id != sel.article.id and _same_passage(first.text, sel.text):
                also.append(sel)
                note = tx.sanitize(sel.note).strip()
                if note and note not in notes:
                    notes.append(note)
                what = "the same passage" if _normal(first.text) == _normal(sel.text) else None
                cuts.append(
                    Cut(
                        "merged",
                        "key_point",
                        f"{what or 'the same report or quotation'} as "
                        f"{passage_label(first.article, first.paragraph)}; cited with it",
                        sel.article.id,
                        sel.paragraph,
                        passage_label(sel.article, sel.paragraph),
                    )
                )
                break
        else:
            note = tx.sanitize(sel.note).strip()
            groups.append((sel, [note] if note else [], []))
    return [(first, " / ".join(notes), also) for first, notes, also in groups], cuts


# --- what the entity stage found ---------------------------------------------------------


@dataclass
class _Extras:
    actors: list[Actor] = field(default_factory=list)
    quotes: list[QuoteItem] = field(default_factory=list)
    figures: list[FigureItem] = field(default_factory=list)


def _source(sel: SelectedPassage) -> Source:
    a = sel.article
    return Source(a.id, a.title, a.outlet, a.published, a.url, sel.paragraph)


@dataclass
class _Found:
    """What the entity stage found in each selected passage, cleaned once."""

    mentions: dict[int, list[tuple[str, str, str, int, int]]] = field(default_factory=dict)
    quotes: dict[int, list[QuoteItem]] = field(default_factory=dict)
    figures: dict[int, list[tuple[FigureItem, int]]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)


def _figure_context(para: str, sentence: tuple[int, int], spots: list[tuple[int, int]]) -> str:
    """The sentence holding figures; a long one is shown around them (never without them)."""
    a, b = sentence
    text = para[a:b]
    if _word_count(text) <= FIGURE_CONTEXT_WORDS:
        return tx.clean_line(text)
    lo = min(s for s, _ in spots) - a
    hi = max(e for _, e in spots) - a
    words_before = text[:lo].split()
    words_after = text[hi:].split()
    room = max(0, FIGURE_CONTEXT_WORDS - _word_count(text[lo:hi]))
    take_before = min(len(words_before), room // 2)
    take_after = min(len(words_after), room - take_before)
    take_before = min(len(words_before), room - take_after)
    before = " ".join(words_before[len(words_before) - take_before :]) if take_before else ""
    after = " ".join(words_after[:take_after]) if take_after else ""
    middle = text[lo:hi]
    pieces = ["…" if take_before < len(words_before) else "", before, middle]
    shown = " ".join(x for x in pieces[1:] if x)
    if pieces[0]:
        shown = "…" + shown
    if after:
        shown += ("" if after[:1] in ",.;:)" else " ") + after
    if take_after < len(words_after):
        shown += " …"
    return tx.clean_line(shown)


def _find(prepared: Sequence[_Passage], analyses: Mapping[str, Analysis]) -> _Found:
    """Mentions (canonical, type, surface, start, end), quotes and figures per passage."""
    from tui.entities.figures import figures_in

    found = _Found()
    where = {(q.sel.article.id, q.sel.paragraph): q for q in prepared}
    for art_id in dict.fromkeys(q.sel.article.id for q in prepared):
        analysis = analyses.get(art_id)
        if analysis is None:
            continue
        for m in analysis.mentions:
            p = where.get((art_id, m.paragraph if m.paragraph is not None else -1))
            name = tx.clean_line(m.canonical)
            if p is not None and name:
                found.mentions.setdefault(p.order, []).append(
                    (name, m.type, tx.clean_line(m.text), m.start, m.end)
                )
        for e in analysis.entities:
            name = tx.clean_line(e.canonical)
            found.types.setdefault(name, e.type)
            if e.role and name not in found.roles and tx.clean_line(e.role):
                found.roles[name] = tx.clean_line(e.role)
        for q in analysis.quotes:
            p = where.get((art_id, q.paragraph))
            speaker = tx.clean_line(q.speaker or "") or None
            text = tx.clean_line(q.text).strip(" ,")
            if p is not None and text:
                found.quotes.setdefault(p.order, []).append(
                    QuoteItem(speaker, text, _source(p.sel))
                )
    for p in prepared:
        para = p.sel.text
        spans = figures_in(para)
        by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for f in spans:
            by_sentence.setdefault(f.sentence, []).append((f.start, f.end))
        for f in spans:
            context = _figure_context(para, f.sentence, by_sentence[f.sentence])
            item = FigureItem(tx.clean_line(f.value), context, _source(p.sel), f.counts)
            found.figures.setdefault(p.order, []).append((item, f.start))
    return found


def _named_in(p: _Passage, found: _Found) -> list[str]:
    """Names mentioned inside the passage's key-point text as shown."""
    a, b = p.span
    return [n for n, _, _, s, e in found.mentions.get(p.order, ()) if a <= s and e <= b]


def _quotes_in(p: _Passage, found: _Found) -> list[QuoteItem]:
    """The passage's quotes whose words its key-point text shows."""
    shown = _normal(p.text)
    return [q for q in found.quotes.get(p.order, ()) if _normal(q.text) in shown]


def _collect(kept: Sequence[_Passage], found: _Found) -> _Extras:
    """Actors, quotes and figures of the kept passages, in selection order, deduplicated.

    Actors: everyone quoted or named in a key point first, then the others, each group
    by mentions; quotes of the same words from two outlets are one, citing both."""
    extras = _Extras()
    mention_counts: Counter[str] = Counter()
    types: dict[str, Counter[str]] = {}
    aliases: dict[str, set[str]] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    quotes: dict[str, QuoteItem] = {}
    seen_f: set[tuple[str, str]] = set()
    in_key_points: set[str] = set()
    ordered = sorted(kept, key=lambda q: q.order)
    for p in ordered:
        for name, kind, surface, start, _ in found.mentions.get(p.order, ()):
            mention_counts[name] += 1
            types.setdefault(name, Counter())[kind] += 1
            if surface and surface != name:
                aliases.setdefault(name, set()).add(surface)
            first_seen.setdefault(name, (p.order, start))
        in_key_points.update(_named_in(p, found))
        for q in found.quotes.get(p.order, ()):
            key = _normal(q.text)
            known = quotes.get(key)
            if known is None:
                quotes[key] = q
            elif q.source.article_id not in {s.article_id for s in known.sources}:
                speaker = known.speaker or q.speaker
                quotes[key] = QuoteItem(
                    speaker, known.text, known.source, (*known.also_in, q.source)
                )
        for f, _ in found.figures.get(p.order, ()):
            fkey = (f.label, f.context)
            if fkey not in seen_f:
                seen_f.add(fkey)
                extras.figures.append(f)
    for p in ordered:  # the same words in a passage merged into this one cite it too
        for o in p.also_in:
            other = _normal(o.text)
            for key, q in quotes.items():
                cited = {s.article_id for s in q.sources}
                if q.source.article_id == p.sel.article.id and key in other:
                    if o.article.id in cited:
                        continue
                    quotes[key] = QuoteItem(q.speaker, q.text, q.source, (*q.also_in, _source(o)))
    extras.quotes = list(quotes.values())
    quoted: set[str] = {q.speaker for q in extras.quotes if q.speaker}
    for name in quoted:
        if name not in mention_counts:
            first_seen.setdefault(name, (len(kept), 0))
            types.setdefault(name, Counter())[found.types.get(name) or _guess_type(name)] += 1

    def rank(n: str) -> tuple[int, int, tuple[int, int], str]:
        group = 0 if n in quoted else 1 if n in in_key_points else 2
        return (group, -mention_counts[n], first_seen[n], n)

    for name in sorted(set(mention_counts) | quoted, key=rank):
        kind = sorted(types[name].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        extras.actors.append(
            Actor(
                name=name,
                type=kind,
                mentions=mention_counts[name],
                role=found.roles.get(name),
                aliases=tuple(sorted(aliases.get(name, ()))),
                quoted=name in quoted,
            )
        )
    return extras


def _guess_type(name: str) -> str:
    """A speaker the entity stage did not type: a name (PERSON) or a description."""
    words = name.split()
    return "PERSON" if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) else "OTHER"


# --- the bottom line ------------------------------------------------------------------------


# Sentences that lean on what came before read badly on their own.
_LEANS_BACK = re.compile(
    r"(?:However|But|And|Also|Yet|Still|Nonetheless|Nevertheless|Meanwhile|Moreover|Instead|"
    r"Then|Thus|So|This|These|That|Those|It|Its|He|She|They|His|Her|Their|As a result|"
    r"In response|In addition)\b",
)


def _stands_alone(sentence: str, s: _Sentence) -> bool:
    return (
        6 <= s.words <= 45
        and not s.quoted
        and not sentence.endswith(":")
        and not _LEANS_BACK.match(sentence)
    )


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set's terms that the other also has."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _carried(p: _Passage, s: _Sentence, found: _Found, actors: set[str]) -> int:
    """The brief's actors and figures a sentence of a passage holds."""
    names = {n for n, _, _, a, b in found.mentions.get(p.order, ()) if s.start <= a and b <= s.end}
    return len(names & actors) + s.figures


def _bluf(
    prepared: Sequence[_Passage], found: _Found, actors: Sequence[Actor]
) -> list[BlufSentence]:
    """The drafted bottom line, 1-3 sentences of the kept passages, each cited.

    Passages the user wrote a note on come first (their sentence sharing most words
    with the note), then the passages carrying most of the brief's actors and figures
    (their sentence carrying most). Only sentences that stand alone; none that says
    much the same as one already chosen."""
    names = {a.name for a in actors}
    kept = [p for p in prepared if p.kept]

    def best(p: _Passage) -> tuple[_Sentence, str] | None:
        para = p.sel.text
        note_terms = frozenset(_terms(p.note))
        options = [
            (
                len(s.terms & note_terms),
                s.focus,
                _carried(p, s, found, names),
                s.score,
                -k,
                s,
            )
            for k, s in enumerate(p.sentences)
            if _stands_alone(para[s.start : s.end], s)
        ]
        if not options:
            return None
        chosen = max(options, key=lambda o: o[:5])[5]
        return chosen, tx.clean_line(para[chosen.start : chosen.end])

    noted = [p for p in kept if p.note]
    rest = sorted(
        (p for p in kept if not p.note),
        key=lambda p: (
            -max((_carried(p, s, found, names) for s in p.sentences), default=0),
            -max((s.focus for s in p.sentences), default=0),
            -p.score,
            p.order,
        ),
    )
    chosen: list[BlufSentence] = []
    said: list[frozenset[str]] = []
    words = 0
    for p in noted + rest:
        pick = best(p)
        if pick is None:
            continue
        s, sentence = pick
        if chosen and words + s.words > BLUF_WORDS:
            continue
        if any(sentence == c.text for c in chosen):
            continue
        if any(_overlap(s.terms, t) > BLUF_OVERLAP for t in said):
            continue  # says much the same as a sentence already chosen
        said.append(s.terms)
        sources = (_source(p.sel), *(_source(o) for o in p.also_in))
        chosen.append(BlufSentence(sentence, sources))
        words += s.words
        if len(chosen) == BLUF_SENTENCES:
            break
    return chosen


def _user_bluf(text: str, kept: Sequence[_Passage]) -> list[BlufSentence]:
    """The user's bottom line, verbatim, by sentence; a sentence a kept passage holds
    word for word is cited to it."""
    out = []
    for sentence in tx.split_sentences(text):
        target = _normal(sentence)
        sources: tuple[Source, ...] = ()
        for p in kept:
            if target and target in _normal(p.sel.text):
                sources = (_source(p.sel), *(_source(o) for o in p.also_in))
                break
        out.append(BlufSentence(sentence, sources))
    return out


# --- building the brief -----------------------------------------------------------------


def _assemble(
    title: str,
    created: dt.date,
    bluf: tuple[str, Sequence[BlufSentence]],
    kept: Sequence[_Passage],
    extras: _Extras,
    cuts: Sequence[Cut],
) -> Brief:
    key_points = tuple(
        KeyPoint(
            text=p.text,
            note=p.note,
            source=_source(p.sel),
            also_in=tuple(_source(o) for o in p.also_in),
        )
        for p in kept
    )
    status, sentences = bluf
    sources: dict[str, SourceEntry] = {}
    cited = [s for b in sentences for s in b.sources]
    cited += [s for k in key_points for s in k.sources]
    cited += [s for q in extras.quotes for s in q.sources] + [f.source for f in extras.figures]
    for s in cited:
        if s.article_id not in sources:
            sources[s.article_id] = SourceEntry(
                len(sources) + 1, s.article_id, s.title, s.outlet, s.published, s.url
            )
    return Brief(
        title=title,
        created=created,
        bluf=" ".join(b.text for b in sentences),
        bluf_status=status,
        bluf_sentences=tuple(sentences),
        key_points=key_points,
        actors=tuple(extras.actors),
        quotes=tuple(extras.quotes),
        figures=tuple(extras.figures),
        sources=tuple(sources.values()),
        cuts=tuple(cuts),
    )


def _victims(kept: Sequence[_Passage], n: int, found: _Found | None = None) -> list[_Passage]:
    """The `n` passages to leave out first: the least central, where a passage the user
    wrote a note on, one holding the query's words, and one holding figures or quotes
    count as more important (later ones first on ties)."""

    def worth(q: _Passage) -> tuple[float, int]:
        value = q.score + NOTE_WORTH * bool(q.note)
        value += FOCUS_WORTH * any(s.focus for s in q.sentences)
        if found is not None:
            facts = len(found.figures.get(q.order, ())) + len(found.quotes.get(q.order, ()))
            value += INFORMATIVE_BONUS * min(2, facts)
        return (value, -q.order)

    return sorted(kept, key=worth)[:n]


def _quote_order(quotes: Sequence[QuoteItem], kept: Sequence[_Passage]) -> list[QuoteItem]:
    """Quotes in the order they are shown: attributed ones first, those the key points do
    not already show in full, and each speaker's first quote before anyone's second."""
    texts = [_normal(p.text) for p in kept]
    seen: Counter[str] = Counter()
    keyed = []
    for i, q in enumerate(quotes):
        shown = any(_normal(q.text) in t for t in texts)
        who = q.speaker or ""
        keyed.append((q.speaker is None, shown, seen[who], i, q))
        seen[who] += 1
    return [q for *_, q in sorted(keyed, key=lambda k: k[:4])]


def _figures_of(
    figures: Sequence[FigureItem], lines: int
) -> tuple[list[FigureItem], list[FigureItem]]:
    """The figures of `lines` sentences (the Markdown shows the figures of one sentence on
    one line), taking each passage's first such sentence before any passage's second, in
    the order given; and the rest."""
    groups: dict[tuple[Source, str], int] = {}
    per_passage: Counter[Source] = Counter()
    for f in figures:
        key = (f.source, f.context)
        if key not in groups:
            groups[key] = per_passage[f.source]
            per_passage[f.source] += 1
    ranked = sorted(groups, key=lambda k: (groups[k], list(groups).index(k)))
    chosen = set(ranked[:lines])
    shown = [f for f in figures if (f.source, f.context) in chosen]
    rest = [f for f in figures if (f.source, f.context) not in chosen]
    return shown, rest


def _first_words(text: str, n: int = 8) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _unique_passages(
    passages: Iterable[SelectedPassage],
) -> dict[tuple[str, int], SelectedPassage]:
    """The passages once each, in order; BriefFileError for none or a missing paragraph."""
    unique: dict[tuple[str, int], SelectedPassage] = {}
    for sel in passages:
        if not 0 <= sel.paragraph < len(sel.article.paragraphs):
            raise BriefFileError(
                f"{passage_label(sel.article, sel.paragraph)}: no such paragraph "
                f"(the article has {len(sel.article.paragraphs)})"
            )
        unique.setdefault((sel.article.id, sel.paragraph), sel)
    if not unique:
        raise BriefFileError("nothing to compile: the selection is empty")
    return unique


def _with_analyses(
    passages: Iterable[SelectedPassage], analyses: Mapping[str, Analysis] | None
) -> dict[str, Analysis]:
    """`analyses`, plus one for each passage's article it lacks (analysed here)."""
    found = dict(analyses or {})
    for sel in passages:
        if sel.article.id not in found:
            from tui.entities import analyse

            found[sel.article.id] = analyse(sel.article)
    return found


def compile_brief(
    passages: Iterable[SelectedPassage],
    *,
    title: str,
    created: dt.date | None = None,
    bluf: str | None = None,
    analyses: Mapping[str, Analysis] | None = None,
    strict: bool = False,
    budget: PageBudget = PAGE,
    query: str | None = None,
) -> Brief:
    """Compile passages (in the order given) into a brief that fits one page.

    `bluf` is the user's bottom line and is used verbatim (`bluf_status: user`), or
    `accepted` when it is the drafted one word for word; without it the bottom line
    is drafted (`draft`). `query` is what the passages were searched for: shortening
    keeps its words as it keeps a note's. `analyses` maps article ids to what the
    entity stage found; articles missing from it are analysed here. Raises
    PageOverflow when `strict` and anything would have to be cut, or when even one
    shortened passage does not fit.
    """
    unique = _unique_passages(passages)
    title = tx.clean_line(title) or "Brief"
    created = created or today()
    user_bluf = tx.clean_line(bluf) if bluf else ""
    found = _with_analyses(unique.values(), analyses)
    merged, merge_cuts = _merge_duplicates(list(unique.values()))
    prepared = _prepare(merged, frozenset(_terms(query or "")))
    in_passages = _find(prepared, found)
    all_extras = _collect(prepared, in_passages)
    full = {p.order: (p.text, p.span) for p in prepared}

    # The three ways to make room, each an ordered list of steps; compiling takes the
    # fewest steps of the first way that make the page fit, then of the next ways.
    long = sorted(
        (p for p in prepared if p.words > LONG_WORDS and len(p.sentences) > 1),
        key=lambda q: (-q.words, q.order),
    )
    shortening = {p.order: _key_sentences(p) for p in long}
    long = [p for p in long if shortening[p.order][0] != p.text]
    trims: list[str] = []
    quoted = sum(1 for a in all_extras.actors if a.quoted)
    for kind, have, top, floor in (
        ("quote", len(all_extras.quotes), MAX_QUOTES, MIN_QUOTES),
        (
            "figure",
            len({(f.source, f.context) for f in all_extras.figures}),
            MAX_FIGURES,
            MIN_FIGURES,
        ),
        ("actor", len(all_extras.actors), MAX_ACTORS, max(MIN_ACTORS, quoted)),
    ):
        trims += [kind] * max(0, min(have, top) - floor)
    victims = _victims(prepared, len(prepared) - 1, in_passages)

    def build(n_short: int, n_trim: int, n_drop: int) -> tuple[Brief, PageMeter]:
        shortened = {p.order for p in long[:n_short]}
        dropped = {p.order for p in victims[:n_drop]}
        for p in prepared:
            p.kept = p.order not in dropped
            if p.order in shortened:
                p.text, p.span = shortening[p.order][0], shortening[p.order][2]
            else:
                p.text, p.span = full[p.order]
        kept = [p for p in prepared if p.kept]
        extras = _collect(kept, in_passages)
        caps = {"actor": MAX_ACTORS, "quote": MAX_QUOTES, "figure": MAX_FIGURES}
        caps["actor"] = max(caps["actor"], sum(1 for a in extras.actors if a.quoted))
        for kind in trims[:n_trim]:
            caps[kind] -= 1
        extras = _Extras(extras.actors, _quote_order(extras.quotes, kept), extras.figures)
        # quoted people are never trimmed: they come first and the floor keeps them
        shown = _Extras(
            extras.actors[: caps["actor"]],
            extras.quotes[: caps["quote"]],
            _figures_of(extras.figures, caps["figure"])[0],
        )
        cuts = list(merge_cuts)
        cuts += [
            Cut(
                "shortened",
                "key_point",
                shortening[p.order][1],
                p.sel.article.id,
                p.sel.paragraph,
                passage_label(p.sel.article, p.sel.paragraph),
            )
            for p in long[:n_short]
            if p.kept
        ]
        cuts += [
            Cut(
                "dropped",
                "key_point",
                f"least important passage ({p.words} words): “{_first_words(p.sel.text)}”",
                p.sel.article.id,
                p.sel.paragraph,
                passage_label(p.sel.article, p.sel.paragraph),
            )
            for p in victims[:n_drop]
        ]
        left = {
            "quote": [
                f"{q.speaker or 'unattributed'}: “{_first_words(q.text)}”"
                for q in extras.quotes[caps["quote"] :]
            ],
            "figure": [
                f"{f.label} ({_first_words(f.context, 6)})"
                for f in _figures_of(extras.figures, caps["figure"])[1]
            ],
            "actor": [a.name for a in extras.actors[caps["actor"] :]],
        }
        cuts += [
            Cut("dropped", kind, f"{len(names)} more not shown: " + "; ".join(names))
            for kind, names in left.items()
            if names
        ]
        drafted = _bluf(prepared, in_passages, shown.actors)
        if not user_bluf:
            bluf_part: tuple[str, Sequence[BlufSentence]] = ("draft", drafted)
        elif _normal(user_bluf) == _normal(" ".join(b.text for b in drafted)):
            bluf_part = ("accepted", drafted)
        else:
            bluf_part = ("user", _user_bluf(user_bluf, kept))
        brief = _assemble(title, created, bluf_part, kept, shown, cuts)
        return brief, brief_meter(brief, budget)

    def fewest(steps: int, fits: Callable[[int], bool]) -> int:
        """The fewest steps (0..steps) that fit, by bisection; `steps` when none does."""
        lo, hi = 0, steps
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo

    state = [0, 0, 0]
    brief, meter = build(*state)
    if not meter.fits:
        if strict:
            raise PageOverflow(
                f"the selection does not fit one page (the Markdown needs {meter.describe()}) "
                "and --strict forbids cutting"
            )
        state[0] = fewest(len(long), lambda k: build(k, 0, 0)[1].fits)
        brief, meter = build(*state)
    if not meter.fits:
        state[1] = fewest(len(trims), lambda k: build(state[0], k, 0)[1].fits)
        brief, meter = build(*state)
    if not meter.fits:
        state[2] = fewest(len(victims), lambda k: build(state[0], state[1], k)[1].fits)
        brief, meter = build(*state)
    while not meter.fits and state[2] < len(victims):  # bisection assumes monotony; make sure
        state[2] += 1
        brief, meter = build(*state)
    if not meter.fits:
        raise PageOverflow(
            f"even one shortened passage does not fit one page ({meter.describe()})", brief.cuts
        )
    if strict and any(c.action != "merged" for c in brief.cuts):
        raise PageOverflow(
            "the selection does not fit one page and --strict forbids cutting: "
            + "; ".join(c.describe() for c in brief.cuts),
            brief.cuts,
        )
    return brief
