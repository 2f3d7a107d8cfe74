"""The one tokeniser: `tokens` defines a word; every fast path gives exactly what it gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.search.terms import index_terms
from tui.text import tokens, word_spans, words

# Text rich in what tokenisers get wrong: apostrophes of both kinds, hyphens,
# underscores, digits, accents, case, non-Latin letters, combining marks.
PIECES = st.sampled_from(
    [
        "colony's",
        "far-right",
        "l’État",
        "rock'n'roll",
        "'quoted'",
        "don''t",
        "x_y",
        "ÅNG",
        "straße",
        "ﬁne",
        "Ⅻ",
        "東京",
        "e\u0301",
        "2025",
        "3.5",
        " ",
        "\n",
        "-",
        "'",
        "’",
        "_",
    ]
)
TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=80),
    st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=20).map("".join),
)


def defined(text: str) -> list[str]:
    return [folded for folded, _, _ in tokens(text)]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_words_equal_the_definition(text: str) -> None:
    assert words(text) == defined(text)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_word_spans_equal_the_definition(text: str) -> None:
    assert word_spans(text) == list(tokens(text))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_index_terms_are_the_shared_words(text: str) -> None:
    assert index_terms(text) == defined(text)


def test_words_seen_before_fold_the_same() -> None:
    # the non-ASCII path keeps a cache of folded words: a second pass reads it
    text = "Zürich’s CAFÉ owners met Łukasz in São Paulo"
    assert words(text) == words(text) == defined(text)
    assert words(text)[:3] == ["zurich’s", "cafe", "owners"]


def test_possessives_and_hyphens_as_a_reader_types_them() -> None:
    assert words("The colony's far-right mayor") == ["the", "colony's", "far", "right", "mayor"]
    assert word_spans("far-right")[1] == ("right", 4, 9)
