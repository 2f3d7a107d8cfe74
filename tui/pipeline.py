"""Ingest: files into the library, idempotently and incrementally.

A file whose size and mtime match what was recorded is skipped without being
read; one whose bytes hash the same is only re-recorded; a changed file has
its articles replaced. Articles are stored once however many files hold them.
A file that has disappeared keeps its articles: nothing is deleted unless the
file that held it is read again and no longer holds it.

Reading, parsing and tokenising for the search index run in worker processes
for large jobs; all writes happen here, in batched transactions.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tui import ingest as readers
from tui.errors import InputError
from tui.library import FileState, Library
from tui.model import Analysis, Article

if TYPE_CHECKING:  # search (and numpy) are imported when a file is read, not before
    from tui.search.prepare import Prepared
    from tui.search.terms import Vocabulary

DEFAULT_MAX_BYTES = readers.DEFAULT_MAX_BYTES
BATCH_FILES = 500  # files per write transaction
BATCH_BYTES = 32 * 1024 * 1024  # ... or this much input, whichever comes first
PARALLEL_MIN_BYTES = 16 * 1024 * 1024  # below this, worker start-up costs more than it saves
PARALLEL_MIN_FILES = 16
INGEST_CACHE_KIB = 128 * 1024  # SQLite page cache while ingesting


@dataclass(frozen=True)
class FileError:
    """A file that could not be ingested, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Progress:
    """Where an ingest stands; passed to the `progress` callback as it goes."""

    files_total: int = 0
    bytes_total: int = 0
    files_done: int = 0
    bytes_done: int = 0
    articles: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        """Bytes per second so far."""
        return self.bytes_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def remaining(self) -> float | None:
        """Seconds left at the current rate, when it can be told."""
        if self.bytes_done <= 0 or self.rate <= 0:
            return None
        return max(0.0, (self.bytes_total - self.bytes_done) / self.rate)


@dataclass
class IngestReport:
    """What an ingest did."""

    files_seen: int = 0
    files_read: int = 0  # parsed and stored (new or changed)
    files_unchanged: int = 0  # skipped: same size and mtime, or same bytes
    files_failed: int = 0
    files_missing: int = 0  # recorded under the given folders, now gone (articles kept)
    bytes_read: int = 0
    articles_added: int = 0
    articles_removed: int = 0
    articles_in_files: int = 0  # articles found in the files read (duplicates included)
    seconds: float = 0.0
    errors: list[FileError] = field(default_factory=list)
    warnings: list[FileError] = field(default_factory=list)
    index_error: str | None = None
    index_seconds: float = 0.0  # of `seconds`, spent updating the search index
    added_ids: list[str] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.index_error is None

    def summary(self) -> str:
        """One line for people."""
        mb = self.bytes_read / 1e6
        parts = [
            f"{self.files_seen:,} file{'s' if self.files_seen != 1 else ''}",
            f"{self.files_read:,} read ({mb:,.1f} MB)",
            f"{self.files_unchanged:,} unchanged",
        ]
        if self.files_failed:
            parts.append(f"{self.files_failed:,} failed")
        if self.files_missing:
            parts.append(f"{self.files_missing:,} gone (their articles kept)")
        added = self.articles_added
        parts.append(f"{added:,} new article{'s' if added != 1 else ''}")
        if self.articles_removed:
            parts.append(f"{self.articles_removed:,} removed")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


@dataclass
class _Parsed:
    """What a worker sends back for one file."""

    key: str
    size: int
    mtime_ns: int
    sha256: str
    articles: list[Article] | None = None  # None: same bytes as recorded, nothing to do
    analyses: dict[str, Analysis] | None = None
    prepared: list[Prepared] | None = None  # the articles tokenised for the search index
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Job:
    key: str  # the path as recorded in the library
    path: str  # the path to read ("-" for stdin)
    size: int
    known_sha: str | None


