"""News pages for measuring HTML extraction: invented stories in seven site layouts.

Each layout is the markup habits of one kind of site (a regional paper, a wire, a
blogging platform, a magazine, a broadcaster, a tabloid, a sports desk) with the
boilerplate such sites carry: navigation, cookie notices, bylines, standfirsts,
hidden metadata, newsletter widgets, "related" and "most read" lists, share
buttons, comments, captions, video notices. Not every block is of a kind brief
looks for, and class names vary, as on real sites. `pages()` gives (name, html,
gold) for every story; the gold is the article text a reader wants, one paragraph
a line (no headline, no standfirst, no captions).

`python -m bench.html_pages DIR` writes them as DIR/NAME.html and DIR/NAME.txt.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.html_stories import STORIES, Story


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _paragraphs(story: Story) -> list[str]:
    return list(story["paragraphs"])


def gold(story: Story) -> str:
    """The article as a reader wants it: one paragraph, crosshead, bullet or table row a line."""
    lines = [p.removeprefix("## ").removeprefix("* ") for p in _paragraphs(story)]
    lines += [" | ".join(row) for row in story.get("table", [])]
    lines += list(story.get("after", []))
    return "\n".join(lines) + "\n"


def _body(story: Story, p: str = "<p>{}</p>", insert: dict[int, str] | None = None) -> str:
    """The article's own markup; `insert` puts boilerplate before the paragraph numbered."""
    insert = insert or {}
    out: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for n, para in enumerate(_paragraphs(story)):
        if n in insert:
            flush()
            out.append(insert[n])
        if para.startswith("* "):
            items.append(para[2:])
            continue
        flush()
        if para.startswith("## "):
            out.append(f"<h2>{_e(para[3:])}</h2>")
        else:
            out.append(p.format(_e(para)))
    flush()
    if story.get("table"):
        rows = story["table"]
        head = "".join(f"<th>{_e(c)}</th>" for c in rows[0])
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows[1:]
        )
        out.append(
            f'<table class="results"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )
    for para in story.get("after", []):
        out.append(p.format(_e(para)))
    return "\n".join(out)


def _others(i: int, n: int = 3) -> list[str]:
    """Headlines of other stories, as a site's link lists show them."""
    return [str(STORIES[(i + k) % len(STORIES)]["title"]) for k in range(1, n + 1)]


def _head(story: Story, outlet: str, description: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{_e(story['title'])} | {_e(outlet)}</title>\n"
        f'<meta name="description" content="{_e(description)}">\n'
        f'<meta property="og:title" content="{_e(story["title"])}">\n'
        f'<meta property="og:site_name" content="{_e(outlet)}">\n'
        f'<meta property="article:published_time" content="{story["date"]}T08:00:00Z">\n'
        '<link rel="stylesheet" href="/static/site.css">\n'
        "<script>window.dataLayer = window.dataLayer || [];</script>\n</head>\n"
    )


def _description(i: int, story: Story) -> str:
    """Half the sites describe a page with its standfirst, half with its first paragraph."""
    return str(story["deck"]) if i % 2 == 0 else _paragraphs(story)[0]


def regional(i: int, story: Story) -> str:
    outlet = "The Marrowby Gazette"
    a, b, c = _others(i)
    newsletter = (
        '<div class="newsletter-signup"><h3>Get the Gazette every morning</h3>'
        "<p>The day's top stories from around the district, free to your inbox.</p>"
        '<form action="/newsletter"><label for="nl">Email address</label>'
        '<input id="nl" type="email" name="email"><button type="submit">Subscribe</button>'
        '</form><p class="small">You can unsubscribe at any time. See our privacy notice.</p></div>'
    )
    read_more = f'<p><strong>READ MORE:</strong> <a href="/news/1">{_e(a)}</a></p>'
    return (
        _head(story, outlet, _description(i, story))
        + '<body><a class="skip" href="#main">Skip to main content</a>\n'
        '<header class="site-header"><div class="logo"><a href="/">The Marrowby Gazette</a></div>'
        '<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a>'
        '</li><li><a href="/whats-on">What\'s on</a></li><li><a href="/jobs">Jobs</a></li></ul>'
        "</nav></header>\n"
        '<div class="cookie-consent"><p>We use cookies to give you the best experience on our '
        "website.</p><button>Accept all</button><button>Manage settings</button></div>\n"
        '<main id="main"><article class="story">\n<div class="kicker">Local news</div>\n'
        f'<h1 class="headline">{_e(story["title"])}</h1>\n'
        f'<p class="standfirst">{_e(story["deck"])}</p>\n'
        f'<div class="byline">By <a href="/staff/ed">Eddie Barnes</a>, local democracy reporter '
        f'<time datetime="{story["date"]}">{story["date"]}</time></div>\n'
        '<div class="article-body">\n'
        + _body(story, insert={2: read_more, 3: newsletter})
        + "\n</div>\n"
        f'<aside class="related-links"><h2>Related</h2><ul><li><a href="/n/2">{_e(b)}</a></li>'
        f'<li><a href="/n/3">{_e(c)}</a></li></ul></aside>\n'
        "</article></main>\n"
        '<footer class="site-footer"><p>&copy; 2025 The Marrowby Gazette. All rights reserved.</p>'
        '<ul><li><a href="/contact">Contact us</a></li><li><a href="/privacy">Privacy</a></li>'
        "</ul></footer>\n</body></html>\n"
    )


def wire(i: int, story: Story) -> str:
    outlet = "Northwire"
    a, b, c = _others(i)
    return (
        _head(story, outlet, _description(i, story))
        + '<body><div id="page">\n<div class="top">Northwire | <a href="/">Home</a> '
        '<a href="/world">World</a> <a href="/business">Business</a> <a href="/markets">Markets</a>'
        "</div>\n"
        f'<div class="content">\n<h1>{_e(story["title"])}</h1>\n'
        f"<div hidden>Slug: {story['slug']} / Priority: 3 / Desk: regional / Keywords: "
        f"{_e(story['slug'].replace('-', ', '))} / Embargo: none</div>\n"
        f'<span class="dateline">MARROWBY, {story["date"]} (Northwire)</span>\n'
        '<div class="story-text">\n' + _body(story) + "\n</div>\n"
        '<p class="credit">Reporting by Ana Ferreira; editing by Tom Lake</p>\n'
        f'<h3>More from Northwire</h3><p><a href="/s/1">{_e(a)}</a></p>'
        f'<p><a href="/s/2">{_e(b)}</a></p><p><a href="/s/3">{_e(c)}</a></p>\n'
        "</div>\n"
        '<div class="legal">Copyright 2025 Northwire. All rights reserved. Republication is '
        "prohibited without prior written consent.</div>\n</div></body></html>\n"
    )


def blog(i: int, story: Story) -> str:
    outlet = "Valley Voice"
    a, b, c = _others(i)
    signup = (
        '<div class="mc4wp-form-fields"><p>Join our mailing list and never miss a story from '
        'the valley.</p><p><input type="text" name="EMAIL" placeholder="Your email address" '
        'required></p><p><input type="submit" value="Join"></p></div>'
    )
    loader = (
        '<template id="comment-form"><p>Leave a reply. Your email address will not be '
        "published. Required fields are marked.</p></template>"
    )
    return (
        _head(story, outlet, _description(i, story))
        + '<body class="post-template-default single"><div id="wrapper">\n'
        '<div id="header"><p class="site-title"><a href="/">Valley Voice</a></p>'
        '<p class="site-description">News and views from the upper valley</p></div>\n'
        '<div id="content"><div class="post">\n'
        f'<h2 class="entry-title">{_e(story["title"])}</h2>\n'
        f'<div class="entry-meta">Posted on {story["date"]} by <a href="/author/admin">'
        "valleyvoice</a></div>\n"
        '<div class="entry-content">\n'
        + _body(story)
        + "\n<noscript><p>Please enable JavaScript to view the comments.</p></noscript>\n"
        + signup
        + loader
        + "\n</div>\n"
        '<div class="post-tags">Tags: <a href="/tag/local">local</a>, '
        '<a href="/tag/council">council</a></div>\n</div>\n'
        '<div id="comments"><h3>2 thoughts on this story</h3><ol class="commentlist">'
        "<li><p>About time too. We have waited long enough for this.</p></li>"
        "<li><p>Does anyone know if this affects the north side of the river as well?</p></li>"
        "</ol></div>\n</div>\n"
        '<div id="sidebar"><h3 class="widget-title">Popular now</h3><ul>'
        f'<li><a href="/p/1">{_e(a)}</a></li><li><a href="/p/2">{_e(b)}</a></li>'
        f'<li><a href="/p/3">{_e(c)}</a></li></ul></div>\n'
        '<div id="footer">Powered by a blogging platform. Theme by a designer.</div>\n'
        "</div></body></html>\n"
    )


def magazine(i: int, story: Story) -> str:
    outlet = "The Northern Review"
    a, b, c = _others(i)
    paragraphs = [p for p in _paragraphs(story) if not p.startswith(("## ", "* "))]
    pull = paragraphs[min(1, len(paragraphs) - 1)].split(". ")[0].rstrip(".") + "."
    cards = "".join(
        f'<div class="card"><a href="/r/{n}"><img src="/i/{n}.jpg" alt=""><h3>{_e(t)}</h3></a>'
        "</div>"
        for n, t in enumerate((a, b, c))
    )
    return (
        _head(story, outlet, _description(i, story)) + "<body>\n"
        '<div class="site-nav"><a href="/">The Northern Review</a> <a href="/culture">Culture</a> '
        '<a href="/politics">Politics</a> <a href="/subscribe">Subscribe</a></div>\n'
        f"<article>\n<hgroup><h1>{_e(story['title'])}</h1><h2>{_e(story['deck'])}</h2></hgroup>\n"
        '<div class="author-info"><span class="visually-hidden">Written by</span> '
        '<a href="/writers/lm">Lena Morris</a><span class="sr-only">, published on '
        f"{story['date']}</span></div>\n"
        '<section class="body">\n'
        + _body(
            story,
            insert={
                2: f'<blockquote class="pullquote"><p>{_e(pull)}</p></blockquote>',
                3: '<div class="ad-container"><span class="sr-only">Advertisement</span></div>',
            },
        )
        + "\n</section>\n</article>\n"
        f'<section class="recirc"><h2>You might also like</h2>{cards}</section>\n'
        "<footer><p>The Northern Review is published by Review Media Ltd.</p></footer>\n"
        "</body></html>\n"
    )


def broadcaster(i: int, story: Story) -> str:
    outlet = "Coast Radio News"
    a, b, c = _others(i)
    blocks = "".join(
        f'<div data-component="text-block"><p>{_e(p)}</p></div>'
        for p in gold(story).splitlines()[:2]
    )
    rest = _body(Story(**{**story, "paragraphs": _paragraphs(story)[2:]}))
    return (
        _head(story, outlet, _description(i, story)) + "<body>\n"
        '<div class="ticker" aria-hidden="true">Live: weather warning for the coast / '
        "traffic: delays on the A12 / sport: latest scores</div>\n"
        '<header><nav aria-label="Coast Radio"><a href="/">Home</a> <a href="/news">News</a> '
        '<a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>\n'
        f'<main><article><header><h1 id="main-heading">{_e(story["title"])}</h1></header>\n'
        f'<div data-component="byline-block"><time datetime="{story["date"]}">'
        f"{story['date']}</time></div>\n"
        '<figure><img src="/img/lead.jpg" alt=""><figcaption><span class="visually-hidden">'
        "Image caption, </span>The scene on Tuesday morning</figcaption></figure>\n"
        + blocks
        + '\n<div data-component="media-block"><p>To view this video please enable '
        "JavaScript, and consider upgrading to a web browser that supports HTML5 video</p>"
        "<p>Media caption, Residents speak about the changes</p></div>\n" + rest + "\n"
        '<div data-component="tag-list"><h2>Related Topics</h2><ul><li><a href="/t/1">Transport'
        '</a></li><li><a href="/t/2">Local government</a></li></ul></div>\n'
        '<div data-component="links-block"><h2>More on this story</h2><ul>'
        f'<li><a href="/x/1">{_e(a)}</a></li><li><a href="/x/2">{_e(b)}</a></li>'
        f'<li><a href="/x/3">{_e(c)}</a></li></ul></div>\n'
        "</article></main>\n<footer><p>Coast Radio is not responsible for the content of "
        "external sites.</p></footer>\n</body></html>\n"
    )


def tabloid(i: int, story: Story) -> str:
    outlet = "Daily Flash"
    a, b, c = _others(i)
    inline = (
        "<p><strong>Sign up to our free daily newsletter for all the latest headlines, "
        "straight to your inbox.</strong></p>"
    )
    ad = '<div class="ad-slot" style="display: none;">Advertisement</div>'
    return (
        _head(story, outlet, _description(i, story)) + "<body>\n"
        f'<div class="trending-bar"><span>Trending</span> <a href="/t/1">{_e(a)}</a> '
        f'<a href="/t/2">{_e(b)}</a></div>\n'
        f'<div class="article"><h1>{_e(story["title"])}</h1>\n'
        f'<p class="dek">{_e(story["deck"])}</p>\n'
        f'<p class="meta">By Flash Reporter | {story["date"]} | <a href="#comments">'
        "12 comments</a></p>\n"
        '<div class="article-text">\n' + _body(story, insert={1: ad, 2: inline}) + "\n</div>\n"
        '<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> '
        '<a href="#">Copy link</a></div>\n</div>\n'
        '<div class="most-read"><h2>Most read</h2><ol>'
        f'<li><a href="/m/1">{_e(a)}</a></li><li><a href="/m/2">{_e(b)}</a></li>'
        f'<li><a href="/m/3">{_e(c)}</a></li></ol></div>\n'
        "</body></html>\n"
    )


def sports(i: int, story: Story) -> str:
    outlet = "County Sport"
    a, b, c = _others(i)
    return (
        _head(story, outlet, _description(i, story)) + "<body>\n"
        '<div class="scoreboard-strip"><a href="/r/1">HAR 2-1 ASH</a> <a href="/r/2">KEL 0-0 DUN'
        '</a> <a href="/r/3">MIL 1-3 FER</a></div>\n'
        '<article itemscope itemtype="https://schema.org/NewsArticle">\n'
        f'<h1 itemprop="headline">{_e(story["title"])}</h1>\n'
        '<div style="display: none"><span itemprop="author">County Sport desk</span> '
        f'<span itemprop="datePublished">{story["date"]}</span> '
        '<span itemprop="keywords">football, county, results</span></div>\n'
        '<div itemprop="articleBody">\n' + _body(story) + "\n</div>\n"
        '<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share by email'
        "</a></div>\n"
        f'<div><h4>Latest</h4><ul><li><a href="/l/1">{_e(a)}</a></li>'
        f'<li><a href="/l/2">{_e(b)}</a></li><li><a href="/l/3">{_e(c)}</a></li></ul></div>\n'
        "</article>\n<footer>County Sport &middot; Terms &middot; Privacy</footer>\n"
        "</body></html>\n"
    )


LAYOUTS: list[Callable[[int, Story], str]] = [
    regional,
    wire,
    blog,
    magazine,
    broadcaster,
    tabloid,
    sports,
]


def pages() -> Iterator[tuple[str, str, str]]:
    """(name, html, gold) for every story, the layouts taken in turn."""
    for i, story in enumerate(STORIES):
        layout = LAYOUTS[i % len(LAYOUTS)]
        yield f"{i:02d}-{layout.__name__}-{story['slug']}", layout(i, story), gold(story)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.html_pages DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, doc, text in pages():
        (out / f"{name}.html").write_text(doc, encoding="utf-8")
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
    print(f"{len(STORIES)} pages written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
