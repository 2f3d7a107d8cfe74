"""Reading files into articles: one module per format, chosen by content and name.

`read_paths` is the single entry point: it expands folders and `-` (stdin),
reads every file it can, and reports each failure as one line naming the file.
Formats: scraped or plain text (`plain`, `scraped`), Markdown (`markdown`),
HTML (`html`), RSS/Atom (`feed`), JSON and JSON Lines (`jsonl`).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui import text
from tui.errors import InputError
from tui.model import Article

DEFAULT_MAX_BYTES = 200 * 1024 * 1024

FORMATS = ("text", "markdown", "html", "feed", "json")
_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
_XML_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|rdf|RDF|html)\b", re.IGNORECASE)
_HTML_START = re.compile(r"(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE)
_HTML_TAGS = re.compile(
    r"<(?:p|div|article|section|span|a|br|h[1-6])\b[^<>]{0,500}>", re.IGNORECASE
)
_XML_ENCODING = re.compile(r"""(<\?xml[^>]{0,200}?encoding\s*=\s*["'])[^"']{1,40}(["'])""")
_ENTITY_DECLARATION = re.compile(r"<!DOCTYPE[^>\[]{0,500}\[[^\]]{0,100000}?<!ENTITY", re.IGNORECASE)
# A folder's own documentation, not news: skipped when walking folders.
_PROJECT_FILE = re.compile(r"(?i)(?:readme|licen[cs]e|copying|changelog|contributing)(?:\.\w+)?$")
_JSON_START = re.compile(r'(?:\{\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d|true|false|null))')
_FRONT = re.compile(r"---[ \t]*\n")
_MD_SIGNS = re.compile(r"^(?:#{1,6} |\* |- |> |\d+\. )|\[[^\]]+\]\([^)]+\)|\*\*\S", re.MULTILINE)


@dataclass
class FileResult:
    """What reading one file gave: its articles, or the reason it failed.

    A file that failed in part (bad lines in JSON Lines) has both an error and
    the articles the rest of it gave.
    """

    path: str
    articles: list[Article] = field(default_factory=list)
    error: str | None = None
    size: int = 0
    warnings: list[str] = field(default_factory=list)


def parse_size(value: str) -> int:
    """`50M`, `2G`, `800k`, `1.5MB` or plain bytes, as a byte count (powers of 1024)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:i?[bB])?\s*", value)
    if not m:
        raise ValueError(f"not a size: {value!r} (try 50M or 2G)")
    scale = 1024 ** " KMGT".index(m.group(2).upper() or " ")
    return int(float(m.group(1)) * scale)


def human_size(n: int) -> str:
    """A byte count for people: 2.0 GB, 50 MB, 800 bytes."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    return f"{n} bytes"


def walk_paths(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """(path, problem) for every file under `paths`; folders that cannot be listed say so."""
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            yield p, None
            continue
        problems: list[tuple[str, str]] = []

        def onerror(exc: OSError, problems: list[tuple[str, str]] = problems, top: str = p) -> None:
            problems.append((exc.filename or top, f"cannot list folder: {exc.strerror or exc}"))

        for root, dirs, files in os.walk(p, onerror=onerror):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            while problems:
                yield problems.pop(0)
            for name in sorted(files):
                if not name.startswith(".") and not _PROJECT_FILE.match(name):
                    yield os.path.join(root, name), None
        while problems:
            yield problems.pop(0)


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files under the given paths (folders recursively, sorted); `-` is stdin.

    Inside folders, hidden files and folders and a folder's own README, LICENSE
    and CHANGELOG files are skipped; files named explicitly are always read.
    """
    for path, _ in walk_paths(paths):
        yield path


def load_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a file (or stdin), refusing oversized input before reading it."""
    limit = f"the limit is {human_size(max_bytes)}; see --max-size"
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError("<stdin>", f"too large (more than {human_size(max_bytes)}; {limit})")
        return data
    try:
        st = os.stat(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if os.path.islink(path):
            reason = f"broken symbolic link ({reason})"
        raise InputError(path, reason) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a folder that could not be read")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
        raise InputError(path, f"not a regular file ({kind}), skipped")
    if st.st_size > max_bytes:
        raise InputError(path, f"too large ({human_size(st.st_size)}; {limit})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(path, f"too large (grew past {human_size(max_bytes)} while read)")
    return data


def sniff(data: bytes, decoded: str, source_path: str) -> str:
    """The format of a file, by content first and then by its name's extension."""
    head = decoded.lstrip("\ufeff \t\r\n")[:4096]
    ext = _EXTENSIONS.get(Path(source_path).suffix.lower())
    if ext == "json" or _JSON_START.match(head):
        return "json"
    if head.startswith("<"):
        root = _XML_ROOT.search(data[:8192])
        is_html = bool(_HTML_START.match(head)) or bool(root and root.group(1).lower() == "html")
        if head.startswith(("<?xml", "<!DOCTYPE", "<!doctype")) or root:
            return "html" if is_html else "feed"
        if _HTML_TAGS.search(head):
            return "html"
    if ext == "feed":
        return "feed"
    if ext == "html" and _HTML_TAGS.search(decoded[:65536]):
        return "html"
    if (
        ext == "markdown"
        or head.startswith("# ")
        or (_FRONT.match(head) and _MD_SIGNS.search(head))
    ):
        return "markdown"
    return "text"