def ingest(
    lib: Library,
    paths: Iterable[str],
    *,
    progress: Callable[[Progress], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    analyse_entities: bool = True,
    workers: int | None = None,
) -> IngestReport:
    """Read `paths` (files, folders, `-`) into `lib`; returns what was done.

    `workers`: processes for reading and analysis (None: by job size and CPUs;
    1: all in this process).
    """
    report = IngestReport()
    started = time.perf_counter()
    states = lib.file_states()
    jobs: list[_Job] = []
    own = os.path.abspath(lib.folder) + os.sep
    paths_seen = list(paths)
    seen_keys: set[str] = set()
    for path, problem in readers.walk_paths(paths_seen):
        if path != "-" and os.path.abspath(path).startswith(own):
            continue  # the library's own files, when a parent folder is ingested
        report.files_seen += 1
        if problem is not None:
            report.files_failed += 1
            report.errors.append(FileError(path, problem))
            continue
        if path == "-":
            jobs.append(_Job("-", "-", 0, None))
            continue
        key = os.path.abspath(path)
        seen_keys.add(key)
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            jobs.append(_Job(key, path, 0, None))  # let the reader say what is wrong
            continue
        known = states.get(key)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            report.files_unchanged += 1
            continue
        jobs.append(_Job(key, path, st.st_size, known[2] if known else None))

    report.files_missing = _missing(list(paths_seen), seen_keys, states)
    state = Progress(files_total=len(jobs), bytes_total=sum(j.size for j in jobs))
    if progress:
        progress(state)
    in_workers = analyse_entities
    batch: list[_Parsed] = []
    batch_bytes = batch_articles = 0
    cache_size = lib.execute("PRAGMA cache_size").fetchone()[0]
    # random article ids make index inserts scattered: a bigger page cache keeps them cheap
    lib.execute(f"PRAGMA cache_size = {-INGEST_CACHE_KIB}")
    try:
        for parsed in _parse_all(jobs, max_bytes, in_workers, _workers(workers, jobs)):
            batch.append(parsed)
            batch_bytes += parsed.size
            batch_articles += len(parsed.articles or ())
            state.files_done += 1
            state.bytes_done += parsed.size
            if len(batch) >= BATCH_FILES or batch_bytes >= BATCH_BYTES:
                _write(lib, batch, report, analyse_entities)
                batch_bytes = batch_articles = 0
            state.articles = len(report.added_ids) + batch_articles
            if progress:
                progress(state)
        _write(lib, batch, report, analyse_entities)
    finally:
        lib.execute(f"PRAGMA cache_size = {int(cache_size)}")
        report.seconds = time.perf_counter() - started
    return report


def _missing(paths: list[str], seen: set[str], states: Mapping[str, FileState]) -> int:
    """Recorded files under the given folders that are no longer there (articles kept)."""
    folders = [os.path.abspath(p) + os.sep for p in paths if p != "-" and os.path.isdir(p)]
    if not folders:
        return 0
    return sum(
        1
        for key in states
        if key not in seen and key.startswith(tuple(folders)) and not os.path.exists(key)
    )


class _Changes:
    """Articles added and removed within one batch, netted: one moved between files is neither."""

    def __init__(self) -> None:
        self.first: dict[str, bool] = {}  # id -> its first change was an addition
        self.last: dict[str, bool] = {}  # id -> its last change was an addition

    def note(self, article_id: str, added: bool) -> None:
        self.first.setdefault(article_id, added)
        self.last[article_id] = added

    def net(self) -> tuple[list[str], list[str]]:
        added = [a for a, first in self.first.items() if first and self.last[a]]
        removed = [a for a, first in self.first.items() if not first and not self.last[a]]
        return added, removed


def _write(lib: Library, batch: list[_Parsed], report: IngestReport, analyse: bool) -> None:
    """Store a batch of parsed files in one write transaction, then index what changed."""
    if not batch:
        return
    changes = _Changes()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with lib.transaction():
        for parsed in batch:
            _store(lib, parsed, report, analyse, changes, now)
        record_arrivals(lib, changes.net()[0], now)
    prepared = {p.article_id: p for parsed in batch for p in parsed.prepared or ()}
    batch.clear()
    added, removed = changes.net()
    report.added_ids.extend(added)
    report.removed_ids.extend(removed)
    report.articles_added = len(report.added_ids)
    report.articles_removed = len(report.removed_ids)
    _update_index(lib, report, added, removed, prepared)


def _workers(requested: int | None, jobs: Sequence[_Job]) -> int:
    if requested is not None:
        return max(1, requested)
    total = sum(j.size for j in jobs)
    if len(jobs) < PARALLEL_MIN_FILES or total < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(4, (os.cpu_count() or 1)))


