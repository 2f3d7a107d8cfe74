"""Updating subscriptions: fetch every feed concurrently, store what is new or changed.

Fetching and parsing run in threads (at most `Limits.per_host` requests to one
host at once); all writes happen in the calling thread, one transaction per
feed, so a failure part-way keeps everything stored before it. An unchanged
feed costs one conditional request (a 304, no body parsed) or, for servers
without validators, one body whose hash matches the last one (not parsed).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tui.errors import InputError
from tui.feeds import entries as ent
from tui.feeds import store
from tui.feeds.fetch import (
    FEED_ACCEPT,
    PAGE_ACCEPT,
    FetchError,
    HostGate,
    Limits,
    fetch,
    make_client,
)
from tui.feeds.parse import Entry, FeedDoc, NotAFeed, parse
from tui.library import Library
from tui.model import Analysis, Article
from tui.text import clean_line

DEFAULT_LIMITS = Limits()
INDEX_BATCH = 2000  # articles stored before the search index is told
WORKERS = 16  # threads fetching; the per-host gate is what keeps servers unharmed


@dataclass
class FeedResult:
    """What one feed's update did; `error` is set when it failed (nothing stored changed)."""

    feed: store.Feed
    status: str = "unchanged"  # unchanged | not_modified | updated | failed | waiting
    kind: str | None = None  # the failure's kind (FetchError.kind) when it failed
    added: int = 0  # articles new to the library
    replaced: int = 0  # entries whose article changed
    known: int = 0  # new entries whose story the library already had
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. a teaser whose page failed
    parsed: bool = False  # a body was parsed (False for a 304 or an identical body)
    page: tuple[str, bytes, str | None] | None = None  # a web page where a feed was expected

    def line(self) -> str:
        """One line for people, naming the feed."""
        name = clean_line(self.feed.url)
        if self.error:
            return f"{name}: {self.error}"
        if self.status == "not_modified":
            return f"{name}: not modified"
        if self.status == "unchanged":
            return f"{name}: unchanged"
        bits = [f"{self.added} new"]
        if self.replaced:
            bits.append(f"{self.replaced} updated")
        if self.known:
            bits.append(f"{self.known} already in the library")
        return f"{name}: " + ", ".join(bits)


@dataclass
class UpdateReport:
    """What an update did, feed by feed."""

    results: list[FeedResult] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    index_error: str | None = None
    requests: int = 0
    conditional: int = 0  # requests that carried If-None-Match / If-Modified-Since
    parsed: int = 0  # feed bodies parsed
    most_per_host: int = 0
    seconds: float = 0.0
    pending_added: list[str] = field(default_factory=list)  # stored, not yet indexed
    pending_removed: list[str] = field(default_factory=list)

    def flush_index(self, lib: Library, at_least: int = 0) -> None:
        """Tell the search index what was stored, once `at_least` articles are waiting
        (the index's cost is mostly per call, so feeds are indexed in batches)."""
        from tui.pipeline import index_changes

        if len(self.pending_added) + len(self.pending_removed) <= at_least:
            return
        added, removed = self.pending_added, self.pending_removed
        self.pending_added, self.pending_removed = [], []
        if self.index_error is None:
            self.index_error = index_changes(lib, added, removed)

    @property
    def failed(self) -> list[FeedResult]:
        return [r for r in self.results if r.error]

    @property
    def ok(self) -> bool:
        return not self.failed and self.index_error is None

    def summary(self) -> str:
        n = len(self.results)
        added = sum(r.added for r in self.results)
        replaced = sum(r.replaced for r in self.results)
        parts = [f"{n} feed{'s' if n != 1 else ''}", f"{added} new articles"]
        if replaced:
            parts.append(f"{replaced} updated")
        unchanged = sum(r.status in ("unchanged", "not_modified") for r in self.results)
        parts.append(f"{unchanged} unchanged")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        waiting = sum(r.status == "waiting" for r in self.results)
        if waiting:
            parts.append(f"{waiting} not asked yet (the server asked to wait)")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


@dataclass
class _Fetched:
    """A worker's findings for one feed, stored by the calling thread."""

    feed: store.Feed
    response_url: str = ""
    permanent: bool = False
    not_modified: bool = False
    same_body: bool = False
    body_sha: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    doc: FeedDoc | None = None
    articles: list[tuple[Entry, str, Article]] = field(default_factory=list)  # entry, digest
    notes: list[str] = field(default_factory=list)
    error: FetchError | None = None
    requests: int = 0
    conditional: bool = False
    page: tuple[str, bytes, str | None] | None = None  # (url, body, charset) of a web page
    analyses: dict[str, Analysis | None] | None = None  # entity analyses made in processes


