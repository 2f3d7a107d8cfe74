"""Reading files into articles: one module per format, chosen by content and name.

`read_paths` is the single entry point: it expands folders and `-` (stdin),
reads every file it can, and reports each failure as one line naming the file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui import text
from tui.errors import InputError
from tui.model import Article

DEFAULT_MAX_BYTES = 200 * 1024 * 1024


@dataclass
class FileResult:
    """What reading one file gave: its articles, or the reason it failed."""

    path: str
    articles: list[Article] = field(default_factory=list)
    error: str | None = None
    size: int = 0


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files under the given paths (folders recursively, sorted); `-` is stdin."""
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            yield p
            continue
        for root, dirs, files in os.walk(p, onerror=None):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield os.path.join(root, name)


def load_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a file (or stdin), refusing oversized input before reading it."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            size = os.stat(path).st_size
        except OSError as exc:
            raise InputError(path, exc.strerror or str(exc)) from exc
        if size > max_bytes:
            raise InputError(path, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        try:
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(path, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise InputError(path, f"too large (more than {max_bytes:,} bytes)")
    return data


def read_bytes(data: bytes, source_path: str) -> list[Article]:
    """Articles from one file's bytes; raises InputError when it holds none."""
    from tui.ingest import plain

    if not data.strip():
        raise InputError(source_path, "empty file")
    if text.looks_binary(data):
        raise InputError(source_path, "binary data, not text")
    decoded = text.sanitize(text.decode(data))
    articles = plain.read(decoded, source_path)
    if not articles:
        raise InputError(source_path, "no article text found")
    return articles


def read_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[FileResult]:
    """Read every file under `paths`; a bad file yields an error, never stops the rest."""
    for path in expand(paths):
        shown = "<stdin>" if path == "-" else path
        try:
            data = load_bytes(path, max_bytes)
            yield FileResult(shown, read_bytes(data, shown), size=len(data))
        except InputError as exc:
            yield FileResult(shown, error=exc.reason)


def source_name(path: str) -> str:
    return "<stdin>" if path == "-" else str(Path(path))
