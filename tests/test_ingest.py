"""Every reader: plain text, Markdown, HTML, RSS/Atom, JSON/JSON Lines, folders, stdin."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main
from tui.ingest import FileResult, expand, load_bytes, parse_size, read_bytes, read_paths, sniff
from tui.ingest.dates import normalize_date
from tui.model import Article

REPO = Path(__file__).resolve().parent.parent
FORBIDDEN = set(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]))

BODY1 = (
    "Officials in the invented town of Brask said on Monday that 120 households had been "
    "moved after the river rose by 2.4 metres overnight."
)
BODY2 = (
    '"We moved everyone before midnight," said Ada Venn, a volunteer with the Brask Rescue '
    "Service (BRS). The service had 14 boats on the water."
)


def read_one(path: Path) -> list[Article]:
    results = list(read_paths([str(path)]))
    assert len(results) == 1
    assert results[0].error is None, results[0].error
    return results[0].articles


def run_cli(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[dict[str, Any]], list[str]]:
    rc = main(["articles", *args, "--json"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    return rc, rows, err.splitlines()


def all_strings(art: Article) -> list[str]:
    return [s for s in (art.title, art.outlet, art.published, art.url, *art.paragraphs) if s]


# --- plain text and Markdown ------------------------------------------------------------


def test_plain_text_title_and_paragraphs(tmp_path: Path) -> None:
    f = tmp_path / "flood.txt"
    f.write_text(f"River floods Brask\n\n{BODY1}\n\n{BODY2}\n", encoding="utf-8")
    [art] = read_one(f)
    assert art.title == "River floods Brask"
    assert art.paragraphs == (BODY1, BODY2)
    assert art.source_path == str(f)


def test_plain_text_hard_wrapped_paragraphs_are_joined(tmp_path: Path) -> None:
    def wrap(s: str) -> str:
        words, lines, cur = s.split(), [], ""
        for w in words:
            if len(cur) + len(w) > 60:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        return "\n".join([*lines, cur])

    f = tmp_path / "wrapped.txt"
    f.write_text(f"River floods Brask\n\n{wrap(BODY1)}\n\n{wrap(BODY2)}\n", encoding="utf-8")
    [art] = read_one(f)
    assert art.paragraphs == (BODY1, BODY2)


def test_plain_text_front_matter(tmp_path: Path) -> None:
    f = tmp_path / "fm.txt"
    f.write_text(
        "---\ntitle: 'Brask counts the cost'\noutlet: Brask Herald\ndate: 3 May 2025\n"
        "url: https://brask.example/a\n---\n" + BODY1 + "\n",
        encoding="utf-8",
    )
    [art] = read_one(f)
    assert (art.title, art.outlet, art.published, art.url) == (
        "Brask counts the cost",
        "Brask Herald",
        "2025-05-03",
        "https://brask.example/a",
    )
    assert art.paragraphs == (BODY1,)


def test_markdown_front_matter_markup_and_lists(tmp_path: Path) -> None:
    f = tmp_path / "note.md"
    f.write_text(
        "---\noutlet: Brask Herald\npublished: 2025-05-04\n---\n\n"
        "# River floods *Brask*\n\n"
        "Officials in the invented town of **Brask** said on Monday that 120 households\n"
        "had been moved after the [river](https://x.example) rose by 2.4 metres overnight.\n\n"
        "## Details\n\n"
        "- First item of the list, which is long enough\n  to wrap onto a second line.\n"
        "- Second item.\n\n"
        "```\ncode that is not text\n```\n\n"
        f"> {BODY2}\n",
        encoding="utf-8",
    )
    [art] = read_one(f)
    assert art.title == "River floods Brask"
    assert (art.outlet, art.published) == ("Brask Herald", "2025-05-04")
    assert art.paragraphs == (
        BODY1,
        "First item of the list, which is long enough to wrap onto a second line.",
        "Second item.",
        BODY2,
    )


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>River floods Brask | Brask Herald</title>
<meta property="og:site_name" content="Brask Herald">
<meta property="article:published_time" content="2025-05-05T08:00:00Z">
<link rel="canonical" href="https://brask.example/flood">
<script>var tracking = "Do not read me.";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>River floods Brask</h1><p>{p1}</p><p>{p2}</p>
<p>Engineers from the Regional Water Office (RWO) will inspect the dykes on Tuesday and
report to the council by Friday, a spokesperson said.</p></article>
<footer><p>Share this article</p><p>&copy; 2025 Brask Herald</p></footer></body></html>
"""


