"""The library: a SQLite file holding articles, passages, entities, the search
index, selections and brief history. Schema changes go through MIGRATIONS."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from sqlite3 import Cursor
from typing import Any, NamedTuple, TypeVar

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
        source_path TEXT NOT NULL, seq INTEGER NOT NULL,
        n_paragraphs INTEGER NOT NULL DEFAULT 0, n_chars INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE INDEX articles_seq ON articles (seq);
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
    -- search (tui/search/store.py owns these)
    CREATE TABLE search_vocab (tid INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL);
    CREATE TABLE search_articles (
        aid INTEGER PRIMARY KEY AUTOINCREMENT, article TEXT NOT NULL,
        first_pid INTEGER NOT NULL, n_pids INTEGER NOT NULL, alive INTEGER NOT NULL
    );
    CREATE INDEX search_articles_article ON search_articles (article);
    CREATE TABLE search_segments (
        seg INTEGER PRIMARY KEY, first_pid INTEGER NOT NULL, n_pids INTEGER NOT NULL,
        first_aid INTEGER NOT NULL, n_aids INTEGER NOT NULL, n_postings INTEGER NOT NULL,
        aids BLOB NOT NULL, paras BLOB NOT NULL, lens BLOB NOT NULL,
        articles BLOB NOT NULL, outlets BLOB NOT NULL, published BLOB NOT NULL,
        article_pids BLOB NOT NULL, title_keys BLOB NOT NULL
    );
    CREATE TABLE search_dead (aid INTEGER PRIMARY KEY);
    CREATE TABLE search_postings (
        tid INTEGER NOT NULL, seg INTEGER NOT NULL, docs BLOB NOT NULL, tfs BLOB NOT NULL,
        PRIMARY KEY (tid, seg)
    ) WITHOUT ROWID;
    CREATE TABLE search_tokens (pid INTEGER PRIMARY KEY, tids BLOB NOT NULL);
    CREATE TABLE search_aliases (
        alias TEXT NOT NULL, canonical TEXT NOT NULL, PRIMARY KEY (alias, canonical)
    ) WITHOUT ROWID;
    -- end search
    """,
    # 2: the search index laid out for appending (tui/search/store.py); the old
    # index is emptied and rebuilt from the articles when next loaded
    """
    DELETE FROM search_articles;
    DELETE FROM search_dead;
    DELETE FROM search_tokens;
    DELETE FROM sqlite_sequence WHERE name = 'search_articles';
    DROP TABLE search_vocab;
    CREATE TABLE search_vocab (tid INTEGER PRIMARY KEY, term TEXT NOT NULL);
    DROP TABLE search_postings;
    CREATE TABLE search_postings (
        seg INTEGER NOT NULL, tid INTEGER NOT NULL, docs BLOB NOT NULL, tfs BLOB NOT NULL,
        PRIMARY KEY (seg, tid)
    ) WITHOUT ROWID;
    DELETE FROM search_segments;
    ALTER TABLE search_segments ADD COLUMN terms BLOB NOT NULL DEFAULT x'';
    ALTER TABLE search_segments ADD COLUMN term_counts BLOB NOT NULL DEFAULT x'';
    ALTER TABLE search_segments ADD COLUMN small_docs BLOB NOT NULL DEFAULT x'';
    ALTER TABLE search_segments ADD COLUMN small_tfs BLOB NOT NULL DEFAULT x'';
    CREATE TABLE search_dead_counts (tid INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    """,
    # 3: quotes with their offsets, unattributed ones too (speaker NULL), and which
    # version of the finder (tui/entities/quotes.py) found each article's quotes;
    # older ones are found again when loaded
    """
    DROP TABLE quotes;
    CREATE TABLE quotes (
        article_id TEXT NOT NULL, paragraph INTEGER NOT NULL, start INTEGER NOT NULL,
        end INTEGER NOT NULL, speaker TEXT, text TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes (article_id);
    CREATE TABLE quotes_found (article_id TEXT PRIMARY KEY, finder INTEGER NOT NULL);
    """,
    # 4: the user's entity corrections (tui/entities/corrections.py owns it); the
    # scope column is not called article_id, so pruning an article never drops a rule
    """
    CREATE TABLE entity_rules (
        id INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, names TEXT NOT NULL,
        value TEXT, type TEXT, scope_article TEXT, created TEXT NOT NULL
    );
    """,
    # 5: selections (tui/selection.py owns these): a change counter other readers
    # watch, and the notes of passages taken out of a selection, kept until reselected
    """
    ALTER TABLE selections ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE selection_kept_notes (
        selection TEXT NOT NULL, article_id TEXT NOT NULL, paragraph INTEGER NOT NULL,
        note TEXT NOT NULL, kept_at TEXT NOT NULL,
        PRIMARY KEY (selection, article_id, paragraph)
    );
    """,
    # 6: subscriptions, their entries, and read state (tui/feeds/store.py owns these)
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT, site_url TEXT,
        full_text TEXT NOT NULL DEFAULT 'auto', etag TEXT, last_modified TEXT, body_sha TEXT,
        added_at TEXT NOT NULL, last_update TEXT, last_ok TEXT, error TEXT, retry_at TEXT
    );
    CREATE TABLE feed_entries (
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        entry_key TEXT NOT NULL, article_id TEXT NOT NULL, digest TEXT NOT NULL,
        first_seen TEXT NOT NULL, PRIMARY KEY (feed_id, entry_key)
    );
    CREATE INDEX feed_entries_article ON feed_entries (article_id);
    CREATE TABLE article_state (
        article_id TEXT PRIMARY KEY, read_at TEXT, starred INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE removed_articles (article_id TEXT PRIMARY KEY, removed_at TEXT NOT NULL);
    CREATE INDEX articles_url ON articles (url);
    CREATE TABLE article_arrivals (article_id TEXT PRIMARY KEY, added_at TEXT NOT NULL);
    INSERT INTO article_arrivals (article_id, added_at)
        SELECT fa.article_id, MIN(f.ingested_at) FROM file_articles fa
        JOIN files f ON f.path = fa.path GROUP BY fa.article_id;
    """,
    # 7: what is derived from an article (its passages, what the entity stage found,
    # when it arrived) refers to it with a foreign key and goes with it (ON DELETE
    # CASCADE) instead of being pruned by a naming rule. The tables are rebuilt with their
    # rows (rows of articles no longer stored are left behind); what the user made
    # (selections, notes, corrections, read state, positions) is not touched
    """
    CREATE TABLE passages_fk (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, idx INTEGER NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    );
    INSERT INTO passages_fk (article_id, idx, text)
        SELECT article_id, idx, text FROM passages WHERE article_id IN (SELECT id FROM articles);
    DROP TABLE passages;
    ALTER TABLE passages_fk RENAME TO passages;
    CREATE TABLE mentions_fk (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, paragraph INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, type TEXT NOT NULL, text TEXT NOT NULL,
        canonical TEXT NOT NULL
    );
    INSERT INTO mentions_fk (article_id, paragraph, start, end, type, text, canonical)
        SELECT article_id, paragraph, start, end, type, text, canonical FROM mentions WHERE article_id IN (SELECT id FROM articles);
    DROP TABLE mentions;
    ALTER TABLE mentions_fk RENAME TO mentions;
    CREATE INDEX mentions_article ON mentions (article_id);
    CREATE INDEX mentions_canonical ON mentions (canonical);
    CREATE TABLE entities_fk (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, canonical TEXT NOT NULL,
        type TEXT NOT NULL, role TEXT, aliases TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (article_id, canonical)
    );
    INSERT INTO entities_fk (article_id, canonical, type, role, aliases, count)
        SELECT article_id, canonical, type, role, aliases, count FROM entities WHERE article_id IN (SELECT id FROM articles);
    DROP TABLE entities;
    ALTER TABLE entities_fk RENAME TO entities;
    CREATE TABLE quotes_fk (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, paragraph INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, speaker TEXT, text TEXT NOT NULL
    );
    INSERT INTO quotes_fk (article_id, paragraph, start, end, speaker, text)
        SELECT article_id, paragraph, start, end, speaker, text FROM quotes WHERE article_id IN (SELECT id FROM articles);
    DROP TABLE quotes;
    ALTER TABLE quotes_fk RENAME TO quotes;
    CREATE INDEX quotes_article ON quotes (article_id);
    CREATE TABLE quotes_found_fk (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        finder INTEGER NOT NULL
    );
    INSERT INTO quotes_found_fk (article_id, finder)
        SELECT article_id, finder FROM quotes_found WHERE article_id IN (SELECT id FROM articles);
    DROP TABLE quotes_found;
    ALTER TABLE quotes_found_fk RENAME TO quotes_found;
    CREATE TABLE figures_fk (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, paragraph INTEGER NOT NULL,
        value TEXT NOT NULL, context TEXT NOT NULL
    );
    INSERT INTO figures_fk (article_id, paragraph, value, context)
        SELECT article_id, paragraph, value, context FROM figures WHERE article_id IN (SELECT id FROM articles);
    DROP TABLE figures;
    ALTER TABLE figures_fk RENAME TO figures;
    CREATE INDEX figures_article ON figures (article_id);
    CREATE TABLE article_arrivals_fk (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        added_at TEXT NOT NULL
    );
    INSERT INTO article_arrivals_fk (article_id, added_at)
        SELECT article_id, added_at FROM article_arrivals WHERE article_id IN (SELECT id FROM articles);
    DROP TABLE article_arrivals;
    ALTER TABLE article_arrivals_fk RENAME TO article_arrivals;
    """,
    # 8: the search vocabulary stored as blocks of terms, one row an ingest, instead of
    # a row a term (tui/search/store.py owns it): loading reads a few blobs
    """
    CREATE TABLE search_vocab_blocks (
        first_tid INTEGER PRIMARY KEY, n INTEGER NOT NULL, terms BLOB NOT NULL
    );
    INSERT INTO search_vocab_blocks (first_tid, n, terms)
        SELECT 0, COUNT(*), CAST(group_concat(term || char(10), '') AS BLOB)
        FROM (SELECT term FROM search_vocab ORDER BY tid) HAVING COUNT(*) > 0;
    DROP TABLE search_vocab;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# "brif": marks a SQLite file as a brief library.
APPLICATION_ID = 0x62726966

# Which module owns which tables: its schema (in MIGRATIONS, below), its SQL and its
# migrations. Nothing else reads or writes them; the others call the owner's functions.
OWNERS = {
    "tui.library": (
        "meta", "files", "articles", "file_articles", "passages", "blobs", "article_arrivals",
    ),
    "tui.entities.store": ("mentions", "entities", "quotes", "quotes_found", "figures"),
    "tui.entities.corrections": ("entity_rules",),
    "tui.selection": ("selections", "selection_items", "selection_kept_notes"),
    "tui.reading": ("positions",),
    "tui.brief.files": ("brief_history",),
    "tui.feeds.store": ("feeds", "feed_entries", "article_state", "removed_articles"),
    "tui.search.store": (
        "search_vocab_blocks", "search_articles", "search_segments", "search_dead",
        "search_postings", "search_tokens", "search_aliases", "search_dead_counts",
    ),
}  # fmt: skip

_SQLITE_MAGIC = b"SQLite format 3\x00"

# Library files this process has open connections to (path -> how many). Reading a
# file's header with open()/close() while one is open would release the process's POSIX
# locks on it (closing any descriptor of a file does): another process could then take
# itself for the last user, delete the WAL on close, and lose this process's later writes.
_OPEN_HERE: dict[str, int] = {}
_OPEN_LOCK = threading.Lock()


R = TypeVar("R", bound=tuple[Any, ...])  # a NamedTuple class: what records() makes of rows


def _fields(record: type[R]) -> tuple[str, ...]:
    return record._fields  # type: ignore[attr-defined]


def _record_factory(record: type[R]) -> Callable[[Cursor, tuple[object, ...]], R]:
    make = record._make  # type: ignore[attr-defined]
    return lambda _cursor, row: make(row)


class FileState(NamedTuple):
    """What was recorded of an ingested file, to tell whether it changed."""

    size: int
    mtime_ns: int
    sha256: str


class PassageRow(NamedTuple):
    """A stored passage: its article and index in it, and its text."""

    article_id: str
    idx: int
    text: str


class StoredPassage(NamedTuple):
    """A stored passage with its article's title."""

    article_id: str
    idx: int
    text: str
    title: str


class ArticleSummary(NamedTuple):
    """An article's metadata without its body, for lists."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    source_path: str
    paragraph_count: int


@dataclass(frozen=True)
class LibraryStats:
    """How much a library holds."""

    articles: int
    passages: int
    files: int
    chars: int


class Library:
    """An open library. Use `Library.open(folder)`; close it (or use `with`).

    `notice` is set when opening had to do something the user should hear
    about (a damaged file set aside); show it once.
    """

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.folder = folder
        self._db = conn  # private: see execute()
        self.notice: str | None = None
        self._counted = False

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return self.folder / DB_NAME

    # --- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, *, busy_timeout: float = 30.0) -> Library:
        """Open (creating if needed) the library in `folder`, migrating its schema.

        A library written by a newer brief (or another program) is refused and
        left untouched. A damaged file is renamed aside (kept, with a
        timestamp) and a fresh library is started; `notice` then says so.
        """
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"{folder}: cannot create the library folder ({exc})") from exc
        db_path = folder / DB_NAME
        try:
            _probe(db_path, busy_timeout)
        except _Damaged as exc:
            kept = _set_aside(db_path)
            lib = cls._connect(folder, busy_timeout)
            lib.notice = (
                f"{db_path}: the library file was damaged ({exc}); it was kept as "
                f"{kept.name} and a fresh library was started"
            )
            return lib
        return cls._connect(folder, busy_timeout)

    @classmethod
    def _connect(cls, folder: Path, busy_timeout: float) -> Library:
        db_path = folder / DB_NAME
        try:
            conn = sqlite3.connect(db_path, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise LibraryError(f"{db_path}: cannot open the library ({exc})") from exc
        lib = cls(folder, conn)
        try:
            _refuse_foreign(conn, db_path)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            lib._migrate()
            _count_open(db_path, +1)
            lib._counted = True
        except LibraryError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise LibraryError(
                f"{db_path}: cannot use the library ({exc}{_why_not(folder)})"
            ) from exc
        return lib

    def _migrate(self) -> None:
        """Apply the migrations this file lacks, each in its own transaction."""
        if self._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        for number in range(SCHEMA_VERSION):
            with self.transaction():
                # read again under the write lock: another process may have migrated
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version > number:
                    continue
                for statement in _statements(MIGRATIONS[number]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self._db.close()
        if self._counted:
            self._counted = False
            _count_open(self.path, -1)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- statements and transactions ---------------------------------------------
    # The connection is private: each component runs its own SQL on its own tables
    # through these (see OWNERS), and writes go inside `transaction()`. New code reads
    # rows by name: `rows` (sqlite3.Row) or `records` (NamedTuples).

    def execute(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> Cursor:
        """Run one statement (rows as plain tuples, for the code written before `rows`)."""
        return self._db.execute(sql, params)

    def rows(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> Cursor:
        """Run one query; its rows are read by column name (`row["title"]`)."""
        cursor = self._db.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return cursor

    def records(
        self, record: type[R], sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> Iterator[R]:
        """The query's rows as `record`s: a NamedTuple whose fields are the query's column
        names, in order (checked, so a renamed column cannot shift the values)."""
        cursor = self._db.execute(sql, params)
        names = tuple(d[0] for d in cursor.description)
        if names != _fields(record):
            raise ValueError(f"{record.__name__} has fields {_fields(record)}, the query {names}")
        cursor.row_factory = _record_factory(record)
        return cursor  # iterating it yields records

    def record(
        self, record: type[R], sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> R | None:
        """The query's first row as a `record`, or None."""
        return next(self.records(record, sql, params), None)

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> Cursor:
        """Run one statement for each of `rows`."""
        return self._db.executemany(sql, rows)

    @property
    def in_transaction(self) -> bool:
        return self._db.in_transaction

    @property
    def total_changes(self) -> int:
        """Rows this connection has written since it opened (to check what a step wrote)."""
        return self._db.total_changes

    def transaction(self) -> _Transaction:
        """A write transaction: `with lib.transaction(): ...` commits or rolls back.

        Nested use joins the outer transaction.
        """
        return _Transaction(self._db, self.path)

    # --- files -----------------------------------------------------------------

    def file_state(self, path: str) -> FileState | None:
        """What was recorded of `path` when it was last ingested."""
        return self.record(
            FileState, "SELECT size, mtime_ns, sha256 FROM files WHERE path = ?", (path,)
        )

    def file_states(self) -> dict[str, FileState]:
        """Every recorded file's state, by path."""
        return {
            r["path"]: FileState(r["size"], r["mtime_ns"], r["sha256"])
            for r in self.rows("SELECT path, size, mtime_ns, sha256 FROM files")
        }

    def record_file(self, path: str, size: int, mtime_ns: int, sha256: str, when: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, sha256, ingested_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (path, size, mtime_ns, sha256, when),
        )

    def replace_file_articles(
        self, path: str, articles: Iterable[Article], removed: list[str] | None = None
    ) -> list[str]:
        """Store the articles read from `path`, replacing what it held before.

        Articles no longer referenced by any file are removed (their ids are
        appended to `removed`). Returns the ids of articles that are new to the
        library (to analyse and index). Call it inside a transaction.
        """
        articles = list(articles)
        db = self._db
        old = {
            r[0] for r in db.execute("SELECT article_id FROM file_articles WHERE path = ?", (path,))
        }
        if old:
            db.execute("DELETE FROM file_articles WHERE path = ?", (path,))
        db.executemany(
            "INSERT OR IGNORE INTO file_articles (path, article_id, ord) VALUES (?, ?, ?)",
            [(path, art.id, ord_) for ord_, art in enumerate(articles)],
        )
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
        new_ids: list[str] = []
        passages: list[tuple[str, int, str]] = []
        seen: set[str] = set()
        insert = (
            "INSERT INTO articles (id, title, outlet, published, url, source_path, seq, "
            "n_paragraphs, n_chars) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING"
        )
        for art in articles:
            if art.id in seen or art.id in old:
                continue
            seen.add(art.id)
            row = (
                art.id,
                art.title,
                art.outlet,
                art.published,
                art.url,
                art.source_path,
                seq + 1,
                len(art.paragraphs),
                sum(map(len, art.paragraphs)),
            )
            if db.execute(insert, row).rowcount != 1:
                continue  # already in the library, from another file
            seq += 1
            passages.extend((art.id, i, p) for i, p in enumerate(art.paragraphs))
            new_ids.append(art.id)
        if passages:
            db.executemany(
                "INSERT INTO passages (article_id, idx, text) VALUES (?, ?, ?)", passages
            )
        for gone in sorted(old - {a.id for a in articles}):
            if self.remove_if_orphan(gone) and removed is not None:
                removed.append(gone)
        return new_ids

    def remove_if_orphan(self, article_id: str) -> bool:
        """Remove an article no file holds any more, and with it (by foreign key) all
        that was derived from it; True when it was removed. What the user made of it
        (selections, notes, read state) is kept. Call it inside a transaction."""
        if self._db.execute(
            "SELECT 1 FROM file_articles WHERE article_id = ?", (article_id,)
        ).fetchone():
            return False
        self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return True

    def article_rows(self, article_id: str) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
        """Every row stored of one article (table -> its columns and rows): the article,
        the files holding it, and what refers to it by foreign key; what a removal takes,
        kept to put it back with `put_back_rows`."""
        tables = [("articles", "id"), ("file_articles", "article_id")]
        tables += [(t, "article_id") for t in self._tables_referring_to("articles")]
        found: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
        for table, column in tables:
            cur = self._db.execute(f'SELECT * FROM "{table}" WHERE {column} = ?', (article_id,))
            rows = cur.fetchall()
            if rows:
                found[table] = ([d[0] for d in cur.description], [tuple(r) for r in rows])
        return found

    def put_back_rows(self, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> None:
        """Store again what `article_rows` took (the article first); rows already there
        are left as they are. Call it inside a transaction."""
        for table in ["articles", *(t for t in rows if t != "articles")]:
            if table not in rows:
                continue
            columns, values = rows[table]
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            self._db.executemany(
                f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', values
            )

    def _tables_referring_to(self, parent: str) -> list[str]:
        names = [
            r[0]
            for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return [
            t
            for t in names
            if any(fk[2] == parent for fk in self._db.execute(f'PRAGMA foreign_key_list("{t}")'))
        ]

    # --- reading ---------------------------------------------------------------

    def articles_mark(self) -> tuple[int, int]:
        """(articles stored, the latest one's sequence number): changes whenever an
        article is added, replaced or removed, for watchers of the library."""
        row = self._db.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM articles").fetchone()
        return int(row[0]), int(row[1])

    def article_count(self) -> int:
        return int(self.rows("SELECT COUNT(*) AS n FROM articles").fetchone()["n"])

    def stats(self) -> LibraryStats:
        """Counts of articles, passages, files and characters of text."""
        row = self.rows(
            "SELECT COUNT(*) AS articles, COALESCE(SUM(n_paragraphs), 0) AS passages, "
            "(SELECT COUNT(*) FROM files) AS files, COALESCE(SUM(n_chars), 0) AS chars "
            "FROM articles"
        ).fetchone()
        return LibraryStats(row["articles"], row["passages"], row["files"], row["chars"])

    def summaries(self) -> list[ArticleSummary]:
        """Every article's metadata, newest first (undated ones last, then by arrival)."""
        return list(
            self.records(
                ArticleSummary,
                "SELECT id, title, outlet, published, url, source_path, "
                "n_paragraphs AS paragraph_count "
                "FROM articles ORDER BY published IS NULL, published DESC, seq",
            )
        )

    def article(self, article_id: str) -> Article | None:
        row = self.rows(
            "SELECT id, title, outlet, published, url, source_path FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        paras = tuple(
            r["text"]
            for r in self.rows(
                "SELECT text FROM passages WHERE article_id = ? ORDER BY idx", (article_id,)
            )
        )
        return Article(
            row["id"], row["title"], row["outlet"], row["published"], row["url"],
            row["source_path"], paras,
        )  # fmt: skip

    def passage(self, article_id: str, idx: int) -> StoredPassage | None:
        """One passage with its article's title, or None when the library lacks it."""
        return self.record(
            StoredPassage,
            "SELECT p.article_id, p.idx, p.text, a.title FROM articles a "
            "JOIN passages p ON p.article_id = a.id WHERE a.id = ? AND p.idx = ?",
            (article_id, idx),
        )

    def passages(self) -> Iterator[PassageRow]:
        """Every passage, in library order."""
        return self.records(
            PassageRow,
            "SELECT p.article_id, p.idx, p.text FROM articles a "
            "JOIN passages p ON p.article_id = a.id ORDER BY a.seq, p.idx",
        )

    def articles_after(self, seq: int) -> set[str]:
        """Articles stored after the one numbered `seq` (in order of arrival)."""
        return {
            r["id"] for r in self.rows("SELECT id FROM articles WHERE seq > ?", (seq,))
        }

    def record_arrivals(self, ids: Iterable[str], when: str) -> None:
        """When articles first came into the library (ISO time, UTC); kept while they stay."""
        self._db.executemany(
            "INSERT OR IGNORE INTO article_arrivals (article_id, added_at) VALUES (?, ?)",
            [(aid, when) for aid in ids],
        )

    def articles_since(self, when: str) -> set[str]:
        """Articles that came into the library at or after `when` (ISO date or time, UTC)."""
        return {
            r["article_id"]
            for r in self.rows(
                "SELECT article_id FROM article_arrivals WHERE added_at >= ?", (when,)
            )
        }

    def last_seq(self) -> int:
        """The number of the article stored last (0 for none)."""
        return int(
            self.rows("SELECT COALESCE(MAX(seq), 0) AS seq FROM articles").fetchone()["seq"]
        )

    # --- small stored values ---------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_blob(self, name: str) -> bytes | None:
        row = self._db.execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    def set_blob(self, name: str, data: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", (name, data))

    def get_json(self, key: str) -> object:
        raw = self.get_meta(key)
        import json  # here: start-up reads no JSON

        return json.loads(raw) if raw is not None else None

    def set_json(self, key: str, value: object) -> None:
        import json

        self.set_meta(key, json.dumps(value, ensure_ascii=False))


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on error; joins an open transaction.

    A write the disk refuses (full, read-only, I/O error, locked too long) is
    raised as LibraryError: what was committed before stays as it was.
    """

    def __init__(self, conn: sqlite3.Connection, where: Path | None = None) -> None:
        self.conn = conn
        self.where = where
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        self.outer = not self.conn.in_transaction
        if self.outer:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise self._refused(exc) from exc
        return self.conn

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if not self.outer:
            return
        try:
            if exc_type is None:
                self.conn.execute("COMMIT")
            elif self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.OperationalError as failed:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise self._refused(failed) from failed
        if isinstance(exc, sqlite3.OperationalError):
            raise self._refused(exc) from exc

    def _refused(self, exc: sqlite3.OperationalError) -> LibraryError:
        where = self.where or "the library"
        return LibraryError(
            f"{where}: could not save to the library ({exc}); what was saved before is kept"
        )


def _why_not(folder: Path) -> str:
    """What about the folder may explain a failure: read-only, or a full disk."""
    if not os.access(folder, os.W_OK):
        return "; the library folder is read-only"
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return ""
    return "; the disk is full" if st.f_bavail == 0 else ""


class _Damaged(Exception):
    """The library file is damaged (internal: opening sets it aside)."""


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether an error from SQLite means the library file is damaged."""
    return _is_corruption(exc)


def connect_readonly(db_path: Path | str, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection to a library file (autocommit). The one place that builds
    its URI: the path is quoted, so a folder named like `a#b?c` opens the right file."""
    uri = f"file:{urllib.parse.quote(str(db_path))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def _probe(db_path: Path, busy_timeout: float) -> None:
    """Look at an existing library read-only: raise _Damaged or LibraryError, write nothing.

    The header is read only when this process has no connection to the file yet (see
    _OPEN_HERE); SQLite itself checks a file it already has open."""
    with _OPEN_LOCK:
        in_use = _OPEN_HERE.get(str(db_path.resolve()), 0) > 0
    suspect = None if in_use else _damage(db_path)
    if suspect is None and not db_path.exists():
        return
    if suspect == _NOT_SQLITE:
        raise _Damaged(suspect)
    try:
        conn = connect_readonly(db_path, timeout=busy_timeout)
    except sqlite3.Error as exc:
        raise LibraryError(f"{db_path}: cannot open the library ({exc})") from exc
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        if suspect is not None:
            # the header looks wrong: believe it only if SQLite agrees (a checkpoint
            # by another process can briefly leave the file shorter than its header says)
            result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if result != "ok":
                raise _Damaged(f"{suspect}; {result}")
        _refuse_foreign(conn, db_path)
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            raise _Damaged(suspect or str(exc)) from exc
        raise LibraryError(
            f"{db_path}: cannot use the library ({exc}{_why_not(db_path.parent)})"
        ) from exc
    finally:
        conn.close()


def _refuse_foreign(conn: sqlite3.Connection, db_path: Path) -> None:
    """Refuse, untouched, a file from a newer brief or from another program."""
    # one statement, so one snapshot: another process may be creating the library
    version, app_id, tables = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version), "
        "(SELECT application_id FROM pragma_application_id), "
        "(SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')"
    ).fetchone()
    if app_id not in (0, APPLICATION_ID):
        raise LibraryError(f"{db_path}: not a brief library (another program's database)")
    if version > SCHEMA_VERSION:
        raise LibraryError(
            f"{db_path}: written by a newer brief (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}); not touched. Upgrade brief or use another --library"
        )
    if version == 0 and app_id == 0 and tables:
        raise LibraryError(f"{db_path}: not a brief library (an unknown database)")


_NOT_SQLITE = "not an SQLite database"


def _count_open(db_path: Path, delta: int) -> None:
    key = str(db_path.resolve())
    with _OPEN_LOCK:
        n = _OPEN_HERE.get(key, 0) + delta
        if n > 0:
            _OPEN_HERE[key] = n
        else:
            _OPEN_HERE.pop(key, None)


def _damage(db_path: Path) -> str | None:
    """Why the file at `db_path` is not a sound SQLite file, judged from its header."""
    try:
        size = db_path.stat().st_size
        if size == 0:
            return None
        with open(db_path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LibraryError(f"{db_path}: cannot read the library ({exc})") from exc
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        return _NOT_SQLITE
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "bad header"
    pages = int.from_bytes(head[28:32], "big")
    header_count_valid = head[24:28] == head[92:96]
    if header_count_valid and pages and size < pages * page_size:
        return f"truncated: {size:,} of {pages * page_size:,} bytes"
    if size % page_size:
        return f"truncated: {size:,} bytes is not a whole number of pages"
    return None


def set_aside_if_damaged(folder: Path | str) -> str | None:
    """Check the whole library file (SQLite's quick check); when it is damaged, set it
    aside (kept) so the next open starts a fresh library. What happened, or None.

    For damage inside the file, which opening (it reads only the header) cannot see.
    """
    db_path = Path(folder) / DB_NAME
    if not db_path.exists():
        return None
    try:
        conn = connect_readonly(db_path)
    except sqlite3.Error as exc:
        raise LibraryError(f"{db_path}: cannot open the library ({exc})") from exc
    try:
        result = str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if not _is_corruption(exc):
            raise LibraryError(f"{db_path}: cannot check the library ({exc})") from exc
        result = str(exc)
    finally:
        conn.close()
    if result == "ok":
        return None
    kept = _set_aside(db_path)
    return (
        f"{db_path}: the library file was damaged ({result}); it was kept as {kept.name} "
        "and a fresh library starts the next time brief runs"
    )


def _set_aside(db_path: Path) -> Path:
    """Rename a damaged library file (and its WAL files) out of the way; the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    kept = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    n = 1
    while kept.exists():
        n += 1
        kept = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{n}")
    try:
        os.replace(db_path, kept)
    except FileNotFoundError:
        pass  # another process set it aside first
    except OSError as exc:
        raise LibraryError(f"{db_path}: damaged, and cannot be moved aside ({exc})") from exc
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            with contextlib.suppress(OSError):
                os.replace(side, kept.with_name(kept.name + suffix))
    return kept


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (none of ours holds a ';' in a string)."""
    return [s.strip() for s in script.split(";") if s.strip()]
