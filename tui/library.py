"""The library: a SQLite file holding articles, passages, entities, the search
index, selections and brief history. Schema changes go through MIGRATIONS."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.errors import LibraryError
from tui.model import Article

DB_NAME = "library.sqlite3"

# Each entry moves the schema one version up; never edit a shipped one, append.
MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE files (
        path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL, ingested_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, outlet TEXT, published TEXT, url TEXT,
        source_path TEXT NOT NULL, seq INTEGER NOT NULL
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE TABLE file_articles (
        path TEXT NOT NULL, article_id TEXT NOT NULL, ord INTEGER NOT NULL,
        PRIMARY KEY (path, article_id)
    );
    CREATE INDEX file_articles_article ON file_articles (article_id);
    CREATE TABLE passages (
        article_id TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    );
    CREATE TABLE mentions (
        article_id TEXT NOT NULL, paragraph INTEGER NOT NULL, start INTEGER NOT NULL,
        end INTEGER NOT NULL, type TEXT NOT NULL, text TEXT NOT NULL, canonical TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions (article_id);
    CREATE INDEX mentions_canonical ON mentions (canonical);
    CREATE TABLE entities (
        article_id TEXT NOT NULL, canonical TEXT NOT NULL, type TEXT NOT NULL,
        role TEXT, aliases TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (article_id, canonical)
    );
    CREATE TABLE quotes (
        article_id TEXT NOT NULL, paragraph INTEGER NOT NULL, speaker TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes (article_id);
    CREATE TABLE figures (
        article_id TEXT NOT NULL, paragraph INTEGER NOT NULL, value TEXT NOT NULL,
        context TEXT NOT NULL
    );
    CREATE INDEX figures_article ON figures (article_id);
    CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL);
    CREATE TABLE selections (
        name TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', bluf TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    );
    CREATE TABLE selection_items (
        selection TEXT NOT NULL, position INTEGER NOT NULL, article_id TEXT NOT NULL,
        paragraph INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (selection, article_id, paragraph)
    );
    CREATE TABLE brief_history (
        path TEXT NOT NULL, written_at TEXT NOT NULL, sha256 TEXT NOT NULL, content BLOB NOT NULL
    );
    CREATE TABLE positions (article_id TEXT PRIMARY KEY, paragraph INTEGER NOT NULL, scroll INTEGER NOT NULL);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class ArticleSummary:
    """An article's metadata without its body, for lists."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    source_path: str
    paragraph_count: int


class Library:
    """An open library. Use `Library.open(folder)`; close it (or use `with`)."""

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.folder = folder
        self.db = conn

    # --- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str) -> Library:
        """Open (creating if needed) the library in `folder`, migrating its schema."""
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(folder / DB_NAME, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise LibraryError(f"{folder}: cannot open library ({exc})") from exc
        lib = cls(folder, conn)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            lib._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise LibraryError(f"{folder / DB_NAME}: not a usable library ({exc})") from exc
        return lib

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.folder / DB_NAME}: written by a newer brief (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); not touched"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ----------------------------------------------------------

    def transaction(self) -> _Transaction:
        """A write transaction: `with lib.transaction(): ...` commits or rolls back."""
        return _Transaction(self.db)

    # --- files -----------------------------------------------------------------

    def file_state(self, path: str) -> tuple[int, int, str] | None:
        """(size, mtime_ns, sha256) recorded when `path` was last ingested."""
        row = self.db.execute(
            "SELECT size, mtime_ns, sha256 FROM files WHERE path = ?", (path,)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def record_file(self, path: str, size: int, mtime_ns: int, sha256: str, when: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, sha256, ingested_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (path, size, mtime_ns, sha256, when),
        )

    def replace_file_articles(self, path: str, articles: Iterable[Article]) -> list[str]:
        """Store the articles read from `path`, replacing what it held before.

        Articles no longer referenced by any file are removed. Returns the ids
        of articles that are new to the library (to analyse and index).
        """
        articles = list(articles)
        old = {
            r[0]
            for r in self.db.execute("SELECT article_id FROM file_articles WHERE path = ?", (path,))
        }
        self.db.execute("DELETE FROM file_articles WHERE path = ?", (path,))
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
        new_ids: list[str] = []
        for ord_, art in enumerate(articles):
            self.db.execute(
                "INSERT OR IGNORE INTO file_articles (path, article_id, ord) VALUES (?, ?, ?)",
                (path, art.id, ord_),
            )
            if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (art.id,)).fetchone():
                continue
            seq += 1
            self.db.execute(
                "INSERT INTO articles (id, title, outlet, published, url, source_path, seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (art.id, art.title, art.outlet, art.published, art.url, art.source_path, seq),
            )
            self.db.executemany(
                "INSERT INTO passages (article_id, idx, text) VALUES (?, ?, ?)",
                [(art.id, i, p) for i, p in enumerate(art.paragraphs)],
            )
            new_ids.append(art.id)
        for gone in old - {a.id for a in articles}:
            self._drop_if_orphan(gone)
        return new_ids

    def _drop_if_orphan(self, article_id: str) -> None:
        if self.db.execute(
            "SELECT 1 FROM file_articles WHERE article_id = ?", (article_id,)
        ).fetchone():
            return
        for table in ("passages", "mentions", "entities", "quotes", "figures"):
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # --- reading ---------------------------------------------------------------

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def summaries(self) -> list[ArticleSummary]:
        """Every article's metadata, newest first (undated ones last, then by arrival)."""
        rows = self.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.url, a.source_path, "
            "(SELECT COUNT(*) FROM passages p WHERE p.article_id = a.id) "
            "FROM articles a ORDER BY a.published IS NULL, a.published DESC, a.seq"
        )
        return [ArticleSummary(*r) for r in rows]

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            "SELECT id, title, outlet, published, url, source_path FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        paras = tuple(
            r[0]
            for r in self.db.execute(
                "SELECT text FROM passages WHERE article_id = ? ORDER BY idx", (article_id,)
            )
        )
        return Article(row[0], row[1], row[2], row[3], row[4], row[5], paras)

    def passages(self) -> Iterator[tuple[str, int, str]]:
        """Every passage as (article_id, index, text), in library order."""
        yield from self.db.execute(
            "SELECT p.article_id, p.idx, p.text FROM passages p "
            "JOIN articles a ON a.id = p.article_id ORDER BY a.seq, p.idx"
        )

    # --- small stored values ---------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_blob(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    def set_blob(self, name: str, data: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", (name, data))

    def get_json(self, key: str) -> object:
        raw = self.get_meta(key)
        return json.loads(raw) if raw is not None else None


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (none of ours holds a ';' in a string)."""
    return [s.strip() for s in script.split(";") if s.strip()]