def _parse_all(
    jobs: list[_Job], max_bytes: int, analyse: bool, n_workers: int
) -> Iterator[_Parsed]:
    """Parsed files in job order, read here or in worker processes.

    Should the worker pool break (a worker killed, out of memory), the files
    it had not finished are read here instead.
    """
    if n_workers <= 1:
        for job in jobs:
            yield _parse(job, max_bytes, analyse=False)
        return
    import multiprocessing

    # spawn, not fork: ingest may run from a thread of the app
    pool = ProcessPoolExecutor(
        max_workers=n_workers, mp_context=multiprocessing.get_context("spawn")
    )
    chunk = 8
    groups = iter([jobs[i : i + chunk] for i in range(0, len(jobs), chunk)])
    ahead = max(n_workers * 8, 2 * BATCH_FILES // chunk)
    window: list[tuple[list[_Job], Future[list[_Parsed]] | None]] = []
    broken = False

    def submit(group: list[_Job]) -> None:
        nonlocal broken
        future = None
        if not broken:
            try:
                future = pool.submit(_parse_group, group, max_bytes, analyse)
            except Exception:  # noqa: BLE001 - a broken pool: read the rest here
                broken = True
        window.append((group, future))

    try:
        for group in groups:
            submit(group)
            if len(window) >= ahead:
                break
        while window:
            group, future = window.pop(0)
            nxt = next(groups, None)
            if nxt is not None:
                submit(nxt)
            results = None
            if future is not None:
                try:
                    results = future.result()
                except Exception:  # noqa: BLE001 - the worker died: read the group here
                    broken = True
            if results is None:
                # analysed here later (in _store) when analyses is None
                results = [_parse(job, max_bytes, analyse=False) for job in group]
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_group(group: list[_Job], max_bytes: int, analyse: bool) -> list[_Parsed]:
    from tui.search.terms import Vocabulary

    vocab = Vocabulary()  # one term list for the group: pickled once
    return [_parse(job, max_bytes, analyse, vocab) for job in group]


def _parse(job: _Job, max_bytes: int, analyse: bool, vocab: Vocabulary | None = None) -> _Parsed:
    """Read, hash, parse and tokenise one file (in a worker or here)."""
    mtime = 0
    shown = "<stdin>" if job.path == "-" else job.key
    if job.path != "-":
        try:
            mtime = os.stat(job.path).st_mtime_ns
        except OSError as exc:
            return _Parsed(shown, 0, 0, "", error=exc.strerror or str(exc))
    try:
        data = readers.load_bytes(job.path, max_bytes)
    except InputError as exc:
        return _Parsed(shown, job.size, mtime, "", error=exc.reason)
    digest = hashlib.sha256(data).hexdigest()
    key = f"<stdin>:{digest[:16]}" if job.path == "-" else job.key
    if job.known_sha == digest:
        return _Parsed(key, len(data), mtime, digest)
    parsed = _Parsed(key, len(data), mtime, digest)
    read = readers.parse_file(data, shown)
    parsed.articles = read.articles or None
    parsed.error = read.error
    parsed.warnings.extend(read.warnings)
    if parsed.articles:
        from tui.search.prepare import prepare

        parsed.prepared = prepare(parsed.articles, vocab)
    if analyse and parsed.articles:
        parsed.analyses = {}
        for art in parsed.articles:
            found = _analyse(art)
            if found is not None:
                parsed.analyses[art.id] = found
    return parsed


def _store(
    lib: Library,
    parsed: _Parsed,
    report: IngestReport,
    analyse: bool,
    changes: _Changes,
    now: str,
) -> None:
    """Write one parsed file into the open transaction."""
    for note in parsed.warnings:
        report.warnings.append(FileError(parsed.key, note))
    if parsed.error is not None:
        report.files_failed += 1
        report.errors.append(FileError(parsed.key, parsed.error))
        if not parsed.articles:
            return
    if parsed.articles is None:  # touched, not changed
        report.files_unchanged += 1
        lib.record_file(parsed.key, parsed.size, parsed.mtime_ns, parsed.sha256, now)
        return
    report.files_read += 1
    report.bytes_read += parsed.size
    report.articles_in_files += len(parsed.articles)
    removed: list[str] = []
    refused = _removed_for_good(lib)
    kept = [a for a in parsed.articles if a.id not in refused] if refused else parsed.articles
    new_ids = lib.replace_file_articles(parsed.key, kept, removed)
    if parsed.error is None:  # a partly read file is read again next time
        lib.record_file(parsed.key, parsed.size, parsed.mtime_ns, parsed.sha256, now)
    for aid in removed:
        changes.note(aid, added=False)
    for aid in new_ids:
        changes.note(aid, added=True)
    if not analyse or not new_ids:
        return
    save = _entity_store()
    by_id = {a.id: a for a in parsed.articles}
    for aid in new_ids:
        # analysed in a worker, or here
        found = parsed.analyses.get(aid) if parsed.analyses is not None else _analyse(by_id[aid])
        if found is not None:
            save(lib, found)


def _analyse(article: Article) -> Analysis | None:
    """The entity stage's findings for one article (None if it fails)."""
    from tui import entities

    try:
        return entities.analyse(article)
    except Exception as exc:  # noqa: BLE001 - entity bugs must not lose the article
        sys.stderr.write(f"brief: {article.source_path}: entity analysis failed ({exc!r})\n")
        return None


def _entity_store() -> Callable[[Library, Analysis], None]:
    """`tui.entities.store.save` (imported when first needed: it is slow to import)."""
    from tui.entities.store import save

    return save


def _update_index(
    lib: Library,
    report: IngestReport,
    added: list[str],
    removed: list[str],
    prepared: dict[str, Prepared],
) -> None:
    """Tell search what a committed batch changed.

    The articles are stored whatever happens here; a failure is reported in
    `report.index_error` (and later batches skip the index) rather than raised.
    """
    if (not added and not removed) or report.index_error:
        return
    start = time.perf_counter()
    try:
        from tui.search import update_index

        update_index(lib, added, removed, prepared)
    except Exception as exc:  # noqa: BLE001 - the articles are safe; say what failed
        # (update_index's own transactions have rolled back what it did not finish)
        report.index_error = f"the search index was not updated ({type(exc).__name__}: {exc})"
    finally:
        report.index_seconds += time.perf_counter() - start


def store_held(
    lib: Library,
    items: Sequence[tuple[str, Article]],
    *,
    analyse_entities: bool = True,
    analyses: Mapping[str, Analysis | None] | None = None,
) -> tuple[list[str], list[str]]:
    """Store articles that are not read from files (feed entries): each `(key, article)`
    replaces what `key` held before, in the open transaction or in one of its own.
    Articles the user removed are skipped; new ones are analysed (`analyses` may hold
    their analyses made elsewhere, e.g. in worker processes). Returns (added ids,
    removed ids): give them to `index_changes` once the transaction is committed."""
    changes = _Changes()
    refused = _removed_for_good(lib)
    with lib.transaction():
        for key, art in items:
            if art.id in refused:
                continue
            removed: list[str] = []
            new_ids = lib.replace_file_articles(key, [art], removed)
            for aid in removed:
                changes.note(aid, added=False)
            for aid in new_ids:
                changes.note(aid, added=True)
            if analyse_entities and new_ids:
                done = analyses is not None and art.id in analyses
                found = analyses[art.id] if analyses is not None and done else _analyse(art)
                if found is not None:
                    _entity_store()(lib, found)
        added, removed = changes.net()
        record_arrivals(lib, added, datetime.now(UTC).isoformat(timespec="seconds"))
    return added, removed


def record_arrivals(lib: Library, ids: list[str], when: str) -> None:
    """When articles first came into the library (`brief compile --since` reads it)."""
    lib.record_arrivals(ids, when)


def index_changes(lib: Library, added: list[str], removed: list[str]) -> str | None:
    """Tell the search index about articles stored or removed outside an ingest;
    the error (the articles are safe either way), or None."""
    report = IngestReport()
    _update_index(lib, report, added, removed, {})
    return report.index_error


def _removed_for_good(lib: Library) -> set[str]:
    """Articles the user removed (tui/feeds/store.py): ingest and update leave them out."""
    return {r[0] for r in lib.execute("SELECT article_id FROM removed_articles")}
