"""The search storage decision: the hand-written postings, SQLite FTS5 and tantivy on
the same passages and the same queries (rows of the search section).

- hand-written: the engine as shipped (`tui.search`), postings in the library's
  search_* tables.
- FTS5: the same engine, ranking and all, with its postings read from an FTS5 table
  of the same words (our tokeniser's, one passage a row, rowid = pid) through
  fts5vocab: recall is the same by construction (checked), the speed is the storage's.
- tantivy: its own index and fuzzy queries (a FuzzyTermQuery a word, the last one a
  fuzzy prefix while typing): the Python binding gives no postings to an outside
  ranker, so it can only be compared whole. Skipped when not installed
  (`pip install -c constraints.txt tantivy`).

Queries: `make_queries` (2-3 rare words of a passage, one with a typo, the last a
prefix) and typing probes: the same, with the last word cut to what is typed so
far (half of it, 4 letters at least) and a typo inside that.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.harness import BenchContext, Row

if TYPE_CHECKING:
    import numpy as np

    from tui.search import Index

SECTION = "search"
Query = tuple[str, tuple[str, int], bool]


def typing_probes(queries: Sequence[Query], seed: int) -> list[Query]:
    """Each query with its last word half typed, a typo inside what is typed."""
    from bench.sections.search import _typo

    rng = random.Random(f"typing:{seed}")
    out = []
    for text, want, unique in queries:
        words = text.split()
        last = words[-1]
        if len(last) < 7:
            continue
        words[-1] = _typo(last[: max(5, (len(last) + 1) // 2)], rng)
        out.append((" ".join(words), want, unique))
    return out


def _percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    times = sorted(times)
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def _recall(
    search: Callable[[str], list[tuple[str, int]]], queries: Sequence[Query]
) -> tuple[float, float, list[float]]:
    """recall@1, recall@10 and each query's CPU time (the thread's own: on a shared
    machine wall time mostly measures the others)."""
    r1 = r10 = 0
    times = []
    for q, want, _ in queries:
        start = time.thread_time()
        keys = search(q)
        times.append(time.thread_time() - start)
        r1 += keys[:1] == [want]
        r10 += want in keys[:10]
    n = max(len(queries), 1)
    return r1 / n, r10 / n, times


def _engine_search(index: Index) -> Callable[[str], list[tuple[str, int]]]:
    def search(q: str) -> list[tuple[str, int]]:
        return [(h.article_id, h.paragraph) for h in index.search(q, limit=10)]

    return search


def _search_bytes(lib_file: Path) -> int:
    db = sqlite3.connect(lib_file)
    try:
        row = db.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' AND name != 'search_aliases'"
        ).fetchone()
        return int(row[0] or 0)
    finally:
        db.close()


# --- FTS5 -------------------------------------------------------------------------


def build_fts5(index: Index, path: Path) -> float:
    """An FTS5 table of the index's passages (their stored words), at `path`; seconds."""
    src = index.src
    terms = src.vocab.terms
    path.unlink(missing_ok=True)
    start = time.process_time()
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE passages USING fts5(body, detail=full, "
        "tokenize=\"unicode61 remove_diacritics 0 tokenchars '''’'\")"
    )
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(passages, instance)")
    batch = 2000
    with db:
        for a in range(0, src.n_pids, batch):
            pids = list(range(a, min(src.n_pids, a + batch)))
            fwd = src.forward(pids)
            db.executemany(
                "INSERT INTO passages (rowid, body) VALUES (?, ?)",
                [(p, " ".join(terms[t] for t in fwd[p].tolist())) for p in pids if p in fwd],
            )
        db.execute("INSERT INTO passages (passages) VALUES ('optimize')")
    db.close()
    return time.process_time() - start


class _Fts5Postings:
    """Postings of the engine's terms read from the FTS5 table (sorted pids, tfs)."""

    def __init__(self, path: Path, terms: list[str]) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.terms = terms

    def __call__(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        rows = self.db.execute(
            "SELECT doc, COUNT(*) FROM vocab WHERE term = ? GROUP BY doc ORDER BY doc",
            (self.terms[tid],),
        ).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint8)
        arr = np.asarray(rows, dtype=np.int64)
        return arr[:, 0].astype(np.uint32), np.minimum(arr[:, 1], 255).astype(np.uint8)


