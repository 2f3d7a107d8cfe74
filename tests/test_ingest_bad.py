"""Bad input: each failure is one stderr line naming the file, the rest is still read, exit 1."""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tui.ingest
from tui.cli import main

GOOD = "A good title here\n\nThe council of the invented town of Brask met on Monday and agreed the budget.\n"


def run_cli(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[dict[str, Any]], list[str]]:
    rc = main(["articles", *args, "--json"])
    out, err = capsys.readouterr()
    return rc, [json.loads(line) for line in out.splitlines()], err.splitlines()


def check_one_failure(
    capsys: pytest.CaptureFixture[str], folder: Path, bad: Path, reason: str, *extra: str
) -> None:
    """The bad file gives one line naming it and the reason; the good file is still read."""
    (folder / "zz_good.txt").write_text(GOOD, encoding="utf-8")
    rc, rows, err = run_cli(capsys, str(folder), *extra)
    assert rc == 1
    assert [r["title"] for r in rows] == ["A good title here"]
    assert len(err) == 1, err
    assert str(bad) in err[0] and reason in err[0], err[0]


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    check_one_failure(capsys, tmp_path, bad, "binary")


def test_binary_without_nul_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "blob.txt"
    bad.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 65, 66]) * 200)
    check_one_failure(capsys, tmp_path, bad, "binary")


def test_a_stray_nul_byte_is_removed_with_a_warning_and_the_text_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "nul.txt"
    body = "The council of the invented town of Brask met on Monday and agreed the budget. "
    f.write_bytes(f"Budget agreed in Brask\n\n{body * 20}\n\n".encode() + b"More\x00 to come.\n")
    rc, rows, err = run_cli(capsys, str(f))
    assert rc == 0
    assert rows[0]["title"] == "Budget agreed in Brask"
    assert rows[0]["paragraphs"][-1] == "More to come."
    assert err == [f"brief: {f}: a stray NUL byte was removed"]


def test_many_nul_bytes_are_still_binary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "nul.txt"
    bad.write_bytes(GOOD.encode() + b"\x00" * 40 + GOOD.encode())
    check_one_failure(capsys, tmp_path, bad, "NUL")


def test_binary_with_few_nul_bytes_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "packed.txt"
    bad.write_bytes(bytes(range(1, 256)) * 8 + b"\x00\x00")
    check_one_failure(capsys, tmp_path, bad, "binary")


def test_a_stray_nul_byte_is_reported_when_ingested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "nul.txt"
    f.write_bytes(GOOD.encode() + b"\x00")
    rc = main(["ingest", str(f), "--library", str(tmp_path / "lib")])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert f"{f}: a stray NUL byte was removed" in err
    assert main(["list", "--json", "--library", str(tmp_path / "lib")]) == 0
    assert [json.loads(x)["title"] for x in capsys.readouterr().out.splitlines()] == [
        "A good title here"
    ]


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(content)
    check_one_failure(capsys, tmp_path, bad, "empty file")


def test_invalid_utf8_becomes_replacement_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad-bytes.txt"
    f.write_bytes(
        "Grüße from Brask\n\nThe café \xff\xfe said Grüße to 12 guests.\n".encode().replace(
            b"\xc3\xbf\xc3\xbe", b"\xff\xfe"
        )
    )
    rc, rows, err = run_cli(capsys, str(f))
    assert rc == 0
    assert rows[0]["title"] == "Grüße from Brask"
    assert rows[0]["paragraphs"] == ["The café \ufffd\ufffd said Grüße to 12 guests."]
    assert len(err) == 1 and "U+FFFD" in err[0] and str(f) in err[0]  # a note, not a failure


def test_two_gigabyte_file_refused_by_size_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "huge.txt"
    with open(bad, "wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: no disk used
    start = time.perf_counter()
    check_one_failure(capsys, tmp_path, bad, "too large")
    assert time.perf_counter() - start < 1.0


def test_max_size_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "big.txt"
    with open(bad, "wb") as fh:
        fh.truncate(60 * 1024**2)
    check_one_failure(capsys, tmp_path, bad, "limit is 50 MB", "--max-size", "50M")


def test_max_size_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["articles", "x", "--max-size", "lots"])
    assert exc.value.code == 2


