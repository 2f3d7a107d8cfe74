"""The search index stored in the library: segments of postings, appended at ingest.

Tables (migration 2 in tui/library.py; search_aliases from migration 1):

- search_vocab_blocks(first_tid, n, terms): every folded term ever seen, append-only
  ids, in blocks (the terms first_tid.. first_tid + n - 1, each ended by a newline);
  one block an update, compacted into one when they pile up (migration 7).
- search_articles(aid, article, first_pid, n_pids, alive): indexed articles
  (the column is not called article_id, so the library's pruning leaves it);
  search_dead(aid) lists the retired ones, search_dead_counts(tid, n) how many
  of their passages held each term.
- search_segments(seg, first_pid, n_pids, first_aid, n_aids, ...): per-passage
  arrays (article, paragraph, length), per-article ones (id, outlet, date,
  first passage, title terms), the segment's terms with their passage counts,
  and the postings of its rare terms (fewer than SMALL passages: most terms,
  in news), as blobs: loading the index reads only these rows, the dead lists
  and the vocabulary; rare terms' postings are then in memory.
- search_postings(seg, tid, docs, tfs): a common term's passages in one
  segment (sorted u32 pids and u8 term frequencies). Keyed by segment first,
  so a new segment's rows are appended, not scattered through the table.
- search_tokens(pid, tids): a passage's term ids in order (phrases, proximity).
- search_aliases(alias, canonical): entity names, for `@name` filters.

Each `update_index` call appends one segment; runs of MERGE_FACTOR segments
of the same size class are merged (concatenating postings), so a term's
postings stay in O(log n) rows however the library was built.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from tui.library import DB_NAME, Library, connect_readonly
from tui.search.prepare import Prepared, TermMap, lay_out, prepare, title_keys
from tui.search.source import U32, Source, decode_tids, encode_passages, invert, match_entity
from tui.search.terms import Vocabulary, is_stop

INDEX_FORMAT = 2  # bump when what is stored changes (also encode_passages and invert in source.py)
MERGE_FACTOR = 8
SEGMENT_COLUMNS = (
    "seg, first_pid, n_pids, first_aid, n_aids, n_postings, aids, paras, lens, "
    "articles, outlets, published, article_pids, title_keys, terms, term_counts, "
    "small_docs, small_tfs"
)
_SEGMENT_MARKS = ", ".join("?" * len(SEGMENT_COLUMNS.split(",")))
CHUNK_ARTICLES = 1000  # articles per segment written at once
SMALL = 4  # a term in fewer passages of a segment keeps its postings in the segment row
_VOCABS: dict[str, Vocabulary] = {}
_VOCABS_LOCK = threading.Lock()


def _u32(values: Iterable[int] | np.ndarray) -> bytes:
    return np.asarray(values, dtype=U32).tobytes()


MOST_VOCAB_BLOCKS = 64  # vocabulary blocks kept before they are compacted into one


def _term_count(db: Library | sqlite3.Connection) -> int:
    """How many terms the stored vocabulary has."""
    return int(
        db.execute("SELECT COALESCE(MAX(first_tid + n), 0) FROM search_vocab_blocks").fetchone()[0]
    )


def _stored_terms(db: Library | sqlite3.Connection) -> list[str]:
    """The stored vocabulary, term id order."""
    blocks = db.execute("SELECT terms FROM search_vocab_blocks ORDER BY first_tid").fetchall()
    return _split(b"".join(b for (b,) in blocks))


def _store_terms(db: Library | sqlite3.Connection, first_tid: int, terms: Sequence[str]) -> None:
    """Append terms `first_tid`.. to the stored vocabulary (compacting its blocks
    when they pile up)."""
    if not terms:
        return
    db.execute(
        "INSERT INTO search_vocab_blocks (first_tid, n, terms) VALUES (?, ?, ?)",
        (first_tid, len(terms), _joined(terms)),
    )
    if db.execute("SELECT COUNT(*) FROM search_vocab_blocks").fetchone()[0] > MOST_VOCAB_BLOCKS:
        every = _stored_terms(db)
        db.execute("DELETE FROM search_vocab_blocks")
        db.execute(
            "INSERT INTO search_vocab_blocks (first_tid, n, terms) VALUES (0, ?, ?)",
            (len(every), _joined(every)),
        )


def _vocabulary(lib: Library) -> Vocabulary:
    """The library's vocabulary, cached between calls while nobody else grew it."""
    key = str((lib.folder / DB_NAME).resolve())
    count = _term_count(lib)
    with _VOCABS_LOCK:
        vocab = _VOCABS.get(key)
        if vocab is None or len(vocab.terms) != count:
            vocab = Vocabulary(_stored_terms(lib))
            _VOCABS[key] = vocab
        return vocab


