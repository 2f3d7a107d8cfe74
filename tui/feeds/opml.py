"""OPML 2.0 subscription lists, the format feed readers exchange (newsboat, web readers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import quoteattr

from tui.errors import InputError
from tui.feeds.store import Feed
from tui.text import clean_line


@dataclass(frozen=True)
class Outline:
    """One subscription in an OPML file."""

    url: str
    title: str | None
    site_url: str | None


def read(data: bytes, source: str) -> list[Outline]:
    """The feed outlines (those with an xmlUrl) anywhere in an OPML document, in order.

    Parsed with defusedxml: entity declarations and external references are refused.
    """
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            source, "unsafe XML refused (entity declarations are not allowed)"
        ) from exc
    except ET.ParseError as exc:
        raise InputError(source, f"not well-formed OPML ({exc})") from exc
    if root.tag.lower() != "opml":
        raise InputError(source, f"not OPML (the document is <{clean_line(root.tag)[:40]}>)")
    out: list[Outline] = []
    seen: set[str] = set()
    for node in root.iter():
        if node.tag.lower() != "outline":
            continue
        attrs = {k.lower(): v for k, v in node.attrib.items()}
        url = clean_line(attrs.get("xmlurl", ""))
        if not url or url in seen:
            continue
        seen.add(url)
        title = clean_line(attrs.get("title") or attrs.get("text") or "") or None
        site = clean_line(attrs.get("htmlurl", "")) or None
        out.append(Outline(url, title, site))
    return out


def write(feeds: list[Feed], title: str = "brief subscriptions") -> str:
    """An OPML 2.0 document listing `feeds`."""
    created = format_datetime(datetime.now(UTC))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{created}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for feed in feeds:
        name = feed.title or feed.url
        attrs = f'text={quoteattr(name)} title={quoteattr(name)} type="rss" xmlUrl={quoteattr(feed.url)}'
        if feed.site_url:
            attrs += f" htmlUrl={quoteattr(feed.site_url)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value)
