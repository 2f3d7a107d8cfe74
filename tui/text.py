"""Text hygiene, defined once: decoding, sanitising, normalising, splitting, tokens.

Everything that comes from a file is untrusted. `sanitize` removes terminal
control sequences and markup-irrelevant control characters so no escape byte
can ever reach a terminal; every stage calls it (readers do it at the door).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from itertools import compress, count, repeat
from operator import is_

# --- stop words ----------------------------------------------------------------

# English function words (plus a few German and French ones): not worth a search
# posting, nor a term when passages are compared.
_STOP_TEXT = """
a about above after again against all am an and any are aren't as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is isn't it it's its itself just me more most my myself no nor not of off
on once only or other our ours ourselves out over own same she should so some such
than that that's the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves also said says
der die das und ist ein eine zu den von mit im für auf dem des nicht sich
le la les et un une des du au aux est en que qui dans pour par sur
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


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


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
DETECTOR_MIN = 1024


def _detect(sample: bytes) -> str | None:
    """The detector's best legacy encoding; on a tie, Windows-1252 (the commonest by far)."""
    import charset_normalizer  # imported on first use: most text is UTF-8 and start-up is lean

    matches = [m for m in charset_normalizer.from_bytes(sample) if m.encoding]
    if not matches:
        return None
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, m.encoding != "cp1252"))
    return None if best.encoding in ("utf_8", "ascii") else best.encoding


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, strict UTF-8, declared charset, then a detector.

    Text that is mostly UTF-8 (it holds valid multi-byte sequences) stays UTF-8,
    its invalid bytes becoming U+FFFD; a legacy-encoded text (no UTF-8 sequence at
    all) goes to the detector, or when too short for one, is read as Windows-1252
    unless that reads wrongly. Nothing is dropped silently.
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
    sample = data[:DETECTOR_SAMPLE]
    if _UTF8_MULTIBYTE.search(sample):
        return data.decode("utf-8", errors="replace")
    encoding = _detect(sample) if len(data) >= DETECTOR_MIN else _short_legacy(sample)
    for name in (encoding, "cp1252"):
        if name:
            try:
                return data.decode(name)
            except (UnicodeDecodeError, LookupError):
                pass
    return data.decode("latin-1")  # cp1252's five unassigned bytes: C1 controls, sanitised away


# Letters followed by a non-ASCII symbol and another letter: `Za¿ó³æ` is Polish read as
# Windows-1252; the apostrophes and the middle dot are at home inside Latin words.
_ODD_INSIDE_WORD = re.compile(r"(?<=[^\W\d_])[^\w\x00-\x7f’‘·](?=[^\W\d_])")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _short_legacy(sample: bytes) -> str | None:
    """A short legacy-encoded text's encoding: Windows-1252 unless it reads wrongly so.

    A detector cannot judge a few dozen bytes, but Windows-1252 misread shows: symbols
    inside words, or words made only of accented letters (Cyrillic or Greek bytes). Only
    then is the detector asked.
    """
    latin = sample.decode("cp1252", errors="replace")
    accented = [w for w in _WORD.findall(latin) if not w.isascii()]
    foreign = sum(1 for w in accented if all(ord(c) > 127 for c in w))
    if "\ufffd" in latin or _ODD_INSIDE_WORD.search(latin) or foreign * 2 > len(accented):
        return _detect(sample) or "cp1252"
    return "cp1252"


# Bytes that may appear in text: everything but C0 controls other than tab, LF, FF, CR, ESC.
_TEXT_BYTES = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


STRAY_NULS = 8  # NUL bytes a text may hold by accident (or one in a thousand bytes, if more)


def without_stray_nuls(data: bytes) -> tuple[bytes, int] | None:
    """Text with a few stray NUL bytes (a damaged save, a bad copy) without them, and how
    many there were; None when the NULs or other control bytes say it is not text."""
    nuls = data.count(0)
    if nuls > max(STRAY_NULS, len(data) // 1000):
        return None
    rest = data.replace(b"\x00", b"")
    if not rest.strip() or len(rest.translate(None, _TEXT_BYTES)) * 100 > len(rest):
        return None
    return rest, nuls


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes (outside UTF-16/32) or many controls."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head.translate(None, _TEXT_BYTES))
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
# Anything the slow path would touch: CR, ESC and every other control, C1, bidi overrides,
# and lone surrogates (from JSON `\ud800` escapes): not Unicode, they cannot be stored or written.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# ASCII characters sanitize leaves alone (tab, newline, printable): deleting them from
# an ASCII text leaves exactly the ones `_UNSAFE` would find (a byte scan, ~10x the regex).
_ASCII_PRINTABLE = bytes(range(0x20, 0x7F))
_ASCII_SAFE = b"\t\n" + _ASCII_PRINTABLE


def sanitize(text: str) -> str:
    """Make untrusted text safe to show and store.

    Removes terminal control sequences (whole, even unterminated), C0 controls
    but newline and tab, DEL, C1, and bidi overrides; replaces lone surrogates
    with U+FFFD; turns CRLF/CR into LF;
    normalises to NFC. Zero-width joiners and all visible text survive.
    Idempotent: sanitize(sanitize(x)) == sanitize(x).
    """
    if text.isascii() and not text.encode("ascii").translate(None, _ASCII_SAFE):
        return text  # nothing to remove, and ASCII is always NFC
    if _UNSAFE.search(text):
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _SEQUENCES.sub("", text)
        text = _CONTROLS.sub("", text)
        text = _SURROGATES.sub("\ufffd", text)
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


_NUMERIC_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*(\d{1,7}));?")


