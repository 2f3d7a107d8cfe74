"""Subscriptions against a real HTTP server the tests start on 127.0.0.1: feed formats,
full text, conditional requests, redirects, limits, errors, entries that change."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from tests.feed_server import FeedServer, Route, gzip_bomb, paragraphs, rss
from tui.cli import main
from tui.feeds import store
from tui.feeds.fetch import Limits
from tui.feeds.update import update
from tui.library import Library

FAST = Limits(connect_timeout=1.0, read_timeout=0.5, total_timeout=3.0, max_redirects=4)


@pytest.fixture
def srv() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "lib") as library:
        yield library


def _html(body: list[str], title: str = "Page title") -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav>Home | World | Sport</nav><article><h1>{title}</h1>{paras}</article>"
        "<footer>Copyright 2025 Example News</footer></body></html>"
    ).encode()


def _item(n: int, topic: str = "harbour", **extra: str) -> dict[str, str]:
    body = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs(f"{topic} {n}"))
    return {
        "title": f"Story {n} about the {topic}",
        "link": f"http://example.test/{topic}/{n}",
        "guid": f"{topic}-{n}",
        "pubDate": "Tue, 14 Jan 2025 10:00:00 GMT",
        "description": body,
        **extra,
    }


def _subscribe(lib: Library, url: str, **kw: object) -> store.Feed:
    return store.add(lib, url, **kw)  # type: ignore[arg-type]


def _titles(lib: Library) -> list[str]:
    return sorted(r[0] for r in lib.execute("SELECT title FROM articles"))


def _run(lib: Library, feeds: list[store.Feed] | None = None, limits: Limits = FAST):
    return update(lib, feeds, limits=limits, analyse_entities=False)


# --- formats --------------------------------------------------------------------

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.test/"><title>RDF Daily</title><link>http://example.test/</link>
<description>d</description></channel>
<item rdf:about="http://example.test/rdf/1"><title>RDF story about grain prices</title>
<link>http://example.test/rdf/1</link><dc:date>2025-03-02T08:00:00Z</dc:date>
<description>%s</description></item></rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id>
<updated>2025-04-01T00:00:00Z</updated><link href="http://example.test/"/>
<entry><title>Atom story on river levels</title><id>urn:atom:1</id>
<link href="http://example.test/atom/1"/><updated>2025-04-01T09:00:00Z</updated>
<content type="html">%s</content></entry></feed>"""


def _escaped(topic: str) -> bytes:
    return "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs(topic)).encode()


def test_each_feed_format_becomes_articles(srv: FeedServer, lib: Library) -> None:
    srv.routes["/rss2"] = Route(rss("Harbour Times", [_item(1)]))
    srv.routes["/rss091"] = Route(rss("Old Wire", [_item(1, "orchard")], version="0.91"))
    srv.routes["/rss1"] = Route(RSS1 % _escaped("grain"), content_type="application/rdf+xml")
    srv.routes["/atom"] = Route(ATOM % _escaped("river"), content_type="application/atom+xml")
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Post",
        "home_page_url": "http://example.test/",
        "items": [
            {
                "id": "j1",
                "url": "http://example.test/json/1",
                "title": "JSON story on the tram line",
                "content_html": "".join(f"<p>{p}</p>" for p in paragraphs("tram")),
                "date_published": "2025-05-06T07:00:00Z",
            }
        ],
    }
    srv.routes["/json"] = Route(
        json.dumps(json_feed).encode(), content_type="application/feed+json"
    )
    for path in ("/rss2", "/rss091", "/rss1", "/atom", "/json"):
        _subscribe(lib, srv.url(path))
    report = _run(lib)
    assert report.ok, [r.line() for r in report.failed]
    rows = {
        r[0]: r[1:]
        for r in lib.execute("SELECT title, outlet, published, url, n_paragraphs FROM articles")
    }
    assert rows["Story 1 about the harbour"][:3] == (
        "Harbour Times",
        "2025-01-14",
        "http://example.test/harbour/1",
    )
    assert rows["Story 1 about the orchard"][0] == "Old Wire"
    assert rows["RDF story about grain prices"][:2] == ("RDF Daily", "2025-03-02")
    assert rows["Atom story on river levels"][:3] == (
        "Atom Wire",
        "2025-04-01",
        "http://example.test/atom/1",
    )
    assert rows["JSON story on the tram line"][:2] == ("JSON Post", "2025-05-06")
    assert all(r[3] == 4 for r in rows.values())  # every paragraph of every body
    titles = {f.url.rsplit("/", 1)[1]: f.title for f in store.feeds(lib)}
    assert titles == {
        "rss2": "Harbour Times",
        "rss091": "Old Wire",
        "rss1": "RDF Daily",
        "atom": "Atom Wire",
        "json": "JSON Post",
    }
    # every request named brief and its version
    assert all(r.headers["user-agent"].startswith("brief/0.") for r in srv.requests)