def update_index(
    lib: Library,
    added: Sequence[str],
    removed: Sequence[str],
    prepared: Mapping[str, Prepared] | None = None,
) -> None:
    """Bring the stored index up to date after an ingest: index `added` article ids,
    retire `removed` ones. `prepared` may hold added articles already tokenised
    (by ingest's workers); the others are read from the library.

    Runs in the caller's transaction, or else in its own transactions of
    CHUNK_ARTICLES articles each (so readers are never blocked long)."""
    if not added and not removed:
        return
    prepared = prepared or {}
    if lib.in_transaction:
        _update(lib, added, removed, prepared)
        return
    for start in range(0, max(len(added), 1), CHUNK_ARTICLES):
        with lib.transaction():
            chunk = added[start : start + CHUNK_ARTICLES]
            _update(lib, chunk, removed if start == 0 else [], prepared)


def _update(
    lib: Library, added: Sequence[str], removed: Sequence[str], prepared: Mapping[str, Prepared]
) -> None:
    key = str((lib.folder / DB_NAME).resolve())
    try:
        _remove(lib, removed)
        for start in range(0, len(added), CHUNK_ARTICLES):
            _add(lib, added[start : start + CHUNK_ARTICLES], prepared)
            _merge(lib)
    except BaseException:
        with _VOCABS_LOCK:
            _VOCABS.pop(key, None)
        raise


def sync_index(lib: Library) -> bool:
    """Index the library's articles the index lacks and retire the ones it lost.
    Returns whether anything changed."""
    indexed = {r[0] for r in lib.execute("SELECT article FROM search_articles WHERE alive = 1")}
    present = [r[0] for r in lib.execute("SELECT id FROM articles ORDER BY seq")]
    present_set = set(present)
    added = [a for a in present if a not in indexed]
    removed = [a for a in indexed if a not in present_set]
    if not added and not removed:
        return False
    update_index(lib, added, removed)
    return True


def _remove(lib: Library, removed: Sequence[str]) -> None:
    db = lib
    for article_id in removed:
        rows = db.execute(
            "SELECT aid, first_pid, n_pids FROM search_articles WHERE article = ? AND alive = 1",
            (article_id,),
        ).fetchall()
        for aid, first, n in rows:
            db.execute("UPDATE search_articles SET alive = 0 WHERE aid = ?", (aid,))
            db.execute("INSERT OR IGNORE INTO search_dead (aid) VALUES (?)", (aid,))
            counts: dict[int, int] = {}
            for (data,) in db.execute(
                "SELECT tids FROM search_tokens WHERE pid >= ? AND pid < ?", (first, first + n)
            ):
                for tid in np.unique(decode_tids(data)).tolist():
                    counts[tid] = counts.get(tid, 0) + 1
            db.executemany(
                "INSERT INTO search_dead_counts (tid, n) VALUES (?, ?) "
                "ON CONFLICT (tid) DO UPDATE SET n = n + excluded.n",
                counts.items(),
            )
            db.execute("DELETE FROM search_tokens WHERE pid >= ? AND pid < ?", (first, first + n))


def _joined(values: Iterable[str]) -> bytes:
    """Strings (without newlines) as one blob, each ended by a newline."""
    return "".join(v.replace("\n", " ") + "\n" for v in values).encode("utf-8")


def _split(blob: bytes) -> list[str]:
    return blob.decode("utf-8").split("\n")[:-1]


