"""RSS (0.90, 0.91/0.92, 1.0, 2.0) and Atom 1.0 read from the XML tree the safety check
already parsed, entry by entry as feedparser reads them, in a small fraction of its time
(feedparser re-parses the document in Python and runs a per-character translation over
every text, which made it most of an update's cost).

`read` gives feedparser-shaped dicts (the keys `tui.feeds.parse` reads: id, link,
title, published, updated, summary, content, source), or None for a document it does
not know (another dialect, an unexpected root): the caller then asks feedparser, which
also reads XML that is not well-formed.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

RSS090 = "http://my.netscape.com/rss/0.9/"
RSS10 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")

_C1 = re.compile("[\x80-\x9f]")
# Windows-1252's printable characters where Latin-1 has C1 controls (feedparser maps them)
_CP1252 = {i: bytes([i]).decode("cp1252", "ignore") or chr(i) for i in range(0x80, 0xA0)}

Raw = dict[str, Any]


def read(root: Element) -> tuple[Raw, list[Raw]] | None:
    """(the feed's title and link, its entries) from a parsed document, or None when the
    document is not a dialect read here."""
    tag = root.tag
    if tag == "rss" or tag.endswith("}rss"):
        channel = _child(root, "channel", "")
        if channel is None:
            return None
        items = _children(channel, "item", "") or _children(root, "item", "")
        return _rss_feed(channel, ""), [_rss_item(i, "") for i in items]
    if tag == f"{{{RDF}}}RDF":
        for ns in (RSS10, RSS090):
            channel = _child(root, "channel", ns)
            if channel is not None:
                items = _children(root, "item", ns) or _children(channel, "item", ns)
                return _rss_feed(channel, ns), [_rss_item(i, ns) for i in items]
        return None
    if tag == f"{{{ATOM}}}feed":
        return _atom_feed(root), [_atom_entry(e) for e in _children(root, "entry", ATOM)]
    return None


# --- RSS ---------------------------------------------------------------------------


def _rss_feed(channel: Element, ns: str) -> Raw:
    return {
        "title": _text(_child(channel, "title", ns)),
        "link": _text(_child(channel, "link", ns)),
    }


def _rss_item(item: Element, ns: str) -> Raw:
    raw: Raw = {"title": _text(_child(item, "title", ns))}
    link = _text(_child(item, "link", ns))
    guid = _child(item, "guid", ns)
    about = item.get(f"{{{RDF}}}about")
    if guid is not None:
        raw["id"] = _text(guid)
        # the guid is the link when it says it is a permalink (the default), and only
        # when the item has no link of its own
        if not link and guid.get("isPermaLink", "true") == "true":
            link = raw["id"]
    elif about:
        raw["id"] = _fix(about.strip())
    raw["link"] = link
    raw["published"] = _first_text(item, ((ns, "pubDate"), (DCTERMS, "issued")))
    raw["updated"] = _first_text(item, ((DC, "date"), (DCTERMS, "modified")))
    raw["summary"] = _body(_child(item, "description", ns))
    encoded = [_body(e) for e in _children(item, "encoded", CONTENT)]
    raw["content"] = [{"value": v} for v in encoded if v is not None]
    source = _child(item, "source", ns)
    if source is not None:
        raw["source"] = {"title": _text(source)}
    return raw


# --- Atom --------------------------------------------------------------------------


def _atom_feed(root: Element) -> Raw:
    return {"title": _atom_text(_child(root, "title", ATOM)), "link": _atom_link(root)}


def _atom_entry(entry: Element) -> Raw:
    raw: Raw = {"title": _atom_text(_child(entry, "title", ATOM))}
    ident = _text(_child(entry, "id", ATOM))
    raw["id"] = ident
    # feedparser takes an entry's id as its link when it has no alternate link
    raw["link"] = _atom_link(entry) or ident
    raw["published"] = _text(_child(entry, "published", ATOM))
    raw["updated"] = _text(_child(entry, "updated", ATOM))
    raw["summary"] = _atom_text(_child(entry, "summary", ATOM), keep_space=True)
    contents = [_atom_text(c, keep_space=True) for c in _children(entry, "content", ATOM)]
    raw["content"] = [{"value": v} for v in contents if v is not None]
    source = _child(entry, "source", ATOM)
    if source is not None:
        raw["source"] = {"title": _atom_text(_child(source, "title", ATOM))}
    return raw


def _atom_link(parent: Element) -> str | None:
    """The last alternate link to an HTML page (rel and type default to those)."""
    found = None
    for link in _children(parent, "link", ATOM):
        rel = (link.get("rel") or "alternate").strip().lower()
        kind = (link.get("type") or "text/html").strip().lower()
        if rel == "alternate" and kind in HTML_TYPES and link.get("href"):
            found = _fix(link.get("href", "").strip())
    return found


def _atom_text(el: Element | None, keep_space: bool = False) -> str | None:
    """An Atom text construct as feedparser gives it: text and html as written, xhtml
    as the markup inside its div; out-of-line content (src=) is empty."""
    if el is None:
        return None
    if el.get("src"):
        return ""
    if (el.get("type") or "text").strip().lower() in ("xhtml", "application/xhtml+xml"):
        kids = list(el)
        inner = _inner(kids[0]) if len(kids) == 1 and _local(kids[0].tag) == "div" else _inner(el)
        return _fix(inner.strip())
    return _body(el) if keep_space else _text(el)


# --- text ------------------------------------------------------------------------------


def _local(tag: object) -> str:
    name = str(tag)
    return name.rsplit("}", 1)[-1]


def _child(parent: Element, name: str, ns: str) -> Element | None:
    return parent.find(f"{{{ns}}}{name}" if ns else name)


def _children(parent: Element, name: str, ns: str) -> list[Element]:
    return parent.findall(f"{{{ns}}}{name}" if ns else name)


def _first_text(parent: Element, names: tuple[tuple[str, str], ...]) -> str | None:
    for ns, name in names:
        value = _text(_child(parent, name, ns))
        if value:
            return value
    return None


def _text(el: Element | None) -> str | None:
    """An element's content, stripped (markup inside it kept as markup)."""
    value = _body(el)
    return value.strip() if value is not None else None


def _body(el: Element | None) -> str | None:
    if el is None:
        return None
    return _fix(_inner(el) if len(el) else (el.text or "")).strip()


def _inner(el: Element) -> str:
    """What is inside an element, written back as markup (namespaces dropped)."""
    parts = [escape(el.text or "")] if len(el) else [el.text or ""]
    for child in el:
        parts.append(_outer(child))
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def _outer(el: Element) -> str:
    name = _local(el.tag)
    attrs = "".join(f" {_local(k)}={quoteattr(v)}" for k, v in el.attrib.items())
    if not len(el) and not el.text:
        return f"<{name}{attrs} />"
    inner = escape(el.text or "") + "".join(_outer(c) + escape(c.tail or "") for c in el)
    return f"<{name}{attrs}>{inner}</{name}>"


def _fix(value: str) -> str:
    """feedparser's two repairs: UTF-8 read as Latin-1 undone, and the C1 range taken as
    Windows-1252 (rare here: control characters are removed before parsing)."""
    if value and not value.isascii():
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            value = value.encode("iso-8859-1").decode("utf-8")
        if _C1.search(value):
            value = value.translate(_CP1252)
    return value