class _Analyser:
    """Entity analysis of fetched articles in worker processes, as ingest does for large
    jobs: a fetching thread hands over a feed's new articles and waits, so feeds are
    analysed side by side while the calling thread stores. The pool starts with the
    first feed that brings many articles (a small update never pays for it); should it
    break, articles are analysed where they are stored."""

    START_AT = 20  # articles in one feed that make the processes worth starting

    def __init__(self) -> None:
        self.processes = min(4, os.cpu_count() or 1)
        self.pool: ProcessPoolExecutor | None = None
        self.lock = threading.Lock()
        self.broken = self.processes < 2

    def __call__(self, articles: list[Article]) -> dict[str, Analysis | None] | None:
        with self.lock:
            if self.broken or (self.pool is None and len(articles) < self.START_AT):
                return None
            if self.pool is None:
                import multiprocessing

                # spawn, not fork: updates also run on a thread of the reader
                context = multiprocessing.get_context("spawn")
                self.pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
            pool = self.pool
        try:
            return pool.submit(_analyse_all, articles).result()
        except BaseException:  # noqa: BLE001 - a broken or closed pool: analysed when stored
            self.broken = True
            return None

    def close(self) -> None:
        with self.lock:
            self.broken = True
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)


def _analyse_all(articles: list[Article]) -> dict[str, Analysis | None]:
    """In a worker process: each article's entity analysis (None where it failed)."""
    from tui.pipeline import _analyse

    return {article.id: _analyse(article) for article in articles}


Progress = Callable[[int, int, FeedResult], None]


def update(
    lib: Library,
    feeds: Sequence[store.Feed] | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    analyse_entities: bool = True,
    workers: int = WORKERS,
    cancel: threading.Event | None = None,
) -> UpdateReport:
    """Fetch `feeds` (default: every subscription) and store their new entries."""
    import time

    started = time.perf_counter()
    report = UpdateReport()
    chosen = list(store.feeds(lib) if feeds is None else feeds)
    store.begin_update(lib)
    now = datetime.now(UTC)
    due: list[tuple[store.Feed, dict[str, tuple[str, str]]]] = []
    for feed in chosen:
        if feed.retry_at and _parse_time(feed.retry_at) > now:
            result = FeedResult(feed, status="waiting")
            result.notes.append(
                f"{clean_line(feed.url)}: not asked: the server asked to wait until "
                f"{_clock(feed.retry_at)}"
            )
            report.results.append(result)
            if progress:
                progress(len(report.results), len(chosen), result)
            continue
        due.append((feed, store.known_entries(lib, feed.id)))
    gate = HostGate(limits.per_host)
    client = make_client(limits)
    analyser = _Analyser() if analyse_entities else None
    try:
        for fetched in _fetched(due, max(1, workers), (client, gate, limits, cancel), analyser):
            if fetched.error is not None and fetched.error.kind == "cancelled":
                continue  # not asked: nothing to record
            try:
                result = _store(lib, fetched, report, analyse_entities)
            except (sqlite3.IntegrityError, InputError, ValueError, TypeError, KeyError) as exc:
                # one feed's entries that cannot be stored (its transaction rolled back)
                # must not stop the others; a full disk or a locked library does
                result = _unstorable(lib, fetched.feed, exc)
            report.results.append(result)
            report.flush_index(lib, at_least=INDEX_BATCH)
            if progress:
                progress(len(report.results), len(chosen), result)
    finally:
        client.close()
        if analyser is not None:
            analyser.close()
        report.flush_index(lib)
    report.most_per_host = max(gate.most_in_flight.values(), default=0)
    report.seconds = time.perf_counter() - started
    return report


def _unstorable(lib: Library, feed: store.Feed, exc: Exception) -> FeedResult:
    reason = exc.reason if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
    error = f"its entries could not be stored ({clean_line(str(reason))[:200]})"
    store.record_failure(lib, feed, when=store.now_iso(), error=error, retry_at=None)
    return FeedResult(feed, status="failed", kind="store", error=error)


