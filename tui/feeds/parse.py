"""A fetched feed's entries: RSS 0.9x/1.0/2.0 and Atom (feedparser), JSON Feed 1.x.

XML goes through the same hardening as feed files (`tui.ingest.feed.check_xml`:
entity declarations and external references refused before anything is
expanded). Entries are kept as found (title, link, date, body markup); turning
them into articles is `tui.feeds.entries`' job.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from tui import text
from tui.errors import InputError
from tui.ingest.dates import normalize_date
from tui.ingest.meta import clean_or_none, clean_url

MAX_ENTRIES = 2000  # a feed with more is read up to here


@dataclass(frozen=True)
class Entry:
    """One feed item as the feed gives it."""

    key: str  # stable within the feed: its guid/id, else its link, else a hash of it
    title: str | None
    link: str | None
    published: str | None  # YYYY-MM-DD
    body: str  # HTML or text, the fullest the entry carries
    outlet: str | None  # the entry's own source, when it names one


@dataclass
class FeedDoc:
    """A parsed feed: its title, home page and entries; `problem` when not well-formed."""

    title: str | None
    link: str | None
    entries: list[Entry] = field(default_factory=list)
    problem: str | None = None


class NotAFeed(InputError):
    """The document is not a feed (an HTML page, say); `feeds` are the ones it links to."""

    def __init__(self, path: str, reason: str, feeds: list[str] | None = None) -> None:
        super().__init__(path, reason)
        self.feeds = feeds or []


_HTML_HEAD = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b)", re.I | re.S)
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF)\b")


def kind_of(body: bytes, content_type: str) -> str:
    """`json`, `xml` or `html`: what a fetched body is, by its start and its type."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")) or content_type.endswith("json"):
        return "json"
    if _HTML_HEAD.match(head) and not _FEED_ROOT.search(body[:8192]):
        return "html"
    if "html" in content_type and not _FEED_ROOT.search(body[:8192]):
        return "html"
    return "xml"


def parse(body: bytes, source: str, content_type: str = "", charset: str | None = None) -> FeedDoc:
    """The feed in `body`; InputError (NotAFeed for a page) when there is none."""
    kind = kind_of(body, content_type)
    if kind == "html":
        from tui.feeds.discover import feed_links

        page = text.decode(body, charset)
        links = feed_links(page, source)
        hint = f"; the page links to the feed {links[0]} (brief add {links[0]})" if links else ""
        raise NotAFeed(source, f"a web page, not a feed{hint}", links)
    if kind == "json":
        return _json_feed(text.decode(body, charset), source)
    return _xml_feed(_as_utf8(body, charset), source)


def _as_utf8(body: bytes, charset: str | None) -> bytes:
    """The XML as UTF-8 with its declaration saying so, sanitised like any file's text.

    The body's own declaration and valid UTF-8 come before the header's charset
    (servers get the header wrong more often than the document)."""
    from tui.ingest import _XML_ENCODING

    declared = text.declared_charset(body)
    decoded = text.decode(body, declared or charset)
    decoded = text.sanitize(text.control_refs_to_chars(decoded, html=False))
    if "<!ENTITY" in decoded:
        from tui.ingest import _ENTITY_DECLARATION

        if _ENTITY_DECLARATION.search(decoded):
            raise InputError(
                "feed",
                "unsafe XML refused (entity declarations and external references are not allowed)",
            )
    return _XML_ENCODING.sub(r"\1utf-8\2", decoded, count=1).encode("utf-8")


def _xml_feed(data: bytes, source: str) -> FeedDoc:
    from tui.feeds import xmltree
    from tui.ingest.feed import parse_xml

    root, problem = parse_xml(data, source)
    found = xmltree.read(root) if root is not None else None
    if found is None:
        return _feedparser_feed(data, source, problem)
    feed, raws = found
    doc = FeedDoc(title=clean_or_none(feed.get("title"), 200), link=clean_url(feed.get("link")))
    for raw in raws[:MAX_ENTRIES]:
        entry = _xml_entry(raw)
        if entry.title or entry.link or entry.body.strip():
            doc.entries.append(entry)
    return doc