RSS090 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://my.netscape.com/rss/0.9/">
<channel><title>Netscape Era Wire</title><link>http://example.test/</link>
<description>d</description></channel>
<item><title>Ninety story on the dam</title><link>%s</link></item>
</rdf:RDF>"""


def test_rss_090_092_and_json_feed_11_variants(srv: FeedServer, lib: Library) -> None:
    # RSS 0.90 items carry a title and a link only: the page gives the text
    srv.routes["/dam"] = Route(_html(paragraphs("dam"), title="Dam page"), content_type="text/html")
    srv.routes["/rss090"] = Route(RSS090 % srv.url("/dam").encode(), content_type="text/xml")
    # RSS 0.92: no guid, so the link is the entry's identity
    item = _item(5, "quarry")
    del item["guid"]
    srv.routes["/rss092"] = Route(rss("Quarry Notes", [item], version="0.92"))
    srv.routes["/summary-page"] = Route(
        _html(paragraphs("lighthouse"), title="Lighthouse page"), content_type="text/html"
    )
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Plain JSON",
        "authors": [{"name": "Desk"}],
        "language": "en",
        "items": [
            {  # content_text only, a numeric id (the spec says string; tolerated)
                "id": 7,
                "url": "http://example.test/json/7",
                "title": "Text-only story on the canal",
                "content_text": "\n\n".join(paragraphs("canal")),
                "date_modified": "2025-06-01T10:00:00+02:00",
                "authors": [{"name": "A. Writer"}],
            },
            {  # a summary only, with a link: a teaser whose page gives the text
                "id": "s1",
                "url": srv.url("/summary-page"),
                "title": "Lighthouse keeper retires",
                "summary": "The keeper retires after forty years…",
            },
            {"id": "nothing"},  # neither title nor text: skipped
        ],
    }
    srv.routes["/json11"] = Route(json.dumps(json_feed).encode(), content_type="application/json")
    for path in ("/rss090", "/rss092", "/json11"):
        _subscribe(lib, srv.url(path))
    report = _run(lib)
    assert report.ok, [r.line() for r in report.failed]
    rows = {
        r[0]: r[1:]
        for r in lib.execute("SELECT title, outlet, published, url, id FROM articles")
    }
    assert set(rows) == {
        "Ninety story on the dam",
        "Story 5 about the quarry",
        "Text-only story on the canal",
        "Lighthouse keeper retires",
    }
    assert rows["Ninety story on the dam"][0] == "Netscape Era Wire"
    assert rows["Story 5 about the quarry"][:2] == ("Quarry Notes", "2025-01-14")
    assert rows["Text-only story on the canal"][:2] == ("Plain JSON", "2025-06-01")

    def text_of(title: str) -> list[str]:
        aid = rows[title][3]
        sql = "SELECT text FROM passages WHERE article_id = ? ORDER BY idx"
        return [r[0] for r in lib.execute(sql, (aid,))]

    assert text_of("Ninety story on the dam") == paragraphs("dam")
    assert text_of("Text-only story on the canal") == paragraphs("canal")
    assert text_of("Lighthouse keeper retires") == paragraphs("lighthouse")
    feed = store.feed_by_url(lib, srv.url("/rss092"))
    assert feed is not None
    assert list(store.known_entries(lib, feed.id)) == ["http://example.test/quarry/5"]
    # a second update finds every entry unchanged: nothing replaced, nothing added
    for path in ("/rss090", "/rss092", "/json11"):
        srv.routes[path].body += b" "  # a new body (no validators), the same entries
    again = _run(lib)
    assert again.ok and again.parsed == 3
    assert sum(r.added + r.replaced for r in again.results) == 0 and lib.article_count() == 4


RSS2_VARIETY = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T &amp; Co</title>
<link>http://e.test/</link>
<item><title>A “quoted” — Zürich</title><guid isPermaLink="true">http://e.test/a</guid>
<dc:date>2025-01-01</dc:date><description>&lt;p&gt;x — é&lt;/p&gt;</description>
<source url="http://s.test/">Src</source></item>
<item><title><![CDATA[B <i>it</i>]]></title><guid isPermaLink="false">b-1</guid>
<pubDate>Tue, 14 Jan 2025 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>full body</p>]]></content:encoded><description>sum</description></item>
<item><title>C</title><guid>c-perm</guid><link>http://e.test/c</link>
<pubDate>14 janvier 2025</pubDate></item>
<item><guid>http://e.test/d</guid><description><p>raw <b>xhtml</b> inside</p><p>two &amp; three</p>
</description><pubDate>2025-02-03T04:05:06+01:00</pubDate></item>
<item><title>  spaced title  </title><link> http://e.test/e </link><description>   </description>
<pubDate>Sun, 05 Jan 2025 23:30:00 -0800</pubDate></item>
<item><title>CafÃ© mojibake</title></item>
</channel></rss>""".encode()

