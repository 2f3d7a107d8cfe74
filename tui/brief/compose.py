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
from collections.abc import Iterable, Mapping, Sequence
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
BLUF_SENTENCES = 3
MAX_ACTORS, MIN_ACTORS = 10, 5
MAX_QUOTES, MIN_QUOTES = 4, 2
MAX_FIGURES, MIN_FIGURES = 6, 3

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


_WORD = re.compile(r"\w")


def page_meter(markdown: str, budget: PageBudget = PAGE) -> PageMeter:
    """Lines, widest line (characters) and words (tokens with a letter or digit)."""
    lines = markdown.splitlines()
    words = sum(1 for w in markdown.split() if _WORD.search(w))
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


def _terms(text: str) -> Counter[str]:
    return Counter(t for t, _, _ in tx.tokens(text) if t not in _STOP and len(t) > 1)


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
    counts = [_terms(p.text) for p in passages]
    vectors = [_vector(c) for c in counts]
    centroid: dict[str, float] = {}
    for vec in vectors:
        for t, v in vec.items():
            centroid[t] = centroid.get(t, 0.0) + v
    norm = math.sqrt(sum(v * v for v in centroid.values()))
    prepared = []
    for order, (sel, vec) in enumerate(zip(passages, vectors, strict=True)):
        para = sel.text
        sentences = []
        for start, end in _sentences(para):
            piece = para[start:end]
            sentences.append(
                _Sentence(
                    start,
                    end,
                    _word_count(piece),
                    _cosine(_vector(_terms(piece)), centroid, norm),
                    piece[:1] in "\"“‘'«",
                )
            )
        text = para.strip()
        prepared.append(
            _Passage(sel, order, _cosine(vec, centroid, norm), sentences, _word_count(text), text)
        )
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