def test_html_page_body_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE.format(p1=BODY1, p2=BODY2), encoding="utf-8")
    [art] = read_one(f)
    assert art.title == "River floods Brask"
    assert art.outlet == "Brask Herald"
    assert art.published == "2025-05-05"
    assert art.url == "https://brask.example/flood"
    assert art.paragraphs[:2] == (BODY1, BODY2)
    joined = " ".join(art.paragraphs)
    for furniture in ("Home", "Sport", "Share this", "Do not read me", "©"):
        assert furniture not in joined


def test_html_detected_by_content_whatever_the_name(tmp_path: Path) -> None:
    f = tmp_path / "saved-page.txt"
    f.write_text(PAGE.format(p1=BODY1, p2=BODY2), encoding="utf-8")
    [art] = read_one(f)
    assert art.paragraphs[0] == BODY1


def test_html_fragment_falls_back_to_plain_extraction(tmp_path: Path) -> None:
    f = tmp_path / "frag.html"
    f.write_text(f"<h1>Short note</h1><p>{BODY1}</p>", encoding="utf-8")
    [art] = read_one(f)
    assert BODY1 in art.paragraphs


# --- feeds -------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Brask Herald</title><link>https://brask.example/</link>
<item><title>River floods Brask</title><link>https://brask.example/flood</link>
<pubDate>Mon, 05 May 2025 23:30:00 +0200</pubDate>
<description>Short teaser only.</description>
<content:encoded><![CDATA[<p>{p1}</p><p>{p2}</p>]]></content:encoded></item>
<item><title>Dykes hold</title><link>https://brask.example/dykes</link>
<pubDate>Tue, 06 May 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The dykes held overnight, the Regional Water Office said on Tuesday.&lt;/p&gt;</description>
</item></channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Brask Wire</title>
<entry><title>River floods Brask</title><link href="https://wire.example/1"/>
<id>urn:x:1</id><updated>2025-05-06T01:00:00Z</updated><published>2025-05-05T21:00:00Z</published>
<content type="html">&lt;p&gt;{p1}&lt;/p&gt;</content></entry></feed>
"""


def test_rss_one_article_per_entry_with_full_text(tmp_path: Path) -> None:
    f = tmp_path / "feed.rss"
    f.write_text(RSS.format(p1=BODY1, p2=BODY2.replace("&", "&amp;")), encoding="utf-8")
    first, second = read_one(f)
    assert first.title == "River floods Brask"
    assert first.paragraphs == (BODY1, BODY2)  # content:encoded, not the teaser
    assert first.published == "2025-05-05"  # the date as the outlet wrote it
    assert (first.outlet, first.url) == ("Brask Herald", "https://brask.example/flood")
    assert second.paragraphs == (
        "The dykes held overnight, the Regional Water Office said on Tuesday.",
    )
    assert second.published == "2025-05-06"


def test_atom_feed_detected_without_extension(tmp_path: Path) -> None:
    f = tmp_path / "wire"
    f.write_text(ATOM.format(p1=BODY1), encoding="utf-8")
    [art] = read_one(f)
    assert (art.title, art.outlet, art.published, art.url) == (
        "River floods Brask",
        "Brask Wire",
        "2025-05-05",
        "https://wire.example/1",
    )
    assert art.paragraphs == (BODY1,)


# --- JSON and JSON Lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        {"title": "River floods Brask", "text": f"{BODY1}\n\n{BODY2}", "source": "Brask Herald"},
        [{"headline": "River floods Brask", "body": f"<p>{BODY1}</p><p>{BODY2}</p>"}],
        {"articles": [{"title": "River floods Brask", "content": [BODY1, BODY2]}]},
    ],
    ids=["object", "list-html-body", "wrapped-list"],
)
def test_json_shapes(tmp_path: Path, doc: object) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    [art] = read_one(f)
    assert art.title == "River floods Brask"
    assert art.paragraphs == (BODY1, BODY2)


def test_json_lines_common_field_names(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    rows = [
        {
            "title": "One",
            "text": BODY1,
            "url": "https://a.example/1",
            "published": "2025-05-05T10:00:00Z",
            "source": {"name": "Brask Herald"},
        },
        {
            "headline": "Two",
            "body": BODY2,
            "link": "https://a.example/2",
            "date": "05/06/2025",
            "outlet": "Wire",
        },
        {"title": "No body at all"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    one, two = read_one(f)
    assert (one.title, one.outlet, one.published, one.url) == (
        "One",
        "Brask Herald",
        "2025-05-05",
        "https://a.example/1",
    )
    assert (two.title, two.outlet, two.published, two.url) == (
        "Two",
        "Wire",
        "2025-05-06",
        "https://a.example/2",
    )


def test_json_lines_bad_line_reads_the_rest_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "a.jsonl"
    good = json.dumps({"title": "One", "text": BODY1})
    f.write_text(
        f"{good}\n{{broken\n{json.dumps({'title': 'Two', 'text': BODY2})}\n", encoding="utf-8"
    )
    rc, rows, err = run_cli(capsys, str(f))
    assert rc == 1
    assert [r["title"] for r in rows] == ["One", "Two"]
    assert len(err) == 1 and str(f) in err[0] and "line 2" in err[0]


def test_json_long_single_line_body_is_split_into_sentences(tmp_path: Path) -> None:
    sentences = [
        f"Sentence number {i} says that the river rose by {i}.5 metres near Brask."
        for i in range(40)
    ]
    f = tmp_path / "long.json"
    f.write_text(json.dumps({"title": "Long", "text": " ".join(sentences)}), encoding="utf-8")
    [art] = read_one(f)
    assert len(art.paragraphs) > 5
    assert " ".join(art.paragraphs) == " ".join(sentences)
    assert all(p.endswith("Brask.") for p in art.paragraphs)


# --- folders, stdin, detection -----------------------------------------------------------


def test_folders_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(f"Alpha title here\n\n{BODY1}\n", encoding="utf-8")
    (tmp_path / "b" / "c" / "deep.md").write_text(
        f"# Deep title here\n\n{BODY2}\n", encoding="utf-8"
    )
    (tmp_path / ".hidden.txt").write_text("Hidden title\n\nHidden body text.\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Git title\n\nGit body text.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(
        "# About this folder\n\nIt holds news files.\n", encoding="utf-8"
    )
    assert list(expand([str(tmp_path)])) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c" / "deep.md"),
    ]
    titles = [a.title for r in read_paths([str(tmp_path)]) for a in r.articles]
    assert titles == ["Alpha title here", "Deep title here"]


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.dumps({"title": "From a pipe", "text": BODY1}).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    rc, rows, err = run_cli(capsys, "-")
    assert rc == 0 and err == []
    assert rows[0]["title"] == "From a pipe"
    assert rows[0]["source_path"] == "<stdin>"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("x.txt", '{"title": "a"}', "json"),
        ("x", '[{"title": "a"}]', "json"),
        ("x.txt", "[Update] the river rose.", "text"),
        ("x.txt", "[1] The river rose.", "json"),  # sniffed as JSON, read as text when it is not
        ("x.dat", "<?xml version='1.0'?><rss></rss>", "feed"),
        ("x.xml", "<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
        ("x.txt", "<!doctype html><p>x</p>", "html"),
        ("x.md", "Title\n\nBody.", "markdown"),
        ("x", "# Title\n\nBody.", "markdown"),
        ("x.txt", "Title\n\nBody.", "text"),
    ],
)
def test_format_sniffed_by_content_then_name(name: str, content: str, fmt: str) -> None:
    assert sniff(content.encode(), content, name) == fmt


# --- hygiene, ids, metadata ---------------------------------------------------------------


def test_every_string_is_sanitised(tmp_path: Path) -> None:
    nasty = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202e"
    (tmp_path / "a.json").write_text(
        json.dumps(
            {"title": f"Title{nasty} ok", "text": f"{BODY1}{nasty}", "source": f"Out{nasty}let"}
        ),
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(f"Plain{nasty} title\n\n{BODY2}{nasty}\n", encoding="utf-8")
    (tmp_path / "c.html").write_text(PAGE.format(p1=BODY1 + nasty, p2=BODY2), encoding="utf-8")
    arts = [a for r in read_paths([str(tmp_path)]) for a in r.articles]
    assert len(arts) == 3
    for art in arts:
        for s in all_strings(art):
            assert not set(s) & FORBIDDEN, repr(s)
    assert arts[0].title == "Title ok"
    assert arts[0].outlet == "Outlet"


def test_same_article_from_two_files_has_one_id(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        f"---\ntitle: River floods Brask\noutlet: Brask Herald\n---\n{BODY1}\n\n{BODY2}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.jsonl").write_text(
        json.dumps(
            {"title": "River floods Brask", "source": "Brask Herald", "text": f"{BODY1}\n{BODY2}"}
        )
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "c.txt").write_text(f"River floods Brask\n\n{BODY1}\n\n{BODY2}\n", encoding="utf-8")
    a, b, c = (a for r in read_paths([str(tmp_path)]) for a in r.articles)
    assert a.id == b.id
    assert c.id != a.id  # no outlet stated: a different article as far as content goes
    assert [x.id for x in read_one(tmp_path / "c.txt")] == [c.id]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("08/14/2025", "2025-08-14"),
        ("14/08/2025", "2025-08-14"),
        ("14.08.2025", "2025-08-14"),
        ("2025-08-14T23:59:00-05:00", "2025-08-14"),
        ("Thu, 14 Aug 2025 10:00:00 GMT", "2025-08-14"),
        ("August 14, 2025", "2025-08-14"),
        ("14 Aug. 2025", "2025-08-14"),
        ("Thursday, August 14, 2025 at 10:33", "2025-08-14"),
        ("2025-02-30", None),
        ("next week", None),
        ("", None),
    ],
)
def test_dates_normalised_to_iso(raw: str, iso: str | None) -> None:
    assert normalize_date(raw) == iso


def test_parse_size() -> None:
    assert parse_size("50M") == 50 * 1024**2
    assert parse_size("2G") == 2 * 1024**3
    assert parse_size("800k") == 800 * 1024
    assert parse_size("1.5MB") == int(1.5 * 1024**2)
    assert parse_size("123") == 123
    with pytest.raises(ValueError):
        parse_size("lots")


def test_public_helpers_keep_their_names(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(f"Some title here\n\n{BODY1}\n", encoding="utf-8")
    data = load_bytes(str(f))
    assert read_bytes(data, str(f))[0].title == "Some title here"
    assert isinstance(next(read_paths([str(f)])), FileResult)


# --- the bundled sample corpus ------------------------------------------------------------


def test_seeds_read_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    rc, rows, err = run_cli(capsys, str(REPO / "seeds"))
    assert rc == 0 and err == []
    assert len(rows) == 12
    assert not any(str(r["source_path"]).endswith("README.md") for r in rows)
    suffixes = {Path(str(r["source_path"])).suffix for r in rows}
    assert {".txt", ".html", ".rss", ".md", ".jsonl"} <= suffixes
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["title"] and r["paragraphs"]
        assert r["published"] is None or str(r["published"]).startswith(("2025-", "2026-"))
        for p in r["paragraphs"]:
            assert "browser does not support" not in p and "Share this" not in p
    scraped = [r for r in rows if str(r["source_path"]).endswith("newsnest_dalva_drought.txt")]
    assert len(scraped) == 3
    assert [r["outlet"] for r in scraped] == ["Velmora Ledger", "Karsovia Today", "Ostrany Post"]


# --- furniture rules on a page from another (invented) site -------------------------------

TRAM1 = (
    "Tram drivers in the invented city of Lissport stayed off work for a second day on Tuesday, "
    "leaving about 180,000 commuters to find other ways to reach work."
)
TRAM2 = (
    '"We did not want this strike, but the company left us no choice," said Oda Brenn, who chairs '
    "the Lissport Transport Workers' Association (LTWA)."
)
TRAM3 = "The city's transport company said it would meet the association again on Thursday."
NUMBERS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
]
FERRY = [
    f"Sentence {w} of the second story says the ferry to Kell leaves at {i}.15 from the north pier."
    for i, w in enumerate(NUMBERS)
]
PROMO = "Subscribe to the Harbour Gazette today for unlimited access to local news"


def test_furniture_rules_work_on_another_site(tmp_path: Path) -> None:
    body = " ".join(FERRY).replace(
        "Sentence seven", "Your browser does not support the video tag. Sentence seven"
    )
    page = [
        "Skip to content",
        *["Home", "World", "Business", "Sport", "Culture"],  # a link list
        "Harbour Gazette",
        "Updated 3 hours ago",
        "Tram strike halts Lissport for a second day",
        "By Maren Holt",
        "Listen to this article",
        TRAM1,
        "Advertisement",
        TRAM2,
        "Read more: Tram fares to rise in June",
        PROMO,
        TRAM3,
        "Share",
        "Copy link",
        "Most Read",
        "Ferry timetable changes announced",
        "",
        "Harbour Gazette",
        "5 hours ago",
        "- Harbour Gazette",
        "Ferry to Kell gets a new timetable",
        body,
        PROMO,
        "",
        "",
        "Harbour council approves budget",
        "The Lissport council approved a budget of 92 million crowns on Monday after a long debate "
        "about tram fares, ferry subsidies and the new north pier.",
    ]
    f = tmp_path / "gazette.txt"
    f.write_text("\n".join(page) + "\n", encoding="utf-8")
    tram, ferry, council = read_one(f)
    assert (tram.title, tram.outlet, tram.published) == (
        "Tram strike halts Lissport for a second day",
        "Harbour Gazette",
        None,
    )
    assert tram.paragraphs == (TRAM1, TRAM2, TRAM3)
    assert (ferry.title, ferry.outlet) == ("Ferry to Kell gets a new timetable", "Harbour Gazette")
    assert " ".join(ferry.paragraphs) == " ".join(FERRY)
    assert any(p.startswith("Sentence seven") for p in ferry.paragraphs)  # cut at the notice
    assert ferry.paragraphs[0].startswith("Sentence one")
    assert all(p.endswith("north pier.") for p in ferry.paragraphs)
    assert council.title == "Harbour council approves budget"
    assert council.paragraphs[0].startswith("The Lissport council approved")


@pytest.mark.parametrize(
    "line",
    [
        "Image source, Getty Images",
        "Photo: Brask Herald",
        "Reporting by Anna Berg; Editing by Tom Lee",
        "Follow us on Instagram",
        "Story continues below advertisement",
        "Advertisement - Scroll to continue",
        "Read also: Bridges in Brask",
        "Sign up for our morning newsletter",
        "12 comments",
        "© 2025 Brask Herald",
        "By Maren Holt and Oda Brenn",
        "Explore what BraskBot can do for you:",
    ],
)
def test_known_furniture_lines(line: str) -> None:
    from tui.ingest import furniture

    assert furniture.is_known(line)


@pytest.mark.parametrize(
    "line",
    [
        "Follow the money, the auditor told the committee.",
        "Sources say the minister will resign on Friday.",
        "By the end of the year, the council had spent 4 million crowns.",
        "Reporting by the Brask Herald showed that costs rose by a third in the year to March.",
        "Comments by the mayor angered the union.",
    ],
)
def test_sentences_are_not_furniture(line: str) -> None:
    from tui.ingest import furniture

    assert not furniture.is_known(line)


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (
            [
                "Brask Herald",
                "Home",
                "News",
                "Sport",
                "River floods Brask after storm",
                "Share",
                "By Ada Venn",
                BODY1,
            ],
            "River floods Brask after storm",
        ),
        (
            ["River floods Brask after storm", "", "Listen to this article", "", BODY1, BODY2],
            "River floods Brask after storm",
        ),
        (
            ["Brask Herald", "River floods Brask after storm", BODY1],
            "River floods Brask after storm",
        ),
        (
            [BODY1, "", BODY2],
            "Officials in the invented town of Brask said on Monday that 120 households had been moved after the…",
        ),
    ],
    ids=["site-name-and-menu", "furniture-between", "site-name", "no-title"],
)
def test_headline_found_among_page_furniture(tmp_path: Path, page: list[str], title: str) -> None:
    f = tmp_path / "page.txt"
    f.write_text("\n".join(page) + "\n", encoding="utf-8")
    [art] = read_one(f)
    assert art.title == title
    assert art.paragraphs[0] == BODY1


def test_header_without_title_line(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text(f"Brask Herald\n2 hours ago\n{BODY1} {BODY2}\n", encoding="utf-8")
    [art] = read_one(f)
    assert art.outlet == "Brask Herald"
    assert " ".join(art.paragraphs) == f"{BODY1} {BODY2}"


def test_json_titles_lose_tags_and_entities(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(
        json.dumps({"title": "<b>Floods</b> &amp; dykes in Brask", "text": BODY1}), encoding="utf-8"
    )
    [art] = read_one(f)
    assert art.title == "Floods & dykes in Brask"


def test_json_lone_surrogate_escapes_become_replacement(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(
        '{"title": "Odd \\ud800 title", "text": "Body with \\udfff in it, said the council."}',
        encoding="utf-8",
    )
    [art] = read_one(f)
    assert art.title == "Odd \ufffd title"
    assert "\ufffd" in art.paragraphs[0]
    assert len(art.id) == 16


def test_text_that_only_looks_like_json(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text(f"[1] River floods Brask\n\n{BODY1}\n", encoding="utf-8")
    [art] = read_one(f)
    assert art.title == "[1] River floods Brask"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.replace("\n", "\r\n").encode(),
        lambda s: s.replace("\n", "\r").encode(),
        lambda s: b"\xef\xbb\xbf" + s.encode(),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("cp1252"),
    ],
    ids=["crlf", "cr", "utf8-bom", "utf16", "cp1252"],
)
def test_line_endings_and_encodings_read_alike(
    tmp_path: Path, encode: Callable[[str], bytes]
) -> None:
    doc = f"Café owners in Brask count the cost\n\n{BODY1} Café owners agreed.\n\n{BODY2}\n" * 1
    doc = doc + "\n" + " ".join([f"Sentence {i} about the café." for i in range(60)]) + "\n"
    plain = tmp_path / "plain.txt"
    plain.write_bytes(doc.encode())
    other = tmp_path / "other.txt"
    other.write_bytes(encode(doc))
    [a] = read_one(plain)
    [b] = read_one(other)
    assert (b.title, b.paragraphs, b.id) == (a.title, a.paragraphs, a.id)


@pytest.mark.parametrize(
    "date_line",
    [
        "August 14, 2025 10:33 AM",
        "Published: 14.08.2025",
        "Updated Thursday, August 14, 2025",
        "2025-08-14",
    ],
)
def test_date_line_under_the_title(tmp_path: Path, date_line: str) -> None:
    f = tmp_path / "page.txt"
    f.write_text(
        f"River floods Brask after storm\n{date_line}\n{BODY1}\n{BODY2}\n", encoding="utf-8"
    )
    [art] = read_one(f)
    assert art.published == "2025-08-14"
    assert art.paragraphs == (BODY1, BODY2)


def test_title_suffix_is_metadata_in_any_format(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    rows = [
        {"title": "River floods Brask – Brask Herald – 05/05/2025", "text": BODY1},
        {
            "title": "Dykes hold | Brask Herald",
            "text": BODY2,
            "source": "Brask Herald",
            "date": "2025-05-06",
        },
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    one, two = read_one(f)
    assert (one.title, one.outlet, one.published) == (
        "River floods Brask",
        "Brask Herald",
        "2025-05-05",
    )
    assert (two.title, two.outlet, two.published) == ("Dykes hold", "Brask Herald", "2025-05-06")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path: Path, codec: str) -> None:
    f = tmp_path / "wide.txt"
    f.write_bytes(f"River floods Brask\n\n{BODY1}\n".encode(codec))
    [art] = read_one(f)
    assert (art.title, art.paragraphs) == ("River floods Brask", (BODY1,))


# --- HTML tables (written for the tests) --------------------------------------------------

STANDINGS = """<!doctype html><html><head><title>League standings after round 12</title>
<meta property="og:site_name" content="Coast Herald"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>League standings after round 12</h1>
<p>Harbour Rovers stayed top of the table after a two-nil win over Eastvale on Saturday,
and their lead is now four points with ten rounds left to play.</p>
<table>
<tr><th>Team</th><th>Played</th><th>Points</th></tr>
<tr><td>Harbour Rovers</td><td>12</td><td>29</td></tr>
<tr><td>Eastvale United</td><td>12</td><td>25</td></tr>
<tr><td>Portmere Town</td><td>12</td><td>21</td></tr>
</table>
<p>The next round is on Saturday, when the top two meet at the harbour ground in a game
that could go a long way towards deciding the title.</p>
</article><footer>Copyright Coast Herald</footer></body></html>"""


def test_html_table_rows_are_kept_as_readable_lines(tmp_path: Path) -> None:
    page = tmp_path / "standings.html"
    page.write_text(STANDINGS, encoding="utf-8")
    (art,) = read_bytes(page.read_bytes(), str(page))
    assert art.title == "League standings after round 12"
    assert list(art.paragraphs[1:5]) == [
        "Team | Played | Points",
        "Harbour Rovers | 12 | 29",
        "Eastvale United | 12 | 25",
        "Portmere Town | 12 | 21",
    ]
    assert art.paragraphs[0].startswith("Harbour Rovers stayed top")
    assert art.paragraphs[-1].startswith("The next round is on Saturday")
    assert not any("---" in p for p in art.paragraphs)
