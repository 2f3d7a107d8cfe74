"""Article metadata shared by the readers: front matter, common field names, titles."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass

from tui import text
from tui.ingest.dates import DATE_PATTERN, normalize_date
from tui.model import Article

TITLE_KEYS = ("title", "headline", "name", "heading")
BODY_KEYS = (
    "text",
    "body",
    "content",
    "article",
    "full_text",
    "fulltext",
    "article_text",
    "maintext",
)
SUMMARY_KEYS = ("description", "summary", "abstract", "lead", "excerpt")
URL_KEYS = ("url", "link", "canonical", "canonical_url", "permalink", "href")
DATE_KEYS = (
    "published",
    "date",
    "published_at",
    "publishedat",
    "pubdate",
    "date_published",
    "datepublished",
    "publication_date",
    "created_at",
    "created",
    "datetime",
    "time",
    "updated",
)
OUTLET_KEYS = (
    "outlet",
    "source",
    "publisher",
    "site_name",
    "sitename",
    "site",
    "source_name",
    "domain",
)


@dataclass
class Meta:
    """Metadata a file states about its (first) article."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,200}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")


def clean_or_none(value: object, limit: int = 500) -> str | None:
    """A sanitised one-line string (tags and HTML entities resolved), or None when empty."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    s = text.sanitize(text.control_refs_to_chars(str(value)[: limit * 4]))
    if "<" in s:
        s = _TAG.sub(" ", s)
    if "&" in s and _ENTITY.search(s):
        s = html.unescape(s)
    s = text.clean_line(s)[:limit]
    return s or None


def clean_url(value: object) -> str | None:
    """A URL that looks like one (scheme://host...), sanitised; else None."""
    s = clean_or_none(value, 2000)
    if s and re.match(r"(?i)https?://\S+$", s):
        return s
    return None


def pick(record: dict[str, object], keys: tuple[str, ...]) -> object:
    """The first non-empty value among `keys` (case-insensitive) in a record."""
    lowered = {str(k).casefold(): v for k, v in record.items()}
    for k in keys:
        v = lowered.get(k)
        if v not in (None, "", [], {}):
            return v
    return None


def meta_from_record(record: dict[str, object]) -> Meta:
    """Title, outlet, date and url from a record with common field names."""
    outlet = pick(record, OUTLET_KEYS)
    if isinstance(outlet, dict):
        outlet = pick(outlet, ("name", "title", "id"))
    return Meta(
        title=clean_or_none(pick(record, TITLE_KEYS)),
        outlet=clean_or_none(outlet, 120),
        published=normalize_date(pick(record, DATE_KEYS)),
        url=clean_url(pick(record, URL_KEYS)),
    )


_FRONT = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"([A-Za-z_][\w-]*)\s*[:=]\s*(.*)")


def split_front_matter(doc: str) -> tuple[Meta, str]:
    """YAML-ish front matter (`key: value` lines between `---`) and the rest."""
    m = _FRONT.match(doc)
    if not m:
        return Meta(), doc
    record: dict[str, object] = {}
    for line in m.group(2).split("\n"):
        f = _FIELD.match(line.strip())
        if f and f.group(2).strip():
            value = f.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            record.setdefault(f.group(1).casefold(), value)
    return meta_from_record(record), doc[m.end() :]


_SEP = r"\s+[–—|-]\s+"
TITLE_OUTLET_DATE = re.compile(
    rf"(?P<title>.+?){_SEP}(?P<outlet>[^–—|]{{1,50}}?){_SEP}(?P<date>{DATE_PATTERN})"
)
TITLE_DATE = re.compile(rf"(?P<title>.+?){_SEP}(?P<date>{DATE_PATTERN})")


def split_title(line: str, outlets: Collection[str] = ()) -> tuple[str, str | None, str | None]:
    """A title line without its `– OUTLET – DATE` (or `| OUTLET` for a known outlet) suffix.

    Returns (title, outlet, published); outlet and date are None when absent.
    """
    if len(line) > 400:
        return line, None, None
    m = TITLE_OUTLET_DATE.fullmatch(line)
    if m:
        return m["title"].strip(), m["outlet"].strip(), normalize_date(m["date"])
    m = TITLE_DATE.fullmatch(line)
    if m:
        return m["title"].strip(), None, normalize_date(m["date"])
    for outlet in outlets:
        m = re.fullmatch(rf"(?P<title>.+?){_SEP}{re.escape(outlet)}", line, re.IGNORECASE)
        if m:
            return m["title"].strip(), outlet, None
    return line, None, None


def has_title_suffix(line: str) -> bool:
    return len(line) <= 400 and line[-1:].isdigit() and bool(TITLE_OUTLET_DATE.fullmatch(line))


_ALNUM = re.compile(r"[^\W_]")


def make_article(
    *,
    title: str | None,
    paragraphs: list[str],
    source_path: str,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Article | None:
    """The one way readers build an article: paragraphs without a letter or digit are
    dropped, a missing title comes from the body; None when no text is left."""
    kept = [p for p in paragraphs if _ALNUM.search(p)]
    if not kept:
        return None
    clean_title = clean_or_none(title)
    if clean_title:  # `Title – Outlet – 08/14/2025` wherever it comes from
        clean_title, suffix_outlet, suffix_date = split_title(
            clean_title, [outlet] if outlet else []
        )
        outlet = outlet or suffix_outlet
        published = published or suffix_date
    return Article.create(
        title=clean_title or fallback_title(kept) or "Untitled",
        paragraphs=kept,
        source_path=source_path,
        outlet=outlet,
        published=published,
        url=url,
    )


def fallback_title(paragraphs: list[str]) -> str:
    """A title for an article that has none: its first sentence, shortened."""
    first = text.split_sentences(paragraphs[0])[0] if paragraphs else ""
    if len(first) <= 120:
        return first.rstrip(".")
    cut = first[:100].rsplit(" ", 1)[0]
    return cut + "…"
