"""Search: query features, ranking on hand-made corpora, highlights, odd text, errors."""

from __future__ import annotations

import pytest

from tui.model import Article
from tui.search import EmptyIndexError, Index, QueryError, parse


def art(title: str, *paras: str, outlet: str | None = None, published: str | None = None):
    return Article.create(
        title=title, paragraphs=list(paras), source_path=title, outlet=outlet, published=published
    )


CORPUS = [
    art(
        "Dobrindt visits Kabul",
        "Alexander Dobrindt met officials in Kabul on Monday.",
        "The talks in Khyber Pakhtunkhwa were about border security.",
        outlet="DW",
        published="2025-03-01",
    ),
    art(
        "Cricket news",
        "Pakistan won the cricket match in Lahore on Sunday.",
        "Dobrindt was not there; Kabul stayed calm during the match.",
        outlet="Dawn",
        published="2024-06-15",
    ),
    art(
        "Weather",
        "Heavy rain hit Peshawar and the state of emergency was declared.",
        "Officials said the emergency state would last a week.",
        outlet="DW",
        published="2025-11-30",
    ),
]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.from_articles(CORPUS)


def keys(hits):
    return [(h.title, h.paragraph) for h in hits]


def marked(hit):
    return [hit.text[s:e] for s, e in hit.highlights]


# --- query features ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kabul", {("Dobrindt visits Kabul", 0), ("Cricket news", 1)}),
        ("dobrindt kabul", {("Dobrindt visits Kabul", 0), ("Cricket news", 1)}),
        ("Dobrint", {("Dobrindt visits Kabul", 0), ("Cricket news", 1)}),  # one typo
        ("Khyber Pakhtunkwa", {("Dobrindt visits Kabul", 1)}),  # typo in a long word
        ("Pakhtnkwha", {("Dobrindt visits Kabul", 1)}),  # two typos from 8 letters
        ("kab", {("Dobrindt visits Kabul", 0), ("Cricket news", 1)}),  # prefix while typing
        ("peshaw", {("Weather", 0)}),
        ('"state of emergency"', {("Weather", 0)}),  # phrase, not the reversed words
        ("kabul -cricket -match", {("Dobrindt visits Kabul", 0)}),
        ('emergency -"state of emergency"', {("Weather", 1)}),
        ("outlet:dawn kabul", {("Cricket news", 1)}),
        ("outlet:DW,Dawn kabul", {("Dobrindt visits Kabul", 0), ("Cricket news", 1)}),
        ("after:2025-01-01 kabul", {("Dobrindt visits Kabul", 0)}),
        ("before:2024 kabul", {("Cricket news", 1)}),
        ("after:2025-11 before:2025-11 emergency", {("Weather", 0), ("Weather", 1)}),
        ("+kabul", {("Dobrindt visits Kabul", 0), ("Cricket news", 1)}),
        ("outlet:Dawn", {("Cricket news", 0), ("Cricket news", 1)}),  # a filter alone
    ],
)
def test_query_features(index: Index, query: str, expected: set) -> None:
    assert set(keys(index.search(query))) == expected


def test_prefix_only_for_the_last_word_while_typing(index: Index) -> None:
    assert index.search("kab ") == []  # a finished word is not a prefix
    assert index.search("kab kabul") == []  # only the last word is a prefix
    assert index.search("+kabu") == []  # +word is exact


def test_short_words_get_typos_only_as_a_second_try() -> None:
    ix = Index.from_articles([art("won", "They won."), art("wan", "A wan smile.")])
    assert [h.title for h in ix.search("wan ")] == ["wan"]  # three letters: exact first
    assert {h.title for h in ix.search("wun ")} == {"won", "wan"}  # nothing exact: relaxed


def test_typos_grow_with_length(index: Index) -> None:
    assert index.search("Lahroe ")  # transposition: one edit
    assert not index.search("Lxhxxe ")  # three edits in six letters: too many, even relaxed
    assert index.search("Pakistann ")


def test_all_words_must_match(index: Index) -> None:
    assert index.search("kabul peshawar") == []


def test_parse_filters_and_errors() -> None:
    q = parse('@"Safdar Sial" outlet:"Deutsche Welle" after:2025 before:2025-12-31 -x "a b" y')
    assert q.entities == ["safdar sial"]
    assert q.outlets == ["deutsche welle"]
    assert (q.after, q.before) == ("2025", "2025-12-31")
    assert q.excluded == [["x"]]
    assert q.phrases == [["a", "b"]]
    assert [t.text for t in q.terms] == ["y"] and q.terms[0].prefix
    with pytest.raises(QueryError):
        parse("after:yesterday kabul")


@pytest.mark.parametrize("query", ["the of and", "!!! ... ???", "-kabul", '"the"', "— – …"])
def test_stop_words_or_punctuation_only_is_a_clear_error(index: Index, query: str) -> None:
    with pytest.raises(QueryError, match="nothing to search"):
        index.search(query)


def test_empty_query_gives_nothing(index: Index) -> None:
    assert index.search("") == []
    assert index.search("   ") == []


