"""HTML pages: boilerplate blocks of each kind removed, the article and its table kept.

Every page here is written for these tests (an invented lakeside town and its ferry).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.ingest import read_paths
from tui.model import Article

ARTICLE = [
    "Islanders who rely on the morning crossing to reach work and school on the mainland "
    "will have to leave earlier from April, after the operator confirmed it is cutting the "
    "timetable almost in half.",
    "The company said the price of marine diesel had risen by a third since the autumn and "
    "that the subsidy agreed with the county council no longer covered the cost of running "
    "seven return trips a day.",
    '"We have looked at every other option," said Marta Olsen, the operator\'s managing '
    'director. "Running empty boats at night is not something we can keep paying for."',
    "The county council said it would meet the operator next week and that it had asked for "
    "the two evening sailings to be kept until the end of the school year at least.",
]
DECK = (
    "The island service will run four crossings a day instead of seven from next month, "
    "the operator said."
)
TITLE = "Ferry timetable cut as fuel costs climb"

# Each kind of boilerplate as a page carries it, and the words that must not survive.
KINDS = {
    "hidden-attribute": (
        '<div hidden class="meta-block">Published 4 March 2025, updated 5 March 2025, '
        "filed under Transport and Islands by the lakeside desk</div>",
        "filed under Transport",
    ),
    "display-none": (
        '<div style="color: red; DISPLAY : none !important">Sponsored: compare energy tariffs '
        "in your area today with our trusted partner and save.</div>",
        "energy tariffs",
    ),
    "visibility-hidden": (
        '<p style="visibility:hidden">Our correspondent on the island contributed to this '
        "report from the harbour office on Tuesday evening.</p>",
        "contributed to this report",
    ),
    "aria-hidden": (
        '<div aria-hidden="true">Markets today: the index is up 0.4 per cent, oil is down '
        "1.2 per cent, and rain is expected later in the afternoon.</div>",
        "Markets today",
    ),
    "screen-reader-only": (
        '<span class="visually-hidden">Listen to this story. Estimated reading time is about '
        "four minutes for the whole of this article.</span>",
        "Estimated reading time",
    ),
    "template": (
        "<template><p>Comments are loading, please wait a moment while we fetch the whole "
        "conversation for you.</p></template>",
        "Comments are loading",
    ),
    "noscript": (
        "<noscript><p>Please turn on JavaScript in your browser to see the interactive route "
        "map of every crossing.</p></noscript>",
        "interactive route map",
    ),
    "hidden-metadata": (
        '<div class="article-info" style="display:none"><span itemprop="author">Lakeside '
        'desk</span> <time datetime="2025-03-04">4 March 2025</time> Reading time four '
        "minutes</div>",
        "Reading time",
    ),
    "newsletter-form": (
        '<div class="promo-box"><h3>The Morning Wake</h3><p>Every weekday, the stories that '
        "matter around the lake, in your inbox before breakfast.</p>"
        '<form action="/nl"><input type="email" name="addr" placeholder="Your email address">'
        "<button>Sign me up</button></form><p>You can leave at any time.</p></div>",
        "Morning Wake",
    ),
    "newsletter-class": (
        '<aside class="inline-newsletter"><strong>Lake Life</strong> Weekly walks, ferries '
        "and food from around the water, every Friday, free of charge.</aside>",
        "Weekly walks",
    ),
    "newsletter-sentence": (
        "<p>Sign up to our free Island Briefing newsletter to get the next ferry news "
        "straight to your inbox.</p>",
        "Island Briefing",
    ),
    "related-list": (
        '<div class="box"><h2>Related stories</h2><ul>'
        '<li><a href="/a">Bridge plan shelved after a cost review</a></li>'
        '<li><a href="/b">Island school faces a staff shortage</a></li>'
        '<li><a href="/c">Fuel prices: what the rise means for you</a></li></ul></div>',
        "Bridge plan shelved",
    ),
    "more-stories-links": (
        "<h3>More stories</h3><p><a href='/d'>Harbour festival returns in June</a></p>"
        "<p><a href='/e'>A new bus route for the north shore</a></p>",
        "Harbour festival",
    ),
    "card-inside-the-article": (
        '<div class="inline-card"><span class="label">Also on Lakeside Gazette</span>'
        '<a href="/g"><h4>Swans return to the marina after a quiet winter</h4></a></div>',
        "Swans return",
    ),
    "read-more-label": (
        "<div><strong>READ MORE:</strong> <a href='/f'>Why the lake froze for the first time "
        "in forty years</a></div>",
        "lake froze",
    ),
}
SPLIT = 2  # the boilerplate goes between the second and the third paragraph


def page(middle: str = "", header: str = "", table: str = "") -> str:
    paragraphs = [f"<p>{p.replace(chr(34), '&quot;')}</p>" for p in ARTICLE]
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{TITLE} | Lakeside Gazette</title>"
        '<meta property="og:site_name" content="Lakeside Gazette">'
        f'<meta name="description" content="{DECK}"></head><body>'
        '<header class="masthead"><a href="/">Lakeside Gazette</a>'
        '<nav><a href="/n">News</a> <a href="/s">Sport</a></nav></header>'
        f"<main><article><header><h1>{TITLE}</h1>{header}</header>"
        + "".join(paragraphs[:SPLIT])
        + middle
        + "".join(paragraphs[SPLIT:])
        + table
        + "</article></main><footer>&copy; 2025 Lakeside Gazette</footer></body></html>"
    )


def read_page(tmp_path: Path, doc: str) -> Article:
    path = tmp_path / "page.html"
    path.write_text(doc, encoding="utf-8")
    (result,) = read_paths([str(path)])
    assert result.error is None, result.error
    (article,) = result.articles
    return article


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_boilerplate_is_removed_and_the_article_kept(
    tmp_path: Path, kind: str
) -> None:
    block, words = KINDS[kind]
    art = read_page(tmp_path, page(middle=block))
    assert art.title == TITLE
    assert list(art.paragraphs) == ARTICLE
    assert words not in " ".join(art.paragraphs)


def test_a_standfirst_is_removed(tmp_path: Path) -> None:
    other = "Four crossings a day, not seven, and none after dark on Sundays."
    for header in (
        f'<p class="standfirst">{DECK}</p>',
        f"<h2>{DECK}</h2>",
        f"<p>{DECK}</p>",
        f"<hgroup><h1>{TITLE}</h1><p>{other}</p></hgroup>",
    ):
        art = read_page(tmp_path, page(header=header))
        assert list(art.paragraphs) == ARTICLE, header


def test_a_deck_repeated_as_the_first_paragraph_is_read_once(tmp_path: Path) -> None:
    doc = page(header=f'<div class="intro">{ARTICLE[0]}</div>')
    art = read_page(tmp_path, doc)
    assert list(art.paragraphs) == ARTICLE


def test_a_summary_that_is_the_first_paragraph_keeps_it(tmp_path: Path) -> None:
    """Many sites' description is the first paragraph: it stays in the article."""
    doc = page().replace(DECK, ARTICLE[0])
    assert read_page(tmp_path, doc).paragraphs[0] == ARTICLE[0]


