"""Boilerplate blocks trafilatura keeps, found on the page's lxml tree before it reads it.

Kinds: hidden blocks (the `hidden` attribute, `display:none` or `visibility:hidden`
styles, `aria-hidden="true"`, screen-reader-only classes, <template>, <noscript>),
newsletter and sign-up widgets, standfirsts (the deck under the headline, which
repeats the page's summary) and "related" / "more stories" / "read more" headline
lists. Each found block is marked with `DROP`; trafilatura prunes the marked blocks
(`PRUNE_XPATH`) after it has read the page's metadata and before it looks for the
article, so its own extractor and its fallbacks never see them.

A block that holds most of the page's text is never marked, whatever it looks
like: a page that hides its article until a script shows it keeps its article.
A standfirst is found by its class name (standfirst, dek, strapline, ...), by its
place (after the headline in an <hgroup>; the page's description repeated in the
article's <header> or as a subheading) or by being repeated as the first paragraph;
a plain paragraph that repeats the description is kept, since many sites describe a
page with its first paragraph. Layout tables (cells of prose) are also turned into
plain blocks here, so that their text is read as paragraphs and not as table rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import html as lxml_html

DROP = "data-brief-drop"
PRUNE_XPATH = f"//*[@{DROP}]"

# a block holding more than this share of the body's text is the article, not furniture
MOST_OF_THE_PAGE = 0.5

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# class names that hide a block from sight (screen-reader-only text included)
_HIDDEN_CLASS = re.compile(
    r"(?:is-|u-|js-)?(?:hidden|hide|invisible|d-none|sr-only(?:-focusable)?|"
    r"visually-?hidden|screen-?reader-?(?:text|only)|a11y-(?:hidden|only)|offscreen)",
    re.IGNORECASE,
)
_SIGNUP_NAME = re.compile(
    r"(?:^|[-_])(?:newsletters?|sign-?up|subscribe|opt-?in|email-?(?:capture|signup|optin))"
    r"(?:[-_]|$)",
    re.IGNORECASE,
)
# an invitation: "Sign up to our ... newsletter", "Don't miss out: subscribe to ... inbox"
_SIGNUP_TEXT = re.compile(r"^[^.!?]{0,30}\b(?:sign ?up|subscribe|register|join)\b", re.IGNORECASE)
_INBOX_TEXT = re.compile(r"\b(?:newsletters?|inbox|e-?mail(?: address)?)\b", re.IGNORECASE)
_DECK_NAME = re.compile(
    r"(?:^|[-_])(?:standfirst|dek|deck|strapline|sub-?headline|sub-?title|subtitle|"
    r"article-?summary|summary|excerpt|teaser-?text)(?:[-_]|$)",
    re.IGNORECASE,
)
_RELATED_HEADING = re.compile(
    r"(?:related(?: stories| articles| content| coverage| reading| news| links| posts)?|"
    r"more (?:stories|news|headlines|coverage|to read|on this(?: story| topic)?|"
    r"from [\w' .&-]{1,30}|in [\w' .&-]{1,30}|like this)|"
    r"read more|read next|read also|also read|see also|further reading|what to read next|"
    r"recommended(?: for you| stories| reading| articles)?|"
    r"you (?:may|might) also (?:like|enjoy|be interested in)|"
    r"most (?:read|popular|viewed|shared)|popular(?: now| stories| today)?|"
    r"trending(?: now| stories)?|top stories|latest(?: news| stories| headlines)?|"
    r"editor'?s picks|in other news|elsewhere on [\w' .&-]{1,30}|also on [\w' .&-]{1,30}|"
    r"keep reading|don'?t miss|read this next|more like this|you may have missed|"
    r"(?:from )?around the web|(?:sponsored|promoted|partner) (?:stories|content|links))",
    re.IGNORECASE,
)
_BLOCKS = frozenset(["div", "section", "aside", "form", "p", "ul", "ol", "li", "span", "dl"])
_NEVER = frozenset(["html", "body", "main", "article"])
_HEADINGS = frozenset(["h2", "h3", "h4", "h5", "h6"])
_LABELS = frozenset(["p", "div", "span", "strong", "b", "header", "dt"])


def _text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _tokens(el: lxml_html.HtmlElement) -> list[str]:
    return f"{el.get('class') or ''} {el.get('id') or ''}".split()


def _key(text: str) -> str:
    return " ".join(text.casefold().strip(" .:…!?»›>|-–—").split())


def _link_share(el: lxml_html.HtmlElement, text_len: int) -> float:
    """The share of a block's text that is the text of links."""
    if not text_len:
        return 0.0
    linked = sum(len(_text(a)) for a in el.iter("a"))
    return min(1.0, linked / text_len)


