"""The search index stored in the library: segments of postings, appended at ingest.

Tables (the `-- search` block of migration 1 in tui/library.py):

- search_vocab(tid, term, df): every folded term ever seen, append-only ids.
- search_articles(aid, article_id, outlet, published, first_pid, n_pids,
  title_tids, alive): indexed articles; removal only clears `alive`.
- search_segments(seg, first_pid, n_pids, n_postings, aids, paras, lens):
  per-passage arrays of a run of consecutive passage ids (little-endian u32).
- search_postings(tid, seg, docs, tfs): a term's passages in one segment
  (sorted u32 pids and u8 term frequencies).
- search_tokens(pid, tids): a passage's term ids in order (phrases, proximity).
- search_aliases(alias, canonical): entity names, for `@name` filters.

Each `update_index` call appends one segment; runs of MERGE_FACTOR segments
of the same size class are merged (concatenating postings), so a term's
postings stay in O(log n) rows however the library was built.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import threading
from collections.abc import Iterable, Sequence

import numpy as np

from tui.library import DB_NAME, Library
from tui.search.source import (
    U32,
    Source,
    Vocabulary,
    decode_tids,
    encode_tids,
    invert,
    match_entity,
)
from tui.search.terms import index_terms, is_stop

MERGE_FACTOR = 8
CHUNK_ARTICLES = 1000  # articles per segment written at once
_VOCABS: dict[str, Vocabulary] = {}
_VOCABS_LOCK = threading.Lock()


def _u32(values: Iterable[int] | np.ndarray) -> bytes:
    return np.asarray(values, dtype=U32).tobytes()


def _vocabulary(lib: Library) -> Vocabulary:
    """The library's vocabulary, cached between calls while nobody else grew it."""
    key = str((lib.folder / DB_NAME).resolve())
    count = lib.db.execute("SELECT COALESCE(MAX(tid), -1) + 1 FROM search_vocab").fetchone()[0]
    with _VOCABS_LOCK:
        vocab = _VOCABS.get(key)
        if vocab is None or len(vocab.terms) != count:
            terms = [r[0] for r in lib.db.execute("SELECT term FROM search_vocab ORDER BY tid")]
            vocab = Vocabulary(terms)
            _VOCABS[key] = vocab
        return vocab


def update_index(lib: Library, added: Sequence[str], removed: Sequence[str]) -> None:
    """Bring the stored index up to date after an ingest: index `added` article ids,
    retire `removed` ones. Runs in the caller's transaction, or else in its own
    transactions of CHUNK_ARTICLES articles each (so readers are never blocked long)."""
    if not added and not removed:
        return
    if lib.db.in_transaction:
        _update(lib, added, removed)
        return
    for start in range(0, max(len(added), 1), CHUNK_ARTICLES):
        lib.db.execute("BEGIN IMMEDIATE")
        try:
            _update(lib, added[start : start + CHUNK_ARTICLES], removed if start == 0 else [])
            lib.db.execute("COMMIT")
        except BaseException:
            lib.db.execute("ROLLBACK")
            raise


def _update(lib: Library, added: Sequence[str], removed: Sequence[str]) -> None:
    key = str((lib.folder / DB_NAME).resolve())
    try:
        _remove(lib, removed)
        for start in range(0, len(added), CHUNK_ARTICLES):
            _add(lib, added[start : start + CHUNK_ARTICLES])
            _merge(lib)
    except BaseException:
        with _VOCABS_LOCK:
            _VOCABS.pop(key, None)
        raise


def sync_index(lib: Library) -> bool:
    """Index the library's articles the index lacks and retire the ones it lost.
    Returns whether anything changed."""
    indexed = {
        r[0] for r in lib.db.execute("SELECT article_id FROM search_articles WHERE alive = 1")
    }
    present = [r[0] for r in lib.db.execute("SELECT id FROM articles ORDER BY seq")]
    present_set = set(present)
    added = [a for a in present if a not in indexed]
    removed = [a for a in indexed if a not in present_set]
    if not added and not removed:
        return False
    update_index(lib, added, removed)
    return True


def _remove(lib: Library, removed: Sequence[str]) -> None:
    db = lib.db
    for article_id in removed:
        rows = db.execute(
            "SELECT aid, first_pid, n_pids FROM search_articles WHERE article_id = ? AND alive = 1",
            (article_id,),
        ).fetchall()
        for aid, first, n in rows:
            db.execute("UPDATE search_articles SET alive = 0 WHERE aid = ?", (aid,))
            counts: dict[int, int] = {}
            for (data,) in db.execute(
                "SELECT tids FROM search_tokens WHERE pid >= ? AND pid < ?", (first, first + n)
            ):
                for tid in np.unique(decode_tids(data)).tolist():
                    counts[tid] = counts.get(tid, 0) + 1
            db.executemany(
                "UPDATE search_vocab SET df = MAX(0, df - ?) WHERE tid = ?",
                [(c, t) for t, c in counts.items()],
            )
            db.execute("DELETE FROM search_tokens WHERE pid >= ? AND pid < ?", (first, first + n))


