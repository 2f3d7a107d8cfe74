"""Parts of the stored index: the fast tokeniser gives exactly the shared tokeniser's
folded words; passages' term ids are stored compactly and read back unchanged."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.search.source import decode_tids, encode_passages
from tui.search.terms import index_terms
from tui.text import tokens


def shared(text: str) -> list[str]:
    return [folded for folded, _, _ in tokens(text)]


def test_accents_case_and_apostrophes() -> None:
    text = "Zürich’s CAFÉ owners met Łukasz in São Paulo; Straße ½ ﬁne Ⅻ ΣΟΦΊΑ 東京"
    assert index_terms(text) == shared(text)
    assert index_terms(text)[:3] == ["zurich’s", "cafe", "owners"]


def test_the_same_word_twice_folds_the_same() -> None:
    assert index_terms("Ångström and ångström") == ["angstrom", "and", "angstrom"]
    assert index_terms("ÅNGSTRÖM") == ["angstrom"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_equal_to_the_shared_tokeniser_on_any_text(text: str) -> None:
    assert index_terms(text) == shared(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 70000), max_size=12), max_size=8)
)
def test_passages_term_ids_round_trip(passages: list[list[int]]) -> None:
    tids = np.asarray([t for p in passages for t in p], dtype=np.uint32)
    lengths = np.asarray([len(p) for p in passages], dtype=np.int64)
    encoded = encode_passages(tids, lengths)
    assert [decode_tids(e).tolist() for e in encoded] == passages
    # two bytes a term where every id fits
    assert all(
        len(e) == 1 + 2 * len(p)
        for e, p in zip(encoded, passages, strict=True)
        if max(p, default=0) < 65536
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9' .,-_’\t\n\"", max_size=40))
def test_equal_to_the_shared_tokeniser_on_apostrophes_and_punctuation(text: str) -> None:
    assert index_terms(text) == shared(text)