def test_prose_that_mentions_newsletters_or_related_news_is_kept(tmp_path: Path) -> None:
    prose = [
        "The operator said it would explain the changes in its newsletter and by email to the "
        "four hundred season-ticket holders who subscribe to the commuter pass.",
        "Related talks with the council about the bridge are due to resume later this month.",
    ]
    art = read_page(tmp_path, page(middle="".join(f"<p>{p}</p>" for p in prose)))
    assert list(art.paragraphs) == ARTICLE[:SPLIT] + prose + ARTICLE[SPLIT:]


TABLE = (
    "<table><tr><th>Route</th><th>Crossings now</th><th>From April</th></tr>"
    "<tr><td>North pier</td><td>7</td><td>4</td></tr>"
    "<tr><td>South pier</td><td>5</td><td>3</td></tr></table>"
)


def test_every_kind_at_once_with_a_table(tmp_path: Path) -> None:
    middle = "".join(block for block, _ in KINDS.values())
    art = read_page(tmp_path, page(middle=middle, header=f'<p class="dek">{DECK}</p>', table=TABLE))
    assert list(art.paragraphs) == [
        *ARTICLE,
        "Route | Crossings now | From April",
        "North pier | 7 | 4",
        "South pier | 5 | 3",
    ]
    text = " ".join(art.paragraphs)
    assert not [words for _, words in KINDS.values() if words in text]
    assert art.outlet == "Lakeside Gazette"


