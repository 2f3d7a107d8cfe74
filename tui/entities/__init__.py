"""Entities: people, organisations and places in articles, with aliases, roles,
quotes and figures.

`analyse(article)` is what ingest stores; `analyse_text(text)` is the raw mode
that `brief entities --raw` and the evaluation use. Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.entities.extract import Found, acronym_of, find
from tui.entities.linking import link, strip_name
from tui.model import ENTITY_TYPES, Analysis, Article, Entity, Mention, Quote

SCORED = frozenset(ENTITY_TYPES)
_PAREN = re.compile(r"\s?\(\s*$")


def _stated_acronyms(text: str, found: list[Found]) -> dict[str, str]:
    """Acronyms the text spells out: `Long Name (LN)` maps `LN` to `Long Name`."""
    out: dict[str, str] = {}
    for a, b in zip(found, found[1:], strict=False):
        between = text[a.end : b.start]
        if (
            between.strip() == "("
            and text[b.end : b.end + 1] == ")"
            and acronym_of(b.text, a.text, a.type)
        ):
            out.setdefault(strip_name(b.text), strip_name(a.text))
    return out


def _link_found(text: str, found: list[Found]) -> tuple[list[str], dict[str, Entity]]:
    """Canonical name of each found name, and the entities they form."""
    names = [(strip_name(f.text), f.type) for f in found]
    target, clusters = link(names, _stated_acronyms(text, found))
    entities: dict[str, Entity] = {}
    for c, cl in clusters.items():
        t = cl.type
        if t not in SCORED:
            continue
        entities[c] = Entity(canonical=c, type=t, aliases=set(cl.aliases), count=cl.count)
    return [target[n] for n, _ in names], entities


def analyse_text(text: str) -> list[Mention]:
    """Mentions in one raw document, offsets into `text` (the `--raw` mode)."""
    found = find(text)
    canon, entities = _link_found(text, found)
    out: list[Mention] = []
    for f, c in zip(found, canon, strict=True):
        if f.type not in SCORED:
            continue
        out.append(Mention(f.start, f.end, f.text, f.type, c))
    return out


def paragraph_mentions(paras: Sequence[str]) -> tuple[list[Mention], list[Entity]]:
    """Mentions of a text given as paragraphs (offsets into their paragraph, never
    across two) and the entities they form, most mentioned first."""
    text = "\n".join(paras)
    bounds: list[int] = []
    pos = 0
    for p in paras:
        bounds.append(pos)
        pos += len(p) + 1
    found = find(text)
    canon, entities = _link_found(text, found)
    mentions: list[Mention] = []
    pi = 0
    for f, c in zip(found, canon, strict=True):
        if f.type not in SCORED or c not in entities:
            continue
        while pi + 1 < len(bounds) and bounds[pi + 1] <= f.start:
            pi += 1
        base = bounds[pi]
        if f.end > base + len(paras[pi]):
            continue  # never across paragraphs
        mentions.append(Mention(f.start - base, f.end - base, f.text, entities[c].type, c, pi))
    ents = sorted(entities.values(), key=lambda e: (-e.count, e.canonical))
    return mentions, ents


def find_paragraph_quotes(paras: Sequence[str]) -> list[Quote]:
    """Quotations and their speakers in a text given as paragraphs: the one finder
    behind `brief quotes`, the library's stored quotes and the brief's."""
    from tui.entities.quotes import find_quotes

    return find_quotes(paras, paragraph_mentions(paras)[0])


def analyse(article: Article) -> Analysis:
    """Mentions (paragraph offsets), entities, quotes and figures of one article."""
    from tui.entities import figures, quotes, roles

    paras = article.paragraphs
    mentions, ents = paragraph_mentions(paras)
    roles.assign(paras, mentions, ents)
    return Analysis(
        article_id=article.id,
        mentions=mentions,
        entities=ents,
        quotes=quotes.find_quotes(paras, mentions),
        figures=figures.find_figures(paras),
    )