def _add(lib: Library, added: Sequence[str], prepared: Mapping[str, Prepared]) -> None:
    db = lib
    alive = set()
    for start in range(0, len(added), 500):
        chunk = list(added[start : start + 500])
        marks = ",".join("?" * len(chunk))
        alive |= {
            r[0]
            for r in db.execute(
                f"SELECT article FROM search_articles WHERE alive = 1 AND article IN ({marks})",
                chunk,
            )
        }
    todo = [a for a in dict.fromkeys(added) if a not in alive]
    unprepared = [a for a in todo if a not in prepared]
    read = prepare(a for a in (lib.article(x) for x in unprepared) if a is not None)
    found = {**{p.article_id: p for p in read}, **prepared}
    arts = [found[a] for a in todo if a in found]
    if not arts:
        return
    vocab = _vocabulary(lib)
    n_terms_before = len(vocab.terms)
    # ids are never reused
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'search_articles'").fetchone()
    first_aid = (row[0] + 1) if row else 0
    first_pid = db.execute(
        "SELECT COALESCE(MAX(first_pid + n_pids), 0) FROM search_segments"
    ).fetchone()[0]
    mapping = TermMap(vocab)
    laid = lay_out(arts, [mapping.tokens(p) for p in arts])
    titles = title_keys(arts, [mapping.title(p) for p in arts], first_aid)
    article_pids = laid.first + first_pid
    _store_terms(db, n_terms_before, vocab.terms[n_terms_before:])
    db.executemany(
        "INSERT INTO search_articles (aid, article, first_pid, n_pids, alive) "
        "VALUES (?, ?, ?, ?, 1)",
        [
            (first_aid + i, p.article_id, int(article_pids[i]), p.n_paragraphs)
            for i, p in enumerate(arts)
        ],
    )
    _alias_rows(lib, [p.article_id for p in arts])
    seg = db.execute("SELECT COALESCE(MAX(seg), -1) + 1 FROM search_segments").fetchone()[0]
    terms, offsets, docs, tfs = invert(laid.tids, laid.lengths, first_pid, vocab.stop_ids())
    db.executemany(
        "INSERT INTO search_tokens (pid, tids) VALUES (?, ?)",
        zip(
            range(first_pid, first_pid + laid.lengths.size),
            encode_passages(laid.tids, laid.lengths),
            strict=True,
        ),
    )
    counts = np.diff(offsets)
    common = counts >= SMALL
    starts, ends = offsets[:-1][common].tolist(), offsets[1:][common].tolist()
    doc_bytes, tf_bytes = docs.tobytes(), tfs.tobytes()
    db.executemany(
        "INSERT INTO search_postings (seg, tid, docs, tfs) VALUES (?, ?, ?, ?)",
        (
            (seg, tid, doc_bytes[4 * a : 4 * b], tf_bytes[a:b])
            for tid, a, b in zip(terms[common].tolist(), starts, ends, strict=True)
        ),
    )
    rare = np.repeat(~common, counts)
    db.execute(
        f"INSERT INTO search_segments ({SEGMENT_COLUMNS}) VALUES ({_SEGMENT_MARKS})",
        (
            seg,
            first_pid,
            int(laid.lengths.size),
            first_aid,
            len(arts),
            int(docs.size),
            _u32(laid.aids + first_aid),
            _u32(laid.paras),
            _u32(laid.lengths),
            _joined(p.article_id for p in arts),
            _joined(p.outlet for p in arts),
            _joined(p.published for p in arts),
            _u32(article_pids),
            titles.astype("<i8").tobytes(),
            _u32(terms),
            _u32(counts),
            docs[rare].astype(U32).tobytes(),
            tfs[rare].tobytes(),
        ),
    )


def _alias_rows(lib: Library, article_ids: Sequence[str]) -> None:
    """Record the entity names mentioned in these articles (for `@name` filters)."""
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        lib.execute(
            "INSERT OR IGNORE INTO search_aliases (alias, canonical) "
            f"SELECT DISTINCT text, canonical FROM mentions WHERE article_id IN ({marks}) "
            f"UNION SELECT DISTINCT canonical, canonical FROM mentions WHERE article_id IN ({marks})",
            chunk + chunk,
        )


def _level(n_pids: int) -> int:
    return int(math.log(max(n_pids, 1), MERGE_FACTOR))


