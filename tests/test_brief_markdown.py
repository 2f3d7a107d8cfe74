"""The Markdown rendering: structure, citations, escaping of untrusted text."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.test_brief_helpers import article, rhine_analysis
from tui.brief import (
    Brief,
    KeyPoint,
    QuoteItem,
    SelectedPassage,
    Source,
    SourceEntry,
    compile_brief,
    page_meter,
    render_markdown,
)
from tui.brief.markdown import escape, wrap
from tui.text import clean_line, sanitize

DAY = dt.date(2025, 1, 2)
MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")

HOSTILE = [
    "*bold* _em_ **strong** `code` ~~strike~~",
    "[link](https://evil.example) ![img](https://evil.example/x.png)",
    "<script>alert(1)</script> <b>bold</b> <https://evil.example>",
    "# not a heading",
    "- not a list",
    "+ not a list",
    "1. not a list",
    "2) not a list",
    "> not a quote",
    "--- not a rule",
    "=== not an underline",
    "| a | b |",
    "&amp; &#65; &copy;",
    "back\\slash at the end\\",
    "% pandoc title block",
    ": pandoc definition",
    "```fence",
    "    indented code",
    "word " * 40 + "- " + "x" * 130,
    "a\\*b \\[c\\]",
]


def _brief(text: str, url: str | None = "https://example.org/a") -> Brief:
    src = Source("a1", text, text, "2025-01-02", url, 0)
    return Brief(
        title=text,
        created=DAY,
        bluf=text,
        key_points=(KeyPoint(text, src, note=text),),
        quotes=(QuoteItem(text, text, src),),
        sources=(SourceEntry(1, "a1", text, text, "2025-01-02", url),),
    )


def _visible(markdown: str) -> str:
    out = MD.render(markdown)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", out)).split())


def _check_structure(markdown: str, text: str) -> None:
    out = MD.render(markdown)
    assert out.count("<h1>") == 1
    assert out.count("<h2>") == 3  # key points, quotes, sources
    assert out.count("<li>") == 3
    for tag in ("<h3", "<hr", "<blockquote", "<code", "<pre", "<img", "<script", "<table", "<s>"):
        assert tag not in out, tag
    links = re.findall(r'<a href="([^"]*)"', out)
    assert links == ["https://example.org/a"]
    assert out.count("<em>") == 2  # the meta line and "Note:"
    # words longer than a line are split across lines, so compare without whitespace
    visible = "".join(_visible(markdown).split())
    assert visible.count("".join(clean_line(text).split())) >= 5


@pytest.mark.parametrize("text", HOSTILE)
def test_untrusted_text_is_shown_as_text(text: str) -> None:
    md = render_markdown(_brief(text))
    _check_structure(md, text)
    assert all(len(line) <= 100 for line in md.splitlines())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1).map(sanitize))
def test_any_text_keeps_the_structure(raw: str) -> None:
    text = clean_line(raw)
    if not text:
        return
    md = render_markdown(_brief(text))
    assert all(len(line) <= 100 for line in md.splitlines())
    _check_structure(md, text)


def test_wrapped_lines_never_start_a_block() -> None:
    for text in HOSTILE:
        for width in (12, 20, 33):
            for line in wrap(escape("x " + text), "- ", width=width):
                body = line[2:]
                assert not re.match(r"^(?:[-+*] |#|>|\d+[.)] |=+$|-+$)", body), line


def test_layout_reads_as_plain_text() -> None:
    art = article()
    b = compile_brief(
        [SelectedPassage(art, i) for i in range(3)],
        title="Rhine floods",
        created=DAY,
        analyses={art.id: rhine_analysis(art)},
    )
    md = render_markdown(b)
    assert md.startswith("Rhine floods\n============\n")
    for heading in ("## Key points", "## Actors", "## Quotes", "## Figures", "## Sources"):
        assert heading in md
    assert "**Bottom line (draft):**" in md  # drafted, not yet accepted
    assert "- The Rhine was closed to shipping" in md
    assert "Cologne. [1 ¶1]" in md  # article and paragraph, 1-based
    assert (
        "1. Rhine Post, 2025-01-02. Floods close Rhine shipping. <https://example.org/rhine>" in md
    )
    assert "“We have not seen water this high since 1993” — **Anna Weber** [1 ¶2]" in md
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert page_meter(md).fits


def test_unsafe_urls_are_not_linked() -> None:
    for url in ("javascript:alert(1)", "https://x.example/a b", "https://x.example/<a>"):
        md = render_markdown(_brief("t", url=url))
        assert "<a href" not in MD.render(md).replace('href="https://example.org', "")
        assert "javascript:alert" not in re.findall(r'href="([^"]*)"', MD.render(md))


def test_long_url_stands_alone_never_broken_nor_dropped() -> None:
    url = "https://example.org/" + "a" * 150
    md = render_markdown(_brief("t", url=url))
    lines = md.splitlines()
    assert f"   <{url}>" in lines  # alone on its line, under its source
    assert all(len(line) <= 100 for line in lines if url not in line)
    meter = page_meter(md)
    assert meter.widest <= 100 and meter.lines == len(lines)  # the line counts, not its width
    short = "https://example.org/news/2025/08/14/pakistan-detains-afghans-waiting-for-relocation"
    md = render_markdown(_brief("t", url=short))
    assert any(line.endswith(f"<{short}>") for line in md.splitlines())
    assert all(len(line) <= 100 for line in md.splitlines())


def test_figures_of_one_sentence_share_a_line_after_it() -> None:
    from tui.brief import FigureItem

    src = Source("a1", "T", "O", "2025-01-02", None, 4)
    other = Source("a1", "T", "O", "2025-01-02", None, 5)
    b = Brief(
        title="t",
        created=DAY,
        bluf="",
        key_points=(KeyPoint("x", src),),
        figures=(
            FigureItem(
                "2,451", "Deaths fell from 2,451 across 1,717 attacks in 2013.", src, "deaths"
            ),
            FigureItem(
                "1,717", "Deaths fell from 2,451 across 1,717 attacks in 2013.", src, "attacks"
            ),
            FigureItem("€5 million", "Aid of €5 million came.", src),
            FigureItem("220", "Deaths were 220 in 2020.", other),
        ),
        sources=(SourceEntry(1, "a1", "T", "O", "2025-01-02", None),),
    )
    md = render_markdown(b)
    assert (
        "- **2,451 deaths**, **1,717 attacks**: Deaths fell from 2,451 across 1,717 attacks "
        "in 2013. [1 ¶5]\n" in md
    )
    assert "- **€5 million**: Aid of €5 million came. [1 ¶5]\n" in md
    assert "- **220**: Deaths were 220 in 2020. [1 ¶6]\n" in md
