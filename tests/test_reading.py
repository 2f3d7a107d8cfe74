"""What the reader asks of the library (tui.reading), on small libraries the tests write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import reading
from tui.entities import store
from tui.library import Library
from tui.model import Analysis, Article, Entity, Mention

# one place under three names, one person, and a surname that must stay apart
TEXTS = [
    ("Talks in Velmora", ["The United States sent envoys.", "Ana Ruiz met them in Velmora."]),
    ("Envoys leave", ["U.S. envoys left Velmora on Friday.", "Nothing was signed."]),
    ("Trade figures", ["Exports to the US rose.", "Ruiz said the figures were good."]),
]
NAMES = {
    "The United States": ("United States", "PLACE"),
    "U.S.": ("U.S.", "PLACE"),
    "the US": ("US", "PLACE"),
    "Ana Ruiz": ("Ana Ruiz", "PERSON"),
    "Ruiz": ("Ruiz", "PERSON"),
    "Velmora": ("Velmora", "PLACE"),
}


def write_library(folder: Path) -> None:
    """Articles whose analyses store the same country as `United States`, `U.S.` and `US`."""
    arts = [
        Article.create(title=t, paragraphs=ps, source_path=f"/t/{i}.txt")
        for i, (t, ps) in enumerate(TEXTS)
    ]
    with Library.open(folder) as library, library.transaction():
        for i, art in enumerate(arts):
            library.replace_file_articles(f"/t/{i}.txt", [art])
            mentions: list[Mention] = []
            counts: dict[tuple[str, str], int] = {}
            for p, para in enumerate(art.paragraphs):
                for text, (canonical, type_) in NAMES.items():
                    start = para.find(text)
                    if start >= 0 and not (text == "Ruiz" and "Ana Ruiz" in para):
                        mentions.append(
                            Mention(start, start + len(text), text, type_, canonical, p)
                        )
                        counts[canonical, type_] = counts.get((canonical, type_), 0) + 1
            found = [Entity(c, t, set(), n) for (c, t), n in counts.items()]
            store.save(library, Analysis(art.id, mentions, found))


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    write_library(tmp_path / "lib")
    with Library.open(tmp_path / "lib") as library:
        yield library


def ids_by_title(lib: Library) -> dict[str, str]:
    return {title: aid for aid, title in lib.execute("SELECT id, title FROM articles")}


def test_library_entities_are_the_stores_merged_ones_with_their_stored_names(
    lib: Library,
) -> None:
    found = {e.canonical: (e, names) for e, names in reading.library_entities(lib)}
    assert [e.canonical for e, _ in reading.library_entities(lib)] == [
        e.canonical for e in store.library_entities(lib)
    ]
    country, names = found["United States"]
    assert country.count == 3 and sorted(names) == ["U.S.", "US", "United States"]
    assert "U.S." not in found and "US" not in found
    # people are merged only on a full name, never on a surname alone
    assert "Ruiz" in found and found["Ana Ruiz"][1] == ["Ana Ruiz"]


def test_library_entities_keeps_the_most_mentioned(lib: Library) -> None:
    top = reading.library_entities(lib, limit=2)
    assert [e.canonical for e, _ in top] == ["United States", "Velmora"]


def test_passages_with_an_entity_under_any_of_its_stored_names(lib: Library) -> None:
    ids = ids_by_title(lib)
    _, names = {e.canonical: (e, n) for e, n in reading.library_entities(lib)}["United States"]
    assert reading.passages_with(lib, [names]) == {
        ids["Talks in Velmora"]: [0],
        ids["Envoys leave"]: [0],
        ids["Trade figures"]: [0],
    }
    # only the stored name asked for, when that is all that is given
    assert reading.passages_with(lib, [{"U.S."}]) == {ids["Envoys leave"]: [0]}


def test_passages_with_two_entities_are_where_both_appear(lib: Library) -> None:
    ids = ids_by_title(lib)
    both = reading.passages_with(lib, [{"U.S.", "US", "United States"}, {"Velmora"}])
    assert both == {ids["Envoys leave"]: [0]}
    assert reading.passages_with(lib, [{"Velmora"}, {"Ana Ruiz"}]) == {ids["Talks in Velmora"]: [1]}
    assert reading.passages_with(lib, []) == {}
    assert reading.passages_with(lib, [{"Velmora"}, set()]) == {}


def test_the_page_budget_is_the_briefs() -> None:
    from tui.brief.compose import PAGE

    assert reading.page_budget() is PAGE