def _add(lib: Library, added: Sequence[str]) -> None:
    db = lib.db
    alive = set()
    for start in range(0, len(added), 500):
        chunk = list(added[start : start + 500])
        marks = ",".join("?" * len(chunk))
        alive |= {
            r[0]
            for r in db.execute(
                f"SELECT article_id FROM search_articles WHERE alive = 1 AND article_id IN ({marks})",
                chunk,
            )
        }
    todo = [a for a in dict.fromkeys(added) if a not in alive]
    if not todo:
        return
    vocab = _vocabulary(lib)
    n_terms_before = len(vocab.terms)
    # ids are never reused (the library may delete rows of removed articles)
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'search_articles'").fetchone()
    next_aid = (row[0] + 1) if row else 0
    first_pid = db.execute(
        "SELECT COALESCE(MAX(first_pid + n_pids), 0) FROM search_segments"
    ).fetchone()[0]
    fwd: list[np.ndarray] = []
    aids: list[int] = []
    paras: list[int] = []
    article_rows = []
    for article_id in todo:
        art = lib.article(article_id)
        if art is None:
            continue
        aid = next_aid
        next_aid += 1
        start_pid = first_pid + len(fwd)
        for i, para in enumerate(art.paragraphs):
            fwd.append(np.asarray(vocab.ids(index_terms(para)), dtype=np.uint32))
            aids.append(aid)
            paras.append(i)
        title = np.asarray(vocab.ids(index_terms(art.title)), dtype=np.uint32)
        article_rows.append(
            (
                aid,
                art.id,
                " ".join(index_terms(art.outlet or "")),
                art.published,
                start_pid,
                len(art.paragraphs),
                encode_tids(title),
            )
        )
    db.executemany(
        "INSERT INTO search_vocab (tid, term, df) VALUES (?, ?, 0)",
        [(t, vocab.terms[t]) for t in range(n_terms_before, len(vocab.terms))],
    )
    db.executemany(
        "INSERT INTO search_articles (aid, article_id, outlet, published, first_pid, n_pids, "
        "title_tids, alive) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
        article_rows,
    )
    _alias_rows(lib, [r[1] for r in article_rows])
    if not fwd:
        return
    seg = db.execute("SELECT COALESCE(MAX(seg), -1) + 1 FROM search_segments").fetchone()[0]
    stop = vocab.stop_ids()
    terms, offsets, docs, tfs = invert(fwd, first_pid, stop)
    db.executemany(
        "INSERT INTO search_tokens (pid, tids) VALUES (?, ?)",
        [(first_pid + i, encode_tids(a)) for i, a in enumerate(fwd)],
    )
    rows = []
    dfs = []
    for k, tid in enumerate(terms.tolist()):
        a, b = int(offsets[k]), int(offsets[k + 1])
        rows.append((tid, seg, docs[a:b].tobytes(), tfs[a:b].tobytes()))
        dfs.append((b - a, tid))
    db.executemany("INSERT INTO search_postings (tid, seg, docs, tfs) VALUES (?, ?, ?, ?)", rows)
    db.executemany("UPDATE search_vocab SET df = df + ? WHERE tid = ?", dfs)
    lens = np.fromiter((a.size for a in fwd), dtype=np.int64, count=len(fwd))
    db.execute(
        "INSERT INTO search_segments (seg, first_pid, n_pids, n_postings, aids, paras, lens) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seg, first_pid, len(fwd), int(docs.size), _u32(aids), _u32(paras), _u32(lens)),
    )


def _alias_rows(lib: Library, article_ids: Sequence[str]) -> None:
    """Record the entity names mentioned in these articles (for `@name` filters)."""
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        lib.db.execute(
            "INSERT OR IGNORE INTO search_aliases (alias, canonical) "
            f"SELECT DISTINCT text, canonical FROM mentions WHERE article_id IN ({marks}) "
            f"UNION SELECT DISTINCT canonical, canonical FROM mentions WHERE article_id IN ({marks})",
            chunk + chunk,
        )


def _level(n_pids: int) -> int:
    return int(math.log(max(n_pids, 1), MERGE_FACTOR))


