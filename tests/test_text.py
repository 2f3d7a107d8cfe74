"""The sanitiser, decoding and sentence splitting."""

from __future__ import annotations

import pytest

from tui import text

HOSTILE = [
    ("osc52", "a\x1b]52;c;ZXZpbA==\x07b", "ab"),
    ("osc-st", "a\x1b]0;title\x1b\\b", "ab"),
    ("csi-clear", "a\x1b[2Jb", "ab"),
    ("csi-8bit", "a\x9b31mb", "ab"),
    ("dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),
    ("unterminated-osc", "a\x1b]8;;https://x", "a"),
    ("unterminated-csi", "a\x1b[", "a"),
    ("lone-esc", "a\x1bb", "a"),
    ("nul-del-c1", "a\x00b\x7fc\x85d", "abcd"),
    ("bidi-override", "a\u202eb\u2066c", "abc"),
    ("crlf", "a\r\nb\rc", "a\nb\nc"),
]


@pytest.mark.parametrize(("name", "raw", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_sanitize_removes_control_sequences(name: str, raw: str, expected: str) -> None:
    assert text.sanitize(raw) == expected


def test_sanitize_keeps_visible_text_and_joiners() -> None:
    family = "👩\u200d👩\u200d👧"
    s = f"Café {family} שלום [bold]x[/] \t tab"
    assert text.sanitize(s) == s


def test_sanitize_is_idempotent_on_tricky_input() -> None:
    for raw in ["\x1b\x1b[31m", "\x1b[\x1b]0;x\x07", "\x9b\x9b1m", "e\u0301"]:
        once = text.sanitize(raw)
        assert text.sanitize(once) == once


def test_nfc() -> None:
    assert text.sanitize("e\u0301") == "\u00e9"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Grüße".encode(), "Grüße"),
        (b"\xef\xbb\xbfbom", "bom"),
        ("Grüße".encode("utf-16"), "Grüße"),
        (
            b'<meta charset="windows-1252"><p>caf\xe9</p>',
            '<meta charset="windows-1252"><p>café</p>',
        ),
    ],
)
def test_decode(data: bytes, expected: str) -> None:
    assert text.decode(data) == expected


def test_decode_invalid_bytes_become_replacement_not_dropped() -> None:
    out = text.decode(b"ok \xff\xfe\xfa ok" + b"\x80" * 3)
    assert out.startswith("ok ") and ("\ufffd" in out or len(out) >= 9)


@pytest.mark.parametrize(
    ("para", "expected"),
    [
        (
            "Dr. Smith met U.S. officials. They talked.",
            ["Dr. Smith met U.S. officials.", "They talked."],
        ),
        (
            "It cost 3.5 million on Jan. 5. Then it fell.",
            ["It cost 3.5 million on Jan. 5.", "Then it fell."],
        ),
        ('"It is over," he said. She left.', ['"It is over," he said.', "She left."]),
        ('He said: "Stop. Now." Then he left.', ['He said: "Stop. Now."', "Then he left."]),
        ("Why? Because.", ["Why?", "Because."]),
    ],
)
def test_split_sentences(para: str, expected: list[str]) -> None:
    assert text.split_sentences(para) == expected


def test_tokens_fold_case_and_accents_with_offsets() -> None:
    s = "Bünger met Ümit"
    toks = list(text.tokens(s))
    assert [t for t, _, _ in toks] == ["bunger", "met", "umit"]
    assert all(s[a:b].casefold().startswith(t[0]) or t[0] in "bu" for t, a, b in toks)
