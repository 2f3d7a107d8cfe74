"""Fuzzing every reader through `tui.ingest.read_bytes`: hostile text in every slot of
every format, plus escapes the format itself can smuggle in (HTML and XML character
references, JSON \\u escapes, CDATA).

Two properties, whatever the input:
- the only exception that may escape is one of the project's declared errors
  (`tui.errors.BriefError` and its subclasses);
- no string of any article holds C0 controls (but newline and tab), ESC, DEL, C1
  controls or bidi overrides: nothing a terminal would obey.

`FUZZ_EXAMPLES` sets the example count (small by default so `make test` stays fast;
`make fuzz` runs the `slow` variants with 5000).
"""

from __future__ import annotations

import json
import os
import re
from html import escape as html_escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.naughty import ALL, ESCAPES
from tui.errors import BriefError
from tui.ingest import read_bytes
from tui.model import Article

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
# the slow variants are sized by `make fuzz`; left small when run without it
SLOW_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))

# What a terminal obeys: C0 but newline and tab, DEL, C1, bidi overrides and isolates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(
    max_examples=SLOW_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies -------------------------------------------------------------------------

# Characters a reader may decode into a control: references in HTML/XML, \u in JSON.
CONTROL_POINTS = [0x00, 0x07, 0x08, 0x0D, 0x1B, 0x7F, 0x85, 0x90, 0x9B, 0x9C, 0x9D, 0x202E]

words = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "S", "M"]),
    min_size=1,
    max_size=12,
)
hostile = st.lists(
    st.one_of(
        st.sampled_from(ALL),
        words,
        st.characters(max_codepoint=0x9F).map(str),
        st.sampled_from(["Kabul", "Interior Minister", "said", "2,451", "the", "."]),
    ),
    min_size=1,
    max_size=14,
).map(" ".join)
# a line of prose long enough for the readers to keep as a paragraph
sentence = st.tuples(hostile, hostile).map(
    lambda p: f"The minister said {p[0]} in a statement on Tuesday about {p[1]}."
)
paragraphs = st.lists(sentence, min_size=1, max_size=5)


def char_ref(code: int, style: int) -> str:
    return (f"&#{code};", f"&#x{code:x};", f"&#X{code:X};")[style % 3]


def with_refs(text: str, refs: list[tuple[int, int]]) -> str:
    """`text` with HTML/XML character references to control points spliced in."""
    out = html_escape(text, quote=True)
    for code, style in refs:
        ref = char_ref(CONTROL_POINTS[code % len(CONTROL_POINTS)], style)
        at = (code * 7 + style) % (len(out) + 1)
        out = out[:at] + ref + "[2J]0;pwned" + out[at:]
    return out


refs = st.lists(st.tuples(st.integers(0, 100), st.integers(0, 2)), max_size=4)


def plain_doc(title: str, paras: list[str], outlet: str) -> str:
    return f"{title}\n{outlet}\n\n" + "\n\n".join(paras) + "\n"


def markdown_doc(title: str, paras: list[str], outlet: str, date: str) -> str:
    front = (
        "---\n"
        f"title: {json.dumps(title)}\n"
        f"outlet: {outlet}\n"
        f"date: {date}\n"
        f"url: https://news.example/{outlet}\n"
        "---\n\n"
    )
    body = "\n\n".join(
        p if i % 3 else f"> **{p}** [link]({outlet}) `code` _em_" for i, p in enumerate(paras)
    )
    return front + f"# {title}\n\n{body}\n"


def html_doc(title: str, paras: list[str], outlet: str, r: list[tuple[int, int]]) -> str:
    body = "".join(f"<p>{with_refs(p, r)}</p>\n" for p in paras)
    return (
        "<!doctype html><html><head>"
        f"<title>{with_refs(title, r)}</title>"
        f'<meta property="og:site_name" content="{with_refs(outlet, r)}">'
        f'<meta property="og:title" content="{with_refs(title, r)}">'
        f'<meta property="og:url" content="https://x.example/{with_refs(outlet, r)}">'
        f'<meta property="article:published_time" content="{with_refs(outlet, r)}">'
        "</head><body><nav>Home | World</nav><article>"
        f"<h1>{with_refs(title, r)}</h1>{body}</article>"
        f"<footer>{with_refs(outlet, r)}</footer></body></html>"
    )