def _collect(kept: Sequence[_Passage], analyses: Mapping[str, Analysis]) -> _Extras:
    """Actors, quotes and figures found in the kept passages, in selection order."""
    extras = _Extras()
    selected = {(p.sel.article.id, p.sel.paragraph): p for p in kept}
    mention_counts: Counter[str] = Counter()
    types: dict[str, Counter[str]] = {}
    aliases: dict[str, set[str]] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    roles: dict[str, str] = {}
    seen_q: set[tuple[str, str]] = set()
    seen_f: set[tuple[str, str]] = set()
    quotes: list[tuple[int, int, QuoteItem]] = []
    figures: list[tuple[int, int, FigureItem]] = []
    for art_id in dict.fromkeys(p.sel.article.id for p in kept):
        analysis = analyses.get(art_id)
        if analysis is None:
            continue
        for m in analysis.mentions:
            p = selected.get((art_id, m.paragraph if m.paragraph is not None else -1))
            if p is None or not m.canonical.strip():
                continue
            name = tx.clean_line(m.canonical)
            mention_counts[name] += 1
            types.setdefault(name, Counter())[m.type] += 1
            surface = tx.clean_line(m.text)
            if surface and surface != name:
                aliases.setdefault(name, set()).add(surface)
            first_seen.setdefault(name, (p.order, m.start))
        for e in analysis.entities:
            name = tx.clean_line(e.canonical)
            if e.role and name not in roles:
                roles[name] = tx.clean_line(e.role)
        for i, q in enumerate(analysis.quotes):
            p = selected.get((art_id, q.paragraph))
            key = (tx.clean_line(q.speaker), tx.clean_line(q.text))
            if p is None or not all(key) or key in seen_q:
                continue
            seen_q.add(key)
            quotes.append((p.order, i, QuoteItem(key[0], q.text.strip(), _source(p.sel))))
        for i, f in enumerate(analysis.figures):
            p = selected.get((art_id, f.paragraph))
            key = (tx.clean_line(f.value), tx.clean_line(f.context))
            if p is None or not key[0] or key in seen_f:
                continue
            seen_f.add(key)
            figures.append((p.order, i, FigureItem(key[0], key[1], _source(p.sel))))
    for name in sorted(mention_counts, key=lambda n: (-mention_counts[n], first_seen[n], n)):
        kind = sorted(types[name].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        extras.actors.append(
            Actor(
                name=name,
                type=kind,
                mentions=mention_counts[name],
                role=roles.get(name),
                aliases=tuple(sorted(aliases.get(name, ()))),
            )
        )
    extras.quotes = [q for _, _, q in sorted(quotes, key=lambda x: x[:2])]
    extras.figures = [f for _, _, f in sorted(figures, key=lambda x: x[:2])]
    return extras


def _bluf_candidates(prepared: Sequence[_Passage]) -> list[tuple[_Passage, _Sentence, str]]:
    """Every sentence, best bottom-line material first: central, plain statements."""
    ranked = []
    for p in prepared:
        para = p.sel.text
        for k, s in enumerate(p.sentences):
            sentence = para[s.start : s.end]
            ok = 6 <= s.words <= 45 and not s.quoted and not sentence.endswith(":")
            ranked.append(((not ok, -s.score, p.order, k), (p, s, tx.clean_line(sentence))))
    ranked.sort(key=lambda r: r[0])
    return [r[1] for r in ranked]


def _bluf(candidates: Sequence[tuple[_Passage, _Sentence, str]]) -> str:
    """1-3 of the most central sentences of the kept passages, verbatim, in reading order."""
    chosen: list[tuple[int, int, str]] = []
    words = 0
    for p, s, sentence in candidates:
        if not p.kept:
            continue
        good = 6 <= s.words <= 45 and not s.quoted
        if chosen and not good:
            break
        if any(sentence == c[2] for c in chosen) or (chosen and words + s.words > BLUF_WORDS):
            continue
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


def _victims(kept: Sequence[_Passage], n: int) -> list[_Passage]:
    """The `n` least central passages (later ones first on ties)."""
    return sorted(kept, key=lambda q: (q.score, -q.order))[:n]


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
    all_extras = _collect(prepared, found)
    caps = {"actor": MAX_ACTORS, "quote": MAX_QUOTES, "figure": MAX_FIGURES}
    floors = {"quote": MIN_QUOTES, "figure": MIN_FIGURES, "actor": MIN_ACTORS}
    cuts: list[Cut] = []

    def extras_of(kept: list[_Passage]) -> _Extras:
        return _collect(kept, found) if len(kept) < len(prepared) else all_extras

    def build() -> tuple[Brief, PageMeter, _Extras]:
        kept = [p for p in prepared if p.kept]
        full = extras_of(kept)
        shown = _Extras(
            full.actors[: caps["actor"]],
            full.quotes[: caps["quote"]],
            full.figures[: caps["figure"]],
        )
        left = {
            "quote": [
                f"{q.speaker}: “{_first_words(q.text)}”" for q in full.quotes[caps["quote"] :]
            ],
            "figure": [
                f"{f.value} ({_first_words(f.context, 6)})" for f in full.figures[caps["figure"] :]
            ],
            "actor": [a.name for a in full.actors[caps["actor"] :]],
        }
        cap_cuts = [
            Cut("dropped", kind, f"{len(names)} more not shown: " + "; ".join(names))
            for kind, names in left.items()
            if names
        ]
        brief = _assemble(
            title, created, user_bluf or _bluf(candidates), kept, shown, cuts + cap_cuts
        )
        return brief, page_meter(render_markdown(brief), budget), full

    def fits_after_dropping(kept: list[_Passage]) -> int:
        """How many of the least central passages must go (binary search; at least 1)."""
        order = _victims(kept, len(kept) - 1)
        lo, hi = 1, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            for p in order[:mid]:
                p.kept = False
            fits = build()[1].fits
            for p in order[:mid]:
                p.kept = True
            if fits:
                hi = mid
            else:
                lo = mid + 1
        return lo

    brief, meter, full = build()
    while not meter.fits:
        if strict:
            raise PageOverflow(
                f"the selection does not fit one page (the Markdown needs {meter.describe()}) "
                "and --strict forbids cutting"
            )
        kept = [p for p in prepared if p.kept]
        long = [p for p in kept if not p.shortened and p.words > LONG_WORDS]
        counts = {"quote": len(full.quotes), "figure": len(full.figures), "actor": len(full.actors)}
        trim = next(
            (k for k, floor in floors.items() if min(caps[k], counts[k]) > floor),
            None,
        )
        if long:
            p = max(long, key=lambda q: (q.words, -q.order))
            text, detail = _key_sentences(p)
            p.shortened = True
            if text != p.text:
                p.text = text
                cuts.append(
                    Cut("shortened", "key_point", detail, p.sel.article.id, p.sel.paragraph)
                )
        elif trim is not None:
            caps[trim] = min(caps[trim], counts[trim]) - 1
        elif len(kept) > 1:
            for victim in _victims(kept, fits_after_dropping(kept)):
                victim.kept = False
                where = (victim.sel.article.id, victim.sel.paragraph)
                cuts[:] = [c for c in cuts if (c.article_id, c.paragraph) != where]
                cuts.append(
                    Cut(
                        "dropped",
                        "key_point",
                        f"least central passage ({victim.words} words): "
                        f"“{_first_words(victim.sel.text)}”",
                        victim.sel.article.id,
                        victim.sel.paragraph,
                    )
                )
        else:
            raise PageOverflow(
                f"even one shortened passage does not fit one page ({meter.describe()})",
                brief.cuts,
            )
        brief, meter, full = build()
    if strict and brief.cuts:
        raise PageOverflow(
            "the selection does not fit one page and --strict forbids cutting: "
            + "; ".join(c.describe() for c in brief.cuts),
            brief.cuts,
        )
    return brief