def _fetched(
    due: list[tuple[store.Feed, dict[str, tuple[str, str]]]],
    threads: int,
    work: tuple[Any, HostGate, Limits, threading.Event | None],
    analyser: _Analyser | None = None,
) -> Iterator[_Fetched]:
    """Each feed's findings as they come, fetched by `threads` threads, with at most
    two feeds per thread fetched but not yet stored (memory stays bounded by that, not
    by the number of feeds).

    The threads are daemons and are not waited for: an update that is stopped (the
    reader quitting, ctrl+c, an error while storing) returns at once instead of when
    the slowest server answers or times out. They only fetch and parse; every write is
    the caller's."""
    client, gate, limits, cancel = work
    jobs: queue.Queue[tuple[store.Feed, dict[str, tuple[str, str]]] | None] = queue.Queue()
    results: queue.Queue[_Fetched] = queue.Queue()

    def fetcher() -> None:
        while (job := jobs.get()) is not None:
            got = _work(client, gate, limits, job[0], job[1], cancel)
            if analyser is not None and got.articles and got.error is None:
                got.analyses = analyser([article for _, _, article in got.articles])
            results.put(got)  # _work and the analyser raise nothing

    count = min(threads, len(due))
    for n in range(count):
        threading.Thread(target=fetcher, name=f"feed-{n}", daemon=True).start()
    waiting = iter(due)
    in_flight = 0
    try:
        while True:
            while in_flight < 2 * count and (job := next(waiting, None)) is not None:
                jobs.put(job)
                in_flight += 1
            if not in_flight:
                return
            try:
                got = results.get(timeout=0.2)
            except queue.Empty:
                if cancel is not None and cancel.is_set():
                    return
                continue
            in_flight -= 1
            yield got
    finally:
        with contextlib.suppress(queue.Empty):
            while True:
                jobs.get_nowait()  # what was not started is not fetched
        for _ in range(count):
            jobs.put(None)


def _shell_word(word: str) -> str:
    """`word` as it would be typed in a shell (quoted when it has to be)."""
    import shlex

    return shlex.quote(clean_line(word))


