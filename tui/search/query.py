"""The query language: words, "phrases", -exclusions, @entities, outlet: and date
filters (QUERY_SYNTAX, shown by `brief search --help` and the app's search screen)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.errors import QueryError
from tui.search.terms import index_terms, is_stop
from tui.text import clean_line

# The one description of the query language, for people.
QUERY_SYNTAX = """\
  dobrint kabul          every word must match; typos are forgiven (one from 4
                         letters, two from 8); the last word also matches as a
                         prefix (typos forgiven) unless a space ends the query
  "state of emergency"   these words in this order
  +kabul                 this word exactly (no typos, no prefix)
  -cricket -"world cup"  leave out passages containing these
  @Dobrindt @"Safdar Sial"  passages mentioning the entity (by any name)
  outlet:DW  outlet:"Deutsche Welle"  outlet:DW,Dawn
  after:2025-01-01 before:2025-12-31  inclusive dates; YYYY or YYYY-MM cover
                         the whole year or month (since:/until: also work)
  Words joined by an apostrophe are found by their parts (colony's by colony
  or clony, l'État by etat), hyphenated words by each part (far-right: right).

ranking: rare words weigh more (BM25), exact beats prefix beats typo, words
close together and words in the title count more.
"""

_PIECE = re.compile(
    r"""(?P<sign>[-+@]?)(?:(?P<key>outlet|after|before|since|until):)?"""
    r"""(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))"""
)
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass
class Term:
    """One query word: its folded form and how it may match."""

    text: str
    prefix: bool = False  # the last word while typing
    exact: bool = False  # +word: no typos


@dataclass
class Query:
    """A parsed query."""

    terms: list[Term] = field(default_factory=list)  # required words (stop words dropped)
    phrases: list[list[str]] = field(default_factory=list)  # each: folded words in order
    excluded: list[list[str]] = field(default_factory=list)  # words or phrases to leave out
    entities: list[str] = field(default_factory=list)  # names after @
    outlets: list[str] = field(default_factory=list)  # folded outlet names
    after: str | None = None  # inclusive lower bound, YYYY[-MM[-DD]]
    before: str | None = None  # inclusive upper bound
    stop_only: bool = False  # words were typed, all of them too common

    @property
    def has_filters(self) -> bool:
        return bool(self.entities or self.outlets or self.after or self.before)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.has_filters)


def _date(value: str, key: str) -> str:
    if not _DATE.match(value):
        shown = clean_line(value)[:40]  # the query is echoed: no control characters
        raise QueryError(f"{key}:{shown}: dates are written YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _add_filter(q: Query, key: str, value: str) -> None:
    """outlet:, after: (since:), before: (until:)."""
    if key == "outlet":
        q.outlets.extend(" ".join(index_terms(v)) for v in value.split(",") if index_terms(v))
    elif key in ("after", "since"):
        q.after = _date(value, key)
    else:
        q.before = _date(value, key)


def _add_quoted(q: Query, words: list[str]) -> None:
    """A "quoted" piece: one word is matched exactly, more are a phrase."""
    if len(words) == 1:
        if not is_stop(words[0]):
            q.terms.append(Term(words[0], exact=True))
    elif words:
        q.phrases.append(words)


def _nothing_to_search(q: Query, text: str) -> None:
    """Raise QueryError for a query that asks for nothing that can be searched."""
    if q.terms or q.phrases or q.has_filters:
        return
    if q.stop_only:
        raise QueryError("nothing to search for: every word is too common (a stop word)")
    if q.excluded:
        raise QueryError("nothing to search for: the query only excludes words")
    if text.strip():
        raise QueryError("nothing to search for: the query has no words")


def parse(text: str) -> Query:
    """Parse a query; raises QueryError for what cannot be understood."""
    q = Query()
    typed_words = 0
    last_term: Term | None = None
    last_end = -1
    for m in _PIECE.finditer(text):
        sign, key, quoted = m.group("sign"), m.group("key"), m.group("quoted")
        raw = quoted if quoted is not None else (m.group("bare") or "")
        if key:
            if raw.strip():
                _add_filter(q, key, raw.strip())
            continue
        words = index_terms(raw)
        if sign == "@":
            q.entities += [" ".join(words)] if words else []
            continue
        if sign == "-":
            q.excluded += [words] if words else []
            continue
        typed_words += len(words)
        if quoted is not None:
            _add_quoted(q, words)
            continue
        for w in words:
            if sign == "+" or not is_stop(w):
                last_term = Term(w, exact=sign == "+")
                q.terms.append(last_term)
        last_end = m.end()
    # the last word is still being typed (a prefix) unless a space or quote ends the query
    typing = bool(text) and not text[-1].isspace() and not text.endswith('"')
    if typing and last_term is not None and last_end == len(text) and not last_term.exact:
        last_term.prefix = True
    q.stop_only = typed_words > 0 and not q.terms and not q.phrases
    _nothing_to_search(q, text)
    return q
