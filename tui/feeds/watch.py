"""Noticing that the library changed under a running reader: another process ingested
or updated feeds, or marked articles read.

`LibraryWatch` keeps its own connection (open it and call `check` on one thread, never
the UI's): SQLite's `PRAGMA data_version` moves when any *other* connection commits,
which is what makes the check cheap; two small counts then tell whether the articles
or only the read marks changed (a commit can touch neither, e.g. a saved position).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

ARTICLES = "articles"  # articles came or went: reload the list
MARKS = "marks"  # read marks or stars changed: reload the read state


class LibraryWatch:
    """`check()` says what changed since the last call (or since the watch began)."""

    def __init__(self, folder: Path | str) -> None:
        from tui.library import Library

        self.lib = Library.open(folder)
        self._version = self._data_version()
        self._fingerprint = self._read_fingerprint()

    def check(self) -> str | None:
        """ARTICLES, MARKS or None; a library that cannot be read now says None."""
        try:
            version = self._data_version()
            if version == self._version:
                return None
            self._version = version
            now = self._read_fingerprint()
        except sqlite3.Error:
            return None
        before, self._fingerprint = self._fingerprint, now
        if before[0] != now[0]:
            return ARTICLES
        if before[1] != now[1]:
            return MARKS
        return None

    def close(self) -> None:
        self.lib.close()

    def __enter__(self) -> LibraryWatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _data_version(self) -> int:
        return int(self.lib.execute("PRAGMA data_version").fetchone()[0])

    def _read_fingerprint(self) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        db = self.lib
        articles = tuple(db.articles_mark())
        marks = tuple(
            db.execute(
                "SELECT COUNT(read_at), COALESCE(MAX(read_at), ''), COALESCE(SUM(starred), 0), "
                "COUNT(*) FROM article_state"
            ).fetchone()
        )
        return articles, marks