# --- tantivy ------------------------------------------------------------------------


def build_tantivy(index: Index, folder: Path) -> tuple[object, float]:
    """A tantivy index of the same words (whitespace tokenizer); (index, seconds)."""
    import tantivy

    src = index.src
    terms = src.vocab.terms
    start = time.process_time()
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", stored=False, tokenizer_name="whitespace")
    sb.add_unsigned_field("pid", stored=True, indexed=False)
    schema = sb.build()
    ix = tantivy.Index(schema, path=str(folder))
    writer = ix.writer(heap_size=200_000_000, num_threads=1)
    batch = 2000
    for a in range(0, src.n_pids, batch):
        pids = list(range(a, min(src.n_pids, a + batch)))
        fwd = src.forward(pids)
        for p in pids:
            if p in fwd:
                body = " ".join(terms[t] for t in fwd[p].tolist())
                writer.add_document(tantivy.Document(body=body, pid=p))
    writer.commit()
    writer.wait_merging_threads()
    ix.reload()
    return (ix, schema), time.process_time() - start


def _tantivy_search(built: object, index: Index) -> Callable[[str], list[tuple[str, int]]]:
    import tantivy

    from tui.search import parse
    from tui.search.terms import max_edits

    ix: Any
    schema: Any
    ix, schema = built  # type: ignore[misc]
    searcher = ix.searcher()
    src = index.src

    def search(q: str) -> list[tuple[str, int]]:
        parsed = parse(q)
        musts = []
        for t in parsed.terms:
            edits = max_edits(t.text)
            if edits or t.prefix:
                sub = tantivy.Query.fuzzy_term_query(
                    schema,
                    "body",
                    t.text,
                    distance=edits,
                    transposition_cost_one=True,
                    prefix=t.prefix,
                )
            else:
                sub = tantivy.Query.term_query(schema, "body", t.text)
            musts.append((tantivy.Occur.Must, sub))
        if not musts:
            return []
        result = searcher.search(tantivy.Query.boolean_query(musts), limit=10)
        out = []
        for _score, address in result.hits:
            pid = searcher.doc(address)["pid"][0]
            aid = int(src.pid_aid[pid])
            out.append((src.art_ids[aid], int(src.pid_para[pid])))
        return out

    return search


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- the rows -----------------------------------------------------------------------


