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
# containers whose hidden attribute or style hides what they hold (and that are closed in
# practice: a hidden <p> is not skipped, since its end tag is often left out)
HIDABLE = frozenset(
    ["div", "section", "aside", "span", "ul", "ol", "figure", "form", "nav", "header", "footer"]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    a = {k.lower(): (v or "") for k, v in attrs}
    return (
        "hidden" in a
        or a.get("aria-hidden", "").strip().lower() == "true"
        or bool(_HIDDEN_STYLE.search(a.get("style", "")))
    )


class _Collector(HTMLParser):
    def __init__(self, skip_hidden: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.skip_hidden = skip_hidden
        self.hidden_tag: str | None = None  # the hidden container being skipped
        self.hidden_depth = 0  # its own tag's nesting inside it
        self.hid_text = False  # whether skipping a hidden block left out any text
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
        if self.hidden_tag is not None:  # metadata is read even in a hidden block
            self.hidden_depth += tag == self.hidden_tag
            return
        if self.skip_hidden and tag in HIDABLE and attrs and _hidden(attrs):
            self.hidden_tag, self.hidden_depth = tag, 1
            self.parts.append("\n")
            return
        if tag == "title":
            self.in_title = True
            return
        if tag in SKIP and tag != "head":
            self.skipping.append(tag)
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden_tag is not None:
            if tag == self.hidden_tag:
                self.hidden_depth -= 1
                if self.hidden_depth == 0:
                    self.hidden_tag = None
                    self.parts.append("\n")
            return
        if tag == "title":
            self.in_title = False
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden_tag is not None:
            self.hid_text = self.hid_text or bool(data.strip())
            return
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def _collect(markup: str, skip_hidden: bool) -> tuple[list[str], _Collector]:
    collector = _Collector(skip_hidden)
    collector.feed(markup)
    collector.close()
    paragraphs = [
        p for p in (text.clean_line(b) for b in "".join(collector.parts).split("\n")) if p
    ]
    return paragraphs, collector


def parse(html: str) -> tuple[list[str], str | None, dict[str, str]]:
    """(paragraphs, <title>, meta tags by name) from an HTML document or fragment.

    Hidden containers (the `hidden` attribute, `aria-hidden`, a `display:none` or
    `visibility:hidden` style) are left out, unless that leaves no text at all (a
    hidden block never closed, or a page that shows its text with a script)."""
    markup = text.sanitize(text.control_refs_to_chars(html))
    paragraphs, collector = _collect(markup, skip_hidden=True)
    if not paragraphs and collector.hid_text:
        paragraphs, collector = _collect(markup, skip_hidden=False)
    title = text.clean_line("".join(collector.title)) or None
    return paragraphs, title, collector.meta


def to_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment (or of plain text, which passes through)."""
    if not _TAG.search(fragment):
        return [p for p in (text.clean_line(x) for x in fragment.split("\n")) if p]
    return parse(fragment)[0]