ATOM_VARIETY = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &amp;lt;W&amp;gt;</title>
<id>urn:x</id><link rel="self" href="http://e.test/feed"/><link href="http://e.test/"/>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X <b>y</b></div></title>
<id>urn:1</id><link rel="enclosure" href="http://e.test/x.mp3"/>
<link rel="alternate" type="text/html" href="http://e.test/1"/>
<published>2025-04-01T09:00:00Z</published><updated>2025-04-02T09:00:00Z</updated>
<summary>sum</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
<p>para <b>one</b></p><p>two</p></div></content><source><title>Orig</title></source></entry>
<entry><title>T2</title><id>http://e.test/2</id><updated>2025-04-02T09:00:00Z</updated>
<content type="text">a &lt; b</content></entry>
<entry><title type="html">&lt;b&gt;H&lt;/b&gt; &amp;amp; co</title><id>urn:3</id>
<link href="http://e.test/3a"/><link rel="alternate" href="http://e.test/3b"/>
<summary type="html">&lt;p&gt;s&lt;/p&gt;</summary><content src="http://e.test/x"/></entry>
</feed>"""


def test_the_tree_reader_reads_entries_as_feedparser_does() -> None:
    """Well-formed RSS and Atom are read from the safety check's XML tree (fast);
    feedparser reads the rest. Both must give the same entries."""
    from tui.feeds import parse as feed_parse
    from tui.feeds import xmltree
    from tui.ingest.feed import parse_xml

    seed = Path(__file__).parent.parent / "tui" / "seeds" / "ostrany_post_feed.rss"
    docs = {
        "rss 0.90": RSS090 % b"http://example.test/90",
        "rss 0.91": rss("Old Wire", [_item(1, "orchard")], version="0.91"),
        "rss 1.0": RSS1 % _escaped("grain"),
        "rss 2.0": RSS2_VARIETY,
        "atom": ATOM % _escaped("river"),
        "atom variety": ATOM_VARIETY,
        "seed": seed.read_bytes(),
    }
    for name, raw in docs.items():
        data = feed_parse._as_utf8(raw, None)
        root, problem = parse_xml(data, name)
        assert problem is None and xmltree.read(root) is not None, name  # the fast path
        fast = feed_parse._xml_feed(data, name)
        slow = feed_parse._feedparser_feed(data, name, None)
        assert (fast.title, fast.link) == (slow.title, slow.link), name
        assert fast.entries == slow.entries, name
        assert fast.entries, name


def test_user_agent_and_accept_encoding(srv: FeedServer, lib: Library) -> None:
    srv.routes["/f"] = Route(rss("T", [_item(1)]), gzip=True)
    _subscribe(lib, srv.url("/f"))
    assert _run(lib).ok
    seen = srv.hits("/f")[0].headers
    assert "gzip" in seen["accept-encoding"] and "deflate" in seen["accept-encoding"]
    assert _titles(lib) == ["Story 1 about the harbour"]  # the gzip body was decoded


# --- full text --------------------------------------------------------------------


def test_teaser_entries_get_the_linked_page_and_keep_feed_metadata(
    srv: FeedServer, lib: Library
) -> None:
    items = []
    for n, teaser in enumerate(
        ["The council met on Tuesday…", "Officials spoke at length. Read more", ""], start=1
    ):
        srv.routes[f"/story/{n}"] = Route(
            _html(paragraphs(f"ferry {n}"), title=f"Page headline {n}"), content_type="text/html"
        )
        item = {
            "title": f"Ferry story {n}",
            "link": srv.url(f"/story/{n}"),
            "guid": f"ferry-{n}",
            "pubDate": "Wed, 15 Jan 2025 10:00:00 GMT",
        }
        if teaser:
            item["description"] = teaser
        items.append(item)
    srv.routes["/teasers"] = Route(rss("Ferry Gazette", items))
    _subscribe(lib, srv.url("/teasers"))
    report = _run(lib)
    assert report.ok and report.results[0].added == 3
    for n in (1, 2, 3):
        row = lib.execute(
            "SELECT id, outlet, published, url FROM articles WHERE title = ?", (f"Ferry story {n}",)
        ).fetchone()
        assert row[1:] == ("Ferry Gazette", "2025-01-15", srv.url(f"/story/{n}"))
        text = [
            r[0]
            for r in lib.execute("SELECT text FROM passages WHERE article_id = ?", (row[0],))
        ]
        assert text == paragraphs(f"ferry {n}")  # the page's article, not its menu or footer
    assert len(srv.hits("/story/1")) == 1


def test_full_text_never_and_headline_only_feeds(srv: FeedServer, lib: Library) -> None:
    items = [{"title": f"Headline only {n}", "link": srv.url(f"/p/{n}")} for n in range(3)]
    srv.routes["/headlines"] = Route(rss("Headlines", items))
    _subscribe(lib, srv.url("/headlines"), full_text="never")
    report = _run(lib)
    assert report.ok and report.results[0].added == 3
    assert _titles(lib) == [f"Headline only {n}" for n in range(3)]
    assert not [r for r in srv.requests if r.path.startswith("/p/")]  # never: no page asked for


def test_full_text_page_that_fails_keeps_the_teaser_with_a_note(
    srv: FeedServer, lib: Library
) -> None:
    srv.routes["/f"] = Route(
        rss(
            "T",
            [{"title": "Short one", "link": srv.url("/missing"), "description": "Only a teaser…"}],
        )
    )
    _subscribe(lib, srv.url("/f"))
    report = _run(lib)
    assert report.ok
    assert "full text not read (not found (HTTP 404))" in report.results[0].notes[0]
    assert _titles(lib) == ["Short one"]


# --- conditional requests -----------------------------------------------------------


def test_etag_makes_the_second_update_a_304_with_no_body_parsed(
    srv: FeedServer, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    srv.routes["/e"] = Route(rss("E", [_item(1)]), etag='"v1"')
    stamp = format_datetime(datetime(2025, 1, 1, tzinfo=UTC), usegmt=True)
    srv.routes["/m"] = Route(rss("M", [_item(2)]), last_modified=stamp)
    _subscribe(lib, srv.url("/e"))
    _subscribe(lib, srv.url("/m"))
    first = _run(lib)
    assert first.ok and first.parsed == 2
    from tui.feeds import update as update_module

    calls: list[str] = []
    real = update_module.parse

    def counting_parse(*a: Any, **k: Any) -> Any:
        calls.append(a[1])
        return real(*a, **k)

    monkeypatch.setattr(update_module, "parse", counting_parse)
    second = _run(lib)
    assert second.ok and second.parsed == 0 and calls == []
    assert [r.status for r in second.results] == ["not_modified", "not_modified"]
    assert srv.hits("/e")[1].headers["if-none-match"] == '"v1"'
    assert srv.hits("/m")[1].headers["if-modified-since"] == stamp
    assert srv.hits("/e")[1].answered == 304 and srv.hits("/m")[1].answered == 304
    assert lib.article_count() == 2


def test_an_unchanged_update_of_200_feeds_is_200_conditional_requests_and_no_parsing(
    srv: FeedServer, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(200):
        srv.routes[f"/f{n}"] = Route(rss(f"Feed {n}", [_item(n, "dockyard")]), etag=f'"{n}"')
        _subscribe(lib, srv.url(f"/f{n}"))
    first = _run(lib)
    assert first.ok and first.parsed == 200 and lib.article_count() == 200
    from tui.feeds import update as update_module

    parsed: list[str] = []
    real = update_module.parse
    def counting_parse(*a: Any, **k: Any) -> Any:
        parsed.append(a[1])
        return real(*a, **k)

    monkeypatch.setattr(update_module, "parse", counting_parse)
    before = len(srv.requests)
    second = _run(lib)
    asked = srv.requests[before:]
    assert len(asked) == 200 and second.requests == 200 and second.conditional == 200
    assert all(r.headers.get("if-none-match") and r.answered == 304 for r in asked)
    assert second.parsed == 0 and parsed == []
    assert {r.status for r in second.results} == {"not_modified"}
    assert lib.article_count() == 200


def test_unchanged_body_without_validators_is_not_parsed_again(
    srv: FeedServer, lib: Library
) -> None:
    srv.routes["/plain"] = Route(rss("P", [_item(1)]))
    _subscribe(lib, srv.url("/plain"))
    assert _run(lib).parsed == 1
    again = _run(lib)
    assert again.parsed == 0 and again.results[0].status == "unchanged"


# --- redirects --------------------------------------------------------------------


def test_redirect_chain_is_followed_and_a_permanent_move_followed(
    srv: FeedServer, lib: Library
) -> None:
    srv.routes["/a"] = Route(status=301, headers={"Location": "/b"})
    srv.routes["/b"] = Route(status=302, headers={"Location": srv.url("/c")})
    srv.routes["/c"] = Route(status=308, headers={"Location": "/feed"})
    srv.routes["/feed"] = Route(rss("Moved", [_item(1)]))
    srv.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    srv.routes["/new"] = Route(status=308, headers={"Location": "/feed2"})
    srv.routes["/feed2"] = Route(rss("Moved for good", [_item(2)]))
    _subscribe(lib, srv.url("/a"))
    _subscribe(lib, srv.url("/old"))
    report = _run(lib)
    assert report.ok
    urls = sorted(f.url for f in store.feeds(lib))
    # 301 then 302: not permanent, the subscription stays; 301 and 308 only: it follows
    assert urls == [srv.url("/a"), srv.url("/feed2")]
    assert lib.article_count() == 2


def test_redirect_loop_and_redirect_to_file_are_refused(srv: FeedServer, lib: Library) -> None:
    srv.routes["/loop1"] = Route(status=302, headers={"Location": "/loop2"})
    srv.routes["/loop2"] = Route(status=302, headers={"Location": "/loop1"})
    srv.routes["/tofile"] = Route(status=301, headers={"Location": "file:///etc/passwd"})
    srv.routes["/many"] = Route(status=302, headers={"Location": "/many1"})
    for i in range(1, 10):
        srv.routes[f"/many{i}"] = Route(status=302, headers={"Location": f"/many{i + 1}"})
    for path in ("/loop1", "/tofile", "/many"):
        _subscribe(lib, srv.url(path))
    report = _run(lib)
    errors = {r.feed.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert "redirect loop" in errors["loop1"]
    assert "redirect to a file: URL refused" in errors["tofile"]
    assert "too many redirects" in errors["many"]
    assert lib.article_count() == 0


# --- limits -----------------------------------------------------------------------


def test_a_stalling_response_times_out_within_the_limit(srv: FeedServer, lib: Library) -> None:
    srv.routes["/stall"] = Route(rss("S", [_item(1)]), stall=5.0)
    srv.routes["/slow-start"] = Route(rss("S2", [_item(2)]), delay=5.0)
    srv.routes["/ok"] = Route(rss("OK", [_item(3)]))
    for path in ("/stall", "/slow-start", "/ok"):
        _subscribe(lib, srv.url(path))
    started = time.monotonic()
    report = _run(lib)
    took = time.monotonic() - started
    errors = {r.feed.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert errors["stall"] == "timed out waiting for data (0.5 s)"
    assert errors["slow-start"] == "timed out waiting for data (0.5 s)"
    assert errors["ok"] is None
    assert took < 2.5  # well under the server's 5 s


def test_an_endless_body_is_stopped_at_the_cap(srv: FeedServer, lib: Library) -> None:
    srv.routes["/endless"] = Route(endless=True)
    srv.routes["/declared"] = Route(b"x" * 300_000)
    _subscribe(lib, srv.url("/endless"))
    _subscribe(lib, srv.url("/declared"))
    small = Limits(read_timeout=1.0, total_timeout=5.0, max_bytes=256 * 1024)
    report = _run(lib, limits=small)
    errors = {r.feed.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert errors["endless"].startswith("too large (over the 256 KB limit; stopped after")
    assert errors["declared"].startswith("too large (the server declares 293")


def test_a_gzip_bomb_is_refused(srv: FeedServer, lib: Library) -> None:
    bomb = gzip_bomb(64 * 1024 * 1024)
    assert len(bomb) < 200_000
    srv.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    _subscribe(lib, srv.url("/bomb"))
    limits = Limits(read_timeout=1.0, total_timeout=5.0, max_decoded=4 * 1024 * 1024)
    report = _run(lib, limits=limits)
    assert report.results[0].error == "too large once decompressed (over 4 MB; refused)"


def test_wrong_charset_headers(srv: FeedServer, lib: Library) -> None:
    # the header says Latin-1, the body is UTF-8 (and says so)
    item = {
        "title": "Café prices in Zürich — a look",
        "guid": "c1",
        "description": " ".join(paragraphs("café Zürich")),
    }
    srv.routes["/utf8"] = Route(
        rss("Zürich Zeitung", [item]), content_type="application/rss+xml; charset=iso-8859-1"
    )
    # the header says UTF-8, the body is Windows-1252 (its declaration says so)
    cp = rss(
        "Gazette",
        [
            {
                "title": "Les élèves à l’école",
                "guid": "c2",
                "description": " ".join(paragraphs("école")),
            }
        ],
    )
    cp = cp.decode().replace('encoding="utf-8"', 'encoding="windows-1252"').encode("cp1252")
    srv.routes["/cp1252"] = Route(cp, content_type="text/xml; charset=utf-8")
    _subscribe(lib, srv.url("/utf8"))
    _subscribe(lib, srv.url("/cp1252"))
    assert _run(lib).ok
    assert _titles(lib) == ["Café prices in Zürich — a look", "Les élèves à l’école"]
    assert {f.title for f in store.feeds(lib)} == {"Zürich Zeitung", "Gazette"}


# --- errors -----------------------------------------------------------------------


def test_http_errors_one_line_each_and_the_others_go_on(srv: FeedServer, lib: Library) -> None:
    srv.routes["/gone"] = Route(status=410)
    srv.routes["/busy"] = Route(status=429, headers={"Retry-After": "120"})
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    srv.routes["/down"] = Route(status=503, headers={"Retry-After": format_datetime(later, True)})
    srv.routes["/broken"] = Route(status=500)
    srv.routes["/good"] = Route(rss("Good", [_item(1)]))
    for path in ("/nothing", "/gone", "/busy", "/down", "/broken", "/good"):
        _subscribe(lib, srv.url(path))
    report = _run(lib)
    errors = {r.feed.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert errors["nothing"] == "not found (HTTP 404)"
    assert errors["gone"] == (
        f"gone for good (HTTP 410); remove the feed with: brief remove {srv.url('/gone')}"
    )
    assert errors["busy"].startswith("too many requests (HTTP 429); retry after 20")
    # an HTTP date is honoured too, and said as a time
    assert errors["down"] == (f"server error (HTTP 503); retry after {later:%Y-%m-%d %H:%M:%S} UTC")
    assert errors["broken"] == "server error (HTTP 500); retry later"
    assert errors["good"] is None and lib.article_count() == 1
    busy = store.feed_by_url(lib, srv.url("/busy"))
    assert busy is not None and busy.retry_at and busy.error
    gone = store.feed_by_url(lib, srv.url("/gone"))
    assert gone is not None and gone.error == errors["gone"]  # what `brief feeds` shows
    # the next update honours Retry-After: the busy servers are not asked again
    again = _run(lib)
    assert len(srv.hits("/busy")) == 1 and len(srv.hits("/down")) == 1
    waiting = {r.feed.url.rsplit("/", 1)[1]: r for r in again.results if r.status == "waiting"}
    assert set(waiting) == {"busy", "down"}
    assert (
        waiting["busy"]
        .notes[0]
        .startswith(f"{srv.url('/busy')}: not asked: the server asked to wait until 20")
    )
    assert waiting["busy"].notes[0].endswith(" UTC")
    assert len(srv.hits("/broken")) == 2  # no Retry-After: asked again
    assert lib.article_count() == 1  # nothing duplicated by asking again


def test_network_failures_are_named(
    srv: FeedServer, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    real = socket.getaddrinfo

    def resolve(host: object, *a: object, **k: object) -> object:
        if host == "no-such-host.test":  # never asks a real resolver
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    srv.routes["/feed"] = Route(rss("T", [_item(1)]))
    _subscribe(lib, f"http://127.0.0.1:{port}/feed")
    _subscribe(lib, "http://no-such-host.test/feed")
    _subscribe(lib, f"https://127.0.0.1:{srv.port}/feed")  # TLS to a plain-HTTP server
    report = _run(lib)
    errors = [r.error or "" for r in sorted(report.results, key=lambda r: r.feed.id)]
    assert errors[0] == "connection refused"
    assert errors[1] == "host not found (DNS lookup failed)"
    assert errors[2].startswith("TLS error (SSLError: [SSL: WRONG_VERSION_NUMBER]")


def test_html_where_a_feed_was_expected_offers_the_linked_feed(
    srv: FeedServer, lib: Library
) -> None:
    page = _html(paragraphs("market")).replace(
        b"</head>", b'<link rel="alternate" type="application/rss+xml" href="/real-feed"></head>'
    )
    srv.routes["/page"] = Route(page, content_type="text/html")
    _subscribe(lib, srv.url("/page"))
    report = _run(lib)
    assert report.results[0].error == (
        f"a web page, not a feed; the page links to the feed {srv.url('/real-feed')} "
        f"(brief add {srv.url('/real-feed')})"
    )


def test_malformed_xml_is_one_line_and_stores_nothing(srv: FeedServer, lib: Library) -> None:
    srv.routes["/bad"] = Route(b"<?xml version='1.0'?><rss><channel><title>x</title><item>")
    srv.routes["/bomb"] = Route(
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        b"<rss><channel><title>&b;</title></channel></rss>"
    )
    _subscribe(lib, srv.url("/bad"))
    _subscribe(lib, srv.url("/bomb"))
    report = _run(lib)
    errors = {r.feed.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert errors["bad"].startswith("malformed feed XML")
    assert errors["bomb"].startswith("unsafe XML refused")
    assert "\n" not in errors["bad"] and lib.article_count() == 0


# --- entries that change ---------------------------------------------------------------


def test_changed_entries_replace_their_article_keeping_the_users_marks(
    srv: FeedServer, lib: Library
) -> None:
    srv.routes["/f"] = Route(rss("Desk", [_item(1), _item(2)]))
    feed = _subscribe(lib, srv.url("/f"))
    assert _run(lib).results[0].added == 2
    old = lib.execute(
        "SELECT id FROM articles WHERE title = 'Story 1 about the harbour'"
    ).fetchone()[0]
    store.mark_read(lib, [old])
    store.set_starred(lib, [old])
    lib.execute("INSERT INTO selections (name, updated) VALUES ('daily', '2025-01-01')")
    lib.execute(
        "INSERT INTO selection_items (selection, position, article_id, paragraph, note) "
        "VALUES ('daily', 0, ?, 3, 'check this')",
        (old,),
    )
    changed = _item(
        1,
        description="&lt;p&gt;A corrected first paragraph, with new figures "
        "from the port authority released this morning.&lt;/p&gt;" * 6,
    )
    srv.routes["/f"] = Route(rss("Desk", [changed, _item(2), _item(3)]))
    report = _run(lib)
    result = report.results[0]
    assert (result.added, result.replaced) == (1, 1)
    assert lib.article_count() == 3  # replaced, not duplicated
    new = lib.execute(
        "SELECT id FROM articles WHERE title = 'Story 1 about the harbour'"
    ).fetchone()[0]
    assert new != old
    assert store.read_ids(lib) == {new} and store.starred_ids(lib) == {new}
    item = lib.execute("SELECT article_id, paragraph, note FROM selection_items").fetchone()
    assert item[0] == new and item[2] == "check this"
    assert len(store.known_entries(lib, feed.id)) == 3
    # an entry that leaves the feed keeps its article
    srv.routes["/f"] = Route(rss("Desk", [_item(3)]))
    _run(lib)
    assert lib.article_count() == 3


def test_the_same_story_in_two_feeds_is_one_article(srv: FeedServer, lib: Library) -> None:
    srv.routes["/one"] = Route(rss("Wire One", [_item(1)]))
    srv.routes["/two"] = Route(rss("Wire Two", [_item(1), _item(2)]))
    _subscribe(lib, srv.url("/one"))
    _subscribe(lib, srv.url("/two"))
    report = _run(lib)
    assert report.ok and lib.article_count() == 2
    assert sum(r.known for r in report.results) == 1


def test_at_most_two_requests_per_host(srv: FeedServer, lib: Library) -> None:
    for n in range(6):
        srv.routes[f"/slow{n}"] = Route(rss(f"S{n}", [_item(n)]), delay=0.2)
        _subscribe(lib, srv.url(f"/slow{n}"))
    report = _run(lib)
    assert report.ok and lib.article_count() == 6
    assert srv.most_in_flight == 2 and report.most_per_host == 2


def test_waiting_for_a_turn_at_a_busy_host_does_not_count_against_the_time_limit(
    srv: FeedServer, lib: Library
) -> None:
    # 12 feeds on one host, two at a time, each answering in 0.5 s: the last ones wait
    # about 2.5 s for their turn, longer than the 2 s a fetch may take
    for n in range(12):
        srv.routes[f"/q{n}"] = Route(rss(f"Q{n}", [_item(n, "queue")]), delay=0.5)
        _subscribe(lib, srv.url(f"/q{n}"))
    limits = Limits(connect_timeout=1.9, read_timeout=1.9, total_timeout=2.0)
    report = _run(lib, limits=limits)
    assert report.ok, [r.line() for r in report.failed]
    assert lib.article_count() == 12 and srv.most_in_flight == 2


def test_a_feed_whose_entries_cannot_be_stored_does_not_stop_the_others(
    srv: FeedServer, lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.pipeline

    for name in ("one", "two", "three"):
        srv.routes[f"/{name}"] = Route(rss(name.title(), [_item(1, name)]))
        _subscribe(lib, srv.url(f"/{name}"))
    real = tui.pipeline.store_held

    def store_but_two(lib: Library, items: list[tuple[str, object]], **k: object) -> object:
        if any("the two" in str(a.title) for _, a in items):  # type: ignore[attr-defined]
            raise ValueError("a bug in storing this feed")  # inside the feed's transaction
        return real(lib, items, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.pipeline, "store_held", store_but_two)
    report = _run(lib)
    errors = {r.feed.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert errors == {
        "one": None,
        "two": "its entries could not be stored (ValueError: a bug in storing this feed)",
        "three": None,
    }
    assert _titles(lib) == ["Story 1 about the one", "Story 1 about the three"]
    two = store.feed_by_url(lib, srv.url("/two"))
    assert two is not None and two.error == errors["two"]
    assert store.known_entries(lib, two.id) == {}  # rolled back: the next update tries again
    monkeypatch.setattr(tui.pipeline, "store_held", real)
    srv.routes["/two"].body += b" "
    again = _run(lib)
    assert again.ok and "Story 1 about the two" in _titles(lib)


def test_a_stopped_update_returns_at_once_and_records_no_failure(
    srv: FeedServer, lib: Library
) -> None:
    import threading

    srv.routes["/quick"] = Route(rss("Quick", [_item(1)]))
    for n in range(4):  # servers that would keep the update waiting for half a minute
        srv.routes[f"/slow{n}"] = Route(rss(f"Slow {n}", [_item(n, "slow")]), delay=30)
    for path in ("/quick", "/slow0", "/slow1", "/slow2", "/slow3"):
        _subscribe(lib, srv.url(path))
    stop = threading.Event()
    done: list[object] = []
    limits = Limits(connect_timeout=5, read_timeout=60, total_timeout=60)

    def run() -> None:
        with Library.open(lib.folder) as own:
            done.append(update(own, limits=limits, analyse_entities=False, cancel=stop))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    for _ in range(100):  # the quick feed is stored while the slow ones are asked
        if lib.article_count() and len(srv.requests) >= 3:
            break
        time.sleep(0.05)
    stop.set()  # the reader quits
    worker.join(10)
    assert not worker.is_alive(), "the update kept waiting for the slow servers"
    assert lib.article_count() == 1
    assert all(f.error is None for f in store.feeds(lib))  # stopping is no failure
    assert {r.feed.url.rsplit("/", 1)[1] for r in done[0].results} == {"quick"}  # type: ignore[attr-defined]


# --- commands -------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_commands_add_update_feeds_list_mark_remove(
    srv: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srv.routes["/f"] = Route(rss("Harbour Times", [_item(1), _item(2)]), etag='"1"')
    srv.routes["/dead"] = Route(status=404)
    page = _html(paragraphs("museum"), title="Museum reopens").replace(
        b"</head>", b'<link rel="alternate" type="application/atom+xml" href="/atom"></head>'
    )
    srv.routes["/page"] = Route(page, content_type="text/html")
    lib = ["--library", str(tmp_path / "cli")]
    net = ["--timeout", "0.5", "--connect-timeout", "0.5", "--no-entities"]
    code, out, err = _cli(
        capsys, "add", srv.url("/f"), srv.url("/page"), srv.url("/dead"), *lib, *net
    )
    assert code == 1
    assert f"{srv.url('/f')}: subscribed to Harbour Times; 2 new articles" in out
    assert f"{srv.url('/page')}: a web page, read once as an article (Museum reopens)" in out
    assert f"brief add {srv.url('/atom')}" in out
    assert err.strip() == f"brief: {srv.url('/dead')}: not subscribed: not found (HTTP 404)"
    code, out, _ = _cli(capsys, "feeds", "--json", *lib)
    feeds = [json.loads(line) for line in out.splitlines()]
    assert [(f["url"], f["title"], f["unread"], f["error"]) for f in feeds] == [
        (srv.url("/f"), "Harbour Times", 2, None)
    ]
    assert feeds[0]["last_update"]
    code, out, _ = _cli(capsys, "list", "--json", *lib)
    arts = [json.loads(line) for line in out.splitlines()]
    assert len(arts) == 3 and all(a["read"] is False for a in arts)
    assert {"id", "title", "outlet", "published", "read"} <= set(arts[0])
    harbour = [a["id"] for a in arts if a["outlet"] == "Harbour Times"]
    code, out, _ = _cli(capsys, "mark", harbour[0], *lib)
    assert code == 0 and "1 article marked read" in out
    code, out, _ = _cli(capsys, "list", "--json", "--unread", *lib)
    assert harbour[0] not in out and len(out.splitlines()) == 2
    _, out, _ = _cli(capsys, "feeds", "--json", *lib)
    assert json.loads(out)["unread"] == 1
    code, out, err = _cli(capsys, "update", *lib, *net)
    assert code == 0 and "1 feed, 0 new articles, 1 unchanged" in out
    code, out, err = _cli(capsys, "export-opml", *lib)
    assert 'xmlUrl="' + srv.url("/f") + '"' in out and 'text="Harbour Times"' in out
    opml = tmp_path / "subs.opml"
    opml.write_text(out)
    code, out, _ = _cli(capsys, "remove", "Harbour Times", *lib)
    assert code == 0 and "unsubscribed; 2 articles removed" in out
    _, out, _ = _cli(capsys, "list", "--json", *lib)
    assert len(out.splitlines()) == 1  # the page's article stays
    code, out, _ = _cli(capsys, "import-opml", str(opml), *lib)
    assert code == 0 and out.startswith("1 feed subscribed")
    _, out, _ = _cli(capsys, "feeds", "--json", *lib)
    assert json.loads(out)["last_update"] is None


def test_update_exit_status_and_one_line_per_failed_feed(
    srv: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srv.routes["/good"] = Route(rss("Good", [_item(1)]))
    srv.routes["/bad"] = Route(status=500)
    lib_dir = tmp_path / "l"
    with Library.open(lib_dir) as library:
        store.add(library, srv.url("/good"))
        store.add(library, srv.url("/bad"))
    code, out, err = _cli(capsys, "update", "--library", str(lib_dir), "--no-entities")
    assert code == 1
    assert err.splitlines() == [f"brief: {srv.url('/bad')}: server error (HTTP 500); retry later"]
    assert "2 feeds, 1 new articles, 0 unchanged, 1 failed" in out
    _, out, _ = _cli(capsys, "feeds", "--json", "--library", str(lib_dir))
    bad = [json.loads(line) for line in out.splitlines()][1]
    assert bad["error"] == "server error (HTTP 500); retry later"


def test_add_refuses_other_schemes_without_connecting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _cli(
        capsys, "add", "file:///etc/passwd", "ftp://x.test/f", "--library", str(tmp_path)
    )
    assert code == 1
    assert err.splitlines() == [
        "brief: file:///etc/passwd: only http and https URLs are fetched, not file",
        "brief: ftp://x.test/f: only http and https URLs are fetched, not ftp",
    ]


def test_removed_article_stays_removed_after_reingest(
    srv: FeedServer, lib: Library, tmp_path: Path
) -> None:
    from tui.pipeline import ingest

    doc = tmp_path / "a.md"
    doc.write_text("# The bridge reopens\n\n" + "\n\n".join(paragraphs("bridge")) + "\n")
    ingest(lib, [str(doc)], analyse_entities=False)
    (aid,) = [r[0] for r in lib.execute("SELECT id FROM articles")]
    assert store.remove_articles(lib, [aid]) == [aid]
    doc.write_text(doc.read_text() + "\n")  # changed: read again
    ingest(lib, [str(doc)], analyse_entities=False)
    assert lib.article_count() == 0


def test_reading_searching_and_listing_open_no_connection(
    srv: FeedServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srv.routes["/f"] = Route(rss("Harbour Times", [_item(1)]))
    lib_dir = ["--library", str(tmp_path / "l")]
    assert _cli(capsys, "add", srv.url("/f"), "--no-entities", *lib_dir)[0] == 0
    before = len(srv.requests)

    def refuse(*a: object, **k: object) -> None:
        raise AssertionError("a network connection was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for args in (
        ["list", "--json"],
        ["feeds"],
        ["search", "harbour", "--json"],
        ["export-opml"],
        ["mark", "--feed", "Harbour Times"],
        ["compile", "--query", "harbour", "--format", "md", "-o", str(tmp_path / "b.md")],
        ["compile", "--query", "harbour", "--since", "2020-01-01", "-o", str(tmp_path / "b.yaml")],
    ):
        code, _, err = _cli(capsys, *args, *lib_dir)
        assert code == 0, err
    assert len(srv.requests) == before


# --- the library changing under a reader ---------------------------------------------


def test_library_watch_tells_articles_from_marks(lib: Library, tmp_path: Path) -> None:
    from tui.feeds.watch import ARTICLES, MARKS, LibraryWatch
    from tui.pipeline import ingest

    doc = tmp_path / "a.md"
    doc.write_text("# The bridge reopens\n\n" + "\n\n".join(paragraphs("bridge")) + "\n")
    with LibraryWatch(lib.folder) as watch:
        assert watch.check() is None  # nothing happened
        ingest(lib, [str(doc)], analyse_entities=False)  # another connection commits
        assert watch.check() == ARTICLES
        assert watch.check() is None  # told once
        (aid,) = [r[0] for r in lib.execute("SELECT id FROM articles")]
        store.mark_read(lib, [aid])
        assert watch.check() == MARKS
        store.set_starred(lib, [aid])
        assert watch.check() == MARKS
        # a commit that changes neither (a reading position, a setting) says nothing
        lib.set_meta("something.else", "1")
        assert watch.check() is None
        store.remove_articles(lib, [aid])
        assert watch.check() == ARTICLES


def test_a_removed_article_can_be_put_back_as_it_was(lib: Library, tmp_path: Path) -> None:
    from tui.pipeline import index_changes, ingest
    from tui.search import EmptyIndexError, Index

    def search(words: str) -> list[str]:
        try:
            return [h.article_id for h in Index.load(lib).search(words)]
        except EmptyIndexError:
            return []

    doc = tmp_path / "a.md"
    said = "Anna Berg, the keeper of the Vardo lighthouse, said she would miss the sea."
    doc.write_text("# Lighthouse keeper retires\n\n" + "\n\n".join([*paragraphs("lamp", 3), said]))
    ingest(lib, [str(doc)], analyse_entities=True)
    (aid,) = [r[0] for r in lib.execute("SELECT id FROM articles")]
    store.mark_read(lib, [aid])

    def rows() -> dict[str, int]:
        tables = ("articles", "passages", "file_articles", "mentions", "article_arrivals")
        col = {"articles": "id"}
        return {
            t: lib.execute(
                f"SELECT COUNT(*) FROM {t} WHERE {col.get(t, 'article_id')} = ?", (aid,)
            ).fetchone()[0]
            for t in tables
        }

    before = rows()
    assert before["passages"] == 4 and before["mentions"] > 0
    kept: list[store.RemovedArticle] = []
    assert store.remove_articles(lib, [aid], keep=kept) == [aid]
    assert index_changes(lib, [], [aid]) is None
    assert lib.article_count() == 0 and not search("lamp council")
    assert store.restore_articles(lib, kept) == [aid]
    assert index_changes(lib, [aid], []) is None
    assert rows() == before and store.read_ids(lib) == {aid}
    assert aid not in store.removed_ids(lib)  # an ingest may bring it back again
    assert search("lamp council")[:1] == [aid]
    assert store.restore_articles(lib, kept) == []  # already back: nothing doubled
    assert rows() == before


def test_entities_analysed_in_worker_processes_are_the_ones_found_inline(
    srv: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from tui.feeds import update as update_module

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: entities are analysed where they are stored")
    people = ["Anna Berg", "Tomas Lind", "Maria Holm", "Erik Sand", "Sofia Dahl"]
    items = [
        _item(
            n,
            "port",
            description=f"&lt;p&gt;{people[n % 5]}, the mayor of Vardo, said on Monday that the "
            f"harbour would reopen in spring, according to the port authority.&lt;/p&gt;" * 3,
        )
        for n in range(update_module._Analyser.START_AT + 5)
    ]
    srv.routes["/port"] = Route(rss("Port News", items))

    def mentions(folder: Path, start_at: int) -> list[tuple[object, ...]]:
        monkeypatch.setattr(update_module._Analyser, "START_AT", start_at)
        with Library.open(folder) as lib:
            store.add(lib, srv.url("/port"))
            report = update(lib, limits=FAST)
            assert report.ok and report.results[0].added == len(items)
            return sorted(
                lib.execute("SELECT article_id, paragraph, start, end, text FROM mentions")
            )

    from_processes: list[int] = []
    real_call = update_module._Analyser.__call__

    def counted(self: object, articles: list[object]) -> object:
        found = real_call(self, articles)  # type: ignore[arg-type]
        from_processes.append(len(found or {}))
        return found

    monkeypatch.setattr(update_module._Analyser, "__call__", counted)
    inline = mentions(tmp_path / "inline", 10**9)
    assert from_processes == [0]
    pooled = mentions(tmp_path / "pooled", 1)
    assert from_processes[1:] == [len(items)]  # analysed in the worker processes
    assert inline and pooled == inline
    assert {m[4] for m in inline} >= set(people)