def test_stop_words_are_dropped_when_other_words_remain(index: Index) -> None:
    assert keys(index.search("the rain in Peshawar")) == [("Weather", 0)]


def test_empty_index_says_so() -> None:
    with pytest.raises(EmptyIndexError, match="no passages"):
        Index.from_articles([]).search("kabul")


# --- ranking ------------------------------------------------------------------------


def test_exact_beats_fuzzy() -> None:
    ix = Index.from_articles(
        [
            art("a", "The harbour master spoke about boats."),
            art("b", "The harbor master spoke about boats."),
        ]
    )
    assert [h.title for h in ix.search("harbor ")] == ["b", "a"]
    assert [h.title for h in ix.search("harbour ")] == ["a", "b"]


def test_rare_words_weigh_more() -> None:
    filler = [art(f"f{i}", f"The budget was discussed again, number {i}.") for i in range(20)]
    ix = Index.from_articles(
        [
            *filler,
            art("common", "The budget budget budget was discussed at the senate."),
            art("rare", "The budget for Zanzibar was discussed."),
        ]
    )
    assert ix.search("budget zanzibar")[0].title == "rare"
    assert ix.search("zanzibar")[0].title == "rare"


def test_close_words_beat_far_words() -> None:
    far = "Reform " + " ".join(f"w{i}" for i in range(30)) + " pension."
    near = "The pension reform " + " ".join(f"w{i}" for i in range(29)) + "."
    ix = Index.from_articles([art("far", far), art("near", near)])
    assert [h.title for h in ix.search("pension reform ")] == ["near", "far"]


def test_title_hits_count() -> None:
    ix = Index.from_articles(
        [
            art("Floods in the valley", "The river rose overnight in the valley."),
            art("Markets", "The river rose overnight near the valley."),
        ]
    )
    assert ix.search("river valley ")[0].title == "Floods in the valley"


def test_prefix_and_exact_rank_above_typo() -> None:
    ix = Index.from_articles([art("typo", "A minster spoke."), art("exact", "A minister spoke.")])
    assert ix.search("minister ")[0].title == "exact"


# --- highlights and text ----------------------------------------------------------------


def test_highlights_land_on_the_matched_words(index: Index) -> None:
    hit = index.search("dobrint kabul")[0]
    assert marked(hit) == ["Dobrindt", "Kabul"]
    hit = index.search('"state of emergency"')[0]
    assert marked(hit) == ["state of emergency"]


@pytest.mark.parametrize(
    ("text", "query", "word"),
    [
        ("À Genève, l'État a réagi.", "geneve", "Genève"),
        ("À Genève, l'État a réagi.", "ETAT ", "l'État"),  # elision: the whole token
        ("Straße in Zürich gesperrt.", "strasse zurich", "Zürich"),
        ("Выборы в Москве прошли спокойно.", "москве", "Москве"),
        ("Выборы в Москве прошли спокойно.", "Выбары ", "Выборы"),  # Cyrillic typo
        ("انتخابات في كابول اليوم", "كابول", "كابول"),
        ("Η Αθήνα ψήφισε σήμερα.", "αθηνα", "Αθήνα"),
        ("東京 で 会議", "東京", "東京"),
        ("Emoji 🎉 then Kabul\u200d!", "kabul", "Kabul"),
    ],
)
def test_accented_and_non_latin_text(text: str, query: str, word: str) -> None:
    ix = Index.from_articles([art("t", text), art("other", "Nothing to see here.")])
    hits = ix.search(query)
    assert [h.title for h in hits] == ["t"]
    assert word in marked(hits[0])


def test_possessives_match_their_word() -> None:
    ix = Index.from_articles([art("t", "Dobrindt’s plan and Pakistan's budget.")])
    assert marked(ix.search("dobrindt pakistan ")[0]) == ["Dobrindt’s", "Pakistan's"]


PARTS = [
    art("Colony", "The colony's governor resigned on Friday."),
    art("Party", "A far-right party won the vote in Saxony."),
    art("Other", "The colonel and the copy editor were right about rain."),
    art("French", "L’État a répondu."),
]


@pytest.mark.parametrize(
    ("query", "title", "word"),
    [
        ("colony governor ", "Colony", "colony's"),  # the possessive's word
        ("clony governor ", "Colony", "colony's"),  # ... with a typo in it
        ("colo governor", "Colony", "colony's"),  # ... half typed
        ("far right party ", "Party", "far"),  # hyphenated: each part
        ("right party ", "Party", "right"),
        ("rigth party ", "Party", "right"),
        ("etat repondu ", "French", "État"),  # a part after the apostrophe
        ("etta repondu ", "French", "État"),
    ],
)
def test_possessives_and_hyphenated_words_found_by_their_parts(
    query: str, title: str, word: str
) -> None:
    ix = Index.from_articles(PARTS)
    hits = ix.search(query)
    assert [h.title for h in hits] == [title]
    assert any(word in m for m in marked(hits[0]))


