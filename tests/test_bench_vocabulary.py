"""The bench corpus's vocabulary: a long tail of invented words, growing as real text's
does (Heaps' law), and a manifest that changes with the generator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import corpus


def test_no_marker_reaches_the_text() -> None:
    text = " ".join(p for a in corpus.articles(200) for p in (a.title, *a.paragraphs))
    assert "\x00" not in text and "deep" not in text.split() and "rest" not in text.split()


def test_vocabulary_keeps_growing() -> None:
    counts = corpus.type_counts(400, every=100)
    (n1, tokens1, types1), (n4, tokens4, types4) = counts[0], counts[-1]
    assert (n1, n4) == (100, 400)
    assert types1 > 4000  # a long tail, not a few thousand words reused
    # Heaps' law: distinct words grow roughly as tokens ** beta, beta well inside (0.4, 0.9)
    import math

    beta = math.log(types4 / types1) / math.log(tokens4 / tokens1)
    assert 0.4 < beta < 0.9


def test_tail_words_depend_on_seed_and_rank_only() -> None:
    words = [corpus._tail_word(7, r) for r in (0, 5, 70_000, 2_000_000)]
    assert [corpus._tail_word(7, r) for r in (2_000_000, 70_000, 5, 0)] == words[::-1]
    assert words != [corpus._tail_word(8, r) for r in (0, 5, 70_000, 2_000_000)]
    head = corpus._head(7)
    sample = {corpus._tail_word(7, r).lower() for r in range(0, 3_000_000, 997)}
    assert not sample & head and len(sample) > 0.99 * len(range(0, 3_000_000, 997))


def test_tail_ranks_follow_the_cdf() -> None:
    for u in (0.0, 0.1, 0.5, 0.9, 0.999):
        r = corpus._tail_rank(u)
        assert corpus._tail_cdf(r) <= u + 1e-9 <= corpus._tail_cdf(r + 1) + 1e-9


def test_manifest_carries_the_generator_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = corpus.generate(5, tmp_path / "c")
    manifest = json.loads((out / corpus.MANIFEST).read_text())
    assert manifest["generator"] == corpus.generator_hash()
    stamp = (out / corpus.MANIFEST).stat().st_mtime_ns
    corpus.generate(5, out)
    assert (out / corpus.MANIFEST).stat().st_mtime_ns == stamp  # same generator: kept
    monkeypatch.setattr(corpus, "generator_hash", lambda: "changed")
    corpus.generate(5, out)
    assert json.loads((out / corpus.MANIFEST).read_text())["generator"] == "changed"
