"""The real-world scraped page in ../shared read as EXPECTED.md says (skips when absent).

Nothing from the sample is copied here: the test asserts on titles, outlets,
counts and structure, and takes any text it compares from the file itself.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui import text
from tui.ingest import read_paths
from tui.model import Article

EXPECTED = [
    ("Taliban regime deepens Pakistan's internal security woes", "DW", "2025-08-14"),
    ("Pakistan detains Afghans waiting for Germany relocations", "DW", "2025-08-14"),
    (
        "Solomon Islands Says China Not Influencing Diplomatic Decisions",
        "Int'l Business Times",
        None,
    ),
    ("Afghanistan: Are the Taliban still isolated after 4 years?", "DW", "2025-08-14"),
]
VIDEO = re.compile(r"To view this video please enable JavaScript.*?HTML5 video")
FURNITURE_BITS = [
    "enable JavaScript",
    "HTML5 video",
    "Hashtags",
    "Try Our AI",
    "can do for you",
    "No comments yet",
    "Related Articles",
    "hours ago",
    "08/14/2025",
    "– DW",
]
ENDS_SENTENCE = re.compile(r"""[.!?…]["'”’)]*$""")


@pytest.fixture
def articles(sample: Path) -> list[Article]:
    results = list(read_paths([str(sample)]))
    assert [r.error for r in results] == [None]
    return results[0].articles


@pytest.fixture
def one_line_bodies(sample: Path) -> list[str]:
    lines = sample.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if len(line) > 2000]


def test_titles_outlets_dates(articles: list[Article]) -> None:
    assert [(a.title, a.outlet, a.published) for a in articles] == EXPECTED


def test_main_article_has_25_paragraphs(articles: list[Article]) -> None:
    assert len(articles[0].paragraphs) == 25


def test_no_furniture_anywhere(articles: list[Article]) -> None:
    for art in articles:
        for s in (art.title, *art.paragraphs):
            for bit in FURNITURE_BITS:
                assert bit not in s, (bit, s[:80])
            assert s.strip() not in ("Comments", "DW")


def test_one_line_bodies_split_into_whole_sentences(
    articles: list[Article], one_line_bodies: list[str]
) -> None:
    assert len(one_line_bodies) == 3
    for art, line in zip(articles[1:], one_line_bodies, strict=True):
        paras = art.paragraphs
        assert len(paras) >= 4
        # nothing lost, nothing added: the paragraphs are the body less the video notices
        assert " ".join(paras).split() == VIDEO.sub(" ", line).split()
        for p in paras:
            assert ENDS_SENTENCE.search(p), p[-60:]
            assert p[0].isupper() or p[0] in "\"“'", p[:60]
            assert p.count('"') % 2 == 0, p[:60]  # never cut inside a quotation
            assert 1 <= len(text.split_sentences(p)) <= 5, p[:60]


def test_cut_where_the_video_notice_stood(
    articles: list[Article], one_line_bodies: list[str]
) -> None:
    for art, line in zip(articles[1:], one_line_bodies, strict=True):
        starts = {p[:40] for p in art.paragraphs}
        ends = {p[-40:] for p in art.paragraphs}
        for m in VIDEO.finditer(line):
            before = line[: m.start()].rstrip()
            after = line[m.end() :].lstrip()
            if before:
                assert before[-40:] in ends
            if after:
                assert after[:40] in starts


def test_ids_are_stable_across_files(articles: list[Article], sample: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(sample, copy)
    again = [a for r in read_paths([str(copy)]) for a in r.articles]
    assert [a.id for a in again] == [a.id for a in articles]
    assert len({a.id for a in articles}) == 4


def test_cli_json_matches(sample: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tui", "articles", str(sample), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["title"], r["outlet"], r["published"]) for r in rows] == EXPECTED
    assert set(rows[0]) == {
        "id",
        "title",
        "outlet",
        "published",
        "url",
        "source_path",
        "paragraphs",
    }
    assert len(rows[0]["paragraphs"]) == 25
    assert out.stderr == ""