def decision_rows(
    ctx: BenchContext, folder: Path, build_seconds: float | None, label: str, n_queries: int
) -> list[Row]:
    """Storage decision rows on the library at `folder` (`label` names its size)."""
    from bench.sections.search import make_queries
    from tui.library import Library
    from tui.search import Index

    with Library.open(folder) as lib:
        index = Index.load(lib)
    queries = make_queries(index, n_queries, ctx.seed)
    probes = typing_probes(make_queries(index, n_queries, ctx.seed + 2), ctx.seed)
    warm = make_queries(index, 50, ctx.seed + 1)
    rows: list[Row] = []

    def add(engine: str, r1: float, r10: float, typing: float, times: list[float]) -> None:
        p50, p95 = _percentiles(times)
        rows.append(Row(SECTION, f"{label} {engine}: recall@1", r1, ""))
        rows.append(Row(SECTION, f"{label} {engine}: recall@10", r10, ""))
        rows.append(Row(SECTION, f"{label} {engine}: typing probes recall@10", typing, ""))
        rows.append(Row(SECTION, f"{label} {engine}: query p50, CPU time", p50, "ms"))
        rows.append(Row(SECTION, f"{label} {engine}: query p95, CPU time", p95, "ms"))

    # hand-written
    engine = _engine_search(index)
    for q, _, _ in warm:
        engine(q)
    r1, r10, times = _recall(engine, queries)
    _, t10, _ = _recall(engine, probes)
    add("hand-written", r1, r10, t10, times)
    if build_seconds is not None:
        rows.append(
            Row(
                SECTION, f"{label} hand-written: build (update_index), CPU time", build_seconds, "s"
            )
        )
    rows.append(
        Row(
            SECTION,
            f"{label} hand-written: index size",
            _search_bytes(folder / "library.sqlite3") / 1e6,
            "MB",
        )
    )
    hand_keys = [engine(q) for q, _, _ in queries[:60]]

    # FTS5 postings under the same engine
    with tempfile.TemporaryDirectory() as tmp:
        fts_path = Path(tmp) / "fts.sqlite3"
        seconds = build_fts5(index, fts_path)
        with Library.open(folder) as lib:
            fts_index = Index.load(lib)
        postings = _Fts5Postings(fts_path, fts_index.src.vocab.terms)
        fts_index.src.postings = postings  # type: ignore[method-assign]
        engine = _engine_search(fts_index)
        for q, _, _ in warm:
            engine(q)
        r1, r10, times = _recall(engine, queries)
        _, t10, _ = _recall(engine, probes)
        same = [engine(q) for q, _, _ in queries[:60]] == hand_keys
        add(
            "FTS5 postings, same engine" + ("" if same else " (DIFFERENT hits)"),
            r1,
            r10,
            t10,
            times,
        )
        rows.append(
            Row(SECTION, f"{label} FTS5: build from the stored words, CPU time", seconds, "s")
        )
        rows.append(Row(SECTION, f"{label} FTS5: index size", fts_path.stat().st_size / 1e6, "MB"))

    # tantivy, whole
    try:
        import tantivy  # noqa: F401
    except ImportError:
        ctx.log("search: tantivy not installed; its rows are skipped")
        return rows
    with tempfile.TemporaryDirectory() as tmp:
        built, seconds = build_tantivy(index, Path(tmp))
        engine = _tantivy_search(built, index)
        for q, _, _ in warm:
            engine(q)
        r1, r10, times = _recall(engine, queries)
        _, t10, _ = _recall(engine, probes)
        add("tantivy (its own fuzzy ranking)", r1, r10, t10, times)
        rows.append(
            Row(SECTION, f"{label} tantivy: build from the stored words, CPU time", seconds, "s")
        )
        rows.append(
            Row(SECTION, f"{label} tantivy: index size", _folder_bytes(Path(tmp)) / 1e6, "MB")
        )
    return rows


def process_rows(
    ctx: BenchContext, libraries: Sequence[tuple[str, Path]], target: dict[str, float]
) -> list[Row]:
    """Whole-process `brief search` per library against a bare `python -c pass` in the
    same run, with bytecode written as a user's shell runs it (median of 5 each)."""
    import os

    from bench.sections.search import make_queries
    from tui.library import Library
    from tui.search import Index

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    brief = str(Path(ctx.python).with_name("brief"))

    def run(args: list[str]) -> tuple[float, float]:
        return _measured(args, env)

    bare = [run([ctx.python, "-c", "pass"]) for _ in range(5)]
    bare_s = statistics.median(b[0] for b in bare)
    bare_cpu = statistics.median(b[1] for b in bare)
    rows = []
    for label, folder in libraries:
        with Library.open(folder) as lib:
            qs = [q for q, _, _ in make_queries(Index.load(lib), 5, ctx.seed + 3)]
        run([brief, "search", qs[0], "--library", str(folder), "--json"])  # bytecode written
        got = [run([brief, "search", q, "--library", str(folder), "--json"]) for q in qs]
        wall = statistics.median(g[0] for g in got)
        cpu = statistics.median(g[1] for g in got)
        goal = target[label]
        rows.append(
            Row(
                SECTION,
                f"whole process: brief search, {label}",
                wall,
                "s",
                bare_s,
                "python -c pass",
                f"< {goal} s",
                wall < goal,
            )
        )
        rows.append(
            Row(
                SECTION,
                f"whole process: brief search, {label}, CPU time",
                cpu,
                "s",
                bare_cpu,
                "python -c pass",
            )
        )
    return rows


def _measured(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process."""
    import os
    import subprocess

    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime
