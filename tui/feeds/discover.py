"""The feeds a web page says it has: `<link rel="alternate" type="application/rss+xml">`."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.done = True
        if self.done or tag != "link":
            return
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        rels = a.get("rel", "").lower().split()
        kind = a.get("type", "").lower()
        if "alternate" in rels and kind in FEED_TYPES and a.get("href"):
            self.found.append((FEED_TYPES.index(kind), a["href"]))


def feed_links(page: str, base: str) -> list[str]:
    """Absolute http(s) feed URLs the page's head links to, RSS and Atom first."""
    parser = _Links()
    try:
        parser.feed(page[: 512 * 1024])
        parser.close()
    except Exception:  # noqa: BLE001 - a page that does not parse links to nothing
        return []
    out: list[str] = []
    for _, href in sorted(parser.found, key=lambda f: f[0]):
        url = urljoin(base, href)
        if urlsplit(url).scheme in ("http", "https") and url not in out:
            out.append(url)
    from tui.text import clean_line

    return [clean_line(u) for u in out[:5]]
