"""Compiling selected passages into a one-page Brief.

Extractive only: key points, the drafted bottom line, quotes and figures are words
from the passages, never invented. When the Markdown would not fit the page,
compiling shortens long passages to their most central sentences, then trims
quotes, figures and actors, then leaves out the least central passages, and
records each step as a Cut. `strict=True` raises PageOverflow instead.
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
INFORMATIVE_BONUS = 0.05  # centrality added per figure or quote (two at most) when dropping
BLUF_SENTENCES = 3
MAX_ACTORS, MIN_ACTORS = 12, 6
MAX_QUOTES, MIN_QUOTES = 4, 2
MAX_FIGURES, MIN_FIGURES = 6, 3  # passages whose figures are shown

_STOP_WORDS = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their theirs them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your said says told according"""
_STOP = frozenset(_STOP_WORDS.split())


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
    """How much of the page a Markdown rendering uses."""

    lines: int
    widest: int
    words: int
    budget: PageBudget = PAGE

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


def page_meter(markdown: str, budget: PageBudget = PAGE) -> PageMeter:
    """Lines, widest line (characters) and words (whitespace-separated tokens, as `wc -w`
    counts them, so list bullets and citations count too)."""
    lines = markdown.split("\n")
    if lines and not lines[-1]:
        lines.pop()  # the final newline ends the last line (as `wc -l` counts)
    words = len(markdown.split())
    return PageMeter(len(lines), max((len(x) for x in lines), default=0), words, budget)


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


# --- centrality ----------------------------------------------------------------------


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


@dataclass
class _Sentence:
    start: int
    end: int
    words: int
    score: float
    quoted: bool
    terms: frozenset[str] = frozenset()


@dataclass
class _Passage:
    """A passage being compiled: its sentences, centrality and current key-point text."""

    sel: SelectedPassage
    order: int
    score: float
    sentences: list[_Sentence]
    words: int
    text: str
    shortened: bool = False
    kept: bool = True


def _sentences(paragraph: str) -> list[tuple[int, int]]:
    """Offsets of the paragraph's sentences (each `paragraph[start:end]` verbatim)."""
    spans = []
    cursor = 0
    for sentence in tx.split_sentences(paragraph):
        start = paragraph.find(sentence, cursor)
        if start < 0:  # pragma: no cover - split_sentences returns stripped slices
            continue
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans or [(0, len(paragraph))]


def _word_count(text: str) -> int:
    return len(text.split())


def _prepare(passages: Sequence[SelectedPassage]) -> list[_Passage]:
    """Split the passages into sentences and score both by closeness to the selection's
    centroid (cosine of log-weighted term vectors)."""
    spans = [_sentences(p.text) for p in passages]
    sentence_terms = [
        [_terms(p.text[a:b]) for a, b in sp] for p, sp in zip(passages, spans, strict=True)
    ]
    vectors = [_vector(sum(ts, Counter())) for ts in sentence_terms]
    centroid: dict[str, float] = {}
    for vec in vectors:
        for t, v in vec.items():
            centroid[t] = centroid.get(t, 0.0) + v
    norm = math.sqrt(sum(v * v for v in centroid.values()))
    prepared = []
    for order, sel in enumerate(passages):
        para = sel.text
        sentences = [
            _Sentence(
                start,
                end,
                _word_count(para[start:end]),
                _cosine(_vector(terms), centroid, norm),
                para[start : start + 1] in "\"“‘'«",
                frozenset(terms),
            )
            for (start, end), terms in zip(spans[order], sentence_terms[order], strict=True)
        ]
        text = para.strip()
        score = _cosine(vectors[order], centroid, norm)
        prepared.append(_Passage(sel, order, score, sentences, _word_count(text), text))
    return prepared


def _key_sentences(p: _Passage) -> tuple[str, str]:
    """The best contiguous run of sentences within KEY_WORDS, and a note of what was kept."""
    sents = p.sentences
    best: tuple[float, int, int] | None = None
    for i in range(len(sents)):
        words = 0
        total = 0.0
        for j in range(i, len(sents)):
            words += sents[j].words
            if words > KEY_WORDS and j > i:
                break
            total += sents[j].score
            if words <= KEY_WORDS or j == i:
                candidate = (total if words <= KEY_WORDS else sents[i].score, -i, j)
                if best is None or candidate[:2] > best[:2]:
                    best = (candidate[0], -i, j)
    assert best is not None
    i, j = -best[1], best[2]
    para = p.sel.text
    text = para[sents[i].start : sents[j].end]
    span = f"sentence {i + 1}" if i == j else f"sentences {i + 1}-{j + 1}"
    detail = (
        f"kept {span} of {len(sents)} ({_word_count(text)} of {p.words} words), "
        f"left out the rest of the paragraph"
    )
    return text, detail


