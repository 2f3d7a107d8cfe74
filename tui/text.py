"""Text hygiene, defined once: decoding, sanitising, normalising, splitting, tokens.

Everything that comes from a file is untrusted. `sanitize` removes terminal
control sequences and markup-irrelevant control characters so no escape byte
can ever reach a terminal; every stage calls it (readers do it at the door).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import charset_normalizer

# --- decoding -----------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_DECLARED_RE = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["']|^---.*?charset:\s*)([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE | re.DOTALL,
)

DETECTOR_SAMPLE = 256 * 1024


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares about itself (HTML meta, XML declaration)."""
    m = _DECLARED_RE.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, strict UTF-8, declared charset, then a detector.

    Bytes that cannot be decoded become U+FFFD; nothing is dropped silently.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared or declared_charset(data)
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    best = charset_normalizer.from_bytes(data[:DETECTOR_SAMPLE]).best()
    if best is not None and best.encoding and best.encoding not in ("utf_8", "ascii"):
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("utf-8", errors="replace")


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes (outside UTF-16/32) or many controls."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.1


# --- sanitising -----------------------------------------------------------------

# Whole sequences first (CSI, OSC, DCS, SOS, PM, APC in 7- and 8-bit forms,
# terminated or not), then lone ESC and other controls.
_STRING_END = r"(?:\x07|\x1b\\|\x9c|(?=\n)|$)"
_SEQUENCES = re.compile(
    "|".join(
        (
            r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?",  # CSI, unterminated too
            r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*"
            + _STRING_END,  # OSC/DCS/SOS/PM/APC
            r"\x1b[ -/]*[0-~]?",  # other escape sequences, lone ESC
        )
    )
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def sanitize(text: str) -> str:
    """Make untrusted text safe to show and store.

    Removes terminal control sequences (whole, even unterminated), C0 controls
    but newline and tab, DEL, C1, and bidi overrides; turns CRLF/CR into LF;
    normalises to NFC. Zero-width joiners and all visible text survive.
    Idempotent: sanitize(sanitize(x)) == sanitize(x).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEQUENCES.sub("", text)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """A sanitised single line: whitespace runs folded to one space, ends trimmed."""
    return " ".join(sanitize(text).split())


# --- sentences -------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "messrs",
        "mme",
        "mlle",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "approx",
        "est",
        "dept",
        "univ",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "vs",
        "etc",
        "al",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "u.s.a",
        "e.u",
        "p.m",
        "a.m",
        "ph.d",
        "b.a",
        "m.a",
        "d.c",
    ]
)

_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+|$)""")
_NEXT_START = re.compile(r"""\s+["'“‘«(\[]*[A-Z0-9À-ÖØ-Þ\u0400-\u042f]""")


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the full stop at `end` closes an abbreviation or an initial."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(\"'“‘":
        start -= 1
    word = text[start:end].casefold().rstrip(".")
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # single initials such as "J." and dotted acronyms such as "U.S."
    return (
        bool(re.fullmatch(r"[^\W\d_](?:\.[^\W\d_])*", word))
        and len(word.replace(".", "")) <= 3
        and (len(word) == 1 or "." in word)
    )


def _inside_quote(text: str, start: int, end: int) -> bool:
    """Whether `end` falls inside a quotation opened after `start`."""
    depth = 0
    straight = False
    for ch in text[start:end]:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; survives abbreviations, decimals and quotes."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if (
            m.group().startswith(".")
            and len(m.group().rstrip("\"'”’»)]")) == 1
            and _is_abbreviation(text, m.start())
        ):
            continue
        nxt = _NEXT_START.match(text, end)
        if end < len(text) and not nxt:
            continue
        if _inside_quote(text, start, end):
            continue
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


# --- tokens ------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def fold(text: str) -> str:
    """Case- and accent-folded form used for matching (search and entities)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Word tokens as (folded form, start, end) with offsets into `text`."""
    for m in _TOKEN_RE.finditer(text):
        yield fold(m.group()), m.start(), m.end()