def rss_doc(title: str, paras: list[str], outlet: str, r: list[tuple[int, int]]) -> str:
    items = "".join(
        "<item>"
        f"<title>{with_refs(title, r)}</title>"
        f"<link>https://x.example/{i}{with_refs(outlet, r)}</link>"
        f"<pubDate>{with_refs(outlet, r)}</pubDate>"
        f"<description>{with_refs(p, r)}</description>"
        f"<content:encoded><![CDATA[<p>{p.replace(']]>', '')}</p>]]></content:encoded>"
        "</item>"
        for i, p in enumerate(paras)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{with_refs(outlet, r)}</title>{items}</channel></rss>"
    )


def atom_doc(title: str, paras: list[str], outlet: str, r: list[tuple[int, int]]) -> str:
    entries = "".join(
        "<entry>"
        f"<title>{with_refs(title, r)}</title>"
        f'<link href="https://x.example/{i}"/>'
        f"<updated>{with_refs(outlet, r)}</updated>"
        f'<content type="html">{html_escape("<p>" + with_refs(p, r) + "</p>")}</content>'
        "</entry>"
        for i, p in enumerate(paras)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{with_refs(outlet, r)}</title>{entries}</feed>"
    )


def json_doc(title: str, paras: list[str], outlet: str, ascii_only: bool, lines: bool) -> str:
    records = [
        {
            "title": title,
            "outlet": outlet,
            "published": outlet,
            "url": f"https://x.example/{outlet}",
            "body": "\n".join(paras) if i % 2 else [{"text": p} for p in paras],
            "extra": {"nested": [outlet, 1e308, None]},
        }
        for i in range(2)
    ]
    if lines:
        return "\n".join(json.dumps(r, ensure_ascii=ascii_only) for r in records) + "\n"
    return json.dumps({"articles": records}, ensure_ascii=ascii_only)


