"""Feed entries into articles: teaser detection and full text read from the linked page.

An entry whose body is short or visibly cut ("…", "Read more") is a teaser;
with `full_text = auto` its link is fetched and read with the HTML reader,
keeping the feed's title, date, outlet and link. A headline-only entry
becomes an article whose one paragraph is its headline.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from tui.feeds.parse import Entry
from tui.ingest import htmltext
from tui.ingest.meta import make_article
from tui.model import Article

FULL_TEXT_MODES = ("auto", "always", "never")
TEASER_CHARS = 500  # bodies shorter than this (in text) are teasers
_CUT = re.compile(
    r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\W{0,3}$"
    r"|\b(?:read more|continue reading|read the (?:full|whole) (?:story|article)|full story)\W{0,6}$",
    re.IGNORECASE,
)


def digest(entry: Entry) -> str:
    """What identifies an entry's content: changes when any field the article shows does."""
    parts = (
        entry.title or "",
        entry.link or "",
        entry.published or "",
        entry.body,
        entry.outlet or "",
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


@lru_cache(maxsize=256)
def _lines(body: str) -> tuple[str, ...]:
    """The body's lines of text: its HTML read once for both the teaser test and the
    article (the cache is shared by the threads that fetch)."""
    return tuple(htmltext.to_paragraphs(body)) if body.strip() else ()


def body_paragraphs(entry: Entry) -> list[str]:
    """The entry's own text as paragraphs, furniture ("Read more") removed."""
    from tui.ingest.feed import paragraphs_of_lines

    return paragraphs_of_lines(_lines(entry.body))


def is_teaser(entry: Entry) -> bool:
    """Only a headline, a short summary, or a body cut off with … or "Read more"."""
    lines = _lines(entry.body)
    if sum(len(line) for line in lines) < TEASER_CHARS:
        return True
    return bool(_CUT.search(lines[-1][-80:]))


def wants_full_text(entry: Entry, mode: str) -> bool:
    """Whether the entry's link should be fetched for its full text."""
    if not entry.link or mode == "never":
        return False
    return mode == "always" or is_teaser(entry)


def page_paragraphs(page: str, url: str) -> list[str]:
    """The article text of a fetched page (the HTML reader's paragraphs), or []."""
    from tui.ingest import html

    try:
        articles = html.read(page, url)
    except Exception:  # noqa: BLE001 - a page the reader cannot read leaves the teaser
        return []
    return list(articles[0].paragraphs) if articles else []


def to_article(
    entry: Entry, feed_title: str | None, source: str, full: list[str] | None = None
) -> Article | None:
    """The entry as an article: the full text when read and longer, else its own body,
    else its headline alone. None for an entry with neither text nor title."""
    own = body_paragraphs(entry)
    paragraphs = own
    if full and sum(map(len, full)) > sum(map(len, own)):
        paragraphs = full
    if not paragraphs and entry.title:
        paragraphs = [entry.title]
    return make_article(
        title=entry.title,
        paragraphs=paragraphs,
        source_path=source,
        outlet=entry.outlet or feed_title,
        published=entry.published,
        url=entry.link,
    )
