"""Search over the index stored in a library: incremental updates, merges, entities."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui.library import SCHEMA_VERSION, Library
from tui.model import Article
from tui.search import EmptyIndexError, Index, store, sync_index, update_index


def art(title: str, *paras: str, outlet: str | None = None, published: str | None = None):
    return Article.create(
        title=title, paragraphs=list(paras), source_path=title, outlet=outlet, published=published
    )


def add(lib: Library, *arts: Article, index: bool = True) -> list[str]:
    ids: list[str] = []
    with lib.transaction():
        for a in arts:
            ids += lib.replace_file_articles(a.source_path, [a])
    if index:
        update_index(lib, ids, [])
    return ids


def remove(lib: Library, path: str) -> list[str]:
    removed: list[str] = []
    with lib.transaction():
        lib.replace_file_articles(path, [], removed)
    update_index(lib, [], removed)
    return removed


def titles(hits) -> list[str]:
    return [h.title for h in hits]


@pytest.fixture
def lib(tmp_path: Path):
    with Library.open(tmp_path / "lib") as library:
        yield library


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
        "Dobrindt was not there; Kabul stayed calm.",
        outlet="Dawn",
        published="2024-06-15",
    ),
]


def test_library_index_matches_the_in_memory_one(lib: Library) -> None:
    add(lib, *CORPUS)
    stored, memory = Index.load(lib), Index.from_articles(CORPUS)
    for query in [
        "dobrint kabul",
        "kab",
        "Pakhtunkwa",
        '"in kabul"',
        "outlet:dw kabul",
        "-x kabul",
    ]:
        got = [h.to_json() for h in stored.search(query)]
        assert got == [h.to_json() for h in memory.search(query)], query
    hit = stored.search("dobrint kabul")[0]
    assert hit.title == "Dobrindt visits Kabul"
    assert [hit.text[s:e] for s, e in hit.highlights] == ["Dobrindt", "Kabul"]


def test_empty_library(lib: Library) -> None:
    with pytest.raises(EmptyIndexError):
        Index.load(lib).search("kabul")


def test_incremental_add_and_remove(lib: Library) -> None:
    add(lib, CORPUS[0])
    assert titles(Index.load(lib).search("kabul")) == ["Dobrindt visits Kabul"]
    add(lib, CORPUS[1])
    assert set(titles(Index.load(lib).search("kabul"))) == {"Dobrindt visits Kabul", "Cricket news"}
    assert remove(lib, "Dobrindt visits Kabul")
    ix = Index.load(lib)
    assert titles(ix.search("kabul")) == ["Cricket news"]
    assert ix.search("pakhtunkhwa") == []
    add(lib, CORPUS[0])  # back again, under a new internal id
    assert len(Index.load(lib).search("kabul")) == 2


def test_many_small_updates_merge_into_few_segments(lib: Library, monkeypatch) -> None:
    monkeypatch.setattr(store, "MERGE_FACTOR", 3)
    arts = [art(f"n{i}", f"Story {i} about the harbour and word{i}.") for i in range(20)]
    for a in arts:
        add(lib, a)
    segments = lib.execute("SELECT COUNT(*) FROM search_segments").fetchone()[0]
    assert segments < 8
    ix = Index.load(lib)
    assert len(ix.search("harbour", limit=50)) == 20
    assert titles(ix.search("word13 ")) == ["n13"]
    # one piece of the word's postings per segment: a row, or in the segment's row
    source = store.LibrarySource(lib)
    pieces = source._where.pieces(source.vocab.tid_of["harbour"])
    assert len(pieces) == segments
    rows = lib.execute(
        "SELECT COUNT(*) FROM search_postings WHERE tid = ?", (source.vocab.tid("harbour"),)
    ).fetchone()[0]
    assert rows == sum(1 for _, docs, _ in pieces if docs is None) >= 1


def test_load_indexes_what_the_index_lacks(lib: Library) -> None:
    add(lib, *CORPUS, index=False)
    assert len(Index.load(lib).search("kabul")) == 2
    assert sync_index(lib) is False


def test_update_inside_the_callers_transaction(lib: Library) -> None:
    with lib.transaction():
        ids = lib.replace_file_articles("x", [CORPUS[0]])
        update_index(lib, ids, [])
    assert titles(Index.load(lib).search("kabul")) == ["Dobrindt visits Kabul"]


def test_index_loaded_before_an_update_ignores_new_passages(lib: Library) -> None:
    add(lib, CORPUS[0])
    old = Index.load(lib)
    add(lib, CORPUS[1])
    assert titles(old.search("kabul")) == ["Dobrindt visits Kabul"]


def test_entity_filter_uses_every_alias(lib: Library) -> None:
    ids = add(
        lib,
        art("a", "Alexander Dobrindt spoke in Kabul.", "Nothing here."),
        art("b", "Later the interior minister flew to Kabul."),
        art("c", "Kabul was quiet.", "Safdar Sial of PIPS said so."),
        index=False,
    )
    rows = [
        (ids[0], 0, 0, 18, "PERSON", "Alexander Dobrindt", "Alexander Dobrindt"),
        (ids[1], 0, 6, 27, "PERSON", "the interior minister", "Alexander Dobrindt"),
        (ids[2], 1, 0, 12, "PERSON", "Safdar Sial", "Safdar Sial"),
        (ids[2], 1, 16, 20, "ORG", "PIPS", "Pak Institute for Peace Studies"),
    ]
    with lib.transaction():
        lib.executemany(
            "INSERT INTO mentions (article_id, paragraph, start, end, type, text, canonical) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    update_index(lib, ids, [])
    ix = Index.load(lib)
    assert set(titles(ix.search("@Dobrindt"))) == {"a", "b"}
    assert set(titles(ix.search("@dobrint kabul"))) == {"a", "b"}
    assert titles(ix.search("@PIPS")) == ["c"]
    assert titles(ix.search('@"Pak Institute"')) == ["c"]
    assert titles(ix.search("@Sial")) == ["c"]
    hit = [h for h in ix.search("@Dobrindt kabul") if h.title == "b"][0]
    assert [hit.text[s:e] for s, e in hit.highlights] == ["the interior minister", "Kabul"]


def test_search_from_threads(lib: Library) -> None:
    add(lib, *CORPUS, *[art(f"n{i}", f"Kabul story {i} of harbour news.") for i in range(50)])
    ix = Index.load(lib)
    queries = ["kabul", "harbour", "dobrint", "kab", "news harb"]
    expected = {q: [h.to_json() for h in ix.search(q)] for q in queries}
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(20):
                for q in queries:
                    assert [h.to_json() for h in ix.search(q)] == expected[q]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_vocabulary_blocks_compacted_keep_every_term(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "MOST_VOCAB_BLOCKS", 2)
    for i in range(6):  # one block an update, compacted past two
        add(lib, art(f"n{i}", f"Story {i} about quillword{i} and the harbour."))
    blocks = lib.execute("SELECT COUNT(*) FROM search_vocab_blocks").fetchone()[0]
    assert blocks <= 2
    ix = Index.load(lib)
    assert [titles(ix.search(f"quillword{i} ")) for i in range(6)] == [[f"n{i}"] for i in range(6)]
    assert len(set(ix.src.vocab.terms)) == len(ix.src.vocab.terms)


def test_a_library_with_the_old_vocabulary_table_is_migrated(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        add(lib, *CORPUS)
        terms = Index.load(lib).src.vocab.terms
        # as schema 7 stored it: a row a term
        with lib.transaction():
            lib.execute(
                "CREATE TABLE search_vocab (tid INTEGER PRIMARY KEY, term TEXT NOT NULL)"
            )
            lib.executemany("INSERT INTO search_vocab VALUES (?, ?)", list(enumerate(terms)))
            lib.execute("DROP TABLE search_vocab_blocks")
            lib.execute("PRAGMA user_version = 7")
    with Library.open(folder) as lib:
        assert lib.schema_version == SCHEMA_VERSION
        ix = Index.load(lib)
        assert ix.src.vocab.terms == terms
        assert titles(ix.search("dobrint kabul")) == ["Dobrindt visits Kabul", "Cricket news"]
        add(lib, art("New", "Quillfeather sailed from Kabul."))
        assert titles(Index.load(lib).search("quillfeather")) == ["New"]
