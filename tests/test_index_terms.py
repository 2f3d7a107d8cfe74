"""The index's fast tokeniser gives exactly the shared tokeniser's folded words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
