"""Property tests for the sanitiser: nothing a terminal obeys survives, visible text does."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.naughty import ALL
from tui import text

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(ALL), st.text(max_size=20), st.characters(max_codepoint=0x9F).map(str)
    ),
    max_size=30,
).map("".join)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(hostile_text)
def test_sanitize_leaves_no_control_bytes_and_is_idempotent(raw: str) -> None:
    once = text.sanitize(raw)
    assert not FORBIDDEN.search(once)
    assert text.sanitize(once) == once


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=["Cc", "Cs"],
            blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        )
    )
)
def test_sanitize_keeps_printable_text(raw: str) -> None:
    import unicodedata

    assert text.sanitize(raw) == unicodedata.normalize("NFC", raw)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=512))
def test_decode_never_fails_and_never_drops_bytes_silently(data: bytes) -> None:
    out = text.decode(data)
    assert isinstance(out, str)
    boms = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
    if data and data not in boms and not data.startswith(b"\xff\xfe\x00\x00") and not out:
        raise AssertionError("non-empty bytes decoded to nothing")


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_text)
def test_sentence_split_keeps_every_character(raw: str) -> None:
    clean = " ".join(text.sanitize(raw).split())
    joined = " ".join(text.split_sentences(clean))
    assert joined.replace(" ", "") == clean.replace(" ", "")
