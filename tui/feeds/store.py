"""Subscriptions and read state in the library: the SQL for the `feeds`, `feed_entries`,
`article_state` and `removed_articles` tables (created by migration 3 in tui/library.py).

Each feed entry is held in `file_articles` under its own key (`feed:ID:HASH`), so
an article is stored once whoever holds it (files, feeds) and goes only when
nothing holds it. Read state, stars and removals are the user's: they are
never pruned with an article, and they follow an entry whose article is replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tui.library import Library

PREVIOUS_SEQ = "feeds.previous_update_seq"  # meta: articles.seq before the latest update
LAST_UPDATE = "feeds.last_update"  # meta: when the latest update started

_FEED_COLUMNS = (
    "id, url, title, site_url, full_text, etag, last_modified, body_sha, added_at, "
    "last_update, last_ok, error, retry_at"
)


@dataclass(frozen=True)
class Feed:
    """A subscription as stored."""

    id: int
    url: str
    title: str | None
    site_url: str | None
    full_text: str  # auto | always | never
    etag: str | None
    last_modified: str | None
    body_sha: str | None
    added_at: str
    last_update: str | None  # the last attempt
    last_ok: str | None  # the last attempt that succeeded
    error: str | None  # why the last attempt failed
    retry_at: str | None  # the server asked not to be asked before this (ISO, UTC)

    @property
    def name(self) -> str:
        """How the feed is shown: its title, else its URL."""
        return self.title or self.url


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def holder(feed_id: int, entry_key: str) -> str:
    """The `file_articles` key that holds one feed entry's article."""
    digest = hashlib.sha256(entry_key.encode("utf-8", "replace")).hexdigest()[:20]
    return f"feed:{feed_id}:{digest}"


def feed_prefix(feed_id: int) -> str:
    return f"feed:{feed_id}:"


# --- subscriptions -------------------------------------------------------------


def feeds(lib: Library) -> list[Feed]:
    """Every subscription, in the order they were added."""
    rows = lib.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY id")
    return [Feed(*r) for r in rows]


def feed_by_url(lib: Library, url: str) -> Feed | None:
    row = lib.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
    return Feed(*row) if row else None


def find(lib: Library, name: str) -> list[Feed]:
    """Feeds a user's word names: its URL, its number, or its title (case-insensitive;
    a unique prefix of a title or URL also does)."""
    every = feeds(lib)
    word = name.strip()
    exact = [f for f in every if f.url == word or str(f.id) == word]
    if exact:
        return exact
    folded = word.casefold()
    titled = [f for f in every if (f.title or "").casefold() == folded]
    if titled:
        return titled
    bare = folded.removeprefix("https://").removeprefix("http://")
    return [
        f
        for f in every
        if (f.title or "").casefold().startswith(folded)
        or f.url.casefold().removeprefix("https://").removeprefix("http://").startswith(bare)
    ]


def add(lib: Library, url: str, title: str | None = None, full_text: str = "auto") -> Feed:
    """Subscribe (or return the existing subscription to `url`)."""
    with lib.transaction():
        lib.execute(
            "INSERT INTO feeds (url, title, full_text, added_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (url) DO NOTHING",
            (url, title, full_text, now_iso()),
        )
    found = feed_by_url(lib, url)
    assert found is not None
    return found


def set_full_text(lib: Library, feed_id: int, mode: str) -> None:
    with lib.transaction():
        lib.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (mode, feed_id))


def record_success(
    lib: Library,
    feed: Feed,
    *,
    when: str,
    etag: str | None,
    last_modified: str | None,
    body_sha: str | None,
    title: str | None = None,
    site_url: str | None = None,
    url: str | None = None,
) -> None:
    """A fetch that worked (a 304 too): validators kept, the error cleared."""
    new_url = url if url and url != feed.url and feed_by_url(lib, url) is None else feed.url
    lib.execute(
        "UPDATE feeds SET url = ?, title = COALESCE(?, title), site_url = COALESCE(?, site_url), "
        "etag = ?, last_modified = ?, body_sha = COALESCE(?, body_sha), last_update = ?, "
        "last_ok = ?, error = NULL, retry_at = NULL WHERE id = ?",
        (new_url, title, site_url, etag, last_modified, body_sha, when, when, feed.id),
    )