# --- building the brief -----------------------------------------------------------------


@dataclass
class _Extras:
    actors: list[Actor] = field(default_factory=list)
    quotes: list[QuoteItem] = field(default_factory=list)
    figures: list[FigureItem] = field(default_factory=list)


def _source(sel: SelectedPassage) -> Source:
    a = sel.article
    return Source(a.id, a.title, a.outlet, a.published, a.url, sel.paragraph)


def _at(sel: SelectedPassage, paragraph: int) -> SelectedPassage:
    return SelectedPassage(sel.article, paragraph, "")


@dataclass
class _Found:
    """What the entity stage found in each selected passage, cleaned once."""

    mentions: dict[int, list[tuple[str, str, str, int]]] = field(default_factory=dict)
    quotes: dict[int, list[QuoteItem]] = field(default_factory=dict)
    figures: dict[int, list[FigureItem]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)


def _find(prepared: Sequence[_Passage], analyses: Mapping[str, Analysis]) -> _Found:
    """Mentions (canonical, type, surface, offset), quotes and figures per passage."""
    found = _Found()
    where = {(p.sel.article.id, p.sel.paragraph): p for p in prepared}
    for art_id in dict.fromkeys(p.sel.article.id for p in prepared):
        analysis = analyses.get(art_id)
        if analysis is None:
            continue
        for m in analysis.mentions:
            p = where.get((art_id, m.paragraph if m.paragraph is not None else -1))
            name = tx.clean_line(m.canonical)
            if p is not None and name:
                found.mentions.setdefault(p.order, []).append(
                    (name, m.type, tx.clean_line(m.text), m.start)
                )
        for e in analysis.entities:
            name = tx.clean_line(e.canonical)
            if e.role and name not in found.roles and tx.clean_line(e.role):
                found.roles[name] = tx.clean_line(e.role)
        for q in analysis.quotes:
            p = where.get((art_id, q.paragraph))
            if q.speaker is None:
                continue  # the text does not say who spoke: never a guess in a brief
            speaker, text = tx.clean_line(q.speaker), q.text.strip()
            if p is not None and speaker and text:
                found.quotes.setdefault(p.order, []).append(
                    QuoteItem(speaker, text, _source(p.sel))
                )
        for f in analysis.figures:
            p = where.get((art_id, f.paragraph))
            value, context = tx.clean_line(f.value), tx.clean_line(f.context)
            if p is not None and value:
                found.figures.setdefault(p.order, []).append(
                    FigureItem(value, context, _source(p.sel))
                )
    return found


