"""RSS and Atom feeds: one article per entry, full text from content:encoded when present.

The XML is first parsed by defusedxml, which refuses entity declarations
(expansion bombs) and external entities before anything is expanded or
fetched; feedparser then reads the entries.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from tui.errors import InputError
from tui.ingest import furniture as fur
from tui.ingest import htmltext
from tui.ingest.dates import normalize_date
from tui.ingest.meta import clean_or_none, clean_url, make_article
from tui.ingest.segment import split_long
from tui.model import Article


def check_xml(data: bytes, source_path: str) -> str | None:
    """Refuse dangerous XML; return the parser's complaint when it is not well-formed."""
    return parse_xml(data, source_path)[1]


def parse_xml(data: bytes, source_path: str) -> tuple[Any, str | None]:
    """Refuse dangerous XML; (its root element, None), or (None, the parser's complaint)
    when it is not well-formed."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            source_path,
            f"unsafe XML refused ({type(exc).__name__}: entity declarations "
            "and external references are not allowed)",
        ) from exc
    except ET.ParseError as exc:
        return None, str(exc)
    except RecursionError:
        return None, "nested too deeply"
    if _depth(root) > MAX_DEPTH:
        raise InputError(source_path, f"XML nested more than {MAX_DEPTH} levels deep refused")
    return root, None


# Real feeds nest a dozen levels or so; thousands are an attack on the readers after us
# (feedparser and the HTML reader take seconds per ten thousand levels).
MAX_DEPTH = 500


def _depth(root: Any) -> int:
    """How many levels the element tree nests, counted without recursion."""
    deepest, level = 0, [(root, 1)]
    while level:
        node, d = level.pop()
        deepest = max(deepest, d)
        if deepest > MAX_DEPTH:
            return deepest
        level.extend((child, d + 1) for child in node)
    return deepest


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or entry.get("description") or ""
    return best if len(best) >= len(summary) else summary


def entry_paragraphs(body: str) -> list[str]:
    """A feed entry's body (HTML or text) as paragraphs, site furniture left out."""
    return paragraphs_of_lines(htmltext.to_paragraphs(body))


def paragraphs_of_lines(lines: Iterable[str]) -> list[str]:
    """An entry body's text lines as paragraphs: furniture dropped, glued lines cut."""
    out: list[str] = []
    for line in lines:
        if fur.is_known(line):
            continue
        for piece in fur.cut_glued(line):
            out.extend(split_long(piece))
    return out


def read(data: bytes, source_path: str) -> list[Article]:
    """One article per feed entry; a feed that is not well-formed and yields nothing fails."""
    import feedparser

    problem = check_xml(data, source_path)
    # a stream, never a string: feedparser treats strings as URLs or file paths
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    outlet = clean_or_none(parsed.feed.get("title"), 120)
    articles: list[Article] = []
    for entry in parsed.entries:
        paragraphs = entry_paragraphs(_entry_body(entry))
        if not paragraphs:
            continue
        source = entry.get("source") or {}
        title = clean_or_none(entry.get("title"))
        published = normalize_date(entry.get("published") or entry.get("updated"))
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            if published is None and entry.get(key):
                published = normalize_date(entry[key])
        art = make_article(
            title=title,
            paragraphs=paragraphs,
            source_path=source_path,
            outlet=clean_or_none(source.get("title"), 120) or outlet,
            published=published,
            url=clean_url(entry.get("link")),
        )
        if art is not None:
            articles.append(art)
    if not articles:
        reason = problem or str(parsed.get("bozo_exception") or "") or "no entries with text"
        raise InputError(source_path, f"malformed feed: {' '.join(reason.split())[:200]}")
    return articles