def record_failure(
    lib: Library, feed: Feed, *, when: str, error: str, retry_at: str | None
) -> None:
    """A fetch that failed: everything stored before stays; the reason is kept to show."""
    with lib.transaction():
        lib.execute(
            "UPDATE feeds SET last_update = ?, error = ?, retry_at = ? WHERE id = ?",
            (when, error, retry_at, feed.id),
        )


def known_entries(lib: Library, feed_id: int) -> dict[str, tuple[str, str]]:
    """entry key -> (article id, content digest) for what the feed gave before."""
    return {
        r[0]: (r[1], r[2])
        for r in lib.execute(
            "SELECT entry_key, article_id, digest FROM feed_entries WHERE feed_id = ?", (feed_id,)
        )
    }


def record_entry(
    lib: Library, feed_id: int, key: str, article_id: str, digest: str, when: str
) -> None:
    lib.execute(
        "INSERT INTO feed_entries (feed_id, entry_key, article_id, digest, first_seen) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (feed_id, entry_key) DO UPDATE SET "
        "article_id = excluded.article_id, digest = excluded.digest",
        (feed_id, key, article_id, digest, when),
    )


def article_with_url(lib: Library, url: str) -> str | None:
    """An article already stored for this link (the same story from another feed)."""
    row = lib.execute("SELECT id FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone()
    return row[0] if row else None


def hold(lib: Library, key: str, article_id: str) -> None:
    """Make `key` (a feed entry) hold an article that is already stored."""
    lib.execute("DELETE FROM file_articles WHERE path = ?", (key,))
    lib.execute(
        "INSERT OR IGNORE INTO file_articles (path, article_id, ord) VALUES (?, ?, 0)",
        (key, article_id),
    )


def remove(lib: Library, feed: Feed, *, keep_articles: bool = False) -> list[str]:
    """Unsubscribe; the feed's articles that nothing else holds go too, unless kept
    (those in a selection are always kept, held under `kept:`). Returns removed ids."""
    removed: list[str] = []
    prefix = feed_prefix(feed.id)
    with lib.transaction():
        held = [
            r[0]
            for r in lib.execute(
                "SELECT DISTINCT article_id FROM file_articles WHERE path >= ? AND path < ?",
                (prefix, prefix + "\uffff"),
            )
        ]
        selected = _selected(lib, held)
        keep = set(held) if keep_articles else selected
        for aid in keep:
            lib.execute(
                "INSERT OR IGNORE INTO file_articles (path, article_id, ord) VALUES (?, ?, 0)",
                (f"kept:{feed.url}", aid),
            )
        lib.execute(
            "DELETE FROM file_articles WHERE path >= ? AND path < ?", (prefix, prefix + "\uffff")
        )
        for aid in held:
            if lib.remove_if_orphan(aid):
                removed.append(aid)
        lib.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
        lib.execute("DELETE FROM feed_entries WHERE feed_id = ?", (feed.id,))
    return removed


def in_selection(lib: Library, ids: Sequence[str]) -> set[str]:
    """Those of `ids` that a selection holds (they are not removed without asking)."""
    return _selected(lib, ids)


def _selected(lib: Library, ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        marks = ",".join("?" * len(part))
        out.update(
            r[0]
            for r in lib.execute(
                f"SELECT DISTINCT article_id FROM selection_items WHERE article_id IN ({marks})",
                part,
            )
        )
    return out


def counts(lib: Library) -> dict[int, tuple[int, int]]:
    """feed id -> (articles, unread articles) it holds."""
    out: dict[int, tuple[int, int]] = {}
    rows = lib.execute(
        "SELECT e.feed_id, COUNT(DISTINCT e.article_id), "
        "COUNT(DISTINCT CASE WHEN s.read_at IS NULL THEN e.article_id END) "
        "FROM feed_entries e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN article_state s ON s.article_id = e.article_id GROUP BY e.feed_id"
    )
    for feed_id, total, unread in rows:
        out[int(feed_id)] = (int(total), int(unread))
    return out


def feed_of_articles(lib: Library) -> dict[str, int]:
    """article id -> the feed that brought it first (for grouping by feed)."""
    return {
        r[0]: int(r[1])
        for r in lib.execute(
            "SELECT article_id, MIN(feed_id) FROM feed_entries GROUP BY article_id"
        )
    }


# --- replacing an entry's article ------------------------------------------------


def move_user_state(lib: Library, old: str, new: str, paragraphs: int) -> None:
    """The user's marks on a replaced article follow it to its new version: selected
    passages (clamped to its paragraphs), the reading position, read state and star."""
    last = max(0, paragraphs - 1)
    db = lib
    rows = db.execute(
        "SELECT selection, position, paragraph, note FROM selection_items WHERE article_id = ?",
        (old,),
    ).fetchall()
    for selection, position, paragraph, note in rows:
        db.execute(
            "INSERT OR IGNORE INTO selection_items (selection, position, article_id, paragraph, "
            "note) VALUES (?, ?, ?, ?, ?)",
            (selection, position, new, min(int(paragraph), last), note),
        )
    db.execute("DELETE FROM selection_items WHERE article_id = ?", (old,))
    db.execute("UPDATE OR IGNORE positions SET article_id = ? WHERE article_id = ?", (new, old))
    db.execute(
        "UPDATE positions SET paragraph = MIN(paragraph, ?) WHERE article_id = ?", (last, new)
    )
    db.execute("UPDATE OR IGNORE article_state SET article_id = ? WHERE article_id = ?", (new, old))
    db.execute("DELETE FROM positions WHERE article_id = ?", (old,))
    db.execute("DELETE FROM article_state WHERE article_id = ?", (old,))


# --- read state -------------------------------------------------------------------


def mark_read(lib: Library, ids: Iterable[str], read: bool = True) -> int:
    """Mark articles read (or unread again); the number whose state changed."""
    ids = list(dict.fromkeys(ids))
    when = now_iso()
    changed = 0
    with lib.transaction():
        for aid in ids:
            if read:
                cur = lib.execute(
                    "INSERT INTO article_state (article_id, read_at) VALUES (?, ?) "
                    "ON CONFLICT (article_id) DO UPDATE SET read_at = excluded.read_at "
                    "WHERE read_at IS NULL",
                    (aid, when),
                )
            else:
                cur = lib.execute(
                    "UPDATE article_state SET read_at = NULL WHERE article_id = ? "
                    "AND read_at IS NOT NULL",
                    (aid,),
                )
            changed += cur.rowcount
    return changed


def set_starred(lib: Library, ids: Iterable[str], starred: bool = True) -> None:
    with lib.transaction():
        for aid in dict.fromkeys(ids):
            lib.execute(
                "INSERT INTO article_state (article_id, starred) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET starred = excluded.starred",
                (aid, int(starred)),
            )


def read_ids(lib: Library) -> set[str]:
    return {
        r[0]
        for r in lib.execute("SELECT article_id FROM article_state WHERE read_at IS NOT NULL")
    }


def starred_ids(lib: Library) -> set[str]:
    return {r[0] for r in lib.execute("SELECT article_id FROM article_state WHERE starred")}


def unread_count(lib: Library) -> int:
    return int(
        lib.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN article_state s ON s.article_id = a.id "
            "WHERE s.read_at IS NULL"
        ).fetchone()[0]
    )


def new_since_update(lib: Library) -> set[str]:
    """Articles the latest update brought (stored after it began)."""
    raw = lib.get_meta(PREVIOUS_SEQ)
    if raw is None:
        return set()
    return {r[0] for r in lib.execute("SELECT id FROM articles WHERE seq > ?", (int(raw),))}


def begin_update(lib: Library) -> None:
    """Remember where the library stood, so "new since the last update" can be told."""
    with lib.transaction():
        seq = lib.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
        lib.set_meta(PREVIOUS_SEQ, str(int(seq)))
        lib.set_meta(LAST_UPDATE, now_iso())


# --- removing articles ------------------------------------------------------------


def removed_ids(lib: Library) -> set[str]:
    return {r[0] for r in lib.execute("SELECT article_id FROM removed_articles")}


@dataclass
class RemovedArticle:
    """What removing one article took from the library, kept to put it back (undo)."""

    article_id: str
    rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]  # table -> (columns, rows)


