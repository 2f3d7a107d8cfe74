"""Property tests for the readers: any bytes give articles or one InputError, never a crash,
and nothing that comes out carries a control character."""

from __future__ import annotations

import json
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.naughty import ALL
from tui.errors import InputError
from tui.ingest import read_bytes

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NAMES = ["x.txt", "x.md", "x.html", "x.rss", "x.json", "x.jsonl", "x"]

pieces = st.one_of(
    st.sampled_from(ALL),
    st.sampled_from(
        [
            "\n",
            "\n\n",
            "2 hours ago\n",
            "- Brask Herald\n",
            "Title – Brask Herald – 08/14/2025\n",
            "Related Articles\n",
            "Your browser does not support the video tag.",
            "<p>",
            "</p>",
            "<div>",
            "<?xml version='1.0'?>",
            "<rss><channel><item><title>",
            "</title><description>",
            "---\ntitle: x\n---\n",
            "# Head\n",
            '{"title": "t", "text": "',
            '"}',
            "[",
            "]",
            "The council met on Monday. ",
            '"Quote. More," she said. ',
        ]
    ),
    st.text(max_size=30),
)
documents = st.lists(pieces, max_size=40).map("".join)


def check(data: bytes, name: str) -> None:
    try:
        articles = read_bytes(data, name)
    except InputError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert articles
    for art in articles:
        assert art.title and art.paragraphs
        for s in (art.title, art.outlet, art.published, art.url, art.source_path, *art.paragraphs):
            if s is not None:
                assert not FORBIDDEN.search(s), repr(s)
                assert s == s.strip()
        assert art.published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", art.published)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents, st.sampled_from(NAMES))
def test_any_text_reads_or_fails_cleanly(doc: str, name: str) -> None:
    check(doc.encode("utf-8", "surrogatepass"), name)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=600), st.sampled_from(NAMES))
def test_any_bytes_read_or_fail_cleanly(data: bytes, name: str) -> None:
    check(data, name)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(max_size=40),
            st.text(st.characters(blacklist_categories=()), max_size=20),  # lone surrogates too
        ),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(
                st.sampled_from(
                    ["title", "text", "body", "content", "url", "date", "source", "articles", "x"]
                ),
                children,
                max_size=5,
            ),
        ),
        max_leaves=20,
    )
)
def test_any_json_reads_or_fails_cleanly(value: object) -> None:
    check(json.dumps(value).encode(), "x.json")
