"""The HTML extraction benchmark's pages and scorer (bench/html_pages.py, bench/extraction.py)."""

from __future__ import annotations

import html
import re

import pytest

from bench import html_fresh
from bench.extraction import score, tokens, without_headline
from bench.html_pages import LAYOUTS, pages


def test_token_f1_counts_words_kept_and_words_added() -> None:
    assert score("the cat sat", "the cat sat").f1 == 1.0
    half = score("the cat", "the cat sat on mats")  # all kept words right, 2 of 5 found
    assert (half.precision, half.recall) == (1.0, 0.4)
    noisy = score("Share this! The cat sat.", "the cat sat")
    assert noisy.recall == 1.0 and noisy.precision == pytest.approx(3 / 5)
    assert score("", "the cat").f1 == 0.0
    assert tokens("Row | 7 | 4")["7"] == 1 and not tokens(" | ")


def test_the_headline_line_is_left_out_before_scoring() -> None:
    assert without_headline("Ferry cut\nBody text.", "Ferry  cut") == "Body text."


def test_every_page_holds_its_gold_text_and_every_layout_is_used() -> None:
    found = list(pages())
    assert len(found) >= 15
    assert {name.split("-")[1] for name, _, _ in found} == {f.__name__ for f in LAYOUTS}
    fresh = list(html_fresh.pages())
    assert {name.split("-")[2] for name, _, _ in fresh} == {f.__name__ for f in html_fresh.LAYOUTS}
    for name, doc, gold in found + fresh:
        page_words = tokens(html.unescape(re.sub(r"<[^>]+>", " ", doc)))
        assert not tokens(gold) - page_words, name  # nothing in the gold that the page lacks
        assert sum(page_words.values()) > 1.3 * sum(tokens(gold).values()), name  # boilerplate