def remove_articles(
    lib: Library, ids: Iterable[str], keep: list[RemovedArticle] | None = None
) -> list[str]:
    """Take articles out of the library for good: every holder lets go, and a later
    ingest or update does not bring them back. Their read state is kept. Returns the
    ids removed (unknown ones are skipped); with `keep`, what each removal took is
    appended to it, for `restore_articles`."""
    done: list[str] = []
    when = now_iso()
    with lib.transaction():
        for aid in dict.fromkeys(ids):
            if not lib.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
                continue
            if keep is not None:
                keep.append(_snapshot(lib, aid))
            lib.execute(
                "INSERT OR IGNORE INTO removed_articles (article_id, removed_at) VALUES (?, ?)",
                (aid, when),
            )
            lib.execute("DELETE FROM file_articles WHERE article_id = ?", (aid,))
            lib.execute("DELETE FROM selection_items WHERE article_id = ?", (aid,))
            if lib.remove_if_orphan(aid):
                done.append(aid)
    return done


def _snapshot(lib: Library, article_id: str) -> RemovedArticle:
    """The article's rows: itself, what is derived from it, and what holds it."""
    rows = lib.article_rows(article_id)
    cur = lib.execute("SELECT * FROM selection_items WHERE article_id = ?", (article_id,))
    held = cur.fetchall()
    if held:
        rows["selection_items"] = ([d[0] for d in cur.description], [tuple(r) for r in held])
    return RemovedArticle(article_id, rows)