def _clock(value: str) -> str:
    """An ISO time as people read it: `2025-03-01 14:05 UTC`."""
    return _parse_time(value).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _parse_time(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _work(
    client: object,
    gate: HostGate,
    limits: Limits,
    feed: store.Feed,
    known: dict[str, tuple[str, str]],
    cancel: threading.Event | None,
) -> _Fetched:
    """Fetch and parse one feed, and the pages of its new teaser entries (in a thread)."""
    out = _Fetched(feed)
    if cancel is not None and cancel.is_set():
        out.error = FetchError("cancelled", "not fetched (the update was stopped)")
        return out
    try:
        _fetch_feed(client, gate, limits, feed, known, out, cancel)
    except FetchError as exc:
        out.error = exc
    except NotAFeed as exc:
        out.error = FetchError("not_feed", exc.reason)
    except Exception as exc:  # noqa: BLE001 - one feed's bug must not stop the others
        reason = exc.reason if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
        out.error = FetchError("malformed", clean_line(str(reason))[:300])
    return out


def _fetch_feed(
    client: object,
    gate: HostGate,
    limits: Limits,
    feed: store.Feed,
    known: dict[str, tuple[str, str]],
    out: _Fetched,
    cancel: threading.Event | None,
) -> None:
    out.conditional = bool(feed.etag or feed.last_modified)
    out.requests += 1
    response = fetch(
        client,  # type: ignore[arg-type]
        feed.url,
        gate=gate,
        limits=limits,
        etag=feed.etag,
        last_modified=feed.last_modified,
        accept=FEED_ACCEPT,
    )
    out.response_url = response.url
    out.permanent = response.permanent_redirect
    out.etag = response.headers.get("etag") or (feed.etag if response.not_modified else None)
    out.last_modified = response.headers.get("last-modified") or (
        feed.last_modified if response.not_modified else None
    )
    if response.not_modified:
        out.not_modified = True
        return
    out.body_sha = hashlib.sha256(response.body).hexdigest()
    if out.body_sha == feed.body_sha and known:
        out.same_body = True
        return
    try:
        doc = parse(response.body, feed.url, response.content_type, response.charset)
    except NotAFeed:
        out.page = (response.url, response.body, response.charset)
        raise
    out.doc = doc
    for entry in doc.entries:
        digest = ent.digest(entry)
        before = known.get(entry.key)
        if before is not None and before[1] == digest:
            continue  # unchanged since last time
        if cancel is not None and cancel.is_set():
            break
        full = _full_text(client, gate, limits, entry, feed.full_text, out)
        article = ent.to_article(entry, doc.title, feed.url, full)
        if article is not None:
            out.articles.append((entry, digest, article))


def _full_text(
    client: object, gate: HostGate, limits: Limits, entry: Entry, mode: str, out: _Fetched
) -> list[str] | None:
    """The linked page's text for a teaser entry (None when not wanted or not read)."""
    if not ent.wants_full_text(entry, mode) or entry.link is None:
        return None
    from tui import text

    out.requests += 1
    try:
        page = fetch(client, entry.link, gate=gate, limits=limits, accept=PAGE_ACCEPT)  # type: ignore[arg-type]
    except FetchError as exc:
        out.notes.append(f"{clean_line(entry.link)}: full text not read ({exc.reason})")
        return None
    paragraphs = ent.page_paragraphs(text.decode(page.body, page.charset), page.url)
    if not paragraphs:
        out.notes.append(f"{clean_line(entry.link)}: full text not found on the page")
    return paragraphs or None


def _store(lib: Library, got: _Fetched, report: UpdateReport, analyse: bool) -> FeedResult:
    """Write one feed's findings (in this thread): its new and changed entries, its state."""
    from tui.pipeline import store_held

    feed = got.feed
    result = FeedResult(feed, notes=list(got.notes))
    report.requests += got.requests
    report.conditional += int(got.conditional)
    when = store.now_iso()
    if got.error is not None:
        result.status = "failed"
        result.kind = got.error.kind
        result.error = got.error.reason
        if got.error.kind == "gone":  # a subscription to a feed that will not come back
            result.error += f"; remove the feed with: brief remove {_shell_word(feed.url)}"
        result.page = got.page
        retry = got.error.retry_at.isoformat(timespec="seconds") if got.error.retry_at else None
        store.record_failure(lib, feed, when=when, error=result.error, retry_at=retry)
        return result
    moved = got.response_url if got.permanent else None
    if moved:
        result.notes.append(
            f"{clean_line(feed.url)}: moved permanently to {clean_line(moved)}; "
            "the subscription follows"
        )
    if got.not_modified or got.same_body:
        result.status = "not_modified" if got.not_modified else "unchanged"
        with lib.transaction():
            store.record_success(
                lib,
                feed,
                when=when,
                etag=got.etag,
                last_modified=got.last_modified,
                body_sha=got.body_sha,
                url=moved,
            )
        return result
    result.parsed = True
    report.parsed += 1
    doc = got.doc
    assert doc is not None
    if doc.problem:
        result.notes.append(
            f"{clean_line(feed.url)}: not well-formed XML ({doc.problem}); "
            "the entries found were read"
        )
    known = store.known_entries(lib, feed.id)
    items: list[tuple[str, Article]] = []
    replaced: list[tuple[str, str, int]] = []  # old id, new id, paragraphs
    with lib.transaction():
        for entry, digest, article in got.articles:
            key = store.holder(feed.id, entry.key)
            before = known.get(entry.key)
            if before is None and article.url:
                existing = store.article_with_url(lib, article.url)
                if existing is not None and existing != article.id:
                    store.hold(lib, key, existing)  # the same story, from another feed
                    store.record_entry(lib, feed.id, entry.key, existing, digest, when)
                    result.known += 1
                    continue
            if before is not None and before[0] != article.id:
                replaced.append((before[0], article.id, len(article.paragraphs)))
            items.append((key, article))
            store.record_entry(lib, feed.id, entry.key, article.id, digest, when)
        added, removed = store_held(lib, items, analyse_entities=analyse, analyses=got.analyses)
        for old, new, paragraphs in replaced:
            if not lib.execute("SELECT 1 FROM articles WHERE id = ?", (old,)).fetchone():
                store.move_user_state(lib, old, new, paragraphs)
        store.record_success(
            lib,
            feed,
            when=when,
            etag=got.etag,
            last_modified=got.last_modified,
            body_sha=got.body_sha,
            title=doc.title,
            site_url=doc.link,
            url=moved,
        )
    report.pending_added.extend(added)
    report.pending_removed.extend(removed)
    new_ids = set(added)
    replaced_ids = {new for _, new, _ in replaced}
    result.replaced = len(replaced)
    result.added = sum(1 for _, a in items if a.id in new_ids and a.id not in replaced_ids)
    result.known += sum(1 for _, a in items if a.id not in new_ids and a.id not in replaced_ids)
    report.added_ids.extend(added)
    result.status = "updated"
    return result