def _merge(lib: Library) -> None:
    """Merge the newest MERGE_FACTOR segments while they are of one size class."""
    db = lib.db
    while True:
        tail = db.execute(
            "SELECT seg, n_pids FROM search_segments ORDER BY seg DESC LIMIT ?", (MERGE_FACTOR,)
        ).fetchall()
        if len(tail) < MERGE_FACTOR or len({_level(n) for _, n in tail}) != 1:
            return
        _merge_run(db, sorted(s for s, _ in tail))


def _merge_run(db: sqlite3.Connection, segs: list[int]) -> None:
    """Merge consecutive segments into the first one (postings are concatenated)."""
    lo, hi = segs[0], segs[-1]
    metas = db.execute(
        "SELECT first_pid, n_pids, n_postings, aids, paras, lens FROM search_segments "
        "WHERE seg BETWEEN ? AND ? ORDER BY seg",
        (lo, hi),
    ).fetchall()
    max_tid = db.execute("SELECT COALESCE(MAX(tid), -1) + 1 FROM search_vocab").fetchone()[0]
    step = 4096
    for tid_lo in range(0, max_tid, step):
        rows = db.execute(
            "SELECT tid, docs, tfs FROM search_postings WHERE tid >= ? AND tid < ? "
            "AND seg BETWEEN ? AND ? ORDER BY tid, seg",
            (tid_lo, tid_lo + step, lo, hi),
        ).fetchall()
        if not rows:
            continue
        merged: dict[int, tuple[list[bytes], list[bytes]]] = {}
        for tid, docs, tfs in rows:
            d, f = merged.setdefault(tid, ([], []))
            d.append(docs)
            f.append(tfs)
        db.execute(
            "DELETE FROM search_postings WHERE tid >= ? AND tid < ? AND seg BETWEEN ? AND ?",
            (tid_lo, tid_lo + step, lo, hi),
        )
        db.executemany(
            "INSERT INTO search_postings (tid, seg, docs, tfs) VALUES (?, ?, ?, ?)",
            [(tid, lo, b"".join(d), b"".join(f)) for tid, (d, f) in merged.items()],
        )
    db.execute("DELETE FROM search_segments WHERE seg BETWEEN ? AND ?", (lo, hi))
    db.execute(
        "INSERT INTO search_segments (seg, first_pid, n_pids, n_postings, aids, paras, lens) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            lo,
            metas[0][0],
            sum(m[1] for m in metas),
            sum(m[2] for m in metas),
            b"".join(m[3] for m in metas),
            b"".join(m[4] for m in metas),
            b"".join(m[5] for m in metas),
        ),
    )


