"""Small articles and analyses written by the brief tests themselves."""

from __future__ import annotations

import random

from tui.brief import SelectedPassage
from tui.model import Analysis, Article, Figure, Mention, Quote

WORDS = [
    "river",
    "port",
    "barge",
    "flood",
    "council",
    "minister",
    "budget",
    "vote",
    "coal",
    "grain",
    "harbour",
    "storm",
    "levee",
    "pump",
    "engineer",
    "report",
    "survey",
    "village",
    "bridge",
    "road",
    "rail",
    "freight",
    "price",
    "market",
    "export",
    "tariff",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def article(
    title: str = "Floods close Rhine shipping",
    paragraphs: list[str] | None = None,
    outlet: str | None = "Rhine Post",
    published: str | None = "2025-01-02",
    url: str | None = "https://example.org/rhine",
) -> Article:
    paras = paragraphs or [
        "The Rhine was closed to shipping on Monday after floods raised the river above "
        "9 metres at Cologne.",
        '"We have not seen water this high since 1993," said Anna Weber, a spokeswoman '
        "for the waterways authority.",
        "Barges carrying 2 million tonnes of coal were stuck upstream, according to the "
        "shipping association.",
    ]
    return Article.create(
        title=title,
        paragraphs=paras,
        source_path="test.txt",
        outlet=outlet,
        published=published,
        url=url,
    )


def rhine_analysis(art: Article) -> Analysis:
    """What an entity extractor would find in `article()`'s default text."""
    p = art.paragraphs
    a = Analysis(art.id)
    for i, para in enumerate(p):
        for name, typ, canonical in (
            ("Rhine", "PLACE", "Rhine"),
            ("Cologne", "PLACE", "Cologne"),
            ("Anna Weber", "PERSON", "Anna Weber"),
        ):
            start = para.find(name)
            if start >= 0:
                a.mentions.append(Mention(start, start + len(name), name, typ, canonical, i))
    a.quotes.append(Quote("Anna Weber", "We have not seen water this high since 1993", 1))
    a.figures.append(Figure("2 million tonnes", "2 million tonnes of coal", 2))
    a.figures.append(Figure("9 metres", "above 9 metres at Cologne", 0))
    return a


def big_selection(n: int = 30, seed: int = 1) -> tuple[list[SelectedPassage], dict[str, Analysis]]:
    """`n` passages of 2-6 sentences over a few articles, with quotes and figures."""
    rng = random.Random(seed)
    arts = []
    for k in range(max(1, n // 5)):
        paras = []
        for _ in range(5):
            sents = [sentence(rng, rng.randint(8, 22)) for _ in range(rng.randint(2, 6))]
            paras.append(" ".join(sents))
        arts.append(
            article(
                title=f"Report {k}",
                paragraphs=paras,
                outlet=f"Outlet {k % 3}",
                published=f"2025-01-{k + 1:02d}",
                url=f"https://example.org/{k}",
            )
        )
    passages = [SelectedPassage(a, i) for a in arts for i in range(len(a.paragraphs))][:n]
    analyses = {}
    for a in arts:
        an = Analysis(a.id)
        for i, para in enumerate(a.paragraphs):
            words = para.split()
            an.mentions.append(Mention(0, len(words[0]), words[0], "ORG", words[0].strip("."), i))
            an.quotes.append(Quote(f"Speaker {i}", " ".join(words[1:6]), i))
            an.figures.append(Figure(f"{i + 1},000", f"{i + 1},000 {words[2]}", i))
        analyses[a.id] = an
    return passages, analyses