def _merge(lib: Library) -> None:
    """Merge the newest MERGE_FACTOR segments while they are of one size class."""
    db = lib
    while True:
        tail = db.execute(
            "SELECT seg, n_pids FROM search_segments ORDER BY seg DESC LIMIT ?", (MERGE_FACTOR,)
        ).fetchall()
        if len(tail) < MERGE_FACTOR or len({_level(n) for _, n in tail}) != 1:
            return
        _merge_run(db, sorted(s for s, _ in tail))


def _merge_run(db: Library, segs: list[int]) -> None:
    """Merge consecutive segments into the first one (a term's postings are
    concatenated in segment order; a rare term that is no longer rare gets a row)."""
    lo = segs[0]
    marks = ",".join("?" * len(segs))
    rows = db.execute(
        f"SELECT {SEGMENT_COLUMNS} FROM search_segments WHERE seg IN ({marks}) ORDER BY seg", segs
    ).fetchall()
    metas = [_SegmentTerms.of(row) for row in rows]
    max_tid = _term_count(db)
    small_docs: list[np.ndarray] = []
    small_tfs: list[np.ndarray] = []
    step = 1 << 14
    for tid_lo in range(0, max_tid, step):
        bounds = [*segs, tid_lo, tid_lo + step]
        stored: dict[int, list[tuple[bytes, bytes]]] = {}  # in segment order
        for tid, docs, tfs in db.execute(
            "SELECT tid, docs, tfs FROM search_postings "
            f"WHERE seg IN ({marks}) AND tid >= ? AND tid < ? ORDER BY seg",
            bounds,
        ):
            stored.setdefault(tid, []).append((docs, tfs))
        rare = [m.rare_between(tid_lo, tid_lo + step) for m in metas]
        tids = np.concatenate([r[0] for r in rare])
        if not stored and not tids.size:
            continue
        order = np.argsort(tids, kind="stable")  # segment order kept within a term
        tids = tids[order]
        docs = np.concatenate([r[1] for r in rare])[order]
        tfs = np.concatenate([r[2] for r in rare])[order]
        db.execute(
            f"DELETE FROM search_postings WHERE seg IN ({marks}) AND tid >= ? AND tid < ?", bounds
        )
        # terms with stored rows: their rare pieces (one run of the sorted tids) join
        # them, ordered by passage
        keys = np.fromiter(stored, dtype=tids.dtype, count=len(stored))
        lefts = np.searchsorted(tids, keys, "left").tolist()
        rights = np.searchsorted(tids, keys, "right").tolist()
        new_rows = []
        for tid, a, b in zip(stored, lefts, rights, strict=True):
            pieces = stored[tid]
            if a < b:
                d = np.concatenate([np.frombuffer(p[0], dtype=U32) for p in pieces] + [docs[a:b]])
                f = np.concatenate(
                    [np.frombuffer(p[1], dtype=np.uint8) for p in pieces] + [tfs[a:b]]
                )
                by_pid = np.argsort(d, kind="stable")
                new_rows.append((lo, tid, d[by_pid].tobytes(), f[by_pid].tobytes()))
            else:
                new_rows.append(
                    (lo, tid, b"".join(p[0] for p in pieces), b"".join(p[1] for p in pieces))
                )
        mixed = np.isin(tids, keys)
        # terms rare everywhere: still rare, or enough passages now for a row
        tids, docs, tfs = tids[~mixed], docs[~mixed], tfs[~mixed]
        terms, first, counts = np.unique(tids, return_index=True, return_counts=True)
        common = counts >= SMALL
        for tid, a, n in zip(terms[common].tolist(), first[common], counts[common], strict=True):
            new_rows.append((lo, tid, docs[a : a + n].tobytes(), tfs[a : a + n].tobytes()))
        keep = np.repeat(~common, counts)
        small_docs.append(docs[keep])
        small_tfs.append(tfs[keep])
        new_rows.sort(key=lambda r: r[1])
        db.executemany(
            "INSERT INTO search_postings (seg, tid, docs, tfs) VALUES (?, ?, ?, ?)", new_rows
        )
    db.execute(f"DELETE FROM search_segments WHERE seg IN ({marks})", segs)
    terms = np.concatenate([m.terms for m in metas])
    counts = np.concatenate([m.counts for m in metas])
    merged_terms, where = np.unique(terms, return_inverse=True)
    merged_counts = np.bincount(where, weights=counts, minlength=merged_terms.size)
    merged_row = [
        lo,
        rows[0][1],
        sum(r[2] for r in rows),
        rows[0][3],
        sum(r[4] for r in rows),
        sum(r[5] for r in rows),
        *(b"".join(r[k] for r in rows) for k in range(6, 14)),
        _u32(merged_terms),
        _u32(merged_counts),
        np.concatenate(small_docs).astype(U32).tobytes() if small_docs else b"",
        np.concatenate(small_tfs).tobytes() if small_tfs else b"",
    ]
    db.execute(
        f"INSERT INTO search_segments ({SEGMENT_COLUMNS}) VALUES ({_SEGMENT_MARKS})", merged_row
    )