class LibrarySource(Source):
    """The index stored in a library; per-passage arrays in memory, postings on demand."""

    def __init__(self, lib: Library) -> None:
        self.path = lib.folder / DB_NAME
        db = lib.db
        segs = db.execute(
            "SELECT first_pid, n_pids, aids, paras, lens FROM search_segments ORDER BY seg"
        ).fetchall()
        self.n_pids = sum(s[1] for s in segs)
        self.pid_aid = np.frombuffer(b"".join(s[2] for s in segs), dtype=U32)
        self.pid_para = np.frombuffer(b"".join(s[3] for s in segs), dtype=U32)
        self.pid_len = np.frombuffer(b"".join(s[4] for s in segs), dtype=U32).astype(np.float32)
        arts = db.execute(
            "SELECT aid, article_id, outlet, published, first_pid, alive FROM search_articles "
            "ORDER BY aid"
        ).fetchall()
        n_aids = max((arts[-1][0] + 1) if arts else 0, int(self.pid_aid.max()) + 1 if segs else 0)
        self.art_ids = [""] * n_aids
        self.art_outlet = [""] * n_aids
        self.art_pub = [""] * n_aids
        first = np.zeros(n_aids, dtype=np.int64)
        alive = np.zeros(n_aids, dtype=bool)
        for aid, article_id, outlet, published, first_pid, live in arts:
            self.art_ids[aid] = article_id
            self.art_outlet[aid] = outlet or ""
            self.art_pub[aid] = published or ""
            first[aid] = first_pid
            alive[aid] = bool(live)
        self.art_first = first
        self.pid_alive = alive[self.pid_aid] if self.n_pids else np.zeros(0, dtype=bool)
        terms: list[str] = []
        dfs: list[int] = []
        for term, df in db.execute("SELECT term, df FROM search_vocab ORDER BY tid"):
            terms.append(term)
            dfs.append(df)
        self.vocab = Vocabulary(terms)
        self.df = np.asarray(dfs, dtype=np.int64)
        self._local = threading.local()
        self._aid_of: dict[str, int] | None = None
        self._aliases: dict[str, set[str]] | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, lib: object) -> LibrarySource:
        """Load the stored index, first indexing what the library holds and it lacks."""
        if not isinstance(lib, Library):
            raise TypeError("Index.load needs a tui.library.Library")
        n_articles = lib.article_count()
        n_indexed = lib.db.execute(
            "SELECT COUNT(*) FROM search_articles WHERE alive = 1"
        ).fetchone()[0]
        if n_articles != n_indexed:
            with contextlib.suppress(sqlite3.OperationalError):  # read-only or busy
                sync_index(lib)
        return cls(lib)

    def _db(self) -> sqlite3.Connection:
        """This thread's own read-only connection to the library."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            self._local.conn = conn
        return conn

    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        rows = (
            self._db()
            .execute("SELECT docs, tfs FROM search_postings WHERE tid = ? ORDER BY seg", (tid,))
            .fetchall()
        )
        if not rows:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint8)
        docs = np.frombuffer(b"".join(r[0] for r in rows), dtype=U32)
        tfs = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint8)
        if docs.size and docs[-1] >= self.n_pids:  # indexed after we loaded
            cut = int(np.searchsorted(docs, self.n_pids))
            docs, tfs = docs[:cut], tfs[:cut]
        return docs, tfs

    def forward(self, pids: Sequence[int]) -> dict[int, np.ndarray]:
        if not pids:
            return {}
        marks = ",".join("?" * len(pids))
        return {
            pid: decode_tids(data)
            for pid, data in self._db().execute(
                f"SELECT pid, tids FROM search_tokens WHERE pid IN ({marks})", list(pids)
            )
        }

    def texts(self, pids: Sequence[int]) -> dict[int, str]:
        db = self._db()
        out = {}
        for pid in pids:
            aid = int(self.pid_aid[pid])
            row = db.execute(
                "SELECT text FROM passages WHERE article_id = ? AND idx = ?",
                (self.art_ids[aid], int(self.pid_para[pid])),
            ).fetchone()
            if row is not None:
                out[pid] = row[0]
        return out

    def titles(self, aids: Sequence[int]) -> dict[int, tuple[str, frozenset[int]]]:
        if not aids:
            return {}
        marks = ",".join("?" * len(aids))
        rows = self._db().execute(
            "SELECT s.aid, COALESCE(a.title, ''), s.title_tids FROM search_articles s "
            f"LEFT JOIN articles a ON a.id = s.article_id WHERE s.aid IN ({marks})",
            list(aids),
        )
        return {aid: (title, frozenset(decode_tids(t).tolist())) for aid, title, t in rows}

    def _alias_map(self) -> dict[str, set[str]]:
        with self._lock:
            if self._aliases is None:
                db = self._db()
                rows = db.execute("SELECT alias, canonical FROM search_aliases").fetchall()
                if not rows:
                    rows = db.execute("SELECT DISTINCT text, canonical FROM mentions").fetchall()
                aliases: dict[str, set[str]] = {}
                for alias, canonical in rows:
                    aliases.setdefault(canonical, {canonical}).add(alias)
                self._aliases = aliases
                self._aid_of = {a: i for i, a in enumerate(self.art_ids) if a}
            return self._aliases

    def entity_mentions(self, name: str) -> dict[int, list[tuple[int, int]]]:
        canonicals = match_entity(name, self._alias_map())
        aid_of = self._aid_of or {}
        out: dict[int, list[tuple[int, int]]] = {}
        db = self._db()
        for start in range(0, len(canonicals), 500):
            chunk = canonicals[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for article_id, para, s, e in db.execute(
                "SELECT article_id, paragraph, start, end FROM mentions "
                f"WHERE canonical IN ({marks})",
                chunk,
            ):
                aid = aid_of.get(article_id)
                if aid is None:
                    continue
                pid = int(self.art_first[aid]) + int(para)
                if pid < self.n_pids and self.pid_aid[pid] == aid and self.pid_para[pid] == para:
                    out.setdefault(pid, []).append((int(s), int(e)))
        return out


def stored_stats(lib: Library) -> dict[str, int]:
    """Sizes of the stored index (for the bench and for curiosity)."""
    db = lib.db
    return {
        "segments": db.execute("SELECT COUNT(*) FROM search_segments").fetchone()[0],
        "terms": db.execute("SELECT COUNT(*) FROM search_vocab").fetchone()[0],
        "posting_rows": db.execute("SELECT COUNT(*) FROM search_postings").fetchone()[0],
        "stop_terms": sum(1 for (t,) in db.execute("SELECT term FROM search_vocab") if is_stop(t)),
    }
