"""Search over every passage: typo-tolerant, ranked, highlighted, instant.

Query syntax (`brief search --help` says the same):

    dobrint kabul          every word must match; typos are forgiven (one from
                           4 letters, two from 8) and the last word is also a
                           prefix while typing (no trailing space)
    "state of emergency"   these words, in this order
    +kabul                 this word exactly (no typos, no prefix)
    -cricket -"world cup"  leave out passages with these
    @Dobrindt  @"Safdar Sial"      passages mentioning the entity, by any alias
    outlet:DW  outlet:"Deutsche Welle"  outlet:DW,Dawn
    after:2025-01-01 before:2025-12-31  inclusive; YYYY or YYYY-MM cover the period

Ranking: BM25 over passages, exact matches over prefixes over typos, words
close together over words far apart, and a bonus for words in the title.

The index is built at ingest (`update_index`) and stored in the library as
append-only segments of postings; `Index.load(lib)` reads only per-passage
arrays and the vocabulary, postings are fetched per query word.
"""

from __future__ import annotations

from tui.errors import QueryError
from tui.search.engine import EmptyIndexError, Hit, Index
from tui.search.query import Query, parse
from tui.search.store import sync_index, update_index

__all__ = [
    "EmptyIndexError",
    "Hit",
    "Index",
    "Query",
    "QueryError",
    "parse",
    "sync_index",
    "update_index",
]
