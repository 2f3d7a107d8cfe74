"""Compiling briefs: schema, bottom line, verbatim key points, page budget, cuts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_brief_helpers import article, big_selection, rhine_analysis
from tui.brief import (
    PAGE,
    Brief,
    PageOverflow,
    SelectedPassage,
    compile_brief,
    dump_yaml,
    load_yaml,
    page_meter,
    render_markdown,
)
from tui.errors import BriefFileError
from tui.text import sanitize

if TYPE_CHECKING:
    from tui.search import Hit

DAY = dt.date(2025, 1, 2)


def _rhine(**kw: Any) -> Brief:
    art = article()
    passages = [SelectedPassage(art, i, note="check" if i == 2 else "") for i in range(3)]
    return compile_brief(
        passages, title="Rhine floods", created=DAY, analyses={art.id: rhine_analysis(art)}, **kw
    )


def test_schema_fields_and_sources() -> None:
    b = _rhine()
    data = b.to_data()
    assert list(data) == [
        "schema",
        "title",
        "created",
        "bluf",
        "bluf_status",
        "bluf_sentences",
        "key_points",
        "actors",
        "quotes",
        "figures",
        "sources",
        "cuts",
    ]
    assert data["schema"] == 1 and data["created"] == DAY
    kp = data["key_points"][0]
    assert set(kp["source"]) == {"article_id", "title", "outlet", "published", "url", "paragraph"}
    assert data["key_points"][2]["note"] == "check"
    assert "note" not in data["key_points"][0]
    assert len(b.sources) == 1 and b.sources[0].n == 1
    assert [a.name for a in b.actors][:1] == ["Rhine"] or b.actors[0].mentions >= 1
    weber = next(a for a in b.actors if a.name == "Anna Weber")
    assert weber.type == "PERSON" and weber.mentions == 1
    assert b.quotes[0].speaker == "Anna Weber"
    assert {f.value for f in b.figures} == {"9 metres", "2 million tonnes"}
    assert b.cuts == ()


def test_every_cited_article_listed_once() -> None:
    passages, analyses = big_selection(12)
    b = compile_brief(passages, title="t", created=DAY, analyses=analyses)
    ids = [s.article_id for s in b.sources]
    assert len(ids) == len(set(ids))
    cited = {k.source.article_id for k in b.key_points}
    cited |= {q.source.article_id for q in b.quotes} | {f.source.article_id for f in b.figures}
    assert cited == set(ids)
    assert [s.n for s in b.sources] == list(range(1, len(ids) + 1))


def test_bluf_is_extractive_and_user_text_wins() -> None:
    art = article()
    b = _rhine()
    assert b.bluf
    sentences = [s for p in art.paragraphs for s in p.split(". ")]
    assert any(b.bluf.startswith(s[:40]) for s in sentences)
    assert all(part.strip() in " ".join(art.paragraphs) for part in b.bluf.split(". ") if part)
    own = _rhine(bluf="My own  bottom line.")
    assert own.bluf == "My own bottom line."


def test_bluf_has_one_to_three_sentences() -> None:
    passages, analyses = big_selection(20)
    b = compile_brief(passages, title="t", created=DAY, analyses=analyses)
    assert 1 <= b.bluf.count(".") <= 3
    text = " ".join(p.text for p in passages)
    for sentence in b.bluf.split(". "):
        assert sentence.rstrip(".") in text


@pytest.mark.parametrize("n", [1, 5, 12, 30, 60])
def test_page_budget_and_verbatim_key_points(n: int) -> None:
    passages, analyses = big_selection(n, seed=n)
    b = compile_brief(passages, title="Budget test", created=DAY, analyses=analyses)
    md = render_markdown(b)
    meter = page_meter(md)
    assert meter.fits, meter.describe()
    assert meter.lines <= PAGE.lines and meter.widest <= PAGE.width and meter.words <= PAGE.words
    # measured independently, as wc would
    assert md.count("\n") <= 66 and len(md.split()) <= 600
    assert max(len(line) for line in md.split("\n")) <= 100
    by_key = {(p.article.id, p.paragraph): p for p in passages}
    for kp in b.key_points:
        paragraph = by_key[(kp.source.article_id, kp.source.paragraph)].text
        assert kp.text in paragraph
        assert kp.text == kp.text.strip()


def test_cuts_report_exactly_what_was_cut() -> None:
    passages, analyses = big_selection(30)
    b = compile_brief(passages, title="Cuts", created=DAY, analyses=analyses)
    assert b.cuts
    kept = {(k.source.article_id, k.source.paragraph): k for k in b.key_points}
    dropped = {
        (c.article_id, c.paragraph)
        for c in b.cuts
        if c.item == "key_point" and c.action == "dropped"
    }
    shortened = {
        (c.article_id, c.paragraph)
        for c in b.cuts
        if c.item == "key_point" and c.action == "shortened"
    }
    everything = {(p.article.id, p.paragraph) for p in passages}
    assert set(kept) | dropped == everything and not set(kept) & dropped
    for key, kp in kept.items():
        full = next(p.text for p in passages if (p.article.id, p.paragraph) == key)
        assert (kp.text != full) == (key in shortened)
    # the Markdown says that something was cut
    assert "Cut to fit one page" in render_markdown(b)


def test_shortening_comes_before_dropping() -> None:
    rng_passages, analyses = big_selection(8, seed=3)
    b = compile_brief(rng_passages, title="t", created=DAY, analyses=analyses)
    actions = [c.action for c in b.cuts if c.item == "key_point"]
    if "dropped" in actions and "shortened" in actions:
        assert actions.index("shortened") < actions.index("dropped")


def test_strict_refuses_to_cut() -> None:
    passages, analyses = big_selection(30)
    with pytest.raises(PageOverflow, match="strict"):
        compile_brief(passages, title="t", created=DAY, analyses=analyses, strict=True)
    small = _rhine(strict=True)
    assert small.cuts == ()


def test_one_huge_sentence_is_reported_not_cut_mid_sentence() -> None:
    art = article(paragraphs=[" ".join(["word"] * 900) + "."])
    with pytest.raises(PageOverflow, match="does not fit"):
        compile_brief([SelectedPassage(art, 0)], title="t", created=DAY, analyses={})


def test_deterministic() -> None:
    passages, analyses = big_selection(30)
    a = compile_brief(passages, title="Same", created=DAY, analyses=analyses)
    b = compile_brief(passages, title="Same", created=DAY, analyses=analyses)
    assert dump_yaml(a) == dump_yaml(b)
    assert render_markdown(a) == render_markdown(b)


def test_created_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_TODAY", "2024-02-29")
    art = article()
    b = compile_brief([SelectedPassage(art, 0)], title="t", analyses={})
    assert b.created == dt.date(2024, 2, 29)
    monkeypatch.setenv("BRIEF_TODAY", "not a date")
    with pytest.raises(BriefFileError):
        compile_brief([SelectedPassage(art, 0)], title="t", analyses={})


def test_bad_input() -> None:
    art = article()
    with pytest.raises(BriefFileError, match="empty"):
        compile_brief([], title="t", created=DAY, analyses={})
    with pytest.raises(BriefFileError, match="¶8: no such paragraph"):
        compile_brief([SelectedPassage(art, 7)], title="t", created=DAY, analyses={})


def test_duplicate_passages_are_compiled_once() -> None:
    art = article()
    b = compile_brief(
        [SelectedPassage(art, 0), SelectedPassage(art, 0)], title="t", created=DAY, analyses={}
    )
    assert len(b.key_points) == 1


def test_yaml_round_trip_of_a_compiled_brief() -> None:
    passages, analyses = big_selection(30)
    b = compile_brief(passages, title="Round trip", created=DAY, analyses=analyses)
    assert load_yaml(dump_yaml(b)) == b


SPEAKERS = {
    "On one hand": "Safdar Sial",
    "These groups have seized": "Safdar Sial",
    "With relative peace": "Safdar Sial",
    "The inability of the Taliban": "Tahir Khan",
    "Under pressure from Islamabad": "Hazrat Ali",
    "Recognition of the Taliban": "Tahir Khan",
}


def test_sample_brief(sample: object) -> None:
    """The real scraped page (must-show): one page, verbatim key points, right speakers,
    the PIPS fatality figures."""
    from tui.brief.inputs import passages_from_hits, top_hits
    from tui.ingest import read_paths
    from tui.search import Index

    articles = [a for r in read_paths([str(sample)]) for a in r.articles]
    hits = top_hits(Index.from_articles(articles), "TTP attacks Khyber", 10)
    passages = passages_from_hits(articles, hits, limit=10)
    assert len(passages) == 10
    b = compile_brief(passages, title="TTP attacks Khyber", created=DAY)
    assert page_meter(render_markdown(b)).fits
    by_id = {a.id: a for a in articles}
    for kp in b.key_points:
        assert kp.text in by_id[kp.source.article_id].paragraphs[kp.source.paragraph]
    assert b.quotes
    for q in b.quotes:
        for start, speaker in SPEAKERS.items():
            if q.text.lstrip('"“').startswith(start):
                assert q.speaker == speaker, q
    assert any("2,451" in f.value or "2,451" in f.context for f in b.figures)
    assert any("Fatalities dropped from 2,451" in k.text for k in b.key_points)


class _FakeIndex:
    """Every word must match, as the real engine does; scores are word counts."""

    def __init__(self, rows: list[tuple[str, int, str]]) -> None:
        self.rows = rows

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        from tui.search import Hit

        words = query.casefold().split()
        out = []
        for aid, para, text in self.rows:
            if all(w in text.casefold().split() for w in words):
                out.append(Hit(aid, "t", para, float(len(words)), text))
        return out[:limit]


def test_top_hits_fill_up_with_partial_matches() -> None:
    from tui.brief.inputs import top_hits

    index = _FakeIndex(
        [
            ("a", 0, "ttp attacks khyber"),
            ("a", 1, "attacks only"),
            ("a", 2, "ttp attacks"),
            ("a", 3, "nothing here"),
            ("a", 4, "khyber"),
        ]
    )
    got = [(h.article_id, h.paragraph) for h in top_hits(index, "TTP attacks Khyber", 4)]
    assert got == [("a", 0), ("a", 2), ("a", 1), ("a", 4)]
    assert len(top_hits(index, "TTP attacks Khyber", 1)) == 1
    assert [h.paragraph for h in top_hits(index, '"ttp attacks" khyber', 5)] == []


def test_bluf_prefers_sentences_that_stand_alone() -> None:
    art = article(
        paragraphs=[
            "However, the river kept rising near the harbour and the port stayed closed.",
            "The river port stayed closed for a week as the harbour flooded again.",
        ]
    )
    b = compile_brief(
        [SelectedPassage(art, 0), SelectedPassage(art, 1)], title="t", created=DAY, analyses={}
    )
    assert b.bluf.startswith("The river port")


_sentence_text = st.lists(
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")),
        min_size=1,
        max_size=60,
    ),
    min_size=1,
    max_size=6,
).map(lambda parts: ". ".join(parts) + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence_text.map(sanitize), min_size=1, max_size=25))
def test_key_points_are_verbatim_for_any_text(paragraphs: list[str]) -> None:
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        return
    art = article(paragraphs=paragraphs)
    passages = [SelectedPassage(art, i) for i in range(len(paragraphs))]
    try:
        b = compile_brief(passages, title="Any", created=DAY, analyses={})
    except PageOverflow:
        return  # one enormous sentence: reported, not cut mid-sentence
    assert page_meter(render_markdown(b)).fits
    for kp in b.key_points:
        assert kp.text in art.paragraphs[kp.source.paragraph]
    assert load_yaml(dump_yaml(b)) == b


def test_bluf_does_not_repeat_itself() -> None:
    art = article(
        paragraphs=[
            "The river port stayed closed on Monday as the harbour flooded again.",
            "The river port stayed closed on Tuesday as the harbour flooded again.",
            "Grain prices at the river port rose sharply because barges could not leave.",
        ]
    )
    b = compile_brief(
        [SelectedPassage(art, i) for i in range(3)], title="t", created=DAY, analyses={}
    )
    assert not ("on Monday" in b.bluf and "on Tuesday" in b.bluf)
    assert "Grain prices" in b.bluf
