"""The brief composer as a reader checks it: a cited bottom line built from what the user
marked, shortening that keeps what a passage was chosen for, figures that say what they
count, actors quoted or named first with their roles, checkable citations, one key point
for a report two outlets carry, and query passages in each article's text order."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.test_brief_helpers import article
from tui import entities
from tui.brief import (
    Brief,
    PageBudget,
    SelectedPassage,
    compile_brief,
    dump_yaml,
    in_text_order,
    load_yaml,
    page_meter,
    passages_from_hits,
    render_markdown,
)
from tui.entities.figures import figures_in
from tui.model import Analysis, Article, Mention, Quote
from tui.text import split_sentences

DAY = dt.date(2025, 3, 1)


def _art(title: str, paragraphs: list[str], outlet: str = "Valley Times", **kw: object) -> Article:
    return article(title=title, paragraphs=paragraphs, outlet=outlet, **kw)  # type: ignore[arg-type]


HARBOUR = _art(
    "Harbour works stall",
    [
        "The harbour board met on Monday to discuss the long delayed quay works at Portmere.",
        "Engineers found the old sea wall cracked in four places along the northern quay. "
        "Repairs will take at least two winters, the board was told. "
        "The dredging contract has been suspended until the wall is safe. "
        "Fishing crews will moor at the ferry pier in the meantime.",
        "Board chair Lena Ortiz said the delay would cost the port about €12 million in lost "
        "fees. Cargo volumes have already fallen by 18% since spring.",
    ],
)
FERRIES = _art(
    "Ferry timetable cut",
    [
        "Ferry operators cut the winter timetable to three sailings a day.",
        "The ferry company blamed rising fuel prices and the closure of the northern quay.",
    ],
    outlet="Coast Post",
)


def _compile(passages: list[SelectedPassage], **kw: Any) -> Brief:
    return compile_brief(passages, title="Harbour", created=DAY, **kw)


# --- 3. the bottom line ------------------------------------------------------------------


def test_bottom_line_is_cited_sentence_by_sentence() -> None:
    b = _compile([SelectedPassage(HARBOUR, i) for i in range(3)])
    assert b.bluf_status == "draft" and b.bluf_sentences
    by_id = {HARBOUR.id: HARBOUR}
    for sentence in b.bluf_sentences:
        assert sentence.sources, sentence
        for s in sentence.sources:
            assert sentence.text in by_id[s.article_id].paragraphs[s.paragraph]
    md = render_markdown(b)
    bottom = " ".join(md.split("**Bottom line (draft):**", 1)[1].split("## Key points")[0].split())
    for sentence in b.bluf_sentences:
        p = sentence.sources[0].paragraph + 1
        assert f"{sentence.text} [1 ¶{p}]" in bottom


def test_bottom_line_starts_from_the_noted_passage_and_the_note_s_words() -> None:
    passages = [
        SelectedPassage(HARBOUR, 0),
        SelectedPassage(HARBOUR, 1, note="fishing crews moved: ask the pier office"),
        SelectedPassage(HARBOUR, 2),
    ]
    b = _compile(passages)
    first = b.bluf_sentences[0]
    assert first.sources[0].paragraph == 1
    assert first.text.startswith("Fishing crews will moor at the ferry pier")


def test_bottom_line_then_the_passages_with_most_actors_and_figures() -> None:
    an = entities.analyse(HARBOUR)
    b = _compile([SelectedPassage(HARBOUR, i) for i in range(3)], analyses={HARBOUR.id: an})
    # ¶3 names Lena Ortiz and holds two figures: the richest passage comes first
    assert b.bluf_sentences[0].sources[0].paragraph == 2


def test_bottom_line_status_draft_accepted_user() -> None:
    passages = [SelectedPassage(HARBOUR, i) for i in range(3)]
    draft = _compile(passages)
    accepted = _compile(passages, bluf=draft.bluf)
    assert accepted.bluf_status == "accepted" and accepted.bluf_sentences == draft.bluf_sentences
    mine = "The quay will not reopen before 2027.   Ask the board."
    user = _compile(passages, bluf=mine)
    assert user.bluf_status == "user"
    assert user.bluf == "The quay will not reopen before 2027. Ask the board."
    assert all(not s.sources for s in user.bluf_sentences)  # not in any passage: uncited
    quoted = _compile(passages, bluf="Cargo volumes have already fallen by 18% since spring.")
    assert quoted.bluf_status == "user" and quoted.bluf_sentences[0].sources[0].paragraph == 2
    for b in (draft, accepted, user):
        back = load_yaml(dump_yaml(b))
        assert back == b and f"bluf_status: {b.bluf_status}" in dump_yaml(b)
    assert "**Bottom line (draft):**" in render_markdown(draft)
    assert "**Bottom line:** The quay will not reopen" in render_markdown(user)


def test_an_old_schema_1_file_without_the_new_fields_still_reads() -> None:
    text = dump_yaml(_compile([SelectedPassage(HARBOUR, 0)]))
    old = re.sub(r"bluf_status: .*\n", "", text)
    old = re.sub(r"bluf_sentences:\n(?:[- ] .*\n)+", "", old)
    back = load_yaml(old)
    assert back.bluf_status == "draft" and back.bluf_sentences == ()


# --- 4. shortening and figures -----------------------------------------------------------


def _many(extra: int) -> list[SelectedPassage]:
    filler = _art(
        "Council notes",
        [
            f"The council discussed item {i} of the agenda at length. Members asked for a "
            f"report on the matter and agreed to meet again about item {i} next month."
            for i in range(extra)
        ],
    )
    return [SelectedPassage(filler, i) for i in range(extra)]


def test_shortening_keeps_the_sentence_with_the_note_s_words() -> None:
    noted = SelectedPassage(HARBOUR, 1, note="dredging contract")
    b = _compile([noted, *_many(8)], budget=PageBudget(words=420))
    kp = next(k for k in b.key_points if k.source.article_id == HARBOUR.id)
    assert "dredging contract has been suspended" in kp.text
    assert kp.text != HARBOUR.paragraphs[1]  # it was shortened
    assert kp.note == "dredging contract"


def test_shortening_keeps_the_query_s_words_then_figures() -> None:
    b = _compile([SelectedPassage(HARBOUR, 1), *_many(8)], budget=PageBudget(words=420),
                 query="moor ferry pier")  # fmt: skip
    kp = next(k for k in b.key_points if k.source.article_id == HARBOUR.id)
    assert "Fishing crews will moor" in kp.text
    long_figures = _art(
        "Port figures",
        [
            "The port authority published its annual review on Friday morning in the town hall. "
            "It described a difficult year for everybody who works along the waterfront. "
            "Cargo handled fell to 2.4 million tonnes and 310 dock jobs were lost. "
            "The review ends with thanks to the staff."
        ],
    )
    b = _compile([SelectedPassage(long_figures, 0), *_many(3)], budget=PageBudget(words=300))
    assert [c.action for c in b.cuts] == ["shortened"]
    kp = next(k for k in b.key_points if k.source.article_id == long_figures.id)
    assert kp.text.startswith("Cargo handled fell to 2.4 million tonnes and 310 dock jobs")


def test_figures_carry_what_they_count_and_number_words_count() -> None:
    text = (
        "Deaths rose from 1,204 in spring to 2,310 in autumn across 96 raids. "
        "The closures left three million people without a doctor and shut 420 clinics. "
        "The group says it holds 15 court rulings confirming the claims. "
        "Some 2,400 of these workers are still waiting, among them about 350 former dock staff. "
        "Four years ago the port paid €3.5 million ($3.8 million) for the cranes."
    )
    labels = [f.label for f in figures_in(text)]
    assert labels == [
        "1,204 deaths",
        "2,310 deaths",
        "96 raids",
        "three million people",
        "420 clinics",
        "15 court rulings",
        "Some 2,400 workers",
        "about 350 former dock staff",
        "€3.5 million",
        "$3.8 million",
    ]
    for f in figures_in(text):
        a, b = f.sentence
        assert f.value in text[a:b]  # the sentence holds the figure


def test_a_figure_line_shows_the_sentence_that_holds_it() -> None:
    b = _compile([SelectedPassage(HARBOUR, 2)])
    md = render_markdown(b)
    figures = md.split("## Figures\n", 1)[1].split("\n\n", 1)[0]
    items = [" ".join(x.split()) for x in re.split(r"\n(?=- )", figures)]
    line = next(x for x in items if x.startswith("- **about €12 million**"))
    assert "**18%**" not in line  # another sentence, another line
    assert "cost the port about €12 million in lost fees" in line and line.endswith("[1 ¶3]")
    for f in b.figures:
        assert f.value in f.context
        assert f.context.strip("…. ") in HARBOUR.paragraphs[2] or "…" in f.context


def test_a_long_sentence_is_shown_around_its_figures() -> None:
    words = " ".join(f"word{i}" for i in range(60))
    art = _art("Long", [f"{words} and then 4,500 households lost power {words}."])
    b = _compile([SelectedPassage(art, 0)])
    [f] = b.figures
    assert f.label == "4,500 households" and "4,500 households lost power" in f.context
    assert f.context.startswith("…") and f.context.endswith("…")
    assert len(f.context.split()) <= 40


# --- 5. actors ---------------------------------------------------------------------------


def _analysis(art: Article, names: list[tuple[str, str]], quotes: list[Quote]) -> Analysis:
    an = Analysis(art.id)
    for i, para in enumerate(art.paragraphs):
        for name, kind in names:
            for m in re.finditer(re.escape(name), para):
                an.mentions.append(Mention(m.start(), m.end(), name, kind, name, i))
    an.quotes.extend(quotes)
    return an


def test_everyone_quoted_or_named_in_a_key_point_comes_first_and_stays() -> None:
    places = [f"Town{i}" for i in range(16)]
    paras = [" ".join(f"{p} and {p} again." for p in places)] * 1
    paras.append('"We will rebuild the quay by spring," said Ivo Marsh, the port engineer.')
    art = _art("Towns", paras)
    an = _analysis(
        art,
        [*((p, "PLACE") for p in places), ("Ivo Marsh", "PERSON")],
        [Quote("Ivo Marsh", "We will rebuild the quay by spring", 1), Quote("Una Pell", "No", 1)],
    )
    b = _compile([SelectedPassage(art, 0), SelectedPassage(art, 1)], analyses={art.id: an})
    names = [a.name for a in b.actors]
    assert names[:2] == ["Ivo Marsh", "Una Pell"]  # quoted first (most mentioned first)
    assert next(a for a in b.actors if a.name == "Ivo Marsh").quoted
    tight = _compile(
        [SelectedPassage(art, 0), SelectedPassage(art, 1), *_many(6)],
        analyses={art.id: an},
        budget=PageBudget(words=380),
    )
    shown = {a.name for a in tight.actors}
    assert {"Ivo Marsh", "Una Pell"} <= shown  # quoted people are never trimmed
    assert "quoted" in render_markdown(tight)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Maria Lind of the conservative Unity party called it a mistake.", "Maria Lind",
         "of the conservative Unity party"),
        ("The Liberals' Tomas Berg said the plan was late.", "Tomas Berg", "of the Liberals"),
        ("Ana Ruiz, climate policy researcher from the University of Lisbon, disagreed.",
         "Ana Ruiz", "climate policy researcher from the University of Lisbon"),
        ("Jon Hale, founder and former CEO of Brightwater, resigned.", "Jon Hale",
         "founder and former CEO of Brightwater"),
        ("Former deputy mayor Rosa Quint said little.", "Rosa Quint", "Former deputy mayor"),
    ],
)  # fmt: skip
def test_roles_as_the_text_states_them(text: str, name: str, role: str) -> None:
    from tui.entities.roles import role_of

    start = text.index(name)
    assert role_of(text, start, start + len(name)) == role


def test_a_role_of_the_form_of_the_party_reads_without_a_comma() -> None:
    art = _art("Vote", ["Maria Lind of the conservative Unity party called the vote a mistake."])
    an = _analysis(art, [("Maria Lind", "PERSON")], [])
    an.entities = [entities.Entity("Maria Lind", "PERSON", set(), 1, "of the Unity party")]
    b = _compile([SelectedPassage(art, 0)], analyses={art.id: an})
    assert "**Maria Lind** of the Unity party (1 mention)" in render_markdown(b)


# --- 6. citations --------------------------------------------------------------------------


def test_citations_name_article_and_paragraph_and_messages_name_passages() -> None:
    b = _compile([SelectedPassage(HARBOUR, 2), SelectedPassage(FERRIES, 1)])
    md = render_markdown(b)
    assert "fees. Cargo volumes have already fallen by 18% since spring. [1 ¶3]" in " ".join(
        md.split()
    )
    assert "quay. [2 ¶2]" in md
    b = _compile([SelectedPassage(HARBOUR, 2), *_many(9)], budget=PageBudget(words=400))
    assert b.cuts
    for cut in b.cuts:
        if cut.article_id is not None:
            said = cut.describe()
            assert cut.article_id not in said
            assert "“Council notes” ¶" in said or "“Harbour works stall” ¶" in said


def test_every_key_point_line_ends_with_its_citation() -> None:
    b = _compile([SelectedPassage(HARBOUR, i) for i in range(3)] + [SelectedPassage(FERRIES, 0)])
    md = render_markdown(b)
    block = md.split("## Key points\n", 1)[1].split("\n\n", 1)[0]
    items = re.split(r"\n(?=- )", block)
    assert len(items) == len(b.key_points)
    for item in items:
        assert re.search(r"\[\d+ ¶\d+\]$", " ".join(item.split())), item


# --- 8. duplicates and order ------------------------------------------------------------


def test_the_same_quotation_from_two_outlets_is_one_key_point_citing_both() -> None:
    quote = "We will not let the harbour close for a single day this winter"
    a = _art("Harbour stays open", [f'"{quote}," said Lena Ortiz on Monday.'])
    b_ = _art("Ortiz vows to keep port open", ["Port news.", f'Lena Ortiz said: "{quote}."'],
              outlet="Coast Post")  # fmt: skip
    an = {
        a.id: _analysis(a, [("Lena Ortiz", "PERSON")], [Quote("Lena Ortiz", quote, 0)]),
        b_.id: _analysis(b_, [("Lena Ortiz", "PERSON")], [Quote("Lena Ortiz", quote, 1)]),
    }
    brief = _compile([SelectedPassage(a, 0), SelectedPassage(b_, 1, note="same quote?")],
                     analyses=an)  # fmt: skip
    assert brief.actors[0].name == "Lena Ortiz" and brief.actors[0].quoted
    assert len(brief.key_points) == 1
    kp = brief.key_points[0]
    assert kp.source.article_id == a.id and [s.article_id for s in kp.also_in] == [b_.id]
    assert kp.note == "same quote?"  # the second passage's note is kept
    assert len(brief.quotes) == 1 and len(brief.quotes[0].sources) == 2
    md = render_markdown(brief)
    assert "[1 ¶1; 2 ¶2]" in md
    assert any(c.action == "merged" for c in brief.cuts)
    assert "reported elsewhere too" in md
    assert load_yaml(dump_yaml(brief)) == brief


def test_different_passages_are_not_merged() -> None:
    b = _compile([SelectedPassage(HARBOUR, 0), SelectedPassage(FERRIES, 1)])
    assert len(b.key_points) == 2 and not any(k.also_in for k in b.key_points)


class _Hit:
    def __init__(self, article_id: str, paragraph: int) -> None:
        self.article_id, self.paragraph = article_id, paragraph


def test_query_passages_keep_each_article_s_text_order() -> None:
    hits = [_Hit(HARBOUR.id, 2), _Hit(FERRIES.id, 1), _Hit(HARBOUR.id, 0), _Hit(FERRIES.id, 0)]
    got = [(p.article.id, p.paragraph) for p in passages_from_hits([HARBOUR, FERRIES], hits)]
    assert got == [(HARBOUR.id, 0), (HARBOUR.id, 2), (FERRIES.id, 0), (FERRIES.id, 1)]
    assert in_text_order([SelectedPassage(FERRIES, 1), SelectedPassage(FERRIES, 0)]) == [
        SelectedPassage(FERRIES, 0),
        SelectedPassage(FERRIES, 1),
    ]


# --- the real sample (must-show) ----------------------------------------------------------


SIX = [(1, 8), (1, 7), (3, 11), (2, 4), (3, 3), (0, 8)]  # (article, paragraph), 0-based


def _sample_articles(sample: object) -> list[Article]:
    from tui.ingest import read_paths

    return [a for r in read_paths([str(sample)]) for a in r.articles]


def _check_sample_brief(b: object, articles: list[Article]) -> None:
    from tui.brief import Brief

    assert isinstance(b, Brief)
    by_id = {a.id: a for a in articles}
    md = render_markdown(b)
    meter = page_meter(md)
    assert meter.fits and meter.lines <= 66 and meter.words <= 600, meter.describe()
    assert b.bluf_sentences and all(s.sources for s in b.bluf_sentences)  # no uncited sentence
    for s in b.bluf_sentences:
        assert s.text in by_id[s.sources[0].article_id].paragraphs[s.sources[0].paragraph]
    for kp in b.key_points:
        assert kp.text in by_id[kp.source.article_id].paragraphs[kp.source.paragraph]
    actors = {a.name for a in b.actors}
    for q in b.quotes:
        assert q.speaker is None or q.speaker in actors, q.speaker
    for f in b.figures:
        para = by_id[f.source.article_id].paragraphs[f.source.paragraph]
        assert f.value in f.context
        for piece in f.context.strip("…").split("…"):
            assert piece.strip() in para
        sentence = next(s for s in split_sentences(para) if f.value in s)
        assert f.counts is None or f.counts.casefold() in sentence.casefold()


def test_sample_query_brief(sample: object) -> None:
    from tui.brief.inputs import top_hits
    from tui.search import Index

    articles = _sample_articles(sample)
    hits = top_hits(Index.from_articles(articles), "Afghan refugees Germany", 10)
    passages = passages_from_hits(articles, hits, limit=10)
    b = compile_brief(passages, title="Afghans in Pakistan", created=DAY,
                      query="Afghan refugees Germany")  # fmt: skip
    _check_sample_brief(b, articles)
    order = [(k.source.article_id, k.source.paragraph) for k in b.key_points]
    for aid in {a for a, _ in order}:
        paras = [p for a, p in order if a == aid]
        assert paras == sorted(paras)  # each article's text order
    again = compile_brief(passages, title="Afghans in Pakistan", created=DAY,
                          query="Afghan refugees Germany")  # fmt: skip
    assert render_markdown(again) == render_markdown(b) and dump_yaml(again) == dump_yaml(b)


def test_sample_six_passage_selection(sample: object) -> None:
    articles = _sample_articles(sample)
    passages = [SelectedPassage(articles[a], p) for a, p in SIX]
    passages[2] = SelectedPassage(articles[3], 11, note="aid cuts: clinics closed")
    b = compile_brief(passages, title="Afghanistan four years on", created=DAY)
    _check_sample_brief(b, articles)
    wfp = next(k for k in b.key_points if k.source.paragraph == 11)
    assert "420 clinics" in wfp.text  # kept for what the note asks about
    assert b.bluf_sentences[0].sources[0].paragraph == 11  # the noted passage first
    labels = {f.label for f in b.figures}
    assert "three million people" in labels and "420 clinics" in labels