documents = st.one_of(
    st.tuples(st.just("story.txt"), st.builds(plain_doc, hostile, paragraphs, hostile)),
    st.tuples(st.just("story.md"), st.builds(markdown_doc, hostile, paragraphs, hostile, hostile)),
    st.tuples(st.just("page.html"), st.builds(html_doc, hostile, paragraphs, hostile, refs)),
    st.tuples(st.just("news.rss"), st.builds(rss_doc, hostile, paragraphs, hostile, refs)),
    st.tuples(st.just("news.atom"), st.builds(atom_doc, hostile, paragraphs, hostile, refs)),
    st.tuples(
        st.sampled_from(["wire.json", "wire.jsonl"]),
        st.builds(json_doc, hostile, paragraphs, hostile, st.booleans(), st.booleans()),
    ),
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


def encode(doc: str, encoding: str) -> bytes:
    return doc.encode(encoding, errors="replace" if encoding in ("cp1252", "latin-1") else "strict")


# a structured document with a few random byte-level edits (truncation, splices)
mutations = st.lists(
    st.tuples(
        st.sampled_from(["cut", "insert", "flip"]), st.integers(0, 10**6), st.binary(max_size=8)
    ),
    max_size=3,
)


def mutate(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for kind, where, blob in edits:
        at = where % (len(data) + 1)
        if kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + blob + data[at:]
        elif data:
            i = at % len(data)
            data = data[:i] + bytes([data[i] ^ 0x80]) + data[i + 1 :]
    return data


# --- the checks -----------------------------------------------------------------------------


def strings_of(article: Article) -> list[str]:
    fields = [article.id, article.title, article.source_path, *article.paragraphs]
    fields += [f for f in (article.outlet, article.published, article.url) if f is not None]
    return fields


def read_checked(data: bytes, path: str) -> list[Article]:
    """read_bytes, asserting the two properties; returns the articles (or [])."""
    try:
        articles = read_bytes(data, path)
    except BriefError as exc:
        assert not FORBIDDEN.search(str(exc)), f"control characters in the error: {exc!r}"
        return []
    for art in articles:
        for value in strings_of(art):
            assert isinstance(value, str)
            bad = FORBIDDEN.search(value)
            assert bad is None, f"{path}: {bad.group()!r} in {value!r}"
        assert art.paragraphs, "an article without paragraphs"
    return articles


@FAST
@given(documents, encodings)
def test_structured_documents(doc: tuple[str, str], encoding: str) -> None:
    path, text = doc
    read_checked(encode(text, encoding), path)


@FAST
@given(documents, mutations)
def test_damaged_documents(doc: tuple[str, str], edits: list[tuple[str, int, bytes]]) -> None:
    path, text = doc
    read_checked(mutate(text.encode("utf-8"), edits), path)


@FAST
@given(
    st.binary(max_size=2048), st.sampled_from(["a.txt", "a.md", "a.html", "a.rss", "a.json", "a"])
)
def test_arbitrary_bytes(data: bytes, path: str) -> None:
    read_checked(data, path)


@FAST
@given(st.lists(st.one_of(st.sampled_from(ESCAPES), hostile), min_size=1, max_size=6).map("/".join))
def test_hostile_file_names(name: str) -> None:
    """The name is shown and stored: it must come out clean too."""
    articles = read_checked(
        b"A quiet title\n\nThe minister said the talks went well on Tuesday in Kabul.\n", name
    )
    assert articles


SMUGGLED = [
    ("p.html", "<html><body><article><h1>T&#27;]0;pwned&#7;</h1><p>{}</p></article></body></html>"),
    ("p.html", "<html><body><p>x&#x9b;31m y &#X1B;[2J z &#0; w &#x202e;evil {}</p></body></html>"),
    (
        "f.rss",
        '<?xml version="1.0"?><rss><channel><title>O&#x1b;]52;c;ZXZpbA==&#x7;</title><item>'
        "<title>T&#155;31m</title><description>&lt;p&gt;{} &amp;#27;[2J&lt;/p&gt;</description>"
        "</item></channel></rss>",
    ),
    (
        "f.atom",
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>O</title>'
        '<entry><title type="html">T&amp;#x1b;P+q544e</title><content type="html">'
        "&lt;p&gt;{} &amp;#x9b;2J &amp;#x1b;]8;;https://evil.example/&amp;#7;&lt;/p&gt;"
        "</content></entry></feed>",
    ),
    ("w.json", '{{"title": "T\\u001b]0;pwned\\u0007", "outlet": "O\\u009b31m", "body": "{}"}}'),
    ("w.jsonl", '{{"headline": "T\\u001bP+q\\u001b\\\\", "text": "<p>{} &#27;[2J</p>"}}\n'),
    ("s.json", '{{"title": "T\\ud86f", "outlet": "\\udc00O", "body": "{} \\ud83d"}}'),
    ("m.md", '---\ntitle: "T\\e]0;pwned\\a\\x1b[2J\\u009b"\n---\n\n# Head\n\n{}\n'),
]


@pytest.mark.parametrize(("path", "template"), SMUGGLED, ids=[p for p, _ in SMUGGLED])
def test_escapes_smuggled_by_the_format(path: str, template: str) -> None:
    """Character references and \\u escapes decode to controls after the door's sanitiser."""
    body = "The minister said the talks went well on Tuesday in Kabul and would resume."
    articles = read_checked(template.format(body).encode("utf-8"), path)
    assert articles, "the visible text should survive"
    assert any("talks went well" in p for a in articles for p in a.paragraphs)


@pytest.mark.slow
@SLOW
@given(documents, encodings, mutations)
def test_structured_documents_long(
    doc: tuple[str, str], encoding: str, edits: list[tuple[str, int, bytes]]
) -> None:
    path, text = doc
    read_checked(mutate(encode(text, encoding), edits), path)


@pytest.mark.slow
@SLOW
@given(st.binary(max_size=8192), st.sampled_from(["a.txt", "a.md", "a.html", "a.xml", "a.jsonl"]))
def test_arbitrary_bytes_long(data: bytes, path: str) -> None:
    read_checked(data, path)


def _corpus_files(tmp: Path) -> dict[str, bytes]:
    from tests.test_hardening_tmux import write_corpus

    folder = tmp / "corpus"
    write_corpus(folder)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(
    "name",
    [
        "plain.txt",
        "front.md",
        "page.html",
        "feed.rss",
        "feed.atom",
        "wire.json",
        "wire.jsonl",
    ],
)
def test_sequence_payloads_go_with_the_sequence(name: str, tmp_path: Path) -> None:
    """An escape sequence is removed whole: its payload does not stay behind as text."""
    from tests.test_hardening_tmux import PAYLOADS

    articles = read_checked(_corpus_files(tmp_path)[name], name)
    assert articles
    for art in articles:
        blob = "\n".join(strings_of(art)).encode("utf-8")
        assert [p for p in PAYLOADS if p in blob] == []