def _feedparser_feed(data: bytes, source: str, problem: str | None) -> FeedDoc:
    """A feed in a dialect the tree reader does not know, or XML that is not well-formed."""
    import feedparser

    # a stream, never a string: feedparser treats strings as URLs or file paths
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if problem and not parsed.entries:
        raise InputError(source, f"malformed feed XML: {' '.join(problem.split())[:200]}")
    if not version and not parsed.entries:
        raise InputError(source, "not a feed (no RSS, Atom or JSON Feed found)")
    doc = FeedDoc(
        title=clean_or_none(parsed.feed.get("title"), 200),
        link=clean_url(parsed.feed.get("link")),
        problem=" ".join(problem.split())[:200] if problem else None,
    )
    for raw in parsed.entries[:MAX_ENTRIES]:
        entry = _xml_entry(raw)
        if entry.title or entry.link or entry.body.strip():
            doc.entries.append(entry)
    if problem and not doc.entries:
        raise InputError(source, f"malformed feed XML: {doc.problem}")
    return doc


def _xml_entry(raw: Any) -> Entry:
    contents = raw.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = raw.get("summary") or raw.get("description") or ""
    body = best if len(best) >= len(summary) else summary
    published = normalize_date(raw.get("published") or raw.get("updated"))
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if published is None and raw.get(key):
            published = normalize_date(raw[key])
    if published is None and "published_parsed" not in raw:  # read from the tree
        published = _feedparser_date(raw.get("published") or raw.get("updated"))
    source = raw.get("source") or {}
    link = clean_url(raw.get("link"))
    title = clean_or_none(raw.get("title"))
    return Entry(
        key=_key(raw.get("id") or raw.get("guid"), link, title, body),
        title=title,
        link=link,
        published=published,
        body=str(body),
        outlet=clean_or_none(source.get("title"), 120),
    )


def _feedparser_date(value: object) -> str | None:
    """A date in one of the many forms feedparser reads (for those ours does not)."""
    if not isinstance(value, str) or not value.strip():
        return None
    from feedparser.datetimes import _parse_date

    try:
        return normalize_date(_parse_date(value))
    except Exception:  # noqa: BLE001 - an unreadable date is no date
        return None


def _key(guid: object, link: str | None, title: str | None, body: str) -> str:
    if isinstance(guid, str) and guid.strip():
        return text.clean_line(guid)[:500]
    if link:
        return link
    return "sha:" + hashlib.sha256(f"{title}\x1f{body}".encode()).hexdigest()[:24]


def _json_feed(doc: str, source: str) -> FeedDoc:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(doc)
    except (ValueError, RecursionError) as exc:
        raise InputError(source, f"malformed JSON feed ({exc})") from exc
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        raise InputError(source, "JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise InputError(source, "malformed JSON feed: items is not a list")
    out = FeedDoc(
        title=clean_or_none(data.get("title"), 200), link=clean_url(data.get("home_page_url"))
    )
    for item in items[:MAX_ENTRIES]:
        if not isinstance(item, dict):
            continue
        html = item.get("content_html")
        plain = item.get("content_text")
        summary = item.get("summary")
        body = next((v for v in (html, plain, summary) if isinstance(v, str) and v.strip()), "")
        if isinstance(html, str) and isinstance(plain, str) and len(plain) > len(html):
            body = plain
        link = clean_url(item.get("url") or item.get("external_url"))
        title = clean_or_none(item.get("title"))
        out.entries.append(
            Entry(
                key=_key(
                    str(item["id"]) if item.get("id") is not None else None, link, title, body
                ),
                title=title,
                link=link,
                published=normalize_date(item.get("date_published") or item.get("date_modified")),
                body=body,
                outlet=None,
            )
        )
    return out
