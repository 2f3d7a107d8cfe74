"""A web page added by URL: fetched once, read with the file readers (HTML reader for
pages), stored like a file under the key `page:URL`."""

from __future__ import annotations

from tui import text
from tui.feeds.discover import feed_links
from tui.library import Library
from tui.model import Article


def store_page(
    lib: Library, url: str, body: bytes, charset: str | None, *, analyse_entities: bool = True
) -> tuple[list[Article], list[str], int]:
    """Read a fetched page into the library: (its articles, the feeds it links to,
    how many of the articles were new). Raises InputError when it holds no article."""
    from tui.ingest import read_bytes
    from tui.pipeline import index_changes, store_held

    decoded = text.decode(body, text.declared_charset(body) or charset)
    articles = read_bytes(decoded.encode("utf-8"), url)
    key = f"page:{url}"
    with lib.transaction():
        items = [(f"{key}#{i}" if i else key, art) for i, art in enumerate(articles)]
        added, removed = store_held(lib, items, analyse_entities=analyse_entities)
    index_changes(lib, added, removed)
    return articles, feed_links(decoded, url), len(added)