def _collect(kept: Sequence[_Passage], found: _Found) -> _Extras:
    """Actors, quotes and figures of the kept passages, in selection order, deduplicated."""
    extras = _Extras()
    mention_counts: Counter[str] = Counter()
    types: dict[str, Counter[str]] = {}
    aliases: dict[str, set[str]] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    seen_q: set[tuple[str, str]] = set()
    seen_f: set[tuple[str, str]] = set()
    for p in sorted(kept, key=lambda q: q.order):
        for name, kind, surface, start in found.mentions.get(p.order, ()):
            mention_counts[name] += 1
            types.setdefault(name, Counter())[kind] += 1
            if surface and surface != name:
                aliases.setdefault(name, set()).add(surface)
            first_seen.setdefault(name, (p.order, start))
        for q in found.quotes.get(p.order, ()):
            key = (q.speaker, " ".join(q.text.split()))
            if key not in seen_q:
                seen_q.add(key)
                extras.quotes.append(q)
        for f in found.figures.get(p.order, ()):
            key = (f.value, f.context)
            if key not in seen_f:
                seen_f.add(key)
                extras.figures.append(f)
    for name in sorted(mention_counts, key=lambda n: (-mention_counts[n], first_seen[n], n)):
        kind = sorted(types[name].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        extras.actors.append(
            Actor(
                name=name,
                type=kind,
                mentions=mention_counts[name],
                role=found.roles.get(name),
                aliases=tuple(sorted(aliases.get(name, ()))),
            )
        )
    return extras


# Sentences that lean on what came before read badly on their own.
_LEANS_BACK = re.compile(
    r"(?:However|But|And|Also|Yet|Still|Nonetheless|Nevertheless|Meanwhile|Moreover|Instead|"
    r"Then|Thus|So|This|These|That|Those|It|Its|He|She|They|His|Her|Their|As a result|"
    r"In response|In addition)\b",
)


def _bluf_candidates(
    prepared: Sequence[_Passage],
) -> list[tuple[_Passage, _Sentence, str, bool]]:
    """Every sentence, best bottom-line material first: central, plain statements."""
    ranked = []
    for p in prepared:
        para = p.sel.text
        for k, s in enumerate(p.sentences):
            sentence = para[s.start : s.end]
            ok = (
                6 <= s.words <= 45
                and not s.quoted
                and not sentence.endswith(":")
                and not _LEANS_BACK.match(sentence)
            )
            ranked.append(((not ok, -s.score, p.order, k), (p, s, tx.clean_line(sentence), ok)))
    ranked.sort(key=lambda r: r[0])
    return [r[1] for r in ranked]


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set's terms that the other also has."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _bluf(candidates: Sequence[tuple[_Passage, _Sentence, str, bool]]) -> str:
    """1-3 of the most central sentences of the kept passages, verbatim, in reading order."""
    chosen: list[tuple[int, int, str]] = []
    said: list[frozenset[str]] = []
    words = 0
    for p, s, sentence, good in candidates:
        if not p.kept:
            continue
        if chosen and not good:
            break
        if any(sentence == c[2] for c in chosen) or (chosen and words + s.words > BLUF_WORDS):
            continue
        if any(_overlap(s.terms, t) > BLUF_OVERLAP for t in said):
            continue  # says much the same as a sentence already chosen
        said.append(s.terms)
        chosen.append((p.order, s.start, sentence))
        words += s.words
        if len(chosen) == BLUF_SENTENCES:
            break
    return " ".join(c[2] for c in sorted(chosen))


def _assemble(
    title: str,
    created: dt.date,
    bluf: str,
    kept: Sequence[_Passage],
    extras: _Extras,
    cuts: Sequence[Cut],
) -> Brief:
    key_points = tuple(
        KeyPoint(text=p.text, note=tx.sanitize(p.sel.note).strip(), source=_source(p.sel))
        for p in kept
    )
    sources: dict[str, SourceEntry] = {}
    cited = [k.source for k in key_points]
    cited += [q.source for q in extras.quotes] + [f.source for f in extras.figures]
    for s in cited:
        if s.article_id not in sources:
            sources[s.article_id] = SourceEntry(
                len(sources) + 1, s.article_id, s.title, s.outlet, s.published, s.url
            )
    return Brief(
        title=title,
        created=created,
        bluf=bluf,
        key_points=key_points,
        actors=tuple(extras.actors),
        quotes=tuple(extras.quotes),
        figures=tuple(extras.figures),
        sources=tuple(sources.values()),
        cuts=tuple(cuts),
    )


def _victims(kept: Sequence[_Passage], n: int, found: _Found | None = None) -> list[_Passage]:
    """The `n` passages to leave out first: the least central, where a passage holding
    figures or quotes counts as a little more central (later ones first on ties)."""

    def worth(q: _Passage) -> tuple[float, int]:
        if found is None:
            return (q.score, -q.order)
        facts = len(found.figures.get(q.order, ())) + len(found.quotes.get(q.order, ()))
        return (q.score + INFORMATIVE_BONUS * min(2, facts), -q.order)

    return sorted(kept, key=worth)[:n]


def _quote_order(quotes: Sequence[QuoteItem], kept: Sequence[_Passage]) -> list[QuoteItem]:
    """Quotes in the order they are shown: first those the key points do not already show
    in full, and each speaker's first quote before anyone's second."""
    texts = [" ".join(p.text.split()) for p in kept]
    seen: Counter[str] = Counter()
    keyed = []
    for i, q in enumerate(quotes):
        shown = any(" ".join(q.text.split()) in t for t in texts)
        keyed.append((shown, seen[q.speaker], i, q))
        seen[q.speaker] += 1
    return [q for *_, q in sorted(keyed, key=lambda k: k[:3])]


def _figures_of(
    figures: Sequence[FigureItem], passages: int
) -> tuple[list[FigureItem], list[FigureItem]]:
    """The figures of the first `passages` passages holding any (the Markdown shows each
    passage's figures on one line), and the rest."""
    rank: dict[Source, int] = {}
    shown: list[FigureItem] = []
    rest: list[FigureItem] = []
    for f in figures:
        (shown if rank.setdefault(f.source, len(rank)) < passages else rest).append(f)
    return shown, rest


def _first_words(text: str, n: int = 8) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def compile_brief(
    passages: Iterable[SelectedPassage],
    *,
    title: str,
    created: dt.date | None = None,
    bluf: str | None = None,
    analyses: Mapping[str, Analysis] | None = None,
    strict: bool = False,
    budget: PageBudget = PAGE,
) -> Brief:
    """Compile passages (in the order given) into a brief that fits one page.

    `bluf` is the user's bottom line and always wins over the drafted one.
    `analyses` maps article ids to what the entity stage found; articles missing
    from it are analysed here. Raises PageOverflow when `strict` and anything
    would have to be cut, or when even one shortened passage does not fit.
    """
    unique: dict[tuple[str, int], SelectedPassage] = {}
    for sel in passages:
        if not 0 <= sel.paragraph < len(sel.article.paragraphs):
            raise BriefFileError(
                f"{sel.article.id}: no paragraph {sel.paragraph} "
                f"(the article has {len(sel.article.paragraphs)})"
            )
        unique.setdefault((sel.article.id, sel.paragraph), sel)
    if not unique:
        raise BriefFileError("nothing to compile: the selection is empty")
    title = tx.clean_line(title) or "Brief"
    created = created or today()
    user_bluf = " ".join(tx.sanitize(bluf).split()) if bluf else ""

    found = dict(analyses or {})
    for sel in unique.values():
        if sel.article.id not in found:
            from tui.entities import analyse

            found[sel.article.id] = analyse(sel.article)

    prepared = _prepare(list(unique.values()))
    candidates = _bluf_candidates(prepared)
    in_passages = _find(prepared, found)
    all_extras = _collect(prepared, in_passages)
    full_text = {p.order: p.text for p in prepared}

    # The three ways to make room, each an ordered list of steps; compiling takes the
    # fewest steps of the first way that make the page fit, then of the next ways.
    long = sorted(
        (p for p in prepared if p.words > LONG_WORDS and len(p.sentences) > 1),
        key=lambda q: (-q.words, q.order),
    )
    shortening = {p.order: _key_sentences(p) for p in long}
    long = [p for p in long if shortening[p.order][0] != p.text]
    trims: list[str] = []
    for kind, have, top, floor in (
        ("quote", len(all_extras.quotes), MAX_QUOTES, MIN_QUOTES),
        ("figure", len({f.source for f in all_extras.figures}), MAX_FIGURES, MIN_FIGURES),
        ("actor", len(all_extras.actors), MAX_ACTORS, MIN_ACTORS),
    ):
        trims += [kind] * max(0, min(have, top) - floor)
    victims = _victims(prepared, len(prepared) - 1, in_passages)

    def build(n_short: int, n_trim: int, n_drop: int) -> tuple[Brief, PageMeter]:
        shortened = {p.order for p in long[:n_short]}
        dropped = {p.order for p in victims[:n_drop]}
        for p in prepared:
            p.kept = p.order not in dropped
            p.text = shortening[p.order][0] if p.order in shortened else full_text[p.order]
        kept = [p for p in prepared if p.kept]
        full = _collect(kept, in_passages) if dropped else all_extras
        caps = {"actor": MAX_ACTORS, "quote": MAX_QUOTES, "figure": MAX_FIGURES}
        for kind in trims[:n_trim]:
            caps[kind] -= 1
        full = _Extras(full.actors, _quote_order(full.quotes, kept), full.figures)
        shown = _Extras(
            full.actors[: caps["actor"]],
            full.quotes[: caps["quote"]],
            _figures_of(full.figures, caps["figure"])[0],
        )
        cuts = [
            Cut("shortened", "key_point", shortening[p.order][1], p.sel.article.id, p.sel.paragraph)
            for p in long[:n_short]
            if p.kept
        ]
        cuts += [
            Cut(
                "dropped",
                "key_point",
                f"least central passage ({p.words} words): “{_first_words(p.sel.text)}”",
                p.sel.article.id,
                p.sel.paragraph,
            )
            for p in victims[:n_drop]
        ]
        left = {
            "quote": [
                f"{q.speaker}: “{_first_words(q.text)}”" for q in full.quotes[caps["quote"] :]
            ],
            "figure": [
                f"{f.value} ({_first_words(f.context, 6)})"
                for f in _figures_of(full.figures, caps["figure"])[1]
            ],
            "actor": [a.name for a in full.actors[caps["actor"] :]],
        }
        cuts += [
            Cut("dropped", kind, f"{len(names)} more not shown: " + "; ".join(names))
            for kind, names in left.items()
            if names
        ]
        brief = _assemble(title, created, user_bluf or _bluf(candidates), kept, shown, cuts)
        return brief, page_meter(render_markdown(brief), budget)

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
    if strict and brief.cuts:
        raise PageOverflow(
            "the selection does not fit one page and --strict forbids cutting: "
            + "; ".join(c.describe() for c in brief.cuts),
            brief.cuts,
        )
    return brief