def restore_articles(lib: Library, kept: Sequence[RemovedArticle]) -> list[str]:
    """Put removed articles back as they were (the reader's undo); the ids restored.
    Call `tui.pipeline.index_changes` with them once committed."""
    back: list[str] = []
    with lib.transaction():
        for removed in kept:
            if lib.execute(
                "SELECT 1 FROM articles WHERE id = ?", (removed.article_id,)
            ).fetchone():
                continue  # stored again since (by an ingest or update)
            lib.put_back_rows(removed.rows)
            lib.execute(
                "DELETE FROM removed_articles WHERE article_id = ?", (removed.article_id,)
            )
            back.append(removed.article_id)
    return back


def remove_source(lib: Library, path: str) -> list[str]:
    """Forget an ingested file: its articles that nothing else holds go (not for good:
    ingesting the file again brings them back). Returns the ids removed."""
    removed: list[str] = []
    with lib.transaction():
        held = [
            r[0]
            for r in lib.execute("SELECT article_id FROM file_articles WHERE path = ?", (path,))
        ]
        lib.execute("DELETE FROM file_articles WHERE path = ?", (path,))
        lib.execute("DELETE FROM files WHERE path = ?", (path,))
        for aid in held:
            if lib.remove_if_orphan(aid):
                removed.append(aid)
    return removed


# --- what is new since a time -------------------------------------------------------


def articles_since(lib: Library, when: str) -> set[str]:
    """Articles that came into the library at or after `when` (ISO date or time, UTC)."""
    return lib.articles_since(when)


def _brief_key(what: str) -> str:
    return f"briefs.last_compiled:{what}"


def last_brief(lib: Library, what: str) -> tuple[str, int] | None:
    """When a brief of `what` (a selection or a query) was last compiled (ISO, UTC), and
    the library's last article then (articles.seq): what came after is new to it."""
    raw = lib.get_meta(_brief_key(what))
    at, _, seq = (raw or "").partition(" ")
    return (at, int(seq)) if raw and seq.isdigit() else None


def articles_after(lib: Library, seq: int) -> set[str]:
    """Articles stored after the one numbered `seq` (articles.seq)."""
    return lib.articles_after(seq)


def library_seq(lib: Library) -> int:
    return lib.last_seq()


def record_brief(lib: Library, what: str, when: str, seq: int) -> None:
    with lib.transaction():
        lib.set_meta(_brief_key(what), f"{when} {seq}")