def read_bytes(data: bytes, source_path: str, warnings: list[str] | None = None) -> list[Article]:
    """Articles from one file's bytes; raises InputError when it holds none.

    `source_path` is only shown and stored (sanitised, so a hostile file name
    cannot reach a terminal); the format is sniffed from the bytes and its name.
    What was repaired on the way (stray NUL bytes removed) is added to `warnings`.
    """
    source_path = text.sanitize(source_path)
    if not data.strip():
        raise InputError(source_path, "empty file" if not data else "empty file (only whitespace)")
    data = _mark_bomless_utf16(data)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    if b"\x00" in data and not utf16:
        repaired = text.without_stray_nuls(data)
        if repaired is None:
            raise InputError(source_path, "binary data (contains NUL bytes), not text")
        data, nuls = repaired
        if warnings is not None:
            warnings.append(
                "a stray NUL byte was removed"
                if nuls == 1
                else f"{nuls} stray NUL bytes were removed"
            )
    if text.looks_binary(data):
        raise InputError(source_path, "binary data, not text")
    raw = text.decode(data)
    fmt = sniff(data, raw, source_path)
    if fmt in ("html", "feed"):
        raw = text.control_refs_to_chars(raw, html=fmt == "html")
    decoded = text.sanitize(raw)
    if "<!ENTITY" in decoded and _ENTITY_DECLARATION.search(decoded):
        # entity declarations are how expansion bombs and external entities
        # (local file reads) work; no news document needs one
        raise InputError(
            source_path,
            "unsafe XML refused (entity declarations and external references are not allowed)",
        )
    if fmt == "feed":  # the parser gets the sanitised text, declared as what it now is
        data = _XML_ENCODING.sub(r"\1utf-8\2", decoded, count=1).encode("utf-8")
    articles = _read_format(fmt, data, decoded, source_path)
    if not articles:
        raise InputError(source_path, f"no article text found (read as {fmt})")
    return articles


def _mark_bomless_utf16(data: bytes) -> bytes:
    """UTF-16 without a byte-order mark (NUL in every other byte) gets one."""
    head = data[:4096]
    if len(head) < 8 or b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    half = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.9 * half and even <= 0.1 * half:
        return b"\xff\xfe" + data
    if even >= 0.9 * half and odd <= 0.1 * half:
        return b"\xfe\xff" + data
    return data


def _read_format(fmt: str, data: bytes, decoded: str, source_path: str) -> list[Article]:
    if fmt == "json":
        from tui.ingest import jsonl

        if _EXTENSIONS.get(Path(source_path).suffix.lower()) == "json":
            return jsonl.read(decoded, source_path)
        try:
            return jsonl.read(decoded, source_path)
        except jsonl.PartialRead:
            raise
        except InputError:
            fmt = "text"  # only looked like JSON: `[1] The council...`
    if fmt == "feed":
        from tui.ingest import feed

        return feed.read(data, source_path)
    if fmt == "html":
        from tui.ingest import html

        return html.read(decoded, source_path)
    if fmt == "markdown":
        from tui.ingest import markdown

        return markdown.read(decoded, source_path)
    from tui.ingest import plain

    return plain.read(decoded, source_path)


def read_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[FileResult]:
    """Read every file under `paths`; a bad file yields an error, never stops the rest."""
    for path, problem in walk_paths(paths):
        shown = source_name(path)
        if problem is not None:
            yield FileResult(shown, error=problem)
            continue
        try:
            data = load_bytes(path, max_bytes)
        except InputError as exc:
            yield FileResult(shown, error=exc.reason)
            continue
        yield parse_file(data, shown)


def parse_file(data: bytes, shown: str) -> FileResult:
    """One file's bytes read into articles, every failure turned into the file's one-line
    error (a reader's bug too: it must not stop the other files). The one place that
    classifies them: `read_paths` and the ingest pipeline both call it."""
    from tui.ingest.jsonl import PartialRead

    notes: list[str] = []
    try:
        result = FileResult(shown, read_bytes(data, shown, notes), size=len(data))
    except PartialRead as exc:
        result = FileResult(shown, exc.articles, error=exc.reason, size=len(data))
    except InputError as exc:
        result = FileResult(shown, error=exc.reason, size=len(data))
    except RecursionError:
        result = FileResult(shown, error="nested too deeply to read", size=len(data))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the other files
        reason = f"could not be read ({type(exc).__name__}: {exc})"
        result = FileResult(shown, error=text.clean_line(reason)[:300], size=len(data))
    if result.articles:
        result.warnings.extend(notes)
        # U+FFFD in the text first: decoding all the bytes again is the dearer test
        if _has_replacement(result.articles) and not _valid_utf8(data):
            result.warnings.append("invalid UTF-8 bytes were replaced with U+FFFD")
    return result


def _has_replacement(articles: list[Article]) -> bool:
    return any("\ufffd" in p for a in articles for p in (a.title, *a.paragraphs))


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def source_name(path: str) -> str:
    """How a path is shown and stored: `<stdin>` for `-`."""
    return "<stdin>" if path == "-" else text.sanitize(str(Path(path)))
