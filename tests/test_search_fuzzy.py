"""Typo matching over a large vocabulary: the q-gram filter never loses a term
within the allowed edits, whatever the word's letters and length."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz.distance import OSA

from tui.model import Article
from tui.search import Index
from tui.search.engine import _Grams


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    letters = "abcdeéfghijklmnopqrstuvwxyzß"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(n)}
    words |= {"kabul", "kabuls", "kbul", "kabal", "москва", "москве", "東京都"}
    return sorted(words, key=len)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + "x" + word[i + 1 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        return word[:i] + "q" + word[i:]
    return word[:i] + word[i + 1 : i + 2] + word[i] + word[i + 2 :]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidates_hold_every_term_within_the_edits(seed: int) -> None:
    rng = random.Random(seed)
    terms = _vocabulary(rng, 4000)
    lens = np.asarray([len(t) for t in terms], dtype=np.int32)
    grams = _Grams(terms, lens)
    words = [_typo(rng.choice(terms), rng) for _ in range(150)]
    words += ["kabul", "kbaul", "москвы", "東京", "zzzzzzzzzzzz", "ñandú"]
    for word in words:
        for edits in (1, 2):
            lo, hi = (
                int(x) for x in np.searchsorted(lens, [len(word) - edits, len(word) + edits + 1])
            )
            within = {k for k in range(lo, hi) if OSA.distance(word, terms[k]) <= edits}
            found = grams.candidates(word, edits, lo, hi)
            assert within <= set(found.tolist()), (word, edits)
            assert all(lo <= k < hi for k in found.tolist())


def test_filter_rules_out_most_of_a_large_vocabulary() -> None:
    rng = random.Random(4)
    terms = _vocabulary(rng, 20000)
    lens = np.asarray([len(t) for t in terms], dtype=np.int32)
    grams = _Grams(terms, lens)
    word = "kabulistanx"
    lo, hi = (int(x) for x in np.searchsorted(lens, [len(word) - 2, len(word) + 3]))
    found = grams.candidates(word, 2, lo, hi)
    assert found.size < (hi - lo) / 20


def test_empty_vocabulary() -> None:
    grams = _Grams([], np.zeros(0, dtype=np.int32))
    assert grams.candidates("kabul", 1, 0, 0).size == 0


def test_typos_found_in_a_large_index() -> None:
    rng = random.Random(5)
    fillers = _vocabulary(rng, 3000)
    paras = [" ".join(rng.sample(fillers, 12)) for _ in range(300)]
    paras.append("The envoy met Dobrindt in Kabul before the Pakhtunkhwa talks.")
    ix = Index.from_articles([Article.create(title="t", paragraphs=paras, source_path="p")])
    for query in ("dobrint kabul", "Pakhtnkwha envoy", "kabull dobrindt"):
        hits = ix.search(query, limit=3)
        assert hits and "Dobrindt" in hits[0].text, query


def test_second_try_also_forgives_a_known_short_word() -> None:
    # "cia" is a word of the index, but not of the passage meant ("cias", one
    # letter dropped): nothing has both words, so the second try forgives it
    ix = Index.from_articles(
        [
            Article.create(title="a", paragraphs=["The cias met zorblat."], source_path="a"),
            Article.create(title="b", paragraphs=["A cia report."], source_path="b"),
        ]
    )
    hits = ix.search("cia zorblat ", limit=3)
    assert [h.text for h in hits] == ["The cias met zorblat."]


def test_typo_found_among_many_neighbours() -> None:
    # the word meant is the rarest of more than MAX_POSTED words one edit away
    from tui.search.engine import MAX_POSTED

    letters = "abcdefghijklmnopqrstuvwxyz"
    neighbours = [f"kab{c}yl" for c in letters if c != "x"]
    neighbours += [f"kabx{c}l" for c in letters if c not in "ya"]
    assert len(neighbours) > MAX_POSTED  # each one edit from "kabxyl"
    paras = [" ".join(neighbours) for _ in range(5)]
    paras.append("The envoy reached kabxal with quillfeather.")
    ix = Index.from_articles([Article.create(title="t", paragraphs=paras, source_path="p")])
    hits = ix.search("quillfeather kabxyl ", limit=3)
    assert hits and "kabxal" in hits[0].text


def test_popcount_without_numpy_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.search import engine

    x = np.asarray([0, 1, 3, 2**64 - 1, 0b1011 << 40], dtype=np.uint64)
    want = [0, 1, 2, 64, 3]
    assert engine._popcount(x).tolist() == want
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    assert engine._popcount(x).tolist() == want


@pytest.mark.parametrize(
    "query",
    [
        "quillfeather dobrint",
        "dobrint quillfeather",
        "quillfeather kabul envoy",
        "kbul quil",
        "kabul quilfe",  # the word being typed, with a typo
        "quillfeather dobirn",
    ],
)
def test_words_matched_in_candidates_equal_expanded_words(query: str) -> None:
    # a word matched in a few candidates' own words (not expanded over the
    # vocabulary) ranks the passages as its expansion would
    from tui.search import engine

    rng = random.Random(6)
    fillers = _vocabulary(rng, 500)
    paras = [" ".join(rng.sample(fillers, 10)) for _ in range(50)]
    paras += [
        "The envoy met Dobrindt in Kabul with quillfeather.",
        "Quillfeather and Dobrindts dined; kabul was far.",
        "Dobrindt quillfeathers Kabul envoy.",
        "quillfeather alone.",
    ]
    ix = Index.from_articles([Article.create(title="t", paragraphs=paras, source_path="p")])
    lazy = [(h.paragraph, h.score) for h in ix.search(query, limit=10)]

    def expanded(self, cand, term, relax):
        group = self._group(term, relax)
        return group, self._narrow(cand, group)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine.Index, "_narrow_by_words", expanded)
        assert [(h.paragraph, h.score) for h in ix.search(query, limit=10)] == lazy
    assert lazy


def test_built_in_chunks_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.search import engine

    rng = random.Random(7)
    terms = _vocabulary(rng, 500)
    lens = np.asarray([len(t) for t in terms], dtype=np.int32)
    whole = _Grams(terms, lens)
    monkeypatch.setattr(engine, "BUILD_CHUNK", 7)
    chunked = _Grams(terms, lens)
    assert np.array_equal(whole.keys, chunked.keys) and np.array_equal(whole.codes, chunked.codes)
    assert np.array_equal(whole.masks, chunked.masks)


def test_member_is_isin() -> None:
    from tui.search.engine import _member

    rng = np.random.default_rng(8)
    for size in (0, 1, 5, 300):
        values = rng.integers(0, 50, 200).astype(np.uint32)
        allowed = rng.integers(0, 50, size).astype(np.uint32)
        assert np.array_equal(_member(values, allowed), np.isin(values, allowed))
    assert _member(np.zeros(0, dtype=np.uint32), np.arange(3, dtype=np.uint32)).size == 0


def test_prefix_keeps_the_most_frequent_terms() -> None:
    from tui.search.engine import MAX_PREFIX

    words = [f"kab{i:03d}x" for i in range(MAX_PREFIX + 20)]
    paras = [" ".join(words[: i + 1]) for i in range(len(words))]  # word i in n - i passages
    ix = Index.from_articles([Article.create(title="t", paragraphs=paras, source_path="p")])
    found = [ix.src.vocab.terms[t] for t in ix._prefixed("kab")]
    assert found == words[:MAX_PREFIX]
    assert ix._prefixed("kab01") == [ix.src.vocab.tid_of[w] for w in words[10:20]]


@pytest.mark.parametrize("query", ["kabul", "kbaul dobrint", "quilfeather kab", "dobrn", "zzzq"])
def test_scanning_the_vocabulary_finds_what_its_tables_find(
    query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a one-query process scans the vocabulary; a session builds sorted terms and
    # q-grams after a few queries: the hits are the same
    from tui.search import engine

    rng = random.Random(9)
    fillers = _vocabulary(rng, 800)
    paras = [" ".join(rng.sample(fillers, 12)) for _ in range(80)]
    paras += ["Dobrindt met quillfeather in Kabul.", "Kabuls and kbaul, dobrindts."]
    arts = [Article.create(title="t", paragraphs=paras, source_path="p")]
    scanned = Index.from_articles(arts)
    monkeypatch.setattr(engine, "SCANS_BEFORE_TABLES", -1)
    tabled = Index.from_articles(arts)
    hits = [(h.paragraph, h.score, h.highlights) for h in tabled.search(query)]
    assert tabled._grams is not None or tabled._sorted_terms is not None
    monkeypatch.setattr(engine, "SCANS_BEFORE_TABLES", 10**6)
    assert [(h.paragraph, h.score, h.highlights) for h in scanned.search(query)] == hits
    assert scanned._grams is None and scanned._sorted_terms is None


def test_vocabulary_scans_find_every_term_they_should() -> None:
    from tui.search import engine

    rng = random.Random(10)
    words = _vocabulary(rng, 600) + ["colony's", "l’etat", "o'neill's", "x'y", "d'", "dd"]
    ix = Index.from_articles(
        [Article.create(title="t", paragraphs=[" ".join(words)], source_path="p")]
    )
    terms = ix.src.vocab.terms
    for letter in "adlxзм東":
        ids, found = ix._initial(letter)
        want = [i for i, t in enumerate(terms) if t.startswith(letter)]
        assert ids.tolist() == want and found == [terms[i] for i in want]
    ids, found = ix._lines(engine._APOSTROPHE, 0)
    joined = [i for i, t in enumerate(terms) if "'" in t or "’" in t]
    assert ids.tolist() == joined and found == [terms[i] for i in joined]
    parts, _ordered = ix._apostrophes()
    assert parts["colony"] == [terms.index("colony's")]
    assert parts["etat"] == [terms.index("l’etat")]