def _control_ref(m: re.Match[str], html: bool) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code < 0x20 and code not in (9, 10, 13) or code == 0x7F:
        return chr(code)
    if 0x80 <= code <= 0x9F:
        if html:  # HTML reads &#128;-&#159; as Windows-1252, as browsers do
            try:
                return bytes([code]).decode("cp1252")
            except UnicodeDecodeError:
                return chr(code)
        return chr(code)
    return m.group()


def control_refs_to_chars(markup: str, html: bool = True) -> str:
    """Numeric character references to control characters turned into the characters.

    Run before `sanitize` on HTML or XML, so an escape sequence written as
    references (`&#27;]0;title&#7;`) is removed whole instead of a parser
    dropping the controls and leaving the payload behind as text. Other
    references are left for the parser.
    """
    if "&#" not in markup:
        return markup
    return _NUMERIC_REF.sub(lambda m: _control_ref(m, html), markup)


def plural(n: int, word: str) -> str:
    """`1 passage`, `2 passages`, `1,204 files`: a count with its noun."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def clean_line(text: str) -> str:
    """A sanitised single line: whitespace runs folded to one space, ends trimmed."""
    return fold_spaces(sanitize(text))


def fold_spaces(text: str) -> str:
    """`" ".join(text.split())`, without splitting text that is already folded."""
    if (
        text.isascii()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and not text.encode("ascii").translate(None, _ASCII_PRINTABLE)
    ):
        return text  # printable ASCII: the space is its only whitespace
    return " ".join(text.split())


# --- sentences -------------------------------------------------------------------

# Month abbreviations: a full stop after them rarely ends a sentence.
_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
ABBREVIATIONS = _MONTHS | frozenset(
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

_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s|$)""")
_NEXT_START = re.compile(r"""\s+["'“‘«(\[]*[A-Z0-9À-ÖØ-Þ\u0400-\u042f]""")
_CLOSERS = "\"'”’»)]"
_WORD_BEFORE = re.compile(r"""[^\s("'“‘«\[]+$""")
_WORD_OPENERS = frozenset("(\"'“‘«[")  # what ends _WORD_BEFORE's run, besides whitespace
_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")