def test_malformed_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.rss"
    bad.write_text(
        '<?xml version="1.0"?><rss><channel><title>X</title><item><title>Half', encoding="utf-8"
    )
    check_one_failure(capsys, tmp_path, bad, "malformed feed")


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 {defs}
]>
<rss><channel><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
"""


def test_entity_expansion_bomb_rejected_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    defs = "\n".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    bad = tmp_path / "bomb.xml"
    bad.write_text(BOMB.format(defs=defs), encoding="utf-8")
    start = time.perf_counter()
    check_one_failure(capsys, tmp_path, bad, "unsafe XML")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("name", ["xxe.rss", "xxe.html", "xxe.txt"])
def test_external_entity_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    secret = tmp_path / "secret.dat"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    bad = tmp_path / name
    bad.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        "<rss><channel><title>&xxe;</title><item><title>&xxe;</title>"
        "<description>Leaked: &xxe; and more words to make a paragraph.</description></item></channel></rss>",
        encoding="utf-8",
    )
    secret.chmod(0o644)
    rc, rows, err = run_cli(capsys, str(bad))
    assert rc == 1
    assert rows == []
    assert len(err) == 1 and str(bad) in err[0] and "unsafe XML" in err[0]
    assert "TOP-SECRET" not in "".join(err)


def test_deeply_nested_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    depth = 10_000
    f = tmp_path / "deep.html"
    f.write_text(
        "<html><head><title>Deep page title</title></head><body>"
        + "<div>" * depth
        + "<p>The council of Brask met on Monday and agreed a budget of 4 million korun.</p>"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    rc, rows, err = run_cli(capsys, str(f))
    assert rc == 0 and err == []
    assert rows[0]["title"] == "Deep page title"
    assert "agreed a budget" in rows[0]["paragraphs"][0]


def test_deeply_nested_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    check_one_failure(capsys, tmp_path, bad, "nested too deeply")


# --- folders with files that cannot be read ------------------------------------------------
# Tests run as root, where chmod 000 stops nothing; a failing open() is simulated by
# monkeypatching, and a FIFO and a broken symlink are real.


def test_unreadable_file_in_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "locked.txt"
    bad.write_text(GOOD.replace("good", "locked"), encoding="utf-8")
    real_open = builtins.open

    def fake_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(bad):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(tui.ingest, "open", fake_open, raising=False)
    check_one_failure(capsys, tmp_path, bad, "Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod 000 files")
def test_chmod_000_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "locked.txt"
    bad.write_text(GOOD, encoding="utf-8")
    bad.chmod(0)
    check_one_failure(capsys, tmp_path, bad, "Permission denied")


def test_fifo_is_skipped_without_blocking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "pipe.txt"
    os.mkfifo(bad)
    check_one_failure(capsys, tmp_path, bad, "not a regular file")


def test_broken_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "gone.txt"
    bad.symlink_to(tmp_path / "nowhere.txt")
    check_one_failure(capsys, tmp_path, bad, "broken symbolic link")


def test_folder_that_cannot_be_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = tmp_path / "private"
    sub.mkdir()
    real_scandir = os.scandir

    def fake_scandir(path: str = ".") -> Iterator[os.DirEntry[str]]:
        if str(path) == str(sub):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    check_one_failure(capsys, tmp_path, sub, "cannot list folder")


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "zz_good.txt").write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "nope.txt"
    rc, rows, err = run_cli(capsys, str(missing), str(tmp_path / "zz_good.txt"))
    assert rc == 1 and len(rows) == 1
    assert len(err) == 1 and str(missing) in err[0] and "No such file" in err[0]


def test_no_article_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "menu.txt"
    bad.write_text("Home\nNews\nSport\nWeather\n", encoding="utf-8")
    check_one_failure(capsys, tmp_path, bad, "no article text")


def test_hostile_file_name_never_reaches_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "news\x1b]52;c;ZXZpbA==\x07.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "empty\x1b[2J.txt"
    bad.write_bytes(b"")
    rc, rows, err = run_cli(capsys, str(tmp_path))
    assert rc == 1
    assert "\x1b" not in str(rows[0]["source_path"])
    assert len(err) == 1 and "\x1b" not in err[0] and "empty file" in err[0]


def test_a_reader_bug_fails_one_file_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.ingest import jsonl

    def broken(doc: str, source_path: str) -> list[object]:
        raise KeyError("bug")

    monkeypatch.setattr(jsonl, "read", broken)
    bad = tmp_path / "a.json"
    bad.write_text('{"title": "x", "text": "y"}', encoding="utf-8")
    check_one_failure(capsys, tmp_path, bad, "could not be read (KeyError")


@pytest.mark.parametrize(
    "unit", ["*a ", "[a](", "![", '"a. ', "A. ", "a - b – ", "<a", "<p", "_a ", "`a", "&#27;"]
)
def test_pathological_lines_read_in_linear_time(unit: str) -> None:
    from tui.errors import InputError
    from tui.ingest import read_bytes

    body = unit * (60_000 // len(unit))
    start = time.perf_counter()
    for name, doc in [
        ("x.txt", "Title line here\n" + body),
        ("x.md", "# Title\n\n" + body),
        ("x.json", json.dumps({"title": "t", "text": body})),
        ("x.html", "hello " + body),
    ]:
        with contextlib.suppress(InputError):
            read_bytes(doc.encode(), name)
    assert time.perf_counter() - start < 5.0


def test_entities_refused_in_utf16_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "wide.xml"
    doc = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        "<rss><channel><item><title>&x;</title><description>&x; and some words.</description></item></channel></rss>"
    )
    bad.write_bytes(doc.encode("utf-16"))
    check_one_failure(capsys, tmp_path, bad, "unsafe XML")


def test_prose_about_entities_is_not_refused(tmp_path: Path) -> None:
    from tui.ingest import read_bytes

    doc = "Parsers and entities\n\nA declaration such as <!ENTITY x 'y'> is how an XML bomb starts, experts said.\n"
    [art] = read_bytes(doc.encode(), str(tmp_path / "prose.txt"))
    assert "ENTITY" in art.paragraphs[0]


# Escape sequences written as character references: the parser must not drop the
# controls and leave the payload behind as text; the sequence goes whole.
REFS = "&#27;]0;pwned&#7;&#x1b;]52;c;ZXZpbA==&#x07;&#155;31m"
SAY = "The council of Brask met on Monday and agreed the budget for the new tram line."


@pytest.mark.parametrize(
    ("name", "doc"),
    [
        (
            "page.html",
            f"<!doctype html><html><head><title>Budget {REFS} agreed</title></head><body><article>"
            f"<h1>Budget {REFS} agreed</h1><p>{SAY} {REFS}</p><p>{SAY}</p></article></body></html>",
        ),
        (
            "feed.rss",
            '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Herald</title>'
            f"<item><title>Budget {REFS} agreed</title><description>{SAY} {REFS}</description>"
            f"<content:encoded><![CDATA[<p>{SAY} {REFS}</p><p>caf\xe9</p>]]></content:encoded>"
            "</item></channel></rss>",
        ),
        (
            "wire.json",
            json.dumps({"title": f"Budget {REFS} agreed", "text": f"<p>{SAY} {REFS}</p>"}),
        ),
    ],
)
def test_escape_sequences_written_as_references_go_whole(
    name: str, doc: str, tmp_path: Path
) -> None:
    from tui.ingest import read_bytes

    data = doc.encode("latin-1") if name.endswith(".rss") else doc.encode()
    articles = read_bytes(data, str(tmp_path / name))
    blob = " ".join(s for a in articles for s in (a.title, *a.paragraphs))
    assert SAY in blob
    for payload in ("pwned", "52;c;", "ZXZpbA", "\x1b", "\x07", "\x9b"):
        assert payload not in blob
    assert articles[0].title.startswith("Budget") and articles[0].title.endswith("agreed")
    if name.endswith(".rss"):
        assert "café" in blob  # the declared encoding still honoured


def test_a_feed_nested_thousands_of_levels_deep_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Real feeds nest a dozen levels; thousands are refused at once, the rest still read."""
    bad = tmp_path / "deep.rss"
    bad.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item>'
        b"<title>An item</title><description>"
        + b"<x>" * 5000
        + b"the council met"
        + b"</x>" * 5000
        + b"</description></item></channel></rss>"
    )
    check_one_failure(capsys, tmp_path, bad, "nested more than 500 levels deep")
