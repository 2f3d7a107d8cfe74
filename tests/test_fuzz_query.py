"""Fuzzing the search query parser and the search itself with hostile queries.

Whatever is typed, `Index.search` either returns hits or raises `QueryError` (a
`BriefError`): nothing else escapes. Hits are well formed: highlights inside the
text, finite scores, at most `limit` of them, no control characters in what is
shown. Run on an in-memory index and on one stored in a library.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.naughty import ALL
from tui.errors import BriefError
from tui.library import Library
from tui.model import Article
from tui.search import Index, parse
from tui.text import sanitize

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
# the slow variant is sized by `make fuzz`; left small when run without it
SLOW_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PER_QUERY_SECONDS = 5.0  # generous: a shared 2-core machine

FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SLOW = settings(
    max_examples=SLOW_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def art(title: str, outlet: str | None, published: str | None, *paras: str) -> Article:
    return Article.create(
        title=sanitize(title),
        paragraphs=[sanitize(p) for p in paras],
        source_path="fixture",
        outlet=outlet,
        published=published,
    )


CORPUS = [
    art(
        "Dobrindt visits Kabul",
        "DW",
        "2025-03-01",
        "Alexander Dobrindt met officials in Kabul on Monday; l'état d'urgence was lifted.",
        "The talks in Khyber Pakhtunkhwa were about border security and 2,451 fatalities.",
    ),
    art(
        "Hostile [bold] title \x1b]0;pwned\x07",
        "Dawn",
        "2024-06",
        "Text with " + " ".join(ALL) + " and the word emergency.",
        "שלום עולם مرحبا بالعالم 👩\u200d👩\u200d👧\u200d👦 Z̷̨̛̖̰͓a̸̧̛̤l̴̢̛g̶̨̛o̵̧̢ emergency state",
    ),
    art(
        "Weather",
        None,
        None,
        "Heavy rain hit Peshawar and the state of emergency was declared.",
        "x" * 3000,
        "word " * 400,
    ),
]

VOCAB = [
    "dobrindt",
    "kabul",
    "emergency",
    "state",
    "of",
    "the",
    "état",
    "2,451",
    "dobrint",
    "kabl",
    "pakhtunkhwa",
    "x",
    "word",
    "عولم",
    "שלום",
    "zalgo",
    "fatalities",
]
SYNTAX = ['"', "+", "-", "@", "outlet:", "after:", "before:", "since:", "until:", ",", "'", "’"]

piece = st.one_of(
    st.sampled_from(VOCAB),
    st.sampled_from(ALL),
    st.sampled_from(SYNTAX),
    st.tuples(
        st.sampled_from(SYNTAX), st.sampled_from(VOCAB + ["DW", "2025", "2025-13-99", ""])
    ).map("".join),
    st.text(max_size=12),
    st.integers(-(10**30), 10**30).map(str),
    st.text(alphabet="a", min_size=100, max_size=300),
)
queries = st.lists(piece, max_size=25).flatmap(
    lambda parts: st.sampled_from([" ", "", "  ", "\t"]).map(lambda sep: sep.join(parts))
)
limits = st.sampled_from([1, 5, 20, 0, -3])


@pytest.fixture(scope="module")
def memory_index() -> Index:
    return Index.from_articles(CORPUS)


@pytest.fixture(scope="module")
def library_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    from tui.search import update_index

    folder = Path(tmp_path_factory.mktemp("qlib"))
    lib = Library.open(folder)
    with lib.transaction():
        ids = lib.replace_file_articles("fixture", CORPUS)
    update_index(lib, ids, [])
    return Index.load(lib)


def check(index: Index, query: str, limit: int) -> None:
    started = time.perf_counter()
    try:
        hits = index.search(query, limit=limit)
    except BriefError as exc:
        assert not FORBIDDEN.search(str(exc)), repr(str(exc))
        return
    took = time.perf_counter() - started
    assert took < PER_QUERY_SECONDS, f"{query!r} took {took:.1f} s"
    assert len(hits) <= max(limit, 0)
    for hit in hits:
        assert math.isfinite(hit.score)
        assert not FORBIDDEN.search(hit.text) and not FORBIDDEN.search(hit.title)
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.text), (query, hit.highlights)


@FAST
@given(queries)
def test_parse_raises_only_declared_errors(query: str) -> None:
    with contextlib.suppress(BriefError):
        parse(query)


@FAST
@given(queries, limits)
def test_search_memory_index(memory_index: Index, query: str, limit: int) -> None:
    check(memory_index, query, limit)


@FAST
@given(queries)
def test_search_library_index(library_index: Index, query: str) -> None:
    check(library_index, query, 10)


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        '"',
        '""',
        '"""',
        "-",
        "+",
        "@",
        '@""',
        "outlet:",
        'outlet:""',
        "outlet:,,,",
        "after:",
        "after:9999999999999999999",
        "after:\x1b]52;c;ZXZpbA==\x07",
        "before:\x9b31m2025",
        "before:2025-02-30",
        "\x1b]52;c;ZXZpbA==\x07",
        "\x9b31m kabul",
        "[bold]kabul[/]",
        "kabul " * 500,
        "a" * 10000,
        "-" * 1000,
        '"' + "the " * 300 + '"',
        "\u202eluba\u202c",
        "\x00",
        "👩\u200d👩\u200d👧\u200d👦",
        "k" + "\u0301" * 500,
    ],
    ids=lambda q: ascii(q)[:30],
)
def test_named_hostile_queries(memory_index: Index, library_index: Index, query: str) -> None:
    check(memory_index, query, 20)
    check(library_index, query, 20)


@pytest.mark.slow
@SLOW
@given(queries, limits)
def test_search_memory_index_long(memory_index: Index, query: str, limit: int) -> None:
    check(memory_index, query, limit)
