"""HTML pages: the article body and metadata, extracted with trafilatura.

trafilatura finds the main text and the title, date, site name and canonical
url. When it finds nothing (a page too deeply nested for lxml, a fragment) the
recursion-free parser in `htmltext` reads the page instead.
"""

from __future__ import annotations

import re
from typing import Any

from tui import text
from tui.ingest import boilerplate, htmltext, scraped
from tui.ingest import furniture as fur
from tui.ingest.dates import normalize_date
from tui.ingest.meta import (
    Meta,
    clean_or_none,
    clean_url,
    fallback_title,
    make_article,
    split_title,
)
from tui.ingest.segment import split_long
from tui.model import Article


def _tree(doc: str) -> Any:
    """The page parsed by trafilatura's own loader (None when it is not HTML it can read)."""
    from trafilatura.utils import load_html

    try:
        return load_html(doc)
    except Exception:  # third-party code on untrusted input: fall back, never crash
        return None


def _trafilatura(page: Any, pruned: bool) -> dict[str, Any] | None:
    import trafilatura  # heavy: imported only when an HTML page is read

    try:
        result = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            prune_xpath=boilerplate.PRUNE_XPATH if pruned else None,
        )
    except Exception:  # third-party code on untrusted input: fall back, never crash
        return None
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else result
    return data if isinstance(data, dict) and data.get("text") else None


def _extract(doc: str) -> dict[str, Any] | None:
    """trafilatura's reading of the page, its boilerplate blocks pruned first; the
    unpruned reading when pruning leaves nothing (never less than trafilatura alone)."""
    tree = _tree(doc)
    if tree is None:
        return _trafilatura(doc, pruned=False)
    try:
        boilerplate.unwrap_layout_tables(tree)
        marked = boilerplate.mark(tree)
    except Exception:  # a tree lxml built but cannot walk (too deep): read it as it is
        marked = 0
    data = _trafilatura(tree, pruned=marked > 0)
    if data is None and marked:
        data = _trafilatura(doc, pruned=False)
    return data


# trafilatura writes a table as Markdown-like rows: `| Team | Played | Points |`, `|---|---|`
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


def _table_row(line: str) -> str | None:
    """A table row as one readable line, its cells separated by ` | `; '' for a rule."""
    if _TABLE_RULE.match(line):
        return ""
    cells = [cell.strip() for cell in line[1:-1].split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells) if any(cells) else ""


def _paragraphs(lines: list[str], title: str | None) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line or fur.is_known(line) or (title and line == title and not out):
            continue
        if _TABLE_ROW.match(line):  # one row, one paragraph: never split or merged
            row = _table_row(line)
            if row:
                out.append(row)
            continue
        for piece in fur.cut_glued(line):
            out.extend(split_long(piece))
    return out


def _meta_from_tags(tags: dict[str, str], page_title: str | None) -> Meta:
    return Meta(
        title=clean_or_none(tags.get("og:title")) or page_title,
        outlet=clean_or_none(tags.get("og:site_name"), 120),
        published=normalize_date(
            tags.get("article:published_time") or tags.get("date") or tags.get("datepublished")
        ),
        url=clean_url(tags.get("og:url") or tags.get("canonical")),
    )


def _fallback(doc: str, source_path: str) -> list[Article]:
    """A page trafilatura could not read: its text blocks go through the furniture rules."""
    lines, page_title, tags = htmltext.parse(doc)
    meta = _meta_from_tags(tags, page_title)
    if meta.title:
        meta.title = split_title(meta.title, {meta.outlet} if meta.outlet else set())[0]
    return scraped.read_lines(lines, source_path, meta)


def read(doc: str, source_path: str) -> list[Article]:
    """The article in an HTML page (one page, one article)."""
    data = _extract(doc)
    if data is None:
        return _fallback(doc, source_path)
    head_end = doc.find("</head>", 0, 500_000)
    _, page_title, tags = htmltext.parse(doc[:head_end]) if head_end > 0 else ([], None, {})
    from_tags = _meta_from_tags(tags, page_title)
    meta = Meta(
        title=clean_or_none(data.get("title")) or from_tags.title,
        outlet=clean_or_none(data.get("sitename"), 120) or from_tags.outlet,
        published=normalize_date(data.get("date")) or from_tags.published,
        url=clean_url(data.get("url")) or from_tags.url,
    )
    lines = [text.clean_line(x) for x in str(data["text"]).split("\n")]
    paragraphs = _paragraphs([ln for ln in lines if ln], meta.title)
    if not paragraphs:  # all of it looked like furniture: the page's own blocks instead
        return _fallback(doc, source_path)
    title = meta.title or fallback_title(paragraphs)
    title, outlet, published = split_title(title, {meta.outlet} if meta.outlet else set())
    art = make_article(
        title=title,
        paragraphs=paragraphs,
        source_path=source_path,
        outlet=meta.outlet or outlet,
        published=meta.published or published,
        url=meta.url,
    )
    return [art] if art is not None else []
