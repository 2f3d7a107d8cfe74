"""HTML to paragraphs without recursion: for feed and JSON bodies, and as a fallback.

Uses the standard library's event parser, so depth costs nothing (a page nested
10,000 levels deep reads like a flat one). Script, style and similar elements
are skipped; block elements and <br> end paragraphs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tui import text

BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "br",
        "body",
        "html",
        "title",
    ]
)
SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "head",
        "button",
        "select",
    ]
)
_TAG = re.compile(r"<[a-zA-Z/!?][^<>]{0,1000}>")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"])
            return
        if tag == "link":
            a = {k.lower(): (v or "") for k, v in attrs}
            if a.get("rel", "").lower() == "canonical" and a.get("href"):
                self.meta.setdefault("canonical", a["href"])
            return
        if tag == "title":
            self.in_title = True
            return
        if tag in SKIP and tag != "head":
            self.skipping.append(tag)
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def parse(html: str) -> tuple[list[str], str | None, dict[str, str]]:
    """(paragraphs, <title>, meta tags by name) from an HTML document or fragment."""
    collector = _Collector()
    collector.feed(text.sanitize(text.control_refs_to_chars(html)))
    collector.close()
    paragraphs = [
        p for p in (text.clean_line(b) for b in "".join(collector.parts).split("\n")) if p
    ]
    title = text.clean_line("".join(collector.title)) or None
    return paragraphs, title, collector.meta


def to_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment (or of plain text, which passes through)."""
    if not _TAG.search(fragment):
        return [p for p in (text.clean_line(x) for x in fragment.split("\n")) if p]
    return parse(fragment)[0]