class _SegmentTerms:
    """A segment's terms, their passage counts, and its rare terms' postings."""

    def __init__(
        self, seg: int, terms: np.ndarray, counts: np.ndarray, docs: np.ndarray, tfs: np.ndarray
    ) -> None:
        self.seg, self.terms, self.counts = seg, terms, counts
        self.rare = counts < SMALL
        rare_counts = np.where(self.rare, counts.astype(np.int64), 0)
        # each term's start in the rare postings, -1 for a term with a row
        self.starts = np.where(self.rare, np.cumsum(rare_counts) - rare_counts, -1)
        self.rare_terms = terms[self.rare]
        self.rare_starts = self.starts[self.rare]
        self.rare_ends = self.rare_starts + rare_counts[self.rare]
        self.docs, self.tfs = docs, tfs

    @classmethod
    def of(cls, row: Sequence) -> _SegmentTerms:
        """From a search_segments row (selected as SEGMENT_COLUMNS)."""
        return cls(
            row[0],
            np.frombuffer(row[14], dtype=U32),
            np.frombuffer(row[15], dtype=U32),
            np.frombuffer(row[16], dtype=U32),
            np.frombuffer(row[17], dtype=np.uint8),
        )

    def rare_between(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The postings of rare terms with lo <= tid < hi: (tid of each, docs, tfs)."""
        bounds = np.asarray([lo, hi], dtype=self.rare_terms.dtype)  # no conversion of the terms
        a, b = (int(x) for x in np.searchsorted(self.rare_terms, bounds))
        if a == b:
            return np.zeros(0, np.uint32), np.zeros(0, np.uint32), np.zeros(0, np.uint8)
        s, e = int(self.rare_starts[a]), int(self.rare_ends[b - 1])
        tids = np.repeat(self.rare_terms[a:b], self.rare_ends[a:b] - self.rare_starts[a:b])
        return tids, self.docs[s:e], self.tfs[s:e]


class LibrarySource(Source):
    """The index stored in a library; per-passage arrays in memory, postings on demand."""

    def __init__(self, lib: Library) -> None:
        self.path = lib.folder / DB_NAME
        db = lib
        segs = db.execute(f"SELECT {SEGMENT_COLUMNS} FROM search_segments ORDER BY seg").fetchall()
        self.n_pids = sum(s[2] for s in segs)
        self.pid_aid = np.frombuffer(b"".join(s[6] for s in segs), dtype=U32)
        self.pid_para = np.frombuffer(b"".join(s[7] for s in segs), dtype=U32)
        self.pid_len = np.frombuffer(b"".join(s[8] for s in segs), dtype=U32).astype(np.float32)
        n_aids = max((s[3] + s[4] for s in segs), default=0)
        self.art_ids = [""] * n_aids
        self.art_outlet = [""] * n_aids
        self.art_pub = [""] * n_aids
        first = np.zeros(n_aids, dtype=np.int64)
        alive = np.zeros(n_aids, dtype=bool)
        for s in segs:
            a, b = s[3], s[3] + s[4]
            self.art_ids[a:b] = _split(s[9])
            self.art_outlet[a:b] = _split(s[10])
            self.art_pub[a:b] = _split(s[11])
            first[a:b] = np.frombuffer(s[12], dtype=U32)
            alive[a:b] = True
        for (aid,) in db.execute("SELECT aid FROM search_dead"):
            if aid < n_aids:
                alive[aid] = False
        self.n_alive_articles = int(alive.sum())
        self.art_first = first
        self.pid_alive = alive[self.pid_aid] if self.n_pids else np.zeros(0, dtype=bool)
        self.title_keys = np.frombuffer(b"".join(s[13] for s in segs), dtype="<i8")
        terms = _stored_terms(db)
        self.vocab = Vocabulary(terms)
        self._where = _TermPlaces([_SegmentTerms.of(s) for s in segs])
        self.df = self._where.frequencies(len(terms))
        for tid, n in db.execute("SELECT tid, n FROM search_dead_counts"):
            if tid < self.df.size:
                self.df[tid] = max(0, int(self.df[tid]) - n)
        self._local = threading.local()
        self._aid_of: dict[str, int] | None = None
        self._aliases: dict[str, set[str]] | None = None
        self._stored: dict[str, set[str]] = {}
        self._rules_version: tuple[int, ...] | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, lib: object) -> LibrarySource:
        """Load the stored index, first indexing what the library holds and it lacks."""
        if not isinstance(lib, Library):
            raise TypeError("Index.load needs a tui.library.Library")
        source = cls(lib)
        if lib.article_count() != source.n_alive_articles:
            with contextlib.suppress(sqlite3.OperationalError):  # read-only or busy
                if sync_index(lib):
                    source = cls(lib)
        return source

    def _db(self) -> sqlite3.Connection:
        """This thread's own read-only connection to the library."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_readonly(self.path, timeout=30)
            conn.execute("PRAGMA cache_size = -32768")  # 32 MB of pages between queries
            self._local.conn = conn
        return conn

    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        pieces = self._where.pieces(tid)
        common = [seg for seg, d, _ in pieces if d is None]
        stored: dict[int, tuple[bytes, bytes]] = {}
        if common:
            marks = ",".join("?" * len(common))
            stored = {
                seg: (docs, tfs)
                for seg, docs, tfs in self._db().execute(
                    f"SELECT seg, docs, tfs FROM search_postings WHERE seg IN ({marks}) "
                    "AND tid = ?",
                    (*common, tid),
                )
            }
        doc_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        for seg, d, f in pieces:
            if d is None:
                if seg not in stored:  # merged away after we loaded: that part is elsewhere
                    continue
                d = np.frombuffer(stored[seg][0], dtype=U32)
                f = np.frombuffer(stored[seg][1], dtype=np.uint8)
            doc_parts.append(d)
            tf_parts.append(f)  # type: ignore[arg-type]
        if not doc_parts:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint8)
        docs = np.concatenate(doc_parts) if len(doc_parts) > 1 else doc_parts[0]
        tfs = np.concatenate(tf_parts) if len(tf_parts) > 1 else tf_parts[0]
        if any(a[-1] >= b[0] for a, b in itertools.pairwise(doc_parts)):
            # segments merged after we loaded: a row now holds parts we also hold
            docs, first = np.unique(docs, return_index=True)
            tfs = tfs[first]
        if docs[-1] >= self.n_pids:  # indexed after we loaded
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

    def titles(self, aids: Sequence[int]) -> dict[int, str]:
        db = self._db()
        out = {}
        for aid in aids:
            row = db.execute(
                "SELECT title FROM articles WHERE id = ?", (self.art_ids[aid],)
            ).fetchone()
            out[aid] = row[0] if row else ""
        return out

    def _alias_map(self) -> tuple[dict[str, set[str]], Any]:
        """Entity names by canonical name, as the user's corrections leave them (read
        again when the corrections change), and the corrections."""
        from tui.entities import corrections

        db = self._db()
        rules = corrections.load_from(db)
        with self._lock:
            if self._aliases is None or self._rules_version != rules.version:
                rows = db.execute("SELECT alias, canonical FROM search_aliases").fetchall()
                if not rows:
                    rows = db.execute("SELECT DISTINCT text, canonical FROM mentions").fetchall()
                aliases: dict[str, set[str]] = {}
                stored: dict[str, set[str]] = {}
                for alias, canonical in rows:
                    name = canonical
                    if rules:
                        r = rules.resolve(canonical, "")
                        if r is None:
                            continue
                        if r.needs_surface:  # split: each name as its mentions resolve
                            whole = rules.resolve(canonical, "", canonical)
                            own = rules.resolve(canonical, "", alias)
                            if whole is None or own is None:
                                continue
                            r = whole
                            if own.name != whole.name:
                                aliases.setdefault(own.name, {own.name}).add(alias)
                                stored.setdefault(own.name, set()).add(canonical)
                                continue
                        name = r.name
                    aliases.setdefault(name, {name}).add(alias)
                    stored.setdefault(name, set()).add(canonical)
                self._aliases = aliases
                self._stored = stored
                self._rules_version = rules.version
                self._aid_of = {a: i for i, a in enumerate(self.art_ids) if a}
            return self._aliases, rules

    def entity_mentions(self, name: str) -> dict[int, list[tuple[int, int]]]:
        aliases, rules = self._alias_map()
        canonicals = match_entity(name, aliases)
        wanted = set(canonicals)
        if rules:  # the stored names they come from; each mention is resolved below
            canonicals = sorted({s for c in canonicals for s in self._stored.get(c, {c})})
        aid_of = self._aid_of or {}
        out: dict[int, list[tuple[int, int]]] = {}
        db = self._db()
        for start in range(0, len(canonicals), 500):
            chunk = canonicals[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for article_id, para, s, e, canonical, type_, text in db.execute(
                "SELECT article_id, paragraph, start, end, canonical, type, text FROM mentions "
                f"WHERE canonical IN ({marks})",
                chunk,
            ):
                if rules:
                    r = rules.resolve(canonical, type_, text, article_id)
                    if r is None or r.name not in wanted:
                        continue
                aid = aid_of.get(article_id)
                if aid is None:
                    continue
                pid = int(self.art_first[aid]) + int(para)
                if pid < self.n_pids and self.pid_aid[pid] == aid and self.pid_para[pid] == para:
                    out.setdefault(pid, []).append((int(s), int(e)))
        return out


class _TermPlaces:
    """Where each term's postings are: for every (term, segment) pair, in term then
    segment order, the passage count and, for a rare term, its postings in memory."""

    def __init__(self, segments: list[_SegmentTerms]) -> None:
        self.segments = segments
        empty = np.zeros(0, dtype=np.uint32)
        terms = np.concatenate([s.terms for s in segments]) if segments else empty
        order = np.argsort(terms, kind="stable")  # segments stay in order within a term
        self.terms = terms[order]
        self.counts = (np.concatenate([s.counts for s in segments]) if segments else empty)[order]
        self.owner = np.repeat(np.arange(len(segments)), [s.terms.size for s in segments])[order]
        # the pair's start in its segment's rare postings, or -1 when it has a row
        starts = [seg.starts for seg in segments]
        self.starts = (np.concatenate(starts) if starts else np.zeros(0, np.int64))[order]

    def frequencies(self, n_terms: int) -> np.ndarray:
        """Passages holding each term (retired ones included)."""
        keep = self.terms < n_terms
        return np.bincount(self.terms[keep], weights=self.counts[keep], minlength=n_terms).astype(
            np.int64
        )

    def pieces(self, tid: int) -> list[tuple[int, np.ndarray | None, np.ndarray | None]]:
        """(segment, docs, tfs) in segment order; docs None: read the segment's row."""
        key = self.terms.dtype.type(tid)  # a Python int would convert the whole array
        a = int(np.searchsorted(self.terms, key, "left"))
        b = int(np.searchsorted(self.terms, key, "right"))
        out: list[tuple[int, np.ndarray | None, np.ndarray | None]] = []
        for k in range(a, b):
            seg = self.segments[int(self.owner[k])]
            start = int(self.starts[k])
            if start < 0:
                out.append((seg.seg, None, None))
            else:
                end = start + int(self.counts[k])
                out.append((seg.seg, seg.docs[start:end], seg.tfs[start:end]))
        return out


def stored_stats(lib: Library) -> dict[str, int]:
    """Sizes of the stored index (for the bench and for curiosity)."""
    db = lib
    return {
        "segments": db.execute("SELECT COUNT(*) FROM search_segments").fetchone()[0],
        "terms": _term_count(db),
        "posting_rows": db.execute("SELECT COUNT(*) FROM search_postings").fetchone()[0],
        "stop_terms": sum(1 for t in _stored_terms(db) if is_stop(t)),
    }