def test_an_article_hidden_until_a_script_shows_it_is_still_read(tmp_path: Path) -> None:
    doc = page().replace("<article>", '<article style="display:none" class="js-hidden">')
    doc = doc.replace("<main>", '<main><div hidden class="paywall-wrap">').replace(
        "</main>", "</div></main>"
    )
    assert list(read_page(tmp_path, doc).paragraphs) == ARTICLE


def test_an_article_inside_a_template_is_still_read(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    doc = f"<!doctype html><html><head><title>{TITLE}</title></head><body><template>{body}</template></body></html>"
    art = read_page(tmp_path, doc)
    assert [p.replace('"', "") for p in art.paragraphs] == [p.replace('"', "") for p in ARTICLE]


def test_a_page_laid_out_with_a_table_reads_as_paragraphs(tmp_path: Path) -> None:
    """An old site's layout table is not data: its prose stays paragraphs, not one row,
    while a data table inside it is still read as rows."""
    text = "<br><br>".join(p.replace('"', "&quot;") for p in ARTICLE)
    doc = (
        f"<!doctype html><html><head><title>{TITLE}</title></head><body>"
        '<table width="100%"><tr><td colspan="2"><font size="5">Lakeside Gazette</font></td></tr>'
        '<tr><td class="nav"><a href="/">Home</a><br><a href="/n">News</a></td>'
        f"<td><b>{TITLE}</b><br><br>{text}<br>{TABLE}</td></tr></table></body></html>"
    )
    paragraphs = list(read_page(tmp_path, doc).paragraphs)
    assert paragraphs[paragraphs.index(ARTICLE[0]) :] == [
        *ARTICLE,
        "Route | Crossings now | From April",
        "North pier | 7 | 4",
        "South pier | 5 | 3",
    ]


@pytest.mark.parametrize(
    ("fragment", "paragraphs"),
    [
        (
            "<p>One.</p><div hidden>Filed under <div>Ports</div> by the desk</div><p>Two.</p>",
            ["One.", "Two."],
        ),
        (
            '<p>One.</p><span style="Display: None">tracking text</span><p>Two.</p>',
            ["One.", "Two."],
        ),
        ('<div aria-hidden="true"><div><div>ticker</div></div></div><p>After.</p>', ["After."]),
        ("<p hidden>A hidden paragraph is not skipped: its end tag is often left out.", None),
        ("<div hidden><p>Only hidden text, never closed.</p>", ["Only hidden text, never closed."]),
    ],
)
def test_the_fallback_reader_leaves_hidden_blocks_out(
    fragment: str, paragraphs: list[str] | None
) -> None:
    """The reader for feed bodies, JSON bodies and pages trafilatura cannot read."""
    from tui.ingest.htmltext import parse, to_paragraphs

    got = to_paragraphs(fragment)
    assert got == (paragraphs if paragraphs is not None else [fragment.split(">", 1)[1]])
    page = f'<body><div style="display:none"><meta itemprop="datePublished" content="2025-03-04"></div>{fragment}</body>'
    assert parse(page)[2]["datepublished"] == "2025-03-04"  # metadata is read in hidden blocks