class _Page:
    """The tree with the lengths the rules compare against."""

    def __init__(self, tree: lxml_html.HtmlElement) -> None:
        self.tree = tree
        body = tree.find(".//body")
        self.body = body if body is not None else tree
        self.body_len = len(_text(self.body))
        self.marked = 0

    def mark(self, el: lxml_html.HtmlElement) -> bool:
        """Mark a block for pruning, unless it is the page itself or most of its text."""
        if el.tag in _NEVER or el.get(DROP) is not None:
            return False
        if self.body_len > 300 and len(_text(el)) > MOST_OF_THE_PAGE * self.body_len:
            return False
        el.set(DROP, "")
        self.marked += 1
        return True


def _elements(tree: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    for el in tree.iter():
        if isinstance(el.tag, str):
            yield el


def _is_hidden(el: lxml_html.HtmlElement) -> bool:
    if el.tag in ("template", "noscript"):
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    return any(_HIDDEN_CLASS.fullmatch(t) for t in (el.get("class") or "").split())


def _hidden(page: _Page) -> None:
    for el in _elements(page.tree):
        if el.tag not in ("html", "head", "body", "meta", "link", "script", "title") and (
            _is_hidden(el)
        ):
            page.mark(el)


def _widget(start: lxml_html.HtmlElement, limit: int = 200) -> lxml_html.HtmlElement:
    """The sign-up widget around a form or field: its parents while they add little text."""
    widget, size = start, len(_text(start))
    parent = widget.getparent()
    while parent is not None and parent.tag in _BLOCKS and parent.tag not in _NEVER:
        parent_size = len(_text(parent))
        if parent_size - size > limit:
            break
        widget, size = parent, parent_size
        parent = widget.getparent()
    return widget


def _signups(page: _Page) -> None:
    for field in page.body.iter("input"):
        kind = (field.get("type") or "").lower()
        names = " ".join(field.get(a) or "" for a in ("name", "id", "placeholder", "aria-label"))
        if kind == "email" or re.search(r"e-?mail", names, re.IGNORECASE):
            form = next((a for a in field.iterancestors("form")), None)
            page.mark(_widget(form if form is not None else field))
    for el in _elements(page.body):
        if el.tag not in _BLOCKS or el.get(DROP) is not None:
            continue
        tokens = _tokens(el)
        if tokens and any(_SIGNUP_NAME.search(t) for t in tokens):
            if len(_text(el)) <= 600:
                page.mark(el)
            continue
        if el.tag in ("p", "div", "aside", "section") and not len(el.findall(".//p")) > 1:
            words = _text(el)
            if len(words) <= 300 and _SIGNUP_TEXT.match(words) and _INBOX_TEXT.search(words):
                page.mark(el)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _standfirsts(page: _Page, description: str | None) -> None:
    summary = _norm(description or "")
    seen: dict[str, list[lxml_html.HtmlElement]] = {}
    for el in _elements(page.body):
        if el.tag not in ("p", "h2", "h3", "div", "span") or el.get(DROP) is not None:
            continue
        if el.tag in ("div", "span") and el.find(".//p") is not None:
            continue
        text = _norm(_text(el))
        if len(text) < 40:
            continue
        seen.setdefault(text, []).append(el)
        in_header = any(a.tag in ("header", "hgroup") for a in el.iterancestors())
        by_name = any(_DECK_NAME.search(t) for t in _tokens(el))
        deck = by_name and len(text) <= 400
        if deck or (text == summary and (in_header or el.tag in _HEADINGS)):
            page.mark(el)
    for group in page.body.iter("hgroup"):  # after its headline, an hgroup holds the deck
        headings = [h for h in group if isinstance(h.tag, str)]
        for el in headings[1:]:
            page.mark(el)
    for same in seen.values():  # a deck repeated as the first paragraph: keep the later one
        outer = [e for e in same if not any(a in same for a in e.iterancestors())]
        for el in outer[:-1]:
            page.mark(el)


def _following_links(heading: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The link-list blocks right after a heading (its siblings, up to the first prose)."""
    found = []
    for sib in heading.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        size = len(_text(sib))
        if size == 0:
            continue
        if _link_share(sib, size) < 0.6:
            break
        found.append(sib)
    return found


def _related(page: _Page) -> None:
    for el in list(_elements(page.body)):
        if el.get(DROP) is not None:
            continue
        if el.tag not in _HEADINGS and el.tag not in _LABELS:
            continue
        words = _text(el)
        if not words or len(words) > 45 or not _RELATED_HEADING.fullmatch(_key(words)):
            continue
        if el.tag in _LABELS and el.find(".//p") is not None:
            continue
        # a label inside its own wrapper (`<div class="title"><h3>Related</h3></div>`)
        heading = el
        while (
            heading.getparent() is not None
            and heading.getparent().tag not in _NEVER
            and len(_text(heading.getparent())) == len(words)
        ):
            heading = heading.getparent()
        links = _following_links(heading)
        box = heading.getparent()
        if box is not None and box.tag in _BLOCKS and box.tag not in _NEVER:
            rest = len(_text(box)) - len(words)
            if rest > 0 and _link_share(box, len(_text(box))) * len(_text(box)) >= 0.6 * rest:
                page.mark(box)
                continue
        if links:
            page.mark(heading)
            for block in links:
                page.mark(block)


def _description(tree: lxml_html.HtmlElement) -> str | None:
    for name in ("og:description", "description", "twitter:description"):
        for meta in tree.iter("meta"):
            if (meta.get("property") or meta.get("name") or "").lower() == name:
                content = meta.get("content")
                if content and content.strip():
                    return content
    return None


_TABLE_PARTS = frozenset(["tbody", "thead", "tfoot", "tr", "td", "th"])
_PROSE_BLOCKS = ".//table|.//p|.//div|.//ul|.//ol|.//h1|.//h2|.//h3|.//form"
LAYOUT_CELL = 400  # characters: a cell this long holds prose, not a figure or a name


def _is_layout(table: lxml_html.HtmlElement) -> bool:
    """A table that lays out the page (its cells hold prose or blocks), not one of data."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    for cell in table.iter("td", "th"):
        if len(_text(cell)) > LAYOUT_CELL:
            return True
        if any(len(_text(b)) > 80 for b in cell.xpath(_PROSE_BLOCKS)):
            return True
    return False


def unwrap_layout_tables(tree: lxml_html.HtmlElement) -> int:
    """Layout tables become plain blocks, so their text is read as paragraphs, not rows."""
    done = 0
    for table in list(tree.iter("table")):
        if table.tag != "table" or not _is_layout(table):
            continue
        own = [
            el
            for el in table.iterdescendants(*_TABLE_PARTS)
            if next(el.iterancestors("table"), None) is table
        ]
        for el in [table, *own]:
            el.tag = "div"
        done += 1
    return done


def mark(tree: lxml_html.HtmlElement) -> int:
    """Mark the page's boilerplate blocks with `DROP`; how many were marked."""
    page = _Page(tree)
    _hidden(page)
    _signups(page)
    _standfirsts(page, _description(tree))
    _related(page)
    return page.marked
