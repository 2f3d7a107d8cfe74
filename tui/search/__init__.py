"""Search over every passage: typo-tolerant, ranked, highlighted, instant.

The query language is described once, in `tui.search.query.QUERY_SYNTAX` (shown
by `brief search --help` and on the app's search screen); the matching rules are
`tui.search.engine._Rule`.

The index is built at ingest (`update_index`) and stored in the library as
append-only segments of postings; `Index.load(lib)` reads only per-passage
arrays and the vocabulary, postings are fetched per query word.
"""

from __future__ import annotations

from tui.errors import QueryError
from tui.search.engine import EmptyIndexError, Hit, Index
from tui.search.query import QUERY_SYNTAX, Query, parse
from tui.search.store import sync_index, update_index

__all__ = [
    "EmptyIndexError",
    "Hit",
    "Index",
    "QUERY_SYNTAX",
    "Query",
    "QueryError",
    "parse",
    "sync_index",
    "update_index",
]
