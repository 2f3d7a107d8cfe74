"""Turning search hits or a saved selection into passages to compile, and fetching
what the entity stage found for their articles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from tui.brief.compose import PageMeter, SelectedPassage, brief_meter
from tui.brief.schema import Brief
from tui.errors import BriefError
from tui.library import Library
from tui.model import Analysis, Article, SelectionItem
from tui.selection import SelectionStore

if TYPE_CHECKING:
    from tui.search import Hit


class Located(Protocol):
    """Where a search hit is: all that turning hits into passages needs of one."""

    @property
    def article_id(self) -> str: ...
    @property
    def paragraph(self) -> int: ...


class Searchable(Protocol):
    """An index to take a brief's passages from (tui.search.Index)."""

    def search(self, query: str, limit: int = ...) -> list[Hit]: ...


def passages_from_hits(
    articles: Iterable[Article], hits: Iterable[Located], limit: int | None = None
) -> list[SelectedPassage]:
    """Passages for the best `limit` search hits: the articles in the order of their best hit, and each article's
    passages in its own text order, so an answer never comes before what it answers."""
    by_id = {a.id: a for a in articles}
    out: list[SelectedPassage] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        art, para = by_id.get(hit.article_id), hit.paragraph
        if art is None or not 0 <= para < len(art.paragraphs):
            continue
        if (art.id, para) in seen:
            continue
        seen.add((art.id, para))
        out.append(SelectedPassage(art, para))
        if limit is not None and len(out) >= limit:
            break
    return in_text_order(out)


def in_text_order(passages: Sequence[SelectedPassage]) -> list[SelectedPassage]:
    """Passages grouped by article (in the order each article first appears), each
    article's passages in paragraph order."""
    first: dict[str, int] = {}
    for i, p in enumerate(passages):
        first.setdefault(p.article.id, i)
    return sorted(passages, key=lambda p: (first[p.article.id], p.paragraph))


def passages_from_selection(
    lib: Library, items: Sequence[SelectionItem]
) -> tuple[list[SelectedPassage], list[SelectionItem]]:
    """The selection's passages in order, and the items whose passage is gone."""
    cache: dict[str, Article | None] = {}
    found: list[SelectedPassage] = []
    missing: list[SelectionItem] = []
    for item in items:
        if item.article_id not in cache:
            cache[item.article_id] = lib.article(item.article_id)
        art = cache[item.article_id]
        if art is None or not 0 <= item.paragraph < len(art.paragraphs):
            missing.append(item)
            continue
        found.append(SelectedPassage(art, item.paragraph, item.note))
    return found, missing


def analyses_from_library(lib: Library, articles: Iterable[Article]) -> Mapping[str, Analysis]:
    """What the library stored for each article; articles it has nothing for are analysed."""
    from tui.entities import analyse, corrections
    from tui.entities.store import load

    rules = corrections.load(lib)  # the user's corrections hold for both
    out: dict[str, Analysis] = {}
    for art in articles:
        if art.id in out:
            continue
        stored = load(lib, art.id, rules)
        out[art.id] = (
            stored if stored.mentions or stored.entities else corrections.apply(analyse(art), rules)
        )
    return out


def compile_selection(
    lib: Library,
    store: SelectionStore,
    *,
    title: str | None = None,
    bluf: str | None = None,
    created: dt.date | None = None,
    strict: bool = False,
) -> tuple[Brief, list[SelectionItem]]:
    """Compile a saved selection with the library's analyses; also returns the items whose
    passage is gone. `title`/`bluf` override the ones saved with the selection."""
    from tui.brief.title import compile_titled

    passages, missing = passages_from_selection(lib, store.items())
    brief = compile_titled(
        passages,
        title=title or store.title or None,
        bluf=bluf if bluf is not None else (store.bluf or None),
        created=created,
        analyses=analyses_from_library(lib, [p.article for p in passages]),
        strict=strict,
    )
    return brief, missing


def selection_meter(lib: Library, name: str, created: dt.date | None = None) -> PageMeter:
    """The page meter of the brief the saved selection `name` would compile to (its saved
    title and bottom line): what the selection tray shows, the same figure as the compile
    dialog's. Compiles the selection, so callers in the app run it off the UI thread."""
    store = SelectionStore(lib, name)
    if len(store) == 0:
        return PageMeter(0, 0, 0)
    brief, _ = compile_selection(lib, store, created=created)
    return brief_meter(brief)


_PLAIN_WORD = re.compile(r"^[^\W_][\w'’.-]*$")


def top_hits(index: Searchable, query: str, limit: int) -> list[Hit]:
    """The best passages for `query`, for a brief: the search's own hits (every word
    matching) first, then, when they are fewer than `limit` and the query is plain
    words, passages matching most of its words (ties by summed score)."""
    hits = list(index.search(query, limit=limit))
    words = query.split()
    if len(hits) >= limit or len(words) < 2 or not all(_PLAIN_WORD.match(w) for w in words):
        return hits
    seen = {(h.article_id, h.paragraph) for h in hits}
    matched: dict[tuple[str, int], list[Hit]] = {}
    for word in dict.fromkeys(w.casefold() for w in words):
        try:
            found = index.search(word + " ", limit=limit * 4)  # trailing space: no prefixes
        except BriefError:
            continue  # a stop word alone, say
        for h in found:
            matched.setdefault((h.article_id, h.paragraph), []).append(h)
    ranked = sorted(
        (k for k in matched if k not in seen),
        key=lambda k: (-len(matched[k]), -sum(h.score for h in matched[k]), k),
    )
    hits += [matched[k][0] for k in ranked[: limit - len(hits)]]
    return hits