# Abbreviations that only hold before a number ("No. 5", "Jan. 12", "Fig. 3").
_BEFORE_NUMBER = _MONTHS | frozenset(["no", "nos", "vol", "vols", "fig", "figs"])
# Abbreviations that often close a sentence: split after them when a capital follows.
_MAY_END = frozenset(
    [
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "al",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at index `dot` closes an abbreviation or an initial."""
    lo = max(0, dot - 40)
    if dot > lo and text[dot - 1] == "\n":  # rare: `$` may match before that newline
        m = _WORD_BEFORE.search(text, lo, dot)
        if not m:
            return False
        found = m.group()
    else:  # what _WORD_BEFORE finds, by stepping back over the word's characters
        i = dot
        while i > lo and not (text[i - 1].isspace() or text[i - 1] in _WORD_OPENERS):
            i -= 1
        if i == dot:
            return False
        found = text[i:dot]
    word = found.casefold().rstrip(".")
    if not word:
        return False
    if word in _BEFORE_NUMBER:
        return text[dot + 1 : dot + 3].strip()[:1].isdigit()
    if word in _MAY_END:
        return False
    if word in ABBREVIATIONS:
        return True
    # single initials such as "J." and dotted acronyms such as "U.S."
    return (
        bool(_INITIALS.fullmatch(word))
        and len(word.replace(".", "")) <= 3
        and (len(word) == 1 or "." in word)
    )


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at index `dot` of `text` closes an abbreviation or an
    initial (`Mr.`, `U.S.`, `J.`) rather than a sentence."""
    return _is_abbreviation(text, dot)


class _QuoteState:
    """Tracks whether a scan position is inside a quotation (curly or straight)."""

    def __init__(self) -> None:
        self.depth = 0
        self.straight = False

    def feed(self, chunk: str) -> None:
        if "“" in chunk or "”" in chunk:
            for ch in chunk:
                if ch == "“":
                    self.depth += 1
                elif ch == "”":
                    self.depth = max(0, self.depth - 1)
        if chunk.count('"') % 2:
            self.straight = not self.straight

    @property
    def open(self) -> bool:
        return self.depth > 0 or self.straight


def _split(text: str, respect_quotes: bool) -> list[str]:
    sentences: list[str] = []
    start = scanned = 0
    quotes = _QuoteState()
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        mark = m.group()
        # both tests only skip a candidate end; the cheaper one first
        if end < len(text) and not _NEXT_START.match(text, end):
            continue
        if len(mark.rstrip(_CLOSERS)) == 1 and mark[0] == "." and _is_abbreviation(text, m.start()):
            continue
        quotes.feed(text[scanned:end])
        scanned = end
        if respect_quotes and quotes.open:
            continue
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; survives abbreviations, decimals and quotes.

    A full stop inside a quotation does not end the sentence. When a stray
    quotation mark would swallow the rest of a long text, that run is split
    as if it held no quotes (joined sentences are safer than cut ones, but a
    whole article as one sentence helps nobody).
    """
    sentences = _split(text, respect_quotes=True)
    if sentences and len(sentences[-1]) > 1200:
        quotes = _QuoteState()
        quotes.feed(sentences[-1])
        if quotes.open:
            sentences.extend(_split(sentences.pop(), respect_quotes=False))
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of `text` (each `text[start:end]` verbatim, in order);
    the whole text as one span when it holds no sentence."""
    spans = []
    cursor = 0
    for sentence in split_sentences(text):
        start = text.find(sentence, cursor)
        if start < 0:  # pragma: no cover - split_sentences returns stripped slices
            continue
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans or [(0, len(text))]


# --- tokens ------------------------------------------------------------------------
# The one tokeniser. `tokens` is its definition: words are runs of letters and digits,
# joined by inner apostrophes (' or ’), each folded (case and accents). `words` and
# `word_spans` give exactly what `tokens` gives, faster (tests/test_text_tokens.py
# checks it by property): indexing 100k articles tokenises ~100M words.

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The token pattern restricted to lowercase ASCII: on ASCII text it finds the same words.
_ASCII_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# ASCII characters that are not part of a word: spaces for `str.translate`.
_ASCII_GAPS = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "'")}
# Words seen in non-ASCII text and their folded forms: folding is per character and
# words repeat (Zipf), so each distinct word is folded once per process.
_FOLDED: dict[str, str] = {}
_FOLDED_MOST = 1 << 19


def fold(text: str) -> str:
    """Case- and accent-folded form used for matching (search and entities)."""
    if text.isascii():  # casefold is lower and NFKD changes nothing on ASCII
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Word tokens as (folded form, start, end) with offsets into `text`: the
    definition of a word (see `words` and `word_spans` for the fast forms)."""
    for m in _TOKEN_RE.finditer(text):
        yield fold(m.group()), m.start(), m.end()


def words(text: str) -> list[str]:
    """The folded forms of `tokens(text)`, in order (fast: the index's tokeniser)."""
    if text.isascii():
        # translate and split beat the regex by ~1.5x; words with apostrophes
        # (don't, 'quoted') go through the regex
        found = text.lower().translate(_ASCII_GAPS).split()
        if "'" not in text:
            return found
        out: list[str] = []
        for w in found:
            if "'" in w:
                out += _ASCII_TOKEN_RE.findall(w)
            else:
                out.append(w)
        return out
    raw = _TOKEN_RE.findall(text)
    folded = list(map(_FOLDED.get, raw))
    if None in folded:
        if len(_FOLDED) > _FOLDED_MOST:
            _FOLDED.clear()
        # the indices of the words not seen yet (the scan runs in C; most are seen)
        for i in compress(count(), map(is_, folded, repeat(None))):
            w = raw[i]
            folded[i] = _FOLDED[w] = fold(w)
    return folded  # type: ignore[return-value]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """`list(tokens(text))`, faster on ASCII text (highlighting every hit)."""
    if text.isascii():  # lowercasing ASCII keeps every offset
        return [(m.group(), m.start(), m.end()) for m in _ASCII_TOKEN_RE.finditer(text.lower())]
    return list(tokens(text))