TYPING = [
    art("Envoy", "Alexander Dobrindt met the envoy in Kabul."),
    art("Pakhtunkhwa", "Rain fell across Khyber Pakhtunkhwa on Monday."),
    art("Dobson", "Dobson met the envoy in Lahore."),
]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("envoy dobrn", "Envoy"),  # dobri..., with a typo in what is typed so far
        ("envoy dbori", "Envoy"),  # a swap
        ("rain pakhtnk", "Pakhtunkhwa"),  # a letter left out
        ("rain pakhtunkk", "Pakhtunkhwa"),  # a wrong letter at the end
    ],
)
def test_a_typo_in_the_word_being_typed_is_forgiven(query: str, title: str) -> None:
    ix = Index.from_articles(TYPING)
    assert [h.title for h in ix.search(query)][:1] == [title]


def test_a_typed_prefix_outranks_a_typed_prefix_with_a_typo() -> None:
    ix = Index.from_articles(TYPING)
    # `dobs` starts Dobson; it is one typo from the start of Dobrindt too
    assert [h.title for h in ix.search("envoy dobs")] == ["Dobson", "Envoy"]
    # finished words (a trailing space) are not prefixes, with or without typos
    assert "Envoy" not in [h.title for h in ix.search("envoy dobrn ")]


def test_the_second_try_does_not_widen_typos_in_the_word_being_typed() -> None:
    # nothing has harbour and a word starting cran: the relaxed try forgives a typo
    # more in finished words, but a start of four letters two typos away (coast,
    # charity) is no match for what is being typed
    ix = Index.from_articles(
        [
            art("Coast", "The deepest natural harbour on this coast needs charity."),
            art("Cranes", "The cranes in those drawings do not need drivers."),
        ]
    )
    assert ix.search("harbur cran") == []
    assert [h.title for h in ix.search("harbur coas")] == ["Coast"]


def test_hostile_text_survives() -> None:
    nasty = "Kabul \x1b]52;c;AAAA\x07 [bold]x[/] " + "y" * 5000
    ix = Index.from_articles([art("n", nasty)])
    hit = ix.search("kabul")[0]
    assert hit.text == nasty and marked(hit) == ["Kabul"]


def test_hit_json_shape(index: Index) -> None:
    data = index.search("kabul")[0].to_json()
    assert set(data) == {"article_id", "title", "paragraph", "score", "text", "highlights"}
    highlights = data["highlights"]
    assert isinstance(highlights, list)
    assert all(isinstance(h, list) and len(h) == 2 for h in highlights)


def test_limit(index: Index) -> None:
    assert len(index.search("kabul", limit=1)) == 1


def test_entity_filter_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.model import Analysis, Mention

    def fake(article: Article) -> Analysis:
        out = Analysis(article.id)
        for i, p in enumerate(article.paragraphs):
            for alias in ("Alexander Dobrindt", "Dobrindt", "the interior minister"):
                at = p.find(alias)
                if at >= 0:
                    out.mentions.append(
                        Mention(at, at + len(alias), alias, "PERSON", "Alexander Dobrindt", i)
                    )
                    break
        return out

    monkeypatch.setattr("tui.entities.analyse", fake)
    ix = Index.from_articles(
        [
            art("a", "Alexander Dobrindt spoke in Kabul.", "Nothing here."),
            art("b", "Later the interior minister flew to Kabul."),
            art("c", "Kabul was quiet."),
        ]
    )
    assert {h.title for h in ix.search("@Dobrindt")} == {"a", "b"}
    assert {h.title for h in ix.search("@dobrint kabul")} == {"a", "b"}
    hit = [h for h in ix.search("@Dobrindt kabul") if h.title == "b"][0]
    assert marked(hit) == ["the interior minister", "Kabul"]
    assert ix.search("@Nobody kabul") == []


def test_two_group_windows_match_the_general_ones() -> None:
    import random

    import numpy as np

    from tui.search.engine import _min_window, _windows

    rng = random.Random(5)
    for _ in range(200):
        fwd = {
            pid: np.asarray([rng.randrange(12) for _ in range(rng.randrange(0, 30))], np.uint32)
            for pid in range(5)
        }
        groups = [
            np.asarray(rng.sample(range(12), rng.randrange(1, 3)), np.uint32) for _ in range(2)
        ]
        fast = _windows(fwd, list(fwd), groups)
        slow = {p: _min_window(t, groups) for p, t in fwd.items()}
        assert {p: w for p, w in slow.items() if w} == fast


def test_any_query_gives_hits_or_a_query_error(index: Index) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("ab kKé\"-+@:,./\\'’ ") + ["outlet:", "after:", "\x1b[", "東"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=30).map("".join))
    def check(query: str) -> None:
        try:
            hits = index.search(query)
        except QueryError:
            return
        for hit in hits:
            assert all(0 <= s < e <= len(hit.text) for s, e in hit.highlights)

    check()


def test_the_same_article_twice_is_searched_once() -> None:
    a = art("t", "Kabul again.")
    assert len(Index.from_articles([a, a]).search("kabul")) == 1
