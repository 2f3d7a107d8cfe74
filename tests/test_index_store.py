"""The stored index against the in-memory one: whatever the updates, merges and
removals, every term's postings name the same passages with the same counts."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from tui.library import Library
from tui.model import Article
from tui.search import store, update_index
from tui.search.source import MemorySource

WORDS = [f"w{i}" for i in range(300)] + ["harbour", "river", "Zürich", "café"]


def article(rng: random.Random, i: int) -> Article:
    paras = [
        " ".join(rng.choices(WORDS, weights=[1 / (k + 1) for k in range(len(WORDS))], k=12))
        for _ in range(rng.randint(1, 4))
    ]
    return Article.create(title=f"Story {i}", paragraphs=paras, source_path=f"/n/{i}.txt")


def postings_by_passage(src, term: str) -> dict[tuple[str, int], int]:
    tid = src.vocab.tid_of.get(term)
    if tid is None:
        return {}
    docs, tfs = src.postings(tid)
    assert np.all(np.diff(docs.astype(np.int64)) > 0), term  # sorted, each passage once
    return {
        (src.art_ids[int(src.pid_aid[d])], int(src.pid_para[d])): int(f)
        for d, f in zip(docs.tolist(), tfs.tolist(), strict=True)
        if src.pid_alive[d]
    }


def test_postings_survive_updates_merges_and_removals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "MERGE_FACTOR", 3)  # merges at several levels
    rng = random.Random(5)
    arts = [article(rng, i) for i in range(120)]
    with Library.open(tmp_path / "lib") as lib:
        start = updates = 0
        while start < len(arts):  # updates of uneven sizes
            chunk = arts[start : start + rng.choice([1, 2, 3, 3, 3, 8])]
            start += len(chunk)
            updates += 1
            with lib.transaction():
                ids = [i for a in chunk for i in lib.replace_file_articles(a.source_path, [a])]
            update_index(lib, ids, [])
        gone: list[str] = []
        with lib.transaction():
            for a in arts[::7]:
                lib.replace_file_articles(a.source_path, [], gone)
        update_index(lib, [], gone)
        stored = store.LibrarySource(lib)
        segments = lib.execute("SELECT COUNT(*) FROM search_segments").fetchone()[0]
        assert segments < updates  # some were merged
    alive = [a for a in arts if a.id not in set(gone)]
    memory = MemorySource(alive)
    for term in set(memory.vocab.terms):
        want = postings_by_passage(memory, term)
        assert postings_by_passage(stored, term) == want, term
        if term in stored.vocab.tid_of and want:
            assert stored.df[stored.vocab.tid_of[term]] == len(want), term


def test_a_loaded_index_is_not_confused_by_later_merges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "MERGE_FACTOR", 2)
    rng = random.Random(9)
    arts = [article(rng, i) for i in range(40)]
    with Library.open(tmp_path / "lib") as lib:

        def add(batch: list[Article]) -> None:
            with lib.transaction():
                ids = [i for a in batch for i in lib.replace_file_articles(a.source_path, [a])]
            update_index(lib, ids, [])

        add(arts[:10])
        add(arts[10:13])
        before = store.LibrarySource(lib)
        for k in range(13, 40, 3):  # merges rewrite the rows `before` reads
            add(arts[k : k + 3])
        for term in ["harbour", "river", "w0", "w3", "w150"]:
            tid = before.vocab.tid_of.get(term)
            if tid is None:
                continue
            docs, _ = before.postings(tid)
            assert np.all(np.diff(docs.astype(np.int64)) > 0), term  # no piece twice
            assert docs.size == 0 or int(docs[-1]) < before.n_pids  # nothing it does not know
            memory = MemorySource(arts[:13])
            assert postings_by_passage(before, term) == postings_by_passage(memory, term)
